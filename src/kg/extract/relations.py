"""Relations from the dependency parse: trigger words (lexicon) linked to both parties.

Each rule reads one grammatical construction; a relation needs a path in the parse between
its trigger and both its parties — appearing in one sentence is not enough. Factuality
(modality, negation) is read on the trigger's clause and kept with the relation.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import TYPE_CHECKING

from spacy.tokens import Span, Token

from kg.extract import membership, roles
from kg.extract.framing import (
    PREPS,
    RECIPROCAL,
    SIGNATURE,
    SYMMETRIC,
    make_relation,
    mutual_pairs,
    predicated_of,
    relation_pairs,
)
from kg.extract.refs import ACTORS, entities, ids_at, top_class
from kg.extract.syntax import agents, conjuncts, objects, subjects
from kg.model import Statement

if TYPE_CHECKING:
    from kg.extract import Context


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
    words = ctx.linked.words[p]
    doc = sent.doc
    for i in range(sent.start, sent.end):
        lemma, lower = words.lemma[i], words.lower[i]
        found = triggers.get(lemma, ()) + (triggers.get(lower, ()) if lower != lemma else ())
        if not found:
            continue
        tok = doc[i]
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
    yield from _acting_jointly(ctx, p, sent)
    yield from membership.composition(ctx, p, sent)
    yield from membership.founders(ctx, p, sent)
    yield from membership.listed_members(ctx, p, sent)
    yield from roles.leads(ctx, p, sent)
    yield from _treaty_parties(ctx, p, sent)


def _with_partner(verb: Token) -> bool:
    """ "spoke with Y", "spoke by phone", "spoke to each other", "worked together", "worked
    side by side" — not "spoke in favor of", "worked to keep the council alive"."""
    for c in verb.children:
        if c.dep_ == "prep" and c.lower_ in ("with", "to"):
            return True
        if c.dep_ in ("advmod", "npadvmod") and c.lower_ in ("together", "jointly", "side"):
            return True
        if c.dep_ == "prep" and any(o.lower_ in ("phone", "telephone", "video", "videolink")
                                    for o in c.subtree):
            return True
    return False


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
            yield from relation_pairs(ctx, p, sent, "partyTo", between, objs, verb, "between", 0.7)
    else:
        obj_tokens = objects(verb, PREPS.get(rtype, set()))
        through = ctx.lexicon.rel(rtype, "through")
        obj_tokens += [t for o in obj_tokens if o.lemma_.lower() in through
                       for t in objects(o, {"in", "of", "to", "under"})]
        objs = entities(ctx, p, obj_tokens)
        if rtype == "leads":  # "ruled Syria", not "led the American delegation"
            objs = [i for t in obj_tokens for i in ids_at(ctx, p, t, proxies=False)
                    if i in objs]
    reciprocal = any(t.lower_ in RECIPROCAL for t in verb.subtree)
    if rtype == "signs" and len(subs) >= 2 and not objs and _signed_together(ctx, verb, subs):
        yield from mutual_pairs(ctx, p, sent, "cooperatesWith", subs, verb, "joint-signing", 0.7)
    if rtype in SYMMETRIC and len(subs) >= 2 and (not objs or reciprocal):
        yield from mutual_pairs(ctx, p, sent, rtype, subs, verb, "verb-reciprocal", 0.8)
    yield from relation_pairs(ctx, p, sent, rtype, subs, objs, verb, "verb", 0.8)


def _signed_together(ctx: Context, verb: Token, signers: list[str]) -> bool:
    """Whether signers act jointly by signing: "X and Y signed a statement". A document
    more parties sign is a multilateral instrument, whose signatories are not each other's
    partners two by two, unless it is called their joint one."""
    documents = [o for o in objects(verb, set())
                 if o.lemma_.lower() in ctx.lexicon.rel("cooperatesWith", "joint_documents")]
    return bool(documents) and (len(signers) == 2 or any(
        m.lower_ == "joint" for d in documents for m in d.children))


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
    if rtype in SYMMETRIC and not parties and _held(ctx, noun):
        # "X and Y held two rounds of talks", "Lavrov held talks with Blinken"
        parties = entities(ctx, p, subjects(_held(ctx, noun)), ACTORS)
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
            st = make_relation(ctx, p, sent, rtype, a, b, noun, "noun", 0.75)
            if st:
                yield st
        return
    # chairs / memberOf / partyTo / signs: the holder is whoever the noun is predicated of
    holders = predicated_of(ctx, p, noun)
    if rtype == "memberOf" and not others:
        # "Turkey, a NATO member"; "Hungary, an EU member state" (the state is the member)
        others = entities(ctx, p, [c for c in noun.children if c.dep_ == "compound"],
                          SIGNATURE[rtype][1])
        if noun.dep_ == "compound" and noun.head.lemma_.lower() in _MEMBER_KINDS:
            holders = holders or predicated_of(ctx, p, noun.head)
    if noun.dep_ == "attr" and not others:  # "to which Russia and the U.S. are parties"
        others = entities(ctx, p, [o for c in noun.head.children if c.dep_ == "prep"
                                   and c.lower_ in PREPS.get(rtype, set())
                                   for o in c.children if o.dep_ == "pobj"])
    if rtype in ("memberOf", "partyTo") and not others:
        # "the treaty's two remaining parties, Russia and the United States"
        others = [i for c in noun.children if c.dep_ == "poss"
                  for i in entities(ctx, p, [c], SIGNATURE[rtype][1])]
    if rtype == "chairs" and noun.dep_ == "dobj":
        holders += _chair_handover(ctx, p, noun.head)
        if not others and any(c.lower_ == "the" for c in noun.children):
            # "Russia, which had chaired the Arctic Council, handed the chairmanship to
            # Norway": the chairmanship of the one forum the sentence names
            named = {i for r in ctx.refs_in(p, sent) for i in r.ids
                     if top_class(ctx, i) == "Forum"}
            others = sorted(named) if len(named) == 1 else []
    if rtype in ("memberOf", "partyTo") and not others:
        return
    if rtype == "chairs" and (any(c.lower_ in roles.NOT_THE_HEAD for c in noun.children) or (
            noun.i > sent.start and sent.doc[noun.i - 1].lower_ in roles.NOT_THE_HEAD)):
        rtype = "memberOf"  # "deputy chairman of the Security Council": a member, not its head
    # "Hungary, an EU member, did not block it": an apposition holds whatever the clause says
    appositive = "appos" in (noun.dep_, noun.head.dep_ if noun.dep_ == "compound" else "",
                             noun.head.head.dep_ if noun.head.lower_ == "of" else "")
    yield from relation_pairs(ctx, p, sent, rtype, holders, others, noun, "role-noun", 0.75,
                              presupposed=appositive)


def _held(ctx: Context, noun: Token) -> Token | None:
    """The verb that holds a meeting noun: "held (two rounds of) talks", "had a meeting"."""
    t = noun
    if t.dep_ == "pobj" and t.head.lower_ == "of" and t.head.head.dep_ == "dobj":
        t = t.head.head  # "two rounds of talks"
    if t.dep_ == "dobj" and t.head.lemma_.lower() in ctx.lexicon.rel("meetsWith",
                                                                    "holding_verbs"):
        return t.head
    return None


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


def _possessor(ctx: Context, p: int, sent: Span, poss: Token) -> list[str]:
    """ "Bolton's" → Bolton; "their" → the coordinated subject the sentence is about."""
    ids = entities(ctx, p, [poss])
    if ids or poss.lower_ != "their":
        return ids
    root = sent.root
    subs = entities(ctx, p, subjects(root))
    return subs if len(subs) >= 2 else []


#: What "member" can qualify in "an EU member state": the state is the member.
_MEMBER_KINDS = frozenset({"state", "country", "nation", "government"})


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
        yield from relation_pairs(ctx, p, sent, "sanctions", imposers, targets, noun,
                                  "noun-modifier", 0.8, presupposed=True)


def _imposed_sanctions(ctx: Context, p: int, sent: Span, verb: Token) -> Iterator[Statement]:
    """ "Washington continues to impose sanctions against Russia"."""
    sanction_nouns = ctx.lexicon.rel("sanctions", "nouns")
    found = objects(verb, set())
    found += [o for n in found if n.lemma_.lower() in ctx.lexicon.rel("sanctions", "portions")
              for c in n.children if c.dep_ == "prep" and c.lower_ == "of"
              for o in c.children if o.dep_ == "pobj"]  # "rounds of sanctions"
    nouns = [o for o in found if o.lemma_.lower() in sanction_nouns]
    for noun in nouns:
        if any(c.dep_ in ("compound", "poss") and ids_at(ctx, p, c) for c in noun.children):
            continue  # handled by the noun rule
        targets = entities(ctx, p, [t for c in [*noun.children, *verb.children]
                                    if c.dep_ == "prep" and c.lower_ in ("against", "on")
                                    for o in c.children if o.dep_ == "pobj"
                                    for t in conjuncts(o)])
        imposers = entities(ctx, p, subjects(verb))
        yield from relation_pairs(ctx, p, sent, "sanctions", imposers, targets, verb,
                                  "verb-object", 0.8)


def _attendance(ctx: Context, p: int, sent: Span, verb: Token) -> Iterator[Statement]:
    """ "Blinken and Lavrov also took part in the talks": those who attended met."""
    meetings = ctx.lexicon.rel("meetsWith", "nouns")
    things = objects(verb, {"in", "at"}) + [t for c in verb.children if c.dep_ == "dobj"
                                            for t in objects(c, {"in", "at"})]
    if not any(t.lemma_.lower() in meetings or t.lower_ in meetings for t in things):
        return
    people = entities(ctx, p, subjects(verb), ACTORS)
    yield from mutual_pairs(ctx, p, sent, "meetsWith", people, verb, "attendance", 0.7)


def _acting_jointly(ctx: Context, p: int, sent: Span) -> Iterator[Statement]:
    """ "Kerry and Lavrov jointly announced plans for the truce": actors who do something
    jointly cooperate (GUIDE: "act jointly"); meeting jointly is only meeting."""
    contact = ctx.lexicon.rel("meetsWith", "verbs") | ctx.lexicon.rel("meetsWith", "partner_verbs")
    words = ctx.linked.words[p]
    for i in range(sent.start, sent.end):
        if words.lower[i] != "jointly" or words.dep[i] != "advmod":
            continue
        verb = sent.doc[i].head
        if verb.pos_ != "VERB" or verb.lemma_.lower() in contact:
            continue
        parties = entities(ctx, p, subjects(verb), ACTORS)
        yield from mutual_pairs(ctx, p, sent, "cooperatesWith", parties, verb, "jointly", 0.7)


def _hosted_meeting(ctx: Context, p: int, sent: Span) -> Iterator[Statement]:
    """ "X and Y met at a summit hosted by Z and attended by W": everyone at it met."""
    meetings = ctx.lexicon.rel("meetsWith", "nouns")
    roles = ctx.lexicon.rel("meetsWith", "hosting_verbs")
    words = ctx.linked.words[p]
    for i in range(sent.start, sent.end):
        if words.lemma[i] not in meetings or words.pos[i] != "NOUN":
            continue
        noun = sent.doc[i]
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
        yield from mutual_pairs(ctx, p, sent, "meetsWith", dict.fromkeys(people), hosts[0],
                                "hosted-meeting", 0.7)


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
                st = make_relation(ctx, p, sent, "partyTo", party, t.ids[0], doc[t.start],
                                   "group-treaty", 0.6, presupposed=True)
                if st:
                    yield st


def _distance(a: Token, b: Token) -> int:
    """Edges between two tokens in the dependency tree."""
    up = {t.i: n for n, t in enumerate([a, *a.ancestors])}
    for n, t in enumerate([b, *b.ancestors]):
        if t.i in up:
            return n + up[t.i]
    return 99
