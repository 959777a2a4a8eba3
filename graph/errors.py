"""Errors raised by newsgraph.

Every error newsgraph raises on purpose derives from :class:`NewsgraphError`, so a caller can
catch them all at once. Messages say what was expected and how to fix it, and name the input
(file, line) they are about.

Hierarchy::

    NewsgraphError
    ├── InputError            an article or corpus file cannot be read (empty, binary, bad JSON...)
    ├── DataFileError         a lexicon, gazetteer or ontology file of ours is malformed (file:line)
    ├── ModelError            the spaCy pipeline cannot be loaded
    ├── StoreError            the RDF store cannot be opened or updated
    ├── QueryError            a SPARQL query is malformed or names an unknown saved query
    └── ExportError           an export format is unknown or its output is invalid
"""

from __future__ import annotations

__all__ = [
    "DataFileError",
    "ExportError",
    "InputError",
    "ModelError",
    "NewsgraphError",
    "QueryError",
    "StoreError",
]


class NewsgraphError(Exception):
    """Base class of every error newsgraph raises on purpose."""


class InputError(NewsgraphError):
    """An input (file, JSONL line, HTML page) cannot be turned into an article.

    ``source`` names the input (a path, ``path:line`` or ``<stdin>``).
    """

    def __init__(self, source: str, message: str) -> None:
        self.source = source
        self.message = message
        super().__init__(f"{source}: {message}")


class DataFileError(NewsgraphError):
    """One of our data files (lexicon, gazetteer, ontology) is malformed; names ``file:line``."""


class ModelError(NewsgraphError):
    """The spaCy pipeline cannot be loaded."""


class StoreError(NewsgraphError):
    """The RDF store cannot be opened, read or updated."""


class QueryError(NewsgraphError):
    """A SPARQL query is malformed, or a saved query name is unknown."""


class ExportError(NewsgraphError):
    """An export format is unknown, or what was written does not validate."""
