"""Enrichment of a cleaned body: the language model, entities under canonical names, quotes and speakers."""
