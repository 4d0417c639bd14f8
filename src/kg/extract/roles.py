"""`leads` from role phrases: titles before names ("NATO Secretary General Jens
Stoltenberg"), titles of something ("President of RIAC"), an author's role line, and "X
remaining in power". The gazetteer says of what a bare title is ("President Putin")."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import TYPE_CHECKING

from spacy.tokens import Span, Token

from kg.extract.framing import make_relation, predicated_of
from kg.extract.refs import entities, ids_at, top_class
from kg.extract.syntax import subjects
from kg.model import Statement

if TYPE_CHECKING:
    from kg.extract import Context


def leads(ctx: Context, p: int, sent: Span) -> Iterator[Statement]:
    """Role phrases: "U.S. President Donald Trump", "Igor Ivanov is President of RIAC",
    "sworn in as the 46th President of the United States", an author's role line."""
    titles = _leading_titles(ctx)
    agency = ctx.lexicon.rel("leads", "agency_titles")
    zone = ctx.document.paragraphs[p].zone
    wanted = titles | agency
    words = ctx.linked.words[p]
    for i in range(sent.start, sent.end):
        two = f"{words.lower[i - 1]} {words.lower[i]}" if i > sent.start else ""
        keys = {words.lemma[i], words.lower[i], two}
        if wanted.isdisjoint(keys):
            continue
        tok = sent.doc[i]
        if any(c.lower_ in NOT_THE_HEAD for c in tok.children) or (
                i > sent.start and words.lower[i - 1] in NOT_THE_HEAD):
            continue  # "deputy chairman of Russia's Security Council" is not its head
        if tok.dep_ == "compound" and tok.head.pos_ == "PROPN":
            continue  # a title before a name: _role_phrases reads those
        of = _title_of(ctx, p, tok)
        if not keys & titles:  # "Executive Secretary of the CTBTO": an agency's head only
            of = [o for o in of if top_class(ctx, o) == "Organization"]
        if not of:
            continue
        if zone == "role" and tok.i - sent.start <= 1:
            holders = [ctx.record.author] if ctx.record.author else []
        else:
            holders = predicated_of(ctx, p, tok)
        for person in holders:
            for org in of:
                st = make_relation(ctx, p, sent, "leads", person, org, tok, "title-of", 0.85,
                                   presupposed=True)
                if st:
                    yield st
    yield from _role_phrases(ctx, p, sent)
    yield from _in_power(ctx, p, sent)
    yield from _possessed_leader(ctx, p, sent)


#: Words before a title that make it someone else's office ("Deputy Prime Minister").
NOT_THE_HEAD = {"deputy", "vice", "former", "ex", "assistant", "under", "candidate", "acting",
                "late", "would-be", "future", "first", "second"}
#: Demonyms before a title may take two words ("North Korean leader").
_MAX_TITLE = 4


def _role_phrases(ctx: Context, p: int, sent: Span) -> Iterator[Statement]:
    """A leading title right before a name, read on the tokens rather than the parse (which
    often mangles long names): "NATO Secretary General Jens Stoltenberg", "then-Ukrainian
    President Petro Poroshenko", "Presidents Barack Obama and Dmitry Medvedev".

    The title's owner is the state or organisation named (or its demonym) right before the
    title; a bare title is resolved by the gazetteer's record of who held it.
    """
    refs = [r for r in ctx.refs_in(p, sent) if r.kind in ("name", "ner") and len(r.ids) == 1
            and top_class(ctx, r.ids[0]) == "Person"]
    if not refs:
        return  # no name for a title to stand before
    titles = _leading_titles(ctx)
    agency = frozenset(_title_key(t) for t in ctx.lexicon.rel("leads", "agency_titles"))
    doc = sent.doc
    done: set[int] = set()
    for ref in refs:
        if ref.start in done:
            continue
        found = _title_ending_at(doc, ref.start, sent.start, titles | agency)
        if found is None:
            continue
        first, title, plural = found
        before = doc[first - 1] if first > sent.start else None
        if before is not None and before.lower_ in NOT_THE_HEAD:
            continue
        people = [ref]
        if plural:  # "Presidents X and Y": the names coordinated after the title
            for other in refs:
                if other.start > people[-1].end and all(
                        t.text in (",", "and") for t in doc[people[-1].end:other.start]):
                    people.append(other)
        owners = _owner_before(ctx, p, doc, first, sent.start)
        if found[1] not in titles:
            # "Treasury Secretary Janet Yellen", "NASA Administrator Bill Nelson": such a
            # title heads an agency named before it, never a state ("Foreign Minister X")
            owners = [o for o in owners if top_class(ctx, o) == "Organization"]
            if not owners:
                continue
        trigger = doc[first]
        for person in people:
            done.add(person.start)
            pid = person.ids[0]
            for org in owners or _role_of(ctx, [pid], title):
                st = make_relation(ctx, p, sent, "leads", pid, org, trigger, "title-name", 0.9,
                                   presupposed=True)
                if st:
                    yield st


def _leading_titles(ctx: Context) -> frozenset[str]:
    """Titles that mean heading what they are of: the lexicon's and the gazetteer's."""
    cached = getattr(ctx.gazetteer, "_kg_leading_titles", None)
    if cached is None:
        words = {_title_key(t) for t in ctx.lexicon.rel("leads", "titles")}
        for rdef in ctx.gazetteer.roles.values():
            if rdef.leads:
                words |= {_title_key(t) for t in rdef.titles if " of " not in t.lower()}
        cached = frozenset(words)
        ctx.gazetteer._kg_leading_titles = cached  # type: ignore[attr-defined]
    return cached


def _title_key(text: str) -> str:
    return " ".join(text.lower().replace("-", " ").split())


def _title_ending_at(doc, end: int, floor: int, titles: frozenset[str]  # noqa: ANN001
                     ) -> tuple[int, str, bool] | None:
    """The longest title whose last token is right before `end`: (first token, title, plural)."""
    for n in range(_MAX_TITLE, 0, -1):
        start = end - n
        if start < floor:
            continue
        words = [t for t in doc[start:end] if t.text not in ("-", "–")]
        if not words or any(not t.is_alpha for t in words):
            continue
        key = " ".join(t.lower_ for t in words)
        if key in titles:
            if key.endswith("s") and key[:-1] in titles:
                return start, key[:-1], True
            return start, key, False
        plural = " ".join([*(t.lower_ for t in words[:-1]), words[-1].lemma_.lower()])
        if words[-1].lower_.endswith("s") and plural in titles:
            return start, plural, True
    return None


def _owner_before(ctx: Context, p: int, doc, first: int, floor: int  # noqa: ANN001
                  ) -> list[str]:
    """The state or organisation named right before a title: "U.S.", "NATO", "Russia's",
    "Ukrainian", "North Korean" (skipping "then-")."""
    i = first - 1
    if i >= floor and doc[i].text in ("-", "–") and i - 1 >= floor and doc[i - 1].lower_ == "then":
        return []
    if i >= floor and doc[i].text in ("'s", "’s"):
        i -= 1
    if i < floor:
        return []
    ids = [e for e in ids_at(ctx, p, doc[i], proxies=False)
           if top_class(ctx, e) in ("State", "Organization")]
    if ids:
        return ids
    for n in (2, 1):
        if i - n + 1 < floor:
            continue
        words = doc[i - n + 1:i + 1]
        if not all(t.is_alpha and t.text[0].isupper() for t in words):
            continue
        entry = ctx.gazetteer.state_by_demonym(words.text)
        if entry is not None:
            ctx.linked.entities.setdefault(entry.id, _entity(ctx, entry.id))
            return [entry.id]
    return []


def _title_of(ctx: Context, p: int, title: Token) -> list[str]:
    """What a title is of: "President of X", "X's President", "U.S. President", "Russian P."."""
    out: list[str] = []
    # "director general of X": the parser may hang "of X" on the title's second word
    words = [title, *(c for c in title.children if c.i == title.i + 1
                      and c.dep_ in ("amod", "compound"))]
    for c in (c for w in words for c in w.children):
        if c.dep_ == "prep" and c.lower_ == "of":
            out += entities(ctx, p, [o for o in c.children if o.dep_ == "pobj"],
                            frozenset({"State", "Organization"}))
        elif c.dep_ in ("poss", "compound", "amod", "nmod"):
            out += entities(ctx, p, [c], frozenset({"State", "Organization"}))
    return list(dict.fromkeys(out))


def _role_of(ctx: Context, people: list[str], title: str) -> list[str]:
    """Where the text gives a bare title ("President Putin"), the gazetteer says of what."""
    day = dt.date.fromisoformat(ctx.record.date) if ctx.record.date else None
    out: list[str] = []
    for person in people:
        entry = ctx.gazetteer.entries.get(person)
        if entry is None:
            continue
        roles = [r for r in entry.roles if ctx.gazetteer.roles.get(r.role) and
                 title in {t.lower() for t in ctx.gazetteer.roles[r.role].titles}]
        # the office held at the article's date; else the one office of that title they ever
        # held ("Presidents Obama and Medvedev" in a 2023 article on the 2010 signing)
        ofs = {r.of for r in roles if day is None or r.active_on(day)} or {r.of for r in roles}
        if len(ofs) == 1:
            org = ofs.pop()
            if org in ctx.linked.entities or ctx.gazetteer.entries.get(org):
                ctx.linked.entities.setdefault(org, _entity(ctx, org))
                out.append(org)
    return out


def _entity(ctx: Context, entity_id: str):  # noqa: ANN202 - kg.model.Entity
    from kg.extract.linking import Linker

    return Linker(ctx.gazetteer).entity(ctx.gazetteer.get(entity_id))


def _possessed_leader(ctx: Context, p: int, sent: Span) -> Iterator[Statement]:
    """ "Syria's Bashar al-Assad", "Belarus's Alexander Lukashenko": a state's possessive on
    one the gazetteer says heads it at the article's date (it says nothing of anyone else:
    "Russia's Sergey Lavrov" is its minister, "Russia's Dmitry Medvedev" in 2023 its former
    president)."""
    doc = sent.doc
    day = dt.date.fromisoformat(ctx.record.date) if ctx.record.date else None
    for ref in ctx.refs_in(p, sent):
        if len(ref.ids) != 1 or top_class(ctx, ref.ids[0]) != "Person":
            continue
        person = ref.ids[0]
        entry = ctx.gazetteer.entries.get(person)
        if entry is None:
            continue
        root = doc[ref.start:ref.end].root
        states = entities(ctx, p, [c for c in root.children if c.dep_ == "poss"],
                          frozenset({"State"}))
        heads = {r.of for r in entry.roles if (rd := ctx.gazetteer.roles.get(r.role))
                 and rd.leads and (day is None or r.active_on(day))}
        for state in states:
            if state in heads:
                st = make_relation(ctx, p, sent, "leads", person, state, root, "possessive",
                                   0.75, presupposed=True)
                if st:
                    yield st


def _in_power(ctx: Context, p: int, sent: Span) -> Iterator[Statement]:
    """ "Bashar al-Assad remaining in power": the state the gazetteer says they head."""
    words = ctx.lexicon.rel("leads", "in_power")
    lower, dep = ctx.linked.words[p].lower, ctx.linked.words[p].dep
    for i in range(sent.start, sent.end):
        if lower[i] not in words or dep[i] != "pobj":
            continue
        tok = sent.doc[i]
        if tok.head.lower_ != "in":
            continue
        verb = tok.head.head
        candidates = subjects(verb) or [c for c in verb.children if c.dep_ == "poss"]
        if not candidates and verb.dep_ in ("acl", "pcomp", "xcomp", "advcl"):
            candidates = [verb.head]  # "Assad remaining in power" hangs under its noun
        people = entities(ctx, p, candidates, frozenset({"Person"}))
        for person in people:
            entry = ctx.gazetteer.entries.get(person)
            if not entry:
                continue
            heads = {r.of for r in entry.roles
                     if (rd := ctx.gazetteer.roles.get(r.role)) and rd.leads}
            for org in sorted(heads):
                if org in {m.entity for m in ctx.record.mentions}:
                    st = make_relation(ctx, p, sent, "leads", person, org, tok, "in-power", 0.7,
                                       presupposed=True)
                    if st:
                        yield st
