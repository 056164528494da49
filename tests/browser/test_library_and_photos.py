"""The content library and photos, as a designer uses them: import a CSV file, see the
report, draft a trip that uses the agency's own stay, add a photo to a day and find it
in the travel book."""

from __future__ import annotations

import io
import re

import pytest
from PIL import Image
from playwright.sync_api import expect
from pypdf import PdfReader

pytestmark = pytest.mark.browser

CSV = (
    "kind,country,place,name,supplier,cost,currency,unit\n"
    "stay,JP,Kyoto,Machiya Partenaire Gion,Gion Stays KK,41000,JPY,room_night\n"
    "activity,JP,Kyoto,,Nobody,10,JPY,person\n"
)


def test_csv_import_report_then_the_generator_uses_the_agencys_stay_and_a_day_photo_reaches_the_book(
    browser, app_url, tmp_path
):
    from tests.browser.conftest import MARC, sign_in

    page = browser.new_context(viewport={"width": 1440, "height": 900}).new_page()
    sign_in(page, app_url, MARC)
    page.goto(f"{app_url}/library")
    csv_file = tmp_path / "library.csv"
    csv_file.write_text(CSV)
    page.set_input_files("#library-csv input[type=file]", str(csv_file))
    report = page.locator("#import-report")
    expect(report).to_contain_text("1 rows imported")
    expect(report).to_contain_text("Row 3: name: required")
    expect(page.locator(".library-row")).to_have_count(1)

    page.goto(f"{app_url}/trips/new")
    page.fill("#brief", "Bonjour, un couple, 6 nuits au Japon du 3 au 9 mai 2027 : Kyoto uniquement. Budget 8000 €.")
    page.click("#generate")
    page.wait_for_url(re.compile(r".*/trips/\d+$"), timeout=60_000)
    page.wait_for_selector("#day-title")
    book = page.request.get(f"{app_url}{page.get_attribute('#book-preview', 'src')}").body()
    book_text = " ".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(book)).pages)
    assert "Machiya Partenaire Gion" in book_text.replace("\n", " ")

    photo = tmp_path / "kyoto.jpg"
    Image.radial_gradient("L").resize((3000, 2000)).convert("RGB").save(photo, "JPEG")
    page.set_input_files("#day-photo input[type=file]", str(photo))
    expect(page.locator(".photo-thumb")).to_have_count(1)
    src = page.get_attribute("#book-preview", "src")
    reader = PdfReader(io.BytesIO(page.request.get(f"{app_url}{src}").body()))
    day_one_title = page.input_value("#day-title")
    pages_with_title = [p for p in reader.pages if day_one_title in (p.extract_text() or "")]
    assert any(p.images for p in pages_with_title), "the day's photo is not on its page"
    widths = [image.image.width for p in pages_with_title for image in p.images]
    assert max(widths) <= 1800  # the print-size copy, never the 3000-pixel original
