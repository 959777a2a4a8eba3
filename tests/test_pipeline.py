"""End to end: ingest into the real stores, re-ingest, bad input, the CLI, the demo, SHACL."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import graph as ng
from graph.cli import main
from graph.demo import corpus_files
from graph.extract import Extractor
from graph.kg import KnowledgeGraph

ARTICLE = """Kosovo police arrested two men near Zvecan on Monday, the interior ministry said.

NATO called on Belgrade and Pristina to de-escalate. The Alliance also condemned the attacks on
KFOR troops.
"""


def _write(tmp_path: Path, name: str, text: str) -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_public_api_is_sorted_and_complete() -> None:
    assert ng.__all__ == sorted(ng.__all__)
    for name in ng.__all__:
        assert getattr(ng, name) is not None


def test_ingest_then_reingest_changes_nothing(kg: KnowledgeGraph, tmp_path: Path) -> None:
    src = _write(tmp_path, "a.jsonl", json.dumps(
        {"id": "a1", "text": ARTICLE, "date": "2023-07-11", "source": "Test Wire"}) + "\n")
    first = kg.ingest([src])
    assert first.articles == 1 and first.errors == () and first.events >= 3
    n = kg.store.count_events()
    frame = kg.events()
    assert {"XKXCOP", "NATO"} <= set(frame["source_id"])
    assert set(frame["target_id"].dropna()) >= {"SRBGOV", "XKXGOV"}
    assert (frame["doc_id"] == "a1").all() and (frame["publisher"] == "Test Wire").all()
    again = kg.ingest([src])
    assert again.skipped == 1 and kg.store.count_events() == n


def test_edited_article_replaces_its_events(kg: KnowledgeGraph, tmp_path: Path) -> None:
    src = _write(tmp_path, "a.jsonl", json.dumps({"id": "a1", "text": ARTICLE,
                                                  "date": "2023-07-11"}) + "\n")
    kg.ingest([src])
    edited = "Serbia accused Kosovo of provoking the clashes in Zvecan."
    _write(tmp_path, "a.jsonl", json.dumps({"id": "a1", "text": edited,
                                            "date": "2023-07-12"}) + "\n")
    kg.ingest([src])
    frame = kg.events()
    assert set(frame["source_id"]) == {"SRB"} and set(frame["plover"]) == {"ACCUSE"}


def test_bad_inputs_are_reported_and_the_batch_goes_on(kg: KnowledgeGraph,
                                                       tmp_path: Path) -> None:
    good = _write(tmp_path, "good.txt", ARTICLE)
    kg.ingest([good])
    before = kg.store.count_events()
    empty = _write(tmp_path, "empty.txt", "")
    binary = tmp_path / "bin.txt"
    binary.write_bytes(b"\x00\x01\x02PNG\x00" * 100)
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Belgrade accused Pristina of provocations \xe9t\xe9.".encode("latin-1"))
    jsonl = _write(tmp_path, "bad.jsonl", '{"id": "x", "text": "NATO condemned Russia."}\n'
                   "not json\n" '{"id": "y"}\n')
    report = kg.ingest([empty, binary, latin, jsonl, tmp_path / "missing.txt"])
    joined = "\n".join(report.errors)
    for name in ("empty.txt", "bin.txt", "latin.txt", "bad.jsonl:2", "bad.jsonl:3",
                 "missing.txt"):
        assert name in joined, f"no error names {name}: {joined}"
    assert report.articles == 1  # the one good JSONL line
    assert kg.store.count_events() >= before  # nothing already stored was lost


def test_cli_extract_jsonl_contract(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = _write(tmp_path, "a.jsonl", json.dumps({"id": "d1", "text": ARTICLE,
                                                  "date": "2023-07-11"}) + "\n")
    out = tmp_path / "ev.jsonl"
    assert main(["extract", str(src), "--format", "jsonl", "-o", str(out), "--no-progress"]) == 0
    recs = [json.loads(x) for x in out.read_text().splitlines()]
    assert recs and all(r["doc_id"] == "d1" for r in recs)
    for r in recs:
        assert {"event_id", "sentence", "char_start", "char_end", "source", "target", "action",
                "modality", "confidence", "date", "date_precision", "reported"} <= set(r)
        assert ARTICLE[r["char_start"]:r["char_end"]] == r["sentence"]
    arrest = next(r for r in recs if r["action"]["plover"] == "COERCE")
    assert arrest["date"] == "2023-07-10" and arrest["source"]["country"] == "XKX"
    # by default the events under 0.5 are left out ("The Alliance also condemned the attacks"
    # has no target); --min-confidence 0 keeps them, a higher threshold keeps fewer
    assert all(r["confidence"] >= 0.5 for r in recs)
    every = tmp_path / "every.jsonl"
    assert main(["extract", str(src), "-o", str(every), "--no-progress",
                 "--min-confidence", "0"]) == 0
    kept_all = [json.loads(x) for x in every.read_text().splitlines()]
    assert len(kept_all) > len(recs)
    assert any(r["action"]["plover"] == "ACCUSE" and r["target"] is None for r in kept_all)
    sure = tmp_path / "sure.jsonl"
    assert main(["extract", str(src), "-o", str(sure), "--no-progress",
                 "--min-confidence", "0.85"]) == 0
    kept = [json.loads(x) for x in sure.read_text().splitlines()]
    assert kept and len(kept) < len(recs) and all(r["confidence"] >= 0.85 for r in kept)


def test_cli_ingest_query_export(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = _write(tmp_path, "a.txt", ARTICLE)
    store = str(tmp_path / "db")
    assert main(["ingest", str(src), "--store", store, "--no-progress"]) == 0
    assert "event mentions" in capsys.readouterr().out
    assert main(["query", "--name", "dyads", "--store", store, "--format", "csv"]) == 0
    csv_out = capsys.readouterr().out
    assert "NATO" in csv_out and "SRBGOV" in csv_out
    assert main(["query", "SELECT (COUNT(?e) AS ?n) WHERE { ?e a sem:Event }", "--store", store,
                 "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert int(data["results"]["bindings"][0]["n"]["value"]) >= 3
    gexf = tmp_path / "g.gexf"
    assert main(["export", "gexf", "--store", store, "--out", str(gexf)]) == 0
    assert gexf.read_text(encoding="utf-8").startswith("<?xml")
    assert main(["query", "--name", "no-such-query", "--store", store]) == 1
    assert "no-such-query" in capsys.readouterr().err


def test_cli_help_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    text = capsys.readouterr().out
    for cmd in ("ingest", "extract", "query", "analyze", "timeline", "export", "eval", "serve",
                "demo", "validate"):
        assert cmd in text


@pytest.mark.slow
def test_demo_writes_every_export_and_conforms(tmp_path: Path, extractor: Extractor,
                                               shared_dir: Path) -> None:
    from graph import demo

    lines: list[str] = []
    out = tmp_path / "exports"
    assert demo.run(out, echo=lines.append) == 0
    for name in ("timeline.html", "graph.gexf", "graph.graphml", "events.ttl", "events.jsonl",
                 "analysis.json"):
        assert (out / name).stat().st_size > 0, name
    assert any("SHACL: conforms" in x for x in lines)
    recs = [json.loads(x) for x in (out / "events.jsonl").read_text().splitlines()]
    assert len({r["date"] for r in recs}) >= 8  # a timeline of many dates, not one
    assert len({r["doc_id"] for r in recs}) >= 12
    report = json.loads((out / "analysis.json").read_text())
    assert report["counts"]["actors"] >= 5
    html = (out / "timeline.html").read_text(encoding="utf-8")
    assert "Plotly.newPlot" in html and len(html) > 3_000_000  # plotly.js embedded
    assert not re.search(r"<script[^>]+src=", html)  # no external script: works offline
    rng = shared_dir / "gexf-schema" / "1.3" / "gexf.rng"
    if rng.is_file():
        from graph.export import validate_gexf

        validate_gexf(out / "graph.gexf", rng)
    assert len(corpus_files()) >= 12
