"""`find_elsewhere` looks for a not-found quote's word pairs in every other source; its search
tests the word boundary itself so that the pattern can skip to each pair's first letters.
These tests hold it to the pattern with a leading `\\b` on the seed texts and random text."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from kzfacts.checks.quotes import _word_search, find_all_elsewhere, find_elsewhere
from kzfacts.text.anchor import PreparedSource

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def both(a: str, b: str, text: str) -> tuple[bool, bool]:
    fast = _word_search(re.compile(rf"{re.escape(a)}\W+{re.escape(b)}\b"), text)
    plain = bool(re.search(rf"\b{re.escape(a)}\W+{re.escape(b)}\b", text))
    return fast, plain


def test_pairs_of_the_seed_texts_found_as_before() -> None:
    text = next(SEEDS.glob("001*.txt")).read_text(encoding="utf-8").lower()
    words = re.findall(r"[a-z0-9]+", text)
    pairs = {(a, b) for a, b in zip(words[::97], words[1::97], strict=False)}
    pairs |= {("six", "years"), ("released", "from"), ("from", "prison"), ("ix", "years")}
    found = {pair: both(*pair, text) for pair in sorted(pairs)}
    assert all(fast == plain for fast, plain in found.values())
    assert found["six", "years"] == (True, True)
    assert found["ix", "years"] == (False, False)  # "six years" holds it inside a word
    # "...defenders" holds "rs defender" only inside words: no pair
    assert both("ers", "defender", "the defenders defender") == (False, False)


@settings(max_examples=400, deadline=None)
@given(
    st.sampled_from(["ab", "a", "b1", "x"]),
    st.sampled_from(["ab", "b", "1", "y"]),
    st.lists(st.sampled_from([*"abxy1_ é-.\n", "ab", "xab"]), max_size=40).map("".join),
)
def test_random_text_found_as_before(a: str, b: str, text: str) -> None:
    fast, plain = both(a, b, text)
    assert fast == plain


def test_a_quote_cited_to_the_wrong_seed_is_found_in_its_own() -> None:
    """001 states it; no other seed does: cited to another, it is found in 001."""
    quote = "was released from prison on 8 March 2012"
    texts = {p.stem[:3]: PreparedSource(p.read_text(encoding="utf-8")) for p in SEEDS.glob("*.txt")}
    assert len(texts) >= 5
    assert find_elsewhere(quote, {k: v for k, v in texts.items() if k != "002"}) == "001"
    assert find_elsewhere(quote, {k: v for k, v in texts.items() if k != "001"}) is None


def test_an_audits_lost_quotes_are_looked_for_in_one_pass() -> None:
    """Several not-found quotes at once: each gets what a search of its own finds, and each
    source is prepared once, in order, and only while some quote is still looked for."""
    raws = {p.stem[:3]: p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))}
    wanted = [
        ("was released from prison on 8 March 2012", "002"),  # 001 states it
        ("was released from prison on 8 March 2012", "001"),  # no other seed does
        ("was sentenced to four years' imprisonment following an unfair trial", "003"),
        ("words no seed has ever printed in this order", None),
    ]
    prepared: list[str] = []

    def prepare(sid: str) -> PreparedSource:
        prepared.append(sid)
        return PreparedSource(raws[sid])

    found = find_all_elsewhere(wanted, ((sid, lambda s=sid: prepare(s)) for sid in raws))
    texts = {sid: PreparedSource(raw) for sid, raw in raws.items()}
    one_by_one = [
        find_elsewhere(q, {k: v for k, v in texts.items() if k != own}) for q, own in wanted
    ]
    assert found == one_by_one
    assert found == ["001", None, "000", None]
    assert prepared == sorted(raws)  # each once, in order

    prepared.clear()
    assert find_all_elsewhere(wanted[:1], ((s, lambda s=s: prepare(s)) for s in raws)) == ["001"]
    assert prepared == ["000", "001"]  # found in 001: nothing after it is read
