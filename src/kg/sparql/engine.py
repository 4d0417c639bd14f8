"""Run read-only SPARQL over a built graph with pyoxigraph: the engine of `kg query` and `kg serve`.

A graph is loaded into an in-memory `pyoxigraph.Store` together with the ontology
(`ontology/*.ttl`), so that `?x a/rdfs:subClassOf* kg:Actor` finds people, states and
organisations. Queries see the prefixes of `kg.sparql.prefixes` predeclared.

What a public endpoint must not do is refused before evaluation, with a message that says
why: SPARQL Update (the graph is a build product; change the articles and rebuild) and
SERVICE (pyoxigraph would fetch any URL the query names, from the server's network).
A timeout is enforced by evaluating in a forked child process that is killed when time is
up — pyoxigraph cannot cancel a running query, and a thread left running would keep
burning a core after the client has been told "timeout". A row limit caps the answer.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import pickle
import re
import select
import signal
import sys
import threading
import time
import warnings
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from kg.sparql.prefixes import PREFIXES

if TYPE_CHECKING:
    import pyoxigraph as ox

# Forking a threaded server to evaluate one query is what this module means to do: the
# child only evaluates and writes to a pipe (Python 3.12+ warns about fork with threads).
warnings.filterwarnings("ignore", message=r".*use of fork\(\) may lead to deadlocks",
                        category=DeprecationWarning)

#: Where `kg build` writes the graph; every command's `--graph` default.
DEFAULT_GRAPH = Path("output/graph.ttl")
#: Name of an Oxigraph store directory the build may write beside graph.ttl.
STORE_SUFFIX = ".oxigraph"

#: First keywords of the SPARQL 1.1 Update operations.
UPDATE_KEYWORDS = frozenset(
    {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"})


# --- errors -------------------------------------------------------------------------------

class SparqlError(Exception):
    """A query that cannot be answered; `status` is the HTTP status `kg serve` replies with."""

    status = 400


class QuerySyntaxError(SparqlError):
    """The query does not parse; `line` and `column` are 1-based, in the text as written."""

    def __init__(self, line: int, column: int, detail: str) -> None:
        super().__init__(line, column, detail)
        self.line, self.column, self.detail = line, column, detail

    def __str__(self) -> str:
        return f"SPARQL syntax error at line {self.line}, column {self.column}: {self.detail}"

    def excerpt(self, text: str) -> str:
        """The offending line of `text` with a caret under the column, for a terminal."""
        lines = text.splitlines() or [""]
        line = lines[min(self.line, len(lines)) - 1]
        return f"  {line}\n  {' ' * max(self.column - 1, 0)}^"


class UpdateRefused(SparqlError):
    """SPARQL Update sent to a read-only graph."""

    status = 403

    def __init__(self, message: str = "") -> None:
        super().__init__(message or (
            "SPARQL Update is refused: the graph is read-only (it is rebuilt from the "
            "articles by `kg build`); send a query (SELECT, ASK, CONSTRUCT, DESCRIBE)"))


class ServiceRefused(SparqlError):
    """A federated query (SERVICE) that would make this machine fetch URLs."""

    def __init__(self, message: str = "") -> None:
        super().__init__(message or (
            "SERVICE is refused: federated queries would make this server fetch URLs; "
            "query the remote endpoint yourself"))


class QueryTimeout(SparqlError):
    """The query ran longer than the timeout and was stopped."""

    status = 503

    def __init__(self, seconds: float = 0.0) -> None:
        super().__init__(seconds)
        self.seconds = seconds

    def __str__(self) -> str:
        return (f"the query was stopped after {self.seconds:g} s (the timeout); narrow it "
                "down or raise --timeout")


class GraphError(Exception):
    """A graph that is missing or cannot be read; the message names the file."""


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


# --- the graph ----------------------------------------------------------------------------

def is_store_dir(path: Path) -> bool:
    """An Oxigraph (RocksDB) store directory, as `Store(path)` writes it."""
    return path.is_dir() and (path / "CURRENT").is_file()


def resolve_graph(path: str | os.PathLike | None = None) -> Path:
    """The graph file (or store directory) a `--graph` argument means.

    None means output/graph.ttl; a folder means its graph.ttl (or the folder itself when it
    is an Oxigraph store); a missing graph.ttl with a `graph.oxigraph/` store beside it
    means the store. Raises GraphError with the message the CLI prints.
    """
    p = Path(path) if path is not None else DEFAULT_GRAPH
    if p.is_dir():
        for candidate in (p / "graph.ttl", p / f"graph{STORE_SUFFIX}"):
            if candidate.is_file() or is_store_dir(candidate):
                return candidate
        if is_store_dir(p):
            return p
        raise GraphError(f"{p}: no graph.ttl in this folder; run `kg build` first")
    if p.is_file():
        return p
    beside = p.with_suffix(STORE_SUFFIX)
    if is_store_dir(beside):
        return beside
    raise GraphError(f"{p}: no such graph; run `kg build` first")


def rdf_format(path: Path) -> ox.RdfFormat:
    """The RDF syntax of a file, from its extension (Turtle when unknown)."""
    import pyoxigraph as ox

    ext = path.suffix.lstrip(".").lower()
    aliases = {"turtle": "ttl", "json": "jsonld", "xml": "rdf", "owl": "rdf"}
    return ox.RdfFormat.from_extension(aliases.get(ext, ext)) or ox.RdfFormat.TURTLE


def ontology_files() -> list[Path]:
    """The ontology's Turtle files (kg.ttl, shapes.ttl, ...), sorted."""
    from kg.config import ontology_dir

    folder = ontology_dir()
    return sorted(folder.glob("*.ttl")) if folder.is_dir() else []


def load_store(path: str | os.PathLike | None = None, *, ontology: bool = True) -> ox.Store:
    """An in-memory store holding the graph at `path` (see resolve_graph) and the ontology.

    Dataset formats (TriG, N-Quads) keep their named graphs; queries use the union of all
    graphs as their default graph, so the answer does not depend on the export format.
    """
    import pyoxigraph as ox

    source = resolve_graph(path)
    store = ox.Store()
    try:
        if is_store_dir(source):
            store.extend(ox.Store.read_only(str(source)))
        else:
            store.bulk_load(path=str(source), format=rdf_format(source))
    except (SyntaxError, ValueError, OSError) as exc:
        raise GraphError(f"{source}: cannot read the graph: {_one_line(exc)}") from exc
    if ontology:
        for ttl in ontology_files():
            try:
                store.bulk_load(path=str(ttl), format=ox.RdfFormat.TURTLE)
            except (SyntaxError, ValueError, OSError) as exc:
                raise GraphError(f"{ttl}: cannot read the ontology: {_one_line(exc)}") from exc
    return store


def _one_line(exc: BaseException, width: int = 300) -> str:
    text = " ".join(str(exc).split())
    return text if len(text) <= width else text[: width - 1] + "…"


# --- checking a query ---------------------------------------------------------------------

# Strings (long forms first), IRIs and comments: the parts of a query where a keyword is
# not a keyword. Scanning left to right keeps "#" inside an IRI or string out of comments.
_OPAQUE = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n\r]|\\.)*"'
    r"|'(?:[^'\\\n\r]|\\.)*'"
    r'|<[^<>"{}|^`\\\x00-\x20]*>'
    r"|#[^\n\r]*",
    re.S,
)
_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_PROLOGUE = re.compile(r"\s*(?:(?:PREFIX\s*[^\s:]*:\s*<>|BASE\s*<>)\s*)*", re.I)
# SERVICE as a keyword: not part of a prefixed name (ex:service, service:x), a variable
# (?service) or a language tag. A "." before it is allowed on purpose: "?o .SERVICE" is
# valid SPARQL, and refusing the rare local name "ex:a.service" is the safe mistake.
_SERVICE = re.compile(r"(?<![\w:?$@-])SERVICE(?![\w:-])", re.I)


def code_of(query: str) -> str:
    """The query with strings, IRIs and comments blanked out, escapes decoded as the parser does.

    SPARQL decodes \\uXXXX escapes anywhere in the query before parsing, so `\\u0053ERVICE`
    is SERVICE: the check must see what the parser will see.
    """
    decoded = _CODEPOINT.sub(lambda m: chr(int(m[1] or m[2], 16)), query)

    def blank(m: re.Match[str]) -> str:
        first = m[0][0]
        return " <> " if first == "<" else (" " if first == "#" else ' "" ')

    return _OPAQUE.sub(blank, decoded)


_WORD = re.compile(r"[A-Za-z]+")


def _is_update_code(code: str) -> bool:
    m = _WORD.match(code, _PROLOGUE.match(code).end())  # type: ignore[union-attr]
    return bool(m) and m[0].upper() in UPDATE_KEYWORDS


def is_update(query: str) -> bool:
    """The text is a SPARQL Update request (INSERT, DELETE, LOAD, CLEAR, DROP, ...)."""
    return _is_update_code(code_of(query))


def check_query(query: str) -> None:
    """Refuse what a read-only endpoint must not run: raises UpdateRefused or ServiceRefused."""
    code = code_of(query)
    if _is_update_code(code):
        raise UpdateRefused()
    if _SERVICE.search(code):
        raise ServiceRefused()


_SYNTAX = re.compile(r"error at (\d+):(\d+):\s*(.*)", re.S)


def _syntax_error(exc: SyntaxError) -> QuerySyntaxError:
    text = " ".join(str(exc).split())
    m = _SYNTAX.search(text)
    line, column, detail = (int(m[1]), int(m[2]), m[3]) if m else (1, 1, text)
    if "Prefix not found" in detail:
        known = ", ".join(f"{p}:" for p in PREFIXES)
        detail = f"undeclared prefix (declare it with PREFIX; predeclared: {known})"
    if len(detail) > 200:  # pyoxigraph lists every Unicode range a name may start with
        detail = detail[:200].rsplit(",", 1)[0] + ", …"
    return QuerySyntaxError(line, column, detail)


# --- evaluation ---------------------------------------------------------------------------

T = TypeVar("T")


def evaluate(store: ox.Store, query: str, *, limit: int | None = None,
             default_graphs: Sequence[str] = (), named_graphs: Sequence[str] = ()) -> Result:
    """Run a checked query in this process: no timeout. Raises SparqlError subclasses."""
    import pyoxigraph as ox

    check_query(query)
    options: dict[str, object] = {"prefixes": dict(PREFIXES)}
    if default_graphs:
        options["default_graph"] = [ox.NamedNode(g) for g in default_graphs]
    else:
        options["use_default_graph_as_union"] = True
    if named_graphs:
        options["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
    try:
        answer = store.query(query, **options)  # type: ignore[arg-type]
        if isinstance(answer, ox.QueryBoolean):
            return AskResult(bool(answer))
        if isinstance(answer, ox.QuerySolutions):
            variables = [v.value for v in answer.variables]
            rows, truncated = _take(answer, limit)
            return SelectResult(variables, [tuple(row) for row in rows], truncated)
        triples, truncated = _take(answer, limit)
        return GraphResult(triples, truncated)
    except SyntaxError as exc:
        raise _syntax_error(exc) from None
    except (OSError, ValueError, RuntimeError) as exc:
        raise SparqlError(f"the query failed: {_one_line(exc)}") from None


def _take(items: Iterable[T], limit: int | None) -> tuple[list[T], bool]:
    if limit is None or limit <= 0:
        return list(items), False
    taken = list(itertools.islice(items, limit + 1))
    return taken[:limit], len(taken) > limit


def run_with_timeout(fn: Callable[[], T], timeout: float | None) -> T:
    """`fn()`, stopped after `timeout` seconds (QueryTimeout); None or 0 means no limit.

    Where fork exists (Linux, macOS) `fn` runs in a forked child that shares the loaded
    store copy-on-write and is killed at the deadline; elsewhere in a thread, which is
    abandoned (it runs to its end in the background) — the answer is the same.
    """
    if not timeout or timeout <= 0:
        return fn()
    if hasattr(os, "fork"):
        return _run_forked(fn, timeout)
    return _run_threaded(fn, timeout)


def _run_forked(fn: Callable[[], T], timeout: float) -> T:
    deadline = time.monotonic() + timeout
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: answer, write it to the pipe, leave without cleanup
        try:
            os.close(read_fd)
            _limit_child(timeout)
            try:
                payload: tuple[str, object] = ("ok", fn())
            except BaseException as exc:  # noqa: BLE001 - every failure goes to the parent
                payload = ("error", exc)
            try:
                data = pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL)
            except Exception as exc:  # noqa: BLE001
                data = pickle.dumps(("error", SparqlError(f"the query failed: {exc}")))
            view = memoryview(data)
            while view:
                view = view[os.write(write_fd, view):]
        finally:
            os._exit(0)
    os.close(write_fd)
    chunks: list[bytes] = []
    finished = False
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([read_fd], [], [], left)[0]:
                raise QueryTimeout(timeout)
            chunk = os.read(read_fd, 1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
        finished = True
    finally:
        os.close(read_fd)
        if not finished:
            _kill(pid)
        _reap(pid)
    if not chunks:
        raise SparqlError("the query process ended without an answer")
    status, value = pickle.loads(b"".join(chunks))
    if status == "error":
        raise value  # type: ignore[misc]
    return value  # type: ignore[return-value]


def _limit_child(timeout: float) -> None:
    """Make sure a forked child cannot outlive its purpose, even if the parent dies.

    The parent kills it at the deadline; should the parent itself be killed first, Linux's
    parent-death signal ends the child, and a CPU-time limit a little past the timeout is
    the kernel's own backstop everywhere.
    """
    with contextlib.suppress(Exception):
        import resource

        seconds = int(timeout) + 2
        resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds + 1))
    if sys.platform.startswith("linux"):
        with contextlib.suppress(Exception):
            import ctypes

            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


def _kill(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)


def _reap(pid: int) -> None:
    """Wait for the child; one that wrote its answer but hangs on the way out is killed."""
    for _ in range(50):
        try:
            done, _status = os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            return
        if done:
            return
        time.sleep(0.01)
    _kill(pid)
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, 0)


def _run_threaded(fn: Callable[[], T], timeout: float) -> T:
    box: dict[str, object] = {}

    def work() -> None:
        try:
            box["ok"] = fn()
        except BaseException as exc:  # noqa: BLE001
            box["error"] = exc

    thread = threading.Thread(target=work, daemon=True, name="kg-sparql")
    thread.start()
    thread.join(timeout)
    if thread.is_alive():
        raise QueryTimeout(timeout)
    if "error" in box:
        raise box["error"]  # type: ignore[misc]
    return box["ok"]  # type: ignore[return-value]


class Engine:
    """A loaded graph that answers SPARQL queries, with a default timeout and row limit."""

    def __init__(self, store: ox.Store, *, source: Path | None = None,
                 timeout: float | None = None, limit: int | None = None) -> None:
        self.store = store
        self.source = source
        self.timeout = timeout
        self.limit = limit

    @classmethod
    def load(cls, path: str | os.PathLike | None = None, *, ontology: bool = True,
             timeout: float | None = None, limit: int | None = None) -> Engine:
        """The graph at `path` (see resolve_graph) with the ontology, ready to query."""
        source = resolve_graph(path)
        return cls(load_store(source, ontology=ontology), source=source, timeout=timeout,
                   limit=limit)

    def query(self, query: str, *, timeout: float | None = None, limit: int | None = None,
              default_graphs: Sequence[str] = (), named_graphs: Sequence[str] = ()) -> Result:
        """Answer a query; `timeout` and `limit` default to the engine's own."""
        check_query(query)  # refuse here too: no fork for a request that is refused anyway
        timeout = self.timeout if timeout is None else timeout
        limit = self.limit if limit is None else limit
        return run_with_timeout(
            lambda: evaluate(self.store, query, limit=limit, default_graphs=default_graphs,
                             named_graphs=named_graphs),
            timeout)

    def __len__(self) -> int:
        return len(self.store)
