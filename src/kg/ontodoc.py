"""The ontology's reference for users: `ontology/kg.ttl` → Markdown (docs/ontology.md).

Run `python -m kg.ontodoc ontology/kg.ttl docs/ontology.md`; a test keeps the shipped file
in step with the ontology.
"""

from __future__ import annotations

import sys
from pathlib import Path

from rdflib import OWL, RDF, RDFS, Graph, URIRef

KG = "https://w3id.org/usru-kg/ontology#"


def _name(g: Graph, term: object) -> str:
    text = str(term)
    if text.startswith(KG):
        return f"kg:{text[len(KG):]}"
    for prefix, ns in g.namespaces():
        if prefix and text.startswith(str(ns)):
            return f"{prefix}:{text[len(str(ns)):]}"
    return f"<{text}>"


def _anchor(g: Graph, term: object) -> str:
    name = _name(g, term)
    if name.startswith("kg:"):
        return f"[{name}](#{name[3:].lower()})"
    return f"`{name}`"


def render(g: Graph) -> str:
    """The Markdown reference of an ontology graph (deterministic)."""
    def text(s: URIRef, p: URIRef) -> str:
        return " ".join(str(g.value(s, p) or "").split())

    out = ["# The kg ontology", "",
           "Generated from `ontology/kg.ttl` by `python -m kg.ontodoc`; do not edit by hand.", ""]
    onto = next(iter(g.subjects(RDF.type, OWL.Ontology)), None)
    if onto is not None:
        from rdflib.namespace import DCTERMS

        out += [text(onto, DCTERMS.description), "",
                f"Namespace: `{KG}` (prefix `kg:`), version {text(onto, OWL.versionInfo)}.", ""]
    classes = sorted({c for c in g.subjects(RDF.type, OWL.Class) if str(c).startswith(KG)})
    out += ["## Classes", "", "| class | subclass of | meaning |", "| --- | --- | --- |"]
    for c in classes:
        parents = ", ".join(_anchor(g, p) for p in sorted(g.objects(c, RDFS.subClassOf)))
        out.append(f"| <a id=\"{str(c)[len(KG):].lower()}\"></a>**{_name(g, c)}** "
                   f"| {parents} | {text(c, RDFS.comment)} |")
    individuals = sorted(set(g.subjects(RDF.type, OWL.NamedIndividual)))
    out += ["", "## Values", "", "| value | of | meaning |", "| --- | --- | --- |"]
    for i in individuals:
        kinds = ", ".join(_anchor(g, t) for t in sorted(g.objects(i, RDF.type))
                          if t != OWL.NamedIndividual)
        out.append(f"| **{_name(g, i)}** | {kinds} | {text(i, RDFS.comment)} |")
    relation_types = sorted(g.subjects(RDF.type, URIRef(KG + "RelationType")))
    out += ["", "## Relation types", "",
            "Each is the value of `kg:relationType` on a `kg:Relation` and the predicate of "
            "the direct triple.", "", "| type | domain | range | meaning |",
            "| --- | --- | --- | --- |"]
    for r in relation_types:
        dom, rng = g.value(r, RDFS.domain), g.value(r, RDFS.range)
        out.append(f"| **{_name(g, r)}** | {_anchor(g, dom) if dom else ''} "
                   f"| {_anchor(g, rng) if rng else ''} | {text(r, RDFS.comment)} |")
    props = sorted((set(g.subjects(RDF.type, OWL.ObjectProperty))
                    | set(g.subjects(RDF.type, OWL.DatatypeProperty))) - set(relation_types))
    out += ["", "## Properties", "", "| property | domain | range | meaning |",
            "| --- | --- | --- | --- |"]
    for p in props:
        dom, rng = g.value(p, RDFS.domain), g.value(p, RDFS.range)
        out.append(f"| **{_name(g, p)}** | {_anchor(g, dom) if dom else ''} "
                   f"| {_anchor(g, rng) if rng else ''} | {text(p, RDFS.comment)} |")
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    source, target = (Path(a) for a in (args + ["ontology/kg.ttl", "docs/ontology.md"])[:2])
    g = Graph()
    g.parse(source, format="turtle")
    target.write_text(render(g), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
