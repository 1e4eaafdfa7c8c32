"""Regular expressions compiled on their first use.

Compiling a pattern costs far more than importing the module that holds it, and most commands
never read a value: the value parser's modules (and the checks' patterns that only a rare case
reaches) hold `Lazy` patterns, so importing them compiles nothing. (The parser's big patterns
are built and compiled per text: see `values.scan`.)
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

_METHODS = ("match", "fullmatch", "search", "finditer", "findall", "split", "sub")


class Lazy:
    """A regular expression compiled on its first use, with the methods of `re.Pattern` its
    users call. The first call of one compiles the pattern and keeps its methods as the
    object's own attributes: later calls go straight to them."""

    match: Callable[..., re.Match[str] | None]
    fullmatch: Callable[..., re.Match[str] | None]
    search: Callable[..., re.Match[str] | None]
    finditer: Callable[..., Iterator[re.Match[str]]]
    findall: Callable[..., list[Any]]
    split: Callable[..., list[str]]
    sub: Callable[..., str]

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern = pattern
        self.flags = flags

    def __getattr__(self, name: str) -> Any:
        if name not in _METHODS:
            raise AttributeError(name)
        compiled = re.compile(self.pattern, self.flags)
        for method in _METHODS:
            setattr(self, method, getattr(compiled, method))
        return getattr(compiled, name)
