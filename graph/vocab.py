"""Closed vocabularies: every IRI newsgraph writes comes from here.

``NG`` lists the terms of our own ontology (``ontology/newsgraph.ttl``); ``tests/test_vocab.py``
checks that the two agree, so a typo such as ``NG.actr`` fails at once (``_fail = True``)
instead of silently minting a new IRI. ``SEM`` and ``NIF`` hold the terms of the Simple Event
Model and of NIF that we use. The plain namespaces (``ACTOR``, ``CAMEO``, ``PLOVER``,
``ARTICLE``, ``EVENT``, ``CLUSTER``, ``RUN``, ``GRAPH``) mint identifiers of data, whose local
names are open-ended.

>>> str(NG.actor)
'https://w3id.org/newsgraph/ontology#actor'
>>> str(ACTORS_GRAPH)
'https://w3id.org/newsgraph/graph/actors'
"""

from __future__ import annotations

from rdflib.namespace import DefinedNamespace, Namespace
from rdflib.term import URIRef

__all__ = [
    "ACTOR",
    "ACTORS_GRAPH",
    "ARTICLE",
    "CAMEO",
    "CAMEO_GRAPH",
    "CAMEO_SCHEME",
    "CLUSTER",
    "EVENT",
    "GRAPH",
    "META_GRAPH",
    "NG",
    "NIF",
    "ONTOLOGY_GRAPH",
    "PLOVER",
    "PLOVER_GRAPH",
    "PLOVER_SCHEME",
    "PREFIXES",
    "RUN",
    "SEM",
    "WD",
]


class NG(DefinedNamespace):
    """The newsgraph ontology (``ontology/newsgraph.ttl``): the terms SEM and friends lack."""

    _fail = True
    _NS = Namespace("https://w3id.org/newsgraph/ontology#")

    # Classes
    EventCluster: URIRef  # the real-world event behind one or more event mentions
    ExtractionRun: URIRef  # one run of the extractor (a prov:Activity)
    Government: URIRef  # the government (or another sector) of a state, e.g. SRBGOV
    Group: URIRef  # an armed, rebel, ethnic or other non-state group
    IntergovernmentalOrganisation: URIRef  # an organisation of states (NATO, EU, UN)
    Modality: URIRef  # how the text presents an event (asserted, future, ...)
    Organisation: URIRef  # a company, NGO, party or other organisation
    Person: URIRef  # a named person
    Role: URIRef  # an office a person held for a term
    State: URIRef  # a sovereign or de-facto state
    TimeBasis: URIRef  # where an event time came from

    # Individuals
    Asserted: URIRef  # the text says the event happened
    Future: URIRef  # the text says the event will happen
    Hypothetical: URIRef  # the text says the event might happen (condition, possibility)
    Negated: URIRef  # the text says the event did not happen
    Requested: URIRef  # the text reports a demand that the event happen
    ReportDate: URIRef  # time basis: the article's publication date (no time expression)
    TimeExpression: URIRef  # time basis: a time expression in the text
    unitInterval: URIRef  # time precision of an explicit interval of days

    # Event properties
    actionBegin: URIRef  # offset where the predicate's text starts in the article
    actionEnd: URIRef  # offset where the predicate's text ends in the article
    actionText: URIRef  # the predicate as written
    actor: URIRef  # the source actor (who did it)
    attributedTo: URIRef  # the speaker of reported speech
    confidence: URIRef  # extractor confidence in [0, 1]
    inCluster: URIRef  # the event cluster this mention belongs to
    modality: URIRef  # the event's modality
    ploverType: URIRef  # the PLOVER concept of an event (or of a CAMEO concept)
    target: URIRef  # the target actor (to whom it was done)
    timeBasis: URIRef  # where the event time came from
    timeExpression: URIRef  # text of the time expression
    timeExpressionBegin: URIRef  # offset where the time expression starts in the article
    timeExpressionEnd: URIRef  # offset where the time expression ends in the article
    timePrecision: URIRef  # granularity of the event time
    timeValue: URIRef  # the event time at its precision (ISO 8601)

    # Code-list properties (events and concepts)
    goldstein: URIRef  # Goldstein conflict-cooperation score
    goldsteinICEWS: URIRef  # Goldstein score as revised by ICEWS
    quadClass: URIRef  # QuadClass 1-4

    # Cluster properties
    mentionCount: URIRef  # number of event mentions in a cluster

    # Actor properties
    actorType: URIRef  # state | government | igo | organisation | group | person | unknown
    anaphor: URIRef  # a phrase that refers back to the actor ("the alliance")
    cameoCode: URIRef  # CAMEO actor code (SRBGOV, IGOWSTNAT)
    capital: URIRef  # name of a state's capital city (metonymy: "Belgrade said")
    country: URIRef  # ISO 3166-1 alpha-3 code of the actor's country
    demonym: URIRef  # adjective/noun for the people of a state ("Serbian")
    inGazetteer: URIRef  # false for actors found in the text but absent from the gazetteer
    operatesIn: URIRef  # ISO alpha-3 code of a country where an organisation is active
    role: URIRef  # an office a person held
    office: URIRef  # the name of an office
    body: URIRef  # the body an office belongs to
    start: URIRef  # first day of a term
    end: URIRef  # last day of a term
    partOf: URIRef  # the actor this one belongs to (SRBGOV part of SRB)
    sector: URIRef  # CAMEO sector code (GOV, MIL, IGO, ...)
    seat: URIRef  # name of an organisation's seat ("Brussels")

    # Article, run and bookkeeping properties
    contentHash: URIRef  # SHA-256 of the article text
    digest: URIRef  # SHA-256 of what a named graph was built from
    schemaVersion: URIRef  # the store layout version recorded in the meta graph
    model: URIRef  # the language model a run used
    softwareVersion: URIRef  # version of the extractor of a run


class SEM(DefinedNamespace):
    """The Simple Event Model terms that newsgraph uses."""

    _fail = True
    _NS = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")

    Actor: URIRef
    Event: URIRef
    EventType: URIRef
    Place: URIRef
    eventType: URIRef
    hasActor: URIRef
    hasEarliestBeginTimeStamp: URIRef
    hasLatestEndTimeStamp: URIRef
    hasPlace: URIRef
    hasTimeStamp: URIRef


class NIF(DefinedNamespace):
    """The NLP Interchange Format (NIF 2.0 core) terms that newsgraph uses."""

    _fail = True
    _NS = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")

    Context: URIRef
    Sentence: URIRef
    String: URIRef
    anchorOf: URIRef
    beginIndex: URIRef
    endIndex: URIRef
    referenceContext: URIRef


#: Gazetteer and unknown actors: ``actor/NATO``, ``actor/SRBGOV``, ``actor/x-<slug>``.
ACTOR = Namespace("https://w3id.org/newsgraph/actor/")
#: CAMEO event-code concepts: ``cameo/0256``.
CAMEO = Namespace("https://w3id.org/newsgraph/cameo/")
#: PLOVER event-type concepts: ``plover/REQUEST``.
PLOVER = Namespace("https://w3id.org/newsgraph/plover/")
#: Articles: ``article/<id>`` (percent-encoded id); sentences add ``#char=b,e``.
ARTICLE = Namespace("https://w3id.org/newsgraph/article/")
#: Event mentions: ``event/<event_id>``.
EVENT = Namespace("https://w3id.org/newsgraph/event/")
#: Event clusters (one real event): ``cluster/<cluster_id>``.
CLUSTER = Namespace("https://w3id.org/newsgraph/cluster/")
#: Extraction runs: ``run/<hash>``.
RUN = Namespace("https://w3id.org/newsgraph/run/")
#: Named graphs: ``graph/article/<id>``, ``graph/actors``, ``graph/cameo`` ...
GRAPH = Namespace("https://w3id.org/newsgraph/graph/")
#: Wikidata entities.
WD = Namespace("http://www.wikidata.org/entity/")

CAMEO_SCHEME = URIRef("https://w3id.org/newsgraph/cameo")
PLOVER_SCHEME = URIRef("https://w3id.org/newsgraph/plover")

ONTOLOGY_GRAPH = GRAPH["ontology"]
ACTORS_GRAPH = GRAPH["actors"]
CAMEO_GRAPH = GRAPH["cameo"]
PLOVER_GRAPH = GRAPH["plover"]
#: Bookkeeping of the store (digests of the loaded ontology files).
META_GRAPH = GRAPH["meta"]

#: Prefixes bound in serialisations and used to shorten IRIs in tables.
PREFIXES: dict[str, str] = {
    "ng": str(NG._NS),
    "actor": str(ACTOR),
    "cameo": str(CAMEO),
    "plover": str(PLOVER),
    "article": str(ARTICLE),
    "event": str(EVENT),
    "cluster": str(CLUSTER),
    "run": str(RUN),
    "ngg": str(GRAPH),
    "sem": str(SEM._NS),
    "nif": str(NIF._NS),
    "prov": "http://www.w3.org/ns/prov#",
    "time": "http://www.w3.org/2006/time#",
    "schema": "https://schema.org/",
    "dcterms": "http://purl.org/dc/terms/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "wd": str(WD),
}
