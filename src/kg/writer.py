"""graph.ttl written from document parts in file order, and the same triples sent to the store.

Each document's own part is copied to the output as it arrives: a part just extracted or read
from the cache, or, for a document the merged state keeps (`kg.merged`), its Turtle bytes
straight from its cache entry. The merged part (entities, statements, direct relation
triples) comes last, sorted, from the state. Every named graph whose digest differs from the
one the previous store holds goes to a `GraphSink` (the store loader), after a `remove` of
the old one.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Protocol

from kg import turtle as t
from kg.merged import Kept, MergedState
from kg.stream import DocumentPart, document_graph, fragment_digest


@dataclass
class WriteResult:
    """What the writer wrote: counts for the summary, and the named graphs with digests."""

    documents: int = 0
    entities: int = 0  # entities named in some document
    statements: int = 0
    triples: int = 0
    graphs: dict[str, str] = field(default_factory=dict)  # named graph IRI -> digest
    size: int = 0  # characters of the named graphs' text


class GraphSink(Protocol):
    """Where the writer sends named graphs (the store loader, `kg.store.StoreLoader`)."""

    def remove(self, graph: str) -> None: ...

    def add(self, graph: str, text: str) -> None: ...


class GraphWriter:
    """Writes graph.ttl (binary `ttl`) and the store's named graphs; `state` gathers the
    merged part (a fresh one for a build from scratch, `MergedState.scratch`)."""

    def __init__(self, ttl: IO[bytes], state: MergedState, sink: GraphSink | None = None,
                 held: dict[str, str] | None = None) -> None:
        self.ttl = ttl
        self.state = state
        self.sink = sink
        self.held = held or {}
        self.result = WriteResult()
        self.offset = 0  # bytes written to graph.ttl
        self._write(t.header().encode("utf-8"))

    def _write(self, data: bytes) -> None:
        self.ttl.write(data)
        self.offset += len(data)

    def _graph(self, graph: str, text: str, digest: str, size: int) -> None:
        """Record a named graph and send it to the sink if the store lacks it."""
        self.result.graphs[graph] = digest
        self.result.size += size
        if self.sink is None or self.held.get(graph) == digest:
            return
        if graph in self.held:
            self.sink.remove(graph)
        self.sink.add(graph, text)

    def add(self, part: DocumentPart, key: str = "", span: tuple[int, int] = (0, 0)) -> None:
        """Write a document's part (extracted, or read from the cache entry `key`, whose
        size and part's size in bytes are `span`) and record what it gives the merged part."""
        place, offset = self.result.documents, self.offset
        self.result.documents += 1
        self.result.triples += part.triples
        data = part.fragment.encode("utf-8")
        self._write(data)
        graph = document_graph(part.stem)
        digest = fragment_digest(data)
        if graph in self.result.graphs:
            # a stem seen twice (two folders) shares its IRIs, and so its graph: the
            # store keeps both parts, and the graph is always sent again
            self.result.graphs[graph] = _combine(self.result.graphs[graph], digest)
            self.result.size += len(part.fragment)
            if self.sink is not None:
                self.sink.add(graph, part.fragment)
        else:
            self._graph(graph, part.fragment, digest, len(part.fragment))
        self.state.add(part, key, place, digest, span, offset)

    def keep(self, stem: str, row: Kept, fragment: bytes) -> None:
        """Write a document the state keeps: its part's Turtle, as bytes (`PreviousOutput`)."""
        place, offset = self.result.documents, self.offset
        self.result.documents += 1
        self.result.triples += row.triples
        self._write(fragment)
        graph = document_graph(stem)
        wanted = self.sink is not None and self.held.get(graph) != row.digest
        self._graph(graph, fragment.decode("utf-8") if wanted else "", row.digest, row.size)
        self.state.keep(stem, row, place, offset)

    def finish(self) -> WriteResult:
        """Write the merged part: entities, then statements, then direct relation triples,
        each named graph sent to the sink as soon as it is complete."""
        state = self.state
        state.render()
        self.result.entities, self.result.statements = state.counts()
        for graph, blocks in _grouped(state.texts()):
            digest = hashlib.sha256()
            for text, n in blocks:
                self.result.triples += n
                data = text.encode("utf-8")
                self._write(data)
                digest.update(data)
            text = "".join(text for text, _ in blocks)
            self._graph(graph, text, digest.hexdigest()[:32], len(text))
        return self.result


class PreviousOutput:
    """The graph.ttl the previous build wrote, read for the parts of documents it kept.

    The kept documents come in the order they have there, so the file is read once, forward:
    a cold read of 300 MB in one file took a fifth of a second on the benchmark machine,
    where reading 3,000 of the 10,000 cache entries it was written from took 14 s. Every
    part read is checked against its digest; a file that is gone or was changed gives None,
    and the part is read from its cache entry instead.
    """

    def __init__(self, path: Path) -> None:
        try:
            self._fh: IO[bytes] | None = path.open("rb")
        except OSError:
            self._fh = None

    def part(self, row: Kept) -> bytes | None:
        if self._fh is None:
            return None
        try:
            self._fh.seek(row.offset)
            data = self._fh.read(row.nbytes)
        except OSError:
            return None
        if len(data) != row.nbytes or fragment_digest(data) != row.digest:
            return None
        return data

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()


def _grouped(stream: Iterator[tuple[str, str, int]]
             ) -> Iterator[tuple[str, list[tuple[str, int]]]]:
    """Consecutive blocks of the same named graph, gathered (the stream is in graph order)."""
    graph: str | None = None
    blocks: list[tuple[str, int]] = []
    for g, text, n in stream:
        if g != graph and blocks:
            yield graph, blocks  # type: ignore[misc]
            blocks = []
        graph = g
        blocks.append((text, n))
    if blocks:
        yield graph, blocks  # type: ignore[misc]


def _combine(a: str, b: str) -> str:
    return hashlib.sha256(f"{a}+{b}".encode()).hexdigest()[:32]
