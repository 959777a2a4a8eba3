"""The SPARQL endpoint under sustained load, run by hand: ``python bench/load_bench.py [--write]``.

Ingests the sample corpus into a temporary Oxigraph store, starts ``newsgraph serve`` on a free
loopback port as a subprocess (the real CLI), then runs ``--phases`` phases (default 10) of
``--requests`` requests each (default 1,000) from ``--clients`` concurrent clients (default 20).
Every phase sends the same mix: the saved queries of ontology/queries (GET with CSV and POST
form with JSON in turn), ~5% malformed queries (must answer 400), ~3% bodies over
``--max-body`` (must answer 413), and two heavy queries that the time limit must cut (503):
one that streams rows (a cross product of the store with itself, cut between rows) and one
that computes everything before its first row (a GROUP BY over a cross product, ~17 s of one
core alone on the sample store), which is the kind a thread cannot stop.

After each phase the bench waits for the phase's requests, then measures the server process
(psutil): CPU use over one idle second (a cut query still running shows here), RSS, USS (memory
only this process holds) and thread count. It reports per phase p50/p95 latency of good
requests, errors on good requests, wrong answers to the bad ones and the heavy queries' status.

Memory is called flat when, after the first half of the phases (warm-up: the allocator and the
snapshot's caches fill), the RSS of the remaining phases spans at most ``FLAT_SPAN_MIB`` and its
least-squares slope is under ``FLAT_SLOPE_MIB`` per 1,000 requests. ``--write`` replaces the
"Endpoint under load" section of bench/RESULTS.md. Traffic goes to 127.0.0.1 only, bounded in
count and time.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import socket
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import httpx
import psutil

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "bench" / "RESULTS.md"
HEADING = "## Endpoint under load"
#: streams rows for hours: cut between rows at the deadline
HEAVY_STREAMING = "SELECT ?a WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
#: no row before the whole cross product is counted (~17 s of one core on the sample store)
HEAVY_BLOCKING = "SELECT ?b (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f } GROUP BY ?b"
TIMEOUT = 5.0
MAX_BODY = 100_000
#: high enough that the heavy query meets the time limit before the result cap
MAX_RESULTS = 50_000_000
#: memory is flat when the post-warm-up RSS spans at most this many MiB ...
FLAT_SPAN_MIB = 8.0
#: ... and grows by less than this many MiB per 1,000 requests (least-squares slope)
FLAT_SLOPE_MIB = 1.0


@dataclass
class Phase:
    """What one phase measured."""

    latencies: list[float] = field(default_factory=list)
    bad: list[str] = field(default_factory=list)
    heavy: dict[str, tuple[int, float]] = field(default_factory=dict)
    rss: float = 0.0
    uss: float | None = None
    threads: int = 0
    idle_cpu: float = 0.0
    seconds: float = 0.0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "graph.cli", *args]


def _pct(sorted_values: list[float], q: float) -> float:
    """The ``q`` quantile (nearest rank) of a sorted list, in ms."""
    if not sorted_values:
        return float("nan")
    return 1000 * sorted_values[max(0, int(q * len(sorted_values)) - 1)]


def _slope(values: list[float]) -> float:
    """Least-squares slope of ``values`` against their index."""
    n = len(values)
    if n < 2:
        return 0.0
    mx = (n - 1) / 2
    my = sum(values) / n
    num = sum((i - mx) * (v - my) for i, v in enumerate(values))
    den = sum((i - mx) ** 2 for i in range(n))
    return num / den


def _measure(proc: psutil.Process, phase: Phase) -> None:
    """Fill the server-side figures of ``phase``: idle CPU over 1 s, RSS, USS, threads."""
    proc.cpu_percent(None)
    time.sleep(1.0)
    phase.idle_cpu = proc.cpu_percent(None)
    # the server and any worker processes it started
    family = [proc, *proc.children(recursive=True)]
    phase.rss = sum(p.memory_info().rss for p in family) / 2**20
    try:
        phase.uss = sum(p.memory_full_info().uss for p in family) / 2**20
    except (psutil.AccessDenied, AttributeError):
        phase.uss = None
    phase.threads = sum(p.num_threads() for p in family)


def main() -> int:
    """Run the load test; print the figures (and write them with --write)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--phases", type=int, default=10)
    parser.add_argument("--requests", type=int, default=1000, help="per phase")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--no-blocking", action="store_true",
                        help="leave out the heavy query that computes before its first row")
    parser.add_argument("--write", action="store_true", help="update bench/RESULTS.md")
    args = parser.parse_args()
    sys.path.insert(0, str(REPO))
    from graph.sparql import saved_queries

    env = {**os.environ, "PYTHONPATH": str(REPO)}
    queries = list(saved_queries().values())
    rng = random.Random(7)
    heavies = {"streaming": HEAVY_STREAMING}
    if not args.no_blocking:
        heavies["blocking"] = HEAVY_BLOCKING
    phases: list[Phase] = []
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
            start = Phase()
            _measure(proc, start)
            lock = threading.Lock()

            def one(phase: Phase, kind: str, n: int, query: str) -> None:
                with httpx.Client(timeout=60) as client:
                    started = time.monotonic()
                    if kind == "malformed":
                        resp = client.get(base, params={"query": query[:-5] + " WHERE {"})
                        ok = resp.status_code == 400
                    elif kind == "oversized":
                        resp = client.post(base, content=query + "#" + "x" * MAX_BODY,
                                           headers={"Content-Type": "application/sparql-query"})
                        ok = resp.status_code == 413
                    elif n % 2:
                        resp = client.post(base, data={"query": query})
                        ok = resp.status_code == 200 and "bindings" in resp.text
                    else:
                        resp = client.get(base, params={"query": query},
                                          headers={"Accept": "text/csv"})
                        ok = resp.status_code == 200
                    elapsed = time.monotonic() - started
                with lock:
                    if kind == "good":
                        phase.latencies.append(elapsed)
                    if not ok:
                        phase.bad.append(f"{kind} {resp.status_code} {resp.text[:100]}")

            def heavy(phase: Phase, name: str, query: str) -> None:
                started = time.monotonic()
                try:
                    status = httpx.get(base, params={"query": query}, timeout=120).status_code
                except httpx.TransportError:
                    status = 0
                with lock:
                    phase.heavy[name] = (status, time.monotonic() - started)

            for p in range(args.phases):
                phase = Phase()
                plan: list[tuple[str, int, str]] = []
                for n in range(args.requests):
                    r = rng.random()
                    kind = "malformed" if r < 0.05 else "oversized" if r < 0.08 else "good"
                    plan.append((kind, n, queries[n % len(queries)]))
                t1 = time.monotonic()
                with ThreadPoolExecutor(max_workers=args.clients) as pool:
                    futures = [pool.submit(one, phase, *item) for item in plan[:100]]
                    # heavy queries go out early in the phase, beside the ordinary traffic
                    futures += [pool.submit(heavy, phase, name, q) for name, q in heavies.items()]
                    futures += [pool.submit(one, phase, *item) for item in plan[100:]]
                    for f in futures:
                        f.result()
                phase.seconds = time.monotonic() - t1
                _measure(proc, phase)
                phase.latencies.sort()
                phases.append(phase)
                print(f"phase {p + 1}: p50 {_pct(phase.latencies, 0.5):.0f} ms, p95 "
                      f"{_pct(phase.latencies, 0.95):.0f} ms, bad {len(phase.bad)}, heavy "
                      f"{phase.heavy}, RSS {phase.rss:.1f} MiB, USS {phase.uss or 0:.1f} MiB, "
                      f"threads {phase.threads}, idle CPU {phase.idle_cpu:.0f}%", flush=True)
        finally:
            stopping = time.monotonic()
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:  # a cut query still running keeps it alive
                print("the server did not stop within 30 s of SIGTERM; killed", flush=True)
                stop_s = None
                server.kill()
                server.wait(timeout=30)
            else:
                stop_s = time.monotonic() - stopping

    warm = len(phases) // 2
    tail = [ph.rss for ph in phases[warm:]]
    span = max(tail) - min(tail)
    slope = _slope(tail) * 1000 / args.requests
    flat = span <= FLAT_SPAN_MIB and slope < FLAT_SLOPE_MIB
    every = sorted(x for ph in phases for x in ph.latencies)
    good_errors = sum(1 for ph in phases for b in ph.bad if b.startswith("good"))
    wrong_bad = sum(1 for ph in phases for b in ph.bad if not b.startswith("good"))
    cut = sum(1 for ph in phases for s, _ in ph.heavy.values() if s == 503)
    for ph in phases:
        for line in ph.bad[:3]:
            print("unexpected:", line)

    def mib(x: float | None) -> str:
        return "n/a" if x is None else f"{x:.1f}"

    rows = [f"| start | | | | | | {mib(start.rss)} | {mib(start.uss)} | {start.threads} | "
            f"{start.idle_cpu:.0f} |"]
    for n, ph in enumerate(phases, 1):
        hv = ", ".join(f"{k} {s} in {t:.1f} s" for k, (s, t) in sorted(ph.heavy.items()))
        rows.append(
            f"| {n} | {len(ph.latencies)} | {_pct(ph.latencies, 0.5):.0f} | "
            f"{_pct(ph.latencies, 0.95):.0f} | {sum(1 for b in ph.bad if b.startswith('good'))}"
            f" | {hv} | {mib(ph.rss)} | {mib(ph.uss)} | {ph.threads} | {ph.idle_cpu:.0f} |"
        )
    stopped = (f"after {stop_s:.1f} s" if stop_s is not None
               else "only when killed (not within 30 s)")
    cores = os.cpu_count()
    mem = psutil.virtual_memory().total / 2**30
    total = args.phases * args.requests
    section = (
        f"{HEADING}\n\n`python bench/load_bench.py --write`, "
        f"{datetime.now(UTC):%Y-%m-%d}, {cores} cores, {mem:.0f} GiB, Python "
        f"{platform.python_version()}. `newsgraph serve` (subprocess, 4 query workers) on the "
        f"sample corpus, `--timeout {TIMEOUT:g} --max-results {MAX_RESULTS}` (so the time "
        f"limit, not the row cap, stops the heavy queries); {args.phases} phases of "
        f"{args.requests} requests from {args.clients} clients over loopback: the saved "
        "queries (GET with CSV, POST form with JSON), ~5% malformed queries (400 expected), "
        "~3% bodies over `--max-body` (413 expected), and per phase two heavy queries: "
        f"{', '.join(f'{k} `{q}`' for k, q in heavies.items())} (503 expected). Server "
        "figures (RSS and USS summed over the server and its worker processes, threads, CPU "
        "over one idle second) are taken after each phase's requests are all answered.\n\n"
        "| phase | good requests | p50 ms | p95 ms | errors on good | heavy queries "
        "(status, answered after) | RSS MiB | USS MiB | threads | idle CPU % |\n"
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n"
        + "\n".join(rows) + "\n\n"
        f"Totals: {total} requests, {len(every)} good, {good_errors} errors on good requests, "
        f"{wrong_bad} wrong answers to malformed/oversized, {cut} of "
        f"{len(phases) * len(heavies)} heavy queries cut with 503; p50 "
        f"{_pct(every, 0.5):.0f} ms, p95 {_pct(every, 0.95):.0f} ms over all phases; ingest "
        f"of the sample corpus {ingest_s:.1f} s; the server stopped on SIGTERM "
        f"{stopped}.\n\n"
        f"Memory criterion: after {warm} warm-up phases, the RSS of phases {warm + 1}-"
        f"{len(phases)} spans at most {FLAT_SPAN_MIB:g} MiB and grows by less than "
        f"{FLAT_SLOPE_MIB:g} MiB per 1,000 requests. Measured: span {span:.1f} MiB, slope "
        f"{slope:+.2f} MiB per 1,000 requests: **{'flat' if flat else 'not flat'}**.\n"
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
    return 0 if good_errors == 0 and wrong_bad == 0 and flat else 1


if __name__ == "__main__":
    sys.exit(main())
