"""Language and script of text: ISO 639-1 code, stopword lists, dominant writing system."""

import importlib.util
import re
from functools import cache
from pathlib import Path

import py3langid

# jusText (a trafilatura dependency) ships stopword lists named by language; we read the files
# directly because importing the package itself pulls in an optional lxml extra.
_STOPLIST_NAMES = {
    "af": "Afrikaans",
    "ar": "Arabic",
    "az": "Azerbaijani",
    "be": "Belarusian",
    "bg": "Bulgarian",
    "bn": "Bengali",
    "bs": "Bosnian",
    "ca": "Catalan",
    "cs": "Czech",
    "cy": "Welsh",
    "da": "Danish",
    "de": "German",
    "el": "Greek",
    "en": "English",
    "eo": "Esperanto",
    "es": "Spanish",
    "et": "Estonian",
    "eu": "Basque",
    "fa": "Persian",
    "fi": "Finnish",
    "fr": "French",
    "ga": "Irish",
    "gl": "Galician",
    "he": "Hebrew",
    "hi": "Hindi",
    "hr": "Croatian",
    "hu": "Hungarian",
    "hy": "Armenian",
    "id": "Indonesian",
    "is": "Icelandic",
    "it": "Italian",
    "ka": "Georgian",
    "kk": "Kazakh",
    "ko": "Korean",
    "ku": "Kurdish",
    "ky": "Kyrgyz",
    "la": "Latin",
    "lb": "Luxembourgish",
    "lt": "Lithuanian",
    "lv": "Latvian",
    "mk": "Macedonian",
    "ml": "Malayalam",
    "mr": "Marathi",
    "ms": "Malay",
    "mt": "Maltese",
    "nb": "Norwegian_Bokmal",
    "ne": "Nepali",
    "nl": "Dutch",
    "nn": "Norwegian_Nynorsk",
    "no": "Norwegian_Bokmal",
    "pl": "Polish",
    "pt": "Portuguese",
    "ro": "Romanian",
    "ru": "Russian",
    "sk": "Slovak",
    "sl": "Slovenian",
    "sq": "Albanian",
    "sr": "Serbian",
    "sv": "Swedish",
    "sw": "Swahili",
    "ta": "Tamil",
    "te": "Telugu",
    "tl": "Tagalog",
    "tr": "Turkish",
    "uk": "Ukrainian",
    "ur": "Urdu",
    "uz": "Uzbek",
    "vi": "Vietnamese",
}

# Writing systems, as character classes; "latin" covers the Latin-1 and Latin Extended blocks.
SCRIPTS = {
    "latin": "A-Za-z\u00c0-\u024f\u1e00-\u1eff",
    "cyrillic": "\u0400-\u04ff",
    "greek": "\u0370-\u03ff",
    "arabic": "\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff",
    "hebrew": "\u0590-\u05ff",
    "devanagari": "\u0900-\u097f",
    "thai": "\u0e00-\u0e7f",
    "hangul": "\uac00-\ud7af\u1100-\u11ff\u3130-\u318f",
    "han": "\u4e00-\u9fff\u3400-\u4dbf",
    "kana": "\u3040-\u30ff",
}
_SCRIPT_RES = {name: re.compile(f"[{chars}]") for name, chars in SCRIPTS.items()}
# A letter outside each script: when a line has none, it is written in that script alone.
_OTHER_LETTER = {name: re.compile(rf"[^\W\d_{chars}]") for name, chars in SCRIPTS.items()}
_LETTER = re.compile(r"[^\W\d_]")
_ASCII_LETTER = re.compile(r"[A-Za-z]")
# Scripts written without spaces between words: lengths are counted in characters, not words.
UNSPACED_SCRIPTS = {"han", "kana", "thai"}


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
