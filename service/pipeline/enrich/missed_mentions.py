"""Mentions the model's entities miss, found from the text's own conventions: roles before names,
institutions, countries and capitals, datelines, speakers."""

from spacy.tokens import Doc, Span

from service.pipeline.enrich.gazetteer import PLACES, known_place
from service.pipeline.enrich.mentions import MISREAD_LABELS, Mention, mention_of
from service.pipeline.enrich.names import ROLES, clean_surface, fold_alias
from service.pipeline.enrich.nlp import lemma, line_starts, text_of, untagged_proper_nouns
from service.pipeline.enrich.retyping import opens_a_dateline
from service.pipeline.text.layout import Lines
from service.pipeline.vocabulary import words

SPEECH_LEMMAS = words("speech_lemmas")
PARTY_LETTERS = frozenset({"R", "D", "I"})  # Republican, Democrat, independent
INSTITUTION_NOUNS = words("institution_nouns")
DATELINE_WORDS = 3  # words of a place in a dateline at most ("ST. AYR", "NEW KESTREL CITY")


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


def untagged_datelines(doc: Doc, lines: Lines) -> list[Mention]:
    """Untagged names in capitals that open a line, a dash after them, and name a known place:
    where the story was filed ("MADRID —", "ST. LOUIS, Mo. -"), written as the text would ("Madrid")."""
    found = []
    text = text_of(doc)
    for offset in line_starts(doc):
        if not text[offset : offset + 1].isupper():
            continue
        if (first := doc.char_span(offset, offset + 1, alignment_mode="expand")) is None:
            continue
        start = end = first.start
        while end < len(doc) and end - start < DATELINE_WORDS and doc[end].ent_type_ == "" and doc[end].text.isupper():
            end += 1
        if end > start and (name := dateline_place(doc[start:end])):
            found.append(mention_of(doc[start:end], name, "location", lines))
    return found


def dateline_place(span: Span) -> str | None:
    """The place a dateline names, written as the text would ("Madrid" for "MADRID —"): a country,
    a capital or a place WordNet knows, in capitals, opening a line, a dash after it; a label in
    capitals ("UPDATE —") is none."""
    name = span.text.title()
    return name if known_place(name) and opens_a_dateline(span) else None


def missed_speakers(doc: Doc, lines: Lines) -> list[Mention]:
    """Untagged (or misread) proper nouns that say or tell something: people ("the top-ranked
    Smith said")."""
    found = []
    misread = [ent[0] for ent in doc.ents if len(ent) == 1 and ent.label_ in MISREAD_LABELS]
    for tok in [*map(doc.__getitem__, untagged_proper_nouns(doc)), *misread]:
        if tok.dep_ == "nsubj" and tok.is_title and lemma(tok.head) in SPEECH_LEMMAS and not tok.is_sent_start:
            found.append(mention_of(doc[tok.i : tok.i + 1], tok.text, "person", lines))
    return found


def party_districts(doc: Doc, lines: Lines) -> list[Mention]:
    """The state or district in a politician's party tag, set off by brackets or commas: "Sen. Ann
    Lee (D-Vt.)", "Rep. Bo Ray, R-New Mexico, said": a place, an abbreviated state under its name."""
    found = []
    for tok in doc[1 : len(doc) - 2]:
        dash = doc[tok.i + 1]
        if tok.text not in PARTY_LETTERS or dash.text != "-" or tok.whitespace_ or dash.whitespace_:
            continue
        start = end = tok.i + 2
        while end < len(doc) and (
            doc[end].pos_ == "PROPN" and doc[end].text[:1].isupper() or doc[end].text == "." and end > start
        ):
            end += 1
        if end > start and end < len(doc) and doc[tok.i - 1].text in ("(", ",") and doc[end].text in (")", ","):
            span = doc[start:end]
            found.append(mention_of(span, fold_alias(span.text), "location", lines))
    return found
