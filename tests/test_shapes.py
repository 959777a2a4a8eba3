"""ontology/shapes.ttl: a good article graph conforms; each broken variant is rejected."""

from __future__ import annotations

from collections.abc import Callable

import pyshacl
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, SH, XSD

from graph import resources
from graph.model import Action, Actor, Article, Event, TimeValue
from graph.rdf import RunInfo, article_iri, article_to_graph, event_iri, sentence_iri
from graph.vocab import CAMEO, NG, NIF, SEM

ART = Article(id="a1", text="NATO called on Serbia.", published="2023-07-11")
EV = Event(
    doc_id="a1",
    source=Actor("NATO", "NATO", type="igo"),
    target=Actor("SRB", "Serbia", type="state", country="SRB"),
    action=Action("call on", "0256", "REQUEST", 1, 3.0),
    sentence=ART.text,
    char_start=0,
    char_end=22,
    time=TimeValue("2023-07", "month", "2023-07-01", "2023-07-31"),
)
E = event_iri(EV)
S = sentence_iri("a1", 0, 22)
A = article_iri("a1")


@pytest.fixture(scope="module")
def shapes() -> Graph:
    g = Graph()
    g.parse(str(resources.ontology_file("shapes.ttl")), format="ox-turtle")
    return g


def _good() -> Graph:
    return article_to_graph(ART, [EV], RunInfo("r", "m", "v", "2023-07-12T00:00:00"))


def _validate(data: Graph, shapes: Graph) -> tuple[bool, Graph]:
    conforms, results, _text = pyshacl.validate(data, shacl_graph=shapes, inference="none")
    assert isinstance(results, Graph)
    return bool(conforms), results


def test_shapes_are_shacl_core_only(shapes: Graph) -> None:
    assert (None, SH.sparql, None) not in shapes
    assert (None, SH.targetClass, SEM.Event) in shapes


def test_good_graph_conforms(shapes: Graph) -> None:
    conforms, _ = _validate(_good(), shapes)
    assert conforms


def _set(s: URIRef, p: URIRef, o: object) -> Callable[[Graph], None]:
    def edit(g: Graph) -> None:
        g.set((s, p, o))  # type: ignore[arg-type]

    return edit


def _drop(s: URIRef, p: URIRef) -> Callable[[Graph], None]:
    def edit(g: Graph) -> None:
        g.remove((s, p, None))

    return edit


def _add(s: URIRef, p: URIRef, o: object) -> Callable[[Graph], None]:
    def edit(g: Graph) -> None:
        g.add((s, p, o))  # type: ignore[arg-type]

    return edit


BROKEN = {
    "no event type": (_drop(E, SEM.eventType), SEM.eventType),
    "two event types": (_add(E, SEM.eventType, CAMEO["0257"]), SEM.eventType),
    "no actor": (_drop(E, NG.actor), NG.actor),
    "two actors": (_add(E, NG.actor, URIRef("https://w3id.org/newsgraph/actor/USA")), NG.actor),
    "no evidence": (_drop(E, PROV.wasDerivedFrom), PROV.wasDerivedFrom),
    "begin not an integer": (_set(S, NIF.beginIndex, Literal("0")), PROV.wasDerivedFrom),
    "end missing": (_drop(S, NIF.endIndex), PROV.wasDerivedFrom),
    "begin after end": (
        _set(S, NIF.beginIndex, Literal(30, datatype=XSD.integer)),
        PROV.wasDerivedFrom,
    ),
    "article without date": (_drop(A, DCTERMS.issued), DCTERMS.issued),
    "article date as plain string": (_set(A, DCTERMS.issued, Literal("July 2023")), DCTERMS.issued),
    "confidence above 1": (
        _set(E, NG.confidence, Literal("1.5", datatype=XSD.decimal)),
        NG.confidence,
    ),
    "confidence below 0": (
        _set(E, NG.confidence, Literal("-0.1", datatype=XSD.decimal)),
        NG.confidence,
    ),
    "confidence as float": (_set(E, NG.confidence, Literal(0.5)), NG.confidence),
    "modality outside the closed set": (
        _set(E, NG.modality, URIRef("https://w3id.org/newsgraph/ontology#Maybe")),
        NG.modality,
    ),
    "no modality": (_drop(E, NG.modality), NG.modality),
    "time precision unknown": (
        _set(E, NG.timePrecision, URIRef("http://www.w3.org/2006/time#unitHour")),
        NG.timePrecision,
    ),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_variant_is_rejected(case: str, shapes: Graph) -> None:
    edit, path = BROKEN[case]
    g = _good()
    edit(g)
    conforms, results = _validate(g, shapes)
    assert not conforms
    paths = set(results.objects(None, SH.resultPath))
    assert path in paths, f"{case}: violations were on {paths}"


def test_event_without_target_or_time_conforms(shapes: Graph) -> None:
    g = _good()
    g.remove((E, NG.target, None))
    for p in (SEM.hasTimeStamp, NG.timePrecision, NG.timeValue, NG.timeBasis):
        g.remove((E, p, None))
    conforms, _ = _validate(g, shapes)
    assert conforms
    assert (E, RDF.type, SEM.Event) in g
