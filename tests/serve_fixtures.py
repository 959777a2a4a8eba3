"""A real uvicorn server on a free loopback port, for the endpoint tests."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import uvicorn

from graph.extract import Extractor
from graph.kg import KnowledgeGraph
from graph.serve import Limits, create_app
from graph.store import Store

TEXT = "NATO called on Belgrade and Pristina to de-escalate. Kosovo police arrested two men."


def ingested_store(folder: Path, extractor: Extractor) -> KnowledgeGraph:
    """An Oxigraph store in ``folder`` with one small article ingested."""
    kg = KnowledgeGraph(Store.open(folder / "db"), extractor=extractor)
    src = folder / "a.txt"
    src.write_text(TEXT, encoding="utf-8")
    kg.ingest([src])
    return kg


@contextlib.contextmanager
def serving(store: Store, limits: Limits | None = None) -> Iterator[str]:
    """Run the endpoint on 127.0.0.1 in a thread; yield its base URL; stop it after."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(store, limits), host="127.0.0.1",
                                           port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "uvicorn did not start"
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
