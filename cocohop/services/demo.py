"""Demo data for a first look: two agencies, each with an admin, a designer, a client
and trips. Idempotent: running it again changes nothing."""

from __future__ import annotations

from dataclasses import dataclass

from argon2 import PasswordHasher
from sqlmodel import Session, select

from cocohop.db.tables import Agency, Client, Designer, Trip
from cocohop.services.auth import Scope
from cocohop.services.trips import create_trip_from_brief


@dataclass(frozen=True)
class DemoAgency:
    name: str
    slug: str
    primary_color: str
    accent_color: str
    designers: tuple[tuple[str, str, str], ...]  # (e-mail, name, role)
    client: str
    briefs: tuple[str, ...]


DEMO_PASSWORD = "demo-password"  # printed in the README: demo data only
DEMO_AGENCIES = (
    DemoAgency(
        name="Atelier Voyages",
        slug="atelier-voyages",
        primary_color="#1f4e5f",
        accent_color="#c8873a",
        designers=(
            ("claire@atelier-voyages.example", "Claire Martin", "admin"),
            ("hugo@atelier-voyages.example", "Hugo Petit", "designer"),
        ),
        client="Camille Durand",
        briefs=(
            "Bonjour, nous sommes un couple (Camille et Hugo) et nous partons en voyage de noces "
            "au Japon du 4 au 17 avril 2027. On aimerait voir Tokyo, Kyoto et passer une nuit dans "
            "un ryokan avec onsen. On adore la cuisine et les jardins. Budget autour de 9000 euros "
            "pour nous deux, vols non compris.",
            "Good morning. My wife and I would like a gentle two-week trip through Portugal in late "
            "September 2027: Lisbon, Sintra, the Douro valley for wine, and Porto. Budget perhaps "
            "15,000 GBP.",
        ),
    ),
    DemoAgency(
        name="Horizons Sur Mesure",
        slug="horizons-sur-mesure",
        primary_color="#5a2d6e",
        accent_color="#2e8b57",
        designers=(("marc@horizons.example", "Marc Lefèvre", "admin"),),
        client="Famille Bernard",
        briefs=(
            "Salut ! On est 6 amis (que des adultes) et on veut faire le Maroc pendant une semaine "
            "en octobre : Marrakech, une nuit dans le désert d'Agafay, et finir à Essaouira. "
            "1200€ par personne max.",
        ),
    ),
)


def seed_demo(session: Session) -> list[int]:
    """Creates what is missing of the demo data; returns the demo agencies' ids."""
    hasher = PasswordHasher()
    ids = []
    for demo in DEMO_AGENCIES:
        agency = session.exec(select(Agency).where(Agency.slug == demo.slug)).first()
        if agency is None:
            agency = Agency(
                name=demo.name,
                slug=demo.slug,
                trade_name=demo.name,
                primary_color=demo.primary_color,
                accent_color=demo.accent_color,
            )
            session.add(agency)
            session.flush()
        ids.append(agency.id)
        first_designer = None
        for email, name, role in demo.designers:
            designer = session.exec(select(Designer).where(Designer.email == email)).first()
            if designer is None:
                designer = Designer(
                    agency_id=agency.id, email=email, name=name, role=role, password_hash=hasher.hash(DEMO_PASSWORD)
                )
                session.add(designer)
                session.flush()
            first_designer = first_designer or designer
        if session.exec(select(Client.id).where(Client.agency_id == agency.id)).first() is None:
            session.add(Client(agency_id=agency.id, name=demo.client))
        if session.exec(select(Trip.id).where(Trip.agency_id == agency.id)).first() is None:
            scope = Scope(agency_id=agency.id, designer_id=first_designer.id, role=first_designer.role)
            for brief in demo.briefs:
                create_trip_from_brief(session, scope, brief, use_model=False)  # never a paid call
    return ids
