"""The fast write path (issue #11): quads built without rdflib, atomic batches, batched ingest.

The quads that :func:`graph.rdf.article_quads` builds must be exactly the triples of
:func:`graph.rdf.article_to_graph` (on the demo corpus and on hand-built events that use every
optional field and hostile text), with the same digest; a batch of :meth:`Store.put_articles`
must be whole or absent after SIGKILL; ``KnowledgeGraph.ingest`` in batches must store what it
stores one article at a time, and still report a bad article while storing the rest.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest

from graph.demo import corpus_files
from graph.errors import InputError, StoreError
from graph.ingest import read_inputs
from graph.kg import KnowledgeGraph
from graph.model import MODALITIES, Action, Actor, Article, Event, TimeValue
from graph.rdf import RunInfo, article_quads, article_to_graph, article_triples, graph_digest
from graph.store import Store
from graph.vocab import GRAPH
from graph.vocab import RUN as RUN_NS

REPO = Path(__file__).resolve().parents[1]
RUN = RunInfo("run-p", "en_core_web_sm", "0.1.0", "2023-07-12T10:00:00Z")
HOSTILE = 'quote " and """ back\\slash tab\t cr\r new\nline émoji 🛰 \u202e ends with "'
NATO = Actor("NATO", "NATO", type="igo", sector="IGO", cameo="IGOWSTNAT", wikidata="Q7184")
SRBGOV = Actor("SRBGOV", "Government of Serbia", type="government", country="SRB",
               sector="GOV", cameo="SRBGOV")
STRANGER = Actor("x-kosovo serbs/2", 'Kosovo "Serbs"\n', type="group", country="XKX",
                 aliases=("Serbs in Kosovo", "a\\b"), in_gazetteer=False)
PLACE = Actor("x-mitrovica", "Mitrovica", type="place", in_gazetteer=False)
SPEAKER = Actor("x-spokesman", "a spokesman", type="person", in_gazetteer=False)


def _ox_quads_of_graph(article: Article, events: list[Event]) -> set[ox.Quad]:
    """The quads the old path stored: the rdflib Graph's triples turned into pyoxigraph terms."""
    from graph.store import _ox_triple

    g = article_to_graph(article, events, RUN, known_actors={"NATO"})
    name = ox.NamedNode(str(g.identifier))
    return {ox.Quad(*_ox_triple(s, p, o), name) for s, p, o in g}


def _same_both_ways(article: Article, events: list[Event]) -> int:
    quads = article_quads(article, events, RUN, known_actors={"NATO"})
    assert len(quads) == len(set(quads))  # no duplicate triples
    assert set(quads) == _ox_quads_of_graph(article, events)
    at = article_triples(article, events, RUN, known_actors={"NATO"})
    assert at.digest() == graph_digest(article_to_graph(article, events, RUN,
                                                        known_actors={"NATO"}))
    return len(quads)


def _full_events(doc: str, text: str) -> list[Event]:
    """Events that use every optional field, two of them sharing a sentence and a cluster."""
    week = TimeValue("2023-W28", "week", "2023-07-10", "2023-07-16", text="that week",
                     span=(3, 12))
    month = TimeValue("2023-07", "month", "2023-07-01", "2023-07-31", text=HOSTILE, span=(0, 4))
    year = TimeValue("2023", "year", "2023-01-01", "2023-12-31", defaulted=True)
    day = TimeValue("2023-07-11", "day", "2023-07-11", "2023-07-11")
    act = Action(HOSTILE, "0256", "REQUEST", 1, 3.0)
    untyped = Action("hit", "190", None, 4, -1e-7)
    common: dict[str, Any] = {"doc_id": doc, "sentence": text, "char_start": 0,
                              "char_end": len(text)}
    return [
        Event(source=NATO, action=act, target=SRBGOV, time=week, place=PLACE,
              attributed_to=SPEAKER, modality="future", confidence=0.123456789,
              cluster_id="c 1/x", evidence=(1, 5), **common),
        Event(source=STRANGER, action=untyped, target=None, time=month, place=PLACE,
              modality="negated", confidence=1.0, cluster_id="c 1/x", **common),
        Event(source=SRBGOV, action=act, target=STRANGER, time=year, modality="hypothetical",
              confidence=0.0, evidence=(0, 0), **common),
        Event(source=SRBGOV, action=act, target=NATO, time=day, **common),
        Event(source=NATO, action=act, target=SRBGOV, time=None, modality="requested", **common),
    ]


@pytest.mark.parametrize("published", [
    "2023-07-11", "2023-07-11T21:15:00Z", "2023-07-11T21:15:00.5+02:00", "2023-07-11T21:15:00",
    None,
])
def test_quads_equal_the_graph_with_every_optional_field(published: str | None) -> None:
    text = "NATO urged Serbia. " + HOSTILE
    art = Article(id="a 1/é", text=text, title=HOSTILE, source="Wire\n", url="https://x.org/a?b=1",
                  published=published)
    assert _same_both_ways(art, _full_events("a 1/é", text)) > 60
    assert _same_both_ways(art, []) >= 4
    bare = Article(id="bare", text="x")
    assert _same_both_ways(bare, []) >= 4


def test_quads_equal_the_graph_on_the_demo_corpus(extractor: Any) -> None:
    articles = [a for a in read_inputs(corpus_files()) if isinstance(a, Article)]
    assert len(articles) >= 10
    pairs = list(extractor.extract_articles(articles, include=MODALITIES))
    assert sum(len(evs) for _, evs in pairs) >= 20
    total = sum(_same_both_ways(art, evs) for art, evs in pairs)
    assert total > 500


def test_bad_events_are_outcomes_not_a_failed_batch(tmp_path: Path) -> None:
    text = "NATO urged Serbia."
    good = (Article(id="g", text=text, published="2023-07-11"), _full_events("g", text)[3:4])
    wrong = Event(doc_id="b", source=NATO, action=Action("x", "0256", None, 1, 1.0),
                  sentence=text, char_start=0, char_end=5, confidence=2.0)
    bad = (Article(id="b", text=text, published="2023-07-11"), [wrong])
    surrogate = (Article(id="s", text=text, published="2023-07-11"),
                 [Event(**{**good[1][0].__dict__, "doc_id": "s", "sentence": "bad \ud800"})])
    with Store.open(tmp_path / "db") as store:
        out = store.put_articles([bad, good, surrogate], RUN, validate=False)
        assert isinstance(out[0], InputError) and "confidence" in str(out[0])
        assert out[1] == "added"
        assert isinstance(out[2], StoreError) and "'s'" in str(out[2])
        assert store.article_ids() == ["g"]


def test_a_batch_that_replaces_stored_articles_is_one_update(tmp_path: Path) -> None:
    text = "NATO urged Serbia."
    evs = _full_events("a", text)
    with Store.open(tmp_path / "db") as store:
        art_a = Article(id="a", text=text, published="2023-07-11")
        art_b = Article(id="b", text=text, published="2023-07-11")
        assert store.put_articles([(art_a, evs)], RUN, validate=False) == ["added"]
        evs_b = [Event(**{**e.__dict__, "doc_id": "b"}) for e in evs[:2]]
        out = store.put_articles([(art_a, evs[:1]), (art_b, evs_b), (art_a, evs[:2])], RUN,
                                 validate=False)
        assert out == ["replaced", "added", "replaced"]
        assert store.count_events() == 4  # a holds its last two events, b two
        assert store.put_articles([(art_a, evs[:2])], RUN) == ["unchanged"]
        assert store.validate()[0]


_WRITER = textwrap.dedent("""
    import sys
    from bench.synth import synthetic_articles
    from graph.rdf import RunInfo
    from graph.store import Store

    run = RunInfo("r", "m", "v", "2026-01-01T00:00:00")
    pairs = list(synthetic_articles(30000, per_article=10))
    with Store.open(sys.argv[1]) as store:
        for k in range(0, len(pairs), 300):
            store.put_articles(pairs[k:k + 300], run, validate=False)
            print("batch", k // 300 + 1, flush=True)
""")


def test_sigkill_during_batch_writes_leaves_whole_batches(tmp_path: Path) -> None:
    """Batches of 300 articles written in a loop; SIGKILL mid-way; whole batches remain."""
    db = tmp_path / "db"
    env = {"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"}
    proc = subprocess.Popen([sys.executable, "-c", _WRITER, str(db)], env=env, cwd=REPO,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.strip() == "batch 2":
            break
    proc.send_signal(signal.SIGKILL)  # during the third batch (or just after it)
    _out, err = proc.communicate(timeout=60)
    assert proc.returncode == -signal.SIGKILL, err
    with Store.open(db) as store:
        ids = store.article_ids()
        assert len(ids) % 300 == 0 and len(ids) >= 600, len(ids)
        per_article = store.query(
            "SELECT ?g (COUNT(?e) AS ?n) WHERE { GRAPH ?g { ?e a sem:Event } } GROUP BY ?g")
        assert {int(r[1]) for r in per_article} == {10}  # type: ignore[index]


def _ingest_corpus(tmp_path: Path, extractor: Any, name: str, **kw: Any) -> set[tuple[str, ...]]:
    with KnowledgeGraph(Store.open(tmp_path / name), extractor=extractor) as kg:
        report = kg.ingest(corpus_files(), **kw)
        assert report.articles >= 10 and not report.errors
        rows = kg.store.query(
            "SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } "
            f"FILTER(STRSTARTS(STR(?g), \"{GRAPH}article/\")) "
            f"FILTER(?p != prov:wasGeneratedBy && !STRSTARTS(STR(?s), \"{RUN_NS}\")) }}")
        return {tuple(map(str, r)) for r in rows}  # type: ignore[arg-type]


def test_batched_ingest_stores_what_one_by_one_stores(tmp_path: Path, extractor: Any) -> None:
    one = _ingest_corpus(tmp_path, extractor, "one", batch=1)
    many = _ingest_corpus(tmp_path, extractor, "many", batch=50)
    assert len(one) > 500
    assert many == one


def test_batched_ingest_reports_a_bad_article_and_stores_the_rest(
    tmp_path: Path, extractor: Any
) -> None:
    text = "NATO urged Serbia."
    arts = [Article(id=f"k{i}", text=text, published="2023-07-11") for i in range(5)]

    def extract(stream: Any, include: Any) -> Any:
        list(stream)  # the files are read; the articles given are these
        for art in arts:
            ev = _full_events(art.id, text)[3]
            if art.id == "k2":
                ev = Event(**{**ev.__dict__, "confidence": 3.0})
            yield art, [ev]

    seen: list[str] = []
    with KnowledgeGraph(Store.open(tmp_path / "db"), extractor=extractor) as kg:
        files = []
        for art in arts:
            path = tmp_path / f"{art.id}.txt"
            path.write_text(art.text, encoding="utf-8")
            files.append(path)
        report = kg.ingest(files, extract=extract, batch=50, on_error=seen.append)
        assert report.articles == 4 and len(report.errors) == 1
        assert "k2" in report.errors[0] and "confidence" in report.errors[0]
        assert seen == list(report.errors)
        assert kg.store.article_ids() == ["k0", "k1", "k3", "k4"]


def _ingest_with_callback(tmp_path: Path, extractor: Any, n: int, **kw: Any
                          ) -> tuple[list[int], list[tuple[str, bool]]]:
    """Ingest ``n`` one-event articles with an ``on_article`` callback, as the CLI does; return
    the size of each ``put_articles`` call and, per callback, the article and whether it was
    already in the store when the callback ran."""
    text = "NATO urged Serbia."
    arts = [Article(id=f"c{i:02d}", text=text, published=f"2023-07-{1 + i % 28:02d}")
            for i in range(n)]

    def extract(stream: Any, include: Any) -> Any:
        list(stream)
        for i, art in enumerate(arts):
            # a source of its own: no mention may join a cluster of an article still waiting
            # (that writes the batch early, see KnowledgeGraph.ingest)
            src = Actor(f"x-speaker-{i}", f"Speaker {i}", type="person", in_gazetteer=False)
            yield art, [Event(**{**_full_events(art.id, text)[3].__dict__, "source": src})]

    sizes: list[int] = []
    told: list[tuple[str, bool]] = []
    with KnowledgeGraph(Store.open(tmp_path / "db"), extractor=extractor) as kg:
        put = kg.store.put_articles

        def counting(batch: Any, *a: Any, **k: Any) -> Any:
            sizes.append(len(batch))
            return put(batch, *a, **k)

        kg.store.put_articles = counting  # type: ignore[method-assign]

        def stored(art: Article, events: Any, status: str) -> None:
            told.append((art.id, art.id in kg.store.article_ids()))

        report = kg.ingest([], extract=extract, on_article=stored, **kw)
        assert report.articles == n and not report.errors
    return sizes, told


def test_ingest_with_a_callback_writes_growing_batches(tmp_path: Path, extractor: Any) -> None:
    """The CLI's path: batches of 1, 2, 4 ... up to ``batch``; each article is reported only
    once its batch is on disk, in input order."""
    sizes, told = _ingest_with_callback(tmp_path, extractor, 40, batch=8, max_wait=3600)
    assert sizes == [1, 2, 4, 8, 8, 8, 8, 1]
    assert [a for a, _ in told] == [f"c{i:02d}" for i in range(40)]
    assert all(there for _, there in told)


def test_ingest_writes_a_batch_whose_first_article_waited_max_wait(
    tmp_path: Path, extractor: Any
) -> None:
    sizes, told = _ingest_with_callback(tmp_path, extractor, 6, batch=50, max_wait=0.0)
    assert sizes == [1] * 6 and len(told) == 6


def test_identity_lookups_on_oxigraph_give_the_rows_of_the_sparql_query(tmp_path: Path) -> None:
    """Event identity reads stored mentions by index lookups on Oxigraph: the same rows as its
    SPARQL form, for mentions with and without target, type and end date, in and out of the
    window, in two graphs."""
    from graph.identity import _stored_rows_ox, _stored_rows_sparql
    from graph.rdf import actor_iri

    text = "NATO urged Serbia."
    with Store.open(tmp_path / "db") as store:
        for k, doc in enumerate(("i1", "i2")):
            events = [Event(**{**ev.__dict__, "doc_id": doc, "cluster_id": f"{doc}-{j}"})
                      for j, ev in enumerate(_full_events(doc, text))]
            store.put_article(Article(id=doc, text=text, published=f"2023-07-1{k}"), events,
                              RUN, validate=False)
        actors = sorted({str(actor_iri(a)) for a in (NATO, SRBGOV, STRANGER, SPEAKER)})
        windows = [("2023-07-09", "2023-07-13"), ("2023-06-01", "2023-06-30"),
                   ("2023-07-15", "2023-08-02"), ("2022-01-01", "2024-12-31")]
        found = 0
        for lo, hi in windows:
            ox_rows = _stored_rows_ox(store.oxigraph, actors, lo, hi)  # type: ignore[arg-type]
            sparql_rows = _stored_rows_sparql(store, actors, lo, hi)
            assert sorted(map(tuple, ox_rows)) == sorted(map(tuple, sparql_rows)), (lo, hi)
            found += len(ox_rows)
        assert found > 8


def test_transactions_flush_the_memtables_every_flush_quads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Oxigraph keeps written transactions in memory until a flush: the store flushes once
    FLUSH_QUADS quads were written since the last one (the bulk loader writes files, no flush),
    and everything written stays readable."""
    import graph.store as store_mod

    class Counting:
        def __init__(self, inner: ox.Store) -> None:
            self.inner, self.flushes = inner, 0

        def flush(self) -> None:
            self.flushes += 1
            self.inner.flush()

        def __getattr__(self, name: str) -> Any:
            return getattr(self.inner, name)

    text = "NATO urged Serbia."
    arts = [Article(id=f"f{i}", text=text, published="2023-07-11") for i in range(6)]
    with Store.open(tmp_path / "db") as store:
        counting = Counting(store.oxigraph)  # type: ignore[arg-type]
        store._ox = counting  # type: ignore[assignment]
        # the quads of one article as stored (gazetteer actors by IRI only, plus its digest)
        one = len(article_quads(arts[0], _full_events("f0", text), RUN,
                                known_actors=store._known_actors)) + 1
        monkeypatch.setattr(store_mod, "FLUSH_QUADS", 2 * one)  # two articles
        for art in arts[:4]:
            store.put_articles([(art, _full_events(art.id, text))], RUN, validate=False)
        assert counting.flushes == 2
        store.put_articles([(a, _full_events(a.id, text)) for a in arts[4:]], RUN,
                           validate=False, bulk=True)
        assert counting.flushes == 2
        store._ox = counting.inner
        assert store.article_ids() == [a.id for a in arts]
        assert store.count_events() == 6 * len(_full_events("f0", text))


# ----------------------------------------------------------------------------- data cache


def test_data_cache_is_rebuilt_when_stale_or_corrupt(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from graph import datacache

    monkeypatch.setenv("NEWSGRAPH_CACHE_DIR", str(tmp_path / "cache"))
    src = tmp_path / "words.tsv"
    src.write_text("a\tb\n", encoding="utf-8")
    builds: list[str] = []

    def build() -> dict[str, str]:
        builds.append("built")
        return dict(line.split("\t") for line in src.read_text(encoding="utf-8").splitlines())

    assert datacache.cached("words", [src], build) == {"a": "b"}
    assert datacache.cached("words", [src], build) == {"a": "b"}
    assert len(builds) == 1  # the second came from the pickle
    src.write_text("a\tc\n", encoding="utf-8")  # stale: the key changes with the content
    assert datacache.cached("words", [src], build) == {"a": "c"}
    entries = list((tmp_path / "cache").glob("words-*.pickle"))
    assert len(builds) == 2 and len(entries) == 1  # the old entry is gone
    entries[0].write_bytes(b"\x80\x05 not a pickle")  # corrupt: rebuilt without a word
    assert datacache.cached("words", [src], build) == {"a": "c"}
    assert len(builds) == 3
    assert datacache.cached("words", [src], build) == {"a": "c"} and len(builds) == 3
    monkeypatch.setenv("NEWSGRAPH_CACHE_DIR", "off")
    assert datacache.cached("words", [src], build) == {"a": "c"} and len(builds) == 4


def test_cached_gazetteer_and_lexicon_equal_fresh_ones(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    from graph.extract.actions import Lexicon
    from graph.extract.actors import Gazetteer

    monkeypatch.setenv("NEWSGRAPH_CACHE_DIR", str(tmp_path / "cache"))
    first, again = Gazetteer.load(), Gazetteer.load()
    assert len(list((tmp_path / "cache").glob("gazetteer-*.pickle"))) == 1
    assert again.actors == first.actors and again.names == first.names
    assert again.places == first.places and again.persons == first.persons
    assert again.first_words == first.first_words
    assert again.lookup("Serbia") == first.lookup("Serbia") != []
    lex1, lex2 = Lexicon.load(), Lexicon.load()
    assert lex2.entries() == lex1.entries() and lex2.codes() == lex1.codes()
    # a data file the loader reads, edited, gives a different key (rebuilt, not stale)
    from graph import datacache, resources

    heads = tmp_path / "heads.tsv"
    heads.write_bytes((resources.lexicon_dir() / "heads.tsv").read_bytes() + b"\n")
    key = datacache.source_key("gazetteer", [heads])
    assert key != datacache.source_key("gazetteer", [resources.lexicon_dir() / "heads.tsv"])
    assert Gazetteer.load(heads_tsv=heads).heads == first.heads
    assert len(list((tmp_path / "cache").glob("gazetteer-*.pickle"))) == 1


# ----------------------------------------------------------------------------- events table


def test_events_table_read_per_property_equals_the_grouped_query(tmp_path: Path) -> None:
    """On Oxigraph the events table is read one property at a time; it must equal the rows of
    the grouped SPARQL query (run through rdflib's Dataset over the same Oxigraph store)."""
    from bench.synth import synthetic_articles

    text = "NATO urged Serbia. " + HOSTILE
    pairs: list[tuple[Article, list[Event]]] = [
        (Article(id="full", text=text, title=HOSTILE, source="Wire", url="https://x.org/f",
                 published="2023-07-11T21:15:00Z"), _full_events("full", text)),
        (Article(id="bare", text=text), _full_events("bare", text)[3:]),
    ]
    pairs += list(synthetic_articles(300))
    with Store.open(tmp_path / "db") as store:
        store.put_articles(pairs, RUN, validate=False)
        filters: list[dict[str, Any]] = [
            {"modality": None}, {}, {"modality": "future"}, {"plover": "request"},
            {"modality": None, "since": "2021-01-01", "until": "2021-12-31"},
            {"modality": None, "until": "2023-07-11"},
        ]
        for kw in filters:
            fast = store.events_frame(**kw)
            engine, store._ox = store._ox, None  # the grouped query, through rdflib's Dataset
            try:
                grouped = store.events_frame(**kw)
            finally:
                store._ox = engine
            assert len(fast) > 0, kw
            assert fast.equals(grouped), kw
