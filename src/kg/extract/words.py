"""The string attributes of a parsed paragraph's tokens, read once per paragraph.

The rules scan every token of every sentence, several times over (one scan per rule), and
most tokens are not what a rule looks for. Each `doc[i]` or step of `for tok in sent`
builds a new spaCy Token object and each `tok.lemma_` looks a string up again, which made
the scans a good part of extraction's time. `Words` holds the few attributes the scans
filter on as plain lists indexed like the Doc, so a scan tests strings and builds a Token
only for the candidates it then reads the parse of.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.attrs import DEP, ENT_TYPE, LEMMA, LOWER, ORTH, POS, SPACY, TAG
from spacy.tokens import Doc, Span

_ATTRS = [ORTH, LOWER, LEMMA, POS, DEP, TAG, ENT_TYPE, SPACY]

#: String id → string, for every paragraph of the process: an id is the hash of its string,
#: the same in every vocabulary, so each string is looked up in a StringStore once.
_STRINGS: dict[int, str] = {}
#: Emptied when it grows past this many strings: a bound for a process that parses without
#: end (the benchmark's 300 synthetic articles use about 2,300).
_MAX_STRINGS = 1_000_000


@dataclass(frozen=True)
class Words:
    """Per-token attributes of one Doc, by token index (`tok.text`, `tok.lower_`, ...)."""

    text: list[str]
    lower: list[str]
    lemma: list[str]  # lemma_.lower(), the form every rule compares
    pos: list[str]
    dep: list[str]
    tag: list[str]
    ent_type: list[str]
    #: `doc.text` (which spaCy joins from the tokens on every call)
    doc_text: str

    @classmethod
    def of(cls, doc: Doc, doc_text: str | None = None) -> Words:
        """Read from `doc.to_array`, no Token objects, each string id mapped through one
        table shared by every paragraph. `doc_text` is the text the Doc was parsed from,
        when the caller has it (spaCy keeps it verbatim: it is `doc.text`)."""
        columns = doc.to_array(_ATTRS).T.tolist() if len(doc) else [[] for _ in _ATTRS]
        *named, spaces = columns
        try:
            strings = [list(map(_STRINGS.__getitem__, column)) for column in named]
        except KeyError:  # a string no paragraph used before
            if len(_STRINGS) > _MAX_STRINGS:
                _STRINGS.clear()
            store = doc.vocab.strings
            _STRINGS.update((h, store[h]) for h in set().union(*named) if h not in _STRINGS)
            strings = [list(map(_STRINGS.__getitem__, column)) for column in named]
        text, lower, lemma, pos, dep, tag, ent_type = strings
        if doc_text is None:  # spaCy's `doc.text` joins the tokens again from Token objects
            doc_text = "".join(w + " " if space else w
                               for w, space in zip(text, spaces, strict=True))
        return cls(text, lower, [w.lower() for w in lemma], pos, dep, tag, ent_type, doc_text)

    def sentence(self, sent: Span) -> str:
        """`sent.text` (of a sentence or any span), sliced from the paragraph's text."""
        return self.doc_text[sent.start_char:sent.end_char]
