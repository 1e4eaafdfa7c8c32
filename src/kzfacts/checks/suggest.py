"""Suggested facts, the pure part: for one value mention of a source, the clause that states it,
the predicate its words give, and the registered entity the sentence names.

The predicate comes from `checks.predicate_cues`, the one place that maps the words bound to a
mention to a predicate. Pure: text, mentions and entity names in, proposals out.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from kzfacts.checks.predicate_cues import PREDICATE_KINDS, fits
from kzfacts.values import Value, ValueType
from kzfacts.values.vocabulary import MONTHS

PERSON_STATUSES = frozenset(
    {
        "imprisoned", "released", "detained", "arrested", "convicted", "acquitted", "amnestied",
        "pardoned", "suspended-sentence", "in-psychiatric-care", "on-trial", "in-exile",
        "deceased",
    }
)  # fmt: skip
BODY_STATUSES = frozenset(
    {"registered", "denied-registration", "suspended", "closed", "liquidated", "blocked"}
)
"""Statuses only a person can have, and statuses only an organisation, party or outlet can."""
DATE_WORDS = frozenset(MONTHS) | {"early", "mid", "late", "night"}
"""Words of a date, never part of an entity's name."""

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]*\s+(?=[\"“‘(]?[A-Z0-9])")
_HEADING_END = re.compile(r"(?m)^[^\S\n]*\S[^\n]{0,58}$\n(?=\s*[\"“A-Z])")
"""A short line without a final stop before a capital: a heading, which ends a sentence."""
_ABBREVIATION = re.compile(r"(?:\b(?:Mr|Mrs|Ms|Dr|St|Art|No|Nos|art|para|p|pp|vs|etc|e\.g|i\.e)|"
                           r"\b[A-Z]|U\.S|U\.N)\.$")  # fmt: skip
_CLAUSE_BREAK = re.compile(
    r";|:\s|\s[—–-]\s|—|\((?![^()]{0,40}\))|,\s+(?=(?:and|but|which|who|while|whereas|although|"
    r"after|before|when|where|including|as well as)\b)"
)
MIN_QUOTE_WORDS = 6
MAX_QUOTE_WORDS = 40
STOPWORDS = frozenset(
    [
        "the",
        "a",
        "an",
        "of",
        "in",
        "on",
        "at",
        "for",
        "to",
        "and",
        "or",
        "by",
        "with",
        "from",
        "its",
        "his",
        "her",
        "their",
        "was",
        "were",
        "is",
        "are",
        "be",
        "been",
        "has",
        "have",
        "had",
        "that",
        "this",
        "these",
        "those",
        "as",
        "into",
        "over",
        "under",
        "after",
        "before",
        "during",
        "against",
        "about",
        "who",
        "which",
        "whom",
        "whose",
        "than",
        "then",
        "also",
        "not",
        "no",
    ]
)


def words(text: str) -> list[str]:
    return [w.casefold() for w in _WORD.findall(text)]


def content_words(text: str) -> list[str]:
    """The words of a text that can say something: no "the", "was", "of"."""
    return [w for w in words(text) if w not in STOPWORDS]


def sentence_breaks(text: str) -> list[tuple[int, int]]:
    """Where sentences end: after a final stop (not an abbreviation's) and after a heading line.
    Blank lines alone are not breaks: documents converted from PDF put one after every line."""
    breaks = [
        m.span()
        for m in _SENTENCE_END.finditer(text)
        if not _ABBREVIATION.search(text[max(0, m.start() - 6) : m.start()])
    ]
    breaks += [
        m.span()
        for m in _HEADING_END.finditer(text)
        if not text[m.start() : m.end()].rstrip().endswith((",", "-"))
    ]
    return sorted(breaks)


def sentence_span(
    text: str, start: int, end: int, breaks: Sequence[tuple[int, int]] | None = None
) -> tuple[int, int]:
    """The sentence around [start, end): from the last sentence break before it to the next."""
    found = sentence_breaks(text) if breaks is None else breaks
    begin = max((e for s, e in found if e <= start), default=0)
    finish = min((s for s, e in found if s >= end), default=len(text))
    return begin, finish


def clause_span(
    text: str, start: int, end: int, breaks: Sequence[tuple[int, int]] | None = None
) -> tuple[int, int]:
    """The clause of its sentence that holds [start, end), joined to the clauses after it (then
    before it) while it is too short to be evidence, and cut to the words around the mention
    when very long."""
    s_begin, s_end = sentence_span(text, start, end, breaks)
    cuts = [m for m in _CLAUSE_BREAK.finditer(text, s_begin, s_end)]
    lefts = [s_begin] + [m.end() for m in cuts if m.end() <= start]
    rights = [m.start() for m in cuts if m.start() >= end] + [s_end]
    begin, finish = lefts.pop(), rights.pop(0)
    while len(words(text[begin:finish])) < MIN_QUOTE_WORDS and (lefts or rights):
        if rights:
            finish = rights.pop(0)
        else:
            begin = lefts.pop()
    spans = [m.span() for m in _WORD.finditer(text, begin, finish)]
    if len(spans) > MAX_QUOTE_WORDS:
        at = next((i for i, (_, e) in enumerate(spans) if e > start), 0)
        first = max(0, min(at - MAX_QUOTE_WORDS // 2, len(spans) - MAX_QUOTE_WORDS))
        last = first + MAX_QUOTE_WORDS - 1
        begin, finish = spans[first][0], max(spans[last][1], end)
    while begin < finish and not (text[begin].isalnum() or text[begin] in "\"“'‘$"):
        begin += 1
    while finish > begin and not (text[finish - 1].isalnum() or text[finish - 1] in "\"”'’%)"):
        finish -= 1
    return begin, finish


@dataclass(frozen=True)
class EntityNames:
    """A registered entity with every name it goes by, and the dates its name holds (an event
    entity is named with its date: "Arson of a ZSK campaign office (September 25, 2005)")."""

    id: str
    kind: str
    names: tuple[str, ...]
    dates: tuple[tuple[float, float], ...] = ()


@dataclass(frozen=True)
class EntityChoice:
    entity_id: str
    kind: str
    name: str
    score: float
    how: str


def _significant(text: str) -> set[str]:
    return {
        w
        for w in words(text)
        if len(w) > 2 and w not in STOPWORDS and w not in DATE_WORDS and not w.isdigit()
    }


def status_fits(status: str | None, kind: str) -> bool:
    """Whether an entity of this kind can have the status ("imprisoned" is not said of a paper)."""
    if status in PERSON_STATUSES:
        return kind == "person"
    if status in BODY_STATUSES:
        return kind in ("organisation", "party", "media", "government")
    return kind not in ("place", "event", "law")


def not_a_quantity(text: str, mention: Value) -> bool:
    """A mention that states no fact's value: the pronoun "one" ("to replace one in force", "as
    one was suspended"). Ages ("an 18-year-old worker") are no value at all (`find_values`)."""
    after = text[mention.end : mention.end + 20]
    if mention.type is ValueType.COUNT and mention.text.strip() == "one":
        following = words(after)
        return not following or following[0] in STOPWORDS
    return False


def _occurrences(name: str, text: str) -> list[int]:
    """Where a name is written; an acronym ("WHO", "KNB") only in capitals, never as "who"."""
    pattern = r"(?<!\w)" + r"\s+".join(re.escape(w) for w in name.split()) + r"(?!\w)"
    flags = 0 if name.isupper() else re.IGNORECASE
    return [m.start() for m in re.finditer(pattern, text, flags)]


def choose_entity(
    entities: Sequence[EntityNames],
    clause: str,
    sentence: str,
    at: int,
    mention: Value,
    predicate: str,
    sentence_dates: frozenset[tuple[float, float]] = frozenset(),
) -> EntityChoice | None:
    """The entity the sentence names that the mention is most likely about: an event whose
    name carries the date the sentence states and shares its words, else the name written
    nearest the mention (in its clause before the rest of the sentence). `at` is the mention's
    offset in `sentence`; `sentence_dates` the (low, high) of every date the sentence states."""
    clause_words = _significant(clause)
    sentence_words = _significant(sentence)
    best: EntityChoice | None = None
    for entity in entities:
        if mention.type is ValueType.STATUS and entity.kind == "event":
            continue
        for name in entity.names:
            places = _occurrences(name, sentence)
            if places and len(name) > 2:
                distance = min(abs(p - at) for p in places)
                in_clause = any(_occurrences(name, clause))
                score = 3.0 + (1.0 if in_clause else 0.0) + 1.0 / (1.0 + distance / 40)
                score += 0.1 * len(name.split())
                how = f"named {name!r}"
            else:
                # An event or a law is rarely written by its full name: its words and its date.
                own = _significant(name)
                if not own or entity.kind not in ("event", "law"):
                    continue
                shared = len(own & clause_words) + 0.5 * len(own & (sentence_words - clause_words))
                own_date = (mention.low, mention.high) in entity.dates
                in_sentence = any(d in sentence_dates for d in entity.dates)
                ratio = shared / len(own)
                if shared < 1 or not (own_date or in_sentence or (shared >= 2 and ratio >= 0.34)):
                    continue
                score = 3.0 + 2.5 * ratio + (2.5 if own_date else 1.6 if in_sentence else 0.0)
                how = f"{entity.kind} named {name!r}"
            if predicate in PREDICATE_KINDS and fits(predicate, entity.kind):
                score += 1.0
            if entity.kind == "place":
                score -= 1.5
            if best is None or score > best.score:
                best = EntityChoice(entity.id, entity.kind, name, score, how)
    return best


_LINK = re.compile(
    r"\b(?:was|were|is|are|been|being|be|remains|remained|became|got|who|continues?)\b", re.I
)


_REPORTED = re.compile(r"\b(?:found|reported|said|says|stated|noted|claimed|announced)\b", re.I)
_LIST_AFTER = re.compile(r"^[^.;]{0,160}?\b(?:including|such as|namely)\b", re.I)


def states_status(before: str, name: str, after: str = "") -> bool:
    """Whether the words before a status word say it of the entity named there: the name, then
    a form of "to be" or "who" ("Sokolova … was released", "Kuramshin, who continue to serve
    prison sentences"), within a short stretch of the clause; or a name listed after it
    ("locked up …, including Roza Tuletaeva, Vadim Kuramshin and Zinaida Mukhortova")."""
    listed = _LIST_AFTER.match(after)
    if listed and any(p < 200 for p in _occurrences(name, after[listed.end() :])):
        return True
    places = _occurrences(name, before)
    if not places:
        return False
    between = before[places[-1] + len(name) :]
    link = _LINK.search(between)
    # "Navigator's report found that … were blocked": the name reports it, the status is another's.
    return (
        len(between) <= 120 and link is not None and not _REPORTED.search(between, 0, link.start())
    )


def new_subject(clause: str, start: int, end: int) -> str:
    """A subject for a new entity, for the mention at [start, end) of the clause: the name
    (capitalised words) nearest before it, else the first words after it ("close to 600
    registered religious groups"), else the clause's first words."""
    names = [
        m
        for m in re.finditer(
            r"(?:[A-Z][\w'’.-]*(?:\s+(?:of|the|for|and)\s+|\s+))*[A-Z][\w'’-]+", clause
        )
        if m.end() <= start and not set(words(m.group())) <= STOPWORDS | DATE_WORDS
    ]
    if names:
        return names[-1].group()
    following = [w for w in _WORD.findall(clause[end:]) if w.casefold() not in STOPWORDS][:3]
    if following:
        return " ".join(following)
    return " ".join(clause.split()[:4])


def confidence(entity: EntityChoice | None, cue: str | None, mention: Value) -> float:
    """How sure the proposal is, 0–1: a named entity, a cue word and a precise value each add."""
    score = 0.35
    if entity is not None:
        score += 0.35 if entity.how.startswith("named") else 0.3
    if cue is not None or mention.type in (ValueType.MONEY, ValueType.PERCENT):
        score += 0.2
    if mention.low == mention.high or mention.type is ValueType.DATE:
        score += 0.1
    return round(min(score, 1.0), 2)
