"""The ontology's reference for users: `ontology/kg.ttl` → Markdown (`docs/ontology.md`).

The Turtle file is the single source of truth; users read the Markdown. Regenerate after
every change to the ontology:

    .venv/bin/python -m kg.ontodoc ontology/kg.ttl docs/ontology.md

(`--check` exits 1 instead of writing when the file is out of date). A test keeps the
shipped file in step with the ontology. The output is deterministic: terms are sorted.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rdflib import Graph
    from rdflib.term import Node

KG = "https://w3id.org/usru-kg/ontology#"
#: The entity classes the evaluation scores (../shared/eval/CONTRACT.md), marked in the tree.
SCORED = ("Person", "State", "Organization", "Treaty", "Forum", "Event", "Topic")
#: Prefixes used in the reference for terms outside kg: (namespaces bound in the file win).
_PREFIXES = {
    "http://www.w3.org/ns/prov#": "prov",
    "http://purl.org/dc/terms/": "dcterms",
    "http://www.w3.org/2004/02/skos/core#": "skos",
    "http://www.w3.org/2002/07/owl#": "owl",
    "http://www.w3.org/2000/01/rdf-schema#": "rdfs",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#": "rdf",
    "http://www.w3.org/2001/XMLSchema#": "xsd",
}


class _Doc:
    """Helpers over one ontology graph: names, links and texts of its terms."""

    def __init__(self, g: Graph) -> None:
        self.g = g
        self.prefixes = dict(_PREFIXES)
        for prefix, ns in g.namespaces():
            if prefix and str(ns) != KG:
                self.prefixes.setdefault(str(ns), prefix)

    def name(self, term: Node) -> str:
        text = str(term)
        if text.startswith(KG):
            return f"kg:{text[len(KG):]}"
        for ns, prefix in self.prefixes.items():
            if text.startswith(ns):
                return f"{prefix}:{text[len(ns):]}"
        return f"<{text}>"

    def ours(self, term: Node) -> bool:
        return str(term).startswith(KG)

    def anchor_id(self, term: Node) -> str:
        """The HTML id of a kg: term's row; classes and properties may share a name
        (kg:Evidence, kg:evidence), so properties and values get a prefix."""
        from rdflib import OWL, RDF

        local = str(term)[len(KG):].lower()
        types = set(self.g.objects(term, RDF.type))
        if OWL.Class in types:
            return local
        if types & {OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty}:
            return f"prop-{local}"
        return f"value-{local}"

    def link(self, term: Node | None) -> str:
        """A term as Markdown: a link to its row for kg: terms, unions spelled out."""
        from rdflib import OWL, BNode
        from rdflib.collection import Collection

        if term is None:
            return ""
        if isinstance(term, BNode):
            members = self.g.value(term, OWL.unionOf)
            if members is not None:
                return " or ".join(self.link(m) for m in Collection(self.g, members))
            return "(anonymous class)"
        name = self.name(term)
        if self.ours(term):
            return f"[{name}](#{self.anchor_id(term)})"
        return f"`{name}`"

    def text(self, term: Node, prop: Node) -> str:
        """A literal value on one line, with `|` escaped for Markdown tables."""
        return " ".join(str(self.g.value(term, prop) or "").split()).replace("|", "\\|")

    def anchor(self, term: Node) -> str:
        return f'<a id="{self.anchor_id(term)}"></a>**{self.name(term)}**'


def _hierarchy(d: _Doc, classes: list[Node]) -> list[str]:
    """The kg: class tree as a nested Markdown list; outside superclasses in parentheses."""
    from rdflib import RDFS

    children: dict[Node, list[Node]] = {c: [] for c in classes}
    roots = []
    for c in classes:
        parents = [p for p in d.g.objects(c, RDFS.subClassOf) if p in children]
        for p in parents:
            children[p].append(c)
        if not parents:
            roots.append(c)
    lines: list[str] = []

    def scored(c: Node) -> bool:
        return d.name(c)[3:] in SCORED or any(scored(child) for child in children[c])

    def walk(c: Node, depth: int) -> None:
        outside = sorted(d.name(p) for p in d.g.objects(c, RDFS.subClassOf)
                         if p not in children)
        note = f" (a {', '.join(f'`{o}`' for o in outside)})" if outside else ""
        mark = " — *scored entity class*" if d.name(c)[3:] in SCORED else ""
        lines.append(f"{'  ' * depth}- {d.link(c)} — {d.text(c, RDFS.label)}{note}{mark}")
        for child in sorted(children[c]):
            walk(child, depth + 1)

    # the entity classes first, then documents, statements and values
    for root in sorted(roots, key=lambda c: (not scored(c), str(c))):
        walk(root, 0)
    return lines


def render(g: Graph) -> str:
    """The Markdown reference of an ontology graph (deterministic)."""
    from rdflib import OWL, RDF, RDFS, URIRef
    from rdflib.namespace import DCTERMS

    d = _Doc(g)
    out = ["# The kg ontology", "",
           "<!-- Generated from ontology/kg.ttl by `python -m kg.ontodoc "
           "ontology/kg.ttl docs/ontology.md`; do not edit by hand. -->", ""]
    onto = next(iter(g.subjects(RDF.type, OWL.Ontology)), None)
    if onto is not None:
        out += [f"**{d.text(onto, DCTERMS.title)}**", "",
                d.text(onto, DCTERMS.description), "", d.text(onto, RDFS.comment), "",
                f"- Ontology IRI: `{onto}`, version {d.text(onto, OWL.versionInfo)}",
                f"- Namespace: `{KG}` (prefix `kg:`); resources of a graph are under "
                "`https://w3id.org/usru-kg/resource/` (prefix `kgr:`)",
                "- The graph `kg build` writes: [graph-model.md](graph-model.md); the SHACL "
                "shapes a graph must satisfy: `ontology/shapes.ttl` (`kg validate`)", ""]

    classes = sorted(c for c in g.subjects(RDF.type, OWL.Class) if d.ours(c))
    out += ["## Class hierarchy", "", *_hierarchy(d, classes), ""]
    out += ["## Classes", "", "| class | label | subclass of | meaning |",
            "| --- | --- | --- | --- |"]
    for c in classes:
        parents = ", ".join(d.link(p) for p in sorted(g.objects(c, RDFS.subClassOf)))
        out.append(f"| {d.anchor(c)} | {d.text(c, RDFS.label)} | {parents} "
                   f"| {d.text(c, RDFS.comment)} |")

    individuals = sorted(i for i in g.subjects(RDF.type, OWL.NamedIndividual) if d.ours(i))
    out += ["", "## Values", "", "Individuals used as the value of a property.", "",
            "| value | label | of class | meaning |", "| --- | --- | --- | --- |"]
    for i in individuals:
        kinds = ", ".join(d.link(t) for t in sorted(g.objects(i, RDF.type))
                          if t != OWL.NamedIndividual)
        out.append(f"| {d.anchor(i)} | {d.text(i, RDFS.label)} | {kinds} "
                   f"| {d.text(i, RDFS.comment)} |")

    relation_types = sorted(g.subjects(RDF.type, URIRef(KG + "RelationType")))
    out += ["", "## Relation types", "",
            "Each is the value of `kg:relationType` on a `kg:Relation` (or "
            "`kg:UnassertedRelation`) and, for an asserted relation, the predicate of the "
            "direct triple `subject type object`.", "",
            "| type | label | subject | object | meaning |",
            "| --- | --- | --- | --- | --- |"]
    for r in relation_types:
        symmetric = " *(symmetric)*" if (r, RDF.type, OWL.SymmetricProperty) in g else ""
        out.append(f"| {d.anchor(r)}{symmetric} | {d.text(r, RDFS.label)} "
                   f"| {d.link(g.value(r, RDFS.domain))} | {d.link(g.value(r, RDFS.range))} "
                   f"| {d.text(r, RDFS.comment)} |")

    kinds = {OWL.ObjectProperty: "object", OWL.DatatypeProperty: "datatype",
             OWL.AnnotationProperty: "annotation"}
    props = sorted({p for k in kinds for p in g.subjects(RDF.type, k) if d.ours(p)}
                   - set(relation_types))
    out += ["", "## Properties", "",
            "| property | label | kind | domain | range | meaning |",
            "| --- | --- | --- | --- | --- | --- |"]
    for p in props:
        kind = next((v for k, v in kinds.items() if (p, RDF.type, k) in g), "")
        out.append(f"| {d.anchor(p)} | {d.text(p, RDFS.label)} | {kind} "
                   f"| {d.link(g.value(p, RDFS.domain))} | {d.link(g.value(p, RDFS.range))} "
                   f"| {d.text(p, RDFS.comment)} |")

    reused = sorted({t for t in g.subjects(RDFS.isDefinedBy, None) if not d.ours(t)},
                    key=d.name)
    if reused:
        out += ["", "## Reused terms", "",
                "Terms of other vocabularies the graphs use, as defined there; kg only "
                "says how it uses them. Entities also link to Wikidata with `owl:sameAs` "
                "(`<http://www.wikidata.org/entity/Q…>`) and carry their canonical name in "
                "`rdfs:label`.", "",
                "| term | defined by | how kg uses it |", "| --- | --- | --- |"]
        for t in reused:
            out.append(f"| `{d.name(t)}` | <{g.value(t, RDFS.isDefinedBy)}> "
                       f"| {d.text(t, RDFS.comment)} |")
    return "\n".join(out) + "\n"


def generate(source: Path) -> str:
    """The Markdown reference of an ontology file."""
    from rdflib import Graph

    g = Graph()
    g.parse(str(source), format="turtle")
    return render(g)


def main(argv: list[str] | None = None) -> int:
    """Write (or with --check, compare) the reference; exit 1 when --check finds it stale."""
    parser = argparse.ArgumentParser(
        prog="python -m kg.ontodoc",
        description="Generate the Markdown reference of the kg ontology.",
        epilog="example: python -m kg.ontodoc ontology/kg.ttl docs/ontology.md")
    parser.add_argument("source", nargs="?", type=Path, default=Path("ontology/kg.ttl"),
                        help="the ontology, Turtle (default: ontology/kg.ttl)")
    parser.add_argument("target", nargs="?", type=Path, default=Path("docs/ontology.md"),
                        help="the Markdown file to write (default: docs/ontology.md)")
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 if the target is not up to date")
    args = parser.parse_args(argv)
    text = generate(args.source)
    if args.check:
        current = args.target.read_text(encoding="utf-8") if args.target.is_file() else ""
        if current != text:
            print(f"{args.target} is out of date: run python -m kg.ontodoc "
                  f"{args.source} {args.target}", file=sys.stderr)
            return 1
        return 0
    args.target.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
