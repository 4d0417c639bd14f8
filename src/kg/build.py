"""`kg build` as a Python function: files in, graph and page out (atomically)."""

from __future__ import annotations

import logging
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from kg.ingest import DEFAULT_MAX_BYTES, IngestError, discover, read_document

log = logging.getLogger("kg")


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


@dataclass
class BuildResult:
    documents: int
    entities: int
    statements: int
    triples: int
    seconds: float
    skipped: list[IngestError] = field(default_factory=list)
    outputs: list[Path] = field(default_factory=list)


def build(paths: list[Path], options: BuildOptions,
          warn: Callable[[str], None] = lambda m: print(m, file=sys.stderr)) -> BuildResult:
    """Build the graph of the articles under `paths` into `options.out`.

    Unreadable files are reported through `warn` and skipped (a BuildError with code 1 under
    `strict`); no readable article at all is a BuildError with code 2. Nothing in the
    output folder changes unless the whole build succeeds.
    """
    from kg.extract import Extractor
    from kg.graph import build_graph, serialize

    started = time.perf_counter()
    files, skipped = discover(paths)
    extractor = None
    records = []
    for path in _progress(files, options.progress, "reading"):
        try:
            document = read_document(path, max_bytes=options.max_bytes,
                                      outlet_for_host=_outlet_for_host(options))
        except IngestError as exc:
            skipped.append(exc)
            continue
        for note in document.notes:
            log.info("%s: %s", path, note)
        if extractor is None:
            extractor = Extractor(options.pipeline, options.ontology)
        records.append(extractor.extract(document))
    for exc in skipped:
        warn(f"kg: skipped {exc}")
    if skipped and options.strict:
        raise BuildError(f"{len(skipped)} input(s) could not be read (--strict)", code=1)
    if not records:
        raise BuildError("no readable article in the input", code=2)
    graph = build_graph(records)
    if options.validate:
        _validate(graph, options)
    outputs: dict[str, bytes | Callable[[Path], object]] = {"graph.ttl": serialize(graph)}
    if options.page:
        outputs["graph.html"] = _page(graph, options.out / "graph.html", _source_dir(files))
    written = write_atomically(options.out, outputs)
    if options.screenshot and options.page:
        _screenshot(options.out / "graph.html", options.out / "graph.png")
    entities = {m.entity for r in records for m in r.mentions}
    statements = sum(1 for _ in graph.subjects(
        predicate=_kg("evidenceCount"), unique=True))
    return BuildResult(len(records), len(entities), statements, len(graph),
                       time.perf_counter() - started, skipped, written)


_OUTLETS: dict[str, object] = {}


def _outlet_for_host(options: BuildOptions) -> Callable[[str], str | None]:
    from kg.config import ontology_dir
    from kg.gazetteer import Gazetteer

    folder = ontology_dir(options.ontology) / "gazetteer"
    if str(folder) not in _OUTLETS:
        _OUTLETS[str(folder)] = Gazetteer.load(folder)
    gaz = _OUTLETS[str(folder)]

    def outlet(host: str) -> str | None:
        entry = gaz.by_domain(host)  # type: ignore[attr-defined]
        return entry.label if entry else None

    return outlet


def _kg(name: str):  # noqa: ANN202 - rdflib URIRef
    from kg.graph import KG

    return KG[name]


def _validate(graph: object, options: BuildOptions) -> None:
    from kg.validate import validate

    report = validate(graph, ontology=options.ontology)  # type: ignore[arg-type]
    if not report.conforms:
        raise BuildError("the graph breaks the SHACL shapes:\n" + report.format(), code=1)


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


def write_atomically(out: Path, files: dict[str, bytes | Callable[[Path], object]]
                     ) -> list[Path]:
    """Write every file into a temporary folder inside `out`, then move each into place.

    A value is the file's bytes, or a function that writes the file at the path it is given.
    If anything fails, the files already in `out` stay as they were.
    """
    out.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".kg-build-", dir=out))
    try:
        for name, data in files.items():
            if callable(data):
                data(tmp / name)
            else:
                (tmp / name).write_bytes(data)
        written = []
        for name in files:
            os.replace(tmp / name, out / name)
            written.append(out / name)
        return written
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _progress(items: list[Path], enabled: bool, desc: str) -> list[Path]:
    if not enabled:
        return items
    from tqdm import tqdm

    return tqdm(items, desc=desc, unit="doc", leave=False)  # type: ignore[return-value]
