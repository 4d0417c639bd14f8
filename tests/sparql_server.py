"""Start the real `kg serve` in a subprocess for a test, and always stop it.

Used by tests/test_serve.py and tests/test_sparql_everywhere.py (no fixtures here, so each
module decides the server's scope and options).
"""

from __future__ import annotations

import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx


def free_port() -> int:
    """A port nobody listens on at 127.0.0.1 right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def running_server(graph: Path, *options: str, wait: float = 30.0) -> Iterator[str]:
    """`kg serve --graph GRAPH --port P OPTIONS...` until the block ends; yields its base URL.

    The server is terminated (then killed) on the way out, whatever the block did.
    """
    port = free_port()
    log = tempfile.TemporaryFile()  # noqa: SIM115 - closed in the finally below
    proc = subprocess.Popen(
        [sys.executable, "-m", "kg.cli", "serve", "--graph", str(graph), "--port", str(port),
         *options], stdout=subprocess.DEVNULL, stderr=log)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + wait
        while True:
            if proc.poll() is not None:
                log.seek(0)
                raise RuntimeError(f"kg serve exited with {proc.returncode}: "
                                   f"{log.read().decode(errors='replace')}")
            try:
                if httpx.get(f"{url}/sparql", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"kg serve did not answer on {url} within {wait:g} s")
            time.sleep(0.05)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()
