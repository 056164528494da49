"""Errors the services raise; the UI and the CLI turn each into one clear message."""


class ServiceError(Exception):
    """Base of the errors a person can read as they are."""


class NotFound(ServiceError):
    def __init__(self, what: str = "trip"):
        super().__init__(f"{what} not found")
        self.what = what


class EditConflict(ServiceError):
    """The row changed since this tab loaded it (another tab or person saved first)."""

    def __init__(self, what: str = "this part of the trip"):
        super().__init__(
            f"{what} was changed in another tab or by another person; "
            "the latest version is now shown and your text was kept aside"
        )


class InvalidEdit(ServiceError):
    pass
