"""`kg serve`: the real server in a subprocess, spoken to over HTTP by httpx and SPARQLWrapper.

SPARQL 1.1 Protocol (GET, POST form, POST application/sparql-query), content negotiation,
read-only (Update 4xx, SERVICE refused without any request leaving), the timeout and the
row limit, CORS, and the page at /.
"""

from __future__ import annotations

import csv
import io
import json
import socket
import sys
import time
import urllib.error
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import rdflib
from rdflib.query import Result
from SPARQLWrapper import CSV, JSON, JSONLD, POST, TSV, TURTLE, XML, SPARQLWrapper

sys.path.insert(0, str(Path(__file__).parent))
from sparql_server import running_server  # noqa: E402

LABEL = "SELECT ?label WHERE { kge:russia rdfs:label ?label }"
CONSTRUCT = "CONSTRUCT WHERE { kge:russia ?p ?o }"
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@pytest.fixture(scope="module")
def server(corpus_build: Path) -> Iterator[str]:
    with running_server(corpus_build, "--quiet") as url:
        yield url


@pytest.fixture(scope="module")
def strict(corpus_build: Path) -> Iterator[str]:
    """A server with a tiny row limit and a short timeout."""
    with running_server(corpus_build, "--quiet", "--limit", "3", "--timeout", "0.5") as url:
        yield url


def labels(doc: dict) -> list[str]:
    return [b["label"]["value"] for b in doc["results"]["bindings"]]


# --- the protocol -------------------------------------------------------------------------

def test_get(server: str) -> None:
    r = httpx.get(f"{server}/sparql", params={"query": LABEL})
    assert r.status_code == 200
    assert r.headers["content-type"] == "application/sparql-results+json"
    assert labels(r.json()) == ["Russia"]


def test_post_form(server: str) -> None:
    r = httpx.post(f"{server}/sparql", data={"query": LABEL})
    assert r.status_code == 200 and labels(r.json()) == ["Russia"]


def test_post_sparql_query(server: str) -> None:
    r = httpx.post(f"{server}/sparql", content=LABEL.encode(),
                   headers={"Content-Type": "application/sparql-query"})
    assert r.status_code == 200 and labels(r.json()) == ["Russia"]


@pytest.mark.parametrize("accept, media, parse", [
    ("application/sparql-results+json", "application/sparql-results+json", "json"),
    ("application/sparql-results+xml", "application/sparql-results+xml", "xml"),
    ("text/csv", "text/csv", "csv"),
    ("text/tab-separated-values", "text/tab-separated-values", "tsv"),
])
def test_select_results_by_content_negotiation(server: str, accept: str, media: str,
                                               parse: str) -> None:
    r = httpx.get(f"{server}/sparql", params={"query": LABEL}, headers={"Accept": accept})
    assert r.status_code == 200 and r.headers["content-type"].split(";")[0] == media
    rows = list(Result.parse(io.BytesIO(r.content), format=parse))
    assert [str(row[0]) for row in rows] == ["Russia"]


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # rdflib's own JSON-LD parser
@pytest.mark.parametrize("accept, syntax", [("text/turtle", "turtle"),
                                            ("application/ld+json", "json-ld")])
def test_graph_results_by_content_negotiation(server: str, accept: str, syntax: str) -> None:
    r = httpx.post(f"{server}/sparql", data={"query": CONSTRUCT}, headers={"Accept": accept})
    assert r.status_code == 200 and r.headers["content-type"].split(";")[0] == accept
    graph = rdflib.Graph().parse(data=r.content, format=syntax)
    assert (rdflib.URIRef("https://w3id.org/usru-kg/resource/entity/russia"), rdflib.RDFS.label,
            rdflib.Literal("Russia", lang="en")) in graph


def test_default_graph_uri_picks_one_documents_graph(server: str) -> None:
    from kg.sparql.prefixes import document_graph

    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s a kg:Document }"
    every = httpx.get(f"{server}/sparql", params={"query": count}).json()
    one = httpx.get(f"{server}/sparql", params={
        "query": count, "default-graph-uri": document_graph("000_01fb6fb18f6b5fd0")}).json()
    assert int(every["results"]["bindings"][0]["n"]["value"]) >= 5
    assert one["results"]["bindings"][0]["n"]["value"] == "1"


def test_an_unacceptable_type_is_406(server: str) -> None:
    r = httpx.get(f"{server}/sparql", params={"query": LABEL}, headers={"Accept": "image/png"})
    assert r.status_code == 406


def test_a_syntax_error_is_400_with_its_position(server: str) -> None:
    r = httpx.get(f"{server}/sparql", params={"query": "SELECT ?x WHERE {\n  ?x a foo:Bar }"})
    assert r.status_code == 400 and "line 2, column 8" in r.text


# --- SPARQLWrapper, a real SPARQL client --------------------------------------------------

@pytest.mark.parametrize("method", ["GET", POST])
def test_sparqlwrapper_select_in_every_format(server: str, method: str) -> None:
    client = SPARQLWrapper(f"{server}/sparql")
    client.setMethod(method)
    client.setQuery(LABEL)
    client.setReturnFormat(JSON)
    assert labels(client.queryAndConvert()) == ["Russia"]
    client.setReturnFormat(XML)
    xml = client.queryAndConvert()
    assert [n.firstChild.data for n in xml.getElementsByTagName("literal")] == ["Russia"]
    client.setReturnFormat(CSV)
    assert list(csv.reader(io.StringIO(client.queryAndConvert().decode()))) == [["label"],
                                                                              ["Russia"]]
    client.setReturnFormat(TSV)
    assert client.queryAndConvert().decode().splitlines() == ["?label", '"Russia"@en']


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_sparqlwrapper_construct_as_turtle_and_jsonld(server: str) -> None:
    client = SPARQLWrapper(f"{server}/sparql")
    client.setQuery(CONSTRUCT)
    client.setReturnFormat(TURTLE)
    turtle = rdflib.Graph().parse(data=client.queryAndConvert(), format="turtle")
    client.setReturnFormat(JSONLD)
    jsonld = client.queryAndConvert()
    assert len(turtle) == len(jsonld) > 5


# --- read-only ----------------------------------------------------------------------------

INSERT = "INSERT DATA { kge:a kge:b kge:c }"


def test_update_is_refused_every_way_it_can_be_sent(server: str) -> None:
    url = f"{server}/sparql"
    answers = [
        httpx.post(url, content=INSERT, headers={"Content-Type": "application/sparql-update"}),
        httpx.post(url, data={"update": INSERT}),
        httpx.get(url, params={"update": INSERT}),
        httpx.get(url, params={"query": INSERT}),
        httpx.post(url, data={"query": "PREFIX x: <http://x/>\nDELETE WHERE { ?s ?p ?o }"}),
    ]
    assert [r.status_code for r in answers] == [403] * len(answers)
    assert "read-only" in answers[0].text
    after = httpx.get(url, params={"query": "ASK { kge:a kge:b kge:c }"}).json()
    assert after["boolean"] is False


def test_sparqlwrapper_update_is_refused(server: str) -> None:
    client = SPARQLWrapper(f"{server}/sparql", updateEndpoint=f"{server}/sparql")
    client.setMethod(POST)
    client.setQuery(INSERT)
    with pytest.raises(urllib.error.HTTPError) as error:
        client.query()
    assert error.value.code == 403


def test_service_is_refused_and_nothing_is_fetched(server: str) -> None:
    with socket.socket() as trap:  # a "remote endpoint" that records any connection
        trap.bind(("127.0.0.1", 0))
        trap.listen()
        trap.settimeout(0.3)
        port = trap.getsockname()[1]
        query = f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}"
        r = httpx.get(f"{server}/sparql", params={"query": query})
        assert r.status_code == 400 and "SERVICE is refused" in r.text
        with pytest.raises(TimeoutError):
            trap.accept()


# --- limits -------------------------------------------------------------------------------

def test_the_row_limit_cuts_the_answer_and_says_so(strict: str) -> None:
    r = httpx.get(f"{strict}/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert r.status_code == 200 and len(r.json()["results"]["bindings"]) == 3
    assert r.headers["x-kg-truncated"] == "true" and r.headers["x-kg-row-limit"] == "3"
    graph = httpx.get(f"{strict}/sparql", params={"query": "CONSTRUCT WHERE { ?s ?p ?o }"})
    assert len(rdflib.Graph().parse(data=graph.content, format="turtle")) == 3
    small = httpx.get(f"{strict}/sparql", params={"query": LABEL})
    assert "x-kg-truncated" not in small.headers


def test_the_timeout_stops_a_runaway_query(strict: str) -> None:
    started = time.monotonic()
    r = httpx.get(f"{strict}/sparql", params={"query": RUNAWAY}, timeout=30)
    assert r.status_code == 503 and "timeout" in r.text
    assert time.monotonic() - started < 5
    assert httpx.get(f"{strict}/sparql", params={"query": LABEL}).status_code == 200


# --- browsers -----------------------------------------------------------------------------

def test_cors_headers_on_answers(server: str) -> None:
    r = httpx.get(f"{server}/sparql", params={"query": LABEL},
                  headers={"Origin": "https://yasgui.example"})
    assert r.headers["access-control-allow-origin"] == "*"
    refused = httpx.get(f"{server}/sparql", params={"update": INSERT},
                        headers={"Origin": "https://yasgui.example"})
    assert refused.headers["access-control-allow-origin"] == "*"


def test_cors_preflight(server: str) -> None:
    r = httpx.request("OPTIONS", f"{server}/sparql", headers={
        "Origin": "https://yasgui.example", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type, accept"})
    assert r.status_code == 204
    assert r.headers["access-control-allow-origin"] == "*"
    assert "POST" in r.headers["access-control-allow-methods"]
    assert "content-type" in r.headers["access-control-allow-headers"].lower()


def test_the_page_is_served_at_the_root(server: str, corpus_build: Path) -> None:
    r = httpx.get(f"{server}/")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert r.content == (corpus_build / "graph.html").read_bytes()


def test_the_endpoint_has_a_form_and_unknown_paths_are_404(server: str) -> None:
    form = httpx.get(f"{server}/sparql")
    assert form.status_code == 200 and "<form" in form.text and "stances" in form.text
    assert httpx.get(f"{server}/nothing-here").status_code == 404


def test_the_server_listens_on_loopback_only(server: str) -> None:
    port = int(server.rsplit(":", 1)[1])
    address = _outside_address()
    if address is None:
        pytest.skip("this machine has no address besides loopback")
    with socket.socket() as s, pytest.raises(OSError):
        s.settimeout(1)
        s.connect((address, port))


def _outside_address() -> str | None:
    """An IPv4 address of this machine that is not 127.x, if it has one."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.connect(("192.0.2.1", 9))  # no packet is sent: this only picks a route
            address = s.getsockname()[0]
        except OSError:
            return None
    return None if address.startswith("127.") or address == "0.0.0.0" else address


def test_json_answers_are_sparql_results_json(server: str) -> None:
    r = httpx.get(f"{server}/sparql", params={"query": "ASK { kge:russia a kg:State }"})
    assert json.loads(r.content) == {"head": {}, "boolean": True}


def test_in_memory_serves_the_same_answers(server: str, corpus_build: Path) -> None:
    query = {"query": "SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o"}
    with running_server(corpus_build, "--quiet", "--in-memory") as memory:
        for url in (server, memory):
            assert httpx.get(f"{url}/sparql", params={"query": "ASK { kge:russia ?p ?o }"}
                             ).json()["boolean"]
        answers = [httpx.get(f"{url}/sparql", params=query, headers={"Accept": "text/csv"},
                             timeout=60).text for url in (server, memory)]
    assert answers[0] == answers[1] and answers[0].count("\n") > 1000
