"""Real SPARQL clients against the endpoint: SPARQLWrapper, rdflib's SPARQLStore, Comunica.

Each drives a real uvicorn server on a loopback port. Comunica (``@comunica/query-sparql``,
pinned to 4.x: 5.x needs Node 22) is installed from npm into a temporary folder once per
module; the test is skipped, saying why, when node/npm or the package cannot be had.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import urllib.error
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from serve_fixtures import ingested_store, serving
from SPARQLWrapper import CSV, JSON, TURTLE, XML, SPARQLWrapper

from graph.extract import Extractor
from graph.vocab import PREFIXES

NG = PREFIXES["ng"]
NATO = PREFIXES["actor"] + "NATO"
QUERY = f"SELECT ?t WHERE {{ ?e <{NG}actor> <{NATO}> ; <{NG}target> ?t }} ORDER BY ?t"


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory: pytest.TempPathFactory, extractor: Extractor) -> Iterator[str]:
    kg = ingested_store(tmp_path_factory.mktemp("clients"), extractor)
    try:
        with serving(kg.store) as url:
            yield url + "/sparql"
    finally:
        kg.close()


def _local(iri: str) -> str:
    return iri.rsplit("/", 1)[-1]


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_sparqlwrapper_select_in_json_xml_csv(endpoint: str, method: str) -> None:
    client = SPARQLWrapper(endpoint)
    client.setMethod(method)
    client.setQuery(QUERY)
    client.setReturnFormat(JSON)
    rows = client.queryAndConvert()["results"]["bindings"]  # type: ignore[index]
    assert {_local(b["t"]["value"]) for b in rows} == {"SRBGOV", "XKXGOV"}
    client.setReturnFormat(XML)
    doc = client.queryAndConvert()
    uris = [n.firstChild.data for n in doc.getElementsByTagName("uri")]  # type: ignore[union-attr]
    assert {_local(u) for u in uris} == {"SRBGOV", "XKXGOV"}
    client.setReturnFormat(CSV)
    text = client.queryAndConvert().decode()  # type: ignore[union-attr]
    assert text.splitlines()[0].strip() == "t" and "XKXGOV" in text


def test_sparqlwrapper_ask_and_construct(endpoint: str) -> None:
    client = SPARQLWrapper(endpoint)
    client.setQuery(f"ASK {{ ?e <{NG}actor> <{NATO}> }}")
    client.setReturnFormat(JSON)
    assert client.queryAndConvert()["boolean"] is True  # type: ignore[index]
    client.setQuery(f"CONSTRUCT {{ ?e <{NG}actor> ?a }} WHERE {{ ?e <{NG}actor> ?a }}")
    client.setReturnFormat(TURTLE)
    g = Graph().parse(data=client.queryAndConvert(), format="turtle")  # type: ignore[arg-type]
    assert URIRef(NATO) in set(g.objects())


def test_sparqlwrapper_update_is_refused(endpoint: str) -> None:
    client = SPARQLWrapper(endpoint, updateEndpoint=endpoint)
    client.setMethod("POST")
    client.setQuery("DROP ALL")
    with pytest.raises(urllib.error.HTTPError) as info:
        client.query()
    assert info.value.code == 403 and "read-only" in info.value.read().decode()


def test_rdflib_sparqlstore(endpoint: str) -> None:
    g = Graph(store=SPARQLStore(endpoint, returnFormat="json"))
    rows = list(g.query(QUERY))
    assert {_local(str(r[0])) for r in rows} == {"SRBGOV", "XKXGOV"}  # type: ignore[index]
    assert g.query(f"ASK {{ ?e <{NG}actor> <{NATO}> }}").askAnswer is True
    triples = list(g.triples((None, URIRef(NG + "actor"), URIRef(NATO))))
    assert len(triples) >= 1
    xml = Graph(store=SPARQLStore(endpoint, returnFormat="xml", method="POST"))
    assert {_local(str(r[0])) for r in xml.query(QUERY)} == {"SRBGOV", "XKXGOV"}  # type: ignore[index]


@pytest.fixture(scope="module")
def comunica(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``comunica-sparql`` installed from npm into a temporary folder (skips when it cannot)."""
    npm = shutil.which("npm")
    if npm is None or shutil.which("node") is None:
        pytest.skip("Comunica needs node and npm (apt-get install -y nodejs npm)")
    folder = tmp_path_factory.mktemp("comunica")
    try:
        done = subprocess.run(
            [npm, "install", "--no-audit", "--no-fund", "--prefix", str(folder),
             "@comunica/query-sparql@^4"],
            capture_output=True, text=True, timeout=420, check=False)
    except subprocess.TimeoutExpired:
        pytest.skip("npm install @comunica/query-sparql@^4 took over 420 s")
    binary = folder / "node_modules" / ".bin" / "comunica-sparql"
    if done.returncode != 0 or not binary.exists():
        pytest.skip(f"npm could not install @comunica/query-sparql@^4: {done.stderr[-300:]}")
    return binary


def test_comunica_select(endpoint: str, comunica: Path) -> None:
    done = subprocess.run(
        [str(comunica), f"sparql@{endpoint}", QUERY, "-t", "application/sparql-results+json"],
        capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-500:]
    rows = json.loads(done.stdout)["results"]["bindings"]
    assert {_local(b["t"]["value"]) for b in rows} == {"SRBGOV", "XKXGOV"}
