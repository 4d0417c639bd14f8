"""The ontology, its SHACL shapes, `kg validate`, and the generated reference."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import OWL, RDF, RDFS, Graph, Literal, Namespace, URIRef

from kg.cli import main
from kg.ontodoc import render
from kg.validate import validate

ROOT = Path(__file__).resolve().parents[1]
KG = Namespace("https://w3id.org/usru-kg/ontology#")
KGR = Namespace("https://w3id.org/usru-kg/resource/")
PREFIXES = """\
@prefix kg: <https://w3id.org/usru-kg/ontology#> .
@prefix kge: <https://w3id.org/usru-kg/resource/entity/> .
@prefix kgd: <https://w3id.org/usru-kg/resource/doc/> .
@prefix kgr: <https://w3id.org/usru-kg/resource/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""
VALID = PREFIXES + """
kgd:a a kg:Document ; kg:fileName "a.txt" ; dcterms:creator kge:jane-roe ;
    dcterms:date "2021-06-16"^^xsd:date ; kg:mentions kge:russia, kge:jane-roe .
kge:jane-roe a kg:Person ; rdfs:label "Jane Roe"@en .
kge:russia a kg:State ; rdfs:label "Russia"@en .
kge:sanctions a kg:Topic ; rdfs:label "sanctions"@en .
<https://w3id.org/usru-kg/resource/stance/1> a kg:Stance ; kg:holder kge:jane-roe ;
    kg:target kge:sanctions ; kg:polarity kg:Oppose ; kg:modality kg:Normative ;
    kg:negated false ; kg:confidence 0.7 ; kg:evidenceCount 1 ; prov:wasDerivedFrom kgd:a ;
    kg:evidence <https://w3id.org/usru-kg/resource/evidence/a/0-20/1> .
<https://w3id.org/usru-kg/resource/evidence/a/0-20/1> a kg:Evidence ;
    kg:sentence "Lift the sanctions." ; kg:startOffset 0 ; kg:endOffset 20 ;
    prov:wasQuotedFrom kgd:a ; kg:rule "stance.author-normative" ; kg:confidence 0.7 .
"""


def _graph(ttl: str) -> Graph:
    g = Graph()
    g.parse(data=ttl, format="turtle")
    return g


def test_ontology_and_shapes_parse_and_everything_is_documented() -> None:
    g = Graph()
    g.parse(ROOT / "ontology" / "kg.ttl")
    terms = set(g.subjects(RDF.type, OWL.Class)) | set(g.subjects(RDF.type, OWL.ObjectProperty))
    terms |= set(g.subjects(RDF.type, OWL.DatatypeProperty))
    assert len(terms) > 40
    for term in terms:
        assert g.value(term, RDFS.label) is not None, term
        assert len(str(g.value(term, RDFS.comment) or "")) > 15, term
    shapes = Graph()
    shapes.parse(ROOT / "ontology" / "shapes.ttl")
    assert len(shapes) > 100


def test_subclasses_chain_to_the_scored_classes() -> None:
    g = Graph()
    g.parse(ROOT / "ontology" / "kg.ttl")
    for sub, top in (("Legislature", "Organization"), ("NewsOutlet", "Organization"),
                     ("ThinkTank", "Organization"), ("Person", "Actor")):
        ask = g.query(f"ASK {{ <{KG[sub]}> <{RDFS.subClassOf}>* <{KG[top]}> }}")
        assert ask.askAnswer, sub
    # documents and statements are not entities of any scored class
    for cls in ("Document", "Stance", "Relation", "Evidence"):
        for top in ("Person", "State", "Organization", "Treaty", "Forum", "Event", "Topic"):
            assert not g.query(f"ASK {{ <{KG[cls]}> <{RDFS.subClassOf}>* <{KG[top]}> }}"
                               ).askAnswer


def test_every_gazetteer_class_is_in_the_ontology() -> None:
    from kg.gazetteer import CLASSES

    g = Graph()
    g.parse(ROOT / "ontology" / "kg.ttl")
    for cls in CLASSES:
        assert (KG[cls], RDF.type, OWL.Class) in g, cls


def test_valid_graph_conforms() -> None:
    report = validate(_graph(VALID))
    assert report.conforms, report.format()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda g: g.remove((KGR["stance/1"], KG.evidence, None)),
         "a statement needs at least one kg:evidence sentence"),
        (lambda g: g.set((KGR["stance/1"], KG.polarity, KG.Maybe)),
         "kg:polarity is kg:Support or kg:Oppose"),
        (lambda g: g.set((KGR["evidence/a/0-20/1"], KG.startOffset, Literal(30))),
         "before its kg:endOffset"),
        (lambda g: g.add((KGR["doc/a"], URIRef("http://purl.org/dc/terms/creator"),
                          KGR["entity/russia"])),
         "exactly one dcterms:creator"),
    ],
)
def test_broken_graphs_fail_with_readable_messages(change, message: str) -> None:
    g = _graph(VALID)
    change(g)
    report = validate(g)
    assert not report.conforms
    text = report.format()
    assert message in text
    assert "violation(s)" in text.splitlines()[-1]


def test_validate_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = tmp_path / "good.ttl"
    good.write_text(VALID, encoding="utf-8")
    assert main(["validate", str(good)]) == 0
    assert "conforms" in capsys.readouterr().out
    bad = tmp_path / "bad.ttl"
    bad.write_text(VALID.replace("kg:polarity kg:Oppose", "kg:polarity kg:Maybe"),
                   encoding="utf-8")
    assert main(["validate", str(bad)]) == 1
    assert "kg:Support or kg:Oppose" in capsys.readouterr().out
    broken = tmp_path / "broken.ttl"
    broken.write_text("this is not turtle", encoding="utf-8")
    assert main(["validate", str(broken)]) == 2
    err = capsys.readouterr().err
    assert str(broken) in err and len(err.strip().splitlines()) == 1
    assert main(["validate", str(tmp_path / "missing.ttl")]) == 2


def test_the_built_corpus_graph_conforms(corpus_build: Path) -> None:
    assert validate(corpus_build / "graph.ttl").conforms


def test_the_ontology_reference_is_up_to_date() -> None:
    g = Graph()
    g.parse(ROOT / "ontology" / "kg.ttl")
    assert (ROOT / "docs" / "ontology.md").read_text(encoding="utf-8") == render(g)
