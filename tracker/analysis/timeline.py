"""Timeline frames: complete the periods a query left out, and add the conflict-intensity rolling mean."""

from __future__ import annotations

from datetime import date

import pandas as pd

#: count columns of a timeline frame (per period), as queries/timeline.py returns them
COUNT_COLUMNS = ["q1", "q2", "q3", "q4", "events", "cooperation", "conflict", "intensity", "goldstein_sum"]

_FREQ = {"day": "D", "week": "W-MON", "month": "MS"}


def period_start(day: date, granularity: str) -> date:
    """The first day of the period ``day`` falls in (weeks start on Monday, as DuckDB's date_trunc)."""
    ts = pd.Timestamp(day)
    if granularity == "day":
        return ts.date()
    if granularity == "week":
        return (ts - pd.Timedelta(days=ts.weekday())).date()
    if granularity == "month":
        return ts.replace(day=1).date()
    raise ValueError(f"unknown granularity {granularity!r}; use day, week or month")


def period_end(start: date, granularity: str) -> date:
    """The first day after the period that starts on ``start`` (periods are half-open [start, end))."""
    ts = pd.Timestamp(start)
    step = {"day": pd.DateOffset(days=1), "week": pd.DateOffset(weeks=1), "month": pd.DateOffset(months=1)}
    return (ts + step[granularity]).date()


def complete_periods(counts: pd.DataFrame, granularity: str, since: date | None = None,
                     until: date | None = None) -> pd.DataFrame:
    """One row per period from ``since`` (or the first period with data) to ``until`` (or the last).

    ``counts`` has a ``period`` column (period start dates) and COUNT_COLUMNS; the result is sorted by period,
    with ``period`` as datetime64 and a ``period_end`` column (exclusive).
    """
    if granularity not in _FREQ:
        raise ValueError(f"unknown granularity {granularity!r}; use day, week or month")
    frame = counts.copy()
    frame["period"] = pd.to_datetime(frame["period"])
    if frame.empty and (since is None or until is None):
        return pd.DataFrame(columns=["period", "period_end", *COUNT_COLUMNS])
    first = pd.Timestamp(period_start(since, granularity)) if since else frame["period"].min()
    last = pd.Timestamp(period_start(until, granularity)) if until else frame["period"].max()
    index = pd.date_range(first, last, freq=_FREQ[granularity], name="period")
    out = (frame.set_index("period").reindex(index, fill_value=0)[COUNT_COLUMNS]
           .reset_index().astype({c: "float64" for c in ("intensity", "goldstein_sum")}))
    for column in COUNT_COLUMNS:
        if column not in ("intensity", "goldstein_sum"):
            out[column] = out[column].astype("int64")
    out.insert(1, "period_end", [pd.Timestamp(period_end(p.date(), granularity)) for p in out["period"]])
    return out


def add_rolling_mean(frame: pd.DataFrame, column: str = "intensity", window: int = 3) -> pd.DataFrame:
    """Add ``<column>_rolling``: the trailing mean over ``window`` periods (fewer at the start)."""
    if window < 1:
        raise ValueError("the rolling window is at least one period")
    out = frame.copy()
    out[f"{column}_rolling"] = out[column].astype("float64").rolling(window, min_periods=1).mean()
    return out
