"""Plain HTTP routes beside Reflex's event socket: files a browser fetches by URL."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from cocohop.db.engine import unit_of_work
from cocohop.services import books
from cocohop.services.errors import NotFound
from cocohop.ui.base import current_agency_id


def _render(trip_id: int) -> tuple[bytes, str]:
    agency_id = current_agency_id()
    with unit_of_work() as session:
        return books.render_trip_book(session, agency_id, trip_id)


async def trip_book_pdf(request: Request) -> Response:
    try:
        trip_id = int(request.path_params["trip_id"])
        pdf, filename = await run_in_threadpool(_render, trip_id)
    except (ValueError, NotFound):
        return JSONResponse({"error": "trip not found"}, status_code=404)
    disposition = "attachment" if request.query_params.get("download") else "inline"
    return Response(
        pdf,
        media_type="application/pdf",
        headers={
            "Content-Disposition": f'{disposition}; filename="{filename}"',
            "Cache-Control": "no-store",
        },
    )


api = Starlette(routes=[Route("/api/trips/{trip_id}/book.pdf", trip_book_pdf)])
