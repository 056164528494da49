"""Branding (fonts, colours, contacts, legal mentions) and the optional sections."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from pypdf import PdfReader

from cocohop.book.branding import Branding, LegalMentions
from cocohop.book.extras import QuoteLine, QuoteSummary
from cocohop.book.fonts import FONT_CHOICES, font_face_css, fonts_installed
from cocohop.book.render import book_html
from cocohop.book.sample import sample_branding, sample_trip
from tests.unit.test_book_render import big_book, fast_pages_text, renderer


def _font_names(pdf: bytes) -> set[str]:
    names = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        fonts = page["/Resources"].get("/Font", {})
        for key in fonts:
            names.add(str(fonts[key].get_object()["/BaseFont"]).split("+")[-1])
    return names


def test_every_font_on_the_list_is_installed_and_loads_through_the_fetcher_roots():
    for name in FONT_CHOICES:
        assert fonts_installed(name), f"{name}: run scripts/setup.sh"
    css = font_face_css("Playfair Display", "Lato")
    # Lora-like headings: regular and bold; body: regular, italic, bold; each in the Latin and
    # Latin Extended subsets (Vietnamese too where the font has it).
    assert css.count("@font-face") >= 2 * 2 + 3 * 2
    assert "file:///" in css and "/.tools/node_modules/%40fontsource/" in css
    assert "unicode-range" in css


def test_the_agency_fonts_are_embedded():
    _, pdf, _ = big_book()  # Lora headings, Source Sans 3 text
    names = _font_names(pdf)
    assert any(n.startswith("Lora") for n in names), names
    assert {"Source-Sans-3-Italic", "Source-Sans-3-Bold"} <= names, names
    other = renderer().render(sample_trip(1, "en"), Branding(heading_font="Playfair Display", body_font="Lato"))
    names = _font_names(other)
    assert any(n.startswith("PlayfairDisplay") or n.startswith("Playfair") for n in names), names
    assert any(n.startswith("Lato") for n in names), names


def test_legal_mentions_close_the_book_and_sign_every_footer():
    _, _, pages = big_book()
    last = pages[-1].replace("\u00a0", " ")
    for text in ("Mentions légales", "Voyages Azur SAS", "Immatriculation Atout France IM013100042",
                 "Garantie financière : APST", "Assurance responsabilité civile professionnelle : Hiscox"):
        assert text in last, text
    for page in pages[1:]:
        assert "Voyages Azur SAS · Immatriculation Atout France IM013100042" in page


def test_agency_and_local_contacts_and_stays():
    _, _, pages = big_book()
    text = "\n".join(pages).replace("\u00a0", " ")
    for expected in ("Votre agence", "+33 4 91 00 00 00", "Urgence pendant le voyage (24 h/24) : +33 6 00 00 00 00",
                     "Sur place", "Yuki Sato", "Vos hébergements", "1300 Gora, Hakone, Kanagawa"):
        assert expected in text, expected


def test_quote_summary_rounds_half_up_and_appears_only_when_given():
    _, _, pages = big_book()
    text = "\n".join(pages)
    assert "4\u202f210,46\u00a0€" in text or "4 210,46 €" in text  # 4210.455: half up
    assert "Acompte de 1\u202f950,84\u00a0€ à régler à la signature" in text or "1 950,84" in text
    assert "Récapitulatif du devis" in text and "Documents de voyage" in text
    bare = fast_pages_text(renderer().render(sample_trip(2, "fr"), sample_branding()))
    assert not any("Récapitulatif du devis" in p or "Documents de voyage" in p for p in bare)


def test_quote_amounts_must_be_decimals():
    with pytest.raises(TypeError):
        QuoteLine("Vols", 12.5)
    with pytest.raises(TypeError):
        QuoteSummary(lines=[], total=100.0, currency="EUR")
    with pytest.raises(ValueError):
        QuoteSummary(lines=[], total=Decimal("1"), currency="euros")


@pytest.mark.parametrize(
    "fields",
    [
        {"heading_font": "Comic Sans MS"},
        {"body_font": 'Lato"; } body { color: red'},
        {"primary_color": "red"},
        {"phone": "call me"},
        {"email": "not-an-email"},
        {"website": "javascript:alert(1)"},
        {"logo_path": "https://example.com/logo.png"},
        {"logo_path": "file:///etc/passwd"},
        {"logo_path": "logo.exe"},
        {"agency_name": "A" * 201},
        {"agency_name": "Azur\x00"},
        {"timezone": "Mars/Olympus"},
        {"legal": "IM075100123"},
    ],
)
def test_branding_refuses_what_it_cannot_print_safely(fields):
    with pytest.raises(ValueError):
        Branding(**fields)


@pytest.mark.parametrize("registration", ["IM07510012", "IM0751001234", "075100123", "IM07510012X", "see website"])
def test_atout_france_registration_format(registration):
    with pytest.raises(ValueError):
        LegalMentions(atout_france_registration=registration)


def test_atout_france_registration_is_written_the_standard_way():
    assert LegalMentions(atout_france_registration="im 075.100-123 ").atout_france_registration == "IM075100123"


def test_valid_branding_reaches_the_html():
    branding = sample_branding()
    html = book_html(sample_trip(2, "en"), Branding(
        primary_color="#0a3d62", accent_color="#e58e26", heading_font="Playfair Display", body_font="Lato",
        legal=branding.legal, agency_name="Azur",
    ))
    assert "--primary: #0a3d62" in html and "--accent: #e58e26" in html
    assert 'font-family: "Lato", "DejaVu Sans", sans-serif' in html
    assert 'font-family: "Playfair Display", "DejaVu Serif", serif' in html
    assert "Atout France registration IM013100042" in html


def test_fonts_left_unchosen_fall_back_to_the_defaults():
    branding = Branding(heading_font="", body_font="")
    assert (branding.heading_font, branding.body_font) == ("Lora", "Source Sans 3")


def test_a_stored_logo_is_embedded_as_data_and_checked():
    logo = b'<svg xmlns="http://www.w3.org/2000/svg" width="60" height="20"><rect width="60" height="20"/></svg>'
    html = book_html(sample_trip(1, "fr"), Branding(logo_data=logo, logo_mime="image/svg+xml"))
    assert '<img class="logo" src="data:image/svg+xml;base64,' in html
    for bad in ({"logo_data": logo, "logo_mime": "text/html"}, {"logo_data": b"x" * (1024 * 1024 + 1), "logo_mime": "image/png"},
                {"logo_data": "not bytes", "logo_mime": "image/png"}):
        with pytest.raises(ValueError):
            Branding(**bad)
