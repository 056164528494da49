"""The chunked renderer on a benchmark-sized book: contents, page numbers, links, page
budget, refresh after an edit, rendering to PNG."""

from __future__ import annotations

import atexit
import copy
import functools
import io
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from pypdf import PdfReader

from cocohop.book.photos import prepare_photo
from cocohop.book.render import BookRenderer
from cocohop.book.sample import (
    generate_photo,
    sample_branding,
    sample_documents,
    sample_quote,
    sample_trip,
)

# A rich day (photo, eleven paragraphs, seven programme items) takes three pages; more
# means something spills (a photo pushed over, a table split badly).
DAY_PAGE_BUDGET = 3
# Cover, contents, overview, practical information, contacts, quote, documents.
FRONT_AND_BACK_BUDGET = 9


@functools.cache
def photo_dir() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="cocohop-test-photos-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder


@functools.cache
def photo_refs() -> tuple[str, ...]:
    # One camera-sized original (the scaling is what is tested), three small ones (speed).
    sizes = [(4000, 3000), (1200, 800), (800, 1200), (1000, 700)]
    return tuple(prepare_photo(generate_photo(w, h, seed=i), photo_dir()).ref for i, (w, h) in enumerate(sizes))


@functools.cache
def renderer() -> BookRenderer:
    book_renderer = BookRenderer(2, photo_dir=photo_dir())
    atexit.register(book_renderer.close)
    return book_renderer


@functools.cache
def big_book() -> tuple:
    """(trip, pdf bytes, text per page) of the 16-day, ~50-page benchmark book."""
    trip = sample_trip(16, "fr", list(photo_refs()), rich=True)
    pdf = renderer().render(trip, sample_branding(), quote=sample_quote(), documents=sample_documents())
    return trip, pdf, pages_text(pdf)


def pages_text(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def fast_pages_text(pdf: bytes) -> list[str]:
    """Text per page by poppler's pdftotext (pypdf takes ~1.5 s for 50 pages)."""
    if not shutil.which("pdftotext"):
        return pages_text(pdf)
    result = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", "-", "-"], input=pdf,
                            capture_output=True, check=True, timeout=60)
    return result.stdout.decode("utf-8").split("\f")[:-1]


def toc_entries(pages: list[str]) -> dict[str, int]:
    """Contents lines "<number> <date> <title> <page>" -> page, keyed by the line's text."""
    entries = {}
    for line in pages[1].splitlines():
        if match := re.fullmatch(r"(.*\S) (\d+)", line.strip()):
            entries[match[1]] = int(match[2])
    return entries


def page_of(entries: dict[str, int], title: str) -> int:
    [page] = [p for line, p in entries.items() if line.endswith(title)]
    return page


def test_the_benchmark_book_is_about_fifty_pages():
    _, _, pages = big_book()
    assert 45 <= len(pages) <= 60


def test_every_day_title_is_on_the_page_the_contents_give():
    trip, _, pages = big_book()
    entries = toc_entries(pages)
    for number, day in enumerate(trip.days, start=1):
        page = page_of(entries, day.title)
        assert day.title in pages[page - 1]
        assert f"Jour {number} · " in pages[page - 1]
        # ... and it is the day's first page: the page before belongs to another section.
        assert f"Jour {number} · " not in pages[page - 2]


def test_every_section_is_on_the_page_the_contents_give():
    _, _, pages = big_book()
    entries = toc_entries(pages)
    for title, text in [
        ("Votre itinéraire", "16 jours, 15 nuits"),
        ("Informations pratiques", "Taux de change"),
        ("Contacts", "Votre agence"),
        ("Récapitulatif du devis", "DEV-2027-0042"),
        ("Documents de voyage", "Remis par l'agence"),
    ]:
        assert text in pages[page_of(entries, title) - 1], title


def test_page_numbers_and_total_on_every_page_but_the_cover():
    _, _, pages = big_book()
    assert "Page " not in pages[0]
    for number, text in enumerate(pages[1:], start=2):
        assert f"Page {number} / {len(pages)}" in text


def test_each_day_stays_within_its_page_budget():
    trip, _, pages = big_book()
    entries = toc_entries(pages)
    starts = [page_of(entries, day.title) for day in trip.days]
    ends = starts[1:] + [page_of(entries, "Informations pratiques")]
    for day, start, end in zip(trip.days, starts, ends):
        assert 1 <= end - start <= DAY_PAGE_BUDGET, (day.title, end - start)
    assert len(pages) <= DAY_PAGE_BUDGET * len(trip.days) + FRONT_AND_BACK_BUDGET


def test_contents_entries_link_to_their_pages_and_bookmarks_list_the_days():
    trip, pdf, pages = big_book()
    reader = PdfReader(io.BytesIO(pdf))
    entries = toc_entries(pages)
    page_ids = [page.indirect_reference.idnum for page in reader.pages]
    targets = set()
    for annotation in reader.pages[1].get("/Annots", []):
        annotation = annotation.get_object()
        assert annotation["/Subtype"] == "/Link"
        targets.add(page_ids.index(annotation["/Dest"][0].idnum) + 1)
    assert targets == set(entries.values())
    outline = [item for item in reader.outline if not isinstance(item, list)]
    titles = [item.title for item in outline]
    assert titles[1] == f"Jour 1 · {trip.days[0].title}"
    assert reader.get_destination_page_number(outline[1]) + 1 == page_of(entries, trip.days[0].title)


def test_refresh_after_one_day_edit_reads_like_a_full_render_and_lays_out_only_that_day():
    trip, _, _ = big_book()
    trip = copy.deepcopy(trip)
    book_renderer = renderer()
    branding, quote, documents = sample_branding(), sample_quote(), sample_documents()
    book_renderer.render(trip, branding, quote=quote, documents=documents)
    # A long addition: the day grows by a page, every later page number moves.
    trip.days[4].text += "\n\n" + "Une longue note ajoutée par la conseillère. " * 120
    refreshed = book_renderer.render(trip, branding, quote=quote, documents=documents)
    assert book_renderer.last_stats.rendered == ["day-5", "toc"]

    full = book_renderer.render(trip, branding, quote=quote, documents=documents, use_cache=False)
    pages = fast_pages_text(refreshed)
    assert pages == fast_pages_text(full)
    assert len(pages) == len(big_book()[2]) + 1
    assert f"Page {len(pages)} / {len(pages)}" in pages[-1]
    contents = pages[1]
    for number, day in enumerate(trip.days, start=1):
        [page] = re.findall(re.escape(day.title) + r"\s+(\d+)\n", contents)
        assert day.title in pages[int(page) - 1] and f"Jour {number} · " in pages[int(page) - 1]

    # A small edit that keeps the day's length: only that day, the contents come from the cache.
    trip.days[9].text += " Merci."
    book_renderer.render(trip, branding, quote=quote, documents=documents)
    assert book_renderer.last_stats.rendered == ["day-10"]


def test_contents_longer_than_a_page_still_number_right():
    # 30 days: the contents take two pages, every number moves by one.
    trip = sample_trip(30, "en")
    pdf = renderer().render(trip)
    pages = pages_text(pdf)
    lines = "\n".join(pages[1:3]).splitlines()
    entries = {m[1]: int(m[2]) for line in lines if (m := re.fullmatch(r"(.*\S) (\d+)", line.strip()))}
    assert "Contents" not in pages[3]
    for number, day in enumerate(trip.days, start=1):
        page = page_of(entries, day.title)
        assert day.title in pages[page - 1] and f"Day {number} · " in pages[page - 1]


def test_every_page_renders_to_png_with_pdftoppm(tmp_path):
    if not shutil.which("pdftoppm"):
        pytest.skip("pdftoppm not installed (scripts/test.sh installs poppler-utils)")
    _, pdf, pages = big_book()
    path = tmp_path / "book.pdf"
    path.write_bytes(pdf)
    result = subprocess.run(
        ["pdftoppm", "-png", "-r", "12", str(path), str(tmp_path / "p")],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "Error" not in result.stderr, result.stderr
    images = sorted(tmp_path.glob("p-*.png"))
    assert len(images) == len(pages)
    assert all(image.read_bytes().startswith(b"\x89PNG") for image in images)


def test_a_bare_trip_still_renders():
    """No route, no country, no dates, no days: cover, contents, practical, contacts."""
    from cocohop.domain.itinerary import Trip

    pdf = renderer().render(Trip(title="Sans destination", country=None, lang="en"))
    pages = pages_text(pdf)
    assert "Sans destination" in pages[0]
    assert "Practical information" in "\n".join(pages)


def test_photo_captions_are_printed_under_the_photos():
    trip = sample_trip(2, "en", list(photo_refs()))
    trip.photo_caption = "Kiyomizu-dera at dawn"
    trip.days[1].photo_caption = "The bamboo grove, Arashiyama"
    trip.photo = photo_refs()[1]
    pages = fast_pages_text(renderer().render(trip))
    assert "Kiyomizu-dera at dawn" in pages[0]
    assert "The bamboo grove, Arashiyama" in "\n".join(pages[3:])
