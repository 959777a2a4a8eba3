"""Interactive timeline of the events table (Plotly): who did what, when.

One row per source actor, one marker per real event (cluster) at its start date, a line from
``date`` to ``date_end`` for events known only to a week, a month or an interval. Markers are
coloured by QuadClass (four fixed colour-blind-safe colours) or by Goldstein score.

All text that comes from articles or actors is HTML-escaped before it reaches Plotly, because
Plotly renders ``<a>``, ``<b>``, ``<br>`` in hover text and labels: an article must not be able
to inject markup into the page.
"""

from __future__ import annotations

import html
import logging
import math
import textwrap
from collections.abc import Collection, Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from graph.analysis import QUAD_CLASS_COLORS, QUAD_CLASS_NAMES, event_clusters

__all__ = ["COLOR_BY", "figure", "write_html"]

logger = logging.getLogger(__name__)

#: Values accepted by ``figure(color_by=...)``.
COLOR_BY = ("quad_class", "goldstein")

_UNCLASSIFIED = "#999999"
_GOLDSTEIN_SCALE = "RdBu"  # red = conflict (-10) .. blue = cooperation (+10); diverging
_WRAP = 80  # characters per hover line of the sentence
_ROW_HEIGHT = 28  # pixels per actor row


def _esc(value: object) -> str:
    """Return ``value`` as text that Plotly shows literally (HTML-escaped, None = '').

    ``&``, ``<`` and ``>`` are escaped, which is what keeps markup out: Plotly has no
    attributes outside tags. Quotes are left as they are because Plotly does not decode
    ``&quot;`` and would show it verbatim.
    """
    return "" if value is None else html.escape(str(value), quote=False)


def _wrapped(text: str | None) -> str:
    """Escape ``text`` and break it into lines of about 80 characters joined by ``<br>``."""
    if not text:
        return ""
    lines = textwrap.wrap(" ".join(str(text).split()), _WRAP) or [""]
    return "<br>".join(_esc(line) for line in lines)


def _hover(c: Mapping[str, Any]) -> str:
    """Return the hover text of one event cluster; every value from the data is escaped."""
    when = _esc(c["date"])
    if c["date_end"] and c["date_end"] != c["date"]:
        when += f" – {_esc(c['date_end'])}"
    if c["date_precision"]:
        when += f" ({_esc(c['date_precision'])})"
    source = _esc(c["source_label"] or c["source_id"])
    target = _esc(c["target_label"] or c["target_id"]) if c["target_id"] else "–"
    action = _esc(c["action_name"] or c["action_text"] or c["cameo"])
    goldstein = c["goldstein"]
    quad = QUAD_CLASS_NAMES.get(c["quad_class"], "unclassified")
    parts = [
        f"<b>{when}</b>",
        f"{source} → {target}",
        f"{action} (CAMEO {_esc(c['cameo'])}, PLOVER {_esc(c['plover'] or '–')})",
        f"Goldstein {goldstein:+.1f} · {quad}" if goldstein is not None else quad,
    ]
    if c["modality"] != "asserted":
        parts.append(f"modality: {_esc(c['modality'])}")
    if c["mentions"] > 1:
        parts.append(f"{c['mentions']} mentions in {len(c['doc_ids'])} article(s)")
    parts.append(f"“{_wrapped(c['sentence'])}”")
    source_line = " — ".join(_esc(v) for v in (c["publisher"], c["title"]) if v)
    if source_line:
        parts.append(f"<i>{source_line}</i>")
    return "<br>".join(parts)


def _actor_rows(clusters: Sequence[Mapping[str, Any]]) -> dict[str, str]:
    """Map each source actor id to its (escaped, unique) row label, by first appearance."""
    rows: dict[str, str] = {}
    for c in clusters:  # clusters come sorted by date
        actor = str(c["source_id"])
        if actor not in rows:
            rows[actor] = _esc(c["source_label"] or actor)
    seen: dict[str, int] = {}
    for label in rows.values():
        seen[label] = seen.get(label, 0) + 1
    return {a: (f"{label} ({_esc(a)})" if seen[label] > 1 else label) for a, label in rows.items()}


def _marker_size(mentions: int) -> float:
    return 9.0 + 3.0 * math.log2(max(mentions, 1))


def _span_trace(
    clusters: Sequence[Mapping[str, Any]], rows: Mapping[str, str], color: str, group: str
) -> go.Scatter | None:
    """Return a line trace spanning date..date_end of coarse-time events, or None if none."""
    xs: list[str | None] = []
    ys: list[str | None] = []
    for c in clusters:
        if c["date_end"] and c["date_end"] != c["date"]:
            y = rows[str(c["source_id"])]
            xs += [c["date"], c["date_end"], None]
            ys += [y, y, None]
    if not xs:
        return None
    return go.Scatter(
        x=xs,
        y=ys,
        mode="lines",
        line={"color": color, "width": 4},
        opacity=0.45,
        hoverinfo="skip",
        showlegend=False,
        legendgroup=group,
    )


def _point_trace(
    clusters: Sequence[Mapping[str, Any]],
    rows: Mapping[str, str],
    *,
    name: str,
    color: str | list[str] | list[float],
    hollow: bool,
    colorbar: bool = False,
) -> go.Scatter:
    """Return the marker trace of ``clusters`` (one point each).

    ``color`` is one colour, a colour per point, or Goldstein scores (floats) to put on the
    diverging scale, with a colorbar when ``colorbar`` is True.
    """
    marker: dict[str, Any] = {
        "size": [_marker_size(int(c["mentions"])) for c in clusters],
        "color": color,
        "symbol": "circle-open" if hollow else "circle",
        "line": {"width": 2 if hollow else 0.5, "color": "#333333"},
    }
    if hollow:
        marker.pop("line")
    if isinstance(color, list) and color and isinstance(color[0], float):
        marker.update(colorscale=_GOLDSTEIN_SCALE, cmin=-10, cmax=10, showscale=colorbar)
        if colorbar:
            marker["colorbar"] = {"title": {"text": "Goldstein"}}
    return go.Scatter(
        x=[c["date"] for c in clusters],
        y=[rows[str(c["source_id"])] for c in clusters],
        mode="markers",
        name=name,
        legendgroup=name,
        marker=marker,
        hovertext=[_hover(c) for c in clusters],
        hoverinfo="text",
        hoverlabel={"align": "left"},
    )


def _empty_figure(title: str) -> go.Figure:
    fig = go.Figure()
    fig.update_layout(
        title={"text": title},
        xaxis={"visible": False},
        yaxis={"visible": False},
        annotations=[
            {
                "text": "No events",
                "xref": "paper",
                "yref": "paper",
                "x": 0.5,
                "y": 0.5,
                "showarrow": False,
                "font": {"size": 20},
            }
        ],
    )
    return fig


def figure(
    frame: pd.DataFrame,
    *,
    color_by: str = "quad_class",
    include: Collection[str] = ("asserted",),
    show_future: bool = False,
    title: str | None = None,
) -> go.Figure:
    """Return a Plotly timeline of the events in ``frame`` (the events table).

    x is the event date; coarse times (week, month, interval) also get a line to ``date_end``.
    y has one row per source actor, in order of first appearance. One marker per real event
    (rows sharing a ``cluster_id`` are one event; marker size grows with its mentions).
    ``color_by="quad_class"`` gives one trace per QuadClass with a fixed colour and a legend;
    ``"goldstein"`` colours on a diverging -10..10 scale with a colorbar. Rows whose modality
    is in ``include`` are drawn; ``show_future=True`` adds announced (``future``) events as
    hollow markers in a trace of their own. Events without a date cannot be placed and are
    left out. Hover shows date and precision, source -> target, action, CAMEO, PLOVER,
    Goldstein, the sentence, publisher and title, all HTML-escaped. The x axis has a range
    slider and 1m / 6m / all buttons. With nothing to draw, the figure says "No events".
    """
    if color_by not in COLOR_BY:
        raise ValueError(f"color_by={color_by!r} is not one of {COLOR_BY}; use 'quad_class'")
    shown = set(include) | ({"future"} if show_future else set())
    every = event_clusters(frame, include=shown)
    clusters = [c for c in every if c["date"]]
    undated = len(every) - len(clusters)
    if undated:
        logger.info("timeline leaves out %d event(s) without a date", undated)
    heading = _esc(title) if title is not None else "Event timeline"
    if not clusters:
        return _empty_figure(heading)

    future = [c for c in clusters if show_future and c["modality"] == "future"]
    present = [c for c in clusters if not (show_future and c["modality"] == "future")]
    rows = _actor_rows(clusters)
    traces: list[go.Scatter] = []
    if color_by == "quad_class":
        for quad in (1, 2, 3, 4, None):
            group = [
                c
                for c in present
                if (
                    c["quad_class"] == quad
                    if quad is not None
                    else c["quad_class"] not in QUAD_CLASS_NAMES
                )
            ]
            if not group:
                continue
            name = QUAD_CLASS_NAMES[quad] if quad is not None else "unclassified"
            color = QUAD_CLASS_COLORS[quad] if quad is not None else _UNCLASSIFIED
            span = _span_trace(group, rows, color, name)
            if span is not None:
                traces.append(span)
            traces.append(_point_trace(group, rows, name=name, color=color, hollow=False))
        if future:
            colors = [QUAD_CLASS_COLORS.get(c["quad_class"], _UNCLASSIFIED) for c in future]
            traces.append(
                _point_trace(future, rows, name="announced (future)", color=colors, hollow=True)
            )
    else:
        if present:
            gold = [float(c["goldstein"] or 0.0) for c in present]
            span = _span_trace(present, rows, "#777777", "events")
            if span is not None:
                traces.append(span)
            traces.append(
                _point_trace(present, rows, name="events", color=gold, hollow=False, colorbar=True)
            )
        if future:
            gold = [float(c["goldstein"] or 0.0) for c in future]
            traces.append(
                _point_trace(
                    future,
                    rows,
                    name="announced (future)",
                    color=gold,
                    hollow=True,
                    colorbar=not present,
                )
            )

    fig = go.Figure(data=traces)
    order = list(rows.values())
    fig.update_layout(
        title={"text": heading},
        height=max(420, 200 + _ROW_HEIGHT * len(order)),
        hovermode="closest",
        legend={"title": {"text": "QuadClass" if color_by == "quad_class" else ""}},
        xaxis={
            "type": "date",
            "title": {"text": "event date"},
            "rangeslider": {"visible": True},
            "rangeselector": {
                "buttons": [
                    {"count": 1, "label": "1m", "step": "month", "stepmode": "backward"},
                    {"count": 6, "label": "6m", "step": "month", "stepmode": "backward"},
                    {"label": "all", "step": "all"},
                ]
            },
        },
        yaxis={
            "type": "category",
            "categoryorder": "array",
            "categoryarray": order[::-1],  # first actor at the top
            "title": {"text": "actor"},
            "automargin": True,
        },
    )
    return fig


def write_html(fig: go.Figure, path: str | Path) -> Path:
    """Write ``fig`` as a self-contained HTML page (plotly.js embedded: works offline).

    The page is about 5 MB because of the embedded library; a CDN link would not work offline.
    """
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    fig.write_html(out, include_plotlyjs=True, full_html=True, config={"displaylogo": False})
    logger.info("wrote timeline to %s", out)
    return out
