"""The model's entities retyped by how the text uses them, and widened to their full names."""

import numpy
from spacy.attrs import LOWER
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span, Token

from service.pipeline.enrich.mentions import LABEL_TYPES
from service.pipeline.enrich.names import ORG_WORDS, TITLES, has_legal_form
from service.pipeline.enrich.rules import active
from service.pipeline.vocabulary import words

NAME_LABELS = frozenset({"", "NORP", *LABEL_TYPES})
PLACE_NOUNS = words("place_nouns")
# The kinds of place that end a place's own name; a district or a city may end an organisation's
# ("Harlow School District", "Kestrel City" the club)
NAMED_PLACE_NOUNS = PLACE_NOUNS - {"district", "city"}
POSTED_WORDS = words("posted_words")  # named by where they are: "... in Paris"
ORG_WORD_IDS = numpy.array(sorted(get_string_id(word) for word in ORG_WORDS), dtype=numpy.uint64)  # as LOWER holds them
DATELINE_REACH = 10  # tokens after a dateline's place in which its dash comes ("KESTREL, Ruritania (Agency) -")


def corrected(ent: Span) -> Span:
    """The model's entity retyped by how the text uses it, and widened to its full name."""
    for correct in active(CORRECTIONS):
        ent = correct(ent)
    return ent


def _by_its_place(ent: Span) -> Span:
    """A name used as a place is a place, whatever the model said: it names the kind of place
    after it ("the Rukban camp", "the al-Tanf base"), ends in one ("Kestrel Airport", also when the
    model left that word out), follows "in"/"near" ("a base in al-Tanf") or a person's age and "of"
    ("Ann Lee, 61, of Ayr")."""
    if ent.label_ not in ("PERSON", "ORG"):
        return ent
    end = ent.end
    if len(ent) > 1 and ent[-1].is_lower and ent[-1].lower_ in PLACE_NOUNS:
        end -= 1  # the model took the kind of place in: "the al-Tanf zone"
    elif end < len(ent.doc) and ent.doc[end].is_title and ent.doc[end].lower_ in NAMED_PLACE_NOUNS:
        end += 1  # the model left the name's last word out: "King Halvor International" Airport
    root = ent.root
    placed = (
        end != ent.end
        or _of_a_residence(ent)
        or len(ent) > 1
        and ent[-1].is_title
        and ent[-1].lower_ in PLACE_NOUNS  # its own name says so: "Marrowby International Airport"
        or root.dep_ == "compound"
        and root.head.is_lower
        and root.head.lower_ in PLACE_NOUNS
        or root.dep_ == "pobj"
        and root.head.lower_ in ("in", "near")
        and ent.label_ == "PERSON"
    )
    return Span(ent.doc, ent.start, end, label="GPE") if placed else ent


def _of_a_residence(ent: Span) -> bool:
    """A name after a person's age and "of": where they live ("Ann Lee, 61, of Lower Ashby")."""
    before = [tok.text for tok in ent.doc[max(0, ent.start - 4) : ent.start]]
    return len(before) == 4 and before[0] == "," and before[1].isdigit() and before[2:] == [",", "of"]


def _by_its_dateline(ent: Span) -> Span:
    """A name in capitals that opens a line and a dash closes before any verb is where the story
    was filed ("HALVORSEN, Norway (Agency) -", "KESTREL —"), whatever the model said."""
    if ent.label_ in ("GPE", "LOC") or not opens_a_dateline(ent):
        return ent
    return Span(ent.doc, ent.start, ent.end, label="GPE")


def opens_a_dateline(span: Span) -> bool:
    """Whether a name in capitals opens a line and a dash follows it before any verb or line end:
    the place a story was filed from ("HALVORSEN, Norway (Agency) -", "KESTREL —")."""
    doc = span.doc
    if not (span.start == 0 or "\n" in doc[span.start - 1].text_with_ws) or not span.text.isupper():
        return False
    for tok in doc[span.end : span.end + DATELINE_REACH]:
        if tok.text.strip("-—–") == "":
            return True
        if tok.pos_ in ("VERB", "AUX") or "\n" in tok.text_with_ws:
            return False
    return False


def _widened(ent: Span) -> Span:
    """An organisation name the model cut short: "Argus [Leader]", "Supreme Court [of Ruritania]",
    "US Embassy [in New Delhi]"."""
    doc, end = ent.doc, ent.end
    if ent.label_ != "ORG" or end + 1 >= len(doc):
        return ent
    linked = (
        doc[end].lower_ in ("of", "for", "on")
        and ent[-1].lower_ in ORG_WORDS
        or doc[end].lower_ == "of"
        and doc[end + 1].ent_type_ == "GPE"  # a place's branch: "Harbour Trust of Ruritania"
        or doc[end].lower_ == "in"
        and ent[-1].lower_ in POSTED_WORDS
    )
    if linked and _is_name_word(doc[end + 1]):
        end += 2
        while end < len(doc) and (
            _is_name_word(doc[end]) or doc[end].lower_ == "and" and end + 1 < len(doc) and _is_name_word(doc[end + 1])
        ):
            end += 1
    else:
        while (
            end < len(doc)
            and doc[end].ent_type_ == ""
            and doc[end].pos_ in ("PROPN", "NOUN")
            and doc[end].is_title
            and not doc[end].is_sent_start
            and not _titles_a_name(doc, end)
        ):
            end += 1
        if end < len(doc) and (doc[end].ent_type_ == "PERSON" or _titles_a_name(doc, end)):
            return ent  # the words were a title: "Senate [Majority] Leader Harry Reid", "EPA [Administrator] Ana Ruiz"
    return ent if end == ent.end else Span(doc, ent.start, end, label=ent.label_)


def joined_organisations(doc: Doc) -> list[Span]:
    """The model's entities, with one organisation for two names joined by "and" before the
    organisation noun they share ("Avon and Somerset Police": the model reads a person "Avon" and,
    at most, "Somerset Police"); not inside a longer list ("Kent, Surrey and Sussex Police") nor after
    an organisation's own name ("Kestrel Corporation and Ayr Bank")."""
    ents = list(doc.ents)
    for i in numpy.flatnonzero(numpy.isin(doc.to_array(LOWER), ORG_WORD_IDS)).tolist():
        tok = doc[i]
        if not (tok.is_title and i > 0):
            continue
        joint = _name_start(doc, tok.i - 1)
        if joint == tok.i or joint < 2 or doc[joint - 1].lower_ not in ("and", "&"):
            continue
        start = _name_start(doc, joint - 2)
        first = doc[start : joint - 1]
        if not len(first) or start > 0 and doc[start - 1].text == "," or _names_an_organisation(first):
            continue  # no name before "and", a list, or two organisations ("Kestrel Corporation and Ayr Bank")
        ents = [e for e in ents if e.end <= start or e.start > tok.i] + [Span(doc, start, tok.i + 1, label="ORG")]
    return sorted(ents, key=lambda e: e.start)


def _names_an_organisation(name: Span) -> bool:
    """A name the model reads as an organisation, or that ends like one."""
    return name[-1].ent_type_ == "ORG" or name[-1].lower_ in ORG_WORDS or has_legal_form(name.text)


def _name_start(doc: Doc, end: int) -> int:
    """The first of the capitalised proper nouns that end at token `end` (end + 1 when there are none)."""
    start = end + 1
    while start > 0 and doc[start - 1].is_title and doc[start - 1].pos_ == "PROPN":
        start -= 1
    return start


def _titles_a_name(doc: Doc, i: int) -> bool:
    """A title word before a name ("Labour Leader Keir Starmer"), not the end of one ("Argus Leader")."""
    return (
        doc[i].lower_.rstrip(".") in TITLES and i + 1 < len(doc) and doc[i + 1].pos_ == "PROPN" and doc[i + 1].is_title
    )


def _is_name_word(tok: Token) -> bool:
    return tok.is_title and tok.ent_type_ in NAME_LABELS


# The corrections in the order they apply: retyped first, then widened.
CORRECTIONS = (
    ("retype_by_place", _by_its_place),
    ("datelines", _by_its_dateline),
    ("widen_organisations", _widened),
)
