"""Database tables (SQLModel). Registered with Reflex's model registry so that its
tooling sees them; Alembic reads ``SQLModel.metadata`` directly.

Editable rows carry a ``version`` that each write checks and increments: two tabs
editing one trip can never silently overwrite each other.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import reflex as rx
import sqlalchemy as sa
from sqlmodel import Field, SQLModel


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


class UTCDateTime(sa.types.TypeDecorator):
    """Timezone-aware UTC in and out, on PostgreSQL and on SQLite (which keeps no zone)."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is not None:
            if value.tzinfo is None:
                raise ValueError("naive datetime: times are timezone-aware UTC")
            value = value.astimezone(dt.timezone.utc)
        return value

    def process_result_value(self, value, dialect):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=dt.timezone.utc)
        return value


def _created_at():
    return Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)


def _utc_column(nullable: bool = True):
    return Field(default=None, sa_type=UTCDateTime, nullable=nullable)


@rx.ModelRegistry.register
class Agency(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200)
    slug: str = Field(max_length=80, unique=True, index=True)
    created_at: dt.datetime = _created_at()
    # Branding, edited by the agency's admin; the documents use it.
    primary_color: str = Field(default="#1f4e5f", max_length=7)
    accent_color: str = Field(default="#c8873a", max_length=7)
    heading_font: str = Field(default="", max_length=60)
    body_font: str = Field(default="", max_length=60)
    logo: bytes | None = Field(default=None, sa_type=sa.LargeBinary)
    logo_mime: str = Field(default="", max_length=40)
    # Legal mentions a French travel agency prints on its quotes.
    trade_name: str = Field(default="", max_length=200)
    address: str = Field(default="", max_length=500)
    atout_france_number: str = Field(default="", max_length=60)
    financial_guarantee: str = Field(default="", max_length=300)
    liability_insurer: str = Field(default="", max_length=300)
    # How travellers reach the agency, printed in the book's contacts.
    phone: str = Field(default="", max_length=40)
    email: str = Field(default="", max_length=254)
    website: str = Field(default="", max_length=254)
    emergency_phone: str = Field(default="", max_length=40)
    branding_version: int = 1


@rx.ModelRegistry.register
class Designer(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    agency_id: int = Field(foreign_key="agency.id", index=True)
    email: str = Field(max_length=320, unique=True)
    name: str = Field(max_length=200)
    created_at: dt.datetime = _created_at()
    password_hash: str = Field(default="", max_length=200)  # argon2id; "" = cannot sign in
    role: str = Field(default="designer", max_length=20)  # "designer" or "admin"
    is_founder: bool = False  # the operators' cross-agency views; granted by a command only
    removed_at: dt.datetime | None = _utc_column()


@rx.ModelRegistry.register
class UserSession(SQLModel, table=True):
    """A signed-in browser. The cookie holds a random token; only its hash is stored."""

    __tablename__ = "user_session"
    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64, unique=True, index=True)
    designer_id: int = Field(foreign_key="designer.id", index=True, ondelete="CASCADE")
    created_at: dt.datetime = _created_at()
    expires_at: dt.datetime = Field(sa_type=UTCDateTime, nullable=False)
    revoked_at: dt.datetime | None = _utc_column()
    address: str = Field(default="", max_length=100)


@rx.ModelRegistry.register
class OneTimeToken(SQLModel, table=True):
    """Invitations and password resets: single use, expiring, stored as a hash."""

    __tablename__ = "one_time_token"
    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64, unique=True, index=True)
    purpose: str = Field(max_length=20)  # "invite" or "reset"
    agency_id: int = Field(foreign_key="agency.id", index=True, ondelete="CASCADE")
    email: str = Field(max_length=320)
    role: str = Field(default="designer", max_length=20)
    designer_id: int | None = Field(default=None, foreign_key="designer.id", ondelete="CASCADE")
    # Shown to the agency's admin while no mail server is configured; cleared once used.
    link: str = Field(default="", max_length=300)
    created_at: dt.datetime = _created_at()
    expires_at: dt.datetime = Field(sa_type=UTCDateTime, nullable=False)
    used_at: dt.datetime | None = _utc_column()


@rx.ModelRegistry.register
class SignInFailure(SQLModel, table=True):
    __tablename__ = "sign_in_failure"
    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=400, index=True)  # "email:..." or "address:..."
    at: dt.datetime = _created_at()


@rx.ModelRegistry.register
class Client(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    agency_id: int = Field(foreign_key="agency.id", index=True)
    name: str = Field(max_length=200)
    email: str = Field(default="", max_length=320)
    phone: str = Field(default="", max_length=50)
    created_at: dt.datetime = _created_at()


@rx.ModelRegistry.register
class Trip(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    agency_id: int = Field(foreign_key="agency.id", index=True)
    client_id: int | None = Field(default=None, foreign_key="client.id")
    designer_id: int | None = Field(default=None, foreign_key="designer.id")
    title: str = Field(default="", max_length=300)
    title_generated: bool = False
    country: str | None = Field(default=None, max_length=2)
    lang: str = Field(default="fr", max_length=2)
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    adults: int = 2
    children: int = 0
    child_ages: list[int] = Field(default_factory=list, sa_type=sa.JSON)
    currency: str = Field(default="EUR", max_length=3)
    status: str = Field(default="draft", max_length=20)
    brief_text: str = ""
    brief_facts: dict = Field(default_factory=dict, sa_type=sa.JSON)
    route: list[dict] = Field(default_factory=list, sa_type=sa.JSON)
    practical_info: str = ""
    practical_info_generated: bool = False
    # Local contacts for the travellers (guide, driver, local agency): name, role, phone, email.
    contacts: list[dict] = Field(default_factory=list, sa_type=sa.JSON)
    # Bumped by every change to the trip's own fields or to its list of days.
    version: int = 1
    created_at: dt.datetime = _created_at()
    updated_at: dt.datetime = _created_at()


@rx.ModelRegistry.register
class Day(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    trip_id: int = Field(foreign_key="trip.id", index=True, ondelete="CASCADE")
    position: int = 0
    date: dt.date | None = None
    title: str = Field(default="", max_length=300)
    title_generated: bool = False
    base_place: str = Field(default="", max_length=200)
    text: str = ""
    text_generated: bool = False
    version: int = 1


@rx.ModelRegistry.register
class Item(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    day_id: int = Field(foreign_key="day.id", index=True, ondelete="CASCADE")
    position: int = 0
    kind: str = Field(default="activity", max_length=20)
    name: str = Field(default="", max_length=300)
    place: str = Field(default="", max_length=200)
    start_time: dt.time | None = None
    end_time: dt.time | None = None
    duration_minutes: int | None = None
    nights: int | None = None
    supplier: str = Field(default="", max_length=200)
    # Supplier cost in the supplier's currency, full precision (rounded only when shown).
    cost: Decimal | None = Field(default=None, sa_type=sa.Numeric(14, 4))
    currency: str = Field(default="", max_length=3)
    description: str = ""
    to_complete: bool = False
    generated: bool = False
    # Added by a model and unknown to the content library: a person checks it.
    to_verify: bool = False
    unit: str = Field(default="", max_length=20)  # what cost counts: person, room_night, ...
    address: str = Field(default="", max_length=500)
    phone: str = Field(default="", max_length=50)
    rooms: int | None = None  # for stays: rooms booked (the checker compares with the party)
    version: int = 1


@rx.ModelRegistry.register
class LibraryEntry(SQLModel, table=True):
    """An agency's own content library: places, and the stays, activities and transfers
    at a place. They add to the starter library that ships with the app."""

    __tablename__ = "library_entry"
    id: int | None = Field(default=None, primary_key=True)
    agency_id: int = Field(foreign_key="agency.id", index=True, ondelete="CASCADE")
    kind: str = Field(max_length=20)  # "place", "stay", "activity" or "transfer"
    country: str = Field(max_length=2)
    place: str = Field(max_length=200)  # the place itself, or where the entry is (from, for a transfer)
    to_place: str = Field(default="", max_length=200)  # transfers only
    name: str = Field(max_length=300)
    description: str = ""
    address: str = Field(default="", max_length=500)
    phone: str = Field(default="", max_length=50)
    email: str = Field(default="", max_length=320)
    supplier: str = Field(default="", max_length=200)
    cost: Decimal | None = Field(default=None, sa_type=sa.Numeric(14, 4))
    currency: str = Field(default="", max_length=3)
    unit: str = Field(default="", max_length=20)  # person, room_night, vehicle_day, group
    duration_minutes: int | None = None
    start_time: dt.time | None = None
    tags: str = Field(default="", max_length=500)  # comma-separated interest tags
    lat: float | None = None
    lon: float | None = None
    version: int = 1
    created_at: dt.datetime = _created_at()


@rx.ModelRegistry.register
class Photo(SQLModel, table=True):
    """A photo of a trip, a day or a library entry, kept scaled to print size: the
    original is never stored. ``ref`` names the prepared file in the book's photo cache,
    rebuilt from ``data`` when missing."""

    id: int | None = Field(default=None, primary_key=True)
    agency_id: int = Field(foreign_key="agency.id", index=True, ondelete="CASCADE")
    owner_kind: str = Field(max_length=20)  # "trip", "day" or "library_entry"
    owner_id: int = Field(index=True)
    ref: str = Field(max_length=60)
    data: bytes = Field(sa_type=sa.LargeBinary)
    caption: str = Field(default="", max_length=300)
    created_at: dt.datetime = _created_at()
