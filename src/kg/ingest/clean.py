"""From raw lines to the article: furniture dropped, zones assigned, metadata read.

The walker keeps a little state (are we still in the page header, inside a poll, inside a
teaser for another article) and classifies each line with the recognisers of
`kg.ingest.furniture`. What it keeps stays mapped to the source file.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlparse

from kg.ingest import furniture as f
from kg.ingest.document import Metadata, Paragraph
from kg.ingest.markup import heading_level, strip_inline
from kg.ingest.text import MappedText

_SENTENCE_END = re.compile(r"(?<=[.!?])([\"”’)]*)\s+(?=[\"“‘(]*[A-Z0-9])")


@dataclass
class _Block:
    lines: list[MappedText] = field(default_factory=list)
    zone: str = "body"


@dataclass
class Cleaned:
    paragraphs: list[Paragraph]
    metadata: Metadata
    notes: list[str]


def split_lines(source: str) -> list[MappedText]:
    """The lines of a text file, each mapped to its offsets."""
    lines, start = [], 0
    for raw in source.split("\n"):
        line = MappedText()
        end = start + len(raw)
        line.append(source, start, end - 1 if raw.endswith("\r") else end)
        lines.append(line)
        start = end + 1
    return lines


def clean_lines(
    lines: list[MappedText],
    *,
    markdown: bool = True,
    meta: dict[str, str] | None = None,
    outlet_for_host: Callable[[str], str | None] | None = None,
) -> Cleaned:
    """Classify lines into article paragraphs and metadata (see module docstring)."""
    w = _Walker(markdown=markdown)
    for line in lines:
        w.feed(line)
    w.flush()
    paragraphs = _merge_broken(w.blocks)
    paragraphs = _drop_trailing_navigation(paragraphs)
    paragraphs, repeated = _drop_repeats(paragraphs)
    md = w.meta
    meta = meta or {}
    md.title = md.title or _first(meta, "og:title", "twitter:title", "title")
    md.author = md.author or _first(meta, "author", "article:author")
    md.date = md.date or _meta_date(meta)
    md.url = md.url or _first(meta, "canonical", "og:url")
    md.outlet = md.outlet or _first(meta, "og:site_name")
    if md.url and not md.date:
        md.date = f.date_from_url(md.url)
    if md.url and outlet_for_host:
        md.outlet = outlet_for_host(urlparse(md.url).hostname or "") or md.outlet
    md.outlet = md.outlet or w.disclaimer_outlet
    notes = list(w.notes)
    if repeated:
        notes.append(f"dropped {repeated} repeated sentence(s)")
    return Cleaned(paragraphs, md, notes)


def _first(meta: dict[str, str], *keys: str) -> str | None:
    for key in keys:
        if meta.get(key, "").strip():
            return " ".join(meta[key].split())
    return None


def _meta_date(meta: dict[str, str]) -> str | None:
    for key in ("article:published_time", "date", "dc.date", "datepublished", "pubdate"):
        if meta.get(key):
            return f.parse_date(meta[key][:10])
    return None


class _Walker:
    def __init__(self, markdown: bool) -> None:
        self.markdown = markdown
        self.meta = Metadata()
        self.blocks: list[_Block] = []
        self.current: _Block | None = None
        self.header = True
        self.poll = False
        self.teaser = False
        self.expect_url = False
        self.after_byline = False
        self.disclaimer_outlet: str | None = None
        self.disclaimers = 0
        self.dateline: str | None = None
        self.notes: list[str] = []

    # -- helpers --------------------------------------------------------------------------
    def clean(self, line: MappedText) -> MappedText:
        if self.markdown:
            return strip_inline(line).strip()
        level = heading_level(line.text)
        return line.slice(level + 1, len(line)).strip() if level else line.strip()

    def emit(self, line: MappedText, zone: str, *, alone: bool = False) -> None:
        if not line.text:
            return
        if alone or self.current is None or self.current.zone != zone:
            self.flush()
            self.current = _Block(zone=zone)
        self.current.lines.append(line)
        if alone:
            self.flush()

    def flush(self) -> None:
        if self.current and self.current.lines:
            self.blocks.append(self.current)
        self.current = None

    # -- the walk -------------------------------------------------------------------------
    def feed(self, line: MappedText) -> None:  # noqa: C901 - one decision list, read top-down
        raw = line.text.strip()
        if not raw:
            self.flush()
            self.teaser = False
            return
        plain = self.clean(line)
        text = plain.text
        if self.poll:
            if not line.text[:1].isspace() and f.is_prose(text) and not re.match(r"^\d+\.", text):
                self.poll = False
            else:
                return
        if self.teaser:
            return
        if f.POLL_START.match(text):
            self.flush()
            self.poll = True
            return
        if f.is_widget(text):
            return
        if f.IMAGE_FILE.match(text):
            self.flush()
            self.teaser = True  # the rest of this block is a teaser for another page
            return
        if f.TEASER_NAME.match(text) and not self.header:
            self.flush()
            self.teaser = True
            return
        m = f.URL_LABELLED.match(text)
        if m:
            self.meta.url = self.meta.url or m.group(2)
            return
        if f.ORIGINAL_URL.match(text):
            self.expect_url = True
            return
        m = f.URL_LINE.match(raw)
        if m:
            if self.expect_url or not self.meta.url:
                self.meta.url = self.meta.url or m.group(1)
            self.expect_url = False
            return
        if f.RELATED.match(raw):
            return
        if f.DISCLAIMER.search(text):
            self.disclaimer_outlet = self.disclaimer_outlet or f.disclaimer_outlet(text)
            self.disclaimers += 1
            if self.disclaimers == 1 and self.disclaimer_outlet:
                self.emit(plain, "disclaimer", alone=True)
            return
        if f.PHOTO_PREFIX.match(text):
            return
        m = f.BOLD_CREDIT.match(raw)
        if m and "/" in m.group(1) and not f.is_prose(m.group(1), 1):
            return  # "**Photographer / Agency**"
        m = f.CAPTION_CREDIT.match(raw)
        if m and ("/" in m.group("credit") or len(m.group("credit").split()) <= 4) \
                and f.is_prose(m.group("caption"), 4):
            caption = strip_inline(line.slice(0, line.text.index(m.group("caption"))
                                              + len(m.group("caption")))).strip()
            self.emit(caption, "caption", alone=True)
            return
        # a byline may follow a dek the header took for the first paragraph
        early = not self.after_byline and len(self.blocks) <= 3 and (
            f.BYLINE.match(plain.text) or f.META_SEPARATOR.search(plain.text))
        if (self.header or early) and self.header_line(line, raw, plain):
            return
        self.body_line(raw, plain)

    def header_line(self, line: MappedText, raw: str, plain: MappedText) -> bool:
        """Title, dek, byline, date and author role; False when the line is article text."""
        text, md = plain.text, self.meta
        level = heading_level(raw)
        if not md.title and not self.blocks and f.KICKER.match(text) or set(
                text.lower().split()) <= f.SECTION_WORDS or f.BREADCRUMB.match(text):
            return True  # a section label ("COMMENTARY" above the title, "Expert Opinions")
        if level == 1 and not md.title:
            md.title = text
            self.emit(plain, "title", alone=True)
            return True
        if md.title and not md.author and (level >= 2 or f.BOLD_LINE.match(raw)) \
                and not self.after_byline:
            self.emit(plain, "subtitle", alone=True)
            return True
        if f.META_SEPARATOR.search(text) and not f.is_prose(text, 12):
            parts = [t.strip() for t in f.META_SEPARATOR.split(text)]
            byline = next((f.BYLINE.match(t) for t in parts if f.BYLINE.match(t)), None)
            if byline and len(byline.group("name").split()) <= 6:
                # "*Analysis* · By **Laura Whitcombe** · July 9, 2024 · 7 min read"
                name = re.split(r"\s*(?:,| and )\s*", byline.group("name"))[0]
                md.author = md.author or name
                md.date = md.date or next((d for t in parts if (d := f.parse_date(t))), None)
                start = text.index(name)
                self.emit(plain.slice(start, start + len(name)), "byline", alone=True)
                self.after_byline = True
                return True
        m = f.BYLINE.match(text)
        if m and len(m.group("name").split()) <= 6 and not f.is_prose(text):
            md.author = md.author or re.split(r"\s*(?:,| and |\|)\s*", m.group("name"))[0]
            byline = plain.slice(text.index(m.group("name")), len(text))
            self.emit(byline, "byline", alone=True)
            self.after_byline = True
            return True
        date = f.parse_date(text)
        if date:
            md.date = md.date or date
            return True
        # a name alone: the byline, before the title or right under it ("Rachel Kessler")
        if not md.author and f.NAME_ONLY.match(text) and (
                not md.title or self.blocks and self.blocks[-1].zone in ("title", "subtitle")
        ) and not f.SECTION_WORDS & set(text.lower().split()) and text.split()[0].lower() not in (
                "the", "a", "an"):
            md.author = text
            self.emit(plain, "byline", alone=True)
            self.after_byline = True
            return True
        if self.after_byline and not md.author_role and f.ROLE_WORDS.search(text) \
                and not f.is_prose(text, 4) and len(text.split()) <= 40:
            md.author_role = text
            self.emit(plain, "role", alone=True)
            return True
        if not md.title and not level and len(text.split()) <= 20 \
                and not text.endswith((".", "!", "?")) and (not md.author and not self.blocks or (
                    self.blocks and all(b.zone in ("byline", "role") for b in self.blocks))):
            # the first short line, or the one after a byline and role ("Name / role / title")
            md.title = text
            self.emit(plain, "title", alone=True)
            return True
        return False

    def body_line(self, raw: str, plain: MappedText) -> None:
        if self.header or not any(b.zone == "body" for b in self.blocks):
            m = f.DATELINE.match(plain.text)
            if m:  # "GENEVA (Reuters) - ...": where and by whom, not part of the story
                self.meta.outlet = self.meta.outlet or m.group("agency")
                self.dateline = m.group("place").strip().title()
                plain = plain.slice(m.end(), len(plain))
        self.header = False
        text = plain.text
        if heading_level(raw):
            self.emit(plain, "heading", alone=True)
            return
        if self.markdown and f.ITALIC_LINE.match(raw):
            author = self.meta.author
            if (author and text.startswith(author)) or re.match(
                r"^[A-Z][\w.'’-]+( [A-Z][\w.'’-]+){1,3} (is|was|has been|served)\b", text
            ):
                if not self.meta.author_role and author and text.startswith(author):
                    self.meta.author_role = text
                self.emit(plain, "bio", alone=True)
                return
        if f.BOLD_CREDIT.match(raw) and not f.is_prose(text, 1):
            self.emit(plain, "heading", alone=True)
            return
        self.emit(plain, "body")


def _join(lines: list[MappedText]) -> MappedText:
    out = MappedText()
    for i, line in enumerate(lines):
        if i:
            out.append_text(" ", out.offsets[-1] + 1 if out.offsets else 0)
        out.text += line.text
        out.offsets.extend(line.offsets)
    return out


def _merge_broken(blocks: list[_Block]) -> list[Paragraph]:
    """Join a paragraph cut in two by the scraper ("But what" / "good would that do?")."""
    out: list[Paragraph] = []
    for block in blocks:
        text = _join(block.lines)
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.zone == block.zone == "body"
            and not prev.text.text.rstrip("”\"’)").endswith((".", "!", "?", ":", ";"))
            and text.text[:1].islower()
        ):
            prev.text = _join([prev.text, text])
            continue
        out.append(Paragraph(text, block.zone))
    return out


def _drop_trailing_navigation(paragraphs: list[Paragraph]) -> list[Paragraph]:
    """Footer links after the article ("For business", "For researchers")."""
    while paragraphs and paragraphs[-1].zone == "body":
        text = paragraphs[-1].text.text
        if len(text.split()) <= 12 and not text.endswith((".", "!", "?", "”", '"')):
            paragraphs.pop()
        else:
            break
    return paragraphs


def _drop_repeats(paragraphs: list[Paragraph]) -> tuple[list[Paragraph], int]:
    """Drop sentences that repeat earlier ones: scraped pages often repeat whole paragraphs."""
    seen: set[str] = set()
    out: list[Paragraph] = []
    dropped = 0
    for para in paragraphs:
        text = para.text.text
        keep: list[tuple[int, int]] = []  # the kept sentences, stripped (sliced if needed)
        start = 0
        bounds = [m.end(1) for m in _SENTENCE_END.finditer(text)] + [len(text)]
        for end in bounds:
            piece = text[start:end]
            key = " ".join(piece.split()).casefold()
            span = (start + len(piece) - len(piece.lstrip()), start + len(piece.rstrip()))
            start = end
            if not key:
                continue
            if len(key) > 30 and key in seen:
                dropped += 1
                continue
            seen.add(key)
            keep.append(span)
        if len(keep) == len(bounds):
            out.append(para)
        elif keep:
            out.append(Paragraph(_join([para.text.slice(a, b) for a, b in keep]), para.zone))
    return out, dropped
