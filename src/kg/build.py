"""`kg build` as a Python function: files in, graph, store and page out (atomically).

The build streams: each document's part of the graph is written as soon as it is extracted
(or read from the cache when the file did not change), and only what several documents
share (entities, merged statements) waits for the end, in an SQLite file rather than in
memory, kept beside the cache so that a rebuild renders again only what changed documents
touched (see `kg.stream` and `kg.merged`). Extraction runs in this process, in a pool of
`jobs` processes or on a Dask cluster (see `kg.parallel`); the output is the same bytes
whichever ran it and whatever the cache held. Everything is written into a temporary folder
inside `out` and moved into place only when the whole build has succeeded.
"""

from __future__ import annotations

import logging
import math
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.ingest import DEFAULT_MAX_BYTES, IngestError, discover, read_document

log = logging.getLogger("kg")

#: Documents per work unit: big enough to amortise sending work to a process, validating a
#: graph and spaCy's cost per `nlp.pipe` call (a chunk's paragraphs are parsed together),
#: small enough to spread a few hundred documents over the workers.
MAX_CHUNK = 32
#: The smallest chunk the last ones shrink to when several workers share the build.
MIN_CHUNK = 4
CACHE_NAME = ".kg-cache"


class BuildError(Exception):
    """The build could not produce a graph (exit status in `code`)."""

    def __init__(self, message: str, code: int = 2) -> None:
        super().__init__(message)
        self.code = code


@dataclass
class BuildOptions:
    out: Path = Path("output")
    strict: bool = False
    max_bytes: int = DEFAULT_MAX_BYTES
    pipeline: str | None = None
    ontology: Path | None = None
    page: bool = True
    screenshot: bool = False
    validate: bool = True
    progress: bool = False
    #: worker processes (1: extract in this process)
    jobs: int = 1
    #: "local" (this machine) or "dask" (a dask.distributed cluster at `scheduler`)
    executor: str = "local"
    scheduler: str | None = None
    #: the cache folder (default OUT/.kg-cache); `use_cache=False` ignores what it holds
    cache: Path | None = None
    use_cache: bool = True
    #: write the Oxigraph store OUT/graph.oxigraph for kg query / kg serve
    store: bool = True


@dataclass
class BuildResult:
    documents: int
    entities: int
    statements: int
    triples: int
    seconds: float
    skipped: list[IngestError] = field(default_factory=list)
    outputs: list[Path] = field(default_factory=list)
    #: documents read from the cache, and extracted
    cached: int = 0
    extracted: int = 0


@dataclass
class _Entry:
    """A readable-looking file of the build, in file order, and its cache key."""

    index: int
    path: Path
    key: str
    cached: bool


#: The file in a staging folder that names the process building into it.
OWNER = ".owner"


def clear_abandoned(out: Path) -> None:
    """Remove the staging folders of builds that were killed before they could clean up
    (a folder whose owning process is gone: a build can be hundreds of megabytes)."""
    for folder in out.glob(".kg-build-*"):
        try:
            pid = int((folder / OWNER).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue  # not one this version made, or still being set up: leave it
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            shutil.rmtree(folder, ignore_errors=True)
        except PermissionError:
            pass  # another user's live process


def build(paths: list[Path], options: BuildOptions,
          warn: Callable[[str], None] = lambda m: print(m, file=sys.stderr)) -> BuildResult:
    """Build the graph of the articles under `paths` into `options.out`.

    Unreadable files are reported through `warn` and skipped (a BuildError with code 1 under
    `strict`); no readable article at all is a BuildError with code 2. Nothing in the
    output folder changes unless the whole build succeeds.
    """
    from kg.cache import RecordCache, environment_key
    from kg.parallel import Settings

    started = time.perf_counter()
    files, skipped = discover(paths)
    cache = RecordCache(options.cache or options.out / CACHE_NAME,
                        environment_key(options.pipeline, options.ontology, options.max_bytes))
    entries, errors = _classify(files, options, cache)
    settings = Settings(options.pipeline, str(options.ontology) if options.ontology else None,
                        options.max_bytes, options.validate)
    out = options.out
    out.mkdir(parents=True, exist_ok=True)
    clear_abandoned(out)
    staging = Path(tempfile.mkdtemp(prefix=".kg-build-", dir=out))
    (staging / OWNER).write_text(str(os.getpid()), encoding="utf-8")
    try:
        result = _build_into(staging, entries, errors, skipped, cache, settings, options)
        for exc in skipped:
            warn(f"kg: skipped {exc}")
        if skipped and options.strict:
            raise BuildError(f"{len(skipped)} input(s) could not be read (--strict)", code=1)
        if not result.documents:
            raise BuildError("no readable article in the input", code=2)
        names = ["graph.ttl"]
        if options.page:
            _write_page(staging, _source_dir(files))
            names.append("graph.html")
        if options.store:
            names.append(_store_name())
        result.outputs = _commit(staging, out, names)
        if not options.store and (out / _store_name()).exists():
            _remove_dir(out / _store_name())  # it would answer queries with the old graph
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    if options.screenshot and options.page:
        _screenshot(out / "graph.html", out / "graph.png")
    result.skipped = skipped
    result.seconds = time.perf_counter() - started
    return result


def _classify(files: list[Path], options: BuildOptions, cache: Any
              ) -> tuple[list[_Entry], dict[int, IngestError]]:
    """Hash every file (the cache key) and note which the cache already holds.

    Files that are empty or over the size limit fail here, before their bytes are read, with
    the error ingestion gives them.
    """
    entries: list[_Entry] = []
    errors: dict[int, IngestError] = {}
    for index, path in enumerate(files):
        try:
            size = path.stat().st_size
            if size == 0 or size > options.max_bytes:
                read_document(path, max_bytes=options.max_bytes)  # raises the error
            data = path.read_bytes()
        except IngestError as exc:
            errors[index] = exc
            continue
        except OSError as exc:
            errors[index] = IngestError(path, f"cannot read: {exc.strerror or exc}")
            continue
        key = cache.key(path.name, data)
        usable = options.use_cache and cache.has(key) and (
            not options.validate or cache.is_valid(key))
        entries.append(_Entry(index, path, key, usable))
    return entries, errors


def _build_into(staging: Path, entries: list[_Entry], errors: dict[int, IngestError],
                skipped: list[IngestError], cache: Any, settings: Any,
                options: BuildOptions) -> BuildResult:
    """Extract what the cache lacks, write graph.ttl (and the store) into `staging`."""
    from kg.parallel import ChunkResult, ordered
    from kg.store import STORE_NAME, Held, StoreLoader, checkpoint
    from kg.writer import GraphWriter, PreviousOutput

    # documents the merged state holds as they are now need neither extraction nor their
    # cache entry (their part is copied from the previous graph.ttl)
    state = _state(entries, cache, staging, options)
    held_now = state.prepare([(e.path.stem, e.key) for e in entries])
    kept = {stem: row for stem, row in held_now.items()
            if row.validated or not options.validate}
    for e in entries:
        e.cached = e.cached or e.path.stem in kept
    todo = [e for e in entries if not e.cached]
    executor = _executor(options, len(todo)) if todo else None
    workers = executor.workers if executor else 1
    sizes = chunk_sizes(len(todo), workers)

    held = Held()
    loader = None
    if options.store:
        held = checkpoint(options.out / STORE_NAME, staging / STORE_NAME)
        loader = StoreLoader(staging / STORE_NAME, staging, held)

    # the files in order, consecutive uncached ones grouped into chunks
    by_index = {e.index: e for e in entries}
    units: list[tuple[str, Any]] = []
    made = 0  # chunks so far
    for index in sorted(set(by_index) | set(errors)):
        if index in errors:
            units.append(("error", errors[index]))
        elif by_index[index].cached:
            kind = "kept" if by_index[index].path.stem in kept else "cached"
            units.append((kind, by_index[index]))
        elif (units and units[-1][0] == "chunk"
              and len(units[-1][1]) < sizes[min(made, len(sizes)) - 1]):
            units[-1][1].append(by_index[index])
        else:
            units.append(("chunk", [by_index[index]]))
            made += 1

    violations: list[str] = []
    conforms = True
    cached = extracted = 0
    progress = _progress(len(entries), options.progress)
    previous = PreviousOutput(options.out / "graph.ttl")
    with (staging / "graph.ttl").open("wb") as ttl:
        writer = GraphWriter(ttl, state, loader, held.graphs)

        def write(entry: _Entry, part: Any, span: tuple[int, int]) -> None:
            for note in part.notes:
                log.info("%s: %s", entry.path, note)
            writer.add(part, entry.key, span)
            if progress is not None:
                progress.update(1)

        def consume(kind: str, payload: Any, result: ChunkResult | None = None) -> None:
            nonlocal cached, extracted, conforms
            if kind == "error":
                skipped.append(payload)
            elif kind == "kept":
                row = kept[payload.path.stem]
                fragment = previous.part(row) or cache.fragment(payload.key,
                                                                (row.entry, row.nbytes))
                if fragment is None:  # the entry is gone or damaged: extract it again
                    consume("chunk", [payload], _run_inline(settings, [payload], cache))
                    return
                cached += 1
                writer.keep(payload.path.stem, row, fragment)
                if progress is not None:
                    progress.update(1)
            elif kind == "cached":
                got = cache.get(payload.key)
                if got is None:  # an entry that cannot be read: extract it again
                    consume("chunk", [payload], _run_inline(settings, [payload], cache))
                    return
                cached += 1
                write(payload, *got)
            else:
                assert result is not None
                if not result.conforms:
                    conforms = False
                violations.extend(result.violations)
                for entry, part in zip(payload, result.parts, strict=True):
                    if part is None:
                        skipped.append(IngestError(entry.path, result.errors[entry.index]))
                        continue
                    extracted += 1
                    write(entry, part, cache.put(entry.key, part))

        ok = False
        try:
            chunks = [payload for kind, payload in units if kind == "chunk"]
            results: Iterator[ChunkResult] = (
                result for _, result in ordered(
                    executor, settings, (_items(c, cache) for c in chunks), window=2 * workers)
            ) if executor else iter(())
            for kind, payload in units:
                consume(kind, payload, next(results) if kind == "chunk" else None)
            written = writer.finish()
            state.commit()
            ok = True
        finally:
            state.close()
            previous.close()
            if executor is not None:
                executor.close()
            if progress is not None:
                progress.close()
            if loader is not None and not ok:
                loader.abort()
    if not conforms:
        raise BuildError("the graph breaks the SHACL shapes:\n" + "\n".join(violations),
                         code=1)
    for line in violations:
        log.info("%s", line)
    if loader is not None:
        from kg.config import ontology_dir

        loader.close(written.graphs, ontology_dir(options.ontology) / "kg.ttl", written.size)
    return BuildResult(written.documents, written.entities, written.statements,
                       written.triples, 0.0, cached=cached, extracted=extracted)


def _state(entries: list[_Entry], cache: Any, staging: Path, options: BuildOptions) -> Any:
    """The merged part's state: the one kept for `options.out` in the cache folder, or one
    for this build only when a stem comes twice (two folders: their rows could not be told
    apart) or another build into the same folder holds the kept one."""
    import sqlite3

    from kg.merged import MergedState, state_path

    stems = [e.path.stem for e in entries]
    if len(set(stems)) == len(stems):
        try:
            return MergedState(state_path(cache.folder, options.out),
                               fresh=not options.use_cache)
        except sqlite3.OperationalError as exc:  # locked
            log.info("kg: the kept merged part is busy (%s): merging from scratch", exc)
    return MergedState.scratch(staging / "merge.sqlite")


def chunk_sizes(count: int, workers: int) -> list[int]:
    """How many of `count` documents each chunk gets, in order.

    One worker gets even chunks of at most MAX_CHUNK. Several get chunks that shrink as
    the work runs out (a share of what is left, between MIN_CHUNK and MAX_CHUNK), so
    that they finish together: with even chunks of 30, one of two workers sat idle for the
    last 3 of the 39 seconds of a build of 300 documents, since documents differ in length
    and one worker starts later than the other.
    """
    if count <= 0:
        return [1]
    if workers <= 1:
        chunks = math.ceil(count / MAX_CHUNK)
        base, extra = divmod(count, chunks)
        return [base + 1] * extra + [base] * (chunks - extra)
    sizes, left = [], count
    while left:
        size = min(left, max(MIN_CHUNK, min(MAX_CHUNK, math.ceil(left / (2 * workers)))))
        sizes.append(size)
        left -= size
    return sizes


def _items(entries: list[_Entry], cache: Any) -> list[Any]:
    """The chunk as it is sent to a worker: names and bytes, read again (the key is
    recomputed, so a file edited since it was hashed is cached under its new content)."""
    from kg.parallel import Item

    items = []
    for e in entries:
        data = e.path.read_bytes()
        e.key = cache.key(e.path.name, data)
        items.append(Item(e.index, e.path.name, data))
    return items


def _run_inline(settings: Any, entries: list[_Entry], cache: Any) -> Any:
    from kg.parallel import process_chunk

    return process_chunk(settings, _items(entries, cache))


def _executor(options: BuildOptions, todo: int) -> Any:
    from kg.parallel import DaskExecutor, InlineExecutor, ProcessExecutor

    if options.executor == "dask":
        if not options.scheduler:
            raise BuildError("--executor dask needs --scheduler ADDRESS", code=2)
        try:
            return DaskExecutor(options.scheduler)
        except (OSError, RuntimeError, TimeoutError) as exc:
            raise BuildError(f"cannot use the Dask scheduler {options.scheduler}: {exc}",
                             code=2) from exc
    # --jobs N > 1 extracts in worker processes even when fewer documents changed: the
    # worker loads its pipeline while this process writes the cached documents
    return ProcessExecutor(min(options.jobs, todo)) if options.jobs > 1 else InlineExecutor()


def _store_name() -> str:
    from kg.store import STORE_NAME

    return STORE_NAME


def _write_page(staging: Path, source_dir: Path | None) -> None:
    """graph.html from the graph just written (the page needs the whole graph in memory)."""
    from rdflib import Graph

    graph = Graph()
    graph.parse(staging / "graph.ttl", format="turtle")
    (staging / "graph.html").write_bytes(_page(graph, staging.parent / "graph.html", source_dir))


def _page(graph: object, final: Path, source_dir: Path | None) -> bytes:
    """The page's bytes; links to the articles are relative to where the page will be."""
    from kg.render import build_page_data
    from kg.render.page import render_html

    data = build_page_data(graph)  # type: ignore[arg-type]
    return render_html(data, title="kg — knowledge graph", out_html=final,
                       source_dir=source_dir).encode("utf-8")


def _source_dir(files: list[Path]) -> Path | None:
    """The folder the page links articles in: only when every article sits in one folder."""
    parents = {f.parent.resolve() for f in files}
    return parents.pop() if len(parents) == 1 else None


def _screenshot(html: Path, png: Path) -> None:
    """A PNG of the page; the renderer warns (once) when no headless chromium is installed."""
    from kg.render import screenshot

    screenshot(html, png)


def _commit(staging: Path, out: Path, names: list[str]) -> list[Path]:
    """Move the staged files and folders into `out`, replacing what was there.

    A file is replaced atomically (rename); a folder (the store) is swapped with two renames,
    the old one removed afterwards.
    """
    written = []
    for name in names:
        src, dst = staging / name, out / name
        if src.is_dir() and dst.exists():
            _remove_dir(dst, replacement=src)
        else:
            os.replace(src, dst)
        written.append(dst)
    return written


def _remove_dir(path: Path, replacement: Path | None = None) -> None:
    """Remove a folder of `out` (putting `replacement` in its place): renamed aside first,
    so that readers see the old folder or the new one, never half of one."""
    aside = Path(tempfile.mkdtemp(prefix=".kg-old-", dir=path.parent))
    os.replace(path, aside / path.name)
    if replacement is not None:
        os.replace(replacement, path)
    shutil.rmtree(aside, ignore_errors=True)


def write_atomically(out: Path, files: dict[str, bytes | Callable[[Path], object]]
                     ) -> list[Path]:
    """Write every file into a temporary folder inside `out`, then move each into place.

    A value is the file's bytes, or a function that writes the file at the path it is given.
    If anything fails, the files already in `out` stay as they were.
    """
    out.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".kg-build-", dir=out))
    (tmp / OWNER).write_text(str(os.getpid()), encoding="utf-8")
    try:
        for name, data in files.items():
            if callable(data):
                data(tmp / name)
            else:
                (tmp / name).write_bytes(data)
        return _commit(tmp, out, list(files))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _progress(total: int, enabled: bool) -> Any:
    """A progress bar over documents, only when asked (on a terminal)."""
    if not enabled:
        return None
    from tqdm import tqdm

    return tqdm(total=total, desc="building", unit="doc", leave=False)
