"""Subject binding: a fact is about the entity the source's text is about.

The fact's entity — its name, an alias, or a person's surname — must be named in the quote,
in the sentence around it, or in the two sentences before that (a pronoun's usual reach).
When another known entity of the same kind is named there instead, and the fact's entity
nowhere, the quote is about someone else: `subject-mismatch`. When nobody of that kind is
named ("he was sentenced" after a paragraph about someone else's trial), the text cannot
say who it is about: `subject-unverified`, a warning, so honest quotes are not refused.
Events, laws and entities whose every name is a description ("unnamed suspect convicted
over the Shymkent attack") are named by description ("One suspect was arrested"), not by
a name an editor gives them: they are bound when named, never refused.
"""

from __future__ import annotations

import bisect
import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property, lru_cache
from itertools import accumulate, islice
from typing import NamedTuple

from kzfacts.checks.findings import Code, Finding
from kzfacts.checks.prose import sentence_spans
from kzfacts.text.anchor import PreparedSource
from kzfacts.text.normalize import normalize, squash
from kzfacts.text.normalized import Normalized
from kzfacts.text.running import running_text
from kzfacts.values.vocabulary import MONTHS

REACH = 2
"""Sentences before the quote's own in which its subject may be named."""
DESCRIBED_KINDS = frozenset({"event", "law"})
"""Kinds named by description: bound when named, never refused."""
MIN_SURNAME = 3


@dataclass(frozen=True)
class EntityNames:
    """One known entity: what the text may call it."""

    id: str
    name: str
    kind: str
    aliases: tuple[str, ...] = ()

    @property
    def described(self) -> bool:
        """Named by description, not by a proper name: the text need not name it."""
        names = (self.name, *self.aliases)
        return self.kind in DESCRIBED_KINDS or not any(n[:1].isupper() for n in names)

    def forms(self) -> set[tuple[str, ...]]:
        """Name, aliases and, for a person, the surname of each, as normalised words."""
        names = {self.name, *self.aliases}
        if self.kind == "person":
            for name in names.copy():
                words = name.split()
                if len(words) > 1 and words[-1][:1].isupper() and len(words[-1]) >= MIN_SURNAME:
                    names.add(words[-1])
        return {f for f in (name_words(n) for n in names) if f}

    @cached_property
    def key(self) -> str:
        """Identifies what a subject check of this entity reads of it: a check that found it
        named holds while its names and kind stay the same, whatever other entities exist.
        Taken once an entity: an audit asks it for each of the entity's facts."""
        material = "\0".join((self.id, self.name, self.kind, *sorted(self.aliases)))
        return hashlib.sha256(material.encode("utf-8")).hexdigest()[:32]


@lru_cache(maxsize=4096)
def name_words(name: str) -> tuple[str, ...]:
    """A name as the words it is matched by (normalised: case, dashes, look-alike letters)."""
    return tuple(_WORD.findall(squash(name)))


_WORD = re.compile(r"\w+")
_WORD_PIECES = re.compile(r"(\w+)")


def words_of(text: str, start: int, end: int) -> tuple[list[int], list[str]]:
    """The offsets and the words of text[start:end], in two lists: what `_WORD.finditer(text,
    start, end)` finds (a word cannot reach before `start`: `\\w+` looks at nothing behind it),
    but split and measured in C rather than one match object a word (a subject check reads some
    hundred words around each quote)."""
    pieces = _WORD_PIECES.split(text[start:end])  # between-words, word, between-words, ...
    offsets = accumulate(map(len, pieces), initial=start)  # piece k starts at the k-th
    return list(islice(offsets, 1, len(pieces) - 1, 2)), pieces[1::2]


class EntityCatalog:
    """Every known entity, indexed by the words of its names: finding who a passage names
    costs a few dictionary look-ups per word, however many entities there are."""

    def __init__(self, entities: Iterable[EntityNames]) -> None:
        self.by_id: dict[str, EntityNames] = {}
        self._owners: dict[tuple[str, ...], list[str]] = defaultdict(list)
        self._lengths: dict[str, tuple[int, ...]] = {}  # a name's first word: its sizes, sorted
        self._rank: dict[str, int] = {}
        self._known: int | None = None  # `as_of`: only the first entities added are known
        self._unindexed: list[EntityNames] = []
        for entity in entities:
            self.add(entity)

    @property
    def entities(self) -> tuple[EntityNames, ...]:
        return tuple(self.by_id.values())

    def add(self, entity: EntityNames) -> None:
        """One more entity, in place (an import creates thousands: no rebuild for each). Its
        names are indexed when names are first looked for (`_index`)."""
        self.by_id[entity.id] = entity
        self._rank.setdefault(entity.id, len(self._rank))
        self._unindexed.append(entity)

    def _index(self) -> None:
        """Index the names of the entities added since the last look-up: a catalog asked only
        for its entities' keys (an audit whose facts stand as their rows say) indexes none."""
        for entity in self._unindexed:
            for form in entity.forms():
                self._owners[form].append(entity.id)
                sizes = self._lengths.get(form[0], ())
                if len(form) not in sizes:
                    self._lengths[form[0]] = tuple(sorted((*sizes, len(form))))
        self._unindexed.clear()

    def as_of(self, known: int) -> EntityCatalog:
        """The catalog as it stood when it held its first `known` entities (an import adds
        entities as facts come; a fact checked in a worker process sees those before it only).
        Shares the index: nothing is copied."""
        if known >= len(self.by_id):
            return self
        self._index()
        view = EntityCatalog(())
        view.by_id, view._owners, view._lengths, view._rank = (
            self.by_id, self._owners, self._lengths, self._rank
        )  # fmt: skip
        view._known = known
        return view

    def named_in(self, offsets: list[int], keys: list[str]) -> list[tuple[int, str]]:
        """(offset, entity id) of every name among the words `keys` of a normalised text, at
        `offsets` (`words_of`): only words that open some name are looked at further."""
        self._index()
        found: list[tuple[int, str]] = []
        owners, lengths = self._owners, self._lengths
        known, rank = self._known, self._rank
        for i, word in enumerate(keys):
            if word not in lengths:
                continue
            for n in lengths[word]:
                for owner in owners.get(tuple(keys[i : i + n]), ()):
                    if known is None or rank[owner] < known:
                        found.append((offsets[i], owner))
        return found

    def subject_key(self, entity_id: str, also: tuple[str, ...]) -> str:
        """What a passing subject check of `entity_id` depended on (see `EntityNames.key`)."""
        entity = self.by_id.get(entity_id)
        own = entity.key if entity is not None else f"unknown {entity_id}"
        return f"{own}:{_names_digest(also)}"


@lru_cache(maxsize=65536)
def _names_digest(names: tuple[str, ...]) -> str:
    """Identifies the other names a fact gives its entity (its subject as written): taken once
    a subject, which the facts of one entity repeat."""
    return hashlib.sha256("\0".join(names).encode("utf-8")).hexdigest()[:16]


def catalog_of(entities: Iterable[EntityNames]) -> EntityCatalog:
    return EntityCatalog(sorted(entities, key=lambda e: e.id))


@dataclass(frozen=True)
class SubjectCheck:
    """What the source says about who the quote is about."""

    found: str  # one line for people: where the entity is named, or who is named instead
    finding: Finding | None = None
    named: tuple[str, ...] = ()  # ids of the entities of the fact's kind named near the quote


@lru_cache(maxsize=16)
def _sentences(raw: str) -> tuple[list[int], list[tuple[int, int]]]:
    """A source's sentences as they run (see `running_text`), split once per source (a few
    milliseconds for 30 KB)."""
    spans = sentence_spans(running_text(raw)) or [(0, len(raw))]
    return [s for s, _ in spans], spans


def subject_window(raw: str, start: int, end: int) -> tuple[int, int, int]:
    """Raw offsets: where the sentence `REACH` sentences before the quote's starts, where the
    quote's own sentence starts, and where the sentence the quote ends in ends."""
    starts, spans = _sentences(raw)
    first = max(0, bisect.bisect_right(starts, start) - 1)
    last = max(first, bisect.bisect_right(starts, max(start, end - 1)) - 1)
    return spans[max(0, first - REACH)][0], spans[first][0], max(spans[last][1], end)


_NAMED_IN_QUOTE = "in the quote"
"""Where a subject named in the quote is said to be named (`_place`, `_named_in_quote`)."""


def _place(offset: int, span: tuple[int, int], sentence_start: int) -> str:
    if span[0] <= offset < span[1]:
        return _NAMED_IN_QUOTE
    return "in the sentence" if offset >= sentence_start else "in the sentences before the quote"


def check_subject(
    source: PreparedSource,
    start: int,
    end: int,
    entity_id: str,
    catalog: EntityCatalog,
    *,
    also: tuple[str, ...] = (),
    fact_id: str | None = None,
    source_id: str | None = None,
) -> SubjectCheck:
    """Is the entity `entity_id` named where the quote source.raw[start:end] stands? `also`:
    other names the fact gives it (the subject as written)."""
    raw = source.raw
    entity = catalog.by_id.get(entity_id)
    if entity is None:
        return SubjectCheck(f"entity {entity_id!r} is not known: not checked")
    window_start, sentence_start, window_end = subject_window(raw, start, end)
    text = running_text(raw)
    if "plain" in vars(source) and (
        text is raw or text[window_start:window_end] == raw[window_start:window_end]
    ):  # normalised already for the quote, and the window runs as it stands: share it
        norm, base = source.plain.norm, 0
        norm_start, norm_end = norm.norm_index(window_start), norm.norm_index(window_end)
    else:  # a stored anchor was trusted, or the window runs across pages or joins a word
        norm, base = normalize(text[window_start:window_end]), window_start
        norm_start, norm_end = 0, len(norm.text)

    window = _Window(norm, base, (start, end), (norm_start, norm_end))
    if _named_in_quote(window, entity_id, catalog, also):
        return SubjectCheck(f"{entity.name} is named {_NAMED_IN_QUOTE}")
    return _in_window(
        window, sentence_start, entity, catalog, also=also, fact_id=fact_id, source_id=source_id
    )


class _Window(NamedTuple):
    """Where a subject is looked for: the window's text normalised (`norm`, whose offsets
    `base` places in the raw text), the quote's raw span and the window's normalised span."""

    norm: Normalized
    base: int
    quote: tuple[int, int]
    span: tuple[int, int]


_WORD_CHAR = re.compile(r"\w")


def _named_in_quote(
    window: _Window, entity_id: str, catalog: EntityCatalog, also: tuple[str, ...]
) -> bool:
    """Whether the quote's own words name the entity: what `_in_window` then finds (its name
    in the quote), read from the quote's words alone. Most quotes name their subject, and the
    two sentences before it are then not read. Only where the quote's span opens and closes
    between words of the window's text, so that its words are the window's words."""
    norm, base, quote, (low, high) = window
    first = max(low, norm.norm_index(quote[0] - base))
    last = min(high, norm.norm_index(quote[1] - base))
    text = norm.text
    if first >= last or (first > low and _WORD_CHAR.match(text, first - 1)):
        return False
    if last < high and _WORD_CHAR.match(text, last):
        return False
    offsets, keys = words_of(text, first, last)
    found = _own_names(catalog.named_in(offsets, keys), offsets, keys, entity_id, also)
    return any(quote[0] <= base + norm.raw_start(o) < quote[1] for o in found)


def _own_names(
    named_at: list[tuple[int, str]],
    offsets: list[int],
    keys: list[str],
    entity_id: str,
    also: tuple[str, ...],
) -> list[int]:
    """The offsets among the words `keys` (at `offsets`) where the entity is named: by one of
    its names (`named_at`, `EntityCatalog.named_in`) or by one the fact gives it (`also`)."""
    own = [o for o, owner in named_at if owner == entity_id]
    for name in filter(None, (name_words(n) for n in also)):
        first, size = name[0], len(name)
        own += [
            offsets[i]
            for i, key in enumerate(keys)
            if key == first and tuple(keys[i : i + size]) == name
        ]
    return own


def _in_window(
    window: _Window,
    sentence_start: int,
    entity: EntityNames,
    catalog: EntityCatalog,
    *,
    also: tuple[str, ...],
    fact_id: str | None,
    source_id: str | None,
) -> SubjectCheck:
    """`check_subject` read from the whole window: from two sentences before the quote's to the
    end of the sentence it ends in."""
    entity_id = entity.id
    norm, base, quote_span, span = window
    start, end = quote_span

    def raw_offset(offset: int) -> int:
        return base + norm.raw_start(offset)

    offsets, keys = words_of(norm.text, *span)
    named_at = catalog.named_in(offsets, keys)  # normalised offsets: placed in the raw text
    own = [raw_offset(o) for o in _own_names(named_at, offsets, keys, entity_id, also)]
    if own:
        offset = min(own, key=lambda o: (not start <= o < end, -o))
        return SubjectCheck(f"{entity.name} is named {_place(offset, quote_span, sentence_start)}")
    if entity.described:
        return SubjectCheck(f"{entity.name}: named by description, not checked by name")
    others: dict[str, int] = {}
    for norm_offset, owner in named_at:
        other = catalog.by_id[owner]
        if other.kind == entity.kind and owner != entity_id:
            offset = raw_offset(norm_offset)
            inside = start <= offset < end
            # The one the quote is most about: named in it, else nearest before it.
            rank = -offset if inside else abs(start - offset)
            others[owner] = min(others.get(owner, rank), rank)
    if others:
        ranked = sorted(others, key=lambda k: others[k])
        names = ", ".join(catalog.by_id[k].name for k in ranked[:3])
        message = (
            f"the text names {names}, not {entity.name}: the quote is about "
            f"{catalog.by_id[ranked[0]].name} — cite the fact for that {_kind(entity)}, "
            "or quote the words that name its subject"
        )
        return SubjectCheck(
            f"names {names} instead",
            Finding(
                Code.SUBJECT_MISMATCH,
                message,
                fact_id,
                source_id,
                {"entity": entity_id, "named": ranked},
            ),
            tuple(ranked),
        )
    message = (
        f"neither the quote nor the two sentences before it name {entity.name} or another "
        f"{_kind(entity)}: check that the quote is about {entity.name}"
    )
    return SubjectCheck(
        "nobody of that kind is named near the quote",
        Finding(Code.SUBJECT_UNVERIFIED, message, fact_id, source_id, {"entity": entity_id}),
    )


def _kind(entity: EntityNames) -> str:
    """The entity's kind as a message names it: an "other" is an entity."""
    return "entity" if entity.kind == "other" else entity.kind


_CAPITALISED = re.compile(r"(?<![\w’'])[A-Z][\w’'-]*")


def capitalised_words(text: str) -> list[re.Match[str]]:
    """The capitalised words of a text other than months' names: where it may name someone,
    read without the catalog (`checks.list_items`, `checks.status_ended`)."""
    return [m for m in _CAPITALISED.finditer(text) if m.group(0).lower().rstrip(".") not in MONTHS]
