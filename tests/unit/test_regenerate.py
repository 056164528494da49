"""Regenerating a day or a paragraph never touches what a person edited: the merge rule, the
built-in regeneration, and the model's (through the loopback fake server)."""

from __future__ import annotations

import copy
import json
from datetime import date, time
from decimal import Decimal

import pytest

from cocohop.adapters.llm import LLMClient, LLMConfig
from cocohop.domain.brief import BriefFacts
from cocohop.domain.generator import generate_trip
from cocohop.domain.itinerary import Day, Item, ItemKind, Trip
from cocohop.domain.regenerate import (
    HumanEdited,
    day_kind,
    instruction_tastes,
    merge_regenerated_day,
    regenerate_day_builtin,
    with_paragraph,
)
from cocohop.library.loader import DEFAULT_LIBRARY
from cocohop.services.drafting import regenerate_day, regenerate_paragraph
from tests.support.fake_openai import Request, answer, cooperative_model, day_context, designer_day

# Nine nights: Tokyo, Kanazawa, Kyoto, with two of Kyoto's activities left over for a new version.
FACTS = BriefFacts(lang="en", country="JP", start=date(2027, 4, 4), end=date(2027, 4, 13), nights=9, adults=2,
                   children=0, places=["Tokyo", "Kyoto"], interests=["gardens"])


@pytest.fixture(scope="module")
def base_trip() -> Trip:
    return generate_trip(FACTS)


@pytest.fixture
def trip(base_trip) -> Trip:
    return copy.deepcopy(base_trip)


def full_day_index(trip: Trip, place: str = "Kyoto") -> int:
    return next(n for n, d in enumerate(trip.days) if day_kind(trip, n) == "full" and d.base_place == place)


def activity(name: str, start: time | None = None, generated: bool = True, **fields) -> Item:
    return Item(kind=ItemKind.ACTIVITY, name=name, start_time=start, generated=generated, **fields)


# --- the merge rule -----------------------------------------------------------------------------


def make_day(**fields) -> Day:
    values = dict(date=date(2027, 4, 8), title="Kyoto: gardens", base_place="Kyoto", text="One.\n\nTwo.",
                  title_generated=True, text_generated=True, photo="photo-ref", items=[])
    values.update(fields)
    return Day(**values)


def fresh_day() -> Day:
    return Day(
        date=None, title="Kyoto: food", base_place="Elsewhere", text="New one.\n\nNew two.",
        title_generated=True, text_generated=True,
        items=[
            Item(kind=ItemKind.TRANSFER, name="Train Osaka → Kyoto", generated=True, duration_minutes=45),
            Item(kind=ItemKind.STAY, name="Fresh ryokan", nights=2, cost=Decimal("100"), generated=True),
            activity("Nishiki market", time(10, 0)),
            activity("Tea ceremony", time(15, 0)),
        ],
    )


def test_generated_texts_and_items_are_replaced():
    current = make_day(items=[activity("Old temple visit", time(9, 0)),
                              Item(kind=ItemKind.STAY, name="Old hotel", nights=2, generated=True)])
    merged = merge_regenerated_day(current, fresh_day())
    assert (merged.title, merged.text) == ("Kyoto: food", "New one.\n\nNew two.")
    assert merged.title_generated and merged.text_generated
    assert [i.name for i in merged.items] == ["Train Osaka → Kyoto", "Fresh ryokan", "Nishiki market", "Tea ceremony"]
    assert all(i.generated for i in merged.items)
    # The day does not move: date, base place and photo are the current ones.
    assert (merged.date, merged.base_place, merged.photo) == (current.date, "Kyoto", "photo-ref")


def test_a_title_or_text_a_person_edited_is_kept():
    current = make_day(title="Our Kyoto day", title_generated=False)
    merged = merge_regenerated_day(current, fresh_day())
    assert merged.title == "Our Kyoto day" and not merged.title_generated and merged.text == "New one.\n\nNew two."
    current = make_day(text="Written by Camille.", text_generated=False)
    merged = merge_regenerated_day(current, fresh_day())
    assert merged.text == "Written by Camille." and not merged.text_generated and merged.title == "Kyoto: food"


def test_items_a_person_edited_are_kept_exactly():
    mine = activity("Lunch with Mrs Tanaka", time(12, 0), generated=False, cost=Decimal("40"), currency="EUR",
                    description="She knows the family.", supplier="Tanaka-san")
    current = make_day(items=[activity("Old temple visit", time(9, 0)), mine])
    before = copy.deepcopy(current)
    merged = merge_regenerated_day(current, fresh_day())
    kept = [i for i in merged.items if not i.generated]
    assert kept == [mine]
    assert "Old temple visit" not in [i.name for i in merged.items]
    assert [i.name for i in merged.items if i.start_time] == ["Nishiki market", "Lunch with Mrs Tanaka", "Tea ceremony"]
    assert current == before  # pure: the inputs are untouched
    merged.items[1].name = "changed"
    assert current.items[1].name == "Lunch with Mrs Tanaka"


def test_a_stay_a_person_edited_rules_the_nights_of_that_day():
    my_stay = Item(kind=ItemKind.STAY, name="Machiya booked by phone", nights=2, generated=False)
    current = make_day(items=[my_stay, activity("Old temple visit", time(9, 0))])
    merged = merge_regenerated_day(current, fresh_day())
    stays = [i for i in merged.items if i.kind == ItemKind.STAY]
    assert stays == [my_stay]  # no second, generated stay beside it
    assert [i.name for i in merged.items][:2] == ["Train Osaka → Kyoto", "Machiya booked by phone"]


def test_a_fresh_item_named_like_a_persons_item_is_not_added_twice():
    mine = activity("Nishiki market", time(9, 30), generated=False, description="With our guide Ken.")
    merged = merge_regenerated_day(make_day(items=[mine]), fresh_day())
    markets = [i for i in merged.items if i.name == "Nishiki market"]
    assert markets == [mine]


def test_with_paragraph_replaces_one_paragraph_only_of_a_generated_text():
    day = make_day(text="One.\n\nTwo.\n\nThree.")
    assert with_paragraph(day, 1, "Deux,\n\nrevu.").text == "One.\n\nDeux, revu.\n\nThree."
    assert day.text == "One.\n\nTwo.\n\nThree."
    with pytest.raises(HumanEdited):
        with_paragraph(make_day(text_generated=False), 0, "x")
    with pytest.raises(IndexError):
        with_paragraph(day, 3, "x")


# --- the instruction ---------------------------------------------------------------------------


@pytest.mark.parametrize("instruction, likes, dislikes", [
    ("more food, less museums", ["food"], ["museums"]),
    ("plus de gastronomie et moins de musées", ["food"], ["museums"]),
    ("no temples, more gardens", ["gardens"], ["temples"]),
    ("a relaxed day", [], []),
    (None, [], []),
])
def test_instruction_tastes(instruction, likes, dislikes):
    assert instruction_tastes(instruction) == (likes, dislikes)


# --- built-in regeneration ----------------------------------------------------------------------


def test_built_in_regeneration_is_deterministic_and_offers_an_alternative(trip):
    index = full_day_index(trip)
    first = regenerate_day(trip, index)
    assert regenerate_day(trip, index) == first
    before = {i.name for i in trip.days[index].items if i.kind == ItemKind.ACTIVITY}
    after = {i.name for i in first.items if i.kind == ItemKind.ACTIVITY}
    assert after and after != before
    elsewhere = {i.name for n, d in enumerate(trip.days) if n != index for i in d.items}
    assert not after & elsewhere  # never an activity another day already has
    assert first.text != trip.days[index].text and first.date == trip.days[index].date


def test_built_in_regeneration_follows_the_instruction(trip):
    index = full_day_index(trip)
    day = regenerate_day(trip, index, "more food, less museums")
    kyoto = DEFAULT_LIBRARY.find_place("Kyoto", "JP")
    tags = {a.name.en: a.tags for a in kyoto.activities}
    chosen = [i.name for i in day.items if i.kind == ItemKind.ACTIVITY]
    assert chosen and "food" in tags[chosen[0]]
    assert all("museums" not in tags[name] for name in chosen)
    priced = [i for i in day.items if i.kind == ItemKind.ACTIVITY]
    assert all(i.cost == next(a.cost for a in kyoto.activities if a.name.en == i.name) and i.unit == "person"
               for i in priced)


def test_built_in_regeneration_keeps_a_persons_edits(trip):
    index = full_day_index(trip)
    day = trip.days[index]
    day.title, day.title_generated = "Our favourite day", False
    mine = activity("Picnic by the Kamo river", time(12, 0), generated=False)
    day.items.append(mine)
    edited = [i for i in day.items if i.kind == ItemKind.ACTIVITY][0]
    edited.generated, edited.description = False, "Booked with Ken."
    regenerated = regenerate_day(trip, index, "more food")
    assert regenerated.title == "Our favourite day" and not regenerated.title_generated
    assert mine in regenerated.items and edited in regenerated.items
    assert regenerated.text != day.text


@pytest.mark.parametrize("kind", ["arrival", "travel", "departure"])
def test_every_kind_of_day_can_be_regenerated(trip, kind):
    index = next(n for n in range(len(trip.days)) if day_kind(trip, n) == kind)
    day = regenerate_day_builtin(trip, index)
    assert day.title and day.text and day.base_place == trip.days[index].base_place
    if kind != "full":
        moving = [i.kind for i in trip.days[index].items if i.kind in (ItemKind.FLIGHT, ItemKind.TRANSFER)]
        assert [i.kind for i in day.items if i.kind in (ItemKind.FLIGHT, ItemKind.TRANSFER)] == moving


def test_built_in_paragraph_regeneration(trip):
    index = full_day_index(trip)
    paragraphs = trip.days[index].paragraphs
    for n in range(len(paragraphs)):
        new = regenerate_paragraph(trip, index, n)
        assert new and new not in paragraphs
        assert regenerate_paragraph(trip, index, n) == new
    with pytest.raises(IndexError):
        regenerate_paragraph(trip, index, 99)
    with pytest.raises(IndexError):
        regenerate_day(trip, 99)
    trip.days[index].text_generated = False
    with pytest.raises(HumanEdited):
        regenerate_paragraph(trip, index, 0)


# --- with the model -----------------------------------------------------------------------------


@pytest.fixture
def client(server):
    llm = LLMClient(LLMConfig(api_key="k", base_url=server.base_url, timeout_s=2, max_retries=1), sleep=lambda s: None)
    yield llm
    llm.close()


def test_the_model_regenerates_a_day_within_the_rule(trip, server, client):
    index = full_day_index(trip)
    day = trip.days[index]
    day.text, day.text_generated = "Our own words.", False
    mine = activity("Picnic by the Kamo river", time(12, 0), generated=False)
    day.items.append(mine)

    def model_day(request: Request) -> dict:
        reply = designer_day(request)
        reply["extra_activities"] = [{"name": "Evening walk in Pontocho", "description": "Lanterns.",
                                      "start_time": "20:00", "duration_minutes": 60}]
        return reply

    server.handler = cooperative_model(day=model_day)
    regenerated = regenerate_day(trip, index, "more food, fewer museums", llm=client, facts=FACTS)
    assert "write a different one" in server.requests[0].text("system")
    (request,) = server.requests
    context = day_context(request)
    assert context["designer_instruction"] == "more food, fewer museums"
    assert context["current_version"]["paragraphs"] == ["Our own words."]
    assert {"kind": "activity", "name": "Picnic by the Kamo river", "start_time": "12:00"} in context["day"]["fixed_items"]
    elsewhere = {i.name for n, d in enumerate(trip.days) if n != index for i in d.items}
    assert not {c["name"] for c in context["activity_candidates"]} & elsewhere
    # The person's text and item stay; the title was generated, so it is the model's.
    assert regenerated.text == "Our own words." and mine in regenerated.items
    assert regenerated.title == f"Kyoto: day {index + 1}"
    walk = next(i for i in regenerated.items if i.name == "Evening walk in Pontocho")
    assert walk.to_verify and walk.cost is None and walk.generated


def test_the_model_regenerates_a_paragraph(trip, server, client):
    index = full_day_index(trip)
    server.handler = cooperative_model()
    new = regenerate_paragraph(trip, index, 1, "shorter", llm=client, facts=FACTS)
    assert new == "A new version of paragraph 2."
    context = json.loads(server.requests[0].text("user"))
    assert context["paragraph_to_rewrite"] == {"index": 1, "text": trip.days[index].paragraphs[1]}
    assert context["designer_instruction"] == "shorter"
    trip.days[index].text_generated = False
    with pytest.raises(HumanEdited):
        regenerate_paragraph(trip, index, 1, llm=client)
    assert len(server.requests) == 1  # nothing asked for a text a person wrote


def test_a_paragraph_that_only_speaks_of_prices_is_an_error(trip, server, client):
    from cocohop.adapters.llm import ModelError

    server.handler = lambda request: answer({"paragraph": "All this for 0 €!"})
    with pytest.raises(ModelError) as caught:
        regenerate_paragraph(trip, full_day_index(trip), 0, llm=client)
    assert caught.value.kind == "invalid_answer"


def test_a_regeneration_can_be_cancelled_while_the_model_thinks(trip, server, client):
    import threading
    import time as clock

    from cocohop.adapters.llm import Cancelled

    server.handler = cooperative_model(delay=3.0)
    cancel = threading.Event()
    threading.Timer(0.2, cancel.set).start()
    started = clock.monotonic()
    with pytest.raises(Cancelled):
        regenerate_day(trip, full_day_index(trip), llm=client, cancel=cancel)
    assert clock.monotonic() - started < 1.0
