"""Generation use cases that may call a language model: draft a trip from a brief,
regenerate one day or one paragraph, check a trip's feasibility.

The model is slow, so no database transaction stays open while it works: read in one
unit of work, call the model, then write in another, checking that nothing a person
did in between is overwritten. A failed or cancelled run writes nothing.
"""

from __future__ import annotations

import threading
from decimal import Decimal
from collections.abc import Callable
from dataclasses import dataclass

import sqlalchemy as sa
from sqlmodel import Session, select

from cocohop.adapters.llm import client_from_settings
from cocohop.db.engine import unit_of_work as default_unit_of_work
from cocohop.db.tables import Day, Item, utcnow
from cocohop.domain.brief import BriefFacts, Budget
from cocohop.domain.feasibility import check_trip
from cocohop.domain.regenerate import with_paragraph
from cocohop.services import drafting
from cocohop.services.auth import Scope
from cocohop.services.errors import EditConflict
from cocohop.services.library import agency_library
from cocohop.services.trips import _day, create_trip, item_row, trip_with_rows

Progress = Callable[[int, int, str], None]


def generate_trip_for(
    scope: Scope,
    brief_text: str,
    *,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
    unit_of_work=default_unit_of_work,
) -> int:
    """Drafts the whole trip (with the model when one is configured) and stores it;
    returns its id. Raises BriefError, ModelError or Cancelled, having stored nothing."""
    with unit_of_work() as session:
        library = agency_library(session, scope)
    result = drafting.draft_trip(
        brief_text, llm=client_from_settings(), library=library, progress=progress, cancel=cancel
    )
    with unit_of_work() as session:
        return create_trip(session, scope, result.trip, brief_text=brief_text, facts=result.facts)


def _stored_facts(facts: dict) -> BriefFacts | None:
    """The brief's facts as stored beside the trip (interests, dislikes guide a regeneration)."""
    if not facts:
        return None
    budget = facts.get("budget")
    return BriefFacts(
        lang=facts.get("lang", "en"),
        country=facts.get("country"),
        adults=facts.get("adults"),
        children=facts.get("children"),
        child_ages=list(facts.get("child_ages", [])),
        places=list(facts.get("places", [])),
        interests=list(facts.get("interests", [])),
        constraints=list(facts.get("constraints", [])),
        occasion=facts.get("occasion"),
        budget=Budget(Decimal(str(budget["amount"])), budget["currency"], budget.get("per", "party")) if budget else None,
    )


@dataclass
class _Snapshot:
    trip: object
    index: int
    day_version: int
    item_versions: dict[int, int]
    facts: BriefFacts | None
    library: object


def _item_versions(session: Session, day_id: int) -> dict[int, int]:
    return dict(session.exec(select(Item.id, Item.version).where(Item.day_id == day_id)).all())


def _snapshot(session: Session, scope: Scope, day_id: int) -> _Snapshot:
    day, trip_row = _day(session, scope.agency_id, day_id)
    trip, _row, days = trip_with_rows(session, scope, trip_row.id)
    index = [d.id for d in days].index(day.id)
    return _Snapshot(
        trip,
        index,
        day.version,
        _item_versions(session, day.id),
        _stored_facts(trip_row.brief_facts),
        agency_library(session, scope),
    )


def regenerate_day(
    scope: Scope,
    day_id: int,
    instruction: str | None = None,
    *,
    cancel: threading.Event | None = None,
    unit_of_work=default_unit_of_work,
) -> int:
    """A new version of one day; only what a generator wrote and nobody edited changes.
    Returns the day's new version. EditConflict when the day changed meanwhile."""
    with unit_of_work() as session:
        snap = _snapshot(session, scope, day_id)
    fresh = drafting.regenerate_day(
        snap.trip, snap.index, instruction, llm=client_from_settings(), facts=snap.facts, library=snap.library, cancel=cancel
    )
    with unit_of_work() as session:
        day, trip = _day(session, scope.agency_id, day_id)
        _claim(session, day, snap.day_version)
        if _item_versions(session, day.id) != snap.item_versions:
            raise EditConflict("this day's items")  # a person edited, added or removed one meanwhile
        if day.title_generated:
            day.title = fresh.title
        if day.text_generated:
            day.text = fresh.text
        rows = list(session.exec(select(Item).where(Item.day_id == day.id).order_by(Item.position, Item.id)))
        kept = [row for row in rows if not row.generated]
        for row in rows:
            if row.generated:
                session.delete(row)
        session.flush()
        # The merged day lists the kept (person-edited) items as equal copies, in time
        # order among the new ones: give each kept row its place, add the new ones.
        for position, item in enumerate(fresh.items):
            if item.generated:
                session.add(item_row(day.id, position, item))
                continue
            match = next((row for row in kept if row.kind == item.kind.value and row.name == item.name), None)
            if match is None:
                match = kept[0] if kept else None
            if match is not None:
                kept.remove(match)
                match.position = position
                session.add(match)
        for extra, row in enumerate(kept, start=len(fresh.items)):
            row.position = extra
            session.add(row)
        trip.updated_at = utcnow()
        session.add_all([day, trip])
        session.flush()
        return day.version


def regenerate_paragraph(
    scope: Scope,
    day_id: int,
    paragraph_index: int,
    instruction: str | None = None,
    *,
    cancel: threading.Event | None = None,
    unit_of_work=default_unit_of_work,
) -> int:
    """A new version of one paragraph of a day's generated text. Raises HumanEdited when
    a person edited the text, EditConflict when the day changed meanwhile."""
    with unit_of_work() as session:
        snap = _snapshot(session, scope, day_id)
    paragraph = drafting.regenerate_paragraph(
        snap.trip,
        snap.index,
        paragraph_index,
        instruction,
        llm=client_from_settings(),
        facts=snap.facts,
        library=snap.library,
        cancel=cancel,
    )
    with unit_of_work() as session:
        day, trip = _day(session, scope.agency_id, day_id)
        _claim(session, day, snap.day_version)
        day.text = with_paragraph(snap.trip.days[snap.index], paragraph_index, paragraph).text
        trip.updated_at = utcnow()
        session.add_all([day, trip])
        session.flush()
        return day.version


def _claim(session: Session, day: Day, version: int) -> None:
    """Compare-and-set: the day is still as it was read, and now one version newer."""
    result = session.execute(
        sa.update(Day).where(Day.id == day.id, Day.version == version).values(version=version + 1)
    )
    if result.rowcount != 1:
        raise EditConflict("this day")
    session.refresh(day)


@dataclass
class FindingView:
    day_id: int  # 0: the whole trip
    severity: str
    message: str


def trip_findings(session: Session, scope: Scope, trip_id: int, lang: str = "en") -> list[FindingView]:
    """The feasibility checker's findings on the trip as it is now."""
    trip, row, days = trip_with_rows(session, scope, trip_id)
    facts = _stored_facts(row.brief_facts)
    findings = check_trip(trip, facts=facts, library=agency_library(session, scope))
    return [
        FindingView(
            day_id=days[f.day_index].id if f.day_index is not None and f.day_index < len(days) else 0,
            severity=f.severity,
            message=f.message(lang),
        )
        for f in findings
    ]
