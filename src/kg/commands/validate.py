"""`kg validate`: check a graph against the SHACL shapes."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

DESCRIPTION = """\
Check a graph against the SHACL shapes of ontology/shapes.ttl (documents, entities,
relations, stances, evidence and mentions) and print one line per violation, saying in
plain words what is wrong and where.
"""
EPILOG = """\
examples:
  kg validate                       check output/graph.ttl
  kg validate other/graph.ttl --shapes my-shapes.ttl

exit status: 0 the graph conforms, 1 it breaks a shape, 2 it cannot be read.
"""


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "validate", help="check a graph against the SHACL shapes", description=DESCRIPTION,
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("graph", nargs="?", type=Path, default=Path("output/graph.ttl"),
                   metavar="GRAPH", help="Turtle file to check (default: output/graph.ttl)")
    p.add_argument("--shapes", type=Path, metavar="FILE",
                   help="SHACL shapes (default: ontology/shapes.ttl)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from kg.validate import validate

    if not args.graph.is_file():
        print(f"kg: {args.graph}: no such graph; run `kg build` first", file=sys.stderr)
        return 2
    try:
        report = validate(args.graph, args.shapes)
    except Exception as exc:  # noqa: BLE001 - a parse error of the user's file, in one line
        reason = " ".join(str(exc).split())[:300]
        print(f"kg: {args.graph}: cannot read the graph: {reason}", file=sys.stderr)
        return 2
    print(report.format())
    return 0 if report.conforms else 1
