"""Plain records passed between the stages of the flow (frozen dataclasses, no behaviour).

Article -> (spaCy Doc) -> Event(Actor, Action, TimeValue, ...) -> RDF. Every stage is a plain
function over these records; ``Event.to_json()`` is the extractor's JSONL contract
(see DESIGN.md, "The event record").
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "CONFIDENCE_MODES",
    "DEFAULT_CONFIDENCE",
    "DEFAULT_MIN_CONFIDENCE",
    "MODALITIES",
    "PRECISIONS",
    "Action",
    "Actor",
    "Article",
    "Event",
    "IngestReport",
    "TimeValue",
    "stable_hash",
]

#: events under this confidence are left out unless the caller asks for them
#: (``Extractor(min_confidence=0)``, ``--min-confidence 0``): on the gold set most of them are
#: wrong (events with no target, or deep in adverbial and relative clauses; bench/RESULTS.md)
DEFAULT_MIN_CONFIDENCE = 0.5
#: how an event's confidence is computed: ``learned`` (the logistic model of
#: graph/data/confidence.json over the rules' evidence, graph/extract/calibrate.py) or
#: ``rules`` (the clause rules' hand-weighted score)
CONFIDENCE_MODES = ("learned", "rules")
DEFAULT_CONFIDENCE = "rules"

#: Values of ``Event.modality``: only ``asserted`` events count in analysis by default.
MODALITIES = ("asserted", "future", "hypothetical", "negated", "requested")
#: Values of ``TimeValue.precision``.
PRECISIONS = ("day", "week", "month", "year", "interval")


def stable_hash(*parts: object, length: int = 16) -> str:
    """Return a short deterministic hex digest of ``parts`` (used for ids and IRIs).

    >>> stable_hash("a", 1) == stable_hash("a", 1)
    True
    >>> len(stable_hash("x"))
    16
    """
    h = hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8"))
    return h.hexdigest()[:length]


@dataclass(frozen=True)
class Article:
    """One news article as ingested.

    ``published`` is an ISO 8601 date or date-time (with offset when known) or None;
    ``origin`` names where it came from (``path``, ``path:line`` or ``<stdin>``) for messages.
    """

    id: str
    text: str
    title: str | None = None
    source: str | None = None
    url: str | None = None
    published: str | None = None
    lang: str = "en"
    origin: str = ""


@dataclass(frozen=True)
class Actor:
    """An actor: a gazetteer entry (state, government, IGO, ...) or an unknown named entity.

    ``id`` is the gazetteer key (``NATO``, ``SRB``, ``SRBGOV``) or ``x-<slug>`` for actors
    outside the gazetteer. ``cameo`` is the CAMEO actor code (``SRBGOV``, ``IGOWSTNAT``).
    """

    id: str
    label: str
    type: str = "unknown"  # state | government | igo | mission | ngo | organisation | group |
    # person | place | unknown
    country: str | None = None  # ISO 3166-1 alpha-3 (Kosovo XKX)
    sector: str | None = None  # CAMEO sector code: GOV, MIL, COP, REB, OPP, CVL, IGO, ...
    cameo: str | None = None
    wikidata: str | None = None
    aliases: tuple[str, ...] = ()
    in_gazetteer: bool = True

    def to_json(self) -> dict[str, Any]:
        """Return the actor as the JSONL record's ``source``/``target`` object."""
        return {
            "id": self.id,
            "label": self.label,
            "aliases": list(self.aliases),
            "type": self.type,
            "country": self.country,
            "sector": self.sector,
            "cameo": self.cameo,
            "wikidata": self.wikidata,
            "in_gazetteer": self.in_gazetteer,
        }


@dataclass(frozen=True)
class Action:
    """What was done: the predicate text and its codes (CAMEO, PLOVER, QuadClass, Goldstein).

    ``plover`` is None for CAMEO 01x statements (no PLOVER class).
    """

    text: str
    cameo: str
    plover: str | None
    quad_class: int
    goldstein: float
    name: str = ""

    def to_json(self) -> dict[str, Any]:
        """Return the action as the JSONL record's ``action`` object."""
        return {
            "text": self.text,
            "cameo": self.cameo,
            "name": self.name,
            "plover": self.plover,
            "quad_class": self.quad_class,
            "goldstein": self.goldstein,
        }


@dataclass(frozen=True)
class TimeValue:
    """When an event happened, at its precision.

    ``value`` is ISO 8601 at the precision (``2023-05-29``, ``2022-W08``, ``2023-12``, ``2023``
    or an interval ``2024-04-13/2024-04-14``); ``start``/``end`` are the first and last day
    (ISO dates) it covers. ``defaulted`` is True when no time expression was found and the report
    date was used. ``text``/``span`` keep the time expression (character offsets in the article).
    """

    value: str
    precision: str
    start: str
    end: str
    defaulted: bool = False
    text: str | None = None
    span: tuple[int, int] | None = None


@dataclass(frozen=True)
class Event:
    """One extracted event mention: source -action-> target, with its evidence and time."""

    doc_id: str
    source: Actor
    action: Action
    sentence: str
    char_start: int  # offsets of the sentence in the article text (Python str indices)
    char_end: int
    target: Actor | None = None
    time: TimeValue | None = None
    reported: str | None = None  # the article's publication date-time
    place: Actor | None = None
    modality: str = "asserted"
    confidence: float = 0.5
    cluster_id: str | None = None
    evidence: tuple[int, int] | None = None  # span of the predicate in the article
    attributed_to: Actor | None = None  # the speaker when the event is reported speech
    #: what the clause rules saw when they scored the event (name, value): the inputs of the
    #: confidence model (graph/extract/calibrate.py); not part of the record or of equality
    signals: tuple[tuple[str, float], ...] = field(default=(), compare=False, repr=False)

    @property
    def negated(self) -> bool:
        """True when the text says the action did not happen."""
        return self.modality == "negated"

    @property
    def event_id(self) -> str:
        """Deterministic id: hash of the article, span, roles and code."""
        return stable_hash(
            self.doc_id,
            self.char_start,
            self.char_end,
            self.evidence,
            self.source.id,
            self.target.id if self.target else "",
            self.action.cameo,
        )

    def to_json(self) -> dict[str, Any]:
        """Return the event as one JSONL record (DESIGN.md, "The event record")."""
        t = self.time
        return {
            "event_id": self.event_id,
            "doc_id": self.doc_id,
            "cluster_id": self.cluster_id,
            "sentence": self.sentence,
            "char_start": self.char_start,
            "char_end": self.char_end,
            "source": self.source.to_json(),
            "target": self.target.to_json() if self.target else None,
            "action": self.action.to_json(),
            "modality": self.modality,
            "negated": self.negated,
            "confidence": round(self.confidence, 3),
            "date": t.value if t else None,
            "date_precision": t.precision if t else None,
            "date_defaulted": t.defaulted if t else None,
            "date_text": t.text if t else None,
            "date_span": list(t.span) if t and t.span else None,
            "reported": self.reported,
            "place": self.place.to_json() if self.place else None,
            "attributed_to": self.attributed_to.to_json() if self.attributed_to else None,
        }


@dataclass(frozen=True)
class IngestReport:
    """What an ingest did: counts and one error line per input that failed."""

    articles: int = 0
    events: int = 0
    clusters: int = 0
    skipped: int = 0  # articles already stored unchanged
    errors: tuple[str, ...] = field(default_factory=tuple)

    @property
    def ok(self) -> bool:
        """True when no input failed."""
        return not self.errors
