"""The `kg` command line: a thin layer over the Python API, one sub-command per job."""

from __future__ import annotations

import argparse
import importlib
import sys

from kg import __version__

#: Sub-commands, each a module in `kg.commands` with a `register(subparsers)` function
#: that adds its parser and sets `func` (a callable taking the parsed args, returning an exit code).
COMMANDS: tuple[str, ...] = ("build", "render", "validate", "query", "export", "serve", "push")

DESCRIPTION = """\
Build a knowledge graph of actors, treaties, forums, relations and stances from
international-relations articles, each fact traceable to the sentence it came from.
"""

EPILOG = """\
examples:
  kg build corpus --out output        build output/graph.ttl and output/graph.html
  kg build a.txt b.html --out out -q  two files, no progress or summary

Run `kg COMMAND --help` for the options of one command.
"""


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kg",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"kg {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        importlib.import_module(f"kg.commands.{name}").register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = make_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        print("kg: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
