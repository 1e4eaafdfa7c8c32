"""Support keys: what a passed value check depended on (the quote, value, type, date, the
rules' reach and the text they read), so that a check on the same evidence is not made again
(`same_support`), and where that evidence was read (`place_stamp`), so that an unchanged source
is not read again. `verify_fact` and the audit's shortcuts take their keys from here."""

from __future__ import annotations

import hashlib
from datetime import date

from kzfacts.checks.fact import FactInput, SourceContext, StoredCheck
from kzfacts.checks.subjects import EntityCatalog, subject_window
from kzfacts.checks.values import evidence_reach
from kzfacts.text.running import running_text

KEY_RULES = "6"
"""Bumped when what the value or subject rules read changes: every passed check is redone."""


def support_key(
    quote: str,
    value: str,
    value_type: str,
    reference: date | None,
    *,
    as_of: str | None = None,
    where: str = "",
    read: str = "",
    stamp: str = "",
) -> str:
    """Identifies a value check that passed: the same quote, value, type, date and `as_of` (a
    status holds at a time, `checks.status_ended`) pass again.

    `where` names what the rules bring to the evidence: the predicate, the source's period and
    the entity's names; `read` is the digest of the text they read (`text_read`). The key is
    `checked.read.stamp`: `stamp` (`place_stamp`) says which text and offsets `read` was taken
    from, so that an audit of an unchanged source reuses it instead of reading the text again;
    it is not part of what the key identifies (`same_support`).
    """
    day = reference.isoformat() if reference else ""
    material = "\0".join((KEY_RULES, quote, value, value_type, day, as_of or "", where))
    return f"{_digest(material + chr(0) + read)[:32]}.{read}.{stamp}"


def same_support(stored: str | None, key: str | None) -> bool:
    """Whether two support keys name the same check on the same evidence, wherever it stood."""
    return stored is not None and key is not None and stored[:49] == key[:49]


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def text_read(raw: str, start: int, end: int, *, dates: bool, subject: bool) -> str:
    """Digest of what the rules read of the source around raw[start:end], and where the quote
    stands in it: the running text `evidence_at` reads (`evidence_reach`) and, with `subject`,
    the one the subject rule reads, from two sentences before the quote's to the end of the
    one it ends in (`subject_window`). The same digest, the same evidence, wherever an edit of
    the source moved it."""
    text = running_text(raw)
    low, high = evidence_reach(text, start, end, dates=dates)
    parts = [_digest(text[low:high]), str(start - low), str(end - low)]
    if subject:
        first, sentence, last = subject_window(raw, start, end)
        parts += [_digest(text[first:last]), str(start - first), str(end - first)]
        parts.append(str(sentence - first))
    return _digest(":".join(parts))[:16]


def place_stamp(sha256: str, start: int, end: int, *, dates: bool, subject: bool) -> str:
    """Which text, offsets and rules a `text_read` digest was taken from: the source's sha256
    names its text, so the same stamp is the same digest. Empty when the sha256 is unknown."""
    if not sha256:
        return ""
    return _digest(f"{KEY_RULES}:{sha256}:{start}:{end}:{dates}:{subject}")[:14]


def _stamped_read(stored: str | None, stamp: str) -> str | None:
    """The digest a stored key took from the same text and offsets, if it did."""
    if stored is None or not stamp or not stored.endswith(stamp) or len(stored) != 64:
        return None
    return stored[33:49]


def support_key_at(
    fact: FactInput,
    source: SourceContext,
    stored: StoredCheck,
    raw: str,
    sha256: str,
    catalog: EntityCatalog | None,
    position: tuple[int, int] | None,
) -> str:
    """The support key of the fact's value check with its quote at `position` (None: the quote
    stands nowhere), the evidence's digest taken from the stored key when it was read at the
    same place of the same text (`place_stamp`)."""
    return key_at(
        fact.quote, fact.value, fact.predicate, fact.entity, fact.subject, fact.as_of, source,
        stored.support_key, raw, sha256, catalog, position,
    )  # fmt: skip


def key_at(
    quote: str,
    value: str,
    predicate: str,
    entity: str | None,
    subject: str,
    as_of: str | None,
    source: SourceContext,
    stored_key: str | None,
    raw: str,
    sha256: str,
    catalog: EntityCatalog | None,
    position: tuple[int, int] | None,
) -> str:
    """`support_key_at` on the fact's fields and its stored key (`stored_key`)."""
    assert source.value_type is not None
    where, read, stamp = predicate, "", ""
    if position is not None:
        start, end = position
        dates = source.value_type == "date"
        check_entity = catalog is not None and entity is not None
        where += f":{source.precision}:{source.covers}"
        if check_entity:
            assert catalog is not None and entity is not None
            where += ":" + catalog.subject_key(entity, (subject,) if subject else ())
        stamp = place_stamp(sha256, start, end, dates=dates, subject=check_entity)
        read = _stamped_read(stored_key, stamp) or text_read(
            raw, start, end, dates=dates, subject=check_entity
        )
    return support_key(
        quote, value, source.value_type, source.published, as_of=as_of, where=where, read=read,
        stamp=stamp,
    )  # fmt: skip
