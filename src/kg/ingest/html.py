"""HTML articles: text blocks with their offsets in the source, read with a real parser."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from kg.ingest.text import MappedText

_BLOCK = {
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "section",
    "article", "blockquote", "figcaption", "figure", "tr", "table", "hr", "pre", "dd", "dt",
}
_SKIP = {"script", "style", "noscript", "template", "svg", "nav", "iframe", "button", "form",
         "aside", "footer"}
#: Classes and ids of page furniture: share bars, related links, tag lists, newsletter boxes.
_FURNITURE = re.compile(
    r"(?:^|[-_\s])(?:share|sharing|social|related|newsletter|subscribe|tags|sidebar|"
    r"breadcrumbs?|comments?|advert|promo|paywall|cookie|site-header|masthead|logo|kicker|"
    r"section-label|eyebrow|rubric)"
    r"(?:[-_\s]|$)", re.I)


class _Extractor(HTMLParser):
    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=False)
        self.source = source
        self.line_starts = [0]
        for i, c in enumerate(source):
            if c == "\n":
                self.line_starts.append(i + 1)
        self.lines: list[MappedText] = [MappedText()]
        self.skip_depth = 0
        #: the tag of a furniture element being skipped, and how deep in it we are
        self.skip_tag: str | None = None
        self.skip_nest = 0
        self.in_title = False
        self.meta: dict[str, str] = {}
        self.title = ""

    def _offset(self) -> int:
        line, col = self.getpos()
        return self.line_starts[line - 1] + col

    def _break(self, blank: bool = False) -> None:
        if self.lines[-1].text.strip():
            self.lines.append(MappedText())
        if blank and self.lines[-1].text == "" and (len(self.lines) < 2 or self.lines[-2].text):
            self.lines.append(MappedText())

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.skip_tag is not None:
            self.skip_nest += tag == self.skip_tag
            return
        marks = " ".join(v or "" for k, v in attrs if k in ("class", "id"))
        if marks and _FURNITURE.search(marks) and tag not in ("html", "body", "main", "article"):
            self.skip_tag, self.skip_nest = tag, 1
            return
        if tag in _SKIP:
            self.skip_depth += 1
        elif tag == "title":
            self.in_title = True
        elif tag == "meta":
            a = {k: v or "" for k, v in attrs}
            key = a.get("name") or a.get("property") or a.get("itemprop")
            if key and "content" in a:
                self.meta.setdefault(key.lower(), a["content"])
        elif tag == "link":
            a = {k: v or "" for k, v in attrs}
            if a.get("rel") == "canonical" and a.get("href"):
                self.meta.setdefault("canonical", a["href"])
        if tag in _BLOCK:
            self._break(blank=tag in {"p", "h1", "h2", "h3", "h4", "h5", "h6", "figcaption"})
            if tag in {"h1", "h2", "h3"}:
                self.lines[-1].append_text("#" * int(tag[1]) + " ", self._offset())

    def handle_endtag(self, tag: str) -> None:
        if self.skip_tag is not None:
            if tag == self.skip_tag:
                self.skip_nest -= 1
                if self.skip_nest == 0:
                    self.skip_tag = None
            return
        if tag in _SKIP and self.skip_depth:
            self.skip_depth -= 1
        elif tag == "title":
            self.in_title = False
        if tag in _BLOCK:
            self._break(blank=tag in {"p", "h1", "h2", "h3", "h4", "h5", "h6", "figcaption"})

    def handle_data(self, data: str) -> None:
        if self.skip_depth or self.skip_tag is not None:
            return
        if self.in_title:
            self.title += data
            return
        start = self._offset()
        # collapse runs of white space (HTML rendering) while keeping each kept char's offset
        line = self.lines[-1]
        for i, c in enumerate(data):
            if c.isspace():
                if line.text and not line.text.endswith(" "):
                    line.append_text(" ", start + i)
            else:
                line.append(self.source, start + i, start + i + 1)

    def _charref_text(self, text: str, raw: str) -> None:
        if self.skip_depth or self.skip_tag is not None:
            return
        if self.in_title:
            self.title += text
            return
        start = self._offset()
        self.lines[-1].append_text(text.replace("\xa0", " "), start)

    def handle_entityref(self, name: str) -> None:
        import html

        self._charref_text(html.unescape(f"&{name};"), name)

    def handle_charref(self, name: str) -> None:
        import html

        self._charref_text(html.unescape(f"&#{name};"), name)


def html_lines(source: str) -> tuple[list[MappedText], dict[str, str]]:
    """Split an HTML page into text lines (blank lines between blocks) and its meta tags."""
    parser = _Extractor(source)
    parser.feed(source)
    parser.close()
    meta = dict(parser.meta)
    if parser.title.strip():
        meta.setdefault("title", " ".join(parser.title.split()))
    lines = [line.strip() if line.text.strip() else MappedText() for line in parser.lines]
    return lines, meta
