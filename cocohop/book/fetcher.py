"""A URL fetcher for WeasyPrint that can only read our own assets.

The travel book is rendered from HTML that carries designers' and generators' text.
With WeasyPrint's default fetcher such HTML can make the renderer read any local file
(``<img src="file:///etc/passwd">``, ``../`` paths, ``<link rel="attachment">`` which
embeds the file in the PDF) or call any URL, loopback included. This fetcher serves
``data:`` URIs and regular files that resolve, symlinks followed, inside the allowed
roots; every other URL raises, and WeasyPrint then logs a warning and draws nothing.
"""

from __future__ import annotations

import mimetypes
import os
from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint import URLFetcher
from weasyprint.urls import URLFetcherResponse, path2url

from cocohop.book.fonts import FONTSOURCE_DIR
from cocohop.book.photos import DEFAULT_PHOTO_DIR

_PACKAGE_DIR = Path(__file__).resolve().parent

#: The app's assets folder (logos), this package's own static files, the fonts the app
#: ships (npm @fontsource, in .tools) and the prepared (print-size) photos.
DEFAULT_ALLOWED_ROOTS: tuple[Path, ...] = (
    _PACKAGE_DIR.parents[1] / "assets",
    _PACKAGE_DIR / "static",
    FONTSOURCE_DIR,
    DEFAULT_PHOTO_DIR,
)


class FetchRefused(ValueError):
    """The URL is outside what the travel book may read.

    A ValueError, not a FatalURLFetchingError: one bad image in a user's text must
    not stop the whole book, it is simply left out.
    """


class SafeURLFetcher(URLFetcher):
    def __init__(self, allowed_roots: tuple[str | Path, ...] | None = None, **kwargs):
        # No redirects and only data/file reach the parent class at all; the checks
        # below are what actually decides.
        kwargs.setdefault("allow_redirects", False)
        kwargs.setdefault("allowed_protocols", ("data",))
        super().__init__(**kwargs)
        roots = DEFAULT_ALLOWED_ROOTS if allowed_roots is None else allowed_roots
        self.allowed_roots = tuple(Path(os.path.realpath(root)) for root in roots)

    @property
    def base_url(self) -> str:
        """The first root, as a directory URL, so relative URLs resolve inside it."""
        return path2url(str(self.allowed_roots[0]) + os.sep)

    def fetch(self, url: str, headers=None) -> URLFetcherResponse:
        scheme = url.split(":", 1)[0].lower() if ":" in url else ""
        if scheme == "data":
            # urllib's DataHandler decodes it; nothing is read from disk or network.
            return super().fetch(url, headers)
        if scheme == "file":
            return self._fetch_file(url)
        raise FetchRefused(f"URL not allowed in the travel book: {url[:200]}")

    def resolve_allowed_file(self, url: str) -> Path:
        """The real path of a file:// URL if it lies inside an allowed root, else raise."""
        parts = urlsplit(url)
        # file://localhost/... and file://host/... name another (or the same) machine
        # in ways we do not need; only the plain file:///path form is accepted.
        if parts.netloc:
            raise FetchRefused(f"file URL with a host: {url[:200]}")
        real = Path(os.path.realpath(unquote(parts.path)))
        if not any(real.is_relative_to(root) for root in self.allowed_roots):
            raise FetchRefused(f"file outside the allowed folders: {url[:200]}")
        if not real.is_file():
            raise FetchRefused(f"not a regular file: {url[:200]}")
        return real

    def _fetch_file(self, url: str) -> URLFetcherResponse:
        real = self.resolve_allowed_file(url)
        # Read the checked real path, not the URL again: what was checked is what is
        # read (short of someone rewriting the assets folder in between).
        body = real.read_bytes()
        mime_type = mimetypes.guess_type(real.name)[0] or "application/octet-stream"
        return URLFetcherResponse(path2url(str(real)), body, {"Content-Type": mime_type})
