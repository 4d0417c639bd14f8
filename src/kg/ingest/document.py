"""Plain data that ingestion hands to the NLP stage."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from kg.ingest.text import MappedText

#: Zones whose sentences carry the article's claims (relations and stances are read there).
CLAIM_ZONES = frozenset({"title", "subtitle", "body", "heading", "bio", "role"})
#: Zones whose names are mentions of the document but never evidence of a claim.
MENTION_ONLY_ZONES = frozenset({"caption", "byline", "disclaimer"})


class IngestError(Exception):
    """A file that cannot be read as an article; the message is one line naming the problem."""

    def __init__(self, path: Path | str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = str(path)
        self.reason = reason


@dataclass
class Paragraph:
    """A block of clean text and the zone of the page it came from."""

    text: MappedText
    zone: str = "body"


@dataclass
class Metadata:
    title: str | None = None
    author: str | None = None
    author_role: str | None = None
    date: str | None = None  # ISO 8601 day
    url: str | None = None
    outlet: str | None = None


@dataclass
class Document:
    """An article: its source text, the clean paragraphs (mapped back to it) and metadata."""

    path: Path
    source_text: str
    encoding: str
    paragraphs: list[Paragraph]
    metadata: Metadata
    notes: list[str] = field(default_factory=list)

    @property
    def file_name(self) -> str:
        return self.path.name

    @property
    def stem(self) -> str:
        return self.path.stem

    @property
    def text(self) -> str:
        """The clean text, paragraphs separated by blank lines."""
        return "\n\n".join(p.text.text for p in self.paragraphs)
