"""Timeline bucketing: missing periods become zeros, rolling means trail."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from tracker.analysis.timeline import (
    COUNT_COLUMNS,
    add_rolling_mean,
    complete_periods,
    period_end,
    period_start,
)


def counts(rows) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["period", *COUNT_COLUMNS])
    frame["period"] = pd.to_datetime(frame["period"])
    return frame


def test_missing_months_are_filled_with_zeros_between_since_and_until():
    frame = counts([["2020-02-01", 0, 0, 1, 1, 2, 0, 2, 7.0, -7.0]])
    out = complete_periods(frame, "month", since=date(2020, 1, 15), until=date(2020, 4, 2))
    assert out["period"].dt.strftime("%Y-%m").tolist() == ["2020-01", "2020-02", "2020-03", "2020-04"]
    assert out["events"].tolist() == [0, 2, 0, 0]
    assert out["intensity"].tolist() == [0.0, 7.0, 0.0, 0.0]
    assert out["period_end"].iloc[1] == pd.Timestamp("2020-03-01")


def test_without_bounds_the_range_is_the_data():
    frame = counts([["2020-01-06", 1, 0, 0, 0, 1, 1, 0, 0.0, 3.0],
                    ["2020-01-20", 1, 0, 0, 0, 1, 1, 0, 0.0, 3.0]])
    out = complete_periods(frame, "week")
    assert out["period"].dt.strftime("%Y-%m-%d").tolist() == ["2020-01-06", "2020-01-13", "2020-01-20"]


def test_empty_counts_without_bounds_give_an_empty_frame():
    assert complete_periods(counts([]), "day").empty


def test_periods_start_on_mondays_and_first_days():
    assert period_start(date(2020, 1, 9), "week") == date(2020, 1, 6)
    assert period_start(date(2020, 1, 9), "month") == date(2020, 1, 1)
    assert period_end(date(2020, 1, 31), "day") == date(2020, 2, 1)
    with pytest.raises(ValueError):
        period_start(date(2020, 1, 9), "year")


def test_rolling_mean_trails_and_starts_with_fewer_periods():
    frame = pd.DataFrame({"intensity": [3.0, 0.0, 6.0, 3.0]})
    assert add_rolling_mean(frame, window=3)["intensity_rolling"].tolist() == [3.0, 1.5, 3.0, 3.0]
