"""Direct quotations of an article and who said them.

Three steps: find the spans between quotation marks (`find_spans`), keep the ones that report
speech rather than scare quotes or titles (`is_quotation`), and attribute each kept quote to a
speaker (`Attributor`), from a cue verb in its own sentence, else from the quotes and subjects
around it.
"""

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass

import numpy
from spacy.attrs import LOWER, POS
from spacy.parts_of_speech import AUX, VERB
from spacy.tokens import Doc, Token

from service.pipeline.enrich.antecedents import Antecedents
from service.pipeline.enrich.entities import Entities, Entity
from service.pipeline.enrich.mentions import SUBJECT_DEPS
from service.pipeline.enrich.names import ORG_WORDS, TITLES, is_personal_name
from service.pipeline.enrich.nlp import lemma, text_of, token_ends, token_starts, untagged_proper_nouns
from service.pipeline.enrich.rules import on
from service.pipeline.enrich.speakers import Context, Ranker, rank
from service.pipeline.limits import checkpoint
from service.pipeline.text.layout import TERMINAL
from service.pipeline.text.person_names import known_name_words
from service.pipeline.vocabulary import words

OPENERS = {"“": "”", "„": "“”", "«": "»", '"': '"', "‘": "’"}
SINGLES = "‘'"  # single marks, which apostrophes look like
# An article that quotes with straight single marks ('We will stay,' she said.) and with no other
# marks: then "'" is a quotation mark too (the apostrophes beside it are told apart by position).
_STRAIGHT_QUOTE = re.compile(r"(?:^|[\s:—–(])'[A-Z](?:[^'\n]|(?<=\w)'(?=\w))*[,.?!]'(?=[\s)]|$)", re.M)
_OTHER_MARKS = re.compile('["“”«»„‘]')
# Verbs and phrases that introduce reported speech, as lemmas.
CUE_LEMMAS = words("cue_lemmas")
# Nouns before a quote that make it a name rather than speech: the slogan "We're on it".
NAMING_NOUNS = words("naming_nouns")
# Verbs that name an unnamed speaker: "the man, identified only as Charlie".
NAMING_LEMMAS = words("naming_lemmas")
FUNCTION_WORDS = words("title_function_words")
PERSON_PRONOUNS = frozenset({"he", "she"})
ORG_PRONOUNS = frozenset({"it", "they"})
OWNERS = {"his": "person", "her": "person", "its": "organization"}
GOVERNING_REACH = 8  # heads walked up from a quote's first word to the cue verb it hangs from
ABBREVIATION_REACH = 40  # characters looked back for an abbreviation before a full stop
# An apostrophe that elides letters, not an opening single mark: "I ‘m", "‘cos", "rock ‘n’ roll".
ELISION = re.compile(r"(?:s|m|t|d|ll|re|ve|cos|em|til|n)(?![\w])")
# A plural's apostrophe before the noun it owns, not a closing mark: "the farmers' union".
_PLURAL_POSSESSIVE = re.compile(r"s['’] [a-z]")
_CLOSES_LATER = {mark: re.compile(rf"[,.?!…]{mark}") for mark in "'’"}
ABBREVIATION = re.compile(r"(?:\b[A-Z][a-z]{0,3}|\b[A-Z](?:\.[A-Z])*|\b(?:[a-z]\.){2,}|\bvs?|\bno)\.$")


@dataclass
class Span:
    """Characters body[start:end] between an opening and a closing (or missing) mark."""

    start: int
    end: int
    paragraph: int
    continued: bool = False  # continues an unclosed quote of the previous paragraph
    closed: bool = True

    @property
    def open_at(self) -> int:
        return self.start - 1


@dataclass
class Quote:
    text: str
    start: int
    end: int
    speaker: str | None = None
    speaker_kind: str = "unknown"
    cue: str | None = None

    def as_dict(self) -> dict:
        return {
            "text": self.text,
            "speaker": self.speaker,
            "speaker_kind": self.speaker_kind,
            "cue": self.cue,
            "start": self.start,
            "end": self.end,
        }


def find_spans(body: str) -> list[Span]:
    """Every span inside quotation marks, per paragraph; an opening mark left unclosed at the end
    of a paragraph runs to that paragraph's end (the next may continue it)."""
    spans: list[Span] = []
    offset = 0
    unclosed_before = False
    openers = OPENERS | {"'": "'"} if _quotes_in_straight_singles(body) else OPENERS
    for n, para in enumerate(body.split("\n")):
        opened: tuple[int, str] | None = None
        first = True
        for i, ch in enumerate(para):
            if opened is None:
                if (
                    ch in openers
                    and (ch not in SINGLES or _single_opens(para, i))
                    or ch == "”"
                    and _closer_opens(para, i)
                ):
                    opened = (i, "“" if ch == "”" else ch)  # a misplaced closer closes as an opener would
            elif ch in openers[opened[1]] and (opened[1] not in SINGLES or _single_closes(para, i)):
                start = opened[0] + 1
                spans.append(
                    Span(
                        offset + start,
                        offset + i,
                        n,
                        continued=first and unclosed_before and not para[: opened[0]].strip(),
                    )
                )
                opened, first = None, False
        if opened is not None:
            spans.append(
                Span(
                    offset + opened[0] + 1,
                    offset + len(para.rstrip()),
                    n,
                    continued=first and unclosed_before and not para[: opened[0]].strip(),
                    closed=False,
                )
            )
        if para.strip():
            unclosed_before = opened is not None
        offset += len(para) + 1
    return spans


def _quotes_in_straight_singles(body: str) -> bool:
    return not _OTHER_MARKS.search(body) and bool(_STRAIGHT_QUOTE.search(body))


def _single_opens(para: str, i: int) -> bool:
    return (
        (i == 0 or not para[i - 1].isalnum())
        and i + 1 < len(para)
        and not para[i + 1].isspace()
        and not ELISION.match(para, i + 1)
        and not (para[i] == "'" and para[i + 1].isdigit())  # the '90s
    )


def _closer_opens(para: str, i: int) -> bool:
    """A closing mark typed where an opening one belongs, with no quote open: it starts the
    paragraph or follows a space or a sentence's end, and a word follows it (`said. ”We ...”`)."""
    return (i == 0 or para[i - 1].isspace() or para[i - 1] in TERMINAL) and para[i + 1 : i + 2].isalnum()


def _single_closes(para: str, i: int) -> bool:
    if para[i - 1].isspace() or i + 1 < len(para) and para[i + 1].isalnum():
        return False
    # a plural's apostrophe ("the farmers' boats") when the quote closes on a sentence's end later
    return not (_PLURAL_POSSESSIVE.match(para, i - 1) and _CLOSES_LATER[para[i]].search(para, i + 1))


def trimmed(body: str, span: Span) -> tuple[int, int]:
    """The span without outer spaces and the comma that belongs to the attribution."""
    start, end = span.start, span.end
    while start < end and body[start].isspace():
        start += 1
    while end > start and (body[end - 1].isspace() or body[end - 1] == ","):
        end -= 1
    return start, end


def starts_sentence(body: str, pos: int) -> bool:
    """True when the opening mark at `pos` begins a paragraph or a sentence."""
    end = pos
    while end > 0 and body[end - 1] in " \t":
        end -= 1
    return not end or body[end - 1] in "\n:—–-" or body[end - 1] in TERMINAL + '”"’' and not abbreviated(body, end)


def abbreviated(body: str, end: int) -> bool:
    """Whether body[:end] ends with an abbreviation ("Mr.", "U.S."), looking back a bounded way."""
    return bool(ABBREVIATION.search(body, max(0, end - ABBREVIATION_REACH), end))


def is_quotation(body: str, span: Span, doc: Doc) -> bool:
    """Speech rather than a scare quote, a term or a title."""
    start, end = trimmed(body, span)
    text = body[start:end]
    n_words = len(text.split())
    if not re.search(r"\w", text):
        return False
    standalone = span.continued or starts_sentence(body, span.open_at)
    raw_end = body[span.start : span.end].rstrip()
    if standalone and (raw_end[-1:] in TERMINAL + "," or n_words >= 3 or not span.closed):
        return True
    if n_words < 3:
        return False
    prev = _token_before(doc, span.open_at)
    if on("naming_nouns") and prev is not None and prev.lower_ in NAMING_NOUNS:
        return False
    if (
        on("noun_phrase_quotes")
        and prev is not None
        and raw_end[-1:] not in TERMINAL
        and (prev.pos_ in ("DET", "ADJ", "NUM") or prev.tag_ in ("PRP$", "POS"))
    ):
        return False  # inside a noun phrase: the diplomatic "center of gravity"
    return not (on("title_case_quotes") and _is_title(text))


def _is_title(text: str) -> bool:
    """ "The Old Man and the Sea": every word but short function words capitalised."""
    words = [w for w in re.findall(r"[^\W\d_][\w'’-]*", text) if w.lower() not in FUNCTION_WORDS]
    return len(words) >= 2 and all(w[0].isupper() for w in words) and text[-1:] not in TERMINAL


def _token_before(doc: Doc, pos: int) -> Token | None:
    """The last word token that ends at or before `pos`."""
    i = bisect_right(token_ends(doc), pos) - 1
    while i >= 0 and (doc[i].is_space or doc[i].is_punct):
        i -= 1
    return doc[i] if i >= 0 else None


class Attributor:
    """Speaker attribution over one parsed document and its quote spans."""

    def __init__(self, doc: Doc, entities: Entities, spans: list[Span]):
        self.doc, self.body, self.entities = doc, text_of(doc), entities
        self.spans = spans
        self.quoted = bytearray(len(self.body) + 1)
        for s in spans:
            self.quoted[s.open_at : s.end + 1] = b"\x01" * (s.end + 1 - s.open_at)
        # Worked out once per document, looked up per quote: line breaks, sentence ends, cues.
        self.breaks = [m.start() for m in re.finditer("\n", self.body)]
        self.ends = [m.start() for m in re.finditer(r"[.!?…”\"’'»]", self.body) if self._ends_sentence(m.start())]
        starts = token_starts(doc)
        self.cues = [doc[i] for i in _maybe_cues(doc) if not self.quoted[starts[i]] and _is_cue(doc[i])]
        self.cue_starts = [t.idx for t in self.cues]
        self._restated: dict[int, Token | None] = {}
        self._recent: dict[str, tuple[list[int], list[int], list[Entity]]] = {}
        self._cue_subjects: list[Token | None] | None = None
        self._antecedents: Antecedents | None = None

    @property
    def antecedents(self) -> Antecedents:
        """Pronoun chains and role holders of the article, worked out when first asked for."""
        if self._antecedents is None:
            cues = list(zip(self.cue_starts, self.cue_subjects()))
            self._antecedents = Antecedents(self.doc, self.entities, self.quoted, cues)
        return self._antecedents

    # -- sentences -------------------------------------------------------------------------
    def sentence(self, span: Span) -> tuple[int, int]:
        """Character bounds of the sentence around a quote, judged on unquoted text only."""
        body, breaks, ends = self.body, self.breaks, self.ends
        k = bisect_left(breaks, span.open_at)
        para_start = breaks[k - 1] + 1 if k else 0
        k = bisect_left(breaks, span.end)
        para_end = breaks[k] if k < len(breaks) else len(body)
        k = bisect_left(ends, span.open_at) - 1
        start = ends[k] + 1 if k >= 0 and ends[k] >= para_start else para_start
        closing = span.end + (1 if span.closed else 0)
        ends_on_stop = body[span.start : span.end].rstrip()[-1:] in TERMINAL
        if ends_on_stop and body[closing : closing + 2].strip()[:1].isupper():
            return start, closing
        k = bisect_left(ends, closing)
        return start, ends[k] + 1 if k < len(ends) and ends[k] < para_end else para_end

    def _ends_sentence(self, i: int) -> bool:
        body = self.body
        if self.quoted[i]:
            # a quoted sentence ends the outer one when it closes on terminal punctuation
            return (
                body[i] in "”\"’'»"
                and i > 0
                and body[i - 1] in TERMINAL
                and i + 2 < len(body)
                and body[i + 1] == " "
                and body[i + 2].isupper()
                and not self.quoted[i + 1]
            )
        return body[i] in TERMINAL and (i + 1 >= len(body) or body[i + 1].isspace()) and not abbreviated(body, i + 1)

    # -- cues and speakers -----------------------------------------------------------------
    def cue_in(self, start: int, end: int, near: int) -> Token | None:
        """The unquoted cue verb in body[start:end] nearest to `near` (the earlier on a tie)."""
        lo, hi = bisect_left(self.cue_starts, start), bisect_left(self.cue_starts, end)
        k = min(max(bisect_left(self.cue_starts, near, lo, hi), lo), hi)
        around = [self.cues[j] for j in (k - 1, k) if lo <= j < hi]
        return min(around, key=lambda t: abs(t.idx - near), default=None)

    def governing(self, span: Span, start: int, end: int) -> Token | None:
        """The unquoted cue verb of the sentence body[start:end] that the quote's first word hangs
        from ('X said that its offer was "fair" and urged ...': said, not the nearer urged)."""
        doc = self.doc
        i = bisect_left(token_starts(doc), span.start)
        if i == len(doc):
            return None
        tok = doc[i]
        for _ in range(GOVERNING_REACH):
            if tok.head.i == tok.i:  # the root (spaCy makes a new Token each time: compare indices)
                return None
            tok = tok.head
            if not start <= tok.idx < end:
                return None
            if not self.quoted[tok.idx] and _is_cue(tok):
                return tok
        return None

    def closing(self, span: Span, end: int) -> Token | None:
        """A cue right after a quote's closing comma whose subject starts the text after it
        ('... urge them to "...," the official said'), over a nearer cue before the quote."""
        cue = self.cue_in(span.end, end, span.end)
        if cue is None:
            return None
        subject = self.subject(cue)
        if subject is None or subject.idx < span.end:
            return None
        first = min((t.idx for t in subject.subtree), default=subject.idx)
        gap = self.body[span.end : min(first, cue.idx)]
        return cue if gap.strip(" ,”\"’'") == "" and "\n" not in gap else None

    def introduced(self, span: Span) -> Token | None:
        """The cue of a paragraph ending in a colon just before a quote that opens the next one:
        "In a statement, a spokesman said:"."""
        i = span.open_at - 1
        while i >= 0 and span.open_at - i < 8 and self.body[i].isspace():
            i -= 1
        if i < 0 or self.body[i] != ":" or "\n" not in self.body[i : span.open_at]:
            return None
        k = bisect_left(self.breaks, i) - 1
        return self.cue_in(self.breaks[k] + 1 if k >= 0 else 0, i, i)

    def restated(self, end: int) -> Token | None:
        """A passive cue in the next sentence of the paragraph that names the speaker:
        "This was stated by X"."""
        if end not in self._restated:
            self._restated[end] = self._passive_cue_after(end)
        return self._restated[end]

    def _passive_cue_after(self, end: int) -> Token | None:
        doc = self.doc
        i = bisect_left(token_starts(doc), end)
        while i < len(doc) and doc[i].is_space:
            i += 1
        if i == len(doc) or "\n" in self.body[end : doc[i].idx]:
            return None
        nxt = doc[i]
        for tok in nxt.sent:
            if (
                not self.quoted[tok.idx]
                and _is_cue(tok)
                and _agent(tok) is not None
                and any(c.dep_ == "nsubjpass" and c.lower_ in ("this", "that", "it") for c in tok.children)
            ):
                return tok
        return None

    def speaker_token(self, cue: Token, quote_end: int) -> Token | None:
        """The speaker token of a cue (`subject`); for a cue after its quote whose parsed subject is
        missing or inside the quote, the name between the two ("...," Ann Lee, who ..., told
        reporters: the parser may take the quote for the subject)."""
        subject = self.subject(cue)
        if on("inverted_speakers") and subject is None and cue.idx >= quote_end:
            subject = _inverted(cue, self.body[quote_end : cue.idx])
        if on("names_after_quotes") and cue.idx >= quote_end and (subject is None or self.quoted[subject.idx]):
            return self._name_after(quote_end, cue) or subject
        return subject

    def subject(self, cue: Token) -> Token | None:
        """The parsed speaker of a cue (see `_subject`), or the first name on the cue's line before
        it when that lies on an earlier line (a caption the parser joined to the sentence)."""
        subject = _subject(cue)
        if on("same_line_speakers") and subject is not None and "\n" in self.body[subject.idx : cue.idx]:
            return self._name_after(self.body.rfind("\n", 0, cue.idx) + 1, cue)
        return subject

    def _name_after(self, end: int, cue: Token) -> Token | None:
        """The first unquoted name or noun from `end` to the cue, to the end of its run of names."""
        doc = cue.doc
        k = bisect_left(token_starts(doc), end)
        while k < cue.i and (self.quoted[doc[k].idx] or doc[k].pos_ not in ("PROPN", "NOUN")):
            k += 1
        if k >= cue.i:
            return None
        while k + 1 < cue.i and doc[k + 1].pos_ == "PROPN" and doc[k].pos_ == "PROPN":
            k += 1
        return doc[k]

    def cue_subjects(self) -> list[Token | None]:
        """The parsed speaker (`subject`) of each unquoted cue verb, worked out once."""
        if self._cue_subjects is None:
            self._cue_subjects = [self.subject(cue) for cue in self.cues]
        return self._cue_subjects

    def cue_speakers(self) -> list[tuple[int, Entity]]:
        """The unquoted cue verbs of the article whose subject is named (not a pronoun), in text
        order: each cue's offset and the entity of its subject, apposition or compound."""
        found = []
        for cue, subject in zip(self.cues, self.cue_subjects()):
            if subject is None or subject.pos_ == "PRON":
                continue
            ent = self.entities.at(subject.idx, subject.idx + len(subject))
            for child in _beside(subject, ("appos", "compound")) if ent is None else ():
                ent = ent or self.entities.at(child.idx, child.idx + len(child))
            if ent is not None:
                found.append((cue.idx, ent))
        return found

    @staticmethod
    def is_cue(tok: Token) -> bool:
        """Whether a token is a verb that reports speech, or "according (to)"."""
        return _is_cue(tok)

    def readings(self, tok: Token, at: int) -> list[tuple[str, str, str]]:
        """Every speaker a subject token may name, as (name, kind, how): a pronoun's latest person
        (or organisation) in subject position and latest of all; a noun's own entity, the entity of
        an apposition or compound, a surname, and its descriptor."""
        if on("pronoun_speakers") and tok.lower_ in PERSON_PRONOUNS | ORG_PRONOUNS:
            type_ = "person" if tok.lower_ in PERSON_PRONOUNS else "organization"
            subject, latest = self.latest(type_, at)
            return [(e.name, type_, how) for e, how in ((subject, "pronoun_subject"), (latest, "pronoun_latest")) if e]
        if tok.pos_ == "PRON":
            return []
        found = []
        for cand in [tok, *_beside(tok, ("appos", "compound"))]:
            how = "own" if cand is tok else "compound" if cand.dep_ == "compound" else "appos"
            ent = self.entities.at(cand.idx, cand.idx + len(cand))
            if ent is None and _may_name(cand):
                ent, how = self.entities.named(cand.text), how + "_surname"
            if ent is not None:
                found.append((ent.name, "person" if ent.type == "person" else "organization", how))
        named = self.named(tok)
        if named is not None:
            found.append((*named, "named"))
        kind = "organization" if lemma(tok).lower() in ORG_WORDS else "unnamed"
        text = self.describe(tok, at)
        return [*found, (text, kind, "descriptor"), (text, kind, f"head_{_head_class(tok)}")]

    def named(self, tok: Token) -> tuple[str, str] | None:
        """The name a clause gives an unnamed subject ("the man, identified only as Charlie", "a
        woman named Ann Lee"), as (name, kind): its entity's, else the name as written."""
        for clause in tok.children:
            if clause.dep_ not in ("acl", "relcl") or lemma(clause).lower() not in NAMING_LEMMAS:
                continue
            for child in clause.children:
                name = child if child.dep_ == "oprd" else None
                if child.dep_ == "prep" and child.lower_ == "as":
                    name = next((g for g in child.children if g.dep_ == "pobj"), None)
                if name is not None and name.pos_ == "PROPN":
                    ent = self.entities.at(name.idx, name.idx + len(name))
                    if ent is not None:
                        return ent.name, "person" if ent.type == "person" else "organization"
                    return _descriptor(name), "person"
        return None

    def chained(self, pronoun: Token) -> list[tuple[str, str, str]]:
        """The names a pronoun's chain of sentences reaches (`Antecedents.chain`), of its type
        (he/she a person, it an organisation), as (name, kind, "chain")."""
        found = self.antecedents.chain(pronoun)
        readings = self.readings(found, found.idx) if found is not None else []
        wanted = {"he": "person", "she": "person", "it": "organization"}.get(pronoun.lower_)
        return [
            (name, kind, "chain")
            for name, kind, how in readings
            if (how in ("own", "appos", "compound", "head_name") or how.endswith("_surname"))
            and (wanted is None or kind == wanted or (how == "head_name" and wanted == "person"))
        ]

    def describe(self, tok: Token, at: int) -> str:
        """The descriptor of a subject ("a WeWork spokesperson"), an owning pronoun replaced by the
        latest person or organisation as a pronoun subject would be ("her lawyers" -> "Ann Lee's lawyers")."""
        text = _descriptor(tok)
        owner = next((c for c in tok.children if c.tag_ == "PRP$" and c.lower_ in OWNERS), None)
        if owner is None or not text.lower().startswith(owner.lower_ + " "):
            return text
        subject, latest = self.latest(OWNERS[owner.lower_], at)
        pick = subject or latest
        return f"{pick.name}'s{text[len(owner.text) :]}" if pick else text

    def name(self, tok: Token, at: int) -> tuple[str | None, str]:
        """Speaker name and kind for the head token of a subject."""
        if on("pronoun_speakers") and tok.lower_ in PERSON_PRONOUNS | ORG_PRONOUNS:
            chained = self.chained(tok) if on("pronoun_chains") else []
            if chained:
                return chained[0][:2]
            return self.recent("person" if tok.lower_ in PERSON_PRONOUNS else "organization", at)
        if tok.pos_ == "PRON":
            return None, "unknown"
        # a name qualifying a common noun is the speaker's organisation, not the speaker: "a Google spokesperson"
        deps = ("appos", "compound") if tok.pos_ == "PROPN" else ("appos",)
        for cand in [tok, *_beside(tok, deps)]:
            ent = self.entities.at(cand.idx, cand.idx + len(cand))
            if ent is None and _may_name(cand) and on("untagged_surname_speakers"):
                ent = self.entities.named(cand.text)  # a surname the model did not tag here
            if ent is not None:
                return ent.name, "person" if ent.type == "person" else "organization"
        named = self.named(tok) if on("named_speakers") else None
        if named is not None:
            return named
        holder = self.antecedents.title_holder(tok, at) if on("titled_speakers") else None
        if holder is not None:
            return holder.name, "person"
        text = self.describe(tok, at)
        if lemma(tok).lower() in ORG_WORDS:
            return text, "organization"
        # a name the entities missed ("Ana Lind, the union's negotiator, warned"): a person, not a description
        personal = tok.pos_ == "PROPN" and is_personal_name(text) and set(text.lower().split()) <= known_name_words()
        return text, "person" if personal else "unnamed"

    def recent(self, type_: str, at: int) -> tuple[str | None, str]:
        """The latest unquoted entity of a type before `at`, preferring grammatical subjects;
        an untagged surname in subject position counts ("Okafor disagreed.")."""
        subject, latest = self.latest(type_, at)
        pick = subject or latest
        return (pick.name, type_) if pick else (None, "unknown")

    def latest(self, type_: str, at: int) -> tuple[Entity | None, Entity | None]:
        """The latest unquoted entity of a type before `at` in subject position, and of all."""
        if type_ not in self._recent:
            self._recent[type_] = self._sightings(type_)
        starts, last_subject, entities = self._recent[type_]
        k = bisect_left(starts, at) - 1
        if k < 0:
            return None, None
        return (entities[last_subject[k]] if last_subject[k] >= 0 else None), entities[k]

    def latest_speaker(self, type_: str, at: int, speakers: Counter[str]) -> Entity | None:
        """The latest unquoted entity of a type before `at` that is the named subject of a cue
        somewhere in the article (`speakers`, counted from `cue_speakers`)."""
        self.latest(type_, at)
        starts, _, entities = self._recent[type_]
        for k in range(bisect_left(starts, at) - 1, -1, -1):
            if speakers[entities[k].name]:
                return entities[k]
        return None

    def _sightings(self, type_: str) -> tuple[list[int], list[int], list[Entity]]:
        """The unquoted sightings of a type's entities in text order: their offsets, for each the
        index of the latest one in subject position so far (-1: none), and their entities."""
        seen = [(m.start, m.is_subject, e) for m, e in self.entities.mentions(type_)]
        if on("untagged_surname_speakers"):
            seen += [
                (t.idx, True, e)
                for t in map(self.doc.__getitem__, untagged_proper_nouns(self.doc))
                if t.dep_ in SUBJECT_DEPS and (e := self.entities.named(t.text)) and e.type == type_
            ]
        seen = sorted((x for x in seen if not self.quoted[x[0]]), key=lambda x: (x[0], x[1]))
        last_subject, latest = [], -1
        for n, (_, subject, _) in enumerate(seen):
            latest = n if subject else latest
            last_subject.append(latest)
        return [x[0] for x in seen], last_subject, [x[2] for x in seen]


def _maybe_cues(doc: Doc) -> list[int]:
    """Indices of the tokens `_is_cue` may accept (verbs, auxiliaries, "according"), read off the
    doc's arrays rather than token by token."""
    values = doc.to_array([POS, LOWER])
    found = numpy.isin(values[:, 0], (VERB, AUX)) | (values[:, 1] == doc.vocab.strings["according"])
    return numpy.flatnonzero(found).tolist()


def _is_cue(tok: Token) -> bool:
    if tok.lower_ == "according" and any(c.lower_ == "to" for c in tok.children):
        return True
    return tok.pos_ in ("VERB", "AUX") and lemma(tok).lower() in CUE_LEMMAS


def _may_name(tok: Token) -> bool:
    """A proper noun, or a capitalised noun inside its sentence (the tagger may read a surname such
    as "Hollins" as a plural noun)."""
    return tok.pos_ == "PROPN" or (tok.pos_ == "NOUN" and tok.text[:1].isupper() and not tok.is_sent_start)


def _subject(cue: Token) -> Token | None:
    """The speaker token of a cue: its subject, a passive agent, the object of "according to",
    or the subject of the clause it hangs from ("..., adding ...")."""
    if cue.lower_ == "according":
        to = next(c for c in cue.children if c.lower_ == "to")
        return next((c for c in to.children if c.dep_ == "pobj"), None)
    verb = cue
    for _ in range(4):
        for child in verb.children:
            if child.dep_ in ("nsubj", "nsubjpass"):
                if child.tag_ in ("WP", "WDT") and verb.dep_ == "relcl":
                    return verb.head
                if child.dep_ == "nsubj" or not _agent(verb):
                    return _word_end(child)
        agent = _agent(verb)
        if agent is not None:
            return agent
        if verb.dep_ in ("advcl", "xcomp", "conj", "ccomp", "pcomp") and verb.head != verb:
            verb = verb.head
        elif verb.dep_ in ("acl", "relcl"):
            return verb.head
        else:
            return None
    return None


def _beside(tok: Token, deps: tuple[str, ...]) -> list[Token]:
    """The words a subject's `deps` children name beside it; an apposition the parser read as a
    coordination without a conjunction ("The new MP, Ann Lee, a former nurse, told": "Lee" a conj of
    "MP") counts as one."""
    coordinated = "appos" in deps and not any(c.dep_ == "cc" for c in tok.children)
    return [c for c in tok.children if c.dep_ in deps or coordinated and c.dep_ == "conj"]


def _word_end(tok: Token) -> Token:
    """The last token of the hyphenated word a subject token opens, when the parser made each of its
    parts a subject of the same verb ("co-founder": "co", "-", "founder"), else the token."""
    doc = tok.doc
    while (
        not tok.whitespace_
        and tok.i + 1 < len(doc)
        and (nxt := doc[tok.i + 1]).head == tok.head
        and nxt.dep_ == tok.dep_
    ):
        tok = nxt
    return tok


def _inverted(cue: Token, between: str) -> Token | None:
    """The speaker of a cue right after its quote that the parser read as the cue's object
    ('"Is it over?" asked Ann Lee': inverted, the subject after the verb), when a name (or a noun
    a name qualifies: "asked Harbour magazine")."""
    obj = next((c for c in cue.children if c.dep_ == "dobj" and c.idx > cue.idx), None)
    if obj is None or between.strip(" ,”\"’'?!") or "\n" in between:
        return None
    if obj.pos_ == "PROPN":
        return obj
    return next((c for c in obj.children if c.dep_ == "compound" and c.pos_ == "PROPN"), None)  # "X magazine"


def _agent(verb: Token) -> Token | None:
    by = next((c for c in verb.children if c.dep_ == "agent"), None)
    return next((c for c in by.children if c.dep_ == "pobj"), None) if by is not None else None


def _head_class(tok: Token) -> str:
    """What kind of noun heads a descriptor: a title or role, an organisation word, a number, a
    plural, another noun or a name."""
    word = lemma(tok).lower()
    if word in TITLES:
        return "title"
    if word in ORG_WORDS:
        return "organisation"
    if tok.like_num or any(c.like_num for c in tok.children):
        return "number"
    if tok.tag_ in ("NNS", "NNPS"):
        return "plural"
    return "name" if tok.pos_ == "PROPN" else "noun"


def _descriptor(tok: Token) -> str:
    """ "a WeWork spokesperson", "one legal expert": the subject phrase up to a clause or a
    punctuation mark."""
    skip = {"relcl", "acl", "appos", "advcl", "cc", "conj"}
    keep = [tok]
    stack = [c for c in tok.children if c.dep_ not in skip]
    while stack:
        t = stack.pop()
        keep.append(t)
        stack.extend(c for c in t.children if c.dep_ not in skip)
    keep.sort(key=lambda t: t.i)
    words: list[str] = []
    for t in keep:
        if t.is_punct and t.i > tok.i:
            break
        if not t.is_punct and not t.is_space and not (not words and _titles_a_name(t) and t.i < tok.i):
            words.append(t.text)  # a title before the owner's name dropped: "Mr Smith's aide" -> "Smith's aide"
        if "\n" in t.text_with_ws:
            if t.i >= tok.i:
                break
            words = []  # a heading or caption line the parser joined to the sentence
    return " ".join(words[:10])


def _titles_a_name(tok: Token) -> bool:
    nxt = tok.nbor() if tok.i + 1 < len(tok.doc) else None
    return tok.lower_.rstrip(".") in TITLES and nxt is not None and nxt.pos_ == "PROPN"


def extract_quotes(doc: Doc, entities: Entities, ranker: Ranker | None = None) -> list[Quote]:
    """All direct quotations of a parsed body, each with its speaker: the rules' pick, then the
    best of its candidates by the speaker ranking (`ranker`, by default the packaged one)."""
    body = text_of(doc)
    spans = find_spans(body)
    attributor = Attributor(doc, entities, spans)
    kept = [s for s in spans if is_quotation(body, s, doc)]
    quotes: list[Quote] = []
    contexts: list[Context] = []
    for span in kept:
        checkpoint()
        start, end = trimmed(body, span)
        quote = Quote(body[start:end], start, end)
        s_start, s_end = attributor.sentence(span)
        cue = attributor.cue_in(s_start, s_end, span.open_at)
        if on("governing_cues"):
            cue = attributor.governing(span, s_start, s_end) or cue
        if on("closing_cues"):
            cue = attributor.closing(span, s_end) or cue
        if on("restated_speakers"):
            cue = attributor.restated(s_end) or cue
        if cue is None and on("colon_speakers"):
            cue = attributor.introduced(span)
        if cue is not None:
            quote.cue = "according to" if cue.lower_ == "according" else lemma(cue).lower()
        subject = attributor.speaker_token(cue, span.end) if cue is not None else None
        if cue is not None and subject is not None:
            quote.speaker, quote.speaker_kind = attributor.name(subject, cue.idx)
        quotes.append(quote)
        contexts.append(Context(quote, span, cue, subject, s_start, s_end))
    if on("inherited_speakers"):
        _inherit(quotes, kept, body)
    if on("sentence_before_speakers"):
        for ctx in contexts:
            if ctx.quote.speaker or ctx.cue is not None:
                continue
            before = attributor.antecedents.subject_before(ctx.sentence_start)
            if before is None or "\n" in body[before.idx : ctx.span.open_at]:
                continue
            named = before.lower_ in PERSON_PRONOUNS | ORG_PRONOUNS or attributor.entities.at(
                before.idx, before.idx + len(before)
            )
            if named:
                ctx.quote.speaker, ctx.quote.speaker_kind = attributor.name(before, before.idx)
    if on("ranked_speakers"):
        rank(attributor, contexts, ranker)
    return quotes


def _inherit(quotes: list[Quote], spans: list[Span], body: str) -> None:
    """Give unattributed quotes the speaker of the quote they continue, of the nearest attributed
    quote in their paragraph (the earlier on a tie), else of the last quote in the previous
    non-empty paragraph."""
    attributed = [bool(q.speaker and q.cue) for q in quotes]
    before = _last_attributed(spans, attributed, range(len(spans)))
    after = _last_attributed(spans, attributed, range(len(spans) - 1, -1, -1))
    last_in: dict[int, int] = {span.paragraph: i for i, span in enumerate(spans)}
    empty = [not p.strip() for p in body.split("\n")]
    previous: dict[int, int] = {}  # paragraph -> the last non-empty one before it
    for i, (quote, span) in enumerate(zip(quotes, spans)):
        if quote.speaker or quote.cue:
            continue
        source = None
        near = [j for j in (before[i], after[i]) if j is not None]
        if span.continued and i > 0:
            source = quotes[i - 1]
        elif near:
            source = quotes[min(near, key=lambda j: abs(j - i))]
        else:
            if span.paragraph not in previous:
                n = span.paragraph - 1
                while n > 0 and empty[n]:
                    n -= 1
                previous[span.paragraph] = n
            j = last_in.get(previous[span.paragraph])
            if j is not None and quotes[j].speaker:
                source = quotes[j]
        if source is not None:
            quote.speaker, quote.speaker_kind = source.speaker, source.speaker_kind


def _last_attributed(spans: list[Span], attributed: list[bool], order: range) -> list[int | None]:
    """For each quote, the attributed quote of its paragraph met last before it in `order`."""
    found: list[int | None] = [None] * len(spans)
    last: dict[int, int] = {}
    for i in order:
        found[i] = last.get(spans[i].paragraph)
        if attributed[i]:
            last[spans[i].paragraph] = i
    return found
