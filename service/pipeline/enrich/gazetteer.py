"""Names whose kind is known whatever label the model gives them: countries and capital cities are
places ("Kyiv" as a person), listed companies organisations ("Sysco" as a place), and what WordNet
calls a name ("FBI" an organisation, "Madrid" a place)."""

import re
from functools import lru_cache

from service.pipeline.vocabulary import entries, words

PLACES = words("countries") | words("capitals")
# The companies of twenty stock indices by their key, lower-case letters and digits without the
# legal form ("sysco", "waltdisney"), from pytickersymbols (benchmarks/listed_companies.py).
LISTED_COMPANIES = words("listed_companies")
LEADING_THE = re.compile(r"^[Tt]he ")


@lru_cache(maxsize=1)
def wordnet_kinds() -> dict[str, frozenset[str]]:
    """The proper names of WordNet 3.0 and the kinds of thing they name (`wordnet_names.txt`, written
    by benchmarks/wordnet_names.py: 15,000 names), read once per process."""
    kinds: dict[str, set[str]] = {}
    for line in entries("wordnet_names"):
        name, kind = line.split("\t")
        kinds.setdefault(name, set()).add(kind)
    return {name: frozenset(found) for name, found in kinds.items()}


def known_place(name: str) -> bool:
    """A country, a capital or a place WordNet knows ("Madrid")."""
    return name in PLACES or "location" in wordnet_kinds().get(name, ())


def company_key(name: str) -> str:
    """A name as LISTED_COMPANIES keys it: no leading "The", lower case, letters and digits ("waltdisney")."""
    return re.sub(r"\W", "", LEADING_THE.sub("", name).lower())
