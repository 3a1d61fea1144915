"""ICEWS imports: the real 2018 sample, the 2017-style layout, and a newer overlapping release."""

from __future__ import annotations

import json
from datetime import date

from tracker.imports import import_files
from tracker.imports.icews import actor_code, split_sectors

from .conftest import DATA, event, rows

SAMPLE = DATA / "icews_events.2018.sample.tab"
UGLY = DATA / "icews" / "events.2017.ugly.tab"
NEWER = DATA / "icews" / "events.2017.newer.tab"


def test_sample_imports_every_row(db):
    f = import_files(db, "icews", [SAMPLE]).files[0]
    assert f.format == "icews (20 columns, with CAMEO Code)"
    assert (f.read, f.imported, f.duplicate, f.rejected) == (3705, 3705, 0, 0)
    assert rows(
        db,
        "SELECT count(*) FROM event WHERE (actor_country = 'CHN' AND target_country = 'USA') "
        "OR (actor_country = 'USA' AND target_country = 'CHN')",
    ) == [(101,)]


def test_sample_field_mapping(db):
    import_files(db, "icews", [SAMPLE])
    e = event(db, "icews", "32889836:2018-06-01")
    assert (e["actor_code"], e["actor_country"], e["actor_name"]) == (
        "BGDGOV",
        "BGD",
        "Foreign Affairs (Bangladesh)",
    )
    assert (e["target_code"], e["target_country"]) == ("VNMMIL", "VNM")
    assert (e["code"], e["root_code"], e["goldstein"], e["quad_class"]) == ("040", "04", 1.0, 1)
    assert e["event_date"] == date(2018, 6, 1) and e["coder"] == "icews"
    raw = json.loads(e["raw"])
    assert raw["publisher"] == "Vietnam News Agency Bulletin" and raw["district"] is None  # 'NA' -> null
    assert raw["source_sectors"] == "Executive,Foreign Ministry,Government"


def test_2017_layout_labels_dates_and_rejects(db):
    f = import_files(db, "icews", [UGLY]).files[0]
    assert f.format == "icews (19 columns, no CAMEO Code: codes from Event Text)"
    assert (f.read, f.imported, f.duplicate, f.rejected) == (9, 4, 1, 4)
    assert dict(f.reasons) == {
        "bad date": 1,
        "bad number": 1,
        "unknown event code": 1,
        "wrong column count": 1,
    }
    # the same Event ID on two dates is two events
    assert {r[0] for r in rows(db, "SELECT external_id FROM event WHERE external_id LIKE '9001:%'")} == {
        "9001:2017-06-01",
        "9001:2017-06-02",
    }
    e = event(db, "icews", "9001:2017-06-01")
    assert (e["code"], e["goldstein"], e["actor_code"], e["target_code"]) == ("111", -2.0, "CHNGOV", "USAGOV")
    # NA intensity -> ICEWS Goldstein of the code; sector name with a comma; empty target
    e = event(db, "icews", "9006:2017-06-04")
    assert (e["code"], e["goldstein"], e["quad_class"], e["actor_code"], e["target_code"]) == (
        "141",
        -6.5,
        3,
        "SYROPP",
        None,
    )
    # a year before the file: kept
    assert event(db, "icews", "9007:2016-06-05")["actor_code"] == "RUSMIL"
    reasons = dict(rows(db, "SELECT reason, detail FROM import_rejected"))
    assert reasons["bad number"] == "Intensity" and reasons["bad date"] == "Event Date"


def test_newer_release_adds_only_what_is_new(db):
    import_files(db, "icews", [UGLY])
    f = import_files(db, "icews", [NEWER]).files[0]
    assert (f.read, f.imported, f.duplicate) == (3, 1, 2)
    assert event(db, "icews", "9010:2017-06-06")["code"] == "112"
    assert import_files(db, "icews", [NEWER]).files[0].status == "skipped"


def test_sector_parsing():
    assert split_sectors('"Arab, Levant",Protestors / Popular Opposition / Mobs') == [
        "Arab, Levant",
        "Protestors / Popular Opposition / Mobs",
    ]
    assert actor_code("China", "Military,Government") == ("CHNMIL", "CHN")
    assert actor_code("Moldova, Republic of", None) == ("MDA", "MDA")
    assert actor_code(None, "International Government Organization") == ("IGO", None)
