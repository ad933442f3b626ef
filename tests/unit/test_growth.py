"""Every pipeline step grows linearly with its input, even on pathological inputs.

Each case times one step at n/2 and 2n characters and fails when quadrupling the input more than
GROWTH times the time: a linear step gives about 4, a quadratic one 16. The clock is the process's
CPU time without garbage collection, the best of a few runs taken in turn, so that other work on a
busy machine (which slows the larger input's cache-bound work the more) does not fail it; a ratio
over GROWTH is measured again, up to RETRIES more times with the best times kept, before it fails:
a burst of load can outlast one measurement, while a superlinear step stays over on every one.
"""

import gc
import time
from collections.abc import Callable

import pytest

from service.pipeline.clean import metadata
from service.pipeline.clean.page import clean_html, clean_text
from service.pipeline.enrich.article import enrich_doc
from service.pipeline.enrich.nlp import get_nlp, parse

GROWTH = 6.0
RUNS = 3
RETRIES = 3
HEAD = "Harbour plan approved\n"


def repeat(unit: str, n: int, head: str = HEAD, tail: str = "") -> str:
    """`head`, then `unit` repeated to about n characters, then `tail`."""
    return head + unit * max(1, (n - len(head) - len(tail)) // len(unit)) + tail


def lettered(n: int, sentence: Callable[[str, str, str], str]) -> str:
    """HEAD, then `sentence(a, b, c)` for ever new capitals a, b, c, to about n characters."""
    parts, length, i = [], 0, 0
    while length < n:
        parts.append(sentence(*(chr(65 + (i // k) % 26) for k in (1, 26, 676))))
        length, i = length + len(parts[-1]), i + 1
    return HEAD + "".join(parts)


def distinct_names(n: int) -> str:
    """A paragraph naming ever new people and organisations."""
    return lettered(n, lambda a, b, c: f"Mr {a}{b.lower()}{c.lower()}son met the {b}{c.lower()}{a.lower()} Group. ")


def same_initials(n: int) -> str:
    """Ever new full names that share their initials, so each could be another's spelling."""
    return lettered(n, lambda a, b, c: f"Anna B{(a + b + c).lower()}er met Anna Bo{(c + a + b).lower()}er. ")


def acronyms(n: int) -> str:
    return lettered(n, lambda a, b, c: f"The {a}ood {b}ort {c}ouncil ({a}{b}{c}) met. ")


# (id, step, input of about n characters, n)
CASES = [
    ("copyright-line", "clean_text", lambda n: repeat("©", n, HEAD + "© 2020 a", "b"), 16_000),
    ("copyright-spaces", "metadata", lambda n: "© 2020 a" + " " * n + "b Ltd", 200_000),
    ("meta-tags", "clean_html", lambda n: repeat("<meta ", n, "<html><body><p>x</p>"), 64_000),
    ("long-word", "clean_text", lambda n: repeat("a", n), 200_000),
    ("one-huge-line", "clean_text", lambda n: repeat("The council met on Monday and said so. ", n), 100_000),
    ("many-lines", "clean_text", lambda n: repeat("The council met.\n", n), 100_000),
    ("quotes", "enrich", lambda n: repeat("“It is so.” ", n), 4_000),
    ("quotes-one-sentence", "enrich", lambda n: repeat("“it is so” and ", n), 4_000),
    ("quotes-said", "enrich", lambda n: repeat("“Yes,” he said. ", n), 4_000),
    ("quotes-unclosed", "enrich", lambda n: repeat("“He went on\n", n), 4_000),
    ("names-one-paragraph", "enrich", lambda n: repeat("Jane Smith met John Doe in Paris. ", n), 4_000),
    ("names-distinct", "enrich", distinct_names, 4_000),
    ("names-coordinated", "enrich", lambda n: repeat("Jo Li, ", n), 2_500),
    ("names-same-initials", "enrich", same_initials, 8_000),
    ("acronyms", "enrich", acronyms, 4_000),
    ("abbreviations", "enrich", lambda n: repeat("Mr. ", n), 4_000),
    ("credit-line", "enrich", lambda n: repeat("Photo by Ann Lee from Kestrel Agency ", n), 8_000),
    ("open-quote-run", "tokenize", lambda n: repeat("“", n), 4_000),
    ("symbol-run", "tokenize", lambda n: repeat("$", n), 4_000),
    ("possessive-run", "tokenize", lambda n: repeat("'s", n), 4_000),
    ("copyright-run", "tokenize", lambda n: repeat("©", n), 4_000),
]
STEPS = {
    "clean_text": clean_text,
    "clean_html": clean_html,
    "metadata": metadata._copyright_holder,
    "tokenize": lambda text: get_nlp().tokenizer(text),  # the model's own steps are linear
    "enrich": enrich_doc,  # given the parsed text
}


def best_times(step: str, texts: list[str]) -> list[float]:
    """The best CPU time of `step` on each text, the texts taken in turn RUNS times, so that a
    change in the machine's load weighs on every size alike."""
    function = STEPS[step]
    given = [parse(text) if step == "enrich" else text for text in texts]
    best = [float("inf")] * len(given)
    for _ in range(RUNS):
        for i, g in enumerate(given):
            gc.collect()
            gc.disable()  # a full collection walks the language model's objects too: not the step's time
            try:
                started = time.process_time()
                function(g)
                best[i] = min(best[i], time.process_time() - started)
            finally:
                gc.enable()
    return best


@pytest.mark.parametrize("step, make, n", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_time_grows_linearly_with_the_input(step, make, n):
    get_nlp()
    texts = [make(n // 2), make(2 * n)]
    small, large = best_times(step, texts)
    for _ in range(RETRIES):
        if large <= GROWTH * max(small, 0.005):
            break
        small, large = (min(pair) for pair in zip((small, large), best_times(step, texts), strict=True))
    assert large <= GROWTH * max(small, 0.005), f"{step}: {small:.3f} s at {n // 2}, {large:.3f} s at {2 * n}"
