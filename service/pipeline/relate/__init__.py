"""Relating articles to one another: word forms, copies, stories and statements (pure text)."""
