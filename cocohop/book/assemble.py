"""Merge the book's chunk PDFs into one, write the page numbers in, add links and bookmarks.

Chunks are rendered apart (and cached), so none of them knows the page it starts on or the
book's page count. Here, once all are known:

- the chunks' pages are appended in order (pikepdf, i.e. qpdf: ~25 ms for 55 pages where
  pypdf took ~110 ms);
- an image that several chunks embed (the same photo on two days) is kept once;
- "Page i / N" is written at the bottom right of every page but the cover, as a small
  content stream in Helvetica (a standard PDF font: nothing to embed; Liberation Sans, with
  the same metrics, stands in for it on screen). The page's own content is wrapped in q/Q
  first so that its graphics state cannot move the stamp;
- the contents' entries become links to the pages they name, and the bookmarks (outline)
  list the same entries: WeasyPrint could do neither, the targets being in other chunks.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass

import pikepdf
from pikepdf import Array, Dictionary, Name, OutlineItem

MM = 72 / 25.4
STAMP_FONT_SIZE = 7.5
STAMP_RIGHT = 18 * MM  # the page's right margin
STAMP_BASELINE = 10.3 * MM  # level with the running footer on the left
STAMP_GREY = "0.42 0.42 0.42"  # --muted, #6b6b6b

# Helvetica advance widths (1/1000 em) for the characters a stamp uses.
_HELVETICA_WIDTHS = {**{d: 556 for d in "0123456789"}, " ": 278, "/": 278, "P": 667, "a": 556, "g": 556, "e": 556}


@dataclass(frozen=True)
class TocLink:
    page_index: int  # page of the book holding the entry (0-based)
    rect: tuple[float, float, float, float]  # PDF points, origin bottom-left
    target_page_index: int
    target_top: float | None = None  # y of the target on its page, PDF points


@dataclass(frozen=True)
class Bookmark:
    title: str
    page_index: int


def _text_width(text: str, size: float) -> float:
    return sum(_HELVETICA_WIDTHS.get(c, 556) for c in text) * size / 1000


def _dedupe_images(pdf: pikepdf.Pdf) -> None:
    """Point every page at one copy of each distinct image (same bytes, same dictionary)."""
    seen: dict[bytes, pikepdf.Object] = {}
    for page in pdf.pages:
        resources = page.obj.get("/Resources")
        xobjects = resources.get("/XObject") if resources is not None else None
        if xobjects is None:
            continue
        for name in list(xobjects.keys()):
            xobject = xobjects[name]
            if xobject.get("/Subtype") != Name.Image:
                continue
            digest = hashlib.sha256(xobject.read_raw_bytes())
            for key in sorted(k for k in xobject.keys() if k != "/Length"):
                digest.update(key.encode() + repr(xobject[key]).encode())
            key = digest.digest()
            first = seen.setdefault(key, xobject)
            if first.objgen != xobject.objgen:
                xobjects[name] = first


def merge(
    chunks: list[bytes],
    *,
    page_label: str = "Page",
    first_numbered_page: int = 2,
    links: list[TocLink] = (),
    bookmarks: list[Bookmark] = (),
    title: str = "",
    author: str = "",
    lang: str = "",
) -> bytes:
    pdf = pikepdf.new()
    sources = [pikepdf.open(io.BytesIO(chunk)) for chunk in chunks]
    try:
        for source in sources:
            pdf.pages.extend(source.pages)
        _dedupe_images(pdf)

        total = len(pdf.pages)
        font = pdf.make_indirect(Dictionary(
            Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica, Encoding=Name.WinAnsiEncoding,
        ))
        save_state = pdf.make_stream(b"q\n")
        for number, page in enumerate(pdf.pages, start=1):
            if number < first_numbered_page:
                continue
            text = f"{page_label} {number} / {total}"
            width = float(page.mediabox[2]) - float(page.mediabox[0])
            x = width - STAMP_RIGHT - _text_width(text, STAMP_FONT_SIZE)
            stamp = (
                f"Q\nq {STAMP_GREY} rg BT /CocohopPage {STAMP_FONT_SIZE} Tf "
                f"{x:.2f} {STAMP_BASELINE:.2f} Td ({text}) Tj ET Q\n"
            ).encode("ascii")
            page.contents_add(save_state, prepend=True)
            page.contents_add(pdf.make_stream(stamp), prepend=False)
            resources = page.obj.get("/Resources")
            if resources is None:
                page.obj.Resources = resources = Dictionary()
            if "/Font" not in resources:
                resources.Font = Dictionary()
            resources.Font.CocohopPage = font

        for link in links:
            if not (0 <= link.page_index < total and 0 <= link.target_page_index < total):
                continue
            target = pdf.pages[link.target_page_index]
            top = link.target_top if link.target_top is not None else float(target.mediabox[3])
            annotation = pdf.make_indirect(Dictionary(
                Type=Name.Annot, Subtype=Name.Link, Rect=Array(list(link.rect)), Border=Array([0, 0, 0]),
                Dest=Array([target.obj, Name.XYZ, None, top, None]),
            ))
            page = pdf.pages[link.page_index]
            if "/Annots" not in page.obj:
                page.obj.Annots = Array()
            page.obj.Annots.append(annotation)

        if bookmarks:
            with pdf.open_outline() as outline:
                for bookmark in bookmarks:
                    if 0 <= bookmark.page_index < total:
                        outline.root.append(OutlineItem(bookmark.title, bookmark.page_index))
            # Open with the bookmarks shown: the list of days at hand.
            pdf.Root.PageMode = Name.UseOutlines

        pdf.docinfo[Name.Creator] = "Cocohop"
        pdf.docinfo[Name.Producer] = "Cocohop (WeasyPrint, pikepdf)"
        if title:
            pdf.docinfo[Name.Title] = title
        if author:
            pdf.docinfo[Name.Author] = author
        if lang:
            pdf.Root.Lang = pikepdf.String(lang)
        out = io.BytesIO()
        # Streams stay as WeasyPrint compressed them; objects go into object streams.
        pdf.save(out, compress_streams=False, object_stream_mode=pikepdf.ObjectStreamMode.generate)
        return out.getvalue()
    finally:
        for source in sources:
            source.close()
        pdf.close()
