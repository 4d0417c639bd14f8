"""Recognisers for page furniture: the parts of a scraped page that are not the article.

Each recogniser looks at one line (markdown already visible, so `**bold**` credits and
`*italic*` disclaimers can be told apart) and says what it is. They are general patterns of
news and think-tank sites, not rules for particular files.
"""

from __future__ import annotations

import re

_I = re.IGNORECASE

#: Lines dropped wherever they appear: widgets, buttons, vote counts, poll results.
_SHARE = r"(?:(?:share on )?(?:twitter|x|facebook|linkedin|e-?mail|whatsapp|telegram|reddit|" \
    r"vk)|share|tweet|print|copy link|save)"
WIDGET = [
    re.compile(rf"^{_SHARE}(?:\s*[|·•/]\s*{_SHARE}){{2,}}$", _I),  # "Share | Twitter | Email"
    re.compile(r"^print\b.{0,40}$", _I),
    re.compile(r"^читать на русском$", _I),
    re.compile(r"^rate this (article|post)$", _I),
    re.compile(r"^\(?\s*votes?:\s*\d+(,\s*rating:\s*[\d.]+)?\s*\)?$", _I),
    re.compile(r"^\(\s*\d+\s+votes?\s*\)$", _I),
    re.compile(r"^(share|share this( article| story| page)?|tweet|e-?mail|comments?|subscribe|"
               r"advertisement|read more|follow us.*|print this (article|page)|"
               r"save|bookmark|back to top|top)$", _I),
    re.compile(r"^\d+\s*\(\d+(\.\d+)?\s*%\)$"),
    re.compile(r"^(?:-{3,}|\*{3,}|_{3,})$"),  # a markdown rule
    re.compile(r"^\d+(\.\d+)?\s*%$"),
]
POLL_START = re.compile(r"^(poll( conducted)?|take (our|the) poll|vote now)$", _I)
IMAGE_FILE = re.compile(r"^\S+\.(jpe?g|png|gif|webp|svg|bmp|tiff?)$", _I)
ORIGINAL_URL = re.compile(r"^(original url|source|originally published at)\s*:?\s*$", _I)
URL_LINE = re.compile(r"^<?(https?://[^\s>]+)>?$", _I)
URL_LABELLED = re.compile(r"^(original url|source|url)\s*:\s*<?(https?://[^\s>]+)>?$", _I)
RELATED = re.compile(r"^\s*(#{1,6}\s*)?[*_]*\s*(related( articles?| stories| reading)?|"
                     r"read also|see also|also read|more on this)\s*[*_]*\s*:", _I)
#: "Andrey Kortunov:" alone on a line: the byline of a teaser linking to another article.
TEASER_NAME = re.compile(r"^[A-Z][\w.'’-]+( [A-Z][\w.'’-]+){1,3}:$")
DISCLAIMER = re.compile(
    r"(views?|opinions?)\b.{0,40}\bexpressed\b.{0,120}"
    r"(do(es)? not necessarily|rather than|are (solely )?(those|the views) of|"
    r"not (necessarily )?(reflect|represent))",
    _I,
)
DISCLAIMER_OUTLET = re.compile(
    r"(?:position|views?|opinions?|policy) of\s+(?P<outlet>(?:the\s+)?[A-Z][\w&.'’-]*"
    r"(?:\s+[A-Z][\w&.'’-]*)*)\s*[.*_]*\s*$"
)
#: A bold line that is a photo credit: "**Roman Pimenov / Interpress / TASS**".
BOLD_CREDIT = re.compile(r"^\*\*\s*([^*]{1,80}?)\s*\*\*$")
BOLD_LINE = re.compile(r"^\*\*\s*([^*]{1,300}?)\s*\*\*$")
#: A caption that ends with a bold credit: "Joe Biden ... century. **AP / TASS**".
CAPTION_CREDIT = re.compile(r"^(?P<caption>.*\S)\s*\*\*\s*(?P<credit>[^*]{1,60}?)\s*\*\*\s*$")
PHOTO_PREFIX = re.compile(r"^(photo|image|picture|credit|photo credit)s?\s*:", _I)
BYLINE = re.compile(r"^\s*by\s+(?P<name>.+?)\s*$", _I)
#: Words of section labels, never of a person's name: "Expert Opinions", "World News".
SECTION_WORDS = frozenset({
    "opinion", "opinions", "expert", "experts", "analysis", "analyses", "commentary",
    "editorial", "editorials", "news", "blog", "column", "columns", "comment", "comments",
    "feature", "features", "interview", "interviews", "review", "reviews", "insight",
    "insights", "report", "reports", "briefing", "perspective", "perspectives", "viewpoint",
    "views", "world", "politics", "europe", "security", "latest", "explainer", "podcast"})
#: What separates the fields of a one-line byline: "Analysis · By X · July 9, 2024".
META_SEPARATOR = re.compile(r"\s+[·•|]\s+")
#: A breadcrumb trail: "World › Europe", "News > Politics".
BREADCRUMB = re.compile(r"^[\w&' -]{1,30}(?:\s*[›»>]\s*[\w&' -]{1,30})+$")
#: A section label printed above a title: one to three capitalised words, "COMMENTARY".
KICKER = re.compile(r"^[A-Z][A-Z&'’-]+(?: [A-Z&'’-]+){0,2}$")
NAME_ONLY = re.compile(
    r"^(?:[A-Z][a-z]+(?:[-’'][A-Z]?[a-z]+)?|[A-Z]\.)(?:\s+(?:[A-Z][a-z]+(?:[-’'][A-Z]?[a-z]+)?|"
    r"[A-Z]\.|van|von|de|al|bin)){1,3}$"
)
ROLE_WORDS = re.compile(
    r"\b(president|minister|director|professor|fellow|editor|chair(man|woman)?|head|"
    r"ambassador|analyst|member|expert|researcher|correspondent|secretary|adviser|advisor|"
    r"dean|founder|senior|chief|lecturer|journalist|columnist|deputy|former|general)\b",
    _I,
)
#: A wire-story dateline opening the first paragraph: "GENEVA (Reuters) - ".
DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z .'-]{2,40}?)(?:,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2})?\s*"
    r"(?:\((?P<agency>[A-Za-z .&-]{2,30})\))?\s*[-–—]{1,2}\s+(?=[A-Z“\"])")
ITALIC_LINE = re.compile(r"^\s*(\*[^*].*[^*]\*|_[^_].*[^_]_)\s*$")

MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
         ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
         ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
         ("december", "dec")]
    )
    for m in names
}
_MONTH = r"(?P<month>[A-Za-z]{3,9})\.?"
DATE_LINES = [
    re.compile(rf"^(?:\w+day,\s+)?{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>\d{{4}})$"),
    re.compile(rf"^(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH},?\s+(?P<year>\d{{4}})$"),
    re.compile(r"^(?P<year>\d{4})-(?P<mnum>\d{2})-(?P<day>\d{2})(?:[T ][\d:]+.*)?$"),
    re.compile(r"^(?P<day>\d{1,2})\.(?P<mnum>\d{1,2})\.(?P<year>\d{4})$"),
]
URL_DATE = re.compile(r"/(?P<year>(?:19|20)\d{2})/(?P<mnum>\d{1,2})/(?P<day>\d{1,2})/")


def parse_date(text: str) -> str | None:
    """An ISO day from a date line such as "August 03, 2017", or None."""
    text = text.strip().strip("*_ ")
    for pattern in DATE_LINES:
        m = pattern.match(text)
        if m:
            return _iso(m)
    return None


def date_from_url(url: str) -> str | None:
    m = URL_DATE.search(url)
    return _iso(m) if m else None


def _iso(m: re.Match[str]) -> str | None:
    parts = m.groupdict()
    month = int(parts["mnum"]) if parts.get("mnum") else MONTHS.get(parts["month"].lower())
    year, day = int(parts["year"]), int(parts["day"])
    if not month or not 1 <= month <= 12 or not 1 <= day <= 31:
        return None
    import datetime

    try:
        return datetime.date(year, month, day).isoformat()
    except ValueError:
        return None


def is_widget(line: str) -> bool:
    return any(p.match(line) for p in WIDGET)


def is_prose(line: str, min_words: int = 8) -> bool:
    """A sentence-like line: enough words and closing punctuation."""
    return len(line.split()) >= min_words and line.rstrip("*_ ”\"'’)").endswith((".", "!", "?"))


def disclaimer_outlet(line: str) -> str | None:
    m = DISCLAIMER_OUTLET.search(line.strip().strip("*_"))
    if not m:
        return None
    outlet = m.group("outlet").strip().rstrip(".")
    return outlet if outlet.lower() not in {"the author", "the club", "the editors"} else None
