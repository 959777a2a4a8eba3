"""The learned confidence model: how likely an extracted event is right.

The clause rules give every event a hand-weighted score (``clauses._confidence``). Those weights
were set by reading error lists, so the score ranks events well but does not say how often an
event of a given score is right. This module replaces it by a logistic regression over the same
evidence and a little more (the CAMEO root, the quad class, how crowded the sentence is, whether
a date or place was found), fitted on the gold sets by ``bench/train_confidence.py``. Its output
is a probability: of the events scored 0.9, about nine in ten should be right.

The model is data: ``graph/data/confidence.json`` holds the feature names, the weights and how
they were trained. Nothing is downloaded at run time, and a missing or broken file is an error
that names the file (``Extractor(confidence="rules")`` keeps the rule scores).
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from graph.errors import DataFileError
from graph.model import Event

__all__ = ["MODEL_PATH", "Calibrator", "CalibratorError", "features", "feature_names"]

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


@dataclass(frozen=True)
class Calibrator:
    """A logistic model over :func:`features`: ``p = 1 / (1 + exp(-(bias + w . x)))``."""

    weights: Mapping[str, float]
    bias: float
    info: Mapping[str, Any]

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
        if not isinstance(data, dict) or data.get("format") != "newsgraph-confidence/1":
            raise CalibratorError(f"{where} is not a newsgraph confidence model (format "
                                  "newsgraph-confidence/1)")
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
        info = {k: v for k, v in data.items() if k not in ("weights", "bias")}
        return cls({k: float(v) for k, v in weights.items()}, float(bias), info)

    def probability(self, ev: Event, events_in_sentence: int = 1) -> float:
        """The probability that ``ev`` is right, rounded to 3 places."""
        z = self.bias + sum(self.weights.get(k, 0.0) * v
                            for k, v in features(ev, events_in_sentence).items())
        z = max(-30.0, min(30.0, z))
        return round(1.0 / (1.0 + math.exp(-z)), 3)

    def rescore(self, events: Sequence[Event]) -> list[Event]:
        """``events`` (one article's, or more) with their confidence replaced by the model's."""
        counts = sentence_counts(events)
        return [replace(e, confidence=self.probability(e, n))
                for e, n in zip(events, counts, strict=True)]
