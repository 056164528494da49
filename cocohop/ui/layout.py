"""The page shells: signed-in pages with the navigation, and public forms."""

import reflex as rx

from cocohop.ui import routes
from cocohop.ui.base import BaseState
from cocohop.ui.i18n import language_switch, t


def nav_bar() -> rx.Component:
    return rx.hstack(
        rx.link(rx.heading("Cocohop", size="5", color_scheme="teal"), href=routes.TRIPS, underline="none"),
        rx.link(t("trips"), href=routes.TRIPS, size="2"),
        rx.link(t("library"), href=routes.LIBRARY, size="2"),
        rx.link(t("team"), href=routes.TEAM, size="2"),
        rx.cond(BaseState.is_admin, rx.link(t("branding"), href=routes.BRANDING, size="2")),
        rx.cond(BaseState.is_founder, rx.link(t("founders"), href=routes.FOUNDERS, size="2")),
        rx.spacer(),
        language_switch(),
        rx.link(BaseState.user_name, href=routes.PROFILE, size="2", id="profile-link"),
        rx.button(t("sign_out"), size="1", variant="ghost", on_click=BaseState.sign_out, id="sign-out"),
        padding_x="1.5em",
        padding_y="0.75em",
        border_bottom="1px solid var(--gray-a5)",
        align="center",
        spacing="5",
    )


def page(*children: rx.Component, wide: bool = False) -> rx.Component:
    return rx.box(
        nav_bar(),
        rx.vstack(
            *children,
            padding="1.5em",
            spacing="4",
            width="100%",
            max_width="100%" if wide else "1100px",
            margin_x="auto",
        ),
    )


def public_page(*children: rx.Component) -> rx.Component:
    return rx.center(
        rx.vstack(
            rx.hstack(rx.heading("Cocohop", size="7", color_scheme="teal"), language_switch(), align="center", spacing="4"),
            *children,
            align="center",
            spacing="4",
            width="100%",
        ),
        padding_top="10vh",
        padding_x="1em",
    )
