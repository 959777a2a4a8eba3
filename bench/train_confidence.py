"""Fit the learned confidence model (graph/data/confidence.json) on the gold sets, by hand.

One command rewrites the model file: ``python bench/train_confidence.py``.

The extractor runs with every event kept (threshold 0) and the rule scores; each predicted event
is labelled right or wrong by the scorer's matching (source, PLOVER type, target). Then:

1. **Leave one set out.** Each training set is predicted by a logistic regression (L2 penalty,
   iteratively reweighted least squares, numpy only) fitted on the *other* sets. Folds over
   documents of the same sets hid how much less often events are right in a style the model
   has not seen (round 4: out-of-fold 0.9 band right 0.887, blind sets 0.75 and 0.52); the
   out-of-set predictions show it.
2. **Features and penalty on out-of-set loss.** The penalty, and which features are kept, are
   chosen on the mean over held sets of the out-of-set log-loss (each set one style, counted
   once): a feature group is dropped when the model predicts the held sets clearly better
   without it (features that only fit one set's style). :func:`graph.extract.calibrate.features`
   still computes every feature; a dropped one simply has no weight.
3. **Calibration map.** An isotonic (monotone) regression of right/wrong on the out-of-set
   logits, each set weighted equally, with blocks of at least ``--min-block`` events so that no
   stated confidence rests on a handful of events, each block's share lowered by a margin of
   standard errors (conservative: a band never states more than held sets earned); the runtime
   interpolates between block centres and stays flat beyond the ends. The margin is the
   smallest under which the held-set table passes (:func:`choose_margin`). That table is
   honest: each held set is mapped by a map fitted without it, on the other sets' out-of-set
   logits.
4. The final regression is fitted on all sets; the map turns its logit into the probability.

The check sets (bench/data/blind.jsonl, blind2.jsonl, blind8.jsonl, blind9.jsonl) are never
read here: they are scored afterwards with ``newsgraph eval`` under both confidence modes
(bench/RESULTS.md).

Usage: python bench/train_confidence.py [--out graph/data/confidence.json] [--min-block 30]
       [--margin M]
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

REPO = Path(__file__).resolve().parents[1]
#: the training sets, in the order they are read; dev lives in the team's shared folder and is
#: left out (with a note) where that folder is absent
SETS = {
    "dev": REPO.parent / "shared" / "eval" / "plover-gsr.jsonl",
    "tune": REPO / "bench" / "data" / "tune.jsonl",
    "heldout": REPO / "bench" / "data" / "heldout.jsonl",
    "blind3": REPO / "bench" / "data" / "blind3.jsonl",
    "tune5": REPO / "bench" / "data" / "tune5.jsonl",
    # the blind sets of rounds 5 to 8, tuning sets since (bench/data/README.md)
    "blind4": REPO / "bench" / "data" / "blind4.jsonl",
    "blind5": REPO / "bench" / "data" / "blind5.jsonl",
    "blind6": REPO / "bench" / "data" / "blind6.jsonl",
    "blind7": REPO / "bench" / "data" / "blind7.jsonl",
}
#: check sets: scored only with ``newsgraph eval``, never trained or developed on
CHECK_SETS = ("blind.jsonl", "blind2.jsonl", "blind8", "blind9")
LAMBDAS = (0.3, 1.0, 3.0, 10.0, 30.0)
#: a feature group is dropped only when the mean out-of-set log-loss falls by at least this
MIN_GAIN = 0.003
#: the bands of the reliability tables (the last one includes 1.0)
BANDS = (0.5, 0.6, 0.7, 0.8, 0.9, 1.0)
#: the margins (standard errors off each knot's share) tried, smallest first
MARGINS = (0.0, 0.5, 1.0, 1.5, 2.0, 3.0)
#: a band of the held-set table passes when it earns at least its lower edge minus this
TOLERANCE = 0.05
#: bands with fewer events than this are too small to judge a margin by
MIN_BAND_EVENTS = 10


@dataclass
class Collected:
    """Every event the rules find on the training sets: feature rows, labels, set names."""

    rows: list[dict[str, float]]
    labels: list[bool]
    sets: list[str]
    events: dict[str, int]
    gold: dict[str, int]
    files: dict[str, str]


def is_check_set(path: Path) -> bool:
    """True for a check set's file, which training must never read."""
    return any(path.name.startswith(c) if c in ("blind8", "blind9") else path.name == c
               for c in CHECK_SETS)


def collect(sets: dict[str, Path] | None = None) -> Collected:
    """Run the extractor (threshold 0, rule scores) on each training set and label its events."""
    from graph.evaluate import read_gold, score
    from graph.extract import Extractor
    from graph.extract.calibrate import features, sentence_counts
    from graph.model import Article

    ex = Extractor(min_confidence=0.0, confidence="rules")
    out = Collected([], [], [], {}, {}, {})
    for name, path in (sets or SETS).items():
        if is_check_set(path):
            raise SystemExit(f"error: {path.name} is a check set, never trained on; remove it "
                             "from SETS in bench/train_confidence.py")
        if not path.is_file():
            print(f"note: {name} set not present ({path.name}); left out", file=sys.stderr)
            continue
        items = read_gold(path)
        arts = [Article(id=i.id, text=i.text, published=i.date, origin=f"{name}:{i.id}")
                for i in items]
        events = [e for _, evs in ex.extract_articles(arts) for e in evs]
        result = score(items, [e.to_json() for e in events])
        counts = sentence_counts(events)
        out.rows += [features(e, n) for e, n in zip(events, counts, strict=True)]
        out.labels += result.matched
        out.sets += [name] * len(events)
        out.events[name] = len(events)
        out.gold[name] = result.gold
        out.files[name] = path.name
        print(f"{name}: {len(items)} items, {len(events)} events, {sum(result.matched)} right",
              file=sys.stderr)
    return out


def sigmoid(z: np.ndarray) -> np.ndarray:
    """The logistic function, clipped so that it never overflows."""
    return np.asarray(1.0 / (1.0 + np.exp(-np.clip(z, -30, 30))))


def fit(x: np.ndarray, y: np.ndarray, lam: float, iters: int = 50) -> np.ndarray:
    """L2-penalised logistic regression by IRLS; column 0 is the bias (not penalised)."""
    w = np.zeros(x.shape[1])
    penalty = np.full(x.shape[1], lam)
    penalty[0] = 1e-6
    for _ in range(iters):
        p = sigmoid(x @ w)
        grad = x.T @ (p - y) + penalty * w
        hess = (x * (p * (1 - p))[:, None]).T @ x + np.diag(penalty)
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.max(np.abs(step)) < 1e-8:
            break
    return w


def log_loss(p: np.ndarray, y: np.ndarray) -> float:
    """Mean negative log-likelihood of labels ``y`` under probabilities ``p``."""
    p = np.clip(p, 1e-6, 1 - 1e-6)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


def leave_one_set_out(x: np.ndarray, y: np.ndarray, sets: np.ndarray, lam: float) -> np.ndarray:
    """Out-of-set logits: each set's rows scored by a model fitted on the other sets only."""
    names = list(dict.fromkeys(sets.tolist()))
    if len(names) < 2:
        raise ValueError(f"leave-one-set-out needs at least two sets, got {names}")
    z = np.zeros(len(y))
    for name in names:
        held = sets == name
        z[held] = x[held] @ fit(x[~held], y[~held], lam)
    return z


def mean_set_loss(z: np.ndarray, y: np.ndarray, sets: np.ndarray) -> float:
    """The out-of-set log-loss averaged over sets (each set, one style, counts once)."""
    return float(np.mean([log_loss(sigmoid(z[sets == s]), y[sets == s])
                          for s in dict.fromkeys(sets.tolist())]))


def feature_groups(names: Sequence[str]) -> dict[str, list[str]]:
    """Features that are dropped together: one-hot families (``root:``, ``quad:``, ...) and
    single features."""
    groups: dict[str, list[str]] = {}
    for n in names:
        groups.setdefault(n.split(":", 1)[0] + ":" if ":" in n else n, []).append(n)
    return groups


def design(rows: Sequence[dict[str, float]], names: Sequence[str]) -> np.ndarray:
    """The design matrix: a bias column, then ``names`` (absent features are 0)."""
    return np.array([[1.0] + [r.get(n, 0.0) for n in names] for r in rows]).reshape(
        len(rows), len(names) + 1)


def select(rows: Sequence[dict[str, float]], y: np.ndarray, sets: np.ndarray,
           names: Sequence[str]) -> tuple[list[str], float, list[dict[str, Any]]]:
    """Backward elimination of feature groups and the penalty, on the mean out-of-set loss.

    Starting from every feature, the group whose removal lowers the loss most (at its best
    penalty) is dropped, while the gain is at least :data:`MIN_GAIN`; ``rule_logit`` is always
    kept. Returns the kept names, the penalty and the steps taken (for the model file).
    """
    def best_lambda(kept: Sequence[str]) -> tuple[float, float]:
        x = design(rows, kept)
        losses = {lam: mean_set_loss(leave_one_set_out(x, y, sets, lam), y, sets)
                  for lam in LAMBDAS}
        lam = min(losses, key=lambda k: losses[k])
        return losses[lam], lam

    kept = list(names)
    loss, lam = best_lambda(kept)
    steps: list[dict[str, Any]] = [{"dropped": None, "lambda": lam, "loss": round(loss, 4)}]
    while True:
        trials = []
        for group, members in feature_groups(kept).items():
            if group == "rule_logit":
                continue
            trial = [n for n in kept if n not in members]
            trials.append((*best_lambda(trial), group, trial))
        if not trials:
            break
        t_loss, t_lam, group, trial = min(trials, key=lambda t: t[0])
        if loss - t_loss < MIN_GAIN:
            break
        kept, loss, lam = trial, t_loss, t_lam
        steps.append({"dropped": group, "lambda": lam, "loss": round(loss, 4)})
        print(f"dropped {group}: mean out-of-set log-loss {loss:.4f} (lambda {lam:g})",
              file=sys.stderr)
    return kept, lam, steps


def set_weights(sets: np.ndarray) -> np.ndarray:
    """Row weights under which every set weighs the same (mean weight 1)."""
    w = np.zeros(len(sets))
    names = list(dict.fromkeys(sets.tolist()))
    for s in names:
        here = sets == s
        w[here] = len(sets) / (len(names) * here.sum())
    return w


def lower_share(right: float, weight: float, weight_sq: float, margin: float) -> float:
    """The share right of a block, lowered by ``margin`` standard errors (Wilson's score bound
    with the block's effective number of events, ``weight**2 / weight_sq``, since its rows
    carry unequal weights)."""
    p = right / weight
    if margin <= 0:
        return p
    n = weight * weight / weight_sq
    m2 = margin * margin
    centre = p + m2 / (2 * n)
    spread = margin * math.sqrt(p * (1 - p) / n + m2 / (4 * n * n))
    return max(0.0, (centre - spread) / (1 + m2 / n))


def isotonic_map(z: np.ndarray, y: np.ndarray, w: np.ndarray, min_block: int,
                 margin: float = 0.0) -> list[tuple[float, float]]:
    """A monotone, conservative map from logit to probability.

    Weighted pool-adjacent-violators over ``z``; then neighbouring blocks merged until each
    holds at least ``min_block`` events; each block becomes one knot (its weighted mean logit,
    its share right lowered by ``margin`` standard errors, :func:`lower_share`). Lowered shares
    of blocks of different sizes can dip, so each knot takes at least the value of the knot
    below it: that stays at or under the block's own share (the shares rise), so the map is
    non-decreasing and never states more than a block earned.
    """
    order = np.argsort(z, kind="stable")
    # each block: [weighted right, weight, events, weighted sum of logits, sum of weight**2]
    blocks: list[list[float]] = []
    for i in order:
        blocks.append([w[i] * y[i], w[i], 1.0, w[i] * z[i], w[i] * w[i]])
        while len(blocks) > 1 and (blocks[-2][0] / blocks[-2][1]
                                   >= blocks[-1][0] / blocks[-1][1]):
            last = blocks.pop()
            blocks[-1] = [a + b for a, b in zip(blocks[-1], last, strict=True)]
    while len(blocks) > 1:
        small = [i for i, b in enumerate(blocks) if b[2] < min_block]
        if not small:
            break
        i = min(small, key=lambda k: blocks[k][2])
        if i == 0:
            j = 1
        elif i == len(blocks) - 1:
            j = i - 1
        else:
            j = i - 1 if blocks[i - 1][2] <= blocks[i + 1][2] else i + 1
        lo, hi = min(i, j), max(i, j)
        blocks[lo] = [a + b for a, b in zip(blocks[lo], blocks[hi], strict=True)]
        del blocks[hi]
    knots = [(round(float(b[3] / b[1]), 4),
              round(float(lower_share(b[0], b[1], b[4], margin)), 4)) for b in blocks]
    # rounding may make two centres equal or a share dip by 1e-4: keep the map strict
    out: list[tuple[float, float]] = []
    for zk, pk in knots:
        if out and zk <= out[-1][0]:
            continue
        out.append((zk, max(pk, out[-1][1]) if out else pk))
    return out


def calibrate(z: np.ndarray, knots: Sequence[tuple[float, float]]) -> np.ndarray:
    """The map applied to logits, by the runtime's own function."""
    from graph.extract.calibrate import apply_map

    return np.array([apply_map(knots, float(v)) for v in z])


def reliability(p: np.ndarray, y: np.ndarray) -> list[dict[str, Any]]:
    """Per band of :data:`BANDS` (and below 0.5): events, how many right, their share.

    Probabilities are rounded to 3 places first, as the runtime rounds them (a rule score of
    0.9 is in the 0.9 band, not just under it)."""
    p = np.round(p, 3)
    rows: list[dict[str, Any]] = []
    edges = [(0.0, BANDS[0]), *zip(BANDS, BANDS[1:], strict=False)]
    for low, high in edges:
        inside = (p >= low) & ((p < high) | ((high == BANDS[-1]) & (p <= high)))
        n = int(inside.sum())
        right = int(y[inside].sum())
        rows.append({"band": "below 0.5" if low == 0.0 else f"{low:.1f}", "events": n,
                     "right": right, "share": round(right / n, 3) if n else None})
    return rows


def nested_calibration(z: np.ndarray, y: np.ndarray, sets: np.ndarray,
                       min_block: int, margin: float) -> np.ndarray:
    """Calibrated out-of-set probabilities: each set's logits mapped by a map fitted on the
    other sets' out-of-set logits only (the honest check of the whole procedure)."""
    p = np.zeros(len(y))
    for s in dict.fromkeys(sets.tolist()):
        held = sets == s
        knots = isotonic_map(z[~held], y[~held], set_weights(sets[~held]), min_block, margin)
        p[held] = calibrate(z[held], knots)
    return p


def band_shortfalls(table: Sequence[dict[str, Any]]) -> list[str]:
    """The bands of a reliability table (0.5 and up, with at least :data:`MIN_BAND_EVENTS`
    events) that earn less than their lower edge minus :data:`TOLERANCE`."""
    return [f"{row['band']}: {row['right']}/{row['events']}" for row in table
            if row["band"] != "below 0.5" and row["events"] >= MIN_BAND_EVENTS
            and row["share"] < float(row["band"]) - TOLERANCE]


def choose_margin(z: np.ndarray, y: np.ndarray, sets: np.ndarray,
                  min_block: int) -> tuple[float, dict[str, list[str]]]:
    """The smallest margin of :data:`MARGINS` under which no band of the pooled held-set table
    (:func:`nested_calibration`) earns clearly less than it states; the largest if none does.
    Returns it and, per margin tried, the bands that fell short."""
    tried: dict[str, list[str]] = {}
    for margin in MARGINS:
        short = band_shortfalls(reliability(nested_calibration(z, y, sets, min_block, margin),
                                            y))
        tried[f"{margin:g}"] = short
        print(f"margin {margin:g}: held-set bands short of their edge: "
              f"{', '.join(short) or 'none'}", file=sys.stderr)
        if not short:
            return margin, tried
    return MARGINS[-1], tried


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=str(REPO / "graph" / "data" / "confidence.json"))
    ap.add_argument("--min-block", type=int, default=30,
                    help="fewest events behind one knot of the calibration map (default 30)")
    ap.add_argument("--margin", type=float, default=None,
                    help="standard errors taken off each knot's share right (default: the "
                    "smallest that the held-set table supports, see choose_margin)")
    args = ap.parse_args(argv)

    from graph.extract.calibrate import FORMAT, feature_names

    data = collect()
    y = np.array(data.labels, dtype=float)
    sets = np.array(data.sets)
    names = [n for n in feature_names() if any(n in r for r in data.rows)]
    kept, lam, steps = select(data.rows, y, sets, names)
    x = design(data.rows, kept)
    z = leave_one_set_out(x, y, sets, lam)
    w = fit(x, y, lam)
    tried: dict[str, list[str]] = {}
    margin = args.margin
    if margin is None:
        margin, tried = choose_margin(z, y, sets, args.min_block)
    knots = isotonic_map(z, y, set_weights(sets), args.min_block, margin)
    honest = nested_calibration(z, y, sets, args.min_block, margin)
    rule_p = sigmoid(design(data.rows, ["rule_logit"])[:, 1])

    per_set: dict[str, Any] = {}
    for name in data.events:
        here = sets == name
        f1 = {}
        for label, p in (("rules", rule_p), ("learned_out_of_set", honest)):
            keep = here & (p >= 0.5)
            f1[label] = round(2 * float(y[keep].sum()) / (int(keep.sum()) + data.gold[name]), 3)
        per_set[name] = {
            "events": data.events[name], "right": int(y[here].sum()), "gold": data.gold[name],
            "f1_at_half": f1,
            "out_of_set_log_loss": round(log_loss(sigmoid(z[here]), y[here]), 4),
            "calibrated_log_loss": round(log_loss(honest[here], y[here]), 4),
            "out_of_set_reliability": reliability(sigmoid(z[here]), y[here]),
            "calibrated_reliability": reliability(honest[here], y[here]),
        }
    info: dict[str, Any] = {
        "format": FORMAT,
        "trained": datetime.now(UTC).strftime("%Y-%m-%d"),
        "method": "leave-one-set-out logistic regression, isotonic map on out-of-set logits",
        "sets": data.files,
        "events": data.events,
        "right_share": round(float(y.mean()), 3),
        "lambda": lam,
        "selection": steps,
        "dropped_features": sorted(set(names) - set(kept)),
        "rule_log_loss": round(log_loss(rule_p, y), 4),
        "per_set": per_set,
        "pooled": {
            "out_of_set_reliability": reliability(sigmoid(z), y),
            "calibrated_reliability": reliability(honest, y),
            "rule_reliability": reliability(rule_p, y),
        },
        "calibration": {
            "method": "isotonic, sets weighted equally",
            "input": "logit",
            "min_block": args.min_block,
            "margin": margin,
            "margins_tried": tried,
            "knots": [list(k) for k in knots],
        },
        "bias": round(float(w[0]), 5),
        "weights": {n: round(float(v), 5) for n, v in zip(kept, w[1:], strict=True)
                    if abs(v) > 1e-5},
    }
    Path(args.out).write_text(json.dumps(info, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {args.out}: {len(kept)} features, lambda {lam:g}, {len(knots)} knots "
          f"(top {knots[-1][1]:.3f})", file=sys.stderr)
    for name, row in per_set.items():
        bands = " ".join(f"{b['right']}/{b['events']}" for b in row["calibrated_reliability"])
        print(f"  {name}: out-of-set log-loss {row['out_of_set_log_loss']:.4f}, calibrated "
              f"{row['calibrated_log_loss']:.4f}; F1 at 0.5 rules {row['f1_at_half']['rules']:.3f}"
              f", learned {row['f1_at_half']['learned_out_of_set']:.3f}; calibrated bands "
              f"(<0.5, 0.5 .. 0.9) {bands}", file=sys.stderr)
    pooled = " ".join(f"{b['right']}/{b['events']}"
                      for b in info["pooled"]["calibrated_reliability"])
    print(f"  pooled calibrated bands {pooled}", file=sys.stderr)
    return 0 if math.isfinite(steps[-1]["loss"]) else 1


if __name__ == "__main__":
    raise SystemExit(main())
