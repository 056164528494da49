"""The trip's route drawn offline as an SVG map: numbered stops joined in order, on the
outline of the country and its neighbours.

Outlines come from the npm package ``world-atlas`` 2.0.2 (TopoJSON of Natural Earth 4.1.0,
public domain; code ISC), installed into ``.tools/`` by ``scripts/setup.sh``. No tile server,
no network. The SVG is a plain string: the book embeds it as a ``data:`` image, the phone
view can inline it as it is.

Speed: the 10m file (3.6 MB) takes ~0.2 s to parse, so the part a country needs (its own
rings and its neighbours' rings, clipped around it) is extracted once and kept on disk under
``.cache/book-maps/`` and in memory; a finished map is also remembered per route.

Framing: on the country's main polygons (the largest and the big ones near it) plus the
route, so that far islands (Azores, Okinawa, overseas departments) do not shrink the
mainland to a dot.
"""

from __future__ import annotations

import functools
import json
import logging
import math
import os
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence
from xml.sax.saxutils import escape

log = logging.getLogger(__name__)

PROJECT_DIR = Path(__file__).resolve().parents[2]
WORLD_ATLAS_DIR = PROJECT_DIR / ".tools" / "node_modules" / "world-atlas"
DEFAULT_MAP_CACHE_DIR = PROJECT_DIR / ".cache" / "book-maps"
ATLAS_FILE = "countries-10m.json"  # the 10m outlines print cleanly at A4 width
_EXTRACT_VERSION = 1

# Drawing units: the SVG is WIDTH units wide whatever its printed size.
WIDTH = 1000.0
MIN_ASPECT, MAX_ASPECT = 0.62, 1.25  # height / width of the map
PADDING = 0.09  # share of the frame added around the framed area
MIN_STEP = 2.0  # drop outline points closer than this (units, 0.34 mm printed): invisible on paper
MIN_RING_SIZE = 2.0  # drop rings smaller than this (units): specks


@dataclass(frozen=True)
class MapStop:
    name: str
    lat: float
    lon: float


@dataclass(frozen=True)
class MapStyle:
    primary: str = "#1f4e5f"  # country outline and markers; validated #rrggbb by the caller
    accent: str = "#b8763a"  # route line
    land: str = "#fbfaf7"
    neighbours: str = "#ecebe6"
    sea: str = "#e3edf1"
    ink: str = "#222222"


Ring = list[tuple[float, float]]  # (lon, lat)


# ---------------------------------------------------------------------------------------------
# TopoJSON, decoded only for what a country needs


class _Atlas:
    def __init__(self, path: Path):
        raw = json.loads(path.read_text(encoding="utf-8"))
        self.scale = raw["transform"]["scale"]
        self.translate = raw["transform"]["translate"]
        self.raw_arcs = raw["arcs"]
        self.geometries = raw["objects"]["countries"]["geometries"]
        self._decoded: dict[int, Ring] = {}

    def arc(self, index: int) -> Ring:
        reverse = index < 0
        i = ~index if reverse else index
        points = self._decoded.get(i)
        if points is None:
            x = y = 0
            points = []
            (sx, sy), (tx, ty) = self.scale, self.translate
            for dx, dy in self.raw_arcs[i]:  # delta-encoded, quantized
                x += dx
                y += dy
                points.append((x * sx + tx, y * sy + ty))
            self._decoded[i] = points
        return points[::-1] if reverse else points

    def ring(self, arc_indexes: list[int]) -> Ring:
        ring: Ring = []
        for index in arc_indexes:
            points = self.arc(index)
            # Each arc starts where the previous one ended.
            ring.extend(points[1:] if ring else points)
        return ring

    def polygons(self, geometry: dict) -> list[list[Ring]]:
        if geometry["type"] == "Polygon":
            return [[self.ring(r) for r in geometry["arcs"]]]
        if geometry["type"] == "MultiPolygon":
            return [[self.ring(r) for r in polygon] for polygon in geometry["arcs"]]
        return []


def _numeric_code(alpha2: str) -> str | None:
    import pycountry

    country = pycountry.countries.get(alpha_2=alpha2.upper())
    return country.numeric if country else None


def _bbox(points: Iterable[tuple[float, float]]) -> tuple[float, float, float, float]:
    xs, ys = zip(*points)
    return min(xs), min(ys), max(xs), max(ys)


def _ring_area(ring: Ring) -> float:
    """Area in degrees², shoelace; only compared between rings of one country."""
    total = 0.0
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1]):
        total += x1 * y2 - x2 * y1
    return abs(total) / 2


def _clip_ring(ring: Ring, box: tuple[float, float, float, float]) -> Ring:
    """Sutherland–Hodgman clip of a polygon ring to a rectangle."""
    x0, y0, x1, y1 = box
    edges = (
        (lambda p: p[0] >= x0, lambda a, b: _cross_x(a, b, x0)),
        (lambda p: p[0] <= x1, lambda a, b: _cross_x(a, b, x1)),
        (lambda p: p[1] >= y0, lambda a, b: _cross_y(a, b, y0)),
        (lambda p: p[1] <= y1, lambda a, b: _cross_y(a, b, y1)),
    )
    points = ring
    for inside, cross in edges:
        if not points:
            break
        out: Ring = []
        previous = points[-1]
        for point in points:
            if inside(point):
                if not inside(previous):
                    out.append(cross(previous, point))
                out.append(point)
            elif inside(previous):
                out.append(cross(previous, point))
            previous = point
        points = out
    return points


def _cross_x(a, b, x):
    t = (x - a[0]) / (b[0] - a[0])
    return x, a[1] + t * (b[1] - a[1])


def _cross_y(a, b, y):
    t = (y - a[1]) / (b[1] - a[1])
    return a[0] + t * (b[0] - a[0]), y


@dataclass(frozen=True)
class CountryShapes:
    """What a country's map needs, in lon/lat: its rings, its main area, its neighbours."""

    code: str
    rings: tuple[tuple[tuple[float, float], ...], ...]
    main_bbox: tuple[float, float, float, float]
    neighbours: tuple[tuple[tuple[float, float], ...], ...]

    def to_json(self) -> dict:
        return {
            "version": _EXTRACT_VERSION,
            "code": self.code,
            "rings": [[list(p) for p in r] for r in self.rings],
            "main_bbox": list(self.main_bbox),
            "neighbours": [[list(p) for p in r] for r in self.neighbours],
        }

    @classmethod
    def from_json(cls, raw: dict) -> CountryShapes:
        return cls(
            code=raw["code"],
            rings=tuple(tuple((p[0], p[1]) for p in r) for r in raw["rings"]),
            main_bbox=tuple(raw["main_bbox"]),
            neighbours=tuple(tuple((p[0], p[1]) for p in r) for r in raw["neighbours"]),
        )


def _main_bbox(polygons: list[list[Ring]]) -> tuple[float, float, float, float]:
    """The box of the largest polygon and of the big ones near it (not far islands)."""
    outers = [(p[0], _ring_area(p[0])) for p in polygons if p and len(p[0]) > 2]
    largest, largest_area = max(outers, key=lambda pair: pair[1])
    box = _bbox(largest)
    diagonal = math.hypot(box[2] - box[0], box[3] - box[1])
    main = [largest]
    for ring, area in outers:
        if ring is largest or area < 0.02 * largest_area:
            continue
        rx0, ry0, rx1, ry1 = _bbox(ring)
        gap_x = max(box[0] - rx1, rx0 - box[2], 0)
        gap_y = max(box[1] - ry1, ry0 - box[3], 0)
        if math.hypot(gap_x, gap_y) < 0.5 * diagonal:
            main.append(ring)
    return _bbox(p for ring in main for p in ring)


def _extract(atlas: _Atlas, code: str) -> CountryShapes | None:
    numeric = _numeric_code(code)
    if numeric is None:
        return None
    geometry = next((g for g in atlas.geometries if g.get("id") == numeric), None)
    if geometry is None:
        return None
    polygons = atlas.polygons(geometry)
    if not polygons:
        return None
    main = _main_bbox(polygons)
    rings = [ring for polygon in polygons for ring in polygon]
    # Neighbours: whatever lies around the main area, clipped to a generous box so that
    # Russia does not come along whole with Japan.
    span = max(main[2] - main[0], main[3] - main[1])
    around = (main[0] - span, main[1] - span, main[2] + span, main[3] + span)
    neighbours: list[Ring] = []
    for other in atlas.geometries:
        if other is geometry:
            continue
        for polygon in atlas.polygons(other):
            outer = polygon[0]
            ox0, oy0, ox1, oy1 = _bbox(outer)
            if ox1 < around[0] or ox0 > around[2] or oy1 < around[1] or oy0 > around[3]:
                continue
            clipped = _clip_ring(outer, around)
            if len(clipped) > 2:
                neighbours.append(clipped)
    round4 = lambda ring: tuple((round(x, 4), round(y, 4)) for x, y in ring)  # noqa: E731
    return CountryShapes(
        code=code,
        rings=tuple(round4(r) for r in rings),
        main_bbox=main,
        neighbours=tuple(round4(r) for r in neighbours),
    )


_atlas_lock = threading.Lock()
_shapes_memory: dict[str, CountryShapes | None] = {}


@functools.cache
def _atlas(path: Path) -> _Atlas:
    return _Atlas(path)


def country_shapes(
    code: str | None,
    atlas_dir: Path = WORLD_ATLAS_DIR,
    cache_dir: Path | None = DEFAULT_MAP_CACHE_DIR,
) -> CountryShapes | None:
    """The country's outline data; None when unknown or when world-atlas is not installed."""
    if not code or len(code) != 2 or not code.isalpha():
        return None
    code = code.upper()
    if _numeric_code(code) is None:
        return None
    key = f"{atlas_dir}|{cache_dir}|{code}"
    if key in _shapes_memory:
        return _shapes_memory[key]
    with _atlas_lock:
        if key in _shapes_memory:
            return _shapes_memory[key]
        shapes = _load_cached(cache_dir, code) if cache_dir else None
        if shapes is None:
            atlas_path = Path(atlas_dir) / ATLAS_FILE
            if not atlas_path.is_file():
                log.warning("world-atlas not installed at %s: maps drawn without outlines", atlas_dir)
                _shapes_memory[key] = None
                return None
            shapes = _extract(_atlas(atlas_path), code)
            if shapes is not None and cache_dir:
                _store_cached(cache_dir, shapes)
        _shapes_memory[key] = shapes
        return shapes


def _cache_file(cache_dir: Path, code: str) -> Path:
    return Path(cache_dir) / f"{code}-{ATLAS_FILE.removesuffix('.json')}-v{_EXTRACT_VERSION}.json"


def _load_cached(cache_dir: Path, code: str) -> CountryShapes | None:
    path = _cache_file(cache_dir, code)
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        if raw.get("version") == _EXTRACT_VERSION and raw.get("code") == code:
            return CountryShapes.from_json(raw)
    except (OSError, ValueError, KeyError, TypeError):
        pass
    return None


def _store_cached(cache_dir: Path, shapes: CountryShapes) -> None:
    path = _cache_file(cache_dir, shapes.code)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(shapes.to_json(), handle, separators=(",", ":"))
        os.replace(tmp, path)
    except OSError as exc:  # a read-only disk only costs speed
        log.warning("map cache not written: %s", exc)


# ---------------------------------------------------------------------------------------------
# Drawing


class _Projection:
    """Equirectangular around the frame's middle latitude: right for country-sized maps."""

    def __init__(self, frame: tuple[float, float, float, float]):
        lon0, lat0, lon1, lat1 = frame
        self.kx = math.cos(math.radians((lat0 + lat1) / 2))
        self.lon0, self.lat1 = lon0, lat1
        width = (lon1 - lon0) * self.kx
        self.scale = WIDTH / width
        self.height = (lat1 - lat0) * self.scale

    def __call__(self, lon: float, lat: float) -> tuple[float, float]:
        return (lon - self.lon0) * self.kx * self.scale, (self.lat1 - lat) * self.scale


def _frame(shapes: CountryShapes | None, stops: Sequence[MapStop]) -> tuple[float, float, float, float]:
    points = [(s.lon, s.lat) for s in stops]
    if shapes is not None:
        x0, y0, x1, y1 = shapes.main_bbox
        points += [(x0, y0), (x1, y1)]
    lon0, lat0, lon1, lat1 = _bbox(points)
    # At least ~1° across, so that a one-city trip still shows its surroundings.
    if lon1 - lon0 < 1.0:
        lon0, lon1 = (lon0 + lon1) / 2 - 0.5, (lon0 + lon1) / 2 + 0.5
    if lat1 - lat0 < 1.0:
        lat0, lat1 = (lat0 + lat1) / 2 - 0.5, (lat0 + lat1) / 2 + 0.5
    kx = math.cos(math.radians((lat0 + lat1) / 2))
    width, height = (lon1 - lon0) * kx, lat1 - lat0
    pad = PADDING * max(width, height)
    width, height = width + 2 * pad, height + 2 * pad
    # Widen or heighten to an aspect the page can hold; the neighbours fill the margin.
    aspect = height / width
    if aspect < MIN_ASPECT:
        height = width * MIN_ASPECT
    elif aspect > MAX_ASPECT:
        width = height / MAX_ASPECT
    mid_lon, mid_lat = (lon0 + lon1) / 2, (lat0 + lat1) / 2
    return (mid_lon - width / kx / 2, mid_lat - height / 2, mid_lon + width / kx / 2, mid_lat + height / 2)


def _path(rings: Iterable[Sequence[tuple[float, float]]], project: _Projection, box) -> str:
    parts = []
    for ring in rings:
        points = [project(x, y) for x, y in ring]
        rx0, ry0, rx1, ry1 = _bbox(points)
        if rx1 < box[0] or rx0 > box[2] or ry1 < box[1] or ry0 > box[3]:
            continue  # wholly outside the frame
        if max(rx1 - rx0, ry1 - ry0) < MIN_RING_SIZE:
            continue
        points = _clip_ring(points, box)
        if len(points) < 3:
            continue
        kept = [points[0]]
        for x, y in points[1:]:
            if abs(x - kept[-1][0]) + abs(y - kept[-1][1]) >= MIN_STEP:
                kept.append((x, y))
        if len(kept) < 3:
            continue
        parts.append("M" + "L".join(f"{x:.1f} {y:.1f}" for x, y in kept) + "Z")
    return "".join(parts)


def _label_box(
    x: float, y: float, text: str, size: float, where: str, extra: float = 0.0
) -> tuple[float, float, float, float, float, float, str]:
    """(x0, y0, x1, y1) of a label placed ``where`` of a marker at x, y, then the text's
    position and anchor. ``extra``: how much wider than a circle the marker is."""
    width = 0.56 * size * len(text)
    gap = 19 + (extra if where in ("right", "left") else 0)
    if where == "right":
        tx, ty, anchor = x + gap, y + size * 0.35, "start"
        return tx, ty - size * 0.8, tx + width, ty + size * 0.25, tx, ty, anchor
    if where == "left":
        tx, ty, anchor = x - gap, y + size * 0.35, "end"
        return tx - width, ty - size * 0.8, tx, ty + size * 0.25, tx, ty, anchor
    if where == "above":
        tx, ty, anchor = x, y - gap - size * 0.2, "middle"
    else:
        tx, ty, anchor = x, y + gap + size * 0.8, "middle"
    return tx - width / 2, ty - size * 0.8, tx + width / 2, ty + size * 0.25, tx, ty, anchor


class _Marker:
    """A numbered marker: where the place is, and where the marker is drawn."""

    def __init__(self, at: tuple[float, float], numbers: list[int], name: str):
        self.at = at
        self.drawn = at
        self.numbers = numbers
        self.name = name
        self.label = "·".join(str(n) for n in numbers)
        self.half_width = 15.0 if len(self.label) <= 2 else 7 + 5.5 * len(self.label)

    def box(self) -> tuple[float, float, float, float]:
        x, y = self.drawn
        return x - self.half_width - 2, y - 17, x + self.half_width + 2, y + 17


def _spread(markers: list[_Marker], height: float) -> None:
    """Push apart markers that would cover each other (Kyoto, Nara and Osaka on a map of
    Japan), a little at a time, until none overlaps or it has tried long enough."""
    for _ in range(60):
        moved = False
        for i, a in enumerate(markers):
            for b in markers[i + 1:]:
                (ax, ay), (bx, by) = a.drawn, b.drawn
                need_x = a.half_width + b.half_width + 4
                if abs(ax - bx) >= need_x or abs(ay - by) >= 34:
                    continue
                dx, dy = bx - ax, by - ay
                distance = math.hypot(dx, dy)
                if distance < 0.01:
                    dx, dy, distance = 0.0, 1.0, 1.0
                step = 3.0
                ux, uy = dx / distance * step, dy / distance * step
                a.drawn = (min(max(ax - ux, 20), WIDTH - 20), min(max(ay - uy, 20), height - 20))
                b.drawn = (min(max(bx + ux, 20), WIDTH - 20), min(max(by + uy, 20), height - 20))
                moved = True
        if not moved:
            return


def _overlaps(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def route_map_svg(
    country: str | None,
    stops: Sequence[MapStop],
    style: MapStyle = MapStyle(),
    *,
    atlas_dir: Path = WORLD_ATLAS_DIR,
    cache_dir: Path | None = DEFAULT_MAP_CACHE_DIR,
) -> str | None:
    """An SVG map of ``stops`` joined in order on the country's outline; None without stops."""
    stops = tuple(s for s in stops if _valid_point(s))
    if not stops:
        return None
    return _route_map_svg_cached(
        country.upper() if country else None, stops, style, Path(atlas_dir), Path(cache_dir) if cache_dir else None
    )


def _valid_point(stop: MapStop) -> bool:
    return (
        isinstance(stop.lat, (int, float)) and isinstance(stop.lon, (int, float))
        and -90 <= stop.lat <= 90 and -180 <= stop.lon <= 180
    )


@functools.lru_cache(maxsize=64)
def _route_map_svg_cached(country, stops, style, atlas_dir, cache_dir) -> str:
    shapes = country_shapes(country, atlas_dir, cache_dir)
    frame = _frame(shapes, stops)
    project = _Projection(frame)
    height = project.height
    # Clip a little outside the view so that clipped edges never show.
    box = (-10.0, -10.0, WIDTH + 10.0, height + 10.0)

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH:.0f} {height:.0f}" '
        f'width="{WIDTH:.0f}" height="{height:.0f}" font-family="sans-serif">',
        f'<rect width="{WIDTH:.0f}" height="{height:.0f}" fill="{style.sea}"/>',
    ]
    if shapes is not None:
        neighbours = _path(shapes.neighbours, project, box)
        if neighbours:
            out.append(f'<path d="{neighbours}" fill="{style.neighbours}" stroke="#c9c7bf" stroke-width="1"/>')
        land = _path(shapes.rings, project, box)
        if land:
            out.append(
                f'<path class="country" d="{land}" fill="{style.land}" stroke="{style.primary}" '
                'stroke-width="1.6" stroke-linejoin="round"/>'
            )

    points = [project(s.lon, s.lat) for s in stops]
    if len(points) > 1:
        line = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        out.append(
            f'<polyline class="route" points="{line}" fill="none" stroke="{style.accent}" '
            'stroke-width="4" stroke-linejoin="round" stroke-linecap="round" stroke-dasharray="12 8"/>'
        )

    # One marker per distinct place; a place visited twice lists both numbers.
    groups: dict[tuple[int, int], list[int]] = {}
    for number, (x, y) in enumerate(points, start=1):
        groups.setdefault((round(x), round(y)), []).append(number)
    markers = [_Marker(points[numbers[0] - 1], numbers, stops[numbers[0] - 1].name) for numbers in groups.values()]
    _spread(markers, height)

    taken = [m.box() for m in markers]
    size = 24.0
    labels = []
    for marker in markers:
        x, y = marker.drawn
        extra = marker.half_width - 15  # a wide marker pushes its label further out
        for where in ("right", "left", "above", "below"):
            *bbox, tx, ty, anchor = _label_box(x, y, marker.name, size, where, extra)
            inside = bbox[0] >= 4 and bbox[2] <= WIDTH - 4 and bbox[1] >= 4 and bbox[3] <= height - 4
            if inside and not any(_overlaps(bbox, other) for other in taken):
                break
        else:
            *bbox, tx, ty, anchor = _label_box(x, y, marker.name, size, "right" if x < WIDTH / 2 else "left", extra)
        taken.append(tuple(bbox))
        labels.append((tx, ty, anchor, marker.name))

    for marker in markers:
        (px, py), (x, y) = marker.at, marker.drawn
        radius = marker.half_width
        stops_attr = " ".join(str(n) for n in marker.numbers)
        out.append(f'<g class="stop" data-stops="{stops_attr}">')
        if math.hypot(x - px, y - py) > 3:
            # Moved aside so as not to hide a neighbour: a thin line back to the real place.
            out.append(f'<line x1="{px:.1f}" y1="{py:.1f}" x2="{x:.1f}" y2="{y:.1f}" stroke="{style.primary}" stroke-width="2"/>')
            out.append(f'<circle cx="{px:.1f}" cy="{py:.1f}" r="4" fill="{style.primary}"/>')
        if radius == 15:
            out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="15" fill="{style.primary}" stroke="#ffffff" stroke-width="3"/>')
        else:
            out.append(
                f'<rect x="{x - radius:.1f}" y="{y - 15:.1f}" width="{2 * radius:.1f}" height="30" rx="15" '
                f'fill="{style.primary}" stroke="#ffffff" stroke-width="3"/>'
            )
        out.append(
            f'<text x="{x:.1f}" y="{y + 6:.1f}" text-anchor="middle" font-size="17" font-weight="bold" '
            f'fill="#ffffff">{escape(marker.label)}</text></g>'
        )
    for tx, ty, anchor, text in labels:
        # A white halo under the name keeps it legible on any outline; drawn as its own
        # element because SVG renderers ignore paint-order.
        common = f'x="{tx:.1f}" y="{ty:.1f}" text-anchor="{anchor}" font-size="{size:.0f}"'
        out.append(
            f'<text {common} fill="none" stroke="#ffffff" stroke-width="6" stroke-linejoin="round">{escape(text)}</text>'
        )
        out.append(f'<text class="label" {common} fill="{style.ink}">{escape(text)}</text>')
    out.append("</svg>")
    return "\n".join(out)


def svg_data_uri(svg: str) -> str:
    import base64

    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


