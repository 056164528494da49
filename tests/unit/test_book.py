"""The travel book: content, page numbers, languages, escaping and the safe fetcher."""

from __future__ import annotations

import http.server
import io
import re
import shutil
import subprocess
import threading
from datetime import date, time, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader

from cocohop.book.fetcher import DEFAULT_ALLOWED_ROOTS, FetchRefused, SafeURLFetcher
from cocohop.book.render import Branding, book_html, html_to_pdf, render_book
from cocohop.domain.itinerary import Day, Item, ItemKind, Trip

START = date(2027, 4, 3)  # a Saturday
PASSWD_MARK = "root:x:0:0"


def make_trip(lang: str = "fr", n_days: int = 14, **overrides) -> Trip:
    places = ["Tokyo", "Hakone", "Kyoto", "Nara", "Osaka"]
    days = []
    for i in range(n_days):
        place = places[i * len(places) // n_days]
        days.append(
            Day(
                date=START + timedelta(days=i),
                title=f"{place}, étape {i + 1}",
                base_place=place,
                text=(
                    f"Matinée libre à {place}, le long des canaux.\nDéjeuner au marché.\n\n"
                    "L'après-midi, visite d'un jardin zen puis retour à l'hôtel.\n\n"
                    "Soirée au quartier des lanternes."
                ),
                items=[
                    Item(ItemKind.STAY, f"Ryokan {place}", place, nights=3, supplier="JTB"),
                    Item(
                        ItemKind.ACTIVITY, "Cérémonie du thé", place,
                        start_time=time(9, 30), end_time=time(11), duration_minutes=90,
                        supplier="Camellia", description="Avec un maître de thé.",
                    ),
                    Item(ItemKind.MEAL, "Dîner kaiseki", place, start_time=time(19),
                         to_complete=(i % 3 == 0)),
                ],
            )
        )
    fields = dict(
        title="Japon, jardins et saveurs", country="JP", lang=lang,
        start=START, end=START + timedelta(days=n_days), adults=2, children=1,
        child_ages=[8], client_name="Famille Martin", days=days,
        practical_info="Passeport valide six mois.\n\nLa monnaie est le yen.",
    )
    fields.update(overrides)
    return Trip(**fields)


def pdf_pages(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def toc_pages(pages: list[str]) -> dict[str, int]:
    """Page number per contents line: the line ends with "<title> <page>"."""
    lines = pages[1].splitlines()
    entries = {}
    for line in lines:
        if match := re.fullmatch(r"(.*) (\d+)", line):
            entries[match[1]] = int(match[2])
    return entries


@pytest.fixture(scope="module")
def fr_book():
    trip = make_trip("fr")
    return trip, pdf_pages(render_book(trip, Branding(agency_name="Voyages Azur")))


@pytest.fixture(scope="module")
def en_book():
    trip = make_trip("en", n_days=5)
    return trip, pdf_pages(render_book(trip, Branding(agency_name="Azur Travel")))


# --- content -----------------------------------------------------------------------


@pytest.mark.parametrize("book", ["fr_book", "en_book"])
def test_every_day_is_on_the_page_the_contents_give(book, request):
    trip, pages = request.getfixturevalue(book)
    entries = toc_pages(pages)
    word = "Jour" if trip.lang == "fr" else "Day"
    for number, day in enumerate(trip.days, start=1):
        [page] = [p for line, p in entries.items() if line.endswith(day.title)]
        text = pages[page - 1]
        assert day.title in text
        assert f"{word} {number} · " in text, (day.title, page)
    practical = "Informations pratiques" if trip.lang == "fr" else "Practical information"
    [page] = [p for line, p in entries.items() if line.endswith(practical)]
    assert "La monnaie est le yen." in pages[page - 1]


@pytest.mark.parametrize("book", ["fr_book", "en_book"])
def test_footer_numbers_every_page_but_the_cover(book, request):
    _, pages = request.getfixturevalue(book)
    total = len(pages)
    assert "Page " not in pages[0]
    for number, text in enumerate(pages[1:], start=2):
        assert f"Page {number} / {total}" in text


def test_french_labels_and_dates(fr_book):
    trip, pages = fr_book
    text = "\n".join(pages)
    assert "samedi 3 avril 2027" in text
    assert "dimanche 4 avril 2027" in text
    assert "3 avril – 17 avril 2027" in pages[0]
    assert "Famille Martin" in pages[0] and "Voyages Azur" in pages[0]
    assert "2 adultes, 1 enfant (8 ans)" in pages[0]
    for label in ("Sommaire", "Prestataire", "Hébergement", "Activité", "Repas",
                  "3 nuits", "1 h 30", "à compléter", "Informations pratiques"):
        assert label in text, label
    for english in ("Contents", "Supplier", "to complete", "Saturday"):
        assert english not in text
    # The mark sits on the days whose dinner is still to complete (days 1, 4, 7, ...).
    entries = toc_pages(pages)
    for number, day in enumerate(trip.days, start=1):
        [page] = [p for line, p in entries.items() if line.endswith(day.title)]
        assert ("à compléter" in pages[page - 1]) == ((number - 1) % 3 == 0)


def test_english_labels_and_dates(en_book):
    _, pages = en_book
    text = "\n".join(pages)
    assert "Saturday, 3 April 2027" in text
    assert "3 April – 8 April 2027" in pages[0]
    assert "2 adults, 1 child (aged 8)" in pages[0]
    for label in ("Contents", "Supplier", "Accommodation", "Activity", "Meal",
                  "3 nights", "to complete", "Practical information"):
        assert label in text, label
    for french in ("Sommaire", "Prestataire", "à compléter", "samedi"):
        assert french not in text


def test_pdftoppm_renders_the_cover(tmp_path):
    if not shutil.which("pdftoppm"):
        pytest.skip("pdftoppm not installed")
    pdf_path = tmp_path / "book.pdf"
    pdf_path.write_bytes(render_book(make_trip("fr", n_days=2)))
    subprocess.run(
        ["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "1", str(pdf_path), str(tmp_path / "p")],
        check=True, capture_output=True, timeout=60,
    )
    [png] = tmp_path.glob("p*.png")
    assert png.read_bytes().startswith(b"\x89PNG")


def test_branding_colours_must_be_rrggbb():
    Branding(primary_color="#A1b2C3", accent_color="#000000")
    for bad in ("red", "#fff", "#12345g", "#123456; } body { color: red", " #123456", None):
        with pytest.raises(ValueError):
            Branding(primary_color=bad)
    with pytest.raises(ValueError):
        Branding(accent_color="#1234567")


def test_branding_colours_reach_the_html():
    html = book_html(make_trip(n_days=1), Branding(primary_color="#123456", accent_color="#abcdef"))
    assert "--primary: #123456" in html and "--accent: #abcdef" in html


# --- escaping and fetching ---------------------------------------------------------


class RecordingFetcher(SafeURLFetcher):
    """Remembers what WeasyPrint asked for and what was actually served."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.requested: list[str] = []
        self.served: list[str] = []

    def fetch(self, url, headers=None):
        self.requested.append(url)
        response = super().fetch(url, headers)
        self.served.append(url)
        return response


@pytest.fixture
def loopback_server():
    """A local HTTP server that records every request it gets."""
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "text/css")
            self.end_headers()
            self.wfile.write(b"")

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", hits
    finally:
        server.shutdown()
        server.server_close()


def payloads(server_url: str, secret_file: Path) -> list[str]:
    return [
        '<img src="file:///etc/passwd">',
        '<link rel="attachment" href="file:///etc/passwd">',
        f'<link rel="attachment" href="{secret_file.as_uri()}">',
        f'<img src="{secret_file.as_uri()}">',
        '<img src="file://localhost/etc/passwd">',
        '<img src="../../../../etc/passwd">',
        f"<img src={server_url}/img>",
        f'<link rel="stylesheet" href="{server_url}/link.css">',
        f"<style>@import url({server_url}/import.css); body {{ background: url({server_url}/bg) }}</style>",
        f'<p style="background: url({server_url}/inline)">x</p>',
        f"url({server_url}/x)",
        '<script>alert(1)</script> <b>bold</b>',
    ]


@pytest.fixture
def secret_file(tmp_path):
    secret = tmp_path / "outside" / "secret.txt"
    secret.parent.mkdir()
    secret.write_text("SECRET-OUTSIDE-ASSETS\n")
    return secret


def assert_nothing_leaked(pdf: bytes):
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.attachments == {}
    text = "\n".join(page.extract_text() for page in reader.pages)
    # The payloads may show as text (escaped); file contents must not.
    assert PASSWD_MARK not in text
    assert "SECRET-OUTSIDE-ASSETS" not in text


def hostile_trip(server_url: str, secret_file: Path) -> Trip:
    bad = " ".join(payloads(server_url, secret_file))
    trip = make_trip("fr", n_days=2)
    trip.title = "Japon <script>alert(1)</script> <b>gras</b>"
    trip.client_name = bad
    trip.practical_info = bad + "\n\n" + bad
    for day in trip.days:
        day.title = "Jour <b>piégé</b> <script>alert(1)</script>"
        day.base_place = bad
        day.text = bad + "\n\n" + bad
        for item in day.items:
            item.name = bad
            item.place = item.supplier = item.description = bad
    return trip


def test_user_text_is_escaped_and_fetches_nothing(loopback_server, secret_file):
    server_url, hits = loopback_server
    trip = hostile_trip(server_url, secret_file)
    branding = Branding(agency_name='<img src="file:///etc/passwd"> Agence')

    html = book_html(trip, branding)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script" not in html and "<b>" not in html
    assert '<img src="file:///etc/passwd">' not in html
    assert "&lt;link rel=&#34;attachment&#34;" in html

    fetcher = RecordingFetcher()
    pdf = html_to_pdf(html, fetcher=fetcher)
    assert fetcher.requested == []  # escaped text is text: nothing to fetch at all
    pdf_default = render_book(trip, branding)
    assert hits == []
    for document in (pdf, pdf_default):
        assert_nothing_leaked(document)
        text = "\n".join(pdf_pages(document))
        assert "Japon <script>alert(1)</script> <b>gras</b>" in text
        assert "Jour <b>piégé</b>" in text


def test_fetcher_blocks_raw_markup_given_to_the_renderer(loopback_server, secret_file):
    """If markup ever reached the renderer unescaped, the fetcher still blocks it."""
    server_url, hits = loopback_server
    html = "<!DOCTYPE html><html><body><p>Bonjour</p>{}</body></html>".format(
        "\n".join(payloads(server_url, secret_file))
    )
    fetcher = RecordingFetcher()
    pdf = html_to_pdf(html, fetcher=fetcher)
    assert hits == []
    assert fetcher.served == []
    # WeasyPrint did ask, so it is the fetcher that said no.
    assert any(url.startswith(server_url) for url in fetcher.requested)
    assert "file:///etc/passwd" in fetcher.requested
    assert_nothing_leaked(pdf)


def test_control_default_fetcher_does_leak(loopback_server, secret_file):
    """Checks the test setup: WeasyPrint's own fetcher does fetch these payloads."""
    from weasyprint import HTML

    server_url, hits = loopback_server
    html = (
        f'<link rel="attachment" href="{secret_file.as_uri()}">'
        f"<img src={server_url}/img>"
    )
    pdf = HTML(string=html).write_pdf()
    assert hits == ["/img"]
    attachments = PdfReader(io.BytesIO(pdf)).attachments
    assert any(b"SECRET-OUTSIDE-ASSETS" in data for datas in attachments.values() for data in datas)


# --- the fetcher itself ------------------------------------------------------------


@pytest.fixture
def assets(tmp_path):
    root = tmp_path / "assets"
    (root / "img").mkdir(parents=True)
    (root / "img" / "logo.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20">'
        '<rect width="40" height="20" fill="#1f4e5f"/></svg>'
    )
    (root / "inner-link.svg").symlink_to(root / "img" / "logo.svg")
    (root / "passwd").symlink_to("/etc/passwd")
    (root / "etc").symlink_to("/etc")
    sibling = tmp_path / "assetsx" / "img"  # a folder whose name starts like the root's
    sibling.mkdir(parents=True)
    (sibling / "logo.svg").write_text("<svg/>")
    return root


def test_fetcher_serves_data_uris(assets):
    response = SafeURLFetcher([assets]).fetch("data:text/plain;base64,aGVsbG8=")
    assert response.read() == b"hello"


def test_fetcher_serves_files_inside_the_roots(assets):
    fetcher = SafeURLFetcher([assets])
    response = fetcher.fetch((assets / "img" / "logo.svg").as_uri())
    assert response.read().startswith(b"<svg")
    assert response.content_type == "image/svg+xml"
    assert fetcher.fetch((assets / "inner-link.svg").as_uri()).read().startswith(b"<svg")
    # Relative URLs resolve against the root, like WeasyPrint does with base_url.
    assert fetcher.base_url == (assets.resolve().as_uri() + "/")


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "FILE:///etc/passwd",
        "file://localhost/etc/passwd",
        "http://127.0.0.1:9/x",
        "https://example.com/logo.png",
        "ftp://127.0.0.1/x",
        "javascript:alert(1)",
        "not a url",
    ],
)
def test_fetcher_refuses_other_urls(assets, url):
    with pytest.raises(FetchRefused):
        SafeURLFetcher([assets]).fetch(url)


def test_fetcher_refuses_escapes_from_the_roots(assets, secret_file):
    fetcher = SafeURLFetcher([assets])
    root_url = assets.as_uri()
    for url in [
        secret_file.as_uri(),
        f"{root_url}/../outside/secret.txt",
        f"{root_url}/%2e%2e/outside/secret.txt",
        f"{root_url}/img/../../outside/secret.txt",
        f"{root_url}/passwd",  # a symlink inside, pointing outside
        f"{root_url}/etc/passwd",  # a directory symlink inside, pointing outside
        f"{root_url}/img",  # a directory, not a file
        f"{root_url}/missing.png",
        f"file://localhost{assets / 'img' / 'logo.svg'}",
        root_url + "x/img/logo.svg",  # the sibling folder "assetsx"
    ]:
        with pytest.raises(FetchRefused):
            fetcher.fetch(url)


def test_default_roots_come_from_the_package_location():
    package_dir = Path(__file__).resolve().parents[2] / "cocohop" / "book"
    project = package_dir.parents[1]
    assert DEFAULT_ALLOWED_ROOTS == (
        project / "assets",
        package_dir / "static",
        project / ".tools" / "node_modules" / "@fontsource",
        project / ".cache" / "book-photos",
    )
    assert SafeURLFetcher().base_url.endswith("/assets/")


def test_logo_inside_the_assets_is_drawn(assets):
    fetcher = RecordingFetcher([assets])
    logo = str(assets / "img" / "logo.svg")
    html = book_html(make_trip(n_days=1), Branding(agency_name="Azur", logo_path=logo))
    html_to_pdf(html, fetcher=fetcher)
    assert fetcher.served == [Path(logo).as_uri()]
    # The same logo named relative to the root resolves through the base URL.
    fetcher = RecordingFetcher([assets])
    html = book_html(make_trip(n_days=1), Branding(logo_path="img/logo.svg"))
    html_to_pdf(html, fetcher=fetcher)
    assert fetcher.served == [Path(logo).as_uri()]


@pytest.mark.parametrize(("lang", "mark"), [("fr", "à vérifier"), ("en", "to verify")])
def test_an_item_the_model_added_is_marked_to_verify_in_the_book(lang, mark):
    trip = make_trip(lang, n_days=2)
    trip.days[1].items.append(Item(kind=ItemKind.ACTIVITY, name="Cours de calligraphie", to_verify=True))
    html = book_html(trip)
    assert f'Cours de calligraphie</span> <span class="mark">{mark}</span>' in html
    assert html.count(f'<span class="mark">{mark}</span>') == 1
