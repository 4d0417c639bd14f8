"""What can go wrong with a query or a graph, each error carrying the HTTP status `kg serve` sends.

One set of exceptions for `kg query`, `kg serve` and `kg.load()`, so that the shell, the
endpoint and a notebook refuse the same things with the same words.
"""

from __future__ import annotations


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
