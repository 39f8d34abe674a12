"""Protecting the people in the records: what counts as sensitive and how it is hidden."""

from aigak.security.redaction import (
    PLACEHOLDERS,
    Redactor,
    Sensitivity,
    annotate_sensitivity,
    mark_sensitive,
    redact_case_file,
    redact_text,
)

__all__ = ["PLACEHOLDERS", "Redactor", "Sensitivity", "annotate_sensitivity", "mark_sensitive", "redact_case_file",
           "redact_text"]
