"""ACLED and POLECAT imports: mappings to CAMEO, undirected events, issues from PLOVER contexts, rejects."""

from __future__ import annotations

import json
from datetime import date

from tracker.imports import import_files
from tracker.imports.acled import map_event_type

from .conftest import DATA, event, rows

ACLED = DATA / "acled" / "acled_2024-07.csv"
POLECAT_V1 = DATA / "polecat" / "ngec_coded_v1_2024-07-01.txt"
POLECAT_V2 = DATA / "polecat" / "ngec_coded_v2_2024-07-08.txt"


def test_acled_counts_dates_and_rejects(db):
    f = import_files(db, "acled", [ACLED]).files[0]
    assert (f.read, f.imported, f.duplicate, f.rejected) == (9, 4, 1, 4)
    assert dict(f.reasons) == {
        "bad date": 1,
        "bad number": 1,
        "unknown event type": 1,
        "wrong column count": 1,
    }
    # the three date spellings
    assert event(db, "acled", "ARG10607")["event_date"] == date(2024, 7, 1)
    assert event(db, "acled", "UKR1001")["event_date"] == date(2024, 7, 1)
    assert event(db, "acled", "CHN55")["event_date"] == date(2024, 7, 2)
    got = dict(rows(db, "SELECT reason, detail FROM import_rejected"))
    assert got["unknown event type"] == "Parade" and got["bad number"] == "fatalities"
    assert got["wrong column count"].startswith("disorder_type: Expected Number of Columns: 31 Found: 4")


def test_acled_mapping(db):
    import_files(db, "acled", [ACLED])
    e = event(db, "acled", "UKR1001")
    assert (e["code"], e["root_code"], e["goldstein"], e["quad_class"], e["directed"]) == (
        "194",
        "19",
        -10.0,
        4,
        False,
    )
    assert (e["actor_code"], e["actor_country"], e["target_code"], e["target_country"]) == (
        "RUSMIL",
        "RUS",
        "UKRCVL",
        "UKR",
    )
    assert e["actor_name"] == "Military Forces of Russia (2000-)" and e["coder"] == "acled"
    raw = json.loads(e["raw"])
    assert (
        raw["event_type"],
        raw["sub_event_type"],
        raw["fatalities"],
        raw["plover_type"],
        raw["plover_mode"],
    ) == ("Explosions/Remote violence", "Shelling/artillery/missile attack", "2", "ASSAULT", "heavy-weapons")
    e = event(db, "acled", "CHN55")
    assert (e["code"], e["actor_code"], e["target_code"]) == ("173", "CHNCOP", "CHNOPP")
    assert (
        json.loads(e["raw"])["notes"]
        == 'Police detained "at least 5" workers, including organisers, after a strike.'
    )
    # a typo in the category is kept, mapped to the closest name, and says so
    e = event(db, "acled", "SDN300")
    assert (e["code"], e["actor_code"], e["target_code"]) == ("190", "SDNMIL", "SDNREB")
    assert json.loads(e["raw"])["matched"] == "Battles / Armed clash"
    assert event(db, "acled", "ARG10607")["target_code"] is None


def test_acled_category_matching():
    assert map_event_type("protests", " Peaceful  protest ")["cameo_code"] == "141"
    assert map_event_type("Riots", "")["cameo_code"] == "145"
    assert map_event_type("Strategic developments", "Something new")["cameo_code"] == "010"
    assert map_event_type("Parade", "Armed clash") is None


def test_polecat_mapping_and_issues(db):
    f = import_files(db, "polecat", [POLECAT_V1]).files[0]
    assert f.format == "polecat (40 columns, utf-8)"
    assert (f.read, f.imported, f.duplicate, f.rejected) == (7, 3, 1, 3)
    assert dict(f.reasons) == {"unknown event type": 1, "bad date": 1, "bad number": 1}
    e = event(db, "polecat", "pc-0001")
    assert (e["code"], e["goldstein"], e["quad_class"], e["actor_code"], e["target_code"]) == (
        "112",
        -2.0,
        3,
        "USAGOV",
        "CHNGOV",
    )
    assert (e["directed"], e["actor_name"], e["target_name"]) == (
        True,
        "United States Department of State",
        "China",
    )
    raw = json.loads(e["raw"])
    assert (raw["event_type"], raw["event_mode"], raw["event_intensity"], raw["quad_code"]) == (
        "ACCUSE",
        "allege",
        "-3.5",
        "VERBAL CONFLICT",
    )
    issues = rows(
        db,
        "SELECT e.external_id, i.issue_code FROM event_issue i JOIN event e ON e.id = i.event_id "
        "ORDER BY 1, 2",
    )
    assert issues == [
        ("pc-0001", "human_rights"),
        ("pc-0001", "rights_freedoms"),
        ("pc-0002", "military"),
        ("pc-0002", "territory"),
    ]
    # lists: the first actor gives the code, the raw value keeps them all; 'None' is missing
    e = event(db, "polecat", "pc-0002")
    assert (e["code"], e["actor_code"], e["actor_country"], e["target_code"]) == (
        "154",
        "CHNMIL",
        "CHN",
        "TWN",
    )
    assert json.loads(e["raw"])["actor_country"] == "CHN; RUS"
    e = event(db, "polecat", "pc-0003")
    assert (e["code"], e["actor_code"], e["target_code"], e["actor_name"]) == ("042", "", None, None)


def test_polecat_later_release_renamed_columns_latin1(db):
    import_files(db, "polecat", [POLECAT_V1])
    f = import_files(db, "polecat", [POLECAT_V2]).files[0]
    assert f.format == "polecat (22 columns, latin-1)"
    assert (f.read, f.imported, f.duplicate, f.rejected) == (2, 1, 1, 0)
    e = event(db, "polecat", "pc-0100")
    assert (e["code"], e["actor_code"], e["target_code"], e["source_url"]) == (
        "060",
        "COLHLH",
        "IGO",
        "https://example.org/bogota",
    )
    raw = json.loads(e["raw"])
    assert raw["headline"] == "Ministers meet in Bogotá" and raw["event_intensity"] == "9.5"
    assert rows(
        db,
        "SELECT issue_code FROM event_issue i JOIN event e ON e.id = i.event_id "
        "WHERE e.external_id = 'pc-0100'",
    ) == [("health",)]
