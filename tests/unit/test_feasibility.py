"""The feasibility checker: for each rule, a trip where it must fire and one where it must not."""

from __future__ import annotations

from datetime import date, time, timedelta
from decimal import Decimal

import pytest

from cocohop.domain.brief import BriefFacts, Budget
from cocohop.domain.feasibility import FeasibilityConfig, Finding, check_budget, check_trip
from cocohop.domain.generator import generate_trip
from cocohop.domain.itinerary import Day, Item, ItemKind, Trip
from cocohop.domain.regenerate import stop_runs

START = date(2027, 4, 4)


def make_trip(*days: Day, adults: int = 2, children: int = 0, country: str = "JP", dated: bool = True) -> Trip:
    for offset, day in enumerate(days):
        if dated and day.date is None:
            day.date = START + timedelta(days=offset)
    return Trip(title="Test", country=country, start=START, end=START + timedelta(days=len(days) - 1),
                adults=adults, children=children, days=list(days))


def day(base: str = "Tokyo", *items: Item, when: date | None = None) -> Day:
    return Day(date=when, title=base, base_place=base, items=list(items))


def stay(nights: int | None, name: str = "Hotel", place: str = "", **fields) -> Item:
    return Item(kind=ItemKind.STAY, name=name, nights=nights, place=place, **fields)


def act(name: str, start: time | None = None, minutes: int | None = None, place: str = "", end: time | None = None) -> Item:
    return Item(kind=ItemKind.ACTIVITY, name=name, place=place, start_time=start, duration_minutes=minutes, end_time=end)


def transfer(minutes: int | None, start: time | None = None, end: time | None = None) -> Item:
    return Item(kind=ItemKind.TRANSFER, name="Transfer", duration_minutes=minutes, start_time=start, end_time=end)


def flight(start: time | None = None, minutes: int | None = None, name: str = "Flight") -> Item:
    return Item(kind=ItemKind.FLIGHT, name=name, start_time=start, duration_minutes=minutes)


def codes(trip: Trip, **options) -> list[tuple[int | None, str]]:
    return [(f.day_index, f.code) for f in check_trip(trip, **options)]


def covered(*days: Day) -> Trip:
    """A trip whose nights all have a stay, so that only the rule under test speaks."""
    trip = make_trip(*days)
    if not any(i.kind == ItemKind.STAY for d in trip.days for i in d.items):
        last = len(trip.days) - 1
        for first, end in stop_runs(trip):
            nights = min(end + 1, last) - first
            if nights > 0:
                trip.days[first].items.insert(0, stay(nights, place=trip.days[first].base_place))
    return trip


# --- distance from the day's base -----------------------------------------------------------------


def test_a_place_far_from_the_days_base_is_flagged():
    trip = covered(day("Tokyo"), day("Tokyo", act("Fushimi Inari", time(9), 120, place="Kyoto")), day("Tokyo"))
    findings = check_trip(trip)
    assert [(f.day_index, f.code, f.severity) for f in findings] == [(1, "far_from_base", "warning")]
    assert "Kyoto" in findings[0].message("en") and "km" in findings[0].message("fr")


def test_a_place_near_the_base_or_unknown_is_not():
    trip = covered(day("Tokyo"), day("Tokyo", act("Open-air museum", time(9), 120, place="Hakone"),
                                     act("Somewhere", time(14), 60, place="Nowhere-on-earth")), day("Tokyo"))
    assert codes(trip) == []
    assert codes(trip, config=FeasibilityConfig(max_km_from_base=50)) == [(1, "far_from_base")]


def test_transfers_are_not_measured_from_the_base():
    trip = covered(day("Kyoto"), day("Kyoto", Item(kind=ItemKind.TRANSFER, name="To Osaka airport", place="Osaka")))
    assert codes(trip) == []


# --- transfers ----------------------------------------------------------------------------------


def test_transfers_longer_than_a_day_allows_are_flagged():
    trip = covered(day("Tokyo"), day("Kyoto", transfer(6 * 60), transfer(5 * 60)), day("Kyoto"))
    assert codes(trip) == [(1, "transfers_too_long")]


def test_a_domestic_flight_counts_but_not_the_international_ones():
    trip = covered(day("Tokyo", flight(minutes=13 * 60)), day("Sapporo", flight(minutes=8 * 60), transfer(3 * 60)),
                   day("Sapporo", flight(minutes=13 * 60)))
    assert codes(trip) == [(1, "transfers_too_long")]


def test_transfers_within_the_day_are_fine():
    trip = covered(day("Tokyo"), day("Kyoto", transfer(4 * 60), transfer(3 * 60)), day("Kyoto"))
    assert codes(trip) == []


@pytest.mark.parametrize("item", [transfer(150, start=time(21)), transfer(None, start=time(22, 30), end=time(1))],
                         ids=["after-23h", "past-midnight"])
def test_a_transfer_that_ends_late_is_flagged(item):
    trip = covered(day("Tokyo"), day("Kyoto", item), day("Kyoto"))
    assert codes(trip) == [(1, "transfer_ends_late")]


def test_a_transfer_that_ends_by_23h_is_fine():
    trip = covered(day("Tokyo"), day("Kyoto", transfer(120, start=time(20))), day("Kyoto"))
    assert codes(trip) == []


# --- stays and nights ----------------------------------------------------------------------------


def test_a_stay_whose_base_changes_before_checkout_is_flagged():
    trip = make_trip(day("Tokyo", stay(3)), day("Tokyo"), day("Kyoto", stay(1)), day("Kyoto"))
    assert ("stay_moves_early" in [c for _, c in codes(trip)])
    (finding,) = [f for f in check_trip(trip) if f.code == "stay_moves_early"]
    assert finding.day_index == 0 and "day 3" in finding.message("en") and "jour 3" in finding.message("fr")


def test_stays_that_match_the_nights_are_fine():
    trip = make_trip(day("Tokyo", stay(2)), day("Tokyo"), day("Kyoto", stay(1)), day("Kyoto"))
    assert codes(trip) == []


def test_a_stay_past_the_trips_last_night_is_flagged():
    trip = make_trip(day("Tokyo", stay(1)), day("Tokyo", stay(3)), day("Tokyo"), day("Tokyo"))
    assert codes(trip) == [(1, "stay_beyond_end")]
    assert check_trip(trip)[0].severity == "error"


def test_a_night_without_a_stay_is_flagged():
    trip = make_trip(day("Tokyo", stay(1)), day("Tokyo"), day("Tokyo", stay(1)), day("Tokyo"))
    assert codes(trip) == [(1, "night_without_stay")]


def test_a_trip_without_any_stay_says_nothing_about_nights():
    assert codes(make_trip(day("Tokyo"), day("Tokyo"), day("Tokyo"))) == []


def test_two_stays_on_one_night_are_flagged():
    trip = make_trip(day("Tokyo", stay(2)), day("Tokyo", stay(1, name="Other hotel")), day("Tokyo"))
    assert codes(trip) == [(1, "stays_overlap")]


# --- arrival and departure ----------------------------------------------------------------------


def test_something_before_the_arrival_flight_lands_is_flagged():
    trip = covered(day("Tokyo", flight(time(14), 120), act("Market", time(15), 60)), day("Tokyo"))
    findings = check_trip(trip)
    assert [(f.day_index, f.code) for f in findings] == [(0, "before_arrival")]
    assert "16:00" in findings[0].message("en")


def test_something_after_landing_is_fine():
    trip = covered(day("Tokyo", flight(time(14), 120), act("Dinner walk", time(18), 90)), day("Tokyo"))
    assert codes(trip) == []


def test_something_still_going_when_the_departure_flight_leaves_is_flagged():
    trip = covered(day("Tokyo"), day("Tokyo", act("Temple", time(10), 180), flight(time(12, 0))))
    assert codes(trip) == [(1, "after_departure")]


def test_something_that_ends_before_the_departure_flight_is_fine():
    trip = covered(day("Tokyo"), day("Tokyo", act("Temple", time(8), 120), flight(time(12, 0))))
    assert codes(trip) == []


def test_days_dated_outside_the_trip_are_flagged():
    trip = covered(day("Tokyo"), day("Tokyo"), day("Tokyo"))
    trip.days[0].date = START - timedelta(days=1)
    trip.days[2].date = trip.end + timedelta(days=1)
    assert codes(trip) == [(0, "before_arrival"), (2, "after_departure")]


def test_an_undated_day_beyond_the_trips_nights_is_flagged():
    trip = covered(day("Tokyo"), day("Tokyo"), day("Tokyo"))
    trip.days.append(Day(date=None, title="Extra", base_place="Tokyo"))
    assert (3, "after_departure") in codes(trip)


# --- overlaps -----------------------------------------------------------------------------------


def test_overlapping_timed_items_are_flagged():
    trip = covered(day("Tokyo"), day("Tokyo", act("Museum", time(9), end=time(12)), act("Lunch", time(11), 60)), day("Tokyo"))
    findings = check_trip(trip)
    assert [(f.day_index, f.code) for f in findings] == [(1, "items_overlap")]
    assert "09:00-12:00" in findings[0].message("en")


def test_items_one_after_the_other_are_fine():
    trip = covered(day("Tokyo"), day("Tokyo", act("Museum", time(9), end=time(11)), act("Lunch", time(11), 60),
                                    act("Untimed stroll")), day("Tokyo"))
    assert codes(trip) == []


# --- rooms --------------------------------------------------------------------------------------


def test_a_party_larger_than_the_rooms_is_flagged():
    trip = make_trip(day("Tokyo", stay(2, rooms=2)), day("Tokyo"), day("Tokyo"), adults=4, children=1)
    findings = check_trip(trip)
    assert [(f.day_index, f.code, f.severity) for f in findings] == [(0, "rooms_too_small", "error")]
    assert "5" in findings[0].message("en") and "4" in findings[0].message("fr")


@pytest.mark.parametrize("fields", [{"rooms": 2, "room_capacity": 3}, {"rooms": 3}, {}],
                         ids=["family-rooms", "enough-doubles", "rooms-unknown"])
def test_enough_rooms_or_unknown_rooms_are_fine(fields):
    trip = make_trip(day("Tokyo", stay(2, **fields)), day("Tokyo"), day("Tokyo"), adults=4, children=1)
    assert codes(trip) == []


# --- budget -------------------------------------------------------------------------------------

BUDGET = Budget(amount=Decimal("9000"), currency="EUR", per="party")


def test_a_price_over_the_budget_by_more_than_10_percent_is_flagged():
    trip = make_trip(day("Tokyo"), day("Tokyo"))
    facts = BriefFacts(budget=BUDGET)
    findings = check_trip(trip, facts=facts, price_total=Decimal("10000.01"), price_currency="EUR")
    assert [(f.day_index, f.code, f.severity) for f in findings] == [(None, "over_budget", "warning")]
    assert "11 %" in findings[0].message("en") and "9 000,00" in findings[0].message("fr").replace("\u202f", " ")


def test_a_price_far_under_the_budget_is_worth_knowing():
    finding = check_budget(Decimal("7000"), "EUR", BUDGET, party=2)
    assert finding is not None and (finding.code, finding.severity) == ("under_budget", "info")


@pytest.mark.parametrize("price, currency, budget", [
    (Decimal("9900"), "EUR", BUDGET),  # exactly 10 % over
    (Decimal("8100"), "EUR", BUDGET),  # 10 % under
    (Decimal("9500"), "EUR", Budget(amount=Decimal("4500"), currency="EUR", per="person")),  # 9000 for two
    (Decimal("20000"), "USD", BUDGET),  # another currency: no conversion, no finding
], ids=["10-percent-over", "10-percent-under", "per-person", "other-currency"])
def test_a_price_within_10_percent_or_in_another_currency_is_not_flagged(price, currency, budget):
    assert check_budget(price, currency, budget, party=2) is None


def test_no_price_or_no_budget_no_budget_finding():
    trip = make_trip(day("Tokyo"), day("Tokyo"))
    assert codes(trip, facts=BriefFacts(budget=BUDGET)) == []
    assert codes(trip, price_total=Decimal("1")) == []


# --- whole trips --------------------------------------------------------------------------------


def test_generated_trips_of_the_shared_briefs_are_feasible():
    from tests.unit.test_generator import BRIEFS, facts_from_expect

    for brief in BRIEFS:
        trip = generate_trip(facts_from_expect(brief))
        assert check_trip(trip) == [], brief["id"]


def test_findings_come_trip_first_then_by_day_and_speak_both_languages():
    trip = make_trip(day("Tokyo", stay(5)), day("Tokyo", act("A", time(9), 60), act("B", time(9), 60)), day("Tokyo"))
    findings = check_trip(trip, budget=BUDGET, price_total=Decimal("20000"))
    assert [(f.day_index, f.code) for f in findings] == [(None, "over_budget"), (0, "stay_beyond_end"),
                                                         (1, "items_overlap")]
    assert all(isinstance(f, Finding) and f.message("fr") != f.message("en") for f in findings)
