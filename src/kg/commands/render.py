"""`kg render`: draw the page (and optionally a screenshot) from a graph already built."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

DESCRIPTION = """\
Draw the interactive page of a knowledge graph: one self-contained HTML file that opens
from disk with no network. Nodes are entities (colour and shape by class, size by
PageRank); edges are relations (colour by type) and stances (green supports, red opposes;
dashed when normative, dotted when possible, future or hypothetical). Click a node or an
edge to read the sentences it was extracted from; search by any alias; filter by class,
statement type, polarity, modality, document and date.

`kg build` already writes this page next to graph.ttl; use `kg render` to redraw it from a
graph.ttl (or any Turtle that follows docs/graph-model.md) without rebuilding, under
another title, or with a screenshot.
"""

EPILOG = """\
examples:
  kg render                                   output/graph.ttl -> output/graph.html
  kg render out/graph.ttl --out /tmp/g.html   another graph, another page
  kg render --screenshot output/graph.png     also a 1280x800 PNG (needs Debian's chromium)
  kg render --corpus corpus                   evidence also links to the local article files

The page is described in docs/page.md.
"""


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add `kg render` to the command line."""
    p = subparsers.add_parser(
        "render", help="draw the interactive page (graph.html) from a graph.ttl",
        description=DESCRIPTION, epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("graph", nargs="?", type=Path, default=Path("output/graph.ttl"),
                   metavar="GRAPH", help="the Turtle file to draw (default: output/graph.ttl)")
    p.add_argument("--graph", dest="graph_option", type=Path, metavar="PATH",
                   help="the same as GRAPH (every kg command takes --graph); a build folder "
                        "means its graph.ttl")
    p.add_argument("--out", type=Path, default=None, metavar="FILE",
                   help="where to write the page (default: graph.html next to GRAPH)")
    p.add_argument("--screenshot", type=Path, default=None, metavar="PNG",
                   help="also photograph the page with headless chromium; a missing browser "
                        "is a warning, not an error")
    p.add_argument("--size", default="1280x800", metavar="WxH",
                   help="screenshot size in pixels (default: 1280x800; a phone: 390x844)")
    p.add_argument("--title", default="kg graph", help="the page's title (default: kg graph)")
    p.add_argument("--corpus", type=Path, default=None, metavar="DIR",
                   help="folder of the source articles, to link evidence to the local files")
    p.add_argument("-q", "--quiet", action="store_true", help="print nothing on success")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from rdflib import Graph

    from kg.render import render_page, screenshot

    args.graph = args.graph_option or args.graph
    if args.graph.is_dir():  # a build folder
        args.graph = args.graph / "graph.ttl"

    if not args.graph.is_file():
        print(f"kg render: {args.graph}: no such file (run `kg build` first?)", file=sys.stderr)
        return 2
    try:
        width, height = (int(x) for x in args.size.lower().split("x"))
    except ValueError:
        print(f"kg render: --size {args.size!r}: expected WIDTHxHEIGHT, e.g. 1280x800",
              file=sys.stderr)
        return 2
    graph = Graph()
    try:
        graph.parse(args.graph, format="turtle")
    except Exception as err:  # rdflib raises many kinds; all mean "not a readable graph"
        print(f"kg render: {args.graph}: not readable Turtle: {err}", file=sys.stderr)
        return 1
    out = args.out or args.graph.with_name("graph.html")
    stats = render_page(graph, out, title=args.title, source_dir=args.corpus)
    if not args.quiet:
        print(f"{stats.path}: {stats.nodes:,} nodes ({stats.entities:,} entities), "
              f"{stats.edges:,} edges ({stats.relations:,} relations, {stats.stances:,} "
              f"stances) from {stats.documents:,} documents, {stats.bytes / 1e6:.1f} MB")
    if args.screenshot and screenshot(out, args.screenshot, width=width, height=height) \
            and not args.quiet:
        print(f"{args.screenshot}: screenshot {width}x{height}")
    return 0
