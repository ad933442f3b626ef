"""Acronyms and the names they abbreviate within one article: "NATO" for "North Atlantic Treaty
Organization", "ICE" for "Immigration and Customs Enforcement"."""

import re

from spacy.tokens import Doc

from service.pipeline.enrich.nlp import text_of

# Words an acronym skips ("Department of Homeland Security" -> "DHS").
FILLERS = r"(?:of|the|and|for|on|in|de|du|des|la|le|&)"
# Runs of capitalised words, perhaps with fillers between them.
_RUN = re.compile(rf"[A-Z][\w'’.-]*(?:(?:\s+{FILLERS}){{0,2}}\s+[A-Z][\w'’.-]*)+")
_CAPITALISED = re.compile(r"[A-Z][\w'’.-]*")
_ACRONYM = re.compile(r"\b[A-Z](?:\.?[A-Z]){2,5}\b\.?")
MAX_WORDS = 6  # the longest name an acronym stands for, in capitalised words


def initials(name: str) -> str:
    """The capitals a name's capitalised words start with: "Bureau of Labor Statistics" -> "BLS"."""
    return "".join(w[0] for w in _CAPITALISED.findall(name))


def expanded(doc: Doc) -> frozenset[str]:
    """The acronyms whose full names the article also writes: the initials of every run of 2 to
    MAX_WORDS consecutive capitalised words (fillers skipped) that the text also writes in capitals."""
    if "expanded_acronyms" not in doc.user_data:
        text = text_of(doc)
        written = {a.replace(".", "") for a in _ACRONYM.findall(text)}
        found: set[str] = set()
        for run in _RUN.finditer(text):
            letters = initials(run.group())
            for n in range(2, min(MAX_WORDS, len(letters)) + 1):
                found.update(letters[i : i + n] for i in range(len(letters) - n + 1))
        doc.user_data["expanded_acronyms"] = frozenset(found & written)
    return doc.user_data["expanded_acronyms"]


def is_acronym(name: str) -> bool:
    """A word of three to six capitals, perhaps with dots ("NATO", "F.B.I.")."""
    return " " not in name and bool(_ACRONYM.fullmatch(name))
