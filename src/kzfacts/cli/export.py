"""kzfacts CLI: export commands (registered on the main app by `register`)."""

from __future__ import annotations

import typer


def register(app: typer.Typer, fact_app: typer.Typer) -> None:
    """Add this module's commands to the main app (`fact_app` is `kzfacts fact`)."""
