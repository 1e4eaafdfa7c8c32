"""The ids offered for an unknown one: the index finds exactly what scoring every id finds."""

from __future__ import annotations

import random
import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz, process, utils

from kzfacts.checks.fact_ids import INDEX_AT, IdIndex
from kzfacts.checks.fact_index import FactBase
from kzfacts.store.models import Fact

SEED_IDS = sorted(
    re.findall(
        r"^- id: (\S+)$", "".join(p.read_text() for p in Path("seeds/facts").iterdir()), re.M
    )
)


def every_id(
    ids: list[str], key: str, limit: int = 3, cutoff: float = 80.0
) -> list[tuple[str, float]]:
    """The brute force: the key scored against every id."""
    found = process.extract(
        utils.default_process(key),
        [utils.default_process(i) for i in ids],
        scorer=fuzz.token_set_ratio,
        processor=None,
        limit=limit,
        score_cutoff=cutoff,
    )
    return [(ids[i], score) for _words, score, i in found]


def indexed(ids: list[str]) -> IdIndex:
    index = IdIndex(ids)
    index.index()
    return index


def typo(word: str, rng: random.Random) -> str:
    """The id with two neighbouring letters swapped, one dropped or one doubled."""
    at = rng.randrange(max(1, len(word) - 1))
    kind = rng.randrange(3)
    if kind == 0 and len(word) > 1:
        return word[:at] + word[at + 1] + word[at] + word[at + 2 :]
    if kind == 1:
        return word[:at] + word[at + 1 :]
    return word[:at] + word[at] + word[at:]


def test_the_seed_ids_mistyped_find_what_every_id_finds() -> None:
    assert len(SEED_IDS) > 100
    index = indexed(SEED_IDS)
    rng = random.Random(17)
    keys = [typo(i, rng) for i in SEED_IDS]
    keys += ["zhovtis-sentense", "zhanaozen-death-toll", "nothing-like-it", "2012", "date", ""]
    for key in keys:
        assert index.closest(key, 3, 80.0) == every_id(SEED_IDS, key), key


def test_a_mistyped_seed_id_is_offered_with_its_score() -> None:
    index = indexed(SEED_IDS)
    assert index.closest("madrid-commitments-dtae", 3, 80.0) == [
        ("madrid-commitments-date", 95.65217391304348)
    ]
    assert index.closest("nothing-like-it", 3, 80.0) == []


def generated_ids(count: int, rng: random.Random) -> list[str]:
    """Ids as a large fact base names them: a number, a predicate, a repeat."""
    predicates = ["event-date", "sentence-length", "detained-count", "amount", "count"]
    ids = []
    for n in range(count):
        base = f"f{rng.randrange(count // 4):06d}-{rng.choice(predicates)}"
        ids.append(base if n % 3 else f"{base}-{n % 7 + 2}")
    return list(dict.fromkeys(ids))


def test_generated_ids_with_ties_find_what_every_id_finds() -> None:
    rng = random.Random(3)
    ids = generated_ids(4000, rng)
    index = indexed(ids)
    keys = [typo(rng.choice(ids), rng) for _ in range(150)]
    keys += ["f000123", "event-date", "event date 2", "f00012", "count count", "f000123-x-y-z"]
    for key in keys:
        for limit, cutoff in ((3, 80.0), (1, 90.0), (10, 60.0)):
            assert index.closest(key, limit, cutoff) == every_id(ids, key, limit, cutoff), key


def test_an_id_repeating_the_keys_word_counts_once_among_the_first_scored() -> None:
    # "0-0-0" holds the key's word three times; scored three times as a seed, it filled the
    # three places and hid "00", whose score (66.7) reaches the cutoff.
    assert indexed(["00", "0-0-0"]).closest("0", 3, 50.0) == [
        ("0-0-0", 100.0),
        ("00", 66.66666666666666),
    ]
    assert every_id(["00", "0-0-0"], "0", 3, 50.0) == indexed(["00", "0-0-0"]).closest("0", 3, 50.0)


_WORD = st.text(alphabet="abcde01", min_size=1, max_size=6)
_ID = st.lists(_WORD, min_size=1, max_size=4).map("-".join)


@settings(max_examples=300, deadline=None)
@given(st.lists(_ID, min_size=1, max_size=60), _ID, st.sampled_from([50.0, 70.0, 80.0, 95.0]))
def test_the_index_finds_what_scoring_every_id_finds(
    ids: list[str], key: str, cutoff: float
) -> None:
    assert indexed(ids).closest(key, 3, cutoff) == every_id(ids, key, 3, cutoff)


def test_a_base_indexes_its_ids_for_many_unknown_keys_only() -> None:
    rng = random.Random(5)
    ids = generated_ids(400, rng)
    keys = [typo(i, rng) for i in ids[:INDEX_AT]]
    base = FactBase([Fact(id=i, predicate="count", value="1") for i in ids])
    base.expect_unknown(keys[:-1])
    assert base._ids is None  # too few: each is scored against every id
    before = [base.closest_ids(k) for k in keys[:2]]
    assert base._ids is not None and not base._ids.indexed
    base.expect_unknown(keys)
    assert not base._ids.indexed  # two of them are known already
    base.expect_unknown([*keys, "another-one", "and-another"])
    assert base._ids.indexed
    after = [base.closest_ids(k) for k in keys]
    assert after[:2] == before
    for key, closest in zip(keys, after, strict=True):
        found = every_id(ids, key)
        best = found[0][1] if found else 0.0
        assert closest == [i for i, score in found if score >= best - 5]


def test_ids_indexed_for_some_keys_find_for_others_what_every_id_finds() -> None:
    # The words of the keys given are indexed at once, a later key's when it is looked up.
    rng = random.Random(11)
    ids = generated_ids(3000, rng)
    expected = [typo(rng.choice(ids), rng) for _ in range(INDEX_AT)]
    index = IdIndex(ids)
    index.index(expected)
    words = {w for key in expected for w in utils.default_process(key).split()}
    assert set(index._by_word) == words
    later = ["f000123-evnet-dtae", "amuont", "f00012-count-3", "event-date-9", "x"]
    for key in expected + later:
        for limit, cutoff in ((3, 80.0), (1, 95.0), (10, 50.0)):
            assert index.closest(key, limit, cutoff) == every_id(ids, key, limit, cutoff), key
    assert {"evnet", "dtae", "amuont", "x"} <= set(index._by_word)
    assert index._by_word["evnet"] == []


def test_the_length_window_keeps_an_id_at_its_edge() -> None:
    # "abcd" against "abcdefgh" (2·4 / 12) and "ab" (2·2 / 6): 66.7, the most their lengths
    # allow, and it is their score; at the cutoff 66 they are found, at 67 they are not.
    ids = ["abcdefgh", "abcdefghijklmnop", "ab"]
    for cutoff in (66.0, 67.0, 50.0, 80.0):
        assert indexed(ids).closest("abcd", 3, cutoff) == every_id(ids, "abcd", 3, cutoff)
    assert indexed(ids).closest("abcd", 3, 66.0) == [
        ("abcdefgh", 66.66666666666666),
        ("ab", 66.66666666666666),
    ]
    assert indexed(ids).closest("abcd", 3, 67.0) == []


@settings(max_examples=200, deadline=None)
@given(
    st.lists(_ID, min_size=1, max_size=60),
    st.lists(_ID, min_size=1, max_size=5),
    st.sampled_from([50.0, 70.0, 80.0, 95.0]),
)
def test_ids_indexed_for_their_keys_find_what_scoring_every_id_finds(
    ids: list[str], keys: list[str], cutoff: float
) -> None:
    index = IdIndex(ids)
    index.index(keys[:2])
    for key in keys:
        assert index.closest(key, 3, cutoff) == every_id(ids, key, 3, cutoff)
