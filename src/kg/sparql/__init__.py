"""SPARQL over the built graph: predeclared prefixes, the engine, result writers, named queries.

`kg query`, `kg serve` and `kg.load()` share these pieces so that one query gives one
answer wherever it is run. The named queries are `.rq` files in `named/`, each opening
with `# title:` and `# description:` comment lines; `kg query --list` shows them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

NAMED_DIR = Path(__file__).resolve().parent / "named"
_NAME = re.compile(r"[a-z0-9][a-z0-9-]*")


@dataclass(frozen=True)
class NamedQuery:
    """A query shipped with the project."""

    name: str
    title: str
    description: str
    text: str
    path: Path


def _header(text: str, field: str) -> str:
    m = re.search(rf"^#\s*{field}:\s*(.+)$", text, re.M)
    return m[1].strip() if m else ""


def named_queries() -> dict[str, NamedQuery]:
    """Every named query, by name (the file stem), sorted by name."""
    found = {}
    for path in sorted(NAMED_DIR.glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        found[path.stem] = NamedQuery(path.stem, _header(text, "title") or path.stem,
                                      _header(text, "description"), text, path)
    return found


def named_query(name: str) -> NamedQuery | None:
    """The named query `name`, or None when there is none by that name."""
    if not _NAME.fullmatch(name):
        return None
    return named_queries().get(name)


def looks_like_name(text: str) -> bool:
    """A bare word such as `stances`: meant as a query's name, never as SPARQL."""
    return bool(_NAME.fullmatch(text.strip()))
