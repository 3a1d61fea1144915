"""tracker: geopolitical events coded from news into DuckDB.

For notebooks::

    import tracker
    db = tracker.open("data/tracker.duckdb")
    db.events(actor="USA", issue="human_rights")   # a pandas DataFrame
    db.sql("SELECT root_code, count(*) FROM events_enriched GROUP BY 1")
"""

__version__ = "0.1.0"


def open(path=None, **settings):  # noqa: A001 - the name notebooks expect
    """Open a tracker database for analysis; see tracker.api.TrackerHandle."""
    from tracker.api import open_database

    return open_database(path, **settings)
