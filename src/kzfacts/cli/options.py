"""Options shared by several commands."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from kzfacts.formats.render import FindingFormat


class OutputFormat(StrEnum):
    TEXT = "text"
    JSON = "json"


FormatOption = Annotated[OutputFormat, typer.Option("--format", help="Output: text or json.")]


class FailOn(StrEnum):
    ERROR = "error"
    WARNING = "warning"


FailOnOption = Annotated[
    FailOn,
    typer.Option("--fail-on", help="Exit 1 when a finding of this severity or worse exists."),
]
FindingFormatOption = Annotated[
    FindingFormat,
    typer.Option(
        "--format",
        help="Output: text (a report), json (one object), sarif (SARIF 2.1.0) or github "
        "(workflow annotations).",
    ),
]
ByOption = Annotated[
    str | None,
    typer.Option(
        "--by",
        help="Who makes the change, for the fact's history (default: $KZFACTS_USER, else the "
        "login name).",
    ),
]
DRY_RUN_NOTE = "dry run: nothing was written"
DryRunOption = Annotated[
    bool,
    typer.Option("--dry-run", help="Check everything and print the verdict, but write nothing."),
]
MaxGapOption = Annotated[
    int,
    typer.Option(
        "--max-gap",
        min=1,
        help="How many characters an elision ('...', '…', '[...]') may span between two "
        "fragments of a quote (default 400). Audit with the same value.",
    ),
]
