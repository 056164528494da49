"""Photos of a trip, of a day, or of a place in the agency's content library. Each is
checked by content and scaled to print size once (cocohop.book.photos); the database
keeps the prepared bytes, the book's photo folder is a cache rebuilt from them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from sqlmodel import Session, select

from cocohop.book import photos as book_photos
from cocohop.db.tables import Day, LibraryEntry, Photo, Trip
from cocohop.services.auth import Scope
from cocohop.services.errors import NotFound, ServiceError

OWNER_KINDS = ("trip", "day", "library_entry")
MAX_UPLOAD_BYTES = book_photos.MAX_BYTES


class PhotoRejected(ServiceError):
    pass


@dataclass
class PhotoView:
    id: int
    caption: str


def _check_owner(session: Session, scope: Scope, owner_kind: str, owner_id: int) -> None:
    if owner_kind == "trip":
        found = session.exec(select(Trip.id).where(Trip.id == owner_id, Trip.agency_id == scope.agency_id)).first()
    elif owner_kind == "day":
        found = session.exec(
            select(Day.id).join(Trip, Trip.id == Day.trip_id).where(Day.id == owner_id, Trip.agency_id == scope.agency_id)
        ).first()
    elif owner_kind == "library_entry":
        found = session.exec(
            select(LibraryEntry.id).where(LibraryEntry.id == owner_id, LibraryEntry.agency_id == scope.agency_id)
        ).first()
    else:
        found = None
    if found is None:
        raise NotFound(owner_kind.replace("_", " ") if owner_kind in OWNER_KINDS else "page")


def add_photo(session: Session, scope: Scope, owner_kind: str, owner_id: int, data: bytes, caption: str = "") -> int:
    _check_owner(session, scope, owner_kind, owner_id)
    try:
        prepared = book_photos.prepare_photo(data)
    except book_photos.PhotoError as problem:
        raise PhotoRejected(f"This photo cannot be used: {problem}.") from None
    photo = Photo(
        agency_id=scope.agency_id,
        owner_kind=owner_kind,
        owner_id=owner_id,
        ref=prepared.ref,
        data=prepared.path.read_bytes(),
        caption=" ".join((caption or "").split())[:300],
    )
    session.add(photo)
    session.flush()
    return photo.id


def photos_of(session: Session, scope: Scope, owner_kind: str, owner_id: int) -> list[PhotoView]:
    _check_owner(session, scope, owner_kind, owner_id)
    rows = session.exec(
        select(Photo)
        .where(Photo.agency_id == scope.agency_id, Photo.owner_kind == owner_kind, Photo.owner_id == owner_id)
        .order_by(Photo.id.desc())
    )
    return [PhotoView(p.id, p.caption) for p in rows]


def _photo(session: Session, scope: Scope, photo_id: int) -> Photo:
    photo = session.exec(select(Photo).where(Photo.id == photo_id, Photo.agency_id == scope.agency_id)).first()
    if photo is None:
        raise NotFound("photo")
    return photo


def remove_photo(session: Session, scope: Scope, photo_id: int) -> None:
    session.delete(_photo(session, scope, photo_id))
    session.flush()


def _cached_ref(photo: Photo) -> str:
    """The photo's reference, its prepared file back in the cache if it was missing."""
    book_photos.restore_prepared_photo(photo.ref, photo.data)
    return photo.ref


def thumbnail(session: Session, scope: Scope, photo_id: int) -> Path:
    photo = _photo(session, scope, photo_id)
    path = book_photos.thumbnail_path(_cached_ref(photo))
    if path is None:
        raise NotFound("photo")
    return path


def book_refs(
    session: Session, agency_id: int, trip_id: int, day_ids: list[int], names: list[str]
) -> tuple[str | None, dict[int, str], dict[str, str]]:
    """The photos the book uses: the trip's cover, each day's own, and the agency's
    library photos by entry name (a place for the days based there, a stay or an
    activity for the items of that name). The newest photo wins."""
    wanted = {name.strip().lower() for name in names if name and name.strip()}
    entries = {
        entry.id: entry.name.strip().lower()
        for entry in session.exec(select(LibraryEntry).where(LibraryEntry.agency_id == agency_id))
        if entry.name.strip().lower() in wanted
    }
    rows = session.exec(
        select(Photo)
        .where(
            Photo.agency_id == agency_id,
            sa.or_(
                sa.and_(Photo.owner_kind == "trip", Photo.owner_id == trip_id),
                sa.and_(Photo.owner_kind == "day", Photo.owner_id.in_(day_ids or [-1])),
                sa.and_(Photo.owner_kind == "library_entry", Photo.owner_id.in_(list(entries) or [-1])),
            ),
        )
        .order_by(Photo.id.desc())
    ).all()
    cover, by_day, by_name = None, {}, {}
    for photo in rows:
        if photo.owner_kind == "trip" and cover is None:
            cover = _cached_ref(photo)
        elif photo.owner_kind == "day" and photo.owner_id not in by_day:
            by_day[photo.owner_id] = _cached_ref(photo)
        elif photo.owner_kind == "library_entry" and entries[photo.owner_id] not in by_name:
            by_name[entries[photo.owner_id]] = _cached_ref(photo)
    return cover, by_day, by_name
