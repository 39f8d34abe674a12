"""What the model is asked: FORMAT.md records in which every fact carries a verbatim quote.

The model never gives character offsets, dates, numbers or currencies as facts: it quotes the words
that state them, and aigak locates the quotes (`align`) and normalizes the quoted words with its
own rules (`ground`). The schema below is sent as structured output where the server supports it
and is always spelled out in the instructions too, for servers that do not.
"""

from __future__ import annotations

import json
from typing import Any

from aigak.core.models import EVENT_TYPES, RELATION_TYPES

__all__ = ["ANSWER_SCHEMA", "PROMPT_VERSION", "build_messages"]

PROMPT_VERSION = "1"
"""Changes whenever the instructions or schema change, so stored runs say which prompt they used."""

_QUOTE = {"type": "string", "description": "words copied verbatim from the text"}
_NULLABLE_QUOTE = {"type": ["string", "null"], "description": "words copied verbatim from the text, or null"}
_IDS = {"type": "array", "items": {"type": "string"}}

ANSWER_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "entities": {"type": "array", "items": {
            "type": "object",
            "properties": {
                "id": {"type": "string"},
                "kind": {"type": "string", "enum": ["person", "organization", "place"]},
                "name": {"type": ["string", "null"]},
                "description": {"type": ["string", "null"]},
                "aliases": {"type": "array", "items": {"type": "string"}},
                "mentions": {"type": "array", "items": _QUOTE, "minItems": 1},
                "gender": {"type": ["string", "null"], "enum": ["male", "female", None]},
                "age_quote": _NULLABLE_QUOTE,
                "ethnicity": {"type": ["string", "null"]},
                "ethnicity_quote": _NULLABLE_QUOTE,
                "citizenship": {"type": ["string", "null"]},
                "citizenship_quote": _NULLABLE_QUOTE,
            },
            "required": ["id", "kind", "name", "mentions"],
        }},
        "relations": {"type": "array", "items": {
            "type": "object",
            "properties": {
                "type": {"type": "string", "enum": list(RELATION_TYPES)},
                "from": {"type": "string"},
                "to": {"type": "string"},
                "quote": _QUOTE,
            },
            "required": ["type", "from", "to", "quote"],
        }},
        "events": {"type": "array", "items": {
            "type": "object",
            "properties": {
                "type": {"type": "string", "enum": list(EVENT_TYPES)},
                "subjects": _IDS,
                "agents": _IDS,
                "place": {"type": ["string", "null"]},
                "start_quote": _NULLABLE_QUOTE,
                "end_quote": _NULLABLE_QUOTE,
                "quote": _QUOTE,
            },
            "required": ["type", "subjects", "quote"],
        }},
        "amounts": {"type": "array", "items": {
            "type": "object",
            "properties": {"quote": _QUOTE},
            "required": ["quote"],
        }},
    },
    "required": ["entities", "relations", "events", "amounts"],
}
"""The answer the model must give for one chunk of text."""

_INSTRUCTIONS = f"""You extract facts about persecution from a news report or testimony for human-rights \
documentation. Every fact must be supported by words copied VERBATIM from the text: copy them exactly \
(same spelling, case and punctuation), never paraphrase, translate or shorten in the middle. If the text \
does not state something, leave it out. Do not give character offsets, and do not compute dates, ages or \
amounts: quote the words that state them and they will be read from your quote.

Answer with one JSON object with four lists:
- "entities": people, organizations and places. "id" is p1, p2... for people, o1... for organizations, \
l1... for places. "name" is the fullest name the text gives (null for an unnamed person such as "his \
daughter", then put the words in "description"). "aliases" are other names the text uses for the same \
entity. "mentions" are verbatim quotes of where it is named or referred to (at least one). For people, \
optionally: "gender" (male or female), "age_quote" (the words giving the age, e.g. "a 34-year-old"), \
"ethnicity" with "ethnicity_quote", "citizenship" (a country) with "citizenship_quote".
- "relations" between entities: type is one of {", ".join(RELATION_TYPES)}, read from the "from" side \
("parent" means "to" is a parent of "from"); "member" links a person to an organization. "quote" is the \
clause that states it.
- "events": type is one of {", ".join(EVENT_TYPES)}. "subjects" are the ids of the people it happened to \
(for public_statement, those who spoke); "agents" the ids of those who did it; "place" a place id or null; \
"start_quote"/"end_quote" the verbatim words that date it (e.g. "in March 2013"), or null; "quote" the \
clause or sentence that states the event.
- "amounts": sums of money, each with the verbatim "quote" of the amount (e.g. "300,000 yuan").

The JSON must follow this schema:
{json.dumps(ANSWER_SCHEMA, separators=(",", ":"))}"""


def build_messages(chunk_text: str, *, title: str | None = None, reference_date: str | None = None,
                   part: int = 1, parts: int = 1) -> list[dict[str, str]]:
    """The chat messages asking for the records of one chunk.

    Args:
        chunk_text: the text the model reads (quotes must come from it).
        title: the document title, for context only.
        reference_date: when the text was written, for context only.
        part, parts: which chunk this is, so the model knows the text may start or stop mid-story.
    """
    context = []
    if title:
        context.append(f"Title: {title}")
    if reference_date:
        context.append(f"Written: {reference_date}")
    if parts > 1:
        context.append(f"This is part {part} of {parts} of a longer text.")
    header = ("\n".join(context) + "\n\n") if context else ""
    return [
        {"role": "system", "content": _INSTRUCTIONS},
        {"role": "user", "content": f"{header}Text:\n<<<\n{chunk_text}\n>>>\n\nAnswer with the JSON object only."},
    ]
