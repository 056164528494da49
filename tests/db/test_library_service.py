"""The agency's content library on PostgreSQL: CSV import with its per-row report,
search, edits, and the generator drawing on the agency's own entries."""

from __future__ import annotations

import pytest

from cocohop.services import library, trips
from cocohop.services.errors import EditConflict, InvalidEdit
from tests.db.conftest import make_scope

GOOD_AND_BAD = (
    "kind,country,place,name,supplier,cost,currency,unit,duration_minutes,start_time,tags,lat,lon\n"
    "stay,JP,Tokyo,Hôtel Partenaire Ginza,Ginza Hotels KK,32000,JPY,room_night,,,food,,\n"
    "activity,JP,Kyoto,Atelier de thé privé,Maison Ueda,9000,JPY,person,120,10:00,food,,\n"
    "place,JP,Naoshima,Naoshima,,,,,,,art,34.46,133.99\n"
    "stay,JP,Tokyo,,Nobody,100,JPY,room_night,,,,,\n"
    "activity,JP,Kyoto,Cours de cuisine,Chef,douze,JPY,person,,,,,\n"
    "spaceship,JP,Tokyo,Fusée,,,,,,,,,\n"
    "activity,XX1,Kyoto,Truc,,,,,,,,,\n"
    "stay,JP,Tokyo,Sans devise,Hotel,100,,room_night,,,,,\n"
    "place,JP,Ile,Ile,,,,,,,,95,10\n"
)


@pytest.fixture
def scope(session):
    return make_scope(session, "library-agency")


def test_csv_import_adds_good_rows_and_reports_each_bad_one_by_row(session, scope):
    report = library.import_csv(session, scope, GOOD_AND_BAD.encode())
    assert report.imported == 3
    assert [(p.row, p.message.split(":")[0]) for p in report.problems] == [
        (5, "name"),
        (6, "cost"),
        (7, "kind"),
        (8, "country"),
        (9, "currency"),
        (10, "lat"),
    ]
    names = [e.name for e in library.search(session, scope)]
    assert sorted(names) == ["Atelier de thé privé", "Hôtel Partenaire Ginza", "Naoshima"]


def test_a_french_spreadsheet_export_with_semicolons_and_a_bom_is_read(session, scope):
    data = "\ufeffkind;country;place;name;cost;currency\nactivity;MA;Marrakech;Cours de cuisine;45,50;EUR\n".encode()
    report = library.import_csv(session, scope, data)
    assert report.imported == 1 and report.problems == []
    assert library.search(session, scope, "cuisine")[0].cost == "45.5"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"name,place\nx,y\n", "Missing columns: kind, country"),
        (b"\xff\xfe\x00k\x00", "not UTF-8"),
        (b"", "cannot be read"),
        (b"kind,country,place,name\n" + b"x" * (3 * 1024 * 1024), "larger than 2 MB"),
    ],
)
def test_an_unreadable_file_imports_nothing_and_says_why(session, scope, data, message):
    report = library.import_csv(session, scope, data)
    assert report.imported == 0 and message in report.problems[0].message
    assert library.search(session, scope) == []


def test_search_edit_with_versions_and_delete(session, scope):
    library.import_csv(session, scope, GOOD_AND_BAD.encode())
    assert [e.name for e in library.search(session, scope, "ginza")] == ["Hôtel Partenaire Ginza"]
    assert [e.name for e in library.search(session, scope, kind="activity")] == ["Atelier de thé privé"]
    assert library.search(session, scope, country="MA") == []
    entry = library.search(session, scope, "ginza")[0]
    version = library.update_entry_field(session, scope, entry.id, "cost", "35000", entry.version)
    with pytest.raises(EditConflict):
        library.update_entry_field(session, scope, entry.id, "cost", "1", entry.version)
    with pytest.raises(InvalidEdit):
        library.update_entry_field(session, scope, entry.id, "unit", "per moon", version)
    assert library.search(session, scope, "ginza")[0].cost == "35000"
    library.delete_entry(session, scope, entry.id)
    assert library.search(session, scope, "ginza") == []


def test_another_agency_does_not_see_or_use_these_entries(session, scope):
    library.import_csv(session, scope, GOOD_AND_BAD.encode())
    other = make_scope(session, "other-agency")
    assert library.search(session, other) == []


def test_the_generator_draws_on_the_agencys_own_stays_and_activities(session, scope, shared_dir):
    import json

    library.import_csv(session, scope, GOOD_AND_BAD.encode())
    brief = json.loads((shared_dir / "briefs" / "briefs.json").read_text())["briefs"][0]  # Tokyo, Kyoto
    trip_id = trips.create_trip_from_brief(session, scope, brief["text"])
    names = [i.name for d in trips.load_trip(session, scope, trip_id).days for i in d.item_rows]
    assert "Hôtel Partenaire Ginza" in names
    # Another agency's draft of the same brief does not get them.
    other = make_scope(session, "other-agency")
    other_trip = trips.create_trip_from_brief(session, other, brief["text"])
    other_names = [i.name for d in trips.load_trip(session, other, other_trip).days for i in d.item_rows]
    assert "Hôtel Partenaire Ginza" not in other_names


def test_a_row_shorter_than_the_header_leaves_its_missing_cells_empty(session, scope):
    report = library.import_csv(session, scope, b"kind,country,place,name,supplier,phone\nactivity,JP,Kyoto,Zazen\n")
    assert report.imported == 1, report.problems
    entry = library.search(session, scope, "zazen")[0]
    assert entry.supplier == "" and entry.phone == ""
