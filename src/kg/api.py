"""The graph in a notebook: `kg.load()` and a few helpers over rdflib.

    >>> import kg
    >>> g = kg.load("output/graph.ttl")
    >>> g.query("SELECT ?l WHERE { kge:russia rdfs:label ?l }")
    [{'l': 'Russia'}]
    >>> g.stances(holder="Putin", polarity="Oppose")      # labels or aliases name entities
    >>> g.query(open("q.rq").read(), as_frame=True)         # a pandas DataFrame
    >>> nx_graph = g.to_networkx()                         # actors as nodes, statements as edges

rdflib is what notebooks already have and what users extend; `kg query` and `kg serve`
use pyoxigraph for speed, timeouts and a row limit. Both load the same triples (the
graph and the ontology), predeclare the same prefixes and convert values the same way,
so the same query gives the same rows (tests/test_api.py checks that).
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.sparql.prefixes import KG, PREFIXES

if TYPE_CHECKING:
    import networkx as nx
    import rdflib

Row = dict[str, "str | int | float | bool | None"]

_STANCES = """
SELECT ?holder ?polarity ?target ?modality ?negated ?asserted ?evidence ?confidence ?stance
WHERE {
  %(values)s
  VALUES (?class ?asserted) { (kg:Stance true) (kg:UnassertedStance false) }
  ?stance a ?class ; kg:holder ?h ; kg:target ?t ; kg:polarity ?p ; kg:modality ?m ;
          kg:negated ?negated .
  OPTIONAL { ?stance kg:evidenceCount ?evidence }
  OPTIONAL { ?stance kg:confidence ?confidence }
  OPTIONAL { ?h rdfs:label ?holderLabel }
  OPTIONAL { ?t rdfs:label ?targetLabel }
  BIND(COALESCE(STR(?holderLabel),
                CONCAT("anonymous author of ", STRAFTER(STR(?h), "/author/anonymous/")))
       AS ?holder)
  BIND(COALESCE(STR(?targetLabel), STR(?t)) AS ?target)
  BIND(STRAFTER(STR(?p), "#") AS ?polarity)
  BIND(STRAFTER(STR(?m), "#") AS ?modality)
}
ORDER BY ?holder ?target ?polarity ?stance
"""

_RELATIONS = """
SELECT ?subject ?type ?object ?modality ?negated ?asserted ?evidence ?confidence ?goldstein
       ?relation
WHERE {
  %(values)s
  VALUES (?class ?asserted) { (kg:Relation true) (kg:UnassertedRelation false) }
  ?relation a ?class ; kg:relationType ?rt ; kg:subject ?s ; kg:object ?o ; kg:modality ?m ;
            kg:negated ?negated .
  OPTIONAL { ?relation kg:evidenceCount ?evidence }
  OPTIONAL { ?relation kg:confidence ?confidence }
  OPTIONAL { ?relation kg:goldstein ?goldstein }
  OPTIONAL { ?s rdfs:label ?subjectLabel }
  OPTIONAL { ?o rdfs:label ?objectLabel }
  BIND(COALESCE(STR(?subjectLabel), STR(?s)) AS ?subject)
  BIND(COALESCE(STR(?objectLabel), STR(?o)) AS ?object)
  BIND(STRAFTER(STR(?rt), "#") AS ?type)
  BIND(STRAFTER(STR(?m), "#") AS ?modality)
}
ORDER BY ?subject ?type ?object ?relation
"""

_EVIDENCE = """
SELECT ?file ?start ?end ?rule ?confidence ?sentence WHERE {
  VALUES ?statement { <%(iri)s> }
  ?statement kg:evidence ?e .
  ?e kg:sentence ?sentence ; kg:startOffset ?start ; kg:endOffset ?end ;
     prov:wasQuotedFrom/kg:fileName ?file .
  OPTIONAL { ?e kg:rule ?rule }
  OPTIONAL { ?e kg:confidence ?confidence }
} ORDER BY ?file ?start
"""


class UnknownEntity(KeyError):
    """A name that is no entity's label, alias, id or IRI."""

    def __str__(self) -> str:
        return f"no entity is called {self.args[0]!r} (by label, alias or id)"


def _value(term: Any) -> str | int | float | bool | None:
    """A Python value for an rdflib term, exactly as kg.sparql.results.python_value does."""
    from rdflib import BNode, Literal

    from kg.sparql.results import _FLOATS, _INTEGERS, XSD

    if term is None:
        return None
    if isinstance(term, BNode):
        return f"_:{term}"
    if isinstance(term, Literal):
        datatype = str(term.datatype) if term.datatype else ""
        text = str(term)
        try:
            if datatype in _INTEGERS:
                return int(text)
            if datatype in _FLOATS:
                return float(text)
            if datatype == XSD + "boolean":
                return text.strip() in ("true", "1")
        except ValueError:
            return text
        return text
    return str(term)


def _frame(rows: list[Row], columns: list[str]) -> Any:
    try:
        import pandas as pd
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError("as_frame=True needs pandas: pip install pandas") from exc
    return pd.DataFrame(rows, columns=columns)


class KnowledgeGraph:
    """A built graph (with the ontology) to query from Python.

    `graph` is the rdflib graph: the graph file's triples plus the ontology's, so that
    `rdfs:subClassOf*` works as it does in `kg query`.
    """

    def __init__(self, graph: rdflib.Graph, path: Path | None = None) -> None:
        self.graph = graph
        self.path = path
        self._names: dict[str, list[str]] | None = None

    def __len__(self) -> int:
        return len(self.graph)

    def __repr__(self) -> str:
        return f"<KnowledgeGraph {self.path or '(in memory)'}: {len(self.graph)} triples>"

    # --- SPARQL ---------------------------------------------------------------------------

    def query(self, sparql: str, *, as_frame: bool = False) -> Any:
        """Run a SPARQL query with the project's prefixes predeclared.

        SELECT gives a list of dicts (variable → str, int, float, bool or None; IRIs as
        strings) or, with `as_frame=True`, a pandas DataFrame; ASK gives a bool;
        CONSTRUCT and DESCRIBE give an rdflib Graph. Updates and SERVICE are refused
        (kg.sparql.engine.UpdateRefused, ServiceRefused), as `kg serve` refuses them; a
        syntax error is a kg.sparql.engine.QuerySyntaxError with line and column.
        """
        from kg.sparql.engine import QuerySyntaxError, check_query

        check_query(sparql)
        try:
            result = self.graph.query(sparql, initNs=PREFIXES)
        except Exception as exc:
            if type(exc).__name__ in ("ParseException", "ParseSyntaxException"):
                raise QuerySyntaxError(getattr(exc, "lineno", 1), getattr(exc, "col", 1),
                                       getattr(exc, "msg", str(exc))) from None
            raise
        if result.type == "ASK":
            return bool(result.askAnswer)
        if result.type in ("CONSTRUCT", "DESCRIBE"):
            return result.graph
        columns = [str(v) for v in result.vars or []]
        rows: list[Row] = [{c: _value(row[c]) for c in columns} for row in result]
        return _frame(rows, columns) if as_frame else rows

    def named(self, name: str, *, as_frame: bool = False) -> Any:
        """Run one of the project's named queries (`kg query --list`) by name."""
        from kg.sparql import named_queries, named_query

        found = named_query(name)
        if found is None:
            raise KeyError(f"no named query {name!r}; one of {', '.join(named_queries())}")
        return self.query(found.text, as_frame=as_frame)

    # --- entities -------------------------------------------------------------------------

    def _name_index(self) -> dict[str, list[str]]:
        """lower-cased label, alias or id → entity IRIs (labels first)."""
        if self._names is None:
            from rdflib import RDFS, URIRef
            from rdflib.namespace import SKOS

            index: dict[str, list[str]] = {}
            entity_ns = PREFIXES["kge"]
            for rank, predicate in enumerate((RDFS.label, SKOS.altLabel)):
                for s, o in sorted(self.graph.subject_objects(predicate)):
                    if isinstance(s, URIRef) and str(s).startswith(entity_ns):
                        index.setdefault(str(o).casefold(), []).append((rank, str(s)))
            for s in sorted(set(self.graph.subjects())):
                if isinstance(s, URIRef) and str(s).startswith(entity_ns):
                    index.setdefault(str(s)[len(entity_ns):].casefold(), []).append((2, str(s)))
            self._names = {k: list(dict.fromkeys(iri for _, iri in sorted(v)))
                           for k, v in index.items()}
        return self._names

    def resolve(self, name: str) -> str:
        """The IRI of an entity named by label ("Vladimir Putin"), alias ("Putin"), id
        ("vladimir-putin"), prefixed name ("kge:vladimir-putin") or IRI. UnknownEntity if none.
        """
        text = name.strip()
        if re.match(r"^[a-z][a-z0-9+.-]*://", text):
            return text
        prefix, _, local = text.partition(":")
        if local and prefix in PREFIXES and " " not in text:
            return PREFIXES[prefix] + local
        found = self._name_index().get(text.casefold())
        if not found:
            raise UnknownEntity(name)
        return found[0]

    def entity(self, name: str) -> dict[str, Any] | None:
        """An entity's IRI, label, class, aliases, Wikidata id and origin; None if unknown."""
        from rdflib import OWL, RDF, RDFS, URIRef
        from rdflib.namespace import SKOS

        try:
            iri = URIRef(self.resolve(name))
        except UnknownEntity:
            return None
        classes = sorted(str(c)[len(KG):] for c in self.graph.objects(iri, RDF.type)
                         if str(c).startswith(KG))
        if not classes and self.graph.value(iri, RDFS.label) is None:
            return None
        wikidata = [str(o) for o in self.graph.objects(iri, OWL.sameAs)
                    if str(o).startswith(PREFIXES["wd"])]
        label = self.graph.value(iri, RDFS.label)
        origin = self.graph.value(iri, URIRef(KG + "origin"))
        return {
            "iri": str(iri),
            "id": str(iri)[len(PREFIXES["kge"]):] if str(iri).startswith(PREFIXES["kge"])
            else str(iri),
            "label": str(label) if label is not None else None,
            "class": classes[0] if len(classes) == 1 else (classes or None),
            "aliases": sorted(str(a) for a in self.graph.objects(iri, SKOS.altLabel)),
            "wikidata": wikidata[0][len(PREFIXES["wd"]):] if wikidata else None,
            "origin": str(origin) if origin is not None else None,
        }

    # --- statements -----------------------------------------------------------------------

    def stances(self, holder: str | None = None, target: str | None = None,
                polarity: str | None = None, *, as_frame: bool = False) -> Any:
        """Stances, optionally of one holder, on one target, of one polarity (Support/Oppose).

        Holder and target are names as `resolve` takes them. Columns are those of the named
        query `stances`.
        """
        values = []
        if holder is not None:
            values.append(f"VALUES ?h {{ <{self.resolve(holder)}> }}")
        if target is not None:
            values.append(f"VALUES ?t {{ <{self.resolve(target)}> }}")
        if polarity is not None:
            wanted = {"support": "Support", "oppose": "Oppose"}.get(polarity.strip().casefold())
            if wanted is None:
                raise ValueError(f"polarity is Support or Oppose, not {polarity!r}")
            values.append(f"VALUES ?p {{ kg:{wanted} }}")
        return self.query(_STANCES % {"values": "\n  ".join(values)}, as_frame=as_frame)

    def relations(self, type: str | None = None, subject: str | None = None,  # noqa: A002
                  object: str | None = None, *, as_frame: bool = False) -> Any:  # noqa: A002
        """Relations, optionally of one type ("meetsWith", "meets with", "kg:meetsWith"),
        from one subject, to one object. Columns are those of the named query `relations`.
        """
        values = []
        if type is not None:
            local = type.strip().removeprefix("kg:").removeprefix(KG)
            parts = local.split()
            local = parts[0] + "".join(p[:1].upper() + p[1:] for p in parts[1:]) if parts else ""
            values.append(f"VALUES ?rt {{ <{KG}{local}> }}")
        if subject is not None:
            values.append(f"VALUES ?s {{ <{self.resolve(subject)}> }}")
        if object is not None:
            values.append(f"VALUES ?o {{ <{self.resolve(object)}> }}")
        return self.query(_RELATIONS % {"values": "\n  ".join(values)}, as_frame=as_frame)

    def evidence(self, statement: str, *, as_frame: bool = False) -> Any:
        """The sentences a statement (the `stance` or `relation` IRI of a row) was read from."""
        from kg.sparql.prefixes import KGR

        text = statement.strip()
        iri = KGR + text if text.startswith(("stance/", "relation/")) else self.resolve(text)
        if any(c in iri for c in '<>"{}|^`\\ '):
            raise ValueError(f"not an IRI: {statement!r}")
        return self.query(_EVIDENCE % {"iri": iri}, as_frame=as_frame)

    # --- networks -------------------------------------------------------------------------

    def to_networkx(self, *, documents: bool = True) -> nx.MultiDiGraph:
        """The property graph of `kg export --format graphml`: entities (and documents) as
        nodes with label, class, group, iri...; relations and stances as edges with type,
        polarity, modality, weight (evidence count), confidence, sentence...
        """
        import pyoxigraph as ox

        from kg.export.networkx import property_graph

        data = self.graph.serialize(format="nt", encoding="utf-8")
        return property_graph(ox.parse(data, format=ox.RdfFormat.N_TRIPLES),
                              documents=documents)


def load(path: str | os.PathLike | None = None, *, ontology: bool = True) -> KnowledgeGraph:
    """Load a built graph (default output/graph.ttl; a folder means its graph.ttl) with the
    ontology, as `kg query` does. Raises kg.sparql.engine.GraphError if it is missing.
    """
    import rdflib

    from kg.sparql.engine import GraphError, is_store_dir, ontology_files, resolve_graph

    source = resolve_graph(path)
    if is_store_dir(source):
        raise GraphError(f"{source}: an Oxigraph store; kg.load reads graph files "
                         "(export one with `kg export --format ttl --out graph.ttl`)")
    fmt = {".ttl": "turtle", ".nt": "nt", ".nq": "nquads", ".trig": "trig",
           ".jsonld": "json-ld", ".json": "json-ld", ".rdf": "xml", ".xml": "xml",
           ".owl": "xml"}.get(source.suffix.lower(), "turtle")
    graph: rdflib.Graph
    graph = rdflib.Dataset(default_union=True) if fmt in ("nquads", "trig") else rdflib.Graph()
    try:
        graph.parse(source, format=fmt)
        if ontology:
            for ttl in ontology_files():
                graph.parse(ttl, format="turtle")
    except Exception as exc:
        raise GraphError(f"{source}: cannot read the graph: {' '.join(str(exc).split())[:300]}"
                         ) from exc
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True)
    return KnowledgeGraph(graph, source)
