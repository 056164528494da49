"""The agency's own content library: list and search, edit field by field, remove,
import from a CSV file with a per-row report; and the library the generators draw
from (the shipped starter library with the agency's own entries added)."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import re
from dataclasses import dataclass
from decimal import Decimal

import pandas as pd
import sqlalchemy as sa
from sqlmodel import Session, select

from cocohop.db.tables import LibraryEntry
from cocohop.domain.generator import AGENCY_TAG
from cocohop.library.loader import (
    DEFAULT_LIBRARY,
    Activity,
    ContentLibrary,
    Country,
    Localized,
    Place,
    Stay,
    UnknownCountry,
    normalize_name,
)
from cocohop.services.auth import Scope
from cocohop.services import fields
from cocohop.services.errors import EditConflict, InvalidEdit, NotFound

KINDS = ("place", "stay", "activity", "transfer")
CSV_COLUMNS = (
    "kind", "country", "place", "to_place", "name", "description", "address", "phone", "email",
    "supplier", "cost", "currency", "unit", "duration_minutes", "start_time", "tags", "lat", "lon",
)
REQUIRED_COLUMNS = ("kind", "country", "place", "name")
MAX_CSV_BYTES = 2 * 1024 * 1024
MAX_CSV_ROWS = 5000


@dataclass
class EntryView:
    id: int
    version: int
    kind: str
    country: str
    place: str
    to_place: str
    name: str
    description: str
    address: str
    phone: str
    email: str
    supplier: str
    cost: str
    currency: str
    unit: str
    duration_minutes: str
    start_time: str
    tags: str
    lat: str
    lon: str


@dataclass
class RowProblem:
    row: int  # as the spreadsheet numbers it: the header is row 1
    message: str


@dataclass
class ImportReport:
    imported: int
    problems: list[RowProblem]


def _plain(value) -> str:
    if isinstance(value, Decimal):
        return fields.plain_decimal(value)
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    return "" if value is None else str(value)


def _view(entry: LibraryEntry) -> EntryView:
    return EntryView(
        **{f.name: (_plain(getattr(entry, f.name)) if f.type == "str" else getattr(entry, f.name)) for f in dataclasses.fields(EntryView)}
    )


# ---------------------------------------------------------------- fields


def _tags(value: str) -> str:
    tags = [t.strip().lower() for t in (value or "").replace(";", ",").split(",") if t.strip()]
    return fields.text(500)(", ".join(dict.fromkeys(tags)))


FIELDS = {
    "kind": fields.choice(KINDS, fold_case=True),
    "country": fields.country,
    "place": fields.required_text(200),
    "to_place": fields.text(200),
    "name": fields.required_text(300),
    "description": fields.text(5000),
    "address": fields.text(500),
    "phone": fields.text(50),
    "email": fields.text(320),
    "supplier": fields.text(200),
    "cost": fields.optional_money,
    "currency": fields.currency,
    "unit": fields.choice(fields.UNITS, fold_case=True),
    "duration_minutes": fields.optional_int(0, 60 * 24 * 14),
    "start_time": fields.optional_time,
    "tags": _tags,
    "lat": fields.coordinate(90),
    "lon": fields.coordinate(180),
}


def _parse(name: str, value: str):
    return fields.parse_field(FIELDS, name, value)


def _check_entry(entry: LibraryEntry) -> None:
    """Rules across fields, for a new or imported entry."""
    if entry.cost is not None and not entry.currency:
        raise InvalidEdit("currency: required with a cost")
    if entry.kind == "transfer" and not entry.to_place:
        raise InvalidEdit("to place: required for a transfer")


# ---------------------------------------------------------------- use cases


def _entry(session: Session, scope: Scope, entry_id: int) -> LibraryEntry:
    entry = session.exec(
        select(LibraryEntry).where(LibraryEntry.id == entry_id, LibraryEntry.agency_id == scope.agency_id)
    ).first()
    if entry is None:
        raise NotFound("library entry")
    return entry


def search(session: Session, scope: Scope, text: str = "", kind: str = "", country: str = "") -> list[EntryView]:
    query = select(LibraryEntry).where(LibraryEntry.agency_id == scope.agency_id)
    if kind in KINDS:
        query = query.where(LibraryEntry.kind == kind)
    if re.fullmatch(r"[A-Za-z]{2}", country or ""):
        query = query.where(LibraryEntry.country == country.upper())
    for word in (text or "").split()[:5]:
        pattern = f"%{word[:100]}%"
        query = query.where(
            sa.or_(
                LibraryEntry.name.ilike(pattern),
                LibraryEntry.place.ilike(pattern),
                LibraryEntry.supplier.ilike(pattern),
                LibraryEntry.tags.ilike(pattern),
            )
        )
    rows = session.exec(query.order_by(LibraryEntry.country, LibraryEntry.place, LibraryEntry.kind, LibraryEntry.name).limit(500))
    return [_view(row) for row in rows]


def create_entry(session: Session, scope: Scope, values: dict[str, str]) -> int:
    entry = LibraryEntry(agency_id=scope.agency_id, **{name: _parse(name, values.get(name, "")) for name in FIELDS})
    _check_entry(entry)
    session.add(entry)
    session.flush()
    return entry.id


def update_entry_field(session: Session, scope: Scope, entry_id: int, name: str, value: str, version: int) -> int:
    entry = _entry(session, scope, entry_id)
    parsed = _parse(name, value)
    result = session.execute(
        sa.update(LibraryEntry)
        .where(LibraryEntry.id == entry.id, LibraryEntry.version == version)
        .values({name: parsed, "version": version + 1})
    )
    if result.rowcount != 1:
        raise EditConflict("this library entry")
    session.flush()
    return version + 1


def delete_entry(session: Session, scope: Scope, entry_id: int) -> None:
    session.delete(_entry(session, scope, entry_id))
    session.flush()


def import_csv(session: Session, scope: Scope, data: bytes) -> ImportReport:
    """Adds every valid row; reports each invalid one by its row number and reason.
    A file that cannot be read at all imports nothing."""
    if len(data) > MAX_CSV_BYTES:
        return ImportReport(0, [RowProblem(0, "The file is larger than 2 MB: split it.")])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return ImportReport(0, [RowProblem(0, "The file is not UTF-8 text: export it as CSV UTF-8.")])
    try:
        # Semicolons too: a French spreadsheet exports CSV with them.
        frame = pd.read_csv(io.StringIO(text), sep=None, engine="python", dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError, TypeError, csv.Error) as problem:
        return ImportReport(0, [RowProblem(0, f"The file cannot be read as CSV ({str(problem).splitlines()[0][:120]}).")])
    frame.columns = [str(c).strip().lower().replace(" ", "_") for c in frame.columns]
    missing = [c for c in REQUIRED_COLUMNS if c not in frame.columns]
    if missing:
        return ImportReport(0, [RowProblem(1, "Missing columns: " + ", ".join(missing) + ". Expected: " + ", ".join(CSV_COLUMNS))])
    if len(frame) > MAX_CSV_ROWS:
        return ImportReport(0, [RowProblem(0, f"More than {MAX_CSV_ROWS} rows: split the file.")])
    unknown = [c for c in frame.columns if c not in CSV_COLUMNS]
    problems = [RowProblem(1, f"Ignored columns: {', '.join(unknown)}")] if unknown else []
    imported = 0
    for index, row in enumerate(frame.to_dict("records")):
        try:
            # A row shorter than the header has NaN in its missing cells: they are empty.
            create_entry(session, scope, {k: "" if pd.isna(v) else str(v) for k, v in row.items() if k in FIELDS})
            imported += 1
        except InvalidEdit as problem:
            problems.append(RowProblem(index + 2, str(problem)))
    return ImportReport(imported, problems)


# ---------------------------------------------------------------- the library generators use


def _localized(text: str) -> Localized:
    return Localized(en=text, fr=text)


class AgencyLibrary(ContentLibrary):
    """The starter library with an agency's own entries added: its places as new places,
    its stays and activities at the place they name (a starter place or its own)."""

    def __init__(self, entries: list[LibraryEntry], base: ContentLibrary = DEFAULT_LIBRARY):
        super().__init__(base.data_dir)
        self._base = base
        self._entries: dict[str, list[LibraryEntry]] = {}
        for entry in entries:
            self._entries.setdefault(entry.country, []).append(entry)

    def list_countries(self) -> list[str]:
        return sorted(set(self._base.list_countries()))

    def _parse_file(self, code: str) -> Country:
        country = self._base.load_country(code)
        own = self._entries.get(code, [])
        if not own:
            return country
        places = list(country.places)
        known = {normalize_name(name): i for i, p in enumerate(places) for name in p.names()}
        for entry in (e for e in own if e.kind == "place" and normalize_name(e.name) not in known):
            if entry.lat is None or entry.lon is None:
                continue  # a place without coordinates cannot be routed: it stays in the list only
            places.append(
                Place(
                    id=f"agency-{entry.id}",
                    country=code,
                    name=_localized(entry.name),
                    aliases=(),
                    kind="city",
                    lat=entry.lat,
                    lon=entry.lon,
                    coords_source="agency",
                    description=_localized(entry.description),
                    min_nights=1,
                    max_nights=4,
                    tags=tuple(t for t in entry.tags.split(", ") if t),
                    gateway=False,
                    stays=(),
                    activities=(),
                )
            )
            known[normalize_name(entry.name)] = len(places) - 1
        for entry in own:
            at = known.get(normalize_name(entry.place))
            if at is None or entry.kind not in ("stay", "activity"):
                continue
            place = places[at]
            if entry.kind == "stay":
                stay = Stay(
                    name=_localized(entry.name),
                    category="",
                    level="superior",
                    address=entry.address,
                    phone=entry.phone,
                    supplier=entry.supplier,
                    cost=entry.cost or Decimal(0),
                    currency=entry.currency or country.currency,
                    tags=(AGENCY_TAG, *(t for t in entry.tags.split(", ") if t)),
                )
                # The agency's own stays come first: they are the ones it has contracted.
                places[at] = dataclasses.replace(place, stays=(stay, *place.stays))
            else:
                activity = Activity(
                    name=_localized(entry.name),
                    description=_localized(entry.description),
                    duration_minutes=entry.duration_minutes or 180,
                    tags=tuple(t for t in entry.tags.split(", ") if t),
                    cost=entry.cost or Decimal(0),
                    currency=entry.currency or country.currency,
                    start_time=entry.start_time or dt.time(9, 0),
                )
                places[at] = dataclasses.replace(place, activities=(activity, *place.activities))
        return dataclasses.replace(country, places=tuple(places))


def agency_library(session: Session, scope: Scope) -> ContentLibrary:
    entries = list(session.exec(select(LibraryEntry).where(LibraryEntry.agency_id == scope.agency_id)))
    if not entries:
        return DEFAULT_LIBRARY
    try:
        return AgencyLibrary(entries)
    except UnknownCountry:
        return DEFAULT_LIBRARY
