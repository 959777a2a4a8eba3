"""The spaCy stage: model loading errors and batch parsing that keeps article offsets."""

from __future__ import annotations

import pytest
from spacy.language import Language

from graph.errors import ModelError
from graph.extract import Extractor
from graph.model import Article
from graph.nlp import load_model, model_version, parse


def test_unknown_model_is_a_clear_error() -> None:
    with pytest.raises(ModelError, match="no-such-pipeline"):
        load_model("no-such-pipeline")


def test_parse_keeps_order_and_text(nlp: Language) -> None:
    arts = [Article(id=str(i), text=f"NATO met Serbia on day {i}.") for i in range(5)]
    out = list(parse(nlp, arts, batch_size=2))
    assert [a.id for _, a in out] == ["0", "1", "2", "3", "4"]
    assert all(len(doc.text) == len(art.text) for doc, art in out)
    assert model_version(nlp).startswith("en_core_web_sm")


def test_parenthesised_acronyms_are_blanked_offsets_kept() -> None:
    from graph.nlp import blank_acronyms

    text = "The World Food Programme (WFP) said the Azadliq (Freedom) bloc and FDD (Burundi) met."
    out = blank_acronyms(text)
    assert len(out) == len(text)
    assert "(WFP)" not in out and "Programme       said" in out
    assert "(Freedom)" in out and "(Burundi)" in out  # glosses and names stay


def test_blanked_acronyms_are_kept_by_offset() -> None:
    from graph.nlp import acronyms_at

    text = "The National Liberation Army (ELN) said so."
    assert acronyms_at(text) == {text.index(" (ELN)"): "ELN"}


def test_a_wire_dateline_is_blanked_with_offsets_kept() -> None:
    from graph.nlp import blank_dateline
    text = "SUVA, June 9 (Reef Wire) - Fiji closed its ports."
    out = blank_dateline(text)
    assert len(out) == len(text) and out.lstrip() == "Fiji closed its ports."
    # prose that only looks like one stays
    prose = "Serbia, Kosovo (and others) - talks resumed."
    assert blank_dateline(prose) == prose


def test_the_city_of_a_dateline_is_not_the_subject(extractor: Extractor) -> None:
    events = extractor.extract_text(
        "NAIROBI, May 4 (Rift Wire) - Gunmen killed five villagers in Marsabit on Sunday.",
        published="2025-05-04")
    assert events and all(e.source is not None and e.source.id != "KENGOV" for e in events)
