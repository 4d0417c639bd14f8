"""Move the graph into other tools: RDF syntaxes, property-graph formats, Neo4j CSV.

One small module per family: `rdf` (ttl, nt, nq, trig, jsonld, rdfxml), `networkx`
(graphml, gexf, cytoscape) and `csv` (Neo4j import CSV). `export_bytes()` and `export()`
are what `kg export` calls; docs/interop.md says which tool opens each format.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from kg.export.networkx import NETWORK_FORMATS
from kg.export.rdf import RDF_FORMATS

#: Format → (description, file extension), in the order `kg export --help` lists them.
FORMATS: dict[str, tuple[str, str]] = {
    **RDF_FORMATS,
    **NETWORK_FORMATS,
    "csv": ("Neo4j import CSV: nodes.csv and relationships.csv (a folder or a .zip)", "zip"),
}
RDF = tuple(RDF_FORMATS)
NETWORK = tuple(NETWORK_FORMATS)


def export_bytes(fmt: str, graph: str | os.PathLike | None = None, *,
                 documents: bool = True) -> bytes:
    """The graph at `graph` (default output/) in `fmt`, as one file (csv: a zip archive)."""
    from kg.export.rdf import load_triples

    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; one of {', '.join(FORMATS)}")
    triples = load_triples(graph)
    if fmt in RDF:
        from kg.export.rdf import rdf_bytes

        return rdf_bytes(triples, fmt)
    if fmt in NETWORK:
        from kg.export.networkx import network_bytes

        return network_bytes(triples, fmt, documents=documents)
    from kg.export.csv import neo4j_zip
    from kg.export.networkx import property_graph

    return neo4j_zip(property_graph(triples, documents=documents))


def export(fmt: str, out: str | os.PathLike, graph: str | os.PathLike | None = None, *,
           documents: bool = True) -> list[Path]:
    """Write the graph in `fmt` to `out` (csv: a folder, or a .zip); returns the files.

    Every file is written whole or not at all, so a reader never sees half an export.
    """
    out = Path(out)
    if fmt == "csv" and out.suffix.lower() != ".zip":
        from kg.export.csv import write_neo4j
        from kg.export.networkx import property_graph
        from kg.export.rdf import load_triples

        return write_neo4j(property_graph(load_triples(graph), documents=documents), out)
    return [write_atomic(out, export_bytes(fmt, graph, documents=documents))]


def write_atomic(path: Path, data: bytes) -> Path:
    """Write `data` to a temporary file beside `path`, then rename it over `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return path


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
