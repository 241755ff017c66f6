//! The `zhproof` binary: the command line of [`zhproof_cli::run`].

use std::process::ExitCode;

fn main() -> ExitCode {
    ExitCode::from(zhproof_cli::run(std::env::args_os()))
}
