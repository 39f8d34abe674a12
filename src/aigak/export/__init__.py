"""Exports for courts, UN submissions and partners' databases: JSON, CSV, Popolo, iCalendar, and the case dossier."""
