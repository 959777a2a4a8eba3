"""The SPARQL endpoint under load, run by hand: ``python bench/load_bench.py [--write]``.

Ingests the sample corpus into a temporary Oxigraph store, starts ``newsgraph serve`` on a free
loopback port as a subprocess (the real CLI), then sends 2,000 requests from 20 concurrent
clients: the saved queries of ontology/queries (GET and POST in turn), with some malformed
queries (must answer 400) and some oversized bodies (must answer 413). Halfway through, one
heavy query (a cross product of the store with itself) is sent: it must be cut by the time
limit (503) while the other clients go on being answered.

Reports errors on good requests (must be 0), p50/p95/max latency, the server's RSS before and
after (psutil), and the heavy query's status and time. ``--write`` replaces the "Endpoint under
load" section of bench/RESULTS.md. Traffic goes to 127.0.0.1 only, bounded in count and time.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

import httpx
import psutil

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "bench" / "RESULTS.md"
HEADING = "## Endpoint under load"
HEAVY = "SELECT ?a WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
TIMEOUT = 5.0
MAX_BODY = 100_000
#: high enough that the heavy query meets the time limit before the result cap
MAX_RESULTS = 50_000_000


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "graph.cli", *args]


def main() -> int:
    """Run the load test; print the figures (and write them with --write)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--write", action="store_true", help="update bench/RESULTS.md")
    args = parser.parse_args()
    sys.path.insert(0, str(REPO))
    from graph.sparql import saved_queries

    env = {**os.environ, "PYTHONPATH": str(REPO)}
    queries = list(saved_queries().values())
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as tmp:
        store = Path(tmp) / "db"
        t0 = time.monotonic()
        subprocess.run(_cli("ingest", str(REPO / "graph" / "data" / "corpus"), "--store",
                            str(store), "--no-progress"), check=True, env=env)
        ingest_s = time.monotonic() - t0
        port = _free_port()
        server = subprocess.Popen(
            _cli("serve", "--store", str(store), "--port", str(port), "--timeout", str(TIMEOUT),
                 "--max-body", str(MAX_BODY), "--max-results", str(MAX_RESULTS)), env=env)
        base = f"http://127.0.0.1:{port}/sparql"
        try:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                try:
                    if httpx.get(f"http://127.0.0.1:{port}/health", timeout=2).status_code == 200:
                        break
                except httpx.TransportError:
                    time.sleep(0.2)
            proc = psutil.Process(server.pid)
            rss_before = proc.memory_info().rss
            plan: list[tuple[str, str]] = []
            for n in range(args.requests):
                r = rng.random()
                kind = "malformed" if r < 0.05 else "oversized" if r < 0.08 else "good"
                plan.append((kind, queries[n % len(queries)]))
            latencies: list[float] = []
            bad: list[str] = []
            lock = threading.Lock()
            heavy: dict[str, float] = {}

            def one(i: int) -> None:
                kind, query = plan[i]
                with httpx.Client(timeout=60) as client:
                    started = time.monotonic()
                    if kind == "malformed":
                        resp = client.get(base, params={"query": query[:-5] + " WHERE {"})
                        ok = resp.status_code == 400
                    elif kind == "oversized":
                        resp = client.post(base, content=query + "#" + "x" * MAX_BODY,
                                           headers={"Content-Type": "application/sparql-query"})
                        ok = resp.status_code == 413
                    elif i % 2:
                        resp = client.post(base, data={"query": query})
                        ok = resp.status_code == 200 and "bindings" in resp.text
                    else:
                        resp = client.get(base, params={"query": query},
                                          headers={"Accept": "text/csv"})
                        ok = resp.status_code == 200
                    elapsed = time.monotonic() - started
                with lock:
                    if kind == "good":
                        latencies.append(elapsed)
                    if not ok:
                        bad.append(f"{kind} {resp.status_code} {resp.text[:100]}")

            def send_heavy() -> None:
                started = time.monotonic()
                resp = httpx.get(base, params={"query": HEAVY}, timeout=120)
                heavy.update(status=resp.status_code, seconds=time.monotonic() - started)

            t1 = time.monotonic()
            heavy_thread = threading.Thread(target=send_heavy)
            with ThreadPoolExecutor(max_workers=args.clients) as pool:
                futures = [pool.submit(one, i) for i in range(args.requests // 2)]
                heavy_thread.start()
                futures += [pool.submit(one, i) for i in range(args.requests // 2, args.requests)]
                for f in futures:
                    f.result()
            heavy_thread.join(timeout=120)
            wall = time.monotonic() - t1
            rss_after = proc.memory_info().rss
        finally:
            server.terminate()
            server.wait(timeout=30)
    latencies.sort()
    good = len(latencies)
    figures = {
        "requests": args.requests,
        "clients": args.clients,
        "good requests": good,
        "errors on good requests": sum(1 for b in bad if b.startswith("good")),
        "wrong answers to malformed/oversized": sum(1 for b in bad if not b.startswith("good")),
        "p50 latency (ms)": round(1000 * statistics.median(latencies), 1),
        "p95 latency (ms)": round(1000 * latencies[int(0.95 * good) - 1], 1),
        "max latency (ms)": round(1000 * latencies[-1], 1),
        "throughput (req/s)": round(args.requests / wall, 1),
        "server RSS before (MiB)": round(rss_before / 2**20, 1),
        "server RSS after (MiB)": round(rss_after / 2**20, 1),
        f"heavy query status (timeout {TIMEOUT:g} s)": int(heavy.get("status", 0)),
        "heavy query answered after (s)": round(heavy.get("seconds", float("nan")), 2),
        "ingest of the sample corpus (s)": round(ingest_s, 1),
    }
    for line in bad[:10]:
        print("unexpected:", line)
    table = "\n".join(f"| {k} | {v} |" for k, v in figures.items())
    cores = os.cpu_count()
    mem = psutil.virtual_memory().total / 2**30
    section = (
        f"{HEADING}\n\n`python bench/load_bench.py --write`, "
        f"{datetime.now(UTC):%Y-%m-%d}, {cores} cores, {mem:.0f} GiB, Python "
        f"{platform.python_version()}. `newsgraph serve` (subprocess, 4 query threads) on the "
        "sample corpus; 20 clients over loopback send the saved queries (GET with CSV, POST "
        "form with JSON) with ~5% malformed queries (400 expected) and ~3% bodies over "
        "`--max-body` (413 expected); one cross-product query is sent halfway "
        "(`--timeout 5 --max-results 50000000`, so "
        "the time limit, not the row cap, is what stops it).\n\n"
        f"| figure | value |\n| --- | --- |\n{table}\n"
    )
    print(section)
    if args.write:
        text = RESULTS.read_text(encoding="utf-8")
        if HEADING in text:
            head, rest = text.split(HEADING, 1)
            nxt = rest.find("\n## ")
            text = head + section + (rest[nxt:] if nxt != -1 else "")
        else:
            text = text.rstrip("\n") + "\n\n" + section
        RESULTS.write_text(text, encoding="utf-8")
    return 0 if figures["errors on good requests"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
