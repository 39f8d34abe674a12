"""Bringing outside records in: spreadsheets of victims or cases, and aigak's own JSON exports (a round trip)."""
