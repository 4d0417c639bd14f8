"""Stances shown by what an actor does, not what it says: keeping or leaving a treaty or
forum ("Russia suspended its participation in New START"), announcing its own action on one
("Russia announced it would leave the treaty"), and steps and acts others judge ("..., a
move opposed by Berlin", "Blinken called the decision irresponsible")."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from spacy.tokens import Span, Token

from kg.extract.refs import (
    ACTORS,
    GOVERNMENT_NOUNS,
    entities,
    led_state,
    speakers_of,
    top_class,
)
from kg.extract.syntax import REFUSAL, agents, conjuncts, factuality, objects, subjects
from kg.extract.targets import (
    find_targets,
    flip,
    in_conditional,
    is_negated,
    make_stance,
    polarity_of,
    scene,
)
from kg.model import ASSERTED, HYPOTHETICAL, NORMATIVE, OPPOSE, SUPPORT, Statement

if TYPE_CHECKING:
    from kg.extract import Context


#: Treaties and forums: what an actor does to one shows where it stands on it.
COMMITTED = frozenset({"Treaty", "Forum"})


def commitment(ctx: Context, p: int, sent: Span, verb: Token, base: str
               ) -> Iterator[Statement]:
    """ "Russia suspended its participation in New START", "Putin and Xi extended the
    treaty", "Trump withdrew the United States from the deal": keeping a treaty or forum
    alive is supporting it, leaving or breaking it opposing it (GUIDE §4)."""
    if any(c.dep_ == "nsubjpass" for c in verb.children):
        holders = entities(ctx, p, agents(verb), ACTORS)
        object_tokens = [c for c in verb.children if c.dep_ == "nsubjpass"]
    else:
        holders = entities(ctx, p, subjects(verb), ACTORS)
        object_tokens = objects(verb, {"from", "in", "to", "of", "with", "under", "out", "on",
                                       "into"})
    through = ctx.lexicon.rel("partyTo", "through")
    object_tokens += [t for o in object_tokens if o.lemma_.lower() in through
                      for t in objects(o, {"in", "of", "to", "under"})]
    taking_part = any(o.lower_ == "part" for o in object_tokens)
    if verb.lemma_.lower() == "take" and not taking_part:
        return  # "take" keeps a treaty only as "take part in"
    participating = taking_part or verb.lemma_.lower() in ctx.lexicon.cue("commitments",
                                                                           "participate")
    if participating:  # "take part in arms control talks": the talks' topic counts too
        object_tokens += [t for o in object_tokens for t in o.subtree]
    targets = find_targets(ctx, p, [t for o in object_tokens for t in conjuncts(o)],
                       COMMITTED | {"Topic"} if participating else COMMITTED)
    if not holders or not targets:
        return
    modality, negated = factuality(verb)
    if in_conditional(verb) or modality == NORMATIVE:
        return  # "unless they extend it"; what should be done is the author's (authorial)
    if any(a.lemma_.lower() in REFUSAL for a in verb.ancestors):
        # "refused to take part", "rejected proposals to join": a decision, so a position
        # (a plain "did not" is not one)
        negated, base = False, flip(base)
    pol = flip(base) if negated else base
    holders += spokespeople(ctx, p, verb, holders)
    for target, _ in targets:
        for h in holders:
            if h != target:
                yield make_stance(ctx, p, sent, h, target, pol, modality, "commitment", 0.7,
                              negated)


def announced(ctx: Context, p: int, sent: Span, verb: Token) -> Iterator[Statement]:
    """ "Russia announced that it would withdraw from the treaty", "the presidents pledged
    to launch a dialogue on strategic stability": announcing what one will do to an issue is
    a position on it. The clause must be the holders' own action (its subject one of them,
    their government or a pronoun), and an action that keeps or ends something."""
    lex = ctx.lexicon
    holders = entities(ctx, p, subjects(verb), ACTORS)
    if not holders:
        return
    acts = lex.cue("actions", "continue") | lex.cue("actions", "end") | lex.cue(
        "commitments", "keep") | lex.cue("commitments", "break")
    breaking = lex.cue("commitments", "break") - lex.cue("actions", "end")
    for clause in verb.children:
        if clause.dep_ not in ("ccomp", "xcomp") or clause.lemma_.lower() not in acts:
            continue
        doers = subjects(clause)
        if doers and not all(_own(ctx, p, d, holders) for d in doers):
            continue
        modality, negated = factuality(clause)
        if modality in (NORMATIVE, HYPOTHETICAL):
            continue
        for target, tok in find_targets(ctx, p, list(clause.subtree)):
            pol = polarity_of(SUPPORT, tok, verb, lex)  # flips at ending actions
            if clause.lemma_.lower() in breaking:  # "would leave the treaty"
                pol = flip(pol)
            for h in holders:
                yield make_stance(ctx, p, sent, h, target, flip(pol) if negated else pol,
                                  modality, "announced", 0.65, negated)


def _own(ctx: Context, p: int, doer: Token, holders: list[str]) -> bool:
    """The doer of an announced action is the announcer: a pronoun, "their governments",
    or a name of one of them (or of the state one of them leads)."""
    if doer.lower_ in ("it", "they", "we", "he", "she"):
        return True
    if doer.lemma_.lower() in GOVERNMENT_NOUNS and any(c.dep_ == "poss" for c in doer.children):
        return True
    ids = set(entities(ctx, p, [doer], ACTORS))
    own = set(holders) | {s for h in holders if (s := led_state(ctx, h))}
    return bool(ids) and ids <= own


def judged_step(ctx: Context, p: int, sent: Span, noun: Token) -> Iterator[Statement]:
    """ "..., a step opposed by Moscow and Berlin"; "..., an idea the United States has
    rejected": the judge holds a stance on what the main clause does to its issues."""
    lex = ctx.lexicon
    support, oppose = lex.cue("attitude", "support_verbs"), lex.cue("attitude", "oppose_verbs")
    if noun.dep_ not in ("appos", "npadvmod", "dobj", "attr") or noun.head == noun:
        return
    for verb in noun.children:
        lemma = verb.lemma_.lower()
        if lemma not in support | oppose:
            continue
        if verb.dep_ == "acl" and verb.tag_ == "VBN":
            holders = entities(ctx, p, agents(verb), ACTORS)
        elif verb.dep_ == "relcl" and not any(c.dep_ == "dobj" for c in verb.children):
            holders = entities(ctx, p, subjects(verb), ACTORS)
        else:
            continue
        top = noun.head
        while top.pos_ not in ("VERB", "AUX") and top.head != top:
            top = top.head
        inside = {t.i for t in noun.subtree}
        scope = [t for t in top.subtree if t.i not in inside and not scene(t)]
        # the judgement is read on its own verb: "preparing to include ..., a step opposed
        # by Moscow" is an asserted opposition to a planned step
        modality, negated = ASSERTED, is_negated(verb)
        base = SUPPORT if lemma in support else OPPOSE
        for target, tok in find_targets(ctx, p, scope):
            pol = polarity_of(base, tok, top, lex)
            for h in holders:
                if h != target:
                    yield make_stance(ctx, p, sent, h, target, flip(pol) if negated else pol,
                                  modality, "judged-step", 0.65, negated)


def judged_act(ctx: Context, p: int, sent: Span, judge: Token, base: str, holders: list[str],
               scope: list[Token], modality: str, negated: bool) -> Iterator[Statement]:
    """ "Blinken called the decision irresponsible", "the Duma voted to approve a law
    formalising the suspension": a definite act noun with no doer of its own stands for the
    act the article reported last (Russia suspending New START). Judging it is taking its
    side on the act's target, and condemning it is opposing its doer."""
    if not ctx.acts:
        return
    act = ctx.acts[-1]
    nouns = ctx.lexicon.cue("attitude", "act_nouns")
    for tok in scope:
        if tok.lemma_.lower() not in nouns or tok.pos_ != "NOUN" or not any(
                c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in tok.children
        ) or any(c.dep_ in ("poss", "compound") or c.dep_ == "prep" and c.lower_ in (
                "of", "by", "to") for c in tok.children):
            continue
        pol = polarity_of(base, tok, judge, ctx.lexicon)
        if negated:
            pol = flip(pol)
        toward_target = act.polarity if pol == SUPPORT else flip(act.polarity or SUPPORT)
        for h in holders:
            if h not in (act.object, act.subject):
                yield make_stance(ctx, p, sent, h, act.object, toward_target, modality,
                                  "judged-act", 0.6, negated)
            if pol == OPPOSE and h != act.subject:
                yield make_stance(ctx, p, sent, h, act.subject, OPPOSE, modality,
                                  "judged-act", 0.6, negated)
        return


def spokespeople(ctx: Context, p: int, anchor: Token, holders: list[str]) -> list[str]:
    """Who speaks for the holders of a reported clause: "Putin said Russia was ready to
    extend the treaty", "Pompeo announced that Washington would withdraw" — the speaker,
    where the gazetteer records them holding an office of one of the holders, or where their
    title in the sentence names it ("China's UN Ambassador Fu Cong said Beijing supported")."""
    out = []
    for s in _announcers(ctx, p, anchor):
        if s in holders:
            continue
        if any(serves(ctx, s, h) for h in holders) or \
                not _title_actors(ctx, p, anchor.sent, s).isdisjoint(holders):
            out.append(s)
    return out


def _title_actors(ctx: Context, p: int, sent: Span, person: str) -> set[str]:
    """The actors a person's title names where the sentence names the person: "China" in
    "China's UN Ambassador Fu Cong", "Russia" in "Sergei Ryabkov, Russia's deputy foreign
    minister" or "Russian Deputy Foreign Minister Sergei Ryabkov"."""
    found: set[str] = set()
    for ref in ctx.linked.refs[p]:
        if person not in ref.ids or not sent.start <= ref.start < sent.end:
            continue
        head = sent.doc[ref.end - 1]
        while head.dep_ in ("compound", "flat") and head.head != head:
            head = head.head
        title = [t for t in head.subtree if t.i < ref.start and t.dep_ in (
            "poss", "compound", "amod", "nmod")]
        title += [t for c in head.children if c.dep_ == "appos" for t in c.subtree]
        for t in title:
            r = ctx.linked.ref_at(p, t)
            if r is not None and r.ids and person not in r.ids:
                found.update(r.ids)
    return found


def _announcers(ctx: Context, p: int, verb: Token) -> list[str]:
    """The people who report a clause: "Pompeo announced that Washington would withdraw"."""
    speakers = speakers_of(ctx, p, verb) or []
    return [s for s in speakers if s != ctx.author and top_class(ctx, s) == "Person"]


def serves(ctx: Context, person: str, actor: str) -> bool:
    """Whether the gazetteer records `person` holding an office of `actor` (at any time):
    the one who announces a state's withdrawal speaks for it."""
    entry = ctx.gazetteer.entries.get(person)
    return entry is not None and any(r.of == actor for r in entry.roles)


