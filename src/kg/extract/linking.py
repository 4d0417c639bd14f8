"""Entity linking inside one document: every name, metonym, role phrase and group reference
resolved to entities, with the decisions a reader would make from context.

- gazetteer names (from the entity ruler) resolve directly; metonyms ("Moscow") stand for
  the state unless they only locate something ("a summit in Moscow");
- names the gazetteer lacks come from the statistical NER, get a stable id, and partial
  names ("Smith") resolve to the full name used elsewhere in the document;
- places of known summits ("after Helsinki") and "X–Y summit" resolve to the event;
- "the two presidents", "both countries", "he", "the President" resolve to the actors in
  context, or to nothing when the context leaves them ambiguous.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import InitVar, dataclass, field

from spacy.attrs import HEAD
from spacy.tokens import Doc, Span, Token

from kg.extract.lexicon import Lexicon
from kg.extract.longnames import name_runs
from kg.extract.words import Words
from kg.gazetteer import TOP_CLASS, Entry, Gazetteer
from kg.model import Entity

ACTOR_CLASSES = {"Person", "State", "Organization"}
#: Nouns after which a demonym names the state as the subject of an issue ("Iranian nuclear issue").
ISSUE_NOUNS = {"crisis", "conflict", "issue", "problem", "program", "programme", "question",
               "settlement", "war", "file", "dossier", "nuclear", "regime", "government",
               "leadership", "authorities", "side", "army", "military", "troops", "forces"}
LOCATIVE = {"in", "at", "to", "near", "outside", "around", "into", "from", "across", "toward",
            "towards", "via", "through"}
GATHERING = {"meeting", "summit", "talks", "visit", "conference", "negotiations", "trip",
             "session", "meet", "arrive", "travel", "fly", "go", "come", "return", "hold",
             "held", "gathering", "forum", "ceremony", "rally", "protest", "embassy"}
SUMMIT_NOUNS = {"summit", "meeting", "talks"}
#: Verbs whose place is where a summit was held: "Biden and Putin met in Geneva".
MEETING_VERBS = {"meet", "hold", "gather", "convene", "sit", "summit"}
PAIR_STATE = re.compile(r"^(both|the two|neither|either|the|our two|our)\s+(countries|country|"
                        r"sides|side|parties|party|states|nations|powers|nuclear powers|"
                        r"largest nuclear powers|superpowers)$", re.I)
PAIR_PERSON = re.compile(r"^(both|the two|the|neither)\s+(presidents|leaders|president|leader)$",
                         re.I)
PAIR_PEOPLE = re.compile(r"^(both|the two)\s+(men|women)$", re.I)
#: "the four leaders", "all three presidents": the N people just named, when exactly N were.
GROUP_PERSON = re.compile(r"^(?:the|all|all the)\s+(three|four|five|six|seven|eight)\s+"
                          r"(?:presidents|leaders|heads of state|ministers|foreign ministers)$",
                          re.I)
THE_SUMMIT = re.compile(r"^the (\w+ )?(summit|meeting|talks)$", re.I)
THE_PRESIDENT = re.compile(r"^the (new |current )?president$", re.I)
NUMBERS = {"three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8}
#: Head words that, alone after "the", stand for the one forum or organisation of the article
#: named with them: "the Council" for the Arctic Council, "the Alliance" for NATO's full name.
GENERIC_HEADS = {"council", "commission", "alliance", "union", "organization", "organisation",
                 "committee", "assembly", "forum", "group", "parliament", "agency", "court",
                 "conference", "bank", "fund", "bloc"}
GENERIC_DEFINITE = re.compile(r"^(?:the|that|this) (" + "|".join(sorted(GENERIC_HEADS)) + r")$",
                              re.I)
#: "the treaty", "that agreement", "the declaration": the treaty named last, or the article's.
THE_TREATY = re.compile(r"^(the|that|this) (treaty|agreement|accord|deal|pact|declaration|"
                        r"memorandum|communiqu[eé]|convention|protocol)$", re.I)
SHORT_NAMED = {"Forum", "Organization"}
#: Head words of the descriptions `_add_definites` resolves; paragraphs without any of them
#: need no noun chunks (which are slow to compute).
DEFINITE_HEADS = {"countries", "country", "sides", "side", "parties", "party", "states",
                  "nations", "powers", "superpowers", "presidents", "leaders", "president",
                  "leader", "summit", "meeting", "talks", "treaty", "agreement", "accord", "deal",
                  "pact", "minister", "chancellor", "secretary", "premier", "king", "queen",
                  "chief", "head", "spokesman", "spokeswoman", "ambassador", "advisor",
                  "adviser", "envoy", "general", "governor", "speaker", "chairman", "chair",
                  "men", "women", "declaration", "memorandum", "communique", "communiqué",
                  "convention", "protocol"} | GENERIC_HEADS
PRONOUNS = {"he": "Person", "him": "Person", "his": "Person", "she": "Person", "her": "Person"}
#: Resolved to the two actors of the sentence before, when it joins exactly two.
PLURAL_PRONOUNS = {"they", "them", "their"}
NER_CLASS = {"PERSON": "Person", "ORG": "Organization", "EVENT": "Event", "LAW": "Treaty"}
TREATY_WORDS = re.compile(r"\b(treaty|agreement|accord|convention|protocol|memorandum|"
                          r"declaration|charter|communiqu[eé]|pact|deal)s?\b", re.I)
_SLUG = re.compile(r"[^a-z0-9]+")


def slug(text: str) -> str:
    import unicodedata

    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return _SLUG.sub("-", text).strip("-")


@dataclass
class Ref:
    """A stretch of tokens that refers to one or more entities."""

    start: int  # token indices in the paragraph's Doc
    end: int
    ids: tuple[str, ...]
    kind: str  # name | metonym | weak | demonym | ner | event | role | pair | pronoun | definite
    mention: bool = True  # counts as the document naming the entity

    def covers(self, token: Token) -> bool:
        return self.start <= token.i < self.end


@dataclass
class Linked:
    """The linking of one document: refs per paragraph, and the entities they point to."""

    docs: list[Doc]
    zones: list[str]
    refs: list[list[Ref]]
    entities: dict[str, Entity] = field(default_factory=dict)
    #: the tokens' attributes of each paragraph, for scans (see `kg.extract.words`)
    words: list[Words] = field(default_factory=list)
    _dominant: dict[str, str | None] = field(default_factory=dict, repr=False)
    #: the texts the paragraphs were parsed from, when known (each is its Doc's text)
    texts: InitVar[list[str] | None] = None

    def __post_init__(self, texts: list[str] | None) -> None:
        if not self.words:
            self.words = [Words.of(doc, text) for doc, text in zip(
                self.docs, texts if texts is not None else [None] * len(self.docs),
                strict=True)]

    def ref_at(self, para: int, token: Token) -> Ref | None:
        """The narrowest reference covering a token ("U.S." inside "the U.S. president")."""
        return self.ref_at_index(para, token.i)

    def ref_at_index(self, para: int, i: int) -> Ref | None:
        """`ref_at` for the token at index `i` (no Token needed)."""
        best = None
        for ref in self.refs[para]:  # Ref.covers, inlined: this runs for most tokens read
            if ref.start <= i < ref.end and (best is None
                                             or ref.end - ref.start < best.end - best.start):
                best = ref
        return best

    def implied(self, p: int, before: int, cls: str) -> str | None:
        """What "the treaty" (of class `cls`) before token `before` of paragraph `p` stands
        for: the one named last, else the one the article is about."""
        return self.recent_of_class(p, before, cls) or self.dominant(cls)

    def dominant(self, cls: str) -> str | None:
        """The entity of `cls` the article is about, when one is: named at least twice and
        at least twice as often as any other of its class ("the treaty" in an op-ed on
        New START that names the INF Treaty once)."""
        if cls not in self._dominant:  # mentions are settled before anything asks
            counts = Counter(i for refs in self.refs for r in refs if r.mention for i in r.ids
                             if TOP_CLASS.get(self.entities[i].cls) == cls)
            ranked = counts.most_common(2)
            self._dominant[cls] = None if not ranked or ranked[0][1] < 2 or len(
                ranked) > 1 and ranked[0][1] < 2 * ranked[1][1] else ranked[0][0]
        return self._dominant[cls]

    def recent_of_class(self, p: int, before: int, cls: str) -> str | None:
        """The entity of `cls` named last before a token (this or one of the three paragraphs
        before), if the last two such names agree: "the treaty" after "New START"."""
        found: list[str] = []
        for q in range(p, p - 4, -1):
            if q < 0:
                continue
            for r in sorted(self.refs[q], key=lambda r: r.start, reverse=True):
                if (q < p or r.end <= before) and r.mention and r.ids and \
                        TOP_CLASS.get(self.entities[r.ids[0]].cls) == cls:
                    found.append(r.ids[0])
            if found:
                break
        return found[0] if found and len(set(found[:2])) == 1 else None


class Linker:
    """Resolves the references of one document; built once per build with the gazetteer."""

    def __init__(self, gazetteer: Gazetteer, lexicon: Lexicon | None = None) -> None:
        self.gaz = gazetteer
        self.lexicon = lexicon
        self.definite_heads = DEFINITE_HEADS | {
            w.lower() for r in gazetteer.roles.values() for t in r.titles for w in t.split()}
        self._entity_of: dict[str, Entity] = {}

    # -- public ---------------------------------------------------------------------------
    def link(self, docs: list[Doc], zones: list[str], date: str | None,
             texts: list[str] | None = None) -> Linked:
        """Link one document's paragraphs (`texts`: the texts they were parsed from)."""
        day = dt.date.fromisoformat(date) if date else None
        linked = Linked(docs, zones, [[] for _ in docs], texts=texts)
        ner_names: dict[tuple[str, str], str] = {}
        for p, doc in enumerate(docs):
            runs = name_runs(doc, linked.words[p])
            for ent in doc.ents:
                first = ent.start + (doc[ent.start].lower_ == "the")
                if any(s <= first and ent.end <= e for s, e, _ in runs):
                    continue  # "Syria" in "the International Syria Support Group"
                ref = self._ref_for(ent, linked, ner_names)
                if ref is not None:
                    linked.refs[p].append(ref)
            for start, end, cls in runs:
                ref = self._ner_ref(doc[start:end], cls, linked, ner_names)
                if ref is not None:
                    linked.refs[p].append(ref)
        self._resolve_places_to_events(linked, day)
        self._resolve_partial_names(linked)
        self._drop_unsupported_weak(linked)
        self._add_definites(linked, day)
        for p in range(len(docs)):
            linked.refs[p].sort(key=lambda r: r.start)
        return linked

    def entity(self, entry: Entry) -> Entity:
        """The entity of a gazetteer entry (made once: every name of it in every article
        asks for it)."""
        made = self._entity_of.get(entry.id)
        if made is None:
            made = self._entity_of[entry.id] = Entity(entry.id, entry.label, entry.cls,
                                                      tuple(entry.aliases), entry.wikidata)
        return made

    # -- names ----------------------------------------------------------------------------
    def _ref_for(self, ent: Span, linked: Linked, ner: dict[tuple[str, str], str]) -> Ref | None:
        if ent.ent_id_ and "|" in ent.ent_id_:
            entry_id, kind = ent.ent_id_.split("|", 1)
            if kind == "place":  # a region: locates, never acts
                return Ref(ent.start, ent.end, (), "place", mention=False)
            entry = self.gaz.get(entry_id)
            linked.entities[entry.id] = self.entity(entry)
            if kind == "metonym" and self._is_place(ent):
                return Ref(ent.start, ent.end, (entry.id,), "place", mention=False)
            return Ref(ent.start, ent.end, (entry.id,), kind)
        if ent.label_ == "NORP":
            entry = self.gaz.state_by_demonym(ent.text)
            if entry is None:
                return None
            linked.entities[entry.id] = self.entity(entry)
            root = ent.root
            while root.dep_ == "conj" and root.head != root:
                root = root.head  # "the Iranian and North Korean nuclear issues"
            issue = root.dep_ in ("amod", "compound", "nmod") and \
                root.head.lemma_.lower() in ISSUE_NOUNS
            return Ref(ent.start, ent.end, (entry.id,), "demonym", mention=issue)
        if ent.label_ == "GPE":
            entry = self.gaz.lookup(ent.text)
            if entry is not None and TOP_CLASS.get(entry.cls) == "State":
                linked.entities[entry.id] = self.entity(entry)
                return Ref(ent.start, ent.end, (entry.id,), "name")
            return Ref(ent.start, ent.end, (), "place", mention=False)
        cls = NER_CLASS.get(ent.label_)
        if cls is None:
            return None
        entry = self.gaz.lookup(ent.text)
        if entry is not None:
            linked.entities[entry.id] = self.entity(entry)
            return Ref(ent.start, ent.end, (entry.id,), "name")
        span = _trim(ent)
        if span is None:
            return None
        return self._ner_ref(span, cls, linked, ner)

    def _ner_ref(self, span: Span, cls: str, linked: Linked, ner: dict[tuple[str, str], str]
                 ) -> Ref | None:
        """A name the gazetteer does not know, as an entity of its own (one per document for
        every spelling of the same name)."""
        if not _plausible_name(span, cls):
            return None
        if self.lexicon is not None and not self.lexicon.is_entity_name(span.text):
            return None
        if cls == "Treaty" and not TREATY_WORDS.search(span.text):
            return None
        name = " ".join(span.text.split())
        key = (cls, _norm(name))
        if key not in ner:
            ner[key] = f"ner/{cls.lower()}/{slug(name)}"
        eid = ner[key]
        confidence = 0.75 if len(span) > 1 else 0.6
        prev = linked.entities.get(eid)
        linked.entities[eid] = Entity(eid, name if prev is None else prev.label, cls,
                                      origin="ner", confidence=confidence)
        return Ref(span.start, span.end, (eid,), "ner")

    def _is_place(self, ent: Span) -> bool:
        """A capital that only locates something: "a summit in Moscow", "the visit to Moscow"."""
        head = ent.root.head
        if ent.root.dep_ == "pobj" and head.lower_ in LOCATIVE:
            governor = head.head
            if governor.lemma_.lower() in GATHERING:
                return True
            if head.lower_ in ("in", "at") and governor.pos_ == "VERB":
                return True  # "signed in Prague", "spoke in Geneva": where it happened
            if head.lower_ == "in" and governor.pos_ in ("NOUN", "PROPN") and \
                    governor.lemma_.lower() not in {"interest", "role", "participation"}:
                return True
        return False

    # -- events ---------------------------------------------------------------------------
    def _events(self) -> list[Entry]:
        """The gazetteer's events (computed once: the gazetteer does not change)."""
        if not hasattr(self, "_event_list"):
            self._event_list = [e for e in self.gaz.entries.values()
                                if TOP_CLASS.get(e.cls) == "Event"]
        return self._event_list

    def _events_at(self, place: str) -> list[Entry]:
        """The events held at a place, by its normalised name (an index built once)."""
        if not hasattr(self, "_events_by_place"):
            self._events_by_place: dict[str, list[Entry]] = {}
            for e in self._events():
                if e.place:
                    self._events_by_place.setdefault(_norm(e.place), []).append(e)
        return self._events_by_place.get(_norm(place), [])

    def _pick_event(self, events: list[Entry], day: dt.date | None) -> Entry | None:
        if not events:
            return None
        if day is not None:
            dated = [e for e in events if e.date and abs((e.date - day).days) <= 400]
            if len(dated) == 1:
                return dated[0]
            return None
        return events[0] if len(events) == 1 else None

    def _resolve_places_to_events(self, linked: Linked, day: dt.date | None) -> None:
        """"meeting in Hamburg", "after Helsinki", "the Putin–Trump summit" → the event."""
        named_events = {i for refs in linked.refs for r in refs for i in r.ids
                        if r.mention and TOP_CLASS.get(linked.entities[i].cls) == "Event"}
        events = self._events()
        for p, doc in enumerate(linked.docs):
            new: list[Ref] = []
            for ref in linked.refs[p]:
                if ref.kind != "place":
                    new.append(ref)
                    continue
                place = doc[ref.start:ref.end].text
                here = self._events_at(place)
                already = [e for e in here if e.id in named_events]
                head = doc[ref.start:ref.end].root.head
                gathering = head.lower_ == "in" and head.head.lemma_.lower() in SUMMIT_NOUNS
                pick = (already[0] if len(already) == 1 else
                        self._pick_event(here, day) if gathering else None)
                if pick is None and not already and here:
                    pick = self._event_in_sentence(linked, p, doc[ref.start], here, head)
                if pick is not None:
                    linked.entities[pick.id] = self.entity(pick)
                    new.append(Ref(ref.start, ref.end, (pick.id,), "event"))
                elif gathering and not here:
                    label = f"{place} {head.head.lemma_.lower()}"
                    eid = f"ner/event/{slug(label)}"
                    linked.entities[eid] = Entity(
                        eid, label, "Event", (f"{head.head.text} in {place}",),
                        origin="ner", confidence=0.5)
                    new.append(Ref(ref.start, ref.end, (eid,), "event"))
                else:
                    new.append(ref)
            linked.refs[p] = new
        # "the Putin–Trump summit": two people joined by a dash before a summit noun
        for p, doc in enumerate(linked.docs):
            lemmas = linked.words[p].lemma
            for i in range(len(doc)):
                if lemmas[i] not in SUMMIT_NOUNS:
                    continue
                tok = doc[i]
                people = []
                for ref in linked.refs[p]:
                    if ref.end <= tok.i and ref.start >= tok.i - 4 and ref.ids and \
                            linked.entities[ref.ids[0]].cls == "Person":
                        people.append(ref.ids[0])
                if len(set(people)) != 2:
                    continue
                cands = [e for e in events if set(people) <= set(e.participants)
                         and not self._multilateral(e)]
                pick = self._pick_event(cands, day) or (
                    next((e for e in cands if e.id in named_events), None))
                if pick is None and day is None:
                    pick = self._pick_event(cands, self._inferred_day(linked))
                if pick is not None:
                    linked.entities[pick.id] = self.entity(pick)
                    first = min(r.start for r in linked.refs[p]
                                if r.ids and r.ids[0] in people and r.end <= tok.i)
                    linked.refs[p] = [r for r in linked.refs[p]
                                      if not (first <= r.start and r.end <= tok.i + 1)]
                    linked.refs[p].append(Ref(first, tok.i + 1, (pick.id,), "event"))
                    named_events.add(pick.id)

    def _event_in_sentence(self, linked: Linked, p: int, tok: Token, here: list[Entry],
                           head: Token) -> Entry | None:
        """The event at a place that its sentence pins down: its year is written ("in Hanoi
        in February 2019"), or its participants met there ("Biden and Putin met in Geneva")."""
        sent = tok.sent
        years = {int(t.text) for t in sent if t.like_num and len(t.text) == 4
                 and t.text.isdigit()}
        dated = [e for e in here if e.date and e.date.year in years]
        if len(dated) == 1:
            return dated[0]
        if head.lower_ in ("in", "at") and head.head.lemma_.lower() in MEETING_VERBS:
            people = {i for r in linked.refs[p] if sent.start <= r.start < sent.end
                      for i in r.ids if linked.entities[i].cls == "Person"}
            met = [e for e in here if e.participants and set(e.participants) <= people]
            if len(met) == 1:
                return met[0]
        return None

    def _multilateral(self, event: Entry) -> bool:
        """An event named after a forum ("2019 G20 Osaka summit") is not an "X–Y summit"."""
        if not hasattr(self, "_forum_names"):
            names = {n for e in self.gaz.entries.values() if TOP_CLASS.get(e.cls) == "Forum"
                     for n in e.names if len(n) >= 2}
            self._forum_names = re.compile(
                r"\b(" + "|".join(sorted(map(re.escape, names), key=len, reverse=True)) + r")\b")
        return bool(self._forum_names.search(event.label))

    def _inferred_day(self, linked: Linked) -> dt.date | None:
        """For an undated article: a day inside the terms of the officials it names with titles.

        "US National Security Advisor John Bolton" places the text in 2018–2019.
        """
        lo, hi = dt.date.min, dt.date.max
        found = False
        for p, doc in enumerate(linked.docs):
            for ref in linked.refs[p]:
                if not ref.ids or linked.entities[ref.ids[0]].cls != "Person":
                    continue
                entry = self.gaz.entries.get(ref.ids[0])
                if entry is None or not entry.roles:
                    continue
                before = doc[max(0, ref.start - 4):ref.start].text.lower()
                for role in entry.roles:
                    rdef = self.gaz.roles.get(role.role)
                    if rdef and any(t.lower() in before for t in rdef.titles) and \
                            role.role not in ("president", "prime-minister"):
                        lo = max(lo, role.start or dt.date.min)
                        hi = min(hi, role.end or dt.date.max)
                        found = True
        if not found or lo > hi:
            return None
        return lo + (hi - lo) / 2 if hi != dt.date.max else lo

    # -- partial names, weak aliases, definites -------------------------------------------
    def _resolve_partial_names(self, linked: Linked) -> None:
        """"Smith" after "John Smith": one entity, named by its full name."""
        full: dict[str, str] = {}
        for refs in linked.refs:
            for ref in refs:
                for i in ref.ids:
                    ent = linked.entities[i]
                    if ent.cls == "Person" and " " in ent.label:
                        full.setdefault(ent.label.split()[-1].lower(), i)
        for refs in linked.refs:
            for k, ref in enumerate(refs):
                if ref.kind != "ner" or not ref.ids:
                    continue
                ent = linked.entities[ref.ids[0]]
                if ent.cls == "Organization" and ent.label.lower() in GENERIC_HEADS:
                    # "the Council" in an article on the Arctic Council
                    short = self._short_name(linked, ent.label.lower())
                    refs[k] = Ref(ref.start, ref.end, (short,) if short else (),
                                  "definite" if short else "ner", mention=False)
                elif ent.cls == "Person" and " " not in ent.label:
                    target = full.get(ent.label.lower())
                    if target and target != ent.id:
                        refs[k] = Ref(ref.start, ref.end, (target,), "name")
                    elif target is None:
                        refs[k] = Ref(ref.start, ref.end, ref.ids, "ner", mention=False)
        used = {i for refs in linked.refs for r in refs if r.mention for i in r.ids}
        for eid in [e for e in linked.entities if e not in used and (
                e.startswith("ner/person/") or e.startswith("ner/organization/")
                and linked.entities[e].label.lower() in GENERIC_HEADS)]:
            del linked.entities[eid]

    def _short_name(self, linked: Linked, head: str) -> str | None:
        """The one forum or organisation the article names whose name ends in `head`."""
        found = {i for refs in linked.refs for r in refs if r.mention and r.kind != "ner"
                 for i in r.ids if TOP_CLASS.get(linked.entities[i].cls) in SHORT_NAMED
                 and linked.entities[i].label.lower().split()[-1] == head}
        return found.pop() if len(found) == 1 else None

    def _drop_unsupported_weak(self, linked: Linked) -> None:
        named = {i for refs in linked.refs for r in refs if r.mention and r.kind != "weak"
                 for i in r.ids}
        for refs in linked.refs:
            for k, ref in enumerate(refs):
                if ref.kind == "weak":
                    entry = self.gaz.get(ref.ids[0])
                    if not set(entry.requires) <= named:
                        refs[k] = Ref(ref.start, ref.end, ref.ids, "weak", mention=False)

    def _add_definites(self, linked: Linked, day: dt.date | None) -> None:
        """Group descriptions, pronouns and titles without names (not mentions: references)."""
        counts: Counter[str] = Counter(i for refs in linked.refs for r in refs if r.mention
                                       for i in r.ids)
        states = [i for i, n in counts.most_common() if linked.entities[i].cls == "State"]
        pair_states = tuple(states[:2]) if len(states) >= 2 and counts[states[1]] >= 2 else ()
        summits = sorted({i for i in counts if TOP_CLASS.get(linked.entities[i].cls) == "Event"
                          and self._is_summit(i)}) or self._reported_summit(counts, day)
        people_seen: list[str] = []
        for p, doc in enumerate(linked.docs):
            taken = {t for r in linked.refs[p] for t in range(r.start, r.end)}
            lowers = linked.words[p].lower
            chunks = (_noun_chunks(doc, linked.words[p])
                      if not self.definite_heads.isdisjoint(lowers) else [])
            for chunk in chunks:
                if chunk.root.i in taken:
                    continue
                holder = self._role_holder(chunk, linked, p, day)
                if holder is not None:
                    linked.refs[p].append(Ref(chunk.start, chunk.end, (holder,), "role", False))
                    continue
                if any(i in taken for i in range(chunk.start, chunk.end)):
                    continue
                words = linked.words[p]
                text = " ".join(words.text[i] for i in range(chunk.start, chunk.end)
                                if words.dep[i] != "poss" or i == chunk.start)
                if pair_states and PAIR_STATE.match(text) and not _restricted(chunk):
                    linked.refs[p].append(Ref(chunk.start, chunk.end, pair_states, "pair", False))
                elif PAIR_PEOPLE.match(text):  # "both men": the last two people named
                    last = tuple(dict.fromkeys(reversed(people_seen + self._people_before(
                        linked, p, chunk.start))))[:2]
                    if len(last) == 2:
                        linked.refs[p].append(Ref(chunk.start, chunk.end, last, "pair", False))
                elif PAIR_PERSON.match(text) and chunk[-1].tag_ == "NNS":
                    heads = self._heads_of(day, people_seen + self._people_before(
                        linked, p, chunk.start))
                    if len(heads) == 2:
                        linked.refs[p].append(Ref(chunk.start, chunk.end, heads, "pair", False))
                elif (group := GROUP_PERSON.match(text)) and chunk.root.tag_ == "NNS":
                    before = self._people_before(linked, p, chunk.start)
                    if p > 0:
                        before = self._people_before(linked, p - 1, len(linked.docs[p - 1])) \
                            + before
                    named = tuple(dict.fromkeys(before))
                    if len(named) == NUMBERS[group[1].lower()]:
                        linked.refs[p].append(Ref(chunk.start, chunk.end, named, "pair", False))
                elif (m := GENERIC_DEFINITE.match(text)) and (
                        short := self._short_name(linked, m[1].lower())):
                    linked.refs[p].append(Ref(chunk.start, chunk.end, (short,), "definite",
                                              False))
                elif THE_TREATY.match(text) and (
                        treaty := linked.implied(p, chunk.start, "Treaty")):
                    linked.refs[p].append(Ref(chunk.start, chunk.end, (treaty,), "definite", False))
                elif len(summits) == 1 and THE_SUMMIT.match(text):
                    linked.refs[p].append(
                        Ref(chunk.start, chunk.end, (summits[0],), "definite", False))
                    if summits[0] not in linked.entities:
                        linked.entities[summits[0]] = self.entity(self.gaz.get(summits[0]))
                elif THE_PRESIDENT.match(text):
                    holder = self._current_president(
                        people_seen + self._people_before(linked, p, chunk.start), day)
                    if holder:
                        linked.refs[p].append(Ref(chunk.start, chunk.end, (holder,), "role", False))
            # pronouns: the last person named in this or the previous sentence, if only one
            for i, low in enumerate(lowers):
                if i in taken or low not in PRONOUNS and low != "it" and \
                        low not in PLURAL_PRONOUNS:
                    continue
                tok = doc[i]
                if low in PRONOUNS:
                    persons = self._recent_people(linked, p, tok)
                    if len(persons) == 1:
                        linked.refs[p].append(Ref(i, i + 1, (persons[0],), "pronoun", False))
                elif low == "it" and self._treaty_object(tok) and (
                        treaty := linked.implied(p, i, "Treaty")):
                    # "Russia signed it in 1996 and ratified it in 2000"
                    linked.refs[p].append(Ref(i, i + 1, (treaty,), "pronoun", False))
                elif low in PLURAL_PRONOUNS and (pair := self._recent_pair(linked, p, tok)):
                    linked.refs[p].append(Ref(i, i + 1, pair, "pair", False))
            for ref in sorted(linked.refs[p], key=lambda r: r.start):
                if ref.mention and ref.ids and linked.entities[ref.ids[0]].cls == "Person":
                    people_seen.append(ref.ids[0])

    def _role_holder(self, chunk: Span, linked: Linked, p: int, day: dt.date | None
                     ) -> str | None:
        """ "the U.S. president", "Russia's foreign minister", "the President of France": the
        one person the gazetteer says held that office of that state on the article's day."""
        if day is None:
            return None
        root = chunk.root
        words = linked.words[p]
        title = " ".join(words.text[i] for i in range(max(chunk.start, root.i - 2), chunk.end)
                         if words.pos[i] in ("NOUN", "PROPN")
                         and words.ent_type[i] not in ("GPE", "NORP")
                         and not linked.ref_at_index(p, i))
        rdef = self.gaz.role_by_title(title) if title else None
        if rdef is None:
            return None
        states: list[str] = []
        for t in chunk:
            if t.i >= root.i:
                break
            ref = linked.ref_at(p, t)
            if ref is not None and ref.ids and linked.entities[ref.ids[0]].cls == "State":
                states.append(ref.ids[0])
        for prep in root.children:
            if prep.dep_ == "prep" and prep.lower_ == "of":
                for o in prep.children:
                    ref = linked.ref_at(p, o)
                    if o.dep_ == "pobj" and ref is not None and ref.ids:
                        states.append(ref.ids[0])
        if len(set(states)) != 1:
            return None
        holders = self.gaz.holders(rdef.id, states[0], day)
        if len(holders) != 1:
            return None
        linked.entities[holders[0].id] = self.entity(holders[0])
        return holders[0].id

    def _people_before(self, linked: Linked, p: int, before: int) -> list[str]:
        return [r.ids[0] for r in sorted(linked.refs[p], key=lambda r: r.start)
                if r.end <= before and r.mention and r.ids
                and linked.entities[r.ids[0]].cls == "Person"]

    def _reported_summit(self, counts: Counter[str], day: dt.date | None) -> list[str]:
        """The summit an article reports on without naming it: a gazetteer summit of the
        last few days before the article's date whose participants the article names."""
        if day is None:
            return []
        found = [e for e in self._events() if e.date and 0 <= (day - e.date).days <= 3
                 and e.participants and all(p in counts for p in e.participants)]
        if len(found) != 1:
            return []
        return [found[0].id]

    def _is_summit(self, eid: str) -> bool:
        entry = self.gaz.entries.get(eid)
        if entry is not None:
            return bool(entry.participants)
        return eid.endswith(("-summit", "-meeting"))

    def _heads_of(self, day: dt.date | None, seen: list[str]) -> tuple[str, ...]:
        """ "the two presidents": the two leaders named last, if they are heads of state or
        government (on the article's day when it is known)."""
        out: list[str] = []
        for eid in dict.fromkeys(reversed(seen)):
            entry = self.gaz.entries.get(eid)
            if entry is None:
                continue
            if any((rd := self.gaz.roles.get(r.role)) and rd.kind in (
                    "head-of-state", "head-of-government") and
                    (day is None or r.active_on(day)) for r in entry.roles):
                out.append(eid)
            if len(out) == 2:
                break
        return tuple(out)

    def _current_president(self, seen: list[str], day: dt.date | None) -> str | None:
        for eid in reversed(seen):
            entry = self.gaz.entries.get(eid)
            if entry and any(r.role == "president" and (day is None or r.active_on(day))
                             for r in entry.roles):
                return eid
        return None

    def _treaty_object(self, tok: Token) -> bool:
        """ "it" as what is signed, ratified, extended or left: a treaty."""
        lex = self.lexicon
        if lex is None:
            return False
        verbs = lex.rel("signs", "verbs") | lex.rel("partyTo", "verbs") | lex.cue(
            "commitments", "keep") | lex.cue("commitments", "break")
        head = tok.head.head if tok.dep_ == "pobj" else tok.head
        return tok.dep_ in ("dobj", "pobj", "nsubjpass") and head.lemma_.lower() in verbs

    def _recent_pair(self, linked: Linked, p: int, tok: Token) -> tuple[str, ...]:
        """ "Biden met Putin in Geneva. They agreed to ...": the two actors the sentence before
        joins, as coordinated subjects or as a subject and the partner of a contact verb, when
        they are of one class and nothing plural comes between."""
        if any(t.tag_ in ("NNS", "NNPS") or t.lower_ in PLURAL_PRONOUNS
               for t in tok.sent if t.i < tok.i):
            return ()
        doc = linked.docs[p]
        if tok.sent.start > 0:
            q, prev = p, doc[tok.sent.start - 1].sent
        elif p > 0 and len(linked.docs[p - 1]):
            q, prev = p - 1, list(linked.docs[p - 1].sents)[-1]
        else:
            return ()
        root = prev.root

        def actor(t: Token) -> str | None:
            ref = linked.ref_at(q, t)
            if ref is None or not ref.mention or len(ref.ids) != 1:
                return None
            return ref.ids[0] if linked.entities[ref.ids[0]].cls in ("Person", "State") else None

        subjects = [c for c in root.children if c.dep_ == "nsubj"]
        if not subjects:
            return ()
        ref = linked.ref_at(q, subjects[0])
        if ref is not None and ref.kind == "pair" and len(ref.ids) == 2 and \
                not subjects[0].conjuncts:  # "The presidents agreed ... They also ..."
            return ref.ids
        found = [actor(t) for t in [subjects[0], *subjects[0].conjuncts]]
        lex = self.lexicon
        contact = lex.rel("meetsWith", "verbs") | lex.rel("meetsWith", "partner_verbs") | \
            lex.rel("cooperatesWith", "verbs") if lex is not None else frozenset()
        if len(found) == 1 and root.lemma_.lower() in contact:
            found += [actor(o) for c in root.children if c.dep_ == "dobj" or
                      c.dep_ == "prep" and c.lower_ == "with"
                      for o in ([c] if c.dep_ == "dobj" else
                                [x for x in c.children if x.dep_ == "pobj"])]
        pair = tuple(dict.fromkeys(i for i in found if i))
        if len(pair) != 2 or len(found) != 2 or \
                linked.entities[pair[0]].cls != linked.entities[pair[1]].cls:
            return ()
        return pair

    def _recent_people(self, linked: Linked, p: int, tok: Token) -> list[str]:
        """Antecedent candidates of a pronoun: in its own sentence the nearest person who is a
        subject or possessor ("Donald Trump's mood and his wish"), else the people of the
        previous sentence (one of them: resolved; several: ambiguous, nothing)."""
        sent = tok.sent
        doc = linked.docs[p]
        here = [r for r in linked.refs[p] if r.ids and r.mention and sent.start <= r.start
                and r.end <= tok.i and linked.entities[r.ids[0]].cls == "Person"]
        prominent = [r for r in here if doc[r.end - 1].dep_ in ("nsubj", "nsubjpass", "poss")
                     or doc[r.start:r.end].root.dep_ in ("nsubj", "nsubjpass", "poss")]
        if prominent:
            return [prominent[-1].ids[0]]
        if here:
            return list(dict.fromkeys(r.ids[0] for r in here))
        prev_start = doc[sent.start - 1].sent.start if sent.start > 0 else sent.start
        found = [r.ids[0] for r in linked.refs[p]
                 if r.ids and r.mention and prev_start <= r.start < sent.start
                 and linked.entities[r.ids[0]].cls == "Person"]
        if not found and p > 0 and sent.start == 0 and linked.zones[p - 1] in (
                "body", "title", "subtitle", "heading"):  # not the byline, a caption, ...
            prev = linked.docs[p - 1]
            last = list(prev.sents)[-1] if len(prev) else None
            found = [r.ids[0] for r in linked.refs[p - 1] if r.ids and r.mention and last
                     and r.start >= last.start and linked.entities[r.ids[0]].cls == "Person"]
        return list(dict.fromkeys(found))


#: The dependency labels and parts of speech of a noun chunk's head, as spaCy's English
#: `noun_chunks` has them.
_NP_DEPS = frozenset({"oprd", "nsubj", "dobj", "nsubjpass", "pcomp", "pobj", "dative",
                      "appos", "attr", "ROOT"})
_NP_POS = frozenset({"NOUN", "PROPN", "PRON"})


def _noun_chunks(doc: Doc, words: Words) -> list[Span]:
    """The noun chunks, each preceded by its possessor when that is a phrase of its own:
    "the council" of "the council's full work".

    The chunks are those of spaCy's English `doc.noun_chunks`, found the same way but on
    the token lists of `words`: spaCy's iterator builds a Token object for every token of
    the paragraph, and that was most of the time `_add_definites` took.
    """
    if not doc.has_annotation("DEP"):
        return []
    pos, dep, lower = words.pos, words.dep, words.lower
    heads: list[int] | None = None
    out = []
    prev_end = -1
    for i, tag in enumerate(pos):
        if tag not in _NP_POS:
            continue
        start = doc[i].left_edge.i
        if start <= prev_end:  # no chunk inside another
            continue
        if dep[i] not in _NP_DEPS:
            if dep[i] != "conj":
                continue
            heads = heads if heads is not None else _heads(doc)
            head = heads[i]  # coordinated to a chunk's head: a chunk too
            while dep[head] == "conj" and heads[head] < head:
                head = heads[head]
            if dep[head] not in _NP_DEPS:
                continue
        prev_end = i
        chunk = Span(doc, start, i + 1)  # (a slice, doc[a:b], costs more)
        if lower[start] in ("the", "this", "that"):
            for t in range(start + 1, i + 1):
                if dep[t] == "poss" and pos[t] in ("NOUN", "PROPN"):
                    heads = heads if heads is not None else _heads(doc)
                    if heads[t] == chunk.root.i:
                        out.append(Span(doc, start, t + 1))
        out.append(chunk)
    return out


def _heads(doc: Doc) -> list[int]:
    """Each token's head, by index."""
    return [i + offset for i, offset in enumerate(doc.to_array(HEAD).astype("int64").tolist())]


def _restricted(chunk: Span) -> bool:
    """ "the countries that backed the resolution": a description that says which ones, not
    a reference back to the two the article is about."""
    return chunk[0].lower_ == "the" and any(
        c.dep_ in ("relcl", "acl") for c in chunk.root.children)


def _trim(ent: Span) -> Span | None:
    start, end = ent.start, ent.end
    doc = ent.doc
    while start < end and doc[start].lower_ in {"the", "a", "an"}:
        start += 1
    while end > start and doc[end - 1].text in {"'s", "’s", "'", "’", ".", ","}:
        end -= 1
    return doc[start:end] if end > start else None


def _plausible_name(span: Span, cls: str) -> bool:
    text = span.text
    if not text[:1].isupper() or any(c.isdigit() for c in text) and cls == "Person":
        return False
    if len(text) < 3 or "\n" in text or "http" in text or "/" in text:
        return False
    if cls == "Person" and not all(t.text[:1].isupper() or t.text in {"-", "al", "bin", "de",
                                                                      "van", "von"}
                                   for t in span):
        return False
    if span[-1].lower_ in ("of", "the", "and", "for", "on", "in") or span[-1].pos_ == "ADP":
        return False  # a name cut short or run on: "Council of", "Council from"
    located = span.root.dep_ == "pobj" and span.root.head.lower_ in (
        ("at", "on") if cls == "Organization" else ("at",))
    if located or cls == "Organization" and any(c.isdigit() for c in text):
        return False  # "at Lop Nur" is a place; "Kosmos-1408" is a satellite
    words = [t for t in span if t.lower_ != "the"]
    if len(words) > 2 and words[0].lower_ in ACT_ON_TREATY and words[1].lower_ == "of":
        return False  # "Ratification of the Test Ban Treaty" is an act, not a name
    return not all(t.is_stop or t.is_punct for t in span)


ACT_ON_TREATY = {"ratification", "withdrawal", "suspension", "signing", "extension",
                 "implementation", "revocation"}


_NORM_POSSESSIVE = re.compile(r"[’'`´]s\b")
_NORM_PUNCT = re.compile(r"[^\w\s]")
_NORM_THE = re.compile(r"^the ")


def _norm(text: str) -> str:
    text = _NORM_POSSESSIVE.sub("", text.casefold())
    text = _NORM_PUNCT.sub(" ", text)
    return _NORM_THE.sub("", " ".join(text.split()))
