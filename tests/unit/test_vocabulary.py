"""The rules' vocabulary files: read once, comments skipped, read-only tables, none unused."""

import re
from pathlib import Path

import pytest

from service.pipeline import vocabulary

PIPELINE = Path(vocabulary.__file__).parent
FILES = sorted((PIPELINE / "data" / "vocabulary").iterdir())


def test_lists_skip_comments_and_keep_their_order():
    leads = vocabulary.entries("byline_leads")
    assert leads[:3] == ("by", "from", "written by") and not any(e.startswith("#") for e in leads)
    assert vocabulary.words("byline_leads") == frozenset(leads)
    assert vocabulary.words("titles") is vocabulary.words("titles")  # read once


def test_tables_are_read_only():
    zones = vocabulary.table("time_zones")
    assert zones["gmt"] == "+00:00"
    with pytest.raises(TypeError):
        zones["xyz"] = "+01:00"  # type: ignore[index]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_vocabulary_file_is_read_by_the_pipeline(path):
    source = "".join(p.read_text(encoding="utf-8") for p in PIPELINE.rglob("*.py"))
    assert f'"{path.stem}"' in source


def test_a_lowered_pattern_matches_lower_cased_text_as_re_i_matches_the_text():
    pattern = vocabulary.lowered_pattern(r"^\W*(share|follow us)\b")
    lines = ("SHARE this", "» Follow Us on the radio", "Shared folder")
    assert [bool(pattern.match(line.lower())) for line in lines] == [True, True, False]
    assert [bool(re.match(pattern.pattern, line, re.I)) for line in lines] == [True, True, False]


def test_a_lowered_pattern_with_a_capital_letter_is_refused():
    with pytest.raises(ValueError, match="upper-case"):
        vocabulary.lowered_pattern(r"\bGMT\b")
    assert vocabulary.lowered_pattern(r"\W+\S*(?P<kind>x)\B")  # escapes and group names are not letters of the text


def test_any_of_finds_the_same_places_as_an_alternation_of_its_literals():
    literals = ["cookie", "copyright", "civil", "(c)", "i agree", "co"]
    trie, alternation = re.compile(vocabulary.any_of(literals)), re.compile("|".join(map(re.escape, literals)))
    for text in ("we use cookies", "(c) 2024", "uncivil", "i agreed", "a cat", "", "c", "coco"):
        assert bool(trie.search(text)) == bool(alternation.search(text)), text
    assert trie.pattern.startswith(r"(?:\(c\)|c(?:ivil|o(?:okie|pyright)?)")
    assert not re.search(vocabulary.any_of([]), "anything")
