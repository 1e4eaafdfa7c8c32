"""The normaliser's two paths agree: editing a copy only where lengths change (`_by_edits`)
gives the text and every offset of the token scan (`_by_tokens`), on the seeds and on random
text made of the cases that change lengths."""

from __future__ import annotations

from bisect import bisect_left

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kzfacts.text import normalize as normaliser
from kzfacts.text.normalize import Normalized, normalize, readings
from kzfacts.text.pages import blank_furniture
from tests.conftest import seed_text

SEEDS = ["000", "001", "002", "003", "004"]
NOT_EDITED = {"\u00ad", "\u200b", "\ufeff", "e\u0301", "\u0301", "\u20d7", "\u0130", "\u00a8"}
DASHES = set("-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d")

# Pieces that change length or shape, and plain words between them.
PIECES = [
    " ", "  ", "\n", "\n\n", "\r\n", "\t", " \n ", "\f", "\x0b", "\x1c", "\u00a0", "\u3000",
    "-", "--", " - ", " -", "- ", "\u2013", " \u2014 ", "\u2212", "\uff0d", "\u2010", "-\n",
    "-\n\n", "\u2010\n ", "- \n", "\u00ad", "\u200b", "\ufeff", "e\u0301", "\u0301", "\u20d7",
    "\u2018", "\u2019", "\u201c", "\u201d", "\u00ab", "\u00bb", "`", "\u2026", "...",
    "\u0430", "\u0410", "\u041a", "\u0437", "\u0456", "\uff14", "\ufb01", "\u00df", "\u0130",
    "\u00e9", "\u00c9", "\u00a8", "\u207b", "\u2126", "\u212a",
    "http://x.org/a-b", "https://www.y.kz", "www.z.com/", " http://q.io ",
    "Page 3 of 9", "\u2028", "\x85", "Kazakh", "govern", "ment", "so", "called", "A", "b",
    "7", "12", "_", ".", ",", "'", '"',
]  # fmt: skip


def token_scan(raw: str, fold_case: bool, join: bool) -> Normalized:
    """The token scan, whatever path `normalize` would take."""
    text = blank_furniture(normaliser.fold_lookalikes(raw))
    return normaliser._by_tokens(text, len(raw), fold_case, join)


def assert_same(raw: str, fold_case: bool, join: bool) -> None:
    assert_equal(
        normalize(raw, fold_case=fold_case, join_line_end_hyphens=join), raw, fold_case, join
    )
    if fold_case:  # both readings from one scan
        assert_equal(readings(raw)[join], raw, fold_case, join)


def assert_equal(fast: Normalized, raw: str, fold_case: bool, join: bool) -> None:
    slow = token_scan(raw, fold_case, join)
    assert fast.text == slow.text
    assert fast.raw_length == slow.raw_length == len(raw)
    indices = range(len(fast.text))
    starts = [slow.raw_start(i) for i in indices]
    assert [fast.raw_start(i) for i in indices] == starts
    assert [fast.raw_end(i) for i in indices] == [slow.raw_end(i) for i in indices]
    # `norm_index` is the first index whose raw start reaches the offset: raw starts never
    # decrease, so a bisection of them all finds it.
    assert starts == sorted(starts)
    offsets = range(-1, len(raw) + 2)
    expected = [bisect_left(starts, o) for o in offsets]
    assert [fast.norm_index(o) for o in offsets] == expected
    assert [slow.norm_index(o) for o in offsets] == expected


def pages(draw_pages: list[str]) -> str:
    """Pages joined by form feeds, each with the same running footer (page furniture)."""
    return "\f".join(
        f"{page}\nReport on Kazakhstan \u2014 page {n}\n" for n, page in enumerate(draw_pages)
    )


texts = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)
# Pieces a text may hold and still take the edits: no zero-width or combining characters, no
# character whose fold holds a space or lower-cases longer, no URL beside a dash.
EDITED = [p for p in PIECES if normalize(p + "x").text and p not in NOT_EDITED]
edited_texts = st.lists(st.sampled_from([p for p in EDITED if "/" not in p]), max_size=40)
url_texts = st.lists(st.sampled_from([p for p in EDITED if not set(p) & DASHES]), max_size=40)


@settings(max_examples=400)
@given(texts, st.booleans(), st.booleans())
def test_edits_equal_the_token_scan_on_tricky_text(raw: str, fold_case: bool, join: bool) -> None:
    assert_same(raw, fold_case, join)


@settings(max_examples=300)
@given(st.one_of(edited_texts, url_texts).map("".join), st.booleans(), st.booleans())
def test_edits_equal_the_token_scan_where_they_apply(raw: str, fold_case: bool, join: bool) -> None:
    text = blank_furniture(normaliser.fold_lookalikes(raw))
    assert normaliser._by_edits(text, normaliser._non_ascii(text), fold_case, join) is not None
    assert_same(raw, fold_case, join)


@settings(max_examples=100)
@given(st.lists(texts, min_size=2, max_size=5), st.booleans(), st.booleans())
def test_edits_equal_the_token_scan_on_paged_text(
    paged: list[str], fold_case: bool, join: bool
) -> None:
    assert_same(pages(paged), fold_case, join)


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=200), st.booleans(), st.booleans())
def test_edits_equal_the_token_scan_on_any_text(raw: str, fold_case: bool, join: bool) -> None:
    assert_same(raw, fold_case, join)


@pytest.mark.parametrize("name", SEEDS)
@pytest.mark.parametrize("fold_case", [True, False])
@pytest.mark.parametrize("join", [False, True])
def test_edits_equal_the_token_scan_on_the_seeds(name: str, fold_case: bool, join: bool) -> None:
    raw = seed_text(name)
    text = blank_furniture(normaliser.fold_lookalikes(raw))
    # The seeds take the edits, so this test compares the two paths and not one with itself.
    assert normaliser._by_edits(text, normaliser._non_ascii(text), fold_case, join) is not None
    assert_same(raw, fold_case, join)


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        ("a  - b", "a-b"),
        ("a http://x.org - b", "a-b"),  # a dash beside a URL: the token scan's narrower span
        ("govern-\nwww.x.kz ment", "govern-ment"),
        ("e\u0301t\u00e9", "\u00e9t\u00e9"),  # a combining mark: the token scan
        ("zero\u200bwidth", "zerowidth"),
        ("it\u2019s \u201cfine\u201d\u2026 ", 'it\'s "fine"... '),
    ],
)
def test_texts_the_edits_leave_to_the_token_scan_read_the_same(raw: str, text: str) -> None:
    assert normalize(raw).text == text
    assert_same(raw, True, True)


# Texts whose only edits are of their whitespace: words (ASCII, no backquote, hyphens only
# inside them) between whitespace of every kind, one character or a run, at the start and the
# end too.
SPACED_WORDS = [
    "Kazakh", "govern", "A", "b", "7", "12", "_", ".", ",", "'", '"', "Page", "(x)", "so-called",
    "twelve-year", "a-b-c", "2-3", "x-.", "(-1)",
]  # fmt: skip
WHITESPACE = ["", " ", "\n", "\t", "\r", "\x0b", "\x1c", "  ", "\n\n", "\r\n", " \n ", "\t \n"]
spaced_texts = st.tuples(
    st.sampled_from(WHITESPACE),
    st.lists(st.tuples(st.sampled_from(SPACED_WORDS), st.sampled_from(WHITESPACE)), max_size=30),
).map(lambda text: text[0] + "".join(word + space for word, space in text[1]))


@settings(max_examples=400)
@given(spaced_texts, st.booleans(), st.booleans())
def test_a_text_with_edits_of_whitespace_only_reads_as_the_token_scan(
    raw: str, fold_case: bool, join: bool
) -> None:
    assert normaliser._spaces_only(raw, fold_case) is not None
    assert_same(raw, fold_case, join)


OTHER_EDITS = ["A -b", "A- b", "-A", "A-", "A--b", "A-\nb", "A\n-b", "A`b", "A\fb", "a http://x.kz"]


@pytest.mark.parametrize("raw", [*OTHER_EDITS, "www.kz", "\u00e9"])
def test_a_text_with_other_edits_is_not_read_by_its_whitespace_alone(raw: str) -> None:
    assert normaliser._spaces_only(raw, True) is None
    assert_same(raw, True, True)
