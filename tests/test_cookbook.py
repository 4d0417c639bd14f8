"""The README's SPARQL cookbook: every query runs on the built corpus and gives its answer."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from rdflib import Graph

ROOT = Path(__file__).resolve().parents[1]
PREFIXES = """\
PREFIX kg: <https://w3id.org/usru-kg/ontology#>
PREFIX kgr: <https://w3id.org/usru-kg/resource/>
PREFIX kge: <https://w3id.org/usru-kg/resource/entity/>
PREFIX kgd: <https://w3id.org/usru-kg/resource/doc/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""


def cookbook() -> dict[int, tuple[str, str]]:
    """README's cookbook: number → (question, query)."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## SPARQL cookbook", 1)[1].split("\n## ", 1)[0]
    found = re.findall(r"### (\d+)\. (.+?)\n.*?```sparql\n(.*?)```", section, re.S)
    return {int(n): (q, body) for n, q, body in found}


Rows = list[dict[str, str]]
EXPECT: dict[int, Callable[[Rows], bool]] = {
    1: lambda rows: {r["holder"] for r in rows} >= {"Igor Ivanov"},
    2: lambda rows: {r["forum"] for r in rows} == {"Quartet on the Middle East",
                                                  "Arctic Council"},
    3: lambda rows: {(r["target"], r["polarity"].rsplit("#")[-1]) for r in rows}
    == {("sanctions", "Support"), ("Russia", "Oppose")} and all(r["sentence"] for r in rows),
    4: lambda rows: [r["date"] for r in rows if r["date"]] == sorted(
        r["date"] for r in rows if r["date"]) and {"Support", "Oppose"} <= {
        r["polarity"].rsplit("#")[-1] for r in rows},
    5: lambda rows: {r["actor"] for r in rows} >= {"Russia", "United States"},
    6: lambda rows: {frozenset((r["a"], r["b"])) for r in rows} >= {
        frozenset(("Vladimir Putin", "Donald Trump")), frozenset(("John Bolton",
                                                                  "Sergey Lavrov"))},
    7: lambda rows: {(r["leader"], r["led"]) for r in rows} >= {
        ("Donald Trump", "United States"), ("Joe Biden", "United States"),
        ("Igor Ivanov", "Russian International Affairs Council")},
    8: lambda rows: all(r["modality"].rsplit("#")[-1] != "Asserted" or r["negated"] == "true"
                        for r in rows),
    9: lambda rows: {r["file"] for r in rows} >= {"000_01fb6fb18f6b5fd0.txt",
                                                  "002_049bbc58535707c4.txt"}
    and all(int(r["putin"]) >= 1 and int(r["trump"]) >= 1 for r in rows),
    10: lambda rows: len(rows) == 10 and rows[0]["entity"] in {"Russia", "United States"},
    11: lambda rows: any(r["a"] == "United States" and r["b"] == "Russia"
                         and float(r["balance"]) < 0 for r in rows),
    12: lambda rows: {r["target"] for r in rows} >= {"U.S.–Russia cooperation"}
    and all(r["rule"].startswith("stance.") and 0 < float(r["confidence"]) <= 1
            for r in rows),
    13: lambda rows: ("Igor Ivanov", "sanctions") in {(r["author"], r["target"])
                                                       for r in rows},
}


@pytest.fixture(scope="module")
def graph(corpus_build: Path) -> Graph:
    g = Graph()
    g.parse(corpus_build / "graph.ttl", format="turtle")
    for ttl in sorted((ROOT / "ontology").glob("*.ttl")):
        g.parse(ttl, format="turtle")
    return g


def test_the_cookbook_has_at_least_ten_questions() -> None:
    assert len(cookbook()) >= 10
    assert set(cookbook()) == set(EXPECT)


@pytest.mark.parametrize("number", sorted(EXPECT))
def test_cookbook_query_answers(graph: Graph, number: int) -> None:
    question, query = cookbook()[number]
    result = graph.query(PREFIXES + query)
    rows = [{str(k): ("" if v is None else str(v)) for k, v in row.asdict().items()}
            | {str(v): "" for v in result.vars if str(v) not in row.asdict()}
            for row in result]
    assert rows, question
    assert EXPECT[number](rows), (question, rows)
