"""The Oxigraph store `kg build` writes beside graph.ttl: the graph `kg query` and `kg serve` read.

rdflib answers SPARQL over a million triples in seconds to minutes; Oxigraph (RocksDB on
disk, queried in Rust) in milliseconds, and without loading the graph into memory first.
`OUT/graph.oxigraph/` is a pyoxigraph store holding exactly the triples of graph.ttl, in
named graphs: one per document (`kgr:graph/doc/{stem}`), `kgr:graph/entities`,
`kgr:graph/statements/{xx}` and `kgr:graph/relations/{xx}` (256 buckets each, by hash),
and the ontology (`kgr:graph/ontology`, ontology/kg.ttl, so that
`rdfs:subClassOf*` works as it does when the scorer loads the ontology beside the graph).
Query it with the union of its named graphs as the default graph (`query` below does).

`kg-manifest.json` inside the folder maps every named graph to a digest of its content. The
next build starts from a checkpoint of the previous store (RocksDB hard-links its immutable
files, so this costs nothing), replaces only the graphs whose digest changed and loads only
their triples; `kg push` uses the same digests to send only what changed. The new store is
built in the build's temporary folder and swapped in when the whole build has succeeded.

Every bulk load leaves its own sorted files in RocksDB, each spanning the whole key range, and
a lookup searches all of them: the store of 1,400 articles as its build left it answered the
named queries in about 1.7 times the time it did once compacted. So the build compacts the
store when what was loaded or dropped since its last compaction (`pending` in the manifest)
reaches a tenth of its size: a full build always, a rebuild after a few articles changed
seldom (compacting costs about 2 s per million triples, the whole store every time).
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.stream import ONTOLOGY_GRAPH

STORE_NAME = "graph.oxigraph"
MANIFEST = "kg-manifest.json"
#: Bumped when the layout of the store changes (then the next build loads it afresh).
LAYOUT = 1
#: Compact the store when the text loaded or dropped since it was last compacted is at least
#: this share of the text it holds.
COMPACT_SHARE = 0.1


@dataclass
class Held:
    """What a store holds: its named graphs with their digests, the size of their TriG text
    (characters), and how much of that was loaded or dropped since the store was last
    compacted (None: not known, as in a store written before kg compacted its stores)."""

    graphs: dict[str, str] = field(default_factory=dict)
    size: int = 0
    pending: int | None = 0


def _read(store: Path) -> Held | None:
    try:
        data = json.loads((store / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("layout") != LAYOUT:
        return None
    graphs, size, pending = data.get("graphs"), data.get("size"), data.get("pending")
    if not isinstance(graphs, dict):
        return None
    return Held(graphs, size if isinstance(size, int) else 0,
                pending if isinstance(pending, int) else None)


def read_manifest(store: Path) -> dict[str, str] | None:
    """The named graphs of a store and their digests, or None when it has no usable one."""
    held = _read(store)
    return None if held is None else held.graphs


def needs_compaction(pending: int | None, size: int) -> bool:
    """Whether a store holding `size` characters of text, `pending` of them loaded or
    dropped since its last compaction, is worth compacting now."""
    return pending is None or (pending > 0 and pending >= COMPACT_SHARE * size)


def checkpoint(previous: Path, target: Path) -> Held:
    """Start the new store from the previous one; returns what it already holds.

    Anything wrong with the previous store (missing, no manifest, cannot be opened) means
    starting from an empty store: the build then loads every graph.
    """
    import pyoxigraph

    held = _read(previous)
    if held is None:
        return Held()
    try:
        old = pyoxigraph.Store.read_only(str(previous))
        old.backup(str(target))
        del old
    except (OSError, ValueError, RuntimeError):
        shutil.rmtree(target, ignore_errors=True)
        return Held()
    return held


class StoreLoader:
    """Loads named graphs into the store at `target` in a background thread.

    The writer hands over graphs as it produces them; they are gathered in TriG files of
    about `chunk_bytes` and each full file is bulk-loaded while the build goes on (Oxigraph
    releases the GIL, so loading overlaps extraction instead of following it). Small files
    keep memory flat: Oxigraph's bulk loader holds a file's quads, sorted for every index,
    in memory, about 20 times the file's size (a 32 MB file peaks near 700 MB, a 2 MB one
    near 40 MB), and loading many small files is no slower than loading a few big ones. `remove`
    drops a graph the store holds before its new content is loaded; operations run in the
    order they were asked for. `close` waits for the loads, removes the graphs the build no
    longer has, adds the ontology, compacts the store when it is due and writes the manifest.
    """

    def __init__(self, target: Path, scratch: Path, held: Held,
                 chunk_bytes: int = 2 << 20) -> None:
        import queue
        import threading

        import pyoxigraph

        self._ox = pyoxigraph
        self.target = target
        self.scratch = scratch
        self.held = held
        self.chunk_bytes = chunk_bytes
        self._store = pyoxigraph.Store(str(target))
        self._ops: queue.Queue[tuple[str, str] | None] = queue.Queue()
        self._error: BaseException | None = None
        self._file: Any = None
        self._size = 0
        self._count = 0
        self.loaded = 0  # characters of graph text handed over to be loaded
        self._ontology: bytes | None = None
        self._thread = threading.Thread(target=self._run, name="kg-store", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while (op := self._ops.get()) is not None:
            if self._error is not None:
                continue
            kind, arg = op
            try:
                if kind == "remove":
                    self._store.remove_graph(self._ox.NamedNode(arg))
                else:
                    self._store.bulk_load(path=arg, format=self._ox.RdfFormat.TRIG)
                    Path(arg).unlink(missing_ok=True)
            except BaseException as exc:  # noqa: BLE001 - re-raised in close()
                self._error = exc

    def remove(self, graph: str) -> None:
        self._rotate()  # what was written before must be loaded before the removal
        self._ops.put(("remove", graph))

    def add(self, graph: str, text: str) -> None:
        from kg import turtle

        if self._file is None:
            self._count += 1
            path = self.scratch / f"store-{self._count:05d}.trig"
            self._file = path.open("w", encoding="utf-8", newline="\n")
            self._file.write(turtle.header())
            self._size = 0
        block = f"{turtle.iri(graph)} {{\n{text}}}\n\n"
        self.loaded += len(text)
        self._file.write(block)
        self._size += len(block)
        if self._size >= self.chunk_bytes:
            self._rotate()

    def _rotate(self) -> None:
        if self._file is not None:
            self._file.close()
            self._ops.put(("load", self._file.name))
            self._file = None

    def close(self, graphs: dict[str, str], ontology_ttl: Path | None, size: int) -> None:
        """Finish loading, bring the store to exactly `graphs` (plus the ontology) whose
        text is `size` characters, compact it when that is due, and write the manifest.
        Raises what the loader thread raised."""
        import hashlib

        wanted = dict(graphs)
        if ontology_ttl is not None and ontology_ttl.is_file():
            data = ontology_ttl.read_bytes()
            digest = hashlib.sha256(data).hexdigest()[:32]
            wanted[ONTOLOGY_GRAPH] = digest
            if self.held.graphs.get(ONTOLOGY_GRAPH) != digest:
                if ONTOLOGY_GRAPH in self.held.graphs:
                    self.remove(ONTOLOGY_GRAPH)
                self._ontology = data
        for graph in self.held.graphs:
            if graph not in wanted:
                self.remove(graph)
        self._rotate()
        self._ops.put(None)
        self._thread.join()
        if self._error is not None:
            raise self._error
        if self._ontology is not None:
            self._store.bulk_load(input=self._ontology, format=self._ox.RdfFormat.TURTLE,
                                  to_graph=self._ox.NamedNode(ONTOLOGY_GRAPH))
        pending = self.held.pending
        if pending is not None:  # what was dropped counts as much as what was loaded
            pending += self.loaded + max(0, self.held.size - size)
        if needs_compaction(pending, size):
            self._compact()
            pending = 0
        self._store.flush()
        del self._store
        (self.target / MANIFEST).write_text(
            json.dumps({"layout": LAYOUT, "size": size, "pending": pending,
                        "graphs": dict(sorted(wanted.items()))}, indent=0),
            encoding="utf-8")

    def _compact(self) -> None:
        """Merge the store's files into one sorted run per index (a method of its own, so
        that a test can see when it runs)."""
        self._store.optimize()

    def abort(self) -> None:
        """Stop the thread after a failed build (the staging folder is removed anyway)."""
        if self._file is not None:
            self._file.close()
            self._file = None
        self._ops.put(None)
        self._thread.join()


def open_store(path: Path) -> Any:
    """Open a built store for reading (`OUT` or `OUT/graph.oxigraph`); many readers may
    share it while a build prepares the next one."""
    import pyoxigraph

    folder = path / STORE_NAME if (path / STORE_NAME).is_dir() else path
    if read_manifest(folder) is None:
        raise FileNotFoundError(f"{folder}: no graph store here (run kg build first)")
    return pyoxigraph.Store.read_only(str(folder))


def query(store: Any, sparql: str) -> Any:
    """Run a query over every graph of the store (the document, entity, statement and
    ontology graphs together), as one would over graph.ttl with the ontology beside it."""
    return store.query(sparql, use_default_graph_as_union=True)
