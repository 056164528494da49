"""Trip use cases: create from a brief, read, edit field by field, restructure.

Every function takes the session and the agency it acts for; a trip, day or item of
another agency is "not found", never its data. Each edit names the version of the row
the caller last saw: a stale version raises EditConflict instead of overwriting.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlmodel import Session, select

from cocohop.db.tables import Agency, Day, Item, Trip, utcnow
from cocohop.domain import itinerary
from cocohop.domain.brief import BriefFacts
from cocohop.services.auth import Scope
from cocohop.services import fields
from cocohop.services.errors import EditConflict, InvalidEdit, NotFound
from cocohop.services.library import agency_library

# ---------------------------------------------------------------- read models


@dataclass
class TripSummary:
    id: int
    title: str
    country: str
    start: str
    nights: int
    status: str
    updated: str


@dataclass
class ItemView:
    id: int
    version: int
    kind: str
    name: str
    place: str
    start_time: str
    duration_minutes: str
    nights: str
    supplier: str
    cost: str
    currency: str
    description: str
    to_complete: bool
    generated: bool
    to_verify: bool = False


@dataclass
class DayView:
    id: int
    version: int
    position: int
    date: str  # ISO, or "" when the trip has no dates
    title: str
    title_generated: bool
    base_place: str
    text: str
    text_generated: bool
    # Not "items": the UI reads these rows through Reflex vars, where .items is a method.
    item_rows: list[ItemView] = field(default_factory=list)


@dataclass
class ContactView:
    name: str = ""
    role: str = ""
    phone: str = ""
    email: str = ""


@dataclass
class TripView:
    id: int
    version: int
    title: str
    title_generated: bool
    client_name: str
    country: str
    lang: str
    start: str
    end: str
    adults: int
    children: int
    currency: str
    status: str
    days: list[DayView] = field(default_factory=list)
    contacts: list[ContactView] = field(default_factory=list)


# ---------------------------------------------------------------- scope


def agency_by_slug(session: Session, slug: str) -> Agency:
    agency = session.exec(select(Agency).where(Agency.slug == slug)).first()
    if agency is None:
        raise NotFound("agency")
    return agency


def _trip(session: Session, agency_id: int, trip_id: int, *, lock: bool = False) -> Trip:
    query = select(Trip).where(Trip.id == trip_id, Trip.agency_id == agency_id)
    if lock:
        query = query.with_for_update()
    trip = session.exec(query).first()
    if trip is None:
        raise NotFound("trip")
    return trip


def _day(session: Session, agency_id: int, day_id: int) -> tuple[Day, Trip]:
    row = session.exec(
        select(Day, Trip)
        .join(Trip, Trip.id == Day.trip_id)
        .where(Day.id == day_id, Trip.agency_id == agency_id)
    ).first()
    if row is None:
        raise NotFound("day")
    return row


def _item(session: Session, agency_id: int, item_id: int) -> tuple[Item, Day, Trip]:
    row = session.exec(
        select(Item, Day, Trip)
        .join(Day, Day.id == Item.day_id)
        .join(Trip, Trip.id == Day.trip_id)
        .where(Item.id == item_id, Trip.agency_id == agency_id)
    ).first()
    if row is None:
        raise NotFound("item")
    return row


def _days(session: Session, trip_id: int) -> list[Day]:
    return list(
        session.exec(select(Day).where(Day.trip_id == trip_id).order_by(Day.position, Day.id))
    )


def _items(session: Session, day_ids: list[int]) -> dict[int, list[Item]]:
    by_day: dict[int, list[Item]] = {day_id: [] for day_id in day_ids}
    if day_ids:
        rows = session.exec(
            select(Item).where(Item.day_id.in_(day_ids)).order_by(Item.position, Item.id)
        )
        for item in rows:
            by_day[item.day_id].append(item)
    return by_day


# ---------------------------------------------------------------- create


def create_trip(
    session: Session,
    scope: Scope,
    draft: itinerary.Trip,
    *,
    brief_text: str = "",
    facts: BriefFacts | None = None,
) -> int:
    """Store a domain trip (generated or hand-made) for an agency; returns its id."""
    trip = Trip(
        agency_id=scope.agency_id,
        designer_id=scope.designer_id,
        title=draft.title,
        title_generated=draft.title_generated,
        country=draft.country,
        lang=draft.lang,
        start_date=draft.start,
        end_date=draft.end,
        adults=draft.adults,
        children=draft.children,
        child_ages=list(draft.child_ages),
        currency=draft.currency,
        brief_text=brief_text,
        brief_facts=facts.to_dict() if facts else {},
        route=[
            {"place": stop.place, "nights": stop.nights, "lat": stop.lat, "lon": stop.lon}
            for stop in draft.route
        ],
        practical_info=draft.practical_info,
        practical_info_generated=bool(draft.practical_info) and draft.title_generated,
    )
    session.add(trip)
    session.flush()
    for position, day in enumerate(draft.days):
        day_row = Day(
            trip_id=trip.id,
            position=position,
            date=day.date,
            title=day.title,
            title_generated=day.title_generated,
            base_place=day.base_place,
            text=day.text,
            text_generated=day.text_generated,
        )
        session.add(day_row)
        session.flush()
        for item_position, item in enumerate(day.items):
            session.add(item_row(day_row.id, item_position, item))
    session.flush()
    return trip.id


def item_row(day_id: int, position: int, item: itinerary.Item) -> Item:
    return Item(
        day_id=day_id,
        position=position,
        kind=item.kind.value,
        name=item.name,
        place=item.place,
        start_time=item.start_time,
        end_time=item.end_time,
        duration_minutes=item.duration_minutes,
        nights=item.nights,
        supplier=item.supplier,
        cost=item.cost,
        currency=item.currency,
        description=item.description,
        to_complete=item.to_complete,
        generated=item.generated,
        to_verify=item.to_verify,
        unit=item.unit,
        address=item.address,
        phone=item.phone,
        rooms=item.rooms,
    )


def create_trip_from_brief(
    session: Session, scope: Scope, brief_text: str, *, use_model: bool = True
) -> int:
    """Parse a client's e-mail, draft the whole trip (with the model when one is
    configured and ``use_model``), store it. Raises BriefError on a text that cannot be
    read as a brief, ModelError when the model fails; nothing is stored then."""
    from cocohop.adapters.llm import client_from_settings
    from cocohop.services.drafting import draft_trip

    result = draft_trip(
        brief_text,
        llm=client_from_settings() if use_model else None,
        library=agency_library(session, scope),
    )
    return create_trip(session, scope, result.trip, brief_text=brief_text, facts=result.facts)


# ---------------------------------------------------------------- read


def list_trips(session: Session, scope: Scope) -> list[TripSummary]:
    trips = session.exec(
        select(Trip).where(Trip.agency_id == scope.agency_id).order_by(Trip.updated_at.desc())
    )
    day_counts = dict(
        session.exec(
            select(Day.trip_id, sa.func.count(Day.id))
            .join(Trip, Trip.id == Day.trip_id)
            .where(Trip.agency_id == scope.agency_id)
            .group_by(Day.trip_id)
        ).all()
    )
    return [
        TripSummary(
            id=t.id,
            title=t.title or "—",
            country=t.country or "",
            start=t.start_date.isoformat() if t.start_date else "",
            nights=(t.end_date - t.start_date).days
            if t.start_date and t.end_date
            else max(day_counts.get(t.id, 1) - 1, 0),
            status=t.status,
            updated=t.updated_at.astimezone(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
            if t.updated_at
            else "",
        )
        for t in trips
    ]


def _text(value) -> str:
    return "" if value is None else str(value)


def load_trip(session: Session, scope: Scope, trip_id: int) -> TripView:
    trip = _trip(session, scope.agency_id, trip_id)
    days = _days(session, trip.id)
    items = _items(session, [d.id for d in days])
    facts = trip.brief_facts or {}
    return TripView(
        id=trip.id,
        version=trip.version,
        title=trip.title,
        title_generated=trip.title_generated,
        client_name=facts.get("client_name", ""),
        country=trip.country or "",
        lang=trip.lang,
        start=_text(trip.start_date and trip.start_date.isoformat()),
        end=_text(trip.end_date and trip.end_date.isoformat()),
        adults=trip.adults,
        children=trip.children,
        currency=trip.currency,
        status=trip.status,
        contacts=[ContactView(**{k: c.get(k, "") for k in CONTACT_KEYS}) for c in trip.contacts or []],
        days=[
            DayView(
                id=d.id,
                version=d.version,
                position=d.position,
                date=d.date.isoformat() if d.date else "",
                title=d.title,
                title_generated=d.title_generated,
                base_place=d.base_place,
                text=d.text,
                text_generated=d.text_generated,
                item_rows=[
                    ItemView(
                        id=i.id,
                        version=i.version,
                        kind=i.kind,
                        name=i.name,
                        place=i.place,
                        start_time=i.start_time.strftime("%H:%M") if i.start_time else "",
                        duration_minutes=_text(i.duration_minutes),
                        nights=_text(i.nights),
                        supplier=i.supplier,
                        cost=fields.plain_decimal(i.cost),
                        currency=i.currency,
                        description=i.description,
                        to_complete=i.to_complete,
                        generated=i.generated,
                        to_verify=i.to_verify,
                    )
                    for i in items[d.id]
                ],
            )
            for d in days
        ],
    )


def trip_for_book(session: Session, scope: Scope, trip_id: int) -> itinerary.Trip:
    """The trip as the domain sees it, for the travel book and the checks."""
    return trip_with_rows(session, scope, trip_id)[0]


def trip_with_rows(session: Session, scope: Scope, trip_id: int) -> tuple[itinerary.Trip, Trip, list[Day]]:
    """The domain trip, with the rows it came from (day i of the domain trip is row i)."""
    trip = _trip(session, scope.agency_id, trip_id)
    days = _days(session, trip.id)
    items = _items(session, [d.id for d in days])
    from cocohop.services.photos import book_refs

    names = [d.base_place for d in days] + [i.name for rows in items.values() for i in rows]
    cover, day_photos, library_photos = book_refs(session, scope.agency_id, trip.id, [d.id for d in days], names)
    domain = itinerary.Trip(
        photo=cover,
        title=trip.title,
        country=trip.country,
        lang=trip.lang,
        start=trip.start_date,
        end=trip.end_date,
        adults=trip.adults,
        children=trip.children,
        child_ages=list(trip.child_ages or []),
        currency=trip.currency,
        client_name=(trip.brief_facts or {}).get("client_name", ""),
        route=[itinerary.RouteStop(**stop) for stop in trip.route or []],
        practical_info=trip.practical_info,
        title_generated=trip.title_generated,
        contacts=[itinerary.Contact(**contact) for contact in trip.contacts or []],
        days=[day_to_domain(d, items[d.id]) for d in days],
    )
    for day, row in zip(domain.days, days):
        day.photo = day_photos.get(row.id) or library_photos.get(row.base_place.strip().lower())
        for item in day.items:
            item.photo = library_photos.get(item.name.strip().lower())
    return domain, trip, days


def day_to_domain(day: Day, items: list[Item]) -> itinerary.Day:
    return itinerary.Day(
        date=day.date,
        title=day.title,
        base_place=day.base_place,
        text=day.text,
        title_generated=day.title_generated,
        text_generated=day.text_generated,
        items=[item_to_domain(i) for i in items],
    )


def item_to_domain(i: Item) -> itinerary.Item:
    return itinerary.Item(
        kind=itinerary.ItemKind(i.kind),
        name=i.name,
        place=i.place,
        start_time=i.start_time,
        end_time=i.end_time,
        duration_minutes=i.duration_minutes,
        nights=i.nights,
        supplier=i.supplier,
        cost=i.cost,
        currency=i.currency,
        description=i.description,
        to_complete=i.to_complete,
        generated=i.generated,
        to_verify=i.to_verify,
        unit=i.unit,
        address=i.address,
        phone=i.phone,
        rooms=i.rooms,
    )


# ---------------------------------------------------------------- field edits


TRIP_FIELDS: dict[str, Callable] = {
    "title": fields.text(300),
    "lang": fields.choice(itinerary.LANGUAGES),
    "currency": lambda v: fields.currency(v) or "EUR",
    "adults": fields.whole_number(0, 99),
    "children": fields.whole_number(0, 99),
    "status": fields.choice(tuple(s.value for s in itinerary.TripStatus)),
    "start_date": fields.optional_date,
    "practical_info": fields.long_text,
}
DAY_FIELDS: dict[str, Callable] = {
    "title": fields.text(300),
    "base_place": fields.text(200),
    "text": fields.long_text,
}
ITEM_FIELDS: dict[str, Callable] = {
    "kind": fields.choice(tuple(k.value for k in itinerary.ItemKind)),
    "name": fields.text(300),
    "place": fields.text(200),
    "start_time": fields.optional_time,
    "duration_minutes": fields.optional_int(0, 60 * 24 * 7),
    "nights": fields.optional_int(0, 365),
    "supplier": fields.text(200),
    "cost": fields.optional_money,
    "currency": fields.currency,
    "description": fields.long_text,
    "unit": fields.choice(fields.UNITS),
    "address": fields.text(500),
    "phone": fields.text(50),
}
# Editing one of these texts clears its "generated" mark.
GENERATED_MARKS = {
    (Trip, "title"): "title_generated",
    (Trip, "practical_info"): "practical_info_generated",
    (Day, "title"): "title_generated",
    (Day, "text"): "text_generated",
}


def _bump_versioned(session: Session, row, expected_version: int, what: str) -> None:
    """Compare-and-set on the version column, so two concurrent saves cannot both win."""
    table = type(row)
    result = session.execute(
        sa.update(table)
        .where(table.id == row.id, table.version == expected_version)
        .values(version=expected_version + 1)
    )
    if result.rowcount != 1:
        raise EditConflict(what)


def update_trip_field(
    session: Session, scope: Scope, trip_id: int, name: str, value: str, version: int
) -> int:
    trip = _trip(session, scope.agency_id, trip_id)
    parsed = fields.parse_field(TRIP_FIELDS, name, value)
    _bump_versioned(session, trip, version, "the trip")
    session.refresh(trip)
    setattr(trip, name, parsed)
    mark = GENERATED_MARKS.get((Trip, name))
    if mark:
        setattr(trip, mark, False)
    if name == "start_date":
        _redate(session, trip)
    trip.updated_at = utcnow()
    session.add(trip)
    session.flush()
    return trip.version


CONTACT_KEYS = ("name", "role", "phone", "email")
MAX_CONTACTS = 20


def update_trip_contacts(
    session: Session, scope: Scope, trip_id: int, contacts: list[dict], version: int
) -> int:
    """Replaces the trip's local contacts (the editor sends the whole short list)."""
    trip = _trip(session, scope.agency_id, trip_id)
    if len(contacts) > MAX_CONTACTS:
        raise InvalidEdit(f"at most {MAX_CONTACTS} contacts")
    cleaned = []
    for contact in contacts:
        row = {key: fields.text(200)(str(contact.get(key, ""))) for key in CONTACT_KEYS}
        cleaned.append(row)
    _bump_versioned(session, trip, version, "the trip")
    session.refresh(trip)
    trip.contacts = cleaned
    trip.updated_at = utcnow()
    session.add(trip)
    session.flush()
    return trip.version


def update_day_field(
    session: Session, scope: Scope, day_id: int, name: str, value: str, version: int
) -> int:
    day, trip = _day(session, scope.agency_id, day_id)
    parsed = fields.parse_field(DAY_FIELDS, name, value)
    _bump_versioned(session, day, version, "this day")
    session.refresh(day)
    setattr(day, name, parsed)
    mark = GENERATED_MARKS.get((Day, name))
    if mark:
        setattr(day, mark, False)
    trip.updated_at = utcnow()
    session.add_all([day, trip])
    session.flush()
    return day.version


def update_item_field(
    session: Session, scope: Scope, item_id: int, name: str, value: str, version: int
) -> int:
    item, _day_row, trip = _item(session, scope.agency_id, item_id)
    parsed = fields.parse_field(ITEM_FIELDS, name, value)
    _bump_versioned(session, item, version, "this item")
    session.refresh(item)
    setattr(item, name, parsed)
    # Whatever a person changes in an item (a price, a supplier, a time) makes it theirs:
    # a regeneration of the day then keeps it.
    item.generated = False
    if name in ("name", "place") and parsed:
        # A person wrote it: it is no longer a blank to fill, nor a model's guess to check.
        item.to_complete = False
        item.to_verify = False
    trip.updated_at = utcnow()
    session.add_all([item, trip])
    session.flush()
    return item.version


# ---------------------------------------------------------------- structure
# Adding, removing and moving days or items overwrite no one's text, so they take no
# version: they apply to the rows as they are now. A tab still showing a removed row
# gets "not found" on its next edit there and reloads.


def _redate(session: Session, trip: Trip) -> None:
    """Day dates follow their position from the trip's start: day 1 is the start date."""
    days = _days(session, trip.id)
    for position, day in enumerate(days):
        day.position = position
        day.date = trip.start_date + dt.timedelta(days=position) if trip.start_date else None
        session.add(day)
    trip.end_date = trip.start_date + dt.timedelta(days=len(days) - 1) if trip.start_date and days else None


def _touch(session: Session, trip: Trip) -> None:
    trip.updated_at = utcnow()
    session.add(trip)
    session.flush()


def add_day(session: Session, scope: Scope, trip_id: int, after_position: int) -> int:
    """Insert an empty day after the given position (-1: first); returns its id."""
    trip = _trip(session, scope.agency_id, trip_id, lock=True)
    days = _days(session, trip.id)
    insert_at = max(0, min(after_position + 1, len(days)))
    new_day = Day(
        trip_id=trip.id,
        title="Nouvelle journée" if trip.lang == "fr" else "New day",
        base_place=days[insert_at - 1].base_place if insert_at and days else "",
    )
    days.insert(insert_at, new_day)
    for position, day in enumerate(days):
        day.position = position
        session.add(day)
    session.flush()
    _redate(session, trip)
    _touch(session, trip)
    return new_day.id


def remove_day(session: Session, scope: Scope, day_id: int) -> None:
    day, trip = _day(session, scope.agency_id, day_id)
    session.execute(sa.delete(Item).where(Item.day_id == day.id))
    session.delete(day)
    session.flush()
    _redate(session, trip)
    _touch(session, trip)


def move_day(session: Session, scope: Scope, day_id: int, new_position: int) -> None:
    day, trip = _day(session, scope.agency_id, day_id)
    days = [d for d in _days(session, trip.id) if d.id != day.id]
    days.insert(max(0, min(new_position, len(days))), day)
    for position, row in enumerate(days):
        row.position = position
        session.add(row)
    session.flush()
    _redate(session, trip)
    _touch(session, trip)


def add_item(session: Session, scope: Scope, day_id: int, kind: str) -> int:
    day, trip = _day(session, scope.agency_id, day_id)
    kind = fields.parse_field(ITEM_FIELDS, "kind", kind)
    position = len(_items(session, [day.id])[day.id])
    item = Item(day_id=day.id, position=position, kind=kind, place=day.base_place)
    session.add(item)
    _touch(session, trip)
    return item.id


def remove_item(session: Session, scope: Scope, item_id: int) -> None:
    item, day, trip = _item(session, scope.agency_id, item_id)
    session.delete(item)
    session.flush()
    _renumber_items(session, day.id, [])
    _touch(session, trip)


def move_item(session: Session, scope: Scope, item_id: int, new_position: int) -> None:
    item, day, trip = _item(session, scope.agency_id, item_id)
    _renumber_items(session, day.id, [(item, new_position)])
    _touch(session, trip)


def _renumber_items(session: Session, day_id: int, moves: list[tuple[Item, int]]) -> None:
    items = _items(session, [day_id])[day_id]
    for item, new_position in moves:
        items.remove(item)
        items.insert(max(0, min(new_position, len(items))), item)
    for position, row in enumerate(items):
        row.position = position
        session.add(row)
