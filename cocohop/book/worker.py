"""WeasyPrint's side of the renderer: one chunk of HTML in, PDF bytes and layout facts out.

Runs in the renderer's worker processes (or in the calling process when there are none).
Each process keeps, per (fonts, allowed roots), the parsed stylesheets and the font
configuration that loaded the agency's fonts: fonts are fetched and decoded once per
process, not once per render.

Everything WeasyPrint reads goes through :class:`SafeURLFetcher`, stylesheets included.
"""

from __future__ import annotations

import atexit
import functools
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

_HERE = Path(__file__).resolve().parent
CSS_PX_TO_PT = 0.75  # WeasyPrint lays out in CSS px; PDF user space is in points


@dataclass(frozen=True)
class ChunkJob:
    name: str  # "cover", "toc", "day-3", ...
    html: str
    fonts: tuple[str, str]  # heading, body
    roots: tuple[str, ...]  # allowed roots of the fetcher


@dataclass
class ChunkResult:
    name: str
    pdf: bytes
    page_count: int
    # anchor name -> (page index in the chunk, (x1, y1, x2, y2) in PDF points, origin
    # bottom-left as PDF annotations want it)
    anchors: dict[str, tuple[int, tuple[float, float, float, float]]] = field(default_factory=dict)
    seconds: float = 0.0


_lock = threading.Lock()


@functools.lru_cache(maxsize=8)
def _styles(fonts: tuple[str, str], roots: tuple[str, ...]):
    """(fetcher, stylesheets, font configuration) for one set of fonts and roots."""
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    from cocohop.book.fetcher import SafeURLFetcher
    from cocohop.book.fonts import font_face_css

    fetcher = SafeURLFetcher(tuple(Path(r) for r in roots))
    font_config = FontConfiguration()
    stylesheets = [
        CSS(string=(_HERE / "book.css").read_text(encoding="utf-8"), base_url=fetcher.base_url,
            url_fetcher=fetcher, font_config=font_config),
    ]
    faces = font_face_css(*fonts)
    if faces:
        stylesheets.append(CSS(string=faces, base_url=fetcher.base_url, url_fetcher=fetcher, font_config=font_config))
    return fetcher, stylesheets, font_config


# Drop the font configurations before the interpreter tears modules down: their
# destructor removes a temporary folder and would fail noisily that late.
atexit.register(_styles.cache_clear)


def render_html(html: str, fonts: tuple[str, str], roots: tuple[str, ...], fetcher=None):
    """Lay out ``html``: a WeasyPrint Document (pages, anchors) ready to write."""
    from weasyprint import HTML

    with _lock:  # the style cache is per process; WeasyPrint itself is called outside the lock
        default_fetcher, stylesheets, font_config = _styles(fonts, roots)
    fetcher = fetcher or default_fetcher
    document = HTML(string=html, base_url=fetcher.base_url, url_fetcher=fetcher)
    return document.render(stylesheets=stylesheets, font_config=font_config)


def render_chunk(job: ChunkJob) -> ChunkResult:
    started = time.perf_counter()
    document = render_html(job.html, job.fonts, job.roots)
    anchors: dict[str, tuple[int, tuple[float, float, float, float]]] = {}
    for index, page in enumerate(document.pages):
        height_pt = page.height * CSS_PX_TO_PT
        for name, (x1, y1, x2, y2) in page.anchors.items():
            anchors.setdefault(name, (index, (
                x1 * CSS_PX_TO_PT, height_pt - y2 * CSS_PX_TO_PT,
                x2 * CSS_PX_TO_PT, height_pt - y1 * CSS_PX_TO_PT,
            )))
    pdf = document.write_pdf()
    return ChunkResult(job.name, pdf, len(document.pages), anchors, time.perf_counter() - started)


def warm(fonts: tuple[str, str], roots: tuple[str, ...]) -> float:
    """Import WeasyPrint, load the fonts and lay out a small page: the first real render
    then costs what every later one does."""
    started = time.perf_counter()
    # The book's own elements and every Latin-1 letter in each face: Pango and HarfBuzz
    # fill their caches here, not during a designer's first preview.
    letters = "".join(chr(c) for c in range(0x20, 0x7F)) + "".join(chr(c) for c in range(0xA0, 0x180))
    row = (
        '<tr class="item"><td class="when">09:30–11:00<span class="length">1 h 30</span></td>'
        f'<td class="what"><span class="kind">Activité</span><span class="name">{letters}</span>'
        f'<span class="item-place">{letters}</span><span class="desc">{letters}</span></td></tr>'
    )
    html = (
        '<!DOCTYPE html><html><body><div class="running-title">Titre</div>'
        f'<div class="running-footer">Pied</div><section class="day"><p class="eyebrow">{letters}</p>'
        f'<h1>{letters}</h1><p class="place">{letters}</p><p class="text">{letters * 3}</p>'
        f'<h2>{letters}</h2><table class="items"><colgroup><col class="c-when"><col class="c-what"></colgroup>'
        f"{row * 3}</table></section></body></html>"
    )
    render_html(html, fonts, roots).write_pdf()
    return time.perf_counter() - started


def init_worker(fonts: tuple[str, str], roots: tuple[str, ...]) -> None:
    """Process-pool initializer."""
    try:
        warm(fonts, roots)
    except Exception:  # a warm-up failure must not kill the worker: the render will say why
        pass
