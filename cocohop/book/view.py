"""What the travel book says, formatted for its language: the templates' input.

Every label, date, duration and amount is formatted here (babel, ``fr_FR`` or ``en_GB``),
so the templates only place text. User text is passed as it is: the templates escape it.
Photo references become file URLs only when they name a prepared photo that exists; any
other value (a URL, a path) is dropped here, and the fetcher would refuse it anyway.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Sequence

from babel import Locale
from babel.dates import format_date, get_timezone_location
from babel.lists import format_list
from babel.numbers import format_currency, get_currency_name, get_currency_precision

from cocohop.book import practical
from cocohop.book.branding import Branding
from cocohop.book.extras import DOCUMENT_KINDS, DocumentEntry, QuoteSummary
from cocohop.book.fonts import font_stack
from cocohop.book.photos import DEFAULT_PHOTO_DIR, photo_path, thumbnail_path
from cocohop.book.route_map import MapStop, MapStyle, route_map_svg, svg_data_uri
from cocohop.domain.itinerary import Day, Item, ItemKind, Trip

LOCALES = {"fr": "fr_FR", "en": "en_GB"}  # British English: "Saturday, 4 April 2027"

LABELS: dict[str, dict[str, str]] = {
    "fr": {
        "colon": "\u00a0: ",  # French puts a (non-breaking) space before a colon
        "travel_book": "Carnet de voyage",
        "prepared_for": "Préparé pour",
        "dates": "Dates",
        "duration": "Durée",
        "travellers": "Voyageurs",
        "contents": "Sommaire",
        "day": "Jour",
        "programme": "Programme",
        "to_complete": "à compléter",
        "to_verify": "à vérifier",
        "practical_info": "Informations pratiques",
        "overview": "Votre itinéraire",
        "route_summary": "{days} jours, {nights} · {stops} étapes",
        "stop": "Étape",
        "nights_col": "Nuits",
        "from_to": "Du {start} au {end}",
        "night": "nuit",
        "nights": "nuits",
        "adult": "adulte",
        "adults": "adultes",
        "child": "enfant",
        "children": "enfants",
        "ages": "{ages} ans",
        "supplier": "Prestataire",
        "address": "Adresse",
        "phone": "Tél.",
        "email": "E-mail",
        "website": "Site",
        "duration_about": "Durée\u00a0: {duration}",
        "check_in_nights": "{nights} à partir de ce soir",
        "currency": "Monnaie",
        "exchange_rate": "Taux de change",
        "rate_line": "{one} = {rate} · {back_amount} ≈ {back}",
        "rate_source": "taux de référence BCE du {date}",
        "rate_missing": "Taux du {name} non disponible hors ligne\u00a0: votre conseiller vous l'indiquera.",
        "same_currency": "Le {name}, comme chez vous\u00a0: pas de change.",
        "time_difference": "Décalage horaire",
        "offset_none": "Pas de décalage avec {home}",
        "offset": "{offset} par rapport à {home}",
        "offset_change": "{before} jusqu'au {date}, puis {after}",
        "same_time": "même heure",
        "holidays": "Jours fériés pendant le voyage",
        "no_holidays": "Aucun jour férié pendant votre voyage.",
        "holidays_unknown": "Dates du voyage à préciser.",
        "emergency": "Numéros d'urgence",
        "power": "Électricité",
        "power_line": "Prises {plugs} · {voltage} · {frequency}",
        "adapter_needed": "adaptateur nécessaire pour les prises françaises",
        "adapter_not_needed": "les prises françaises s'y branchent",
        "voltage_warning": "vérifiez que vos appareils acceptent {voltage}",
        "good_to_know": "Bon à savoir",
        "missing": "à compléter par votre conseiller",
        "sources": "Sources",
        "contacts": "Contacts",
        "your_agency": "Votre agence",
        "emergency_phone": "Urgence pendant le voyage (24 h/24)",
        "local_contacts": "Sur place",
        "your_stays": "Vos hébergements",
        "quote": "Récapitulatif du devis",
        "quote_reference": "Devis {reference}",
        "total": "Total",
        "deposit": "Acompte",
        "deposit_due": "Acompte de {amount} à régler {when}",
        "at_signature": "à la signature",
        "on_date": "le {date}",
        "balance_due": "Solde à régler le {date}",
        "included": "Le prix comprend",
        "excluded": "Le prix ne comprend pas",
        "documents": "Documents de voyage",
        "provided_by_agency": "Remis par l'agence",
        "to_bring": "À emporter par vos soins",
        "reference": "Réf.",
        "legal": "Mentions légales",
        "registration": "Immatriculation Atout France {number}",
        "guarantee": "Garantie financière\u00a0: {text}",
        "insurer": "Assurance responsabilité civile professionnelle\u00a0: {text}",
        "page": "Page",
        "map_alt": "Carte de l'itinéraire",
    },
    "en": {
        "colon": ": ",
        "travel_book": "Travel book",
        "prepared_for": "Prepared for",
        "dates": "Dates",
        "duration": "Duration",
        "travellers": "Travellers",
        "contents": "Contents",
        "day": "Day",
        "programme": "Programme",
        "to_complete": "to complete",
        "to_verify": "to verify",
        "practical_info": "Practical information",
        "overview": "Your itinerary",
        "route_summary": "{days} days, {nights} · {stops} stops",
        "stop": "Stop",
        "nights_col": "Nights",
        "from_to": "{start} to {end}",
        "night": "night",
        "nights": "nights",
        "adult": "adult",
        "adults": "adults",
        "child": "child",
        "children": "children",
        "ages": "aged {ages}",
        "supplier": "Supplier",
        "address": "Address",
        "phone": "Tel.",
        "email": "Email",
        "website": "Website",
        "duration_about": "Duration: {duration}",
        "check_in_nights": "{nights} from tonight",
        "currency": "Currency",
        "exchange_rate": "Exchange rate",
        "rate_line": "{one} = {rate} · {back_amount} ≈ {back}",
        "rate_source": "ECB reference rate of {date}",
        "rate_missing": "No offline rate for the {name}: your travel designer will tell you.",
        "same_currency": "The {name}, as at home: no exchange needed.",
        "time_difference": "Time difference",
        "offset_none": "Same time as {home}",
        "offset": "{offset} from {home}",
        "offset_change": "{before} until {date}, then {after}",
        "same_time": "the same time",
        "holidays": "Public holidays during the trip",
        "no_holidays": "No public holiday during your trip.",
        "holidays_unknown": "Trip dates to be set.",
        "emergency": "Emergency numbers",
        "power": "Electricity",
        "power_line": "Plugs {plugs} · {voltage} · {frequency}",
        "adapter_needed": "adapter needed for French plugs",
        "adapter_not_needed": "French plugs fit",
        "voltage_warning": "check that your devices accept {voltage}",
        "good_to_know": "Good to know",
        "missing": "to be completed by your travel designer",
        "sources": "Sources",
        "contacts": "Contacts",
        "your_agency": "Your agency",
        "emergency_phone": "Emergency during the trip (24/7)",
        "local_contacts": "On site",
        "your_stays": "Your accommodation",
        "quote": "Quote summary",
        "quote_reference": "Quote {reference}",
        "total": "Total",
        "deposit": "Deposit",
        "deposit_due": "Deposit of {amount} due {when}",
        "at_signature": "at signature",
        "on_date": "on {date}",
        "balance_due": "Balance due on {date}",
        "included": "The price includes",
        "excluded": "The price does not include",
        "documents": "Travel documents",
        "provided_by_agency": "Provided by the agency",
        "to_bring": "To bring yourself",
        "reference": "Ref.",
        "legal": "Legal information",
        "registration": "Atout France registration {number}",
        "guarantee": "Financial guarantee: {text}",
        "insurer": "Professional liability insurance: {text}",
        "page": "Page",
        "map_alt": "Map of the route",
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

SERVICE_LABELS: dict[str, dict[str, str]] = {
    "fr": {
        "general": "Urgences (numéro unique)",
        "general_mobile": "Urgences depuis un mobile",
        "police": "Police",
        "gendarmerie": "Gendarmerie",
        "fire_ambulance": "Pompiers et ambulances",
        "fire": "Pompiers",
        "ambulance": "Ambulances",
        "other": "Urgences",
    },
    "en": {
        "general": "All emergencies",
        "general_mobile": "Emergencies from a mobile phone",
        "police": "Police",
        "gendarmerie": "Gendarmerie",
        "fire_ambulance": "Fire and ambulance",
        "fire": "Fire brigade",
        "ambulance": "Ambulance",
        "other": "Emergency",
    },
}

DOCUMENT_KIND_LABELS: dict[str, dict[str, str]] = {
    "fr": {"identity": "Identité", "visa": "Visa", "health": "Santé", "ticket": "Billet",
           "voucher": "Bon d'échange", "insurance": "Assurance", "other": "Document"},
    "en": {"identity": "Identity", "visa": "Visa", "health": "Health", "ticket": "Ticket",
           "voucher": "Voucher", "insurance": "Insurance", "other": "Document"},
}

SOURCE_LABELS: dict[str, dict[str, str]] = {
    "fr": {
        "ecb": "taux de référence de la Banque centrale européenne",
        "tz": "fuseaux horaires IANA (tzdata)",
        "geonames": "lieux GeoNames (CC BY 4.0)",
        "holidays": "jours fériés\u00a0: python-holidays",
        "phonenumbers": "numéros d'urgence\u00a0: libphonenumber (Google)",
        "plugs": "électricité\u00a0: fluids, d'après Wikipédia (2017)",
        "map": "carte\u00a0: Natural Earth (domaine public), world-atlas",
    },
    "en": {
        "ecb": "European Central Bank reference rates",
        "tz": "IANA time zones (tzdata)",
        "geonames": "GeoNames places (CC BY 4.0)",
        "holidays": "public holidays: python-holidays",
        "phonenumbers": "emergency numbers: libphonenumber (Google)",
        "plugs": "electricity: fluids, from Wikipedia (2017)",
        "map": "map: Natural Earth (public domain), world-atlas",
    },
}

# Plug types a French plug fits into (E, and F through the E/F hybrid plug; C sockets).
_HOME_PLUGS = {"C", "E", "F"}


def book_lang(trip: Trip) -> str:
    return trip.lang if trip.lang in LABELS else "fr"


def count(n: int, one: str, other: str, lang: str) -> str:
    # French uses the singular for 0 and 1, English only for 1.
    singular = n < 2 if lang == "fr" else n == 1
    return f"{n} {one if singular else other}"


def format_money(amount: Decimal, currency: str, lang: str) -> str:
    """Round half up to the currency's smallest unit, for display only."""
    digits = get_currency_precision(currency)
    shown = amount.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    return format_currency(shown, currency, locale=LOCALES[lang], currency_digits=True)


def format_duration(minutes: int, lang: str) -> str:
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} min"
    if not rest:
        return f"{hours} h"
    return f"{hours} h {rest:02d}" if lang == "fr" else f"{hours} h {rest} min"


def clock(start: time | None, end: time | None) -> str:
    text = start.strftime("%H:%M") if start else ""
    if end:
        text += f"–{end.strftime('%H:%M')}"
    return text


def party(trip: Trip, lang: str) -> str:
    labels = LABELS[lang]
    parts = []
    if trip.adults:
        parts.append(count(trip.adults, labels["adult"], labels["adults"], lang))
    if trip.children:
        children = count(trip.children, labels["child"], labels["children"], lang)
        if trip.child_ages:
            ages = format_list([str(a) for a in trip.child_ages], locale=LOCALES[lang])
            children += f" ({labels['ages'].format(ages=ages)})"
        parts.append(children)
    return ", ".join(parts)


def trip_dates(trip: Trip, lang: str) -> str:
    locale = LOCALES[lang]
    if trip.start and trip.end:
        # babel's format_interval abbreviates the month ("3–17 avr. 2027"); a cover
        # deserves the full name: "3 avril – 17 avril 2027".
        same_year = trip.start.year == trip.end.year
        first = format_date(trip.start, "d MMMM" if same_year else "d MMMM y", locale=locale)
        return f"{first} – {format_date(trip.end, 'd MMMM y', locale=locale)}"
    if trip.start:
        return format_date(trip.start, "long", locale=locale)
    return ""


def _day_date(trip: Trip, index: int, day: Day) -> date | None:
    if day.date:
        return day.date
    return trip.start + timedelta(days=index) if trip.start else None


@dataclass
class BookView:
    """Everything the templates need, per section."""

    lang: str
    labels: dict[str, str]
    common: dict
    cover: dict
    overview: dict | None
    days: list[dict]
    practical: dict
    back: dict
    fonts: tuple[str, str]
    toc: list[dict] = field(default_factory=list)  # anchor, number, date, title


class PhotoResolver:
    """Turns photo references into file URLs inside the photo folder, or nothing."""

    def __init__(self, photo_dir: str | Path):
        self.photo_dir = Path(photo_dir)

    def url(self, ref: str | None) -> str:
        if not ref:
            return ""
        path = photo_path(ref, self.photo_dir)
        return path.resolve().as_uri() if path else ""

    def thumbnail_url(self, ref: str | None) -> str:
        if not ref:
            return ""
        path = thumbnail_path(ref, self.photo_dir)
        return path.resolve().as_uri() if path else ""


def _logo_url(branding: Branding) -> str:
    if branding.logo_data:
        import base64

        return f"data:{branding.logo_mime};base64,{base64.b64encode(branding.logo_data).decode('ascii')}"
    logo_path = branding.logo_path
    if not logo_path:
        return ""
    from urllib.parse import quote

    # Absolute paths become file URLs; relative ones resolve against the assets folder
    # (the document's base URL). The fetcher has the last word either way.
    return Path(logo_path).as_uri() if Path(logo_path).is_absolute() else quote(logo_path)


def build_view(
    trip: Trip,
    branding: Branding | None = None,
    *,
    quote: QuoteSummary | None = None,
    documents: Sequence[DocumentEntry] | None = None,
    photo_dir: str | Path = DEFAULT_PHOTO_DIR,
) -> BookView:
    branding = branding or Branding()
    lang = book_lang(trip)
    labels = LABELS[lang]
    locale = LOCALES[lang]
    photos = PhotoResolver(photo_dir)
    country_name = ""
    if trip.country:
        country_name = Locale.parse(locale).territories.get(trip.country.upper(), "")

    legal = branding.legal
    footer_parts = [legal.trade_name or branding.agency_name]
    if legal.atout_france_registration:
        footer_parts.append(labels["registration"].format(number=legal.atout_france_registration))
    common = {
        "lang": lang,
        "labels": labels,
        "title": trip.title,
        "running_footer": " · ".join(p for p in footer_parts if p),
        "primary_color": branding.primary_color,
        "accent_color": branding.accent_color,
        "heading_font": font_stack(branding.heading_font),
        "body_font": font_stack(branding.body_font),
        "agency_name": branding.agency_name,
    }

    # A day's photo, else the first of its items' photos: the first one that resolves.
    day_photos = [
        next((ref for ref in [day.photo, *(item.photo for item in day.items)] if photos.url(ref)), None)
        for day in trip.days
    ]
    cover_photo = photos.url(trip.photo) or next((photos.url(p) for p in day_photos if photos.url(p)), "")
    names = [n for n in trip.traveller_names if n.strip()]
    cover = {
        "photo_url": cover_photo,
        "photo_caption": trip.photo_caption if photos.url(trip.photo) else "",
        "logo_url": _logo_url(branding),
        "agency_name": branding.agency_name,
        "country_name": country_name,
        "client_name": trip.client_name,
        "traveller_names": format_list(names, locale=locale) if names else "",
        "dates": trip_dates(trip, lang),
        "duration": count(trip.nights, labels["night"], labels["nights"], lang) if trip.nights else "",
        "party": party(trip, lang),
    }

    days = [
        _day_view(trip, i, day, day_photos[i], lang, photos)
        for i, day in enumerate(trip.days)
    ]
    overview = _overview_view(trip, branding, lang)
    practical_view = _practical_view(trip, branding, lang, country_name, bool(overview and overview["map_uri"]))
    back = _back_view(trip, branding, lang, quote, documents)

    view = BookView(
        lang=lang, labels=labels, common=common, cover=cover, overview=overview, days=days,
        practical=practical_view, back=back, fonts=(branding.heading_font, branding.body_font),
    )
    view.toc = toc_entries(view)
    return view


def toc_entries(view: BookView) -> list[dict]:
    labels = view.labels
    entries = []
    if view.overview:
        entries.append({"anchor": "overview", "number": "", "date": "", "title": labels["overview"]})
    for day in view.days:
        entries.append({"anchor": day["anchor"], "number": str(day["number"]), "date": day["short_date"], "title": day["title"]})
    entries.append({"anchor": "practical", "number": "", "date": "", "title": labels["practical_info"]})
    entries.append({"anchor": "contacts", "number": "", "date": "", "title": labels["contacts"]})
    if view.back["quote"]:
        entries.append({"anchor": "quote", "number": "", "date": "", "title": labels["quote"]})
    if view.back["documents"]:
        entries.append({"anchor": "documents", "number": "", "date": "", "title": labels["documents"]})
    return entries


def _item_view(item: Item, lang: str, photos: PhotoResolver, hero_ref: str | None) -> dict:
    labels = LABELS[lang]
    kind = ItemKind(item.kind)
    length = ""
    if item.nights:
        length = count(item.nights, labels["night"], labels["nights"], lang)
    elif item.duration_minutes:
        length = format_duration(item.duration_minutes, lang)
    details = []
    if kind in (ItemKind.TRANSFER, ItemKind.FLIGHT) and item.duration_minutes:
        details.append(labels["duration_about"].format(duration=format_duration(item.duration_minutes, lang)))
    if item.supplier:
        details.append(f"{labels['supplier']}{labels['colon']}{item.supplier}")
    contact = []
    if item.address:
        contact.append(item.address)
    if item.phone:
        contact.append(f"{labels['phone']} {item.phone}")
    return {
        "kind": kind.value,
        "kind_label": KIND_LABELS[lang][kind],
        "time": clock(item.start_time, item.end_time),
        "length": length,
        "name": item.name,
        "place": item.place,
        "description": item.description,
        "details": " · ".join(details),
        "contact": " · ".join(contact),
        "to_complete": item.to_complete,
        "to_verify": item.to_verify,
        "photo_url": photos.thumbnail_url(item.photo) if item.photo and item.photo != hero_ref else "",
    }


def _day_view(trip: Trip, index: int, day: Day, hero_ref: str | None, lang: str, photos: PhotoResolver) -> dict:
    locale = LOCALES[lang]
    number = index + 1
    when = _day_date(trip, index, day)
    return {
        "number": number,
        "anchor": f"day-{number}",
        "day_label": f"{LABELS[lang]['day']} {number}",
        "long_date": format_date(when, "full", locale=locale) if when else "",
        "short_date": format_date(when, "EEE d MMM", locale=locale) if when else "",
        "title": day.title,
        "base_place": day.base_place,
        "paragraphs": day.paragraphs,
        "photo_url": photos.url(hero_ref),
        "photo_caption": day.photo_caption if photos.url(hero_ref) else "",
        "item_rows": [_item_view(item, lang, photos, hero_ref) for item in day.items],
    }


def _overview_view(trip: Trip, branding: Branding, lang: str) -> dict | None:
    labels = LABELS[lang]
    locale = LOCALES[lang]
    if not trip.route:
        return None
    stops = []
    day = trip.start
    for number, stop in enumerate(trip.route, start=1):
        row = {"number": number, "place": stop.place, "nights": str(stop.nights) if stop.nights else "–", "dates": ""}
        if day is not None:
            leave = day + timedelta(days=stop.nights)
            row["dates"] = labels["from_to"].format(
                start=format_date(day, "EEE d MMM", locale=locale), end=format_date(leave, "EEE d MMM", locale=locale)
            )
            day = leave
        stops.append(row)
    points = [MapStop(s.place, s.lat, s.lon) for s in trip.route if s.lat is not None and s.lon is not None]
    svg = route_map_svg(trip.country, points, MapStyle(primary=branding.primary_color, accent=branding.accent_color))
    nights = count(trip.nights, labels["night"], labels["nights"], lang)
    return {
        "map_uri": svg_data_uri(svg) if svg else "",
        "stops": stops,
        "summary": labels["route_summary"].format(days=len(trip.days), nights=nights, stops=len(trip.route)),
    }


def _format_rate(rate: Decimal, currency: str, lang: str) -> str:
    """An exchange rate: two decimals, four below 10 (0,8338 £), whatever the currency's cents."""
    shown = rate.quantize(Decimal("0.01") if rate >= 10 else Decimal("0.0001"), rounding=ROUND_HALF_UP)
    return format_currency(shown, currency, locale=LOCALES[lang], currency_digits=False, decimal_quantization=False)


def _offset_text(minutes: int, lang: str) -> str:
    sign = "+" if minutes > 0 else "−"
    hours, rest = divmod(abs(minutes), 60)
    return f"{sign}{hours} h" + (f" {rest:02d}" if rest else "")


def _zone_city(zone: str, lang: str) -> str:
    try:
        return get_timezone_location(zone, locale=LOCALES[lang], return_city=True)
    except (LookupError, ValueError):
        return zone.rsplit("/", 1)[-1].replace("_", " ")


def _practical_view(trip: Trip, branding: Branding, lang: str, country_name: str, has_map: bool) -> dict:
    rows: list[dict] = []
    sources: list[str] = []
    facts = None
    if trip.country:
        places = tuple(practical.PlacePoint(s.place, s.lat, s.lon) for s in trip.route)
        facts = _cached_facts(trip.country.upper(), trip.start, trip.end, places, lang, trip.currency or "EUR", branding.timezone)
    if facts:
        sources = [SOURCE_LABELS[lang][s] for s in facts.sources]
        rows.extend(_currency_rows(facts.currency, lang))
        rows.append(_time_row(facts, lang))
        rows.append(_holidays_row(facts, lang))
        rows.append(_emergency_row(facts, lang))
        rows.append(_power_row(facts.power, lang))
    if has_map:
        sources.append(SOURCE_LABELS[lang]["map"])
    paragraphs = [p.strip() for p in trip.practical_info.split("\n\n") if p.strip()]
    return {
        "country_name": country_name,
        "rows": [{"missing": False, **r} for r in rows if r],
        "paragraphs": paragraphs,
        "sources": "; ".join(sources),
    }


_facts_cache: dict[tuple, practical.PracticalFacts] = {}


def _cached_facts(country, start, end, places, lang, home_currency, home_zone) -> practical.PracticalFacts:
    # The same trip is rendered again at each edit: its facts do not change meanwhile.
    key = (country, start, end, places, lang, home_currency, home_zone)
    facts = _facts_cache.get(key)
    if facts is None:
        if len(_facts_cache) > 256:
            _facts_cache.clear()
        facts = practical.practical_facts(
            country, start, end, places, lang=lang, home_currency=home_currency, home_zone=home_zone
        )
        _facts_cache[key] = facts
    return facts


def _currency_rows(currency: practical.CurrencyFacts | None, lang: str) -> list[dict]:
    labels = LABELS[lang]
    locale = LOCALES[lang]
    if currency is None:
        return [{"label": labels["currency"], "lines": [labels["missing"]], "missing": True}]
    name = get_currency_name(currency.code, locale=locale)
    rows = [{"label": labels["currency"], "lines": [f"{name[:1].upper()}{name[1:]} ({currency.code})"]}]
    if currency.same:
        rows[0]["lines"] = [labels["same_currency"].format(name=name)]
        return rows
    if currency.rate is None:
        rows.append({"label": labels["exchange_rate"], "lines": [labels["rate_missing"].format(name=name)], "missing": True})
        return rows
    # "1,00 € = 175,68 ¥ · 1 000 ¥ ≈ 5,69 €": a round amount of local money back home.
    back_amount = Decimal(10) ** max(0, math.floor(math.log10(float(currency.rate))) + 1)
    line = labels["rate_line"].format(
        one=format_money(Decimal(1), currency.home, lang),
        rate=_format_rate(currency.rate, currency.code, lang),
        back_amount=format_money(back_amount, currency.code, lang),
        back=format_money(back_amount / currency.rate, currency.home, lang),
    )
    source = labels["rate_source"].format(date=format_date(currency.rate_date, "d MMMM y", locale=locale))
    rows.append({"label": labels["exchange_rate"], "lines": [line, source]})
    return rows


def _time_row(facts: practical.PracticalFacts, lang: str) -> dict:
    labels = LABELS[lang]
    home = _zone_city(facts.home_zone, lang)
    lines = []
    for zone in facts.zones:
        def phrase(minutes: int) -> str:
            if minutes == 0:
                return labels["offset_none"].format(home=home)
            return labels["offset"].format(offset=_offset_text(minutes, lang), home=home)

        if zone.change_date:
            text = labels["offset_change"].format(
                before=phrase(zone.offset_start),
                date=format_date(zone.change_date - timedelta(days=1), "d MMMM", locale=LOCALES[lang]),
                after=_offset_text(zone.offset_end, lang) if zone.offset_end else labels["same_time"],
            )
        else:
            text = phrase(zone.offset_start)
        where = ", ".join(zone.places) if zone.places else _zone_city(zone.zone, lang)
        lines.append(f"{where}{labels['colon']}{text}")
    if not lines:
        return {"label": labels["time_difference"], "lines": [labels["missing"]], "missing": True}
    return {"label": labels["time_difference"], "lines": lines}


def _holidays_row(facts: practical.PracticalFacts, lang: str) -> dict:
    labels = LABELS[lang]
    if facts.holidays is None:
        return {"label": labels["holidays"], "lines": [labels["holidays_unknown"]], "missing": True}
    if not facts.holidays:
        return {"label": labels["holidays"], "lines": [labels["no_holidays"]]}
    lines = [
        f"{format_date(h.day, 'EEEE d MMMM', locale=LOCALES[lang])}{labels['colon']}{h.name}" for h in facts.holidays
    ]
    return {"label": labels["holidays"], "lines": lines}


def _emergency_row(facts: practical.PracticalFacts, lang: str) -> dict:
    labels = LABELS[lang]
    if not facts.emergency:
        return {"label": labels["emergency"], "lines": [labels["missing"]], "missing": True}
    lines = [f"{e.number}{labels['colon']}{SERVICE_LABELS[lang][e.service]}" for e in facts.emergency]
    return {"label": labels["emergency"], "lines": lines, "numbers": True}


def _power_row(power: practical.PowerFacts | None, lang: str) -> dict:
    labels = LABELS[lang]
    if power is None:
        return {"label": labels["power"], "lines": [labels["missing"]], "missing": True}
    plugs = format_list(list(power.plugs), locale=LOCALES[lang])
    voltage = "/".join(str(v) for v in power.voltages) + " V"
    frequency = "/".join(str(f) for f in power.frequencies) + " Hz"
    advice = [labels["adapter_not_needed"] if _HOME_PLUGS & set(power.plugs) else labels["adapter_needed"]]
    if max(power.voltages) < 200:
        advice.append(labels["voltage_warning"].format(voltage=voltage))
    line = labels["power_line"].format(plugs=plugs, voltage=voltage, frequency=frequency)
    return {"label": labels["power"], "lines": [line, "; ".join(advice).capitalize()]}


def _back_view(trip, branding: Branding, lang: str, quote: QuoteSummary | None, documents) -> dict:
    labels = LABELS[lang]
    locale = LOCALES[lang]
    agency = [line for line in [
        branding.address,
        f"{labels['phone']} {branding.phone}" if branding.phone else "",
        f"{labels['email']} {branding.email}" if branding.email else "",
        branding.website,
    ] if line]
    stays = []
    for index, day in enumerate(trip.days):
        for item in day.items:
            if ItemKind(item.kind) is ItemKind.STAY and not item.to_complete:
                when = _day_date(trip, index, day)
                stays.append({
                    "name": item.name,
                    "place": item.place,
                    "address": item.address or "",
                    "phone": item.phone,
                    "when": format_date(when, "EEE d MMM", locale=locale) if when else "",
                    "nights": count(item.nights, labels["night"], labels["nights"], lang) if item.nights else "",
                })
    quote_view = None
    if quote is not None:
        deposit = ""
        if quote.deposit is not None:
            when = labels["on_date"].format(date=format_date(quote.deposit_due, "d MMMM y", locale=locale)) \
                if quote.deposit_due else labels["at_signature"]
            deposit = labels["deposit_due"].format(amount=format_money(quote.deposit, quote.currency, lang), when=when)
        quote_view = {
            "reference": labels["quote_reference"].format(reference=quote.reference) if quote.reference else "",
            "lines": [
                {"label": line.label, "detail": line.detail, "amount": format_money(line.amount, quote.currency, lang)}
                for line in quote.lines
            ],
            "total": format_money(quote.total, quote.currency, lang),
            "deposit": deposit,
            "balance": labels["balance_due"].format(date=format_date(quote.balance_due, "d MMMM y", locale=locale))
            if quote.balance_due else "",
            "included": list(quote.included),
            "excluded": list(quote.excluded),
            "note": quote.note,
        }
    documents_view = None
    if documents:
        groups = {True: [], False: []}
        for doc in documents:
            kind = DOCUMENT_KIND_LABELS[lang].get(doc.kind, doc.kind) if doc.kind else ""
            groups[bool(doc.provided_by_agency)].append({
                "title": doc.title, "kind": kind, "reference": doc.reference, "note": doc.note,
            })
        documents_view = [
            {"heading": labels["provided_by_agency"], "entries": groups[True]},
            {"heading": labels["to_bring"], "entries": groups[False]},
        ]
        documents_view = [g for g in documents_view if g["entries"]]
    legal = branding.legal
    legal_lines = []
    if not legal.is_empty:
        legal_lines = [line for line in [
            legal.trade_name,
            legal.address,
            labels["registration"].format(number=legal.atout_france_registration) if legal.atout_france_registration else "",
            labels["guarantee"].format(text=legal.financial_guarantee) if legal.financial_guarantee else "",
            labels["insurer"].format(text=legal.liability_insurer) if legal.liability_insurer else "",
            legal.other,
        ] if line]
    return {
        "agency_name": branding.agency_name,
        "agency_lines": agency,
        "emergency_phone": branding.emergency_phone,
        "contacts": [
            {"name": c.name, "role": c.role, "phone": c.phone, "email": c.email, "address": c.address, "note": c.note}
            for c in trip.contacts
        ],
        "stays": stays,
        "quote": quote_view,
        "documents": documents_view,
        "legal": legal_lines,
        "document_kinds": DOCUMENT_KINDS,
    }
