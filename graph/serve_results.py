"""Query running and result writing for ``newsgraph serve``, straight on pyoxigraph.

The endpoint runs queries on the Oxigraph store itself (not through rdflib) so that it can pass
the request's dataset (``default-graph-uri`` / ``named-graph-uri``), read solutions lazily,
stop reading at a result cap or a deadline, and write the four SPARQL result formats itself
(pyoxigraph's writers would read the whole iterator, so a cap could not be applied).

pyoxigraph cannot cancel a running query: a query that computes everything before its first row
(a sort or an aggregate over a huge join) would run on, holding a core, long after its 503. So
queries run in worker processes (:class:`QueryPool`), each with its own read-only snapshot of
the store folder: a worker that passes the deadline is killed and replaced, which ends its work
and frees its memory at once. Within a worker, :func:`execute` checks the deadline between
solutions, so a streaming query is cut without a kill; but it may have read millions of rows
first, and a process seldom hands freed heap back to the system, so that worker (or one whose
memory grew past a bound) exits after its answer and is replaced.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import logging
import multiprocessing
import os
import queue
import re
import threading
import time
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from graph.errors import QueryError, StoreError
from graph.snapshot import change_marker, open_snapshot

__all__ = [
    "GRAPH_FORMATS",
    "RESULT_FORMATS",
    "Outcome",
    "QueryPool",
    "QueryTimeout",
    "answer",
    "execute",
    "negotiate",
    "uses_service",
    "write_graph",
    "write_solutions",
]

#: media type -> pyoxigraph writer of CONSTRUCT/DESCRIBE results
GRAPH_FORMATS: dict[str, ox.RdfFormat] = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}
#: media type -> our writer name for SELECT/ASK results
RESULT_FORMATS: dict[str, str] = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}

_STRING = re.compile(r"'''.*?'''|\"\"\".*?\"\"\"|'(?:[^'\\\n]|\\.)*'|\"(?:[^\"\\\n]|\\.)*\"", re.S)
_IRI = re.compile(r"<[^<>\"{}|^`\\\s]*>")
_SERVICE = re.compile(r"(?<![?$\w:])SERVICE\b(?!:)", re.I)
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_RDF_LANG = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


log = logging.getLogger(__name__)


class QueryTimeout(QueryError):
    """A query ran past the endpoint's per-query time limit."""


@dataclass
class Outcome:
    """What a query gave: its kind and either rows, a boolean or triples (up to the cap)."""

    kind: str  # SELECT, ASK or CONSTRUCT (DESCRIBE is reported as CONSTRUCT)
    variables: list[str] = field(default_factory=list)
    rows: list[list[ox.NamedNode | ox.BlankNode | ox.Literal | None]] = field(
        default_factory=list
    )
    boolean: bool = False
    triples: list[ox.Triple] = field(default_factory=list)
    truncated: bool = False


def uses_service(query: str) -> bool:
    """True when ``query`` has a ``SERVICE`` clause (outside comments, strings and IRIs).

    >>> uses_service("SELECT * { SERVICE <http://x/sparql> { ?s ?p ?o } }")
    True
    >>> uses_service("SELECT ?service { ?service a 'SERVICE' } # SERVICE")
    False
    """
    # imported here: the query workers load this module and must not pay for rdflib
    from graph.sparql import _blank_comments

    code = _blank_comments(query)
    code = _STRING.sub(lambda m: " " * len(m.group(0)), code)
    code = _IRI.sub(lambda m: " " * len(m.group(0)), code)
    return _SERVICE.search(code) is not None


def execute(
    store: ox.Store,
    query: str,
    *,
    prefixes: dict[str, str],
    default_graphs: list[str],
    named_graphs: list[str],
    max_results: int,
    deadline: float,
    cancel: threading.Event,
) -> Outcome:
    """Run ``query`` on ``store`` and read at most ``max_results`` solutions or triples.

    Without ``default_graphs`` the default graph is the union of all graphs (as for the CLI);
    with them, the given graphs (the SPARQL 1.1 Protocol's ``default-graph-uri``), and
    ``named_graphs`` restricts ``GRAPH`` to those named. Reading stops with
    :class:`QueryTimeout` once ``time.monotonic()`` passes ``deadline`` or ``cancel`` is set;
    a malformed query raises :class:`~graph.errors.QueryError` with the parser's message.
    """
    kwargs: dict[str, object] = {"prefixes": prefixes}
    if default_graphs or named_graphs:
        kwargs["default_graph"] = [ox.NamedNode(g) for g in default_graphs]
        if named_graphs:
            kwargs["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
    else:
        kwargs["use_default_graph_as_union"] = True
    result: object = None
    try:
        result = store.query(query, **kwargs)  # type: ignore[arg-type]
        if isinstance(result, ox.QueryBoolean):
            return Outcome("ASK", boolean=bool(result))
        assert isinstance(result, ox.QuerySolutions | ox.QueryTriples)
        out = Outcome("SELECT" if isinstance(result, ox.QuerySolutions) else "CONSTRUCT")
        if isinstance(result, ox.QuerySolutions):
            out.variables = [v.value for v in result.variables]
        timed_out = False
        for n, item in enumerate(result):
            if cancel.is_set() or (n % 64 == 0 and time.monotonic() > deadline):
                timed_out = True
                break
            if n >= max_results:
                out.truncated = True
                break
            if isinstance(item, ox.QuerySolution):
                out.rows.append([item[v] for v in out.variables])
            else:
                out.triples.append(item)
        if timed_out or time.monotonic() > deadline:
            raise QueryTimeout("the query ran past the endpoint's time limit")
        return out
    except QueryError:
        raise
    except SyntaxError as exc:
        raise QueryError(f"malformed query: {exc}") from exc
    except (OSError, ValueError, TypeError, RuntimeError) as exc:
        raise QueryError(f"the query failed: {exc}") from exc
    finally:
        # pyoxigraph's result iterators must be dropped on the thread that made them; the
        # exception's traceback would otherwise carry this one to the event loop's thread
        result = None


# ---------------------------------------------------------------------------------------------
# Writers
# ---------------------------------------------------------------------------------------------


def _json_term(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> dict[str, str]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype.value != _XSD_STRING:
        out["datatype"] = term.datatype.value
    return out


def _xml_term(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if term.language:
        return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
    if term.datatype.value not in (_XSD_STRING, _RDF_LANG):
        return f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
    return f"<literal>{escape(term.value)}</literal>"


def _csv_term(term: ox.NamedNode | ox.BlankNode | ox.Literal | None) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return term.value


def _tsv_term(term: ox.NamedNode | ox.BlankNode | ox.Literal | None) -> str:
    return "" if term is None else str(term)  # N-Triples form: <iri>, _:b, "text"@en


def write_solutions(outcome: Outcome, fmt: str) -> bytes:
    """SELECT or ASK results in ``fmt`` (``json``, ``xml``, ``csv``, ``tsv``), UTF-8."""
    if outcome.kind == "ASK":
        answer = "true" if outcome.boolean else "false"
        if fmt == "json":
            return json.dumps({"head": {}, "boolean": outcome.boolean}).encode()
        if fmt == "xml":
            return (
                '<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
                f"<head/><boolean>{answer}</boolean></sparql>\n"
            ).encode()
        head = "_askResult" if fmt == "csv" else "?_askResult"
        return f"{head}\n{answer}\n".encode()
    names = outcome.variables
    if fmt == "json":
        bindings = [
            {n: _json_term(v) for n, v in zip(names, row, strict=True) if v is not None}
            for row in outcome.rows
        ]
        doc = {"head": {"vars": names}, "results": {"bindings": bindings}}
        return json.dumps(doc, ensure_ascii=False).encode("utf-8")
    if fmt == "xml":
        parts = ['<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">',
                 "<head>", *(f"<variable name={quoteattr(n)}/>" for n in names),
                 "</head><results>"]
        for row in outcome.rows:
            parts.append("<result>")
            parts += [f"<binding name={quoteattr(n)}>{_xml_term(v)}</binding>"
                      for n, v in zip(names, row, strict=True) if v is not None]
            parts.append("</result>")
        parts.append("</results></sparql>\n")
        return "".join(parts).encode("utf-8")
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\r\n")
        writer.writerow(names)
        writer.writerows([[_csv_term(v) for v in row] for row in outcome.rows])
        return buf.getvalue().encode("utf-8")
    lines = ["\t".join(f"?{n}" for n in names)]
    lines += ["\t".join(_tsv_term(v) for v in row) for row in outcome.rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


def write_graph(outcome: Outcome, fmt: ox.RdfFormat, prefixes: dict[str, str]) -> bytes:
    """CONSTRUCT/DESCRIBE triples in an RDF format (Turtle written with our prefixes)."""
    data = ox.serialize(outcome.triples, format=fmt, prefixes=prefixes)
    assert data is not None
    return data


# ---------------------------------------------------------------------------------------------
# Negotiation and the whole answer
# ---------------------------------------------------------------------------------------------


def negotiate(accept: str, table: dict[str, object], default: str) -> str | None:
    """Pick the media type of ``table`` that ``accept`` ranks highest; None when none fits.

    q-values order the choices (ties: the order written); ``q=0`` excludes; ``*/*`` and
    ``type/*`` match the default (or the first of that type).
    """
    if not accept.strip():
        return default
    ranked: list[tuple[float, int, str]] = []
    for n, part in enumerate(accept.split(",")):
        media, *params = (p.strip() for p in part.split(";"))
        q = 1.0
        for p in params:
            if p.replace(" ", "").startswith("q="):
                try:
                    q = float(p.split("=", 1)[1])
                except ValueError:
                    q = 0.0
        ranked.append((-q, n, media.lower()))
    for negq, _, media in sorted(ranked):
        if negq >= 0:
            continue
        if media in table:
            return media
        if media == "*/*":
            return default
        if media.endswith("/*"):
            major = media[:-1]
            match = default if default.startswith(major) else next(
                (m for m in table if m.startswith(major)), None)
            if match is not None:
                return match
    return None


def not_acceptable(types: list[str]) -> str:
    """The 406 message: none of the client's types is one we write."""
    return "none of the Accept types is available; use one of " + ", ".join(types)


#: what a worker sends back: ("ok", headers, body) | ("timeout",) | ("error", status, message)
Answer = tuple[object, ...]


def answer(outcome: Outcome, accept: str, prefixes: dict[str, str], max_results: int) -> Answer:
    """The HTTP answer to ``outcome``: its media type picked from ``accept``, its bytes written."""
    headers = {"Vary": "Accept"}
    if outcome.truncated:
        headers["X-Newsgraph-Truncated"] = "true"
        headers["X-Newsgraph-Max-Results"] = str(max_results)
    if outcome.kind == "CONSTRUCT":
        media = negotiate(accept, dict(GRAPH_FORMATS), "text/turtle")
        if media is None:
            return ("error", 406, not_acceptable(list(GRAPH_FORMATS)))
        data = write_graph(outcome, GRAPH_FORMATS[media], prefixes)
    else:
        media = negotiate(accept, dict(RESULT_FORMATS), "application/sparql-results+json")
        if media is None:
            return ("error", 406, not_acceptable(list(RESULT_FORMATS)))
        data = write_solutions(outcome, RESULT_FORMATS[media])
    headers["Content-Type"] = media + ("" if media.endswith("json") else "; charset=utf-8")
    return ("ok", headers, data)


# ---------------------------------------------------------------------------------------------
# Worker processes
# ---------------------------------------------------------------------------------------------


def _rss_bytes() -> int | None:
    """This process's resident memory (Linux ``/proc``); None where that cannot be read."""
    try:
        with open("/proc/self/statm", encoding="ascii") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None


def _worker_main(conn: Connection, folder: str, prefixes: dict[str, str],
                 recycle_bytes: int, generation: int) -> None:
    """A query worker: answer requests from ``conn`` on a snapshot of ``folder`` until EOF.

    The worker opens its snapshot and sends ``("ready",)`` before it takes requests. Before
    each query it looks at the folder (:func:`graph.snapshot.change_marker`) and reopens its
    snapshot when the folder changed or the request names another generation than its own (see
    :meth:`QueryPool.bump`): so every answer shows the store as of the last write before the
    request, whichever worker gives it, and counts never go down from one answer to the next.

    Each reply goes with a flag: True after a query cut at the deadline, or when the worker's
    RSS grew by more than ``recycle_bytes`` since it was ready; the worker then exits so that
    the parent starts a fresh one (it said so first, so no request is ever sent to a worker on
    its way out).
    """
    try:
        state = change_marker(Path(folder))
        snapshot: ox.Store | None = open_snapshot(Path(folder))
        bool(snapshot.query("ASK {}"))  # type: ignore[union-attr]  # warm the engine up
    except (OSError, StoreError) as exc:
        conn.send(("error", str(exc)))
        return
    conn.send(("ready",))
    base = _rss_bytes()
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):
            return
        if request is None:
            return
        reply: Answer
        cut = False
        try:
            for attempt in (0, 1):
                now = change_marker(Path(folder))
                if (snapshot is None or request["generation"] != generation or attempt
                        or now != state):
                    snapshot = None
                    snapshot = open_snapshot(Path(folder))
                    generation, state = request["generation"], now
                try:
                    outcome = execute(
                        snapshot, request["query"], prefixes=prefixes,
                        default_graphs=request["default_graphs"],
                        named_graphs=request["named_graphs"],
                        max_results=request["max_results"], deadline=request["deadline"],
                        cancel=threading.Event())
                    break
                except QueryError as exc:
                    # a file of the snapshot went away under us (a writer compacted): once
                    # more on a fresh snapshot
                    if attempt or not isinstance(exc.__cause__, OSError):
                        raise
            reply = answer(outcome, request["accept"], prefixes, request["max_results"])
            outcome = None  # type: ignore[assignment]
        except QueryTimeout:
            reply, cut = ("timeout",), True
        except QueryError as exc:
            reply = ("error", 400, str(exc))
        except (OSError, StoreError) as exc:
            reply = ("error", 500, f"cannot read the store at {folder}: {exc}")
        rss = _rss_bytes()
        # a query cut at the deadline may have read millions of rows first: the heap they
        # took stays with the process, so a fresh process is the way to hand it back
        retire = cut or (rss is not None and base is not None and rss > base + recycle_bytes)
        conn.send((reply, retire))
        del reply
        if retire:
            return


@dataclass
class _Worker:
    """One worker process and the parent's end of its pipe (None until first needed)."""

    process: BaseProcess | None = None
    conn: Connection | None = None


class QueryPool:
    """``size`` worker processes that run queries on snapshots of the store in ``folder``.

    :meth:`run` (blocking; call it from a thread) hands a query to an idle worker and waits
    until the deadline. A worker still busy then is killed (its work and memory end with it)
    and replaced, so a query that cannot be cut between rows never outlives its 503. Workers
    start on first use and again after a kill or a recycle (after a query cut at the deadline,
    or ``recycle_mib`` of RSS growth; see :func:`_worker_main`). :meth:`bump` makes every
    worker reopen its snapshot before its next query (call it when the store was written to);
    :meth:`close` stops them all.
    """

    def __init__(self, folder: str, prefixes: dict[str, str], *, size: int = 4,
                 recycle_mib: int = 64) -> None:
        """Prepare ``size`` workers on ``folder`` (none is started yet)."""
        self._folder = folder
        self._prefixes = dict(prefixes)
        self._recycle = recycle_mib * 2**20
        self._context = multiprocessing.get_context("spawn")  # never fork a threaded server
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all = [_Worker() for _ in range(size)]
        for w in self._all:
            self._idle.put(w)
        self._generation = 0
        self._closed = False
        self._stopping = threading.Lock()
        self.kills = 0
        self.recycled = 0
        self.restarts = 0

    @property
    def generation(self) -> int:
        """How many times the snapshot was declared stale (see :meth:`bump`)."""
        return self._generation

    def bump(self) -> None:
        """Make each worker reopen its snapshot before its next query (the store changed)."""
        self._generation += 1

    def pids(self) -> list[int]:
        """Process ids of the running workers (for benchmarks and tests)."""
        return [w.process.pid for w in self._all
                if w.process is not None and w.process.pid is not None and w.process.is_alive()]

    def _start(self, w: _Worker) -> None:
        """Start ``w``'s process (it loads in the background; see :meth:`_ready`)."""
        parent, child = self._context.Pipe()
        w.process = self._context.Process(
            target=_worker_main,
            args=(child, self._folder, self._prefixes, self._recycle, self._generation),
            name="newsgraph-sparql", daemon=True)
        w.process.start()
        child.close()
        w.conn = parent
        self.restarts += 1

    def _ready(self, w: _Worker, wait: float = 60.0) -> bool:
        """Wait until ``w`` has opened its snapshot; False (and ``w`` stopped) if it failed."""
        conn = w.conn
        if conn is None:  # stopped meanwhile (the pool is closing)
            return False
        try:
            if conn.poll(wait):
                message = conn.recv()
                if message == ("ready",):
                    return True
                log.error("a query worker could not open %s: %s", self._folder, message[1:])
            else:
                log.error("a query worker did not start within %g s", wait)
        except (EOFError, OSError):
            if not self._closed:
                log.error("a query worker exited while starting")
        self._stop(w, kill=True)
        return False

    def _replace(self, w: _Worker) -> None:
        """Start a new process for ``w`` and hand the slot back once it is ready."""
        try:
            if not self._closed:
                self._start(w)
                self._ready(w)
        finally:
            self._idle.put(w)

    def _stop(self, w: _Worker, *, kill: bool) -> None:
        """End ``w``'s process (SIGKILL with ``kill``, else wait for its exit) and reap it."""
        with self._stopping:  # close() and a replacing thread may stop the same worker
            process, conn = w.process, w.conn
            w.process = w.conn = None
        if conn is not None:
            conn.close()
        if process is not None:
            if kill:
                process.kill()
            process.join(timeout=5)
            if process.is_alive():  # a retiring worker that did not exit: end it
                process.kill()
                process.join(timeout=5)
            with contextlib.suppress(ValueError):
                process.close()

    def run(self, request: dict[str, object], deadline: float) -> Answer:
        """Answer ``request`` (see :func:`_worker_main`) in a worker, or ``("timeout",)``.

        ``deadline`` is a ``time.monotonic()`` instant (the clock is system-wide, so the
        worker reads it too): waiting for an idle worker counts against it.
        """
        try:
            w = self._idle.get(timeout=max(0.0, deadline - time.monotonic()))
        except queue.Empty:
            return ("timeout",)
        try:
            if self._closed:
                return ("error", 503, "the endpoint is shutting down")
            if w.process is not None and not w.process.is_alive():
                self._stop(w, kill=False)  # it died between queries: reap it
            if w.process is None:
                self._start(w)
                if not self._ready(w):
                    return ("error", 500, f"cannot start a query worker on {self._folder} "
                                          "(see the server log)")
            assert w.conn is not None
            w.conn.send({**request, "generation": self._generation, "deadline": deadline})
            # a little past the deadline: the worker itself cuts a streaming query then
            if not w.conn.poll(max(0.0, deadline - time.monotonic()) + 0.5):
                log.info("killing a query worker past the deadline (pid %s)", w.process.pid)  # type: ignore[union-attr]
                self._stop(w, kill=True)
                self.kills += 1
                return ("timeout",)
            try:
                reply, retire = w.conn.recv()
            except (EOFError, OSError):
                self._stop(w, kill=True)
                return ("error", 500, "the query worker died (out of memory?); narrow the "
                                      "query or add a LIMIT")
            if retire:
                self._stop(w, kill=False)
                self.recycled += 1
            return reply  # type: ignore[no-any-return]
        finally:
            if not self._closed and w.process is None:
                # replace a killed or retired worker off this request's path; its slot comes
                # back once the new process is ready
                threading.Thread(target=self._replace, args=(w,), daemon=True).start()
            else:
                self._idle.put(w)

    def start(self) -> None:
        """Start every worker and wait until they are ready (about a second)."""
        idle: list[_Worker] = []
        while True:
            try:
                idle.append(self._idle.get_nowait())
            except queue.Empty:
                break
        try:
            for w in idle:
                if w.process is None and not self._closed:
                    self._start(w)
            for w in idle:
                if w.process is not None:
                    self._ready(w)
        finally:
            for w in idle:
                self._idle.put(w)

    def close(self) -> None:
        """Stop every worker (idle ones by EOF, busy ones killed)."""
        self._closed = True
        for w in self._all:
            if w.process is not None:
                self._stop(w, kill=True)
