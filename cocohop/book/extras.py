"""Optional inputs of the travel book, filled by later features (quotes, documents).

The book prints a quote summary section only when given a :class:`QuoteSummary`, and a
travel documents section only when given :class:`DocumentEntry` items.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

_CURRENCY = re.compile(r"[A-Z]{3}")


def _check_amount(name: str, value: object, *, optional: bool = False) -> None:
    if value is None and optional:
        return
    # Money is Decimal, never float: a float has already lost the cents.
    if not isinstance(value, Decimal) or not value.is_finite():
        raise TypeError(f"{name} must be a finite Decimal, got {value!r}")


@dataclass(frozen=True)
class QuoteLine:
    label: str  # "Hébergements, 14 nuits"
    amount: Decimal  # in the summary's currency, full precision (rounded only when shown)
    detail: str = ""  # "2 adultes, 1 enfant"

    def __post_init__(self) -> None:
        _check_amount("QuoteLine.amount", self.amount)


@dataclass(frozen=True)
class QuoteSummary:
    lines: tuple[QuoteLine, ...]
    total: Decimal
    currency: str  # ISO 4217
    reference: str = ""  # quote number, e.g. DEV-2027-0042
    deposit: Decimal | None = None
    deposit_due: date | None = None
    balance_due: date | None = None
    included: tuple[str, ...] = ()
    excluded: tuple[str, ...] = ()
    note: str = ""  # e.g. the VAT margin-scheme mention

    def __post_init__(self) -> None:
        object.__setattr__(self, "lines", tuple(self.lines))
        object.__setattr__(self, "included", tuple(self.included))
        object.__setattr__(self, "excluded", tuple(self.excluded))
        if not all(isinstance(line, QuoteLine) for line in self.lines):
            raise TypeError("QuoteSummary.lines must be QuoteLine items")
        _check_amount("QuoteSummary.total", self.total)
        _check_amount("QuoteSummary.deposit", self.deposit, optional=True)
        if not (isinstance(self.currency, str) and _CURRENCY.fullmatch(self.currency)):
            raise ValueError(f"currency must be an ISO 4217 code, got {self.currency!r}")


# Kinds the book names in both languages; any other text is printed as it is.
DOCUMENT_KINDS = ("identity", "visa", "health", "ticket", "voucher", "insurance", "other")


@dataclass(frozen=True)
class DocumentEntry:
    title: str  # "Billet Air France AF276 Paris – Tokyo"
    kind: str = "other"  # one of DOCUMENT_KINDS, or free text
    reference: str = ""  # booking or policy number
    note: str = ""
    # True: the agency gives it (voucher, ticket); False: the traveller brings it
    # (passport, visa).
    provided_by_agency: bool = True
