"""How long the graph page takes to become usable at scale: 2,000 entities, 6,000 edges.

Generates a random graph in the shape of docs/graph-model.md (entities of every class with
aliases, documents with dates and sources, mentions, relations and stances with evidence
sentences; hub-heavy degrees like real news), renders it with `kg.render.render_page`,
opens it in Debian's headless chromium with every network request blocked, and measures,
from the start of navigation, the time until the network is drawn (`window.kgReady`) and
then answers a search typed in the search box and shows a node's details.

    .venv/bin/python bench/page_scale.py            # prints page_load_seconds, updates results.md
    .venv/bin/python bench/page_scale.py --no-write # prints only

The figure goes into bench/results.md between the page_scale markers, with the machine,
browser and library versions it was measured with. The issue's target is 3 seconds.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib import namespace as ns

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "src"))

import browser as br  # noqa: E402

from kg.render import render_page  # noqa: E402

KG = Namespace("https://w3id.org/usru-kg/ontology#")
KGR = Namespace("https://w3id.org/usru-kg/resource/")
WD = Namespace("http://www.wikidata.org/entity/")
RESULTS = ROOT / "bench" / "results.md"
START, END = "<!-- page_scale:start -->", "<!-- page_scale:end -->"
TARGET_SECONDS = 3.0

CLASSES = ["Person"] * 8 + ["State"] * 2 + ["Organization", "GovernmentBody", "Legislature",
           "ThinkTank", "NewsOutlet", "InternationalOrganization", "Treaty", "Forum",
           "Event", "Topic", "Topic"]
RELATIONS = ["meetsWith", "cooperatesWith", "sanctions", "signs", "partyTo", "memberOf",
             "chairs", "leads"]
MODALITIES = ["Asserted"] * 6 + ["Normative"] * 2 + ["Possible", "Future", "Hypothetical"]
SYLLABLES = ["ka", "ro", "mi", "ve", "lan", "dor", "sko", "va", "len", "tri", "bor", "nov",
             "pet", "ash", "gri", "ton", "mar", "sel", "ud", "in", "ev", "ov", "ski", "ber"]


def _name(rng: random.Random, words: int) -> str:
    return " ".join("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).title()
                    for _ in range(words))


def generate(n_nodes: int = 2000, n_edges: int = 6000, n_docs: int = 400,
             seed: int = 2024) -> Graph:
    """A random graph of `n_nodes` entities and `n_edges` statements, following the model."""
    rng = random.Random(seed)
    g = Graph()
    entities = []
    for i in range(n_nodes):
        cls = rng.choice(CLASSES)
        e = KGR[f"entity/e{i:05d}"]
        label = _name(rng, 2 if cls == "Person" else rng.randint(1, 4))
        entities.append((e, label))
        g.add((e, ns.RDF.type, KG[cls]))
        g.add((e, ns.RDFS.label, Literal(label, lang="en")))
        for _ in range(rng.randint(0, 3)):
            g.add((e, ns.SKOS.altLabel, Literal(_name(rng, 1), lang="en")))
        if rng.random() < 0.6:
            g.add((e, ns.OWL.sameAs, WD[f"Q{rng.randint(1, 10**7)}"]))
        g.add((e, KG.origin, Literal("gazetteer" if rng.random() < 0.8 else "ner")))
        g.add((e, KG.confidence, Literal(round(rng.uniform(0.5, 1.0), 3))))
    docs = []
    for d in range(n_docs):
        stem = f"{d:03d}_{rng.getrandbits(64):016x}"
        doc = KGR[f"doc/{stem}"]
        docs.append((doc, stem))
        g.add((doc, ns.RDF.type, KG.Document))
        g.add((doc, ns.RDF.type, ns.PROV.Entity))
        g.add((doc, KG.fileName, Literal(f"{stem}.txt")))
        g.add((doc, ns.DCTERMS.title, Literal(_name(rng, rng.randint(3, 7)), lang="en")))
        day = dt.date(2014, 1, 1) + dt.timedelta(days=rng.randint(0, 3650))
        g.add((doc, ns.DCTERMS.date, Literal(day.isoformat(), datatype=ns.XSD.date)))
        g.add((doc, ns.DCTERMS.source, URIRef(f"https://news.example.org/{stem}")))
        author = KGR[f"author/anonymous/{stem}"]
        g.add((doc, ns.DCTERMS.creator, author))
        g.add((author, ns.RDF.type, ns.PROV.Agent))

    def pick() -> int:  # hub-heavy: a few entities take part in many statements
        return min(n_nodes - 1, int(rng.paretovariate(0.9)) - 1 + rng.randrange(8)) \
            if rng.random() < 0.35 else rng.randrange(n_nodes)

    mentioned: set[tuple[int, int]] = set()
    for k in range(n_edges):
        a, b = pick(), pick()
        while b == a:
            b = rng.randrange(n_nodes)
        (sa, la), (sb, lb) = entities[a], entities[b]
        stance = rng.random() < 0.45
        modality = rng.choice(MODALITIES)
        kind = "stance" if stance else "relation"
        st = KGR[f"{kind}/{k:012x}"]
        if stance:
            unasserted = modality == "Hypothetical"
            g.add((st, ns.RDF.type, KG.UnassertedStance if unasserted else KG.Stance))
            g.add((st, KG.holder, sa))
            g.add((st, KG.target, sb))
            polarity = rng.choice(["Support", "Oppose"])
            g.add((st, KG.polarity, KG[polarity]))
            verb = "backs" if polarity == "Support" else "condemns"
        else:
            rtype = rng.choice(RELATIONS)
            asserted = modality in ("Asserted", "Future")
            g.add((st, ns.RDF.type, KG.Relation if asserted else KG.UnassertedRelation))
            g.add((st, KG.relationType, KG[rtype]))
            g.add((st, KG.subject, sa))
            g.add((st, KG.object, sb))
            if asserted:
                g.add((sa, KG[rtype], sb))
            verb = rtype
        g.add((st, KG.modality, KG[modality]))
        g.add((st, KG.negated, Literal(False)))
        g.add((st, KG.confidence, Literal(round(rng.uniform(0.4, 0.95), 3))))
        n_ev = 1 if rng.random() < 0.7 else rng.randint(2, 4)
        g.add((st, KG.evidenceCount, Literal(n_ev)))
        for _ in range(n_ev):
            d = rng.randrange(n_docs)
            doc, stem = docs[d]
            g.add((st, ns.PROV.wasDerivedFrom, doc))
            sentence = (f"In {rng.choice(['Moscow', 'Washington', 'Geneva', 'Helsinki'])}, "
                        f"{la} said it {verb} {lb}, according to officials "
                        f"quoted on {rng.randint(1, 28)} March.")
            start = rng.randint(0, 20000) * 4
            end = start + len(sentence)
            ev = KGR[f"evidence/{stem}/{start}-{end}/{k:012x}"]
            g.add((st, KG.evidence, ev))
            g.add((ev, ns.RDF.type, KG.Evidence))
            g.add((ev, ns.PROV.wasQuotedFrom, doc))
            g.add((ev, KG.sentence, Literal(sentence)))
            g.add((ev, KG.startOffset, Literal(start)))
            g.add((ev, KG.endOffset, Literal(end)))
            g.add((ev, KG.rule, Literal(f"bench.{kind}")))
            g.add((ev, KG.confidence, Literal(0.7)))
            for idx, ent, label in ((a, sa, la), (b, sb, lb)):
                i = sentence.index(label, 4 if idx == a else sentence.index(" said "))
                m = KGR[f"mention/{stem}/{start + i}-{start + i + len(label)}"]
                g.add((m, ns.RDF.type, KG.Mention))
                g.add((m, KG.inDocument, doc))
                g.add((m, KG.refersTo, ent))
                g.add((m, KG.surface, Literal(label)))
                g.add((m, KG.startOffset, Literal(start + i)))
                g.add((m, KG.endOffset, Literal(start + i + len(label))))
                mentioned.add((d, idx))
    for d, e in sorted(mentioned):
        g.add((docs[d][0], KG.mentions, entities[e][0]))
    return g


def measure(page: Path, query: str, node: str, runs: int) -> list[dict[str, float]]:
    """Per run: seconds from navigation start to drawn, to search answered, to details shown."""
    out = []
    with br.browser() as b:
        b.set_viewport(1280, 800)
        for _ in range(runs):
            wall = time.perf_counter()
            ready = b.load(page, timeout=60)
            after = b.driver.execute_async_script(
                "const [q, id, done] = arguments;"
                "const box = document.getElementById('kg-search');"
                "box.value = q; box.dispatchEvent(new Event('input'));"
                "const hits = document.querySelectorAll('#kg-results li[role=option]').length;"
                "requestAnimationFrame(() => { const searched = performance.now();"
                "  kgSelect(id);"
                "  requestAnimationFrame(() => done([searched, performance.now(), hits,"
                "    document.querySelectorAll('#kg-details mark').length]));"
                "});", query, node)
            wall = time.perf_counter() - wall
            searched, selected, hits, marks = after
            if not hits or not marks:
                raise RuntimeError(f"the page did not answer: {hits} results, {marks} marks")
            if b.outside_requests() or b.console_errors():
                raise RuntimeError(f"requests {b.outside_requests()} errors {b.console_errors()}")
            out.append({"ready": ready, "searched": searched / 1000, "selected": selected / 1000,
                        "wall": wall})
    return out


def chromium_version() -> str:
    try:
        text = subprocess.run([br.CHROMIUM, "--version"], capture_output=True, text=True,
                              timeout=30).stdout
    except OSError:
        return "unknown"
    m = re.search(r"Chromium [\d.]+", text)
    return m.group(0) if m else text.strip() or "unknown"


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}"


def write_results(section: str) -> None:
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else \
        "# Benchmarks\n\nFigures measured by the scripts in bench/, newest run of each.\n"
    block = f"{START}\n{section.rstrip()}\n{END}"
    if START in text and END in text:
        text = re.sub(re.escape(START) + ".*?" + re.escape(END), lambda _: block, text,
                      flags=re.S)
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    RESULTS.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--nodes", type=int, default=2000)
    ap.add_argument("--edges", type=int, default=6000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--no-write", action="store_true", help="do not update bench/results.md")
    args = ap.parse_args(argv)
    reason = br.missing_reason()
    if reason:
        print(f"page_scale: cannot run: {reason}", file=sys.stderr)
        return 2

    t = time.perf_counter()
    g = generate(args.nodes, args.edges)
    t_gen = time.perf_counter() - t
    with tempfile.TemporaryDirectory(prefix="kg-bench-") as tmp:
        page = Path(tmp) / "graph.html"
        t = time.perf_counter()
        stats = render_page(g, page, title=f"bench: {args.nodes} nodes, {args.edges} edges")
        t_render = time.perf_counter() - t
        label = str(g.value(KGR["entity/e00000"], ns.RDFS.label))
        runs = measure(page, label.split()[0], "e00000", args.runs)

    load = statistics.median(r["selected"] for r in runs)
    worst = max(r["selected"] for r in runs)
    print(f"graph: {stats.nodes} nodes, {stats.edges} edges, {stats.documents} documents "
          f"(generated in {t_gen:.1f} s); page {stats.bytes / 1e6:.1f} MB rendered in "
          f"{t_render:.1f} s")
    for i, r in enumerate(runs, 1):
        print(f"run {i}: drawn {r['ready']:.2f} s, search answered {r['searched']:.2f} s, "
              f"details shown {r['selected']:.2f} s (wall {r['wall']:.2f} s)")
    print(f"page_load_seconds: {load:.2f}")

    if not args.no_write:
        import networkx
        import pyvis

        from kg.render.page import vis_assets

        versions = (f"Python {platform.python_version()}, {chromium_version()} (Debian, "
                    f"headless), vis-network {vis_assets()[0]} via pyvis {pyvis.__version__}, "
                    f"networkx {networkx.__version__}")
        section = f"""## Graph page at scale (`bench/page_scale.py`)

A generated graph of {stats.nodes:,} entities and {stats.edges:,} statements (relations
and stances with evidence) from {stats.documents} documents, rendered to a
{stats.bytes / 1e6:.1f} MB self-contained page and opened in headless chromium at 1280×800
with the network blocked. `page_load_seconds` is the time from the start of navigation
until the network is drawn and settled, a search typed in the box has listed its results
and a node's details (with highlighted evidence) are shown: the median of {len(runs)} loads.
Target: under {TARGET_SECONDS:.0f} s.

| measured | page_load_seconds | worst of {len(runs)} | drawn (median) | page render (Python) |
| --- | --- | --- | --- | --- |
| {dt.date.today().isoformat()} | **{load:.2f}** | {worst:.2f} | \
{statistics.median(r['ready'] for r in runs):.2f} s | {t_render:.1f} s |

Machine: {machine()}. Software: {versions}.
"""
        write_results(section)
        print(f"updated {RESULTS.relative_to(ROOT)}")
    return 0 if load <= TARGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
