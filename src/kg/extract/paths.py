"""What the path from a stance's target up to its cue says about the target.

A target named under an attitude is not always what the attitude is towards: "the dialogue
between Washington and Moscow" names the parties of what is welcomed, "a buildup near
Ukraine" only a place, "accused Washington of breaching the treaty" a charge. Each test
here reads one such construction off the dependency path; `kg.extract.stances` combines
them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from spacy.tokens import Token

from kg.extract.refs import ACTORS, entities
from kg.extract.syntax import REFUSAL

if TYPE_CHECKING:
    from kg.extract import Context


def imposes_measures(verb: Token, lex: object) -> bool:
    """ "imposed sanctions on Russia", "adopted its 14th package of sanctions": imposing a
    measure is an act between two actors, read as a relation (a vote to approve one is a
    position: the verbs are `imposing_acts` in the lexicon)."""
    if verb.lemma_.lower() not in lex.cue("actions", "imposing_acts"):  # type: ignore[attr-defined]
        return False
    measures = lex.cue("actions", "measures")  # type: ignore[attr-defined]
    portions = lex.rel("sanctions", "portions")  # type: ignore[attr-defined]
    for o in verb.children:
        if o.dep_ not in ("dobj", "nsubjpass"):
            continue
        if o.lemma_.lower() in measures:
            return True
        if o.lemma_.lower() in portions and any(
                c.dep_ == "prep" and c.lower_ == "of" and any(
                    g.lemma_.lower() in measures for g in c.children) for c in o.children):
            return True
    return False


def summed_up(tok: Token, verb: Token, lex: object) -> bool:
    """ "agreed to cut Russian banks off SWIFT, the most far-reaching response so far to
    Russia's invasion": what a noun summing up the act is about is not what was agreed."""
    nouns = lex.cue("attitude", "summary_nouns")  # type: ignore[attr-defined]

    def summing(a: Token) -> bool:  # parsers often make it a second object: after a comma
        start = a.left_edge.i
        return a.lemma_.lower() in nouns and a.pos_ == "NOUN" and (a.dep_ == "appos" or (
            a.dep_ in ("dobj", "npadvmod") and start > 0 and a.doc[start - 1].text == ","))

    return passes(tok, verb, summing)


def owned_kind(ctx: Context, p: int, tok: Token) -> bool:
    """ "criticized Beijing's Arctic ambitions": the Arctic only says which of Beijing's
    ambitions; the criticism is of Beijing."""
    return tok.dep_ in ("compound", "amod") and any(
        c.dep_ == "poss" and entities(ctx, p, [c], ACTORS) for c in tok.head.children)


def between(tok: Token, top: Token) -> bool:
    """ "welcomed the dialogue between Washington and Moscow": the parties of what is
    welcomed, not what the stance is towards."""
    return passes(tok, top, lambda a: a.dep_ == "prep" and a.lower_ == "between")


def phrase_head(tok: Token) -> Token:
    """The noun a modifier belongs to: "sides" for the "both" of "both sides"."""
    while tok.dep_ in ("det", "predet", "amod", "nummod", "compound", "quantmod") and \
            tok.head != tok:
        tok = tok.head
    return tok


def object_actor(ctx: Context, tok: Token, verb: Token) -> bool:
    """An actor the attitude is towards: a nominal dependent of the verb, or the partner of
    a contact verb under it ("wants to meet Putin"). Not an actor inside a clause that says
    something else ("agreed to return Ambassador Antonov", "rejected accusations that the
    Russian state was behind the hack") nor the imposer of a hostile measure ("UN sanctions
    on Pyongyang")."""
    contact = ctx.lexicon.rel("meetsWith", "verbs") | ctx.lexicon.rel(
        "meetsWith", "partner_verbs") | ctx.lexicon.rel("cooperatesWith", "verbs")
    measures = ctx.lexicon.cue("actions", "measures")
    t = tok
    while t != verb and t.head != t:
        if t.dep_ in ("compound", "poss", "amod", "nmod") and t.head.lemma_.lower() in measures:
            return False
        if t.dep_ in ("relcl", "acl", "ccomp", "advcl", "pcomp", "appos"):
            return False
        if t.pos_ in ("VERB", "AUX") and t.lemma_.lower() not in contact:
            return False
        t = t.head
    return True


def against(tok: Token, top: Token, lex: object) -> bool:
    """The actor is the object of a hostile action on the way up: "sanctions on Russia"."""
    hostile = lex.cue("actions", "hostile")  # type: ignore[attr-defined]
    with_against = lex.cue("actions", "hostile_against")  # type: ignore[attr-defined]
    child = tok
    for a in tok.ancestors:
        if a.lemma_.lower() in hostile or a.lower_ in hostile or (
                a.lemma_.lower() in with_against and child.dep_ == "prep"
                and child.lower_ == "against"):
            # "Russia's invasion", "U.S. sanctions": the actor does it, it is not its object
            return child.dep_ not in ("poss", "compound", "amod", "nmod")
        if a == top:
            return False
        child = a
    return False


#: Prepositions that only place something: "Moscow's buildup near Ukraine" is not about Ukraine.
LOCATING = {"near", "in", "at", "around", "inside", "outside", "across", "along", "within",
            "from", "into", "over", "throughout", "beyond", "off"}


def passes(tok: Token, top: Token, test: Callable[[Token], bool]) -> bool:
    """Whether the path from `tok` up to `top` (exclusive) has a token that passes `test`."""
    for a in tok.ancestors:
        if a == top:
            return False
        if test(a):
            return True
    return False


def venue(tok: Token, top: Token) -> bool:
    """ "promoted the draft at the Conference on Disarmament": where it happened."""
    return passes(tok, top, lambda a: a.dep_ == "prep" and a.lower_ == "at")


def held_view(verb: Token) -> bool:
    """A negated attitude in the present ("does not support", "doesn't want") is a view
    held now, the opposite one; a negated past act ("did not condemn") is only not done."""
    return any(c.dep_ == "aux" and c.lemma_ == "do" and c.tag_ in ("VBZ", "VBP")
               for c in verb.children)


def refused(verb: Token) -> bool:
    """ "Kyiv and Brussels refuse to recognise the treaty": refusing a favourable act is a
    position against its object, whatever the tense (refusing to condemn is not one for
    it: the caller asks only of favourable verbs)."""
    return verb.dep_ == "xcomp" and verb.head.lemma_.lower() in REFUSAL and not any(
        c.dep_ == "neg" for c in verb.head.children)


def accused_act(tok: Token, verb: Token) -> bool:
    """What the accused is said to have done: "accused Washington of breaching the treaty"
    is a charge against Washington, not a position on the treaty."""
    for a in tok.ancestors:
        if a.head == verb and a.dep_ == "prep" and a.lower_ in ("of", "for"):
            return True
        if a == verb:
            return False
    return False


def described(tok: Token, top: Token) -> bool:
    """True when the path from `tok` up to `top` passes through a participle describing a
    noun: "a hotline modelled on ...", "a force based in ..."."""
    return passes(tok, top, lambda a: a.dep_ == "acl" and a.tag_ == "VBN")


def located(tok: Token, top: Token) -> bool:
    """True when the path from `tok` up to `top` passes through a locating preposition."""
    return passes(tok, top, lambda a: a.dep_ == "prep" and a.lower_ in LOCATING)
