"""The query page of ``newsgraph serve`` (``GET /``): plain HTML and JS, nothing from a CDN.

The saved queries of ``ontology/queries`` are offered as examples. Results are fetched from
``/sparql`` as SPARQL JSON and written into the table with ``textContent`` only, so a literal
in the store can never become markup.
"""

from __future__ import annotations

import html
import json

from graph.sparql import query_description, saved_queries

__all__ = ["render_page"]

_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>newsgraph SPARQL endpoint</title>
<style>
body{font-family:sans-serif;margin:2em;max-width:70em}textarea{width:100%;font-family:monospace}
table{border-collapse:collapse;margin-top:1em}td,th{border:1px solid #aaa;padding:2px 6px;
text-align:left;font-size:90%}#status{color:#555}
</style></head><body>
<h1>newsgraph SPARQL endpoint</h1>
<p>Store: <code>__STORE__</code>. Send SPARQL 1.1 queries to <code>/sparql</code> (GET or POST);
<code>GET /sparql</code> alone gives the service description. The prefixes __PREFIXES__ are
predeclared.</p>
<p><label>Example <select id="examples">__OPTIONS__</select></label></p>
<form id="form" method="get" action="/sparql">
<textarea id="query" name="query" rows="14">__FIRST__</textarea>
<p><button id="run" type="submit">Run</button> <span id="status"></span></p>
</form>
<table id="results"><thead></thead><tbody></tbody></table>
<script>
const EXAMPLES = __EXAMPLES__;
const box = document.getElementById("query");
const status = document.getElementById("status");
document.getElementById("examples").addEventListener("change", (ev) => {
  box.value = EXAMPLES[ev.target.value] || "";
});
function cell(row, tag, text) {
  const c = document.createElement(tag); c.textContent = text; row.appendChild(c);
}
document.getElementById("form").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  const head = document.querySelector("#results thead");
  const body = document.querySelector("#results tbody");
  head.replaceChildren(); body.replaceChildren(); status.textContent = "running...";
  const started = performance.now();
  const resp = await fetch("/sparql", {method: "POST",
    headers: {"Content-Type": "application/x-www-form-urlencoded",
              "Accept": "application/sparql-results+json, text/turtle;q=0.9"},
    body: new URLSearchParams({query: box.value})});
  const text = await resp.text();
  const ms = Math.round(performance.now() - started);
  if (!resp.ok) { status.textContent = "error " + resp.status + ": " + text; return; }
  if (!(resp.headers.get("content-type") || "").includes("json")) {
    const tr = document.createElement("tr"); cell(tr, "td", text); body.appendChild(tr);
    status.textContent = "graph result, " + ms + " ms"; return;
  }
  const data = JSON.parse(text);
  if ("boolean" in data) {
    const tr = document.createElement("tr"); cell(tr, "td", String(data.boolean));
    body.appendChild(tr); status.textContent = "ASK, " + ms + " ms"; return;
  }
  const vars = data.head.vars;
  const hr = document.createElement("tr"); vars.forEach((v) => cell(hr, "th", v));
  head.appendChild(hr);
  for (const b of data.results.bindings) {
    const tr = document.createElement("tr");
    vars.forEach((v) => cell(tr, "td", b[v] ? b[v].value : ""));
    body.appendChild(tr);
  }
  status.textContent = data.results.bindings.length + " rows, " + ms + " ms";
});
</script>
</body></html>
"""


def render_page(store_location: str, prefixes: list[str]) -> str:
    """Return the query page, with the saved queries as the examples to pick from."""
    examples = saved_queries()
    options = "".join(
        f'<option value="{html.escape(name)}">{html.escape(name)}: '
        f"{html.escape(query_description(text))}</option>"
        for name, text in examples.items()
    )
    first = next(iter(examples.values()), "SELECT * WHERE { ?s ?p ?o } LIMIT 10")
    # JSON in a <script>: '</' and '<!--' must not end or comment out the element
    data = json.dumps(examples).replace("<", "\\u003c")
    return (
        _PAGE.replace("__STORE__", html.escape(store_location))
        .replace("__PREFIXES__", ", ".join(f"<code>{html.escape(p)}:</code>" for p in prefixes))
        .replace("__OPTIONS__", options)
        .replace("__EXAMPLES__", data)
        .replace("__FIRST__", html.escape(first))
    )
