"""What a query returns, the same from every backend, and the error for SPARQL that does not parse."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from relgraph.errors import QuerySyntaxError
from relgraph.model.namespaces import PREFIXES

__all__ = ["AskResult", "GraphInfo", "GraphResult", "QueryResult", "SelectResult", "Term", "materialise"]

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple


@dataclass(frozen=True)
class GraphInfo:
    """One named graph of the dataset and the file it was read from."""

    name: str
    kind: str  # "ontology", "article" or "inferred"
    path: Path | None = None


@dataclass(frozen=True)
class SelectResult:
    """Rows of a SELECT: ``rows[i][j]`` is the value of ``variables[j]`` (None if unbound)."""

    variables: tuple[str, ...]
    rows: tuple[tuple[Term | None, ...], ...]

    def column(self, name: str) -> list[Term | None]:
        index = self.variables.index(name)
        return [row[index] for row in self.rows]

    def records(self) -> list[dict[str, Term | None]]:
        return [dict(zip(self.variables, row, strict=True)) for row in self.rows]


@dataclass(frozen=True)
class GraphResult:
    """Triples of a CONSTRUCT or DESCRIBE."""

    triples: tuple[ox.Triple, ...]


@dataclass(frozen=True)
class AskResult:
    """The answer of an ASK."""

    value: bool


QueryResult = SelectResult | GraphResult | AskResult


def materialise(raw: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples) -> QueryResult:
    """An Oxigraph answer (read to its end) as relgraph's result value."""
    if isinstance(raw, ox.QueryBoolean):
        return AskResult(bool(raw))
    if isinstance(raw, ox.QuerySolutions):
        return SelectResult(tuple(v.value for v in raw.variables), tuple(tuple(row) for row in raw))
    return GraphResult(tuple(raw))


#: How much of a line a message shows around a position: a 120 KB line, or a secret in it, is not echoed whole.
EXCERPT_CHARS = 80


def excerpt_line(line: str, column: int, *, width: int = EXCERPT_CHARS) -> tuple[str, int]:
    """At most ``width`` characters of ``line`` around ``column`` (1-based), with '…' where it is cut,
    and the column of the same character in the excerpt."""
    if len(line) <= width:
        return line, column
    start = max(0, min(column - 1 - width // 2, len(line) - width))
    end = start + width
    shown = ("…" if start else "") + line[start:end] + ("…" if end < len(line) else "")
    return shown, column - start + (1 if start else 0)


def query_syntax_error(exc: SyntaxError, text: str) -> QuerySyntaxError:
    """Turn Oxigraph's parser message into a sentence with line, column and a caret.

    Oxigraph reports the position just past the token where parsing stopped, and
    lists every alternative its grammar would have taken; we point at the token and
    keep the list short.
    """
    message = str(exc)
    line = column = None
    # Oxigraph: "error at 3:14: expected ..."
    if message.startswith("error at "):
        position, _, rest = message[len("error at ") :].partition(": ")
        row, _, col = position.partition(":")
        if row.isdigit() and col.isdigit():
            line, column = int(row), max(int(col) - 1, 1)
            message = rest
    lines = text.splitlines()
    source_line = lines[line - 1] if line and 0 < line <= len(lines) else ""
    if "Prefix not found" in message:
        name = re.search(r"([A-Za-z][\w.-]*)?:[\w.-]*$", source_line[: (column or 0)])
        prefix = (name.group(1) or "") if name else "?"
        message = (
            f"the prefix '{prefix}:' is not declared; add 'PREFIX {prefix}: <...>' or use a predeclared one "
            f"({', '.join(p + ':' for p in PREFIXES)})"
        )
    elif message.startswith("expected one of "):
        options = [o.strip() for o in message[len("expected one of ") :].split(", ") if o.strip()]
        readable = all(o.isalpha() or (o.startswith('"') and len(o) <= 4) for o in options)
        message = "unexpected text here" + (
            f" (expected {' or '.join(options)})" if readable and len(options) <= 6 else ""
        )
    where = f" at line {line}, column {column}" if line else ""
    shown, caret = excerpt_line(source_line, column or 1)
    snippet = f"\n  {shown}\n  {' ' * (caret - 1)}^" if source_line else ""
    return QuerySyntaxError(f"SPARQL syntax error{where}: {message}.{snippet}", line=line, column=column)
