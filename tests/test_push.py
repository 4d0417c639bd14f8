"""`kg push` into a real Virtuoso (Debian's virtuoso-opensource) started on loopback by the test:
the triples read back are the build's, a re-push never duplicates, a removed article's
graph goes, and both the Graph Store Protocol and SPARQL Update work."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import time
from collections import Counter
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from kg.cli import main

VIRTUOSO = shutil.which("virtuoso-t")
pytestmark = pytest.mark.skipif(
    VIRTUOSO is None, reason="virtuoso-t not installed (make system-deps installs it)")
GRAPHS = "https://w3id.org/usru-kg/resource/graph/"
XSD = "http://www.w3.org/2001/XMLSchema#"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


INI = """\
[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
Striping = 0
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
Striping = 0
[Parameters]
ServerPort = 127.0.0.1:{sql}
DisableUnixSocket = 1
CheckpointInterval = 0
CaseMode = 2
DirsAllowed = ., {d}
NumberOfBuffers = 20000
MaxDirtyBuffers = 15000
[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerRoot = {d}
ServerThreads = 4
Charset = UTF-8
[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 120
"""


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A Virtuoso server in the foreground, its database in a temporary folder; its base URL.
    Stopped (terminated, then killed if it lingers) whatever the tests do."""
    import httpx

    folder = tmp_path_factory.mktemp("virtuoso")
    http = _free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(INI.format(d=folder, sql=_free_port(), http=http), encoding="utf-8")
    log = (folder / "stdout.log").open("wb")
    proc = subprocess.Popen([VIRTUOSO, "+foreground", "+configfile", str(ini)], cwd=folder,
                            stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{http}"
    try:
        deadline = time.monotonic() + 90
        while True:
            if proc.poll() is not None:
                pytest.fail("virtuoso-t exited: "
                            + (folder / "stdout.log").read_text(errors="replace")[-2000:])
            try:
                if httpx.get(f"{base}/sparql", params={"query": "ASK {}"}, timeout=2
                             ).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("virtuoso-t did not answer within 90 s")
            time.sleep(0.5)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


def _select(base: str, query: str) -> list[dict]:
    import httpx

    r = httpx.get(f"{base}/sparql", params={"query": query},
                  headers={"Accept": "application/sparql-results+json"}, timeout=120)
    r.raise_for_status()
    return r.json()["results"]["bindings"]


def _remote_counts(base: str) -> Counter:
    rows = _select(base, f"""SELECT ?g (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }}
        FILTER(STRSTARTS(STR(?g), "{GRAPHS}")) }} GROUP BY ?g""")
    return Counter({r["g"]["value"]: int(r["n"]["value"]) for r in rows})


def _local_counts(out: Path) -> Counter:
    from kg.store import open_store

    return Counter(q.graph_name.value for q in open_store(out))


def _term(value: dict) -> tuple:
    """A result term in a comparable form: Virtuoso writes decimals canonically (0.85 for
    0.850) and drops xsd:string, so literals compare by value where the datatype says so."""
    kind = value["type"]
    if kind == "uri":
        return ("iri", value["value"])
    if kind == "bnode":
        return ("bnode",)
    dt = value.get("datatype", "")
    if dt in (XSD + "decimal", XSD + "double", XSD + "float"):
        return ("num", Decimal(value["value"]).normalize())
    if dt == XSD + "integer":
        return ("num", Decimal(int(value["value"])))
    if dt == XSD + "boolean":
        return ("bool", value["value"] in ("true", "1"))
    return ("lit", value["value"], value.get("xml:lang", ""),
            "" if dt == XSD + "string" else dt)


def _local_triples(out: Path) -> Counter:
    from kg.store import open_store

    def term(t: object) -> tuple:
        import pyoxigraph as ox

        if isinstance(t, ox.NamedNode):
            return _term({"type": "uri", "value": t.value})
        if isinstance(t, ox.BlankNode):
            return _term({"type": "bnode", "value": t.value})
        assert isinstance(t, ox.Literal)
        v = {"type": "literal", "value": t.value}
        if t.language:  # rdf:langString, which SPARQL results leave unsaid
            v["xml:lang"] = t.language
        else:
            v["datatype"] = t.datatype.value
        return _term(v)

    return Counter((q.graph_name.value, term(q.subject), term(q.predicate), term(q.object))
                   for q in open_store(out) if not q.graph_name.value.endswith("/ontology"))


def _remote_triples(base: str) -> Counter:
    rows = _select(base, f"""SELECT ?g ?s ?p ?o WHERE {{ GRAPH ?g {{ ?s ?p ?o }}
        FILTER(STRSTARTS(STR(?g), "{GRAPHS}") && ?g != <{GRAPHS}ontology>) }}""")
    return Counter((r["g"]["value"], _term(r["s"]), _term(r["p"]), _term(r["o"]))
                   for r in rows)


@pytest.fixture()
def out(corpus_build: Path, tmp_path: Path) -> Path:
    """A copy of the corpus build (graph, store and cache), to push and to rebuild."""
    copy = tmp_path / "out"
    shutil.copytree(corpus_build, copy)
    return copy


def test_push_gsp_reads_back_the_same_triples_and_never_duplicates(
    virtuoso: str, out: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    endpoint = f"{virtuoso}/sparql-graph-crud-auth"
    env = {"KG_PUSH_PASSWORD": "dba"}
    os.environ.update(env)
    try:
        assert main(["push", str(out), "--endpoint", endpoint, "--user", "dba"]) == 0
        first = capsys.readouterr().out
        local = _local_counts(out)
        assert f"{len(local)} graphs replaced" in first
        assert _remote_counts(virtuoso) == local
        assert _remote_triples(virtuoso) == _local_triples(out)
        docs = [g for g in local if "/graph/doc/" in g]
        assert len(docs) == 5

        # again: nothing changed, nothing sent; with --full everything replaced, no duplicate
        assert main(["push", str(out), "--endpoint", endpoint, "--user", "dba"]) == 0
        assert "0 graphs replaced" in capsys.readouterr().out
        assert main(["push", str(out), "--endpoint", endpoint, "--user", "dba", "--full"]) == 0
        assert f"{len(local)} graphs replaced" in capsys.readouterr().out
        assert _remote_counts(virtuoso) == local

        # an article removed and the corpus rebuilt: its graph goes, the rest follows
        src = out.parent / "src"
        shutil.copytree(Path(__file__).resolve().parents[1] / "corpus", src)
        gone = sorted(src.iterdir())[1]
        gone.unlink()
        assert main(["build", str(src), "--out", str(out), "-q", "--no-page"]) == 0
        assert main(["push", str(out), "--endpoint", endpoint, "--user", "dba"]) == 0
        summary = capsys.readouterr().out
        assert int(re.search(r"(\d+) dropped", summary)[1]) >= 1, summary
        remote = _remote_counts(virtuoso)
        assert remote == _local_counts(out)
        assert not [g for g in remote if g.endswith("/doc/" + gone.stem)]
        assert _remote_triples(virtuoso) == _local_triples(out)
    finally:
        os.environ.pop("KG_PUSH_PASSWORD", None)


def test_push_with_sparql_update(virtuoso: str, out: Path,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    endpoint = f"{virtuoso}/sparql-auth"
    args = ["push", "--graph", str(out / "graph.ttl"), "--endpoint", endpoint, "--protocol",
            "update", "--user", "dba", "--password", "dba", "--full"]
    assert main(args) == 0  # --graph: the build's graph.ttl stands for its folder
    assert main(args) == 0  # replaced, not added twice
    assert _remote_counts(virtuoso) == _local_counts(out)
    assert _remote_triples(virtuoso) == _local_triples(out)


def test_push_errors_are_one_line(virtuoso: str, out: Path, tmp_path: Path,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    endpoint = f"{virtuoso}/sparql-graph-crud-auth"
    assert main(["push", str(out), "--endpoint", endpoint, "--user", "dba",
                 "--password", "wrong", "--full"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and endpoint in err[0] and "401" in err[0]
    assert main(["push", str(tmp_path / "nothing"), "--endpoint", endpoint]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "kg build" in err[0]
