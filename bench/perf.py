"""Performance at scale (issue #11): ingest throughput into the embedded Oxigraph store.

Run by hand: ``PYTHONPATH=. python bench/perf.py --sizes 10000 50000``. Writes synthetic
articles (bench/synth.py) through the real Store API into a fresh Oxigraph folder per run: once
per article (``put_article``), in batches of 50 articles (``put_articles``, one transaction
each: what ``KnowledgeGraph.ingest`` does) and in batches through the bulk loader
(``put_articles(bulk=True)``, for first loads); prints events/s, triples/s and peak RSS per
size and mode. ``--validate`` adds a run with SHACL validation of every article.

``--rss-bases 10000 50000 100000`` measures whether ingest memory grows with the store: a store
of each base size is written once (bulk loader, kept in ``bench/out/perf-stores``), copied, and
a fresh subprocess ingests the same ``--rss-articles`` new articles into the copy through
``KnowledgeGraph.ingest`` (event identity, batches, no spaCy: the events are given), printing
seconds and peak RSS (``VmHWM``) of that process.
"""

from __future__ import annotations

import argparse
import itertools
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
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


STORES = Path(__file__).resolve().parent / "out" / "perf-stores"


class _GivenEvents:
    """What ``KnowledgeGraph.ingest`` asks of an extractor when the events are given."""

    model_name = "synthetic"

    def run_id(self) -> str:
        return "bench"


def _base_store(size: int) -> Path:
    """The store of ``size`` synthetic events (bulk loader), written once and reused."""
    folder, done = STORES / f"store-{size}", STORES / f"store-{size}.done"
    if done.is_file():
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    articles = synthetic_articles(size)
    with Store.open(folder) as store:
        while pairs := list(itertools.islice(articles, 500)):
            store.put_articles(pairs, RUN, validate=False, bulk=True)
        store.oxigraph.optimize()  # type: ignore[union-attr]
    done.write_text("ok\n", encoding="utf-8")
    return folder


def _peak_rss_mib() -> float:
    """Peak RSS of this process in MiB: ``VmHWM`` (reset by exec, so a subprocess does not
    inherit its parent's peak as ``ru_maxrss`` does on Linux), else ``ru_maxrss``."""
    try:
        for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def ingest_into(base: int, n_articles: int, folder: Path) -> dict[str, object]:
    """Ingest ``n_articles`` new synthetic articles into the store at ``folder`` (which holds
    ``base`` events) through ``KnowledgeGraph.ingest``; return seconds and peak RSS."""
    from graph.kg import KnowledgeGraph

    # new ids, the same actors and dates as the store's, so event identity meets stored
    # mentions as it would in a growing store
    pairs = []
    for art, events in synthetic_articles(n_articles * 10, seed=base + 7):
        doc = "new-" + art.id
        pairs.append((replace(art, id=doc),
                      [replace(e, doc_id=doc, cluster_id=f"new-{e.cluster_id}") for e in events]))
    rss_before = _peak_rss_mib()
    t0 = time.perf_counter()
    with KnowledgeGraph(Store.open(folder), extractor=_GivenEvents()) as kg:  # type: ignore[arg-type]
        report = kg.ingest([], extract=lambda stream, include: iter(pairs), validate=False)
    dt = time.perf_counter() - t0
    rss = _peak_rss_mib()
    return {"base": base, "articles": report.articles, "events": report.events,
            "seconds": round(dt, 2), "events_s": round(report.events / dt),
            "rss_before_mib": round(rss_before), "peak_rss_mib": round(rss)}


def _rss_runs(bases: list[int], n_articles: int) -> None:
    print("| events in the store | new articles (events) | seconds | events/s | RSS before "
          "MiB | peak RSS MiB |\n| --- | --- | --- | --- | --- | --- |", flush=True)
    for base in bases:
        # built in a subprocess of its own, so this process stays small
        subprocess.run([sys.executable, __file__, "--rss-build", str(base)], check=True)
        source = _base_store(base)
        with tempfile.TemporaryDirectory() as tmp:
            copy = Path(tmp) / "db"
            shutil.copytree(source, copy)
            cmd = [sys.executable, __file__, "--rss-one", str(base), "--rss-articles",
                   str(n_articles), "--rss-folder", str(copy)]
            out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
        r = json.loads(out.strip().splitlines()[-1])
        print(f"| {base:,} | {r['articles']} ({r['events']:,}) | {r['seconds']} | "
              f"{r['events_s']:,} | {r['rss_before_mib']} | {r['peak_rss_mib']} |", flush=True)


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
    ap.add_argument("--rss-bases", type=int, nargs="*", default=[], metavar="EVENTS",
                    help="instead: ingest --rss-articles new articles into stores of these sizes")
    ap.add_argument("--rss-articles", type=int, default=500, metavar="N")
    ap.add_argument("--rss-one", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--rss-build", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--rss-folder", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--mode", default="batch-50", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.rss_build is not None:
        _base_store(args.rss_build)
        return
    if args.rss_one is not None:
        print(json.dumps(ingest_into(args.rss_one, args.rss_articles, args.rss_folder)))
        return
    if args.rss_bases:
        _rss_runs(args.rss_bases, args.rss_articles)
        return
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
