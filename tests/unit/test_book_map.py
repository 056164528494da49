"""The route map: drawn offline from world-atlas outlines, stops numbered in order."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from cocohop.book.route_map import (
    WORLD_ATLAS_DIR,
    MapStop,
    country_shapes,
    route_map_svg,
    svg_data_uri,
)

SVG = "{http://www.w3.org/2000/svg}"
JAPAN = [
    MapStop("Tokyo", 35.6895, 139.6917),
    MapStop("Hakone", 35.2324, 139.1069),
    MapStop("Kyoto", 35.0116, 135.7681),
    MapStop("Nara", 34.6851, 135.8048),
    MapStop("Osaka", 34.6937, 135.5023),
    MapStop("Tokyo", 35.6895, 139.6917),
]


def _route_points(svg: str) -> list[tuple[float, float]]:
    root = ET.fromstring(svg)
    [line] = root.iter(f"{SVG}polyline")
    return [tuple(map(float, point.split(","))) for point in line.get("points").split()]


def _view_box(svg: str) -> tuple[float, ...]:
    return tuple(map(float, ET.fromstring(svg).get("viewBox").split()))


def test_world_atlas_is_installed_by_setup():
    assert (WORLD_ATLAS_DIR / "countries-10m.json").is_file(), "run scripts/setup.sh"


def test_stops_are_numbered_and_joined_in_order(tmp_path):
    svg = route_map_svg("JP", JAPAN, cache_dir=tmp_path)
    root = ET.fromstring(svg)
    # The line goes through every stop, in the trip's order (east to west, back east).
    xs = [x for x, _ in _route_points(svg)]
    assert len(xs) == len(JAPAN)
    assert xs[0] > xs[1] > xs[2] and xs[4] < xs[5] and xs[0] == xs[5]
    groups = [g.get("data-stops") for g in root.iter(f"{SVG}g") if g.get("class") == "stop"]
    assert groups == ["1 6", "2", "3", "4", "5"]  # Tokyo is both the first and the last stop
    labels = [t.text for t in root.iter(f"{SVG}text") if t.get("class") == "label"]
    assert labels == ["Tokyo", "Hakone", "Kyoto", "Nara", "Osaka"]
    marker_texts = [t.text for g in root.iter(f"{SVG}g") for t in g.iter(f"{SVG}text")]
    assert marker_texts == ["1·6", "2", "3", "4", "5"]


def test_the_country_outline_and_its_neighbours_are_drawn(tmp_path):
    svg = route_map_svg("JP", JAPAN, cache_dir=tmp_path)
    paths = {p.get("class"): p.get("d") for p in ET.fromstring(svg).iter(f"{SVG}path")}
    assert paths["country"].count("M") > 10  # Honshu, Hokkaido, Kyushu, Shikoku, islands
    assert None in paths  # neighbours (Korea, Russia), unnamed
    # Extracted once, kept on disk per country.
    assert list(tmp_path.glob("JP-*.json"))


def test_far_islands_do_not_shrink_the_mainland(tmp_path):
    # Portugal: the Azores and Madeira are far out in the Atlantic; the frame stays on the
    # mainland and the route, so Lisbon and Porto are far apart on the map.
    portugal = [MapStop("Lisbonne", 38.7223, -9.1393), MapStop("Porto", 41.1496, -8.611)]
    svg = route_map_svg("PT", portugal, cache_dir=tmp_path)
    _, _, width, height = _view_box(svg)
    (x1, y1), (x2, y2) = _route_points(svg)
    assert abs(y1 - y2) > 0.3 * height  # with the Azores in the frame: under 0.1
    # A route that does go to the Azores widens the frame to hold it.
    svg = route_map_svg("PT", [*portugal, MapStop("Ponta Delgada", 37.7412, -25.6756)], cache_dir=tmp_path)
    xs = [x for x, _ in _route_points(svg)]
    _, _, width, _ = _view_box(svg)
    assert all(0 <= x <= width for x in xs)


def test_place_names_are_escaped():
    svg = route_map_svg("JP", [MapStop('<script>x</script> & "Tokyo"', 35.68, 139.69)], cache_dir=None)
    assert "<script>" not in svg
    ET.fromstring(svg)  # still well-formed


def test_without_outline_data_the_route_is_still_drawn(tmp_path):
    svg = route_map_svg("JP", JAPAN, atlas_dir=tmp_path / "missing", cache_dir=None)
    assert 'class="country"' not in svg and len(_route_points(svg)) == len(JAPAN)
    assert route_map_svg("JP", []) is None
    assert route_map_svg("JP", [MapStop("Nowhere", 123.0, 500.0)]) is None
    assert country_shapes("XX") is None and country_shapes(None) is None


def test_the_map_is_an_svg_data_uri_in_the_book():
    from cocohop.book.render import book_html
    from cocohop.book.sample import sample_trip

    html = book_html(sample_trip(6, "en"))
    [uri] = re.findall(r'<img class="route-map" src="([^"]+)"', html)
    assert uri.startswith("data:image/svg+xml;base64,")
    assert uri == svg_data_uri(route_map_svg("JP", [MapStop(s.place, s.lat, s.lon) for s in sample_trip(6, "en").route]))
