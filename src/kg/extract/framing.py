"""What every relation rule shares: the relation types' signatures and how a found pair of
parties becomes a `Statement` with its factuality, attribution and evidence."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from spacy.tokens import Span, Token

from kg.extract.refs import ACTORS, entities, led_state, speakers_of, top_class
from kg.extract.syntax import conjuncts, evidence, factuality, subjects
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


def make_relation(ctx: Context, p: int, sent: Span, rtype: str, a: str, b: str, trigger: Token,
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


def relation_pairs(ctx: Context, p: int, sent: Span, rtype: str, subs: list[str], objs: list[str],
                   trigger: Token, rule: str, confidence: float, presupposed: bool = False
                   ) -> Iterator[Statement]:
    for a in subs:
        for b in objs:
            st = make_relation(ctx, p, sent, rtype, a, b, trigger, rule, confidence,
                               presupposed=presupposed)
            if st:
                yield st


def mutual_pairs(ctx: Context, p: int, sent: Span, rtype: str, parties: Iterable[str],
                 trigger: Token, rule: str, confidence: float) -> Iterator[Statement]:
    """A symmetric relation between every two of `parties` ("X, Y and Z met")."""
    for a, b in itertools.combinations(parties, 2):
        st = make_relation(ctx, p, sent, rtype, a, b, trigger, rule, confidence)
        if st:
            yield st


def predicated_of(ctx: Context, p: int, noun: Token) -> list[str]:
    """Who a role noun is said of: "X, chair of Y"; "X is chair of Y"; "X took over as chair";
    "X holds the presidency of Y"; "X, one of the Security Council's five permanent
    members" (the "one" stands for the noun)."""
    if noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.lower_ == "one":
        noun = noun.head.head
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
