"""What every stance rule shares: finding targets in a stretch of tokens, reading polarity
on the way from a target up to its cue, and the constructions that only set a scene."""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Span, Token

from kg.extract.refs import ids_at, top_class
from kg.extract.syntax import evidence
from kg.model import OPPOSE, SUPPORT, Statement

if TYPE_CHECKING:
    from kg.extract import Context


ISSUES = frozenset({"Topic", "Treaty", "Forum", "Event"})
STANCE_ZONES = {"title", "subtitle", "body", "heading"}
ANAPHORIC = {"issue", "subject", "topic", "area", "matter", "field", "sphere", "problem"}
SUMMIT_NOUNS = {"meeting", "summit"}
#: "the measures", "these restrictions": the sanctions (or embargo, tariffs) named just before.
MEASURE_WORDS = {"measure", "restriction", "penalty"}
ATTITUDE_PREPS = {"for", "of", "on", "to", "in", "towards", "toward", "against", "with"}
TARGET_PREPS = {"towards", "toward", "to", "against", "on", "for", "with", "of", "in"}


def find_targets(ctx: Context, p: int, tokens: list[Token], classes: frozenset[str] = ISSUES
                 ) -> list[tuple[str, Token]]:
    """Entities (of `classes`) named within `tokens`, each with the token that names it."""
    out: list[tuple[str, Token]] = []
    seen: set[str] = set()
    summits = ctx.summits(lambda: _doc_summits(ctx))
    for t in tokens:
        ids = ids_at(ctx, p, t, proxies=False)
        ref = ctx.linked.ref_at(p, t)
        if ref is not None and not ref.mention and ref.kind in ("weak", "place", "demonym"):
            ids = []
        if not ids and t.lemma_.lower() in ANAPHORIC and any(
                c.lower_ in ("this", "these", "that") for c in t.children):
            ids = _antecedent_topic(ctx, p, t)
        if not ids and t.lemma_.lower() in MEASURE_WORDS and any(
                c.lower_ in ("the", "these", "those", "such") for c in t.children):
            ids = _antecedent_topic(ctx, p, t, ctx.lexicon.cue("actions", "measures"))
        if not ids and t.lemma_.lower() in SUMMIT_NOUNS and len(summits) == 1:
            ids = summits
        if not ids and _bare_treaty_act(t, ctx.lexicon) and (
                treaty := ctx.linked.implied(p, t.i, "Treaty")):
            ids = [treaty]
        for i in ids:
            if i not in seen and top_class(ctx, i) in classes:
                seen.add(i)
                out.append((i, t))
    return out


def _bare_treaty_act(tok: Token, lex: object) -> bool:
    """ "an extension", "ratification": an act on a treaty that does not name it."""
    return tok.pos_ == "NOUN" and tok.lemma_.lower() in lex.cue(  # type: ignore[attr-defined]
        "actions", "treaty_acts") and not any(
        c.dep_ in ("poss", "compound", "nmod") or c.dep_ == "prep" and c.lower_ in ("of", "to")
        for c in tok.children)


def _doc_summits(ctx: Context) -> list[str]:
    found = sorted({i for refs in ctx.linked.refs for r in refs if r.mention or r.kind ==
                    "definite" for i in r.ids if top_class(ctx, i) == "Event" and
                    (ctx.gazetteer.entries.get(i) is not None and
                     ctx.gazetteer.entries[i].participants or i.endswith(("-summit",
                                                                          "-meeting")))})
    return found


def _antecedent_topic(ctx: Context, p: int, tok: Token, labels: frozenset[str] | None = None
                      ) -> list[str]:
    """ "this issue" → the topic named last before it (this or the previous paragraph); with
    `labels`, the last topic of one of those names ("the measures" → sanctions), named in
    this paragraph or one of the three before it (a report of sanctions goes on about
    "the measures" for a while)."""
    for q in range(p, p - (4 if labels else 2), -1):
        if q < 0:
            continue
        refs = [r for r in ctx.linked.refs[q] if r.ids and (q < p or r.end <= tok.i)
                and (r.mention or r.kind == "weak") and top_class(ctx, r.ids[0]) == "Topic"
                and not (r.kind == "weak" and not r.mention) and (
                    labels is None or ctx.linked.entities[r.ids[0]].label.lower() in labels)]
        if refs:
            return [refs[-1].ids[0]]
    return []


def polarity_of(base: str, target: Token, top: Token, lex: object) -> str:
    """Flip `base` for each ending action and negated verb between target and top.

    Stepping from a conjunct to the first conjunct ("avoid incidents and continue talks")
    does not pass through the first conjunct's meaning.
    """
    ends = lex.cue("actions", "end")  # type: ignore[attr-defined]
    pol = base
    t = target
    for _ in range(20):
        if t == top or t.head == t:
            break
        sibling = t.dep_ == "conj"
        t = t.head
        if sibling and t != top:
            continue
        if t.lemma_.lower() in ends or t.lower_ in ends:
            pol = flip(pol)
        if t.pos_ in ("VERB", "AUX", "ADJ") and is_negated(t):
            pol = flip(pol)
    return pol


def flip(pol: str) -> str:
    return OPPOSE if pol == SUPPORT else SUPPORT


def make_stance(ctx: Context, p: int, sent: Span, holder: str, target: str, polarity: str,
                modality: str, rule: str, confidence: float, negated: bool = False) -> Statement:
    return Statement("stance", "stance", holder, target, polarity=polarity, modality=modality,
                     negated=negated, attributed_to=ctx.author,
                     evidence=[evidence(ctx, p, sent, f"stance.{rule}", confidence)])


#: Prepositions whose phrases only set the scene ("during the Cold War", "like in 1980").
SCENE_PREPS = {"during", "since", "after", "before", "until", "like", "unlike", "despite",
               "amid", "throughout"}


def scene(tok: Token) -> bool:
    """The object of a scene-setting preposition: "during the Cold War"."""
    while tok.dep_ in ("compound", "det", "amod") and tok.head != tok:
        tok = tok.head
    return tok.dep_ == "pobj" and tok.head.lower_ in SCENE_PREPS


def is_negated(tok: Token) -> bool:
    """ "not useful", "never helped", "no breakthroughs"."""
    return any(ch.dep_ == "neg" or ch.lower_ == "never" or ch.dep_ == "det" and ch.lower_ == "no"
               for ch in tok.children)


def evaluate(tok: Token, lex: object) -> str | None:
    c = lex.cue  # type: ignore[attr-defined]
    for a in tok.children:
        if a.dep_ in ("amod", "acomp") and a.lower_ in c("positive", "adjectives"):
            return SUPPORT
        if a.dep_ in ("amod", "acomp") and a.lower_ in c("negative", "adjectives"):
            return OPPOSE
    return None


def up_to_comma(noun: Token) -> list[Token]:
    """A noun's phrase, cut at the first comma after it (parsers attach what follows)."""
    out = []
    for t in noun.subtree:
        if t.i > noun.i and t.text in (",", ";", "—", "–"):
            break
        out.append(t)
    return out


def in_conditional(tok: Token) -> bool:
    for t in [tok, *tok.ancestors]:
        if t.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in ("if", "unless")
                                     for c in t.children):
            return True
    return False


