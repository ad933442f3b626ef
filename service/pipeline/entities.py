"""People, organisations and places of one article, each under one canonical name."""
from collections import Counter
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span

from service.pipeline.names import (acronym, clean_surface, fold_alias, is_credit, name_key,
                                    strip_titles)

ENTITY_TYPES = ("person", "organization", "location")
LABEL_TYPES = {"PERSON": "person", "ORG": "organization", "GPE": "location", "LOC": "location",
               "FAC": "location"}
FOLDED_TYPES = {"United Kingdom": "location", "United States": "location",
                "European Union": "organization", "United Nations": "organization"}
SUBJECT_DEPS = ("nsubj", "nsubjpass")


@dataclass
class Mention:
    start: int
    end: int
    text: str
    type: str
    is_subject: bool
    whole_line: bool


@dataclass
class Entity:
    type: str
    name: str
    mentions: list[Mention] = field(default_factory=list)

    @property
    def aliases(self) -> list[str]:
        return sorted({m.text for m in self.mentions} - {self.name})

    def as_dict(self) -> dict:
        return {"type": self.type, "name": self.name, "count": len(self.mentions),
                "aliases": self.aliases}


class Entities:
    """The entities of one document, with a lookup from a character span to its entity."""

    def __init__(self, entities: list[Entity]):
        self.items = entities
        self._by_start = {m.start: e for e in entities for m in e.mentions}

    def at(self, start: int, end: int) -> Entity | None:
        """The entity with a mention overlapping body[start:end]."""
        for e in self.items:
            if any(m.start < end and start < m.end for m in e.mentions):
                return e
        return None

    def mentions(self, type_: str) -> list[tuple[Mention, Entity]]:
        """All mentions of entities of one type, in text order."""
        return sorted(((m, e) for e in self.items if e.type == type_ for m in e.mentions),
                      key=lambda me: me[0].start)

    def names(self) -> dict[str, list[str]]:
        return {t: [e.name for e in self.items if e.type == t] for t in ENTITY_TYPES}

    def details(self) -> list[dict]:
        return [e.as_dict() for e in self.items]


def extract_entities(doc: Doc) -> Entities:
    """Find, clean, group and name the entities of a parsed article."""
    mentions = [m for m in (_mention(ent) for ent in doc.ents) if m]
    groups = _group(mentions)
    entities = []
    for members in groups:
        if all(m.whole_line for m in members):
            continue  # a heading or a caption line naming nothing in the text
        type_ = Counter(m.type for m in members).most_common(1)[0][0]
        if any(m.text in FOLDED_TYPES for m in members):
            type_ = FOLDED_TYPES[next(m.text for m in members if m.text in FOLDED_TYPES)]
        entities.append(Entity(type_, _canonical(members, type_), sorted(members, key=lambda m: m.start)))
    entities.sort(key=lambda e: e.mentions[0].start)
    return Entities(entities)


def _mention(ent: Span) -> Mention | None:
    type_ = LABEL_TYPES.get(ent.label_)
    if not type_:
        return None
    tokens = list(ent)
    while tokens and (tokens[0].lower_ == "the" or tokens[0].is_punct):
        tokens.pop(0)
    while tokens and (tokens[-1].tag_ == "POS" or tokens[-1].is_punct and tokens[-1].text != "."):
        tokens.pop()
    if type_ == "person":
        while len(tokens) > 1 and tokens[0].pos_ == "ADJ":
            tokens.pop(0)  # "Russian" in "Russian Vladimir Putin"
    if not tokens:
        return None
    span = ent.doc[tokens[0].i:tokens[-1].i + 1]
    text = clean_surface(span.text)
    if type_ == "person":
        text = strip_titles(text)
    text = fold_alias(text)
    if len(text) < 2 or not any(c.isupper() for c in text) or not any(c.isalpha() for c in text):
        return None
    if type_ != "organization" and is_credit(text):
        return None  # a photo agency is neither a person nor a place
    if type_ == "location" and text not in FOLDED_TYPES and _is_demonym(span):
        return None
    line = _line(ent.doc.text, span.start_char)
    return Mention(span.start_char, span.end_char, text, type_,
                   is_subject=span.root.dep_ in SUBJECT_DEPS,
                   whole_line=clean_surface(line) == text)


def _is_demonym(span: Span) -> bool:
    """ "French", "Russians": nationalities and adjectives are not places."""
    root = span.root
    return len(span) == 1 and (root.tag_ in ("JJ", "NNPS", "NNS") or root.text.endswith(("ans", "ese")))


def _line(text: str, pos: int) -> str:
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return text[start:end if end >= 0 else len(text)]


def _group(mentions: list[Mention]) -> list[list[Mention]]:
    """Group mentions naming the same thing: same key, a surname or first name of a full
    person name, or the acronym of a longer organisation name."""
    by_key: dict[str, list[Mention]] = {}
    for m in mentions:
        by_key.setdefault(name_key(m.text), []).append(m)
    types = {k: Counter(m.type for m in ms).most_common(1)[0][0] for k, ms in by_key.items()}
    full_people = [k for k, t in types.items() if t == "person" and len(k.split()) > 1]
    long_orgs = {acronym(by_key[k][0].text).lower(): k for k, t in types.items()
                 if t == "organization" and len(k.split()) > 2}
    target = {}
    for key, type_ in types.items():
        words = key.split()
        longer = [p for p in full_people if len(p.split()) > len(words)]
        surname = [p for p in longer if p.split()[-len(words):] == words]
        first = [p for p in longer if type_ == "person" and p.split()[:len(words)] == words]
        if len(surname) == 1:
            target[key] = surname[0]
        elif not surname and len(first) == 1:
            target[key] = first[0]
        elif type_ == "organization" and len(words) == 1 and key in long_orgs:
            target[key] = long_orgs[key]
    groups: dict[str, list[Mention]] = {}
    for key, ms in by_key.items():
        root = key
        while root in target:
            root = target[root]
        groups.setdefault(root, []).extend(ms)
    return list(groups.values())


def _canonical(members: list[Mention], type_: str) -> str:
    """The most complete form: most words, then most frequent, then first seen."""
    forms = Counter(m.text for m in members if m.type == type_) or Counter(m.text for m in members)
    order = {m.text: -m.start for m in reversed(members)}
    return max(forms, key=lambda f: (len(f.split()), forms[f], order[f]))
