"""`memberOf` from descriptions of a group's members: "the Normandy format, which brings
together Russia, Ukraine, France and Germany"; "the P5+1 — China, France, Germany, ..."."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from spacy.tokens import Span, Token

from kg.extract.framing import make_relation
from kg.extract.refs import entities, ids_at, top_class
from kg.extract.syntax import agents, subjects
from kg.model import Statement

if TYPE_CHECKING:
    from kg.extract import Context


def composition(ctx: Context, p: int, sent: Span) -> Iterator[Statement]:
    """ "the Normandy format, which brings together Russia, Ukraine, France and Germany";
    "the Quartet — made up of representatives from Moscow and Washington, alongside the UN
    and EU —": every state or organisation in the description is a member of the group."""
    verbs = ctx.lexicon.rel("memberOf", "composition_verbs")
    words = ctx.linked.words[p]
    for i in range(sent.start, sent.end):
        if words.pos[i] != "VERB" or words.lemma[i] not in verbs:
            continue
        tok = sent.doc[i]
        if tok.lemma_.lower() in ("make", "compose", "consist") and not any(
                t.lower_ == "of" for t in sent.doc[tok.i + 1:min(tok.i + 4, sent.end)]):
            continue  # "made up of", "composed of", "consists of" — not "made a deal"
        if tok.lemma_.lower() == "bring" and not any(c.lower_ == "together"
                                                     for c in tok.children):
            continue
        group = _composed_group(ctx, p, sent, tok)
        if not group:
            continue
        members = [i for t in _insertion(sent, tok) if not _under_other_verb(t, tok)
                   for i in ids_at(ctx, p, t, proxies=False)
                   if top_class(ctx, i) in {"State", "Organization"}]
        for m in dict.fromkeys(members):
            st = make_relation(ctx, p, sent, "memberOf", m, group, tok, "composition", 0.7,
                               presupposed=True)
            if st:
                yield st


def founders(ctx: Context, p: int, sent: Span) -> Iterator[Statement]:
    """ "BRICS was founded by Brazil, Russia, India and China"; "the Shanghai Cooperation
    Organisation, founded by China and Russia": founding states are members."""
    verbs = ctx.lexicon.rel("memberOf", "founding_verbs")
    words = ctx.linked.words[p]
    groups = frozenset({"Forum", "Organization"})
    for i in range(sent.start, sent.end):
        if words.pos[i] != "VERB" or words.lemma[i] not in verbs:
            continue
        verb = sent.doc[i]
        described = verb.dep_ == "acl" and verb.tag_ == "VBN"
        if described or any(c.dep_ == "nsubjpass" for c in verb.children):
            founded = [c for c in verb.children if c.dep_ == "nsubjpass"] or [verb.head]
            founding = agents(verb)
        else:
            founded = [c for c in verb.children if c.dep_ == "dobj"]
            founding = subjects(verb)
        group = entities(ctx, p, founded, groups)
        members = entities(ctx, p, founding, frozenset({"State"}))
        for m in members:
            for g in group[:1]:
                st = make_relation(ctx, p, sent, "memberOf", m, g, verb, "founding", 0.7)
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


def listed_members(ctx: Context, p: int, sent: Span) -> Iterator[Statement]:
    """A group followed by the list of its members: "the P5+1 — China, France, Germany,
    Russia, the United Kingdom and the United States —", "the member states of the Arctic
    Council (Canada, Denmark, ...)". Two members at least: one is a gloss, not a list."""
    doc = sent.doc
    groups = frozenset({"Forum", "Organization"})
    text = ctx.linked.words[p].text
    for i in range(sent.start + 1, sent.end):
        if text[i] not in ("—", "–", "(", ":"):
            continue
        tok = doc[i]
        group = entities(ctx, p, [doc[tok.i - 1]], groups)
        if not group:
            continue
        members = _list_after(ctx, p, sent, tok.i + 1)
        if len(members) < 2:
            continue
        for m in members:
            st = make_relation(ctx, p, sent, "memberOf", m, group[0], tok, "member-list", 0.7,
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


def _under_other_verb(t: Token, verb: Token) -> bool:
    """Whether `t` hangs from `verb` through a clause of another verb: in "the G7 was
    united in imposing sanctions on Russia", Russia is what the sanctions are imposed on,
    not a member of the G7."""
    seen = False
    while t.i != verb.i:
        if t.head.i == t.i:
            return False  # not under the verb at all: the parser placed the list elsewhere
        t = t.head
        # "including" introduces the list itself: a preposition, whatever its tag
        seen = seen or t.i != verb.i and t.pos_ in ("VERB", "AUX") and t.dep_ != "prep"
    return seen


def _insertion(sent: Span, tok: Token) -> list[Token]:
    """The tokens from `tok` to the dash, bracket or clause end that closes its insertion."""
    out = []
    for t in sent[tok.i - sent.start:]:
        if t.i > tok.i and t.text in ("—", "–", ")", ";") or t.text == "-" and t.i > tok.i + 2:
            break
        out.append(t)
    return out
