"""From submitted articles to stored documents: identity and analysis, bulk loading, re-processing."""
