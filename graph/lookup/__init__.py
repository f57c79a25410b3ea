"""Fuzzy lookup of item names: normalisation, colloquial synonyms and an n-gram candidate index."""
