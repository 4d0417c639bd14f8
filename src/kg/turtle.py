"""Turtle written as text, a subject block at a time, without an rdflib Graph in memory.

rdflib's serializer needs the whole graph in memory and orders subjects by how often they
are referenced, a global property that changes whenever any document changes. `kg build`
streams graphs of many thousands of articles, so it renders terms and subject blocks here,
in an order fixed by the caller, and each block stands alone: a document's block can be
cached and copied verbatim into the next build. Terms are rendered the way rdflib reads them
back (the lexical form of every literal is kept), which `tests/test_scale.py` checks by
parsing the output and comparing it with `kg.graph.build_graph`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from kg.graph import PREFIXES

#: Namespaces tried when shortening an IRI, longest first (`kge:` before `kgr:`).
_NAMESPACES = sorted(((str(ns), p) for p, ns in PREFIXES.items()), key=lambda t: -len(t[0]))
#: A local name that needs no escaping in a prefixed name (a conservative PN_LOCAL).
_LOCAL = re.compile(r"[A-Za-z0-9_](?:[A-Za-z0-9_.\-]*[A-Za-z0-9_\-])?\Z")
#: Characters that may not appear raw in an IRIREF.
_IRI_BAD = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_STRING_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"}
_STRING_BAD = re.compile(r'["\\\x00-\x1f\x7f]')

XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def header() -> str:
    """The @prefix lines of every file kg writes, in a fixed order."""
    return "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in sorted(
        (p, str(ns)) for p, ns in PREFIXES.items())) + "\n"


def iri(value: str) -> str:
    """An IRI as a prefixed name where one is safe, else `<...>` with illegal characters
    escaped (`\\u0020`): rdflib and Oxigraph read both back to the same IRI."""
    for ns, prefix in _NAMESPACES:
        if value.startswith(ns):
            local = value[len(ns):]
            if _LOCAL.match(local):
                return f"{prefix}:{local}"
            break
    if _IRI_BAD.search(value):
        value = _IRI_BAD.sub(lambda m: f"\\u{ord(m.group()):04X}", value)
    return f"<{value}>"


def string(text: str, lang: str | None = None) -> str:
    """A string literal (`"..."`, or `"..."@en` with a language tag)."""
    if _STRING_BAD.search(text):
        text = _STRING_BAD.sub(
            lambda m: _STRING_ESCAPES.get(m.group(), f"\\u{ord(m.group()):04X}"), text)
    return f'"{text}"@{lang}' if lang else f'"{text}"'


def integer(n: int) -> str:
    """An xsd:integer (Turtle's bare integer syntax)."""
    return str(int(n))


def boolean(b: bool) -> str:
    """An xsd:boolean."""
    return "true" if b else "false"


def decimal(x: float) -> str:
    """An xsd:decimal with three places, the lexical form `kg.graph` gives it."""
    return f"{x:.3f}"


def typed(lexical: str, datatype: str) -> str:
    """A literal with a datatype IRI (`"2017-08-03"^^xsd:date`)."""
    return f"{string(lexical)}^^{iri(datatype)}"


class Blocks:
    """Subject blocks collected for one part of a graph, deduplicated, rendered in order.

    Subjects are kept in the order they are first added (the caller adds them in a
    deterministic order); within a subject, `rdf:type` comes first as `a`, then the
    predicate-object pairs sorted. A triple added twice is written once, so `triples` is the
    number of distinct triples of the part.
    """

    def __init__(self) -> None:
        self._subjects: dict[str, set[tuple[str, str]]] = {}

    def add(self, s: str, p: str, o: str) -> None:
        """Add one triple: subject, predicate and object already rendered by this module."""
        pairs = self._subjects.get(s)
        if pairs is None:
            pairs = self._subjects[s] = set()
        pairs.add((p, o))

    @property
    def triples(self) -> int:
        return sum(len(v) for v in self._subjects.values())

    def __bool__(self) -> bool:
        return bool(self._subjects)

    def render(self) -> str:
        """The blocks as Turtle text, each ended by a blank line."""
        return "".join(render_subject(s, pairs) for s, pairs in self._subjects.items())


_A = iri(RDF_TYPE)


def render_subject(subject: str, pairs: Iterable[tuple[str, str]]) -> str:
    """One subject with all its predicate-object pairs, in the order described in Blocks."""
    ordered = sorted(pairs, key=lambda po: (po[0] != _A, po))
    lines: list[str] = []
    last = None
    for p, o in ordered:
        if p == last:
            lines[-1] += f", {o}"
        else:
            lines.append(f"{'a' if p == _A else p} {o}")
            last = p
    return subject + " " + " ;\n    ".join(lines) + " .\n\n"
