"""The trip list, and the "new trip from a brief" page with its one-click generator."""

from __future__ import annotations

import asyncio
import logging
import threading

import reflex as rx

from cocohop.adapters.llm import Cancelled, ModelError
from cocohop.domain.brief import BriefError
from cocohop.services import generation
from cocohop.services import trips as trip_service
from cocohop.services.errors import ServiceError
from cocohop.ui import routes
from cocohop.ui.base import BaseState, current_scope, run_service
from cocohop.ui.i18n import t
from cocohop.ui.layout import page

log = logging.getLogger(__name__)


class TripsState(rx.State):
    trips: list[trip_service.TripSummary] = []

    @rx.event
    async def load(self):
        scope = await current_scope(self)
        if scope is None:
            return rx.redirect(routes.SIGN_IN)
        self.trips = await run_service(trip_service.list_trips, scope)


def trip_row(trip: trip_service.TripSummary) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.link(trip.title, href="/trips/" + trip.id.to_string())),
        rx.table.cell(trip.country),
        rx.table.cell(trip.start),
        rx.table.cell(trip.nights),
        rx.table.cell(rx.badge(trip.status, variant="soft")),
        rx.table.cell(rx.text(trip.updated, size="1", color_scheme="gray")),
    )


def trips_page() -> rx.Component:
    return page(
        rx.hstack(
            rx.heading(t("trips"), size="6"),
            rx.spacer(),
            rx.link(rx.button(t("new_trip"), id="new-trip"), href=routes.NEW_TRIP),
            width="100%",
            align="center",
        ),
        rx.cond(
            TripsState.trips.length() > 0,
            rx.table.root(
                rx.table.header(
                    rx.table.row(
                        *[
                            rx.table.column_header_cell(t(key))
                            for key in ("col_trip", "col_country", "col_start", "col_nights", "col_status", "col_updated")
                        ]
                    )
                ),
                rx.table.body(rx.foreach(TripsState.trips, trip_row)),
                width="100%",
            ),
            rx.text(t("no_trip"), color_scheme="gray"),
        ),
    )


# Cancel switches of the generations under way, by browser tab (a threading.Event is
# not state that Reflex could store).
_CANCELS: dict[str, threading.Event] = {}


def progress_label(done: int, total: int, lang: str = "en") -> tuple[int, str]:
    """Percent and words for the generator's (days written, days in all)."""
    fr = lang == "fr"
    if total == 0:
        return 5, "Lecture de la demande" if fr else "Reading the brief"
    if done == 0:
        return 10, f"Itinéraire prêt : {total} jours à écrire" if fr else f"Route planned: {total} days to write"
    if done >= total:
        return 98, "Enregistrement du voyage" if fr else "Saving the trip"
    step = f"Rédaction du jour {done} sur {total}" if fr else f"Writing day {done} of {total}"
    return 10 + 85 * done // total, step


class NewTripState(rx.State):
    running: bool = False
    progress: int = 0
    step: str = ""
    error: str = ""

    def _tab(self) -> str:
        return self.router.session.client_token

    @rx.event
    def cancel(self):
        switch = _CANCELS.get(self._tab())
        if switch is not None:
            switch.set()
            self.step = "Cancelling…"

    @rx.event(background=True)
    async def generate(self, form: dict):
        brief = str(form.get("brief", ""))
        async with self:
            if self.running:
                return
            if not brief.strip():
                self.error = "Paste the client's e-mail first."
                return
            scope = await current_scope(self)
            if scope is None:
                return rx.redirect(routes.SIGN_IN)
            self.running, self.error = True, ""
            lang = (await self.get_state(BaseState)).ui_lang
            self.progress, self.step = progress_label(0, 0, lang)
            tab = self._tab()
        cancel = _CANCELS[tab] = threading.Event()
        updates: asyncio.Queue[tuple[int, int]] = asyncio.Queue()
        loop = asyncio.get_running_loop()

        def report(done: int, total: int, _message: str) -> None:
            loop.call_soon_threadsafe(updates.put_nowait, (done, total))

        work = asyncio.create_task(
            asyncio.to_thread(generation.generate_trip_for, scope, brief, progress=report, cancel=cancel)
        )
        while not work.done() or not updates.empty():
            getter = asyncio.ensure_future(updates.get())
            done, _ = await asyncio.wait({getter, work}, return_when=asyncio.FIRST_COMPLETED)
            if getter in done:
                percent, step = progress_label(*getter.result(), lang)
                async with self:
                    if not cancel.is_set():
                        self.progress, self.step = percent, step
            else:
                getter.cancel()
        _CANCELS.pop(tab, None)

        trip_id, error = None, ""
        try:
            trip_id = work.result()
        except Cancelled:
            error = "Generation cancelled: nothing was saved, your brief is still here."
        except ModelError as problem:
            error = problem.message("en") + " Nothing was saved; your brief is still here."
        except (BriefError, ServiceError) as problem:
            error = str(problem)
        except Exception:  # a bug must not leave the page spinning; the brief stays
            log.exception("trip generation failed")
            error = "The trip could not be generated; your brief is kept. Please try again."
        async with self:
            self.running, self.error = False, error
        if trip_id is not None:
            return rx.redirect(routes.trip_editor(trip_id))


def new_trip_page() -> rx.Component:
    return page(
        rx.heading(t("new_trip"), size="6"),
        rx.text(t("brief_help"), color_scheme="gray"),
        # An uncontrolled text area read on submit: the brief stays in the page, as
        # pasted, whatever happens to the generation.
        rx.form(
            rx.vstack(
                rx.text_area(
                    name="brief",
                    placeholder="Bonjour, nous sommes un couple et nous partons au Japon du 4 au 17 avril…",
                    rows="12",
                    width="100%",
                    id="brief",
                    max_length=20000,
                ),
                rx.cond(
                    NewTripState.error != "",
                    rx.callout(NewTripState.error, color_scheme="red", id="brief-error", width="100%"),
                ),
                rx.hstack(
                    rx.button(
                        t("generate"),
                        type="submit",
                        loading=NewTripState.running,
                        id="generate",
                    ),
                    rx.cond(
                        NewTripState.running,
                        rx.hstack(
                            rx.progress(value=NewTripState.progress, width="200px"),
                            rx.text(NewTripState.step, size="2", id="generation-step"),
                            rx.button(t("cancel"), type="button", variant="soft", color_scheme="gray", on_click=NewTripState.cancel, id="cancel-generation"),
                            align="center",
                        ),
                    ),
                    align="center",
                ),
                width="100%",
            ),
            on_submit=NewTripState.generate,
            reset_on_submit=False,
            width="100%",
        ),
    )
