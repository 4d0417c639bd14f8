"""Stances shown by acts of war: who fights, bombs or wages a campaign against an actor
opposes it ("towards an actor, `oppose` is hostility", GUIDE §4), in the words of
`[hostility]` in ontology/lexicon/stances.toml.

The act is the evidence, not a reported view, so nothing here reads attitude words; a
negated or hypothetical act ("if Moscow launched an offensive against Kyiv") keeps its
factuality and stays out of the scored core the usual way.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from spacy.tokens import Span, Token

from kg.extract.refs import ACTORS, entities
from kg.extract.syntax import conjuncts, factuality, subjects
from kg.extract.targets import make_stance
from kg.model import NORMATIVE, OPPOSE, Statement

if TYPE_CHECKING:
    from kg.extract import Context

#: Prepositions that introduce the actor a hostile noun is aimed at.
_AIMED = ("against", "on")


def hostile_acts(ctx: Context, p: int, sent: Span) -> Iterator[Statement]:
    """ "Moscow bombed the Islamic State", "their air strikes against the Islamic State"."""
    verbs = ctx.lexicon.cue("hostility", "verbs")
    nouns = ctx.lexicon.cue("hostility", "nouns")
    words = ctx.linked.words[p]
    for i in range(sent.start, sent.end):
        pos, lemma = words.pos[i], words.lemma[i]
        if pos == "VERB" and lemma in verbs:
            verb = sent.doc[i]
            aimed = [t for c in verb.children if c.dep_ == "dobj" for t in conjuncts(c)]
            aimed += _aimed_at(verb)
            yield from _stances(ctx, p, sent, verb, subjects(verb), aimed)
        elif pos == "NOUN" and (lemma in nouns or words.lower[i] in nouns):
            noun = sent.doc[i]
            aimed = _aimed_at(noun)
            if aimed:
                yield from _stances(ctx, p, sent, noun, _doers(noun), aimed)


def _aimed_at(tok: Token) -> list[Token]:
    """The objects of "against"/"on" under a verb or noun, with their conjuncts."""
    return [t for c in tok.children if c.dep_ == "prep" and c.lower_ in _AIMED
            for o in c.children if o.dep_ == "pobj" for t in conjuncts(o)]


def _doers(noun: Token) -> list[Token]:
    """Who carries out the act a noun names: the subject of the verb it is the object of
    ("France and Russia coordinated their strikes", "agreed to coordinate ...")."""
    if noun.dep_ in ("dobj", "nsubjpass") and noun.head.pos_ == "VERB":
        return subjects(noun.head)
    return []


def _stances(ctx: Context, p: int, sent: Span, trigger: Token, doer_tokens: list[Token],
             aimed: list[Token]) -> Iterator[Statement]:
    doers = entities(ctx, p, doer_tokens, ACTORS)
    if not doers:
        return
    targets = entities(ctx, p, aimed, ACTORS)
    act = trigger.head if trigger.pos_ == "NOUN" and trigger.head.pos_ == "VERB" else trigger
    modality, negated = factuality(act)
    if modality == NORMATIVE:
        return  # "the West should fight ...": a recommendation, the author's if anyone's
    for doer in doers:
        for target in targets:
            if target != doer:
                yield make_stance(ctx, p, sent, doer, target, OPPOSE, modality,
                                  "hostile-act", 0.65, negated)
