"""graph/vocab.py against ontology/newsgraph.ttl: the closed vocabulary and the OWL file agree."""

from __future__ import annotations

import re

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, PROV, RDF, RDFS

from graph import resources
from graph.vocab import ACTOR, ACTORS_GRAPH, NG, NIF, PREFIXES, SEM

NG_NS = str(NG._NS)


@pytest.fixture(scope="module")
def ontology() -> Graph:
    g = Graph()
    g.parse(str(resources.ontology_file("newsgraph.ttl")), format="ox-turtle")
    return g


def _vocab_terms() -> set[str]:
    return {name for name in NG.__annotations__ if not name.startswith("_")}


def _declared_terms(g: Graph) -> set[str]:
    return {
        str(s)[len(NG_NS) :] for s in set(g.subjects(RDF.type, None)) if str(s).startswith(NG_NS)
    }


def test_vocab_and_ontology_declare_the_same_terms(ontology: Graph) -> None:
    vocab, declared = _vocab_terms(), _declared_terms(ontology)
    assert vocab - declared == set(), "in vocab.py but not declared in newsgraph.ttl"
    assert declared - vocab == set(), "declared in newsgraph.ttl but missing from vocab.py"
    assert {"actor", "target", "modality", "EventCluster", "ExtractionRun"} <= vocab


def test_every_term_has_label_and_comment(ontology: Graph) -> None:
    for name in _vocab_terms():
        term = NG[name]
        assert ontology.value(term, RDFS.label) is not None, name
        assert len(str(ontology.value(term, RDFS.comment) or "")) > 20, name


def test_every_ng_term_used_in_the_ontology_folder_is_declared() -> None:
    used: set[str] = set()
    for path in resources.ontology_dir().glob("*.ttl"):
        g = Graph()
        g.parse(str(path), format="ox-turtle")
        for triple in g:
            used |= {str(t)[len(NG_NS) :] for t in triple if str(t).startswith(NG_NS)}
    assert used - _vocab_terms() == set()


def test_closed_namespaces_reject_unknown_terms() -> None:
    with pytest.raises(AttributeError):
        _ = NG.actr
    with pytest.raises(AttributeError):
        _ = SEM.hasActorr
    with pytest.raises(AttributeError):
        _ = NIF.isStringg
    assert NG.actor == URIRef("https://w3id.org/newsgraph/ontology#actor")


def test_alignments_to_sem_and_prov(ontology: Graph) -> None:
    assert (NG.actor, RDFS.subPropertyOf, SEM.hasActor) in ontology
    assert (NG.target, RDFS.subPropertyOf, SEM.hasActor) in ontology
    for cls in (NG.State, NG.IntergovernmentalOrganisation, NG.Organisation, NG.Group, NG.Person):
        assert (cls, RDFS.subClassOf, SEM.Actor) in ontology
    assert (NG.ExtractionRun, RDFS.subClassOf, PROV.Activity) in ontology
    assert (NG.Asserted, RDF.type, NG.Modality) in ontology
    assert (NG.modality, RDF.type, OWL.ObjectProperty) in ontology


def test_prefixes_and_graph_iris() -> None:
    assert PREFIXES["ng"] == NG_NS
    assert str(ACTOR["SRB"]) == "https://w3id.org/newsgraph/actor/SRB"
    assert str(ACTORS_GRAPH) == "https://w3id.org/newsgraph/graph/actors"
    assert all(re.match(r"^https?://", ns) for ns in PREFIXES.values())
