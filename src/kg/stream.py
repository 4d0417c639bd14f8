"""The graph of a corpus written as a stream: per-document parts as they come, merged parts last.

`kg.graph.build_graph` holds the whole graph in an rdflib Graph, which a corpus of years of
news does not fit in. The triples of docs/graph-model.md split in two:

* a document's own part: the document node, its anonymous author, its mentions and
  occurrences, and the evidence sentences read from it. These depend on that one document
  only, so a worker renders them to Turtle (`document_part`), the cache keeps the text, and
  the writer copies it to the output as soon as it arrives;
* the merged part: entities (the last document naming one gives its description, as in
  `build_graph`) and statements (one node per statement key, with every document and every
  evidence of it). Only what these need is kept (`DocumentPart.entities`, `statements`),
  in an SQLite file rather than in memory (`kg.merged`), and written sorted once every
  document is in.

`kg.writer.GraphWriter` writes graph.ttl and hands the same triples, in named graphs, to the store
loader: one graph per document (`kgr:graph/doc/{stem}`), one for entities
(`kgr:graph/entities`), and 256 buckets by hash for statements and for direct relation
triples (`kgr:graph/statements/{xx}`, `kgr:graph/relations/{xx}`), so that a store or a remote
endpoint replaces only the graphs whose content changed. The output depends
only on the documents and their order, never on which were cached or which process read
them; `tests/test_scale.py` checks it is the graph `build_graph` makes.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import quote

from kg import turtle as t
from kg.graph import (
    EVENT_CODING,
    KG,
    KGR,
    anonymous_author_iri,
    doc_iri,
    entity_iri,
    key_hash,
    safe_iri,
)
from kg.model import DocumentRecord, Entity, Evidence, Statement

_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_SKOS = "http://www.w3.org/2004/02/skos/core#"
_OWL = "http://www.w3.org/2002/07/owl#"
_DCT = "http://purl.org/dc/terms/"
_PROV = "http://www.w3.org/ns/prov#"
_WD = "http://www.wikidata.org/entity/"

A = t.iri(t.RDF_TYPE)
_P = {name: t.iri(str(KG[name])) for name in (
    "Document", "fileName", "authorRole", "mentions", "Mention", "inDocument", "refersTo",
    "surface", "startOffset", "endOffset", "Occurrence", "count", "Evidence", "sentence",
    "rule", "confidence", "origin", "Relation", "UnassertedRelation", "Stance",
    "UnassertedStance", "relationType", "subject", "object", "holder", "target", "polarity",
    "modality", "negated", "attributedTo", "ploverCategory", "goldstein", "evidenceCount",
    "evidence")}
_P.update({
    "label": t.iri(_RDFS + "label"), "comment": t.iri(_RDFS + "comment"),
    "altLabel": t.iri(_SKOS + "altLabel"), "sameAs": t.iri(_OWL + "sameAs"),
    "title": t.iri(_DCT + "title"), "date": t.iri(_DCT + "date"),
    "source": t.iri(_DCT + "source"), "creator": t.iri(_DCT + "creator"),
    "publisher": t.iri(_DCT + "publisher"), "Entity": t.iri(_PROV + "Entity"),
    "Agent": t.iri(_PROV + "Agent"), "wasQuotedFrom": t.iri(_PROV + "wasQuotedFrom"),
    "wasDerivedFrom": t.iri(_PROV + "wasDerivedFrom"),
})

#: Named graphs of the store and of `kg push`.
GRAPH_NS = str(KGR) + "graph/"
ENTITIES_GRAPH = GRAPH_NS + "entities"
STATEMENTS_GRAPH = GRAPH_NS + "statements"
ONTOLOGY_GRAPH = GRAPH_NS + "ontology"


def document_graph(stem: str) -> str:
    """The named graph holding one document's own triples."""
    return f"{GRAPH_NS}doc/{quote(stem, safe='-_.')}"


@dataclass(frozen=True)
class StatementPart:
    """What one document says about one statement key: the fields of its first statement
    with that key and the evidence it gives (start, end, confidence)."""

    key: str  # the key's fields joined by \x1f, as hashed for the IRI
    kind: str
    type: str
    subject: str
    object: str
    polarity: str | None
    modality: str
    negated: bool
    attributed_to: str | None
    core: bool
    evidence: tuple[tuple[int, int, float], ...]


def fragment_digest(data: bytes) -> str:
    """The digest of a document part's Turtle (UTF-8 bytes): its named graph's digest."""
    return hashlib.sha256(data).hexdigest()[:32]


@dataclass
class DocumentPart:
    """One document ready for the writer: its own triples as Turtle, and what the merged
    part needs from it. Plain data, so that workers can send it and the cache can keep it."""

    file_name: str
    stem: str
    fragment: str  # Turtle blocks, without @prefix lines
    triples: int
    entities: list[Entity] = field(default_factory=list)
    mentioned: list[str] = field(default_factory=list)
    statements: list[StatementPart] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    validated: bool = False

    @property
    def digest(self) -> str:
        """What identifies the document's named graph content (the store skips unchanged)."""
        return fragment_digest(self.fragment.encode())

    def to_json(self) -> dict:
        return {
            "file_name": self.file_name, "stem": self.stem, "fragment": self.fragment,
            "triples": self.triples, "mentioned": self.mentioned, "notes": self.notes,
            "validated": self.validated,
            "entities": [[e.id, e.label, e.cls, list(e.aliases), e.wikidata, e.origin,
                          e.confidence] for e in self.entities],
            "statements": [[s.key, s.kind, s.type, s.subject, s.object, s.polarity,
                            s.modality, s.negated, s.attributed_to, s.core,
                            [list(ev) for ev in s.evidence]] for s in self.statements],
        }

    @classmethod
    def from_json(cls, data: dict) -> DocumentPart:
        return cls(
            file_name=data["file_name"], stem=data["stem"], fragment=data["fragment"],
            triples=data["triples"], mentioned=data["mentioned"], notes=data["notes"],
            validated=data["validated"],
            entities=[Entity(i, label, c, tuple(al), wd, origin, conf)
                      for i, label, c, al, wd, origin, conf in data["entities"]],
            statements=[StatementPart(*row[:10], tuple(tuple(ev) for ev in row[10]))
                        for row in data["statements"]],
        )


# Terms rendered once and remembered: a corpus names the same few thousand entities, types and
# documents hundreds of thousands of times, and building an rdflib URIRef (validated) and
# percent-quoting for each is most of the cost of writing the merged part.

@functools.lru_cache(maxsize=1 << 16)
def _e(entity_id: str) -> str:
    return t.iri(str(entity_iri(entity_id)))


@functools.lru_cache(maxsize=1 << 10)
def _kg(name: str) -> str:
    return t.iri(str(KG[name]))


@functools.lru_cache(maxsize=1 << 14)
def _doc(stem: str) -> str:
    return t.iri(str(doc_iri(stem)))


@functools.lru_cache(maxsize=1 << 14)
def _under(kind: str, stem: str) -> str:
    """The start of the IRIs of a document's mentions or evidence: `kgr:{kind}/{stem}/`
    (`kg.graph.mention_iri` and `evidence_iri`, whose stem is quoted the same way)."""
    return f"{KGR}{kind}/{quote(stem, safe='-_.')}/"


def _evidence(stem: str, start: int, end: int, h: str) -> str:
    """`t.iri(str(evidence_iri(stem, start, end, h)))`, without an rdflib term."""
    return t.iri(f"{_under('evidence', stem)}{start}-{end}/{h}")


def _mention(stem: str, start: int, end: int) -> str:
    """`t.iri(str(mention_iri(stem, start, end)))`, without an rdflib term."""
    return t.iri(f"{_under('mention', stem)}{start}-{end}")


def _occurrence(stem: str, entity_id: str) -> str:
    """`t.iri(str(occurrence_iri(stem, entity_id)))`, without an rdflib term."""
    return t.iri(f"{_under('occurrence', stem)}{quote(entity_id, safe='/-')}")


def document_part(r: DocumentRecord) -> DocumentPart:
    """A document's own triples rendered to Turtle (the same triples `build_graph` adds for
    it, plus its evidence nodes), and its contribution to the merged part."""
    b = t.Blocks()
    d = _doc(r.stem)
    b.add(d, A, _P["Document"])
    b.add(d, A, _P["Entity"])
    b.add(d, _P["fileName"], t.string(r.file_name))
    if r.title:
        b.add(d, _P["title"], t.string(r.title, "en"))
    if r.date:
        b.add(d, _P["date"], t.typed(r.date, t.XSD + "date"))
    if r.url:
        b.add(d, _P["source"], t.iri(safe_iri(r.url)))
    if r.author:
        b.add(d, _P["creator"], _e(r.author))
    else:
        author = t.iri(str(anonymous_author_iri(r.stem)))
        b.add(d, _P["creator"], author)
    if r.author_role:
        b.add(d, _P["authorRole"], t.string(r.author_role, "en"))
    if r.outlet:
        b.add(d, _P["publisher"], _e(r.outlet))
    counts: dict[str, int] = {}
    for m in r.mentions:
        counts[m.entity] = counts.get(m.entity, 0) + 1
    for entity_id in counts:
        b.add(d, _P["mentions"], _e(entity_id))
    if not r.author:
        b.add(author, A, _P["Agent"])
        b.add(author, _P["comment"], t.string(
            f"The unnamed author of {r.file_name}: holds its author's stances.", "en"))
    for m in r.mentions:
        node = _mention(r.stem, m.start, m.end)
        b.add(node, A, _P["Mention"])
        b.add(node, _P["inDocument"], d)
        b.add(node, _P["refersTo"], _e(m.entity))
        b.add(node, _P["surface"], t.string(m.surface))
        b.add(node, _P["startOffset"], t.integer(m.start))
        b.add(node, _P["endOffset"], t.integer(m.end))
    for entity_id, n in counts.items():
        occ = _occurrence(r.stem, entity_id)
        b.add(occ, A, _P["Occurrence"])
        b.add(occ, _P["inDocument"], d)
        b.add(occ, _P["refersTo"], _e(entity_id))
        b.add(occ, _P["count"], t.integer(n))

    # statements: the first statement of each key gives the fields (as in build_graph);
    # every evidence of the key from this document, the first for each sentence span
    firsts: dict[tuple[str, ...], Statement] = {}
    evidence: dict[tuple[str, ...], dict[tuple[str, int, int], Evidence]] = {}
    for st in r.statements:
        firsts.setdefault(st.key, st)
        spans = evidence.setdefault(st.key, {})
        for ev in st.evidence:
            spans.setdefault((ev.doc, ev.start, ev.end), ev)
    statements = []
    evidence_blocks: list[tuple[tuple[str, int, int, str], Evidence]] = []
    for key, st in firsts.items():
        h = key_hash(key)
        spans = evidence[key]
        statements.append(StatementPart(
            "\x1f".join(key), st.kind, st.type, st.subject, st.object, st.polarity,
            st.modality, st.negated, st.attributed_to, st.core,
            tuple((s, e, ev.confidence) for (_, s, e), ev in sorted(spans.items()))))
        for (doc, start, end), ev in spans.items():
            evidence_blocks.append(((doc, start, end, h), ev))
    for (doc, start, end, h), ev in sorted(evidence_blocks, key=lambda x: x[0]):
        e = _evidence(doc, start, end, h)
        b.add(e, A, _P["Evidence"])
        b.add(e, A, _P["Entity"])
        b.add(e, _P["wasQuotedFrom"], _doc(doc))
        b.add(e, _P["sentence"], t.string(ev.sentence))
        b.add(e, _P["startOffset"], t.integer(start))
        b.add(e, _P["endOffset"], t.integer(end))
        b.add(e, _P["rule"], t.string(ev.rule))
        b.add(e, _P["confidence"], t.decimal(ev.confidence))
    return DocumentPart(
        file_name=r.file_name, stem=r.stem, fragment=b.render(), triples=b.triples,
        entities=[r.entities[k] for k in sorted(r.entities)],
        mentioned=sorted({m.entity for m in r.mentions}), statements=statements,
        notes=list(r.notes))


def entity_blocks(e: Entity) -> t.Blocks:
    """An entity's description (what `build_graph._add_entity` adds)."""
    b = t.Blocks()
    s = _e(e.id)
    b.add(s, A, _kg(e.cls))
    b.add(s, _P["label"], t.string(e.label, "en"))
    for alias in sorted(set(e.aliases) - {e.label}):
        b.add(s, _P["altLabel"], t.string(alias, "en"))
    if e.wikidata:
        b.add(s, _P["sameAs"], t.iri(_WD + e.wikidata))
    b.add(s, _P["origin"], t.string(e.origin))
    b.add(s, _P["confidence"], t.decimal(e.confidence))
    return b


def statement_graph(h: str) -> str:
    """The named graph of a statement: one of 256 buckets by its hash, so that a rebuild
    replaces the few buckets whose statements changed, not every statement."""
    return f"{GRAPH_NS}statements/{h[:2]}"


def relation_graph(subject: str, type_: str, obj: str) -> str:
    """The named graph of a direct relation triple (`kge:a kg:meetsWith kge:b`): 256
    buckets, apart from the statements, since two statements (asserted and future) can
    imply the same triple and a triple must sit in one graph only."""
    h = hashlib.sha1(f"{subject}\x1f{type_}\x1f{obj}".encode()).hexdigest()
    return f"{GRAPH_NS}relations/{h[:2]}"


def relation_triple(subject: str, type_: str, obj: str) -> str:
    """A direct relation triple as Turtle (`kge:a kg:meetsWith kge:b .`)."""
    return f"{_e(subject)} {_kg(type_)} {_e(obj)} .\n\n"


def statement_blocks(h: str, kind: str, type_: str, subject: str, obj: str,
                      polarity: str | None, modality: str, negated: bool,
                      attributed: str | None, core: bool, docs: Iterable[str],
                      evidence: list[tuple[str, int, int, float]]) -> t.Blocks:
    """A merged statement node (what `build_graph._add_statement` adds, less the evidence
    nodes, which are in their documents' parts)."""
    relation = kind == "relation"
    b = t.Blocks()
    s = t.iri(f"{KGR}{'relation' if relation else 'stance'}/{h}")
    if relation:
        b.add(s, A, _P["Relation" if core else "UnassertedRelation"])
        b.add(s, _P["relationType"], _kg(type_))
        b.add(s, _P["subject"], _e(subject))
        b.add(s, _P["object"], _e(obj))
        coding = EVENT_CODING.get(type_)
    else:
        b.add(s, A, _P["Stance" if core else "UnassertedStance"])
        b.add(s, _P["holder"], _e(subject))
        b.add(s, _P["target"], _e(obj))
        b.add(s, _P["polarity"], _kg(polarity or "Support"))
        coding = EVENT_CODING.get(f"{polarity}/{modality}") or EVENT_CODING.get(polarity or "")
    b.add(s, _P["modality"], _kg(modality))
    b.add(s, _P["negated"], t.boolean(negated))
    if attributed:
        b.add(s, _P["attributedTo"], _e(attributed))
    if coding:
        b.add(s, _P["ploverCategory"], t.string(coding[0]))
        b.add(s, _P["goldstein"], t.decimal(coding[1]))
    for stem in docs:
        b.add(s, _P["wasDerivedFrom"], _doc(stem))
    confidence = 1.0
    for _, _, _, c in evidence:
        confidence *= 1.0 - c
    b.add(s, _P["confidence"], t.decimal(1.0 - confidence))
    b.add(s, _P["evidenceCount"], t.integer(len(evidence)))
    for doc, start, end, _ in evidence:
        b.add(s, _P["evidence"], _evidence(doc, start, end, h))
    return b
