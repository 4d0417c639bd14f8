"""`kg export` in every format, read back by the tools people will open it with: Raptor's
rapper, pyoxigraph and rdflib for RDF, networkx for GraphML and GEXF, SQLite for the Neo4j
CSV, and the Cytoscape.js element shape for the Cytoscape JSON."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest
import rdflib

from kg.cli import main
from kg.export import FORMATS
from kg.sparql.prefixes import KG, PREFIXES, document_graph

RDF_SYNTAX = {"ttl": ("turtle", ox.RdfFormat.TURTLE), "nt": ("ntriples", ox.RdfFormat.N_TRIPLES),
              "nq": ("nquads", ox.RdfFormat.N_QUADS), "trig": ("trig", ox.RdfFormat.TRIG),
              "jsonld": (None, ox.RdfFormat.JSON_LD), "rdfxml": ("rdfxml", ox.RdfFormat.RDF_XML)}
RAPPER = shutil.which("rapper")


@pytest.fixture(scope="module")
def exported(corpus_build: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every format written with `kg export --format FMT --out FILE` (csv: a folder)."""
    out = tmp_path_factory.mktemp("export")
    files = {}
    for fmt in FORMATS:
        files[fmt] = out / (fmt if fmt == "csv" else f"graph.{fmt}")
        assert main(["export", "--graph", str(corpus_build), "--format", fmt,
                     "--out", str(files[fmt])]) == 0
    return files


@pytest.fixture(scope="module")
def source(corpus_build: Path) -> set[ox.Triple]:
    """The triples of the graph the build wrote (graph.ttl), parsed by pyoxigraph."""
    return {ox.Triple(q.subject, q.predicate, q.object)
            for q in ox.parse(path=str(corpus_build / "graph.ttl"), format=ox.RdfFormat.TURTLE)}


def test_every_promised_format_is_offered() -> None:
    assert set(FORMATS) == {"ttl", "nt", "nq", "trig", "jsonld", "rdfxml", "graphml", "gexf",
                            "csv", "cytoscape"}


# --- RDF ----------------------------------------------------------------------------------

@pytest.mark.skipif(RAPPER is None, reason="Raptor's rapper is not installed "
                    "(apt-get install raptor2-utils; make test does)")
@pytest.mark.parametrize("fmt", [f for f, (name, _) in RDF_SYNTAX.items() if name])
def test_rapper_reads_every_triple(exported: dict[str, Path], source: set, fmt: str) -> None:
    syntax = RDF_SYNTAX[fmt][0]
    proc = subprocess.run([RAPPER, "-i", syntax, "-c", str(exported[fmt])],  # type: ignore[list-item]
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert "error" not in proc.stderr.lower().replace("0 errors", "")
    m = re.search(r"Parsing returned (\d+) triples", proc.stderr)
    assert m and int(m[1]) == len(source), proc.stderr


@pytest.mark.parametrize("fmt", list(RDF_SYNTAX))
def test_pyoxigraph_reads_back_the_very_triples(exported: dict[str, Path], source: set,
                                                fmt: str) -> None:
    quads = list(ox.parse(path=str(exported[fmt]), format=RDF_SYNTAX[fmt][1]))
    assert len(quads) == len(source)
    assert {ox.Triple(q.subject, q.predicate, q.object) for q in quads} == source


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # rdflib's own JSON-LD parser
def test_jsonld_has_a_real_context_and_rdflib_reads_it(exported: dict[str, Path],
                                                       source: set) -> None:
    doc = json.loads(exported["jsonld"].read_text(encoding="utf-8"))
    assert doc["@context"]["kg"] == PREFIXES["kg"] and doc["@context"]["kge"] == PREFIXES["kge"]
    assert any("kg:Document" in node.get("@type", []) for node in doc["@graph"])
    graph = rdflib.Graph().parse(exported["jsonld"], format="json-ld")
    assert len(graph) == len(source)


@pytest.mark.parametrize("fmt", ["trig", "nq"])
def test_datasets_have_a_named_graph_per_document(exported: dict[str, Path], fmt: str) -> None:
    quads = list(ox.parse(path=str(exported[fmt]), format=RDF_SYNTAX[fmt][1]))
    docs = {q.subject.value for q in quads
            if q.predicate.value == PREFIXES["rdf"] + "type" and q.object.value == KG + "Document"}
    assert len(docs) >= 5
    graphs = {q.graph_name.value for q in quads}
    stems = {d.rsplit("/", 1)[1] for d in docs}
    assert {document_graph(s) for s in stems} <= graphs
    for q in quads:  # each document's own triples are in its own graph
        if q.subject.value in docs:
            assert q.graph_name.value == document_graph(q.subject.value.rsplit("/", 1)[1])


def test_rdf_exports_are_byte_identical_on_a_second_run(exported: dict[str, Path],
                                                        corpus_build: Path, tmp_path: Path) -> None:
    again = tmp_path / "again.trig"
    assert main(["export", "--graph", str(corpus_build), "--format", "trig",
                 "--out", str(again)]) == 0
    assert again.read_bytes() == exported["trig"].read_bytes()


# --- property graphs ----------------------------------------------------------------------

@pytest.fixture(scope="module")
def expected(corpus_build: Path) -> nx.MultiDiGraph:
    import kg

    return kg.load(corpus_build).to_networkx()


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_networkx_reads_graphml_and_gexf_with_attributes(exported: dict[str, Path],
                                                         expected: nx.MultiDiGraph,
                                                         fmt: str) -> None:
    g = nx.read_graphml(exported[fmt]) if fmt == "graphml" else nx.read_gexf(exported[fmt])
    assert g.is_directed() and g.is_multigraph()
    assert set(g.nodes) == set(expected.nodes)
    assert g.number_of_edges() == expected.number_of_edges()
    for _, attrs in g.nodes(data=True):
        assert attrs["label"] and attrs["class"]
    classes = {a["class"] for _, a in g.nodes(data=True)}
    assert {"Person", "State", "Document"} <= classes
    edges = list(g.edges(data=True))
    assert all(float(a["weight"]) >= 1 and a["label"] and a["class"] for _, _, a in edges)
    stances = [a for _, _, a in edges if a["class"] in ("Stance", "UnassertedStance")]
    assert stances and all(a["polarity"] in ("Support", "Oppose") for a in stances)
    putin = "entity/vladimir-putin"
    assert g.nodes[putin]["label"] == "Vladimir Putin" and g.nodes[putin]["class"] == "Person"


def test_cytoscape_json_has_elements_with_ids(exported: dict[str, Path],
                                              expected: nx.MultiDiGraph) -> None:
    doc = json.loads(exported["cytoscape"].read_text(encoding="utf-8"))
    nodes, edges = doc["elements"]["nodes"], doc["elements"]["edges"]
    ids = [n["data"]["id"] for n in nodes]
    assert len(ids) == len(set(ids)) == expected.number_of_nodes()
    assert len(edges) == expected.number_of_edges()
    assert len({e["data"]["id"] for e in edges}) == len(edges)
    assert all(e["data"]["source"] in ids and e["data"]["target"] in ids for e in edges)
    assert all(n["data"]["label"] for n in nodes)
    assert nx.cytoscape_graph(doc).number_of_edges() == len(edges)  # networkx reads it too


# --- Neo4j CSV ----------------------------------------------------------------------------

NEO4J_HEADER = re.compile(r"(:ID|:START_ID|:END_ID|:TYPE|:LABEL|[A-Za-z]\w*(:ID)?"
                          r"(:(int|float|boolean|date|string)(\[\])?)?)")


def load_sqlite(nodes: str, rels: str) -> sqlite3.Connection:
    """The two CSVs in an in-memory SQLite database, one column per header field."""
    db = sqlite3.connect(":memory:")
    for table, text in (("nodes", nodes), ("rels", rels)):
        rows = list(csv.reader(io.StringIO(text)))
        header = rows[0]
        columns = ", ".join(f'"{h}"' for h in header)
        db.execute(f"CREATE TABLE {table} ({columns})")
        marks = ", ".join("?" for _ in header)
        db.executemany(f"INSERT INTO {table} VALUES ({marks})",
                       [[c if c != "" else None for c in r] for r in rows[1:]])
    return db


def test_csv_has_neo4j_import_headers(exported: dict[str, Path]) -> None:
    nodes = (exported["csv"] / "nodes.csv").read_text(encoding="utf-8").splitlines()[0]
    rels = (exported["csv"] / "relationships.csv").read_text(encoding="utf-8").splitlines()[0]
    assert nodes.split(",")[0] == "id:ID" and ":LABEL" in nodes.split(",")
    assert rels.split(",")[:3] == [":START_ID", ":END_ID", ":TYPE"]
    for field in nodes.split(",") + rels.split(","):
        assert NEO4J_HEADER.fullmatch(field), field


def test_csv_loads_into_sqlite_with_every_node_and_edge(exported: dict[str, Path],
                                                        expected: nx.MultiDiGraph) -> None:
    db = load_sqlite((exported["csv"] / "nodes.csv").read_text(encoding="utf-8"),
                     (exported["csv"] / "relationships.csv").read_text(encoding="utf-8"))
    assert db.execute("SELECT COUNT(*) FROM nodes").fetchone()[0] == expected.number_of_nodes()
    assert db.execute("SELECT COUNT(*) FROM rels").fetchone()[0] == expected.number_of_edges()
    dangling = db.execute('SELECT COUNT(*) FROM rels WHERE ":START_ID" NOT IN '
                          '(SELECT "id:ID" FROM nodes) OR ":END_ID" NOT IN '
                          '(SELECT "id:ID" FROM nodes)').fetchone()[0]
    assert dangling == 0
    types = {t for (t,) in db.execute('SELECT DISTINCT ":TYPE" FROM rels')}
    assert {"SUPPORTS", "MENTIONS"} <= types and all(re.fullmatch(r"[A-Z_]+", t) for t in types)
    label, = db.execute('SELECT ":LABEL" FROM nodes WHERE "id:ID" = ?',
                        ("entity/vladimir-putin",)).fetchone()
    assert label.split(";") == ["Entity", "Person"]


def test_csv_to_standard_output_is_a_zip_of_the_same_files(exported: dict[str, Path],
                                                          corpus_build: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "kg.cli", "export", "--graph",
                           str(corpus_build), "--format", "csv"], capture_output=True,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr
    with zipfile.ZipFile(io.BytesIO(proc.stdout)) as archive:
        assert sorted(archive.namelist()) == ["nodes.csv", "relationships.csv"]
        for name in archive.namelist():
            assert archive.read(name) == (exported["csv"] / name).read_bytes()


# --- where the output goes ----------------------------------------------------------------

def test_standard_output_when_there_is_no_out(exported: dict[str, Path], corpus_build: Path,
                                              capsysbinary: pytest.CaptureFixture) -> None:
    assert main(["export", "--graph", str(corpus_build), "--format", "nt"]) == 0
    assert capsysbinary.readouterr().out == exported["nt"].read_bytes()


def test_out_replaces_a_file_whole_and_leaves_nothing_behind(corpus_build: Path,
                                                             tmp_path: Path) -> None:
    out = tmp_path / "graph.ttl"
    out.write_text("old", encoding="utf-8")
    assert main(["export", "--graph", str(corpus_build), "--format", "ttl", "--out",
                 str(out)]) == 0
    assert rdflib.Graph().parse(out, format="turtle")
    assert [p.name for p in tmp_path.iterdir()] == ["graph.ttl"]
    # a failed export leaves the previous file as it was
    assert main(["export", "--graph", str(tmp_path / "missing"), "--format", "ttl", "--out",
                 str(out)]) == 2
    assert out.read_bytes().startswith(b"@prefix")
    assert [p.name for p in tmp_path.iterdir()] == ["graph.ttl"]
