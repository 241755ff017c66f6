"""``python -m zhproof`` (and the ``zhproof-py`` script): the ``zhproof`` command line,
for people who installed only the wheel.

It is the Rust CLI itself, compiled into the extension (``zhproof_cli::run``): every
subcommand, option, output format and exit status is that of the ``zhproof`` binary, byte
for byte (``check``, ``mask``, ``convert``, ``rules``, ``explain``, ``audit``; ``serve`` is left out of
the wheel).

Exit status: 0 = no finding of severity warning or error, 1 = some, 2 = usage or I/O error
(a message on stderr names the file; the other files are still checked).
"""

from __future__ import annotations

import sys
from typing import Sequence

from . import _native


def main(argv: Sequence[str] | None = None) -> int:
    """Runs the command line ``argv`` (default: ``sys.argv[1:]``) and returns the exit
    status. The CLI writes straight to the process's standard output and error (file
    descriptors 1 and 2, not ``sys.stdout``). As in the binary, from the first call on,
    SIGINT or SIGTERM removes unfinished ``-o`` reports and ends the process (status 130 or
    143) instead of raising ``KeyboardInterrupt``."""
    args = list(sys.argv[1:] if argv is None else argv)
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    return int(_native.cli_main(["zhproof", *args]))


if __name__ == "__main__":
    sys.exit(main())
