"""Page routes and URL builders, in one place."""

TRIPS = "/"
NEW_TRIP = "/trips/new"
TRIP_EDITOR = "/trips/[trip_id]"


def trip_editor(trip_id: int | str) -> str:
    return f"/trips/{trip_id}"


def book_pdf(trip_id: int | str) -> str:
    return f"/api/trips/{trip_id}/book.pdf"
