"""Performance at scale (issue #11): ingest throughput into the embedded Oxigraph store.

Run by hand: ``PYTHONPATH=. python bench/perf.py --sizes 10000 50000``. Writes synthetic
articles (bench/synth.py) through the real Store API into a fresh Oxigraph folder per run: once
per article (``put_article``), in batches of 50 articles (``put_articles``, one transaction
each: what ``KnowledgeGraph.ingest`` does) and in batches through the bulk loader
(``put_articles(bulk=True)``, for first loads); prints events/s, triples/s and peak RSS per
size and mode. ``--validate`` adds a run with SHACL validation of every article.
"""

from __future__ import annotations

import argparse
import itertools
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.synth import synthetic_articles  # noqa: E402
from graph.rdf import RunInfo  # noqa: E402
from graph.store import Store  # noqa: E402

RUN = RunInfo("bench", "synthetic", "0", "2026-01-01T00:00:00")
#: mode name -> (articles per write, bulk loader)
MODES = {"per-article": (0, False), "batch-50": (50, False), "bulk-500": (500, True)}


def _triples(store: Store) -> int:
    rows = store.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
    return int(str(next(iter(rows))[0]))  # type: ignore[index]


def ingest(n_events: int, mode: str, folder: Path, *, validate: bool = False) -> dict[str, object]:
    """Ingest ``n_events`` synthetic events into ``folder`` in ``mode``; return the figures."""
    batch, bulk = MODES[mode]
    articles = synthetic_articles(n_events)
    dt = 0.0
    with Store.open(folder) as store:
        before = _triples(store)
        while True:
            # each batch is made with the clock stopped, and dropped once written, so time and
            # peak RSS are the store's, not the synthetic corpus's
            pairs = list(itertools.islice(articles, max(batch, 1) * 10))
            if not pairs:
                break
            t0 = time.perf_counter()
            if batch <= 0:
                for art, evs in pairs:
                    store.put_article(art, evs, RUN, validate=validate)
            else:
                for k in range(0, len(pairs), batch):
                    store.put_articles(pairs[k:k + batch], RUN, validate=validate, bulk=bulk)
            dt += time.perf_counter() - t0
        added = _triples(store) - before
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"events": n_events, "mode": mode + (" +SHACL" if validate else ""),
            "seconds": round(dt, 2), "events_s": round(n_events / dt),
            "triples_s": round(added / dt), "triples": added, "peak_rss_mib": round(rss)}


def _one(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        r = ingest(args.one, args.mode, Path(tmp) / "db", validate=args.validate)
    print(json.dumps(r), flush=True)


def main() -> None:
    """Run every (size, mode) in a fresh subprocess (so peak RSS is that run's) and print a
    Markdown table."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--sizes", "--events", type=int, nargs="+", default=[10000, 50000])
    ap.add_argument("--modes", nargs="+", default=list(MODES), choices=list(MODES))
    ap.add_argument("--validate", type=int, default=0, metavar="N",
                    help="also time N events in batches of 50 with SHACL validation")
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--mode", default="batch-50", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        _one(args)
        return
    runs = [(n, m, False) for n in args.sizes for m in args.modes]
    if args.validate:
        runs.append((args.validate, "batch-50", True))
    print("| events | writes | seconds | events/s | triples/s | ratio to 150k triples/s "
          "| peak RSS MiB |\n| --- | --- | --- | --- | --- | --- | --- |", flush=True)
    for n, mode, validate in runs:
        cmd = [sys.executable, __file__, "--one", str(n), "--mode", mode]
        if validate:
            cmd.append("--validate=1")
        out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
        r = json.loads(out.strip().splitlines()[-1])
        print(f"| {r['events']:,} | {r['mode']} | {r['seconds']} | {r['events_s']:,} | "
              f"{r['triples_s']:,} | {int(r['triples_s']) / 150_000:.2f} | {r['peak_rss_mib']} |",
              flush=True)


if __name__ == "__main__":
    main()
