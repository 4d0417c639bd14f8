# ruff: noqa: E501 -- this module is CSS and JavaScript in string constants, not Python lines
"""The page's own stylesheet and script, inlined by `kg.render.page`.

They live in a Python module (not in static files) so that they ship with the package
whatever the packaging configuration, and so the page is one string with no lookup at run
time. The script builds every DOM node with createElement / textContent: article text is
data and never reaches innerHTML.
"""

CSS = r"""
:root {
  --bg: #f4f5f7; --panel: #ffffff; --ink: #1d2733; --muted: #5b6776; --line: #e1e5ea;
  --accent: #2457c5; --accent-soft: #eaf0fb; --support: #1a9850; --oppose: #d73027;
  --mark-s: #fff0a8; --mark-o: #d9ecff;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
}
* { box-sizing: border-box; }
html, body { margin: 0; height: 100%; }
body { display: flex; flex-direction: column; background: var(--bg); color: var(--ink);
  font-size: 14px; line-height: 1.45; overflow: hidden; }
button, input, select { font: inherit; color: inherit; }
a { color: var(--accent); text-decoration: none; }
a:hover { text-decoration: underline; }
[hidden] { display: none !important; }

/* header */
.kg-header { flex: none; background: var(--panel); border-bottom: 1px solid var(--line);
  padding: 10px 16px 8px; display: flex; flex-direction: column; gap: 7px; min-width: 0;
  position: relative; z-index: 40; }
.kg-bar { display: flex; flex-wrap: wrap; align-items: center; gap: 8px 16px; min-width: 0; }
.kg-brand { flex: 1 1 300px; min-width: 0; }
.kg-brand h1 { font-size: 17px; line-height: 1.25; margin: 0; font-weight: 650;
  letter-spacing: -0.01em; overflow-wrap: anywhere; }
.kg-summary { margin: 2px 0 0; color: var(--muted); font-size: 13px; overflow-wrap: anywhere; }
.kg-summary b { color: var(--ink); font-weight: 600; }
.kg-search { position: relative; flex: 0 1 380px; min-width: 0; }
.kg-search input { width: 100%; height: 36px; padding: 0 12px 0 34px; border: 1px solid #c9d0d8;
  border-radius: 9px; background: #fff; outline: none; }
.kg-search input:focus { border-color: var(--accent); box-shadow: 0 0 0 3px rgba(36,87,197,.15); }
.kg-search svg { position: absolute; left: 11px; top: 11px; pointer-events: none; }
.kg-results { position: absolute; top: 40px; left: 0; right: 0; z-index: 50; background: #fff;
  border: 1px solid var(--line); border-radius: 10px; box-shadow: 0 10px 28px rgba(15,23,42,.16);
  max-height: min(360px, 60vh); overflow: auto; margin: 0; padding: 4px; list-style: none; }
.kg-results li { padding: 6px 8px; border-radius: 7px; cursor: pointer; display: flex;
  align-items: center; gap: 8px; min-width: 0; }
.kg-results li[aria-selected="true"], .kg-results li:hover { background: var(--accent-soft); }
.kg-results .kg-r-text { min-width: 0; flex: 1; }
.kg-results .kg-r-label { font-weight: 600; overflow-wrap: anywhere; }
.kg-results .kg-r-sub { display: block; color: var(--muted); font-size: 12px; overflow-wrap: anywhere; }
.kg-results .kg-empty { color: var(--muted); cursor: default; }
.kg-results .kg-empty:hover { background: none; }
.kg-actions { display: flex; gap: 6px; flex-wrap: wrap; }
.kg-btn { height: 36px; padding: 0 12px; border: 1px solid #c9d0d8; border-radius: 9px;
  background: #fff; cursor: pointer; white-space: nowrap; }
.kg-btn:hover { border-color: #9aa5b1; }
.kg-btn[aria-pressed="true"] { background: var(--ink); color: #fff; border-color: var(--ink); }
.kg-btn.kg-small { height: 28px; padding: 0 9px; font-size: 13px; border-radius: 7px; }
.kg-linkbtn { border: 0; background: none; padding: 0; color: var(--accent); cursor: pointer;
  font-size: 12px; }
.kg-legend { display: flex; flex-wrap: wrap; gap: 3px 14px; font-size: 12px; color: var(--muted);
  align-items: center; min-width: 0; }
.kg-legend .kg-lg-title { font-weight: 600; color: var(--ink); }
.kg-legend .kg-lg-item { display: inline-flex; align-items: center; gap: 5px; white-space: nowrap; }
.kg-legend .kg-lg-sep { width: 1px; height: 14px; background: var(--line); }
svg.kg-icon { flex: none; display: inline-block; vertical-align: middle; }

/* body */
.kg-main { flex: 1 1 auto; min-height: 0; display: grid; grid-template-columns: minmax(0, 1fr) 390px;
  position: relative; }
body.kg-show-filters .kg-main { grid-template-columns: 268px minmax(0, 1fr) 390px; }
.kg-panel { background: var(--panel); overflow: auto; min-height: 0; min-width: 0; }
.kg-filters { display: none; border-right: 1px solid var(--line); padding: 12px 14px 24px; }
body.kg-show-filters .kg-filters { display: block; }
.kg-details { border-left: 1px solid var(--line); padding: 14px 18px 28px; }
.kg-canvas { position: relative; min-width: 0; min-height: 0; background:
  radial-gradient(circle, #dfe3e8 1px, transparent 1px) 0 0 / 22px 22px, #fafbfc; }
#kg-network { position: absolute; inset: 0; }
.kg-status { position: absolute; left: 50%; top: 45%; transform: translate(-50%, -50%);
  background: rgba(255,255,255,.95); border: 1px solid var(--line); border-radius: 10px;
  padding: 10px 16px; color: var(--muted); box-shadow: 0 4px 16px rgba(15,23,42,.08); }
.kg-focusbar { position: absolute; top: 10px; left: 50%; transform: translateX(-50%); z-index: 5;
  background: var(--ink); color: #fff; border-radius: 999px; padding: 5px 6px 5px 14px;
  display: flex; gap: 10px; align-items: center; max-width: calc(100% - 20px); font-size: 13px;
  box-shadow: 0 4px 14px rgba(15,23,42,.2); }
.kg-focusbar span { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.kg-focusbar button { border: 0; border-radius: 999px; background: #fff; color: var(--ink);
  padding: 3px 10px; cursor: pointer; font-size: 12px; white-space: nowrap; }
.kg-tooltip { position: absolute; z-index: 6; pointer-events: none; background: rgba(29,39,51,.94);
  color: #fff; border-radius: 7px; padding: 5px 9px; font-size: 12px; max-width: 320px;
  box-shadow: 0 4px 14px rgba(15,23,42,.2); }
.kg-tooltip .kg-tt-sub { color: #c5ced8; display: block; }
.kg-count { position: absolute; right: 10px; bottom: 8px; font-size: 12px; color: var(--muted);
  background: rgba(255,255,255,.85); padding: 2px 8px; border-radius: 6px; }

/* filters */
.kg-filters h2 { font-size: 12px; text-transform: uppercase; letter-spacing: .06em;
  color: var(--muted); margin: 16px 0 6px; display: flex; align-items: center; gap: 8px; }
.kg-filters h2:first-child { margin-top: 2px; }
.kg-filters h2 .kg-linkbtn { margin-left: auto; text-transform: none; letter-spacing: 0; }
.kg-check { display: flex; align-items: center; gap: 7px; padding: 3px 2px; cursor: pointer;
  border-radius: 6px; }
.kg-check:hover { background: #f3f5f8; }
.kg-check input { margin: 0; accent-color: var(--accent); }
.kg-check .kg-c-label { flex: 1; min-width: 0; overflow-wrap: anywhere; }
.kg-check .kg-c-count { color: var(--muted); font-size: 12px; font-variant-numeric: tabular-nums; }
.kg-filters select, .kg-filters input[type="date"] { width: 100%; height: 32px; border: 1px solid #c9d0d8;
  border-radius: 7px; padding: 0 8px; background: #fff; }
.kg-dates { display: grid; grid-template-columns: 1fr 1fr; gap: 6px; }
.kg-dates label { font-size: 12px; color: var(--muted); }
.kg-filter-foot { margin-top: 18px; display: flex; gap: 8px; align-items: center; }
.kg-shown { color: var(--muted); font-size: 12px; margin: 0 0 4px; }

/* details */
.kg-details h2.kg-name { font-size: 20px; line-height: 1.25; margin: 4px 0 2px; overflow-wrap: anywhere; }
.kg-kind { display: flex; align-items: center; gap: 6px; color: var(--muted); font-size: 12px;
  text-transform: uppercase; letter-spacing: .05em; }
.kg-close { float: right; border: 0; background: none; font-size: 20px; line-height: 1; cursor: pointer;
  color: var(--muted); padding: 2px 4px; }
.kg-row { display: flex; flex-wrap: wrap; gap: 6px; margin: 10px 0; align-items: center; }
.kg-chip { display: inline-block; background: #f0f2f5; border-radius: 999px; padding: 1px 9px;
  font-size: 12px; overflow-wrap: anywhere; }
.kg-note { color: var(--muted); font-size: 13px; margin: 6px 0; }
.kg-details h3 { font-size: 13px; text-transform: uppercase; letter-spacing: .05em; color: var(--muted);
  margin: 20px 0 8px; border-top: 1px solid var(--line); padding-top: 12px; }
.kg-st { border: 1px solid var(--line); border-left: 4px solid #8a94a3; border-radius: 8px;
  padding: 8px 10px; margin: 0 0 10px; background: #fff; }
.kg-st.kg-support { border-left-color: var(--support); }
.kg-st.kg-oppose { border-left-color: var(--oppose); }
.kg-st.kg-unasserted { background: #fafafa; }
.kg-st-head { overflow-wrap: anywhere; }
.kg-st-head .kg-verb { font-weight: 600; }
.kg-st-head .kg-verb.kg-support { color: var(--support); }
.kg-st-head .kg-verb.kg-oppose { color: var(--oppose); }
.kg-ent { border: 0; background: none; padding: 0; color: var(--accent); cursor: pointer; font-weight: 600;
  text-align: left; overflow-wrap: anywhere; }
.kg-self { font-weight: 600; }
.kg-badge { display: inline-block; font-size: 11px; border-radius: 5px; padding: 0 6px; margin-left: 4px;
  border: 1px solid #cbd2da; color: var(--muted); vertical-align: 1px; white-space: nowrap; }
.kg-badge.kg-normative { border-color: #8e6ac8; color: #6a44ad; }
.kg-badge.kg-negated, .kg-badge.kg-unasserted-b { border-color: #b98a2c; color: #8a6414; }
.kg-attr { color: var(--muted); font-size: 12px; margin-top: 2px; }
.kg-quote { margin: 8px 0 2px; padding: 6px 10px; border-left: 3px solid #d6dbe1; background: #f7f8fa;
  border-radius: 0 6px 6px 0; font-family: Georgia, "Times New Roman", serif; font-size: 14.5px;
  line-height: 1.5; overflow-wrap: anywhere; white-space: pre-wrap; }
.kg-quote mark { border-radius: 3px; padding: 0 1px; color: inherit; }
.kg-quote mark.kg-m-s { background: var(--mark-s); }
.kg-quote mark.kg-m-o { background: var(--mark-o); }
.kg-cite { font-size: 12px; color: var(--muted); overflow-wrap: anywhere; }
.kg-more { margin-top: 4px; }
.kg-doclist { list-style: none; margin: 0; padding: 0; }
.kg-doclist li { padding: 5px 0; border-bottom: 1px solid #f0f2f5; overflow-wrap: anywhere; }
.kg-doclist .kg-d-meta { color: var(--muted); font-size: 12px; }
.kg-toplist { list-style: none; margin: 0; padding: 0; }
.kg-toplist li { display: flex; align-items: center; gap: 8px; padding: 3px 0; }
.kg-toplist .kg-ent { flex: 0 1 auto; min-width: 0; overflow: hidden; text-overflow: ellipsis;
  white-space: nowrap; }
.kg-toplist .kg-c-count { margin-left: auto; white-space: nowrap; }
.kg-iri { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 11px;
  color: var(--muted); overflow-wrap: anywhere; margin-top: 18px; }
.kg-help { color: var(--muted); }
.kg-help li { margin: 3px 0; }
.kg-hiddennote { background: #fff7e0; border: 1px solid #f0d58a; border-radius: 7px; padding: 6px 9px;
  font-size: 13px; margin: 8px 0; }

/* narrower screens: filters become a drawer */
@media (max-width: 1099px) {
  body.kg-show-filters .kg-main { grid-template-columns: minmax(0, 1fr) 350px; }
  .kg-main { grid-template-columns: minmax(0, 1fr) 350px; }
  .kg-filters { position: absolute; z-index: 30; left: 0; top: 0; bottom: 0; width: min(300px, 88vw);
    box-shadow: 6px 0 24px rgba(15,23,42,.15); }
}
/* phones: the details panel becomes a bottom sheet */
@media (max-width: 759px) {
  body { font-size: 14px; }
  .kg-header { padding: 8px 10px 6px; gap: 5px; }
  .kg-brand { flex-basis: 100%; }
  .kg-brand h1 { font-size: 15px; }
  .kg-summary { font-size: 12px; }
  .kg-search { flex: 1 1 100%; max-width: none; }
  .kg-actions { flex: 1 1 100%; }
  .kg-actions .kg-btn { flex: 1 1 0; padding: 0 6px; height: 32px; }
  .kg-legend { font-size: 11px; gap: 2px 10px; }
  .kg-legend .kg-lg-sep { display: none; }
  .kg-main, body.kg-show-filters .kg-main { grid-template-columns: minmax(0, 1fr); }
  .kg-details { position: absolute; z-index: 35; left: 0; right: 0; bottom: 0; max-height: 62%;
    border-left: 0; border-top: 1px solid var(--line); border-radius: 14px 14px 0 0;
    box-shadow: 0 -8px 24px rgba(15,23,42,.16); transform: translateY(105%);
    transition: transform .18s ease-out; }
  body.kg-show-details .kg-details { transform: none; }
}
"""

JS = r"""
(function () {
  'use strict';
  const DATA = JSON.parse(document.getElementById('kg-data').textContent);
  const STYLE = DATA.style;
  const DOCS = DATA.documents;
  const NODES = DATA.nodes;
  const EDGES = DATA.edges;
  const SVGNS = 'http://www.w3.org/2000/svg';

  const nodeById = new Map(NODES.map((n) => [n.id, n]));
  const edgeById = new Map(EDGES.map((e) => [e.id, e]));
  const incident = new Map(NODES.map((n) => [n.id, []]));
  for (const e of EDGES) {
    incident.get(e.source).push(e);
    if (e.target !== e.source) incident.get(e.target).push(e);
  }

  // ---------------------------------------------------------------- DOM helpers
  // Every node is made here: data only ever becomes text nodes or attribute values.
  function h(tag, props, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(props || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === 'class') node.className = v;
      else if (k === 'text') node.textContent = String(v);
      else if (k === 'on') for (const [ev, fn] of Object.entries(v)) node.addEventListener(ev, fn);
      else if (k === 'href') { const u = safeUrl(v); if (u) node.setAttribute('href', u); }
      else node.setAttribute(k, v === true ? '' : String(v));
    }
    for (const c of children.flat(Infinity)) {
      if (c === null || c === undefined || c === false) continue;
      node.append(c instanceof Node ? c : String(c));
    }
    return node;
  }
  function svg(tag, attrs) {
    const node = document.createElementNS(SVGNS, tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, String(v));
    return node;
  }
  // Only web and file links are followed; anything else (javascript:, data:) is dropped.
  function safeUrl(u) {
    if (typeof u !== 'string' || !u) return null;
    try {
      const p = new URL(u, document.baseURI);
      return ['http:', 'https:', 'file:'].includes(p.protocol) ? p.href : null;
    } catch (err) { return null; }
  }
  function extLink(href, text, title) {
    const a = h('a', {href: href, target: '_blank', rel: 'noopener noreferrer', title: title}, text);
    return a.hasAttribute('href') ? a : h('span', {}, text);
  }
  const POINTS = {
    triangle: '10,2.5 18,17 2,17', triangleDown: '2,3 18,3 10,17.5',
    diamond: '10,1.5 18.5,10 10,18.5 1.5,10',
    hexagon: '10,1.5 17.5,5.75 17.5,14.25 10,18.5 2.5,14.25 2.5,5.75',
    star: '10,1.5 12.4,7.2 18.6,7.6 13.8,11.6 15.4,17.7 10,14.4 4.6,17.7 6.2,11.6 1.4,7.6 7.6,7.2',
  };
  function shapeIcon(group, size) {
    const st = STYLE.classes[group] || STYLE.classes.Other;
    const s = svg('svg', {width: size || 14, height: size || 14, viewBox: '0 0 20 20',
      class: 'kg-icon', 'aria-hidden': 'true'});
    const paint = {fill: st.color, stroke: st.border, 'stroke-width': 1.5};
    if (st.dashed) paint['stroke-dasharray'] = '2.5 2';
    if (st.shape === 'square') s.append(svg('rect', Object.assign({x: 3, y: 3, width: 14, height: 14, rx: 1.5}, paint)));
    else if (POINTS[st.shape]) s.append(svg('polygon', Object.assign({points: POINTS[st.shape]}, paint)));
    else s.append(svg('circle', Object.assign({cx: 10, cy: 10, r: 7.5}, paint)));
    return s;
  }
  function lineIcon(color, dashes, arrow, opacity) {
    const s = svg('svg', {width: 30, height: 12, viewBox: '0 0 30 12', class: 'kg-icon', 'aria-hidden': 'true'});
    const line = svg('line', {x1: 1, y1: 6, x2: arrow ? 22 : 29, y2: 6, stroke: color, 'stroke-width': 2.5,
      'stroke-linecap': 'butt'});
    if (dashes) line.setAttribute('stroke-dasharray', dashes.join(' '));
    if (opacity !== undefined) s.setAttribute('opacity', String(opacity));
    s.append(line);
    if (arrow) s.append(svg('polygon', {points: '21,1.5 29,6 21,10.5', fill: color}));
    return s;
  }
  const fmt = new Intl.NumberFormat('en');
  const n2 = (x) => fmt.format(x);
  const plural = (k, one, many) => n2(k) + ' ' + (k === 1 ? one : (many || one + 's'));
  function docLabel(d) { return d.title + (d.date ? ' (' + d.date + ')' : ''); }
  function nodeLabel(id) {
    const n = nodeById.get(id);
    if (n) return n.label;
    if (typeof id === 'string' && id.indexOf('author/anonymous/') === 0) return 'the article\u2019s author';
    return String(id);
  }
  function classInfo(n) {
    const base = STYLE.classes[n.group] || STYLE.classes.Other;
    const sub = n.cls !== n.group ? STYLE.classNames[n.cls] || n.cls : null;
    return sub ? sub + ' \u00b7 ' + base.label : base.label;
  }

  // ---------------------------------------------------------------- network
  // The filters column is part of the grid on wide screens: settle it before the canvas is
  // measured, or the first fit is computed for the wrong size.
  document.body.classList.toggle('kg-show-filters', window.matchMedia('(min-width: 1100px)').matches);
  const nodesDS = new vis.DataSet(DATA.vis.nodes);
  const edgesDS = new vis.DataSet(DATA.vis.edges);
  const container = document.getElementById('kg-network');
  const options = DATA.vis.options;
  const network = new vis.Network(container, {nodes: nodesDS, edges: edgesDS}, options);
  const status = document.getElementById('kg-status');
  let ready = false;
  let frozen = false;
  let settling = false;
  let resolveReady;
  window.kgReady = new Promise((resolve) => { resolveReady = resolve; });

  function markReady() {
    if (ready) return;
    ready = true;
    window.kgReadyAt = performance.now();
    document.body.setAttribute('data-ready', '1');
    status.hidden = true;
    resolveReady(window.kgReadyAt);
    const m = /^#node=(.+)$/.exec(location.hash || '');
    if (m) { try { select(decodeURIComponent(m[1])); } catch (err) { /* a bad link */ } }
  }
  function physicsOff() {
    settling = false;
    network.setOptions({physics: {enabled: false}});
  }
  // vis-network fits node shapes, not their labels: leave a margin for the labels.
  function fitView(ids, animate) {
    network.fit(ids ? {nodes: ids, animation: false} : {animation: false});
    const margin = container.clientWidth < 600 ? 0.8 : 0.9;
    const scale = network.getScale() * (ids && ids.length === 1 ? 0.6 : margin);
    network.moveTo({scale: Math.min(scale, 1.2),
      animation: animate ? {duration: 300, easingFunction: 'easeInOutQuad'} : false});
  }
  function settled() {
    physicsOff();
    fitView(undefined, false);
    network.once('afterDrawing', markReady);
    network.redraw();
  }
  // Dragging wakes the physics so neighbours follow, until it settles again (or 4 s pass).
  let settleTimer = null;
  network.on('dragStart', (p) => {
    if (!ready || frozen || !p.nodes.length) return;
    settling = true;
    network.setOptions({physics: {enabled: true, stabilization: {enabled: false}}});
  });
  network.on('dragEnd', () => {
    if (!settling) return;
    clearTimeout(settleTimer);
    settleTimer = setTimeout(physicsOff, 4000);
  });
  network.on('stabilized', () => { if (ready && settling) { clearTimeout(settleTimer); physicsOff(); } });

  // ---------------------------------------------------------------- header
  const legend = document.getElementById('kg-legend');
  const groupsPresent = STYLE.groupOrder.filter((g) => NODES.some((n) => n.group === g));
  legend.append(h('span', {class: 'kg-lg-title'}, 'Entities'));
  for (const g of groupsPresent) {
    legend.append(h('span', {class: 'kg-lg-item'}, shapeIcon(g, 13), STYLE.classes[g].label));
  }
  legend.append(h('span', {class: 'kg-lg-sep'}), h('span', {class: 'kg-lg-title'}, 'Statements'));
  const L = STYLE.legend;
  for (const item of L) {
    legend.append(h('span', {class: 'kg-lg-item', title: item.title},
      lineIcon(item.color, item.dashes, item.arrow, item.opacity), item.label));
  }

  // ---------------------------------------------------------------- tooltip
  const tooltip = document.getElementById('kg-tooltip');
  function showTip(pointer, title, sub) {
    tooltip.replaceChildren(h('b', {}, title), sub ? h('span', {class: 'kg-tt-sub'}, sub) : null);
    tooltip.hidden = false;
    const box = container.getBoundingClientRect();
    const x = Math.min(pointer.DOM.x + 14, Math.max(0, box.width - tooltip.offsetWidth - 6));
    const y = Math.min(pointer.DOM.y + 14, Math.max(0, box.height - tooltip.offsetHeight - 6));
    tooltip.style.left = x + 'px';
    tooltip.style.top = y + 'px';
  }
  network.on('hoverNode', (p) => {
    const n = nodeById.get(p.node);
    if (!n) return;
    const k = incident.get(n.id).length;
    showTip(p.pointer, n.label, classInfo(n) + ' \u00b7 ' + plural(k, 'statement'));
  });
  network.on('hoverEdge', (p) => {
    const e = edgeById.get(p.edge);
    if (!e) return;
    showTip(p.pointer, nodeLabel(e.source) + ' ' + verb(e) + ' ' + nodeLabel(e.target),
      modalityText(e) || null);
  });
  network.on('blurNode', () => { tooltip.hidden = true; });
  network.on('blurEdge', () => { tooltip.hidden = true; });
  network.on('dragStart', () => { tooltip.hidden = true; });
  network.on('zoom', () => { tooltip.hidden = true; });

  // ---------------------------------------------------------------- statements
  function verb(e) {
    if (e.kind === 'stance') return e.polarity === 'Oppose' ? 'opposes' : 'supports';
    const r = STYLE.relations[e.type];
    return r ? r.verb : e.type;
  }
  function modalityText(e) {
    const parts = [];
    if (e.modality !== 'Asserted') parts.push((STYLE.modalities[e.modality] || {}).label || e.modality);
    if (e.negated) parts.push('negated');
    if (!e.asserted) parts.push('unasserted');
    return parts.join(', ');
  }
  function entityRef(id, self) {
    if (id === self) return h('span', {class: 'kg-self'}, nodeLabel(id));
    if (!nodeById.has(id)) return h('span', {}, nodeLabel(id));
    return h('button', {class: 'kg-ent', type: 'button', title: 'Show ' + nodeLabel(id),
      on: {click: () => select(id)}}, nodeLabel(id));
  }
  function sentence(ev, e) {
    const q = h('blockquote', {class: 'kg-quote'});
    const s = ev.sentence;
    let pos = 0;
    for (const [a, b, role] of ev.spans) {
      if (a < pos || b > s.length || a >= b) continue;
      if (a > pos) q.append(s.slice(pos, a));
      q.append(h('mark', {class: 'kg-m kg-m-' + role,
        title: role === 's' ? nodeLabel(e.source) : nodeLabel(e.target)}, s.slice(a, b)));
      pos = b;
    }
    if (pos < s.length) q.append(s.slice(pos));
    return q;
  }
  function citation(ev) {
    const d = DOCS[ev.doc];
    const href = d.url || d.link;
    const bits = [extLink(href, d.title, href ? 'Open the source article' : null)];
    if (d.date) bits.push(' \u00b7 ' + d.date);
    if (d.url && d.link) bits.push(' \u00b7 ', extLink(d.link, 'file', 'Open ' + d.file));
    if (ev.start >= 0) bits.push(' \u00b7 ', h('span', {title: 'Character offsets of the sentence in ' + d.file},
      d.file + ' ' + ev.start + '\u2013' + ev.end));
    return h('div', {class: 'kg-cite'}, bits);
  }
  function statementCard(e, self) {
    const pol = e.kind === 'stance' ? (e.polarity === 'Oppose' ? 'kg-oppose' : 'kg-support') : '';
    const badges = [];
    if (e.kind === 'relation') {
      const r = STYLE.relations[e.type] || {};
      badges.push(h('span', {class: 'kg-badge', title: 'Relation type'}, r.label || e.type));
    }
    if (e.modality !== 'Asserted') {
      const m = STYLE.modalities[e.modality] || {};
      badges.push(h('span', {class: 'kg-badge kg-' + e.modality.toLowerCase(), title: m.title || ''},
        (m.label || e.modality).toLowerCase()));
    }
    if (e.negated) badges.push(h('span', {class: 'kg-badge kg-negated',
      title: 'A negation in the sentence flipped or cancelled it'}, 'negated'));
    if (!e.asserted) badges.push(h('span', {class: 'kg-badge kg-unasserted-b',
      title: 'Not asserted as fact: a question, hypothetical or rejected view'}, 'unasserted'));
    const card = h('div', {class: 'kg-st ' + pol + (e.asserted ? '' : ' kg-unasserted'),
      'data-edge': e.id},
      h('div', {class: 'kg-st-head'}, entityRef(e.source, self), ' ',
        h('span', {class: 'kg-verb ' + pol}, verb(e)), ' ', entityRef(e.target, self), badges));
    const attr = [];
    if (e.attributed_to && e.attributed_to !== e.source) attr.push('according to ' + nodeLabel(e.attributed_to));
    if (e.confidence !== null) attr.push('confidence ' + e.confidence.toFixed(2));
    attr.push(plural(e.evidence.length, 'sentence'));
    card.append(h('div', {class: 'kg-attr'}, attr.join(' \u00b7 ')));
    const shown = 3;
    e.evidence.slice(0, shown).forEach((ev) => card.append(sentence(ev, e), citation(ev)));
    if (e.evidence.length > shown) {
      const more = h('button', {class: 'kg-linkbtn kg-more', type: 'button'},
        'Show ' + plural(e.evidence.length - shown, 'more sentence'));
      more.addEventListener('click', () => {
        const frag = document.createDocumentFragment();
        e.evidence.slice(shown).forEach((ev) => frag.append(sentence(ev, e), citation(ev)));
        more.replaceWith(frag);
      });
      card.append(more);
    }
    return card;
  }
  function statementList(list, self, limit) {
    const box = h('div', {});
    const sorted = list.slice().sort((a, b) =>
      (a.asserted === b.asserted ? 0 : a.asserted ? -1 : 1) ||
      b.evidence.length - a.evidence.length ||
      nodeLabel(a.source === self ? a.target : a.source).localeCompare(
        nodeLabel(b.source === self ? b.target : b.source)));
    sorted.slice(0, limit).forEach((e) => box.append(statementCard(e, self)));
    if (sorted.length > limit) {
      const more = h('button', {class: 'kg-btn kg-small', type: 'button'}, 'Show all ' + n2(sorted.length));
      more.addEventListener('click', () => {
        const frag = document.createDocumentFragment();
        sorted.slice(limit).forEach((e) => frag.append(statementCard(e, self)));
        more.replaceWith(frag);
      });
      box.append(more);
    }
    return box;
  }
  function docList(indices, counts) {
    const ul = h('ul', {class: 'kg-doclist'});
    indices.forEach((i, k) => {
      const d = DOCS[i];
      const href = d.url || d.link;
      const meta = [d.date || 'undated', d.file];
      if (counts && counts[k]) meta.push(plural(counts[k], 'mention'));
      ul.append(h('li', {}, extLink(href, d.title, href ? 'Open the source article' : null),
        h('div', {class: 'kg-d-meta'}, meta.join(' \u00b7 '))));
    });
    return ul;
  }

  // ---------------------------------------------------------------- details panel
  const panel = document.getElementById('kg-details');
  let current = null;
  function closeButton() {
    return h('button', {class: 'kg-close', type: 'button', 'aria-label': 'Close details',
      on: {click: () => { document.body.classList.remove('kg-show-details'); }}}, '\u00d7');
  }
  function renderOverview() {
    current = null;
    const top = NODES.slice().sort((a, b) => b.importance - a.importance || a.label.localeCompare(b.label)).slice(0, 12);
    const list = h('ul', {class: 'kg-toplist'}, top.map((n) => h('li', {}, shapeIcon(n.group, 13),
      entityRef(n.id, null), h('span', {class: 'kg-c-count'}, plural(incident.get(n.id).length, 'statement')))));
    panel.replaceChildren(
      closeButton(),
      h('div', {class: 'kg-kind'}, 'Overview'),
      h('h2', {class: 'kg-name'}, 'Explore the graph'),
      h('ul', {class: 'kg-help'},
        h('li', {}, 'Search a name or any alias above, or click a node.'),
        h('li', {}, 'The panel then lists its relations and stances, each with the sentence it was read from.'),
        h('li', {}, 'Filter by class, statement type, polarity, modality, document or date.'),
        h('li', {}, 'Drag nodes to rearrange; \u201cFreeze layout\u201d keeps everything in place.')),
      h('h3', {}, 'Most central entities'), list,
      h('h3', {}, plural(DOCS.length, 'document')),
      docList(DOCS.map((_, i) => i)));
  }
  function renderNode(n) {
    current = {kind: 'node', id: n.id};
    const held = [], about = [], rel = [];
    for (const e of incident.get(n.id)) {
      if (e.kind === 'stance') (e.source === n.id ? held : about).push(e);
      else rel.push(e);
    }
    const actions = h('div', {class: 'kg-row'},
      h('button', {class: 'kg-btn kg-small', type: 'button', on: {click: () => setFocus(n.id)}},
        'Focus on neighbours'));
    if (n.wikidata && /^[QPL][0-9]+$/.test(n.wikidata)) {
      actions.append(extLink('https://www.wikidata.org/wiki/' + n.wikidata, 'Wikidata ' + n.wikidata + ' \u2197',
        'Open this entity on Wikidata'));
    }
    const parts = [
      closeButton(),
      h('div', {class: 'kg-kind'}, shapeIcon(n.group, 14), classInfo(n)),
      h('h2', {class: 'kg-name'}, n.label),
    ];
    if (!visibleNodes.has(n.id)) {
      parts.push(h('div', {class: 'kg-hiddennote'}, 'Hidden in the graph by the current filters. ',
        h('button', {class: 'kg-linkbtn', type: 'button', on: {click: () => { resetFilters(); select(n.id); }}},
          'Reset filters')));
    }
    if (n.aliases.length) {
      parts.push(h('div', {class: 'kg-row'}, h('span', {class: 'kg-note'}, 'Also:'),
        n.aliases.map((a) => h('span', {class: 'kg-chip'}, a))));
    }
    parts.push(actions);
    if (n.origin === 'ner') {
      parts.push(h('p', {class: 'kg-note'}, 'Found by named-entity recognition, not in the gazetteer' +
        (n.confidence !== null ? ' (confidence ' + n.confidence.toFixed(2) + ').' : '.')));
    }
    if (n.group === 'Author') {
      parts.push(h('p', {class: 'kg-note'}, 'The unnamed author of an article: the stances below are the article\u2019s own.'));
    }
    const LIMIT = 25;
    if (held.length) parts.push(h('h3', {}, 'Stances taken (' + n2(held.length) + ')'), statementList(held, n.id, LIMIT));
    if (rel.length) parts.push(h('h3', {}, 'Relations (' + n2(rel.length) + ')'), statementList(rel, n.id, LIMIT));
    if (about.length) parts.push(h('h3', {}, 'Stances about it (' + n2(about.length) + ')'), statementList(about, n.id, LIMIT));
    if (!held.length && !rel.length && !about.length) parts.push(h('p', {class: 'kg-note'}, 'No relation or stance found.'));
    if (n.docs.length) parts.push(h('h3', {}, 'Mentioned in ' + plural(n.docs.length, 'document')), docList(n.docs, n.counts));
    if (n.wrote.length) parts.push(h('h3', {}, 'Author of'), docList(n.wrote));
    parts.push(h('div', {class: 'kg-iri'}, n.iri));
    panel.replaceChildren(...parts);
    panel.scrollTop = 0;
  }
  function renderEdge(e) {
    current = {kind: 'edge', id: e.id};
    const parts = [closeButton(),
      h('div', {class: 'kg-kind'}, lineIcon(...edgeLegendStyle(e)), e.kind === 'stance' ? 'Stance' : 'Relation'),
      h('h2', {class: 'kg-name'}, nodeLabel(e.source) + ' ' + verb(e) + ' ' + nodeLabel(e.target)),
      statementCard(e, null)];
    if (e.plover || e.goldstein !== null) {
      parts.push(h('p', {class: 'kg-note'}, [e.plover ? 'Event category ' + e.plover : null,
        e.goldstein !== null ? 'Goldstein score ' + e.goldstein : null].filter(Boolean).join(' \u00b7 ')));
    }
    parts.push(h('div', {class: 'kg-iri'}, e.iri));
    panel.replaceChildren(...parts);
    panel.scrollTop = 0;
  }
  function edgeLegendStyle(e) {
    const color = e.kind === 'stance' ? STYLE.polarity[e.polarity === 'Oppose' ? 'Oppose' : 'Support'].color
      : (STYLE.relations[e.type] || STYLE.relations._other).color;
    const dashes = (STYLE.modalities[e.modality] || {}).dashes || null;
    return [color, dashes, e.directed, e.asserted ? 1 : 0.5];
  }

  function select(id) {
    const n = nodeById.get(id);
    if (!n) return false;
    renderNode(n);
    document.body.classList.add('kg-show-details');
    if (visibleNodes.has(id)) {
      network.selectNodes([id], true);
      reveal(id);
    } else {
      network.unselectAll();
    }
    try { history.replaceState(null, '', '#node=' + encodeURIComponent(id)); } catch (err) { /* file: */ }
    return true;
  }
  // Bring a node into view (above the bottom sheet on a phone) without jumping when it
  // already is; zoom in when the whole graph is shown too small to read.
  function reveal(id) {
    const sheet = window.matchMedia('(max-width: 759px)').matches;
    const w = container.clientWidth;
    const hgt = container.clientHeight * (sheet ? 0.38 : 1);
    const p = network.canvasToDOM(network.getPositions([id])[id]);
    const inView = p.x > 40 && p.x < w - 40 && p.y > 40 && p.y < hgt - 40;
    if (inView && network.getScale() >= 0.45) return;
    network.focus(id, {scale: Math.max(network.getScale(), 0.9),
      offset: {x: 0, y: sheet ? -container.clientHeight * 0.31 : 0},
      animation: {duration: 350, easingFunction: 'easeInOutQuad'}});
  }
  function selectEdge(id) {
    const e = edgeById.get(id);
    if (!e) return false;
    renderEdge(e);
    document.body.classList.add('kg-show-details');
    if (visibleEdges.has(id)) network.selectEdges([id]);
    return true;
  }
  network.on('click', (p) => {
    if (p.nodes.length) select(p.nodes[0]);
    else if (p.edges.length) selectEdge(p.edges[0]);
    else { renderOverview(); document.body.classList.remove('kg-show-details'); }
  });

  // ---------------------------------------------------------------- search
  const fold = (s) => String(s).normalize('NFD').replace(/[\u0300-\u036f]/g, '')
    .toLowerCase().replace(/\s+/g, ' ').trim();
  const searchIndex = NODES.map((n) => ({n: n, keys: [n.label].concat(n.aliases).map((k) => [k, fold(k)])}));
  function search(q) {
    const f = fold(q);
    if (!f) return [];
    const hits = [];
    for (const {n, keys} of searchIndex) {
      let best = null;
      for (const [raw, k] of keys) {
        const i = k.indexOf(f);
        if (i < 0) continue;
        const score = k === f ? 0 : i === 0 ? 1 : k.charAt(i - 1) === ' ' ? 2 : 3;
        if (!best || score < best.score) best = {score: score, via: raw};
      }
      if (best) hits.push({id: n.id, label: n.label, via: best.via === n.label ? null : best.via,
        score: best.score, importance: n.importance});
    }
    hits.sort((a, b) => a.score - b.score || b.importance - a.importance || a.label.localeCompare(b.label));
    return hits.slice(0, 20);
  }
  const input = document.getElementById('kg-search');
  const results = document.getElementById('kg-results');
  let active = -1;
  function showResults() {
    const hits = search(input.value);
    active = hits.length ? 0 : -1;
    results.replaceChildren();
    if (!input.value.trim()) { results.hidden = true; return hits; }
    if (!hits.length) results.append(h('li', {class: 'kg-empty'}, 'No entity matches \u201c' + input.value + '\u201d'));
    hits.forEach((hit, i) => {
      const n = nodeById.get(hit.id);
      const sub = [classInfo(n)];
      if (hit.via) sub.unshift('as \u201c' + hit.via + '\u201d');
      if (!visibleNodes.has(n.id)) sub.push('hidden by filters');
      results.append(h('li', {role: 'option', id: 'kg-result-' + i, 'data-node': n.id,
        'aria-selected': i === active ? 'true' : 'false',
        on: {click: () => choose(hit.id)}},
        shapeIcon(n.group, 14),
        h('span', {class: 'kg-r-text'}, h('span', {class: 'kg-r-label'}, n.label),
          h('span', {class: 'kg-r-sub'}, sub.join(' \u00b7 ')))));
    });
    results.hidden = false;
    input.setAttribute('aria-expanded', 'true');
    return hits;
  }
  function hideResults() { results.hidden = true; input.setAttribute('aria-expanded', 'false'); }
  function choose(id) { hideResults(); select(id); }
  function moveActive(d) {
    const items = results.querySelectorAll('li[role="option"]');
    if (!items.length) return;
    active = (active + d + items.length) % items.length;
    items.forEach((li, i) => li.setAttribute('aria-selected', i === active ? 'true' : 'false'));
    items[active].scrollIntoView({block: 'nearest'});
  }
  input.addEventListener('input', showResults);
  input.addEventListener('focus', () => { if (input.value.trim()) showResults(); });
  input.addEventListener('keydown', (ev) => {
    if (ev.key === 'ArrowDown') { ev.preventDefault(); moveActive(1); }
    else if (ev.key === 'ArrowUp') { ev.preventDefault(); moveActive(-1); }
    else if (ev.key === 'Enter') {
      const li = results.querySelectorAll('li[role="option"]')[active];
      if (li) { ev.preventDefault(); choose(li.getAttribute('data-node')); }
    } else if (ev.key === 'Escape') { hideResults(); input.blur(); }
  });
  results.addEventListener('mousedown', (ev) => ev.preventDefault());
  input.addEventListener('blur', () => setTimeout(hideResults, 150));
  document.addEventListener('keydown', (ev) => {
    if (ev.key === '/' && document.activeElement !== input && !(ev.target instanceof HTMLInputElement)) {
      ev.preventDefault(); input.focus();
    }
  });

  // ---------------------------------------------------------------- filters
  const groups = groupsPresent;
  const relTypes = STYLE.relationOrder.filter((t) => EDGES.some((e) => e.kind === 'relation' && e.type === t));
  const modalities = STYLE.modalityOrder.filter((m) => EDGES.some((e) => e.modality === m));
  const dates = DOCS.map((d) => d.date).filter(Boolean).sort();
  const F = {};
  function defaultFilters() {
    F.groups = new Set(groups);
    F.kinds = new Set(relTypes.concat(['stance']));
    F.polarity = new Set(['Support', 'Oppose']);
    F.modality = new Set(modalities);
    F.doc = -1;
    F.from = '';
    F.to = '';
    F.hideIsolated = false;
    F.focus = null;
  }
  defaultFilters();
  let visibleNodes = new Set(NODES.map((n) => n.id));
  let visibleEdges = new Set(EDGES.map((e) => e.id));
  const shownLine = h('p', {class: 'kg-shown', 'aria-live': 'polite'});
  const countBadge = document.getElementById('kg-count');
  const focusbar = document.getElementById('kg-focusbar');

  function applyFilters() {
    const byDoc = F.doc >= 0 || F.from || F.to;
    const docOK = DOCS.map((d, i) => (F.doc < 0 || i === F.doc) &&
      (!F.from || (d.date && d.date >= F.from)) && (!F.to || (d.date && d.date <= F.to)));
    const nodeOK = new Set();
    for (const n of NODES) {
      if (!F.groups.has(n.group)) continue;
      if (byDoc && !n.docs.some((d) => docOK[d]) && !n.wrote.some((d) => docOK[d])) continue;
      nodeOK.add(n.id);
    }
    const edgeOK = new Set();
    for (const e of EDGES) {
      if (!F.kinds.has(e.kind === 'stance' ? 'stance' : e.type)) continue;
      if (e.kind === 'stance' && !F.polarity.has(e.polarity)) continue;
      if (!F.modality.has(e.modality)) continue;
      if (byDoc && !e.docs.some((d) => docOK[d])) continue;
      if (!nodeOK.has(e.source) || !nodeOK.has(e.target)) continue;
      edgeOK.add(e.id);
    }
    let nodesOut = nodeOK;
    if (F.focus && nodeOK.has(F.focus)) {
      nodesOut = new Set([F.focus]);
      for (const e of incident.get(F.focus)) {
        if (edgeOK.has(e.id)) { nodesOut.add(e.source); nodesOut.add(e.target); }
      }
    }
    if (F.hideIsolated) {
      const linked = new Set();
      for (const id of edgeOK) {
        const e = edgeById.get(id);
        if (nodesOut.has(e.source) && nodesOut.has(e.target)) { linked.add(e.source); linked.add(e.target); }
      }
      if (F.focus) linked.add(F.focus);
      nodesOut = new Set([...nodesOut].filter((id) => linked.has(id)));
    }
    const edgesOut = new Set([...edgeOK].filter((id) => {
      const e = edgeById.get(id);
      return nodesOut.has(e.source) && nodesOut.has(e.target);
    }));
    const nodeChanges = [], edgeChanges = [];
    for (const n of NODES) {
      const was = visibleNodes.has(n.id), now = nodesOut.has(n.id);
      if (was !== now) nodeChanges.push({id: n.id, hidden: !now});
    }
    for (const e of EDGES) {
      const was = visibleEdges.has(e.id), now = edgesOut.has(e.id);
      if (was !== now) edgeChanges.push({id: e.id, hidden: !now});
    }
    visibleNodes = nodesOut;
    visibleEdges = edgesOut;
    if (nodeChanges.length) nodesDS.update(nodeChanges);
    if (edgeChanges.length) edgesDS.update(edgeChanges);
    const sel = network.getSelectedNodes();
    if (sel.length && !visibleNodes.has(sel[0])) network.unselectAll();
    const text = 'Showing ' + n2(visibleNodes.size) + ' of ' + plural(NODES.length, 'entity', 'entities') +
      ', ' + n2(visibleEdges.size) + ' of ' + plural(EDGES.length, 'statement');
    shownLine.textContent = text;
    countBadge.textContent = text;
    if (F.focus) {
      focusbar.replaceChildren(h('span', {}, 'Focused on ' + nodeLabel(F.focus) + ' and ' +
        plural(Math.max(0, visibleNodes.size - 1), 'neighbour')),
        h('button', {type: 'button', on: {click: clearFocus}}, 'Show all'));
      focusbar.hidden = false;
    } else {
      focusbar.hidden = true;
    }
    if (current && current.kind === 'node') {
      const keepScroll = panel.scrollTop;
      renderNode(nodeById.get(current.id));
      panel.scrollTop = keepScroll;
    }
    return {nodes: visibleNodes.size, edges: visibleEdges.size};
  }
  function setFocus(id) {
    if (!nodeById.has(id)) return false;
    F.focus = id;
    if (!visibleNodes.has(id)) { resetFilters(); F.focus = id; }
    applyFilters();
    fitView([...visibleNodes], true);
    return true;
  }
  function clearFocus() {
    F.focus = null;
    applyFilters();
    fitView([...visibleNodes], true);
  }

  const filtersPanel = document.getElementById('kg-filters');
  function checkRow(kind, value, checked, icon, label, count, onChange) {
    const box = h('input', {type: 'checkbox', 'data-filter': kind, 'data-value': value});
    box.checked = checked;
    box.addEventListener('change', () => { onChange(box.checked); applyFilters(); });
    return h('label', {class: 'kg-check'}, box, icon, h('span', {class: 'kg-c-label'}, label),
      count === null ? null : h('span', {class: 'kg-c-count'}, n2(count)));
  }
  function setAll(kind, set, values, on) {
    values.forEach((v) => (on ? set.add(v) : set.delete(v)));
    filtersPanel.querySelectorAll('input[data-filter="' + kind + '"]').forEach((b) => { b.checked = on; });
    applyFilters();
  }
  function allNone(kind, set, values) {
    return [h('button', {class: 'kg-linkbtn', type: 'button', on: {click: () => setAll(kind, set, values, true)}}, 'all'),
      h('button', {class: 'kg-linkbtn', type: 'button', on: {click: () => setAll(kind, set, values, false)}}, 'none')];
  }
  function toggler(set, v) { return (on) => (on ? set.add(v) : set.delete(v)); }
  function buildFilters() {
    const parts = [shownLine];
    parts.push(h('h2', {}, 'Entities', allNone('class', F.groups, groups)));
    for (const g of groups) {
      parts.push(checkRow('class', g, F.groups.has(g), shapeIcon(g, 14), STYLE.classes[g].label,
        NODES.filter((n) => n.group === g).length, toggler(F.groups, g)));
    }
    const kinds = relTypes.concat(['stance']);
    parts.push(h('h2', {}, 'Statements', allNone('kind', F.kinds, kinds)));
    for (const t of relTypes) {
      const r = STYLE.relations[t];
      parts.push(checkRow('kind', t, F.kinds.has(t), lineIcon(r.color, null, r.directed), r.label,
        EDGES.filter((e) => e.kind === 'relation' && e.type === t).length, toggler(F.kinds, t)));
    }
    parts.push(checkRow('kind', 'stance', F.kinds.has('stance'), lineIcon('#6b7684', null, true), 'Stances',
      EDGES.filter((e) => e.kind === 'stance').length, toggler(F.kinds, 'stance')));
    parts.push(h('h2', {}, 'Stance polarity'));
    for (const p of ['Support', 'Oppose']) {
      const st = STYLE.polarity[p];
      parts.push(checkRow('polarity', p, F.polarity.has(p), lineIcon(st.color, null, true), st.label,
        EDGES.filter((e) => e.kind === 'stance' && e.polarity === p).length, toggler(F.polarity, p)));
    }
    if (modalities.length) {
      parts.push(h('h2', {}, 'Modality'));
      for (const m of modalities) {
        const st = STYLE.modalities[m];
        parts.push(checkRow('modality', m, F.modality.has(m), lineIcon('#4b5563', st.dashes, false), st.label,
          EDGES.filter((e) => e.modality === m).length, toggler(F.modality, m)));
      }
    }
    parts.push(h('h2', {}, 'Document'));
    const docSel = h('select', {'aria-label': 'Only statements from this document', 'data-filter': 'doc'},
      h('option', {value: '-1'}, 'All ' + plural(DOCS.length, 'document')),
      DOCS.map((d, i) => h('option', {value: String(i)}, (d.date ? d.date + ' \u2014 ' : '') + d.title)));
    docSel.addEventListener('change', () => { F.doc = Number(docSel.value); applyFilters(); });
    parts.push(docSel);
    if (dates.length) {
      parts.push(h('h2', {}, 'Published'));
      const from = h('input', {type: 'date', min: dates[0], max: dates[dates.length - 1], 'data-filter': 'from',
        'aria-label': 'Published from'});
      const to = h('input', {type: 'date', min: dates[0], max: dates[dates.length - 1], 'data-filter': 'to',
        'aria-label': 'Published until'});
      from.addEventListener('change', () => { F.from = from.value; applyFilters(); });
      to.addEventListener('change', () => { F.to = to.value; applyFilters(); });
      parts.push(h('div', {class: 'kg-dates'}, h('label', {}, 'from', from), h('label', {}, 'until', to)));
    }
    parts.push(h('h2', {}, 'View'));
    parts.push(checkRow('isolated', 'hide', F.hideIsolated, null, 'Hide entities without a shown statement', null,
      (on) => { F.hideIsolated = on; }));
    const labels = h('input', {type: 'checkbox', 'data-filter': 'labels'});
    labels.checked = DATA.vis.edgeLabels;
    labels.addEventListener('change', () => setEdgeLabels(labels.checked));
    parts.push(h('label', {class: 'kg-check'}, labels, h('span', {class: 'kg-c-label'}, 'Label the edges')));
    parts.push(h('div', {class: 'kg-filter-foot'},
      h('button', {class: 'kg-btn kg-small', type: 'button', on: {click: () => { resetFilters(); }}}, 'Reset filters')));
    filtersPanel.replaceChildren(...parts);
  }
  function resetFilters() {
    defaultFilters();
    buildFilters();
    return applyFilters();
  }
  function setEdgeLabels(on) {
    edgesDS.update(EDGES.map((e) => ({id: e.id, label: on ? verb(e) : null})));
  }

  // ---------------------------------------------------------------- buttons
  const filtersBtn = document.getElementById('kg-toggle-filters');
  function showFilters(on) {
    document.body.classList.toggle('kg-show-filters', on);
    filtersBtn.setAttribute('aria-pressed', on ? 'true' : 'false');
    filtersBtn.setAttribute('aria-expanded', on ? 'true' : 'false');
    network.setSize('100%', '100%');
    network.redraw();
  }
  showFilters(document.body.classList.contains('kg-show-filters'));
  filtersBtn.addEventListener('click', () => showFilters(!document.body.classList.contains('kg-show-filters')));
  document.getElementById('kg-fit').addEventListener('click', () => fitView([...visibleNodes], true));
  const freezeBtn = document.getElementById('kg-freeze');
  function freeze(on) {
    frozen = Boolean(on);
    freezeBtn.setAttribute('aria-pressed', frozen ? 'true' : 'false');
    freezeBtn.textContent = frozen ? 'Layout frozen' : 'Freeze layout';
    if (frozen) {
      if (!ready) network.stopSimulation();
      clearTimeout(settleTimer);
      physicsOff();
    }
    network.setOptions({interaction: {dragNodes: !frozen}});
    return frozen;
  }
  freezeBtn.addEventListener('click', () => freeze(!frozen));

  buildFilters();
  applyFilters();
  renderOverview();

  // The page's API, for scripts and tests.
  window.kg = {
    data: DATA, network: network, nodes: nodesDS, edges: edgesDS,
    select: select, selectEdge: selectEdge, search: search,
    focus: setFocus, clearFocus: clearFocus, freeze: freeze, resetFilters: resetFilters,
    setFilters: (f) => {
      for (const k of ['groups', 'kinds', 'polarity', 'modality']) if (f[k]) F[k] = new Set(f[k]);
      for (const k of ['doc', 'from', 'to', 'hideIsolated', 'focus']) if (k in f) F[k] = f[k];
      buildFilters();
      return applyFilters();
    },
    visibleNodeIds: () => [...visibleNodes].sort(),
    visibleEdgeIds: () => [...visibleEdges].sort(),
    isReady: () => ready,
    isFrozen: () => frozen,
  };
  window.kgSelect = select;

  // Last, once everything above exists: settle the layout, then say the page is ready.
  if (options.physics && options.physics.enabled) {
    network.on('stabilizationProgress', (p) => {
      status.textContent = 'Laying out ' + plural(NODES.length, 'node') + '\u2026 ' +
        Math.round(100 * p.iterations / Math.max(1, p.total)) + '%';
    });
    network.once('stabilizationIterationsDone', settled);
  } else {
    network.once('afterDrawing', markReady);
    network.redraw();
  }
}());
"""
