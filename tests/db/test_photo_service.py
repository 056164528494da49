"""Photos on PostgreSQL: checked by content, kept scaled, used by the book, restored into
the cache from the database when the cache is gone."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from cocohop.book import photos as book_photos
from cocohop.services import photos, trips
from cocohop.services.photos import PhotoRejected
from tests.db.conftest import make_scope

BRIEF = "Hello, two adults, 6 nights in Portugal in May 2027: Lisbon and Porto. Budget 5000 EUR."


def jpeg(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.radial_gradient("L").resize((width, height)).convert("RGB").save(out, "JPEG", quality=90)
    return out.getvalue()


@pytest.fixture
def trip(session):
    scope = make_scope(session, "photos")
    trip_id = trips.create_trip_from_brief(session, scope, BRIEF, use_model=False)
    return scope, trip_id, trips.load_trip(session, scope, trip_id)


def test_a_large_photo_is_kept_at_print_size_and_reaches_the_book(session, trip):
    scope, trip_id, view = trip
    day = view.days[1]
    photo_id = photos.add_photo(session, scope, "day", day.id, jpeg(4000, 3000))
    stored = Image.open(io.BytesIO(session.get(photos.Photo, photo_id).data))
    assert max(stored.size) <= book_photos.PRINT_MAX_PX and stored.format == "JPEG"
    book_trip = trips.trip_for_book(session, scope, trip_id)
    assert book_trip.days[1].photo and book_trip.days[0].photo is None
    assert [p.id for p in photos.photos_of(session, scope, "day", day.id)] == [photo_id]


def test_the_cache_is_rebuilt_from_the_database(session, trip, tmp_path):
    scope, trip_id, view = trip
    photo_id = photos.add_photo(session, scope, "trip", trip_id, jpeg(1200, 800))
    ref = session.get(photos.Photo, photo_id).ref
    (book_photos.DEFAULT_PHOTO_DIR / ref).unlink()
    assert trips.trip_for_book(session, scope, trip_id).photo == ref
    assert (book_photos.DEFAULT_PHOTO_DIR / ref).is_file()
    assert photos.thumbnail(session, scope, photo_id).is_file()


@pytest.mark.parametrize(
    "data", [b"", b"not an image at all", b"GIF89a" + b"\x00" * 100, b"\x89PNG\r\n\x1a\n" + b"\x00" * 50]
)
def test_what_is_not_a_photo_is_refused_clearly(session, trip, data):
    scope, trip_id, _view = trip
    with pytest.raises(PhotoRejected, match="This photo cannot be used"):
        photos.add_photo(session, scope, "trip", trip_id, data)
    assert photos.photos_of(session, scope, "trip", trip_id) == []


def test_a_place_photo_from_the_library_serves_days_without_their_own(session, trip):
    from cocohop.services import library

    scope, trip_id, view = trip
    entry = library.create_entry(session, scope, {"kind": "place", "country": "PT", "place": "Porto", "name": "Porto"})
    photos.add_photo(session, scope, "library_entry", entry, jpeg(900, 600))
    book_trip = trips.trip_for_book(session, scope, trip_id)
    porto_days = [d for d in book_trip.days if d.base_place == "Porto"]
    assert porto_days and all(d.photo for d in porto_days)
    assert all(d.photo is None for d in book_trip.days if d.base_place not in ("Porto",))


def test_a_library_stay_photo_illustrates_the_items_of_that_name(session, trip):
    from cocohop.services import library

    scope, trip_id, view = trip
    stay = next(i for d in view.days for i in d.item_rows if i.kind == "stay")
    entry = library.create_entry(
        session, scope, {"kind": "stay", "country": "PT", "place": stay.place or "Lisbon", "name": stay.name}
    )
    photos.add_photo(session, scope, "library_entry", entry, jpeg(900, 600))
    items = [i for d in trips.trip_for_book(session, scope, trip_id).days for i in d.items]
    assert [i.photo is not None for i in items] == [i.name == stay.name for i in items]
