"""Where newsgraph's data lives: the only module that knows the location of ``ontology/``.

In a source checkout (or an editable install) the ontology is the top-level ``ontology/``
folder next to the package; in a built wheel it is force-included as ``graph/_ontology``.
The bundled sample corpus lives in ``graph/data/corpus``.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["corpus_dir", "lexicon_dir", "ontology_dir", "ontology_file", "query_dir"]

_PKG = Path(__file__).resolve().parent


def ontology_dir() -> Path:
    """Return the folder holding the ontology, shapes, code lists, lexicon and saved queries."""
    for candidate in (_PKG.parent / "ontology", _PKG / "_ontology"):
        if (candidate / "newsgraph.ttl").is_file():
            return candidate
    raise FileNotFoundError(
        f"newsgraph's ontology folder is missing (looked in {_PKG.parent / 'ontology'} and "
        f"{_PKG / '_ontology'}); reinstall the package with `pip install .`"
    )


def ontology_file(name: str) -> Path:
    """Return the path of one file of the ontology folder, e.g. ``ontology_file('actors.ttl')``."""
    path = ontology_dir() / name
    if not path.is_file():
        raise FileNotFoundError(f"ontology file {name!r} not found in {ontology_dir()}")
    return path


def lexicon_dir() -> Path:
    """Return the folder of action lexicon files (``ontology/lexicon``)."""
    return ontology_dir() / "lexicon"


def query_dir() -> Path:
    """Return the folder of saved SPARQL queries (``ontology/queries``)."""
    return ontology_dir() / "queries"


def corpus_dir() -> Path:
    """Return the folder of the bundled sample corpus used by ``newsgraph demo``."""
    return _PKG / "data" / "corpus"
