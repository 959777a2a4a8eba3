"""Real-browser check of the timeline page: it renders offline and article text cannot inject
markup or scripts.

Runs headless Debian Chromium (``/usr/bin/chromium``) through the ``playwright`` package; it
never downloads a browser. The page is served from a local http.server on 127.0.0.1.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from graph.model import Action, Actor, Article, Event, TimeValue
from graph.table import events_frame
from graph.timeline import figure, write_html

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.is_file() or shutil.which(str(CHROMIUM)) is None,
        reason="needs Debian's Chromium at /usr/bin/chromium (apt-get install -y chromium)",
    ),
]

INJECTION = "<script>window.__pwned = 1</script>"
HOSTILE = (
    f"Officials said {INJECTION} and "
    '<img src="x" onerror="window.__pwned = 2"> <a href="javascript:window.__pwned=3">here</a>.'
)


def _events() -> list[Event]:
    nato = Actor("NATO", "NATO", type="igo")
    srb = Actor("SRBGOV", "Government of Serbia", type="government")
    evil = Actor("x-evil", '<img src="y" onerror="window.__pwned = 4">Evil', in_gazetteer=False)
    appeal = Action("call on", "0256", "REQUEST", 1, 3.0, name="Appeal for easing of tensions")
    accuse = Action("accused", "112", "ACCUSE", 3, -2.0, name="Accuse")
    fight = Action("clashed", "190", "ASSAULT", 4, -10.0, name="Use conventional military force")

    def ev(doc: str, s: Actor, a: Action, t: Actor, when: str, sentence: str) -> Event:
        time = TimeValue(when, "day", when, when)
        return Event(doc, s, a, sentence, 0, len(sentence), target=t, time=time)

    return [
        ev("d1", nato, appeal, srb, "2023-05-29", "NATO called on Serbia to calm things."),
        ev("d2", srb, accuse, nato, "2023-06-03", HOSTILE),
        ev("d3", evil, fight, srb, "2023-06-20", "Fighting broke out."),
    ]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """Keep the test output clean."""


@pytest.fixture
def served_page(tmp_path: Path) -> Iterator[str]:
    """Write the timeline page and serve its folder on 127.0.0.1 (random port) in a thread."""
    articles = {"d2": Article("d2", "...", title="<b>Breaking</b>", source="Wire & Co")}
    write_html(figure(events_frame(_events(), articles)), tmp_path / "timeline.html")
    handler = functools.partial(_QuietHandler, directory=str(tmp_path))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/timeline.html"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@contextlib.contextmanager
def _chromium_page(sync_api: Any, page_errors: list[str]) -> Iterator[Any]:
    """A page of a headless Chromium that records the page's script errors; closed after."""
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 800})
            page.on("pageerror", lambda err: page_errors.append(str(err)))
            yield page
        finally:
            browser.close()


def test_timeline_renders_and_escapes_in_chromium(served_page: str) -> None:
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="needs the playwright package (pip install playwright)"
    )
    outside: list[str] = []
    page_errors: list[str] = []
    with _chromium_page(sync_api, page_errors) as page:

        def guard(route: Any) -> None:
            # the page must work offline: refuse (and record) anything not served locally
            if route.request.url.startswith("http://127.0.0.1:"):
                route.continue_()
            else:
                outside.append(route.request.url)
                route.abort()

        page.route("**/*", guard)
        page.goto(served_page)
        page.wait_for_selector(".plotly .main-svg", timeout=30_000)
        points = page.locator(".cartesianlayer path.point")  # not the range slider's copies
        points.first.wait_for(timeout=30_000)
        assert points.count() == 3

        hover_texts = []
        for i in range(points.count()):
            box = points.nth(i).bounding_box()
            assert box is not None
            page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
            label = page.locator(".hoverlayer .hovertext")
            label.first.wait_for(timeout=10_000)
            hover_texts.append(label.first.text_content() or "")
            # Plotly turns <a> in hover text into SVG links: none may come from articles
            assert page.locator(".hoverlayer a").count() == 0
            page.mouse.move(5, 5)
        hostile = next(t for t in hover_texts if "Officials said" in t)
        # the escaped markup is shown as literal text
        assert INJECTION in hostile
        assert 'onerror="window.__pwned = 2"' in hostile
        assert "Wire & Co — <b>Breaking</b>" in hostile
        assert any('<img src="y"' in t for t in hover_texts)  # the actor label, literally
        assert page.evaluate("typeof window.__pwned") == "undefined"
        assert page.locator("svg img, .plotly img").count() == 0
        ticks = page.locator(".yaxislayer-above text").all_text_contents()
        assert any(t.startswith('<img src="y"') for t in ticks)
    assert outside == []
    assert page_errors == []


def test_aggregated_view_lists_a_points_raw_events_on_click(tmp_path: Path) -> None:
    """Above max_points the page draws WebGL points; a click lists that point's raw events
    under the plot, article text shown literally (nothing injected)."""
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="needs the playwright package (pip install playwright)"
    )
    articles = {"d2": Article("d2", "...", title="<b>Breaking</b>", source="Wire & Co")}
    page_path = write_html(figure(events_frame(_events(), articles), max_points=1),
                           tmp_path / "big.html")
    page_errors: list[str] = []
    with _chromium_page(sync_api, page_errors) as page:
        page.goto(page_path.as_uri())
        page.wait_for_selector(".js-plotly-plot[data-ng-drawn='1']", timeout=30_000)
        assert page.locator(".js-plotly-plot canvas").count() > 0  # WebGL, not SVG points
        assert page.locator(".cartesianlayer path.point").count() == 0
        # the point of the hostile event (Serbia's accusation of 2023-06-03), in pixels
        x, y = page.evaluate(
            """() => { const gd = document.querySelector('.js-plotly-plot');
                       const fl = gd._fullLayout, box = gd.getBoundingClientRect();
                       const tr = gd._fullData.find(t => t.name === 'verbal conflict');
                       return [box.left + fl._size.l + fl.xaxis.d2p(tr.x[0]),
                               box.top + fl._size.t + fl.yaxis.d2p(tr.y[0])]; }""")
        page.mouse.move(x, y)
        page.wait_for_selector(".hoverlayer .hovertext", timeout=10_000)
        page.mouse.click(x, y)
        row = page.locator("#newsgraph-drilldown tr.newsgraph-event")
        row.first.wait_for(timeout=10_000)
        assert row.count() == 1
        text = row.first.text_content() or ""
        assert "2023-06-03" in text and "Government of Serbia \u2192 NATO" in text
        assert INJECTION in text and 'onerror="window.__pwned = 2"' in text
        assert "Wire & Co \u2014 <b>Breaking</b>" in text
        assert page.evaluate("typeof window.__pwned") == "undefined"
        injected = page.locator("#newsgraph-drilldown img, #newsgraph-drilldown script")
        assert injected.count() == 0
    assert page_errors == []
