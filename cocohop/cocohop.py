"""The Reflex app: pages with their on_load, and the plain HTTP routes."""

import asyncio

import reflex as rx

from cocohop.api import api
from cocohop.ui import routes
from cocohop.ui.account_pages import (
    InviteState,
    ProfileState,
    SignInState,
    forgot_page,
    invite_page,
    profile_page,
    reset_page,
    sign_in_page,
    sign_up_page,
)
from cocohop.ui.branding_page import BrandingState, branding_page
from cocohop.ui.editor_page import EditorState, editor_page
from cocohop.ui.founders_page import FoundersState, founders_page
from cocohop.ui.library_page import LibraryState, library_page
from cocohop.ui.team_page import TeamState, team_page
from cocohop.ui.trips_page import TripsState, new_trip_page, trips_page

app = rx.App(api_transformer=api)


@app.register_lifespan_task
async def warm_up():
    """Load what the first designer's first generation and preview would otherwise wait
    for (the parser's reference data, the book renderer's workers) while the server starts."""
    from cocohop.book.render import default_renderer
    from cocohop.domain.brief import warm_up as warm_up_parser

    await asyncio.to_thread(warm_up_parser)
    # The book's worker processes and fonts: the first preview is then as fast as the next.
    await asyncio.to_thread(default_renderer().warm_up)


# (route, component, title, on_load). Every page but the public ones checks the
# session in its on_load or its first event; tests walk this list.
PAGES = [
    (routes.TRIPS, trips_page, "Trips", TripsState.load),
    (routes.NEW_TRIP, new_trip_page, "New trip", TripsState.load),
    (routes.TRIP_EDITOR, editor_page, "Trip", EditorState.load),
    (routes.LIBRARY, library_page, "Content library", LibraryState.load),
    (routes.TEAM, team_page, "Team", TeamState.load),
    (routes.BRANDING, branding_page, "Branding", BrandingState.load),
    (routes.FOUNDERS, founders_page, "Founders", FoundersState.load),
    (routes.PROFILE, profile_page, "Profile", ProfileState.open),
    (routes.SIGN_IN, sign_in_page, "Sign in", SignInState.open),
    (routes.SIGN_UP, sign_up_page, "Sign up", None),
    (routes.FORGOT, forgot_page, "Forgotten password", None),
    (routes.INVITE, invite_page, "Invitation", InviteState.open),
    (routes.RESET, reset_page, "New password", None),
]
for route, component, title, on_load in PAGES:
    app.add_page(component, route=route, title=f"{title} · Cocohop", on_load=on_load)
