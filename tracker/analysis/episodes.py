"""Escalation episodes: runs of periods whose conflict intensity rises well above its recent baseline.

The algorithm (documented in docs/dashboard.md too)
---------------------------------------------------
Input: one value per period (the conflict intensity, i.e. the negative Goldstein sum of the period's events),
in time order, with every period present (zeros included; see ``analysis.timeline.complete_periods``).

1. **Baseline.** For period *t*, the history is the ``window`` periods before it (t-window .. t-1; fewer at
   the start). The baseline is the history's median; the spread is its median absolute deviation scaled by
   1.4826 (so that it estimates a standard deviation for normal noise), but never less than ``min_spread``:
   a flat history has MAD 0, and without a floor any blip above it would count.
2. **Hot periods.** Period *t* is hot when it has at least ``min_history`` periods of history and
   ``value > baseline + k * spread``. Median and MAD are robust: a spike in the history barely moves them, so
   a second spike soon after the first is still seen, and an episode does not raise its own baseline until it
   fills half the window.
3. **Episodes.** Hot periods separated by at most ``max_gap`` cool periods are one episode (the cool periods
   in between belong to it); an episode spanning fewer than ``min_length`` periods is dropped.

Every parameter is passed explicitly (``EpisodeParams``); there are no clock reads and the result is
deterministic. ``baseline_thresholds`` gives the per-period baseline and threshold behind the result.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

#: scales a MAD to a standard deviation for normally distributed noise
MAD_TO_SD = 1.4826

EPISODE_COLUMNS = ["episode", "start", "end", "first", "last", "periods", "hot_periods", "peak_period",
                   "peak_value", "total", "baseline", "threshold"]


@dataclass(frozen=True)
class EpisodeParams:
    """Parameters of ``detect_episodes``; see the module docstring for their meaning."""

    window: int = 12            # periods of trailing history for the baseline
    k: float = 3.0              # how many spreads above the baseline a hot period must be
    min_spread: float = 1.0     # floor of the spread, in the value's units (Goldstein points)
    min_history: int = 3        # periods of history needed before a period can be hot
    min_length: int = 1         # shortest episode, in periods
    max_gap: int = 1            # cool periods allowed inside one episode

    def __post_init__(self):
        if self.window < 1 or self.min_history < 1 or self.min_length < 1 or self.max_gap < 0:
            raise ValueError("window, min_history and min_length are at least 1; max_gap is at least 0")
        if self.min_history > self.window:
            raise ValueError("min_history cannot exceed the window")
        if self.k <= 0 or self.min_spread <= 0:
            raise ValueError("k and min_spread must be positive")


def baseline_thresholds(values, params: EpisodeParams) -> pd.DataFrame:
    """Per period: ``baseline``, ``spread``, ``threshold`` (NaN without enough history) and ``hot``."""
    x = np.asarray(values, dtype="float64")
    n = len(x)
    baseline = np.full(n, np.nan)
    spread = np.full(n, np.nan)
    for t in range(params.min_history, n):
        history = x[max(0, t - params.window):t]
        med = np.median(history)
        baseline[t] = med
        spread[t] = max(MAD_TO_SD * np.median(np.abs(history - med)), params.min_spread)
    threshold = baseline + params.k * spread
    hot = np.zeros(n, dtype=bool)
    known = ~np.isnan(threshold)
    hot[known] = x[known] > threshold[known]
    return pd.DataFrame({"value": x, "baseline": baseline, "spread": spread, "threshold": threshold,
                         "hot": hot})


def _runs(hot: np.ndarray, max_gap: int) -> list[tuple[int, int]]:
    """(first, last) index of each group of hot periods whose gaps are at most ``max_gap``."""
    runs: list[tuple[int, int]] = []
    for i in np.flatnonzero(hot):
        if runs and i - runs[-1][1] - 1 <= max_gap:
            runs[-1] = (runs[-1][0], int(i))
        else:
            runs.append((int(i), int(i)))
    return runs


def detect_episodes(frame: pd.DataFrame, params: EpisodeParams, value: str = "intensity",
                    period: str = "period", period_end: str = "period_end") -> pd.DataFrame:
    """Escalation episodes of ``frame`` (one row per period, in order), one row each, in time order.

    Columns: ``episode`` (1, 2, ...), ``start`` (first period's start), ``end`` (exclusive: the end of the
    last period), ``first``/``last`` (row positions), ``periods`` (span), ``hot_periods``, ``peak_period``,
    ``peak_value``, ``total`` (sum of the value over the span), and the ``baseline`` and ``threshold`` of the
    first period.
    """
    if frame.empty:
        return pd.DataFrame(columns=EPISODE_COLUMNS)
    flags = baseline_thresholds(frame[value].to_numpy(), params)
    rows = []
    for first, last in _runs(flags["hot"].to_numpy(), params.max_gap):
        span = last - first + 1
        if span < params.min_length:
            continue
        values = flags["value"].iloc[first:last + 1]
        peak = int(values.to_numpy().argmax()) + first
        rows.append({
            "episode": len(rows) + 1,
            "start": frame[period].iloc[first],
            "end": frame[period_end].iloc[last],
            "first": first,
            "last": last,
            "periods": span,
            "hot_periods": int(flags["hot"].iloc[first:last + 1].sum()),
            "peak_period": frame[period].iloc[peak],
            "peak_value": float(values.max()),
            "total": float(values.sum()),
            "baseline": float(flags["baseline"].iloc[first]),
            "threshold": float(flags["threshold"].iloc[first]),
        })
    return pd.DataFrame(rows, columns=EPISODE_COLUMNS)


def episode_labels(top_events: pd.DataFrame, per_episode: int = 2, width: int = 60) -> dict:
    """A short label per episode start from its top events, most conflictual first: 'stance (A→B); ...'.

    ``top_events`` has ``episode_start``, ``stance`` (or ``code``), ``actor``, ``target`` and ``goldstein``;
    repeated stance/dyad pairs are shown once with a count.
    """
    labels = {}
    for start, group in top_events.groupby("episode_start", sort=True):
        parts: dict[str, int] = {}
        for row in group.sort_values(["goldstein"], kind="stable").itertuples():
            stance = row.stance if isinstance(row.stance, str) and row.stance else row.code
            key = f"{stance} ({row.actor}→{row.target or '—'})"
            parts[key] = parts.get(key, 0) + 1
        shown = [f"{k} ×{n}" if n > 1 else k for k, n in list(parts.items())[:per_episode]]
        text = "; ".join(shown)
        labels[pd.Timestamp(start)] = text if len(text) <= width else text[:width - 1] + "…"
    return labels
