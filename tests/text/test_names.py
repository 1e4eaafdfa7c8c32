"""Name folding and entity resolution across transliterations (kzfacts.text.names)."""

from __future__ import annotations

import string
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kzfacts.text.names import (
    NameCandidate,
    NameIndex,
    NameMatch,
    Resolution,
    is_partial_name,
    probable_duplicates,
    resolve_name,
)
from kzfacts.text.transliteration import fold_name

# Entities as the seed documents name them, plus the rivals that make a wrong merge visible:
# a second Yevgeniy, a second Kozlov, the satirical "Notnazarbaev", two Helsinki Committees.
SEED = (
    NameCandidate("zhovtis", ("Evgeniy Zhovtis",)),
    NameCandidate("tankov", ("Yevgeniy Tankov",)),
    NameCandidate("nazarbayev", ("Nursultan Nazarbayev",)),
    NameCandidate("notnazarbaev", ("Notnursultan Notabishevich Notnazarbaev",)),
    NameCandidate("viniavskii", ("Igor Vinyavsky",)),
    NameCandidate("tuyakbai", ("Zharmakhan Tuyakbay",)),
    NameCandidate("tajigulov", ("Marat Tajigulov",)),
    NameCandidate("kozlov", ("Vladimir Kozlov",)),
    NameCandidate("kozlov-a", ("Aleksandr Kozlov",)),
    NameCandidate(
        "kibhr", ("Kazakhstan International Bureau for Human Rights and Rule of Law", "KIBHR")
    ),
    NameCandidate("iphr", ("International Partnership for Human Rights", "IPHR")),
    NameCandidate("hrw", ("Human Rights Watch",)),
    NameCandidate("norhc", ("Norwegian Helsinki Committee", "NorHC")),
)
INDEX = NameIndex(SEED)


def ids(matches: tuple[NameMatch, ...] | list[NameMatch]) -> list[str]:
    return [m.entity_id for m in matches]


# ---------------------------------------------------------------------------- fold_name


@pytest.mark.parametrize(
    "spellings",
    [
        ("Yevgeniy", "Evgeniy", "Evgeny", "Yevgeny", "Evgenii", "Евгений", "YEVGENIY"),
        ("Nazarbaev", "Nazarbayev", "Назарбаев"),
        ("Viniavskii", "Vinyavsky", "Viniavsky", "Vinyavskiy", "Виньявский"),
        ("Zharmahan", "Zharmakhan", "Жармахан"),
        ("Tuyakbai", "Tuyakbay", "Туякбай", "Tuyakbaý"),
        ("Tajigulov", "Tazhigulov", "Таджигулов"),
        ("Zhanaozen", "Žanaozen", "Janaozen", "Жаңаөзен"),
        ("Il'yas", "Ilyas", "Ilias", "Ильяс"),
        ("Grigoryev", "Grigoriev", "Григорьев"),
        ("Kassymov", "Kasymov"),
        ("Tuletaeva", "Tuletayeva"),
        ("Yerlan", "Erlan"),
        ("Natalya", "Natalia", "Nataliya"),
        ("Aleksandr", "Alexandr"),
    ],
)
def test_transliteration_variants_share_one_key(spellings: tuple[str, ...]) -> None:
    keys = {fold_name(s) for s in spellings}
    assert len(keys) == 1, keys


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Tankov", "Zhovtis"),
        ("Nazarbaev", "Notnazarbaev"),
        ("Igor", "Yegor"),
        ("Norwegian", "Netherlands"),
        ("2011", "2012"),
    ],
)
def test_different_names_keep_different_keys(a: str, b: str) -> None:
    assert fold_name(a) != fold_name(b)


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("  Yevgeniy \t ZHOVTIS\n", "evgeni jovtis"),
        ("Tuyakbai, Zh.", "tuakbai j"),
        ("Lopez-Garcia", "lopez garcia"),
        ("O’Brien", "obrien"),
        ("Kazakhstan’s", "kazahstans"),
        ("December 2011", "december 2011"),
        ("", ""),
        (" .,- ", ""),
    ],
)
def test_fold_name_exact_output(name: str, key: str) -> None:
    assert fold_name(name) == key


@settings(max_examples=500)
@given(st.text())
def test_fold_name_is_idempotent_and_total(text: str) -> None:
    key = fold_name(text)
    assert fold_name(key) == key
    assert key == " ".join(key.split())  # whitespace collapsed, no edges
    assert all(ch.isalnum() or ch == " " for ch in key)


@given(st.text(alphabet=string.ascii_letters + " -.'", max_size=40))
def test_fold_name_ignores_case(text: str) -> None:
    assert fold_name(text) == fold_name(text.upper()) == fold_name(text.lower())


# ---------------------------------------------------------------------------- exact


def test_exact_match_is_case_and_space_insensitive() -> None:
    result = INDEX.resolve("  evgeniy   ZHOVTIS ")
    assert result == Resolution(
        "exact", NameMatch("zhovtis", "Evgeniy Zhovtis", 100.0, exact=True), ()
    )


def test_acronym_needs_its_alias() -> None:
    # An acronym is nothing like the name it abbreviates: only the alias makes it resolve.
    full_name_only = [NameCandidate("kibhr", (SEED[9].names[0],))]
    assert resolve_name("KIBHR", full_name_only).kind == "new"
    result = INDEX.resolve("kibhr")
    assert result.kind == "exact"
    assert result.match == NameMatch("kibhr", "KIBHR", 100.0, exact=True)


def test_alias_shared_by_two_entities_is_ambiguous() -> None:
    candidates = [
        NameCandidate("kozlov", ("Vladimir Kozlov", "Kozlov")),
        NameCandidate("kozlov-a", ("Aleksandr Kozlov", "Kozlov")),
    ]
    result = resolve_name("KOZLOV", candidates)
    assert result.kind == "ambiguous"
    assert result.match is None
    assert result.alternatives == (
        NameMatch("kozlov", "Kozlov", 100.0, exact=True),
        NameMatch("kozlov-a", "Kozlov", 100.0, exact=True),
    )


def test_repeated_alias_of_one_entity_is_still_exact() -> None:
    candidates = [
        NameCandidate("nazarbayev", ("Nursultan Nazarbayev", "nursultan  nazarbayev")),
        NameCandidate("nazarbayev", ("Nazarbayev",)),
    ]
    assert resolve_name("Nursultan Nazarbayev", candidates).kind == "exact"


# ---------------------------------------------------------------------------- fuzzy


@pytest.mark.parametrize(
    ("name", "entity_id", "matched_name"),
    [
        ("Yevgeniy Zhovtis", "zhovtis", "Evgeniy Zhovtis"),
        ("Евгений Жовтис", "zhovtis", "Evgeniy Zhovtis"),
        ("Zhovtis Yevgeny", "zhovtis", "Evgeniy Zhovtis"),
        ("Evgeniy Tankov", "tankov", "Yevgeniy Tankov"),
        ("Nazarbaev", "nazarbayev", "Nursultan Nazarbayev"),
        ("President Nazarbaev", "nazarbayev", "Nursultan Nazarbayev"),
        ("Nursultan Abishevich Nazarbaev", "nazarbayev", "Nursultan Nazarbayev"),
        ("Igor Viniavskii", "viniavskii", "Igor Vinyavsky"),
        ("Zharmahan Tuyakbai", "tuyakbai", "Zharmakhan Tuyakbay"),
        ("Tuyakbai", "tuyakbai", "Zharmakhan Tuyakbay"),
        ("M. Tajigulov", "tajigulov", "Marat Tajigulov"),
        ("Zh. Tuyakbai", "tuyakbai", "Zharmakhan Tuyakbay"),
        ("Ye. Zhovtis", "zhovtis", "Evgeniy Zhovtis"),
        ("Y. Zhovtis", "zhovtis", "Evgeniy Zhovtis"),
        (
            "Kazakhstan International Bureau for Human Rights and the Rule of Law",
            "kibhr",
            "Kazakhstan International Bureau for Human Rights and Rule of Law",
        ),
    ],
)
def test_spelling_variants_resolve_to_their_entity(
    name: str, entity_id: str, matched_name: str
) -> None:
    result = INDEX.resolve(name)
    assert result.kind == "fuzzy", result
    assert result.match is not None
    assert (result.match.entity_id, result.match.matched_name) == (entity_id, matched_name)
    assert result.match.exact is False
    assert 90.0 <= result.match.score <= 100.0
    assert result.alternatives == ()


@pytest.mark.parametrize("name", ["Aleksandr Kozlov", "A. Kozlov", "Kozlov"])
def test_surname_with_initials_format(name: str) -> None:
    # Russian citation style: surname, then given-name and patronymic initials.
    result = resolve_name(name, [NameCandidate("kozlov", ("Kozlov A. K.",))])
    assert result.kind == "fuzzy", result


@pytest.mark.parametrize(
    ("name", "candidate"),
    [("Anna Kozlova", "Kozlov A. K."), ("A. Kozlova", "Kozlov Aleksandr K.")],
)
def test_matching_initials_alone_do_not_make_a_match(name: str, candidate: str) -> None:
    # Her surname is the feminine form of his; that both begin with A. and K. is no match.
    assert resolve_name(name, [NameCandidate("kozlov", (candidate,))]).kind == "new"


def test_a_full_spelling_beats_the_same_name_abbreviated() -> None:
    candidates = [
        NameCandidate("initial", ("M. Tajigulov",)),
        NameCandidate("full", ("Marat Tajigulov",)),
    ]
    result = resolve_name("Marat Tazhigulov", candidates)
    assert result.kind == "fuzzy"
    assert result.match is not None and result.match.entity_id == "full"


# ---------------------------------------------------------------------------- kept apart


@pytest.mark.parametrize(
    "name",
    [
        "Yevgeniya Tankova",  # feminine forms: another person
        "Nazarbaeva",
        "Aleksandra Kozlova",
        "Igor Vinyavskaya",
        "Evgeniy",  # a bare given name is not a person
        "Vladimir",
        "K. Tajigulov",  # initial does not fit Marat
        "I. Zhovtis",
        "M. T.",  # initials alone name nobody
        "Notnursultan Nazarbaev",  # one part differs
        "Netherlands Helsinki Committee",
        "Human Rights",  # a few words of many organisations
        "International Partnership",
        "President",
    ],
)
def test_names_sharing_only_some_parts_stay_new(name: str) -> None:
    result = INDEX.resolve(name)
    assert result.kind == "new", result
    assert result.match is None


def test_tankov_and_zhovtis_are_two_people() -> None:
    only_zhovtis = [NameCandidate("zhovtis", ("Evgeniy Zhovtis",))]
    assert resolve_name("Yevgeniy Tankov", only_zhovtis).kind == "new"
    only_tankov = [NameCandidate("tankov", ("Yevgeniy Tankov",))]
    assert resolve_name("Evgeniy Zhovtis", only_tankov).kind == "new"


@pytest.mark.parametrize("name", ["Evgeniy Zhovtis", "E. Zhovtis", "Zhovtis"])
def test_a_person_is_not_the_organisation_named_after_him(name: str) -> None:
    foundation = NameCandidate("fund", ("Evgeniy Zhovtis Foundation",))
    assert resolve_name(name, [foundation]).kind == "new"
    result = resolve_name(name, [foundation, SEED[0]])
    assert result.match is not None and result.match.entity_id == "zhovtis"
    assert resolve_name("Evgeniy Zhovtis Foundation", [SEED[0]]).kind == "new"


def test_nazarbaev_is_not_the_satirical_notnazarbaev() -> None:
    result = INDEX.resolve("Nazarbaev")
    assert result.match is not None and result.match.entity_id == "nazarbayev"
    without_him = [c for c in SEED if c.entity_id != "nazarbayev"]
    assert resolve_name("Nazarbaev", without_him).kind == "new"


# ---------------------------------------------------------------------------- ambiguous


def test_bare_surname_of_two_people_is_ambiguous() -> None:
    result = INDEX.resolve("Kozlov")
    assert result.kind == "ambiguous"
    assert result.match is None
    assert sorted(ids(result.alternatives)) == ["kozlov", "kozlov-a"]
    assert all(not m.exact and m.score >= 90.0 for m in result.alternatives)


def test_initial_fitting_two_people_is_ambiguous() -> None:
    candidates = [
        NameCandidate("marat", ("Marat Tajigulov",)),
        NameCandidate("mukhtar", ("Mukhtar Tajigulov",)),
        NameCandidate("serik", ("Serik Tajigulov",)),
    ]
    result = resolve_name("M. Tazhigulov", candidates)
    assert result.kind == "ambiguous"
    assert ids(result.alternatives) == ["marat", "mukhtar"]


def test_ambiguous_alternatives_are_capped_at_five_best_first() -> None:
    candidates = [NameCandidate(f"kim-{g}", (f"{g}leg Kim",)) for g in "ABCDEFG"]
    result = resolve_name("Kim", candidates)
    assert result.kind == "ambiguous"
    assert ids(result.alternatives) == [f"kim-{g}" for g in "ABCDE"]


def test_margin_decides_between_fuzzy_and_ambiguous() -> None:
    candidates = [
        NameCandidate("full", ("Nursultan Nazarbayev",)),  # scores 100
        NameCandidate("bare", ("Nursultan Abishevich Nazarbaev",)),  # one part more: 96
    ]
    clear = resolve_name("Nursultan Nazarbaev", candidates, margin=4.0)
    assert clear.kind == "fuzzy"
    assert clear.match is not None and clear.match.entity_id == "full"
    close = resolve_name("Nursultan Nazarbaev", candidates, margin=5.0)
    assert close.kind == "ambiguous"
    assert ids(close.alternatives) == ["full", "bare"]


# ---------------------------------------------------------------------------- new


def test_new_name_shows_near_misses_best_first() -> None:
    result = INDEX.resolve("Vladimir Kozlovskiy")
    assert result.kind == "new"
    assert result.alternatives, "a near miss is worth showing"
    assert result.alternatives[0].entity_id == "kozlov"
    scores = [m.score for m in result.alternatives]
    assert scores == sorted(scores, reverse=True)
    assert all(70.0 <= s < 90.0 for s in scores)


def test_threshold_is_respected() -> None:
    loose = INDEX.resolve("Nazarbaev", threshold=90.0)
    strict = INDEX.resolve("Nazarbaev", threshold=99.0)
    assert loose.kind == "fuzzy"
    assert strict.kind == "new"
    assert ids(strict.alternatives) == ["nazarbayev"]


@pytest.mark.parametrize(("threshold", "margin"), [(-1.0, 4.0), (100.5, 4.0), (90.0, -1.0)])
def test_bad_limits_are_refused(threshold: float, margin: float) -> None:
    with pytest.raises(ValueError, match=r"threshold|margin"):
        INDEX.resolve("Kozlov", threshold=threshold, margin=margin)


def test_no_candidates_and_empty_names() -> None:
    assert resolve_name("Evgeniy Zhovtis", []) == Resolution("new", None, ())
    assert INDEX.resolve("") == Resolution("new", None, ())
    assert INDEX.resolve(" - ") == Resolution("new", None, ())


def test_resolve_name_matches_the_index() -> None:
    for name in ("Yevgeniy Zhovtis", "Kozlov", "KIBHR", "Evgeniy", "Vladimir Kozlovskiy"):
        assert resolve_name(name, SEED) == INDEX.resolve(name)


# ---------------------------------------------------------------------------- duplicates


def test_probable_duplicates_finds_transliterations_only() -> None:
    candidates = [
        *SEED,
        NameCandidate("nazarbaev", ("Nazarbaev",)),
        NameCandidate("zhovtis-2", ("Yevgeniy Zhovtis",)),
    ]
    pairs = probable_duplicates(candidates)
    found = {(a.entity_id, b.entity_id) for a, b in pairs}
    assert found == {("zhovtis", "zhovtis-2"), ("nazarbayev", "nazarbaev")}
    first, second = pairs  # best first: the full-name pair scores 100
    assert first[0] == NameMatch("zhovtis", "Evgeniy Zhovtis", 100.0, exact=False)
    assert first[1] == NameMatch("zhovtis-2", "Yevgeniy Zhovtis", 100.0, exact=False)
    assert (second[0].matched_name, second[1].matched_name) == ("Nursultan Nazarbayev", "Nazarbaev")
    assert 92.0 <= second[0].score == second[1].score < 100.0


def test_probable_duplicates_ignores_an_entitys_own_aliases() -> None:
    candidates = [
        NameCandidate("nazarbayev", ("Nursultan Nazarbayev", "Nazarbaev", "Назарбаев")),
        NameCandidate("tankov", ("Yevgeniy Tankov",)),
        NameCandidate("zhovtis", ("Evgeniy Zhovtis", "Zhovtis")),
    ]
    assert probable_duplicates(candidates) == []


def test_probable_duplicates_marks_a_shared_exact_name() -> None:
    candidates = [
        NameCandidate("a", ("Vladimir Kozlov",)),
        NameCandidate("b", ("Aleksandr Kozlov", "vladimir  KOZLOV")),
    ]
    ((left, right),) = probable_duplicates(candidates)
    assert (left.entity_id, right.entity_id) == ("a", "b")
    assert left.exact and right.exact and left.score == 100.0


def test_probable_duplicates_threshold() -> None:
    candidates = [
        NameCandidate("full", ("Marat Tajigulov",)),
        NameCandidate("initial", ("M. Tajigulov",)),
    ]
    assert len(probable_duplicates(candidates, threshold=92.0)) == 1
    assert probable_duplicates(candidates, threshold=99.0) == []


NAME_PARTS = st.sampled_from(
    [
        "Evgeniy",
        "Yevgeniy",
        "Zhovtis",
        "Tankov",
        "Nazarbaev",
        "Nazarbayev",
        "Nursultan",
        "Kozlov",
        "Vladimir",
        "M.",
        "Marat",
        "Tajigulov",
        "Human",
        "Rights",
    ]
)
NAMES = st.lists(NAME_PARTS, min_size=1, max_size=4).map(" ".join)


@given(st.lists(st.lists(NAMES, min_size=1, max_size=3), min_size=2, max_size=6))
def test_probable_duplicates_do_not_depend_on_input_order(names: list[list[str]]) -> None:
    candidates = [NameCandidate(f"e{i}", tuple(n)) for i, n in enumerate(names)]

    def found(cands: list[NameCandidate]) -> dict[frozenset[str], float]:
        return {
            frozenset((a.entity_id, b.entity_id)): a.score for a, b in probable_duplicates(cands)
        }

    assert found(candidates) == found(candidates[::-1])


@given(NAMES, st.text(max_size=30))
def test_resolve_finds_a_candidate_by_its_own_name(name: str, noise: str) -> None:
    candidates = [NameCandidate("other", (noise,)), NameCandidate("me", (name,))]
    result = resolve_name(name, candidates)

    def exact_key(text: str) -> str:
        return " ".join(unicodedata.normalize("NFKC", text).casefold().split())

    if exact_key(noise) == exact_key(name):
        assert result.kind == "ambiguous"
    else:
        assert result.kind == "exact"
        assert result.match == NameMatch("me", name, 100.0, exact=True)


# ------------------------------------------------------------------ partial names, surnames

KOZLOVS = [NameCandidate("vladimir-kozlov", ("Vladimir Kozlov",), ("Kozlov",))]


@pytest.mark.parametrize("name", ["Dmitry Kozlov", "D. Kozlov", "Dmitriy A. Kozlov"])
def test_another_given_name_or_initial_is_never_the_surname_holder(name: str) -> None:
    result = resolve_name(name, KOZLOVS)
    assert result.kind == "new"
    assert result.match is None


@pytest.mark.parametrize(("name", "score"), [("Kozlov", 100.0), ("V. Kozlov", 95.0)])
def test_a_partial_name_resolves_to_the_only_entity_it_fits(name: str, score: float) -> None:
    result = resolve_name(name, KOZLOVS)
    assert (result.kind, result.partial) == ("fuzzy", True)
    assert result.match is not None
    assert (result.match.entity_id, result.match.score) == ("vladimir-kozlov", score)


def test_a_partial_name_two_entities_fit_is_ambiguous_whatever_the_scores() -> None:
    both = [*KOZLOVS, NameCandidate("dmitry-kozlov", ("Dmitry Kozlov",))]
    result = resolve_name("Kozlov", both)
    assert (result.kind, result.partial) == ("ambiguous", True)
    assert ids(result.alternatives) == ["vladimir-kozlov", "dmitry-kozlov"]
    assert resolve_name("V. Kozlov", both).match.entity_id == "vladimir-kozlov"  # type: ignore[union-attr]
    assert resolve_name("D. Kozlov", both).match.entity_id == "dmitry-kozlov"  # type: ignore[union-attr]


def test_transliterations_of_the_full_name_still_resolve() -> None:
    for name in ("Владимир Козлов", "Vladímir Kozlóv", "Vladimir Kozlov"):
        result = resolve_name(name, KOZLOVS)
        assert result.kind in ("exact", "fuzzy") and not result.partial, name
        assert result.match is not None and result.match.entity_id == "vladimir-kozlov"


def test_people_sharing_a_surname_are_not_probable_duplicates() -> None:
    both = [*KOZLOVS, NameCandidate("dmitry-kozlov", ("Dmitry Kozlov",), ("Kozlov",))]
    assert probable_duplicates(both) == []


@pytest.mark.parametrize(
    ("name", "partial"),
    [("Kozlov", True), ("V. Kozlov", True), ("Vladimir", True), ("V. K.", True),
     ("President Nazarbaev", True), ("Vladimir Kozlov", False), ("Human Rights Watch", False),
     ("", False)],
)  # fmt: skip
def test_partial_names(name: str, partial: bool) -> None:
    assert is_partial_name(name) is partial
