"""`kg serve`: a read-only SPARQL endpoint and the graph page over HTTP."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

DESCRIPTION = """\
Serve the graph over HTTP: a read-only SPARQL 1.1 Protocol endpoint at /sparql (GET and
POST; JSON, XML, CSV or TSV results by the Accept header; CONSTRUCT as Turtle or JSON-LD)
and the graph page (graph.html beside the graph) at /. Update and SERVICE are refused,
every query has a timeout and a row limit, and CORS lets browser SPARQL clients use it.
Open /sparql in a browser for a form with the named queries.
"""
EPILOG = """\
examples:
  kg serve                                   http://127.0.0.1:8000/ for output/graph.ttl
  kg serve --port 0                          any free port (printed on start)
  kg serve --graph other/graph.ttl --timeout 30 --limit 100000
  kg serve --in-memory                       faster answers for a graph that fits in memory

  curl -G http://127.0.0.1:8000/sparql --data-urlencode 'query=SELECT * WHERE { ?s ?p ?o } LIMIT 3'
  curl -H 'Accept: text/csv' --data-urlencode 'query@my.rq' http://127.0.0.1:8000/sparql
  curl -H 'Content-Type: application/sparql-query' --data-binary @my.rq \\
       http://127.0.0.1:8000/sparql

Binding to another address than 127.0.0.1 (--host 0.0.0.0) lets anyone who can reach
the machine query the graph.
"""


def register(subparsers: argparse._SubParsersAction) -> None:
    from kg.serve import DEFAULT_LIMIT, DEFAULT_TIMEOUT

    p = subparsers.add_parser(
        "serve", help="serve a SPARQL endpoint and the graph page over HTTP",
        description=DESCRIPTION, epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--graph", type=Path, metavar="PATH",
                   help="the graph to serve (default: output/graph.ttl)")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="port (default: 8000; 0: any free one)")
    p.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, metavar="SECONDS",
                   help=f"stop a query after SECONDS, answering 503 (default: {DEFAULT_TIMEOUT:g};"
                        " 0: no limit)")
    p.add_argument("--limit", type=int, default=DEFAULT_LIMIT, metavar="ROWS",
                   help=f"answer at most ROWS rows or triples (default: {DEFAULT_LIMIT}; "
                        "0: no limit)")
    p.add_argument("--in-memory", action="store_true",
                   help="copy the build's store into memory before serving: queries answer "
                        "2-8 times faster, for some 0.35-0.6 GB and 20 seconds of copying per "
                        "million triples (default: answer from the store on disk)")
    p.add_argument("-q", "--quiet", action="store_true", help="do not log requests")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from kg.serve import serve
    from kg.sparql.engine import GraphError

    try:
        serve(args.graph, host=args.host, port=args.port, timeout=args.timeout,
              limit=args.limit, quiet=args.quiet, in_memory=args.in_memory)
    except GraphError as exc:
        print(f"kg: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"kg: {args.host}:{args.port}: cannot listen: {exc.strerror or exc}",
              file=sys.stderr)
        return 2
    return 0
