"""The value parser's fast paths change none of its answers.

`find_values` asked for a type, and `parse_value`, remember what a short text states
(`parse._Remembered`), not what depends on the reference date, the years or the type asked for:
a text read again with another reference, rule or type reads as it would the first time. Asked for dates only,
`find_values` reads a text in which no date pattern finds anything as stating none, without
reading its other values. Real seed passages, exact values; every seed sentence read warm
equals the same read cold, and its dates equal the dates among all its values.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest

from kzfacts.values import ValueParseError, ValueType, find_values, parse, parse_value
from kzfacts.values.date_specs import YearRule

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
#: seeds/004_e77f42745581b012.txt (Human Rights Watch, 2005): a date without its year, a count.
MAY_2 = "On May 2, some fifty men stormed a meeting of opposition leaders in Shymkent"
#: seeds/002_d4084b8c43573c07.txt: a date read against the source's own date.
THIS_YEAR = (
    "For example, the Ferghana News Agency, a leading news outlet covering Central Asia, has "
    "been blocked to internet users in Kazakhstan since September this year"
)
_SENTENCE = re.compile(r"(?<=[.!?;])\s+")


def _forget() -> None:
    parse._all_candidates.cached.cache_clear()
    parse._mentions.cached.cache_clear()
    parse._states_a_date.cached.cache_clear()
    parse._parsed.cache_clear()


def _days(value_low: float, value_high: float) -> tuple[str, str]:
    low = datetime.date.fromordinal(int(value_low)).isoformat()
    return low, datetime.date.fromordinal(int(value_high)).isoformat()


def test_a_date_without_its_year_takes_each_references_year_when_read_again() -> None:
    _forget()
    first = find_values(MAY_2, reference=datetime.date(2005, 6, 1))
    again = find_values(MAY_2, reference=datetime.date(2012, 3, 20))
    assert [(v.type, v.text, v.start, v.end) for v in first] == [
        (ValueType.DATE, "May 2", 3, 8),
        (ValueType.COUNT, "some fifty", 10, 20),
    ]
    assert _days(first[0].low, first[0].high) == ("2005-05-02", "2005-05-02")
    assert _days(again[0].low, again[0].high) == ("2012-05-02", "2012-05-02")
    assert first[0].year_inferred and again[0].year_inferred
    assert (first[1].low, first[1].high) == (again[1].low, again[1].high) == (45.0, 55.0)
    assert find_values(MAY_2) == [first[1]]  # no reference: the yearless date is left out


def test_a_rule_for_years_is_applied_to_a_text_read_before_without_one() -> None:
    _forget()
    find_values(MAY_2, ValueType.COUNT, reference=datetime.date(2005, 6, 1))
    rule = YearRule(
        datetime.date(2006, 1, 10),
        latest=datetime.date(2006, 1, 10),
        stated=(2004, "2004"),
        published_label="2006-01-10",
    )
    (date,) = find_values(MAY_2, ValueType.DATE, years=rule)
    assert _days(date.low, date.high) == ("2004-05-02", "2004-05-02")
    assert date.year_from == "'2004' just before the quote"


def test_a_relative_date_reads_against_each_reference() -> None:
    _forget()
    (first,) = find_values(THIS_YEAR, ValueType.DATE, reference=datetime.date(2014, 11, 1))
    (again,) = find_values(THIS_YEAR, ValueType.DATE, reference=datetime.date(2013, 10, 1))
    (status,) = find_values(THIS_YEAR, ValueType.STATUS)
    assert (status.text, status.category) == ("has been blocked", "blocked")
    assert first.text == again.text == "September this year"
    assert _days(first.low, first.high) == ("2014-09-01", "2014-09-30")
    assert _days(again.low, again.high) == ("2013-09-01", "2013-09-30")


def test_a_value_read_as_each_type_and_reference_answers_as_read_cold() -> None:
    _forget()
    assert parse_value("May 2", ValueType.DATE, reference=datetime.date(2005, 6, 1)).low == (
        datetime.date(2005, 5, 2).toordinal()
    )
    warm = parse_value("May 2", ValueType.DATE, reference=datetime.date(2012, 3, 20))
    assert _days(warm.low, warm.high) == ("2012-05-02", "2012-05-02")
    with pytest.raises(ValueParseError, match="has no year"):
        parse_value("May 2", ValueType.DATE)
    with pytest.raises(ValueParseError, match="'May 2' is a date, not a count"):
        parse_value("May 2", ValueType.COUNT)
    assert parse_value("some fifty", ValueType.COUNT).high == 55.0


def test_a_long_text_is_read_and_not_remembered() -> None:
    _forget()
    long_text = (SEEDS / "004_e77f42745581b012.txt").read_text(encoding="utf-8")
    assert len(long_text) > parse._REMEMBERED_CHARS
    first = find_values(long_text, reference=datetime.date(2005, 6, 1))
    assert parse._mentions.cached.cache_info().currsize == 0
    assert [v.text for v in first if v.text == "May 2"] == ["May 2"]


def _seed_sentences() -> list[str]:
    sentences: list[str] = []
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        sentences += [s for s in _SENTENCE.split(text) if s.strip()]
    return sentences


def test_every_seed_sentence_reads_warm_as_it_reads_cold() -> None:
    references = (datetime.date(2005, 6, 1), datetime.date(2012, 3, 20), None)
    kinds = (None, ValueType.DATE, ValueType.COUNT, ValueType.STATUS)
    warm: list[object] = []
    for sentence in _seed_sentences():
        for reference in references:
            warm += [find_values(sentence, kind, reference=reference) for kind in kinds]
    cold: list[object] = []
    for sentence in _seed_sentences():
        for reference in references:
            for kind in kinds:
                _forget()
                cold.append(find_values(sentence, kind, reference=reference))
    assert warm == cold
    assert sum(len(found) for found in cold if isinstance(found, list)) > 1000


#: seeds/004_e77f42745581b012.txt: a sum of money, and no date.
NO_DATE = "the organization owed back taxes amounting to more than 81 million tenge"


def test_a_text_without_a_date_states_none_and_its_other_values_stand() -> None:
    _forget()
    assert find_values(NO_DATE, ValueType.DATE, reference=datetime.date(2005, 6, 1)) == []
    assert not parse._states_a_date(NO_DATE)
    (money,) = find_values(NO_DATE, ValueType.MONEY)
    assert (money.text, money.unit) == ("more than 81 million tenge", "KZT")
    assert (money.low, money.high) == (81000000.00000001, float("inf"))
    (date,) = find_values(MAY_2, ValueType.DATE, reference=datetime.date(2005, 6, 1))
    assert parse._states_a_date(MAY_2)
    assert _days(date.low, date.high) == ("2005-05-02", "2005-05-02")


def test_every_seed_sentences_dates_are_the_dates_among_all_its_values() -> None:
    _forget()
    rule = YearRule(datetime.date(2012, 3, 20), latest=datetime.date(2012, 3, 20))
    without = 0
    for sentence in _seed_sentences():
        for reference, years in ((datetime.date(2005, 6, 1), None), (None, rule)):
            found = find_values(sentence, reference=reference, years=years)
            dates = find_values(sentence, ValueType.DATE, reference=reference, years=years)
            assert dates == [v for v in found if v.type == ValueType.DATE], sentence
        without += not parse._states_a_date(sentence)
    assert without > 100  # the shortcut is taken on real text


def test_a_candidate_starts_with_a_quantity_match_s_fields_in_order() -> None:
    """`_candidates` makes a quantity's candidate from its match's fields by position, so a
    field added to one tuple and not the other would shift every field after it."""
    from kzfacts.values.quantity_grammar import QuantityMatch

    quantity = QuantityMatch._fields
    assert quantity == ("type", "start", "end", "low", "high", "unit")
    assert parse._Candidate._fields[: len(quantity)] == quantity
