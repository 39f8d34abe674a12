"""The rule-based backend `rules.v1`: the stages of extraction run in order on one document.

1 body and reference date → 2 sentences and quotes → 3 places, organisations, amounts, dates →
5 persons → gender → coreference → 6 relations → attributes → 7 events → episodes → JSON.
Everything runs offline on the blank spaCy pipeline; a trained pipeline, when the user has one
installed and names it in `spacy_model`, adds its PERSON entities as name evidence.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

from aigak.extract.aliases import add_han_spellings, merge_initialled, merge_stated_aliases
from aigak.extract.assemble import EntityTable, build_orgs, build_places, to_json
from aigak.extract.attributes import assign_attributes, infer_gender
from aigak.extract.backend import ExtractionBackend
from aigak.extract.body import find_body, find_reference_date
from aigak.extract.coref import (
    PARTY_ROLES,
    kin_links_of,
    mentions_kin_description,
    resolve_references,
    resolve_to_relatives,
    role_bindings,
)
from aigak.extract.counsel import lawyer_for_each_client
from aigak.extract.demonyms import DEMONYM_WORDS, ETHNICITY_WORDS, country_of_demonym
from aigak.extract.episodes import merge_episodes
from aigak.extract.events import PlaceRef, find_events
from aigak.extract.home_places import assign_home_places
from aigak.extract.in_laws import spouse_kin
from aigak.extract.money import find_amounts
from aigak.extract.nlp import load_pipeline, model_entities, split_sentences
from aigak.extract.persons import NameCandidate, Person, find_candidates, find_persons
from aigak.extract.quotes import find_quotes
from aigak.extract.relations import Relation, find_relations, resolve_clients
from aigak.extract.timex_resolve import resolve
from aigak.extract.timex_scan import scan
from aigak.extract.transcripts import (
    answer_evidence,
    interviewee,
    line_roles,
    on_labelled_question_line,
    transcript_witness,
    with_header_witness,
)

__all__ = ["RulesBackend"]

_ADDRESSES = re.compile(r"\S+@\S+|https?://\S+|www\.\S+")
_LOWER_WORD = re.compile(r"(?<![\w'’])[a-z][a-z\-]+\b")
_NARRATOR = re.compile(r"\b(?:[Mm]y name is|I am|I'm|I’m)\s+(?P<name>[A-Z][\w\-]+(?:\s+[A-Z][\w\-]+){0,2})")
_LEDE = re.compile(r"^(?:[A-Z][A-Za-z .]+(?:,\s*[^—–\-]{0,30}?)?(?:\([A-Za-z/]+\)\s*)?[—–\-]+\s*)?(?:A|An)\s+(?:[\w\-]+\s+){0,5}?(?:man|woman|guard|officer|activist|refugee|soldier|journalist|"
                   r"blogger|citizen|national|student|teacher|doctor|businessman|businesswoman|mother|father|"
                   r"deserter|dissident|defender|farmer|imam|writer|poet|singer|lawyer)\b")
# A closing line that signs a first-person account: "— Name, 52, Shymkent, March 2020".
_SIGNATURE = re.compile(r"^[ \t]*[—–-]{1,2}[ \t]*(?P<name>[A-ZА-ЯЁ][\w'’\-]+(?:[ \t]+[A-ZА-ЯЁ][\w'’\-]+){1,3})"
                        r"(?:[ \t]*,[ \t]*(?P<age>\d{1,3})\b)?[^\n]{0,80}\s*\Z", re.MULTILINE)
_FIRST_PERSON = re.compile(r"(?:^|[.!?]\s+|\n)I\s+(?:was|am|have|had|crossed|lived|worked|spent)\b")
# "Defence lawyer X", "human rights lawyer X", "The defence counsel, lawyer X," opening a clause, with no
# "his"/"X's" before it.
_UNOWNED_LAWYER = re.compile(r"(?:^|(?<=[.!?]\s)|(?<=\n))(?:(?:[Tt]he\s+)?[Dd]efen[cs]e\s+counsel\s*,\s*(?:[Ll]awyer\s+)?|"
                             r"(?:[Dd]efen[cs]e\s+|[Hh]uman[- ]rights\s+)?(?:[Ll]awyer|[Aa]ttorney|[Aa]dvocate)\s+)")
_ON_BEHALF = re.compile(r"\bon\s+(?:his|her|their)\s+(?:client['’]s\s+)?behalf\b|\bon\s+behalf\s+of\s+(?:his|her|their)\s+"
                        r"clients?\b|\bfor\s+(?:his|her|their)\s+clients?\b")
_BORDER_DEMONYM = re.compile(r"\b(?P<w>[A-Z][\w\-]+)\s+border\b")


def _lede_start(match: re.Match[str]) -> int:
    """Where "A/An …" begins inside a lede match that may open with a dateline."""
    found = re.search(r"\b(?:A|An)\s", match.group())
    return found.start() if found else 0


class RulesBackend(ExtractionBackend):
    """Rule-based extraction on spaCy's blank English pipeline; no model download, CPU only.

    Options:
        spacy_model: name or folder of an installed trained spaCy pipeline whose PERSON entities
            are used as extra evidence for names, or None (the default) for rules alone.
    """

    name: ClassVar[str] = "rules.v1"
    version: ClassVar[str] = "1.2"
    """Raised when the rules change what they find: `aigak extract --all --replace` then extracts the
    documents an earlier version did again (1.1: denied and undone events, orders, home places, …)."""
    default_config: ClassVar[dict[str, Any]] = {"spacy_model": None}

    def extract(self, text: str, *, title: str | None = None, published: str | None = None,
                sha256: str | None = None) -> dict[str, Any]:
        body = find_body(text, title=title)
        mentions = scan(text)  # once: the reference date and the event dates read the same mentions
        reference_date = find_reference_date(text, body, published=published, mentions=mentions)
        content = (body.content_start, body.end)
        sentences = [(s.start, s.end) for s in split_sentences(text, body.start, body.end)]
        headline = (body.content_start, body.start) if body.start > body.content_start else None
        quotes = find_quotes(text, body.start, body.end)
        table = EntityTable()
        table.places = build_places(text, *content)
        place_spans = [m for p in table.places for m in p.mentions]
        # "aysha.tohti@example.com" writes a surname in lower case without making it a common word.
        lower_words = frozenset(w.lower() for w in _LOWER_WORD.findall(_ADDRESSES.sub(" ", text[content[0]:content[1]])))
        non_person = frozenset(w.lower() for w in DEMONYM_WORDS | ETHNICITY_WORDS)
        table.orgs = build_orgs(text, *content, blocked=place_spans)
        blocked = place_spans + [m for o in table.orgs for m in o.mentions]
        speakers = [q.speaker for q in quotes if q.speaker is not None]
        signature = _SIGNATURE.search(text, body.start)
        if signature and not _FIRST_PERSON.search(text, body.start, body.end):
            signature = None  # a closing name line is a signature only under a first-person text
        name_end = signature.end("name") if signature else content[1]
        candidates = find_candidates(text, content[0], max(content[1], name_end), blocked=blocked,
                                     speaker_spans=speakers, lower_words=lower_words, non_person_words=non_person)
        candidates += self._model_candidates(text, content, candidates, blocked)
        candidates = with_header_witness(text, content[0], content[1], candidates)  # "Testimony of X" over Q/A
        persons = merge_initialled(merge_stated_aliases(text, find_persons(candidates)))
        add_han_spellings(text, persons)  # "Mā Xiùlán (马秀兰)"
        for i, p in enumerate(persons, 1):
            p.id = f"n{i}"
        infer_gender(text, sentences, persons, quotes)
        if sentences and persons:
            lede = _LEDE.match(text[sentences[0][0]:sentences[0][1]])
            named = [p for p in persons if p.name]
            lede_end = sentences[0][0] + lede.end() if lede else 0
            if lede and named and not any(sentences[0][0] <= s < lede_end for p in named for s, _ in p.mentions):
                noun = lede.group().split()[-1].lower()
                wanted = "female" if noun in ("woman", "mother", "businesswoman") else \
                    "male" if noun in ("man", "father", "businessman") else None
                fitting = [p for p in named if wanted is None or p.gender in (wanted, None)] or named
                # The lede's unnamed subject is usually the first person named after the lede sentence.
                later = [p for p in fitting if min(s for s, _ in p.mentions) >= sentences[0][1]]
                main = min(later, key=lambda p: min(s for s, _ in p.mentions)) if later else \
                    max(fitting, key=lambda p: len(p.mentions))
                main.mentions.append((sentences[0][0] + _lede_start(lede), sentences[0][0] + lede.end()))
        # "Testimony of X" over "A: I was …": the header names the one who answers.
        narrator = transcript_witness(text, persons, content[0], body.end) or self._narrator(
            text, persons, body.start, body.end)
        if narrator is None and signature is not None:
            # "— Zhanar Bekmukhanbetova, 52, Shymkent, March 2020" under a first-person account.
            signed = next((p for p in persons if (signature.start("name"), signature.end("name")) in p.mentions), None)
            if signed is not None:
                narrator = signed.id
                if signature.group("age"):
                    signed.attributes.setdefault("age", int(signature.group("age")))
        resolver = resolve_references(text, sentences, persons, quotes, narrator=narrator)
        name_mentions = {p.id: list(p.mentions) for p in persons}
        relations, unnamed = find_relations(text, sentences, persons, table.org_mentions(), resolver)
        if mentions_kin_description(text, body.start, body.end):
            # "the father": resolve again now that the named relatives are known.
            named_ids = {p.id for p in persons}
            ties = [(r.source, r.type, r.target) for r in relations if r.source in named_ids and r.target in named_ids]
            links = kin_links_of(ties, {p.id: p.gender for p in persons})
            if links:
                for p in persons:  # kinship words added as mentions are not names
                    p.mentions = list(name_mentions[p.id])
                resolver = resolve_references(text, sentences, persons, quotes, narrator=narrator, kin_links=links)
                relations, unnamed = find_relations(text, sentences, persons, table.org_mentions(), resolver)
        resolve_to_relatives(text, resolver, [*persons, *unnamed], sentences)
        spouse_kin(text, body.start, body.end, resolver, persons, unnamed, relations)
        relations += self._counsel(text, persons, relations)
        relations += self._unowned_lawyer(text, persons, relations, body.start, body.end)
        relations += lawyer_for_each_client(text, sentences, persons, relations, resolver)
        resolve_clients(text, resolver, relations)
        assign_attributes(text, sentences, headline, persons, resolver)
        times = resolve(text, mentions, reference=reference_date)
        amounts = [a for a in find_amounts(text) if body.start <= a.start < body.end]
        named_places = table.place_refs()
        places = named_places + self._border_places(text, table, body.start, body.end)
        assign_home_places(text, persons, resolver, named_places, {p.id: p.name for p in table.places})
        org_spans = sorted((s, e, o.id) for o in table.orgs for s, e in o.mentions)
        events = find_events(text, sentences, resolver, times, places, org_spans, amounts, reference_date)
        # "Q: When were you arrested?" is no evidence: the answer is.
        events = answer_evidence(text, sentences, events, line_roles(text, persons, narrator, body.start, body.end))
        events = merge_episodes(events)
        self._for_the_client(text, events, relations)
        written_on = reference_date if reference_date and len(reference_date) == 10 else None  # a dated text
        for event in events:
            if written_on and event.end and event.end > written_on[:len(event.end)]:
                event.end = None  # "held for one and a half years" from a late start: a text reports no end to come
        unnamed = [u for u in unnamed if any(r.target == u.id or r.source == u.id for r in relations)]
        return to_json(sha256=sha256, reference_date=reference_date, body=(body.start, body.end), persons=persons,
                       unnamed=unnamed, table=table, relations=relations, events=events, amounts=amounts,
                       backend=self.describe())

    def _model_candidates(self, text: str, content: tuple[int, int], found: list[NameCandidate],
                          blocked: list[tuple[int, int]]) -> list[NameCandidate]:
        """PERSON entities of the configured trained pipeline that the rules did not find."""
        model = self.config.get("spacy_model")
        if not model:
            return []
        nlp = load_pipeline(str(model))
        extra = []
        for s, e, label in model_entities(nlp, text, *content):
            if label != "PERSON" or any(a < e and s < b for a, b in blocked):
                continue
            overlapping = [i for i, c in enumerate(found) if c.start < e and s < c.end]
            for i in overlapping:
                if not found[i].cue:
                    c = found[i]
                    found[i] = NameCandidate(c.start, c.end, c.tokens, "model", c.gender, c.joins_previous)
            tokens = tuple(re.sub(r"['’]s$", "", text[s:e]).split())
            if tokens and not overlapping:
                extra.append(NameCandidate(s, s + len(" ".join(tokens)), tokens, "model"))
        return extra

    @staticmethod
    def _narrator(text: str, persons: list[Person], start: int, end: int) -> str | None:
        """The person who writes in the first person outside quotes, when the text names them."""
        m = _NARRATOR.search(text, start, end)
        while m and on_labelled_question_line(text, m.start()):
            # "PRESENTER: I'm X and this is Open Line": the one asking introduces themself, not the witness.
            m = _NARRATOR.search(text, m.end(), end)
        if not m:
            return interviewee(text, persons, start, end)
        for p in persons:
            if any(s >= m.start("name") and s < m.end("name") for s, _ in p.mentions):
                return p.id
        return None

    @staticmethod
    def _counsel(text: str, persons: list[Person], relations: list[Relation]) -> list[Relation]:
        """ "Claimant: X … Counsel: Z", "(represented by counsel, Z)": Z is the party's lawyer."""
        roles = role_bindings(text, persons)
        counsel = roles.get("counsel")
        party = next((roles[r] for r in PARTY_ROLES if r in roles and roles[r] != counsel), None)
        if counsel is None or party is None or any(
                r.type == "lawyer" and {r.source, r.target} == {party, counsel} for r in relations):
            return []
        lawyer = next(p for p in persons if p.id == counsel)
        return [Relation("lawyer", party, counsel, lawyer.mentions[0], 0.75)]

    @staticmethod
    def _for_the_client(text: str, events: list[Any], relations: list[Relation]) -> None:
        """ "His lawyer, X, has filed an application for refugee status on his behalf": the application is
        the client's, not the lawyer's."""
        clients: dict[str, list[str]] = {}
        for r in relations:
            if r.type == "lawyer":
                clients.setdefault(r.target, []).append(r.source)
        for event in events:
            if not event.subjects or not all(s in clients for s in event.subjects) or not event.evidence:
                continue
            ss, se = event.evidence[0]
            if _ON_BEHALF.search(text, ss, se):
                event.subjects = list(dict.fromkeys(c for s in event.subjects for c in clients[s]))

    @staticmethod
    def _unowned_lawyer(text: str, persons: list[Person], relations: list[Relation], start: int,
                        end: int) -> list[Relation]:
        """ "Defence lawyer Timur Asanov said he would appeal": with no client named beside the lawyer,
        the client is the person the text is about (named most), when that person has no lawyer yet."""
        named = [p for p in persons if p.name]
        if len(named) < 2:
            return []
        main = max(named, key=lambda p: len(p.mentions))
        if any(r.type == "lawyer" and main.id in (r.source, r.target) for r in relations):
            return []
        for m in _UNOWNED_LAWYER.finditer(text, start, end):
            lawyer = next((p for p in named if any(s == m.end() for s, _ in p.mentions)), None)
            if lawyer is None or lawyer.id == main.id or any(
                    lawyer.id in (r.source, r.target) for r in relations):
                continue
            others = [p for p in named if p.id not in (main.id, lawyer.id) and len(p.mentions) >= len(main.mentions)]
            if others:
                continue  # two people as prominent: whose lawyer is unclear
            mention_end = next(e for s, e in lawyer.mentions if s == m.end())
            return [Relation("lawyer", main.id, lawyer.id, (m.start(), mention_end), 0.6)]
        return []

    @staticmethod
    def _border_places(text: str, table: EntityTable, start: int, end: int) -> list[PlaceRef]:
        """"the Kazakh border" names Kazakhstan's border: a place for crossing events."""
        refs = []
        for m in _BORDER_DEMONYM.finditer(text, start, end):
            country = country_of_demonym(m.group("w"))
            pid = table.place_named(country) if country else None
            if pid:
                refs.append(PlaceRef(pid, m.start(), m.end(), is_demonym=True))
        return refs
