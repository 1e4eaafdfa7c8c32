"""The value parser's answers on real and generated text, frozen in tests/data/values_golden.jsonl.gz.

A change made for speed must not change a single answer. This module builds the inputs — every
sentence of the seed documents (as split raw and with whitespace collapsed), the quote and the
value of every seed fact, the sentences of a generated corpus (bench/corpus.py) and of a
generated draft about it (bench/draft.py) — and runs on each the calls the checks make:
`find_values` without a reference, with one, with a `YearRule` and for the fact's type, and
`parse_value` for each value type (its error message when it refuses). The golden file holds
one JSON line per input: the input and the answers; `test_values_golden.py` asserts that the
parser gives the same ones.

    python tests/values/values_golden.py     # write the golden file again (then review its diff)
"""

from __future__ import annotations

import datetime
import gzip
import importlib.util
import json
import re
import sys
from collections.abc import Iterator
from dataclasses import astuple
from pathlib import Path
from typing import Any

import yaml

from kzfacts.values import Value, ValueParseError, ValueType, find_values, parse_value
from kzfacts.values.date_specs import YearRule

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
GOLDEN = ROOT / "tests" / "data" / "values_golden.jsonl.gz"
REFERENCE = datetime.date(2012, 3, 20)
YEARS = YearRule(
    REFERENCE,
    latest=datetime.date(2012, 3, 1),
    covers=(datetime.date(2011, 1, 1), datetime.date(2011, 12, 31)),
    covers_label="2011",
)
_SENTENCE = re.compile(r"(?<=[.!?;])\s+")
_COLLAPSED_SENTENCE = re.compile(r"(?<=[.!?;])\s+|\s+(?=[•])")
# The generated corpus and draft: small enough to test in seconds, varied enough to reach
# every template.
CORPUS = {"n_sources": 12, "kb": 12.0, "n_facts": 600, "seed": 20121215}
DRAFT_SENTENCES = 3000


def _seed_texts() -> Iterator[str]:
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        yield from (s for s in _SENTENCE.split(text) if s.strip())  # PDF line breaks kept
        yield from (s for s in _COLLAPSED_SENTENCE.split(" ".join(text.split())) if s.strip())


def _value_types() -> dict[str, ValueType]:
    """Each predicate's value type, from the migration that ships the vocabulary."""
    path = ROOT / "migrations" / "versions" / "0002_predicate_vocabulary.py"
    spec = importlib.util.spec_from_file_location("_vocabulary", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return {name: ValueType(kind) for name, kind, _, _ in module.VOCABULARY}


def _seed_facts() -> Iterator[dict[str, Any]]:
    for path in sorted((SEEDS / "facts").glob("*.yaml")):
        yield from yaml.safe_load(path.read_text(encoding="utf-8"))


def generated() -> tuple[list[str], list[str], list[dict[str, str]]]:
    """Sentences of a generated corpus, sentence texts of a generated draft, and its facts."""
    sys.path.insert(0, str(ROOT / "bench"))
    from corpus import generate
    from draft import make_draft

    from kzfacts.checks.prose import parse_draft

    corpus = generate(**CORPUS)  # type: ignore[arg-type]
    corpus_sentences = [
        s for source in corpus.sources for s in _SENTENCE.split(source.text) if s.strip()
    ]
    plan = make_draft(corpus.facts, DRAFT_SENTENCES)
    draft = parse_draft(plan.text, markdown=True)
    return corpus_sentences, [s.text for s in draft.sentences], corpus.facts


def inputs() -> list[tuple[str, str, ValueType | None]]:
    """(where from, text, its value type if it is a fact's) — distinct, in a fixed order."""
    types = _value_types()
    found: dict[tuple[str, ValueType | None], str] = {}

    def add(kind: str, text: str, value_type: ValueType | None = None) -> None:
        found.setdefault((text, value_type), kind)

    for text in _seed_texts():
        add("seed-sentence", text)
    for fact in _seed_facts():
        value_type = types[fact["predicate"]]
        add("seed-quote", fact["quote"], value_type)
        add("seed-value", str(fact["value"]), value_type)
    corpus_sentences, draft_sentences, facts = generated()
    for text in corpus_sentences:
        add("corpus-sentence", text)
    for fact in facts:
        value_type = types[fact["predicate"]]
        add("corpus-quote", fact["quote"], value_type)
        add("corpus-value", str(fact["value"]), value_type)
    for text in draft_sentences:
        add("draft-sentence", text)
    return [(kind, text, value_type) for (text, value_type), kind in found.items()]


def _values(values: list[Value]) -> list[list[Any]]:
    return [[repr(x) if isinstance(x, float) else x for x in astuple(v)] for v in values]


def _parsed(text: str, value_type: ValueType) -> Any:
    try:
        return _values([parse_value(text, value_type, reference=REFERENCE)])[0]
    except ValueParseError as error:
        return str(error)


def answers(text: str, value_type: ValueType | None, *, short: bool) -> dict[str, Any]:
    """The parser's answers on one input (`short`: also `parse_value` for every type)."""
    found: dict[str, Any] = {
        "plain": _values(find_values(text)),
        "reference": _values(find_values(text, reference=REFERENCE)),
        "years": _values(find_values(text, years=YEARS)),
    }
    if value_type is not None:
        found["typed"] = _values(find_values(text, value_type, reference=REFERENCE))
    if short:
        found["parse"] = {t.value: _parsed(text, t) for t in ValueType}
    return found


def is_short(kind: str) -> bool:
    """Fact values and quotes are read by `parse_value` too; sentences only by `find_values`."""
    return kind.endswith(("-value", "-quote"))


def main() -> None:
    GOLDEN.parent.mkdir(parents=True, exist_ok=True)
    temporary = GOLDEN.with_suffix(".tmp")
    lines = []
    for kind, text, value_type in inputs():
        answer = answers(text, value_type, short=is_short(kind))
        row = {"kind": kind, "text": text, "type": value_type, "answers": answer}
        lines.append(json.dumps(row, ensure_ascii=False, sort_keys=True))
    with gzip.GzipFile(temporary, "wb", mtime=0) as out:
        out.write(("\n".join(lines) + "\n").encode("utf-8"))
    temporary.replace(GOLDEN)
    print(f"{GOLDEN.relative_to(ROOT)}: {len(lines)} inputs")


if __name__ == "__main__":
    main()
