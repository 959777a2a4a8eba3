"""ontology/persons.ttl: office holders with their terms, loaded by the gazetteer."""

from __future__ import annotations

from datetime import date

from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from graph import resources
from graph.extract.actors import Gazetteer, _norm

NG = "https://w3id.org/newsgraph/ontology#"


def test_every_role_has_office_sector_start_and_an_affiliation() -> None:
    g = Graph().parse(resources.ontology_file("persons.ttl"))
    persons = set(g.subjects(RDF.type, URIRef(NG + "Person")))
    assert len(persons) > 1000
    roles = list(g.objects(None, URIRef(NG + "role")))
    assert len(roles) >= len(persons)
    for r in roles:
        assert g.value(r, URIRef(NG + "office")) is not None, r
        assert g.value(r, URIRef(NG + "sector")) is not None, r
        start = g.value(r, URIRef(NG + "start"))
        end = g.value(r, URIRef(NG + "end"))
        assert start is not None, r
        assert end is None or start.toPython() <= end.toPython(), r
        assert (g.value(r, URIRef(NG + "country")) or g.value(r, URIRef(NG + "body"))) is not None


def test_names_point_to_one_person_and_affiliations_exist() -> None:
    gaz = Gazetteer.load()
    # a regnal title's last word is no surname ("Abdullah II of Jordan", "Margrethe II")
    assert gaz.person("Jordan", None) is None and gaz.person("II", None) is None
    for key, ids in gaz.person_names.items():
        # names of the file name one person; a surname several share names all of them
        assert len(set(ids)) == 1 or (
            " " not in key and all(_norm(gaz.persons[i].label).endswith(key) for i in ids)
        ), key
    for p in gaz.persons.values():
        for role in p.roles:
            assert role.country is None or role.country in gaz.actors, (p.id, role.country)
            assert role.body is None or role.body in gaz.actors, (p.id, role.body)
    annan = gaz.person("Kofi Annan", date(2000, 1, 1))
    assert annan is not None and annan.cameo is not None and annan.cameo.startswith("IGO")
