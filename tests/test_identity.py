"""Event identity: one real event reported in several sentences and articles is one cluster."""

from __future__ import annotations

import json
from pathlib import Path

from graph.kg import KnowledgeGraph


def _corpus(tmp_path: Path, items: list[dict[str, str]]) -> Path:
    p = tmp_path / "c.jsonl"
    p.write_text("".join(json.dumps(i) + "\n" for i in items), encoding="utf-8")
    return p


def test_one_event_reported_by_three_outlets_is_one_cluster(kg: KnowledgeGraph,
                                                            tmp_path: Path) -> None:
    items = [
        {"id": "wire-a", "date": "2023-05-30T09:00:00+02:00",
         "text": "NATO condemned Serbia on Monday over the violence in Zvecan."},
        {"id": "wire-b", "date": "2023-05-30T18:00:00+02:00",
         "text": "NATO condemned Serbia over the clashes, officials said."},
        {"id": "wire-c", "date": "2023-06-01T08:00:00+02:00",
         "text": "On Monday NATO condemned Serbia. The statement was brief."},
        # a different event: another type between the same actors
        {"id": "wire-d", "date": "2023-05-30T12:00:00+02:00",
         "text": "NATO urged Serbia to withdraw its troops from the boundary."},
    ]
    report = kg.ingest([_corpus(tmp_path, items)])
    assert report.errors == ()
    frame = kg.events()
    accuse = frame[frame["plover"] == "ACCUSE"]
    assert set(accuse["doc_id"]) == {"wire-a", "wire-b", "wire-c"}
    assert accuse["cluster_id"].nunique() == 1
    request = frame[frame["plover"] == "REQUEST"]
    assert set(request["cluster_id"]).isdisjoint(set(accuse["cluster_id"]))
    every = kg.events(modality=None)  # the requested withdrawal is stored too, not asserted
    assert set(every["modality"]) == {"asserted", "requested"}
    assert kg.store.count_clusters() == every["cluster_id"].nunique()
    assert kg.store.count_events() == len(every) > kg.store.count_clusters()
    # analysis counts the event once, with its mentions as weight
    G = kg.to_networkx()
    edges = [d for _, _, d in G.edges(data=True) if d["plover"] == "ACCUSE"]
    assert len(edges) == 1 and edges[0]["mentions"] == 3
    # re-ingesting finds the same clusters again
    again = kg.ingest([_corpus(tmp_path, items)])
    assert again.skipped == 4 and kg.store.count_clusters() == every["cluster_id"].nunique()


def test_events_weeks_apart_are_separate(kg: KnowledgeGraph, tmp_path: Path) -> None:
    items = [
        {"id": "m1", "date": "2023-05-30", "text": "NATO condemned Serbia."},
        {"id": "m2", "date": "2023-09-25", "text": "NATO condemned Serbia."},
    ]
    kg.ingest([_corpus(tmp_path, items)])
    assert kg.events()["cluster_id"].nunique() == 2


def test_batched_store_lookup_matches_the_per_mention_query(kg: KnowledgeGraph,
                                                            tmp_path: Path) -> None:
    """One query per batch (_stored_clusters) gives each mention the cluster that the
    per-mention query (_stored_cluster) gives it."""
    from dataclasses import replace

    from graph.identity import _stored_cluster, _stored_clusters

    items = [
        {"id": "b1", "date": "2023-05-30", "text": "NATO condemned Serbia."},
        {"id": "b2", "date": "2023-06-20", "text": "NATO urged Serbia to withdraw its troops."},
        {"id": "b3", "date": "2023-05-31", "text": "Serbia condemned NATO over Kosovo."},
    ]
    kg.ingest([_corpus(tmp_path, items)])
    probes = [
        {"id": "p1", "date": "2023-06-01", "text": "NATO condemned Serbia on Tuesday."},
        {"id": "p2", "date": "2023-06-21", "text": "NATO urged Serbia to withdraw its troops."},
        {"id": "p3", "date": "2023-09-01", "text": "NATO condemned Serbia."},
        {"id": "p4", "date": "2023-06-01", "text": "Serbia condemned NATO."},
    ]
    from graph.ingest import read_inputs
    from graph.model import Article

    arts = [a for a in read_inputs([_corpus(tmp_path, probes)]) if isinstance(a, Article)]
    events = [ev for _, found in kg.extractor.extract_articles(arts) for ev in found]
    events += [replace(ev, cluster_id=None) for ev in events[:1]]
    assert len(events) >= 4
    batched = _stored_clusters(events, kg.store)
    single = {i: c for i, ev in enumerate(events) if (c := _stored_cluster(ev, kg.store))}
    assert batched == single
    assert len(batched) >= 2  # some probes do join stored clusters
