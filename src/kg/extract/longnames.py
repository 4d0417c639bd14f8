"""Long proper names that hold a known name, found on the tokens.

The entity rulers match gazetteer names inside longer names ("Syria" in "the International
Syria Support Group"), and the statistical NER then proposes what is left ("The
International"). A run of capitalised words that ends in (or starts with) an organisation's,
forum's or treaty's head word is one name of its own; `kg.extract.linking` makes it an
entity and drops the pieces.
"""

from __future__ import annotations

from spacy.tokens import Doc

from kg.extract.words import Words

#: Last words of long proper names, and the class such a name has.
NAME_HEADS = {
    **dict.fromkeys(["declaration", "agreement", "accord", "memorandum", "treaty", "convention",
                     "protocol", "charter", "pact", "communiqué", "communique"], "Treaty"),
    **dict.fromkeys(["group", "forum", "format", "dialogue", "quartet", "partnership"], "Forum"),
    **dict.fromkeys(["council", "commission", "agency", "organization", "organisation",
                     "ministry", "bank", "institute", "center", "centre", "party", "court",
                     "committee", "department", "office", "foundation", "union", "service",
                     "fund", "assembly", "parliament", "alliance", "observatory", "network",
                     "corporation", "directorate", "bureau", "academy", "university"],
                    "Organization"),
}
_JOINERS = {"of", "for", "on", "the", "and", "'", "’", "-", "–"}
_TREATY_JOINERS = _JOINERS | {"to", "between", "with"}


def name_runs(doc: Doc, words: Words) -> list[tuple[int, int, str]]:
    """Long proper names the entity rulers and the NER cut into pieces because they hold a
    known name: "the International Syria Support Group", "the New Delhi Leaders'
    Declaration", "the Center for International Information Security". A run of capitalised
    words (joined by "of", "for", "and" ...) that ends in a head word of `NAME_HEADS` (or,
    before "of"/"for", starts with one), holds a recognised name and is longer than it.
    Each run: (start, end, class)."""
    if not doc.ents:
        return []
    capital = [t[:1].isupper() and pos in ("PROPN", "NOUN", "ADJ") and ent not in _NOT_NAMES
               for t, pos, ent in zip(words.text, words.pos, words.ent_type, strict=True)]
    ents: list[tuple[int, int]] = []  # without "the" before and "for" after ("the Center for")
    known_starts = set()
    for e in doc.ents:
        start, end = e.start + (words.lower[e.start] in ("the", "a", "an")), e.end
        while end > start and (words.pos[end - 1] == "ADP" or words.text[end - 1] in _TAIL):
            end -= 1
        if end > start:
            ents.append((start, end))
        if "|" in e.ent_id_:
            known_starts.add(start)
    inside = {i for s, e in ents for i in range(s, e)}
    out: list[tuple[int, int, str]] = []
    i, n = 0, len(doc)
    while i < n:
        if not capital[i] or words.lower[i] == "the":
            i += 1
            continue
        j = i
        # "the Treaty on the Accession of the Republic of Crimea to Russia": "to" joins only
        # in a treaty's name, never "from Washington to Moscow"
        treaty = NAME_HEADS.get(words.lower[i]) == "Treaty"
        while j + 1 < n and (capital[j + 1] or _joined(words.lower, capital, j + 1, treaty)):
            j += 1
        if j > i and not inside.isdisjoint(range(i, j + 1)):
            # the head is the last word, or the one before "of"/"for" ("Center for ...")
            joiner = next((k for k in range(i, j) if words.lower[k] in ("of", "for", "on")),
                          None)
            cls = NAME_HEADS.get(words.lower[j]) or (
                NAME_HEADS.get(words.lower[joiner - 1]) if joiner and i not in known_starts
                else None)  # not "the Group of Twenty on ..." (a known name, then more)
            held = [(s, e) for s, e in ents if i <= s and e <= j + 1]
            if cls and held != [(i, j + 1)] and not any(s < i < e or s <= j < e - 1
                                                       for s, e in ents):
                out.append((i, j + 1, cls))
        i = j + 1
    return out


def _joined(lower: list[str], capital: list[bool], k: int, treaty: bool) -> bool:
    """Whether the joiner at `k` leads to a capitalised word. In a treaty's name (`treaty`:
    the run starts with its head word) two may ("the Treaty on the Accession of the
    Republic of Crimea to Russia"); elsewhere "of the" ends a run ("President of the
    Russian International Affairs Council" is a title and a name)."""
    joiners = _TREATY_JOINERS if treaty else _JOINERS
    if lower[k] not in joiners:
        return False
    if k + 1 < len(lower) and capital[k + 1]:
        return True
    return treaty and lower[k] != "and" and k + 2 < len(lower) and lower[k + 1] == "the" \
        and capital[k + 2]


#: Entity types whose capitalised words are not part of an organisation's name.
_NOT_NAMES = {"DATE", "TIME", "CARDINAL", "ORDINAL", "PERSON"}
_TAIL = {"'s", "’s", "'", "’", ".", ","}
