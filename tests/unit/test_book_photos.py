"""Photos: validated by content, scaled to print size once, cached; the book embeds only
the prepared copies."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from PIL import Image
from pypdf import PdfReader

from cocohop.book.photos import (
    PRINT_MAX_PX,
    PhotoError,
    is_photo_ref,
    photo_path,
    prepare_photo,
    thumbnail_path,
)
from cocohop.book.sample import generate_photo
from tests.unit.test_book_render import big_book, photo_dir


def _encode(image: Image.Image, fmt: str, **options) -> bytes:
    out = io.BytesIO()
    image.save(out, fmt, **options)
    return out.getvalue()


def _png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG file whose header claims ``width`` x ``height`` pixels."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 16)) + chunk(b"IEND", b"")


def test_a_12_megapixel_original_is_scaled_to_print_size_and_cached(tmp_path):
    original = generate_photo(4000, 3000, seed=7)
    photo = prepare_photo(original, tmp_path)
    assert is_photo_ref(photo.ref)
    assert (photo.width, photo.height) == (PRINT_MAX_PX, 1350)
    with Image.open(photo.path) as image:
        assert image.format == "JPEG" and image.size == (PRINT_MAX_PX, 1350)
        assert not image.getexif()  # metadata stripped
    assert photo.path.stat().st_size < len(original) / 5
    # Same content, same reference; the cached file is reused, not written again.
    mtime = photo.path.stat().st_mtime_ns
    again = prepare_photo(original, tmp_path)
    assert again.ref == photo.ref and photo.path.stat().st_mtime_ns == mtime
    # The small copy for programme items is made at the same time.
    thumb = thumbnail_path(photo.ref, tmp_path)
    assert thumb is not None
    with Image.open(thumb) as image:
        assert max(image.size) <= 480


def test_the_book_embeds_no_image_larger_than_print_size():
    _, pdf, _ = big_book()
    sizes = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        xobjects = page["/Resources"].get("/XObject", {})
        for name in xobjects:
            xobject = xobjects[name].get_object()
            if xobject["/Subtype"] == "/Image":
                sizes.add((int(xobject["/Width"]), int(xobject["/Height"])))
    assert (PRINT_MAX_PX, 1350) in sizes  # the 4000 x 3000 original, prepared
    assert all(max(w, h) <= PRINT_MAX_PX for w, h in sizes), sizes


def test_portrait_png_with_transparency_and_webp_are_accepted(tmp_path):
    portrait = Image.new("RGBA", (1000, 2400), (200, 30, 30, 0))
    photo = prepare_photo(_encode(portrait, "PNG"), tmp_path)
    with Image.open(photo.path) as image:
        assert image.size == (750, PRINT_MAX_PX)
        assert image.getpixel((10, 10)) == pytest.approx((255, 255, 255), abs=3)  # transparent -> white
    webp = prepare_photo(_encode(Image.new("RGB", (640, 480), "teal"), "WEBP"), tmp_path)
    assert (webp.width, webp.height) == (640, 480)  # small photos are not enlarged


def test_exif_orientation_is_applied(tmp_path):
    image = Image.new("RGB", (600, 300), "navy")
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° when shown
    photo = prepare_photo(_encode(image, "JPEG", exif=exif.tobytes()), tmp_path)
    assert (photo.width, photo.height) == (300, 600)


@pytest.mark.parametrize(
    "data, message",
    [
        (b"", "empty"),
        (b"GIF89a" + b"\0" * 64, "not a JPEG, PNG or WebP"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "not a JPEG, PNG or WebP"),
        (b"%PDF-1.7\n", "not a JPEG, PNG or WebP"),
        (_png_claiming(9_000, 9_000), "megapixels"),  # a decompression bomb's header
        (_png_claiming(200_000, 200_000), "too large"),  # past Pillow's own limit
    ],
)
def test_what_is_not_a_photo_is_refused(tmp_path, data, message):
    with pytest.raises(PhotoError, match=message):
        prepare_photo(data, tmp_path)
    assert not list(tmp_path.glob("*.jpg"))


def test_truncated_and_oversized_files_are_refused(tmp_path):
    jpeg = _encode(Image.new("RGB", (800, 600), "olive"), "JPEG")
    with pytest.raises(PhotoError):
        prepare_photo(jpeg[: len(jpeg) // 3], tmp_path)
    with pytest.raises(PhotoError, match="too large"):
        prepare_photo(jpeg, tmp_path, max_bytes=1000)


@pytest.mark.parametrize(
    "ref",
    ["file:///etc/passwd", "../../etc/passwd", "/etc/passwd", "http://127.0.0.1/x.jpg",
     "0" * 40 + ".png", "0" * 39 + ".jpg", "A" * 40 + ".jpg", None, 42],
)
def test_only_prepared_photo_references_resolve(ref):
    assert not is_photo_ref(ref)
    if isinstance(ref, str):
        assert photo_path(ref, photo_dir()) is None


def test_a_prepared_photo_kept_elsewhere_is_restored_into_the_cache(tmp_path):
    from cocohop.book.photos import restore_prepared_photo

    photo = prepare_photo(generate_photo(1200, 900, seed=3), tmp_path / "first")
    restored = restore_prepared_photo(photo.ref, photo.path.read_bytes(), tmp_path / "second")
    assert restored.read_bytes() == photo.path.read_bytes()
    assert thumbnail_path(photo.ref, tmp_path / "second") is not None
    with pytest.raises(PhotoError):
        restore_prepared_photo("../../x.jpg", photo.path.read_bytes(), tmp_path / "third")
    with pytest.raises(PhotoError):  # an original, not a prepared copy
        restore_prepared_photo(photo.ref, generate_photo(4000, 3000, seed=4), tmp_path / "third")
