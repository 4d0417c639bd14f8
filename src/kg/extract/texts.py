"""Who holds the position a text takes: "the General Assembly adopted a resolution drafted
jointly by Ukraine and the European Union that condemns Russia's aggression" is the
General Assembly's, Ukraine's and the European Union's opposition to Russia.

A resolution, statement or declaration (`document_nouns` in the stance lexicon) is no actor,
so the attitude rules find no holder in it; its authors are who drafted, sponsored or
tabled it (a describing participle's agent), who adopted or issued it (the subject of the
verb it is the object of), and its possessor ("the G7's statement").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Token

from kg.extract.refs import ACTORS, entities
from kg.extract.syntax import agents, subjects

if TYPE_CHECKING:
    from kg.extract import Context

#: Relative pronouns that stand for the noun their clause describes.
_RELATIVE = frozenset({"that", "which"})


def text_of(verb: Token, lex: object) -> Token | None:
    """The text that is the subject of `verb`: "the resolution condemns", "a resolution
    ... that condemns"."""
    documents = lex.cue("attitude", "document_nouns")  # type: ignore[attr-defined]
    for s in verb.children:
        if s.dep_ != "nsubj":
            continue
        if s.lower_ in _RELATIVE and verb.dep_ == "relcl":
            s = verb.head
        if s.lemma_.lower() in documents:
            return s
    return None


def authors(ctx: Context, p: int, text: Token) -> list[str]:
    """The actors who wrote, sponsored or adopted `text`."""
    authoring = ctx.lexicon.cue("attitude", "authoring_verbs")
    tokens = [c for c in text.children if c.dep_ == "poss"]
    tokens += [a for c in text.children if c.dep_ == "acl" and c.tag_ == "VBN"
               and c.lemma_.lower() in authoring for a in agents(c)]
    if text.dep_ == "dobj" and text.head.lemma_.lower() in authoring:
        tokens += subjects(text.head)
    if text.dep_ == "nsubjpass" and text.head.lemma_.lower() in authoring:
        tokens += agents(text.head)  # "the resolution, adopted by the Assembly, condemns"
    return list(dict.fromkeys(entities(ctx, p, tokens, ACTORS)))
