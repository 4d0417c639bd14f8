"""Trigger lexicons (ontology/lexicon/*.toml): the words rules react to, as data."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path


class LexiconError(ValueError):
    """A lexicon file that cannot be used; the message names the file and the problem."""


@dataclass
class Lexicon:
    relations: dict[str, dict[str, frozenset[str]]] = field(default_factory=dict)
    stances: dict[str, dict[str, frozenset[str]]] = field(default_factory=dict)
    names: dict[str, dict[str, frozenset[str]]] = field(default_factory=dict)

    @classmethod
    def load(cls, folder: Path) -> Lexicon:
        lex = cls()
        for name in ("relations", "stances", "names"):
            path = folder / f"{name}.toml"
            try:
                data = tomllib.loads(path.read_text(encoding="utf-8"))
            except (OSError, tomllib.TOMLDecodeError) as exc:
                raise LexiconError(f"{path}: {exc}") from None
            table: dict[str, dict[str, frozenset[str]]] = {}
            for section, words in data.items():
                if not isinstance(words, dict) or not all(
                    isinstance(v, list) and all(isinstance(w, str) for w in v)
                    for v in words.values()
                ):
                    raise LexiconError(f"{path}: [{section}] must hold lists of words")
                table[section] = {k: frozenset(w.lower() for w in v) for k, v in words.items()}
            setattr(lex, name, table)
        return lex

    def rel(self, rtype: str, key: str) -> frozenset[str]:
        return self.relations.get(rtype, {}).get(key, frozenset())

    def cue(self, section: str, key: str) -> frozenset[str]:
        return self.stances.get(section, {}).get(key, frozenset())

    @property
    def regions(self) -> tuple[str, ...]:
        return tuple(sorted(self.names.get("names", {}).get("regions", frozenset())))

    def is_entity_name(self, name: str) -> bool:
        """False for names the NER proposes that are not entities ("Oval Office", "Treaty")."""
        words = self.names.get("names", {})
        low = " ".join(name.lower().split())
        if low.removeprefix("the ") in words.get("not_entities", frozenset()):
            return False
        return not (len(low.split()) == 1 and low in words.get("generic", frozenset()))
