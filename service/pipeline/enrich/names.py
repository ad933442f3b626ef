"""Name normalisation: titles, possessives, spelling variants of the same place or body."""

import re

from cleanco.clean import prepare_default_terms
from cleanco.termdata import terms_by_country
from nameparser.config import CONSTANTS as NAME_CONSTANTS

from service.pipeline.vocabulary import table, words

# Words that precede a name without being part of it ("Russian President Vladimir Putin").
# Royal titles are kept: "Prince Andrew" is how the person is named.
TITLES = words("titles")
# Titles and roles of every kind (nameparser's list: "superintendent"-like offices, ranks, trades,
# in several languages); words such as "Dean" or "Major" are also given names, so one of these is
# only taken off a name of three words or more ("Coach Dana Reyes", not "Dean Smith").
ROLES = frozenset(NAME_CONSTANTS.titles) | TITLES

# Spelling variants folded into the common English short name, and the US state abbreviations of
# datelines ("BUFFALO, N.Y.").
ALIASES = {**table("name_variants"), **table("us_state_abbreviations")}

# Party members named as a group stand for their party.
PARTIES = table("party_members")

# Nouns for an organisation: the last word of a name that makes it one, whatever the model said, and
# the head of a speaker that is one ("the ministry said").
ORG_WORDS = words("organisation_nouns") | words("institution_nouns")

# Last words that name an event, a competition or a law: none of our three types.
EVENT_WORDS = words("event_name_ends")

EDGE_PUNCT = " \t\n\"'“”‘’«»()[]{},;:!?-–—"


def strip_possessive(name: str) -> str:
    """ "Kyiv’s" -> "Kyiv"."""
    return re.sub(r"['’]s$", "", name.strip())


def clean_surface(name: str) -> str:
    """Drop edge punctuation, a leading "the", a trailing possessive and inner runs of space."""
    name = " ".join(name.split()).strip(EDGE_PUNCT)
    name = re.sub(r"^the\s+", "", name, flags=re.I)
    return strip_possessive(name).strip(EDGE_PUNCT)


def strip_titles(name: str) -> str:
    """Remove leading titles, roles and function words: "UK Foreign Secretary Yvette Cooper" -> "Yvette
    Cooper", "Deputy Superintendent Ana Ruiz" -> "Ana Ruiz"."""
    words = name.split()
    while len(words) > 1 and (
        (first := words[0].lower().rstrip(".")) in TITLES
        or len(words) > 2
        and (first in ROLES or words[0].isupper())
        or words[0].islower()
    ):
        words.pop(0)
    return " ".join(words)


NAME_PARTICLES = words("name_particles")


def is_personal_name(name: str) -> bool:
    """Two to four capitalised words (particles such as "van" or "al" allowed), no title only."""
    words = name.split()
    return (
        1 < len(words) <= 4
        and words[-1].lower() not in ORG_WORDS
        and all(w[:1].isupper() or w in NAME_PARTICLES for w in words)
        and not all(w.lower().rstrip(".") in ROLES for w in words)
    )


def fold_alias(name: str) -> str:
    """Map a known variant to its canonical form ("U.K." -> "United Kingdom")."""
    return ALIASES.get(name.lower(), name)


def name_key(name: str) -> str:
    """A comparison key: lower case, letters and digits only."""
    return " ".join(re.findall(r"\w+", name.lower()))


# Company legal forms of many countries (cleanco's terms: "Inc", "Ltd", "Corp", "GmbH", "S.A."), as
# word tuples, the last words of a company's name.
LEGAL_FORMS = frozenset(tuple(term) for _, term in prepare_default_terms())
LEGAL_FORM_WORDS = max(len(term) for term in LEGAL_FORMS)


# English-speaking countries' forms, which a company writes in any case ("Kestrel Holdings Ltd");
# other countries' forms count as a company's when written as one ("Fjord Havn AS", "Brio S.A.").
ENGLISH_LEGAL_FORMS = frozenset(
    term.replace(".", "").split()[-1]
    for country in ("United States of America", "United Kingdom")
    for term in terms_by_country[country]
)


def has_legal_form(name: str) -> bool:
    """Whether a name of two words or more ends with a company's legal form ("Kestrel Holdings Ltd")."""
    words = re.findall(r"[\w&/]+", name.lower())
    return len(words) > 1 and any(
        tuple(words[-n:]) in LEGAL_FORMS for n in range(1, min(LEGAL_FORM_WORDS, len(words) - 1) + 1)
    )


def written_as_company(name: str) -> bool:
    """Whether a name ends in a company's legal form as companies write it: an English-speaking
    country's form in any case ("Ltd", "Inc."), another in capitals, with dots or mixed case ("AS",
    "S.A.", "GmbH"), so that a family name that is also some country's form ("Ba") is not read as one."""
    if not has_legal_form(name):
        return False
    last = name.split()[-1]
    bare = last.replace(".", "")
    return (
        bare.lower() in ENGLISH_LEGAL_FORMS
        or "." in last
        or (len(bare) > 1 and bare.isupper())
        or (bare[:1].isupper() and not bare[1:].islower())
    )
