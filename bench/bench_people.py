"""Import cost per fact when most subjects are new people, against facts about a few people.

Each record cites the same seed quote; only the subject changes. With `--facts 2000`, one run
imports 2,000 facts about 2,000 distinct (new) people and one 2,000 facts about 20 people, each
into a fresh copy of the seed database, and prints the milliseconds per fact of each and their
ratio (the target: at most 1.5).

    python bench/bench_people.py --facts 2000
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SYLLABLES = [
    "ai",
    "al",
    "an",
    "ar",
    "as",
    "at",
    "ba",
    "be",
    "bo",
    "da",
    "di",
    "er",
    "gu",
    "ka",
    "ke",
    "ki",
    "ku",
    "la",
    "ma",
    "mi",
    "na",
    "nu",
    "ra",
    "sa",
    "se",
    "ta",
    "tu",
    "zh",
]
QUOTE = "Evgeniy Zhovtis, was sentenced to four years' imprisonment"


def names(count: int, rng: random.Random) -> list[str]:
    """Distinct two-part names of made-up syllables, unlike each other beyond one letter."""
    made: set[str] = set()
    while len(made) < count:
        first = "".join(rng.choice(SYLLABLES) for _ in range(3)).capitalize()
        last = "".join(rng.choice(SYLLABLES) for _ in range(4)).capitalize() + "ov"
        made.add(f"{first} {last}")
    return sorted(made)


def records(facts: int, people: int, seed: int) -> str:
    rng = random.Random(seed)
    subjects = names(people, rng)
    lines = [
        json.dumps(
            {
                "id": f"people-{i:06d}",
                "source": "hrw-2009-stalled-reforms",
                "subject": subjects[i % people],
                "predicate": "sentence_length",
                "value": "4 years",
                "quote": QUOTE,
            }
        )
        for i in range(facts)
    ]
    return "\n".join(lines) + "\n"


def kzfacts() -> str:
    script = Path(sys.executable).with_name("kzfacts")
    return str(script) if script.exists() else shutil.which("kzfacts") or "kzfacts"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--facts", type=int, default=2000)
    parser.add_argument("--few", type=int, default=20, help="people in the few-people corpus")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="kzfacts-people-"))
    try:
        shutil.copytree(REPO / "seeds", work / "seeds")
        os.environ["KZFACTS_DB"] = str(work / "kzfacts.db")
        os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
        subprocess.run([kzfacts(), "init"], cwd=work, check=True, capture_output=True)
        subprocess.run([kzfacts(), "load", "seeds"], cwd=work, check=True, capture_output=True)
        shutil.copy(work / "kzfacts.db", work / "seed.db")
        print(f"load average {os.getloadavg()[0]:.2f}; {args.facts:,} facts per import")
        per_fact = {}
        for label, people in (("distinct people", args.facts), (f"{args.few} people", args.few)):
            (work / "facts.jsonl").write_text(records(args.facts, people, 1), encoding="utf-8")
            for stale in work.glob("kzfacts.db*"):
                stale.unlink()
            shutil.copy(work / "seed.db", work / "kzfacts.db")
            start = time.perf_counter()
            subprocess.run(
                [kzfacts(), "fact", "import", "facts.jsonl"],
                cwd=work,
                check=True,
                capture_output=True,
            )
            wall = time.perf_counter() - start
            per_fact[label] = wall / args.facts * 1000
            print(f"  {label:<16} {wall:7.1f} s  {per_fact[label]:6.2f} ms a fact")
        ratio = per_fact["distinct people"] / per_fact[f"{args.few} people"]
        print(f"  ratio {ratio:.2f} (target <= 1.50: {'met' if ratio <= 1.5 else 'missed'})")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
