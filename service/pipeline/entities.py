"""People, organisations and places of one article, each under one canonical name."""
import re
from collections import Counter
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from service.pipeline.dates import ZONES
from service.pipeline.gazetteer import PLACES
from service.pipeline.layout import DATELINE, Lines
from service.pipeline.nlp import (is_verb_or_adjective, lemma, lower_case_words, text_of,
                                  untagged_proper_nouns)
from service.pipeline.names import (EVENT_WORDS, NAME_PARTICLES, ORG_WORDS, PARTIES, TITLES, acronym,
                                    clean_surface, fold_alias, is_credit, is_personal_name,
                                    name_key, strip_titles)

ENTITY_TYPES = ("person", "organization", "location")
LABEL_TYPES = {"PERSON": "person", "ORG": "organization", "GPE": "location", "LOC": "location",
               "FAC": "location"}
FOLDED_TYPES = {"United Kingdom": "location", "United States": "location",
                "European Union": "organization", "United Nations": "organization"}
NAME_LABELS = frozenset({"", "NORP", *LABEL_TYPES})
MISREAD_LABELS = frozenset({"PRODUCT", "WORK_OF_ART"})  # what the small model calls people it does not know
SUBJECT_DEPS = ("nsubj", "nsubjpass")
TIME_PREPOSITIONS = frozenset({"during", "since", "until", "throughout"})
SPEECH_LEMMAS = frozenset("say tell add".split())
# Lower-case words inside a long name: "Department of State", "Maghawir al Thawra".
NAME_JOINERS = frozenset({"of", "and", "for", *NAME_PARTICLES})
# Nouns a person's name qualifies as that person's own: "the Trump administration", "Putin critics".
FOLLOWING_NOUNS = frozenset("""
administration government regime campaign presidency era family team camp supporters voters allies
critics aides loyalists fans associates
""".split())
# Nouns for the people and things of a company or platform: "Twitter users", "Tesla shares".
PATRON_NOUNS = frozenset("""
user users account accounts feed post posts follower followers subscriber subscribers customer
customers employee employees share shares stock app page
""".split())
PLACE_NOUNS = frozenset("""
camp base zone crossing border province region district city town village valley river
""".split())
INSTITUTION_NOUNS = frozenset("government military army navy police parliament embassy".split())
_DEMONYM_PLURAL = re.compile(r"[a-z](ites|ians|eans|ese)$")
# A labelled part of a series: a draw's "Group A", "Pool B", "Phase 2"; not a name.
_SERIES_LABEL = re.compile(r"^(group|pool|section|phase|round|stage|class|category|zone|level|part)\s+[A-Z0-9]{1,2}$",
                           re.I)
POSTED_WORDS = frozenset("embassy consulate mission".split())  # named by where they are: "... in Paris"


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

    def at(self, start: int, end: int) -> Entity | None:
        """The entity with a mention overlapping body[start:end]."""
        for e in self.items:
            if any(m.start < end and start < m.end for m in e.mentions):
                return e
        return None

    def named(self, word: str) -> Entity | None:
        """The one entity whose several-word canonical name ends with `word` ("Schwartzman")."""
        hits = [e for e in self.items if " " in e.name and e.name.split()[-1] == word]
        return hits[0] if len(hits) == 1 else None

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
    lines = Lines(text_of(doc))
    defined, acronyms = _defined_acronyms(doc, lines)
    defined += _repeated(defined, doc, lines)
    places, dateline_spans = _datelines(doc, lines)
    inside = dateline_spans + [(m.start, m.end) for m in defined]  # parts of a dateline or a defined name
    mentions = ([m for ent in doc.ents for m in _mentions(_read(ent), lines)
                 if not any(start <= m.start < end for start, end in inside)]
                + _missed_places(doc, lines) + _missed_speakers(doc, lines) + _institutions(doc, lines)
                + _web_outlets(doc, lines) + _titled_names(doc, lines)
                + defined + places)
    lower_words = lower_case_words(doc)
    entities = []
    for members in _group(mentions, acronyms):
        if all(m.aside for m in members):
            continue  # a heading or a caption naming nothing in the text
        if all(m.opens_sentence and " " not in m.text and m.text.lower() in lower_words
               for m in members):
            continue  # a common word capitalised only by its place: "Rice production ..."
        type_ = _type(members)
        if type_ == "location" and any(m.timed for m in members):
            continue  # "during Diwali": a festival or a season, not a place
        entities.append(Entity(type_, _canonical(members, type_), sorted(members, key=lambda m: m.start)))
    entities.sort(key=lambda e: e.mentions[0].start)
    return Entities(entities)


def _datelines(doc: Doc, lines: Lines) -> tuple[list[Mention], list[tuple[int, int]]]:
    """The place of each paragraph-opening dateline ("MADRID —", "BUFFALO, N.Y. —", "WASHINGTON
    (Reuters) -") as a location in its usual spelling, and the character ranges of the
    datelines' city and agency: the model's all-caps (often mistyped) entities there are not
    mentions, and the agency is a credit."""
    places, spans = [], []
    for match in DATELINE.finditer(text_of(doc)):
        start, end = match.span("city")
        model = doc.char_span(start, end)
        if not (match["region"] or match["agency"]) and model is not None and model[0].ent_type_ in ("ORG", "PERSON"):
            continue  # "NATO — ..." opens a paragraph with a name, not a dateline
        span = doc.char_span(start, end, alignment_mode="expand")
        places.append(_make(span, match["city"].title(), "location", lines))
        spans.append((start, end))
        if match["agency"]:
            spans.append(match.span("agency"))
    return places, spans


def _institutions(doc: Doc, lines: Lines) -> list[Mention]:
    """A country's or city's institution named by a common noun: "the U.S. military"."""
    found = []
    for ent in doc.ents:
        nxt = doc[ent.end] if ent.end < len(doc) else None
        if ent.label_ == "GPE" and nxt is not None and nxt.is_lower and nxt.lower_ in INSTITUTION_NOUNS:
            span = doc[ent.start:ent.end + 1]
            found.append(_make(span, f"{clean_surface(ent.text)} {nxt.text}", "organization", lines))
    return found


def _titled_names(doc: Doc, lines: Lines) -> list[Mention]:
    """Untagged names right after a role written in lower case: "center Casey Mittelstadt",
    "spokesman John Kirby"."""
    found = []
    for i in untagged_proper_nouns(doc):
        if i == 0 or not (doc[i - 1].is_lower and doc[i - 1].lower_ in TITLES) or not doc[i].is_title:
            continue
        end = i
        while end < len(doc) and end - i < 4 and doc[end].pos_ == "PROPN" and doc[end].is_title \
                and doc[end].ent_type_ == "":
            end += 1
        if 2 <= end - i <= 3:
            found.append(_make(doc[i:end], doc[i:end].text, "person", lines))
    return found


def _web_outlets(doc: Doc, lines: Lines) -> list[Mention]:
    """Outlets named by their web address, which the model leaves untagged: "told Polygraph.info"."""
    return [_make(doc[i:i + 1], doc[i].text, "organization", lines) for i in untagged_proper_nouns(doc)
            if doc[i].like_url and doc[i].text[0].isupper() and "/" not in doc[i].text]


def _missed_places(doc: Doc, lines: Lines) -> list[Mention]:
    """Countries and capitals the model left untagged ("Kyiv’s defenders")."""
    found = []
    for tok in map(doc.__getitem__, untagged_proper_nouns(doc)):
        if tok.text not in PLACES:
            continue
        if tok.i + 1 == len(doc) or doc[tok.i + 1].pos_ != "PROPN":
            found.append(_make(doc[tok.i:tok.i + 1], tok.text, "location", lines))
    return found


def _missed_speakers(doc: Doc, lines: Lines) -> list[Mention]:
    """Untagged (or misread) proper nouns that say or tell something: people ("the top-ranked
    Smith said")."""
    found = []
    misread = [ent[0] for ent in doc.ents if len(ent) == 1 and ent.label_ in MISREAD_LABELS]
    for tok in [*map(doc.__getitem__, untagged_proper_nouns(doc)), *misread]:
        if (tok.dep_ == "nsubj" and tok.is_title and lemma(tok.head) in SPEECH_LEMMAS
                and not tok.is_sent_start):
            found.append(_make(doc[tok.i:tok.i + 1], tok.text, "person", lines))
    return found


def _read(ent: Span) -> Span:
    """The model's entity retyped by how the text uses it, and widened to its full name."""
    for retype in (_by_its_list, _by_its_place, _by_its_use):
        ent = retype(ent)
    return _widened(ent)


def _by_its_list(ent: Span) -> Span:
    """A name typed apart from the rest of its coordinated list takes the list's type:
    "Marvel Entertainment, Lucasfilm and BamTech" are all organisations."""
    types = {LABEL_TYPES.get(t.ent_type_) for t in ent.root.conjuncts}
    labels = [t.ent_type_ for t in ent.root.conjuncts]
    if (len(labels) >= 2 and len(types) == 1 and None not in types and ent.label_ in LABEL_TYPES
            and LABEL_TYPES[ent.label_] not in types and ent.text not in PLACES):
        return Span(ent.doc, ent.start, ent.end, label=labels[0])
    if labels and types == {"person"} and ent.label_ in MISREAD_LABELS and is_personal_name(ent.text):
        return Span(ent.doc, ent.start, ent.end, label="PERSON")  # "Marcel Granollers and Feliciano Lopez"
    if labels and types == {"organization"} and ent.label_ == "PERSON" and len(ent) == 1:
        return Span(ent.doc, ent.start, ent.end, label="ORG")  # "the Tennis Federation and Kosmos"
    return ent


def _by_its_place(ent: Span) -> Span:
    """A name used as a place is a place, whatever the model said: it names the kind of place
    after it ("the Rukban camp", "the al-Tanf base") or follows "in"/"near" ("a base in al-Tanf")."""
    if ent.label_ not in ("PERSON", "ORG"):
        return ent
    end = ent.end
    if len(ent) > 1 and ent[-1].is_lower and ent[-1].lower_ in PLACE_NOUNS:
        end -= 1  # the model took the kind of place in: "the al-Tanf zone"
    root = ent.root
    placed = (end < ent.end or root.dep_ == "compound" and root.head.is_lower and root.head.lower_ in PLACE_NOUNS
              or root.dep_ == "pobj" and root.head.lower_ in ("in", "near") and ent.label_ == "PERSON")
    return Span(ent.doc, ent.start, end, label="GPE") if placed else ent


def _by_its_use(ent: Span) -> Span:
    """A one-word "person" used as a company or platform is an organisation: "Twitter users",
    "Tesla shares", "ridicule across Twitter"."""
    root = ent.root
    used = (root.dep_ == "compound" and root.head.is_lower and root.head.lower_ in PATRON_NOUNS
            or root.dep_ == "pobj" and root.head.lower_ in ("across", "via"))
    return Span(ent.doc, ent.start, ent.end, label="ORG") if ent.label_ == "PERSON" and len(ent) == 1 and used else ent


def _widened(ent: Span) -> Span:
    """An organisation name the model cut short: "Argus [Leader]", "Supreme Court [of Ruritania]",
    "US Embassy [in New Delhi]"."""
    doc, end = ent.doc, ent.end
    if ent.label_ != "ORG" or end + 1 >= len(doc):
        return ent
    linked = (doc[end].lower_ in ("of", "for", "on") and ent[-1].lower_ in ORG_WORDS
              or doc[end].lower_ == "in" and ent[-1].lower_ in POSTED_WORDS)
    if linked and _is_name_word(doc[end + 1]):
        end += 2
        while end < len(doc) and (_is_name_word(doc[end]) or doc[end].lower_ == "and"
                                  and end + 1 < len(doc) and _is_name_word(doc[end + 1])):
            end += 1
    else:
        while (end < len(doc) and doc[end].ent_type_ == "" and doc[end].pos_ in ("PROPN", "NOUN")
               and doc[end].is_title and not doc[end].is_sent_start and not _titles_a_name(doc, end)):
            end += 1
    return ent if end == ent.end else Span(doc, ent.start, end, label=ent.label_)


def _titles_a_name(doc: Doc, i: int) -> bool:
    """A title word before a name ("Labour Leader Keir Starmer"), not the end of one ("Argus Leader")."""
    return (doc[i].lower_.rstrip(".") in TITLES and i + 1 < len(doc) and doc[i + 1].pos_ == "PROPN"
            and doc[i + 1].is_title)


def _is_name_word(tok: Token) -> bool:
    return tok.is_title and tok.ent_type_ in NAME_LABELS


def _mentions(ent: Span, lines: Lines) -> list[Mention]:
    """The cleaned mentions of one model entity; a possessive or a bracket inside splits it
    ("Tufts University’s Feinstein International Center")."""
    if ent.label_ in ("NORP", "PERSON", "ORG") and ent[-1].lower_ in PARTIES:
        return [_make(ent, PARTIES[ent[-1].lower_], "organization", lines)]  # "Virginia Democrats"
    type_ = LABEL_TYPES.get(ent.label_)
    if not type_:
        return []
    parts, current = [], []
    for tok in ent:
        if tok.tag_ == "POS" or tok.text in ("(", ")"):
            parts.append(current)
            current = []
        else:
            current.append(tok)
    parts.append(current)
    return [m for part in parts if (m := _mention(ent.doc, part, type_, lines))]


def _mention(doc: Doc, tokens: list[Token], type_: str, lines: Lines) -> Mention | None:
    while tokens and (tokens[0].lower_ == "the" or tokens[0].is_punct):
        tokens = tokens[1:]
    while tokens and (tokens[-1].is_punct and tokens[-1].text != "." or tokens[-1].like_num
                      or not any(c.isalpha() for c in tokens[-1].text)):
        tokens = tokens[:-1]  # trailing scores and punctuation: "Chile 3-0"
    if type_ == "person":
        while len(tokens) > 1 and (tokens[0].pos_ == "ADJ" or tokens[0].tag_ == "NNPS"):
            tokens = tokens[1:]  # "Russian" in "Russian Vladimir Putin", "Browns" in "Browns DL ..."
    if not tokens:
        return None
    span = doc[tokens[0].i:tokens[-1].i + 1]
    text = clean_surface(span.text)
    if type_ == "person":
        text = strip_titles(text)
        if len(text.split()) > 1 and not is_personal_name(text) or text.lower().rstrip(".") in TITLES:
            return None  # "Garrett hit Rudolph", a bare "Cmdr."
        if len(span) == 1 and span.root.tag_ == "NNPS":
            type_ = "organization"  # "Steelers": a team, not a person
        elif len(span) == 1 and _describes_a_thing(span.root):
            return None  # "the Sikh minority", "Goddard scientist", "the Berm": not a person here
    if type_ == "organization":
        text = _owning_place(span) + text
    text = fold_alias(text)
    words = text.lower().split()
    if (len(text) < 2 or not any(c.isupper() for c in text) or words[-1] in EVENT_WORDS
            or not any(c.isalpha() for c in text) or text.lower() in ZONES or _SERIES_LABEL.match(text)):
        return None  # ... or a time zone: "(0100 GMT)", or a label: "Group A"
    if any(t.is_lower and t.pos_ in ("VERB", "AUX") for t in span):
        return None  # a clause the model read as a name: "Garrett hit Rudolph"
    if _shouted(span, lines.text):
        return None  # "GET OUT and VOTE ... for your GREAT Governor!" in a quoted post
    if _titled_work(span, lines.text):
        return None  # a title in its own quotation marks: classics including “Mary Poppins”
    if is_credit(text):
        return None  # a photo agency or a picture credit is page furniture
    if type_ == "location" and text not in FOLDED_TYPES and _is_demonym(span):
        return None
    if len(span) == 1 and span.root.tag_ in ("NNPS", "NNS") and _DEMONYM_PLURAL.search(text):
        return None  # people of a place, whatever the model called them: "Delhiites", "Muscovites"
    return _make(span, text, type_, lines)


def _describes_a_thing(tok: Token) -> bool:
    """A one-word name after "the", or qualifying a common noun that is not the person's own
    following ("the Sikh religious minority", not "the Trump administration")."""
    if tok.dep_ in ("compound", "nmod", "amod") and tok.head.pos_ == "NOUN" and tok.head.is_lower:
        return tok.head.lower_ not in FOLLOWING_NOUNS
    return tok.i > 0 and tok.doc[tok.i - 1].lower_ == "the"


def _titled_work(span: Span, body: str) -> bool:
    """A name that fills a quotation by itself, “Mary Poppins”: the title of a work."""
    before = body[span.start_char - 1:span.start_char]
    after = body[span.end_char:span.end_char + 1]
    return before in ("“", '"', "‘") and after in ("”", '"', "’")


def _shouted(span: Span, body: str) -> bool:
    """An ordinary verb or adjective in capitals inside a quotation: emphasis, not a name."""
    paragraph = body[body.rfind("\n", 0, span.start_char) + 1:span.start_char]
    inside = paragraph.count("“") > paragraph.count("”") or paragraph.count('"') % 2 == 1
    return inside and any(t.is_upper and t.is_alpha and len(t) >= 3 and is_verb_or_adjective(t.lower_)
                          for t in span)


def _owning_place(span: Span) -> str:
    """The place a department or ministry belongs to, with a space, when the text gives it in the
    possessive ("South Dakota's Department of Social Services"), else ""."""
    doc, i = span.doc, span.start
    if span[0].lower_ not in ("department", "ministry") or i < 2 or doc[i - 1].tag_ != "POS":
        return ""
    j = i - 1
    while j > 0 and doc[j - 1].ent_type_ == "GPE":
        j -= 1
    return f"{doc[j:i - 1].text} " if j < i - 1 else ""


def _make(span: Span, text: str, type_: str, lines: Lines) -> Mention:
    line = lines.at(span.start_char)
    return Mention(span.start_char, span.end_char, text, type_,
                   is_subject=span.root.dep_ in SUBJECT_DEPS or span.root.dep_ == "appos"
                   and span.root.head.dep_ in SUBJECT_DEPS,
                   aside=clean_surface(line) == text or lines.outside_prose(span.start_char, span.end_char),
                   opens_sentence=span[0].is_sent_start,
                   timed=span.root.dep_ == "pobj" and span.root.head.lower_ in TIME_PREPOSITIONS)


def _is_demonym(span: Span) -> bool:
    """ "French", "Russians": nationalities and adjectives are not places."""
    root = span.root
    if root.dep_ == "pobj" and root.head.lower_ in ("in", "to", "from", "near", "at"):
        return False  # "the shelters in Homs": a place, whatever its plural look
    return len(span) == 1 and (root.tag_ in ("JJ", "NNPS", "NNS") or root.text.endswith(("ans", "ese")))


def _defined_acronyms(doc: Doc, lines: Lines) -> tuple[list[Mention], dict[str, str]]:
    """Names defined with their acronym, "the Northern Ports Authority (NPA)", "Maghawir al Thawra,
    or MaT": the long name as an organisation mention, and acronym key -> long name key."""
    mentions, keys = [], {}
    for tok in doc[2:-1]:
        if not (2 <= len(tok) <= 6 and tok.text[0].isupper() and tok.is_alpha
                and sum(c.isupper() for c in tok.text) >= 2):
            continue  # "NPA", and mixed-case acronyms: "MaT", "MoD"
        if doc[tok.i - 1].text == "(" and doc[tok.i + 1].text == ")":
            start = tok.i - 1  # "the Northern Ports Authority (NPA)"
        elif doc[tok.i - 1].lower_ == "or" and doc[tok.i - 2].text == ",":
            start = tok.i - 2  # "Maghawir al Thawra, or MaT"
        else:
            continue
        end = start
        while start > 0 and (doc[start - 1].is_title or doc[start - 1].is_upper and doc[start - 1].is_alpha
                             or doc[start - 1].lower_ in NAME_JOINERS and start - 1 > 0
                             and doc[start - 2].is_title):
            start -= 1
        start += doc[start].lower_ == "the"
        span = doc[start:end]
        if len(span) > 1 and _initials_spell(acronym(span.text), tok.text):
            mentions.append(_make(span, clean_surface(span.text), "organization", lines))
            keys[tok.lower_] = name_key(mentions[-1].text)
    return mentions, keys


def _repeated(defined: list[Mention], doc: Doc, lines: Lines) -> list[Mention]:
    """The other occurrences of each defined long name ("... the office of the New York State
    Attorney General"), where the model may have cut it into pieces."""
    found, body = [], lines.text
    for name in {m.text for m in defined}:
        at = body.find(name)
        while at >= 0:
            span = doc.char_span(at, at + len(name))
            if span is not None and not any(m.start == at for m in defined):
                found.append(_make(span, name, "organization", lines))
            at = body.find(name, at + len(name))
    return found


def _initials_spell(initials: str, short: str) -> bool:
    """ "NYSAG" spells "NYAG": same first letter, the rest of its capitals in order."""
    rest, capitals = iter(initials[1:]), [c for c in short if c.isupper()]
    return initials[:1] == short[:1] and all(c in rest for c in capitals[1:])


def _group(mentions: list[Mention], acronyms: dict[str, str]) -> list[list[Mention]]:
    """Group mentions naming the same thing: same key; a surname (or a first name) of a longer
    person name; the acronym of a longer organisation name."""
    by_key: dict[str, list[Mention]] = {}
    for m in mentions:
        by_key.setdefault(name_key(m.text), []).append(m)
    votes = {k: Counter(m.type for m in ms) for k, ms in by_key.items()}
    full_names = [k for k, v in votes.items() if is_personal_name(by_key[k][0].text)
                  and v["location"] < sum(v.values())]
    long_orgs = {acronym(by_key[k][0].text).lower(): k for k, v in votes.items()
                 if v["organization"] and len(k.split()) > 2}
    orgs = [k for k, v in votes.items() if v["organization"] and len(k.split()) > 1]
    target = {k: v for k, v in acronyms.items() if k in by_key and v in by_key}
    for key, vote in votes.items():
        if key in target:
            continue
        words = key.split()
        if key.title() in PLACES:
            continue
        longer = [p for p in full_names if len(p.split()) > len(words)]
        surname = [p for p in longer if p.split()[-len(words):] == words]
        if len(surname) > 1:
            surname = [p for p in surname if votes[p]["person"]]
        first = [p for p in longer if vote["person"] and p.split()[:len(words)] == words]
        if len(surname) == 1:
            target[key] = surname[0]
        elif not surname and len(first) == 1:
            target[key] = first[0]
        elif len(words) == 1 and key in long_orgs:
            target[key] = long_orgs[key]
        elif len(words) == 1 and vote["organization"] and len(
                prefixed := [o for o in orgs if o.split()[0] == key]) == 1:
            target[key] = prefixed[0]  # "SoftBank" for "SoftBank Group Corp"
        elif len(words) == 1 and vote["organization"] and len(
                suffixed := [o for o in orgs if o.split()[-1] == key]) == 1:
            target[key] = suffixed[0]  # "the Union" for "the European Union"
    groups: dict[str, list[Mention]] = {}
    for key, ms in by_key.items():
        root = key
        while root in target:
            root = target[root]
        groups.setdefault(root, []).extend(ms)
    return list(groups.values())


def _type(members: list[Mention]) -> str:
    """Majority of the model's labels, except that a full name also used by its surname alone is a
    person, and a name ending in an organisation word is not."""
    folded = next((FOLDED_TYPES[m.text] for m in members if m.text in FOLDED_TYPES), None)
    if folded:
        return folded
    votes = Counter(m.type for m in members)
    longest_text = max((m.text for m in members), key=lambda t: len(t.split()))
    if longest_text in PLACES:
        return "location"
    keys = {name_key(m.text) for m in members}
    longest = name_key(longest_text)
    if is_personal_name(longest_text) and any(k != longest and longest.endswith(" " + k) for k in keys):
        return "person"
    type_ = votes.most_common(1)[0][0]
    if type_ == "person" and longest.split()[-1] in ORG_WORDS:
        return "organization"
    others = [(n, t) for t, n in votes.items() if t != "person"]
    lone_word = len(keys) == 1 and len(longest.split()) == 1
    if type_ == "person" and lone_word and others and max(others)[0] >= votes["person"]:
        return max(others)[1]  # on a tie, a lone word is rarely a person
    return type_


def _canonical(members: list[Mention], type_: str) -> str:
    """The most complete form: most words, then most frequent, then first seen."""
    forms = Counter(m.text for m in members)
    first = {m.text: -m.start for m in sorted(members, key=lambda m: -m.start)}
    return max(forms, key=lambda f: (len(f.split()), forms[f], first[f]))
