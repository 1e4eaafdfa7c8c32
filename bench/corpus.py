"""A deterministic synthetic corpus for the audit benchmark: NGO-report prose and cited facts.

`generate` builds N sources of about S KB of English-like prose — sentences of the five seed
documents (digits reshuffled) mixed with templated sentences about people, events, dates,
sentences, fines and counts — laid out like the PDFs the real sources come from: hard line
breaks, blank lines between lines and paragraphs, blocks of URL-only footer lines in the middle
of sentences, a few words hyphenated across a line end, curly quote marks. It also builds M fact
records whose quotes are spans of those sources with the layout collapsed, and whose predicates
and values are valid for kzfacts (each entity keeps one value per predicate across all sources,
so the corpus holds no contradictions).

The ground truth — where each quote stands in the raw text — is tracked while laying the text
out, not found with kzfacts, so the benchmark can check kzfacts against it.

`mutate` then turns the loaded corpus into the mix an audit meets: most quotes untouched; some
sources edited so that offsets move (paragraphs inserted); some quotes inexact (a one-letter typo
in an ordinary word, in the source or in the database); some altered (a digit changed in the
source under the quote); a few sentences deleted (quote not found); a few source files removed
(the source and each of its facts: source missing). It returns the quote edits to apply to the
database and the findings a correct audit must report.

`generate(..., out=DIR)` streams each source's text to its file as soon as it is laid out:
1,000 sources of 100 KB and 100,000 facts take about 20 s and never sit in memory at once.

    python bench/corpus.py --sources 1000 --kb 100 --facts 100000 --out DIR
    python bench/corpus.py --mutate --out DIR
"""

from __future__ import annotations

import argparse
import json
import random
import re
from bisect import bisect_right
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

SEEDS_DIR = Path(__file__).resolve().parent.parent / "seeds"
TRUTH_FILE = "bench-truth.json"
TWIN_SCORE = 75.0
"""A deleted quote's best rapidfuzz `partial_ratio` against the rest of its source stays below
this: no sentence of the same template with other names and numbers is left that the audit
would rightly call the quote altered (or ambiguous) instead of not found."""
MUTATIONS_FILE = "bench-mutations.json"

# --------------------------------------------------------------------------------------------
# Vocabulary
# --------------------------------------------------------------------------------------------


def _words(text: str, sep: str | None = None) -> tuple[str, ...]:
    return tuple(text.split(sep))


# Pairwise unlike each other, so that two people never look like one person spelt two ways.
FIRST_NAMES = _words(
    "Yerlan Marat Aidos Bolat Nurlan Serik Daulet Askar Vladimir Roza Aigul Gulnara Saule "
    "Zhanna Natalya Dinara Madina Kairat Timur Ruslan Galym Yermek Baurzhan Amangeldy Igor "
    "Oksana Lyudmila Tatyana Svetlana Ainur Vadim Grigoriy Pavel Zhaksylyk Almas Kuanysh "
    "Elena Bakytgul Orynbasar Valentina"
)
_SURNAME_HEADS = _words(
    "Ab Ak Al Am Ar Bai Bek Bol Dau Dzhu Er Es Ib Is Kai Kar Kas Kul Kun Mak Mu Nur Or Ra "
    "Sar Ser Shai Tai Tok Tur Us Zhan Zhu Gab Lys Mol Pet Sid Vor Fed"
)
_SURNAME_MIDS = _words("ba be bul da ge ken ki la ma mir na ra sym ta tel zhan gor lin nov sen")
_SURNAME_TAILS = _words("ov ev uly bayev bekov in enko sky tov")
_PLACE_HEADS = _words("Kara Ak Kok Sary Kyzyl Zhana Ush Tas Koshe Bes Alty Shu Ter Ken Ulken Sor")
_PLACE_TAILS = _words(
    "bulak su tobe kol tau ozen kum aryk say agash kala zhar tal kent oba kuduk sai shoky"
)
EVENT_NOUNS = _words(
    "strike protest rally raid picket demonstration clash vigil blockade gathering walkout sit-down"
)
CITIES = _words(
    "Almaty Astana Aktau Atyrau Shymkent Karaganda Oral Taraz Pavlodar Semey Kostanay "
    "Kyzylorda Zhanaozen Aktobe Petropavlovsk Taldykorgan Ekibastuz Temirtau Turkestan"
)
ROLES = _words(
    "journalist;trade union activist;opposition politician;blogger;lawyer;human rights "
    "defender;poet;oil worker;newspaper editor;religious believer;civil society activist",
    sep=";",
)
CHARGES = _words(
    "inciting social discord;organising mass riots;tax evasion;insulting the honour and "
    "dignity of the President;calling for the overthrow of the constitutional order;"
    "leading an unregistered religious group;violating the procedure for holding assemblies",
    sep=";",
)
ORGS = _words(
    "the Kazakhstan International Bureau for Human Rights and Rule of Law;Adil Soz;the "
    "Norwegian Helsinki Committee;International Partnership for Human Rights;Human Rights "
    "Watch;Amnesty International;Freedom House;the Netherlands Helsinki Committee;"
    "Reporters without Borders;the OSCE Office for Democratic Institutions and Human Rights",
    sep=";",
)
ORG_SHORT = _words("KIBHR;Adil Soz;the NHC;IPHR;Human Rights Watch;Amnesty International", sep=";")
OUTLETS = _words(
    "Respublika;Vzglyad;Golos Respubliki;Svoboda Slova;Tasszhargan;Alma-Ata Info", sep=";"
)
MONTH_NAMES = _words(
    "January February March April May June July August September October November December"
)
NUMBER_WORDS = _words(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty"
)
ADJECTIVES = _words(
    "unfair;politically motivated;deeply flawed;closed to the public;hurried", sep=";"
)

# Words of the fact templates that are ordinary (not a number, date, name, negation, modal or
# legal term): the only ones a planted typo may touch, so the typo must read as inexact.
ORDINARY_WORDS = frozenset(
    _words(
        "colony regime according eyewitnesses morning lasted several hours monitors documented "
        "participants people region across gathered outside building complaints treatment "
        "connection organisers police dispersed damages official ordered taking unsanctioned "
        "received trial described prison observers local independent appeal hearing court "
        "journalist activist opposition politician blogger lawyer defender worker newspaper "
        "editor religious believer society civil during reported wrote earlier "
        "brought against district following"
    )
)

# --------------------------------------------------------------------------------------------
# Fact templates. [[ and ]] delimit the quote inside the sentence; slots in braces.
# --------------------------------------------------------------------------------------------

FACT_TEMPLATES: dict[str, tuple[str, ...]] = {
    "sentence_length": (
        "On {date}, the {city} City Court [[sentenced {person} to {dur} in a general-regime "
        "colony]] for {charge}.",
        "[[{person}, a {role} from {city}, was sentenced to {dur_apos} imprisonment]] on "
        "charges of {charge}.",
        "Local observers said that [[{person} received a {nword}-year prison sentence after a "
        "trial they described as {adj}]].",
        "[[The court sentenced {person}, a {role}, to {dur}]], and the appeal court later "
        "upheld the verdict.",
    ),
    "event_date": (
        "According to eyewitnesses, [[the {event} began on the morning of {date} and lasted "
        "several hours]].",
        "[[{org_short} monitors documented the {event} on {date}]], when police dispersed the "
        "participants.",
        "[[On {date}, people from across the region gathered for the {event}]] outside the "
        "akimat building.",
    ),
    "death_toll": (
        "[[{n} people were killed during the {event}]], according to {org_short}.",
        "Independent monitors reported that [[the {event} left {n} people dead]] and dozens "
        "wounded.",
    ),
    "detained_count": (
        "[[Police detained {n} participants of the {event}]], including the organisers.",
        "In the days following the {event_again}, [[{n} people were detained in connection "
        "with the {event}]].",
    ),
    "participant_count": (
        "[[{n} people took part in the {event}]], the organisers said.",
        "Local journalists wrote that [[the {event} brought together {n} participants]] from "
        "the region.",
    ),
    "count": (
        "[[{org_short} received {n} complaints of ill-treatment in connection with the {event}]].",
    ),
    "amount": (
        "In a separate case, [[a district court ordered {person} to pay {amount} tenge in "
        "damages]] to a local official.",
        "[[{person} was fined {amount} tenge for taking part in an unsanctioned rally]] in {city}.",
    ),
}
PREDICATE_WEIGHTS = {
    "sentence_length": 30,
    "event_date": 25,
    "death_toll": 6,
    "detained_count": 12,
    "participant_count": 10,
    "count": 5,
    "amount": 12,
}
PERSON_PREDICATES = frozenset({"sentence_length", "amount"})

FILLER_TEMPLATES = (
    "{org} expressed concern about the {adj} trial of {person}, a {role} from {city}.",
    "In {month} {year}, {org_short} reported that {n} journalists had been questioned by "
    "the police in {city}.",
    "The {city} court ordered {outlet} to pay {amount} tenge in damages to a senior official.",
    "{person} spent {nword} months in pre-trial detention before the hearing on {date}.",
    "Lawyers for {person} said that the verdict of {date} ignored evidence presented by the "
    "defence.",
    "The authorities have not responded to requests for information about the {event}.",
    "{org} called on the government of Kazakhstan to release {person} and to review the "
    "charges of {charge}.",
    "During the visit of {date}, officials met representatives of {org} and discussed the "
    "situation of independent media in {city}.",
    "According to {org_short}, at least {n} cases of harassment of journalists were "
    "registered in {year}, compared with {n2} the year before.",
    "The Kazakhstani government’s response to these concerns has so far been limited to "
    "promises of further dialogue.",
    "{outlet} was suspended for {nword} months after it published an interview with {person}.",
    "The {event} was widely covered by {outlet}, whose correspondent was briefly detained.",
)
HEADINGS = (
    "Freedom of assembly",
    "Freedom of expression and the media",
    "Freedom of religion or belief",
    "Torture and ill-treatment",
    "Political prisoners",
    "Recommendations",
    "Independence of the judiciary",
)

# --------------------------------------------------------------------------------------------
# Data
# --------------------------------------------------------------------------------------------


@dataclass
class Entity:
    id: str
    name: str
    kind: str
    values: dict[str, Any] = field(default_factory=dict)


@dataclass
class FactTruth:
    """Where a fact's quote and sentence stand in the raw source text, as generated."""

    source: str
    start: int
    end: int
    sentence_start: int
    sentence_end: int
    import_typo: bool = False


@dataclass
class SourceDoc:
    id: str
    filename: str
    title: str
    publisher: str
    published: str
    text: str = ""
    paragraph_starts: list[int] = field(default_factory=list)
    style: dict[str, Any] = field(default_factory=dict)
    size: int = 0  # bytes of UTF-8 text (kept when the text was streamed out)
    written: bool = False  # the text is already in its file (`generate(out=...)`)


@dataclass
class Corpus:
    sources: list[SourceDoc]
    entities: list[Entity]
    facts: list[dict[str, str]]
    truth: dict[str, FactTruth]
    seed: int


# --------------------------------------------------------------------------------------------
# Names
# --------------------------------------------------------------------------------------------


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _distinct(candidates: list[str], limit: int, cutoff: float) -> list[str]:
    """Greedily keep names unlike every name kept so far (no near-duplicate spellings)."""
    from rapidfuzz import fuzz, process

    kept: list[str] = []
    folded: list[str] = []
    for name in candidates:
        key = name.lower().replace("y", "i").replace("kh", "h").replace("zh", "j")
        if folded and process.extractOne(key, folded, scorer=fuzz.ratio, score_cutoff=cutoff):
            continue
        kept.append(name)
        folded.append(key)
        if len(kept) >= limit:
            break
    return kept


def _surnames(rng: random.Random, limit: int) -> list[str]:
    pool = [h + m + t for h in _SURNAME_HEADS for m in _SURNAME_MIDS for t in _SURNAME_TAILS]
    rng.shuffle(pool)
    return _distinct(pool, limit, 72.0)


def _places(rng: random.Random, limit: int) -> list[str]:
    pool = [h + t for h in _PLACE_HEADS for t in _PLACE_TAILS]
    pool += [h + t.lower() + "-" + s for h in _PLACE_HEADS[:8] for t in ("Tal", "Su") for s in
             ("Kala", "Aul")]  # fmt: skip
    rng.shuffle(pool)
    return _distinct(pool, limit, 70.0)


def _random_date(rng: random.Random, first: int = 2005, last: int = 2014) -> date:
    start = date(first, 1, 1).toordinal()
    return date.fromordinal(rng.randint(start, date(last, 12, 31).toordinal()))


def _entities(rng: random.Random, n_persons: int, n_events: int) -> list[Entity]:
    surnames = _surnames(rng, max(60, n_persons // 8))
    pairs = [(f, s) for s in surnames for f in FIRST_NAMES]
    rng.shuffle(pairs)
    persons: list[Entity] = []
    for first, surname in pairs[:n_persons]:
        name = f"{first} {surname}"
        values = {
            "sentence_length": rng.randint(1, 15),
            "amount": rng.choice((50, 100, 150, 200, 250, 300, 500, 750)) * 1000
            * rng.choice((1, 1, 1, 10)),
        }  # fmt: skip
        persons.append(Entity(_slug(name), name, "person", values))
    places = _places(rng, max(40, n_events // len(EVENT_NOUNS) + 20))
    combos = [(n, p) for p in places for n in EVENT_NOUNS]
    rng.shuffle(combos)
    events: list[Entity] = []
    for noun, place in combos[:n_events]:
        name = f"{noun} in {place}"
        values = {
            "event_date": _random_date(rng),
            "death_toll": rng.randint(2, 80),
            "detained_count": rng.randint(5, 900),
            "participant_count": rng.choice((rng.randint(20, 999), rng.randint(1000, 6000))),
            "count": rng.randint(3, 400),
        }
        events.append(Entity(_slug(name), name, "event", values))
    return persons + events


# --------------------------------------------------------------------------------------------
# Sentences
# --------------------------------------------------------------------------------------------


def _date_words(rng: random.Random, day: date) -> str:
    month = MONTH_NAMES[day.month - 1]
    if rng.random() < 0.7:
        return f"{day.day} {month} {day.year}"
    return f"{month} {day.day}, {day.year}"


def _count_words(rng: random.Random, n: int) -> str:
    if n <= 20 and rng.random() < 0.5:
        return NUMBER_WORDS[n]
    return f"{n:,}"


def _amount_words(n: int) -> str:
    return f"{n:,}"


def _fill(template: str, slots: dict[str, str]) -> tuple[str, int, int]:
    """The sentence and the [start, end) of its quote."""
    text = template.format_map(slots)
    start = text.index("[[")
    text = text.replace("[[", "", 1)
    end = text.index("]]")
    text = text.replace("]]", "", 1)
    sentence = text[0].upper() + text[1:]
    return sentence, start, end


class _Slots(dict[str, str]):
    """Template slots drawn only when a template uses them (`str.format_map`): most filler
    templates use three or four of the sixteen, and drawing them all was a third of the time."""

    def __init__(self, rng: random.Random, persons: list[Entity], events: list[Entity]) -> None:
        super().__init__()
        self.rng, self.persons, self.events = rng, persons, events

    def __missing__(self, key: str) -> str:
        rng = self.rng
        if key == "n2":
            value = str(max(1, int(self["n"]) - rng.randint(1, 10)))
        elif key in _SLOT_CHOICES:
            value = rng.choice(_SLOT_CHOICES[key])
        elif key == "year":
            value = str(rng.randint(2004, 2014))
        elif key == "n":
            value = str(rng.randint(3, 60))
        elif key == "nword":
            value = NUMBER_WORDS[rng.randint(2, 11)]
        elif key == "amount":
            value = _amount_words(rng.choice((50, 100, 200, 300, 1000, 5000)) * 1000)
        elif key == "date":
            value = _date_words(rng, _random_date(rng))
        elif key == "person":
            value = rng.choice(self.persons).name if self.persons else "Yerlan Abenov"
        elif key == "event":
            value = rng.choice(self.events).name if self.events else "strike in Karasu"
        elif key == "event_again":
            value = self["event"]
        else:
            raise KeyError(key)
        self[key] = value
        return value


_SLOT_CHOICES: dict[str, tuple[str, ...]] = {
    "org": ORGS,
    "org_short": ORG_SHORT,
    "outlet": OUTLETS,
    "city": CITIES,
    "role": ROLES,
    "charge": CHARGES,
    "adj": ADJECTIVES,
    "month": MONTH_NAMES,
}


def _common_slots(rng: random.Random, persons: list[Entity], events: list[Entity]) -> _Slots:
    return _Slots(rng, persons, events)


def _fact_sentence(
    rng: random.Random, predicate: str, entity: Entity, persons: list[Entity], events: list[Entity]
) -> tuple[str, int, int, str]:
    """A sentence stating one fact, its quote's span in it, and the fact's value as written."""
    slots = _common_slots(rng, persons, events)
    value = entity.values[predicate]
    if predicate == "sentence_length":
        years = int(value)
        number = NUMBER_WORDS[years] if rng.random() < 0.6 else str(years)
        unit = "year" if years == 1 else "years"
        slots.update(
            person=entity.name,
            dur=f"{number} {unit}",
            dur_apos=f"{number} {unit}’" if years > 1 else f"{number} year’s",
            nword=NUMBER_WORDS[years],
        )
        written = f"{years} years" if years > 1 else "1 year"
    elif predicate == "amount":
        slots.update(person=entity.name, amount=_amount_words(int(value)))
        written = f"{_amount_words(int(value))} tenge"
    elif predicate == "event_date":
        slots.update(event=entity.name, date=_date_words(rng, value))
        written = value.isoformat()
    else:
        slots.update(event=entity.name, n=_count_words(rng, int(value)), event_again=entity.name)
        written = str(value)
    template = rng.choice(FACT_TEMPLATES[predicate])
    sentence, start, end = _fill(template, slots)
    return sentence, start, end, written


_SEED_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z“\"])")
_URL = re.compile(r"(?:https?://|www\.)\S+")


def seed_sentences(seeds_dir: Path = SEEDS_DIR) -> list[str]:
    """Sentences of the real seed documents, whitespace collapsed, URLs and stubs left out."""
    sentences: list[str] = []
    for path in sorted(seeds_dir.glob("*.txt")):
        text = " ".join(path.read_text(encoding="utf-8").split())
        for sentence in _SEED_SENTENCE.split(text):
            # "(approx." is a split abbreviation, not a sentence: before a fact's number it
            # would qualify it, and a quote that leaves it out is rightly refused.
            if (
                60 <= len(sentence) <= 420
                and not _URL.search(sentence)
                and "•" not in sentence
                and not sentence.endswith("approx.")
            ):
                sentences.append(sentence)
    return sentences


def _reshuffle_digits(rng: random.Random, sentence: str) -> str:
    def repl(match: re.Match[str]) -> str:
        digits = match.group(0)
        if len(digits) == 4 and digits[:2] in ("19", "20"):
            return str(rng.randint(1995, 2014))  # a year stays a plausible year
        if len(digits) <= 2:
            return str(rng.randint(1, 28))  # a day of a month, a small count
        return str(rng.randint(1, 9)) + "".join(str(rng.randint(0, 9)) for _ in digits[1:])

    return re.sub(r"\d+", repl, sentence)


def _filler(
    rng: random.Random, seeds: list[str], persons: list[Entity], events: list[Entity]
) -> str:
    if seeds and rng.random() < 0.45:
        return _reshuffle_digits(rng, rng.choice(seeds))
    slots = _common_slots(rng, persons, events)
    text = rng.choice(FILLER_TEMPLATES).format_map(slots)
    return text[0].upper() + text[1:]


# --------------------------------------------------------------------------------------------
# Layout: hard line breaks, blank lines, URL footers, line-end hyphens; offsets tracked
# --------------------------------------------------------------------------------------------


class _Layout:
    """Lays logical paragraphs out as a PDF extraction would, keeping a logical → raw map."""

    def __init__(self, rng: random.Random, style: dict[str, Any]) -> None:
        self.rng = rng
        self.style = style
        self.parts: list[str] = []
        self.raw_len = 0
        self.logical_len = 0
        # Segments copied verbatim: logical start, raw start.
        self.seg_logical: list[int] = []
        self.seg_raw: list[int] = []
        self.paragraph_starts: list[int] = []

    def _emit(self, text: str, copied: bool) -> None:
        if copied:
            self.seg_logical.append(self.logical_len)
            self.seg_raw.append(self.raw_len)
            self.logical_len += len(text)
        self.parts.append(text)
        self.raw_len += len(text)

    def _skip_logical(self, n: int) -> None:
        """A logical separator (space) rendered as something else in the raw text."""
        self.logical_len += n

    def _line_break(self) -> None:
        style, rng = self.style, self.rng
        self._emit(style["eol"], copied=False)
        if rng.random() < style["url_rate"]:
            urls = [
                f"http://www.{rng.choice(style['domains'])}/{rng.randint(2005, 2014)}/"
                f"{rng.choice(('docs', 'news', 'press', 'en/statements'))}/{rng.randint(100, 99999)}"
                + rng.choice((".pdf", ".html", ""))
                for _ in range(rng.randint(1, 4))
            ]
            self._emit("\n".join(urls) + "\n" + style["after_url"], copied=False)

    def paragraph(self, text: str, width: int) -> None:
        """Lay out one paragraph (single spaces between words); the logical text is `text`.

        A line's words are copied as one segment (not word by word): a 100 MB corpus takes
        seconds, not minutes.
        """
        self.paragraph_starts.append(self.raw_len)
        words = text.split(" ")
        line_words = [words[0]]
        line = len(words[0])
        hyphen_rate = self.style["hyphen_rate"]
        random = self.rng.random
        for word in words[1:]:
            size = len(word)
            if line + 1 + size <= width:
                line_words.append(word)
                line += 1 + size
                continue
            room = width - line - 1
            if (
                size >= 9
                and 4 <= room <= size - 3
                and word.isalpha()
                and word.islower()
                and random() < hyphen_rate
            ):
                # "govern-\nment": a word broken at the line end (normalise joins it).
                line_words.append(word[:room])
                self._emit(" ".join(line_words), copied=True)
                self._emit("-" + self.style["eol"], copied=False)
                line_words = [word[room:]]
                line = size - room
                continue
            self._emit(" ".join(line_words), copied=True)
            self._skip_logical(1)
            self._line_break()
            line_words = [word]
            line = size
        self._emit(" ".join(line_words), copied=True)

    def separator(self) -> None:
        self._skip_logical(2)
        self._emit(self.style["par_sep"], copied=False)

    def text(self) -> str:
        return "".join(self.parts)

    def raw_start(self, logical: int) -> int:
        k = bisect_right(self.seg_logical, logical) - 1
        return self.seg_raw[k] + logical - self.seg_logical[k]

    def raw_end(self, logical_end: int) -> int:
        return self.raw_start(logical_end - 1) + 1


def _style(rng: random.Random) -> dict[str, Any]:
    pdf = rng.random() < 0.6
    return {
        "width": rng.randint(72, 100),
        "eol": rng.choice((" \n\n", "\n\n", " \n")) if pdf else rng.choice(("\n", " \n")),
        "par_sep": rng.choice(("\n \n \n", "\n\n \n", "\n\n\n")) if pdf else "\n\n",
        "url_rate": rng.choice((0.0, 0.01, 0.03)) if pdf else 0.0,
        "after_url": rng.choice((" ", "", "\n")),
        "hyphen_rate": rng.choice((0.0, 0.3, 0.6)),
        "domains": ["osce.org", "europarl.europa.eu", "nhc.no", "iphr.org", "bureau.kz"],
        "curly": rng.random() < 0.7,
    }


# --------------------------------------------------------------------------------------------
# Generation
# --------------------------------------------------------------------------------------------


def _straight(text: str) -> str:
    return text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')


def _typo(rng: random.Random, word: str) -> str:
    """Swap two interior letters: a one-letter slip, length kept ("colony" → "colnoy")."""
    for _ in range(20):
        i = rng.randint(1, len(word) - 3)
        if word[i] != word[i + 1]:
            return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    return word[:1] + ("x" if word[1] != "x" else "z") + word[2:]


def ordinary_words(quote: str) -> list[tuple[int, str]]:
    """(offset, word) of the quote's words a typo may touch."""
    return [
        (m.start(), m.group(0))
        for m in re.finditer(r"(?<![\w-])[a-z]{6,}(?![\w-])", quote)
        if m.group(0) in ORDINARY_WORDS
    ]


def _with_typo(rng: random.Random, quote: str) -> str | None:
    words = ordinary_words(quote)
    if not words:
        return None
    offset, word = rng.choice(words)
    return quote[:offset] + _typo(rng, word) + quote[offset + len(word) :]


def generate(
    n_sources: int = 100,
    kb: float = 100.0,
    n_facts: int = 10_000,
    *,
    seed: int = 20121215,
    import_typos: float = 0.005,
    out: Path | None = None,
) -> Corpus:
    """Sources, entities and facts; deterministic for a given seed.

    With `out`, each source's text is written to `out/sources/` as soon as it is laid out and
    then dropped (`SourceDoc.text` stays empty, `SourceDoc.size` says how big it was): a
    corpus of 100 MB never sits in memory. `write_corpus` writes the rest.
    """
    rng = random.Random(seed)
    n_persons = max(10, n_facts // 5)
    n_events = max(10, n_facts // 6)
    entities = _entities(rng, n_persons, n_events)
    persons = [e for e in entities if e.kind == "person"]
    events = [e for e in entities if e.kind == "event"]
    seeds = seed_sentences()

    sources: list[SourceDoc] = []
    for i in range(n_sources):
        published = _random_date(rng, 2009, 2015)
        publisher = rng.choice(ORGS).removeprefix("the ")
        topic = rng.choice(HEADINGS).lower()
        sources.append(
            SourceDoc(
                id=f"bench-{i:04d}",
                filename=f"sources/bench-{i:04d}.txt",
                title=f"Kazakhstan: {topic}, report {i}",
                publisher=publisher,
                published=published.isoformat(),
                style=_style(rng),
            )
        )

    # Assign facts to sources: each (entity, predicate) at most once per source.
    predicates = list(PREDICATE_WEIGHTS)
    weights = [PREDICATE_WEIGHTS[p] for p in predicates]
    used: set[tuple[str, str, str]] = set()
    per_source: dict[str, list[tuple[str, Entity]]] = {s.id: [] for s in sources}
    source_weights = [rng.uniform(0.5, 1.5) for _ in sources]
    for _ in range(n_facts):
        predicate = rng.choices(predicates, weights)[0]
        pool = persons if predicate in PERSON_PREDICATES else events
        for _attempt in range(50):
            entity = rng.choice(pool)
            source = rng.choices(sources, source_weights)[0]
            key = (source.id, entity.id, predicate)
            if key not in used:
                used.add(key)
                per_source[source.id].append((predicate, entity))
                break

    facts: list[dict[str, str]] = []
    truth: dict[str, FactTruth] = {}
    target = int(kb * 1024)
    for source in sources:
        style = source.style
        items: list[tuple[str, dict[str, Any] | None]] = []
        size = 0
        for predicate, entity in per_source[source.id]:
            sentence, q_start, q_end, written = _fact_sentence(
                rng, predicate, entity, persons, events
            )
            if not style["curly"]:
                sentence = _straight(sentence)
            number = len(facts) + len(items)
            record = {
                "id": f"f{number:06d}-{_slug(predicate)}",
                "source": source.id,
                "subject": entity.name,
                "predicate": predicate,
                "value": written,
                "quote": sentence[q_start:q_end],
                "_start": q_start,
                "_end": q_end,
            }
            items.append((sentence, record))
            size += len(sentence) + 1
        # Fact sentences stand among filler prose at random places.
        n_fact_items = len(items)
        while size < target * 0.96:
            sentence = _filler(rng, seeds, persons, events)
            if not style["curly"]:
                sentence = _straight(sentence)
            items.append((sentence, None))
            size += len(sentence) + 1
        facts_part, filler_part = items[:n_fact_items], items[n_fact_items:]
        rng.shuffle(filler_part)
        for item in facts_part:
            filler_part.insert(rng.randint(0, len(filler_part)), item)
        items = filler_part

        layout = _Layout(rng, style)
        logical_parts: list[str] = []
        placed: list[tuple[dict[str, Any], int]] = []  # record, logical offset of its sentence
        logical = 0
        k = 0
        first = True
        while k < len(items):
            if not first:
                layout.separator()
                logical_parts.append("\n\n")
                logical += 2
            first = False
            if rng.random() < 0.06:
                heading = rng.choice(HEADINGS)
                layout.paragraph(heading, style["width"])
                logical_parts.append(heading)
                logical += len(heading)
                continue
            count = rng.randint(2, 7)
            chunk = items[k : k + count]
            k += count
            offset = logical
            texts = []
            for sentence, record in chunk:
                if record is not None:
                    placed.append((record, offset))
                texts.append(sentence)
                offset += len(sentence) + 1
            paragraph = " ".join(texts)
            layout.paragraph(paragraph, style["width"])
            logical_parts.append(paragraph)
            logical += len(paragraph)
        source.text = layout.text() + "\n"
        source.size = len(source.text.encode("utf-8"))
        source.paragraph_starts = layout.paragraph_starts
        if out is not None:
            (out / "sources").mkdir(parents=True, exist_ok=True)
            (out / source.filename).write_text(source.text, encoding="utf-8")
            source.text, source.written = "", True
        logical_text = "".join(logical_parts)
        folded = _straight(logical_text).casefold()

        for record, sentence_offset in placed:
            start = sentence_offset + record.pop("_start")
            end = sentence_offset + record.pop("_end")
            quote = record["quote"]
            assert logical_text[start:end] == quote, (record["id"], quote)
            if folded.count(_straight(quote).casefold()) != 1:
                continue  # not unique in its source: leave it out (never happens in practice)
            sentence_end = logical_text.find(".", end)
            sentence_end = len(logical_text) if sentence_end < 0 else sentence_end + 1
            fact_truth = FactTruth(
                source=source.id,
                start=layout.raw_start(start),
                end=layout.raw_end(end),
                sentence_start=layout.raw_start(sentence_offset),
                sentence_end=layout.raw_end(sentence_end),
            )
            if rng.random() < 0.3:
                record["quote"] = _straight(quote)  # editors type straight quote marks
            if rng.random() < import_typos:
                typo = _with_typo(rng, record["quote"])
                if typo is not None:
                    record["quote"] = typo
                    fact_truth.import_typo = True
            truth[record["id"]] = fact_truth
            facts.append(record)
    facts.sort(key=lambda r: r["id"])
    return Corpus(sources, entities, facts, truth, seed)


# --------------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------------


def _toml(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def facts_file(out: Path) -> Path:
    """Where `write_corpus` puts the fact records by default (`kzfacts load` imports them)."""
    return out / "facts" / "facts.jsonl"


def write_corpus(corpus: Corpus, out: Path, facts_path: Path | None = None) -> None:
    """A folder `kzfacts load` reads: sources.toml, sources/, entities/, facts/ (+ the truth).

    With `facts_path` the fact records go there instead of `facts/` (so that `kzfacts load`
    registers sources and entities only, and `kzfacts fact import` can be timed on its own).
    """
    import yaml

    (out / "sources").mkdir(parents=True, exist_ok=True)
    (out / "entities").mkdir(exist_ok=True)
    facts_path = facts_path or facts_file(out)
    facts_path.parent.mkdir(parents=True, exist_ok=True)
    lines = ["# Synthetic benchmark corpus (bench/corpus.py); regenerate, do not edit.", ""]
    for source in corpus.sources:
        if not source.written:
            (out / source.filename).write_text(source.text, encoding="utf-8")
        lines += [
            "[[source]]",
            f"id = {_toml(source.id)}",
            f"path = {_toml(source.filename)}",
            f"title = {_toml(source.title)}",
            f"publisher = {_toml(source.publisher)}",
            f"published = {_toml(source.published)}",
            'published_precision = "day"',
            "",
        ]
    (out / "sources.toml").write_text("\n".join(lines), encoding="utf-8")
    entities = [{"id": e.id, "name": e.name, "kind": e.kind} for e in corpus.entities]
    (out / "entities" / "entities.yaml").write_text(
        yaml.safe_dump(entities, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    with facts_path.open("w", encoding="utf-8") as handle:
        for record in corpus.facts:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    truth = {
        "seed": corpus.seed,
        "facts": {k: asdict(v) for k, v in corpus.truth.items()},
        "paragraphs": {s.id: s.paragraph_starts for s in corpus.sources},
        "styles": {s.id: s.style for s in corpus.sources},
        "facts_file": str(facts_path.resolve()),
    }
    (out / TRUTH_FILE).write_text(json.dumps(truth), encoding="utf-8")


# --------------------------------------------------------------------------------------------
# Mutation
# --------------------------------------------------------------------------------------------


@dataclass
class Mutations:
    """What was changed and what a correct audit reports for it."""

    db_quote_edits: dict[str, str]  # fact id -> new quote (typo'd), to write into the database
    expected: dict[str, list[str]]  # fact id -> finding codes
    changed_sources: list[str]
    planted: dict[str, list[str]]  # category -> fact ids
    inserted_paragraphs: int = 0
    deleted_sources: list[str] = field(default_factory=list)  # files removed: source-missing

    def expected_counts(self) -> Counter[str]:
        counts: Counter[str] = Counter(code for codes in self.expected.values() for code in codes)
        counts["source-changed"] = len(self.changed_sources)
        # One source-level finding per missing file, besides one per fact of it.
        counts["source-missing"] += len(self.deleted_sources)
        return +counts

    def warm_expected(self) -> dict[str, list[str]]:
        """Per fact, what a second audit reports: nothing moves or changes any more; broken
        quotes stay broken, missing sources stay missing."""
        warm = {
            fact_id: [c for c in codes if c in WARM_CODES]
            for fact_id, codes in self.expected.items()
        }
        return {fact_id: codes for fact_id, codes in warm.items() if codes}

    def warm_expected_counts(self) -> Counter[str]:
        counts = Counter(code for codes in self.warm_expected().values() for code in codes)
        counts["source-missing"] += len(self.deleted_sources)
        return +counts


WARM_CODES = frozenset(
    {"quote-inexact", "quote-altered", "quote-not-found", "quote-misattributed", "source-missing"}
)
ERROR_CODES = frozenset(
    {"quote-altered", "quote-not-found", "quote-misattributed", "quote-ambiguous", "source-missing"}
)
"""The planted findings at error severity: a draft citing such a fact gets cites-broken-fact."""


def mutate(
    out: Path,
    *,
    seed: int = 7,
    edited_sources: float = 0.3,
    insert_rate: float = 0.5,
    inexact_source: float = 0.01,
    inexact_db: float = 0.005,
    altered: float = 0.01,
    deleted: int = 5,
    deleted_sources: float = 0.005,
) -> Mutations:
    """Edit the corpus in `out` in place; fractions are of all facts (sources for the first
    and the last).

    Only `edited_sources` of the sources are touched (an audit mostly meets unchanged
    sources); of those, `insert_rate` get one to three paragraphs inserted before some of
    their quotes. Typos and digit changes are length-preserving, so they move nothing.
    `deleted_sources` of the other sources (at least one when the fraction is not 0) have
    their file removed: the source and each of its facts are `source-missing`.
    """
    rng = random.Random(seed)
    truth_data = json.loads((out / TRUTH_FILE).read_text(encoding="utf-8"))
    truths = {k: FactTruth(**v) for k, v in truth_data["facts"].items()}
    facts_path = Path(truth_data.get("facts_file") or facts_file(out))
    with facts_path.open(encoding="utf-8") as handle:
        records = {r["id"]: r for r in map(json.loads, handle)}
    source_ids = sorted(truth_data["paragraphs"])
    n_facts = len(truths)
    edited = sorted(rng.sample(source_ids, max(1, round(edited_sources * len(source_ids)))))
    edited_set = set(edited)
    untouched_sources = [s for s in source_ids if s not in edited_set]
    n_removed = min(
        len(untouched_sources),
        max(1, round(deleted_sources * len(source_ids))) if deleted_sources > 0 else 0,
    )
    removed = sorted(rng.sample(untouched_sources, n_removed))
    removed_set = set(removed)
    texts = {s: (out / "sources" / f"{s}.txt").read_text(encoding="utf-8") for s in edited}

    in_edited = sorted(f for f, t in truths.items() if t.source in edited_set)
    clean = [f for f in in_edited if not truths[f].import_typo]
    rng.shuffle(clean)
    planted: dict[str, list[str]] = {
        "altered": [],
        "inexact-source": [],
        "inexact-db": [],
        "deleted": [],
        "moved": [],
        "import-typo": sorted(f for f, t in truths.items() if t.import_typo),
    }
    # edits[source] = list of (raw position, length replaced, new text)
    edits: dict[str, list[tuple[int, int, str]]] = {s: [] for s in edited}
    taken: set[str] = set()

    def pick(count: int, usable: Any) -> list[str]:
        chosen = []
        for fact_id in clean:
            if len(chosen) >= count:
                break
            if fact_id not in taken and usable(fact_id):
                chosen.append(fact_id)
                taken.add(fact_id)
        return chosen

    def quote_text(fact_id: str) -> str:
        """The raw span of the quote with the URL footer lines inside it blanked: a digit or a
        word of a footer is not the quote's (changing it changes nothing kzfacts compares)."""
        t = truths[fact_id]
        raw = texts[t.source][t.start : t.end]
        return _URL.sub(lambda m: " " * len(m.group(0)), raw)

    def quote_digits(fact_id: str) -> list[int]:
        start = truths[fact_id].start
        return [start + m.start() for m in re.finditer(r"\d", quote_text(fact_id))]

    for fact_id in pick(round(altered * n_facts), lambda f: bool(quote_digits(f))):
        t = truths[fact_id]
        pos = rng.choice(quote_digits(fact_id))
        old = texts[t.source][pos]
        choices = [d for d in "123456789" if d != old]
        edits[t.source].append((pos, 1, rng.choice(choices)))
        planted["altered"].append(fact_id)

    def source_words(fact_id: str) -> list[tuple[int, str]]:
        start = truths[fact_id].start
        return [
            (start + m.start(), m.group(0))
            for m in re.finditer(r"(?<![\w-])[a-z]{6,}(?![\w-])", quote_text(fact_id))
            if m.group(0) in ORDINARY_WORDS
        ]

    for fact_id in pick(round(inexact_source * n_facts), lambda f: bool(source_words(f))):
        t = truths[fact_id]
        pos, word = rng.choice(source_words(fact_id))
        edits[t.source].append((pos, len(word), _typo(rng, word)))
        planted["inexact-source"].append(fact_id)

    # A deleted sentence whose entity and predicate no other fact states: no other source
    # holds the quote, so the audit must say not-found (not misattributed).
    stated = Counter((r["subject"], r["predicate"]) for r in records.values())

    def only_statement(fact_id: str) -> bool:
        return stated[(records[fact_id]["subject"], records[fact_id]["predicate"])] == 1

    def no_twin(fact_id: str) -> bool:
        from rapidfuzz import fuzz

        t = truths[fact_id]
        rest = texts[t.source][: t.sentence_start] + texts[t.source][t.sentence_end :]
        return fuzz.partial_ratio(records[fact_id]["quote"], rest) < TWIN_SCORE

    for fact_id in pick(deleted, lambda f: only_statement(f) and no_twin(f)):
        t = truths[fact_id]
        edits[t.source].append((t.sentence_start, t.sentence_end - t.sentence_start, ""))
        planted["deleted"].append(fact_id)

    # Database typos: any fact (most sources are unchanged), not otherwise planted.
    db_edits: dict[str, str] = {}
    others = sorted(
        f
        for f, t in truths.items()
        if not t.import_typo and f not in taken and t.source not in removed_set
    )
    rng.shuffle(others)
    for fact_id in others:
        if len(db_edits) >= round(inexact_db * n_facts):
            break
        typo = _with_typo(rng, records[fact_id]["quote"])
        if typo is not None:
            db_edits[fact_id] = typo
            taken.add(fact_id)
            planted["inexact-db"].append(fact_id)

    inserted = 0
    styles = truth_data["styles"]
    seeds = seed_sentences()
    for source_id in edited:
        if rng.random() >= insert_rate:
            continue
        starts = truth_data["paragraphs"][source_id]
        for _ in range(rng.randint(1, 3)):
            layout = _Layout(rng, styles[source_id])
            paragraph = " ".join(_filler(rng, seeds, [], []) for _ in range(rng.randint(2, 5)))
            layout.paragraph(paragraph, styles[source_id]["width"])
            text = layout.text() + styles[source_id]["par_sep"]
            edits[source_id].append((rng.choice(starts[1:] or starts), 0, text))
            inserted += 1

    expected: dict[str, list[str]] = {}
    deleted_set = set(planted["deleted"])
    altered_set = set(planted["altered"])
    inexact_source_set = set(planted["inexact-source"])
    planted["source-deleted"] = sorted(f for f, t in truths.items() if t.source in removed_set)
    for fact_id, t in truths.items():
        codes: list[str] = []
        if t.source in removed_set:
            codes.append("source-missing")
        elif fact_id in deleted_set:
            codes.append("quote-not-found")
        elif fact_id in altered_set:
            codes.append("quote-altered")
        else:
            if t.source in edited_set:
                delta = 0
                for pos, length, new in edits[t.source]:
                    if (length == 0 and pos <= t.start) or (length and pos + length <= t.start):
                        delta += len(new) - length
                if delta:
                    codes.append("quote-moved")
                    planted["moved"].append(fact_id)
            if fact_id in db_edits or t.import_typo or fact_id in inexact_source_set:
                codes.append("quote-inexact")
        if codes:
            expected[fact_id] = codes

    changed = []
    for source_id in edited:
        raw = texts[source_id]
        if not edits[source_id]:
            continue
        # Right to left; at one position the in-place edit first, then what is inserted.
        for pos, length, new in sorted(edits[source_id], key=lambda e: (-e[0], -e[1])):
            raw = raw[:pos] + new + raw[pos + length :]
        (out / "sources" / f"{source_id}.txt").write_text(raw, encoding="utf-8")
        changed.append(source_id)
    for source_id in removed:
        (out / "sources" / f"{source_id}.txt").unlink()
    result = Mutations(db_edits, expected, changed, planted, inserted, removed)
    (out / MUTATIONS_FILE).write_text(json.dumps(asdict(result), indent=1), encoding="utf-8")
    return result


def drop_facts(out: Path, fact_ids: set[str]) -> None:
    """Leave facts out of the corpus in `out` (its fact records and its truth), e.g. records
    kzfacts refused to import, so that the rest of a benchmark can go on without them."""
    truth = json.loads((out / TRUTH_FILE).read_text(encoding="utf-8"))
    truth["facts"] = {k: v for k, v in truth["facts"].items() if k not in fact_ids}
    (out / TRUTH_FILE).write_text(json.dumps(truth), encoding="utf-8")
    path = Path(truth.get("facts_file") or facts_file(out))
    with path.open(encoding="utf-8") as handle:
        kept = [line for line in handle if json.loads(line)["id"] not in fact_ids]
    path.write_text("".join(kept), encoding="utf-8")


def apply_db_edits(db_path: Path, edits: dict[str, str]) -> None:
    """Write the typo'd quotes into the database as an editing tool would: row marked updated."""
    import sqlite3
    from datetime import UTC, datetime

    now = datetime.now(UTC).replace(tzinfo=None).strftime("%Y-%m-%d %H:%M:%S.%f")
    with sqlite3.connect(db_path) as connection:
        connection.executemany(
            "UPDATE fact SET quote = ?, updated_at = ? WHERE id = ?",
            [(quote, now, fact_id) for fact_id, quote in edits.items()],
        )
    connection.close()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sources", type=int, default=100)
    parser.add_argument("--kb", type=float, default=100.0, help="approximate size of a source")
    parser.add_argument("--facts", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=20121215)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument(
        "--mutate",
        action="store_true",
        help="mutate an existing corpus in --out instead (after it was loaded into kzfacts); "
        f"database quote edits and the expected findings go to {MUTATIONS_FILE}",
    )
    args = parser.parse_args(argv)
    if args.mutate:
        result = mutate(args.out)
        counts = {k: len(v) for k, v in result.planted.items()}
        print(
            f"mutated {len(result.changed_sources)} sources, removed "
            f"{len(result.deleted_sources)}: {counts}"
        )
        print(f"expected findings: {dict(sorted(result.expected_counts().items()))}")
        return
    corpus = generate(args.sources, args.kb, args.facts, seed=args.seed, out=args.out)
    write_corpus(corpus, args.out)
    size = sum(s.size for s in corpus.sources)
    print(
        f"wrote {len(corpus.sources)} sources ({size / 1e6:.1f} MB), {len(corpus.entities)} "
        f"entities, {len(corpus.facts)} facts to {args.out}"
    )


if __name__ == "__main__":
    main()
