"""The graph page: data read from RDF, one self-contained file, and its behaviour in a real,
offline browser (Debian's chromium through Selenium, every network request blocked)."""

from __future__ import annotations

import argparse
import json
import logging
import os
import re
import struct
import sys
import time
from pathlib import Path

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib import namespace as ns

from kg.render import build_page_data, render_page, screenshot
from kg.render.page import json_for_script, render_html

sys.path.insert(0, str(Path(__file__).parent))
import browser as br  # noqa: E402

FIXTURE = Path(__file__).parent / "fixtures" / "page_graph.ttl"
KG = Namespace("https://w3id.org/usru-kg/ontology#")
KGR = Namespace("https://w3id.org/usru-kg/resource/")
WD = Namespace("http://www.wikidata.org/entity/")

PWN_SCRIPT = "<script>window.__pwned=1</script>"
PWN_IMG = '<img src=x onerror="window.__pwned=1">'
HOSTILE_PERSON = f"{PWN_SCRIPT} O'Brien \"the\" \\back\\slash"
HOSTILE_TOPIC = f"</script><script>window.__pwned=2</script>{PWN_IMG}"
HOSTILE_SENTENCE = (f"{HOSTILE_PERSON} said {HOSTILE_TOPIC} is \"bad\" \\ 'really'"
                    "\u2028<b>bold</b> &amp; \u2029done.")


def fixture_graph() -> Graph:
    return Graph().parse(FIXTURE, format="turtle")


def hostile_graph() -> Graph:
    """Article text as an attacker would write it, in labels, aliases, titles and sentences."""
    g = Graph()
    person, topic = KGR["entity/hostile-person"], KGR["entity/hostile-topic"]
    doc, author = KGR["doc/hostile"], KGR["author/anonymous/hostile"]
    g.add((person, ns.RDF.type, KG.Person))
    g.add((person, ns.RDFS.label, Literal(HOSTILE_PERSON, lang="en")))
    g.add((person, ns.SKOS.altLabel, Literal(PWN_IMG, lang="en")))
    g.add((person, ns.OWL.sameAs, WD['Q1"><img src=x onerror=window.__pwned=3>']))
    g.add((topic, ns.RDF.type, KG.Topic))
    g.add((topic, ns.RDFS.label, Literal(HOSTILE_TOPIC, lang="en")))
    g.add((doc, ns.RDF.type, KG.Document))
    g.add((doc, KG.fileName, Literal("hostile<script>.txt")))
    g.add((doc, ns.DCTERMS.title, Literal(f"{PWN_IMG} title", lang="en")))
    g.add((doc, ns.DCTERMS.date, Literal("2020-02-02", datatype=ns.XSD.date)))
    g.add((doc, ns.DCTERMS.source, URIRef("javascript:window.__pwned=4")))
    g.add((doc, ns.DCTERMS.creator, author))
    g.add((author, ns.RDF.type, ns.PROV.Agent))
    for e in (person, topic):
        g.add((doc, KG.mentions, e))
    for i, (holder, target, polarity) in enumerate(
            [(person, topic, KG.Oppose), (author, person, KG.Support)]):
        st, ev = KGR[f"stance/hostile{i}"], KGR[f"evidence/hostile/0-10/hostile{i}"]
        g.add((st, ns.RDF.type, KG.Stance))
        g.add((st, KG.holder, holder))
        g.add((st, KG.target, target))
        g.add((st, KG.polarity, polarity))
        g.add((st, KG.modality, KG.Asserted))
        g.add((st, ns.PROV.wasDerivedFrom, doc))
        g.add((st, KG.evidence, ev))
        g.add((ev, ns.RDF.type, KG.Evidence))
        g.add((ev, ns.PROV.wasQuotedFrom, doc))
        g.add((ev, KG.sentence, Literal(HOSTILE_SENTENCE)))
        g.add((ev, KG.startOffset, Literal(0)))
        g.add((ev, KG.endOffset, Literal(10)))  # not the sentence's length: found by name
    return g


# ---------------------------------------------------------------------- data, no browser

def test_page_data_follows_the_graph_model():
    data = build_page_data(fixture_graph())
    assert [n.id for n in data.nodes] == ["donald-trump", "new-start", "russia", "sanctions",
                                          "united-states", "vladimir-putin"]
    assert data.entity_count == 6 and data.relation_count == 2 and data.stance_count == 3
    putin = next(n for n in data.nodes if n.id == "vladimir-putin")
    assert (putin.label, putin.cls, putin.wikidata) == ("Vladimir Putin", "Person", "Q7747")
    assert putin.aliases == ["President Putin", "Putin"]
    assert [data.documents[d].file for d in putin.docs] == ["000_putin_trump.txt",
                                                           "001_new_start.txt"]
    assert putin.counts == [2, 1]
    # Putin holds two stances and meets Trump: the most connected person, drawn largest.
    assert putin.degree == 3 and putin.importance > next(
        n for n in data.nodes if n.id == "united-states").importance

    oppose = next(e for e in data.edges if e.kind == "stance" and e.polarity == "Oppose")
    assert (oppose.source, oppose.target, oppose.modality) == ("vladimir-putin", "sanctions",
                                                               "Asserted")
    [ev] = oppose.evidence
    assert ev.sentence == "Putin has repeatedly criticized the sanctions as illegitimate."
    assert (ev.start, ev.end) == (188, 250)
    assert [(ev.sentence[a:b], r) for a, b, r in ev.spans] == [("Putin", "s"), ("sanctions", "o")]
    assert data.documents[ev.doc].url.startswith("https://www.themoscowtimes.com/")

    normative = next(e for e in data.edges if e.modality == "Normative")
    assert (normative.source, normative.target, normative.polarity) == ("russia", "new-start",
                                                                        "Support")
    meets = next(e for e in data.edges if e.type == "meetsWith")
    assert not meets.directed and meets.attributed_to == "author/anonymous/000_putin_trump"
    sanctions = next(e for e in data.edges if e.type == "sanctions")
    assert sanctions.directed and (sanctions.source, sanctions.target) == ("united-states",
                                                                           "russia")


def test_anonymous_author_holding_a_stance_is_a_node():
    data = build_page_data(hostile_graph())
    author = next(n for n in data.nodes if n.id == "author/anonymous/hostile")
    assert author.group == "Author" and author.label.startswith("Author of")
    assert data.entity_count == 2 and len(data.nodes) == 3
    # No recorded mention matches the sentence: the names are found in it instead.
    stance = next(e for e in data.edges if e.source == "hostile-person")
    spans = [(stance.evidence[0].sentence[a:b], r) for a, b, r in stance.evidence[0].spans]
    assert (HOSTILE_PERSON, "s") in spans and (HOSTILE_TOPIC, "o") in spans


def test_page_is_self_contained_and_deterministic(tmp_path):
    g = fixture_graph()
    stats = render_page(g, tmp_path / "graph.html", title="U.S.–Russia")
    html = (tmp_path / "graph.html").read_text(encoding="utf-8")
    assert (stats.nodes, stats.edges, stats.entities, stats.documents) == (6, 5, 6, 2)
    assert stats.bytes == len(html.encode("utf-8"))
    assert list(tmp_path.iterdir()) == [tmp_path / "graph.html"]  # no temporary file left
    # Same graph, same bytes.
    render_page(fixture_graph(), tmp_path / "again.html", title="U.S.–Russia")
    assert (tmp_path / "again.html").read_bytes() == (tmp_path / "graph.html").read_bytes()

    assert re.search(r'http-equiv="Content-Security-Policy" content="default-src &#x27;none&#x27;',
                     html)
    lowered = html.lower()
    for needle in ("bootstrap", "tom-select", "tomselect", "cdn.", "<script src",
                   "<link rel=\"style", "@import", "url(http", "url(//"):
        assert needle not in lowered, needle
    # Outside the data block no attribute points anywhere: links come only from the data.
    markup = re.sub(r'<script type="application/json" id="kg-data">.*?</script>', "", html,
                    flags=re.S)
    assert not re.search(r"""(?:src|href|action|poster)\s*=\s*["']?\s*(?:https?:)?//""",
                         markup, flags=re.I)
    assert html.count("<script") == 3 and html.count("</script>") == 3


def test_same_page_whatever_the_hash_seed(tmp_path):
    """Set and dict order must not leak into the page (aliases differing only in case)."""
    import subprocess

    script = ("import sys; from pathlib import Path; from rdflib import Graph;"
              "from kg.render import render_page;"
              "render_page(Graph().parse(sys.argv[1]), Path(sys.argv[2]))")
    for seed in ("0", "1"):  # these two order the two "New START treaty" spellings apart
        subprocess.run([sys.executable, "-c", script, str(FIXTURE), str(tmp_path / seed)],
                       check=True, env={**os.environ, "PYTHONHASHSEED": seed})
    assert (tmp_path / "0").read_bytes() == (tmp_path / "1").read_bytes()


def test_json_for_script_escapes_markup_and_line_terminators():
    text = json_for_script({"s": "</script><!-- & \u2028\u2029 >"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert "\u2028" not in text and "\u2029" not in text
    assert json.loads(text) == {"s": "</script><!-- & \u2028\u2029 >"}


def test_hostile_text_never_reaches_markup():
    html = render_html(build_page_data(hostile_graph()))
    assert PWN_SCRIPT not in html and PWN_IMG not in html
    assert "window.__pwned=2</script>" not in html
    assert "\u2028" not in html and "\u2029" not in html
    data = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', html,
                     flags=re.S).group(1)
    assert "javascript:" not in data  # the bad source URL is dropped, not linked
    markup = re.sub(r"<script\b.*?</script>", "", html, flags=re.S)
    assert "onerror" not in markup and "__pwned" not in markup
    assert json.loads(data)["nodes"][1]["wikidata"] is None  # not a Q-id: no link made


def test_render_command(tmp_path, capsys):
    from kg.commands import render

    parser = argparse.ArgumentParser(prog="kg")
    sub = parser.add_subparsers(dest="command")
    render.register(sub)
    out = tmp_path / "page.html"
    args = parser.parse_args(["render", str(FIXTURE), "--out", str(out), "--title", "T"])
    assert args.func(args) == 0
    assert "6 nodes" in capsys.readouterr().out and out.is_file()
    folder = tmp_path / "build"
    folder.mkdir()
    (folder / "graph.ttl").write_bytes(FIXTURE.read_bytes())
    args = parser.parse_args(["render", "--graph", str(folder), "-q"])  # a build folder
    assert args.func(args) == 0 and (folder / "graph.html").is_file()
    args = parser.parse_args(["render", str(tmp_path / "missing.ttl")])
    assert args.func(args) == 2
    assert "no such file" in capsys.readouterr().err
    help_text = sub.choices["render"].format_help()
    assert "green supports" in help_text and "--screenshot" in help_text


def test_screenshot_without_chromium_warns_and_returns_false(tmp_path, monkeypatch, caplog):
    monkeypatch.setenv("KG_CHROMIUM", "/nonexistent/chromium")
    page = tmp_path / "graph.html"
    render_page(fixture_graph(), page)
    with caplog.at_level(logging.WARNING, logger="kg.render"):
        assert screenshot(page, tmp_path / "graph.png") is False
    assert "chromium is not installed" in caplog.text
    assert not (tmp_path / "graph.png").exists()


# ---------------------------------------------------------------------- in a real browser

needs_browser = pytest.mark.skipif(br.missing_reason() is not None,
                                   reason=br.missing_reason() or "")


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("pages")
    render_page(fixture_graph(), root / "graph.html", title="U.S.–Russia relations")
    render_page(hostile_graph(), root / "hostile.html", title=f"{PWN_SCRIPT} hostile")
    return {"graph": root / "graph.html", "hostile": root / "hostile.html"}


@pytest.fixture(scope="module")
def chrome():
    if br.missing_reason():
        pytest.skip(br.missing_reason())
    with br.browser() as b:
        b.set_viewport(1280, 800)
        yield b


@pytest.fixture
def page(chrome, pages):
    """The fixture page, freshly loaded at 1280×800."""
    chrome.set_viewport(1280, 800)
    chrome.load(pages["graph"])
    return chrome


def details_text(b: br.Browser) -> str:
    return b.js("return document.getElementById('kg-details').textContent")


@needs_browser
def test_page_loads_offline_with_every_entity_and_no_error(page):
    assert page.js("return kg.nodes.length") == 6
    assert page.js("return kg.edges.length") == 5
    assert page.js("return kg.visibleNodeIds().length") == 6
    summary = page.js("return document.getElementById('kg-summary').textContent")
    assert "2 documents" in summary and "6 entities" in summary and "5 statements" in summary
    legend = page.js("return document.getElementById('kg-legend').textContent")
    for word in ("Person", "State", "Treaty", "Topic", "supports", "opposes", "normative"):
        assert word in legend
    assert page.js("return kg.network.physics.physicsEnabled") is False  # settled and stopped
    assert page.outside_requests() == []
    assert page.console_errors() == []


@needs_browser
def test_search_by_alias_and_click_shows_evidence(page):
    from selenium.webdriver.common.by import By

    box = page.driver.find_element(By.ID, "kg-search")
    box.send_keys("Putin")
    first = page.wait_for(
        "return document.querySelector('#kg-results li[role=option]')")
    assert first.get_attribute("data-node") == "vladimir-putin"
    assert "Vladimir Putin" in first.text
    first.click()  # a real click on the result list
    page.wait_for("return document.querySelector('#kg-details h2').textContent === "
                  "'Vladimir Putin'")
    assert page.js("return kg.network.getSelectedNodes()") == ["vladimir-putin"]
    text = details_text(page)
    assert "Putin has repeatedly criticized the sanctions as illegitimate." in text
    assert "Vladimir Putin welcomed the extension of New START with the United States." in text
    assert "opposes" in text and "supports" in text and "Wikidata Q7747" in text
    marks = page.js("return [...document.querySelectorAll('#kg-details mark')]"
                    ".map(m => m.textContent)")
    assert "Putin" in marks and "sanctions" in marks and "Vladimir Putin" in marks
    source = page.js("return [...document.querySelectorAll('#kg-details .kg-cite a')]"
                     ".map(a => a.href)")
    assert any(h.startswith("https://www.themoscowtimes.com/") for h in source)
    assert page.outside_requests() == [] and page.console_errors() == []


@needs_browser
def test_select_by_api_shows_normative_stance_with_highlight(page):
    assert page.js("return kgSelect('russia')") is True
    text = details_text(page)
    assert "Russia insists that New START must be extended for five more years." in text
    assert "normative" in text
    marks = page.js("return [...document.querySelectorAll('#kg-details mark')]"
                    ".map(m => [m.textContent, m.className])")
    assert ["Russia", "kg-m kg-m-s"] in marks and ["New START", "kg-m kg-m-o"] in marks
    assert page.js("return kgSelect('no-such-node')") is False
    assert page.js("return kg.selectEdge('relation/734e0c2c2313')") is True
    assert "The United States imposed new sanctions on Russia in 2017." in details_text(page)


@needs_browser
def test_filters_hide_nodes_and_edges(page):
    from selenium.webdriver.common.by import By

    person = page.driver.find_element(
        By.CSS_SELECTOR, "input[data-filter='class'][data-value='Person']")
    person.click()  # a real click on the class filter
    visible = page.js("return kg.visibleNodeIds()")
    assert "vladimir-putin" not in visible and "donald-trump" not in visible
    assert len(visible) == 4
    assert page.js("return kg.nodes.get('vladimir-putin').hidden") is True
    assert "Showing 4 of 6" in page.js("return document.getElementById('kg-count').textContent")
    person.click()
    assert len(page.js("return kg.visibleNodeIds()")) == 6

    # Polarity: only support left, then hide what has no statement shown.
    res = page.js("return kg.setFilters({polarity: ['Support'], kinds: ['stance'], "
                  "hideIsolated: true})")
    assert res == {"nodes": 3, "edges": 2}
    assert page.js("return kg.visibleNodeIds()") == ["new-start", "russia", "vladimir-putin"]
    # Document and date.
    page.js("kg.resetFilters()")
    assert page.js("return kg.setFilters({doc: 1})")["edges"] == 2
    page.js("kg.resetFilters()")
    assert page.js("return kg.setFilters({from: '2018-01-01', to: '2022-12-31'})") == {
        "nodes": 4, "edges": 2}
    # Focus: a node and its neighbours.
    page.js("kg.resetFilters()")
    page.js("kg.focus('donald-trump')")
    assert page.js("return kg.visibleNodeIds()") == ["donald-trump", "vladimir-putin"]
    assert not page.js("return document.getElementById('kg-focusbar').hidden")
    page.js("kg.clearFocus()")
    assert len(page.js("return kg.visibleNodeIds()")) == 6
    assert page.console_errors() == []


@needs_browser
def test_freeze_layout(page):
    from selenium.webdriver.common.by import By

    button = page.driver.find_element(By.ID, "kg-freeze")
    button.click()
    assert button.get_attribute("aria-pressed") == "true"
    assert page.js("return kg.isFrozen()") is True
    assert page.js("return kg.network.interactionHandler.options.dragNodes") is False
    button.click()
    assert page.js("return kg.isFrozen()") is False


@needs_browser
def test_hostile_corpus_renders_as_text_and_runs_nothing(chrome, pages):
    chrome.set_viewport(1280, 800)
    chrome.load(pages["hostile"])
    time.sleep(0.3)
    assert chrome.js("return typeof window.__pwned") == "undefined"
    assert chrome.js("return document.title") == f"{PWN_SCRIPT} hostile"
    assert chrome.js("return document.getElementById('kg-title').textContent") == \
        f"{PWN_SCRIPT} hostile"
    assert chrome.js("return kg.nodes.length") == 3  # two entities and the article's author
    hits = chrome.js("return kg.search('onerror')")
    assert sorted(h["id"] for h in hits) == ["author/anonymous/hostile", "hostile-person",
                                             "hostile-topic"]
    chrome.js("document.getElementById('kg-search').value = arguments[0];"
              "document.getElementById('kg-search').dispatchEvent(new Event('input'))", PWN_IMG)
    results = chrome.js("return document.getElementById('kg-results').textContent")
    assert HOSTILE_PERSON in results
    assert chrome.js("return kgSelect('hostile-person')") is True
    assert chrome.js("return document.querySelector('#kg-details h2').textContent") == \
        HOSTILE_PERSON
    text = details_text(chrome)
    assert HOSTILE_SENTENCE.replace("\u2028", "").replace("\u2029", "") in \
        text.replace("\u2028", "").replace("\u2029", "")
    assert PWN_IMG in text  # the alias, as text
    marks = chrome.js("return [...document.querySelectorAll('#kg-details mark')]"
                      ".map(m => m.textContent)")
    assert HOSTILE_PERSON in marks and HOSTILE_TOPIC in marks
    # Nothing the data said became an element, a handler or a link.
    assert chrome.js("return document.querySelectorAll('img, iframe, object, embed').length") == 0
    assert chrome.js("return document.querySelectorAll('body script').length") == 3
    handlers = "return document.querySelectorAll('[onerror], [onload], [onclick]').length"
    assert chrome.js(handlers) == 0
    hrefs = chrome.js("return [...document.querySelectorAll('a[href]')].map(a => a.href)")
    assert not any(h.lower().startswith("javascript:") for h in hrefs)
    assert chrome.js("return kgSelect('author/anonymous/hostile')") is True
    assert "Author of" in details_text(chrome)
    assert chrome.js("return typeof window.__pwned") == "undefined"
    assert chrome.outside_requests() == []
    assert chrome.console_errors() == []


@needs_browser
def test_phone_width_has_no_horizontal_scrolling(chrome, pages, tmp_path):
    chrome.set_viewport(390, 844)
    try:
        chrome.load(pages["graph"])
        widths = chrome.js(
            "const hd = document.querySelector('header');"
            "return [hd.scrollWidth, hd.clientWidth, document.documentElement.scrollWidth,"
            " window.innerWidth, document.getElementById('kg-network').clientHeight]")
        header_scroll, header_width, page_scroll, viewport, canvas_height = widths
        assert viewport == 390
        assert header_scroll <= header_width and page_scroll <= viewport
        assert canvas_height > 300  # the network keeps most of the screen
        assert chrome.js("return kgSelect('vladimir-putin')") is True
        chrome.wait_for("return document.body.classList.contains('kg-show-details')")
        assert chrome.js("return document.documentElement.scrollWidth") <= 390
        assert "Putin has repeatedly criticized" in details_text(chrome)
        assert chrome.console_errors() == []
    finally:
        chrome.set_viewport(1280, 800)


@needs_browser
def test_screenshot_writes_a_png(pages, tmp_path):
    png = tmp_path / "graph.png"
    assert screenshot(pages["graph"], png, width=1280, height=800) is True
    head = png.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", head[16:24]) == (1280, 800)


@needs_browser
def test_the_request_check_would_see_a_leak(chrome, tmp_path):
    """The offline assertions mean something: a page that does reach out is caught."""
    leaky = tmp_path / "leaky.html"
    leaky.write_text('<img src="https://example.org/x.png"><script>window.kgReady = '
                     'fetch("http://example.com/a").catch(() => 0).then(() => 1)</script>')
    chrome.load(leaky)
    assert sorted(chrome.outside_requests()) == ["http://example.com/a",
                                                 "https://example.org/x.png"]
