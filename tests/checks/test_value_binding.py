"""A value is read from the source where the quote stands, bound to the predicate's words, and
a date without a year takes its year from the text: each rule on real passages of the seeds,
with the case it refuses and the honest neighbour it accepts."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from kzfacts.checks.findings import Code, Finding
from kzfacts.checks.values import check_support, evidence_at, source_years, supporting_year
from kzfacts.text.anchor import PreparedSource, Verdict, anchor_quote
from kzfacts.values import ValueType, parse_value
from kzfacts.values.binding import PREDICATE_WORDS, render_predicate_table

PROJECT = Path(__file__).resolve().parents[2]
SEEDS = PROJECT / "seeds"
#: (file, publication date, precision) of the seed documents, as in seeds/sources.toml
HRW_2005 = ("004_e77f42745581b012.txt", date(2005, 10, 11), "day")
APPEAL_2012 = ("001_a1ab934a03b6f5dc.txt", date(2012, 3, 20), "day")
BARROSO_2014 = ("002_d4084b8c43573c07.txt", date(2014, 10, 8), "day")
DIALOGUE_2014 = ("003_b6f36896f5f86b0a.txt", date(2014, 11, 1), "month")
HRW_2009 = ("000_62835f79900889c0.txt", date(2009, 11, 18), "day")

TYPES = {name: entry.value_type for name, entry in PREDICATE_WORDS.items()}
_TEXTS: dict[str, PreparedSource] = {}


def verdict(
    source: tuple[str, date, str],
    quote: str,
    predicate: str,
    value: str,
    covers: str | None = None,
) -> Finding | None:
    """What `fact add` and `audit` say about the value: None when it is supported."""
    name, published, precision = source
    text = _TEXTS.setdefault(name, PreparedSource((SEEDS / name).read_text(encoding="utf-8")))
    anchoring = anchor_quote(quote, text)
    assert anchoring.accepted and anchoring.anchor is not None, quote
    value_type = TYPES[predicate]
    years = source_years(published, precision, covers)
    evidence = evidence_at(
        text.raw,
        anchoring.anchor.start,
        anchoring.anchor.end,
        years,
        dates=value_type == "date",
    )
    parsed = parse_value(value, ValueType(value_type), reference=published)
    return check_support(evidence, parsed, predicate, value_type)


def refused(finding: Finding | None) -> str:
    assert finding is not None and finding.code is Code.VALUE_UNSUPPORTED
    return finding.message


# --- the value is read from the source span, not from the editor's copy ----------------------


def test_a_qualifier_left_outside_the_quote_is_a_dropped_qualifier() -> None:
    # source: "On May 2, some fifty men stormed a meeting of opposition leaders"
    text = _TEXTS.setdefault(HRW_2005[0], PreparedSource((SEEDS / HRW_2005[0]).read_text("utf-8")))
    cut = anchor_quote("fifty men stormed a meeting of opposition leaders", text)
    assert cut.verdict is Verdict.ALTERED
    assert [(d.quote, d.source) for d in cut.protected_diffs] == [("", "some")]
    # Quoted whole, the value is read with its qualifier: 50 is more precise than the source.
    quote = "some fifty men stormed a meeting of opposition leaders"
    assert refused(verdict(HRW_2005, quote, "participant_count", "50")) == (
        "the quote does not support value '50' (50): the source states 'some fifty' = 45–55 — "
        "a fact may be as vague as its source, never more precise"
    )
    assert verdict(HRW_2005, quote, "participant_count", "about 50") is None


def test_about_eighty_copied_as_eighty() -> None:
    quote = "about eighty people on May 1 in Astana after they participated in an authorized public rally"
    assert "'about eighty' = 72–88" in refused(verdict(HRW_2005, quote, "detained_count", "80"))
    assert verdict(HRW_2005, quote, "detained_count", "about 80") is None


def test_the_source_not_the_copy_decides_a_lower_case_month() -> None:
    # The copy's "may 2" is not a date in running text ("may" is a verb); the source's "May 2" is.
    quote = "on may 2, some fifty men stormed a meeting of opposition leaders"
    assert verdict(HRW_2005, quote, "event_date", "2005-05-02") is None
    assert "'May 2' = 2005-05-02" in refused(verdict(HRW_2005, quote, "event_date", "2005-05-03"))
    # ... and so does a Cyrillic look-alike letter in the copy ("Мay", with a Cyrillic М)
    lookalike = "On \u041cay 2, some fifty men stormed a meeting of opposition leaders"
    assert verdict(HRW_2005, lookalike, "event_date", "2005-05-02") is None


def test_a_number_cut_at_the_quote_start_is_read_whole() -> None:
    # source: "was released from prison on 8 March 2012": the quote starts inside no number,
    # but the window around it never starts inside a word either
    quote = "was released from prison on 8 March 2012"
    assert verdict(APPEAL_2012, quote, "release_date", "2012-03-08") is None
    assert "'8 March 2012'" in refused(verdict(APPEAL_2012, quote, "release_date", "2012-03-18"))


# --- values bound to the predicate's words ------------------------------------------------------

ZHANAOZEN = "more than a dozen people died and some 100 were wounded"


def test_the_death_toll_is_the_count_bound_to_died() -> None:
    assert refused(verdict(APPEAL_2012, ZHANAOZEN, "death_toll", "about 100")) == (
        "the quote's death toll is 'more than a dozen'; 'some 100' is the number injured"
    )
    assert verdict(APPEAL_2012, ZHANAOZEN, "death_toll", "more than 12") is None


def test_the_number_injured_is_the_count_bound_to_wounded() -> None:
    assert refused(verdict(APPEAL_2012, ZHANAOZEN, "injured_count", "12")) == (
        "the quote does not support value '12' (12): the source states 'some 100' = 90–110 — "
        "a fact may be as vague as its source, never more precise"
    )
    assert verdict(APPEAL_2012, ZHANAOZEN, "injured_count", "about 100") is None


def test_a_catch_all_predicate_takes_any_count_of_the_quote() -> None:
    assert verdict(APPEAL_2012, ZHANAOZEN, "count", "about 100") is None


SOKOLOVA = (
    "was imprisoned for six years in August 2011 for “inciting social hatred” and conducting "
    "“illegal” assemblies, was released from prison on 8 March 2012"
)


def test_the_release_date_is_the_date_bound_to_released() -> None:
    assert refused(verdict(APPEAL_2012, SOKOLOVA, "release_date", "2011-08")) == (
        "the quote's date of release is '8 March 2012'; 'August 2011' is the date of sentencing"
    )
    assert verdict(APPEAL_2012, SOKOLOVA, "release_date", "2012-03-08") is None
    assert verdict(APPEAL_2012, SOKOLOVA, "sentence_date", "2011-08") is None


def test_an_amount_restated_in_brackets_is_the_same_amount() -> None:
    quote = "more than 81 million tenge (approx. U.S.$623,000). The organization decried"
    assert verdict(HRW_2005, quote, "amount", "about 623000 USD") is None
    assert verdict(HRW_2005, quote, "amount", "more than 81000000 KZT") is None
    assert "'approx. U.S.$623,000' = 560,700–685,300 USD" in refused(
        verdict(HRW_2005, quote, "amount", "about 700000 USD")
    )


def test_an_age_is_never_a_sentence() -> None:
    quote = "police detained an 18-year-old DVK worker at a provincial DVK office"
    assert refused(verdict(HRW_2005, quote, "sentence_length", "18 years")) == (
        "the quote does not support value '18 years': it states no duration — "
        "quote the words that state the value"
    )
    assert refused(verdict(HRW_2005, quote, "detained_count", "18")) == (
        "the quote does not support value '18': it states no count — "
        "quote the words that state the value"
    )
    honest = "is serving the remainder of a seven-year term at the Shiderty settlement colony"
    assert verdict(HRW_2005, honest, "sentence_length", "7 years") is None


# --- dates without a year -------------------------------------------------------------------


def test_a_year_in_the_sentence_before_gives_the_year() -> None:
    # "... went bankrupt in July 2004. The Presidential Administration sued ... a fake edition
    # of the newspaper distributed in June that discredited the political opposition."
    quote = "a fake edition of the newspaper distributed in June that discredited the political"
    assert refused(verdict(HRW_2005, quote, "event_date", "2005-06")) == (
        "the quote does not support value '2005-06' (Jun 2005): the source states 'June' = "
        "Jun 2004 (year from 'July 2004' just before the quote) — a fact may be as vague as "
        "its source, never more precise"
    )
    assert verdict(HRW_2005, quote, "event_date", "2004-06") is None


def test_a_year_earlier_in_the_sentence_gives_the_year() -> None:
    quote = "the Almaty City Court upheld the Special Economic Court’s January 6 decision"
    assert verdict(HRW_2005, quote, "closure_date", "2005-01-06") is None
    assert "(year from 'February 9, 2005' just before the quote)" in refused(
        verdict(HRW_2005, quote, "closure_date", "2004-01-06")
    )


def test_without_a_year_near_it_the_latest_such_day_not_after_the_source() -> None:
    # a letter of 11 October 2005: "On September 17" is September 2005
    raid = "On September 17, police raided an impromptu public exhibit in an Almaty market"
    assert verdict(HRW_2005, raid, "event_date", "2005-09-17") is None
    assert refused(verdict(HRW_2005, raid, "event_date", "2004-09-17")) == (
        "the quote does not support value '2004-09-17' (2004-09-17): the source states "
        "'September 17' = 2005-09-17 (year from the source's date (2005-10-11; no other year "
        "near it)) — a fact may be as vague as its source, never more precise"
    )


AHEAD = (
    "the quote's 'December' follows 'In advance of': it may lie after the source's own date "
    "(2005-10-11), so its year is not known (Dec 2004 if it lies before) — quote the words "
    "that state its year, or give a value that holds in both years"
)


@pytest.mark.parametrize("value", ["2004-12", "2005-12", "2005"])
def test_a_date_the_text_points_ahead_to_takes_no_year_from_the_source_date(value: str) -> None:
    # The letter of 11 October 2005 closes "In advance of the December vote": the December
    # after the letter (the election of 4 December 2005), or, in a story of the past, the one
    # before it. The source's date cannot tell which; a fact of either year would pass on a
    # guess (2004-12 did: the latest December before the letter).
    quote = "In advance of the December vote, we urge your government to"
    assert refused(verdict(HRW_2005, quote, "event_date", value)) == AHEAD
    # the cue is read in the sentence before the quote too
    cut = "the December vote, we urge your government to"
    assert refused(verdict(HRW_2005, cut, "event_date", value)) == AHEAD
    # the honest neighbours: a value that holds under both readings, and the opening
    # sentence, which states the year
    assert verdict(HRW_2005, quote, "event_date", "2004-12 to 2005-12") is None
    assert verdict(HRW_2005, quote, "event_date", "2004 to 2005") is None
    honest = "The presidential election scheduled for December 4, 2005 will be an important test"
    assert verdict(HRW_2005, honest, "event_date", "2005-12") is None
    assert verdict(HRW_2005, honest, "event_date", "2005-12-04") is None


def test_the_period_a_source_covers_gives_the_year() -> None:
    quote = "On September 17, police raided an impromptu public exhibit in an Almaty market"
    assert verdict(HRW_2005, quote, "event_date", "2004-09-17", covers="2004") is None
    assert "(year from the period the source covers (2004))" in refused(
        verdict(HRW_2005, quote, "event_date", "2005-09-17", covers="2004")
    )


def test_a_date_after_the_source_is_refused() -> None:
    quote = "In advance of the December vote, we urge your government to"
    assert refused(verdict(HRW_2005, quote, "event_date", "2005-12", covers="2005")) == (
        "'December' would be Dec 2005 (year from the period the source covers (2005)), after "
        "the source's own date (2005-10-11): a source cannot report it; write the year the "
        "text means in the value and check the quote"
    )


def test_relative_dates_read_against_the_publication_date() -> None:
    quote = "has been blocked to internet users in Kazakhstan since September this year"
    assert verdict(BARROSO_2014, quote, "event_date", "2014-09") is None
    assert "'September this year' = Sep 2014" in refused(
        verdict(BARROSO_2014, quote, "event_date", "2013-09")
    )
    concluded = "Last month negotiations were concluded on a new EU-Kazakhstan Partnership"
    assert verdict(DIALOGUE_2014, concluded, "event_date", "2014-10") is None


def test_the_fact_records_where_its_year_came_from() -> None:
    name, published, precision = HRW_2005
    text = PreparedSource((SEEDS / name).read_text(encoding="utf-8"))
    anchor = anchor_quote("distributed in June that discredited the political opposition", text)
    assert anchor.anchor is not None
    years = source_years(published, precision)
    evidence = evidence_at(text.raw, anchor.anchor.start, anchor.anchor.end, years, dates=True)
    value = parse_value("2004-06", ValueType.DATE)
    assert supporting_year(evidence, value, "date") == "'July 2004' just before the quote"


# --- the one table ------------------------------------------------------------------------


def test_the_table_covers_every_predicate_with_its_type() -> None:
    migration = (PROJECT / "migrations/versions/0002_predicate_vocabulary.py").read_text()
    vocabulary = dict(re.findall(r'\("(\w+)", "(\w+)", (?:True|False)', migration))
    assert len(vocabulary) == 23
    assert list(TYPES.items()) == list(vocabulary.items())


def test_the_readme_shows_the_table() -> None:
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    assert render_predicate_table() in readme


@pytest.mark.parametrize("words", [e.words for e in PREDICATE_WORDS.values()])
def test_words_are_lower_case_and_unique(words: tuple[str, ...]) -> None:
    assert all(w == w.lower() for w in words)
    assert len(set(words)) == len(words)


def test_evidence_sent_from_a_worker_states_the_same_values() -> None:
    """An import's worker sends each fact's evidence back pickled, without the values it was
    found to state: the evidence received reads them again, the same."""
    import pickle

    name, published, precision = HRW_2005
    text = PreparedSource((SEEDS / name).read_text(encoding="utf-8"))
    quote = "some fifty men stormed a meeting of opposition leaders in Shymkent"
    anchoring = anchor_quote(quote, text)
    assert anchoring.accepted and anchoring.anchor is not None
    years = source_years(published, precision)
    evidence = evidence_at(
        text.raw, anchoring.anchor.start, anchoring.anchor.end, years, dates=False
    )
    stated = [(v.text, v.low, v.high) for v in evidence.stated(ValueType.COUNT)]
    assert stated == [("some fifty", 45.0, 55.0)]
    received = pickle.loads(pickle.dumps(evidence))
    assert received == evidence
    assert vars(received)["_found"] == {}
    assert [(v.text, v.low, v.high) for v in received.stated(ValueType.COUNT)] == stated


# --- a lone value bound to another predicate ----------------------------------------------------
# One value in the quote is still read with the words of its clause, in the source's sentence:
# when they state another predicate and not the fact's, the value is not the fact's.


def test_a_release_date_is_no_date_of_sentencing_or_arrest() -> None:
    quote = "was amnestied and released on 15 March 2012"
    assert verdict(APPEAL_2012, quote, "release_date", "2012-03-15") is None
    assert refused(verdict(APPEAL_2012, quote, "sentence_date", "2012-03-15")) == (
        "the quote states no date of sentencing; '15 March 2012' is the date of release"
    )
    assert refused(verdict(APPEAL_2012, quote, "arrest_date", "2012-03-15")) == (
        "the quote states no date of arrest; '15 March 2012' is the date of release"
    )


def test_copies_confiscated_are_no_people_detained() -> None:
    quote = "confiscated 7,000 copies of Dauiis DVK"
    assert verdict(HRW_2005, quote, "confiscated_count", "7000") is None
    assert refused(verdict(HRW_2005, quote, "detained_count", "7000")) == (
        "the quote states no number detained; '7,000' is the number confiscated"
    )


def test_a_ban_from_journalism_is_no_prison_sentence() -> None:
    quote = "barred from practicing journalism for five years"
    assert verdict(HRW_2005, quote, "ban_length", "5 years") is None
    assert refused(verdict(HRW_2005, quote, "sentence_length", "5 years")) == (
        "the quote states no sentence; 'five years' is the ban"
    )


def test_the_words_the_quote_leaves_out_are_read_in_its_sentence() -> None:
    # "officers detained about eighty people …": the verb stands before the quote
    quote = "about eighty people on May 1 in Astana after they participated in an authorized public rally"
    assert verdict(HRW_2005, quote, "detained_count", "about 80") is None
    # "… more than a dozen people died and some 100 were wounded": the wounded are another
    # clause's, with a value the quote leaves out
    assert (
        verdict(APPEAL_2012, "more than a dozen people died", "death_toll", "more than 12") is None
    )
    # a lone value whose words are its own predicate's only: any such predicate may take it
    assert verdict(HRW_2005, quote, "participant_count", "about 80") is None


def test_the_number_of_an_article_or_section_is_no_count() -> None:
    quote = "charged them under section 2 of article 355 of the Administrative Code"
    for value in ("355", "2"):
        assert refused(verdict(HRW_2005, quote, "count", value)) == (
            f"the quote does not support value {value!r}: it states no count — '2', '355' "
            "numbers an article, section or page"
        )
    # its honest neighbour in the same paragraph: the people counted stand in no reference
    detained = "police arrested seven DVK members"
    assert verdict(HRW_2005, detained, "detained_count", "7") is None
