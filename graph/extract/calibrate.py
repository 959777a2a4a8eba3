"""The learned confidence model: how likely an extracted event is right.

The clause rules give every event a hand-weighted score (``clauses._confidence``). Those weights
were set by reading error lists, so the score ranks events well but does not say how often an
event of a given score is right. This module replaces it in two steps, both fitted on the gold
sets by ``bench/train_confidence.py``:

1. a logistic regression over the same evidence and a little more (how crowded the sentence is,
   whether a place was found, what kind of actors), whose logit ranks the events;
2. a calibration map, a monotone piecewise-linear function from that logit to a probability,
   fitted on *out-of-set* predictions (each gold set predicted by a model trained on the other
   sets). Folds over documents of the same sets hid how much less often events are right on
   text written in another style; the map states what held-out styles earned, lowered by a
   margin, so of the events scored 0.8 at least about eight in ten should be right on text
   unlike the training sets. No group of events earned 0.9 out of set, so the shipped map
   never states it (bench/RESULTS.md, "Calibration across sets").

The model is data: ``graph/data/confidence.json`` holds the feature names, the weights, the map
and how they were trained. Nothing is downloaded at run time, and a missing or broken file (or
map) is an error that names the file (``Extractor(confidence="rules")`` keeps the rule scores).
"""

from __future__ import annotations

import json
import math
from bisect import bisect_right
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from graph.errors import DataFileError
from graph.model import Event

__all__ = ["Calibrator", "CalibratorError", "MODEL_PATH", "apply_map", "check_map", "feature_names",
           "features", "sentence_counts"]

#: the model file format; version 2 added the calibration map (``calibration``)
FORMAT = "newsgraph-confidence/2"

MODEL_PATH = Path(__file__).resolve().parent.parent / "data" / "confidence.json"

_ROOTS = tuple(f"{i:02d}" for i in range(1, 21))
#: roots whose acts often have no one they are aimed at (yielding, shows of force)
_UNDIRECTED = ("08", "15")


class CalibratorError(DataFileError, ValueError):
    """The confidence model file is missing, unreadable or does not fit this version."""


def _source_kind(ev: Event) -> str:
    s = ev.source
    if s.id == "unknown" or s.id.startswith("x-unknown"):
        return "unknown"
    if s.sector == "UAF":
        return "uaf"
    if s.in_gazetteer:
        return "gazetteer"
    if not (s.country or s.cameo):
        return "unplaced"
    return "person" if s.type == "person" else "body"


def _target_kind(ev: Event) -> str:
    t = ev.target
    if t is None:
        return "none-undirected" if ev.action.cameo[:2] in _UNDIRECTED else "none"
    if t.in_gazetteer:
        return "gazetteer"
    if not (t.country or t.cameo):
        return "unplaced"
    return "other"


def feature_names() -> list[str]:
    """Every feature name :func:`features` can set, in a fixed order."""
    names = ["rule_logit", "specific", "nominal", "coref", "clause", "attributed",
             "same_country", "dated", "placed", "not_asserted", "sentence_length",
             "events_in_sentence", "source_person", "source_igo", "target_person"]
    names += [f"source:{k}" for k in ("unknown", "uaf", "gazetteer", "unplaced", "person", "body")]
    names += [f"target:{k}" for k in ("none-undirected", "none", "gazetteer", "unplaced", "other")]
    names += [f"quad:{q}" for q in (1, 2, 3, 4)]
    names += [f"root:{r}" for r in _ROOTS]
    return names


def features(ev: Event, events_in_sentence: int = 1) -> dict[str, float]:
    """The feature values of one event (absent names are 0).

    ``events_in_sentence`` is how many events the rules found in the event's sentence: a
    sentence that gives many events is often one the rules misread.
    """
    rule = min(0.99, max(0.01, ev.confidence))
    f: dict[str, float] = {"rule_logit": math.log(rule / (1 - rule))}
    f.update({name: value for name, value in ev.signals})
    s, t = ev.source, ev.target
    f["attributed"] = float(ev.attributed_to is not None)
    f["same_country"] = float(t is not None and s.country is not None
                              and s.country == t.country)
    f["dated"] = float(ev.time is not None)
    f["placed"] = float(ev.place is not None)
    f["not_asserted"] = float(ev.modality != "asserted")
    f["sentence_length"] = math.log(max(1, ev.char_end - ev.char_start) / 100)
    f["events_in_sentence"] = math.log(max(1, events_in_sentence))
    f["source_person"] = float(s.type == "person")
    f["source_igo"] = float(s.type in ("igo", "mission"))
    f["target_person"] = float(t is not None and t.type == "person")
    f[f"source:{_source_kind(ev)}"] = 1.0
    f[f"target:{_target_kind(ev)}"] = 1.0
    if ev.action.quad_class:
        f[f"quad:{ev.action.quad_class}"] = 1.0
    f[f"root:{ev.action.cameo[:2]}"] = 1.0
    return f


def sentence_counts(events: Sequence[Event]) -> list[int]:
    """For each event, how many of ``events`` share its article and sentence."""
    counts = Counter((e.doc_id, e.char_start) for e in events)
    return [counts[(e.doc_id, e.char_start)] for e in events]


def apply_map(knots: Sequence[tuple[float, float]], z: float) -> float:
    """The calibrated probability of logit ``z``: linear between the knots ``(logit, p)``, flat
    beyond the first and last (the map never extrapolates past what the training sets showed).

    >>> apply_map([(-1.0, 0.25), (1.0, 0.75)], 0.0)
    0.5
    >>> apply_map([(-1.0, 0.25), (1.0, 0.75)], 5.0)
    0.75
    """
    if z <= knots[0][0]:
        return knots[0][1]
    if z >= knots[-1][0]:
        return knots[-1][1]
    i = bisect_right([k[0] for k in knots], z)
    (z0, p0), (z1, p1) = knots[i - 1], knots[i]
    return p0 + (p1 - p0) * (z - z0) / (z1 - z0)


def check_map(value: object, where: str | Path) -> list[tuple[float, float]]:
    """The knots of a calibration map read from a model file, or :class:`CalibratorError`.

    A map is ``{"method": ..., "input": "logit", "knots": [[logit, p], ...]}`` with at least one
    knot, logits strictly increasing and probabilities in [0, 1] never decreasing (a higher
    model score must never mean a lower confidence).
    """
    fix = "rerun bench/train_confidence.py, or use the rule scores (--confidence rules)"
    if not isinstance(value, dict):
        raise CalibratorError(f"{where}: no calibration map ('calibration' with 'knots'); {fix}")
    if value.get("input") != "logit":
        raise CalibratorError(f"{where}: the calibration map must take the model's logit "
                              f"('input': 'logit'), got {value.get('input')!r}; {fix}")
    raw = value.get("knots")
    if not isinstance(raw, list) or not raw:
        raise CalibratorError(f"{where}: the calibration map needs a non-empty list 'knots' of "
                              f"[logit, probability] pairs; {fix}")
    knots: list[tuple[float, float]] = []
    for i, pair in enumerate(raw):
        ok = (isinstance(pair, list) and len(pair) == 2
              and all(isinstance(v, (int, float)) and not isinstance(v, bool)
                      and math.isfinite(v) for v in pair))
        if not ok:
            raise CalibratorError(f"{where}: calibration knot {i} is {pair!r}, expected "
                                  f"[logit, probability] (two finite numbers); {fix}")
        knots.append((float(pair[0]), float(pair[1])))
    for i, (z, p) in enumerate(knots):
        if not 0.0 <= p <= 1.0:
            raise CalibratorError(f"{where}: calibration knot {i} maps to {p}, outside [0, 1]; "
                                  f"{fix}")
        if i and not z > knots[i - 1][0]:
            raise CalibratorError(f"{where}: calibration knot {i}: logits must increase "
                                  f"strictly ({knots[i - 1][0]} then {z}); {fix}")
        if i and p < knots[i - 1][1]:
            raise CalibratorError(f"{where}: calibration knot {i}: the map must not decrease "
                                  f"({knots[i - 1][1]} then {p}); {fix}")
    return knots


@dataclass(frozen=True)
class Calibrator:
    """A logistic model over :func:`features` and its calibration map:
    ``p = apply_map(knots, bias + w . x)``."""

    weights: Mapping[str, float]
    bias: float
    info: Mapping[str, Any]
    #: the calibration map, ``(logit, probability)`` pairs (:func:`apply_map`)
    knots: tuple[tuple[float, float], ...]

    @classmethod
    def load(cls, path: str | Path | None = None) -> Calibrator:
        """Read a model file written by ``bench/train_confidence.py`` (default: the shipped one)."""
        where = Path(path) if path is not None else MODEL_PATH
        try:
            data = json.loads(where.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise CalibratorError(
                f"cannot read the confidence model {where}: {exc}; rerun "
                "bench/train_confidence.py, or use the rule scores (--confidence rules)") from exc
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            got = data.get("format") if isinstance(data, dict) else None
            raise CalibratorError(f"{where} is not a newsgraph confidence model (format {FORMAT}"
                                  f", got {got!r}); rerun bench/train_confidence.py")
        weights = data.get("weights")
        bias = data.get("bias")
        if not isinstance(weights, dict) or not isinstance(bias, (int, float)):
            raise CalibratorError(f"{where}: 'weights' must map names to numbers and 'bias' "
                                  "must be a number")
        known = set(feature_names())
        unknown = sorted(k for k in weights if k not in known)
        if unknown:
            raise CalibratorError(f"{where}: unknown features {', '.join(unknown)}; the model "
                                  "was trained for another version, rerun "
                                  "bench/train_confidence.py")
        if not all(isinstance(v, (int, float)) and math.isfinite(v) for v in weights.values()):
            raise CalibratorError(f"{where}: every weight must be a finite number")
        knots = check_map(data.get("calibration"), where)
        info = {k: v for k, v in data.items() if k not in ("weights", "bias")}
        return cls({k: float(v) for k, v in weights.items()}, float(bias), info, tuple(knots))

    def logit(self, ev: Event, events_in_sentence: int = 1) -> float:
        """The regression's score of ``ev`` (before calibration): it ranks events."""
        return self.bias + sum(self.weights.get(k, 0.0) * v
                               for k, v in features(ev, events_in_sentence).items())

    def probability(self, ev: Event, events_in_sentence: int = 1) -> float:
        """The calibrated probability that ``ev`` is right, rounded to 3 places."""
        return round(apply_map(self.knots, self.logit(ev, events_in_sentence)), 3)

    def rescore(self, events: Sequence[Event]) -> list[Event]:
        """``events`` (one article's, or more) with their confidence replaced by the model's."""
        counts = sentence_counts(events)
        return [replace(e, confidence=self.probability(e, n))
                for e, n in zip(events, counts, strict=True)]
