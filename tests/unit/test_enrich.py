"""The shape of enrich() output."""

from service.pipeline.enrich.article import enrich, enrich_doc
from service.pipeline.enrich.nlp import PIECE_CHARS, _pieces, get_nlp, parse, parse_many, text_of


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


def test_a_long_body_is_parsed_in_pieces_of_whole_lines_into_one_doc():
    line = "“The harbour will reopen in May,” Ana Ruiz said in Lisbon.\n"
    body = line * (PIECE_CHARS // len(line) * 2 + 3)
    assert [len(piece) <= PIECE_CHARS and piece.endswith("\n") for piece, _ in _pieces(body)][:2] == [True, True]
    doc = parse(body)
    assert doc.text == body and text_of(doc) == body
    result = enrich_doc(doc)
    assert len(result["quotes"]) == body.count(line)
    assert len({q["speaker"] for q in result["quotes"]} - {None}) == 1
    assert all(body[q["start"] : q["end"]] == q["text"] for q in result["quotes"])


def test_a_run_without_spaces_keeps_its_text_in_few_tokens():
    body = "Prices rose " + "$" * 450 + " and fell. " + "©" * 20_000
    doc = parse(body)
    assert doc.text == body and len(doc) < 220  # not one token per symbol: the model parses tokens
    assert [t.text for t in doc[:2]] + [t.text for t in doc[7:10]] == ["Prices", "rose", "and", "fell", "."]
