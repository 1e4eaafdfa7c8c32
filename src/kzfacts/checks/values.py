"""Value checks: is a fact's value what its quote says?"""

from __future__ import annotations

import calendar
import math
import re
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache

from kzfacts.checks.findings import Code, Finding
from kzfacts.checks.guessed_years import after_source, ahead_cue, ahead_message, covers_both
from kzfacts.text.normalize import normalize, plain_forms
from kzfacts.text.running import running_text
from kzfacts.values import (
    Value,
    ValueParseError,
    ValueType,
    find_values,
    parse_value,
    scan,
    supports,
)
from kzfacts.values.binding import PREDICATE_WORDS, Bound, bind, rivals
from kzfacts.values.date_specs import YearRule

#: How far past the quote's edges a value it cuts is read whole ("about" before "300").
_EDGE = 24
#: Token flags of words a value is made of: numbers, months, units, currencies, "dozens".
_VALUE_FLAGS = scan.NUMBER | scan.MONTH | scan.UNIT | scan.CUR | scan.QWORD | scan.A
_EDGE_PUNCTUATION = "\"'“”‘’(),.;:"
#: How far past the window, within its sentence, a lone value's clause is read for the words
#: that bind it to a predicate ("officers detained [about eighty people]").
_CLAUSE_REACH = 100
#: How far before a date without a year the year it takes is looked for (`_year_before`).
_YEAR_REACH = 2000
#: A paragraph ends at a blank line after the end of a sentence.
_PARAGRAPH_END = re.compile(r"[.!?:][\"'”’)]*[ \t]*\n[ \t]*\n")
#: A year as a date states it (not "2,000" or "no.2004"), and the month and day before it:
#: "2002", "July 2004", "February 9, 2005", "11 December 2004".
_YEAR = re.compile(r"(?<![\w.,/\\-])(?:1[89]|20)\d\d(?![\w,]\d|\w)")
_MONTH_DAY = re.compile(
    rf"(?:\d{{1,2}}\s+)?(?:{'|'.join(calendar.month_name[1:])})\s+(?:\d{{1,2}},?\s+)?\Z"
)
#: Words that make the number after them a reference, not a count: "article 355", "section 2",
#: "No. 5", "p. 12".
_REFERENCE = re.compile(
    r"(?<![\w-])(?:articles?|sections?|subsections?|paragraphs?|clauses?|chapters?|parts?|"
    r"pages?|pp?|nos?|numbers?)\.?\s*\Z",
    re.IGNORECASE,
)
#: A sentence ends at ".", "!", "?" or ";" before a space.
_SENTENCE_END = re.compile(r"[.!?;][\"'”’)]*\s")


@dataclass(frozen=True)
class Evidence:
    """What a source states where a fact's quote is anchored.

    `text` is the located span of the raw source, normalised, with the words either side of
    it up to the sentence's edge (at most `_EDGE` characters), so that a value the span cuts
    is read whole: a source's "about 300 protesters" quoted from "300" states about 300.
    `start`/`end` are the span within `text`; `years` says where a date without a year takes
    its year from. `around` is the source's sentence either side of `text` (as the source has
    it, at most `_CLAUSE_REACH` characters each): where the words that bind a lone value to its
    predicate may stand when the quote leaves them out (read by `check_support`).
    """

    text: str
    start: int
    end: int
    years: YearRule
    around: tuple[str, str] = ("", "")
    _found: dict[ValueType, list[Value]] = field(
        default_factory=dict, init=False, compare=False, repr=False
    )

    def __reduce__(
        self,
    ) -> tuple[type[Evidence], tuple[str, int, int, YearRule, tuple[str, str]]]:
        """Pickled without the values it was found to state (`_found`, read again when asked):
        an import's workers send back one evidence a fact."""
        return (Evidence, (self.text, self.start, self.end, self.years, self.around))

    @classmethod
    def of_text(cls, text: str, years: YearRule) -> Evidence:
        """A whole text as the evidence, e.g. a passage that is all quote."""
        return cls(text, 0, len(text), years)

    def stated(self, kind: ValueType) -> list[Value]:
        """The values of this type the span states, each read whole."""
        if kind not in self._found:
            # Compatibility characters read as what they stand for ("ﬁve", a full-width "４"),
            # each part folded on its own so that the span keeps its place.
            before, span = (
                plain_forms(self.text[: self.start]),
                plain_forms(self.text[self.start : self.end]),
            )
            text = before + span + plain_forms(self.text[self.end :])
            start, end = len(before), len(before) + len(span)
            self._found[kind] = [
                m
                for m in find_values(text, kind, years=self.years)
                if m.start < end and start < m.end
            ]
        return self._found[kind]


@lru_cache(maxsize=256)
def source_years(
    published: date | None, precision: str | None, covers: str | None = None
) -> YearRule:
    """How dates without a year read in a source: its date (to the day, month or year it is
    known) and the period it reports on (`covers`, a date or range such as '2012'). Remembered:
    every fact of a source asks it, twice when it is written."""
    latest = published
    label = published.isoformat() if published else ""
    if published is not None and precision == "year":
        latest, label = date(published.year, 12, 31), str(published.year)
    elif published is not None and precision == "month":
        last = calendar.monthrange(published.year, published.month)[1]
        latest = date(published.year, published.month, last)
        label = f"{calendar.month_name[published.month]} {published.year}"
    period = None
    if covers:
        try:
            parsed = parse_value(covers, ValueType.DATE)
        except ValueParseError:
            parsed = None
        if parsed is not None:
            period = (date.fromordinal(int(parsed.low)), date.fromordinal(int(parsed.high)))
    return YearRule(
        published, latest=latest, covers=period, covers_label=covers or "", published_label=label
    )


def evidence_at(raw: str, start: int, end: int, years: YearRule, *, dates: bool) -> Evidence:
    """The evidence at raw[start:end]; with `dates`, the latest year stated in the sentence
    before is recorded for dates without one ("went bankrupt in July 2004. … in June"). Both are
    read in the text as it runs (`running_text`): a PDF's pages read as its plain text."""
    raw = running_text(raw)
    low, high = start, end
    while low > 0 and not raw[low - 1].isspace() and low > start - _EDGE:
        low -= 1  # never cut a word: "12 May" is not "2 May"
    while high < len(raw) and not raw[high].isspace() and high < end + _EDGE:
        high += 1
    words = raw[low:high].split()
    if words and _may_be_value(words[0]):  # "[some] fifty men", "[between] 2 and 5"
        ends = [m.end() for m in _SENTENCE_END.finditer(raw, max(0, low - _EDGE), low)]
        low = ends[-1] if ends else max(0, low - _EDGE)
        while low > 0 and not raw[low - 1].isspace() and low > start - 2 * _EDGE:
            low -= 1
    if words and _may_be_value(words[-1]):  # "four [years]", "8 March [2012]", "300 [or more]"
        found = _SENTENCE_END.search(raw, high, min(len(raw), high + _EDGE))
        high = found.start() + 1 if found else min(len(raw), high + _EDGE)
        while high < len(raw) and not raw[high].isspace() and high < end + 2 * _EDGE:
            high += 1
    window = normalize(raw[low:high], fold_case=False)
    span_start = window.norm_index(start - low)
    span_end = window.norm_index(end - low)
    if dates:
        years = replace(years, stated=_year_before(raw, start))
    return Evidence(window.text, span_start, span_end, years, _around(raw, start, end, low, high))


def _around(raw: str, start: int, end: int, low: int, high: int) -> tuple[str, str]:
    """The sentence either side of the window raw[low:high] of the span raw[start:end], at
    most `_CLAUSE_REACH` characters past the window's own reach, as the source has it: only
    predicate words are looked for in it, which match across any run of spaces."""
    first, last = _sentence_reach(raw, start, end)
    return raw[min(first, low) : low], raw[high : max(last, high)]


def _sentence_reach(raw: str, start: int, end: int) -> tuple[int, int]:
    """Where the sentence of raw[start:end] starts and ends, looked for no further than
    `_CLAUSE_REACH` past the window's reach (`2 * _EDGE`) either side."""
    lowest = max(0, start - 2 * _EDGE - _CLAUSE_REACH)
    ends = [m.end() for m in _SENTENCE_END.finditer(raw, lowest, start)]
    highest = min(len(raw), end + 2 * _EDGE + _CLAUSE_REACH)
    found = _SENTENCE_END.search(raw, end, highest)
    return (ends[-1] if ends else lowest), (found.start() + 1 if found else highest)


def with_year_before(raw: str, start: int, years: YearRule) -> YearRule:
    """`years` with the latest year stated just before raw[start:] (in its sentence or the one
    before), as `evidence_at` reads dates: where a date without a year takes it first."""
    return replace(years, stated=_year_before(running_text(raw), start))


def evidence_reach(text: str, start: int, end: int, *, dates: bool) -> tuple[int, int]:
    """The stretch of the running text `text` that `evidence_at` reads for text[start:end]:
    its words to the sentence's edge (twice `_EDGE` at most, and the character before, looked
    at when the span stops), the rest of its sentence within `_CLAUSE_REACH` past that (where a
    lone value's clause is read), and for dates the sentences before it up to `_YEAR_REACH`
    (and the character before, which a year's look-behind reads). Nothing outside it changes
    the evidence."""
    lowest = max(0, start - 2 * _EDGE - _CLAUSE_REACH - 1)
    ends = [m.start() for m in _SENTENCE_END.finditer(text, lowest + 1, start)]
    low = min(max(0, start - 2 * _EDGE - 1), ends[-1] if ends else lowest)
    highest = min(len(text), end + 2 * _EDGE + _CLAUSE_REACH + 1)
    found = _SENTENCE_END.search(text, end, highest)
    high = max(min(len(text), end + 2 * _EDGE + 1), found.end() if found else highest)
    if dates:
        low = min(low, max(0, start - _YEAR_REACH - 1))
    return low, high


@lru_cache(maxsize=4096)
def _may_be_value(word: str) -> bool:
    """Whether a quote's first or last word can be part of a value that runs past the quote
    (remembered: quotes begin and end with the same few words)."""
    return bool(scan.Text(word.strip(_EDGE_PUNCTUATION)).all_flags & _VALUE_FLAGS)


def _year_before(raw: str, position: int) -> tuple[int, str] | None:
    """The latest year a date states before `position` in its sentence or the sentence before
    it (not across a paragraph's end), with its words."""
    lowest = max(0, position - _YEAR_REACH)
    paragraphs = [m.end() for m in _PARAGRAPH_END.finditer(raw, lowest, position)]
    first = paragraphs[-1] if paragraphs else lowest
    sentences = [m.end() for m in _SENTENCE_END.finditer(raw, first, position)]
    if raw[first:position].strip() and len(sentences) >= 2:
        first = sentences[-2]
    years = list(_YEAR.finditer(raw, first, position))
    if not years:
        return None
    last = years[-1]
    before = _MONTH_DAY.search(raw[max(first, last.start() - 20) : last.start()])
    words = (before.group(0) if before else "") + last.group(0)
    return int(last.group(0)), " ".join(words.split())


def stored_bounds(value: Value) -> tuple[float | None, float | None]:
    """Bounds as stored: an open end is NULL (portable; not every database stores infinity)."""
    low = None if math.isinf(value.low) else value.low
    high = None if math.isinf(value.high) else value.high
    return low, high


def value_detail(value: Value, year_from: str | None = None) -> str | None:
    """What a stored value's numbers do not say: its precision, and where its year came from."""
    parts = []
    if value.precision:
        parts.append(f"precision={value.precision}")
    if value.category:
        parts.append(f"category={value.category}")
    if year_from:
        parts.append(f"year from {year_from}")
    elif value.year_inferred:
        parts.append("year inferred from the source's publication date")
    return "; ".join(parts)[:200] or None


def parse_fact_value(
    text: str, value_type: str, reference: date | None, fact_id: str | None = None
) -> tuple[Value | None, Finding | None]:
    try:
        return parse_value(text, ValueType(value_type), reference=reference), None
    except ValueParseError as exc:
        return None, Finding(Code.VALUE_INVALID, f"value {text!r}: {exc}", fact_id)


def parse_validity(as_of: str | None, reference: date | None) -> tuple[date, date] | None:
    """The dates a fact's value held, from its as_of; None when absent or unreadable."""
    if not as_of:
        return None
    try:
        value = parse_value(as_of, ValueType.DATE, reference=reference)
    except ValueParseError:
        return None
    return date.fromordinal(int(value.low)), date.fromordinal(int(value.high))


def check_support(
    evidence: Evidence,
    value: Value,
    predicate: str,
    value_type: str,
    fact_id: str | None = None,
    source_id: str | None = None,
) -> Finding | None:
    """`value-unsupported` unless a value the source states where the quote stands, bound to the
    predicate, lies inside the fact's value (see `Evidence` and `kzfacts.values.binding`)."""
    stated = evidence.stated(ValueType(value_type))
    references = [m for m in stated if _reference(evidence.text, m)]
    stated = [m for m in stated if m not in references]
    late = [m for m in stated if after_source(m, evidence.years)]
    stated = [m for m in stated if m not in late]
    ahead = [(m, cue) for m in stated if (cue := _ahead_cue(evidence, m)) is not None]
    stated = [m for m in stated if all(m is not a for a, _ in ahead)]
    entry = PREDICATE_WORDS.get(predicate)
    words = entry if entry is not None and entry.words else None
    candidates: list[Value] = stated
    others: list[Bound] = []
    if words is not None and stated:
        bound = _bound(evidence, stated, predicate)
        own = [b.value for b in bound if predicate in b.predicates]
        candidates = own or [b.value for b in bound if not b.predicates]
        others = [b for b in bound if b.value not in candidates]
    if any(supports(mention, value) for mention in candidates):
        return None
    detail = {"value": value.text, "stated": [m.text for m in stated]}
    supporting = [b for b in others if supports(b.value, value)]
    if words is not None and supporting:
        other = supporting[0]
        named = (
            " and ".join(f"the {PREDICATE_WORDS[p].name}" for p in sorted(other.predicates))
            or f"not the {words.name}"
        )
        own_text = (
            f"the quote's {words.name} is " + ", ".join(f"{m.text!r}" for m in candidates)
            if candidates
            else f"the quote states no {words.name}"
        )
        message = f"{own_text}; {other.value.text!r} is {named}"
        return Finding(Code.VALUE_UNSUPPORTED, message, fact_id, source_id, detail)
    if late and not candidates:
        mention = late[0]
        message = (
            f"{mention.text!r} would be {mention.describe()}, after the source's own date "
            f"({evidence.years.published_label}): a source cannot report it; "
            "write the year the text means in the value and check the quote"
        )
        return Finding(Code.VALUE_UNSUPPORTED, message, fact_id, source_id, detail)
    if any(covers_both(mention, value) for mention, _ in ahead):
        return None
    if ahead and not candidates:
        message = ahead_message(*ahead[0], evidence.years)
        return Finding(Code.VALUE_UNSUPPORTED, message, fact_id, source_id, detail)
    if words is not None and others and not candidates:
        named = " and ".join(f"the {PREDICATE_WORDS[p].name}" for p in sorted(others[0].predicates))
        says = ", ".join(f"{b.value.text!r} = {b.value.describe()}" for b in others)
        message = f"the quote states no {words.name}: it states {says}, {named}"
    elif candidates:
        says = ", ".join(f"{m.text!r} = {m.describe()}" for m in candidates)
        message = (
            f"the quote does not support value {value.text!r} ({value.describe()}): "
            f"the source states {says} — a fact may be as vague as its source, never more precise"
        )
    elif references:
        numbers = ", ".join(repr(m.text) for m in references)
        message = (
            f"the quote does not support value {value.text!r}: it states no {value_type} — "
            f"{numbers} numbers an article, section or page"
        )
    else:
        message = (
            f"the quote does not support value {value.text!r}: it states no {value_type} — "
            "quote the words that state the value"
        )
    return Finding(Code.VALUE_UNSUPPORTED, message, fact_id, source_id, detail)


def _ahead_cue(evidence: Evidence, mention: Value) -> str | None:
    """`ahead_cue` of a date the evidence states, read in its sentence up to the date."""
    return ahead_cue(evidence.around[0] + evidence.text[: mention.start], mention)


def _reference(text: str, mention: Value) -> bool:
    """Whether a count is the number of an article, section, page …: it counts nothing."""
    return mention.type is ValueType.COUNT and bool(
        _REFERENCE.search(text, max(0, mention.start - 16), mention.start)
    )


def _bound(evidence: Evidence, stated: list[Value], predicate: str) -> list[Bound]:
    """The values the quote states, each with the predicates of the fact's type its clause
    binds it to. Several are bound among themselves in the window; a lone value in its clause
    as the source has it (`around`), so that a quote leaving out the verb is read as the
    sentence goes: "officers detained [about eighty people]" states a number detained,
    "[amnestied and released on 15 March 2012]" no date of sentencing. A lone value bound to
    the fact's predicate is not read for the others' words: it is the fact's."""
    if len(stated) > 1:
        return bind(evidence.text, stated, rivals(predicate))
    before, after = evidence.around
    before += " "  # the window was normalised alone: the spaces at its edges are gone
    lone = stated[0]
    shifted = [replace(lone, start=lone.start + len(before), end=lone.end + len(before))]
    context = before + evidence.text + " " + after
    own = bind(context, shifted, [predicate])[0].predicates
    return [Bound(lone, own or bind(context, shifted, rivals(predicate))[0].predicates)]


def supporting_year(evidence: Evidence, value: Value, value_type: str) -> str | None:
    """Where the year of the date that supports a date fact came from, if it was inferred."""
    if value_type != ValueType.DATE:
        return None
    for mention in evidence.stated(ValueType.DATE):
        if mention.year_from and supports(mention, value):
            return mention.year_from
    return None
