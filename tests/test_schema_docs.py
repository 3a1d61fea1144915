"""docs/schema.md documents every table, view and column, and stays in step with the code."""

from __future__ import annotations

from tests.conftest import ROOT
from tracker.db.catalog import render_schema_markdown, schema_catalog


def test_docs_file_is_current():
    expected = render_schema_markdown()
    actual = (ROOT / "docs" / "schema.md").read_text()
    assert actual == expected, "docs/schema.md is out of date: run `python -m tracker.db.catalog > docs/schema.md`"


def test_every_column_in_the_database_is_documented(fresh_db):
    documented = {(r.name, c.name): c.description for r in schema_catalog() for c in r.columns}
    described = {r.name: r.description for r in schema_catalog()}
    real = fresh_db.query_df(
        "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'main'"
    )
    missing = [f"{t}.{c}" for t, c in real.itertuples(index=False) if not documented.get((t, c))]
    assert not missing, f"undocumented columns: {missing}"
    assert all(described.values()), "every table and view needs a description"
    stale = sorted({(t, c) for (t, c) in documented} - set(real.itertuples(index=False, name=None)))
    assert not stale, f"documented but not in the database: {stale}"
