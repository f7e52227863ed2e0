"""The spaCy pipeline: the pretrained English model plus our own components (``ag_*``)."""

from .pipeline import load_nlp, sentences_of

__all__ = ["load_nlp", "sentences_of"]
