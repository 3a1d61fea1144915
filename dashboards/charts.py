"""Frames → Plotly figures. No Streamlit here, so every chart can be built and checked in a plain test.

Every figure has a title, axis titles and a legend. Pages show a "no data" message instead of calling these
with an empty frame.
"""

from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from tracker.schema.vocab import QuadClass

QUAD_COLOURS = {1: "#7fb3e6", 2: "#2f6db5", 3: "#f3a65a", 4: "#c0392b"}
INTENSITY_COLOUR = "#6b2737"
EPISODE_FILL = "rgba(192, 57, 43, 0.13)"
COMPARE_COLOURS = ["#c0392b", "#2f6db5"]
_PERIOD_WORD = {"day": "day", "week": "week", "month": "month"}


def _text(value: str) -> str:
    """User text (topic names) for Plotly, which reads a little HTML (<a>, <b>) in titles and labels."""
    return html.escape(value, quote=False)


def _legend_below(fig: go.Figure) -> None:
    """Legend under the x axis, so the title and the episode labels keep the top of the chart."""
    fig.update_layout(legend={"orientation": "h", "yanchor": "top", "y": -0.18, "xanchor": "left", "x": 0},
                      margin={"t": 80, "l": 60, "r": 60, "b": 40}, showlegend=True)


def _shade_episodes(fig: go.Figure, episodes: pd.DataFrame, labels: dict, fill: str = EPISODE_FILL,
                    prefix: str = "", width: int = 42) -> None:
    """A shaded band per episode, labelled '#n top events' above the plot (staggered on three rows)."""
    for i, ep in enumerate(episodes.itertuples()):
        fig.add_vrect(x0=ep.start, x1=ep.end, fillcolor=fill, line_width=0, layer="below")
        label = f"{prefix}#{ep.episode} {labels.get(pd.Timestamp(ep.start), '')}".strip()
        fig.add_annotation(
            x=ep.start, xref="x", y=1.0 + 0.045 * (i % 3), yref="paper", yanchor="bottom", xanchor="left",
            text=label if len(label) <= width else label[:width - 1] + "…", hovertext=label, showarrow=False,
            font={"size": 10, "color": "#6b2737"},
        )


def timeline_figure(frame: pd.DataFrame, episodes: pd.DataFrame, labels: dict, title: str,
                    granularity: str) -> go.Figure:
    """Stacked event counts per quad class (bars); conflict intensity and its rolling mean (lines, right
    axis); escalation episodes shaded and labelled with their top events."""
    word = _PERIOD_WORD[granularity]
    fig = make_subplots(specs=[[{"secondary_y": True}]])
    # Hover is per point ("closest"): "x unified" over two y axes breaks Streamlit's click selection, so each
    # bar's label carries the whole period's counts.
    period = "%b %Y" if granularity == "month" else "%d %b %Y"
    counts = frame[["q1", "q2", "q3", "q4", "events", "intensity"]].to_numpy()
    summary = ("<br>all events %{customdata[4]}: cooperation %{customdata[0]} verbal"
               " + %{customdata[1]} material,<br>conflict %{customdata[2]} verbal"
               " + %{customdata[3]} material;"
               " intensity %{customdata[5]:.1f}")
    for q, name in QuadClass.LABELS.items():
        fig.add_trace(go.Bar(
            x=frame["period"], y=frame[f"q{q}"], name=name, marker_color=QUAD_COLOURS[q], offset=0,
            width=_bar_width_ms(frame), customdata=counts,
            hovertemplate=f"<b>%{{x|{period}}}</b><br>{name}: %{{y}}{summary}<extra></extra>",
        ), secondary_y=False)
    fig.add_trace(go.Scatter(
        x=frame["period"], y=frame["intensity"], name="Conflict intensity (−Σ Goldstein)",
        mode="lines+markers",
        line={"color": INTENSITY_COLOUR, "width": 2}, marker={"size": 4},
        hovertemplate=f"<b>%{{x|{period}}}</b><br>Conflict intensity: %{{y:.1f}}<extra></extra>",
    ), secondary_y=True)
    if "intensity_rolling" in frame:
        fig.add_trace(go.Scatter(
            x=frame["period"], y=frame["intensity_rolling"], name="Intensity, rolling mean", mode="lines",
            line={"color": INTENSITY_COLOUR, "width": 1.5, "dash": "dot"},
            hoverinfo="skip",       # a lines-only trace cannot be selected: let clicks reach the bars
        ), secondary_y=True)
    _shade_episodes(fig, episodes, labels)
    fig.update_layout(title={"text": _text(title), "y": 0.98, "yanchor": "top"}, barmode="stack",
                      hovermode="closest", bargap=0.1, height=520)
    fig.update_xaxes(title_text=f"Period ({word})")
    fig.update_yaxes(title_text=f"Events per {word}", secondary_y=False, rangemode="tozero")
    fig.update_yaxes(title_text="Conflict intensity", secondary_y=True, rangemode="tozero", showgrid=False)
    _legend_below(fig)
    return fig


def _bar_width_ms(frame: pd.DataFrame) -> list[float]:
    """Bars span their period (periods have different lengths: months)."""
    spans = zip(frame["period"], frame["period_end"], strict=True)
    return [(end - start).total_seconds() * 1000 * 0.9 for start, end in spans]


def comparison_figure(series: dict[str, tuple[pd.DataFrame, pd.DataFrame, dict]], title: str,
                      granularity: str) -> go.Figure:
    """Conflict intensity of two (or more) topics on one chart, each with its episodes shaded in its colour.

    ``series`` maps a topic label to (timeline frame, episodes, episode labels).
    """
    word = _PERIOD_WORD[granularity]
    fig = go.Figure()
    for i, (name, (frame, episodes, labels)) in enumerate(series.items()):
        colour = COMPARE_COLOURS[i % len(COMPARE_COLOURS)]
        fig.add_trace(go.Scatter(
            x=frame["period"], y=frame["intensity"], name=_text(f"{name}: intensity"), mode="lines+markers",
            line={"color": colour, "width": 2}, marker={"size": 4},
            customdata=frame[["conflict", "cooperation"]].to_numpy(),
            hovertemplate=(f"{_text(name)}<br>intensity %{{y:.1f}}, conflict %{{customdata[0]}}, "
                           "cooperation %{customdata[1]}<extra></extra>"),
        ))
        if "intensity_rolling" in frame:
            fig.add_trace(go.Scatter(x=frame["period"], y=frame["intensity_rolling"],
                                     name=_text(f"{name}: rolling mean"), mode="lines", hoverinfo="skip",
                                     line={"color": colour, "width": 1, "dash": "dot"}))
        fill = colour.replace("#", "")
        rgba = f"rgba({int(fill[0:2], 16)}, {int(fill[2:4], 16)}, {int(fill[4:6], 16)}, 0.12)"
        _shade_episodes(fig, episodes, labels, fill=rgba, prefix=_text(f"{name[:20]} "))
    fig.update_layout(title={"text": _text(title), "y": 0.98, "yanchor": "top"}, hovermode="x unified",
                      height=520)
    fig.update_xaxes(title_text=f"Period ({word})")
    fig.update_yaxes(title_text=f"Conflict intensity per {word}", rangemode="tozero")
    _legend_below(fig)
    return fig


def monthly_quad_figure(frame: pd.DataFrame, title: str = "Events per month by quad class") -> go.Figure:
    """Stacked monthly bars per quad class from (month, quad_class, events)."""
    fig = go.Figure()
    for q, name in QuadClass.LABELS.items():
        part = frame[frame["quad_class"] == q]
        fig.add_trace(go.Bar(x=part["month"], y=part["events"], name=name, marker_color=QUAD_COLOURS[q]))
    fig.update_layout(title=title, barmode="stack", hovermode="x unified")
    fig.update_xaxes(title_text="Month")
    fig.update_yaxes(title_text="Events")
    _legend_below(fig)
    return fig


def ranked_bar_figure(frame: pd.DataFrame, label: str, value: str, title: str, x_title: str,
                      y_title: str, legend: str) -> go.Figure:
    """Horizontal bars, largest on top (top dyads, top issues)."""
    ordered = frame.iloc[::-1]
    fig = go.Figure(go.Bar(x=ordered[value], y=ordered[label], orientation="h", name=legend,
                           marker_color="#2f6db5"))
    fig.update_layout(title=title, height=max(300, 28 * len(frame) + 140))
    fig.update_xaxes(title_text=x_title)
    fig.update_yaxes(title_text=y_title, type="category")
    _legend_below(fig)
    return fig


def network_figure(nodes: pd.DataFrame, edges: pd.DataFrame, weight: str, title: str) -> go.Figure:
    """Actors on a circle, an arrow per (source, target) with width by |weight|; red when conflictual."""
    pos = nodes.set_index("actor")[["x", "y"]]
    fig = go.Figure()
    top = max(edges[weight].abs().max(), 1e-9)
    for sign, colour, name in ((1, "#2f6db5", "Cooperative (mean Goldstein ≥ 0)"),
                               (-1, "#c0392b", "Conflictual (mean Goldstein < 0)")):
        part = edges[(edges["goldstein_mean"] >= 0) == (sign == 1)]
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="lines", line={"color": colour, "width": 3},
                                 name=name))
        for e in part.itertuples():
            x0, y0 = pos.loc[e.source]
            x1, y1 = pos.loc[e.target]
            fig.add_annotation(x=x1 * 0.93 + x0 * 0.07, y=y1 * 0.93 + y0 * 0.07, ax=x0, ay=y0,
                               xref="x", yref="y", axref="x", ayref="y", showarrow=True, arrowhead=2,
                               arrowcolor=colour, opacity=0.6,
                               arrowwidth=1 + 6 * abs(getattr(e, weight)) / top)
    fig.add_trace(go.Scatter(
        x=nodes["x"], y=nodes["y"], mode="markers+text", text=nodes["actor"], textposition="top center",
        name="Actor (size: events)",
        marker={"size": 12 + 30 * nodes["total"] / max(nodes["total"].max(), 1e-9), "color": "#444"},
        customdata=nodes[["out_weight", "in_weight"]].to_numpy(),
        hovertemplate="%{text}<br>out %{customdata[0]:.0f}, in %{customdata[1]:.0f}<extra></extra>",
    ))
    fig.update_layout(title=title, height=650, hovermode="closest")
    fig.update_xaxes(title_text="(circular layout, busiest actor at the top)", showticklabels=False,
                     showgrid=False, zeroline=False, range=[-1.3, 1.3])
    fig.update_yaxes(title_text="", showticklabels=False, showgrid=False, zeroline=False, range=[-1.3, 1.3],
                     scaleanchor="x")
    _legend_below(fig)
    return fig
