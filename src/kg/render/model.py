"""The RDF graph of docs/graph-model.md → the plain data the page shows.

The page never sees RDF: it gets nodes (entities, and anonymous authors who hold stances),
edges (one per relation or stance, with every evidence sentence), and documents. Reading
goes through SPARQL so that it follows the published vocabulary rather than how
`kg.graph` happens to build its triples; a graph written by another tool that follows the
model renders the same way.

Everything is sorted and every float rounded, so the same graph gives the same data and
therefore the same page, byte for byte.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

import networkx as nx
from rdflib import Graph, Literal, URIRef

KG_NS = "https://w3id.org/usru-kg/ontology#"
KGR_NS = "https://w3id.org/usru-kg/resource/"
WD_NS = "http://www.wikidata.org/entity/"

PREFIXES = f"""
PREFIX kg: <{KG_NS}>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX prov: <http://www.w3.org/ns/prov#>
"""

#: The top-level entity classes of the model, in legend order. Each gets a colour and shape.
BASE_CLASSES: tuple[str, ...] = (
    "Person", "State", "Organization", "Treaty", "Forum", "Event", "Topic",
)
#: Subclasses named in the model; more are picked up from rdfs:subClassOf in the graph.
SUBCLASS_OF: dict[str, str] = {
    "Legislature": "Organization",
    "GovernmentBody": "Organization",
    "InternationalOrganization": "Organization",
    "ThinkTank": "Organization",
    "NewsOutlet": "Organization",
}
#: Groups of nodes that are not entity classes: the unnamed author of an article (a stance
#: holder with no label) and any statement end the graph gives no class.
AUTHOR_GROUP, OTHER_GROUP = "Author", "Other"
#: Classes of the model that are records about the text, not things in the world.
STRUCTURAL = frozenset({
    "Document", "Mention", "Occurrence", "Evidence",
    "Relation", "UnassertedRelation", "Stance", "UnassertedStance",
})
#: Relation types whose direction carries no meaning (the builder sorts their ends).
SYMMETRIC_TYPES = frozenset({"meetsWith", "cooperatesWith"})


@dataclass
class DocumentInfo:
    """An article: how to name it, when it was published and where to read it."""

    id: str
    iri: str
    file: str
    title: str
    date: str | None
    url: str | None
    creator: str | None = None  # node id of the named author
    publisher: str | None = None  # node id of the outlet


@dataclass
class NodeInfo:
    """An entity (or an anonymous author) as the details panel presents it."""

    id: str
    iri: str
    label: str
    cls: str  # most specific class, e.g. "InternationalOrganization"
    group: str  # legend group, e.g. "Organization"
    aliases: list[str] = field(default_factory=list)
    wikidata: str | None = None  # Q-id
    origin: str | None = None
    confidence: float | None = None
    docs: list[int] = field(default_factory=list)  # indices into documents: mentioned in
    counts: list[int] = field(default_factory=list)  # mentions per document, same order
    wrote: list[int] = field(default_factory=list)  # documents it authored
    importance: float = 0.0  # PageRank
    degree: int = 0


@dataclass
class EvidenceInfo:
    """A sentence a statement was read from, with the spans to highlight in it."""

    doc: int  # index into documents
    sentence: str
    start: int  # offsets of the sentence in the source file
    end: int
    spans: list[tuple[int, int, str]]  # (start, end, "s" | "o") inside `sentence`
    rule: str | None
    confidence: float | None


@dataclass
class EdgeInfo:
    """A relation or a stance: one edge of the network."""

    id: str
    iri: str
    kind: str  # "relation" | "stance"
    type: str  # relation type (local name), or "stance"
    source: str  # node id: subject or holder
    target: str  # node id: object or target
    polarity: str | None  # stances: "Support" | "Oppose"
    modality: str  # "Asserted", "Normative", "Possible", "Hypothetical", "Future"
    negated: bool
    asserted: bool  # kg:Relation / kg:Stance, not their Unasserted variants
    directed: bool
    attributed_to: str | None
    confidence: float | None
    goldstein: float | None
    plover: str | None
    docs: list[int] = field(default_factory=list)
    evidence: list[EvidenceInfo] = field(default_factory=list)


@dataclass
class PageData:
    """Everything the page shows, in plain types that serialise to JSON."""

    documents: list[DocumentInfo]
    nodes: list[NodeInfo]
    edges: list[EdgeInfo]

    @property
    def entity_count(self) -> int:
        return sum(1 for n in self.nodes if n.group not in (AUTHOR_GROUP, OTHER_GROUP))

    @property
    def relation_count(self) -> int:
        return sum(1 for e in self.edges if e.kind == "relation")

    @property
    def stance_count(self) -> int:
        return sum(1 for e in self.edges if e.kind == "stance")

    def to_dict(self) -> dict[str, Any]:
        return {
            "documents": [asdict(d) for d in self.documents],
            "nodes": [asdict(n) for n in self.nodes],
            "edges": [asdict(e) for e in self.edges],
        }


def local_name(iri: str) -> str:
    """`kg:Person` → "Person"; anything else → the part after the last # or /."""
    for sep in ("#", "/"):
        if sep in iri:
            return iri.rsplit(sep, 1)[1]
    return iri


def node_id(iri: str) -> str:
    """A short, stable id: `kgr:entity/vladimir-putin` → "vladimir-putin"."""
    if iri.startswith(KGR_NS + "entity/"):
        return iri[len(KGR_NS) + len("entity/"):]
    if iri.startswith(KGR_NS):
        return iri[len(KGR_NS):]
    return iri


def doc_id(iri: str) -> str:
    return iri[len(KGR_NS) + len("doc/"):] if iri.startswith(KGR_NS + "doc/") else iri


def _num(value: Any) -> float | None:
    if value is None:
        return None
    try:
        return round(float(value.toPython() if isinstance(value, Literal) else value), 4)
    except (TypeError, ValueError):
        return None


def _int(value: Any) -> int | None:
    try:
        return int(value.toPython() if isinstance(value, Literal) else value)
    except (TypeError, ValueError):
        return None


def _bool(value: Any) -> bool:
    if value is None:
        return False
    v = value.toPython() if isinstance(value, Literal) else value
    return v if isinstance(v, bool) else str(v).lower() == "true"


def _rows(graph: Graph, query: str) -> Iterable[Any]:
    return graph.query(PREFIXES + query)


def _pick_label(labels: list[Literal]) -> str | None:
    """The English label if there is one, else the plain one, else any (sorted: stable)."""
    if not labels:
        return None
    def rank(lit: Literal) -> tuple[int, str]:
        lang = (lit.language or "").lower()
        return (0 if lang == "en" else 1 if not lang else 2, str(lit))
    return str(sorted(labels, key=rank)[0])


def _properties(graph: Graph, where: str) -> dict[str, dict[str, list[Any]]]:
    """{subject IRI: {predicate local name: [objects]}} for the subjects `where` selects.

    One basic graph pattern per kind of node, grouped in Python, is much faster in rdflib
    than one query with an OPTIONAL per property.
    """
    out: dict[str, dict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))
    for x, p, o in _rows(graph, f"SELECT DISTINCT ?x ?p ?o WHERE {{ {where} ?x ?p ?o . }}"):
        if isinstance(x, URIRef):
            out[str(x)][local_name(str(p))].append(o)
    return out


def _subclass_map(graph: Graph) -> dict[str, str]:
    """Subclass → base class, from the model and any rdfs:subClassOf the graph carries."""
    parent: dict[str, str] = dict(SUBCLASS_OF)
    for sub, sup in _rows(graph, "SELECT ?a ?b WHERE { ?a rdfs:subClassOf ?b . }"):
        if str(sub).startswith(KG_NS) and str(sup).startswith(KG_NS):
            parent.setdefault(local_name(str(sub)), local_name(str(sup)))

    def base(cls: str) -> str:
        seen = set()
        while cls not in BASE_CLASSES and cls in parent and cls not in seen:
            seen.add(cls)
            cls = parent[cls]
        return cls if cls in BASE_CLASSES else OTHER_GROUP

    return {c: base(c) for c in set(parent) | set(BASE_CLASSES)}


def _most_specific(classes: list[str], bases: dict[str, str]) -> tuple[str, str]:
    """(class, legend group) of an entity with these kg: types: a subclass beats its base."""
    known = sorted(c for c in classes if c in bases)
    if not known:
        return (sorted(classes)[0] if classes else OTHER_GROUP), OTHER_GROUP
    specific = [c for c in known if c not in BASE_CLASSES]
    cls = specific[0] if specific else min(known, key=BASE_CLASSES.index)
    return cls, bases[cls]


def build_page_data(graph: Graph) -> PageData:
    """Read entities, documents, statements and evidence out of a graph that follows the model."""
    bases = _subclass_map(graph)

    # Documents, sorted by date then file, so the document menu reads in time order.
    doc_props = _properties(graph, "?x a kg:Document .")
    documents: list[DocumentInfo] = []
    for iri, p in doc_props.items():
        file = str(p["fileName"][0]) if p.get("fileName") else doc_id(iri)
        title = _pick_label(p.get("title", [])) or file
        date = str(sorted(p["date"])[0]) if p.get("date") else None
        url = str(sorted(p["source"])[0]) if p.get("source") else None
        creator = node_id(str(sorted(p["creator"])[0])) if p.get("creator") else None
        publisher = node_id(str(sorted(p["publisher"])[0])) if p.get("publisher") else None
        documents.append(DocumentInfo(doc_id(iri), iri, file, title, date, url, creator,
                                      publisher))
    documents.sort(key=lambda d: (d.date or "9999", d.file, d.id))
    doc_index = {d.iri: i for i, d in enumerate(documents)}

    # Entities: anything with a label and a kg: class that is not a record about the text.
    ent_props = _properties(graph, "?x rdfs:label ?label ; a ?t . "
                                   f"FILTER(STRSTARTS(STR(?t), \"{KG_NS}\"))")
    nodes: dict[str, NodeInfo] = {}
    for iri, p in ent_props.items():
        classes = [local_name(str(t)) for t in p.get("type", []) if str(t).startswith(KG_NS)]
        classes = [c for c in classes if c not in STRUCTURAL]
        if not classes:
            continue
        cls, group = _most_specific(classes, bases)
        label = _pick_label(p.get("label", [])) or node_id(iri)
        aliases = sorted({str(a) for a in p.get("altLabel", [])} - {label},
                         key=lambda a: (a.casefold(), a))
        wikidata = sorted(str(o)[len(WD_NS):] for o in p.get("sameAs", [])
                          if re.fullmatch(re.escape(WD_NS) + r"[QPL][0-9]+", str(o)))
        nid = node_id(iri)
        nodes[nid] = NodeInfo(
            id=nid, iri=iri, label=label, cls=cls, group=group, aliases=aliases,
            wikidata=wikidata[0] if wikidata else None,
            origin=str(p["origin"][0]) if p.get("origin") else None,
            confidence=_num(p["confidence"][0]) if p.get("confidence") else None,
        )

    # Statements.
    st_props: dict[str, dict[str, list[Any]]] = {}
    for cls in ("Relation", "UnassertedRelation", "Stance", "UnassertedStance"):
        # One query per class: rdflib evaluates a VALUES join here orders of magnitude slower.
        st_props.update(_properties(graph, f"?x a kg:{cls} ."))
    ev_props = _properties(graph, "?s kg:evidence ?x .")
    mentions = _mention_index(graph)
    anonymous: dict[str, str] = {}  # node id of an anonymous author → its document IRI
    for iri, p in sorted(doc_props.items()):
        for c in p.get("creator", []):
            if str(c).startswith(KGR_NS + "author/anonymous/"):
                anonymous[node_id(str(c))] = iri

    edges: list[EdgeInfo] = []
    for iri, p in st_props.items():
        types = {local_name(str(t)) for t in p.get("type", [])}
        is_relation = bool(types & {"Relation", "UnassertedRelation"})
        ends = ("subject", "object") if is_relation else ("holder", "target")
        if not p.get(ends[0]) or not p.get(ends[1]):
            continue
        source_iri, target_iri = str(sorted(p[ends[0]])[0]), str(sorted(p[ends[1]])[0])
        source, target = node_id(source_iri), node_id(target_iri)
        for nid, niri in ((source, source_iri), (target, target_iri)):
            if nid not in nodes:
                nodes[nid] = _extra_node(nid, niri, anonymous, doc_props)
        rtype = local_name(str(sorted(p["relationType"])[0])) if is_relation and p.get(
            "relationType") else ("related" if is_relation else "stance")
        polarity = local_name(str(sorted(p["polarity"])[0])) if p.get("polarity") else None
        modality = local_name(str(sorted(p["modality"])[0])) if p.get("modality") else "Asserted"
        attributed = node_id(str(sorted(p["attributedTo"])[0])) if p.get("attributedTo") else None
        docs = sorted({doc_index[str(d)] for d in p.get("wasDerivedFrom", [])
                       if str(d) in doc_index})
        evidence = []
        for ev_iri in sorted(str(e) for e in p.get("evidence", [])):
            ev = ev_props.get(ev_iri)
            if not ev or not ev.get("sentence"):
                continue
            d = str(ev["wasQuotedFrom"][0]) if ev.get("wasQuotedFrom") else None
            if d not in doc_index:
                continue
            sentence = str(ev["sentence"][0])
            start = _int(ev["startOffset"][0]) if ev.get("startOffset") else None
            end = _int(ev["endOffset"][0]) if ev.get("endOffset") else None
            spans = _spans(sentence, start, end, mentions.get(d, ([], [])),
                           {source_iri: "s", target_iri: "o"},
                           {"s": nodes[source], "o": nodes[target]})
            evidence.append(EvidenceInfo(
                doc=doc_index[d], sentence=sentence, start=start if start is not None else -1,
                end=end if end is not None else -1, spans=spans,
                rule=str(ev["rule"][0]) if ev.get("rule") else None,
                confidence=_num(ev["confidence"][0]) if ev.get("confidence") else None,
            ))
        evidence.sort(key=lambda e: (e.doc, e.start, e.end, e.sentence))
        docs = sorted(set(docs) | {e.doc for e in evidence})
        edges.append(EdgeInfo(
            id=node_id(iri), iri=iri, kind="relation" if is_relation else "stance",
            type=rtype, source=source, target=target, polarity=polarity, modality=modality,
            negated=_bool(p["negated"][0]) if p.get("negated") else False,
            asserted=bool(types & {"Relation", "Stance"}),
            directed=not (is_relation and rtype in SYMMETRIC_TYPES),
            attributed_to=attributed,
            confidence=_num(p["confidence"][0]) if p.get("confidence") else None,
            goldstein=_num(p["goldstein"][0]) if p.get("goldstein") else None,
            plover=str(p["ploverCategory"][0]) if p.get("ploverCategory") else None,
            docs=docs, evidence=evidence,
        ))
    edges.sort(key=lambda e: (e.kind, e.source, e.type, e.target, e.modality, e.id))

    # Which documents mention each node, how often, and which it wrote.
    mention_docs: dict[str, dict[int, int]] = defaultdict(dict)
    for d_iri, p in doc_props.items():
        for e in p.get("mentions", []):
            mention_docs[node_id(str(e))][doc_index[d_iri]] = 0
        if p.get("creator"):
            creator = node_id(str(sorted(p["creator"])[0]))
            if creator in nodes:
                nodes[creator].wrote.append(doc_index[d_iri])
    for d, e, n in _rows(graph, "SELECT ?d ?e ?n WHERE { ?o a kg:Occurrence ; kg:inDocument ?d ;"
                                " kg:refersTo ?e ; kg:count ?n . }"):
        if str(d) in doc_index:
            mention_docs[node_id(str(e))][doc_index[str(d)]] = _int(n) or 0
    for nid, node in nodes.items():
        per_doc = sorted(mention_docs.get(nid, {}).items())
        node.docs = [d for d, _ in per_doc]
        node.counts = [c for _, c in per_doc]
        node.wrote.sort()

    _rank(nodes, edges)
    ordered = sorted(nodes.values(), key=lambda n: n.id)
    return PageData(documents=documents, nodes=ordered, edges=edges)


def _extra_node(nid: str, iri: str, anonymous: dict[str, str],
                doc_props: dict[str, dict[str, list[Any]]]) -> NodeInfo:
    """A node for a statement end that is not a labelled entity (an anonymous author)."""
    if nid in anonymous:
        p = doc_props[anonymous[nid]]
        title = _pick_label(p.get("title", []))
        file = str(p["fileName"][0]) if p.get("fileName") else doc_id(anonymous[nid])
        label = f"Author of “{title}”" if title else f"Author of {file}"
        return NodeInfo(id=nid, iri=iri, label=label, cls=AUTHOR_GROUP, group=AUTHOR_GROUP)
    return NodeInfo(id=nid, iri=iri, label=local_name(iri), cls=OTHER_GROUP, group=OTHER_GROUP)


def _mention_index(graph: Graph) -> dict[str, tuple[list[int], list[tuple[int, int, str]]]]:
    """Per document IRI: mention starts (sorted, for bisect) and (start, end, entity IRI)."""
    by_doc: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    for d, e, s, t in _rows(graph, "SELECT ?d ?e ?s ?t WHERE { ?m a kg:Mention ; "
                                   "kg:inDocument ?d ; kg:refersTo ?e ; "
                                   "kg:startOffset ?s ; kg:endOffset ?t . }"):
        start, end = _int(s), _int(t)
        if start is not None and end is not None:
            by_doc[str(d)].append((start, end, str(e)))
    out = {}
    for d, items in by_doc.items():
        items.sort()
        out[d] = ([i[0] for i in items], items)
    return out


def _spans(sentence: str, start: int | None, end: int | None,
           mentions: tuple[list[int], list[tuple[int, int, str]]],
           roles: dict[str, str], nodes: dict[str, NodeInfo]) -> list[tuple[int, int, str]]:
    """Where the statement's two ends are named inside the sentence.

    First from the recorded mentions (offsets into the file, made relative to the sentence);
    when the sentence is not the file's text verbatim (its length differs from its offsets)
    or no mention falls inside it, by searching the entities' names in the sentence.
    """
    spans: list[tuple[int, int, str]] = []
    starts, items = mentions
    if start is not None and end is not None and end - start == len(sentence):
        i = bisect.bisect_left(starts, start)
        while i < len(items) and items[i][0] < end:
            s, t, e = items[i]
            if t <= end and e in roles:
                spans.append((s - start, t - start, roles[e]))
            i += 1
    if not {r for *_, r in spans} >= set(roles.values()):
        found = {r for *_, r in spans}
        for role, node in nodes.items():
            if role not in found:
                spans.extend(_find_names(sentence, [node.label, *node.aliases], role))
    return _non_overlapping(spans)


def _find_names(sentence: str, names: list[str], role: str) -> list[tuple[int, int, str]]:
    out = []
    for name in sorted({n for n in names if n.strip()}, key=lambda n: (-len(n), n)):
        pattern = r"(?<!\w)" + re.escape(name) + r"(?!\w)"
        out.extend((m.start(), m.end(), role)
                   for m in re.finditer(pattern, sentence, flags=re.IGNORECASE))
    return out


def _non_overlapping(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Longest first at each position, then left to right without overlaps."""
    out: list[tuple[int, int, str]] = []
    for s, t, r in sorted(set(spans), key=lambda x: (x[0], -(x[1] - x[0]), x[2])):
        if s < t and (not out or s >= out[-1][1]):
            out.append((s, t, r))
    return out


def _rank(nodes: dict[str, NodeInfo], edges: list[EdgeInfo]) -> None:
    """PageRank over statements (weighted by evidence), so central actors are drawn larger.

    Every statement links its two ends both ways: an op-ed author who takes twenty stances
    is as central to the reader as the treaty twenty actors talk about, though a directed
    rank would make the author a leaf. networkx's `pagerank` needs SciPy, which this
    project does not depend on; its pure-Python power iteration gives the same result.
    """
    g = nx.DiGraph()
    g.add_nodes_from(sorted(nodes))
    for e in edges:
        w = 1.0 + len(e.evidence)
        for a, b in ((e.source, e.target), (e.target, e.source)):
            if a == b:
                continue
            prev = g.get_edge_data(a, b, {"weight": 0.0})["weight"]
            g.add_edge(a, b, weight=prev + w)
    try:
        from networkx.algorithms.link_analysis.pagerank_alg import _pagerank_python
        rank = _pagerank_python(g, alpha=0.85, weight="weight", tol=1e-10, max_iter=500)
    except (ImportError, nx.PowerIterationFailedConvergence):
        try:
            rank = nx.pagerank(g, alpha=0.85, weight="weight")
        except (ImportError, nx.PowerIterationFailedConvergence):
            n = max(1, len(g))
            rank = {v: (1 + g.degree(v)) / n for v in g}
    undirected = g.to_undirected()
    for nid, node in nodes.items():
        node.importance = round(float(rank.get(nid, 0.0)), 6)
        node.degree = int(undirected.degree(nid)) if nid in undirected else 0
