"""Report-level vs event-level (one-a-day) counting over imported events."""

from __future__ import annotations

import pytest

from tracker.errors import InputError
from tracker.imports import import_files
from tracker.imports.dedup import dedup_counts, dedup_relation

from .conftest import rows
from .gdelt_rows import gdelt_row, line


def test_oneaday_view_and_counts(db, tmp_path):
    same = [gdelt_row(i, url=f"https://example.org/{i}") for i in (1, 2, 3)]  # one event, three reports
    other_day = gdelt_row(4, day="20240702")
    other_target = gdelt_row(5, a2="CHNGOV")
    no_target = [gdelt_row(6, a2="", a2_country=""), gdelt_row(7, a2="", a2_country="")]
    path = tmp_path / "20240702000000.export.CSV"
    path.write_text("\n".join(line(r) for r in [*same, other_day, other_target, *no_target]) + "\n")
    import_files(db, "gdelt", [path])
    got = rows(db, "SELECT external_id, reports FROM events_oneaday ORDER BY reports DESC, external_id")
    assert [r[1] for r in got] == [3, 2, 1, 1]
    assert got[0][0] in {"1", "2", "3"} and got[1][0] in {"6", "7"} and [r[0] for r in got[2:]] == ["4", "5"]
    frame = dedup_counts(db)
    assert frame.to_dict("records") == [
        {"dataset": "gdelt", "reports": 7, "events": 4, "reports_per_event": 1.75}
    ]
    assert rows(db, f"SELECT count(*) FROM {dedup_relation('report')}") == [(7,)]
    assert rows(db, f"SELECT count(*) FROM {dedup_relation('event')}") == [(4,)]
    with pytest.raises(InputError):
        dedup_relation("article")
