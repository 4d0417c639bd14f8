"""The Python API for notebooks: kg.load(path) and what the loaded graph can do."""

from __future__ import annotations

import shutil
from pathlib import Path

import networkx as nx
import pytest
import rdflib

import kg
from kg.sparql.errors import GraphError, QuerySyntaxError, ServiceRefused, UpdateRefused

KGE = "https://w3id.org/usru-kg/resource/entity/"


@pytest.fixture(scope="module")
def graph(corpus_build: Path) -> kg.KnowledgeGraph:
    return kg.load(corpus_build)


def test_load_takes_the_folder_the_file_or_the_store(corpus_build: Path, tmp_path: Path,
                                                    graph: kg.KnowledgeGraph) -> None:
    alone = tmp_path / "graph.ttl"
    shutil.copy(corpus_build / "graph.ttl", alone)
    for path in (corpus_build / "graph.ttl", corpus_build / "graph.oxigraph", alone):
        assert len(kg.load(path)) == len(graph) > 1000
    with pytest.raises(GraphError, match="missing"):
        kg.load(tmp_path / "missing")


def test_in_memory_answers_the_same_and_outlives_the_build(corpus_build: Path,
                                                         tmp_path: Path,
                                                         graph: kg.KnowledgeGraph) -> None:
    build = tmp_path / "build"
    shutil.copytree(corpus_build, build)
    memory = kg.load(build, in_memory=True)
    shutil.rmtree(build)  # a rebuild may replace the folder while a server holds the copy
    assert len(memory) == len(graph)
    for name in ("stances", "documents", "entities"):
        assert memory.named(name) == graph.named(name)
    assert memory.query("ASK { ?x a/rdfs:subClassOf* kg:Actor }")  # the ontology came along


def test_query_gives_rows_as_dicts_of_python_values(graph: kg.KnowledgeGraph) -> None:
    rows = graph.query("""SELECT ?e ?label ?n ?confidence ?none WHERE {
        VALUES ?e { kge:russia }
        ?e rdfs:label ?label ; kg:confidence ?confidence .
        { SELECT ?e (COUNT(?d) AS ?n) WHERE { ?d kg:mentions ?e } GROUP BY ?e }
        OPTIONAL { ?e kg:noSuchProperty ?none } }""")
    assert rows == [{"e": KGE + "russia", "label": "Russia", "n": rows[0]["n"],
                     "confidence": rows[0]["confidence"], "none": None}]
    assert isinstance(rows[0]["n"], int) and rows[0]["n"] >= 1
    assert isinstance(rows[0]["confidence"], float)


def test_ask_and_construct(graph: kg.KnowledgeGraph) -> None:
    assert graph.query("ASK { kge:russia a kg:State }") is True
    assert graph.query("ASK { kge:russia a kg:Person }") is False
    built = graph.query("CONSTRUCT WHERE { kge:russia rdfs:label ?l }")
    assert isinstance(built, rdflib.Graph)
    assert (rdflib.URIRef(KGE + "russia"), rdflib.RDFS.label,
            rdflib.Literal("Russia", lang="en")) in built


def test_the_ontology_is_there_for_subclass_paths(graph: kg.KnowledgeGraph) -> None:
    rows = graph.query("SELECT ?x WHERE { ?x a/rdfs:subClassOf* kg:Actor }")
    assert {KGE + "vladimir-putin", KGE + "russia"} <= {r["x"] for r in rows}


def test_what_kg_serve_refuses_the_api_refuses(graph: kg.KnowledgeGraph) -> None:
    with pytest.raises(UpdateRefused):
        graph.query("INSERT DATA { kge:a kge:b kge:c }")
    with pytest.raises(ServiceRefused):
        graph.query("SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")
    with pytest.raises(QuerySyntaxError) as error:
        graph.query("SELECT ?x WHERE {\n  ?x a foo:Bar }")
    assert (error.value.line, error.value.column) == (2, 8)


def test_stances_of_a_holder_on_a_target(graph: kg.KnowledgeGraph) -> None:
    every = graph.stances()
    assert len(every) == len(graph.named("stances")) > 10
    putin = graph.stances(holder="Putin")  # an alias names the entity
    assert putin and all(r["holder"] == "Vladimir Putin" for r in putin)
    assert putin == graph.stances(holder="kge:vladimir-putin") == graph.stances(
        holder="vladimir-putin")
    assert putin == [r for r in every if r["holder"] == "Vladimir Putin"]
    target = putin[0]["target"]
    both = graph.stances(holder="Vladimir Putin", target=target)
    assert both == [r for r in putin if r["target"] == target]
    supports = graph.stances(holder="Putin", polarity="support")
    assert supports == [r for r in putin if r["polarity"] == "Support"]
    with pytest.raises(KeyError, match="no entity is called"):
        graph.stances(holder="Nobody At All")


def test_relations_and_their_evidence(graph: kg.KnowledgeGraph) -> None:
    meetings = graph.relations(type="meets with")
    assert meetings and all(r["type"] == "meetsWith" for r in meetings)
    assert meetings == graph.relations(type="meetsWith") == graph.relations(type="kg:meetsWith")
    sentences = graph.evidence(meetings[0]["relation"])
    assert sentences and all(s["sentence"] and s["end"] > s["start"] for s in sentences)


def test_entity_lookup(graph: kg.KnowledgeGraph) -> None:
    putin = graph.entity("Putin")
    assert putin is not None
    assert (putin["id"], putin["label"], putin["class"]) == ("vladimir-putin", "Vladimir Putin",
                                                           "Person")
    assert "Putin" in putin["aliases"] and putin["wikidata"] == "Q7747"
    assert graph.entity("Nobody At All") is None


def test_to_networkx_is_the_property_graph(graph: kg.KnowledgeGraph) -> None:
    g = graph.to_networkx()
    assert isinstance(g, nx.MultiDiGraph)
    assert g.nodes["entity/vladimir-putin"]["label"] == "Vladimir Putin"
    stance_edges = [a for _, _, a in g.edges(data=True) if a["class"] == "Stance"]
    assert len(stance_edges) == sum(1 for r in graph.stances() if r["asserted"])
    assert all(a["polarity"] in ("Support", "Oppose") and a["weight"] >= 1
               for a in stance_edges)
    actors = graph.to_networkx(documents=False)
    assert not any(a.get("class") == "Document" for _, a in actors.nodes(data=True))


def test_to_rdflib_holds_the_graph_without_the_ontology(graph: kg.KnowledgeGraph,
                                                        corpus_build: Path) -> None:
    source = rdflib.Graph().parse(corpus_build / "graph.ttl", format="turtle")
    assert len(graph.to_rdflib()) == len(source)


def test_as_frame_gives_a_dataframe(graph: kg.KnowledgeGraph) -> None:
    pd = pytest.importorskip("pandas")
    frame = graph.stances(holder="Putin", as_frame=True)
    assert isinstance(frame, pd.DataFrame) and list(frame["holder"].unique()) == [
        "Vladimir Putin"]
