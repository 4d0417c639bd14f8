"""`kg query` on the built corpus: sources of the query, every output format read back by a
real parser, syntax errors with their position, predeclared prefixes, and --graph."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import rdflib
from rdflib.compare import isomorphic
from rdflib.query import Result

from kg.cli import main
from kg.sparql import named_queries

KGE = "https://w3id.org/usru-kg/resource/entity/"
XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"

#: Two entities, a label (a language-tagged literal) and a count (an integer) per row.
COUNTS = """SELECT ?e ?label ?n WHERE {
  VALUES ?e { kge:russia kge:united-states }
  ?e rdfs:label ?label .
  { SELECT ?e (COUNT(?d) AS ?n) WHERE { ?d kg:mentions ?e } GROUP BY ?e }
} ORDER BY ?label"""


@pytest.fixture()
def kg(corpus_build: Path, capsysbinary: pytest.CaptureFixture[bytes]):
    """Run `kg query --graph BUILD ARGS...` in this process: (exit code, stdout, stderr)."""

    def run(*args: str, graph: Path | None = corpus_build) -> tuple[int, bytes, str]:
        argv = ["query", *args] + (["--graph", str(graph)] if graph is not None else [])
        code = main(argv)
        out, err = capsysbinary.readouterr()
        return code, out, err.decode()

    return run


def answer(kg, *args: str, **options: object) -> bytes:
    code, out, err = kg(*args, **options)
    assert code == 0, err
    return out


# --- where the query comes from -----------------------------------------------------------

def test_a_query_from_a_string(kg) -> None:
    out = answer(kg, COUNTS, "--format", "csv").decode()
    assert [r[1] for r in csv.reader(io.StringIO(out))] == ["label", "Russia", "United States"]


def test_a_query_from_a_file(kg, tmp_path: Path) -> None:
    path = tmp_path / "counts.rq"
    path.write_text(COUNTS, encoding="utf-8")
    assert answer(kg, "-f", str(path), "--format", "csv") == answer(kg, COUNTS, "--format", "csv")


def test_a_query_from_standard_input(corpus_build: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "kg.cli", "query", "--graph", str(corpus_build),
                           "-f", "-", "--format", "json"], input=COUNTS.encode(),
                          capture_output=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert len(json.loads(proc.stdout)["results"]["bindings"]) == 2


def test_list_shows_every_named_query_with_its_title(kg) -> None:
    out = answer(kg, "--list", graph=None).decode()
    for q in named_queries().values():
        assert re.search(rf"^{re.escape(q.name)}\s+{re.escape(q.title)}$", out, re.M), q.name
    assert len(named_queries()) >= 10


@pytest.mark.parametrize("name", sorted(named_queries()))
def test_every_named_query_runs_by_name(kg, name: str) -> None:
    doc = json.loads(answer(kg, name, "--format", "json"))
    assert doc["head"]["vars"] and isinstance(doc["results"]["bindings"], list)
    if name in ("stances", "relations", "entities", "documents", "evidence", "mentions"):
        assert doc["results"]["bindings"], f"{name} found nothing in the corpus"


#: The columns each whole-table query is sorted by (their ORDER BY sorts by computed keys,
#: which must keep the order of the values themselves).
SORTED_BY = {
    "entities": ["label"], "documents": ["file"], "forums": ["forum", "actor", "role"],
    "stances": ["holder", "target", "polarity"], "relations": ["subject", "type", "object"],
    "treaties": ["treaty", "actor", "how"], "evidence": ["file", "start"],
    "mentions": ["file", "start", "end"], "author-stances": ["file", "author", "target"],
    "stance-timeline": ["date", "file", "holder", "target"],
}


@pytest.mark.parametrize("name", sorted(SORTED_BY))
def test_whole_tables_come_in_the_order_of_their_columns(kg, name: str) -> None:
    rows = list(csv.DictReader(io.StringIO(answer(kg, name, "--format", "csv").decode())))
    assert len(rows) > 1, name

    def key(row: dict[str, str]) -> tuple:
        return tuple(int(row[c]) if c in ("start", "end") else row[c] for c in SORTED_BY[name])

    keys = [key(row) for row in rows]
    assert keys == sorted(keys), name


def test_a_named_query_is_its_file(kg) -> None:
    path = named_queries()["stances"].path
    assert answer(kg, "stances", "--format", "csv") == answer(kg, "-f", str(path), "--format",
                                                             "csv")


def test_show_prints_a_query_any_sparql_tool_parses(kg) -> None:
    from rdflib.plugins.sparql import prepareQuery

    text = answer(kg, "--show", "congress", graph=None).decode()
    assert "PREFIX kge:" in text
    prepareQuery(text)  # no initNs: the printed PREFIX lines are enough


def test_an_unknown_name_is_an_error_not_sparql(kg) -> None:
    code, out, err = kg("no-such-query")
    assert code == 2 and not out
    assert "no such named query" in err and "--list" in err


# --- formats ------------------------------------------------------------------------------

def test_table_columns_are_aligned(kg) -> None:
    lines = answer(kg, COUNTS).decode().splitlines()
    header, rule, *rows = lines
    assert header.split() == ["e", "label", "n"] and len(rows) == 2
    spans = [m.span() for m in re.finditer(r"-+", rule)]
    assert len(spans) == 3
    expected = [["kge:russia", "Russia"], ["kge:united-states", "United States"]]
    for row, (iri, label) in zip(rows, expected, strict=True):
        cells = [row[a:b] for a, b in spans]
        assert cells[0].rstrip() == iri and cells[1].rstrip() == label  # text: left
        assert cells[2].strip().isdigit() and cells[2][-1].isdigit()  # numbers: right
    assert [header[a:b].strip() for a, b in spans] == ["e", "label", "n"]


def test_csv_is_sparql_csv(kg) -> None:
    out = answer(kg, COUNTS, "--format", "csv").decode()
    assert out.endswith("\r\n")
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == ["e", "label", "n"]
    assert [r[:2] for r in rows[1:]] == [[KGE + "russia", "Russia"],
                                         [KGE + "united-states", "United States"]]
    assert all(int(r[2]) >= 1 for r in rows[1:])


def test_tsv_keeps_rdf_terms_and_reads_back(kg) -> None:
    out = answer(kg, COUNTS, "--format", "tsv")
    assert out.decode().splitlines()[0] == "?e\t?label\t?n"
    result = Result.parse(io.BytesIO(out), format="tsv")
    rows = list(result)
    assert rows[0][0] == rdflib.URIRef(KGE + "russia")
    assert rows[0][1] == rdflib.Literal("Russia", lang="en")
    assert rows[0][2].datatype == rdflib.URIRef(XSD_INTEGER)


def test_json_is_sparql_results_json(kg) -> None:
    out = answer(kg, COUNTS, "--format", "json")
    doc = json.loads(out)
    assert doc["head"]["vars"] == ["e", "label", "n"]
    first = doc["results"]["bindings"][0]
    assert first["e"] == {"type": "uri", "value": KGE + "russia"}
    assert first["label"] == {"type": "literal", "value": "Russia", "xml:lang": "en"}
    assert first["n"]["type"] == "literal" and first["n"]["datatype"] == XSD_INTEGER
    parsed = list(Result.parse(io.BytesIO(out), format="json"))  # rdflib's reader agrees
    assert [str(r[1]) for r in parsed] == ["Russia", "United States"]


def test_json_for_ask(kg) -> None:
    doc = json.loads(answer(kg, "ASK { kge:russia a kg:State }", "--format", "json"))
    assert doc == {"head": {}, "boolean": True}


def test_markdown_is_a_table(kg) -> None:
    lines = answer(kg, COUNTS, "--format", "md").decode().splitlines()
    assert lines[0] == "| e | label | n |"
    assert re.fullmatch(r"\|( --- \|){3}", lines[1])
    assert lines[2].startswith("| kge:russia | Russia | ")
    assert all(line.startswith("|") and line.endswith("|") for line in lines)


def test_xml_reads_back(kg) -> None:
    out = answer(kg, COUNTS, "--format", "xml")
    assert [str(r[1]) for r in Result.parse(io.BytesIO(out), format="xml")] == [
        "Russia", "United States"]


def test_construct_is_turtle(kg) -> None:
    n = json.loads(answer(kg, "SELECT (COUNT(*) AS ?n) WHERE { kge:russia ?p ?o }",
                          "--format", "json"))["results"]["bindings"][0]["n"]["value"]
    out = answer(kg, "CONSTRUCT WHERE { kge:russia ?p ?o }")
    graph = rdflib.Graph().parse(data=out, format="turtle")
    assert len(graph) == int(n) > 5
    assert out.startswith(b"@prefix")


def test_describe_is_turtle(kg) -> None:
    graph = rdflib.Graph().parse(data=answer(kg, "DESCRIBE kge:russia"), format="turtle")
    russia = rdflib.URIRef(KGE + "russia")
    assert (russia, rdflib.RDFS.label, rdflib.Literal("Russia", lang="en")) in graph


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # rdflib's own JSON-LD parser
def test_construct_as_jsonld(kg) -> None:
    text = answer(kg, "CONSTRUCT WHERE { kge:russia ?p ?o }", "--format", "jsonld")
    turtle = answer(kg, "CONSTRUCT WHERE { kge:russia ?p ?o }")
    a = rdflib.Graph().parse(data=text, format="json-ld")
    b = rdflib.Graph().parse(data=turtle, format="turtle")
    assert isomorphic(a, b)


# --- errors and limits --------------------------------------------------------------------

def test_a_syntax_error_gives_line_and_column_on_one_line(kg) -> None:
    query = "SELECT ?x WHERE {\n  ?x a kg:Stance\n} ORDER BY ?x GARBAGE"
    code, out, err = kg(query)
    assert code == 2 and not out
    assert len(err.strip().splitlines()) == 1
    assert "SPARQL syntax error at line 3, column 15" in err  # where GARBAGE starts


def test_an_undeclared_prefix_names_the_predeclared_ones(kg) -> None:
    code, _, err = kg("SELECT ?x WHERE {\n  ?x a foo:Stance }")
    assert code == 2
    assert "line 2, column 8" in err and "kge:" in err


def test_the_command_line_program_reports_a_syntax_error(corpus_build: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "kg.cli", "query", "--graph", str(corpus_build),
                           "SELECT ?x WHERE { ?x ?y }"], capture_output=True, text=True,
                          timeout=60)
    assert proc.returncode == 2 and proc.stdout == ""
    assert re.fullmatch(r"kg: query: SPARQL syntax error at line 1, column \d+: .+\n",
                        proc.stderr)


def test_the_project_prefixes_are_predeclared(kg) -> None:
    stem = sorted((Path(__file__).parents[1] / "corpus").glob("*.txt"))[0].stem
    query = (f"ASK {{ kgd:{stem} a kg:Document ; kg:mentions ?e . "
             "?s kg:evidence ?ev . FILTER(STRSTARTS(STR(?e), STR(kge:)) && "
             "STRSTARTS(STR(?ev), STR(kgr:))) }")
    assert json.loads(answer(kg, query, "--format", "json"))["boolean"] is True


@pytest.mark.parametrize("query", [
    "INSERT DATA { kge:a kge:b kge:c }",
    "PREFIX ex: <http://example.org/>\nDELETE WHERE { ?s ?p ?o }",
    "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
])
def test_updates_and_service_are_refused(kg, query: str) -> None:
    code, out, err = kg(query)
    assert code == 2 and not out and "refused" in err


def test_limit_cuts_the_answer_and_says_so(kg) -> None:
    code, out, err = kg("SELECT * WHERE { ?s ?p ?o }", "--limit", "3", "--format", "csv")
    assert code == 0 and len(out.decode().splitlines()) == 4
    assert "cut at 3 rows" in err


def test_timeout_stops_a_runaway_query(kg) -> None:
    import time

    started = time.monotonic()
    code, _, err = kg("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
                      "--timeout", "0.5")
    assert code == 2 and "timeout" in err
    assert time.monotonic() - started < 5


def test_a_missing_graph_is_named(kg, tmp_path: Path) -> None:
    code, _, err = kg("stances", graph=tmp_path / "nothing")
    assert code == 2 and "nothing" in err and "kg build" in err


# --- which graph --------------------------------------------------------------------------

STANCES = "SELECT (COUNT(*) AS ?n) WHERE { ?s a kg:Stance }"


def count(kg, graph: Path) -> int:
    doc = json.loads(answer_at(kg, graph, STANCES))
    return int(doc["results"]["bindings"][0]["n"]["value"])


def answer_at(kg, graph: Path, *args: str) -> bytes:
    code, out, err = kg(*args, "--format", "json", graph=graph)
    assert code == 0, err
    return out


def test_graph_accepts_the_file_the_folder_and_the_store(kg, corpus_build: Path,
                                                         tmp_path: Path) -> None:
    alone = tmp_path / "alone.ttl"  # a graph file with no store beside it
    shutil.copy(corpus_build / "graph.ttl", alone)
    graphs = [corpus_build, corpus_build / "graph.ttl", corpus_build / "graph.oxigraph", alone]
    answers = {g: answer_at(kg, g, "stances") for g in graphs}
    assert len(set(answers.values())) == 1
    assert count(kg, alone) > 10


def test_the_store_is_what_answers_when_there_is_one(kg, corpus_build: Path,
                                                     tmp_path: Path) -> None:
    copy = tmp_path / "build"
    shutil.copytree(corpus_build, copy, ignore=shutil.ignore_patterns("graph.html", ".kg-*"))
    expected = count(kg, corpus_build)
    (copy / "graph.ttl").write_text("", encoding="utf-8")  # only the store has the triples
    assert count(kg, copy) == count(kg, copy / "graph.ttl") == expected
    assert count(kg, copy / "graph.oxigraph") == expected


def test_the_ontology_is_queried_beside_the_graph(kg) -> None:
    query = "SELECT DISTINCT ?c WHERE { kge:vladimir-putin a/rdfs:subClassOf* ?c }"
    classes = {b["c"]["value"].rsplit("#")[-1] for b in json.loads(
        answer(kg, query, "--format", "json"))["results"]["bindings"]}
    assert {"Person", "Actor"} <= classes
    code, out, _ = kg(query, "--format", "json", "--no-ontology")
    assert "Actor" not in out.decode()


@pytest.mark.parametrize("query, refused", [
    ("SELECT * WHERE { service <http://x.example/> { ?s ?p ?o } }", "SERVICE"),
    ("SELECT * WHERE { \\u0053ERVICE <http://x.example/> { ?s ?p ?o } }", "SERVICE"),
    ("SELECT * WHERE { ?s ?p ?o .SERVICE SILENT <http://x.example/> { ?a ?b ?c } }", "SERVICE"),
    ("PREFIX x: <http://x.example/>\n  insert data { x:a x:b x:c }", "Update"),
    ("BASE <http://x.example/> LOAD <http://x.example/data.ttl>", "Update"),
    ("SELECT * WHERE { ?s ?p 'SERVICE' }", None),
    ("SELECT ?service WHERE { ?service ?p ?o }", None),
    ("SELECT * WHERE { ?s <http://x.example/SERVICE> ?o }", None),
    ("# SERVICE in a comment, and INSERT\nASK { ?s ?p ?o }", None),
])
def test_the_read_only_check_sees_keywords_not_words(query: str, refused: str | None) -> None:
    from kg.sparql.check import check_query
    from kg.sparql.errors import ServiceRefused, UpdateRefused

    if refused is None:
        check_query(query)
        return
    with pytest.raises(ServiceRefused if refused == "SERVICE" else UpdateRefused):
        check_query(query)
