"""The page shells: signed-in pages with the navigation, and public forms."""

import reflex as rx

from cocohop.ui import routes
from cocohop.ui.base import BaseState


def nav_bar() -> rx.Component:
    return rx.hstack(
        rx.link(rx.heading("Cocohop", size="5", color_scheme="teal"), href=routes.TRIPS, underline="none"),
        rx.link("Trips", href=routes.TRIPS, size="2"),
        rx.link("Library", href=routes.LIBRARY, size="2"),
        rx.link("Team", href=routes.TEAM, size="2"),
        rx.cond(BaseState.is_admin, rx.link("Branding", href=routes.BRANDING, size="2")),
        rx.cond(BaseState.is_founder, rx.link("Founders", href=routes.FOUNDERS, size="2")),
        rx.spacer(),
        rx.link(BaseState.user_name, href=routes.PROFILE, size="2", id="profile-link"),
        rx.button("Sign out", size="1", variant="ghost", on_click=BaseState.sign_out, id="sign-out"),
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
            rx.heading("Cocohop", size="7", color_scheme="teal"),
            *children,
            align="center",
            spacing="4",
            width="100%",
        ),
        padding_top="10vh",
        padding_x="1em",
    )
