"""The agency admin's branding page: logo, colours, fonts and legal mentions, saved as
they are typed, used by the travel book and every later document."""

from __future__ import annotations

import reflex as rx

from cocohop.services import agencies
from cocohop.services.errors import ServiceError
from cocohop.settings import get_settings
from cocohop.ui import routes
from cocohop.ui.account_pages import error_callout
from cocohop.ui.base import current_scope, run_service
from cocohop.ui.i18n import tr
from cocohop.ui.layout import page

DEBOUNCE_MS = get_settings().autosave_debounce_ms
CONTACT_FIELDS = [
    ("phone", "Phone"),
    ("email", "E-mail"),
    ("website", "Website"),
    ("emergency_phone", "Emergency phone during trips (24/7)"),
]
LEGAL_FIELDS = [
    ("trade_name", "Trade name"),
    ("address", "Address"),
    ("atout_france_number", "Atout France registration number (IM…)"),
    ("financial_guarantee", "Financial guarantee (guarantor, amount)"),
    ("liability_insurer", "Professional liability insurer (name, policy)"),
]


class BrandingState(rx.State):
    branding: agencies.BrandingView | None = None
    error: str = ""
    saved: bool = True
    logo_rev: int = 0
    uploading: bool = False

    @rx.var
    def logo_url(self) -> str:
        return f"{routes.agency_logo()}?rev={self.logo_rev}"

    @rx.event
    async def load(self):
        scope = await current_scope(self)
        if scope is None:
            return rx.redirect(routes.SIGN_IN)
        self.error = "" if scope.is_admin else "Only the agency's admins change its branding."
        self.branding = await run_service(agencies.get_branding, scope)

    @rx.event
    async def save(self, name: str, value: str):
        scope = await current_scope(self)
        if scope is None:
            return rx.redirect(routes.SIGN_IN)
        try:
            self.branding = await run_service(agencies.update_branding, scope, name, value)
            self.error, self.saved = "", True
        except ServiceError as problem:
            self.error, self.saved = str(problem), False

    @rx.event
    async def upload_logo(self, files: list[rx.UploadFile]):
        scope = await current_scope(self)
        if scope is None:
            return rx.redirect(routes.SIGN_IN)
        if not files:
            return
        # Read one byte past the limit: enough to refuse an oversized file.
        data = await files[0].read(agencies.MAX_LOGO_BYTES + 1)
        try:
            await run_service(agencies.set_logo, scope, data)
        except ServiceError as problem:
            self.error = str(problem)
            return
        self.error = ""
        self.logo_rev += 1
        self.branding = await run_service(agencies.get_branding, scope)

    @rx.event
    async def remove_logo(self):
        scope = await current_scope(self)
        if scope is None:
            return rx.redirect(routes.SIGN_IN)
        try:
            await run_service(agencies.remove_logo, scope)
        except ServiceError as problem:
            self.error = str(problem)
            return
        self.branding = await run_service(agencies.get_branding, scope)


def text_setting(name: str, label: str) -> rx.Component:
    return rx.vstack(
        rx.text(tr(label), size="2", weight="medium"),
        rx.input(
            value=getattr(BrandingState.branding, name),
            on_change=lambda v: BrandingState.save(name, v),
            debounce_timeout=DEBOUNCE_MS,
            width="100%",
            id=f"branding-{name}",
        ),
        spacing="1",
        width="100%",
    )


def colour_setting(name: str, label: str) -> rx.Component:
    return rx.hstack(
        rx.el.input(
            type="color",
            value=getattr(BrandingState.branding, name),
            on_change=lambda v: BrandingState.save(name, v).debounce(300),
            id=f"branding-{name}",
            style={"width": "3em", "height": "2em", "border": "none"},
        ),
        rx.text(tr(label), size="2"),
        rx.code(getattr(BrandingState.branding, name)),
        align="center",
    )


def font_setting(name: str, label: str) -> rx.Component:
    return rx.vstack(
        rx.text(tr(label), size="2", weight="medium"),
        rx.select(
            [f or "Default" for f in agencies.FONTS],
            value=rx.cond(getattr(BrandingState.branding, name) == "", "Default", getattr(BrandingState.branding, name)),
            on_change=lambda v: BrandingState.save(name, rx.cond(v == "Default", "", v)),
        ),
        spacing="1",
    )


def branding_page() -> rx.Component:
    return page(
        rx.heading(tr("Branding and legal mentions"), size="6"),
        error_callout(BrandingState.error),
        rx.cond(
            BrandingState.branding,
            rx.vstack(
                rx.heading(tr("Logo"), size="4"),
                rx.hstack(
                    rx.cond(
                        BrandingState.branding.has_logo,
                        rx.image(src=BrandingState.logo_url, height="64px", alt="Agency logo", id="logo-preview"),
                        rx.text(tr("No logo yet."), color_scheme="gray"),
                    ),
                    rx.upload(
                        rx.button(tr("Choose a PNG, JPEG or SVG (1 MB at most)"), variant="soft", type="button"),
                        id="logo",
                        accept={"image/png": [".png"], "image/jpeg": [".jpg", ".jpeg"], "image/svg+xml": [".svg"]},
                        max_files=1,
                        no_drag=True,
                        border="none",
                        padding="0",
                        on_drop=BrandingState.upload_logo(rx.upload_files(upload_id="logo")),
                    ),
                    rx.cond(BrandingState.branding.has_logo, rx.button(tr("Remove"), variant="ghost", color_scheme="red", on_click=BrandingState.remove_logo)),
                    align="center",
                    spacing="4",
                ),
                rx.heading(tr("Colours and fonts"), size="4"),
                rx.hstack(colour_setting("primary_color", "Main colour"), colour_setting("accent_color", "Accent colour"), spacing="6"),
                rx.hstack(font_setting("heading_font", "Headings"), font_setting("body_font", "Text"), spacing="6"),
                rx.heading(tr("Contacts printed in the travel book"), size="4"),
                *[text_setting(name, label) for name, label in CONTACT_FIELDS],
                rx.heading(tr("Legal mentions (printed on quotes and documents)"), size="4"),
                *[text_setting(name, label) for name, label in LEGAL_FIELDS],
                spacing="3",
                width="100%",
                max_width="640px",
            ),
        ),
    )
