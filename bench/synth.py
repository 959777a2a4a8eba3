"""Synthetic articles and events for the store-side benchmarks (no spaCy needed).

Builds graph.model Article/Event objects with varied actors, actions and dates, deterministic
for a given seed, so that ingest, query, export and timeline timings can be measured at
10k-200k events without parsing text.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, timedelta

from graph.model import Action, Actor, Article, Event, TimeValue

__all__ = ["synthetic_articles"]

_ACTIONS = [
    Action("called on", "0256", "REQUEST", 1, 3.0),
    Action("condemned", "111", "ACCUSE", 2, -2.0),
    Action("met", "040", "CONSULT", 1, 1.0),
    Action("protested", "141", "PROTEST", 3, -6.5),
    Action("attacked", "190", "ASSAULT", 4, -10.0),
    Action("agreed with", "057", "AGREE", 1, 8.0),
]


def _actors(n: int) -> list[Actor]:
    return [Actor(f"SYN{i:04d}", f"Synthetic Actor {i}", type="government",
                  country=f"S{i % 50:02d}", in_gazetteer=False) for i in range(n)]


def synthetic_articles(n_events: int, *, per_article: int = 10, n_actors: int = 400,
                       seed: int = 1) -> Iterator[tuple[Article, list[Event]]]:
    """Yield ``(article, events)`` pairs holding ``n_events`` events in all."""
    rng = random.Random(seed)
    actors = _actors(n_actors)
    day0 = date(2020, 1, 1)
    made = 0
    k = 0
    while made < n_events:
        n = min(per_article, n_events - made)
        when = day0 + timedelta(days=rng.randrange(1500))
        doc = f"syn-{k:06d}"
        sentences: list[str] = []
        events: list[Event] = []
        pos = 0
        for j in range(n):
            src, tgt = rng.sample(actors, 2)
            act = rng.choice(_ACTIONS)
            text = f"{src.label} {act.text} {tgt.label} in case {k}-{j}."
            d = (when - timedelta(days=rng.randrange(3))).isoformat()
            events.append(Event(
                doc_id=doc, source=src, action=act, target=tgt, sentence=text,
                char_start=pos, char_end=pos + len(text),
                time=TimeValue(d, "day", d, d), reported=f"{when.isoformat()}T12:00:00+00:00",
                confidence=0.7, cluster_id=f"{doc}-{j}",
            ))
            sentences.append(text)
            pos += len(text) + 1
        yield (Article(id=doc, text=" ".join(sentences), title=f"Synthetic {k}",
                       source="Synthetic Wire", url=f"https://example.org/{doc}",
                       published=f"{when.isoformat()}T12:00:00+00:00"), events)
        made += n
        k += 1
