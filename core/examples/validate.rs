//! Reads `kind<TAB>value` lines on stdin and prints `ok` or the reason each value is
//! invalid (`length`, `format`, `checksum`, `date`, `region`, `prefix`), one line each.
//! Kinds: `ric` (18-digit resident ID), `ric15` (legacy ID), `uscc`, `luhn`, `card`,
//! `mobile`. Used by `tests/oracle/stdnum_oracle.py`.
//!
//! ```text
//! printf 'ric\t11010519491231002X\n' | cargo run -q -p zhproof --example validate
//! ```

use std::io::{self, BufRead, BufWriter, Write};
use zhproof::privacy::{
    validate_bank_card, validate_legacy_resident_id, validate_luhn, validate_mobile,
    validate_resident_id, validate_uscc, InvalidReason,
};

fn main() -> io::Result<()> {
    let stdin = io::stdin();
    let mut out = BufWriter::new(io::stdout().lock());
    for line in stdin.lock().lines() {
        let line = line?;
        let (kind, value) = line.split_once('\t').unwrap_or(("", line.as_str()));
        let r: Result<(), InvalidReason> = match kind {
            "ric" => validate_resident_id(value),
            "ric15" => validate_legacy_resident_id(value),
            "uscc" => validate_uscc(value),
            "luhn" => validate_luhn(value),
            "card" => validate_bank_card(value),
            "mobile" => validate_mobile(value),
            other => {
                writeln!(out, "unknown kind {other}")?;
                continue;
            }
        };
        match r {
            Ok(()) => writeln!(out, "ok")?,
            Err(e) => writeln!(out, "{e}")?,
        }
    }
    out.flush()
}
