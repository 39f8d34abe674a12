"""People across sources: name folding, blocking, scoring, clustering, and the person registry.

Import the registry operations from here: `merge_persons`, `split_person`, `keep_apart`,
`possible_matches`, `resolve_document`, `search_people`.
"""

from aigak.resolve.registry import (
    MAX_OFFERS,
    PossibleMatch,
    ResolveOutcome,
    keep_apart,
    merge_persons,
    person_ids_of,
    possible_matches,
    query_terms,
    reresolve_fact,
    resolve_all,
    resolve_document,
    resolve_person_ref,
    search_people,
    split_person,
    undo_merge,
)

__all__ = [
    "MAX_OFFERS",
    "PossibleMatch",
    "ResolveOutcome",
    "keep_apart",
    "merge_persons",
    "person_ids_of",
    "possible_matches",
    "query_terms",
    "reresolve_fact",
    "resolve_all",
    "resolve_document",
    "resolve_person_ref",
    "search_people",
    "split_person",
    "undo_merge",
]
