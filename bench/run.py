"""newsgraph benchmarks, run by hand (``make bench``); figures go to bench/RESULTS.md.

1. extraction quality on the PLOVER gold set (../shared/eval, when present): our ``newsgraph
   eval`` and the reference scorer on ``newsgraph extract --format jsonl`` output;
2. confidence calibration: precision of predictions above and below 0.5;
3. speed: spaCy parsing alone vs parsing + extraction on the same texts (target: within 25%);
4. event dates: share of asserted events on our own dated sentences (bench/data/dated.jsonl)
   that carry the right date;
5. ingest of the sample corpus into an Oxigraph store: time, mentions, clusters.

Usage: python bench/run.py [--write]   (--write replaces the generated block of RESULTS.md)
"""

from __future__ import annotations

import argparse
import json
import platform
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
GOLD = SHARED / "eval" / "plover-gsr.jsonl"
SCORER = SHARED / "eval" / "score.py"
DATED = REPO / "bench" / "data" / "dated.jsonl"
RESULTS = REPO / "bench" / "RESULTS.md"
HELDOUT = REPO / "bench" / "data" / "heldout.jsonl"
BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"


def _machine() -> str:
    import os

    mem = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem = f", {int(line.split()[1]) / 1024 / 1024:.0f} GiB"
    except OSError:
        pass
    return (f"{platform.machine()}, {os.cpu_count()} cores{mem}, Python "
            f"{platform.python_version()}, {platform.system()}")


def bench_eval(ex: object, out: list[str]) -> None:
    from graph import evaluate

    if not GOLD.is_file():
        out.append(f"- gold set not present ({GOLD.name}); skipped")
        return
    from graph.model import DEFAULT_MIN_CONFIDENCE as TH

    with tempfile.TemporaryDirectory() as tmp:
        # every event the rules find (threshold 0), for the calibration; the default output
        # is the same run filtered at the default threshold
        every = Path(tmp) / "every.jsonl"
        t0 = time.perf_counter()
        res_all = evaluate.evaluate_file(GOLD, ex, pred_out=every)  # type: ignore[arg-type]
        dt = time.perf_counter() - t0
        records = [json.loads(line) for line in every.read_text().splitlines() if line.strip()]
        pred = Path(tmp) / "pred.jsonl"
        kept = [r for r in records if r["confidence"] >= TH]
        pred.write_text("".join(json.dumps(r) + "\n" for r in kept), encoding="utf-8")
        res = evaluate.score(evaluate.read_gold(GOLD), kept)
        ref = subprocess.run([sys.executable, str(SCORER), str(GOLD), str(pred)],
                             capture_output=True, text=True, check=False).stdout
        ref_f1 = ref.strip().splitlines()[-1] if ref.strip() else "?"
        # the CLI path too, with its default threshold: newsgraph extract --format jsonl
        cli_pred = Path(tmp) / "cli.jsonl"
        subprocess.run([sys.executable, "-m", "graph.cli", "extract", str(GOLD), "--format",
                        "jsonl", "-o", str(cli_pred), "--no-progress"], check=False,
                       capture_output=True)
        cli = subprocess.run([sys.executable, str(SCORER), str(GOLD), str(cli_pred)],
                             capture_output=True, text=True, check=False).stdout
        cli_f1 = cli.strip().splitlines()[-1] if cli.strip() else "?"
    fp_keys = {(r.get("event_id"), r.get("doc_id")) for r in
               (e["event"] for e in res_all.errors if e["kind"] == "FP") if isinstance(r, dict)}
    hi = [r for r in records if r["confidence"] >= TH]
    lo = [r for r in records if r["confidence"] < TH]

    def prec(rs: list[dict[str, object]]) -> str:
        if not rs:
            return "n/a (0 events)"
        tp = sum((r["event_id"], r["doc_id"]) not in fp_keys for r in rs)
        return f"{tp / len(rs):.3f} ({tp}/{len(rs)})"

    out += [
        f"- gold: `{GOLD.name}`, {res.documents} sentences, {res.gold} events; "
        f"{res_all.pred} events found in {dt:.1f} s, {res.pred} at or above the default "
        f"confidence {TH}",
        f"- `newsgraph eval` (default, confidence >= {TH}): P {res.precision:.3f}  "
        f"R {res.recall:.3f}  **F1 {res.f1:.3f}** on (source, type, target); F1 "
        f"{res.f1_notgt:.3f} ignoring the target; CAMEO-root F1 {res.cameo_f1:.3f}; type "
        f"accuracy over matched pairs {res.type_accuracy:.3f}",
        f"- reference scorer on the same predictions: `{ref_f1}`; on `newsgraph extract "
        f"--format jsonl` output: `{cli_f1}`",
        f"- confidence calibration over every event: precision of events with confidence "
        f">= {TH}: {prec(hi)}; below {TH}: {prec(lo)}",
        f"- with `--min-confidence 0` (every event): P {res_all.precision:.3f}  "
        f"R {res_all.recall:.3f}  F1 {res_all.f1:.3f}",
    ]


def bench_heldout(ex: object, out: list[str]) -> None:
    """Our own held-out gold set (bench/data/heldout.jsonl), annotated blind: a check that the
    figures on the development set carry over to sentences the rules were not tuned on."""
    from graph import evaluate
    from graph.model import DEFAULT_MIN_CONFIDENCE as TH

    with tempfile.TemporaryDirectory() as tmp:
        every = Path(tmp) / "every.jsonl"
        res_all = evaluate.evaluate_file(HELDOUT, ex, pred_out=every)  # type: ignore[arg-type]
        records = [json.loads(line) for line in every.read_text().splitlines() if line.strip()]
    res = evaluate.score(evaluate.read_gold(HELDOUT), [r for r in records
                                                        if r["confidence"] >= TH])
    out += [
        f"- gold: `bench/data/{HELDOUT.name}`, {res.documents} sentences, {res.gold} events",
        f"- default (confidence >= {TH}): P {res.precision:.3f}  R {res.recall:.3f}  "
        f"**F1 {res.f1:.3f}**; F1 {res.f1_notgt:.3f} ignoring the target; type accuracy over "
        f"matched pairs {res.type_accuracy:.3f}",
        f"- with `--min-confidence 0`: P {res_all.precision:.3f}  R {res_all.recall:.3f}  "
        f"F1 {res_all.f1:.3f}",
    ]


def bench_speed(ex: object, out: list[str]) -> None:
    from graph.demo import corpus_files
    from graph.extract.clauses import extract_events
    from graph.ingest import read_inputs
    from graph.model import Article

    arts = [a for a in read_inputs([str(p) for p in corpus_files()]) if isinstance(a, Article)]
    if GOLD.is_file():
        for n, line in enumerate(GOLD.read_text(encoding="utf-8").splitlines()):
            item = json.loads(line)
            arts.append(Article(id=str(item["id"]), text=item["text"], origin=f"gold:{n}"))
    arts = arts * 3
    from graph.nlp import parse as parse_articles

    nlp = ex.nlp  # type: ignore[attr-defined]
    list(parse_articles(nlp, arts[:20]))  # warm up
    t0 = time.perf_counter()
    parsed = list(parse_articles(nlp, arts, batch_size=16))  # what production parses
    parse = time.perf_counter() - t0
    t0 = time.perf_counter()
    n_events = 0
    for doc, art in parsed:
        n_events += len(extract_events(doc, art, ex.lexicon, ex.resolver))  # type: ignore[attr-defined]
    docs = [doc for doc, _ in parsed]
    rules = time.perf_counter() - t0
    words = sum(len(d) for d in docs)
    out += [
        f"- {len(arts)} texts, {words:,} tokens: spaCy parse {parse:.2f} s "
        f"({words / parse:,.0f} tokens/s); extraction rules on the parses {rules:.2f} s "
        f"(**+{100 * rules / parse:.1f}%** over spaCy alone; target <= 25%), {n_events} events",
    ]


def bench_dates(ex: object, out: list[str]) -> None:
    if not DATED.is_file():
        out.append("- bench/data/dated.jsonl missing; skipped")
        return
    items = [json.loads(line) for line in DATED.read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.startswith("#")]
    right = total = with_events = 0
    misses = []
    for item in items:
        events = ex.extract_text(item["text"], published=item["published"])  # type: ignore[attr-defined]
        total += 1
        if not events:
            misses.append(f"no event: {item['text'][:60]}")
            continue
        with_events += 1
        got = {e.time.value for e in events if e.time}
        if item["date"] in got:
            right += 1
        else:
            misses.append(f"{sorted(got)} != {item['date']}: {item['text'][:60]}")
    out.append(f"- {total} dated sentences of our own; {with_events} gave an asserted event; "
               f"**{right}/{with_events} = {right / max(with_events, 1):.3f}** of those carry the "
               f"right date ({right / max(total, 1):.3f} of all sentences)")
    for m in misses[:8]:
        out.append(f"  - {m}")


def bench_ingest(out: list[str]) -> None:
    from graph.demo import corpus_files
    from graph.kg import open_graph

    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        with open_graph(Path(tmp) / "db") as kg:
            rep = kg.ingest([str(p) for p in corpus_files()])
            t1 = time.perf_counter()
            ncl = kg.store.count_clusters()
            nev = kg.store.count_events()
            t2 = time.perf_counter()
            kg.query(name="dyads")
            t3 = time.perf_counter()
    out.append(f"- sample corpus: {rep.articles} articles -> {nev} mentions, {ncl} clusters; "
               f"ingest {t1 - t0:.1f} s (model load included), saved query `dyads` "
               f"{1000 * (t3 - t2):.0f} ms")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--write", action="store_true", help="update bench/RESULTS.md")
    args = ap.parse_args()
    sys.path.insert(0, str(REPO))
    from graph.extract import Extractor

    ex = Extractor(min_confidence=0.0)
    out = [f"Run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {_machine()}.", ""]
    for title, fn in (("Extraction quality (PLOVER gold set)", lambda: bench_eval(ex, out)),
                      ("Extraction quality (our held-out set)", lambda: bench_heldout(ex, out)),
                      ("Speed", lambda: bench_speed(ex, out)),
                      ("Event dates", lambda: bench_dates(ex, out)),
                      ("Store", lambda: bench_ingest(out))):
        out.append(f"### {title}")
        fn()
        out.append("")
    text = "\n".join(out)
    print(text)
    if args.write:
        old = RESULTS.read_text(encoding="utf-8") if RESULTS.is_file() else f"{BEGIN}\n{END}\n"
        head, _, rest = old.partition(BEGIN)
        _, _, tail = rest.partition(END)
        RESULTS.write_text(f"{head}{BEGIN}\n{text}\n{END}{tail}", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
