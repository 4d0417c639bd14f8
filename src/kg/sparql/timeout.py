"""Stop a query at its timeout: pyoxigraph cannot cancel one, so it runs where it can be killed.

Where fork exists (Linux, macOS) the query runs in a forked child that shares the loaded
graph copy-on-write, writes its answer to a pipe and is killed at the deadline; a thread
left running instead would keep burning a core after the client has been told "timeout".
Elsewhere a thread is used and abandoned at the deadline (the answer is the same).
The parent never evaluates while it forks, so no lock of the store is held in the child.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import select
import signal
import sys
import threading
import time
import warnings
from collections.abc import Callable
from typing import TypeVar

from kg.sparql.errors import QueryTimeout, SparqlError

# Forking a threaded server to evaluate one query is what this module means to do: the
# child only evaluates and writes to a pipe (Python 3.12+ warns about fork with threads).
warnings.filterwarnings("ignore", message=r".*use of fork\(\) may lead to deadlocks",
                        category=DeprecationWarning)

T = TypeVar("T")


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
