"""Page routes and URL builders, in one place."""

TRIPS = "/"
NEW_TRIP = "/trips/new"
# Reflex makes a dynamic route segment a var of the root state: a name no page state uses.
TRIP_EDITOR = "/trips/[trip_ref]"
SIGN_IN = "/sign-in"
SIGN_UP = "/sign-up"
FORGOT = "/forgot"
INVITE = "/invite/[invite_token]"
RESET = "/reset/[reset_token]"
LIBRARY = "/library"
TEAM = "/team"
PROFILE = "/profile"
BRANDING = "/branding"
FOUNDERS = "/founders"
# Pages anyone may open; every other page needs a signed-in designer.
PUBLIC = {SIGN_IN, SIGN_UP, FORGOT, INVITE, RESET}


def trip_editor(trip_id: int | str) -> str:
    return f"/trips/{trip_id}"


def last_segment(path: str, prefix: str) -> str:
    """The segment after ``prefix`` in a path such as "/trips/12/" (or "")."""
    parts = [part for part in path.split("/") if part]
    return parts[1] if len(parts) == 2 and parts[0] == prefix else ""


def trip_id_from_path(path: str) -> str:
    return last_segment(path, "trips")


def book_pdf(trip_id: int | str) -> str:
    return f"/api/trips/{trip_id}/book.pdf"


def agency_logo() -> str:
    return "/api/agency/logo"


def photo(photo_id: int | str) -> str:
    return f"/api/photos/{photo_id}"
