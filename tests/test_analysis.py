"""Tests of graph.analysis on a hand-built events table with known answers.

The table (asserted rows unless said otherwise):

- A -> B "sign agreement" (QuadClass 1, +8.0), one event reported twice (cluster k1)
- A -> B "economic cooperation" (QuadClass 2, +6.4)
- B -> A "accuse" (QuadClass 3, -2.0)
- A -> E "consult" (QuadClass 1, +1.9)
- C makes a statement, no target, month precision (September 2023)
- F -> G "provide aid" (QuadClass 2, +7.4)
- D -> A "threaten" (QuadClass 3, -7.0), hypothetical: left out by default
"""

from __future__ import annotations

import json

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from builders import day, make_event

from graph.analysis import (
    analyze,
    dyad_graph,
    event_clusters,
    format_report,
    pagerank,
    to_networkx,
    window,
    write_report,
)
from graph.errors import QueryError
from graph.model import Action, Actor, Article, TimeValue
from graph.table import EVENT_COLUMNS, events_frame

A = Actor("AAA", "Aland", type="state", country="AAA", cameo="AAA", wikidata="Q1")
B = Actor("BBBGOV", "Bland Government", type="government", country="BBB", sector="GOV")
C = Actor("IGOC", "Côte Council", type="igo", sector="IGO")
D = Actor("x-dee", "Dee", type="person", in_gazetteer=False)
E = Actor("EEE", "Eland", type="state", country="EEE")
F = Actor("FFF", "Fland", type="state", country="FFF")
G_ = Actor("GGG", "Gland", type="state", country="GGG")

SIGN = Action("signed", "057", "AGREE", 1, 8.0, name="Sign formal agreement")
ECON = Action("cooperate", "061", "COOPERATE", 2, 6.4, name="Cooperate economically")
ACCUSE = Action("accused", "112", "ACCUSE", 3, -2.0, name="Accuse")
CONSULT = Action("met", "042", "CONSULT", 1, 1.9, name="Make a visit")
STATEMENT = Action("said", "010", None, 1, 0.0, name="Make statement")
AID = Action("sent aid", "070", "AID", 2, 7.4, name="Provide aid")
THREAT = Action("could attack", "138", "THREATEN", 3, -7.0, name="Threaten with military force")


EVENTS = [
    make_event("doc1", A, SIGN, B, day("2023-07-11"), cluster="k1"),
    make_event("doc2", A, SIGN, B, day("2023-07-11"), cluster="k1", start=40),
    make_event("doc3", A, ECON, B, day("2023-08-02")),
    make_event("doc3", B, ACCUSE, A, day("2023-08-05"), start=80),
    make_event("doc4", A, CONSULT, E, day("2023-07-20")),
    make_event(
        "doc5",
        C,
        STATEMENT,
        None,
        TimeValue("2023-09", "month", "2023-09-01", "2023-09-30"),
    ),
    make_event("doc6", F, AID, G_, day("2023-10-01")),
    make_event("doc7", D, THREAT, A, day("2023-08-20"), modality="hypothetical"),
]
ARTICLES = {
    f"doc{i}": Article(id=f"doc{i}", text="...", title=f"Title {i}", source="Daily")
    for i in range(8)
}


@pytest.fixture
def frame() -> pd.DataFrame:
    return events_frame(EVENTS, ARTICLES)


def test_clusters_count_real_events(frame: pd.DataFrame) -> None:
    clusters = event_clusters(frame)
    assert len(clusters) == 6  # 7 asserted rows, two of them one event
    k1 = next(c for c in clusters if c["key"] == "k1")
    assert k1["mentions"] == 2
    assert k1["doc_ids"] == ["doc1", "doc2"]
    assert k1["doc_id"] == "doc1"  # the first reported mention represents the cluster
    assert len(event_clusters(frame, include=None)) == 7


def test_to_networkx_nodes_edges_and_attributes(frame: pd.DataFrame) -> None:
    G = to_networkx(frame)
    assert isinstance(G, nx.MultiDiGraph)
    assert set(G) == {"AAA", "BBBGOV", "IGOC", "EEE", "FFF", "GGG"}
    assert G.number_of_edges() == 5
    assert G.number_of_edges("AAA", "BBBGOV") == 2
    k1 = G.edges["AAA", "BBBGOV", "k1"]
    assert k1["mentions"] == 2 and k1["weight"] == 2
    assert (k1["cameo"], k1["plover"], k1["quad_class"], k1["goldstein"]) == (
        "057",
        "AGREE",
        1,
        8.0,
    )
    assert k1["date"] == "2023-07-11" and k1["doc_id"] == "doc1"
    assert G.nodes["AAA"]["label"] == "Aland"
    assert G.nodes["AAA"]["wikidata"] == "Q1"
    assert G.nodes["BBBGOV"]["sector"] == "GOV"
    assert G.nodes["AAA"]["first_date"] == "2023-07-11"
    # the statement without target adds its actor only
    assert G.degree("IGOC") == 0
    assert G.nodes["IGOC"]["first_date"] == "2023-09-01"


def test_to_networkx_can_include_other_modalities(frame: pd.DataFrame) -> None:
    G = to_networkx(frame, asserted_only=False)
    assert "x-dee" in G
    assert G.number_of_edges("x-dee", "AAA") == 1
    assert G.number_of_edges() == 6


def test_dyad_graph_collapses_events(frame: pd.DataFrame) -> None:
    D = dyad_graph(to_networkx(frame))
    assert D.number_of_edges() == 4
    ab = D["AAA"]["BBBGOV"]
    assert ab["weight"] == 2  # two events
    assert ab["mentions"] == 3  # one of them reported twice
    assert ab["goldstein_sum"] == pytest.approx(14.4)
    assert ab["goldstein_mean"] == pytest.approx(7.2)
    assert (ab["cooperation"], ab["conflict"]) == (2, 0)
    ba = D["BBBGOV"]["AAA"]
    assert (ba["weight"], ba["conflict"], ba["goldstein_sum"]) == (1, 1, -2.0)


def test_analyze_counts_and_reciprocity(frame: pd.DataFrame) -> None:
    report = analyze(frame)
    assert report["counts"] == {
        "rows": 8,
        "mentions": 7,
        "events": 6,
        "clusters": 1,
        "actors": 6,
        "edges": 5,
        "dyads": 4,
    }
    # A->B and B->A reciprocate each other; A->E and F->G do not
    assert report["reciprocity"] == pytest.approx(0.5)
    assert report["period"] == {"first": "2023-07-11", "last": "2023-10-01"}
    assert report["modalities"] == ["asserted"]


def test_analyze_dyads(frame: pd.DataFrame) -> None:
    report = analyze(frame)
    coop = report["cooperative_dyads"]
    assert [(d["source"], d["target"]) for d in coop] == [
        ("AAA", "BBBGOV"),
        ("FFF", "GGG"),
        ("AAA", "EEE"),
    ]
    assert coop[0]["source_label"] == "Aland" and coop[0]["target_label"] == "Bland Government"
    assert (coop[0]["events"], coop[0]["mentions"]) == (2, 3)
    assert coop[0]["goldstein_sum"] == pytest.approx(14.4)
    conflict = report["conflictual_dyads"]
    assert [(d["source"], d["target"], d["goldstein_sum"]) for d in conflict] == [
        ("BBBGOV", "AAA", -2.0)
    ]
    assert analyze(frame, top=1)["cooperative_dyads"][0]["target"] == "BBBGOV"
    assert len(analyze(frame, top=1)["cooperative_dyads"]) == 1


def test_analyze_actor_measures(frame: pd.DataFrame) -> None:
    report = analyze(frame)
    actors = {a["id"]: a for a in report["actors"]}
    a = actors["AAA"]
    assert (a["out_degree"], a["in_degree"], a["degree"]) == (3, 1, 4)
    assert (a["out_strength"], a["in_strength"], a["strength"]) == (4, 1, 5)
    # A is on the only path between B and E: 1 of the 10 pairs of 6 actors (normalised)
    assert a["betweenness"] == pytest.approx(0.1)
    assert all(x["betweenness"] == 0 for x in report["actors"] if x["id"] != "AAA")
    # PageRank: A and B exchange most mentions; E and G are sinks; F and C only give or
    # nothing, tie on the teleport share and are then ordered by degree
    order = [x["id"] for x in report["actors"]]
    assert order == ["AAA", "BBBGOV", "EEE", "GGG", "FFF", "IGOC"]
    assert actors["FFF"]["pagerank"] == pytest.approx(actors["IGOC"]["pagerank"])
    assert sum(x["pagerank"] for x in report["actors"]) == pytest.approx(1.0, abs=1e-5)
    assert report["actors"] == sorted(report["actors"], key=lambda x: -x["pagerank"])


def test_analyze_communities(frame: pd.DataFrame) -> None:
    report = analyze(frame, seed=7)
    parts = [set(c["members"]) for c in report["communities"]]
    assert parts == [{"AAA", "BBBGOV", "EEE"}, {"FFF", "GGG"}, {"IGOC"}]
    assert report["communities"][1]["labels"] == ["Fland", "Gland"]
    actors = {a["id"]: a for a in report["actors"]}
    assert actors["AAA"]["community"] == actors["EEE"]["community"] == 0
    assert actors["IGOC"]["community"] == 2


def test_analyze_histograms(frame: pd.DataFrame) -> None:
    report = analyze(frame)
    assert report["plover"] == {
        "ACCUSE": 1,
        "AGREE": 1,
        "AID": 1,
        "CONSULT": 1,
        "COOPERATE": 1,
        "none": 1,
    }
    assert report["months"] == {"2023-07": 2, "2023-08": 2, "2023-09": 1, "2023-10": 1}
    assert report["quad_classes"] == {
        "verbal cooperation": 3,
        "material cooperation": 2,
        "verbal conflict": 1,
    }


def test_analyze_all_modalities(frame: pd.DataFrame) -> None:
    report = analyze(frame, asserted_only=False)
    assert report["counts"]["events"] == 7
    assert report["conflictual_dyads"][0]["source"] == "x-dee"  # -7.0 beats -2.0
    assert report["plover"]["THREATEN"] == 1


def test_pagerank_matches_google_matrix() -> None:
    D = nx.DiGraph()
    D.add_edge("a", "b", weight=3.0)
    D.add_edge("b", "a", weight=1.0)
    D.add_edge("a", "c", weight=1.0)  # c is dangling
    ranks = pagerank(D)
    assert sum(ranks.values()) == pytest.approx(1.0)
    assert ranks["a"] > ranks["b"] > ranks["c"]
    # the stationary vector of networkx's Google matrix (NumPy only) is the same ranking
    nodes = ["a", "b", "c"]
    M = nx.google_matrix(D, alpha=0.85, weight="weight", nodelist=nodes)
    values, vectors = np.linalg.eig(M.T)
    stationary = np.abs(vectors[:, int(np.argmax(values.real))].real)
    stationary /= stationary.sum()
    for node, expected in zip(nodes, stationary, strict=True):
        assert ranks[node] == pytest.approx(float(expected), abs=1e-9)
    assert pagerank(nx.DiGraph()) == {}


def test_window_overlaps_dates(frame: pd.DataFrame) -> None:
    august = window(frame, "2023-08-01", "2023-08-31")
    assert sorted(august["date"]) == ["2023-08-02", "2023-08-05", "2023-08-20"]
    # the September month overlaps a window starting mid-month
    late = window(frame, "2023-09-15", None)
    assert list(late["source_id"]) == ["IGOC", "FFF"]
    # a month as the upper bound means its last day
    july = window(frame, None, "2023-07")
    assert sorted(july["date"]) == ["2023-07-11", "2023-07-11", "2023-07-20"]
    assert len(window(frame, None, None)) == len(frame)
    assert list(window(frame, "2024", None).columns) == list(EVENT_COLUMNS)
    assert window(frame, "2024", None).empty


def test_window_rejects_bad_dates(frame: pd.DataFrame) -> None:
    with pytest.raises(QueryError, match="YYYY-MM-DD"):
        window(frame, "July 2023", None)
    with pytest.raises(QueryError, match="until"):
        window(frame, None, "2023-13")


def test_empty_frame_gives_empty_report(tmp_path) -> None:
    report = analyze(events_frame([]))
    assert report["counts"] == dict.fromkeys(
        ("rows", "mentions", "events", "clusters", "actors", "edges", "dyads"), 0
    )
    assert report["actors"] == [] and report["communities"] == []
    assert report["cooperative_dyads"] == [] and report["conflictual_dyads"] == []
    assert report["reciprocity"] == 0.0
    assert report["months"] == {} and report["plover"] == {}
    assert "(none)" in format_report(report)
    assert json.loads(write_report(report, tmp_path / "r.json").read_text()) == report


def test_missing_columns_are_named() -> None:
    with pytest.raises(ValueError, match="events_frame"):
        analyze(pd.DataFrame({"date": ["2023-01-01"]}))


def test_report_is_json_and_text(frame: pd.DataFrame, tmp_path) -> None:
    report = analyze(frame)
    path = write_report(report, tmp_path / "out" / "report.json")
    text = path.read_text(encoding="utf-8")
    assert "Côte Council" in text  # UTF-8, not \\u escapes
    assert text.startswith('{\n  "counts"')
    assert json.loads(text) == report
    summary = format_report(report)
    assert "6 events (7 mentions, 1 reported more than once) among 6 actors" in summary
    assert "Aland -> Bland Government: Goldstein +14.4 over 2 event(s), 3 mention(s)" in summary
    assert "Bland Government -> Aland: Goldstein -2.0" in summary
    assert "2023-09" in summary


def test_large_graph_betweenness_is_sampled_with_the_seed() -> None:
    hub = Actor("HUB", "Hub")
    leaves = [Actor(f"L{i:03d}", f"Leaf {i}") for i in range(600)]
    events = [
        make_event(f"s{i}", hub, CONSULT, leaf, day("2023-01-02")) for i, leaf in enumerate(leaves)
    ]
    events += [
        make_event(f"t{i}", leaf, ACCUSE, hub, day("2023-01-03"))
        for i, leaf in enumerate(leaves[:50])
    ]
    star = events_frame(events)
    report = analyze(star, seed=3)
    assert report["counts"]["actors"] == 601
    top = report["actors"][0]
    assert top["id"] == "HUB"
    assert top["betweenness"] == pytest.approx(1.0, abs=0.05)  # every path runs through it
    assert all(a["betweenness"] == 0 for a in report["actors"][1:])
    assert analyze(star, seed=3)["actors"] == report["actors"]  # the seed fixes the sample
    assert report["reciprocity"] == pytest.approx(100 / 650)


def test_betweenness_of_a_large_dense_graph_is_sampled_and_says_so(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import graph.analysis as analysis

    # a small budget stands for a graph too large for one Dijkstra per actor
    monkeypatch.setattr(analysis, "_BETWEENNESS_BUDGET", 360)  # 6 sources x 2 x 30 edges
    monkeypatch.setattr(analysis, "_BETWEENNESS_MIN_SOURCES", 3)
    hub = Actor("HUB", "Hub")
    leaves = [Actor(f"L{i:02d}", f"Leaf {i}") for i in range(30)]
    star = events_frame([
        make_event(f"s{i}", hub, CONSULT, leaf, day("2023-01-02")) for i, leaf in enumerate(leaves)
    ])
    report = analyze(star, seed=5)
    assert report["betweenness"] == {"method": "sampled", "sources": 6, "actors": 31, "seed": 5}
    assert "betweenness: sampled, estimated from 6 of 31 actors" in format_report(report)
    between = {a["id"]: a["betweenness"] for a in report["actors"]}
    assert between["HUB"] > 0.5 and max(v for k, v in between.items() if k != "HUB") == 0
    assert analyze(star, seed=5)["actors"] == report["actors"]  # the seed fixes the sample


def test_small_graph_betweenness_is_exact_and_not_flagged(frame: pd.DataFrame) -> None:
    report = analyze(frame)
    assert report["betweenness"] == {"method": "exact", "sources": 6, "actors": 6, "seed": None}
    assert "sampled" not in format_report(report)
    # exact value: AAA is the only broker (BBBGOV and EEE meet through it); IGOC is alone
    U = nx.Graph([("AAA", "BBBGOV"), ("AAA", "EEE"), ("FFF", "GGG")])
    U.add_node("IGOC")
    exact = nx.betweenness_centrality(U)
    assert {a["id"]: a["betweenness"] for a in report["actors"]}["AAA"] == round(exact["AAA"], 6)


def test_event_clusters_read_column_wise_keep_plain_values() -> None:
    frame = events_frame(EVENTS, ARTICLES)
    frame.loc[0, "goldstein"] = np.float64(8.0)
    clusters = event_clusters(frame, include=None)
    k1 = next(c for c in clusters if c["key"] == "k1")
    assert type(k1["goldstein"]) is float and type(k1["quad_class"]) is int
    assert k1["event_ids"] == [frame.loc[0, "event_id"], frame.loc[1, "event_id"]]
    statement = next(c for c in clusters if c["target_id"] is None)
    assert statement["target_label"] is None and statement["goldstein"] == 0.0
    assert statement["date"] == "2023-09-01" and statement["date_end"] == "2023-09-30"
