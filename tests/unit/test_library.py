"""The content library: every shipped file loads, validates and holds plausible content."""

from __future__ import annotations

import json
import shutil
from decimal import Decimal

import pytest

from cocohop.library import build_coordinates
from cocohop.library.loader import (
    DATA_DIR,
    KNOWN_TAGS,
    PLACE_KINDS,
    STAY_LEVELS,
    ContentLibrary,
    LibraryError,
    UnknownCountry,
    find_place,
    list_countries,
    load_country,
    normalize_name,
    town_index,
)

REQUIRED_COUNTRIES = {"JP", "IT", "MA", "PT", "CR", "IS", "VN", "GR", "ZA", "PE", "FR", "ES", "TH", "MX"}
COUNTRIES = list_countries()
BOX_MARGIN_DEG = 0.5


def test_the_starter_library_covers_the_required_countries():
    assert REQUIRED_COUNTRIES <= set(COUNTRIES)
    assert COUNTRIES == sorted(COUNTRIES)


@pytest.mark.parametrize("code", COUNTRIES)
def test_every_file_loads_and_validates(code):
    country = ContentLibrary().load_country(code)  # a fresh library: no cache
    assert country.code == code
    assert country.name.en and country.name.fr and country.fr_in
    assert len(country.currency) == 3
    assert country.gateways, "a route must be able to start and end at an airport"
    for lang in ("en", "fr"):
        info = country.practical_info.get(lang)
        assert len(info.split("\n\n")) >= 4, "currency, plugs, time zone, entry formalities"


@pytest.mark.parametrize("code", COUNTRIES)
def test_places_have_stays_activities_and_sane_values(code):
    country = load_country(code)
    assert 6 <= len(country.places) <= 10
    for place in country.places:
        where = f"{code}/{place.id}"
        assert place.kind in PLACE_KINDS, where
        assert 1 <= place.min_nights <= place.max_nights, where
        assert place.description.en != place.description.fr, f"{where}: French text missing"
        assert set(place.tags) <= KNOWN_TAGS, where
        assert 2 <= len(place.stays) <= 3, where
        assert 3 <= len(place.activities) <= 5, where
        assert len({s.level for s in place.stays}) == len(place.stays), f"{where}: two stays of one level"
        for stay in place.stays:
            assert stay.level in STAY_LEVELS
            assert isinstance(stay.cost, Decimal) and stay.cost > 0, where
            assert len(stay.currency) == 3 and stay.address and stay.supplier, where
        names = [a.name.en for a in place.activities]
        assert len(set(names)) == len(names), f"{where}: repeated activity"
        for activity in place.activities:
            assert isinstance(activity.cost, Decimal) and activity.cost >= 0, where
            assert 15 <= activity.duration_minutes <= 12 * 60, where
            assert activity.tags and activity.name.fr and activity.description.fr, where


@pytest.fixture(scope="module")
def towns():
    # The 1000-inhabitant cut-off: at 15000, Iceland's towns do not reach its east coast.
    return town_index(1000)


@pytest.mark.parametrize("code", COUNTRIES)
def test_coordinates_lie_inside_the_country(code, towns):
    """Inside the box of the country's GeoNames towns, plus half a degree."""
    min_lat, max_lat, min_lon, max_lon = towns.bounding_box(code)
    for place in load_country(code).places:
        assert min_lat - BOX_MARGIN_DEG <= place.lat <= max_lat + BOX_MARGIN_DEG, place.id
        assert min_lon - BOX_MARGIN_DEG <= place.lon <= max_lon + BOX_MARGIN_DEG, place.id


@pytest.mark.parametrize("code", COUNTRIES)
def test_geonames_coordinates_match_geonames(code, towns):
    """What build_coordinates.py would report: nothing, once the files are filled."""
    problems = build_coordinates.process_file(DATA_DIR / f"{code}.json", write=False)
    assert problems == []


def test_brief_interests_are_known_tags(briefs):
    interests = {i for b in briefs for i in b["expect"].get("interests", [])}
    assert interests <= KNOWN_TAGS


@pytest.mark.parametrize(
    "name, country, expected",
    [
        ("Lisbonne", None, ("PT", "lisbon")),
        ("CUZCO", None, ("PE", "cusco")),
        ("le cap", None, ("ZA", "cape-town")),
        ("Fes", None, ("MA", "fes")),
        ("Fès", "MA", ("MA", "fes")),
        ("Saïgon", None, ("VN", "ho-chi-minh-city")),
        ("egilsstadir", None, ("IS", "egilsstadir")),
        ("Amalfi", "IT", ("IT", "amalfi-coast")),
        ("désert d'Agafay", None, ("MA", "agafay")),
        ("Mogador", None, ("MA", "essaouira")),
    ],
)
def test_find_place_ignores_case_accents_and_knows_aliases(name, country, expected):
    place = find_place(name, country)
    assert place is not None
    assert (place.country, place.id) == expected


def test_find_place_stays_within_the_country_asked():
    assert find_place("Rome", "JP") is None
    assert find_place("Atlantis") is None
    assert find_place("Oslo", "NO") is None  # no file for Norway: no error either
    assert find_place("", None) is None


def test_countries_are_cached():
    library = ContentLibrary()
    assert library.load_country("JP") is library.load_country("jp")


def test_unknown_country_raises():
    with pytest.raises(UnknownCountry, match="NO.json"):
        ContentLibrary().load_country("NO")


def test_normalize_name():
    assert normalize_name("Égilsstaðir") == "egilsstadir"
    assert normalize_name("  Hô Chi Minh-Ville ") == "ho chi minh ville"
    assert normalize_name("Mývatn") == normalize_name("MYVATN")


# --- validation errors name the file and the field ------------------------------------------


@pytest.fixture
def broken_library(tmp_path):
    def make(mutate) -> ContentLibrary:
        raw = json.loads((DATA_DIR / "JP.json").read_text(encoding="utf-8"))
        mutate(raw)
        (tmp_path / "JP.json").write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
        return ContentLibrary(tmp_path)

    return make


@pytest.mark.parametrize(
    "mutate, expected",
    [
        (lambda r: r["places"][0]["stays"][1].update(cost=38000.5), r"JP\.json: places\[0\]\.stays\[1\]\.cost"),
        (lambda r: r["places"][2]["activities"][0].update(start_time="25:00"), r"places\[2\]\.activities\[0\]\.start_time"),
        (lambda r: r["places"][1].update(tags=["onsen", "volcanos"]), r"places\[1\]\.tags\[1\]: 'volcanos'"),
        (lambda r: r["places"][0]["name"].pop("fr"), r"places\[0\]\.name\.fr: missing"),
        (lambda r: r["places"][3]["coords"].update(lat=None), r"places\[3\]\.coords\.lat"),
        (lambda r: r["places"][0].update(kind="metropolis"), r"places\[0\]\.kind"),
        (lambda r: r["places"][4].update(id="tokyo"), r"duplicate id 'tokyo'"),
        (lambda r: r["places"][4].update(aliases=["Tokyo"]), r"'Tokyo' is also a name of 'tokyo'"),
        (lambda r: r.update(code="JA"), r"JP\.json: code"),
        (lambda r: r["places"][0].update(nights={"min": 4, "max": 2}), r"places\[0\]\.nights\.max"),
    ],
)
def test_invalid_files_are_refused_with_file_and_field(broken_library, mutate, expected):
    with pytest.raises(LibraryError, match=expected):
        broken_library(mutate).load_country("JP")


def test_invalid_json_is_reported_with_its_line(tmp_path):
    shutil.copy(DATA_DIR / "JP.json", tmp_path / "JP.json")
    (tmp_path / "JP.json").write_text('{"code": "JP",\n oops}', encoding="utf-8")
    with pytest.raises(LibraryError, match=r"JP\.json: invalid JSON at line 2"):
        ContentLibrary(tmp_path).load_country("JP")


def test_compact_dump_round_trips():
    raw = json.loads((DATA_DIR / "MA.json").read_text(encoding="utf-8"))
    assert json.loads(build_coordinates.dumps_compact(raw)) == raw


# --- shared briefs ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def briefs():
    from tests.unit.test_generator import load_briefs

    return load_briefs()
