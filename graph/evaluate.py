"""Score extracted events against a gold file (``newsgraph eval``).

A gold file is JSONL, one item a line, in the shape of the JSONL corpus input plus the events
a reader finds in the text::

    {"id": "d1", "date": "2024-03-02", "text": "...",
     "events": [{"source": ["SRB", "Serbia"], "target": ["XKX"] | null,
                 "plover": "ACCUSE", "cameo_root": "11"}]}

Each gold actor is a list of acceptable identifiers (names, ISO 3166 alpha-3 country codes,
Wikidata QIDs, CAMEO actor codes). Predictions are the extractor's JSONL records
(:meth:`graph.model.Event.to_json`).

Matching rules (the ones the project's reference scorer uses, so both report the same figures):

* Identifiers are compared case-, accent- and whitespace-insensitively; dots are dropped, a
  typographic apostrophe equals a straight one and a Wikidata IRI equals its QID.
* A predicted actor offers its ``label``, ``aliases``, ``country``, ``wikidata`` and ``cameo``
  code, plus the first three letters of a longer CAMEO code (``SRBGOV`` also counts as ``SRB``).
  Two actors match when they share one identifier; two null targets match each other.
* A prediction matches a gold event of the same document (``doc_id`` = gold ``id``) when the
  PLOVER types are equal and source and target match. Matching is greedy and one-to-one: gold
  events in file order each take the first unused matching prediction in file order, so a
  repeated prediction is a false positive, as is every prediction for an unknown document.

Reported: micro P/R/F1 on (source, PLOVER, target); F1 ignoring the target; P/R/F1 on
(source, CAMEO root, target); PLOVER-type accuracy over actor pairs matched regardless of type;
a per-type table; and a PLOVER confusion matrix over those actor pairs, where the ``(none)``
column counts gold events for which no prediction has the same actors.
"""

from __future__ import annotations

import json
import logging
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Protocol

from graph.errors import InputError
from graph.legacy import LegacyCodes
from graph.model import Article

__all__ = [
    "NO_PREDICTION",
    "PLOVER_TYPES",
    "UNTYPED",
    "ArticleExtractor",
    "EvalResult",
    "GoldItem",
    "evaluate_file",
    "format_result",
    "normalise_identifier",
    "read_gold",
    "read_predictions",
    "score",
]

log = logging.getLogger(__name__)

#: The sixteen PLOVER event types a gold event may carry.
PLOVER_TYPES = frozenset(
    {
        "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
        "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
    }
)
#: Confusion-matrix column of gold events that no prediction with the same actors covers.
NO_PREDICTION = "(none)"
#: Type label of an event without a PLOVER type (e.g. a CAMEO 01x statement).
UNTYPED = "(untyped)"

# A Wikidata entity IRI or page address (already lower-cased) -> its QID.
_WIKIDATA_ADDRESS = re.compile(r"(?:https?://)?(?:www\.)?wikidata\.org/(?:wiki|entity)/(q\d+)")
_LEADING_DIGITS = re.compile(r"\d+")
# The highest CAMEO root; an integer code whose first two digits exceed it lost a leading zero.
_LAST_CAMEO_ROOT = 20
# Keys of a predicted actor whose values identify it.
_ACTOR_KEYS = ("label", "country", "wikidata", "aliases", "cameo")
_SENTENCE_CHARS = 160
# Top-left cell of the confusion matrix.
_CORNER = "gold \\ pred"


# --------------------------------------------------------------------------------------------
# Records


@dataclass(frozen=True)
class GoldItem:
    """One gold document: its text (what the extractor reads) and the events it holds.

    ``events`` keeps the gold event objects as written (``source``, ``target``, ``plover``,
    ``cameo_root``); they are normalised only when scored.
    """

    id: str
    text: str
    date: str | None
    events: tuple[dict[str, Any], ...]


@dataclass
class EvalResult:
    """The figures of one evaluation, with the per-type table, confusion matrix and errors.

    Counts: ``gold`` and ``pred`` events (``pred`` includes ``unknown_pred`` predictions for
    documents not in the gold file), true positives of the full match (``tp``), of the match
    ignoring the target (``tp_notgt``) and of the CAMEO-root match (``tp_cameo``), actor pairs
    matched regardless of type (``pairs``) and those of equal type (``pairs_same``).
    ``per_type`` maps a PLOVER type to ``{gold, pred, tp, p, r, f1}`` (gold events by their type,
    predictions by theirs; ``p``/``r``/``f1`` are None where undefined). ``confusion`` maps a gold
    type to ``{predicted type or NO_PREDICTION: n}``. ``errors`` lists the unmatched gold events
    (``FN``) and predictions (``FP``) as ``{doc_id, kind, sentence, event}``.
    ``dated`` counts the matched gold events that carry an ``event_date`` and ``date_right``
    those whose prediction has the same date value; ``date_within`` those whose predicted
    period lies within the gold one (a week inside the gold month counts). ``reliability`` is
    the calibration table: per confidence band
    ``{low, high, n, right, precision, mean_confidence}``.
    """

    documents: int
    gold: int
    pred: int
    unknown_pred: int
    tp: int
    tp_notgt: int
    tp_cameo: int
    pairs: int
    pairs_same: int
    dated: int = 0
    date_right: int = 0
    date_within: int = 0
    per_type: dict[str, dict[str, int | float | None]] = field(default_factory=dict)
    reliability: list[dict[str, float | int]] = field(default_factory=list)
    confusion: dict[str, dict[str, int]] = field(default_factory=dict)
    errors: list[dict[str, Any]] = field(default_factory=list)
    #: for each prediction, in the order given to :func:`score`, whether it matched a gold
    #: event (source, PLOVER type, target): the labels a confidence model is trained on
    matched: list[bool] = field(default_factory=list, repr=False)

    @property
    def counts(self) -> dict[str, int]:
        """The raw counts by name (``gold``, ``pred``, ``tp``, ``tp_notgt``, ...)."""
        return {
            "documents": self.documents,
            "gold": self.gold,
            "pred": self.pred,
            "unknown_pred": self.unknown_pred,
            "tp": self.tp,
            "fp": self.pred - self.tp,
            "fn": self.gold - self.tp,
            "tp_notgt": self.tp_notgt,
            "tp_cameo": self.tp_cameo,
            "pairs": self.pairs,
            "pairs_same": self.pairs_same,
            "dated": self.dated,
            "date_right": self.date_right,
            "date_within": self.date_within,
        }

    @property
    def precision(self) -> float:
        """Share of predictions that match a gold event (source, PLOVER type, target)."""
        return _ratio(self.tp, self.pred)

    @property
    def recall(self) -> float:
        """Share of gold events matched by a prediction (source, PLOVER type, target)."""
        return _ratio(self.tp, self.gold)

    @property
    def f1(self) -> float:
        """Harmonic mean of :attr:`precision` and :attr:`recall`: the headline figure."""
        return _f1(self.precision, self.recall)

    @property
    def f1_notgt(self) -> float:
        """F1 when only the source and the PLOVER type have to match."""
        return _f1(_ratio(self.tp_notgt, self.pred), _ratio(self.tp_notgt, self.gold))

    @property
    def cameo_precision(self) -> float:
        """Precision on (source, CAMEO root, target)."""
        return _ratio(self.tp_cameo, self.pred)

    @property
    def cameo_recall(self) -> float:
        """Recall on (source, CAMEO root, target)."""
        return _ratio(self.tp_cameo, self.gold)

    @property
    def cameo_f1(self) -> float:
        """F1 on (source, CAMEO root, target)."""
        return _f1(self.cameo_precision, self.cameo_recall)

    @property
    def date_accuracy(self) -> float:
        """Share of matched, dated gold events whose prediction carries the gold event date."""
        return _ratio(self.date_right, self.dated)

    @property
    def date_within_accuracy(self) -> float:
        """Share of matched, dated gold events whose predicted period lies within the gold one."""
        return _ratio(self.date_within, self.dated)

    @property
    def type_accuracy(self) -> float:
        """Share of actor pairs (matched regardless of type) whose PLOVER types agree."""
        return _ratio(self.pairs_same, self.pairs)

    def to_json(self) -> dict[str, Any]:
        """Return the result as a JSON-serialisable dict (``newsgraph eval --json``)."""
        return {
            "counts": self.counts,
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
            "f1_notgt": self.f1_notgt,
            "cameo_precision": self.cameo_precision,
            "cameo_recall": self.cameo_recall,
            "cameo_f1": self.cameo_f1,
            "type_accuracy": self.type_accuracy,
            "date_accuracy": self.date_accuracy,
            "date_within_accuracy": self.date_within_accuracy,
            "reliability": [dict(row) for row in self.reliability],
            "per_type": {t: dict(row) for t, row in self.per_type.items()},
            "confusion": {t: dict(row) for t, row in self.confusion.items()},
            "errors": [dict(e) for e in self.errors],
        }


class _JsonRecord(Protocol):
    """What an extracted event must offer: its JSONL record."""

    def to_json(self) -> dict[str, Any]: ...


class ArticleExtractor(Protocol):
    """What :func:`evaluate_file` needs of an extractor (``graph.extract.Extractor`` has it)."""

    def extract_articles(
        self, articles: Iterable[Article]
    ) -> Iterable[tuple[Article, Sequence[_JsonRecord]]]: ...


# --------------------------------------------------------------------------------------------
# Normalisation


def normalise_identifier(value: object) -> str | None:
    """Return the comparable form of an actor identifier, or None when nothing is left.

    Case, accents, surrounding and repeated whitespace and dots do not count; a typographic
    apostrophe is a straight one; a Wikidata address becomes its QID.

    >>> normalise_identifier("  Côte d’Ivoire ")
    "cote d'ivoire"
    >>> normalise_identifier("U.S.")
    'us'
    >>> normalise_identifier("http://www.wikidata.org/entity/Q458")
    'q458'
    >>> normalise_identifier(" ") is None
    True
    """
    if value is None or isinstance(value, bool):
        return None
    text = value if isinstance(value, str) else str(value)
    decomposed = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).strip().lower()
    address = _WIKIDATA_ADDRESS.fullmatch(text)
    if address is not None:
        text = address.group(1)
    text = text.replace("\u2019", "'").replace(".", "")
    text = " ".join(text.split())
    return text or None


def _flatten(value: object) -> list[str]:
    """The strings in an identifier value: a string, a number, or (nested) lists of them."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, int | float) and not isinstance(value, bool):
        return [str(value)]
    if isinstance(value, list | tuple):
        return [s for item in value for s in _flatten(item)]
    return []


def _identifier_set(values: Iterable[str]) -> frozenset[str] | None:
    """Normalised, non-empty identifiers as a set; None when there are none.

    An old country code (``ROMGOV``, ``ZAR``; ontology/legacy-codes.tsv) also counts as the
    current one.
    """
    legacy = LegacyCodes.load()
    raw = list(values)
    raw += [legacy.actor_code(v) for v in raw]
    found = frozenset(n for n in map(normalise_identifier, raw) if n is not None)
    return found or None


def _gold_actor(value: object) -> frozenset[str] | None:
    """A gold identifier list (None for a null target) -> its identifier set."""
    if value is None:
        return None
    return _identifier_set(_flatten(value))


def _predicted_actor(actor: object) -> frozenset[str] | None:
    """A predicted actor object (or a bare name / list of names) -> its identifier set."""
    if actor is None:
        return None
    if not isinstance(actor, Mapping):
        return _identifier_set(_flatten(actor))
    values = [s for key in _ACTOR_KEYS for s in _flatten(actor.get(key))]
    # a CAMEO actor code also names its country or IGO prefix: SRBGOV counts as SRB
    values += [code[:3] for code in _flatten(actor.get("cameo"))
               if len(code) > 3 and not code.startswith("---")]
    return _identifier_set(values)


def _plover(value: object) -> str | None:
    """A PLOVER type in upper case (an early draft's name replaced), or None when blank."""
    if not isinstance(value, str) or not value.strip():
        return None
    return LegacyCodes.load().plover(value)


def _cameo_root(value: object) -> str | None:
    """The two-digit CAMEO root of a code: '0231' -> '02', '190' -> '19', 4 -> '04', 42 -> '04'.

    An integer code has lost its leading zero when its first two digits are no CAMEO root.
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, str):
        value = LegacyCodes.load().cameo_code(value)
    digits = _LEADING_DIGITS.match(str(value).strip())
    if digits is None:
        return None
    code = digits.group(0).zfill(2)
    root = code[:2]
    if isinstance(value, int) and int(root) > _LAST_CAMEO_ROOT:
        root = ("0" + code)[:2]
    return root


def _actors_agree(gold: frozenset[str] | None, pred: frozenset[str] | None) -> bool:
    """Two identifier sets share an identifier, or both actors are absent."""
    if gold is None or pred is None:
        return gold is None and pred is None
    return not gold.isdisjoint(pred)


# --------------------------------------------------------------------------------------------
# Reading


def read_gold(path: str | Path) -> list[GoldItem]:
    """Read a gold JSONL file; raise :class:`~graph.errors.InputError` naming ``file:line``.

    Blank lines are skipped. Each item needs a unique ``id`` (string or integer), a non-empty
    ``text``, an optional ``date`` and a list of ``events``, each with a non-empty ``source``
    identifier list, a ``target`` list or null, one of the sixteen PLOVER types and optionally a
    ``cameo_root``. Being strict here keeps a typo in a hand-written gold file from turning
    silently into a miss.
    """
    return [item for _, item in _read_gold_lines(Path(path))]


def _read_gold_lines(path: Path) -> list[tuple[int, GoldItem]]:
    """The gold items of ``path`` with their line numbers."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(
            str(path), "gold file not found; pass the path of a gold JSONL file"
        ) from None
    except UnicodeDecodeError as exc:
        raise InputError(str(path), f"gold file is not UTF-8 text ({exc.reason})") from None
    except OSError as exc:
        raise InputError(str(path), f"gold file cannot be read ({exc.strerror})") from None
    items: list[tuple[int, GoldItem]] = []
    first_line: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        origin = f"{path}:{number}"
        item = _gold_item(line, origin)
        if item.id in first_line:
            raise InputError(
                origin,
                f"duplicate gold id {item.id!r} (first on line {first_line[item.id]}); "
                "give every item its own id",
            )
        first_line[item.id] = number
        items.append((number, item))
    if not items:
        raise InputError(str(path), "gold file holds no items; expected one JSON object a line")
    return items


def _gold_item(line: str, origin: str) -> GoldItem:
    """Parse and check one gold line."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(origin, f"not valid JSON ({exc.msg} at column {exc.colno})") from None
    if not isinstance(record, dict):
        raise InputError(origin, f"expected a JSON object, got a {type(record).__name__}")
    raw_id = record.get("id")
    if isinstance(raw_id, bool) or not isinstance(raw_id, str | int) or str(raw_id) == "":
        raise InputError(origin, f'"id" must be a non-empty string or an integer, got {raw_id!r}')
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise InputError(origin, '"text" must be a non-empty string (the text to extract from)')
    date = record.get("date")
    if date is not None and not isinstance(date, str):
        raise InputError(origin, f'"date" must be an ISO 8601 string or null, got {date!r}')
    events = record.get("events", [])
    if not isinstance(events, list):
        raise InputError(origin, f'"events" must be a list of event objects, got {events!r:.60}')
    for index, event in enumerate(events, 1):
        _check_gold_event(event, f"{origin}: event {index}")
    return GoldItem(id=str(raw_id), text=text, date=date, events=tuple(events))


def _check_gold_event(event: object, where: str) -> None:
    """Raise InputError when a gold event object cannot be scored as written."""
    source, _, message = where.partition(": ")
    if not isinstance(event, dict):
        raise InputError(source, f"{message}: expected an object, got {event!r:.60}")
    if _gold_actor(event.get("source")) is None:
        raise InputError(
            source, f'{message}: "source" must be a non-empty list of actor identifiers'
        )
    target = event.get("target")
    if target is not None and _gold_actor(target) is None:
        raise InputError(
            source, f'{message}: "target" must be a non-empty identifier list or null'
        )
    plover = _plover(event.get("plover"))
    if plover not in PLOVER_TYPES:
        raise InputError(
            source,
            f'{message}: "plover" is {event.get("plover")!r}; expected one of '
            + ", ".join(sorted(PLOVER_TYPES)),
        )
    root = event.get("cameo_root")
    if root is not None and _cameo_root(root) is None:
        raise InputError(
            source, f'{message}: "cameo_root" is {root!r}; expected a CAMEO code such as "04"'
        )


def read_predictions(path: str | Path) -> list[dict[str, Any]]:
    """Read predicted events: JSONL (one record a line) or one JSON array of records.

    Raises :class:`~graph.errors.InputError` naming ``file:line`` for a line that is not a JSON
    object.
    """
    source = Path(path)
    try:
        text = source.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(str(source), "prediction file not found") from None
    except (UnicodeDecodeError, OSError) as exc:
        raise InputError(str(source), f"prediction file cannot be read ({exc})") from None
    if text.lstrip().startswith("["):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError(
                f"{source}:{exc.lineno}", f"not a valid JSON array ({exc.msg})"
            ) from None
        records = list(data)
        for index, record in enumerate(records, 1):
            if not isinstance(record, dict):
                raise InputError(str(source), f"array item {index} is not a JSON object")
        return records
    records = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{source}:{number}", f"not valid JSON ({exc.msg})") from None
        if not isinstance(record, dict):
            raise InputError(f"{source}:{number}", "expected one JSON object a line")
        records.append(record)
    return records


# --------------------------------------------------------------------------------------------
# Scoring


@dataclass(frozen=True)
class _Scored:
    """An event reduced to what matching compares, with the record it came from."""

    source: frozenset[str] | None
    target: frozenset[str] | None
    plover: str | None
    root: str | None
    raw: Mapping[str, Any]


_Matcher = Callable[[_Scored, _Scored], bool]


def _gold_event(event: Mapping[str, Any]) -> _Scored:
    return _Scored(
        source=_gold_actor(event.get("source")),
        target=_gold_actor(event.get("target")),
        plover=_plover(event.get("plover")),
        root=_cameo_root(event.get("cameo_root")),
        raw=event,
    )


def _predicted_event(record: Mapping[str, Any]) -> _Scored:
    action = record.get("action")
    if not isinstance(action, Mapping):
        action = {}
    # an action without a "plover" key may carry the type on the record itself
    plover = action["plover"] if "plover" in action else record.get("plover")
    code = next(
        (action[k] for k in ("cameo", "cameo_root", "cameo_code") if action.get(k) is not None),
        None,
    )
    return _Scored(
        source=_predicted_actor(record.get("source")),
        target=_predicted_actor(record.get("target")),
        plover=_plover(plover),
        root=_cameo_root(code),
        raw=record,
    )


def _same_event(gold: _Scored, pred: _Scored) -> bool:
    return (gold.plover is not None and gold.plover == pred.plover
            and _actors_agree(gold.source, pred.source)
            and _actors_agree(gold.target, pred.target))


def _same_source_and_type(gold: _Scored, pred: _Scored) -> bool:
    return (gold.plover is not None and gold.plover == pred.plover
            and _actors_agree(gold.source, pred.source))


def _same_actors(gold: _Scored, pred: _Scored) -> bool:
    return _actors_agree(gold.source, pred.source) and _actors_agree(gold.target, pred.target)


def _same_cameo_root(gold: _Scored, pred: _Scored) -> bool:
    return (gold.root is not None and gold.root == pred.root
            and _actors_agree(gold.source, pred.source)
            and _actors_agree(gold.target, pred.target))


def _pair_up(
    golds: Sequence[_Scored],
    preds: Sequence[_Scored],
    accepts: _Matcher,
    used_gold: set[int] | None = None,
    used_pred: set[int] | None = None,
) -> dict[int, int]:
    """Greedy one-to-one matching: gold index -> prediction index.

    Gold events in order each take the first prediction, in order, that ``accepts`` and that no
    earlier gold event took. ``used_gold``/``used_pred`` carry taken indices between passes.
    """
    taken_gold = set() if used_gold is None else used_gold
    taken_pred = set() if used_pred is None else used_pred
    pairs: dict[int, int] = {}
    for gi, gold in enumerate(golds):
        if gi in taken_gold:
            continue
        pi = next(
            (j for j, pred in enumerate(preds) if j not in taken_pred and accepts(gold, pred)),
            None,
        )
        if pi is not None:
            taken_gold.add(gi)
            taken_pred.add(pi)
            pairs[gi] = pi
    return pairs


def _type_key(plover: str | None) -> str:
    return plover if plover is not None else UNTYPED


def score(gold: Sequence[GoldItem], predictions: Iterable[Mapping[str, Any]]) -> EvalResult:
    """Match predicted event records against the gold items and compute every figure.

    ``predictions`` are JSONL event records (dicts with ``doc_id``, ``source``, ``target``,
    ``action``...); one that is not a dict, or whose ``doc_id`` is not a gold id, is a false
    positive.

    >>> item = GoldItem("d1", "Chile recalled its envoy.", None,
    ...                 ({"source": ["CHL"], "target": None, "plover": "REJECT"},))
    >>> pred = {"doc_id": "d1", "source": {"label": "Chile", "cameo": "CHLGOV"},
    ...         "target": None, "action": {"plover": "REJECT", "cameo": "161"}}
    >>> result = score([item], [pred, pred])
    >>> (result.tp, result.pred - result.tp, round(result.f1, 3))
    (1, 1, 0.667)
    """
    by_id: dict[str, GoldItem] = {}
    for item in gold:
        if item.id in by_id:
            raise ValueError(f"duplicate gold id {item.id!r}: every gold item needs its own id")
        by_id[item.id] = item
    grouped: dict[str | None, list[Any]] = defaultdict(list)
    order: dict[str | None, list[int]] = defaultdict(list)
    count = 0
    for count, record in enumerate(predictions, start=1):
        doc_id = record.get("doc_id") if isinstance(record, Mapping) else None
        key = None if doc_id is None else str(doc_id)
        grouped[key].append(record)
        order[key].append(count - 1)
    matched = [False] * count

    totals: Counter[str] = Counter()
    per_type: dict[str, Counter[str]] = defaultdict(Counter)
    confusion: dict[str, Counter[str]] = defaultdict(Counter)
    errors: list[dict[str, Any]] = []
    confidences: list[tuple[float | None, bool]] = []
    for doc_id, item in by_id.items():
        golds = [_gold_event(e) for e in item.events]
        preds = [_predicted_event(r) for r in grouped.get(doc_id, [])]
        full = _pair_up(golds, preds, _same_event)
        totals["tp"] += len(full)
        totals["tp_notgt"] += len(_pair_up(golds, preds, _same_source_and_type))
        totals["tp_cameo"] += len(_pair_up(golds, preds, _same_cameo_root))
        # actor pairs: same-type pairs first, then pairs of any type among what is left
        used_gold: set[int] = set()
        used_pred: set[int] = set()
        typed = _pair_up(golds, preds, _same_event, used_gold, used_pred)
        untyped = _pair_up(golds, preds, _same_actors, used_gold, used_pred)
        totals["pairs_same"] += len(typed)
        totals["pairs"] += len(typed) + len(untyped)
        paired = typed | untyped
        for gi, event in enumerate(golds):
            kind = _type_key(event.plover)
            per_type[kind]["gold"] += 1
            per_type[kind]["tp"] += gi in full
            pi = paired.get(gi)
            confusion[kind][NO_PREDICTION if pi is None else _type_key(preds[pi].plover)] += 1
        for pred in preds:
            per_type[_type_key(pred.plover)]["pred"] += 1
        matched_preds = set(full.values())
        for pi in matched_preds:
            matched[order[doc_id][pi]] = True
        for gi, pi in full.items():
            gold_date = golds[gi].raw.get("event_date")
            if gold_date:
                totals["dated"] += 1
                predicted = preds[pi].raw.get("date")
                totals["date_right"] += predicted == str(gold_date)
                totals["date_within"] += _date_within(predicted, str(gold_date))
        confidences += [(_confidence_of(pred.raw), pi in matched_preds)
                        for pi, pred in enumerate(preds)]
        errors += [
            {"doc_id": doc_id, "kind": "FN", "sentence": item.text, "event": dict(event.raw)}
            for gi, event in enumerate(golds) if gi not in full
        ]
        errors += [
            {"doc_id": doc_id, "kind": "FP", "sentence": _sentence(pred.raw, item.text),
             "event": dict(pred.raw)}
            for pi, pred in enumerate(preds) if pi not in matched_preds
        ]
    unknown = 0
    for doc_id, records in grouped.items():
        if doc_id in by_id:
            continue
        unknown += len(records)
        errors += [
            {"doc_id": doc_id, "kind": "FP",
             "sentence": _sentence(r, None) if isinstance(r, Mapping) else None,
             "event": dict(r) if isinstance(r, Mapping) else r}
            for r in records
        ]

    return EvalResult(
        documents=len(by_id),
        gold=sum(len(item.events) for item in by_id.values()),
        pred=sum(len(records) for records in grouped.values()),
        unknown_pred=unknown,
        tp=totals["tp"],
        tp_notgt=totals["tp_notgt"],
        tp_cameo=totals["tp_cameo"],
        pairs=totals["pairs"],
        pairs_same=totals["pairs_same"],
        dated=totals["dated"],
        date_right=totals["date_right"],
        date_within=totals["date_within"],
        reliability=reliability_table(confidences),
        per_type={kind: _type_row(per_type[kind]) for kind in sorted(per_type)},
        confusion={kind: dict(sorted(confusion[kind].items(), key=_column_order))
                   for kind in sorted(confusion)},
        errors=errors,
        matched=matched,
    )


_ISO_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_ISO_MONTH = re.compile(r"(\d{4})-(\d{2})")
_ISO_WEEK = re.compile(r"(\d{4})-W(\d{2})")
_ISO_YEAR = re.compile(r"(\d{4})")


def date_range(value: object) -> tuple[date, date] | None:
    """The first and last day an ISO 8601 date value covers (day, ISO week, month, year or an
    interval ``a/b``), or None when it is not one.

    >>> date_range("2023-W36")
    (datetime.date(2023, 9, 4), datetime.date(2023, 9, 10))
    >>> date_range("2024-02")[1]
    datetime.date(2024, 2, 29)
    """
    if not isinstance(value, str):
        return None
    text = value.strip()
    try:
        if "/" in text:
            first, _, last = text.partition("/")
            a, b = date_range(first), date_range(last)
            return (a[0], b[1]) if a and b else None
        if m := _ISO_DAY.fullmatch(text):
            d = date(int(m[1]), int(m[2]), int(m[3]))
            return d, d
        if m := _ISO_WEEK.fullmatch(text):
            monday = date.fromisocalendar(int(m[1]), int(m[2]), 1)
            return monday, monday + timedelta(days=6)
        if m := _ISO_MONTH.fullmatch(text):
            y, mo = int(m[1]), int(m[2])
            nxt = date(y + mo // 12, mo % 12 + 1, 1)
            return date(y, mo, 1), nxt - timedelta(days=1)
        if m := _ISO_YEAR.fullmatch(text):
            return date(int(m[1]), 1, 1), date(int(m[1]), 12, 31)
    except ValueError:
        return None
    return None


def _date_within(predicted: object, gold: str) -> bool:
    p, g = date_range(predicted), date_range(gold)
    return p is not None and g is not None and g[0] <= p[0] and p[1] <= g[1]


RELIABILITY_BANDS: tuple[float, ...] = (0.0, 0.3, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0)


def reliability_table(
    scored: Iterable[tuple[float | None, bool]],
    bands: Sequence[float] = RELIABILITY_BANDS,
) -> list[dict[str, float | int]]:
    """Group ``(confidence, is_right)`` pairs into confidence bands: a calibration table.

    A band ``[low, high)`` (the last one closed) gives how many predictions fell in it, how many
    were right, their precision and their mean confidence; a calibrated scorer has precision
    close to the mean confidence in every band. Predictions without a confidence are left out;
    empty bands are kept, with precision 0.

    >>> reliability_table([(0.95, True), (0.92, False), (0.55, True)], (0.5, 0.9, 1.0))[1]
    {'low': 0.9, 'high': 1.0, 'n': 2, 'right': 1, 'precision': 0.5, 'mean_confidence': 0.935}
    """
    rows: list[dict[str, float | int]] = []
    pairs = [(c, ok) for c, ok in scored if c is not None]
    for i, (low, high) in enumerate(zip(bands, bands[1:], strict=False)):
        last = i == len(bands) - 2
        inside = [(c, ok) for c, ok in pairs if low <= c < high or (last and c == high)]
        n = len(inside)
        right = sum(ok for _, ok in inside)
        rows.append({
            "low": low, "high": high, "n": n, "right": right,
            "precision": round(_ratio(right, n), 3),
            "mean_confidence": round(sum(c for c, _ in inside) / n, 3) if n else 0.0,
        })
    return rows


def _confidence_of(record: Mapping[str, Any]) -> float | None:
    value = record.get("confidence")
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _sentence(record: Mapping[str, Any], fallback: str | None) -> str | None:
    """The evidence sentence of a predicted record, else the gold text."""
    sentence = record.get("sentence")
    return sentence if isinstance(sentence, str) and sentence else fallback


def _type_row(counts: Counter[str]) -> dict[str, int | float | None]:
    gold, pred, tp = counts["gold"], counts["pred"], counts["tp"]
    p, r = _ratio(tp, pred), _ratio(tp, gold)
    return {
        "gold": gold,
        "pred": pred,
        "tp": tp,
        "p": p if pred else None,
        "r": r if gold else None,
        "f1": _f1(p, r) if pred and gold else None,
    }


def _column_order(cell: tuple[str, int]) -> tuple[int, str]:
    """Predicted types alphabetically, then the untyped column, then the no-prediction one."""
    name = cell[0]
    return ({UNTYPED: 1, NO_PREDICTION: 2}.get(name, 0), name)


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def _f1(precision: float, recall: float) -> float:
    total = precision + recall
    return 2 * precision * recall / total if total else 0.0


# --------------------------------------------------------------------------------------------
# Running the extractor


def evaluate_file(
    gold_path: str | Path,
    extractor: ArticleExtractor,
    *,
    pred_out: str | Path | None = None,
    progress: Callable[[int, int], object] | None = None,
) -> EvalResult:
    """Extract events from the texts of a gold file and score them against its events.

    Each gold item becomes an :class:`~graph.model.Article` (``id``, ``text``, ``date`` as
    ``published``, ``origin`` ``path:line``) fed through ``extractor.extract_articles``.
    ``pred_out``, when given, receives the predicted records as JSONL (the format
    ``newsgraph extract --format jsonl`` writes), so they can be inspected or re-scored.
    ``progress(done, total)`` is called after each article.
    """
    lines = _read_gold_lines(Path(gold_path))
    total = len(lines)

    def articles() -> Iterator[Article]:
        for number, item in lines:
            yield Article(id=item.id, text=item.text, published=item.date,
                          origin=f"{gold_path}:{number}")

    records: list[dict[str, Any]] = []
    done = 0
    for _, events in extractor.extract_articles(articles()):
        records += [event.to_json() for event in events]
        done += 1
        if progress is not None:
            progress(done, total)
    if pred_out is not None:
        with Path(pred_out).open("w", encoding="utf-8") as out:
            for record in records:
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
    result = score([item for _, item in lines], records)
    log.info("scored %d predicted events against %d gold events of %s: F1 %.3f",
             result.pred, result.gold, gold_path, result.f1)
    return result


# --------------------------------------------------------------------------------------------
# Report


def format_result(result: EvalResult, *, errors: bool = False) -> str:
    """Render a result as a plain-text report whose last line is ``F1 <value, 3 decimals>``.

    With ``errors=True`` the report also lists, per document, the gold events missed (FN) and
    the predictions that match no gold event (FP), with their sentence.
    """
    r = result
    lines = [
        f"documents {r.documents}  gold events {r.gold}  predicted events {r.pred}  "
        f"(for unknown doc ids: {r.unknown_pred})",
        "",
        f"(source, plover, target)      TP {r.tp}  FP {r.pred - r.tp}  FN {r.gold - r.tp}  "
        f"P {r.precision:.3f}  R {r.recall:.3f}  F1 {r.f1:.3f}",
        f"(source, plover)              TP {r.tp_notgt}  F1 {r.f1_notgt:.3f}  [target ignored]",
        f"(source, cameo root, target)  TP {r.tp_cameo}  P {r.cameo_precision:.3f}  "
        f"R {r.cameo_recall:.3f}  F1 {r.cameo_f1:.3f}",
        f"PLOVER-type accuracy over matched actor pairs: {r.type_accuracy:.3f}  "
        f"({r.pairs_same}/{r.pairs} pairs)",
        f"event dates right over matched, dated gold events: {r.date_accuracy:.3f}  "
        f"({r.date_right}/{r.dated}); within the gold period: {r.date_within_accuracy:.3f}",
        "",
        "per PLOVER type (gold events by gold type, predictions by predicted type)",
        f"  {'type':<10} {'gold':>5} {'pred':>5} {'tp':>5} {'P':>6} {'R':>6} {'F1':>6}",
    ]
    for kind, row in r.per_type.items():
        lines.append(
            f"  {kind:<10} {row['gold']:>5} {row['pred']:>5} {row['tp']:>5} "
            f"{_cell(row['p']):>6} {_cell(row['r']):>6} {_cell(row['f1']):>6}"
        )
    lines += ["", *_confusion_lines(r.confusion)]
    if any(row["n"] for row in r.reliability):
        lines += ["", "reliability (predictions by confidence band)",
                  f"  {'band':<11} {'n':>5} {'right':>6} {'P':>6} {'mean conf':>10}"]
        lines += [
            f"  {row['low']:.1f}-{row['high']:.1f}    {row['n']:>5} {row['right']:>6} "
            f"{row['precision']:>6.3f} {row['mean_confidence']:>10.3f}"
            for row in r.reliability if row["n"]
        ]
    if errors and r.errors:
        lines += ["", *_error_lines(r.errors)]
    lines += ["", f"F1 {r.f1:.3f}"]
    return "\n".join(lines)


def _cell(value: int | float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def _confusion_lines(confusion: Mapping[str, Mapping[str, int]]) -> list[str]:
    """The confusion matrix as aligned rows (gold type) and columns (predicted type)."""
    head = (f"PLOVER confusion over actor pairs (rows: gold type, columns: predicted type, "
            f"{NO_PREDICTION}: no prediction with these actors)")
    if not confusion:
        return [head, "  (no gold events)"]
    columns = sorted({c for row in confusion.values() for c in row},
                     key=lambda c: _column_order((c, 0)))
    row_width = max(len(_CORNER), *(len(k) for k in confusion))
    widths = [max(len(c), 3) for c in columns]
    lines = [head, "  " + f"{_CORNER:<{row_width}}"
             + "".join(f" {c:>{w}}" for c, w in zip(columns, widths, strict=True))]
    for kind, row in confusion.items():
        lines.append("  " + f"{kind:<{row_width}}" + "".join(
            f" {row.get(c, 0):>{w}}" for c, w in zip(columns, widths, strict=True)))
    return lines


def _error_lines(errors: Sequence[Mapping[str, Any]]) -> list[str]:
    """Misses and spurious events grouped by document, each document's sentence shown once."""
    lines = ["errors (FN: gold event not found; FP: predicted event not in the gold)"]
    by_doc: dict[str | None, list[Mapping[str, Any]]] = {}
    for error in errors:
        by_doc.setdefault(error["doc_id"], []).append(error)
    for doc_id, doc_errors in by_doc.items():
        lines.append(f"  {doc_id if doc_id is not None else '(no doc_id)'}")
        shown: str | None = None
        for error in doc_errors:
            sentence = error.get("sentence")
            if isinstance(sentence, str) and sentence != shown:
                lines.append(f"    | {_shorten(sentence)}")
                shown = sentence
            lines.append(f"    {error['kind']}  {_describe(error['kind'], error['event'])}")
    return lines


def _describe(kind: str, event: object) -> str:
    """One line for an event: ``source -TYPE-> target  [cameo code]``."""
    if not isinstance(event, Mapping):
        return f"not an event record: {event!r:.80}"
    if kind == "FN":
        source, target = _gold_names(event.get("source")), _gold_names(event.get("target"))
        plover, code = event.get("plover"), event.get("cameo_root")
    else:
        source, target = _actor_name(event.get("source")), _actor_name(event.get("target"))
        raw_action = event.get("action")
        action: Mapping[str, Any] = raw_action if isinstance(raw_action, Mapping) else {}
        plover, code = action.get("plover"), action.get("cameo")
        if isinstance(action.get("text"), str) and action["text"]:
            code = f"{code} {action['text']!r}"
    return f"{source} -{plover or UNTYPED}-> {target}  [cameo {code if code else '-'}]"


def _gold_names(value: object) -> str:
    names = _flatten(value)
    return "/".join(names) if names else "-"


def _actor_name(actor: object) -> str:
    if not isinstance(actor, Mapping):
        return _gold_names(actor)
    label = actor.get("label") or actor.get("id") or "?"
    code = actor.get("cameo") or actor.get("country")
    return f"{label} ({code})" if code else str(label)


def _shorten(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= _SENTENCE_CHARS else flat[: _SENTENCE_CHARS - 1] + "…"
