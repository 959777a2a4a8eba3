"""Query running and result writing for ``newsgraph serve``, straight on pyoxigraph.

The endpoint runs queries on the Oxigraph store itself (not through rdflib) so that it can pass
the request's dataset (``default-graph-uri`` / ``named-graph-uri``), read solutions lazily,
stop reading at a result cap or a deadline, and write the four SPARQL result formats itself
(pyoxigraph's writers would read the whole iterator, so a cap could not be applied).

pyoxigraph cannot cancel a running query: the deadline is checked between solutions, so a
query that streams rows (a big join) is cut, while one that computes everything before its
first row (a sort or an aggregate over a huge join) runs on in its worker thread until done.
"""

from __future__ import annotations

import csv
import io
import json
import re
import threading
import time
from dataclasses import dataclass, field
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from graph.errors import QueryError
from graph.sparql import _blank_comments

__all__ = [
    "GRAPH_FORMATS",
    "RESULT_FORMATS",
    "Outcome",
    "QueryTimeout",
    "execute",
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
