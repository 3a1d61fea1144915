"""The escalation-episode algorithm on hand-built series."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from tracker.analysis.episodes import EpisodeParams, baseline_thresholds, detect_episodes

PARAMS = EpisodeParams(window=12, k=3.0, min_spread=1.0, min_history=3, min_length=1, max_gap=1)


def series(values) -> pd.DataFrame:
    """A monthly timeline frame with the given intensities."""
    period = pd.date_range("2020-01-01", periods=len(values), freq="MS")
    return pd.DataFrame({"period": period, "period_end": period + pd.DateOffset(months=1),
                         "intensity": np.asarray(values, dtype="float64")})


def test_flat_series_has_no_episode():
    assert detect_episodes(series([5.0] * 40), PARAMS).empty


def test_all_zero_series_has_no_episode():
    assert detect_episodes(series([0.0] * 40), PARAMS).empty


def test_clear_spike_is_one_episode_with_its_bounds():
    values = [2.0] * 20 + [30.0, 45.0] + [2.0] * 10
    episodes = detect_episodes(series(values), PARAMS)
    assert len(episodes) == 1
    ep = episodes.iloc[0]
    assert (ep["first"], ep["last"]) == (20, 21)
    assert ep["start"] == pd.Timestamp("2021-09-01")       # period 20
    assert ep["end"] == pd.Timestamp("2021-11-01")         # end of period 21 (exclusive)
    assert ep["peak_period"] == pd.Timestamp("2021-10-01")
    assert ep["peak_value"] == 45.0
    assert ep["total"] == 75.0
    assert ep["baseline"] == 2.0


def test_noise_below_the_threshold_is_ignored():
    rng = np.random.default_rng(7)
    values = 10 + rng.uniform(-2, 2, size=60)
    flags = baseline_thresholds(values, PARAMS)
    assert (flags["value"] > flags["baseline"]).any()      # the noise does rise above the baseline...
    assert detect_episodes(series(values), PARAMS).empty   # ...but never by k spreads


def test_spike_on_noise_is_found_and_noise_around_it_is_not():
    rng = np.random.default_rng(3)
    values = 10 + rng.uniform(-2, 2, size=50)
    values[30] = 40
    episodes = detect_episodes(series(values), PARAMS)
    assert episodes[["first", "last"]].values.tolist() == [[30, 30]]


def test_hot_periods_across_a_short_gap_merge_and_a_long_gap_splits():
    values = [1.0] * 15 + [20.0, 1.0, 20.0] + [1.0] * 6 + [25.0] + [1.0] * 5
    episodes = detect_episodes(series(values), PARAMS)
    assert episodes[["first", "last", "hot_periods"]].values.tolist() == [[15, 17, 2], [24, 24, 1]]
    no_gap = detect_episodes(series(values), EpisodeParams(**{**PARAMS.__dict__, "max_gap": 0}))
    assert no_gap[["first", "last"]].values.tolist() == [[15, 15], [17, 17], [24, 24]]


def test_min_length_drops_short_episodes():
    values = [1.0] * 15 + [20.0] + [1.0] * 5 + [20.0, 22.0, 21.0] + [1.0] * 3
    long_only = detect_episodes(series(values), EpisodeParams(**{**PARAMS.__dict__, "min_length": 3}))
    assert long_only[["first", "last"]].values.tolist() == [[21, 23]]


def test_no_period_is_hot_before_min_history():
    values = [50.0, 0.0, 0.0, 0.0, 0.0]
    assert detect_episodes(series(values), PARAMS).empty
    thresholds = baseline_thresholds(values, PARAMS)["threshold"]
    assert thresholds.isna().tolist() == [True, True, True, False, False]


def test_min_spread_floor_keeps_small_blips_out_of_a_flat_history():
    values = [0.0] * 20 + [2.0] + [0.0] * 5
    assert detect_episodes(series(values), PARAMS).empty
    assert len(detect_episodes(series(values), EpisodeParams(**{**PARAMS.__dict__, "min_spread": 0.5}))) == 1


def test_empty_frame_gives_an_empty_episode_table():
    assert detect_episodes(series([]), PARAMS).empty


@pytest.mark.parametrize("bad", [{"window": 0}, {"k": 0}, {"min_spread": 0}, {"min_history": 13},
                                 {"max_gap": -1}, {"min_length": 0}])
def test_invalid_parameters_are_refused(bad):
    with pytest.raises(ValueError):
        EpisodeParams(**{**PARAMS.__dict__, **bad})
