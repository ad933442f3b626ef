"""The shape of enrich() output."""

from service.pipeline.enrich.article import enrich
from service.pipeline.enrich.nlp import get_nlp, parse_many


def test_shape():
    out = enrich("“We will win this election,” Jane Fowler said in Ohio.")
    assert set(out) == {"quotes", "entities", "entity_details"}
    assert set(out["entities"]) == {"person", "organization", "location"}
    assert set(out["quotes"][0]) == {"text", "speaker", "speaker_kind", "cue", "start", "end"}
    assert {"type", "name", "count", "aliases"} <= set(out["entity_details"][0])


def test_empty_body():
    assert enrich("") == {
        "quotes": [],
        "entities": {"person": [], "organization": [], "location": []},
        "entity_details": [],
    }


def test_model_loaded_once_and_batches_keep_order():
    assert get_nlp() is get_nlp()
    docs = list(parse_many(["First text.", "Second text here."]))
    assert [d.text for d in docs] == ["First text.", "Second text here."]


def test_lemmas_on_demand_equal_the_stock_lemmatizer():
    import spacy

    from service.pipeline.enrich.nlp import MODEL, lemma, parse

    text = (
        "The ministers told reporters they were warned. “We’ve said it,” she added, "
        "and officials are insisting the talks went well, according to aides."
    )
    stock = spacy.load(MODEL)(text)
    assert [lemma(t) for t in parse(text)] == [t.lemma_ for t in stock]


def test_token_offsets_and_text_are_the_docs_own():
    from service.pipeline.enrich.nlp import text_of, token_ends, token_starts

    text = "Hello,  “world” said he.\n\nNext one."
    doc = next(parse_many([text]))
    assert token_starts(doc) == [t.idx for t in doc]
    assert token_ends(doc) == [t.idx + len(t) for t in doc]
    assert text_of(doc) == doc.text == text
