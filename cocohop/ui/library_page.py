"""The agency's content library: search, edit in place, add, remove, import a CSV file."""

from __future__ import annotations

import reflex as rx

from cocohop.services import library
from cocohop.services import photos as photo_service
from cocohop.services.photos import PhotoView
from cocohop.services.errors import EditConflict, ServiceError
from cocohop.settings import get_settings
from cocohop.ui import routes
from cocohop.ui.account_pages import error_callout
from cocohop.ui.base import current_scope, run_service
from cocohop.ui.i18n import tr
from cocohop.ui.layout import page
from cocohop.ui.photos import add_uploaded_photos, delete_photo, photo_strip

DEBOUNCE_MS = get_settings().autosave_debounce_ms
EDITABLE = [("place", "8em"), ("name", "14em"), ("supplier", "9em"), ("cost", "6em"), ("currency", "4em"), ("unit", "7em"), ("tags", "9em")]


class LibraryState(rx.State):
    entries: list[library.EntryView] = []
    query: str = ""
    kind: str = "all"
    error: str = ""
    report_lines: list[str] = []
    imported: int = -1
    photo_entry_id: int = 0  # the entry whose photos are shown, 0: none
    photo_entry_name: str = ""
    entry_photos: list[PhotoView] = []

    async def _search(self, scope) -> None:
        kind = "" if self.kind == "all" else self.kind
        self.entries = await run_service(library.search, scope, self.query, kind)

    @rx.event
    async def load(self):
        scope = await current_scope(self)
        if scope is None:
            return rx.redirect(routes.SIGN_IN)
        self.error, self.report_lines, self.imported = "", [], -1
        await self._search(scope)

    @rx.event
    async def set_query(self, value: str):
        self.query = value
        return LibraryState.load

    @rx.event
    async def set_kind(self, value: str):
        self.kind = value
        return LibraryState.load

    @rx.event
    async def save_field(self, entry_id: int, name: str, value: str):
        scope = await current_scope(self)
        if scope is None:
            return rx.redirect(routes.SIGN_IN)
        entry = next((e for e in self.entries if e.id == entry_id), None)
        if entry is None:
            return
        try:
            entry.version = await run_service(library.update_entry_field, scope, entry_id, name, value, entry.version)
            setattr(entry, name, value)
            self.error = ""
        except EditConflict as conflict:
            self.error = str(conflict)
            await self._search(scope)
        except ServiceError as problem:
            self.error = str(problem)
        self.entries = list(self.entries)

    @rx.event
    async def show_photos(self, entry_id: int):
        scope = await current_scope(self)
        if scope is None:
            return rx.redirect(routes.SIGN_IN)
        entry = next((e for e in self.entries if e.id == entry_id), None)
        if entry is None:
            return
        try:
            self.entry_photos = await run_service(photo_service.photos_of, scope, "library_entry", entry_id)
        except ServiceError as problem:
            self.error = str(problem)
            return
        self.photo_entry_id, self.photo_entry_name = entry_id, entry.name

    @rx.event
    def close_photos(self):
        self.photo_entry_id, self.photo_entry_name, self.entry_photos = 0, "", []

    @rx.event
    async def upload_photo(self, files: list[rx.UploadFile]):
        scope = await current_scope(self)
        if scope is None:
            return rx.redirect(routes.SIGN_IN)
        self.error = await add_uploaded_photos(scope, "library_entry", self.photo_entry_id, files)
        self.entry_photos = await run_service(photo_service.photos_of, scope, "library_entry", self.photo_entry_id)

    @rx.event
    async def remove_photo(self, photo_id: int):
        scope = await current_scope(self)
        if scope is None:
            return rx.redirect(routes.SIGN_IN)
        self.error = await delete_photo(scope, photo_id)
        if self.photo_entry_id:
            self.entry_photos = await run_service(photo_service.photos_of, scope, "library_entry", self.photo_entry_id)

    @rx.event
    async def delete(self, entry_id: int):
        scope = await current_scope(self)
        if scope is None:
            return rx.redirect(routes.SIGN_IN)
        try:
            await run_service(library.delete_entry, scope, entry_id)
        except ServiceError as problem:
            self.error = str(problem)
        await self._search(scope)

    @rx.event
    async def add(self, form: dict):
        scope = await current_scope(self)
        if scope is None:
            return rx.redirect(routes.SIGN_IN)
        try:
            await run_service(library.create_entry, scope, {k: str(v) for k, v in form.items()})
            self.error = ""
        except ServiceError as problem:
            self.error = str(problem)
            return
        await self._search(scope)

    @rx.event
    async def import_file(self, files: list[rx.UploadFile]):
        scope = await current_scope(self)
        if scope is None:
            return rx.redirect(routes.SIGN_IN)
        if not files:
            return
        data = await files[0].read(library.MAX_CSV_BYTES + 1)
        report = await run_service(library.import_csv, scope, data)
        self.imported = report.imported
        self.report_lines = [f"Row {p.row}: {p.message}" if p.row else p.message for p in report.problems]
        await self._search(scope)


def editable_cell(entry: library.EntryView, name: str, width: str) -> rx.Component:
    return rx.table.cell(
        rx.input(
            value=getattr(entry, name),
            on_change=lambda v: LibraryState.save_field(entry.id, name, v),
            debounce_timeout=DEBOUNCE_MS,
            size="1",
            width=width,
        )
    )


def entry_row(entry: library.EntryView) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.badge(entry.kind, variant="soft")),
        rx.table.cell(entry.country),
        *[editable_cell(entry, name, width) for name, width in EDITABLE],
        rx.table.cell(
            rx.hstack(
                rx.icon_button(rx.icon("image"), size="1", variant="ghost", on_click=LibraryState.show_photos(entry.id), aria_label="Photos"),
                rx.icon_button(rx.icon("trash-2"), size="1", variant="ghost", color_scheme="red", on_click=LibraryState.delete(entry.id), aria_label="Remove"),
                spacing="1",
            )
        ),
        class_name="library-row",
    )


def photos_panel() -> rx.Component:
    return rx.cond(
        LibraryState.photo_entry_id != 0,
        rx.card(
            rx.hstack(
                rx.text(tr("Photos of "), rx.text.strong(LibraryState.photo_entry_name), size="2"),
                photo_strip(
                    LibraryState.entry_photos,
                    LibraryState.remove_photo,
                    "entry-photo",
                    LibraryState.upload_photo(rx.upload_files(upload_id="entry-photo")),
                    tr("Add"),
                ),
                rx.spacer(),
                rx.button(tr("Close"), size="1", variant="ghost", on_click=LibraryState.close_photos),
                align="center",
                width="100%",
            ),
            width="100%",
        ),
    )


def add_form() -> rx.Component:
    return rx.form(
        rx.hstack(
            rx.select(list(library.KINDS), name="kind", default_value="activity", size="1"),
            rx.input(name="country", placeholder="JP", width="4em", size="1"),
            rx.input(name="place", placeholder="place", width="9em", size="1"),
            rx.input(name="name", placeholder="name", width="14em", size="1"),
            rx.input(name="supplier", placeholder="supplier", width="9em", size="1"),
            rx.input(name="cost", placeholder="cost", width="6em", size="1"),
            rx.input(name="currency", placeholder="EUR", width="4em", size="1"),
            rx.button(tr("Add"), type="submit", size="1", id="library-add"),
            wrap="wrap",
            spacing="2",
        ),
        on_submit=LibraryState.add,
        reset_on_submit=True,
    )


def library_page() -> rx.Component:
    return page(
        rx.heading(tr("Content library"), size="6"),
        rx.text(
            tr("Your own places, stays, activities and transfers, used by the generator before the starter library."),
            color_scheme="gray",
            size="2",
        ),
        rx.hstack(
            rx.input(placeholder=tr("Search name, place, supplier, tag…"), value=LibraryState.query, on_change=LibraryState.set_query, debounce_timeout=300, width="22em", id="library-search"),
            rx.select(["all", *library.KINDS], value=LibraryState.kind, on_change=LibraryState.set_kind),
            rx.spacer(),
            rx.upload(
                rx.button(tr("Import a CSV file"), variant="soft", type="button"),
                id="library-csv",
                accept={"text/csv": [".csv"], "text/plain": [".txt"]},
                max_files=1,
                no_drag=True,
                border="none",
                padding="0",
                on_drop=LibraryState.import_file(rx.upload_files(upload_id="library-csv")),
            ),
            width="100%",
            align="center",
        ),
        rx.text(
            "CSV columns: " + ", ".join(library.CSV_COLUMNS) + " (kind, country, place and name required).",
            size="1",
            color_scheme="gray",
        ),
        rx.cond(
            LibraryState.imported >= 0,
            rx.callout(
                rx.vstack(
                    rx.text(LibraryState.imported.to_string(), tr(" rows imported.")),
                    rx.foreach(LibraryState.report_lines, lambda line: rx.text(line, size="2")),
                ),
                color_scheme=rx.cond(LibraryState.report_lines.length() > 0, "amber", "green"),
                id="import-report",
                width="100%",
            ),
        ),
        error_callout(LibraryState.error),
        photos_panel(),
        add_form(),
        rx.table.root(
            rx.table.header(
                rx.table.row(*[rx.table.column_header_cell(tr(h)) for h in ("Kind", "Country", "Place", "Name", "Supplier", "Cost", "Cur.", "Unit", "Tags", "")])
            ),
            rx.table.body(rx.foreach(LibraryState.entries, entry_row)),
            size="1",
            width="100%",
        ),
        wide=True,
    )
