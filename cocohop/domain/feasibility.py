"""The feasibility checker: what makes a trip impossible or uncomfortable, on any trip,
generated or made by hand.

Each rule returns findings: the day they concern (index in ``trip.days``, None for the whole
trip), a rule code, a severity ("error": the trip cannot work as written; "warning": a person
should look; "info": worth knowing) and a message in French and in English. Rules only read
what the trip states; a fact it does not state (no coordinates, no times, no room count) gives
no finding.

=======================  ========  ===================================================================
code                     severity  fires when
=======================  ========  ===================================================================
far_from_base            warning   a stay, activity, meal or free time's place is more than
                                   ``max_km_from_base`` (150 km) from the day's base place
                                   (coordinates: the content library, else GeoNames towns)
transfers_too_long       warning   a day's transfers (plus domestic flights: flights on a day that is
                                   neither the first nor the last) add up to more than
                                   ``max_transfer_minutes`` (10 h)
transfer_ends_late       warning   a timed transfer ends after ``latest_transfer_end`` (23:00) or
                                   after midnight
stay_moves_early         warning   a stay of N nights, but the base place changes before the N nights
                                   are over (check-out does not match the nights)
stay_beyond_end          error     a stay's nights run past the trip's last night
night_without_stay       warning   a night of the trip no stay covers (only on trips with stays)
stays_overlap            warning   two stays cover the same night
before_arrival           error     a day dated before the trip's start, or a timed item on the first
                                   day that starts before the arrival flight lands
after_departure          error     a day after the trip's end (by date, or beyond the trip's nights),
                                   or a timed item on the last day that ends after the departure
                                   flight leaves
items_overlap            warning   two timed items of a day overlap (start-end, or start+duration);
                                   stays, and flights on the first and last days, are left out
rooms_too_small          error     a stay's rooms (``Item.rooms``) sleep fewer than the party: rooms x
                                   ``Item.room_capacity`` (2 when not stated)
over_budget              warning   the price is more than ``budget_tolerance`` (10 %) over the brief's
                                   budget (only when both are in the same currency)
under_budget             info      the price is more than 10 % under it
=======================  ========  ===================================================================

Plain Python: no web framework, database or language-model client here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import time
from decimal import Decimal

from cocohop.domain.brief import BriefFacts, Budget
from cocohop.domain.generator import haversine_km
from cocohop.domain.itinerary import Day, Item, ItemKind, Trip
from cocohop.library.loader import DEFAULT_LIBRARY, ContentLibrary, geocode_town, normalize_name

SEVERITIES = ("error", "warning", "info")


@dataclass(frozen=True)
class Finding:
    day_index: int | None  # None: the whole trip
    code: str
    severity: str  # "error", "warning" or "info"
    message_en: str
    message_fr: str

    def message(self, lang: str = "en") -> str:
        return self.message_fr if lang == "fr" else self.message_en


@dataclass(frozen=True)
class FeasibilityConfig:
    max_km_from_base: float = 150.0
    max_transfer_minutes: int = 10 * 60
    latest_transfer_end: time = time(23, 0)
    default_room_capacity: int = 2
    budget_tolerance: Decimal = Decimal("0.10")


def check_trip(
    trip: Trip,
    *,
    facts: BriefFacts | None = None,
    budget: Budget | None = None,
    price_total: Decimal | None = None,
    price_currency: str | None = None,
    library: ContentLibrary | None = None,
    config: FeasibilityConfig | None = None,
) -> list[Finding]:
    """Every finding on the trip, the trip-wide ones first, then by day.

    ``budget`` defaults to ``facts.budget``; the budget rule runs when a budget and
    ``price_total`` (with ``price_currency``, default the trip's currency) are given.
    """
    config = config or FeasibilityConfig()
    library = library or DEFAULT_LIBRARY
    findings: list[Finding] = []
    findings += check_distances(trip, library, config)
    findings += check_transfers(trip, config)
    findings += check_stays(trip)
    findings += check_arrival_and_departure(trip)
    findings += check_overlaps(trip)
    findings += check_rooms(trip, config)
    budget = budget or (facts.budget if facts else None)
    if budget is not None and price_total is not None:
        finding = check_budget(price_total, price_currency or trip.currency, budget, trip.adults + trip.children,
                               config)
        if finding:
            findings.append(finding)
    order = {s: n for n, s in enumerate(SEVERITIES)}
    return sorted(findings, key=lambda f: (f.day_index is not None, f.day_index or 0, order[f.severity]))


# ---------------------------------------------------------------------------------------------
# Time helpers: minutes since the day's midnight


def _minutes(t: time) -> int:
    return t.hour * 60 + t.minute


def _span(item: Item) -> tuple[int, int] | None:
    """(start, end) in minutes from the day's midnight; end past 1440 when it ends the next
    day; end == start when only a start is known. None for an untimed item."""
    if item.start_time is None:
        return None
    start = _minutes(item.start_time)
    if item.end_time is not None:
        end = _minutes(item.end_time)
        return start, end if end >= start else end + 24 * 60
    if item.duration_minutes:
        return start, start + item.duration_minutes
    return start, start


def _clock(minutes: int) -> str:
    minutes %= 24 * 60
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _duration(minutes: int) -> str:
    hours, mins = divmod(minutes, 60)
    return f"{hours} h {mins:02d}" if mins else f"{hours} h"


def _name(item: Item) -> str:
    return item.name.strip() or item.kind.value


# ---------------------------------------------------------------------------------------------
# Distances


def check_distances(trip: Trip, library: ContentLibrary, config: FeasibilityConfig) -> list[Finding]:
    where = _Locator(trip.country, library)
    findings: list[Finding] = []
    for index, day in enumerate(trip.days):
        base = where(day.base_place)
        if base is None:
            continue
        for item in day.items:
            if item.kind not in (ItemKind.STAY, ItemKind.ACTIVITY, ItemKind.MEAL, ItemKind.FREE_TIME):
                continue
            if not item.place.strip() or normalize_name(item.place) == normalize_name(day.base_place):
                continue
            spot = where(item.place)
            if spot is None:
                continue
            km = haversine_km(*base, *spot)
            if km > config.max_km_from_base:
                findings.append(Finding(
                    index, "far_from_base", "warning",
                    f"{_name(item)} is in {item.place}, about {km:.0f} km from {day.base_place}, "
                    f"the day's base (more than {config.max_km_from_base:.0f} km).",
                    f"{_name(item)} est à {item.place}, à environ {km:.0f} km de {day.base_place}, "
                    f"la base du jour (plus de {config.max_km_from_base:.0f} km).",
                ))
    return findings


class _Locator:
    """Coordinates of a place name in the trip's country: the library, else GeoNames towns."""

    def __init__(self, country: str | None, library: ContentLibrary):
        self.country = (country or "").upper() or None
        self.library = library
        self.cache: dict[str, tuple[float, float] | None] = {}

    def __call__(self, name: str) -> tuple[float, float] | None:
        key = normalize_name(name)
        if not key or not self.country:
            return None
        if key not in self.cache:
            place = self.library.find_place(name, self.country) if self.library.has_country(self.country) else None
            if place is not None:
                self.cache[key] = (place.lat, place.lon)
            else:
                town = geocode_town(name, self.country)
                self.cache[key] = (town.lat, town.lon) if town else None
        return self.cache[key]


# ---------------------------------------------------------------------------------------------
# Transfers


def check_transfers(trip: Trip, config: FeasibilityConfig) -> list[Finding]:
    findings: list[Finding] = []
    last = len(trip.days) - 1
    latest = _minutes(config.latest_transfer_end)
    for index, day in enumerate(trip.days):
        moving = [
            i for i in day.items
            if i.kind == ItemKind.TRANSFER or (i.kind == ItemKind.FLIGHT and 0 < index < last)
        ]
        total = sum(i.duration_minutes or 0 for i in moving)
        if not total:
            spans = [_span(i) for i in moving]
            total = sum(s[1] - s[0] for s in spans if s)
        if total > config.max_transfer_minutes:
            findings.append(Finding(
                index, "transfers_too_long", "warning",
                f"About {_duration(total)} of transfers on this day: more than the "
                f"{_duration(config.max_transfer_minutes)} a day allows.",
                f"Environ {_duration(total)} de trajets ce jour-là : plus que les "
                f"{_duration(config.max_transfer_minutes)} qu'une journée permet.",
            ))
        for item in day.items:
            if item.kind != ItemKind.TRANSFER:
                continue
            span = _span(item)
            if span and span[1] > latest:
                findings.append(Finding(
                    index, "transfer_ends_late", "warning",
                    f"{_name(item)} ends at about {_clock(span[1])}, after {_clock(latest)}.",
                    f"{_name(item)} se termine vers {_clock(span[1])}, après {_clock(latest)}.",
                ))
    return findings


# ---------------------------------------------------------------------------------------------
# Stays and nights


def _trip_nights(trip: Trip) -> int:
    if trip.start and trip.end:
        return (trip.end - trip.start).days
    return max(len(trip.days) - 1, 0)


def check_stays(trip: Trip) -> list[Finding]:
    findings: list[Finding] = []
    nights = _trip_nights(trip)
    covered: list[list[tuple[int, Item]]] = [[] for _ in range(max(nights, len(trip.days)))]
    any_stay = False
    for index, day in enumerate(trip.days):
        for item in day.items:
            if item.kind != ItemKind.STAY:
                continue
            any_stay = True
            booked = item.nights if item.nights is not None else 1
            if booked <= 0:
                continue
            for night in range(index, min(index + booked, len(covered))):
                covered[night].append((index, item))
            if index + booked > nights:
                findings.append(Finding(
                    index, "stay_beyond_end", "error",
                    f"{_name(item)}: {booked} night(s) from day {index + 1} run past the trip's last night "
                    f"(night of day {nights}).",
                    f"{_name(item)} : {booked} nuit(s) à partir du jour {index + 1} dépassent la dernière nuit "
                    f"du voyage (nuit du jour {nights}).",
                ))
            stay_place = day.base_place or item.place
            for later in range(index + 1, min(index + booked, nights, len(trip.days))):
                other = trip.days[later].base_place
                if other.strip() and stay_place.strip() and normalize_name(other) != normalize_name(stay_place):
                    findings.append(Finding(
                        index, "stay_moves_early", "warning",
                        f"{_name(item)} is booked for {booked} nights, but day {later + 1} is based in {other}: "
                        f"check-out and nights do not match.",
                        f"{_name(item)} est réservé pour {booked} nuits, mais le jour {later + 1} est basé à "
                        f"{other} : le départ ne correspond pas aux nuits.",
                    ))
                    break
    if not any_stay:
        return findings
    night = 0
    while night < nights:
        if covered[night]:
            if len(covered[night]) > 1:
                names = ", ".join(_name(item) for _, item in covered[night])
                findings.append(Finding(
                    night, "stays_overlap", "warning",
                    f"Two stays cover the night of day {night + 1}: {names}.",
                    f"Deux hébergements couvrent la nuit du jour {night + 1} : {names}.",
                ))
            night += 1
            continue
        first = night
        while night < nights and not covered[night]:
            night += 1
        if night - first == 1:
            en, fr = f"No stay for the night of day {first + 1}.", f"Aucun hébergement pour la nuit du jour {first + 1}."
        else:
            en = f"No stay for the nights of days {first + 1} to {night}."
            fr = f"Aucun hébergement pour les nuits des jours {first + 1} à {night}."
        findings.append(Finding(first, "night_without_stay", "warning", en, fr))
    return findings


# ---------------------------------------------------------------------------------------------
# Arrival and departure


def check_arrival_and_departure(trip: Trip) -> list[Finding]:
    findings: list[Finding] = []
    nights = _trip_nights(trip)
    for index, day in enumerate(trip.days):
        if day.date and trip.start and day.date < trip.start:
            findings.append(Finding(
                index, "before_arrival", "error",
                f"Day {index + 1} is dated {day.date.isoformat()}, before the trip starts ({trip.start.isoformat()}).",
                f"Le jour {index + 1} est daté du {day.date.isoformat()}, avant le début du voyage "
                f"({trip.start.isoformat()}).",
            ))
        elif day.date and trip.end and day.date > trip.end:
            findings.append(Finding(
                index, "after_departure", "error",
                f"Day {index + 1} is dated {day.date.isoformat()}, after the trip ends ({trip.end.isoformat()}).",
                f"Le jour {index + 1} est daté du {day.date.isoformat()}, après la fin du voyage "
                f"({trip.end.isoformat()}).",
            ))
        elif trip.start and trip.end and day.date is None and index > nights:
            findings.append(Finding(
                index, "after_departure", "error",
                f"Day {index + 1} comes after the last day of a {nights}-night trip.",
                f"Le jour {index + 1} vient après le dernier jour d'un voyage de {nights} nuits.",
            ))
    if trip.days:
        findings += _before_arrival_flight(trip.days[0])
        if len(trip.days) > 1 or len(_flights(trip.days[-1])) > 1:
            findings += _after_departure_flight(trip.days[-1], len(trip.days) - 1)
    return findings


def _flights(day: Day) -> list[Item]:
    return [i for i in day.items if i.kind == ItemKind.FLIGHT and i.start_time is not None]


def _before_arrival_flight(day: Day) -> list[Finding]:
    flights = _flights(day)
    if not flights:
        return []
    arrival = flights[0]
    landed = _span(arrival)[1]
    findings = []
    for item in day.items:
        span = _span(item)
        if item is arrival or span is None:
            continue
        if span[0] < landed:
            findings.append(Finding(
                0, "before_arrival", "error",
                f"{_name(item)} starts at {_clock(span[0])}, before the arrival flight lands ({_clock(landed)}).",
                f"{_name(item)} commence à {_clock(span[0])}, avant l'atterrissage du vol d'arrivée "
                f"({_clock(landed)}).",
            ))
    return findings


def _after_departure_flight(day: Day, index: int) -> list[Finding]:
    flights = _flights(day)
    if not flights:
        return []
    departure = flights[-1]
    leaves = _span(departure)[0]
    findings = []
    for item in day.items:
        span = _span(item)
        if item is departure or span is None:
            continue
        if span[1] > leaves or span[0] >= leaves:
            findings.append(Finding(
                index, "after_departure", "error",
                f"{_name(item)} ({_clock(span[0])}-{_clock(span[1])}) is still going when the departure flight "
                f"leaves at {_clock(leaves)}.",
                f"{_name(item)} ({_clock(span[0])}-{_clock(span[1])}) n'est pas terminé au départ du vol "
                f"retour à {_clock(leaves)}.",
            ))
    return findings


# ---------------------------------------------------------------------------------------------
# Overlaps


def check_overlaps(trip: Trip) -> list[Finding]:
    findings: list[Finding] = []
    last = len(trip.days) - 1
    for index, day in enumerate(trip.days):
        # The arrival and departure flights have their own rules (before_arrival, after_departure).
        skip = (ItemKind.STAY, ItemKind.FLIGHT) if index in (0, last) else (ItemKind.STAY,)
        timed = [(i, s) for i in day.items if i.kind not in skip and (s := _span(i)) and s[1] > s[0]]
        for n, (a, (a0, a1)) in enumerate(timed):
            for b, (b0, b1) in timed[n + 1:]:
                if a0 < b1 and b0 < a1:
                    findings.append(Finding(
                        index, "items_overlap", "warning",
                        f"{_name(a)} ({_clock(a0)}-{_clock(a1)}) and {_name(b)} ({_clock(b0)}-{_clock(b1)}) overlap.",
                        f"{_name(a)} ({_clock(a0)}-{_clock(a1)}) et {_name(b)} ({_clock(b0)}-{_clock(b1)}) "
                        "se chevauchent.",
                    ))
    return findings


# ---------------------------------------------------------------------------------------------
# Rooms


def check_rooms(trip: Trip, config: FeasibilityConfig) -> list[Finding]:
    party = trip.adults + trip.children
    findings: list[Finding] = []
    for index, day in enumerate(trip.days):
        for item in day.items:
            if item.kind != ItemKind.STAY or item.rooms is None:
                continue
            per_room = item.room_capacity or config.default_room_capacity
            beds = item.rooms * per_room
            if party > beds:
                findings.append(Finding(
                    index, "rooms_too_small", "error",
                    f"{_name(item)}: {item.rooms} room(s) for {per_room} sleep {beds}, but the party is {party}.",
                    f"{_name(item)} : {item.rooms} chambre(s) pour {per_room} couchent {beds} personnes, "
                    f"mais le groupe en compte {party}.",
                ))
    return findings


# ---------------------------------------------------------------------------------------------
# Budget


def check_budget(price_total: Decimal, price_currency: str, budget: Budget, party: int,
                 config: FeasibilityConfig | None = None) -> Finding | None:
    """The price against the brief's budget (for the party: a budget per person counts every
    traveller). Different currencies: no finding (no conversion here)."""
    config = config or FeasibilityConfig()
    if price_currency.upper() != budget.currency.upper() or budget.amount <= 0:
        return None
    total = budget.amount * (max(party, 1) if budget.per == "person" else 1)
    gap = (price_total - total) / total
    if abs(gap) <= config.budget_tolerance:
        return None
    money: Callable[[Decimal, str], str] = lambda amount, lang: _money(amount, budget.currency, lang)  # noqa: E731
    pct = f"{abs(gap) * 100:.0f}"
    if gap > 0:
        return Finding(
            None, "over_budget", "warning",
            f"The price, {money(price_total, 'en')}, is {pct} % over the client's budget of {money(total, 'en')}.",
            f"Le prix, {money(price_total, 'fr')}, dépasse de {pct} % le budget du client, {money(total, 'fr')}.",
        )
    return Finding(
        None, "under_budget", "info",
        f"The price, {money(price_total, 'en')}, is {pct} % under the client's budget of {money(total, 'en')}.",
        f"Le prix, {money(price_total, 'fr')}, est {pct} % sous le budget du client, {money(total, 'fr')}.",
    )


def _money(amount: Decimal, currency: str, lang: str) -> str:
    try:
        from babel.numbers import format_currency

        return format_currency(amount, currency, locale="fr_FR" if lang == "fr" else "en_GB")
    except Exception:  # an odd currency code: still readable
        return f"{amount:.2f} {currency}"
