"""A text is read with a number pattern that leaves out the number words it lacks.

`numbers.number_regex` drops each part of the number grammar whose word the text does not hold
("hundred", "million", "half", any number word below a hundred): every match of a dropped part
holds its word, so the matches are the same, and the pattern to compile is a fraction of the
whole (a first `parse_value("4 years", ...)` compiles no number words at all).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kzfacts.values import ValueType, find_values, parse_value, quantities
from kzfacts.values.numbers import ALL_MARKERS, NUMBER, number_markers, number_regex
from kzfacts.values.scan import Text
from kzfacts.values.vocabulary import SMALL

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def test_every_marker_gives_the_whole_number_pattern() -> None:
    assert number_regex(ALL_MARKERS) == NUMBER
    assert len(number_regex(0)) < 200 < 7000 < len(NUMBER)


@pytest.mark.parametrize(
    ("text", "markers"),
    [
        ("was jailed for 4 years", 0),
        ("was jailed for four years", 0b1),
        ("some 200 were wounded, and more than a dozen died", 0b100000),
        ("fined five hundred thousand", 0b111),
        ("half a million people; 2 and a half billion", 0b1011000),
        # a marker is a substring, whole word or not: "ten" in "sentenced", "one" in "money"
        ("was sentenced to 4 years", 0b1),
        ("the money was returned", 0b1),
    ],
)
def test_the_markers_a_text_holds(text: str, markers: int) -> None:
    assert number_markers(text.lower()) == markers


@pytest.mark.parametrize(
    "text",
    [
        "the country's leading human rights defender, Evgeniy Zhovtis, was sentenced to four "
        "years' imprisonment",
        "more than a dozen people died and some 200 were wounded",
        "a fine of 5,000,000 tenge (about US$33,000)",
        "two hundred and fifty thousand tenge, and one and a half million",
    ],
)
def test_each_pattern_reads_a_text_as_its_whole_pattern_does(text: str) -> None:
    scanned = Text(text)
    for scanner, _handler in quantities._PATTERNS:
        narrow = scanner.regex_for(scanned.number_markers())
        whole = scanner.regex
        spans = [(m.span(), m.groupdict()) for m in whole.finditer(text)]
        assert [(m.span(), m.groupdict()) for m in narrow.finditer(text)] == spans


def test_a_number_in_words_is_read_with_the_words_it_holds() -> None:
    assert [v.text for v in find_values("some two hundred and fifty people")] == [
        "some two hundred and fifty"
    ]
    assert parse_value("one and a half million tenge", ValueType.MONEY).low == 1_500_000
    assert parse_value("4 years", ValueType.DURATION).low == 1461
    assert re.fullmatch(number_regex(0), "five", re.IGNORECASE) is None


def test_a_number_word_below_a_hundred_is_found_by_the_words_that_hold_no_other() -> None:
    words = "|".join(SMALL)
    for word in SMALL:
        assert number_markers(f"some{word}thing") & 1, word
    for path in sorted(SEEDS.glob("*.txt")):
        for line in path.read_text(encoding="utf-8").lower().splitlines():
            assert number_markers(line) & 1 == bool(re.search(words, line)), line
