"""From parse tokens to the entities they refer to (through the document's linking)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Token

from kg.gazetteer import TOP_CLASS

if TYPE_CHECKING:
    from kg.extract import Context

#: Nouns that stand for the actor they belong to: "representatives from Moscow",
#: "the Russian delegation", "Washington's administration".
PROXY_NOUNS = {"representative", "delegation", "official", "government", "side",
               "administration", "leadership", "authority", "diplomat", "envoy", "team",
               "negotiator", "camp", "establishment", "ally", "member", "force", "military",
               "troops", "army", "intelligence", "service", "ministry", "lawmaker",
               "legislator", "senator", "spokesman", "spokeswoman", "spokesperson", "leader"}
ACTORS = frozenset({"Person", "State", "Organization"})
#: Proxy nouns that, named after a leader, stand for the state they lead.
GOVERNMENT_NOUNS = {"administration", "government", "cabinet", "leadership"}


RELATIVE = {"which", "who", "whom", "that", "whose"}
QUANTIFIERS = {"both", "all", "each", "most", "many", "some", "none", "neither", "either"}


def relative_antecedent(ctx: Context, para: int, pronoun: Token) -> Token | None:
    """The noun a relative pronoun stands for: the head of its relative clause, or, where the
    parser hung the clause elsewhere, the name just before its comma ("Bulgaria and Romania,
    both of which joined NATO": Romania, with its conjuncts)."""
    clause = next((a for a in pronoun.ancestors if a.dep_ == "relcl"), None)
    if clause is not None and ctx.linked.ref_at(para, clause.head) is not None:
        return clause.head
    # the clause starts at the pronoun, or at "both of" before it
    start = pronoun.i
    doc = pronoun.doc
    if start >= 2 and doc[start - 1].lower_ == "of" and doc[start - 2].lower_ in QUANTIFIERS:
        start -= 2
    i = start - 1
    if i < 0 or doc[i].text not in (",", "—", "–"):
        return clause.head if clause is not None else None
    while i >= 0 and doc[i].text in (",", "—", "–"):
        i -= 1
    if i >= 0 and ctx.linked.ref_at(para, doc[i]) is not None:
        return doc[i]
    return clause.head if clause is not None else None


def led_state(ctx: Context, person: str) -> str | None:
    """The state a person heads (at the article's date, else the one they ever headed)."""
    import datetime as dt

    entry = ctx.gazetteer.entries.get(person)
    if entry is None:
        return None
    heads = [r for r in entry.roles if (rd := ctx.gazetteer.roles.get(r.role)) and rd.leads
             and (e := ctx.gazetteer.entries.get(r.of)) is not None and e.cls == "State"]
    if ctx.record.date:
        day = dt.date.fromisoformat(ctx.record.date)
        heads = [r for r in heads if r.active_on(day)] or heads
    states = {r.of for r in heads}
    if len(states) != 1:
        return None
    state = states.pop()
    if state not in ctx.linked.entities:
        from kg.extract.linking import Linker

        ctx.linked.entities[state] = Linker(ctx.gazetteer).entity(ctx.gazetteer.get(state))
    return state


def top_class(ctx: Context, entity_id: str) -> str:
    if entity_id.startswith("author/"):
        return "Person"
    ent = ctx.linked.entities.get(entity_id)
    return TOP_CLASS.get(ent.cls, ent.cls) if ent else ""


def ids_at(ctx: Context, para: int, token: Token, *, proxies: bool = True) -> list[str]:
    """Entities a token refers to: its own reference, or the actor a proxy noun stands for."""
    ref = ctx.linked.ref_at(para, token)
    if ref is not None and ref.ids:
        return list(ref.ids)
    if token.lower_ in QUANTIFIERS:  # "both of which"
        token = next((o for c in token.children if c.dep_ == "prep" and c.lower_ == "of"
                      for o in c.children if o.lower_ in RELATIVE), token)
    if token.lower_ in RELATIVE and token.tag_ in ("WDT", "WP", "WP$"):
        antecedent = relative_antecedent(ctx, para, token)
        if antecedent is not None and antecedent.dep_ == "appos" and \
                ctx.linked.ref_at(para, antecedent) is None:
            antecedent = antecedent.head  # "New START, a treaty that Moscow suspended"
        if antecedent is not None:  # "North Macedonia, which joined NATO in 2020"
            return list(dict.fromkeys(i for t in [antecedent, *antecedent.conjuncts]
                                      for i in ids_at(ctx, para, t, proxies=proxies)))
    named = [t for c in token.children if c.dep_ == "appos" for t in [c, *c.conjuncts]]
    if named and token.pos_ in ("NOUN", "PRON"):  # "the two presidents, Biden and Putin,"
        out = [i for t in named for i in ids_at(ctx, para, t, proxies=False)]
        if out:
            return list(dict.fromkeys(out))
    if token.lower_ in ("we", "us", "our", "i", "me", "my"):
        return [ctx.author] if token.lower_ in ("i", "me", "my") else []
    if proxies and token.lemma_.lower() in PROXY_NOUNS:
        out: list[str] = []
        for c in token.children:
            if c.dep_ in ("poss", "compound", "amod", "nmod"):
                found = ids_at(ctx, para, c, proxies=False)
                if token.lemma_.lower() in GOVERNMENT_NOUNS:  # "the Biden administration"
                    found = [led_state(ctx, i) or i for i in found]
                out += found
            elif c.dep_ == "prep" and c.lower_ in ("from", "of", "on"):
                for p in c.children:
                    if p.dep_ == "pobj":
                        for t in [p, *p.conjuncts]:
                            out += ids_at(ctx, para, t, proxies=False)
        return list(dict.fromkeys(out))
    return []


def entities(ctx: Context, para: int, tokens: list[Token], classes: frozenset[str] | None = None
             ) -> list[str]:
    out: list[str] = []
    for t in tokens:
        for i in ids_at(ctx, para, t):
            if classes is None or top_class(ctx, i) in classes:
                out.append(i)
    return list(dict.fromkeys(out))


def speakers_of(ctx: Context, p: int, anchor: Token) -> list[str] | None:
    """Who says what a clause states: the author, unless the clause is the complement of a
    reporting verb ("Lavrov said that ..."): then the speaker, or nobody (None) when the
    speaker is not an entity ("some analysts argue that ...")."""
    from kg.extract.syntax import subjects

    reporting = ctx.lexicon.cue("attitude", "reporting_verbs")  # type: ignore[attr-defined]
    naming = ctx.lexicon.cue("attitude", "naming_verbs")  # type: ignore[attr-defined]
    for a in [anchor, *anchor.ancestors]:
        # "Lavrov said that ..."; "Biden called the tone of the meeting 'good, positive'"
        if a.dep_ == "ccomp" and a.head.lemma_.lower() in reporting or a.dep_ in (
                "ccomp", "oprd", "xcomp", "acomp") and a.head.lemma_.lower() in naming:
            speakers = subjects(a.head)
            if any(t.lower_ in ("i", "we") for t in speakers):
                return [ctx.author]
            return entities(ctx, p, speakers, ACTORS) or None
    return [ctx.author]
