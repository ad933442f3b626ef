"""Mentions the model's entities miss, found from the text's own conventions: roles before names,
institutions, countries and capitals, speakers."""

from spacy.tokens import Doc

from service.pipeline.enrich.gazetteer import PLACES
from service.pipeline.enrich.mentions import MISREAD_LABELS, Mention, mention_of
from service.pipeline.enrich.names import ROLES, clean_surface
from service.pipeline.enrich.nlp import lemma, untagged_proper_nouns
from service.pipeline.text.layout import Lines
from service.pipeline.vocabulary import words

SPEECH_LEMMAS = words("speech_lemmas")
INSTITUTION_NOUNS = words("institution_nouns")


def institutions(doc: Doc, lines: Lines) -> list[Mention]:
    """A country's or city's institution named by a common noun after its name or its adjective,
    perhaps with one noun between: "the U.S. military", "the Ruritanian parliament", "the
    Ruritanian defence ministry"."""
    found = []
    for ent in doc.ents:
        if ent.label_ not in ("GPE", "NORP"):
            continue
        end = ent.end
        if end + 1 < len(doc) and doc[end].is_lower and doc[end].dep_ == "compound" and doc[end].pos_ == "NOUN":
            end += 1  # "defence" in "defence ministry"
        if end < len(doc) and doc[end].is_lower and doc[end].lower_ in INSTITUTION_NOUNS:
            span = doc[ent.start : end + 1]
            found.append(
                mention_of(span, f"{clean_surface(ent.text)} {doc[ent.end : end + 1].text}", "organization", lines)
            )
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
