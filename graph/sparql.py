r"""Saved SPARQL queries, safe parameter binding, and result formatting.

Saved queries are the ``ontology/queries/<name>.rq`` files. Each starts with a ``# description``
line; one that takes parameters documents them in ``# param ?name: ...`` lines and uses the
variables unbound, so that :func:`bind` can give them values with a ``VALUES`` block injected
at the top of the ``WHERE`` clause (values are escaped, IRIs validated: never string-pasted).

>>> q = bind("SELECT ?e WHERE { ?e ng:actor ?a }", a="<https://w3id.org/newsgraph/actor/NATO>")
>>> print(q)
SELECT ?e WHERE { VALUES ?a { <https://w3id.org/newsgraph/actor/NATO> }
 ?e ng:actor ?a }
>>> literal_text('say "hi"')
'"say \\"hi\\""'
"""

from __future__ import annotations

import csv
import io
import json
import logging
import re
from typing import TYPE_CHECKING

from rdflib import BNode, Literal, URIRef
from rdflib.query import Result
from rdflib.term import Node

from graph import resources
from graph.errors import QueryError
from graph.vocab import PREFIXES

if TYPE_CHECKING:
    from graph.store import Store

__all__ = [
    "FORMATS",
    "bind",
    "format_result",
    "iri_text",
    "literal_text",
    "load_query",
    "query_description",
    "query_params",
    "run",
    "saved_queries",
    "shorten",
]

logger = logging.getLogger(__name__)

#: Output formats of :func:`format_result`.
FORMATS = ("table", "csv", "tsv", "json", "turtle")

_VAR_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_PARAM_LINE = re.compile(r"^#\s*param\s+\?([A-Za-z_][A-Za-z0-9_]*)\s*:?\s*(.*)$", re.M)
# characters that may not appear in an IRI written as <...> (SPARQL IRIREF)
_BAD_IRI_CHARS = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_ECHAR = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}


# ---------------------------------------------------------------------------------------------
# Writing terms into SPARQL text
# ---------------------------------------------------------------------------------------------


def literal_text(value: str) -> str:
    """Return ``value`` as a SPARQL string literal, escaped so it cannot end the literal.

    A backslash followed by ``u``/``U`` would read as the start of a code-point escape in
    engines that expand those before parsing (rdflib does); the letter is then written as a
    code-point escape itself, which every engine reads back as the letter.
    """
    out: list[str] = []
    after_backslash = False
    for ch in value:
        if after_backslash and ch in "uU":
            out.append("\\U00000075" if ch == "u" else "\\U00000055")
        else:
            out.append(_ECHAR.get(ch, ch))
        after_backslash = ch == "\\"
    return '"' + "".join(out) + '"'


def iri_text(iri: str) -> str:
    """Return ``<iri>`` after checking that ``iri`` is absolute and has no forbidden characters.

    >>> iri_text("https://w3id.org/newsgraph/actor/NATO")
    '<https://w3id.org/newsgraph/actor/NATO>'
    """
    if _BAD_IRI_CHARS.search(iri) or not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", iri):
        raise QueryError(
            f"{iri!r} is not a usable IRI: it must be absolute (scheme:...) and contain no "
            "spaces, control characters or any of <>\"{{}}|^`\\"
        )
    return f"<{iri}>"


def _term_text(value: str | Node) -> str:
    """Return a parameter value as SPARQL: IRIs (``<...>`` or URIRef) checked, rest literals."""
    if isinstance(value, URIRef):
        return iri_text(str(value))
    if isinstance(value, Literal):
        if value.language:
            return f"{literal_text(str(value))}@{value.language}"
        if value.datatype is not None:
            return f"{literal_text(str(value))}^^{iri_text(str(value.datatype))}"
        return literal_text(str(value))
    if isinstance(value, str):
        if value.startswith("<") and value.endswith(">") and len(value) > 2:
            return iri_text(value[1:-1])
        return literal_text(value)
    raise QueryError(f"cannot bind a {type(value).__name__}; pass a string, URIRef or Literal")


# ---------------------------------------------------------------------------------------------
# Saved queries
# ---------------------------------------------------------------------------------------------


def saved_queries() -> dict[str, str]:
    """Return the saved queries, name -> SPARQL text, sorted by name."""
    folder = resources.query_dir()
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.rq"))}


def load_query(name: str) -> str:
    """Return the text of the saved query ``name`` (``QueryError`` listing names if unknown)."""
    queries = saved_queries()
    if name not in queries:
        raise QueryError(
            f"no saved query named {name!r}; known queries: {', '.join(queries) or '(none)'}"
        )
    return queries[name]


def query_description(query: str) -> str:
    """Return the description of a saved query (its first ``#`` comment line).

    >>> query_description("# Events per day.\\nSELECT * WHERE { ?s ?p ?o }")
    'Events per day.'
    """
    for line in query.splitlines():
        stripped = line.strip()
        if stripped.startswith("#"):
            return stripped.lstrip("#").strip()
        if stripped:
            break
    return ""


def query_params(query: str) -> dict[str, str]:
    """Return the documented parameters of a query, name -> description.

    >>> query_params("# Events.\\n# param ?actor: id or label\\nSELECT * WHERE { }")
    {'actor': 'id or label'}
    """
    return {m.group(1): m.group(2).strip() for m in _PARAM_LINE.finditer(query)}


def _blank_comments(query: str) -> str:
    """Return ``query`` with comments replaced by spaces (same length), strings and IRIs kept."""
    out = list(query)
    i, n = 0, len(query)
    while i < n:
        ch = query[i]
        if ch in "\"'":
            # skip a string literal (long or short), honouring backslash escapes
            quote = query[i : i + 3] if query[i : i + 3] in ('"""', "'''") else ch
            j = i + len(quote)
            while j < n and query[j : j + len(quote)] != quote:
                j += 2 if query[j] == "\\" else 1
            i = j + len(quote)
        elif ch == "<":
            j = query.find(">", i)
            k = query.find(" ", i)
            i = j + 1 if j != -1 and (k == -1 or j < k) else i + 1
        elif ch == "#":
            j = query.find("\n", i)
            j = n if j == -1 else j
            out[i:j] = " " * (j - i)
            i = j
        else:
            i += 1
    return "".join(out)


def bind(query: str, **params: str | Node) -> str:
    """Return ``query`` with ``VALUES`` giving each parameter its value, injected safely.

    A plain string becomes an escaped literal; ``"<...>"`` or a ``URIRef`` a validated IRI; a
    ``Literal`` keeps its datatype or language. The block goes right after the first
    ``WHERE {`` (or the first ``{``). Unknown or malformed parameter names raise
    :class:`~graph.errors.QueryError`.
    """
    if not params:
        return query
    code = _blank_comments(query)
    for name in params:
        if not _VAR_NAME.match(name):
            raise QueryError(f"{name!r} is not a SPARQL variable name (letters, digits, _)")
        if not re.search(rf"[?$]{name}\b", code):
            documented = ", ".join(f"?{p}" for p in query_params(query)) or "none"
            raise QueryError(
                f"the query has no variable ?{name} to bind; its parameters: {documented}"
            )
    match = re.search(r"\bWHERE\s*\{", code, re.I) or re.search(r"\{", code)
    if match is None:
        raise QueryError("cannot bind parameters: the query has no WHERE { ... } block")
    names = list(params)
    values = [_term_text(params[n]) for n in names]
    if len(names) == 1:
        block = f" VALUES ?{names[0]} {{ {values[0]} }}\n"
    else:
        heads = " ".join(f"?{n}" for n in names)
        block = f" VALUES ({heads}) {{ ({' '.join(values)}) }}\n"
    return query[: match.end()] + block + query[match.end() :]


def run(store: Store, query: str) -> Result:
    """Run ``query`` (SPARQL text) on ``store``; errors raise :class:`~graph.errors.QueryError`."""
    return store.query(query)


# ---------------------------------------------------------------------------------------------
# Formatting results
# ---------------------------------------------------------------------------------------------


def shorten(term: Node | None) -> str:
    """Return a compact text for a term: IRIs with our prefixes, literals as their text.

    >>> shorten(URIRef("https://w3id.org/newsgraph/actor/NATO"))
    'actor:NATO'
    >>> shorten(Literal("3.0"))
    '3.0'
    """
    if term is None:
        return ""
    if isinstance(term, URIRef):
        text = str(term)
        best = max(
            ((p, ns) for p, ns in PREFIXES.items() if text.startswith(ns)),
            key=lambda item: len(item[1]),
            default=None,
        )
        return f"{best[0]}:{text[len(best[1]):]}" if best else f"<{text}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def _rows(result: Result) -> tuple[list[str], list[list[Node | None]]]:
    names = [str(v) for v in (result.vars or [])]
    rows = [[row[i] for i in range(len(names))] for row in result]  # type: ignore[index]
    return names, rows


def _json_term(term: Node) -> dict[str, str]:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    assert isinstance(term, Literal)
    out = {"type": "literal", "value": str(term)}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype is not None:
        out["datatype"] = str(term.datatype)
    return out


def _tsv_term(term: Node | None) -> str:
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    assert isinstance(term, Literal)
    text = literal_text(str(term))
    if term.language:
        return f"{text}@{term.language}"
    if term.datatype is not None and str(term.datatype) != "http://www.w3.org/2001/XMLSchema#string":
        return f"{text}^^<{term.datatype}>"
    return text


def format_result(result: Result, fmt: str = "table") -> str:
    """Return a query result as text.

    ``table``: aligned columns, IRIs shortened with our prefixes; ``csv`` and ``tsv`` (the
    SPARQL 1.1 CSV/TSV result formats); ``json`` (SPARQL 1.1 JSON results); ``turtle`` for
    CONSTRUCT/DESCRIBE results. ASK results print as ``true``/``false`` (``json``: boolean).
    """
    if fmt not in FORMATS:
        raise QueryError(f"unknown result format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if result.type == "ASK":
        answer = bool(result.askAnswer)
        if fmt == "json":
            return json.dumps({"head": {}, "boolean": answer})
        return "true" if answer else "false"
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        if fmt not in ("turtle", "table"):
            raise QueryError(f"a {result.type} result is a graph: use format 'turtle', not {fmt!r}")
        g = result.graph
        assert g is not None
        for prefix, ns in PREFIXES.items():
            g.bind(prefix, ns, override=True, replace=True)
        return g.serialize(format="turtle")
    if fmt == "turtle":
        raise QueryError("a SELECT result is a table: use table, csv, tsv or json, not 'turtle'")
    names, rows = _rows(result)
    if fmt == "json":
        bindings = [
            {n: _json_term(v) for n, v in zip(names, row, strict=True) if v is not None}
            for row in rows
        ]
        return json.dumps(
            {"head": {"vars": names}, "results": {"bindings": bindings}}, ensure_ascii=False
        )
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\r\n")
        writer.writerow(names)
        writer.writerows([["" if v is None else str(v) for v in row] for row in rows])
        return buf.getvalue()
    if fmt == "tsv":
        lines = ["\t".join(f"?{n}" for n in names)]
        lines += ["\t".join(_tsv_term(v) for v in row) for row in rows]
        return "\n".join(lines) + "\n"
    cells = [[shorten(v).replace("\n", " ") for v in row] for row in rows]
    widths = [max([len(n), *(len(r[i]) for r in cells)]) for i, n in enumerate(names)]
    lines = [
        "  ".join(n.ljust(w) for n, w in zip(names, widths, strict=True)).rstrip(),
        "  ".join("-" * w for w in widths),
    ]
    lines += [
        "  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in cells
    ]
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines)
