"""What a read-only endpoint refuses before evaluating, and syntax errors people can act on.

SPARQL Update is refused because the graph is a build product (change the articles and
rebuild); SERVICE because pyoxigraph would fetch any URL the query names, from the
machine that runs it. Both are found by scanning the query's code — its text with strings,
IRIs and comments blanked — so that `"SERVICE"` in a string or `ex:service` is not a hit.
"""

from __future__ import annotations

import re

from kg.sparql.errors import QuerySyntaxError, ServiceRefused, UpdateRefused
from kg.sparql.prefixes import PREFIXES

#: First keywords of the SPARQL 1.1 Update operations.
UPDATE_KEYWORDS = frozenset(
    {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"})

# Strings (long forms first), IRIs and comments: the parts of a query where a keyword is
# not a keyword. Scanning left to right keeps "#" inside an IRI or string out of comments.
_OPAQUE = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n\r]|\\.)*"'
    r"|'(?:[^'\\\n\r]|\\.)*'"
    r'|<[^<>"{}|^`\\\x00-\x20]*>'
    r"|#[^\n\r]*",
    re.S,
)
_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_PROLOGUE = re.compile(r"\s*(?:(?:PREFIX\s*[^\s:]*:\s*<>|BASE\s*<>)\s*)*", re.I)
# SERVICE as a keyword: not part of a prefixed name (ex:service, service:x), a variable
# (?service) or a language tag. A "." before it is allowed on purpose: "?o .SERVICE" is
# valid SPARQL, and refusing the rare local name "ex:a.service" is the safe mistake.
_SERVICE = re.compile(r"(?<![\w:?$@-])SERVICE(?![\w:-])", re.I)
_WORD = re.compile(r"[A-Za-z]+")


def code_of(query: str) -> str:
    """The query with strings, IRIs and comments blanked out, escapes decoded as the parser does.

    SPARQL decodes \\uXXXX escapes anywhere in the query before parsing, so `\\u0053ERVICE`
    is SERVICE: the check must see what the parser will see.
    """
    decoded = _CODEPOINT.sub(lambda m: chr(int(m[1] or m[2], 16)), query)

    def blank(m: re.Match[str]) -> str:
        first = m[0][0]
        return " <> " if first == "<" else (" " if first == "#" else ' "" ')

    return _OPAQUE.sub(blank, decoded)


def _is_update_code(code: str) -> bool:
    m = _WORD.match(code, _PROLOGUE.match(code).end())  # type: ignore[union-attr]
    return bool(m) and m[0].upper() in UPDATE_KEYWORDS


def is_update(query: str) -> bool:
    """The text is a SPARQL Update request (INSERT, DELETE, LOAD, CLEAR, DROP, ...)."""
    return _is_update_code(code_of(query))


def check_query(query: str) -> None:
    """Refuse what a read-only endpoint must not run: raises UpdateRefused or ServiceRefused."""
    code = code_of(query)
    if _is_update_code(code):
        raise UpdateRefused()
    if _SERVICE.search(code):
        raise ServiceRefused()


_POSITION = re.compile(r"error at (\d+):(\d+):\s*(.*)", re.S)
_TOKEN = re.compile(r"[\w:?$.-]")


def syntax_error(exc: SyntaxError, query: str) -> QuerySyntaxError:
    """pyoxigraph's parse error as a QuerySyntaxError that points at the offending token.

    The parser reports where it gave up, which is often the end of the token it could not
    use, or past the end of the line; people look for the token's start, so the column is
    moved back to it.
    """
    text = " ".join(str(exc).split())
    m = _POSITION.search(text)
    line, column, detail = (int(m[1]), int(m[2]), m[3]) if m else (1, 1, text)
    if "Prefix not found" in detail:
        known = ", ".join(f"{p}:" for p in PREFIXES)
        detail = f"undeclared prefix (declare it with PREFIX; predeclared: {known})"
    if len(detail) > 200:  # pyoxigraph lists every Unicode range a name may start with
        detail = detail[:200].rsplit(",", 1)[0] + ", …"
    return QuerySyntaxError(line, _token_start(query, line, column), detail)


def _token_start(query: str, line: int, column: int) -> int:
    lines = query.splitlines()
    if not 1 <= line <= len(lines) or not lines[line - 1].strip():
        return column
    text = lines[line - 1].rstrip()
    i = min(column, len(text)) - 1  # past the end of the line: its last character
    if i > 0 and not _TOKEN.match(text, i) and _TOKEN.match(text, i - 1):
        i -= 1  # just after a token: that token
    if i < 0 or not _TOKEN.match(text, i):
        return i + 1
    while i > 0 and _TOKEN.match(text, i - 1):
        i -= 1
    return i + 1
