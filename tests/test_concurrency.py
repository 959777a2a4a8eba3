"""Readers beside a writer: read-only snapshots and a running endpoint while ``ingest`` writes.

A real ``newsgraph ingest`` subprocess writes 30 articles into an Oxigraph folder while the
test reads the same folder in a loop, through the Python API (``Store.open(read_only=True)``)
and through a real ``newsgraph serve`` subprocess over HTTP. Every answer must show whole
articles only (each article's event count equals its count once the ingest is done), the
number of articles seen must never go down, and the endpoint must end up seeing every article
without being restarted.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import time
from pathlib import Path

import httpx
import pytest
from cli_process import cli_command, cli_env

from graph.errors import StoreError
from graph.model import Action, Actor, Article, Event
from graph.rdf import RunInfo
from graph.store import LOCK_FILE, Store

N_ARTICLES = 30

#: event mentions per article graph (an article without events counts 0)
PER_ARTICLE = (
    "SELECT ?g (COUNT(?e) AS ?n) WHERE { GRAPH ?g { ?art a schema:NewsArticle "
    "OPTIONAL { ?e a sem:Event } } } GROUP BY ?g"
)

_SENTENCES = [
    "{a} accused {b} of shelling border villages.",
    "{a} urged {b} to return to the negotiating table.",
    "{a} threatened {b} with tougher sanctions.",
    "{a} signed a gas agreement with {b}.",
    "{a} condemned {b} for the arrest of journalists.",
]
_PAIRS = [
    ("France", "Mali"), ("Egypt", "Ethiopia"), ("Germany", "Russia"), ("Brazil", "Venezuela"),
    ("Kenya", "Somalia"), ("Spain", "Morocco"), ("Canada", "India"), ("Qatar", "Bahrain"),
    ("Peru", "Chile"), ("Nigeria", "Niger"),
]


def _corpus(path: Path, n: int = N_ARTICLES) -> list[str]:
    """Write ``n`` dated articles of three sentences (several events each); return their ids."""
    ids = []
    with path.open("w", encoding="utf-8") as f:
        for i in range(n):
            a, b = _PAIRS[i % len(_PAIRS)]
            text = " ".join(
                _SENTENCES[(i + k) % len(_SENTENCES)].format(a=(a, b)[k % 2], b=(b, a)[k % 2])
                for k in range(3)
            )
            art_id = f"conc-{i:02d}"
            ids.append(art_id)
            f.write(json.dumps({"id": art_id, "text": text,
                                "date": f"2024-05-{1 + i % 28:02d}"}) + "\n")
    return ids


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _local(graph_iri: str) -> str:
    return graph_iri.rsplit("/", 1)[-1]


def _read_api(db: Path) -> dict[str, int]:
    """Per-article event counts from a fresh read-only snapshot (closed right after)."""
    with Store.open(db, read_only=True) as store:
        assert store.read_only
        rows = store.query(PER_ARTICLE)
        return {_local(str(r[0])): int(str(r[1])) for r in rows}  # type: ignore[index]


def _read_http(base: str) -> dict[str, int]:
    """Per-article event counts from the running endpoint."""
    r = httpx.get(f"{base}/sparql", params={"query": PER_ARTICLE}, timeout=30)
    assert r.status_code == 200, r.text
    rows = r.json()["results"]["bindings"]
    return {_local(b["g"]["value"]): int(b["n"]["value"]) for b in rows}


def _wait_for_endpoint(proc: subprocess.Popen[str], base: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert proc.poll() is None, f"newsgraph serve exited: {proc.communicate()[1]}"
        try:
            if httpx.get(f"{base}/health", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise AssertionError("newsgraph serve did not answer within 60 s")


def test_readers_see_whole_articles_while_ingest_writes(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus.jsonl"
    ids = _corpus(corpus)
    db = tmp_path / "db"
    Store.open(db).close()  # an empty store, so the endpoint can start before the ingest
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    serve = subprocess.Popen(cli_command("serve", "--store", str(db), "--port", str(port)),
                             env=cli_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True)
    try:
        _wait_for_endpoint(serve, base)
        assert not (db / LOCK_FILE).exists(), "the read-only endpoint took the writer's lock"
        ingest = subprocess.Popen(
            cli_command("ingest", str(corpus), "--store", str(db), "--no-progress"),
            env=cli_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        seen: dict[str, list[dict[str, int]]] = {"api": [], "http": []}
        while ingest.poll() is None:
            seen["api"].append(_read_api(db))
            seen["http"].append(_read_http(base))
        out, err = ingest.communicate(timeout=60)
        assert ingest.returncode == 0, err
        assert f"stored {N_ARTICLES} articles" in out

        final = _read_api(db)
        assert sorted(final) == sorted(ids)
        # the endpoint follows the folder without a restart (it looks once a second)
        deadline = time.monotonic() + 15
        while (last := _read_http(base)) != final and time.monotonic() < deadline:
            time.sleep(0.3)
        assert last == final, f"serve still shows {len(last)} of {len(final)} articles"
        seen["http"].append(last)
    finally:
        serve.terminate()
        serve.communicate(timeout=30)

    for source, answers in seen.items():
        sizes = [len(a) for a in answers]
        assert sizes == sorted(sizes), f"{source}: the article count went down: {sizes}"
        for answer in answers:
            for art, n in answer.items():
                assert n == final[art], (
                    f"{source}: article {art} seen with {n} of its {final[art]} events")
    middle = [len(a) for answers in seen.values() for a in answers if 0 < len(a) < N_ARTICLES]
    assert middle, f"no read landed while the ingest was writing: {seen}"


def test_reader_of_a_missing_store_says_ingest_first(tmp_path: Path) -> None:
    missing = tmp_path / "nothing-here"
    with pytest.raises(StoreError, match=rf"no store at {missing}; ingest first"):
        Store.open(missing, read_only=True)
    assert not missing.exists()  # a reader creates nothing
    done = subprocess.run(
        cli_command("query", "SELECT * WHERE { ?s ?p ?o } LIMIT 1", "--store", str(missing)),
        env=cli_env(), capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert f"newsgraph: error: no store at {missing}; ingest first" in done.stderr
    assert "Traceback" not in done.stderr
    assert not missing.exists()


def _article(i: int) -> tuple[Article, list[Event]]:
    art = Article(id=f"r{i}", text="NATO called on Serbia.", published="2023-07-11")
    ev = Event(doc_id=art.id, source=Actor("NATO", "NATO", type="igo"),
               action=Action("call on", "0256", "REQUEST", 1, 3.0),
               sentence=art.text, char_start=0, char_end=22)
    return art, [ev]


RUN = RunInfo("r1", "en_core_web_sm", "0.1.0", "2023-07-12T10:00:00")


def test_snapshot_refreshes_when_the_writer_wrote(tmp_path: Path) -> None:
    db = tmp_path / "db"
    with Store.open(db) as writer:
        with Store.open(db, read_only=True) as reader:  # beside the writer, in one process
            assert reader.article_ids() == []
            assert not reader.refresh(every=0)  # nothing changed: same snapshot
            writer.put_article(*_article(1), RUN)
            assert reader.article_ids() == []  # a snapshot does not move by itself
            assert not reader.refresh(every=60)  # looked at less than a minute ago
            assert reader.refresh(every=0)
            assert reader.article_ids() == ["r1"]
            writer.put_article(*_article(2), RUN)
            assert reader.refresh(force=True)
            assert reader.article_ids() == ["r1", "r2"]
            assert reader.count_events() == 2


def test_read_only_store_refuses_writes(tmp_path: Path) -> None:
    db = tmp_path / "db"
    Store.open(db).close()
    with Store.open(db, read_only=True) as reader:
        with pytest.raises(StoreError, match="opened read-only"):
            reader.put_article(*_article(1), RUN)
        with pytest.raises(StoreError, match="opened read-only"):
            reader.update("INSERT DATA { GRAPH <urn:x> { <urn:a> <urn:b> <urn:c> } }")
        with pytest.raises(StoreError, match="opened read-only"):
            reader.remove_article("r1")
    with Store.open(db, read_only=True) as reader:
        assert reader.article_ids() == []


def test_readers_open_while_a_writer_holds_the_lock(tmp_path: Path) -> None:
    db = tmp_path / "db"
    with Store.open(db) as writer:
        writer.put_article(*_article(1), RUN)
        assert (db / LOCK_FILE).exists()
        done = subprocess.run(
            cli_command("query", "SELECT (COUNT(?e) AS ?n) WHERE { ?e a sem:Event }", "--store",
                 str(db), "--format", "csv"),
            env=cli_env(), capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        assert done.stdout.split() == ["n", "1"]
        assert (db / LOCK_FILE).read_text(encoding="ascii").strip() == str(os.getpid())
