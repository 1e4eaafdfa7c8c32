"""Which of several values a quote states belongs to a fact's predicate.

"At least 15 people were killed and more than 100 seriously injured" states two counts: the
death toll is the one whose clause holds "killed". Each predicate has the words that state it
(`PREDICATE_WORDS`, one table, shown in the README by `render_predicate_table`); a value is
bound to the predicates whose words stand in its clause, nearer to it than to any other value
of that clause. Clauses end at ";", ":", ",", "(", ")" and at "and", "but", "while",
"whereas", "or" between two values.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from kzfacts.values.lazy import Lazy
from kzfacts.values.model import Value


@dataclass(frozen=True)
class PredicateWords:
    """What a predicate is called in a message, its value type (as in the predicate table of
    the database; a test holds them equal), and the words that state it in a source."""

    name: str
    value_type: str
    words: tuple[str, ...] = ()


#: The words that state each predicate. A predicate without words (a catch-all such as
#: "count", or "status", whose value is its word) takes any value of its type the quote states.
PREDICATE_WORDS: dict[str, PredicateWords] = {
    "sentence_length": PredicateWords(
        "sentence", "duration",
        (
            "sentenced", "sentence", "sentences", "imprisoned", "imprisonment", "prison",
            "term", "colony", "jail", "jailed", "custodial", "behind bars", "restricted freedom",
            "restriction of freedom", "labour camp", "labor camp",
        ),
    ),
    "ban_length": PredicateWords(
        "ban", "duration",
        ("barred", "banned", "ban", "prohibited", "prohibition", "deprived of the right"),
    ),
    "detention_length": PredicateWords(
        "detention", "duration",
        ("detained", "detention", "custody", "held", "administrative arrest", "arrested"),
    ),
    "duration": PredicateWords("duration", "duration"),
    "sentence_date": PredicateWords(
        "date of sentencing", "date",
        ("sentenced", "convicted", "sentence", "verdict", "found guilty", "imprisoned"),
    ),
    "release_date": PredicateWords(
        "date of release", "date", ("released", "freed", "release", "amnestied", "pardoned")
    ),
    "arrest_date": PredicateWords(
        "date of arrest", "date",
        ("arrested", "arrest", "detained", "detention", "apprehended", "taken into custody"),
    ),
    "event_date": PredicateWords("date", "date"),
    "law_adopted_date": PredicateWords(
        "date of adoption", "date",
        ("adopted", "signed", "enacted", "passed", "approved", "amendments", "amended"),
    ),
    "law_in_force_date": PredicateWords(
        "date of entry into force", "date",
        ("in force", "into force", "took effect", "into effect", "effective"),
    ),
    "registration_date": PredicateWords(
        "date of registration", "date", ("registered", "registration", "re-registered")
    ),
    "closure_date": PredicateWords(
        "date of closure", "date",
        ("closed", "closure", "liquidated", "liquidation", "shut down", "suspended", "banned"),
    ),
    "death_toll": PredicateWords(
        "death toll", "count",
        (
            "killed", "died", "dead", "deaths", "death", "lost their lives", "lost his life",
            "fatalities", "perished", "shot dead", "bodies",
        ),
    ),
    "injured_count": PredicateWords(
        "number injured", "count", ("wounded", "injured", "hurt", "injuries", "injuring")
    ),
    "detained_count": PredicateWords(
        "number detained", "count",
        ("detained", "arrested", "arrests", "detentions", "taken into custody", "held"),
    ),
    "participant_count": PredicateWords(
        "number of participants", "count",
        (
            "protesters", "protestors", "demonstrators", "participants", "participated",
            "took part", "gathered", "marchers", "strikers", "stormed", "attended", "rally",
            "residents", "people", "men", "women", "crowd",
        ),
    ),
    "member_count": PredicateWords(
        "number of members", "count", ("members", "member", "membership")
    ),
    "confiscated_count": PredicateWords(
        "number confiscated", "count", ("confiscated", "seized", "copies", "impounded")
    ),
    "closed_count": PredicateWords(
        "number closed", "count", ("closed", "shut down", "liquidated", "suspended", "banned")
    ),
    "count": PredicateWords("count", "count"),
    "amount": PredicateWords(
        "amount", "money",
        (
            "fined", "fine", "fines", "damages", "tax", "taxes", "owed", "compensation",
            "claimed", "paid", "amounting", "penalty", "bail", "sum",
        ),
    ),
    "percentage": PredicateWords("percentage", "percent"),
    "status": PredicateWords("status", "status"),
}  # fmt: skip


@cache
def _pattern(predicate: str) -> re.Pattern[str] | None:
    entry = PREDICATE_WORDS.get(predicate)
    if entry is None or not entry.words:
        return None
    words = sorted(entry.words, key=len, reverse=True)
    alternatives = "|".join(r"\s+".join(map(re.escape, w.split())) for w in words)
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])", re.IGNORECASE)


#: Between a value and the same value restated in brackets: "81 million tenge (approx. $623,000)".
_RESTATED = Lazy(r"\s*[(\[]\s*")
_CLAUSE_END = Lazy(r"[;:,()]|\b(?:and|but|while|whereas|or)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Bound:
    """A value the text states, and the predicates whose words stand in its clause."""

    value: Value
    predicates: frozenset[str]


def _clauses(text: str, mentions: list[Value]) -> list[int]:
    """Where clauses end: separators outside every mention, in order."""
    return [
        m.start()
        for m in _CLAUSE_END.finditer(text)
        if not any(v.start <= m.start() < v.end for v in mentions)
    ]


def rivals(predicate: str) -> list[str]:
    """The predicate and every other predicate of its value type that has words."""
    entry = PREDICATE_WORDS[predicate]
    return [
        name
        for name, other in PREDICATE_WORDS.items()
        if other.value_type == entry.value_type and (other.words or name == predicate)
    ]


def bind(text: str, mentions: list[Value], predicates: list[str]) -> list[Bound]:
    """Each mention (of one type, found in `text`) with the `predicates` its clause states.

    A predicate word belongs to the mention of its clause nearest to it; a clause without a
    mention binds its words to nothing.
    """
    ends = _clauses(text, mentions)

    def clause(position: int) -> int:
        return sum(1 for end in ends if end < position)

    bound: list[set[str]] = [set() for _ in mentions]
    restates = [
        i > 0 and _RESTATED.fullmatch(text, mentions[i - 1].end, m.start) is not None
        for i, m in enumerate(mentions)
    ]
    clause_of = [clause(m.start) for m in mentions]
    for predicate in predicates:
        pattern = _pattern(predicate)
        if pattern is None:
            continue
        for word in pattern.finditer(text):
            if any(m.start <= word.start() < m.end for m in mentions):
                continue  # a word inside a value ("in prison" of a status) states nothing
            here = clause(word.start())
            near = [
                (min(abs(m.start - word.end()), abs(word.start() - m.end)), i)
                for i, m in enumerate(mentions)
                if clause_of[i] == here
            ]
            if near:
                bound[min(near)[1]].add(predicate)
    for i, again in enumerate(restates):
        if again:  # "81 million tenge (approx. U.S.$623,000)": one amount, twice
            bound[i] |= bound[i - 1]
            bound[i - 1] |= bound[i]
    return [Bound(m, frozenset(p)) for m, p in zip(mentions, bound, strict=True)]


def render_predicate_table() -> str:
    """The README's table of predicate words (a test holds the README to it)."""
    lines = ["| predicate | named | words that state it |", "|---|---|---|"]
    for predicate, entry in PREDICATE_WORDS.items():
        words = ", ".join(entry.words) or "(any value of its type)"
        lines.append(f"| `{predicate}` | {entry.name} | {words} |")
    return "\n".join(lines)
