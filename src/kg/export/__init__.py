"""Move the graph into other tools: RDF syntaxes, property-graph formats, Neo4j CSV.

One small module per family: `rdf` (ttl, nt, nq, trig, jsonld, rdfxml), `networkx`
(graphml, gexf, cytoscape) and `csv` (Neo4j import CSV). `export()` is what
`kg export` calls; docs/interop.md says how to open each format.
"""

from __future__ import annotations

import os
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
    """The graph at `graph` (default output/graph.ttl) in a single-file format."""
    from kg.export.rdf import load_triples

    triples = load_triples(graph)
    if fmt in RDF:
        from kg.export.rdf import rdf_bytes

        return rdf_bytes(triples, fmt)
    if fmt in NETWORK:
        from kg.export.networkx import network_bytes

        return network_bytes(triples, fmt, documents=documents)
    if fmt == "csv":
        raise ValueError("csv is two files (nodes.csv, relationships.csv): give --out DIR or "
                         "--out FILE.zip")
    raise ValueError(f"unknown format {fmt!r}; one of {', '.join(FORMATS)}")


def export(fmt: str, out: str | os.PathLike, graph: str | os.PathLike | None = None, *,
           documents: bool = True) -> list[Path]:
    """Write the graph in `fmt` to `out` (for csv a folder or a .zip); returns the files."""
    out = Path(out)
    if fmt == "csv":
        from kg.export.csv import write_neo4j
        from kg.export.networkx import property_graph
        from kg.export.rdf import load_triples

        return write_neo4j(property_graph(load_triples(graph), documents=documents), out)
    data = export_bytes(fmt, graph, documents=documents)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(out)
    return [out]
