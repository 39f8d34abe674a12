"""Ingest: read files of every supported kind unchanged, decode them, and store them with their hash."""
