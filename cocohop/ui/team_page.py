"""The agency admin's team page: invite designers, remove them, hand out reset links."""

from __future__ import annotations

import reflex as rx

from cocohop.services import auth
from cocohop.services.errors import ServiceError
from cocohop.ui import routes
from cocohop.ui.account_pages import error_callout
from cocohop.ui.base import current_scope, run_service
from cocohop.ui.i18n import tr
from cocohop.ui.layout import page


class TeamState(rx.State):
    members: list[auth.Member] = []
    links: list[auth.PendingLink] = []
    error: str = ""
    new_link: str = ""
    forbidden: bool = False

    async def _refresh(self, scope: auth.Scope) -> None:
        self.members = await run_service(auth.team, scope)
        self.forbidden = not scope.is_admin
        self.links = await run_service(auth.pending_links, scope) if scope.is_admin else []

    @rx.event
    async def load(self):
        self.error, self.new_link = "", ""
        scope = await current_scope(self)
        if scope is None:
            return rx.redirect(routes.SIGN_IN)
        await self._refresh(scope)

    async def _admin_action(self, work, *args) -> str | None:
        scope = await current_scope(self)
        if scope is None:
            return None
        try:
            result = await run_service(work, scope, *args)
        except ServiceError as problem:
            self.error = str(problem)
            return None
        self.error = ""
        await self._refresh(scope)
        return result

    @rx.event
    async def invite(self, form: dict):
        link = await self._admin_action(auth.invite, str(form.get("email", "")), str(form.get("role", "designer")))
        self.new_link = link or ""

    @rx.event
    async def remove(self, designer_id: int):
        await self._admin_action(auth.remove_designer, designer_id)

    @rx.event
    async def reset_link(self, designer_id: int):
        self.new_link = await self._admin_action(auth.create_reset_link, designer_id) or ""


def member_row(member: auth.Member) -> rx.Component:
    return rx.table.row(
        rx.table.cell(member.name),
        rx.table.cell(member.email),
        rx.table.cell(rx.badge(member.role, variant="soft")),
        rx.table.cell(
            rx.cond(
                member.is_you,
                rx.text(tr("you"), size="1", color_scheme="gray"),
                rx.hstack(
                    rx.button(tr("Reset link"), size="1", variant="soft", on_click=TeamState.reset_link(member.id)),
                    rx.button(tr("Remove"), size="1", variant="soft", color_scheme="red", on_click=TeamState.remove(member.id), class_name="remove-member"),
                ),
            )
        ),
    )


def link_row(link: auth.PendingLink) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.badge(link.purpose)),
        rx.table.cell(link.email),
        rx.table.cell(rx.code(link.link, class_name="pending-link")),
        rx.table.cell(link.expires),
    )


def team_page() -> rx.Component:
    return page(
        rx.heading(tr("Team"), size="6"),
        rx.table.root(
            rx.table.header(rx.table.row(*[rx.table.column_header_cell(tr(h)) for h in ("Name", "E-mail", "Role", "")])),
            rx.table.body(rx.foreach(TeamState.members, member_row)),
            width="100%",
        ),
        rx.cond(
            TeamState.forbidden,
            rx.text(tr("Only the agency's admins invite and remove designers."), color_scheme="gray"),
            rx.vstack(
                rx.heading(tr("Invite a designer"), size="4"),
                rx.form(
                    rx.hstack(
                        rx.input(name="email", type="email", placeholder="designer@agency.fr", id="invite-email", width="20em"),
                        rx.select(["designer", "admin"], name="role", default_value="designer"),
                        rx.button(tr("Create the invitation"), type="submit", id="invite"),
                        align="center",
                    ),
                    on_submit=TeamState.invite,
                    reset_on_submit=True,
                ),
                error_callout(TeamState.error),
                rx.cond(
                    TeamState.new_link != "",
                    rx.callout(
                        rx.text(tr("Send this one-time link (no mail server is configured): "), rx.code(TeamState.new_link, id="new-link")),
                        color_scheme="green",
                    ),
                ),
                rx.heading(tr("Links waiting to be used"), size="4"),
                rx.table.root(
                    rx.table.body(rx.foreach(TeamState.links, link_row)),
                    width="100%",
                ),
                width="100%",
            ),
        ),
    )
