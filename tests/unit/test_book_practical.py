"""Practical information computed from data that packages ship, and how the book says it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from cocohop.book.practical import (
    EmergencyNumber,
    PlacePoint,
    PowerFacts,
    power_source,
    practical_facts,
)
from cocohop.book.view import _practical_view, format_money
from cocohop.book.branding import Branding
from cocohop.domain.itinerary import RouteStop, Trip

APRIL = (date(2027, 4, 17), date(2027, 5, 2))


def test_japan_in_april_2027():
    facts = practical_facts("JP", *APRIL, [PlacePoint("Tokyo", 35.68, 139.69)], lang="fr")
    assert facts.currency.code == "JPY" and facts.currency.home == "EUR"
    assert facts.currency.rate > 100 and facts.currency.rate_date is not None
    [zone] = facts.zones
    assert zone.zone == "Asia/Tokyo" and zone.offset_start == zone.offset_end == 7 * 60  # Paris on summer time
    holidays = {h.day: h.name for h in facts.holidays}
    assert holidays[date(2027, 4, 29)] == "Showa Day"  # Shōwa no hi
    assert date(2027, 5, 3) not in holidays  # Constitution Day: after the trip
    assert facts.emergency == (EmergencyNumber("110", "police"), EmergencyNumber("119", "fire_ambulance"))
    assert facts.power == PowerFacts(("A", "B"), (100,), (50, 60))
    assert {"ecb", "tz", "holidays", "phonenumbers", "plugs"} <= set(facts.sources)


def test_japan_as_the_book_prints_it():
    trip = Trip(title="Japon", country="JP", lang="fr", start=APRIL[0], end=APRIL[1],
                route=[RouteStop("Tokyo", 15, 35.68, 139.69)])
    view = _practical_view(trip, Branding(), "fr", "Japon", has_map=True)
    rows = {row["label"]: " | ".join(row["lines"]) for row in view["rows"]}
    assert rows["Monnaie"] == "Yen japonais (JPY)"
    assert rows["Taux de change"].startswith("1,00\u00a0€ = ") and "taux de référence BCE du" in rows["Taux de change"]
    assert rows["Décalage horaire"] == "Tokyo\u00a0: +7 h par rapport à Paris"
    assert rows["Jours fériés pendant le voyage"] == "jeudi 29 avril\u00a0: Showa Day"
    assert rows["Numéros d'urgence"] == "110\u00a0: Police | 119\u00a0: Pompiers et ambulances"
    assert rows["Électricité"].startswith("Prises A et B · 100 V · 50/60 Hz | Adaptateur nécessaire")
    assert "GeoNames" not in view["sources"]  # one zone: no place lookup needed
    assert "Natural Earth" in view["sources"]


def test_missing_rate_is_said_not_guessed():
    facts = practical_facts("MA", date(2027, 7, 28), date(2027, 8, 5), lang="fr")
    assert facts.currency.code == "MAD" and facts.currency.rate is None
    trip = Trip(title="Maroc", country="MA", lang="fr", start=date(2027, 7, 28), end=date(2027, 8, 5))
    rows = {row["label"]: row for row in _practical_view(trip, Branding(), "fr", "Maroc", False)["rows"]}
    assert rows["Taux de change"]["missing"]
    assert "non disponible hors ligne" in rows["Taux de change"]["lines"][0]
    # The holidays package speaks French for Morocco.
    assert facts.holidays_language == "fr"
    assert {h.day: h.name for h in facts.holidays}[date(2027, 7, 30)] == "Fête du Trône"
    assert [e.number for e in facts.emergency] == ["19", "177", "15"]


def test_time_difference_changes_when_paris_leaves_summer_time():
    facts = practical_facts("JP", date(2027, 10, 20), date(2027, 11, 3), lang="en")
    [zone] = facts.zones
    assert (zone.offset_start, zone.offset_end) == (7 * 60, 8 * 60)
    assert zone.change_date == date(2027, 10, 31)
    trip = Trip(title="Japan", country="JP", lang="en", start=date(2027, 10, 20), end=date(2027, 11, 3))
    rows = {row["label"]: row["lines"] for row in _practical_view(trip, Branding(), "en", "Japan", False)["rows"]}
    assert rows["Time difference"] == ["Tokyo: +7 h from Paris until 30 October, then +8 h"]


def test_countries_with_several_zones_use_the_places_of_the_route():
    places = [PlacePoint("Lisbonne", 38.72, -9.14), PlacePoint("Ponta Delgada", 37.74, -25.68),
              PlacePoint("Vallée des baleines", 37.9, -25.4)]  # not a town: nearest one
    facts = practical_facts("PT", date(2027, 6, 1), date(2027, 6, 10), places, lang="fr")
    zones = {z.zone: (z.places, z.offset_start) for z in facts.zones}
    assert zones["Europe/Lisbon"] == (("Lisbonne",), -60)
    assert zones["Atlantic/Azores"] == (("Ponta Delgada", "Vallée des baleines"), -120)
    assert "geonames" in facts.sources
    assert facts.currency.same


def test_english_book_of_a_euro_country():
    trip = Trip(title="Italy", country="IT", lang="en", start=date(2027, 4, 20), end=date(2027, 4, 27))
    rows = {row["label"]: row["lines"] for row in _practical_view(trip, Branding(), "en", "Italy", False)["rows"]}
    assert rows["Currency"] == ["The Euro, as at home: no exchange needed."]  # CLDR capitalises it
    assert "Exchange rate" not in rows
    assert rows["Public holidays during the trip"] == ["Sunday 25 April: Liberation Day"]
    assert rows["Emergency numbers"][0] == "112: All emergencies"
    assert rows["Electricity"] == ["Plugs C, F and L · 230 V · 50 Hz", "French plugs fit"]


def test_unknown_facts_are_marked_for_the_designer():
    trip = Trip(title="Nowhere", country="AQ", lang="en")  # Antarctica: no currency, no plugs
    rows = {row["label"]: row for row in _practical_view(trip, Branding(), "en", "", False)["rows"]}
    assert rows["Electricity"]["missing"] and rows["Public holidays during the trip"]["missing"]


def test_money_is_rounded_half_up_for_display_only():
    assert format_money(Decimal("4210.455"), "EUR", "fr") == "4\u202f210,46\u00a0€"
    assert format_money(Decimal("2.345"), "EUR", "en") == "€2.35"  # half-even would give 2.34
    assert format_money(Decimal("175.5"), "JPY", "en") == "JP¥176"  # yen have no cents


def test_plug_data_names_its_source():
    assert "fluids" in power_source() and "MIT" in power_source()
