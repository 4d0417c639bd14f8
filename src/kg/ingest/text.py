"""Text that remembers where each of its characters came from in the source file.

Every later stage reports evidence as character offsets into the file a user can open, so
cleaning never rewrites text freely: it keeps or drops runs of source characters, and
normalises them in a way that preserves the mapping.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

#: Characters dropped outright (soft hyphen, zero-width space/joiners, BOM).
_INVISIBLE = {"\u00ad", "\u200b", "\u200c", "\u200d", "\ufeff"}
#: Characters replaced one-for-one so tokenisation sees ordinary text.
_REPLACE = {"\u00a0": " ", "\u2009": " ", "\u202f": " ", "\t": " "}
#: Any character of the two sets above (one regex search instead of a test per character).
_SPECIAL = re.compile("[" + "".join(sorted(_INVISIBLE | set(_REPLACE))) + "]")


@dataclass
class MappedText:
    """A string plus, for each character, its offset in the source text."""

    text: str = ""
    offsets: list[int] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.text)

    def append(self, source: str, start: int, end: int) -> None:
        """Append `source[start:end]`, normalised to NFC, keeping the offset of each character."""
        run = source[start:end]
        if not run:
            return
        if unicodedata.is_normalized("NFC", run) and not _SPECIAL.search(run):
            self.text += run
            self.offsets.extend(range(start, end))
            return
        pieces: list[str] = []
        i = 0
        while i < len(run):
            j = i + 1
            while j < len(run) and unicodedata.combining(run[j]):
                j += 1
            cluster = run[i:j]
            if cluster in _INVISIBLE:
                i = j
                continue
            cluster = _REPLACE.get(cluster, cluster)
            normal = unicodedata.normalize("NFC", cluster)
            pieces.append(normal)
            self.offsets.extend([start + i] * len(normal))
            i = j
        self.text += "".join(pieces)

    def append_text(self, text: str, at: int) -> None:
        """Append text that is not in the source (a separator), mapped to offset `at`."""
        self.text += text
        self.offsets.extend([at] * len(text))

    def slice(self, start: int, end: int) -> MappedText:
        return MappedText(self.text[start:end], self.offsets[start:end])

    def strip(self) -> MappedText:
        left = len(self.text) - len(self.text.lstrip())
        right = len(self.text.rstrip())
        return self.slice(left, right)

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """The source offsets `[start, end)` that the characters `[start, end)` came from."""
        if not self.offsets or start >= end:
            at = self.offsets[min(start, len(self.offsets) - 1)] if self.offsets else 0
            return at, at
        return self.offsets[start], self.offsets[end - 1] + 1

    @classmethod
    def concat(cls, parts: list[MappedText]) -> MappedText:
        out = cls()
        for part in parts:
            out.text += part.text
            out.offsets.extend(part.offsets)
        return out
