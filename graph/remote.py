"""A store on a remote SPARQL 1.1 server: the same interface as :class:`graph.store.Store`.

``RemoteStore.open("http://host:7878")`` talks to a server over HTTP only:

- writes of an article go through the Graph Store HTTP Protocol: one ``PUT`` of the article's
  whole named graph (atomic per article on the server), ``DELETE`` to remove it; the ontology,
  gazetteer and code-list graphs are PUT the same way, when their files changed;
- reads go through SPARQL 1.1 Query (POST, results as SPARQL JSON or N-Triples, turned into an
  ordinary ``rdflib`` :class:`~rdflib.query.Result`, so every reader of the embedded store works
  unchanged);
- the bookkeeping graph (digests) is kept with SPARQL 1.1 Update.

The server's endpoints default to Oxigraph's (``/query``, ``/update``, ``/store``) and queries
ask for the union of all graphs as the default graph (``union-default-graph``, as the embedded
store does). Another server (Fuseki, GraphDB ...) needs its endpoints passed and its union
default graph switched on.
"""

from __future__ import annotations

import io
import logging
from pathlib import Path
from typing import Any

import httpx
import pyoxigraph as ox
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.query import Result, ResultRow

from graph import resources
from graph.errors import DataFileError, ExportError, QueryError, StoreError
from graph.rdf import article_graph_iri
from graph.sparql import iri_text, literal_text
from graph.store import (
    _PREFIX_DECL,
    DUMP_FORMATS,
    REFERENCE_FILES,
    Store,
    _file_digest,
    _first_lines,
    _ox_term,
)
from graph.vocab import META_GRAPH, NG, PREFIXES

__all__ = ["RemoteStore"]

logger = logging.getLogger(__name__)

_SELECT_TYPES = "application/sparql-results+json"
_GRAPH_TYPES = "application/n-triples"
_ACCEPT = f"{_SELECT_TYPES}, {_GRAPH_TYPES};q=0.9"


class RemoteStore(Store):
    """The newsgraph dataset on a SPARQL 1.1 server (Query, Update, Graph Store Protocol).

    Open with :meth:`RemoteStore.open` (or :func:`graph.store.open_store` with an http(s) URL).
    It has no local rdflib dataset: :attr:`dataset` raises; everything else behaves as the
    embedded :class:`~graph.store.Store`. An unreachable server raises
    :class:`~graph.errors.StoreError` naming the URL.
    """

    def __init__(
        self,
        url: str,
        client: httpx.Client,
        *,
        query_url: str,
        update_url: str,
        store_url: str,
    ) -> None:
        """Wrap an HTTP client; use :meth:`RemoteStore.open` rather than calling this."""
        super().__init__(Dataset(), None, url)
        self._ds = None  # no local dataset: every read and write goes to the server
        self._client: httpx.Client | None = client
        self._query_url = query_url
        self._update_url = update_url
        self._store_url = store_url

    # -- opening and closing -------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        path: str | Path | None = None,
        *,
        query_url: str | None = None,
        update_url: str | None = None,
        store_url: str | None = None,
        timeout: float = 60.0,
        read_only: bool = False,
    ) -> RemoteStore:
        """Connect to the server at ``path`` (an http(s) URL) and sync the reference graphs.

        The endpoints default to ``URL/query``, ``URL/update`` and ``URL/store`` (Oxigraph's).
        ``read_only`` is accepted for :meth:`Store.open`'s sake and changes nothing: the server
        orders its readers and writers itself.
        Raises :class:`~graph.errors.StoreError` when the URL is not http(s) or the server does
        not answer a SPARQL query.
        """
        url = str(path or "").rstrip("/")
        if not url.startswith(("http://", "https://")):
            raise StoreError(
                f"{path!r} is not the URL of a SPARQL server; pass http://HOST:PORT (for "
                "example the address of 'oxigraph serve')"
            )
        client = httpx.Client(timeout=timeout)
        store = cls(
            url,
            client,
            query_url=query_url or f"{url}/query",
            update_url=update_url or f"{url}/update",
            store_url=store_url or f"{url}/store",
        )
        try:
            store.query("ASK { }")
            store._sync_reference_graphs()
            store._check_schema_version()
        except BaseException:
            store.close()
            raise
        return store

    def close(self) -> None:
        """Close the HTTP connections; further calls raise StoreError."""
        if self._client is not None:
            self._client.close()
        self._client = None

    def __enter__(self) -> RemoteStore:
        return self

    def __repr__(self) -> str:
        state = "closed" if self._client is None else "open"
        return f"<RemoteStore {self._location} ({state})>"

    @property
    def dataset(self) -> Dataset:
        """Not available: a remote store has no local rdflib Dataset (use :meth:`query`)."""
        raise StoreError(
            f"the remote store {self._location} has no local rdflib Dataset; use query(), "
            "update() and the other Store methods"
        )

    # -- HTTP ----------------------------------------------------------------------------------

    def _http(self) -> httpx.Client:
        if self._client is None:
            raise StoreError(f"the remote store {self._location} is closed; open it again")
        return self._client

    def _send(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        """Send one request; a server that does not answer becomes a StoreError naming it."""
        try:
            return self._http().request(method, url, **kwargs)
        except httpx.TransportError as exc:
            raise StoreError(
                f"cannot reach the SPARQL server at {url} ({type(exc).__name__}: {exc}); start "
                "the server (e.g. 'oxigraph serve --location DIR --bind HOST:PORT') or fix the "
                "--store URL"
            ) from exc

    def _gsp(self, method: str, gid: URIRef, **kwargs: Any) -> httpx.Response:
        """A Graph Store Protocol request on the named graph ``gid``."""
        return self._send(method, self._store_url, params={"graph": str(gid)}, **kwargs)

    def _put_graph(self, gid: URIRef, ntriples: str) -> None:
        """Replace graph ``gid`` by the N-Triples text (one atomic PUT)."""
        resp = self._gsp(
            "PUT",
            gid,
            content=ntriples.encode("utf-8"),
            headers={"Content-Type": f"{_GRAPH_TYPES}; charset=utf-8"},
        )
        if resp.status_code not in (200, 201, 204):
            raise StoreError(
                f"cannot write graph {gid} to {self._store_url}: HTTP {resp.status_code} "
                f"{_first_lines(resp.text, 4)}"
            )

    # -- reference graphs ----------------------------------------------------------------------

    def _sync_reference_graphs(self) -> None:
        try:
            folder = resources.ontology_dir()
        except FileNotFoundError as exc:
            raise StoreError(str(exc)) from exc
        recorded = {
            r[0]: r[1]
            for r in self._select(
                f"SELECT ?g ?d WHERE {{ GRAPH {iri_text(META_GRAPH)} "
                f"{{ ?g {iri_text(NG.digest)} ?d }} }}"
            )
        }
        for gid, name in REFERENCE_FILES.items():
            path = folder / name
            if not path.is_file():
                logger.info("ontology file %s not found; graph %s left empty", name, gid)
                continue
            digest = _file_digest(path)
            if recorded.get(str(gid)) == digest:
                continue
            logger.info("loading %s into %s at %s", path.name, gid, self._location)
            self._load_file(gid, path)
            self._set_meta_digest(gid, digest)
        self._refresh_known_actors()

    def schema_version(self) -> int | None:
        """The schema version recorded in the server's meta graph (None when none is)."""
        rows = [row for row in self.query(
            f"SELECT ?v WHERE {{ GRAPH {iri_text(META_GRAPH)} {{ {iri_text(META_GRAPH)} "
            f"{iri_text(NG.schemaVersion)} ?v }} }}"
        ) if isinstance(row, ResultRow)]
        if not rows:
            return None
        value = str(rows[0][0])
        try:
            return int(value)
        except ValueError as exc:
            raise StoreError(
                f"the store {self._location} records the schema version {value!r}, which is "
                "not a number; the store is damaged: re-ingest into a new store"
            ) from exc

    def _set_schema_version(self, version: int) -> None:
        """Record ``version`` in the server's meta graph (replacing any other)."""
        self.update(
            f"DELETE WHERE {{ GRAPH {iri_text(META_GRAPH)} {{ {iri_text(META_GRAPH)} "
            f"{iri_text(NG.schemaVersion)} ?v }} }} ;\n"
            f"INSERT DATA {{ GRAPH {iri_text(META_GRAPH)} {{ {iri_text(META_GRAPH)} "
            f"{iri_text(NG.schemaVersion)} {Literal(version).n3()} }} }}"
        )

    def _load_file(self, gid: URIRef, path: Path) -> None:
        """Replace graph ``gid`` with the Turtle file ``path`` (parsed here, then one PUT)."""
        try:
            triples = list(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
        except SyntaxError as exc:
            raise DataFileError(f"{path}: {exc}; fix the Turtle syntax") from exc
        text = ox.serialize(
            [ox.Triple(q.subject, q.predicate, q.object) for q in triples],
            format=ox.RdfFormat.N_TRIPLES,
        )
        assert text is not None
        self._put_graph(gid, text.decode("utf-8"))

    def _set_meta_digest(self, gid: URIRef, digest: str) -> None:
        self.update(
            f"DELETE WHERE {{ GRAPH {iri_text(META_GRAPH)} {{ {iri_text(gid)} "
            f"{iri_text(NG.digest)} ?d }} }} ;\n"
            f"INSERT DATA {{ GRAPH {iri_text(META_GRAPH)} {{ {iri_text(gid)} "
            f"{iri_text(NG.digest)} {literal_text(digest)} }} }}"
        )

    # -- writing -------------------------------------------------------------------------------

    def _graph_state(self, gid: URIRef) -> tuple[bool, str]:
        rows = self._select(
            f"SELECT ?d WHERE {{ GRAPH {iri_text(gid)} {{ ?s ?p ?o "
            f"OPTIONAL {{ {iri_text(gid)} {iri_text(NG.digest)} ?d }} }} }} LIMIT 1"
        )
        if not rows:
            return False, ""
        return True, rows[0][0] or ""

    def _replace_graph(self, gid: URIRef, g: Graph) -> None:
        body = "\n".join(f"{_ox_term(s)} {_ox_term(p)} {_ox_term(o)} ." for s, p, o in g)
        self._put_graph(gid, body + "\n")

    def remove_article(self, article_id: str) -> bool:
        """Remove an article's named graph (GSP DELETE); return True when there was one."""
        gid = article_graph_iri(article_id)
        resp = self._gsp("DELETE", gid)
        if resp.status_code == 404:
            return False
        if resp.status_code not in (200, 202, 204):
            raise StoreError(
                f"cannot delete graph {gid} at {self._store_url}: HTTP {resp.status_code} "
                f"{_first_lines(resp.text, 4)}"
            )
        return True

    # -- reading -------------------------------------------------------------------------------

    def query(self, sparql: str) -> Result:
        """Run a SPARQL query on the server over the union of all graphs; an rdflib Result.

        Our prefixes are predeclared as in :meth:`Store.query`. A query the server rejects
        raises :class:`~graph.errors.QueryError` with the server's message.
        """
        if not isinstance(sparql, str):
            raise QueryError(f"pass SPARQL as a string, not {type(sparql).__name__}")
        resp = self._send(
            "POST",
            self._query_url,
            params={"union-default-graph": ""},
            data={"query": _PREFIX_DECL + sparql},
            headers={"Accept": _ACCEPT},
        )
        if resp.status_code != 200:
            raise QueryError(
                f"SPARQL query failed on {self._query_url}: HTTP {resp.status_code} "
                f"{_first_lines(resp.text, 4)}\nquery:\n{_first_lines(sparql, 8)}"
            )
        kind = resp.headers.get("content-type", "").split(";")[0].strip()
        if kind == _SELECT_TYPES:
            return Result.parse(io.BytesIO(resp.content), format="json")
        if kind == _GRAPH_TYPES:
            result = Result("CONSTRUCT")
            g = Graph()
            g.parse(data=resp.text, format="nt")
            result.graph = g
            return result
        raise QueryError(
            f"the SPARQL server at {self._query_url} answered {kind or 'no content type'}, "
            f"not {_SELECT_TYPES} or {_GRAPH_TYPES}; is it a SPARQL 1.1 endpoint?"
        )

    def update(self, sparql: str) -> None:
        """Run a SPARQL Update on the server (write into named graphs)."""
        if not isinstance(sparql, str):
            raise QueryError(f"pass SPARQL Update as a string, not {type(sparql).__name__}")
        resp = self._send("POST", self._update_url, data={"update": _PREFIX_DECL + sparql})
        if resp.status_code not in (200, 204):
            raise QueryError(
                f"SPARQL update failed on {self._update_url}: HTTP {resp.status_code} "
                f"{_first_lines(resp.text, 4)}\nupdate:\n{_first_lines(sparql, 8)}"
            )

    # -- export --------------------------------------------------------------------------------

    def dump(self, path: str | Path, fmt: str) -> Path:
        """Write the server's dataset to ``path`` in ``fmt`` (see :meth:`Store.dump`)."""
        if fmt not in DUMP_FORMATS:
            raise ExportError(
                f"unknown RDF format {fmt!r}; choose one of {', '.join(sorted(DUMP_FORMATS))}"
            )
        ox_format, keeps_graphs = DUMP_FORMATS[fmt]
        out = Path(path)
        if keeps_graphs:
            resp = self._send("GET", self._store_url, headers={"Accept": "application/n-quads"})
            if resp.status_code != 200:
                raise StoreError(
                    f"cannot read the dataset from {self._store_url}: HTTP {resp.status_code} "
                    f"{_first_lines(resp.text, 4)}"
                )
            data: list[ox.Quad] | list[ox.Triple] = list(
                ox.parse(resp.content, format=ox.RdfFormat.N_QUADS)
            )
        else:
            result = self.query(
                "CONSTRUCT { ?s ?p ?o } WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }"
            )
            assert result.graph is not None
            text = result.graph.serialize(format="nt", encoding="utf-8")
            data = [
                ox.Triple(q.subject, q.predicate, q.object)
                for q in ox.parse(text, format=ox.RdfFormat.N_TRIPLES)
            ]
        try:
            out.parent.mkdir(parents=True, exist_ok=True)
            ox.serialize(data, str(out), ox_format, prefixes=dict(PREFIXES))
        except OSError as exc:
            raise ExportError(f"cannot write {out}: {exc}; choose a writable path") from exc
        logger.info("dumped %s as %s", self._location, fmt)
        return out
