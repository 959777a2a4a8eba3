"""Checks on the actor gazetteer as data (ontology/actors.ttl), read with plain rdflib.

The gazetteer is the single source of the actors the extractor recognises, and the loader in
``graph.extract.actors`` relies on its shape: one IRI per actor under ``actor:``, states keyed
by their ISO alpha-3 code, English labels, plain-literal codes, and names that point at one
entry only. These tests pin that shape and the facts other parts of the project build on
(Kosovo, NATO, KFOR, the EU), without going through the loader.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pytest
from rdflib import RDF, Graph, Literal, Namespace, URIRef
from rdflib.namespace import SKOS, XSD

from graph.extract.extractor import Extractor
from graph.resources import ontology_file

NG = Namespace("https://w3id.org/newsgraph/ontology#")
ACTOR = Namespace("https://w3id.org/newsgraph/actor/")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
WD = "http://www.wikidata.org/entity/"

# Names that two entries share on purpose (compared case-insensitively); see the file header.
SHARED_NAMES = {"brussels": {"BEL", "EU"}}

# Predicates whose literals are English names; every other literal is a code.
NAME_PREDICATES = (
    SKOS.prefLabel,
    SKOS.altLabel,
    NG.demonym,
    NG.capital,
    NG.seat,
    NG.anaphor,
)
CODE_PREDICATES = (NG.country, NG.cameoCode, NG.sector, NG.actorType, NG.operatesIn)
KNOWN_PREDICATES = {RDF.type, SKOS.exactMatch, NG.partOf, *NAME_PREDICATES, *CODE_PREDICATES}

CLASS_OF_TYPE = {
    "state": NG.State,
    "igo": NG.IntergovernmentalOrganisation,
    "mission": NG.IntergovernmentalOrganisation,
    "ngo": NG.Organisation,
    "group": NG.Group,
}
NON_UN_STATES = {"XKX", "PSE", "TWN", "VAT"}
#: territories with a CAMEO country code of their own, coded like states (Hong Kong, Macau)
CODED_TERRITORIES = {"HKG", "MAC"}
ISO3 = re.compile(r"[A-Z]{3}")
QID = re.compile(r"Q[1-9][0-9]*")


@pytest.fixture(scope="module")
def g() -> Graph:
    """Parse the gazetteer once for the whole module."""
    graph_ = Graph()
    graph_.parse(ontology_file("actors.ttl"), format="turtle")
    return graph_


def _local(iri: URIRef) -> str:
    """Return the part of an actor IRI after the ``actor:`` namespace."""
    assert str(iri).startswith(str(ACTOR)), f"{iri} is not an actor: IRI"
    return str(iri)[len(str(ACTOR)) :]


def _entries(g: Graph) -> dict[str, URIRef]:
    """Return every gazetteer entry (a sem:Actor) by its IRI local name."""
    return {_local(s): s for s in g.subjects(RDF.type, SEM.Actor) if isinstance(s, URIRef)}


def _strings(g: Graph, subject: URIRef, predicate: URIRef) -> set[str]:
    """Return the lexical forms of the literal objects of one subject and predicate."""
    return {str(o) for o in g.objects(subject, predicate)}


def _one(g: Graph, subject: URIRef, predicate: URIRef) -> str:
    """Return the single literal value of a predicate, failing if there is not exactly one."""
    values = _strings(g, subject, predicate)
    assert len(values) == 1, f"{subject} has {sorted(values)} for {predicate}, expected one"
    return values.pop()


def _states(g: Graph) -> dict[str, URIRef]:
    """Return the ng:State entries by IRI local name."""
    return {_local(s): s for s in g.subjects(RDF.type, NG.State) if isinstance(s, URIRef)}


def test_file_parses_into_actor_entries_only(g: Graph) -> None:
    entries = _entries(g)
    assert len(entries) >= 250
    subjects = set(g.subjects())
    assert subjects == set(entries.values()), "every subject of actors.ttl is a sem:Actor entry"
    unknown = {p for p in g.predicates() if p not in KNOWN_PREDICATES}
    assert not unknown, f"predicates outside the gazetteer schema: {sorted(unknown)}"


def test_terms_are_declared_in_the_ontology(g: Graph) -> None:
    ontology = Graph().parse(ontology_file("newsgraph.ttl"), format="turtle")
    declared = set(ontology.subjects())
    used = {t for t in (*g.predicates(), *g.objects(None, RDF.type)) if str(t).startswith(str(NG))}
    assert used - declared == set(), "ng: terms used in actors.ttl but missing in newsgraph.ttl"
    assert {NG.State, NG.IntergovernmentalOrganisation, NG.demonym, NG.anaphor} <= used


def test_every_entry_has_one_label_type_and_code(g: Graph) -> None:
    for local, s in _entries(g).items():
        _one(g, s, SKOS.prefLabel)
        _one(g, s, NG.cameoCode)
        kind = _one(g, s, NG.actorType)
        assert kind in CLASS_OF_TYPE, f"{local}: unknown actorType {kind!r}"
        assert (s, RDF.type, CLASS_OF_TYPE[kind]) in g, f"{local}: class does not fit {kind!r}"
        classes = set(g.objects(s, RDF.type)) - {SEM.Actor}
        assert len(classes) == 1, f"{local} has several kinds: {sorted(classes)}"


def test_states_are_keyed_by_unique_iso_codes(g: Graph) -> None:
    states = _states(g)
    assert len(states) >= 197
    codes = [_one(g, s, NG.country) for s in states.values()]
    assert len(codes) == len(set(codes)), "ISO alpha-3 codes repeat"
    for local, s in states.items():
        code = _one(g, s, NG.country)
        assert ISO3.fullmatch(code), f"{local}: {code!r} is not an ISO alpha-3 code"
        assert code == local, f"{local}: ng:country {code!r} differs from the IRI"
        assert _one(g, s, NG.cameoCode) == code, f"{local}: a state's CAMEO code is its ISO code"
        assert _one(g, s, NG.actorType) == "state"
        assert not _strings(g, s, NG.sector), f"{local}: states carry no ng:sector"


def test_un_members_and_the_four_other_states(g: Graph) -> None:
    states = _states(g)
    assert NON_UN_STATES | CODED_TERRITORIES <= set(states)
    assert len(set(states) - NON_UN_STATES - CODED_TERRITORIES) == 193


@pytest.mark.parametrize(
    ("code", "label", "capitals"),
    [
        ("XKX", "Kosovo", {"Pristina", "Prishtina"}),
        ("PSE", "Palestine", {"Ramallah"}),
        ("TWN", "Taiwan", {"Taipei"}),
        ("SRB", "Serbia", {"Belgrade"}),
        ("USA", "United States", {"Washington"}),
        ("RUS", "Russia", {"Moscow"}),
        ("UKR", "Ukraine", {"Kyiv", "Kiev"}),
        ("CHN", "China", {"Beijing"}),
        ("BEL", "Belgium", {"Brussels"}),
    ],
)
def test_key_states_and_capitals(g: Graph, code: str, label: str, capitals: set[str]) -> None:
    s = ACTOR[code]
    assert _one(g, s, SKOS.prefLabel) == label
    assert capitals <= _strings(g, s, NG.capital)


@pytest.mark.parametrize(
    ("code", "alt_labels", "demonyms"),
    [
        ("USA", {"U.S.", "US", "USA", "America", "United States of America"}, {"Americans"}),
        ("GBR", {"UK", "Britain", "Great Britain"}, {"British", "Briton", "Britons"}),
        ("RUS", {"Russian Federation"}, {"Russian", "Russians"}),
        ("COD", {"DR Congo", "DRC"}, {"Congolese"}),
        ("CIV", {"Ivory Coast"}, {"Ivorian"}),
        ("CZE", {"Czechia"}, {"Czech"}),
        ("MMR", {"Burma"}, {"Burmese"}),
        ("PRK", {"DPRK"}, {"North Korean"}),
        ("KOR", {"Republic of Korea"}, {"South Korean", "South Koreans"}),
        ("TUR", {"Türkiye"}, {"Turkish", "Turks"}),
        ("ISR", {"State of Israel"}, {"Israeli", "Israelis"}),
        ("PSE", {"State of Palestine"}, {"Palestinian", "Palestinians"}),
        ("XKX", {"Republic of Kosovo"}, {"Kosovar", "Kosovars", "Kosovo Albanian"}),
        ("SRB", {"Republic of Serbia"}, {"Serbian", "Serb", "Serbs"}),
        ("CHN", {"People's Republic of China"}, {"Chinese"}),
        ("UKR", set(), {"Ukrainian", "Ukrainians"}),
    ],
)
def test_common_names_and_demonyms(
    g: Graph, code: str, alt_labels: set[str], demonyms: set[str]
) -> None:
    s = ACTOR[code]
    assert alt_labels <= _strings(g, s, SKOS.altLabel)
    assert demonyms <= _strings(g, s, NG.demonym)


def test_government_seats(g: Graph) -> None:
    assert _strings(g, ACTOR.RUS, NG.seat) == {"the Kremlin"}
    assert _strings(g, ACTOR.USA, NG.seat) == {"the White House"}
    assert "Downing Street" in _strings(g, ACTOR.GBR, NG.seat)
    assert "the Élysée" in _strings(g, ACTOR.FRA, NG.seat)


def test_nato_kfor_and_the_eu(g: Graph) -> None:
    assert _one(g, ACTOR.NATO, SKOS.prefLabel) == "NATO"
    assert "the Alliance" in _strings(g, ACTOR.NATO, NG.anaphor)
    assert "North Atlantic Treaty Organization" in _strings(g, ACTOR.NATO, SKOS.altLabel)
    assert _one(g, ACTOR.NATO, NG.cameoCode) == "IGOWSTNAT"
    assert set(g.objects(ACTOR.KFOR, NG.partOf)) == {ACTOR.NATO}
    assert _strings(g, ACTOR.KFOR, NG.operatesIn) == {"XKX"}
    assert _one(g, ACTOR.KFOR, NG.actorType) == "mission"
    assert _strings(g, ACTOR.EU, NG.seat) == {"Brussels"}
    assert {"the bloc", "the Union"} <= _strings(g, ACTOR.EU, NG.anaphor)
    assert _one(g, ACTOR.EU, NG.cameoCode) == "IGOEUREEC"
    assert _one(g, ACTOR.UN, NG.cameoCode) == "IGOUNO"
    for part in ("EC", "EP", "EULEX"):
        assert set(g.objects(ACTOR[part], NG.partOf)) == {ACTOR.EU}, part
    assert _strings(g, ACTOR.EULEX, NG.operatesIn) == {"XKX"}
    assert _strings(g, ACTOR.UNMIK, NG.operatesIn) == {"XKX"}


@pytest.mark.parametrize(
    ("local", "label", "country", "sector"),
    [
        ("HAMAS", "Hamas", "PSE", "INS"),
        ("HEZBOLLAH", "Hezbollah", "LBN", "INS"),
        ("HOUTHIS", "Ansar Allah", "YEM", "REB"),
        ("TALIBAN", "Taliban", "AFG", "INS"),
        ("ISIS", "Daesh", None, "IMG"),
        ("ALQAEDA", "al-Qaeda", None, "IMG"),
        ("ALSHABAAB", "al-Shabaab", "SOM", "INS"),
        ("BOKOHARAM", "Boko Haram", "NGA", "INS"),
        ("WAGNER", "Wagner Group", "RUS", "MIL"),
        ("PKK", "Kurdistan Workers' Party", "TUR", "REB"),
        ("M23", "M23", "COD", "REB"),
        ("RSF", "Rapid Support Forces", "SDN", "MIL"),
        ("KLA", "Kosovo Liberation Army", "XKX", "REB"),
        ("SRPSKALISTA", "Serb List", "XKX", "PTY"),
        ("PIJ", "Islamic Jihad", "PSE", "INS"),
        ("FATAH", "Fatah", "PSE", "PTY"),
        ("SDF", "Syrian Democratic Forces", "SYR", "REB"),
        ("HTS", "Hayat Tahrir al-Sham", "SYR", "REB"),
        ("ICRC", "Red Cross", None, "NGO"),
        ("MSF", "Doctors Without Borders", None, "NGO"),
    ],
)
def test_groups_and_ngos(
    g: Graph, local: str, label: str, country: str | None, sector: str
) -> None:
    s = ACTOR[local]
    assert label in _strings(g, s, SKOS.prefLabel) | _strings(g, s, SKOS.altLabel)
    assert _strings(g, s, NG.country) == ({country} if country else set())
    assert _one(g, s, NG.sector) == sector


def test_non_state_entries_have_a_sector_and_valid_links(g: Graph) -> None:
    entries = _entries(g)
    state_codes = set(_states(g))
    for local, s in entries.items():
        if local in state_codes:
            continue
        # ... and the named organs of a state: its services and forces (CIA, FSB, Carabinieri),
        # and its public broadcasters (BBC, Voice of America)
        assert _one(g, s, NG.sector) in {"IGO", "NGO", "IMG", "REB", "INS", "PTY", "MIL",
                                         "SPY", "COP", "MED"}
        assert _strings(g, s, NG.country) <= state_codes, f"{local}: unknown country"
        assert _strings(g, s, NG.operatesIn) <= state_codes, f"{local}: unknown operatesIn"
        for parent in g.objects(s, NG.partOf):
            assert parent in entries.values(), f"{local}: partOf {parent} is no entry"
        kind = _one(g, s, NG.actorType)
        if kind == "mission":
            assert _strings(g, s, NG.operatesIn), f"{local}: a mission names where it operates"


def test_wikidata_links_are_item_iris_used_once(g: Graph) -> None:
    seen: dict[str, str] = {}
    for s, o in g.subject_objects(SKOS.exactMatch):
        assert isinstance(o, URIRef) and str(o).startswith(WD), f"{s}: {o} is not a wd: IRI"
        qid = str(o)[len(WD) :]
        assert QID.fullmatch(qid), f"{s}: {o} is not a Wikidata item"
        assert qid not in seen, f"{qid} links both {seen[qid]} and {_local(s)}"
        seen[qid] = _local(s)
    expected = {"SRB": "Q403", "XKX": "Q1246", "USA": "Q30", "RUS": "Q159", "NATO": "Q7184"}
    for local, qid in expected.items():
        assert seen[qid] == local


def test_no_name_points_at_two_entries(g: Graph) -> None:
    owners: dict[str, set[str]] = defaultdict(set)
    for predicate in NAME_PREDICATES:
        for s, o in g.subject_objects(predicate):
            owners[str(o).casefold()].add(_local(s))
    shared = {name: who for name, who in owners.items() if len(who) > 1}
    assert shared == SHARED_NAMES


def test_names_are_english_and_codes_are_plain(g: Graph) -> None:
    for predicate in NAME_PREDICATES:
        for s, o in g.subject_objects(predicate):
            assert isinstance(o, Literal) and o.language == "en", f"{s} {predicate} {o!r}"
            assert str(o) == str(o).strip() and str(o), f"{s}: blank or padded name {o!r}"
    for predicate in CODE_PREDICATES:
        for s, o in g.subject_objects(predicate):
            assert isinstance(o, Literal), f"{s} {predicate} {o!r}"
            assert o.language is None and o.datatype in (None, XSD.string), f"{s}: {o!r}"
            assert re.fullmatch(r"[A-Za-z0-9]+", str(o)), f"{s}: malformed code {o!r}"


# ----------------------------------------------------------------------- places.tsv


def test_places_name_towns_of_known_states() -> None:
    from graph.extract.actors import Gazetteer

    gaz = Gazetteer.load()
    assert len(gaz.places) > 10_000
    for town, iso in {"Kirkuk": "IRQ", "Abidjan": "CIV", "Hebron": "PSE", "Mombasa": "KEN",
                      "São Paulo": "BRA", "Basra": "IRQ"}.items():
        state = gaz.place_state(town)
        assert state is not None and state.id == iso, town
    # English words that are also town names are left out; states are never towns
    assert gaz.place_state("Reading") is None
    assert all(iso == "?" or (iso in gaz.actors and gaz.actors[iso].type == "state")
               for iso in gaz.places.values())
    # a name places in several states share is a place of no one state
    assert gaz.is_place("Granada") and gaz.place_state("Granada") is None


def test_places_loader_names_the_bad_line(tmp_path: Path) -> None:
    from graph.errors import DataFileError
    from graph.extract.actors import _load_places

    bad = tmp_path / "places.tsv"
    bad.write_text("# comment\nname\tcountry\tpopulation\nKirkuk\tIRQ\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"places\.tsv:3: expected name, country"):
        _load_places(bad, {})


def test_typo_lookup_is_one_edit_and_unique() -> None:
    from graph.extract.actors import Gazetteer

    gaz = Gazetteer.load()
    assert [n.actor_id for n in gaz.fuzzy_state_name("Afganistan")] == ["AFG"]
    assert [n.actor_id for n in gaz.fuzzy_state_name("Ethopia")] == ["ETH"]
    assert gaz.fuzzy_state_name("Iraan") == []  # too short to guess
    assert gaz.fuzzy_state_name("Afghanistan") == []  # exact names are not typos
    assert gaz.fuzzy_state_name("Afgnstan") == []  # two letters off
    assert gaz.fuzzy_person_key("Francois Mitterand") == "francois mitterrand"


def test_towns_are_not_typos_of_states(extractor: Extractor) -> None:
    from datetime import UTC, datetime

    for text, wrong in (("Police killed three protesters in Nakuru.", "NRU"),
                        ("Police arrested protesters at Columbia University.", "COL"),
                        ("Spanish police arrested two men in Granada.", "GRD")):
        events = extractor.extract_text(text, published=datetime(2024, 1, 10, tzinfo=UTC))
        assert not any(wrong in {e.source.country, e.target.country if e.target else None,
                                 e.place.country if e.place else None} for e in events), text


def test_sector_classes_are_data_and_checked(tmp_path: Path) -> None:
    """The sector classes the rules ask about come from sector-classes.tsv; a file missing a
    class or with a malformed code is an error naming it."""
    from graph.errors import DataFileError
    from graph.extract.actors import SECTOR_CLASSES, Gazetteer, _load_sector_classes

    classes = Gazetteer.load().sector_classes
    assert set(classes) == set(SECTOR_CLASSES)
    assert {"CVL", "REB"} <= classes["people"] and classes["forces"] == {"MIL", "COP"}
    bad = tmp_path / "sector-classes.tsv"
    bad.write_text("class\tsector\npeople\tcvl\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="sector-classes.tsv:2"):
        _load_sector_classes(bad)
    bad.write_text("class\tsector\npeople\tCVL\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="no sectors for class"):
        _load_sector_classes(bad)
