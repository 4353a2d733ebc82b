"""What a SPARQL text asks for, read off its tokens before any engine sees it.

relgraph answers questions; it never changes the graph through ``query`` or
``sparql`` and never reaches outside the dataset. This module finds the query form
and refuses, with a message, updates (INSERT, DELETE, LOAD, CLEAR, ...), ``SERVICE``
(which makes Oxigraph call the network) and ``FROM``/``FROM NAMED`` graphs that are
not in the dataset (relgraph never fetches a graph from the web or the disk).
Strings, IRIs and comments are skipped, so a literal that spells ``SERVICE`` is
harmless.

Whether a user's query calls ``SERVICE`` is decided by a real SPARQL parser, not by
these tokens alone: ``guard_query`` walks rdflib's parse tree of the query for service
patterns (a tokenizer that ended comments where the engine did not was bypassed with a
carriage return). Parsing is work a hostile text can make slow or deep, so
``guard_query`` is meant to run in a bounded child (``relgraph.store.bounded``), and a
query is at most ``MAX_QUERY_BYTES`` long.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass

from relgraph.errors import QueryRefusedError
from relgraph.model.namespaces import PREFIXES

__all__ = [
    "ENV_MAX_QUERY_BYTES",
    "MAX_QUERY_BYTES",
    "GuardedQuery",
    "QueryShape",
    "check_query_size",
    "check_read_only",
    "dataset_position",
    "guard_query",
    "inspect_query",
    "mentions_graph",
    "page_text",
    "service_calls",
    "where_group_start",
]

_TOKEN_PATTERN = (
    r"""
    (?P<ws>\s+)
  | (?P<comment>\#[^\r\n]*)
  | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*(?:\"\"\"|\Z)|'''(?:[^'\\]|\\.|'(?!''))*(?:'''|\Z)|"(?:[^"\\\r\n]|\\.)*"|'(?:[^'\\\r\n]|\\.)*')
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][\w\u00b7]+)
  | (?P<pname>(?:[A-Za-z][\w.-]*)?:(?:[\w:%.-]|\\.)*)
  | (?P<word>[A-Za-z_]\w*)
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)


@functools.cache
def _tokens() -> re.Pattern[str]:
    """The tokeniser, compiled on first use: a command that tokenises no query does not pay for it (~1 ms)."""
    return re.compile(*_TOKEN_PATTERN)


_FORMS = {"SELECT", "CONSTRUCT", "ASK", "DESCRIBE"}
_UPDATES = {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}


@dataclass(frozen=True)
class QueryShape:
    """The parts of a query that decide whether relgraph runs it."""

    form: str | None  # SELECT, CONSTRUCT, ASK, DESCRIBE, or an update keyword
    updates: tuple[str, ...]
    services: int
    dataset_iris: tuple[str, ...]  # graphs named by FROM / FROM NAMED
    projected: tuple[str, ...] | None  # SELECT's variables, None for SELECT * or another form


def inspect_query(text: str) -> QueryShape:
    """Tokenise ``text`` and report its form, updates, SERVICE calls and FROM graphs."""
    tokens = [(m.lastgroup, m.group()) for m in _tokens().finditer(text) if m.lastgroup not in ("ws", "comment")]
    prefixes = dict(PREFIXES)
    form = None
    updates: list[str] = []
    services = 0
    iris: list[str] = []
    projected: list[str] | None = None
    in_projection = False
    depth = 0
    for i, (kind, value) in enumerate(tokens):
        word = value.upper() if kind == "word" else ""
        if kind == "pname" and i >= 1 and tokens[i - 1][1].upper() == "PREFIX" and i + 1 < len(tokens):
            prefixes[value[:-1]] = tokens[i + 1][1][1:-1]
        if value in "({":
            depth += 1
        elif value in ")}":
            depth -= 1
        if word in _FORMS | _UPDATES and form is None:
            form = word
            if word == "SELECT":
                projected, in_projection = [], True
                continue
        if in_projection:
            if word in ("WHERE", "FROM") or value == "{":
                in_projection = False
            elif value == "*":
                projected, in_projection = None, False
            elif kind == "var" and depth == 0:
                projected.append(value[1:])
            elif kind == "word" and word == "AS" and i + 1 < len(tokens):
                projected.append(tokens[i + 1][1][1:])
        if word in _UPDATES:
            updates.append(word)
        elif word == "SERVICE":
            services += 1
        elif word == "FROM":
            j = i + 1
            if j < len(tokens) and tokens[j][1].upper() == "NAMED":
                j += 1
            if j < len(tokens):
                kind_j, value_j = tokens[j]
                if kind_j == "iri":
                    iris.append(value_j[1:-1])
                elif kind_j == "pname":
                    prefix, _, local = value_j.partition(":")
                    iris.append(prefixes.get(prefix, prefix + ":") + local)
    if projected is not None:
        projected = list(dict.fromkeys(projected))
    return QueryShape(form, tuple(updates), services, tuple(iris), tuple(projected) if projected is not None else None)


def check_read_only(text: str, *, graphs: Collection[str]) -> QueryShape:
    """Raise QueryRefusedError for anything but a read-only query over ``graphs``."""
    shape = inspect_query(text)
    if shape.updates:
        raise QueryRefusedError(
            f"This is a SPARQL update ({shape.updates[0]}); 'relgraph query' and 'relgraph sparql' only read. "
            "To change the graph, add or remove an article ('relgraph add FILE', 'relgraph remove ARTICLE')."
        )
    if shape.services:
        raise QueryRefusedError(
            "The query calls SERVICE, which would reach another endpoint over the network; relgraph "
            "answers from its own graph only. Remove the SERVICE block."
        )
    outside = [iri for iri in shape.dataset_iris if iri not in graphs]
    if outside:
        raise QueryRefusedError(
            f"FROM <{outside[0]}> names no graph in this dataset, and relgraph never fetches graphs from the "
            "web or the disk. Use the IRI of an article's graph (see 'relgraph articles') or drop the FROM."
        )
    if shape.form is None:
        raise QueryRefusedError("This is not a SPARQL query: expected SELECT, CONSTRUCT, ASK or DESCRIBE.")
    return shape


def _skeleton(text: str) -> Iterator[tuple[str, str, re.Match[str], int]]:
    """The query's tokens with their nesting depth, comments and whitespace left out.

    An opening and its closing bracket get the same depth, that of the tokens around them.
    """
    depth = 0
    for match in _tokens().finditer(text):
        kind, value = match.lastgroup or "", match.group()
        if kind in ("ws", "comment"):
            continue
        if kind == "other" and value in ")}":
            depth -= 1
        yield kind, value, match, depth
        if kind == "other" and value in "({":
            depth += 1


def _after_form(text: str) -> Iterator[tuple[str, str, str, re.Match[str], int]]:
    """The tokens after the query's form keyword (SELECT, CONSTRUCT, ASK, DESCRIBE), each with that form:
    (form, the token upper-cased if it is a word else "", the token, its match, its depth)."""
    form = None
    for kind, value, match, depth in _skeleton(text):
        word = value.upper() if kind == "word" else ""
        if form is None:
            form = word if word in _FORMS else None
        else:
            yield form, word, value, match, depth


def _where_clause(text: str) -> tuple[int, int] | None:
    """Where the query's WHERE clause starts (its keyword, or its ``{`` when the keyword is left out) and
    the offset just after that ``{``; None if it has none (an ASK or DESCRIBE without one).

    For CONSTRUCT the first group is the template, skipped; ``CONSTRUCT WHERE { ... }``, whose
    pattern is also its template, gives -1 as the offset after the brace.
    """
    keyword = None
    template_done = False
    for form, word, value, match, depth in _after_form(text):
        if depth == 0 and word == "WHERE":
            keyword = match.start()
            if form == "CONSTRUCT" and not template_done:
                return keyword, -1
        elif depth == 0 and value == "{":
            if form != "CONSTRUCT" or template_done:
                return (match.start() if keyword is None else keyword), match.end()
            template_done = True  # CONSTRUCT's template
    return None


def dataset_position(text: str) -> int:
    """The offset where the query's FROM clauses go: before its WHERE (or the ``{`` that opens it), else the end."""
    where = _where_clause(text)
    return len(text) if where is None else where[0]


def where_group_start(text: str) -> int | None:
    """The offset just after the ``{`` that opens the query's WHERE group (None: it has none we can use)."""
    where = _where_clause(text)
    return None if where is None or where[1] < 0 else where[1]


def mentions_graph(text: str) -> bool:
    """Whether the query has a GRAPH pattern (outside strings, IRIs and comments)."""
    return any(m.lastgroup == "word" and m.group().upper() == "GRAPH" for m in _tokens().finditer(text))


def page_text(text: str, *, limit: int | None, offset: int = 0) -> str | None:
    """The SELECT query with ``LIMIT``/``OFFSET`` added, so the engine stops early; None if it cannot be.

    None when the query is not a SELECT or already ends with its own LIMIT, OFFSET or
    VALUES clause (the caller then takes the page from the whole answer): a second
    LIMIT would be a syntax error, and one added after VALUES too.
    """
    form = None
    in_where = False
    for form, word, value, _match, depth in _after_form(text):
        if form != "SELECT":
            return None
        if depth == 0 and value == "{":
            in_where = True
        elif depth == 0 and in_where and word in ("LIMIT", "OFFSET", "VALUES"):
            return None
    if form is None:
        return None
    clauses = ([f"LIMIT {int(limit)}"] if limit is not None else []) + ([f"OFFSET {int(offset)}"] if offset else [])
    return text.rstrip() + "\n" + "\n".join(clauses) + "\n" if clauses else text


# ----- the guard: size, read-only, and SERVICE decided by a parser ---------------------------------------

ENV_MAX_QUERY_BYTES = "RELGRAPH_MAX_QUERY_BYTES"
#: The longest query relgraph reads (UTF-8 bytes), unless RELGRAPH_MAX_QUERY_BYTES says otherwise. The
#: canned queries are 0.7-4 KB; a generated query with a VALUES block of thousands of IRIs fits.
MAX_QUERY_BYTES = 1024 * 1024


def max_query_bytes() -> int:
    try:
        return max(1, int(os.environ.get(ENV_MAX_QUERY_BYTES, MAX_QUERY_BYTES)))
    except ValueError:
        return MAX_QUERY_BYTES


def check_query_size(text: str, *, what: str = "The query") -> None:
    """Refuse a query above the size limit before anything reads it."""
    limit = max_query_bytes()
    if len(text) > limit or len(text.encode("utf-8", "surrogatepass")) > limit:
        size = len(text.encode("utf-8", "surrogatepass"))
        raise QueryRefusedError(
            f"{what} is {size:,} bytes; relgraph reads queries of up to {limit:,} bytes "
            f"({ENV_MAX_QUERY_BYTES} raises the limit). Put long lists of values in the graph, not in the query."
        )


def service_calls(text: str) -> int:
    """How many SERVICE patterns rdflib's SPARQL parser finds in the query (ValueError if it cannot parse it).

    Carriage returns become line feeds first: the SPARQL grammar (and Oxigraph) end a comment at
    either, rdflib's parser at a line feed only. Nothing else in the text changes meaning by it
    (a raw carriage return is allowed only in long strings and comments).
    """
    from pyparsing import ParseBaseException
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        tree = parseQuery(text.replace("\r", "\n"))
    except ParseBaseException as exc:
        raise ValueError(str(exc)) from exc
    count = 0
    stack: list[object] = [tree]
    while stack:  # iterative: a deep tree must not exhaust Python's stack
        node = stack.pop()
        if isinstance(node, dict):  # rdflib's CompValue
            if getattr(node, "name", None) == "ServiceGraphPattern":
                count += 1
            stack.extend(dict.values(node))
        elif isinstance(node, list | tuple) or type(node).__name__ == "ParseResults":
            stack.extend(node)  # type: ignore[arg-type]  # (pyparsing's ParseResults is iterable)
    return count


@dataclass(frozen=True)
class GuardedQuery:
    """A user's query that passed the guard, and its text with the page's LIMIT/OFFSET (None: cut the answer)."""

    shape: QueryShape
    paged: str | None = None


def guard_query(text: str, graphs: Collection[str], *, limit: int | None = None, offset: int = 0) -> GuardedQuery:
    """Every check of a user's query before it runs: size, read-only (updates, FROM outside the
    dataset), SERVICE (by rdflib's parse; a query rdflib cannot parse but the engine can is refused,
    since it cannot be checked), and the page's rewriting. Run it in a bounded child."""
    check_query_size(text)
    shape = check_read_only(text, graphs=graphs)
    try:
        services = service_calls(text)
    except ValueError as exc:
        _engine_parse(text)  # a syntax error, with the engine's own position, if the engine refuses it too
        raise QueryRefusedError(
            "relgraph could not check that this query stays inside the graph: its SPARQL parser does not read "
            f"it ({str(exc)[:200]}), though the engine does. Write it in plain SPARQL 1.1."
        ) from exc
    if services:
        raise QueryRefusedError(
            "The query calls SERVICE, which would reach another endpoint over the network; relgraph "
            "answers from its own graph only. Remove the SERVICE block."
        )
    paged = page_text(text, limit=limit, offset=offset) if (limit is not None or offset) else None
    return GuardedQuery(shape, paged)


def _engine_parse(text: str) -> None:
    import pyoxigraph as ox

    try:
        ox.Store().query(text, prefixes=PREFIXES)
    except SyntaxError as exc:
        from relgraph.store.results import query_syntax_error

        raise query_syntax_error(exc, text) from exc
    except (RuntimeError, OSError):
        pass


def check_query_file_text(text: str) -> QueryShape:
    """The checks of a canned query's text: read-only by its tokens, and parsed by the engine
    (a syntax error is a QuerySyntaxError). Run it in a bounded child: the engine's parser crashes
    on some texts (3,000 nested groups)."""
    check_query_size(text, what="The query file")
    shape = check_read_only(text, graphs=())
    _engine_parse(text)
    return shape
