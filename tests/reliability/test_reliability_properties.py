"""Properties on generated and hostile input (hypothesis), beyond tests/text and tests/values:
every seed, not one; hostile characters; where the anchor lands, not only its verdict."""

from __future__ import annotations

import re
from functools import cache

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from kzfacts.text.anchor import PreparedSource, Verdict, anchor_quote
from kzfacts.text.normalize import normalize, squash
from kzfacts.values import ValueParseError, ValueType, find_values, parse_value
from tests.conftest import seed_text
from tests.text.test_anchor import assert_drops_a_governing_word

SEEDS = ["000", "001", "002", "003", "004"]
PROPERTY = settings(deadline=None, max_examples=60, suppress_health_check=[HealthCheck.too_slow])
URL = re.compile(r"(?:https?://|www\.)\S+")

# Characters that break naive text handling: controls, bidirectional marks, zero-width and
# soft-hyphen characters, NFKC expanders (ligatures, circled and full-width digits, ㍱),
# combining marks, Cyrillic look-alikes, dashes, quotes, the ellipsis, line and page breaks.
HOSTILE = (
    "\x00\x07\x1b\x7f\x85\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
    "\u2066\u2067\u2068\u2069\u061c\ufeff\u00ad\u00a0\u2028\u2029\ufb01\ufb03\u2460\uff14"
    "\u3371\u0301\u0308\u0430\u0435\u043e\u0440\u0441\u2013\u2014\u2212\u201c\u201d\u2018"
    "\u2019\u201e\u00ab\u00bb\u2026-\n\r\t \f\v.,;:'\"()[]"
)
TEXT = st.lists(
    st.one_of(
        st.sampled_from(list(HOSTILE)),
        st.sampled_from(["four", "years", "2012", "govern-\n", "ment", "http://x.org/a", "U.S.$"]),
        st.characters(codec="utf-8"),
    ),
    max_size=80,
).map("".join)


@cache
def prepared(seed: str) -> PreparedSource:
    return PreparedSource(seed_text(seed))


@cache
def normalised(seed: str) -> str:
    return normalize(seed_text(seed)).text


@cache
def word_starts(seed: str) -> list[int]:
    """Raw offsets where a word of the text (not a URL) begins."""
    raw = seed_text(seed)
    urls = [m.span() for m in URL.finditer(raw)]
    return [
        m.start()
        for m in re.finditer(r"\S+", raw)
        if not any(a <= m.start() < b for a, b in urls) and m.group()[0].isalnum()
    ]


@cache
def digits(seed: str) -> list[int]:
    raw = seed_text(seed)
    urls = [m.span() for m in URL.finditer(raw)]
    return [i for i, c in enumerate(raw) if c.isdigit() and not any(a <= i < b for a, b in urls)]


# -- the normaliser -------------------------------------------------------------------------


@PROPERTY
@given(TEXT)
def test_every_normalised_offset_of_hostile_text_maps_into_the_raw_text(raw: str) -> None:
    for join in (False, True):
        norm = normalize(raw, join_line_end_hyphens=join)
        starts = [norm.raw_start(i) for i in range(len(norm.text))]
        for index, start in enumerate(starts):
            assert 0 <= start < norm.raw_end(index) <= len(raw)
        assert starts == sorted(starts)


@pytest.mark.parametrize("seed", SEEDS)
@PROPERTY
@given(data=st.data())
def test_raw_span_of_an_exact_match_equals_the_quote_on_every_seed(
    seed: str, data: st.DataObject
) -> None:
    raw = seed_text(seed)
    norm = normalize(raw)
    start = data.draw(st.integers(0, len(norm.text) - 2))
    end = data.draw(st.integers(start + 1, min(len(norm.text), start + 300)))
    piece = norm.text[start:end].strip()
    assume(piece)
    offset = norm.text.index(piece, start)
    raw_start, raw_end = norm.raw_span(offset, offset + len(piece))
    assert squash(raw[raw_start:raw_end]) == piece


# -- anchoring ------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", SEEDS)
@PROPERTY
@given(data=st.data())
def test_a_quote_cut_from_any_seed_anchors_exactly_where_it_was_cut(
    seed: str, data: st.DataObject
) -> None:
    source = prepared(seed)
    starts = word_starts(seed)
    first = data.draw(st.integers(0, len(starts) - 9))
    count = data.draw(st.integers(8, 30))
    start = starts[first]
    words = [w for w in source.raw[start : start + 4000].split() if not URL.match(w)]
    quote = " ".join(words[:count])
    assume(
        normalised(seed).count(squash(quote)) == 1
    )  # a passage the text repeats is ambiguous, rightly
    result = anchor_quote(quote, source)
    assert result.anchor is not None and result.anchor.start == start
    if result.verdict is Verdict.ALTERED:
        assert_drops_a_governing_word(source.raw, result)
        return
    assert result.verdict is Verdict.EXACT, (quote, result.verdict)


@pytest.mark.parametrize("seed", SEEDS)
@PROPERTY
@given(data=st.data())
def test_a_changed_digit_never_anchors_on_any_seed(seed: str, data: st.DataObject) -> None:
    text = seed_text(seed)
    position = data.draw(st.sampled_from(digits(seed)))
    digit = data.draw(st.sampled_from([d for d in "0123456789" if d != text[position]]))
    reach = data.draw(st.integers(20, 80))
    begin = text.rfind(" ", 0, max(0, position - reach)) + 1
    end = text.find(" ", position + reach)
    end = len(text) if end == -1 else end
    quote = " ".join((text[begin:position] + digit + text[position + 1 : end]).split())
    verdict = anchor_quote(quote, prepared(seed)).verdict
    assert verdict not in (Verdict.EXACT, Verdict.INEXACT), quote


# -- the value parser -----------------------------------------------------------------------

NUMBERS = st.one_of(
    st.integers(0, 10**40).map(str),
    st.integers(4000, 6000).map(lambda n: "9" * n),  # past Python's int-from-text limit
    st.sampled_from(["1e308", "1e400", "inf", "NaN", "-0", "\uff14", "\u0663", "\u2460"]),
)
HOSTILE_VALUES = st.tuples(
    st.sampled_from(["", "-", "\u2212", "minus ", "\u202e", "\x00", "about ", "more than "]),
    NUMBERS,
    st.sampled_from(["", " years", " months", "%", " tenge", " USD", "\u200f", " to 5"]),
).map("".join)


@settings(deadline=None, max_examples=150)
@given(HOSTILE_VALUES, st.sampled_from(list(ValueType)))
def test_hostile_values_raise_nothing_but_a_value_parse_error(text: str, kind: ValueType) -> None:
    try:
        value = parse_value(text, kind)
    except ValueParseError as error:
        assert str(error) and "\n" not in str(error)
    else:
        assert value.low <= value.high
    for found in find_values(text):
        assert text[found.start : found.end] == found.text


@settings(deadline=None, max_examples=30)
@given(
    st.sampled_from(["-", "\u2212", "minus "]),
    st.integers(1, 10**6),
    st.sampled_from([(ValueType.DURATION, " years"), (ValueType.COUNT, ""), (ValueType.PERCENT, "%"), (ValueType.MONEY, " tenge")]),
)  # fmt: skip
def test_a_negative_number_never_parses_as_a_positive_one(
    sign: str, n: int, kind: tuple[ValueType, str]
) -> None:
    try:
        value = parse_value(f"{sign}{n}{kind[1]}", kind[0])
    except ValueParseError:
        return
    assert value.high < 0
