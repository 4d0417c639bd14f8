"""The scale benchmarks of `kg build`: NLP overhead, parallelism, 10,000 articles, rebuilds, SPARQL.

Prints one `name: value` line per figure and records them, with the machine and versions, in
bench/results.md between the `scale` markers (docs/performance.md explains them):

    pipe_ratio            docs/s of `kg build --jobs 1` (ingest, NLP, extraction, graph,
                          Turtle, store) / docs/s of bare `nlp.pipe`, same pipeline, same texts
    pipe_nlp_share        the share of that build's time spent inside its `nlp.pipe` calls
    jobs2_speedup         wall time of `kg build --jobs 1` / `--jobs 2` (whole command)
    corpus10k_docs_per_s  a full `kg build --jobs 2` of 10,000 synthetic articles (bench/synth.py)
    corpus10k_peak_rss_mb peak resident memory of that build, all its processes together
    corpus1k_peak_rss_mb  the same for the first 1,000 articles (memory must not grow)
    incremental_ratio     rebuild after adding one article / the full build
    sparql_p50_ms         the named queries of `kg query` on a graph of 1,000,000+ triples:
                          the median over queries of each query's median time, with
                          Oxigraph (the store kg build writes), an in-memory copy of it
                          (kg serve --in-memory) and rdflib side by side (rdflib stopped
                          after --rdflib-limit seconds a query: "> N")

The machine's load average (1 minute) is recorded before and after each group of figures:
other processes on a small machine slow every figure down, the ratios included.

    .venv/bin/python bench/scale.py [--work DIR] [--count 10000] [--only pipe,jobs,...] [--no-write]

Builds use --no-page --no-validate: the page and the SHACL check are not part of the figures
the issue defines (both need the whole graph in memory; see docs/performance.md).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import math
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from synth import Generator  # noqa: E402

RESULTS = ROOT / "bench" / "results.md"
START, END = "<!-- scale:start -->", "<!-- scale:end -->"
KG = [sys.executable, "-m", "kg.cli"]
FLAGS = ["--no-page", "--no-validate", "-q"]
TARGETS = {
    "pipe_ratio": (">=", 0.85),
    "jobs2_speedup": (">=", 1.7),
    "corpus10k_peak_rss_mb": ("<=", 1536),
    "incremental_ratio": ("<=", 0.05),
    "sparql_p50_ms": ("<=", 100),
}


#: The order of the figures' groups in bench/results.md, by the names' first word.
GROUPS = ["pipe", "jobs", "corpus", "incremental", "sparql"]

#: The load average (1 minute) before and after each figure's group was measured.
LOADS: dict[str, str] = {}


def emit(results: dict[str, float], name: str, value: float) -> None:
    results[name] = value
    LOADS[name] = f"{_group_load[0]:.2f} → {os.getloadavg()[0]:.2f}"
    print(f"{name}: {_shown(value)}", flush=True)


class Peak:
    """Peak resident memory of a process and its children (sampled every 0.2 s)."""

    def __init__(self, pid: int) -> None:
        import psutil

        self.proc = psutil.Process(pid)
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        import psutil

        while not self._stop.is_set():
            try:
                procs = [self.proc, *self.proc.children(recursive=True)]
                rss = 0
                for p in procs:
                    with contextlib.suppress(psutil.Error):
                        rss += p.memory_info().rss
                self.peak = max(self.peak, rss)
            except psutil.Error:
                pass
            self._stop.wait(0.2)

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        return self.peak


_group_load = [0.0]
#: The time limit of one rdflib query (seconds).
RDFLIB_LIMIT = [60.0]


def group(name: str) -> None:
    """A group of figures starts: note the load average now."""
    _group_load[0] = os.getloadavg()[0]
    print(f"# {name} (load average {_group_load[0]:.2f})", flush=True)


def run_build(paths: list[Path], out: Path, *extra: str) -> tuple[float, int]:
    """Run `kg build` as a command; (wall seconds, peak RSS bytes of its process tree).

    Timed until what the build wrote is on disk (`sync`), after a `sync` of what came
    before: the kernel writes a build's gigabytes back after it exits, and on this machine's
    disk that took half a minute, landing on whatever ran next (the one-article rebuild took
    38 s right after the full build, 12 s from a cold file cache once the disk was idle)."""
    os.sync()
    started = time.perf_counter()
    proc = subprocess.Popen([*KG, "build", *map(str, paths), "--out", str(out), *FLAGS,
                             *extra], cwd=ROOT, env=_env())
    peak = Peak(proc.pid)
    code = proc.wait()
    rss = peak.stop()
    if code != 0:
        raise SystemExit(f"kg build failed with exit status {code}")
    os.sync()
    return time.perf_counter() - started, rss


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT / "src") + os.pathsep + env.get("PYTHONPATH", "")
    return env


def _exactly(folder: Path, count: int) -> list[Path]:
    """Make `folder` hold the first `count` synthetic articles and nothing else (articles
    an older generator or run wrote there, under other names, would be measured too)."""
    paths = Generator().write(folder, count)
    keep = set(paths)
    for stale in folder.iterdir():
        if stale not in keep:
            stale.unlink()
    return paths


def bench_pipe(work: Path, results: dict[str, float], count: int = 300,
               rounds: int = 5) -> None:
    """pipe_ratio: both timed in this process with the pipeline already loaded, in turn,
    best of `rounds` each (this machine's speed drifts by 10% and more within minutes).

    `pipe_nlp_share` times the `nlp.pipe` calls inside each build as well: the share of the
    build spent in spaCy, which the drift between one run and the next cannot touch."""
    from kg.build import BuildOptions, build
    from kg.ingest import discover, read_document
    from kg.parallel import Settings, _extractor

    group("pipe")
    corpus = work / "pipe"
    _exactly(corpus, count)
    options = BuildOptions(out=work / "pipe-out", page=False, validate=False,
                           use_cache=False)
    build([corpus], options)  # loads the extractor, warms the caches
    extractor = _extractor(Settings(None, None, options.max_bytes, False))
    files, _ = discover([corpus])
    texts = [p.text.text for f in files for p in read_document(f).paragraphs]
    inside = [0.0]
    pipe = extractor.nlp.pipe

    def timed_pipe(*args: object, **kwargs: object) -> Iterator[object]:
        docs = iter(pipe(*args, **kwargs))
        while True:
            t = time.perf_counter()
            doc = next(docs, None)
            inside[0] += time.perf_counter() - t
            if doc is None:
                return
            yield doc

    bare, full = [], []
    for _ in range(rounds):
        t = time.perf_counter()
        for _doc in pipe(texts):
            pass
        bare.append(time.perf_counter() - t)
        extractor.nlp.pipe = timed_pipe
        inside[0] = 0.0
        t = time.perf_counter()
        build([corpus], options)
        full.append((time.perf_counter() - t, inside[0]))
        del extractor.nlp.pipe  # the method again
    best = min(full)
    emit(results, "pipe_docs_per_s_bare", len(files) / min(bare))
    emit(results, "pipe_docs_per_s_build", len(files) / best[0])
    emit(results, "pipe_ratio", min(bare) / best[0])
    emit(results, "pipe_nlp_share", best[1] / best[0])


def bench_jobs(work: Path, results: dict[str, float], count: int = 300) -> None:
    group("jobs")
    corpus = work / "pipe"
    _exactly(corpus, count)
    ones, twos = [], []
    for _ in range(2):  # taken in turn, so that a machine slowing down slows both
        ones.append(run_build([corpus], work / "jobs1", "--jobs", "1", "--no-cache")[0])
        twos.append(run_build([corpus], work / "jobs2", "--jobs", "2", "--no-cache")[0])
    one, two = min(ones), min(twos)
    emit(results, "jobs1_seconds", one)
    emit(results, "jobs2_seconds", two)
    emit(results, "jobs2_speedup", one / two)


def bench_corpus(work: Path, results: dict[str, float], count: int) -> None:
    """The synthetic corpus: full build, memory at 1k and at `count`, one-article rebuild."""
    group("corpus")
    corpus = work / f"synth{count}"
    gen = Generator()
    paths = _exactly(corpus, count)
    small = work / "synth1k"
    if not small.is_dir():
        small.mkdir()
        for p in paths[:1000]:
            (small / p.name).symlink_to(p)
    seconds_small, rss_small = run_build([small], work / "out1k", "--jobs", "2", "--no-cache")
    emit(results, "corpus1k_docs_per_s", 1000 / seconds_small)
    emit(results, "corpus1k_peak_rss_mb", rss_small / 2**20)
    out = work / f"out{count}"
    seconds, rss = run_build([corpus], out, "--jobs", "2", "--no-cache")
    emit(results, "corpus10k_documents", count)
    emit(results, "corpus10k_seconds", seconds)
    emit(results, "corpus10k_docs_per_s", count / seconds)
    emit(results, "corpus10k_peak_rss_mb", rss / 2**20)
    emit(results, "corpus10k_triples", _triples(out))
    added = gen.write(corpus, 1, start=count)[0]
    try:
        again, _ = run_build([corpus], out, "--jobs", "2")
    finally:
        added.unlink()
    emit(results, "incremental_seconds", again)
    emit(results, "incremental_ratio", again / seconds)


def _triples(out: Path) -> int:
    import pyoxigraph

    from kg.store import open_store

    store = open_store(out)
    onto = pyoxigraph.NamedNode("https://w3id.org/usru-kg/resource/graph/ontology")
    # counted in Rust: iterating 7 million quads in Python took minutes
    return len(store) - sum(1 for _ in store.quads_for_pattern(None, None, None, onto))


def named_queries() -> dict[str, str]:
    """The named queries of `kg query` (src/kg/sparql/named/*.rq) with their prefixes; the
    README cookbook where that package is not there."""
    try:
        from kg.sparql import named_queries as shipped
        from kg.sparql.prefixes import PREFIXES as declared
    except ImportError:
        shipped, declared = None, None
    if shipped is not None and declared is not None:
        head = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in declared.items())
        return {name: head + q.text for name, q in shipped().items()}
    from kg.graph import PREFIXES

    head = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## SPARQL cookbook", 1)[1].split("\n## ", 1)[0]
    found = re.findall(r"### (\d+)\. .+?\n.*?```sparql\n(.*?)```", section, re.S)
    return {f"cookbook-{n}": head + body for n, body in found}


def bench_sparql(work: Path, results: dict[str, float], count: int,
                 target_triples: int = 1_000_000, rdflib_limit: float = 60.0
                 ) -> dict[str, tuple[float, float]]:
    """Build a graph of >= 1M triples from the corpus's first articles (all cached)."""
    from rdflib import Graph

    group("sparql")
    RDFLIB_LIMIT[0] = rdflib_limit
    corpus = work / f"synth{count}"
    paths = Generator().write(corpus, count)
    n = min(count, 1400)
    out = work / "out-sparql"
    while True:
        folder = work / f"sparql{n}"
        if not folder.is_dir():
            folder.mkdir()
            for p in paths[:n]:
                (folder / p.name).symlink_to(p)
        run_build([folder], out, "--jobs", "2", "--cache", str(work / f"out{count}" / ".kg-cache"))
        triples = _triples(out)
        if triples >= target_triples or n >= count:
            break
        n = min(count, int(n * target_triples / triples * 1.02) + 1)
    emit(results, "sparql_graph_triples", triples)
    queries = named_queries()
    oxigraph: dict[str, float] = {}
    for number, text in queries.items():
        oxigraph[number] = _oxigraph_ms(out, text, rdflib_limit)
        print(f"sparql_ms[{number}]: oxigraph {_ms(oxigraph[number], rdflib_limit)}",
              flush=True)
    emit(results, "sparql_p50_ms", statistics.median(oxigraph.values()))
    memory, load_seconds, load_mb = _memory_ms(out, queries, rdflib_limit)
    for number in queries:
        print(f"sparql_ms[{number}]: in memory {_ms(memory[number], rdflib_limit)}", flush=True)
    emit(results, "sparql_memory_load_seconds", load_seconds)
    emit(results, "sparql_memory_mb", load_mb)
    emit(results, "sparql_p50_ms_memory", statistics.median(memory.values()))
    graph = Graph()
    graph.parse(out / "graph.ttl", format="turtle")
    graph.parse(ROOT / "ontology" / "kg.ttl", format="turtle")
    timings: dict[str, tuple[float, float, float]] = {}
    for number, text in queries.items():
        rd = []
        for _ in range(3):
            t = time.perf_counter()
            try:
                with _time_limit(rdflib_limit):
                    list(graph.query(text))
            except _TimeUp:
                rd.append(math.inf)
                break
            rd.append(time.perf_counter() - t)
            if rd[-1] > 10:  # one run of a slow query is enough to show it
                break
        timings[number] = (oxigraph[number], memory[number], statistics.median(rd) * 1000)
        print(f"sparql_ms[{number}]: oxigraph {_ms(oxigraph[number], rdflib_limit)} "
              f"rdflib {_ms(timings[number][2], rdflib_limit)}", flush=True)
    emit(results, "sparql_p50_ms_rdflib", statistics.median(v[2] for v in timings.values()))
    return timings


def _oxigraph_ms(out: Path, text: str, limit: float, store: object = None) -> float:
    """The median ms of a query on the build's store (or on `store`), run in a child
    process that is stopped after `limit` seconds (a query Oxigraph plans badly would
    otherwise hold the benchmark for as long as it runs: the Rust call cannot be
    interrupted from Python)."""
    import multiprocessing

    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_time_oxigraph, args=(out, text, send, store),
                            daemon=True)
    child.start()
    ready = receive.poll(limit)
    value = receive.recv() if ready else math.inf
    child.kill() if not ready else child.join()
    return value


def _memory_ms(out: Path, queries: dict[str, str], limit: float
               ) -> tuple[dict[str, float], float, float]:
    """Each query's median ms on an in-memory copy of the store, as `kg serve --in-memory`
    queries it; and the seconds and MB of resident memory the copy took."""
    import multiprocessing

    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_time_memory, args=(out, queries, limit, send))
    child.start()
    send.close()  # the child's end only: its death then ends recv() instead of hanging it
    try:
        value = receive.recv()
    except EOFError:
        raise SystemExit("the in-memory copy of the store failed (see above)") from None
    finally:
        child.join()
    return value


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return math.nan


def _time_memory(out: Path, queries: dict[str, str], limit: float, send: object) -> None:
    from kg.sparql.engine import open_graph, resolve_graph

    before, started = _rss_mb(), time.perf_counter()
    store, _ = open_graph(resolve_graph(out), in_memory=True)
    seconds, mb = time.perf_counter() - started, _rss_mb() - before
    times = {name: _oxigraph_ms(out, text, limit, store) for name, text in queries.items()}
    send.send((times, seconds, mb))  # type: ignore[attr-defined]


def _time_oxigraph(out: Path, text: str, send: object, store: object = None) -> None:
    from kg.store import open_store, query

    store = store if store is not None else open_store(out)
    runs = []
    for _ in range(7):
        t = time.perf_counter()
        list(query(store, text))
        runs.append(time.perf_counter() - t)
        if sum(runs) > 10:  # a few runs of a slow query are enough to show it
            break
    send.send(statistics.median(runs) * 1000)  # type: ignore[attr-defined]


class _TimeUp(Exception):
    pass


@contextlib.contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """Interrupt the (pure Python) rdflib evaluation after `seconds`."""
    def stop(signum: int, frame: object) -> None:
        raise _TimeUp

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _ms(value: float, limit: float) -> str:
    return f"> {limit * 1000:.0f}" if math.isinf(value) else f"{value:.1f}"


def machine() -> str:
    import pyoxigraph
    import rdflib
    import spacy

    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (f"{cpu}, {os.cpu_count()} cores, {mem:.0f} GB, Linux {platform.release()}. "
            f"Python {platform.python_version()}, spaCy {spacy.__version__} "
            f"(en_core_web_sm 3.8.0), rdflib {rdflib.__version__}, "
            f"pyoxigraph {pyoxigraph.__version__}.")


def _previous() -> tuple[dict[str, str], list[str]]:
    """Figure rows and query rows of the last run, kept when a run measures only some."""
    if not RESULTS.exists():
        return {}, []
    text = RESULTS.read_text(encoding="utf-8")
    if START not in text or END not in text:
        return {}, []
    block = text.split(START, 1)[1].split(END, 1)[0]
    figures, queries, in_queries = {}, [], False
    for line in block.splitlines():
        if line.startswith("| query |"):
            in_queries = True
        elif line.startswith("| ") and not line.startswith(("| figure", "| ---")):
            if in_queries:
                queries.append(line)
            else:
                figures[line.split("|")[1].strip()] = line
    return figures, queries


def _shown(value: float) -> str:
    if isinstance(value, float) and math.isinf(value):
        return f"> {RDFLIB_LIMIT[0] * 1000:.0f}"
    return f"{value:.3f}" if isinstance(value, float) else f"{value}"


def _group(row: str) -> int:
    """Where a figure's row goes: `corpus10k_seconds` is in the group `corpus`."""
    word = row.split("|")[1].strip().split("_")[0].rstrip("0123456789k")
    return GROUPS.index(word) if word in GROUPS else len(GROUPS)


def write_results(results: dict[str, float],
                  timings: dict[str, tuple[float, float, float]]) -> None:
    previous, previous_queries = _previous()
    rows = []
    for name, value in results.items():
        target = TARGETS.get(name)
        if target:
            op, bound = target
            met = value >= bound if op == ">=" else value <= bound
            rows.append(f"| {name} | **{_shown(value)}** | {op} {bound} | "
                        f"{'met' if met else 'NOT met'} | {LOADS.get(name, '')} |")
        else:
            rows.append(f"| {name} | {_shown(value)} | | | {LOADS.get(name, '')} |")
    measured = {r.split("|")[1].strip() for r in rows}
    rows = [r for n, r in previous.items() if n not in measured] + rows
    rows.sort(key=_group)  # stable: a group's figures keep the order they were taken in
    lines = [START, "## Scale (`bench/scale.py`)", "",
             f"Measured {dt.date.today().isoformat()}. See docs/performance.md for what each "
             "figure means and where the time goes.", "",
             "| figure | value | target | | load average |",
             "| --- | --- | --- | --- | --- |", *rows, "",
             "Load average: the machine's 1-minute load average when the figure's group of "
             "measurements started and when the figure was taken (2 cores: above 2, other "
             "work was competing for them).", ""]
    if timings:
        lines += ["Named queries (`kg query --list`) on the graph above, median ms per query "
                  "(all answer rows fetched):", "",
                  "| query | Oxigraph on disk (kg query, kg serve) | Oxigraph in memory "
                  "(kg serve --in-memory) | rdflib |", "| --- | --- | --- | --- |"]
        lines += [f"| {n} | {_ms(o, RDFLIB_LIMIT[0])} | {_ms(m, RDFLIB_LIMIT[0])} | "
                  f"{_ms(r, RDFLIB_LIMIT[0])} |" for n, (o, m, r) in sorted(timings.items())]
        lines.append("")
    elif previous_queries:
        lines += ["Named queries (`kg query --list`) on the graph above, median ms per query "
                  "(all answer rows fetched):", "",
                  "| query | Oxigraph on disk (kg query, kg serve) | Oxigraph in memory "
                  "(kg serve --in-memory) | rdflib |", "| --- | --- | --- | --- |",
                  *previous_queries, ""]
    lines += [f"Machine: {machine()}", END]
    block = "\n".join(lines)
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Benchmarks\n"
    if START in text and END in text:
        text = text.split(START)[0] + block + text.split(END, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    tmp = RESULTS.with_suffix(".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, RESULTS)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--work", type=Path, default=Path("/tmp/kg-bench"),
                    help="where corpora and outputs go (default /tmp/kg-bench)")
    ap.add_argument("--count", type=int, default=10_000)
    ap.add_argument("--only", default="pipe,jobs,corpus,sparql")
    ap.add_argument("--no-write", action="store_true")
    ap.add_argument("--rdflib-limit", type=float, default=60.0, metavar="SECONDS",
                    help="stop a query (Oxigraph or rdflib) after this long (default 60)")
    args = ap.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    only = set(args.only.split(","))
    results: dict[str, float] = {}
    timings: dict[str, tuple[float, float, float]] = {}
    if "pipe" in only:
        bench_pipe(args.work, results)
    if "jobs" in only:
        bench_jobs(args.work, results)
    if "corpus" in only:
        bench_corpus(args.work, results, args.count)
    if "sparql" in only:
        timings = bench_sparql(args.work, results, args.count,
                               rdflib_limit=args.rdflib_limit)
    if not args.no_write:
        write_results(results, timings)
    for name in ("pipe-out", "jobs1", "jobs2"):
        shutil.rmtree(args.work / name, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
