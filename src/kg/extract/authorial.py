"""The author's stances: normative statements ("X should ...", "it is in Russia's interest to
..."), evaluations ("sanctions have never done anyone any good") and proposals ("Russia
could give new impetus to the Arctic Council"); a cue under a reporting verb is the
speaker's."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from spacy.tokens import Span, Token

from kg.extract.refs import ACTORS, speakers_of
from kg.extract.syntax import agents, factuality, subjects
from kg.extract.targets import (
    ISSUES,
    find_targets,
    flip,
    in_conditional,
    is_negated,
    make_stance,
    polarity_of,
    scene,
    up_to_comma,
)
from kg.extract.words import Words
from kg.model import ASSERTED, HYPOTHETICAL, NORMATIVE, OPPOSE, POSSIBLE, SUPPORT, Statement

if TYPE_CHECKING:
    from kg.extract import Context

def authorial(ctx: Context, p: int, sent: Span) -> Iterator[Statement]:
    if ctx.linked.words[p].sentence(sent).rstrip().endswith("?"):
        return
    seen: set[str] = set()
    for kind, base, anchor, scope in _cues(sent, ctx.lexicon, ctx.linked.words[p]):
        modality = {"normative": NORMATIVE, "possible": POSSIBLE}.get(kind, ASSERTED)
        confidence = {"normative": 0.7, "possible": 0.5}.get(kind, 0.6)
        holders = speakers_of(ctx, p, anchor)
        if holders is None:
            continue  # a view the author only reports ("some analysts argue that ...")
        rule = f"author-{kind}" if holders == [ctx.author] else f"reported-{kind}"
        # what a harm harms is valued only where it is an issue area ("the mistrust that
        # hampered dialogue"), not a treaty someone is said to violate
        classes = frozenset({"Topic"}) if kind == "valued" else ISSUES
        inside = {t.i for t in scope}
        for target, tok in find_targets(ctx, p, [t for t in scope if not scene(t)], classes):
            if target in seen or in_conditional(tok) or any(
                    a.dep_ == "prep" and a.lower_ == "at" for a in tok.ancestors
                    if a.i in inside):  # "promoted the draft at the Conference": a venue
                continue
            seen.add(target)
            pol = polarity_of(base, tok, anchor, ctx.lexicon)
            for holder in holders:
                st = make_stance(ctx, p, sent, holder, target, pol, modality, rule, confidence)
                st.attributed_to = holder
                yield st
    yield from _criticism(ctx, p, sent)


def _cues(sent: Span, lex: object, words: Words
          ) -> list[tuple[str, str, Token, list[Token]]]:
    """Stance cues of a sentence, strongest first: (kind, base polarity, anchor, scope).

    The scope is what the cue is about: the clause a modal governs, the subject of an
    evaluative predicate, the noun an evaluative adjective modifies. Each scan first tests
    the words (`words`), and builds Tokens only for those a cue can start at.
    """
    c = lex.cue  # type: ignore[attr-defined]
    low = words.sentence(sent).lower()
    doc = sent.doc
    span = range(sent.start, sent.end)
    out: list[tuple[str, str, Token, list[Token]]] = []
    modals, verbs = c("normative", "modals"), c("normative", "verbs")
    adjectives = c("normative", "adjectives")
    normative = [doc[i] for i in span if words.lower[i] in modals or words.lemma[i] in verbs
                 or words.lower[i] in adjectives]
    for tok in normative:
        lemma = tok.lemma_.lower()
        if tok.dep_ == "aux" and tok.lower_ in modals:
            head = tok.head
            scope = _clause(head)
            if head.lemma_.lower() in c("normative", "acknowledging"):
                # "Russia must accept that the sanctions will not be lifted": what is to be
                # accepted is a fact the author states, not a course the author urges
                facts = {t.i for ch in head.children if ch.dep_ == "ccomp" for t in ch.subtree}
                scope = [t for t in scope if t.i not in facts]
            out.append(("normative", _predicated(head, lex), head, scope))
        elif lemma in verbs and tok.pos_ in ("VERB", "AUX"):
            out.append(("normative", SUPPORT, tok, _clause(tok)))
        elif tok.lower_ in adjectives and tok.dep_ in ("acomp", "attr") and (
                any(w.lower_ in ("it", "that", "to", "for") for w in tok.head.children)
                or any(ch.dep_ in ("xcomp", "ccomp") for ch in tok.children)):
            out.append(("normative", SUPPORT, tok.head, list(sent)))
    phrase = next((ph for ph in c("normative", "phrases") if ph in low), None)
    if phrase is not None:
        # anchored where the phrase is, so that "X said that it is in everyone's interest"
        # is X's position, not the author's
        at = sent.start_char + low.index(phrase)
        anchor = next((t for t in sent if t.idx + len(t) > at), sent.root)
        out.append(("normative", SUPPORT, anchor, list(sent)))
    evaluative = lex.evaluative_words  # type: ignore[attr-defined]
    for tok in [doc[i] for i in span if words.lower[i] in evaluative
                or words.lemma[i] in evaluative]:
        ev = evaluation(tok, lex)
        if ev is not None:
            out.append(("evaluative", ev[0], ev[1], ev[2]))
            harmed = _harmed(tok, lex)
            if harmed:
                out.append(("valued", SUPPORT, tok, harmed))
    if any(ph in low for ph in lex.multiword("positive", "nouns")):  # type: ignore[attr-defined]
        out.append(("evaluative", SUPPORT, sent.root, list(sent)))
    if any(ph in low for ph in c("possible", "phrases")):
        out.append(("possible", SUPPORT, sent.root, list(sent)))
    possible = c("possible", "modals")
    for tok in [doc[i] for i in span if words.lower[i] in possible]:
        if tok.dep_ == "aux" and tok.lower_ in possible and (
                tok.head.lemma_.lower() in c("actions", "continue") | c("positive", "verbs")):
            out.append(("possible", SUPPORT, tok.head, _clause(tok.head)))
    return out


def _predicated(verb: Token, lex: object) -> str:
    """Which way a normative clause goes: for, unless its verb predicates something bad of
    its subject ("cooperation must not become another casualty of the war": negated, for)."""
    for c in verb.children:
        if c.dep_ in ("attr", "acomp") and verb.lemma_.lower() in ("be", "become", "remain"):
            ev = evaluation(c, lex)
            if ev is not None:
                return ev[0]
    return SUPPORT


def _clause(head: Token) -> list[Token]:
    """A verb's clause: its subtree without the subordinate clauses that only qualify it.

    A second conjunct shares the first one's clause ("Russia will chair the Council and
    could give it new impetus").
    """
    if head.dep_ == "conj" and head.head.pos_ in ("VERB", "AUX"):
        head = head.head
    skip = {t.i for ch in head.children if ch.dep_ in ("advcl", "mark") and any(
        m.lower_ in ("if", "unless", "although", "though", "while", "when", "because", "as")
        for m in ch.children) for t in ch.subtree}
    return [t for t in head.subtree if t.i not in skip]


def evaluation(tok: Token, lex: object) -> tuple[str, Token, list[Token]] | None:
    """An evaluative word and what it evaluates: "a very positive development" (the subject
    of the copula), "hostile actions" (the noun), "helping to restore cooperation" (the
    verb's subject and object), "never done anyone any good" (negated: negative)."""
    c = lex.cue  # type: ignore[attr-defined]
    low, lemma = tok.lower_, tok.lemma_.lower()
    words = lex.evaluative_words  # type: ignore[attr-defined]
    if low not in words and lemma not in words:
        return None
    positive = low in c("positive", "adjectives") or (
        lemma in c("positive", "verbs") and tok.pos_ == "VERB") or (
        lemma in c("positive", "nouns") and tok.pos_ == "NOUN")
    negative = low in c("negative", "adjectives") or (
        lemma in c("negative", "verbs") and tok.pos_ == "VERB") or (
        lemma in c("negative", "nouns") and tok.pos_ == "NOUN" and tok.dep_ in ("attr",
                                                                               "acomp"))
    if not (positive or negative):
        return None
    pol = SUPPORT if positive else OPPOSE
    if tok.pos_ == "VERB":
        passive = any(c.dep_ == "nsubjpass" for c in tok.children)
        doers = agents(tok) if passive and negative else subjects(tok)
        anchor, scope = tok, [t for s in doers for t in s.subtree]
        if positive:  # "helping to restore confidence": what it helps is valued too
            scope += [t for ch in tok.children if ch.dep_ in ("dobj", "xcomp", "ccomp", "prep",
                                                              "prt") for t in ch.subtree]
        if tok.dep_ in ("advcl", "xcomp", "conj") and tok.head.pos_ in ("VERB", "AUX"):
            scope += [t for s in subjects(tok.head) for t in s.subtree]
    else:
        head = tok
        while head.dep_ in ("amod", "advmod", "conj", "compound") and head.head != head \
                and head.head.pos_ in ("NOUN", "ADJ", "PROPN"):
            head = head.head
        if head.dep_ in ("attr", "acomp", "dobj") and head.head.pos_ in ("AUX", "VERB"):
            anchor = head.head
            scope = [t for s in anchor.children if s.dep_ in ("nsubj", "csubj", "nsubjpass")
                     for t in s.subtree]
            if head.dep_ == "dobj":
                scope += [t for s in subjects(anchor) for t in s.subtree]
                scope += list(head.subtree)
        elif tok.dep_ in ("amod", "conj"):
            anchor, scope = head, list(head.subtree)
        else:
            anchor, scope = head, list(head.subtree)
    if is_negated(tok) and tok != anchor:
        pol = flip(pol)  # "not useful"; the anchor's own negation is read with the path
    return pol, anchor, scope


def _harmed(tok: Token, lex: object) -> list[Token]:
    """What a harmful act harms is valued: "the barrier that hampered dialogue" is a stance
    against the barrier, for the dialogue (and "sabotaged by X" against X)."""
    if tok.pos_ != "VERB" or tok.lemma_.lower() not in lex.cue(  # type: ignore[attr-defined]
            "negative", "verbs") or is_negated(tok):
        return []
    return [t for ch in tok.children if ch.dep_ in ("dobj", "xcomp", "ccomp", "prep", "prt",
                                                    "nsubjpass")
            and not (ch.dep_ in ("prep", "agent") and ch.lower_ == "by") for t in ch.subtree]


def _criticism(ctx: Context, p: int, sent: Span) -> Iterator[Statement]:
    """The author's criticism of an actor: "the legacy left by Trump is ominous", "hostile
    and short-sighted actions on the American side", "sabotaged, as the American side has
    done"."""
    lex = ctx.lexicon
    neg_adj, neg_verbs = lex.cue("negative", "adjectives"), lex.cue("negative", "verbs")
    words = ctx.linked.words[p]
    for i in range(sent.start, sent.end):
        if words.lower[i] not in neg_adj and words.lemma[i] not in neg_verbs:
            continue  # neither branch below can apply
        tok = sent.doc[i]
        scope: list[Token] = []
        if tok.lower_ in neg_adj and tok.dep_ == "acomp":
            scope = [t for s in tok.head.children if s.dep_ in ("nsubj", "nsubjpass")
                     for t in s.subtree]
        elif tok.lower_ in neg_adj and tok.dep_ in ("amod", "conj") and tok.head.pos_ in (
                "NOUN", "ADJ"):
            noun = tok.head
            while noun.pos_ == "ADJ" and noun.head != noun:
                noun = noun.head
            scope = up_to_comma(noun)
        elif tok.lemma_.lower() in neg_verbs and tok.pos_ == "VERB":
            scope = [t for s in subjects(tok) + agents(tok) for t in s.subtree]
            done = [t for anc in [tok, *tok.ancestors] for c in anc.children
                    if c.dep_ == "advcl" and c.lemma_.lower() == "do" and any(
                        m.lower_ == "as" for m in c.children) for s in subjects(c)
                    for t in s.subtree]
            if done:  # "... not sabotaged, as the American side has done": X did it
                yield from _criticise(ctx, p, sent, done, negated=False)
        if not scope or factuality(tok)[0] == HYPOTHETICAL:
            continue
        holders = speakers_of(ctx, p, tok)
        if holders and (holders[0] == ctx.author or holders[0] not in {
                i for i, _ in find_targets(ctx, p, scope, ACTORS)}):
            # "Floyd called Russia's decision regrettable" is Floyd's criticism (and the
            # phrase naming Floyd is not what he criticises)
            yield from _criticise(ctx, p, sent, scope, negated=is_negated(tok), holder=holders[0])


#: Prepositions whose object suffers or locates the criticised act: "Russia's war against
#: Ukraine" criticises Russia, not Ukraine.
NOT_THE_DOER = {"against", "toward", "towards", "into", "in", "at", "near"}


def _criticise(ctx: Context, p: int, sent: Span, scope: list[Token], negated: bool,
               holder: str | None = None) -> Iterator[Statement]:
    holder = holder or ctx.author
    inside = {t.i for t in scope}
    rule = "author-criticism" if holder == ctx.author else "reported-criticism"
    for target, tok in find_targets(ctx, p, scope, ACTORS):
        if target in (ctx.author, holder) or any(
                a.i in inside and a.dep_ == "prep" and a.lower_ in NOT_THE_DOER
                for a in tok.ancestors):
            continue
        yield make_stance(ctx, p, sent, holder, target, SUPPORT if negated else OPPOSE,
                          ASSERTED, rule, 0.55)


