"""Interactive timeline of the events table (Plotly): who did what, when.

One row per source actor, one marker per real event (cluster) at its start date, a line from
``date`` to ``date_end`` for events known only to a week, a month or an interval. Markers are
coloured by QuadClass (four fixed colour-blind-safe colours) or by Goldstein score.

Above :data:`MAX_POINTS` events the page would be too heavy to draw (an SVG marker and a
hover text per event: 3.4 s for 10k events in headless Chromium), so :func:`figure` switches to
an aggregated view: one WebGL (``scattergl``) point per actor, day and QuadClass, sized by its
number of events, in a plot of fixed height that shows the busiest actors first and pans to the
others. The raw events stay reachable: the figure carries them (``layout.meta``), the page
written by :func:`write_html` keeps them as inert JSON, and clicking a point lists that point's
events (date, actors, action, codes, Goldstein, sentence, source) under the plot.

All text that comes from articles or actors is HTML-escaped before it reaches Plotly, because
Plotly renders ``<a>``, ``<b>``, ``<br>`` in hover text and labels: an article must not be able
to inject markup into the page. The drill-down list is built with ``textContent`` (never HTML),
and its JSON has ``<``, ``>`` and ``&`` escaped, so article text cannot end the script block.
"""

from __future__ import annotations

import html
import json
import logging
import math
import textwrap
from collections.abc import Collection, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from graph.analysis import QUAD_CLASS_COLORS, QUAD_CLASS_NAMES, event_clusters

__all__ = ["COLOR_BY", "DRILLDOWN_COLUMNS", "MAX_POINTS", "figure", "write_html"]

logger = logging.getLogger(__name__)

#: Values accepted by ``figure(color_by=...)``.
COLOR_BY = ("quad_class", "goldstein")

_UNCLASSIFIED = "#999999"
_GOLDSTEIN_SCALE = "RdBu"  # red = conflict (-10) .. blue = cooperation (+10); diverging
_WRAP = 80  # characters per hover line of the sentence
_ROW_HEIGHT = 28  # pixels per actor row

#: Events (clusters) drawn one SVG marker each; above this the aggregated WebGL view is used.
MAX_POINTS = 5000
#: Height of the aggregated view (px) and the actor rows it shows before panning.
_BIG_HEIGHT = 900
_BIG_ROWS = 25
#: Key of the drill-down table in ``layout.meta`` and the id of its JSON block in the page.
_META_KEY = "newsgraph_events"
_DATA_ID = "newsgraph-events"
#: Fields of each raw event in the drill-down table, in order.
DRILLDOWN_COLUMNS = (
    "date", "date_end", "date_precision", "source", "target", "action", "cameo", "plover",
    "goldstein", "quad_class", "modality", "mentions", "articles", "sentence", "publisher",
    "title", "url",
)
#: Drill-down fields whose values repeat (actors, codes, sources): the table holds an index
#: into its ``strings`` list instead of the text, which halves the page at 100k events.
_INTERNED = frozenset({"date_precision", "source", "target", "action", "cameo", "plover",
                       "quad_class", "modality", "publisher", "title", "url"})


#: the date axis's quick ranges (last month, last six months, all), on both views
_RANGE_BUTTONS = [
    {"count": 1, "label": "1m", "step": "month", "stepmode": "backward"},
    {"count": 6, "label": "6m", "step": "month", "stepmode": "backward"},
    {"label": "all", "step": "all"},
]


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
    max_points: int = MAX_POINTS,
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

    With more than ``max_points`` events the figure is the aggregated view instead (see the
    module docstring and :func:`_aggregated_figure`): WebGL points per actor, day and
    QuadClass (or per actor and day, coloured by mean Goldstein), the raw events in
    ``layout.meta`` for the page's click-to-list drill-down.
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

    if len(clusters) > max_points:
        return _aggregated_figure(clusters, color_by=color_by, show_future=show_future,
                                  heading=heading)
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
            "rangeselector": {"buttons": _RANGE_BUTTONS},
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


def _drill_record(c: Mapping[str, Any], strings: dict[str, int]) -> list[Any]:
    """One raw event of the drill-down table (:data:`DRILLDOWN_COLUMNS`), text as it is: the
    page shows it with ``textContent``, so nothing in it is markup. Fields of :data:`_INTERNED`
    are indexes into ``strings`` (text -> index, grown here)."""
    values = [
        c["date"],
        c["date_end"] if c["date_end"] and c["date_end"] != c["date"] else None,
        c["date_precision"],
        c["source_label"] or c["source_id"],
        (c["target_label"] or c["target_id"]) if c["target_id"] else None,
        c["action_name"] or c["action_text"] or c["cameo"],
        c["cameo"],
        c["plover"],
        c["goldstein"],
        QUAD_CLASS_NAMES.get(c["quad_class"], "unclassified"),
        c["modality"],
        c["mentions"],
        len(c["doc_ids"]),
        c["sentence"],
        c["publisher"],
        c["title"],
        c["url"],
    ]
    for k in _INTERNED_AT:
        v = values[k]
        if v is not None:
            values[k] = strings.setdefault(str(v), len(strings))
    return values


_INTERNED_AT = tuple(k for k, name in enumerate(DRILLDOWN_COLUMNS) if name in _INTERNED)


def _busiest_rows(clusters: Sequence[Mapping[str, Any]]) -> dict[str, str]:
    """Row labels (as :func:`_actor_rows`) ordered by number of events, most first (ties by
    first appearance): the aggregated view opens on the busiest actors."""
    rows = _actor_rows(clusters)
    first = {actor: i for i, actor in enumerate(rows)}
    count: dict[str, int] = dict.fromkeys(rows, 0)
    for c in clusters:
        count[str(c["source_id"])] += 1
    order = sorted(rows, key=lambda a: (-count[a], first[a]))
    return {a: rows[a] for a in order}


def _aggregated_figure(
    clusters: Sequence[Mapping[str, Any]], *, color_by: str, show_future: bool, heading: str
) -> go.Figure:
    """The timeline of many events: one ``scattergl`` point per (actor, day, QuadClass) bucket.

    A point's size grows with its events, its hover says how many and of which QuadClass, and
    its ``customdata`` is ``[bucket, events]``: bucket ``b`` holds the raw events
    ``events[starts[b]:starts[b + 1]]`` of ``layout.meta["newsgraph_events"]`` (columns
    :data:`DRILLDOWN_COLUMNS`; the ``interned`` ones are indexes into its ``strings``), which
    the page lists on click. With ``color_by="goldstein"``
    a bucket is an (actor, day) pair coloured by the mean Goldstein score of its events.
    Announced (future) events, when shown, are hollow points in a trace of their own. The plot
    has a fixed height showing the :data:`_BIG_ROWS` busiest actors; pan or zoom for the rest.
    Coarse times sit at their first day here; the list gives their whole span.
    """
    rows = _busiest_rows(clusters)
    by_quad = color_by == "quad_class"
    buckets: dict[tuple[bool, str, str, int | None], list[Mapping[str, Any]]] = {}
    for c in clusters:
        future = show_future and c["modality"] == "future"
        quad = c["quad_class"] if c["quad_class"] in QUAD_CLASS_NAMES else None
        key = (future, str(c["source_id"]), str(c["date"]), quad if by_quad or future else None)
        buckets.setdefault(key, []).append(c)
    events: list[list[Any]] = []
    starts: list[int] = []
    strings: dict[str, int] = {}
    traces: list[go.Scattergl] = []

    def trace(keys: list[tuple[bool, str, str, int | None]], name: str, color: Any,
              hollow: bool, colorbar: bool = False) -> go.Scattergl:
        first = len(starts)
        counts = np.empty(len(keys), dtype=np.int32)
        for k, key in enumerate(keys):
            starts.append(len(events))
            events.extend(_drill_record(c, strings) for c in buckets[key])
            counts[k] = len(buckets[key])
        custom = np.column_stack([np.arange(first, first + len(keys), dtype=np.int32), counts])
        marker: dict[str, Any] = {
            "size": (6.0 + 3.0 * np.log2(counts)).astype(np.float32),
            "color": color,
            "symbol": "circle-open" if hollow else "circle",
            "line": {"width": 0.5, "color": "#333333"} if not hollow else {"width": 2},
        }
        if isinstance(color, np.ndarray):
            marker.update(colorscale=_GOLDSTEIN_SCALE, cmin=-10, cmax=10, showscale=colorbar)
            if colorbar:
                marker["colorbar"] = {"title": {"text": "mean Goldstein"}}
        label = "%{customdata[1]} event(s)" + (f" · {_esc(name)}" if by_quad or hollow else "")
        return go.Scattergl(
            x=[key[2] for key in keys],
            y=[rows[key[1]] for key in keys],
            mode="markers",
            name=name,
            legendgroup=name,
            marker=marker,
            customdata=custom,
            hovertemplate=f"<b>%{{x|%Y-%m-%d}}</b><br>%{{y}}<br>{label}<br>"
            "click the point to list them<extra></extra>",
            hoverlabel={"align": "left"},
        )

    def mean_goldstein(keys: list[tuple[bool, str, str, int | None]]) -> np.ndarray:
        return np.array([sum(float(c["goldstein"] or 0.0) for c in buckets[k]) / len(buckets[k])
                         for k in keys], dtype=np.float64)

    present = [k for k in buckets if not k[0]]
    future = [k for k in buckets if k[0]]
    if by_quad:
        for quad in (1, 2, 3, 4, None):
            keys = [k for k in present if k[3] == quad]
            if keys:
                name = QUAD_CLASS_NAMES[quad] if quad is not None else "unclassified"
                color = QUAD_CLASS_COLORS[quad] if quad is not None else _UNCLASSIFIED
                traces.append(trace(keys, name, color, hollow=False))
        if future:
            colors = [QUAD_CLASS_COLORS.get(k[3] or 0, _UNCLASSIFIED) for k in future]
            traces.append(trace(future, "announced (future)", colors, hollow=True))
    else:
        if present:
            traces.append(trace(present, "events", mean_goldstein(present), hollow=False,
                                colorbar=True))
        if future:
            traces.append(trace(future, "announced (future)", mean_goldstein(future),
                                hollow=True, colorbar=not present))
    starts.append(len(events))
    order = list(rows.values())
    shown = min(_BIG_ROWS, len(order))
    fig = go.Figure(data=traces)
    fig.update_layout(
        title={"text": f"{heading}<br><sup>{len(clusters):,} events in {len(starts) - 1:,} "
                       "points (actor, day, QuadClass); busiest actors first, drag to pan, "
                       "click a point to list its events</sup>"},
        height=_BIG_HEIGHT,
        hovermode="closest",
        dragmode="pan",
        legend={"title": {"text": "QuadClass" if by_quad else ""}},
        xaxis={
            "type": "date",
            "title": {"text": "event date"},
            "rangeselector": {"buttons": _RANGE_BUTTONS},
        },
        yaxis={
            "type": "category",
            "categoryorder": "array",
            "categoryarray": order[::-1],  # busiest actor at the top
            "range": [len(order) - shown - 0.5, len(order) - 0.5],
            "title": {"text": "actor"},
            "automargin": True,
        },
        meta={_META_KEY: {"columns": list(DRILLDOWN_COLUMNS), "interned": sorted(_INTERNED),
                          "strings": list(strings), "events": events, "starts": starts}},
    )
    return fig


#: Marks the plot's div once Plotly has drawn it (the benchmark and tests wait for it).
_DRAWN_JS = "document.getElementById('{plot_id}').dataset.ngDrawn = '1';"

#: The page's drill-down: on a click on an aggregated point, list its raw events under the plot.
#: Text goes in with textContent only; a link is made only of http(s) URLs. The JSON block of
#: the events comes after the plot in the page (the plot draws before the parser reaches it),
#: so it is looked up at the first click.
_DRILLDOWN_JS = r"""
var gd = document.getElementById('{plot_id}');
{
  var table = null;
  var box = document.createElement('div');
  box.id = 'newsgraph-drilldown';
  box.style.cssText = 'font: 13px sans-serif; margin: 8px 60px; max-height: 40vh; overflow: auto';
  box.textContent = 'Click a point to list its events.';
  gd.parentNode.insertBefore(box, gd.nextSibling);
  var cell = function (tr, text) {
    var td = document.createElement('td');
    td.textContent = text === null || text === undefined ? '' : String(text);
    td.style.cssText = 'padding: 2px 6px; vertical-align: top; border-top: 1px solid #ddd';
    tr.appendChild(td);
    return td;
  };
  gd.on('plotly_click', function (ev) {
    if (!ev || !ev.points || !ev.points.length || !ev.points[0].customdata) { return; }
    if (table === null) {
      table = JSON.parse(document.getElementById('@DATA_ID@').textContent);
    }
    var at = {};
    table.columns.forEach(function (name, i) { at[name] = i; });
    var b = ev.points[0].customdata[0];
    var rows = table.events.slice(table.starts[b], table.starts[b + 1]).map(function (raw) {
      var r = {};
      table.columns.forEach(function (name) {
        var v = raw[at[name]];
        r[name] = (v !== null && table.interned.indexOf(name) >= 0) ? table.strings[v] : v;
      });
      return r;
    });
    var c = {};
    table.columns.forEach(function (name) { c[name] = name; });
    box.textContent = '';
    var head = document.createElement('div');
    head.style.fontWeight = 'bold';
    head.textContent = rows.length + ' event(s)';
    box.appendChild(head);
    var t = document.createElement('table');
    t.style.borderCollapse = 'collapse';
    rows.forEach(function (r) {
      var tr = document.createElement('tr');
      tr.className = 'newsgraph-event';
      cell(tr, r[c.date] + (r[c.date_end] ? ' \u2013 ' + r[c.date_end] : '') +
               (r[c.date_precision] ? ' (' + r[c.date_precision] + ')' : ''));
      cell(tr, r[c.source] + ' \u2192 ' + (r[c.target] || '\u2013'));
      cell(tr, r[c.action] + ' (CAMEO ' + r[c.cameo] + ', PLOVER ' + (r[c.plover] || '\u2013') +
               ')' + (r[c.goldstein] === null ? '' : ' Goldstein ' + r[c.goldstein]) + ' \u00b7 ' +
               r[c.quad_class] + (r[c.modality] !== 'asserted' ? ' \u00b7 ' + r[c.modality] : '') +
               (r[c.mentions] > 1 ? ' \u00b7 ' + r[c.mentions] + ' mentions in ' +
               r[c.articles] + ' article(s)' : ''));
      cell(tr, '\u201c' + (r[c.sentence] || '') + '\u201d');
      var src = cell(tr, [r[c.publisher], r[c.title]].filter(Boolean).join(' \u2014 '));
      if (r[c.url] && /^https?:\/\//i.test(r[c.url])) {
        var a = document.createElement('a');
        a.href = r[c.url];
        a.rel = 'noopener noreferrer';
        a.textContent = ' [link]';
        src.appendChild(a);
      }
      t.appendChild(tr);
    });
    box.appendChild(t);
  });
}
""".replace("@DATA_ID@", _DATA_ID)


def _inert_json(value: Any) -> str:
    """JSON that is inert inside an HTML ``<script>`` block: ``<``, ``>``, ``&`` and the two
    JavaScript line separators escaped, so no article text can close the block."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    for raw, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                     ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(raw, esc)
    return text


def write_html(fig: go.Figure, path: str | Path) -> Path:
    """Write ``fig`` as a self-contained HTML page (plotly.js embedded: works offline).

    The page is about 5 MB because of the embedded library; a CDN link would not work offline.
    The raw events of an aggregated figure (``layout.meta``) are written apart, as a JSON block
    the browser does not parse until a point is clicked, so they cost nothing to the first draw.
    When Plotly has drawn the plot, its div gets ``data-ng-drawn="1"``.
    """
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    spec = fig.to_plotly_json()
    layout = dict(spec.get("layout") or {})
    meta = layout.get("meta")
    drill = meta.pop(_META_KEY, None) if isinstance(meta, dict) else None
    if isinstance(meta, dict) and not meta:
        layout.pop("meta")
    page = pio.to_html({"data": spec.get("data", []), "layout": layout},
                       include_plotlyjs=True, full_html=True, validate=False,
                       config={"displaylogo": False, "scrollZoom": drill is not None},
                       post_script=[_DRAWN_JS] + ([_DRILLDOWN_JS] if drill is not None else []))
    if drill is not None:
        # after the plot: the browser draws it before reading the (large) block
        block = (f'<script type="application/json" id="{_DATA_ID}">{_inert_json(drill)}'
                 "</script>\n")
        cut = page.rindex("</body>")
        page = page[:cut] + block + page[cut:]
    out.write_text(page, encoding="utf-8")
    logger.info("wrote timeline to %s", out)
    return out
