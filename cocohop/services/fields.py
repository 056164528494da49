"""Parsers for what a person types into a field: each takes the text and returns the
value to store, or raises InvalidEdit with what the field expects. The trip editor and
the content library (form and CSV import) share them."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation

from cocohop.services.errors import InvalidEdit

Parser = Callable[[str], object]
UNITS = ("", "person", "room_night", "vehicle_day", "group")


def text(limit: int) -> Parser:
    def parse(value: str) -> str:
        value = (value or "").strip()
        if len(value) > limit:
            raise InvalidEdit(f"at most {limit:,} characters")
        return value

    return parse


def required_text(limit: int) -> Parser:
    optional = text(limit)

    def parse(value: str) -> str:
        value = optional(value)
        if not value:
            raise InvalidEdit("required")
        return value

    return parse


def long_text(value: str) -> str:
    """Paragraphs: kept as typed (only Windows line ends normalised)."""
    value = (value or "").replace("\r\n", "\n")
    if len(value) > 20_000:
        raise InvalidEdit("at most 20,000 characters")
    return value


def optional_int(low: int, high: int) -> Parser:
    def parse(value: str) -> int | None:
        value = (value or "").strip()
        if not value:
            return None
        if not value.isdigit() or not low <= int(value) <= high:
            raise InvalidEdit(f"a whole number from {low} to {high}")
        return int(value)

    return parse


def whole_number(low: int, high: int) -> Parser:
    optional = optional_int(low, high)

    def parse(value: str) -> int:
        number = optional(value)
        if number is None:
            raise InvalidEdit(f"a whole number from {low} to {high}")
        return number

    return parse


def optional_time(value: str) -> dt.time | None:
    value = (value or "").strip()
    if not value:
        return None
    match = re.fullmatch(r"(\d{1,2})[:h](\d{2})", value)
    try:
        if not match:
            raise ValueError(value)
        return dt.time(int(match[1]), int(match[2]))
    except ValueError:
        raise InvalidEdit("a time such as 09:30") from None


def optional_money(value: str) -> Decimal | None:
    """An amount as typed in France or elsewhere: "1 234,50" or "1234.50"; full precision."""
    value = (value or "").strip().replace(" ", "").replace("\u202f", "").replace(",", ".")
    if not value:
        return None
    try:
        amount = Decimal(value)
    except InvalidOperation:
        raise InvalidEdit("an amount such as 120.50") from None
    if not amount.is_finite() or amount < 0 or amount >= Decimal("1e10"):
        raise InvalidEdit("an amount such as 120.50")
    return amount


def currency(value: str) -> str:
    value = (value or "").strip().upper()
    if value and not re.fullmatch(r"[A-Z]{3}", value):
        raise InvalidEdit("a three-letter currency code such as EUR")
    return value


def country(value: str) -> str:
    value = (value or "").strip().upper()
    if not re.fullmatch(r"[A-Z]{2}", value):
        raise InvalidEdit("a two-letter country code such as JP")
    return value


def choice(options: tuple[str, ...], *, fold_case: bool = False) -> Parser:
    def parse(value: str) -> str:
        value = (value or "").strip().lower() if fold_case else value
        if value not in options:
            raise InvalidEdit("one of " + ", ".join(o or "(empty)" for o in options))
        return value

    return parse


def optional_date(value: str) -> dt.date | None:
    value = (value or "").strip()
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InvalidEdit("a date such as 2027-04-04") from None


def coordinate(limit: float) -> Parser:
    def parse(value: str) -> float | None:
        value = (value or "").strip().replace(",", ".")
        if not value:
            return None
        try:
            number = float(value)
        except ValueError:
            raise InvalidEdit("a number of degrees") from None
        if not -limit <= number <= limit:
            raise InvalidEdit(f"between -{limit:g} and {limit:g}")
        return number

    return parse


def parse_field(parsers: dict[str, Parser], name: str, value: str):
    """The value of one named field, or InvalidEdit naming the field."""
    if name not in parsers:
        raise InvalidEdit(f"{name} cannot be edited")
    try:
        return parsers[name](value)
    except InvalidEdit as problem:
        raise InvalidEdit(f"{name.replace('_', ' ')}: {problem}") from None


def plain_decimal(value: Decimal | None) -> str:
    """Full precision as a person writes it: 38000, 12.5, 0.125 (no exponent, no trailing zeros)."""
    if value is None:
        return ""
    written = format(value, "f")
    return written.rstrip("0").rstrip(".") if "." in written else written
