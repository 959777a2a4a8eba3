"""graph/store.py on both backends: rdflib's memory store and Oxigraph on disk."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Dataset

from graph import resources
from graph.errors import DataFileError, ExportError, QueryError, StoreError
from graph.model import Action, Actor, Article, Event, TimeValue
from graph.rdf import RunInfo, article_graph_iri
from graph.store import REFERENCE_FILES, Store
from graph.table import EVENT_COLUMNS
from graph.vocab import CAMEO_GRAPH, META_GRAPH, NG, ONTOLOGY_GRAPH

RUN = RunInfo("run1", "en_core_web_sm", "0.1.0", "2023-07-12T10:00:00")
TEXT = "NATO called on Serbia to de-escalate. Kosovo Serbs protested against Pristina."
NATO = Actor("NATO", "NATO", type="igo", sector="IGO", cameo="IGOWSTNAT", wikidata="Q7184")
SRBGOV = Actor("SRBGOV", "Government of Serbia", type="government", country="SRB",
               sector="GOV", cameo="SRBGOV")
XKXGOV = Actor("XKXGOV", "Government of Kosovo", type="government", country="XKX",
               sector="GOV", cameo="XKXGOV")
SERBS = Actor("x-kosovo-serbs", "Kosovo Serbs", type="group", country="XKX",
              aliases=("Serb community",), in_gazetteer=False)
HOSTILE = 'quote " back\\slash \\u0041 tab\t nul\x00 new\nline émoji 🛰 rtl \u202e }} ; DROP ALL'


def _article(doc_id: str = "a1", text: str = TEXT, **kw: object) -> Article:
    return Article(id=doc_id, text=text, title="Talks", source="Example News",  # type: ignore[arg-type]
                   url=f"https://example.org/{doc_id}", published="2023-07-11", **kw)


def _request(doc_id: str = "a1", **kw: object) -> Event:
    base: dict[str, object] = {
        "doc_id": doc_id, "source": NATO, "target": SRBGOV,
        "action": Action("call on", "0256", "REQUEST", 1, 3.0),
        "sentence": TEXT[:37], "char_start": 0, "char_end": 37,
        "time": TimeValue("2023-07-11", "day", "2023-07-11", "2023-07-11", defaulted=True),
        "reported": "2023-07-11", "confidence": 0.8, "cluster_id": "c1",
    }
    base.update(kw)
    return Event(**base)  # type: ignore[arg-type]


def _protest(doc_id: str = "a1", **kw: object) -> Event:
    base: dict[str, object] = {
        "doc_id": doc_id, "source": SERBS, "target": XKXGOV,
        "action": Action("protest", "141", "PROTEST", 3, -6.5),
        "sentence": TEXT[38:], "char_start": 38, "char_end": len(TEXT),
        "time": TimeValue("2023-07", "month", "2023-07-01", "2023-07-31", text="July"),
        "reported": "2023-07-11", "confidence": 0.6,
    }
    base.update(kw)
    return Event(**base)  # type: ignore[arg-type]


@pytest.fixture(params=["memory", "oxigraph"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    path = None if request.param == "memory" else tmp_path / "db"
    with Store.open(path) as s:
        yield s


def test_open_loads_the_ontology_graphs(store: Store) -> None:
    assert store.query(f"ASK {{ GRAPH <{ONTOLOGY_GRAPH}> {{ ng:actor a owl:ObjectProperty }} }}")
    assert store.query(f"ASK {{ GRAPH <{CAMEO_GRAPH}> {{ cameo:0256 skos:notation ?n }} }}")
    digests = store.query(f"SELECT ?g ?d WHERE {{ GRAPH <{META_GRAPH}> {{ ?g ng:digest ?d }} }}")
    assert {row[0] for row in digests} == set(REFERENCE_FILES)  # type: ignore[index]
    assert isinstance(store.dataset, Dataset)


def test_put_is_added_then_unchanged_then_replaced(store: Store) -> None:
    art = _article()
    assert store.put_article(art, [_request(), _protest()], RUN) == "added"
    other_run = RunInfo("run2", "en_core_web_sm", "0.1.1", "2023-07-13T10:00:00")
    assert store.put_article(art, [_request(), _protest()], other_run) == "unchanged"
    assert store.count_events() == 2
    # an edit replaces the whole graph: the old protest is gone, nothing is duplicated
    edited = _protest(confidence=0.9, action=Action("demonstrate", "141", "PROTEST", 3, -6.5))
    assert store.put_article(art, [_request(), edited], RUN) == "replaced"
    assert store.count_events() == 2
    frame = store.events_frame(modality=None)
    assert sorted(frame["action_text"]) == ["call on", "demonstrate"]
    assert frame["event_id"].is_unique
    assert store.put_article(art, [_request()], RUN) == "replaced"
    assert store.count_events() == 1
    assert store.article_ids() == ["a1"]


def test_articles_live_in_their_own_graphs(store: Store) -> None:
    store.put_article(_article("a1"), [_request("a1")], RUN)
    store.put_article(_article("a 2/x"), [_request("a 2/x"), _protest("a 2/x")], RUN)
    assert store.article_ids() == ["a 2/x", "a1"]
    assert store.count_events() == 3
    graphs = {str(r[0]) for r in store.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?e a sem:Event } }")}  # type: ignore[index]  # noqa: E501
    assert graphs == {str(article_graph_iri("a1")), str(article_graph_iri("a 2/x"))}
    # the same event in two articles is two mentions of one cluster
    assert store.count_clusters() == 2
    assert store.remove_article("a1") is True
    assert store.article_ids() == ["a 2/x"]
    assert store.remove_article("a1") is False


def test_failed_validation_writes_nothing(store: Store) -> None:
    undated = Article(id="u1", text=TEXT, published=None, origin="feed.jsonl:3")
    with pytest.raises(StoreError, match=r"'u1' \(feed.jsonl:3\) does not conform") as info:
        store.put_article(undated, [_request("u1")], RUN)
    assert "issued" in str(info.value)
    assert store.article_ids() == []
    assert store.count_events() == 0
    # a bad replacement keeps the stored version
    store.put_article(_article(), [_request()], RUN)
    bad = Article(id="a1", text=TEXT + " more", published=None)
    with pytest.raises(StoreError):
        store.put_article(bad, [_request()], RUN)
    assert store.count_events() == 1
    assert store.events_frame()["title"].tolist() == ["Talks"]
    # without validation it is stored as it is
    assert store.put_article(bad, [_request()], RUN, validate=False) == "replaced"


def test_events_frame_columns_and_values(store: Store) -> None:
    store.put_article(_article(), [_request(), _protest()], RUN)
    frame = store.events_frame(modality=None)
    assert list(frame.columns) == list(EVENT_COLUMNS)
    assert len(frame) == 2
    req = frame[frame["cameo"] == "0256"].iloc[0]
    assert req["source_id"] == "NATO" and req["source_type"] == "igo"
    assert req["source_wikidata"] == "Q7184"
    assert req["target_label"] == "Government of Serbia" and req["target_country"] == "SRB"
    assert req["plover"] == "REQUEST" and req["quad_class"] == 1 and req["goldstein"] == 3.0
    assert req["date"] == "2023-07-11" and req["date_precision"] == "day"
    assert req["confidence"] == 0.8 and req["modality"] == "asserted"
    assert req["char_start"] == 0 and req["char_end"] == 37 and req["sentence"] == TEXT[:37]
    assert req["publisher"] == "Example News" and req["url"] == "https://example.org/a1"
    assert req["cluster_id"] == "c1"
    prot = frame[frame["cameo"] == "141"].iloc[0]
    assert prot["source_label"] == "Kosovo Serbs" and prot["source_type"] == "group"
    assert prot["date"] == "2023-07-01" and prot["date_end"] == "2023-07-31"
    assert prot["date_precision"] == "month"
    assert frame["date"].tolist() == ["2023-07-01", "2023-07-11"]  # sorted by date


def test_events_frame_filters(store: Store) -> None:
    store.put_article(
        _article(),
        [_request(), _protest(), _request(char_start=1, modality="future", cluster_id=None)],
        RUN,
    )
    assert len(store.events_frame()) == 2  # asserted only by default
    assert len(store.events_frame(modality=None)) == 3
    assert store.events_frame(modality="future")["modality"].tolist() == ["future"]
    assert len(store.events_frame(actor="nato")) == 1  # id, any case
    assert len(store.events_frame(actor="government of serbia")) == 1  # target label
    assert len(store.events_frame(actor="SERB COMMUNITY")) == 1  # alias
    assert len(store.events_frame(actor="x-kosovo-serbs")) == 1
    assert store.events_frame(actor="nobody").empty
    assert store.events_frame(since="2023-07-02")["cameo"].tolist() == ["0256"]
    assert store.events_frame(until="2023-07-02")["cameo"].tolist() == ["141"]
    assert store.events_frame(since="2023-07-01", until="2023-07-31").shape[0] == 2
    assert store.events_frame(plover="protest")["plover"].tolist() == ["PROTEST"]
    with pytest.raises(QueryError, match="not an ISO date"):
        store.events_frame(since="July")
    with pytest.raises(QueryError, match="modality"):
        store.events_frame(modality="maybe")


def test_hostile_text_survives(store: Store) -> None:
    text = HOSTILE + " " + TEXT
    art = Article(id='id "with" <odd> chars', text=text, title=HOSTILE, published="2023-07-11")
    ev = _request(art.id, sentence=HOSTILE, char_start=0, char_end=len(HOSTILE),
                  source=Actor("x-odd", HOSTILE, in_gazetteer=False))
    assert store.put_article(art, [ev], RUN) == "added"
    assert store.put_article(art, [ev], RUN) == "unchanged"
    row = store.events_frame().iloc[0]
    assert row["sentence"] == HOSTILE and row["title"] == HOSTILE
    assert row["source_label"] == HOSTILE and row["doc_id"] == art.id
    assert len(store.events_frame(actor=HOSTILE)) == 1


def test_query_and_update(store: Store) -> None:
    store.put_article(_article(), [_request()], RUN)
    rows = list(store.query("SELECT ?e WHERE { ?e ng:actor actor:NATO }"))
    assert len(rows) == 1
    with pytest.raises(QueryError, match="SPARQL query failed"):
        store.query("SELECT ?e WHERE { ?e ng:actor ")
    with pytest.raises(QueryError, match="as a string"):
        store.query(b"SELECT * WHERE { ?s ?p ?o }")  # type: ignore[arg-type]
    store.update(
        "INSERT DATA { GRAPH <https://w3id.org/newsgraph/graph/notes> "
        "{ actor:NATO rdfs:comment \"note\" } }"
    )
    assert store.query("ASK { actor:NATO rdfs:comment \"note\" }")
    with pytest.raises(QueryError, match="update failed"):
        store.update("INSERT DATA { GRAPH <x:g> { ")


def test_validate_whole_store(store: Store) -> None:
    store.put_article(_article(), [_request(), _protest()], RUN)
    ok, report = store.validate()
    assert ok, report
    store.put_article(Article(id="u", text="x", published=None), [], RUN, validate=False)
    ok, report = store.validate()
    assert not ok and "issued" in report


@pytest.mark.parametrize(
    ("fmt", "parser", "graphs"),
    [
        ("turtle", ox.RdfFormat.TURTLE, False),
        ("ntriples", ox.RdfFormat.N_TRIPLES, False),
        ("xml", ox.RdfFormat.RDF_XML, False),
        ("jsonld", ox.RdfFormat.JSON_LD, False),
        ("trig", ox.RdfFormat.TRIG, True),
        ("nquads", ox.RdfFormat.N_QUADS, True),
    ],
)
def test_dump(store: Store, tmp_path: Path, fmt: str, parser: ox.RdfFormat, graphs: bool) -> None:
    store.put_article(_article(), [_request()], RUN)
    out = store.dump(tmp_path / "out" / f"kg.{fmt}", fmt)
    if fmt == "jsonld":
        assert isinstance(json.loads(out.read_text(encoding="utf-8")), list)
    quads = list(ox.parse(path=str(out), format=parser))
    names = {q.graph_name.value for q in quads if isinstance(q.graph_name, ox.NamedNode)}
    if graphs:
        assert {str(article_graph_iri("a1")), str(CAMEO_GRAPH)} <= names
    else:
        assert names == set()
    nato = ox.NamedNode("https://w3id.org/newsgraph/actor/NATO")
    assert any(q.predicate.value == str(NG.actor) and q.object == nato for q in quads)
    # the union formats hold each triple once
    if not graphs:
        triples = [(q.subject, q.predicate, q.object) for q in quads]
        assert len(triples) == len(set(triples))
    with pytest.raises(ExportError, match="unknown RDF format"):
        store.dump(tmp_path / "x.gexf", "gexf")


def test_closed_store_refuses_work() -> None:
    store = Store.open("memory")
    store.close()
    with pytest.raises(StoreError, match="closed"):
        store.count_events()


def test_disk_store_keeps_data_and_does_not_reload(tmp_path: Path) -> None:
    path = tmp_path / "kg"
    with Store.open(path) as store:
        store.put_article(_article(), [_request(), _protest()], RUN)
        # mark the cameo graph: a reload would wipe the mark
        store.update(
            f"INSERT DATA {{ GRAPH <{CAMEO_GRAPH}> {{ cameo:0256 rdfs:comment \"mark\" }} }}"
        )
    with Store.open(str(path)) as store:
        assert store.count_events() == 2
        assert store.article_ids() == ["a1"]
        assert store.query('ASK { cameo:0256 rdfs:comment "mark" }')
        assert store.put_article(_article(), [_request(), _protest()], RUN) == "unchanged"


def test_bad_locations(tmp_path: Path) -> None:
    a_file = tmp_path / "file.txt"
    a_file.write_text("not a store", encoding="utf-8")
    with pytest.raises(StoreError, match="is a file"):
        Store.open(a_file)
    with pytest.raises(StoreError, match="not a newsgraph store"):
        Store.open(tmp_path)
    with pytest.raises(StoreError, match="cannot create"):
        Store.open(a_file / "sub")
    with Store.open(tmp_path / "db"):
        with pytest.raises(StoreError, match="already open"):
            Store.open(tmp_path / "db")
    with Store.open(tmp_path / "db") as again:  # the lock is released on close
        assert again.count_events() == 0


def test_changed_ontology_file_is_reloaded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "ontology"
    shutil.copytree(resources.ontology_dir(), folder)
    monkeypatch.setattr(resources, "ontology_dir", lambda: folder)
    with Store.open(tmp_path / "kg") as store:
        store.update(
            f"INSERT DATA {{ GRAPH <{CAMEO_GRAPH}> {{ cameo:0256 rdfs:comment \"mark\" }} }}"
        )
    with (folder / "cameo.ttl").open("a", encoding="utf-8") as f:
        f.write('\ncameo:0256 skos:scopeNote "added later"@en .\n')
    with Store.open(tmp_path / "kg") as store:
        assert store.query('ASK { cameo:0256 skos:scopeNote "added later"@en }')
        assert not store.query('ASK { cameo:0256 rdfs:comment "mark" }')
    good = (folder / "plover.ttl").read_text(encoding="utf-8")
    (folder / "plover.ttl").write_text("this is not turtle", encoding="utf-8")
    with pytest.raises(DataFileError, match="plover.ttl"):
        Store.open(tmp_path / "kg")
    (folder / "plover.ttl").write_text(good, encoding="utf-8")
    with Store.open(tmp_path / "kg") as store:  # the failed open released the lock
        assert store.query("ASK { plover:REQUEST skos:notation ?n }")


def test_put_articles_writes_a_batch_like_put_article_one_by_one(tmp_path: Path) -> None:
    """A batch write stores the same quads as one put_article per article, with the same
    outcomes; a non-conforming article is returned as its error and the rest is written."""
    batch: list[tuple[Article, list[Event]]] = [
        (_article("a1"), [_request("a1"), _protest("a1")]),
        (_article("a2"), [_request("a2")]),
        (Article(id="u1", text=TEXT, published=None, origin="feed.jsonl:3"), [_request("u1")]),
    ]
    for backend in (None, tmp_path / "db"):
        with Store.open(backend) as one, Store.open(None if backend is None
                                                    else tmp_path / "db2") as many:
            singles: list[str] = []
            for art, evs in batch[:2]:
                singles.append(one.put_article(art, evs, RUN))
            outcomes = many.put_articles(batch, RUN)
            assert outcomes[:2] == singles == ["added", "added"]
            assert isinstance(outcomes[2], StoreError)
            assert "'u1' (feed.jsonl:3) does not conform" in str(outcomes[2])
            assert many.article_ids() == one.article_ids() == ["a1", "a2"]
            assert many.count_events() == one.count_events() == 3
            q = ("SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } "
                 f"FILTER(STRSTARTS(STR(?g), \"{article_graph_iri('')}\")) "
                 "FILTER(!isBlank(?s) && !isBlank(?o)) }")
            assert len(list(one.query(q))) > 20
            assert ({tuple(map(str, r)) for r in many.query(q)}  # type: ignore[arg-type]
                    == {tuple(map(str, r)) for r in one.query(q)})  # type: ignore[arg-type]
            # again: unchanged; an edit in a batch replaces the graph
            again = many.put_articles(batch[:2], RUN)
            assert again == ["unchanged", "unchanged"]
            edited = many.put_articles([(_article("a1"), [_request("a1")])], RUN)
            assert edited == ["replaced"] and many.count_events() == 2
