"""Every README cookbook query gives the same answer through `kg query --format json`, through
`kg serve` with curl (as the README shows), and through `kg.load(...).query(...)` — and that
answer passes the cookbook's own check (tests/test_cookbook.py)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

import kg

sys.path.insert(0, str(Path(__file__).parent))
from sparql_server import running_server  # noqa: E402
from test_cookbook import EXPECT, cookbook  # noqa: E402

XSD = "http://www.w3.org/2001/XMLSchema#"
INTEGERS = {XSD + t for t in ("integer", "int", "long", "short", "nonNegativeInteger")}
FLOATS = {XSD + t for t in ("decimal", "double", "float")}
Value = str | int | float | bool | None


@pytest.fixture(scope="module")
def server(corpus_build: Path) -> Iterator[str]:
    with running_server(corpus_build, "--quiet") as url:
        yield url


@pytest.fixture(scope="module")
def graph(corpus_build: Path) -> kg.KnowledgeGraph:
    return kg.load(corpus_build)


def value(binding: dict | None) -> Value:
    """A SPARQL JSON binding as the Python value kg.load(...).query(...) gives for it."""
    if binding is None:
        return None
    text, datatype = binding["value"], binding.get("datatype", "")
    if datatype in INTEGERS:
        return int(text)
    if datatype in FLOATS:
        return float(text)
    if datatype == XSD + "boolean":
        return text in ("true", "1")
    return text


def rows_of(doc: dict) -> list[dict[str, Value]]:
    names = doc["head"]["vars"]
    return [{n: value(b.get(n)) for n in names} for b in doc["results"]["bindings"]]


def as_text(rows: list[dict[str, Value]]) -> list[dict[str, str]]:
    """Rows as the cookbook's checks take them: text, "" when unbound."""
    def text(v: Value) -> str:
        return "" if v is None else ("true" if v else "false") if isinstance(v, bool) else str(v)

    return [{k: text(v) for k, v in row.items()} for row in rows]


def through_kg_query(graph: Path, query: str) -> list[dict[str, Value]]:
    proc = subprocess.run([sys.executable, "-m", "kg.cli", "query", "--graph", str(graph),
                           "--format", "json", query], capture_output=True, timeout=120)
    assert proc.returncode == 0, proc.stderr.decode()
    return rows_of(json.loads(proc.stdout))


def through_curl(server: str, query: str) -> list[dict[str, Value]]:
    """`curl -G URL/sparql --data-urlencode query=...`, or httpx where there is no curl."""
    if shutil.which("curl") is None:
        answer = httpx.get(f"{server}/sparql", params={"query": query}).content
    else:
        proc = subprocess.run(["curl", "-sS", "--fail", "-G", f"{server}/sparql",
                               "-H", "Accept: application/sparql-results+json",
                               "--data-urlencode", f"query={query}"],
                              capture_output=True, timeout=60)
        assert proc.returncode == 0, proc.stderr.decode()
        answer = proc.stdout
    return rows_of(json.loads(answer))


def same(a: list[dict[str, Value]], b: list[dict[str, Value]], ordered: bool) -> bool:
    return a == b if ordered else sorted(map(repr, a)) == sorted(map(repr, b))


@pytest.mark.parametrize("number", sorted(cookbook()))
def test_a_cookbook_query_gives_one_answer_everywhere(number: int, corpus_build: Path,
                                                     server: str,
                                                     graph: kg.KnowledgeGraph) -> None:
    question, query = cookbook()[number]
    shell = through_kg_query(corpus_build, query)
    http = through_curl(server, query)
    python = graph.query(query)
    ordered = "ORDER BY" in query
    assert shell, question
    assert same(shell, http, ordered), (question, shell, http)
    assert same(shell, python, ordered), (question, shell, python)
    assert EXPECT[number](as_text(shell)), (question, shell)
