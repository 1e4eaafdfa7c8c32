"""Regular expressions compiled on their first use.

Compiling a pattern costs far more than importing the module that holds it, and most commands
never read a value: the value parser's modules hold `Lazy` patterns, so importing them compiles
nothing. (The parser's big patterns are built and compiled per text: see `values.scan`.)
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator


class Lazy:
    """A regular expression compiled on its first use: importing the value parser compiles none.

    Has the methods of `re.Pattern` the parser calls.
    """

    __slots__ = ("_compiled", "flags", "pattern")

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern = pattern
        self.flags = flags
        self._compiled: re.Pattern[str] | None = None

    @property
    def regex(self) -> re.Pattern[str]:
        compiled = self._compiled
        if compiled is None:
            compiled = self._compiled = re.compile(self.pattern, self.flags)
        return compiled

    def match(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.regex.match(text, pos, endpos)

    def fullmatch(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.regex.fullmatch(text, pos, endpos)

    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.regex.search(text, pos, endpos)

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        return self.regex.finditer(text)

    def split(self, text: str) -> list[str]:
        return self.regex.split(text)
