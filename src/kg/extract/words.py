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

from spacy.attrs import DEP, ENT_TYPE, LEMMA, LOWER, ORTH, POS, TAG
from spacy.tokens import Doc, Span

_ATTRS = [ORTH, LOWER, LEMMA, POS, DEP, TAG, ENT_TYPE]


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
    def of(cls, doc: Doc) -> Words:
        """Read from `doc.to_array`: string ids mapped through a memo (a paragraph uses a
        few dozen tags and labels), no Token objects."""
        strings = doc.vocab.strings
        memo: dict[int, str] = {}

        def names(column: list[int]) -> list[str]:
            out = []
            for h in column:
                s = memo.get(h)
                if s is None:
                    s = memo[h] = strings[h]
                out.append(s)
            return out

        columns = doc.to_array(_ATTRS).T.tolist() if len(doc) else [[] for _ in _ATTRS]
        text, lower, lemma, pos, dep, tag, ent_type = map(names, columns)
        return cls(text, lower, [w.lower() for w in lemma], pos, dep, tag, ent_type,
                   doc.text)

    def sentence(self, sent: Span) -> str:
        """`sent.text`, sliced from the paragraph's text."""
        return self.doc_text[sent.start_char:sent.end_char]
