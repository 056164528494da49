"""The base state every page state reaches with get_state: who is signed in, for which
agency. Page states never take an agency from the browser: they ask this state for the
Scope resolved from the session cookie, on every event."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TypeVar

import reflex as rx

from cocohop.db.engine import unit_of_work
from cocohop.services import auth
from cocohop.ui import routes

T = TypeVar("T")
SESSION_COOKIE = "cocohop_session"


def scope_for_token(token: str) -> auth.Scope | None:
    with unit_of_work() as session:
        return auth.resolve_session(session, token)


async def run_service(work: Callable[..., T], *args, **kwargs) -> T:
    """Run one service call in a worker thread with its own unit of work, so that the
    event loop (and every other tab) keeps answering while the database works."""

    def in_thread() -> T:
        with unit_of_work() as session:
            return work(session, *args, **kwargs)

    return await asyncio.to_thread(in_thread)


class NotSignedIn(Exception):
    pass


class BaseState(rx.State):
    session_token: str = rx.Cookie(
        "", name=SESSION_COOKIE, path="/", max_age=int(auth.SESSION_LIFETIME.total_seconds()), same_site="strict"
    )
    # The interface's language, the designer's choice (see cocohop.ui.i18n).
    ui_lang: str = rx.Cookie("en", name="cocohop_ui_lang", path="/", max_age=365 * 24 * 3600, same_site="lax")
    user_name: str = ""
    user_email: str = ""
    is_admin: bool = False
    is_founder: bool = False

    async def scope(self) -> auth.Scope:
        """The signed-in scope, checked against the database now: a revoked or expired
        session, or a removed designer, is signed out at once."""
        scope = await asyncio.to_thread(scope_for_token, self.session_token)
        if scope is None:
            self._forget()
            raise NotSignedIn
        self.user_name, self.user_email = scope.name, scope.email
        self.is_admin, self.is_founder = scope.is_admin, scope.is_founder
        return scope

    def _forget(self) -> None:
        self.session_token = ""
        self.user_name = self.user_email = ""
        self.is_admin = self.is_founder = False

    @rx.event
    def set_ui_lang(self, lang: str | list[str]):
        self.ui_lang = "fr" if lang == "fr" else "en"

    def client_address(self) -> str:
        return self.router.session.client_ip or ""

    def start_session(self, scope: auth.Scope, token: str) -> None:
        self.session_token = token
        self.user_name, self.user_email = scope.name, scope.email
        self.is_admin, self.is_founder = scope.is_admin, scope.is_founder

    @rx.event
    async def sign_out(self):
        token = self.session_token
        self._forget()
        if token:
            await run_service(auth.sign_out, token)
        return rx.redirect(routes.SIGN_IN)

    @rx.event
    async def sign_out_everywhere(self):
        try:
            scope = await self.scope()
        except NotSignedIn:
            return rx.redirect(routes.SIGN_IN)
        await run_service(auth.sign_out_everywhere, scope.designer_id)
        self._forget()
        return rx.redirect(routes.SIGN_IN)


async def current_scope(state: rx.State) -> auth.Scope | None:
    """The signed-in scope for any page state's event, or None: the handler then
    returns ``rx.redirect(routes.SIGN_IN)``."""
    base = await state.get_state(BaseState)
    try:
        return await base.scope()
    except NotSignedIn:
        return None
