"""Network analysis of the events table: actor graphs, centralities, communities, dyads.

The input is the events table (:data:`graph.table.EVENT_COLUMNS`), whether it came from the
store (``kg.events()``) or from :func:`graph.table.events_frame`, so nothing here touches RDF.

Event identity: rows sharing a non-null ``cluster_id`` are mentions of one real event, so they
are counted once (one *event*, one edge) and their number is the event's ``mentions``, the
weight used by every weighted measure. A row whose ``cluster_id`` is None is an event of its own.
Only ``asserted`` rows count unless the caller asks for the other modalities.

Example:

>>> import pandas as pd
>>> from graph.table import EVENT_COLUMNS
>>> frame = pd.DataFrame(columns=list(EVENT_COLUMNS))
>>> analyze(frame)["counts"]["events"]
0
"""

from __future__ import annotations

import json
import logging
import math
from collections import Counter
from collections.abc import Collection, Iterable, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd

from graph.errors import QueryError
from graph.model import MODALITIES
from graph.table import ACTOR_FIELDS, EVENT_COLUMNS

__all__ = [
    "QUAD_CLASS_COLORS",
    "QUAD_CLASS_NAMES",
    "analyze",
    "betweenness_sources",
    "check_frame",
    "dyad_graph",
    "event_clusters",
    "format_report",
    "modalities_for",
    "pagerank",
    "to_networkx",
    "window",
    "write_report",
]

logger = logging.getLogger(__name__)

#: CAMEO QuadClass number -> name.
QUAD_CLASS_NAMES: Mapping[int, str] = MappingProxyType(
    {
        1: "verbal cooperation",
        2: "material cooperation",
        3: "verbal conflict",
        4: "material conflict",
    }
)
#: QuadClass number -> colour (Okabe-Ito palette, distinguishable with colour-blindness):
#: blues for cooperation, orange/vermillion for conflict; shared by the timeline and GEXF.
QUAD_CLASS_COLORS: Mapping[int, str] = MappingProxyType(
    {
        1: "#56B4E9",
        2: "#0072B2",
        3: "#E69F00",
        4: "#D55E00",
    }
)

# Attributes copied from the table onto each actor node and each event edge.
_NODE_FIELDS = tuple(f for f in ACTOR_FIELDS if f != "id")
_ROUND = 6  # decimals kept for floats in reports
# Exact betweenness costs one Dijkstra per actor, each visiting every edge (both ways). When
# actors x 2 x edges is over this budget, betweenness is estimated (Brandes-Pich) from a seeded
# sample of source actors, as many as the budget allows but at least _BETWEENNESS_MIN_SOURCES;
# the report says so. 1 M edge visits take ~1 s of networkx (measured on 2 busy cores).
_BETWEENNESS_BUDGET = 1_000_000
_BETWEENNESS_MIN_SOURCES = 8


def _cell(value: Any) -> Any:
    """Return a table cell as a plain Python value, with every kind of missing value as None."""
    if isinstance(value, np.generic):
        value = value.item()
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def check_frame(frame: pd.DataFrame) -> None:
    """Raise ``ValueError`` when ``frame`` lacks columns of the events table.

    The readers share one table layout; a frame built another way would fail later with a
    bare ``KeyError``, so say here which columns are missing and how to get the right table.
    """
    missing = [c for c in EVENT_COLUMNS if c not in frame.columns]
    if missing:
        raise ValueError(
            f"the events table lacks the columns {missing}; build it with "
            "graph.table.events_frame(events) or kg.events()"
        )


def modalities_for(asserted_only: bool) -> tuple[str, ...]:
    """Return the modalities counted: only ``asserted``, or all of :data:`MODALITIES`."""
    return ("asserted",) if asserted_only else MODALITIES


def _column_values(frame: pd.DataFrame, column: str) -> list[Any]:
    """The cells of one column as plain Python values (every missing value as None), read
    column-wise: the same values :func:`_cell` gives, without a call per cell."""
    series = frame[column]
    values: list[Any] = series.tolist()  # numpy scalars become int / float / bool
    missing = series.isna().to_numpy()
    if missing.any():
        values = [None if m else v for v, m in zip(values, missing, strict=True)]
    if series.dtype == object:  # mixed cells may still hold numpy scalars
        values = [v.item() if isinstance(v, np.generic) else v for v in values]
    return values


def event_clusters(
    frame: pd.DataFrame, *, include: Collection[str] | None = ("asserted",)
) -> list[dict[str, Any]]:
    """Group the rows of the events table into real events (clusters), one dict each.

    Rows sharing a non-null ``cluster_id`` form one cluster; a row without one is its own.
    Only rows whose modality is in ``include`` count (None = every row). Each dict holds the
    cells of the cluster's representative mention (the first reported) as plain Python values,
    plus ``key`` (the cluster id, or the event id of a lone row), ``mentions`` (number of
    rows), ``date`` (earliest start), ``date_end`` (latest end), ``doc_ids`` and ``event_ids``.
    Clusters come in order of date (undated last), then key, so output is deterministic.

    The table is read column by column and a row dict is made for representatives only, so
    100k rows take well under a second.
    """
    check_frame(frame)
    names = [str(c) for c in frame.columns]
    cols = {name: _column_values(frame, c) for name, c in zip(names, frame.columns, strict=True)}
    modality, cluster, event = cols["modality"], cols["cluster_id"], cols["event_id"]
    groups: dict[str, list[int]] = {}
    for i in range(len(frame)):
        if include is not None and modality[i] not in include:
            continue
        key = cluster[i] or event[i] or f"row-{i}"
        groups.setdefault(str(key), []).append(i)
    reported, doc, start = cols["reported"], cols["doc_id"], cols["char_start"]
    dates, date_ends = cols["date"], cols["date_end"]

    def sort_key(i: int) -> tuple[str, str, int, str]:
        # The representative mention of a cluster is the first one reported.
        return (str(reported[i] or "~"), str(doc[i] or ""), int(start[i] or 0),
                str(event[i] or ""))

    clusters = []
    for key, rows in groups.items():
        if len(rows) > 1:
            rows.sort(key=sort_key)
        first = rows[0]
        rep = {name: cols[name][first] for name in names}
        starts = [dates[r] for r in rows if dates[r]]
        ends = [date_ends[r] or dates[r] for r in rows if date_ends[r] or dates[r]]
        rep["key"] = key
        rep["mentions"] = len(rows)
        rep["date"] = min(starts) if starts else None
        rep["date_end"] = max(ends) if ends else None
        rep["doc_ids"] = sorted({str(doc[r]) for r in rows if doc[r]})
        rep["event_ids"] = [str(event[r]) for r in rows if event[r]]
        if rep["quad_class"] is not None:
            rep["quad_class"] = int(rep["quad_class"])
        if rep["goldstein"] is not None:
            rep["goldstein"] = float(rep["goldstein"])
        clusters.append(rep)
    clusters.sort(key=lambda c: (c["date"] is None, c["date"] or "", c["key"]))
    return clusters


def _graph_from_clusters(clusters: Iterable[Mapping[str, Any]]) -> nx.MultiDiGraph:
    """The event multigraph of ``clusters`` (in date order): node attributes are those of the
    first cluster naming the actor, a missing one filled by the first later cluster that knows
    it, ``first_date`` the earliest date; one edge per cluster with a target. Nodes and edges
    are collected first and added in two bulk calls (a call per event was most of the time)."""
    nodes: dict[str, dict[str, Any]] = {}
    edges: list[tuple[str, str, Any, dict[str, Any]]] = []

    def actor(c: Mapping[str, Any], role: str) -> str:
        node = str(c[f"{role}_id"])
        data = nodes.get(node)
        if data is None:
            nodes[node] = {**{f: c[f"{role}_{f}"] for f in _NODE_FIELDS},
                           "first_date": c["date"]}
            return node
        for f in _NODE_FIELDS:
            if data[f] is None:  # first known value wins
                data[f] = c[f"{role}_{f}"]
        if c["date"] and (data["first_date"] is None or c["date"] < data["first_date"]):
            data["first_date"] = c["date"]
        return node

    for c in clusters:
        source = actor(c, "source")
        if c["target_id"] is None:  # an event without target adds its actor only
            continue
        target = actor(c, "target")
        edges.append((source, target, c["key"], {
            "cameo": c["cameo"],
            "action_name": c["action_name"],
            "plover": c["plover"],
            "quad_class": c["quad_class"],
            "goldstein": c["goldstein"],
            "date": c["date"],
            "date_end": c["date_end"],
            "date_precision": c["date_precision"],
            "mentions": c["mentions"],
            "weight": c["mentions"],
            "sentence": c["sentence"],
            "doc_id": c["doc_id"],
            "modality": c["modality"],
        }))
    G = nx.MultiDiGraph()
    G.add_nodes_from(nodes.items())
    G.add_edges_from(edges)
    return G


def to_networkx(frame: pd.DataFrame, *, asserted_only: bool = True) -> nx.MultiDiGraph:
    """Return the actor graph of the events table: one edge per event (cluster).

    Nodes are actor ids with attributes ``label``, ``type``, ``country``, ``sector``,
    ``cameo``, ``wikidata`` (None when unknown) and ``first_date`` (first day the actor appears).
    Each event with a target is an edge source -> target keyed by its cluster id (or event id),
    with ``cameo``, ``action_name``, ``plover``, ``quad_class``, ``goldstein``, ``date``,
    ``date_end``, ``date_precision``, ``mentions`` (also as ``weight``), ``sentence``,
    ``doc_id`` and ``modality`` of its first reported mention. Events with no target add their
    source node only. ``asserted_only=False`` counts every modality.
    """
    return _graph_from_clusters(event_clusters(frame, include=modalities_for(asserted_only)))


def dyad_graph(G: nx.MultiDiGraph) -> nx.DiGraph:
    """Collapse the event multigraph into one edge per ordered actor pair (dyad).

    Edge attributes: ``weight`` (number of events), ``mentions``, ``goldstein_sum`` and
    ``goldstein_mean`` (per event; an event without a Goldstein score adds 0), ``cooperation``
    (events of QuadClass 1-2) and ``conflict`` (QuadClass 3-4). Node attributes are kept.
    """
    D = nx.DiGraph()
    D.add_nodes_from(G.nodes(data=True))
    for u, v, d in G.edges(data=True):
        if not D.has_edge(u, v):
            D.add_edge(u, v, weight=0, mentions=0, goldstein_sum=0.0, cooperation=0, conflict=0)
        e = D[u][v]
        e["weight"] += 1
        e["mentions"] += int(d.get("mentions") or 1)
        e["goldstein_sum"] += float(d.get("goldstein") or 0.0)
        quad = d.get("quad_class")
        if quad in (1, 2):
            e["cooperation"] += 1
        elif quad in (3, 4):
            e["conflict"] += 1
    for _, _, e in D.edges(data=True):
        e["goldstein_mean"] = e["goldstein_sum"] / e["weight"]
    return D


def _bound(value: str | None, *, end: bool) -> str | None:
    """Return ``since``/``until`` as a full ISO date (a month or year stands for its first or
    last day), or raise a QueryError that shows the accepted forms."""
    if value is None:
        return None
    text = str(value).strip()
    try:
        if len(text) == 4:
            period = pd.Period(text, freq="Y")
        elif len(text) == 7:
            period = pd.Period(text, freq="M")
        elif len(text) == 10:
            period = pd.Period(text, freq="D")
        else:
            raise ValueError(text)
    except ValueError as err:
        raise QueryError(
            f"{'until' if end else 'since'}={value!r} is not an ISO date; "
            "write YYYY, YYYY-MM or YYYY-MM-DD, e.g. '2023-07-01'"
        ) from err
    day = period.end_time if end else period.start_time
    return str(day.strftime("%Y-%m-%d"))


def window(frame: pd.DataFrame, since: str | None, until: str | None) -> pd.DataFrame:
    """Return the rows whose time overlaps the window [since, until] (both days included).

    An event covers the days ``date`` .. ``date_end`` (``date`` alone when it has no end), so
    a month-precision event of July 2023 is in a window starting 2023-07-15. ``since`` and
    ``until`` are ISO dates; ``YYYY-MM`` or ``YYYY`` stand for their first (since) or last
    (until) day; None leaves that side open. Rows without a date are left out when either
    bound is given. The index of ``frame`` is kept.
    """
    check_frame(frame)
    lo, hi = _bound(since, end=False), _bound(until, end=True)
    if lo is None and hi is None:
        return frame.copy()
    starts = frame["date"].map(_cell)
    ends = [
        e if e is not None else s for s, e in zip(starts, frame["date_end"].map(_cell), strict=True)
    ]
    keep = [
        s is not None and (hi is None or str(s) <= hi) and (lo is None or str(e) >= lo)
        for s, e in zip(starts, ends, strict=True)
    ]
    return frame.loc[keep].copy()


def pagerank(
    D: nx.DiGraph, *, weight: str = "weight", alpha: float = 0.85, tol: float = 1e-12
) -> dict[str, float]:
    """Weighted PageRank of ``D`` by power iteration (dangling mass spread evenly).

    Same definition as ``networkx.pagerank``, written out because networkx computes it with
    SciPy, which newsgraph does not depend on; each iteration is a few numpy operations over
    the edge list, so 100k dyads take milliseconds. Scores sum to 1; an empty graph gives ``{}``.
    """
    nodes = list(D)
    n = len(nodes)
    if n == 0:
        return {}
    index = {u: i for i, u in enumerate(nodes)}
    m = D.number_of_edges()
    src = np.empty(m, dtype=np.int64)
    dst = np.empty(m, dtype=np.int64)
    w = np.empty(m, dtype=np.float64)
    for k, (u, v, d) in enumerate(D.edges(data=True)):
        src[k], dst[k], w[k] = index[u], index[v], float(d.get(weight, 1))
    out_weight = np.bincount(src, weights=w, minlength=n)
    dangling = out_weight == 0
    live = out_weight[src] > 0  # edges whose source spreads rank (a weight-0 source does not)
    share = np.where(live, w / np.where(live, out_weight[src], 1.0), 0.0)
    rank = np.full(n, 1.0 / n)
    for _ in range(1000):
        base = (1.0 - alpha) / n + alpha * float(rank[dangling].sum()) / n
        new = base + np.bincount(dst, weights=alpha * rank[src] * share, minlength=n)
        delta = float(np.abs(new - rank).sum())
        rank = new
        if delta < n * tol:
            break
    return {u: float(rank[i]) for i, u in enumerate(nodes)}


def _undirected(D: nx.DiGraph) -> nx.Graph:
    """Return ``D`` as an undirected graph, summing the two directions of a pair."""
    U = nx.Graph()
    U.add_nodes_from(D.nodes(data=True))
    for u, v, d in D.edges(data=True):
        if U.has_edge(u, v):
            U[u][v]["weight"] += d["weight"]
            U[u][v]["mentions"] += d["mentions"]
        else:
            U.add_edge(u, v, weight=d["weight"], mentions=d["mentions"])
    for _, _, e in U.edges(data=True):
        e["distance"] = 1.0 / e["mentions"]  # strong ties are short paths
    return U


def _label(G: nx.Graph, node: str) -> str:
    return str(G.nodes[node].get("label") or node)


def _dyad_rows(D: nx.DiGraph, edges: list[tuple[str, str, dict[str, Any]]]) -> list[dict[str, Any]]:
    return [
        {
            "source": u,
            "target": v,
            "source_label": _label(D, u),
            "target_label": _label(D, v),
            "events": d["weight"],
            "mentions": d["mentions"],
            "goldstein_sum": round(d["goldstein_sum"], _ROUND),
            "goldstein_mean": round(d["goldstein_mean"], _ROUND),
            "cooperation": d["cooperation"],
            "conflict": d["conflict"],
        }
        for u, v, d in edges
    ]


def _counter(values: Iterable[str]) -> dict[str, int]:
    counts = Counter(values)
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def betweenness_sources(U: nx.Graph) -> int:
    """How many source actors betweenness is computed from: all of them (exact) when
    actors x 2 x edges fits :data:`_BETWEENNESS_BUDGET`, else as many as the budget allows
    (at least :data:`_BETWEENNESS_MIN_SOURCES`).

    >>> betweenness_sources(nx.path_graph(10))
    10
    """
    n, m = int(U.number_of_nodes()), int(U.number_of_edges())
    if n * 2 * m <= _BETWEENNESS_BUDGET:
        return n
    return min(n, max(_BETWEENNESS_MIN_SOURCES, _BETWEENNESS_BUDGET // (2 * m)))


def analyze(
    frame: pd.DataFrame, *, top: int = 10, seed: int = 42, asserted_only: bool = True
) -> dict[str, Any]:
    """Return a JSON-serialisable report on the actor network of the events table.

    Keys:

    - ``counts``: ``rows`` (all rows of the table), ``mentions`` (rows that count),
      ``events`` (real events = clusters among them), ``clusters`` (events reported more than
      once), ``actors``, ``edges`` (events with a target), ``dyads`` (ordered actor pairs).
    - ``modalities`` counted, ``period`` (first and last day), ``reciprocity`` (share of
      dyads, self-loops aside, whose reverse dyad exists too).
    - ``actors``: every actor, by PageRank then degree: ``degree``/``in_degree``/``out_degree``
      (events), ``strength``/``in_strength``/``out_strength`` (mentions), ``pagerank``
      (weighted by mentions), ``betweenness`` (undirected dyad graph, distance = 1/mentions)
      and ``community`` (index into ``communities``).
    - ``betweenness``: how it was computed: ``method`` ``"exact"``, or ``"sampled"`` when the
      graph is too large for one shortest-path search per actor (see
      :func:`betweenness_sources`): then it is estimated from ``sources`` actors drawn with
      ``seed``, of ``actors``; an estimate ranks the main brokers but is not exact.
    - ``communities``: Louvain communities (``seed``, undirected graph weighted by mentions),
      largest first, with member ids and labels.
    - ``cooperative_dyads`` / ``conflictual_dyads``: the ``top`` dyads with the highest
      positive / lowest negative Goldstein sum, with counts and labels.
    - ``plover``, ``quad_classes`` and ``months``: events per PLOVER type (``none`` for CAMEO
      statements without one), per QuadClass name and per month (``undated`` when no date).

    An empty table gives zeros and empty lists.
    """
    modalities = modalities_for(asserted_only)
    clusters = event_clusters(frame, include=modalities)
    G = _graph_from_clusters(clusters)
    D = dyad_graph(G)
    U = _undirected(D)

    ranks = pagerank(D, weight="mentions")
    sources = betweenness_sources(U)
    if sources < U.number_of_nodes():
        between = nx.betweenness_centrality(U, k=sources, weight="distance", seed=seed)
    else:
        between = nx.betweenness_centrality(U, weight="distance")
    groups = (
        nx.community.louvain_communities(U, weight="mentions", seed=seed)
        if U.number_of_nodes()
        else []
    )
    members = sorted((sorted(g) for g in groups), key=lambda m: (-len(m), _label(U, m[0]), m[0]))
    community_of = {node: i for i, m in enumerate(members) for node in m}

    actors = []
    for node, data in G.nodes(data=True):
        actors.append(
            {
                "id": node,
                **{f: data.get(f) for f in _NODE_FIELDS},
                "label": _label(G, node),
                "first_date": data.get("first_date"),
                "degree": G.degree(node),
                "in_degree": G.in_degree(node),
                "out_degree": G.out_degree(node),
                "strength": G.degree(node, weight="mentions"),
                "in_strength": G.in_degree(node, weight="mentions"),
                "out_strength": G.out_degree(node, weight="mentions"),
                "pagerank": round(ranks[node], _ROUND),
                "betweenness": round(between[node], _ROUND),
                "community": community_of[node],
            }
        )
    actors.sort(key=lambda a: (-a["pagerank"], -a["degree"], a["id"]))

    # nx.reciprocity of the loopless dyad graph: the share of dyads whose reverse exists too
    # (counted here: networkx copies the graph and every attribute to find out)
    loopless = [(u, v) for u, v in D.edges() if u != v]
    mutual = sum(1 for u, v in loopless if D.has_edge(v, u))
    reciprocity = mutual / len(loopless) if loopless else 0.0

    dyads = list(D.edges(data=True))
    cooperative = sorted(
        (e for e in dyads if e[2]["goldstein_sum"] > 0),
        key=lambda e: (-e[2]["goldstein_sum"], -e[2]["weight"], e[0], e[1]),
    )[:top]
    conflictual = sorted(
        (e for e in dyads if e[2]["goldstein_sum"] < 0),
        key=lambda e: (e[2]["goldstein_sum"], -e[2]["weight"], e[0], e[1]),
    )[:top]

    dates = [c["date"] for c in clusters if c["date"]]
    ends = [c["date_end"] for c in clusters if c["date_end"]]
    return {
        "counts": {
            "rows": len(frame),
            "mentions": sum(c["mentions"] for c in clusters),
            "events": len(clusters),
            "clusters": sum(1 for c in clusters if c["mentions"] > 1),
            "actors": G.number_of_nodes(),
            "edges": G.number_of_edges(),
            "dyads": D.number_of_edges(),
        },
        "modalities": list(modalities),
        "period": {"first": min(dates) if dates else None, "last": max(ends) if ends else None},
        "reciprocity": round(reciprocity, _ROUND),
        "betweenness": {
            "method": "exact" if sources >= U.number_of_nodes() else "sampled",
            "sources": min(sources, U.number_of_nodes()),
            "actors": U.number_of_nodes(),
            "seed": seed if sources < U.number_of_nodes() else None,
        },
        "top": top,
        "actors": actors,
        "communities": [
            {"id": i, "size": len(m), "members": m, "labels": [_label(U, n) for n in m]}
            for i, m in enumerate(members)
        ],
        "cooperative_dyads": _dyad_rows(D, cooperative),
        "conflictual_dyads": _dyad_rows(D, conflictual),
        "plover": _counter(str(c["plover"] or "none") for c in clusters),
        "quad_classes": _counter(
            QUAD_CLASS_NAMES.get(c["quad_class"], "unclassified") for c in clusters
        ),
        "months": dict(
            sorted(
                Counter(str(c["date"])[:7] if c["date"] else "undated" for c in clusters).items()
            )
        ),
    }


def _dyad_line(d: Mapping[str, Any]) -> str:
    return (
        f"  {d['source_label']} -> {d['target_label']}: Goldstein {d['goldstein_sum']:+.1f} "
        f"over {d['events']} event(s), {d['mentions']} mention(s)"
    )


def _betweenness_line(report: Mapping[str, Any]) -> list[str]:
    """A line saying betweenness is an estimate, when it is one (nothing when exact)."""
    how = report.get("betweenness") or {}
    if how.get("method") != "sampled":
        return []
    return [f"betweenness: sampled, estimated from {how['sources']} of {how['actors']} actors "
            f"as sources (seed {how['seed']}), not exact"]


def format_report(report: Mapping[str, Any]) -> str:
    """Return the report of :func:`analyze` as plain text for the terminal."""
    c = report["counts"]
    top = int(report.get("top", 10))
    period = report["period"]
    lines = [
        f"{c['events']} events ({c['mentions']} mentions, {c['clusters']} reported more than "
        f"once) among {c['actors']} actors; {c['edges']} directed events on {c['dyads']} dyads",
        f"modalities counted: {', '.join(report['modalities'])}",
        f"period: {period['first'] or '-'} .. {period['last'] or '-'}",
        f"reciprocity: {report['reciprocity']:.3f}",
        *_betweenness_line(report),
        "",
        f"Top actors (of {len(report['actors'])}) by PageRank:",
    ]
    lines += [
        f"  {a['label']:<32} pagerank {a['pagerank']:.3f}  betweenness {a['betweenness']:.3f}"
        f"  in {a['in_degree']} / out {a['out_degree']}  strength {a['strength']}"
        for a in report["actors"][:top]
    ] or ["  (none)"]
    lines += ["", f"Communities ({len(report['communities'])}):"]
    lines += [
        f"  {i + 1}. " + ", ".join(m["labels"][:12]) + (" ..." if m["size"] > 12 else "")
        for i, m in enumerate(report["communities"][:top])
    ] or ["  (none)"]
    lines += ["", "Most cooperative dyads:"]
    lines += [_dyad_line(d) for d in report["cooperative_dyads"]] or ["  (none)"]
    lines += ["", "Most conflictual dyads:"]
    lines += [_dyad_line(d) for d in report["conflictual_dyads"]] or ["  (none)"]
    lines += ["", "Events per PLOVER type:"]
    lines += [f"  {k:<16} {v}" for k, v in report["plover"].items()] or ["  (none)"]
    lines += ["", "Events per month:"]
    lines += [f"  {k:<16} {v}" for k, v in report["months"].items()] or ["  (none)"]
    return "\n".join(lines)


def write_report(report: Mapping[str, Any], path: str | Path) -> Path:
    """Write the report as JSON (UTF-8, indent 2) to ``path``; return the path."""
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    logger.info("wrote analysis report to %s", out)
    return out
