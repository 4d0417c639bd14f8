"""`kg query`: run SPARQL over a built graph from the shell."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

DESCRIPTION = """\
Run a SPARQL query over a built graph (and the ontology, so rdfs:subClassOf* works).
The query is a string, a file (-f), or the name of a query shipped with kg (--list).
These prefixes are predeclared: kg: kgr: kge: kgd: rdf: rdfs: owl: skos: dcterms: prov:
xsd: wd: (see docs/sparql.md). SELECT and ASK answers print as a table on a terminal;
CONSTRUCT and DESCRIBE answers as Turtle.
"""
EPILOG = """\
examples:
  kg query --list                                  the named queries
  kg query stances                                 run one by name
  kg query congress --format csv > congress.csv
  kg query 'SELECT ?l WHERE { kge:russia skos:altLabel ?l }'
  kg query -f my.rq --format json                  SPARQL 1.1 Query Results JSON
  echo 'ASK { kge:russia a kg:State }' | kg query -f -
  kg query 'CONSTRUCT WHERE { ?s a kg:Stance }' --format jsonld
  kg query --show new-start-support                print a named query, with its prefixes
  kg query relations --graph other/graph.ttl --limit 20

formats: table (default), csv, tsv, json, md, xml for rows; ttl, nt, jsonld, rdfxml for
graphs (a graph asked for as table is Turtle, as json is JSON-LD).

exit status: 0 answered, 2 the graph or the query has a problem (the message says which).
"""


def register(subparsers: argparse._SubParsersAction) -> None:
    from_formats = ("table", "csv", "tsv", "json", "md", "xml", "ttl", "nt", "jsonld", "rdfxml")
    p = subparsers.add_parser(
        "query", help="run a SPARQL query (a string, a file or a named query)",
        description=DESCRIPTION, epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("query", nargs="?", metavar="QUERY_OR_NAME",
                   help="SPARQL text or the name of a shipped query (see --list)")
    p.add_argument("-f", "--file", type=Path, metavar="FILE",
                   help="read the query from FILE (- for standard input)")
    p.add_argument("--format", choices=from_formats, default="table",
                   help="output format (default: table)")
    p.add_argument("--graph", type=Path, metavar="PATH",
                   help="the graph: a build folder, its graph.ttl (the store the build wrote "
                        "beside it is used when there is one), an Oxigraph store or any RDF "
                        "file (default: output/graph.ttl)")
    p.add_argument("--list", action="store_true", help="list the named queries and exit")
    p.add_argument("--show", metavar="NAME",
                   help="print a named query, with the PREFIX lines other tools need")
    p.add_argument("--limit", type=int, metavar="N", help="print at most N rows")
    p.add_argument("--timeout", type=float, metavar="SECONDS",
                   help="stop the query after SECONDS (default: no limit)")
    p.add_argument("--no-ontology", action="store_true",
                   help="query the graph alone, without ontology/*.ttl")
    p.set_defaults(func=run)


def _fail(message: str) -> int:
    print(f"kg: {message}", file=sys.stderr)
    return 2


def run(args: argparse.Namespace) -> int:
    from kg.sparql import looks_like_name, named_queries, named_query

    if args.list:
        queries = named_queries()
        width = max(len(n) for n in queries)
        for q in queries.values():
            print(f"{q.name:<{width}}  {q.title}")
            if q.description:
                print(f"{'':<{width}}  {q.description}")
        return 0
    if args.show:
        found = named_query(args.show)
        if found is None:
            return _fail(f"{args.show}: no such named query; `kg query --list` shows them")
        from kg.sparql.prefixes import prefix_block

        print(prefix_block() + "\n" + found.text, end="")
        return 0
    if args.file is not None:
        if args.query:
            return _fail("give the query as text, a name or -f FILE, not two of them")
        try:
            if str(args.file) == "-":
                text, source = sys.stdin.read(), "standard input"
            else:
                text, source = args.file.read_text(encoding="utf-8"), str(args.file)
        except (OSError, UnicodeDecodeError) as exc:
            return _fail(f"{args.file}: cannot read the query: {exc.strerror or exc}"
                         if isinstance(exc, OSError) else f"{args.file}: not UTF-8 text")
    elif args.query:
        found = named_query(args.query.strip())
        if found is not None:
            text, source = found.text, f"named query {found.name}"
        elif looks_like_name(args.query):
            return _fail(f"{args.query}: no such named query; `kg query --list` shows them")
        else:
            text, source = args.query, "query"
    else:
        return _fail("no query: give SPARQL text, a name (kg query --list) or -f FILE")
    return _run(args, text, source)


def _run(args: argparse.Namespace, text: str, source: str) -> int:
    from kg.sparql.engine import Engine, GraphError, QuerySyntaxError, SparqlError
    from kg.sparql.results import render

    try:
        engine = Engine.load(args.graph, ontology=not args.no_ontology)
    except GraphError as exc:
        return _fail(str(exc))
    try:
        result = engine.query(text, timeout=args.timeout, limit=args.limit)
        data = render(result, args.format, pretty=True)
    except QuerySyntaxError as exc:
        print(f"kg: {source}: {exc}", file=sys.stderr)
        if sys.stderr.isatty():
            print(exc.excerpt(text), file=sys.stderr)
        return 2
    except (SparqlError, ValueError) as exc:
        return _fail(f"{source}: {exc}")
    try:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    except BrokenPipeError:  # `kg query ... | head`: the reader has what it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    if result.truncated:
        print(f"kg: the answer was cut at {args.limit} rows (--limit)", file=sys.stderr)
    elif args.format == "table" and sys.stdout.isatty() and hasattr(result, "rows"):
        n = len(result.rows)
        print(f"({n} row{'s' if n != 1 else ''})", file=sys.stderr)
    return 0
