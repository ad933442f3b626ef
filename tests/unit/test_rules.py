"""The named correction rules: each is consulted by the code and can be switched off alone."""

from pathlib import Path

import pytest

from service.pipeline.enrich import rules
from service.pipeline.enrich.article import enrich
from tests.unit.test_entities import rules_reading

ENRICH = Path(rules.__file__).parent


def test_every_rule_is_consulted_by_the_enrichment():
    source = "".join(p.read_text(encoding="utf-8") for p in ENRICH.glob("*.py") if p.name != "rules.py")
    assert [name for name in rules.RULES if f'"{name}"' not in source] == []


def test_unknown_rule_names_are_refused():
    with pytest.raises(KeyError, match="no_such_rule"), rules.switched_off("no_such_rule"):
        pass


def test_a_rule_switched_off_is_left_out_and_back_on_after():
    body = "Talia Brennik reached the harbour at noon.\n“The nets are empty again,” she said."
    assert enrich(body)["quotes"][0]["speaker"] == "Talia Brennik"
    with rules.switched_off("pronoun_speakers", "ranked_speakers"):
        assert enrich(body)["quotes"][0]["speaker"] is None
    assert enrich(body)["quotes"][0]["speaker"] == "Talia Brennik"


def test_mention_drops_are_named():
    body = "The Harbour Cup drew big crowds to the pier on Sunday, the organisers in Lisbon said."
    assert "Harbour Cup" not in rules_reading(body)
    with rules.switched_off("event_names"):
        assert rules_reading(body)["Harbour Cup"] == "other"
