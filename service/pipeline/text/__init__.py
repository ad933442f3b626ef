"""What both halves of the pipeline read: dates, language and script, datelines and line layout."""
