"""Tests of graph.export: GEXF validity against the RELAX NG schema and read-back, GraphML, CSV,
JSONL."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import networkx as nx
import pandas as pd
import pytest
from builders import day, make_event
from lxml import etree

from graph.errors import ExportError
from graph.export import (
    FORMATS,
    GEXF_NS,
    VIZ_NS,
    validate_gexf,
    write,
    write_csv,
    write_events_jsonl,
    write_gexf,
    write_graphml,
)
from graph.model import Action, Actor, Event, TimeValue
from graph.table import EVENT_COLUMNS, events_frame

GEXF_RNG = Path(__file__).resolve().parents[2] / "shared" / "gexf-schema" / "1.3" / "gexf.rng"
needs_schema = pytest.mark.skipif(
    not GEXF_RNG.is_file(),
    reason=f"GEXF 1.3 RELAX NG schema not found at {GEXF_RNG} (kept outside the project)",
)

NATO = Actor("NATO", "NATO", type="igo", sector="IGO", cameo="IGOWSTNAT", wikidata="Q7184")
SRB = Actor("SRBGOV", "Government of Serbia", type="government", country="SRB", sector="GOV")
XKX = Actor("XKX", "Kosovo", type="state", country="XKX", wikidata="Q1246")
ODD = Actor("x-odd", 'Odd & "Co" <Ltd>', in_gazetteer=False)  # type "unknown", no country

APPEAL = Action("call on", "0256", "REQUEST", 1, 3.0, name="Appeal for easing of tensions")
ACCUSE = Action("accused", "112", "ACCUSE", 3, -2.0, name="Accuse")
FIGHT = Action("clashed", "190", "ASSAULT", 4, -10.0, name="Use conventional military force")
REFORM = Action("reformed", "0311", "COOPERATE", 1, 4.0, name="")
SAY = Action("said", "010", None, 1, 0.0, name="Make statement")


def ev(*args: Any, sentence: str = "Something happened.", **kw: Any) -> Event:
    return make_event(*args, sentence=sentence, **kw)


EVENTS = [
    ev("d1", NATO, APPEAL, SRB, day("2023-05-29"), cluster="c1"),
    ev("d2", NATO, APPEAL, SRB, day("2023-05-29"), cluster="c1", sentence="NATO called on Serbia."),
    ev("d2", SRB, ACCUSE, XKX, day("2023-05-30")),
    ev("d3", XKX, FIGHT, SRB, TimeValue("2023-06", "month", "2023-06-01", "2023-06-30")),
    ev("d3", SRB, REFORM, SRB, day("2023-06-10"), sentence="Ctrl\x0bchar & <tag> “quote”"),
    ev("d4", ODD, SAY, None, day("2023-07-01")),
    ev("d5", XKX, FIGHT, NATO, day("2023-08-01"), modality="future"),
]


@pytest.fixture
def frame() -> pd.DataFrame:
    return events_frame(EVENTS)


@needs_schema
def test_gexf_validates_against_relaxng(frame: pd.DataFrame, tmp_path: Path) -> None:
    path = write_gexf(frame, tmp_path / "g.gexf")
    validate_gexf(path, GEXF_RNG)  # raises ExportError when invalid


@needs_schema
def test_validate_gexf_reports_errors(tmp_path: Path) -> None:
    bad = tmp_path / "bad.gexf"
    bad.write_text(
        f'<gexf xmlns="{GEXF_NS}" version="1.3"><graph name="">'
        '<nodes><node id="a" z="None"/></nodes><edges/></graph></gexf>',
        encoding="utf-8",
    )
    with pytest.raises(ExportError, match="not valid GEXF 1.3: line 1"):
        validate_gexf(bad, GEXF_RNG)
    with pytest.raises(ExportError, match="not found"):
        validate_gexf(bad, tmp_path / "missing.rng")


def test_gexf_structure(frame: pd.DataFrame, tmp_path: Path) -> None:
    root = etree.parse(str(write_gexf(frame, tmp_path / "g.gexf"))).getroot()
    ns = {"g": GEXF_NS, "viz": VIZ_NS}
    assert root.get("version") == "1.3"
    graph_el = root.find("g:graph", ns)
    assert graph_el is not None
    assert (graph_el.get("mode"), graph_el.get("timeformat")) == ("dynamic", "date")
    assert graph_el.get("defaultedgetype") == "directed"
    assert graph_el.get("name") is None  # networkx writes name="", which is invalid
    nodes = {n.get("id"): n for n in root.iterfind(".//g:node", ns)}
    assert set(nodes) == {"NATO", "SRBGOV", "XKX", "x-odd"}  # the future event is left out
    assert nodes["NATO"].get("start") == "2023-05-29"
    assert nodes["XKX"].get("start") == "2023-05-30"
    assert nodes["x-odd"].get("label") == 'Odd & "Co" <Ltd>'
    values = {a.get("for"): a.get("value") for a in nodes["NATO"].iterfind(".//g:attvalue", ns)}
    assert values == {"type": "igo", "sector": "IGO", "cameo": "IGOWSTNAT", "wikidata": "Q7184"}
    color = nodes["NATO"].find("viz:color", ns)
    assert color is not None and (color.get("r"), color.get("g"), color.get("b")) == (
        "0",
        "158",
        "115",
    )
    assert "None" not in etree.tostring(root, encoding="unicode")
    edges = list(root.iterfind(".//g:edge", ns))
    assert len(edges) == 4
    c1 = next(e for e in edges if e.get("id") == "c1")
    assert (c1.get("source"), c1.get("target"), c1.get("weight")) == ("NATO", "SRBGOV", "2.0")
    assert (c1.get("kind"), c1.get("label")) == ("REQUEST", "Appeal for easing of tensions")
    fight = next(e for e in edges if e.get("source") == "XKX")
    assert (fight.get("start"), fight.get("end")) == ("2023-06-01", "2023-06-30")
    fight_color = fight.find("viz:color", ns)
    assert fight_color is not None and fight_color.get("r") == "213"  # material conflict


def test_gexf_reads_back_with_networkx(frame: pd.DataFrame, tmp_path: Path) -> None:
    G = nx.read_gexf(write_gexf(frame, tmp_path / "g.gexf"))
    assert G.number_of_nodes() == 4
    assert G.number_of_edges() == 4
    edges = {d["id"]: (u, v, d) for u, v, d in G.edges(data=True)}
    u, v, c1 = edges["c1"]
    assert (u, v) == ("NATO", "SRBGOV")
    assert c1["start"] == "2023-05-29" and c1["end"] == "2023-05-29"
    assert c1["mentions"] == 2 and c1["cameo"] == "0256" and c1["quad_class"] == 1
    starts = sorted(d["start"] for _, _, d in G.edges(data=True))
    assert starts == ["2023-05-29", "2023-05-30", "2023-06-01", "2023-06-10"]
    assert all(d["weight"] > 0 for _, _, d in G.edges(data=True))
    for _, _, d in G.edges(data=True):
        if d["quad_class"] in (3, 4):
            assert d["goldstein"] < 0
        else:
            assert d["goldstein"] >= 0
    # a self-loop is kept; the control character is gone, the rest of the text is intact
    loop = next(d for u, v, d in G.edges(data=True) if u == v == "SRBGOV")
    assert loop["sentence"] == "Ctrl char & <tag> “quote”"
    assert loop["label"] == "0311"  # no CAMEO name: the code labels the edge
    assert G.nodes["x-odd"]["label"] == 'Odd & "Co" <Ltd>'
    assert "country" not in G.nodes["x-odd"]  # missing values are left out


def test_gexf_with_all_modalities(frame: pd.DataFrame, tmp_path: Path) -> None:
    G = nx.read_gexf(write_gexf(frame, tmp_path / "g.gexf", asserted_only=False))
    assert G.number_of_edges() == 5
    assert G.has_edge("XKX", "NATO")


@needs_schema
def test_empty_gexf_is_valid(tmp_path: Path) -> None:
    path = write_gexf(events_frame([]), tmp_path / "empty.gexf")
    validate_gexf(path, GEXF_RNG)
    assert nx.read_gexf(path).number_of_nodes() == 0


def test_graphml_reads_back(frame: pd.DataFrame, tmp_path: Path) -> None:
    path = write_graphml(frame, tmp_path / "g.graphml")
    G = nx.read_graphml(path, force_multigraph=True)  # no parallel edges here
    assert G.number_of_nodes() == 4
    assert G.number_of_edges() == 4
    assert G.is_multigraph() and G.is_directed()
    assert G.nodes["NATO"]["wikidata"] == "Q7184"
    assert "country" not in G.nodes["NATO"]  # None dropped
    assert G.edges["NATO", "SRBGOV", "c1"]["mentions"] == 2
    assert G.edges["NATO", "SRBGOV", "c1"]["goldstein"] == 3.0
    assert G.edges["SRBGOV", "SRBGOV", next(iter(G["SRBGOV"]["SRBGOV"]))]["sentence"] == (
        "Ctrl char & <tag> “quote”"
    )

    D = nx.read_graphml(write_graphml(frame, tmp_path / "d.graphml", dyads=True))
    assert not D.is_multigraph()
    assert D.number_of_edges() == 4
    assert D["XKX"]["SRBGOV"]["conflict"] == 1
    assert D["XKX"]["SRBGOV"]["goldstein_sum"] == -10.0


def test_csv_round_trip(frame: pd.DataFrame, tmp_path: Path) -> None:
    back = pd.read_csv(write_csv(frame, tmp_path / "events.csv"))
    assert list(back.columns) == list(EVENT_COLUMNS)
    assert len(back) == len(EVENTS)
    assert list(back["cluster_id"].head(2)) == ["c1", "c1"]
    assert back["goldstein"].tolist() == [3.0, 3.0, -2.0, -10.0, 4.0, 0.0, -10.0]


def test_events_jsonl(tmp_path: Path) -> None:
    path = write_events_jsonl((e.to_json() for e in EVENTS), tmp_path / "e.jsonl")
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(EVENTS)
    first = json.loads(lines[0])
    assert first["source"]["label"] == "NATO" and first["action"]["cameo"] == "0256"
    assert "“quote”" in lines[4]  # UTF-8 kept as is
    with pytest.raises(ExportError, match="record 1"):
        write_events_jsonl([{"bad": object()}], tmp_path / "x.jsonl")


def test_write_picks_format_from_suffix(frame: pd.DataFrame, tmp_path: Path) -> None:
    assert set(FORMATS) == {"gexf", "graphml", "csv"}
    assert nx.read_gexf(write(frame, tmp_path / "a.gexf")).number_of_edges() == 4
    assert nx.read_graphml(write(frame, tmp_path / "a.xml", fmt="graphml")).number_of_nodes() == 4
    assert len(pd.read_csv(write(frame, tmp_path / "a.CSV"))) == len(EVENTS)
    with pytest.raises(ExportError, match="unknown format 'png'"):
        write(frame, tmp_path / "a.png")


def test_streamed_gexf_keeps_whitespace_and_markup_in_attributes(tmp_path: Path) -> None:
    text = 'Line one\nline two\r\n\ttabbed & <b>bold</b> "quoted" \x07bell'
    odd = Actor("x-a&b", 'A & "B" <c>', in_gazetteer=False)
    frame = events_frame([ev("d1", odd, APPEAL, SRB, day("2023-05-29"), sentence=text)])
    path = write_gexf(frame, tmp_path / "ws.gexf")
    if GEXF_RNG.is_file():  # the schema lies outside the project; the content checks need none
        validate_gexf(path, GEXF_RNG)
    raw = path.read_text(encoding="utf-8")
    assert "&#10;" in raw and "&#13;" in raw and "&#9;" in raw  # kept, not normalised away
    doc = etree.parse(str(path))
    ns = {"g": "http://gexf.net/1.3"}
    sentence = doc.find(".//g:edge/g:attvalues/g:attvalue[@for='sentence']", ns)
    assert sentence is not None
    assert sentence.get("value") == text.replace("\x07", " ")  # only the XML-illegal char goes
    node = doc.find(".//g:node[@id='x-a&b']", ns)
    assert node is not None and node.get("label") == 'A & "B" <c>'
    edge = doc.find(".//g:edge", ns)
    assert edge is not None and (edge.get("source"), edge.get("target")) == ("x-a&b", "SRBGOV")


def _networkx_graphml(frame: pd.DataFrame, path: Path, *, dyads: bool) -> Path:
    """The GraphML networkx's own writer gives for the same graph (the reference)."""
    from graph.analysis import dyad_graph, to_networkx
    from graph.export import _graphml_data, _xml_key

    G = to_networkx(frame)
    H: nx.DiGraph | nx.MultiDiGraph
    if dyads:
        D = dyad_graph(G)
        H = nx.DiGraph()
        H.add_nodes_from((_xml_key(n), _graphml_data(d)) for n, d in D.nodes(data=True))
        H.add_edges_from((_xml_key(u), _xml_key(v), _graphml_data(d))
                         for u, v, d in D.edges(data=True))
    else:
        H = nx.MultiDiGraph()
        H.add_nodes_from((_xml_key(n), _graphml_data(d)) for n, d in G.nodes(data=True))
        for u, v, k, d in G.edges(keys=True, data=True):
            H.add_edge(_xml_key(u), _xml_key(v), key=_xml_key(k), **_graphml_data(d))
    nx.write_graphml(H, path, encoding="utf-8")
    return path


@pytest.mark.parametrize("dyads", [False, True])
def test_streamed_graphml_reads_back_as_networkx_wrote_it(tmp_path: Path, dyads: bool) -> None:
    text = 'Line one\nline two\r\n\ttabbed & <b>bold</b> "quoted" \x07bell ]]>'
    frame = events_frame([
        *EVENTS,
        ev("d9", ODD, FIGHT, SRB, day("2023-06-01"), sentence=text),
        ev("d9", ODD, FIGHT, SRB, day("2023-06-02"), sentence="Again."),
    ])
    ours = nx.read_graphml(write_graphml(frame, tmp_path / "ours.graphml", dyads=dyads),
                           force_multigraph=not dyads)
    ref = nx.read_graphml(_networkx_graphml(frame, tmp_path / "ref.graphml", dyads=dyads),
                          force_multigraph=not dyads)
    assert dict(ours.nodes(data=True)) == dict(ref.nodes(data=True))
    if dyads:
        assert sorted(ours.edges(data=True), key=str) == sorted(ref.edges(data=True), key=str)
    else:
        assert sorted(ours.edges(keys=True, data=True), key=str) == sorted(
            ref.edges(keys=True, data=True), key=str)
        sentences = {d.get("sentence") for *_, d in ours.edges(keys=True, data=True)}
        assert text.replace("\x07", " ") in sentences  # whitespace and markup kept
