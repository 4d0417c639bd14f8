"""The graph page: `graph.ttl` → `graph.html` (and a PNG of it), readable offline.

`render_page` turns the RDF that `kg build` writes (docs/graph-model.md) into one HTML file
that needs no network: an interactive network with a legend, search by alias, filters and
a details panel that shows, for every relation and stance, the sentence it was read from.
`screenshot` photographs that page with Debian's headless chromium when it is installed.
"""

from __future__ import annotations

import os
from pathlib import Path

from rdflib import Graph

from kg.render.model import PageData, build_page_data
from kg.render.page import PageStats, render_html
from kg.render.screenshot import screenshot

__all__ = ["PageData", "PageStats", "build_page_data", "render_page", "screenshot"]


def render_page(graph: Graph, out_html: Path, *, title: str = "kg graph",
                source_dir: Path | None = None) -> PageStats:
    """Write the page for `graph` to `out_html`, atomically; return what it shows.

    The file is written next to its destination and then renamed over it, so a reader (or
    a failed build) never sees half a page. `source_dir`, when given, is the folder of the
    articles: evidence then also links to the local file, relative to the page.
    """
    out_html = Path(out_html)
    data = build_page_data(graph)
    text = render_html(data, title=title, out_html=out_html, source_dir=source_dir)
    payload = text.encode("utf-8")
    out_html.parent.mkdir(parents=True, exist_ok=True)
    tmp = out_html.with_name(f".{out_html.name}.{os.getpid()}.tmp")
    try:
        tmp.write_bytes(payload)
        os.replace(tmp, out_html)
    finally:
        tmp.unlink(missing_ok=True)
    return PageStats(
        path=out_html, bytes=len(payload), nodes=len(data.nodes), edges=len(data.edges),
        entities=data.entity_count, documents=len(data.documents),
        relations=data.relation_count, stances=data.stance_count,
    )
