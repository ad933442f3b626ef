"""Benchmarks: `python -m benchmarks.run` measures analysis, ingest, search and memory."""
