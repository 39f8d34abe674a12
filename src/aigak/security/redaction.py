"""Sensitivity rules and redaction: who and what must not reach a public reader, and the placeholders shown instead.

People in these records can be hurt by them: a relative still in Xinjiang, a child, a family's home
village, a phone number or a passport number. By default those are sensitive; a reviewer can mark
any fact (or some of its fields) sensitive, or clear a default. The `public` role and every export
made with `--redact` see placeholders (`[relative]`, `[minor, 7]`, `[home place]`, `[contact]`,
`[ID number]`, `[withheld]`) with the rest of the record intact.

A reviewer's mark lives in the fact's `data` as `"sensitive"`: `true` (the whole fact), `false`
(public even if a default rule would hide it) or a list of field paths (`["attributes.phone"]`).
"""

from __future__ import annotations

import copy
import enum
import re
from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from aigak.security.contacts import CONTACT_PLACEHOLDER, ID_PLACEHOLDER, redact_text
from aigak.security.name_forms import NOT_NAME_WORDS, SURNAME_SUFFIXES, FoldedNames, NameFolder

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from aigak.core.models import Fact
    from aigak.store.engine import Store

__all__ = [
    "CONTACT_KEYS",
    "FAMILY_RELATIONS",
    "HOME_KEYS",
    "ID_KEYS",
    "LEFT_COUNTRY_EVENTS",
    "MINOR_AGE_LIMIT",
    "PLACEHOLDERS",
    "RETURN_EVENTS",
    "Move",
    "Redactor",
    "Sensitivity",
    "annotate_sensitivity",
    "country_moves",
    "has_left_country",
    "hidden_entities",
    "is_minor",
    "is_stronger",
    "left_entities",
    "mark_sensitive",
    "marked_fields",
    "place_forms",
    "placeholder",
    "redact_case_file",
    "redact_text",
    "sensitive_flag",
]

MINOR_AGE_LIMIT = 18
"""People younger than this are minors."""


class Sensitivity(enum.StrEnum):
    """Why a value is hidden; each reason has its placeholder."""

    MINOR = "minor"
    RELATIVE = "relative"
    HOME_PLACE = "home_place"
    CONTACT = "contact"
    ID_NUMBER = "id_number"
    MARKED = "marked"


PLACEHOLDERS: dict[Sensitivity, str] = {
    Sensitivity.MINOR: "[minor]",
    Sensitivity.RELATIVE: "[relative]",
    Sensitivity.HOME_PLACE: "[home place]",
    Sensitivity.CONTACT: CONTACT_PLACEHOLDER,
    Sensitivity.ID_NUMBER: ID_PLACEHOLDER,
    Sensitivity.MARKED: "[withheld]",
}
_PRIORITY = {kind: i for i, kind in enumerate(Sensitivity)}
_PLACEHOLDER_KIND = {v: k for k, v in PLACEHOLDERS.items()}

FAMILY_RELATIONS = frozenset({"parent", "child", "sibling", "spouse", "relative"})
"""Relation types whose `to` end is a relative of the `from` end (FORMAT.md reads them that way)."""

LEFT_COUNTRY_EVENTS = frozenset({"flight", "border_crossing", "arrival", "asylum_application",
                                 "asylum_decision", "deportation_order"})
"""A person subject of one of these has left the country of persecution (as far as the record says),
unless a later return takes them back (`RETURN_EVENTS`, an arrival there)."""
RETURN_EVENTS = frozenset({"deportation"})
"""A person subject of one of these is back in the country of persecution."""

HOME_KEYS = frozenset({"home_place", "home", "hometown", "residence", "village", "home_address", "birthplace",
                       "birth_place", "place_of_birth", "origin", "native_place"})
"""Attributes naming where a person lives or comes from (the case file reads `birthplace` and `origin` as home)."""
_PLACE_WORDS = frozenset({
    "county", "district", "prefecture", "region", "province", "city", "town", "township", "village",
    "municipality", "autonomous", "oblast", "raion", "rayon", "aul", "ауыл", "ауылы", "село", "деревня",
    "район", "ауданы", "аудан", "область", "облысы", "город", "қаласы", "уезд", "county-level",
    "of", "the", "in", "near",
})
"""Words that say what kind of place a home place is; the rest of its name is hidden on its own too."""
_HAN_PLACE_SUFFIX = re.compile(r"(?:县|市|区|乡|镇|村|州)$")
CONTACT_KEYS = frozenset({"phone", "telephone", "mobile", "email", "e_mail", "address", "contact",
                          "contacts", "whatsapp", "telegram", "wechat", "signal"})
ID_KEYS = frozenset({"passport", "passport_number", "id_number", "national_id", "iin", "id_card",
                     "identity_card", "document_number"})

_SAFE_KEYS = frozenset({"sha256", "hash", "span", "spans", "start", "end", "date",
                        "published", "ingested_at", "created_at", "reviewed_at", "generated_at",
                        "kind", "type", "status", "review_status", "precision", "media_type",
                        "backend", "format", "aigak_version", "relation", "fact_ids", "document_ids",
                        "language", "reference_date"})
"""Keys whose values are identifiers, hashes, dates or vocabulary: never scrubbed."""


def is_minor(age: Any) -> bool:
    """Whether an age (number or numeric string) is under 18; unknown ages are not minors."""
    try:
        return 0 <= float(age) < MINOR_AGE_LIMIT
    except (TypeError, ValueError):
        return False


def placeholder(kind: Sensitivity, *, age: Any = None) -> str:
    """The text shown instead of a hidden value: `[minor, 7]` keeps a minor's age, nothing else."""
    if kind is Sensitivity.MINOR and is_minor(age):
        return f"[minor, {int(float(age))}]"
    return PLACEHOLDERS[kind]


def sensitive_flag(data: Mapping[str, Any] | None) -> bool | None:
    """A reviewer's mark on a whole record: True (hide), False (public despite defaults), None (rules decide)."""
    value = (data or {}).get("sensitive")
    return value if isinstance(value, bool) else None


def marked_fields(data: Mapping[str, Any] | None) -> frozenset[str]:
    """Field paths a reviewer marked sensitive (`"sensitive": ["attributes.phone", "place"]`)."""
    value = (data or {}).get("sensitive")
    if isinstance(value, list):
        return frozenset(str(v) for v in value)
    return frozenset()


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return [str(value)]
    if isinstance(value, Mapping):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, (list, tuple)):
        return [s for v in value for s in _strings(v)]
    return []


_NAME_PART = re.compile(r"[^\W\d_][\w'’-]*")
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_REPEATED_PLACEHOLDER = re.compile(r"(\[[^\[\]\n]{1,40}\])(?:[ \t\u00a0·・-]+\1)+")
"""`[relative] [relative]` (a given name and a surname hidden one by one) reads as one `[relative]`."""
MIN_NAME_PART_CHARS = 3
MIN_WITHHELD_WORDS = 3
"""A withheld quote shorter than this (in words and numbers) is not hidden elsewhere (see `Redactor.withhold`)."""


def _name_parts(names: Iterable[str]) -> list[str]:
    """The words of names that identify on their own (`Nurlan`, `Sadykov`; not `husband` or `of`)."""
    return [p for n in names for p in _NAME_PART.findall(n)
            if len(p) >= MIN_NAME_PART_CHARS and p.casefold() not in NOT_NAME_WORDS]


class Redactor:
    """Learns the sensitive values of a set of records, then hides them wherever they appear.

    Values are learned globally: a relative's name hidden in one document is hidden in every other
    document, title and quote of the same export. A value that is also the name of a person who is
    not sensitive (a shared family name used as an alias) is left alone, so the person the record is
    about stays readable.

    Attributes:
        counts: how many values of each kind were replaced so far.
    """

    def __init__(self, *, fold: NameFolder | None = None) -> None:
        """
        Args:
            fold: folds a name token across spellings and scripts (`aigak.resolve.names.fold_token`).
                With it, a hidden name is also found in every other spelling, script and grammatical
                case (`Sadikov`, `Садыков`, `Садыкова`); without it only as the records write it.
        """
        self._values: dict[str, str] = {}
        self._protected: set[str] = set()
        self._primary: set[str] = set()
        self._regex: re.Pattern[str] | None = None
        self._names = FoldedNames(fold) if fold is not None else None
        self.counts: Counter[str] = Counter()

    # -- learning ----------------------------------------------------------------------------

    def add(self, value: Any, replacement: str, *, primary: bool = False) -> None:
        """Hide `value` (a string, number or nested record of them) as `replacement` from now on.

        Args:
            primary: the value is a sensitive person's full name: hidden even where a person of the
                same name is not sensitive (an alias that collides with a protected name is not).
        """
        kind = _PLACEHOLDER_KIND.get(replacement) or (Sensitivity.MINOR if replacement.startswith("[minor")
                                                       else Sensitivity.MARKED)
        for text in _strings(value):
            text = text.strip()
            if len(text) < 2 or text.startswith("["):
                continue
            key = text.casefold()
            if primary:
                self._primary.add(key)
            held = self._values.get(key)
            if held is not None:
                held_kind = _PLACEHOLDER_KIND.get(held) or Sensitivity.MINOR
                if _PRIORITY[held_kind] <= _PRIORITY[kind]:
                    continue
            self._values[key] = replacement
            self._regex = None

    def add_name(self, names: Any, replacement: str, *, aliases: Any = ()) -> None:
        """Hide a sensitive person's names, and each part of them on its own: a text that calls a
        hidden brother "Yerzhan" must not give away the "Yerzhan Nurlanuly" it hides elsewhere.
        A part that is also a name of someone public (a shared family name) stays readable.

        With a name folder, every other spelling, script and grammatical case of each part is
        hidden too (`Erlan Tursinbekuli` hides `Yerlan`, `Турсынбекұлы`, `Ерланның`).

        Args:
            names: the names the person goes by (one per record, in any script).
            aliases: other forms the records give (a bare family name): hidden like the names, but
                left readable where someone public goes by the same word.
        """
        full = [n for n in _strings(names) if n.strip() and not n.strip().startswith("[")]
        other = [n for n in _strings(aliases) if n.strip() and not n.strip().startswith("[")]
        self.add(full, replacement, primary=True)
        self.add(other, replacement)
        self.add(_name_parts([*full, *other]), replacement)
        if self._names is not None:
            self._names.hide(full, replacement, stronger=is_stronger)
            self._names.hide(other, replacement, stronger=is_stronger, is_whole_name=False)

    def add_place(self, value: Any, replacement: str) -> None:
        """Hide a place (a home village) as written, and its own name without words such as "county"
        (`Tekes county` hides `Tekes` and `Текес` too)."""
        for text in _strings(value):
            text = text.strip()
            if len(text) < 2 or text.startswith("["):
                continue
            self.add(text, replacement)
            core = " ".join(w for w in re.split(r"[\s,]+", text) if w.casefold() not in _PLACE_WORDS)
            core = _HAN_PLACE_SUFFIX.sub("", core) if len(core) > 2 else core
            if core and core != text:
                self.add(core, replacement)
            if self._names is not None and core:
                self._names.hide([core], replacement, stronger=is_stronger, is_place=True)

    def protect(self, *values: Any) -> None:
        """Never scrub these full names of people who are not sensitive, nor their parts.

        A one-word name protects nothing: `Nurlan` may be a hidden husband read badly as a person
        of his own, and a hidden name's own forms win over it.
        """
        for value in values:
            for text in _strings(value):
                text = text.strip()
                parts = _name_parts([text])
                if text.startswith("[") or len(parts) < 2:
                    continue
                self._protected.update(v.casefold() for v in [text, *parts])
                if self._names is not None:
                    self._names.keep([text])
        self._regex = None

    def own_words(self, *names: Any) -> frozenset[str]:
        """The words of a public person's own names, and the given names their family names are made
        of (`Mihray Abdurehimova` -> `abdurehim`), to pass to `text` and `deep` as `readable` wherever
        the text is about that person.

        A hidden relative who goes by one of these words alone (her father `Abdurehim`) must not turn
        her name into `Mehray [relative]`, nor her own acts into his: her name already shows the word.
        The relative's full name and every other part of it stay hidden.
        """
        forms = [t.strip() for t in _strings(list(names)) if t.strip() and not t.strip().startswith("[")]
        words = {p.casefold() for p in _NAME_PART.findall(" ".join(forms)) if len(p) >= MIN_NAME_PART_CHARS}
        words |= {w[: -len(s)] for w in set(words) for s in SURNAME_SUFFIXES
                  if w.endswith(s) and len(w) - len(s) > MIN_NAME_PART_CHARS}
        if self._names is not None:
            words |= self._names.own_words(forms)
        return frozenset(words)

    def _is_readable(self, value: str, replacement: str, readable: frozenset[str]) -> bool:
        """Whether a learned value stays readable here: every word of it is one of `readable`, and it
        is a name (never a home place, contact or ID number)."""
        if not readable or _kind_of(replacement) in (Sensitivity.HOME_PLACE, Sensitivity.CONTACT,
                                                     Sensitivity.ID_NUMBER):
            return False
        words = _NAME_PART.findall(value)
        fold = self._names.fold if self._names is not None else str.casefold
        return bool(words) and all(w.casefold() in readable or fold(w) in readable for w in words)

    @property
    def values(self) -> dict[str, str]:
        """The learned values (case-folded) and their placeholders, protected ones left out."""
        return {k: v for k, v in self._values.items() if k not in self._protected or k in self._primary}

    def plan_extraction(self, result: Mapping[str, Any]) -> dict[str, str]:
        """Apply the default rules and reviewers' marks to one document's records, learning their values.

        Args:
            result: one document's records in FORMAT.md shape (`entities`, `relations`, `events`);
                rejected records should be left out by the caller.

        Returns:
            The placeholder for each person entity (by its local id) whose name must be hidden.
        """
        hidden = hidden_entities(result)
        self.learn_extraction(result, hidden)
        return hidden

    def learn_extraction(self, result: Mapping[str, Any], hidden: Mapping[str, str], *,
                         text: str | None = None) -> None:
        """Learn one document's values: the names of the entities in `hidden` (all their forms and
        parts), the names of the other people (left readable), and sensitive fields.

        Args:
            result: one document's records in FORMAT.md shape.
            hidden: the placeholder of each person entity to hide, by local id (`hidden_entities`,
                possibly widened to every record of a registry person hidden anywhere).
            text: the document's text: a home place is then hidden as the source writes it too.
        """
        entities = [e for e in result.get("entities") or [] if isinstance(e, Mapping)]
        by_id = {str(e.get("id")): e for e in entities}
        for local_id, entity in by_id.items():
            names = [entity.get("name"), *(entity.get("aliases") or [])]
            if local_id in hidden:
                self.add_name(entity.get("name"), hidden[local_id], aliases=entity.get("aliases") or [])
            elif entity.get("kind") == "person":
                self.protect(*names)
            self._learn_fields(entity, by_id, text)
        for section in ("relations", "events", "amounts"):
            for record in result.get(section) or []:
                self._learn_fields(record, by_id, text)

    def _learn_fields(self, record: Mapping[str, Any], by_id: Mapping[str, Mapping[str, Any]],
                      text: str | None = None) -> None:
        attributes = record.get("attributes") or {}
        for key, value in attributes.items():
            kind = _field_kind(key)
            if kind is Sensitivity.HOME_PLACE:
                self.add_place(place_forms(value, by_id, text) if isinstance(value, str) else value,
                               PLACEHOLDERS[kind])
            elif kind is not None:
                ref = by_id.get(str(value)) if isinstance(value, str) else None
                self.add([ref.get("name"), *(ref.get("aliases") or [])] if ref else value, PLACEHOLDERS[kind])
        for path in marked_fields(record):
            self.add(_get_path(record, path), PLACEHOLDERS[Sensitivity.MARKED])

    # -- hiding ------------------------------------------------------------------------------

    def _pattern(self) -> re.Pattern[str] | None:
        if self._regex is None:
            values = sorted(self.values, key=len, reverse=True)
            if not values:
                return None
            # Chinese is written without spaces: a Chinese name is found inside a run of characters
            self._regex = re.compile("|".join(re.escape(v) if _HAN.search(v) else rf"(?<!\w){re.escape(v)}(?!\w)"
                                              for v in values), re.IGNORECASE)
        return self._regex

    def text(self, text: str | None, *, readable: frozenset[str] = frozenset()) -> str | None:
        """`text` with every learned value (in any spelling, script or case of a name, when the
        redactor folds names) and every contact or ID pattern replaced.

        Args:
            readable: words that stay readable in this text (`own_words` of the person it is about).
        """
        if not text:
            return text
        pattern = self._pattern()
        values = self.values

        def swap(match: re.Match[str]) -> str:
            replacement = values.get(match.group(0).casefold())
            if replacement is None:  # a case-insensitive match whose case-folding differs (ß, İ)
                return match.group(0)
            if self._is_readable(match.group(0), replacement, readable):
                return match.group(0)
            self._count(replacement)
            return replacement

        out = pattern.sub(swap, text) if pattern is not None else text
        if self._names:
            out = self._names.replace(out, self._count, readable=readable)
        out = _REPEATED_PLACEHOLDER.sub(r"\1", out)
        patterned = redact_text(out)
        if patterned != out:
            self.counts[str(Sensitivity.CONTACT)] += patterned.count(PLACEHOLDERS[Sensitivity.CONTACT]) - \
                out.count(PLACEHOLDERS[Sensitivity.CONTACT])
            self.counts[str(Sensitivity.ID_NUMBER)] += patterned.count(PLACEHOLDERS[Sensitivity.ID_NUMBER]) - \
                out.count(PLACEHOLDERS[Sensitivity.ID_NUMBER])
        return patterned

    def deep(self, value: Any, *, key: str | None = None, readable: frozenset[str] = frozenset()) -> Any:
        """A copy of a JSON-like value with every string scrubbed (identifiers, hashes and dates excepted).

        Args:
            readable: words that stay readable throughout (`own_words` of the person it is about).
        """
        if key in _SAFE_KEYS:
            return value
        if isinstance(value, str):
            return self.text(value, readable=readable)
        if isinstance(value, Mapping):
            return {k: self.deep(v, key=str(k), readable=readable) for k, v in value.items()}
        if isinstance(value, list):
            return [self.deep(v, key=key, readable=readable) for v in value]
        if isinstance(value, tuple):
            return tuple(self.deep(v, key=key, readable=readable) for v in value)
        return value

    def record(self, record: Mapping[str, Any], hidden: Mapping[str, str], *,
               is_marked: bool | None = None) -> dict[str, Any]:
        """A copy of one FORMAT.md record with its sensitive fields replaced by placeholders.

        A relation, event or amount a reviewer marked sensitive keeps its type and dates; its place
        is withheld (as in a case file). Free text (descriptions, other names inside quotes) is left
        for `deep`, which the caller runs once over everything it writes, after every record has
        been planned.

        Args:
            record: the record as stored (`data` of a fact).
            hidden: the placeholders `plan_extraction` returned for its document.
            is_marked: whether a reviewer marked the fact sensitive (default: the record's own mark;
                pass the fact's mark for its reading before an edit).
        """
        out = copy.deepcopy(dict(record))
        is_marked = sensitive_flag(record) is True if is_marked is None else is_marked
        if is_marked and out.get("kind") is None and out.get("place") not in (None, ""):
            out["place"] = PLACEHOLDERS[Sensitivity.MARKED]
            self._count(PLACEHOLDERS[Sensitivity.MARKED])
        if out.get("kind") is not None and str(out.get("id")) in hidden:
            ph = hidden[str(out.get("id"))]
            if out.get("name"):
                out["name"] = ph
                self._count(ph)
            out["aliases"] = []
        attributes = out.get("attributes")
        if isinstance(attributes, dict):
            for key in list(attributes):
                kind = _field_kind(key)
                if kind is not None and attributes[key] not in (None, ""):
                    attributes[key] = PLACEHOLDERS[kind]
                    self._count(PLACEHOLDERS[kind])
        for path in marked_fields(record):
            if _set_path(out, path, PLACEHOLDERS[Sensitivity.MARKED]):
                self._count(PLACEHOLDERS[Sensitivity.MARKED])
        return out

    def quotes(self, record: Mapping[str, Any], quotes: Iterable[str]) -> list[str]:
        """The quotes supporting a relation, event or amount: withheld when a reviewer marked it sensitive.

        A withheld quote's words are learned too, so `deep` hides them wherever else they stand (a
        document title that opens with the same sentence, another fact quoting it). Other quotes are
        returned as they are; `deep` scrubs them with everything else.
        """
        quotes = list(quotes)
        if sensitive_flag(record) is True and record.get("kind") is None:
            self.counts[str(Sensitivity.MARKED)] += len(quotes)
            return [self.withhold(q) for q in quotes]
        return quotes

    def withhold(self, quote: str) -> str:
        """`[withheld]` for a quote of a fact a reviewer marked sensitive; its words are hidden from now
        on wherever else they stand, when there are at least `MIN_WITHHELD_WORDS` of them (a shorter
        quote identifies nothing on its own and would garble every text that shares it)."""
        if len(_NAME_PART.findall(quote)) + len(re.findall(r"\d+", quote)) >= MIN_WITHHELD_WORDS:
            self.add(quote, PLACEHOLDERS[Sensitivity.MARKED])
        return PLACEHOLDERS[Sensitivity.MARKED]

    def _count(self, replacement: str) -> None:
        self.counts[str(_PLACEHOLDER_KIND.get(replacement, Sensitivity.MINOR))] += 1


Move = tuple[str | None, bool]
"""One crossing of the border of the country of persecution: its date (None: undated) and whether it
left the country (True) or went back into it (False)."""


def _lies_in_persecution_country(place: Mapping[str, Any] | None) -> bool:
    from aigak.extract.places import PERSECUTION_COUNTRIES, lookup_place

    if place is None:
        return False
    for name in [place.get("name"), *(place.get("aliases") or [])]:
        if isinstance(name, str) and name.strip():
            found = lookup_place(name)
            if found is not None:
                return found.country in PERSECUTION_COUNTRIES
    return False


def country_moves(result: Mapping[str, Any]) -> dict[str, list[Move]]:
    """Every time one document shows a person leaving the country of persecution or going back, by local id.

    Leaving: a subject of a `LEFT_COUNTRY_EVENTS` event (an arrival somewhere else). Going back: a
    subject of a `RETURN_EVENTS` event or of an arrival at a place in the country of persecution
    ("returned to Xinjiang to care for his father").
    """
    places = {str(e.get("id")): e for e in result.get("entities") or []
              if isinstance(e, Mapping) and e.get("kind") == "place"}
    moves: dict[str, list[Move]] = {}
    for event in result.get("events") or []:
        if not isinstance(event, Mapping):
            continue
        kind = event.get("type")
        if kind == "arrival" and _lies_in_persecution_country(places.get(str(event.get("place")))):
            left = False
        elif kind in LEFT_COUNTRY_EVENTS:
            left = True
        elif kind in RETURN_EVENTS:
            left = False
        else:
            continue
        start = event.get("start")
        for subject in event.get("subjects") or []:
            moves.setdefault(str(subject), []).append((str(start) if start else None, left))
    return moves


def has_left_country(moves: Iterable[Move]) -> bool:
    """Whether the last of these moves took the person out of the country of persecution.

    Undated moves are read against the person: an undated departure counts as the earliest move, an
    undated return as the latest (hiding a name by mistake costs less than showing it). No move at
    all: not known to have left.
    """
    ordered = sorted(moves, key=lambda m: (m[0] or ("" if m[1] else "\uffff"), not m[1]))
    return bool(ordered) and ordered[-1][1]


def left_entities(result: Mapping[str, Any]) -> set[str]:
    """Local ids of the people one document shows out of the country of persecution (`country_moves`)."""
    return {lid for lid, moves in country_moves(result).items() if has_left_country(moves)}


def _place_core(text: str) -> str:
    return " ".join(w for w in re.split(r"[\s,]+", text.casefold()) if w and w not in _PLACE_WORDS)


def place_forms(value: Any, entities: Mapping[str, Mapping[str, Any]], text: str | None = None) -> list[str]:
    """Every form one home place takes in a document: the value, and when it names a place entity (by
    local id, name or alias, with or without "county"), that entity's name, aliases and each mention
    as the source writes it ("Mongolkure county" for a home place the gazetteer calls "Zhaosu County").

    Args:
        value: the attribute's value (a place's local id or a name).
        entities: the document's entities by local id.
        text: the document's text, to read the mentions' surface forms from.
    """
    if not isinstance(value, str) or not value.strip():
        return []
    value = value.strip()
    place = entities.get(value)
    if place is None or place.get("kind") != "place":
        wanted = {value.casefold(), _place_core(value)} - {""}
        place = next((e for e in entities.values() if e.get("kind") == "place" and wanted & {
            f for n in _place_names(e, text) for f in (n.casefold(), _place_core(n)) if f}), None)
    if place is None:
        return [value]
    forms = [value] if value not in entities else []
    forms.extend(_place_names(place, text))
    return list(dict.fromkeys(forms))


def _place_names(place: Mapping[str, Any], text: str | None) -> list[str]:
    names = [str(n).strip() for n in [place.get("name"), *(place.get("aliases") or [])]
             if isinstance(n, str) and n.strip()]
    for span in place.get("mentions") or [] if text else []:
        if isinstance(span, (list, tuple)) and len(span) == 2 and all(isinstance(i, int) for i in span):
            surface = (text or "")[span[0]:span[1]].strip()
            if surface:
                names.append(surface)
    return names


def hidden_entities(result: Mapping[str, Any], *, left: Collection[str] | None = None) -> dict[str, str]:
    """Which people of one document the default rules and reviewers' marks hide, and as what.

    Minors (`[minor, 7]`), people a reviewer marked sensitive (`[withheld]`) and the relatives (either
    end of a family relation) that the document does not show out of the country (`[relative]`).

    Args:
        result: one document's records in FORMAT.md shape, rejected ones left out.
        left: the people known to be out of the country (default: those this document shows leaving,
            `left_entities`); a caller that reads every source of a person passes `()` and decides
            where they are itself.

    Returns:
        The placeholder of each hidden person entity, by local id.
    """
    entities = [e for e in result.get("entities") or [] if isinstance(e, Mapping)]
    by_id = {str(e.get("id")): e for e in entities}
    left = left_entities(result) if left is None else left
    hidden: dict[str, str] = {}
    for local_id, entity in by_id.items():
        if entity.get("kind") != "person" or sensitive_flag(entity) is False:
            continue
        age = (entity.get("attributes") or {}).get("age")
        if is_minor(age):
            hidden[local_id] = placeholder(Sensitivity.MINOR, age=age)
        elif sensitive_flag(entity) is True:
            hidden[local_id] = PLACEHOLDERS[Sensitivity.MARKED]
    for relation in result.get("relations") or []:
        if (not isinstance(relation, Mapping) or relation.get("type") not in FAMILY_RELATIONS
                or sensitive_flag(relation) is False):
            continue
        # Kinship goes both ways: "his daughter Aruzhan" makes him her father, as much a relative.
        for end in (str(relation.get("to")), str(relation.get("from"))):
            target = by_id.get(end)
            if (target is not None and target.get("kind") == "person" and end not in left and end not in hidden
                    and sensitive_flag(target) is not False):
                hidden[end] = PLACEHOLDERS[Sensitivity.RELATIVE]
    return hidden


def _kind_of(replacement: str) -> Sensitivity:
    return _PLACEHOLDER_KIND.get(replacement) or (Sensitivity.MINOR if replacement.startswith("[minor")
                                                   else Sensitivity.MARKED)


def is_stronger(a: str, b: str) -> bool:
    """Whether placeholder `a` should replace `b` for the same value (a minor stays a minor)."""
    return _PRIORITY[_kind_of(a)] < _PRIORITY[_kind_of(b)]


def _field_kind(key: str) -> Sensitivity | None:
    k = key.casefold()
    if k in HOME_KEYS:
        return Sensitivity.HOME_PLACE
    if k in CONTACT_KEYS:
        return Sensitivity.CONTACT
    if k in ID_KEYS:
        return Sensitivity.ID_NUMBER
    return None


def _get_path(record: Mapping[str, Any], path: str) -> Any:
    value: Any = record
    for part in path.split("."):
        if not isinstance(value, Mapping):
            return None
        value = value.get(part)
    return value


def _set_path(record: dict[str, Any], path: str, replacement: str) -> bool:
    parts = path.split(".")
    target: Any = record
    for part in parts[:-1]:
        target = target.get(part) if isinstance(target, dict) else None
    if isinstance(target, dict) and target.get(parts[-1]) not in (None, ""):
        target[parts[-1]] = replacement
        return True
    return False


# --- case files -------------------------------------------------------------------------------

def redact_case_file(case: Mapping[str, Any], *, fold: NameFolder | None = None) -> dict[str, Any]:
    """A copy of a case file (`case_file_to_dict` shape) as the `public` role and `--redact` see it.

    Hidden by default: the name of a minor (the person or a relative; `[minor, 7]`), of a family
    member not known to have left the country of persecution (`[relative]`, the link to their record
    is cut too), the home place, contact details and ID numbers. A timeline item carrying
    `"sensitive": true` has its place and quotes withheld, a relative or person carrying it their
    name; `"sensitive": false` keeps a relative public. Every string left, quotes and titles
    included, is then scrubbed of the hidden values: every name form `annotate_sensitivity` found
    in the registry (`"names"` of a relative, `"home_places"` of the person), each part of it, and
    with `fold` every other spelling, script and grammatical case of them. The home places of each
    hidden relative and of each family member (`"home_places"` of a relative) are hidden the same way.

    Args:
        case: the case file, preferably through `annotate_sensitivity` first (reviewers' marks, all
            name forms of each relative, every home place the sources give, and `"hidden_as"` when
            the person is themselves a relative at risk in the sources).
        fold: folds a name token across spellings and scripts (`aigak.resolve.names.fold_token`).

    Returns:
        The redacted copy, with `"redaction": {"applied": true, "counts": {...}}`.
    """
    out: dict[str, Any] = copy.deepcopy(dict(case))
    red = Redactor(fold=fold)
    person = out.get("person") or {}
    names = [person.get("name"), *[n.get("name") for n in person.get("names") or [] if isinstance(n, Mapping)]]
    home_places = person.pop("home_places", None) or []
    hidden_as = (placeholder(Sensitivity.MINOR, age=person.get("age"))
                 if is_minor(person.get("age")) and sensitive_flag(person) is not False
                 else PLACEHOLDERS[Sensitivity.MARKED] if sensitive_flag(person) is True
                 else person.get("hidden_as") if sensitive_flag(person) is not False else None)
    person.pop("hidden_as", None)
    if hidden_as is not None:
        red.add_name(names, hidden_as)
        person["name"] = hidden_as
        person["names"] = [{**n, "name": hidden_as} for n in person.get("names") or [] if isinstance(n, Mapping)][:1]
    else:
        red.protect(*names)
    red.add_place(home_places, PLACEHOLDERS[Sensitivity.HOME_PLACE])
    for key in list(person):
        kind = _field_kind(key)
        if kind is not None and person[key] not in (None, ""):
            if kind is Sensitivity.HOME_PLACE:
                red.add_place(person[key], PLACEHOLDERS[kind])
            else:
                red.add(person[key], PLACEHOLDERS[kind])
            person[key] = PLACEHOLDERS[kind]
    for relative in out.get("relatives") or []:
        forms = [relative.get("name"), *(relative.pop("names", None) or [])]
        aliases = relative.pop("aliases", None) or []
        relative_homes = relative.pop("home_places", None) or []
        ph: str | None = _relative_placeholder(relative)
        relative.pop("at_risk", None)
        if ph is not None or relative.get("relation") in FAMILY_RELATIONS:
            # A relative's home (from their own sources) is the family's: "[relative], 44, a herder
            # from Nilka county" must not say where the family lives.
            red.add_place(relative_homes, PLACEHOLDERS[Sensitivity.HOME_PLACE])
        if ph is None:
            red.protect(*forms, *aliases)
            continue
        red.add_name(forms, ph, aliases=aliases)
        relative["name"] = ph if relative.get("name") else None
        relative["person_id"] = None
        relative["redacted"] = ph
    _withhold_marked(out, red)
    # the case file is about the person: their own name stays readable in it (`Redactor.own_words`)
    redacted = dict(red.deep(out, readable=red.own_words(names) if hidden_as is None else frozenset()))
    redacted["redaction"] = {"applied": True, "counts": dict(sorted(red.counts.items()))}
    return redacted


_ITEM_LISTS = ("asylum", "proceedings", "orders")
"""The lists of `legal_status` whose items are timeline items (the same events, read for the lawyer)."""
_WITHHELD_ITEM_FIELDS = ("place", "original")
"""What a marked event shows besides its type and date: its place and the reading before an edit."""


def _case_items(case: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Every event item of a case file: the timeline and the legal-status lists that repeat its events."""
    legal = case.get("legal_status")
    lists = [case.get("timeline") or [], *((legal.get(k) or []) for k in _ITEM_LISTS if isinstance(legal, Mapping))]
    return [item for items in lists for item in items if isinstance(item, dict)]


def _dicts(value: Any) -> Iterable[dict[str, Any]]:
    if isinstance(value, dict):
        yield value
        for v in value.values():
            yield from _dicts(v)
    elif isinstance(value, list):
        for v in value:
            yield from _dicts(v)


def _withhold_marked(case: dict[str, Any], red: Redactor) -> None:
    """Withhold what reviewers marked sensitive wherever the case file repeats it.

    A marked event keeps its type and date; its place, its reading before an edit and every quote
    of it are withheld, in the timeline and in the legal status alike. A quote of a marked fact is
    withheld wherever it stands (a relative's source, a next date, an appeal, one side of a
    contradiction), and its words are hidden in every other string (a document title that opens
    with the same sentence). A field mark (`"sensitive": ["place"]`) withholds that field only.
    """
    withheld = PLACEHOLDERS[Sensitivity.MARKED]
    for item in _case_items(case):
        flag = sensitive_flag(item)
        fields = _WITHHELD_ITEM_FIELDS if flag is True else [
            f for f in (p.split(".")[0] for p in marked_fields(item)) if f in _WITHHELD_ITEM_FIELDS]
        for key in fields:
            if item.get(key) not in (None, ""):
                item[key] = withheld
        if flag is True:
            for ref in item.get("sources") or []:
                if isinstance(ref, dict):
                    ref["sensitive"] = True
    for contradiction in case.get("contradictions") or []:
        if isinstance(contradiction, dict) and sensitive_flag(contradiction) is True:
            for side in ("a", "b"):
                if isinstance(contradiction.get(side), dict):
                    contradiction[side]["sensitive"] = True
    for node in _dicts(case):
        source = node.get("source")
        is_marked = "quote" in node and (sensitive_flag(node) is True or (
            isinstance(source, Mapping) and sensitive_flag(source) is True))
        if is_marked and node.get("quote") is not None:
            node["quote"] = red.withhold(node["quote"]) if isinstance(node["quote"], str) else withheld


def _relative_placeholder(relative: Mapping[str, Any]) -> str | None:
    flag = sensitive_flag(relative)
    if flag is False:
        return None
    if is_minor(relative.get("age")):
        return placeholder(Sensitivity.MINOR, age=relative.get("age"))
    if flag is True or relative.get("at_risk") is True:
        # at_risk: the registry's reading of their own sources, the one publication uses too
        return PLACEHOLDERS[Sensitivity.RELATIVE]
    if relative.get("relation") not in FAMILY_RELATIONS:
        return None  # a lawyer or colleague is not a relative left behind
    if relative.get("in_country_of_persecution") is not False:
        # Unknown whereabouts count as still there: hiding a name by mistake costs less.
        return PLACEHOLDERS[Sensitivity.RELATIVE]
    return None


# --- marks on case files ----------------------------------------------------------------------

def annotate_sensitivity(conn: Connection, case: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of a case file with reviewers' marks carried over from its facts, ready for `redact_case_file`.

    An event item (in the timeline or the legal status), relative or person takes `"sensitive": true`
    when any fact behind it is marked sensitive, or `false` when one is marked public and none
    sensitive; an event item whose facts have only some fields marked takes the list of those field
    paths. Every quote of a marked fact (`{"quote": ..., "fact_id": N}`, wherever it stands) takes
    `"sensitive": true`. Each relative in the registry takes `"names"` and `"aliases"` (every form the
    sources give), `"home_places"` (every home place their own sources give) and `"at_risk"` (whether
    the sources make them a relative left behind, as publication reads it), the person `"home_places"`
    and, when the sources make them a relative left behind, `"hidden_as": "[relative]"`;
    `redact_case_file` reads and removes these keys.
    """
    from aigak.core.errors import NotFound
    from aigak.store.facts import get_fact

    out: dict[str, Any] = copy.deepcopy(dict(case))
    cache: dict[int, Mapping[str, Any]] = {}

    def data_of(fact_ids: Iterable[Any]) -> list[Mapping[str, Any]]:
        found: list[Mapping[str, Any]] = []
        for fact_id in fact_ids:
            if fact_id is None:
                continue
            if int(fact_id) not in cache:
                try:
                    cache[int(fact_id)] = get_fact(conn, int(fact_id)).data
                except NotFound:
                    cache[int(fact_id)] = {}
            found.append(cache[int(fact_id)])
        return found

    def flag(fact_ids: Iterable[Any]) -> bool | None:
        found = [v for v in (sensitive_flag(d) for d in data_of(fact_ids)) if v is not None]
        return True if True in found else (False if found else None)

    def mark(target: dict[str, Any], fact_ids: Iterable[Any]) -> None:
        value = flag(fact_ids)
        if value is not None and "sensitive" not in target:
            target["sensitive"] = value

    if isinstance(out.get("person"), dict):
        mark(out["person"], out["person"].get("fact_ids") or [])
    for relative in out.get("relatives") or []:
        mark(relative, [ref.get("fact_id") for ref in relative.get("sources") or [] if isinstance(ref, Mapping)])
    for item in _case_items(out):
        mark(item, item.get("fact_ids") or [])
        paths = sorted({p for d in data_of(item.get("fact_ids") or []) for p in marked_fields(d)})
        if paths and "sensitive" not in item:
            item["sensitive"] = paths
    for node in _dicts(out):
        # every quote of a marked fact, wherever the case file repeats it
        if "fact_id" in node and "quote" in node and flag([node.get("fact_id")]) is True:
            node["sensitive"] = True
    _annotate_registry(conn, out)
    return out


def _annotate_registry(conn: Connection, case: dict[str, Any]) -> None:
    """Add what the registry knows beyond the case file: every name form and home place of each
    relative, every home place of the person, and whether the person is themselves a relative left behind."""
    from aigak.security.protected import safe_person_sources

    person = case.get("person")
    if isinstance(person, dict):
        info = safe_person_sources(conn, person.get("id"))
        if info is not None:
            person["home_places"] = list(info.home_places)
            if info.relative_at_risk is not None and "hidden_as" not in person:
                person["hidden_as"] = info.relative_at_risk
    for relative in case.get("relatives") or []:
        if isinstance(relative, dict):
            info = safe_person_sources(conn, relative.get("person_id"))
            if info is not None:
                relative["names"] = list(info.names)
                relative["aliases"] = list(info.aliases)
                relative["at_risk"] = info.relative_at_risk is not None
                relative["home_places"] = list(info.home_places)


# --- marking ----------------------------------------------------------------------------------

def mark_sensitive(store: Store, fact_id: int, *, actor: str,
                   sensitive: bool | Sequence[str] | None = True) -> Fact:
    """Mark a fact sensitive (True), public despite the default rules (False), some fields (a list), or clear it (None).

    The mark is stored in the fact's `data` and audited; the fact's review status is left alone,
    because who may see a fact is not a correction of what it says.
    """
    from aigak.store.audit import append_audit
    from aigak.store.facts import get_fact, set_fact_sensitive

    with store.transaction() as conn:
        previous = get_fact(conn, fact_id).data.get("sensitive")
        value = sensitive if sensitive is None or isinstance(sensitive, bool) else list(sensitive)
        after = set_fact_sensitive(conn, fact_id, value)
        append_audit(conn, actor=actor, action="mark_sensitive", target=f"fact:{fact_id}",
                     before={"sensitive": previous}, after={"sensitive": after.data.get("sensitive")})
    return after
