"""A quote not found in its own source is looked for in the others (misattribution). A
source is read only when its skeleton holds the skeleton of each of the quote's fragments
(`text.skeleton`): a first look that must never pass over a source where the full search
finds the quote, whatever the layout of the source between and inside the quoted words."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kzfacts.checks.quotes import _Wanted, find_all_elsewhere, find_elsewhere
from kzfacts.text.anchor import PreparedSource, anchor_quote, contains_exactly
from kzfacts.text.normalize import normalize, readings
from kzfacts.text.skeleton import skeleton, source_skeleton

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
RAWS = {p.stem[:3]: p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))}

# Stated by the 2009 letter (000) only.
SPECIFIC = (
    "gives specific recommendations for steps the government of Kazakhstan should be taking "
    "to fulfill these obligations"
)
EXPRESSED = (
    "Both the EU and the US expressed their concern regarding the adoption of the internet law"
)
ZHOVTIS = "the sentencing of journalist Ramazan Yesergepov, and the fair trial violations"
THROUGHOUT = (
    "Throughout 2009, the European Union and the United States as well as the OSCE's "
    "representative on freedom of the media"
)


def edited(quote: str, old: str, new: str) -> str:
    """The 2009 letter with `old` replaced by `new` inside its one statement of `quote`."""
    raw = RAWS["000"]
    start = raw.index(quote)
    assert raw.count(quote) == 1 and old in quote
    end = start + len(quote)
    return raw[:start] + quote.replace(old, new, 1) + raw[end:]


# (case, the quote in the letter, what stands in it, what the letter prints instead, the quote
# as the editor typed it when it differs)
LAYOUTS = [
    ("URL footer", SPECIFIC, "c r", "c\nhttps://www.hrw.org/news/2009/11/24/letter\nr", ""),
    ("page break", SPECIFIC, "c r", "c\n\fr", ""),
    ("ligature", SPECIFIC, "specific", "speciﬁc", ""),
    ("full-width letters", SPECIFIC, "Kazakhstan", "Ｋａｚａｋｈｓｔａｎ", ""),
    ("full-width digits", THROUGHOUT, "2009", "２００９", ""),
    ("sharp s", EXPRESSED, "expressed", "expreßed", ""),
    ("Cyrillic look-alikes", SPECIFIC, "recommend", "rеcоmmend", ""),
    ("zero-width space", SPECIFIC, "recommendations", "recommen\u200bdations", ""),
    ("soft hyphen", SPECIFIC, "recommend", "recom\u00admend", ""),
    ("line-end hyphen", SPECIFIC, "recommend", "recommen-\nd", ""),
    ("curly apostrophe", THROUGHOUT, "OSCE's", "OSCE’s", ""),
    ("en dash", ZHOVTIS, ", and", " – and", ZHOVTIS.replace(", and", " - and")),
    (
        "em dash",
        ZHOVTIS,
        "journalist Ramazan",
        "journalist—Ramazan",
        ZHOVTIS.replace("t R", "t - R"),
    ),
]


def sources(letter: str) -> dict[str, PreparedSource]:
    """The seeds, the letter (000) as given, all but 002: a quote is cited to 002."""
    texts = {**RAWS, "000": letter}
    return {sid: PreparedSource(raw) for sid, raw in texts.items() if sid != "002"}


@pytest.mark.parametrize(
    ("quote", "old", "new", "typed"), [c[1:] for c in LAYOUTS], ids=[c[0] for c in LAYOUTS]
)
def test_a_quote_cited_to_the_wrong_source_is_found_through_the_layout(
    quote: str, old: str, new: str, typed: str
) -> None:
    typed = typed or quote
    letter = edited(quote, old, new)
    assert new in letter and typed not in letter  # the layout stands between or in the words
    others = sources(letter)
    assert anchor_quote(typed, others["000"]).accepted  # the full search finds it there
    assert find_elsewhere(typed, others) == "000"
    wanted = [(typed, "002"), ("words no seed has ever printed in this order", "002")]
    assert find_all_elsewhere(wanted, others.items()) == ["000", None]


def test_the_quote_in_no_source_is_still_not_found() -> None:
    """The honest neighbour: a quote no seed states has no source to name: a word changed,
    the letter replaced by another seed, or a word split in two, whose skeleton the letter
    holds (the first look lets the letter through; the full search says no)."""
    letter = edited(SPECIFIC, "specific", "speciﬁc")
    changed = SPECIFIC.replace("fulfill", "ignore")
    assert find_elsewhere(changed, sources(letter)) is None
    assert find_elsewhere(SPECIFIC, sources(RAWS["002"])) is None
    split = SPECIFIC.replace("recommendations", "recommend ations")
    assert _Wanted(split, "002").may_be_in(source_skeleton(letter))
    assert find_elsewhere(split, sources(letter)) is None


def test_fragments_of_an_elided_quote_need_not_stand_side_by_side() -> None:
    """The skeleton of each fragment is looked for on its own: an elision may leave out
    the words between them."""
    elided = "gives specific recommendations [...] to fulfill these obligations"
    assert anchor_quote(elided, PreparedSource(RAWS["000"])).accepted
    assert find_elsewhere(elided, sources(RAWS["000"])) == "000"


def test_skeleton_of_each_seed_as_the_normaliser_reads_it() -> None:
    for sid, raw in RAWS.items():
        plain, joined = readings(raw)
        assert source_skeleton(raw) == skeleton(plain.text) == skeleton(joined.text), sid
    assert skeleton("Kazakhstan’s 2010 chair-\nmanship") == b"kazakhstans2010chairmanship"
    assert source_skeleton("Straße\u200b ﬁnal ４ www.x.org/a?b=1 end") == b"strassefinal4end"
    assert source_skeleton("cafe\u0301") is None  # composed with the letter before it


def test_an_audits_lost_quotes_are_looked_for_in_one_pass() -> None:
    """Several not-found quotes at once: each gets what a search of its own finds, and each
    source is prepared once, in order, and only while some quote is still looked for."""
    wanted = [
        ("was released from prison on 8 March 2012", "002"),  # 001 states it
        ("was released from prison on 8 March 2012", "001"),  # no other seed does
        ("was sentenced to four years' imprisonment following an unfair trial", "003"),
        ("words no seed has ever printed in this order", None),
    ]
    prepared: list[str] = []

    def prepare(sid: str) -> PreparedSource:
        prepared.append(sid)
        return PreparedSource(RAWS[sid])

    def lazily(sid: str) -> Callable[[], PreparedSource]:
        return lambda: prepare(sid)

    found = find_all_elsewhere(wanted, ((sid, lazily(sid)) for sid in RAWS))
    texts = {sid: PreparedSource(raw) for sid, raw in RAWS.items()}
    one_by_one = [
        find_elsewhere(q, {k: v for k, v in texts.items() if k != own}) for q, own in wanted
    ]
    assert found == one_by_one
    assert found == ["001", None, "000", None]
    assert prepared == sorted(RAWS)  # each once, in order

    prepared.clear()
    assert find_all_elsewhere(wanted[:1], ((s, lazily(s)) for s in RAWS)) == ["001"]
    assert prepared == ["000", "001"]  # found in 001: nothing after it is read


# Layout a source may hold anywhere: each is read by the normaliser as something else.
NOISE = [
    "ﬁ", "ﬂ", "Ｆ", "４", "ß", "ẞ", "K", "İ", "½", "™", "…", "о", "е", "а", "Ж",
    "\u200b", "\u00ad", "\ufeff", "-\n", "‐\n", "’", "“", "—", " – ", "\xa0", "\t", "\n\n",
    "\nhttps://example.org/a-b?c=1\n", "www.x.org/p", "http://y", "\f", "\n\f", "é", "`", "e\u0301",
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(sorted(RAWS)),
    st.integers(0, 10**6),
    st.lists(st.tuples(st.integers(0, 400), st.sampled_from(NOISE)), max_size=12),
    st.integers(4, 30),
)
def test_the_skeleton_never_passes_over_a_source_that_holds_the_quote(
    sid: str, at: int, edits: list[tuple[int, str]], words: int
) -> None:
    """Random layout put into a passage of a seed: the source's skeleton is the normalised
    text's, and a quote taken from the normalised text (any run of words, an elision
    between) is never passed over where the full search finds it."""
    raw = RAWS[sid]
    start = at % max(1, len(raw) - 600)
    passage = raw[start : start + 600]
    for offset, noise in sorted(edits, reverse=True):
        passage = passage[:offset] + noise + passage[offset:]
    plain, joined = readings(passage)
    shape = source_skeleton(passage)
    if shape is not None:
        assert shape == skeleton(plain.text) == skeleton(joined.text)
    tokens = normalize(passage).text.split()
    first = len(tokens) // 3
    quote = " ".join(tokens[first : first + words])
    if len(tokens) > first + words + 6:
        quote += " ... " + " ".join(tokens[first + words + 2 : first + words + 6])
    source = PreparedSource(passage)
    if contains_exactly(quote, source):
        assert _Wanted(quote, None).may_be_in(shape)
