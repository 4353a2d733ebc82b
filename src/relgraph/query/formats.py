"""Query results as text: a readable table, CSV, TSV, SPARQL JSON and XML, Turtle, JSON-LD.

The table shows labels instead of IRIs; the machine formats keep the IRIs and
follow the SPARQL 1.1 result formats (CSV/TSV and JSON) exactly.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence

import pyoxigraph as ox

from relgraph.errors import QueryError
from relgraph.model.namespaces import compact_iri
from relgraph.store import AskResult, GraphResult, QueryResult, SelectResult, Term, serialize_triples

__all__ = ["RESULT_FORMATS", "format_result", "json_term", "printable"]

RESULT_FORMATS = ("table", "csv", "tsv", "json", "turtle", "ntriples", "jsonld")
#: Besides those, ``format_result`` writes the SPARQL 1.1 XML results format (``xml``; relgraph serve offers it).
_XML_NS = "http://www.w3.org/2005/sparql-results#"
_GRAPH_FORMATS = {"turtle": "turtle", "ntriples": "nt", "jsonld": "jsonld"}


#: Characters a terminal acts on instead of showing: C0 controls (line feed and tab kept), DEL, C1
#: controls (U+009B is a CSI on its own) and the bidirectional overrides that reorder what is shown.
_UNPRINTABLE = {
    c: f"\\x{c:02x}" if c < 0x100 else f"\\u{c:04x}"
    for c in (
        *range(0x00, 0x09),
        *range(0x0B, 0x20),
        0x7F,
        *range(0x80, 0xA0),
        *range(0x202A, 0x202F),
        *range(0x2066, 0x206A),
    )
}


def printable(text: str, *, keep_newlines: bool = True) -> str:
    """``text`` with every character a terminal would act on shown as an escape (ESC as \\x1b):
    article data (a label holding ESC ]0;...BEL) must not retitle, recolour or rewrite a terminal."""
    out = text.translate(_UNPRINTABLE)
    return out if keep_newlines else out.replace("\n", "\\n").replace("\t", "\\t")


def _display(term: Term | None, labels: Mapping[str, str]) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return printable(labels.get(term.value) or compact_iri(term.value))
    if isinstance(term, ox.Literal):
        return printable(term.value)
    return printable(str(term))


def _table(result: SelectResult, labels: Mapping[str, str], hidden: Sequence[str]) -> str:
    from rich.console import Console
    from rich.table import Table

    shown = [i for i, v in enumerate(result.variables) if v not in hidden]
    table = Table(show_lines=False, header_style="bold", expand=False)
    for i in shown:
        table.add_column(result.variables[i], overflow="fold")
    for row in result.rows:
        table.add_row(*(_display(row[i], labels) for i in shown), end_section=False)
    buffer = io.StringIO()
    Console(file=buffer, width=160, force_terminal=False, color_system=None, highlight=False).print(table)
    count = len(result.rows)
    return buffer.getvalue() + f"{count} row{'s' if count != 1 else ''}\n"


def _csv_value(term: Term | None) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return str(term.value) if isinstance(term, ox.NamedNode | ox.Literal) else str(term)


def json_term(term: Term) -> dict[str, object]:
    """One RDF term in SPARQL 1.1 JSON results (a quoted triple as its N-Triples text)."""
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out: dict[str, object] = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            out["datatype"] = term.datatype.value
        return out
    return {"type": "triple", "value": str(term)}


def format_result(
    result: QueryResult,
    *,
    fmt: str = "table",
    labels: Mapping[str, str] | None = None,
    hidden: Sequence[str] = (),
) -> str:
    """Render a result; ``hidden`` columns (bound parameters) are left out of the table only."""
    labels = labels or {}
    if isinstance(result, AskResult):
        if fmt == "json":
            return json.dumps({"head": {}, "boolean": result.value}) + "\n"
        if fmt == "xml":
            return (
                f'<?xml version="1.0"?>\n<sparql xmlns="{_XML_NS}">\n<head/>\n'
                f"<boolean>{'true' if result.value else 'false'}</boolean>\n</sparql>\n"
            )
        return ("yes" if result.value else "no") + "\n"
    if isinstance(result, GraphResult):
        if fmt == "table":
            fmt = "turtle"
        if fmt not in _GRAPH_FORMATS:
            raise QueryError(f"A graph result is written as turtle, ntriples or jsonld, not {fmt}.")
        return serialize_triples(result.triples, fmt=_GRAPH_FORMATS[fmt]).decode("utf-8")
    if fmt == "table":
        return _table(result, labels, hidden)
    if fmt in ("csv", "tsv"):
        buffer = io.StringIO()
        if fmt == "csv":
            writer = csv.writer(buffer, lineterminator="\r\n")
            writer.writerow(result.variables)
            writer.writerows([_csv_value(t) for t in row] for row in result.rows)
        else:
            buffer.write("\t".join(f"?{v}" for v in result.variables) + "\n")
            for row in result.rows:
                buffer.write("\t".join("" if t is None else str(t) for t in row) + "\n")
        return buffer.getvalue()
    if fmt == "json":
        bindings = [
            {var: json_term(term) for var, term in zip(result.variables, row, strict=True) if term is not None}
            for row in result.rows
        ]
        return (
            json.dumps({"head": {"vars": list(result.variables)}, "results": {"bindings": bindings}}, indent=1) + "\n"
        )
    if fmt == "xml":
        return _xml(result)
    raise QueryError(f"A SELECT result is written as table, csv, tsv or json, not {fmt}.")


def _xml_term(term: Term) -> str:
    from xml.sax.saxutils import escape, quoteattr  # here: it imports urllib.request, http and email (~30 ms)

    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
        if term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            return f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
        return f"<literal>{escape(term.value)}</literal>"
    return f"<literal>{escape(str(term))}</literal>"


def _xml(result: SelectResult) -> str:
    """The SPARQL Query Results XML Format (W3C, 2013)."""
    from xml.sax.saxutils import quoteattr

    out = [f'<?xml version="1.0"?>\n<sparql xmlns="{_XML_NS}">\n<head>\n']
    out += [f"  <variable name={quoteattr(v)}/>\n" for v in result.variables]
    out.append("</head>\n<results>\n")
    for row in result.rows:
        out.append("  <result>\n")
        for var, term in zip(result.variables, row, strict=True):
            if term is not None:
                out.append(f"    <binding name={quoteattr(var)}>{_xml_term(term)}</binding>\n")
        out.append("  </result>\n")
    out.append("</results>\n</sparql>\n")
    return "".join(out)
