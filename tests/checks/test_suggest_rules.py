"""The pure parts of `kzfacts suggest`, on real passages of the seed texts: each rule with the
case it must refuse and the honest neighbour it must accept."""

from __future__ import annotations

from datetime import date

from kzfacts.checks.predicate_cues import fits, predicate_for
from kzfacts.checks.suggest import (
    EntityNames,
    choose_entity,
    clause_span,
    content_words,
    new_subject,
    not_a_quantity,
    sentence_span,
    states_status,
    status_fits,
)
from kzfacts.values import Value, ValueType, find_values
from tests.conftest import seed_text

APPEAL = seed_text("001")  # the 2012 appeal, converted from PDF: a blank line after every line
LETTER_2005 = seed_text("004")


def mention(text: str, written: str, published: date) -> Value:
    start = text.index(written)
    return next(m for m in find_values(text, reference=published) if m.start == start)


def cue(text: str, value: Value) -> tuple[str, str | None]:
    begin, finish = clause_span(text, value.start, value.end)
    return predicate_for(
        value.type,
        content_words(text[begin : value.start]),
        content_words(text[value.end : finish]),
    )


def test_the_nearest_cue_word_names_the_predicate() -> None:
    published = date(2012, 3, 20)
    released = mention(APPEAL, "8 March 2012", published)
    assert cue(APPEAL, released) == ("release_date", "released")
    # Its neighbour in the same sentence is the date of the sentence, not of the release.
    sentenced = mention(APPEAL, "August 2011", published)
    assert cue(APPEAL, sentenced) == ("sentence_date", "imprisoned")
    # A count takes the word after it: "some 100 were wounded", though "died" stands before.
    wounded = mention(APPEAL, "some 100", published)
    assert cue(APPEAL, wounded) == ("injured_count", "wounded")
    died = mention(APPEAL, "more than a dozen", published)
    assert cue(APPEAL, died) == ("death_toll", "died")


def test_a_date_without_a_cue_is_an_event_date() -> None:
    published = date(2005, 10, 11)
    brick = mention(LETTER_2005, "April 9", published)
    assert cue(LETTER_2005, brick) == ("event_date", None)


def test_cued_predicates_fit_only_their_kinds_of_entity() -> None:
    assert fits("release_date", "person")
    assert not fits("release_date", "media")
    assert fits("event_date", "media")  # no cue, no restriction


def test_a_sentence_runs_across_the_blank_lines_of_a_pdf_conversion() -> None:
    value = mention(APPEAL, "8 March 2012", date(2012, 3, 20))
    begin, end = sentence_span(APPEAL, value.start, value.end)
    assert " ".join(APPEAL[begin:end].split()) == (
        "Likewise it was a relief that Natalia Sokolova, a lawyer advising striking oil workers "
        "who was imprisoned for six years in August 2011 for “inciting social hatred” and "
        "conducting “illegal” assemblies, was released from prison on 8 March 2012."
    )


def test_a_clause_ends_at_a_semicolon_and_keeps_a_short_parenthesis() -> None:
    suspect = mention(LETTER_2005, "One", date(2005, 10, 11))
    begin, end = clause_span(LETTER_2005, suspect.start, suspect.end)
    assert LETTER_2005[begin:end] == "One suspect was arrested, tried, and convicted"
    text = (
        "On May 5, 2005, the independent newspaper Respublika (“Republic”) was shut down by order"
    )
    closed = find_values(text, ValueType.DATE, reference=date(2005, 10, 11))[0]
    begin, end = clause_span(text, closed.start, closed.end)
    assert text[begin:end] == text


def test_ages_and_the_pronoun_one_are_not_values() -> None:
    published = date(2005, 10, 11)
    age = LETTER_2005.index("18-year")
    assert [m for m in find_values(LETTER_2005, reference=published) if m.start == age] == []
    term = mention(LETTER_2005, "seven-year", published)
    assert not not_a_quantity(LETTER_2005, term)
    pronoun = "which is intended to replace one in force since 1999"
    one = find_values(pronoun, ValueType.COUNT)[0]
    assert not_a_quantity(pronoun, one)
    suspect = mention(LETTER_2005, "One", published)
    assert not not_a_quantity(LETTER_2005, suspect)


def test_a_status_is_said_of_the_name_before_it_or_listed_after_it() -> None:
    sentence = "These include Roza Tuletaeva and Vadim Kuramshin, who continue to serve prison "
    assert states_status(sentence, "Vadim Kuramshin")
    assert states_status(sentence, "Roza Tuletaeva")
    # The status word may hold the link itself: "Svobodnaya Azia and Evrazia were blocked".
    report = "Navigator’s August 16 report found that the websites Svobodnaya Azia and Evrazia "
    assert states_status(report + "were blocked", "Evrazia")
    assert not states_status(report + "were blocked", "Navigator")  # it reports, it is not blocked
    banner = "under the banner The Assandi Times, until that newspaper was forced to "
    assert states_status(banner, "The Assandi Times")
    listed = ", including Roza Tuletaeva, Vadim Kuramshin and Zinaida Mukhortova."
    assert states_status("human rights defenders are currently ", "Zinaida Mukhortova", listed)
    assert not states_status("human rights defenders are currently ", "Zinaida Mukhortova")


def test_a_status_fits_the_kind_of_entity() -> None:
    assert status_fits("released", "person")
    assert not status_fits("released", "media")  # "Vzgliad newspaper who had been held …"
    assert status_fits("blocked", "media")
    assert not status_fits("blocked", "person")


BRICK_SENTENCE = (
    "On April 9, a brick thrown at Tuyakbai by unknown assailants during a meeting in eastern "
    "Kazakhstan injured his spokesman and a cameraman."
)
TUYAKBAY = EntityNames(
    "zharmakhan-tuyakbay", "person", ("Zharmakhan Tuyakbay", "Zharmahan Tuyakbai", "Tuyakbai")
)


def test_a_dated_event_is_preferred_to_a_name_in_the_same_sentence() -> None:
    published = date(2005, 10, 11)
    brick = find_values(BRICK_SENTENCE, ValueType.DATE, reference=published)[0]
    name = "Brick attack on Zharmakhan Tuyakbay in eastern Kazakhstan (April 9, 2005)"
    attack = EntityNames(
        "tuyakbay-brick-attack-2005",
        "event",
        (name,),
        tuple((v.low, v.high) for v in find_values(name, ValueType.DATE, reference=published)),
    )
    chosen = choose_entity(
        [TUYAKBAY, attack], BRICK_SENTENCE, BRICK_SENTENCE, brick.start, brick, "event_date"
    )
    assert chosen is not None and chosen.entity_id == "tuyakbay-brick-attack-2005"
    # Without the event registered, the person the sentence names.
    alone = choose_entity(
        [TUYAKBAY], BRICK_SENTENCE, BRICK_SENTENCE, brick.start, brick, "event_date"
    )
    assert alone is not None
    assert (alone.entity_id, alone.name) == ("zharmakhan-tuyakbay", "Tuyakbai")
    # An event of another date, that shares one word with the sentence, is not this one.
    shymkent = "Attack on an opposition meeting in Shymkent (May 2, 2005)"
    other = EntityNames(
        "shymkent-opposition-meeting-attack-2005",
        "event",
        (shymkent,),
        tuple((v.low, v.high) for v in find_values(shymkent, ValueType.DATE, reference=published)),
    )
    assert (
        choose_entity([other], BRICK_SENTENCE, BRICK_SENTENCE, brick.start, brick, "event_date")
        is None
    )


def test_an_acronym_is_matched_in_capitals_only() -> None:
    clause = "Natalia Sokolova, a lawyer advising striking oil workers who was imprisoned"
    value = find_values(clause, ValueType.STATUS)[0]
    who = EntityNames("world-health-organization", "organisation", ("WHO",))
    assert choose_entity([who], clause, clause, value.start, value, "status") is None
    said = "a report by WHO was published"
    assert choose_entity([who], said, said, 0, value, "status") is not None


def test_a_new_entity_is_named_by_the_capitalised_words_before_the_value() -> None:
    clause = "the KNB won its suit for five million tenge"
    start = clause.index("five")
    assert new_subject(clause, start, len(clause)) == "KNB"
    counted = "From early 2011 to early 2012, close to 600 registered religious groups were closed"
    start = counted.index("close to 600")
    end = start + len("close to 600")
    assert new_subject(counted, start, end) == "registered religious groups"
