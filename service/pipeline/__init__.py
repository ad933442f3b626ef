"""Pure text processing: raw scraped input in, cleaned and enriched article out.

No Flask and no Elasticsearch imports live in this package.
"""

from service.pipeline.run import analyze

__all__ = ["analyze"]
