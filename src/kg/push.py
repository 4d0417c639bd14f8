"""`kg push`: the built graph into a SPARQL 1.1 store, one named graph at a time.

One machine's Oxigraph store is enough for years of one outlet's news, not for everyone's;
a shared triple store (Virtuoso, Fuseki, GraphDB, Oxigraph's server...) is. The build's store
already holds the graph in named graphs (one per document, entities, and hash buckets of
statements and relation triples; see kg.store) with a digest of each, so pushing is:

* each named graph whose digest differs from what was last pushed to that endpoint is
  replaced there (Graph Store Protocol PUT, or SPARQL Update `DROP SILENT GRAPH` + `INSERT
  DATA`): a re-push replaces, never duplicates;
* each graph pushed before that the build no longer has (a removed article) is dropped;
* what was pushed is remembered in `OUT/.kg-push/` per endpoint, so the next push sends only
  what the next build changed. `--full` sends everything again (after the remote store was
  wiped, say).

HTTP authentication (Basic or Digest, whichever the server asks for) takes `--user` and the
password from `$KG_PUSH_PASSWORD` (or `--password`).
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

PROTOCOLS = ("gsp", "update")
#: Bytes of N-Triples per SPARQL Update request (several small graphs go together).
UPDATE_BATCH = 1 << 20


class PushError(Exception):
    """The push could not complete; the message is one line naming the endpoint."""


@dataclass
class PushResult:
    sent: int  # named graphs replaced
    dropped: int  # named graphs removed
    unchanged: int  # named graphs already up to date
    triples: int  # triples sent


def _state_path(out: Path, endpoint: str) -> Path:
    return out / ".kg-push" / f"{hashlib.sha256(endpoint.encode()).hexdigest()[:16]}.json"


def _read_state(path: Path, endpoint: str) -> dict[str, str]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("endpoint") != endpoint:
        return {}
    graphs = data.get("graphs")
    return graphs if isinstance(graphs, dict) else {}


def _write_state(path: Path, endpoint: str, graphs: dict[str, str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump({"endpoint": endpoint, "graphs": dict(sorted(graphs.items()))}, fh,
                  indent=0)
    os.replace(tmp, path)


class ChallengeAuth(httpx.Auth):
    """HTTP auth that answers the server's challenge: Digest (Virtuoso) or Basic (Fuseki).

    The first request goes without credentials; the scheme the 401 names is used from then
    on (httpx's DigestAuth then signs every later request without a round trip)."""

    def __init__(self, user: str, password: str) -> None:
        self._digest = httpx.DigestAuth(user, password)
        self._basic = httpx.BasicAuth(user, password)
        self._scheme: str | None = None

    def auth_flow(self, request: httpx.Request) -> Iterator[httpx.Request]:
        if self._scheme is None:
            response = yield request
            if response.status_code != 401:
                return
            challenge = response.headers.get("www-authenticate", "").lower()
            self._scheme = "digest" if challenge.startswith("digest") else "basic"
        chosen = self._digest if self._scheme == "digest" else self._basic
        yield from chosen.auth_flow(request)


def graphs_of(out: Path) -> tuple[Any, dict[str, str]]:
    """The build's store (opened for reading) and its named graphs with digests."""
    from kg.store import STORE_NAME, open_store, read_manifest

    folder = out / STORE_NAME
    manifest = read_manifest(folder)
    if manifest is None:
        raise PushError(f"{folder}: no graph store (run kg build without --no-store first)")
    return open_store(folder), manifest


def ntriples(store: Any, graph: str) -> bytes:
    """A named graph of the store as N-Triples (valid Turtle, and valid inside INSERT DATA)."""
    import pyoxigraph

    triples = [q.triple for q in store.quads_for_pattern(None, None, None,
                                                          pyoxigraph.NamedNode(graph))]
    return pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.N_TRIPLES) or b""


def push(out: Path, endpoint: str, protocol: str = "gsp", user: str | None = None,
         password: str | None = None, full: bool = False, timeout: float = 120.0,
         progress: Callable[[int], None] | None = None) -> PushResult:
    """Bring the named graphs at `endpoint` to those of the build in `out` (see module doc)."""
    if protocol not in PROTOCOLS:
        raise PushError(f"unknown protocol {protocol!r} (use gsp or update)")
    store, manifest = graphs_of(out)
    state_file = _state_path(out, endpoint)
    pushed = {} if full else _read_state(state_file, endpoint)
    send = [g for g, d in manifest.items() if pushed.get(g) != d]
    drop = [g for g in pushed if g not in manifest]
    auth = ChallengeAuth(user, password or "") if user else None
    result = PushResult(0, 0, len(manifest) - len(send), 0)
    with httpx.Client(auth=auth, timeout=timeout) as client:
        try:
            if protocol == "gsp":
                for graph in drop:
                    _check(client.delete(endpoint, params={"graph": graph}), endpoint, graph,
                           ok_missing=True)
                    pushed.pop(graph, None)
                    result.dropped += 1
                for n, graph in enumerate(send, 1):
                    body = ntriples(store, graph)
                    _check(client.put(endpoint, params={"graph": graph}, content=body,
                                      headers={"Content-Type": "text/turtle; charset=utf-8"}),
                           endpoint, graph)
                    pushed[graph] = manifest[graph]
                    result.sent += 1
                    result.triples += body.count(b"\n")
                    if progress:
                        progress(1)
                    if n % 500 == 0:
                        _write_state(state_file, endpoint, pushed)
            else:
                for batch in _update_batches(store, send, drop):
                    text, graphs, triples = batch
                    _check(client.post(endpoint, data={"update": text}), endpoint, graphs[0])
                    for graph in graphs:
                        if graph in manifest:
                            pushed[graph] = manifest[graph]
                            result.sent += 1
                        else:
                            pushed.pop(graph, None)
                            result.dropped += 1
                    result.triples += triples
                    if progress:
                        progress(len(graphs))
                    _write_state(state_file, endpoint, pushed)
        except httpx.HTTPError as exc:
            raise PushError(f"{endpoint}: {type(exc).__name__}: {exc}") from exc
        finally:
            _write_state(state_file, endpoint, pushed)
    return result


def _update_batches(store: Any, send: list[str], drop: list[str]
                    ) -> Iterator[tuple[str, list[str], int]]:
    """SPARQL Update requests of about UPDATE_BATCH bytes: drops, then replacements."""
    parts: list[str] = []
    graphs: list[str] = []
    size = triples = 0
    for graph in drop:
        parts.append(f"DROP SILENT GRAPH <{graph}>")
        graphs.append(graph)
    for graph in send:
        body = ntriples(store, graph).decode("utf-8")
        # INSERT ... WHERE {} rather than INSERT DATA: the ontology's blank nodes (OWL lists)
        # are fine in a template, while Virtuoso refuses them in INSERT DATA
        parts.append(f"DROP SILENT GRAPH <{graph}> ;\nINSERT {{ GRAPH <{graph}> {{\n"
                     f"{body}}} }} WHERE {{}}")
        graphs.append(graph)
        size += len(body)
        triples += body.count("\n")
        if size >= UPDATE_BATCH:
            yield " ;\n".join(parts), graphs, triples
            parts, graphs, size, triples = [], [], 0, 0
    if parts:
        yield " ;\n".join(parts), graphs, triples


def _check(response: Any, endpoint: str, graph: str, ok_missing: bool = False) -> None:
    if response.status_code < 300 or (ok_missing and response.status_code == 404):
        return
    detail = " ".join(response.text.split())[:200]
    raise PushError(f"{endpoint}: HTTP {response.status_code} for graph <{graph}>: {detail}")
