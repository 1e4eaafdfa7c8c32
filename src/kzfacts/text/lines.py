"""Where the lines of a text break: one rule (a line ends at LF, CRLF or a lone CR) for the
sources' findings and the drafts' places."""

from __future__ import annotations

import bisect
import re

LINE_BREAK = re.compile(r"\r\n?|\n")


class LineBreaks:
    """A text's line breaks, to place many offsets in it: `place(offset)` is the 1-based line
    and column that `checks.findings.locate` gives (a line ends at LF, CRLF or a lone CR), found
    by bisection rather than by counting from the start of the text."""

    def __init__(self, text: str) -> None:
        breaks = [(m.start(), m.end()) for m in LINE_BREAK.finditer(text)]
        self._starts = [start for start, _end in breaks]
        self._ends = [end for _start, end in breaks]

    def place(self, offset: int) -> tuple[int, int]:
        before = bisect.bisect_left(self._starts, offset)  # breaks that begin before `offset`
        line_start = min(self._ends[before - 1], offset) if before else 0  # inside a CRLF: after CR
        return before + 1, offset - line_start + 1
