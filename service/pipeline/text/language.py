"""Language and script of text: ISO 639-1 code, stopword lists, dominant writing system."""

import importlib.util
import re
import unicodedata
from collections.abc import Mapping
from functools import cache
from pathlib import Path

import numpy as np
import py3langid

from service.pipeline.vocabulary import table

# jusText (a trafilatura dependency) ships stopword lists named by language; we read the files
# directly because importing the package itself pulls in an optional lxml extra.
_STOPLIST_NAMES = table("stoplist_names")

# Writing systems, as character classes; "latin" covers the Latin-1 and Latin Extended blocks.
SCRIPTS = table("scripts")
# The character classes `scripts_of` reads (counted by text.charclasses): letters, ASCII letters, other
# characters, and for each writing system its characters and the letters outside it.
SCRIPT_CLASSES = {
    "letter": r"[^\W\d_]",
    "ascii_letter": "[A-Za-z]",
    "not_ascii": r"[^\x00-\x7f]",
    **{f"in_{name}": f"[{chars}]" for name, chars in SCRIPTS.items()},
    **{f"outside_{name}": rf"[^\W\d_{chars}]" for name, chars in SCRIPTS.items()},
}
_LETTER = re.compile(SCRIPT_CLASSES["letter"])
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


def scripts_of(counts: np.ndarray, column: Mapping[str, int], likely: str | None = None) -> list[str | None]:
    """The writing system most letters of each text belong to (None when it has no letters), from
    its counts of SCRIPT_CLASSES (`column` names their columns). With a `likely` script, a text is in
    it when it has no letter outside it, or when more than half its letters are in it."""

    def of(name: str) -> np.ndarray:
        return counts[:, column[name]]

    inside = np.column_stack([of(f"in_{name}") for name in SCRIPTS])
    chosen = np.where(inside.max(axis=1, initial=0) > 0, inside.argmax(axis=1), -1)  # ties: the first script
    names = list(SCRIPTS)
    if likely is not None and likely in SCRIPTS:
        k, own = names.index(likely), of(f"in_{likely}")
        alone = np.where(own > 0, k, -1)
        chosen = np.where(of(f"outside_{likely}") == 0, alone, np.where(2 * own > of("letter"), k, chosen))
    latin = np.where(of("ascii_letter") > 0, names.index("latin"), -1)
    chosen = np.where(of("not_ascii") == 0, latin, chosen)
    return [names[i] if i >= 0 else None for i in chosen.tolist()]


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
