"""An agency's branding, legal mentions and contacts on PostgreSQL: checked when saved,
only by its admins, and printed in its travel books."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from cocohop.book.render import book_html
from cocohop.db.tables import Agency
from cocohop.services import agencies, books, trips
from cocohop.services.agencies import LogoRejected
from cocohop.services.auth import Forbidden
from cocohop.services.errors import InvalidEdit, NotFound
from tests.db.conftest import make_scope

SVG_OK = b'<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><rect width="40" height="20" fill="#1f4e5f"/></svg>'


def png(width=120, height=60) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (200, 120, 60)).save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def admin(session):
    return make_scope(session, "brand-agency", role="admin")


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("primary_color", "#12AB3c"),
        ("heading_font", "Playfair Display"),
        ("atout_france_number", "im 075 100 123"),
        ("phone", "+33 1 23 45 67 89"),
        ("website", "www.atelier-voyages.fr"),
        ("trade_name", "Atelier Voyages SAS"),
    ],
)
def test_branding_fields_are_saved_normalised(session, admin, name, value):
    view = agencies.update_branding(session, admin, name, value)
    expected = {"primary_color": "#12ab3c", "atout_france_number": "IM075100123"}.get(name, value)
    assert getattr(view, name) == expected


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("primary_color", "red"),
        ("primary_color", "#12345g"),
        ("heading_font", "Comic Sans MS"),
        ("atout_france_number", "123456"),
        ("email", "not an e-mail"),
        ("phone", "call me"),
        ("trade_name", "x" * 151),
        ("logo", "whatever"),
    ],
)
def test_bad_branding_values_are_refused_clearly(session, admin, name, value):
    before = agencies.get_branding(session, admin)
    with pytest.raises(InvalidEdit):
        agencies.update_branding(session, admin, name, value)
    assert agencies.get_branding(session, admin) == before


def test_only_the_agency_admin_changes_branding(session, admin):
    designer = make_scope(session, "brand-agency-2", role="designer")
    with pytest.raises(Forbidden):
        agencies.update_branding(session, designer, "primary_color", "#000000")
    with pytest.raises(Forbidden):
        agencies.set_logo(session, designer, png())


@pytest.mark.parametrize(("data", "mime"), [(png(), "image/png"), (SVG_OK, "image/svg+xml")])
def test_logos_are_checked_by_content(session, admin, data, mime):
    agencies.set_logo(session, admin, data)
    assert agencies.logo(session, admin) == (data, mime)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"GIF89a" + b"\0" * 64, "PNG, JPEG or SVG"),
        (b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "PNG, JPEG or SVG"),  # a PNG header on nothing
        (b"%PDF-1.7 not a logo", "PNG, JPEG or SVG"),
        (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "scripts"),
        (b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "scripts"),
        (b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="http://www.w3.org/1999/xlink"><image x:href="file:///etc/passwd"/></svg>', "outside files"),
        (b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x "y">]><svg xmlns="http://www.w3.org/2000/svg">&x;</svg>', "cannot be read"),
        (png() + b"\0" * (agencies.MAX_LOGO_BYTES + 1), "larger than 1 MB"),
        (b"", "empty"),
    ],
)
def test_a_logo_that_is_not_a_safe_image_is_refused(session, admin, data, reason):
    with pytest.raises(LogoRejected, match=reason):
        agencies.set_logo(session, admin, data)
    assert agencies.logo(session, admin) is None


def test_the_book_carries_the_agencys_branding_legal_mentions_and_contacts(session, admin):
    for name, value in [
        ("primary_color", "#5a2d6e"),
        ("trade_name", "Voyages Léa SARL"),
        ("atout_france_number", "IM075100123"),
        ("financial_guarantee", "APST, 15 avenue Carnot, Paris"),
        ("liability_insurer", "Hiscox, police 123"),
        ("phone", "+33 1 23 45 67 89"),
        ("emergency_phone", "+33 6 12 34 56 78"),
    ]:
        agencies.update_branding(session, admin, name, value)
    agencies.set_logo(session, admin, png())
    trip_id = trips.create_trip_from_brief(session, admin, "Hello, 2 adults, 5 nights in Italy in May 2027: Rome.", use_model=False)
    trips.update_trip_contacts(
        session, admin, trip_id, [{"name": "Giulia Rossi", "role": "guide", "phone": "+39 333 123 4567"}],
        trips.load_trip(session, admin, trip_id).version,
    )
    html = book_html(trips.trip_for_book(session, admin, trip_id), books.agency_branding(session.get(Agency, admin.agency_id)))
    for expected in ("#5a2d6e", "Voyages Léa SARL", "IM075100123", "APST", "Hiscox", "+33 6 12 34 56 78", "Giulia Rossi", "data:image/png;base64,"):
        assert expected in html, expected
    pdf, _name = books.render_trip_book(session, admin, trip_id, workers=0)
    assert pdf.startswith(b"%PDF")


def test_founders_see_every_agency_and_others_see_not_found(session, admin):
    from dataclasses import replace

    make_scope(session, "another-agency")
    with pytest.raises(NotFound):
        agencies.all_agencies(session, admin)
    names = [row.name for row in agencies.all_agencies(session, replace(admin, is_founder=True))]
    assert {"Brand-Agency", "Another-Agency"} <= set(names)
