"""The ontology (ontology/kg.ttl), its SHACL shapes, `kg validate`, and the generated reference.

The valid graph is tests/fixtures/mini_graph.ttl (what `kg build` writes for two corpus
articles); the broken graphs are that graph with one thing changed, and each must fail with
the plain-words message a user would need to fix it.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from rdflib import OWL, RDF, RDFS, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, XSD

from kg.cli import main
from kg.ontodoc import generate
from kg.validate import GraphReadError, ValidationReport, validate

ROOT = Path(__file__).resolve().parents[1]
ONTOLOGY = ROOT / "ontology" / "kg.ttl"
SHAPES = ROOT / "ontology" / "shapes.ttl"
MINI = ROOT / "tests" / "fixtures" / "mini_graph.ttl"
KG = Namespace("https://w3id.org/usru-kg/ontology#")
KGR = Namespace("https://w3id.org/usru-kg/resource/")
SCORED = ("Person", "State", "Organization", "Treaty", "Forum", "Event", "Topic")
RELATION_TYPES = ("meetsWith", "cooperatesWith", "sanctions", "signs", "memberOf", "partyTo",
                  "chairs", "leads")
#: Every kg: property docs/graph-model.md uses.
MODEL_PROPERTIES = (
    "fileName", "mentions", "relationType", "subject", "object", "holder", "target",
    "polarity", "modality", "negated", "attributedTo", "ploverCategory", "goldstein",
    "confidence", "evidenceCount", "evidence", "sentence", "startOffset", "endOffset", "rule",
    "inDocument", "refersTo", "surface", "count", "origin", "authorRole",
)

MEETING = KGR["relation/2559852642d3"]
SANCTIONS = KGR["relation/734e0c2c2313"]
IVANOV_STANCE = KGR["stance/101761138ae2"]
MEETING_EVIDENCE = KGR["evidence/000_01fb6fb18f6b5fd0/3726-3821/2559852642d3"]
DOC = KGR["doc/000_01fb6fb18f6b5fd0"]


@pytest.fixture(scope="module")
def ontology() -> Graph:
    g = Graph()
    g.parse(ONTOLOGY, format="turtle")
    return g


def _mini() -> Graph:
    g = Graph()
    g.parse(MINI, format="turtle")
    return g


def _terms(g: Graph) -> set[URIRef]:
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty,
             OWL.NamedIndividual)
    return {t for k in kinds for t in g.subjects(RDF.type, k) if isinstance(t, URIRef)}


# ---------------------------------------------------------------- the ontology


def test_ontology_and_shapes_parse(ontology: Graph) -> None:
    onto = URIRef("https://w3id.org/usru-kg/ontology")
    assert (onto, RDF.type, OWL.Ontology) in ontology
    assert ontology.value(onto, OWL.versionInfo) is not None
    assert ontology.value(onto, DCTERMS.title) is not None
    assert ontology.value(onto, DCTERMS.description) is not None
    shapes = Graph()
    shapes.parse(SHAPES, format="turtle")
    assert len(shapes) > 200
    # only the ontology and the shapes are Turtle files directly in ontology/
    assert sorted(p.name for p in (ROOT / "ontology").glob("*.ttl")) == ["kg.ttl", "shapes.ttl"]


def test_every_shape_constraint_says_what_is_wrong_in_words() -> None:
    sh = Namespace("http://www.w3.org/ns/shacl#")
    shapes = Graph()
    shapes.parse(SHAPES, format="turtle")
    constrained = set(shapes.subjects(sh.path, None)) | set(shapes.objects(None, sh.sparql))
    constrained |= set(shapes.subjects(sh.nodeKind, None))
    assert len(constrained) > 70
    for shape in constrained:
        message = shapes.value(shape, sh.message)
        assert message is not None and len(str(message)) > 15, shapes.value(shape, sh.path)


def test_every_term_has_an_english_label_and_comment(ontology: Graph) -> None:
    terms = _terms(ontology)
    assert len(terms) > 60
    for term in terms:
        labels = [lbl for lbl in ontology.objects(term, RDFS.label) if lbl.language == "en"]
        comments = [c for c in ontology.objects(term, RDFS.comment) if c.language == "en"]
        assert labels, f"{term} has no rdfs:label@en"
        assert comments and len(str(comments[0])) > 20, f"{term} has no useful rdfs:comment@en"


def test_the_required_classes_individuals_and_properties_exist(ontology: Graph) -> None:
    for cls in ("Actor", *SCORED, "Legislature", "GovernmentBody", "InternationalOrganization",
                "ThinkTank", "NewsOutlet", "PoliticalParty", "Document", "Mention",
                "Occurrence", "Evidence", "Statement", "Relation", "UnassertedRelation",
                "Stance", "UnassertedStance", "Polarity", "Modality", "RelationType"):
        assert (KG[cls], RDF.type, OWL.Class) in ontology, cls
    for value, cls in (("Support", "Polarity"), ("Oppose", "Polarity"), ("Asserted", "Modality"),
                       ("Normative", "Modality"), ("Possible", "Modality"),
                       ("Hypothetical", "Modality"), ("Future", "Modality")):
        assert (KG[value], RDF.type, KG[cls]) in ontology, value
    for name in RELATION_TYPES:  # OWL 2 punning: property of the direct triple, and a value
        assert (KG[name], RDF.type, OWL.ObjectProperty) in ontology, name
        assert (KG[name], RDF.type, KG.RelationType) in ontology, name
    for name in ("meetsWith", "cooperatesWith"):
        assert (KG[name], RDF.type, OWL.SymmetricProperty) in ontology
    for cls in ("Document", "Evidence"):
        assert (KG[cls], RDFS.subClassOf, PROV.Entity) in ontology


@pytest.mark.parametrize("name", MODEL_PROPERTIES)
def test_every_graph_model_property_has_domain_range_label_comment(
        ontology: Graph, name: str) -> None:
    prop = KG[name]
    assert {OWL.ObjectProperty, OWL.DatatypeProperty} & set(ontology.objects(prop, RDF.type))
    for p in (RDFS.domain, RDFS.range, RDFS.label, RDFS.comment):
        assert ontology.value(prop, p) is not None, f"kg:{name} lacks {p}"


def test_every_kg_term_of_the_graph_model_is_in_the_ontology(ontology: Graph) -> None:
    text = (ROOT / "docs" / "graph-model.md").read_text(encoding="utf-8")
    used = set(re.findall(r"\bkg:([A-Za-z]+)", text))
    assert set(MODEL_PROPERTIES) <= used
    declared = {str(t)[len(str(KG)):] for t in _terms(ontology) if str(t).startswith(str(KG))}
    assert used <= declared, used - declared


@pytest.mark.parametrize(("sub", "top"), [
    ("Legislature", "Organization"), ("GovernmentBody", "Organization"),
    ("InternationalOrganization", "Organization"), ("ThinkTank", "Organization"),
    ("NewsOutlet", "Organization"), ("PoliticalParty", "Organization"),
    *[(cls, cls) for cls in SCORED],
])
def test_an_instance_of_a_subclass_is_scored_as_its_class(sub: str, top: str) -> None:
    """What the scorer does: load ontology/*.ttl beside the graph, follow rdfs:subClassOf*."""
    g = Graph()
    for ttl in sorted((ROOT / "ontology").glob("*.ttl")):
        g.parse(ttl, format="turtle")
    g.add((KGR["entity/x"], RDF.type, KG[sub]))
    found = {str(row.c) for row in g.query(
        "SELECT ?c WHERE { ?e a/rdfs:subClassOf* ?c }", initNs={"rdfs": RDFS},
        initBindings={"e": KGR["entity/x"]})}
    assert str(KG[top]) in found
    # exactly one of the seven scored classes, whatever the subclass
    assert len(found & {str(KG[c]) for c in SCORED}) == 1


def test_documents_statements_and_values_are_no_scored_entities(ontology: Graph) -> None:
    for cls in ("Document", "Mention", "Occurrence", "Evidence", "Statement", "Relation",
                "UnassertedRelation", "Stance", "UnassertedStance", "Polarity", "Modality",
                "RelationType", "Actor"):
        for top in SCORED:
            assert not ontology.query(
                f"ASK {{ <{KG[cls]}> <{RDFS.subClassOf}>* <{KG[top]}> }}").askAnswer, cls


def test_every_gazetteer_class_is_in_the_ontology(ontology: Graph) -> None:
    from kg.gazetteer import CLASSES

    for cls in CLASSES:
        assert (KG[cls], RDF.type, OWL.Class) in ontology, cls


# ---------------------------------------------------------------- the fixture and the shapes


def test_the_mini_graph_conforms() -> None:
    report = validate(MINI)
    assert report.conforms, report.format()
    assert report.violations == []
    assert report.format() == "OK: the graph conforms to the shapes"


def test_the_mini_graph_has_what_it_promises() -> None:
    g = _mini()
    assert len(set(g.subjects(RDF.type, KG.Document))) == 2
    assert len({e for c in SCORED for e in g.subjects(RDF.type, KG[c])}) == 8
    assert len(set(g.subjects(RDF.type, KG.Relation))) == 2
    assert len(set(g.subjects(RDF.type, KG.Stance))) == 3
    assert (KGR["entity/vladimir-putin"], KG.meetsWith, KGR["entity/donald-trump"]) in g
    assert (KGR["entity/united-states"], KG.sanctions, KGR["entity/russia"]) in g
    anonymous = g.value(KGR["doc/003_75f37cc66b80f13e"], DCTERMS.creator)
    assert (anonymous, RDF.type, PROV.Agent) in g and g.value(anonymous, RDFS.label) is None


def test_the_mini_graph_offsets_point_into_the_corpus() -> None:
    g = _mini()
    texts = {d: (ROOT / "corpus" / str(g.value(d, KG.fileName))).read_text(encoding="utf-8")
             for d in g.subjects(RDF.type, KG.Document)}
    checked = 0
    for node, doc_prop, text_prop in [
            *((m, KG.inDocument, KG.surface) for m in g.subjects(RDF.type, KG.Mention)),
            *((e, PROV.wasQuotedFrom, KG.sentence) for e in g.subjects(RDF.type, KG.Evidence))]:
        start, end = int(g.value(node, KG.startOffset)), int(g.value(node, KG.endOffset))
        assert texts[g.value(node, doc_prop)][start:end] == str(g.value(node, text_prop)), node
        checked += 1
    assert checked == 22


def test_an_organization_subclass_is_checked_as_an_entity() -> None:
    g = _mini()
    g.set((KGR["entity/russia"], RDF.type, KG.Legislature))
    assert validate(g).conforms
    g.remove((KGR["entity/russia"], RDFS.label, None))
    report = validate(g)
    assert not report.conforms
    assert ("kge:russia rdfs:label: an entity needs exactly one rdfs:label"
            in report.format())


Change = Callable[[Graph], object]
BROKEN: list[tuple[str, Change, str]] = [
    ("relation without evidence",
     lambda g: g.remove((MEETING, KG.evidence, None)),
     "kgr:relation/2559852642d3 kg:evidence: a relation needs at least one evidence sentence"),
    ("stance with polarity kg:Maybe",
     lambda g: g.set((IVANOV_STANCE, KG.polarity, KG.Maybe)),
     "kgr:stance/101761138ae2 kg:polarity: a stance's kg:polarity is kg:Support or kg:Oppose "
     "(value: kg:Maybe)"),
    ("evidence with start > end",
     lambda g: g.set((MEETING_EVIDENCE, KG.startOffset, Literal(3900))),
     "kgr:evidence/000_01fb6fb18f6b5fd0/3726-3821/2559852642d3 kg:startOffset: "
     "kg:startOffset must be less than kg:endOffset"),
    ("document with two creators",
     lambda g: g.add((DOC, DCTERMS.creator, KGR["entity/vladimir-putin"])),
     "kgd:000_01fb6fb18f6b5fd0 dcterms:creator: a document needs exactly one dcterms:creator"),
    ("relation whose subject is no entity",
     lambda g: g.set((SANCTIONS, KG.subject, KGR["entity/nobody"])),
     "kgr:relation/734e0c2c2313 kg:subject: the kg:subject of a relation is an entity typed"),
    ("relation of an unknown type",
     lambda g: g.set((SANCTIONS, KG.relationType, KG.likes)),
     "kg:relationType is one of kg:meetsWith, kg:cooperatesWith"),
    ("asserted relation without its direct triple",
     lambda g: g.remove((KGR["entity/united-states"], KG.sanctions, None)),
     "kgr:relation/734e0c2c2313 kg:relationType: a kg:Relation needs its direct triple"),
    ("kg:Relation that is only possible",
     lambda g: g.set((SANCTIONS, KG.modality, KG.Possible)),
     "with any other modality it is a kg:UnassertedRelation (value: kg:Possible)"),
    ("stance without a document",
     lambda g: g.remove((IVANOV_STANCE, PROV.wasDerivedFrom, None)),
     "kgr:stance/101761138ae2 prov:wasDerivedFrom: a stance needs at least one "
     "prov:wasDerivedFrom"),
    ("confidence above 1",
     lambda g: g.set((MEETING, KG.confidence, Literal("1.5", datatype=XSD.decimal))),
     "kg:confidence is a decimal number between 0 and 1"),
    ("sameAs to Wikipedia",
     lambda g: g.add((KGR["entity/russia"], OWL.sameAs,
                      URIRef("https://en.wikipedia.org/wiki/Russia"))),
     "kge:russia owl:sameAs: owl:sameAs links an entity to its Wikidata item"),
    ("date as a plain string",
     lambda g: g.set((DOC, DCTERMS.date, Literal("2017-08-03"))),
     "dcterms:date is a date typed xsd:date"),
    ("source URL as a string",
     lambda g: g.set((DOC, DCTERMS.source, Literal("https://example.org/a"))),
     "dcterms:source is the article's URL written as an IRI"),
    ("evidence from a document the statement does not list",
     lambda g: g.set((MEETING_EVIDENCE, PROV.wasQuotedFrom, KGR["doc/003_75f37cc66b80f13e"])),
     "kgr:relation/2559852642d3 kg:evidence/prov:wasQuotedFrom: the documents a statement's "
     "evidence is quoted from"),
    ("mention of an unknown entity",
     lambda g: g.set((KGR["mention/000_01fb6fb18f6b5fd0/119-130"], KG.refersTo,
                      KGR["entity/nobody"])),
     "kg:refersTo points to an entity typed"),
]


@pytest.mark.parametrize(("change", "expected"), [(c, e) for _, c, e in BROKEN],
                         ids=[name for name, _, _ in BROKEN])
def test_a_broken_graph_fails_with_a_readable_message(change: Change, expected: str) -> None:
    g = _mini()
    change(g)
    report = validate(g)
    assert not report.conforms
    text = report.format()
    assert expected in text, text
    lines = text.splitlines()
    assert len(lines) == len(report.violations) + 1
    assert lines[-1].startswith("FAILED: ") and "violation" in lines[-1]
    assert "http" not in lines[0].split(":", 1)[0]  # the focus node is shortened


def test_a_warning_is_reported_but_the_graph_conforms() -> None:
    g = _mini()
    g.set((KGR["entity/russia"], KG.origin, Literal("coreference")))
    report = validate(g)
    assert report.conforms
    assert [v.severity for v in report.violations] == ["Warning"]
    assert report.warnings == report.violations and report.errors == []
    assert report.format().splitlines() == [
        'warning: kge:russia kg:origin: kg:origin is usually "gazetteer", "ner" or "metadata"; '
        'document a new origin in ontology/kg.ttl (value: "coreference")',
        "OK: the graph conforms to the shapes (1 warning)",
    ]


def test_a_violation_has_its_parts() -> None:
    g = _mini()
    g.set((IVANOV_STANCE, KG.polarity, KG.Maybe))
    (v,) = validate(g).violations
    assert (v.focus, v.path, v.severity, v.value) == (
        "kgr:stance/101761138ae2", "kg:polarity", "Violation", "kg:Maybe")
    assert v.message == "a stance's kg:polarity is kg:Support or kg:Oppose"


def test_validate_takes_a_graph_a_path_or_a_string(tmp_path: Path) -> None:
    for source in (_mini(), MINI, str(MINI)):
        assert isinstance(validate(source), ValidationReport)
        assert validate(source).conforms
    with pytest.raises(GraphReadError, match="no such graph file"):
        validate(tmp_path / "missing.ttl")
    bad = tmp_path / "bad.ttl"
    bad.write_text("kg:x kg:y", encoding="utf-8")
    with pytest.raises(GraphReadError) as info:
        validate(bad)
    assert str(bad) in str(info.value) and "\n" not in str(info.value)


def test_validate_with_another_ontology_folder(tmp_path: Path) -> None:
    folder = tmp_path / "ontology"
    folder.mkdir()
    shutil.copy(ONTOLOGY, folder / "kg.ttl")
    (folder / "shapes.ttl").write_text(
        SHAPES.read_text(encoding="utf-8") + """
kgsh:TitleShape a sh:NodeShape ; sh:targetClass kg:Document ;
    sh:property [ sh:path dcterms:title ; sh:minCount 1 ;
                  sh:message "this project wants a title on every document" ] .
""", encoding="utf-8")
    g = _mini()
    assert validate(g).conforms
    g.remove((DOC, DCTERMS.title, None))
    assert validate(g).conforms
    report = validate(g, ontology=folder)
    assert "kgd:000_01fb6fb18f6b5fd0 dcterms:title: this project wants a title" in report.format()


def test_the_built_corpus_graph_conforms(corpus_build: Path) -> None:
    report = validate(corpus_build / "graph.ttl")
    assert report.conforms, report.format()


# ---------------------------------------------------------------- kg validate


def test_validate_command_exit_codes_and_report(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(MINI)]) == 0
    assert capsys.readouterr().out == "OK: the graph conforms to the shapes\n"

    bad = tmp_path / "bad.ttl"
    bad.write_text(MINI.read_text(encoding="utf-8").replace(
        "kg:polarity kg:Oppose", "kg:polarity kg:Maybe"), encoding="utf-8")
    assert main(["validate", str(bad)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out == [
        "kgr:stance/101761138ae2 kg:polarity: a stance's kg:polarity is kg:Support or "
        "kg:Oppose (value: kg:Maybe)",
        "FAILED: 1 violation on 1 node: the graph does not conform to the shapes",
    ]

    broken = tmp_path / "broken.ttl"
    broken.write_text("this is not turtle", encoding="utf-8")
    assert main(["validate", str(broken)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert len(captured.err.strip().splitlines()) == 1
    assert str(broken) in captured.err and "cannot read the graph" in captured.err

    missing = tmp_path / "missing.ttl"
    assert main(["validate", str(missing)]) == 2
    err = capsys.readouterr().err
    assert str(missing) in err and "kg build" in err and len(err.strip().splitlines()) == 1


def test_validate_command_with_other_shapes(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text("""\
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix kg: <https://w3id.org/usru-kg/ontology#> .
[] a sh:NodeShape ; sh:targetClass kg:Stance ;
   sh:property [ sh:path kg:polarity ; sh:in ( kg:Support ) ;
                 sh:message "only support here" ] .
""", encoding="utf-8")
    assert main(["validate", str(MINI), "--shapes", str(shapes)]) == 1
    assert "kgr:stance/101761138ae2 kg:polarity: only support here" in capsys.readouterr().out
    assert main(["validate", str(MINI), "--shapes", str(tmp_path / "none.ttl")]) == 2
    assert "no such shapes file" in capsys.readouterr().err


def test_validate_command_defaults_to_output_graph(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["validate"]) == 2
    assert "output/graph.ttl" in capsys.readouterr().err
    (tmp_path / "output").mkdir()
    shutil.copy(MINI, tmp_path / "output" / "graph.ttl")
    assert main(["validate"]) == 0


def test_validate_help_has_an_example(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["validate", "--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    assert "kg validate other/graph.ttl --shapes" in out and "exit status" in out


# ---------------------------------------------------------------- docs/ontology.md


def test_the_ontology_reference_is_up_to_date() -> None:
    shipped = (ROOT / "docs" / "ontology.md").read_text(encoding="utf-8")
    assert shipped == generate(ONTOLOGY), (
        "docs/ontology.md is stale: run .venv/bin/python -m kg.ontodoc "
        "ontology/kg.ttl docs/ontology.md")


def test_the_ontology_reference_covers_every_term(ontology: Graph) -> None:
    text = generate(ONTOLOGY)
    for term in _terms(ontology):
        name = str(term).replace(str(KG), "kg:")
        if name.startswith("kg:"):
            assert f"**{name}**" in text, name
    for heading in ("## Class hierarchy", "## Classes", "## Values", "## Relation types",
                    "## Properties", "## Reused terms"):
        assert heading in text
    # every in-page link has its anchor
    anchors = set(re.findall(r'<a id="([^"]+)"></a>', text))
    assert set(re.findall(r"\]\(#([^)]+)\)", text)) <= anchors
    assert len(anchors) == text.count('<a id="')  # no anchor twice


def test_ontodoc_check(tmp_path: Path) -> None:
    from kg.ontodoc import main as ontodoc

    target = tmp_path / "ontology.md"
    assert ontodoc([str(ONTOLOGY), str(target), "--check"]) == 1
    assert ontodoc([str(ONTOLOGY), str(target)]) == 0
    assert ontodoc([str(ONTOLOGY), str(target), "--check"]) == 0


def test_validate_takes_graph_option_and_a_build_folder(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "graph.ttl").write_bytes(MINI.read_bytes())
    assert main(["validate", "--graph", str(MINI)]) == 0
    assert main(["validate", "--graph", str(folder)]) == 0
    assert main(["validate", "--graph", str(tmp_path / "nothing")]) == 2
    assert "kg build" in capsys.readouterr().err
