"""People, organisations and places of one article, each under one canonical name."""

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import accumulate, islice

from rapidfuzz import fuzz, process
from spacy.tokens import Doc, Span, Token

from service.pipeline.enrich import missed_mentions as missed
from service.pipeline.enrich.acronyms import initials, is_acronym
from service.pipeline.enrich.entity_types import (
    Candidate,
    Typer,
    default_typer,
    features,
    on_author_notes,
    on_credit_lines,
)
from service.pipeline.enrich.gazetteer import LISTED_COMPANIES, PLACES, company_key
from service.pipeline.enrich.mentions import LABEL_TYPES, Mention, mention_of
from service.pipeline.enrich.names import (
    EVENT_WORDS,
    ORG_WORDS,
    PARTIES,
    TITLES,
    clean_surface,
    fold_alias,
    is_personal_name,
    name_key,
    strip_titles,
    written_as_company,
)
from service.pipeline.enrich.nlp import lemma_index, lower_case_words, text_of, untagged_proper_nouns
from service.pipeline.enrich.retyping import NAMED_PLACE_NOUNS, corrected, joined_organisations, opens_a_dateline
from service.pipeline.enrich.rules import active, on
from service.pipeline.text.layout import Lines
from service.pipeline.text.person_names import given_names, known_name_words
from service.pipeline.vocabulary import words

ENTITY_TYPES = ("person", "organization", "location")
MAX_VARIANTS = 5  # close forms of one name beyond which none is chosen (a page of look-alike names)
VARIANT_RATIO = 85  # rapidfuzz ratio (0-100) from which two spellings of one person's name are one
NAME_LABELS = frozenset({*LABEL_TYPES, "NORP", "PERSON", "ORG"})
OTHER_LABELS = frozenset({"PRODUCT", "WORK_OF_ART", "EVENT", "LAW", "LANGUAGE"})
OTHER = "other"  # the rules' type of a candidate none of the three types fits
# Nouns a person's name qualifies as that person's own: "the Trump administration", "Putin critics".
FOLLOWING_NOUNS = words("following_nouns")
# Words that open a storm's name ("Hurricane Ana", "Tropical Cyclone Ana").
STORM_WORDS = words("storm_words")
CLUB_NAME_ENDS = words("club_name_ends")
CHILD_NOUNS = words("child_nouns")
OFFICE_NOUNS = words("office_nouns")
OFFICE_REACH = 16  # characters either side of a name in which its office's words are looked for
SLASHED = re.compile(r"[^\W\d_]{2}/[^\W\d_]{2}")  # two names written as a pair: "Lindqvist/Moreau"

# Finders of the mentions the model misses, by rule name.
FINDERS = (
    ("missed_places", missed.missed_places),
    ("missed_speakers", missed.missed_speakers),
    ("institutions", missed.institutions),
    ("titled_names", missed.titled_names),
    ("party_districts", missed.party_districts),
    ("untagged_datelines", missed.untagged_datelines),
)


@dataclass
class Entity:
    type: str
    name: str
    mentions: list[Mention] = field(default_factory=list)

    @property
    def aliases(self) -> list[str]:
        return sorted({m.text for m in self.mentions} - {self.name})

    def as_dict(self) -> dict:
        return {"type": self.type, "name": self.name, "count": len(self.mentions), "aliases": self.aliases}


class Entities:
    """The entities of one document, with a lookup from a character span to its entity."""

    def __init__(self, entities: list[Entity]):
        self.items = entities
        # Every mention by start, with its entity's rank; entities by the last word of their name.
        spots = sorted((m.start, m.end, rank) for rank, e in enumerate(entities) for m in e.mentions)
        self._starts = [s for s, _, _ in spots]
        self._spots = spots
        self._reach = max((end - start for start, end, _ in spots), default=0)
        self._by_last_word: dict[str, list[Entity]] = {}
        for e in entities:
            if " " in e.name:
                self._by_last_word.setdefault(e.name.split()[-1], []).append(e)

    def at(self, start: int, end: int) -> Entity | None:
        """The first entity with a mention overlapping body[start:end]."""
        lo, hi = bisect_left(self._starts, start - self._reach), bisect_left(self._starts, end)
        ranks = [rank for s, e, rank in self._spots[lo:hi] if s < end and start < e]
        return self.items[min(ranks)] if ranks else None

    def named(self, word: str) -> Entity | None:
        """The one entity whose several-word canonical name ends with `word` ("Schwartzman")."""
        hits = self._by_last_word.get(word, [])
        return hits[0] if len(hits) == 1 else None

    def mentions(self, type_: str) -> list[tuple[Mention, Entity]]:
        """All mentions of entities of one type, in text order."""
        return sorted(((m, e) for e in self.items if e.type == type_ for m in e.mentions), key=lambda me: me[0].start)

    def names(self) -> dict[str, list[str]]:
        return {t: [e.name for e in self.items if e.type == t] for t in ENTITY_TYPES}

    def details(self) -> list[dict]:
        return [e.as_dict() for e in self.items]


def extract_entities(doc: Doc, typer: Typer | None = None) -> Entities:
    """Find, clean, group, type and name the entities of a parsed article: each candidate group
    (see `candidates`) is typed by the learned model (`typer`, by default the packaged one)."""
    typer = typer or default_typer()
    lower_words = lower_case_words(doc)
    entities = []
    for cand in candidates(doc):
        feats = features(doc, cand, lower_words)
        # no known name, every mention the subject of a publishing verb ("..., reports X"): an outlet
        publisher = feats.get("publishes", 0) > 0.999 and "no_known_name" in feats
        excluded = ("person",) if publisher and on("publishers_not_people") else ()
        if (
            on("storms")
            and _names_a_storm(cand)
            or on("offices")
            and _only_in_an_office(doc, cand)
            or on("credit_lines")
            and on_credit_lines(doc, cand.members)
            or on("author_notes")
            and on_author_notes(doc, cand.members)
        ):
            continue  # "Hurricane Ana"; "(Reporting by Ann Lee)"; "Ann Lee is a staff writer": no entity of the article
        type_ = typer.type_of(feats, excluded)
        if type_ not in (None, "person") and on("titled_people") and _after_a_title(doc, cand):
            type_ = "person"  # "President Kestrel": whatever the model made of "Kestrel" elsewhere
        if type_ == "person" and on("companies_not_people") and any(written_as_company(m.text) for m in cand.members):
            type_ = "organization"  # "Fjord Havn AS": a company, however personal its name looks
        if type_ == "person" and on("clubs_not_people") and any(_names_a_club(m.text) for m in cand.members):
            type_ = "organization"  # "Kestrel Rovers": a club
        if type_ != "organization" and on("listed_companies") and _names_a_company(cand):
            type_ = "organization"  # "Sysco": a listed company, whatever the model made of it
        if type_ != "location" and on("named_places") and _names_a_place(cand, type_):
            type_ = "location"  # "Marrowby International Airport", "Harlow Street"
        if type_ is not None:
            # a name the parser read as an organisation keeps its title: "Councillor Ann Lee" -> "Ann Lee"
            name = strip_titles(cand.name) if type_ == "person" and cand.rule_type != "person" else cand.name
            entities.append(Entity(type_, name, cand.members))
    if on("surnames_of_people"):
        entities = _surnames_to_people(entities)
    return Entities(entities)


def _surnames_to_people(entities: list[Entity]) -> list[Entity]:
    """The organisations named by one word that is the family name of people of the text ("Brekke
    said ..." typed an organisation where the text has "Tomas Brekke" and "Ingrid Brekke") joined to
    the one of them the text names first, as a surname alone names the story's principal; a listed
    company or an acronym keeps its name."""
    people: dict[str, Entity] = {}
    for e in sorted(entities, key=lambda e: min(m.start for m in e.mentions)):
        if e.type == "person" and " " in e.name:
            people.setdefault(e.name.split()[-1], e)
    out = []
    for e in entities:
        person = people.get(e.name) if e.type == "organization" and not e.name.isupper() else None
        if person is None or company_key(e.name) in LISTED_COMPANIES:
            out.append(e)
        else:
            person.mentions = sorted([*person.mentions, *e.mentions], key=lambda m: m.start)
    return out


def _names_a_storm(cand: Candidate) -> bool:
    """A storm named after a storm word ("Hurricane Ana", "Tropical Cyclone Ana", and "Ana" grouped
    with them): a weather event, whatever its name looks like."""
    return any(w.lower() in STORM_WORDS for m in cand.members for w in m.text.split()[:-1])


def _only_in_an_office(doc: Doc, cand: Candidate) -> bool:
    """A name only ever written inside a minister's or secretary's office before the holder's name:
    "Secretary of State Ann Lee", "Defence Minister Ann Lee" (the office, not an organisation)."""
    text = text_of(doc)
    for m in cand.members:
        after = text[m.end : m.end + OFFICE_REACH].split()[:1]
        before = text[max(0, m.start - OFFICE_REACH) : m.start].split()[-2:]
        titled = bool(after) and after[0].lower() in OFFICE_NOUNS  # "Defence Minister Ann Lee"
        office_of = len(before) == 2 and before[0].lower() in OFFICE_NOUNS and before[1] == "of"
        span = doc.char_span(m.start, m.end, alignment_mode="expand") if titled or office_of else None
        if span is None:
            return False
        holder = span.end + 1 if titled else span.end  # past "Minister" in "Defence Minister Ann Lee"
        if not (holder < len(doc) and doc[holder].ent_type_ == "PERSON"):
            return False
    return True


def _names_a_club(name: str) -> bool:
    """A name of several capitalised words whose last ends sports clubs' names ("Ayr United")."""
    words = name.split()
    return len(words) > 1 and words[-1][:1].isupper() and words[-1].lower() in CLUB_NAME_ENDS


def _names_a_company(cand: Candidate) -> bool:
    """A name of a company of a stock index ("Sysco", "Walt Disney"), not one word that is also a
    given or family name ("Dana")."""
    name = max((m.text for m in cand.members), key=len)
    key = company_key(name)
    return key in LISTED_COMPANIES and (" " in name or key not in known_name_words())


def _names_a_place(cand: Candidate, type_: str | None) -> bool:
    """A name of several words ending in a kind of place, capitalised ("Kestrel Airport"), and not
    an organisation named like a club ("Kingsbridge Town") nor a person whose name opens with a
    given name ("Veronica Lake"; "Downing Street" is no person)."""
    name = max((m.text for m in cand.members), key=len)
    words = name.split()
    club = type_ == "organization" and _names_a_club(name)
    person = type_ == "person" and words[0].lower() in given_names()
    return len(words) > 1 and words[-1].istitle() and words[-1].lower() in NAMED_PLACE_NOUNS and not (club or person)


def _after_a_title(doc: Doc, cand: Candidate) -> bool:
    """A name written at least once right after a capitalised title of a person ("President Kestrel",
    "Mrs. Ayr"; `titles.txt`), or opening with one before a personal name ("Councillor Ines Moreau",
    the title read into the name); not ending in an organisation noun."""
    words = cand.name.lower().split()
    if words[-1] in ORG_WORDS:
        return False
    if cand.name[:1].isupper() and words[0].rstrip(".") in TITLES and len(words) > 2:
        rest = words[1:]  # a name of known given and family names: "Ines Moreau", not "York Times"
        return is_personal_name(cand.name.split(None, 1)[1]) and {rest[0], rest[-1]} <= known_name_words()
    if any(w.rstrip(".") in TITLES for w in words):
        return False
    for m in cand.members:
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is not None and span.start > 0:
            prev = doc[span.start - 1]
            if prev.text[:1].isupper() and prev.lower_.rstrip(".") in TITLES:
                return True
    return False


def candidates(doc: Doc) -> list[Candidate]:
    """Every group of mentions that may name a person, organisation or place: the model's
    entities (corrected and cleaned), the names it misses (missed_mentions), its other labels
    (works, products, events) and untagged runs of proper nouns; each with the rules' type and
    whether the rules keep it (features for the learned typing)."""
    lines = Lines(text_of(doc))
    mentions = []
    for ent in joined_organisations(doc) if on("joined_organisations") else doc.ents:
        fixed = corrected(ent)
        found = _mentions(fixed, lines) if fixed.label_ in NAME_LABELS else _other(fixed, lines)
        mentions += [_labelled(m, ent.label_) for m in found]
    for name, find in FINDERS:
        if on(name):
            mentions += [_labelled(m, name) for m in find(doc, lines)]
    mentions += _proper_noun_runs(doc, lines, mentions)
    lower_words = lower_case_words(doc)
    found_groups = []
    for members in _group(mentions):
        type_ = _type(members)
        kept = not (
            all(m.aside for m in members)  # a heading or a caption naming nothing in the text
            # a common word capitalised only by its place: "Rice production ..."
            or (
                on("capitalised_common_words")
                and all(m.opens_sentence and " " not in m.text and m.text.lower() in lower_words for m in members)
            )
            # "during Diwali": a festival or a season, not a place
            or (on("timed_places") and type_ == "location" and any(m.timed for m in members))
            or type_ not in ENTITY_TYPES
        )
        members.sort(key=lambda m: m.start)
        found_groups.append(Candidate(members, type_, kept, _canonical(members, type_)))
    found_groups.sort(key=lambda c: c.members[0].start)
    return found_groups


def _labelled(mention: Mention, label: str) -> Mention:
    mention.label = label
    return mention


def _other(ent: Span, lines: Lines) -> list[Mention]:
    """A name the model gives another label (a work, a product, an event): a candidate."""
    if ent.label_ not in OTHER_LABELS:
        return []
    return [m for part in _split(ent, _line_break) if (m := _mention(ent.doc, part, OTHER, lines))]


def _proper_noun_runs(doc: Doc, lines: Lines, mentions: list[Mention]) -> list[Mention]:
    """Capitalised runs of proper nouns outside every entity and mention found so far."""
    taken = _Ranges([(m.start, m.end) for m in mentions])
    capitalised = {k for k in untagged_proper_nouns(doc) if doc[k].text[:1].isupper()}
    found = []
    end = 0  # where the last run (or the organisation it widened to) ends
    for start in sorted(capitalised):
        if start < end:
            continue
        end = start
        while end in capitalised:
            end += 1
        if not taken.cover(doc[start].idx):
            if on("organisation_runs") and doc[end - 1].lower_ in ORG_WORDS:
                # "the Harbour Club of Ruritania": named as an organisation, widened as the model's are
                run = corrected(Span(doc, start, end, label="ORG"))
                found += [_labelled(m, "propn_org") for m in _mentions(run, lines)]
                end = max(end, run.end)
            elif mention := _mention(doc, list(doc[start:end]), OTHER, lines):
                found.append(_labelled(mention, "propn"))
    return found


class _Ranges:
    """Character ranges [start, end), asked whether one covers a position."""

    def __init__(self, ranges: list[tuple[int, int]]):
        ranges = sorted(ranges)
        self.starts = [start for start, _ in ranges]
        self.reach = list(accumulate((end for _, end in ranges), max))  # the furthest end so far

    def cover(self, pos: int) -> bool:
        k = bisect_right(self.starts, pos) - 1
        return k >= 0 and self.reach[k] > pos


def _mentions(ent: Span, lines: Lines) -> list[Mention]:
    """The cleaned mentions of one model entity; a possessive, a bracket or a line break inside
    splits it ("Tufts University’s Feinstein International Center", a heading "About Acme Water" run
    into the line under it), but not an organisation's plural possessive ("the Dockers' Federation",
    "Veterans' Affairs") nor one before an organisation noun ending it ("the County Sheriff's Office")."""
    if on("party_members") and ent.label_ in ("NORP", "PERSON", "ORG") and ent[-1].lower_ in PARTIES:
        if len(ent) > 1 and all(tok.lower_ in lemma_index()["adj"] for tok in ent[:-1]):
            return [mention_of(ent, clean_surface(ent.text), "organization", lines)]  # a party: "Liberal Democrats"
        return [mention_of(ent, PARTIES[ent[-1].lower_], "organization", lines)]  # "Virginia Democrats"
    type_ = LABEL_TYPES.get(ent.label_)
    if not type_:
        return []

    def splits(tok: Token) -> bool:
        return (
            tok.tag_ == "POS"
            and not _plural_possessive(tok, type_)
            and not _owns_the_office(tok, ent)
            or tok.text in ("(", ")")
            or _spaced_dash(tok)
            or _line_break(tok)
        )

    return [m for part in _split(ent, splits) if (m := _mention(ent.doc, part, type_, lines))]


def _split(ent: Span, splits: Callable[[Token], bool]) -> list[list[Token]]:
    """The runs of an entity's tokens between the tokens `splits` marks."""
    parts: list[list[Token]] = [[]]
    for tok in ent:
        if splits(tok):
            parts.append([])
        else:
            parts[-1].append(tok)
    return parts


def _line_break(tok: Token) -> bool:
    return tok.is_space and "\n" in tok.text


def _plural_possessive(tok: Token, type_: str) -> bool:
    """A bare apostrophe after a capitalised plural inside an organisation's name ("Dockers' Federation")."""
    before = tok.nbor(-1) if tok.i > 0 else None
    return (
        type_ == "organization"
        and tok.text in ("'", "’")
        and before is not None
        and before.text[-1:] == "s"
        and before.text[:1].isupper()
    )


def _owns_the_office(tok: Token, ent: Span) -> bool:
    """A possessive before an organisation's last word, an organisation noun ("Sheriff's Office")."""
    return on("possessive_offices") and tok.i == ent.end - 2 and ent[-1].lower_ in ORG_WORDS


def _spaced_dash(tok: Token) -> bool:
    """A dash with space either side: two names run together ("Lockdown - Ruritania Radio")."""
    return tok.text in ("-", "–", "—") and bool(tok.whitespace_) and tok.i > 0 and bool(tok.nbor(-1).whitespace_)


def _mention(doc: Doc, tokens: list[Token], type_: str, lines: Lines) -> Mention | None:
    while tokens and (
        tokens[0].lower_ == "the" or tokens[0].is_punct or type_ == "organization" and tokens[0].is_lower
    ):
        tokens = tokens[1:]  # "the", and common words before an organisation: "the state Farm Bureau"
    while tokens and (
        tokens[-1].is_punct
        and tokens[-1].text != "."
        or tokens[-1].like_num
        or not any(c.isalpha() for c in tokens[-1].text)
    ):
        tokens = tokens[:-1]  # trailing scores and punctuation: "Chile 3-0"
    if type_ == "person":
        while len(tokens) > 1 and (
            tokens[0].pos_ == "ADJ" or tokens[0].tag_ == "NNPS" and tokens[0].lower_ not in known_name_words()
        ):
            tokens = tokens[1:]  # "Russian" in "Russian Vladimir Putin", "Browns" in "Browns DL ..." (not "Ines")
    if not tokens:
        return None
    span = doc[tokens[0].i : tokens[-1].i + 1]
    text = clean_surface(span.text)
    if on("children_named") and (parent := _parent(span)):
        text = f"{text} {parent}"  # "Halvorsen's son, Oskar": Oskar Halvorsen
    if type_ == "person":
        text = strip_titles(text)
        if on("person_shape") and (
            len(text.split()) > 1 and not is_personal_name(text) or text.lower().rstrip(".") in TITLES
        ):
            return None  # "Garrett hit Rudolph", a bare "Cmdr."
        if on("plural_person_is_organisation") and len(span) == 1 and span.root.tag_ == "NNPS":
            type_ = "organization"  # "Steelers": a team, not a person
        elif on("person_describes_a_thing") and len(span) == 1 and _describes_a_thing(span.root):
            return None  # "the Sikh minority", "Goddard scientist", "the Berm": not a person here
    text = fold_alias(text)
    if type_ == "location" and on("datelines") and opens_a_dateline(span):
        text = text.title()  # "AUSTIN, Texas -": the place as the text would write it
    if len(text) < 2 or not any(c.isupper() for c in text) or not any(c.isalpha() for c in text):
        return None
    if any(drop(span, text, type_, lines) for drop in active(DROPS)):
        return None
    return mention_of(span, text, type_, lines)


def _parent(span: Span) -> str | None:
    """The family name of the parent a one-word name is the child of: "Halvorsen" for "Oskar" in
    "Halvorsen's son, Oskar" and "Mr Halvorsen's daughter Ingrid"."""
    root = span.root
    if len(span) != 1 or root.dep_ != "appos" or root.head.lower_ not in CHILD_NOUNS:
        return None
    parents = [t for t in root.head.children if t.dep_ == "poss" and t.tag_ == "NNP"]
    return parents[0].text if parents else None


# Tests that drop a cleaned mention, (span, text, type, lines) -> bool, by rule name.
DROPS = (
    ("event_names", lambda span, text, type_, lines: text.lower().split()[-1] in EVENT_WORDS),
    # a clause the model read as a name: "Garrett hit Rudolph"
    ("clauses", lambda span, text, type_, lines: any(t.is_lower and t.pos_ in ("VERB", "AUX") for t in span)),
    # a title in its own quotation marks: classics including “Mary Poppins”
    ("titled_works", lambda span, text, type_, lines: _titled_work(span, lines.text)),
    ("demonyms", lambda span, text, type_, lines: type_ == "location" and _is_demonym(span)),
    # two names written as a pair: "Lindqvist/Moreau", a film's "Kestrel/Ayr" (not a name in capitals: "AC/DC")
    ("slashed_pairs", lambda span, text, type_, lines: bool(SLASHED.search(text)) and not text.isupper()),
)


def _describes_a_thing(tok: Token) -> bool:
    """A one-word name after "the", or qualifying a common noun that is not the person's own
    following ("the Sikh religious minority", not "the Trump administration")."""
    if tok.dep_ in ("compound", "nmod", "amod") and tok.head.pos_ == "NOUN" and tok.head.is_lower:
        return tok.head.lower_ not in FOLLOWING_NOUNS
    return tok.i > 0 and tok.doc[tok.i - 1].lower_ == "the"


def _titled_work(span: Span, body: str) -> bool:
    """A name that fills a quotation by itself, “Mary Poppins”: the title of a work."""
    before = body[span.start_char - 1 : span.start_char]
    after = body[span.end_char : span.end_char + 1]
    return before in ("“", '"', "‘") and after in ("”", '"', "’")


def _is_demonym(span: Span) -> bool:
    """ "French", "Russians": nationalities and adjectives are not places."""
    root = span.root
    if root.dep_ == "pobj" and root.head.lower_ in ("in", "to", "from", "near", "at"):
        return False  # "the shelters in Homs": a place, whatever its plural look
    return len(span) == 1 and (root.tag_ in ("JJ", "NNPS", "NNS") or root.text.endswith(("ans", "ese")))


def _group(mentions: list[Mention]) -> list[list[Mention]]:
    """Group mentions naming the same thing: same key; a surname (or a first name) of a longer
    person name, or another spelling of it; the first or last word of a longer organisation name."""
    by_key: dict[str, list[Mention]] = {}
    for m in mentions:
        by_key.setdefault(name_key(m.text), []).append(m)
    votes = {k: Counter(m.type for m in ms) for k, ms in by_key.items()}
    full_names = [
        k
        for k, v in votes.items()
        if is_personal_name(by_key[k][0].text)
        and (v["location"] < sum(v.values()) or (on("placed_people") and k.split()[0] in known_name_words()))
    ]
    orgs = [k for k, v in votes.items() if v["organization"] and len(k.split()) > 1]
    # Longer names by their last and their first words, organisations by their first and last word.
    by_end: dict[tuple[str, ...], list[str]] = {}
    by_start: dict[tuple[str, ...], list[str]] = {}
    for name in full_names:
        parts = name.split()
        for n in range(1, len(parts)):
            by_end.setdefault(tuple(parts[-n:]), []).append(name)
            by_start.setdefault(tuple(parts[:n]), []).append(name)
    spellings: dict[tuple, dict[str, str]] = {}  # full names by initials, for spelling variants
    for name in full_names:
        parts = name.split()
        spellings.setdefault((parts[-1][0],), {})[name] = parts[-1]
        spellings.setdefault((parts[0][0], parts[-1][0], len(parts)), {})[name] = name
    orgs_by_first: dict[str, list[str]] = {}
    orgs_by_last: dict[str, list[str]] = {}
    for org in orgs:
        orgs_by_first.setdefault(org.split()[0], []).append(org)
        orgs_by_last.setdefault(org.split()[-1], []).append(org)
    abbreviated: dict[str, list[str]] = {}  # multi-word names by their initials, for their acronyms
    for key, ms in by_key.items():
        if len(key.split()) > 1 and not ms[0].text.isupper():
            abbreviated.setdefault(initials(ms[0].text), []).append(key)
    target: dict[str, str] = {}
    for key, vote in votes.items():
        words = key.split()
        if on("places_stand_alone") and key.title() in PLACES:
            continue
        surname = by_end.get(tuple(words), [])
        if len(surname) > 1:
            surname = _outermost([p for p in surname if votes[p]["person"]])
        first = by_start.get(tuple(words), []) if vote["person"] else []
        if (
            on("acronyms_join")
            and is_acronym(by_key[key][0].text)
            and len(spelt := abbreviated.get(by_key[key][0].text.replace(".", ""), [])) == 1
        ):
            target[key] = spelt[0]  # "CPJ" for "Committee to Protect Journalists"
        elif on("surnames_join") and len(surname) == 1:
            target[key] = surname[0]
        elif on("first_names_join") and not surname and len(first) == 1:
            target[key] = first[0]
        elif (
            on("spelling_variants")
            and not (vote["organization"] or vote["location"])  # a person, or a name of no type yet
            and (variant := _variant(key, spellings, by_key))
        ):
            target[key] = variant  # "Volodymyr Zelenskyy" for "Volodymyr Zelensky", "Zelensky" for either
        elif (
            on("org_prefixes_join")
            and len(words) == 1
            and vote["organization"]
            and len(prefixed := orgs_by_first.get(key, [])) == 1
        ):
            target[key] = prefixed[0]  # "SoftBank" for "SoftBank Group Corp"
        elif (
            on("org_suffixes_join")
            and vote["organization"]
            and len(suffixed := _ended_by(key, orgs_by_last.get(words[-1], []))) == 1
        ):
            target[key] = suffixed[0]  # "the Union" for "the European Union", "the Sheriff's Office" for the county's
    groups: dict[str, list[Mention]] = {}
    for key, ms in by_key.items():
        root = key
        while root in target:
            root = target[root]
        groups.setdefault(root, []).extend(ms)
    return list(groups.values())


def _ended_by(key: str, names: list[str]) -> list[str]:
    """The longer of `names` that end with the whole of `key`."""
    return [name for name in names if name.endswith(" " + key)]


def _outermost(names: list[str]) -> list[str]:
    """The longer person names a surname ends, a name inside another counted as that one ("Neil
    Heywood" in "Briton Neil Heywood", which it joins)."""
    return [p for p in names if not any(q.endswith(" " + p) for q in names)]


def _variant(key: str, spellings: dict[tuple, dict[str, str]], by_key: dict[str, list[Mention]]) -> str | None:
    """The person name that `key` (a full name, or a surname alone) spells differently: same
    initials, nearly the same letters (rapidfuzz ratio >= VARIANT_RATIO). A full name joins a
    more used (then larger) one, so two forms never point at each other; when several close forms
    qualify and they are all variants of each other, the most used one. `spellings` holds the full
    names by their last initial (as a surname) and by first initial, last initial and length."""
    words = key.split()
    if len(words[-1]) < 4:
        return None

    def rank(name: str) -> tuple[int, str]:
        return len(by_key[name]), name

    alone = len(words) == 1
    choices = spellings.get((words[-1][0],) if alone else (words[0][0], words[-1][0], len(words)), {})
    matches = process.extract_iter(key, choices, scorer=fuzz.ratio, score_cutoff=VARIANT_RATIO)
    close = [name for _, _, name in islice(matches, MAX_VARIANTS + 2) if name != key]
    if len(close) > MAX_VARIANTS:
        return None  # a page of look-alike names: too many to choose from
    found = [name for name in close if alone or rank(name) > rank(key)]
    if not found or any(fuzz.ratio(found[0], other) < VARIANT_RATIO for other in found[1:]):
        return None
    return max(found, key=rank)


def _type(members: list[Mention]) -> str:
    """Majority of the model's labels, except that a country or capital is a location and a full
    name also used by its surname alone is a person."""
    votes = Counter(m.type for m in members)
    longest_text = max((m.text for m in members), key=lambda t: len(t.split()))
    if on("gazetteer_places") and longest_text in PLACES:
        return "location"
    keys = {name_key(m.text) for m in members}
    longest = name_key(longest_text)
    if (
        on("surname_makes_person")
        and is_personal_name(longest_text)
        and any(k != longest and longest.endswith(" " + k) for k in keys)
    ):
        return "person"
    return votes.most_common(1)[0][0]


def _canonical(members: list[Mention], type_: str) -> str:
    """The most complete form: written as the text writes it rather than shouted in capitals (a
    heading's "HARBOURVALE STEELWORKS"; acronyms of up to three letters count as written), then most
    words, then most frequent, then first seen."""
    forms = Counter(m.text for m in members)
    first = {m.text: -m.start for m in sorted(members, key=lambda m: -m.start)}
    return max(forms, key=lambda f: (not f.isupper() or len(f) < 4, len(f.split()), forms[f], first[f]))
