"""The merged part of the graph, kept between builds, so that a rebuild redoes only what changed.

Entities and statements are shared by documents. A statement's node lists every document
and evidence that gives it, and takes its fields from the first document (in file order)
that gives it; an entity is described by the last document naming it. Writing them means
knowing what every document gave, and reading 10,000 cache entries to learn that again took
most of a one-article rebuild. So the build keeps it in an SQLite file beside its cache:

* `doc`: each document's stem, cache key, place in file order, and where its own part
  lies in the graph.ttl the build wrote and in its cache entry (so that the next build
  copies it as it is: from the previous graph.ttl, one file read in order, and from the
  entry when that file is gone or holds other bytes there);
* `ent`, `stdoc`, `ev`: what each document gave: its entities, its statements' fields,
  their evidence;
* `entity_text`, `stmt`: the rendered Turtle of every entity and statement node.

A build forgets what changed or removed documents gave, adds what new parts give, renders
again the entities and statements they touched, and reads the rest as it is. Every row is a
function of the parts `doc` names (a stem and the cache key of its bytes), so the file
describes itself: it never has to agree with the output folder, and a build that fails
rolls its changes back (one transaction, committed once the graph is written). A file that
cannot be read, or a build where no document is kept, starts afresh.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

from kg.model import Entity
from kg.stream import (
    ENTITIES_GRAPH,
    DocumentPart,
    entity_blocks,
    relation_graph,
    relation_triple,
    statement_blocks,
    statement_graph,
)

log = logging.getLogger("kg")

#: Bumped when the tables change (a file of another version is started afresh).
VERSION = 2
#: How long a build waits for another build into the same folder to let go of the file.
LOCK_SECONDS = 60.0

_SCHEMA = """
    CREATE TABLE doc (stem TEXT PRIMARY KEY, key TEXT, first INT, last INT, digest TEXT,
                      triples INT, size INT, entry INT, nbytes INT, offset INT,
                      validated INT) WITHOUT ROWID;
    CREATE TABLE ent (id TEXT, stem TEXT, data TEXT, mentioned INT,
                      PRIMARY KEY (id, stem)) WITHOUT ROWID;
    CREATE INDEX ent_stem ON ent (stem);
    CREATE TABLE stdoc (h TEXT, key TEXT, stem TEXT, kind TEXT, type TEXT, subject TEXT,
                        object TEXT, polarity TEXT, modality TEXT, negated INT,
                        attributed TEXT, core INT, PRIMARY KEY (h, key, stem)) WITHOUT ROWID;
    CREATE INDEX stdoc_stem ON stdoc (stem);
    CREATE TABLE ev (h TEXT, key TEXT, stem TEXT, start INT, "end" INT, conf REAL,
                     PRIMARY KEY (h, key, stem, start, "end")) WITHOUT ROWID;
    CREATE TABLE entity_text (id TEXT PRIMARY KEY, text TEXT, triples INT) WITHOUT ROWID;
    CREATE TABLE stmt (h TEXT, key TEXT, kind TEXT, subject TEXT, type TEXT, object TEXT,
                       core INT, text TEXT, triples INT, PRIMARY KEY (h, key)) WITHOUT ROWID;
"""
_TABLES = ("doc", "ent", "stdoc", "ev", "entity_text", "stmt")


@dataclass(frozen=True)
class Kept:
    """A document the state holds: its cache key, place, named graph digest, triples and
    size (characters), its part's place in the cache entry (entry bytes, part bytes), and
    where the part starts in the graph.ttl the build wrote; whether it passed the shapes."""

    key: str
    first: int
    last: int
    digest: str
    triples: int
    size: int
    entry: int
    nbytes: int
    offset: int
    validated: int


class MergedState:
    """The merged part's SQLite file (see the module docstring). Changes are made in one
    transaction: `commit` keeps them, `close` without it drops them."""

    def __init__(self, path: Path, *, fresh: bool = False) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self.db = self._open(fresh)
        #: statements (h, key) and entity ids whose nodes must be rendered again
        self.keys: set[tuple[str, str]] = set()
        self.ids: set[str] = set()
        self._given: set[str] = set()  # stems whose part was added in this build
        self._seen: set[str] = set()  # and those kept
        self._held: set[str] = set()  # stems the file held when the build began

    @classmethod
    def scratch(cls, path: Path) -> MergedState:
        """A state of this build only (its file is thrown away with the staging folder, and
        what a file of that name held is not this build's)."""
        _unlink(path)
        return cls(path)

    def _open(self, fresh: bool) -> sqlite3.Connection:
        """The file, locked for this build (another build into the same folder waits, then
        gives up: `sqlite3.OperationalError`); tables of another version are replaced, and
        `fresh` empties them. A file that is not a database is replaced; nothing is ever
        unlinked while another build may hold it, so two builds at once cannot lose one
        another's file mid-build."""
        try:
            return self._locked(fresh)
        except sqlite3.DatabaseError as exc:  # not a database, or damaged
            if isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc):
                raise  # another build holds it
            log.info("%s: %s; the merged part is rebuilt", self.path, exc)
        _unlink(self.path)
        return self._locked(fresh)

    def _locked(self, fresh: bool) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, isolation_level=None, timeout=LOCK_SECONDS)
        try:
            db.execute("PRAGMA synchronous = NORMAL")
            db.execute("PRAGMA cache_size = -65536")  # 64 MB
            db.execute("BEGIN IMMEDIATE")
            if db.execute("PRAGMA user_version").fetchone()[0] != VERSION:
                for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                          "AND name NOT LIKE 'sqlite_%'").fetchall():
                    db.execute(f'DROP TABLE "{name}"')
                for statement in _SCHEMA.split(";"):
                    if statement.strip():
                        db.execute(statement)
                db.execute(f"PRAGMA user_version = {VERSION}")
            elif fresh:
                _empty(db)
        except BaseException:
            db.close()
            raise
        return db

    # what the previous build left

    def prepare(self, order: list[tuple[str, str]]) -> dict[str, Kept]:
        """The documents of `order` (stem, cache key, in file order) held with the same key,
        which the build may keep as they are. When none is, or their order changed, the
        state starts afresh."""
        rows = {r[0]: Kept(*r[1:]) for r in self.db.execute("SELECT * FROM doc")}
        self._held = set(rows)
        kept = {stem: row for stem, key in order
                if (row := rows.get(stem)) is not None and row.key == key}
        places = [kept[stem].first for stem, _ in order if stem in kept]
        in_order = all(a < b for a, b in pairwise(places))
        if rows and (not kept or not in_order):
            _empty(self.db)  # nothing to keep: starting afresh is quicker than forgetting
            self._held = set()
            return {}
        return kept

    def forget(self, stem: str) -> None:
        """Drop what a document gave; what it touched is rendered again."""
        db = self.db
        keys = db.execute("SELECT h, key FROM stdoc WHERE stem = ?", (stem,)).fetchall()
        self.keys.update(keys)
        self.ids.update(i for (i,) in db.execute("SELECT id FROM ent WHERE stem = ?", (stem,)))
        db.executemany("DELETE FROM ev WHERE h = ? AND key = ? AND stem = ?",
                       [(h, k, stem) for h, k in keys])
        db.execute("DELETE FROM stdoc WHERE stem = ?", (stem,))
        db.execute("DELETE FROM ent WHERE stem = ?", (stem,))
        db.execute("DELETE FROM doc WHERE stem = ?", (stem,))

    def keep(self, stem: str, row: Kept, place: int, offset: int) -> None:
        """A kept document is at `place` in this build's file order, its part at byte
        `offset` of graph.ttl."""
        self._seen.add(stem)
        if (row.first, row.last, row.offset) != (place, place, offset):
            self.db.execute("UPDATE doc SET first = ?, last = ?, offset = ? WHERE stem = ?",
                            (place, place, offset, stem))

    # what this build gives

    def add(self, part: DocumentPart, key: str, place: int, digest: str,
            span: tuple[int, int], offset: int) -> None:
        """Record what a new or changed document gives (a stem given twice in one build, from
        two folders, shares its rows: the first part's statement fields and the last part's
        entity descriptions, as file order says)."""
        db = self.db
        stem = part.stem
        if stem in self._given:
            db.execute("UPDATE doc SET last = ? WHERE stem = ?", (place, stem))
        else:
            if stem in self._held:
                self.forget(stem)  # what an earlier build recorded for it
            self._given.add(stem)
            self._seen.add(stem)
            db.execute("INSERT INTO doc VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       (stem, key, place, place, digest, part.triples, len(part.fragment),
                        *span, offset, int(part.validated)))
        given: dict[str, list] = {e.id: [_entity_data(e), 0] for e in part.entities}
        for entity_id in part.mentioned:
            given.setdefault(entity_id, [None, 0])[1] = 1
        self.ids.update(given)
        db.executemany(
            "INSERT INTO ent VALUES (?, ?, ?, ?) ON CONFLICT (id, stem) DO UPDATE SET "
            "data = coalesce(excluded.data, data), mentioned = max(mentioned, excluded.mentioned)",
            [(i, stem, data, mentioned) for i, (data, mentioned) in given.items()])
        rows, evidence = [], []
        for s in part.statements:
            h = _hash(s.key)
            self.keys.add((h, s.key))
            rows.append((h, s.key, stem, s.kind, s.type, s.subject, s.object, s.polarity,
                         s.modality, int(s.negated), s.attributed_to, int(s.core)))
            evidence.extend((h, s.key, stem, a, b, c) for a, b, c in s.evidence)
        db.executemany("INSERT OR IGNORE INTO stdoc VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       rows)
        db.executemany("INSERT OR IGNORE INTO ev VALUES (?, ?, ?, ?, ?, ?)", evidence)

    # the merged part

    def render(self) -> None:
        """Forget the documents this build did not give or keep (removed, or unreadable
        now), then render again every entity and statement node a change touched."""
        for (stem,) in self.db.execute("SELECT stem FROM doc").fetchall():
            if stem not in self._seen:
                self.forget(stem)
        self._render_entities()
        self._render_statements()

    def _render_entities(self) -> None:
        db = self.db
        db.execute("CREATE TEMP TABLE IF NOT EXISTS touched_id (id TEXT PRIMARY KEY) "
                   "WITHOUT ROWID")
        db.execute("DELETE FROM touched_id")
        db.executemany("INSERT INTO touched_id VALUES (?)", [(i,) for i in sorted(self.ids)])
        db.execute("DELETE FROM entity_text WHERE id IN (SELECT id FROM touched_id)")
        described: dict[str, str] = {}  # the last document's description of each
        for entity_id, data in db.execute(
                "SELECT e.id, e.data FROM touched_id t JOIN ent e ON e.id = t.id "
                "JOIN doc d ON d.stem = e.stem WHERE e.data IS NOT NULL ORDER BY e.id, d.last"):
            described[entity_id] = data
        rows = []
        for entity_id, data in described.items():
            label, cls, aliases, wikidata, origin, confidence = json.loads(data)
            b = entity_blocks(Entity(entity_id, label, cls, tuple(aliases), wikidata, origin,
                                     confidence))
            rows.append((entity_id, b.render(), b.triples))
        db.executemany("INSERT INTO entity_text VALUES (?, ?, ?)", rows)
        self.ids.clear()

    def _render_statements(self) -> None:
        db = self.db
        db.execute("CREATE TEMP TABLE IF NOT EXISTS touched (h TEXT, key TEXT, "
                   "PRIMARY KEY (h, key)) WITHOUT ROWID")
        db.execute("DELETE FROM touched")
        db.executemany("INSERT INTO touched VALUES (?, ?)", sorted(self.keys))
        db.execute("DELETE FROM stmt WHERE (h, key) IN (SELECT h, key FROM touched)")
        givers = db.execute(
            "SELECT s.h, s.key, s.stem, d.first, s.kind, s.type, s.subject, s.object, "
            "s.polarity, s.modality, s.negated, s.attributed, s.core "
            "FROM touched t JOIN stdoc s ON s.h = t.h AND s.key = t.key "
            "JOIN doc d ON d.stem = s.stem ORDER BY s.h, s.key, s.stem")
        evidence = _by_statement(db.execute(
            'SELECT e.h, e.key, e.stem, e.start, e."end", e.conf FROM touched t '
            "JOIN ev e ON e.h = t.h AND e.key = t.key "
            'ORDER BY e.h, e.key, e.stem, e.start, e."end"'))
        pending = next(evidence, None)
        rows: list[tuple] = []
        for (h, key), given in _by_statement(givers):
            while pending is not None and pending[0] < (h, key):
                pending = next(evidence, None)
            found = pending[1] if pending is not None and pending[0] == (h, key) else []
            first = min(given, key=lambda r: r[3])
            _, _, _, _, kind, type_, subject, obj, polarity, modality, negated, attributed, \
                core = first
            b = statement_blocks(h, kind, type_, subject, obj, polarity, modality,
                                 bool(negated), attributed, bool(core),
                                 [r[2] for r in given], [r[2:] for r in found])
            rows.append((h, key, kind, subject, type_, obj, core, b.render(), b.triples))
            if len(rows) >= 5000:
                db.executemany("INSERT INTO stmt VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
                rows = []
        db.executemany("INSERT INTO stmt VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
        self.keys.clear()

    def texts(self) -> Iterator[tuple[str, str, int]]:
        """(named graph, Turtle, triples) of the merged part in output order: entities by
        id, statements by hash, then the direct relation triples by bucket."""
        db = self.db
        for text, n in db.execute("SELECT text, triples FROM entity_text ORDER BY id"):
            yield ENTITIES_GRAPH, text, n
        for h, text, n in db.execute("SELECT h, text, triples FROM stmt ORDER BY h, key"):
            yield statement_graph(h), text, n
        direct = db.execute("SELECT DISTINCT subject, type, object FROM stmt "
                            "WHERE kind = 'relation' AND core").fetchall()
        for graph, subject, type_, obj in sorted(
                (relation_graph(s, ty, o), s, ty, o) for s, ty, o in direct):
            yield graph, relation_triple(subject, type_, obj), 1

    def counts(self) -> tuple[int, int]:
        """(entities named in some document, statements)."""
        db = self.db
        return (db.execute("SELECT COUNT(DISTINCT id) FROM ent WHERE mentioned").fetchone()[0],
                db.execute("SELECT COUNT(*) FROM stmt").fetchone()[0])

    def commit(self) -> None:
        self.db.execute("COMMIT")

    def close(self) -> None:
        """Close the file; changes not committed are rolled back."""
        self.db.close()


def _unlink(path: Path) -> None:
    for suffix in ("", "-journal", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def _empty(db: sqlite3.Connection) -> None:
    for table in _TABLES:
        db.execute(f"DELETE FROM {table}")


def _by_statement(rows: Iterable[tuple]) -> Iterator[tuple[tuple[str, str], list[tuple]]]:
    """Consecutive rows of the same statement (h, key), gathered."""
    current: tuple[str, str] | None = None
    group: list[tuple] = []
    for row in rows:
        if (row[0], row[1]) != current:
            if group:
                yield current, group  # type: ignore[misc]
            current, group = (row[0], row[1]), []
        group.append(row)
    if group:
        yield current, group  # type: ignore[misc]


@functools.lru_cache(maxsize=1 << 16)
def _hash(key: str) -> str:
    return hashlib.sha1(key.encode()).hexdigest()[:12]


def _entity_data(e: Entity) -> str:
    return _entity_json(e.label, e.cls, tuple(e.aliases), e.wikidata, e.origin, e.confidence)


@functools.lru_cache(maxsize=1 << 14)
def _entity_json(label: str, cls: str, aliases: tuple[str, ...], wikidata: str | None,
                 origin: str, confidence: float) -> str:
    return json.dumps([label, cls, list(aliases), wikidata, origin, confidence])


def state_path(cache_folder: Path, out: Path) -> Path:
    """Where the merged part of the build into `out` is kept: in the cache folder, one file
    per output folder (two outputs sharing a cache must not undo each other's rows)."""
    name = hashlib.sha256(str(out.resolve()).encode()).hexdigest()[:16]
    return cache_folder / "merged" / f"{name}.sqlite"
