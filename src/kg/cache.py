"""The build cache: a document's part of the graph, kept under a key of everything it depends on.

Extraction is a pure function of a file's name and bytes, the spaCy pipeline, the ontology
folder (gazetteer, lexicons, shapes) and kg's own code. The key hashes all of them, so an
edited gazetteer, an upgraded pipeline or a changed extraction rule invalidates every entry
and a stale part can never be reused; a file that did not change is read from the cache
instead of being parsed again. Entries (a line of JSON, then the part's Turtle as it is) are
written atomically (a temporary file renamed into place), so an interrupted build never
leaves a half-written entry, and two builds sharing a cache folder at once at worst both
write the same entry.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.util
import json
import os
import tempfile
from pathlib import Path

from kg import __version__
from kg.stream import DocumentPart

#: Bumped when the entry format or the meaning of a part changes (2: a line of JSON, then
#: the part's Turtle as plain text).
FORMAT = 2


def resolve_pipeline(name: str | None) -> str:
    """The pipeline `kg.nlp.load_pipeline(name)` would load, found without loading spaCy."""
    from kg.nlp import DEFAULT_PIPELINES, pipeline_name

    candidates = [name] if name else [n for n in [pipeline_name()] if n] or list(
        DEFAULT_PIPELINES)
    for candidate in candidates:
        if os.path.isdir(candidate) or importlib.util.find_spec(candidate) is not None:
            return candidate
    return candidates[0]


def pipeline_version(name: str) -> str:
    """`lang_name-version` of a pipeline from its meta.json (a package or a folder)."""
    folder = Path(name)
    if not folder.is_dir():
        spec = importlib.util.find_spec(name)
        locations = list(spec.submodule_search_locations or []) if spec else []
        folder = Path(locations[0]) if locations else folder
    try:
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return f"{name}-unknown"
    return f"{meta.get('lang')}_{meta.get('name')}-{meta.get('version')}"


def _tree_digest(folder: Path, patterns: tuple[str, ...]) -> str:
    """A hash of the names and bytes of every file under `folder` matching `patterns`."""
    h = hashlib.sha256()
    if folder.is_dir():
        files = sorted({p for pat in patterns for p in folder.rglob(pat) if p.is_file()})
        for path in files:
            h.update(str(path.relative_to(folder)).encode() + b"\0")
            h.update(path.read_bytes() + b"\0")
    return h.hexdigest()


def environment_key(pipeline: str | None, ontology: Path | None, max_bytes: int) -> str:
    """Everything besides the file itself that a document's part depends on, as one hash."""
    from kg.config import ontology_dir

    name = resolve_pipeline(pipeline)
    parts = {
        "format": FORMAT,
        "kg": __version__,
        "code": _tree_digest(Path(__file__).resolve().parent, ("*.py",)),
        "pipeline": name,
        "pipeline_version": pipeline_version(name),
        "spacy": _version("spacy"),
        "ontology": _tree_digest(ontology_dir(ontology), ("*.ttl", "*.toml")),
        "max_bytes": max_bytes,
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


def _version(dist: str) -> str:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return "none"


class RecordCache:
    """Document parts on disk, one JSON file per key, under `folder/v{FORMAT}/`."""

    def __init__(self, folder: Path, environment: str) -> None:
        self.folder = folder / f"v{FORMAT}"
        self.environment = environment

    def key(self, file_name: str, data: bytes) -> str:
        """The key of one file: its name (the document IRI comes from it) and bytes."""
        h = hashlib.sha256(self.environment.encode())
        h.update(b"\0" + file_name.encode() + b"\0")
        h.update(data)
        return h.hexdigest()

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.part"

    def has(self, key: str) -> bool:
        return self._path(key).is_file()

    def is_valid(self, key: str) -> bool:
        """Whether the entry's graph passed the SHACL shapes (its marker file exists)."""
        return self._path(key).with_suffix(".valid").is_file()

    def get(self, key: str) -> tuple[DocumentPart, tuple[int, int]] | None:
        """The cached part and its span (the entry's size and the part's Turtle size, in
        bytes: see `fragment`), or None (also for an entry that cannot be read: rebuilt)."""
        try:
            data = self._path(key).read_bytes()
            head, _, fragment = data.partition(b"\n")
            fields = json.loads(head)
            if fields.pop("fragment_bytes") != len(fragment):
                return None  # cut short
            fields["fragment"] = fragment.decode("utf-8")
            return DocumentPart.from_json(fields), (len(data), len(fragment))
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None

    def fragment(self, key: str, span: tuple[int, int]) -> bytes | None:
        """The part's Turtle as the entry holds it (its tail), without reading the rest; None
        when the entry is not the size it had (gone, cut short, or rewritten)."""
        size, length = span
        try:
            with self._path(key).open("rb") as fh:
                if os.fstat(fh.fileno()).st_size != size:
                    return None
                fh.seek(size - length)
                data = fh.read(length)
        except OSError:
            return None
        return data if len(data) == length else None

    def put(self, key: str, part: DocumentPart) -> tuple[int, int]:
        """Store a part atomically (write a temporary file, then rename it into place);
        returns its span (see `get`)."""
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
        try:
            fields = part.to_json()
            fragment = fields.pop("fragment").encode("utf-8")
            fields["fragment_bytes"] = len(fragment)
            # one line of JSON (which holds no raw newline), then the Turtle text as it is:
            # the bulk of an entry is read and written without JSON escaping
            entry = json.dumps(fields, ensure_ascii=False, separators=(",", ":")).encode(
                "utf-8") + b"\n" + fragment
            with os.fdopen(fd, "wb") as fh:
                fh.write(entry)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        marker = path.with_suffix(".valid")
        if part.validated:
            marker.touch()
        else:
            marker.unlink(missing_ok=True)
        return len(entry), len(fragment)
