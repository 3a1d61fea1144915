"""GDELT 1.0 / 2.0 imports: counts, field mappings, rejects, idempotence."""

from __future__ import annotations

import json
import shutil
import zipfile
from datetime import date

from tracker.imports import ImportFilters, import_files

from .conftest import DATA, event, rows

GDELT2 = DATA / "gdelt" / "20240701120000.export.CSV"


def test_gdelt2_counts_and_reasons(db):
    s = import_files(db, "gdelt", [GDELT2])
    f = s.files[0]
    assert f.format == "gdelt2 (61 columns)"
    assert (f.read, f.imported, f.duplicate, f.rejected, f.filtered) == (12, 5, 1, 6, 0)
    assert dict(f.reasons) == {
        "wrong column count": 1,
        "bad date": 1,
        "bad number": 1,
        "bad encoding": 1,
        "missing event code": 1,
        "unknown event code": 1,
    }
    batch = rows(
        db,
        "SELECT dataset, file_name, rows_read, rows_imported, rows_duplicate, rows_rejected, "
        "length(sha256), finished_at IS NOT NULL, tool_version FROM import_batch",
    )
    assert batch == [("gdelt", "20240701120000.export.CSV", 12, 5, 1, 6, 64, True, "0.1.0")]


def test_gdelt2_field_mapping(db):
    import_files(db, "gdelt", [GDELT2])
    e = event(db, "gdelt", "1002")
    assert (e["code"], e["root_code"], e["goldstein"], e["quad_class"]) == ("0243", "02", -0.3, 1)
    assert (e["actor_code"], e["target_code"], e["actor_country"], e["target_country"]) == (
        "CHNGOV",
        "USA",
        "CHN",
        "USA",
    )
    assert (e["status"], e["coder"], e["dataset"], e["directed"]) == ("accepted", "gdelt", "gdelt", True)
    assert e["source_url"] == "https://example.org/a" and e["actor_name"] == "NAME CHNGOV"
    raw = json.loads(e["raw"])
    assert (raw["mentions"], raw["sources"], raw["articles"], raw["tone"], raw["date_added"]) == (
        4,
        1,
        4,
        -3.5,
        "20240701120000",
    )
    assert raw["geo"]["actor1"]["fips"] == "CH" and raw["geo"]["action"]["lat"] == 10.5
    # empty actor code and country: country from the actor's geo block (FIPS RS -> RUS), row kept
    e = event(db, "gdelt", "1003")
    assert (e["actor_code"], e["actor_country"], e["target_country"], e["quad_class"]) == (
        "",
        "RUS",
        "UKR",
        4,
    )
    assert json.loads(e["raw"])["country_from_geo"] == "actor1"
    assert json.loads(event(db, "gdelt", "1001")["raw"])["country_from_geo"] is None
    # dated a year before the file: kept; Actor2 country empty -> FIPS TW -> TWN
    e = event(db, "gdelt", "1004")
    assert (e["event_date"], e["target_country"]) == (date(2023, 7, 1), "TWN")
    # empty Goldstein and QuadClass: from the code (111 = -2.0) and its root (11 -> 3)
    e = event(db, "gdelt", "1006")
    assert (e["goldstein"], e["quad_class"]) == (-2.0, 3)


def test_gdelt_rejects_keep_raw_line_and_reason(db):
    import_files(db, "gdelt", [GDELT2])
    got = rows(
        db,
        "SELECT reason, detail, line, split_part(raw_line, chr(9), 1) FROM import_rejected ORDER BY reason",
    )
    by_reason = {r[0]: r for r in got}
    assert by_reason["wrong column count"][2] == 4
    assert "Expected Number of Columns: 61 Found: 60" in by_reason["wrong column count"][1]
    assert by_reason["bad encoding"][2] == 12
    assert by_reason["bad date"][1:] == ("SQLDATE", None, "2002")
    assert by_reason["bad number"][1:] == ("GoldsteinScale", None, "2003")
    assert by_reason["missing event code"][3] == "2004"
    assert by_reason["unknown event code"][3] == "2005"
    full = rows(db, "SELECT raw_line FROM import_rejected WHERE reason = 'bad date'")[0][0]
    assert full == GDELT2.read_text(encoding="utf-8", errors="replace").splitlines()[4]


def test_gdelt1_layouts(db):
    s = import_files(
        db, "gdelt", [DATA / "gdelt" / "20130402.export.CSV", DATA / "gdelt" / "20130301.export.CSV"]
    )
    assert [f.format for f in s.files] == ["gdelt1 (58 columns)", "gdelt1 (57 columns)"]
    assert s.imported == 3 and s.rejected == 0
    assert event(db, "gdelt", "3003")["source_url"] is None
    assert event(db, "gdelt", "3002")["code"] == "173"


def test_reimport_adds_nothing(db, tmp_path):
    first = import_files(db, "gdelt", [DATA / "gdelt"])
    again = import_files(db, "gdelt", [DATA / "gdelt"])
    assert first.imported == 8
    assert again.imported == 0 and all(f.status == "skipped" for f in again.files)
    # the same bytes under another name, inside a zip: recognised by checksum
    archive = tmp_path / "copy.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.write(GDELT2, "renamed.export.CSV")
    assert import_files(db, "gdelt", [archive]).files[0].skipped == "already imported (batch 3)"
    assert rows(db, "SELECT count(*), count(DISTINCT external_id) FROM event") == [(8, 8)]
    assert rows(db, "SELECT count(*) FROM import_batch") == [(3,)]


def test_later_file_repeating_events_adds_only_new(db, tmp_path):
    import_files(db, "gdelt", [GDELT2])
    later = tmp_path / "20240701121500.export.CSV"
    lines = GDELT2.read_bytes().splitlines()
    later.write_bytes(b"\n".join([lines[0], lines[1], lines[0].replace(b"1001\t", b"7001\t", 1)]) + b"\n")
    f = import_files(db, "gdelt", [later]).files[0]
    assert (f.read, f.imported, f.duplicate) == (3, 1, 2)


def test_filters_count_filtered_rows(db):
    f = import_files(db, "gdelt", [GDELT2], ImportFilters(since=date(2024, 1, 1), countries=("RUS",))).files[
        0
    ]
    assert (f.imported, f.filtered, f.duplicate, f.rejected) == (1, 5, 0, 6)
    assert rows(db, "SELECT external_id FROM event") == [("1003",)]
    # the same file without filters is read again and adds the rest
    f = import_files(db, "gdelt", [GDELT2]).files[0]
    assert (f.imported, f.duplicate) == (4, 2)


def test_folder_skips_mentions_and_reads_zips(db, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "20240701120000.mentions.CSV").write_text("not an event file\n")
    with zipfile.ZipFile(folder / "20240701120000.export.CSV.zip", "w") as zf:
        zf.write(GDELT2, GDELT2.name)
    shutil.copy(DATA / "gdelt" / "20130301.export.CSV", folder)
    s = import_files(db, "gdelt", [folder])
    assert [f.path.split("/")[-1] for f in s.files] == [
        "20130301.export.CSV",
        "20240701120000.export.CSV.zip!20240701120000.export.CSV",
    ]
    assert s.imported == 6


def test_not_a_gdelt_file_is_a_file_error(db, tmp_path):
    bad = tmp_path / "x.csv"
    bad.write_text("a,b,c\n1,2,3\n")
    f = import_files(db, "gdelt", [bad]).files[0]
    assert f.status == "failed"
    assert (
        f.error
        == "x.csv is not a GDELT event file: its lines have 1 tab-separated columns (GDELT 1.0 has 57 or 58, GDELT 2.0 61)."
    )
    assert rows(db, "SELECT count(*) FROM import_batch") == [(0,)]


def test_gzip_file(db, tmp_path):
    import gzip

    packed = tmp_path / "20240701120000.export.CSV.gz"
    packed.write_bytes(gzip.compress(GDELT2.read_bytes()))
    f = import_files(db, "gdelt", [packed]).files[0]
    assert (f.format, f.imported, f.rejected) == ("gdelt2 (61 columns)", 5, 6)
