"""Scale: the streamed graph is build_graph's graph; incremental, --jobs 2 and Dask builds
give the bytes of a full local build; the store holds the graph."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from rdflib import Graph

from kg.build import BuildOptions, BuildResult, build
from kg.graph import build_graph
from kg.merged import MergedState
from kg.model import DocumentRecord, Entity, Evidence, Mention, Statement
from kg.stream import document_part
from kg.writer import GraphWriter

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from synth import Generator  # noqa: E402

ONTOLOGY_GRAPH = "https://w3id.org/usru-kg/resource/graph/ontology"


def _stream(records: list[DocumentRecord], tmp: Path) -> str:
    """graph.ttl as GraphWriter writes it for `records`."""
    state = MergedState.scratch(tmp / "merge.sqlite")
    with (tmp / "g.ttl").open("wb") as fh:
        writer = GraphWriter(fh, state)
        for r in records:
            writer.add(document_part(r))
        result = writer.finish()
    state.close()
    text = (tmp / "g.ttl").read_text(encoding="utf-8")
    assert result.documents == len(records)
    return text


def _edge_records() -> list[DocumentRecord]:
    """Hand-made records with what breaks naive Turtle: quotes, backslashes, newlines,
    control characters, non-ASCII, a URL with a space; one statement in two documents
    (merged), an anonymous author holding a stance, and an entity described twice."""
    putin = Entity("vladimir-putin", "Vladimir Putin", "Person", ("Putin", "V. Putin"),
                   "Q7747")
    ner = Entity("ner/person/jane-o-hara", "Jane O\"Hara", "Person", (), None, "ner", 0.7)
    ner2 = Entity("ner/person/jane-o-hara", "Jane O\"Hara", "Person", ("O'Hara",), None,
                  "ner", 0.8)
    russia = Entity("russia", "Russia", "State", ("Россия",), "Q159")

    def meets(doc: str, start: int, conf: float, subject: str, obj: str) -> Statement:
        return Statement("relation", "meetsWith", subject, obj, evidence=[Evidence(
            doc, 'She said "yes"\\no\n\tthen\x01left — ok', start, start + 40,
            "relation.meet.verb", conf)])

    a = DocumentRecord(
        "a b.txt", "a b", 'Title with "quotes" and \\ slash', "2020-01-02",
        "https://example.org/a path?q=1&x={y}", "russia", None, "Analyst\nat \"X\"",
        mentions=[Mention("vladimir-putin", 0, 5, "Putin"),
                  Mention("russia", 0, 5, "Putin"),
                  Mention("ner/person/jane-o-hara", 10, 20, 'Jane "J" O\'Hara')],
        statements=[meets("a b", 100, 0.8, "vladimir-putin", "ner/person/jane-o-hara"),
                    meets("a b", 100, 0.5, "ner/person/jane-o-hara", "vladimir-putin"),
                    Statement("stance", "stance", "author/anonymous/a b", "russia",
                              polarity="Oppose", modality="Normative", evidence=[Evidence(
                                  "a b", "Russia must go.", 50, 65, "stance.x", 0.6)])],
        entities={"vladimir-putin": putin, "ner/person/jane-o-hara": ner, "russia": russia})
    b = DocumentRecord(
        "b.txt", "b", None, None, None, None, "vladimir-putin", None,
        mentions=[Mention("ner/person/jane-o-hara", 3, 8, "Jane")],
        statements=[meets("b", 7, 0.9, "vladimir-putin", "ner/person/jane-o-hara"),
                    Statement("relation", "leads", "vladimir-putin", "russia",
                              modality="Future", evidence=[Evidence(
                                  "b", "Putin will lead Russia.", 1, 23, "r.lead", 0.7)])],
        entities={"vladimir-putin": putin, "ner/person/jane-o-hara": ner2, "russia": russia})
    return [a, b]


def test_streamed_turtle_is_build_graphs_graph(extractor, tmp_path: Path) -> None:
    from kg.ingest import discover, read_document

    files, _ = discover([ROOT / "corpus"])
    records = [extractor.extract(read_document(f)) for f in files] + _edge_records()
    text = _stream(records, tmp_path)
    parsed = Graph()
    parsed.parse(data=text, format="turtle")
    reference = build_graph(records)
    assert set(parsed) == set(reference)
    # and Oxigraph (the store, kg push) reads the same file
    import pyoxigraph

    assert len(list(pyoxigraph.parse(text.encode(), format=pyoxigraph.RdfFormat.TURTLE))) \
        == len(reference)


def test_streamed_turtle_is_deterministic_and_sorted(tmp_path: Path) -> None:
    records = _edge_records()
    (tmp_path / "1").mkdir()
    (tmp_path / "2").mkdir()
    assert _stream(records, tmp_path / "1") == _stream(records, tmp_path / "2")
    text = _stream(records, tmp_path / "1")
    assert text.index("kgd:b a kg:Document") > text.index("a kg:Document")  # file order
    assert text.index("kge:russia a kg:State") < text.index("a kg:Relation")


def _corpus(folder: Path, count: int, start: int = 0) -> list[Path]:
    return Generator(seed=11).write(folder, count, start)


def _options(out: Path, **kw: object) -> BuildOptions:
    base = {"out": out, "page": False, "validate": False}
    base.update(kw)
    return BuildOptions(**base)  # type: ignore[arg-type]


def _quads(out: Path) -> set:
    from kg.store import open_store

    store = open_store(out)
    return {q for q in store if q.graph_name.value != ONTOLOGY_GRAPH}


def _same_as_full_build(paths: list[Path], out: Path, full: Path) -> BuildResult:
    """Build `paths` afresh into `full`; its graph.ttl must be the bytes of out's."""
    result = build(paths, _options(full, use_cache=False))
    assert (out / "graph.ttl").read_bytes() == (full / "graph.ttl").read_bytes()
    return result


def test_incremental_build_equals_full_build(tmp_path: Path) -> None:
    src = tmp_path / "src"
    paths = _corpus(src, 6)
    out = tmp_path / "out"
    first = build([src], _options(out))
    assert first.extracted == 6 and first.cached == 0
    # change one article, remove one, add one
    edited = paths[2].read_text(encoding="utf-8").replace(
        "\n\n", "\n\nVladimir Putin met Joe Biden in Geneva on Monday.\n\n", 1)
    paths[2].write_text(edited, encoding="utf-8")
    removed_stem = paths[4].stem
    paths[4].unlink()
    _corpus(src, 1, start=6)
    again = build([src], _options(out))
    assert (again.cached, again.extracted) == (4, 2)

    full = tmp_path / "full"
    fresh = _same_as_full_build([src], out, full)
    assert fresh.extracted == 6
    assert removed_stem not in (out / "graph.ttl").read_text(encoding="utf-8")
    assert _quads(out) == _quads(full)
    g = Graph()
    g.parse(out / "graph.ttl", format="turtle")
    assert len(g) == again.triples == fresh.triples == len(_quads(out))


def test_cache_key_follows_the_gazetteer_and_the_pipeline(tmp_path: Path) -> None:
    from kg.cache import environment_key

    onto = tmp_path / "ontology"
    shutil.copytree(ROOT / "ontology", onto)
    before = environment_key(None, onto, 5 << 20)
    assert environment_key(None, onto, 5 << 20) == before
    people = onto / "gazetteer" / "people.toml"
    people.write_text(people.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert environment_key(None, onto, 5 << 20) != before
    assert environment_key(None, onto, 4 << 20) != environment_key(None, onto, 5 << 20)
    assert environment_key(str(tmp_path / "no-such-pipeline"), onto, 5 << 20) != \
        environment_key(None, onto, 5 << 20)


def test_jobs_2_equals_jobs_1(tmp_path: Path) -> None:
    src = tmp_path / "src"
    _corpus(src, 8)
    one = build([src], _options(tmp_path / "one", use_cache=False))
    two = build([src], _options(tmp_path / "two", use_cache=False, jobs=2))
    assert two.extracted == one.extracted == 8
    assert (tmp_path / "one" / "graph.ttl").read_bytes() == \
        (tmp_path / "two" / "graph.ttl").read_bytes()


def test_chunks_shrink_so_that_workers_finish_together() -> None:
    from kg.build import MAX_CHUNK, MIN_CHUNK, chunk_sizes

    for count in (1, 7, 300, 10_000):
        for workers in (1, 2, 4):
            sizes = chunk_sizes(count, workers)
            assert sum(sizes) == count and max(sizes) <= MAX_CHUNK, (count, workers)
    shared = chunk_sizes(300, 2)
    assert shared == sorted(shared, reverse=True)
    assert shared[0] == MAX_CHUNK and max(shared[-3:]) <= MIN_CHUNK
    alone = chunk_sizes(300, 1)
    assert max(alone) - min(alone) <= 1 and len(alone) == 10


def test_dask_equals_local(tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed")
    src = tmp_path / "src"
    _corpus(src, 6)
    local = build([src], _options(tmp_path / "local", use_cache=False))
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  host="127.0.0.1", dashboard_address=None) as cluster:
        remote = build([src], _options(tmp_path / "dask", use_cache=False, executor="dask",
                                       scheduler=cluster.scheduler_address))
    assert remote.extracted == local.extracted == 6
    assert (tmp_path / "local" / "graph.ttl").read_bytes() == \
        (tmp_path / "dask" / "graph.ttl").read_bytes()


def test_cli_options_and_cache_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                       ) -> None:
    from kg.cli import main

    src = tmp_path / "src"
    _corpus(src, 2)
    out = tmp_path / "out"
    args = ["build", str(src), "--out", str(out), "--no-page", "--no-validate"]
    assert main([*args, "--jobs", "1"]) == 0
    assert "from the cache" not in capsys.readouterr().out
    assert main(args) == 0
    assert "(2 from the cache)" in capsys.readouterr().out
    assert main([*args, "--no-cache", "--no-store"]) == 0
    assert "from the cache" not in capsys.readouterr().out
    assert main([*args, "--executor", "dask"]) == 2
    assert "--scheduler" in capsys.readouterr().err
    # --no-store removed the store: it would have answered queries with the old graph
    assert sorted(p.name for p in out.iterdir()) == [".kg-cache", "graph.ttl"]


def test_validated_builds_use_validated_cache_entries(tmp_path: Path) -> None:
    src = tmp_path / "src"
    _corpus(src, 2)
    out = tmp_path / "out"
    assert build([src], _options(out)).extracted == 2  # not validated
    validated = build([src], _options(out, validate=True))
    assert validated.extracted == 2  # entries without a passed check are redone
    assert build([src], _options(out, validate=True)).cached == 2
    assert len(list((out / ".kg-cache").rglob("*.valid"))) == 2


def test_failed_build_keeps_the_previous_store(tmp_path: Path) -> None:
    src = tmp_path / "src"
    _corpus(src, 2)
    out = tmp_path / "out"
    build([src], _options(out))
    before = _quads(out)
    ttl = (out / "graph.ttl").read_bytes()
    _corpus(src, 1, start=2)
    (src / "empty.txt").write_bytes(b"")
    from kg.build import BuildError

    with pytest.raises(BuildError):
        build([src], _options(out, strict=True))
    assert (out / "graph.ttl").read_bytes() == ttl
    assert _quads(out) == before
    assert not [p for p in out.iterdir() if p.name.startswith((".kg-build-", ".kg-old-"))]


def test_fast_terms_are_the_graph_modules_iris() -> None:
    from kg import turtle as t
    from kg.graph import evidence_iri, mention_iri
    from kg.stream import _evidence, _mention

    for stem in ["syn_000001_ab12", "a b", "Ünïcode ~ (draft) #2", "x/y?z", 'q"uote']:
        assert _evidence(stem, 3, 91, "0123456789ab") == \
            t.iri(str(evidence_iri(stem, 3, 91, "0123456789ab")))
        assert _mention(stem, 0, 5) == t.iri(str(mention_iri(stem, 0, 5)))


def _kept_build(records: list[DocumentRecord], state_file: Path, tmp: Path
                ) -> tuple[str, int]:
    """graph.ttl as a rebuild writes it with the merged state kept in `state_file`: the
    documents the state holds under the same key are copied, the others added. Returns the
    text and how many documents were kept."""
    import hashlib
    import json

    parts = [document_part(r) for r in records]
    keys = [hashlib.sha256(json.dumps(p.to_json(), sort_keys=True).encode()).hexdigest()
            for p in parts]
    state = MergedState(state_file)
    kept = state.prepare([(p.stem, k) for p, k in zip(parts, keys, strict=True)])
    with (tmp / "kept.ttl").open("wb") as fh:
        writer = GraphWriter(fh, state)
        for part, key in zip(parts, keys, strict=True):
            if part.stem in kept:
                writer.keep(part.stem, kept[part.stem], part.fragment.encode("utf-8"))
            else:
                writer.add(part, key)
        writer.finish()
    state.commit()
    state.close()
    return (tmp / "kept.ttl").read_text(encoding="utf-8"), len(kept)


def test_kept_merged_part_equals_merging_from_scratch(tmp_path: Path) -> None:
    """Documents removed, added back, changed and reordered between builds: the merged
    part kept from build to build gives what merging every document afresh gives, down to
    which document describes an entity (the last) and gives a statement's fields (the
    first)."""
    from dataclasses import replace

    a, b = _edge_records()
    changed = replace(b, statements=b.statements[1:], entities={
        **b.entities, "russia": Entity("russia", "Russian Federation", "State", (), "Q159")})
    state_file = tmp_path / "state" / "merged.sqlite"
    steps = [([a, b], 0), ([a], 1), ([a, b], 1), ([a, changed], 1), ([changed], 1),
             ([a, changed], 1), ([changed, a], 0), ([a, b], 1)]
    for number, (records, keeps) in enumerate(steps):
        folder = tmp_path / str(number)
        folder.mkdir()
        text, kept = _kept_build(records, state_file, folder)
        assert text == _stream(records, folder), number
        assert kept == keeps, number
    # the state describes the last build only: merging it again from there changes nothing
    assert _kept_build([a, b], state_file, tmp_path)[1] == 2


def test_kept_parts_come_from_the_previous_graph_or_their_cache_entries(tmp_path: Path
                                                                         ) -> None:
    """A rebuild copies kept documents from the graph.ttl it replaces; where that file holds
    other bytes it reads the cache entry; where both are gone it extracts again."""
    src = tmp_path / "src"
    paths = _corpus(src, 4)
    out = tmp_path / "out"
    build([src], _options(out))
    ttl = (out / "graph.ttl").read_bytes()
    for entry in (out / ".kg-cache").rglob("*.part"):
        entry.unlink()  # no entry left: the parts can only come from graph.ttl
    again = build([src], _options(out))
    assert (again.cached, again.extracted) == (4, 0)
    assert (out / "graph.ttl").read_bytes() == ttl

    # other bytes in graph.ttl, and no entries: the articles are extracted again
    (out / "graph.ttl").write_bytes(ttl.replace(b"kg:Document", b"kg:Documenx"))
    again = build([src], _options(out))
    assert (again.cached, again.extracted) == (0, 4)
    assert (out / "graph.ttl").read_bytes() == ttl

    # graph.ttl damaged, entries there: read from the entries, and one article added
    (out / "graph.ttl").write_bytes(ttl[: len(ttl) // 2])
    _corpus(src, 1, start=len(paths))
    again = build([src], _options(out))
    assert (again.cached, again.extracted) == (4, 1)
    assert again.triples == _same_as_full_build([src], out, tmp_path / "full").triples


def test_damaged_merged_state_is_rebuilt(tmp_path: Path) -> None:
    src = tmp_path / "src"
    paths = _corpus(src, 3)
    out = tmp_path / "out"
    build([src], _options(out))
    (state,) = (out / ".kg-cache").rglob("merged/*.sqlite")
    state.write_bytes(b"not a database" * 100)
    paths[1].unlink()
    again = build([src], _options(out))
    assert again.cached == 2
    assert again.triples == _same_as_full_build([src], out, tmp_path / "full").triples


def test_a_build_waits_for_another_holding_the_merged_state(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Another build into the same folder holds the kept state: this one waits, then merges
    from scratch, and the kept file is neither lost nor changed under the other."""
    import kg.merged

    src = tmp_path / "src"
    _corpus(src, 2)
    out = tmp_path / "out"
    build([src], _options(out))
    (path,) = (out / ".kg-cache").rglob("merged/*.sqlite")
    inode = path.stat().st_ino
    other = MergedState(path)  # the other build, mid-way
    monkeypatch.setattr(kg.merged, "LOCK_SECONDS", 0.2)
    busy = build([src], _options(out, use_cache=False))
    assert busy.extracted == 2
    assert other.db.execute("SELECT COUNT(*) FROM doc").fetchone()[0] == 2
    other.close()
    assert path.stat().st_ino == inode
    _same_as_full_build([src], out, tmp_path / "full")
    assert build([src], _options(out)).cached == 2


def test_a_stem_in_two_folders_is_merged_apart_from_the_kept_state(tmp_path: Path) -> None:
    """Two files with one stem share their document's IRIs: that build merges from scratch,
    and the kept state still serves the next build without the second file."""
    one, two = tmp_path / "one", tmp_path / "two"
    paths = _corpus(one, 3)
    two.mkdir()
    (two / paths[0].name).write_text(paths[1].read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "out"
    build([one], _options(out))
    both = build([one, two], _options(out))
    assert (both.documents, both.cached) == (4, 3)
    _same_as_full_build([one, two], out, tmp_path / "full")
    g = Graph()
    g.parse(out / "graph.ttl", format="turtle")
    assert len(g) == len(_quads(out))
    alone = build([one], _options(out))
    assert alone.cached == 3
    assert alone.triples == _same_as_full_build([one], out, tmp_path / "fresh").triples


def test_cache_entry_cut_short_is_extracted_again(tmp_path: Path) -> None:
    src = tmp_path / "src"
    _corpus(src, 2)
    out = tmp_path / "out"
    build([src], _options(out))
    ttl = (out / "graph.ttl").read_bytes()
    entry = sorted((out / ".kg-cache").rglob("*.part"))[0]
    entry.write_bytes(entry.read_bytes()[:-10])
    shutil.rmtree(out / ".kg-cache" / "v2" / "merged")  # so that the entries are read
    again = build([src], _options(out))
    assert (again.cached, again.extracted) == (1, 1)
    assert (out / "graph.ttl").read_bytes() == ttl


def test_incremental_with_workers_equals_full(tmp_path: Path) -> None:
    """One new article and --jobs 2: a worker process extracts it while the cached ones are
    written; the bytes are those of a full build in this process."""
    src = tmp_path / "src"
    _corpus(src, 4)
    out = tmp_path / "out"
    build([src], _options(out, jobs=2))
    _corpus(src, 1, start=4)
    again = build([src], _options(out, jobs=2))
    assert (again.cached, again.extracted) == (4, 1)
    assert _same_as_full_build([src], out, tmp_path / "full").extracted == 5
    assert _quads(out) == _quads(tmp_path / "full")


def test_a_chunk_parsed_together_gives_each_articles_own_part(extractor, tmp_path: Path
                                                              ) -> None:
    """Workers parse a chunk's paragraphs in one nlp.pipe call; every part is the one
    `Extractor.extract` gives the article alone (and a bad file in the chunk is skipped)."""
    from kg.ingest import read_document
    from kg.parallel import Item, Settings, process_chunk

    files = sorted((ROOT / "corpus").iterdir()) + _corpus(tmp_path / "src", 3)
    (tmp_path / "empty.txt").write_bytes(b"")
    files.insert(2, tmp_path / "empty.txt")
    items = [Item(i, f.name, f.read_bytes()) for i, f in enumerate(files)]
    result = process_chunk(Settings(None, None, 5 << 20, False), items)
    assert result.parts[2] is None and 2 in result.errors

    def outlet(host: str) -> str | None:
        entry = extractor.gazetteer.by_domain(host)
        return entry.label if entry else None

    for f, part in zip(files, result.parts, strict=True):
        if part is None:
            continue
        alone = document_part(extractor.extract(read_document(f, outlet_for_host=outlet)))
        assert part.to_json() == alone.to_json(), f.name


def test_token_lists_and_noun_chunks_are_spacys_own(extractor, tmp_path: Path) -> None:
    """The rules read token attributes and noun chunks off arrays (`kg.extract.words`,
    `linking._noun_chunks`) instead of spaCy's Token objects, which are slow to build; on
    the corpus and synthetic articles they must be what the Token objects give."""
    from kg.extract.linking import _noun_chunks
    from kg.extract.words import Words
    from kg.ingest import read_document

    def with_possessors(doc):  # the chunks as spaCy gives them, possessors before
        out = []
        for chunk in doc.noun_chunks:
            for t in chunk:
                if t.dep_ == "poss" and t.head == chunk.root and t.i > chunk.start and \
                        t.pos_ in ("NOUN", "PROPN") and \
                        doc[chunk.start].lower_ in ("the", "this", "that"):
                    out.append((chunk.start, t.i + 1))
            out.append((chunk.start, chunk.end))
        return out

    files = sorted((ROOT / "corpus").iterdir()) + _corpus(tmp_path / "src", 20)
    texts = [p.text.text for f in files for p in read_document(f).paragraphs]
    conjoined = possessed = 0
    for doc, text in zip(extractor.nlp.pipe(texts), texts, strict=True):
        words = Words.of(doc, text)
        assert words == Words.of(doc)
        assert words.doc_text == doc.text
        assert [words.text, words.lower, words.lemma, words.pos, words.dep, words.tag,
                words.ent_type] == [[t.text for t in doc], [t.lower_ for t in doc],
                                    [t.lemma_.lower() for t in doc], [t.pos_ for t in doc],
                                    [t.dep_ for t in doc], [t.tag_ for t in doc],
                                    [t.ent_type_ for t in doc]]
        expected = with_possessors(doc)
        assert [(c.start, c.end) for c in _noun_chunks(doc, words)] == expected, text
        conjoined += sum(doc[end - 1].dep_ == "conj" for _, end in expected)
        possessed += len(expected) - len(list(doc.noun_chunks))
    assert conjoined and possessed  # the texts have both kinds of chunk the code special-cases


def _manifest(out: Path) -> dict:
    import json

    return json.loads((out / "graph.oxigraph" / "kg-manifest.json").read_text())


def test_store_is_compacted_when_a_tenth_of_it_changed(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """A full build compacts the store (each bulk load leaves files every lookup searches);
    a rebuild that loads little leaves it as it is and counts what it loaded, until the
    changes add up to a tenth of the store."""
    from kg.store import StoreLoader, needs_compaction

    assert needs_compaction(None, 100) and needs_compaction(10, 100)
    assert not needs_compaction(9, 100) and not needs_compaction(0, 0)
    compactions: list[Path] = []
    compact = StoreLoader._compact

    def counted(self: StoreLoader) -> None:
        compactions.append(self.target)
        compact(self)

    monkeypatch.setattr(StoreLoader, "_compact", counted)
    src = tmp_path / "src"
    paths = _corpus(src, 40)
    out = tmp_path / "out"
    build([src], _options(out))
    first = _manifest(out)
    assert first["pending"] == 0 and first["size"] > 0 and len(compactions) == 1
    build([src], _options(out))  # nothing changed: nothing loaded, nothing to compact
    assert _manifest(out)["pending"] == 0 and len(compactions) == 1
    pending = []
    for path in paths[:10]:
        path.write_text(path.read_text(encoding="utf-8") + "\n\nPutin met Xi Jinping.\n",
                        encoding="utf-8")
        build([src], _options(out))
        pending.append(_manifest(out)["pending"])
        if pending[-1] == 0:
            break
    assert 0 < pending[0] < 0.1 * first["size"]  # one article: left for later
    assert pending[-1] == 0 and len(pending) > 1  # the changes added up: compacted
    assert len(compactions) == 2
    assert _quads(out) == _quads(_fresh(src, tmp_path / "full"))


def _fresh(src: Path, out: Path) -> Path:
    build([src], _options(out, use_cache=False))
    return out

