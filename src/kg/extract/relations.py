"""Relations from the dependency parse: trigger words (lexicon) linked to both parties.

Each rule reads one grammatical construction; a relation needs a path in the parse between
its trigger and both its parties — appearing in one sentence is not enough. Factuality
(modality, negation) is read on the trigger's clause and kept with the relation.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator
from typing import TYPE_CHECKING

from spacy.tokens import Span, Token

from kg.extract.refs import ACTORS, entities, ids_at, led_state, speakers_of, top_class
from kg.extract.syntax import agents, conjuncts, evidence, factuality, objects, subjects
from kg.model import ASSERTED, Statement

if TYPE_CHECKING:
    from kg.extract import Context

SYMMETRIC = {"meetsWith", "cooperatesWith"}
#: Which classes each relation type connects (subject, object).
SIGNATURE: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "meetsWith": (ACTORS, ACTORS),
    "cooperatesWith": (ACTORS, ACTORS),
    "sanctions": (ACTORS, ACTORS),
    "signs": (ACTORS, frozenset({"Treaty"})),
    "memberOf": (frozenset({"State", "Organization", "Person"}),
                 frozenset({"Forum", "Organization"})),
    "partyTo": (frozenset({"State", "Organization"}), frozenset({"Treaty"})),
    "chairs": (ACTORS, frozenset({"Forum", "Organization"})),
    "leads": (frozenset({"Person"}), frozenset({"State", "Organization"})),
}
PREPS = {
    "meetsWith": {"with"},
    "cooperatesWith": {"with"},
    "sanctions": {"against", "on"},
    "signs": set(),
    "memberOf": {"to", "in"},
    "partyTo": {"from", "with", "to"},
    "chairs": {"over", "of"},
}
RECIPROCAL = {"each", "one", "other", "another"}
#: Relations only a state (or an organisation) has: a head of state acting so acts for it.
STATE_ACTS = {"sanctions", "partyTo"}


def extract_relations(ctx: Context) -> list[Statement]:
    found: dict[tuple, Statement] = {}
    for p in ctx.claim_paragraphs:
        doc = ctx.linked.docs[p]
        if ctx.document.paragraphs[p].zone in ("title", "subtitle"):
            continue
        for sent in doc.sents:
            if len(ctx.refs_in(p, sent)) < 1:
                continue  # a relation needs named parties
            for st in _sentence_relations(ctx, p, sent):
                if st.subject == st.object:
                    continue
                key = st.key
                if key in found:
                    found[key].evidence.extend(st.evidence)
                else:
                    found[key] = st
    for st in found.values():
        st.evidence = list({(e.start, e.end): e for e in st.evidence}.values())
    return list(found.values())


def _sentence_relations(ctx: Context, p: int, sent: Span) -> Iterator[Statement]:
    triggers = ctx.lexicon.triggers
    for tok in sent:
        lemma = tok.lemma_.lower()
        found = triggers.get(lemma, ()) + (triggers.get(tok.lower_, ()) if tok.lower_ != lemma
                                           else ())
        for rtype, kind in found:
            if kind == "verbs" and tok.pos_ in ("VERB", "AUX") or (
                    kind == "partner_verbs" and tok.pos_ == "VERB" and _with_partner(tok)):
                yield from _verb_frame(ctx, p, sent, tok, rtype)
            elif kind == "nouns" and tok.pos_ in ("NOUN", "PROPN"):
                yield from _noun_frame(ctx, p, sent, tok, rtype)
            elif kind == "imposing_verbs" and tok.pos_ == "VERB":
                yield from _imposed_sanctions(ctx, p, sent, tok)
            elif kind == "attending_verbs" and tok.pos_ == "VERB":
                yield from _attendance(ctx, p, sent, tok)
    yield from _hosted_meeting(ctx, p, sent)
    yield from _composition(ctx, p, sent)
    yield from _listed_members(ctx, p, sent)
    yield from _leads(ctx, p, sent)
    yield from _treaty_parties(ctx, p, sent)


def _with_partner(verb: Token) -> bool:
    """ "spoke with Y", "spoke by phone", "spoke to each other" — not "spoke in favor of"."""
    for c in verb.children:
        if c.dep_ == "prep" and c.lower_ in ("with", "to"):
            return True
        if c.dep_ == "prep" and any(o.lower_ in ("phone", "telephone", "video", "videolink")
                                    for o in c.subtree):
            return True
    return False


def _make(ctx: Context, p: int, sent: Span, rtype: str, a: str, b: str, trigger: Token,
          rule: str, confidence: float, *, presupposed: bool = False) -> Statement | None:
    if rtype == "chairs" and top_class(ctx, a) == "Person" and top_class(
            ctx, b) == "Organization":
        rtype = "leads"  # a person chairing a body heads it; "chairs" is for forums
    if rtype in STATE_ACTS and top_class(ctx, a) == "Person":
        a = led_state(ctx, a) or a  # "President Trump reimposed sanctions on Iran"
    subj_ok, obj_ok = SIGNATURE[rtype]
    if a == b or top_class(ctx, a) not in subj_ok or top_class(ctx, b) not in obj_ok:
        return None
    modality, negated = (ASSERTED, False) if presupposed else factuality(trigger)
    speakers = speakers_of(ctx, p, trigger)
    return Statement("relation", rtype, a, b, modality=modality, negated=negated,
                     attributed_to=speakers[0] if speakers else ctx.author,
                     evidence=[evidence(ctx, p, sent, f"relation.{rtype}.{rule}", confidence)])


def _pairs(ctx: Context, p: int, sent: Span, rtype: str, subs: list[str], objs: list[str],
           trigger: Token, rule: str, confidence: float, presupposed: bool = False
           ) -> Iterator[Statement]:
    for a in subs:
        for b in objs:
            st = _make(ctx, p, sent, rtype, a, b, trigger, rule, confidence,
                       presupposed=presupposed)
            if st:
                yield st


def _verb_frame(ctx: Context, p: int, sent: Span, verb: Token, rtype: str
                ) -> Iterator[Statement]:
    """X met (with) Y / X and Y met / X signed Y / X withdrew from Y."""
    if any(c.dep_ in ("oprd", "ccomp") or c.dep_ == "xcomp" and c.pos_ == "NOUN"
           for c in verb.children):
        return  # "Biden called Putin a killer" names, it does not phone
    subj_tokens = subjects(verb) or agents(verb)
    subs = entities(ctx, p, subj_tokens)
    by = agents(verb)
    if by and verb.tag_ == "VBN" and verb.dep_ in ("acl", "advcl") and not any(
            c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
        # a reduced passive: "the Duma, chaired by Volodin"; "Signed by X and Y, the treaty"
        patients = conjuncts(verb.head) if verb.dep_ == "acl" else subjects(verb.head)
        subs, objs = entities(ctx, p, by), entities(ctx, p, patients)
    elif any(c.dep_ == "nsubjpass" for c in verb.children):
        subs, objs = entities(ctx, p, agents(verb)), entities(ctx, p, subj_tokens)
        if rtype == "signs" and not subs:
            # "the deal was concluded between Iran and the P5+1": its parties
            between = entities(ctx, p, objects(verb, {"between"}),
                               frozenset({"State", "Organization"}))
            yield from _pairs(ctx, p, sent, "partyTo", between, objs, verb, "between", 0.7)
    else:
        obj_tokens = objects(verb, PREPS.get(rtype, set()))
        through = ctx.lexicon.rel(rtype, "through")
        obj_tokens += [t for o in obj_tokens if o.lemma_.lower() in through
                       for t in objects(o, {"in", "of", "to", "under"})]
        objs = entities(ctx, p, obj_tokens)
    reciprocal = any(t.lower_ in RECIPROCAL for t in verb.subtree)
    if rtype == "signs" and len(subs) >= 2 and not objs and any(
            o.lemma_.lower() in ctx.lexicon.rel("cooperatesWith", "joint_documents")
            for o in objects(verb, set())):
        for a, b in itertools.combinations(subs, 2):  # "X and Y signed a joint statement"
            st = _make(ctx, p, sent, "cooperatesWith", a, b, verb, "joint-signing", 0.7)
            if st:
                yield st
    if rtype in SYMMETRIC and len(subs) >= 2 and (not objs or reciprocal):
        for a, b in itertools.combinations(subs, 2):
            st = _make(ctx, p, sent, rtype, a, b, verb, "verb-reciprocal", 0.8)
            if st:
                yield st
    yield from _pairs(ctx, p, sent, rtype, subs, objs, verb, "verb", 0.8)


def _noun_frame(ctx: Context, p: int, sent: Span, noun: Token, rtype: str
                ) -> Iterator[Statement]:
    """A meeting between X and Y; X's talks with Y; X, chair of Y; X is a member of Y."""
    if rtype == "sanctions":
        yield from _sanction_noun(ctx, p, sent, noun)
        return
    parties: list[str] = []
    others: list[str] = []
    for c in noun.children:
        if c.dep_ == "poss":
            parties += _possessor(ctx, p, sent, c)
        elif c.dep_ == "prep" and c.lower_ in ("between", "among", "of") and rtype in SYMMETRIC:
            parties += entities(ctx, p, [t for o in c.children if o.dep_ == "pobj"
                                         for t in conjuncts(o)])
        elif c.dep_ == "prep" and c.lower_ in PREPS.get(rtype, set()) | {"of"}:
            others += entities(ctx, p, [t for o in c.children if o.dep_ == "pobj"
                                        for t in conjuncts(o)])
    if rtype in SYMMETRIC:
        if not parties and not others:
            # "X and Y were in (constant) contact (with each other)"
            gov = noun.head.head if noun.dep_ == "pobj" else None
            if gov is not None and any(t.lower_ in RECIPROCAL for t in gov.subtree):
                parties = entities(ctx, p, subjects(gov))
        everyone = list(dict.fromkeys(parties + others))
        if parties and others:
            pairs = [(a, b) for a in parties for b in others]
        else:
            pairs = list(itertools.combinations(everyone, 2))
        for a, b in pairs:
            st = _make(ctx, p, sent, rtype, a, b, noun, "noun", 0.75)
            if st:
                yield st
        return
    # chairs / memberOf / partyTo / signs: the holder is whoever the noun is predicated of
    holders = _predicated_of(ctx, p, noun)
    if rtype in ("memberOf", "partyTo") and not others:
        # "the treaty's two remaining parties, Russia and the United States"
        others = [i for c in noun.children if c.dep_ == "poss"
                  for i in entities(ctx, p, [c], SIGNATURE[rtype][1])]
    if rtype == "chairs" and noun.dep_ == "dobj":
        holders += _chair_handover(ctx, p, noun.head)
    if rtype in ("memberOf", "partyTo") and not others:
        return
    yield from _pairs(ctx, p, sent, rtype, holders, others, noun, "role-noun", 0.75)


def _chair_handover(ctx: Context, p: int, verb: Token) -> list[str]:
    """ "Russia handed over the chairmanship to Norway", "took over the chairmanship from
    Iceland": both sides of a hand-over have chaired (the subject is found the usual way)."""
    lemma = verb.lemma_.lower()
    out: list[str] = []
    if lemma in ctx.lexicon.rel("chairs", "handing_verbs"):
        out += entities(ctx, p, subjects(verb)) + entities(ctx, p, objects(verb, {"to"}))
    elif lemma in ctx.lexicon.rel("chairs", "holding_verbs"):
        out += entities(ctx, p, objects(verb, {"from"}))
    return out


def _predicated_of(ctx: Context, p: int, noun: Token) -> list[str]:
    """Who a role noun is said of: "X, chair of Y"; "X is chair of Y"; "X took over as chair";
    "X holds the presidency of Y"."""
    if noun.dep_ == "appos":
        return entities(ctx, p, conjuncts(noun.head))
    named = [c for c in noun.children if c.dep_ == "appos"]
    if named:  # "the director general of X, Rafael Grossi,"
        return entities(ctx, p, [t for c in named for t in conjuncts(c)])
    if noun.dep_ == "dobj" and noun.head.lemma_.lower() in ctx.lexicon.rel("chairs",
                                                                            "holding_verbs"):
        return entities(ctx, p, subjects(noun.head))
    if noun.dep_ in ("attr", "oprd"):
        return entities(ctx, p, subjects(noun.head))
    if noun.dep_ == "pobj" and noun.head.lower_ == "as":
        return entities(ctx, p, subjects(noun.head.head))
    return []


def _possessor(ctx: Context, p: int, sent: Span, poss: Token) -> list[str]:
    """ "Bolton's" → Bolton; "their" → the coordinated subject the sentence is about."""
    ids = entities(ctx, p, [poss])
    if ids or poss.lower_ != "their":
        return ids
    root = sent.root
    subs = entities(ctx, p, subjects(root))
    return subs if len(subs) >= 2 else []


def _sanction_noun(ctx: Context, p: int, sent: Span, noun: Token) -> Iterator[Statement]:
    """ "U.S. sanctions against Russia": existing sanctions are presupposed, whatever the
    modality of the clause around them ("he could expand U.S. sanctions against Russia")."""
    targets = entities(ctx, p, [t for c in noun.children if c.dep_ == "prep"
                                and c.lower_ in ("against", "on") for o in c.children
                                if o.dep_ == "pobj" for t in conjuncts(o)])
    if not targets:
        return
    imposers = entities(ctx, p, [c for c in noun.children if c.dep_ in ("compound", "poss",
                                                                        "amod", "nmod")])
    if imposers:
        yield from _pairs(ctx, p, sent, "sanctions", imposers, targets, noun,
                          "noun-modifier", 0.8, presupposed=True)


def _imposed_sanctions(ctx: Context, p: int, sent: Span, verb: Token) -> Iterator[Statement]:
    """ "Washington continues to impose sanctions against Russia"."""
    nouns = [o for o in objects(verb, set()) if o.lemma_.lower() in
             ctx.lexicon.rel("sanctions", "nouns")]
    for noun in nouns:
        if any(c.dep_ in ("compound", "poss") and ids_at(ctx, p, c) for c in noun.children):
            continue  # handled by the noun rule
        targets = entities(ctx, p, [t for c in [*noun.children, *verb.children]
                                    if c.dep_ == "prep" and c.lower_ in ("against", "on")
                                    for o in c.children if o.dep_ == "pobj"
                                    for t in conjuncts(o)])
        imposers = entities(ctx, p, subjects(verb))
        yield from _pairs(ctx, p, sent, "sanctions", imposers, targets, verb, "verb-object", 0.8)


def _attendance(ctx: Context, p: int, sent: Span, verb: Token) -> Iterator[Statement]:
    """ "Blinken and Lavrov also took part in the talks": those who attended met."""
    meetings = ctx.lexicon.rel("meetsWith", "nouns")
    things = objects(verb, {"in", "at"}) + [t for c in verb.children if c.dep_ == "dobj"
                                            for t in objects(c, {"in", "at"})]
    if not any(t.lemma_.lower() in meetings or t.lower_ in meetings for t in things):
        return
    people = entities(ctx, p, subjects(verb), ACTORS)
    for a, b in itertools.combinations(people, 2):
        st = _make(ctx, p, sent, "meetsWith", a, b, verb, "attendance", 0.7)
        if st:
            yield st


def _hosted_meeting(ctx: Context, p: int, sent: Span) -> Iterator[Statement]:
    """ "X and Y met at a summit hosted by Z and attended by W": everyone at it met."""
    meetings = ctx.lexicon.rel("meetsWith", "nouns")
    roles = ctx.lexicon.rel("meetsWith", "hosting_verbs")
    for noun in sent:
        if noun.lemma_.lower() not in meetings or noun.pos_ != "NOUN":
            continue
        hosts = [v for v in noun.children if v.dep_ == "acl" and v.lemma_.lower() in roles]
        hosts += [c for v in hosts for c in v.conjuncts if c.lemma_.lower() in roles]
        if not hosts:
            continue
        people = [i for v in hosts for i in entities(ctx, p, agents(v), ACTORS)]
        if noun.dep_ == "pobj" and noun.head.lower_ in ("at", "during", "on"):
            verb = noun.head.head
            if verb.lemma_.lower() in ctx.lexicon.rel("meetsWith", "verbs"):
                people = entities(ctx, p, subjects(verb), ACTORS) + people
                # "..., and attended by W" parsed as the meeting verb's conjunct
                people += [i for c in verb.conjuncts if c.tag_ == "VBN"
                           and c.lemma_.lower() in roles
                           for i in entities(ctx, p, agents(c), ACTORS)]
        for a, b in itertools.combinations(dict.fromkeys(people), 2):
            st = _make(ctx, p, sent, "meetsWith", a, b, hosts[0], "hosted-meeting", 0.7)
            if st:
                yield st


def _composition(ctx: Context, p: int, sent: Span) -> Iterator[Statement]:
    """ "the Normandy format, which brings together Russia, Ukraine, France and Germany";
    "the Quartet — made up of representatives from Moscow and Washington, alongside the UN
    and EU —": every state or organisation in the description is a member of the group."""
    verbs = ctx.lexicon.rel("memberOf", "composition_verbs")
    for tok in sent:
        if tok.pos_ != "VERB" or tok.lemma_.lower() not in verbs:
            continue
        if tok.lemma_.lower() in ("make", "compose", "consist") and not any(
                t.lower_ == "of" for t in sent.doc[tok.i + 1:min(tok.i + 4, sent.end)]):
            continue  # "made up of", "composed of", "consists of" — not "made a deal"
        if tok.lemma_.lower() == "bring" and not any(c.lower_ == "together"
                                                     for c in tok.children):
            continue
        group = _composed_group(ctx, p, sent, tok)
        if not group:
            continue
        members = [i for t in _insertion(sent, tok) for i in ids_at(ctx, p, t, proxies=False)
                   if top_class(ctx, i) in {"State", "Organization"}]
        for m in dict.fromkeys(members):
            st = _make(ctx, p, sent, "memberOf", m, group, tok, "composition", 0.7,
                       presupposed=True)
            if st:
                yield st


def _composed_group(ctx: Context, p: int, sent: Span, verb: Token) -> str | None:
    """The forum or organisation a composition verb describes: the noun it modifies ("the
    format, which brings together"), its subject ("the Quartet comprises"), or, when the
    parser attached the clause elsewhere, the group named just before its comma."""
    groups = frozenset({"Forum", "Organization"})
    if verb.dep_ in ("acl", "relcl"):
        found = entities(ctx, p, [verb.head], groups)
        if found:
            return found[0]
    found = entities(ctx, p, subjects(verb), groups)
    if found:
        return found[0]
    doc = sent.doc
    i = verb.i - 1
    while i >= sent.start and doc[i].lower_ in ("which", "that", "now", "also"):
        i -= 1
    if i > sent.start and doc[i].text in (",", "—", "–", "("):
        found = entities(ctx, p, [doc[i - 1]], groups)
        if found:
            return found[0]
    return None


def _listed_members(ctx: Context, p: int, sent: Span) -> Iterator[Statement]:
    """A group followed by the list of its members: "the P5+1 — China, France, Germany,
    Russia, the United Kingdom and the United States —", "the member states of the Arctic
    Council (Canada, Denmark, ...)". Two members at least: one is a gloss, not a list."""
    doc = sent.doc
    groups = frozenset({"Forum", "Organization"})
    for tok in sent:
        if tok.text not in ("—", "–", "(", ":") or tok.i == sent.start:
            continue
        group = entities(ctx, p, [doc[tok.i - 1]], groups)
        if not group:
            continue
        members = _list_after(ctx, p, sent, tok.i + 1)
        if len(members) < 2:
            continue
        for m in members:
            st = _make(ctx, p, sent, "memberOf", m, group[0], tok, "member-list", 0.7,
                       presupposed=True)
            if st:
                yield st


def _list_after(ctx: Context, p: int, sent: Span, start: int) -> list[str]:
    """The states and organisations listed from `start`, up to the list's closing mark:
    names separated by commas and "and" only (anything else means it was not a list)."""
    doc = sent.doc
    out: list[str] = []
    i = start
    while i < sent.end:
        t = doc[i]
        if t.text in ("—", "–", ")", ";", ".") or t.text == ":":
            break
        if t.text in (",", "and", "the"):
            i += 1
            continue
        ref = ctx.linked.ref_at(p, t)
        if ref is None or not ref.ids or top_class(ctx, ref.ids[0]) not in ("State",
                                                                              "Organization"):
            return []
        out += [x for x in ref.ids if x not in out]
        i = max(ref.end, i + 1)
    return out


def _insertion(sent: Span, tok: Token) -> list[Token]:
    """The tokens from `tok` to the dash, bracket or clause end that closes its insertion."""
    out = []
    for t in sent[tok.i - sent.start:]:
        if t.i > tok.i and t.text in ("—", "–", ")", ";") or t.text == "-" and t.i > tok.i + 2:
            break
        out.append(t)
    return out


def _leads(ctx: Context, p: int, sent: Span) -> Iterator[Statement]:
    """Role phrases: "U.S. President Donald Trump", "Igor Ivanov is President of RIAC",
    "sworn in as the 46th President of the United States", an author's role line."""
    titles = _leading_titles(ctx)
    zone = ctx.document.paragraphs[p].zone
    for tok in sent:
        two = f"{sent.doc[tok.i - 1].lower_} {tok.lower_}" if tok.i > sent.start else ""
        if tok.lemma_.lower() not in titles and tok.lower_ not in titles and two not in titles:
            continue
        if any(c.lower_ in ("former", "ex", "candidate") for c in tok.children):
            continue
        if tok.dep_ == "compound" and tok.head.pos_ == "PROPN":
            continue  # a title before a name: _role_phrases reads those
        of = _title_of(ctx, p, tok)
        if not of:
            continue
        if zone == "role" and tok.i - sent.start <= 1:
            holders = [ctx.record.author] if ctx.record.author else []
        else:
            holders = _predicated_of(ctx, p, tok)
        for person in holders:
            for org in of:
                st = _make(ctx, p, sent, "leads", person, org, tok, "title-of", 0.85,
                           presupposed=True)
                if st:
                    yield st
    yield from _role_phrases(ctx, p, sent)
    yield from _in_power(ctx, p, sent)


#: Words before a title that make it someone else's office ("Deputy Prime Minister").
NOT_THE_HEAD = {"deputy", "vice", "former", "ex", "assistant", "under", "candidate", "acting",
                "late", "would-be", "future", "first", "second"}
#: Demonyms before a title may take two words ("North Korean leader").
_MAX_TITLE = 4


def _role_phrases(ctx: Context, p: int, sent: Span) -> Iterator[Statement]:
    """A leading title right before a name, read on the tokens rather than the parse (which
    often mangles long names): "NATO Secretary General Jens Stoltenberg", "then-Ukrainian
    President Petro Poroshenko", "Presidents Barack Obama and Dmitry Medvedev".

    The title's owner is the state or organisation named (or its demonym) right before the
    title; a bare title is resolved by the gazetteer's record of who held it.
    """
    titles = _leading_titles(ctx)
    doc = sent.doc
    refs = [r for r in ctx.refs_in(p, sent) if r.kind in ("name", "ner") and len(r.ids) == 1
            and top_class(ctx, r.ids[0]) == "Person"]
    done: set[int] = set()
    for ref in refs:
        if ref.start in done:
            continue
        found = _title_ending_at(doc, ref.start, sent.start, titles)
        if found is None:
            continue
        first, title, plural = found
        before = doc[first - 1] if first > sent.start else None
        if before is not None and before.lower_ in NOT_THE_HEAD:
            continue
        people = [ref]
        if plural:  # "Presidents X and Y": the names coordinated after the title
            for other in refs:
                if other.start > people[-1].end and all(
                        t.text in (",", "and") for t in doc[people[-1].end:other.start]):
                    people.append(other)
        owners = _owner_before(ctx, p, doc, first, sent.start)
        trigger = doc[first]
        for person in people:
            done.add(person.start)
            pid = person.ids[0]
            for org in owners or _role_of(ctx, [pid], title):
                st = _make(ctx, p, sent, "leads", pid, org, trigger, "title-name", 0.9,
                           presupposed=True)
                if st:
                    yield st


def _leading_titles(ctx: Context) -> frozenset[str]:
    """Titles that mean heading what they are of: the lexicon's and the gazetteer's."""
    cached = getattr(ctx.gazetteer, "_kg_leading_titles", None)
    if cached is None:
        words = {_title_key(t) for t in ctx.lexicon.rel("leads", "titles")}
        for rdef in ctx.gazetteer.roles.values():
            if rdef.leads:
                words |= {_title_key(t) for t in rdef.titles if " of " not in t.lower()}
        cached = frozenset(words)
        ctx.gazetteer._kg_leading_titles = cached  # type: ignore[attr-defined]
    return cached


def _title_key(text: str) -> str:
    return " ".join(text.lower().replace("-", " ").split())


def _title_ending_at(doc, end: int, floor: int, titles: frozenset[str]  # noqa: ANN001
                     ) -> tuple[int, str, bool] | None:
    """The longest title whose last token is right before `end`: (first token, title, plural)."""
    for n in range(_MAX_TITLE, 0, -1):
        start = end - n
        if start < floor:
            continue
        words = [t for t in doc[start:end] if t.text not in ("-", "–")]
        if not words or any(not t.is_alpha for t in words):
            continue
        key = " ".join(t.lower_ for t in words)
        if key in titles:
            if key.endswith("s") and key[:-1] in titles:
                return start, key[:-1], True
            return start, key, False
        plural = " ".join([*(t.lower_ for t in words[:-1]), words[-1].lemma_.lower()])
        if words[-1].lower_.endswith("s") and plural in titles:
            return start, plural, True
    return None


def _owner_before(ctx: Context, p: int, doc, first: int, floor: int  # noqa: ANN001
                  ) -> list[str]:
    """The state or organisation named right before a title: "U.S.", "NATO", "Russia's",
    "Ukrainian", "North Korean" (skipping "then-")."""
    i = first - 1
    if i >= floor and doc[i].text in ("-", "–") and i - 1 >= floor and doc[i - 1].lower_ == "then":
        return []
    if i >= floor and doc[i].text in ("'s", "’s"):
        i -= 1
    if i < floor:
        return []
    ids = [e for e in ids_at(ctx, p, doc[i], proxies=False)
           if top_class(ctx, e) in ("State", "Organization")]
    if ids:
        return ids
    for n in (2, 1):
        if i - n + 1 < floor:
            continue
        words = doc[i - n + 1:i + 1]
        if not all(t.is_alpha and t.text[0].isupper() for t in words):
            continue
        entry = ctx.gazetteer.state_by_demonym(words.text)
        if entry is not None:
            ctx.linked.entities.setdefault(entry.id, _entity(ctx, entry.id))
            return [entry.id]
    return []


def _title_of(ctx: Context, p: int, title: Token) -> list[str]:
    """What a title is of: "President of X", "X's President", "U.S. President", "Russian P."."""
    out: list[str] = []
    # "director general of X": the parser may hang "of X" on the title's second word
    words = [title, *(c for c in title.children if c.i == title.i + 1
                      and c.dep_ in ("amod", "compound"))]
    for c in (c for w in words for c in w.children):
        if c.dep_ == "prep" and c.lower_ == "of":
            out += entities(ctx, p, [o for o in c.children if o.dep_ == "pobj"],
                            frozenset({"State", "Organization"}))
        elif c.dep_ in ("poss", "compound", "amod", "nmod"):
            out += entities(ctx, p, [c], frozenset({"State", "Organization"}))
    return list(dict.fromkeys(out))


def _role_of(ctx: Context, people: list[str], title: str) -> list[str]:
    """Where the text gives a bare title ("President Putin"), the gazetteer says of what."""
    day = dt.date.fromisoformat(ctx.record.date) if ctx.record.date else None
    out: list[str] = []
    for person in people:
        entry = ctx.gazetteer.entries.get(person)
        if entry is None:
            continue
        roles = [r for r in entry.roles if ctx.gazetteer.roles.get(r.role) and
                 title in {t.lower() for t in ctx.gazetteer.roles[r.role].titles}]
        # the office held at the article's date; else the one office of that title they ever
        # held ("Presidents Obama and Medvedev" in a 2023 article on the 2010 signing)
        ofs = {r.of for r in roles if day is None or r.active_on(day)} or {r.of for r in roles}
        if len(ofs) == 1:
            org = ofs.pop()
            if org in ctx.linked.entities or ctx.gazetteer.entries.get(org):
                ctx.linked.entities.setdefault(org, _entity(ctx, org))
                out.append(org)
    return out


def _entity(ctx: Context, entity_id: str):  # noqa: ANN202 - kg.model.Entity
    from kg.extract.linking import Linker

    return Linker(ctx.gazetteer).entity(ctx.gazetteer.get(entity_id))


def _in_power(ctx: Context, p: int, sent: Span) -> Iterator[Statement]:
    """ "Bashar al-Assad remaining in power": the state the gazetteer says they head."""
    words = ctx.lexicon.rel("leads", "in_power")
    for tok in sent:
        if tok.lower_ not in words or tok.dep_ != "pobj" or tok.head.lower_ != "in":
            continue
        verb = tok.head.head
        candidates = subjects(verb) or [c for c in verb.children if c.dep_ == "poss"]
        if not candidates and verb.dep_ in ("acl", "pcomp", "xcomp", "advcl"):
            candidates = [verb.head]  # "Assad remaining in power" hangs under its noun
        people = entities(ctx, p, candidates, frozenset({"Person"}))
        for person in people:
            entry = ctx.gazetteer.entries.get(person)
            if not entry:
                continue
            heads = {r.of for r in entry.roles
                     if (rd := ctx.gazetteer.roles.get(r.role)) and rd.leads}
            for org in sorted(heads):
                if org in {m.entity for m in ctx.record.mentions}:
                    st = _make(ctx, p, sent, "leads", person, org, tok, "in-power", 0.7,
                               presupposed=True)
                    if st:
                        yield st


def _treaty_parties(ctx: Context, p: int, sent: Span) -> Iterator[Statement]:
    """ "Extending the New START Treaty ... meets the interests of both sides": a treaty and
    a group reference in one clause, where the gazetteer confirms the group are its parties."""
    refs = ctx.refs_in(p, sent)
    groups = [r for r in refs if r.kind == "pair"]
    treaties = [r for r in refs if r.ids and top_class(ctx, r.ids[0]) == "Treaty"]
    if not groups or not treaties:
        return
    doc = ctx.linked.docs[p]
    for t in treaties:
        entry = ctx.gazetteer.entries.get(t.ids[0])
        if entry is None or not entry.parties:
            continue
        for g in groups:
            if _distance(doc[t.start:t.end].root, doc[g.start:g.end].root) > 5:
                continue
            if not set(g.ids) <= set(entry.parties):
                continue
            for party in g.ids:
                st = _make(ctx, p, sent, "partyTo", party, t.ids[0], doc[t.start], "group-treaty",
                           0.6, presupposed=True)
                if st:
                    yield st


def _distance(a: Token, b: Token) -> int:
    """Edges between two tokens in the dependency tree."""
    up = {t.i: n for n, t in enumerate([a, *a.ancestors])}
    for n, t in enumerate([b, *b.ancestors]):
        if t.i in up:
            return n + up[t.i]
    return 99
