"""The founders' view across agencies (operators only; granted by a command)."""

from __future__ import annotations

import reflex as rx

from cocohop.services import agencies
from cocohop.services.errors import NotFound
from cocohop.ui import routes
from cocohop.ui.base import current_scope, run_service
from cocohop.ui.i18n import tr
from cocohop.ui.layout import page


class FoundersState(rx.State):
    rows: list[agencies.AgencyRow] = []
    allowed: bool = False

    @rx.event
    async def load(self):
        scope = await current_scope(self)
        if scope is None:
            return rx.redirect(routes.SIGN_IN)
        try:
            self.rows, self.allowed = await run_service(agencies.all_agencies, scope), True
        except NotFound:
            self.rows, self.allowed = [], False


def founders_page() -> rx.Component:
    return page(
        rx.cond(
            FoundersState.allowed,
            rx.vstack(
                rx.heading(tr("Agencies"), size="6"),
                rx.table.root(
                    rx.table.header(rx.table.row(*[rx.table.column_header_cell(tr(h)) for h in ("Agency", "Designers", "Trips", "Since")])),
                    rx.table.body(
                        rx.foreach(
                            FoundersState.rows,
                            lambda r: rx.table.row(
                                rx.table.cell(r.name), rx.table.cell(r.designers), rx.table.cell(r.trips), rx.table.cell(r.created)
                            ),
                        )
                    ),
                    width="100%",
                ),
                width="100%",
            ),
            rx.heading(tr("Page not found"), size="6", id="not-found"),
        ),
    )
