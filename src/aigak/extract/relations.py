"""Stage 6: family ties, with unnamed relatives as entities, and the ties `affiliations.py` reads.

Kinship is read from possessed kinship nouns ("his wife Saule", "Yasser's wife", "their children",
"my brother"), from lists that follow them ("his parents, wife and five-year-old son") and from
what a person "left behind" or "has" ("left behind a mother, a wife, a seven-year-old daughter").
A relative with no name becomes an entity of its own (`name: null`, `description`, `age`), one per
person, relation and description, so that "my brother" and "a younger brother" told about the same
man stay one. A relative may also be named by a copula ("My father is X"), in apposition ("Bolat, my
father's younger brother"), in a list after a plural ("his sons, A and B") or in a record's family
field ("Family situation: younger brother X; wife Y"). Associates, lawyers and membership are read
by `affiliations.py` and recorded here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from aigak.extract.affiliations import AddTie, OrgMention, find_affiliations
from aigak.extract.coref import ROLE_NOUNS, Reference, Resolver
from aigak.extract.kin_clauses import (
    by_marriage,
    client_of_teller,
    kin_of_named,
    one_of_group,
    owner_of_parent_told,
    parents_in_law,
    recent_couple,
    recent_siblings,
    resolve_clients,
)
from aigak.extract.kin_inference import complete_family
from aigak.extract.kin_owners import (
    client_if_lawyer,
    client_of_lawyer,
    owner_of_named_relative,
    owner_of_passing_relative,
)
from aigak.extract.kin_phrases import (
    COPULA_NAME,
    DESCRIBED_OWNER,
    FAMILY_FIELD,
    FAMILY_NAME,
    SECOND_KIN_PHRASE,
    SOME_RELATIVE,
    apposed_name,
    names_listed,
    narrator_of,
    paragraph_head,
    quote_covers,
    record_subject,
    teller_or_focus,
    unnamed_rest,
)
from aigak.extract.lexicon import kinship
from aigak.extract.persons import Person

__all__ = ["OrgMention", "Relation", "find_relations", "paragraph_head", "resolve_clients"]

_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                 "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
                 "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
                 "twenty": 20}
_AGE_MOD = re.compile(r"(?P<n>\d{1,2}|[a-z]+)[- ]years?[- ]old", re.IGNORECASE)
_AGE_AFTER = re.compile(r"^,?\s*(?:(?:who\s+)?(?:is|was)\s+(?:now\s+)?|aged\s+|\(\s*)(?P<n>\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty)\b(?!\s*(?:%|years? ago))")
_MODS = r"(?:(?:a|an|the|two|three|four|five|six|seven|eight|nine|ten|\d+|young|younger|older|oldest|eldest|" \
        r"youngest|elder|little|baby|infant|adult|teenage|[a-z]+-year-old|\d+-year-old|ailing|elderly|late|sick|ill|" \
        r"pregnant|disabled|only|own|step|maternal|paternal)\s+)*"
@dataclass(slots=True)
class Relation:
    """A tie between two entities, read from the `from` side (FORMAT.md)."""

    type: str
    source: str
    target: str
    evidence: tuple[int, int]
    confidence: float = 0.8


@dataclass(slots=True)
class _State:
    unnamed: list[Person] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    counter: int = 0
    # The kinship word that tied a named relative to its owner: "my uncle Bolat" is an uncle, so a
    # later "my grandfather" is another relative.
    kin_words: dict[tuple[str, str], str] = field(default_factory=dict)


def _age(mods: str, after: str) -> int | None:
    m = _AGE_MOD.search(mods)
    if m:
        n = m.group("n").lower()
        return int(n) if n.isdigit() else _NUMBER_WORDS.get(n)
    m = _AGE_AFTER.match(after)
    if m:
        n = m.group("n").lower()
        return int(n) if n.isdigit() else _NUMBER_WORDS.get(n)
    return None


def _add_relation(state: _State, kind: str, source: str, target: str, evidence: tuple[int, int],
                  confidence: float = 0.8) -> None:
    if source == target:
        return
    for r in state.relations:
        inverse = (r.source, r.target, r.type) == (target, source, _INVERSE.get(kind))  # "his son X … X's father"
        if r.type == kind and {r.source, r.target} == {source, target} or inverse:
            return
        if r.type == kind == "member" and r.source == source and r.target == target:
            return
    state.relations.append(Relation(kind, source, target, evidence, confidence))


def _tie_adder(state: _State) -> AddTie:
    """The callback through which helper modules record a tie in `state`."""
    def add(kind: str, source: str, target: str, span: tuple[int, int], confidence: float) -> None:
        _add_relation(state, kind, source, target, span, confidence)
    return add


def _affiliation_adder(text: str, state: _State, persons: dict[str, Person]) -> AddTie:
    """The callback for `find_affiliations`: "His lawyer" resolved to a relative named in passing is the
    lawyer of the person that relative belongs to (`owner_of_passing_relative`)."""
    def add(kind: str, source: str, target: str, span: tuple[int, int], confidence: float) -> None:
        if kind == "lawyer" and re.match(r"(?:[Hh]is|[Hh]er)\s", text[span[0]:span[1]]):
            source = owner_of_passing_relative(source, persons, state.kin_words)
        _add_relation(state, kind, source, target, span, confidence)
    return add


def _unnamed(state: _State, owner: str, kin_word: str, entry: dict[str, object], age: int | None,
             span: tuple[int, int], count: int | None = None) -> Person:
    """The unnamed relative `owner`'s `kin_word`, created once per owner, relation and description."""
    relation = str(entry["relation"])
    description = str(entry["description"])
    for p in state.unnamed:
        same_gender = p.gender is None or entry.get("gender") is None or p.gender == entry.get("gender")
        owners = p.attributes.get("_owners")
        owned = p.attributes.get("_owner") == owner or isinstance(owners, list) and owner in owners
        if owned and p.attributes.get("_relation") == relation and (
                p.description == description or relation in ("parent", "spouse") and bool(entry["plural"]) is False
                and same_gender):
            if age is not None and p.attributes.get("age") not in (None, age):
                continue
            if age is not None:
                p.attributes["age"] = age
            p.mentions.append(span)
            return p
    state.counter += 1
    person = Person(id=f"u{state.counter}", name=None, description=description, mentions=[span],
                    gender=entry.get("gender") if isinstance(entry.get("gender"), str) else None,  # type: ignore[arg-type]
                    confidence=0.75, is_plural=bool(entry["plural"]))
    person.attributes["_owner"] = owner
    person.attributes["_relation"] = relation
    if count is not None:
        person.attributes["_count"] = count
    if age is not None:
        person.attributes["age"] = age
    state.unnamed.append(person)
    return person


_INVERSE = {"parent": "child", "child": "parent", "spouse": "spouse", "sibling": "sibling", "relative": "relative"}


def _named_relative(state: _State, owners: Sequence[str], relation: str, gender: object,
                    persons: dict[str, Person], description: str | None = None) -> str | None:
    """A named person already tied to one of `owners` by `relation` (read from the owner's side).

    "Other family" covers uncles, cousins and grandparents alike, so a relative of that kind is the
    named one only when the same kinship word tied them ("my uncle Bolat … my uncle").
    """
    for r in state.relations:
        if r.source in owners and r.type == relation and r.target in persons:
            candidate, owner = r.target, r.source
        elif r.target in owners and r.type == _INVERSE.get(relation) and r.source in persons:
            candidate, owner = r.source, r.target
        else:
            continue
        if relation == "relative" and not _same_kin_word(state, owner, candidate, description):
            continue
        if gender is None or persons[candidate].gender in (gender, None):
            return candidate
    return None


# Kinship words of "other family" and the words for the same tie seen from the other side.
# "His father and his uncle": a second kin phrase joined to a first shares its possessor.
_COORDINATED_KIN = re.compile(r"\b(?:[Hh]is|[Hh]er|[Tt]heir|[Mm]y|[Oo]ur)\s+(?:[a-z\-]+\s+){0,2}?[a-z\-]+\s*,?\s+and\s+$")
_CONVERSE_KIN = {"uncle": ("nephew", "niece"), "aunt": ("nephew", "niece"), "nephew": ("uncle", "aunt"),
                 "niece": ("uncle", "aunt"), "grandfather": ("grandson", "granddaughter", "grandchild"),
                 "grandmother": ("grandson", "granddaughter", "grandchild"),
                 "grandson": ("grandfather", "grandmother", "grandparent"),
                 "granddaughter": ("grandfather", "grandmother", "grandparent"), "cousin": ("cousin",)}


def _same_kin_word(state: _State, owner: str, candidate: str, description: str | None) -> bool:
    """Whether `candidate` was tied to `owner` by the kinship word `description` (or its converse)."""
    if description is None:
        return False
    word = description.removesuffix("s")
    if state.kin_words.get((owner, candidate)) == word:
        return True
    return word in _CONVERSE_KIN.get(state.kin_words.get((candidate, owner), ""), ())


def _parents_spouse(state: _State, owners: Sequence[str], gender: object, persons: dict[str, Person]) -> str | None:
    """ "Turdi's son, Ekrem … Turdi and his wife, Patigul … Ekrem learns of his mother's death": a
    parent of the other gender is the named spouse of the parent already named."""
    parents = [r.target for r in state.relations if r.source in owners and r.type == "parent"] + \
        [r.source for r in state.relations if r.target in owners and r.type == "child"]
    for parent in dict.fromkeys(p for p in parents if p in persons):
        spouses = [r.target if r.source == parent else r.source for r in state.relations if r.type == "spouse"
                   and parent in (r.source, r.target)]
        spouses = [sp for sp in spouses if sp in persons and sp not in owners]
        if len(spouses) == 1 and persons[spouses[0]].gender in (gender, None) and persons[parent].gender != gender:
            return spouses[0]
    return None


def _owners(ref: Reference | None) -> tuple[str, ...]:
    return ref.persons if ref is not None else ()


def find_relations(
    text: str,
    sentences: Sequence[tuple[int, int]],
    persons: Sequence[Person],
    orgs: Sequence[OrgMention],
    resolver: Resolver,
) -> tuple[list[Relation], list[Person]]:
    """Relations of the body and the unnamed relatives they introduce.

    Returns:
        The relations (unnamed relatives referred to by their temporary ids `u1`, ...) and the
        unnamed relatives; each unnamed relative is also added to `resolver` as a "kin" reference.
    """
    kin = kinship()
    kin_words = sorted(kin, key=len, reverse=True)
    kin_alt = "|".join(re.escape(w) for w in kin_words)
    possessed = re.compile(
        rf"\b(?P<owner>[Hh]is|[Hh]er|[Mm]y|[Yy]our|[Tt]heir|[Oo]ur|[Ww]hose|[A-ZА-Я][\w\-]*['’]s?|"
        rf"[Tt]he\s+(?:{ROLE_NOUNS})['’]s|[Tt]he\s+couple['’]s|{DESCRIBED_OWNER})\s+(?P<mods>{_MODS})"
        rf"(?P<kin>{kin_alt})\b(?!-)")
    # "younger brother Nurzhan, …; wife Zhuldyz": the items of a record's family field.
    field_item = re.compile(rf"(?:^|[,;]\s*(?:and\s+)?)(?P<mods>{_MODS})(?P<kin>{kin_alt})\b(?!-)", re.IGNORECASE)
    item = re.compile(rf"^(?P<sep>\s*[,;]\s*(?:and\s+)?|\s+and\s+)(?P<mods>{_MODS})(?P<kin>{kin_alt})\b(?!-)")
    left = re.compile(rf"\b(?:left(?:\s+behind)?|leaves(?:\s+behind)?|has|had|have|survived\s+by|lives\s+with|"
                      rf"lived\s+with)\s+(?P<mods>{_MODS})(?P<kin>{kin_alt})\b(?!-)")
    chained = re.compile(
        rf"\b(?:[Hh]is|[Hh]er|[Mm]y|[Oo]ur|[Tt]heir)\s+{_MODS}(?P<kin1>{kin_alt})['’]s\s+(?P<mods>{_MODS})"
        rf"(?P<kin>{kin_alt})\b(?!-)")
    the_kin = re.compile(rf"\b[Tt]he\s+(?P<kin>{kin_alt})\s*,\s*(?=[A-ZА-Я])")
    # "The grandchildren of Tursynbek Qasymuly", "The uncle of the defendant": a relative owned by the person
    # named (or described) after "of".
    kin_of = re.compile(rf"\b(?P<mods>(?:[Tt]he|[Aa]n?|[Tt]wo|[Tt]hree|[Ff]our|[Ff]ive|[Ss]everal)\s+{_MODS})"
                        rf"(?P<kin>{kin_alt})\s+of\s+(?=[A-Za-zА-Яа-я])")
    n_of = re.compile(rf"\b(?P<n>\w+)\s+of\s+(?P<owner>[Tt]heir|[Hh]is|[Hh]er|[Mm]y|[Oo]ur)\s+(?P<kin>{kin_alt})\b")
    state = _State()
    person_by_id = {p.id: p for p in persons}
    mention_at = {(s, e): p.id for p in persons for s, e in p.mentions}
    name_starts = sorted((s, e, pid) for (s, e), pid in mention_at.items())

    def name_right_after(pos: int) -> tuple[int, int, str] | None:
        for s, e, pid in name_starts:
            if s >= pos:
                gap = text[pos:s]
                if COPULA_NAME.fullmatch(gap) and text[e:e + 2] in ("'s", "’s"):
                    return None  # "my brother is Erlan's friend": Erlan is someone else
                return (s, e, pid) if re.fullmatch(r"\s*(?:,|\s[–—]|:)?\s*(?:(?:Mr|Mrs|Ms|Miss|Dr|Mx)\.?\s+)?", gap) \
                    or COPULA_NAME.fullmatch(gap) else None
        return None

    def owner_of(m: re.Match[str], base: int) -> tuple[str, ...]:
        start = base + m.start("owner")
        word = m.group("owner")
        if re.fullmatch(r"[Tt]he\s+couple['’]s", word):
            # "the couple's son": the last two people the text has married to each other.
            couples = [(r.source, r.target) for r in state.relations if r.type == "spouse"
                       and r.source in person_by_id and r.target in person_by_id and r.evidence[0] < start]
            return couples[-1] if couples else ()
        if word.lower() == "their" and _COUNTED_KIN_BEFORE.search(text, max(0, start - 40), start):
            return ()  # "Four children lose their father": the children's own father, told of as theirs
        if word.lower() in ("his", "her", "their") and _kin_subject_before(start, word.lower()) \
                and not _COORDINATED_KIN.search(text, max(0, start - 60), start):
            # (but "His father and his uncle were detained": both are the same person's)
            return ()  # "Their daughter stays with her mother": "her" is the daughter, told of just before
        if word.lower() in ("his", "her", "my", "your", "their", "our", "whose"):
            if word.lower() == "whose":
                refs = [r for r in resolver.references if r.end <= start and r.persons]
                return refs[-1].persons if refs else ()
            pronoun = resolver.at(start, start + len(word))
            owners = _owners(pronoun)
            client = client_of_teller(text, start, owners, sentences, state.relations, state.unnamed,
                                      str(kin.get(m.group("kin").lower(), {}).get("description", "")))
            if client is None and word.lower() in ("his", "her"):
                # "Her lawyer, X, went to court … Her son Daniyar": the client's son, not the lawyer's;
                # "His father, A … His mother, B": the mother of A's child, not A's.
                client = client_of_lawyer(word, start, owners, sentences, state.relations, person_by_id) or \
                    owner_of_named_relative(resolver, word, start, owners, str(kin.get(m.group("kin").lower(), {}).get(
                        "relation", "")), sentences, state.relations, person_by_id, state.kin_words)
            if client is not None and pronoun is not None:
                # "his client told him … called his mother": the client's mother, not the lawyer's
                resolver.references[resolver.references.index(pronoun)] = replace(pronoun, persons=(client,))
                return (client,)
            if len(owners) == 1 and word.lower() in ("his", "her") and owners[0] in person_by_id \
                    and person_by_id[owners[0]].gender is None:
                person_by_id[owners[0]].gender = "male" if word.lower() == "his" else "female"
            return owners
        ref = resolver.at(start, start + len(re.sub(r"['’]s?$", "", word)))
        return ref.persons if ref is not None and ref.kind in ("name", "description") else ()

    def _kin_subject_before(pos: int, pronoun: str) -> bool:
        """Whether an unnamed relative of the pronoun's gender opens the clause that `pos` is in."""
        sentence_start = next((a for a, b in sentences if a <= pos < b), pos)
        wanted = "male" if pronoun == "his" else "female" if pronoun == "her" else None
        for r in resolver.references:
            if sentence_start <= r.start < pos and r.persons and not r.possessive:
                relative = next((u for u in state.unnamed if u.id == r.persons[0]), None)
                if wanted is None:  # "Her two daughters ask when their father will call"
                    return r.kind == "kin" and relative is not None and relative.is_plural
                return r.kind == "kin" and relative is not None and not relative.is_plural and relative.gender == wanted
        return False

    def attach(owner_ids: Sequence[str], kin_word: str, mods: str, span: tuple[int, int], after_pos: int,
               sentence: tuple[int, int], phrase_start: int | None = None) -> int:
        """Tie `owner_ids` to the relative `kin_word` names; returns where the relative's words end."""
        entry = kin[kin_word]
        listed = names_listed(text, after_pos, name_right_after) if entry["plural"] else []
        named = name_right_after(after_pos) if not entry["plural"] else None
        if named is None and not entry["plural"] and (second := SECOND_KIN_PHRASE.match(text, after_pos)):
            named = name_right_after(second.end())  # "her husband and the boy's father, X"
        if named is None and not entry["plural"] and phrase_start is not None:
            named = apposed_name(text, phrase_start, after_pos, name_starts)
        if named is not None and named[2] in owner_ids:
            named = None
        targets = [named] if named is not None else [n for n in listed if n[2] not in owner_ids]
        if targets:
            relation = str(entry["relation"])
            for target_start, target_end, target in targets:
                for owner in owner_ids:
                    _add_relation(state, relation, owner, target, (min(span[0], target_start),
                                                                   max(target_end, span[1])), 0.85)
                    state.kin_words[(owner, target)] = str(entry["description"]).removesuffix("s")
                person = person_by_id.get(target)
                if person is not None and person.gender is None and isinstance(entry["gender"], str):
                    person.gender = entry["gender"]
            if not entry["plural"] or len(targets) > 1 or not unnamed_rest(text, targets[0][1]):
                return max(after_pos, *(e for _, e, _ in targets))  # else also "… and two boys", unnamed
        if entry["relation"] == "spouse" and not entry["plural"]:
            # "X and his wife Madina … X left his wife": the spouse already named is meant.
            named_spouse = [r.target if r.source in owner_ids else r.source for r in state.relations
                            if r.type == "spouse" and (r.source in owner_ids or r.target in owner_ids)
                            and not (r.source.startswith("u") or r.target.startswith("u"))]
            if named_spouse and named_spouse[0] in person_by_id:
                person_by_id[named_spouse[0]].mentions.append(span)
                # "her husband had fled": events read the husband as the spouse already named
                resolver.add(Reference(span[0], span[1], "kin", (named_spouse[0],),
                                       possessive=text[span[1]:span[1] + 2] in ("'s", "’s")))
                return after_pos
        known = _named_relative(state, owner_ids, str(entry["relation"]), entry.get("gender"), person_by_id,
                                str(entry["description"]))
        if known is None and entry["relation"] == "parent" and not entry["plural"]:
            known = _parents_spouse(state, owner_ids, entry.get("gender"), person_by_id)
            if known is not None:
                for owner in owner_ids:
                    _add_relation(state, "parent", owner, known, span, 0.7)
        if known is not None and not entry["plural"]:
            # "his son, Nurdaulet … my son": the relative already named is meant.
            person_by_id[known].mentions.append(span)
            resolver.add(Reference(span[0], span[1], "kin", (known,),
                                   possessive=text[span[1]:span[1] + 2] in ("'s", "’s")))
            return after_pos
        age = _age(mods, text[after_pos:after_pos + 40])
        anchor = max(owner_ids, key=lambda o: len(person_by_id[o].mentions) if o in person_by_id else 0)
        number = re.match(r"(?:an?\s+|the\s+)?(two|three|four|five|six|both)\b", mods.strip(), re.IGNORECASE)
        relative = _unnamed(state, anchor, kin_word, entry, age, span,
                            _COUNT[number.group(1).lower()] if number else None)
        relative.attributes.setdefault("_owners", [])
        owners_list = relative.attributes["_owners"]
        assert isinstance(owners_list, list)
        for owner in owner_ids:
            if owner not in owners_list:
                owners_list.append(owner)
            _add_relation(state, str(entry["relation"]), owner, relative.id, span, 0.8)
        resolver.add(Reference(span[0], span[1], "kin", (relative.id,),
                               possessive=text[span[1]:span[1] + 2] in ("'s", "’s")))
        return after_pos

    def attach_listed(owners: Sequence[str], pos: int, sentence: tuple[int, int]) -> None:
        """ "his parents, wife and five-year-old son", "his wife, Bibigul; his sons, …; and a daughter, Dana":
        the relatives listed after the first one, each after the name that the previous one may have."""
        while (it := item.match(text[pos:sentence[1]])) is not None:
            start = pos + len(it.group("sep"))
            pos = attach(owners, it.group("kin").lower(), it.group("mods"), (start, pos + it.end()), pos + it.end(),
                         sentence)

    narrator = narrator_of(text, resolver)
    for ss, se in sentences:
        sentence = text[ss:se]
        handled: list[tuple[int, int]] = []
        if narrator is not None:
            for m in FAMILY_NAME.finditer(sentence):
                # "Mama is 61 now", "Dad never came back": the narrator's parent, named as family call them.
                if quote_covers(resolver, ss + m.start()) or re.search(r"\b(?:my|his|her|our|their|the|a)\s+$",
                                                                          sentence[:m.start()], re.IGNORECASE):
                    continue
                attach([narrator], m.group().lower(), "", (ss + m.start(), ss + m.end()), ss + m.end(), (ss, se))
                handled.append((ss + m.start(), ss + m.end()))
        for m in n_of.finditer(sentence):
            owners = owner_of(m, ss)
            if owners:
                span = (ss + m.start(), ss + m.end())
                attach(owners, m.group("kin").lower(), "", span, ss + m.end(), (ss, se))
                handled.append(span)
        for m in kin_of.finditer(sentence):
            late = re.match(r"(?:the\s+)?late\s+", sentence[m.end():])  # "the wife of the late X"
            owner_at = ss + m.end() + (late.end() if late else 0)
            owner_ref = resolver.at(owner_at, owner_at + 1)
            if owner_ref is None or owner_ref.start != owner_at or len(owner_ref.persons) != 1 \
                    or owner_ref.kind not in ("name", "description") or m.group("kin").lower() not in kin \
                    or re.search(r"[\w.]\s*,\s*$", sentence[:m.start()]):
                continue  # "X, brother of applicant Y" is `kin_of_named`'s
            span = (ss + m.start(), ss + m.end("kin"))
            owner = owner_ref.persons[0] if owner_ref.kind == "name" else client_if_lawyer(owner_ref.persons[0],
                                                                                            state.relations)
            attach((owner,), m.group("kin").lower(), m.group("mods"), span, owner_ref.end, (ss, se))
            handled.append(span)
        for m in possessed.finditer(sentence):
            span = (ss + m.start(), ss + m.end())
            if any(a <= span[0] < b for a, b in handled):
                continue
            owners = owner_of(m, ss)
            kin_word = m.group("kin").lower()
            if kin_word not in kin:
                continue
            if kin[kin_word]["relation"] == "child" and m.group("owner").lower() in ("their", "our"):
                owners = _with_spouse(owners, state, person_by_id, resolver, ss, span[0])
            elif kin[kin_word]["relation"] == "parent" and m.group("owner").lower() == "our":
                owners = _with_siblings(owners, state, resolver, ss, se)
            elif kin[kin_word]["relation"] == "parent" and m.group("owner").lower() == "their" and not owners \
                    and not resolver.between(ss, ss + m.start()):
                # "Their mother, Zauresh" opening the clause; "Their girls … their father" is the girls'.
                owners = recent_siblings(span[0], state.relations, person_by_id)
            if kin[kin_word]["relation"] == "child" and m.group("owner").lower() in ("his", "her") \
                    and not m.group("mods").strip():
                parent_owner = owner_of_parent_told(m.group("owner"), span[0], sentences, state.unnamed)
                if parent_owner is not None:
                    # "His father … since his son left": the son is the one whose father was told of.
                    resolver.add(Reference(ss + m.start("kin"), span[1], "kin", (parent_owner,)))
                    continue
            if not owners:
                continue
            read_to = attach(owners, kin_word, m.group("mods"), (ss + m.start("mods") if m.group("mods") else
                             ss + m.start("kin"), ss + m.end()), ss + m.end(), (ss, se), ss + m.start())
            attach_listed(owners, read_to, (ss, se))
        for m in left.finditer(sentence):
            # "X left behind a mother, a wife, …": the relatives of the clause's subject.
            subject = [r for r in resolver.references if ss <= r.start < ss + m.start() and r.persons
                       and r.kind in ("name", "pronoun")]
            owners = recent_couple(text, ss, ss + m.start(), state.relations, person_by_id)
            if not owners and (not subject or len(subject[-1].persons) != 1 or subject[-1].possessive):
                continue
            owners = owners or subject[-1].persons
            kin_word = m.group("kin").lower()
            read_to = attach(owners, kin_word, m.group("mods"), (ss + m.start("mods"), ss + m.end()), ss + m.end(),
                             (ss, se))
            attach_listed(owners, read_to, (ss, se))
        for field_match in FAMILY_FIELD.finditer(text, ss, se):
            # "Family situation: younger brother Nurzhan, …; wife Zhuldyz Aitkalieva": a record's relatives.
            record_owner = record_subject(text, field_match.start(), name_starts)
            if record_owner is None:
                continue
            line_end = text.find("\n", field_match.end())
            field_end = se if line_end < 0 else min(se, line_end)
            for it in field_item.finditer(text[field_match.end():field_end]):
                start, end = field_match.end() + it.start("mods"), field_match.end() + it.end()
                if it.group("kin").lower() in kin:
                    attach((record_owner,), it.group("kin").lower(), it.group("mods"), (start, end), end, (ss, se))
        for m in SOME_RELATIVE.finditer(sentence):
            # "a cousin sent word …, she said", "two days after a relative in Kazakhstan sent him a message".
            start = ss + m.start("kin")
            if quote_covers(resolver, start):
                continue
            owners = teller_or_focus(text, resolver, sentences, ss, se, start, ss + m.end())
            if owners:
                attach(owners, m.group("kin").lower(), "", (ss + m.start(), ss + m.end()), ss + m.end(), (ss, se))
        for m in chained.finditer(sentence):
            # "my brother's wife, Saltanat", "her brother's two daughters": the first relative owns the second.
            inner = resolver.at(ss + m.start("kin1"), ss + m.end("kin1"))
            if inner is None or inner.kind != "kin" or len(inner.persons) != 1 or inner.persons[0] not in person_by_id:
                continue  # "my uncle's son" of an unnamed uncle is one relative of mine, told already
            kin_word = m.group("kin").lower()
            span = (ss + m.start("mods") if m.group("mods") else ss + m.start("kin"), ss + m.end())
            attach(inner.persons, kin_word, m.group("mods"), span, ss + m.end(), (ss, se), ss + m.start())
        for m in the_kin.finditer(sentence):
            # "… his sister's passport; the sister, Aygul Tursun, …": the unnamed relative is now named.
            named = name_right_after(ss + m.end())
            earlier = [u for u in state.unnamed if not u.is_plural and u.description == m.group("kin").lower()
                       and u.mentions and u.mentions[0][0] < ss + m.start()]
            if named is None or len(earlier) != 1:
                continue
            told: object = earlier[0].attributes.get("_owners") or [earlier[0].attributes.get("_owner")]
            for teller in told if isinstance(told, list) else []:
                if isinstance(teller, str) and teller != named[2]:
                    _add_relation(state, str(kin[m.group("kin").lower()]["relation"]), teller, named[2],
                                  (ss + m.start(), named[1]), 0.8)
        find_affiliations(text, ss, se, resolver, name_starts, orgs, _affiliation_adder(text, state, person_by_id))
        tie = _tie_adder(state)
        kin_of_named(text, ss, se, name_starts, kin, kin_alt, person_by_id, tie)
        one_of_group(text, ss, se, resolver, name_starts, state.unnamed, person_by_id, tie)
        by_marriage(text, ss, se, resolver, name_starts, tie)
    _named_later(text, state, person_by_id, resolver, name_starts)
    parents_in_law(state.kin_words, state.relations, person_by_id, _tie_adder(state))
    named_groups = complete_family(state.relations, state.unnamed, person_by_id, state.kin_words, _tie_adder(state))
    _merge_into_named(state, person_by_id, resolver, named_groups)
    relations = state.relations
    for p in state.unnamed:
        p.attributes.pop("_relation", None)
    return relations, state.unnamed


# "Four children lose their father": unpossessed relatives counted just before "their".
_COUNTED_KIN_BEFORE = re.compile(r"\b(?:[Tt]wo|[Tt]hree|[Ff]our|[Ff]ive|[Ss]ix|[Ss]even|[Ee]ight|\d+)\s+(?:children|sons|"
                                 r"daughters|kids|grandchildren)\s+(?:\w+\s+){0,3}$")
_COUNT = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "both": 2}


def _all_named(group: Person, state: _State, persons: dict[str, Person]) -> bool:
    """ "her two younger brothers … her brother Bakyt … her youngest brother, Azamat": as many relatives of
    the group's kind are named as the group counts, so the group is those named people."""
    owner = group.attributes.get("_owner")
    relation = group.attributes.get("_relation")
    count = group.attributes.get("_count")
    if not isinstance(owner, str) or not isinstance(count, int):
        return False
    named = {r.target for r in state.relations if r.source == owner and r.type == relation and r.target in persons}
    named |= {r.source for r in state.relations if r.target == owner and r.type == _INVERSE.get(str(relation))
              and r.source in persons}
    return len(named) >= count


def _with_spouse(owners: tuple[str, ...], state: _State, persons: dict[str, Person], resolver: Resolver,
                 ss: int, pos: int) -> tuple[str, ...]:
    """ "His wife, Mihrigul, and their two daughters", "our three children": a couple's children are both
    parents' — the owner (or the person named in the sentence) and the spouse the text has named."""
    if len(owners) >= 2:
        return owners
    if not owners:
        named = [r.persons[0] for r in resolver.references if ss <= r.start < pos and r.kind == "name"
                 and len(r.persons) == 1]
        owners = tuple(named[:1])
    if not owners:
        # "The couple's son, Daniyar, lives with the client. Their daughter stays …": an unresolved
        # "their" right after the text spoke of a married couple is that couple.
        couples = [(r.source, r.target) for r in state.relations if r.type == "spouse"
                   and r.source in persons and r.target in persons]
        recent = [r for r in resolver.references if ss - _COUPLE_REACH_CHARS <= r.start < ss and r.persons]
        if len(set(couples)) == 1 and any(set(r.persons) & set(couples[0]) for r in recent):
            return couples[0]
    if len(owners) != 1:
        return owners
    spouses = [r.target if r.source == owners[0] else r.source for r in state.relations if r.type == "spouse"
               and owners[0] in (r.source, r.target)]
    spouses = [sp for sp in spouses if sp in persons]
    return (owners[0], spouses[0]) if len(spouses) == 1 else owners


def _with_siblings(owners: tuple[str, ...], state: _State, resolver: Resolver, ss: int, se: int) -> tuple[str, ...]:
    """ "My brother … he had stayed behind to look after our mother": the parent of the speaker is also
    the parent of the named sibling the sentence speaks of."""
    siblings = {r.target if r.source in owners else r.source for r in state.relations if r.type == "sibling"
                and (r.source in owners or r.target in owners)}
    here = [p for r in resolver.references if ss <= r.start < se and r.kind in ("name", "pronoun", "kin")
            for p in r.persons if p in siblings and not p.startswith("u")]
    return tuple(dict.fromkeys([*owners, *here]))


_COUPLE_REACH_CHARS = 300  # how far back a couple is still "they" for their children


_NAME_IS = re.compile(r"\b(?P<pron>[Hh]is|[Hh]er)\s+(?:full\s+)?name\s+is\s+")


def _named_later(text: str, state: _State, persons: dict[str, Person], resolver: Resolver,
                 name_starts: Sequence[tuple[int, int, str]]) -> None:
    """ "I want to talk about my husband. His name is Marat Kassymov.": the relative is the person named."""
    for m in _NAME_IS.finditer(text):
        named = next((pid for s, _, pid in name_starts if s == m.end()), None)
        if named is None:
            continue
        wanted = "male" if m.group("pron").lower() == "his" else "female"
        earlier = [r for r in resolver.references if r.kind == "kin" and len(r.persons) == 1 and r.end <= m.start()
                   and m.start() - r.end <= 300]
        unnamed = {u.id: u for u in state.unnamed if not u.is_plural and u.gender in (wanted, None)}
        relative = next((r.persons[0] for r in reversed(earlier) if r.persons[0] in unnamed), None)
        if relative is None:
            continue
        persons[named].mentions.extend(unnamed[relative].mentions)
        if persons[named].gender is None:
            persons[named].gender = unnamed[relative].gender
        state.unnamed = [u for u in state.unnamed if u.id != relative]
        state.relations = [Relation(r.type, named if r.source == relative else r.source,
                                    named if r.target == relative else r.target, r.evidence, r.confidence)
                           for r in state.relations]
        resolver.references = [replace(r, persons=tuple(named if p == relative else p for p in r.persons))
                               for r in resolver.references]


def _merge_into_named(state: _State, persons: dict[str, Person], resolver: Resolver,
                      named_groups: set[str] | None = None) -> None:
    """"her father … Her father, Abdykadyr Mamyt": an unnamed relative later named is that person.

    A group of relatives in `named_groups`, or as many of whose kind are named as it counts, is those
    named people and is dropped."""
    mapping: dict[str, str] = {}
    dropped: set[str] = set()
    for u in state.unnamed:
        if u.is_plural:
            if u.id in (named_groups or set()) or _all_named(u, state, persons):
                dropped.add(u.id)
            continue
        listed = u.attributes.get("_owners") or [u.attributes.get("_owner")]
        owners = listed if isinstance(listed, list) else []
        relation = str(u.attributes.get("_relation"))
        known = _named_relative(state, [o for o in owners if isinstance(o, str)], relation, u.gender, persons,
                                u.description) or (_parents_spouse(state, [o for o in owners if isinstance(o, str)],
                                                                   u.gender, persons) if relation == "parent" else None)
        if known is not None and (u.attributes.get("age") is None or persons[known].attributes.get("age") in (
                None, u.attributes.get("age"))):
            mapping[u.id] = known
            persons[known].mentions.extend(u.mentions)
    if not mapping and not dropped:
        return
    members: dict[str, tuple[str, ...]] = {}
    for u in state.unnamed:
        if u.id in dropped:
            group_owner, group_relation = u.attributes.get("_owner"), u.attributes.get("_relation")
            members[u.id] = tuple(dict.fromkeys(
                [r.target for r in state.relations if r.source == group_owner and r.type == group_relation
                 and r.target in persons]
                + [r.source for r in state.relations if r.target == group_owner
                   and r.type == _INVERSE.get(str(group_relation)) and r.source in persons]))
    state.unnamed = [u for u in state.unnamed if u.id not in mapping and u.id not in dropped]
    kept: list[Relation] = []
    for r in state.relations:
        if r.target in mapping or r.source in mapping or r.target in dropped or r.source in dropped:
            continue
        kept.append(r)
    state.relations = kept
    resolver.references = [
        Reference(r.start, r.end, r.kind, tuple(dict.fromkeys(
            q for p in r.persons for q in (members[p] if p in members else (mapping.get(p, p),)))),
            r.in_quote, r.possessive)
        for r in resolver.references]
