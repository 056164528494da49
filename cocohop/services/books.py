"""Travel-book use case: the trip as stored, rendered by the book renderer."""

from __future__ import annotations

import re

from sqlmodel import Session

from cocohop.book.render import render_book
from cocohop.services.trips import trip_for_book


def render_trip_book(session: Session, agency_id: int, trip_id: int) -> tuple[bytes, str]:
    """PDF bytes of the trip's travel book and a safe file name for it."""
    trip = trip_for_book(session, agency_id, trip_id)
    slug = re.sub(r"[^a-z0-9]+", "-", trip.title.lower()).strip("-")[:60] or "trip"
    return render_book(trip), f"carnet-{trip_id}-{slug}.pdf"
