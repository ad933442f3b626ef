"""Word forms: accent folding, tokens and English Snowball stems, the same at ingest and query time.

The local Elasticsearch node has no stemmer or folding filter, so stems are computed here and
indexed into dedicated fields; a query is stemmed by the same function.
"""

import re
import unicodedata
from functools import lru_cache

import Stemmer
from spacy.lang.en.stop_words import STOP_WORDS  # re-exported for statements

_WORD = re.compile(r"\w+(?:['’]\w+)*")
_stemmer = Stemmer.Stemmer("english")


def fold(text: str) -> str:
    """Lower case without accents: "Café Über" -> "cafe uber"."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower().replace("’", "'")


def tokens(text: str) -> list[str]:
    """Folded word tokens; possessives and contractions stay one token."""
    return list(_tokens(text))


@lru_cache(maxsize=64)
def _tokens(text: str) -> tuple[str, ...]:
    """Cached: relating an article tokenises its body for the copy signature and the story terms."""
    return tuple(_WORD.findall(fold(text)))


@lru_cache(maxsize=65536)
def stem(token: str) -> str:
    return _stemmer.stemWord(token)


def stems(text: str) -> list[str]:
    """The stem of every token, in order."""
    return [stem(t) for t in tokens(text)]


def stem_text(text: str | None) -> str:
    """Text for a stems field: its stems joined by spaces."""
    return " ".join(stems(text or ""))


def stem_words(query: str) -> str:
    """`query` with every word replaced by its stem, other characters (operators) kept."""
    return _WORD.sub(lambda m: stem(m.group()), fold(query))


def content_stems(text: str) -> list[str]:
    """Stems of the words that carry content: no stop words, numbers or single letters."""
    return [stem(t) for t in tokens(text) if len(t) > 1 and not t.isdigit() and t not in STOP_WORDS]
