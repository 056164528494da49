"""Generation on PostgreSQL, with the real openai client against the loopback fake model:
drafting stores a trip only on success; regeneration replaces only what nobody edited;
the checker's findings point at the day they concern."""

from __future__ import annotations

import functools

import pytest

from cocohop.adapters.llm import LLMClient, LLMConfig, ModelError
from cocohop.db.engine import unit_of_work
from cocohop.domain.regenerate import HumanEdited
from cocohop.services import drafting, generation, trips
from cocohop.services.errors import EditConflict
from tests.db.conftest import make_scope
from tests.support.fake_openai import FakeOpenAI, cooperative_model, error

JAPAN = (
    "Hello, we are a couple planning our honeymoon in Japan from 4 to 18 April 2027: Tokyo and Kyoto, "
    "food and gardens. Budget around 9000 euros for the two of us."
)


@pytest.fixture
def uow(committing_engine, database_url):
    """The app's own unit of work on the test database (emptied after the test)."""
    return functools.partial(unit_of_work, database_url)


@pytest.fixture
def scope(uow):
    with uow() as session:
        return make_scope(session, "generation")


@pytest.fixture
def model(monkeypatch):
    """The app's model client pointed at a fake OpenAI-compatible server on loopback."""
    with FakeOpenAI() as fake:
        def client_from_settings():
            return LLMClient(LLMConfig(api_key="test", base_url=fake.base_url, timeout_s=2.0, max_retries=1), sleep=lambda s: None)

        monkeypatch.setattr(generation, "client_from_settings", client_from_settings)
        yield fake


def trip_count(uow, scope) -> int:
    with uow() as session:
        return len(trips.list_trips(session, scope))


def test_drafting_with_the_model_stores_the_trip_and_reports_each_day(uow, scope, model):
    model.handler = cooperative_model()
    progress = []
    trip_id = generation.generate_trip_for(scope, JAPAN, progress=lambda *p: progress.append(p[:2]), unit_of_work=uow)
    with uow() as session:
        view = trips.load_trip(session, scope, trip_id)
    assert len(view.days) == 15 and view.days[1].text.startswith("Day 2 in ")
    assert len(model.requests_named("DayAnswer")) == 15
    assert progress[0] == (0, 0) and progress[-1] == (15, 15) and len(progress) >= 16


def test_a_failing_model_stores_nothing_and_says_so(uow, scope, model):
    model.handler = lambda request: error(500, "overloaded")
    with pytest.raises(ModelError):
        generation.generate_trip_for(scope, JAPAN, unit_of_work=uow)
    assert trip_count(uow, scope) == 0


def _trip_with_a_human_edit(uow, scope):
    with uow() as session:
        trip_id = trips.create_trip_from_brief(session, scope, JAPAN, use_model=False)
        day = trips.load_trip(session, scope, trip_id).days[2]
        trips.update_day_field(session, scope, day.id, "title", "Notre journée à nous", day.version)
        item = day.item_rows[-1]
        trips.update_item_field(session, scope, item.id, "name", "Dîner chez Mme Sato", item.version)
    with uow() as session:
        return trip_id, trips.load_trip(session, scope, trip_id).days[2]


@pytest.mark.parametrize("with_model", [False, True])
def test_regenerating_a_day_replaces_only_what_nobody_edited(uow, scope, model, monkeypatch, with_model):
    if with_model:
        model.handler = cooperative_model()
    else:
        monkeypatch.setattr(generation, "client_from_settings", lambda: None)
    trip_id, before = _trip_with_a_human_edit(uow, scope)
    with uow() as session:
        days_before = trips.load_trip(session, scope, trip_id).days
    generation.regenerate_day(scope, before.id, "more food", unit_of_work=uow)
    with uow() as session:
        after = trips.load_trip(session, scope, trip_id).days[2]
        other_days = trips.load_trip(session, scope, trip_id).days
    assert after.title == "Notre journée à nous" and not after.title_generated
    assert "Dîner chez Mme Sato" in [i.name for i in after.item_rows]
    assert after.text_generated and after.version > before.version
    if with_model:
        assert after.text.startswith("Day 3 in ") and after.text != before.text
    # Nothing else of the trip moved.
    assert other_days[:2] == days_before[:2] and other_days[3:] == days_before[3:]


def test_a_day_edited_during_regeneration_is_left_as_the_person_made_it(uow, scope, monkeypatch):
    monkeypatch.setattr(generation, "client_from_settings", lambda: None)
    trip_id, day = _trip_with_a_human_edit(uow, scope)
    real = drafting.regenerate_day

    def slow_model(*args, **kwargs):
        fresh = real(*args, **kwargs)
        with uow() as session:  # the designer types while the model works
            current = trips.load_trip(session, scope, trip_id).days[2]
            trips.update_day_field(session, scope, day.id, "text", "Typed meanwhile", current.version)
        return fresh

    monkeypatch.setattr(drafting, "regenerate_day", slow_model)
    with pytest.raises(EditConflict):
        generation.regenerate_day(scope, day.id, unit_of_work=uow)
    with uow() as session:
        assert trips.load_trip(session, scope, trip_id).days[2].text == "Typed meanwhile"


def test_a_paragraph_is_regenerated_alone_and_a_persons_text_is_not(uow, scope, model):
    model.handler = cooperative_model()
    with uow() as session:
        trip_id = trips.create_trip_from_brief(session, scope, JAPAN, use_model=False)
        day = trips.load_trip(session, scope, trip_id).days[1]
    generation.regenerate_paragraph(scope, day.id, 1, "shorter", unit_of_work=uow)
    with uow() as session:
        after = trips.load_trip(session, scope, trip_id).days[1]
    before_paragraphs, after_paragraphs = day.text.split("\n\n"), after.text.split("\n\n")
    assert after_paragraphs[1] == "A new version of paragraph 2."
    assert after_paragraphs[0] == before_paragraphs[0] and after_paragraphs[2:] == before_paragraphs[2:]
    with uow() as session:
        trips.update_day_field(session, scope, day.id, "text", "Mon texte.\n\nÀ moi.", after.version)
    with pytest.raises(HumanEdited):
        generation.regenerate_paragraph(scope, day.id, 0, unit_of_work=uow)


def test_findings_point_at_the_day_they_concern(session):
    scope = make_scope(session, "checks")
    trip_id = trips.create_trip_from_brief(session, scope, JAPAN, use_model=False)
    day = trips.load_trip(session, scope, trip_id).days[3]
    first = trips.add_item(session, scope, day.id, "activity")
    second = trips.add_item(session, scope, day.id, "activity")
    for item_id, start in ((first, "10:00"), (second, "10:30")):
        item = next(i for i in trips.load_trip(session, scope, trip_id).days[3].item_rows if i.id == item_id)
        version = trips.update_item_field(session, scope, item_id, "start_time", start, item.version)
        trips.update_item_field(session, scope, item_id, "duration_minutes", "120", version)
    findings = generation.trip_findings(session, scope, trip_id)
    overlapping = [f for f in findings if f.day_id == day.id]
    assert overlapping, findings
    assert all(f.day_id != trips.load_trip(session, scope, trip_id).days[0].id for f in overlapping)


def test_an_item_whose_price_a_person_set_survives_a_regeneration(uow, scope, monkeypatch):
    monkeypatch.setattr(generation, "client_from_settings", lambda: None)
    with uow() as session:
        trip_id = trips.create_trip_from_brief(session, scope, JAPAN, use_model=False)
        day = trips.load_trip(session, scope, trip_id).days[2]
        item = next(i for i in day.item_rows if i.kind == "activity")
        version = trips.update_item_field(session, scope, item.id, "cost", "999", item.version)
        trips.update_item_field(session, scope, item.id, "supplier", "My contracted supplier", version)
    generation.regenerate_day(scope, day.id, unit_of_work=uow)
    with uow() as session:
        kept = [i for i in trips.load_trip(session, scope, trip_id).days[2].item_rows if i.id == item.id]
    assert len(kept) == 1 and kept[0].cost == "999" and kept[0].supplier == "My contracted supplier"


def test_an_item_edited_during_regeneration_stops_it(uow, scope, monkeypatch):
    monkeypatch.setattr(generation, "client_from_settings", lambda: None)
    with uow() as session:
        trip_id = trips.create_trip_from_brief(session, scope, JAPAN, use_model=False)
        day = trips.load_trip(session, scope, trip_id).days[2]
    real = drafting.regenerate_day

    def while_the_model_works(*args, **kwargs):
        fresh = real(*args, **kwargs)
        with uow() as session:
            item = trips.load_trip(session, scope, trip_id).days[2].item_rows[0]
            trips.update_item_field(session, scope, item.id, "start_time", "07:45", item.version)
        return fresh

    monkeypatch.setattr(drafting, "regenerate_day", while_the_model_works)
    with pytest.raises(EditConflict):
        generation.regenerate_day(scope, day.id, unit_of_work=uow)
    with uow() as session:
        assert trips.load_trip(session, scope, trip_id).days[2].item_rows[0].start_time == "07:45"
