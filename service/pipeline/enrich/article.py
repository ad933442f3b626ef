"""Enrichment of a cleaned body: entities with canonical names, and quotes with speakers."""

from spacy.tokens import Doc

from service.pipeline.enrich.entities import extract_entities
from service.pipeline.enrich.nlp import parse
from service.pipeline.enrich.quotes import extract_quotes
from service.pipeline.limits import checkpoint


def enrich(body: str) -> dict:
    """Return quotes, entities (type -> canonical names) and entity_details for a body."""
    return enrich_doc(parse(body))


def enrich_doc(doc: Doc) -> dict:
    """The same as `enrich`, for a body already parsed (see nlp.parse_many)."""
    entities = extract_entities(doc)
    checkpoint()
    return {
        "quotes": [q.as_dict() for q in extract_quotes(doc, entities)],
        "entities": entities.names(),
        "entity_details": entities.details(),
    }
