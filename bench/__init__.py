"""Benchmarks at officer and team scale: ``make bench`` (``python -m bench``)."""
