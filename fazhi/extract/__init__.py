"""Quantities out of the provisions: the indicator catalogue and the statement extractor."""
