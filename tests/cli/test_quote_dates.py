"""When a fact holds, read from its quote's date as the value check reads dates without a year:
from the sentence before the quote, else the latest such date before the source's date
(through the real CLI on the seed corpus)."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.test_fact_add_paths import APPEAL, fact
from tests.cli.test_restating_facts import NOTICE
from tests.conftest import Run


def test_a_quote_that_cuts_the_year_off_holds_when_the_source_says(run: Run, seeded: Path) -> None:
    """ "in August" of the 2012 appeal (20 March 2012) is August 2011, the latest August before
    it, as the value check reads it: so the fact restates the seed's, and --as-of agrees."""
    cut = run(*fact("sokolova-august", APPEAL, "Natalia Sokolova", "sentence_length", "6 years",
                    "imprisoned for six years in August", "--as-of", "2011-08"))  # fmt: skip
    assert cut.exit_code == 0, cut.stderr
    assert cut.stderr == NOTICE.format(id="sokolova-august", first="sokolova-sentence-length-2011")
    shown = json.loads(run("fact", "show", "sokolova-august", "--format", "json").stdout)
    assert shown["holds_at"] == {
        "when": "2011-08", "origin": "quote", "from": "stated in the quote: 'August'",
    }  # fmt: skip


def test_a_date_without_a_year_takes_the_year_of_the_sentence_before(
    run: Run, seeded: Path
) -> None:
    """The 2005 letter: "went bankrupt in July 2004. The Presidential Administration sued … a
    fake edition of the newspaper distributed in June": June 2004, in the quote's word."""
    added = run(*fact("fake-edition", "hrw-2005-presidential-election", "The Assandi Times",
                      "event_date", "2004-06", "a fake edition of the newspaper distributed in June",
                      "--new-entity"))  # fmt: skip
    assert added.exit_code == 0, added.stderr
    shown = json.loads(run("fact", "show", "fake-edition", "--format", "json").stdout)
    assert shown["holds_at"] == {
        "when": "2004-06", "origin": "quote", "from": "stated in the quote: 'June'",
    }  # fmt: skip
