"""The attack suite: a designer of agency B tries agency A's ids through every service,
every HTTP route, every page route and every event handler that takes an id. Each must
fail ("not found", or nothing happens) and leave A's data untouched and unseen.

The suite discovers the services, routes and handlers itself: one added without an
attack case here makes it fail.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextvars
import importlib
import inspect
import pkgutil
import re
from dataclasses import dataclass

import pytest
import reflex as rx
from reflex.istate.data import RouterData
from sqlmodel import Session, create_engine, select
from starlette.testclient import TestClient

import cocohop.services
import cocohop.ui
from cocohop.db import engine as engine_module
from cocohop.db.migrations import upgrade_to_head
from cocohop.db.tables import Designer
from cocohop.services import auth, library, photos, trips
from cocohop.services.errors import NotFound
from cocohop.settings import get_settings
from tests.conftest import create_test_database, drop_test_database

SECRET = "SECRET-OF-AGENCY-A"
PASSWORD = "a long enough password"


def _jpeg() -> bytes:
    from io import BytesIO

    from PIL import Image

    out = BytesIO()
    Image.new("RGB", (640, 480), (30, 90, 120)).save(out, "JPEG")
    return out.getvalue()


@dataclass
class Ids:
    trip: int
    day: int
    item: int
    designer: int  # a designer of agency A
    library_entry: int
    photo: int


@dataclass
class World:
    url: str
    a: auth.Scope
    b: auth.Scope
    a_token: str
    b_token: str
    ids: Ids  # agency A's
    b_trip: int  # agency B's own trip


@pytest.fixture(scope="module")
def world(monkeypatch_module):
    """Two agencies on a database of their own, committed, which the app's own engine
    (the UI, the HTTP routes) reaches through DATABASE_URL."""
    url = create_test_database("isolation")
    upgrade_to_head(url)
    monkeypatch_module.setenv("DATABASE_URL", url)
    get_settings.cache_clear()
    engine_module.get_engine.cache_clear()
    engine = create_engine(url)
    with Session(engine) as session:
        a, a_token = auth.sign_up(session, "Agency A", "Ana", "ana@a.example", PASSWORD)
        b, b_token = auth.sign_up(session, "Agency B", "Bea", "bea@b.example", PASSWORD)
        link = auth.invite(session, a, "second@a.example")
        second, _ = auth.accept_invitation(session, link.rsplit("/", 1)[1], "Second", PASSWORD)
        trip_id = trips.create_trip_from_brief(
            session, a, "Bonjour, un couple, 5 nuits au Portugal en mai 2027 : Lisbonne et Porto. Budget 4000 €."
        )
        trips.update_trip_field(session, a, trip_id, "title", SECRET, trips.load_trip(session, a, trip_id).version)
        view = trips.load_trip(session, a, trip_id)
        day = view.days[1]
        trips.update_day_field(session, a, day.id, "text", SECRET, day.version)
        b_trip = trips.create_trip_from_brief(session, b, "Hello, 2 adults, 4 nights in Iceland in March 2027.")
        entry_id = library.create_entry(
            session, a, {"kind": "stay", "country": "PT", "place": "Lisbon", "name": SECRET, "cost": "120", "currency": "EUR"}
        )
        photo_id = photos.add_photo(session, a, "day", day.id, _jpeg())
        session.commit()
        ids = Ids(
            trip=trip_id,
            day=day.id,
            item=view.days[1].item_rows[0].id,
            designer=second.designer_id,
            library_entry=entry_id,
            photo=photo_id,
        )
    engine.dispose()
    yield World(url, a, b, a_token, b_token, ids, b_trip)
    engine_module.get_engine.cache_clear()
    drop_test_database(url)


@pytest.fixture(scope="module")
def monkeypatch_module():
    with pytest.MonkeyPatch.context() as patch:
        yield patch
    get_settings.cache_clear()


def snapshot(world: World):
    """Everything of agency A that an attack could change."""
    engine = create_engine(world.url)
    with Session(engine) as session:
        state = (
            trips.load_trip(session, world.a, world.ids.trip),
            auth.team(session, world.a),
            [(d.id, d.password_hash, d.removed_at) for d in session.exec(select(Designer).order_by(Designer.id))],
            library.search(session, world.a),
            photos.photos_of(session, world.a, "day", world.ids.day),
        )
    engine.dispose()
    return state


# ---------------------------------------------------------------- services

# Every public service function that takes a scope and an id, with the arguments of an
# attack on agency A's rows (given A's ids).
SERVICE_ATTACKS = {
    "trips.load_trip": lambda i: (i.trip,),
    "trips.trip_for_book": lambda i: (i.trip,),
    "trips.trip_with_rows": lambda i: (i.trip,),
    "trips.update_trip_field": lambda i: (i.trip, "title", "hacked", 1),
    "trips.update_trip_contacts": lambda i: (i.trip, [{"name": "hacked"}], 1),
    "trips.update_day_field": lambda i: (i.day, "text", "hacked", 1),
    "trips.update_item_field": lambda i: (i.item, "name", "hacked", 1),
    "trips.add_day": lambda i: (i.trip, 0),
    "trips.remove_day": lambda i: (i.day,),
    "trips.move_day": lambda i: (i.day, 3),
    "trips.add_item": lambda i: (i.day, "meal"),
    "trips.remove_item": lambda i: (i.item,),
    "trips.move_item": lambda i: (i.item, 0),
    "books.render_trip_book": lambda i: (i.trip,),
    "books.book_inputs": lambda i: (i.trip,),
    "generation.regenerate_day": lambda i: (i.day, "more food"),
    "generation.regenerate_paragraph": lambda i: (i.day, 0, "shorter"),
    "generation.trip_findings": lambda i: (i.trip,),
    "library.update_entry_field": lambda i: (i.library_entry, "name", "hacked", 1),
    "library.delete_entry": lambda i: (i.library_entry,),
    "photos.add_photo": lambda i: ("day", i.day, _jpeg()),
    "photos.photos_of": lambda i: ("day", i.day),
    "photos.remove_photo": lambda i: (i.photo,),
    "photos.thumbnail": lambda i: (i.photo,),
    "auth.remove_designer": lambda i: (i.designer,),
    "auth.create_reset_link": lambda i: (i.designer,),
}


def service_functions_taking_ids():
    found = {}
    for module_info in pkgutil.iter_modules(cocohop.services.__path__):
        module = importlib.import_module(f"cocohop.services.{module_info.name}")
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if name.startswith("_") or function.__module__ != module.__name__:
                continue
            params = list(inspect.signature(function).parameters)
            if "scope" in params and any(p.endswith("_id") for p in params):
                found[f"{module_info.name}.{name}"] = function
    return found


def test_every_service_taking_an_id_has_an_attack_case():
    missing = sorted(set(service_functions_taking_ids()) - set(SERVICE_ATTACKS))
    assert not missing, f"add an attack case for: {missing}"


@pytest.mark.parametrize("name", sorted(SERVICE_ATTACKS))
def test_services_refuse_another_agencys_ids(world, name):
    function = service_functions_taking_ids()[name]
    before = snapshot(world)
    engine = create_engine(world.url)
    with Session(engine) as session:
        with pytest.raises(NotFound):
            if next(iter(inspect.signature(function).parameters)) == "session":
                function(session, world.b, *SERVICE_ATTACKS[name](world.ids))
            else:  # a service that opens its own units of work (it calls a slow model between them)
                function(world.b, *SERVICE_ATTACKS[name](world.ids))
        session.commit()
    engine.dispose()
    assert snapshot(world) == before


# ---------------------------------------------------------------- HTTP routes

HTTP_ATTACKS = {
    "/api/trips/{trip_id}/book.pdf": lambda i: [f"/api/trips/{i.trip}/book.pdf", f"/api/trips/{i.trip}/book.pdf?download=1"],
    # The logo route takes no id: it serves the signed-in agency's own logo only.
    "/api/agency/logo": lambda i: ["/api/agency/logo"],
    "/api/photos/{photo_id}": lambda i: [f"/api/photos/{i.photo}"],
}


def test_every_http_route_has_an_attack_case():
    from cocohop.api import ROUTES

    assert sorted(route.path for route in ROUTES) == sorted(HTTP_ATTACKS)


def test_http_routes_refuse_another_agency_and_anonymous_visitors(world):
    from cocohop.api import api
    from cocohop.ui.base import SESSION_COOKIE

    client = TestClient(api)
    for build in HTTP_ATTACKS.values():
        for path in build(world.ids):
            for cookies in ({SESSION_COOKIE: world.b_token}, {}, {SESSION_COOKIE: "forged"}):
                client.cookies.clear()
                client.cookies.update(cookies)
                response = client.get(path)
                assert response.status_code == 404, (path, cookies)
                assert SECRET.encode() not in response.content and not response.content.startswith(b"%PDF")
    # The owner gets the book: the refusals above are about who asks.
    client.cookies.clear()
    client.cookies.update({SESSION_COOKIE: world.a_token})
    own = client.get(f"/api/trips/{world.ids.trip}/book.pdf")
    assert own.status_code == 200 and own.content.startswith(b"%PDF")


# ---------------------------------------------------------------- pages and event handlers


def ui_states():
    states = []
    for module_info in pkgutil.iter_modules(cocohop.ui.__path__):
        module = importlib.import_module(f"cocohop.ui.{module_info.name}")
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, rx.State) and cls.__module__ == module.__name__:
                states.append(cls)
    return states


def handlers_taking_ids():
    found = {}
    for cls in ui_states():
        for name, handler in cls.event_handlers.items():
            params = list(inspect.signature(handler.fn).parameters)
            if any(p.endswith("_id") for p in params):
                found[f"{cls.__name__}.{name}"] = (cls, handler)
    return found


# Handler -> the arguments of an attack with agency A's ids, sent by B's browser while B
# has their own trip open in the editor.
HANDLER_ATTACKS = {
    "EditorState.save_day_field": lambda i: (i.day, "text", "hacked"),
    "EditorState.save_item_field": lambda i: (i.item, "name", "hacked"),
    "EditorState.remove_day": lambda i: (i.day,),
    "EditorState.move_day": lambda i: (i.day, 1),
    "EditorState.remove_item": lambda i: (i.item,),
    "EditorState.move_item": lambda i: (i.item, 0),
    "LibraryState.save_field": lambda i: (i.library_entry, "name", "hacked"),
    "LibraryState.delete": lambda i: (i.library_entry,),
    "LibraryState.show_photos": lambda i: (i.library_entry,),
    "LibraryState.remove_photo": lambda i: (i.photo,),
    "EditorState.remove_photo": lambda i: (i.photo,),
    "TeamState.remove": lambda i: (i.designer,),
    "TeamState.reset_link": lambda i: (i.designer,),
}
# Page routes with an id in them -> the URL of agency A's object.
ROUTE_ATTACKS = {"/trips/[trip_ref]": lambda i: f"/trips/{i.trip}"}


def test_every_handler_and_page_taking_an_id_has_an_attack_case():
    from cocohop.cocohop import PAGES
    from cocohop.ui.routes import PUBLIC

    missing = sorted(set(handlers_taking_ids()) - set(HANDLER_ATTACKS))
    assert not missing, f"add an attack case for: {missing}"
    dynamic = {route for route, *_ in PAGES if "[" in route and route not in PUBLIC}
    assert dynamic == set(ROUTE_ATTACKS)


def run(coroutine):
    """asyncio.run in a thread of its own: the browser tests' Playwright keeps an event
    loop running in the main thread for the whole session."""
    context = contextvars.copy_context()  # Reflex keeps its registry in a context variable
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(context.run, asyncio.run, coroutine).result()


def state_tree(token: str, path: str):
    root = rx.State(_reflex_internal_init=True)
    root.router = RouterData.from_router_data(
        {"pathname": path, "asPath": path, "headers": {"origin": "http://localhost:3000"}}
    )
    return root


def substate(root, cls):
    return root.get_substate(cls.get_full_name().split(".")[1:])


async def open_editor_as(token: str, path: str):
    from cocohop.ui.base import BaseState
    from cocohop.ui.editor_page import EditorState

    root = state_tree(token, path)
    substate(root, BaseState).session_token = token
    editor = substate(root, EditorState)
    await EditorState.event_handlers["load"].fn(editor)
    return root, editor


def test_a_page_url_with_another_agencys_id_says_not_found(world):
    for build in ROUTE_ATTACKS.values():
        root, editor = run(open_editor_as(world.b_token, build(world.ids)))
        assert editor.not_found and editor.days == []
        assert SECRET not in repr(root.dict())
    # Control: the owner opens it.
    root, editor = run(open_editor_as(world.a_token, ROUTE_ATTACKS["/trips/[trip_ref]"](world.ids)))
    assert not editor.not_found and SECRET in repr(root.dict())


def forge_state(root, editor, ids: Ids) -> None:
    """The worst case: B's page state itself lists A's rows (as if a bug had put them
    there), so that no check in the handler stops the attack before the service does."""
    from cocohop.services.library import EntryView
    from cocohop.services.trips import DayView, ItemView
    from cocohop.ui.library_page import LibraryState

    item = ItemView(ids.item, 1, "activity", "", "", "", "", "", "", "", "", "", False, True)
    editor.days = [*editor.days, DayView(ids.day, 1, len(editor.days), "", "", True, "", "", True, [item])]
    fields = {name: "" for name in EntryView.__dataclass_fields__}
    substate(root, LibraryState).entries = [EntryView(**{**fields, "id": ids.library_entry, "version": 1})]


@pytest.mark.parametrize("name", sorted(HANDLER_ATTACKS))
def test_event_handlers_refuse_another_agencys_ids(world, name):
    cls, handler = handlers_taking_ids()[name]
    before = snapshot(world)

    async def attack():
        root, editor = await open_editor_as(world.b_token, f"/trips/{world.b_trip}")
        forge_state(root, editor, world.ids)
        state = substate(root, cls)
        await handler.fn(state, *HANDLER_ATTACKS[name](world.ids))
        return root

    root = run(attack())
    assert snapshot(world) == before
    assert SECRET not in repr(root.dict())
    assert not re.search(r"/(invite|reset)/[\w-]{20,}", repr(root.dict())), "a link for A's designer leaked"
