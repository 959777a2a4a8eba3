"""Event identity: mentions of one real event, within an article and across the store, share a
cluster.

Two mentions report the same event when they have the same source and target, the same PLOVER
type (the CAMEO root for untyped statements), the same modality, and event times no more than
:data:`WINDOW_DAYS` apart (an outlet that gives no date is dated by its report, often a day or
two after the event). The extractor gives each mention a deterministic cluster key; this stage
merges keys that denote one event: first inside the article, then with the clusters already in
the store, whose id the new mentions take. Re-ingesting an article therefore finds its own
clusters again and changes nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

import pyoxigraph as ox
from rdflib.namespace import XSD

from graph.model import Event
from graph.rdf import MODALITY_IRIS, actor_iri, cluster_iri
from graph.sparql import iri_text
from graph.store import Store
from graph.vocab import CLUSTER, NG, PLOVER, PREFIXES, SEM

__all__ = ["WINDOW_DAYS", "link_clusters", "same_event"]

log = logging.getLogger(__name__)

#: how far apart (in days) two mentions' event times may be and still be one event
WINDOW_DAYS = 2


def _kind(ev: Event) -> str:
    return ev.action.plover or ev.action.cameo[:2]


def _span(ev: Event) -> tuple[date, date] | None:
    if ev.time is None:
        return None
    return date.fromisoformat(ev.time.start), date.fromisoformat(ev.time.end)


def same_event(a: Event, b: Event, window: int = WINDOW_DAYS) -> bool:
    """True when two mentions report the same real event (actors, type, modality, time).

    >>> from graph.model import Action, Actor, TimeValue
    >>> nato, srb = Actor("NATO", "NATO"), Actor("SRB", "Serbia")
    >>> act = Action("urged", "020", "REQUEST", 1, 3.0)
    >>> t1 = TimeValue("2023-07-11", "day", "2023-07-11", "2023-07-11")
    >>> t2 = TimeValue("2023-07-12", "day", "2023-07-12", "2023-07-12", defaulted=True)
    >>> e1 = Event("a", nato, act, "s", 0, 1, target=srb, time=t1)
    >>> same_event(e1, replace(e1, doc_id="b", time=t2))
    True
    >>> same_event(e1, replace(e1, target=None))
    False
    """
    if (a.source.id, a.target.id if a.target else None, _kind(a), a.modality) != (
        b.source.id, b.target.id if b.target else None, _kind(b), b.modality
    ):
        return False
    sa, sb = _span(a), _span(b)
    if sa is None or sb is None:
        return sa is None and sb is None
    gap = timedelta(days=window)
    return sa[0] - gap <= sb[1] and sb[0] - gap <= sa[1]


def link_clusters(events: Sequence[Event], store: Store | None = None) -> list[Event]:
    """Give mentions of one event one cluster id: within ``events``, then with ``store``.

    The store is asked once for the whole batch (:func:`_stored_clusters`), not once per
    mention: a per-mention query made ingest time grow with the number of events.
    """
    found = _stored_clusters(events, store) if store is not None else {}
    out: list[Event] = []
    for i, ev in enumerate(events):
        match = next((o for o in out if same_event(ev, o)), None)
        if match is not None:
            out.append(replace(ev, cluster_id=match.cluster_id))
            continue
        cid = found.get(i)
        out.append(replace(ev, cluster_id=cid) if cid else ev)
    return out


def _stored_clusters(events: Sequence[Event], store: Store) -> dict[int, str]:
    """Stored cluster ids for the mentions of ``events`` (by index), with one read of the store.

    Gives the same answer as :func:`_stored_cluster` for each mention: the stored mentions of
    the batch's source actors inside the batch's date range are fetched (index lookups on
    Oxigraph, one SPARQL query elsewhere), and the actor, target, type, modality and window
    tests of that function are applied here in Python.
    """
    wanted = [(i, ev, span) for i, ev in enumerate(events)
              if ev.cluster_id is not None and (span := _span(ev)) is not None]
    if not wanted:
        return {}
    gap = timedelta(days=WINDOW_DAYS)
    lo = min(span[0] - gap for _, _, span in wanted).isoformat()
    hi = max(span[1] + gap for _, _, span in wanted).isoformat()
    actors = sorted({str(actor_iri(ev.source)) for _, ev, _ in wanted})
    ox_store = getattr(store, "oxigraph", None)
    rows = (_stored_rows_ox(ox_store, actors, lo, hi) if ox_store is not None
            else _stored_rows_sparql(store, actors, lo, hi))
    with_target = {r[1] for r in rows if r[6] is not None}
    by_actor: dict[str, list[list[str | None]]] = {}
    for r in rows:
        by_actor.setdefault(r[0] or "", []).append(r)
    out: dict[int, str] = {}
    for i, ev, span in wanted:
        elo, ehi = (span[0] - gap).isoformat(), (span[1] + gap).isoformat()
        tgt = str(actor_iri(ev.target)) if ev.target else None
        kind = str(PLOVER[ev.action.plover]) if ev.action.plover else None
        mod = str(MODALITY_IRIS[ev.modality])
        first: dict[str, str] = {}
        for _a, e, c, m, d, end, t, p in by_actor.get(str(actor_iri(ev.source)), []):
            if c is None or d is None or m != mod or (kind is not None and p != kind):
                continue
            if (t != tgt) if tgt is not None else (e in with_target):
                continue
            if not (d <= ehi and (end or d) >= elo):
                continue
            if c not in first or d < first[c]:
                first[c] = d
        if not first:
            continue
        own = str(cluster_iri(ev.cluster_id or ""))
        best = min(first, key=lambda c: (c != own, first[c], c))
        cid = best[len(str(CLUSTER)):] if best.startswith(str(CLUSTER)) else None
        if cid:
            if cid != ev.cluster_id:
                log.debug("mention %s joins stored cluster %s", ev.event_id, cid)
            out[i] = cid
    return out



def _stored_rows_sparql(store: Store, actors: Sequence[str], lo: str, hi: str
                        ) -> list[list[str | None]]:
    """Rows (actor, mention, cluster, modality, date, end, target, PLOVER type) of the stored
    mentions of ``actors`` whose time meets [lo, hi], by one SPARQL query (rdflib's memory
    store and remote stores)."""
    values = " ".join(iri_text(a) for a in actors)
    prefixes = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
    query = f"""{prefixes}
SELECT ?a ?e ?c ?m ?d ?end ?t ?p WHERE {{
  VALUES ?a {{ {values} }}
  ?e ng:actor ?a ; ng:inCluster ?c ; ng:modality ?m ; sem:hasTimeStamp ?d .
  OPTIONAL {{ ?e sem:hasLatestEndTimeStamp ?end }}
  FILTER(?d <= "{hi}"^^xsd:date && COALESCE(?end, ?d) >= "{lo}"^^xsd:date)
  OPTIONAL {{ ?e ng:target ?t }}
  OPTIONAL {{ ?e ng:ploverType ?p }}
}}"""
    return [[None if v is None else str(v) for v in row]  # type: ignore[union-attr]
            for row in store.query(query)]


_OX_ACTOR, _OX_CLUSTER = ox.NamedNode(str(NG.actor)), ox.NamedNode(str(NG.inCluster))
_OX_MODALITY, _OX_TARGET = ox.NamedNode(str(NG.modality)), ox.NamedNode(str(NG.target))
_OX_PLOVER, _OX_DATE = ox.NamedNode(str(NG.ploverType)), ox.NamedNode(str(SEM.hasTimeStamp))
_OX_END, _XSD_DATE = ox.NamedNode(str(SEM.hasLatestEndTimeStamp)), str(XSD.date)


def _stored_rows_ox(ox_store: ox.Store, actors: Sequence[str], lo: str, hi: str
                    ) -> list[list[str | None]]:
    """The rows of :func:`_stored_rows_sparql` read on Oxigraph by index lookups: the mentions
    of each actor, their dates (out-of-window mentions are dropped here), then the other
    fields of the mentions left.

    Oxigraph 0.5 plans the SPARQL form with hash joins, reading every mention's cluster,
    modality and date in the store for each article: ingest then slowed down and took more
    memory as the store grew (bench/RESULTS.md, round 4). Lookups cost what the actors'
    mentions cost, and hold nothing of the rest of the store.
    """

    def objects(s: ox.NamedNode | ox.BlankNode, p: ox.NamedNode) -> list[Any]:
        return [q.object for q in ox_store.quads_for_pattern(s, p, None, None)]

    def dates(s: ox.NamedNode | ox.BlankNode, p: ox.NamedNode) -> list[str | None]:
        # a value that is not an xsd:date fails the comparison in SPARQL: None marks it
        return [o.value if isinstance(o, ox.Literal) and o.datatype.value == _XSD_DATE
                else None for o in objects(s, p)]

    rows: list[list[str | None]] = []
    for a in actors:
        for mention in ox_store.quads_for_pattern(None, _OX_ACTOR, ox.NamedNode(a), None):
            e = mention.subject
            if isinstance(e, ox.Triple):
                continue
            spans = [(d, end) for d in dates(e, _OX_DATE) if d is not None and d <= hi
                     for end in (dates(e, _OX_END) or [d])
                     if end is not None and end >= lo]
            if not spans:
                continue
            clusters = [o.value for o in objects(e, _OX_CLUSTER)]
            modalities = [o.value for o in objects(e, _OX_MODALITY)]
            targets: list[str | None] = [o.value for o in objects(e, _OX_TARGET)] or [None]
            plovers: list[str | None] = [o.value for o in objects(e, _OX_PLOVER)] or [None]
            ends = dates(e, _OX_END)
            for d, end in spans:
                stored_end = end if ends else None
                for c in clusters:
                    for m in modalities:
                        for t in targets:
                            for p in plovers:
                                rows.append([a, e.value, c, m, d, stored_end, t, p])
    return rows


def _stored_cluster(ev: Event, store: Store) -> str | None:
    """The id of a stored cluster that ``ev`` belongs to, or None."""
    span = _span(ev)
    if span is None or ev.cluster_id is None:
        return None
    gap = timedelta(days=WINDOW_DAYS)
    lo, hi = (span[0] - gap).isoformat(), (span[1] + gap).isoformat()
    target = (f"?e ng:target {iri_text(str(actor_iri(ev.target)))} ." if ev.target else
              "FILTER NOT EXISTS { ?e ng:target ?any }")
    kind = (f"?e ng:ploverType {iri_text(str(PLOVER[ev.action.plover]))} ."
            if ev.action.plover else "")
    own = iri_text(str(cluster_iri(ev.cluster_id)))
    prefixes = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
    query = f"""{prefixes}
SELECT ?c (MIN(?d) AS ?first) WHERE {{
  ?e ng:actor {iri_text(str(actor_iri(ev.source)))} ; ng:inCluster ?c ;
     ng:modality {iri_text(str(MODALITY_IRIS[ev.modality]))} ; sem:hasTimeStamp ?d .
  {target}
  {kind}
  OPTIONAL {{ ?e sem:hasLatestEndTimeStamp ?end }}
  FILTER(?d <= "{hi}"^^xsd:date && COALESCE(?end, ?d) >= "{lo}"^^xsd:date)
}} GROUP BY ?c ORDER BY (?c != {own}) ?first ?c LIMIT 1"""
    rows = list(store.query(query))
    if not rows:
        return None
    iri = str(rows[0][0])  # type: ignore[index]
    cid = iri[len(str(CLUSTER)):] if iri.startswith(str(CLUSTER)) else None
    if cid and cid != ev.cluster_id:
        log.debug("mention %s joins stored cluster %s", ev.event_id, cid)
    return cid
