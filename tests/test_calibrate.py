"""The learned confidence model: its file, its probabilities, and the extractor's use of it."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from builders import day, make_event

from graph.evaluate import GoldItem, score
from graph.extract.calibrate import (
    MODEL_PATH,
    Calibrator,
    CalibratorError,
    feature_names,
    features,
    sentence_counts,
)
from graph.model import Action, Actor

NATO = Actor("NATO", "NATO", "igo", cameo="IGOWSTNAT", sector="IGO")
SRB = Actor("SRBGOV", "Serbia", "government", country="SRB", sector="GOV", cameo="SRBGOV")
URGE = Action("called on", "102", "REQUEST", 1, 3.4)


def _event(confidence: float, target: Actor | None = SRB, start: int = 0):  # type: ignore[no-untyped-def]
    return replace(make_event("d1", NATO, URGE, target, day("2024-01-05"), start=start),
                   confidence=confidence)


def _model(tmp_path: Path, **change: object) -> Path:
    data: dict[str, object] = {"format": "newsgraph-confidence/1", "bias": -0.5,
                               "weights": {"rule_logit": 1.2, "target:none": -1.0}}
    data.update(change)
    path = tmp_path / "model.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_shipped_model_loads_and_names_its_training() -> None:
    cal = Calibrator.load()
    assert set(cal.weights) <= set(feature_names())
    assert cal.weights["rule_logit"] > 0  # the rules' score still counts for it
    assert cal.info["format"] == "newsgraph-confidence/1"
    trained_on = " ".join(cal.info["sets"].values())
    assert "blind" not in trained_on  # the blind set is never trained on
    bands = cal.info["oof_reliability"]
    assert sum(row["n"] for row in bands) == sum(cal.info["events"].values())


@pytest.mark.parametrize("change, message", [
    ({"format": "other/2"}, "not a newsgraph confidence model"),
    ({"weights": {"no_such_feature": 1.0}}, "unknown features no_such_feature"),
    ({"weights": {"rule_logit": "high"}}, "finite number"),
    ({"bias": None}, "'bias' must be a number"),
])
def test_a_broken_model_file_is_an_error_naming_it(
    tmp_path: Path, change: dict[str, object], message: str,
) -> None:
    path = _model(tmp_path, **change)
    with pytest.raises(CalibratorError, match=message) as info:
        Calibrator.load(path)
    assert str(path) in str(info.value)


def test_missing_or_unreadable_model_file(tmp_path: Path) -> None:
    with pytest.raises(CalibratorError, match="--confidence rules"):
        Calibrator.load(tmp_path / "absent.json")
    bad = tmp_path / "bad.json"
    bad.write_bytes(b"\xff\xfe{")
    with pytest.raises(CalibratorError, match="bad.json"):
        Calibrator.load(bad)


def test_probability_follows_the_rule_score_and_the_target(tmp_path: Path) -> None:
    cal = Calibrator.load(_model(tmp_path))
    low, high = cal.probability(_event(0.3)), cal.probability(_event(0.8))
    assert 0 < low < high < 1
    # logit 1.2 * log(0.8 / 0.2) - 0.5 = 1.1635 -> 0.762
    assert high == pytest.approx(0.762, abs=0.001)
    assert cal.probability(_event(0.8, target=None)) < high
    assert features(_event(0.8, target=None))["target:none"] == 1.0


def test_rescore_replaces_only_the_confidence(tmp_path: Path) -> None:
    cal = Calibrator.load(_model(tmp_path))
    events = [_event(0.8), _event(0.8, start=100), _event(0.8, start=100)]
    assert sentence_counts(events) == [1, 2, 2]
    out = cal.rescore(events)
    assert [e.confidence for e in out] == [cal.probability(e) for e in events]
    assert [replace(e, confidence=0.8) for e in out] == events


def test_the_extractor_applies_the_learned_model(nlp) -> None:  # type: ignore[no-untyped-def]
    from graph.extract import Extractor

    text = "NATO called on Serbia to withdraw its troops from the border."
    rules = Extractor(nlp, min_confidence=0.0, confidence="rules").extract_text(text)
    learned = Extractor(nlp, min_confidence=0.0, confidence="learned")
    events = learned.extract_text(text)
    assert [(e.source.id, e.action.plover) for e in events] == \
        [(e.source.id, e.action.plover) for e in rules]
    assert events, "the rules find the request"
    cal = learned.calibrator
    assert cal is not None
    assert [e.confidence for e in events] == [e.confidence for e in cal.rescore(rules)]
    with pytest.raises(ValueError, match="unknown confidence mode"):
        Extractor(nlp, confidence="guess")


def test_score_reports_which_predictions_matched_in_input_order() -> None:
    items = [GoldItem("a", "x", None, ({"source": ["NATO"], "target": ["SRB"],
                                        "plover": "REQUEST"},)),
             GoldItem("b", "y", None, ())]
    good = _event(0.9).to_json() | {"doc_id": "a"}
    wrong = _event(0.9, target=None).to_json() | {"doc_id": "a"}
    other = _event(0.9).to_json() | {"doc_id": "b"}
    result = score(items, [other, wrong, good, "junk"])
    assert result.matched == [False, False, True, False]
    assert "matched" not in result.to_json()


def test_model_path_is_inside_the_package() -> None:
    assert MODEL_PATH.is_file()
    assert MODEL_PATH.parent.name == "data"
