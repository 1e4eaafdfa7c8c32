"""Masking a draft: the shortcuts (markup patterns searched only in a text holding their
marker, a span within a line hidden at once) mask exactly what searching every pattern and
hiding character by character masks."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kzfacts.checks import masking
from kzfacts.checks.masking import _INLINE_MARKERS, _INLINE_MARKUP, Masked, mask_draft
from tests.conftest import seed_text

MARKUP = (
    "---\ntitle: A draft\n---\n\n"
    "# 1. Zhovtis\n\n"
    "A **bold** and *slanted* _word_ ~~struck~~ [link](http://x.org/5) and ![img 6](a.png).\n"
    "A [reference][ref] and [^1], ^[an inline note], <b>tagged</b> <https://x.org> and "
    "<a@b.org>, &amp; &#169; &#x3A9; \\*escaped\\* snake_case_word, 4 * 5 years.\n"
    "Sentenced to four years [@zhovtis-sentence; see @b, p. 2] in 2009 [-@c].\n"
    "> quoted 7 people\n\n- an item of 3 days\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n"
    "[ref]: http://x.org\n[^1]: A note of 9 years.\n"
)
"""Every kind of inline markup, on lines of their own and across them."""


def _every_pattern_searched(text: str, monkeypatch: pytest.MonkeyPatch) -> Masked:
    """The slow path: every inline pattern searched, every character hidden one by one."""

    def hide(self: masking._Mask, start: int, end: int) -> None:
        self._joined = None
        for i in range(start, end):
            if self.chars[i] != "\n":
                self.chars[i] = " "

    with monkeypatch.context() as patched:
        patched.setattr(masking, "_INLINE_MARKERS", tuple(("",) for _ in _INLINE_MARKUP))
        patched.setattr(masking._Mask, "hide", hide)
        return mask_draft(text, markdown=True)


def test_every_match_holds_a_marker_of_its_pattern() -> None:
    texts = [MARKUP, *(p.read_text(encoding="utf-8") for p in sorted(Path("seeds").glob("*.txt")))]
    for (pattern, _whole), markers in zip(_INLINE_MARKUP, _INLINE_MARKERS, strict=True):
        assert pattern.search(MARKUP), pattern  # each kind is there
        for text in texts:
            for m in pattern.finditer(text):
                assert any(marker in m.group() for marker in markers), (pattern, m.group())


def test_markup_masks_as_every_pattern_searched(monkeypatch: pytest.MonkeyPatch) -> None:
    masked = mask_draft(MARKUP, markdown=True)
    assert masked == _every_pattern_searched(MARKUP, monkeypatch)
    assert "A   bold   and  slanted   word    struck    link " in masked.prose
    assert [c.key for c in masked.citations] == ["zhovtis-sentence", "b", "c"]
    assert len(masked.prose) == len(MARKUP)


def test_plain_prose_is_not_searched_for_markup(monkeypatch: pytest.MonkeyPatch) -> None:
    text = seed_text("000")
    assert mask_draft(text, markdown=True) == _every_pattern_searched(text, monkeypatch)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="ab 5\n*_~[]()!^<>&#;@\\:-|`", max_size=80))
def test_random_markup_masks_as_every_pattern_searched(text: str) -> None:
    with pytest.MonkeyPatch.context() as monkeypatch:
        assert mask_draft(text, markdown=True) == _every_pattern_searched(text, monkeypatch)
