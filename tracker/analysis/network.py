"""Actor network layout: nodes on a circle, busiest first, so that the drawing is deterministic."""

from __future__ import annotations

import math

import pandas as pd


def network_nodes(edges: pd.DataFrame, weight: str = "events") -> pd.DataFrame:
    """One row per actor of ``edges`` (source, target, <weight>): total weight out and in, x/y on a circle.

    Actors are placed clockwise from the top by decreasing total |weight|, ties by code.
    """
    if edges.empty:
        return pd.DataFrame(columns=["actor", "out_weight", "in_weight", "total", "x", "y"])
    w = edges[weight].abs()
    out_w = w.groupby(edges["source"]).sum()
    in_w = w.groupby(edges["target"]).sum()
    nodes = pd.DataFrame({"out_weight": out_w, "in_weight": in_w}).fillna(0.0)
    nodes["total"] = nodes["out_weight"] + nodes["in_weight"]
    nodes = nodes.rename_axis("actor").reset_index().sort_values(["total", "actor"], ascending=[False, True])
    n = len(nodes)
    angles = [math.pi / 2 - 2 * math.pi * i / n for i in range(n)]
    nodes["x"] = [round(math.cos(a), 9) for a in angles]
    nodes["y"] = [round(math.sin(a), 9) for a in angles]
    return nodes.reset_index(drop=True)
