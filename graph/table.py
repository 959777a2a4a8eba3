"""The events table: the one tabular view of events that the readers share.

``kg.events()`` reads it from the store with SPARQL; :func:`events_frame` builds the same table
from extracted :class:`~graph.model.Event` records without a store. analysis, timeline and
export take this table, so they work the same on both.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pandas as pd

from graph.model import Actor, Article, Event

__all__ = [
    "ACTOR_FIELDS",
    "EVENT_COLUMNS",
    "FORMULA_STARTS",
    "events_frame",
    "spreadsheet_cell",
    "spreadsheet_safe",
]

#: First characters that make a spreadsheet read a cell as a formula (OWASP's CSV injection
#: list: = + - @, tab and carriage return; also a full-width = or + that some apps accept).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b")

#: Per-actor columns, prefixed ``source_`` / ``target_`` in the table.
ACTOR_FIELDS = ("id", "label", "type", "country", "sector", "cameo", "wikidata")

#: Columns of the events table, in order. Dates are ISO strings (``date`` = first day,
#: ``date_end`` = last day of the event time); missing values are None.
EVENT_COLUMNS: tuple[str, ...] = (
    "event_id",
    "doc_id",
    "cluster_id",
    "date",
    "date_end",
    "date_precision",
    *(f"source_{f}" for f in ACTOR_FIELDS),
    *(f"target_{f}" for f in ACTOR_FIELDS),
    "cameo",
    "action_name",
    "action_text",
    "plover",
    "quad_class",
    "goldstein",
    "modality",
    "confidence",
    "sentence",
    "char_start",
    "char_end",
    "reported",
    "publisher",
    "title",
    "url",
)


def _actor_cells(prefix: str, actor: Actor | None) -> dict[str, object]:
    return {f"{prefix}_{f}": (getattr(actor, f) if actor else None) for f in ACTOR_FIELDS}


def events_frame(
    events: Iterable[Event], articles: Mapping[str, Article] | None = None
) -> pd.DataFrame:
    """Return the events table (columns :data:`EVENT_COLUMNS`) of ``events``.

    ``articles`` (by id) fills publisher, title and url when given.

    >>> events_frame([]).columns.tolist() == list(EVENT_COLUMNS)
    True
    """
    articles = articles or {}
    rows = []
    for ev in events:
        art = articles.get(ev.doc_id)
        t = ev.time
        rows.append(
            {
                "event_id": ev.event_id,
                "doc_id": ev.doc_id,
                "cluster_id": ev.cluster_id,
                "date": t.start if t else None,
                "date_end": t.end if t else None,
                "date_precision": t.precision if t else None,
                **_actor_cells("source", ev.source),
                **_actor_cells("target", ev.target),
                "cameo": ev.action.cameo,
                "action_name": ev.action.name,
                "action_text": ev.action.text,
                "plover": ev.action.plover,
                "quad_class": ev.action.quad_class,
                "goldstein": ev.action.goldstein,
                "modality": ev.modality,
                "confidence": ev.confidence,
                "sentence": ev.sentence,
                "char_start": ev.char_start,
                "char_end": ev.char_end,
                "reported": ev.reported,
                "publisher": art.source if art else None,
                "title": art.title if art else None,
                "url": art.url if art else None,
            }
        )
    return pd.DataFrame(rows, columns=list(EVENT_COLUMNS))


def spreadsheet_cell(value: object) -> object:
    """Return a text cell a spreadsheet shows as text, never runs: formulas get a leading ``'``.

    An article may say ``=HYPERLINK("http://evil", "click")``; opened from our CSV in a
    spreadsheet, that cell would run. Prefixing an apostrophe is what OWASP advises: the cell
    shows as written. Numbers (a Goldstein of -10.0) are not text and are left alone.
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def spreadsheet_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` with every text cell passed through :func:`spreadsheet_cell`."""
    out = frame.copy()
    for column in out.columns:
        if not pd.api.types.is_numeric_dtype(out[column]):
            out[column] = out[column].map(spreadsheet_cell)
    return out
