"""Run read-only SPARQL over a built graph with pyoxigraph: the engine of `kg query`,
`kg serve` and `kg.load()`, so that one query gives one answer wherever it is run.

The graph is the Oxigraph store `kg build` writes (`OUT/graph.oxigraph`), opened read-only
and queried in place — no parsing, no copy, so a million triples answer in milliseconds —
or, when there is no store, a graph file (Turtle, N-Triples, TriG, ...) loaded into memory.
Either way the ontology (`ontology/kg.ttl`) sits in the named graph `kgr:graph/ontology`
and queries see the union of all graphs, so `?x a/rdfs:subClassOf* kg:Actor` finds people,
states and organisations. The prefixes of `kg.sparql.prefixes` are predeclared.

Update and SERVICE are refused before evaluation (`kg.sparql.check`); a timeout is
enforced by `kg.sparql.timeout`; a row limit caps the answer and says it did.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from kg.sparql.check import check_query, is_update, syntax_error
from kg.sparql.errors import (
    GraphError,
    QuerySyntaxError,
    QueryTimeout,
    ServiceRefused,
    SparqlError,
    UpdateRefused,
)
from kg.sparql.prefixes import ONTOLOGY_GRAPH, PREFIXES
from kg.sparql.timeout import run_with_timeout

if TYPE_CHECKING:
    import pyoxigraph as ox

__all__ = [
    "AskResult", "Engine", "GraphError", "GraphResult", "QuerySyntaxError", "QueryTimeout",
    "Result", "SelectResult", "ServiceRefused", "SparqlError", "UpdateRefused", "check_query",
    "is_update", "resolve_graph", "run_with_timeout",
]

#: Where `kg build` writes the graph; every command's `--graph` default.
DEFAULT_GRAPH = Path("output/graph.ttl")
#: Suffix of the Oxigraph store the build writes beside graph.ttl (graph.oxigraph).
STORE_SUFFIX = ".oxigraph"

T = TypeVar("T")


# --- results ------------------------------------------------------------------------------

@dataclass
class SelectResult:
    """The rows of a SELECT: `rows[i][j]` is the value of `variables[j]` (None if unbound)."""

    variables: list[str]
    rows: list[tuple]
    truncated: bool = False  # the row limit cut the answer short

    def dicts(self) -> list[dict[str, object]]:
        return [dict(zip(self.variables, row, strict=True)) for row in self.rows]


@dataclass
class AskResult:
    """The answer of an ASK."""

    value: bool
    truncated: bool = False


@dataclass
class GraphResult:
    """The triples of a CONSTRUCT or DESCRIBE."""

    triples: list = field(default_factory=list)
    truncated: bool = False


Result = SelectResult | AskResult | GraphResult


# --- finding and opening the graph --------------------------------------------------------

def is_store_dir(path: Path) -> bool:
    """An Oxigraph (RocksDB) store directory, as `Store(path)` writes it."""
    return path.is_dir() and (path / "CURRENT").is_file()


def resolve_graph(path: str | os.PathLike | None = None, *, store: bool = True) -> Path:
    """The store directory or graph file a `--graph` argument means.

    None means output/graph.ttl. A build folder, or its graph.ttl, means the store the
    build wrote beside it (`graph.oxigraph/`, the same triples, ready to query) when there
    is one and `store` is true, else the graph.ttl; a store directory or any other RDF file
    means itself. Raises GraphError with the message the CLI prints.
    """
    p = Path(path) if path is not None else DEFAULT_GRAPH
    if is_store_dir(p):
        return p
    if p.is_dir():
        found = [c for c in (p / f"graph{STORE_SUFFIX}", p / "graph.ttl")
                 if is_store_dir(c) or c.is_file()]
        if not found:
            raise GraphError(f"{p}: no graph.ttl in this folder; run `kg build` first")
        return found[0] if store else found[-1]
    beside = p.with_suffix(STORE_SUFFIX)
    if store and p.name == "graph.ttl" and is_store_dir(beside):
        return beside
    if p.is_file():
        return p
    raise GraphError(f"{p}: no such graph; run `kg build` first")


def rdf_format(path: Path) -> ox.RdfFormat:
    """The RDF syntax of a file, from its extension (Turtle when unknown)."""
    import pyoxigraph as ox

    ext = path.suffix.lstrip(".").lower()
    aliases = {"turtle": "ttl", "json": "jsonld", "xml": "rdf", "owl": "rdf"}
    return ox.RdfFormat.from_extension(aliases.get(ext, ext)) or ox.RdfFormat.TURTLE


def ontology_files() -> list[Path]:
    """The OWL ontology queries see beside the graph: ontology/kg.ttl, as in the build's store.

    The SHACL shapes (shapes.ttl) are for validating, not data to query, and stay out.
    """
    from kg.config import ontology_dir

    ttl = ontology_dir() / "kg.ttl"
    return [ttl] if ttl.is_file() else []


def _one_line(exc: BaseException, width: int = 300) -> str:
    text = " ".join(str(exc).split())
    return text if len(text) <= width else text[: width - 1] + "…"


def open_graph(source: Path, *, ontology: bool = True,
               in_memory: bool = False) -> tuple[ox.Store, list | None]:
    """(store, default graph) for a resolved source: the graphs a query's default graph is
    made of, or None for the union of every graph (the data and the ontology).

    A build's store is opened read-only and used as it is, or with `in_memory` copied into
    memory first: on disk every term of an answer is a RocksDB read, in memory a hash
    lookup, so whole-table queries answer two to eight times faster, for 0.35-0.6 GB of
    memory and some 20 seconds of copying per million triples (docs/performance.md). A graph
    file is loaded into an in-memory store with the ontology in its named graph, the same
    layout.
    """
    import pyoxigraph as ox

    onto = ox.NamedNode(ONTOLOGY_GRAPH)
    try:
        if is_store_dir(source):
            store = ox.Store.read_only(str(source))
            missing = ontology and not store.contains_named_graph(onto) and ontology_files()
            if in_memory or missing:  # (a store kg build did not write lacks the ontology)
                memory = ox.Store()
                memory.bulk_extend(store)
                store = memory
        else:
            store = ox.Store()
            store.bulk_load(path=str(source), format=rdf_format(source))
    except (SyntaxError, ValueError, OSError) as exc:
        raise GraphError(f"{source}: cannot read the graph: {_one_line(exc)}") from exc
    if ontology and not store.contains_named_graph(onto):
        for ttl in ontology_files():
            try:
                store.bulk_load(path=str(ttl), format=ox.RdfFormat.TURTLE, to_graph=onto)
            except (SyntaxError, ValueError, OSError) as exc:
                raise GraphError(f"{ttl}: cannot read the ontology: {_one_line(exc)}") from exc
    if ontology:
        return store, None
    return store, [ox.DefaultGraph(), *(g for g in store.named_graphs() if g != onto)]


# --- evaluation ---------------------------------------------------------------------------

def evaluate(store: ox.Store, query: str, *, limit: int | None = None,
             default_graph: list | None = None, default_graphs: Sequence[str] = (),
             named_graphs: Sequence[str] = ()) -> Result:
    """Run a checked query in this process (no timeout). Raises SparqlError subclasses.

    `default_graph` is the engine's (see open_graph); `default_graphs` and `named_graphs`
    are the IRIs a SPARQL Protocol request names, which take precedence.
    """
    import pyoxigraph as ox

    check_query(query)
    options: dict[str, Any] = {"prefixes": dict(PREFIXES)}
    if default_graphs:
        options["default_graph"] = [ox.NamedNode(g) for g in default_graphs]
    elif default_graph is not None:
        options["default_graph"] = default_graph
    else:
        options["use_default_graph_as_union"] = True
    if named_graphs:
        options["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
    try:
        answer = store.query(query, **options)
        if isinstance(answer, ox.QueryBoolean):
            return AskResult(bool(answer))
        if isinstance(answer, ox.QuerySolutions):
            variables = [v.value for v in answer.variables]
            rows, truncated = _take(answer, limit)
            return SelectResult(variables, [tuple(row) for row in rows], truncated)
        triples, truncated = _take(answer, limit)
        return GraphResult(triples, truncated)
    except SyntaxError as exc:
        raise syntax_error(exc, query) from None
    except (OSError, ValueError, RuntimeError) as exc:
        raise SparqlError(f"the query failed: {_one_line(exc)}") from None


def _take(items: Iterable[T], limit: int | None) -> tuple[list[T], bool]:
    if limit is None or limit <= 0:
        return list(items), False
    taken = list(itertools.islice(items, limit + 1))
    return taken[:limit], len(taken) > limit


class Engine:
    """A graph that answers SPARQL queries, with a default timeout and row limit."""

    def __init__(self, store: ox.Store, *, source: Path | None = None,
                 default_graph: list | None = None, timeout: float | None = None,
                 limit: int | None = None) -> None:
        self.store = store
        self.source = source
        self.default_graph = default_graph
        self.timeout = timeout
        self.limit = limit

    @classmethod
    def load(cls, path: str | os.PathLike | None = None, *, ontology: bool = True,
             in_memory: bool = False, timeout: float | None = None,
             limit: int | None = None) -> Engine:
        """The graph at `path` (see resolve_graph), with the ontology unless told otherwise;
        `in_memory` copies a build's store into memory (see open_graph)."""
        source = resolve_graph(path)
        store, default_graph = open_graph(source, ontology=ontology, in_memory=in_memory)
        return cls(store, source=source, default_graph=default_graph, timeout=timeout,
                   limit=limit)

    def query(self, query: str, *, timeout: float | None = None, limit: int | None = None,
              default_graphs: Sequence[str] = (), named_graphs: Sequence[str] = ()) -> Result:
        """Answer a query; `timeout` and `limit` default to the engine's own (0: none)."""
        check_query(query)  # refuse here too: no fork for a request that is refused anyway
        timeout = self.timeout if timeout is None else timeout
        limit = self.limit if limit is None else limit
        return run_with_timeout(
            lambda: evaluate(self.store, query, limit=limit, default_graph=self.default_graph,
                             default_graphs=default_graphs, named_graphs=named_graphs),
            timeout)

    def triples(self) -> list[ox.Triple]:
        """The graph's distinct triples without the ontology, sorted: what exports write."""
        import pyoxigraph as ox

        onto = ox.NamedNode(ONTOLOGY_GRAPH)
        unique = {ox.Triple(q.subject, q.predicate, q.object) for q in self.store
                  if q.graph_name != onto}
        return sorted(unique, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))

    def __len__(self) -> int:
        return len(self.store)
