"""Direct quotations of an article and who said them.

Three steps: find the spans between quotation marks (`find_spans`), keep the ones that report
speech rather than scare quotes or titles (`is_quotation`), and attribute each kept quote to a
speaker (`Attributor`), from a cue verb in its own sentence, else from the quotes and subjects
around it.
"""

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from service.pipeline.enrich.entities import Entities
from service.pipeline.enrich.mentions import SUBJECT_DEPS
from service.pipeline.enrich.names import ORG_WORDS
from service.pipeline.enrich.nlp import lemma, text_of, token_ends, token_starts
from service.pipeline.text.layout import TERMINAL
from service.pipeline.vocabulary import words

OPENERS = {"“": "”", "„": "“”", "«": "»", '"': '"', "‘": "’"}
# Verbs and phrases that introduce reported speech, as lemmas.
CUE_LEMMAS = words("cue_lemmas")
# Nouns before a quote that make it a name rather than speech: the slogan "We're on it".
NAMING_NOUNS = words("naming_nouns")
FUNCTION_WORDS = words("title_function_words")
PERSON_PRONOUNS = frozenset({"he", "she"})
ORG_PRONOUNS = frozenset({"it", "they"})
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
    for n, para in enumerate(body.split("\n")):
        opened: tuple[int, str] | None = None
        first = True
        for i, ch in enumerate(para):
            if opened is None:
                if ch in OPENERS and (ch != "‘" or _single_opens(para, i)):
                    opened = (i, ch)
            elif ch in OPENERS[opened[1]] and (opened[1] != "‘" or _single_closes(para, i)):
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


def _single_opens(para: str, i: int) -> bool:
    return (i == 0 or not para[i - 1].isalnum()) and i + 1 < len(para) and not para[i + 1].isspace()


def _single_closes(para: str, i: int) -> bool:
    return not para[i - 1].isspace() and (i + 1 == len(para) or not para[i + 1].isalnum())


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
    before = body[:pos].rstrip(" \t")
    return not before or before[-1] in "\n:—–-" or before[-1] in TERMINAL + '”"’' and not ABBREVIATION.search(before)


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
    if prev is not None and prev.lower_ in NAMING_NOUNS:
        return False
    if (
        prev is not None
        and raw_end[-1:] not in TERMINAL
        and (prev.pos_ in ("DET", "ADJ", "NUM") or prev.tag_ in ("PRP$", "POS"))
    ):
        return False  # inside a noun phrase: the diplomatic "center of gravity"
    return not _is_title(text)


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
        self.tokens = [t for t in doc if not self.quoted[t.idx]]

    # -- sentences -------------------------------------------------------------------------
    def sentence(self, span: Span) -> tuple[int, int]:
        """Character bounds of the sentence around a quote, judged on unquoted text only."""
        body = self.body
        para_start = body.rfind("\n", 0, span.open_at) + 1
        para_end = body.find("\n", span.end)
        para_end = len(body) if para_end < 0 else para_end
        start = para_start
        for i in range(span.open_at - 1, para_start - 1, -1):
            if self._ends_sentence(i):
                start = i + 1
                break
        end = para_end
        closing = span.end + (1 if span.closed else 0)
        ends_on_stop = body[span.start : span.end].rstrip()[-1:] in TERMINAL
        if ends_on_stop and body[closing : closing + 2].strip()[:1].isupper():
            end = closing
        else:
            for i in range(closing, para_end):
                if self._ends_sentence(i):
                    end = i + 1
                    break
        return start, end

    def _ends_sentence(self, i: int) -> bool:
        body = self.body
        if self.quoted[i]:
            # a quoted sentence ends the outer one when it closes on terminal punctuation
            return (
                body[i] in '”"’»'
                and i > 0
                and body[i - 1] in TERMINAL
                and i + 2 < len(body)
                and body[i + 1] == " "
                and body[i + 2].isupper()
                and not self.quoted[i + 1]
            )
        return (
            body[i] in TERMINAL
            and (i + 1 >= len(body) or body[i + 1].isspace())
            and not ABBREVIATION.search(body[: i + 1])
        )

    # -- cues and speakers -----------------------------------------------------------------
    def cue_in(self, start: int, end: int, near: int) -> Token | None:
        """The unquoted cue verb in body[start:end] nearest to `near`."""
        cues = [t for t in self.tokens if start <= t.idx < end and _is_cue(t)]
        return min(cues, key=lambda t: abs(t.idx - near), default=None)

    def restated(self, end: int) -> Token | None:
        """A passive cue in the next sentence of the paragraph that names the speaker:
        "This was stated by X"."""
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

    def speaker_of(self, cue: Token) -> tuple[str | None, str]:
        subject = _subject(cue)
        if subject is None:
            return None, "unknown"
        return self.name(subject, cue.idx)

    def name(self, tok: Token, at: int) -> tuple[str | None, str]:
        """Speaker name and kind for the head token of a subject."""
        if tok.lower_ in PERSON_PRONOUNS:
            return self.recent("person", at)
        if tok.lower_ in ORG_PRONOUNS:
            return self.recent("organization", at)
        if tok.pos_ == "PRON":
            return None, "unknown"
        for cand in [tok, *[c for c in tok.children if c.dep_ in ("appos", "compound")]]:
            ent = self.entities.at(cand.idx, cand.idx + len(cand))
            if ent is None and cand.pos_ == "PROPN":
                ent = self.entities.named(cand.text)  # a surname the model did not tag here
            if ent is not None:
                return ent.name, "person" if ent.type == "person" else "organization"
        return _descriptor(tok), "organization" if lemma(tok).lower() in ORG_WORDS else "unnamed"

    def recent(self, type_: str, at: int) -> tuple[str | None, str]:
        """The latest unquoted entity of a type before `at`, preferring grammatical subjects;
        an untagged surname in subject position counts ("Okafor disagreed.")."""
        seen = [(m.start, m.is_subject, e) for m, e in self.entities.mentions(type_)]
        seen += [
            (t.idx, True, e)
            for t in self.tokens
            if t.dep_ in SUBJECT_DEPS
            and t.pos_ == "PROPN"
            and not t.ent_type_
            and (e := self.entities.named(t.text))
            and e.type == type_
        ]
        before = sorted((s, subj, e) for s, subj, e in seen if s < at and not self.quoted[s])
        pick = ([b for b in before if b[1]] or before)[-1:]
        return (pick[0][2].name, type_) if pick else (None, "unknown")


def _is_cue(tok: Token) -> bool:
    if tok.lower_ == "according" and any(c.lower_ == "to" for c in tok.children):
        return True
    return tok.pos_ in ("VERB", "AUX") and lemma(tok).lower() in CUE_LEMMAS


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
                    return child
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


def _agent(verb: Token) -> Token | None:
    by = next((c for c in verb.children if c.dep_ == "agent"), None)
    return next((c for c in by.children if c.dep_ == "pobj"), None) if by is not None else None


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
    words = []
    for t in keep:
        if t.is_punct and t.i > tok.i:
            break
        if not t.is_punct:
            words.append(t.text)
    return " ".join(words[:10])


def extract_quotes(doc: Doc, entities: Entities) -> list[Quote]:
    """All direct quotations of a parsed body, each with its speaker."""
    body = text_of(doc)
    spans = find_spans(body)
    attributor = Attributor(doc, entities, spans)
    kept = [s for s in spans if is_quotation(body, s, doc)]
    quotes: list[Quote] = []
    for span in kept:
        start, end = trimmed(body, span)
        quote = Quote(body[start:end], start, end)
        s_start, s_end = attributor.sentence(span)
        cue = attributor.cue_in(s_start, s_end, span.open_at)
        cue = attributor.restated(s_end) or cue
        if cue is not None:
            quote.cue = "according to" if cue.lower_ == "according" else lemma(cue).lower()
            quote.speaker, quote.speaker_kind = attributor.speaker_of(cue)
        quotes.append(quote)
    _inherit(quotes, kept, body)
    return quotes


def _inherit(quotes: list[Quote], spans: list[Span], body: str) -> None:
    """Give unattributed quotes the speaker of the quote they continue, of another quote in
    their paragraph, else of the last quote in the previous paragraph."""
    for i, (quote, span) in enumerate(zip(quotes, spans)):
        if quote.speaker or quote.cue:
            continue
        same_para = [
            j
            for j, s in enumerate(spans)
            if s.paragraph == span.paragraph and j != i and quotes[j].speaker and quotes[j].cue
        ]
        source = None
        if span.continued and i > 0:
            source = quotes[i - 1]
        elif same_para:
            source = quotes[min(same_para, key=lambda j: abs(j - i))]
        else:
            prev_para = [j for j in range(i) if spans[j].paragraph == _previous_paragraph(body, span)]
            if prev_para and quotes[prev_para[-1]].speaker:
                source = quotes[prev_para[-1]]
        if source is not None:
            quote.speaker, quote.speaker_kind = source.speaker, source.speaker_kind


def _previous_paragraph(body: str, span: Span) -> int:
    """Index of the last non-empty paragraph before the span's one."""
    paras = body.split("\n")
    n = span.paragraph - 1
    while n > 0 and not paras[n].strip():
        n -= 1
    return n
