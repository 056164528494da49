"""Sign-up, sign-in, forgotten password, invitation and reset links, and the profile."""

from __future__ import annotations

import reflex as rx

from cocohop.services import auth
from cocohop.services.errors import ServiceError
from cocohop.ui import routes
from cocohop.ui.base import BaseState, current_scope, run_service
from cocohop.ui.i18n import t, tr
from cocohop.ui.layout import page, public_page


def field(label, name: str, type_: str = "text", **props) -> rx.Component:
    return rx.vstack(
        rx.text(label, size="2", weight="medium"),
        rx.input(name=name, type=type_, width="100%", id=f"field-{name}", **props),
        spacing="1",
        width="100%",
    )


def error_callout(message) -> rx.Component:
    return rx.cond(message != "", rx.callout(message, color_scheme="red", width="100%", id="form-error"))


def info_callout(message) -> rx.Component:
    return rx.cond(message != "", rx.callout(message, color_scheme="green", width="100%", id="form-info"))


def form_card(title, *children: rx.Component, on_submit, footer: rx.Component | None = None) -> rx.Component:
    return public_page(
        rx.card(
            rx.form(
                rx.vstack(rx.heading(title, size="5"), *children, spacing="3", width="100%"),
                on_submit=on_submit,
                reset_on_submit=False,
            ),
            width="100%",
            max_width="420px",
        ),
        footer or rx.fragment(),
    )


class SignInState(rx.State):
    error: str = ""

    @rx.event
    async def open(self):
        self.error = ""
        if await current_scope(self) is not None:
            return rx.redirect(routes.TRIPS)

    @rx.event
    async def sign_in(self, form: dict):
        base = await self.get_state(BaseState)
        result = await run_service(
            auth.sign_in, str(form.get("email", "")), str(form.get("password", "")), base.client_address()
        )
        if result.error:
            self.error = result.error
            return
        self.error = ""
        base.start_session(result.scope, result.token)
        return rx.redirect(routes.TRIPS)


def sign_in_page() -> rx.Component:
    return form_card(
        t("sign_in"),
        field(t("email"), "email", "email", auto_complete="username"),
        field(t("password"), "password", "password", auto_complete="current-password"),
        error_callout(SignInState.error),
        rx.button(t("sign_in"), type="submit", width="100%", id="sign-in"),
        rx.hstack(
            rx.link(t("forgot"), href=routes.FORGOT, size="2"),
            rx.spacer(),
            rx.link(t("create_agency"), href=routes.SIGN_UP, size="2"),
            width="100%",
        ),
        on_submit=SignInState.sign_in,
    )


class SignUpState(rx.State):
    error: str = ""

    @rx.event
    async def sign_up(self, form: dict):
        base = await self.get_state(BaseState)
        try:
            scope, token = await run_service(
                auth.sign_up,
                str(form.get("agency", "")),
                str(form.get("name", "")),
                str(form.get("email", "")),
                str(form.get("password", "")),
                base.client_address(),
            )
        except ServiceError as problem:
            self.error = str(problem)
            return
        self.error = ""
        base.start_session(scope, token)
        return rx.redirect(routes.TRIPS)


def sign_up_page() -> rx.Component:
    return form_card(
        tr("Create your agency's account"),
        field(tr("Agency name"), "agency"),
        field(tr("Your name"), "name", auto_complete="name"),
        field(tr("E-mail"), "email", "email", auto_complete="username"),
        field(tr("Password (10 characters or more)"), "password", "password", auto_complete="new-password"),
        error_callout(SignUpState.error),
        rx.button(tr("Create the account"), type="submit", width="100%", id="sign-up"),
        rx.link(tr("I already have an account"), href=routes.SIGN_IN, size="2"),
        on_submit=SignUpState.sign_up,
    )


class ForgotState(rx.State):
    info: str = ""

    @rx.event
    async def request(self, form: dict):
        base = await self.get_state(BaseState)
        try:
            await run_service(auth.request_password_reset, str(form.get("email", "")), base.client_address())
        except ServiceError as problem:
            self.info = str(problem)
            return
        # The same answer whether or not the account exists.
        self.info = (
            "If an account uses this address, a reset link was created. No mail server is "
            "configured: your agency's admin sees the link on the Team page."
        )


def forgot_page() -> rx.Component:
    return form_card(
        tr("Forgotten password"),
        field(tr("E-mail"), "email", "email"),
        info_callout(ForgotState.info),
        rx.button(tr("Ask for a reset link"), type="submit", width="100%", id="forgot"),
        rx.link(tr("Back to sign-in"), href=routes.SIGN_IN, size="2"),
        on_submit=ForgotState.request,
    )


class InviteState(rx.State):
    email: str = ""
    error: str = ""

    def _token(self) -> str:
        return routes.last_segment(self.router.url.path, "invite")

    @rx.event
    async def open(self):
        self.email, self.error = "", ""
        try:
            self.email = await run_service(auth.invitation_email, self._token())
        except ServiceError as problem:
            self.error = str(problem)

    @rx.event
    async def accept(self, form: dict):
        base = await self.get_state(BaseState)
        try:
            scope, token = await run_service(
                auth.accept_invitation,
                self._token(),
                str(form.get("name", "")),
                str(form.get("password", "")),
                base.client_address(),
            )
        except ServiceError as problem:
            self.error = str(problem)
            return
        base.start_session(scope, token)
        return rx.redirect(routes.TRIPS)


def invite_page() -> rx.Component:
    return form_card(
        tr("Join your agency on Cocohop"),
        rx.cond(InviteState.email != "", rx.text(tr("Invitation for "), rx.text.strong(InviteState.email))),
        field(tr("Your name"), "name", auto_complete="name"),
        field(tr("Choose a password (10 characters or more)"), "password", "password", auto_complete="new-password"),
        error_callout(InviteState.error),
        rx.button(tr("Join"), type="submit", width="100%", id="accept-invite", disabled=InviteState.email == ""),
        on_submit=InviteState.accept,
    )


class ResetState(rx.State):
    error: str = ""
    done: bool = False

    @rx.event
    async def set_new_password(self, form: dict):
        token = routes.last_segment(self.router.url.path, "reset")
        if form.get("password") != form.get("confirm"):
            self.error = "The two passwords differ."
            return
        try:
            await run_service(auth.reset_password, token, str(form.get("password", "")))
        except ServiceError as problem:
            self.error = str(problem)
            return
        self.error, self.done = "", True


def reset_page() -> rx.Component:
    return form_card(
        tr("Choose a new password"),
        field(tr("New password (10 characters or more)"), "password", "password", auto_complete="new-password"),
        field(tr("The same again"), "confirm", "password", auto_complete="new-password"),
        error_callout(ResetState.error),
        rx.cond(
            ResetState.done,
            rx.callout(
                rx.text("Password changed; every session of the account was signed out. ", rx.link("Sign in", href=routes.SIGN_IN)),
                color_scheme="green",
                id="form-info",
            ),
            rx.button(tr("Change the password"), type="submit", width="100%", id="reset"),
        ),
        on_submit=ResetState.set_new_password,
    )


class ProfileState(rx.State):
    error: str = ""
    info: str = ""

    @rx.event
    async def open(self):
        self.error = self.info = ""
        if await current_scope(self) is None:
            return rx.redirect(routes.SIGN_IN)

    @rx.event
    async def change_password(self, form: dict):
        scope = await current_scope(self)
        if scope is None:
            return rx.redirect(routes.SIGN_IN)
        try:
            base = await self.get_state(BaseState)
            await run_service(
                auth.change_password, scope, str(form.get("current", "")), str(form.get("new", "")), base.session_token
            )
        except ServiceError as problem:
            self.error, self.info = str(problem), ""
            return
        self.error, self.info = "", "Password changed."


def profile_page() -> rx.Component:
    return page(
        rx.heading(tr("Your profile"), size="6"),
        rx.text(BaseState.user_name, " · ", BaseState.user_email),
        rx.card(
            rx.form(
                rx.vstack(
                    rx.heading(tr("Change your password"), size="4"),
                    field(tr("Current password"), "current", "password", auto_complete="current-password"),
                    field(tr("New password"), "new", "password", auto_complete="new-password"),
                    error_callout(ProfileState.error),
                    info_callout(ProfileState.info),
                    rx.button(tr("Change"), type="submit"),
                    spacing="3",
                ),
                on_submit=ProfileState.change_password,
                reset_on_submit=True,
            ),
            max_width="420px",
        ),
        rx.card(
            rx.vstack(
                rx.heading(tr("Sessions"), size="4"),
                rx.text(tr("Signs you out on every browser and device, this one included."), size="2"),
                rx.button(tr("Sign out everywhere"), color_scheme="red", variant="soft", on_click=BaseState.sign_out_everywhere, id="sign-out-everywhere"),
            ),
            max_width="420px",
        ),
    )
