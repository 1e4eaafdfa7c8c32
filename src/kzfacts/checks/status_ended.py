"""A status the quote says ended: "held in custody since January 2012, was amnestied and
released on 15 March 2012" states custody, and that it ended.

A status fact claims its status at one time: the date the quote binds to the status's words,
else the editor's `as_of`, else the source's date (`checks.events`). The quote supports
"detained" at a time before the release, not at the letter's date five days after it. So when
the quote's sentence, after the status it states for the fact, states a status that cannot
hold with it (`STATUS_CONFLICTS`: released after detained, acquitted after convicted,
liquidated after registered), the fact must hold before that change: at a date the quote gives
the status, or at an `as_of` earlier than the change's date. Else `verify_fact` refuses it.

Read only where the change is the same subject's: in the same sentence, with no ";" and no
other name between the two statuses (Tuletaeva "continue[s] to serve prison sentences; Zinaida
Mukhortova, who has again been forcibly placed in psychiatric care" is two people), and not
told backwards ("detained again after being released").
"""

from __future__ import annotations

import re
from datetime import date

from kzfacts.checks.events import quote_date
from kzfacts.checks.subjects import capitalised_words
from kzfacts.checks.values import Evidence, parse_validity
from kzfacts.values import Value, ValueType, find_values, supports
from kzfacts.values.date_specs import YearRule
from kzfacts.values.statuses import STATUS_CONFLICTS, StatusMatch, find_statuses

#: How far a change may stand after the status it ends, and its date after its words.
_CHANGE_REACH = 160
_DATE_REACH = 40
#: Between the two statuses: another clause (with another subject, `capitalised_words`), or a
#: change told before what it ended.
_OTHER_CLAUSE = re.compile(r"[;:]|\b(?:while|whereas|but)\b")
_BACKWARDS = re.compile(r"\b(?:after|following|having|once)\b", re.IGNORECASE)
_CLAUSE_END = re.compile(r"[;:.!?]")


def ended_status(
    text: str,
    stated: Value,
    after: str,
    years: YearRule,
    held: tuple[date, date],
    when: str,
) -> str | None:
    """Why the quote does not support the status `stated` (at text[stated.start:stated.end])
    at the fact's time, or None. `after`: the source's sentence after `text`; `held`: the
    fact's time as dates, `when` how it was given: "quote", "as_of" or
    "published" (`checks.events`)."""
    following = text[stated.end :] + after
    change = _change(following, stated.category or "")
    if change is None:
        return None
    ended = _date_after(following[change.end : change.end + _DATE_REACH], years)
    words = following[change.start : change.end]
    if ended is None:
        if when != "published":
            return None  # held at a time the quote cannot place against the change
        return (
            f"the quote says {stated.text!r} ended: {words!r} follows it, before the source's "
            f"date ({held[0].isoformat()}) — give --as-of when it held, or state {words!r}"
        )
    if held[0] < ended[0]:
        return None
    at = {
        "quote": f"the quote's date ({held[0].isoformat()})",
        "as_of": f"--as-of {held[0].isoformat()}",
    }.get(when, f"the source's date ({held[0].isoformat()})")
    return (
        f"the quote says {stated.text!r} ended: {words!r} on {ended[1]!r} follows it, before "
        f"{at} — give --as-of a date before {ended[0].isoformat()}, or state {words!r}"
    )


def _change(following: str, category: str) -> StatusMatch | None:
    """The first status after the stated one, in its sentence and its subject's clauses, that
    cannot hold with it."""
    reach = following[:_CHANGE_REACH]
    for found in find_statuses(reach):
        if found.negated:
            continue
        gap = reach[: found.start]
        if _foreign(gap) or _BACKWARDS.search(gap):
            return None
        if frozenset((category, found.category)) in STATUS_CONFLICTS:
            return found
    return None


def _foreign(gap: str) -> bool:
    """Whether a name, a ";" or a contrast stands between the two statuses (months aside)."""
    return _OTHER_CLAUSE.search(gap) is not None or bool(capitalised_words(gap))


def _date_after(text: str, years: YearRule) -> tuple[date, str] | None:
    """The first date in `text`'s first clause, as its first day and its words."""
    dates = find_values(_CLAUSE_END.split(text)[0], ValueType.DATE, years=years)
    return (date.fromordinal(int(dates[0].low)), dates[0].text) if dates else None


def status_ended(
    quote: str, predicate: str, as_of: str | None, value: Value, evidence: Evidence
) -> str | None:
    """Why the quote, which states the fact's status, does not support it at the fact's time
    (every mention of it ended, `ended_status`), or None. The fact's time as the writer stores
    it: the date the quote binds to the status, else `as_of`, else the source's date."""
    if value.type is not ValueType.STATUS:
        return None
    mentions = [m for m in evidence.stated(ValueType.STATUS) if supports(m, value)]
    years = evidence.years
    bound = quote_date(quote, predicate, value, years) if mentions else None
    validity = parse_validity(as_of, years.reference)
    if bound is not None:
        held, when = (bound.low, bound.high), "quote"
    elif validity is not None:
        held, when = validity, "as_of"
    elif years.reference is not None:
        held, when = (years.reference, years.reference), "published"
    else:
        return None
    after = evidence.around[1]
    reasons = [ended_status(evidence.text, m, after, years, held, when) for m in mentions]
    return reasons[0] if reasons and all(reasons) else None
