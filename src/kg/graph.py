"""Extraction records → one RDF graph (the vocabulary of docs/graph-model.md).

IRIs are derived from content (gazetteer ids, file stems, offsets, hashes of statement
keys), never from counters or memory addresses, so the same input gives the same graph;
`serialize` writes it in a fixed order so that builds diff cleanly.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import quote

from rdflib import OWL, RDF, RDFS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS

from kg.model import DocumentRecord, Entity, Evidence, Statement

KG = Namespace("https://w3id.org/usru-kg/ontology#")
KGR = Namespace("https://w3id.org/usru-kg/resource/")
WD = Namespace("http://www.wikidata.org/entity/")
KGE = Namespace("https://w3id.org/usru-kg/resource/entity/")
KGD = Namespace("https://w3id.org/usru-kg/resource/doc/")
#: Prefixes of the written graph; `kge:russia` and `kgd:000_01fb6fb18f6b5fd0` are the
#: short names of entities and documents (a prefixed name cannot contain "/").
PREFIXES = {"kg": KG, "kgr": KGR, "kge": KGE, "kgd": KGD, "wd": WD, "rdfs": RDFS,
            "skos": SKOS, "owl": OWL, "dcterms": DCTERMS, "prov": PROV, "xsd": XSD}

#: Event class (PLOVER) and cooperation–conflict score (Goldstein scale, CAMEO-derived) of a
#: statement type. Roles (`leads`) are states of affairs, not events, and get neither.
EVENT_CODING: dict[str, tuple[str, float]] = {
    "meetsWith": ("CONSULT", 3.0),
    "cooperatesWith": ("COOPERATE", 4.0),
    "sanctions": ("SANCTION", -8.0),
    "signs": ("AGREE", 8.0),
    "partyTo": ("AGREE", 5.0),
    "memberOf": ("COOPERATE", 2.0),
    "chairs": ("COOPERATE", 2.0),
    "Support": ("SUPPORT", 3.4),
    "Support/Normative": ("REQUEST", 3.0),
    "Oppose": ("ACCUSE", -2.0),
    "Oppose/Normative": ("REJECT", -4.0),
}


def entity_iri(entity_id: str) -> URIRef:
    """The IRI of an entity id (anonymous authors, "author/anonymous/{stem}", are not entities)."""
    if entity_id.startswith("author/"):
        return KGR[quote(entity_id, safe="/-_.")]
    return KGR[f"entity/{quote(entity_id, safe='/-')}"]


def doc_iri(stem: str) -> URIRef:
    return KGR[f"doc/{quote(stem, safe='-_.')}"]


def anonymous_author_iri(stem: str) -> URIRef:
    return KGR[f"author/anonymous/{quote(stem, safe='-_.')}"]


def mention_iri(stem: str, start: int, end: int) -> URIRef:
    return KGR[f"mention/{quote(stem, safe='-_.')}/{start}-{end}"]


def occurrence_iri(stem: str, entity_id: str) -> URIRef:
    return KGR[f"occurrence/{quote(stem, safe='-_.')}/{quote(entity_id, safe='/-')}"]


def evidence_iri(stem: str, start: int, end: int, statement: str) -> URIRef:
    """An evidence node: one sentence span of a document, for one statement (its hash)."""
    return KGR[f"evidence/{quote(stem, safe='-_.')}/{start}-{end}/{statement}"]


def statement_hash(statement: Statement) -> str:
    return key_hash(statement.key)


def key_hash(key: tuple[str, ...]) -> str:
    """The 12 hex digits that name a statement: sha1 of its key's fields."""
    return hashlib.sha1("\x1f".join(key).encode()).hexdigest()[:12]


_IRI_ILLEGAL = re.compile(r'[\x00-\x20<>"{}|^`\\\x7f]')


def safe_iri(url: str) -> str:
    """A URL from an article as a valid IRI: characters no IRI may hold (spaces, quotes,
    braces) percent-encoded, so that strict stores (Oxigraph, Virtuoso) accept the graph."""
    return _IRI_ILLEGAL.sub(lambda m: "".join(f"%{b:02X}" for b in m.group().encode()), url)


@dataclass
class _Merged:
    statement: Statement
    docs: set[str] = field(default_factory=set)
    evidence: dict[tuple[str, int, int], Evidence] = field(default_factory=dict)


def build_graph(records: Iterable[DocumentRecord]) -> Graph:
    """The graph of a set of documents: entities, documents, mentions and statements."""
    g = Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    entities: dict[str, Entity] = {}
    merged: dict[tuple[str, ...], _Merged] = {}
    for record in records:
        entities.update(record.entities)
        _add_document(g, record)
        for st in record.statements:
            m = merged.setdefault(st.key, _Merged(st))
            m.docs.add(record.stem)
            for ev in st.evidence:
                m.evidence.setdefault((ev.doc, ev.start, ev.end), ev)
    for entity in entities.values():
        _add_entity(g, entity)
    for key in sorted(merged):
        _add_statement(g, merged[key])
    return g


def _add_entity(g: Graph, e: Entity) -> None:
    s = entity_iri(e.id)
    g.add((s, RDF.type, KG[e.cls]))
    g.add((s, RDFS.label, Literal(e.label, lang="en")))
    for alias in sorted(set(e.aliases) - {e.label}):
        g.add((s, SKOS.altLabel, Literal(alias, lang="en")))
    if e.wikidata:
        g.add((s, OWL.sameAs, WD[e.wikidata]))
    g.add((s, KG.origin, Literal(e.origin)))
    g.add((s, KG.confidence, _decimal(e.confidence)))


def _add_document(g: Graph, r: DocumentRecord) -> None:
    d = doc_iri(r.stem)
    g.add((d, RDF.type, KG.Document))
    g.add((d, RDF.type, PROV.Entity))
    g.add((d, KG.fileName, Literal(r.file_name)))
    if r.title:
        g.add((d, DCTERMS.title, Literal(r.title, lang="en")))
    if r.date:
        g.add((d, DCTERMS.date, Literal(r.date, datatype=XSD.date)))
    if r.url:
        g.add((d, DCTERMS.source, URIRef(safe_iri(r.url))))
    if r.author:
        g.add((d, DCTERMS.creator, entity_iri(r.author)))
    else:
        author = anonymous_author_iri(r.stem)
        g.add((d, DCTERMS.creator, author))
        g.add((author, RDF.type, PROV.Agent))
        g.add((author, RDFS.comment,
               Literal(f"The unnamed author of {r.file_name}: holds its author's stances.",
                       lang="en")))
    if r.author_role:
        g.add((d, KG.authorRole, Literal(r.author_role, lang="en")))
    if r.outlet:
        g.add((d, DCTERMS.publisher, entity_iri(r.outlet)))
    counts: dict[str, int] = {}
    for m in r.mentions:
        counts[m.entity] = counts.get(m.entity, 0) + 1
        node = mention_iri(r.stem, m.start, m.end)
        g.add((node, RDF.type, KG.Mention))
        g.add((node, KG.inDocument, d))
        g.add((node, KG.refersTo, entity_iri(m.entity)))
        g.add((node, KG.surface, Literal(m.surface)))
        g.add((node, KG.startOffset, Literal(m.start)))
        g.add((node, KG.endOffset, Literal(m.end)))
    for entity_id, n in counts.items():
        g.add((d, KG.mentions, entity_iri(entity_id)))
        occ = occurrence_iri(r.stem, entity_id)
        g.add((occ, RDF.type, KG.Occurrence))
        g.add((occ, KG.inDocument, d))
        g.add((occ, KG.refersTo, entity_iri(entity_id)))
        g.add((occ, KG["count"], Literal(n)))


def _add_statement(g: Graph, m: _Merged) -> None:
    st = m.statement
    h = statement_hash(st)
    relation = st.kind == "relation"
    s = KGR[f"{'relation' if relation else 'stance'}/{h}"]
    if relation:
        g.add((s, RDF.type, KG.Relation if st.core else KG.UnassertedRelation))
        g.add((s, KG.relationType, KG[st.type]))
        g.add((s, KG.subject, entity_iri(st.subject)))
        g.add((s, KG.object, entity_iri(st.object)))
        if st.core:
            g.add((entity_iri(st.subject), KG[st.type], entity_iri(st.object)))
        coding = EVENT_CODING.get(st.type)
    else:
        g.add((s, RDF.type, KG.Stance if st.core else KG.UnassertedStance))
        g.add((s, KG.holder, entity_iri(st.subject)))
        g.add((s, KG.target, entity_iri(st.object)))
        g.add((s, KG.polarity, KG[st.polarity or "Support"]))
        coding = EVENT_CODING.get(f"{st.polarity}/{st.modality}") or EVENT_CODING.get(
            st.polarity or "")
    g.add((s, KG.modality, KG[st.modality]))
    g.add((s, KG.negated, Literal(st.negated)))
    if st.attributed_to:
        g.add((s, KG.attributedTo, entity_iri(st.attributed_to)))
    if coding:
        g.add((s, KG.ploverCategory, Literal(coding[0])))
        g.add((s, KG.goldstein, _decimal(coding[1])))
    for stem in sorted(m.docs):
        g.add((s, PROV.wasDerivedFrom, doc_iri(stem)))
    # the product in evidence order (document, offsets), so that the figure does not
    # depend on the order the documents were read in (kg.stream merges them that way)
    confidence = 1.0
    for _, ev in sorted(m.evidence.items()):
        confidence *= 1.0 - ev.confidence
    g.add((s, KG.confidence, _decimal(1.0 - confidence)))
    g.add((s, KG.evidenceCount, Literal(len(m.evidence))))
    for (doc, start, end), ev in sorted(m.evidence.items()):
        e = evidence_iri(doc, start, end, h)
        g.add((s, KG.evidence, e))
        g.add((e, RDF.type, KG.Evidence))
        g.add((e, RDF.type, PROV.Entity))
        g.add((e, PROV.wasQuotedFrom, doc_iri(doc)))
        g.add((e, KG.sentence, Literal(ev.sentence)))
        g.add((e, KG.startOffset, Literal(start)))
        g.add((e, KG.endOffset, Literal(end)))
        g.add((e, KG.rule, Literal(ev.rule)))
        g.add((e, KG.confidence, _decimal(ev.confidence)))


def _decimal(x: float) -> Literal:
    return Literal(f"{x:.3f}", datatype=XSD.decimal)


def serialize(g: Graph) -> bytes:
    """Turtle by rdflib (small graphs, tests); `kg build` streams its own (kg.stream)."""
    return g.serialize(format="turtle", encoding="utf-8")
