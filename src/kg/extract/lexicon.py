"""Trigger lexicons (ontology/lexicon/*.toml): the words rules react to, as data."""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path


class LexiconError(ValueError):
    """A lexicon file that cannot be used; the message names the file and the problem."""


@dataclass
class Lexicon:
    relations: dict[str, dict[str, frozenset[str]]] = field(default_factory=dict)
    stances: dict[str, dict[str, frozenset[str]]] = field(default_factory=dict)
    names: dict[str, dict[str, frozenset[str]]] = field(default_factory=dict)
    #: part of speech → lemma → the forms the pipeline must lemmatize to it
    lemmas: dict[str, dict[str, frozenset[str]]] = field(default_factory=dict)
    _triggers: dict[str, tuple[tuple[str, str], ...]] | None = field(default=None, repr=False)
    _cues: dict[tuple[str, str], frozenset[str]] = field(default_factory=dict, repr=False)
    _raw: dict[str, tuple[str, ...]] = field(default_factory=dict, repr=False)

    @classmethod
    def load(cls, folder: Path) -> Lexicon:
        lex = cls()
        for name in ("relations", "stances", "names", "lemmas"):
            path = folder / f"{name}.toml"
            if name == "lemmas" and not path.exists():
                continue  # corrections only: an ontology folder may have none
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
                if name == "names":
                    lex._raw.update({k: tuple(v) for k, v in words.items()})
            setattr(lex, name, table)
        return lex

    @property
    def triggers(self) -> dict[str, tuple[tuple[str, str], ...]]:
        """word → ((relation type, kind of trigger), ...): one look-up per token."""
        if self._triggers is None:
            index: dict[str, list[tuple[str, str]]] = {}
            for rtype, table in sorted(self.relations.items()):
                for kind in ("verbs", "partner_verbs", "nouns", "imposing_verbs",
                             "attending_verbs"):
                    for word in table.get(kind, ()):
                        index.setdefault(word, []).append((rtype, kind))
            self._triggers = {w: tuple(v) for w, v in index.items()}
        return self._triggers

    def rel(self, rtype: str, key: str) -> frozenset[str]:
        return self.relations.get(rtype, {}).get(key, frozenset())

    def cue(self, section: str, key: str) -> frozenset[str]:
        cached = self._cues.get((section, key))
        if cached is None:
            cached = self._cues[(section, key)] = self.stances.get(section, {}).get(
                key, frozenset())
        return cached

    def cues(self, section: str, *keys: str) -> frozenset[str]:
        """The words of several cue lists together (joined once, not at every sentence)."""
        return self._derived((section, "|".join(keys)), lambda: frozenset().union(
            *(self.cue(section, key) for key in keys)))

    def multiword(self, section: str, key: str) -> frozenset[str]:
        """The entries of a cue list that are phrases of several words (found by searching
        the sentence's text, not by matching a token)."""
        return self._derived((section, key + "+multiword"), lambda: frozenset(
            w for w in self.cue(section, key) if " " in w))

    @property
    def phrase_heads(self) -> frozenset[str]:
        """The verbs that start a phrasal attitude ("stand" of "stand behind")."""
        return self._derived(("*", "phrase_heads"), lambda: frozenset(
            ph.split()[0] for key in ("support_phrases", "oppose_phrases")
            for ph in self.cue("attitude", key)))

    @property
    def evaluative_words(self) -> frozenset[str]:
        """Every single word that can make a token evaluative (a fast first filter)."""
        return self._derived(("*", "evaluative"), lambda: frozenset(
            w for section in ("positive", "negative") for key in ("adjectives", "verbs", "nouns")
            for w in self.cue(section, key) if " " not in w))

    def _derived(self, key: tuple[str, str], make: Callable[[], frozenset[str]]
                 ) -> frozenset[str]:
        """A set made from the cue lists, made on first use and kept (the rules ask for it
        at every sentence)."""
        cached = self._cues.get(key)
        if cached is None:
            cached = self._cues[key] = make()
        return cached

    @property
    def regions(self) -> tuple[str, ...]:
        return tuple(sorted(self._raw.get("regions", ())))

    def is_entity_name(self, name: str) -> bool:
        """False for names the NER proposes that are not entities ("Oval Office", "Treaty")."""
        words = self.names.get("names", {})
        low = " ".join(name.lower().split())
        if low.removeprefix("the ") in words.get("not_entities", frozenset()):
            return False
        return not (len(low.split()) == 1 and low in words.get("generic", frozenset()))
