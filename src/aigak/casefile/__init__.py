"""Case files: one page per person that a lawyer can rely on, every statement tied to its source.

`build_case_file(conn, person_id)` builds it, `open_case_file(store, ref, actor=...)` finds the
person by id or name and audits the reading, `case_file_to_dict` gives the JSON shape the web app
and exports read, and `render_markdown` / `render_text` print it.
"""

from aigak.casefile.build import build_case_file, open_case_file
from aigak.casefile.model import (
    CaseFile,
    Contradiction,
    Identity,
    LegalStatus,
    NameEntry,
    NextDate,
    Quote,
    Relative,
    SourceInfo,
    SourceRef,
    TimelineItem,
    case_file_to_dict,
)
from aigak.casefile.render import render_markdown, render_rich, render_timeline_markdown

__all__ = [
    "CaseFile",
    "Contradiction",
    "Identity",
    "LegalStatus",
    "NameEntry",
    "NextDate",
    "Quote",
    "Relative",
    "SourceInfo",
    "SourceRef",
    "TimelineItem",
    "build_case_file",
    "case_file_to_dict",
    "open_case_file",
    "render_markdown",
    "render_rich",
    "render_timeline_markdown",
]
