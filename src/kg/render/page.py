"""Page data → one self-contained HTML file: the network, its legend, search, filters, details.

The network is assembled with pyvis (nodes, edges and vis-network options) and drawn by the
vis-network build that ships inside the pyvis package, read from disk and inlined. pyvis's
own HTML template is not used: it loads Bootstrap from a CDN even with
`cdn_resources="in_line"`, and tom-select for its menus. Everything else — stylesheet,
script, data — is inlined too, and a Content-Security-Policy forbids the page any request,
so it opens from a file on a machine with no network and leaks nothing when it is online.

Article text is data. It travels as JSON inside `<script type="application/json">` with
`<`, `>`, `&` and the JavaScript line terminators escaped, and the page's script turns it
into text nodes only; the CSP allows only the page's own two scripts (by hash), so even
markup that got into the DOM could not run.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import math
import os
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pyvis
from pyvis.network import Network

from kg.render.assets import CSS, JS
from kg.render.layout import force_layout
from kg.render.model import (
    AUTHOR_GROUP,
    BASE_CLASSES,
    OTHER_GROUP,
    EdgeInfo,
    PageData,
)

#: Colour (fill, border) and vis-network shape of each legend group. The palette keeps
#: the node colours away from the green/red of support and oppose.
CLASS_STYLE: dict[str, dict[str, Any]] = {
    "Person": {"label": "Person", "shape": "dot", "color": "#4a7fd4", "border": "#2c5aa8"},
    "State": {"label": "State", "shape": "square", "color": "#f0a13a", "border": "#bf7410"},
    "Organization": {"label": "Organization", "shape": "hexagon", "color": "#9b72cf",
                     "border": "#6d47a3"},
    "Treaty": {"label": "Treaty", "shape": "diamond", "color": "#2bb3a3", "border": "#16806f"},
    "Forum": {"label": "Forum", "shape": "triangle", "color": "#e0679f", "border": "#b03a72"},
    "Event": {"label": "Event", "shape": "star", "color": "#e3c22b", "border": "#a88a0a"},
    "Topic": {"label": "Topic", "shape": "triangleDown", "color": "#8593a5",
              "border": "#55627a"},
    AUTHOR_GROUP: {"label": "Anonymous author", "shape": "dot", "color": "#e6e9ee",
                   "border": "#8a94a3", "dashed": True},
    OTHER_GROUP: {"label": "Other", "shape": "dot", "color": "#c3c9d1", "border": "#7d8794"},
}
GROUP_ORDER = (*BASE_CLASSES, AUTHOR_GROUP, OTHER_GROUP)

#: Relation types in the order of the model, with the verb the details panel uses and an
#: edge colour (blues, purples and browns: never the green or red of a stance).
RELATION_STYLE: dict[str, dict[str, Any]] = {
    "meetsWith": {"label": "Meets with", "verb": "meets with", "color": "#3b6fd1"},
    "cooperatesWith": {"label": "Cooperates with", "verb": "cooperates with",
                       "color": "#17a2b8"},
    "sanctions": {"label": "Sanctions", "verb": "sanctions", "color": "#d9822b"},
    "signs": {"label": "Signs", "verb": "signs", "color": "#7b4fc9"},
    "partyTo": {"label": "Party to", "verb": "is party to", "color": "#8c6d3f"},
    "memberOf": {"label": "Member of", "verb": "is a member of", "color": "#6b7a8f"},
    "chairs": {"label": "Chairs", "verb": "chairs", "color": "#b05cc0"},
    "leads": {"label": "Leads", "verb": "leads", "color": "#2f3e9e"},
}
OTHER_RELATION = {"label": "Other relation", "verb": "is related to", "color": "#8a94a3"}
POLARITY_STYLE = {
    "Support": {"label": "Supports", "color": "#1a9850"},
    "Oppose": {"label": "Opposes", "color": "#d73027"},
}
#: Line style by modality: asserted solid, normative dashed, the other unasserted kinds dotted.
MODALITY_STYLE: dict[str, dict[str, Any]] = {
    "Asserted": {"label": "Asserted", "dashes": None, "title": "stated as a fact"},
    "Normative": {"label": "Normative", "dashes": [9, 5],
                  "title": "what should or must happen, not what is"},
    "Future": {"label": "Future", "dashes": [2, 5], "title": "announced for the future"},
    "Possible": {"label": "Possible", "dashes": [2, 5], "title": "may or might happen"},
    "Hypothetical": {"label": "Hypothetical", "dashes": [2, 5],
                     "title": "if…, a question, or a rejected view"},
}
MODALITY_ORDER = ("Asserted", "Normative", "Future", "Possible", "Hypothetical")
LEGEND = [
    {"label": "supports", "color": POLARITY_STYLE["Support"]["color"], "dashes": None,
     "arrow": True, "title": "stance: holder → what it supports"},
    {"label": "opposes", "color": POLARITY_STYLE["Oppose"]["color"], "dashes": None,
     "arrow": True, "title": "stance: holder → what it opposes"},
    {"label": "relation", "color": RELATION_STYLE["meetsWith"]["color"], "dashes": None,
     "arrow": True, "title": "colour by relation type (see Filters); arrow = direction"},
    {"label": "normative", "color": "#4b5563", "dashes": [9, 5], "arrow": False,
     "title": "should / must"},
    {"label": "possible, future, hypothetical", "color": "#4b5563", "dashes": [2, 5],
     "arrow": False, "title": "not asserted as fact"},
]

#: Iterations of the in-page settling pass: about half a second of work whatever the size
#: (vis-network needs ~25 ms per iteration at 2,000 nodes on a slow machine).
SETTLE_BUDGET = 150_000

CSP = ("default-src 'none'; script-src 'unsafe-inline' {hashes}; style-src 'unsafe-inline'; "
       "img-src data:; base-uri 'none'; form-action 'none'")


@dataclass(frozen=True)
class PageStats:
    """What `render_page` wrote: for the build's summary line and for tests."""

    path: Path
    bytes: int
    nodes: int
    edges: int
    entities: int
    documents: int
    relations: int
    stances: int


def vis_assets() -> tuple[str, str, str]:
    """(version, vis-network.min.js, vis-network.css) from the installed pyvis package."""
    root = Path(pyvis.__file__).parent
    found = []
    for js in [*root.glob("templates/lib/vis-*/vis-network.min.js"),
               *root.glob("lib/vis-*/vis-network.min.js")]:
        version = js.parent.name[len("vis-"):]
        key = tuple(int(x) for x in re.findall(r"\d+", version))
        found.append((key, version, js))
    if not found:
        raise FileNotFoundError(f"no vis-network build found in the pyvis package at {root}")
    _, version, js = max(found)
    css = js.with_name("vis-network.css")
    return version, js.read_text(encoding="utf-8"), css.read_text(encoding="utf-8") \
        if css.exists() else ""


def json_for_script(value: Any) -> str:
    """JSON that cannot end its <script> element or be misread as markup or JS line breaks."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"),
                      allow_nan=False)
    return (text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _inline_script(js: str) -> str:
    """A library's code made safe to sit in a <script> element, or an error if it can't be."""
    js = js.replace('"<script>"', '"\\x3cscript>"')
    if re.search(r"</script|<!--|<script", js, flags=re.IGNORECASE):
        raise ValueError("script contains markup that would end or confuse its <script> element")
    return js


def _inline_style(css: str) -> str:
    if re.search(r"</style", css, flags=re.IGNORECASE):
        raise ValueError("stylesheet contains </style")
    return css


def _csp_hash(script: str) -> str:
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def _utf16(text: str, offset: int) -> int:
    """A code-point offset as a JavaScript (UTF-16) string index."""
    return offset + sum(1 for ch in text[:offset] if ord(ch) > 0xFFFF)


def _safe_link(url: str | None) -> str | None:
    """Only web links reach the page as hyperlinks."""
    return url if url and re.match(r"https?://", url, flags=re.IGNORECASE) else None


def _file_link(source_dir: Path | None, out_html: Path, file: str) -> str | None:
    """A relative link from the page to the article's file, when the corpus folder is known."""
    if source_dir is None:
        return None
    target = Path(os.path.abspath(source_dir / file))
    try:
        rel = os.path.relpath(target, Path(os.path.abspath(out_html)).parent)
    except ValueError:  # another drive on Windows
        return target.as_uri()
    return quote(rel.replace(os.sep, "/"))


def _edge_style(e: EdgeInfo) -> tuple[str, list[int] | None, float]:
    if e.kind == "stance":
        color = POLARITY_STYLE.get(e.polarity or "Support", POLARITY_STYLE["Support"])["color"]
    else:
        color = RELATION_STYLE.get(e.type, OTHER_RELATION)["color"]
    dashes = MODALITY_STYLE.get(e.modality, {"dashes": [2, 5]})["dashes"]
    return color, dashes, 1.0 if e.asserted else 0.45


def _camel_words(name: str) -> str:
    words = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", name).split()
    return " ".join([words[0], *(w.lower() for w in words[1:])]) if words else name


def build_network(data: PageData) -> tuple[list[dict], list[dict], dict[str, Any], bool]:
    """The vis-network nodes, edges and options for the page data, assembled with pyvis."""
    n, m = len(data.nodes), len(data.edges)
    index = {node.id: i for i, node in enumerate(data.nodes)}
    weights: dict[tuple[int, int], float] = defaultdict(float)
    for e in data.edges:
        a, b = index[e.source], index[e.target]
        if a != b:
            weights[(min(a, b), max(a, b))] += 1.0
    positions = force_layout(n, [(a, b, 1.0 + math.log(w)) for (a, b), w in
                                 sorted(weights.items())])

    ranks = [node.importance for node in data.nodes] or [0.0]
    lo, hi = min(ranks), max(ranks)
    net = Network(directed=True, cdn_resources="in_line")
    for node, (x, y) in zip(data.nodes, positions, strict=True):
        st = CLASS_STYLE.get(node.group, CLASS_STYLE[OTHER_GROUP])
        r = (node.importance - lo) / (hi - lo) if hi > lo else 0.5
        size = round(9 + 27 * math.sqrt(r), 1)
        label = node.label if len(node.label) <= 48 else node.label[:46].rstrip() + "…"
        extra: dict[str, Any] = {}
        if st.get("dashed"):
            extra["shapeProperties"] = {"borderDashes": [3, 3]}
            extra["font"] = {"size": 12, "color": "#5b6776"}
            size = min(size, 12.0)
        if node.group == "Topic" or st["shape"] == "triangleDown":
            size = round(size * 0.9, 1)
        net.add_node(
            node.id, label=label, shape=st["shape"], size=size, x=x, y=y,
            color={"background": st["color"], "border": st["border"],
                   "highlight": {"background": st["color"], "border": "#111827"},
                   "hover": {"background": st["color"], "border": "#111827"}},
            **extra,
        )

    edge_labels = m <= 60
    def pair(e: EdgeInfo) -> tuple[str, str]:
        return (min(e.source, e.target), max(e.source, e.target))

    parallel: dict[tuple[str, str], list[str]] = defaultdict(list)
    for e in data.edges:
        parallel[pair(e)].append(e.id)
    for e in data.edges:
        color, dashes, opacity = _edge_style(e)
        key = pair(e)
        k = parallel[key].index(e.id)
        smooth: Any = False
        if k and e.source != e.target:
            # Parallel edges bow out alternately to each side of the straight one.
            side = "curvedCW" if k % 2 else "curvedCCW"
            if (e.source, e.target) != key:
                side = "curvedCCW" if side == "curvedCW" else "curvedCW"
            smooth = {"enabled": True, "type": side, "roundness": round(0.18 * ((k + 1) // 2), 2)}
        width = round(1.3 + min(2.7, 0.9 * math.log2(1 + len(e.evidence))), 2)
        options: dict[str, Any] = {
            "id": e.id, "width": width, "dashes": dashes or False, "smooth": smooth,
            "color": {"color": color, "highlight": color, "hover": color, "opacity": opacity},
            "arrows": {"to": {"enabled": e.directed, "scaleFactor": 0.55}},
        }
        if edge_labels:
            verb = (("opposes" if e.polarity == "Oppose" else "supports") if e.kind == "stance"
                    else RELATION_STYLE.get(e.type, OTHER_RELATION)["verb"])
            options["label"] = verb
        net.add_edge(e.source, e.target, **options)

    iterations = int(min(300, max(15, SETTLE_BUDGET // (n + m + 1))))
    big = n > 800
    net.options = {
        "autoResize": True,
        "layout": {"improvedLayout": False, "randomSeed": 7},
        "nodes": {
            "borderWidth": 1.5, "borderWidthSelected": 3,
            "font": {"size": 14, "color": "#1d2733", "strokeWidth": 4, "strokeColor": "#ffffff",
                     "face": "system-ui, -apple-system, Segoe UI, Roboto, Arial, sans-serif"},
            "widthConstraint": {"maximum": 170},
            "scaling": {"label": {"drawThreshold": 7}},
        },
        "edges": {
            "smooth": False, "selectionWidth": 1.5, "hoverWidth": 0.8,
            "font": {"size": 12, "color": "#4b5563", "strokeWidth": 3, "strokeColor": "#ffffff",
                     "align": "middle"},
            "scaling": {"label": {"drawThreshold": 11}},
        },
        "physics": {
            "enabled": n > 1,
            # ForceAtlas2 spreads hubs' leaves and keeps loose nodes near the core, which
            # reads better than Barnes–Hut on star-shaped news graphs (an author's stances).
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -70, "centralGravity": 0.02,
                                 "springLength": 110, "springConstant": 0.06, "damping": 0.5,
                                 "avoidOverlap": 0.6},
            "stabilization": {"enabled": True, "iterations": iterations,
                              "updateInterval": 25, "fit": True},
            "minVelocity": 1.0, "maxVelocity": 40, "timestep": 0.5,
        },
        "interaction": {
            "hover": True, "tooltipDelay": 200, "hideEdgesOnDrag": big, "hideEdgesOnZoom": big,
            "navigationButtons": False, "keyboard": {"enabled": False}, "multiselect": False,
            "selectConnectedEdges": True,
        },
    }
    nodes, edges, _heading, _height, _width, options_json = net.get_network_data()
    return nodes, edges, json.loads(options_json), edge_labels


def page_json(data: PageData, out_html: Path | None = None, *,
              source_dir: Path | None = None) -> dict[str, Any]:
    """The JSON the page's script reads: page data, styling tables and vis-network input."""
    payload = data.to_dict()
    for doc in payload["documents"]:
        doc["url"] = _safe_link(doc["url"])
        doc["link"] = _file_link(source_dir, out_html, doc["file"]) if out_html else None
    for edge in payload["edges"]:
        for ev in edge["evidence"]:
            s = ev["sentence"]
            ev["spans"] = [[_utf16(s, a), _utf16(s, b), r] for a, b, r in ev["spans"]]
    vis_nodes, vis_edges, options, edge_labels = build_network(data)
    relation_order = [t for t in RELATION_STYLE if any(e.type == t for e in data.edges)]
    relation_order += sorted({e.type for e in data.edges if e.kind == "relation"}
                             - set(relation_order))
    relations = {t: dict(RELATION_STYLE.get(t, {**OTHER_RELATION, "label": _camel_words(t),
                                                 "verb": _camel_words(t).lower()}))
                 for t in relation_order}
    for t, style in relations.items():
        style["directed"] = any(e.directed for e in data.edges if e.type == t)
    relations["_other"] = dict(OTHER_RELATION, directed=True)
    modality_order = [mo for mo in MODALITY_ORDER if any(e.modality == mo for e in data.edges)]
    modality_order += sorted({e.modality for e in data.edges} - set(modality_order))
    modalities = {mo: MODALITY_STYLE.get(mo, {"label": mo, "dashes": [2, 5], "title": ""})
                  for mo in MODALITY_ORDER + tuple(modality_order)}
    class_names = {n.cls: _camel_words(n.cls) for n in data.nodes if n.cls != n.group}
    payload["style"] = {
        "classes": CLASS_STYLE, "groupOrder": list(GROUP_ORDER), "classNames": class_names,
        "relations": relations, "relationOrder": relation_order,
        "polarity": POLARITY_STYLE, "modalities": modalities, "modalityOrder": modality_order,
        "legend": LEGEND,
    }
    payload["vis"] = {"nodes": vis_nodes, "edges": vis_edges, "options": options,
                      "edgeLabels": edge_labels}
    return payload


def summary_html(data: PageData) -> str:
    """The header's corpus summary (numbers only come from us; still escaped)."""
    def part(k: int, one: str, many: str) -> str:
        return f"<b>{k:,}</b> {one if k == 1 else many}"
    dates = sorted(d.date for d in data.documents if d.date)
    bits = [part(len(data.documents), "document", "documents"),
            part(data.entity_count, "entity", "entities"),
            part(len(data.edges), "statement", "statements")
            + f" ({data.relation_count:,} relation{'s' if data.relation_count != 1 else ''}, "
              f"{data.stance_count:,} stance{'s' if data.stance_count != 1 else ''})"]
    if dates:
        span = dates[0][:4] if dates[0][:4] == dates[-1][:4] else \
            f"{dates[0][:4]}–{dates[-1][:4]}"
        bits.append(f"published {html.escape(span)}")
    return " · ".join(bits)


def render_html(data: PageData, *, title: str = "kg graph", out_html: Path | None = None,
                source_dir: Path | None = None) -> str:
    """The page as one string. Same data → same string."""
    version, vis_js, vis_css = vis_assets()
    vis_js = _inline_script(vis_js)
    own_js = _inline_script(JS)
    css = _inline_style(vis_css) + "\n" + _inline_style(CSS)
    data_json = json_for_script(page_json(data, out_html, source_dir=source_dir))
    csp = CSP.format(hashes=" ".join([_csp_hash(vis_js), _csp_hash(own_js)]))
    t = html.escape(title)
    search_icon = ('<svg width="15" height="15" viewBox="0 0 20 20" aria-hidden="true">'
                   '<circle cx="8.5" cy="8.5" r="6" fill="none" stroke="#7a8594" '
                   'stroke-width="2"/><line x1="13" y1="13" x2="18" y2="18" stroke="#7a8594" '
                   'stroke-width="2" stroke-linecap="round"/></svg>')
    return "".join([
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n",
        f'<meta http-equiv="Content-Security-Policy" content="{html.escape(csp)}">\n',
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
        '<meta name="referrer" content="no-referrer">\n',
        f'<meta name="generator" content="kg (vis-network {html.escape(version)} via pyvis)">\n',
        '<link rel="icon" href="data:,">\n',
        f"<title>{t}</title>\n<style>\n{css}\n</style>\n</head>\n<body>\n",
        '<header class="kg-header">\n<div class="kg-bar">\n',
        f'<div class="kg-brand"><h1 id="kg-title">{t}</h1>',
        f'<p class="kg-summary" id="kg-summary">{summary_html(data)}</p></div>\n',
        '<div class="kg-search" role="search">', search_icon,
        '<input id="kg-search" type="search" placeholder="Search a name or alias (press /)" '
        'autocomplete="off" spellcheck="false" aria-label="Search entities by name or alias" '
        'aria-controls="kg-results" aria-expanded="false">'
        '<ul id="kg-results" class="kg-results" role="listbox" hidden></ul></div>\n',
        '<div class="kg-actions">'
        '<button id="kg-toggle-filters" class="kg-btn" type="button" aria-controls="kg-filters" '
        'aria-pressed="false">Filters</button>'
        '<button id="kg-fit" class="kg-btn" type="button" title="Fit the shown nodes in view">'
        'Fit</button>'
        '<button id="kg-freeze" class="kg-btn" type="button" aria-pressed="false" '
        'title="Stop all movement: dragging a node moves only that node">Freeze layout</button>'
        '</div>\n</div>\n',
        '<div id="kg-legend" class="kg-legend" aria-label="Legend"></div>\n</header>\n',
        '<main class="kg-main">\n',
        '<aside id="kg-filters" class="kg-panel kg-filters" aria-label="Filters"></aside>\n',
        '<section class="kg-canvas" aria-label="Network">'
        '<div id="kg-network"></div>'
        '<div id="kg-focusbar" class="kg-focusbar" hidden></div>'
        '<div id="kg-tooltip" class="kg-tooltip" hidden></div>'
        '<div id="kg-status" class="kg-status">Laying out the network…</div>'
        '<div id="kg-count" class="kg-count"></div>'
        '<noscript><div class="kg-status">This page needs JavaScript to draw the network.'
        '</div></noscript></section>\n',
        '<aside id="kg-details" class="kg-panel kg-details" aria-label="Details" '
        'aria-live="polite"></aside>\n</main>\n',
        f'<script type="application/json" id="kg-data">{data_json}</script>\n',
        f"<script>{vis_js}</script>\n",
        f"<script>{own_js}</script>\n",
        "</body>\n</html>\n",
    ])
