"""A finding's message as every report words it (one home, for text, SARIF and annotations)."""

from __future__ import annotations

from kzfacts.checks.findings import Finding
from kzfacts.text.pages import page_label


def headline(finding: Finding) -> str:
    """ "across (pp. 7–8): the quote differs …": the fact, the pages its quote covers in a PDF
    (a finding on a PDF stands on the whole file, so the page is the only way to the quote),
    then the message; a finding about no fact is its message alone."""
    if not finding.fact:
        return finding.message
    detail = finding.detail
    page = f" ({page_label(detail['page'], detail.get('last_page'))})" if "page" in detail else ""
    return f"{finding.fact}{page}: {finding.message}"
