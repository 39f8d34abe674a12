"""Extraction: turn a document's text into grounded persons, places, relations, events and amounts.

The public entry point is `aigak.extract.run.extract_text`; backends live behind
`aigak.extract.backend.get_backend`. Nothing heavy is imported here.
"""

__all__: list[str] = []
