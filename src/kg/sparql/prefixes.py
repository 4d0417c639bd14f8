"""The prefixes every query sees without declaring them (docs/graph-model.md).

`kg query`, `kg serve` and `kg.load(...).query(...)` hand these to the SPARQL parser as
predeclared prefixes, rather than pasting a PREFIX block in front of the query, so that
a syntax error's line and column are those of the text the user wrote. A query may still
declare any of them itself; its own declaration wins.
"""

from __future__ import annotations

KG = "https://w3id.org/usru-kg/ontology#"
KGR = "https://w3id.org/usru-kg/resource/"

#: prefix → namespace IRI; the order is the order of `prefix_block()`.
PREFIXES: dict[str, str] = {
    "kg": KG,
    "kgr": KGR,
    "kge": KGR + "entity/",
    "kgd": KGR + "doc/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "wd": "http://www.wikidata.org/entity/",
}


def prefix_block() -> str:
    """The PREFIX declarations as text, for pasting into a SPARQL tool that lacks them."""
    width = max(len(p) for p in PREFIXES)
    return "".join(f"PREFIX {p + ':':<{width + 1}} <{iri}>\n" for p, iri in PREFIXES.items())


def shorten(iri: str, *, strict: bool = True) -> str:
    """`kge:russia` for an IRI in a known namespace (for text people read).

    With `strict`, only when the rest is a plain local name, so the result parses as a
    prefixed name (`kgr:mention/x/1-2` would not); otherwise the IRI as `<...>`. Without
    it, the longest matching namespace is always used: tables are for eyes, not parsers.
    """
    best = ""
    for prefix, ns in PREFIXES.items():
        if not iri.startswith(ns) or len(ns) <= len(PREFIXES.get(best, "")):
            continue
        rest = iri[len(ns):]
        if not strict or (rest and rest[-1] != "."
                          and all(c.isalnum() or c in "-_." for c in rest)):
            best = prefix
    if best:
        return f"{best}:{iri[len(PREFIXES[best]):]}"
    return f"<{iri}>" if strict else iri

#: Named graphs of the build's store (they match kg.stream, which is not imported here to
#: keep `kg query` from loading rdflib): one per document, the entities, the ontology.
GRAPH_NS = KGR + "graph/"
ONTOLOGY_GRAPH = GRAPH_NS + "ontology"
ENTITIES_GRAPH = GRAPH_NS + "entities"


def document_graph(stem: str) -> str:
    """The named graph of one document's triples, `kgr:graph/doc/{stem}` (as in the store)."""
    from urllib.parse import quote

    return f"{GRAPH_NS}doc/{quote(stem, safe='-_.')}"
