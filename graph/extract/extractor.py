"""The extractor: everything extraction needs, loaded once.

:class:`Extractor` loads the spaCy pipeline, the lexicon and the gazetteer once and keeps them;
create one and reuse it (loading takes a few seconds).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator

from spacy.language import Language

from graph.extract.actions import Lexicon
from graph.extract.actors import ActorResolver, Gazetteer
from graph.extract.calibrate import Calibrator
from graph.extract.clauses import extract_events
from graph.ingest import article_id
from graph.model import (
    CONFIDENCE_MODES,
    DEFAULT_CONFIDENCE,
    DEFAULT_MIN_CONFIDENCE,
    MODALITIES,
    Article,
    Event,
    stable_hash,
)
from graph.nlp import load_model, model_version, parse

__all__ = ["CONFIDENCE_MODES", "DEFAULT_CONFIDENCE", "Extractor"]

log = logging.getLogger(__name__)


class Extractor:
    """Everything extraction needs, loaded once: spaCy pipeline, lexicon, gazetteer.

    >>> ex = Extractor()                                   # doctest: +SKIP
    >>> [e.action.plover for e in ex.extract_text("NATO condemned Russia.")]  # doctest: +SKIP
    ['ACCUSE']
    """

    def __init__(
        self,
        nlp: Language | None = None,
        *,
        model: str | None = None,
        lexicon: Lexicon | None = None,
        gazetteer: Gazetteer | None = None,
        min_confidence: float = DEFAULT_MIN_CONFIDENCE,
        confidence: str = DEFAULT_CONFIDENCE,
        calibrator: Calibrator | None = None,
    ) -> None:
        self.nlp = nlp if nlp is not None else load_model(model)
        self.lexicon = lexicon if lexicon is not None else Lexicon.load()
        self.gazetteer = gazetteer if gazetteer is not None else Gazetteer.load()
        self.resolver = ActorResolver(self.gazetteer)
        if not 0.0 <= min_confidence <= 1.0:
            raise ValueError(f"min_confidence must be in [0, 1], got {min_confidence}")
        #: events below this confidence are dropped (0 keeps every event); the default 0.5
        #: leaves out the events the gold-set review found mostly wrong (bench/RESULTS.md)
        self.min_confidence = min_confidence
        if confidence not in CONFIDENCE_MODES:
            raise ValueError(f"unknown confidence mode {confidence!r}; expected one of "
                             f"{', '.join(CONFIDENCE_MODES)}")
        #: the model that turns the rules' evidence into a probability (None: rule scores)
        self.calibrator: Calibrator | None = None
        if confidence == "learned":
            self.calibrator = calibrator if calibrator is not None else Calibrator.load()
        self.confidence = confidence

    @property
    def model_name(self) -> str:
        """The spaCy pipeline's name and version, recorded on each extraction run."""
        return model_version(self.nlp)

    def run_id(self) -> str:
        """A stable id of this extractor's configuration (model + lexicon + gazetteer sizes)."""
        return stable_hash(self.model_name, len(self.lexicon.codes()), len(self.gazetteer.actors),
                           self.confidence)

    def extract_articles(
        self,
        articles: Iterable[Article],
        *,
        include: Iterable[str] = ("asserted",),
        batch_size: int = 16,
        n_process: int = 1,
    ) -> Iterator[tuple[Article, list[Event]]]:
        """Parse and extract a stream of articles; yields ``(article, events)`` in order."""
        keep = tuple(include)
        for m in keep:
            if m not in MODALITIES:
                raise ValueError(f"unknown modality {m!r}; expected one of {', '.join(MODALITIES)}")
        for doc, art in parse(self.nlp, articles, batch_size=batch_size, n_process=n_process):
            events = list(extract_events(doc, art, self.lexicon, self.resolver, include=keep))
            if self.calibrator is not None:
                events = self.calibrator.rescore(events)
            yield art, [e for e in events if e.confidence >= self.min_confidence]

    def extract_text(
        self,
        text: str,
        *,
        published: str | None = None,
        doc_id: str | None = None,
        include: Iterable[str] = ("asserted",),
    ) -> list[Event]:
        """Extract the events of one text (published = the report date, ISO 8601)."""
        art = Article(id=doc_id or article_id(text), text=text, published=published,
                      origin="<text>")
        return next(self.extract_articles([art], include=include))[1]
