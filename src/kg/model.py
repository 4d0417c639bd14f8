"""What extraction produces: plain data, no spaCy and no RDF, so every stage can use it."""

from __future__ import annotations

from dataclasses import dataclass, field

#: Modalities of a statement (see GUIDE §5): only asserted (and certain future) facts are
#: relations of the scored core; the rest is kept, with its modality, as unasserted.
ASSERTED, NORMATIVE, POSSIBLE, HYPOTHETICAL, FUTURE = (
    "Asserted", "Normative", "Possible", "Hypothetical", "Future",
)
SUPPORT, OPPOSE = "Support", "Oppose"


@dataclass(frozen=True)
class Entity:
    """A real-world thing: from the gazetteer, or named only by the statistical NER."""

    id: str
    label: str
    cls: str
    aliases: tuple[str, ...] = ()
    wikidata: str | None = None
    origin: str = "gazetteer"
    confidence: float = 1.0


@dataclass(frozen=True)
class Mention:
    entity: str  # entity id
    start: int  # offsets in the source file
    end: int
    surface: str
    zone: str = "body"


@dataclass(frozen=True)
class Evidence:
    """The sentence a statement was read from, and how."""

    doc: str  # document stem
    sentence: str
    start: int
    end: int
    rule: str
    confidence: float


@dataclass
class Statement:
    """A relation (`kind="relation"`) or a stance (`kind="stance"`) with its factuality."""

    kind: str
    type: str  # relation type, or "stance"
    subject: str  # entity id (relation subject, stance holder)
    object: str  # entity id (relation object, stance target)
    polarity: str | None = None  # stances: SUPPORT or OPPOSE
    modality: str = ASSERTED
    negated: bool = False
    attributed_to: str | None = None  # entity id of who says so
    evidence: list[Evidence] = field(default_factory=list)

    @property
    def core(self) -> bool:
        """In the scored core: asserted (or certain future) facts, and guide-defined stances."""
        if self.kind == "relation":
            return not self.negated and self.modality in (ASSERTED, FUTURE)
        # a negated report ("Beijing refused to condemn Moscow") says what a holder did not
        # do, not where it stands: kept, flipped, but outside the core
        return self.modality != HYPOTHETICAL and not self.negated

    @property
    def key(self) -> tuple[str, ...]:
        if self.kind == "relation":
            a, b = self.subject, self.object
            if self.type in ("meetsWith", "cooperatesWith"):
                a, b = sorted((a, b))
            return ("relation", a, self.type, b, self.modality, str(self.negated))
        return ("stance", self.subject, self.object, self.polarity or "", self.modality,
                str(self.negated))


@dataclass
class DocumentRecord:
    """One article's metadata, mentions and statements, ready for the graph."""

    file_name: str
    stem: str
    title: str | None
    date: str | None
    url: str | None
    outlet: str | None  # entity id of the news outlet
    author: str | None  # entity id of the named author, None when anonymous
    author_role: str | None
    mentions: list[Mention] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    entities: dict[str, Entity] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
