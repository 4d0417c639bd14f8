"""SHACL validation of a graph against `ontology/shapes.ttl`, reported in plain words.

`kg build` validates what it wrote and refuses to replace the previous output with a graph
that breaks a shape; `kg validate` checks any graph file. pySHACL's own report is an RDF
graph that few users can read, so it is turned into one line per problem:

    kgr:relation/1a2b3c4d5e6f kg:evidence: a relation needs at least one evidence sentence ...

rdflib and pySHACL are imported inside the functions: `kg --help` must stay fast.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from kg.config import ontology_dir

if TYPE_CHECKING:
    from rdflib import Graph

#: Namespaces shortened in reports: the prefixes the built graph binds (graph.ttl shows
#: entities as kge:russia and documents as kgd:000_01fb6fb18f6b5fd0), longest first.
_SHORT = {
    "https://w3id.org/usru-kg/resource/entity/": "kge:",
    "https://w3id.org/usru-kg/resource/doc/": "kgd:",
    "https://w3id.org/usru-kg/resource/": "kgr:",
    "https://w3id.org/usru-kg/ontology#": "kg:",
    "http://www.wikidata.org/entity/": "wd:",
    "http://purl.org/dc/terms/": "dcterms:",
    "http://www.w3.org/ns/prov#": "prov:",
    "http://www.w3.org/2000/01/rdf-schema#": "rdfs:",
    "http://www.w3.org/2004/02/skos/core#": "skos:",
    "http://www.w3.org/2002/07/owl#": "owl:",
    "http://www.w3.org/2001/XMLSchema#": "xsd:",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#": "rdf:",
}
_MAX_VALUE = 80


class GraphReadError(Exception):
    """A graph or shapes file that cannot be read; the message names the file, on one line."""

    def __init__(self, path: str | Path, reason: str) -> None:
        self.path = str(path)
        self.reason = " ".join(reason.split())[:300]
        super().__init__(f"{self.path}: {self.reason}")


@dataclass(frozen=True)
class Violation:
    """One failed constraint: which node, which property, what is wrong (and the bad value)."""

    focus: str
    path: str
    message: str
    severity: str = "Violation"  # "Violation", "Warning" or "Info"
    value: str | None = None

    def format(self) -> str:
        """One line: `focus path: message (value: ...)`, warnings marked as such."""
        where = f"{self.focus} {self.path}".strip()
        value = f" (value: {self.value})" if self.value and self.value != self.focus else ""
        mark = "" if self.severity == "Violation" else f"{self.severity.lower()}: "
        return f"{mark}{where}: {self.message}{value}"


@dataclass
class ValidationReport:
    """The outcome of a validation: does the graph conform, and if not, why."""

    conforms: bool
    violations: list[Violation] = field(default_factory=list)

    @property
    def errors(self) -> list[Violation]:
        """The results that make the graph non-conforming (severity Violation)."""
        return [v for v in self.violations if v.severity == "Violation"]

    @property
    def warnings(self) -> list[Violation]:
        """Results reported but tolerated (severity Warning or Info)."""
        return [v for v in self.violations if v.severity != "Violation"]

    def format(self) -> str:
        """One line per violation, then a summary line."""
        lines = [v.format() for v in self.violations]
        warned = _count(len(self.warnings), "warning")
        if self.conforms:
            extra = f" ({warned})" if self.warnings else ""
            lines.append(f"OK: the graph conforms to the shapes{extra}")
        else:
            errors = self.errors
            nodes = _count(len({v.focus for v in errors}), "node")
            extra = f", and {warned}" if self.warnings else ""
            lines.append(f"FAILED: {_count(len(errors), 'violation')} on {nodes}{extra}: "
                         "the graph does not conform to the shapes")
        return "\n".join(lines)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def short(term: object) -> str:
    """A readable name for an RDF term: prefixed IRIs, quoted strings, plain numbers."""
    from rdflib import BNode, Literal

    if term is None:
        return ""
    if isinstance(term, BNode):
        return "[blank node]"
    if isinstance(term, Literal):
        text = str(term)
        if len(text) > _MAX_VALUE:
            text = text[: _MAX_VALUE - 1] + "…"
        if term.language:
            return f'"{text}"@{term.language}'
        datatype = str(term.datatype or "")
        if datatype.endswith(("#integer", "#decimal", "#boolean", "#double")):
            return text
        if term.datatype is None or datatype.endswith("#string"):
            return f'"{text}"'
        return f'"{text}"^^{short(term.datatype)}'
    text = str(term)
    for long, prefix in _SHORT.items():
        if text.startswith(long):
            return prefix + text[len(long):]
    return f"<{text}>"


def _read(source: str | Path, what: str) -> Graph:
    """Parse an RDF file (format from its extension, Turtle by default)."""
    from rdflib import Graph
    from rdflib.util import guess_format

    path = Path(source)
    if not path.is_file():
        raise GraphReadError(path, f"no such {what} file")
    g = Graph()
    try:
        g.parse(str(path), format=guess_format(str(path)) or "turtle")
    except Exception as exc:  # noqa: BLE001 - any parser error means "cannot read this file"
        raise GraphReadError(path, f"cannot read the {what}: {exc}") from exc
    return g


def validate(graph: Graph | str | Path, shapes: Path | None = None,
             ontology: Path | None = None) -> ValidationReport:
    """Check a graph (or an RDF file) against the SHACL shapes, with the ontology's classes.

    `shapes` defaults to `ontology/shapes.ttl`; `ontology` overrides the ontology folder
    (see `kg.config.ontology_dir`). `kg.ttl` is given to pySHACL as the ontology graph, so
    that a `kg:Legislature` is targeted as a `kg:Organization` without any inference on the
    data. Raises `GraphReadError` when the graph or the shapes cannot be read.
    """
    import pyshacl
    from rdflib import Graph, Namespace
    from rdflib.namespace import RDF

    folder = ontology_dir(ontology)
    data = graph if isinstance(graph, Graph) else _read(graph, "graph")
    shapes_graph = _read(shapes or folder / "shapes.ttl", "shapes")
    ont = _read(folder / "kg.ttl", "ontology") if (folder / "kg.ttl").is_file() else Graph()
    conforms, results, _ = pyshacl.validate(
        data, shacl_graph=shapes_graph, ont_graph=ont, inference="none",
        allow_warnings=True, advanced=False)
    sh = Namespace("http://www.w3.org/ns/shacl#")
    violations = []
    # top-level results only: the nested ones (sh:detail, from sh:node and sh:or) repeat
    # what their parent says in pySHACL's own words
    for report in results.subjects(RDF.type, sh.ValidationReport):
        violations += [_violation(results, r) for r in results.objects(report, sh.result)]
    violations.sort(key=lambda v: (v.severity != "Violation", v.focus, v.path, v.message))
    return ValidationReport(bool(conforms), violations)


def _path(results: Graph, path: object) -> str:
    """A SHACL property path in SPARQL syntax: `kg:evidence/prov:wasQuotedFrom`."""
    from rdflib import BNode, Namespace
    from rdflib.collection import Collection

    sh = Namespace("http://www.w3.org/ns/shacl#")
    if not isinstance(path, BNode):
        return short(path)
    if results.value(path, sh.inversePath) is not None:
        return "^" + _path(results, results.value(path, sh.inversePath))
    for prop, mark in ((sh.zeroOrMorePath, "*"), (sh.oneOrMorePath, "+"),
                       (sh.zeroOrOnePath, "?")):
        if results.value(path, prop) is not None:
            return _path(results, results.value(path, prop)) + mark
    if results.value(path, sh.alternativePath) is not None:
        items = Collection(results, results.value(path, sh.alternativePath))
        return "(" + "|".join(_path(results, i) for i in items) + ")"
    return "/".join(_path(results, i) for i in Collection(results, path))


def _violation(results: Graph, result: object) -> Violation:
    """One sh:ValidationResult of pySHACL's report as a `Violation`."""
    from rdflib import Namespace

    sh = Namespace("http://www.w3.org/ns/shacl#")
    severity = str(results.value(result, sh.resultSeverity) or sh.Violation)
    return Violation(
        focus=short(results.value(result, sh.focusNode)),
        path=_path(results, results.value(result, sh.resultPath)),
        message=str(results.value(result, sh.resultMessage) or "breaks a shape"),
        severity=severity.rsplit("#", 1)[-1],
        value=short(results.value(result, sh.value)) or None,
    )
