"""The Reflex app: pages with their on_load, and the plain HTTP routes."""

import reflex as rx

from cocohop.api import api
from cocohop.ui import routes
from cocohop.ui.editor_page import EditorState, editor_page
from cocohop.ui.trips_page import TripsState, new_trip_page, trips_page

app = rx.App(api_transformer=api)
app.add_page(trips_page, route=routes.TRIPS, title="Trips · Cocohop", on_load=TripsState.load)
app.add_page(new_trip_page, route=routes.NEW_TRIP, title="New trip · Cocohop")
app.add_page(editor_page, route=routes.TRIP_EDITOR, title="Trip · Cocohop", on_load=EditorState.load)
