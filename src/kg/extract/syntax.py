"""Small readings of the dependency parse shared by the relation and stance rules."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from spacy.tokens import Span, Token

from kg.model import ASSERTED, FUTURE, HYPOTHETICAL, NORMATIVE, POSSIBLE, Evidence

if TYPE_CHECKING:
    from kg.extract import Context

SUBJECTS = {"nsubj", "nsubjpass", "csubj"}
NEGATIONS = {"not", "n't", "never", "no", "neither", "nor", "without", "hardly", "barely"}
HEDGES = {"perhaps", "possibly", "probably", "likely", "maybe", "presumably", "unlikely"}
#: Verbs that negate their complement: "Beijing refused to condemn Russia".
REFUSAL = {"refuse", "decline", "fail", "reject", "avoid"}
INTENT = {"want", "intend", "plan", "seek", "hope", "wish", "expect", "aim", "try", "attempt",
          "prepare", "threaten", "promise", "offer", "propose", "consider"}
CONDITIONAL = {"if", "unless", "whether", "provided"}
#: Conjunctions of a time still to come when their clause is in the present tense: "until
#: Russia implements the agreements", "before they become crises".
PENDING = {"until", "till", "before", "once"}
#: Verbs that, negated, deny their complement: "it does not mean that ...".
DENIABLE = {"mean", "imply", "suggest", "indicate", "signal", "follow"}


def conjuncts(token: Token) -> list[Token]:
    """A token and the tokens coordinated with it ("Putin and Trump"), also in a list the
    parser read as an apposition: "Merkel, Hollande, Putin and Poroshenko met" (Hollande
    hangs under Merkel as an appos, with the others as its conjuncts)."""
    out = [token, *token.conjuncts]
    for c in token.children:
        if c.dep_ == "appos" and c.pos_ == "PROPN" and token.pos_ == "PROPN" and c.conjuncts:
            out += [c, *c.conjuncts]
    return sorted({t.i: t for t in out}.values(), key=lambda t: t.i)


def subjects(verb: Token) -> list[Token]:
    """The subject(s) of a verb, inherited through control ("X continues to impose ...")."""
    v = verb
    for _ in range(4):
        subs = [c for c in v.children if c.dep_ in SUBJECTS]
        if subs:
            return [t for s in subs for t in conjuncts(s)]
        if v.dep_ in ("xcomp", "conj", "advcl", "acl", "pcomp") and v.head != v:
            if v.dep_ == "acl" and v.head.pos_ in ("NOUN", "PROPN"):
                return []
            v = v.head
            continue
        break
    return _fronted_subject(v)


def _fronted_subject(verb: Token) -> list[Token]:
    """The subject a parser lost after a fronted phrase: "During their meeting in Hamburg,
    Vladimir Putin and Donald Trump spoke ..." (the names hang under "Hamburg")."""
    if verb.pos_ not in ("VERB", "AUX") or verb.dep_ not in ("ROOT", "conj"):
        return []
    sent = verb.sent
    before = [t for t in sent if t.i < verb.i]
    commas = [t.i for t in before if t.text == ","]
    if not commas:
        # "In 2013 President Barack Obama and Vladimir Putin agreed ...": the names hang
        # as an apposition and its conjuncts under the fronted phrase's object
        fronted = [c for c in verb.children if c.dep_ == "prep" and c.i < verb.i]
        return [t for c in fronted[:1] for t in c.subtree if t.pos_ == "PROPN"
                and t.dep_ in ("appos", "conj") and t.head.pos_ in ("PROPN", "NOUN")
                and not any(x.pos_ in ("VERB", "AUX") for x in c.subtree)]
    span = [t for t in before if t.i > commas[-1]]
    names = [t for t in span if t.pos_ == "PROPN" and t.dep_ in ("conj", "appos", "pobj",
                                                                  "nsubj")]
    if not names or any(t.pos_ in ("VERB", "AUX") for t in span):
        return []
    return [t for t in names if t.dep_ != "compound"]


def agents(verb: Token) -> list[Token]:
    """The "by" agent of a passive verb ("passed by both Houses of Congress")."""
    for c in verb.children:
        if c.dep_ == "agent":
            return [t for p in c.children if p.dep_ == "pobj" for t in conjuncts(p)]
    return []


def objects(token: Token, preps: frozenset[str] | set[str] = frozenset()) -> list[Token]:
    """Direct objects, and objects of the given prepositions, with their conjuncts."""
    out: list[Token] = []
    for c in token.children:
        if c.dep_ in ("dobj", "attr", "oprd", "pobj") and c.lower_ in ("which", "that", "who",
                                                                     "whom") \
                and token.dep_ == "relcl":
            out.extend(conjuncts(token.head))  # "the JCPOA, which the U.S. left"
        elif c.dep_ in ("dobj", "attr", "oprd", "pobj"):
            out.extend(conjuncts(c))
        elif c.dep_ in ("prep", "agent") and c.lower_ in preps:
            for p in c.children:
                if p.dep_ == "pobj":
                    out.extend(conjuncts(p))
        elif c.dep_ == "prt":
            for p in c.head.children:
                if p.dep_ == "prep" and p.lower_ in preps:
                    for o in p.children:
                        if o.dep_ == "pobj":
                            out.extend(conjuncts(o))
    return out


def clause_chain(token: Token) -> Iterator[Token]:
    """The token and its heads up to (and including) its clause's verb or the root."""
    t = token
    for _ in range(12):
        yield t
        if t.head == t or t.dep_ in ("ccomp", "advcl", "relcl", "parataxis"):
            return
        t = t.head


def factuality(token: Token) -> tuple[str, bool]:
    """(modality, negated) of the clause a trigger stands in.

    Modal auxiliaries, intention verbs, conditionals and questions are read on the trigger
    and on its heads up to the clause's verb; plain "will" is the future stated as certain.
    """
    modality, negated = ASSERTED, False
    sent = token.sent
    for t in clause_chain(token):
        for c in t.children:
            low = c.lower_
            if c.dep_ == "neg" or (low in NEGATIONS and c.dep_ in ("advmod", "det", "preconj")):
                negated = not negated
            if c.dep_ in ("aux", "auxpass"):
                if low in ("should", "must", "ought"):
                    modality = NORMATIVE
                elif low in ("could", "might", "may", "can") and modality == ASSERTED:
                    modality = POSSIBLE
                elif low in ("would",) and modality == ASSERTED:
                    # "announced that it would leave": the future of a past report
                    modality = FUTURE if _reported_past(t) else HYPOTHETICAL
                elif low in ("will", "shall", "'ll") and modality == ASSERTED:
                    modality = FUTURE
            if c.dep_ == "advmod" and low in HEDGES:
                modality = POSSIBLE
            if c.dep_ == "mark" and low in CONDITIONAL:
                modality = HYPOTHETICAL
        if t.lemma_.lower() in REFUSAL and t != token:
            negated = not negated
        if t.lemma_.lower() in INTENT and t != token and modality in (ASSERTED, FUTURE):
            modality = POSSIBLE
        if t.lemma_.lower() in ("need", "have") and any(
            c.dep_ == "xcomp" for c in t.children
        ) and t != token:
            modality = NORMATIVE
        if t.dep_ in ("advcl",) and any(c.dep_ == "mark" and c.lower_ in CONDITIONAL
                                        for c in t.children):
            modality = HYPOTHETICAL
        if t.dep_ == "advcl" and t.tag_ in ("VBZ", "VBP") and any(
                c.dep_ == "mark" and c.lower_ in PENDING for c in t.children):
            modality = HYPOTHETICAL
    if t.dep_ == "ccomp" and t.head.lemma_.lower() in DENIABLE and any(
            c.dep_ == "neg" for c in t.head.children):
        modality = HYPOTHETICAL  # "this does not mean that Washington is sanctioning China"
    if is_question(sent):
        modality = HYPOTHETICAL
    return modality, negated


def is_question(sent: Span) -> bool:
    """`sent.text.rstrip().endswith("?")`, read on the sentence's last tokens (Span.text
    builds every token of the sentence)."""
    doc = sent.doc
    for i in range(sent.end - 1, sent.start - 1, -1):
        text = doc[i].text.rstrip()
        if text:
            return text.endswith("?")
    return False


#: Verbs that report or announce: "would" in their past-tense complement is a future.
ANNOUNCING = {"announce", "say", "declare", "state", "confirm", "tell", "report", "pledge",
              "promise", "decide", "vow"}


def _reported_past(verb: Token) -> bool:
    head = verb.head
    return (verb.dep_ == "ccomp" and head.tag_ in ("VBD", "VBN")
            and head.lemma_.lower() in ANNOUNCING
            and not any(c.dep_ == "mark" and c.lower_ in CONDITIONAL for c in verb.children))


def path_to(token: Token, top: Token) -> list[Token]:
    """Tokens from `token` up to `top` (exclusive of token), or [] when top is not above it."""
    path = []
    t = token
    for _ in range(20):
        if t == top:
            return path
        if t.head == t:
            return []
        t = t.head
        path.append(t)
    return []


def evidence(ctx: Context, para: int, sent: Span, rule: str, confidence: float) -> Evidence:
    text = ctx.document.paragraphs[para].text
    start, end = text.source_span(sent.start_char, sent.end_char)
    sentence = ctx.linked.words[para].sentence(sent)
    return Evidence(ctx.record.stem, sentence.strip(), start, end, rule, confidence)
