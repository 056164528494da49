"""Demo data for a first look: an agency, a designer, a client and two trips.
Idempotent: running it again changes nothing."""

from __future__ import annotations

from sqlmodel import Session, select

from cocohop.db.tables import Agency, Client, Designer, Trip
from cocohop.services.trips import create_trip_from_brief

DEMO_AGENCY = {"name": "Atelier Voyages", "slug": "atelier-voyages"}
DEMO_DESIGNER = {"email": "claire@atelier-voyages.example", "name": "Claire Martin"}
DEMO_BRIEFS = [
    "Bonjour, nous sommes un couple (Camille et Hugo) et nous partons en voyage de noces "
    "au Japon du 4 au 17 avril 2027. On aimerait voir Tokyo, Kyoto et passer une nuit dans "
    "un ryokan avec onsen. On adore la cuisine et les jardins. Budget autour de 9000 euros "
    "pour nous deux, vols non compris.",
    "Good morning. My wife and I would like a gentle two-week trip through Portugal in late "
    "September 2027: Lisbon, Sintra, the Douro valley for wine, and Porto. Budget perhaps "
    "15,000 GBP.",
]


def seed_demo(session: Session) -> int:
    """Creates what is missing of the demo data; returns the demo agency's id."""
    agency = session.exec(select(Agency).where(Agency.slug == DEMO_AGENCY["slug"])).first()
    if agency is None:
        agency = Agency(**DEMO_AGENCY)
        session.add(agency)
        session.flush()
    designer = session.exec(select(Designer).where(Designer.email == DEMO_DESIGNER["email"])).first()
    if designer is None:
        designer = Designer(agency_id=agency.id, **DEMO_DESIGNER)
        session.add(designer)
        session.add(Client(agency_id=agency.id, name="Camille Durand", email="camille@example.com"))
        session.flush()
    has_trips = session.exec(select(Trip.id).where(Trip.agency_id == agency.id)).first()
    if has_trips is None:
        for brief in DEMO_BRIEFS:
            create_trip_from_brief(session, agency.id, brief, designer_id=designer.id)
    return agency.id
