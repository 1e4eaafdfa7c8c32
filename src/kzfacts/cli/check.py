"""kzfacts CLI: `kzfacts check FILE...`, drafts whose claims must cite facts."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from kzfacts.checks.drafts import DraftResult
from kzfacts.checks.findings import Finding, Severity, worst_at_or_above
from kzfacts.cli.context import app_context, fail, handle_errors
from kzfacts.cli.options import FailOn, FailOnOption
from kzfacts.formats.claimreviews import ReviewedDraft, claim_reviews
from kzfacts.formats.exports import to_json_ld
from kzfacts.formats.render import FindingFormat, render_findings
from kzfacts.formats.report import audit_summary
from kzfacts.services.drafts import (
    DraftCheck,
    cited_sentences,
    front_matter,
    load_fact_base,
    read_draft,
    source_urls,
)


def _read_all(files: list[Path]) -> list[tuple[str, str]]:
    """Every draft's text before the database is opened: one bad path is a usage error."""
    drafts: list[tuple[str, str]] = []
    for path in files:
        label = path.as_posix()
        if path.is_dir():
            raise fail(f"{label} is a folder: give the draft files (e.g. {label}/*.md)", 2)
        try:
            drafts.append((label, read_draft(path)))
        except FileNotFoundError:
            raise fail(f"no such draft file: {label}", 2) from None
        except UnicodeDecodeError:
            raise fail(f"cannot read {label}: not UTF-8 text", 2) from None
        except OSError as exc:
            raise fail(f"cannot read {label}: {exc.strerror or exc}", 2) from None
    return drafts


def _summary(results: list[DraftResult], findings: list[Finding], facts: int) -> dict[str, Any]:
    return audit_summary(
        findings,
        files=len(results),
        sentences=sum(r.sentences for r in results),
        claims=sum(r.claims for r in results),
        citations=sum(r.citations for r in results),
        suppressions=sum(r.suppressions for r in results),
        suppressed=sum(len(r.suppressed) for r in results),
        facts=facts,
    )


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _totals(summary: dict[str, Any]) -> str:
    return (
        f"checked {_count(summary['files'], 'file')}: {_count(summary['sentences'], 'sentence')}, "
        f"{_count(summary['claims'], 'claim')}, {_count(summary['citations'], 'citation')}; "
        f"{_count(summary['suppressions'], 'suppression')} silenced "
        f"{_count(summary['suppressed'], 'finding')}"
    )


def _for_text(findings: list[Finding]) -> list[Finding]:
    """The text report groups by `source` and sorts by `fact`: for a draft, the file and the
    line:column (right-aligned, so that they sort in line order)."""
    width = max((len(str(f.location.line)) for f in findings if f.location), default=1)
    shown: list[Finding] = []
    for finding in findings:
        location = finding.location
        if location is None:
            shown.append(finding)
            continue
        detail = {k: v for k, v in finding.detail.items() if k != "quote"}  # in the message
        place = f"{location.line:>{width}}:{location.column}"
        shown.append(replace(finding, source=location.path, fact=place, detail=detail))
    return shown


class CheckFormat(StrEnum):
    """The finding formats, and reviews of the cited sentences."""

    TEXT = FindingFormat.TEXT.value
    JSON = FindingFormat.JSON.value
    SARIF = FindingFormat.SARIF.value
    GITHUB = FindingFormat.GITHUB.value
    CLAIMREVIEW = "claimreview"


def _claim_reviews(
    drafts: list[tuple[str, str]], results: list[DraftResult], fact_urls: dict[str, str]
) -> str:
    reviewed = [
        ReviewedDraft(label, front_matter(text), cited_sentences(label, text, result.findings))
        for (label, text), result in zip(drafts, results, strict=True)
    ]
    return to_json_ld(claim_reviews(reviewed, fact_urls, datetime.now(UTC).date()))


def register(app: typer.Typer) -> None:
    """Add `kzfacts check` to the main app."""

    @app.command("check")
    @handle_errors
    def check(
        ctx: typer.Context,
        files: Annotated[
            list[Path],
            typer.Argument(
                metavar="FILE...",
                help="Markdown (.md) or plain-text drafts, one or more. Claims cite facts with pandoc "
                "citations: [@fact-id], [@a; @b] or [see @a, p. 2].",
                show_default=False,
            ),
        ],
        output_format: Annotated[
            CheckFormat,
            typer.Option(
                "--format",
                help="Output: text (a report), json (one object), sarif (SARIF 2.1.0), github "
                "(workflow annotations) or claimreview (schema.org ClaimReview JSON-LD of each "
                "sentence that cites facts).",
            ),
        ] = CheckFormat.TEXT,
        fail_on: FailOnOption = FailOn.ERROR,
    ) -> None:
        """Check drafts: every sentence stating a number, date, duration, amount or percent must
        cite a fact, and what it says must agree with the facts it cites.

        Suppress with <!-- kzfacts off --> … <!-- kzfacts on --> or
        <!-- kzfacts ignore-next-line reason="…" -->; suppressions are counted in the summary.
        """
        drafts = _read_all(files)
        context = app_context(ctx)
        database = context.sqlite_path()
        if database is not None and not database.exists():
            raise fail(
                f"no database at {database} to check the drafts against: create it with "
                "`kzfacts init && kzfacts load FOLDER` (or set KZFACTS_DB to yours)",
                2,
            )
        with DraftCheck(drafts) as checking:  # reads the sentences while the facts load
            with context.quick_read() as facts:  # an SQLite file through sqlite3
                base = load_fact_base(facts, checking.cited)
                fact_urls = source_urls(facts) if output_format is CheckFormat.CLAIMREVIEW else {}
            fact_count = len(base)
            results = checking.run(base)
            del base  # freed before the collector runs again (`DraftCheck`)
        for result in results:
            for problem in result.problems:
                typer.echo(f"kzfacts: {problem}", err=True)
        findings = [f for r in results for f in r.findings]
        summary = _summary(results, findings, fact_count)
        if output_format is CheckFormat.CLAIMREVIEW:
            typer.echo(_claim_reviews(drafts, results, fact_urls), nl=False)
        elif output_format is CheckFormat.TEXT:
            report = render_findings(_for_text(findings), summary, FindingFormat.TEXT)
            typer.echo(report)
            typer.echo(_totals(summary))
        else:
            typer.echo(
                render_findings(
                    findings,
                    summary,
                    FindingFormat(output_format.value),
                    run_kind="check",
                    base=Path.cwd().resolve(),
                )
            )
        if worst_at_or_above(findings, Severity(fail_on.value)):
            raise typer.Exit(1)
