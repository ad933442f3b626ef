"""Learned entity typing: person, organisation, location or not an entity, for one candidate group.

A candidate is a group of mentions that name one thing (see entities.candidates). Its features
describe the names and how the text uses them; a multinomial logistic regression, trained on the
development annotations (benchmarks/eval_enrich.py train), weighs them. The weights are a small
JSON file in service/pipeline/data/, read once per process.
"""

import json
import math
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from spacy.tokens import Doc, Span, Token

from service.pipeline.enrich.acronyms import expanded, initials, is_acronym
from service.pipeline.enrich.gazetteer import LEADING_THE, PLACES, wordnet_kinds
from service.pipeline.enrich.mentions import Mention
from service.pipeline.enrich.names import (
    EVENT_WORDS,
    ORG_WORDS,
    ROLES,
    has_legal_form,
    is_personal_name,
)
from service.pipeline.enrich.nlp import lemma, lemma_index, line_starts, text_of
from service.pipeline.text.person_names import known_name_words
from service.pipeline.vocabulary import entries
from service.pipeline.vocabulary import words as vocabulary

MODEL_FILE = "entity_typing.json"
NOT_AN_ENTITY = "none"
PUBLISHING_LEMMAS = vocabulary("publishing_lemmas")
PLACE_NOUNS = vocabulary("place_nouns")
# The names of news sites' domains ("politico", "usatoday"), from newspaper4k (benchmarks/news_sites.py).
NEWS_SITES = vocabulary("news_sites")
ORGANISATION_KINDS = vocabulary("organisation_kinds") | ORG_WORDS
SPOKEN_TO_LEMMAS = frozenset("speak talk say".split())  # "speaking to Kestrel", "said to Kestrel"
CUE_LEMMAS = frozenset("say tell add write explain note claim warn argue insist ask reply".split())
PLACE_PREPOSITIONS = frozenset("in at from to near".split())
AFFILIATION_PREPOSITIONS = frozenset("of for at with".split())  # "Ann Lee of Kestrel", "a reporter for Kestrel"
PROSE_ENDS = '.!?"”’:'
# A byline's or credit line's lead and the names before the mention: "(Reporting by Ann Lee, Bo Ray",
# "By ANN LEE and", "... shared by", "Credit... ".
_NAMES_BEFORE = r"\s*[:：-]?\s+(?:[A-Z][\w.'’-]*[\s,;]+(?:and\s+|&\s+)?){0,8}$"
CREDIT_LEAD = re.compile(r"^\W*(?i:" + "|".join(entries("byline_leads")) + ")" + _NAMES_BEFORE)
CREDIT_BY = re.compile(
    r"\b(?i:by|from|credits?[.…:|/]+|(?:photo(?:graph)?|picture|image|illustration)s?\s*:)" + _NAMES_BEFORE
)
# A note about the author closing the text: "Ann Lee is a staff writer for ...", "Ann Lee Ann Lee is the ..."
AUTHOR_NOTE = re.compile(r"^\W*(?:[A-Z][\w.'’-]*\s+){1,8}(?:is|was)\s+(?:a|an|the)\s")
AUTHOR_NOTE_ROLES = vocabulary("author_note_roles")
AUTHOR_NOTE_LINES = 2  # the text's last lines (not blank) a note about the author stands on
CREDIT_REACH = 400  # characters before a mention in which its line's credit lead is looked for
WINDOW = 3  # words either side, inside the sentence, whose nouns and verbs describe a mention


@dataclass
class Candidate:
    """Mentions grouped as one name, with the rules' reading of it (type, kept or dropped)."""

    members: list[Mention]
    rule_type: str
    kept: bool
    name: str


def shape(word: str) -> str:
    """ "McCain" -> "XxXxx", "U.S." -> "X.X.": runs of three or more cut to two."""
    s = re.sub(r"[A-Z]", "X", word)
    s = re.sub(r"[a-z]", "x", s)
    s = re.sub(r"\d", "d", s)
    return re.sub(r"(.)\1{2,}", r"\1\1", s)


def features(doc: Doc, cand: Candidate, lower_words: frozenset[str]) -> dict[str, float]:
    """The features of one candidate: the model's labels, the rules' type, the name's form and
    words, known given and family names, common-word evidence, the mentions' neighbours and the nouns and verbs
    around them, roles and lines."""
    members, name = cand.members, cand.name
    n = len(members)
    f: dict[str, float] = {}

    def add(key: str, value: float = 1.0) -> None:
        f[key] = f.get(key, 0.0) + value

    add(f"rule={cand.rule_type}")
    add(f"kept={int(cand.kept)}")
    if cand.kept:
        add(f"keptrule={cand.rule_type}")
    words = name.split()
    low = name.lower()
    add(f"nwords={min(len(words), 4)}")
    add("logcount", math.log1p(n))
    add(f"nforms={min(3, len({m.text for m in members}))}")
    add(f"last={words[-1].lower()}")
    add(f"first={words[0].lower()}")
    add(f"suf3={words[-1][-3:].lower()}")
    add(f"shape={shape(name)}" if len(words) == 1 else "shape_multi=" + "_".join(shape(w)[:2] for w in words[:3]))
    if name.isupper():
        add("allcaps")
    # an acronym the article spells out, or a name the article abbreviates: "NATO", "Federal Trade Commission (FTC)"
    acronyms = expanded(doc)
    if any(is_acronym(m.text) and m.text.replace(".", "") in acronyms for m in members):
        add("acronym_expanded")
    if len(words) > 1 and initials(name) in acronyms:
        add("has_acronym")
    if any(c.isdigit() for c in name):
        add("digit")
    if " of " in name:
        add("has_of")
    if is_personal_name(name):
        add("personal_name")
    if words[-1].lower() in ORG_WORDS:
        add("orgword")
    if words[-1].lower() in PLACE_NOUNS:
        add("placeword")
    if words[-1].lower() in EVENT_WORDS:
        add("eventword")
    if any(has_legal_form(m.text) for m in members):
        add("legal_form")
    if any(m.text in PLACES for m in members):
        add("places")
    if low in lower_words:
        add("lower_in_doc")
    # a given or family name of some country opens or ends one of its forms ("Cooper"; not "Politico")
    forms = {m.text for m in members if " " not in m.text or is_personal_name(m.text)}
    ends = {w.lower() for form in forms for w in (form.split()[0], form.split()[-1])}
    known = bool(ends & known_name_words())
    add("known_name" if known else "no_known_name")
    site = re.sub(r"\W", "", low)
    if site in NEWS_SITES or "the" + site in NEWS_SITES:
        add("news_site")  # "Politico", "USA Today": the name of a news site's domain
        if not known and not any(m.text in PLACES for m in members):
            add("news_site_plain")  # ... and no given or family name, country or capital
    # what WordNet says the name is: an organisation ("FBI", "Congress"), a place, a person
    forms = {LEADING_THE.sub("", form) for form in (name, *(m.text for m in members))}
    for kind in sorted({kind for form in forms for kind in wordnet_kinds().get(form, ())}):
        add(f"wordnet={kind}")
    index = lemma_index()
    if len(words) == 1:
        for pos, vocabulary in index.items():
            if low in vocabulary:
                add(f"lex_{pos}")
    elif all(w.lower() in index["noun"] or w.lower() in index["adj"] for w in words):
        add("all_common")
    if len(words) > 1 and _plural_noun(words[-1].lower(), index["noun"]):
        add("plural_noun_last")  # "Rivervale Kestrels", "Dunmore Foxes": a team, a band, not a person
    _usage(doc, members, add)
    _layout(doc, members, add)
    return f


def _plural_noun(word: str, nouns: frozenset[str]) -> bool:
    """Whether a word is the plural of a common noun and no given or family name ("kestrels", not "roberts")."""
    if not word.endswith("s") or word in nouns or word in known_name_words():
        return False
    return (
        word[:-1] in nouns
        or (word.endswith("es") and word[:-2] in nouns)
        or (word.endswith("ies") and word[:-3] + "y" in nouns)
    )


def _usage(doc: Doc, members: list[Mention], add) -> None:
    """How the text uses the mentions: neighbours, dependency role, cue-verb subject, titles,
    coordination."""
    n = len(members)
    subject = cue = titled = 0
    for m in members:
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None or not len(span):
            continue
        add(f"label={m.label}", 1.0 / n)
        root = span.root
        head = root.head
        if m.is_subject and lemma(head).lower() in PUBLISHING_LEMMAS:
            add("publishes", 1.0 / n)  # "..., reports X": a source, not an actor
        else:
            subject += m.is_subject
        if root.dep_ == "nsubj" and head.pos_ == "VERB" and lemma(head).lower() in CUE_LEMMAS:
            cue += 1
        prev = doc[span.start - 1] if span.start > 0 else None
        nxt = doc[span.end] if span.end < len(doc) else None
        if prev is not None:
            add(f"prev={prev.lower_}", 1.0 / n)
            titled += prev.lower_.rstrip(".") in ROLES
        if nxt is not None:
            add(f"next={nxt.lower_}", 1.0 / n)
        add(f"dep={root.dep_}", 1.0 / n)
        governor = lemma(head).lower() if head.pos_ in ("VERB", "ADP", "NOUN") else head.pos_
        add(f"headdep={root.dep_}>{governor}", 1.0 / n)
        for type_, count in _conjunct_types(root).items():
            add(f"conj={type_}", count / n)
        # what the text calls it: "Kestrel, a mining firm", "the chain's owner, Kestrel"
        described = [c for c in root.children if c.dep_ == "appos"] + _described_by(root)
        for noun in described:
            if noun.pos_ == "NOUN":
                add(f"appos={lemma(noun).lower()}", 1.0 / n)
                kind = _noun_kind(lemma(noun).lower(), noun.dep_ == "compound")
                if kind:
                    add(f"described={kind}", 1.0 / n)
        if _is_told(root):
            add("told", 1.0 / n)  # "told Kestrel News", "speaking to KESTREL": an outlet, often
        if root.dep_ == "pobj" and head.lower_ in PLACE_PREPOSITIONS:
            add("pobj_place", 1.0 / n)
        if root.dep_ == "pobj" and head.lower_ in AFFILIATION_PREPOSITIONS and _is_person(head.head):
            add("affiliation", 1.0 / n)  # where a person works: "Ann Lee of Kestrel", "an analyst at Kestrel"
        # the nouns and verbs around it: "shares of", "the network reported", "the singer's tour"
        sent_start, sent_end = _sentence_bounds(span)
        for tok in (
            *doc[max(sent_start, span.start - WINDOW) : span.start],
            *doc[span.end : min(sent_end, span.end + WINDOW)],
        ):
            if tok.pos_ in ("NOUN", "VERB") and tok.is_alpha:
                add(f"near={lemma(tok).lower()}", 1.0 / n)
    if subject:
        add("subject")
    if cue:
        add("cue_subject")
        add("cue_count", math.log1p(cue))
    if titled:
        add("titled")
    if all(m.aside for m in members):
        add("all_aside")
    if all(m.opens_sentence for m in members):
        add("all_opens")


def _is_told(root: Token) -> bool:
    """Whether a name is who something is said to: "told Kestrel", "speaking to Kestrel", "in an
    interview with Kestrel"."""
    head = root.head
    if root.dep_ == "dobj":
        return lemma(head).lower() == "tell"
    if root.dep_ != "pobj" or head.lower_ not in ("to", "with"):
        return False
    return lemma(head.head).lower() in SPOKEN_TO_LEMMAS or head.lower_ == "with" and head.head.lower_ == "interview"


def _described_by(root: Token) -> list[Token]:
    """The nouns a name (or the first of the names it is coordinated with) stands beside as an
    instance: "the band Kestrel", "Kestrel, a band", "towns like Ayr and Bowen", "firms such as
    Kestrel", "a company called Kestrel"."""
    root = root.doc[_first_conjuncts(root.doc)[root.i]]
    before = [c for c in root.lefts if c.dep_ == "compound" and c.pos_ == "NOUN" and c.is_lower]
    if before:
        return before
    head = root.head
    if root.dep_ == "appos":
        return [head]
    if root.dep_ == "pobj" and head.lower_ in ("like", "as", "including") and head.head.pos_ == "NOUN":
        return [head.head]
    if root.dep_ == "oprd" and head.dep_ == "acl" and head.head.pos_ == "NOUN":
        return [head.head]
    return []


# A list of thousands of names is one coordination and, often, one sentence: what the features
# ask of one name's coordination and sentence is worked out once a document, not walked again for
# each name (Token.conjuncts and Span.sent walk the tokens: 0.7 -> 3.1 s for 500 -> 1,000 names).
def _conjunct_types(root: Token) -> Counter[str]:
    """The entity types of `root.conjuncts` (the words coordinated with it), counted."""
    groups = root.doc.user_data.setdefault("coordinations", {})
    start = _coordination_start(root)
    if start.i not in groups:
        queue = [start]
        for word in queue:
            queue += [child for child in word.rights if child.dep_ == "conj"]
        groups[start.i] = ({w.i for w in queue}, Counter(w.ent_type_ for w in queue if w.ent_type_))
    members, types = groups[start.i]
    return types - Counter([root.ent_type_]) if root.i in members else types


def _coordination_start(tok: Token) -> Token:
    """The first word of the coordination `tok` stands in, as Token.conjuncts finds it (up the conj heads)."""
    starts = tok.doc.user_data.setdefault("coordination_starts", {})
    path = []
    while tok.i not in starts and tok.dep_ == "conj" and tok.head.i != tok.i:
        path.append(tok.i)
        tok = tok.head
    start = starts.setdefault(tok.i, tok.i)
    starts.update(dict.fromkeys(path, start))
    return tok.doc[start]


def _first_conjuncts(doc: Doc) -> list[int]:
    """Per token, the first of the names coordinated before it (itself when none is)."""
    if "first_conjuncts" not in doc.user_data:
        first = list(range(len(doc)))
        for tok in doc:
            if tok.dep_ == "conj" and tok.head.i < tok.i:
                first[tok.i] = first[tok.head.i]
        doc.user_data["first_conjuncts"] = first
    return doc.user_data["first_conjuncts"]


def _sentence_bounds(span: Span) -> tuple[int, int]:
    """`span.sent`'s start and end, found by bisection among the document's sentence starts."""
    if "sentence_starts" not in span.doc.user_data:
        span.doc.user_data["sentence_starts"] = [tok.i for tok in span.doc if tok.is_sent_start]
    starts = span.doc.user_data["sentence_starts"]
    after = bisect_left(starts, span.end)
    return starts[bisect_right(starts, span.start) - 1], starts[after] if after < len(starts) else len(span.doc)


def _is_person(tok: Token) -> bool:
    """A person's name, or a role noun: "Ann Lee", "reporter"."""
    return tok.ent_type_ == "PERSON" or tok.pos_ == "NOUN" and lemma(tok).lower() in ROLES


def _noun_kind(noun: str, before: bool = False) -> str | None:
    """The kind of thing a common noun names, by the vocabulary: a place, an organisation, a person;
    a role first when the noun stands `before` the name ("center Ann Lee", not "the center Kestrel")."""
    if before and noun in ROLES:
        return "person"
    if noun in PLACE_NOUNS:
        return "place"
    if noun in ORGANISATION_KINDS:
        return "org"
    if noun in ROLES:
        return "person"
    return None


def _layout(doc: Doc, members: list[Mention], add) -> None:
    """Where the mentions stand: short lines without sentence ends (page furniture), position."""
    n, size = len(members), max(1, len(text_of(doc)))
    facts, starts = _line_facts(doc), line_starts(doc)
    short = prose = 0
    for m in members:
        is_short, is_prose = facts[bisect_right(starts, m.start) - 1]
        short += is_short
        prose += is_prose
    add("short_lines", short / n)
    add("prose_lines", prose / n)
    first, last = members[0].start / size, members[-1].start / size
    add("first_pos", first)
    add("last_pos", last)
    if first > 0.9:
        add("only_tail")


def on_credit_lines(doc: Doc, members: list[Mention]) -> bool:
    """Whether every mention is a name of a byline or credit line, one that does not end like a
    sentence: "(Reporting by Ann Lee, Bo Ray)", "By ANN LEE and BO RAY, Staff Writers", "A photo shared
    by Ann Lee (@annlee)"."""
    facts, starts, text = _line_facts(doc), line_starts(doc), text_of(doc)
    for m in members:
        line = bisect_right(starts, m.start) - 1
        # The lead is at most eight names back: read no further (a long line of names was quadratic).
        cut = max(starts[line], m.start - CREDIT_REACH)
        before = text[cut : m.start]
        lead = cut == starts[line] and CREDIT_LEAD.search(before)
        if facts[line][1] or not (lead or CREDIT_BY.search(before)):
            return False
    return True


def on_author_notes(doc: Doc, members: list[Mention]) -> bool:
    """Whether every mention stands on a note about the author closing the text: one of its last
    AUTHOR_NOTE_LINES lines that opens "<Name> is a/an/the" and names a role of AUTHOR_NOTE_ROLES
    ("Ann Lee is a senior writer for Kestrel Weekly and the founder of ...")."""
    if "author_notes" not in doc.user_data:
        lines = text_of(doc).split("\n")
        last = [k for k, line in enumerate(lines) if line.strip()][-AUTHOR_NOTE_LINES:]
        doc.user_data["author_notes"] = {
            k
            for k in last
            if AUTHOR_NOTE.match(lines[k]) and AUTHOR_NOTE_ROLES & {w.lower() for w in re.findall(r"\w+", lines[k])}
        }
    notes, starts = doc.user_data["author_notes"], line_starts(doc)
    return all(bisect_right(starts, m.start) - 1 in notes for m in members)


def _line_facts(doc: Doc) -> list[tuple[bool, bool]]:
    """Per line of the text: under eight words; ends like a sentence."""
    if "line_facts" not in doc.user_data:
        lines = [line.strip() for line in text_of(doc).split("\n")]
        doc.user_data["line_facts"] = [(len(line.split()) < 8, line[-1:] in PROSE_ENDS) for line in lines]
    return doc.user_data["line_facts"]


class Typer:
    """A multinomial logistic regression over sparse features: weights per feature and class."""

    def __init__(self, classes: list[str], intercept: list[float], weights: dict[str, list[float]], none_bias: float):
        self.classes, self.intercept, self.weights, self.none_bias = classes, intercept, weights, none_bias

    @classmethod
    def from_json(cls, data: dict) -> "Typer":
        return cls(data["classes"], data["intercept"], data["weights"], data["none_bias"])

    def probabilities(self, feats: dict[str, float]) -> list[float]:
        scores = list(self.intercept)
        for key, value in feats.items():
            for k, w in enumerate(self.weights.get(key, ())):
                scores[k] += w * value
        top = max(scores)
        exps = [math.exp(s - top) for s in scores]
        total = sum(exps)
        return [e / total for e in exps]

    def type_of(self, feats: dict[str, float], excluded: tuple[str, ...] = ()) -> str | None:
        """The most likely type but the `excluded` ones, the not-an-entity class lowered by
        `none_bias`; None for it."""
        probs = self.probabilities(feats)
        probs[self.classes.index(NOT_AN_ENTITY)] += self.none_bias
        allowed = [k for k, name in enumerate(self.classes) if name not in excluded]
        best = self.classes[max(allowed, key=probs.__getitem__)]
        return None if best == NOT_AN_ENTITY else best


@lru_cache(maxsize=1)
def default_typer() -> Typer:
    """The packaged model, read once per process."""
    text = resources.files("service.pipeline").joinpath("data", MODEL_FILE).read_text(encoding="utf-8")
    return Typer.from_json(json.loads(text))
