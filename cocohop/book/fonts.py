"""The fonts an agency can choose for its travel book.

They come from npm ``@fontsource/*`` packages (SIL Open Font License), installed into
``.tools/node_modules/@fontsource`` by ``scripts/setup.sh``. That folder is an allowed root
of the safe URL fetcher, so ``@font-face`` rules load them like any other asset, and nothing
else. Each face is split by fontsource into Unicode subsets; the Latin, Latin Extended and
Vietnamese ones cover French, English and the place names of the library's countries.

The system fonts "Liberation Serif" / "Liberation Sans" (Debian's fonts-liberation) need no
file and stay available as a plain choice.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[2]
FONTSOURCE_DIR = PROJECT_DIR / ".tools" / "node_modules" / "@fontsource"

SUBSETS = ("latin", "latin-ext", "vietnamese")


@dataclass(frozen=True)
class FontChoice:
    name: str  # what the agency sees and what CSS calls it
    package: str  # @fontsource/<package>; "" for a system font
    generic: str  # CSS generic fallback


FONT_CHOICES: dict[str, FontChoice] = {
    choice.name: choice
    for choice in (
        FontChoice("Lora", "lora", "serif"),
        FontChoice("Merriweather", "merriweather", "serif"),
        FontChoice("Playfair Display", "playfair-display", "serif"),
        FontChoice("Source Serif 4", "source-serif-4", "serif"),
        FontChoice("Source Sans 3", "source-sans-3", "sans-serif"),
        FontChoice("Inter", "inter", "sans-serif"),
        FontChoice("Open Sans", "open-sans", "sans-serif"),
        FontChoice("Lato", "lato", "sans-serif"),
        FontChoice("Montserrat", "montserrat", "sans-serif"),
        FontChoice("Liberation Serif", "", "serif"),
        FontChoice("Liberation Sans", "", "sans-serif"),
    )
}
DEFAULT_HEADING_FONT = "Lora"
DEFAULT_BODY_FONT = "Source Sans 3"

# (weight, style) faces each role needs: headings are regular (and bold for safety), the
# body also needs italic (place names) and bold (item names).
HEADING_FACES = ((400, "normal"), (700, "normal"))
BODY_FACES = ((400, "normal"), (400, "italic"), (700, "normal"))


def font_stack(name: str) -> str:
    """CSS font-family value for a known font name (names are validated, never free text)."""
    choice = FONT_CHOICES[name]
    fallback = "DejaVu Serif" if choice.generic == "serif" else "DejaVu Sans"
    return f'"{choice.name}", "{fallback}", {choice.generic}'


@functools.cache
def _unicode_ranges(package: str, weight: int, style: str) -> dict[str, str]:
    """unicode-range per subset, read from the package's own CSS (e.g. ``400-italic.css``)."""
    css_name = f"{weight}.css" if style == "normal" else f"{weight}-{style}.css"
    path = FONTSOURCE_DIR / package / css_name
    ranges: dict[str, str] = {}
    if not path.is_file():
        return ranges
    text = path.read_text(encoding="utf-8")
    for match in re.finditer(r"/\* " + re.escape(package) + r"-([a-z-]+)-\d+-\w+ \*/\s*@font-face\s*\{(.*?)\}", text, re.S):
        subset, body = match[1], match[2]
        found = re.search(r"unicode-range:\s*([^;]+);", body)
        if found:
            ranges[subset] = found[1].strip()
    return ranges


@functools.cache
def font_face_css(heading: str, body: str) -> str:
    """``@font-face`` rules for the two fonts, with file URLs inside the fontsource root."""
    faces: dict[str, set[tuple[int, str]]] = {}
    for name, needed in ((heading, HEADING_FACES), (body, BODY_FACES)):
        faces.setdefault(name, set()).update(needed)
    rules = []
    for name, needed in faces.items():
        choice = FONT_CHOICES[name]
        if not choice.package:
            continue
        for weight, style in sorted(needed):
            ranges = _unicode_ranges(choice.package, weight, style)
            for subset in SUBSETS:
                path = FONTSOURCE_DIR / choice.package / "files" / f"{choice.package}-{subset}-{weight}-{style}.woff2"
                if not path.is_file() or subset not in ranges:
                    continue
                rules.append(
                    "@font-face { "
                    f'font-family: "{choice.name}"; font-style: {style}; font-weight: {weight}; '
                    f'src: url("{path.as_uri()}"); unicode-range: {ranges[subset]}; }}'
                )
    return "\n".join(rules)


def fonts_installed(name: str) -> bool:
    choice = FONT_CHOICES[name]
    return not choice.package or (FONTSOURCE_DIR / choice.package / "files").is_dir()
