"""The spaCy pipeline: the pretrained English model plus our own components (``ag_*``)."""

from .pipeline import PiecedDoc, load_nlp, parse_texts, pieces, sentences_of

__all__ = ["PiecedDoc", "load_nlp", "parse_texts", "pieces", "sentences_of"]
