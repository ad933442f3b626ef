"""The shape of enrich() output."""
from service.pipeline.enrich import enrich
from service.pipeline.nlp import get_nlp, parse_many


def test_shape():
    out = enrich("“We will win this election,” Jane Fowler said in Ohio.")
    assert set(out) == {"quotes", "entities", "entity_details"}
    assert set(out["entities"]) == {"person", "organization", "location"}
    assert set(out["quotes"][0]) == {"text", "speaker", "speaker_kind", "cue", "start", "end"}
    assert {"type", "name", "count", "aliases"} <= set(out["entity_details"][0])


def test_empty_body():
    assert enrich("") == {"quotes": [], "entities": {"person": [], "organization": [], "location": []},
                          "entity_details": []}


def test_model_loaded_once_and_batches_keep_order():
    assert get_nlp() is get_nlp()
    docs = list(parse_many(["First text.", "Second text here."]))
    assert [d.text for d in docs] == ["First text.", "Second text here."]
