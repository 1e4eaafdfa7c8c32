"""A value and subject that passed are not checked again after an edit of their source moved
them, when the text the value and subject rules read around the quote is the same: the key of
a passed check names that text (`evidence_reach`, `subject_window`), not the whole source.
On real seed passages: an edit inside what the rules read is checked again, and its finding
reported; an edit outside it is not, and the key is the one a check from scratch gives."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import date

import pytest

from kzfacts.checks import support_keys
from kzfacts.checks.fact import FactInput, FactResult, SourceContext, StoredCheck
from kzfacts.checks.facts import quote_sha256, verify_fact
from kzfacts.checks.findings import Code
from kzfacts.checks.support_keys import same_support
from kzfacts.text.anchor import PreparedSource
from tests.checks.test_subjects import seed_catalog, seed_text

# 001: "... released on 15 March 2012. \n\nHe had been charged with calling for the overthrow of
# the constitutional order after being \n\napprehended ... events. Likewise it was a relief that
# Natalia Sokolova, a lawyer ... assemblies, was released from prison on 8 March 2012. However"
RELEASED = FactInput(
    id="sokolova-released", source="001", subject="", predicate="release_date",
    value="2012-03-08", quote="was released from prison on 8 March", entity="natalia-sokolova",
)  # fmt: skip
CHARGED = FactInput(
    id="viniavskii-charged", source="001", subject="", predicate="status", value="charged",
    quote="He had been charged with calling for the overthrow of the constitutional order",
    entity="igor-viniavskii",
)  # fmt: skip
CONTEXTS = {
    RELEASED.id: SourceContext("date", date(2012, 3, 14)),
    CHARGED.id: SourceContext("status", date(2012, 3, 14)),
}
NOT_STORED = StoredCheck(None, None, None, None)
TOP = "An editor's note: this report was corrected on 2 April 2012.\n\n"


def check(fact: FactInput, raw: str, stored: StoredCheck) -> FactResult:
    sha = hashlib.sha256(raw.encode("utf-8")).hexdigest()
    return verify_fact(fact, CONTEXTS[fact.id], PreparedSource(raw), sha, seed_catalog(), stored)


def stored_after(fact: FactInput, raw: str) -> StoredCheck:
    """The fact as an audit of `raw` leaves it: anchored, its value and subject passed."""
    first = check(fact, raw, NOT_STORED)
    assert first.findings == () and first.anchor is not None and first.support_key is not None
    return StoredCheck(
        first.anchor,
        hashlib.sha256(raw.encode("utf-8")).hexdigest(),
        first.verdict,
        first.detail,
        quote_sha256(fact.quote),
        first.support_key,
    )


def edited(raw: str, old: str, new: str, after: str = "") -> str:
    """`raw` with the first `old` after `after` replaced by `new` (exactly one place)."""
    at = raw.index(old, raw.index(after) if after else 0)
    return raw[:at] + new + raw[at + len(old) :]


def parts(result: FactResult) -> dict[str, str]:
    return {part.name: part.found for part in result.parts}


@pytest.mark.parametrize(
    ("fact", "old", "new", "after"),
    [
        (RELEASED, "", TOP, ""),  # a paragraph at the top: every offset moves
        (CHARGED, "", TOP, ""),
        # in the next sentence, past the value's reach (48 characters) and the subject's
        (CHARGED, "Likewise it was a relief", "Likewise it was good news", ""),
        (RELEASED, "suspended one by", "suspended term by", "8 March 2012"),
    ],
)
def test_an_edit_outside_what_the_rules_read_keeps_the_passed_check(
    fact: FactInput, old: str, new: str, after: str
) -> None:
    raw = seed_text("001")
    stored = stored_after(fact, raw)
    changed = edited(raw, old, new, after) if old else new + raw
    again = check(fact, changed, stored)
    assert parts(again)["value"] == f"{fact.value!r}: supported (unchanged)"
    assert parts(again)["subject"] == "named (unchanged)"
    # The same check on the same evidence, now stamped with the edited text and offsets.
    assert same_support(stored.support_key, again.support_key)
    assert again.support_key != stored.support_key
    # ... and it is what a check from scratch finds, with the same key.
    scratch = check(fact, changed, replace(stored, anchor_sha256=None, support_key=None))
    assert scratch.findings == again.findings
    assert scratch.support_key == again.support_key
    assert [f.code for f in again.findings] == ([Code.QUOTE_MOVED] if not old else [])


def test_a_year_changed_next_to_the_quote_is_read_again() -> None:
    """ "8 March" takes its year from the words after the quote: inside the value's reach."""
    raw = seed_text("001")
    stored = stored_after(RELEASED, raw)
    changed = TOP + edited(raw, "8 March 2012", "8 March 2013")
    again = check(RELEASED, changed, stored)
    assert parts(again)["value"] != "'2012-03-08': supported (unchanged)"
    assert [f.code for f in again.findings] == [Code.QUOTE_MOVED, Code.VALUE_UNSUPPORTED]
    assert again.support_key is None


def test_a_word_read_as_the_sentence_after_a_date_is_read_again() -> None:
    """The words after "8 March 2012." are within the value's reach (48 characters past the
    quote): the value is read again, and found supported again."""
    raw = seed_text("001")
    stored = stored_after(RELEASED, raw)
    changed = edited(raw, "However, while her sentence", "But while her sentence")
    again = check(RELEASED, changed, stored)
    assert parts(again)["value"] == "2012-03-08: supported"
    assert again.findings == ()
    assert again.support_key not in (None, stored.support_key)


def test_another_name_in_the_sentence_before_the_quote_is_read_again() -> None:
    """The subject named a sentence before the quote, out of the value's reach: inside the
    subject's."""
    raw = seed_text("001")
    stored = stored_after(CHARGED, raw)
    changed = TOP + edited(raw, "Igor Viniavskii, chief editor", "Evgeniy Zhovtis, chief editor")
    again = check(CHARGED, changed, stored)
    assert parts(again)["subject"] == "names Evgeniy Zhovtis instead"
    assert [f.code for f in again.findings] == [Code.QUOTE_MOVED, Code.SUBJECT_MISMATCH]
    assert again.support_key is None


def test_an_unchanged_source_is_not_read_again_for_the_key(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The key's stamp names the text and offsets its digest was read from: the same sha256 and
    place, the same digest, so an audit of an unchanged source reads none of it again."""
    raw = seed_text("001")
    stored = stored_after(RELEASED, raw)

    def unread(*args: object, **kwargs: object) -> str:
        raise AssertionError("the text around the quote was read again")

    monkeypatch.setattr(support_keys, "text_read", unread)
    again = check(RELEASED, raw, stored)
    assert parts(again)["value"] == "'2012-03-08': supported (unchanged)"
    assert again.support_key == stored.support_key


def test_a_year_changed_in_place_is_read_again() -> None:
    """An edit of the same length leaves every offset where it was, but not the sha256: the
    stamp no longer matches, the text is read again and the changed year found."""
    raw = seed_text("001")
    stored = stored_after(RELEASED, raw)
    changed = edited(raw, "8 March 2012", "8 March 2013")
    assert len(changed) == len(raw)
    again = check(RELEASED, changed, stored)
    assert [f.code for f in again.findings] == [Code.VALUE_UNSUPPORTED]
    assert again.support_key is None


def test_a_source_without_a_sha256_stamps_nothing() -> None:
    """Without the source's sha256 nothing says which text a digest came from: none is kept
    for reuse, and every check reads the text."""
    raw = seed_text("001")
    first = verify_fact(
        RELEASED, CONTEXTS[RELEASED.id], PreparedSource(raw), "", seed_catalog(), NOT_STORED
    )
    assert first.support_key is not None and first.support_key.endswith(".")
    changed = edited(raw, "8 March 2012", "8 March 2013")
    stored = replace(stored_after(RELEASED, raw), anchor_sha256=None, support_key=first.support_key)
    again = verify_fact(
        RELEASED, CONTEXTS[RELEASED.id], PreparedSource(changed), "", seed_catalog(), stored
    )
    assert [f.code for f in again.findings] == [Code.VALUE_UNSUPPORTED]
