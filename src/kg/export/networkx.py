"""The graph as a property graph: GraphML (yEd, Gephi), GEXF (Gephi) and Cytoscape.js JSON.

RDF reifies every relation and stance as a node with its evidence; network tools want
actors as nodes and statements as edges with attributes. Nodes are the entities (and,
unless left out, the documents and anonymous authors); edges are

- relations, subject → object, `type` the relation type (meetsWith, sanctions, ...);
- stances, holder → target, `type` "supports" or "opposes", `polarity` Support/Oppose;
- document links: document → entity it mentions (`weight` = how often), → its creator,
  → its publisher.

Every edge has `class` (Relation, UnassertedRelation, Stance, UnassertedStance, Document),
`label`, `weight` (evidence count) and, for statements, modality, negated, asserted,
confidence, goldstein, plover, attributedTo, documents and the first evidence sentence.
Every node has `label`, `class` (most specific), `group` (top class) and `iri`.
Attributes without a value are left out rather than written empty, and each attribute
keeps one type, as GraphML and GEXF require.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from kg.sparql.prefixes import KG, KGR

if TYPE_CHECKING:
    import networkx as nx
    import pyoxigraph as ox

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
SKOS_ALT = "http://www.w3.org/2004/02/skos/core#altLabel"
OWL_SAMEAS = "http://www.w3.org/2002/07/owl#sameAs"
PROV = "http://www.w3.org/ns/prov#"
DCTERMS = "http://purl.org/dc/terms/"
WIKIDATA = "http://www.wikidata.org/entity/"

#: Export format → (description, file extension).
NETWORK_FORMATS: dict[str, tuple[str, str]] = {
    "graphml": ("GraphML property graph (yEd, Gephi, networkx)", "graphml"),
    "gexf": ("GEXF property graph (Gephi, networkx)", "gexf"),
    "cytoscape": ("Cytoscape.js elements JSON (Cytoscape, Cytoscape.js)", "cyjs"),
}

#: Subclass → class, for the `group` attribute (what Gephi colours by).
PARENT = {"Legislature": "Organization", "GovernmentBody": "Organization",
          "InternationalOrganization": "Organization", "ThinkTank": "Organization",
          "NewsOutlet": "Organization", "PoliticalParty": "Organization"}
STRUCTURAL = {"Document", "Mention", "Occurrence", "Evidence", "Statement", "Relation",
              "UnassertedRelation", "Stance", "UnassertedStance", "Polarity", "Modality",
              "RelationType"}
RELATION_CLASSES = ("Relation", "UnassertedRelation")
STANCE_CLASSES = ("Stance", "UnassertedStance")


def node_id(iri: str) -> str:
    """The short, stable id of a node: its IRI without the resource namespace."""
    return iri[len(KGR):] if iri.startswith(KGR) else iri


def words(name: str) -> str:
    """"meetsWith" → "meets with": a label for a camel-case local name."""
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", name).lower()


def _local(iri: str) -> str:
    return re.split(r"[#/]", iri)[-1]


class _Index:
    """Triples by subject and predicate, values as pyoxigraph terms."""

    def __init__(self, triples: Iterable[Any]) -> None:
        self.out: dict[str, dict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))
        for t in triples:
            self.out[t.subject.value][t.predicate.value].append(t.object)
        for props in self.out.values():
            for values in props.values():
                values.sort(key=str)

    def values(self, s: str, p: str) -> list[Any]:
        return self.out.get(s, {}).get(p, [])

    def iris(self, s: str, p: str) -> list[str]:
        return [v.value for v in self.values(s, p) if type(v).__name__ == "NamedNode"]

    def one(self, s: str, p: str) -> Any:
        vals = self.values(s, p)
        return vals[0] if vals else None

    def text(self, s: str, p: str) -> str | None:
        """One literal's text, English first."""
        vals = [v for v in self.values(s, p) if type(v).__name__ == "Literal"]
        vals.sort(key=lambda v: (v.language not in (None, "en"), v.value))
        return vals[0].value if vals else None

    def number(self, s: str, p: str, cast: type = float) -> Any:
        v = self.one(s, p)
        try:
            return cast(float(v.value)) if v is not None else None
        except ValueError:
            return None

    def classes(self, s: str) -> list[str]:
        return [_local(c) for c in self.iris(s, RDF_TYPE) if c.startswith(KG)]

    def with_class(self, *names: str) -> list[str]:
        wanted = {KG + n for n in names}
        return sorted(s for s, props in self.out.items()
                      if any(v.value in wanted for v in props.get(RDF_TYPE, ())))


def _most_specific(classes: list[str]) -> str:
    candidates = [c for c in classes if c not in STRUCTURAL]
    for c in sorted(candidates):
        if c in PARENT:
            return c
    return sorted(candidates)[0] if candidates else ""


def _clean(attrs: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in attrs.items() if v is not None and v != ""}


def property_graph(triples: Iterable[ox.Triple], *, documents: bool = True) -> nx.MultiDiGraph:
    """The property graph of a kg graph (see the module docstring), node ids from node_id()."""
    import networkx as nx

    idx = _Index(triples)
    g = nx.MultiDiGraph(name="kg")
    docs = idx.with_class("Document")
    files = {d: idx.text(d, KG + "fileName") or node_id(d) for d in docs}
    mentioned_in: dict[str, set[str]] = defaultdict(set)
    for d in docs:
        for e in idx.iris(d, KG + "mentions"):
            mentioned_in[e].add(d)
    mention_count: dict[str, int] = defaultdict(int)
    counts: dict[tuple[str, str], int] = {}  # (document, entity) → mentions
    for occ in idx.with_class("Occurrence"):
        n = idx.number(occ, KG + "count", int) or 0
        for e in idx.iris(occ, KG + "refersTo"):
            mention_count[e] += n
            for d in idx.iris(occ, KG + "inDocument"):
                counts[d, e] = n

    def add_entity(iri: str) -> str:
        nid = node_id(iri)
        if nid in g:
            return nid
        cls = _most_specific(idx.classes(iri))
        if not cls and iri.startswith(KGR + "author/"):
            creator_of = sorted(files[d] for d in docs if iri in idx.iris(d, DCTERMS + "creator"))
            label = f"anonymous author of {creator_of[0]}" if creator_of else "anonymous author"
            g.add_node(nid, **_clean({"label": label, "class": "AnonymousAuthor",
                                      "group": "Author", "iri": iri}))
            return nid
        sameas = [v for v in idx.iris(iri, OWL_SAMEAS) if v.startswith(WIKIDATA)]
        aliases = sorted({v.value.replace(";", ",") for v in idx.values(iri, SKOS_ALT)
                          if type(v).__name__ == "Literal"})
        g.add_node(nid, **_clean({
            "label": idx.text(iri, RDFS_LABEL) or _local(iri),
            "class": cls or "Resource",
            "group": PARENT.get(cls, cls) or "Resource",
            "iri": iri,
            "wikidata": sameas[0][len(WIKIDATA):] if sameas else None,
            "aliases": "; ".join(aliases),
            "origin": idx.text(iri, KG + "origin"),
            "confidence": idx.number(iri, KG + "confidence"),
            "documentCount": len(mentioned_in.get(iri, ())),
            "mentionCount": mention_count.get(iri, 0),
        }))
        return nid

    for s, props in sorted(idx.out.items()):
        classes = [_local(c.value) for c in props.get(RDF_TYPE, ()) if c.value.startswith(KG)]
        if s.startswith(KGR + "entity/") or _most_specific(classes):
            add_entity(s)

    for s in idx.with_class(*RELATION_CLASSES, *STANCE_CLASSES):
        _add_statement(g, idx, s, files, add_entity)

    if documents:
        for d in docs:
            nid = node_id(d)
            title = idx.text(d, DCTERMS + "title")
            date = idx.one(d, DCTERMS + "date")
            source = idx.iris(d, DCTERMS + "source")
            g.add_node(nid, **_clean({
                "label": title or files[d], "class": "Document", "group": "Document",
                "iri": d, "fileName": files[d], "title": title,
                "date": date.value if date is not None else None,
                "source": source[0] if source else None}))
            links = [("mentions", e, counts.get((d, e), 1)) for e in idx.iris(d, KG + "mentions")]
            links += [("creator", a, 1) for a in idx.iris(d, DCTERMS + "creator")]
            links += [("publisher", p, 1) for p in idx.iris(d, DCTERMS + "publisher")]
            for kind, target, weight in links:
                tid = add_entity(target)
                g.add_edge(nid, tid, key=f"{kind}/{node_id(d)}/{tid}", **{
                    "class": "Document", "type": kind, "label": kind, "weight": weight,
                    "documents": files[d]})
    return _sorted_copy(g)


def _add_statement(g: nx.MultiDiGraph, idx: _Index, s: str, files: dict[str, str],
                   add_entity: Any) -> None:
    classes = idx.classes(s)
    cls = next((c for c in (*RELATION_CLASSES, *STANCE_CLASSES) if c in classes), "")
    if cls in RELATION_CLASSES:
        ends = idx.iris(s, KG + "subject"), idx.iris(s, KG + "object")
        rtype = _local(idx.iris(s, KG + "relationType")[0]) if idx.iris(
            s, KG + "relationType") else "related"
        polarity = None
        label = words(rtype)
    else:
        ends = idx.iris(s, KG + "holder"), idx.iris(s, KG + "target")
        polarity_iri = idx.iris(s, KG + "polarity")
        polarity = _local(polarity_iri[0]) if polarity_iri else None
        rtype = {"Support": "supports", "Oppose": "opposes"}.get(polarity or "", "stance")
        label = rtype
    if not ends[0] or not ends[1]:
        return
    evidence = sorted(
        ((idx.iris(e, PROV + "wasQuotedFrom") or [""])[0],
         idx.number(e, KG + "startOffset", int) or 0, idx.text(e, KG + "sentence") or "")
        for e in idx.iris(s, KG + "evidence"))
    modality = idx.iris(s, KG + "modality")
    negated = idx.one(s, KG + "negated")
    attributed = idx.iris(s, KG + "attributedTo")
    docs = sorted({files.get(d, node_id(d)) for d in idx.iris(s, PROV + "wasDerivedFrom")})
    attrs = _clean({
        "class": cls, "type": rtype, "label": label, "polarity": polarity,
        "modality": _local(modality[0]) if modality else None,
        "negated": negated is not None and negated.value in ("true", "1"),
        "asserted": cls in ("Relation", "Stance"),
        "weight": idx.number(s, KG + "evidenceCount", int) or len(evidence) or 1,
        "confidence": idx.number(s, KG + "confidence"),
        "goldstein": idx.number(s, KG + "goldstein"),
        "plover": idx.text(s, KG + "ploverCategory"),
        "attributedTo": node_id(attributed[0]) if attributed else None,
        "documents": "; ".join(docs),
        "sentence": evidence[0][2] if evidence else None,
    })
    for a in ends[0]:
        for b in ends[1]:
            g.add_edge(add_entity(a), add_entity(b), key=node_id(s), **attrs)


# --- writers ------------------------------------------------------------------------------

def graphml_bytes(g: nx.MultiDiGraph) -> bytes:
    """GraphML with typed attribute keys (yEd and Gephi show them as columns)."""
    import io

    import networkx as nx

    buf = io.BytesIO()
    nx.write_graphml(g, buf, encoding="utf-8", prettyprint=True)
    return buf.getvalue()


def gexf_bytes(g: nx.MultiDiGraph) -> bytes:
    """GEXF 1.2; the edge attribute `type` is written as `relation` (GEXF reserves `type`
    for an edge's direction)."""
    import io

    import networkx as nx

    h = nx.MultiDiGraph(**g.graph)
    h.add_nodes_from(g.nodes(data=True))
    for u, v, k, d in g.edges(keys=True, data=True):
        data = {"id": k, **d}
        if "type" in data:
            data["relation"] = data.pop("type")
        h.add_edge(u, v, key=k, **data)
    buf = io.BytesIO()
    nx.write_gexf(h, buf, encoding="utf-8", prettyprint=True)
    return buf.getvalue()


def cytoscape_document(g: nx.MultiDiGraph) -> dict[str, Any]:
    """Cytoscape.js elements JSON: `cy.add(doc.elements)`; Cytoscape desktop imports it too.

    Every element has a unique `data.id` (edges: the statement id); nodes carry `value`
    and edges `key` as well, which is what networkx's cytoscape_graph reads them back by.
    """
    nodes = [{"data": {"id": n, "value": n, "name": d.get("label", n), **d}}
             for n, d in sorted(g.nodes(data=True))]
    edges = [{"data": {"id": k, "key": k, "source": u, "target": v, **d}}
             for u, v, k, d in sorted(g.edges(keys=True, data=True), key=lambda e: e[2])]
    return {"format_version": "1.0", "generated_by": "kg", "target_cytoscapejs_version": "~3",
            "data": {"name": g.graph.get("name", "kg")}, "directed": True, "multigraph": True,
            "elements": {"nodes": nodes, "edges": edges}}


def network_bytes(triples: Iterable[ox.Triple], fmt: str, *, documents: bool = True) -> bytes:
    """The graph in one of NETWORK_FORMATS."""
    g = property_graph(triples, documents=documents)
    if fmt == "graphml":
        return graphml_bytes(g)
    if fmt == "gexf":
        return gexf_bytes(g)
    if fmt == "cytoscape":
        text = json.dumps(cytoscape_document(g), ensure_ascii=False, indent=1)
        return (text + "\n").encode()
    raise ValueError(f"unknown network format {fmt!r}; one of {', '.join(NETWORK_FORMATS)}")


def _sorted_copy(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """The same graph with nodes and edges inserted in sorted order: deterministic files."""
    import networkx as nx

    h = nx.MultiDiGraph(**g.graph)
    h.add_nodes_from(sorted(g.nodes(data=True)))
    h.add_edges_from(sorted(g.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2])))
    return h
