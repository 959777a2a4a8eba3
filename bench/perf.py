"""Performance at scale (issue #11): ingest throughput into the embedded Oxigraph store.

Run by hand: ``PYTHONPATH=. python bench/perf.py --events 10000 50000``. Writes synthetic
articles (bench/synth.py) through the real Store API, once per article (put_article) and in
batches (put_articles), and prints events/s, triples/s and peak RSS per size.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.synth import synthetic_articles  # noqa: E402
from graph.rdf import RunInfo  # noqa: E402
from graph.store import Store  # noqa: E402

RUN = RunInfo("bench", "synthetic", "0", "2026-01-01T00:00:00")


def _triples(store: Store) -> int:
    rows = store.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
    return int(str(next(iter(rows))[0]))  # type: ignore[index]


def ingest(n_events: int, batch: int, folder: Path) -> dict[str, float]:
    """Ingest ``n_events`` synthetic events; ``batch`` 0 means one put_article per article."""
    with Store.open(folder) as store:
        before = _triples(store)
        t0 = time.perf_counter()
        pending = []
        for art, evs in synthetic_articles(n_events):
            if batch <= 0:
                store.put_article(art, evs, RUN, validate=False)
                continue
            pending.append((art, evs))
            if len(pending) >= batch:
                store.put_articles(pending, RUN, validate=False)
                pending = []
        if pending:
            store.put_articles(pending, RUN, validate=False)
        dt = time.perf_counter() - t0
        added = _triples(store) - before
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"events": n_events, "batch": batch, "seconds": dt, "events_s": n_events / dt,
            "triples_s": added / dt, "triples": added, "peak_rss_mib": rss}


def main() -> None:
    """Print one line per (size, batch) run."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--events", type=int, nargs="+", default=[10000])
    ap.add_argument("--batch", type=int, nargs="+", default=[0, 100])
    args = ap.parse_args()
    for n in args.events:
        for b in args.batch:
            with tempfile.TemporaryDirectory() as tmp:
                r = ingest(n, b, Path(tmp) / "db")
            print(" ".join(f"{k}={v:.1f}" if isinstance(v, float) else f"{k}={v}"
                           for k, v in r.items()), flush=True)


if __name__ == "__main__":
    main()
