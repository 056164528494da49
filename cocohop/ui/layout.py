"""The page shell shared by every designer page."""

import reflex as rx

from cocohop.ui import routes


def page(*children: rx.Component, wide: bool = False) -> rx.Component:
    return rx.box(
        rx.hstack(
            rx.link(rx.heading("Cocohop", size="5", color_scheme="teal"), href=routes.TRIPS, underline="none"),
            rx.link("Trips", href=routes.TRIPS, size="2"),
            rx.spacer(),
            padding_x="1.5em",
            padding_y="0.75em",
            border_bottom="1px solid var(--gray-a5)",
            align="center",
            spacing="5",
        ),
        rx.vstack(
            *children,
            padding="1.5em",
            spacing="4",
            width="100%",
            max_width="100%" if wide else "1100px",
            margin_x="auto",
        ),
    )
