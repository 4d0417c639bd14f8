"""The property graph as CSV for Neo4j's bulk importer (`neo4j-admin database import`).

Two files with the importer's header syntax: `nodes.csv` (`id:ID`, `:LABEL`, typed
properties such as `confidence:float` and `aliases:string[]`) and `relationships.csv`
(`:START_ID`, `:END_ID`, `:TYPE`, ...). Empty cells are absent properties. They go to a
folder or, when the target ends in `.zip`, into one zip archive; both are plain CSV that
any database (SQLite, DuckDB, PostgreSQL COPY) loads as well.

    neo4j-admin database import full --nodes=nodes.csv --relationships=relationships.csv neo4j
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import networkx as nx

#: Node properties: (column header, attribute name). The header's type suffix is Neo4j's.
NODE_COLUMNS: list[tuple[str, str]] = [
    ("id:ID", "id"), ("label", "label"), ("name", "label"), (":LABEL", ":LABEL"),
    ("class", "class"), ("group", "group"), ("iri", "iri"), ("wikidata", "wikidata"),
    ("aliases:string[]", "aliases"), ("origin", "origin"), ("confidence:float", "confidence"),
    ("documentCount:int", "documentCount"), ("mentionCount:int", "mentionCount"),
    ("fileName", "fileName"), ("title", "title"), ("date:date", "date"), ("source", "source"),
]
#: Relationship properties, likewise.
EDGE_COLUMNS: list[tuple[str, str]] = [
    (":START_ID", ":START_ID"), (":END_ID", ":END_ID"), (":TYPE", ":TYPE"), ("id", "id"),
    ("class", "class"), ("type", "type"), ("label", "label"), ("polarity", "polarity"),
    ("modality", "modality"), ("negated:boolean", "negated"), ("asserted:boolean", "asserted"),
    ("weight:int", "weight"), ("confidence:float", "confidence"),
    ("goldstein:float", "goldstein"), ("plover", "plover"), ("attributedTo", "attributedTo"),
    ("documents", "documents"), ("sentence", "sentence"),
]


def neo4j_type(name: str) -> str:
    """Neo4j's relationship-type style: "meetsWith" → MEETS_WITH, "supports" → SUPPORTS."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).upper()


def _labels(attrs: dict[str, Any]) -> str:
    """`:LABEL`: Entity;<group>;<class> for entities, Document, Author."""
    group, cls = attrs.get("group", ""), attrs.get("class", "")
    if group in ("Document", "Author"):
        return group
    return ";".join(dict.fromkeys(x for x in ("Entity", group, cls) if x))


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def neo4j_tables(g: nx.MultiDiGraph) -> tuple[str, str]:
    """(nodes.csv, relationships.csv) of a property graph, rows sorted by id."""
    nodes = io.StringIO()
    writer = csv.writer(nodes, lineterminator="\n")
    writer.writerow([h for h, _ in NODE_COLUMNS])
    for nid, attrs in sorted(g.nodes(data=True)):
        row = {**attrs, "id": nid, ":LABEL": _labels(attrs),
               "aliases": ";".join(a.strip() for a in attrs.get("aliases", "").split(";")
                                   if a.strip())}
        writer.writerow([_cell(row.get(key)) for _, key in NODE_COLUMNS])
    rels = io.StringIO()
    writer = csv.writer(rels, lineterminator="\n")
    writer.writerow([h for h, _ in EDGE_COLUMNS])
    for u, v, key, attrs in sorted(g.edges(keys=True, data=True), key=lambda e: (e[2], e[0], e[1])):
        row = {**attrs, ":START_ID": u, ":END_ID": v, "id": key,
               ":TYPE": neo4j_type(attrs.get("type", "related"))}
        writer.writerow([_cell(row.get(k)) for _, k in EDGE_COLUMNS])
    return nodes.getvalue(), rels.getvalue()


def neo4j_zip(g: nx.MultiDiGraph) -> bytes:
    """nodes.csv and relationships.csv in one zip archive, byte-for-byte reproducible."""
    nodes, rels = neo4j_tables(g)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in (("nodes.csv", nodes), ("relationships.csv", rels)):
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, text.encode("utf-8"))
    return buf.getvalue()


def write_neo4j(g: nx.MultiDiGraph, out: Path) -> list[Path]:
    """Write nodes.csv and relationships.csv into the folder `out` (each file replaced
    atomically), or into `out` as a zip when it ends in `.zip`."""
    from kg.export import write_atomic

    if out.suffix.lower() == ".zip":
        return [write_atomic(out, neo4j_zip(g))]
    nodes, rels = neo4j_tables(g)
    return [write_atomic(out / "nodes.csv", nodes.encode("utf-8")),
            write_atomic(out / "relationships.csv", rels.encode("utf-8"))]
