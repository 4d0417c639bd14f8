"""Ingestion: furniture removal, offsets back into the source file, metadata, bad input."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.ingest import IngestError, discover, read_document
from kg.ingest.text import MappedText

CORPUS = Path(__file__).resolve().parents[1] / "corpus"

#: The metadata a reader sees in each article of the shipped corpus.
EXPECTED = {
    "000_01fb6fb18f6b5fd0.txt": {
        "title": "After Sanctions, There's No Way Back (Op-ed)", "author": "Igor Ivanov",
        "date": "2017-08-03",
        "url": "https://www.themoscowtimes.com/2017/08/03/after-sanctions-us-and-russia-must-"
               "rebuild-trust-op-ed-a58576",
        "outlet": "The Moscow Times"},
    "001_7b9f17ae223eca82.txt": {
        "title": "Russia and U.S. Must Not Squander Chances For Cooperation",
        "author": "Igor Ivanov", "date": "2021-01-21",
        "url": "https://www.themoscowtimes.com/2021/01/21/russia-and-us-must-not-squander-"
               "chances-for-cooperation-a72660",
        "outlet": "The Moscow Times"},
    "002_049bbc58535707c4.txt": {"title": None, "author": "Igor Ivanov", "date": None,
                                 "url": None, "outlet": None},
    "003_75f37cc66b80f13e.txt": {
        "title": "Washington-Moscow: Repairing the Relations Incrementally", "author": None,
        "date": None, "url": None, "outlet": None},
    "004_64e1f0a95b059cbf.txt": {"title": None, "author": "Igor Ivanov", "date": None,
                                 "url": None, "outlet": None},
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_metadata(name: str) -> None:
    md = read_document(CORPUS / name).metadata
    assert {k: getattr(md, k) for k in EXPECTED[name]} == EXPECTED[name]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_clean_character_maps_back_to_the_source(name: str) -> None:
    doc = read_document(CORPUS / name)
    for para in doc.paragraphs:
        for i, ch in enumerate(para.text.text):
            src = doc.source_text[para.text.offsets[i]]
            assert ch == src or ch == " " and src.isspace(), (name, i, ch, src)


def _clean(name: str) -> str:
    return read_document(CORPUS / name).text


def test_page_furniture_is_removed() -> None:
    text = _clean("002_049bbc58535707c4.txt") + _clean("004_64e1f0a95b059cbf.txt")
    for furniture in ("Rate this article", "votes", "Share this article", "Print",
                      "Poll conducted", "In your opinion", "U.S. wants to dissolve Russia",
                      "For business", "For students", "pashinian2m.jpg", "Andrey Kortunov",
                      "Trump, Putin and China"):
        assert furniture not in text, furniture


def test_markdown_links_credits_and_related_articles_are_removed() -> None:
    text = _clean("000_01fb6fb18f6b5fd0.txt")
    assert "[Igor Ivanov](#)" not in text and "](#)" not in text
    assert "Roman Pimenov" not in text and "Interpress" not in text
    assert "Related article" not in text and "Hands Tied" not in text
    assert "Original url" not in text and "https://" not in text
    assert "**" not in text
    # the one disclaimer that names the outlet stays once, as a mention-only zone
    doc = read_document(CORPUS / "000_01fb6fb18f6b5fd0.txt")
    assert [p.zone for p in doc.paragraphs].count("disclaimer") == 1


def test_caption_is_kept_apart_and_its_credit_dropped() -> None:
    doc = read_document(CORPUS / "001_7b9f17ae223eca82.txt")
    captions = [p.text.text for p in doc.paragraphs if p.zone == "caption"]
    assert captions == ["Joe Biden is the fifth U.S. president Vladimir Putin will have worked "
                        "with since he entered the Kremlin at the start of the century."]
    assert "AP / TASS" not in doc.text


def test_repeated_paragraphs_are_dropped_and_broken_ones_joined() -> None:
    text = _clean("004_64e1f0a95b059cbf.txt")
    assert text.count("The Russian media has been overwhelmed") == 1
    assert text.count("It is imperative to reduce the level of criticism") == 1
    text = _clean("000_01fb6fb18f6b5fd0.txt")
    assert "But what good would that do?" in text
    assert "no choice but to look for opportunities for cooperation." in text


def test_author_role_line() -> None:
    md = read_document(CORPUS / "002_049bbc58535707c4.txt").metadata
    assert md.author_role.startswith("President of the Russian International Affairs Council")


def test_html_is_read_with_a_parser_and_offsets_point_into_the_file(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(
        "<!doctype html><html><head><title>Talks in Geneva</title>"
        '<meta name="author" content="Jane Roe">'
        '<meta property="article:published_time" content="2021-06-16T10:00:00Z">'
        '<link rel="canonical" href="https://example.org/2021/06/16/talks"></head>'
        "<body><nav>Home | World</nav><script>var x = '<p>no</p>';</script>"
        "<article><h1>Talks in Geneva</h1><p>Joe Biden met Vladimir&nbsp;Putin in "
        "<b>Geneva</b> on Wednesday &amp; the talks were constructive.</p>"
        "<p>Share this article</p><p>Both sides agreed to resume the dialogue.</p>"
        "</article></body></html>", encoding="utf-8")
    doc = read_document(page)
    assert doc.metadata.title == "Talks in Geneva"
    assert doc.metadata.author == "Jane Roe"
    assert doc.metadata.date == "2021-06-16"
    assert doc.metadata.url == "https://example.org/2021/06/16/talks"
    text = doc.text
    assert "Joe Biden met Vladimir Putin in Geneva on Wednesday & the talks" in text
    assert "Home | World" not in text and "var x" not in text and "Share this" not in text
    body = next(p for p in doc.paragraphs if "Biden" in p.text.text)
    i = body.text.text.index("Geneva")
    start, end = body.text.source_span(i, i + len("Geneva"))
    assert doc.source_text[start:end] == "Geneva"


def test_cp1252_is_decoded_with_a_note(tmp_path: Path) -> None:
    f = tmp_path / "legacy.txt"
    f.write_bytes("Title\n\nThe Kremlin\u2019s view on sanctions is well known, "
                  "caf\u00e9 talk aside, and it matters.\n".encode("cp1252"))
    doc = read_document(f)
    assert "Kremlin\u2019s view" in doc.text
    assert any("cp1252" in n for n in doc.notes)


def test_unicode_is_normalised_without_losing_offsets() -> None:
    line = MappedText()
    source = "Cafe\u0301 talks\u00a0today"
    line.append(source, 0, len(source))
    assert line.text == "Caf\u00e9 talks today"
    assert line.source_span(5, 10) == (6, 11)


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.txt", b"", "empty file"),
        ("blank.txt", b"  \n\n ", "no text"),
        ("binary.txt", b"\x00\x01\x02PK\x03\x04" * 50, "binary file"),
        ("bad.txt", b"\x81\x8d\x8f\x90\x9d" * 40, "undecodable"),
        ("furniture.txt", b"Share this article\nRate this article\n(4 votes)\n", "no article"),
    ],
)
def test_bad_files_get_one_line_naming_file_and_reason(
    tmp_path: Path, name: str, data: bytes, reason: str
) -> None:
    f = tmp_path / name
    f.write_bytes(data)
    with pytest.raises(IngestError) as info:
        read_document(f)
    message = str(info.value)
    assert "\n" not in message and name in message and reason in message


def test_large_file_is_refused_before_reading(tmp_path: Path) -> None:
    f = tmp_path / "huge.txt"
    with f.open("wb") as fh:
        fh.truncate(50 * 1024 * 1024)
    with pytest.raises(IngestError, match="too large"):
        read_document(f)


def test_discover_reports_missing_paths_and_empty_folders(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.txt").write_text("x")
    (tmp_path / "docs" / "image.png").write_bytes(b"\x89PNG")
    files, errors = discover([tmp_path / "docs", tmp_path / "empty", tmp_path / "gone.txt"])
    assert [f.name for f in files] == ["a.txt"]
    assert sorted(e.reason for e in errors) == ["no articles (.txt, .md, .markdown, .html, .htm) "
                                                "in folder", "no such file or folder"]


def test_html_asides_share_bars_tag_lists_and_site_headers_are_furniture(tmp_path: Path
                                                                        ) -> None:
    page = tmp_path / "page.html"
    page.write_text(
        "<html><body><header class='site-header'><a class='logo'>The Daily Planet</a>"
        "</header><article><p class='kicker'>Diplomacy</p><h1>Ministers Meet in Oslo</h1>"
        "<p class='byline'>By Jane Roe</p>"
        "<div class='share-widget'><span>Share</span><div><a>Facebook</a></div></div>"
        "<p>Sergey Lavrov met Antony Blinken in Oslo on Monday for three hours.</p>"
        "<aside class='related-inline'><ul><li><a href='/x'>Xi Visits Paris</a></li></ul>"
        "</aside><p class='tags'>Topics: <a>Arctic</a></p></article>"
        "<aside><p>Wang Yi Pitches China as Peacemaker</p></aside></body></html>",
        encoding="utf-8")
    doc = read_document(page)
    assert doc.metadata.title == "Ministers Meet in Oslo"
    assert doc.metadata.author == "Jane Roe"
    for gone in ("Daily Planet", "Diplomacy", "Facebook", "Xi Visits", "Topics", "Wang Yi"):
        assert gone not in doc.text
    assert "Sergey Lavrov met Antony Blinken" in doc.text


def test_text_section_labels_and_a_name_under_the_title(tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_text("COMMENTARY\n\nThe Arctic Needs Talks\n\nRachel Kessler\nMay 3, 2021\n\n"
                 "Share | Twitter | Facebook | Email\n\n"
                 "Russia and Norway resumed their talks on fisheries in Tromso this week.\n",
                 encoding="utf-8")
    doc = read_document(f)
    assert (doc.metadata.title, doc.metadata.author, doc.metadata.date) == (
        "The Arctic Needs Talks", "Rachel Kessler", "2021-05-03")
    assert "COMMENTARY" not in doc.text and "Twitter" not in doc.text
    g = tmp_path / "b.txt"
    g.write_text("The Arctic Needs Talks\n\nExpert Opinions\n12.05.2023\n\n"
                 "Russia and Norway resumed their talks on fisheries in Tromso this week.\n",
                 encoding="utf-8")
    doc = read_document(g)
    assert doc.metadata.author is None and doc.metadata.date == "2023-05-12"
    assert "Expert Opinions" not in doc.text


def test_one_line_bylines_breadcrumbs_and_a_title_after_the_author(tmp_path: Path) -> None:
    md = tmp_path / "a.md"
    md.write_text("# Sanctions Reach Further\n\n*Analysis* · By **Laura Whitcombe** · July 9, "
                  "2024 · 7 min read\n\n[Share on X](#) · [Share on LinkedIn](#) · "
                  "[Copy link](#)\n\n---\n\nThe Treasury widened its sanctions on Thursday, "
                  "officials in Washington said.\n", encoding="utf-8")
    doc = read_document(md)
    assert (doc.metadata.author, doc.metadata.date) == ("Laura Whitcombe", "2024-07-09")
    assert "Share on" not in doc.text and "---" not in doc.text
    txt = tmp_path / "b.txt"
    txt.write_text("World › Europe\n\nJane Roe\n\nSenior Fellow at the Institute\n\n"
                   "Space Needs Rules of the Road\n\nDecember 9, 2021\n\nOn November 15, "
                   "Russia destroyed one of its own satellites with a missile.\n",
                   encoding="utf-8")
    doc = read_document(txt)
    assert (doc.metadata.title, doc.metadata.author, doc.metadata.date) == (
        "Space Needs Rules of the Road", "Jane Roe", "2021-12-09")
    assert "Europe" not in doc.text
