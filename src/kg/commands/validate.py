"""`kg validate`: check a graph against the SHACL shapes and say, in plain words, what is wrong."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HELP = "check a graph against the SHACL shapes"
DESCRIPTION = """\
Check a graph against the SHACL shapes of ontology/shapes.ttl (documents, entities,
relations, stances, evidence, mentions), with the classes of ontology/kg.ttl, and print
one line per problem: the node, the property, and what is wrong in plain words. A last
line sums up. Warnings (an unexpected but tolerated value) do not make the check fail.
"""
EPILOG = """\
examples:
  kg validate                                  check output/graph.ttl
  kg validate other/graph.ttl --shapes my-shapes.ttl

a report line (node, property: what is wrong) looks like:
  kgr:relation/1a2b3c4d5e6f kg:evidence: a relation needs at least one evidence sentence

exit status: 0 the graph conforms, 1 it breaks a shape, 2 the graph (or the shapes)
cannot be read.
"""


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add `kg validate` to the `kg` command line."""
    p = subparsers.add_parser(
        "validate", help=HELP, description=DESCRIPTION, epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("graph", nargs="?", type=Path, default=Path("output/graph.ttl"),
                   metavar="GRAPH",
                   help="RDF file to check, Turtle unless its extension says otherwise "
                        "(default: output/graph.ttl)")
    p.add_argument("--graph", dest="graph_option", type=Path, metavar="PATH",
                   help="the same as GRAPH (every kg command takes --graph); a build folder "
                        "means its graph.ttl")
    p.add_argument("--shapes", type=Path, metavar="FILE",
                   help="SHACL shapes to check against (default: ontology/shapes.ttl)")
    p.add_argument("--ontology", type=Path, metavar="DIR",
                   help="ontology folder with kg.ttl and shapes.ttl (default: $KG_ONTOLOGY, "
                        "else the project's ontology/)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Validate, print the report; the exit status says conforms (0), breaks (1), unreadable (2)."""
    from kg.validate import GraphReadError, validate

    args.graph = args.graph_option or args.graph
    if args.graph.is_dir():  # a build folder
        args.graph = args.graph / "graph.ttl"

    try:
        report = validate(args.graph, args.shapes, ontology=args.ontology)
    except GraphReadError as exc:
        hint = "; run `kg build` first" if "no such graph" in exc.reason else ""
        print(f"kg: {exc}{hint}", file=sys.stderr)
        return 2
    print(report.format())
    return 0 if report.conforms else 1
