#!/usr/bin/env python3
"""Checks the licence of every crate in the dependency graph (offline, from `cargo metadata`).

Fails when a crate has no licence or one outside the allow-list (permissive licences only:
zhproof ships as MIT OR Apache-2.0 and is linked into closed CMS products)."""
import json
import re
import subprocess
import sys

ALLOWED = {
    "MIT", "Apache-2.0", "Apache-2.0 WITH LLVM-exception", "BSD-2-Clause", "BSD-3-Clause",
    "ISC", "Zlib", "Unicode-3.0", "Unicode-DFS-2016", "Unlicense", "CC0-1.0", "BSL-1.0",
    "MPL-2.0", "0BSD", "CDLA-Permissive-2.0",
}


def acceptable(expr: str) -> bool:
    # An SPDX expression is fine when every OR-branch... simplified: for `A OR B` one allowed
    # branch suffices; for `A AND B` all must be allowed.
    expr = expr.replace("/", " OR ").replace("(", " ").replace(")", " ")
    for branch in re.split(r"\s+OR\s+", expr):
        parts = [p.strip() for p in re.split(r"\s+AND\s+", branch) if p.strip()]
        if parts and all(p in ALLOWED for p in parts):
            return True
    return False


def main() -> int:
    meta = json.loads(subprocess.check_output(
        ["cargo", "metadata", "--format-version", "1"], text=True))
    bad = []
    for pkg in meta["packages"]:
        lic = pkg.get("license")
        if pkg.get("source") is None:
            continue  # our own crates
        if not lic or not acceptable(lic):
            bad.append(f"{pkg['name']} {pkg['version']}: {lic!r}")
    n = sum(1 for p in meta["packages"] if p.get("source"))
    if bad:
        print("crates with missing or disallowed licences:\n  " + "\n  ".join(bad))
        return 1
    print(f"licences ok: {n} third-party crates")
    return 0


if __name__ == "__main__":
    sys.exit(main())
