"""Plain records, vocabularies, errors and settings: no I/O, no imports from the rest of aigak."""
