"""Tests of graph.timeline: traces, colours, escaping of article text, range controls, HTML."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import pytest
from builders import day, make_event

from graph.analysis import QUAD_CLASS_COLORS
from graph.model import Action, Actor, Article, Event, TimeValue
from graph.table import events_frame
from graph.timeline import figure, write_html

NATO = Actor("NATO", "NATO", type="igo")
SRB = Actor("SRBGOV", "Government of Serbia", type="government", country="SRB")
XKX = Actor("XKX", "Kosovo", type="state", country="XKX")
EVIL = Actor("x-evil", "<b>Evil</b> Corp", in_gazetteer=False)

APPEAL = Action("call on", "0256", "REQUEST", 1, 3.0, name="Appeal for easing of tensions")
AID = Action("sent", "070", "AID", 2, 7.4, name="Provide aid")
ACCUSE = Action("accused", "112", "ACCUSE", 3, -2.0, name="Accuse")
FIGHT = Action("clashed", "190", "ASSAULT", 4, -10.0, name="Use conventional military force")

HOSTILE = (
    'Officials said <script>alert(1)</script> and <a href="https://evil.example/">click</a> '
    "while the talks went on for many more hours than anybody in the room had expected."
)


def ev(*args: Any, sentence: str = "Something happened.", **kw: Any) -> Event:
    return make_event(*args, sentence=sentence, **kw)


EVENTS = [
    ev("d1", NATO, APPEAL, SRB, day("2023-05-29"), cluster="c1", sentence=HOSTILE),
    ev("d2", NATO, APPEAL, SRB, day("2023-05-29"), cluster="c1"),
    ev("d2", NATO, AID, XKX, day("2023-06-02"), start=30),
    ev("d3", SRB, ACCUSE, XKX, TimeValue("2023-W23", "week", "2023-06-05", "2023-06-11")),
    ev("d3", XKX, FIGHT, SRB, day("2023-06-20"), start=50),
    ev("d4", EVIL, ACCUSE, NATO, day("2023-07-01")),
    ev("d4", XKX, FIGHT, None, day("2023-07-02"), start=70),
    ev("d5", SRB, FIGHT, XKX, day("2023-09-01"), modality="future"),
    ev("d5", SRB, AID, XKX, day("2023-09-03"), modality="hypothetical", start=80),
]
ARTICLES = {
    "d1": Article("d1", "...", title="Talks <i>stall</i>", source="Daily & Co"),
    "d2": Article("d2", "...", title="Aid", source="Wire"),
}


@pytest.fixture
def frame() -> pd.DataFrame:
    return events_frame(EVENTS, ARTICLES)


def markers(fig: go.Figure) -> dict[str, go.Scatter]:
    return {t.name: t for t in fig.data if t.mode == "markers"}


def test_one_trace_per_quad_class(frame: pd.DataFrame) -> None:
    fig = figure(frame)
    traces = markers(fig)
    assert list(traces) == [
        "verbal cooperation",
        "material cooperation",
        "verbal conflict",
        "material conflict",
    ]
    # one point per real event: the two mentions of c1 are one point
    assert [len(t.x) for t in traces.values()] == [1, 1, 2, 2]
    for quad, trace in enumerate(traces.values(), start=1):
        assert trace.marker.color == QUAD_CLASS_COLORS[quad]
    assert len(set(QUAD_CLASS_COLORS.values())) == 4
    assert traces["verbal conflict"].x == ("2023-06-05", "2023-07-01")
    assert traces["material conflict"].y == ("Kosovo", "Kosovo")
    # the marker of c1 is larger: it was reported twice
    sizes = [t.marker.size[0] for t in traces.values()]
    assert sizes[0] > sizes[1]
    assert fig.layout.showlegend is not False


def test_week_is_drawn_as_a_span(frame: pd.DataFrame) -> None:
    spans = [t for t in figure(frame).data if t.mode == "lines"]
    assert len(spans) == 1
    assert spans[0].x == ("2023-06-05", "2023-06-11", None)
    assert spans[0].line.color == QUAD_CLASS_COLORS[3]
    assert spans[0].hoverinfo == "skip"


def test_actor_rows_in_order_of_appearance(frame: pd.DataFrame) -> None:
    yaxis = figure(frame).layout.yaxis
    assert yaxis.categoryorder == "array"
    # top to bottom: NATO first (2023-05-29); the label markup is escaped
    assert list(yaxis.categoryarray)[::-1] == [
        "NATO",
        "Government of Serbia",
        "Kosovo",
        "&lt;b&gt;Evil&lt;/b&gt; Corp",
    ]


def test_hover_text_is_escaped(frame: pd.DataFrame) -> None:
    fig = figure(frame)
    texts = [h for t in fig.data if t.hovertext for h in t.hovertext]
    hostile = next(h for h in texts if "Officials said" in h).replace("<br>", " ")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in hostile
    assert '&lt;a href="https://evil.example/"&gt;click&lt;/a&gt;' in hostile
    assert "Daily &amp; Co — Talks &lt;i&gt;stall&lt;/i&gt;" in hostile
    for text in texts:
        assert "<script" not in text and "<a " not in text and "<i>stall" not in text
    evil = next(h for h in texts if "Corp" in h)
    assert "&lt;b&gt;Evil&lt;/b&gt; Corp → NATO" in evil


def test_hover_content_and_wrapping(frame: pd.DataFrame) -> None:
    hover = markers(figure(frame))["verbal cooperation"].hovertext[0]
    lines = hover.split("<br>")
    assert lines[0] == "<b>2023-05-29 (day)</b>"
    assert lines[1] == "NATO → Government of Serbia"
    assert lines[2] == "Appeal for easing of tensions (CAMEO 0256, PLOVER REQUEST)"
    assert lines[3] == "Goldstein +3.0 · verbal cooperation"
    assert "2 mentions in 2 article(s)" in lines
    # the sentence is wrapped at about 80 characters (escaping makes lines a little longer)
    sentence_lines = [ln for ln in lines if "Officials" in ln or "expected" in ln or "talks" in ln]
    assert len(sentence_lines) >= 2
    week = markers(figure(frame))["verbal conflict"].hovertext[0]
    assert week.startswith("<b>2023-06-05 – 2023-06-11 (week)</b>")


def test_range_slider_and_buttons(frame: pd.DataFrame) -> None:
    xaxis = figure(frame).layout.xaxis
    assert xaxis.type == "date"
    assert xaxis.rangeslider.visible is True
    assert [b.label for b in xaxis.rangeselector.buttons] == ["1m", "6m", "all"]


def test_future_events_as_hollow_markers(frame: pd.DataFrame) -> None:
    assert "announced (future)" not in markers(figure(frame))
    traces = markers(figure(frame, show_future=True))
    future = traces["announced (future)"]
    assert future.marker.symbol == "circle-open"
    assert future.x == ("2023-09-01",)
    assert list(future.marker.color) == [QUAD_CLASS_COLORS[4]]
    assert len(traces["material conflict"].x) == 2  # the future event is not drawn twice
    # other modalities only when asked for
    hypo = markers(figure(frame, include=("asserted", "hypothetical")))
    assert len(hypo["material cooperation"].x) == 2
    assert "modality: hypothetical" in hypo["material cooperation"].hovertext[1]


def test_colour_by_goldstein(frame: pd.DataFrame) -> None:
    fig = figure(frame, color_by="goldstein", show_future=True, title="<i>Balkans</i>")
    traces = markers(fig)
    assert list(traces) == ["events", "announced (future)"]
    marker = traces["events"].marker
    assert list(marker.color) == [3.0, 7.4, -2.0, -10.0, -2.0, -10.0]
    assert (marker.cmin, marker.cmax, marker.showscale) == (-10, 10, True)
    assert marker.colorbar.title.text == "Goldstein"
    assert traces["announced (future)"].marker.symbol == "circle-open"
    assert fig.layout.title.text == "&lt;i&gt;Balkans&lt;/i&gt;"
    with pytest.raises(ValueError, match="color_by"):
        figure(frame, color_by="country")


def test_empty_frame_says_no_events() -> None:
    fig = figure(events_frame([]))
    assert len(fig.data) == 0
    assert [a.text for a in fig.layout.annotations] == ["No events"]
    only_future = events_frame([EVENTS[7]])
    assert [a.text for a in figure(only_future).layout.annotations] == ["No events"]


def test_html_is_self_contained(frame: pd.DataFrame, tmp_path: Path) -> None:
    path = write_html(figure(frame), tmp_path / "out" / "timeline.html")
    html = path.read_text(encoding="utf-8")
    assert path.stat().st_size > 3_000_000  # plotly.js is embedded
    assert re.search(r"plotly\.js v\d+\.\d+", html)  # the bundle's banner
    assert not re.search(r"<script[^>]*\bsrc=", html)  # no script loaded from elsewhere
    assert "Plotly.newPlot" in html
    assert "<script>alert(1)" not in html


def test_small_tables_keep_one_svg_marker_per_event(frame: pd.DataFrame) -> None:
    fig = figure(frame)
    assert all(type(t) is go.Scatter for t in fig.data)
    assert fig.layout.meta is None


def test_above_max_points_the_view_is_aggregated_webgl_with_the_raw_events(
    frame: pd.DataFrame,
) -> None:
    fig = figure(frame, max_points=3)
    assert all(type(t) is go.Scattergl for t in fig.data)
    assert [t.name for t in fig.data] == [
        "verbal cooperation", "material cooperation", "verbal conflict", "material conflict"]
    # one point per (actor, day, QuadClass); its customdata is [bucket, events]
    counts = [int(n) for t in fig.data for n in t.customdata[:, 1]]
    assert sum(counts) == 6 and len(counts) == 6  # the six asserted real events, all apart
    assert fig.layout.height == 900 and fig.layout.xaxis.rangeslider.visible is not True
    assert "6 events in 6 points" in fig.layout.title.text
    table = fig.layout.meta["newsgraph_events"]
    strings, cols = table["strings"], table["columns"]
    rows = [dict(zip(cols, r, strict=True)) for r in table["events"]]
    for r in rows:
        for name in table["interned"]:
            r[name] = None if r[name] is None else strings[r[name]]
    assert len(rows) == 6 and table["starts"] == [0, 1, 2, 3, 4, 5, 6]
    # the raw event behind the first point of "verbal cooperation": cluster c1, two mentions
    first = int(fig.data[0].customdata[0, 0])
    c1 = rows[table["starts"][first]]
    assert (c1["date"], c1["source"], c1["target"], c1["cameo"]) == (
        "2023-05-29", "NATO", "Government of Serbia", "0256")
    assert (c1["mentions"], c1["articles"], c1["publisher"]) == (2, 2, "Daily & Co")
    assert c1["sentence"] == HOSTILE  # raw text: the page writes it with textContent
    week = next(r for r in rows if r["date_precision"] == "week")
    assert (week["date"], week["date_end"]) == ("2023-06-05", "2023-06-11")
    # busiest actors on top: Kosovo and Serbia (2 events each) before NATO's row order
    assert list(fig.layout.yaxis.categoryarray)[::-1][:2] == ["NATO", "Kosovo"]


def test_aggregated_view_by_goldstein_and_future(frame: pd.DataFrame) -> None:
    fig = figure(frame, max_points=1, color_by="goldstein", show_future=True)
    assert [t.name for t in fig.data] == ["events", "announced (future)"]
    assert all(type(t) is go.Scattergl for t in fig.data)
    assert list(fig.data[1].marker.color) == [-10.0]
    assert fig.data[1].marker.symbol == "circle-open"
    assert sorted(float(v) for v in fig.data[0].marker.color) == [
        -10.0, -10.0, -2.0, -2.0, 3.0, 7.4]


def test_aggregated_page_keeps_the_raw_events_inert(frame: pd.DataFrame, tmp_path: Path) -> None:
    fig = figure(frame, max_points=3)
    page = write_html(fig, tmp_path / "big.html").read_text(encoding="utf-8")
    block = re.search(
        r'<script type="application/json" id="newsgraph-events">(.*?)</script>', page, re.S)
    assert block is not None
    assert "<" not in block.group(1) and "&" not in block.group(1)  # cannot close the block
    assert json.loads(block.group(1)) == fig.layout.meta["newsgraph_events"]
    assert "<script>alert(1)" not in page
    assert page.count('"newsgraph_events"') == 0  # not also parsed with the figure
    ours = page[page.rindex("Plotly.newPlot"):]  # the page's own script, after plotly.js
    assert "plotly_click" in ours and "textContent" in ours and "innerHTML" not in ours
