"""Travel-book use case: the trip as stored, in its agency's branding, rendered by the
book renderer."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from sqlmodel import Session

from cocohop.book.branding import Branding, LegalMentions
from cocohop.book.render import BookRenderer, render_book
from cocohop.services.agencies import ATOUT_FRANCE
from cocohop.db.tables import Agency
from cocohop.services.auth import Scope
from cocohop.domain.itinerary import Trip
from cocohop.services.trips import trip_for_book


log = logging.getLogger(__name__)


def agency_branding(agency: Agency) -> Branding:
    """The agency's settings as the book takes them. They were checked when saved; a value
    the book would still refuse (saved under older rules) is left out, not fatal."""
    legal = LegalMentions(
        trade_name=agency.trade_name[:150],
        address=agency.address[:300],
        atout_france_registration=agency.atout_france_number if ATOUT_FRANCE.fullmatch(agency.atout_france_number) else "",
        financial_guarantee=agency.financial_guarantee[:300],
        liability_insurer=agency.liability_insurer[:300],
    )
    branding = dict(
        agency_name=(agency.trade_name or agency.name)[:150],
        primary_color=agency.primary_color,
        accent_color=agency.accent_color,
        heading_font=agency.heading_font,
        body_font=agency.body_font,
        legal=legal,
        logo_data=agency.logo,
        logo_mime=agency.logo_mime,
        phone=agency.phone,
        email=agency.email,
        website=agency.website,
        address=agency.address[:300],
        emergency_phone=agency.emergency_phone,
    )
    try:
        return Branding(**branding)
    except ValueError:
        log.warning("agency %s: branding refused by the book, using the defaults for it", agency.id, exc_info=True)
        return Branding(agency_name=branding["agency_name"], legal=legal)


@dataclass
class BookInputs:
    """All a book needs, read from the database; rendering then needs no connection."""

    trip: Trip
    branding: Branding
    filename: str


def book_inputs(session: Session, scope: Scope, trip_id: int) -> BookInputs:
    trip = trip_for_book(session, scope, trip_id)
    branding = agency_branding(session.get(Agency, scope.agency_id))
    slug = re.sub(r"[^a-z0-9]+", "-", trip.title.lower()).strip("-")[:60] or "trip"
    return BookInputs(trip, branding, f"carnet-{trip_id}-{slug}.pdf")


def render(inputs: BookInputs, *, workers: int | None = None) -> bytes:
    """``workers=0`` renders in this process (a one-off book from the command line); by
    default the app's warm renderer, with its worker processes and its cache of unchanged
    days, does it."""
    renderer = BookRenderer(workers=0) if workers == 0 else None
    return render_book(inputs.trip, inputs.branding, renderer=renderer)


def render_trip_book(
    session: Session, scope: Scope, trip_id: int, *, workers: int | None = None
) -> tuple[bytes, str]:
    """PDF bytes of the trip's travel book and a safe file name for it."""
    inputs = book_inputs(session, scope, trip_id)
    return render(inputs, workers=workers), inputs.filename
