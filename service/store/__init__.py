"""Everything Elasticsearch: index definitions, the article repository, query builders."""
