"""Hostile text (markup, script breakers, CDATA ends, control characters, spreadsheet formulas)
in article text, titles and actor names: every export parses, and nothing runs.

The payloads go through the real writers: CSV (read back with the csv module), GEXF and GraphML
(parsed with lxml; GEXF also against its RELAX NG schema when the schema is at hand), SPARQL
JSON results from a real store (json module), and the timeline page, opened in headless
Chromium where no dialog may fire and no injected element may exist.
"""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from lxml import etree

from graph import sparql
from graph.export import validate_gexf, write_csv, write_gexf, write_graphml
from graph.model import Action, Actor, Article, Event, TimeValue
from graph.rdf import RunInfo
from graph.store import Store
from graph.table import EVENT_COLUMNS, FORMULA_STARTS, events_frame, spreadsheet_cell
from graph.timeline import figure, write_html

GEXF_RNG = Path(__file__).resolve().parents[2] / "shared" / "gexf-schema" / "1.3" / "gexf.rng"
CHROMIUM = Path("/usr/bin/chromium")

SCRIPT = "<script>alert(1)</script>"
BREAK = "</script><script>alert(2)</script>"
IMG = '"><img src=x onerror=alert(3)>'
CDATA = "]]>"
CONTROL = "bell\x07nul\x00vt\x0bunit\x1fdel\x7f"
FORMULA = '=HYPERLINK("http://example.invalid/x","click")'
PAYLOADS = [SCRIPT, BREAK, IMG, CDATA, CONTROL, FORMULA, "+1+2", "-3+4", "@SUM(A1:A2)"]
XML_BAD = ("\x00", "\x07", "\x0b", "\x1f")


def _events() -> tuple[list[Event], dict[str, Article]]:
    """One event per payload: in the sentence, the source actor's id and label, the title."""
    target = Actor("SRBGOV", "Government of Serbia", type="government", country="SRB")
    accuse = Action("accused", "112", "ACCUSE", 3, -2.0, name="Accuse")
    events, articles = [], {}
    for i, bad in enumerate(PAYLOADS):
        doc = f"d{i}"
        source = Actor(f"x-{i}{bad}", f"{bad} Group", in_gazetteer=False)
        sentence = f"{bad} accused Serbia {bad}"
        when = f"2024-01-{i + 1:02d}"
        events.append(Event(doc, source, accuse, sentence, 0, len(sentence), target=target,
                            time=TimeValue(when, "day", when, when),
                            reported=f"{when}T10:00:00+00:00", cluster_id=f"c{i}"))
        articles[doc] = Article(doc, sentence, title=f"{bad} title", source=bad,
                                published=when)
    return events, articles


def _frame() -> Any:
    events, articles = _events()
    return events_frame(events, articles)


def test_spreadsheet_cell_neutralises_formulas_only() -> None:
    for start in FORMULA_STARTS:
        assert spreadsheet_cell(f"{start}1") == f"'{start}1"
    assert spreadsheet_cell("NATO") == "NATO"
    assert spreadsheet_cell(-10.0) == -10.0  # numbers are not formulas
    assert spreadsheet_cell(None) is None


def test_csv_cells_are_neutralised_and_parse(tmp_path: Path) -> None:
    out = write_csv(_frame(), tmp_path / "events.csv")
    with out.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == len(PAYLOADS)
    assert list(rows[0]) == list(EVENT_COLUMNS)
    for row in rows:
        for column, cell in row.items():
            if column in {"goldstein", "confidence", "char_start", "char_end"}:
                continue
            assert not cell.startswith(FORMULA_STARTS), f"{column} would run: {cell!r}"
        assert float(row["goldstein"]) == -2.0  # a negative number stays a number
    titles = {row["title"] for row in rows}
    assert f"'{FORMULA} title" in titles and "'+1+2 title" in titles
    assert f"{SCRIPT} title" in titles  # markup is not a formula: kept as written
    assert f"'{FORMULA} accused Serbia {FORMULA}" in {row["sentence"] for row in rows}


def test_gexf_parses_and_holds_the_text(tmp_path: Path) -> None:
    out = write_gexf(_frame(), tmp_path / "g.gexf")
    raw = out.read_bytes()
    assert not any(c.encode() in raw for c in XML_BAD)
    doc = etree.parse(str(out))  # raises on anything not well-formed
    labels = [el.get("label") for el in doc.iter("{*}node")]
    assert f"{SCRIPT} Group" in labels and f"{IMG} Group" in labels
    assert f"{CDATA} Group" in labels
    assert b"<script>" not in raw  # markup is escaped in the XML, never raw
    if GEXF_RNG.is_file():
        validate_gexf(out, GEXF_RNG)
    assert nx.read_gexf(out).number_of_nodes() == len(PAYLOADS) + 1


def test_graphml_parses_and_holds_the_text(tmp_path: Path) -> None:
    for dyads in (False, True):
        out = write_graphml(_frame(), tmp_path / f"g{dyads}.graphml", dyads=dyads)
        raw = out.read_bytes()
        assert not any(c.encode() in raw for c in XML_BAD)
        etree.parse(str(out))
        G = nx.read_graphml(out)
        assert G.number_of_nodes() == len(PAYLOADS) + 1
        assert any(n.startswith("x-0<script>") for n in G.nodes)


def test_sparql_json_results_parse(tmp_path: Path) -> None:
    events, articles = _events()
    run = RunInfo("r1", "en_core_web_sm", "0.1.0", "2024-02-01T10:00:00")
    with Store.open(tmp_path / "db") as store:
        for art in articles.values():
            store.put_article(art, [e for e in events if e.doc_id == art.id], run)
        result = sparql.run(store, "SELECT ?s ?t ?l WHERE { ?e prov:wasDerivedFrom ?x . "
                                   "?x nif:anchorOf ?s ; nif:referenceContext ?art . "
                                   "?art dcterms:title ?t . ?e ng:actor ?a . "
                                   "?a ?lp ?l FILTER(isLiteral(?l)) }")
        text = sparql.format_result(result, "json")
    data = json.loads(text)
    sentences = {b["s"]["value"] for b in data["results"]["bindings"]}
    assert f"{BREAK} accused Serbia {BREAK}" in sentences
    assert f"{IMG} accused Serbia {IMG}" in sentences
    assert f"{CDATA} title" in {b["t"]["value"] for b in data["results"]["bindings"]}
    assert f"{SCRIPT} Group" in {b["l"]["value"] for b in data["results"]["bindings"]}


def test_timeline_page_escapes_script_breakers(tmp_path: Path) -> None:
    events, articles = _events()
    out = write_html(figure(events_frame(events, articles), title=SCRIPT), tmp_path / "t.html")
    page = out.read_text(encoding="utf-8")
    # the payloads live inside a <script> block of JSON: none may close it or open a tag
    assert "<script>alert" not in page
    assert "<img src=x" not in page
    if not CHROMIUM.is_file() or shutil.which(str(CHROMIUM)) is None:
        pytest.skip("needs Debian's Chromium at /usr/bin/chromium (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="needs the playwright package")
    dialogs: list[str] = []
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"],
        )
        try:
            page_ = browser.new_page()
            page_.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            page_.goto(out.as_uri())
            page_.wait_for_selector(".cartesianlayer path.point", timeout=30_000)
            page_.wait_for_timeout(300)
            assert page_.locator("img").count() == 0
            assert page_.locator("script").count() == len(
                [s for s in page.split("<script") if s][1:]
            )
            ticks = " ".join(page_.locator(".yaxislayer-above text").all_text_contents())
            assert "<script>alert(1)</script> Group" in ticks  # shown as text
        finally:
            browser.close()
    assert dialogs == []
