"""Shared fixtures: the spaCy pipeline and the extractor are loaded once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def nlp():  # type: ignore[no-untyped-def]
    from graph.nlp import load_model

    return load_model()


@pytest.fixture(scope="session")
def extractor(nlp):  # type: ignore[no-untyped-def]
    from graph.extract import Extractor

    return Extractor(nlp, min_confidence=0.0)  # the rules' every event; the default filters


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The team's shared folder (seeds, eval, schemas) beside the repo; tests skip without it."""
    return SHARED


@pytest.fixture(params=["memory", "oxigraph"])
def kg(request, tmp_path, extractor):  # type: ignore[no-untyped-def]
    """A knowledge graph on each store: rdflib's memory store and an Oxigraph folder."""
    from graph.kg import KnowledgeGraph
    from graph.store import Store

    path = None if request.param == "memory" else tmp_path / "db"
    g = KnowledgeGraph(Store.open(path), extractor=extractor)
    yield g
    g.close()
