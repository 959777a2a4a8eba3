"""``newsgraph serve``: the store over HTTP as a read-only SPARQL 1.1 Protocol endpoint.

``GET /sparql?query=...``, ``POST /sparql`` with a form (``query=...``) or a direct body
(``Content-Type: application/sparql-query``). Results are negotiated from ``Accept``:
SELECT/ASK as SPARQL JSON (default), XML, CSV or TSV; CONSTRUCT/DESCRIBE as Turtle (default),
N-Triples, JSON-LD or RDF/XML. Updates are refused (the endpoint is read-only; use
``newsgraph ingest``). ``GET /`` is a small query page.
"""

from __future__ import annotations

import html
import logging
from pathlib import Path
from urllib.parse import parse_qs

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response
from starlette.routing import Route

from graph.errors import QueryError
from graph.store import Store, open_store
from graph.vocab import PREFIXES

__all__ = ["create_app", "run"]

log = logging.getLogger(__name__)

#: media types for SELECT/ASK results -> rdflib result serialiser names
RESULT_TYPES = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
#: media types for CONSTRUCT/DESCRIBE results -> rdflib graph serialiser names
GRAPH_TYPES = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/ld+json": "json-ld",
    "application/rdf+xml": "xml",
}
_MAX_QUERY = 100_000

_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>newsgraph SPARQL endpoint</title>
<style>body{{font-family:sans-serif;margin:2em;max-width:60em}}textarea{{width:100%}}</style>
</head><body>
<h1>newsgraph SPARQL endpoint</h1>
<p>Store: <code>{store}</code>. Send SPARQL 1.1 queries to <code>/sparql</code> (GET or POST).
The prefixes {prefixes} are predeclared.</p>
<form method="get" action="/sparql">
<textarea name="query" rows="12">{example}</textarea>
<p><label>Format <select name="format">
<option value="application/sparql-results+json">JSON</option>
<option value="text/csv">CSV</option><option value="text/tab-separated-values">TSV</option>
<option value="application/sparql-results+xml">XML</option></select></label>
<button type="submit">Run</button></p></form>
</body></html>
"""
_EXAMPLE = """SELECT ?source ?target (COUNT(?e) AS ?events) WHERE {
  ?e a sem:Event ; ng:actor ?source ; ng:target ?target .
} GROUP BY ?source ?target ORDER BY DESC(?events) LIMIT 20"""


def _negotiate(accept: str, table: dict[str, str], default: str) -> tuple[str, str] | None:
    """Pick (media type, serialiser) from an Accept header; None when nothing acceptable."""
    if not accept.strip():
        return default, table[default]
    ranked: list[tuple[float, int, str]] = []
    for n, part in enumerate(accept.split(",")):
        media, *params = (p.strip() for p in part.split(";"))
        q = 1.0
        for p in params:
            if p.startswith("q="):
                try:
                    q = float(p[2:])
                except ValueError:
                    q = 0.0
        ranked.append((-q, n, media.lower()))
    for negq, _, media in sorted(ranked):
        if negq == 0:
            continue
        if media in table:
            return media, table[media]
        if media in ("*/*", "application/*", "text/*"):
            return default, table[default]
    return None


def _with_prefixes(query: str) -> str:
    """Declare our usual prefixes (ng:, sem:, skos: ...) unless the query declares them."""
    lowered = query.lower()
    lines = [
        f"PREFIX {p}: <{ns}>" for p, ns in PREFIXES.items() if f"prefix {p}:" not in lowered
    ]
    return "\n".join([*lines, query])


def create_app(store: Store) -> Starlette:
    """A Starlette app answering SPARQL queries against ``store`` (read-only)."""

    async def sparql(request: Request) -> Response:
        query: str | None = None
        if request.method == "GET":
            query = request.query_params.get("query")
            if "update" in request.query_params:
                return _refuse_update()
        else:
            ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
            if ctype == "application/sparql-query":
                body = await request.body()
                if len(body) > _MAX_QUERY:
                    return PlainTextResponse("query too long", status_code=413)
                try:
                    query = body.decode("utf-8")
                except UnicodeDecodeError:
                    return PlainTextResponse("the query body must be UTF-8", status_code=400)
            elif ctype == "application/x-www-form-urlencoded":
                body = await request.body()
                if len(body) > 3 * _MAX_QUERY:
                    return PlainTextResponse("query too long", status_code=413)
                form = parse_qs(body.decode("utf-8", errors="replace"))
                if "update" in form:
                    return _refuse_update()
                query = form.get("query", [None])[0]
            elif ctype == "application/sparql-update":
                return _refuse_update()
            else:
                return PlainTextResponse(
                    "POST a form (application/x-www-form-urlencoded, query=...) or a query "
                    "body (application/sparql-query)",
                    status_code=415,
                )
        if not query:
            return PlainTextResponse(
                "missing the 'query' parameter (SPARQL 1.1 Protocol)", status_code=400
            )
        if len(query) > _MAX_QUERY:
            return PlainTextResponse("query too long", status_code=413)
        accept = request.query_params.get("format") or request.headers.get("accept", "")
        try:
            result = store.query(_with_prefixes(query))
        except QueryError as exc:
            return PlainTextResponse(f"malformed or failing query: {exc}", status_code=400)
        if result.type in ("CONSTRUCT", "DESCRIBE"):
            chosen = _negotiate(accept, GRAPH_TYPES, "text/turtle")
            if chosen is None:
                return _not_acceptable(GRAPH_TYPES)
            media, fmt = chosen
            assert result.graph is not None
            data = result.graph.serialize(format=fmt, encoding="utf-8")
        else:
            chosen = _negotiate(accept, RESULT_TYPES, "application/sparql-results+json")
            if chosen is None:
                return _not_acceptable(RESULT_TYPES)
            media, fmt = chosen
            data = _serialize_results(result, fmt)
        headers = {"Access-Control-Allow-Origin": "*", "Vary": "Accept"}
        return Response(data, media_type=media, headers=headers)

    async def index(request: Request) -> Response:
        prefixes = ", ".join(f"<code>{html.escape(p)}:</code>" for p in sorted(PREFIXES))
        page = _PAGE.format(store=html.escape(store.location), prefixes=prefixes,
                            example=html.escape(_EXAMPLE))
        return HTMLResponse(page)

    async def health(request: Request) -> Response:
        return PlainTextResponse(f"ok {store.count_events()} events")

    return Starlette(routes=[
        Route("/", index),
        Route("/health", health),
        Route("/sparql", sparql, methods=["GET", "POST"]),
    ])


def _serialize_results(result: object, fmt: str) -> bytes:
    """SELECT/ASK results in a SPARQL results format (TSV written here: rdflib has none)."""
    if fmt == "tsv":
        from graph.sparql import format_result

        return format_result(result, "tsv").encode("utf-8")  # type: ignore[arg-type]
    data = result.serialize(format=fmt, encoding="utf-8")  # type: ignore[attr-defined]
    return data if isinstance(data, bytes) else str(data).encode("utf-8")


def _refuse_update() -> Response:
    return PlainTextResponse(
        "this endpoint is read-only; add data with `newsgraph ingest`", status_code=403
    )


def _not_acceptable(table: dict[str, str]) -> Response:
    return PlainTextResponse(
        "none of the Accept types is available; use one of " + ", ".join(table),
        status_code=406,
    )


def run(store_path: str | Path, *, host: str = "127.0.0.1", port: int = 7878) -> None:
    """Serve the store at ``store_path`` until interrupted (uvicorn)."""
    import uvicorn

    store = open_store(store_path)  # a folder, "memory", or a remote SPARQL server URL
    try:
        log.info("serving %s on http://%s:%d/sparql", store_path, host, port)
        uvicorn.run(create_app(store), host=host, port=port, log_level="warning")
    finally:
        store.close()
