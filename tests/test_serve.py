"""The SPARQL 1.1 Protocol endpoint, served for real by uvicorn on a loopback port."""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Iterator
from urllib.parse import urlencode

import httpx
import pyoxigraph as ox
import pytest
from rdflib import Graph
from serve_fixtures import ingested_store, serving

from graph.extract import Extractor
from graph.kg import KnowledgeGraph
from graph.serve import Limits, _negotiate
from graph.serve_results import RESULT_FORMATS, QueryPool, uses_service
from graph.vocab import PREFIXES

TOKEN = "s3cret-token"
QUERY = "SELECT ?t WHERE { ?e ng:actor actor:NATO ; ng:target ?t } ORDER BY ?t"
#: a cross product of the store with itself: rows stream out for hours, so the time limit cuts it
HEAVY = "SELECT ?a WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
#: no row before the whole cross product is counted (many seconds): only a kill stops it
BLOCKING = "SELECT ?b (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f } GROUP BY ?b"


@pytest.fixture(scope="module")
def kg(tmp_path_factory: pytest.TempPathFactory, extractor: Extractor) -> Iterator[KnowledgeGraph]:
    g = ingested_store(tmp_path_factory.mktemp("serve"), extractor)
    yield g
    g.close()


@pytest.fixture(scope="module")
def endpoint(kg: KnowledgeGraph) -> Iterator[str]:
    with serving(kg.store) as url:
        yield url


@pytest.fixture(scope="module")
def slow(kg: KnowledgeGraph) -> Iterator[str]:
    """The same store with a 1 s time limit and a result cap far above what 1 s can read."""
    with serving(kg.store, Limits(timeout=1.0, max_results=50_000_000)) as url:
        yield url


@pytest.fixture(scope="module")
def strict(kg: KnowledgeGraph) -> Iterator[str]:
    """The same store with small limits, CORS for one origin and updates behind a token."""
    limits = Limits(timeout=1.0, max_results=3, max_body=2_000, cors=("http://app.example",),
                    update_token=TOKEN)
    with serving(kg.store, limits) as url:
        yield url


def _targets(r: httpx.Response) -> set[str]:
    return {b["t"]["value"].rsplit("/", 1)[-1] for b in r.json()["results"]["bindings"]}


def test_get_select_json(endpoint: str) -> None:
    r = httpx.get(f"{endpoint}/sparql", params={"query": QUERY})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/sparql-results+json")
    assert _targets(r) == {"SRBGOV", "XKXGOV"}


def test_post_form_and_direct_body(endpoint: str) -> None:
    r = httpx.post(f"{endpoint}/sparql", data={"query": QUERY}, headers={"Accept": "text/csv"})
    assert r.status_code == 200 and r.text.splitlines()[0].strip() == "t"
    assert "SRBGOV" in r.text
    r = httpx.post(f"{endpoint}/sparql", content=QUERY,
                   headers={"Content-Type": "application/sparql-query",
                            "Accept": "application/sparql-results+xml"})
    assert r.status_code == 200 and "<sparql" in r.text and "XKXGOV" in r.text


def test_tsv_and_xml_results_parse(endpoint: str) -> None:
    r = httpx.get(f"{endpoint}/sparql", params={"query": QUERY},
                  headers={"Accept": "text/tab-separated-values"})
    lines = r.text.splitlines()
    assert lines[0] == "?t" and lines[1].startswith("<https://") and "SRBGOV>" in lines[1]
    r = httpx.get(f"{endpoint}/sparql", params={"query": QUERY},
                  headers={"Accept": "application/sparql-results+xml"})
    from rdflib.query import Result

    parsed = Result.parse(source=__import__("io").BytesIO(r.content), format="xml")
    assert {str(row[0]).rsplit("/", 1)[-1] for row in parsed} == {"SRBGOV", "XKXGOV"}


def test_ask_in_every_result_format(endpoint: str) -> None:
    ask = {"query": "ASK { ?e a sem:Event }"}
    assert httpx.get(f"{endpoint}/sparql", params=ask).json()["boolean"] is True
    xml = httpx.get(f"{endpoint}/sparql", params=ask,
                    headers={"Accept": "application/sparql-results+xml"}).text
    assert "<boolean>true</boolean>" in xml
    csv_text = httpx.get(f"{endpoint}/sparql", params=ask, headers={"Accept": "text/csv"}).text
    assert csv_text.splitlines()[-1] == "true"


@pytest.mark.parametrize("accept", [
    "text/turtle", "application/n-triples", "application/ld+json", "application/rdf+xml"])
def test_construct_in_each_rdf_format(endpoint: str, accept: str) -> None:
    r = httpx.get(f"{endpoint}/sparql", headers={"Accept": accept}, params={
        "query": "CONSTRUCT { ?e ng:actor ?a } WHERE { ?e ng:actor ?a }"})
    assert r.status_code == 200 and r.headers["content-type"].startswith(accept)
    fmt = ox.RdfFormat.from_media_type(accept)
    assert fmt is not None
    objects = {q.object.value for q in ox.parse(r.content, format=fmt)}
    assert any(o.endswith("/NATO") for o in objects)


def test_describe_is_turtle(endpoint: str) -> None:
    r = httpx.get(f"{endpoint}/sparql", params={"query": "DESCRIBE actor:NATO"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")
    assert len(Graph().parse(data=r.text, format="turtle")) > 0


def test_content_negotiation_with_q_values(endpoint: str) -> None:
    accept = "text/csv;q=0.5, application/sparql-results+xml;q=0.9, */*;q=0.1"
    r = httpx.get(f"{endpoint}/sparql", params={"query": QUERY}, headers={"Accept": accept})
    assert r.headers["content-type"].startswith("application/sparql-results+xml")
    table = dict(RESULT_FORMATS)
    assert _negotiate("text/*", table, "application/sparql-results+json") == "text/csv"
    assert _negotiate("text/csv;q=0, */*", table, "text/csv") == "text/csv"
    assert _negotiate("text/csv;q=0", table, "application/sparql-results+json") is None
    assert _negotiate("", table, "application/sparql-results+json").endswith("json")  # type: ignore[union-attr]


def test_default_and_named_graph_uri(kg: KnowledgeGraph, endpoint: str) -> None:
    graphs = httpx.get(f"{endpoint}/sparql", params={
        "query": "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?e a sem:Event } }"}).json()
    article = graphs["results"]["bindings"][0]["g"]["value"]
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?e a sem:Event }"
    only_actors = httpx.get(f"{endpoint}/sparql", params={
        "query": count, "default-graph-uri": "https://w3id.org/newsgraph/graph/actors"}).json()
    assert only_actors["results"]["bindings"][0]["n"]["value"] == "0"
    in_article = httpx.get(f"{endpoint}/sparql", params={
        "query": count, "default-graph-uri": article}).json()
    assert int(in_article["results"]["bindings"][0]["n"]["value"]) >= 2
    named = httpx.post(f"{endpoint}/sparql", data={
        "query": "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }",
        "named-graph-uri": article}).json()
    assert [b["g"]["value"] for b in named["results"]["bindings"]] == [article]


def test_service_description(endpoint: str) -> None:
    r = httpx.get(f"{endpoint}/sparql")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")
    g = Graph().parse(data=r.text, format="turtle")
    sd = "http://www.w3.org/ns/sparql-service-description#"
    endpoints = {str(o) for _s, p, o in g if str(p) == sd + "endpoint"}
    assert endpoints == {f"{endpoint}/sparql"}
    assert any(str(o) == sd + "SPARQL11Query" for o in g.objects())
    assert not any(str(o) == sd + "SPARQL11Update" for o in g.objects())
    nt = httpx.get(f"{endpoint}/sparql", headers={"Accept": "application/n-triples"})
    assert nt.headers["content-type"].startswith("application/n-triples") and sd in nt.text


def test_status_codes(endpoint: str) -> None:
    bad = httpx.get(f"{endpoint}/sparql", params={"query": "SELECT WHERE {"})
    assert bad.status_code == 400 and "malformed query" in bad.text and "1:" in bad.text
    na = httpx.get(f"{endpoint}/sparql", params={"query": QUERY}, headers={"Accept": "image/png"})
    assert na.status_code == 406 and "application/sparql-results+json" in na.text
    ctype = httpx.post(f"{endpoint}/sparql", content=QUERY, headers={"Content-Type": "text/plain"})
    assert ctype.status_code == 415 and "application/sparql-query" in ctype.text
    put = httpx.put(f"{endpoint}/sparql", content=QUERY)
    assert put.status_code == 405 and "POST" in put.headers.get("allow", "")
    two = httpx.get(f"{endpoint}/sparql", params=[("query", QUERY), ("query", QUERY)])
    assert two.status_code == 400
    get_update = httpx.get(f"{endpoint}/sparql", params={"update": "DROP ALL"})
    assert get_update.status_code == 405


def test_read_only_by_default(endpoint: str) -> None:
    for r in (
        httpx.post(f"{endpoint}/sparql", data={"update": "DROP ALL"}),
        httpx.post(f"{endpoint}/sparql", content="DROP ALL",
                   headers={"Content-Type": "application/sparql-update",
                            "Authorization": f"Bearer {TOKEN}"}),
    ):
        assert r.status_code == 403 and "read-only" in r.text
    assert httpx.get(f"{endpoint}/sparql", params={"query": QUERY}).status_code == 200
    assert _targets(httpx.get(f"{endpoint}/sparql", params={"query": QUERY})) == {
        "SRBGOV", "XKXGOV"}


def test_updates_need_the_token(strict: str) -> None:
    insert = ("INSERT DATA { GRAPH <https://w3id.org/newsgraph/graph/test> { "
              "<https://example.org/s> <https://example.org/p> 'v' } }")
    ask = {"query": "ASK { <https://example.org/s> <https://example.org/p> 'v' }"}
    headers = {"Content-Type": "application/sparql-update"}
    assert httpx.post(f"{strict}/sparql", content=insert, headers=headers).status_code == 401
    wrong = httpx.post(f"{strict}/sparql", content=insert,
                       headers={**headers, "Authorization": "Bearer nope"})
    assert wrong.status_code == 401
    assert httpx.get(f"{strict}/sparql", params=ask).json()["boolean"] is False
    ok = httpx.post(f"{strict}/sparql", data={"update": insert},
                    headers={"Authorization": f"Bearer {TOKEN}"})
    assert ok.status_code == 204
    assert httpx.get(f"{strict}/sparql", params=ask).json()["boolean"] is True
    drop = httpx.post(f"{strict}/sparql", content="DROP GRAPH <https://w3id.org/newsgraph/graph/test>",
                      headers={**headers, "Authorization": f"Bearer {TOKEN}"})
    assert drop.status_code == 204
    assert httpx.get(f"{strict}/sparql", params=ask).json()["boolean"] is False


def test_service_is_refused(endpoint: str) -> None:
    q = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    r = httpx.get(f"{endpoint}/sparql", params={"query": q})
    assert r.status_code == 403 and "SERVICE" in r.text
    assert uses_service("select * { service silent <x:y> { ?s ?p ?o } }")
    assert not uses_service("SELECT ?service WHERE { ?service ?p 'SERVICE <x:y>' }")


def test_timeout_cuts_a_heavy_query_while_others_answer(slow: str) -> None:
    strict = slow
    heavy: dict[str, object] = {}

    def run_heavy() -> None:
        started = time.monotonic()
        r = httpx.get(f"{strict}/sparql", params={"query": HEAVY}, timeout=30)
        heavy.update(status=r.status_code, text=r.text, seconds=time.monotonic() - started)

    thread = threading.Thread(target=run_heavy)
    thread.start()
    time.sleep(0.2)
    quick = httpx.get(f"{strict}/sparql", params={"query": QUERY}, timeout=10)
    assert quick.status_code == 200 and _targets(quick) == {"SRBGOV", "XKXGOV"}
    thread.join(timeout=30)
    assert heavy["status"] == 503 and "time limit" in str(heavy["text"])
    assert float(heavy["seconds"]) < 5  # type: ignore[arg-type]


def _ask(query: str, **extra: object) -> dict[str, object]:
    return {"query": query, "default_graphs": [], "named_graphs": [], "max_results": 100,
            "accept": "", **extra}


def _nato_targets(reply: tuple[object, ...]) -> set[str]:
    assert reply[0] == "ok", reply
    doc = json.loads(reply[2])  # type: ignore[arg-type]
    return {b["t"]["value"].rsplit("/", 1)[-1] for b in doc["results"]["bindings"]}


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def test_a_query_past_the_deadline_is_ended_with_its_worker(kg: KnowledgeGraph) -> None:
    """A query that computes before its first row cannot be cut between rows: its worker
    process is killed at the deadline (no work left running), and a fresh one takes its place."""
    pool = QueryPool(kg.store.location, PREFIXES, size=1)
    try:
        pool.start()
        (first,) = pool.pids()
        started = time.monotonic()
        assert pool.run(_ask(BLOCKING), time.monotonic() + 1.0) == ("timeout",)
        assert time.monotonic() - started < 3
        assert pool.kills == 1 and _gone(first)
        # the replacement answers the next query, with the same data
        reply = pool.run(_ask(QUERY), time.monotonic() + 30)
        assert _nato_targets(reply) == {"SRBGOV", "XKXGOV"}
        (second,) = pool.pids()
        assert second != first
        # a streaming query is cut by the worker itself, which then retires (the rows it read
        # took heap that only a new process gives back): no kill, a fresh worker all the same
        assert pool.run(_ask(HEAVY, max_results=50_000_000), time.monotonic() + 1.0) == (
            "timeout",)
        assert pool.kills == 1 and pool.recycled == 1
        third = _next_pid(pool, second)
        assert _gone(second)
        assert _nato_targets(pool.run(_ask(QUERY), time.monotonic() + 30)) == {
            "SRBGOV", "XKXGOV"}
    finally:
        pool.close()
    assert pool.pids() == [] and _gone(third)


def _next_pid(pool: QueryPool, old: int) -> int:
    """The pid of the worker that replaces ``old`` (it starts in the background)."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        pids = pool.pids()
        if pids and pids != [old]:
            return pids[0]
        time.sleep(0.05)
    raise AssertionError(f"no worker replaced pid {old} within 30 s")


def test_a_worker_past_its_memory_bound_is_replaced(kg: KnowledgeGraph) -> None:
    """A worker whose RSS grew past the bound answers, then is replaced; small answers keep it."""
    every = "SELECT * WHERE { ?s ?p ?o }"  # the whole store: thousands of rows read and written
    pool = QueryPool(kg.store.location, PREFIXES, size=1, recycle_mib=1)
    try:
        pool.start()
        (first,) = pool.pids()
        assert _nato_targets(pool.run(_ask(QUERY), time.monotonic() + 30)) == {
            "SRBGOV", "XKXGOV"}
        assert pool.pids() == [first] and pool.recycled == 0
        reply = pool.run(_ask(every, max_results=50_000), time.monotonic() + 30)
        assert reply[0] == "ok"
        assert len(json.loads(reply[2])["results"]["bindings"]) > 5_000  # type: ignore[arg-type]
        assert pool.recycled == 1 and pool.kills == 0
        second = _next_pid(pool, first)
        assert _gone(first)
        assert _nato_targets(pool.run(_ask(QUERY), time.monotonic() + 30)) == {
            "SRBGOV", "XKXGOV"}
        assert pool.pids() == [second]
    finally:
        pool.close()


def test_queries_see_updates_at_once(kg: KnowledgeGraph) -> None:
    """After :meth:`QueryPool.bump` (the endpoint calls it after each update) a worker
    reopens its snapshot, so a write is seen by the very next query."""
    ask = "ASK { <https://example.org/pool> <https://example.org/p> 'v' }"
    graph_iri = "https://w3id.org/newsgraph/graph/pool-test"
    pool = QueryPool(kg.store.location, PREFIXES, size=1)
    try:
        pool.start()
        assert json.loads(pool.run(_ask(ask), time.monotonic() + 30)[2])["boolean"] is False  # type: ignore[arg-type]
        kg.store.update(f"INSERT DATA {{ GRAPH <{graph_iri}> {{ <https://example.org/pool> "
                        "<https://example.org/p> 'v' } }")
        pool.bump()
        assert json.loads(pool.run(_ask(ask), time.monotonic() + 30)[2])["boolean"] is True  # type: ignore[arg-type]
    finally:
        kg.store.update(f"DROP SILENT GRAPH <{graph_iri}>")
        pool.close()


def test_result_cap(strict: str) -> None:
    r = httpx.get(f"{strict}/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 50"})
    assert r.status_code == 200 and r.headers["x-newsgraph-truncated"] == "true"
    assert len(r.json()["results"]["bindings"]) == 3


def test_body_cap(strict: str) -> None:
    big = QUERY + " #" + "x" * 5_000
    r = httpx.post(f"{strict}/sparql", content=big,
                   headers={"Content-Type": "application/sparql-query"})
    assert r.status_code == 413 and "--max-body" in r.text
    assert httpx.post(f"{strict}/sparql", data={"query": big}).status_code == 413
    assert httpx.get(f"{strict}/sparql", params={"query": big}).status_code == 413


def test_cors_off_by_default_and_configurable(endpoint: str, strict: str) -> None:
    origin = {"Origin": "http://app.example"}
    plain = httpx.get(f"{endpoint}/sparql", params={"query": QUERY}, headers=origin)
    assert "access-control-allow-origin" not in plain.headers
    allowed = httpx.get(f"{strict}/sparql", params={"query": QUERY}, headers=origin)
    assert allowed.headers["access-control-allow-origin"] == "http://app.example"
    other = httpx.get(f"{strict}/sparql", params={"query": QUERY},
                      headers={"Origin": "http://evil.example"})
    assert "access-control-allow-origin" not in other.headers
    pre = httpx.options(f"{strict}/sparql", headers={
        **origin, "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type"})
    assert pre.status_code == 200 and "POST" in pre.headers["access-control-allow-methods"]


def test_query_page_lists_saved_queries(endpoint: str) -> None:
    page = httpx.get(endpoint + "/")
    assert page.status_code == 200 and "<textarea" in page.text and "dyads" in page.text
    assert "http" not in page.text.split("<script>")[1].split("EXAMPLES")[0]
    assert json.loads('"ok"') == "ok"


def test_two_updates_are_refused(endpoint: str) -> None:
    body = urlencode([("update", "DROP ALL"), ("update", "CLEAR ALL")])
    r = httpx.post(f"{endpoint}/sparql", content=body,
                   headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert r.status_code == 400 and "exactly one" in r.text


def test_cli_refuses_updates_without_a_token(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
    tmp_path: pytest.TempPathFactory,
) -> None:
    from graph.cli import main

    monkeypatch.delenv("NEWSGRAPH_UPDATE_TOKEN", raising=False)
    assert main(["serve", "--store", str(tmp_path), "--allow-update"]) != 0
    assert "--update-token" in capsys.readouterr().err


def test_cli_passes_the_worker_settings_to_the_endpoint(
    monkeypatch: pytest.MonkeyPatch, tmp_path: pytest.TempPathFactory,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from graph import serve
    from graph.cli import main

    seen: dict[str, object] = {}
    monkeypatch.setattr(serve, "run", lambda store, **kw: seen.update(kw))
    assert main(["serve", "--store", str(tmp_path), "--query-workers", "2",
                 "--recycle-mib", "128"]) == 0
    limits = seen["limits"]
    assert isinstance(limits, serve.Limits)
    assert (limits.workers, limits.recycle_mib) == (2, 128)
    # a worker count below 1 is refused with the value named
    with pytest.raises(SystemExit):
        main(["serve", "--store", str(tmp_path), "--query-workers", "0"])
    assert "expected 1 or more, got 0" in capsys.readouterr().err
