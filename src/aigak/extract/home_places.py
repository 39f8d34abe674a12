"""Where a person comes from or lives, as the apposition beside their name says.

"Aigerim Tursynbekkyzy, 34, a Chinese citizen from Tekes county in Ili, crossed …": Tekes county is her
home place. The case file shows it, the person registry compares it across sources, and redaction hides
it: a home place in the country of persecution leads the authorities to the family. Only what is said
right beside the name counts (its apposition or relative clause), never the place of a later verb.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from aigak.extract.coref import Resolver
from aigak.extract.event_places import PlaceRef
from aigak.extract.persons import Person

__all__ = ["assign_home_places"]

# What may stand between a name and its place inside the apposition: ", 34, a Chinese citizen from ",
# ", a teacher from the village of ", " (45), who lives in ".
_FROM = re.compile(
    # ", 33, ethnic Kazakh, citizen of China, born in": up to three short apposed phrases before the cue
    r"(?:,\s*(?:aged\s+)?\d{1,3})?(?:\s*,\s*(?:(?:an?|the)\s+)?(?:[\w\-’']+\s+){0,4}[\w\-’']+){0,3}?"
    r"\s*(?:,|\()\s*(?:(?:an?|the)\s+)?(?:[\w\-’']+\s+){0,5}?"
    r"(?P<cue>from|native\s+of|resident\s+of|residents\s+of|who\s+(?:lives|lived|has\s+lived)\s+in|"
    r"living\s+in|born\s+in|who\s+was\s+born\s+in|originally\s+from|hails\s+from)\s+"
    r"(?:the\s+)?(?:(?:city|town|village|county|district|region|prefecture)\s+of\s+)?$", re.IGNORECASE)
_BORN = re.compile(r"born", re.IGNORECASE)
_REACH = 110  # how far after a name its apposition may name the place


def assign_home_places(text: str, persons: Sequence[Person], resolver: Resolver, places: Sequence[PlaceRef],
                       place_names: Mapping[str, str]) -> None:
    """Set `home_place` (or `birthplace`) of persons whose apposition names where they are from or live.

    Args:
        text: the document text.
        persons: the named persons; their `attributes` are filled in place.
        resolver: the resolved references (the name mentions are read from it).
        places: every place mention of the document.
        place_names: each place entity's name, by id.
    """
    by_id = {p.id: p for p in persons if p.name}
    for ref in resolver.references:
        if ref.kind != "name" or len(ref.persons) != 1 or ref.persons[0] not in by_id or ref.possessive:
            continue
        person = by_id[ref.persons[0]]
        if "home_place" in person.attributes and "birthplace" in person.attributes:
            continue
        for place in places:
            if not (ref.end < place.start <= ref.end + _REACH) or place.is_demonym or place.kind == "country":
                # "a woman from China" says no more than her citizenship; a home place is a city, county or village
                continue
            m = _FROM.fullmatch(text, ref.end, place.start)
            if m is None or re.search(r"[.;:]", text[ref.end:place.start]):
                continue
            key = "birthplace" if _BORN.search(m.group("cue")) else "home_place"
            person.attributes.setdefault(key, place_names.get(place.id, text[place.start:place.end]))
            break
