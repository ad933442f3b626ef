"""Speaker attribution as ranking: for each quote, candidate speakers gathered from the grammar
and the quotes around it, each described by features, scored by a conditional logit (a linear
score, the best candidate wins).

Candidates: the readings of the cue verb's subject (its entity, an apposition or compound, a
surname, its descriptor, a pronoun's latest person, latest person that speaks in the article and
latest person that is the subject of a main verb), the named subject of the latest cue before it,
the readings of the subject of a cue after the quote, the rules' own pick (quotes.Attributor and
its inheritance), the speaker of the quote a quote continues, of the previous and next quotes,
of the previous paragraph, the subject of the sentence before (and of a colon introducing the
quote), the subject of an uncued quote's own sentence, the latest people and organisations
before the quote, the article's most named person, and no speaker at all. One candidate per name
keeps every way it was found. The weights (benchmarks/train_speakers.py, a small JSON file in
service/pipeline/data/) are read once per process.
"""

import json
import math
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

from spacy.tokens import Token

from service.pipeline.enrich.entities import Entity
from service.pipeline.enrich.mentions import SUBJECT_DEPS
from service.pipeline.enrich.names import ORG_WORDS, TITLES
from service.pipeline.enrich.nlp import lemma, token_starts

if TYPE_CHECKING:
    from service.pipeline.enrich.quotes import Attributor, Quote, Span

MODEL_FILE = "speaker_ranking.json"
NOBODY = ""  # the candidate name of "no speaker"
SUBJECT_REACH = 60  # tokens of a quote's sentence searched for a subject


@dataclass
class Candidate:
    """One possible speaker of a quote and how it was found."""

    name: str
    kind: str
    how: set[str] = field(default_factory=set)
    entity: Entity | None = None


@dataclass
class Context:
    """What the candidates of one quote are read from: its span, the rules' pick, its cue's subject."""

    quote: "Quote"
    span: "Span"
    cue: Token | None
    subject: Token | None
    sentence_start: int
    sentence_end: int


class Ranker:
    """A logistic regression over candidate features: a weight per feature and an intercept."""

    def __init__(self, intercept: float, weights: dict[str, float]):
        self.intercept, self.weights = intercept, weights

    @classmethod
    def from_json(cls, data: dict) -> "Ranker":
        return cls(data["intercept"], data["weights"])

    def score(self, feats: dict[str, float]) -> float:
        return self.intercept + sum(self.weights.get(k, 0.0) * v for k, v in feats.items())

    def pick(self, cands: list[Candidate], feats: list[dict[str, float]]) -> int:
        """The index of the best-scoring candidate (the earlier on a tie)."""
        scores = [self.score(f) for f in feats]
        return max(range(len(feats)), key=scores.__getitem__)


@lru_cache(maxsize=1)
def default_ranker() -> Ranker:
    """The packaged model, read once per process."""
    text = resources.files("service.pipeline").joinpath("data", MODEL_FILE).read_text(encoding="utf-8")
    return Ranker.from_json(json.loads(text))


class Gatherer:
    """Candidate speakers of the quotes of one article, and their features."""

    def __init__(self, attributor: "Attributor", contexts: list[Context]):
        self.attributor, self.contexts = attributor, contexts
        self.by_name = {e.name: e for e in attributor.entities.items}
        self.mention_starts = {e.name: sorted(m.start for m in e.mentions) for e in attributor.entities.items}
        people = Counter({e.name: len(e.mentions) for e in attributor.entities.items if e.type == "person"})
        self.salient = people.most_common(1)[0][0] if people else None
        self.paragraph_starts = [0] + [i + 1 for i in attributor.breaks]
        cue_speakers = attributor.cue_speakers()
        self.spoke = Counter(ent.name for _, ent in cue_speakers)
        self.cue_starts = [at for at, _ in cue_speakers]
        self.cue_speakers = [ent for _, ent in cue_speakers]
        self._subject_kinds: dict[int, tuple[str, str]] = {}
        # for each quote, the last quote of an earlier paragraph and the next quote with a cue
        self.last_before_paragraph: list[int | None] = []
        last_of_earlier: int | None = None
        for i, ctx in enumerate(contexts):
            if i and contexts[i - 1].span.paragraph < ctx.span.paragraph:
                last_of_earlier = i - 1
            self.last_before_paragraph.append(last_of_earlier)
        self.next_cued: list[int | None] = [None] * len(contexts)
        for i in range(len(contexts) - 2, -1, -1):
            self.next_cued[i] = i + 1 if contexts[i + 1].cue is not None else self.next_cued[i + 1]
        self.main_subjects = self._main_subjects()

    def candidates(self, i: int) -> list[Candidate]:
        """The candidates of quote i, the rules' pick first, nobody last."""
        ctx = self.contexts[i]
        found: dict[str, Candidate] = {}
        for name, kind, how in self._found(i, ctx):
            if name:
                found.setdefault(name, Candidate(name, kind, entity=self.by_name.get(name))).how.add(how)
        return [*found.values(), Candidate(NOBODY, "unknown", {"nobody"})]

    def _found(self, i: int, ctx: Context) -> Iterator[tuple[str | None, str, str]]:
        """(name, kind, how found) of every candidate of quote i, repeats included."""
        yield ctx.quote.speaker, ctx.quote.speaker_kind, "rule"
        at = ctx.span.open_at
        if ctx.subject is not None:
            readings = [*self.attributor.readings(ctx.subject, at), *self._pronoun_speaker(ctx.subject, at)]
            for name, kind, how in readings:
                yield name, kind, f"cue_{how}"
            holder = self.attributor.antecedents.title_holder(ctx.subject, at)
            if holder is not None:
                yield holder.name, "person", "cue_titled"
        after_cue = self.attributor.cue_in(ctx.span.end, ctx.sentence_end, ctx.span.end)
        if after_cue is not None and after_cue is not ctx.cue:
            speaker = self.attributor.speaker_token(after_cue, ctx.span.end)
            for name, kind, how in self.attributor.readings(speaker, at) if speaker is not None else ():
                yield name, kind, f"after_{how}"
        around = [(i - 1, "previous_quote"), (self.last_before_paragraph[i], "previous_paragraph")]
        if i and self.contexts[i - 1].span.paragraph == ctx.span.paragraph:
            around.append((i - 1, "previous_quote_paragraph"))
        if i and ctx.span.continued:
            around.append((i - 1, "continued"))
        after = self.next_cued[i]
        if after is not None and self.contexts[after].span.paragraph == ctx.span.paragraph:
            around.append((after, "next_quote_paragraph"))
        for j, how in around:
            if j is not None and j >= 0:
                yield self.contexts[j].quote.speaker, self.contexts[j].quote.speaker_kind, how
        k = bisect_left(self.cue_starts, at)
        if k:
            last = self.cue_speakers[k - 1]
            yield last.name, "person" if last.type == "person" else "organization", "last_speaker"
        for type_ in ("person", "organization"):
            subject, latest = self.attributor.latest(type_, at)
            for ent, how in ((subject, "latest_subject"), (latest, "latest")):
                if ent is not None:
                    yield ent.name, type_, f"{how}_{type_}"
        before = self.attributor.antecedents.subject_before(ctx.sentence_start)
        if before is not None:
            colon = self.attributor.body[max(0, at - 200) : at].rstrip().endswith(":")  # "..., she said:" then it
            spoke = self.attributor.is_cue(before.head)
            for name, kind, how in self._readings(before, spoke):
                yield name, kind, f"before_{how}{'_spoke' if spoke else ''}"
                if colon:
                    yield name, kind, f"colon_{how}"
        own = self._subject_in(ctx.sentence_start, ctx.sentence_end) if ctx.cue is None else None
        if own is not None:
            for name, kind, how in self._readings(own, False):
                yield name, kind, f"sentence_{how}"
        if self.salient:
            yield self.salient, "person", "salient"

    def _main_subjects(self) -> dict[str, tuple[list[int], list[Entity]]]:
        """Per type, the entities that are the unquoted subject of a sentence's main verb, in text
        order, with their offsets (a pronoun's likeliest antecedent, "Ann Lee said ... He ...")."""
        found: dict[str, tuple[list[int], list[Entity]]] = {"person": ([], []), "organization": ([], [])}
        att = self.attributor
        for root in att.antecedents.roots:
            for child in root.children:
                if child.dep_ not in SUBJECT_DEPS or att.quoted[child.idx] or child.pos_ == "PRON":
                    continue
                ent = att.entities.at(child.idx, child.idx + len(child))
                if ent is not None and ent.type in found:
                    found[ent.type][0].append(child.idx)
                    found[ent.type][1].append(ent)
        return found

    def _pronoun_speaker(self, tok: Token, at: int) -> Iterator[tuple[str, str, str]]:
        """A person or organisation pronoun's latest antecedent that speaks in the article, and its
        latest antecedent that is the subject of a main verb."""
        types = {"he": "person", "she": "person", "it": "organization", "they": "organization"}
        type_ = types.get(tok.lower_)
        if type_ is None:
            return
        ent = self.attributor.latest_speaker(type_, at, self.spoke)
        if ent is not None:
            yield ent.name, type_, "pronoun_speaker"
        starts, entities = self.main_subjects[type_]
        k = bisect_left(starts, at)
        if k:
            yield entities[k - 1].name, type_, "pronoun_main"
        for name, kind, _ in self.attributor.chained(tok):
            yield name, kind, "pronoun_chain"

    def _readings(self, subject: Token, spoke: bool) -> list[tuple[str, str, str]]:
        """The readings of a subject away from a cue; a descriptor only when it speaks or names a
        role or an organisation ("the spokeswoman", not "the mood in town")."""
        found = [*self.attributor.readings(subject, subject.idx), *self._pronoun_speaker(subject, subject.idx)]
        if spoke or any(how in ("head_title", "head_organisation") for _, _, how in found):
            return found
        return [r for r in found if r[2] != "descriptor" and not r[2].startswith("head_")]

    def _subject_kind(self, ctx: Context) -> tuple[str, str]:
        """What the cue's subject is (none, a pronoun, an entity, a title, an organisation noun,
        a number, another noun or name) and what determines it (a, the, a possessive, nothing)."""
        tok = ctx.subject
        if tok is None:
            return ("subject=none" if ctx.cue is not None else "nocue"), "det=none"
        children = list(tok.children)
        det = next((c for c in children if c.dep_ in ("det", "poss", "nummod")), None)
        determiner = "det=none"
        if det is not None:
            if det.dep_ == "poss":
                determiner = "det=poss"
            elif det.dep_ == "nummod" or det.lower_ in ("a", "an", "one", "another", "some"):
                determiner = "det=a"
            else:
                determiner = "det=the"
        if self.attributor.quoted[tok.idx]:
            kind = "quoted"
        elif tok.pos_ == "PRON":
            kind = "pronoun" if tok.lower_ in ("he", "she", "it", "they") else "other_pronoun"
        elif self.attributor.entities.at(tok.idx, tok.idx + len(tok)) is not None:
            kind = "entity"
        elif lemma(tok).lower() in TITLES:
            kind = "title"
        elif lemma(tok).lower() in ORG_WORDS:
            kind = "organisation_noun"
        elif tok.like_num or any(c.like_num for c in children):
            kind = "number"
        else:
            kind = "name" if tok.pos_ == "PROPN" else "noun"
        return f"subject={kind}", determiner

    def _subject_in(self, start: int, end: int) -> Token | None:
        """The first unquoted subject of an unquoted verb in body[start:end] ("Stewart compared it
        to ...": a speaker without a cue verb)."""
        doc, quoted = self.attributor.doc, self.attributor.quoted
        starts = token_starts(doc)
        first = bisect_left(starts, start)
        for k in range(first, min(bisect_left(starts, end), first + SUBJECT_REACH)):
            tok = doc[k]
            if tok.dep_ in SUBJECT_DEPS and not quoted[tok.idx] and not quoted[tok.head.idx]:
                return tok
        return None

    def features(self, i: int, cand: Candidate) -> dict[str, float]:
        """Features of one candidate of quote i: how it was found (also split by whether the quote
        has a cue of its own), its kind, how often and how near the article names it."""
        ctx = self.contexts[i]
        if i not in self._subject_kinds:
            self._subject_kinds[i] = self._subject_kind(ctx)
        subject, determiner = self._subject_kinds[i]
        spoke = self.spoke.get(cand.name, 0)
        f: dict[str, float] = {}
        for how in cand.how:
            f[how] = 1.0
            f[f"{how}|{subject}"] = 1.0
            f[f"{how}|{determiner}"] = 1.0
            if cand.entity is not None:
                f[f"{how}|{'spoke' if spoke else 'silent'}"] = 1.0
        if cand.name and cand.entity is None and any(c.isdigit() for c in cand.name):
            f["digits"] = 1.0  # "44 percent of Americans"
        f[f"kind={cand.kind}"] = 1.0
        f[f"kind={cand.kind}|{subject}"] = 1.0
        if ctx.span.continued:
            f["quote_continued"] = 1.0 if "continued" in cand.how else 0.0
        if cand.entity is None:
            return f
        starts = self.mention_starts[cand.name]
        f["log_spoke"] = math.log1p(spoke)
        f["log_mentions"] = math.log1p(len(starts))
        at = ctx.span.open_at
        k = bisect_left(starts, at)
        para = self.paragraph_starts[ctx.span.paragraph] if ctx.span.paragraph < len(self.paragraph_starts) else 0
        if k == 0:
            f["named_only_after"] = 1.0
        else:
            gap = at - starts[k - 1]
            f["named_in_paragraph" if starts[k - 1] >= para else "named_before_paragraph"] = 1.0
            if starts[k - 1] >= ctx.sentence_start:
                f["named_in_sentence"] = 1.0
            f["log_gap"] = math.log1p(gap) / 10
        if k < len(starts) and starts[k] < ctx.span.end:
            f["named_inside"] = 1.0
        return f


def rank(attributor: "Attributor", contexts: list[Context], ranker: Ranker | None = None) -> None:
    """Give every quote the best-scoring of its candidates (the earlier on a tie)."""
    ranker = ranker or default_ranker()
    gatherer = Gatherer(attributor, contexts)
    picks = []
    for i in range(len(contexts)):
        cands = gatherer.candidates(i)
        picks.append(cands[ranker.pick(cands, [gatherer.features(i, c) for c in cands])])
    for ctx, pick in zip(contexts, picks):
        ctx.quote.speaker = pick.name or None
        ctx.quote.speaker_kind = pick.kind if pick.name else "unknown"
