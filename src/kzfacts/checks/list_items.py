"""A quote that lists several people says each one's value in its own item.

NGO letters list cases in one sentence, their items parted by ";": "Roza Tuletaeva and Vadim
Kuramshin, who continue to serve prison sentences handed down in unfair trials; Zinaida
Mukhortova, who has again been forcibly placed in psychiatric care; and Yevgeniy Tankov, who
was recently given a disproportionate prison sentence". The subject rule finds Mukhortova named
in that quote and the value rule finds a prison sentence in it; a fact that Mukhortova is
imprisoned would pass on two halves of two items. So where the quote holds several items, the
items that state the fact's value must name its entity when another item does, unless they
name no one (a capitalised word other than their first and a month) and an item before them
names it: "; he received probation" is said of whoever the item before names, while "who
continue to serve prison sentences …; Zinaida Mukhortova" is said of someone the quote left
out, not of the name after it.

What the rule reads is the quote's text, the value and the entity's own names: a check it
passed holds while those stay the same (the support key), whatever other entities exist.
"""

from __future__ import annotations

from kzfacts.checks.findings import Code, Finding
from kzfacts.checks.quotes import snippet
from kzfacts.checks.subjects import EntityNames, capitalised_words, name_words, words_of
from kzfacts.text.normalize import normalize, plain_forms
from kzfacts.values import Value, find_values, supports
from kzfacts.values.date_specs import YearRule

_ITEM_BREAK = ";"
#: How much of an item a refusal shows.
_SHOWN = 60


def item_subject(
    quoted: str,
    value: Value,
    years: YearRule,
    entity: EntityNames,
    also: tuple[str, ...],
    fact_id: str | None = None,
    source_id: str | None = None,
) -> Finding | None:
    """`subject-mismatch` when the items of `quoted` (the source's text of the quote) that
    state `value` do not name `entity` while another item does, and they name someone or no
    item before them names it; else None."""
    items = quoted.split(_ITEM_BREAK)
    if len(items) < 2:
        return None
    stated = {
        n: [
            m for m in find_values(plain_forms(item), value.type, years=years) if supports(m, value)
        ]
        for n, item in enumerate(items)
    }
    stating = [n for n, mentions in stated.items() if mentions]
    forms = entity.forms() | {f for f in map(name_words, also) if f}
    naming = [n for n, item in enumerate(items) if _names(item, forms)]
    if not stating or not naming or set(stating) & set(naming):
        return None
    if not any(_names_someone(items[n]) for n in stating) and naming[0] < stating[0]:
        return None  # said of whoever the item before names
    message = (
        f"the part of the quote that states {stated[stating[0]][0].text!r} "
        f"({snippet(items[stating[0]], _SHOWN)!r}) "
        f"does not name {entity.name}, and another part does ({snippet(items[naming[0]], _SHOWN)!r}): "
        f"';' parts what the quote says of each — quote the part about {entity.name}"
    )
    detail = {"entity": entity.id}
    return Finding(Code.SUBJECT_MISMATCH, message, fact_id, source_id, detail)


def _names(item: str, forms: set[tuple[str, ...]]) -> bool:
    """Whether the item names the entity by one of its forms (normalised words)."""
    text = normalize(item).text
    _, keys = words_of(text, 0, len(text))
    sizes = {len(form) for form in forms}
    return any(
        tuple(keys[i : i + size]) in forms for size in sizes for i in range(len(keys) - size + 1)
    )


def _names_someone(item: str) -> bool:
    """A capitalised word other than the item's first and a month's name."""
    opening = len(item) - len(item.lstrip())
    return any(m.start() != opening for m in capitalised_words(item))
