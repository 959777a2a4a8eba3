"""newsgraph: news text in, an event-timeline knowledge graph out.

The public API is loaded lazily (PEP 562), so ``import graph.model`` does not pull in spaCy,
plotly or the store::

    >>> import graph as ng
    >>> kg = ng.open()                                    # doctest: +SKIP
    >>> report = kg.ingest(["articles/", "feed.jsonl"])   # doctest: +SKIP
    >>> kg.events(actor="NATO", since="2023-07-01")       # doctest: +SKIP
    >>> ng.extract("NATO condemned the attack.", published="2023-05-30")  # doctest: +SKIP
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from graph.errors import (
        DataFileError,
        ExportError,
        InputError,
        ModelError,
        NewsgraphError,
        QueryError,
        StoreError,
    )
    from graph.extract import Extractor
    from graph.kg import KnowledgeGraph
    from graph.model import Action, Actor, Article, Event, IngestReport, TimeValue
    from graph.table import EVENT_COLUMNS, events_frame

__all__ = [
    "Action",
    "Actor",
    "Article",
    "DataFileError",
    "EVENT_COLUMNS",
    "Event",
    "ExportError",
    "Extractor",
    "IngestReport",
    "InputError",
    "KnowledgeGraph",
    "ModelError",
    "NewsgraphError",
    "QueryError",
    "StoreError",
    "TimeValue",
    "events_frame",
    "extract",
    "open",
]

_LAZY = {
    "EVENT_COLUMNS": "graph.table",
    "events_frame": "graph.table",
    "Action": "graph.model",
    "Actor": "graph.model",
    "Article": "graph.model",
    "Event": "graph.model",
    "IngestReport": "graph.model",
    "TimeValue": "graph.model",
    "DataFileError": "graph.errors",
    "ExportError": "graph.errors",
    "InputError": "graph.errors",
    "ModelError": "graph.errors",
    "NewsgraphError": "graph.errors",
    "QueryError": "graph.errors",
    "StoreError": "graph.errors",
    "Extractor": "graph.extract",
    "KnowledgeGraph": "graph.kg",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'graph' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)


def open(path: str | None = None, *, model: str | None = None) -> KnowledgeGraph:  # noqa: A001
    """Open (or create) a knowledge graph: ``None``/``"memory"`` in memory, else Oxigraph on disk.

    ``ng.open()`` as DESIGN.md's API sketch has it; see :func:`graph.kg.open_graph`.
    """
    from graph.kg import open_graph

    return open_graph(path, model=model)


def extract(
    text: str,
    published: str | None = None,
    *,
    doc_id: str | None = None,
    extractor: Extractor | None = None,
) -> list[Event]:
    """Extract the events of one text, no store involved.

    Loading the pipeline takes seconds: pass an :class:`Extractor` you keep to call this often.
    """
    from graph.extract import Extractor

    ex = extractor if extractor is not None else Extractor()
    return ex.extract_text(text, published=published, doc_id=doc_id)
