"""Enrichment of a cleaned body: entities and quotes."""
ENTITY_TYPES = ("person", "organization", "location")


def enrich(body: str) -> dict:
    """Return quotes, entities (type -> canonical names) and entity_details. Placeholder."""
    return {"quotes": [], "entities": {t: [] for t in ENTITY_TYPES}, "entity_details": []}
