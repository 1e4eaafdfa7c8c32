"""Errors a user can cause. The CLI prints the message on one line and exits 1 or 2."""

from __future__ import annotations

import re
import unicodedata

from kzfacts.checks.findings import Finding


class Refused(Exception):
    """Input refused (exit 1): the message names the input and how to fix it."""

    def __init__(self, message: str, findings: list[Finding] | None = None) -> None:
        super().__init__(message)
        self.findings = findings or []


class BadPath(Refused):
    """A file or folder given to a command that names nothing, or not the kind it takes (a
    folder for a file): a usage error (exit 2), as click reports a path argument that does not
    exist; what a file holds is refused with 1."""


# Control and format characters (NUL, escape sequences, right-to-left overrides, zero-width
# joiners) make a name or value display as something other than what is stored.
_INVISIBLE_IN_QUOTES = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")


def refuse_invisible(field_name: str, value: str, *, multiline: bool = False) -> None:
    """Refuse control and direction characters; quotes and notes may hold line breaks and
    the soft hyphens and zero-width spaces that text copied from PDFs carries."""
    if multiline:
        found = _INVISIBLE_IN_QUOTES.search(value)
        bad = found.group(0) if found else None
    elif value.isprintable():  # the usual case, decided in one C-level pass
        bad = None
    else:
        bad = next((c for c in value if unicodedata.category(c) in ("Cc", "Cf")), None)
    if bad is not None:
        raise Refused(
            f"{field_name} {value!r} contains a control or direction character "
            f"(U+{ord(bad):04X}): remove it"
        )
