#!/usr/bin/env python3
"""Oracle test: zhproof's validators against python-stdnum (test dependency, LGPL; nothing
of it is copied into zhproof).

Generates resident ID numbers (stdnum.cn.ric), unified social credit codes
(stdnum.cn.uscc) and bank card numbers (stdnum.luhn), valid and corrupted, runs them
through `cargo run -p zhproof --example validate`, and compares the verdicts.

Verdicts are compared as reasons (ok, length, format, checksum, date, ...). Two documented
policy differences are allowed and counted, never silently:
  * region: stdnum rejects an ID whose county code its own table does not know for the
    birth year; zhproof accepts abolished or unlisted codes when the province prefix is a
    GB/T 2260 province (old IDs keep their codes) and rejects only unknown provinces.
  * date: zhproof also rejects birth dates in the future or before 1850.
Any other difference is a disagreement: the script prints up to 20 and exits 1.

Usage: stdnum_oracle.py [--count N] [--seed S]   (N per kind; default 4000 -> 12,000 values)
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import subprocess
import sys

from stdnum import luhn
from stdnum.cn import ric, uscc
from stdnum.exceptions import (
    InvalidChecksum,
    InvalidComponent,
    InvalidFormat,
    InvalidLength,
)

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
TODAY = datetime.date.today()


def load_regions() -> list[str]:
    codes = []
    with open(os.path.join(ROOT, "dictionaries", "regions.tsv"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            codes.append(line.split("\t")[0])
    return codes


REGIONS = load_regions()
PROVINCES = {c[:2] for c in REGIONS}
COUNTIES = [c for c in REGIONS if not c.endswith("00")]


def corrupt(rng: random.Random, value: str, alphabet: str) -> str:
    """One random corruption of `value`."""
    v = list(value)
    how = rng.randrange(9)
    i = rng.randrange(len(v))
    if how == 0:  # change one character
        v[i] = rng.choice([c for c in alphabet if c != v[i]])
    elif how == 1 and len(v) > 1:  # swap two neighbours
        j = min(i + 1, len(v) - 1)
        v[i], v[j] = v[j], v[i]
    elif how == 2:  # drop one
        del v[i]
    elif how == 3:  # insert one
        v.insert(i, rng.choice(alphabet))
    elif how == 4:  # a letter outside the alphabet
        v[i] = rng.choice("IOSVZ?")
    elif how == 5:  # lower case
        return value.lower()
    elif how == 6:  # last character X
        v[-1] = "X"
    elif how == 7:  # fully random of the same length
        v = [rng.choice(alphabet) for _ in v]
    else:  # two changes
        v[i] = rng.choice(alphabet)
        k = rng.randrange(len(v))
        v[k] = rng.choice(alphabet)
    return "".join(v)


def gen_ids(rng: random.Random, n: int) -> list[str]:
    out = []
    start = datetime.date(1930, 1, 1).toordinal()
    end = TODAY.toordinal()
    for k in range(n):
        region = rng.choice(COUNTIES)
        birth = datetime.date.fromordinal(rng.randrange(start, end + 1))
        body = f"{region}{birth:%Y%m%d}{rng.randrange(1000):03d}"
        valid = body + ric.calc_check_digit(body + "0")
        if k % 10 == 0:
            valid = valid[:-1] + valid[-1].lower()
        out.append(valid if k % 2 == 0 else corrupt(rng, valid, "0123456789"))
    return out


def gen_usccs(rng: random.Random, n: int) -> list[str]:
    out = []
    for k in range(n):
        head = rng.choice("123456789") + rng.choice("0123456789") + rng.choice(COUNTIES)
        body = head + "".join(rng.choice(USCC_ALPHABET) for _ in range(9))
        valid = body + uscc.calc_check_digit(body)
        out.append(valid if k % 2 == 0 else corrupt(rng, valid, USCC_ALPHABET))
    return out


def gen_cards(rng: random.Random, n: int) -> list[str]:
    out = []
    prefixes = ["62", "4", "51", "55", "2221", "3528", "6013", "9558", "1", "7"]
    for k in range(n):
        length = rng.randrange(16, 20)
        p = rng.choice(prefixes)
        body = p + "".join(rng.choice("0123456789") for _ in range(length - len(p) - 1))
        valid = body + luhn.calc_check_digit(body)
        out.append(valid if k % 2 == 0 else corrupt(rng, valid, "0123456789"))
    return out


def stdnum_reason(kind: str, value: str) -> str:
    try:
        if kind == "ric":
            ric.validate(value)
        elif kind == "uscc":
            uscc.validate(value)
        else:
            luhn.validate(value)
        return "ok"
    except InvalidLength:
        return "length"
    except InvalidFormat:
        return "format"
    except InvalidChecksum:
        return "checksum"
    except (InvalidComponent, KeyError):
        # stdnum 2.2 raises KeyError for a prefecture-level code (no county entry): it is
        # still a rejection of the birth place.
        try:
            ric.get_birth_date(value)
        except InvalidComponent:
            return "date"
        return "place"


def date_policy(value: str) -> bool:
    """True when the ID's birth date is a real date in the future or before 1850."""
    try:
        d = datetime.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return False
    return d > TODAY or d.year < 1850


def run_zhproof(lines: list[str]) -> list[str]:
    cmd = ["cargo", "run", "-q", "-p", "zhproof", "--example", "validate"]
    proc = subprocess.run(
        cmd, cwd=ROOT, input="\n".join(lines) + "\n", capture_output=True, text=True, check=False
    )
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr)
        raise SystemExit(f"oracle: `{' '.join(cmd)}` failed with {proc.returncode}")
    return proc.stdout.splitlines()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, default=4000, help="values per kind")
    ap.add_argument("--seed", type=int, default=20261129)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    cases = [("ric", v) for v in gen_ids(rng, args.count)]
    cases += [("uscc", v) for v in gen_usccs(rng, args.count)]
    cases += [("luhn", v) for v in gen_cards(rng, args.count)]
    got = run_zhproof([f"{k}\t{v}" for k, v in cases])
    if len(got) != len(cases):
        print(f"oracle: expected {len(cases)} verdicts, got {len(got)}")
        return 1
    stats: dict[str, dict[str, int]] = {}
    policy = {"region": 0, "date": 0}
    bad = []
    for (kind, value), mine in zip(cases, got):
        theirs = stdnum_reason(kind, value)
        s = stats.setdefault(kind, {"total": 0, "valid": 0, "invalid": 0, "agree": 0})
        s["total"] += 1
        s["valid" if theirs == "ok" else "invalid"] += 1
        if mine == theirs:
            s["agree"] += 1
            continue
        if kind == "ric" and theirs == "place" and mine in ("ok", "region"):
            if mine == "region" or value[:2] in PROVINCES:
                policy["region"] += 1
                continue
        if kind == "ric" and mine == "date" and theirs in ("ok", "place") and date_policy(value):
            policy["date"] += 1
            continue
        bad.append((kind, value, theirs, mine))
    for kind, s in stats.items():
        print(
            f"oracle {kind:5}: {s['total']} values ({s['valid']} valid, {s['invalid']} invalid "
            f"per stdnum), {s['agree']} same reason"
        )
    print(
        f"oracle policy differences: {policy['region']} abolished/unlisted county codes accepted, "
        f"{policy['date']} future/pre-1850 birth dates rejected"
    )
    print(f"oracle: {len(cases)} values, {len(bad)} disagreements")
    for kind, value, theirs, mine in bad[:20]:
        print(f"  DISAGREE {kind} {value!r}: stdnum={theirs} zhproof={mine}")
    print(f"oracle: {len(cases) - len(bad)} passed, {len(bad)} failed")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
