"""Shared fixtures: the spaCy pipeline and the extractor are loaded once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session", autouse=True)
def _data_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Keep the compiled-data cache (graph.datacache) of the tests, and of the CLI subprocesses
    they start, in a session folder instead of the user's cache."""
    import os

    os.environ["NEWSGRAPH_CACHE_DIR"] = str(tmp_path_factory.mktemp("datacache"))


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
