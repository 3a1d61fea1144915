"""The Python API for notebooks returns DataFrames."""

from __future__ import annotations

import pandas as pd
import pytest

import tracker
from tracker.errors import DatabaseError
from tracker.services.events import record_event


def test_open_events_sql_and_stats(fresh_db, coder_user):
    record_event(fresh_db, {"event_date": "2021-03-22", "actor_code": "USAGOV", "target_code": "CHNGOV",
                            "code": "163", "issues": ["xinjiang_uyghurs"]}, coder_user)
    db = tracker.open(fresh_db.path)
    df = db.events(actor="USA", issue="human_rights", since="2021-01-01")
    assert isinstance(df, pd.DataFrame) and df.code.tolist() == ["163"]
    assert db.events(target="USA").empty
    flat = db.sql("SELECT actor_name, stance, issues FROM events_enriched")
    assert flat.stance[0] == "Impose embargo, boycott, or sanctions"
    assert list(flat.issues[0]) == ["xinjiang_uyghurs"]
    assert db.stats()["tables"]["event"] == 1
    assert len(db.table("event_type")) == 312


def test_open_missing_file_says_how_to_create_it(tmp_path):
    with pytest.raises(DatabaseError, match="tracker --db .* init"):
        tracker.open(tmp_path / "none.duckdb")
