"""Extraction: a clean document → mentions, entities and statements with evidence.

`Extractor` holds what is loaded once per build (pipeline, gazetteer, lexicons);
`Extractor.extract` is a pure function of one document.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from spacy.tokens import Span

from kg.config import ontology_dir
from kg.extract.linking import Linked, Linker, Ref, slug
from kg.gazetteer import Gazetteer
from kg.ingest import Document
from kg.ingest.document import CLAIM_ZONES
from kg.model import DocumentRecord, Entity, Mention, Statement

__all__ = ["Extractor"]


class Extractor:
    """Everything extraction needs, loaded once: `Extractor().extract(document)`."""

    def __init__(self, pipeline: str | None = None, ontology: Path | None = None) -> None:
        from kg.extract.lexicon import Lexicon
        from kg.nlp import load_pipeline

        folder = ontology_dir(ontology)
        self.gazetteer = Gazetteer.load(folder / "gazetteer")
        self.lexicon = Lexicon.load(folder / "lexicon")
        self.nlp = load_pipeline(pipeline, self.gazetteer, self.lexicon.regions,
                                 self.lexicon.lemmas)
        self.linker = Linker(self.gazetteer, self.lexicon)

    @property
    def pipeline_version(self) -> str:
        meta = self.nlp.meta
        return f"{meta.get('lang')}_{meta.get('name')}-{meta.get('version')}"

    def extract(self, document: Document) -> DocumentRecord:
        docs = list(self.nlp.pipe(p.text.text for p in document.paragraphs))
        return self._record(document, docs)

    def extract_all(self, documents: Iterable[Document], batch_size: int = 64
                    ) -> Iterator[DocumentRecord]:
        for document in documents:
            yield self.extract(document)

    def _record(self, document: Document, docs: list) -> DocumentRecord:
        from kg.extract.relations import extract_relations
        from kg.extract.stances import extract_stances

        md = document.metadata
        zones = [p.zone for p in document.paragraphs]
        linked = self.linker.link(docs, zones, md.date,
                                  [p.text.text for p in document.paragraphs])
        record = DocumentRecord(
            file_name=document.file_name, stem=document.stem, title=md.title, date=md.date,
            url=md.url, outlet=None, author=None, author_role=md.author_role,
            notes=list(document.notes),
        )
        record.author = self._named_entity(md.author, "Person", linked) if md.author else None
        record.outlet = self._named_entity(md.outlet, "NewsOutlet", linked) if md.outlet else None
        record.mentions = self._mentions(document, linked)
        used = {m.entity for m in record.mentions} | {record.author, record.outlet}
        context = Context(document, linked, record, self.gazetteer, self.lexicon)
        record.statements = extract_relations(context) + extract_stances(context)
        for st in record.statements:
            used |= {st.subject, st.object}
        record.entities = {k: v for k, v in linked.entities.items() if k in used}
        return record

    def _named_entity(self, name: str, cls: str, linked: Linked) -> str:
        entry = self.gazetteer.lookup(name)
        if entry is not None:
            linked.entities[entry.id] = self.linker.entity(entry)
            return entry.id
        top = "Organization" if cls != "Person" else "Person"
        eid = f"ner/{top.lower()}/{slug(name)}"
        linked.entities.setdefault(eid, Entity(eid, name, cls, origin="metadata",
                                               confidence=0.9))
        return eid

    def _mentions(self, document: Document, linked: Linked) -> list[Mention]:
        out = []
        for para, doc, refs, words in zip(document.paragraphs, linked.docs, linked.refs,
                                          linked.words, strict=True):
            for ref in refs:
                if not ref.mention or not ref.ids:
                    continue
                span = doc[ref.start:ref.end]
                start, end = para.text.source_span(span.start_char, span.end_char)
                text = words.sentence(span)  # span.text
                for eid in ref.ids:
                    out.append(Mention(eid, start, end, text, para.zone))
        return sorted(set(out), key=lambda m: (m.start, m.end, m.entity))


class Context:
    """What the relation and stance extractors read: the linked document and its record."""

    def __init__(self, document: Document, linked: Linked, record: DocumentRecord,
                 gazetteer: Gazetteer, lexicon: object) -> None:
        self.document = document
        self.linked = linked
        self.record = record
        self.gazetteer = gazetteer
        self.lexicon = lexicon
        self.claim_paragraphs = [i for i, p in enumerate(document.paragraphs)
                                 if p.zone in CLAIM_ZONES]
        self._summits: list[str] | None = None
        #: what actors were reported to do to treaties and forums so far, in text order:
        #: "the decision" judged later stands for the last of them
        self.acts: list[Statement] = []

    def refs_in(self, para: int, sent: Span) -> list[Ref]:
        """The references inside one sentence."""
        return [r for r in self.linked.refs[para] if sent.start <= r.start < sent.end]

    def summits(self, compute: Callable[[], list[str]]) -> list[str]:
        """The summit events of the document (computed once)."""
        if self._summits is None:
            self._summits = compute()
        return self._summits

    @property
    def author(self) -> str:
        """The holder of the author's stances: the named author, or the anonymous one."""
        return self.record.author or f"author/anonymous/{self.record.stem}"
