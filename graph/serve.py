"""``newsgraph serve``: the store over HTTP as a SPARQL 1.1 Protocol endpoint, hardened.

``GET /sparql?query=...``, ``POST /sparql`` with a form (``query=...``) or a direct body
(``Content-Type: application/sparql-query``); ``default-graph-uri`` and ``named-graph-uri``
set the dataset (without them the default graph is the union of all graphs). Results are
negotiated from ``Accept`` (q-values honoured) or a ``format`` parameter: SELECT/ASK as SPARQL
JSON (default), XML, CSV or TSV; CONSTRUCT/DESCRIBE as Turtle (default), N-Triples, JSON-LD or
RDF/XML. ``GET /sparql`` without a query gives the SPARQL 1.1 Service Description; ``GET /`` a
query page.

Hardening, on by default (see :class:`Limits`): read-only (updates answer 403 unless
``allow_update`` with a Bearer token), ``SERVICE`` refused, a per-query time limit (queries run
in worker processes, killed past it; see :mod:`graph.serve_results`), a cap on
result rows and on the request body, and no CORS header unless an origin is configured.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import logging
import time
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs

import pyoxigraph as ox
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response
from starlette.routing import Route

from graph.errors import QueryError, StoreError
from graph.serve_page import render_page
from graph.serve_results import (
    GRAPH_FORMATS,
    QueryPool,
    not_acceptable,
    uses_service,
)
from graph.serve_results import negotiate as _negotiate
from graph.store import Store, open_store
from graph.vocab import PREFIXES

__all__ = ["Limits", "create_app", "run"]

log = logging.getLogger(__name__)


#: short names accepted in a ``format``/``output`` parameter (SPARQLWrapper sends them)
_SHORT_FORMATS = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "turtle": "text/turtle",
    "n3": "text/turtle",
    "nt": "application/n-triples",
    "json-ld": "application/ld+json",
    "jsonld": "application/ld+json",
    "rdf+xml": "application/rdf+xml",
}
_SD = "http://www.w3.org/ns/sparql-service-description#"
_FORMAT_IRIS = {
    "application/sparql-results+json": "http://www.w3.org/ns/formats/SPARQL_Results_JSON",
    "application/sparql-results+xml": "http://www.w3.org/ns/formats/SPARQL_Results_XML",
    "text/csv": "http://www.w3.org/ns/formats/SPARQL_Results_CSV",
    "text/tab-separated-values": "http://www.w3.org/ns/formats/SPARQL_Results_TSV",
    "text/turtle": "http://www.w3.org/ns/formats/Turtle",
    "application/n-triples": "http://www.w3.org/ns/formats/N-Triples",
    "application/ld+json": "http://www.w3.org/ns/formats/JSON-LD",
    "application/rdf+xml": "http://www.w3.org/ns/formats/RDF_XML",
}


@dataclass(frozen=True)
class Limits:
    """The endpoint's safety settings (each one a ``newsgraph serve`` flag).

    ``timeout`` seconds per query; ``max_results`` rows or triples per answer (more are cut and
    the answer carries ``X-Newsgraph-Truncated: true``); ``max_body`` bytes per request body
    (413 past it); ``cors`` the origins allowed to read answers from a browser page (empty:
    no CORS header); ``update_token`` turns on SPARQL Update for requests that send it as
    ``Authorization: Bearer <token>`` (None: read-only); ``workers`` query processes (a query
    past its deadline is ended by killing its worker, see :class:`graph.serve_results.QueryPool`);
    ``recycle_mib`` how far a worker's RSS may grow before it is replaced after an answer.
    """

    timeout: float = 30.0
    max_results: int = 10_000
    max_body: int = 1_000_000
    cors: tuple[str, ...] = ()
    update_token: str | None = None
    workers: int = 4
    recycle_mib: int = 64


def _text(message: str, status: int, **headers: str) -> Response:
    return PlainTextResponse(message + "\n", status_code=status, headers=headers or None)


def _service_description(base: str, limits: Limits) -> str:
    """The SPARQL 1.1 Service Description of this endpoint, as Turtle."""
    formats = " ,\n    ".join(f"<{iri}>" for iri in dict.fromkeys(_FORMAT_IRIS.values()))
    language = "sd:SPARQL11Query" + (" , sd:SPARQL11Update" if limits.update_token else "")
    return (
        f"@prefix sd: <{_SD}> .\n"
        f"[] a sd:Service ;\n  sd:endpoint <{base}> ;\n  sd:supportedLanguage {language} ;\n"
        "  sd:feature sd:UnionDefaultGraph ;\n"
        f"  sd:resultFormat {formats} ;\n"
        "  sd:defaultDataset [ a sd:Dataset ; sd:defaultGraph [ a sd:Graph ] ] .\n"
    )


def create_app(store: Store, limits: Limits | None = None) -> Starlette:
    """A Starlette app answering the SPARQL 1.1 Protocol on ``store`` (an Oxigraph folder)."""
    limits = limits or Limits()
    if store.oxigraph is None:
        raise StoreError(
            f"the endpoint needs an Oxigraph store on disk, not {store.location!r}; pass "
            "--store FOLDER (ingest into it first with `newsgraph ingest`)"
        )
    prefixes = dict(PREFIXES)
    workers = QueryPool(store.location, prefixes, size=limits.workers,
                        recycle_mib=limits.recycle_mib)
    # threads only wait on the worker processes (and run updates on the store itself)
    threads = ThreadPoolExecutor(max_workers=limits.workers + 1, thread_name_prefix="sparql")

    async def read_body(request: Request) -> bytes | Response:
        declared = request.headers.get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > limits.max_body:
            return _text(f"the request body is {declared} bytes; this endpoint takes at most "
                         f"{limits.max_body} (--max-body)", 413)
        chunks: list[bytes] = []
        size = 0
        async for chunk in request.stream():
            size += len(chunk)
            if size > limits.max_body:
                return _text(f"the request body is over {limits.max_body} bytes (--max-body)",
                             413)
            chunks.append(chunk)
        return b"".join(chunks)

    async def sparql(request: Request) -> Response:
        params: dict[str, list[str]] = {}
        for key, value in request.query_params.multi_items():
            params.setdefault(key, []).append(value)
        body_query: str | None = None
        if request.method == "POST":
            ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
            if ctype not in ("application/sparql-query", "application/x-www-form-urlencoded",
                             "application/sparql-update"):
                return _text(
                    f"cannot read a {ctype or 'body without Content-Type'}: POST a form "
                    "(application/x-www-form-urlencoded, query=...) or a query body "
                    "(application/sparql-query)", 415)
            body = await read_body(request)
            if isinstance(body, Response):
                return body
            try:
                text = body.decode("utf-8")
            except UnicodeDecodeError:
                return _text("the request body must be UTF-8", 400)
            if ctype == "application/x-www-form-urlencoded":
                for key, values in parse_qs(text, keep_blank_values=True).items():
                    params.setdefault(key, []).extend(values)
            elif ctype == "application/sparql-update":
                return await update(request, text)
            else:
                body_query = text
        elif len(str(request.url)) > limits.max_body:
            return _text(f"the request is over {limits.max_body} bytes (--max-body)", 413)
        if "update" in params:
            if request.method == "GET":
                return _text("SPARQL Update must be POSTed, never sent with GET", 405,
                             Allow="POST")
            if len(params["update"]) > 1:
                return _text("send exactly one 'update' (this request has several)", 400)
            return await update(request, params["update"][0])
        queries = params.get("query", [])
        if body_query is not None:
            queries = [body_query, *queries]
        if not queries:
            return description(request)
        if len(queries) > 1:
            return _text("send exactly one 'query' (this request has several)", 400)
        query = queries[0]
        if not query.strip():
            return _text("the 'query' parameter is empty", 400)
        if uses_service(query):
            return _text("SERVICE (federated query) is refused by this endpoint: it would "
                         "make the server fetch other URLs; query the other endpoint yourself",
                         403)
        fmt = (params.get("format") or params.get("output") or [""])[0].strip().lower()
        accept = _SHORT_FORMATS.get(fmt, fmt) or request.headers.get("accept", "")
        request_ = {
            "query": query, "default_graphs": params.get("default-graph-uri", []),
            "named_graphs": params.get("named-graph-uri", []),
            "max_results": limits.max_results, "accept": accept,
        }
        deadline = time.monotonic() + limits.timeout
        loop = asyncio.get_running_loop()
        reply = await loop.run_in_executor(threads, workers.run, request_, deadline)
        if reply[0] == "timeout":
            return _text(f"the query ran past the time limit of {limits.timeout:g} s "
                         "(--timeout); narrow it or add a LIMIT", 503)
        if reply[0] == "error":
            status, message = reply[1], reply[2]
            assert isinstance(status, int) and isinstance(message, str)
            return _text(message, status)
        headers, data = reply[1], reply[2]
        assert isinstance(headers, dict) and isinstance(data, bytes)
        return Response(data, headers=headers)

    async def update(request: Request, text: str) -> Response:
        if limits.update_token is None:
            return _text("this endpoint is read-only; add data with `newsgraph ingest`, or "
                         "start it with --allow-update and an --update-token", 403)
        auth = request.headers.get("authorization", "")
        given = auth[7:].strip() if auth.lower().startswith("bearer ") else ""
        if not hmac.compare_digest(given.encode(), limits.update_token.encode()):
            return _text("updates need the header 'Authorization: Bearer <update token>'",
                         401, **{"WWW-Authenticate": "Bearer"})
        if uses_service(text):
            return _text("SERVICE is refused by this endpoint", 403)
        loop = asyncio.get_running_loop()
        try:
            await loop.run_in_executor(threads, store.update, text)
        except QueryError as exc:
            return _text(str(exc), 400)
        finally:
            workers.bump()  # the next queries read the store as it now is
        return Response(status_code=204)

    def description(request: Request) -> Response:
        base = str(request.url.replace(query=""))
        turtle = _service_description(base, limits)
        media = _negotiate(request.headers.get("accept", ""), dict(GRAPH_FORMATS), "text/turtle")
        if media is None:
            return _not_acceptable(list(GRAPH_FORMATS))
        triples = [q.triple for q in ox.parse(turtle, format=ox.RdfFormat.TURTLE)]
        data = ox.serialize(triples, format=GRAPH_FORMATS[media],
                            prefixes={"sd": _SD, "formats": "http://www.w3.org/ns/formats/"})
        return Response(data, media_type=media, headers={"Vary": "Accept"})

    async def index(request: Request) -> Response:
        return HTMLResponse(render_page(store.location, sorted(PREFIXES)))

    async def health(request: Request) -> Response:
        store.refresh()
        return PlainTextResponse(f"ok {store.count_events()} events")

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        await asyncio.to_thread(workers.start)
        try:
            yield
        finally:
            workers.close()
            threads.shutdown(wait=False, cancel_futures=True)

    middleware = []
    if limits.cors:
        middleware.append(Middleware(
            CORSMiddleware, allow_origins=list(limits.cors), allow_methods=["GET", "POST"],
            allow_headers=["Content-Type", "Accept", "Authorization"]))
    app = Starlette(routes=[
        Route("/", index),
        Route("/health", health),
        Route("/sparql", sparql, methods=["GET", "POST"]),
    ], middleware=middleware, lifespan=lifespan)
    app.state.query_pool = workers
    return app


def _not_acceptable(types: list[str]) -> Response:
    return _text(not_acceptable(types), 406)


def run(
    store_path: str | Path,
    *,
    host: str = "127.0.0.1",
    port: int = 7878,
    limits: Limits | None = None,
) -> None:
    """Serve the store at ``store_path`` until interrupted (uvicorn).

    Without an update token the store is opened read-only (no writer's lock) and its snapshot
    follows the folder (see :meth:`graph.store.Store.refresh`); with one, the endpoint is the
    writer and holds the lock.
    """
    import uvicorn

    # a folder, "memory", or a remote SPARQL server URL; without updates the endpoint reads a
    # snapshot and takes no lock, so `newsgraph ingest` can write while it serves
    read_only = (limits is None or limits.update_token is None) and str(store_path) != "memory"
    store = open_store(store_path, read_only=read_only)
    try:
        app = create_app(store, limits)
        log.info("serving %s on http://%s:%d/sparql", store_path, host, port)
        uvicorn.run(app, host=host, port=port, log_level="warning")
    finally:
        store.close()
