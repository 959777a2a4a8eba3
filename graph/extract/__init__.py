"""Extraction: parsed articles -> events (actors, actions, clauses, dates).

One module per part: ``actors`` (gazetteer, metonymy, coreference), ``actions`` (lexicon ->
CAMEO/PLOVER), ``clauses`` (dependency rules), ``dates`` (event time). :class:`Extractor`
(in ``extractor``) loads what they need once; it is imported lazily so that the parts can be
used alone.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from graph.extract.extractor import Extractor

__all__ = ["Extractor"]


def __getattr__(name: str) -> Any:
    if name == "Extractor":
        from graph.extract.extractor import Extractor

        return Extractor
    raise AttributeError(f"module 'graph.extract' has no attribute {name!r}")
