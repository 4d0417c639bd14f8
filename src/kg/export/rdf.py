"""The graph in every RDF syntax: Turtle, N-Triples, N-Quads, TriG, JSON-LD and RDF/XML.

Every export holds exactly the triples of the source graph — the interop tests count them
with Raptor's rapper and pyoxigraph. N-Quads and TriG add provenance without adding
triples: each triple goes to exactly one named graph, `kgr:graph/doc/{stem}` (the name
the build's store uses) for what one document says (its metadata, mentions, occurrences,
evidence, the statements read from it) and `kgr:graph/entities` for the entities and
anything that belongs to no document.
A statement supported by several documents lives in the graph of the first of them (by
IRI); its `prov:wasDerivedFrom` and `kg:evidence` links to each other document sit in that
document's graph, so `GRAPH <.../graph/doc/{stem}> { ?s kg:evidence ?e }` finds every
statement a document supports. The direct triple of a relation (`kge:a kg:meetsWith kge:b`)
goes with its relation.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from kg.sparql.prefixes import ENTITIES_GRAPH, GRAPH_NS, KG, KGR, PREFIXES

if TYPE_CHECKING:
    import pyoxigraph as ox

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD = "http://www.w3.org/2001/XMLSchema#"
PROV = "http://www.w3.org/ns/prov#"
DCTERMS = "http://purl.org/dc/terms/"
STATEMENT_CLASSES = {KG + c for c in ("Relation", "UnassertedRelation", "Stance",
                                      "UnassertedStance", "Statement")}

#: Export format → (description, file extension).
RDF_FORMATS: dict[str, tuple[str, str]] = {
    "ttl": ("Turtle", "ttl"),
    "nt": ("N-Triples", "nt"),
    "nq": ("N-Quads, one named graph per document", "nq"),
    "trig": ("TriG, one named graph per document", "trig"),
    "jsonld": ("JSON-LD with an @context of the project's prefixes", "jsonld"),
    "rdfxml": ("RDF/XML", "rdf"),
}


def load_triples(path: str | os.PathLike | None = None) -> list[ox.Triple]:
    """The distinct triples of a graph (named graphs merged), sorted; no ontology.

    A build folder means its graph.ttl rather than its store: a store keeps numbers in
    canonical form ("0.7" for the "0.700" graph.ttl holds), and an export should hold the
    very triples of the graph it exports.
    """
    import pyoxigraph as ox

    from kg.sparql.engine import Engine, GraphError, is_store_dir, rdf_format, resolve_graph

    source = resolve_graph(path, store=False)
    if is_store_dir(source):
        return Engine.load(source, ontology=False).triples()
    try:
        quads = ox.parse(path=str(source), format=rdf_format(source))
        unique = {ox.Triple(q.subject, q.predicate, q.object) for q in quads}
    except (SyntaxError, ValueError, OSError) as exc:
        raise GraphError(f"{source}: cannot read the graph: {' '.join(str(exc).split())[:300]}"
                         ) from exc
    return sorted(unique, key=_key)


def _key(t: Any) -> tuple[str, str, str]:
    return (str(t.subject), str(t.predicate), str(t.object))


def graph_iri(doc_iri: str) -> str:
    """`kgr:graph/doc/{stem}` for the document `kgr:doc/{stem}`: the name the store uses."""
    prefix = KGR + "doc/"
    if doc_iri.startswith(prefix):
        return GRAPH_NS + "doc/" + doc_iri[len(prefix):]
    return GRAPH_NS + "doc/" + hashlib.sha1(doc_iri.encode()).hexdigest()[:12]


def partition(triples: Iterable[ox.Triple]) -> list[ox.Quad]:
    """Each triple in one named graph (see the module docstring), as sorted quads."""
    import pyoxigraph as ox

    triples = list(triples)
    by_subject: dict[str, list[Any]] = defaultdict(list)
    for t in triples:
        by_subject[t.subject.value].append(t)

    def objects(subject: str, predicate: str) -> list[str]:
        return sorted(t.object.value for t in by_subject.get(subject, ())
                      if t.predicate.value == predicate)

    docs = {s for s, ts in by_subject.items()
            if any(t.predicate.value == RDF_TYPE and t.object.value == KG + "Document"
                   for t in ts)}
    home: dict[str, str] = {d: d for d in docs}  # subject → its document
    for d in sorted(docs):
        for author in objects(d, DCTERMS + "creator"):
            if author.startswith(KGR + "author/"):
                home.setdefault(author, d)
    for s in by_subject:
        for predicate in (KG + "inDocument", PROV + "wasQuotedFrom"):
            found = [d for d in objects(s, predicate) if d in docs]
            if found:
                home.setdefault(s, found[0])
    statements = {s for s, ts in by_subject.items()
                  if any(t.predicate.value == RDF_TYPE and t.object.value in STATEMENT_CLASSES
                         for t in ts)}
    for s in sorted(statements):
        found = [d for d in objects(s, PROV + "wasDerivedFrom") if d in docs]
        found += sorted(home[e] for e in objects(s, KG + "evidence") if e in home)
        if found:
            home[s] = min(found)
    direct: dict[tuple[str, str, str], str] = {}
    for s in sorted(statements):
        if KG + "Relation" in objects(s, RDF_TYPE) and s in home:
            for subj in objects(s, KG + "subject"):
                for rtype in objects(s, KG + "relationType"):
                    for obj in objects(s, KG + "object"):
                        direct.setdefault((subj, rtype, obj), home[s])

    quads = []
    for t in triples:
        s, p, o = t.subject.value, t.predicate.value, t.object.value
        if s in statements and p == PROV + "wasDerivedFrom" and o in docs:
            doc = o
        elif s in statements and p == KG + "evidence" and o in home:
            doc = home[o]
        elif s in home:
            doc = home[s]
        else:
            doc = direct.get((s, p, o), "")
        name = graph_iri(doc) if doc else ENTITIES_GRAPH
        quads.append(ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(name)))
    return sorted(quads, key=lambda q: (str(q.graph_name), *_key(q)))


# --- JSON-LD ------------------------------------------------------------------------------

def _compact(iri: str) -> str:
    """`kg:holder` for an IRI in a known namespace; JSON-LD expands it back by concatenation."""
    best = ""
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and len(ns) > len(PREFIXES.get(best, "")):
            rest = iri[len(ns):]
            if rest and not rest.startswith("//"):
                best = prefix
    return f"{best}:{iri[len(PREFIXES[best]):]}" if best else iri


def _node_ref(term: Any) -> str:
    if type(term).__name__ == "BlankNode":
        return f"_:{term.value}"
    return _compact(term.value)


def _jsonld_value(term: Any) -> Any:
    name = type(term).__name__
    if name != "Literal":
        return {"@id": _node_ref(term)}
    if term.language:
        return {"@value": term.value, "@language": term.language}
    datatype = term.datatype.value
    if datatype == XSD + "string":
        return term.value
    if datatype == XSD + "integer" and term.value.lstrip("-").isdigit() \
            and str(int(term.value)) == term.value:
        return int(term.value)  # a JSON number is read back as the same xsd:integer
    if datatype == XSD + "boolean" and term.value in ("true", "false"):
        return term.value == "true"
    return {"@value": term.value, "@type": _compact(datatype)}


def jsonld_document(triples: Iterable[ox.Triple]) -> dict[str, Any]:
    """A JSON-LD document: an @context of the prefixes and one node object per subject.

    Values are explicit (`{"@id": ...}`, `{"@value": ..., "@type": ...}`), so every
    JSON-LD processor reads back exactly the source triples — decimals stay decimals.
    """
    nodes: dict[str, dict[str, Any]] = {}
    for t in sorted(triples, key=_key):
        ref = _node_ref(t.subject)
        node = nodes.setdefault(ref, {"@id": ref})
        if t.predicate.value == RDF_TYPE and type(t.object).__name__ == "NamedNode":
            node.setdefault("@type", []).append(_compact(t.object.value))
        else:
            node.setdefault(_compact(t.predicate.value), []).append(_jsonld_value(t.object))
    return {"@context": dict(PREFIXES), "@graph": [nodes[k] for k in sorted(nodes)]}


def jsonld_bytes(triples: Iterable[ox.Triple]) -> bytes:
    return (json.dumps(jsonld_document(triples), ensure_ascii=False, indent=1) + "\n").encode()


# --- all RDF formats ----------------------------------------------------------------------

def rdf_bytes(triples: list[ox.Triple], fmt: str) -> bytes:
    """The triples in one of RDF_FORMATS, deterministic (sorted)."""
    import pyoxigraph as ox

    ordered = sorted(triples, key=_key)
    if fmt == "jsonld":
        return jsonld_bytes(ordered)
    syntax = {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES,
              "nq": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG,
              "rdfxml": ox.RdfFormat.RDF_XML}.get(fmt)
    if syntax is None:
        raise ValueError(f"unknown RDF format {fmt!r}; one of {', '.join(RDF_FORMATS)}")
    items: list[Any] = partition(ordered) if syntax.supports_datasets else ordered
    prefixes = None if fmt in ("nt", "nq") else dict(PREFIXES)
    return ox.serialize(items, format=syntax, prefixes=prefixes) or b""
