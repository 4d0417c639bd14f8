"""`kg push`: load the built graph into a SPARQL 1.1 store, one named graph per document."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

HELP = "load the built graph into a SPARQL 1.1 triple store"
DESCRIPTION = """\
Send the graph `kg build` wrote to OUT to a SPARQL 1.1 store, in named graphs: one per
document (<https://w3id.org/usru-kg/resource/graph/doc/STEM>), one for entities, buckets of
statements and relation triples, and the ontology. Each graph replaces the one of the same
name at the endpoint, so pushing again never duplicates anything; graphs of articles removed
since the last push are dropped, and graphs that did not change are not sent again (what was
pushed is remembered in OUT/.kg-push/).

--protocol gsp (default) uses the SPARQL 1.1 Graph Store HTTP Protocol (PUT and DELETE on
ENDPOINT?graph=IRI); --protocol update sends SPARQL Update (DROP SILENT GRAPH, then INSERT)
to ENDPOINT. HTTP Basic or Digest authentication, whichever the server asks for, with --user
and the password in $KG_PUSH_PASSWORD (or --password).
"""
EPILOG = """\
examples:
  kg push --endpoint http://127.0.0.1:8890/sparql-graph-crud-auth --user dba
  kg push out --endpoint http://localhost:3030/kg/update --protocol update
  kg push --endpoint http://localhost:3030/kg/data --full

exit status: 0 pushed, 1 the endpoint refused or failed, 2 nothing to push (no build).
"""


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add `kg push` to the `kg` command line."""
    p = subparsers.add_parser(
        "push", help=HELP, description=DESCRIPTION, epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("out", nargs="?", type=Path, default=Path("output"), metavar="OUT",
                   help="the build's output folder (default: output)")
    p.add_argument("--graph", dest="graph_option", type=Path, metavar="PATH",
                   help="the same as OUT (every kg command takes --graph); the build's "
                        "graph.ttl means its folder")
    p.add_argument("--endpoint", required=True, metavar="URL",
                   help="Graph Store Protocol URL (gsp) or SPARQL Update URL (update)")
    p.add_argument("--protocol", choices=("gsp", "update"), default="gsp",
                   help="how to write: Graph Store Protocol (default) or SPARQL Update")
    p.add_argument("--user", metavar="NAME", help="user for HTTP authentication")
    p.add_argument("--password", metavar="SECRET",
                   help="password (default: $KG_PUSH_PASSWORD; prefer the variable)")
    p.add_argument("--full", action="store_true",
                   help="send every graph, even those pushed before unchanged")
    p.add_argument("--timeout", type=float, default=120.0, metavar="SECONDS",
                   help="timeout of one HTTP request (default: 120)")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar, no summary")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Push; one line on success, one line naming the endpoint on failure."""
    try:
        from kg.push import PushError, push
    except ImportError:
        print("kg: kg push needs httpx: pip install httpx", file=sys.stderr)
        return 2
    if args.graph_option is not None:
        args.out = args.graph_option if args.graph_option.is_dir() else args.graph_option.parent
    password = args.password or os.environ.get("KG_PUSH_PASSWORD")
    bar = None
    if not args.quiet and sys.stderr.isatty():
        from tqdm import tqdm

        bar = tqdm(desc="pushing", unit="graph", leave=False)
    try:
        result = push(args.out, args.endpoint, args.protocol, args.user, password,
                      full=args.full, timeout=args.timeout,
                      progress=bar.update if bar is not None else None)
    except PushError as exc:
        print(f"kg: {exc}", file=sys.stderr)
        return 2 if "no graph store" in str(exc) else 1
    finally:
        if bar is not None:
            bar.close()
    if not args.quiet:
        print(f"pushed {args.out} to {args.endpoint}: {result.sent} graphs replaced "
              f"({result.triples} triples), {result.dropped} dropped, "
              f"{result.unchanged} unchanged")
    return 0
