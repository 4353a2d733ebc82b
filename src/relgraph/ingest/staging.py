"""A new article file, read and parsed but not yet in the graph, and the part of the
graph it touches.

``stage_article(path)`` reads the file (refusing one above ``MAX_ARTICLE_BYTES``
unread), parses it strictly with Oxigraph and keeps its triples, its prefixes and
where each node is defined, so that every later message can name a line.
``fetch_context(dataset, staged)`` asks the loaded graph, with a few SPARQL
look-ups bound to the article's own IRIs, for what it already says about the
nodes the article touches: their statements (with the article graph that states
each) and the types of everything they point to. Checking a new article needs
only that context, never the whole store.
"""

from __future__ import annotations

import bisect
import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pyoxigraph as ox

from relgraph.errors import DataParseError, StoreError
from relgraph.model.namespaces import GRAPH_INFERRED, GRAPH_ONTOLOGY, PREFIXES, REL, RELD, XSD_INTEGER_TYPES
from relgraph.store import Dataset, parse_rdf, read_file

__all__ = [
    "MAX_ARTICLE_BYTES",
    "MAX_TEXT_BYTES",
    "ArticleContext",
    "StagedArticle",
    "fetch_context",
    "stage_article",
    "staged_from",
    "with_article_type",
]

#: Article files larger than this are refused unread. A hand-encoded article of a few
#: hundred triples is 20-100 KB; 8 MiB is ~80,000 triples, far beyond one article, and
#: checking a file means holding it in memory (Oxigraph, then rdflib for the shapes).
MAX_ARTICLE_BYTES = 8 * 1024 * 1024
#: The article's text is read whole to check mention offsets and its SHA-256.
MAX_TEXT_BYTES = 8 * 1024 * 1024

RDF_TYPE = ox.NamedNode(PREFIXES["rdf"] + "type")
ARTICLE = ox.NamedNode(REL + "Article")
#: The article classes: an article file types its article node with one of them (and rel:Article).
ARTICLE_CLASSES = frozenset(ox.NamedNode(REL + name) for name in ("Article", "NewsArticle", "OfficialRelease"))
MENTION = ox.NamedNode(REL + "Mention")
_NO_GRAPH = ox.NamedNode("urn:relgraph:none")


@dataclass(frozen=True)
class StagedArticle:
    """A parsed article file: its triples, and where in the file each node is defined."""

    path: Path
    name: str  # the path as messages show it
    source: str = field(repr=False)
    triples: tuple[ox.Triple, ...] = field(repr=False)
    prefixes: dict[str, str] = field(default_factory=dict, repr=False)
    _lines: dict[str, int] = field(default_factory=dict, repr=False)

    @cached_property
    def _by_subject(self) -> dict[tuple[ox.Term, str], list]:
        """The objects of each (subject, predicate): built once, so that a look-up does not scan
        every triple (per-node scans made checking a 1.6 MB article take over 300 s)."""
        index: dict[tuple[ox.Term, str], list] = defaultdict(list)
        for t in self.triples:
            index[(t.subject, t.predicate.value)].append(t.object)
        return dict(index)

    @cached_property
    def articles(self) -> list[ox.NamedNode]:
        found = {t.subject for t in self.triples if t.predicate == RDF_TYPE and t.object in ARTICLE_CLASSES}
        return sorted((n for n in found if isinstance(n, ox.NamedNode)), key=str)

    @property
    def article(self) -> ox.NamedNode | None:
        """The one article the file describes (None if it describes none or several)."""
        found = self.articles
        return found[0] if len(found) == 1 else None

    def subjects(self) -> set[ox.NamedNode]:
        return {t.subject for t in self.triples if isinstance(t.subject, ox.NamedNode)}

    def touched(self) -> set[ox.NamedNode]:
        """Every IRI the file states something about or points to, ontology terms aside."""
        nodes: set[ox.NamedNode] = set()
        for t in self.triples:
            for node in (t.subject, t.object):
                if isinstance(node, ox.NamedNode) and not node.value.startswith(REL):
                    nodes.add(node)
        return nodes

    def values(self, subject: ox.NamedNode | ox.BlankNode, predicate: str) -> list:
        return list(self._by_subject.get((subject, predicate), ()))

    def types(self, subject: ox.NamedNode | ox.BlankNode) -> set[str]:
        return {o.value for o in self.values(subject, RDF_TYPE.value) if isinstance(o, ox.NamedNode)}

    def line_of(self, node: object) -> int | None:
        """The line where the file defines a node (its first appearance as a subject)."""
        if not isinstance(node, ox.NamedNode):
            return None
        return self._lines.get(node.value)

    def line_of_text(self, needle: str) -> int | None:
        index = self.source.find(needle)
        return None if index < 0 else _line_at(self._line_starts, index)

    @cached_property
    def _line_starts(self) -> list[int]:
        return line_starts(self.source)


_PREFIX_LINE = re.compile(r"^[ \t]*(?:@prefix|PREFIX)\s+([A-Za-z][\w.-]*)?:\s*<([^>]*)>", re.IGNORECASE | re.MULTILINE)
_FIRST_TOKEN = re.compile(r"^(<[^>\s]*>|[A-Za-z][\w.-]*:[^\s;,]*|:[^\s;,]*)")


def _expand(token: str, prefixes: dict[str, str]) -> str | None:
    if token.startswith("<"):
        return token[1:-1]
    prefix, _, local = token.partition(":")
    namespace = prefixes.get(prefix)
    return None if namespace is None else namespace + local.replace("\\", "")


#: An IRI or a prefixed name anywhere in the text (comments and strings too, as a reader would search).
_ANY_NAME = re.compile(r"<[^<>\s\"{}|^`\\]*>|(?<![\w.:-])(?:[A-Za-z][\w.-]*)?:(?:[\w:%.-]|\\.)*")


def line_starts(text: str) -> list[int]:
    """The offset where each line of ``text`` starts (for ``bisect``: one pass, then a look-up per position)."""
    return [0, *(m.end() for m in re.finditer("\n", text))]


def _line_at(starts: list[int], offset: int) -> int:
    return bisect.bisect_right(starts, offset)


def _subject_lines(source: str, prefixes: dict[str, str], subjects: Iterable[str]) -> dict[str, int]:
    """Line of each subject: where a statement starts with it, else where it first appears.

    Two passes over the text whatever the number of subjects (searching the text once per
    subject was quadratic: a 1.6 MB article took minutes)."""
    lines: dict[str, int] = {}
    for number, line in enumerate(source.splitlines(), start=1):
        if not line or line[0].isspace() or line.startswith(("#", "@", "PREFIX", "BASE")):
            continue
        match = _FIRST_TOKEN.match(line)
        if match:
            iri = _expand(match.group(1).rstrip("."), prefixes)
            if iri is not None:
                lines.setdefault(iri, number)
    missing = {iri for iri in subjects if iri not in lines}
    if missing:
        starts = line_starts(source)
        for match in _ANY_NAME.finditer(source):
            token = match.group()
            iri = token[1:-1] if token.startswith("<") else _expand(token.rstrip("."), prefixes)
            if iri in missing:
                lines[iri] = _line_at(starts, match.start())
                missing.discard(iri)
                if not missing:
                    break
    return lines


def stage_article(path: Path, *, name: str | None = None) -> StagedArticle:
    """Read and parse an article file.

    Raises DataParseError (with line and column for a Turtle syntax error) for a file
    that is too large, empty, binary, not UTF-8 or not Turtle.
    """
    shown = name or str(path)
    try:
        data = read_file(path, max_bytes=MAX_ARTICLE_BYTES)
    except StoreError as exc:
        if path.is_file():
            size = path.stat().st_size
            raise DataParseError(
                f"the file is {size / 1e6:.1f} MB; relgraph takes article files up to "
                f"{MAX_ARTICLE_BYTES // (1024 * 1024)} MiB (an article of a few hundred triples is under 100 KB). "
                "Split it into one file per article.",
                path=shown,
            ) from exc
        raise DataParseError(f"cannot be read ({exc}).", path=shown) from exc
    if data.startswith(b"\xef\xbb\xbf"):  # a UTF-8 byte-order mark (Windows editors): Turtle has no place for it
        data = data[3:]
    if not data.strip():
        raise DataParseError("the file is empty; an article file describes one rel:Article in Turtle.", path=shown)
    if b"\x00" in data[:65536]:
        raise DataParseError("this is not a text file (it contains NUL bytes); an article file is Turtle.", path=shown)
    try:
        source = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise DataParseError(
            f"the file is not UTF-8 text (byte {exc.start}); save it as UTF-8 Turtle.", path=shown, line=line
        ) from exc
    triples = with_article_type(parse_rdf(data, name=shown))
    prefixes = {(m.group(1) or ""): m.group(2) for m in _PREFIX_LINE.finditer(source)}
    subjects = {t.subject.value for t in triples if isinstance(t.subject, ox.NamedNode)}
    return StagedArticle(
        path=path,
        name=shown,
        source=source,
        triples=tuple(triples),
        prefixes=prefixes,
        _lines=_subject_lines(source, prefixes, subjects),
    )


_XSD = PREFIXES["xsd"]
_INTEGERS = XSD_INTEGER_TYPES


def value_key(term: ox.Term) -> object:
    """What a term means as a value: "1"^^xsd:positiveInteger and "1"^^xsd:integer (the store keeps
    integers as xsd:integer) are the same number; other terms are themselves."""
    if isinstance(term, ox.Literal) and term.language is None:
        datatype = term.datatype.value
        try:
            if datatype in _INTEGERS:
                return ("integer", int(term.value.strip()))
            if datatype == _XSD + "decimal":
                from decimal import Decimal

                return ("decimal", Decimal(term.value.strip()))
        except (ValueError, ArithmeticError):
            return term
    return term


def with_article_type(triples: list[ox.Triple]) -> list[ox.Triple]:
    """The triples, with ``a rel:Article`` added to an article typed only with its kind (rel:NewsArticle).

    The ontology entails it (rel:NewsArticle is a subclass); it is stored explicitly so that queries
    and the loader find every article as rel:Article without inference.
    """
    typed = {t.subject for t in triples if t.predicate == RDF_TYPE and t.object == ARTICLE}
    kinds = {t.subject for t in triples if t.predicate == RDF_TYPE and t.object in ARTICLE_CLASSES}
    return triples + [ox.Triple(s, RDF_TYPE, ARTICLE) for s in sorted(kinds - typed, key=str)]


def staged_from(
    path: Path, name: str, source: str, triples: Iterable[ox.Triple], lines: dict[str, int]
) -> StagedArticle:
    """A staged article made from triples that were not parsed from ``path`` (a compiled fact sheet).

    ``source`` is the sheet's text and ``lines`` the sheet line of each IRI, so that every
    message about a node names the line of the sheet that introduces it.
    """
    return StagedArticle(
        path=path, name=name, source=source, triples=tuple(triples), prefixes=dict(PREFIXES), _lines=dict(lines)
    )


def text_digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# ----- what the graph already says about the nodes an article touches ----------------------------

# Graph IRIs and VALUES are written into the text as Oxigraph serialises them (IRIs
# it parsed, never a user's raw text); Oxigraph binds substitutions only for
# projected variables. The statements are grouped in the engine: an entity that a
# thousand articles restate is a thousand rows before grouping, a handful after.
_CONTEXT = """
SELECT ?s ?p ?o (GROUP_CONCAT(STR(?g); separator=" ") AS ?graphs) WHERE {{
  VALUES ?s {{ {values} }}
  GRAPH ?g {{ ?s ?p ?o }}
  FILTER(?g NOT IN ({skip}))
}}
GROUP BY ?s ?p ?o"""

_TYPES = """
SELECT DISTINCT ?node ?type WHERE {{
  VALUES ?node {{ {values} }}
  GRAPH ?g {{ ?node a ?type }}
  FILTER(?g NOT IN ({skip}))
}}"""

_REFERENCED = """
SELECT DISTINCT ?node WHERE {{
  VALUES ?node {{ {values} }}
  GRAPH ?g {{ ?x ?p ?node }}
  FILTER(?g NOT IN ({skip}))
}}"""


@dataclass(frozen=True)
class ArticleContext:
    """What the graph (outside the article's own graph) says about the nodes it touches."""

    #: statements whose subject the article touches, each with the graphs stating it
    statements: dict[ox.Triple, frozenset[str]]
    #: rdf:types (as IRIs) of touched nodes and of the nodes their statements point to
    types: dict[str, frozenset[str]]
    #: touched IRIs the graph already knows (as subject or object)
    known: frozenset[str]

    @property
    def triples(self) -> list[ox.Triple]:
        return list(self.statements)

    def values(self, subject: str, predicate: str) -> dict[ox.Term, frozenset[str]]:
        return dict(self._by_subject.get((subject, predicate), {}))

    @cached_property
    def _by_subject(self) -> dict[tuple[str, str], dict[ox.Term, frozenset[str]]]:
        index: dict[tuple[str, str], dict[ox.Term, frozenset[str]]] = defaultdict(dict)
        for t, graphs in self.statements.items():
            index[(t.subject.value, t.predicate.value)][t.object] = graphs
        return dict(index)


def _chunks(nodes: list[ox.NamedNode], size: int = 400) -> Iterable[str]:
    for start in range(0, len(nodes), size):
        yield " ".join(str(n) for n in nodes[start : start + size])


def fetch_context(dataset: Dataset, staged: StagedArticle, *, exclude: str | None = None) -> ArticleContext:
    """The graph's statements about the nodes the article touches, leaving out graph ``exclude``.

    ``exclude`` is the article's own graph when it is already stored (a replace, or a
    re-check of the stored file), so the article is compared with everything else.
    """
    own = ox.NamedNode(exclude) if exclude else _NO_GRAPH
    skip_data = f"{own}, <{GRAPH_ONTOLOGY}>, <{GRAPH_INFERRED}>"
    skip_types = f"{own}, <{GRAPH_INFERRED}>"
    touched = sorted(staged.touched(), key=str)
    statements: dict[ox.Triple, set[str]] = defaultdict(set)
    for values in _chunks(touched):
        for s, p, o, graphs in dataset.select(_CONTEXT.format(values=values, skip=skip_data)).rows:
            statements[ox.Triple(s, p, o)].update(graphs.value.split(" "))
    pointed = sorted(
        {t.object for t in statements if isinstance(t.object, ox.NamedNode)} | set(touched),
        key=str,
    )
    types: dict[str, set[str]] = defaultdict(set)
    for values in _chunks(pointed):
        for node, type_ in dataset.select(_TYPES.format(values=values, skip=skip_types)).rows:
            types[node.value].add(type_.value)
    known = {t.subject.value for t in statements}
    unknown = [n for n in touched if n.value not in known]
    for values in _chunks(unknown):
        known |= {row[0].value for row in dataset.select(_REFERENCED.format(values=values, skip=skip_data)).rows}
    return ArticleContext(
        statements={t: frozenset(g) for t, g in statements.items()},
        types={k: frozenset(v) for k, v in types.items()},
        known=frozenset(known),
    )


def is_data_iri(iri: str) -> bool:
    """True for an IRI in relgraph's data namespace (reld:)."""
    return iri.startswith(RELD)
