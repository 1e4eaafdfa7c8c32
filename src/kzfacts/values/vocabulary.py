"""The words values are written with: months, number words, currencies, units of time.

One home for the vocabularies that the value parser (`values/`), the token guard
(`text/guard.py`) and the draft check (`checks/claims.py`) share, so that a month, a number word
or a currency added here is read, protected and recognised as a claim alike. Data only.
"""

from __future__ import annotations

import calendar
from fractions import Fraction

#: Month names and their abbreviations (lower case) → month number.
MONTHS: dict[str, int] = {name.lower(): i for i, name in enumerate(calendar.month_name) if name} | {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
}
MONTHS |= {"oct": 10, "nov": 11, "dec": 12}

#: How a month is shown in renderings ("Oct 2005").
MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

ONES_WORDS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
TEEN_WORDS = (
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
)
TENS_WORDS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
SCALES = {"thousand": 10**3, "million": 10**6, "billion": 10**9}

#: Number words below a hundred → their value.
SMALL: dict[str, int] = {"zero": 0}
SMALL.update({w: i + 1 for i, w in enumerate(ONES_WORDS)})
SMALL.update({w: i + 10 for i, w in enumerate(TEEN_WORDS)})
SMALL.update({w: (i + 2) * 10 for i, w in enumerate(TENS_WORDS)})

#: How currencies are written → ISO 4217 code. "$" alone is taken as US dollars.
CURRENCIES: dict[str, str] = {
    "tenge": "KZT",
    "₸": "KZT",
    "kzt": "KZT",
    "$": "USD",
    "us$": "USD",
    "u.s.$": "USD",
    "usd": "USD",
    "dollar": "USD",
    "dollars": "USD",
    "us dollars": "USD",
    "u.s. dollars": "USD",
    "€": "EUR",
    "eur": "EUR",
    "euro": "EUR",
    "euros": "EUR",
    "£": "GBP",
    "gbp": "GBP",
    "pounds sterling": "GBP",
    "rub": "RUB",
    "rouble": "RUB",
    "roubles": "RUB",
    "ruble": "RUB",
    "rubles": "RUB",
    "chf": "CHF",
}

#: Currencies the sources name that are not read as amounts, but that a quote must not change.
OTHER_CURRENCY_WORDS = frozenset({"som", "pound", "pounds", "₽"})

#: Single words that name a currency: the token guard protects them.
CURRENCY_WORDS = frozenset(w for w in CURRENCIES if " " not in w) | OTHER_CURRENCY_WORDS

#: Days per unit of time: a year is 365.25 days, a month a twelfth of that (30.4375).
DAYS_PER: dict[str, Fraction] = {
    "hour": Fraction(1, 24),
    "day": Fraction(1),
    "week": Fraction(7),
    "month": Fraction(1461, 48),
    "year": Fraction(1461, 4),
    "decade": Fraction(14610, 4),
}
