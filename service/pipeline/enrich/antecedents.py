"""Who a pronoun or a role noun that speaks stands for, read off one parsed article.

A pronoun's chain: "Ann Lee said ... But she questioned ... She said" reaches Ann Lee through the
sentences whose subject is the same pronoun. A role noun's holder: "the governor said" is the
person the article names with that role ("Gov. Ann Lee", "Ann Lee, the governor of ...").
"""

from bisect import bisect_left, bisect_right

from spacy.tokens import Doc, Token

from service.pipeline.enrich.entities import Entities, Entity
from service.pipeline.enrich.mentions import SUBJECT_DEPS
from service.pipeline.enrich.names import TITLES
from service.pipeline.enrich.nlp import lemma, token_starts

CHAIN_REACH = 4  # sentences a pronoun's chain goes back
TITLE_REACH = 4  # words before a name read as its titles ("Fed Chairman Ann Lee")
MODIFIERS = ("compound", "amod")


class Antecedents:
    """The sentences, named cue speakers and titled people of one article, looked up per quote."""

    def __init__(self, doc: Doc, entities: Entities, quoted: bytearray, cues: list[tuple[int, Token | None]]):
        self.doc, self.entities, self.quoted = doc, entities, quoted
        sentences = list(doc.sents)
        self.sentence_starts = [sent.start_char for sent in sentences]
        self.sentence_ends = [sent.end_char for sent in sentences]
        self.roots = [sent.root for sent in sentences]
        self.cue_starts = [at for at, _ in cues]
        self.cue_subjects = [subject for _, subject in cues]
        self._titled: list[tuple[int, set[str], Entity]] | None = None

    def chain(self, pronoun: Token) -> Token | None:
        """A pronoun's antecedent along a chain of sentences: from the sentence before its own
        backwards, the speaker of the last cue in it, else the subject of its main verb (None when
        another pronoun); a sentence whose main subject or speaker is the same pronoun, or that lies
        inside a quote, passes on to the one before."""
        own = bisect_right(self.sentence_starts, pronoun.idx) - 1
        for k in range(own - 1, max(-1, own - 1 - CHAIN_REACH), -1):
            root = self.roots[k]
            main = None if self.quoted[root.idx] else self._subject_of(root)
            if main is not None and main.lower_ == pronoun.lower_:
                continue
            lo = bisect_left(self.cue_starts, self.sentence_starts[k])
            hi = bisect_left(self.cue_starts, self.sentence_ends[k])
            spoken = [t for t in self.cue_subjects[lo:hi] if t is not None and not self.quoted[t.idx]]
            subject = spoken[-1] if spoken else main
            if subject is None and self.quoted[root.idx]:
                continue
            if subject is None or subject.lower_ != pronoun.lower_:
                return subject if subject is not None and subject.pos_ != "PRON" else None
        return None

    def subject_before(self, start: int) -> Token | None:
        """The subject of the main verb of the sentence ending before `start`, outside quotes."""
        doc = self.doc
        k = bisect_left(token_starts(doc), start) - 1
        while k >= 0 and (doc[k].is_space or doc[k].is_punct):
            k -= 1
        if k < 0:
            return None
        root = self.roots[bisect_right(self.sentence_starts, doc[k].idx) - 1]
        subject = next((c for c in root.children if c.dep_ in SUBJECT_DEPS), None)
        return subject if subject is not None and not self.quoted[subject.idx] else None

    def _subject_of(self, verb: Token) -> Token | None:
        return next((c for c in verb.children if c.dep_ in SUBJECT_DEPS and not self.quoted[c.idx]), None)

    def title_holder(self, subject: Token, at: int) -> Entity | None:
        """The person a role noun stands for ("the Fed chief" for "Fed Chairman Ann Lee"): of the
        people named with the role or one of its modifiers ("gov" abbreviating "governor"), the one
        sharing most of those words and every name among them, the nearest before `at`, else the
        first after it; none for a role someone owns ("his spokesman")."""
        role = lemma(subject).lower()
        if role not in TITLES or any(c.dep_ == "poss" for c in subject.children):
            return None  # "his spokesman", "Ann Lee's lawyer": someone else's role
        words = {role} | {c.lower_ for c in subject.children if c.dep_ in MODIFIERS}
        names = {c.lower_ for c in subject.children if c.dep_ == "compound" and c.pos_ == "PROPN"}
        best: tuple[int, bool, int] | None = None
        holder = None
        for start, titles, ent in self._titles():
            if not names <= titles:
                continue  # "the Nunes spokesman" is not the one of the White House
            shared = sum(any(w == t or (t in TITLES and len(t) > 2 and w.startswith(t)) for t in titles) for w in words)
            key = (shared, start < at, start if start < at else -start)
            if shared and (best is None or key > best):
                best, holder = key, ent
        return holder

    def _titles(self) -> list[tuple[int, set[str], Entity]]:
        """Each unquoted mention of a person with the words of its titles: the nouns and adjectives
        just before it on its line, and the head of an apposition with its modifiers."""
        if self._titled is not None:
            return self._titled
        doc, starts = self.doc, token_starts(self.doc)
        self._titled = []
        for m, ent in self.entities.mentions("person"):
            if self.quoted[m.start]:
                continue
            first, last = bisect_left(starts, m.start), bisect_left(starts, m.end) - 1
            words: set[str] = set()
            k = first - 1
            while k >= max(0, first - TITLE_REACH) and doc[k].pos_ in ("PROPN", "NOUN", "ADJ"):
                if "\n" in doc[k].text_with_ws:
                    break
                words.add(doc[k].lower_.rstrip("."))
                k -= 1
            if first <= last < len(doc):
                tok = doc[last]
                roles = [c for c in tok.children if c.dep_ == "appos"] + ([tok.head] if tok.dep_ == "appos" else [])
                for role in roles:
                    words.add(lemma(role).lower())
                    words.update(c.lower_ for c in role.children if c.dep_ in MODIFIERS)
            if words:
                self._titled.append((m.start, words, ent))
        return self._titled
