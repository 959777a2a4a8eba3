"""Tests of graph.ingest: plain scraped text, HTML, JSONL/JSON, files, directories, globs, stdin.

Fixtures in tests/data/ingest/ are articles we wrote in the shapes scraped pages come in; bad
files (binary, wrong encoding, oversized) are generated here in tmp_path.
"""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.errors import InputError
from graph.ingest import (
    article_id,
    parse_date,
    read_html,
    read_inputs,
    read_jsonl,
    read_text,
)
from graph.model import Article

DATA = Path(__file__).parent / "data" / "ingest"
SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
SEED = SEEDS / "000_baf4b27035ae48f9.txt"


def one(inputs: list[str | Path], **kwargs: object) -> Article | InputError:
    """Read inputs that must give exactly one item, and return it."""
    items = list(read_inputs(inputs, **kwargs))  # type: ignore[arg-type]
    assert len(items) == 1, items
    return items[0]


def article(path: Path) -> Article:
    item = one([path])
    assert isinstance(item, Article), item
    return item


# ----------------------------------------------------------------------------- seed page


@pytest.mark.skipif(not SEED.is_file(), reason=f"seed corpus not present (looked for {SEED})")
def test_seed_page_is_split_into_title_source_date_and_clean_body() -> None:
    a = article(SEED)
    assert a.title is not None and a.title.startswith("In Vilnius")
    assert "Strengthening" not in a.title  # the standfirst is not part of the headline
    assert a.source == "Tanjug"
    assert a.published is not None and a.published.startswith("2023-07-11T21:15")
    assert a.text.startswith("Strengthening NATO-Serbia relations")
    assert "Tweet Share" not in a.text and "Photo via AP" not in a.text
    assert "Source:" not in a.text
    assert "\n\n\n" not in a.text and a.text.count("\n\n") >= 5
    assert a.id == article_id(a.text)


# ----------------------------------------------------------------------------- plain text


def test_run_in_headline_with_source_line() -> None:
    a = article(DATA / "runin_source.txt")
    # The section label "Region" and the standfirst are cut off the run-in headline.
    assert a.title == (
        "Skopje and Sofia agree on a third border crossing: freight lanes to open next spring"
    )
    assert a.source == "Beta"
    # Beta is in publishers.tsv (Europe/Belgrade): mid-March is still winter time, +01:00.
    assert a.published == "2024-03-14T10:40:00+01:00"
    paragraphs = a.text.split("\n\n")
    assert len(paragraphs) == 4
    assert paragraphs[0].startswith("Opening a third crossing point")
    assert paragraphs[0].endswith("after talks in Skopje on Thursday.")
    assert paragraphs[3].startswith("The European Commission welcomed")
    for noise in ("Tweet", "Share", "Photo via AP", "Ana Markovska", "Source:", "10:40"):
        assert noise not in a.text


def test_body_is_exactly_the_cleaned_text_so_offsets_hold() -> None:
    a = article(DATA / "byline.txt")
    assert a.text == (
        "Dock workers at the port of Rotterdam returned to work on Friday after unions reached a "
        "wage deal with terminal operators.\n\n"
        "The union said the deal raised pay by six percent over two years."
    )
    start = a.text.index("The union")
    assert a.text[start : start + 9] == "The union"


def test_byline_with_publisher_and_date() -> None:
    a = article(DATA / "byline.txt")
    assert a.title == "Port workers in Rotterdam end two-day strike"
    assert a.source == "Reuters"
    assert a.published == "2023-05-12"
    assert "Advertisement" not in a.text and "Read more" not in a.text
    assert "Jane Doe" not in a.text


def test_published_line_with_zone_abbreviation_and_share_lines() -> None:
    a = article(DATA / "published.txt")
    assert a.title == "Parliament in Podgorica elects new speaker"
    assert a.published == "2023-05-29T14:03:00+01:00"  # CET taken as written
    assert a.source is None
    assert a.text.startswith("Montenegro's parliament elected")
    assert "Share on" not in a.text
    # Each line ending a sentence is its own paragraph.
    assert a.text.split("\n\n")[1] == "The vote passed with 44 of 81 deputies in favour."


def test_dateline_gives_agency_and_date_and_is_cut_from_the_body() -> None:
    a = article(DATA / "dateline.txt")
    assert a.title == "Serbian dinar steady after central bank decision"
    assert a.source == "Beta"
    assert a.published == "2023-05-29"
    assert a.text.startswith("The National Bank of Serbia kept")
    assert "(Beta)" not in a.text
    assert a.text.endswith("Analysts had expected the decision.")


def test_posted_on_line() -> None:
    a = article(DATA / "posted.txt")
    assert a.title == "Floods close roads in northern Albania"
    assert a.published == "2023-05-29"
    assert a.text == (
        "Heavy rain closed several roads near Shkodër on Monday, and the police asked drivers "
        "to avoid the area."
    )


def test_dotted_date_with_time_stays_naive_without_a_known_zone() -> None:
    a = article(DATA / "dotted.txt")
    assert a.title == "Kosovo police open new station in Zvečan"
    assert a.published == "2023-05-29T09:30:00"
    assert a.text.startswith("Kosovo police opened")


def test_iso_timestamp_line() -> None:
    a = article(DATA / "iso.txt")
    assert a.published == "2023-06-22T16:45:00+02:00"
    assert a.title == "EU envoy meets negotiators in Brussels"
    assert a.text.startswith("The EU special representative")


def test_header_block() -> None:
    a = article(DATA / "header.txt")
    assert a.title == "Wildfire forces evacuations on Evia"
    assert a.source == "ANA-MPA"
    assert a.url == "https://example.org/news/evia-fire"
    # ANA-MPA is in publishers.tsv (Europe/Athens): July is summer time, +03:00.
    assert a.published == "2023-07-25T18:20:00+03:00"
    assert a.text.startswith("Firefighters evacuated three villages")
    assert "Title:" not in a.text and "URL:" not in a.text
    assert a.text.count("\n\n") == 1


def test_plain_text_without_metadata_takes_the_first_short_line_as_title() -> None:
    a = article(DATA / "plain.txt")
    assert a.title == "Election results announced in Bosnia"
    assert a.source is None and a.published is None
    assert a.text.startswith("The central election commission")
    assert "Bosnia" not in a.text


def test_single_paragraph_has_no_title_and_keeps_all_text() -> None:
    text = "Greek and Turkish ministers met in Ankara on Tuesday and agreed to resume talks."
    a = read_text(text, origin="t")
    assert a.title is None
    assert a.text == text


def test_markdown_heading_is_the_title() -> None:
    a = read_text("# Bridge reopens in Mostar\n\nThe old bridge reopened.", origin="m.md")
    assert a.title == "Bridge reopens in Mostar"
    assert a.text == "The old bridge reopened."


def test_hard_wrapped_lines_are_joined() -> None:
    text = "Headline here\n\nThe council met in\nSarajevo on Monday and\nadopted the budget.\n"
    a = read_text(text, origin="w")
    assert a.text == "The council met in Sarajevo on Monday and adopted the budget."


def test_section_label_kept_when_it_is_part_of_a_name() -> None:
    text = (
        "World Bank approves loan for Serbian railways Source: Beta 3 April 2024\n\n"
        "The World Bank approved a loan for the modernisation of Serbian railways."
    )
    a = read_text(text, origin="w")
    assert a.title is not None and a.title.startswith("World Bank approves loan")
    assert a.source == "Beta"
    assert a.published == "2024-04-03"


def test_metadata_only_text_is_an_error() -> None:
    with pytest.raises(InputError, match="no article text"):
        read_text("Source: Tanjug Tuesday, July 11, 2023 | 21:15 Tweet Share", origin="meta.txt")


def test_explicit_article_id_is_kept() -> None:
    assert read_text("Some text about a meeting.", origin="x", article_id="abc").id == "abc"


def test_unknown_suffix_in_an_explicit_path_is_read_as_text() -> None:
    a = article(DATA / "notes.log")
    assert a.text.startswith("The foreign ministers of Greece and Turkey met in Ankara")
    assert a.origin.endswith("notes.log")


# ----------------------------------------------------------------------------- dates and ids


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tuesday, July 11, 2023 | 21:15", "2023-07-11T21:15:00"),
        ("12 May 2023", "2023-05-12"),
        ("3rd of March, 2022", "2022-03-03"),
        ("Published: 2023-05-29 14:03 CET", "2023-05-29T14:03:00+01:00"),
        ("29.05.2023", "2023-05-29"),
        ("29.05.2023. u 14.03", "2023-05-29"),
        ("Sept. 4, 2023 at 9:05 pm", "2023-09-04T21:05:00"),
        ("2023-06-22T16:45:00Z", "2023-06-22T16:45:00+00:00"),
        ("May 1, 2024, 08:00 UTC+2", "2024-05-01T08:00:00+02:00"),
        ("31.02.2023 then 01.03.2023", "2023-03-01"),
        ("no date at all", None),
    ],
)
def test_parse_date(text: str, expected: str | None) -> None:
    assert parse_date(text) == expected


def test_publisher_zone_follows_daylight_saving_time() -> None:
    assert parse_date("2023-01-10 12:00", publisher="Tanjug") == "2023-01-10T12:00:00+01:00"
    assert parse_date("2023-07-10 12:00", publisher="tanjug") == "2023-07-10T12:00:00+02:00"
    assert parse_date("2023-07-10 12:00", publisher="Reuters") == "2023-07-10T12:00:00"


def test_article_id_is_stable_and_ignores_whitespace_layout() -> None:
    a = article_id("Leaders met in Tirana.\n\nThey agreed.")
    assert a == article_id("  Leaders met in Tirana. They agreed.  ")
    assert a != article_id("Leaders met in Skopje. They agreed.")
    assert len(a) == 16 and int(a, 16) >= 0


# ----------------------------------------------------------------------------- HTML


def test_html_article() -> None:
    a = article(DATA / "article.html")
    assert a.title == "Danube ferry line reopens after two years"
    assert a.source == "River Herald"
    assert a.published == "2024-04-02T08:15:00+02:00"
    assert a.url == "https://example.org/danube-ferry"
    paragraphs = a.text.split("\n\n")
    assert len(paragraphs) == 3
    assert paragraphs[0].startswith("The ferry between Golubac in Serbia and Koronini")
    assert paragraphs[2].startswith("The Romanian side paid")
    assert "Home" not in a.text and "Copyright" not in a.text
    assert not a.text.startswith("Danube ferry")  # the headline is not repeated


def test_hostile_html_never_leaks_script_text() -> None:
    a = article(DATA / "hostile.html")
    assert "INJECTED" not in a.text
    assert "LD-HEADLINE" not in a.text
    assert "<script" not in a.text.casefold() and "alert(" not in a.text
    assert "javascript:" not in a.text
    assert a.text.startswith("Heads of government from six Western Balkan countries")
    assert "Sarajevo in the autumn" in a.text
    assert a.title == "Leaders gather in Tirana for regional summit"


def test_html_without_main_text_is_an_error() -> None:
    with pytest.raises(InputError, match="no main text"):
        read_html((DATA / "empty_main.html").read_text(encoding="utf-8"), origin="e.html")
    item = one([DATA / "empty_main.html"])
    assert isinstance(item, InputError)
    assert item.source.endswith("empty_main.html")


def test_html_bytes_in_a_declared_charset_are_decoded(tmp_path: Path) -> None:
    page = (
        '<html><head><meta charset="windows-1252"><title>Café owners protest</title></head>'
        "<body><article><p>Café owners in Ljubljana protested on Friday against new rules on "
        "terraces, saying the city had not consulted them before the decision.</p>"
        "<p>The city council said it would meet the owners’ association next week.</p>"
        "</article></body></html>"
    )
    path = tmp_path / "cafe.html"
    path.write_bytes(page.encode("cp1252"))
    a = article(path)
    assert a.text.startswith("Café owners in Ljubljana protested")
    assert "owners’ association" in a.text


def test_html_url_argument_is_kept() -> None:
    html = (DATA / "article.html").read_bytes()
    a = read_html(html, origin="page", url="https://example.net/x")
    assert a.url == "https://example.net/x"
    assert a.origin == "page"


# ----------------------------------------------------------------------------- JSONL / JSON


def test_jsonl_good_lines_go_on_past_bad_ones() -> None:
    items = list(read_inputs([DATA / "corpus.jsonl"]))
    articles = [i for i in items if isinstance(i, Article)]
    errors = [i for i in items if isinstance(i, InputError)]
    assert [a.id for a in articles[:2]] == ["a1", "7"]  # an integer id becomes a string
    first = articles[0]
    assert first.text == "Serbia and Hungary signed an energy agreement in Budapest on Friday."
    assert (first.title, first.source, first.url, first.published) == (
        "Energy deal",
        "Tanjug",
        "https://example.org/a1",
        "2023-07-14",
    )
    assert articles[1].published == "2023-01-01T00:05:00+01:00"
    assert articles[2].id == article_id(articles[2].text)  # no id: content hash
    assert articles[2].published == "2023-06-03"  # "June 3, 2023" normalised
    assert articles[2].origin.endswith("corpus.jsonl:9")
    by_line = {e.source.rsplit(":", 1)[1]: e.message for e in errors}
    assert set(by_line) == {"2", "3", "6", "7", "8", "10"}
    assert "not valid JSON" in by_line["2"]
    assert "JSON object" in by_line["3"] and "list" in by_line["3"]
    assert '"text" is missing' in by_line["6"]
    assert "non-empty string" in by_line["7"] and "non-empty string" in by_line["8"]
    assert "not a date" in by_line["10"] and "ISO 8601" in by_line["10"]
    assert all(e.source.startswith(str(DATA / "corpus.jsonl") + ":") for e in errors)


def test_jsonl_text_is_kept_verbatim() -> None:
    text = "  Line one.\r\nSource: Tanjug 11 July 2023 Tweet Share\n"
    (a,) = read_jsonl([json.dumps({"text": text})], origin="c.jsonl")
    assert isinstance(a, Article)
    assert a.text == text and a.source is None
    assert a.origin == "c.jsonl:1"


def test_jsonl_wrong_field_types() -> None:
    lines = [
        json.dumps({"text": "ok", "id": True}),
        json.dumps({"text": "ok", "title": 3}),
        json.dumps({"text": "ok", "date": 20230101}),
    ]
    messages = [str(e) for e in read_jsonl(lines, origin="f")]
    assert '"id" must be a string or an integer' in messages[0]
    assert messages[1].startswith("f:2:") and '"title" must be a string' in messages[1]
    assert '"date" must be an ISO 8601 string' in messages[2]


def test_json_list_file() -> None:
    items = list(read_inputs([DATA / "list.json"]))
    assert [type(i).__name__ for i in items] == ["Article", "InputError", "Article"]
    assert isinstance(items[0], Article) and items[0].id == "j1"
    assert items[0].published == "2022-10-01"
    assert isinstance(items[1], InputError) and items[1].source.endswith("list.json[1]")
    assert isinstance(items[2], Article) and items[2].source == "Agerpres"


def test_json_single_object_and_invalid_json(tmp_path: Path) -> None:
    (tmp_path / "one.json").write_text('{"text": "Talks resumed in Ohrid."}', encoding="utf-8")
    (tmp_path / "bad.json").write_text('{"text": ', encoding="utf-8")
    good = one([tmp_path / "one.json"])
    assert isinstance(good, Article) and good.text == "Talks resumed in Ohrid."
    bad = one([tmp_path / "bad.json"])
    assert isinstance(bad, InputError) and "not valid JSON" in bad.message
    assert bad.source == str(tmp_path / "bad.json")


def test_jsonl_line_over_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    short = json.dumps({"text": "A short one."})
    long = json.dumps({"text": "x" * 500})
    path.write_text(short + "\n" + long + "\n", encoding="utf-8")
    items = list(read_inputs([path], max_bytes=200))
    assert isinstance(items[0], Article) and items[0].text == "A short one."
    assert isinstance(items[1], InputError)
    assert items[1].source == f"{path}:2" and "over the limit of 200 bytes" in items[1].message


# ----------------------------------------------------------------------------- bad files


def test_empty_file(tmp_path: Path) -> None:
    for name in ("empty.txt", "blank.html", "empty.jsonl"):
        path = tmp_path / name
        path.write_text("  \n\n" if name == "blank.html" else "", encoding="utf-8")
        error = one([path])
        assert isinstance(error, InputError) and "empty" in error.message
        assert error.source == str(path)


def test_binary_files(tmp_path: Path) -> None:
    nul = tmp_path / "image.txt"
    nul.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 10)
    controls = tmp_path / "blob.html"
    controls.write_bytes(bytes(range(1, 9)) * 50 + b"<p>hi</p>")
    for path in (nul, controls):
        error = one([path])
        assert isinstance(error, InputError) and "binary" in error.message, error
        assert str(path) in str(error)


def test_not_utf8_file_says_so_and_how_to_convert(tmp_path: Path) -> None:
    path = tmp_path / "latin.txt"
    path.write_bytes("Zagreb café owners protest new rules.".encode("cp1252"))
    error = one([path])
    assert isinstance(error, InputError)
    assert "isn't UTF-8" in error.message and "iconv" in error.message
    assert "latin.txt" in error.message and error.source == str(path)


def test_utf16_file_is_named_as_such(tmp_path: Path) -> None:
    path = tmp_path / "wide.txt"
    path.write_bytes("Talks in Ohrid.".encode("utf-16"))
    error = one([path])
    assert isinstance(error, InputError) and "UTF-16" in error.message


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes("\ufeffThe summit ended in Vilnius on Wednesday.".encode())
    a = article(path)
    assert a.text == "The summit ended in Vilnius on Wednesday."


def test_file_over_the_limit_names_size_and_limit(tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    path.write_text("word " * 400, encoding="utf-8")
    error = one([path], max_bytes=1000)
    assert isinstance(error, InputError)
    assert "2,000 bytes" in error.message and "limit of 1,000 bytes" in error.message


def test_missing_path_and_empty_glob_and_empty_directory(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    items = list(read_inputs([tmp_path / "nope.txt", str(tmp_path / "*.none"), tmp_path / "empty"]))
    assert all(isinstance(i, InputError) for i in items)
    messages = [str(i) for i in items]
    assert "nope.txt: no such file or directory" in messages[0]
    assert "matched no files" in messages[1]
    assert "no readable files" in messages[2]


# ----------------------------------------------------------------------------- directories, globs


def _corpus(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    (root / "sub").mkdir(parents=True)
    (root / ".hidden").mkdir()
    shutil.copy(DATA / "dateline.txt", root / "b.txt")
    shutil.copy(DATA / "article.html", root / "sub" / "c.html")
    shutil.copy(DATA / "posted.txt", root / "a.txt")
    (root / "README.md").write_text("# About this folder\n\nNot an article.\n", encoding="utf-8")
    shutil.copy(DATA / "plain.txt", root / ".hidden" / "x.txt")
    shutil.copy(DATA / "plain.txt", root / "skip.log")
    return root


def test_directory_is_walked_in_sorted_order(tmp_path: Path) -> None:
    root = _corpus(tmp_path)
    items = list(read_inputs([root]))
    assert all(isinstance(i, Article) for i in items)
    # README.md is not an article: folders are walked for article suffixes only
    assert [Path(i.origin).name for i in items if isinstance(i, Article)] == [
        "a.txt",
        "b.txt",
        "c.html",
    ]


def test_glob_is_expanded(tmp_path: Path) -> None:
    root = _corpus(tmp_path)
    items = list(read_inputs([str(root / "**" / "*.html"), str(root / "*.txt")]))
    titles = [i.title for i in items if isinstance(i, Article)]
    assert titles == [
        "Danube ferry line reopens after two years",
        "Floods close roads in northern Albania",
        "Serbian dinar steady after central bank decision",
    ]


def test_a_batch_goes_on_after_errors(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01")
    items = list(read_inputs([bad, DATA / "plain.txt", tmp_path / "missing.txt", DATA / "iso.txt"]))
    assert [type(i).__name__ for i in items] == ["InputError", "Article", "InputError", "Article"]


# ----------------------------------------------------------------------------- stdin


def test_stdin_jsonl_is_sniffed() -> None:
    stream = io.StringIO('\n{"id": "s1", "text": "A met B in Skopje."}\n{"text": ""}\n')
    items = list(read_inputs(["-"], stdin=stream))
    assert isinstance(items[0], Article) and items[0].id == "s1"
    assert items[0].origin == "<stdin>:2"
    assert isinstance(items[1], InputError) and items[1].source == "<stdin>:3"


def test_stdin_html_is_sniffed() -> None:
    stream = io.StringIO((DATA / "article.html").read_text(encoding="utf-8"))
    a = one(["-"], stdin=stream)
    assert isinstance(a, Article) and a.title == "Danube ferry line reopens after two years"
    assert a.origin == "<stdin>"


def test_stdin_text_is_sniffed() -> None:
    stream = io.StringIO((DATA / "byline.txt").read_text(encoding="utf-8"))
    a = one(["-"], stdin=stream)
    assert isinstance(a, Article) and a.source == "Reuters" and a.origin == "<stdin>"


def test_stdin_empty_and_too_big() -> None:
    empty = one(["-"], stdin=io.StringIO("   \n"))
    assert isinstance(empty, InputError) and "empty" in empty.message
    big = one(["-"], stdin=io.StringIO("x" * 50), max_bytes=10)
    assert isinstance(big, InputError) and "over the limit" in big.message


# ----------------------------------------------------------------------------- properties

SUFFIX = st.sampled_from([".txt", ".html", ".htm", ".jsonl", ".json", ".md", ".dat", ""])


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("hypothesis")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=2000), suffix=SUFFIX)
def test_arbitrary_bytes_never_raise(scratch: Path, data: bytes, suffix: str) -> None:
    path = scratch / f"input{suffix}"
    path.write_bytes(data)
    items = list(read_inputs([path]))
    assert items, "every input yields at least an article or an error"
    for item in items:
        assert isinstance(item, Article | InputError)
        if isinstance(item, Article):
            assert item.text.strip() and item.id
        else:
            assert item.source.startswith(str(path))


@settings(max_examples=150, deadline=None)
@given(text=st.text(max_size=600), suffix=st.sampled_from([".txt", ".html", ".jsonl"]))
def test_arbitrary_text_never_raises(scratch: Path, text: str, suffix: str) -> None:
    path = scratch / f"text{suffix}"
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    for item in read_inputs([path]):
        assert isinstance(item, Article | InputError)
        if isinstance(item, Article) and suffix == ".txt":
            assert "\n\n\n" not in item.text and item.text == item.text.strip()


# ----------------------------------------------------------------------------- not metadata


@pytest.mark.parametrize(
    "opening",
    [
        "By Friday, the ministers had agreed on a list of measures.",
        "Posted on social media on 3 May 2023, the video shows the bridge.",
        "Talks resumed on 3 May 2023 in Ohrid.",
    ],
)
def test_prose_that_looks_like_metadata_stays_in_the_body(opening: str) -> None:
    text = f"Talks in Ohrid\n\n{opening}\n\nThe next round is due in June."
    a = read_text(text, origin="p")
    assert a.title == "Talks in Ohrid"
    assert a.text.startswith(opening)
    assert a.text.endswith("The next round is due in June.")


def test_metadata_spread_over_several_lines() -> None:
    text = (
        "Grain corridor talks stall\n\nBy Jane Doe and John Roe\n\nMay 30, 2023 | 17:05 | Reuters\n"
        "Share\n\nTalks on the grain corridor stalled in Istanbul on Tuesday."
    )
    a = read_text(text, origin="m")
    assert a.title == "Grain corridor talks stall"
    assert a.published == "2023-05-30T17:05:00"
    assert a.source == "Reuters"
    assert a.text == "Talks on the grain corridor stalled in Istanbul on Tuesday."


def test_invisible_characters_are_removed_and_controls_become_spaces() -> None:
    a = read_text("Head\n\nKos\u00adovo and\u200b Serbia\x07met.", origin="i")
    assert a.text == "Kosovo and Serbia met."
