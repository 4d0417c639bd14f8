"""Reading files: size, binary and encoding checks, with one-line reasons for refusals."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from kg.ingest.document import IngestError

#: Files larger than this are refused unless the caller raises the limit: an article is
#: kilobytes, a multi-megabyte "article" is a dump or a mistake and would stall the build.
DEFAULT_MAX_BYTES = 5 * 1024 * 1024
#: Control characters other than white space (\t \n \f \r): a sign of binary data.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")


def read_text(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[str, str, list[str]]:
    """Return `(text, encoding, notes)` for a file, or raise IngestError saying why not.

    UTF-8 (with or without BOM) is tried first; then cp1252 and Latin-1, with a note, as
    long as the result is text and not control characters.
    """
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise IngestError(path, f"cannot read: {exc.strerror or exc}") from None
    if size == 0:
        raise IngestError(path, "empty file")
    if size > max_bytes:
        limit = f"{max_bytes / 1e6:.1f} MB limit; see --max-size"
        raise IngestError(path, f"too large ({size / 1e6:.1f} MB > {limit})")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise IngestError(path, f"cannot read: {exc.strerror or exc}") from None
    if b"\x00" in data[:8192]:
        raise IngestError(path, "binary file (contains NUL bytes), not text")
    notes: list[str] = []
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        text, encoding = data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        text, encoding = _legacy_decode(path, data)
        notes.append(f"not valid UTF-8 (byte {exc.start}); decoded as {encoding}")
    if not text.strip():
        raise IngestError(path, "no text (only white space)")
    controls = len(_CONTROL.findall(text))
    if controls > max(8, len(text) // 100):
        raise IngestError(path, "binary file (control characters), not text")
    return text, encoding, notes


def _legacy_decode(path: Path, data: bytes) -> tuple[str, str]:
    for encoding in ("cp1252", "latin-1"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if not any(0x80 <= ord(c) <= 0x9F for c in text):
            return text, encoding
    raise IngestError(path, "undecodable: not UTF-8, cp1252 or Latin-1 text")
