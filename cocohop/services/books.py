"""Travel-book use case: the trip as stored, in its agency's branding, rendered by the
book renderer."""

from __future__ import annotations

import re

from sqlmodel import Session

from cocohop.book.render import Branding, render_book
from cocohop.db.tables import Agency
from cocohop.services.auth import Scope
from cocohop.services.trips import trip_for_book


def agency_branding(agency: Agency) -> Branding:
    return Branding(
        agency_name=agency.trade_name or agency.name,
        primary_color=agency.primary_color,
        accent_color=agency.accent_color,
    )


def render_trip_book(session: Session, scope: Scope, trip_id: int) -> tuple[bytes, str]:
    """PDF bytes of the trip's travel book and a safe file name for it."""
    trip = trip_for_book(session, scope, trip_id)
    branding = agency_branding(session.get(Agency, scope.agency_id))
    slug = re.sub(r"[^a-z0-9]+", "-", trip.title.lower()).strip("-")[:60] or "trip"
    return render_book(trip, branding), f"carnet-{trip_id}-{slug}.pdf"
