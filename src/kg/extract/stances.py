"""Stances: who holds a position, towards what, which way, and how it is said.

Two families of rules:

- *reported* stances have a holder in the text: an attitude verb ("Putin and Trump spoke in
  favor of cooperation", "the law was passed by Congress") or an attitude noun ("the open
  hostility of the U.S. Congress towards Russia", "his wish to hold a meeting with Putin");
- *authorial* stances are the author's: normative statements ("X should develop
  cooperation", "it is in Russia's interests to ..."), evaluations ("sanctions have never
  done anyone any good", "the legacy left by Trump is ominous") and proposals ("Russia could
  give new dynamics to the Quartet").

Polarity starts from the cue and flips for each negation and each ending action ("lifting
sanctions", "must not squander chances for cooperation") on the way from the target up to
the cue, so "support the end of X" is opposition to X.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from spacy.tokens import Span, Token

from kg.extract.refs import ACTORS, entities, ids_at, speakers_of, top_class
from kg.extract.syntax import (
    REFUSAL,
    agents,
    conjuncts,
    evidence,
    factuality,
    objects,
    subjects,
)
from kg.model import ASSERTED, HYPOTHETICAL, NORMATIVE, OPPOSE, POSSIBLE, SUPPORT, Statement

if TYPE_CHECKING:
    from kg.extract import Context

ISSUES = frozenset({"Topic", "Treaty", "Forum", "Event"})
STANCE_ZONES = {"title", "subtitle", "body", "heading"}
ANAPHORIC = {"issue", "subject", "topic", "area", "matter", "field", "sphere", "problem"}
SUMMIT_NOUNS = {"meeting", "summit"}
ATTITUDE_PREPS = {"for", "of", "on", "to", "in", "towards", "toward", "against", "with"}
TARGET_PREPS = {"towards", "toward", "to", "against", "on", "for", "with", "of", "in"}


def extract_stances(ctx: Context) -> list[Statement]:
    found: dict[tuple, Statement] = {}
    for p in ctx.claim_paragraphs:
        if ctx.document.paragraphs[p].zone not in STANCE_ZONES:
            continue
        for sent in ctx.linked.docs[p].sents:
            if not ctx.refs_in(p, sent) and not any(
                    t.lemma_.lower() in ANAPHORIC | SUMMIT_NOUNS for t in sent):
                continue  # nothing named, nothing referred to: no target
            reported = list(_reported(ctx, p, sent))
            held = {(st.object) for st in reported}
            authorial = [st for st in _authorial(ctx, p, sent) if st.object not in held]
            for st in reported + authorial:
                if st.subject == st.object:
                    continue
                if st.key in found:
                    found[st.key].evidence.extend(st.evidence)
                else:
                    found[st.key] = st
    for st in found.values():
        st.evidence = list({(e.start, e.end): e for e in st.evidence}.values())
    return list(found.values())


# -- targets and polarity ---------------------------------------------------------------------
def _targets(ctx: Context, p: int, tokens: list[Token], classes: frozenset[str] = ISSUES
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
        if not ids and t.lemma_.lower() in SUMMIT_NOUNS and len(summits) == 1:
            ids = summits
        for i in ids:
            if i not in seen and top_class(ctx, i) in classes:
                seen.add(i)
                out.append((i, t))
    return out


def _doc_summits(ctx: Context) -> list[str]:
    found = sorted({i for refs in ctx.linked.refs for r in refs if r.mention or r.kind ==
                    "definite" for i in r.ids if top_class(ctx, i) == "Event" and
                    (ctx.gazetteer.entries.get(i) is not None and
                     ctx.gazetteer.entries[i].participants or i.endswith(("-summit",
                                                                          "-meeting")))})
    return found


def _antecedent_topic(ctx: Context, p: int, tok: Token) -> list[str]:
    """ "this issue" → the topic named last before it (this or the previous paragraph)."""
    for q in (p, p - 1):
        if q < 0:
            continue
        refs = [r for r in ctx.linked.refs[q] if r.ids and (q < p or r.end <= tok.i)
                and (r.mention or r.kind == "weak") and top_class(ctx, r.ids[0]) == "Topic"
                and not (r.kind == "weak" and not r.mention)]
        if refs:
            return [refs[-1].ids[0]]
    return []


def _polarity(base: str, target: Token, top: Token, lex: object) -> str:
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
            pol = _flip(pol)
        if t.pos_ in ("VERB", "AUX", "ADJ") and _negated(t):
            pol = _flip(pol)
    return pol


def _flip(pol: str) -> str:
    return OPPOSE if pol == SUPPORT else SUPPORT


def _stance(ctx: Context, p: int, sent: Span, holder: str, target: str, polarity: str,
            modality: str, rule: str, confidence: float, negated: bool = False) -> Statement:
    return Statement("stance", "stance", holder, target, polarity=polarity, modality=modality,
                     negated=negated, attributed_to=ctx.author,
                     evidence=[evidence(ctx, p, sent, f"stance.{rule}", confidence)])


# -- reported stances -------------------------------------------------------------------------
def _reported(ctx: Context, p: int, sent: Span) -> Iterator[Statement]:
    lex = ctx.lexicon
    support_v, oppose_v = lex.cue("attitude", "support_verbs"), lex.cue("attitude", "oppose_verbs")
    support_n, oppose_n = lex.cue("attitude", "support_nouns"), lex.cue("attitude", "oppose_nouns")
    for tok in sent:
        lemma = tok.lemma_.lower()
        if tok.pos_ == "VERB" and _name_given(tok, lex) is not None:
            yield from _naming(ctx, p, sent, tok)  # "Biden called Putin a killer"
        elif tok.pos_ == "VERB" and lemma in support_v | oppose_v:
            if lemma == "call" and not any(c.dep_ == "prep" and c.lower_ in ("for", "on")
                                           for c in tok.children):
                continue  # "call for X" is a demand; "call X" is not
            yield from _attitude_verb(ctx, p, sent, tok, SUPPORT if lemma in support_v else OPPOSE)
        elif tok.pos_ == "ADJ" and tok.dep_ in ("acomp", "amod") and (
                lemma in ctx.lexicon.cue("attitude", "support_adjectives")
                | ctx.lexicon.cue("attitude", "oppose_adjectives")):
            yield from _attitude_adjective(ctx, p, sent, tok)
        elif tok.pos_ == "NOUN" and (lemma in support_n | oppose_n or lemma == "attitude"):
            base = SUPPORT if lemma in support_n else OPPOSE
            if lemma == "attitude":
                base = _evaluate(tok, lex)
                if base is None:
                    continue
            yield from _attitude_noun(ctx, p, sent, tok, base)
        elif tok.pos_ == "NOUN" and lemma in lex.cue("attitude", "speech_nouns") and \
                tok.dep_ == "nsubj":
            yield from _speech(ctx, p, sent, tok)
        elif tok.pos_ == "NOUN" and lemma in lex.cue("attitude", "step_nouns"):
            yield from _judged_step(ctx, p, sent, tok)
        elif tok.pos_ == "VERB" and lemma in lex.cue("commitments", "keep") | lex.cue(
                "commitments", "break"):
            yield from _commitment(ctx, p, sent, tok,
                                   SUPPORT if lemma in lex.cue("commitments", "keep") else OPPOSE)


def _attitude_verb(ctx: Context, p: int, sent: Span, verb: Token, base: str
                   ) -> Iterator[Statement]:
    passive = any(c.dep_ == "nsubjpass" for c in verb.children)
    holder_tokens = agents(verb) if passive else subjects(verb)
    holders = entities(ctx, p, holder_tokens, ACTORS)
    if not holders:
        return
    if passive:
        object_tokens = [c for c in verb.children if c.dep_ == "nsubjpass"]
    else:
        object_tokens = [c for c in verb.children if c.dep_ in ("dobj", "xcomp", "ccomp")
                         or c.dep_ == "prep" and c.lower_ in ATTITUDE_PREPS]
    scope = [t for o in object_tokens for t in o.subtree]
    addressed = verb.lemma_.lower() in ctx.lexicon.cue("attitude", "addressing_verbs")
    targets = [(i, t) for i, t in _targets(ctx, p, scope, ISSUES | ACTORS)
               if top_class(ctx, i) not in ACTORS or not _located(t, verb)
               and _object_actor(ctx, t, verb) and not (addressed and t.head == verb)]
    targets += _agents_of_hostility(ctx, p, scope, verb, {i for i, _ in targets})
    if not targets:
        targets = _law_antecedent(ctx, p, object_tokens)
    modality, negated = factuality(verb)
    if modality == NORMATIVE:
        return
    for target, tok in targets:
        if target in holders:
            continue
        pol = _polarity(base, tok, verb, ctx.lexicon)
        if top_class(ctx, target) in ACTORS and _against(tok, verb, ctx.lexicon):
            pol = _flip(pol)
        if negated:
            pol = _flip(pol)
        for h in holders:
            yield _stance(ctx, p, sent, h, target, pol, modality, "attitude-verb", 0.75, negated)


#: Treaties and forums: what an actor does to one shows where it stands on it.
COMMITTED = frozenset({"Treaty", "Forum"})


def _commitment(ctx: Context, p: int, sent: Span, verb: Token, base: str
                ) -> Iterator[Statement]:
    """ "Russia suspended its participation in New START", "Putin and Xi extended the
    treaty", "Trump withdrew the United States from the deal": keeping a treaty or forum
    alive is supporting it, leaving or breaking it opposing it (GUIDE §4)."""
    if any(c.dep_ == "nsubjpass" for c in verb.children):
        holders = entities(ctx, p, agents(verb), ACTORS)
        object_tokens = [c for c in verb.children if c.dep_ == "nsubjpass"]
    else:
        holders = entities(ctx, p, subjects(verb), ACTORS)
        object_tokens = objects(verb, {"from", "in", "to", "of", "with", "under", "out", "on",
                                       "into"})
    through = ctx.lexicon.rel("partyTo", "through")
    object_tokens += [t for o in object_tokens if o.lemma_.lower() in through
                      for t in objects(o, {"in", "of", "to", "under"})]
    taking_part = any(o.lower_ == "part" for o in object_tokens)
    if verb.lemma_.lower() == "take" and not taking_part:
        return  # "take" keeps a treaty only as "take part in"
    participating = taking_part or verb.lemma_.lower() in ctx.lexicon.cue("commitments",
                                                                           "participate")
    if participating:  # "take part in arms control talks": the talks' topic counts too
        object_tokens += [t for o in object_tokens for t in o.subtree]
    targets = _targets(ctx, p, [t for o in object_tokens for t in conjuncts(o)],
                       COMMITTED | {"Topic"} if participating else COMMITTED)
    if not holders or not targets:
        return
    modality, negated = factuality(verb)
    if _in_conditional(verb) or modality == NORMATIVE:
        return  # "unless they extend it"; what should be done is the author's (authorial)
    if any(a.lemma_.lower() in REFUSAL for a in verb.ancestors):
        # "refused to take part", "rejected proposals to join": a decision, so a position
        # (a plain "did not" is not one)
        negated, base = False, _flip(base)
    pol = _flip(base) if negated else base
    holders += [s for s in _announcers(ctx, p, verb) if s not in holders
                and any(_serves(ctx, s, h) for h in holders)]
    for target, _ in targets:
        for h in holders:
            if h != target:
                yield _stance(ctx, p, sent, h, target, pol, modality, "commitment", 0.7,
                              negated)


def _judged_step(ctx: Context, p: int, sent: Span, noun: Token) -> Iterator[Statement]:
    """ "..., a step opposed by Moscow and Berlin"; "..., an idea the United States has
    rejected": the judge holds a stance on what the main clause does to its issues."""
    lex = ctx.lexicon
    support, oppose = lex.cue("attitude", "support_verbs"), lex.cue("attitude", "oppose_verbs")
    if noun.dep_ not in ("appos", "npadvmod", "dobj", "attr") or noun.head == noun:
        return
    for verb in noun.children:
        lemma = verb.lemma_.lower()
        if lemma not in support | oppose:
            continue
        if verb.dep_ == "acl" and verb.tag_ == "VBN":
            holders = entities(ctx, p, agents(verb), ACTORS)
        elif verb.dep_ == "relcl" and not any(c.dep_ == "dobj" for c in verb.children):
            holders = entities(ctx, p, subjects(verb), ACTORS)
        else:
            continue
        top = noun.head
        while top.pos_ not in ("VERB", "AUX") and top.head != top:
            top = top.head
        inside = {t.i for t in noun.subtree}
        scope = [t for t in top.subtree if t.i not in inside and not _scene(t)]
        # the judgement is read on its own verb: "preparing to include ..., a step opposed
        # by Moscow" is an asserted opposition to a planned step
        modality, negated = ASSERTED, _negated(verb)
        base = SUPPORT if lemma in support else OPPOSE
        for target, tok in _targets(ctx, p, scope):
            pol = _polarity(base, tok, top, lex)
            for h in holders:
                if h != target:
                    yield _stance(ctx, p, sent, h, target, _flip(pol) if negated else pol,
                                  modality, "judged-step", 0.65, negated)


def _announcers(ctx: Context, p: int, verb: Token) -> list[str]:
    """The people who report a clause: "Pompeo announced that Washington would withdraw"."""
    speakers = speakers_of(ctx, p, verb) or []
    return [s for s in speakers if s != ctx.author and top_class(ctx, s) == "Person"]


def _serves(ctx: Context, person: str, actor: str) -> bool:
    """Whether the gazetteer records `person` holding an office of `actor` (at any time):
    the one who announces a state's withdrawal speaks for it."""
    entry = ctx.gazetteer.entries.get(person)
    return entry is not None and any(r.of == actor for r in entry.roles)


def _agents_of_hostility(ctx: Context, p: int, scope: list[Token], verb: Token,
                         seen: set[str]) -> list[tuple[str, Token]]:
    """Condemning "Russia's invasion of Ukraine" is opposing Russia too, even where the
    whole phrase names an event: the actor a hostile act is ascribed to."""
    if verb.lemma_.lower() not in ctx.lexicon.cue("attitude", "oppose_verbs"):
        return []
    hostile = ctx.lexicon.cue("actions", "hostile")
    out = []
    for t in scope:
        if t.dep_ != "poss" or t.head.lemma_.lower() not in hostile:
            continue
        ref = ctx.linked.ref_at(p, t)
        if ref is None or not ref.ids or top_class(ctx, ref.ids[0]) in ACTORS:
            continue  # an actor's own name is found the usual way
        entry = ctx.gazetteer.lookup(t.text)
        if entry is not None and entry.id not in seen and entry.id in ctx.linked.entities \
                and top_class(ctx, entry.id) in ACTORS:
            out.append((entry.id, t))
    return out


def _object_actor(ctx: Context, tok: Token, verb: Token) -> bool:
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


def _against(tok: Token, top: Token, lex: object) -> bool:
    """The actor is the object of a hostile action on the way up: "sanctions on Russia"."""
    hostile = lex.cue("actions", "hostile")  # type: ignore[attr-defined]
    child = tok
    for a in tok.ancestors:
        if a.lemma_.lower() in hostile or a.lower_ in hostile:
            # "Russia's invasion", "U.S. sanctions": the actor does it, it is not its object
            return child.dep_ not in ("poss", "compound", "amod", "nmod")
        if a == top:
            return False
        child = a
    return False


#: Prepositions that only place something: "Moscow's buildup near Ukraine" is not about Ukraine.
LOCATING = {"near", "in", "at", "around", "inside", "outside", "across", "along", "within",
            "from", "into", "over", "throughout", "beyond", "off"}


def _located(tok: Token, top: Token) -> bool:
    """True when the path from `tok` up to `top` passes through a locating preposition."""
    for a in tok.ancestors:
        if a == top:
            return False
        if a.dep_ == "prep" and a.lower_ in LOCATING:
            return True
    return False


def _name_given(verb: Token, lex: object) -> Token | None:
    """The name or quality a naming verb gives its object: "called Putin a killer", "called
    the treaty a pillar of security", "described Biden as an experienced statesman"."""
    for c in verb.children:
        if c.dep_ in ("oprd", "xcomp") and c.pos_ in ("NOUN", "ADJ"):
            return c
        if c.dep_ == "prep" and c.lower_ == "as" and verb.lemma_.lower() in lex.cue(  # type: ignore[attr-defined]
                "attitude", "naming_verbs"):
            return next((o for o in c.children if o.dep_ == "pobj"), None)
    return None


def _naming(ctx: Context, p: int, sent: Span, verb: Token) -> Iterator[Statement]:
    """ "X called Y a killer": X holds a stance towards Y, the way the name goes."""
    name = _name_given(verb, ctx.lexicon)
    assert name is not None
    base = _quality(name, ctx.lexicon)
    if base is None:
        return
    holders = entities(ctx, p, subjects(verb), ACTORS)
    named = entities(ctx, p, [c for c in verb.children if c.dep_ == "dobj"], ISSUES | ACTORS)
    modality, negated = factuality(verb)
    for h in holders:
        for t in named:
            if t != h:
                pol = _flip(base) if negated else base
                yield _stance(ctx, p, sent, h, t, pol, modality, "naming", 0.7, negated)


def _quality(name: Token, lex: object) -> str | None:
    """Which way a name or its adjectives go: "a killer", "a very experienced statesman",
    "deeply unfortunate and irresponsible"."""
    c = lex.cue  # type: ignore[attr-defined]
    words = [name, *(t for t in name.subtree if t.dep_ in ("amod", "conj", "acomp")
                     and t.pos_ == "ADJ")]
    for w in words:
        low, lemma = w.lower_, w.lemma_.lower()
        if lemma in c("negative", "nouns") or low in c("negative", "adjectives"):
            return OPPOSE
        if lemma in c("positive", "nouns") | {"friend", "partner", "ally"} or low in c(
                "positive", "adjectives"):
            return SUPPORT
    return None


def _attitude_adjective(ctx: Context, p: int, sent: Span, adj: Token) -> Iterator[Statement]:
    """ "The Biden administration has been critical of Moscow"."""
    lex = ctx.lexicon
    base = SUPPORT if adj.lemma_.lower() in lex.cue("attitude", "support_adjectives") else OPPOSE
    if adj.dep_ == "acomp":
        holders = entities(ctx, p, subjects(adj.head), ACTORS)
    else:
        holders = entities(ctx, p, [adj.head], ACTORS)
    scope = [t for c in adj.children if c.dep_ == "prep" and c.lower_ in ("of", "to", "toward",
                                                                          "towards", "about")
             or c.dep_ == "xcomp" for t in c.subtree]  # "ready to discuss arms control"
    modality, negated = factuality(adj.head if adj.dep_ == "acomp" else adj)
    for target, tok in _targets(ctx, p, scope, ISSUES | ACTORS):
        if target in holders or top_class(ctx, target) in ACTORS and not _object_actor(
                ctx, tok, adj):
            continue
        pol = _polarity(base, tok, adj, lex)
        if negated:
            pol = _flip(pol)
        for h in holders:
            yield _stance(ctx, p, sent, h, target, pol, modality, "attitude-adjective", 0.7,
                          negated)


def _law_antecedent(ctx: Context, p: int, object_tokens: list[Token]) -> list[tuple[str, Token]]:
    """ "The law was passed by Congress" → the topics of "a law that expands the sanctions"."""
    for o in object_tokens:
        if o.lemma_.lower() not in {"law", "bill", "resolution", "measure", "act", "package",
                                    "legislation", "decision"}:
            continue
        if not any(c.lower_ in ("the", "this", "that") for c in o.children):
            continue
        for q in (p, p - 1):
            if q < 0:
                continue
            doc = ctx.linked.docs[q]
            for t in reversed(list(doc)):
                if q == p and t.i >= o.i:
                    continue
                if t.lemma_.lower() == o.lemma_.lower() and t.i != o.i:
                    found = _targets(ctx, q, list(t.subtree), frozenset({"Topic", "Treaty"}))
                    if found:
                        return found
    return []


def _attitude_noun(ctx: Context, p: int, sent: Span, noun: Token, base: str
                   ) -> Iterator[Statement]:
    holders = _noun_holders(ctx, p, noun)
    if not holders:
        return
    scope: list[Token] = []
    for c in noun.children:
        if c.dep_ == "prep" and c.lower_ in TARGET_PREPS - {"of"} or c.dep_ in ("acl", "xcomp",
                                                                                 "relcl"):
            scope.extend(c.subtree)
        elif c.dep_ == "prep" and c.lower_ == "of" and ids_at(ctx, p, c) == []:
            # "the hostility of X" — X is the holder; other "of" objects are targets
            objs = [o for o in c.children if o.dep_ == "pobj"]
            if objs and not entities(ctx, p, objs, ACTORS):
                scope.extend(c.subtree)
            for o in objs:  # "the hostility of X towards Y": parsers hang Y under X
                scope += [t for pp in o.children if pp.dep_ == "prep" and pp.lower_ in
                          TARGET_PREPS - {"of"} for t in pp.subtree]
    targets = _targets(ctx, p, scope, ISSUES | ACTORS)
    modality, negated = factuality(noun)
    if modality in (NORMATIVE, HYPOTHETICAL):
        return
    for target, tok in targets:
        if target in holders:
            continue
        pol = _polarity(base, tok, noun, ctx.lexicon)
        for h in holders:
            yield _stance(ctx, p, sent, h, target, pol, ASSERTED, "attitude-noun", 0.65, negated)


def _noun_holders(ctx: Context, p: int, noun: Token) -> list[str]:
    for c in noun.children:
        if c.dep_ == "poss":
            return entities(ctx, p, [c], ACTORS)
        if c.dep_ == "prep" and c.lower_ in ("of", "by"):
            found = entities(ctx, p, [o for o in c.children if o.dep_ == "pobj"], ACTORS)
            if found:
                return found
    if noun.dep_ == "conj":
        return _noun_holders(ctx, p, noun.head)
    if noun.dep_ in ("dobj", "pobj"):
        verb = noun.head if noun.dep_ == "dobj" else noun.head.head
        while verb.dep_ in ("pcomp", "prep", "pobj") and verb.head != verb:
            verb = verb.head
        return entities(ctx, p, subjects(verb), ACTORS)
    return []


def _speech(ctx: Context, p: int, sent: Span, noun: Token) -> Iterator[Statement]:
    """ "Joe Biden's statements ... point towards cooperation on climate change"."""
    holders = entities(ctx, p, [c for c in noun.children if c.dep_ == "poss"], ACTORS)
    if not holders:
        return
    verb = noun.head
    scope = [t for c in verb.children if c != noun for t in c.subtree]
    evaluations = [e for t in scope if (e := _evaluation(t, ctx.lexicon))]
    base = evaluations[0][0] if evaluations else SUPPORT
    for target, tok in _targets(ctx, p, scope, frozenset({"Topic", "Treaty", "Forum"})):
        pol = _polarity(base, tok, verb, ctx.lexicon)
        for h in holders:
            yield _stance(ctx, p, sent, h, target, pol, ASSERTED, "speech", 0.6)


# -- the author's stances ---------------------------------------------------------------------
#: Prepositions whose phrases only set the scene ("during the Cold War", "like in 1980").
SCENE_PREPS = {"during", "since", "after", "before", "until", "like", "unlike", "despite",
               "amid", "throughout"}


def _authorial(ctx: Context, p: int, sent: Span) -> Iterator[Statement]:
    if sent.text.rstrip().endswith("?"):
        return
    seen: set[str] = set()
    for kind, base, anchor, scope in _cues(sent, ctx.lexicon):
        modality = {"normative": NORMATIVE, "possible": POSSIBLE}.get(kind, ASSERTED)
        confidence = {"normative": 0.7, "possible": 0.5}.get(kind, 0.6)
        holders = speakers_of(ctx, p, anchor)
        if holders is None:
            continue  # a view the author only reports ("some analysts argue that ...")
        rule = f"author-{kind}" if holders == [ctx.author] else f"reported-{kind}"
        for target, tok in _targets(ctx, p, [t for t in scope if not _scene(t)]):
            if target in seen or _in_conditional(tok):
                continue
            seen.add(target)
            pol = _polarity(base, tok, anchor, ctx.lexicon)
            for holder in holders:
                st = _stance(ctx, p, sent, holder, target, pol, modality, rule, confidence)
                st.attributed_to = holder
                yield st
    yield from _criticism(ctx, p, sent)


def _scene(tok: Token) -> bool:
    """The object of a scene-setting preposition: "during the Cold War"."""
    while tok.dep_ in ("compound", "det", "amod") and tok.head != tok:
        tok = tok.head
    return tok.dep_ == "pobj" and tok.head.lower_ in SCENE_PREPS


def _cues(sent: Span, lex: object) -> list[tuple[str, str, Token, list[Token]]]:
    """Stance cues of a sentence, strongest first: (kind, base polarity, anchor, scope).

    The scope is what the cue is about: the clause a modal governs, the subject of an
    evaluative predicate, the noun an evaluative adjective modifies.
    """
    c = lex.cue  # type: ignore[attr-defined]
    low = sent.text.lower()
    out: list[tuple[str, str, Token, list[Token]]] = []
    for tok in sent:
        lemma = tok.lemma_.lower()
        if tok.dep_ == "aux" and tok.lower_ in c("normative", "modals"):
            head = tok.head
            out.append(("normative", SUPPORT, head, _clause(head)))
        elif lemma in c("normative", "verbs") and tok.pos_ in ("VERB", "AUX"):
            out.append(("normative", SUPPORT, tok, _clause(tok)))
        elif tok.lower_ in c("normative", "adjectives") and tok.dep_ in ("acomp", "attr") and (
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
    for tok in sent:
        ev = _evaluation(tok, lex)
        if ev is not None:
            out.append(("evaluative", ev[0], ev[1], ev[2]))
            harmed = _harmed(tok, lex)
            if harmed:
                out.append(("evaluative", SUPPORT, tok, harmed))
    if any(" " in ph and ph in low for ph in c("positive", "nouns")):
        out.append(("evaluative", SUPPORT, sent.root, list(sent)))
    if any(ph in low for ph in c("possible", "phrases")):
        out.append(("possible", SUPPORT, sent.root, list(sent)))
    for tok in sent:
        if tok.dep_ == "aux" and tok.lower_ in c("possible", "modals") and (
                tok.head.lemma_.lower() in c("actions", "continue") | c("positive", "verbs")):
            out.append(("possible", SUPPORT, tok.head, _clause(tok.head)))
    return out


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


def _evaluation(tok: Token, lex: object) -> tuple[str, Token, list[Token]] | None:
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
    if _negated(tok) and tok != anchor:
        pol = _flip(pol)  # "not useful"; the anchor's own negation is read with the path
    return pol, anchor, scope


def _harmed(tok: Token, lex: object) -> list[Token]:
    """What a harmful act harms is valued: "the barrier that hampered dialogue" is a stance
    against the barrier, for the dialogue (and "sabotaged by X" against X)."""
    if tok.pos_ != "VERB" or tok.lemma_.lower() not in lex.cue(  # type: ignore[attr-defined]
            "negative", "verbs") or _negated(tok):
        return []
    return [t for ch in tok.children if ch.dep_ in ("dobj", "xcomp", "ccomp", "prep", "prt",
                                                    "nsubjpass")
            and not (ch.dep_ in ("prep", "agent") and ch.lower_ == "by") for t in ch.subtree]


def _negated(tok: Token) -> bool:
    """ "not useful", "never helped", "no breakthroughs"."""
    return any(ch.dep_ == "neg" or ch.lower_ == "never" or ch.dep_ == "det" and ch.lower_ == "no"
               for ch in tok.children)


def _evaluate(tok: Token, lex: object) -> str | None:
    c = lex.cue  # type: ignore[attr-defined]
    for a in tok.children:
        if a.dep_ in ("amod", "acomp") and a.lower_ in c("positive", "adjectives"):
            return SUPPORT
        if a.dep_ in ("amod", "acomp") and a.lower_ in c("negative", "adjectives"):
            return OPPOSE
    return None


def _up_to_comma(noun: Token) -> list[Token]:
    """A noun's phrase, cut at the first comma after it (parsers attach what follows)."""
    out = []
    for t in noun.subtree:
        if t.i > noun.i and t.text in (",", ";", "—", "–"):
            break
        out.append(t)
    return out


def _in_conditional(tok: Token) -> bool:
    for t in [tok, *tok.ancestors]:
        if t.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in ("if", "unless")
                                     for c in t.children):
            return True
    return False


def _criticism(ctx: Context, p: int, sent: Span) -> Iterator[Statement]:
    """The author's criticism of an actor: "the legacy left by Trump is ominous", "hostile
    and short-sighted actions on the American side", "sabotaged, as the American side has
    done"."""
    lex = ctx.lexicon
    neg_adj, neg_verbs = lex.cue("negative", "adjectives"), lex.cue("negative", "verbs")
    for tok in sent:
        scope: list[Token] = []
        if tok.lower_ in neg_adj and tok.dep_ == "acomp":
            scope = [t for s in tok.head.children if s.dep_ in ("nsubj", "nsubjpass")
                     for t in s.subtree]
        elif tok.lower_ in neg_adj and tok.dep_ in ("amod", "conj") and tok.head.pos_ in (
                "NOUN", "ADJ"):
            noun = tok.head
            while noun.pos_ == "ADJ" and noun.head != noun:
                noun = noun.head
            scope = _up_to_comma(noun)
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
        yield from _criticise(ctx, p, sent, scope, negated=_negated(tok))


def _criticise(ctx: Context, p: int, sent: Span, scope: list[Token], negated: bool
               ) -> Iterator[Statement]:
    for target, _t in _targets(ctx, p, scope, ACTORS):
        if target != ctx.author:
            yield _stance(ctx, p, sent, ctx.author, target, SUPPORT if negated else OPPOSE,
                          ASSERTED, "author-criticism", 0.55)


