"""Query answers as text: an aligned table for a terminal, Markdown, and the W3C formats.

The W3C writers (SPARQL 1.1 Query Results JSON, XML, CSV and TSV) are written here
rather than taken from pyoxigraph so that the row limit can cut an answer short and the
same code serves `kg query` and `kg serve`; the tests read their output back with
rdflib's and SPARQLWrapper's parsers. CONSTRUCT and DESCRIBE answers are graphs:
Turtle, N-Triples, RDF/XML or JSON-LD, sorted so that the same graph gives the same bytes.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from kg.sparql.engine import AskResult, GraphResult, Result, SelectResult
from kg.sparql.prefixes import PREFIXES, shorten

XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

#: Formats of SELECT and ASK answers.
SELECT_FORMATS = ("table", "csv", "tsv", "json", "md", "xml")
#: Formats of CONSTRUCT and DESCRIBE answers.
GRAPH_FORMATS = ("ttl", "nt", "rdfxml", "jsonld")

MEDIA_TYPES: dict[str, str] = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "md": "text/markdown",
    "table": "text/plain",
    "ttl": "text/turtle",
    "nt": "application/n-triples",
    "rdfxml": "application/rdf+xml",
    "jsonld": "application/ld+json",
}

#: Widest cell of a terminal table; longer values (sentences) end in "…".
TABLE_CELL = 72

_INTEGERS = {XSD + t for t in (
    "integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
    "nonPositiveInteger", "negativeInteger", "unsignedInt", "unsignedLong",
    "unsignedShort", "unsignedByte")}
_FLOATS = {XSD + t for t in ("decimal", "double", "float")}


# --- terms --------------------------------------------------------------------------------

def kind(term: Any) -> str:
    """"uri", "bnode", "literal" or "triple" (RDF-star), as SPARQL JSON names them."""
    name = type(term).__name__
    return {"NamedNode": "uri", "BlankNode": "bnode", "Literal": "literal"}.get(name, "triple")


def plain(term: Any) -> str:
    """The IRI, the literal's lexical form, or `_:label`: what CSV and tables show."""
    if term is None:
        return ""
    k = kind(term)
    if k == "bnode":
        return f"_:{term.value}"
    if k == "triple":
        return str(term)
    return term.value


def python_value(term: Any) -> str | int | float | bool | None:
    """A Python value for a term: numbers and booleans as such, everything else as text."""
    if term is None:
        return None
    if kind(term) == "literal":
        datatype = term.datatype.value
        try:
            if datatype in _INTEGERS:
                return int(term.value)
            if datatype in _FLOATS:
                return float(term.value)
            if datatype == XSD + "boolean":
                return term.value.strip() in ("true", "1")
        except ValueError:
            return term.value
    return plain(term)


def term_json(term: Any) -> dict[str, Any]:
    """A term as a SPARQL 1.1 Query Results JSON binding."""
    k = kind(term)
    if k == "uri":
        return {"type": "uri", "value": term.value}
    if k == "bnode":
        return {"type": "bnode", "value": term.value}
    if k == "triple":
        return {"type": "triple", "value": {
            "subject": term_json(term.subject), "predicate": term_json(term.predicate),
            "object": term_json(term.object)}}
    out: dict[str, Any] = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype.value != XSD + "string":
        out["datatype"] = term.datatype.value
    return out


def _display(term: Any) -> str:
    """A term for people: prefixed IRIs, bare lexical forms, a language tag dropped."""
    if term is not None and kind(term) == "uri":
        return shorten(term.value, strict=False)
    return " ".join(plain(term).split()) if term is not None else ""


# --- SELECT and ASK -----------------------------------------------------------------------

def as_rows(result: Result) -> SelectResult:
    """Any answer as rows: ASK as one `boolean` column, a graph as subject, predicate, object."""
    if isinstance(result, SelectResult):
        return result
    if isinstance(result, AskResult):
        import pyoxigraph as ox

        value = ox.Literal("true" if result.value else "false",
                           datatype=ox.NamedNode(XSD + "boolean"))
        return SelectResult(["boolean"], [(value,)])
    rows = [(t.subject, t.predicate, t.object) for t in sorted_triples(result.triples)]
    return SelectResult(["subject", "predicate", "object"], rows, result.truncated)


def to_json(result: SelectResult | AskResult, *, indent: int | None = None) -> str:
    """SPARQL 1.1 Query Results JSON (https://www.w3.org/TR/sparql11-results-json/)."""
    if isinstance(result, AskResult):
        doc: dict[str, Any] = {"head": {}, "boolean": result.value}
    else:
        bindings = [{v: term_json(t) for v, t in zip(result.variables, row, strict=True)
                     if t is not None} for row in result.rows]
        doc = {"head": {"vars": result.variables}, "results": {"bindings": bindings}}
    return json.dumps(doc, ensure_ascii=False, indent=indent) + "\n"


def to_xml(result: SelectResult | AskResult) -> str:
    """SPARQL Query Results XML (https://www.w3.org/TR/rdf-sparql-XMLres/)."""
    out = ['<?xml version="1.0" encoding="utf-8"?>',
           '<sparql xmlns="http://www.w3.org/2005/sparql-results#">']
    if isinstance(result, AskResult):
        out += ["  <head/>", f"  <boolean>{'true' if result.value else 'false'}</boolean>",
                "</sparql>"]
        return "\n".join(out) + "\n"
    out.append("  <head>")
    out += [f"    <variable name={quoteattr(v)}/>" for v in result.variables]
    out += ["  </head>", "  <results>"]
    for row in result.rows:
        out.append("    <result>")
        for var, term in zip(result.variables, row, strict=True):
            if term is not None:
                out.append(f"      <binding name={quoteattr(var)}>{_xml_term(term)}</binding>")
        out.append("    </result>")
    out += ["  </results>", "</sparql>"]
    return "\n".join(out) + "\n"


def _xml_term(term: Any) -> str:
    k = kind(term)
    if k == "uri":
        return f"<uri>{escape(term.value)}</uri>"
    if k == "bnode":
        return f"<bnode>{escape(term.value)}</bnode>"
    if k == "triple":
        return ("<triple>"
                f"<subject>{_xml_term(term.subject)}</subject>"
                f"<predicate>{_xml_term(term.predicate)}</predicate>"
                f"<object>{_xml_term(term.object)}</object></triple>")
    if term.language:
        return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
    if term.datatype.value != XSD + "string":
        return f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
    return f"<literal>{escape(term.value)}</literal>"


def to_csv(result: SelectResult) -> str:
    """SPARQL 1.1 CSV (https://www.w3.org/TR/sparql11-results-csv-tsv/): plain values, CRLF."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(result.variables)
    writer.writerows([plain(t) for t in row] for row in result.rows)
    return buf.getvalue()


def to_tsv(result: SelectResult) -> str:
    """SPARQL 1.1 TSV: `?var` headers and terms in Turtle syntax, so types survive."""
    lines = ["\t".join(f"?{v}" for v in result.variables)]
    lines += ["\t".join("" if t is None else str(t) for t in row) for row in result.rows]
    return "\n".join(lines) + "\n"


def to_markdown(result: SelectResult) -> str:
    """A GitHub-flavoured Markdown table (for notes and issues), IRIs prefixed."""
    def cell(term: Any) -> str:
        return _display(term).replace("\\", "\\\\").replace("|", "\\|")

    lines = ["| " + " | ".join(result.variables) + " |",
             "|" + "|".join(" --- " for _ in result.variables) + "|"]
    lines += ["| " + " | ".join(cell(t) for t in row) + " |" for row in result.rows]
    return "\n".join(lines) + "\n"


def to_table(result: SelectResult, *, cell_width: int = TABLE_CELL) -> str:
    """Columns aligned for a terminal; numbers right-aligned, long cells cut with "…"."""
    if not result.variables:
        return ""

    def cut(text: str) -> str:
        return text if len(text) <= cell_width else text[: cell_width - 1] + "…"

    cells = [[cut(_display(t)) for t in row] for row in result.rows]
    widths = [max([len(v)] + [len(r[i]) for r in cells]) for i, v in enumerate(result.variables)]
    numeric = [bool(result.rows) and all(
        t is None or (kind(t) == "literal" and t.datatype.value in _INTEGERS | _FLOATS)
        for t in (row[i] for row in result.rows)) for i in range(len(result.variables))]

    def line(values: list[str]) -> str:
        return "  ".join(v.rjust(w) if num else v.ljust(w)
                         for v, w, num in zip(values, widths, numeric, strict=True)).rstrip()

    out = [line(result.variables), "  ".join("-" * w for w in widths)]
    out += [line(r) for r in cells]
    return "\n".join(out) + "\n"


# --- graphs -------------------------------------------------------------------------------

def sorted_triples(triples: list) -> list:
    """Triples in a fixed order (subject, predicate, object as N-Triples text)."""
    return sorted(triples, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))


def graph_bytes(triples: list, fmt: str) -> bytes:
    """A graph as Turtle, N-Triples, RDF/XML or JSON-LD: sorted, with prefixes where possible."""
    import pyoxigraph as ox  # noqa: F401

    ordered = sorted_triples(triples)
    if fmt == "jsonld":
        from kg.export.rdf import jsonld_bytes

        return jsonld_bytes(ordered)
    syntax = {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES,
              "rdfxml": ox.RdfFormat.RDF_XML}[fmt]
    prefixes = dict(PREFIXES) if fmt != "nt" else None
    return ox.serialize(ordered, format=syntax, prefixes=prefixes) or b""


# --- one entry point ----------------------------------------------------------------------

def render(result: Result, fmt: str, *, pretty: bool = False) -> bytes:
    """An answer in a format of SELECT_FORMATS or GRAPH_FORMATS.

    A graph asked for as a results format comes as Turtle ("table"), JSON-LD ("json") or
    subject/predicate/object rows (csv, tsv, md, xml); an ASK or SELECT asked for as a
    graph format is an error (ValueError).
    """
    if isinstance(result, GraphResult):
        if fmt in GRAPH_FORMATS:
            return graph_bytes(result.triples, fmt)
        if fmt == "table":
            return graph_bytes(result.triples, "ttl")
        if fmt == "json":
            return graph_bytes(result.triples, "jsonld")
    elif fmt in GRAPH_FORMATS:
        raise ValueError(f"{fmt} is a format for graphs (CONSTRUCT, DESCRIBE), not for rows")
    if fmt == "json" and not isinstance(result, GraphResult):
        return to_json(result, indent=2 if pretty else None).encode()
    if fmt == "xml" and not isinstance(result, GraphResult):
        return to_xml(result).encode()
    rows = as_rows(result)
    writers = {"csv": to_csv, "tsv": to_tsv, "md": to_markdown, "table": to_table,
               "xml": to_xml, "json": lambda r: to_json(r, indent=2 if pretty else None)}
    if fmt not in writers:
        raise ValueError(f"unknown format {fmt!r}; one of {', '.join(SELECT_FORMATS)}")
    return writers[fmt](rows).encode()
