"""News article ingestion and query service."""
