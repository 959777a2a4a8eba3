"""The endpoint's query page in headless Chromium: pick a saved query, type one, run, see rows.

Runs Debian's Chromium (``/usr/bin/chromium``) through the ``playwright`` package; it never
downloads a browser. The page must work offline: any request off the loopback is refused.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from serve_fixtures import ingested_store, serving

from graph.extract import Extractor

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.is_file() or shutil.which(str(CHROMIUM)) is None,
        reason="needs Debian's Chromium at /usr/bin/chromium (apt-get install -y chromium)",
    ),
]


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory: pytest.TempPathFactory, extractor: Extractor) -> Iterator[str]:
    kg = ingested_store(tmp_path_factory.mktemp("browser"), extractor)
    try:
        with serving(kg.store) as url:
            yield url
    finally:
        kg.close()


def test_query_page_runs_a_query_and_shows_rows(endpoint: str) -> None:
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="needs the playwright package (pip install playwright)")
    outside: list[str] = []
    errors: list[str] = []
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.on("pageerror", lambda err: errors.append(str(err)))

            def guard(route: Any) -> None:
                if route.request.url.startswith(endpoint):
                    route.continue_()
                else:
                    outside.append(route.request.url)
                    route.abort()

            page.route("**/*", guard)
            page.goto(endpoint + "/")
            # a saved query from the examples list fills the box
            page.select_option("#examples", "top-actors")
            assert "SELECT" in page.input_value("#query")
            page.click("#run")
            page.wait_for_function(
                "document.getElementById('status').textContent.includes('rows')",
                timeout=20_000)
            assert page.locator("#results tbody tr").count() >= 1
            # a typed query: its rows are the two targets of NATO's appeal
            page.fill("#query", "SELECT ?t WHERE { ?e ng:actor actor:NATO ; ng:target ?t } "
                                "ORDER BY ?t")
            page.click("#run")
            page.wait_for_function(
                "document.getElementById('status').textContent.startsWith('2 rows')",
                timeout=20_000)
            assert page.locator("#results thead th").all_text_contents() == ["t"]
            cells = page.locator("#results tbody td").all_text_contents()
            assert [c.rsplit("/", 1)[-1] for c in cells] == ["SRBGOV", "XKXGOV"]
            # a malformed query shows the parser's message
            page.fill("#query", "SELECT WHERE {")
            page.click("#run")
            page.wait_for_function(
                "document.getElementById('status').textContent.startsWith('error 400')",
                timeout=20_000)
            assert "malformed query" in (page.text_content("#status") or "")
        finally:
            browser.close()
    assert outside == []
    assert errors == []
