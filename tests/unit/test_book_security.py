"""Hostile values in every field the new book prints (texts, contacts, quote, documents,
photo references, branding): escaped as text, and nothing outside the allowed folders is
read or fetched, whether by the one-document path or by the chunked renderer's workers."""

from __future__ import annotations

import re
from decimal import Decimal

from cocohop.book.branding import Branding, LegalMentions
from cocohop.book.extras import DocumentEntry, QuoteLine, QuoteSummary
from cocohop.book.fetcher import DEFAULT_ALLOWED_ROOTS
from cocohop.book.render import book_html, html_to_pdf
from cocohop.domain.itinerary import Contact
from tests.unit.test_book import (  # noqa: F401  (fixtures)
    RecordingFetcher,
    assert_nothing_leaked,
    loopback_server,
    payloads,
    secret_file,
)
from tests.unit.test_book_render import fast_pages_text, photo_dir, photo_refs, renderer
from cocohop.book.sample import sample_trip


def hostile_inputs(server_url, secret):
    bad = " ".join(payloads(server_url, secret))
    bad_photos = [
        "file:///etc/passwd", secret.as_uri(), f"{server_url}/photo.jpg", "../../../../etc/passwd",
        "/etc/passwd", "data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=", f"{'0' * 40}.jpg",  # unknown ref
    ]
    trip = sample_trip(2, "fr", list(photo_refs()))
    trip.title = "Japon <script>alert(1)</script>"
    trip.client_name = trip.practical_info = bad
    trip.traveller_names = [bad, "Léa"]
    trip.photo = bad_photos[0]
    trip.photo_caption = bad
    trip.contacts = [Contact(bad, bad, bad, bad, bad, bad)]
    for index, day in enumerate(trip.days):
        day.title = f"Jour {index} <b>piégé</b>"
        day.base_place = day.text = day.photo_caption = bad
        day.photo = bad_photos[index % len(bad_photos)] if index else photo_refs()[0]
        for number, item in enumerate(day.items):
            item.name = item.place = item.supplier = item.description = bad
            item.address = item.phone = bad
            item.photo = bad_photos[(index + number) % len(bad_photos)]
    for stop in trip.route:
        stop.place = bad
    branding = Branding(
        agency_name=bad[:200], address=bad[:500],
        legal=LegalMentions(trade_name=bad[:200], address=bad[:500], financial_guarantee=bad[:300],
                            liability_insurer=bad[:300], other=bad[:1500]),
    )
    quote = QuoteSummary(lines=[QuoteLine(bad, Decimal("10"), bad)], total=Decimal("10"), currency="EUR",
                         reference=bad, included=[bad], excluded=[bad], note=bad)
    documents = [DocumentEntry(bad, bad, bad, bad), DocumentEntry(bad, "visa", provided_by_agency=False)]
    return trip, branding, quote, documents


def test_every_url_in_the_book_html_is_data_or_inside_the_allowed_folders(loopback_server, secret_file):
    server_url, _ = loopback_server
    trip, branding, quote, documents = hostile_inputs(server_url, secret_file)
    html = book_html(trip, branding, quote=quote, documents=documents, photo_dir=photo_dir())
    assert "<script" not in html and "<b>" not in html
    roots = [root.resolve().as_uri() for root in [*DEFAULT_ALLOWED_ROOTS, photo_dir()]]
    urls = re.findall(r'(?:src|href)="([^"]*)"', html)
    assert urls
    for url in urls:
        assert url.startswith(("#", "data:image/svg+xml;base64,")) or any(url.startswith(r + "/") for r in roots), url
    # The unknown and hostile photo references produced no image at all; the real ones did.
    images = re.findall(r'<img class="(?:hero|thumb|cover-photo)" src="([^"]+)"', html)
    assert images and all(url.startswith(photo_dir().resolve().as_uri()) for url in images)


def test_rendering_hostile_fields_fetches_nothing_outside(loopback_server, secret_file):
    server_url, hits = loopback_server
    trip, branding, quote, documents = hostile_inputs(server_url, secret_file)
    html = book_html(trip, branding, quote=quote, documents=documents, photo_dir=photo_dir())
    fetcher = RecordingFetcher([*DEFAULT_ALLOWED_ROOTS, photo_dir()])
    pdf = html_to_pdf(html, fetcher=fetcher, photo_dir=photo_dir())
    assert hits == []
    assert all(url.startswith("data:") or url.startswith("file:///") for url in fetcher.requested)
    assert not any("passwd" in url or "secret" in url or server_url in url for url in fetcher.requested)
    assert_nothing_leaked(pdf)

    # The chunked renderer (the app's path) on the same inputs.
    pdf = renderer().render(trip, branding, quote=quote, documents=documents)
    assert hits == []
    assert_nothing_leaked(pdf)
    text = "\n".join(fast_pages_text(pdf))
    assert "Japon <script>alert(1)</script>" in text and "<b>piégé</b>" in text
