"""`kg serve`: a read-only SPARQL 1.1 Protocol endpoint and the graph page, stdlib only.

    GET  /sparql?query=...                   (also default-graph-uri, named-graph-uri)
    POST /sparql  application/x-www-form-urlencoded  query=...
    POST /sparql  application/sparql-query           the query as the body
    GET  /sparql                             a small form to try queries (and the named ones)
    GET  /                                   graph.html from beside the graph file

SELECT and ASK answers are negotiated by Accept: SPARQL JSON (the default), XML, CSV,
TSV, or an aligned text table for `text/plain`; CONSTRUCT and DESCRIBE give Turtle (the
default), JSON-LD, N-Triples or RDF/XML. A `format` parameter (json, xml, csv, tsv,
table, ttl, jsonld, nt, rdfxml) overrides Accept, for browsers and curl.

It is read-only and safe to point a browser tool at: SPARQL Update is refused with 403,
SERVICE with 400, every query is stopped at the timeout (503) and cut at the row limit
(the `X-KG-Truncated: true` header says so), and CORS lets a SPARQL client on another
origin (YASGUI, a notebook in the browser) call it. It listens on 127.0.0.1 by default.
"""

from __future__ import annotations

import html
import socket
import sys
import threading
import time
import urllib.parse
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING

from kg import __version__

if TYPE_CHECKING:
    from kg.sparql.engine import Engine, Result

MAX_BODY = 1 << 20  # bytes of a POSTed query
DEFAULT_TIMEOUT = 10.0
DEFAULT_LIMIT = 10_000

#: Result format → media types it answers to, in the server's order of preference.
SELECT_OFFERS: list[tuple[str, tuple[str, ...]]] = [
    ("json", ("application/sparql-results+json", "application/json")),
    ("xml", ("application/sparql-results+xml", "application/xml", "text/xml")),
    ("csv", ("text/csv",)),
    ("tsv", ("text/tab-separated-values",)),
    ("table", ("text/plain",)),
]
GRAPH_OFFERS: list[tuple[str, tuple[str, ...]]] = [
    ("ttl", ("text/turtle", "application/x-turtle", "application/turtle")),
    ("jsonld", ("application/ld+json", "application/json")),
    ("nt", ("application/n-triples", "text/plain")),
    ("rdfxml", ("application/rdf+xml", "application/xml", "text/xml")),
]
FORMAT_NAMES = {"json": "json", "xml": "xml", "csv": "csv", "tsv": "tsv", "table": "table",
                "text": "table", "ttl": "ttl", "turtle": "ttl", "jsonld": "jsonld",
                "json-ld": "jsonld", "nt": "nt", "ntriples": "nt", "rdfxml": "rdfxml",
                "rdf": "rdfxml"}
CONTENT_TYPES = {
    "json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
    "csv": "text/csv; charset=utf-8", "tsv": "text/tab-separated-values; charset=utf-8",
    "table": "text/plain; charset=utf-8", "ttl": "text/turtle; charset=utf-8",
    "jsonld": "application/ld+json", "nt": "application/n-triples",
    "rdfxml": "application/rdf+xml",
}
CORS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
    "Access-Control-Expose-Headers": "X-KG-Truncated, X-KG-Row-Limit, Content-Type",
    "Access-Control-Max-Age": "86400",
}


def negotiate(accept: str | None, offers: list[tuple[str, tuple[str, ...]]]) -> str | None:
    """The offer the Accept header prefers (q-values, then specificity, then our order).

    No header (or an empty one) means the first offer; None means nothing acceptable (406).
    """
    if not accept or not accept.strip():
        return offers[0][0]
    ranges = []
    for part in accept.split(","):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        q = 1.0
        for f in fields[1:]:
            if f.lower().startswith("q="):
                try:
                    q = float(f[2:])
                except ValueError:
                    q = 0.0
        ranges.append((media, q))
    best: tuple[float, int, int] | None = None
    chosen = None
    for order, (name, types) in enumerate(offers):
        for media_type in types:
            kind = media_type.split("/")[0]
            matches = [(q, 2 if r == media_type else 1 if r == f"{kind}/*" else 0)
                       for r, q in ranges if r in (media_type, f"{kind}/*", "*/*")]
            if not matches:
                continue
            q, specificity = max(matches, key=lambda m: (m[1], m[0]))  # most specific wins
            if q <= 0:
                continue
            key = (q, specificity, -order)
            if best is None or key > best:
                best, chosen = key, name
    return chosen


class SparqlServer(ThreadingHTTPServer):
    """The HTTP server: one engine, the page beside the graph, limits and logging."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], engine: Engine, *, page: Path | None,
                 quiet: bool = False, concurrency: int = 4) -> None:
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        super().__init__(address, Handler)
        self.engine = engine
        self.page = page
        self.quiet = quiet
        self.slots = threading.BoundedSemaphore(concurrency)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        shown = f"[{host}]" if ":" in str(host) else host
        return f"http://{shown}:{port}/"


class Handler(BaseHTTPRequestHandler):
    """Routes /, /sparql and OPTIONS; every response carries CORS headers."""

    server: SparqlServer
    server_version = f"kg/{__version__}"
    protocol_version = "HTTP/1.0"

    # --- plumbing -------------------------------------------------------------------------

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib name
        if not self.server.quiet:
            sys.stderr.write(f"{self.address_string()} {format % args}\n")

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        pass  # `_send` logs one line per request, with the size and the time

    def _send(self, status: int, body: bytes, content_type: str,
              headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in {**CORS, **(headers or {})}.items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)
        if not self.server.quiet:
            took = (time.monotonic() - getattr(self, "_started", time.monotonic())) * 1000
            line = self.requestline if len(self.requestline) <= 160 else (
                self.requestline[:159] + "…")
            sys.stderr.write(f'{self.address_string()} "{line}" {status} {len(body)} '
                             f"{took:.0f}ms\n")

    def _error(self, status: int, message: str) -> None:
        self._send(status, (message.rstrip() + "\n").encode(), "text/plain; charset=utf-8")

    def handle_one_request(self) -> None:
        self._started = time.monotonic()
        super().handle_one_request()

    # --- routes ---------------------------------------------------------------------------

    def do_OPTIONS(self) -> None:  # noqa: N802 - http.server's naming
        """CORS preflight: any origin may GET and POST queries."""
        requested = self.headers.get("Access-Control-Request-Headers")
        self._send(HTTPStatus.NO_CONTENT, b"", "text/plain", {
            "Access-Control-Allow-Headers": requested or "Content-Type, Accept",
            "Allow": "GET, POST, OPTIONS, HEAD"})

    def do_HEAD(self) -> None:  # noqa: N802
        self.do_GET()

    def do_GET(self) -> None:  # noqa: N802
        url = urllib.parse.urlsplit(self.path)
        if url.path in ("/", "/index.html", "/graph.html"):
            self._page()
        elif url.path == "/sparql":
            params = urllib.parse.parse_qs(url.query, keep_blank_values=True)
            if "update" in params:
                self._refuse_update()
            elif "query" not in params:
                self._form()
            else:
                self._answer(params)
        else:
            self._error(HTTPStatus.NOT_FOUND,
                        f"{url.path}: not found; the SPARQL endpoint is /sparql, the page is /")

    def do_POST(self) -> None:  # noqa: N802
        url = urllib.parse.urlsplit(self.path)
        if url.path != "/sparql":
            self._error(HTTPStatus.NOT_FOUND, f"{url.path}: not found; POST queries to /sparql")
            return
        length = self.headers.get("Content-Length")
        if length is None:
            self._error(HTTPStatus.LENGTH_REQUIRED, "a POST needs a Content-Length")
            return
        try:
            size = int(length)
        except ValueError:
            self._error(HTTPStatus.BAD_REQUEST, "Content-Length is not a number")
            return
        if size > MAX_BODY:
            self._error(HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
                        f"the request body is over {MAX_BODY} bytes")
            return
        body = self.rfile.read(size).decode("utf-8", errors="replace")
        media = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        params = urllib.parse.parse_qs(url.query, keep_blank_values=True)
        if media == "application/sparql-update":
            self._refuse_update()
        elif media == "application/sparql-query":
            self._answer({**params, "query": [body]})
        elif media in ("application/x-www-form-urlencoded", ""):
            form = urllib.parse.parse_qs(body, keep_blank_values=True)
            merged = {**params, **form}
            if "update" in merged:
                self._refuse_update()
            elif "query" not in merged:
                self._error(HTTPStatus.BAD_REQUEST, "no query: send query=... in the form")
            else:
                self._answer(merged)
        else:
            self._error(HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
                        f"{media}: send application/sparql-query or a form (query=...)")

    # --- answers --------------------------------------------------------------------------

    def _refuse_update(self) -> None:
        from kg.sparql.engine import UpdateRefused

        self._error(HTTPStatus.FORBIDDEN, str(UpdateRefused()))

    def _answer(self, params: dict[str, list[str]]) -> None:
        from kg.sparql.engine import GraphResult, QueryTimeout, SparqlError

        queries = params["query"]
        if len(queries) != 1 or not queries[0].strip():
            self._error(HTTPStatus.BAD_REQUEST, "give exactly one non-empty query parameter")
            return
        query = queries[0]
        engine = self.server.engine
        if not self.server.slots.acquire(timeout=engine.timeout or None):
            self._error(HTTPStatus.SERVICE_UNAVAILABLE, "the server is busy; try again")
            return
        try:
            result = engine.query(query, default_graphs=params.get("default-graph-uri", []),
                                  named_graphs=params.get("named-graph-uri", []))
        except QueryTimeout as exc:
            self._error(HTTPStatus.SERVICE_UNAVAILABLE, str(exc))
            return
        except SparqlError as exc:
            self._error(exc.status, str(exc))
            return
        except Exception as exc:  # noqa: BLE001 - the client gets an answer, not a reset
            self._error(HTTPStatus.INTERNAL_SERVER_ERROR, f"the query failed: {exc}")
            return
        finally:
            self.server.slots.release()
        offers = GRAPH_OFFERS if isinstance(result, GraphResult) else SELECT_OFFERS
        fmt = self._format(params, offers)
        if fmt is None:
            wanted = ", ".join(t for _, types in offers for t in types[:1])
            self._error(HTTPStatus.NOT_ACCEPTABLE,
                        f"cannot answer as {self.headers.get('Accept')}; this answer comes as "
                        f"{wanted}")
            return
        self._send_result(result, fmt)

    def _format(self, params: dict[str, list[str]],
                offers: list[tuple[str, tuple[str, ...]]]) -> str | None:
        names = {name for name, _ in offers}
        for key in ("format", "output"):
            for value in params.get(key, []):
                value = value.strip().lower()
                if FORMAT_NAMES.get(value) in names:
                    return FORMAT_NAMES[value]
                if "/" in value:
                    found = negotiate(value, offers)
                    if found:
                        return found
        return negotiate(self.headers.get("Accept"), offers)

    def _send_result(self, result: Result, fmt: str) -> None:
        from kg.sparql.results import render

        headers = {"Vary": "Accept", "Cache-Control": "no-store"}
        if self.server.engine.limit:
            headers["X-KG-Row-Limit"] = str(self.server.engine.limit)
        if result.truncated:
            headers["X-KG-Truncated"] = "true"
        self._send(HTTPStatus.OK, render(result, fmt), CONTENT_TYPES[fmt], headers)

    # --- pages ----------------------------------------------------------------------------

    def _page(self) -> None:
        page = self.server.page
        if page is not None and page.is_file():
            self._send(HTTPStatus.OK, page.read_bytes(), "text/html; charset=utf-8")
            return
        where = html.escape(str(page)) if page else "beside the graph"
        body = (f"<!doctype html><meta charset=utf-8><title>No page</title>"
                f"<h1>No graph page</h1><p>There is no <code>{where}</code>. "
                "<code>kg build</code> writes it beside the graph (or run "
                "<code>kg render</code>). The SPARQL endpoint is at "
                "<a href='/sparql'>/sparql</a>.</p>\n")
        self._send(HTTPStatus.NOT_FOUND, body.encode(), "text/html; charset=utf-8")

    def _form(self) -> None:
        self._send(HTTPStatus.OK, form_page().encode(), "text/html; charset=utf-8", {
            "Content-Security-Policy":
                "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'"})


EXAMPLE = """SELECT ?holder ?polarity ?target WHERE {
  ?s a kg:Stance ; kg:holder/rdfs:label ?holder ; kg:polarity ?polarity ;
     kg:target/rdfs:label ?target .
} ORDER BY ?holder LIMIT 20"""


def form_page() -> str:
    """A self-contained page (no script, no network) to type a query or run a named one."""
    from kg.sparql import named_queries
    from kg.sparql.prefixes import prefix_block

    links = "".join(
        f"<li><a href='/sparql?{urllib.parse.urlencode({'query': q.text, 'format': 'table'})}'>"
        f"{html.escape(q.name)}</a> — {html.escape(q.title)}</li>"
        for q in named_queries().values())
    options = "".join(f"<option>{f}</option>" for f in
                      ("table", "json", "xml", "csv", "tsv", "ttl", "jsonld"))
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>kg SPARQL endpoint</title>
<style>body{{font:15px/1.45 system-ui,sans-serif;max-width:60em;margin:2em auto;padding:0 1em}}
textarea{{width:100%;font:13px ui-monospace,monospace}}pre{{background:#f4f4f4;padding:.5em}}
</style></head><body>
<h1>kg SPARQL endpoint</h1>
<p>A read-only SPARQL 1.1 endpoint over the graph: <code>GET /sparql?query=…</code> or
<code>POST /sparql</code>. These prefixes are predeclared:</p>
<pre>{html.escape(prefix_block())}</pre>
<form method="get" action="/sparql">
<textarea name="query" rows="12">{html.escape(EXAMPLE)}</textarea>
<p><label>Answer as <select name="format">{options}</select></label>
<button type="submit">Run</button></p></form>
<h2>Named queries</h2><ul>{links}</ul>
<p>The graph page is at <a href="/">/</a>.</p>
</body></html>
"""


def make_server(engine: Engine, *, host: str = "127.0.0.1", port: int = 8000,
                page: Path | None = None, quiet: bool = False) -> SparqlServer:
    """A server bound to host:port (port 0: any free port; see `.url`)."""
    return SparqlServer((host, port), engine, page=page, quiet=quiet)


def _stop_on_sigterm() -> None:
    """SIGTERM (a service manager, a test's terminate()) stops the server as Ctrl-C does."""
    import signal

    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, stop)


def serve(graph: str | Path | None = None, *, host: str = "127.0.0.1", port: int = 8000,
          timeout: float = DEFAULT_TIMEOUT, limit: int = DEFAULT_LIMIT,
          quiet: bool = False, in_memory: bool = False) -> None:
    """Load the graph and serve it until interrupted (Ctrl-C); `in_memory` copies the
    build's store into memory first (faster answers, see kg.sparql.engine.open_graph)."""
    from kg.sparql.engine import Engine

    if in_memory:
        print("kg: copying the graph into memory…", file=sys.stderr, flush=True)
    engine = Engine.load(graph, in_memory=in_memory, timeout=timeout or None,
                         limit=limit or None)
    source = engine.source or Path("output/graph.ttl")
    page = source.parent / "graph.html"  # a store directory's page sits beside it too
    server = make_server(engine, host=host, port=port, page=page, quiet=quiet)
    if host not in ("127.0.0.1", "localhost", "::1"):
        print(f"kg: listening on {host}: anyone who can reach this machine can query the graph",
              file=sys.stderr)
    where = " in memory" if in_memory else ""
    print(f"kg: serving {source}{where} ({len(engine)} triples) at {server.url} — SPARQL endpoint "
          f"{server.url}sparql; Ctrl-C stops", file=sys.stderr, flush=True)
    _stop_on_sigterm()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        print("kg: stopped", file=sys.stderr)
    finally:
        server.server_close()
