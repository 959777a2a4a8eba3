"""Fuzzing of the readers and the extractor with hypothesis: arbitrary bytes, JSON and JSONL
structures, hostile HTML, and arbitrary Unicode text.

The contract under test: no input makes newsgraph raise anything but one
:class:`~graph.errors.InputError` per bad input (one line, naming the input); good inputs become
articles whose text is a string without NUL bytes. Example counts are small so the module runs
in well under a minute; bench/fuzz_inputs.py runs the big inputs (a 5 MB page) by hand.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.errors import InputError
from graph.extract import Extractor
from graph.ingest import read_inputs
from graph.model import Article

REPO = Path(__file__).resolve().parents[1]
FAST = settings(max_examples=25, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])

SUFFIXES = [".txt", ".html", ".json", ".jsonl", ".dat"]

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True)
    | st.text(max_size=40),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                                max_size=4),
    max_leaves=12,
)
records = st.fixed_dictionaries(
    {"id": st.one_of(st.text(max_size=12), st.integers(), st.none())},
    optional={"text": st.one_of(st.text(max_size=200), json_values),
              "date": st.one_of(st.text(max_size=25), st.integers(), st.none()),
              "title": st.one_of(st.text(max_size=30), json_values),
              "url": st.text(max_size=30)},
)
TAGS = ["div", "p", "span", "article", "section", "b", "i", "table", "td", "script", "style"]
RTL = "\u202e\u200f\u061c"


def _check(items: list[Article | InputError]) -> None:
    """Every item is an article with clean text, or an InputError of one line naming a source."""
    for item in items:
        if isinstance(item, InputError):
            assert item.source, "an error must name its input"
            assert "\n" not in str(item).strip(), f"more than one line: {item}"
            assert "Traceback" not in str(item)
        else:
            assert isinstance(item, Article)
            assert isinstance(item.text, str) and item.text.strip()
            assert "\x00" not in item.text


def _read(tmp_path: Path, data: bytes, suffix: str) -> list[Article | InputError]:
    path = tmp_path / f"input{suffix}"
    path.write_bytes(data)
    return list(read_inputs([path]))


@FAST
@given(data=st.binary(max_size=2000), suffix=st.sampled_from(SUFFIXES))
def test_arbitrary_bytes(tmp_path: Path, data: bytes, suffix: str) -> None:
    _check(_read(tmp_path, data, suffix))


@FAST
@given(value=json_values)
def test_arbitrary_json_document(tmp_path: Path, value: object) -> None:
    _check(_read(tmp_path, json.dumps(value).encode(), ".json"))


def test_a_nul_escaped_in_jsonl_is_no_text(tmp_path: Path) -> None:
    # hypothesis found it: '{"text": "\u0000"}' passed as an article whose text is a NUL
    items = _read(tmp_path, b'{"id": null, "text": "\\u0000"}\n{"text": "A\\u0000 met B."}\n',
                  ".jsonl")
    _check(items)
    assert isinstance(items[0], InputError) and "non-empty" in str(items[0])
    assert isinstance(items[1], Article) and items[1].text == "A  met B."


@FAST
@given(lines=st.lists(st.one_of(records.map(json.dumps), json_values.map(json.dumps),
                                st.text(max_size=60)), min_size=1, max_size=6))
def test_arbitrary_jsonl_lines(tmp_path: Path, lines: list[str]) -> None:
    data = "\n".join(lines).encode("utf-8", "surrogatepass")
    items = _read(tmp_path, data, ".jsonl")
    _check(items)
    errors = [i for i in items if isinstance(i, InputError)]
    assert all(":" in e.source for e in errors if e.source.endswith(tuple("0123456789")))


@FAST
@given(
    depth=st.integers(min_value=1, max_value=3000),
    tag=st.sampled_from(TAGS),
    body=st.text(max_size=300),
    mark=st.sampled_from(["", RTL, "\x00", "&amp;" * 50, "&#0;", "&#xD800;"]),
)
def test_hostile_html(tmp_path: Path, depth: int, tag: str, body: str, mark: str) -> None:
    page = (
        "<html><head><title>t</title><script>alert(1)</script></head><body>"
        + f"<{tag}>" * depth + mark + body + "<p>Officials in Paris said talks resume.</p>"
        + f"</{tag}>" * depth + "</body></html>"
    )
    for encoding in ("utf-8", "utf-16", "latin-1"):
        data = page.encode(encoding, "replace")
        items = _read(tmp_path, data, ".html")
        _check(items)
        for item in items:
            if isinstance(item, Article):
                assert "alert(1)" not in item.text


def test_html_with_many_entities_and_a_huge_line(tmp_path: Path) -> None:
    entities = "&eacute;&amp;&#x263A;" * 35_000  # ~100k entities
    words = "word " * 60_000  # one 300 kB line
    page = f"<html><body><article><p>{entities}</p><p>{words}</p></article></body></html>"
    _check(_read(tmp_path, page.encode(), ".html"))


def test_mixed_encodings_and_nul(tmp_path: Path) -> None:
    mixed = b"Officials said" + " café ".encode("latin-1") + "talks".encode("utf-16-le")
    items = _read(tmp_path, mixed, ".txt")
    assert len(items) == 1 and isinstance(items[0], InputError)
    assert "input.txt" in items[0].source
    items = _read(tmp_path, b"NATO called on Serbia.\x00\x00", ".txt")
    assert len(items) == 1 and isinstance(items[0], InputError)
    assert "NUL" in str(items[0])


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(text=st.text(min_size=1, max_size=400))
def test_extract_on_arbitrary_unicode(extractor: Extractor, text: str) -> None:
    art = Article(id="fuzz", text=text, published="2024-01-01")
    for _art, events in extractor.extract_articles([art]):
        for ev in events:
            assert 0 <= ev.char_start <= ev.char_end <= len(text)


def test_cli_bad_inputs_one_line_each_no_traceback(tmp_path: Path) -> None:
    """The real CLI over a folder of bad files: one error line per file, exit 1, no traceback."""
    bad = {"nul.txt": b"a\x00b", "utf16.txt": "text".encode("utf-16"),
           "latin.txt": "caf\xe9 talks".encode("latin-1"), "empty.html": b"",
           "broken.json": b"{not json", "lines.jsonl": b'{"id": 1}\n[1,2]\n\xff\xfe\n'}
    folder = tmp_path / "in"
    folder.mkdir()
    for name, data in bad.items():
        (folder / name).write_bytes(data)
    done = subprocess.run(
        [sys.executable, "-m", "graph.cli", "extract", str(folder), "--no-progress"],
        capture_output=True, text=True, timeout=300, env={"PYTHONPATH": str(REPO),
                                                          "PATH": "/usr/bin:/bin"},
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    errors = [line for line in done.stderr.splitlines() if line.startswith("newsgraph: error:")]
    for name in bad:
        assert any(name in line for line in errors), f"no error line for {name}: {done.stderr}"
