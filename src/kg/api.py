"""The graph in a notebook: `kg.load()` and a few helpers.

    >>> import kg
    >>> g = kg.load("output")                       # the build folder, graph.ttl or the store
    >>> g.query("SELECT ?l WHERE { kge:russia rdfs:label ?l }")
    [{'l': 'Russia'}]
    >>> g.stances(holder="Putin", polarity="Oppose")  # labels, aliases or ids name entities
    >>> g.query(open("q.rq").read(), as_frame=True)   # a pandas DataFrame
    >>> nx_graph = g.to_networkx()                     # actors as nodes, statements as edges

It runs on the engine of `kg query` and `kg serve` (kg.sparql.engine), so a query gives
the same rows in a notebook, in the shell and over HTTP, and a million-triple store answers
without being parsed first. `to_rdflib()` hands the triples to rdflib for those who want it.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.sparql.prefixes import KG, KGR, PREFIXES

if TYPE_CHECKING:
    import networkx as nx
    import rdflib

    from kg.sparql.engine import Engine

Row = dict[str, "str | int | float | bool | None"]
_KGE = PREFIXES["kge"]
_WD = PREFIXES["wd"]

_NAMES = """
SELECT ?rank ?name ?e WHERE {
  { ?e rdfs:label ?name BIND(0 AS ?rank) } UNION { ?e skos:altLabel ?name BIND(1 AS ?rank) }
  FILTER(STRSTARTS(STR(?e), STR(kge:)))
} ORDER BY ?rank ?e
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


def _frame(rows: list[Row], columns: list[str]) -> Any:
    try:
        import pandas as pd
    except ImportError as exc:
        raise ImportError("as_frame=True needs pandas: pip install pandas") from exc
    return pd.DataFrame(rows, columns=columns)


def _with_values(query: str, values: list[str]) -> str:
    """A shipped query narrowed by VALUES clauses put first in its WHERE block."""
    if not values:
        return query
    return query.replace("WHERE {", "WHERE {\n  " + "\n  ".join(values), 1)


class KnowledgeGraph:
    """A built graph (with the ontology, so `rdfs:subClassOf*` works) to query from Python."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.path = engine.source
        self._names: dict[str, list[str]] | None = None

    def __len__(self) -> int:
        return len(self.engine)

    def __repr__(self) -> str:
        return f"<KnowledgeGraph {self.path or '(in memory)'}: {len(self)} triples>"

    # --- SPARQL ---------------------------------------------------------------------------

    def query(self, sparql: str, *, as_frame: bool = False) -> Any:
        """Run a SPARQL query with the project's prefixes predeclared.

        SELECT gives a list of dicts (variable → str, int, float, bool or None; IRIs as
        strings), or with `as_frame=True` a pandas DataFrame; ASK gives a bool; CONSTRUCT
        and DESCRIBE give an rdflib Graph. Updates and SERVICE are refused
        (kg.sparql.errors.UpdateRefused, ServiceRefused), as `kg serve` refuses them; a
        syntax error is a kg.sparql.errors.QuerySyntaxError with line and column.
        """
        from kg.sparql.engine import AskResult, GraphResult
        from kg.sparql.results import graph_bytes, python_value

        result = self.engine.query(sparql)
        if isinstance(result, AskResult):
            return result.value
        if isinstance(result, GraphResult):
            import rdflib

            graph = rdflib.Graph()
            graph.parse(data=graph_bytes(result.triples, "nt"), format="nt")
            for prefix, ns in PREFIXES.items():
                graph.bind(prefix, ns, override=True)
            return graph
        rows: list[Row] = [{v: python_value(t) for v, t in zip(result.variables, row,
                                                                strict=True)}
                           for row in result.rows]
        return _frame(rows, result.variables) if as_frame else rows

    def named(self, name: str, *, as_frame: bool = False) -> Any:
        """Run one of the project's named queries (`kg query --list`) by name."""
        from kg.sparql import named_queries, named_query

        found = named_query(name)
        if found is None:
            raise KeyError(f"no named query {name!r}; one of {', '.join(named_queries())}")
        return self.query(found.text, as_frame=as_frame)

    # --- entities -------------------------------------------------------------------------

    def _name_index(self) -> dict[str, list[str]]:
        """lower-cased label, alias or id → entity IRIs (by label before by alias)."""
        if self._names is None:
            index: dict[str, list[str]] = {}
            for row in self.query(_NAMES):
                iri = str(row["e"])
                index.setdefault(str(row["name"]).casefold(), []).append(iri)
                index.setdefault(iri[len(_KGE):].casefold(), []).append(iri)
            self._names = {k: list(dict.fromkeys(v)) for k, v in index.items()}
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
        """An entity's IRI, id, label, class, aliases, Wikidata id and origin; None if unknown."""
        try:
            iri = self.resolve(name)
        except UnknownEntity:
            return None
        if any(c in iri for c in '<>"{}|^`\\ '):
            return None
        rows = self.query(f"""SELECT ?p ?o WHERE {{
            <{iri}> ?p ?o FILTER(?p IN (rdf:type, rdfs:label, skos:altLabel, owl:sameAs,
                                         kg:origin)) }}""")
        if not rows:
            return None

        def values(short: str) -> list[str]:
            prefix, local = short.split(":")
            return sorted(str(r["o"]) for r in rows if r["p"] == PREFIXES[prefix] + local)

        classes = [c[len(KG):] for c in values("rdf:type") if c.startswith(KG)]
        wikidata = [w[len(_WD):] for w in values("owl:sameAs") if w.startswith(_WD)]
        labels, origin = values("rdfs:label"), values("kg:origin")
        return {
            "iri": iri,
            "id": iri[len(_KGE):] if iri.startswith(_KGE) else iri,
            "label": labels[0] if labels else None,
            "class": classes[0] if len(classes) == 1 else (classes or None),
            "aliases": values("skos:altLabel"),
            "wikidata": wikidata[0] if wikidata else None,
            "origin": origin[0] if origin else None,
        }

    # --- statements -----------------------------------------------------------------------

    def stances(self, holder: str | None = None, target: str | None = None,
                polarity: str | None = None, *, as_frame: bool = False) -> Any:
        """Stances, optionally of one holder, on one target, of one polarity (Support/Oppose).

        Holder and target are names as `resolve` takes them. The rows are those of the
        named query `stances`, narrowed.
        """
        from kg.sparql import named_query

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
        text = named_query("stances").text  # type: ignore[union-attr]
        return self.query(_with_values(text, values), as_frame=as_frame)

    def relations(self, type: str | None = None, subject: str | None = None,  # noqa: A002
                  object: str | None = None, *, as_frame: bool = False) -> Any:  # noqa: A002
        """Relations, optionally of one type ("meetsWith", "meets with", "kg:meetsWith"),
        from one subject, to one object. The rows are those of the named query `relations`.
        """
        from kg.sparql import named_query

        values = []
        if type is not None:
            local = type.strip().removeprefix("kg:").removeprefix(KG)
            parts = local.split()
            local = parts[0] + "".join(p[:1].upper() + p[1:] for p in parts[1:]) if parts else ""
            if not re.fullmatch(r"[A-Za-z]+", local):
                raise ValueError(f"not a relation type: {type!r}")
            values.append(f"VALUES ?rt {{ kg:{local} }}")
        if subject is not None:
            values.append(f"VALUES ?s {{ <{self.resolve(subject)}> }}")
        if object is not None:
            values.append(f"VALUES ?o {{ <{self.resolve(object)}> }}")
        text = named_query("relations").text  # type: ignore[union-attr]
        return self.query(_with_values(text, values), as_frame=as_frame)

    def evidence(self, statement: str, *, as_frame: bool = False) -> Any:
        """The sentences a statement (the `stance` or `relation` IRI of a row) was read from."""
        text = statement.strip()
        iri = KGR + text if text.startswith(("stance/", "relation/")) else self.resolve(text)
        if any(c in iri for c in '<>"{}|^`\\ '):
            raise ValueError(f"not an IRI: {statement!r}")
        return self.query(_EVIDENCE % {"iri": iri}, as_frame=as_frame)

    # --- other libraries ------------------------------------------------------------------

    def to_networkx(self, *, documents: bool = True) -> nx.MultiDiGraph:
        """The property graph of `kg export --format graphml`: entities (and documents) as
        nodes with label, class, group, iri...; relations and stances as edges with type,
        polarity, modality, weight (evidence count), confidence, sentence...
        """
        from kg.export.networkx import property_graph

        return property_graph(self.engine.triples(), documents=documents)

    def to_rdflib(self) -> rdflib.Graph:
        """The graph's triples (without the ontology) as an rdflib Graph."""
        import rdflib

        from kg.export.rdf import rdf_bytes

        graph = rdflib.Graph()
        graph.parse(data=rdf_bytes(self.engine.triples(), "nt"), format="nt")
        for prefix, ns in PREFIXES.items():
            graph.bind(prefix, ns, override=True)
        return graph


def load(path: str | os.PathLike | None = None, *, ontology: bool = True,
         in_memory: bool = False) -> KnowledgeGraph:
    """Load a built graph as `kg query` does: a build folder, its graph.ttl or its store
    (default output/), any RDF file; with the ontology unless `ontology=False`.
    `in_memory=True` copies a build's store into memory: many queries in a row answer
    faster, for the memory and copying time kg.sparql.engine.open_graph describes.
    Raises kg.sparql.errors.GraphError when it is missing or unreadable.
    """
    from kg.sparql.engine import Engine

    return KnowledgeGraph(Engine.load(Path(path) if path is not None else None,
                                      ontology=ontology, in_memory=in_memory))
