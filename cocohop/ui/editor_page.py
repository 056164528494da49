"""The trip editor: the trip's facts above, its days on the left, the selected day in
the middle, the live travel-book preview on the right. Every field saves by itself a
moment after the last keystroke; nothing has a save button."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

import reflex as rx

from cocohop.domain.itinerary import ItemKind, TripStatus
from cocohop.adapters.llm import ModelError
from cocohop.domain.regenerate import HumanEdited
from cocohop.services import generation
from cocohop.services import photos as photo_service
from cocohop.services.photos import PhotoView
from cocohop.services import trips as trip_service
from cocohop.services.generation import FindingView
from cocohop.services.errors import EditConflict, InvalidEdit, NotFound, ServiceError
from cocohop.services.trips import ContactView, DayView, ItemView
from cocohop.settings import get_settings
from cocohop.ui import routes
from cocohop.ui.base import current_scope, run_service
from cocohop.ui.i18n import t, tr
from cocohop.ui.layout import page
from cocohop.ui.photos import add_uploaded_photos, delete_photo, photo_strip

log = logging.getLogger(__name__)
DEBOUNCE_MS = get_settings().autosave_debounce_ms
ITEM_KINDS = [kind.value for kind in ItemKind]
STATUSES = [status.value for status in TripStatus]


class EditorState(rx.State):
    trip_id: int = 0
    not_found: bool = False
    loaded: bool = False
    version: int = 0
    title: str = ""
    title_generated: bool = False
    country: str = ""
    lang: str = "fr"
    start: str = ""
    end: str = ""
    adults: int = 0
    children: int = 0
    currency: str = "EUR"
    status: str = "draft"
    days: list[DayView] = []
    selected: int = 0
    save_status: str = "saved"  # "saving", "saved" or "error"
    message: str = ""
    kept_text: str = ""  # a text another tab's save prevented from saving: kept to copy
    preview_open: bool = True
    preview_rev: int = 0
    findings: list[FindingView] = []
    regen_instruction: str = ""
    regen_target: str = "day"  # "day", or the number of a paragraph ("1", "2", ...)
    regen_running: bool = False
    trip_photos: list[PhotoView] = []
    contacts: list[ContactView] = []
    contacts_open: bool = False
    day_photos: list[PhotoView] = []

    # ---------------------------------------------------------------- derived

    @rx.var
    def has_day(self) -> bool:
        return 0 <= self.selected < len(self.days)

    @rx.var
    def day(self) -> DayView:
        if 0 <= self.selected < len(self.days):
            return self.days[self.selected]
        return DayView(id=0, version=0, position=0, date="", title="", title_generated=False, base_place="", text="", text_generated=False)

    @rx.var
    def day_findings(self) -> list[FindingView]:
        day_id = self.days[self.selected].id if 0 <= self.selected < len(self.days) else -1
        return [f for f in self.findings if f.day_id == day_id]

    @rx.var
    def trip_level_findings(self) -> list[FindingView]:
        return [f for f in self.findings if f.day_id == 0]

    @rx.var
    def flagged_days(self) -> list[int]:
        return sorted({f.day_id for f in self.findings if f.day_id})

    @rx.var
    def paragraph_choices(self) -> list[str]:
        if not 0 <= self.selected < len(self.days):
            return ["day"]
        count = len([p for p in self.days[self.selected].text.split("\n\n") if p.strip()])
        return ["day", *[str(n) for n in range(1, count + 1)]]

    @rx.var
    def book_url(self) -> str:
        return f"{routes.book_pdf(self.trip_id)}?rev={self.preview_rev}"

    @rx.var
    def download_url(self) -> str:
        return f"{routes.book_pdf(self.trip_id)}?download=1"

    # ---------------------------------------------------------------- loading

    @rx.event
    async def load(self):
        if await current_scope(self) is None:
            return rx.redirect(routes.SIGN_IN)
        raw_id = routes.trip_id_from_path(self.router.url.path)
        self.loaded, self.not_found, self.message, self.kept_text = False, False, "", ""
        if not raw_id.isdigit():
            self.not_found = True
            return
        self.trip_id = int(raw_id)
        await self._reload(keep_selection=False)

    async def _reload(self, keep_selection: bool = True):
        scope = await current_scope(self)
        try:
            if scope is None:
                raise NotFound("trip")
            view = await run_service(trip_service.load_trip, scope, self.trip_id)
        except NotFound:
            self.not_found, self.loaded = True, True
            return
        selected_id = self.day.id if keep_selection and self.has_day else None
        self.version, self.title, self.title_generated = view.version, view.title, view.title_generated
        self.country, self.lang, self.start, self.end = view.country, view.lang, view.start, view.end
        self.adults, self.children, self.currency, self.status = (
            view.adults,
            view.children,
            view.currency,
            view.status,
        )
        self.days = view.days
        self.contacts = view.contacts
        ids = [d.id for d in view.days]
        self.selected = ids.index(selected_id) if selected_id in ids else min(self.selected, max(len(ids) - 1, 0))
        if not keep_selection:
            self.selected = 0
        self.loaded = True
        self.preview_rev += 1
        await self._refresh_findings(scope)
        await self._refresh_photos(scope)

    async def _refresh_photos(self, scope) -> None:
        self.trip_photos = await run_service(photo_service.photos_of, scope, "trip", self.trip_id)
        self.day_photos = (
            await run_service(photo_service.photos_of, scope, "day", self.days[self.selected].id)
            if 0 <= self.selected < len(self.days)
            else []
        )

    async def _refresh_findings(self, scope) -> None:
        try:
            self.findings = await run_service(generation.trip_findings, scope, self.trip_id)
        except Exception:  # the checker must never stop the editor
            log.exception("feasibility check failed")
            self.findings = []

    # ---------------------------------------------------------------- saving

    async def _save(self, work: Callable, *args, keep: str = "") -> int | None:
        """Run one edit; on a conflict reload the latest version and say so. ``keep``: the
        text the person typed, shown to copy when it could not be saved."""
        scope = await current_scope(self)
        if scope is None:
            self.save_status, self.kept_text = "error", keep
            self.message = "Your session has ended: sign in again in another tab; this change was not saved."
            return None
        self.save_status, self.message = "saving", ""
        try:
            result = await run_service(work, scope, *args)
        except EditConflict as conflict:
            self.save_status, self.message, self.kept_text = "error", str(conflict), keep
            await self._reload()
            return None
        except NotFound as missing:
            self.save_status = "error"
            self.message = f"{missing} (removed in another tab?); the trip was reloaded"
            await self._reload()
            return None
        except (InvalidEdit, ServiceError) as problem:
            self.save_status, self.message = "error", str(problem)
            return None
        except Exception:
            log.exception("save failed")
            self.save_status = "error"
            self.message = "Could not save; your text is still in the field. Retrying on your next keystroke."
            return None
        self.save_status = "saved"
        self.preview_rev += 1
        await self._refresh_findings(scope)
        return result

    @rx.event
    async def save_trip_field(self, name: str, value: str):
        version = await self._save(trip_service.update_trip_field, self.trip_id, name, value, self.version, keep=value)
        if version is None:
            return
        self.version = version
        if name in ("start_date", "lang", "status", "currency", "adults", "children"):
            await self._reload()
        elif name == "title":
            self.title, self.title_generated = value.strip(), False

    @rx.event
    async def save_day_field(self, day_id: int, name: str, value: str):
        day = self._find_day(day_id)
        if day is None:
            return
        version = await self._save(trip_service.update_day_field, day_id, name, value, day.version, keep=value)
        if version is None:
            return
        day.version = version
        setattr(day, name, value.strip() if name != "text" else value)
        if name == "title":
            day.title_generated = False
        if name == "text":
            day.text_generated = False
        self.days = list(self.days)

    @rx.event
    async def save_item_field(self, item_id: int, name: str, value: str):
        found = self._find_item(item_id)
        if found is None:
            return
        day, item = found
        version = await self._save(trip_service.update_item_field, item_id, name, value, item.version, keep=value)
        if version is None:
            return
        item.version = version
        setattr(item, name, value.strip() if name != "description" else value)
        item.generated = False  # a person's edit makes the item theirs (the service agrees)
        if name in ("name", "place") and value.strip():
            item.to_complete = item.to_verify = False
        self.days = list(self.days)

    def _find_day(self, day_id: int) -> DayView | None:
        return next((d for d in self.days if d.id == day_id), None)

    def _find_item(self, item_id: int) -> tuple[DayView, ItemView] | None:
        for day in self.days:
            for item in day.item_rows:
                if item.id == item_id:
                    return day, item
        return None

    # ---------------------------------------------------------------- structure

    async def _restructure(self, work: Callable, *args) -> None:
        if await self._save(work, *args) is not None or self.save_status == "saved":
            await self._reload()

    @rx.event
    async def select_day(self, index: int):
        self.selected = index
        scope = await current_scope(self)
        if scope is not None:
            await self._refresh_photos(scope)

    async def _add_photo(self, owner_kind: str, owner_id: int, files: list[rx.UploadFile]):
        scope = await current_scope(self)
        if scope is None:
            return rx.redirect(routes.SIGN_IN)
        self.message = await add_uploaded_photos(scope, owner_kind, owner_id, files)
        await self._refresh_photos(scope)
        self.preview_rev += 1

    @rx.event
    async def upload_trip_photo(self, files: list[rx.UploadFile]):
        return await self._add_photo("trip", self.trip_id, files)

    @rx.event
    async def upload_day_photo(self, files: list[rx.UploadFile]):
        if self.has_day:
            return await self._add_photo("day", self.days[self.selected].id, files)

    @rx.event
    async def remove_photo(self, photo_id: int):
        scope = await current_scope(self)
        if scope is None:
            return rx.redirect(routes.SIGN_IN)
        self.message = await delete_photo(scope, photo_id)
        await self._refresh_photos(scope)
        self.preview_rev += 1

    @rx.event
    async def add_day(self):
        await self._restructure(trip_service.add_day, self.trip_id, self.selected)
        self.selected = min(self.selected + 1, len(self.days) - 1)

    @rx.event
    async def remove_day(self, day_id: int):
        await self._restructure(trip_service.remove_day, day_id)

    @rx.event
    async def move_day(self, day_id: int, delta: int):
        day = self._find_day(day_id)
        if day is None:
            return
        target = max(0, min(day.position + delta, len(self.days) - 1))
        await self._restructure(trip_service.move_day, day_id, target)
        self.selected = target

    @rx.event
    async def add_item(self, kind: str):
        if self.has_day:
            await self._restructure(trip_service.add_item, self.day.id, kind)

    @rx.event
    async def remove_item(self, item_id: int):
        await self._restructure(trip_service.remove_item, item_id)

    @rx.event
    async def move_item(self, item_id: int, new_position: int):
        await self._restructure(trip_service.move_item, item_id, new_position)

    # ---------------------------------------------------------------- local contacts

    async def _save_contacts(self, contacts: list[ContactView]) -> None:
        rows = [{"name": c.name, "role": c.role, "phone": c.phone, "email": c.email} for c in contacts]
        typed = "; ".join(" ".join(filter(None, (c.name, c.role, c.phone, c.email))) for c in contacts)
        version = await self._save(trip_service.update_trip_contacts, self.trip_id, rows, self.version, keep=typed)
        if version is not None:
            self.version, self.contacts = version, contacts

    @rx.event
    def toggle_contacts(self):
        self.contacts_open = not self.contacts_open

    @rx.event
    async def add_contact(self):
        await self._save_contacts([*self.contacts, ContactView()])

    @rx.event
    async def remove_contact(self, index: int):
        await self._save_contacts([c for i, c in enumerate(self.contacts) if i != index])

    @rx.event
    async def save_contact(self, index: int, key: str, value: str):
        if not 0 <= index < len(self.contacts) or key not in trip_service.CONTACT_KEYS:
            return
        contacts = [ContactView(c.name, c.role, c.phone, c.email) for c in self.contacts]
        setattr(contacts[index], key, value)
        await self._save_contacts(contacts)

    # ---------------------------------------------------------------- regeneration

    @rx.event
    def set_regen_instruction(self, value: str):
        self.regen_instruction = value[:300]

    @rx.event
    def set_regen_target(self, value: str):
        self.regen_target = value

    @rx.event(background=True)
    async def regenerate(self):
        async with self:
            if self.regen_running or not self.has_day:
                return
            scope = await current_scope(self)
            if scope is None:
                return rx.redirect(routes.SIGN_IN)
            day_id, target, instruction = self.day.id, self.regen_target, self.regen_instruction.strip() or None
            self.regen_running, self.message, self.save_status = True, "", "saving"
        message = ""
        try:
            if target == "day":
                await asyncio.to_thread(generation.regenerate_day, scope, day_id, instruction)
            else:
                await asyncio.to_thread(generation.regenerate_paragraph, scope, day_id, int(target) - 1, instruction)
        except HumanEdited:
            message = "This day's text was written by a person: it is not regenerated. Regenerate the whole day to refresh only its generated items."
        except ModelError as problem:
            message = problem.message("en") + " The day was left as it was."
        except (EditConflict, NotFound, ServiceError, IndexError) as problem:
            message = f"{problem}. The day was left as it was."
        except Exception:
            log.exception("regeneration failed")
            message = "The day could not be regenerated; it was left as it was."
        async with self:
            self.regen_running = False
            self.message, self.save_status = message, "error" if message else "saved"
            await self._reload()

    @rx.event
    def toggle_preview(self):
        self.preview_open = not self.preview_open

    @rx.event
    def dismiss_message(self):
        self.message, self.kept_text = "", ""


# -------------------------------------------------------------------- components


def generated_mark(flag) -> rx.Component:
    return rx.cond(
        flag,
        rx.tooltip(
            rx.badge(t("generated"), color_scheme="gray", variant="surface", size="1"),
            content="Written by the generator; the mark goes once you edit this text.",
        ),
    )


def save_mark() -> rx.Component:
    return rx.match(
        EditorState.save_status,
        ("saving", rx.badge(t("saving"), color_scheme="amber", id="save-status")),
        ("error", rx.badge(t("not_saved"), color_scheme="red", id="save-status")),
        rx.badge(t("saved"), color_scheme="green", id="save-status"),
    )


def fact_field(label: str, control: rx.Component) -> rx.Component:
    return rx.vstack(rx.text(label, size="1", color_scheme="gray"), control, spacing="1")


def trip_header() -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.input(
                value=EditorState.title,
                on_change=lambda v: EditorState.save_trip_field("title", v),
                debounce_timeout=DEBOUNCE_MS,
                size="3",
                width="100%",
                id="trip-title",
                max_length=300,
            ),
            generated_mark(EditorState.title_generated),
            save_mark(),
            rx.button(
                rx.cond(EditorState.preview_open, t("hide_preview"), t("show_preview")),
                on_click=EditorState.toggle_preview,
                variant="soft",
                id="toggle-preview",
            ),
            width="100%",
            align="center",
        ),
        rx.hstack(
            fact_field(t("col_country"), rx.text(EditorState.country, weight="medium")),
            fact_field(
                t("col_start"),
                rx.input(
                    type="date",
                    value=EditorState.start,
                    on_change=lambda v: EditorState.save_trip_field("start_date", v),
                    debounce_timeout=DEBOUNCE_MS,
                    id="trip-start",
                ),
            ),
            fact_field(t("end"), rx.text(EditorState.end)),
            fact_field(
                t("adults"),
                rx.input(
                    value=EditorState.adults.to_string(),
                    on_change=lambda v: EditorState.save_trip_field("adults", v),
                    debounce_timeout=DEBOUNCE_MS,
                    width="4em",
                ),
            ),
            fact_field(
                t("children"),
                rx.input(
                    value=EditorState.children.to_string(),
                    on_change=lambda v: EditorState.save_trip_field("children", v),
                    debounce_timeout=DEBOUNCE_MS,
                    width="4em",
                ),
            ),
            fact_field(
                t("currency"),
                rx.input(
                    value=EditorState.currency,
                    on_change=lambda v: EditorState.save_trip_field("currency", v),
                    debounce_timeout=DEBOUNCE_MS,
                    width="5em",
                ),
            ),
            fact_field(
                t("book_language"),
                rx.select(
                    ["fr", "en"],
                    value=EditorState.lang,
                    on_change=lambda v: EditorState.save_trip_field("lang", v),
                ),
            ),
            fact_field(
                t("cover_photo"),
                photo_strip(
                    EditorState.trip_photos,
                    EditorState.remove_photo,
                    "trip-photo",
                    EditorState.upload_trip_photo(rx.upload_files(upload_id="trip-photo")),
                    t("add"),
                ),
            ),
            fact_field(
                t("col_status"),
                rx.select(
                    STATUSES,
                    value=EditorState.status,
                    on_change=lambda v: EditorState.save_trip_field("status", v),
                ),
            ),
            spacing="4",
            wrap="wrap",
        ),
        contacts_panel(),
        rx.foreach(EditorState.trip_level_findings, finding_callout),
        rx.cond(
            EditorState.message != "",
            rx.callout(
                rx.vstack(
                    rx.text(EditorState.message),
                    rx.cond(
                        EditorState.kept_text != "",
                        rx.code_block(EditorState.kept_text, wrap_long_lines=True),
                    ),
                    rx.button("OK", size="1", variant="soft", on_click=EditorState.dismiss_message),
                ),
                color_scheme="amber",
                id="editor-message",
                width="100%",
            ),
        ),
        width="100%",
        spacing="3",
    )


def day_label(day: DayView, index) -> rx.Var:
    return rx.cond(day.date != "", day.date, "Day " + (index + 1).to_string())


def day_entry(day: DayView, index) -> rx.Component:
    return rx.box(
        rx.hstack(
            rx.vstack(
                rx.text(day_label(day, index), size="1", color_scheme="gray", class_name="day-date"),
                rx.text(day.title, size="2", weight="medium", class_name="day-title"),
                rx.hstack(
                    rx.text(day.base_place, size="1", color_scheme="gray"),
                    rx.cond(
                        EditorState.flagged_days.contains(day.id),
                        rx.icon("triangle-alert", size=14, color="var(--amber-10)", class_name="day-flag"),
                    ),
                    spacing="2",
                    align="center",
                ),
                spacing="0",
                flex="1",
            ),
            rx.vstack(
                rx.icon_button(rx.icon("chevron-up"), size="1", variant="ghost", on_click=EditorState.move_day(day.id, -1).stop_propagation, aria_label="Move day up"),
                rx.icon_button(rx.icon("chevron-down"), size="1", variant="ghost", on_click=EditorState.move_day(day.id, 1).stop_propagation, aria_label="Move day down"),
                spacing="1",
            ),
            align="center",
        ),
        on_click=EditorState.select_day(index),
        padding="0.5em",
        border_radius="6px",
        cursor="pointer",
        background=rx.cond(EditorState.selected == index, "var(--teal-a3)", "transparent"),
        class_name="day-entry",
        width="100%",
    )


def days_pane() -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.text(t("days"), weight="bold"),
            rx.spacer(),
            rx.button(t("add_day"), size="1", variant="soft", on_click=EditorState.add_day, id="add-day"),
            width="100%",
        ),
        rx.scroll_area(
            rx.vstack(rx.foreach(EditorState.days, day_entry), spacing="1", width="100%"),
            height="calc(100vh - 260px)",
            scrollbars="vertical",
        ),
        width="240px",
        min_width="240px",
    )


def item_input(item: ItemView, name: str, placeholder: str = "", **props) -> rx.Component:
    return rx.input(
        value=getattr(item, name),
        on_change=lambda v: EditorState.save_item_field(item.id, name, v),
        debounce_timeout=DEBOUNCE_MS,
        placeholder=placeholder,
        size="1",
        class_name=f"item-{name.replace('_', '-')}",
        **props,
    )


def item_row(item: ItemView, index) -> rx.Component:
    cell = {"padding": "2px"}
    return rx.table.row(
        rx.table.cell(item_input(item, "start_time", "hh:mm"), style=cell),
        rx.table.cell(
            rx.select(
                ITEM_KINDS,
                value=item.kind,
                on_change=lambda v: EditorState.save_item_field(item.id, "kind", v),
                size="1",
            ),
            style=cell,
        ),
        rx.table.cell(
            rx.vstack(
                item_input(item, "name", "name", width="100%"),
                rx.hstack(
                    rx.cond(item.to_complete, rx.badge(t("to_complete"), color_scheme="orange", size="1")),
                    rx.cond(
                        item.to_verify,
                        rx.tooltip(
                            rx.badge(t("to_verify"), color_scheme="red", size="1", class_name="to-verify"),
                            content="Suggested by the model and not in your content library: check it before sending.",
                        ),
                    ),
                    generated_mark(item.generated),
                    spacing="1",
                ),
                spacing="1",
            ),
            style=cell,
        ),
        rx.table.cell(item_input(item, "place", "place"), style=cell),
        rx.table.cell(item_input(item, "supplier", "supplier"), style=cell),
        rx.table.cell(
            rx.cond(
                item.kind == "stay",
                item_input(item, "nights", "nights"),
                item_input(item, "duration_minutes", "min"),
            ),
            style=cell,
        ),
        rx.table.cell(
            rx.hstack(item_input(item, "cost", "cost", width="6em"), item_input(item, "currency", "cur", width="3.5em"), spacing="1"),
            style=cell,
        ),
        rx.table.cell(
            rx.hstack(
                rx.icon_button(rx.icon("arrow-up"), size="1", variant="ghost", on_click=EditorState.move_item(item.id, index - 1), aria_label="Move up"),
                rx.icon_button(rx.icon("trash-2"), size="1", variant="ghost", color_scheme="red", on_click=EditorState.remove_item(item.id), aria_label="Remove item"),
                spacing="1",
            ),
            style=cell,
        ),
        class_name="item-row",
        align="center",
    )


ITEM_COLUMNS = [("Time", "5em"), ("Kind", "7.5em"), ("Name", "auto"), ("Place", "8em"), ("Supplier", "8em"), ("Nights / min", "5em"), ("Cost", "10em"), ("", "4em")]


def items_table(day: DayView) -> rx.Component:
    return rx.table.root(
        rx.table.header(
            rx.table.row(
                *[rx.table.column_header_cell(tr(label), width=width, style={"padding": "2px"}) for label, width in ITEM_COLUMNS]
            )
        ),
        rx.table.body(rx.foreach(day.item_rows, item_row)),
        size="1",
        variant="ghost",
        width="100%",
        layout="fixed",
    )


def contact_input(index, contact: ContactView, key: str, placeholder: str, width: str) -> rx.Component:
    return rx.input(
        value=getattr(contact, key),
        on_change=lambda v: EditorState.save_contact(index, key, v),
        debounce_timeout=DEBOUNCE_MS,
        placeholder=placeholder,
        size="1",
        width=width,
    )


def contact_row(contact: ContactView, index) -> rx.Component:
    return rx.hstack(
        contact_input(index, contact, "name", "Name", "12em"),
        contact_input(index, contact, "role", "Role: guide, driver…", "10em"),
        contact_input(index, contact, "phone", "Phone", "10em"),
        contact_input(index, contact, "email", "E-mail", "14em"),
        rx.icon_button(rx.icon("trash-2"), size="1", variant="ghost", color_scheme="red", on_click=EditorState.remove_contact(index), aria_label="Remove contact"),
        spacing="1",
        class_name="contact-row",
    )


def contacts_panel() -> rx.Component:
    return rx.vstack(
        rx.button(
            rx.icon("contact", size=14),
            tr("Local contacts for the travellers ("),
            EditorState.contacts.length().to_string(),
            ")",
            size="1",
            variant="ghost",
            on_click=EditorState.toggle_contacts,
            id="toggle-contacts",
        ),
        rx.cond(
            EditorState.contacts_open,
            rx.vstack(
                rx.foreach(EditorState.contacts, contact_row),
                rx.button("+ Contact", size="1", variant="soft", on_click=EditorState.add_contact, id="add-contact"),
                spacing="1",
            ),
        ),
        spacing="1",
    )


def finding_callout(finding: FindingView) -> rx.Component:
    return rx.callout(
        finding.message,
        icon="triangle-alert",
        color_scheme=rx.match(finding.severity, ("error", "red"), ("warning", "amber"), "gray"),
        size="1",
        class_name="finding",
        width="100%",
    )


def regenerate_bar() -> rx.Component:
    return rx.hstack(
        rx.select(
            EditorState.paragraph_choices,
            value=EditorState.regen_target,
            on_change=EditorState.set_regen_target,
            size="1",
        ),
        rx.input(
            placeholder=t("regen_placeholder"),
            value=EditorState.regen_instruction,
            on_change=EditorState.set_regen_instruction,
            debounce_timeout=200,
            size="1",
            width="22em",
            id="regen-instruction",
        ),
        rx.button(
            rx.icon("refresh-cw", size=14),
            rx.cond(EditorState.regen_target == "day", t("regenerate_day"), t("regenerate_paragraph")),
            size="1",
            variant="soft",
            loading=EditorState.regen_running,
            on_click=EditorState.regenerate,
            id="regenerate",
        ),
        rx.text(t("regen_help"), size="1", color_scheme="gray"),
        align="center",
        wrap="wrap",
        spacing="2",
    )


def day_pane() -> rx.Component:
    day = EditorState.day
    return rx.cond(
        EditorState.has_day,
        rx.vstack(
            rx.hstack(
                rx.text(day_label(day, EditorState.selected), color_scheme="gray", size="2", id="day-date"),
                rx.spacer(),
                rx.button(t("remove_day"), size="1", variant="ghost", color_scheme="red", on_click=EditorState.remove_day(day.id), id="remove-day"),
                width="100%",
            ),
            # The key re-creates the fields when another day is selected.
            rx.fragment(
                rx.hstack(
                    rx.input(
                        value=day.title,
                        on_change=lambda v: EditorState.save_day_field(day.id, "title", v),
                        debounce_timeout=DEBOUNCE_MS,
                        size="3",
                        width="100%",
                        id="day-title",
                        max_length=300,
                    ),
                    generated_mark(day.title_generated),
                    width="100%",
                    align="center",
                ),
                rx.hstack(
                    rx.text(t("base"), size="2", color_scheme="gray"),
                    rx.input(
                        value=day.base_place,
                        on_change=lambda v: EditorState.save_day_field(day.id, "base_place", v),
                        debounce_timeout=DEBOUNCE_MS,
                        id="day-base",
                    ),
                    align="center",
                ),
                rx.text_area(
                    value=day.text,
                    on_change=lambda v: EditorState.save_day_field(day.id, "text", v),
                    debounce_timeout=DEBOUNCE_MS,
                    rows="10",
                    width="100%",
                    id="day-text",
                ),
                rx.hstack(generated_mark(day.text_generated)),
                key=day.id.to_string(),
            ),
            photo_strip(
                EditorState.day_photos,
                EditorState.remove_photo,
                "day-photo",
                EditorState.upload_day_photo(rx.upload_files(upload_id="day-photo")),
                t("day_photo"),
            ),
            rx.foreach(EditorState.day_findings, finding_callout),
            regenerate_bar(),
            rx.text(t("items"), weight="bold"),
            items_table(day),
            rx.hstack(
                *[
                    rx.button("+ " + kind.replace("_", " "), size="1", variant="soft", on_click=EditorState.add_item(kind))
                    for kind in ITEM_KINDS
                ],
                wrap="wrap",
                spacing="1",
            ),
            flex="1",
            min_width="0",
            spacing="3",
        ),
        rx.text("This trip has no day yet: add one.", color_scheme="gray"),
    )


def preview_pane() -> rx.Component:
    return rx.cond(
        EditorState.preview_open,
        rx.vstack(
            rx.hstack(
                rx.text(t("travel_book"), weight="bold"),
                rx.spacer(),
                rx.link(t("download_pdf"), href=EditorState.download_url, id="download-book", is_external=True),
                width="100%",
            ),
            rx.el.iframe(
                src=EditorState.book_url,
                id="book-preview",
                title="Travel book preview",
                width="100%",
                height="calc(100vh - 260px)",
                style={"border": "1px solid var(--gray-a5)", "borderRadius": "6px"},
            ),
            width="32%",
            min_width="320px",
        ),
    )


def editor_page() -> rx.Component:
    return page(
        rx.cond(
            EditorState.not_found,
            rx.vstack(
                rx.heading(t("trip_not_found"), size="6", id="not-found"),
                rx.link(t("back_to_trips"), href=routes.TRIPS),
            ),
            rx.cond(
                EditorState.loaded,
                rx.vstack(
                    trip_header(),
                    rx.hstack(days_pane(), day_pane(), preview_pane(), width="100%", spacing="5", align="start"),
                    width="100%",
                ),
                rx.spinner(),
            ),
        ),
        wide=True,
    )
