"""An agency's branding for its documents: logo, colours, fonts, contacts, legal mentions.

Everything is validated when the object is made, because some of it ends up inside CSS
(colours, font names) where only known-good values may go, and the rest is printed on
every book the agency sends. Text is always escaped by the templates; the checks here are
about what makes sense (a colour, an e-mail address, an Atout France number), lengths, and
control characters that would print as garbage.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from cocohop.book.fonts import DEFAULT_BODY_FONT, DEFAULT_HEADING_FONT, FONT_CHOICES

_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
_PHONE = re.compile(r"\+?[0-9][0-9 ().\-/]{2,24}")
_EMAIL = re.compile(r"[^@\s<>\"']{1,64}@[^@\s<>\"']{1,189}\.[A-Za-z]{2,24}")
_WEBSITE = re.compile(r"(https?://)?[A-Za-z0-9.\-]+\.[A-Za-z]{2,24}(/[^\s<>\"']*)?")
# Registration with Atout France (registre des opérateurs de voyages et de séjours):
# "IM" + department (3 digits) + 6 digits, e.g. IM075100123.
_ATOUT_FRANCE = re.compile(r"IM\d{9}")
_URL_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")  # tab and newline allowed
LOGO_EXTENSIONS = (".png", ".jpg", ".jpeg", ".webp", ".svg")
LOGO_MIME_TYPES = ("image/png", "image/jpeg", "image/webp", "image/svg+xml")
MAX_LOGO_BYTES = 1024 * 1024


def _check_text(owner: str, name: str, value: object, max_length: int, *, multiline: bool = False) -> None:
    if not isinstance(value, str):
        raise ValueError(f"{owner}.{name} must be text, got {type(value).__name__}")
    if len(value) > max_length:
        raise ValueError(f"{owner}.{name} is too long ({len(value)} characters, at most {max_length})")
    if _CONTROL.search(value) or (not multiline and "\n" in value):
        raise ValueError(f"{owner}.{name} holds control characters or line breaks")


def normalize_atout_france(value: str) -> str:
    """"im 075 100 123" -> "IM075100123"; "" stays ""; anything else raises ValueError."""
    compact = re.sub(r"[\s.\-]", "", value).upper()
    if compact and not _ATOUT_FRANCE.fullmatch(compact):
        raise ValueError(f"an Atout France registration looks like IM075100123, got {value!r}")
    return compact


@dataclass(frozen=True)
class LegalMentions:
    """What a French travel agency must print on what it sells (Code du tourisme)."""

    trade_name: str = ""  # raison sociale / nom commercial
    address: str = ""  # siège social
    atout_france_registration: str = ""  # IM + 9 digits
    financial_guarantee: str = ""  # garant financier (name, address)
    liability_insurer: str = ""  # assureur de responsabilité civile professionnelle
    other: str = ""  # SIRET, RCS, capital, VAT number... as the agency writes them

    def __post_init__(self) -> None:
        limits = {"trade_name": 200, "address": 500, "atout_france_registration": 60,
                  "financial_guarantee": 300, "liability_insurer": 300, "other": 1500}
        for name, limit in limits.items():
            _check_text("legal", name, getattr(self, name), limit, multiline=name in ("address", "other"))
        object.__setattr__(self, "atout_france_registration", normalize_atout_france(self.atout_france_registration))

    @property
    def is_empty(self) -> bool:
        return not any(getattr(self, f.name) for f in fields(self))


@dataclass(frozen=True)
class Branding:
    agency_name: str = ""
    primary_color: str = "#1f4e5f"
    accent_color: str = "#b8763a"
    # Relative to the assets folder, or absolute; either way it must lie inside the
    # allowed roots, or the fetcher leaves it out. Never a URL.
    logo_path: str | None = None
    heading_font: str = DEFAULT_HEADING_FONT
    body_font: str = DEFAULT_BODY_FONT
    # The agency's own contacts, printed in the book's contacts section.
    phone: str = ""
    email: str = ""
    website: str = ""
    address: str = ""
    emergency_phone: str = ""  # reachable during the trip (24/7 line)
    timezone: str = "Europe/Paris"  # the travellers' home: time differences count from it
    legal: LegalMentions = field(default_factory=LegalMentions)
    # The logo as stored bytes (an alternative to ``logo_path``): embedded as a data: URI.
    # PNG, JPEG, WebP or SVG; an SVG's own links still go through the safe fetcher.
    logo_data: bytes | None = None
    logo_mime: str = ""

    def __post_init__(self) -> None:
        # Colours and font names go into CSS: only #rrggbb and names from our list.
        for name in ("primary_color", "accent_color"):
            value = getattr(self, name)
            if not (isinstance(value, str) and _COLOUR.fullmatch(value)):
                raise ValueError(f"{name} must be a #rrggbb colour, got {value!r}")
        for name, default in (("heading_font", DEFAULT_HEADING_FONT), ("body_font", DEFAULT_BODY_FONT)):
            value = getattr(self, name)
            if value == "":  # not chosen: the book's default
                object.__setattr__(self, name, default)
            elif value not in FONT_CHOICES:
                raise ValueError(f"{name} must be one of {', '.join(FONT_CHOICES)}, got {value!r}")
        _check_text("branding", "agency_name", self.agency_name, 200)
        _check_text("branding", "address", self.address, 500, multiline=True)
        for name, pattern in (("phone", _PHONE), ("emergency_phone", _PHONE), ("email", _EMAIL), ("website", _WEBSITE)):
            value = getattr(self, name)
            _check_text("branding", name, value, 254)
            if value and not pattern.fullmatch(value):
                raise ValueError(f"branding.{name} is not valid: {value!r}")
        if self.logo_path is not None:
            self._check_logo(self.logo_path)
        if self.logo_data is not None:
            if not isinstance(self.logo_data, bytes) or not 0 < len(self.logo_data) <= MAX_LOGO_BYTES:
                raise ValueError(f"logo_data must be bytes, at most {MAX_LOGO_BYTES // 1024} KB")
            if self.logo_mime not in LOGO_MIME_TYPES:
                raise ValueError(f"logo_mime must be one of {', '.join(LOGO_MIME_TYPES)}, got {self.logo_mime!r}")
        try:
            ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError, TypeError):
            raise ValueError(f"timezone must be an IANA zone such as Europe/Paris, got {self.timezone!r}") from None
        if not isinstance(self.legal, LegalMentions):
            raise ValueError("legal must be a LegalMentions")

    @staticmethod
    def _check_logo(path: object) -> None:
        if not isinstance(path, str) or not path or len(path) > 500 or _CONTROL.search(path):
            raise ValueError(f"logo_path must be a file path, got {path!r}")
        if _URL_SCHEME.match(path) or path.startswith("//"):
            raise ValueError(f"logo_path must be a file path, not a URL: {path!r}")
        if not path.lower().endswith(LOGO_EXTENSIONS):
            raise ValueError(f"logo must be one of {', '.join(LOGO_EXTENSIONS)}: {path!r}")
