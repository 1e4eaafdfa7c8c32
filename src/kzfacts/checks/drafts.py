"""Drafts: Markdown or plain-text prose whose every checkable claim must cite a fact.

A draft cites facts with pandoc's citation syntax, fact ids as keys: `[@zhovtis-sentence]`,
`[@a; @b]`, `[see @a, p. 2]`. `check_draft` reads the prose as the reader sees it — front
matter, code and markup masked to spaces, so every offset still points into the file — splits it
into sentences, finds the values each sentence states with the same parser that checks facts'
quotes, and reports:

- `unsourced-claim`: a sentence states a value and cites no fact (with up to three facts whose
  entity and value match the sentence, found through indexes, never by comparing every fact);
- `unknown-fact`: a cited id is not a fact;
- `claim-mismatch`: the sentence states a value of the cited fact's type and none of those
  values can be the fact's ("five years" citing a four-year sentence);
- `cites-broken-fact`: the cited fact failed the last audit;
- `cites-removed-fact`: the cited fact was removed (with the editor's reason).

Suppressions work as in prose linters (`<!-- kzfacts off -->` … `<!-- kzfacts on -->`,
`<!-- kzfacts ignore-next-line reason="…" -->`) and are counted, so a CI log shows how much was
silenced. Pure: text and facts in, findings out.

This module owns the check and its findings; it reads the draft through `checks.prose` (and
`checks.masking`), picks claims with `checks.claims` and looks facts up in `checks.fact_index`.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date

from kzfacts.checks.claims import claims_in, comparable_mentions, may_state_a_value
from kzfacts.checks.fact_index import FactBase, FactRow
from kzfacts.checks.findings import Code, Finding, Location
from kzfacts.checks.masking import Citation, Directive, line_spans
from kzfacts.checks.prose import Draft, Sentence, is_markdown, parse_draft
from kzfacts.values import Value, ValueType, find_values, overlaps

# A date without a year in a draft has no publication date to take one from. Claims are found
# with this stand-in year; a yearless date is compared with a fact only after taking the year of
# the fact's source (as the fact itself did).
_STAND_IN = date(2000, 1, 1)


@dataclass(frozen=True)
class DraftResult:
    path: str
    findings: list[Finding]
    sentences: int
    claims: int
    citations: int
    suppressions: int
    suppressed: list[Finding]
    problems: list[str]


@dataclass(frozen=True)
class _Raw:
    finding: Finding
    start: int
    end: int
    sentence: tuple[int, int] | None


def _shown(mention: Value) -> str:
    """A mention as the report quotes it: one line, without a possessive's apostrophe."""
    return "'" + " ".join(mention.text.split()).rstrip("'’") + "'"


def _quoted(mentions: Sequence[Value]) -> str:
    return ", ".join(_shown(m) for m in mentions)


def _flat(text: str) -> str:
    return " ".join(text.split())


def _check_citation(citation: Citation, base: FactBase) -> Finding | None:
    fact = base.get(citation.key)
    if fact is None and citation.key in base.removed:
        return Finding(
            Code.CITES_REMOVED_FACT,
            f"cites [@{citation.key}], which was removed: {base.removed[citation.key]} — cite "
            f"another fact (`kzfacts fact history {citation.key}` shows what it said)",
            citation.key,
            detail={"reason": base.removed[citation.key]},
        )
    if fact is None:
        closest = base.closest_ids(citation.key)
        hint = (
            ": did you mean " + " or ".join(f"[@{c}]" for c in closest) + "?"
            if closest
            else ": `kzfacts fact list` shows the ids, `kzfacts fact add` adds a fact"
        )
        return Finding(
            Code.UNKNOWN_FACT,
            f"cites [@{citation.key}], which is not a fact id{hint}",
            citation.key,
            detail={"did_you_mean": closest},
        )
    codes = base.broken.get(fact.id)
    if codes:
        run = f" (run {base.audit_run})" if base.audit_run is not None else ""
        return Finding(
            Code.CITES_BROKEN_FACT,
            f"cites [@{fact.id}], which the last audit{run} found broken: {', '.join(codes)} — "
            "fix the fact or its source, then run `kzfacts audit` again",
            fact.id,
            fact.source_id,
            {"audit_codes": list(codes), "audit_run": base.audit_run},
        )
    return None


def _stated(mention: Value, published: date | None) -> Value | None:
    """The mention as the fact would read it: a yearless date takes the year of its source."""
    if not mention.year_inferred:
        return mention
    if published is None:
        return None
    again = find_values(mention.text, ValueType.DATE, reference=published)
    return replace(again[0], start=mention.start, end=mention.end) if len(again) == 1 else None


def _mismatch(
    said: str, mentions: Sequence[Value], fact: FactRow, value: Value, published: date | None
) -> tuple[Finding, Value] | None:
    """`claim-mismatch` when the sentence states values of the fact's type and none can be it."""
    stated = [
        s for m in mentions if m.type is value.type and (s := _stated(m, published)) is not None
    ]
    if not stated or any(overlaps(s, value) for s in stated):
        return None
    says = ", ".join(f"{_shown(s)} ({s.describe()})" for s in stated)
    quote = _flat(fact.quote or "")
    message = (
        f"the sentence says {says}, but [@{fact.id}] is {fact.value!r} ({value.describe()})"
        + (f'; its source says: "{quote}"' if quote else "")
    )
    detail = {
        "quote": fact.quote,
        "value": fact.value,
        "stated": [s.text for s in stated],
        "sentence": _flat(said),
    }
    return Finding(Code.CLAIM_MISMATCH, message, fact.id, fact.source_id, detail), stated[0]


def _unsourced(sentence: Sentence, said: str, claims: Sequence[Value], base: FactBase) -> Finding:
    suggestions = base.suggest(sentence.text, claims)
    noun = "claim" if len(claims) == 1 else "claims"
    verb = "cites" if len(claims) == 1 else "cite"
    if suggestions:
        hint = "cite the fact that states it, e.g. " + ", ".join(s.describe() for s in suggestions)
    else:
        hint = "cite the fact that states it, or add one with `kzfacts fact add`"
    return Finding(
        Code.UNSOURCED_CLAIM,
        f"{noun} {_quoted(claims)} {verb} no fact: {hint}",
        detail={
            "claims": [m.text for m in claims],
            "sentence": _flat(said),
            "suggestions": [
                {"fact": s.fact, "entity": s.entity, "predicate": s.predicate, "value": s.value}
                for s in suggestions
            ],
        },
    )


_CLAUSE_BREAK = re.compile(r";|,\s+(?:and|while|but|whereas)\b", re.IGNORECASE)
"""Where a sentence's next clause begins: a citation covers the claims of its own clause."""


def _uncovered(sentence: Sentence, claims: Sequence[Value]) -> list[Value]:
    """Claims no citation covers: a citation covers the claims of its own clause that stand
    before it ("on 15 January 2012 [@a], and five officers were convicted in May 2012": the
    second clause is unsourced). A citation after the sentence's stop covers its last clause."""
    breaks = [m.start() for m in _CLAUSE_BREAK.finditer(sentence.text)]
    marks = [
        (bisect.bisect_right(breaks, c.start - sentence.start), c.start - sentence.start)
        for c in sentence.citations
    ]
    return [
        claim
        for claim in claims
        if not any(
            clause == bisect.bisect_right(breaks, claim.start) and at >= claim.end
            for clause, at in marks
        )
    ]


SentenceValues = tuple[list[Value], list[Value]]
"""A sentence's claims and the mentions a cited fact is compared with."""


def _read(text: str, seen: dict[str, SentenceValues]) -> SentenceValues:
    """The claims and comparable mentions of a sentence's prose, parsed once per distinct text:
    drafts repeat sentences ("Police detained … people"), and the parse is the costly part."""
    found = seen.get(text)
    if found is None:
        mentions = find_values(text, reference=_STAND_IN)
        found = seen[text] = (claims_in(text, mentions), comparable_mentions(text, mentions))
    return found


def texts_to_read(draft: Draft) -> list[str]:
    """The distinct sentence texts a check parses for values (those that cite a fact or may
    state a value), so that the parse can be shared out before the check."""
    return list(
        dict.fromkeys(s.text for s in draft.sentences if s.citations or may_state_a_value(s.text))
    )


def read_texts(texts: Iterable[str]) -> dict[str, SentenceValues]:
    """Each sentence text's claims and comparable mentions (what `check_draft` takes as `read`)."""
    seen: dict[str, SentenceValues] = {}
    for text in texts:
        _read(text, seen)
    return seen


def _sentence_findings(
    sentence: Sentence, said: str, base: FactBase, seen: dict[str, SentenceValues]
) -> tuple[list[_Raw], bool]:
    """The sentence's own findings (not its citations'), and whether it states a claim.

    `said` is the sentence as written (with its markup and citations), for the report; `seen`
    holds the parses of the texts read so far.
    """
    cited = bool(sentence.citations)
    if not cited and not may_state_a_value(sentence.text):
        return [], False
    claims, comparable = _read(sentence.text, seen)
    span = (sentence.start, sentence.end)
    raws: list[_Raw] = []
    unsourced = _uncovered(sentence, claims) if cited and claims else claims
    if unsourced:
        first = unsourced[0]
        finding = _unsourced(sentence, said, unsourced, base)
        raws.append(_Raw(finding, sentence.start + first.start, sentence.start + first.end, span))
    compared: set[str] = set()
    for citation in sentence.citations:
        if citation.key in compared or citation.key not in base.facts:
            continue
        compared.add(citation.key)
        value = base.value(citation.key)
        if value is None:
            continue
        fact = base.facts[citation.key]
        found = _mismatch(said, comparable, fact, value, base.published.get(fact.source_id or ""))
        if found is not None:
            finding, where = found
            raws.append(
                _Raw(finding, sentence.start + where.start, sentence.start + where.end, span)
            )
    return raws, bool(claims)


class _Locator:
    """`findings.locate`, with the line starts found once: a draft may have many findings."""

    def __init__(self, path: str, text: str) -> None:
        self.path = path
        self.starts = [0, *(m.end() for m in re.finditer("\n", text))]

    def _point(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.starts, offset)
        return line, offset - self.starts[line - 1] + 1

    def __call__(self, start: int, end: int | None = None) -> Location:
        line, column = self._point(start)
        if end is None:
            return Location(self.path, line, column)
        end_line, end_column = self._point(end)
        return Location(self.path, line, column, end_line, end_column)


def _line_bounds(text: str, line: int) -> tuple[int, int]:
    spans = line_spans(text)
    return spans[line - 1] if 0 < line <= len(spans) else (len(text), len(text))


def _suppressed_by(draft: Draft) -> tuple[list[tuple[int, int]], list[tuple[int, int]], int]:
    """Offset ranges switched off, line ranges to ignore, and how many suppressions there are."""
    regions: list[tuple[int, int]] = []
    ignored: list[tuple[int, int]] = []
    off_at: int | None = None
    count = 0
    lines = draft.text.split("\n")
    for directive in draft.directives:
        if directive.kind == "off":
            count += 1
            if off_at is None:
                off_at = directive.end
        elif directive.kind == "on":
            if off_at is not None:
                regions.append((off_at, directive.start))
                off_at = None
        else:
            count += 1
            target = directive.line  # 0-based index of the line after the directive's
            while target < len(lines) and not lines[target].strip():
                target += 1
            if target < len(lines):
                ignored.append(_line_bounds(draft.text, target + 1))
    if off_at is not None:
        regions.append((off_at, len(draft.text)))
    return regions, ignored, count


def check_draft(
    path: str,
    text: str,
    base: FactBase,
    *,
    markdown: bool | None = None,
    draft: Draft | None = None,
    read: Mapping[str, SentenceValues] | None = None,
) -> DraftResult:
    """Check one draft against the facts; `path` is how findings name the file.

    `draft` is the text already parsed, `read` sentence texts already read (`read_texts`):
    what is not given is done here.
    """
    if draft is None:
        draft = parse_draft(text, markdown=is_markdown(path) if markdown is None else markdown)
    raws: list[_Raw] = []
    claims = 0
    owner: dict[Citation, tuple[int, int]] = {}
    seen: dict[str, SentenceValues] = dict(read or {})
    for sentence in draft.sentences:
        said = text[sentence.start : sentence.end]
        found, claim = _sentence_findings(sentence, said, base, seen)
        raws.extend(found)
        claims += claim
        for citation in sentence.citations:
            owner[citation] = (sentence.start, sentence.end)
    base.expect_unknown(c.key for c in draft.citations)
    for citation in draft.citations:
        problem = _check_citation(citation, base)
        if problem is not None:
            raws.append(_Raw(problem, citation.start, citation.end, owner.get(citation)))

    regions, ignored, count = _suppressed_by(draft)

    def silenced(raw: _Raw) -> bool:
        if any(start <= raw.start < end for start, end in regions):
            return True
        touched = raw.sentence or (raw.start, raw.end)
        return any(touched[0] <= end and start <= touched[1] for start, end in ignored)

    findings: list[Finding] = []
    suppressed: list[Finding] = []
    where = _Locator(path, text)
    for raw in sorted(raws, key=lambda r: (r.start, r.finding.code.value, r.finding.fact or "")):
        located = replace(raw.finding, location=where(raw.start, raw.end))
        (suppressed if silenced(raw) else findings).append(located)
    unmatched = [
        (d.start, "<!-- kzfacts on --> without an earlier <!-- kzfacts off -->")
        for d in _unmatched_on(draft.directives)
    ]
    problems = [
        f"{path}:{where(offset).line}: {message}"
        for offset, message in sorted([*draft.problems, *unmatched])
    ]
    return DraftResult(
        path,
        findings,
        len(draft.sentences),
        claims,
        len(draft.citations),
        count,
        suppressed,
        problems,
    )


def _unmatched_on(directives: Sequence[Directive]) -> list[Directive]:
    off = False
    unmatched: list[Directive] = []
    for directive in directives:
        if directive.kind == "off":
            off = True
        elif directive.kind == "on":
            if not off:
                unmatched.append(directive)
            off = False
    return unmatched
