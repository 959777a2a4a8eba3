"""The knowledge graph a user opens: a store plus the extractor, with the readers on top.

``graph.open(path)`` returns a :class:`KnowledgeGraph`; the CLI is a thin layer over it.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, TextIO

import networkx as nx
import pandas as pd
import plotly.graph_objects as go

from graph import analysis, export, sparql, timeline
from graph.errors import ExportError, InputError, NewsgraphError
from graph.extract import Extractor
from graph.identity import WINDOW_DAYS, link_clusters
from graph.model import MODALITIES, Article, Event, IngestReport
from graph.rdf import RunInfo
from graph.store import Store, open_store

__all__ = ["INGEST_BATCH", "KnowledgeGraph", "MAX_WAIT", "RDF_FORMATS", "open_graph"]

log = logging.getLogger(__name__)

#: export formats written by the store (RDF serialisations), by name and file suffix
RDF_FORMATS = {
    "turtle": "turtle", "ttl": "turtle", "trig": "trig", "nquads": "nquads", "nq": "nquads",
    "ntriples": "ntriples", "nt": "ntriples", "jsonld": "jsonld", "rdfxml": "xml", "rdf": "xml",
}


#: the most articles :meth:`KnowledgeGraph.ingest` writes in one transaction; larger batches
#: gained little in bench/perf.py
INGEST_BATCH = 50

#: seconds an extracted article may wait for its batch to be written (see
#: :meth:`KnowledgeGraph.ingest`)
MAX_WAIT = 2.0


class KnowledgeGraph:
    """An event knowledge graph: ingest news into it, query it, analyse and export it."""

    def __init__(self, store: Store, *, model: str | None = None,
                 extractor: Extractor | None = None) -> None:
        self.store = store
        self._model = model
        self._extractor = extractor

    # --------------------------------------------------------------- lifecycle
    def close(self) -> None:
        """Close the underlying store (flushes an on-disk Oxigraph store)."""
        self.store.close()

    def __enter__(self) -> KnowledgeGraph:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def extractor(self) -> Extractor:
        """The extractor, loaded on first use (loading spaCy takes a few seconds)."""
        if self._extractor is None:
            self._extractor = Extractor(model=self._model)
        return self._extractor

    # --------------------------------------------------------------- writing
    def ingest(
        self,
        inputs: Iterable[str | Path],
        *,
        stdin: TextIO | None = None,
        validate: bool = True,
        on_article: Callable[[Article, list[Event], str], None] | None = None,
        on_error: Callable[[str], None] | None = None,
        extract: Callable[..., Iterable[tuple[Article, list[Event]]]] | None = None,
        on_total: Callable[[int], None] | None = None,
        batch: int | None = None,
        max_wait: float = MAX_WAIT,
    ) -> IngestReport:
        """Read, extract and store articles; one named graph per article.

        ``extract`` replaces the extractor's ``extract_articles`` (called with the articles and
        ``include=``), e.g. a :class:`graph.distributed.DaskExtraction`; the store writes stay
        here, in input order.

        Bad inputs are reported (``report.errors``, one line each naming the input) and skipped;
        the rest of the batch goes on, and articles already stored are never touched by a failure.
        Each article is written in one atomic update, so a crash or Ctrl-C between two leaves
        every article wholly stored or wholly absent. With ``on_total`` every input is read
        before extraction starts, and it is told how many articles there are (for "N of M").

        Articles are written in batches, each one transaction (:meth:`Store.put_articles`; a
        crash keeps each batch whole or absent), and ``on_article`` is called for an article only
        once its batch is written, so what a caller was told is stored is on disk. A run's first
        batch holds one article and each next one twice as many, up to ``batch`` (default
        :data:`INGEST_BATCH`; 1 writes every article alone): the first articles are stored, and
        reported, at once, and a long run pays one transaction per ``batch`` articles. A batch
        is also written as soon as its first article has waited ``max_wait`` seconds (checked
        when the next article is extracted), which bounds how much extraction a crash can cost.
        Before an article whose mentions may join a cluster of one still waiting in the batch,
        the batch is written first, so event identity sees what it would see one article at a
        time.
        """
        errors: list[str] = []
        started = datetime.now(UTC).isoformat(timespec="seconds")

        def articles() -> Iterator[Article]:
            from graph.ingest import read_inputs

            for item in read_inputs(inputs, stdin=stdin):
                if isinstance(item, InputError):
                    errors.append(str(item))
                    if on_error:
                        on_error(str(item))
                elif item.published is None:
                    # every event needs a report time: an undated article gets the ingest time
                    log.warning("%s: no publication date found; using the ingest time",
                                item.origin or item.id)
                    yield replace(item, published=started)
                else:
                    yield item

        stream: Iterable[Article] = articles()
        if on_total is not None:
            stream = list(stream)
            on_total(len(stream))
        ex = self.extractor
        run = RunInfo(id=ex.run_id(), model=ex.model_name, version=_version(), started=started)
        size = max(1, batch if batch is not None else INGEST_BATCH)
        limit = 1  # the size of the next batch: doubles after each write, up to ``size``
        first_waiting = 0.0  # time.monotonic() when the batch's first article was queued
        n_articles = n_events = skipped = 0
        clusters: set[str] = set()
        pending: list[tuple[Article, list[Event]]] = []
        waiting: dict[tuple[str, str | None, str], list[tuple[date, date]]] = {}

        def failed(art: Article, exc: NewsgraphError) -> None:
            msg = f"{art.origin or art.id}: not stored: {exc}"
            errors.append(msg)
            if on_error:
                on_error(msg)

        def flush() -> None:
            nonlocal n_articles, n_events, skipped, limit
            limit = min(size, limit * 2)
            try:
                outcomes = self.store.put_articles(pending, run, validate=validate)
            except NewsgraphError as exc:
                if len(pending) == 1:
                    outcomes = [exc]
                else:  # the batch failed as a whole: one by one, to name the culprit
                    outcomes = []
                    for one in pending:
                        try:
                            outcomes += self.store.put_articles([one], run, validate=validate)
                        except NewsgraphError as exc1:
                            outcomes.append(exc1)
            for (art, events), status in zip(pending, outcomes, strict=True):
                if isinstance(status, NewsgraphError):
                    failed(art, status)
                    continue
                n_articles += 1
                n_events += len(events)
                clusters.update(e.cluster_id or e.event_id for e in events)
                skipped += status == "unchanged"
                if on_article:
                    on_article(art, events, status)
            pending.clear()
            waiting.clear()

        # every modality is stored (analysis and the timeline count asserted events by default;
        # future ones can be shown apart)
        for art, found in (extract or ex.extract_articles)(stream, include=MODALITIES):
            if pending and _may_join(found, waiting):
                flush()
            # mentions of one real event, in this article or already stored, share a cluster
            events = link_clusters(found, self.store)
            if not pending:
                first_waiting = time.monotonic()
            pending.append((art, events))
            for ev in events:
                span = _span(ev)
                if span is not None:
                    waiting.setdefault(_identity_key(ev), []).append(span)
            if len(pending) >= limit or time.monotonic() - first_waiting >= max_wait:
                flush()
        if pending:
            flush()
        return IngestReport(articles=n_articles, events=n_events, clusters=len(clusters),
                            skipped=skipped, errors=tuple(errors))

    # --------------------------------------------------------------- reading
    def events(self, *, actor: str | None = None, since: str | None = None,
               until: str | None = None, modality: str | None = "asserted",
               plover: str | None = None) -> pd.DataFrame:
        """The events table (``graph.table.EVENT_COLUMNS``), filtered."""
        return self.store.events_frame(actor=actor, since=since, until=until,
                                       modality=modality, plover=plover)

    def query(self, query: str | None = None, *, name: str | None = None,
              **params: str) -> Any:
        """Run SPARQL (a string, or a saved query by ``name`` with parameters) -> rdflib Result."""
        if name is not None:
            query = sparql.load_query(name)
        if query is None:
            raise ValueError("give a SPARQL query string or name= of a saved query")
        if params:
            query = sparql.bind(query, **params)
        return sparql.run(self.store, query)

    def to_networkx(self, *, asserted_only: bool = True) -> nx.MultiDiGraph:
        """Actors as nodes, one edge per event cluster (see :func:`graph.analysis.to_networkx`)."""
        frame = self.events(modality=None)
        return analysis.to_networkx(frame, asserted_only=asserted_only)

    def analyze(self, *, since: str | None = None, until: str | None = None,
                top: int = 10) -> dict[str, Any]:
        """The network report of :func:`graph.analysis.analyze` over a time window."""
        frame = analysis.window(self.events(modality=None), since, until)
        return analysis.analyze(frame, top=top)

    def timeline(self, *, color_by: str = "quad_class", show_future: bool = False,
                 title: str | None = None) -> go.Figure:
        """The interactive Plotly timeline of the events."""
        frame = self.events(modality=None)
        include = ("asserted", "future") if show_future else ("asserted",)
        return timeline.figure(frame, color_by=color_by, include=include,
                               show_future=show_future, title=title)

    def export(self, path: str | Path, fmt: str | None = None) -> Path:
        """Write the graph to ``path``; the format comes from ``fmt`` or the file suffix."""
        path = Path(path)
        fmt = (fmt or path.suffix.lstrip(".")).lower()
        if fmt in RDF_FORMATS:
            return self.store.dump(path, RDF_FORMATS[fmt])
        if fmt in export.FORMATS:  # gexf, graphml, csv: from the events table
            return export.write(self.events(modality=None), path, fmt=fmt)
        if fmt == "json":
            return analysis.write_report(self.analyze(), path)
        known = sorted({*RDF_FORMATS, *export.FORMATS, "json"})
        raise ExportError(
            f"unknown export format {fmt!r} for {path}; use one of {', '.join(known)}"
        )


def open_graph(
    path: str | Path | None = None, *, model: str | None = None, read_only: bool = False
) -> KnowledgeGraph:
    """Open (or create) a knowledge graph: ``None``/``"memory"`` in memory, an ``http(s)://`` URL
    for a remote SPARQL 1.1 server (see :mod:`graph.remote`), else Oxigraph on disk.

    ``read_only`` opens an existing Oxigraph folder as a snapshot without the writer's lock, so
    reading (query, analyze, timeline, export) works while ``ingest`` writes; it raises
    :class:`~graph.errors.StoreError` when no store is there yet.

    >>> kg = open_graph()            # doctest: +SKIP
    """
    return KnowledgeGraph(open_store(path, read_only=read_only), model=model)



def _identity_key(ev: Event) -> tuple[str, str | None, str]:
    return ev.source.id, ev.target.id if ev.target else None, ev.modality


def _span(ev: Event) -> tuple[date, date] | None:
    if ev.time is None:
        return None
    return date.fromisoformat(ev.time.start), date.fromisoformat(ev.time.end)


def _may_join(events: Sequence[Event],
              waiting: dict[tuple[str, str | None, str], list[tuple[date, date]]]) -> bool:
    """True when a mention of ``events`` could join a cluster of a mention not yet written.

    A looser test than :func:`graph.identity.same_event` (the event type is not compared), so
    it never misses a match; a false alarm only writes the batch early.
    """
    gap = timedelta(days=WINDOW_DAYS)
    for ev in events:
        span = _span(ev)
        if span is None:
            continue
        for lo, hi in waiting.get(_identity_key(ev), ()):
            if span[0] - gap <= hi and lo - gap <= span[1]:
                return True
    return False


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("newsgraph")
    except PackageNotFoundError:
        return "0+unknown"
