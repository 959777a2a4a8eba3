"""``newsgraph demo``: the bundled sample corpus through every stage, into one folder.

Ingests ``graph/data/corpus`` into an Oxigraph store in ``OUT/newsgraph.db`` and writes
timeline.html, graph.gexf, graph.graphml, events.ttl, events.jsonl and analysis.json.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from graph import analysis, resources, timeline
from graph.kg import open_graph
from graph.model import Article, Event

__all__ = ["CORPUS_SUFFIXES", "corpus_files", "run"]

#: files of the corpus folder that are articles (its README is not)
CORPUS_SUFFIXES = (".txt", ".html", ".htm", ".jsonl")


def corpus_files(folder: Path | None = None) -> list[Path]:
    """The article files of the bundled sample corpus, sorted."""
    folder = folder or resources.corpus_dir()
    return sorted(p for p in folder.iterdir() if p.suffix.lower() in CORPUS_SUFFIXES)


def run(out: Path, *, model: str | None = None, echo: Callable[[str], None] = print) -> int:
    """Run the demo into ``out``; returns 0, or 1 when an input failed or SHACL rejects."""
    out.mkdir(parents=True, exist_ok=True)
    records: list[dict[str, object]] = []

    def keep(article: Article, events: list[Event], status: str) -> None:
        records.extend(e.to_json() for e in events)

    files = corpus_files()
    echo(f"newsgraph demo: {len(files)} corpus files -> {out}/")
    with open_graph(out / "newsgraph.db", model=model) as kg:
        report = kg.ingest([str(f) for f in files], on_article=keep,
                           on_error=lambda m: echo(f"error: {m}"))
        echo(f"stored {report.articles} articles: {report.events} event mentions, "
             f"{report.clusters} event clusters")
        with open(out / "events.jsonl", "w", encoding="utf-8") as fh:
            for rec in records:
                fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
        fig = kg.timeline(title="Kosovo, Serbia and NATO in 2023: events from the sample corpus")
        timeline.write_html(fig, out / "timeline.html")
        for name, fmt in (("graph.gexf", "gexf"), ("graph.graphml", "graphml"),
                          ("events.ttl", "turtle")):
            kg.export(out / name, fmt)
        rep = kg.analyze()
        analysis.write_report(rep, out / "analysis.json")
        conforms, text = kg.store.validate()
        n_dates = len({r["date"] for r in records})
    for name in ("timeline.html", "graph.gexf", "graph.graphml", "events.ttl", "events.jsonl",
                 "analysis.json"):
        echo(f"  wrote {out / name} ({(out / name).stat().st_size:,} bytes)")
    echo(f"events on {n_dates} distinct dates; SHACL: {'conforms' if conforms else 'FAILS'}")
    if not conforms:
        echo(text)
    return 0 if conforms and not report.errors else 1
