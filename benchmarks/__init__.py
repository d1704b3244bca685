"""Benchmarks for ``make bench`` (not part of ``make test``): synthetic corpora and timings."""
