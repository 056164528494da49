"""The agency's own settings: branding and legal mentions (its admin edits them), and
the founders' list of agencies."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

import sqlalchemy as sa
from defusedxml import ElementTree as SafeXML
from PIL import Image, UnidentifiedImageError
from sqlmodel import Session, select

from cocohop.book.branding import Branding
from cocohop.book.fonts import FONT_CHOICES
from cocohop.db.tables import Agency, Designer, Trip
from cocohop.services.auth import Scope
from cocohop.services.errors import InvalidEdit, NotFound, ServiceError

MAX_LOGO_BYTES = 1024 * 1024
MAX_LOGO_PIXELS = 4000 * 4000
_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
# Fonts the app ships for documents; "" means the book's default.
FONTS = ("", *FONT_CHOICES)
# The limits the documents print (cocohop.book.branding.LegalMentions).
TEXT_FIELDS = {
    "trade_name": 150,
    "address": 300,
    "atout_france_number": 11,
    "financial_guarantee": 300,
    "liability_insurer": 300,
}
CONTACT_FIELDS = {
    "phone": "A phone number such as +33 1 23 45 67 89.",
    "email": "An e-mail address such as contact@agence.fr.",
    "website": "A website such as www.agence.fr.",
    "emergency_phone": "A phone number such as +33 6 12 34 56 78.",
}
ATOUT_FRANCE = re.compile(r"IM\d{9}")


class LogoRejected(ServiceError):
    pass


@dataclass
class BrandingView:
    name: str
    primary_color: str
    accent_color: str
    heading_font: str
    body_font: str
    has_logo: bool
    trade_name: str
    address: str
    atout_france_number: str
    financial_guarantee: str
    liability_insurer: str
    phone: str
    email: str
    website: str
    emergency_phone: str
    version: int


def _agency(session: Session, scope: Scope) -> Agency:
    agency = session.get(Agency, scope.agency_id)
    if agency is None:
        raise NotFound("agency")
    return agency


def get_branding(session: Session, scope: Scope) -> BrandingView:
    a = _agency(session, scope)
    return BrandingView(
        name=a.name,
        primary_color=a.primary_color,
        accent_color=a.accent_color,
        heading_font=a.heading_font,
        body_font=a.body_font,
        has_logo=a.logo is not None,
        trade_name=a.trade_name,
        address=a.address,
        atout_france_number=a.atout_france_number,
        financial_guarantee=a.financial_guarantee,
        liability_insurer=a.liability_insurer,
        phone=a.phone,
        email=a.email,
        website=a.website,
        emergency_phone=a.emergency_phone,
        version=a.branding_version,
    )


def update_branding(session: Session, scope: Scope, name: str, value: str) -> BrandingView:
    """One field at a time, as the admin types; the agency's admin only."""
    scope.require_admin()
    agency = _agency(session, scope)
    value = (value or "").strip()
    if name in ("primary_color", "accent_color"):
        if not _COLOUR.fullmatch(value):
            raise InvalidEdit("A colour is written #rrggbb, e.g. #1f4e5f.")
        value = value.lower()
    elif name in ("heading_font", "body_font"):
        if value not in FONTS:
            raise InvalidEdit("Choose one of the fonts offered.")
    elif name == "atout_france_number":
        value = value.replace(" ", "").upper()
        if value and not ATOUT_FRANCE.fullmatch(value):
            raise InvalidEdit("An Atout France registration number is IM followed by 9 digits, e.g. IM075100123.")
    elif name in TEXT_FIELDS:
        if len(value) > TEXT_FIELDS[name]:
            raise InvalidEdit(f"At most {TEXT_FIELDS[name]} characters.")
    elif name in CONTACT_FIELDS:
        # The book's own rules for a phone, an e-mail or a website, so what is saved prints.
        try:
            Branding(**{name: value})
        except ValueError:
            raise InvalidEdit(CONTACT_FIELDS[name]) from None
    else:
        raise InvalidEdit(f"{name} cannot be edited here.")
    setattr(agency, name, value)
    agency.branding_version += 1
    session.add(agency)
    session.flush()
    return get_branding(session, scope)


def check_logo(data: bytes) -> str:
    """The logo's media type, read from its content (never from a name or a header)."""
    if not data:
        raise LogoRejected("The file is empty.")
    if len(data) > MAX_LOGO_BYTES:
        raise LogoRejected("The logo is larger than 1 MB: export a smaller one.")
    head = data[:512].lstrip()
    if head.startswith(b"<?xml") or head.startswith(b"<svg") or b"<svg" in head:
        return _check_svg(data)
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format not in ("PNG", "JPEG"):
                raise LogoRejected("The logo must be a PNG, JPEG or SVG image.")
            if image.width * image.height > MAX_LOGO_PIXELS:
                raise LogoRejected("The logo has too many pixels (16 megapixels at most).")
            image.verify()
            return "image/png" if image.format == "PNG" else "image/jpeg"
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError, SyntaxError):
        raise LogoRejected("The logo must be a PNG, JPEG or SVG image.") from None


def _check_svg(data: bytes) -> str:
    try:
        root = SafeXML.fromstring(data, forbid_dtd=True)
    except Exception:
        raise LogoRejected("This SVG file cannot be read.") from None
    if not root.tag.endswith("svg"):
        raise LogoRejected("The logo must be a PNG, JPEG or SVG image.")
    for element in root.iter():
        tag = element.tag.rsplit("}", 1)[-1].lower()
        if tag in ("script", "foreignobject", "iframe", "object", "embed"):
            raise LogoRejected("The SVG logo contains scripts or embedded content.")
        for attribute, value in element.attrib.items():
            name = attribute.rsplit("}", 1)[-1].lower()
            if name.startswith("on"):
                raise LogoRejected("The SVG logo contains scripts.")
            if name == "href" and not value.startswith(("#", "data:image/")):
                raise LogoRejected("The SVG logo refers to outside files.")
            if "url(" in value and "url(#" not in value.replace(" ", ""):
                raise LogoRejected("The SVG logo refers to outside files.")
    return "image/svg+xml"


def set_logo(session: Session, scope: Scope, data: bytes) -> None:
    scope.require_admin()
    mime = check_logo(data)
    agency = _agency(session, scope)
    agency.logo, agency.logo_mime = data, mime
    agency.branding_version += 1
    session.add(agency)


def remove_logo(session: Session, scope: Scope) -> None:
    scope.require_admin()
    agency = _agency(session, scope)
    agency.logo, agency.logo_mime = None, ""
    agency.branding_version += 1
    session.add(agency)


def logo(session: Session, scope: Scope) -> tuple[bytes, str] | None:
    agency = _agency(session, scope)
    return (agency.logo, agency.logo_mime) if agency.logo else None


@dataclass
class AgencyRow:
    id: int
    name: str
    designers: int
    trips: int
    created: str


def all_agencies(session: Session, scope: Scope) -> list[AgencyRow]:
    """The founders' view across agencies."""
    if not scope.is_founder:
        raise NotFound("page")
    designers = dict(
        session.exec(
            select(Designer.agency_id, sa.func.count(Designer.id))
            .where(Designer.removed_at.is_(None))
            .group_by(Designer.agency_id)
        ).all()
    )
    trips = dict(session.exec(select(Trip.agency_id, sa.func.count(Trip.id)).group_by(Trip.agency_id)).all())
    return [
        AgencyRow(a.id, a.name, designers.get(a.id, 0), trips.get(a.id, 0), a.created_at.strftime("%Y-%m-%d"))
        for a in session.exec(select(Agency).order_by(Agency.created_at))
    ]
