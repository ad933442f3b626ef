"""Name normalisation: titles, possessives, spelling variants of the same place or body."""

import re

# Words that precede a name without being part of it ("Russian President Vladimir Putin").
# Royal titles are kept: "Prince Andrew" is how the person is named.
TITLES = frozenset(
    """
mr mrs ms miss mx dr prof professor sir dame rev reverend president vice prime minister premier
secretary foreign home defense defence interior finance state chancellor gov governor lt sen
senator rep representative congressman congresswoman mayor judge justice attorney general gen
col colonel capt captain cmdr commander adm admiral sgt sergeant maj major lieutenant officer
chairman chairwoman chair ceo cfo coo founder chief executive director head leader spokesman
spokeswoman spokesperson coach manager striker defender defenseman goalie winger forward
midfielder goalkeeper quarterback center centre guard tackle pitcher ambassador envoy deputy
former late then acting interim new ex
""".split()
)

# Spelling variants folded into the common English short name.
ALIASES = {
    "uk": "United Kingdom",
    "u.k.": "United Kingdom",
    "u.k": "United Kingdom",
    "britain": "United Kingdom",
    "great britain": "United Kingdom",
    "united kingdom of great britain and northern ireland": "United Kingdom",
    "us": "United States",
    "u.s.": "United States",
    "u.s": "United States",
    "usa": "United States",
    "u.s.a.": "United States",
    "america": "United States",
    "united states of america": "United States",
    "eu": "European Union",
    "e.u.": "European Union",
    "un": "United Nations",
    "u.n.": "United Nations",
}

# US state abbreviations (AP style), as found in datelines: "BUFFALO, N.Y."
STATES = {
    "ala.": "Alabama",
    "ariz.": "Arizona",
    "ark.": "Arkansas",
    "calif.": "California",
    "colo.": "Colorado",
    "conn.": "Connecticut",
    "del.": "Delaware",
    "fla.": "Florida",
    "ga.": "Georgia",
    "ill.": "Illinois",
    "ind.": "Indiana",
    "kan.": "Kansas",
    "ky.": "Kentucky",
    "la.": "Louisiana",
    "md.": "Maryland",
    "mass.": "Massachusetts",
    "mich.": "Michigan",
    "minn.": "Minnesota",
    "miss.": "Mississippi",
    "mo.": "Missouri",
    "mont.": "Montana",
    "neb.": "Nebraska",
    "nev.": "Nevada",
    "n.h.": "New Hampshire",
    "n.j.": "New Jersey",
    "n.m.": "New Mexico",
    "n.y.": "New York",
    "n.c.": "North Carolina",
    "n.d.": "North Dakota",
    "okla.": "Oklahoma",
    "ore.": "Oregon",
    "pa.": "Pennsylvania",
    "r.i.": "Rhode Island",
    "s.c.": "South Carolina",
    "s.d.": "South Dakota",
    "tenn.": "Tennessee",
    "vt.": "Vermont",
    "va.": "Virginia",
    "wash.": "Washington",
    "w.va.": "West Virginia",
    "wis.": "Wisconsin",
    "wyo.": "Wyoming",
}
ALIASES.update(STATES)

# Party members named as a group stand for their party.
PARTIES = {"democrats": "Democratic Party", "republicans": "Republican Party", "tories": "Conservative Party"}

# Last words that make a name an organisation, whatever the model said.
ORG_WORDS = frozenset(
    """
inc inc. corp corp. co co. ltd ltd. llc plc company group university college institute school
bank agency department ministry council committee commission association federation union party
court times news post journal press network center centre foundation fund club airlines motors
technologies labs media studios entertainment office service services organization organisation
authority board bureau police army navy force forces fc observatory administration house
""".split()
)

# Last words that name an event, a competition or a law: none of our three types.
EVENT_WORDS = frozenset(
    """
cup cups division championship championships open finals final games olympics tournament award
awards prize summit act bill plan curve conference festival day week
""".split()
)

# Words that mark a name as a photo agency or picture credit rather than a person or a place.
CREDIT_WORDS = frozenset(
    "getty images photo photos photograph shutterstock afp epa alamy pixabay unsplash istock credit".split()
)
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
    """Remove leading titles and function words: "UK Foreign Secretary Yvette Cooper" -> "Yvette Cooper"."""
    words = name.split()
    while len(words) > 1 and (
        words[0].lower().rstrip(".") in TITLES or words[0].isupper() and len(words) > 2 or words[0].islower()
    ):
        words.pop(0)
    return " ".join(words)


NAME_PARTICLES = frozenset("van von de der den del della di da dos du la le al el bin ibn ben".split())


def is_personal_name(name: str) -> bool:
    """Two to four capitalised words (particles such as "van" or "al" allowed), no title only."""
    words = name.split()
    return (
        1 < len(words) <= 4
        and words[-1].lower() not in ORG_WORDS
        and all(w[:1].isupper() or w in NAME_PARTICLES for w in words)
        and not all(w.lower().rstrip(".") in TITLES for w in words)
    )


def fold_alias(name: str) -> str:
    """Map a known variant to its canonical form ("U.K." -> "United Kingdom")."""
    return ALIASES.get(name.lower(), name)


def name_key(name: str) -> str:
    """A comparison key: lower case, letters and digits only."""
    return " ".join(re.findall(r"\w+", name.lower()))


def is_credit(name: str) -> bool:
    """True for names such as "Getty Images" or "AP Photo"."""
    return any(w in CREDIT_WORDS for w in name.lower().split())


def acronym(name: str) -> str:
    """Initials of the capitalised words: "International Tennis Federation" -> "ITF"."""
    return "".join(w[0] for w in name.split() if w[:1].isupper())
