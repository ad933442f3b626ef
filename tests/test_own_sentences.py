"""The unit tests use sentences written for them: no string in tests/unit shares a run of seven
words with the development evaluation data (../shared/eval), so tests and scores measure different
text. The repository's own seed pages (seeds/) may be quoted: they are the project's sample input."""

import ast
import json
import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
EVAL = REPO.parent / "shared" / "eval"
RUN = 7


def _words(text: str) -> list[str]:
    return re.findall(r"\w+(?:['’]\w+)*", text.lower())


def _runs(text: str) -> set[tuple[str, ...]]:
    words = _words(text)
    return {tuple(words[i : i + RUN]) for i in range(len(words) - RUN + 1)}


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


@pytest.mark.skipif(not EVAL.is_dir(), reason="the evaluation data is not beside the repository")
def test_unit_tests_quote_no_evaluation_text():
    evaluation: set[tuple[str, ...]] = set()
    for path in [*EVAL.glob("*.json"), *EVAL.glob("*/*.json")]:
        for text in _strings(json.loads(path.read_text(encoding="utf-8"))):
            evaluation |= _runs(text)
    evaluation -= {run for path in (REPO / "seeds").glob("*.txt") for run in _runs(path.read_text(encoding="utf-8"))}
    copied = [
        f"{path.name}:{node.lineno}: {node.value[:80]!r}"
        for path in sorted((REPO / "tests" / "unit").glob("*.py"))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and _runs(node.value) & evaluation
    ]
    assert copied == []
