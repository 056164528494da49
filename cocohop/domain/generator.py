"""The built-in trip generator: rules plus the content library, deterministic and instant.

It stands in for the language model when there is no key or no network, and gives the designer
a complete draft to edit: a route (places and nights), one day per date with a title, a few
paragraphs and items (flights, transfers, stays, activities), and practical information.

Rules, in the order they run (each documented where it is implemented):

* dates: given dates win; else start + nights; else the 1st of the brief's month; else no dates;
* route: the brief's places in the brief's order; then a library place for each interest that
  no place on the route offers (a desert night, an onsen); then places matching the interests
  while the pace allows (about 3 nights a stop); new places go where they cost the smallest
  detour, between the first and the last place the brief names;
* nights: each stop gets its minimum, the rest goes to the largest, earliest stops;
* days: arrival, full days, travel days, departure; two activities at most a day (one at a
  relaxed pace), never twice the same one, never one the client dislikes, the best match to
  the interests first.

Same input, same output: no randomness and no iteration over sets.
Plain Python: no web framework, database or language-model client here.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from cocohop.domain.brief import BriefFacts
from cocohop.domain.itinerary import LANGUAGES, Day, Item, ItemKind, RouteStop, Trip
from cocohop.library.loader import (
    DEFAULT_LIBRARY,
    STAY_LEVELS,
    Activity,
    ContentLibrary,
    Country,
    Localized,
    Place,
    Stay,
    geocode_town,
    normalize_name,
)

DEFAULT_QUOTE_CURRENCY = "EUR"
DEFAULT_NIGHTS = 7  # a brief that states neither dates nor a length
NIGHTS_PER_STOP = 3  # usual pace of a tailor-made trip
TRANSFER_OVERHEAD_MIN = 30  # check-out, getting to the station or the car, finding the new place
GROUND_LIMIT_MIN = 7 * 60  # beyond this on the ground, a domestic flight is proposed
FLIGHT_OVERHEAD_MIN = 120  # airport time around a domestic flight
FLIGHT_KMH = 700
FERRY_KMH = 30
DEFAULT_GROUND_KMH = 60  # countries outside the library
MAX_DETOUR_KM = 2000  # a place matching interests is not added at the cost of a longer detour
LODGING_SHARE = Decimal("0.5")  # part of a budget that usually goes to accommodation

# Only to pick a comfort level from a budget, never to price anything (quotes use the rate of
# the day stored on the quote). Approximate euros per unit.
_APPROX_EUR_PER_UNIT = {
    "EUR": Decimal("1"), "USD": Decimal("0.92"), "GBP": Decimal("1.17"), "CHF": Decimal("1.05"),
    "CAD": Decimal("0.68"), "AUD": Decimal("0.61"), "JPY": Decimal("0.0062"),
}
# Lodging budget per room and night (EUR) at which the next comfort level starts.
_LEVEL_THRESHOLDS_EUR = (Decimal("150"), Decimal("400"))  # standard < 150 <= superior < 400 <= luxury

_OCCASIONS = {
    "honeymoon": Localized(en="Honeymoon in {country}", fr="Voyage de noces {fr_in}"),
    "anniversary": Localized(en="Anniversary trip to {country}", fr="Voyage anniversaire {fr_in}"),
}
_DEFAULT_OCCASION = Localized(en="Trip to {country}", fr="Voyage {fr_in}")

# Labels of tags for day titles ("Kyoto : jardins et temples").
_TAG_LABELS = {
    "food": ("food", "cuisine"), "gardens": ("gardens", "jardins"), "onsen": ("onsen", "onsen"),
    "beach": ("beach", "plage"), "history": ("history", "histoire"), "desert": ("desert", "désert"),
    "hammam": ("hammam", "hammam"), "hiking": ("hiking", "randonnée"), "wine": ("wine", "vin"),
    "volcanoes": ("volcanoes", "volcans"), "wildlife": ("wildlife", "faune"), "surf": ("surf", "surf"),
    "adventure": ("adventure", "aventure"), "photography": ("photography", "photographie"),
    "northern lights": ("northern lights", "aurores boréales"), "self-drive": ("road trip", "road trip"),
    "culture": ("culture", "culture"), "nature": ("nature", "nature"),
    "architecture": ("architecture", "architecture"), "art": ("art", "art"), "boat": ("boat trip", "bateau"),
    "crafts": ("crafts", "artisanat"), "cycling": ("cycling", "vélo"), "diving": ("diving", "plongée"),
    "family": ("family fun", "en famille"), "glaciers": ("glaciers", "glaciers"),
    "hot springs": ("hot springs", "sources chaudes"), "islands": ("islands", "îles"),
    "markets": ("markets", "marchés"), "mountains": ("mountains", "montagne"), "museums": ("museums", "musées"),
    "nightlife": ("nightlife", "vie nocturne"), "relaxation": ("relaxation", "détente"),
    "romantic": ("romance", "romantisme"), "shopping": ("shopping", "shopping"),
    "snorkeling": ("snorkelling", "snorkeling"), "temples": ("temples", "temples"),
}

_MODE_NAMES = {  # transfer item names: {a} -> {b}
    "train": Localized(en="Train {a} → {b}", fr="Train {a} → {b}"),
    "car": Localized(en="Private transfer {a} → {b}", fr="Transfert en voiture privée {a} → {b}"),
    "self-drive": Localized(en="Drive {a} → {b} (rental car)", fr="Route {a} → {b} (voiture de location)"),
    "ferry": Localized(en="Ferry {a} → {b}", fr="Ferry {a} → {b}"),
    "flight": Localized(en="Domestic flight {a} → {b}", fr="Vol intérieur {a} → {b}"),
}
_MODE_PHRASES = {  # "travel to X {phrase}"
    "train": Localized(en="by train", fr="en train"),
    "car": Localized(en="by private car with driver", fr="en voiture privée avec chauffeur"),
    "self-drive": Localized(en="at the wheel of your rental car", fr="au volant de votre voiture de location"),
    "ferry": Localized(en="by ferry", fr="en ferry"),
    "flight": Localized(en="on a domestic flight", fr="en vol intérieur"),
}


def _t(lang: str, en: str, fr: str) -> str:
    return fr if lang == "fr" else en


# ---------------------------------------------------------------------------------------------
# Entry point


def generate_trip(
    facts: BriefFacts,
    library: ContentLibrary | None = None,
    *,
    today: date | None = None,
) -> Trip:
    """A complete draft trip for the brief, every text marked as generated.

    ``library`` defaults to the shipped content library. ``today`` only matters when the brief
    gives a month without dates (see :func:`_resolve_dates`).
    """
    library = library or DEFAULT_LIBRARY
    lang = _trip_language(facts)
    country_code = _resolve_country(facts, library)
    country = library.load_country(country_code) if library.has_country(country_code) else None
    start, end, nights = _resolve_dates(facts, today)
    adults = facts.adults if facts.adults is not None else 2
    children = facts.children if facts.children is not None else len(facts.child_ages)

    stops = _build_route(facts, library, country, country_code, nights)
    _allocate_nights(stops, nights)
    builder = _DayBuilder(facts, country, lang, stops, start, adults, children)
    days = builder.build()

    return Trip(
        title=_trip_title(facts, country, country_code, lang, stops, nights),
        country=country_code,
        lang=lang,
        start=start,
        end=end,
        adults=adults,
        children=children,
        child_ages=list(facts.child_ages),
        currency=facts.budget.currency if facts.budget else DEFAULT_QUOTE_CURRENCY,
        route=[RouteStop(place=s.label(lang), nights=s.nights, lat=s.lat, lon=s.lon) for s in stops],
        days=days,
        practical_info=_practical_info(country, country_code, lang),
        title_generated=True,
    )


def _trip_language(facts: BriefFacts) -> str:
    # The travel book's language, when the client asked for one, governs the whole trip.
    for lang in (facts.book_lang, facts.lang):
        if lang in LANGUAGES:
            return lang
    return "en"


def _resolve_country(facts: BriefFacts, library: ContentLibrary) -> str | None:
    if facts.country:
        return facts.country.upper()
    # No country read off the brief: if every named place is in one library country, use it.
    found = {p.country for name in facts.places if (p := library.find_place(name)) is not None}
    return found.pop() if len(found) == 1 else None


def _resolve_dates(facts: BriefFacts, today: date | None) -> tuple[date | None, date | None, int]:
    """Start, end and number of nights.

    Dates given win over a stated length. With only a month, the trip starts on the 1st of
    that month (or, if ``today`` falls inside that month, the next day): the brief's "mid-July"
    or "late September" is not among the facts, so the designer moves the dates. With no dates
    at all the days carry no date. A brief without any length gets DEFAULT_NIGHTS.
    """
    start, end = facts.start, facts.end
    if start and end and end > start:
        return start, end, (end - start).days
    nights = facts.nights if facts.nights and facts.nights > 0 else DEFAULT_NIGHTS
    if start:
        return start, start + timedelta(days=nights), nights
    if end:
        return end - timedelta(days=nights), end, nights
    month_start = _month_start(facts.month, today)
    if month_start:
        return month_start, month_start + timedelta(days=nights), nights
    return None, None, nights


def _month_start(month: str | None, today: date | None) -> date | None:
    match = re.fullmatch(r"(\d{4})-(\d{2})", month or "")
    if not match or not 1 <= int(match[2]) <= 12:
        return None
    first = date(int(match[1]), int(match[2]), 1)
    if today and first < today and (today + timedelta(days=1)).month == first.month:
        return today + timedelta(days=1)
    return first


# ---------------------------------------------------------------------------------------------
# Place names in sentences

_FR_VOWELS = "aeiouyhéèêâîôûàœ"


def _fr_with(preposition: str, noun_phrase: str) -> str:
    """'à'/'de' + a noun phrase, contracted: au désert, du Cap, aux Météores, d'Osaka."""
    lower = noun_phrase.lower()
    for article, (a_form, de_form) in (("le ", ("au ", "du ")), ("les ", ("aux ", "des "))):
        if lower.startswith(article):
            return (a_form if preposition == "à" else de_form) + noun_phrase[len(article):]
    if preposition == "de" and lower[:1] in _FR_VOWELS and not lower.startswith(("la ", "l'")):
        return "d'" + noun_phrase
    return f"{preposition} {noun_phrase}"


@dataclass(frozen=True)
class _Where:
    """A place's name and the phrases around it, in both languages.

    ``phrase`` says "in <place>": "in Rome", "on the Amalfi Coast", "à Rome",
    "dans le désert d'Agafay", "en Provence". The other forms are derived from it.
    """

    label: Localized  # as a heading: "Amalfi Coast", "Désert d'Agafay"
    phrase: Localized

    @classmethod
    def of(cls, label: Localized, phrase: Localized | None = None) -> _Where:
        return cls(label, phrase or Localized(en=f"in {label.en}", fr=_fr_with("à", label.fr)))

    def name(self, lang: str) -> str:
        """Inside a sentence: 'the Amalfi Coast', 'le désert d'Agafay', 'Rome'."""
        first, _, rest = self.phrase.get(lang).partition(" ")
        if lang == "fr":
            noun = {"au": "le " + rest, "aux": "les " + rest}.get(first, rest)
            # An article that belongs to the name keeps its capital: "Le Cap", not "le Cap".
            return self.label.fr if noun.lower() == self.label.fr.lower() else noun
        return rest

    def at(self, lang: str) -> str:
        """'in Rome', 'on the Amalfi Coast', 'à Rome', 'dans le désert d'Agafay'."""
        return self.phrase.get(lang)

    def to(self, lang: str) -> str:
        """'to the Amalfi Coast'; 'au désert d'Agafay', 'à la vallée du Douro', 'en Provence'."""
        if lang == "fr":
            if self.phrase.fr.startswith(("en ", "à ", "au ", "aux ")):
                return self.phrase.fr
            return _fr_with("à", self.name("fr"))
        return "to " + self.name("en")

    def from_(self, lang: str) -> str:
        """'from the Amalfi Coast'; 'du désert d'Agafay', "d'Osaka", 'de Provence'."""
        if lang == "fr":
            return _fr_with("de", self.name("fr"))
        return "from " + self.name("en")


def _capitalize(text: str) -> str:
    return text[:1].upper() + text[1:]


def _join(names: list[str], lang: str) -> str:
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + _t(lang, " and ", " et ") + names[-1]


# ---------------------------------------------------------------------------------------------
# Route


@dataclass
class _Stop:
    """A stop being planned: a library place, or a name the library does not know."""

    where: _Where
    place: Place | None
    lat: float | None
    lon: float | None
    from_brief: bool
    min_nights: int = 1
    max_nights: int = 30
    nights: int = 0
    is_return: bool = False  # last night back near the departure airport

    def label(self, lang: str) -> str:
        return self.where.label.get(lang)

    @property
    def tags(self) -> tuple[str, ...]:
        return self.place.tags if self.place else ()

    @property
    def key(self) -> str:
        return self.place.id if self.place else normalize_name(self.where.label.en)

    @classmethod
    def of_place(cls, place: Place, from_brief: bool) -> _Stop:
        return cls(
            where=_Where.of(place.name, place.in_phrase), place=place, lat=place.lat, lon=place.lon,
            from_brief=from_brief, min_nights=place.min_nights, max_nights=place.max_nights,
        )


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance on a sphere of the Earth's mean radius."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(a))


def _km(a: _Stop | Place, b: _Stop | Place) -> float | None:
    if a.lat is None or a.lon is None or b.lat is None or b.lon is None:
        return None
    return haversine_km(a.lat, a.lon, b.lat, b.lon)


def _nearest_gateway(stop: _Stop, country: Country | None) -> Place | None:
    if not country:
        return None
    gateways = country.gateways
    if stop.place in gateways:
        return stop.place
    return min(gateways, key=lambda g: (_km(stop, g) or 0.0, country.places.index(g)))


def _route_km(stops: list[_Stop], country: Country | None) -> float:
    """Length of the route plus the way back to the nearest departure airport."""
    total = sum(_km(a, b) or 0.0 for a, b in zip(stops, stops[1:]))
    gateway = _nearest_gateway(stops[-1], country) if stops else None
    if gateway is not None:
        total += _km(stops[-1], gateway) or 0.0
    return total


def _interests(facts: BriefFacts) -> list[str]:
    return sorted(set(facts.interests))


# Brief fields that are recent additions to BriefFacts: read with a default, so a brief built
# without them (older code, tests) still works.
def _pace(facts: BriefFacts) -> str | None:
    return getattr(facts, "pace", None)


# A dislike may name a tag directly ("museums") or a family of them.
_DISLIKE_TAGS = {"religious sites": ("temples",), "churches": ("temples",), "crowds": ("nightlife",)}


def _disliked_tags(facts: BriefFacts) -> set[str]:
    tags: set[str] = set()
    for dislike in getattr(facts, "dislikes", None) or []:
        tags.update(_DISLIKE_TAGS.get(dislike, (dislike,)))
    return tags


def _nights_per_stop(facts: BriefFacts) -> int:
    if _pace(facts) == "active" or "self-drive" in facts.interests:
        return 2  # a road trip moves on more often
    if _pace(facts) == "relaxed" or any(age < 12 for age in facts.child_ages):
        return 4  # fewer packing days
    return NIGHTS_PER_STOP


def _build_route(facts: BriefFacts, library: ContentLibrary, country: Country | None,
                 country_code: str | None, nights: int) -> list[_Stop]:
    stops: list[_Stop] = []
    for name in facts.places:
        stop = _brief_stop(name, library, country, country_code)
        if stop.key not in {s.key for s in stops}:
            stops.append(stop)
    if country is None:
        if not stops:
            # Nothing known at all: one base, named after the country when there is one.
            label = _country_label(country_code)
            if country_code:
                phrase = Localized(en=f"in {label.en}", fr=f"en {label.fr}")
            else:
                phrase = Localized(en="at the destination", fr="à destination")
            stops.append(_Stop(where=_Where.of(label, phrase), place=None, lat=None, lon=None, from_brief=False))
        return stops[: max(nights, 1)]

    interests = _interests(facts)
    brief_count = len(stops)
    if not stops:
        stops.append(_Stop.of_place(_starting_gateway(country, interests), from_brief=False))
    max_stops = max(brief_count, nights // _nights_per_stop(facts), 1)

    def candidates() -> list[Place]:
        taken = {s.key for s in stops}
        return [p for p in country.places if p.id not in taken]

    def fits(place: Place) -> bool:
        return sum(s.min_nights for s in stops) + place.min_nights <= nights

    # 1. An interest that no place on the route offers usually means a night somewhere else
    #    (the "night in the desert", the onsen inn): add the nearest place that offers it, even
    #    one beyond the usual pace.
    for interest in interests:
        if any(interest in s.tags for s in stops) or len(stops) > max_stops:
            continue
        options = [p for p in candidates() if interest in p.tags and fits(p)]
        best = _cheapest_insertion(stops, options, country, brief_count, MAX_DETOUR_KM)
        if best:
            _insert(stops, best)

    # 2. Fill up to the pace: the places that match the most interests (the nearest first on a
    #    tie); without interests, the library's order, which lists the best-known places first.
    while len(stops) < max_stops:
        options = [p for p in candidates() if fits(p)]
        groups = _by_interest(options, interests) if interests else [[p] for p in options]
        best = _first_insertion(stops, groups, country, brief_count, MAX_DETOUR_KM)
        if not best:
            break
        _insert(stops, best)

    # 3. More nights than the route's places can hold: add places until they can, those matching
    #    the interests first, then the nearest.
    while sum(s.max_nights for s in stops) < nights:
        options = [p for p in candidates() if fits(p)]
        matching = _by_interest(options, interests)
        rest = [p for p in options if not any(p in g for g in matching)]
        best = _first_insertion(stops, matching + [rest], country, brief_count)
        if not best:
            break
        _insert(stops, best)

    _shorten_route(stops, country, brief_count)

    # 4. A route the generator chose may end far from an airport: spend the last night near it.
    if brief_count == 0:
        gateway = _nearest_gateway(stops[-1], country)
        minutes = _transfer_minutes(stops[-1], _Stop.of_place(gateway, False), country)[1] if gateway else None
        if minutes is not None and minutes > 4 * 60 and sum(s.min_nights for s in stops) + 1 <= nights:
            back = _Stop.of_place(gateway, from_brief=False)
            back.min_nights = back.max_nights = 1
            back.is_return = True
            stops.append(back)
    return stops


def _interest_score(place: Place, interests: list[str]) -> int:
    """How well a place answers the interests: a tag among its first two (what the place is
    known for) counts double. A wildlife trip should reach Kruger before a town that also has seals.
    """
    return sum(2 if tag in place.tags[:2] else 1 for tag in interests if tag in place.tags)


def _by_interest(options: list[Place], interests: list[str]) -> list[list[Place]]:
    """The places matching some interest, grouped by score, best group first."""
    scores = sorted({_interest_score(p, interests) for p in options} - {0}, reverse=True)
    return [[p for p in options if _interest_score(p, interests) == s] for s in scores]


def _first_insertion(stops: list[_Stop], groups: list[list[Place]], country: Country, brief_count: int,
                     max_detour_km: float = math.inf) -> _Insertion | None:
    """The cheapest insertion from the first group that has one: a place too far away leaves
    room for the next group."""
    for group in groups:
        best = _cheapest_insertion(stops, group, country, brief_count, max_detour_km)
        if best:
            return best
    return None


def _brief_stop(name: str, library: ContentLibrary, country: Country | None, country_code: str | None) -> _Stop:
    place = library.find_place(name, country.code) if country else None
    if place:
        return _Stop.of_place(place, from_brief=True)
    # Not in the library: GeoNames for coordinates, filtered by the trip's country.
    town = geocode_town(name, country_code)
    return _Stop(
        where=_Where.of(Localized(en=name, fr=name)), place=None,
        lat=town.lat if town else None, lon=town.lon if town else None, from_brief=True,
    )


def _starting_gateway(country: Country, interests: list[str]) -> Place:
    # The gateway matching the most interests; on a tie, the first in the file (the main one).
    gateways = country.gateways
    return max(gateways, key=lambda g: (len(set(g.tags) & set(interests)), -gateways.index(g)))


@dataclass
class _Insertion:
    place: Place
    index: int
    extra_km: float


def _allowed_positions(stops: list[_Stop], brief_count: int) -> range:
    """Where a place the generator adds may go.

    Never before the first stop: that is where the traveller lands. With two or more places
    named in the brief, the last one is where the client wants to finish ("finir à
    Essaouira"), so added places go between them.
    """
    if brief_count >= 2:
        last_brief = max(i for i, s in enumerate(stops) if s.from_brief)
        return range(1, last_brief + 1)
    return range(1, len(stops) + 1)


def _cheapest_insertion(
    stops: list[_Stop], options: list[Place], country: Country, brief_count: int,
    max_detour_km: float = math.inf,
) -> _Insertion | None:
    """The option and position that lengthen the route least (ties: library order)."""
    base = _route_km(stops, country)
    best: _Insertion | None = None
    for place in options:
        candidate = _Stop.of_place(place, from_brief=False)
        for index in _allowed_positions(stops, brief_count):
            extra = _route_km(stops[:index] + [candidate] + stops[index:], country) - base
            if extra <= max_detour_km and (best is None or extra < best.extra_km - 1e-9):
                best = _Insertion(place, index, extra)
    return best


def _insert(stops: list[_Stop], insertion: _Insertion) -> None:
    stops.insert(insertion.index, _Stop.of_place(insertion.place, from_brief=False))


def _shorten_route(stops: list[_Stop], country: Country, brief_count: int) -> None:
    """Greedy insertion leaves detours; move added stops (and, on a route the generator chose
    alone, reverse stretches of it) while that shortens it. The brief's places keep their order.
    """
    improved = True
    while improved:
        improved = False
        best_km = _route_km(stops, country)
        for i in range(1, len(stops)):
            if stops[i].from_brief:
                continue
            moved = stops.pop(i)
            options = [(_route_km(stops[:j] + [moved] + stops[j:], country), j)
                       for j in _allowed_positions(stops, brief_count)]
            km, j = min(options)
            if km < best_km - 1.0:
                stops.insert(j, moved)
                improved = True
                break
            stops.insert(i, moved)
        if improved or brief_count > 0:
            continue
        for i in range(1, len(stops) - 1):
            for j in range(i + 1, len(stops)):
                candidate = stops[:i] + stops[i:j + 1][::-1] + stops[j + 1:]
                if _route_km(candidate, country) < best_km - 1.0:
                    stops[:] = candidate
                    improved = True
                    break
            if improved:
                break


def _allocate_nights(stops: list[_Stop], nights: int) -> None:
    """Split the nights: everyone's minimum, then one night at a time to the stop that most
    deserves it (larger places, i.e. a higher maximum, named in the brief, earlier in the trip),
    within each stop's maximum; only when every stop is full do the maxima give way.
    """
    # Too many stops for the nights: drop the places the generator added, latest first, then
    # shrink minimums to one night, then (more places named than nights) drop the last ones.
    while sum(s.min_nights for s in stops) > nights and any(not s.from_brief for s in stops[1:]):
        drop = max(i for i, s in enumerate(stops) if not s.from_brief and i > 0)
        stops.pop(drop)
    if sum(s.min_nights for s in stops) > nights:
        for s in stops:
            s.min_nights = 1
        del stops[max(nights, 1):]
    for s in stops:
        s.nights = s.min_nights
    count = len(stops)

    def weight(i: int) -> float:
        s = stops[i]
        return s.max_nights * (1.2 if s.from_brief else 1.0) + 0.5 * (count - i) / count

    remaining = nights - sum(s.nights for s in stops)
    while remaining > 0:
        open_stops = [i for i, s in enumerate(stops) if s.nights < s.max_nights and not s.is_return]
        pool = open_stops or [i for i, s in enumerate(stops) if not s.is_return] or list(range(count))
        # D'Hondt-style: the next night goes to the highest weight per night already given.
        best = max(pool, key=lambda i: (weight(i) / (stops[i].nights + 1), -i))
        stops[best].nights += 1
        remaining -= 1


# ---------------------------------------------------------------------------------------------
# Travel between stops


def _transfer_minutes(a: _Stop, b: _Stop, country: Country | None) -> tuple[str, int | None]:
    """(mode, door-to-door minutes rounded up to 15) from the straight-line distance.

    The country's average speed is an *effective* speed over the straight line (it absorbs
    winding roads and changes), set by hand per country in the library files. Islands are
    reached by ferry, or by air when far; a leg too long for one day on the ground flies.
    """
    km = _km(a, b)
    mode = country.transport_mode if country else "car"
    speed = country.avg_speed_kmh if country else DEFAULT_GROUND_KMH
    if km is None:
        return mode, None
    crosses_water = km > 30 and any(s.place and s.place.kind == "island" for s in (a, b))
    if crosses_water:
        mode, speed = ("flight", FLIGHT_KMH) if km > 350 else ("ferry", FERRY_KMH)
    minutes = TRANSFER_OVERHEAD_MIN + km / speed * 60
    if mode == "flight" or minutes > GROUND_LIMIT_MIN:
        mode, minutes = "flight", FLIGHT_OVERHEAD_MIN + km / FLIGHT_KMH * 60
    return mode, int(math.ceil(minutes / 15) * 15)


def _duration_text(minutes: int) -> str:
    hours, mins = divmod(minutes, 60)
    if hours == 0:
        return f"{mins} min"
    return f"{hours} h {mins:02d}" if mins else f"{hours} h"


# ---------------------------------------------------------------------------------------------
# Days

# Tags that say nothing about a day's theme: kept out of titles.
_NOT_A_THEME = frozenset({"family", "romantic", "relaxation", "accessible", "pool", "strenuous", "self-drive"})


class _DayBuilder:
    def __init__(self, facts: BriefFacts, country: Country | None, lang: str, stops: list[_Stop],
                 start: date | None, adults: int, children: int):
        self.facts = facts
        self.country = country
        self.lang = lang
        self.stops = stops
        self.start = start
        self.interests = _interests(facts)
        self.used_activities: set[tuple[str, str]] = set()
        self.level = _comfort_level(facts, sum(s.nights for s in stops), adults, children)
        self.avoid_strenuous = "accessibility" in facts.constraints or any(a < 8 for a in facts.child_ages)
        self.disliked = _disliked_tags(facts)
        self.per_day = 1 if _pace(facts) == "relaxed" else 2  # activities on a full day, at most

    def t(self, en: str, fr: str) -> str:
        return _t(self.lang, en, fr)

    def build(self) -> list[Day]:
        days: list[Day] = []
        for index, stop in enumerate(self.stops):
            full_days = stop.nights - 1
            for night in range(stop.nights):
                if night == 0 and index == 0:
                    day = self.first_day(stop)
                elif night == 0:
                    day = self.travel_day(self.stops[index - 1], stop)
                else:
                    day = self.full_day(stop, len(days), days_left=full_days - night + 1)
                days.append(day)
        days.append(self.departure_day(self.stops[-1]))
        for offset, day in enumerate(days):
            day.date = self.start + timedelta(days=offset) if self.start else None
        return days

    # -- kinds of day ---------------------------------------------------------------------------

    def first_day(self, stop: _Stop) -> Day:
        lang, where = self.lang, stop.where
        items: list[Item] = []
        gateway = _nearest_gateway(stop, self.country)
        welcome = self.t(
            f"Welcome to {self.country.name.en}!" if self.country else "Welcome!",
            f"Bienvenue {self.country.fr_in} !" if self.country else "Bienvenue !",
        )
        if gateway is not None and gateway is not stop.place:
            airport = _Stop.of_place(gateway, False)
            items.append(self.flight_item(airport.where, arriving=True))
            transfer, _ = self.transfer_item(airport, stop)
            items.append(transfer)
            arrival = self.t(
                f"{welcome} Arrival at {airport.label(lang)} airport, then transfer {where.to(lang)}{self.about(transfer)}.",
                f"{welcome} Arrivée à l'aéroport {airport.where.from_(lang)}, puis transfert vers "
                f"{where.name(lang)}{self.about(transfer)}.",
            )
        else:
            items.append(self.flight_item(where, arriving=True))
            arrival = self.t(
                f"{welcome} Arrival {where.at(lang)}, welcome and transfer to your accommodation.",
                f"{welcome} Arrivée {where.at(lang)}, accueil et transfert vers votre hébergement.",
            )
        stay_item, stay_text = self.stay(stop)
        items.append(stay_item)
        paragraphs = [
            arrival,
            self.place_description(stop),
            stay_text,
            self.t(
                "The rest of the day is free to settle in and recover from the journey.",
                "Le reste de la journée est libre pour vous installer et récupérer du voyage.",
            ),
        ]
        title = self.t(f"Arrival {where.at(lang)}", f"Arrivée {where.at(lang)}")
        return self.day(title, stop, paragraphs, items)

    def travel_day(self, previous: _Stop, stop: _Stop) -> Day:
        lang, where, before = self.lang, stop.where, previous.where
        transfer, mode = self.transfer_item(previous, stop)
        items = [transfer]
        mode_phrase = _MODE_PHRASES[mode].get(lang)
        paragraphs = [
            self.t(
                f"Leaving {before.name(lang)}, travel {where.to(lang)} {mode_phrase}{self.about(transfer)}.",
                f"Départ {before.from_(lang)} pour {where.name(lang)} {mode_phrase}{self.about(transfer)}.",
            ),
            self.place_description(stop),
        ]
        stay_item, stay_text = self.stay(stop)
        items.append(stay_item)
        # A short travel day leaves the afternoon or the evening for one visit.
        if transfer.duration_minutes is not None and transfer.duration_minutes <= 180:
            for act in self.pick_activities(stop, count=1, not_before=time(13, 0)):
                items.append(self.activity_item(stop, act))
                paragraphs.append(self.activity_paragraph(act))
        paragraphs.append(stay_text)
        title = self.t(
            f"{_capitalize(before.name(lang))} to {where.name(lang)}",
            _capitalize(f"{before.from_(lang)} {where.to(lang)}"),
        )
        return self.day(title, stop, paragraphs, _in_time_order(items))

    def full_day(self, stop: _Stop, day_index: int, days_left: int) -> Day:
        lang, where = self.lang, stop.where
        # Spread what the place offers over the days there.
        available = len(self.eligible_activities(stop))
        count = min(self.per_day, math.ceil(available / max(days_left, 1)))
        activities = self.pick_activities(stop, count=count)
        openers = [
            (f"A day to discover {where.name(lang)}.", f"Journée de découverte {where.at(lang)}."),
            (f"Another day {where.at(lang)}, at your own pace.", f"Nouvelle journée {where.at(lang)}, à votre rythme."),
            (f"{_capitalize(where.name(lang))}, continued.", f"{_capitalize(where.name(lang))}, suite de la découverte."),
        ]
        opener = self.t(*openers[day_index % len(openers)])
        if stop.place is None:
            opener = self.t(
                f"A day {where.at(lang)}: the programme is to be arranged with your travel designer.",
                f"Journée {where.at(lang)} : programme à composer avec votre conseiller.",
            )
        paragraphs = [opener]
        items: list[Item] = []
        for act in activities:
            paragraphs.append(self.activity_paragraph(act))
            items.append(self.activity_item(stop, act))
        if len(activities) == 1 and activities[0].start_time >= time(17, 0):
            paragraphs.insert(1, self.t(
                "The day is yours until the evening: wander, shop, or rest.",
                "La journée est libre jusqu'au soir : flâner, faire quelques achats ou se reposer.",
            ))
        elif len(activities) < 2:
            paragraphs.append(self.t(
                "The rest of the day is free: wander, shop, or rest before dinner.",
                "Le reste de la journée est libre : flâner, faire quelques achats ou se reposer avant le dîner.",
            ))
        label = stop.label(lang)
        if not activities:
            items.append(Item(
                kind=ItemKind.FREE_TIME, name=self.t("Free time", "Temps libre"), place=label, generated=True,
            ))
            title = self.t(f"{label}: free day", f"{label} : journée libre")
        else:
            title = self.t(f"{label}: {self.theme(activities)}", f"{label} : {self.theme(activities)}")
        return self.day(title, stop, paragraphs, _in_time_order(items))

    def departure_day(self, stop: _Stop) -> Day:
        lang, where = self.lang, stop.where
        items: list[Item] = []
        gateway = _nearest_gateway(stop, self.country)
        if gateway is not None and gateway is not stop.place:
            airport = _Stop.of_place(gateway, False)
            transfer, _ = self.transfer_item(stop, airport)
            items.append(transfer)
            leaving = self.t(
                f"Transfer to {airport.label(lang)} airport{self.about(transfer)} and return flight. End of our services.",
                f"Transfert vers l'aéroport {airport.where.from_(lang)}{self.about(transfer)} et vol retour. "
                "Fin de nos services.",
            )
            items.append(self.flight_item(airport.where, arriving=False))
        else:
            leaving = self.t(
                "Transfer to the airport and return flight. End of our services.",
                "Transfert vers l'aéroport et vol retour. Fin de nos services.",
            )
            items.append(self.flight_item(where, arriving=False))
        paragraphs = [
            self.t(
                f"Last morning {where.at(lang)}, free depending on your flight time.",
                f"Dernière matinée {where.at(lang)}, libre selon l'horaire de votre vol.",
            ),
            leaving,
        ]
        title = self.t(f"Departure {where.from_(lang)}", f"Départ {where.from_(lang)}")
        return self.day(title, stop, paragraphs, items)

    # -- pieces ---------------------------------------------------------------------------------

    def day(self, title: str, stop: _Stop, paragraphs: list[str], items: list[Item]) -> Day:
        return Day(
            date=None, title=title, base_place=stop.label(self.lang), text="\n\n".join(paragraphs),
            items=items, title_generated=True, text_generated=True,
        )

    def place_description(self, stop: _Stop) -> str:
        if stop.place:
            return stop.place.description.get(self.lang)
        return self.t(
            f"{stop.label('en')}: your travel designer will complete this stage with visits that suit you.",
            f"{stop.label('fr')} : votre conseiller complètera cette étape avec les visites qui vous ressemblent.",
        )

    def about(self, transfer: Item) -> str:
        if transfer.duration_minutes is None:
            return ""
        duration = _duration_text(transfer.duration_minutes)
        return self.t(f" (about {duration})", f" (environ {duration})")

    def flight_item(self, airport: _Where, *, arriving: bool) -> Item:
        lang = self.lang
        if arriving:
            name = self.t(f"International flight: arrival {airport.at(lang)}", f"Vol international : arrivée {airport.to(lang)}")
        else:
            name = self.t(f"International flight: departure {airport.from_(lang)}", f"Vol international : départ {airport.from_(lang)}")
        return Item(
            kind=ItemKind.FLIGHT, name=name, place=airport.label.get(lang),
            to_complete=True,  # flights are booked by the designer, never guessed
            generated=True,
        )

    def transfer_item(self, a: _Stop, b: _Stop) -> tuple[Item, str]:
        mode, minutes = _transfer_minutes(a, b, self.country)
        km = _km(a, b)
        if km is None or minutes is None:
            description = self.t("Distance unknown: to be completed.", "Distance inconnue : à compléter.")
        else:
            duration = _duration_text(minutes)
            description = self.t(
                f"About {km:.0f} km as the crow flies; estimated {duration} door to door, to be confirmed.",
                f"Environ {km:.0f} km à vol d'oiseau ; durée estimée {duration} de porte à porte, à confirmer.",
            )
        item = Item(
            kind=ItemKind.FLIGHT if mode == "flight" else ItemKind.TRANSFER,
            name=_MODE_NAMES[mode].get(self.lang).format(a=a.label(self.lang), b=b.label(self.lang)),
            place=b.label(self.lang),
            duration_minutes=minutes,
            description=description,
            to_complete=minutes is None or mode == "flight",  # flights are booked, never guessed
            generated=True,
        )
        return item, mode

    def stay(self, stop: _Stop) -> tuple[Item, str]:
        lang, nights = self.lang, stop.nights
        label = stop.label(lang)
        n_text = self.t(f"{nights} night" + ("s" if nights > 1 else ""), f"{nights} nuit" + ("s" if nights > 1 else ""))
        chosen = _choose_stay(stop.place, self.level, self.facts) if stop.place else None
        if chosen is None:
            item = Item(
                kind=ItemKind.STAY, name=self.t("Accommodation to complete", "Hébergement à compléter"),
                place=label, nights=nights, to_complete=True, generated=True,
            )
            return item, self.t(
                f"Accommodation for {n_text} {stop.where.at(lang)}, to be chosen by your travel designer.",
                f"Hébergement pour {n_text} {stop.where.at(lang)}, choisi par votre conseiller.",
            )
        stay_name = chosen.name.get(lang)
        item = Item(
            kind=ItemKind.STAY, name=stay_name, place=label, nights=nights, supplier=chosen.supplier,
            cost=chosen.cost, currency=chosen.currency,  # per room and night (the library's unit)
            address=chosen.address, phone=chosen.phone, generated=True,
        )
        # The category is an English data value: it stays out of the client's text.
        return item, self.t(
            f"Check-in for {n_text}: {stay_name} ({chosen.address}).",
            f"Installation pour {n_text} : {stay_name} ({chosen.address}).",
        )

    def eligible_activities(self, stop: _Stop, not_before: time | None = None) -> list[Activity]:
        if stop.place is None:
            return []
        return [
            a for a in stop.place.activities
            if (stop.place.id, a.name.en) not in self.used_activities
            and not (self.avoid_strenuous and "strenuous" in a.tags)
            and not self.disliked.intersection(a.tags)
            and (not_before is None or a.start_time >= not_before)
        ]

    def pick_activities(self, stop: _Stop, count: int, not_before: time | None = None) -> list[Activity]:
        """Best unused activities of the place for the interests; two never overlap in time."""
        interests = set(self.interests)
        pool = self.eligible_activities(stop, not_before)
        # Stable sort: on equal match, the library's order (signature activities first).
        pool.sort(key=lambda a: -len(interests & set(a.tags)))
        chosen: list[Activity] = []
        for act in pool:
            if len(chosen) == count:
                break
            if chosen and (sum(c.duration_minutes for c in chosen) + act.duration_minutes > 8 * 60
                           or any(_overlaps(act, c) for c in chosen)):
                continue
            chosen.append(act)
        for act in chosen:
            self.used_activities.add((stop.place.id, act.name.en))
        return sorted(chosen, key=lambda a: a.start_time)

    def activity_item(self, stop: _Stop, act: Activity) -> Item:
        return Item(
            kind=ItemKind.ACTIVITY, name=act.name.get(self.lang), place=stop.label(self.lang),
            start_time=act.start_time, end_time=_end_time(act), duration_minutes=act.duration_minutes,
            cost=act.cost, currency=act.currency,  # per person (the library's unit)
            description=act.description.get(self.lang), generated=True,
        )

    def activity_paragraph(self, act: Activity) -> str:
        hour = act.start_time.hour
        when = (
            self.t("In the morning", "Le matin") if hour < 12
            else self.t("In the afternoon", "L'après-midi") if hour < 17
            else self.t("In the evening", "En soirée")
        )
        # "Le matin — Name. Description": the name keeps its capital, whatever the language.
        name = act.name.get(self.lang).rstrip(".")
        return f"{when} — {name}. {act.description.get(self.lang)}"

    def theme(self, activities: list[Activity]) -> str:
        """Two tag labels for a day title, the client's interests first."""
        tags: list[str] = []
        for act in activities:
            for tag in act.tags:
                if tag in _TAG_LABELS and tag not in _NOT_A_THEME and tag not in tags:
                    tags.append(tag)
        chosen = sorted(tags, key=lambda t: (t not in self.interests, tags.index(t)))[:2]
        labels = [_TAG_LABELS[t][1 if self.lang == "fr" else 0] for t in chosen]
        return _join(labels, self.lang) if labels else self.t("discovery", "découverte")


def _in_time_order(items: list[Item]) -> list[Item]:
    """Transfers and stays first, in the order given; timed activities after, by start time."""
    untimed = [i for i in items if not i.start_time]
    timed = sorted((i for i in items if i.start_time), key=lambda i: i.start_time)
    return untimed + timed


def _end_time(act: Activity) -> time | None:
    end = datetime.combine(date(2000, 1, 1), act.start_time) + timedelta(minutes=act.duration_minutes)
    return end.time() if end.date() == date(2000, 1, 1) else None


def _overlaps(a: Activity, b: Activity) -> bool:
    def span(x: Activity) -> tuple[int, int]:
        start = x.start_time.hour * 60 + x.start_time.minute
        return start, start + x.duration_minutes

    (a0, a1), (b0, b1) = span(a), span(b)
    return a0 < b1 and b0 < a1


# ---------------------------------------------------------------------------------------------
# Stays and comfort


AGENCY_TAG = "agency"  # marks the stays an agency added to its own content library


def _comfort_level(facts: BriefFacts, nights: int, adults: int, children: int) -> str:
    """standard / superior / luxury from the lodging part of the budget per room and night.

    Without a budget, or in a currency we cannot roughly compare, the middle level.
    """
    budget = facts.budget
    rate = _APPROX_EUR_PER_UNIT.get(budget.currency) if budget else None
    if budget is None or rate is None or nights <= 0:
        return "superior"
    travellers = max(adults + children, 1)
    total = budget.amount * (travellers if budget.per == "person" else 1)
    rooms = max(1, math.ceil(travellers / 2))
    per_room_night = total * rate * LODGING_SHARE / nights / rooms
    level = sum(per_room_night >= threshold for threshold in _LEVEL_THRESHOLDS_EUR)
    return STAY_LEVELS[level]


def _choose_stay(place: Place, level: str, facts: BriefFacts) -> Stay | None:
    """The stay closest to the comfort level; accessibility first, then the brief's tastes."""
    if not place.stays:
        return None
    wanted = set(facts.interests)
    if facts.occasion == "honeymoon":
        wanted.add("romantic")
    if facts.children:
        wanted.add("family")
    need_access = "accessibility" in facts.constraints
    target = STAY_LEVELS.index(level)

    def score(indexed: tuple[int, Stay]) -> tuple:
        i, stay = indexed
        return (
            need_access and "accessible" in stay.tags,
            # The agency's own (contracted) stays before the starter library's suggestions.
            AGENCY_TAG in stay.tags,
            -abs(STAY_LEVELS.index(stay.level) - target),
            len(wanted & set(stay.tags)),
            -i,
        )

    return max(enumerate(place.stays), key=score)[1]


# ---------------------------------------------------------------------------------------------
# Trip-level texts


def _country_label(code: str | None) -> Localized:
    if not code:
        return Localized(en="Destination to be confirmed", fr="Destination à préciser")
    try:
        from babel import Locale

        return Localized(
            en=Locale("en").territories.get(code, code), fr=Locale("fr").territories.get(code, code)
        )
    except Exception:  # babel missing or odd code: the code is still better than nothing
        return Localized(en=code, fr=code)


def _trip_title(facts: BriefFacts, country: Country | None, code: str | None, lang: str,
                stops: list[_Stop], nights: int) -> str:
    # "Rome and the Amalfi Coast", "Marrakech, le désert d'Agafay et Essaouira"; a long route is
    # summed up by its length and start.
    names: list[str] = []
    for stop in stops:
        if stop.where.name(lang) not in names:
            names.append(stop.where.name(lang))
    if len(names) <= 4:
        route = _join(names, lang)
    else:
        route = _t(lang, f"{nights} nights {stops[0].where.from_(lang)}", f"{nights} nuits au départ {stops[0].where.from_(lang)}")
    if country is None:
        label = _country_label(code).get(lang)
        if not code:
            if not any(s.from_brief for s in stops):  # not even a place: say how long it is
                route = _t(lang, f"{nights} nights", f"{nights} nuits")
            return _t(lang, f"Tailor-made trip: {route}", f"Voyage sur mesure : {route}")
        return route if route == label else f"{label}{_t(lang, ':', ' :')} {route}"
    pattern = _OCCASIONS.get(facts.occasion or "", _DEFAULT_OCCASION)
    head = pattern.get(lang).format(country=country.name.en, fr_in=country.fr_in)
    return f"{head}{_t(lang, ':', ' :')} {route}"


def _practical_info(country: Country | None, code: str | None, lang: str) -> str:
    if country:
        return country.practical_info.get(lang)
    paragraphs = []
    currency = _currency_line(code, lang)
    if currency:
        paragraphs.append(currency)
    paragraphs.append(_t(
        lang,
        "To be completed by your travel designer: plugs and voltage, time zone, emergency numbers, "
        "and the entry formalities for each traveller's nationality.",
        "À compléter par votre conseiller : prises et tension, fuseau horaire, numéros d'urgence "
        "et formalités d'entrée selon la nationalité de chaque voyageur.",
    ))
    return "\n\n".join(paragraphs)


def _currency_line(code: str | None, lang: str) -> str:
    if not code:
        return ""
    try:
        from babel.numbers import get_currency_name, get_territory_currencies

        currencies = get_territory_currencies(code)
        if not currencies:
            return ""
        name = get_currency_name(currencies[0], locale=lang)
        return _t(lang, f"Currency: {name} ({currencies[0]}).", f"Monnaie : {name} ({currencies[0]}).")
    except Exception:  # unknown territory for babel
        return ""
