"""A deterministic Markdown draft about the synthetic corpus's entities, for `kzfacts check`.

`make_draft` writes N sentences in paragraphs (with a section heading now and then), each
sentence of one planted kind:

- `cited`: states a fact's value as the fact has it, and cites it with a pandoc citation
  (`[@f000123-sentence-length]`) — no finding, unless the last audit found the fact broken;
- `unsourced`: states a fact's value and cites nothing — `unsourced-claim`;
- `mismatch`: cites a fact and states another value of its type — `claim-mismatch`;
- `broken`: cites a fact the corpus mutation broke (quote altered or deleted, source file
  removed) — `cites-broken-fact` once an audit has seen it;
- `unknown`: cites a mistyped fact id — `unknown-fact`;
- `context`: cites a fact but states no value ("Adil Soz documented the strike in Karasu") —
  no finding;
- `prose`: no value, no citation — no finding.

Every sentence starts with a capital letter and ends with a full stop followed by a space or a
line end, so kzfacts splits the draft exactly into the planned sentences; headings are their
own sentences (kzfacts counts them) and state no claim.

The expected findings are computed from the plan and the set of facts the last audit reported
with an error (`DraftPlan.expected_counts`), so a wrong audit does not show up as a wrong check.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from corpus import HEADINGS, MONTH_NAMES, NUMBER_WORDS, ORG_SHORT, ORGS, OUTLETS

DEFAULT_MIX = {
    "cited": 0.60,
    "unsourced": 0.08,
    "mismatch": 0.04,
    "broken": 0.01,
    "unknown": 0.002,
    "context": 0.048,
    "prose": 0.22,
}
HEADING_EVERY = 40
"""Paragraphs between section headings."""
MAX_UNKNOWN = 40
"""kzfacts looks up "did you mean" ids for at most 50 distinct unknown keys per run."""


@dataclass(frozen=True)
class PlannedSentence:
    kind: str
    text: str
    cites: str | None = None  # the cited key (a fact id, or a mistyped one)
    claim: bool = False  # states a value kzfacts must treat as a claim


@dataclass
class DraftPlan:
    text: str
    sentences: list[PlannedSentence] = field(default_factory=list)
    headings: int = 0

    def kinds(self) -> Counter[str]:
        return Counter(s.kind for s in self.sentences)

    def expected_counts(self, known: set[str], broken: set[str]) -> Counter[str]:
        """Findings `kzfacts check` must report: `known` fact ids exist, `broken` ones have an
        error finding in the last audit."""
        counts: Counter[str] = Counter()
        for sentence in self.sentences:
            if sentence.kind == "unsourced":
                counts["unsourced-claim"] += 1
            if sentence.cites is None:
                continue
            if sentence.cites not in known:
                counts["unknown-fact"] += 1
                continue
            if sentence.cites in broken:
                counts["cites-broken-fact"] += 1
            if sentence.kind == "mismatch":
                counts["claim-mismatch"] += 1
        return +counts

    def expected_summary(self) -> dict[str, int]:
        return {
            "sentences": len(self.sentences) + self.headings,
            "claims": sum(s.claim for s in self.sentences),
            "citations": sum(s.cites is not None for s in self.sentences),
        }


# --------------------------------------------------------------------------------------------
# Values as the draft writes them
# --------------------------------------------------------------------------------------------


def _number(rng: random.Random, n: int) -> str:
    if n <= 20 and rng.random() < 0.5:
        return NUMBER_WORDS[n]
    return f"{n:,}"


def _years(rng: random.Random, n: int) -> str:
    number = NUMBER_WORDS[n] if n < len(NUMBER_WORDS) and rng.random() < 0.6 else str(n)
    return f"{number} year" if n == 1 else f"{number} years"


def _date(rng: random.Random, day: date) -> str:
    month = MONTH_NAMES[day.month - 1]
    if rng.random() < 0.7:
        return f"{day.day} {month} {day.year}"
    return f"{month} {day.day}, {day.year}"


def _value_of(record: dict[str, Any]) -> Any:
    predicate, value = record["predicate"], record["value"]
    if predicate == "sentence_length":
        return int(value.split()[0])
    if predicate == "amount":
        return int(value.split()[0].replace(",", ""))
    if predicate == "event_date":
        return date.fromisoformat(value)
    return int(value)


def _other_value(rng: random.Random, predicate: str, value: Any) -> Any:
    """A value of the same type that cannot be the fact's."""
    if predicate == "sentence_length":
        return value + rng.randint(2, 4)
    if predicate == "amount":
        return value * rng.choice((2, 3))
    if predicate == "event_date":
        year = value.year + rng.choice((-2, -1, 1, 2))
        return date(year, value.month, min(value.day, 28))
    return value + max(3, value // 3) + rng.randint(0, 5)


def _claim_sentence(rng: random.Random, record: dict[str, Any], value: Any) -> str:
    """A sentence stating `value` for the record's entity and predicate (no full stop)."""
    subject, predicate = record["subject"], record["predicate"]
    org = rng.choice(ORG_SHORT)
    if predicate == "sentence_length":
        return rng.choice(
            (
                f"{subject} was sentenced to {_years(rng, value)} in prison",
                f"A court sentenced {subject} to {_years(rng, value)} of imprisonment",
            )
        )
    if predicate == "amount":
        return rng.choice(
            (
                f"A district court ordered {subject} to pay {value:,} tenge in damages",
                f"In the end {subject} was fined {value:,} tenge",
            )
        )
    if predicate == "event_date":
        return rng.choice(
            (
                f"The {subject} took place on {_date(rng, value)}",
                f"According to {org}, the {subject} began on {_date(rng, value)}",
            )
        )
    n = _number(rng, value)
    if predicate == "death_toll":
        return f"According to {org}, {n} people were killed during the {subject}"
    if predicate == "detained_count":
        return f"Police detained {n} people in connection with the {subject}"
    if predicate == "participant_count":
        return f"The organisers said that {n} people took part in the {subject}"
    return f"In the weeks that followed, {org} received {n} complaints about the {subject}"


def _context_sentence(rng: random.Random, record: dict[str, Any]) -> str:
    subject = record["subject"]
    org = rng.choice(ORGS)
    if record["predicate"] in ("sentence_length", "amount"):
        text = rng.choice(
            (
                f"{org} raised the case of {subject} with the authorities",
                f"Lawyers for {subject} said that the verdict ignored the evidence of the defence",
            )
        )
    else:
        text = rng.choice(
            (
                f"{org} documented the {subject} in detail",
                f"The {subject} was widely covered by {rng.choice(OUTLETS)}",
            )
        )
    return text[0].upper() + text[1:]


def _prose_sentence(rng: random.Random, records: list[dict[str, Any]]) -> str:
    record = rng.choice(records)
    subject, org = record["subject"], rng.choice(ORGS)
    if record["predicate"] in ("sentence_length", "amount"):
        text = rng.choice(
            (
                f"{org} expressed concern about the trial of {subject}",
                f"{org} called on the government of Kazakhstan to release {subject}",
                f"Relatives of {subject} were not allowed to attend the hearing",
            )
        )
    else:
        text = rng.choice(
            (
                f"The authorities have not responded to requests for information about the "
                f"{subject}",
                f"Journalists who reported on the {subject} were questioned by the police",
                f"{org} asked for an independent investigation into the {subject}",
            )
        )
    return text[0].upper() + text[1:]


def _mistyped(rng: random.Random, fact_id: str) -> str:
    """`f000123-sentence-length` → `f000123-sentence-lenght`: close enough for "did you mean"."""
    head, _, tail = fact_id.rpartition("-")
    if len(tail) >= 4:
        i = rng.randint(1, len(tail) - 2)
        tail = tail[:i] + tail[i + 1] + tail[i] + tail[i + 2 :]
        if f"{head}-{tail}" != fact_id:
            return f"{head}-{tail}"
    return fact_id + "-x"


def make_draft(
    records: list[dict[str, Any]],
    n_sentences: int,
    *,
    broken: list[str] | None = None,
    avoid: set[str] | None = None,
    seed: int = 11,
    mix: dict[str, float] | None = None,
) -> DraftPlan:
    """A draft of `n_sentences` sentences (plus headings) about the facts in `records`.

    `broken` are fact ids the caller expects the last audit to have found broken (cited by the
    `broken` sentences; without them there are no `broken` sentences); `avoid` are fact ids the
    other kinds must not cite or state (anything planted in the corpus).
    """
    rng = random.Random(seed)
    mix = dict(mix or DEFAULT_MIX)
    if not broken:
        mix["cited"] += mix.pop("broken", 0.0)
        mix.pop("broken", None)
    kinds = list(mix)
    weights = [mix[k] for k in kinds]
    avoid = avoid or set()
    clean = [r for r in records if r["id"] not in avoid]
    by_id = {r["id"]: r for r in records}
    unknown_keys: set[str] = set()
    plan = DraftPlan("")
    lines: list[str] = ["---", "title: Draft (bench/draft.py)", "---", ""]
    paragraph: list[str] = []
    paragraphs = 0

    def flush() -> None:
        nonlocal paragraphs
        if paragraph:
            lines.append(" ".join(paragraph))
            lines.append("")
            paragraph.clear()
            paragraphs += 1
            if paragraphs % HEADING_EVERY == 0:
                lines.append(f"## {rng.choice(HEADINGS)}")
                lines.append("")
                plan.headings += 1

    target_length = rng.randint(3, 8)
    for _ in range(n_sentences):
        kind = rng.choices(kinds, weights)[0]
        if kind == "unknown" and len(unknown_keys) >= MAX_UNKNOWN:
            kind = "cited"
        record = by_id[rng.choice(broken)] if kind == "broken" and broken else rng.choice(clean)
        value = _value_of(record)
        cites: str | None = None
        claim = True
        if kind in ("cited", "broken"):
            body, cites = _claim_sentence(rng, record, value), record["id"]
        elif kind == "unsourced":
            body = _claim_sentence(rng, record, value)
        elif kind == "mismatch":
            other = _other_value(rng, record["predicate"], value)
            body, cites = _claim_sentence(rng, record, other), record["id"]
        elif kind == "unknown":
            cites = _mistyped(rng, record["id"])
            if cites in unknown_keys:
                cites = cites + "-x"
            unknown_keys.add(cites)
            body = _claim_sentence(rng, record, value)
        elif kind == "context":
            body, cites, claim = _context_sentence(rng, record), record["id"], False
        else:
            body, claim = _prose_sentence(rng, clean), False
        text = f"{body} [@{cites}]." if cites else f"{body}."
        plan.sentences.append(PlannedSentence(kind, text, cites, claim))
        paragraph.append(text)
        if len(paragraph) >= target_length:
            flush()
            target_length = rng.randint(3, 8)
    flush()
    plan.text = "\n".join(lines)
    return plan
