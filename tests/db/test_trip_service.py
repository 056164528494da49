"""The trip service on PostgreSQL: creating from a brief, reading, editing field by field
with versions, restructuring, and the agency scope."""

from __future__ import annotations

import datetime as dt
import json
import threading
from decimal import Decimal

import pytest
from sqlmodel import Session, select

from cocohop.db.tables import Day, Item, Trip
from cocohop.domain.brief import BriefError
from cocohop.services import trips as svc
from cocohop.services.errors import EditConflict, InvalidEdit, NotFound
from tests.db.conftest import make_scope


@pytest.fixture
def briefs(shared_dir):
    return json.loads((shared_dir / "briefs" / "briefs.json").read_text())["briefs"]


@pytest.fixture
def scope(session):
    return make_scope(session, "agency-a")


def test_every_brief_becomes_a_stored_trip_with_one_day_per_date(session, scope, briefs):
    for brief in briefs:
        trip_id = svc.create_trip_from_brief(session, scope, brief["text"])
        view = svc.load_trip(session, scope, trip_id)
        expect = brief["expect"]
        assert view.country == expect["country"]
        assert len(view.days) == expect["nights"] + 1
        if "start" in expect:
            assert view.start == expect["start"] and view.end == expect["end"]
            assert [d.date for d in view.days][0] == expect["start"]
            assert [d.date for d in view.days][-1] == expect["end"]
        assert all(d.title and d.title_generated and d.text_generated for d in view.days)
        assert any(item.kind == "stay" for d in view.days for item in d.item_rows)
    assert len(svc.list_trips(session, scope)) == len(briefs)


def test_an_unreadable_brief_stores_nothing(session, scope):
    with pytest.raises(BriefError):
        svc.create_trip_from_brief(session, scope, "   ")
    assert session.exec(select(Trip).where(Trip.agency_id == scope.agency_id)).all() == []


def test_another_agency_sees_not_found_everywhere(session, scope, briefs):
    trip_id = svc.create_trip_from_brief(session, scope, briefs[0]["text"])
    view = svc.load_trip(session, scope, trip_id)
    day, item = view.days[0], view.days[0].item_rows[0]
    other = make_scope(session, "agency-b")
    attempts = [
        lambda: svc.load_trip(session, other, trip_id),
        lambda: svc.trip_for_book(session, other, trip_id),
        lambda: svc.update_trip_field(session, other, trip_id, "title", "x", view.version),
        lambda: svc.update_day_field(session, other, day.id, "title", "x", day.version),
        lambda: svc.update_item_field(session, other, item.id, "name", "x", item.version),
        lambda: svc.add_day(session, other, trip_id, 0),
        lambda: svc.remove_day(session, other, day.id),
        lambda: svc.move_day(session, other, day.id, 3),
        lambda: svc.add_item(session, other, day.id, "activity"),
        lambda: svc.remove_item(session, other, item.id),
        lambda: svc.move_item(session, other, item.id, 1),
    ]
    for attempt in attempts:
        with pytest.raises(NotFound):
            attempt()
    assert svc.list_trips(session, other) == []
    # Nothing changed for the owner.
    assert svc.load_trip(session, scope, trip_id) == view


def test_editing_a_generated_text_saves_it_and_clears_its_mark(session, scope, briefs):
    trip_id = svc.create_trip_from_brief(session, scope, briefs[0]["text"])
    day = svc.load_trip(session, scope, trip_id).days[2]
    new_version = svc.update_day_field(session, scope, day.id, "title", "  Journée au marché  ", day.version)
    assert new_version == day.version + 1
    saved = svc.load_trip(session, scope, trip_id).days[2]
    assert saved.title == "Journée au marché" and not saved.title_generated
    assert saved.text_generated  # the text was not edited: still marked
    item = saved.item_rows[0]
    svc.update_item_field(session, scope, item.id, "description", "Notre choix", item.version)
    assert not svc.load_trip(session, scope, trip_id).days[2].item_rows[0].generated


def test_a_stale_version_is_refused_and_keeps_the_newer_text(session, scope, briefs):
    trip_id = svc.create_trip_from_brief(session, scope, briefs[0]["text"])
    day = svc.load_trip(session, scope, trip_id).days[0]
    svc.update_day_field(session, scope, day.id, "text", "tab one", day.version)
    with pytest.raises(EditConflict):
        svc.update_day_field(session, scope, day.id, "text", "tab two", day.version)
    assert svc.load_trip(session, scope, trip_id).days[0].text == "tab one"


@pytest.mark.parametrize(
    ("field", "value"),
    [("start_time", "25:99"), ("cost", "douze"), ("cost", "-3"), ("currency", "EURO"), ("nights", "-1"), ("kind", "spaceship"), ("name", "x" * 301), ("version", "7")],
)
def test_invalid_item_edits_are_refused_with_a_clear_message(session, scope, briefs, field, value):
    trip_id = svc.create_trip_from_brief(session, scope, briefs[1]["text"])
    item = svc.load_trip(session, scope, trip_id).days[0].item_rows[0]
    with pytest.raises(InvalidEdit):
        svc.update_item_field(session, scope, item.id, field, value, item.version)
    assert svc.load_trip(session, scope, trip_id).days[0].item_rows[0] == item


def test_item_values_are_parsed_exactly(session, scope, briefs):
    trip_id = svc.create_trip_from_brief(session, scope, briefs[1]["text"])
    item = svc.load_trip(session, scope, trip_id).days[0].item_rows[0]
    version = svc.update_item_field(session, scope, item.id, "cost", "1 234,567", item.version)
    version = svc.update_item_field(session, scope, item.id, "start_time", "9h30", version)
    svc.update_item_field(session, scope, item.id, "currency", "jpy", version)
    row = session.get(Item, item.id)
    assert row.cost == Decimal("1234.567") and row.start_time == dt.time(9, 30) and row.currency == "JPY"


def test_days_follow_their_position_after_add_move_remove(session, scope, briefs):
    trip_id = svc.create_trip_from_brief(session, scope, briefs[0]["text"])  # 4 to 17 April
    before = svc.load_trip(session, scope, trip_id)
    new_id = svc.add_day(session, scope, trip_id, 1)
    after_add = svc.load_trip(session, scope, trip_id)
    assert [d.id for d in after_add.days][2] == new_id
    assert after_add.end == "2027-04-18"
    assert [d.date for d in after_add.days] == [
        (dt.date(2027, 4, 4) + dt.timedelta(days=i)).isoformat() for i in range(len(after_add.days))
    ]
    svc.move_day(session, scope, before.days[0].id, 5)
    moved = svc.load_trip(session, scope, trip_id)
    assert moved.days[5].id == before.days[0].id and moved.days[5].date == "2027-04-09"
    svc.remove_day(session, scope, new_id)
    final = svc.load_trip(session, scope, trip_id)
    assert len(final.days) == len(before.days) and final.end == "2027-04-17"
    assert session.exec(select(Day).where(Day.id == new_id)).first() is None


def test_items_can_be_added_moved_and_removed(session, scope, briefs):
    trip_id = svc.create_trip_from_brief(session, scope, briefs[0]["text"])
    day = svc.load_trip(session, scope, trip_id).days[1]
    new_id = svc.add_item(session, scope, day.id, "meal")
    items = svc.load_trip(session, scope, trip_id).days[1].item_rows
    assert items[-1].id == new_id and items[-1].kind == "meal" and items[-1].place == day.base_place
    svc.move_item(session, scope, new_id, 0)
    assert svc.load_trip(session, scope, trip_id).days[1].item_rows[0].id == new_id
    svc.remove_item(session, scope, new_id)
    assert [i.id for i in svc.load_trip(session, scope, trip_id).days[1].item_rows] == [i.id for i in day.item_rows]


def test_changing_the_start_date_moves_every_day(session, scope, briefs):
    trip_id = svc.create_trip_from_brief(session, scope, briefs[0]["text"])
    view = svc.load_trip(session, scope, trip_id)
    svc.update_trip_field(session, scope, trip_id, "start_date", "2027-05-01", view.version)
    moved = svc.load_trip(session, scope, trip_id)
    assert moved.start == "2027-05-01" and moved.end == "2027-05-14"
    assert moved.days[-1].date == "2027-05-14"


def test_two_tabs_saving_the_same_day_at_once_cannot_both_win(committing_engine, briefs):
    """Two real connections race with the same version: exactly one save lands."""
    with Session(committing_engine) as session:
        agency = make_scope(session, "race")
        trip_id = svc.create_trip_from_brief(session, agency, briefs[0]["text"])
        session.commit()
        day = svc.load_trip(session, agency, trip_id).days[0]

    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def save(text: str) -> None:
        with Session(committing_engine) as session:
            barrier.wait()
            try:
                svc.update_day_field(session, agency, day.id, "text", text, day.version)
                session.commit()
                outcomes.append("saved")
            except EditConflict:
                session.rollback()
                outcomes.append("conflict")

    threads = [threading.Thread(target=save, args=(text,)) for text in ("from tab A", "from tab B")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["conflict", "saved"]
    with Session(committing_engine) as session:
        stored = session.get(Day, day.id)
        assert stored.text in ("from tab A", "from tab B") and stored.version == day.version + 1


def test_clearing_the_start_date_clears_every_date(session, scope, briefs):
    trip_id = svc.create_trip_from_brief(session, scope, briefs[0]["text"])
    view = svc.load_trip(session, scope, trip_id)
    svc.update_trip_field(session, scope, trip_id, "start_date", "", view.version)
    cleared = svc.load_trip(session, scope, trip_id)
    assert cleared.start == "" and cleared.end == "" and all(d.date == "" for d in cleared.days)
