"""Graph and table exports of the events table: GEXF (Gephi), GraphML, CSV, JSONL.

GEXF is written here with lxml rather than ``networkx.write_gexf``, whose output does not
validate (empty graph name, ``z="None"``, a misspelt namespace, ``timeformat="long"``). The
file is GEXF 1.3, dynamic, with dates: Gephi's timeline can replay the events. Gephi drops edges
of weight 0 and warns on negative ones, so an edge's weight is its number of mentions and the
signed Goldstein score is an attribute.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd
from lxml import etree

from graph.analysis import QUAD_CLASS_COLORS, check_frame, dyad_graph, to_networkx
from graph.errors import ExportError
from graph.table import EVENT_COLUMNS, spreadsheet_safe

__all__ = [
    "FORMATS",
    "GEXF_NS",
    "TYPE_COLORS",
    "VIZ_NS",
    "validate_gexf",
    "write",
    "write_csv",
    "write_events_jsonl",
    "write_gexf",
    "write_graphml",
]

logger = logging.getLogger(__name__)

GEXF_NS = "http://gexf.net/1.3"
VIZ_NS = "http://gexf.net/1.3/viz"

#: Actor type -> node colour in GEXF (Okabe-Ito palette).
TYPE_COLORS: Mapping[str, str] = MappingProxyType(
    {
        "state": "#0072B2",
        "government": "#56B4E9",
        "igo": "#009E73",
        "organisation": "#F0E442",
        "group": "#CC79A7",
        "person": "#E69F00",
        "unknown": "#999999",
    }
)
_GREY = "#999999"

# GEXF attribute declarations: (id, title, GEXF type). Ids are the titles, so they read well.
_NODE_ATTRS = (
    ("type", "type", "string"),
    ("country", "country", "string"),
    ("sector", "sector", "string"),
    ("cameo", "cameo", "string"),
    ("wikidata", "wikidata", "string"),
)
_EDGE_ATTRS = (
    ("cameo", "cameo", "string"),
    ("plover", "plover", "string"),
    ("quad_class", "quad_class", "integer"),
    ("goldstein", "goldstein", "double"),
    ("mentions", "mentions", "integer"),
    ("date_precision", "date_precision", "string"),
    ("doc_id", "doc_id", "string"),
    ("sentence", "sentence", "string"),
)

# Characters XML 1.0 cannot hold (lxml refuses them); article text may contain them. Lone
# surrogates come from text decoded with errors="surrogateescape" or from JSON "\\ud800".
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml_text(value: object) -> str:
    """Return ``value`` as text XML 1.0 can hold: each forbidden character becomes a space."""
    return _NOT_XML.sub(" ", str(value))


def _xml_key(value: Any) -> Any:
    """A node id or edge key as GraphML can hold it (strings cleaned, other values kept)."""
    return _xml_text(value) if isinstance(value, str) else value


def _rgb(hex_color: str) -> dict[str, str]:
    h = hex_color.lstrip("#")
    return {"r": str(int(h[0:2], 16)), "g": str(int(h[2:4], 16)), "b": str(int(h[4:6], 16))}


# Attribute values as libxml2 writes them: markup characters and the three whitespace
# characters an XML parser would otherwise normalise to spaces become references.
_ATTR_ESCAPES = str.maketrans({
    "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\n": "&#10;", "\r": "&#13;",
    "\t": "&#9;",
})


def _attr(value: object) -> str:
    """``value`` as the text of a double-quoted XML attribute (cleaned, then escaped)."""
    return _xml_text(value).translate(_ATTR_ESCAPES)


def _start_tag(name: str, attrs: Iterable[tuple[str, object]], *, empty: bool = False) -> str:
    inner = "".join(f' {k}="{_attr(v)}"' for k, v in attrs)
    return f"<{name}{inner}{'/' if empty else ''}>"


def _attvalue_lines(data: Mapping[str, Any], attrs: Iterable[tuple[str, str, str]],
                    indent: str) -> list[str]:
    values = [
        f'{indent}  <attvalue for="{attr_id}" value="{_attr(data[title])}"/>\n'
        for attr_id, title, _ in attrs
        if data.get(title) is not None  # a missing value is left out, not written as "None"
    ]
    if not values:
        return [f"{indent}<attvalues/>\n"]
    return [f"{indent}<attvalues>\n", *values, f"{indent}</attvalues>\n"]


def _color_line(hex_color: str, indent: str) -> str:
    c = _rgb(hex_color)
    return f'{indent}<viz:color r="{c["r"]}" g="{c["g"]}" b="{c["b"]}"/>\n'


def _gexf_lines(G: nx.MultiDiGraph) -> Iterator[str]:
    """The GEXF 1.3 document of the event multigraph made by :func:`to_networkx`, line by line.

    Written as text rather than built as an lxml tree: the tree of 200k events took most of
    the export's time and memory. The output is what lxml wrote (same elements, attributes,
    escaping and indentation), checked against the RELAX NG schema in the tests.
    """
    yield "<?xml version='1.0' encoding='UTF-8'?>\n"
    yield f'<gexf xmlns="{GEXF_NS}" xmlns:viz="{VIZ_NS}" version="1.3">\n'
    yield "  <meta>\n    <creator>newsgraph</creator>\n"
    yield ("    <description>Actors and events extracted from news: one edge per event, "
           "weight = mentions</description>\n  </meta>\n")
    yield '  <graph defaultedgetype="directed" mode="dynamic" timeformat="date">\n'
    for cls, declared in (("node", _NODE_ATTRS), ("edge", _EDGE_ATTRS)):
        yield f'    <attributes class="{cls}" mode="static">\n'
        for attr_id, title, kind in declared:
            yield f'      <attribute id="{attr_id}" title="{title}" type="{kind}"/>\n'
        yield "    </attributes>\n"

    attrs: list[tuple[str, object]]
    n_nodes = G.number_of_nodes()
    if not n_nodes:
        yield '    <nodes count="0"/>\n'
    else:
        yield f'    <nodes count="{n_nodes}">\n'
        for node, data in G.nodes(data=True):
            attrs = [("id", node), ("label", data["label"] or node)]
            if data.get("first_date"):
                attrs.append(("start", data["first_date"]))
            yield "      " + _start_tag("node", attrs) + "\n"
            yield from _attvalue_lines(data, _NODE_ATTRS, "        ")
            yield _color_line(TYPE_COLORS.get(str(data.get("type")), _GREY), "        ")
            yield "      </node>\n"
        yield "    </nodes>\n"

    n_edges = G.number_of_edges()
    if not n_edges:
        yield '    <edges count="0"/>\n'
    else:
        yield f'    <edges count="{n_edges}">\n'
        for source, target, key, data in G.edges(keys=True, data=True):
            name = data.get("action_name") or data.get("cameo") or "event"
            attrs = [("id", key), ("source", source), ("target", target), ("label", name),
                     ("kind", data.get("plover") or name),
                     ("weight", float(max(int(data.get("mentions") or 1), 1)))]
            if data.get("date"):
                attrs += [("start", data["date"]), ("end", data.get("date_end") or data["date"])]
            yield "      " + _start_tag("edge", attrs) + "\n"
            yield from _attvalue_lines(data, _EDGE_ATTRS, "        ")
            yield _color_line(QUAD_CLASS_COLORS.get(data.get("quad_class"), _GREY), "        ")
            yield "      </edge>\n"
        yield "    </edges>\n"
    yield "  </graph>\n</gexf>\n"


def write_gexf(frame: pd.DataFrame, path: str | Path, *, asserted_only: bool = True) -> Path:
    """Write the actor/event graph of the events table as GEXF 1.3 for Gephi; return the path.

    Dynamic graph with dates: a node (actor, coloured by type, with type, country, sector,
    cameo, wikidata) starts on the first day its actor appears; each event (cluster) with a
    target is one edge from its start date to ``date_end``, with ``kind`` = PLOVER type (or
    the CAMEO name), weight = mentions (always > 0), attributes cameo, plover, quad_class,
    goldstein (signed), mentions, date_precision, doc_id, sentence, and a colour by QuadClass.
    Self-loops are kept; events without a target are not edges. The file is streamed, so
    memory holds the graph, not the document.
    """
    G = to_networkx(frame, asserted_only=asserted_only)
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8", newline="\n") as fh:
        chunk: list[str] = []
        for line in _gexf_lines(G):
            chunk.append(line)
            if len(chunk) >= 4096:
                fh.write("".join(chunk))
                chunk.clear()
        fh.write("".join(chunk))
    logger.info(
        "wrote GEXF (%d nodes, %d edges) to %s", G.number_of_nodes(), G.number_of_edges(), out
    )
    return out


def _graphml_data(data: Mapping[str, Any]) -> dict[str, Any]:
    """Return attributes GraphML can hold: no None values, no XML-illegal characters."""
    return {
        k: (_xml_text(v) if isinstance(v, str) else v) for k, v in data.items() if v is not None
    }


#: GraphML ``attr.type`` of a Python value, as networkx writes them
def _graphml_type(value: object) -> str:
    if isinstance(value, bool | np.bool_):
        return "boolean"
    if isinstance(value, int | np.integer):
        return "long"
    if isinstance(value, float | np.floating):
        return "double"
    return "string"


# element text: markup escaped, and a carriage return kept (a parser turns a bare one into \n)
_TEXT_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})


def _graphml_lines(
    nodes: list[tuple[Any, dict[str, Any]]],
    edges: list[tuple[Any, Any, Any, dict[str, Any]]],
    *, multigraph: bool,
) -> Iterator[str]:
    """The GraphML document of ``nodes`` ((id, attributes)) and ``edges`` ((source, target,
    key, attributes)), line by line.

    Written as text rather than through networkx's writer, which built an lxml tree of the
    whole graph (over half the export's time). Keys are declared per (element, name, type) as
    networkx does, so ``networkx.read_graphml`` reads back the same graph (tests).
    """
    keys: dict[tuple[str, str, str], str] = {}
    for where, rows in (("node", (d for _, d in nodes)), ("edge", (d for *_, d in edges))):
        for d in rows:
            for name, value in d.items():
                keys.setdefault((where, name, _graphml_type(value)), f"d{len(keys)}")
    yield "<?xml version='1.0' encoding='utf-8'?>\n"
    yield ('<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
           'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
           'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
           'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n')
    for (where, name, kind), key in keys.items():
        yield (f'<key id="{key}" for="{where}" attr.name="{_attr(name)}" '
               f'attr.type="{kind}"/>\n')
    yield '<graph edgedefault="directed">\n'

    def data(where: str, d: Mapping[str, Any]) -> Iterator[str]:
        for name, value in d.items():
            key = keys[(where, name, _graphml_type(value))]
            yield f'  <data key="{key}">{_xml_text(value).translate(_TEXT_ESCAPES)}</data>\n'

    for n, d in nodes:
        if d:
            yield f'<node id="{_attr(n)}">\n'
            yield from data("node", d)
            yield "</node>\n"
        else:
            yield f'<node id="{_attr(n)}"/>\n'
    for u, v, k, d in edges:
        ident = f' id="{_attr(k)}"' if multigraph else ""
        head = f'<edge source="{_attr(u)}" target="{_attr(v)}"{ident}'
        if d:
            yield head + ">\n"
            yield from data("edge", d)
            yield "</edge>\n"
        else:
            yield head + "/>\n"
    yield "</graph></graphml>\n"


def write_graphml(
    frame: pd.DataFrame, path: str | Path, *, asserted_only: bool = True, dyads: bool = False
) -> Path:
    """Write the actor graph as GraphML; return the path.

    By default the event multigraph (one edge per event, keyed by cluster id); with
    ``dyads=True`` the collapsed dyad graph of :func:`graph.analysis.dyad_graph`. GraphML
    cannot hold None, so missing attribute values are left out of the element. The file is
    streamed as text (:func:`_graphml_lines`).
    """
    G = to_networkx(frame, asserted_only=asserted_only)
    source: nx.DiGraph | nx.MultiDiGraph = dyad_graph(G) if dyads else G
    nodes = [(_xml_key(n), _graphml_data(d)) for n, d in source.nodes(data=True)]
    if dyads:
        edges = [(_xml_key(u), _xml_key(v), None, _graphml_data(d))
                 for u, v, d in source.edges(data=True)]
    else:
        edges = [(_xml_key(u), _xml_key(v), _xml_key(k), _graphml_data(d))
                 for u, v, k, d in source.edges(keys=True, data=True)]
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8", newline="\n") as fh:
        chunk: list[str] = []
        for line in _graphml_lines(nodes, edges, multigraph=not dyads):
            chunk.append(line)
            if len(chunk) >= 4096:
                fh.write("".join(chunk))
                chunk.clear()
        fh.write("".join(chunk))
    logger.info("wrote GraphML (%d nodes, %d edges) to %s", len(nodes), len(edges), out)
    return out


def write_csv(frame: pd.DataFrame, path: str | Path) -> Path:
    """Write the events table (columns in :data:`~graph.table.EVENT_COLUMNS` order) as CSV.

    Text cells that a spreadsheet would run as a formula get a leading apostrophe
    (:func:`graph.table.spreadsheet_safe`): the CSV is meant to be opened in one.
    """
    check_frame(frame)
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    spreadsheet_safe(frame[list(EVENT_COLUMNS)]).to_csv(out, index=False, encoding="utf-8")
    logger.info("wrote %d event rows to %s", len(frame), out)
    return out


def write_events_jsonl(records: Iterable[Mapping[str, Any]], path: str | Path) -> Path:
    """Write event records (``Event.to_json()`` dicts) one JSON object a line, UTF-8."""
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as fh:
        for n, record in enumerate(records, start=1):
            try:
                line = json.dumps(record, ensure_ascii=False)
            except (TypeError, ValueError) as err:
                raise ExportError(
                    f"{out}: event record {n} cannot be written as JSON ({err}); pass plain "
                    "dicts such as Event.to_json() returns"
                ) from err
            fh.write(line + "\n")
    return out


def validate_gexf(path: str | Path, rng_path: str | Path) -> None:
    """Check the GEXF file ``path`` against the RELAX NG schema ``rng_path`` (GEXF 1.3).

    Use the RELAX NG schema: the official XSDs reject every ``viz:`` element. Raises
    :class:`~graph.errors.ExportError` listing the first errors with their line numbers.
    """
    rng = Path(rng_path)
    if not rng.is_file():
        raise ExportError(
            f"GEXF schema {rng} not found; pass the path of gexf.rng from the GEXF 1.3 schema"
        )
    try:
        schema = etree.RelaxNG(etree.parse(str(rng)))
        doc = etree.parse(str(path))
    except (OSError, etree.XMLSyntaxError, etree.RelaxNGParseError) as err:
        raise ExportError(f"cannot validate {path} against {rng}: {err}") from err
    if not schema.validate(doc):
        errors = [f"line {e.line}: {e.message}" for e in list(schema.error_log)[:5]]
        raise ExportError(
            f"{path} is not valid GEXF 1.3: "
            + "; ".join(errors)
            + "; write it with graph.export.write_gexf"
        )


#: Export writers by format name (the CLI picks one from the file suffix).
FORMATS: Mapping[str, Callable[[pd.DataFrame, Path], Path]] = MappingProxyType(
    {"gexf": write_gexf, "graphml": write_graphml, "csv": write_csv}
)


def write(frame: pd.DataFrame, path: str | Path, *, fmt: str | None = None) -> Path:
    """Export the events table to ``path`` in format ``fmt`` (default: the file suffix)."""
    out = Path(path)
    name = (fmt or out.suffix.lstrip(".")).lower()
    if name not in FORMATS:
        raise ExportError(
            f"cannot export to {out}: unknown format {name!r}; use one of {sorted(FORMATS)} "
            "(or a file name ending in .gexf, .graphml or .csv)"
        )
    return FORMATS[name](frame, out)
