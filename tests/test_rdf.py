"""graph/rdf.py: Event <-> RDF, IRI minting, and the round trip (Hypothesis)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, SDO, SKOS, TIME, XSD

from graph.errors import InputError
from graph.model import MODALITIES, PRECISIONS, Action, Actor, Article, Event, TimeValue
from graph.rdf import (
    MODALITY_IRIS,
    PRECISION_UNITS,
    RunInfo,
    actor_iri,
    article_graph_iri,
    article_iri,
    article_to_graph,
    event_iri,
    events_from_graph,
    graph_digest,
    sentence_iri,
)
from graph.vocab import ACTOR, CAMEO, NG, NIF, PLOVER, SEM

RUN = RunInfo("run1", "en_core_web_sm", "0.1.0", "2023-07-12T10:00:00")
TEXT = "NATO called on Serbia to de-escalate. Kosovo protested on Monday."
NATO = Actor("NATO", "NATO", type="igo", sector="IGO", cameo="IGOWSTNAT", wikidata="Q7184")
SRBGOV = Actor(
    "SRBGOV", "Government of Serbia", type="government", country="SRB", sector="GOV",
    cameo="SRBGOV",
)
STRANGER = Actor("x-kosovo-serbs", "Kosovo Serbs", type="group", country="XKX",
                 aliases=("Serbs in Kosovo",), in_gazetteer=False)


def _article(**kw: object) -> Article:
    base: dict[str, object] = {
        "id": "a1", "text": TEXT, "title": "Talks", "source": "Example News",
        "url": "https://example.org/a1", "published": "2023-07-11T21:15:00+02:00",
    }
    base.update(kw)
    return Article(**base)  # type: ignore[arg-type]


def _event(**kw: object) -> Event:
    base: dict[str, object] = {
        "doc_id": "a1", "source": NATO, "target": SRBGOV,
        "action": Action("call on", "0256", "REQUEST", 1, 3.0),
        "sentence": TEXT[:37], "char_start": 0, "char_end": 37,
        "time": TimeValue("2023-07-11", "day", "2023-07-11", "2023-07-11", defaulted=True),
        "reported": "2023-07-11T21:15:00+02:00", "confidence": 0.8, "evidence": (5, 19),
        "cluster_id": "c-1",
    }
    base.update(kw)
    return Event(**base)  # type: ignore[arg-type]


def test_iris_follow_the_fixed_patterns() -> None:
    ev = _event()
    assert str(article_iri("a1")) == "https://w3id.org/newsgraph/article/a1"
    assert str(article_graph_iri("a b/c")) == "https://w3id.org/newsgraph/graph/article/a%20b%2Fc"
    assert str(sentence_iri("a1", 3, 9)) == "https://w3id.org/newsgraph/article/a1#char=3,9"
    assert str(event_iri(ev)) == f"https://w3id.org/newsgraph/event/{ev.event_id}"
    assert actor_iri(SRBGOV) == ACTOR["SRBGOV"]


def test_article_triples() -> None:
    g = article_to_graph(_article(), [_event()], RUN)
    art = article_iri("a1")
    assert g.identifier == article_graph_iri("a1")
    assert (art, RDF.type, SDO.NewsArticle) in g and (art, RDF.type, NIF.Context) in g
    issued = g.value(art, DCTERMS.issued)
    assert isinstance(issued, Literal) and issued.datatype == XSD.dateTime
    assert str(g.value(art, DCTERMS.publisher)) == "Example News"
    assert str(g.value(art, SDO.url)) == "https://example.org/a1"
    assert len(str(g.value(art, NG.contentHash))) == 64
    # the text is not stored a second time
    assert not any(str(o) == TEXT for o in g.objects())
    day = article_to_graph(_article(published="2023-07-11"), [], RUN).value(art, DCTERMS.issued)
    assert isinstance(day, Literal) and day.datatype == XSD.date


def test_event_triples() -> None:
    ev = _event()
    g = article_to_graph(_article(), [ev], RUN)
    e = event_iri(ev)
    assert (e, RDF.type, SEM.Event) in g
    assert (e, SEM.eventType, CAMEO["0256"]) in g
    assert (e, NG.ploverType, PLOVER["REQUEST"]) in g
    assert (e, NG.actor, ACTOR["NATO"]) in g and (e, NG.target, ACTOR["SRBGOV"]) in g
    assert (e, NG.modality, NG.Asserted) in g
    conf = g.value(e, NG.confidence)
    assert isinstance(conf, Literal) and conf.datatype == XSD.decimal
    assert conf.value == Decimal("0.8")
    assert (e, NG.timeBasis, NG.ReportDate) in g
    assert (e, NG.timePrecision, TIME.unitDay) in g
    assert g.value(e, SEM.hasTimeStamp) == Literal("2023-07-11", datatype=XSD.date)
    s = sentence_iri("a1", 0, 37)
    assert (e, PROV.wasDerivedFrom, s) in g and (s, RDF.type, NIF.Sentence) in g
    assert g.value(s, NIF.beginIndex) == Literal(0, datatype=XSD.integer)
    assert str(g.value(s, NIF.anchorOf)) == TEXT[:37]
    assert (s, NIF.referenceContext, article_iri("a1")) in g
    run = g.value(e, PROV.wasGeneratedBy)
    assert (run, RDF.type, PROV.Activity) in g and str(g.value(run, NG.model)) == "en_core_web_sm"
    assert (e, NG.inCluster, URIRef("https://w3id.org/newsgraph/cluster/c-1")) in g


@pytest.mark.parametrize(
    ("precision", "value", "start", "end", "datatype", "unit"),
    [
        ("day", "2023-07-11", "2023-07-11", "2023-07-11", XSD.date, TIME.unitDay),
        ("week", "2023-W28", "2023-07-10", "2023-07-16", None, TIME.unitWeek),
        ("month", "2023-07", "2023-07-01", "2023-07-31", XSD.gYearMonth, TIME.unitMonth),
        ("year", "2023", "2023-01-01", "2023-12-31", XSD.gYear, TIME.unitYear),
        ("interval", "2023-07-10/2023-07-12", "2023-07-10", "2023-07-12", None, NG.unitInterval),
    ],
)
def test_time_at_each_precision(
    precision: str, value: str, start: str, end: str, datatype: URIRef | None, unit: URIRef
) -> None:
    tv = TimeValue(value, precision, start, end, text="on Monday", span=(54, 63))
    ev = _event(time=tv)
    g = article_to_graph(_article(), [ev], RUN)
    e = event_iri(ev)
    lit = g.value(e, NG.timeValue)
    assert isinstance(lit, Literal) and str(lit) == value and lit.datatype == datatype
    assert g.value(e, NG.timePrecision) == unit
    assert str(g.value(e, SEM.hasTimeStamp)) == start
    if precision != "day":
        assert str(g.value(e, SEM.hasLatestEndTimeStamp)) == end
    assert (e, NG.timeBasis, NG.TimeExpression) in g
    assert str(g.value(e, NG.timeExpression)) == "on Monday"
    assert events_from_graph(g) == [ev]


def test_known_actors_are_left_to_the_gazetteer() -> None:
    ev = _event(target=SRBGOV, attributed_to=STRANGER)
    g = article_to_graph(_article(), [ev], RUN, known_actors={"NATO", "SRB"})
    assert (ACTOR["NATO"], SKOS.prefLabel, None) not in g
    # a composite gazetteer actor is described, and belongs to its state
    assert str(g.value(ACTOR["SRBGOV"], SKOS.prefLabel)) == "Government of Serbia"
    assert (ACTOR["SRBGOV"], NG.partOf, ACTOR["SRB"]) in g
    assert (ACTOR["SRBGOV"], RDF.type, NG.Government) in g
    # an actor outside the gazetteer says so
    stranger = actor_iri(STRANGER)
    assert g.value(stranger, NG.inGazetteer) == Literal(False)
    assert (stranger, SKOS.altLabel, Literal("Serbs in Kosovo")) in g
    assert (event_iri(ev), NG.attributedTo, stranger) in g
    # read back without the gazetteer, NATO falls back to its id as label
    back = events_from_graph(g)[0]
    assert back.source.id == "NATO" and back.source.label == "NATO" and back.target == SRBGOV
    assert back.attributed_to == STRANGER


def test_action_name_comes_from_the_cameo_concept() -> None:
    g = article_to_graph(_article(), [_event()], RUN)
    assert events_from_graph(g)[0].action.name == ""
    g.add((CAMEO["0256"], SKOS.prefLabel, Literal("Appeal for de-escalation", lang="en")))
    assert events_from_graph(g)[0].action.name == "Appeal for de-escalation"


def test_graph_digest_ignores_the_run_but_not_the_events() -> None:
    other_run = RunInfo("run2", "m", "9", "2024-01-01T00:00:00Z")
    a = graph_digest(article_to_graph(_article(), [_event()], RUN))
    assert a == graph_digest(article_to_graph(_article(), [_event()], other_run))
    assert a != graph_digest(article_to_graph(_article(), [_event(confidence=0.7)], RUN))
    assert a != graph_digest(article_to_graph(_article(title="New"), [_event()], RUN))


@pytest.mark.parametrize(
    ("article", "event", "fragment"),
    [
        (_article(published="11 July 2023"), _event(), "not an ISO 8601 date"),
        (_article(), _event(doc_id="other"), "belongs to article 'other'"),
        (_article(), _event(modality="perhaps"), "modality 'perhaps'"),
        (_article(), _event(confidence=1.5), "outside [0, 1]"),
        (_article(), _event(char_start=9, char_end=3), "0 <= begin <= end"),
        (
            _article(),
            _event(time=TimeValue("2023-7", "month", "2023-07-01", "2023-07-31")),
            "does not match its precision",
        ),
        (
            _article(),
            _event(time=TimeValue("2023", "decade", "2020-01-01", "2029-12-31")),
            "time precision 'decade'",
        ),
    ],
)
def test_bad_input_raises_input_error(article: Article, event: Event, fragment: str) -> None:
    with pytest.raises(InputError, match=fragment.replace("[", r"\[").replace("]", r"\]")):
        article_to_graph(article, [event], RUN)


def test_vocabulary_tables_cover_the_model() -> None:
    assert set(MODALITY_IRIS) == set(MODALITIES)
    assert set(PRECISION_UNITS) == set(PRECISIONS)


# ---------------------------------------------------------------------------------------------
# Round trip
# ---------------------------------------------------------------------------------------------

labels = st.text(min_size=1, max_size=30)
codes = st.none() | st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=3, max_size=9)


@st.composite
def actors(draw: st.DrawFn, ident: str) -> Actor:
    return Actor(
        id=ident,
        label=draw(labels),
        type=draw(st.sampled_from(["state", "government", "igo", "organisation", "group",
                                   "person", "unknown"])),
        country=draw(st.none() | st.sampled_from(["SRB", "XKX", "USA"])),
        sector=draw(codes),
        cameo=draw(codes),
        wikidata=draw(st.none() | st.from_regex(r"Q[1-9][0-9]{0,6}", fullmatch=True)),
        aliases=tuple(sorted(draw(st.sets(labels, max_size=3)))),
        in_gazetteer=draw(st.booleans()),
    )


@st.composite
def times(draw: st.DrawFn) -> TimeValue:
    precision = draw(st.sampled_from(PRECISIONS))
    day = draw(st.dates(min_value=date(1990, 1, 1), max_value=date(2035, 12, 31)))
    span = draw(st.none() | st.tuples(st.integers(0, 50), st.integers(50, 99)))
    text = draw(st.none() | st.text(max_size=20))
    defaulted = draw(st.booleans())
    if precision == "day":
        value, start, end = day.isoformat(), day, day
    elif precision == "week":
        start = day - timedelta(days=day.weekday())
        end = start + timedelta(days=6)
        iso = start.isocalendar()
        value = f"{iso.year}-W{iso.week:02d}"
    elif precision == "month":
        start = day.replace(day=1)
        end = start + timedelta(days=27)
        value = start.isoformat()[:7]
    elif precision == "year":
        start, end = day.replace(month=1, day=1), day.replace(month=12, day=31)
        value = str(start.year)
    else:
        start, end = day, day + timedelta(days=draw(st.integers(1, 30)))
        value = f"{start.isoformat()}/{end.isoformat()}"
    return TimeValue(value, precision, start.isoformat(), end.isoformat(), defaulted, text, span)


@st.composite
def articles_with_events(draw: st.DrawFn) -> tuple[Article, list[Event]]:
    text = draw(st.text(min_size=1, max_size=200))
    doc_id = draw(st.text(min_size=1, max_size=20))
    published = draw(st.sampled_from(["2023-07-11", "2023-07-11T21:15:00+02:00", None]))
    article = Article(id=doc_id, text=text, title=draw(st.none() | labels),
                      source=draw(st.none() | labels), published=published)
    pool = [draw(actors(f"x-{i}")) for i in range(draw(st.integers(1, 4)))]
    events = []
    spans: set[tuple[int, int]] = set()
    for _ in range(draw(st.integers(0, 4))):
        b = draw(st.integers(0, len(text)))
        e = draw(st.integers(b, len(text)))
        if (b, e) in spans:
            continue
        spans.add((b, e))
        events.append(Event(
            doc_id=doc_id,
            source=draw(st.sampled_from(pool)),
            target=draw(st.none() | st.sampled_from(pool)),
            place=draw(st.none() | st.sampled_from(pool)),
            attributed_to=draw(st.none() | st.sampled_from(pool)),
            action=Action(
                text=draw(st.text(max_size=15)),
                cameo=draw(st.from_regex(r"[01][0-9]{1,3}", fullmatch=True)),
                plover=draw(st.none() | st.sampled_from(["REQUEST", "ASSAULT", "AGREE"])),
                quad_class=draw(st.integers(1, 4)),
                goldstein=draw(st.floats(-10, 10, allow_nan=False)),
            ),
            sentence=text[b:e],
            char_start=b,
            char_end=e,
            time=draw(st.none() | times()),
            reported=published,
            modality=draw(st.sampled_from(MODALITIES)),
            confidence=draw(st.floats(0, 1, allow_nan=False)),
            cluster_id=draw(st.none() | st.text(min_size=1, max_size=10)),
            evidence=draw(st.none() | st.tuples(st.integers(0, 5), st.integers(5, 9))),
        ))
    return article, events


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(articles_with_events())
def test_round_trip(case: tuple[Article, list[Event]]) -> None:
    article, events = case
    g = article_to_graph(article, events, RUN)
    back = events_from_graph(g)
    assert back == sorted(events, key=lambda ev: (ev.doc_id, ev.char_start, ev.char_end,
                                                   ev.event_id))
    assert set(g.subjects(RDF.type, SEM.Event)) == {event_iri(ev) for ev in events}
    # through Turtle and back, the graph is the same
    again = Graph().parse(data=g.serialize(format="turtle"), format="turtle")
    assert events_from_graph(again) == back
