"""Where documents are read and extracted: in this process, in a process pool, or on Dask.

The work unit is a chunk of documents, each sent as its file name and bytes (the bytes the
cache key was computed from, so a worker on another machine needs no shared disk and a file
edited during the build cannot be cached under the wrong key). A worker loads its
`Extractor` once (spaCy and the gazetteer take seconds) and keeps it for every chunk it gets.
Every executor hands results back in the order the chunks were submitted, and the writer
consumes them in file order, so the graph is the same whatever runs the chunks.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from kg.stream import DocumentPart


@dataclass(frozen=True)
class Settings:
    """What a worker needs to know to extract like the main process would."""

    pipeline: str | None
    ontology: str | None
    max_bytes: int
    validate: bool


@dataclass(frozen=True)
class Item:
    """One document to extract: its index in the build, file name and bytes."""

    index: int
    name: str
    data: bytes


@dataclass
class ChunkResult:
    """A chunk's parts (None where the file could not be read, with the reason in
    `errors`) and, when validating, the violations of the chunk's graph, one line each."""

    parts: list[DocumentPart | None]
    errors: dict[int, str] = field(default_factory=dict)
    violations: list[str] = field(default_factory=list)
    conforms: bool = True


_EXTRACTORS: dict[tuple[str | None, str | None], Any] = {}


def _extractor(settings: Settings) -> Any:
    """This process's extractor for `settings` (loaded on first use, then kept)."""
    key = (settings.pipeline, settings.ontology)
    if key not in _EXTRACTORS:
        from kg.extract import Extractor

        _EXTRACTORS[key] = Extractor(settings.pipeline,
                                     Path(settings.ontology) if settings.ontology else None)
    return _EXTRACTORS[key]


def process_chunk(settings: Settings, items: list[Item]) -> ChunkResult:
    """Read, extract and render a chunk of documents (and validate their graph).

    Runs wherever the executor puts it; it touches no shared state besides its private
    temporary folder, into which each file is written under its own name so that ingestion
    sees the same name and suffix as the original.
    """
    from kg.ingest import IngestError, read_document
    from kg.stream import document_part

    extractor = _extractor(settings)

    def outlet(host: str) -> str | None:
        entry = extractor.gazetteer.by_domain(host)
        return entry.label if entry else None

    result = ChunkResult(parts=[])
    documents: list[Any] = []
    folder = Path(tempfile.mkdtemp(prefix="kg-worker-"))
    try:
        for item in items:
            path = folder / item.name
            path.write_bytes(item.data)
            try:
                documents.append(read_document(path, max_bytes=settings.max_bytes,
                                               outlet_for_host=outlet))
            except IngestError as exc:
                result.errors[item.index] = exc.reason
                documents.append(None)
            finally:
                path.unlink(missing_ok=True)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    records = []
    for document, record in zip(documents, _extract(extractor, documents), strict=True):
        if document is None:
            result.parts.append(None)
            continue
        records.append(record)
        result.parts.append(document_part(record))
    if settings.validate and records:
        from kg.graph import build_graph
        from kg.validate import validate

        report = validate(build_graph(records),
                          ontology=Path(settings.ontology) if settings.ontology else None)
        result.conforms = report.conforms
        result.violations = [v.format() for v in report.violations if not report.conforms
                             or v.severity != "Violation"]
        for part in result.parts:
            if part is not None:
                part.validated = report.conforms
    return result


def _extract(extractor: Any, documents: list[Any]) -> Iterator[Any]:
    """The record of each document (None for None), the paragraphs of the whole chunk
    parsed by one `nlp.pipe` call.

    spaCy's per-call overhead is large next to one article: parsing a chunk's paragraphs
    together costs about 10-20% less than parsing each article's apart, with the same
    annotations (a Doc does not depend on the batch it was parsed in;
    `tests/test_scale.py` checks the records are those of `Extractor.extract`).
    """
    record = getattr(extractor, "_record", None)
    if record is None:  # an extractor without the two steps: one article at a time
        yield from (extractor.extract(d) if d is not None else None for d in documents)
        return
    texts = [p.text.text for d in documents if d is not None for p in d.paragraphs]
    parsed = extractor.nlp.pipe(texts)
    for document in documents:
        if document is None:
            yield None
            continue
        yield record(document, [next(parsed) for _ in document.paragraphs])


class Executor(Protocol):
    """Runs chunks; `submit` returns something with `.result()`."""

    workers: int

    def submit(self, settings: Settings, items: list[Item]) -> Any: ...

    def close(self) -> None: ...


class InlineExecutor:
    """Chunks run in this process, when asked for (lazily, so the writer interleaves)."""

    workers = 1

    def submit(self, settings: Settings, items: list[Item]) -> Any:
        return _Lazy(lambda: process_chunk(settings, items))

    def close(self) -> None:
        pass


class _Lazy:
    def __init__(self, fn: Callable[[], ChunkResult]) -> None:
        self.fn = fn

    def result(self) -> ChunkResult:
        return self.fn()


def _worker_init() -> None:
    # one BLAS/OpenMP thread per worker: the workers are the parallelism
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, "1")


class ProcessExecutor:
    """A pool of `workers` processes on this machine, each with its own extractor."""

    def __init__(self, workers: int) -> None:
        import multiprocessing

        self.workers = workers
        # forkserver: workers start from a clean interpreter, not a copy of this one with
        # its open files and threads
        context = multiprocessing.get_context("forkserver")
        # spaCy and the extractor are imported once, in the server, and the workers are
        # forked with them: the 1-2 s of imports are not paid by every worker at once
        context.set_forkserver_preload(["kg.extract"])
        self._pool = ProcessPoolExecutor(max_workers=workers, mp_context=context,
                                         initializer=_worker_init)

    def submit(self, settings: Settings, items: list[Item]) -> Future:
        return self._pool.submit(process_chunk, settings, items)

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


class DaskExecutor:
    """Chunks run on a dask.distributed cluster (`scheduler` is its address)."""

    def __init__(self, scheduler: str) -> None:
        try:
            from distributed import Client
        except ImportError as exc:
            raise RuntimeError(
                "--executor dask needs dask.distributed: pip install 'dask[distributed]'"
            ) from exc
        self._client = Client(scheduler, set_as_default=False)
        self.workers = max(1, sum(self._client.nthreads().values()))

    def submit(self, settings: Settings, items: list[Item]) -> Any:
        # pure=False: two chunks with equal content are still two tasks
        return self._client.submit(process_chunk, settings, items, pure=False)

    def close(self) -> None:
        self._client.close()


def ordered(executor: Executor, settings: Settings, chunks: Iterable[list[Item]],
            window: int) -> Iterator[tuple[list[Item], ChunkResult]]:
    """Results of `chunks` in submission order, with `window` chunks in flight (so that
    memory holds a few chunks, not the corpus).

    The first `window` chunks are submitted at once, before the first result is asked for:
    the workers load their pipeline and extract while the caller writes the documents that
    come before (in an incremental build, usually every cached one).
    """
    from collections import deque

    source = iter(chunks)
    pending: deque[tuple[list[Item], Any]] = deque()
    for chunk in source:
        pending.append((chunk, executor.submit(settings, chunk)))
        if len(pending) >= window:
            break
    return _drain(executor, settings, source, pending)


def _drain(executor: Executor, settings: Settings, source: Iterator[list[Item]],
           pending: Any) -> Iterator[tuple[list[Item], ChunkResult]]:
    while pending:
        following = next(source, None)
        if following is not None:  # keep the workers busy while the caller waits
            pending.append((following, executor.submit(settings, following)))
        items, future = pending.popleft()
        yield items, future.result()
