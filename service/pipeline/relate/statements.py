"""Statements: two quotes by one speaker that say the same thing, and how their wordings differ.

`same_statement` is a logistic model over lexical features of the two wordings (stem n-gram
overlap, content-word containment, length ratio, numbers and names that differ, character
n-gram cosine); its weights and threshold come from `python -m benchmarks.train_statements`
(5-fold cross-validated; figures in README) and live in data/statement_pairs.json.
"""

import difflib
import json
import math
import re
from collections import Counter
from functools import cache
from importlib import resources

from service.pipeline.relate.words import STOP_WORDS, fold, stem, tokens

_CAPITALISED = re.compile(r"\b[A-Z][a-z]+")
_SPACE = re.compile(r"\W+")


def _ngram_overlap(a: list, b: list, n: int) -> tuple[float, float]:
    """Shared n-grams as a share of the shorter and of the longer side's n-grams."""
    ga = Counter(tuple(a[i : i + n]) for i in range(len(a) - n + 1))
    gb = Counter(tuple(b[i : i + n]) for i in range(len(b) - n + 1))
    shared = sum((ga & gb).values())
    shares = [shared / total if total else 0.0 for total in (sum(ga.values()), sum(gb.values()))]
    return max(shares), min(shares)


def _char_cosine(a: str, b: str, n: int) -> float:
    def grams(text):
        text = f" {_SPACE.sub(' ', fold(text))} "
        return Counter(text[i : i + n] for i in range(len(text) - n + 1))

    ga, gb = grams(a), grams(b)
    dot = sum(v * gb[k] for k, v in ga.items() if k in gb)
    norm = math.sqrt(sum(v * v for v in ga.values()) * sum(v * v for v in gb.values()))
    return dot / norm if norm else 0.0


def features(a: str, b: str) -> list[float]:
    """The lexical features of a pair of wordings, in the order of the model's weights."""
    ta, tb = tokens(a), tokens(b)
    sa, sb = [stem(t) for t in ta], [stem(t) for t in tb]
    ca = [s for t, s in zip(ta, sa) if t not in STOP_WORDS]
    cb = [s for t, s in zip(tb, sb) if t not in STOP_WORDS]
    out: list[float] = []
    for n in (1, 2, 3):
        out += _ngram_overlap(sa, sb, n)
    out += _ngram_overlap(ca, cb, 1)
    union = set(sa) | set(sb)
    out.append(len(set(sa) & set(sb)) / len(union) if union else 0.0)
    out.append(min(len(ta), len(tb)) / max(1, len(ta), len(tb)))
    na, nb = {t for t in ta if any(c.isdigit() for c in t)}, {t for t in tb if any(c.isdigit() for c in t)}
    out.append(float(na != nb))
    names_a, names_b = set(_CAPITALISED.findall(a)), set(_CAPITALISED.findall(b))
    out.append(len(names_a ^ names_b) / max(1, len(names_a | names_b)))
    matcher = difflib.SequenceMatcher(None, sa, sb, autojunk=False)
    out.append(matcher.ratio())
    longest = max((m.size for m in matcher.get_matching_blocks()), default=0)
    out.append(longest / max(1, min(len(sa), len(sb))))
    out.append(math.log1p(len(set(ca) ^ set(cb))))
    out.append(math.log1p(abs(len(ta) - len(tb))))
    out += [_char_cosine(a, b, 4), _char_cosine(a, b, 3)]
    return out


@cache
def _model() -> dict:
    return json.loads(resources.files("service.pipeline").joinpath("data/statement_pairs.json").read_text())


def probability(a: str, b: str) -> float:
    """The model's probability that the two wordings are one statement."""
    model = _model()
    z = model["intercept"] + sum(w * x for w, x in zip(model["weights"], features(a, b)))
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
