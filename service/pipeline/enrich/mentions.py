"""A mention of a name in a parsed article: where it is, what it says, how the text uses it."""

from dataclasses import dataclass

from spacy.tokens import Span

from service.pipeline.enrich.names import clean_surface
from service.pipeline.text.layout import Lines

LABEL_TYPES = {"PERSON": "person", "ORG": "organization", "GPE": "location", "LOC": "location", "FAC": "location"}
MISREAD_LABELS = frozenset({"PRODUCT", "WORK_OF_ART"})  # what the small model calls people it does not know
SUBJECT_DEPS = ("nsubj", "nsubjpass")
TIME_PREPOSITIONS = frozenset({"during", "since", "until", "throughout"})


@dataclass
class Mention:
    start: int
    end: int
    text: str
    type: str
    is_subject: bool
    aside: bool  # in a heading, a caption line or a picture credit
    opens_sentence: bool
    timed: bool = False  # after "during", "since": a time such as a festival, not a place
    label: str = ""  # the model's label, or the finder that found it


def mention_of(span: Span, text: str, type_: str, lines: Lines) -> Mention:
    return Mention(
        span.start_char,
        span.end_char,
        text,
        type_,
        is_subject=span.root.dep_ in SUBJECT_DEPS or span.root.dep_ == "appos" and span.root.head.dep_ in SUBJECT_DEPS,
        aside=lines.fact(span.start_char, clean_surface) == text or lines.outside_prose(span.start_char, span.end_char),
        opens_sentence=bool(span[0].is_sent_start),
        timed=span.root.dep_ == "pobj" and span.root.head.lower_ in TIME_PREPOSITIONS,
    )
