"""Fit the learned confidence model (graph/data/confidence.json) on the gold sets, by hand.

The extractor runs with every event kept (threshold 0) and the rule scores; each predicted event
is labelled right or wrong by the scorer's matching (source, PLOVER type, target), and a
logistic regression with an L2 penalty is fitted over graph.extract.calibrate.features by
iteratively reweighted least squares (numpy only). The penalty is chosen by 5-fold
cross-validation over documents on the log-loss; the out-of-fold predictions give an honest
reliability table of the training sets, written next to the weights.

The blind set (bench/data/blind.jsonl) is never read here: it is scored once, afterwards, with
``newsgraph eval`` under both confidence modes (bench/RESULTS.md).

Usage: python bench/train_confidence.py [--out graph/data/confidence.json] [--folds 5]
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import zlib
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

REPO = Path(__file__).resolve().parents[1]
SETS = {
    "dev": REPO.parent / "shared" / "eval" / "plover-gsr.jsonl",
    "tune": REPO / "bench" / "data" / "tune.jsonl",
    "heldout": REPO / "bench" / "data" / "heldout.jsonl",
}
LAMBDAS = (0.3, 1.0, 3.0, 10.0, 30.0)


def collect() -> tuple[list[dict[str, float]], list[bool], list[str], dict[str, int],
                       dict[str, int]]:
    """Feature rows, labels and fold keys of every event the rules find on the training sets."""
    from graph.evaluate import read_gold, score
    from graph.extract import Extractor
    from graph.extract.calibrate import features, sentence_counts
    from graph.model import Article

    ex = Extractor(min_confidence=0.0, confidence="rules")
    rows: list[dict[str, float]] = []
    labels: list[bool] = []
    groups: list[str] = []
    sizes: dict[str, int] = {}
    golds: dict[str, int] = {}
    for name, path in SETS.items():
        if not path.is_file():
            print(f"note: {name} set not present ({path.name}); left out", file=sys.stderr)
            continue
        items = read_gold(path)
        arts = [Article(id=i.id, text=i.text, published=i.date, origin=f"{name}:{i.id}")
                for i in items]
        events = [e for _, evs in ex.extract_articles(arts) for e in evs]
        result = score(items, [e.to_json() for e in events])
        counts = sentence_counts(events)
        rows += [features(e, n) for e, n in zip(events, counts, strict=True)]
        labels += result.matched
        groups += [f"{name}/{e.doc_id}" for e in events]
        sizes[name] = len(events)
        golds[name] = result.gold
        print(f"{name}: {len(items)} items, {len(events)} events, {sum(result.matched)} right",
              file=sys.stderr)
    return rows, labels, groups, sizes, golds


def fit(x: np.ndarray, y: np.ndarray, lam: float, iters: int = 50) -> np.ndarray:
    """L2-penalised logistic regression by IRLS; column 0 is the bias (not penalised)."""
    w = np.zeros(x.shape[1])
    penalty = np.full(x.shape[1], lam)
    penalty[0] = 1e-6
    for _ in range(iters):
        p = 1.0 / (1.0 + np.exp(-np.clip(x @ w, -30, 30)))
        grad = x.T @ (p - y) + penalty * w
        hess = (x * (p * (1 - p))[:, None]).T @ x + np.diag(penalty)
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.max(np.abs(step)) < 1e-8:
            break
    return w


def predict(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    return np.asarray(1.0 / (1.0 + np.exp(-np.clip(x @ w, -30, 30))))


def log_loss(p: np.ndarray, y: np.ndarray) -> float:
    p = np.clip(p, 1e-6, 1 - 1e-6)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=str(REPO / "graph" / "data" / "confidence.json"))
    ap.add_argument("--folds", type=int, default=5)
    args = ap.parse_args(argv)

    from graph.evaluate import reliability_table
    from graph.extract.calibrate import feature_names

    rows, labels, groups, sizes, golds = collect()
    names = [n for n in feature_names() if any(n in r for r in rows)]
    x = np.array([[1.0] + [r.get(n, 0.0) for n in names] for r in rows])
    y = np.array(labels, dtype=float)
    fold = np.array([zlib.crc32(g.encode()) % args.folds for g in groups])

    cv: dict[float, float] = {}
    oof_best: np.ndarray | None = None
    for lam in LAMBDAS:
        oof = np.zeros(len(y))
        for k in range(args.folds):
            train, test = fold != k, fold == k
            oof[test] = predict(x[test], fit(x[train], y[train], lam))
        cv[lam] = log_loss(oof, y)
        print(f"lambda {lam:g}: cross-validated log-loss {cv[lam]:.4f}", file=sys.stderr)
        if min(cv.values()) == cv[lam]:
            oof_best = oof
    lam = min(cv, key=lambda k: cv[k])
    assert oof_best is not None
    w = fit(x, y, lam)
    rule_p = 1.0 / (1.0 + np.exp(-x[:, 1 + names.index("rule_logit")]))
    base = float(y.mean())
    sets = np.array([g.split("/", 1)[0] for g in groups])
    at_half: dict[str, dict[str, float]] = {}
    for name, gold in golds.items():
        here = sets == name
        for label, p in (("rules", rule_p), ("learned_oof", oof_best)):
            keep = here & (p >= 0.5)
            tp, pred = float(y[keep].sum()), int(keep.sum())
            at_half.setdefault(name, {})[label] = round(2 * tp / (pred + gold), 3)
    info: dict[str, Any] = {
        "format": "newsgraph-confidence/1",
        "trained": datetime.now(UTC).strftime("%Y-%m-%d"),
        "sets": {k: SETS[k].name for k in sizes},
        "events": sizes,
        "right_share": round(base, 3),
        "lambda": lam,
        "cv_log_loss": {f"{k:g}": round(v, 4) for k, v in cv.items()},
        "rule_log_loss": round(log_loss(rule_p, y), 4),
        "prior_log_loss": round(log_loss(np.full(len(y), base), y), 4),
        "f1_at_half": at_half,
        "rule_reliability": reliability_table(zip(rule_p.round(3).tolist(), labels,
                                                  strict=True)),
        "oof_reliability": reliability_table(zip(oof_best.round(3).tolist(), labels,
                                                 strict=True)),
        "bias": round(float(w[0]), 5),
        "weights": {n: round(float(v), 5) for n, v in zip(names, w[1:], strict=True)
                    if abs(v) > 1e-5},
    }
    Path(args.out).write_text(json.dumps(info, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {args.out}: lambda {lam:g}, out-of-fold log-loss {cv[lam]:.4f} "
          f"(rule scores {info['rule_log_loss']}, prior {info['prior_log_loss']})",
          file=sys.stderr)
    for name, f in at_half.items():
        print(f"  {name}: F1 at 0.5 rules {f['rules']:.3f}, learned (out-of-fold) "
              f"{f['learned_oof']:.3f}", file=sys.stderr)
    for row in info["oof_reliability"]:
        print(f"  [{row['low']:.1f}, {row['high']:.1f}) n={row['n']:4d} precision "
              f"{row['precision']:.3f} mean {row['mean_confidence']:.3f}", file=sys.stderr)
    return 0 if math.isfinite(cv[lam]) else 1


if __name__ == "__main__":
    raise SystemExit(main())
