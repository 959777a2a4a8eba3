"""The RDF dataset: rdflib's API over the embedded Oxigraph store (or rdflib's memory store).

One named graph per article (``graph/article/<id>``), plus the ontology, actor gazetteer and
code lists in graphs of their own (loaded from ``ontology/`` on first open and again only when
a file changed) and a small bookkeeping graph (``graph/meta``) with the digests of those files.
Queries see the union of all graphs as their default graph.

On disk the engine is pyoxigraph, reached through oxrdflib so that ``store.dataset`` is an
ordinary ``rdflib.Dataset``; what oxrdflib cannot do well (atomic replacement of a graph, bulk
loading, dumping) goes to pyoxigraph directly. SPARQL is always passed as a string: a prepared
query would silently fall back to rdflib's much slower engine.

>>> from graph.model import Action, Actor, Article, Event
>>> from graph.rdf import RunInfo
>>> art = Article(id="a1", text="NATO called on Serbia.", published="2023-07-11")
>>> ev = Event(doc_id="a1", source=Actor("NATO", "NATO", type="igo"),
...            action=Action("call on", "0256", "REQUEST", 1, 3.0),
...            sentence=art.text, char_start=0, char_end=22)
>>> run = RunInfo("r1", "en_core_web_sm", "0.1.0", "2023-07-12T10:00:00")
>>> with Store.open() as store:
...     store.put_article(art, [ev], run), store.put_article(art, [ev], run)
...     store.count_events()
('added', 'unchanged')
1
"""

from __future__ import annotations

import functools
import hashlib
import logging
import os
import threading
import time
import warnings
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import unquote

import pandas as pd
import pyoxigraph as ox
import pyshacl
from oxrdflib import OxigraphStore
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import DCTERMS, PROV, SDO, SKOS, XSD
from rdflib.query import Result
from rdflib.term import Node

from graph import resources
from graph.errors import (
    DataFileError,
    ExportError,
    InputError,
    NewsgraphError,
    QueryError,
    StoreError,
)
from graph.model import MODALITIES, Actor, Article, Event
from graph.rdf import (
    ACTOR_TYPE_CLASSES,
    MODALITY_IRIS,
    PRECISION_UNITS,
    ArticleTriples,
    RunInfo,
    actor_iri,
    article_graph_iri,
    article_triples,
)
from graph.snapshot import LOCK_FILE, change_marker, open_snapshot, vanished
from graph.sparql import iri_text, literal_text
from graph.table import ACTOR_FIELDS, EVENT_COLUMNS
from graph.vocab import (
    ACTOR,
    ACTORS_GRAPH,
    CAMEO,
    CAMEO_GRAPH,
    CLUSTER,
    GRAPH,
    META_GRAPH,
    NG,
    NIF,
    ONTOLOGY_GRAPH,
    PLOVER,
    PLOVER_GRAPH,
    PREFIXES,
    SEM,
    WD,
)

__all__ = ["DUMP_FORMATS", "LOCK_FILE", "REFERENCE_FILES", "SCHEMA_VERSION", "Store", "open_store"]

logger = logging.getLogger(__name__)

#: Named graph -> the ontology file loaded into it (missing optional files are skipped).
REFERENCE_FILES: dict[URIRef, str] = {
    ONTOLOGY_GRAPH: "newsgraph.ttl",
    ACTORS_GRAPH: "actors.ttl",
    CAMEO_GRAPH: "cameo.ttl",
    PLOVER_GRAPH: "plover.ttl",
}

#: ``dump`` format -> (pyoxigraph format, keeps named graphs).
DUMP_FORMATS: dict[str, tuple[ox.RdfFormat, bool]] = {
    "turtle": (ox.RdfFormat.TURTLE, False),
    "ntriples": (ox.RdfFormat.N_TRIPLES, False),
    "xml": (ox.RdfFormat.RDF_XML, False),
    "jsonld": (ox.RdfFormat.JSON_LD, False),
    "trig": (ox.RdfFormat.TRIG, True),
    "nquads": (ox.RdfFormat.N_QUADS, True),
}

#: The layout of what a store holds (graph names, properties, digests). Raise it when a change
#: makes older stores read wrongly; :meth:`Store.open` refuses a store of another version.
SCHEMA_VERSION = 1

#: The file in a store folder that holds the pid of the process that has the store open.

#: Quads written by transactions after which the store's memtables are flushed to disk. Oxigraph
#: keeps every transaction's writes in RocksDB memtables until they are flushed, so a long
#: ingest grew by ~25 MiB per 1,000 events (990 MiB after 20k events, 1.5 GiB after 40k);
#: flushing every ~5,000 events holds it near 400 MiB (bench/RESULTS.md, round 4).
FLUSH_QUADS = 200_000

#: How long (seconds) opening waits for another process to release the store's lock.
LOCK_WAIT = float(os.environ.get("NEWSGRAPH_LOCK_WAIT", "3"))

_RDFLIB_CONTEXTS_WARNING = r"Dataset\.\w+ is deprecated"
_ARTICLE_GRAPHS = str(GRAPH["article/"])
_PRECISION_NAMES = {str(iri): name for name, iri in PRECISION_UNITS.items()}
_MODALITY_NAMES = {str(iri): name for name, iri in MODALITY_IRIS.items()}
_CLASS_TYPES = {str(iri): name for name, iri in ACTOR_TYPE_CLASSES.items()}
_NG_DIGEST = str(NG.digest)
_OX_DIGEST = ox.NamedNode(_NG_DIGEST)
_PREFIX_DECL = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())


@dataclass(frozen=True)
class _Write:
    """One article graph a batch writes: its triples, digest, whether it replaces a stored
    graph, and its pyoxigraph quads (empty for the rdflib stores)."""

    triples: ArticleTriples
    digest: str
    stored: bool
    quads: list[ox.Quad]


def _unstorable(article: Article, exc: Exception) -> StoreError:
    return StoreError(
        f"article {article.id!r} ({article.origin or 'no origin'}) cannot be stored as RDF, so "
        f"nothing was written: {exc}; fix the text (it holds a character RDF cannot carry)"
    )


def _ox_term(node: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """Return the pyoxigraph term for an rdflib term."""
    if isinstance(node, URIRef):
        return ox.NamedNode(str(node))
    if isinstance(node, BNode):
        return ox.BlankNode(str(node))
    if isinstance(node, Literal):
        if node.language:
            return ox.Literal(str(node), language=node.language)
        if node.datatype is not None:
            return ox.Literal(str(node), datatype=ox.NamedNode(str(node.datatype)))
        return ox.Literal(str(node))
    raise StoreError(f"cannot store the RDF term {node!r}: only IRIs, blank nodes and literals")


def _ox_triple(
    s: Node, p: Node, o: Node
) -> tuple[ox.NamedNode | ox.BlankNode, ox.NamedNode, ox.NamedNode | ox.BlankNode | ox.Literal]:
    """Return the pyoxigraph terms of an rdflib triple (subject, predicate, object)."""
    subject, predicate = _ox_term(s), _ox_term(p)
    if isinstance(subject, ox.Literal) or not isinstance(predicate, ox.NamedNode):
        raise StoreError(f"not an RDF triple: {s!r} {p!r} {o!r}")
    return subject, predicate, _ox_term(o)


def _ox_graph_name(g: Node | None) -> ox.NamedNode | ox.BlankNode | ox.DefaultGraph:
    """Return the pyoxigraph graph name of an rdflib context (rdflib's default -> default)."""
    identifier = getattr(g, "identifier", g)
    if identifier is None or identifier == DATASET_DEFAULT_GRAPH_ID:
        return ox.DefaultGraph()
    term = _ox_term(identifier)
    assert not isinstance(term, ox.Literal)
    return term


def _file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _first_lines(text: str, n: int = 12) -> str:
    lines = [line for line in text.splitlines() if line.strip()]
    more = f"\n  ... ({len(lines) - n} more lines)" if len(lines) > n else ""
    return "\n".join(lines[:n]) + more


def _pid_alive(pid: int) -> bool:
    """True when a process with ``pid`` exists (a zombie or another user's counts as alive)."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _take_lock(folder: Path) -> Path:
    """Create ``folder/newsgraph.lock`` holding our pid; wait briefly for another holder.

    Oxigraph's own lock only says "locked"; ours names the process that holds the store, and a
    lock left by a process that died (SIGKILL, power loss) is taken over. Raises StoreError
    naming the folder and the holder's pid when the lock stays held for ``LOCK_WAIT`` seconds.
    """
    lock = folder / LOCK_FILE
    deadline = time.monotonic() + LOCK_WAIT
    while True:
        try:
            fd = os.open(lock, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        except FileExistsError:
            holder = _lock_holder(lock)
            if holder is None and _age(lock) < 2.0:  # just created, its pid not written yet
                time.sleep(0.05)
                continue
            if holder == os.getpid():
                raise StoreError(
                    f"the store at {folder} is already open (locked by another Store object "
                    "of this process); close that one first"
                ) from None
            if holder is None or not _pid_alive(holder):
                logger.warning("taking over the lock of %s left by pid %s, which is gone",
                               folder, holder)
                lock.unlink(missing_ok=True)
                continue
            if time.monotonic() >= deadline:
                raise StoreError(
                    f"the store {folder} is locked by pid {holder} (another newsgraph process "
                    f"has it open); wait for it to finish, or stop it, then try again"
                ) from None
            time.sleep(0.1)
            continue
        except OSError as exc:
            raise StoreError(
                f"cannot lock the store at {folder} ({exc.strerror or exc}); choose a folder "
                "you can write to"
            ) from exc
        with os.fdopen(fd, "w", encoding="ascii") as f:
            f.write(f"{os.getpid()}\n")
        return lock


def _lock_holder(lock: Path) -> int | None:
    """The pid written in a lock file (None when it is empty, unreadable or gone)."""
    try:
        return int(lock.read_text(encoding="ascii").strip())
    except (OSError, ValueError, UnicodeDecodeError):
        return None


def _age(path: Path) -> float:
    """Seconds since ``path`` was last modified (large when it is gone)."""
    try:
        return time.time() - path.stat().st_mtime
    except OSError:
        return 1e9


def _release_lock(lock: Path) -> None:
    """Remove our lock file (only when it still holds our pid)."""
    if _lock_holder(lock) == os.getpid():
        lock.unlink(missing_ok=True)


#: Threads that scan the store's properties for the events table (pyoxigraph releases the GIL
#: while it reads, so two scans overlap; measured 1.6x on 2 cores).
_READ_THREADS = 2


class Store:
    """The newsgraph dataset: articles and their events as RDF, queried with SPARQL.

    Open with :meth:`Store.open` (in memory, or an Oxigraph folder on disk); use as a context
    manager or call :meth:`close`. Methods raise :class:`~graph.errors.StoreError` (and
    :class:`~graph.errors.QueryError` for SPARQL) with the path or query they are about.
    """

    def __init__(self, ds: Dataset, ox_store: ox.Store | None, location: str) -> None:
        """Wrap an opened dataset; use :meth:`Store.open` rather than calling this."""
        self._ds: Dataset | None = ds
        self._ox = ox_store
        self._location = location
        self._shapes: Graph | None = None
        self._known_actors: frozenset[str] = frozenset()
        self._lock: Path | None = None
        self._read_only = False
        self._marker: tuple[tuple[str, int, int], ...] = ()
        self._checked = 0.0
        self._refreshing = threading.Lock()
        self._unflushed = 0  # quads written by transactions since the last flush

    # -- opening and closing -------------------------------------------------------------------

    @classmethod
    def open(cls, path: str | Path | None = None, *, read_only: bool = False) -> Store:
        """Open the store at ``path`` (a folder, created if missing), or in memory.

        ``None`` or ``"memory"`` gives an rdflib in-memory dataset, gone when closed. The
        ontology, gazetteer and code lists are loaded on first open and reloaded only when their
        files changed.

        One process writes to a folder at a time (it holds :data:`LOCK_FILE`). ``read_only``
        opens a snapshot of an existing folder without that lock, so queries, exports and the
        endpoint run beside an ``ingest``: the snapshot shows the articles stored when it was
        taken, each one whole (an article is one atomic write). Keep a read-only store
        short-lived, or call :meth:`refresh` to see newer articles; writes to it raise
        StoreError.

        Raises :class:`~graph.errors.StoreError` when ``path`` is a file, is not a newsgraph
        store, cannot be created or written, is already open (locked) or, read-only, holds no
        store yet.
        """
        if path is None or str(path) == "memory":
            store = cls(Dataset(default_union=True), None, "memory")
        elif read_only:
            folder = Path(path).expanduser()
            inner = open_snapshot(folder)
            store = cls(Dataset(store=OxigraphStore(store=inner), default_union=True), inner,
                        str(folder))
            store._read_only = True
            store._marker = change_marker(folder)
            store._checked = time.monotonic()
            del inner
        else:
            folder = Path(path).expanduser()
            inner, lock = cls._open_oxigraph(folder)
            store = cls(Dataset(store=OxigraphStore(store=inner), default_union=True), inner,
                        str(folder))
            store._lock = lock
            del inner  # a failed open's traceback must not keep Oxigraph's own lock alive
        for prefix, ns in PREFIXES.items():
            store.dataset.bind(prefix, ns, override=True, replace=True)
        try:
            if store._read_only:
                store._check_schema_version_read_only()
            else:
                store._check_schema_version()
                store._sync_reference_graphs()
        except BaseException:
            store.close()
            raise
        return store

    @property
    def read_only(self) -> bool:
        """True for a snapshot opened with ``read_only=True`` (no lock held, no writes)."""
        return self._read_only

    def refresh(self, *, every: float = 1.0, force: bool = False) -> bool:
        """Reopen a read-only snapshot when the folder changed; return True when it did.

        The folder is looked at (file names, sizes and modification times: a few ``stat``
        calls) at most once every ``every`` seconds; ``force`` reopens at once (after an
        OSError, e.g. a file the writer compacted away). Safe to call from several threads;
        queries already running keep the snapshot they started on. A writable or in-memory
        store is always current, so this returns False for it.
        """
        if not self._read_only or self._ds is None:
            return False
        now = time.monotonic()
        if not force and now - self._checked < every:
            return False
        with self._refreshing:
            if not force and now - self._checked < every:
                return False
            folder = Path(self._location)
            marker = change_marker(folder)
            self._checked = time.monotonic()
            if not force and marker == self._marker:
                return False
            inner = open_snapshot(folder)
            ds = Dataset(store=OxigraphStore(store=inner), default_union=True)
            for prefix, ns in PREFIXES.items():
                ds.bind(prefix, ns, override=True, replace=True)
            self._ox, self._ds, self._marker = inner, ds, marker
            logger.debug("reopened the snapshot of %s", folder)
            return True

    def _writable(self) -> None:
        """Raise StoreError when this store was opened read-only."""
        if self._read_only:
            raise StoreError(
                f"the store {self._location} was opened read-only (a snapshot beside the "
                "writer); open it without read_only=True to write (newsgraph ingest does)"
            )

    def _version_error(self, found: int) -> StoreError:
        """The error for a store of schema version ``found`` (not this newsgraph's)."""
        age = "an older" if found < SCHEMA_VERSION else "a newer"
        return StoreError(
            f"the store {self._location} has schema version {found}, written by {age} "
            f"newsgraph; this newsgraph reads version {SCHEMA_VERSION}. Re-ingest the "
            "articles into a new store (newsgraph ingest ... --store NEW_FOLDER), or use "
            f"the newsgraph release that wrote version {found}"
        )

    def _check_schema_version_read_only(self) -> None:
        """Refuse a snapshot of another schema version (one without a version is version 1)."""
        found = self.schema_version()
        if found is not None and found != SCHEMA_VERSION:
            raise self._version_error(found)

    @staticmethod
    def _open_oxigraph(folder: Path) -> tuple[ox.Store, Path]:
        if folder.exists() and not folder.is_dir():
            raise StoreError(
                f"cannot open the store at {folder}: it is a file, not a folder; pass a folder "
                "path (created if missing) or 'memory'"
            )
        others = [f for f in folder.iterdir() if f.name != LOCK_FILE] if folder.is_dir() else []
        if others and not (folder / "CURRENT").is_file():
            raise StoreError(
                f"cannot open the store at {folder}: the folder holds other files and is not a "
                "newsgraph store; pass an empty or new folder"
            )
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(
                f"cannot create the store folder {folder} ({exc.strerror or exc}); choose a "
                "folder you can write to"
            ) from exc
        if not os.access(folder, os.W_OK | os.X_OK):
            raise StoreError(
                f"cannot open the store at {folder}: the folder is not writable; fix its "
                "permissions or choose another folder"
            )
        lock = _take_lock(folder)
        try:
            inner = ox.Store(str(folder))
        except BaseException as exc:
            _release_lock(lock)
            if not isinstance(exc, OSError):
                raise
            if "lock" in str(exc).lower():
                raise StoreError(
                    f"the store at {folder} is already open (locked by another process or "
                    "another Store object); close that one first"
                ) from exc
            raise StoreError(f"cannot open the store at {folder}: {exc}") from exc
        return inner, lock

    def close(self) -> None:
        """Close the store (releases the folder's lock); further calls raise StoreError."""
        if self._ds is not None:
            self._ds.close()
        self._ds = None
        self._ox = None
        if self._lock is not None:
            _release_lock(self._lock)
            self._lock = None

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        state = "closed" if self._ds is None else "open"
        return f"<Store {self._location} ({state})>"

    @property
    def dataset(self) -> Dataset:
        """The rdflib Dataset (default graph = union of all named graphs)."""
        if self._ds is None:
            raise StoreError(f"the store {self._location} is closed; open it again")
        return self._ds

    @property
    def location(self) -> str:
        """The folder of the store, or ``"memory"``."""
        return self._location

    @property
    def oxigraph(self) -> ox.Store | None:
        """The pyoxigraph store underneath (None for the in-memory rdflib store)."""
        return self._ox

    # -- reference graphs ----------------------------------------------------------------------

    def _graph(self, identifier: URIRef) -> Graph:
        """Return a view of one named graph without creating it."""
        return Graph(store=self.dataset.store, identifier=identifier)

    def schema_version(self) -> int | None:
        """The schema version recorded in the store's meta graph (None when none is)."""
        value = self._graph(META_GRAPH).value(META_GRAPH, NG.schemaVersion)
        if value is None:
            return None
        try:
            return int(str(value))
        except ValueError as exc:
            raise StoreError(
                f"the store {self._location} records the schema version {str(value)!r}, which is "
                "not a number; the store is damaged: re-ingest into a new store"
            ) from exc

    def _check_schema_version(self) -> None:
        """Refuse a store written with another schema; record the version in a new one.

        A store made before versions were recorded has the layout of version 1, so it is
        stamped 1 rather than refused.
        """
        found = self.schema_version()
        if found is None:
            self._set_schema_version(SCHEMA_VERSION)
            return
        if found != SCHEMA_VERSION:
            raise self._version_error(found)

    def _set_schema_version(self, version: int) -> None:
        """Record ``version`` as the store's schema version (replacing any other)."""
        if self._ox is not None:
            self._ox.update(
                f"DELETE WHERE {{ GRAPH {iri_text(META_GRAPH)} {{ {iri_text(META_GRAPH)} "
                f"{iri_text(NG.schemaVersion)} ?v }} }} ;\n"
                f"INSERT DATA {{ GRAPH {iri_text(META_GRAPH)} {{ {iri_text(META_GRAPH)} "
                f"{iri_text(NG.schemaVersion)} {Literal(version).n3()} }} }}"
            )
        else:
            meta = self.dataset.graph(META_GRAPH)
            meta.remove((META_GRAPH, NG.schemaVersion, None))
            meta.add((META_GRAPH, NG.schemaVersion, Literal(version)))

    def _sync_reference_graphs(self) -> None:
        try:
            folder = resources.ontology_dir()
        except FileNotFoundError as exc:
            raise StoreError(str(exc)) from exc
        meta = self._graph(META_GRAPH)
        for gid, name in REFERENCE_FILES.items():
            path = folder / name
            if not path.is_file():
                logger.info("ontology file %s not found; graph %s left empty", name, gid)
                continue
            digest = _file_digest(path)
            if str(meta.value(gid, NG.digest) or "") == digest:
                continue
            logger.info("loading %s into %s", path.name, gid)
            self._load_file(gid, path)
            self._set_meta_digest(gid, digest)
        self._refresh_known_actors()

    def _refresh_known_actors(self) -> None:
        """Read the gazetteer's actor ids back from the actors graph (after a sync)."""
        rows = self._select(
            f"SELECT DISTINCT ?a WHERE {{ GRAPH {iri_text(ACTORS_GRAPH)} {{ ?a a sem:Actor }} }}"
        )
        self._known_actors = frozenset(
            _local_name(r[0], str(ACTOR)) for r in rows if r[0] and r[0].startswith(str(ACTOR))
        )

    def _load_file(self, gid: URIRef, path: Path) -> None:
        """Replace graph ``gid`` with the Turtle file ``path`` (parsed fully before writing)."""
        try:
            quads = [
                ox.Quad(q.subject, q.predicate, q.object, ox.NamedNode(str(gid)))
                for q in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)
            ]
        except SyntaxError as exc:
            raise DataFileError(f"{path}: {exc}; fix the Turtle syntax") from exc
        if self._ox is not None:
            # a crash between these two leaves the file's digest unrecorded: reloaded next open
            self._ox.update(f"DROP SILENT GRAPH {iri_text(gid)}")
            self._ox.extend(quads)
        else:
            with path.open("rb") as stream:
                parsed = Graph().parse(stream, format="ox-turtle")
            self.dataset.remove_graph(gid)
            target = self.dataset.graph(gid)
            target.addN((s, p, o, target) for s, p, o in parsed)

    def _set_meta_digest(self, gid: URIRef, digest: str) -> None:
        meta = self._graph(META_GRAPH)
        if self._ox is not None:
            self._ox.update(
                f"DELETE WHERE {{ GRAPH {iri_text(META_GRAPH)} {{ {iri_text(gid)} "
                f"{iri_text(NG.digest)} ?d }} }} ;\n"
                f"INSERT DATA {{ GRAPH {iri_text(META_GRAPH)} {{ {iri_text(gid)} "
                f"{iri_text(NG.digest)} {literal_text(digest)} }} }}"
            )
        else:
            meta.remove((gid, NG.digest, None))
            self.dataset.graph(META_GRAPH).add((gid, NG.digest, Literal(digest)))

    # -- writing -------------------------------------------------------------------------------

    def put_article(
        self,
        article: Article,
        events: Sequence[Event],
        run: RunInfo,
        *,
        validate: bool = True,
    ) -> str:
        """Store one article and its events; return ``"added"``, ``"replaced"`` or ``"unchanged"``.

        The article's named graph is replaced as a whole and atomically; storing the same
        article with the same events again changes nothing. With ``validate`` the new graph is
        checked against ``ontology/shapes.ttl`` first, and a graph that does not conform raises
        :class:`~graph.errors.StoreError` (with the first lines of the report) before anything
        is written.
        """
        outcome = self.put_articles([(article, events)], run, validate=validate)[0]
        if isinstance(outcome, NewsgraphError):
            raise outcome
        return outcome

    def _graph_state(self, gid: URIRef) -> tuple[bool, str]:
        """Return whether graph ``gid`` holds triples, and the digest recorded in it (or "")."""
        if self._ox is not None:
            # pyoxigraph's own pattern lookup: no rdflib dispatch, two index probes at most
            name = ox.NamedNode(str(gid))
            for quad in self._ox.quads_for_pattern(name, _OX_DIGEST, None, name):
                obj = quad.object
                return True, obj.value if isinstance(obj, ox.Literal) else ""
            return next(self._ox.quads_for_pattern(None, None, None, name), None) is not None, ""
        current = self._graph(gid)
        exists = next(iter(current.triples((None, None, None))), None) is not None
        return exists, str(current.value(gid, NG.digest) or "") if exists else ""

    def put_articles(
        self,
        batch: Sequence[tuple[Article, Sequence[Event]]],
        run: RunInfo,
        *,
        validate: bool = True,
        bulk: bool = False,
    ) -> list[str | NewsgraphError]:
        """Store a batch of articles with their events in one write; return one outcome each.

        Each outcome is what :meth:`put_article` returns (``"added"``, ``"replaced"``,
        ``"unchanged"``) or, for an article that cannot be stored, the error that
        :meth:`put_article` would raise (:class:`~graph.errors.InputError` for a malformed
        event, :class:`~graph.errors.StoreError` for a graph that does not conform to the
        shapes); such an article is left out and the others are written.

        On Oxigraph the batch is one transaction: its quads are built directly (no rdflib
        Graph, see :func:`graph.rdf.article_triples`) and added with ``Store.extend`` when every
        article is new, or written by one SPARQL Update (the old graphs dropped, the new ones
        inserted) when some replace stored ones; a crash leaves all of the batch or none of it.
        ``bulk`` uses pyoxigraph's bulk loader for a batch of new articles instead: 2-3x faster
        on a large store, but its documentation promises no transaction, so use it for a first
        load that can be redone (benchmarks, rebuilding a store), not for ingest.
        """
        self._writable()
        outcomes: list[str | NewsgraphError] = []
        writes: dict[URIRef, _Write] = {}
        for article, events in batch:
            try:
                at = article_triples(article, events, run, known_actors=self._known_actors)
                digest = at.digest()
            except InputError as exc:
                outcomes.append(exc)
                continue
            except ValueError as exc:  # UnicodeError: a lone surrogate in a sentence
                outcomes.append(_unstorable(article, exc))
                continue
            gid = URIRef(at.graph)
            if gid in writes:
                exists, same = True, writes[gid].digest == digest
            else:
                exists, current_digest = self._graph_state(gid)
                same = exists and current_digest == digest
            if same:
                logger.debug("article %s unchanged", article.id)
                outcomes.append("unchanged")
                continue
            if validate:
                conforms, report = self._check(at.to_graph())
                if not conforms:
                    outcomes.append(StoreError(
                        f"article {article.id!r} ({article.origin or 'no origin'}) does not "
                        f"conform to ontology/shapes.ttl, so nothing was written; fix the "
                        f"events:\n{_first_lines(report)}"
                    ))
                    continue
            quads: list[ox.Quad] = []
            if self._ox is not None:
                try:
                    quads = at.quads(extra=((at.graph, _NG_DIGEST, (digest, None)),))
                except ValueError as exc:
                    outcomes.append(_unstorable(article, exc))
                    continue
            # a second copy of an article in one batch replaces the first (as one by one would)
            stored = writes[gid].stored if gid in writes else exists
            writes.pop(gid, None)
            writes[gid] = _Write(at, digest, stored, quads)
            outcomes.append("replaced" if exists else "added")
        self._write_batch(list(writes.values()), bulk=bulk)
        logger.debug("batch of %d articles: %d written", len(batch), len(writes))
        return outcomes

    def _write_batch(self, writes: Sequence[_Write], *, bulk: bool = False) -> None:
        """Write a batch of article graphs in one transaction (see :meth:`put_articles`)."""
        if not writes:
            return
        if self._ox is None:
            for w in writes:
                g = w.triples.to_graph()
                g.add((g.identifier, NG.digest, Literal(w.digest)))
                self._replace_graph(URIRef(w.triples.graph), g)
            return
        replaced = [w.triples.graph for w in writes if w.stored]
        try:
            if not replaced:
                quads = [q for w in writes for q in w.quads]
                (self._ox.bulk_extend if bulk else self._ox.extend)(quads)
                if bulk:  # the bulk loader writes files, not memtables
                    return
            else:
                # one Update is one transaction: the old graphs go and the new come together
                drops = "".join(f"DROP SILENT GRAPH <{gid}> ;\n" for gid in replaced)
                body = "\n".join(
                    f"GRAPH {q.graph_name} {{ {q.subject} {q.predicate} {q.object} }}"
                    for w in writes for q in w.quads
                )
                self._ox.update(f"{drops}INSERT DATA {{\n{body}\n}}")
            self._unflushed += sum(len(w.quads) for w in writes)
            if self._unflushed >= FLUSH_QUADS:
                # what is written is already durable (RocksDB's log); this only bounds memory
                self._ox.flush()
                self._unflushed = 0
        except (SyntaxError, OSError, ValueError) as exc:
            raise StoreError(
                f"cannot write a batch of {len(writes)} article graphs to {self._location}: "
                f"{exc}"
            ) from exc

    def _replace_graph(self, gid: URIRef, g: Graph) -> None:
        if self._ox is not None:
            body = "\n".join(
                f"{_ox_term(s)} {_ox_term(p)} {_ox_term(o)} ." for s, p, o in g
            )
            try:
                self._ox.update(
                    f"DROP SILENT GRAPH {iri_text(gid)} ;\n"
                    f"INSERT DATA {{ GRAPH {iri_text(gid)} {{\n{body}\n}} }}"
                )
            except (SyntaxError, OSError, ValueError) as exc:
                raise StoreError(f"cannot write graph {gid} to {self._location}: {exc}") from exc
        else:
            self.dataset.remove_graph(gid)
            target = self.dataset.graph(gid)
            target.addN((s, p, o, target) for s, p, o in g)

    def remove_article(self, article_id: str) -> bool:
        """Remove an article's named graph; return True when there was one."""
        self._writable()
        gid = article_graph_iri(article_id)
        existed = next(iter(self._graph(gid).triples((None, None, None))), None) is not None
        if self._ox is not None:
            self._ox.update(f"DROP SILENT GRAPH {iri_text(gid)}")
        else:
            self.dataset.remove_graph(gid)
        return existed

    # -- validation ----------------------------------------------------------------------------

    def _shapes_graph(self) -> Graph:
        if self._shapes is None:
            shapes = Graph()
            path = resources.ontology_file("shapes.ttl")
            try:
                shapes.parse(str(path), format="ox-turtle")
            except SyntaxError as exc:
                raise DataFileError(f"{path}: {exc}; fix the Turtle syntax") from exc
            self._shapes = shapes
        return self._shapes

    def _check(self, data: Graph) -> tuple[bool, str]:
        conforms, _results, text = pyshacl.validate(
            data, shacl_graph=self._shapes_graph(), inference="none", advanced=False
        )
        return bool(conforms), str(text)

    def validate(self) -> tuple[bool, str]:
        """Check every article graph against ``ontology/shapes.ttl``; return (conforms, report)."""
        result = self.query(
            "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } "
            f"FILTER(STRSTARTS(STR(?g), {literal_text(_ARTICLE_GRAPHS)})) }}"
        )
        data = Graph()
        if result.graph is not None:
            for triple in result.graph:
                data.add(triple)
        return self._check(data)

    # -- reading -------------------------------------------------------------------------------

    def query(self, sparql: str) -> Result:
        """Run a SPARQL query (a string) over the union of all graphs.

        Our prefixes (``ng:``, ``sem:``, ``actor:`` ... see :data:`graph.vocab.PREFIXES`) are
        predeclared. A malformed or failing query raises :class:`~graph.errors.QueryError`.
        """
        if not isinstance(sparql, str):
            raise QueryError(
                f"pass SPARQL as a string, not {type(sparql).__name__}: prepared queries make "
                "oxrdflib fall back to rdflib's slow engine"
            )
        self.dataset  # noqa: B018 -- a closed store raises StoreError here, not a QueryError
        try:
            try:
                result = self._run_query(sparql)
            except (OSError, RuntimeError) as exc:
                if not self._read_only or not vanished(exc):
                    raise
                # a file of the snapshot went away under us (the writer compacted): once more
                # on a fresh snapshot
                self.refresh(force=True)
                result = self._run_query(sparql)
        except QueryError:
            raise
        except Exception as exc:  # any engine error becomes a QueryError naming the query
            raise QueryError(
                f"SPARQL query failed on {self._location}: {exc}\n"
                f"query:\n{_first_lines(sparql, 8)}"
            ) from exc
        return result

    def _run_query(self, sparql: str) -> Result:
        """Run ``sparql`` on the dataset; a SELECT is evaluated at once so errors surface here."""
        with warnings.catch_warnings():
            # rdflib's own engine (memory store) calls deprecated Dataset methods
            # for GRAPH ?g patterns; that warning is about rdflib, not about the query
            warnings.filterwarnings("ignore", _RDFLIB_CONTEXTS_WARNING, DeprecationWarning)
            result = self.dataset.query(sparql)
            if result.type == "SELECT":
                result.bindings  # noqa: B018 -- evaluate now, so errors surface here
        return result

    def update(self, sparql: str) -> None:
        """Run a SPARQL Update (a string); write into named graphs (``GRAPH <...> { }``)."""
        self._writable()
        if not isinstance(sparql, str):
            raise QueryError(f"pass SPARQL Update as a string, not {type(sparql).__name__}")
        try:
            if self._ox is not None:
                self._ox.update(sparql, prefixes=dict(PREFIXES))
            else:
                with warnings.catch_warnings():
                    warnings.filterwarnings(
                        "ignore", _RDFLIB_CONTEXTS_WARNING, DeprecationWarning
                    )
                    self.dataset.update(sparql)
        except Exception as exc:  # any engine error becomes a QueryError naming the update
            raise QueryError(
                f"SPARQL update failed on {self._location}: {exc}; updates must name a graph "
                f"(INSERT DATA {{ GRAPH <...> {{ ... }} }})\nupdate:\n{_first_lines(sparql, 8)}"
            ) from exc

    def _select(self, sparql: str) -> list[list[str | None]]:
        """Run a SELECT and return its rows as lists of strings (None for unbound)."""
        result = self.query(sparql)
        return [[None if v is None else str(v) for v in row] for row in result]  # type: ignore[union-attr]

    def article_ids(self) -> list[str]:
        """Return the ids of the stored articles, sorted."""
        rows = self._select(
            "SELECT DISTINCT ?id WHERE { GRAPH ?g { ?a a schema:NewsArticle ; "
            "dcterms:identifier ?id } }"
        )
        return sorted(r[0] for r in rows if r[0] is not None)

    def count_events(self) -> int:
        """Return the number of stored event mentions."""
        rows = self._select("SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a sem:Event }")
        return int(rows[0][0] or 0)

    def count_clusters(self) -> int:
        """Return the number of distinct real events: clusters, plus unclustered mentions."""
        rows = self._select(
            "SELECT (COUNT(DISTINCT COALESCE(?c, ?e)) AS ?n) WHERE { ?e a sem:Event "
            "OPTIONAL { ?e ng:inCluster ?c } }"
        )
        return int(rows[0][0] or 0)

    def events_frame(
        self,
        *,
        actor: str | None = None,
        since: str | None = None,
        until: str | None = None,
        modality: str | None = "asserted",
        plover: str | None = None,
    ) -> pd.DataFrame:
        """Return the events table (columns :data:`graph.table.EVENT_COLUMNS`), one row per event.

        ``actor`` keeps events whose source or target has that id, label or alias (ignoring
        case); ``since``/``until`` (ISO dates, inclusive) filter on the event date;
        ``modality`` (default ``"asserted"``; None for all) and ``plover`` (a PLOVER type such
        as ``REQUEST``) filter on those. Rows are sorted by date, then event id.
        """
        # built on both paths, so that bad arguments fail alike (it checks each of them)
        sparql = _events_query(
            actor=actor, since=since, until=until, modality=modality, plover=plover
        )
        if self._ox is not None and actor is None:
            return self._events_frame_ox(since=since, until=until, modality=modality,
                                         plover=plover)
        result = self.query(sparql)
        names = [str(v) for v in (result.vars or [])]
        bindings: list[dict[str, Any]] = [
            dict(zip(names, row, strict=True)) for row in result  # type: ignore[arg-type]
        ]
        details = self._actor_details(
            {str(b[k]) for b in bindings for k in ("source_iri", "target_iri") if b.get(k)}
        )
        for b in bindings:
            for role in ("source", "target"):
                iri = b.get(f"{role}_iri")
                if iri is not None:
                    for fld, value in details.get(str(iri), {}).items():
                        b[f"{role}_{fld}"] = value
        rows = [_event_row(b) for b in bindings]
        frame = pd.DataFrame(rows, columns=list(EVENT_COLUMNS))
        if not frame.empty:
            frame = frame.sort_values(
                ["date", "event_id"], na_position="last", kind="stable"
            ).reset_index(drop=True)
        return frame

    def _column(self, predicate: str) -> dict[str, str]:
        """``{subject: object}`` of every triple with ``predicate`` in the named graphs (the
        first object when there are several, as SAMPLE would pick one); values are lexical
        forms or IRIs as strings."""
        assert self._ox is not None
        out: dict[str, str] = {}
        rows = self._ox.query(f"SELECT ?s ?o WHERE {{ GRAPH ?g {{ ?s <{predicate}> ?o }} }}")
        for row in rows:  # type: ignore[union-attr]
            out.setdefault(row[0].value, row[1].value)
        return out

    def _typed(self, cls: str) -> dict[str, str]:
        """The subjects of type ``cls`` in the named graphs (as a dict, like :meth:`_column`)."""
        assert self._ox is not None
        rows = self._ox.query(f"SELECT DISTINCT ?s WHERE {{ GRAPH ?g {{ ?s a <{cls}> }} }}")
        return {row[0].value: "" for row in rows}  # type: ignore[union-attr]

    def _cameo_labels(self) -> dict[str, str]:
        """English (or untagged) labels of the CAMEO concepts, by IRI."""
        assert self._ox is not None
        labels: dict[str, str] = {}
        rows = self._ox.query(
            f"SELECT ?t ?l WHERE {{ GRAPH ?g {{ ?t <{SKOS.prefLabel}> ?l }} "
            f"FILTER(STRSTARTS(STR(?t), {literal_text(str(CAMEO))}) "
            "&& (LANG(?l) = '' || LANGMATCHES(LANG(?l), 'en'))) }")
        for row in rows:  # type: ignore[union-attr]
            labels.setdefault(row[0].value, row[1].value)
        return labels

    def _events_frame_ox(self, *, since: str | None, until: str | None,
                         modality: str | None, plover: str | None) -> pd.DataFrame:
        """The events table read on Oxigraph as one simple scan per property, joined here;
        the same rows, values and order as the grouped query of :func:`_events_query`
        (tests/test_perf_paths.py compares the two).

        The grouped query with its 17 OPTIONALs cost ~150 us an event in Oxigraph's engine
        (15 s at 100k events); a two-column scan of one predicate costs a fraction of that,
        and pyoxigraph releases the GIL while it reads, so the scans run on
        :data:`_READ_THREADS` threads. The table is then built column by column, with each
        conversion (IRI to code, lexical form to number) done once per distinct value.
        """
        assert self._ox is not None
        since = _check_date(since, "since") if since is not None else None
        until = _check_date(until, "until") if until is not None else None
        if modality is not None and modality not in MODALITY_IRIS:
            raise QueryError(f"modality={modality!r} is not one of {MODALITIES} (or None)")
        jobs: dict[str, Callable[[], dict[str, str]]] = {
            name: functools.partial(self._column, str(iri))
            for name, iri in _EVENT_COLUMNS_OX.items()
        }
        jobs["events"] = functools.partial(self._typed, str(SEM.Event))
        jobs["sentences"] = functools.partial(self._typed, str(NIF.Sentence))
        jobs["labels"] = self._cameo_labels
        with ThreadPoolExecutor(_READ_THREADS) as pool:
            futures = {name: pool.submit(job) for name, job in jobs.items()}
            col = {name: f.result() for name, f in futures.items()}
        sentences, labels = col["sentences"], col["labels"]
        want_modality = str(MODALITY_IRIS[modality]) if modality is not None else None
        want_plover = str(PLOVER[plover.strip().upper()]) if plover is not None else None
        kinds, srcs, sents = col["type"], col["src"], col["sent"]
        arts, begins, ends, texts = col["art"], col["char_start"], col["char_end"], col["sentence"]
        docs, days, mods, plovers = col["doc_id"], col["date"], col["modality"], col["plover"]
        # (event, sentence, article) of every row kept, with the joins of the SPARQL query
        kept: list[tuple[str, str, str]] = []
        for e in col["events"]:
            sent = sents.get(e)
            if e not in kinds or e not in srcs or sent is None or sent not in sentences:
                continue
            art = arts.get(sent)
            if (art is None or sent not in begins or sent not in ends or sent not in texts
                    or art not in docs):
                continue
            if want_modality is not None and mods.get(e) != want_modality:
                continue
            if want_plover is not None and plovers.get(e) != want_plover:
                continue
            if since is not None or until is not None:
                day = days.get(e)
                if day is None or (since is not None and day < since) or (
                        until is not None and day > until):
                    continue
            kept.append((e, sent, art))
        ids = [e.rsplit("/", 1)[-1] for e, _, _ in kept]
        # rows sorted by date (undated last), then event id, as events_frame promises
        order = sorted(range(len(kept)),
                       key=lambda k: (days.get(kept[k][0]) is None, days.get(kept[k][0]) or "",
                                      ids[k]))
        kept = [kept[k] for k in order]
        ids = [ids[k] for k in order]
        evs = [e for e, _, _ in kept]
        sts = [s for _, s, _ in kept]
        ars = [a for _, _, a in kept]

        def ev(name: str) -> list[str | None]:
            values = col[name]
            return [values.get(e) for e in evs]

        def mapped(values: list[str | None], fn: Callable[[str], object]) -> list[object]:
            memo: dict[str, object] = {}
            out: list[object] = []
            for v in values:
                if v is None:
                    out.append(None)
                    continue
                hit = memo.get(v, memo)
                if hit is memo:
                    hit = memo[v] = fn(v)
                out.append(hit)
            return out

        types = ev("type")
        dates = ev("date")
        reported = [col["reported"].get(a) for a in ars]
        data: dict[str, list[Any]] = {
            "event_id": ids,
            "doc_id": [docs[a] for a in ars],
            "cluster_id": mapped(ev("cluster"), lambda v: _local_name(v, str(CLUSTER)) or None),
            "date": dates,
            "date_end": [d_end or d for d_end, d in zip(ev("date_end"), dates, strict=True)],
            "date_precision": mapped(ev("date_precision"),
                                     lambda v: _PRECISION_NAMES.get(v or "")),
            "cameo": mapped(types, lambda v: _local_name(v, str(CAMEO))),
            "action_name": [labels.get(t) or "" for t in types],  # type: ignore[arg-type]
            "action_text": [v or "" for v in ev("action_text")],
            "plover": mapped(ev("plover"), lambda v: _local_name(v, str(PLOVER)) if v else None),
            "quad_class": mapped(ev("quad_class"), int),
            "goldstein": mapped(ev("goldstein"), float),
            "modality": [_MODALITY_NAMES.get(v or "") for v in ev("modality")],
            "confidence": mapped(ev("confidence"), float),
            "sentence": [texts[s] for s in sts],
            "char_start": mapped([begins[s] for s in sts], int),
            "char_end": mapped([ends[s] for s in sts], int),
            "reported": mapped(reported, lambda v: _datetime_text(v) if "T" in v else v),
            "publisher": [col["publisher"].get(a) for a in ars],
            "title": [col["title"].get(a) for a in ars],
            "url": [col["url"].get(a) for a in ars],
        }
        roles = {"source": ev("src"), "target": ev("tgt")}
        details = self._actor_details({i for iris in roles.values() for i in iris if i})
        empty = (None,) * len(ACTOR_FIELDS)
        cells = {iri: _actor_row_cells(iri, d) for iri, d in details.items()}
        for role, iris in roles.items():
            per_row = [cells[i] if i is not None else empty for i in iris]
            for k, fld in enumerate(ACTOR_FIELDS):
                data[f"{role}_{fld}"] = [c[k] for c in per_row]
        return pd.DataFrame(data, columns=list(EVENT_COLUMNS))

    # -- export --------------------------------------------------------------------------------

    def _actor_details(self, iris: set[str]) -> dict[str, dict[str, str]]:
        """Label, type, country ... of the given actors: one small DISTINCT query per field.

        Fields are read separately because an actor is described in several graphs (the
        gazetteer and each article that names it): joining its OPTIONAL fields in one query
        over the union graph multiplies the duplicates (measured: minutes for 17 articles).
        """
        out: dict[str, dict[str, str]] = {iri: {} for iri in iris}
        if not iris:
            return out
        for fld, pattern in _ACTOR_PATTERNS.items():
            q = (f"{_PREFIX_DECL}SELECT DISTINCT ?a ?{fld}_ WHERE {{ ?a "
                 f"{pattern.format(v=fld + '_')} }}")
            pairs: Iterable[tuple[str, str | None]]
            if self._ox is not None:  # the engine's own terms: no rdflib conversion per row
                solutions = self._ox.query(q, use_default_graph_as_union=True)
                assert isinstance(solutions, ox.QuerySolutions)
                pairs = ((row[0].value, None if row[1] is None else row[1].value)
                         for row in solutions)
            else:
                rows: Any = self.query(q)
                pairs = ((str(a), None if v is None else str(v)) for a, v in rows)
            for key, value in pairs:
                if key in out and value is not None:
                    cur = out[key].get(fld)
                    # several labels (gazetteer + article): keep the smallest, as before
                    if cur is None or (fld == "label" and value < cur):
                        out[key][fld] = value
        return out

    def dump(self, path: str | Path, fmt: str) -> Path:
        """Write the store to ``path`` in ``fmt``; return the path.

        ``turtle``, ``ntriples``, ``xml`` and ``jsonld`` hold the union of all graphs;
        ``trig`` and ``nquads`` keep the named graphs. An unknown format raises
        :class:`~graph.errors.ExportError`.
        """
        if fmt not in DUMP_FORMATS:
            raise ExportError(
                f"unknown RDF format {fmt!r}; choose one of {', '.join(sorted(DUMP_FORMATS))}"
            )
        ox_format, keeps_graphs = DUMP_FORMATS[fmt]
        out = Path(path)
        prefixes = dict(PREFIXES)
        try:
            out.parent.mkdir(parents=True, exist_ok=True)
            if self._ox is not None and keeps_graphs:
                self._ox.dump(str(out), ox_format, prefixes=prefixes)
            elif self._ox is not None:
                constructed = self._ox.query(
                    "CONSTRUCT { ?s ?p ?o } WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }",
                    use_default_graph_as_union=True,
                )
                assert isinstance(constructed, ox.QueryTriples)
                ox.serialize(constructed, str(out), ox_format, prefixes=prefixes)
            elif keeps_graphs:
                quads = [
                    ox.Quad(*_ox_triple(s, p, o), _ox_graph_name(g))
                    for s, p, o, g in self.dataset.quads((None, None, None, None))
                ]
                ox.serialize(quads, str(out), ox_format, prefixes=prefixes)
            else:
                distinct = {(s, p, o) for s, p, o, _g in self.dataset.quads((None, None, None))}
                triples = [ox.Triple(*_ox_triple(s, p, o)) for s, p, o in distinct]
                ox.serialize(triples, str(out), ox_format, prefixes=prefixes)
        except OSError as exc:
            raise ExportError(f"cannot write {out}: {exc}; choose a writable path") from exc
        logger.info("dumped %s as %s", self._location, fmt)
        return out


def open_store(location: str | Path | None = None, *, read_only: bool = False) -> Store:
    """Open the store at ``location``: a remote SPARQL server for an http(s) URL, else embedded.

    ``http://`` and ``https://`` locations give a :class:`graph.remote.RemoteStore` (SPARQL 1.1
    Query/Update and the Graph Store Protocol; the server orders readers and writers itself, so
    ``read_only`` changes nothing there); anything else goes to :meth:`Store.open`, where
    ``read_only`` opens a snapshot without the writer's lock.
    """
    if isinstance(location, str) and location.startswith(("http://", "https://")):
        from graph.remote import RemoteStore

        return RemoteStore.open(location)
    return Store.open(location, read_only=read_only)


# ---------------------------------------------------------------------------------------------
# The events query
# ---------------------------------------------------------------------------------------------

_CLASS_LIST = ", ".join(f"<{iri}>" for iri in ACTOR_TYPE_CLASSES.values())
# table column -> variable bound in the WHERE clause (aggregated with SAMPLE)
@functools.lru_cache(maxsize=1 << 14)
def _datetime_text(value: str) -> str:
    """A date-time as rdflib writes it (Oxigraph gives ``Z`` where rdflib gives ``+00:00``),
    so both read paths give the same events table."""
    return str(Literal(value, datatype=XSD.dateTime))


#: the properties read by Store._event_bindings_ox, by the binding names of _events_query
_EVENT_COLUMNS_OX: dict[str, URIRef] = {
    "type": SEM.eventType, "src": NG.actor, "sent": PROV.wasDerivedFrom, "tgt": NG.target,
    "char_start": NIF.beginIndex, "char_end": NIF.endIndex, "sentence": NIF.anchorOf,
    "art": NIF.referenceContext, "doc_id": DCTERMS.identifier, "cluster": NG.inCluster,
    "date": SEM.hasTimeStamp, "date_end": SEM.hasLatestEndTimeStamp,
    "date_precision": NG.timePrecision, "action_text": NG.actionText, "plover": NG.ploverType,
    "quad_class": NG.quadClass, "goldstein": NG.goldstein, "modality": NG.modality,
    "confidence": NG.confidence, "reported": DCTERMS.issued, "publisher": DCTERMS.publisher,
    "title": DCTERMS.title, "url": SDO.url,
}

_ACTOR_PATTERNS = {
    "label": "skos:prefLabel ?{v} FILTER(LANG(?{v}) = '' || LANGMATCHES(LANG(?{v}), 'en'))",
    "type": "ng:actorType ?{v}",
    "class": "a ?{v} FILTER(?{v} IN (" + _CLASS_LIST + "))",
    "country": "ng:country ?{v}",
    "sector": "ng:sector ?{v}",
    "cameo": "ng:cameoCode ?{v}",
    "wikidata": f"skos:exactMatch ?{{v}} FILTER(STRSTARTS(STR(?{{v}}), '{WD}'))",
}


def _check_date(value: str, name: str) -> str:
    try:
        date.fromisoformat(value)
    except ValueError as exc:
        raise QueryError(f"{name}={value!r} is not an ISO date; write YYYY-MM-DD") from exc
    if len(value) != 10:
        raise QueryError(f"{name}={value!r} is not an ISO date; write YYYY-MM-DD")
    return value


def _events_query(
    *,
    actor: str | None,
    since: str | None,
    until: str | None,
    modality: str | None,
    plover: str | None,
) -> str:
    """Return the one SELECT behind :meth:`Store.events_frame`."""
    where: list[str] = [
        "  ?e a sem:Event ; sem:eventType ?type_ ; ng:actor ?src ; prov:wasDerivedFrom ?sent .",
        "  ?sent a nif:Sentence ; nif:beginIndex ?char_start_ ; nif:endIndex ?char_end_ ;",
        "        nif:anchorOf ?sentence_ ; nif:referenceContext ?art .",
        "  ?art dcterms:identifier ?doc_id_ .",
    ]
    if modality is not None:
        if modality not in MODALITY_IRIS:
            raise QueryError(f"modality={modality!r} is not one of {MODALITIES} (or None)")
        where.append(f"  ?e ng:modality {iri_text(MODALITY_IRIS[modality])} .")
    if plover is not None:
        where.append(f"  ?e ng:ploverType {iri_text(PLOVER[plover.strip().upper()])} .")
    if since is not None or until is not None:
        where.append("  ?e sem:hasTimeStamp ?date_ .")
        if since is not None:
            where.append(f"  FILTER(?date_ >= '{_check_date(since, 'since')}'^^xsd:date)")
        if until is not None:
            where.append(f"  FILTER(?date_ <= '{_check_date(until, 'until')}'^^xsd:date)")
    else:
        where.append("  OPTIONAL { ?e sem:hasTimeStamp ?date_ }")
    if actor is not None:
        wanted = actor.strip().lower()
        where.append(
            "  FILTER EXISTS { { ?e ng:actor ?fa } UNION { ?e ng:target ?fa }\n"
            "    OPTIONAL { ?fa skos:prefLabel|skos:altLabel ?fl }\n"
            f"    FILTER(LCASE(STR(?fa)) = {literal_text(_actor_iri_lower(wanted))}\n"
            f"      || LCASE(STR(?fl)) = {literal_text(wanted)}) }}"
        )
    where += [
        "  OPTIONAL { ?e ng:inCluster ?cluster_ }",
        "  OPTIONAL { ?e sem:hasLatestEndTimeStamp ?date_end_ }",
        "  OPTIONAL { ?e ng:timePrecision ?date_precision_ }",
        "  OPTIONAL { ?type_ skos:prefLabel ?action_name_ "
        "FILTER(LANG(?action_name_) = '' || LANGMATCHES(LANG(?action_name_), 'en')) }",
        "  OPTIONAL { ?e ng:actionText ?action_text_ }",
        "  OPTIONAL { ?e ng:ploverType ?plover_ }",
        "  OPTIONAL { ?e ng:quadClass ?quad_class_ }",
        "  OPTIONAL { ?e ng:goldstein ?goldstein_ }",
        "  OPTIONAL { ?e ng:modality ?modality_ }",
        "  OPTIONAL { ?e ng:confidence ?confidence_ }",
        "  OPTIONAL { ?art dcterms:issued ?reported_ }",
        "  OPTIONAL { ?art dcterms:publisher ?publisher_ }",
        "  OPTIONAL { ?art dcterms:title ?title_ }",
        "  OPTIONAL { ?art schema:url ?url_ }",
        # actor details come from Store._actor_details (one DISTINCT query per field)
        "  OPTIONAL { ?e ng:target ?tgt }",
    ]
    aggregated = [
        "doc_id", "cluster", "date", "date_end", "date_precision", "type", "action_name",
        "action_text", "plover", "quad_class", "goldstein", "modality", "confidence",
        "sentence", "char_start", "char_end", "reported", "publisher", "title", "url",
    ]
    select = " ".join(
        f"(MIN(STR(?{c}_)) AS ?{c})" if c.endswith("_label") else f"(SAMPLE(?{c}_) AS ?{c})"
        for c in aggregated
    )
    return (
        f"{_PREFIX_DECL}SELECT ?e (SAMPLE(?src) AS ?source_iri) (SAMPLE(?tgt) AS ?target_iri)"
        f" {select}\nWHERE {{\n" + "\n".join(where) + "\n}\nGROUP BY ?e"
    )


def _actor_iri_lower(actor_id: str) -> str:
    return str(actor_iri(Actor(id=actor_id, label=actor_id))).lower()


def _local_name(iri: str, ns: str) -> str:
    """Return the decoded local name of ``iri`` in namespace ``ns`` (``iri`` if outside it)."""
    return unquote(iri[len(ns) :]) if iri.startswith(ns) else iri


def _actor_row_cells(iri: str, d: dict[str, str]) -> tuple[str | None, ...]:
    """The :data:`~graph.table.ACTOR_FIELDS` cells of the actor ``iri`` from its details (the
    fields of :meth:`Store._actor_details`), as :func:`_event_row` fills them."""
    actor_id = _local_name(iri, str(ACTOR))
    wikidata = d.get("wikidata")
    cells = {
        "id": actor_id,
        "label": d.get("label") or actor_id,
        "type": d.get("type") or _CLASS_TYPES.get(d.get("class") or "", "unknown"),
        "country": d.get("country"),
        "sector": d.get("sector"),
        "cameo": d.get("cameo"),
        "wikidata": _local_name(wikidata, str(WD)) if wikidata else None,
    }
    return tuple(cells[f] for f in ACTOR_FIELDS)


def _event_row(b: dict[str, Any]) -> dict[str, object]:
    """Turn one row of the events query into a row of the events table (Python values)."""

    def s(name: str) -> str | None:
        v = b.get(name)
        return None if v is None else str(v)

    def i(name: str) -> int | None:
        v = s(name)
        return None if v is None else int(v)

    def f(name: str) -> float | None:
        v = s(name)
        return None if v is None else float(v)

    plover = s("plover")
    row: dict[str, object] = {
        "event_id": str(b["e"]).rsplit("/", 1)[-1],
        "doc_id": s("doc_id"),
        "cluster_id": _local_name(s("cluster") or "", str(CLUSTER))
        or None,
        "date": s("date"),
        "date_end": s("date_end") or s("date"),
        "date_precision": _PRECISION_NAMES.get(s("date_precision") or "")
        if s("date_precision")
        else None,
        "cameo": _local_name(s("type") or "", str(CAMEO)),
        "action_name": s("action_name") or "",
        "action_text": s("action_text") or "",
        "plover": _local_name(plover, str(PLOVER)) if plover else None,
        "quad_class": i("quad_class"),
        "goldstein": f("goldstein"),
        "modality": _MODALITY_NAMES.get(s("modality") or "", None),
        "confidence": f("confidence"),
        "sentence": s("sentence"),
        "char_start": i("char_start"),
        "char_end": i("char_end"),
        "reported": s("reported"),
        "publisher": s("publisher"),
        "title": s("title"),
        "url": s("url"),
    }
    for role in ("source", "target"):
        iri = s(f"{role}_iri")
        if iri is None:
            row.update({f"{role}_{fld}": None for fld in ACTOR_FIELDS})
            continue
        actor_id = _local_name(iri, str(ACTOR))
        type_ = s(f"{role}_type") or _CLASS_TYPES.get(s(f"{role}_class") or "", "unknown")
        wikidata = s(f"{role}_wikidata")
        row.update(
            {
                f"{role}_id": actor_id,
                f"{role}_label": s(f"{role}_label") or actor_id,
                f"{role}_type": type_,
                f"{role}_country": s(f"{role}_country"),
                f"{role}_sector": s(f"{role}_sector"),
                f"{role}_cameo": s(f"{role}_cameo"),
                f"{role}_wikidata": _local_name(wikidata, str(WD)) if wikidata else None,
            }
        )
    return row
