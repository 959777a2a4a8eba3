"""Performance at scale (issue #11): queries, exports, timeline and analysis on large stores.

Run by hand: ``PYTHONPATH=. python bench/scale.py --sizes 10000 50000 100000 --write``.
For each size a store of synthetic events (bench/synth.py) is written once with the fastest
path (``put_articles(bulk=True)``) into ``--work`` (default ``bench/.scale``, reused by later
runs), then each step runs in a fresh subprocess, so its peak RSS is its own:

- every saved query of ``ontology/queries`` (parameters bound to synthetic actors);
- the events table read from the store (what export, analyze and the timeline start from);
- GEXF and GraphML export (``KnowledgeGraph.export``): seconds, file size, peak RSS;
- ``analyze``;
- the timeline page: build and write (seconds, file size), then the time headless Chromium
  (``/usr/bin/chromium`` through playwright) takes from navigation to the drawn plot.

Each step also records its CPU seconds (all threads) and the 1-minute load average when it
started: on a machine shared with other jobs the wall-clock figures swing by 2-4x, CPU time
much less. ``--steps`` runs a subset (e.g. only the readers: ``--steps frame gexf graphml
analyze timeline``).

Prints Markdown tables; ``--write`` puts them into bench/RESULTS.md between the
``<!-- scale:begin -->`` and ``<!-- scale:end -->`` markers.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import resource
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

RESULTS = REPO / "bench" / "RESULTS.md"
BEGIN, END = "<!-- scale:begin -->", "<!-- scale:end -->"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
PARAMS = {"actor": "SYN0001", "source": "SYN0001", "target": "SYN0002"}
STEPS = ("queries", "frame", "gexf", "graphml", "analyze", "timeline")


def _cpu() -> float:
    use = resource.getrusage(resource.RUSAGE_SELF)
    return use.ru_utime + use.ru_stime


def _rss() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _store_path(work: Path, size: int) -> Path:
    return work / f"store-{size}"


def build(work: Path, size: int) -> dict[str, Any]:
    """Write the store of ``size`` synthetic events once (bulk loader); reuse it after."""
    from bench.synth import synthetic_articles
    from graph.rdf import RunInfo
    from graph.store import Store

    folder, done = _store_path(work, size), work / f"store-{size}.done"
    if done.is_file():
        return json.loads(done.read_text(encoding="utf-8"))  # type: ignore[no-any-return]
    if folder.exists():
        import shutil

        shutil.rmtree(folder)  # an interrupted build: start again
    run = RunInfo("bench", "synthetic", "0", "2026-01-01T00:00:00")
    articles = synthetic_articles(size)
    spent = 0.0
    with Store.open(folder) as store:
        while pairs := list(itertools.islice(articles, 500)):
            t0 = time.perf_counter()
            store.put_articles(pairs, run, validate=False, bulk=True)
            spent += time.perf_counter() - t0
        store.oxigraph.optimize()  # type: ignore[union-attr]
        n = int(str(next(iter(store.query(
            "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")))[0]))  # type: ignore[index]
    info = {"events": size, "triples": n, "seconds": round(spent, 2),
            "triples_s": round(n / spent)}
    work.mkdir(parents=True, exist_ok=True)
    done.write_text(json.dumps(info), encoding="utf-8")
    return info


def step(work: Path, size: int, name: str) -> dict[str, Any]:
    """Run one timed step on the store of ``size`` events (in this process)."""
    from graph import sparql
    from graph.kg import KnowledgeGraph
    from graph.store import Store

    out: dict[str, Any] = {"step": name, "events": size, "load": round(os.getloadavg()[0], 1)}
    cpu0 = _cpu()
    with KnowledgeGraph(Store.open(_store_path(work, size))) as kg:
        if name == "queries":
            for qname, text in sorted(sparql.saved_queries().items()):
                wanted = {k: v for k, v in PARAMS.items() if k in sparql.query_params(text)}
                q = sparql.bind(text, **wanted) if wanted else text
                t0 = time.perf_counter()
                rows = len(list(sparql.run(kg.store, q)))
                out[qname] = {"seconds": round(time.perf_counter() - t0, 3), "rows": rows}
        elif name == "frame":
            t0 = time.perf_counter()
            out["rows"] = len(kg.events(modality=None))
            out["seconds"] = round(time.perf_counter() - t0, 2)
        elif name in ("gexf", "graphml"):
            path = work / f"export-{size}.{name}"
            t0 = time.perf_counter()
            kg.export(path)
            out["seconds"] = round(time.perf_counter() - t0, 2)
            out["mib"] = round(path.stat().st_size / 2**20, 1)
            path.unlink()
        elif name == "analyze":
            t0 = time.perf_counter()
            report = kg.analyze()
            out["seconds"] = round(time.perf_counter() - t0, 2)
            out["keys"] = len(report)
        elif name == "timeline":
            from graph.timeline import write_html

            path = work / f"timeline-{size}.html"
            t0 = time.perf_counter()
            write_html(kg.timeline(), path)
            out["seconds"] = round(time.perf_counter() - t0, 2)
            out["mib"] = round(path.stat().st_size / 2**20, 1)
            out["cpu_seconds"] = round(_cpu() - cpu0, 2)  # the page build, not the browser
            out["draw_seconds"] = _draw(path)
            path.unlink()
        else:
            raise SystemExit(f"unknown step {name!r}; one of {', '.join(STEPS)}")
    out.setdefault("cpu_seconds", round(_cpu() - cpu0, 2))
    out["peak_rss_mib"] = _rss()
    return out


def _draw(page_path: Path) -> float | None:
    """Seconds from navigation to a drawn plot in headless Chromium (None without it)."""
    if not CHROMIUM.is_file():
        return None
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            t0 = time.perf_counter()
            # time to the drawn plot, not to the load event: the page's drill-down JSON comes
            # after the plot and is read by the browser after it has drawn
            page.goto(page_path.as_uri(), timeout=300_000, wait_until="commit")
            # drawn: Plotly.newPlot has resolved (the page marks the div) and the points are
            # there, as SVG paths or on the WebGL canvas
            page.wait_for_function(
                """() => { const d = document.querySelector('.js-plotly-plot');
                           return d && d._fullLayout && d.dataset.ngDrawn === '1' &&
                                  d.querySelector('.main-svg') &&
                                  (d.querySelector('.cartesianlayer path.point') ||
                                   d.querySelector('canvas')); }""",
                timeout=300_000, polling="raf")
            # two animation frames: the drawn frame has been painted
            page.evaluate("() => new Promise(r => requestAnimationFrame(() => "
                          "requestAnimationFrame(r)))")
            return round(time.perf_counter() - t0, 2)
        finally:
            browser.close()


def _sub(*args: str) -> dict[str, Any]:
    cmd = [sys.executable, __file__, *args]
    done = subprocess.run(cmd, check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def _growth(values: list[float]) -> str:
    """Cost relative to the smallest size, e.g. ``1 / 4.8 / 9.9``."""
    base = values[0] or 1e-9
    return " / ".join(f"{v / base:.1f}" for v in values)


def tables(results: dict[int, dict[str, Any]], exports: dict[int, dict[str, Any]]) -> str:
    """The Markdown tables of one run."""
    sizes = sorted(results)
    cols = " | ".join(f"{n:,} events" for n in sizes)
    sep = " | ".join("---" for _ in sizes)
    lines = [f"| figure | target | {cols} | ratio to target (largest) | growth |",
             f"| --- | --- | {sep} | --- | --- |"]

    def row(label: str, target: float | None, values: list[float], unit: str = "s") -> None:
        ratio = f"{values[-1] / target:.2f}" if target else "-"
        cells = " | ".join(f"{v:g}" for v in values)
        tgt = f"< {target:g} {unit}" if target else "-"
        lines.append(f"| {label} | {tgt} | {cells} | {ratio} | {_growth(values)} |")

    row("store: triples", None, [results[n]["build"]["triples"] for n in sizes], "")
    row("store: bulk write, s", None, [results[n]["build"]["seconds"] for n in sizes])
    def have(name: str) -> bool:
        return all(name in results[n] for n in sizes)

    def cpu(label: str, name: str) -> None:
        if all("cpu_seconds" in results[n][name] for n in sizes):
            row(f"{label}, CPU s", None, [results[n][name]["cpu_seconds"] for n in sizes])

    if have("queries"):
        for q in sorted(results[sizes[0]]["queries"]):
            if q in ("step", "events", "peak_rss_mib", "load", "cpu_seconds"):
                continue
            row(f"query `{q}`, s", 1, [results[n]["queries"][q]["seconds"] for n in sizes])
    if have("frame"):
        row("events table from the store, s", None,
            [results[n]["frame"]["seconds"] for n in sizes])
        cpu("events table from the store", "frame")
    for fmt in ("gexf", "graphml"):
        if have(fmt):
            row(f"{fmt.upper()} export, s", None, [results[n][fmt]["seconds"] for n in sizes])
            cpu(f"{fmt.upper()} export", fmt)
            row(f"{fmt.upper()} export, peak RSS MiB", None,
                [results[n][fmt]["peak_rss_mib"] for n in sizes], "MiB")
    if have("analyze"):
        row("`analyze`, s", 5, [results[n]["analyze"]["seconds"] for n in sizes])
        cpu("`analyze`", "analyze")
    if have("timeline"):
        row("timeline: build + write HTML, s", None,
            [results[n]["timeline"]["seconds"] for n in sizes])
        cpu("timeline: build + write HTML", "timeline")
        row("timeline: HTML size, MiB", None,
            [results[n]["timeline"]["mib"] for n in sizes], "MiB")
        draws = [results[n]["timeline"]["draw_seconds"] for n in sizes]
        if all(d is not None for d in draws):
            row("timeline: load and draw in headless Chromium, s", 3, draws)
    loads = [r["load"] for n in sizes for r in results[n].values() if "load" in r]
    if loads:
        lines.append(f"| load average (1 min) at the steps' start | - | "
                     f"{' | '.join('-' for _ in sizes)} | {min(loads)}-{max(loads)} | - |")
    out = "\n".join(lines)
    if exports:
        out += ("\n\n| export | events | seconds (target < 10) | ratio | CPU s | file MiB | "
                "peak RSS MiB | load |\n| --- | --- | --- | --- | --- | --- | --- | --- |")
        for n in sorted(exports):
            for fmt in ("gexf", "graphml"):
                r = exports[n][fmt]
                out += (f"\n| {fmt.upper()} | {n:,} | {r['seconds']} | {r['seconds'] / 10:.2f} | "
                        f"{r.get('cpu_seconds', '-')} | {r['mib']} | {r['peak_rss_mib']} | "
                        f"{r.get('load', '-')} |")
    return out


def main() -> None:
    """Build the stores, run every step in a subprocess, print (and --write) the tables."""
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[10000, 50000, 100000])
    ap.add_argument("--export-sizes", type=int, nargs="*", default=[200000],
                    help="sizes for the GEXF/GraphML export target only (default 200000)")
    ap.add_argument("--work", type=Path, default=REPO / "bench" / ".scale",
                    help="folder for the stores (kept and reused)")
    ap.add_argument("--write", action="store_true", help="write the tables to RESULTS.md")
    ap.add_argument("--steps", nargs="+", choices=STEPS, default=list(STEPS),
                    help="steps to run at each size (default: all)")
    ap.add_argument("--step", help=argparse.SUPPRESS)
    ap.add_argument("--size", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.step == "build":
        print(json.dumps(build(args.work, args.size)))
        return
    if args.step:
        print(json.dumps(step(args.work, args.size, args.step)))
        return
    started = time.perf_counter()
    results: dict[int, dict[str, Any]] = {}
    for n in args.sizes:
        results[n] = {"build": _sub("--step", "build", "--size", str(n), "--work", str(args.work))}
        for name in args.steps:
            results[n][name] = _sub("--step", name, "--size", str(n), "--work", str(args.work))
            print(json.dumps(results[n][name]), file=sys.stderr, flush=True)
    exports: dict[int, dict[str, Any]] = {}
    for n in args.export_sizes:
        _sub("--step", "build", "--size", str(n), "--work", str(args.work))
        exports[n] = {f: _sub("--step", f, "--size", str(n), "--work", str(args.work))
                      for f in ("gexf", "graphml")}
    text = tables(results, exports)
    steps = "" if args.steps == list(STEPS) else f" --steps {' '.join(args.steps)}"
    stamp = (f"`python bench/scale.py --sizes {' '.join(map(str, args.sizes))}{steps}`, "
             f"{datetime.now(UTC):%Y-%m-%d}, 2 cores, 24 GiB, Python {platform.python_version()}; "
             f"whole run {time.perf_counter() - started:.0f} s (stores reused when present).")
    print(stamp + "\n\n" + text)
    if args.write:
        body = RESULTS.read_text(encoding="utf-8")
        block = f"{BEGIN}\n{stamp}\n\n{text}\n{END}"
        if BEGIN in body and END in body:
            body = body[:body.index(BEGIN)] + block + body[body.index(END) + len(END):]
        else:
            body = body.rstrip("\n") + "\n\n" + block + "\n"
        RESULTS.write_text(body, encoding="utf-8")


if __name__ == "__main__":
    main()
