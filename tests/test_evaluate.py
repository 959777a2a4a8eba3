"""Tests of graph.evaluate: matching semantics, figures, report, reading gold, evaluate_file.

The fixture tests/data/eval/ (gold.jsonl, pred.jsonl) is built so every figure is known by hand:
6 gold events, 9 predictions (a duplicate, a wrong type, a wrong target, two for a document
without events, one for an unknown document), 3 full matches.
"""

from __future__ import annotations

import json
import random
import re
import subprocess
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest

from graph.errors import InputError
from graph.evaluate import (
    NO_PREDICTION,
    UNTYPED,
    GoldItem,
    evaluate_file,
    format_result,
    normalise_identifier,
    read_gold,
    read_predictions,
    score,
)
from graph.model import Article

DATA = Path(__file__).parent / "data" / "eval"
GOLD = DATA / "gold.jsonl"
PRED = DATA / "pred.jsonl"
REFERENCE_SCORER = Path(__file__).resolve().parents[2] / "shared" / "eval" / "score.py"


def actor(label: str, *, cameo: str | None = None, country: str | None = None,
          wikidata: str | None = None, aliases: tuple[str, ...] = ()) -> dict[str, Any]:
    """A predicted actor object as Event.to_json() writes it."""
    return {"id": label, "label": label, "aliases": list(aliases), "type": "unknown",
            "country": country, "sector": None, "cameo": cameo, "wikidata": wikidata,
            "in_gazetteer": False}


def pred(doc_id: str, source: dict[str, Any], target: dict[str, Any] | None, plover: str | None,
         cameo: str = "010", sentence: str = "") -> dict[str, Any]:
    """A predicted event record with the keys of the JSONL contract that scoring reads."""
    return {"doc_id": doc_id, "sentence": sentence, "source": source, "target": target,
            "action": {"text": "x", "cameo": cameo, "plover": plover}}


def gold_item(doc_id: str, *events: dict[str, Any], text: str = "Some text.") -> GoldItem:
    return GoldItem(id=doc_id, text=text, date=None, events=tuple(events))


def gev(source: list[str], target: list[str] | None, plover: str,
        root: str | None = None) -> dict[str, Any]:
    return {"source": source, "target": target, "plover": plover, "cameo_root": root}


@pytest.fixture(scope="module")
def fixture_result() -> Any:
    return score(read_gold(GOLD), read_predictions(PRED))


# ------------------------------------------------------------------------------ the fixture


def test_fixture_counts(fixture_result: Any) -> None:
    r = fixture_result
    assert r.counts == {"documents": 6, "gold": 6, "pred": 9, "unknown_pred": 1, "tp": 3,
                        "fp": 6, "fn": 3, "tp_notgt": 4, "tp_cameo": 3, "pairs": 4,
                        "pairs_same": 3, "dated": 0, "date_right": 0,
                        "date_within": 0}


def test_fixture_figures(fixture_result: Any) -> None:
    r = fixture_result
    assert r.precision == pytest.approx(3 / 9)
    assert r.recall == pytest.approx(3 / 6)
    assert r.f1 == pytest.approx(0.4)
    assert r.f1_notgt == pytest.approx(2 * (4 / 9) * (4 / 6) / (4 / 9 + 4 / 6))
    assert (r.cameo_precision, r.cameo_recall) == pytest.approx((3 / 9, 3 / 6))
    assert r.cameo_f1 == pytest.approx(0.4)
    assert r.type_accuracy == pytest.approx(0.75)


def test_fixture_per_type(fixture_result: Any) -> None:
    table = fixture_result.per_type
    assert list(table) == sorted(table)
    assert table["ACCUSE"] == {"gold": 1, "pred": 2, "tp": 1, "p": 0.5, "r": 1.0,
                               "f1": pytest.approx(2 / 3)}
    assert table["REQUEST"] == {"gold": 1, "pred": 0, "tp": 0, "p": None, "r": 0.0, "f1": None}
    assert table["CONSULT"] == {"gold": 0, "pred": 1, "tp": 0, "p": 0.0, "r": None, "f1": None}
    # the prediction without a PLOVER type (CAMEO 010) is counted, under its own label
    assert table[UNTYPED]["pred"] == 1
    # the prediction for an unknown document is in no row
    assert "REJECT" not in table
    assert sum(row["pred"] for row in table.values()) == 9 - 1


def test_fixture_confusion(fixture_result: Any) -> None:
    confusion = fixture_result.confusion
    assert confusion == {
        "ACCUSE": {"ACCUSE": 1},
        "AID": {NO_PREDICTION: 1},          # the prediction has another target
        "ASSAULT": {NO_PREDICTION: 1},      # nothing predicted for this pair
        "COERCE": {"COERCE": 1},
        "MOBILIZE": {"MOBILIZE": 1},
        "REQUEST": {"AID": 1},              # same actors, wrong type
    }
    diagonal = sum(row.get(kind, 0) for kind, row in confusion.items())
    paired = sum(n for row in confusion.values() for c, n in row.items() if c != NO_PREDICTION)
    assert (diagonal, paired) == (fixture_result.pairs_same, fixture_result.pairs)


def test_fixture_errors(fixture_result: Any) -> None:
    found = [(e["doc_id"], e["kind"], e["event"].get("plover") or e["event"].get("action", {})
              .get("plover")) for e in fixture_result.errors]
    assert found == [
        ("ev-1", "FP", "ACCUSE"),           # the repeated prediction
        ("ev-3", "FN", "REQUEST"),
        ("ev-3", "FN", "ASSAULT"),
        ("ev-3", "FP", "AID"),
        ("ev-4", "FN", "AID"),
        ("ev-4", "FP", "AID"),
        ("ev-5", "FP", "CONSULT"),
        ("ev-5", "FP", None),
        ("no-such-doc", "FP", "REJECT"),
    ]
    fn = fixture_result.errors[1]
    assert fn["sentence"].startswith("Ukraine asked the European Union")
    assert fixture_result.errors[-1]["sentence"] == "Peru recalled its ambassador."


def test_to_json_is_serialisable(fixture_result: Any) -> None:
    data = json.loads(json.dumps(fixture_result.to_json()))
    assert data["counts"]["tp"] == 3
    assert data["f1"] == pytest.approx(0.4)
    assert data["type_accuracy"] == pytest.approx(0.75)
    assert data["confusion"]["REQUEST"] == {"AID": 1}
    assert data["per_type"]["REQUEST"]["p"] is None
    assert len(data["errors"]) == 9


# ------------------------------------------------------------------------------ matching rules


def test_cameo_code_counts_by_its_country_prefix() -> None:
    gold = [gold_item("d", gev(["SRB"], None, "REJECT"))]
    hit = score(gold, [pred("d", actor("Belgrade", cameo="SRBGOV"), None, "REJECT")])
    assert hit.tp == 1
    # a three-letter code is not cut further, and "---" placeholder codes give no prefix
    assert score(gold, [pred("d", actor("x", cameo="SR"), None, "REJECT")]).tp == 0
    gold_dashes = [gold_item("d", gev(["---"], None, "REJECT"))]
    assert score(gold_dashes, [pred("d", actor("x", cameo="---GOV"), None, "REJECT")]).tp == 0


def test_identifiers_are_case_accent_and_space_insensitive() -> None:
    gold = [gold_item("d", gev(["São Tomé and Príncipe"], ["Côte d'Ivoire"], "CONSULT"))]
    p = pred("d", actor("  sao  TOME and principe"), actor("COTE D’IVOIRE"), "consult")
    assert score(gold, [p]).tp == 1
    assert normalise_identifier("U.S.A.") == "usa"
    assert normalise_identifier("https://www.wikidata.org/wiki/Q1246") == "q1246"
    assert normalise_identifier(True) is None
    assert normalise_identifier(42) == "42"


def test_any_actor_field_can_match() -> None:
    gold = [gold_item("d", gev(["Q183"], ["the Alliance"], "SUPPORT"))]
    p = pred("d", actor("Berlin", wikidata="Q183"), actor("NATO", aliases=("the Alliance",)),
             "SUPPORT")
    assert score(gold, [p]).tp == 1
    by_country = pred("d", actor("Berlin", country="Q183"), actor("x", aliases=("x",)), "SUPPORT")
    assert score(gold, [by_country]).tp_notgt == 1


def test_null_targets_match_only_each_other() -> None:
    gold = [gold_item("d", gev(["PER"], None, "REJECT"))]
    assert score(gold, [pred("d", actor("Peru", country="PER"), None, "REJECT")]).tp == 1
    with_target = score(gold, [pred("d", actor("Peru", country="PER"), actor("Chile"), "REJECT")])
    assert (with_target.tp, with_target.tp_notgt) == (0, 1)
    gold_target = [gold_item("d", gev(["PER"], ["CHL"], "REJECT"))]
    no_target = score(gold_target, [pred("d", actor("Peru", country="PER"), None, "REJECT")])
    assert (no_target.tp, no_target.tp_notgt, no_target.pairs) == (0, 1, 0)


def test_greedy_one_to_one_makes_a_duplicate_a_false_positive() -> None:
    gold = [gold_item("d", gev(["PER"], None, "REJECT"))]
    p = pred("d", actor("Peru", country="PER"), None, "REJECT")
    r = score(gold, [p, dict(p)])
    assert (r.tp, r.pred - r.tp, r.gold - r.tp) == (1, 1, 0)
    assert r.precision == 0.5 and r.recall == 1.0


def test_greedy_follows_file_order() -> None:
    # the first gold event takes the first prediction that fits it, even though the second
    # gold event could only have used that one: greedy, not an optimal assignment
    gold = [gold_item("d", gev(["PER", "CHL"], None, "REJECT"), gev(["CHL"], None, "REJECT"))]
    preds = [pred("d", actor("Chile", country="CHL"), None, "REJECT"),
             pred("d", actor("Peru", country="PER"), None, "REJECT")]
    in_order = score(gold, preds)
    assert in_order.tp == 1
    assert [(e["kind"], e["event"]["source"]) for e in in_order.errors] == [
        ("FN", ["CHL"]), ("FP", preds[1]["source"])]
    # with the predictions the other way round both gold events find one
    assert score(gold, preds[::-1]).tp == 2


def test_unknown_or_missing_doc_ids_are_false_positives() -> None:
    gold = [gold_item("d", gev(["PER"], None, "REJECT"))]
    p = pred("d", actor("Peru", country="PER"), None, "REJECT")
    r = score(gold, [p, {**p, "doc_id": "other"}, {**p, "doc_id": None}, {"no": "doc"}])
    assert (r.tp, r.pred, r.unknown_pred) == (1, 4, 3)
    assert [e["doc_id"] for e in r.errors] == ["other", None, None]


def test_integer_doc_ids_match_their_string_form() -> None:
    gold = [gold_item("7", gev(["PER"], None, "REJECT"))]
    assert score(gold, [pred(7, actor("Peru", country="PER"), None, "REJECT")]).tp == 1  # type: ignore[arg-type]


def test_cameo_root_match_ignores_the_plover_type() -> None:
    gold = [gold_item("d", gev(["UKR"], ["RUS"], "ASSAULT", "19"))]
    r = score(gold, [pred("d", actor("Kyiv", cameo="UKRGOV"), actor("Moscow", cameo="RUSMIL"),
                          "COERCE", cameo="190")])
    assert (r.tp, r.tp_cameo, r.pairs, r.pairs_same) == (0, 1, 1, 0)
    assert r.confusion == {"ASSAULT": {"COERCE": 1}}
    # a gold event without a CAMEO root never matches on the root
    no_root = [gold_item("d", gev(["UKR"], ["RUS"], "ASSAULT"))]
    assert score(no_root, [pred("d", actor("UKR"), actor("RUS"), "ASSAULT", "190")]).tp_cameo == 0


def test_type_pairs_prefer_same_type_predictions() -> None:
    gold = [gold_item("d", gev(["PER"], ["CHL"], "CONSULT"), gev(["PER"], ["CHL"], "AGREE"))]
    preds = [pred("d", actor("PER"), actor("CHL"), "AGREE"),
             pred("d", actor("PER"), actor("CHL"), "REJECT")]
    r = score(gold, preds)
    assert (r.tp, r.pairs, r.pairs_same) == (1, 2, 1)
    assert r.confusion == {"AGREE": {"AGREE": 1}, "CONSULT": {"REJECT": 1}}


def test_empty_inputs_score_zero() -> None:
    r = score([], [])
    assert (r.f1, r.type_accuracy, r.per_type, r.confusion) == (0.0, 0.0, {}, {})
    assert format_result(r).splitlines()[-1] == "F1 0.000"
    only_gold = score([gold_item("d", gev(["PER"], None, "REJECT"))], [])
    assert (only_gold.recall, only_gold.precision) == (0.0, 0.0)
    assert only_gold.confusion == {"REJECT": {NO_PREDICTION: 1}}


def test_duplicate_gold_ids_are_refused_by_score() -> None:
    with pytest.raises(ValueError, match="duplicate gold id 'd'"):
        score([gold_item("d"), gold_item("d")], [])


# ------------------------------------------------------------------------------ the report


def test_format_result(fixture_result: Any) -> None:
    text = format_result(fixture_result)
    lines = text.splitlines()
    assert lines[-1] == "F1 0.400"
    assert "TP 3  FP 6  FN 3  P 0.333  R 0.500  F1 0.400" in text
    assert "(source, plover)              TP 4  F1 0.533" in text
    assert "(source, cameo root, target)  TP 3  P 0.333  R 0.500  F1 0.400" in text
    assert "PLOVER-type accuracy over matched actor pairs: 0.750  (3/4 pairs)" in text
    accuse = next(line for line in lines if line.strip().startswith("ACCUSE ") and "0.667" in line)
    assert accuse.split() == ["ACCUSE", "1", "2", "1", "0.500", "1.000", "0.667"]
    header = next(line for line in lines if line.strip().startswith("gold \\ pred"))
    assert header.split()[3:] == ["ACCUSE", "AID", "COERCE", "MOBILIZE", NO_PREDICTION]
    request = next(line for line in lines if line.strip().startswith("REQUEST ")
                   and "0.000" not in line)
    assert request.split() == ["REQUEST", "0", "1", "0", "0", "0"]
    assert "errors" not in text and "Peru recalled" not in text


def test_format_result_with_errors(fixture_result: Any) -> None:
    text = format_result(fixture_result, errors=True)
    assert text.splitlines()[-1] == "F1 0.400"
    block = text[text.index("errors ("):]
    assert "FN  RUS -ASSAULT-> UKR  [cameo 19]" in block
    assert "FP  Germany (DEU) -AID-> Romania (ROU)" in block
    assert "FP  officials -(untyped)-> -" in block
    # each document's sentence is shown once, above its errors
    assert block.count("| Ukraine asked the European Union") == 1
    assert block.index("ev-4") < block.index("| Germany pledged") < block.index("FN  DEU/Germany")
    assert "Peru recalled its ambassador." in block


# ------------------------------------------------------------------------------ reading


def test_read_gold_fixture() -> None:
    items = read_gold(GOLD)
    assert [i.id for i in items] == ["ev-1", "ev-2", "ev-3", "ev-4", "ev-5", "ev-6"]
    assert items[1].text.startswith("Côte d'Ivoire's army")
    assert items[4].date is None and items[4].events == ()
    assert items[2].events[1] == {"source": ["RUS"], "target": ["UKR"], "plover": "ASSAULT",
                                  "cameo_root": "19"}


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", "not valid JSON"),
        ('["a list"]', "expected a JSON object"),
        ('{"text": "Peru spoke."}', '"id" must be'),
        ('{"id": "b", "text": "  "}', '"text" must be a non-empty string'),
        ('{"id": "b", "text": "x", "date": 2024}', '"date" must be'),
        ('{"id": "b", "text": "x", "events": {}}', '"events" must be a list'),
        ('{"id": "b", "text": "x", "events": [{"source": [], "target": null, "plover": "AID"}]}',
         'event 1: "source" must be'),
        ('{"id": "b", "text": "x", "events": [{"source": ["A"], "target": [], "plover": "AID"}]}',
         'event 1: "target" must be'),
        ('{"id": "b", "text": "x", "events": [{"source": ["A"], "target": null, '
         '"plover": "PRAISE"}]}', "\"plover\" is 'PRAISE'; expected one of ACCUSE, AGREE"),
        ('{"id": "b", "text": "x", "events": [{"source": ["A"], "target": null, '
         '"plover": "aid", "cameo_root": "x"}]}', '"cameo_root" is'),
        ('{"id": "a", "text": "again"}', "duplicate gold id 'a' (first on line 1)"),
    ],
)
def test_read_gold_errors_name_file_and_line(tmp_path: Path, line: str, message: str) -> None:
    path = tmp_path / "gold.jsonl"
    path.write_text('{"id": "a", "text": "Peru spoke.", "events": []}\n\n' + line + "\n",
                    encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_gold(path)
    assert info.value.source == f"{path}:3"
    assert message in info.value.message


def test_read_gold_file_level_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="gold file not found"):
        read_gold(tmp_path / "missing.jsonl")
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n\n", encoding="utf-8")
    with pytest.raises(InputError, match="holds no items"):
        read_gold(empty)
    latin = tmp_path / "latin.jsonl"
    latin.write_bytes('{"id": "a", "text": "Bogotá"}'.encode("latin-1"))
    with pytest.raises(InputError, match="not UTF-8"):
        read_gold(latin)


def test_read_predictions(tmp_path: Path) -> None:
    records = read_predictions(PRED)
    assert len(records) == 9 and records[-1]["doc_id"] == "no-such-doc"
    as_array = tmp_path / "pred.json"
    as_array.write_text(json.dumps(records[:2]), encoding="utf-8")
    assert read_predictions(as_array) == records[:2]
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"doc_id": "a"}\n[1]\n', encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_predictions(bad)
    assert info.value.source == f"{bad}:2"


# ------------------------------------------------------------------------------ evaluate_file


class _Record:
    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data

    def to_json(self) -> dict[str, Any]:
        return dict(self.data)


class _ReplayExtractor:
    """Stands in for graph.extract.Extractor: returns the fixture predictions of each article."""

    def __init__(self, records: list[dict[str, Any]]) -> None:
        self.records = records
        self.seen: list[Article] = []

    def extract_articles(
        self, articles: Iterable[Article]
    ) -> Iterator[tuple[Article, list[_Record]]]:
        for article in articles:
            self.seen.append(article)
            yield article, [_Record(r) for r in self.records if r["doc_id"] == article.id]


def test_evaluate_file_runs_the_extractor_and_scores(tmp_path: Path) -> None:
    records = read_predictions(PRED)
    extractor = _ReplayExtractor(records)
    out = tmp_path / "pred-out.jsonl"
    calls: list[tuple[int, int]] = []
    result = evaluate_file(GOLD, extractor, pred_out=out,
                           progress=lambda done, total: calls.append((done, total)))
    first = extractor.seen[0]
    assert (first.id, first.published, first.origin) == ("ev-1", "2024-03-02", f"{GOLD}:1")
    assert first.text == read_gold(GOLD)[0].text
    assert [a.origin for a in extractor.seen][-1] == f"{GOLD}:6"
    assert calls == [(n, 6) for n in range(1, 7)]
    written = read_predictions(out)
    # the record for the unknown document never comes out of the extractor
    assert written == records[:-1]
    assert "Côte d'Ivoire" in out.read_text(encoding="utf-8")
    assert (result.tp, result.pred, result.unknown_pred) == (3, 8, 0)
    assert result.f1 == pytest.approx(2 * (3 / 8) * 0.5 / (3 / 8 + 0.5))


def test_evaluate_file_reports_bad_gold(tmp_path: Path) -> None:
    path = tmp_path / "g.jsonl"
    path.write_text('{"id": "a"}\n', encoding="utf-8")
    extractor = _ReplayExtractor([])
    with pytest.raises(InputError, match=re.escape(f"{path}:1")):
        evaluate_file(path, extractor)
    assert extractor.seen == []


# ------------------------------------------------------------------------------ agreement


def _run_reference(gold: Path, predictions: Path) -> str:
    if not REFERENCE_SCORER.is_file():
        pytest.skip(f"the reference scorer {REFERENCE_SCORER} is not present on this machine")
    done = subprocess.run([sys.executable, str(REFERENCE_SCORER), str(gold), str(predictions)],
                          capture_output=True, text=True, check=True, timeout=60)
    return done.stdout


def _reference_figures(output: str) -> dict[str, Any]:
    """The figures the reference scorer prints, keyed like EvalResult.counts."""
    def grab(pattern: str) -> tuple[str, ...]:
        found = re.search(pattern, output)
        assert found is not None, f"{pattern!r} not in the reference output:\n{output}"
        return found.groups()

    rows = {}
    for line in output.splitlines():
        parts = line.split()
        if len(parts) == 7 and parts[0] != "type" and parts[1].isdigit():
            rows[UNTYPED if parts[0] in ("(none)", "None") else parts[0]] = parts[1:]
    return {
        "tp": int(grab(r"\(source, plover, target\)\s+TP (\d+)")[0]),
        "tp_notgt": int(grab(r"\(source, plover\)\s+TP (\d+)")[0]),
        "tp_cameo": int(grab(r"\(source, cameo root, target\)\s+TP (\d+)")[0]),
        "pairs": tuple(int(n) for n in grab(r"\((\d+)/(\d+) pairs\)")),
        "f1_line": output.strip().splitlines()[-1],
        "per_type": rows,
    }


def _our_figures(gold: Path, predictions: Path) -> dict[str, Any]:
    r = score(read_gold(gold), read_predictions(predictions))

    def cell(v: Any) -> str:
        return "-" if v is None else f"{v:.3f}"

    return {
        "tp": r.tp,
        "tp_notgt": r.tp_notgt,
        "tp_cameo": r.tp_cameo,
        "pairs": (r.pairs_same, r.pairs),
        "f1_line": format_result(r).splitlines()[-1],
        "per_type": {k: [str(row["gold"]), str(row["pred"]), str(row["tp"]), cell(row["p"]),
                         cell(row["r"]), cell(row["f1"])] for k, row in r.per_type.items()},
    }


def test_agrees_with_the_reference_scorer_on_the_fixture() -> None:
    theirs = _reference_figures(_run_reference(GOLD, PRED))
    ours = _our_figures(GOLD, PRED)
    assert theirs["f1_line"] == ours["f1_line"] == "F1 0.400"
    assert (theirs["tp"], theirs["tp_notgt"], theirs["tp_cameo"]) == (3, 4, 3)
    assert theirs == ours


_NAMES = ["SRB", "Séoul", "seoul", "Q458", "PER", "chl", "Côte d’Ivoire", "cote d'ivoire",
          "U.S.", "us", "CIV", "KOR"]
_CODES = ["SRBGOV", "SRB", "PERMIL", "CHLCOP", "IGOEUREEC", "---GOV", "USA", None]
_TYPES = ["AGREE", "REJECT", "ASSAULT"]


def _random_case(rng: random.Random, gold: Path, predictions: Path) -> None:
    """Write a random gold file and predictions, most of them near copies of gold events."""
    docs = [f"doc-{n}" for n in range(rng.randint(1, 3))]
    events_of: dict[str, list[dict[str, Any]]] = {}
    with gold.open("w", encoding="utf-8") as out:
        for doc in docs:
            events_of[doc] = [
                {"source": rng.sample(_NAMES, rng.randint(1, 2)),
                 "target": None if rng.random() < 0.4 else rng.sample(_NAMES, 2),
                 "plover": rng.choice(_TYPES), "cameo_root": rng.choice(["04", "19", "17", None])}
                for _ in range(rng.randint(1, 4))]
            out.write(json.dumps({"id": doc, "text": "A sentence.", "events": events_of[doc]})
                      + "\n")

    def some_actor(names: list[str] | None) -> dict[str, Any]:
        # an actor naming one of the gold identifiers (by label, alias or CAMEO code), or not
        name = rng.choice(names) if names and rng.random() < 0.7 else rng.choice(_NAMES)
        slot = rng.choice(["label", "aliases", "cameo"])
        return {"label": name if slot == "label" else "someone",
                "aliases": [name.upper()] if slot == "aliases" else [],
                "country": rng.choice([None, "PER"]),
                "cameo": name.upper() + "GOV" if slot == "cameo" else rng.choice(_CODES),
                "wikidata": rng.choice([None, "http://www.wikidata.org/entity/Q458"])}

    with predictions.open("w", encoding="utf-8") as out:
        for _ in range(rng.randint(0, 12)):
            doc = rng.choice(docs + ["unknown"])
            candidates: list[dict[str, Any] | None] = [*events_of.get(doc, [])] or [None]
            model = rng.choice(candidates)
            gold_target = model["target"] if model else None
            target = (None if gold_target is None and rng.random() < 0.7
                      else some_actor(gold_target))
            plover = model["plover"] if model and rng.random() < 0.6 else rng.choice(_TYPES)
            record = {"doc_id": doc,
                      "source": some_actor(model["source"] if model else None),
                      "target": target,
                      "action": {"plover": None if rng.random() < 0.1 else plover,
                                 "cameo": rng.choice(["042", "190", "1711", "010", 4, 190, 42])}}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")


@pytest.mark.parametrize("seed", range(30))
def test_agrees_with_the_reference_scorer_on_random_cases(tmp_path: Path, seed: int) -> None:
    gold, predictions = tmp_path / "gold.jsonl", tmp_path / "pred.jsonl"
    _random_case(random.Random(seed), gold, predictions)
    assert _reference_figures(_run_reference(gold, predictions)) == _our_figures(gold, predictions)


def test_event_dates_are_scored_over_matched_dated_gold_events() -> None:
    dated = dict(gev(["PER"], None, "REJECT"), event_date="2024-03-01")
    gold = [gold_item("a", dated), gold_item("b", dict(dated)),
            gold_item("c", gev(["PER"], None, "REJECT"))]  # undated: not counted
    right = dict(pred("a", actor("Peru", country="PER"), None, "REJECT"), date="2024-03-01")
    wrong = dict(pred("b", actor("Peru", country="PER"), None, "REJECT"), date="2024-03-02")
    undated = dict(pred("c", actor("Peru", country="PER"), None, "REJECT"), date="2024-03-05")
    r = score(gold, [right, wrong, undated])
    assert (r.dated, r.date_right, r.date_accuracy) == (2, 1, 0.5)
    assert r.date_within == 1  # a day is "within" only the same day
    week = dict(wrong, date="2024-W09")  # 26 Feb - 3 Mar: not inside March
    month = [gold_item("m", dict(dated, event_date="2024-03"))]
    assert score(month, [dict(right, doc_id="m")]).date_within == 1
    assert score(month, [dict(week, doc_id="m")]).date_within == 0
    assert score(month, [dict(week, doc_id="m", date="2024-W10")]).date_within == 1
    assert r.to_json()["date_accuracy"] == 0.5
    assert "event dates right over matched, dated gold events: 0.500  (1/2)" in format_result(r)


def test_reliability_table_bands_predictions_by_confidence() -> None:
    gold = [gold_item("a", gev(["PER"], None, "REJECT"))]
    hit = dict(pred("a", actor("Peru", country="PER"), None, "REJECT"), confidence=0.95)
    miss = dict(pred("a", actor("Chile", country="CHL"), None, "REJECT"), confidence=0.91)
    low = dict(pred("a", actor("Chile", country="CHL"), None, "ACCUSE"), confidence=0.2)
    r = score(gold, [hit, miss, low])
    top = r.reliability[-1]
    assert (top["low"], top["n"], top["right"], top["precision"]) == (0.9, 2, 1, 0.5)
    assert top["mean_confidence"] == 0.93
    assert r.reliability[0]["n"] == 1 and r.reliability[0]["right"] == 0
    assert sum(row["n"] for row in r.reliability) == 3
    assert "reliability (predictions by confidence band)" in format_result(r)
