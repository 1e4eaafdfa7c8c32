"""A quote whose source was edited around it is found where its stored text moved to, with the
verdict a search of the whole source gives, without normalising the whole source. On a real
seed passage (001): "Natalia Sokolova, a lawyer advising striking oil workers who \\n\\nwas
imprisoned for six years in August 2011"."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from kzfacts.text.anchor import (
    Anchor,
    Anchoring,
    PreparedSource,
    Verdict,
    anchor_quote,
    split_fragments,
)
from kzfacts.text.normalize import squash
from kzfacts.text.stored_place import reads_as_fragment as _reads_as_fragment
from tests.conftest import seed_text

EXACT = "Natalia Sokolova, a lawyer advising striking oil workers who was imprisoned for six years"
INEXACT = EXACT.replace("workers", "wrokers")  # a typo: inexact, an ordinary word
TOP = "An editor's note: this report was corrected on 2 April 2012.\n\n"


def anchored(quote: str, raw: str, hint: Anchor | None = None) -> tuple[Anchoring, bool]:
    """The anchoring, and whether the whole source was normalised for it."""
    source = PreparedSource(raw)
    return anchor_quote(quote, source, hint=hint), "plain" in vars(source)


def test_a_moved_quote_is_found_where_its_text_moved_without_normalising_the_source() -> None:
    raw = seed_text("001")
    for quote, verdict in ((EXACT, Verdict.EXACT), (INEXACT, Verdict.INEXACT)):
        first, _ = anchored(quote, raw)
        assert first.verdict is verdict and first.anchor is not None
        moved, normalised = anchored(quote, TOP + raw, first.anchor)
        searched, _ = anchored(quote, TOP + raw)  # no stored anchor: a search of the whole text
        assert not normalised
        assert moved == searched
        assert moved.anchor is not None
        assert (moved.anchor.start, moved.anchor.end) == (
            first.anchor.start + len(TOP),
            first.anchor.end + len(TOP),
        )


def test_a_moved_inexact_quote_keeps_its_differences() -> None:
    raw = seed_text("001")
    first, _ = anchored(INEXACT, raw)
    assert first.anchor is not None
    moved, _ = anchored(INEXACT, TOP + raw, first.anchor)
    assert [(d.quote, d.source) for d in moved.diffs] == [("wrokers", "workers")]


def test_a_copy_of_the_quote_in_the_same_words_around_it_is_searched_for() -> None:
    """Two places hold the stored text with its stored context: the search decides (and cannot:
    the same words around both)."""
    raw = seed_text("001")
    first, _ = anchored(EXACT, raw)
    assert first.anchor is not None
    start, end = first.anchor.start, first.anchor.end
    copied = raw[start - 40 : end + 40] + "\n\n" + raw
    moved, normalised = anchored(EXACT, copied, first.anchor)
    assert normalised
    assert moved.verdict is Verdict.AMBIGUOUS


def test_a_copy_of_the_quote_in_other_words_does_not_take_it() -> None:
    raw = seed_text("001")
    first, _ = anchored(INEXACT, raw)
    assert first.anchor is not None
    copied = "As the report put it: " + first.anchor.exact + ".\n\n" + raw
    moved, normalised = anchored(INEXACT, copied, first.anchor)
    assert not normalised
    assert moved.anchor is not None
    copy_end = len("As the report put it: ") + len(first.anchor.exact)
    assert moved.anchor.start == first.anchor.start + copy_end + len(".\n\n")


def _fragment_of(quote: str) -> str | None:
    fragments = split_fragments(quote)
    return fragments[0] if len(fragments) == 1 else None


def test_a_place_is_read_as_the_quote_exactly_when_its_normalised_text_is() -> None:
    """The stored and moved places of a quote are told without normalising them when they are
    plain ASCII; on the seed passage, its text broken over other lines reads as the quote, and
    the text of the same length beside it (other words), or with one digit changed, does not."""
    raw = seed_text("001")
    start = raw.index("Natalia Sokolova")
    passage = raw[start : start + len(EXACT) + 2]  # as the source breaks it ("who \n\nwas")
    assert "\n" in passage and passage.split() == EXACT.split()
    fragment = squash(EXACT)
    assert _reads_as_fragment(passage.strip(), EXACT, fragment)
    assert _reads_as_fragment(EXACT.upper(), EXACT, fragment)  # case aside: normalised, equal
    beside = raw[start + len(passage) : start + 2 * len(passage)]
    assert not _reads_as_fragment(beside, EXACT, fragment)
    assert not _reads_as_fragment(passage.replace("six", "sex"), EXACT, fragment)


_PIECES = st.sampled_from(
    ["a", "B", "7", " ", "  ", "\n", "\t", "-", " - ", "—", ".", "...", "…", ",", "'", "`", "’",
     "http://x.kz", "WWW.kz", "é", "e\u0301", "ﬁ", "\f", "\u00ad", "Ѕ", "word", "Word", "10"]
)  # fmt: skip
_TEXTS = st.lists(_PIECES, max_size=12).map("".join)


@settings(max_examples=400, deadline=None)
@given(text=_TEXTS, quote=_TEXTS)
@example(text="a\n-\tB", quote="a - b")
@example(text="Word 10", quote="word  10")
@example(text="http://x.kz word", quote="word")
def test_reading_a_place_as_the_quote_agrees_with_normalising_it(text: str, quote: str) -> None:
    fragment = _fragment_of(quote)
    if fragment is None:
        return
    for place in (text, quote, text + quote):
        assert _reads_as_fragment(place, quote, fragment) == (squash(place) == fragment)
