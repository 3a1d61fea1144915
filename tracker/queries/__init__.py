"""The read side: (db, filters) -> pandas DataFrames. The only place with SELECTs."""
