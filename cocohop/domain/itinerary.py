"""A trip as the domain sees it: plain dataclasses, no framework.

The generator produces these, the database layer converts its rows to and from them,
and the travel-book renderer reads them. Each text that a generator wrote carries a
``*_generated`` flag that stays True until a person edits that text.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date, time
from decimal import Decimal


class ItemKind(str, enum.Enum):
    STAY = "stay"
    ACTIVITY = "activity"
    TRANSFER = "transfer"
    FLIGHT = "flight"
    MEAL = "meal"
    FREE_TIME = "free_time"


class TripStatus(str, enum.Enum):
    DRAFT = "draft"
    QUOTED = "quoted"
    SIGNED = "signed"
    PAID = "paid"
    TRAVELLING = "travelling"
    DONE = "done"
    CANCELLED = "cancelled"


LANGUAGES = ("fr", "en")


@dataclass
class Item:
    kind: ItemKind
    name: str
    place: str = ""
    start_time: time | None = None
    end_time: time | None = None
    duration_minutes: int | None = None
    nights: int | None = None  # for stays: nights booked from this day
    supplier: str = ""
    cost: Decimal | None = None  # supplier cost, in ``currency``
    currency: str = ""
    description: str = ""
    to_complete: bool = False  # the library had nothing: a person must fill it in
    generated: bool = False  # name/description written by a generator, not yet edited
    address: str = ""  # for stays (and any item the traveller must find): printed in the book
    phone: str = ""
    photo: str | None = None  # reference from cocohop.book.photos.prepare_photo
    # A model added this and the content library does not know it: a person checks it.
    to_verify: bool = False
    # What ``cost`` is counted per: "person", "room_night", "vehicle_day" or "group".
    unit: str = ""
    # For stays: rooms booked, and how many people one room sleeps (None: not stated; the
    # feasibility checker then counts 2 a room). Both None: nothing is known about the rooms.
    rooms: int | None = None
    room_capacity: int | None = None


@dataclass
class Day:
    date: date | None
    title: str
    base_place: str = ""
    text: str = ""  # paragraphs separated by a blank line
    items: list[Item] = field(default_factory=list)
    title_generated: bool = False
    text_generated: bool = False
    photo: str | None = None  # reference from cocohop.book.photos.prepare_photo
    photo_caption: str = ""  # printed under the day's photo

    @property
    def paragraphs(self) -> list[str]:
        return [p.strip() for p in self.text.split("\n\n") if p.strip()]


@dataclass
class RouteStop:
    place: str
    nights: int
    lat: float | None = None
    lon: float | None = None


@dataclass
class Contact:
    """Someone the travellers can call during the trip: local guide, driver, local agency."""

    name: str
    role: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""
    note: str = ""


@dataclass
class Trip:
    title: str
    country: str | None  # ISO 3166 alpha-2
    lang: str = "fr"  # language of the travel book and quote
    start: date | None = None
    end: date | None = None
    adults: int = 2
    children: int = 0
    child_ages: list[int] = field(default_factory=list)
    currency: str = "EUR"
    client_name: str = ""
    route: list[RouteStop] = field(default_factory=list)
    days: list[Day] = field(default_factory=list)
    practical_info: str = ""  # paragraphs separated by a blank line
    title_generated: bool = False
    photo: str | None = None  # cover photo: reference from cocohop.book.photos.prepare_photo
    contacts: list[Contact] = field(default_factory=list)  # local contacts
    traveller_names: list[str] = field(default_factory=list)  # printed on the cover
    photo_caption: str = ""  # printed with the cover photo

    @property
    def nights(self) -> int:
        if self.start and self.end:
            return (self.end - self.start).days
        return max(len(self.days) - 1, 0)
