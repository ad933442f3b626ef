"""Pure text processing: raw scraped input in, cleaned and enriched article out.

No Flask and no Elasticsearch imports live in this package.
"""

from service.pipeline.enrich.entities import ENTITY_TYPES
from service.pipeline.run import analyze

__all__ = ["ENTITY_TYPES", "analyze"]
