"""Ingest throughput on Dask, run by hand; figures go to bench/RESULTS.md ("Dask and remote store").

The bundled demo corpus is repeated (each copy with its own article ids) to ``--articles``
articles, then measured:

1. extraction alone, in this process (no Dask): articles/s;
2. extraction on a LocalCluster of 1 and of 2 worker processes (spaCy loaded once per worker;
   the model load is timed apart, as a warm-up partition);
3. the whole ingest (extraction on 2 workers + SHACL check + store write in the parent) into an
   embedded Oxigraph store and, when the ``oxigraph`` binary is found, into ``oxigraph serve``
   through the Graph Store Protocol.

Usage: python bench/dask_bench.py [--articles 300] [--partition-size 32]
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import httpx

from graph.demo import corpus_files
from graph.distributed import DaskExtraction
from graph.extract import Extractor
from graph.ingest import read_inputs
from graph.kg import KnowledgeGraph
from graph.model import MODALITIES, Article
from graph.store import open_store


def corpus(n: int) -> list[Article]:
    """The demo corpus repeated to ``n`` articles, each copy with its own ids."""
    base = [a for a in read_inputs(corpus_files()) if isinstance(a, Article)]
    return [replace(base[i % len(base)], id=f"{base[i % len(base)].id}-c{i // len(base)}")
            for i in range(n)]


def rate(n: int, seconds: float) -> str:
    return f"{n / seconds:6.1f} art/s ({seconds:6.1f} s for {n})"


def start_server(folder: Path) -> tuple[subprocess.Popen[bytes], str] | None:
    beside = Path(sys.executable).with_name("oxigraph")
    binary = shutil.which("oxigraph") or (str(beside) if beside.is_file() else None)
    if binary is None:
        return None
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen([binary, "serve", "--location", str(folder), "--bind",
                             f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    for _ in range(200):
        try:
            httpx.get(f"{url}/query", params={"query": "ASK {}"}, timeout=1)
            return proc, url
        except httpx.TransportError:
            time.sleep(0.1)
    proc.terminate()
    return None


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=300)
    ap.add_argument("--partition-size", type=int, default=32)
    args = ap.parse_args()
    arts = corpus(args.articles)
    print(f"{len(arts)} articles, {sum(len(a.text) for a in arts) / 1e6:.2f} M chars; "
          f"{os.cpu_count()} cores")

    t = time.perf_counter()
    ex = Extractor()
    print(f"model load (this process): {time.perf_counter() - t:.1f} s")
    t = time.perf_counter()
    n_events = sum(len(evs) for _, evs in ex.extract_articles(arts, include=MODALITIES))
    print(f"in-process extraction:   {rate(len(arts), time.perf_counter() - t)}; "
          f"{n_events} events")

    for workers in (1, 2):
        with DaskExtraction(workers=workers, partition_size=args.partition_size) as dex:
            t = time.perf_counter()
            list(dex(arts[: workers * 2], include=MODALITIES))  # warm-up: each worker loads
            warm = time.perf_counter() - t
            t = time.perf_counter()
            got = sum(len(evs) for _, evs in dex(arts, include=MODALITIES))
            print(f"dask {workers} worker(s):       {rate(len(arts), time.perf_counter() - t)};"
                  f" {got} events; warm-up {warm:.1f} s")

    with tempfile.TemporaryDirectory() as tmp, \
            DaskExtraction(workers=2, partition_size=args.partition_size) as dex:
        list(dex(arts[:4], include=MODALITIES))
        targets: list[tuple[str, str]] = [("embedded Oxigraph", str(Path(tmp) / "db"))]
        server = start_server(Path(tmp) / "server")
        if server is not None:
            targets.append(("oxigraph serve (GSP)", server[1]))
        try:
            for name, location in targets:
                kg = KnowledgeGraph(open_store(location), extractor=ex)
                t = time.perf_counter()
                report = kg.ingest([], extract=lambda _a, include: dex(arts, include=include))
                secs = time.perf_counter() - t
                kg.close()
                print(f"ingest, 2 workers -> {name}: {rate(report.articles, secs)}; "
                      f"{report.events} events")
        finally:
            if server is not None:
                server[0].terminate()
                server[0].wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())
