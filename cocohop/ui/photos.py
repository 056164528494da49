"""Photo thumbnails with a remove button, and an upload button: the editor's trip and
day photos and the content library's photos look and work alike."""

import reflex as rx

from cocohop.services import photos as photo_service
from cocohop.services.auth import Scope
from cocohop.services.errors import ServiceError
from cocohop.services.photos import PhotoView
from cocohop.ui import routes
from cocohop.ui.base import run_service

MAX_FILES = 10


async def add_uploaded_photos(scope: Scope, owner_kind: str, owner_id: int, files: list[rx.UploadFile]) -> str:
    """Adds each uploaded photo (checked and scaled by the service); returns what went
    wrong, file by file, or "" when all went in."""
    problems = []
    for upload in files[:MAX_FILES]:
        # One byte past the limit is enough to refuse an oversized file.
        data = await upload.read(photo_service.MAX_UPLOAD_BYTES + 1)
        try:
            await run_service(photo_service.add_photo, scope, owner_kind, owner_id, data)
        except ServiceError as problem:
            problems.append(f"{upload.name or 'photo'}: {problem}")
    return " ".join(problems)


async def delete_photo(scope: Scope, photo_id: int) -> str:
    """Removes one photo; returns what went wrong, or ""."""
    try:
        await run_service(photo_service.remove_photo, scope, photo_id)
    except ServiceError as problem:
        return str(problem)
    return ""


def photo_thumb(photo: PhotoView, on_remove) -> rx.Component:
    return rx.box(
        rx.image(src=routes.photo("") + photo.id.to_string(), height="64px", border_radius="4px", alt="photo"),
        rx.icon_button(
            rx.icon("x", size=12),
            size="1",
            variant="solid",
            color_scheme="gray",
            radius="full",
            on_click=on_remove(photo.id),
            aria_label="Remove photo",
            position="absolute",
            top="2px",
            right="2px",
        ),
        position="relative",
        class_name="photo-thumb",
    )


def photo_strip(photos, on_remove, upload_id: str, on_drop, label: str) -> rx.Component:
    """The photos (newest first: the one the book uses) and a button to add more."""
    return rx.hstack(
        rx.foreach(photos, lambda photo: photo_thumb(photo, on_remove)),
        rx.upload(
            rx.button(rx.icon("image-plus", size=14), label, size="1", variant="soft", type="button"),
            id=upload_id,
            accept={"image/jpeg": [".jpg", ".jpeg"], "image/png": [".png"], "image/webp": [".webp"]},
            max_files=MAX_FILES,
            multiple=True,
            no_drag=True,
            border="none",
            padding="0",
            on_drop=on_drop,
        ),
        align="center",
        spacing="2",
        wrap="wrap",
    )
