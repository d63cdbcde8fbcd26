"""Kazakh language library: words and stems, names, scripts, sentences, language, glossary.

The bottom layer of the product, used by ingest (attribution, chunking), the keyword index and
question analysis alike; it imports nothing from the product's other packages.
"""
