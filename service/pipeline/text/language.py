"""Language and script of text: ISO 639-1 code, stopword lists, dominant writing system."""

import importlib.util
import re
import unicodedata
from functools import cache
from pathlib import Path

import py3langid

from service.pipeline.vocabulary import table

# jusText (a trafilatura dependency) ships stopword lists named by language; we read the files
# directly because importing the package itself pulls in an optional lxml extra.
_STOPLIST_NAMES = table("stoplist_names")

# Writing systems, as character classes; "latin" covers the Latin-1 and Latin Extended blocks.
SCRIPTS = table("scripts")
_SCRIPT_RES = {name: re.compile(f"[{chars}]") for name, chars in SCRIPTS.items()}
# A letter outside each script: when a line has none, it is written in that script alone.
_OTHER_LETTER = {name: re.compile(rf"[^\W\d_{chars}]") for name, chars in SCRIPTS.items()}
_LETTER = re.compile(r"[^\W\d_]")
_ASCII_LETTER = re.compile(r"[A-Za-z]")
_WORD = re.compile(r"\w+")
# Scripts written without spaces between words: lengths are counted in characters, not words.
UNSPACED_SCRIPTS = {"han", "kana", "thai"}


def folded_words(text: str) -> list[str]:
    """The words of `text`, lower case after NFKC folding (compatibility forms such as ligatures
    and full-width letters read as the plain ones)."""
    return _WORD.findall(unicodedata.normalize("NFKC", text).lower())


def detect_language(text: str, sample: int = 1000) -> str | None:
    """ISO 639-1 code of `text` (its first `sample` characters), or None for too little text."""
    text = text[:sample]
    if len(_LETTER.findall(text)) < 20:
        return None
    return py3langid.classify(text)[0]


def script_of(text: str, likely: str | None = None) -> str | None:
    """The writing system most letters of `text` belong to (None when it has no letters);
    `likely` is tried first, which settles most lines of a page in one pass."""
    if text.isascii():
        return "latin" if _ASCII_LETTER.search(text) else None
    if likely in _SCRIPT_RES and not _OTHER_LETTER[likely].search(text):
        return likely if _SCRIPT_RES[likely].search(text) else None
    if likely in _SCRIPT_RES and len(_SCRIPT_RES[likely].findall(text)) * 2 > len(_LETTER.findall(text)):
        return likely
    best, best_count = None, 0
    for name, pattern in _SCRIPT_RES.items():
        count = len(pattern.findall(text))
        if count > best_count:
            best, best_count = name, count
    return best


@cache
def stopwords(lang: str | None) -> frozenset[str]:
    """Lower-cased stopwords of `lang` (ISO 639-1); empty when no list is known."""
    name = _STOPLIST_NAMES.get(lang or "")
    spec = importlib.util.find_spec("justext")
    if not name or spec is None or not spec.submodule_search_locations:
        return frozenset()
    path = Path(spec.submodule_search_locations[0]) / "stoplists" / f"{name}.txt"
    if not path.exists():
        return frozenset()
    return frozenset(w.strip().lower() for w in path.read_text(encoding="utf-8").split())
