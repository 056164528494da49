"""The built-in generator on the shared sample briefs and on the cases around them.

Briefs are built straight from the 'expect' facts of shared/briefs/briefs.json (the parser is
tested elsewhere), found beside the repository or through COCOHOP_SHARED_DIR.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from cocohop.domain.brief import BriefFacts, Budget
from cocohop.domain.generator import generate_trip
from cocohop.domain.itinerary import ItemKind, Trip
from cocohop.library.loader import DEFAULT_LIBRARY, town_index

REPO = Path(__file__).resolve().parents[2]
TIME_LIMIT_S = 0.5


def shared_dir() -> Path:
    env = os.environ.get("COCOHOP_SHARED_DIR")
    return Path(env) if env else Path(__file__).resolve().parents[3] / "shared"


def load_briefs() -> list[dict]:
    import json

    path = shared_dir() / "briefs" / "briefs.json"
    return json.loads(path.read_text(encoding="utf-8"))["briefs"]


def facts_from_expect(brief: dict) -> BriefFacts:
    """The 'expect' dict of a sample brief as the parser would return it."""
    expect = dict(brief["expect"])
    for key in ("start", "end"):
        if key in expect:
            expect[key] = date.fromisoformat(expect[key])
    if "budget" in expect:
        b = expect["budget"]
        expect["budget"] = Budget(amount=Decimal(str(b["amount"])), currency=b["currency"], per=b["per"])
    return BriefFacts(lang=brief["lang"], **expect)


BRIEFS = load_briefs()
BRIEF_IDS = [b["id"] for b in BRIEFS]

# Words that only one of the two languages would write in these texts.
FRENCH_ONLY = ("Arrivée", "Départ", "Journée", "journée", "Installation", "nuits", " et ", " pour ", "à ")
ENGLISH_ONLY = ("Arrival", "Departure", "Check-in", "nights", " and ", " the ", "The rest of the day")


@pytest.fixture(scope="module")
def trips() -> dict[str, tuple[BriefFacts, Trip, float]]:
    result = {}
    for brief in BRIEFS:
        facts = facts_from_expect(brief)
        started = time.perf_counter()
        trip = generate_trip(facts)
        result[brief["id"]] = (facts, trip, time.perf_counter() - started)
    return result


def total_nights(facts: BriefFacts) -> int:
    if facts.start and facts.end:
        return (facts.end - facts.start).days
    return facts.nights


# --- every shared brief ------------------------------------------------------------------------


@pytest.mark.parametrize("brief_id", BRIEF_IDS)
def test_one_day_per_date_and_nights_add_up(trips, brief_id):
    facts, trip, _ = trips[brief_id]
    nights = total_nights(facts)
    assert len(trip.days) == nights + 1
    assert sum(stop.nights for stop in trip.route) == nights
    assert all(stop.nights >= 1 for stop in trip.route)
    assert trip.nights == nights


@pytest.mark.parametrize("brief_id", BRIEF_IDS)
def test_dates_run_from_start_to_end(trips, brief_id):
    facts, trip, _ = trips[brief_id]
    if facts.start:
        assert (trip.start, trip.end) == (facts.start, facts.end)
    else:  # only a month: the documented rule starts on the 1st
        year, month = map(int, facts.month.split("-"))
        assert trip.start == date(year, month, 1)
    assert [d.date for d in trip.days] == [trip.start + timedelta(days=i) for i in range(len(trip.days))]
    assert trip.days[-1].date == trip.end


@pytest.mark.parametrize("brief_id", BRIEF_IDS)
def test_places_of_the_brief_appear_in_order(trips, brief_id):
    facts, trip, _ = trips[brief_id]
    route_ids = [DEFAULT_LIBRARY.find_place(stop.place, trip.country).id for stop in trip.route]
    brief_ids = [DEFAULT_LIBRARY.find_place(name, trip.country).id for name in facts.places]
    positions = [route_ids.index(pid) for pid in brief_ids]
    assert positions == sorted(positions)
    if brief_ids:
        assert route_ids[0] == brief_ids[0], "the trip starts where the brief starts"
    assert all(stop.lat is not None and stop.lon is not None for stop in trip.route)


@pytest.mark.parametrize("brief_id", BRIEF_IDS)
def test_texts_are_in_the_trip_language(trips, brief_id):
    facts, trip, _ = trips[brief_id]
    assert trip.lang == (facts.book_lang or facts.lang)
    everything = "\n".join([trip.title] + [d.title + "\n" + d.text for d in trip.days])
    if trip.lang == "fr":
        assert any(c in everything for c in "éèàç")
        assert not [w for w in ENGLISH_ONLY if w in everything]
    else:
        assert not [w for w in FRENCH_ONLY if w in everything]
    assert trip.practical_info and ("Monnaie" in trip.practical_info) == (trip.lang == "fr")


@pytest.mark.parametrize("brief_id", BRIEF_IDS)
def test_each_day_has_two_to_four_paragraphs_and_a_title(trips, brief_id):
    _, trip, _ = trips[brief_id]
    for day in trip.days:
        assert 2 <= len(day.paragraphs) <= 4, day.title
        assert day.title and day.base_place
        assert day.title_generated and day.text_generated
        assert all(item.generated for item in day.items)
    assert trip.title_generated and trip.title


@pytest.mark.parametrize("brief_id", BRIEF_IDS)
def test_stays_cover_every_night_once(trips, brief_id):
    facts, trip, _ = trips[brief_id]
    covered = []
    for index, day in enumerate(trip.days):
        for item in day.items:
            if item.kind == ItemKind.STAY:
                assert item.cost is not None and item.currency and not item.to_complete
                assert item.address and item.supplier
                covered.extend(range(index, index + item.nights))
    assert covered == list(range(total_nights(facts)))


@pytest.mark.parametrize("brief_id", BRIEF_IDS)
def test_travel_days_flights_and_activities(trips, brief_id):
    _, trip, _ = trips[brief_id]
    first, last = trip.days[0].items, trip.days[-1].items
    assert any(i.kind == ItemKind.FLIGHT and i.to_complete for i in first)
    assert any(i.kind == ItemKind.FLIGHT and i.to_complete for i in last)
    for previous, day in zip(trip.days, trip.days[1:-1]):
        if day.base_place != previous.base_place:  # a travel day
            legs = [i for i in day.items if i.kind in (ItemKind.TRANSFER, ItemKind.FLIGHT)]
            assert legs and all(leg.duration_minutes for leg in legs), day.title
            assert any(i.kind == ItemKind.STAY for i in day.items), day.title
    activities = [i.name for d in trip.days for i in d.items if i.kind == ItemKind.ACTIVITY]
    assert activities and len(activities) == len(set(activities)), "no activity twice"


@pytest.mark.parametrize("brief_id", BRIEF_IDS)
def test_party_and_currency_come_from_the_brief(trips, brief_id):
    facts, trip, _ = trips[brief_id]
    assert trip.country == facts.country
    assert (trip.adults, trip.children, trip.child_ages) == (facts.adults, facts.children, facts.child_ages)
    assert trip.currency == facts.budget.currency


@pytest.mark.parametrize("brief_id", BRIEF_IDS)
def test_generation_is_fast(trips, brief_id):
    *_, elapsed = trips[brief_id]
    assert elapsed < TIME_LIMIT_S
    facts = trips[brief_id][0]
    started = time.perf_counter()
    generate_trip(facts)
    assert time.perf_counter() - started < 0.05, "well under 50 ms once the library is loaded"


@pytest.mark.parametrize("brief_id", BRIEF_IDS)
def test_same_brief_same_trip(trips, brief_id):
    facts, trip, _ = trips[brief_id]
    assert generate_trip(facts) == trip


def test_same_trips_whatever_the_hash_seed():
    """Set order changes with PYTHONHASHSEED; the generator must not depend on it."""
    script = (
        "import sys; sys.path.insert(0, sys.argv[1]);"
        "from tests.unit.test_generator import BRIEFS, facts_from_expect;"
        "from cocohop.domain.generator import generate_trip;"
        "print([repr(generate_trip(facts_from_expect(b))) for b in BRIEFS])"
    )
    outputs = set()
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run([sys.executable, "-c", script, str(REPO)], env=env, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        outputs.add(done.stdout)
    assert len(outputs) == 1


# --- what the briefs ask for ----------------------------------------------------------------


def test_morocco_spends_a_night_in_the_desert_before_essaouira(trips):
    _, trip, _ = trips["ma-friends-fr"]
    places = [DEFAULT_LIBRARY.find_place(s.place, "MA") for s in trip.route]
    kinds = [p.kind for p in places]
    assert "desert" in kinds
    assert kinds.index("desert") < [p.id for p in places].index("essaouira")
    assert trip.days[0].title == "Arrivée à Marrakech"
    assert trip.route[-1].place == "Essaouira", "the brief ends in Essaouira"


def test_honeymoon_in_japan_includes_an_onsen_night(trips):
    _, trip, _ = trips["jp-honeymoon-fr"]
    places = [DEFAULT_LIBRARY.find_place(s.place, "JP") for s in trip.route]
    assert any("onsen" in p.tags for p in places)
    assert trip.title.startswith("Voyage de noces au Japon")
    assert trip.days[0].title == "Arrivée à Tokyo"


def test_costa_rica_book_in_english_without_named_places(trips):
    _, trip, _ = trips["cr-adventure-fr"]
    assert trip.lang == "en"
    assert trip.route[0].place == "San José"  # the arrival airport
    tags = {t for s in trip.route for t in DEFAULT_LIBRARY.find_place(s.place, "CR").tags}
    assert {"volcanoes", "wildlife", "surf", "adventure"} <= tags


def test_family_with_young_children_moves_little(trips):
    _, trip, _ = trips["it-family-en"]
    assert len(trip.route) == 2, "young children: few moves"


# --- other cases ------------------------------------------------------------------------------


def test_brief_without_budget():
    facts = replace(facts_from_expect(BRIEFS[0]), budget=None)
    trip = generate_trip(facts)
    assert trip.currency == "EUR"
    stays = [i for d in trip.days for i in d.items if i.kind == ItemKind.STAY]
    assert stays and all(i.cost and not i.to_complete for i in stays)


def test_nights_without_dates_gives_undated_days():
    trip = generate_trip(BriefFacts(lang="en", country="GR", nights=9, interests=["islands"]))
    assert len(trip.days) == 10 and all(d.date is None for d in trip.days)
    assert trip.start is None and trip.end is None
    assert sum(s.nights for s in trip.route) == 9


def test_month_starts_tomorrow_when_today_is_inside_it():
    facts = BriefFacts(lang="fr", country="PT", month="2027-09", nights=5, places=["Lisbon"])
    trip = generate_trip(facts, today=date(2027, 9, 12))
    assert trip.start == date(2027, 9, 13)
    assert generate_trip(facts, today=date(2027, 3, 1)).start == date(2027, 9, 1)


def test_more_places_than_nights_still_adds_up():
    facts = BriefFacts(lang="en", country="IT", nights=2, places=["Rome", "Florence", "Venice", "Naples"])
    trip = generate_trip(facts)
    assert len(trip.days) == 3 and sum(s.nights for s in trip.route) == 2
    assert [s.place for s in trip.route] == ["Rome", "Florence"]


def test_no_country_but_known_places_uses_their_country():
    trip = generate_trip(BriefFacts(lang="en", places=["Kyoto"], nights=4))
    assert trip.country == "JP" and trip.route[0].place == "Kyoto"
    assert trip.practical_info.startswith("Currency: Japanese yen")


def test_country_outside_the_library():
    town_index()  # load GeoNames once, outside the timing (0.3 s the first time)
    facts = BriefFacts(lang="fr", country="NO", nights=6, places=["Oslo", "Bergen", "Atlantis"])
    started = time.perf_counter()
    trip = generate_trip(facts)
    assert time.perf_counter() - started < TIME_LIMIT_S
    assert trip.country == "NO" and trip.lang == "fr"
    assert [s.place for s in trip.route] == ["Oslo", "Bergen", "Atlantis"]
    assert trip.route[0].lat == pytest.approx(59.91, abs=0.1)  # from GeoNames, within Norway
    assert trip.route[2].lat is None  # not a town: left for the designer
    assert len(trip.days) == 7 and sum(s.nights for s in trip.route) == 6
    stays = [i for d in trip.days for i in d.items if i.kind == ItemKind.STAY]
    assert {i.name for i in stays} == {"Hébergement à compléter"}
    assert all(i.to_complete and i.cost is None for i in stays)
    assert all(2 <= len(d.paragraphs) <= 4 for d in trip.days)
    assert "Norvège" in trip.title and "couronne norvégienne" in trip.practical_info


def test_no_country_and_no_places():
    trip = generate_trip(BriefFacts(lang="en", nights=4))
    assert trip.country is None and len(trip.days) == 5
    assert len(trip.route) == 1 and trip.route[0].nights == 4
    stays = [i for d in trip.days for i in d.items if i.kind == ItemKind.STAY]
    assert [(i.name, i.to_complete) for i in stays] == [("Accommodation to complete", True)]
    assert all(2 <= len(d.paragraphs) <= 4 for d in trip.days)


def test_unknown_place_in_a_library_country_is_to_complete():
    trip = generate_trip(BriefFacts(lang="en", country="JP", nights=8, places=["Tokyo", "Sapporo"]))
    assert [s.place for s in trip.route] == ["Tokyo", "Sapporo"]
    assert trip.route[1].lat == pytest.approx(43.06, abs=0.1)
    sapporo_stay = next(i for d in trip.days for i in d.items if i.kind == ItemKind.STAY and i.place == "Sapporo")
    assert sapporo_stay.to_complete


@pytest.mark.parametrize("code", DEFAULT_LIBRARY.list_countries())
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_library_country_yields_a_consistent_trip(code, lang):
    facts = BriefFacts(lang=lang, country=code, nights=12, start=date(2027, 5, 3), interests=["food", "history"])
    trip = generate_trip(facts)
    assert len(trip.days) == 13 and sum(s.nights for s in trip.route) == 12
    for stop in trip.route:
        place = DEFAULT_LIBRARY.find_place(stop.place, code)
        assert place is not None and stop.nights <= place.max_nights
    assert all(2 <= len(d.paragraphs) <= 4 for d in trip.days)
    names = [i.name for d in trip.days for i in d.items if i.kind == ItemKind.ACTIVITY]
    assert len(names) == len(set(names))


# --- facts the parser added lately: dislikes and pace -----------------------------------------

_HAS_DISLIKES_AND_PACE = hasattr(BriefFacts(), "dislikes") and hasattr(BriefFacts(), "pace")


@pytest.mark.skipif(not _HAS_DISLIKES_AND_PACE, reason="BriefFacts has no dislikes/pace")
def test_disliked_activities_are_left_out():
    lisbon = DEFAULT_LIBRARY.load_country("PT").place("lisbon")
    museum_names = {a.name.fr for a in lisbon.activities if "museums" in a.tags}
    facts = BriefFacts(lang="fr", country="PT", nights=6, places=["Lisbon"])
    chosen = {i.name for d in generate_trip(facts).days for i in d.items if i.kind == ItemKind.ACTIVITY}
    assert museum_names and museum_names <= chosen, "without the dislike, the museum is visited"
    trip = generate_trip(replace(facts, dislikes=["museums"]))
    chosen = {i.name for d in trip.days for i in d.items if i.kind == ItemKind.ACTIVITY}
    assert not museum_names & chosen


@pytest.mark.skipif(not _HAS_DISLIKES_AND_PACE, reason="BriefFacts has no dislikes/pace")
def test_relaxed_pace_means_fewer_moves_and_one_visit_a_day():
    base = BriefFacts(lang="en", country="IT", nights=12, interests=["food", "history"])
    relaxed = generate_trip(replace(base, pace="relaxed"))
    usual = generate_trip(base)
    assert len(relaxed.route) < len(usual.route)
    for day in relaxed.days:
        assert sum(i.kind == ItemKind.ACTIVITY for i in day.items) <= 1
