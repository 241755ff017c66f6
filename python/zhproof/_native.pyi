from collections.abc import Iterable

from typing_extensions import final

from . import Finding as Finding

__all__ = [
    "Finding",
    "NativeChecker",
    "PendingBatch",
    "_panic_for_test",
    "convert",
    "default_threads",
    "mask",
    "rules_json",
    "explain",
    "cli_main",
    "constants_json",
    "__version__",
]

__version__: str

@final
class NativeChecker:
    def __new__(cls, config_json: str) -> NativeChecker: ...
    @property
    def config_json(self) -> str: ...
    def check(self, text: str) -> list[Finding]: ...
    def check_html(self, html: str, check_code: bool = False) -> list[Finding]: ...
    def mask(self, text: str) -> str: ...
    def check_batch(
        self,
        texts: Iterable[str],
        threads: int | None = None,
        html: bool = False,
        max_items: int = 256,
        first_index: int = 0,
    ) -> list[list[Finding]]: ...
    def submit(
        self,
        texts: Iterable[str],
        threads: int | None = None,
        html: bool = False,
        max_items: int = 256,
        first_index: int = 0,
    ) -> PendingBatch: ...

@final
class PendingBatch:
    def __len__(self) -> int: ...
    def wait(self) -> list[list[Finding]]: ...

def default_threads() -> int: ...
def _panic_for_test() -> None: ...
def convert(text: str, to: str) -> str: ...
def mask(text: str) -> str: ...
def rules_json() -> str: ...
def explain(rule: str) -> str: ...
def cli_main(argv: list[str]) -> int: ...
def constants_json() -> str: ...
