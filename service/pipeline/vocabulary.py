"""The rules' vocabulary: word lists and small tables kept as package data, read once.

A list is `data/vocabulary/NAME.txt`, one entry a line (blank lines and lines starting with "#"
are skipped); a table is `data/vocabulary/NAME.toml`, keys and values at the top level.
"""

import re
import tomllib
from collections.abc import Iterable, Mapping
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import Any

_FOLDER = resources.files("service.pipeline") / "data" / "vocabulary"


def _read(filename: str) -> str:
    return (_FOLDER / filename).read_text(encoding="utf-8")


@cache
def entries(name: str) -> tuple[str, ...]:
    """The entries of list `name`, in file order (the order regular expressions try them in)."""
    lines = (line.strip() for line in _read(f"{name}.txt").splitlines())
    return tuple(line for line in lines if line and not line.startswith("#"))


@cache
def words(name: str) -> frozenset[str]:
    """The entries of list `name`, as a set."""
    return frozenset(entries(name))


@cache
def table(name: str) -> Mapping[str, Any]:
    """Table `name`, read-only."""
    return MappingProxyType(tomllib.loads(_read(f"{name}.toml")))


def lowered_pattern(pattern: str) -> re.Pattern:
    """`pattern`, case-insensitive, compiled to search lower-cased text: as fast as a case-sensitive
    pattern (alternatives are skipped on their first letter), several times faster than re.I. A
    pattern with an upper-case letter, which lower-cased text never holds, is refused."""
    letters = re.sub(r"\\.|\(\?P<\w+>", "", pattern)  # escapes (\W, \S...) and group names aside
    if any(ch.isupper() for ch in letters):
        raise ValueError(f"an upper-case letter in a pattern for lower-cased text: {pattern[:80]}")
    return re.compile(pattern)


def any_of(literals: Iterable[str]) -> str:
    """A pattern that finds any of `literals`, written as a trie ("c(?:ivil|ookie)"): the engine
    tries a place's first character once instead of once a literal; none: a pattern that finds nothing."""
    trie: dict = {}
    for literal in literals:
        node = trie
        for ch in literal:
            node = node.setdefault(ch, {})
        node[""] = {}

    def pattern(node: dict) -> str:
        branches = [re.escape(ch) + pattern(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        group = branches[0] if len(branches) == 1 and "" not in node else f"(?:{'|'.join(branches)})"
        return group + ("?" if "" in node else "")

    return pattern(trie) or "(?!)"
