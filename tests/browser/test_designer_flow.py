"""What a designer does: paste a brief, generate, edit a day, reload, read the book."""

from __future__ import annotations

import io
import json
import re

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.browser.conftest import CLAIRE, sign_in

pytestmark = pytest.mark.browser


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


def select_day(page, index: int) -> None:
    entry = page.locator(".day-entry").nth(index)
    label = entry.locator(".day-date").inner_text()
    entry.click()
    expect(page.locator("#day-date")).to_have_text(label)


def open_generated_trip(page, app_url, brief_text: str) -> None:
    page.goto(f"{app_url}/trips/new")
    page.fill("#brief", brief_text)
    page.click("#generate")
    page.wait_for_url(re.compile(r".*/trips/\d+$"), timeout=60_000)
    page.wait_for_selector("#day-title")


def test_brief_to_trip_edit_reload_and_book(claire_page, app_url, shared_dir):
    page = claire_page
    brief = json.loads((shared_dir / "briefs" / "briefs.json").read_text())["briefs"][0]
    open_generated_trip(page, app_url, brief["text"])
    days = page.locator(".day-entry")
    assert days.count() == brief["expect"]["nights"] + 1

    # Edit the second day's title: it saves by itself, no button.
    select_day(page, 1)
    new_title = "Kyoto, jardins secrets & <b>thé</b>"
    page.fill("#day-title", new_title)
    page.locator(".day-entry .day-title").nth(1).filter(has_text="jardins secrets").wait_for()
    page.wait_for_selector("#save-status:has-text('saved')")

    page.reload()
    page.wait_for_selector("#day-title")
    select_day(page, 1)
    expect(page.locator("#day-title")).to_have_value(new_title)

    # The preview beside the editor shows the current book, with the new title in it.
    src = page.get_attribute("#book-preview", "src")
    response = page.request.get(f"{app_url}{src}")
    assert response.ok and response.headers["content-type"] == "application/pdf"
    text = pdf_text(response.body())
    assert "Kyoto, jardins secrets & <b>thé</b>" in text.replace("\n", " ")


def test_a_brief_that_cannot_be_read_gives_a_clear_error_and_loses_nothing(claire_page, app_url):
    page = claire_page
    page.goto(f"{app_url}/trips/new")
    page.click("#generate")
    expect(page.locator("#brief-error")).to_contain_text("Paste the client's e-mail")
    page.fill("#brief", "12345 !!! ???")
    page.click("#generate")
    expect(page.locator("#brief-error")).to_contain_text("no words")
    assert re.search(r"/trips/new/?$", page.url)
    assert page.input_value("#brief") == "12345 !!! ???"


def test_two_tabs_on_one_day_never_silently_overwrite(browser, app_url, shared_dir):
    brief = json.loads((shared_dir / "briefs" / "briefs.json").read_text())["briefs"][1]
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    first, second = context.new_page(), context.new_page()
    try:
        sign_in(first, app_url, CLAIRE)  # the two tabs share the browser's session cookie
        open_generated_trip(first, app_url, brief["text"])
        second.goto(first.url)
        second.wait_for_selector("#day-title")

        first.fill("#day-title", "Written in tab one")
        first.locator(".day-entry .day-title").first.filter(has_text="Written in tab one").wait_for()
        second.fill("#day-title", "Written in tab two")
        # The second tab is told, sees the first tab's text, and keeps its own aside.
        second.wait_for_selector("#editor-message")
        assert "another tab" in second.inner_text("#editor-message")
        assert "Written in tab two" in second.inner_text("#editor-message")
        second.wait_for_function("document.querySelector('#day-title').value === 'Written in tab one'")
        first.reload()
        expect(first.locator("#day-title")).to_have_value("Written in tab one")
    finally:
        context.close()


def test_a_trip_that_does_not_exist_says_not_found(claire_page, app_url):
    page = claire_page
    page.goto(f"{app_url}/trips/999999")
    page.wait_for_selector("#not-found")


def test_the_interface_speaks_french_when_the_designer_chooses_it(browser, app_url):
    page = browser.new_context(viewport={"width": 1440, "height": 900}).new_page()
    sign_in(page, app_url, CLAIRE)
    expect(page.locator("#new-trip")).to_have_text("New trip from a brief")
    page.locator("#ui-lang").get_by_text("FR").first.click()
    expect(page.locator("#new-trip")).to_have_text("Nouveau voyage depuis une demande")
    page.reload()  # the choice is kept
    expect(page.locator("#new-trip")).to_have_text("Nouveau voyage depuis une demande")
    page.locator("#ui-lang").get_by_text("EN").first.click()
    expect(page.locator("#new-trip")).to_have_text("New trip from a brief")
