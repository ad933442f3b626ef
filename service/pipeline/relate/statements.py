"""Statements: two quotes by one speaker that say the same thing, and how their wordings differ.

`same_statement` is a small trained model over lexical features of the two wordings: stem n-gram
overlap (1-4 words), content-word containment, overlap weighted by how rare a word is in English
(frequencies from `wordfreq`, in data/word_frequencies.tsv), content words aligned across the two
wordings (same stem or close spelling), numbers, negations and names one has and the other lacks,
edit and subsequence similarity of the stems, character similarity (rapidfuzz, character n-gram
cosine) and lengths. The model and its threshold come from `python -m benchmarks.train_statements`
(chosen by 5-fold cross-validation; figures in README) and live in data/statement_pairs.json.
"""

import difflib
import json
import math
import re
from collections import Counter
from functools import cache
from importlib import resources

import numpy as np
from rapidfuzz import fuzz, process
from rapidfuzz.distance import Indel, Levenshtein

from service.pipeline.relate.words import STOP_WORDS, fold, stem, tokens

_DATA = resources.files("service.pipeline") / "data"
_CAPITALISED = re.compile(r"\b[A-Z][a-z]+")
_NAME = re.compile(r"(?<![.!?\"“]\s)(?<!^)\b[A-Z][\w'’-]+")  # capitalised, not opening a sentence
_NUMBER = re.compile(r"\d[\d,.]*")
_SPACE = re.compile(r"\W+")
_NEGATIONS = frozenset({"not", "no", "never", "none", "nobody", "nothing", "neither", "nor", "without", "cannot"})
ALIGNED_SPELLING = 80  # rapidfuzz ratio from which two different words count as one (defence/defense)
RAREST_ZIPF = 2.0  # a word missing from the frequency list is taken as this rare (Zipf scale, 0..8)


@cache
def _zipf() -> dict[str, float]:
    lines = (_DATA / "word_frequencies.tsv").read_text(encoding="utf-8").splitlines()
    return {word: float(zipf) for word, zipf in (line.split("\t") for line in lines)}


def information(token: str) -> float:
    """How much a word says: 8 minus its Zipf frequency (\"the\" about 0.3, a rare name about 6)."""
    return 8.0 - _zipf().get(token, RAREST_ZIPF)


def _grams(items: list | str, n: int) -> Counter:
    return Counter(zip(*(items[i:] for i in range(n))))


def _shared_ngrams(a: list, b: list, n: int) -> tuple[int, int, int]:
    """n-grams the two sequences share (with multiplicity), and each one's n-gram count."""
    ga, gb = _grams(a, n), _grams(b, n)
    return sum((ga & gb).values()), max(0, len(a) - n + 1), max(0, len(b) - n + 1)


def _overlap(shared: int, total_a: int, total_b: int) -> tuple[float, float]:
    """Shared n-grams as a share of the shorter and of the longer side's n-grams."""
    shares = [shared / total if total else 0.0 for total in (total_a, total_b)]
    return max(shares), min(shares)


def _bleu(counts: list[tuple[int, int, int]], side: int) -> float:
    """Geometric mean of one side's smoothed 1- to 4-gram precisions against the other."""
    return math.exp(sum(math.log((c[0] + 1) / (c[side] + 1)) for c in counts) / len(counts))


def _char_cosine(a: str, b: str, n: int) -> float:
    ga, gb = _grams(a, n), _grams(b, n)
    dot = sum(v * gb[k] for k, v in ga.items() if k in gb)
    norm = math.sqrt(sum(v * v for v in ga.values()) * sum(v * v for v in gb.values()))
    return dot / norm if norm else 0.0


def _both_ways(x: float, y: float) -> list[float]:
    return [max(x, y), min(x, y)]


def _weighted_containment(a: list[str], b: list[str]) -> float:
    """The information of a's words whose stem b has, as a share of all of a's."""
    stems_b = {stem(t) for t in b}
    words = set(a)
    total = sum(information(t) for t in words)
    return sum(information(t) for t in words if stem(t) in stems_b) / total if total else 0.0


def _unaligned(a: list[str], b: list[str]) -> tuple[float, int, float]:
    """Content words of a that b lacks (neither the stem nor a close spelling): the aligned share
    of a's information (a close spelling counted by its closeness), their count and information."""
    stems_b = {stem(t) for t in b}
    total = aligned = missing = 0.0
    count = 0
    for t in a:
        weight = information(t)
        total += weight
        if stem(t) in stems_b:
            aligned += weight
            continue
        close = process.extractOne(t, b, scorer=fuzz.ratio, score_cutoff=ALIGNED_SPELLING) if b else None
        if close:
            aligned += weight * close[1] / 100
        else:
            count += 1
            missing += weight
    return (aligned / total if total else 0.0), count, missing


def _negations(words: list[str]) -> int:
    return sum(1 for t in words if t in _NEGATIONS or t.endswith("n't"))


def _numbers(text: str) -> set[str]:
    return {n.replace(",", "").rstrip(".") for n in _NUMBER.findall(text)}


def _names(text: str) -> set[str]:
    return {stem(fold(w)) for w in _NAME.findall(text.strip())}


def _word_features(ta: list[str], tb: list[str]) -> list[float]:
    """Overlap of stems, content stems, their order and their count."""
    sa, sb = [stem(t) for t in ta], [stem(t) for t in tb]
    ca = [s for t, s in zip(ta, sa) if t not in STOP_WORDS]
    cb = [s for t, s in zip(tb, sb) if t not in STOP_WORDS]
    counts = [_shared_ngrams(sa, sb, n) for n in (1, 2, 3, 4)]
    out: list[float] = []
    for n in (1, 2, 3):
        out += _overlap(*counts[n - 1])
    out += _overlap(*_shared_ngrams(ca, cb, 1))
    union = set(sa) | set(sb)
    out.append(len(set(sa) & set(sb)) / len(union) if union else 0.0)
    out.append(min(len(ta), len(tb)) / max(1, len(ta), len(tb)))
    matcher = difflib.SequenceMatcher(None, sa, sb, autojunk=False)
    out.append(matcher.ratio())
    longest = max((m.size for m in matcher.get_matching_blocks()), default=0)
    out.append(longest / max(1, min(len(sa), len(sb))))
    out.append(math.log1p(len(set(ca) ^ set(cb))))
    out.append(math.log1p(abs(len(ta) - len(tb))))
    out += [Levenshtein.normalized_similarity(sa, sb), Indel.normalized_similarity(sa, sb)]
    out.append(_overlap(*counts[3])[0])
    out += _both_ways(_bleu(counts, 1), _bleu(counts, 2))
    out += [math.log1p(len(ta)), math.log1p(len(tb))]
    return out


def _information_features(ta: list[str], tb: list[str]) -> list[float]:
    """Overlap weighted by how rare the words are, and the content words left unaligned."""
    out = _both_ways(_weighted_containment(ta, tb), _weighted_containment(tb, ta))
    wa, wb = {stem(t): information(t) for t in ta}, {stem(t): information(t) for t in tb}
    missing_a = sum(w for s, w in wa.items() if s not in wb)
    missing_b = sum(w for s, w in wb.items() if s not in wa)
    out += _both_ways(math.log1p(missing_a), math.log1p(missing_b))
    shared = sum(min(wa[s], wb[s]) for s in wa.keys() & wb.keys())
    union = sum(wa.values()) + sum(wb.values()) - shared
    out.append(shared / union if union else 0.0)
    ca, cb = [t for t in ta if t not in STOP_WORDS], [t for t in tb if t not in STOP_WORDS]
    (share_a, count_a, mass_a), (share_b, count_b, mass_b) = _unaligned(ca, cb), _unaligned(cb, ca)
    out += _both_ways(share_a, share_b)
    out += _both_ways(math.log1p(count_a), math.log1p(count_b))
    out += _both_ways(math.log1p(mass_a), math.log1p(mass_b))
    out.append(math.log1p(mass_a + mass_b))
    return out


def _mismatch_features(a: str, b: str, ta: list[str], tb: list[str]) -> list[float]:
    """Numbers, negations and names that one wording has and the other lacks."""
    words_a = {t for t in ta if any(c.isdigit() for c in t)}
    words_b = {t for t in tb if any(c.isdigit() for c in t)}
    na, nb = _numbers(a), _numbers(b)
    out = [float(words_a != words_b), float(bool(na ^ nb)), len(na ^ nb) / max(1, len(na | nb))]
    out.append(float(bool(na and nb and na != nb)))
    neg_a, neg_b = _negations(ta), _negations(tb)
    out += [float(neg_a != neg_b), float((neg_a > 0) != (neg_b > 0))]
    caps_a, caps_b = set(_CAPITALISED.findall(a)), set(_CAPITALISED.findall(b))
    out.append(len(caps_a ^ caps_b) / max(1, len(caps_a | caps_b)))
    names_a, names_b = _names(a), _names(b)
    out.append(len(names_a ^ names_b) / max(1, len(names_a | names_b)))
    out.append(math.log1p(len(names_a - names_b)) + math.log1p(len(names_b - names_a)))
    return out


def _character_features(a: str, b: str, ta: list[str], tb: list[str]) -> list[float]:
    """Spelling-level similarity: character n-gram cosine and rapidfuzz ratios of the folded words."""
    fa, fb = " ".join(ta), " ".join(tb)
    spaced_a, spaced_b = (f" {_SPACE.sub(' ', fold(text))} " for text in (a, b))
    out = [_char_cosine(spaced_a, spaced_b, 4), _char_cosine(spaced_a, spaced_b, 3)]
    out += [fuzz.ratio(fa, fb) / 100, fuzz.token_set_ratio(fa, fb) / 100, fuzz.token_sort_ratio(fa, fb) / 100]
    out += [fuzz.partial_ratio(fa, fb) / 100, min(len(fa), len(fb)) / max(1, len(fa), len(fb))]
    return out


def features(a: str, b: str) -> list[float]:
    """The lexical features of a pair of wordings, in the order of the model's inputs."""
    ta, tb = tokens(a), tokens(b)
    return (
        _word_features(ta, tb)
        + _information_features(ta, tb)
        + _mismatch_features(a, b, ta, tb)
        + _character_features(a, b, ta, tb)
    )


@cache
def _model() -> dict:
    model = json.loads((_DATA / "statement_pairs.json").read_text())
    model["layers"] = [(np.array(layer["weights"]), np.array(layer["bias"])) for layer in model["layers"]]
    model["mean"], model["scale"] = np.array(model["mean"]), np.array(model["scale"])
    return model


def probability(a: str, b: str) -> float:
    """The model's probability that the two wordings are one statement: standardised features
    through dense layers (ReLU between them) and a logistic output."""
    model = _model()
    x = (np.array(features(a, b)) - model["mean"]) / model["scale"]
    *hidden, (weights, bias) = model["layers"]
    for w, c in hidden:
        x = np.maximum(x @ w + c, 0.0)
    z = float((x @ weights + bias)[0])
    return 1 / (1 + math.exp(-z))


MIN_EXCERPT_WORDS = 4


def is_excerpt(a: str, b: str) -> bool:
    """One wording is the other trimmed at either end (case and punctuation ignored), and not a mere few words."""
    short, long = sorted((tokens(a), tokens(b)), key=len)
    if len(short) < MIN_EXCERPT_WORDS:
        return False
    return any(long[i : i + len(short)] == short for i in range(len(long) - len(short) + 1))


def score(a: str, b: str) -> float:
    """How surely two wordings are one statement: 1 for an excerpt, else the model's probability."""
    return 1.0 if is_excerpt(a, b) else probability(a, b)


def same_statement(a: str, b: str) -> bool:
    return score(a, b) >= threshold()


def changed_words(a: str, b: str) -> list[str]:
    """Words one wording has where the other has different ones (case and punctuation ignored).

    A wording that is a trimmed excerpt of the other changed nothing: the words it leaves out
    at either end are not counted.
    """
    ta, tb = tokens(a), tokens(b)
    changed: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, ta, tb, autojunk=False).get_opcodes():
        at_an_end = (i1 == j1 == 0) or (i2 == len(ta) and j2 == len(tb))
        if op == "equal" or (at_an_end and op in ("insert", "delete") and ta and tb):
            continue
        changed += ta[i1:i2] + tb[j1:j2]
    return list(dict.fromkeys(changed))


def threshold() -> float:
    """The probability from which two wordings count as one statement."""
    return _model()["threshold"]
