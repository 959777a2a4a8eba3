"""Hand-built records for the reader tests (analysis, timeline, export): one builder for all."""

from __future__ import annotations

from graph.model import Action, Actor, Event, TimeValue


def day(value: str) -> TimeValue:
    """A day-precision event time."""
    return TimeValue(value=value, precision="day", start=value, end=value)


def make_event(
    doc: str,
    source: Actor,
    action: Action,
    target: Actor | None,
    when: TimeValue,
    *,
    sentence: str | None = None,
    cluster: str | None = None,
    modality: str = "asserted",
    start: int = 0,
) -> Event:
    """An event mention; the sentence defaults to "<source> <action> <target>."."""
    if sentence is None:
        sentence = f"{source.label} {action.text} {target.label if target else ''}."
    return Event(
        doc_id=doc,
        source=source,
        action=action,
        target=target,
        sentence=sentence,
        char_start=start,
        char_end=start + len(sentence),
        time=when,
        reported=f"{when.start}T12:00:00+00:00",
        modality=modality,
        cluster_id=cluster,
    )
