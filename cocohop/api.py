"""Plain HTTP routes beside Reflex's event socket: files a browser fetches by URL.
Each resolves the signed-in scope from the session cookie, like every page event;
anything of another agency, or without a session, is "not found"."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from cocohop.db.engine import unit_of_work
from cocohop.services import agencies, auth, books, photos
from cocohop.services.errors import NotFound
from cocohop.ui.base import SESSION_COOKIE

NOT_FOUND = JSONResponse({"error": "not found"}, status_code=404)


def _scope(session, request: Request) -> auth.Scope:
    scope = auth.resolve_session(session, request.cookies.get(SESSION_COOKIE, ""))
    if scope is None:
        raise NotFound("page")
    return scope


def _render_book(request: Request, trip_id: int) -> tuple[bytes, str]:
    with unit_of_work() as session:
        inputs = books.book_inputs(session, _scope(session, request), trip_id)
    # Rendered after the transaction ends: no connection waits on the layout.
    return books.render(inputs), inputs.filename


async def trip_book_pdf(request: Request) -> Response:
    raw_id = request.path_params["trip_id"]
    if not raw_id.isdigit():
        return NOT_FOUND
    try:
        pdf, filename = await run_in_threadpool(_render_book, request, int(raw_id))
    except NotFound:
        return NOT_FOUND
    disposition = "attachment" if request.query_params.get("download") else "inline"
    return Response(
        pdf,
        media_type="application/pdf",
        headers={
            "Content-Disposition": f'{disposition}; filename="{filename}"',
            "Cache-Control": "private, no-store",
            "X-Content-Type-Options": "nosniff",
        },
    )


def _logo(request: Request):
    with unit_of_work() as session:
        return agencies.logo(session, _scope(session, request))


async def agency_logo(request: Request) -> Response:
    try:
        found = await run_in_threadpool(_logo, request)
    except NotFound:
        return NOT_FOUND
    if found is None:
        return NOT_FOUND
    data, mime = found
    headers = {"Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff"}
    if mime == "image/svg+xml":
        # An SVG opened on its own must not run anything in our origin.
        headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; sandbox"
    return Response(data, media_type=mime, headers=headers)


def _thumbnail(request: Request, photo_id: int):
    with unit_of_work() as session:
        return photos.thumbnail(session, _scope(session, request), photo_id)


async def photo_thumbnail(request: Request) -> Response:
    raw_id = request.path_params["photo_id"]
    if not raw_id.isdigit():
        return NOT_FOUND
    try:
        path = await run_in_threadpool(_thumbnail, request, int(raw_id))
    except NotFound:
        return NOT_FOUND
    return Response(
        path.read_bytes(),
        media_type="image/jpeg",
        headers={"Cache-Control": "private, max-age=3600", "X-Content-Type-Options": "nosniff"},
    )


ROUTES = [
    Route("/api/trips/{trip_id}/book.pdf", trip_book_pdf),
    Route("/api/agency/logo", agency_logo),
    Route("/api/photos/{photo_id}", photo_thumbnail),
]
api = Starlette(routes=ROUTES)
