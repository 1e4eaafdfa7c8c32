"""The value reads of a fact import, fast, answer as the full reading does.

An import asks a quote for its dates (most hold none) and the words around a quote for the
values of the fact's type under a rule for years. These shortcuts serve it, each held here to
the full path on every seed sentence and on random windows of the seed texts, exact values:

- a text that holds no year, month name or word of a relative date is not read for dates
  (`date_clues.may_hold_a_date`): no date pattern matches it;
- the patterns' gates (the words of a part of a month or year, of a decade): every pattern's
  matches through `scan.candidates` are its regular expression's, in order;
- a type asked for reads as values only the mentions of that type: the values of that type
  among all the values the text states;
- `parse_value` remembers its answer for a wording and type (and, for a date, the reference
  date): read again, a wording answers as it did cold;
- a text read for its values and then asked whether it states a date (a quote that is the span
  just read) answers from the dates found the first time.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from kzfacts.values import (
    ValueParseError,
    ValueType,
    date_clues,
    dates,
    find_values,
    parse,
    parse_value,
    quantities,
    scan,
)
from kzfacts.values.date_specs import YearRule

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
TEXTS = [path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))]
SENTENCES = [s for text in TEXTS for s in re.split(r"(?<=[.!?;])\s+", text) if s.strip()]
#: seeds/004_e77f42745581b012.txt: a sum of money and no date; a date without its year.
NO_DATE = "the organization owed back taxes amounting to more than 81 million tenge"
MAY_2 = "On May 2, some fifty men stormed a meeting of opposition leaders in Shymkent"
RULE = YearRule(
    datetime.date(2006, 1, 10),
    latest=datetime.date(2006, 1, 10),
    stated=(2004, "2004"),
    published_label="2006-01-10",
)
PATTERNS = [*quantities._PATTERNS, *dates._PATTERNS]


def _forget() -> None:
    parse._all_candidates.cached.cache_clear()
    parse._mentions.cached.cache_clear()
    parse._states_a_date.cached.cache_clear()
    parse._parsed.cache_clear()
    parse._last_scanned.clear()
    parse._last_dates.clear()


def _no_date_matches_where_the_clue_is_missing(text: str) -> bool:
    """Whether the clue refused the text; when it did, no date pattern matches it."""
    folded = scan.fold(text)
    # the clue read in the text's tokens, as `find_dates` reads it, is the clue read in the text
    assert date_clues.scanned_may_hold_a_date(scan.Text(text)) == date_clues.may_hold_a_date(
        folded if len(folded) == len(text) else None
    ), text
    if len(folded) != len(text) or date_clues.may_hold_a_date(folded):
        return False
    for scanner, handler in dates._PATTERNS:
        assert not list(scanner.regex.finditer(text)), (handler.__name__, text)
    return True


def _candidates_match_each_pattern(text: str) -> None:
    expected = [
        (m.span(), handler) for scanner, handler in PATTERNS for m in scanner.regex.finditer(text)
    ]
    found = [(m.span(), handler) for m, handler in scan.candidates(PATTERNS, scan.Text(text))]
    assert found == expected, text


def _typed_reads_as_filtered(text: str) -> None:
    for reference, years in ((datetime.date(2005, 6, 1), None), (None, RULE)):
        _forget()
        every = find_values(text, reference=reference, years=years)
        for kind in ValueType:
            _forget()
            typed = find_values(text, kind, reference=reference, years=years)
            assert typed == [v for v in every if v.type == kind], (kind, text)


def test_a_sentence_without_a_date_clue_is_not_read_for_dates_and_its_neighbour_is() -> None:
    _forget()
    assert not date_clues.may_hold_a_date(scan.fold(NO_DATE))
    assert find_values(NO_DATE, ValueType.DATE, reference=datetime.date(2005, 6, 1)) == []
    (money,) = find_values(NO_DATE, ValueType.MONEY, years=RULE)
    assert (money.text, money.low, money.high) == (
        "more than 81 million tenge",
        81000000.00000001,
        float("inf"),
    )
    assert date_clues.may_hold_a_date(scan.fold(MAY_2))
    (date,) = find_values(MAY_2, ValueType.DATE, years=RULE)
    assert (date.text, date.start, date.end, date.year_from) == (
        "May 2",
        3,
        8,
        "'2004' just before the quote",
    )
    assert datetime.date.fromordinal(int(date.low)) == datetime.date(2004, 5, 2)


def test_every_seed_sentence_reads_as_the_full_path() -> None:
    refused = 0
    for sentence in SENTENCES:
        refused += _no_date_matches_where_the_clue_is_missing(sentence)
        _candidates_match_each_pattern(sentence)
        _typed_reads_as_filtered(sentence)
    assert refused > 150  # the shortcut is taken on real text (184 of 313 seed sentences)
    assert len(SENTENCES) - refused > 100  # and the others are read (129 of 313)


def _parsed(text: str, kind: ValueType, reference: datetime.date | None) -> object:
    try:
        return parse_value(text, kind, reference=reference)
    except ValueParseError as refused:
        return str(refused)


def test_every_wording_of_the_seed_sentences_parses_warm_as_it_parses_cold() -> None:
    """Each value the seed sentences state, parsed as every type against three references."""
    wordings = sorted({v.text for s in SENTENCES for v in find_values(s, years=RULE)})
    references = (datetime.date(2005, 6, 1), datetime.date(2012, 3, 20), None)
    calls = [(w, k, r) for w in wordings for k in ValueType for r in references]
    _forget()
    warm = [_parsed(*call) for call in calls] + [_parsed(*call) for call in calls]
    cold = []
    for call in calls:
        _forget()
        cold.append(_parsed(*call))
    assert warm == cold + cold
    assert len(wordings) > 200
    assert sum(isinstance(answer, str) for answer in cold) > 1000  # refusals, by their message
    (may_2,) = [w for w in wordings if w == "May 2"]
    assert [_parsed(may_2, ValueType.DATE, r) for r in references][2] == (
        "'May 2' has no year: write one (e.g. 'May 1, 2005') or give the source's "
        "publication date to take it from"
    )


@st.composite
def windows(draw: st.DrawFn) -> str:
    """A stretch of a seed text, as the words around a quote are: any start, any length."""
    text = draw(st.sampled_from(TEXTS))
    start = draw(st.integers(0, len(text) - 1))
    return text[start : start + draw(st.integers(1, 400))]


@settings(max_examples=150, deadline=None)
@given(windows())
def test_random_windows_of_the_seed_texts_read_as_the_full_path(text: str) -> None:
    _no_date_matches_where_the_clue_is_missing(text)
    _candidates_match_each_pattern(text)
    _typed_reads_as_filtered(text)


def test_a_text_read_for_its_values_then_asked_for_a_date_answers_as_cold() -> None:
    """An import reads the values around a quote, then asks the quote for its dates: when the
    two are one text, the dates found the first time answer, without a second date scan, and
    every seed sentence answers as it does cold."""
    scans: list[str] = []
    full = parse.find_dates

    def counted(text: str, **kwargs: object) -> object:
        scans.append(text)
        return full(text, **kwargs)  # type: ignore[arg-type]

    for sentence in SENTENCES:
        _forget()
        cold = find_values(sentence, ValueType.DATE, reference=datetime.date(2005, 6, 1))
        _forget()
        find_values(sentence, ValueType.COUNT, years=RULE)  # the span's values
        parse.find_dates = counted  # type: ignore[assignment]
        try:
            warm = find_values(sentence, ValueType.DATE, reference=datetime.date(2005, 6, 1))
        finally:
            parse.find_dates = full
        assert warm == cold, sentence
    assert scans == []
    assert sum(1 for s in SENTENCES if find_values(s, ValueType.DATE, years=RULE)) == 95
