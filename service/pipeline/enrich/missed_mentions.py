"""Mentions the model's entities miss or cut short, found from the text's own conventions:
defined acronyms, roles before names, institutions, web addresses, speakers."""

from spacy.tokens import Doc

from service.pipeline.enrich.gazetteer import PLACES
from service.pipeline.enrich.mentions import MISREAD_LABELS, Mention, mention_of
from service.pipeline.enrich.names import NAME_PARTICLES, ROLES, acronym, clean_surface, name_key
from service.pipeline.enrich.nlp import lemma, untagged_proper_nouns
from service.pipeline.text.layout import Lines
from service.pipeline.vocabulary import words

SPEECH_LEMMAS = words("speech_lemmas")
# Lower-case words inside a long name: "Department of State", "Maghawir al Thawra".
NAME_JOINERS = frozenset({"of", "and", "for", *NAME_PARTICLES})
INSTITUTION_NOUNS = words("institution_nouns")


def institutions(doc: Doc, lines: Lines) -> list[Mention]:
    """A country's or city's institution named by a common noun: "the U.S. military"."""
    found = []
    for ent in doc.ents:
        nxt = doc[ent.end] if ent.end < len(doc) else None
        if ent.label_ == "GPE" and nxt is not None and nxt.is_lower and nxt.lower_ in INSTITUTION_NOUNS:
            span = doc[ent.start : ent.end + 1]
            found.append(mention_of(span, f"{clean_surface(ent.text)} {nxt.text}", "organization", lines))
    return found


def titled_names(doc: Doc, lines: Lines) -> list[Mention]:
    """Untagged names right after a role written in lower case: "center Casey Mittelstadt",
    "spokesman John Kirby"."""
    found = []
    for i in untagged_proper_nouns(doc):
        if i == 0 or not (doc[i - 1].is_lower and doc[i - 1].lower_ in ROLES) or not doc[i].is_title:
            continue
        end = i
        while (
            end < len(doc)
            and end - i < 4
            and doc[end].pos_ == "PROPN"
            and doc[end].is_title
            and doc[end].ent_type_ == ""
        ):
            end += 1
        if 2 <= end - i <= 3:
            found.append(mention_of(doc[i:end], doc[i:end].text, "person", lines))
    return found


def web_outlets(doc: Doc, lines: Lines) -> list[Mention]:
    """Outlets named by their web address, which the model leaves untagged: "told Polygraph.info"."""
    return [
        mention_of(doc[i : i + 1], doc[i].text, "organization", lines)
        for i in untagged_proper_nouns(doc)
        if doc[i].like_url and doc[i].text[0].isupper() and "/" not in doc[i].text
    ]


def missed_places(doc: Doc, lines: Lines) -> list[Mention]:
    """Countries and capitals the model left untagged ("Kyiv’s defenders")."""
    found = []
    for tok in map(doc.__getitem__, untagged_proper_nouns(doc)):
        if tok.text not in PLACES:
            continue
        if tok.i + 1 == len(doc) or doc[tok.i + 1].pos_ != "PROPN":
            found.append(mention_of(doc[tok.i : tok.i + 1], tok.text, "location", lines))
    return found


def missed_speakers(doc: Doc, lines: Lines) -> list[Mention]:
    """Untagged (or misread) proper nouns that say or tell something: people ("the top-ranked
    Smith said")."""
    found = []
    misread = [ent[0] for ent in doc.ents if len(ent) == 1 and ent.label_ in MISREAD_LABELS]
    for tok in [*map(doc.__getitem__, untagged_proper_nouns(doc)), *misread]:
        if tok.dep_ == "nsubj" and tok.is_title and lemma(tok.head) in SPEECH_LEMMAS and not tok.is_sent_start:
            found.append(mention_of(doc[tok.i : tok.i + 1], tok.text, "person", lines))
    return found


def defined_acronyms(doc: Doc, lines: Lines) -> tuple[list[Mention], dict[str, str]]:
    """Names defined with their acronym, "the Northern Ports Authority (NPA)", "Maghawir al Thawra,
    or MaT": the long name as an organisation mention, and acronym key -> long name key."""
    mentions, keys = [], {}
    for tok in doc[2:-1]:
        if not (
            2 <= len(tok) <= 6 and tok.text[0].isupper() and tok.is_alpha and sum(c.isupper() for c in tok.text) >= 2
        ):
            continue  # "NPA", and mixed-case acronyms: "MaT", "MoD"
        if doc[tok.i - 1].text == "(" and doc[tok.i + 1].text == ")":
            start = tok.i - 1  # "the Northern Ports Authority (NPA)"
        elif doc[tok.i - 1].lower_ == "or" and doc[tok.i - 2].text == ",":
            start = tok.i - 2  # "Maghawir al Thawra, or MaT"
        else:
            continue
        end = start
        while start > 0 and (
            doc[start - 1].is_title
            or doc[start - 1].is_upper
            and doc[start - 1].is_alpha
            or doc[start - 1].lower_ in NAME_JOINERS
            and start - 1 > 0
            and doc[start - 2].is_title
        ):
            start -= 1
        start += doc[start].lower_ == "the"
        span = doc[start:end]
        if len(span) > 1 and _initials_spell(acronym(span.text), tok.text):
            mentions.append(mention_of(span, clean_surface(span.text), "organization", lines))
            keys[tok.lower_] = name_key(mentions[-1].text)
    return mentions, keys


def _initials_spell(initials: str, short: str) -> bool:
    """ "NYSAG" spells "NYAG": same first letter, the rest of its capitals in order."""
    rest, capitals = iter(initials[1:]), [c for c in short if c.isupper()]
    return initials[:1] == short[:1] and all(c in rest for c in capitals[1:])
