"""A 5 MB hostile HTML page through ``newsgraph ingest``, run by hand:
``python bench/big_page.py [--write] [--profile]``.

The page is built here, deterministically: news paragraphs (the text that must come out, with
events in it) buried in what real and broken pages throw at a reader: tags nested thousands
deep and never closed, runs of named and numeric entities, large inline scripts and styles
holding markup-looking strings, event-handler attributes, comments, and lines hundreds of
kilobytes long without a break. It is padded to :data:`graph.ingest.DEFAULT_MAX_BYTES` bytes
(the largest file ``ingest`` accepts).

The real CLI runs on it as a subprocess into a fresh Oxigraph folder; the bench reports the
wall time, the child's peak RSS (``wait4``), the events stored and, timed in this process, how
long reading the page (``read_html``) and extracting its events take. The target is under 30 s
on 2 cores. ``--profile`` adds a cProfile of reading + extraction (top functions by cumulative
time); ``--write`` replaces the "Reliability figures" section's 5 MB line in bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import platform
import pstats
import random
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "bench" / "RESULTS.md"
HEADING = "## Reliability figures"
TARGET_S = 30.0

_ACTORS = [
    ("The European Union", "Turkey"), ("Russia", "Ukraine"), ("China", "the Philippines"),
    ("Israel", "Hezbollah"), ("India", "Pakistan"), ("Serbia", "Kosovo"),
    ("The United States", "Iran"), ("Ethiopia", "Egypt"), ("Japan", "North Korea"),
]
_VERBS = [
    "{a} accused {b} of violating the ceasefire agreement on Tuesday.",
    "{a} called on {b} to release the detained journalists.",
    "{a} threatened {b} with new economic sanctions.",
    "{a} signed a trade agreement with {b} in the capital.",
    "{a} condemned {b} for the missile strike near the border.",
    "Officials said {a} would meet {b} next week to discuss the dispute.",
]


def _paragraph(rng: random.Random) -> str:
    a, b = rng.choice(_ACTORS)
    return " ".join(rng.choice(_VERBS).format(a=a, b=b) for _ in range(3))


def build_page(size: int, seed: int = 7, paragraphs: int = 400) -> bytes:
    """Return a hostile HTML page of exactly ``size`` bytes (UTF-8) with ``paragraphs`` of news.

    The news paragraphs sit in an ``<article>``; everything else is noise a reader must survive.
    """
    rng = random.Random(seed)
    head = (
        "<!DOCTYPE html><html lang=en><head><meta charset=utf-8>"
        "<title>Border talks collapse &amp; sanctions loom &#8212; World News</title>"
        '<meta property="article:published_time" content="2024-06-03T08:30:00+02:00">'
        '<script type="application/ld+json">{"@type":"NewsArticle",'
        '"datePublished":"2024-06-03T08:30:00+02:00"}</script>'
        "<style>" + "p{color:red}/* </p><p> */" * 2000 + "</style></head><body>"
    )
    noise: list[str] = []
    # tags nested thousands deep, never closed
    noise.append("<div><span><b><i>" * 3000 + "deep text" + "</i></b>" * 10)
    # runs of entities, known, numeric and unknown
    noise.append("<p class=ents>" + "&amp;&lt;&gt;&nbsp;&#x2603;&#128512;&bogus;&#0;&#xD800;" * 8000
                 + "</p>")
    # inline scripts full of markup-looking strings
    for _ in range(40):
        noise.append("<script>var s = '</div><article><p>NATO attacked Russia.</p>';"
                     + "x = 1 < 2 && 3 > 2; " * 1500 + "</script>")
    # event handlers, comments, a long unbroken line
    noise.append('<div onclick="alert(1)" onmouseover="steal()">'
                 + "<!-- <p>comment text</p> -->" * 3000 + "</div>")
    noise.append("<p>" + "x" * 300_000 + "</p>")
    noise.append("<nav>" + "<a href='/s'>Section</a> | " * 5000 + "</nav>")
    body = "".join(f"<p>{_paragraph(rng)}</p>\n" for _ in range(paragraphs))
    article = f"<article><h1>Border talks collapse</h1>{body}</article>"
    # the article in the middle of the noise
    half = len(noise) // 2
    page = head + "".join(noise[:half]) + article + "".join(noise[half:])
    tail = "</body></html>"
    data = page.encode("utf-8")
    room = size - len(data) - len(tail)
    if room < 0:
        raise ValueError(f"the page is already {len(data)} bytes, over the {size} asked")
    filler = ("<div>" + "&nbsp;" * 50 + "</div>\n") * (room // 307 + 1)
    return data + filler.encode("ascii")[:room] + tail.encode("ascii")


def _run_cli(page: Path, db: Path) -> tuple[float, int, str, str, int]:
    """Run ``newsgraph ingest`` on ``page``: (wall s, peak RSS KiB, stdout, stderr, rc)."""
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO)
    cmd = [sys.executable, "-m", "graph.cli", "ingest", str(page), "--store", str(db),
           "--no-progress"]
    started = time.monotonic()
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        proc = subprocess.Popen(cmd, env=env, stdout=out, stderr=err, text=True)
        _pid, status, usage = os.wait4(proc.pid, 0)
        wall = time.monotonic() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return wall, usage.ru_maxrss, out.read(), err.read(), proc.returncode


def _in_process(page: Path, profile: bool) -> dict[str, float | int | str]:
    """Time read_html and the extraction of the page in this process (optionally profiled)."""
    from graph.extract import Extractor
    from graph.ingest import read_html
    from graph.model import Article

    extractor = Extractor()
    warm = Article(id="warm", text="NATO called on Serbia.", published="2024-06-03")
    list(extractor.extract_articles([warm]))  # load spaCy before the clock starts
    prof = cProfile.Profile() if profile else None
    if prof:
        prof.enable()
    t0 = time.monotonic()
    article = read_html(page.read_bytes(), origin=str(page))
    t1 = time.monotonic()
    events = list(extractor.extract_articles([article]))[0][1]
    t2 = time.monotonic()
    out: dict[str, float | int | str] = {
        "read_s": t1 - t0, "extract_s": t2 - t1, "text_chars": len(article.text),
        "events": len(events), "published": article.published or "-",
    }
    if prof:
        prof.disable()
        buf = io.StringIO()
        pstats.Stats(prof, stream=buf).sort_stats("cumulative").print_stats(25)
        out["profile"] = buf.getvalue()
    return out


def main() -> int:
    """Build the page, run the CLI on it, print (and with --write record) the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=0, help="page bytes (default: the limit)")
    parser.add_argument("--write", action="store_true", help="update bench/RESULTS.md")
    parser.add_argument("--profile", action="store_true", help="print a cProfile of the run")
    args = parser.parse_args()
    sys.path.insert(0, str(REPO))
    from graph.ingest import DEFAULT_MAX_BYTES

    size = args.size or DEFAULT_MAX_BYTES
    with tempfile.TemporaryDirectory(prefix="newsgraph-bigpage-") as tmp:
        page = Path(tmp) / "hostile.html"
        page.write_bytes(build_page(size))
        wall, rss_kib, out, err, rc = _run_cli(page, Path(tmp) / "db")
        print(f"page: {page.stat().st_size:,} bytes")
        print(f"newsgraph ingest: rc {rc}, {wall:.1f} s wall, peak RSS {rss_kib / 1024:.0f} MiB")
        print(f"  {out.strip()}")
        if err.strip():
            print(f"  stderr: {err.strip()[:500]}")
        stages = _in_process(page, args.profile)
        print(f"in process: read_html {stages['read_s']:.1f} s, extraction "
              f"{stages['extract_s']:.1f} s; {stages['text_chars']:,} characters of text, "
              f"{stages['events']} events, published {stages['published']}")
        if args.profile:
            print(stages["profile"])
    ok = rc == 0 and wall < TARGET_S
    print("target (< 30 s):", "met" if ok else "NOT met")
    if args.write:
        line = (
            f"- 5 MB hostile page (`bench/big_page.py`, {size:,} bytes: tags nested 3,000 deep, "
            f"64,000 entities, 40 inline scripts, a 300 kB line, 400 news paragraphs): "
            f"`newsgraph ingest` {wall:.1f} s wall (spaCy load included), peak RSS "
            f"{rss_kib / 1024:.0f} MiB; read_html {stages['read_s']:.1f} s, extraction "
            f"{stages['extract_s']:.1f} s, {stages['text_chars']:,} characters of text kept, "
            f"{stages['events']} events (target < {TARGET_S:.0f} s: "
            f"{'met' if ok else 'not met'}; {datetime.now(UTC):%Y-%m-%d}, "
            f"{os.cpu_count()} cores, Python {platform.python_version()})"
        )
        _write_line(line, "- 5 MB hostile page")
    return 0 if ok else 1


def _write_line(line: str, prefix: str) -> None:
    """Put ``line`` in the "Reliability figures" section, replacing the line with ``prefix``."""
    text = RESULTS.read_text(encoding="utf-8")
    if HEADING not in text:
        text = text.rstrip("\n") + f"\n\n{HEADING}\n\n"
    head, _, rest = text.partition(HEADING)
    section, sep, after = rest.partition("\n## ")
    lines = [x for x in section.split("\n") if not x.startswith(prefix)]
    while lines and not lines[-1].strip():
        lines.pop()
    lines.append(line)
    new = head + HEADING + "\n".join(lines) + "\n" + (("\n## " + after) if sep else "")
    RESULTS.write_text(new, encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
