"""Events, timelines and partial names on small made-up documents, through the CLI.

Three short reports about two people named Kozlov: repeated arrests, a sentence reduced on
appeal and later restated at its original length, dates stated in the quotes, and subjects
written as a surname alone or with an initial.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import Run

DOCUMENTS = {
    "report-2005": (
        "2005-02-01",
        "Police arrested Vladimir Kozlov on 29 January 2005 outside the party office in Almaty.\n",
    ),
    "report-2012": (
        "2013-01-15",
        "Vladimir Kozlov was arrested on 23 January 2012 at his home in Almaty.\n"
        "On 8 October 2012 the Aktau court sentenced Vladimir Kozlov to eight years in a colony.\n"
        "On 19 November 2012 the appeal court reduced the sentence of Vladimir Kozlov to seven "
        "years.\nHis lawyer said the arrest took place on 24 January 2012, a day later.\n",
    ),
    "report-2014": (
        "2014-10-08",
        "Vladimir Kozlov, sentenced to eight years in prison, remains imprisoned in a colony.\n"
        "Kozlov remains imprisoned in a colony in the north of the country.\n"
        "Dmitry Kozlov, a blogger from Oral, was detained on 3 March 2014 by the police.\n"
        "D. Kozlov was detained for ten days after the protest in Oral.\n",
    ),
}


@pytest.fixture
def reports(run: Run, tmp_path: Path) -> Path:
    assert run("init").exit_code == 0
    people = tmp_path / "people"
    people.mkdir()
    (people / "entities.yaml").write_text(
        "- {id: vladimir-kozlov, name: Vladimir Kozlov, kind: person}\n", encoding="utf-8"
    )
    assert run("load", "people").exit_code == 0
    for source_id, (published, text) in DOCUMENTS.items():
        (tmp_path / f"{source_id}.txt").write_text(text, encoding="utf-8")
        result = run(
            "source", "add", f"{source_id}.txt", "--id", source_id, "--published", published
        )
        assert result.exit_code == 0, result.stderr
    result = run(
        "fact", "add", "--id", "kozlov-arrest-2005", "--source", "report-2005",
        "--subject", "Vladimir Kozlov", "--predicate", "arrest_date", "--value", "2005-01-29",
        "--quote", "Police arrested Vladimir Kozlov on 29 January 2005",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    return tmp_path


def add(run: Run, fact_id: str, source: str, subject: str, predicate: str, value: str,
        quote: str, *extra: str):  # type: ignore[no-untyped-def]  # fmt: skip
    return run(
        "fact", "add", "--id", fact_id, "--source", source, "--subject", subject,
        "--predicate", predicate, "--value", value, "--quote", quote, *extra,
    )  # fmt: skip


def contradictions(run: Run) -> list[dict[str, object]]:
    report = json.loads(run("audit", "--format", "json").stdout)
    return [f for f in report["findings"] if f["code"] == "contradiction"]


def test_repeated_arrests_are_two_events_unless_an_editor_links_them(
    run: Run, reports: Path
) -> None:
    quote = "Vladimir Kozlov was arrested on 23 January 2012 at his home"
    assert add(run, "arrest-2012", "report-2012", "Vladimir Kozlov", "arrest_date",
               "2012-01-23", quote).exit_code == 0  # fmt: skip
    lawyer = "His lawyer said the arrest took place on 24 January 2012"
    result = add(run, "arrest-2012-lawyer", "report-2012", "Vladimir Kozlov", "arrest_date",
                 "2012-01-24", lawyer)  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert contradictions(run) == []  # 2005, 23 and 24 January 2012: three arrests

    linked = add(run, "arrest-2012-lawyer-linked", "report-2012", "Vladimir Kozlov",
                 "arrest_date", "2012-01-24", "the arrest took place on 24 January 2012, a day later",
                 "--event", "kozlov-arrest-2012")  # fmt: skip
    assert linked.exit_code == 0, linked.stderr
    assert add(run, "arrest-2012-linked", "report-2012", "Vladimir Kozlov", "arrest_date",
               "2012-01-23", "was arrested on 23 January 2012 at his home in Almaty",
               "--event", "kozlov-arrest-2012").exit_code == 0  # fmt: skip
    (finding,) = contradictions(run)
    assert finding["event"] == "event kozlov-arrest-2012 (2012-01-23 – 2012-01-24)"
    assert [(v["value"], v["facts"]) for v in finding["values"]] == [  # type: ignore[union-attr]
        ("2012-01-23", ["arrest-2012", "arrest-2012-linked"]),
        ("2012-01-24", ["arrest-2012-lawyer", "arrest-2012-lawyer-linked"]),
    ]  # the unlinked facts of those days fall within the linked event and join it


def test_a_date_the_quote_states_is_when_the_fact_holds(run: Run, reports: Path) -> None:
    dated = add(run, "kozlov-sentence-2012", "report-2012", "Vladimir Kozlov", "sentence_length",
                "8 years", "On 8 October 2012 the Aktau court sentenced Vladimir Kozlov to eight years")  # fmt: skip
    assert dated.exit_code == 0, dated.stderr
    shown = run("fact", "show", "kozlov-sentence-2012").stdout
    assert "holds at    2012-10-08 (stated in the quote: '8 October 2012')" in shown
    overridden = add(run, "kozlov-sentence-as-of", "report-2012", "Vladimir Kozlov",
                     "sentence_length", "8 years", "the Aktau court sentenced Vladimir Kozlov to eight years",
                     "--as-of", "2013")  # fmt: skip
    assert overridden.exit_code == 0, overridden.stderr
    assert overridden.stderr == ""  # no date in this quote: --as-of stands
    stated = add(run, "kozlov-sentence-stated", "report-2012", "Vladimir Kozlov",
                 "sentence_length", "8 years", "On 8 October 2012 the Aktau court sentenced Vladimir Kozlov to eight years in a colony",
                 "--as-of", "2013")  # fmt: skip
    assert stated.exit_code == 0, stated.stderr
    assert stated.stderr == (  # the quote's date makes it say what the first fact says
        "notice: the quote dates 'kozlov-sentence-stated' ('8 October 2012'); it holds then, "
        "not at --as-of 2013\n"
        "notice: 'kozlov-sentence-stated' states what 'kozlov-sentence-2012' states already (the "
        "same words of 'report-2012', entity, predicate, value and time): remove one with "
        "`kzfacts fact remove`, or give it --supersedes kozlov-sentence-2012 if it revises that "
        "fact\n"
    )
    undated = add(run, "kozlov-sentence-2014", "report-2014", "Vladimir Kozlov",
                  "sentence_length", "8 years", "Vladimir Kozlov, sentenced to eight years in prison")  # fmt: skip
    assert undated.exit_code == 0, undated.stderr
    shown = json.loads(run("fact", "show", "kozlov-sentence-2014", "--format", "json").stdout)
    assert shown["holds_at"] == {
        "when": "2014-10-08", "origin": "published", "from": "publication date of report-2014",
    }  # fmt: skip
    as_of = add(run, "kozlov-status-2014", "report-2014", "Vladimir Kozlov", "status",
                "imprisoned", "Vladimir Kozlov, sentenced to eight years in prison, remains imprisoned",
                "--as-of", "2014-09")  # fmt: skip
    assert as_of.exit_code == 0, as_of.stderr
    shown = json.loads(run("fact", "show", "kozlov-status-2014", "--format", "json").stdout)
    assert shown["holds_at"] == {
        "when": "2014-09",
        "origin": "as_of",
        "from": "the editor's --as-of",
    }


def test_a_revision_then_a_stale_repetition_is_one_contradiction(run: Run, reports: Path) -> None:
    first = "On 8 October 2012 the Aktau court sentenced Vladimir Kozlov to eight years"
    appeal = "On 19 November 2012 the appeal court reduced the sentence of Vladimir Kozlov to seven years"  # fmt: skip
    assert add(run, "sentence-2012", "report-2012", "Vladimir Kozlov", "sentence_length",
               "8 years", first).exit_code == 0  # fmt: skip
    revised = add(run, "sentence-appeal", "report-2012", "Vladimir Kozlov", "sentence_length",
                  "7 years", appeal, "--supersedes", "sentence-2012")  # fmt: skip
    assert revised.exit_code == 0, revised.stderr
    assert contradictions(run) == []  # a revision, on the timeline
    stale = add(run, "sentence-2014", "report-2014", "Vladimir Kozlov", "sentence_length",
                "8 years", "Vladimir Kozlov, sentenced to eight years in prison")  # fmt: skip
    assert stale.exit_code == 0, stale.stderr
    (finding,) = contradictions(run)
    assert finding["fact"] == "sentence-appeal"
    assert finding["event"] == "from 2012-11-19 onwards"
    assert [(v["value"], v["facts"], v["stale"]) for v in finding["values"]] == [  # type: ignore[union-attr]
        ("7 years", ["sentence-appeal"], False),
        ("8 years", ["sentence-2014"], True),
    ]
    assert finding["file"] == "report-2012.txt" and finding["line"] == 3
    sarif = json.loads(run("audit", "--format", "sarif").stdout)
    (result,) = [r for r in sarif["runs"][0]["results"] if r["ruleId"] == "contradiction"]
    assert result["locations"][0]["physicalLocation"]["region"]["startLine"] == 3
    (related,) = result["relatedLocations"]
    assert related["physicalLocation"]["artifactLocation"]["uri"] == "report-2014.txt"
    assert related["physicalLocation"]["region"]["startLine"] == 1
    assert related["message"]["text"] == "sentence-2014: 8 years (report-2014)"
    shown = run("entity", "show", "vladimir-kozlov").stdout
    assert "contradictions (last audit): 1" in shown
    assert "      8 years = 8 years  (stated after the timeline had replaced it)" in shown
    text = run("audit").stdout
    assert "      8 years = 8 years  (stated after the timeline had replaced it)" in text
    assert (
        '        sentence-2014 [report-2014]: "Vladimir Kozlov, sentenced to eight years in prison"'
        in text
    )
    assert run("report", "--output", "report.html").exit_code == 0  # a warning only
    page = (reports / "report.html").read_text(encoding="utf-8")
    assert '<span class="event">from 2012-11-19 onwards</span> · 2 values' in page
    assert '<p class="stale">stated after the timeline had replaced it</p>' in page


def test_a_surname_alone_resolves_only_while_one_person_has_it(run: Run, reports: Path) -> None:
    alone = add(run, "kozlov-status", "report-2014", "Kozlov", "status", "imprisoned",
                "Kozlov remains imprisoned in a colony")  # fmt: skip
    assert alone.exit_code == 0, alone.stderr
    assert "only part of a name; it resolved to entity 'vladimir-kozlov'" in alone.stderr
    assert "entity vladimir-kozlov" in alone.stdout
    dmitry = add(run, "dmitry-detained", "report-2014", "Dmitry Kozlov", "arrest_date",
                 "2014-03-03", "Dmitry Kozlov, a blogger from Oral, was detained on 3 March 2014")  # fmt: skip
    assert dmitry.exit_code == 0, dmitry.stderr
    assert "created new entity 'dmitry-kozlov'" in dmitry.stderr
    again = add(run, "kozlov-status-2", "report-2014", "Kozlov", "status", "imprisoned",
                "Kozlov remains imprisoned in a colony in the north")  # fmt: skip
    assert again.exit_code == 1
    assert "could be several entities" in again.stderr
    initial = add(run, "d-kozlov-detention", "report-2014", "D. Kozlov", "detention_length",
                  "10 days", "D. Kozlov was detained for ten days")  # fmt: skip
    assert initial.exit_code == 0, initial.stderr
    assert "resolved to entity 'dmitry-kozlov'" in initial.stderr
    names = json.loads(run("entity", "show", "vladimir-kozlov", "--format", "json").stdout)
    assert names["aliases"] == []  # neither "Kozlov" nor "D. Kozlov" became an alias


def test_alias_origins_are_listed_and_an_alias_can_be_removed(run: Run, reports: Path) -> None:
    assert (
        run("entity", "alias", "add", "vladimir-kozlov", "Vladimir Ivanovich Kozlov").exit_code == 0
    )
    surname = run("entity", "alias", "add", "vladimir-kozlov", "Kozlov")
    assert surname.stdout.startswith("added surname 'Kozlov' for vladimir-kozlov")
    result = add(run, "kozlov-status", "report-2014", "Vladimir Kozlov Jr", "status",
                 "imprisoned", "Vladimir Kozlov, sentenced to eight years in prison, remains imprisoned",
                 "--entity", "vladimir-kozlov")  # fmt: skip
    assert result.exit_code == 0, result.stderr
    shown = json.loads(run("entity", "show", "vladimir-kozlov", "--format", "json").stdout)
    assert shown["aliases"] == [
        {"name": "Kozlov", "kind": "surname", "origin": "entity alias add"},
        {"name": "Vladimir Ivanovich Kozlov", "kind": "alias", "origin": "entity alias add"},
        {"name": "Vladimir Kozlov Jr", "kind": "alias", "origin": "fact kozlov-status"},
    ]
    removed = run("entity", "alias", "remove", "vladimir-kozlov", "Vladimir Kozlov Jr")
    assert removed.exit_code == 0, removed.stderr
    assert removed.stdout == (
        "removed alias 'Vladimir Kozlov Jr' of vladimir-kozlov (it came from fact kozlov-status)\n"
    )
    missing = run("entity", "alias", "remove", "vladimir-kozlov", "V. Kozlov")
    assert missing.exit_code == 1
    assert missing.stderr == (
        "kzfacts: 'V. Kozlov' is not an alias of 'vladimir-kozlov': its names are 'Kozlov', "
        "'Vladimir Ivanovich Kozlov' (see `kzfacts entity show`)\n"
    )


def test_entity_show_groups_facts_by_event(run: Run, reports: Path) -> None:
    for fact_id, predicate, value, quote in (
        ("arrest-2012", "arrest_date", "2012-01-23", "Vladimir Kozlov was arrested on 23 January 2012"),
        ("sentence-2012", "sentence_length", "8 years", "On 8 October 2012 the Aktau court sentenced Vladimir Kozlov to eight years"),
        ("sentence-date-2012", "sentence_date", "2012-10-08", "On 8 October 2012 the Aktau court sentenced Vladimir Kozlov"),
    ):  # fmt: skip
        result = add(run, fact_id, "report-2012", "Vladimir Kozlov", predicate, value, quote)
        assert result.exit_code == 0, result.stderr
    shown = json.loads(run("entity", "show", "vladimir-kozlov", "--format", "json").stdout)
    assert shown["events"] == [
        {"event": "2005-01-29", "facts": ["kozlov-arrest-2005"]},
        {"event": "2012-01-23", "facts": ["arrest-2012"]},
        {"event": "2012-10-08", "facts": ["sentence-date-2012", "sentence-2012"]},
    ]


def test_every_predicate_has_one_rule_and_states_are_the_changing_ones(run: Run) -> None:
    run("init")
    predicates = json.loads(run("predicate", "list", "--format", "json").stdout)
    assert all((p["kind"] == "state") is p["changes_over_time"] for p in predicates)
    rules = {p["name"]: (p["kind"], p["window"]) for p in predicates}
    assert rules["arrest_date"] == ("event", "day")
    assert rules["release_date"] == ("event", "month")
    assert rules["law_adopted_date"] == ("once", "any")
    assert rules["status"] == ("state", "day")
    assert "kind   one event" in run("predicate", "list").stdout


def test_editing_a_facts_event_key_regroups_the_audits_contradictions(
    run: Run, reports: Path
) -> None:
    """Two arrests linked into one event contradict; moved into events of their own they do
    not, and linked again they do: every audit (the incremental one after each edit, and a
    full one) groups the facts by the key the edit wrote."""
    for fact_id, value, quote in (
        ("arrest-home", "2012-01-23", "Vladimir Kozlov was arrested on 23 January 2012 at his home"),
        ("arrest-lawyer", "2012-01-24", "His lawyer said the arrest took place on 24 January 2012"),
    ):  # fmt: skip
        added = add(run, fact_id, "report-2012", "Vladimir Kozlov", "arrest_date", value, quote,
                    "--event", "kozlov-arrest-2012")  # fmt: skip
        assert added.exit_code == 0, added.stderr

    def pairs(*options: str) -> list[list[object]]:
        report = json.loads(run("audit", "--format", "json", *options).stdout)
        return [
            [(v["value"], v["facts"]) for v in f["values"]]
            for f in report["findings"]
            if f["code"] == "contradiction"
        ]

    linked = [[("2012-01-23", ["arrest-home"]), ("2012-01-24", ["arrest-lawyer"])]]
    assert pairs() == linked
    moved = run("fact", "edit", "arrest-lawyer", "--event", "kozlov-arrest-2012-lawyer")
    assert moved.exit_code == 0, moved.stderr
    assert moved.stdout.splitlines()[1:] == [
        "  event_key: 'kozlov-arrest-2012' → 'kozlov-arrest-2012-lawyer'"
    ]
    assert pairs() == [] and pairs("--full") == []
    relinked = run("fact", "edit", "arrest-lawyer", "--event", "kozlov-arrest-2012")
    assert relinked.exit_code == 0, relinked.stderr
    assert pairs() == linked and pairs("--full") == linked
    # Without a key the lawyer's date (the 24th) is an arrest of its own: the keyed event
    # is the 23rd alone.
    cleared = run("fact", "edit", "arrest-lawyer", "--event", "")
    assert cleared.exit_code == 0, cleared.stderr
    assert pairs() == []
    shown = json.loads(run("entity", "show", "vladimir-kozlov", "--format", "json").stdout)
    assert shown["events"] == [
        {"event": "2005-01-29", "facts": ["kozlov-arrest-2005"]},
        {"event": "event kozlov-arrest-2012 (2012-01-23)", "facts": ["arrest-home"]},
        {"event": "2012-01-24", "facts": ["arrest-lawyer"]},
    ]
