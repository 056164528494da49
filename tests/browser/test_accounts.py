"""Accounts in the browser: an agency signs up, invites a designer who joins through the
link and creates a trip; the other demo agency cannot open it."""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import MARC, sign_in

pytestmark = pytest.mark.browser
PASSWORD = "a long enough password"


def test_sign_up_invite_join_create_trip_and_other_agency_sees_not_found(browser, app_url):
    suffix = uuid.uuid4().hex[:6]
    admin_email, designer_email = f"lea-{suffix}@voyages-lea.example", f"tom-{suffix}@voyages-lea.example"

    admin = browser.new_context().new_page()
    admin.goto(f"{app_url}/sign-up")
    admin.fill("#field-agency", f"Voyages Léa {suffix}")
    admin.fill("#field-name", "Léa Roux")
    admin.fill("#field-email", admin_email)
    admin.fill("#field-password", PASSWORD)
    admin.click("#sign-up")
    expect(admin.locator("#profile-link")).to_have_text("Léa Roux")

    admin.goto(f"{app_url}/team")
    # The page has loaded its team (its on_load ran) before the admin acts on it.
    expect(admin.get_by_text(admin_email)).to_be_visible()
    admin.fill("#invite-email", designer_email)
    admin.click("#invite")
    link = admin.locator("#new-link").inner_text()
    assert re.fullmatch(r"/invite/[\w-]{20,}", link)

    designer = browser.new_context().new_page()
    designer.goto(f"{app_url}{link}")
    expect(designer.get_by_text(designer_email)).to_be_visible()
    designer.fill("#field-name", "Tom Blanc")
    designer.fill("#field-password", PASSWORD)
    designer.click("#accept-invite")
    expect(designer.locator("#profile-link")).to_have_text("Tom Blanc")

    designer.goto(f"{app_url}/trips/new")
    designer.fill("#brief", "Hello, two adults, 8 nights in Greece in June 2027: Athens and Naxos. Budget 6000 EUR.")
    designer.click("#generate")
    designer.wait_for_url(re.compile(r".*/trips/\d+$"), timeout=60_000)
    trip_url = designer.url
    trip_id = trip_url.rsplit("/", 1)[1]
    expect(designer.locator("#day-title")).to_be_visible()

    # The invitation link is single use.
    stranger = browser.new_context().new_page()
    stranger.goto(f"{app_url}{link}")
    expect(stranger.locator("#form-error")).to_contain_text("already used")

    # A designer of the other demo agency: the page, the book and the download all say not found.
    other = browser.new_context().new_page()
    sign_in(other, app_url, MARC)
    other.goto(trip_url)
    expect(other.locator("#not-found")).to_be_visible()
    response = other.request.get(f"{app_url}/api/trips/{trip_id}/book.pdf?download=1")
    assert response.status == 404 and b"%PDF" not in response.body()
    # While the owner's agency gets the book.
    own = designer.request.get(f"{app_url}/api/trips/{trip_id}/book.pdf")
    assert own.ok and own.body().startswith(b"%PDF")

    # Removed by the admin, the designer is signed out at once.
    admin.goto(f"{app_url}/team")
    admin.locator(".remove-member").first.click()
    expect(admin.get_by_text(designer_email)).to_have_count(0)
    designer.goto(trip_url)
    designer.wait_for_url(re.compile(r".*/sign-in/?$"))


def test_signed_out_visitors_are_sent_to_sign_in_and_the_book_is_not_served(page, app_url):
    page.goto(f"{app_url}/trips/1")
    page.wait_for_url(re.compile(r".*/sign-in/?$"))
    assert page.request.get(f"{app_url}/api/trips/1/book.pdf").status == 404


def test_wrong_password_says_so_and_stays(page, app_url):
    page.goto(f"{app_url}/sign-in")
    page.fill("#field-email", MARC)
    page.fill("#field-password", "not the password")
    page.click("#sign-in")
    expect(page.locator("#form-error")).to_have_text("Wrong e-mail or password.")
