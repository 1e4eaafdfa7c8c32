"""The sentence splitter and the line-end hyphen pattern against their straightforward forms.

Both run over every source an audit or import reads, so they were rewritten for speed; these
tests hold the fast forms to the plain ones on the seed texts, generated sources and random
text built from the characters the rules look at.
"""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from kzfacts.checks.prose import ABBREVIATIONS, parse_draft, sentence_spans
from kzfacts.text.normalize import LINE_END_HYPHEN
from kzfacts.text.running import running_text

SEEDS = Path(__file__).resolve().parents[2] / "seeds"

_STOP = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s)")
_NEXT = re.compile(r"\s+[\"'“‘(\[]*(?P<first>\S)")
_PLAIN_HYPHEN = re.compile(r"(?<=[^\W\d_])[-\u2010][ \t]*\n\s*(?=[^\W\d_])")


def plain_split(prose: str) -> list[tuple[int, int]]:
    """The splitter as first written: every stop, then a second search for what follows it."""
    spans: list[tuple[int, int]] = []
    cursor, end = 0, len(prose)
    for stop in _STOP.finditer(prose, 0, end):
        following = _NEXT.match(prose, stop.end(), end)
        if following is None or not following.group("first").isupper():
            continue
        if stop.group() == ".":
            i = stop.start()
            while i > cursor and not prose[i - 1].isspace():
                i -= 1
            word = prose[i : stop.start()].lstrip("\"'“‘([").lower()
            if (len(word) == 1 and word.isalpha()) or word in ABBREVIATIONS:
                continue
            if re.fullmatch(r"(?:[^\W\d_]\.)+[^\W\d_]", word):
                continue
        spans.append((cursor, stop.end()))
        cursor = following.start("first")
        while cursor > stop.end() and prose[cursor - 1] in "\"'“‘([":
            cursor -= 1
    spans.append((cursor, end))
    trimmed = []
    for s, e in spans:
        while s < e and prose[s].isspace():
            s += 1
        while e > s and prose[e - 1].isspace():
            e -= 1
        if s < e:
            trimmed.append((s, e))
    return trimmed


def seed_texts() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]


def test_seed_texts_split_as_before() -> None:
    texts = seed_texts()
    assert len(texts) >= 5
    for text in texts:
        running = running_text(text)
        assert sentence_spans(running) == plain_split(running)


def test_a_seed_passage_splits_at_sentences_not_abbreviations() -> None:
    text = "Mr. Zhovtis was sentenced on 3 Sept. 2009. He appealed. E. Zhovtis is a lawyer."
    spans = sentence_spans(text)
    assert [text[s:e] for s, e in spans] == [
        "Mr. Zhovtis was sentenced on 3 Sept. 2009.",
        "He appealed.",
        "E. Zhovtis is a lawyer.",
    ]
    assert spans == plain_split(text)


def test_a_long_token_before_a_stop_is_read_whole() -> None:
    """A word longer than the splitter's look-back still decides as a whole word."""
    text = "See " + "x" * 70 + "e.g. Then more. " + "y" * 80 + ". Next one."
    assert sentence_spans(text) == plain_split(text)
    assert [text[s:e] for s, e in sentence_spans(text)][-1] == "Next one."


_ALPHABET = st.sampled_from(
    [*"aAbBzZ .!?…\"'”’)]“‘([\n\t\u00a0-\u2010eg", "Mr", "Dr", "e.g", "i.e", "U.S"]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_ALPHABET, max_size=120).map("".join))
def test_random_text_splits_as_before(text: str) -> None:
    assert sentence_spans(text) == plain_split(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(_ALPHABET, max_size=120).map("".join))
def test_line_end_hyphens_found_as_before(text: str) -> None:
    fast = [m.span() for m in LINE_END_HYPHEN.finditer(text)]
    assert fast == [m.span() for m in _PLAIN_HYPHEN.finditer(text)]


def test_line_end_hyphens_of_the_seeds_as_before() -> None:
    pdf_like = "Svobodn-\nay Azia, Febr-\n  uary, twenty-\nfive, 4-\nyear, Ak-\nZhol"
    for text in [*seed_texts(), pdf_like]:
        fast = [m.span() for m in LINE_END_HYPHEN.finditer(text)]
        assert fast == [m.span() for m in _PLAIN_HYPHEN.finditer(text)]
    assert [m.group() for m in LINE_END_HYPHEN.finditer(pdf_like)] == ["-\n", "-\n  ", "-\n", "-\n"]


def test_draft_blocks_split_as_before() -> None:
    draft = "Intro. Mr. Smith left.\n\nHe was sentenced to four years. [@a] Then? Yes!\n"
    assert [s.text for s in parse_draft(draft).sentences] == [
        "Intro.",
        "Mr. Smith left.",
        "He was sentenced to four years.",
        "Then?",
        "Yes!",
    ]
