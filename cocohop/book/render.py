"""The travel book (carnet de voyage): a Trip rendered to branded A4 PDF.

``book_html`` builds the HTML (for the editor's preview and for inspection),
``render_book`` turns it into PDF bytes with WeasyPrint. Everything WeasyPrint reads
goes through ``SafeURLFetcher``: user text can neither read local files nor reach
the network, even if markup were to slip through the (autoescaped) template.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import time
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from babel import Locale
from babel.dates import format_date
from babel.lists import format_list
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from cocohop.domain.itinerary import Day, Item, ItemKind, Trip

if TYPE_CHECKING:
    from cocohop.book.fetcher import SafeURLFetcher

_HERE = Path(__file__).resolve().parent
_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")

# Babel locale per book language: British English gives "Saturday, 4 April 2027".
_LOCALES = {"fr": "fr_FR", "en": "en_GB"}

LABELS: dict[str, dict[str, str]] = {
    "fr": {
        "travel_book": "Carnet de voyage",
        "prepared_for": "Préparé pour",
        "dates": "Dates",
        "duration": "Durée",
        "travellers": "Voyageurs",
        "contents": "Sommaire",
        "day": "Jour",
        "time": "Heure",
        "kind": "Type",
        "service": "Prestation",
        "place": "Lieu",
        "supplier": "Prestataire",
        "length": "Durée",
        "to_complete": "à compléter",
        "practical_info": "Informations pratiques",
        "night": "nuit",
        "nights": "nuits",
        "adult": "adulte",
        "adults": "adultes",
        "child": "enfant",
        "children": "enfants",
        "ages": "{ages} ans",
    },
    "en": {
        "travel_book": "Travel book",
        "prepared_for": "Prepared for",
        "dates": "Dates",
        "duration": "Duration",
        "travellers": "Travellers",
        "contents": "Contents",
        "day": "Day",
        "time": "Time",
        "kind": "Type",
        "service": "Service",
        "place": "Place",
        "supplier": "Supplier",
        "length": "Length",
        "to_complete": "to complete",
        "practical_info": "Practical information",
        "night": "night",
        "nights": "nights",
        "adult": "adult",
        "adults": "adults",
        "child": "child",
        "children": "children",
        "ages": "aged {ages}",
    },
}

KIND_LABELS: dict[str, dict[ItemKind, str]] = {
    "fr": {
        ItemKind.STAY: "Hébergement",
        ItemKind.ACTIVITY: "Activité",
        ItemKind.TRANSFER: "Transfert",
        ItemKind.FLIGHT: "Vol",
        ItemKind.MEAL: "Repas",
        ItemKind.FREE_TIME: "Temps libre",
    },
    "en": {
        ItemKind.STAY: "Accommodation",
        ItemKind.ACTIVITY: "Activity",
        ItemKind.TRANSFER: "Transfer",
        ItemKind.FLIGHT: "Flight",
        ItemKind.MEAL: "Meal",
        ItemKind.FREE_TIME: "Free time",
    },
}


@dataclass(frozen=True)
class Branding:
    agency_name: str = ""
    primary_color: str = "#1f4e5f"
    accent_color: str = "#b8763a"
    # Relative to the assets folder, or absolute; either way it must lie inside the
    # allowed roots, or the fetcher leaves it out.
    logo_path: str | None = None

    def __post_init__(self) -> None:
        # Colours go into a <style> element: only #rrggbb may get there.
        for name in ("primary_color", "accent_color"):
            value = getattr(self, name)
            if not (isinstance(value, str) and _COLOUR.fullmatch(value)):
                raise ValueError(f"{name} must be a #rrggbb colour, got {value!r}")


# ``select_autoescape()`` alone would not escape "book.html.j2": list the extension,
# and escape anything else by default too.
_env = Environment(
    loader=FileSystemLoader(_HERE / "templates"),
    autoescape=select_autoescape(
        enabled_extensions=("html.j2", "html", "htm", "xml"), default=True
    ),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


def _lang(trip: Trip) -> str:
    return trip.lang if trip.lang in LABELS else "fr"


def _count(n: int, one: str, other: str, lang: str) -> str:
    # French uses the singular for 0 and 1, English only for 1.
    singular = n < 2 if lang == "fr" else n == 1
    return f"{n} {one if singular else other}"


def _party(trip: Trip, lang: str) -> str:
    labels = LABELS[lang]
    parts = []
    if trip.adults:
        parts.append(_count(trip.adults, labels["adult"], labels["adults"], lang))
    if trip.children:
        children = _count(trip.children, labels["child"], labels["children"], lang)
        if trip.child_ages:
            ages = format_list([str(a) for a in trip.child_ages], locale=_LOCALES[lang])
            children += f" ({labels['ages'].format(ages=ages)})"
        parts.append(children)
    return ", ".join(parts)


def _dates(trip: Trip, lang: str) -> str:
    locale = _LOCALES[lang]
    if trip.start and trip.end:
        # babel's format_interval abbreviates the month ("3–17 avr. 2027"); a cover
        # deserves the full name: "3 avril – 17 avril 2027".
        same_year = trip.start.year == trip.end.year
        first = format_date(trip.start, "d MMMM" if same_year else "d MMMM y", locale=locale)
        return f"{first} – {format_date(trip.end, 'd MMMM y', locale=locale)}"
    if trip.start:
        return format_date(trip.start, "long", locale=locale)
    return ""


def _clock(start: time | None, end: time | None) -> str:
    text = start.strftime("%H:%M") if start else ""
    if end:
        text += f"–{end.strftime('%H:%M')}"
    return text


def _length(item: Item, lang: str) -> str:
    labels = LABELS[lang]
    if item.nights:
        return _count(item.nights, labels["night"], labels["nights"], lang)
    minutes = item.duration_minutes
    if not minutes:
        return ""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} min"
    if not rest:
        return f"{hours} h"
    return f"{hours} h {rest:02d}" if lang == "fr" else f"{hours} h {rest} min"


def _day_view(number: int, day: Day, lang: str) -> dict:
    locale = _LOCALES[lang]
    return {
        "number": number,
        "anchor": f"day-{number}",
        "day_label": f"{LABELS[lang]['day']} {number}",
        "long_date": format_date(day.date, "full", locale=locale) if day.date else "",
        "short_date": format_date(day.date, "EEE d MMM", locale=locale) if day.date else "",
        "title": day.title,
        "base_place": day.base_place,
        "paragraphs": day.paragraphs,
        "item_rows": [
            {
                "time": _clock(item.start_time, item.end_time),
                "kind": KIND_LABELS[lang][ItemKind(item.kind)],
                "name": item.name,
                "place": item.place,
                "supplier": item.supplier,
                "length": _length(item, lang),
                "description": item.description,
                "to_complete": item.to_complete,
            }
            for item in day.items
        ],
    }


def _logo_url(logo_path: str | None) -> str:
    if not logo_path:
        return ""
    # Absolute paths become file URLs; relative ones resolve against the assets
    # folder (the document's base URL). The fetcher has the last word either way.
    return Path(logo_path).as_uri() if Path(logo_path).is_absolute() else quote(logo_path)


def book_html(trip: Trip, branding: Branding | None = None) -> str:
    branding = branding or Branding()
    lang = _lang(trip)
    country_name = ""
    if trip.country:
        country_name = Locale.parse(_LOCALES[lang]).territories.get(trip.country.upper(), "")
    labels = LABELS[lang]
    return _env.get_template("book.html.j2").render(
        lang=lang,
        labels=labels,
        title=trip.title,
        client_name=trip.client_name,
        country_name=country_name,
        dates=_dates(trip, lang),
        duration=_count(trip.nights, labels["night"], labels["nights"], lang) if trip.nights else "",
        party=_party(trip, lang),
        agency_name=branding.agency_name,
        primary_color=branding.primary_color,
        accent_color=branding.accent_color,
        logo_url=_logo_url(branding.logo_path),
        days=[_day_view(i, day, lang) for i, day in enumerate(trip.days, start=1)],
        practical_paragraphs=[
            p.strip() for p in trip.practical_info.split("\n\n") if p.strip()
        ],
    )


@functools.cache
def _default_fetcher():
    from cocohop.book.fetcher import SafeURLFetcher

    return SafeURLFetcher()


@functools.cache
def _stylesheet():
    """The book's CSS, parsed once per process and reused by every render."""
    from weasyprint import CSS

    fetcher = _default_fetcher()
    return CSS(
        string=(_HERE / "book.css").read_text(encoding="utf-8"),
        base_url=fetcher.base_url,
        url_fetcher=fetcher,
    )


def html_to_pdf(html: str, fetcher: SafeURLFetcher | None = None) -> bytes:
    """Render book HTML to PDF; every URL in it goes through the safe fetcher.

    The shared stylesheet was parsed with the default fetcher; it has no URLs.
    """
    # WeasyPrint is imported here so that importing this module (for book_html, in
    # the editor) stays light.
    from weasyprint import HTML

    fetcher = fetcher or _default_fetcher()
    document = HTML(string=html, base_url=fetcher.base_url, url_fetcher=fetcher)
    return document.write_pdf(stylesheets=[_stylesheet()])


def render_book(trip: Trip, branding: Branding | None = None) -> bytes:
    return html_to_pdf(book_html(trip, branding))
