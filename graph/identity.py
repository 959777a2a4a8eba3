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

from graph.model import Event
from graph.rdf import MODALITY_IRIS, actor_iri, cluster_iri
from graph.sparql import iri_text
from graph.store import Store
from graph.vocab import CLUSTER, PLOVER, PREFIXES

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
    """Give mentions of one event one cluster id: within ``events``, then with ``store``."""
    out: list[Event] = []
    for ev in events:
        match = next((o for o in out if same_event(ev, o)), None)
        if match is not None:
            out.append(replace(ev, cluster_id=match.cluster_id))
            continue
        found = _stored_cluster(ev, store) if store is not None else None
        out.append(replace(ev, cluster_id=found) if found else ev)
    return out


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
