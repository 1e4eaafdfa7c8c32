"""Measurement: how often the quote check refuses honest quotes and accepts altered ones.

Deterministic (a fixed random seed): quotes of 8–30 words are cut from the five seed
documents at word starts (passages the text states once), then

- honest: the same words with layout noise only (line breaks for spaces, curly quote marks,
  en dashes, doubled spaces) — every refusal is a false alarm;
- altered: one protected word changed (a digit, a month, a negation dropped or added, a
  capitalised name swapped for another of the document, a qualifier dropped) — every
  acceptance is a missed lie;
- cut: the quote starts inside a number or word of the source ("2 May" of "12 May") —
  every acceptance is a missed boundary.

Each quote is checked by the public `kzfacts.anchor_quote(quote, source_text)`, as `fact add`
anchors it; the passages are picked with kzfacts' own normalisation (stated once).

    python bench/bench_quote_rates.py [--count 500]

Not run by CI.
"""

from __future__ import annotations

import argparse
import random
import re
from pathlib import Path

from kzfacts import anchor_quote
from kzfacts.text.normalize import normalize, squash

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
URL = re.compile(r"(?:https?://|www\.)\S+")
MONTHS = "January February March April May June July August September October November December"
QUALIFIERS = ("more than", "at least", "about", "nearly", "almost", "over", "up to", "some")


def _passages(rng: random.Random, count: int) -> list[tuple[str, str, str, int]]:
    """(source text, normalised text, quote, raw start) cut at word starts, stated once."""
    docs = [f.read_text(encoding="utf-8") for f in sorted(SEEDS.glob("*.txt"))]
    prepared = [(d, normalize(d).text, d) for d in docs]
    out: list[tuple[str, str, str, int]] = []
    while len(out) < count:
        source, norm, raw = rng.choice(prepared)
        starts = [m.start() for m in re.finditer(r"(?<!\S)\w", raw)]
        start = rng.choice(starts[:-40])
        words = [w for w in raw[start : start + 4000].split() if not URL.match(w)]
        quote = " ".join(words[: rng.randint(8, 30)])
        if norm.count(squash(quote)) == 1:
            out.append((source, norm, quote, start))
    return out


def _noise(rng: random.Random, quote: str) -> str:
    out = []
    for char in quote:
        roll = rng.random()
        if char == " " and roll < 0.15:
            out.append("\n")
        elif char == " " and roll < 0.2:
            out.append("  ")
        elif char == '"' and roll < 0.5:
            out.append("\u201c")
        elif char == "'" and roll < 0.5:
            out.append("\u2019")
        elif char == "-" and roll < 0.5:
            out.append("\u2013")
        else:
            out.append(char)
    return "".join(out)


def _alter(rng: random.Random, quote: str) -> str | None:
    """One protected word changed, or None when the quote has none of the chosen kind."""
    kind = rng.choice(["digit", "month", "negation", "name", "qualifier"])
    if kind == "digit":
        spots = [i for i, c in enumerate(quote) if c.isdigit()]
        if not spots:
            return None
        i = rng.choice(spots)
        return quote[:i] + rng.choice([d for d in "0123456789" if d != quote[i]]) + quote[i + 1 :]
    if kind == "month":
        found = [m for m in MONTHS.split() if re.search(rf"\b{m}\b", quote)]
        if not found:
            return None
        old = rng.choice(found)
        new = rng.choice([m for m in MONTHS.split() if m != old])
        return re.sub(rf"\b{old}\b", new, quote, count=1)
    if kind == "negation":
        if re.search(r"\bnot\b", quote):
            return re.sub(r"\bnot ", "", quote, count=1)
        match = re.search(r"\b(was|were|is|are|has|have|had) ", quote)
        if match is None:
            return None
        return quote[: match.end()] + "not " + quote[match.end() :]
    if kind == "name":
        names = re.findall(r"(?<=[a-z,] )[A-Z][a-z]{3,}", quote)
        if not names:
            return None
        old = rng.choice(names)
        return quote.replace(old, "Petrov" if old != "Petrov" else "Ivanov", 1)
    for words in QUALIFIERS:
        if re.search(rf"\b{words} \d", quote):
            return re.sub(rf"\b{words} ", "", quote, count=1)
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=500)
    args = parser.parse_args()
    rng = random.Random(20121216)
    passages = _passages(rng, args.count * 4)

    honest = passages[: args.count]
    refused = [q for s, _, q, _ in honest if not anchor_quote(_noise(rng, q), s).accepted]
    print(
        f"honest quotes with layout noise: {len(refused)} of {len(honest)} refused "
        f"({100 * len(refused) / len(honest):.1f} %)"
    )
    for quote in refused[:5]:
        print(f"  refused: {quote!r}")

    altered: list[tuple[str, str]] = []
    for source, _, quote, _ in passages:
        changed = _alter(rng, quote)
        if changed is not None and squash(changed) != squash(quote):
            altered.append((source, changed))
        if len(altered) == args.count:
            break
    missed = [q for s, q in altered if anchor_quote(q, s).accepted]
    print(
        f"quotes with one protected word changed: {len(missed)} of {len(altered)} accepted "
        f"({100 * len(missed) / len(altered):.1f} %)"
    )
    for quote in missed[:5]:
        print(f"  accepted: {quote!r}")

    cut: list[tuple[str, str]] = []
    for source, _, quote, _ in passages:
        first = quote.split(" ", 1)[0]
        if len(first) > 2 and first[0].isalnum() and first[1].isalnum():
            cut.append((source, quote[1:]))
    missed_cuts = [q for s, q in cut if anchor_quote(q, s).accepted]
    print(
        f"quotes starting inside a source word: {len(missed_cuts)} of {len(cut)} accepted "
        f"({100 * len(missed_cuts) / max(1, len(cut)):.1f} %)"
    )


if __name__ == "__main__":
    main()
