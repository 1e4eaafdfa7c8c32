"""The entities' names as suggestions read them (`FactBase`): each word of a name folded into
its significant parts once, for every name that holds it, gives the parts and surname that
reading each name on its own gives."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from kzfacts.checks.fact_index import EntityRecord, FactBase
from kzfacts.checks.suggestion_index import NAME_STOPWORDS, PARENTHESES, NameKey
from kzfacts.text.transliteration import fold_name


def _parts(name: str) -> frozenset[str]:
    """A name's significant folded parts, read from the name alone."""
    words = PARENTHESES.sub(" ", name).split()
    folded = {fold_name(w) for w in words if w.lower().strip(".,'’") not in NAME_STOPWORDS}
    return frozenset(p for word in folded for p in word.split() if len(p) > 1 or p.isdigit())


def _surname(name: str) -> str:
    words = PARENTHESES.sub(" ", name).split()
    folded = fold_name(words[-1]).split() if words else []
    return folded[-1] if folded else ""


def _keys(record: EntityRecord) -> tuple[NameKey, ...]:
    keys = []
    for name in record.names:
        parts = _parts(name)
        if parts:
            surname = _surname(name) if record.kind == "person" else ""
            keys.append((parts, surname if surname in parts else ""))
    return tuple(keys)


_WORDS = st.sampled_from(
    [
        "Evgeniy", "Zhovtis", "Жовтис", "Yevgeny", "of", "The", "Mr.", "van", "de", "(KIBHR)",
        "(", ")", "(the", "Bureau)", "2011", "7", "a", "J.", "O'Neil", "al-Farabi", "Ä",
        "Öztürk", "Kazakhstan", "Kazakhstan's", "’s", "x.", "Nur-Sultan", "Ltd.,",
    ]
)  # fmt: skip
_NAMES = st.lists(st.lists(_WORDS, max_size=6).map(" ".join), min_size=1, max_size=3)


@given(st.lists(st.tuples(st.sampled_from(["person", "organization"]), _NAMES), max_size=8))
def test_names_read_word_by_word_give_what_each_name_read_alone_gives(
    entities: list[tuple[str, list[str]]],
) -> None:
    records = [
        EntityRecord(f"e{n}", kind, tuple(names)) for n, (kind, names) in enumerate(entities)
    ]
    base = FactBase([], records)
    base._build()
    assert base._name_keys == {record.id: _keys(record) for record in records}
    parts: dict[str, set[str]] = {}
    for record in records:
        for name_parts, _surname_part in _keys(record):
            for part in name_parts:
                parts.setdefault(part, set()).add(record.id)
    assert base._parts == parts
