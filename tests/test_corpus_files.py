"""Checks on the bundled sample corpus (graph/data/corpus) as plain files.

The corpus feeds ``newsgraph demo``, the tutorial and the pipeline tests, so its shape is
part of the contract: enough articles, dates and formats to make a timeline worth drawing.
These tests read the files directly and do not depend on the ingest module.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from pathlib import Path

import pytest

from graph.resources import corpus_dir

CORPUS = corpus_dir()
TXT = sorted(CORPUS.glob("*.txt"))
HTML = sorted(CORPUS.glob("*.html"))
JSONL = sorted(CORPUS.glob("*.jsonl"))
ALL_FILES = sorted(p for p in CORPUS.iterdir() if p.is_file())

SOURCE_LINE = re.compile(
    r"Source: (?P<publisher>[A-Z][\w ]+?) "
    r"(?P<stamp>(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day, [A-Z][a-z]+ \d{1,2}, \d{4}) "
    r"\| (?P<time>\d{2}:\d{2})"
)
PUBLISHED_META = re.compile(
    r'<meta\s+property="article:published_time"\s+content="(?P<value>[^"]+)"'
)
JSONL_KEYS = {"id", "text", "date"}


def _jsonl_records() -> list[dict[str, str]]:
    """Return the records of every JSONL file of the corpus, in file order."""
    records: list[dict[str, str]] = []
    for path in JSONL:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                records.append(json.loads(line))
    return records


def _txt_date(path: Path) -> date:
    """Return the publication date written on the source line of a scraped-page text file."""
    match = SOURCE_LINE.search(path.read_text(encoding="utf-8"))
    assert match is not None, f"{path.name}: no 'Source: <publisher> <date> | <time>' line"
    return datetime.strptime(match["stamp"], "%A, %B %d, %Y").date()


def _html_date(path: Path) -> date:
    """Return the date of the article:published_time meta of an HTML page."""
    match = PUBLISHED_META.search(path.read_text(encoding="utf-8"))
    assert match is not None, f"{path.name}: no article:published_time meta"
    return datetime.fromisoformat(match["value"]).date()


def _visible_text(path: Path) -> str:
    """Return the article paragraphs of an HTML page (the <p> elements inside <article>)."""
    page = path.read_text(encoding="utf-8")
    article = re.search(r"<article\b.*?</article>", page, flags=re.S)
    assert article is not None, f"{path.name}: no <article> element"
    return " ".join(re.findall(r"<p>(.*?)</p>", article.group(0), flags=re.S))


def _body_text(path: Path) -> str:
    """Return the article body of a text file: everything after the run-in first line."""
    return path.read_text(encoding="utf-8").split("\n", 1)[1]


def test_format_counts() -> None:
    assert len(TXT) >= 6, [p.name for p in TXT]
    assert len(HTML) >= 4, [p.name for p in HTML]
    assert len(JSONL) == 1, [p.name for p in JSONL]


def test_at_least_twelve_articles() -> None:
    total = len(TXT) + len(HTML) + len(_jsonl_records())
    assert total >= 12


def test_jsonl_lines_are_valid_records() -> None:
    records = _jsonl_records()
    assert len(records) >= 4
    for record in records:
        assert JSONL_KEYS <= record.keys(), record.get("id")
        assert record["text"].strip(), record["id"]
        datetime.fromisoformat(record["date"])
        assert record["url"].startswith("https://news.example/"), record["id"]
    ids = [r["id"] for r in records]
    assert len(ids) == len(set(ids))


def test_at_least_eight_distinct_dates_all_in_2023() -> None:
    dates = {_txt_date(p) for p in TXT} | {_html_date(p) for p in HTML}
    dates |= {datetime.fromisoformat(r["date"]).date() for r in _jsonl_records()}
    assert len(dates) >= 8, sorted(dates)
    assert all(d.year == 2023 for d in dates), sorted(dates)


@pytest.mark.parametrize("path", TXT, ids=lambda p: p.name)
def test_txt_first_line_has_headline_and_source(path: Path) -> None:
    first = path.read_text(encoding="utf-8").split("\n", 1)[0]
    match = SOURCE_LINE.search(first)
    assert match is not None, first
    assert len(first[: match.start()].split()) >= 5, "headline missing before 'Source:'"
    parsed = datetime.strptime(match["stamp"], "%A, %B %d, %Y")
    assert parsed.strftime("%A") == match["stamp"].split(",")[0], "weekday does not fit the date"


@pytest.mark.parametrize("path", HTML, ids=lambda p: p.name)
def test_html_page_structure(path: Path) -> None:
    page = path.read_text(encoding="utf-8")
    published = PUBLISHED_META.search(page)
    assert published is not None
    assert datetime.fromisoformat(published["value"]).tzinfo is not None
    for tag in ("<title>", "<nav", "<article", "<h1>", "<footer", "<script>"):
        assert tag in page, f"{path.name}: missing {tag}"
    assert len(re.findall(r"<script\b", page)) == 1
    assert "share" in page


def _articles() -> list[tuple[str, str]]:
    """Return (name, body text) for every article of the corpus, whatever its format."""
    out = [(p.name, _body_text(p)) for p in TXT]
    out += [(p.name, _visible_text(p)) for p in HTML]
    out += [(r["id"], r["text"]) for r in _jsonl_records()]
    return out


@pytest.mark.parametrize(("name", "text"), _articles(), ids=lambda v: str(v)[:40])
def test_article_length(name: str, text: str) -> None:
    words = len(text.split())
    sentences = len(re.findall(r"[.!?](?:\"|&quot;)?(?=\s|$)", text.strip()))
    assert 120 <= words <= 400, (name, words)
    assert 4 <= sentences <= 10, (name, sentences)


@pytest.mark.parametrize("path", ALL_FILES, ids=lambda p: p.name)
def test_file_is_utf8_without_placeholder_text(path: Path) -> None:
    text = path.read_bytes().decode("utf-8")
    assert "lorem" not in text.lower()


def test_readme_lists_every_file_and_states_authorship() -> None:
    readme = (CORPUS / "README.md").read_text(encoding="utf-8")
    assert "written by the newsgraph authors" in " ".join(readme.split())
    for path in TXT + HTML + JSONL:
        assert path.name in readme, path.name
    for record in _jsonl_records():
        assert record["id"] in readme, record["id"]


def test_corpus_is_about_the_expected_actors() -> None:
    text = " ".join(t for _, t in _articles())
    for actor in ("NATO", "KFOR", "Serbia", "Kosovo", "EU", "Belgrade", "Pristina"):
        assert actor in text, actor
