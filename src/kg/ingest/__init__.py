"""Ingestion: files and folders to clean `Document`s whose text maps back to the source."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from kg.ingest.clean import clean_lines, split_lines
from kg.ingest.decode import DEFAULT_MAX_BYTES, read_text
from kg.ingest.document import Document, IngestError, Metadata, Paragraph
from kg.ingest.html import html_lines
from kg.ingest.text import MappedText

__all__ = [
    "SUFFIXES", "Document", "IngestError", "MappedText", "Metadata", "Paragraph",
    "discover", "read_document",
]

#: File types read as articles; anything else in a folder is skipped.
SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")


def discover(paths: list[Path]) -> tuple[list[Path], list[IngestError]]:
    """The article files under `paths` (sorted, without duplicates) and the paths refused."""
    files: list[Path] = []
    errors: list[IngestError] = []
    for path in paths:
        if path.is_dir():
            found = sorted(
                p for p in path.rglob("*")
                if p.suffix.lower() in SUFFIXES and p.is_file()
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
            if not found:
                errors.append(IngestError(path, f"no articles ({', '.join(SUFFIXES)}) in folder"))
            files.extend(found)
        elif path.exists():
            files.append(path)
        else:
            errors.append(IngestError(path, "no such file or folder"))
    unique = sorted({p.resolve(): p for p in files}.values(), key=lambda p: (p.name, str(p)))
    return unique, errors


def read_document(
    path: Path,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    outlet_for_host: Callable[[str], str | None] | None = None,
) -> Document:
    """Read one article file; raises IngestError with a one-line reason when it can't."""
    text, encoding, notes = read_text(path, max_bytes)
    if path.suffix.lower() in (".html", ".htm") or text.lstrip()[:15].lower().startswith(
        ("<!doctype html", "<html")
    ):
        lines, meta = html_lines(text)
        cleaned = clean_lines(lines, markdown=False, meta=meta, outlet_for_host=outlet_for_host)
    else:
        cleaned = clean_lines(split_lines(text), outlet_for_host=outlet_for_host)
    if not any(p.zone == "body" for p in cleaned.paragraphs):
        raise IngestError(path, "no article text found (only page furniture)")
    return Document(path, text, encoding, cleaned.paragraphs, cleaned.metadata,
                    notes + cleaned.notes)


def iter_documents(paths: list[Path], **kwargs: object) -> Iterator[Document | IngestError]:
    files, errors = discover(paths)
    yield from errors
    for path in files:
        try:
            yield read_document(path, **kwargs)  # type: ignore[arg-type]
        except IngestError as exc:
            yield exc
