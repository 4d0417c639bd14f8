"""Inline markdown removal that keeps the character mapping (only deletions, never rewrites)."""

from __future__ import annotations

import re

from kg.ingest.text import MappedText

_LINK = re.compile(r"!?\[([^\]\n]*)\]\([^)\n]*\)")
_AUTOLINK = re.compile(r"<(https?://[^>\s]+)>")
_DELETE = [
    re.compile(r"^\s{0,3}#{1,6}\s+"),  # heading marker
    re.compile(r"^\s*[*+-]\s+(?=\S)"),  # bullet
    re.compile(r"\*\*|__"),  # strong emphasis
    re.compile(r"(?<![\w*])\*(?=[^\s*])|(?<=[^\s*])\*(?![\w*])"),  # emphasis
    re.compile(r"\\(?=[\\`*_{}\[\]()#+\-.!])"),  # backslash escapes
    re.compile(r"\s+#+\s*$"),  # closing heading marker
]


def strip_inline(line: MappedText) -> MappedText:
    """Remove markdown syntax from one line: `[Igor Ivanov](#)` becomes `Igor Ivanov`."""
    text = line.text
    keep = [True] * len(text)
    for pattern in (_LINK, _AUTOLINK):
        for m in pattern.finditer(text):
            for i in range(m.start(), m.end()):
                keep[i] = False
            for i in range(m.start(1), m.end(1)):
                keep[i] = True
    for pattern in _DELETE:
        masked = "".join(c if k else "\x00" for c, k in zip(text, keep, strict=True))
        for m in pattern.finditer(masked):
            for i in range(m.start(), m.end()):
                keep[i] = False
    out = MappedText()
    i = 0
    while i < len(text):
        if not keep[i]:
            i += 1
            continue
        j = i
        while j < len(text) and keep[j]:
            j += 1
        out.text += text[i:j]
        out.offsets.extend(line.offsets[i:j])
        i = j
    return out


def heading_level(raw: str) -> int:
    """1 for `# Title`, 2 for `## Dek`, ..., 0 for a line that is not a markdown heading."""
    m = re.match(r"^\s{0,3}(#{1,6})\s+\S", raw)
    return len(m.group(1)) if m else 0
