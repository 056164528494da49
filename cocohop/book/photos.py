"""Photos for the travel book: checked, scaled to print size once, cached on disk.

A designer's photo is often a 12-megapixel original of several megabytes. The book prints
it at most ~17 cm wide, so ``prepare_photo`` scales it down once (long side ``max_px``,
JPEG quality ``quality``), strips its metadata (EXIF may hold the GPS position of the
designer's home) and stores the result in a cache folder under a name derived from the
original's content. The returned reference is that file name: the book resolves it inside
the cache folder, which is an allowed root of the safe URL fetcher, so the book never
embeds an original and never reads anything else.

Validation is by content, not by file name: Pillow must recognise a JPEG, PNG or WebP,
the pixel count is checked from the header before anything is decoded (decompression
bombs), and the byte size is limited.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import math
import os
import re
import tempfile
import threading
import warnings
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageFile, ImageOps

PROJECT_DIR = Path(__file__).resolve().parents[2]
#: Where prepared photos live unless told otherwise (git-ignored: ``.cache/``).
DEFAULT_PHOTO_DIR = PROJECT_DIR / ".cache" / "book-photos"

ALLOWED_FORMATS = ("JPEG", "PNG", "WEBP")
MAX_BYTES = 25 * 1024 * 1024
#: 50 megapixels covers every camera and phone a designer uses; a larger claim in a
#: header is refused before decoding.
MAX_PIXELS = 50_000_000
#: Long side in pixels: about 270 dpi across the book's 17 cm text width, 220 dpi for the
#: full-width cover. More is invisible on paper and only makes the PDF heavier.
PRINT_MAX_PX = 1800
PRINT_QUALITY = 82
# Bump when the preparation changes, so older cached files are not reused.
_PREPARATION_VERSION = 1

PHOTO_REF = re.compile(r"[0-9a-f]{40}\.jpg")
#: Long side of the small copy printed beside a programme item (32 mm wide: ~380 dpi).
THUMB_PX = 480


class PhotoError(ValueError):
    """The bytes are not a photo the book accepts; the message says why."""


@dataclass(frozen=True)
class PreparedPhoto:
    ref: str  # file name inside the photo folder: what Trip/Day/Item.photo hold
    path: Path
    width: int
    height: int


def photo_ref_key(data: bytes, max_px: int = PRINT_MAX_PX, quality: int = PRINT_QUALITY) -> str:
    """The reference a photo gets: a hash of the original and of how it is prepared."""
    digest = hashlib.sha256(f"v{_PREPARATION_VERSION}|{max_px}|{quality}|".encode())
    digest.update(data)
    return digest.hexdigest()[:40] + ".jpg"


def is_photo_ref(value: object) -> bool:
    return isinstance(value, str) and PHOTO_REF.fullmatch(value) is not None


def photo_path(ref: str, photo_dir: str | Path = DEFAULT_PHOTO_DIR) -> Path | None:
    """The prepared file of ``ref`` if the reference is well-formed and the file exists.

    Anything else (a URL, a path, ``../``) is refused here already; the fetcher would
    refuse it too.
    """
    if not is_photo_ref(ref):
        return None
    path = Path(photo_dir) / ref
    return path if path.is_file() else None


def thumbnail_path(ref: str, photo_dir: str | Path = DEFAULT_PHOTO_DIR, max_px: int = THUMB_PX) -> Path | None:
    """A small copy of a prepared photo, made from the print version once and cached beside it."""
    source = photo_path(ref, photo_dir)
    if source is None:
        return None
    target = source.with_name(f"{source.stem}-{max_px}.jpg")
    if target.is_file():
        return target
    with Image.open(source) as image:
        image.draft("RGB", (max_px, max_px))
        small = image.convert("RGB")
        small.thumbnail((max_px, max_px), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    small.save(out, "JPEG", quality=PRINT_QUALITY, optimize=True)
    _write_atomic(target, out.getvalue())
    return target


def _write_atomic(target: Path, data: bytes) -> None:
    # Write then rename: a reader never sees half a file, two writers never mix.
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=".jpg")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def restore_prepared_photo(ref: str, data: bytes, photo_dir: str | Path = DEFAULT_PHOTO_DIR) -> Path:
    """Put back in the photo folder a prepared photo kept elsewhere (the database keeps the
    prepared bytes; the folder is only a cache). Checked like an upload: a well-formed
    reference, a JPEG within print size."""
    if not is_photo_ref(ref):
        raise PhotoError(f"not a photo reference: {ref!r}")
    target = Path(photo_dir) / ref
    if target.is_file():
        return target
    image = _open_checked(bytes(data), MAX_PIXELS)
    try:
        if image.format != "JPEG" or max(image.size) > PRINT_MAX_PX:
            raise PhotoError("not a prepared photo (a JPEG within print size)")
        with _strict_decoding():
            image.load()
    except (OSError, ValueError) as exc:
        raise PhotoError(f"the image cannot be decoded: {exc}") from None
    finally:
        image.close()
    _write_atomic(target, bytes(data))
    thumbnail_path(ref, photo_dir)
    return target


def prepare_photo(
    data: bytes,
    photo_dir: str | Path = DEFAULT_PHOTO_DIR,
    *,
    max_px: int = PRINT_MAX_PX,
    quality: int = PRINT_QUALITY,
    max_bytes: int = MAX_BYTES,
    max_pixels: int = MAX_PIXELS,
) -> PreparedPhoto:
    """Validate ``data``, scale it to print size and cache it; cheap when already cached."""
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise PhotoError("a photo is given as bytes")
    data = bytes(data)
    if not data:
        raise PhotoError("empty file")
    if len(data) > max_bytes:
        raise PhotoError(f"file too large: {len(data) // (1024 * 1024)} MB, at most {max_bytes // (1024 * 1024)} MB")
    ref = photo_ref_key(data, max_px, quality)
    folder = Path(photo_dir)
    target = folder / ref
    if target.is_file():
        with Image.open(target) as cached:
            return PreparedPhoto(ref, target, *cached.size)

    image = _open_checked(data, max_pixels)
    try:
        scaled = _scale_for_print(image, max_px)
    except (OSError, ValueError, Image.DecompressionBombError) as exc:
        raise PhotoError(f"the image cannot be decoded: {exc}") from None
    finally:
        image.close()

    out = io.BytesIO()
    # No EXIF, ICC or XMP is passed on: only pixels. Baseline (not progressive) JPEG:
    # WeasyPrint copies it into the PDF as it is, with no re-encoding.
    scaled.save(out, "JPEG", quality=quality, optimize=True, subsampling="4:2:0")
    _write_atomic(target, out.getvalue())
    # The small copy for programme items too, now, rather than during a book's render.
    thumbnail_path(ref, folder)
    return PreparedPhoto(ref, target, *scaled.size)


def _open_checked(data: bytes, max_pixels: int) -> Image.Image:
    try:
        with warnings.catch_warnings():
            # Pillow warns (not raises) between MAX_IMAGE_PIXELS and twice that; we
            # check the size ourselves just below, on the header alone.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=ALLOWED_FORMATS)
    except Image.DecompressionBombError:
        raise PhotoError("image dimensions too large") from None
    except (OSError, ValueError, SyntaxError):
        raise PhotoError("not a JPEG, PNG or WebP image") from None
    width, height = image.size
    if width < 1 or height < 1 or width * height > max_pixels:
        image.close()
        raise PhotoError(f"image of {width}×{height} pixels: at most {max_pixels // 1_000_000} megapixels")
    if getattr(image, "n_frames", 1) > 1:
        image.seek(0)  # an animated WebP/PNG: the first frame is the photo
    return image


_decoding_lock = threading.Lock()


@contextlib.contextmanager
def _strict_decoding():
    """Refuse truncated files (an upload cut short) instead of filling them with grey.

    WeasyPrint sets Pillow's process-wide LOAD_TRUNCATED_IMAGES on import; it is switched
    off around our own decoding only.
    """
    with _decoding_lock:
        previous = ImageFile.LOAD_TRUNCATED_IMAGES
        ImageFile.LOAD_TRUNCATED_IMAGES = False
        try:
            yield
        finally:
            ImageFile.LOAD_TRUNCATED_IMAGES = previous


def _scale_for_print(image: Image.Image, max_px: int) -> Image.Image:
    width, height = image.size
    if image.format == "JPEG" and max(width, height) > max_px:
        # Let libjpeg decode at 1/2, 1/4 or 1/8 scale straight away (never below the
        # size asked for): a 12 MP original is then never expanded in memory at full
        # size, and decoding is several times faster.
        factor = max_px / max(width, height)
        image.draft("RGB", (math.ceil(width * factor), math.ceil(height * factor)))
    with _strict_decoding():
        image.load()
    image = ImageOps.exif_transpose(image)
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        # Transparent areas print as paper white, not as black.
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        image = background
    elif image.mode != "RGB":
        image = image.convert("RGB")
    if max(image.size) > max_px:
        image.thumbnail((max_px, max_px), Image.Resampling.LANCZOS, reducing_gap=2.0)
    return image
