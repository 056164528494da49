"""Photo thumbnails with a remove button, and an upload button: the editor's trip and
day photos and the content library's photos look and work alike."""

import reflex as rx

from cocohop.services.photos import PhotoView
from cocohop.ui import routes


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
            max_files=10,
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
