"""Statuses: a closed list of categories and the phrases sources use to state them.

A status is categorical, so "interval" means "category": a quote supports a status fact when
it states the same category. A phrase right after a negation ("she was not acquitted", "has
never been registered") states nothing, so it is dropped rather than read as its opposite.

Different statuses are not, in general, in conflict: a person is convicted and imprisoned at
once. Only the pairs in `STATUS_CONFLICTS` cannot hold at the same time; `overlaps` treats
every other pair as compatible, so the contradiction check raises no false alarm on them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from functools import cache
from itertools import combinations
from types import MappingProxyType
from typing import NamedTuple

from kzfacts.values import scan
from kzfacts.values.lazy import Lazy

_PHRASES: dict[str, tuple[str, ...]] = {
    "imprisoned": (
        "imprisoned",
        "imprisonment",
        "jailed",
        "in prison",
        "in jail",
        "behind bars",
        "locked up",
        "is serving",
        "are serving",
        "serving a prison sentence",
        "serving prison sentences",
        "serve prison sentences",
        "serve a prison sentence",
        "prison sentence",
        "prison sentences",
        "prison term",
        "deprived of their liberty",
        "deprived of his liberty",
        "deprived of her liberty",
    ),
    "released": (
        "released",
        "released from prison",
        "released from custody",
        "released from detention",
        "freed",
        "set free",
    ),
    "detained": (
        "detained",
        "in detention",
        "administrative detention",
        "incommunicado detention",
        "in custody",
        "held in custody",
        "held in for custody",
        "custody",
    ),
    "arrested": (
        "arrested",
        "under arrest",
        "apprehended",
        "taken into custody",
        "administrative arrest",
        "administrative arrests",
        "arrests",
    ),
    "charged": (
        "charged",
        "criminally charged",
        "indicted",
        "criminal charges",
        "charges against",
        "filed charges",
        "charges filed",
        "brought charges",
        "pressed charges",
    ),
    "convicted": (
        "convicted",
        "sentenced",
        "found guilty",
        "sentencing",
    ),
    "acquitted": (
        "acquitted",
        "acquittal",
        "found not guilty",
    ),
    "amnestied": (
        "amnestied",
        "amnesty",
        "granted an amnesty",
    ),
    "pardoned": (
        "pardoned",
        "granted a pardon",
        "received a pardon",
    ),
    "fined": (
        "fined",
        "pay a fine",
        "ordered to pay a fine",
        "to fines",
        "given fines",
    ),
    "suspended-sentence": (
        "suspended sentence",
        "suspended prison sentence",
        "suspended one",
        "conditional sentence",
        "probation",
        "received probation",
        "on probation",
    ),
    "in-psychiatric-care": (
        "in psychiatric care",
        "placed in psychiatric care",
        "forcibly placed in psychiatric care",
        "psychiatric hospital",
        "psychiatric clinic",
        "psychiatric ward",
    ),
    "on-trial": (
        "on trial",
        "stood trial",
        "stands trial",
        "standing trial",
        "went on trial",
        "was tried",
        "were tried",
        "trials against",
        "trial against",
    ),
    "under-investigation": (
        "under investigation",
        "subjected to investigation",
        "being investigated",
        "criminal case against",
        "criminal cases against",
    ),
    "in-exile": (
        "in exile",
        "exiled",
        "fled kazakhstan",
        "fled the country",
        "fled abroad",
        "granted asylum",
        "sought asylum",
    ),
    "deceased": (
        "died",
        "dead",
        "deceased",
        "killed",
        "was killed",
        "were killed",
        "passed away",
    ),
    "registered": (
        "registered",
        "re-registered",
        "granted registration",
        "obtained registration",
        "received registration",
    ),
    "denied-registration": (
        "denied registration",
        "refused registration",
        "registration was denied",
        "registration was refused",
        "not been granted registration",
        "not granted registration",
    ),
    "suspended": (
        "suspended",
        "suspended by court",
    ),
    "closed": (
        "closed",
        "closed down",
        "shut down",
        "was shut down",
        "forced to close",
        "ceased publishing",
        "cease publishing",
        "defunct",
        "now-defunct",
        "went bankrupt",
    ),
    "liquidated": (
        "liquidated",
        "liquidating",
        "liquidation",
        "dissolved",
        "dissolution",
    ),
    "blocked": (
        "blocked",
        "were blocked",
        "has been blocked",
        "blocking",
    ),
}

#: canonical status → the phrases that state it (lower case; matched as whole words).
STATUSES: Mapping[str, tuple[str, ...]] = MappingProxyType(_PHRASES)

#: The canonical names in a fixed order (a status value's interval is its index here).
STATUS_NAMES: tuple[str, ...] = tuple(_PHRASES)

_CUSTODY = ("imprisoned", "released", "in-psychiatric-care", "in-exile", "deceased")
#: Pairs of statuses that cannot both hold at one time (everything else may).
STATUS_CONFLICTS: frozenset[frozenset[str]] = frozenset(
    {frozenset(pair) for pair in combinations(_CUSTODY, 2)}
    | {
        frozenset(pair)
        for pair in (
            ("detained", "released"),
            ("detained", "in-exile"),
            ("detained", "deceased"),
            ("arrested", "in-exile"),
            ("convicted", "acquitted"),
            ("acquitted", "suspended-sentence"),
            ("acquitted", "fined"),
            ("acquitted", "imprisoned"),
            ("imprisoned", "suspended-sentence"),
            ("registered", "denied-registration"),
            ("registered", "liquidated"),
        )
    }
)

NEGATIONS = frozenset({"not", "never", "no", "without", "nor", "neither", "cannot"})
_NEGATION_WINDOW = 3  # "has not yet been released": up to three words back


def canonical_status(text: str) -> str | None:
    """The canonical name for a name or phrase: "In psychiatric care" → in-psychiatric-care."""
    words = " ".join(text.lower().replace("_", " ").split())
    dashed = words.replace(" ", "-")
    if dashed in _PHRASES:
        return dashed
    for name, phrases in _PHRASES.items():
        if words in phrases:
            return name
    return None


def _phrase_regex(phrase: str) -> str:
    words = [re.escape(w).replace(r"\-", r"[-\s]?") for w in phrase.split()]
    return r"\s+".join(words)


def _alternation(phrases: list[str]) -> re.Pattern[str]:
    return re.compile(
        r"(?<![\w-])(?:" + "|".join(_phrase_regex(p) for p in phrases) + r")(?![\w-])",
        re.IGNORECASE,
    )


def _first_tokens(phrase: str) -> set[str]:
    """The token a match of the phrase starts with: "re-registered" → "re", "reregistered"."""
    first = phrase.split()[0]
    if not re.fullmatch(r"[a-z]+(?:-[a-z]+)*", first):
        raise ValueError(f"status phrase {phrase!r}: only lower-case words and hyphens")
    parts = first.split("-")  # each hyphen may be written as a space, or left out
    return {"".join(parts[:k]) for k in range(1, len(parts) + 1)}


def _by_first_token() -> dict[str, tuple[str, ...]]:
    """First token → the phrases that can start with it, in `_ORDERED`'s order (one pass)."""
    starting: dict[str, list[str]] = {}
    for phrase in _ORDERED:
        for token in _FIRST_TOKENS[phrase]:
            starting.setdefault(token, []).append(phrase)
    return {token: tuple(starting[token]) for token in sorted(starting)}


_BY_PHRASE = {phrase: name for name, phrases in _PHRASES.items() for phrase in phrases}
_BY_FLAT = {p.replace("-", "").replace(" ", ""): name for p, name in _BY_PHRASE.items()}
_ORDERED = sorted(_BY_PHRASE, key=len, reverse=True)
_FIRST_TOKENS = {p: _first_tokens(p) for p in _ORDERED}
#: first token → the phrases that can start with it, in `_ORDERED`'s order: at a position,
#: the same phrase wins as in the alternation of all (no other phrase can match there).
#: Compiled on first use (`_regex`): most commands never scan for statuses.
_BY_FIRST_TOKEN = _by_first_token()
scan.flag_words(scan.STATUS, _BY_FIRST_TOKEN)


@cache
def _regex(token: str | None) -> re.Pattern[str]:
    """The alternation of the phrases starting with `token` (of every phrase for None)."""
    return _alternation(list(_ORDERED if token is None else _BY_FIRST_TOKEN[token]))


class StatusMatch(NamedTuple):
    """A status phrase found in a text (a tuple: made by the thousand)."""

    start: int
    end: int
    category: str
    negated: bool


_CLAUSE_BREAK = Lazy(r"[.;:!?,()\[\]\n\"“”]")
_WORD = Lazy(r"[a-z']+")


def negated(text: str, start: int) -> bool:
    """A negation among the few words right before `start`, within the same clause."""
    before = text[max(0, start - 60) : start]
    clause = _CLAUSE_BREAK.split(before)[-1]
    words = _WORD.findall(clause.lower())[-_NEGATION_WINDOW:]
    return any(w in NEGATIONS or w.endswith("n't") for w in words)


def _matches(scanned: scan.Text) -> Iterator[re.Match[str]]:
    """What `_regex(None).finditer(text)` finds, trying phrases only where their first word is."""
    text = scanned.text
    if scanned.folded is None:
        yield from _regex(None).finditer(text)
        return
    tokens, starts = scanned.tokens, scanned.starts
    end = 0
    for i in scanned.indices(scan.STATUS):
        start = starts[i]
        if start < end:
            continue
        m = _regex(tokens[i]).match(text, start)
        if m is not None:
            yield m
            end = m.end()


def find_statuses(text: str, scanned: scan.Text | None = None) -> Iterator[StatusMatch]:
    """Every status phrase in the text, with its category and whether it is negated."""
    for m in _matches(scan.Text(text) if scanned is None else scanned):
        key = " ".join(m.group(0).lower().split())
        category = _BY_PHRASE.get(key)
        if category is None:  # hyphen written as space or left out: compare without them
            category = _BY_FLAT.get(key.replace("-", "").replace(" ", ""))
        if category is None:
            continue
        yield StatusMatch(m.start(), m.end(), category, negated(text, m.start()))
