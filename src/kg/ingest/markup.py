"""Inline markdown removal that keeps the character mapping (only deletions, never rewrites)."""

from __future__ import annotations

import re

from kg.ingest.text import MappedText

_LINK = re.compile(r"!?\[([^\]\n]*)\]\([^)\n]*\)")
_AUTOLINK = re.compile(r"<(https?://[^>\s]+)>")
#: Each pattern with the strings one of which a line must contain for it to match: a
#: substring test is much cheaper than a regex scan (the emphasis pattern tries two
#: look-behinds at every character).
_DELETE = [
    (re.compile(r"^\s{0,3}#{1,6}\s+"), ("#",)),  # heading marker
    (re.compile(r"^\s*[*+-]\s+(?=\S)"), ("*", "+", "-")),  # bullet
    (re.compile(r"\*\*|__"), ("**", "__")),  # strong emphasis
    (re.compile(r"(?<![\w*])\*(?=[^\s*])|(?<=[^\s*])\*(?![\w*])"), ("*",)),  # emphasis
    (re.compile(r"\\(?=[\\`*_{}\[\]()#+\-.!])"), ("\\",)),  # backslash escapes
    (re.compile(r"\s+#+\s*$"), ("#",)),  # closing heading marker
]


def strip_inline(line: MappedText) -> MappedText:
    """Remove markdown syntax from one line: `[Igor Ivanov](#)` becomes `Igor Ivanov`.

    `keep` marks the characters that stay (1) or go (0); it is a bytearray so that runs are
    marked by slice assignment and found by a regex, not a loop per character (most lines
    have no markup at all and are copied as they are).
    """
    text = line.text
    keep = bytearray(b"\x01") * len(text)
    for pattern, needle in ((_LINK, "]("), (_AUTOLINK, "<")):
        if needle not in text:
            continue
        for m in pattern.finditer(text):
            keep[m.start():m.end()] = bytes(m.end() - m.start())
            keep[m.start(1):m.end(1)] = b"\x01" * (m.end(1) - m.start(1))
    for pattern, needles in _DELETE:
        if not any(n in text for n in needles):
            continue
        masked = text if 0 not in keep else _masked(text, keep)
        for m in pattern.finditer(masked):
            keep[m.start():m.end()] = bytes(m.end() - m.start())
    if 0 not in keep:
        return MappedText(text, line.offsets[:])
    out = MappedText()
    for run in _KEPT.finditer(keep):
        i, j = run.span()
        out.text += text[i:j]
        out.offsets.extend(line.offsets[i:j])
    return out


_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+\S")
_KEPT = re.compile(b"\x01+")
_DROPPED = re.compile(b"\x00+")


def _masked(text: str, keep: bytearray) -> str:
    """`text` with every dropped character replaced by NUL (so later patterns cannot match
    across what was removed, and offsets stay those of `text`)."""
    pieces, last = [], 0
    for run in _DROPPED.finditer(keep):
        i, j = run.span()
        pieces += [text[last:i], "\x00" * (j - i)]
        last = j
    pieces.append(text[last:])
    return "".join(pieces)


def heading_level(raw: str) -> int:
    """1 for `# Title`, 2 for `## Dek`, ..., 0 for a line that is not a markdown heading."""
    m = _HEADING.match(raw)
    return len(m.group(1)) if m else 0
