"""Near-duplicate copies: MinHash signatures of word shingles and their LSH band keys.

Two texts whose shingle sets have Jaccard similarity s share at least one band key with
probability 1 - (1 - s**ROWS)**BANDS (about 0.98 at s = 0.7, 0.05 at s = 0.3), so a terms
query on stored band keys finds the candidates and the signatures confirm them.
"""

import hashlib

import numpy as np

from service.pipeline.relate.words import tokens

SHINGLE = 3  # words per shingle
BANDS, ROWS = 16, 4
PERMUTATIONS = BANDS * ROWS
COPY_SIMILARITY = 0.7  # estimated shingle Jaccard from which two texts are copies of one another
_PRIME = (1 << 61) - 1
_rng = np.random.default_rng(1)  # fixed: signatures must be comparable across processes and runs
_A = _rng.integers(1, 1 << 32, PERMUTATIONS, dtype=np.uint64)
_B = _rng.integers(0, 1 << 32, PERMUTATIONS, dtype=np.uint64)


def _shingle_hashes(text: str) -> np.ndarray:
    words = tokens(text)
    grams = {" ".join(words[i : i + SHINGLE]) for i in range(max(1, len(words) - SHINGLE + 1))}
    digests = (hashlib.blake2b(g.encode(), digest_size=4).digest() for g in grams)
    return np.fromiter((int.from_bytes(d, "little") for d in digests), dtype=np.uint64, count=len(grams))


def signature(text: str) -> list[int]:
    """The MinHash signature of the text's word shingles (PERMUTATIONS integers below 2**61)."""
    hashes = _shingle_hashes(text)
    if not hashes.size:
        return [int(_PRIME)] * PERMUTATIONS
    # a < 2**32 and h < 2**32, so a*h + b stays below 2**64: no overflow before the modulo.
    values = (np.outer(_A, hashes) + _B[:, None]) % np.uint64(_PRIME)
    return [int(v) for v in values.min(axis=1)]


def band_keys(sig: list[int]) -> list[str]:
    """One key per band: texts sharing a key are copy candidates."""
    keys = []
    for band in range(BANDS):
        rows = sig[band * ROWS : (band + 1) * ROWS]
        digest = hashlib.blake2b(repr(rows).encode(), digest_size=8).hexdigest()
        keys.append(f"{band}:{digest}")
    return keys


def similarity(sig_a: list[int], sig_b: list[int]) -> float:
    """Estimated Jaccard similarity of the two shingle sets."""
    return sum(a == b for a, b in zip(sig_a, sig_b)) / PERMUTATIONS


def is_copy(sig_a: list[int], sig_b: list[int]) -> bool:
    return similarity(sig_a, sig_b) >= COPY_SIMILARITY
