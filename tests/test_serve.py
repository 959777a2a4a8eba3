"""The SPARQL 1.1 Protocol endpoint, served for real by uvicorn on a loopback port."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import uvicorn

from graph.extract import Extractor
from graph.kg import KnowledgeGraph
from graph.serve import create_app
from graph.store import Store

TEXT = "NATO called on Belgrade and Pristina to de-escalate. Kosovo police arrested two men."


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory: pytest.TempPathFactory, extractor: Extractor) -> Iterator[str]:
    path = tmp_path_factory.mktemp("serve") / "db"
    kg = KnowledgeGraph(Store.open(path), extractor=extractor)
    src = Path(path.parent / "a.txt")
    src.write_text(TEXT, encoding="utf-8")
    kg.ingest([src])
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(kg.store), host="127.0.0.1", port=port,
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "uvicorn did not start"
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)
    kg.close()


QUERY = "SELECT ?t WHERE { ?e ng:actor actor:NATO ; ng:target ?t } ORDER BY ?t"


def test_get_select_json(endpoint: str) -> None:
    r = httpx.get(f"{endpoint}/sparql", params={"query": QUERY})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/sparql-results+json")
    targets = {b["t"]["value"].rsplit("/", 1)[-1] for b in r.json()["results"]["bindings"]}
    assert targets == {"SRBGOV", "XKXGOV"}


def test_post_form_and_direct_body_with_csv(endpoint: str) -> None:
    r = httpx.post(f"{endpoint}/sparql", data={"query": QUERY}, headers={"Accept": "text/csv"})
    assert r.status_code == 200 and r.text.splitlines()[0].strip() == "t"
    assert "SRBGOV" in r.text
    r = httpx.post(f"{endpoint}/sparql", content=QUERY,
                   headers={"Content-Type": "application/sparql-query",
                            "Accept": "application/sparql-results+xml"})
    assert r.status_code == 200 and "<sparql" in r.text and "XKXGOV" in r.text


def test_construct_is_turtle_and_ask_is_boolean(endpoint: str) -> None:
    r = httpx.get(f"{endpoint}/sparql", params={
        "query": "CONSTRUCT { ?e ng:actor ?a } WHERE { ?e ng:actor ?a }"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")
    assert "NATO" in r.text
    r = httpx.get(f"{endpoint}/sparql", params={"query": "ASK { ?e a sem:Event }"})
    assert r.json()["boolean"] is True


def test_errors(endpoint: str) -> None:
    assert httpx.get(f"{endpoint}/sparql").status_code == 400
    bad = httpx.get(f"{endpoint}/sparql", params={"query": "SELECT WHERE {"})
    assert bad.status_code == 400 and "query" in bad.text
    upd = httpx.post(f"{endpoint}/sparql", data={"update": "DROP ALL"})
    assert upd.status_code == 403
    na = httpx.get(f"{endpoint}/sparql", params={"query": QUERY}, headers={"Accept": "image/png"})
    assert na.status_code == 406
    page = httpx.get(endpoint + "/")
    assert page.status_code == 200 and "<form" in page.text
