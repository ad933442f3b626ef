"""Cleaning: the article body and its metadata (title, byline, date, outlet) from a scraped page."""
