"""The learned confidence model: its file, its calibration map, its probabilities, the
extractor's use of it, and the training script's leave-one-set-out helpers."""

from __future__ import annotations

import json
import math
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from builders import day, make_event

from bench import train_confidence as tc
from graph.evaluate import GoldItem, score
from graph.extract.calibrate import (
    FORMAT,
    MODEL_PATH,
    Calibrator,
    CalibratorError,
    apply_map,
    check_map,
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


#: a map that halves the distance to 0.5 up to logit +-2, flat beyond
HALVING = {"method": "test", "input": "logit", "knots": [[-2.0, 0.3], [0.0, 0.5], [2.0, 0.7]]}


def _model(tmp_path: Path, **change: object) -> Path:
    data: dict[str, object] = {"format": FORMAT, "bias": -0.5,
                               "weights": {"rule_logit": 1.2, "target:none": -1.0},
                               "calibration": HALVING}
    data.update(change)
    path = tmp_path / "model.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_shipped_model_loads_and_names_its_training() -> None:
    cal = Calibrator.load()
    assert set(cal.weights) <= set(feature_names())
    assert cal.weights["rule_logit"] > 0  # the rules' score still counts for it
    assert cal.info["format"] == FORMAT
    trained_on = set(cal.info["sets"].values())
    # the check sets are never trained on; blind3 to blind7 are declared tuning sets
    assert not {"blind.jsonl", "blind2.jsonl", "blind8.jsonl", "blind9.jsonl"} & trained_on
    assert {"tune.jsonl", "heldout.jsonl", "blind3.jsonl", "blind4.jsonl",
            "blind5.jsonl"} <= trained_on
    total = sum(cal.info["events"].values())
    for table in cal.info["pooled"].values():
        assert sum(row["events"] for row in table) == total
    for name, row in cal.info["per_set"].items():
        assert sum(b["events"] for b in row["calibrated_reliability"]) == \
            cal.info["events"][name]
    assert cal.info["calibration"]["knots"] == [list(k) for k in cal.knots]


def test_shipped_map_is_monotone_and_conservative() -> None:
    cal = Calibrator.load()
    zs = [k[0] for k in cal.knots]
    ps = [k[1] for k in cal.knots]
    assert zs == sorted(zs) and len(set(zs)) == len(zs)
    assert ps == sorted(ps) and all(0 <= p <= 1 for p in ps)
    grid = [-6 + 0.05 * i for i in range(241)]
    mapped = [apply_map(cal.knots, z) for z in grid]
    assert all(a <= b for a, b in zip(mapped, mapped[1:], strict=False))
    # flat past the ends: no confidence beyond what the top block of events earned
    assert apply_map(cal.knots, 50.0) == ps[-1] and apply_map(cal.knots, -50.0) == ps[0]
    # the map was fitted on out-of-set logits and took a margin off every share
    assert cal.info["calibration"]["margin"] >= 0


def test_the_runtime_applies_the_map(tmp_path: Path) -> None:
    cal = Calibrator.load(_model(tmp_path))
    ev = _event(0.8)
    # logit 1.2 * log(0.8 / 0.2) - 0.5 = 1.1635, halfway-ish on the map's [0, 2] piece
    z = 1.2 * math.log(4) - 0.5
    assert cal.logit(ev) == pytest.approx(z)
    assert cal.probability(ev) == round(0.5 + 0.2 * z / 2, 3) == 0.616
    # beyond the last knot the map is flat
    assert cal.probability(_event(0.99)) == 0.7
    assert cal.probability(_event(0.01)) == 0.3


@pytest.mark.parametrize("knots, message", [
    ([[0.0, 0.6], [1.0, 0.4]], "must not decrease"),
    ([[1.0, 0.4], [0.0, 0.6]], "logits must increase strictly"),
    ([[0.0, 0.4], [0.0, 0.6]], "logits must increase strictly"),
    ([[0.0, 1.4]], "outside \\[0, 1\\]"),
    ([[0.0, "high"]], "two finite numbers"),
    ([[0.0]], "two finite numbers"),
    ([], "non-empty list 'knots'"),
])
def test_a_malformed_map_is_an_error_naming_the_file(
    tmp_path: Path, knots: list[object], message: str,
) -> None:
    path = _model(tmp_path, calibration={"method": "x", "input": "logit", "knots": knots})
    with pytest.raises(CalibratorError, match=message) as info:
        Calibrator.load(path)
    assert str(path) in str(info.value)


@pytest.mark.parametrize("calibration, message", [
    (None, "no calibration map"),
    ("isotonic", "no calibration map"),
    ({"input": "probability", "knots": [[0.0, 0.5]]}, "must take the model's logit"),
])
def test_a_missing_map_is_an_error_naming_the_file(
    tmp_path: Path, calibration: object, message: str,
) -> None:
    path = _model(tmp_path, calibration=calibration)
    with pytest.raises(CalibratorError, match=message) as info:
        Calibrator.load(path)
    assert str(path) in str(info.value)
    assert "--confidence rules" in str(info.value)


def test_a_model_of_the_old_format_is_refused(tmp_path: Path) -> None:
    path = _model(tmp_path, format="newsgraph-confidence/1")
    with pytest.raises(CalibratorError, match="newsgraph-confidence/2") as info:
        Calibrator.load(path)
    assert str(path) in str(info.value)
    assert check_map(HALVING, path) == [(-2.0, 0.3), (0.0, 0.5), (2.0, 0.7)]


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


# --------------------------------------------------------------------------------------------
# The training script's helpers (bench/train_confidence.py), on small synthetic input


def _synthetic() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(9)
    sets = np.array(["a"] * 40 + ["b"] * 30 + ["c"] * 30)
    score_ = rng.normal(size=100)
    x = np.column_stack([np.ones(100), score_])
    y = (score_ + rng.normal(scale=0.8, size=100) > 0).astype(float)
    return x, y, sets


def test_leave_one_set_out_predicts_each_set_without_its_labels() -> None:
    x, y, sets = _synthetic()
    z = tc.leave_one_set_out(x, y, sets, lam=1.0)
    for held in ("a", "b", "c"):
        here = sets == held
        # the held set's logits are those of a model fitted on the other sets alone
        expected = x[here] @ tc.fit(x[~here], y[~here], 1.0)
        assert np.allclose(z[here], expected)
        # so changing the held set's labels leaves its own predictions as they were ...
        flipped = y.copy()
        flipped[here] = 1 - flipped[here]
        again = tc.leave_one_set_out(x, flipped, sets, lam=1.0)
        assert np.allclose(again[here], z[here])
        # ... and moves the other sets' predictions, which were fitted on them
        assert not np.allclose(again[~here], z[~here])
    with pytest.raises(ValueError, match="at least two sets"):
        tc.leave_one_set_out(x, y, np.array(["a"] * 100), lam=1.0)


def test_set_weights_count_every_set_once() -> None:
    sets = np.array(["a"] * 6 + ["b"] * 2)
    w = tc.set_weights(sets)
    assert w[sets == "a"].sum() == pytest.approx(w[sets == "b"].sum())
    assert w.mean() == pytest.approx(1.0)


def test_isotonic_map_is_monotone_with_blocks_of_the_minimum_size() -> None:
    z = np.arange(12, dtype=float)
    y = np.array([0, 1, 0, 0, 1, 0, 1, 1, 0, 1, 1, 1], dtype=float)
    w = np.ones(12)
    knots = tc.isotonic_map(z, y, w, min_block=1)
    ps = [p for _, p in knots]
    assert ps == sorted(ps)
    # pool-adjacent-violators: [0] [1 0 0] [1 0] [1 1 0] [1 1 1], each knot at its block's
    # mean logit with its exact share (no margin)
    assert knots == [(0.0, 0.0), (2.0, 0.3333), (4.5, 0.5), (7.0, 0.6667), (10.0, 1.0)]
    assert all(type(v) is float for k in knots for v in k)
    big = tc.isotonic_map(z, y, w, min_block=4)
    assert len(big) <= 3 and [p for _, p in big] == sorted(p for _, p in big)
    # a margin lowers every knot, and never above the exact share
    lowered = tc.isotonic_map(z, y, w, min_block=4, margin=1.0)
    assert all(lo[1] <= hi[1] for lo, hi in zip(lowered, big, strict=True))
    assert lowered[-1][1] < big[-1][1]
    assert check_map({"input": "logit", "knots": [list(k) for k in lowered]}, "x") == lowered


def test_nested_calibration_fits_each_map_without_the_held_set() -> None:
    x, y, sets = _synthetic()
    z = tc.leave_one_set_out(x, y, sets, lam=1.0)
    p = tc.nested_calibration(z, y, sets, min_block=5, margin=0.0)
    here = sets == "b"
    knots = tc.isotonic_map(z[~here], y[~here], tc.set_weights(sets[~here]), 5)
    assert np.allclose(p[here], [apply_map(knots, v) for v in z[here]])


def test_reliability_bands_count_every_event_once() -> None:
    # 0.8999999 is the 0.9 of a rule score after logit and back: rounded as the runtime does
    p = np.array([0.1, 0.55, 0.58, 0.9, 1.0, 0.89, 0.8999999])
    y = np.array([0, 1, 0, 1, 1, 0, 1], dtype=float)
    table = tc.reliability(p, y)
    assert [r["band"] for r in table] == ["below 0.5", "0.5", "0.6", "0.7", "0.8", "0.9"]
    assert [r["events"] for r in table] == [1, 2, 0, 0, 1, 3]
    assert table[1] == {"band": "0.5", "events": 2, "right": 1, "share": 0.5}
    assert table[5]["share"] == 1.0 and table[2]["share"] is None
    assert tc.band_shortfalls(table) == []  # bands under 10 events are not judged


def test_training_refuses_the_check_sets(tmp_path: Path) -> None:
    for name in ("blind.jsonl", "blind2.jsonl", "blind8.jsonl", "blind8b.jsonl",
                 "blind9.jsonl"):
        assert tc.is_check_set(tmp_path / name)
        with pytest.raises(SystemExit, match="check set"):
            tc.collect({"x": tmp_path / name})
    assert not tc.is_check_set(Path("bench/data/blind3.jsonl"))
    assert not tc.is_check_set(Path("bench/data/blind5.jsonl"))  # a tuning set since round 7



def test_the_next_rounds_blind_set_is_never_trained_on() -> None:
    assert not tc.is_check_set(Path("bench/data/blind6.jsonl"))  # a tuning set from round 8
    assert not tc.is_check_set(Path("bench/data/blind7.jsonl"))  # a tuning set from round 9
    assert tc.is_check_set(Path("bench/data/blind8.jsonl"))
    assert tc.is_check_set(Path("bench/data/blind9.jsonl"))
    assert not {"blind8.jsonl", "blind9.jsonl"} & {p.name for p in tc.SETS.values()}
