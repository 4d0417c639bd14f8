"""Stances: who holds a position, towards what, which way, and how it is said.

Two families of rules:

- *reported* stances have a holder in the text: an attitude verb ("Putin and Trump spoke in
  favor of cooperation", "the law was passed by Congress") or an attitude noun ("the open
  hostility of the U.S. Congress towards Russia", "his wish to hold a meeting with Putin");
- *authorial* stances are the author's: normative statements ("X should develop
  cooperation", "it is in Russia's interests to ..."), evaluations ("sanctions have never
  done anyone any good", "the legacy left by Trump is ominous") and proposals ("Russia could
  give new dynamics to the Quartet").

Polarity starts from the cue and flips for each negation and each ending action ("lifting
sanctions", "must not squander chances for cooperation") on the way from the target up to
the cue, so "support the end of X" is opposition to X.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from spacy.tokens import Span, Token

from kg.extract import authorial, commitments, hostility, texts
from kg.extract.paths import (
    accused_act,
    against,
    between,
    described,
    held_view,
    imposes_measures,
    located,
    object_actor,
    owned_kind,
    phrase_head,
    refused,
    summed_up,
    venue,
)
from kg.extract.refs import ACTORS, entities, ids_at, top_class
from kg.extract.syntax import CONDITIONAL, agents, factuality, subjects
from kg.extract.targets import (
    ANAPHORIC,
    ATTITUDE_PREPS,
    ISSUES,
    MEASURE_WORDS,
    STANCE_ZONES,
    SUMMIT_NOUNS,
    TARGET_PREPS,
    evaluate,
    find_targets,
    flip,
    make_stance,
    polarity_of,
    scene,
)
from kg.model import ASSERTED, HYPOTHETICAL, NORMATIVE, OPPOSE, SUPPORT, Statement

if TYPE_CHECKING:
    from kg.extract import Context


def extract_stances(ctx: Context) -> list[Statement]:
    found: dict[tuple, Statement] = {}
    for p in ctx.claim_paragraphs:
        if ctx.document.paragraphs[p].zone not in STANCE_ZONES:
            continue
        for sent in ctx.linked.docs[p].sents:
            if not ctx.refs_in(p, sent) and _REFERRING.isdisjoint(
                    ctx.linked.words[p].lemma[sent.start:sent.end]):
                continue  # nothing named, nothing referred to: no target
            reported = [*_reported(ctx, p, sent), *hostility.hostile_acts(ctx, p, sent)]
            held = {(st.object) for st in reported}
            own = [st for st in authorial.authorial(ctx, p, sent) if st.object not in held]
            acts = [st for st in reported if st.core and
                    st.evidence[0].rule == "stance.commitment"]
            ctx.acts += acts[:1]  # the actor first, then those who announced it
            for st in reported + own:
                if st.subject == st.object or commitments.serves(ctx, st.subject, st.object):
                    continue  # Modi is not for India: he speaks for it
                if st.key in found:
                    found[st.key].evidence.extend(st.evidence)
                else:
                    found[st.key] = st
    for st in found.values():
        st.evidence = list({(e.start, e.end): e for e in st.evidence}.values())
    return list(found.values())


#: Words that refer to something without naming it: a sentence may have a target then.
_REFERRING = frozenset(ANAPHORIC | SUMMIT_NOUNS | MEASURE_WORDS)


# -- reported stances -------------------------------------------------------------------------
def _reported(ctx: Context, p: int, sent: Span) -> Iterator[Statement]:
    lex = ctx.lexicon
    support_v = lex.cue("attitude", "support_verbs")
    support_n = lex.cue("attitude", "support_nouns")
    attitude_adjectives = lex.cues("attitude", "support_adjectives", "oppose_adjectives")
    attitude_v = lex.cues("attitude", "support_verbs", "oppose_verbs")
    attitude_n = lex.cues("attitude", "support_nouns", "oppose_nouns")
    speech_n, step_n = lex.cue("attitude", "speech_nouns"), lex.cue("attitude", "step_nouns")
    keep_v = lex.cue("commitments", "keep")
    commit_v = lex.cues("commitments", "keep", "break")
    announcing_v = lex.cue("attitude", "announcing_verbs")
    support_r = lex.cue("attitude", "support_roles")
    partisan_r = lex.cues("attitude", "support_roles", "oppose_roles")
    # the nouns some branch below reads: other nouns (and most other tokens) are skipped
    # before a Token is built for them
    cue_n = lex.cues("attitude", "support_nouns", "oppose_nouns", "speech_nouns", "step_nouns",
                     "support_roles", "oppose_roles")
    words = ctx.linked.words[p]
    for i in range(sent.start, sent.end):
        pos, lemma = words.pos[i], words.lemma[i]
        if pos != "VERB" and not (pos == "NOUN" and (lemma in cue_n or lemma == "attitude")) \
                and words.lower[i] not in attitude_adjectives:
            continue
        tok = sent.doc[i]
        if tok.pos_ == "VERB" and (name := _name_given(tok, lex)) is not None and (
                _quality(name, lex) is not None or lemma not in attitude_v):
            yield from _naming(ctx, p, sent, tok)  # "Biden called Putin a killer"
        elif tok.pos_ == "VERB" and lemma in announcing_v:
            yield from commitments.announced(ctx, p, sent, tok)
        elif tok.pos_ == "VERB" and (phrasal := _phrasal(tok, lex)) is not None:
            yield from _attitude_verb(ctx, p, sent, tok, phrasal[0], via=phrasal[1])
        elif tok.pos_ == "VERB" and lemma not in attitude_v and (
                favor := _in_favor(tok)) is not None:
            yield from _attitude_verb(ctx, p, sent, tok, SUPPORT, via=favor)
        elif tok.pos_ == "VERB" and lemma in attitude_v:
            if lemma == "call" and not any(c.dep_ == "prep" and c.lower_ in ("for", "on")
                                           for c in tok.children):
                continue  # "call for X" is a demand; "call X" is not
            if lemma == "speak" and not any(c.dep_ == "prep" and c.lower_ in ("for", "in")
                                            for c in tok.children):
                continue  # "spoke in favor of X" is a position; "spoke with X" is contact
            yield from _attitude_verb(ctx, p, sent, tok, SUPPORT if lemma in support_v else OPPOSE)
        elif (tok.pos_ == "ADJ" and tok.dep_ in ("acomp", "amod") or _state_participle(
                tok)) and tok.lower_ in attitude_adjectives:
            yield from _attitude_adjective(ctx, p, sent, tok)
        elif tok.pos_ == "NOUN" and (lemma in attitude_n or lemma == "attitude"):
            base = SUPPORT if lemma in support_n else OPPOSE
            if lemma == "attitude":
                base = evaluate(tok, lex)
                if base is None:
                    continue
            yield from _attitude_noun(ctx, p, sent, tok, base)
        elif tok.pos_ == "NOUN" and lemma in partisan_r:
            yield from _partisan(ctx, p, sent, tok, SUPPORT if lemma in support_r else OPPOSE)
        elif tok.pos_ == "NOUN" and lemma in speech_n and tok.dep_ == "nsubj":
            yield from _speech(ctx, p, sent, tok)
        elif tok.pos_ == "NOUN" and lemma in step_n:
            yield from commitments.judged_step(ctx, p, sent, tok)
        elif tok.pos_ == "VERB" and lemma in commit_v:
            keeps = lemma in keep_v
            yield from commitments.commitment(ctx, p, sent, tok, SUPPORT if keeps else OPPOSE)


def _phrasal(verb: Token, lex: object) -> tuple[str, Token] | None:
    """A phrasal verb of a position ("stands firmly behind", "lined up behind"): its polarity
    and the preposition that introduces what it is towards."""
    lemma = verb.lemma_.lower()
    if lemma not in lex.phrase_heads:  # type: ignore[attr-defined]
        return None
    for base, key in ((SUPPORT, "support_phrases"), (OPPOSE, "oppose_phrases")):
        for phrase in lex.cue("attitude", key):  # type: ignore[attr-defined]
            head, *particles = phrase.split()
            if head != lemma or not particles:
                continue
            kids = {c.lower_: c for c in verb.children if c.dep_ in ("prt", "prep", "advmod",
                                                                       "dobj", "npadvmod")}
            if all(w in kids for w in particles) and kids[particles[-1]].dep_ == "prep":
                return base, kids[particles[-1]]
    return None


def _in_favor(verb: Token) -> Token | None:
    """ "came out in favor of the step", "voted in favour of the resolution": the "of" that
    introduces what the verb's subject supports."""
    for c in verb.children:
        if c.dep_ == "prep" and c.lower_ == "in":
            for o in c.children:
                if o.dep_ == "pobj" and o.lower_ in ("favor", "favour"):
                    return next((x for x in o.children if x.dep_ == "prep" and x.lower_ == "of"),
                                None)
    return None


def _attitude_verb(ctx: Context, p: int, sent: Span, verb: Token, base: str,
                   via: Token | None = None) -> Iterator[Statement]:
    """A verb whose subject holds a position towards its object (`via`: the preposition of a
    phrasal verb, whose object it is)."""
    if imposes_measures(verb, ctx.lexicon):
        return  # "the EU adopted a package of sanctions": an act (a relation), not a stance
    noun_phrase = _described_by(verb)
    passive = bool(noun_phrase) or any(c.dep_ == "nsubjpass" for c in verb.children)
    holder_tokens = agents(verb) if passive else subjects(verb)
    holders = entities(ctx, p, holder_tokens, ACTORS)
    if not holders and not passive and (text := texts.text_of(verb, ctx.lexicon)) is not None:
        holders = texts.authors(ctx, p, text)  # "a resolution drafted by Kyiv that condemns"
    if not holders:
        return
    holders += commitments.spokespeople(ctx, p, verb, holders)
    if via is not None:
        object_tokens = [via]
    elif noun_phrase:
        object_tokens = [verb.head]
    elif passive:
        object_tokens = [c for c in verb.children if c.dep_ == "nsubjpass"]
    else:
        object_tokens = [c for c in verb.children if c.dep_ in ("dobj", "xcomp", "ccomp")
                         or c.dep_ == "prep" and c.lower_ in ATTITUDE_PREPS]
    scope = noun_phrase or [t for o in object_tokens for t in o.subtree]
    addressed = verb.lemma_.lower() in ctx.lexicon.cue("attitude", "addressing_verbs")
    accusing = base == OPPOSE and any(c.dep_ == "dobj" and entities(ctx, p, [c], ACTORS)
                                      for c in verb.children)

    def about(entity: str, tok: Token) -> bool:
        if top_class(ctx, entity) not in ACTORS:
            # an issue, unless it is only where it happened or what describes the object
            # ("a hotline modelled on the links of the Cold War")
            return not venue(tok, verb) and not described(tok, verb) and not scene(tok) \
                and not (accusing and accused_act(tok, verb)) and not owned_kind(ctx, p, tok) \
                and not summed_up(tok, verb, ctx.lexicon)
        head = phrase_head(tok).head
        return not located(tok, verb) and not between(tok, verb) and \
            object_actor(ctx, tok, verb) and not (
            addressed and head == verb) and not (  # "urged Moscow to ...": addressed
            head.dep_ == "prep" and head.lower_ == "to" and head.head == verb
            and verb.lemma_.lower() in ctx.lexicon.cue("attitude", "offering_verbs"))

    targets = [(i, t) for i, t in find_targets(ctx, p, scope, ISSUES | ACTORS) if about(i, t)]
    targets += _agents_of_hostility(ctx, p, scope, verb, {i for i, _ in targets})
    if not targets:
        targets = _law_antecedent(ctx, p, object_tokens)
    modality, negated = factuality(verb)
    if modality == NORMATIVE:
        return
    yield from commitments.judged_act(ctx, p, sent, verb, base, holders, scope, modality,
                                      negated)
    refusal = negated and base == SUPPORT and refused(verb)
    held = negated and (refusal or held_view(verb))
    for target, tok in targets:
        if target in holders:
            continue
        pol = polarity_of(base, tok, verb, ctx.lexicon)  # flips at the negated verb
        if refusal:
            pol = flip(pol)
        if held:  # "Washington does not support an extension": it opposes one
            for h in holders:
                yield make_stance(ctx, p, sent, h, target, pol, modality, "attitude-verb",
                                  0.7)
            continue
        if top_class(ctx, target) in ACTORS and against(tok, verb, ctx.lexicon):
            continue  # "backed sanctions on Iran": a stance on sanctions, not towards Iran
        if negated:
            pol = flip(pol)
        for h in holders:
            yield make_stance(ctx, p, sent, h, target, pol, modality, "attitude-verb", 0.75,
                              negated)


def _described_by(verb: Token) -> list[Token]:
    """The noun a participle with an agent describes, with what comes before it: "an
    Open-Ended Working Group sponsored by Russia" (Russia backs the group)."""
    if verb.dep_ != "acl" or verb.tag_ != "VBN" or not agents(verb):
        return []
    head = verb.head
    if head.pos_ not in ("NOUN", "PROPN"):
        return []
    # the noun and what comes before it: "the resolution on Syria, opposed by Russia" is
    # about the resolution, not Syria
    return [t for t in head.subtree if t.i <= head.i]


def _agents_of_hostility(ctx: Context, p: int, scope: list[Token], verb: Token,
                         seen: set[str]) -> list[tuple[str, Token]]:
    """Condemning "Russia's invasion of Ukraine" is opposing Russia too, even where the
    whole phrase names an event: the actor a hostile act is ascribed to."""
    if verb.lemma_.lower() not in ctx.lexicon.cue("attitude", "oppose_verbs"):
        return []
    hostile = ctx.lexicon.cue("actions", "hostile")
    out = []
    for t in scope:
        if t.dep_ != "poss" or t.head.lemma_.lower() not in hostile:
            continue
        ref = ctx.linked.ref_at(p, t)
        if ref is None or not ref.ids or top_class(ctx, ref.ids[0]) in ACTORS:
            continue  # an actor's own name is found the usual way
        entry = ctx.gazetteer.lookup(t.text)
        if entry is not None and entry.id not in seen and entry.id in ctx.linked.entities \
                and top_class(ctx, entry.id) in ACTORS:
            out.append((entry.id, t))
    return out


def _state_participle(tok: Token) -> bool:
    """ "he was outraged", "remains committed": a participle used as an adjective."""
    return tok.tag_ == "VBN" and any(c.dep_ in ("auxpass", "aux") and c.lemma_ == "be"
                                     for c in tok.children) or (
        tok.tag_ == "VBN" and tok.dep_ in ("acomp", "xcomp", "oprd"))


def _name_given(verb: Token, lex: object) -> Token | None:
    """The name or quality a naming verb gives its object: "called Putin a killer", "called
    the treaty a pillar of security", "described Biden as an experienced statesman"."""
    naming = verb.lemma_.lower() in lex.cue("attitude", "naming_verbs")  # type: ignore[attr-defined]
    for c in verb.children:
        if c.dep_ in ("oprd", "xcomp") and c.pos_ in ("NOUN", "ADJ"):
            return c
        if c.dep_ == "prep" and c.lower_ == "as" and naming:
            return next((o for o in c.children if o.dep_ == "pobj"), None)
        if c.dep_ == "dobj" and naming:
            # "called Russia's decision regrettable", parsed as an adjective after its noun
            after = [a for a in c.children if a.dep_ == "amod" and a.i > c.i and a.pos_ == "ADJ"]
            if after:
                return after[0]
    return None


def _naming(ctx: Context, p: int, sent: Span, verb: Token) -> Iterator[Statement]:
    """ "X called Y a killer": X holds a stance towards Y, the way the name goes."""
    name = _name_given(verb, ctx.lexicon)
    assert name is not None
    base = _quality(name, ctx.lexicon)
    if base is None:
        return
    holders = entities(ctx, p, subjects(verb), ACTORS)
    objects_ = [c for c in verb.children if c.dep_ == "dobj"]
    named = entities(ctx, p, objects_, ISSUES | ACTORS)
    # "called Russia's decision regrettable": what an actor did stands for the actor
    named += [i for o in objects_ if o.lemma_.lower() in ctx.lexicon.cue("attitude", "act_nouns")
              for c in o.children if c.dep_ == "poss" for i in entities(ctx, p, [c], ACTORS)]
    modality, negated = factuality(verb)
    yield from commitments.judged_act(ctx, p, sent, verb, base, holders, objects_, modality,
                                      negated)
    for h in holders:
        for t in named:
            if t != h:
                pol = flip(base) if negated else base
                yield make_stance(ctx, p, sent, h, t, pol, modality, "naming", 0.7, negated)


def _quality(name: Token, lex: object) -> str | None:
    """Which way a name or its adjectives go: "a killer", "a very experienced statesman",
    "deeply unfortunate and irresponsible"."""
    c = lex.cue  # type: ignore[attr-defined]
    words = [name, *(t for t in name.subtree if t.dep_ in ("amod", "conj", "acomp")
                     and t.pos_ == "ADJ")]
    for w in words:
        low, lemma = w.lower_, w.lemma_.lower()
        if lemma in c("negative", "nouns") or low in c("negative", "adjectives"):
            return OPPOSE
        if lemma in c("positive", "nouns") | {"friend", "partner", "ally"} or low in c(
                "positive", "adjectives"):
            return SUPPORT
    return None


def _attitude_adjective(ctx: Context, p: int, sent: Span, adj: Token) -> Iterator[Statement]:
    """ "The Biden administration has been critical of Moscow"."""
    lex = ctx.lexicon
    base = SUPPORT if adj.lemma_.lower() in lex.cue("attitude", "support_adjectives") else OPPOSE
    if adj.dep_ == "acomp":
        holders = entities(ctx, p, subjects(adj.head), ACTORS)
    else:
        holders = entities(ctx, p, [adj.head], ACTORS)
    holders += commitments.spokespeople(ctx, p, adj, holders)
    scope = [t for c in adj.children if c.dep_ == "prep" and c.lower_ in ("of", "to", "toward",
                                                                          "towards", "about")
             or c.dep_ == "xcomp" for t in c.subtree]  # "ready to discuss arms control"
    modality, negated = factuality(adj.head if adj.dep_ == "acomp" else adj)
    # "outraged that Russia had endangered astronauts": the doer of what outrages
    doers = [t for c in adj.children if c.dep_ == "ccomp" for s in subjects(c)
             for t in [s, *s.conjuncts]]
    for target, tok in find_targets(ctx, p, scope, ISSUES | ACTORS) + find_targets(
            ctx, p, doers, ACTORS):
        if target in holders or top_class(ctx, target) in ACTORS and tok not in doers and \
                not object_actor(ctx, tok, adj):
            continue
        pol = polarity_of(base, tok, adj, lex)
        if negated:
            pol = flip(pol)
        for h in holders:
            yield make_stance(ctx, p, sent, h, target, pol, modality, "attitude-adjective",
                              0.7, negated)


def _law_antecedent(ctx: Context, p: int, object_tokens: list[Token]) -> list[tuple[str, Token]]:
    """ "The law was passed by Congress" → the topics of "a law that expands the sanctions"."""
    for o in object_tokens:
        if o.lemma_.lower() not in {"law", "bill", "resolution", "measure", "act", "package",
                                    "legislation", "decision"}:
            continue
        if not any(c.lower_ in ("the", "this", "that") for c in o.children):
            continue
        for q in (p, p - 1):
            if q < 0:
                continue
            doc = ctx.linked.docs[q]
            for t in reversed(list(doc)):
                if q == p and t.i >= o.i:
                    continue
                if t.lemma_.lower() == o.lemma_.lower() and t.i != o.i:
                    found = find_targets(ctx, q, list(t.subtree), frozenset({"Topic", "Treaty"}))
                    if found:
                        return found
    return []


def _attitude_noun(ctx: Context, p: int, sent: Span, noun: Token, base: str
                   ) -> Iterator[Statement]:
    holders = _noun_holders(ctx, p, noun)
    if not holders:
        return
    scope: list[Token] = []
    pushed: list[Token] = []  # "pressure from Congress to impose sanctions": pushed for
    for c in noun.children:
        if c.dep_ in ("acl", "xcomp") and base == OPPOSE and any(
                a.dep_ == "aux" and a.lower_ == "to" for a in c.children):
            pushed.extend(c.subtree)
        elif c.dep_ == "prep" and c.lower_ in TARGET_PREPS - {"of"} or c.dep_ in (
                "acl", "xcomp", "relcl"):
            scope.extend(c.subtree)
        elif c.dep_ == "prep" and c.lower_ == "of" and ids_at(ctx, p, c) == []:
            # "the hostility of X" — X is the holder; other "of" objects are targets
            objs = [o for o in c.children if o.dep_ == "pobj"]
            if objs and not entities(ctx, p, objs, ACTORS):
                scope.extend(c.subtree)
            for o in objs:  # "the hostility of X towards Y": parsers hang Y under X
                scope += [t for pp in o.children if pp.dep_ == "prep" and pp.lower_ in
                          TARGET_PREPS - {"of"} for t in pp.subtree]
    targets = [(i, t, base) for i, t in find_targets(ctx, p, scope, ISSUES | ACTORS)]
    targets += [(i, t, SUPPORT) for i, t in find_targets(ctx, p, pushed, ISSUES | ACTORS)]
    modality, negated = factuality(noun)
    if modality in (NORMATIVE, HYPOTHETICAL) or _consequent(noun):
        return
    hostile = ctx.lexicon.cue("actions", "hostile")
    for target, tok, side in targets:
        if target in holders:
            continue
        pol = polarity_of(side, tok, noun, ctx.lexicon)
        if top_class(ctx, target) in ACTORS and noun.lemma_.lower() not in hostile and \
                against(tok, noun, ctx.lexicon):
            continue  # "support for sanctions on Russia": a stance on sanctions only
        for h in holders:
            yield make_stance(ctx, p, sent, h, target, pol, ASSERTED, "attitude-noun", 0.65,
                              negated)


def _consequent(tok: Token) -> bool:
    """ "If the attacks continue, the administration will come under pressure from
    Congress": what would follow from a condition."""
    return any(c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in CONDITIONAL
                                         for m in c.children)
               for a in [tok, *tok.ancestors] for c in a.children)


def _noun_holders(ctx: Context, p: int, noun: Token) -> list[str]:
    for c in noun.children:
        if c.dep_ == "poss":
            return entities(ctx, p, [c], ACTORS)
        if c.dep_ == "prep" and c.lower_ in ("of", "by", "from"):
            found = entities(ctx, p, [o for o in c.children if o.dep_ == "pobj"], ACTORS)
            if found:
                return found
    # "criticism of his decision from Kyiv": parsers hang the "from" under the object
    for c in noun.children:
        if c.dep_ == "prep" and c.lower_ == "of":
            for o in c.children:
                for pp in o.children:
                    if pp.dep_ == "prep" and pp.lower_ == "from":
                        found = entities(ctx, p, [g for g in pp.children if g.dep_ == "pobj"],
                                         ACTORS)
                        if found:
                            return found
    if noun.dep_ == "conj":
        return _noun_holders(ctx, p, noun.head)
    if noun.dep_ in ("dobj", "pobj"):
        verb = noun.head if noun.dep_ == "dobj" else noun.head.head
        while verb.dep_ in ("pcomp", "prep", "pobj") and verb.head != verb:
            verb = verb.head
        return entities(ctx, p, subjects(verb), ACTORS)
    return []


def _partisan(ctx: Context, p: int, sent: Span, noun: Token, base: str
              ) -> Iterator[Statement]:
    """ "Turkey, al-Sharaa's most important foreign backer", "Navalny, a critic of the
    Kremlin", "Israel is Washington's closest ally": the one the noun names takes a side."""
    if noun.dep_ == "appos":
        named = [noun.head]
    elif noun.dep_ == "attr":
        named = subjects(noun.head)
    else:
        return
    holders = entities(ctx, p, named, ACTORS)
    sides = [c for c in noun.children if c.dep_ == "poss"] + [
        o for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"
        for o in c.children if o.dep_ == "pobj"]
    targets = entities(ctx, p, [t for s in sides for t in [s, *s.conjuncts]], ISSUES | ACTORS)
    modality, negated = factuality(noun.head if noun.dep_ == "attr" else noun)
    if modality in (NORMATIVE, HYPOTHETICAL):
        return
    pol = flip(base) if negated else base
    for h in holders:
        for t in targets:
            if t != h:
                yield make_stance(ctx, p, sent, h, t, pol, modality, "partisan", 0.65, negated)


def _speech(ctx: Context, p: int, sent: Span, noun: Token) -> Iterator[Statement]:
    """ "Joe Biden's statements ... point towards cooperation on climate change"."""
    holders = entities(ctx, p, [c for c in noun.children if c.dep_ == "poss"], ACTORS)
    if not holders:
        return
    verb = noun.head
    scope = [t for c in verb.children if c != noun for t in c.subtree]
    evaluations = [e for t in scope if (e := authorial.evaluation(t, ctx.lexicon))]
    base = evaluations[0][0] if evaluations else SUPPORT
    for target, tok in find_targets(ctx, p, scope, frozenset({"Topic", "Treaty", "Forum"})):
        pol = polarity_of(base, tok, verb, ctx.lexicon)
        for h in holders:
            yield make_stance(ctx, p, sent, h, target, pol, ASSERTED, "speech", 0.6)


