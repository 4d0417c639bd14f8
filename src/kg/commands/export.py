"""`kg export`: the graph in other formats (RDF syntaxes, GraphML, GEXF, Cytoscape, Neo4j CSV)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

DESCRIPTION = """\
Write the graph in another format: RDF for triple stores and RDF tools, a property graph
(entities as nodes, relations and stances as edges with their attributes) for Gephi, yEd,
Cytoscape and networkx, or CSV for Neo4j's bulk importer. Output goes to standard output
unless --out is given. docs/interop.md says how to open each one.
"""
EPILOG = """\
formats:
  ttl        Turtle                         nt       N-Triples
  nq         N-Quads, a named graph per document (provenance)
  trig       TriG, a named graph per document
  jsonld     JSON-LD with an @context       rdfxml   RDF/XML
  graphml    GraphML (yEd, Gephi, networkx) gexf     GEXF (Gephi, networkx)
  cytoscape  Cytoscape.js elements JSON
  csv        Neo4j import CSV: nodes.csv and relationships.csv, in the folder --out DIR,
             or as a zip archive (--out FILE.zip, or standard output)

examples:
  kg export --format nq --out output/graph.nq
  kg export --format graphml > graph.graphml
  kg export --format gexf --out graph.gexf --no-documents   actors only
  kg export --format csv --out neo4j/                          then neo4j-admin import
  kg export --format csv > neo4j.zip
  kg export --format jsonld --graph other/graph.ttl | jq .

exit status: 0 written, 2 the graph cannot be read or the output cannot be written.
"""


def register(subparsers: argparse._SubParsersAction) -> None:
    from kg.export import FORMATS

    p = subparsers.add_parser(
        "export", help="write the graph as RDF, GraphML, GEXF, Cytoscape JSON or Neo4j CSV",
        description=DESCRIPTION, epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--format", required=True, choices=list(FORMATS), metavar="FMT",
                   help="one of: " + ", ".join(FORMATS))
    p.add_argument("--out", type=Path, metavar="FILE",
                   help="write here (csv: a folder, or a .zip) instead of standard output")
    p.add_argument("--graph", type=Path, metavar="PATH",
                   help="the graph to export (default: output/graph.ttl)")
    p.add_argument("--no-documents", action="store_true",
                   help="property graphs and CSV: leave documents and their links out")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from kg.export import export, export_bytes
    from kg.sparql.engine import GraphError

    if args.format == "csv" and args.out is None and sys.stdout.isatty():
        print("kg: csv is a zip archive of nodes.csv and relationships.csv: redirect it to a "
              "file, or give --out DIR", file=sys.stderr)
        return 2
    try:
        if args.out is None:
            data = export_bytes(args.format, args.graph, documents=not args.no_documents)
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
            return 0
        written = export(args.format, args.out, args.graph, documents=not args.no_documents)
    except (GraphError, ValueError) as exc:
        print(f"kg: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"kg: {exc.filename or args.out}: cannot write: {exc.strerror or exc}",
              file=sys.stderr)
        return 2
    for path in written:
        print(f"kg: wrote {path}", file=sys.stderr)
    return 0
