"""Normalisation: every kind of layout noise in the seeds, and the map back to raw offsets."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kzfacts.text.normalize import normalize, squash
from tests.conftest import seed_text
from tests.text import _normalize_reference as reference


def test_pdf_hard_line_breaks_and_blank_lines_become_one_space() -> None:
    raw = "A resolution adopted by the European Parliament on 15 \n\nMarch 2012 similarly"
    assert (
        normalize(raw).text
        == "a resolution adopted by the european parliament on 15 march 2012 similarly"
    )


def test_url_only_footer_lines_inside_a_sentence_are_skipped() -> None:
    raw = (
        "recommendations made by international \n\n"
        "http://eeas.europa.eu/central_asia/docs/calendar_en.pdf\n"
        "https://www.consilium.europa.eu/uedocs/cms_data/docs/pressdata/EN/foraff/128988.pdf\n"
        " human rights bodies"
    )
    assert normalize(raw).text == "recommendations made by international human rights bodies"


def test_mismatched_curly_quotes_become_straight() -> None:
    # The 2012 appeal opens this quotation with a closing mark.
    assert squash("investigated in a thorough and transparent way, ”if need be”  with") == (
        'investigated in a thorough and transparent way, "if need be" with'
    )
    assert squash("Kazakhstan’s stalled reforms") == "kazakhstan's stalled reforms"


def test_dashes_and_the_spaces_around_them() -> None:
    assert squash("period of time-18 years-it has had") == squash(
        "period of time – 18 years — it has had"
    )
    assert squash("does not – and cannot – occur") == "does not-and cannot-occur"
    assert squash("December 1-2, 2009") == "december 1-2, 2009"


def test_line_end_hyphen_has_both_readings() -> None:
    raw = "liberalize legislation on media (in the so-\n\ncalled 2007 Madrid commitments)"
    assert "so-called" in normalize(raw).text
    assert "socalled" in normalize(raw, join_line_end_hyphens=True).text
    assert "government" in normalize("govern-\nment", join_line_end_hyphens=True).text


def test_ellipsis_character_no_break_and_zero_width() -> None:
    assert squash("“…our candidate") == '"...our candidate'
    assert squash("four\u00a0years\u2019 impri\u00adson\u200bment") == "four years' imprisonment"


def test_cyrillic_lookalikes_fold_only_inside_latin_words() -> None:
    assert squash("K\u0430zakhstan") == "kazakhstan"  # Cyrillic а inside a Latin word
    assert squash("\u041a\u0430\u0437\u0430\u0445\u0441\u0442\u0430\u043d") == "казахстан"


def test_offsets_map_back_to_the_raw_text_of_a_seed() -> None:
    raw = seed_text("001")
    norm = normalize(raw)
    needle = "was released from prison on 8 march 2012"
    start = norm.text.index(needle)
    raw_start, raw_end = norm.raw_span(start, start + len(needle))
    assert raw[raw_start:raw_end] == "was released from prison on 8 March 2012"


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=200))
def test_every_normalised_offset_maps_into_the_raw_text(raw: str) -> None:
    norm = normalize(raw)
    for index in range(len(norm.text)):
        start, end = norm.raw_start(index), norm.raw_end(index)
        assert 0 <= start < end <= len(raw)
    starts = [norm.raw_start(i) for i in range(len(norm.text))]
    assert starts == sorted(starts)


@given(st.data())
def test_raw_span_of_an_exact_match_equals_the_quote_modulo_normalisation(
    data: st.DataObject,
) -> None:
    raw = seed_text("001")
    norm = normalize(raw)
    start = data.draw(st.integers(0, len(norm.text) - 2))
    end = data.draw(st.integers(start + 1, min(len(norm.text), start + 300)))
    piece = norm.text[start:end].strip()
    if not piece:
        return
    offset = norm.text.index(piece, start)
    raw_start, raw_end = norm.raw_span(offset, offset + len(piece))
    assert squash(raw[raw_start:raw_end]) == piece


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=300), st.booleans(), st.booleans())
def test_the_fast_normaliser_equals_the_reference(raw: str, fold_case: bool, join: bool) -> None:
    fast = normalize(raw, fold_case=fold_case, join_line_end_hyphens=join)
    slow = reference.normalize(raw, fold_case=fold_case, join_line_end_hyphens=join)
    assert fast.text == slow.text
    assert [fast.raw_span(i, i + 1) for i in range(len(fast.text))] == [
        slow.raw_span(i, i + 1) for i in range(len(slow.text))
    ]


@pytest.mark.parametrize("name", ["000", "001", "002", "003", "004"])
@pytest.mark.parametrize("join", [False, True])
def test_the_fast_normaliser_equals_the_reference_on_the_seeds(name: str, join: bool) -> None:
    raw = seed_text(name)
    fast = normalize(raw, join_line_end_hyphens=join)
    slow = reference.normalize(raw, join_line_end_hyphens=join)
    assert fast.text == slow.text
    assert [fast.raw_span(i, i + 1) for i in range(len(fast.text))] == [
        slow.raw_span(i, i + 1) for i in range(len(slow.text))
    ]


@given(
    st.text(
        alphabet=st.sampled_from("aB1 .,'\"`-\t\n\r\x0b\x0c\x1c\x1f\x00\x7fw:/htp\u00e9\u2013"),
        max_size=30,
    )
)
def test_a_short_string_squashed_as_the_normaliser_reads_it(text: str) -> None:
    """`squash` only lower-cases a plain ASCII string (no dash, backquote, whitespace but
    single spaces, URL): what normalising it gives, on any string."""
    assert squash(text) == normalize(text).text.strip()


@pytest.mark.parametrize("name", ["000", "001", "002", "003", "004"])
def test_each_line_of_a_seed_squashed_as_the_normaliser_reads_it(name: str) -> None:
    for line in seed_text(name).splitlines():
        assert squash(line) == normalize(line).text.strip()
    assert squash("see www.example.org now") == "see now"
    assert squash("a  b") == "a b"
