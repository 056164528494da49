"""The travel book (carnet de voyage): a Trip rendered to a branded A4 PDF, fast.

``render_book(trip, branding, ...)`` is the public function (the app, the API route and
the CLI call it). A warm module-level :class:`BookRenderer` serves it:

- the book is cut into chunks (cover, overview, one per day, practical information, back
  matter) and each chunk is rendered on its own by WeasyPrint, in a small pool of worker
  processes kept warm (fonts loaded, imports done), so a 2-core machine renders two at once;
- each chunk's PDF is cached by the hash of its HTML (and of the stylesheet and fonts), so
  after an edit only the changed day is laid out again;
- the contents are rendered with the page numbers written in from the chunks' page counts
  (ahead, in parallel with the chunks, when the previous render of the same chunks gives
  them; after the chunks otherwise, and again whenever a count turns out different); the
  chunks are merged with pikepdf, "Page i / N" is stamped on every page but the cover, the
  contents' links and the bookmarks are added (see assemble.py).

Measured on the 2-core machine (bench/book.py, 55 pages, 16 photos): a full render takes
~1.2 s (one WeasyPrint document in one process: ~2.1 s), a refresh after a day's edit
~0.15 s.

Caching assumes that what a chunk's HTML names does not change behind its name: photos are
content-addressed (photos.py), fonts come from pinned packages, the map is inline. A logo
given by ``Branding.logo_path`` is cached by its path: give a changed logo a new path, or
pass it as ``Branding.logo_data``.

``book_html`` gives the same book as one HTML document (page numbers by CSS counters) and
``html_to_pdf`` renders such HTML in process: for inspection and tests.

Everything WeasyPrint reads goes through ``SafeURLFetcher``: user text can neither read
local files nor reach the network, even if markup were to slip through the (autoescaped)
template.
"""

from __future__ import annotations

import atexit
import concurrent.futures
import hashlib
import logging
import math
import multiprocessing
import os
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from cocohop.book import assemble, worker
from cocohop.book.branding import Branding, LegalMentions
from cocohop.book.extras import DocumentEntry, QuoteLine, QuoteSummary
from cocohop.book.fetcher import DEFAULT_ALLOWED_ROOTS
from cocohop.book.photos import DEFAULT_PHOTO_DIR
from cocohop.book.view import KIND_LABELS, LABELS, BookView, build_view
from cocohop.domain.itinerary import Trip

__all__ = [
    "Branding", "LegalMentions", "QuoteSummary", "QuoteLine", "DocumentEntry", "BookRenderer",
    "RenderStats", "render_book", "book_html", "html_to_pdf", "default_renderer", "LABELS", "KIND_LABELS",
]

log = logging.getLogger(__name__)
_HERE = Path(__file__).resolve().parent
# Part of every cache key: bump when the template, the CSS or the chunking change in a way
# the hashed HTML would not show. The CSS file's own content is hashed anyway.
RENDER_VERSION = "book-3"

# ``select_autoescape()`` alone would not escape "book.html.j2": list the extension,
# and escape anything else by default too.
_env = Environment(
    loader=FileSystemLoader(_HERE / "templates"),
    autoescape=select_autoescape(enabled_extensions=("html.j2", "html", "htm", "xml"), default=True),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


def _template():
    return _env.get_template("book.html.j2")


def _html(view: BookView, sections: Sequence[str], *, running: bool, single: bool = False,
          toc_entries: list[dict] | None = None, numbered: bool = False) -> str:
    return _template().render(
        view=view, common=view.common, labels=view.labels, sections=list(sections),
        running=running, single=single, toc_entries=toc_entries or view.toc, numbered=numbered,
    )


def book_html(trip: Trip, branding: Branding | None = None, *, quote: QuoteSummary | None = None,
              documents: Sequence[DocumentEntry] | None = None, photo_dir: str | Path = DEFAULT_PHOTO_DIR) -> str:
    """The whole book as one HTML document (contents numbered by CSS target-counter)."""
    view = build_view(trip, branding, quote=quote, documents=documents, photo_dir=photo_dir)
    return _html(view, ["cover", "toc", *_body_sections(view)], running=True, single=True)


def _body_sections(view: BookView) -> list[str]:
    sections = ["overview"] if view.overview else []
    sections += [day["anchor"] for day in view.days]
    sections += ["practical", "back"]
    return sections


def _roots(photo_dir: str | Path) -> tuple[str, ...]:
    roots = [str(r) for r in DEFAULT_ALLOWED_ROOTS]
    photo = str(Path(photo_dir))
    if photo not in roots:
        roots.append(photo)
    return tuple(roots)


def html_to_pdf(html: str, fetcher=None, *, fonts: tuple[str, str] | None = None,
                photo_dir: str | Path = DEFAULT_PHOTO_DIR) -> bytes:
    """Render book HTML to PDF in this process; every URL goes through the safe fetcher.

    ``fetcher`` (a SafeURLFetcher) serves the HTML's own URLs; the stylesheets and fonts
    were loaded once through a default one over the same roots.
    """
    branding = Branding()
    fonts = fonts or (branding.heading_font, branding.body_font)
    return worker.render_html(html, fonts, _roots(photo_dir), fetcher=fetcher).write_pdf()


# ---------------------------------------------------------------------------------------------
# The renderer


@dataclass
class RenderStats:
    pages: int = 0
    chunks: int = 0
    rendered: list[str] = field(default_factory=list)  # chunks laid out this time
    seconds_view: float = 0.0  # formatting, map, practical facts, HTML
    seconds_chunks: float = 0.0  # wall time of the (parallel) chunk renders
    seconds_toc: float = 0.0
    seconds_merge: float = 0.0
    seconds_total: float = 0.0


@dataclass
class _Cached:
    result: worker.ChunkResult
    size: int


class BookRenderer:
    """Renders travel books, caching each chunk's PDF by the hash of what produced it.

    ``workers``: processes rendering chunks in parallel (default: one per core, at most 4;
    0 renders in the calling process). Safe to call from several threads.
    """

    def __init__(
        self,
        workers: int | None = None,
        *,
        photo_dir: str | Path = DEFAULT_PHOTO_DIR,
        cache_bytes: int = 128 * 1024 * 1024,
    ):
        if workers is None:
            workers = min(os.cpu_count() or 1, 4)
        self.workers = max(0, workers)
        self.photo_dir = Path(photo_dir)
        self.roots = _roots(photo_dir)
        self.cache_bytes = cache_bytes
        self._cache: OrderedDict[str, _Cached] = OrderedDict()
        self._cache_size = 0
        self._lock = threading.Lock()
        self._pool: concurrent.futures.ProcessPoolExecutor | None = None
        self._pool_lock = threading.Lock()
        self._toc_pages: dict[int, int] = {}  # contents page count seen per number of entries
        self._last_layouts: dict[str, _Layout] = {}  # the previous book's chunk lengths
        self._css_hash = hashlib.sha256((_HERE / "book.css").read_bytes()).hexdigest()[:16]
        self.last_stats = RenderStats()

    # -- pool -------------------------------------------------------------------------------

    def _executor(self) -> concurrent.futures.ProcessPoolExecutor | None:
        if self.workers == 0:
            return None
        with self._pool_lock:
            if self._pool is None:
                default = Branding()
                # spawn, not fork: the app's process has threads (web server, Reflex).
                self._pool = concurrent.futures.ProcessPoolExecutor(
                    max_workers=self.workers,
                    mp_context=multiprocessing.get_context("spawn"),
                    initializer=worker.init_worker,
                    initargs=((default.heading_font, default.body_font), self.roots),
                )
            return self._pool

    def warm_up(self, branding: Branding | None = None, countries: Sequence[str] = ()) -> None:
        """Start the workers and load the slow tables now rather than at the first book.

        ``countries``: destinations whose outlines and holiday calendars to load too (the
        content library's, say): ~0.1 s each, once per process.
        """
        from datetime import date

        from cocohop.book import practical, route_map

        branding = branding or Branding()
        fonts = (branding.heading_font, branding.body_font)
        pool = self._executor()
        if pool is not None:
            # One warm task per worker; each sleeps a little so that no worker takes two.
            futures = [pool.submit(_warm_task, fonts, self.roots) for _ in range(self.workers)]
        practical.warm_up()
        for country in countries:
            route_map.country_shapes(country)
            practical.holidays_during(country, date.today(), date.today(), "fr")
            practical.emergency_numbers(country)
        if pool is not None:
            concurrent.futures.wait(futures)
        else:
            worker.warm(fonts, self.roots)

    def worker_pids(self) -> list[int]:
        pool = self._pool
        return list(pool._processes) if pool is not None and pool._processes else []

    def close(self) -> None:
        with self._pool_lock:
            if self._pool is not None:
                self._pool.shutdown(wait=True, cancel_futures=True)
                self._pool = None

    def clear_cache(self) -> None:
        with self._lock:
            self._cache.clear()
            self._cache_size = 0

    # -- cache ------------------------------------------------------------------------------

    def _key(self, job: worker.ChunkJob) -> str:
        digest = hashlib.sha256()
        for part in (RENDER_VERSION, self._css_hash, "|".join(job.fonts), "|".join(job.roots), job.name, job.html):
            digest.update(part.encode("utf-8"))
            digest.update(b"\0")
        return digest.hexdigest()

    def _get(self, key: str) -> worker.ChunkResult | None:
        with self._lock:
            cached = self._cache.get(key)
            if cached is None:
                return None
            self._cache.move_to_end(key)
            return cached.result

    def _put(self, key: str, result: worker.ChunkResult) -> None:
        size = len(result.pdf) + 1024
        with self._lock:
            if key in self._cache:
                return
            self._cache[key] = _Cached(result, size)
            self._cache_size += size
            while self._cache_size > self.cache_bytes and len(self._cache) > 1:
                _, old = self._cache.popitem(last=False)
                self._cache_size -= old.size

    def _render_jobs(
        self,
        jobs: list[worker.ChunkJob],
        stats: RenderStats,
        use_cache: bool = True,
    ) -> dict[str, worker.ChunkResult]:
        """Results for ``jobs`` by name: cached ones at once, the others rendered."""
        results: dict[str, worker.ChunkResult] = {}
        missing: list[tuple[str, worker.ChunkJob]] = []
        for job in jobs:
            key = self._key(job)
            cached = self._get(key) if use_cache else None
            if cached is not None:
                results[job.name] = cached
            else:
                missing.append((key, job))

        def done(key: str, result: worker.ChunkResult) -> None:
            self._put(key, result)
            results[result.name] = result
            stats.rendered.append(result.name)

        if not missing:
            return results
        # Longest first (HTML length is a fair proxy), so that the workers finish together.
        missing.sort(key=lambda pair: len(pair[1].html), reverse=True)
        pool = self._executor()
        if pool is None:
            for key, job in missing:
                done(key, worker.render_chunk(job))
            return results
        try:
            futures = [(key, pool.submit(worker.render_chunk, job)) for key, job in missing]
            for key, future in futures:
                done(key, future.result())
        except concurrent.futures.process.BrokenProcessPool:
            # A worker died (out of memory, killed): start afresh next time, and finish
            # this book here rather than fail the designer's preview.
            log.warning("book worker pool broken; rendering in process")
            with self._pool_lock:
                self._pool = None
            for key, job in missing:
                if job.name not in results:
                    done(key, worker.render_chunk(job))
        return results

    # -- the book ---------------------------------------------------------------------------

    def render(
        self,
        trip: Trip,
        branding: Branding | None = None,
        *,
        quote: QuoteSummary | None = None,
        documents: Sequence[DocumentEntry] | None = None,
        use_cache: bool = True,
    ) -> bytes:
        """The book as PDF bytes. ``use_cache=False`` lays every chunk out again (the
        results still refresh the cache): a full render, for benchmarks and checks."""
        started = time.perf_counter()
        stats = RenderStats()
        branding = branding or Branding()
        view = build_view(trip, branding, quote=quote, documents=documents, photo_dir=self.photo_dir)
        fonts = view.fonts

        def job(name: str, html: str) -> worker.ChunkJob:
            return worker.ChunkJob(name, html, fonts, self.roots)

        body_names = _body_sections(view)
        jobs = [job("cover", _html(view, ["cover"], running=False))]
        jobs += [job(name, _html(view, [name], running=True)) for name in body_names]
        stats.seconds_view = time.perf_counter() - started

        entries = view.toc
        toc_pages = self._toc_pages.get(len(entries), max(1, math.ceil(len(entries) / 24)))

        def toc_job_for(layouts: dict[str, _Layout], toc_length: int) -> tuple[worker.ChunkJob, list[dict]]:
            numbered = _number_entries(entries, body_names, layouts, toc_length)
            html = _html(view, ["toc"], running=True, toc_entries=numbered, numbered=True)
            return job("toc", html), numbered

        # The contents need every chunk's page count, so they come last. But when the
        # previous book had the same chunks (this trip again: a title or branding edit lays
        # every chunk out again, rarely changing a length), the contents numbered from
        # those lengths are rendered alongside the chunks, in parallel. Checked below: if a
        # length differs, they are rendered again with the right numbers.
        ahead = None
        if all(name in self._last_layouts for name in ["cover", *body_names]):
            ahead, _ = toc_job_for(self._last_layouts, toc_pages)

        t = time.perf_counter()
        results = self._render_jobs(jobs + ([ahead] if ahead else []), stats, use_cache)
        results.pop("toc", None)  # rendered ahead: used below only if its numbers are right
        stats.seconds_chunks = time.perf_counter() - t

        # Where each chunk starts, given the contents' own length.
        t = time.perf_counter()
        layouts = {name: _layout_of(result) for name, result in results.items()}
        for _attempt in range(3):
            toc_job, numbered = toc_job_for(layouts, toc_pages)
            right_guess = ahead is not None and self._key(ahead) == self._key(toc_job)
            toc = self._render_jobs([toc_job], stats, use_cache or right_guess)["toc"]
            if toc.page_count == toc_pages:
                break
            toc_pages = toc.page_count  # the guess was wrong: number again with the real length
        self._toc_pages[len(entries)] = toc.page_count
        self._last_layouts = layouts
        stats.seconds_toc = time.perf_counter() - t

        t = time.perf_counter()
        order = ["cover", "toc", *body_names]
        chunk_results = [results[name] if name != "toc" else toc for name in order]
        toc_first = results["cover"].page_count  # 0-based index of the contents' first page
        links = []
        for entry in numbered:
            anchor = toc.anchors.get(f"toc-{entry['anchor']}")
            if anchor is None or not entry["page"]:
                continue
            chunk, _ = _locate(entry["anchor"], body_names, layouts)
            target_top = results[chunk].anchors[entry["anchor"]][1][3] if chunk else None
            links.append(assemble.TocLink(toc_first + anchor[0], anchor[1], entry["page"] - 1, target_top))
        day_word = view.labels["day"]
        bookmarks = [
            assemble.Bookmark(f"{day_word} {e['number']} · {e['title']}" if e["number"] else e["title"], e["page"] - 1)
            for e in numbered if e["page"]
        ]
        pdf = assemble.merge(
            [r.pdf for r in chunk_results],
            page_label=view.labels["page"],
            first_numbered_page=results["cover"].page_count + 1,
            links=links,
            bookmarks=bookmarks,
            title=trip.title,
            author=branding.agency_name,
            lang=view.lang,
        )
        stats.seconds_merge = time.perf_counter() - t
        stats.pages = sum(r.page_count for r in chunk_results)
        stats.chunks = len(chunk_results)
        stats.seconds_total = time.perf_counter() - started
        self.last_stats = stats
        return pdf


# A chunk's length and where its anchors fall: (page count, {anchor: page index in it}).
_Layout = tuple[int, dict[str, int]]


def _layout_of(result: worker.ChunkResult) -> _Layout:
    return result.page_count, {name: index for name, (index, _rect) in result.anchors.items()}


def _locate(anchor: str, names: list[str], layouts: dict[str, _Layout]) -> tuple[str | None, int]:
    """(chunk, page index in it) holding ``anchor``; a section's anchor is its chunk's name."""
    candidates = [anchor] if anchor in layouts and anchor in names else names
    for name in candidates:
        index = layouts[name][1].get(anchor)
        if index is not None:
            return name, index
    return None, 0


def _number_entries(entries: list[dict], body_names: list[str], layouts: dict[str, _Layout], toc_pages: int) -> list[dict]:
    """The contents' entries with the page each one starts on, the contents being
    ``toc_pages`` long."""
    start_of: dict[str, int] = {}
    page = 1 + layouts["cover"][0] + toc_pages  # 1-based page of the first body chunk
    for name in body_names:
        start_of[name] = page
        page += layouts[name][0]
    numbered = []
    for entry in entries:
        chunk, index = _locate(entry["anchor"], body_names, layouts)
        numbered.append({**entry, "page": start_of[chunk] + index if chunk else ""})
    return numbered


def _warm_task(fonts: tuple[str, str], roots: tuple[str, ...]) -> float:
    seconds = worker.warm(fonts, roots)
    time.sleep(0.2)  # keep this worker busy so that the next warm task goes to another
    return seconds


_default_renderer: BookRenderer | None = None
_default_lock = threading.Lock()


def default_renderer() -> BookRenderer:
    """The process's warm renderer (started on first use; closed at exit)."""
    global _default_renderer
    with _default_lock:
        if _default_renderer is None:
            _default_renderer = BookRenderer()
            atexit.register(_default_renderer.close)
        return _default_renderer


def render_book(
    trip: Trip,
    branding: Branding | None = None,
    *,
    quote: QuoteSummary | None = None,
    documents: Sequence[DocumentEntry] | None = None,
    renderer: BookRenderer | None = None,
) -> bytes:
    """The trip's travel book as PDF bytes."""
    return (renderer or default_renderer()).render(trip, branding, quote=quote, documents=documents)

