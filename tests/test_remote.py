"""Tests of graph.remote: the store on a real ``oxigraph serve`` (SPARQL 1.1 Query, Update, GSP).

The same small corpus goes into the embedded store and into the server; the saved queries, the
events table, counts and exports must agree. One test drives the CLI with ``--store URL``.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from graph.demo import corpus_files
from graph.errors import StoreError
from graph.extract import Extractor
from graph.kg import KnowledgeGraph
from graph.remote import RemoteStore
from graph.sparql import bind, saved_queries
from graph.store import Store, open_store


def oxigraph_binary() -> str | None:
    """The ``oxigraph`` server binary: on PATH or beside this interpreter (the PyPI wheel)."""
    beside = Path(sys.executable).with_name("oxigraph")
    return shutil.which("oxigraph") or (str(beside) if beside.is_file() else None)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(location: Path) -> tuple[subprocess.Popen[bytes], str]:
    """Start ``oxigraph serve`` on a free loopback port; return the process and its URL."""
    binary = oxigraph_binary()
    if binary is None:
        pytest.skip("the oxigraph server binary is not installed (pip install oxigraph)")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen(
        [binary, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/query", params={"query": "ASK {}"}, timeout=1).status_code == 200:
                return proc, url
        except httpx.TransportError:
            time.sleep(0.1)
    stop_server(proc)
    raise RuntimeError(f"oxigraph serve did not answer at {url} within 20 s")


def stop_server(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    """A fresh ``oxigraph serve`` over a tmp_path folder; yields its base URL."""
    proc, url = start_server(tmp_path / "server-db")
    yield url
    stop_server(proc)


CORPUS = corpus_files()[:5]


def _ingest(store: Store, extractor: Extractor) -> KnowledgeGraph:
    kg = KnowledgeGraph(store, extractor=extractor)
    report = kg.ingest(CORPUS)
    assert report.errors == () and report.articles == len(CORPUS)
    return kg


def _rows(kg: KnowledgeGraph, text: str) -> list[tuple[str, ...]]:
    result = kg.query(text)
    return sorted(tuple("" if v is None else str(v) for v in row) for row in result)


def _comparable(quad: str) -> bool:
    return "_:" not in quad and "startedAtTime" not in quad


def test_open_store_picks_the_remote_store_for_urls(server: str, tmp_path: Path) -> None:
    with open_store(server) as remote:
        assert isinstance(remote, RemoteStore) and remote.location == server
        assert remote.count_events() == 0 and remote.article_ids() == []
        # the reference graphs were PUT: the gazetteer is there
        assert list(remote.query("ASK { ?a a sem:Actor }"))[0] is True  # type: ignore[comparison-overlap]
    with open_store(tmp_path / "db") as local:
        assert type(local) is Store


def test_unreachable_server_names_the_url() -> None:
    url = f"http://127.0.0.1:{free_port()}"
    with pytest.raises(StoreError, match=rf"{url}/query.*oxigraph serve"):
        RemoteStore.open(url)
    with pytest.raises(StoreError, match="not the URL of a SPARQL server"):
        RemoteStore.open("ftp://example.invalid")


def test_remote_and_embedded_agree(server: str, tmp_path: Path, extractor: Extractor) -> None:
    local = _ingest(Store.open(tmp_path / "local"), extractor)
    remote = _ingest(RemoteStore.open(server), extractor)
    try:
        assert remote.store.article_ids() == local.store.article_ids()
        assert remote.store.count_events() == local.store.count_events() > 0
        assert remote.store.count_clusters() == local.store.count_clusters()
        for name, text in saved_queries().items():
            if "?actor" in text:
                text = bind(text, actor="NATO")
            assert _rows(remote, text) == _rows(local, text), name
        ev_local, ev_remote = local.events(modality=None), remote.events(modality=None)
        assert ev_remote.equals(ev_local)
        local.export(tmp_path / "l.csv")
        remote.export(tmp_path / "r.csv")
        assert (tmp_path / "r.csv").read_text() == (tmp_path / "l.csv").read_text()
        local.export(tmp_path / "l.nq")
        remote.export(tmp_path / "r.nq")
        # same quads, up to blank node labels (ontology lists) and each run's start time
        quads_l = (tmp_path / "l.nq").read_text().splitlines()
        quads_r = (tmp_path / "r.nq").read_text().splitlines()
        assert len(quads_r) == len(quads_l)
        assert {q for q in quads_r if _comparable(q)} == {q for q in quads_l if _comparable(q)}
        assert remote.store.validate()[0]
        # re-ingesting changes nothing; removing an article drops exactly its graph
        assert remote.ingest(CORPUS[:1]).skipped == 1
        first = remote.store.article_ids()[0]
        assert remote.store.remove_article(first) is True
        assert remote.store.remove_article(first) is False
        assert first not in remote.store.article_ids()
    finally:
        local.close()
        remote.close()


def test_cli_with_a_remote_store(server: str, tmp_path: Path,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    from graph.cli import main

    files = [str(p) for p in CORPUS[:3]]
    assert main(["ingest", *files, "--store", server, "--no-progress"]) == 0
    assert "stored 3 articles" in capsys.readouterr().out
    assert main(["query", "--name", "top-actors", "--store", server, "--format", "csv"]) == 0
    assert len(capsys.readouterr().out.splitlines()) > 1  # a header and rows
    assert main(["query", "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a sem:Event }",
                 "--store", server, "--format", "csv"]) == 0
    n_events = int(capsys.readouterr().out.split()[-1])
    assert n_events > 0
    assert main(["analyze", "--store", server, "--out", str(tmp_path / "a.json")]) == 0
    assert (tmp_path / "a.json").stat().st_size > 0
    assert main(["timeline", "--store", server, "--out", str(tmp_path / "t.html")]) == 0
    assert "plotly" in (tmp_path / "t.html").read_text(encoding="utf-8").lower()
    assert main(["export", "gexf", "--store", server, "--out", str(tmp_path / "g.gexf")]) == 0
    assert "<gexf" in (tmp_path / "g.gexf").read_text(encoding="utf-8")
    capsys.readouterr()
    url = f"http://127.0.0.1:{free_port()}"
    assert main(["query", "--name", "dyads", "--store", url]) == 1
    assert url in capsys.readouterr().err
