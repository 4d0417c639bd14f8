"""SHACL validation of a built graph (ontology/shapes.ttl), reported in plain words.

`kg build` validates what it wrote and refuses to replace the previous output with a graph
that breaks a shape; `kg validate` checks any graph file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from kg.config import ontology_dir

if TYPE_CHECKING:
    from rdflib import Graph

_SHORT = {
    "https://w3id.org/usru-kg/ontology#": "kg:",
    "https://w3id.org/usru-kg/resource/entity/": "kge:",
    "https://w3id.org/usru-kg/resource/doc/": "kgd:",
    "https://w3id.org/usru-kg/resource/": "kgr:",
    "http://purl.org/dc/terms/": "dcterms:",
    "http://www.w3.org/ns/prov#": "prov:",
    "http://www.w3.org/2000/01/rdf-schema#": "rdfs:",
    "http://www.w3.org/2002/07/owl#": "owl:",
}


@dataclass(frozen=True)
class Violation:
    focus: str
    path: str
    message: str
    severity: str
    value: str | None = None

    def format(self) -> str:
        value = f" (value: {self.value})" if self.value else ""
        return f"{self.focus} {self.path}: {self.message}{value}"


@dataclass
class ValidationReport:
    conforms: bool
    violations: list[Violation] = field(default_factory=list)

    def format(self) -> str:
        """One line per violation, then a summary line."""
        lines = [v.format() for v in self.violations]
        if self.conforms:
            lines.append("the graph conforms to the shapes")
        else:
            lines.append(f"{len(self.violations)} violation(s) of the shapes")
        return "\n".join(lines)


def short(term: object) -> str:
    text = str(term)
    for long, prefix in _SHORT.items():
        if text.startswith(long):
            return prefix + text[len(long):]
    return text


def validate(graph: Graph | str | Path, shapes: Path | None = None,
             ontology: Path | None = None) -> ValidationReport:
    """Check a graph (or a Turtle file) against the shapes, with the ontology's classes."""
    import pyshacl
    from rdflib import Graph, Namespace
    from rdflib.namespace import RDF

    folder = ontology_dir(ontology)
    if not isinstance(graph, Graph):
        data = Graph()
        data.parse(str(graph), format="turtle")
        graph = data
    shapes_graph = Graph()
    shapes_graph.parse(str(shapes or folder / "shapes.ttl"), format="turtle")
    ont = Graph()
    if (folder / "kg.ttl").exists():
        ont.parse(str(folder / "kg.ttl"), format="turtle")
    conforms, results, _ = pyshacl.validate(graph, shacl_graph=shapes_graph, ont_graph=ont,
                                            inference="none", advanced=True)
    sh = Namespace("http://www.w3.org/ns/shacl#")
    violations = []
    for result in results.subjects(RDF.type, sh.ValidationResult):
        value = results.value(result, sh.value)
        violations.append(Violation(
            focus=short(results.value(result, sh.focusNode)),
            path=short(results.value(result, sh.resultPath) or ""),
            message=str(results.value(result, sh.resultMessage) or "breaks a shape"),
            severity=short(results.value(result, sh.resultSeverity)).rsplit("#", 1)[-1],
            value=short(value) if value is not None else None,
        ))
    violations.sort(key=lambda v: (v.focus, v.path, v.message))
    return ValidationReport(bool(conforms), violations)
