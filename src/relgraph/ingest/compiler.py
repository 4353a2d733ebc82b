"""Compiling a fact sheet into the article's Turtle: ``compile_sheet``.

The sheet (``relgraph.ingest.factsheet``) is resolved against the ontology and the current
graph (every graph but the article's own):

* each quote against the article's verbatim text, compared code point for code
  point: it must occur (else the closest passage is shown), once or at the
  ``occurrence`` given, inside one sentence of the splitter
  (``relgraph.ingest.sentences.split_sentences``); that sentence becomes a ``rel:Mention``
  (offsets in code points, end exclusive);
* each name: an entity of the sheet, an entity already in the graph (by its
  ``reld:`` name, prefixed name, IRI or exact label; its type and label are copied
  into the new graph so the article stands alone), or an ontology individual
  (``Completed``, ``EngageInNegotiation``); else an error with a "did you mean".
  Only article graphs lend types and labels: a background graph's (schema:Legislation)
  would make the article say what it does not;
* each property of ``says`` against the ontology: an object property takes names,
  a datatype property a literal typed by its ``rdfs:range`` (checked as the value of
  that type: a real date, an integer ...).

Every stated triple is asserted plainly and gets a ``rel:Assertion`` node in the same
graph, ``<ARTICLE#fact-HASH>``: HASH is the first 12 hex digits of the SHA-256 of the
triple's N-Triples line (``<s> <p> <o> .``), a newline, and the begin offsets of its
evidence in increasing order joined by spaces; so a sheet compiles to the same IRIs
every time. ``rel:denotedBy`` is derived: an entity is denoted by every sentence that
supports a fact whose subject it is. The Turtle is deterministic (relgraph's prefixes
in a fixed order, sorted triples) under a header naming the sheet and its SHA-256.
"""

from __future__ import annotations

import difflib
import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import pyoxigraph as ox

from relgraph.errors import FactSheetError, StoreError
from relgraph.ingest.checks import EXEMPT_PROPERTIES, lexical_problem
from relgraph.ingest.factsheet import ArticleSpec, FactSheet, FactSpec, Proposal, Quote, Value, read_sheet
from relgraph.ingest.sentences import Sentence, split_sentences
from relgraph.ingest.staging import MAX_TEXT_BYTES, text_digest
from relgraph.model.namespaces import GRAPH_INFERRED, GRAPH_ONTOLOGY, PREFIXES, REL, RELD, compact_iri, expand_curie
from relgraph.model.terms import Vocabulary, load_vocabulary
from relgraph.store import Dataset, read_file, serialize_triples

__all__ = ["CompiledSheet", "assertion_iri", "compile_sheet"]

_RDF = PREFIXES["rdf"]
_RDFS = PREFIXES["rdfs"]
_SKOS = PREFIXES["skos"]
_XSD = PREFIXES["xsd"]
RDF_TYPE = _RDF + "type"

#: Properties the compiler writes itself; a sheet never gives them in 'says'.
_DERIVED = frozenset(
    REL + name
    for name in (
        "denotedBy",
        "supportedBy",
        "factSubject",
        "factPredicate",
        "factObject",
        "attributedTo",
        "attributionMode",
        "quotedFrom",
        "reportedStatus",
        "inArticle",
        "beginIndex",
        "endIndex",
        "exactText",
        "sentenceIndex",
        "textFile",
        "textSha256",
    )
)
_ENTITY_KEY_OF = {
    RDF_TYPE: "class",
    _RDFS + "label": "label",
    _RDFS + "comment": "comment",
    _SKOS + "prefLabel": "pref_label",
    _SKOS + "altLabel": "alt",
    _SKOS + "inScheme": "in_scheme",
    _SKOS + "topConceptOf": "top_concept_of",
    _SKOS + "hasTopConcept": "has_top_concept",
    PREFIXES["foaf"] + "name": "name",
}
_SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
#: A value with its datatype written out, for a property whose range the ontology does not give.
_TYPED = re.compile(r'^"(.*)"\^\^(\S+)$')
_URL = re.compile(r"^https?://[^\s<>\"{}|\\^`]+$")


def _node(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def _literal(text: str, *, datatype: str | None = None, language: str | None = None) -> ox.Literal:
    if language:
        return ox.Literal(text, language=language)
    if datatype and datatype != _XSD + "string":
        return ox.Literal(text, datatype=ox.NamedNode(datatype))
    return ox.Literal(text)


def assertion_iri(article: str, triple: ox.Triple, begins: Iterable[int]) -> str:
    """``ARTICLE#fact-HASH`` for a stated triple and the begin offsets of its evidence."""
    line = f"{triple.subject} {triple.predicate} {triple.object} .\n" + " ".join(str(b) for b in sorted(begins))
    return f"{article}#fact-{hashlib.sha256(line.encode('utf-8')).hexdigest()[:12]}"


@dataclass(frozen=True)
class CompiledSheet:
    """A fact sheet compiled against the graph: the article's triples and their Turtle."""

    sheet: FactSheet
    article: str  # the article's IRI (its named graph)
    triples: tuple[ox.Triple, ...] = field(repr=False)
    turtle: bytes = field(repr=False)
    text: bytes = field(repr=False)
    text_path: Path
    text_file: str  # rel:textFile, relative to the data folder
    lines: dict[str, int] = field(repr=False)  # IRI -> the sheet line that introduces it
    assertions: int = 0
    mentions: int = 0
    body: bytes = field(default=b"", repr=False)  # the Turtle without its header

    @property
    def proposals(self) -> tuple[Proposal, ...]:
        return self.sheet.proposals

    def turtle_for(self, stored_name: str) -> bytes:
        """The Turtle with a header naming the sheet as it is stored (``triples.facts.yaml``)."""
        digest = hashlib.sha256(self.sheet.data).hexdigest()
        return _header(stored_name, digest, self.article, self.text_file) + self.body


class _Problems:
    def __init__(self) -> None:
        self.items: list[tuple[int | None, int | None, str]] = []

    def add(self, at: Value | Quote | int | None, message: str) -> None:
        if at is None:
            self.items.append((None, None, message))
        elif isinstance(at, int):
            self.items.append((at, None, message))
        else:
            self.items.append((at.line, at.column, message))


# ----- the graph: which names exist, their types and labels ---------------------------------------

_EXISTING = """
SELECT DISTINCT ?entity WHERE {{
  VALUES ?entity {{ {values} }}
  GRAPH ?g {{ {{ ?entity ?p ?o }} UNION {{ ?s ?p ?entity }} }}
  FILTER(?g NOT IN ({skip}))
}}"""

_TYPES_AND_LABELS = """
SELECT ?entity ?type ?label WHERE {{
  VALUES ?entity {{ {values} }}
  GRAPH ?g {{ {{ ?entity a ?type }} UNION {{ ?entity rdfs:label ?label FILTER(LANGMATCHES(LANG(?label), "en")) }} }}
  FILTER(?g NOT IN ({skip}))
  FILTER NOT EXISTS {{ GRAPH ?g {{ ?g a rel:BackgroundSource }} }}
}}"""

_BY_LABEL = """
SELECT DISTINCT ?needle ?entity WHERE {{
  VALUES ?needle {{ {values} }}
  GRAPH ?g {{ ?entity rdfs:label|skos:prefLabel|skos:altLabel|foaf:name ?needle }}
  FILTER(isIRI(?entity) && ?g NOT IN ({skip}))
}}"""

_NAMES = """
SELECT DISTINCT ?entity WHERE {{
  GRAPH ?g {{ ?entity a ?type }}
  FILTER(STRSTARTS(STR(?entity), "{reld}") && ?g NOT IN ({skip}))
}} LIMIT 20000"""

_INDIVIDUALS = f"SELECT ?x ?class WHERE {{ GRAPH <{GRAPH_ONTOLOGY}> {{ ?x a ?class }} }}"


def _chunks(items: list[str], size: int = 400) -> Iterable[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class _Graph:
    """What the graph (the article's own graph left out) knows about the names a sheet uses."""

    def __init__(self, dataset: Dataset, article: str) -> None:
        self.dataset = dataset
        self.skip = f"<{article}>, <{GRAPH_ONTOLOGY}>, <{GRAPH_INFERRED}>"
        self._exists: dict[str, bool] = {}

    def existing(self, iris: Iterable[str]) -> set[str]:
        wanted = sorted({i for i in iris if i not in self._exists})
        for chunk in _chunks(wanted):
            values = " ".join(str(_node(i)) for i in chunk)
            found = {row[0].value for row in self.dataset.select(_EXISTING.format(values=values, skip=self.skip)).rows}
            for iri in chunk:
                self._exists[iri] = iri in found
        return {i for i in iris if self._exists.get(i)}

    def types_and_labels(self, iris: Iterable[str]) -> tuple[dict[str, set[str]], dict[str, str]]:
        types: dict[str, set[str]] = defaultdict(set)
        labels: dict[str, str] = {}
        for chunk in _chunks(sorted(set(iris))):
            values = " ".join(str(_node(i)) for i in chunk)
            for entity, type_, label in self.dataset.select(
                _TYPES_AND_LABELS.format(values=values, skip=self.skip)
            ).rows:
                if type_ is not None:
                    types[entity.value].add(type_.value)
                if label is not None and (entity.value not in labels or label.value < labels[entity.value]):
                    labels[entity.value] = label.value
        return types, labels

    def by_label(self, names: Iterable[str]) -> dict[str, set[str]]:
        found: dict[str, set[str]] = defaultdict(set)
        names = sorted(set(names))
        for chunk in _chunks(names, 200):
            values = " ".join(f"{ox.Literal(n)} {ox.Literal(n, language='en')}" for n in chunk)
            for needle, entity in self.dataset.select(_BY_LABEL.format(values=values, skip=self.skip)).rows:
                found[needle.value].add(entity.value)
        return found

    def names(self) -> list[str]:
        rows = self.dataset.select(_NAMES.format(reld=RELD, skip=self.skip)).rows
        return sorted(row[0].value[len(RELD) :] for row in rows)


# ----- resolving names ----------------------------------------------------------------------------


class _Resolver:
    def __init__(self, sheet: FactSheet, graph: _Graph, vocabulary: Vocabulary, individuals, problems: _Problems):
        self.sheet = sheet
        self.graph = graph
        self.vocabulary = vocabulary
        self.individuals: dict[str, set[str]] = individuals  # ontology individual -> its classes
        self.problems = problems
        self.keys: dict[str, str] = {}
        for entity in sheet.entities:
            iri = self._key_iri(entity.key)
            if iri is not None:
                self.keys[entity.key.text] = iri
        self._labels: dict[str, set[str]] = {}
        self._graph_names: list[str] | None = None

    def _key_iri(self, key: Value) -> str | None:
        text = key.text.strip()
        if text.startswith("<") and text.endswith(">"):
            text = text[1:-1]
        if "://" in text:
            return text
        if ":" in text:
            iri = expand_curie(text)
            if iri is None:
                self.problems.add(key, f"entity name {key.text!r} has an unknown prefix; use reld:NAME or a full IRI.")
            return iri
        if not _SAFE_NAME.match(text):
            self.problems.add(
                key, f"entity name {key.text!r} must be letters, digits, '.', '_' and '-' (it becomes reld:{text})."
            )
            return None
        return RELD + text

    def prefetch(self, values: Iterable[Value]) -> None:
        """Ask the graph once for every name that may be an existing entity, by IRI and by label."""
        candidates: set[str] = set()
        labels: set[str] = set()
        for value in values:
            text = value.text.strip()
            if text in self.keys or _TYPED.match(text):
                continue
            iri = self._direct_iri(text)
            if iri is not None:
                if iri:
                    candidates.add(iri)
            elif REL + text not in self.individuals:
                if _SAFE_NAME.match(text):
                    candidates.add(RELD + text)
                labels.add(text)
        known = self.graph.existing(candidates)
        unresolved = {t for t in labels if RELD + t not in known}
        self._labels = self.graph.by_label(unresolved) if unresolved else {}

    @staticmethod
    def _direct_iri(text: str) -> str | None:
        if text.startswith("<") and text.endswith(">"):
            return text[1:-1]
        if "://" in text:
            return text
        if ":" in text:
            return expand_curie(text) or ""
        return None

    def entity(self, value: Value, what: str) -> str | None:
        """The IRI a name stands for, or None (and a problem)."""
        text = value.text.strip()
        if text in self.keys:
            return self.keys[text]
        iri = self._direct_iri(text)
        if iri == "":
            self.problems.add(value, f"{what}: {text!r} has an unknown prefix.")
            return None
        if iri is not None:
            if iri.startswith(REL):
                if self.vocabulary.kind(iri) is None:
                    hint = self.vocabulary.suggest(iri, "individual")
                    self.problems.add(
                        value,
                        f"{what}: {compact_iri(iri)} is not a term of the ontology."
                        + (f" Did you mean {' or '.join(hint)}?" if hint else ""),
                    )
                    return None
                return iri
            if iri.startswith(RELD) and iri not in self.graph.existing([iri]):
                self._unknown(value, what, text)
                return None
            return iri
        if REL + text in self.individuals:
            return REL + text
        if RELD + text in self.graph.existing([RELD + text]):
            return RELD + text
        matches = self._labels.get(text, set())
        if len(matches) == 1:
            return next(iter(matches))
        if len(matches) > 1:
            listed = ", ".join(sorted(compact_iri(m) for m in matches)[:5])
            self.problems.add(value, f"{what}: {text!r} names {len(matches)} entities ({listed}); give its reld: name.")
            return None
        self._unknown(value, what, text)
        return None

    def _unknown(self, value: Value, what: str, text: str) -> None:
        if self._graph_names is None:
            self._graph_names = self.graph.names()
        bare = text.split(":", 1)[1] if text.startswith("reld:") else text
        pool = sorted(set(self.keys) | set(self._graph_names))
        close = difflib.get_close_matches(bare, pool, n=3, cutoff=0.6)
        close += difflib.get_close_matches(bare, [i[len(REL) :] for i in self.individuals], n=2, cutoff=0.8)
        hint = f" Did you mean {' or '.join(repr(c) for c in dict.fromkeys(close))}?" if close else ""
        self.problems.add(
            value,
            f"{what}: unknown entity {text!r}: it is neither in this sheet's 'entities' nor in the graph.{hint} "
            "Add it to 'entities' (with a class and a label) or use the name the graph has.",
        )

    def cls(self, value: Value, what: str) -> str | None:
        text = value.text.strip()
        iri = self._direct_iri(text) or (REL + text)
        if iri in self.vocabulary.classes:
            return iri
        hint = self.vocabulary.suggest(iri, "class") if iri.startswith(REL) else []
        self.problems.add(
            value,
            f"{what}: {text!r} is not a class of the ontology."
            + (f" Did you mean {' or '.join(hint)}?" if hint else ""),
        )
        return None

    def prop(self, value: Value, what: str) -> str | None:
        text = value.text.strip()
        iri = self._direct_iri(text) or (REL + text)
        if iri in EXEMPT_PROPERTIES:
            key = _ENTITY_KEY_OF.get(iri)
            self.problems.add(
                value,
                f"{what}: {text!r} describes the entity, it is not a fact of the article: give it as "
                f"'{key}' in the entity's entry under 'entities'.",
            )
            return None
        if iri in _DERIVED:
            self.problems.add(
                value,
                f"{what}: {compact_iri(iri)} is written by the compiler (from the quote, said_by, mode, "
                "quoted_from and status); do not give it in 'says'.",
            )
            return None
        if iri in self.vocabulary.properties:
            return iri
        local = text.split(":", 1)[-1]
        pool = {p[len(REL) :]: p for p in self.vocabulary.properties if p.startswith(REL)}
        close = difflib.get_close_matches(local, list(pool), n=2, cutoff=0.6)
        if not close:
            close = [name for name in pool if name.casefold() == local.casefold()]
        hint = f" Did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
        self.problems.add(value, f"{what}: unknown property {text!r}: the ontology has no such property.{hint}")
        return None


# ----- quotes -------------------------------------------------------------------------------------


def _closest_passage(quote: str, text: str, sentences: list[Sentence]) -> str | None:
    words = len(quote.split()) or 1
    candidates: list[str] = []
    for sentence in sentences:
        spans = [m.span() for m in re.finditer(r"\S+", sentence.text)]
        for size in {max(1, words - 1), words, words + 1}:
            for start in range(0, max(1, len(spans) - size + 1)):
                chunk = spans[start : start + size]
                if chunk:
                    candidates.append(sentence.text[chunk[0][0] : chunk[-1][1]])
    close = difflib.get_close_matches(quote, candidates, n=1, cutoff=0.5)
    return close[0] if close else None


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _resolve_quote(quote: Quote, text: str, sentences: list[Sentence], problems: _Problems) -> Sentence | None:
    words = quote.text
    if not words.strip():
        problems.add(quote, "the quote is empty; quote the words of the article that state the fact.")
        return None
    found: list[int] = []
    start = text.find(words)
    while start >= 0:
        found.append(start)
        start = text.find(words, start + 1)
    if not found:
        passage = _closest_passage(words, text, sentences)
        hint = f" The closest passage is {passage!r}." if passage else ""
        problems.add(
            quote,
            f"the quote {_short(words)!r} is not in the article's text (compared character for character: "
            f"quotes, dashes and spaces count).{hint}",
        )
        return None

    def sentence_of(begin: int) -> Sentence | None:
        end = begin + len(words)
        for sentence in sentences:
            if sentence.begin <= begin and end <= sentence.end:
                return sentence
        return None

    if quote.occurrence is None and len(found) > 1:
        where = ", ".join(
            f"sentence {s.index}" if (s := sentence_of(b)) is not None else f"offset {b}" for b in found[:6]
        )
        problems.add(
            quote,
            f"the quote {_short(words)!r} occurs {len(found)} times ({where}); "
            "say which with 'occurrence: N' (1 for the first) or quote more words.",
        )
        return None
    if quote.occurrence is not None and quote.occurrence > len(found):
        times = "once" if len(found) == 1 else f"only {len(found)} times"
        problems.add(quote, f"occurrence {quote.occurrence} of {_short(words)!r}, but the words occur {times}.")
        return None
    begin = found[(quote.occurrence or 1) - 1]
    sentence = sentence_of(begin)
    if sentence is None:
        end = begin + len(words)
        touched = [s for s in sentences if s.begin < end and begin < s.end]
        if len(touched) >= 2:
            first, second = touched[0], touched[1]
            problems.add(
                quote,
                f"the quote {_short(words)!r} runs from sentence {first.index} ({_short(first.text, 40)!r}) into "
                f"sentence {second.index} ({_short(second.text, 40)!r}); evidence is one sentence: "
                "give a list of quotes, one from each sentence.",
            )
        else:
            problems.add(
                quote,
                f"the quote {_short(words)!r} is not inside a sentence of the text (a dateline or heading is not "
                "one); quote words of a sentence.",
            )
        return None
    return sentence


# ----- compiling ----------------------------------------------------------------------------------


@dataclass
class _Assertion:
    triple: ox.Triple
    sentences: tuple[Sentence, ...]
    speakers: tuple[str, ...]
    mode: str
    quoted_from: str | None
    status: str | None
    line: int


def _individuals(dataset: Dataset) -> dict[str, set[str]]:
    found: dict[str, set[str]] = defaultdict(set)
    for x, cls in dataset.select(_INDIVIDUALS).rows:
        if isinstance(x, ox.NamedNode) and x.value.startswith(REL) and isinstance(cls, ox.NamedNode):
            found[x.value].add(cls.value)
    return {
        iri: classes
        for iri, classes in found.items()
        if not classes & {PREFIXES["owl"] + name for name in ("Class", "ObjectProperty", "DatatypeProperty")}
        and PREFIXES["owl"] + "AnnotationProperty" not in classes
    }


def _read_text(sheet: FactSheet, spec: ArticleSpec, problems: _Problems) -> tuple[Path, bytes, str] | None:
    relative = PurePosixPath(spec.text.text)
    if relative.is_absolute() or ".." in relative.parts:
        problems.add(spec.text, f"article text {spec.text.text!r} must be a file beside the sheet (NAME.txt).")
        return None
    path = sheet.path.parent / Path(*relative.parts)
    if not path.is_file():
        problems.add(spec.text, f"the article's text {spec.text.text!r} is not at {path}; put the verbatim text there.")
        return None
    try:
        data = read_file(path, max_bytes=MAX_TEXT_BYTES)
        return path, data, data.decode("utf-8")
    except (StoreError, UnicodeDecodeError) as exc:
        problems.add(spec.text, f"the article's text {path.name} cannot be read as UTF-8 text ({exc}).")
        return None


def _article_triples(
    spec: ArticleSpec, article: str, text_file: str, digest: str, problems: _Problems
) -> list[ox.Triple]:
    import datetime as dt

    node = _node(article)
    kind = spec.kind.text if spec.kind is not None else "NewsArticle"
    triples = [
        ox.Triple(node, _node(RDF_TYPE), _node(REL + "Article")),
        ox.Triple(node, _node(RDF_TYPE), _node(REL + kind)),
    ]
    try:
        dt.date.fromisoformat(spec.published.text)
    except ValueError:
        problems.add(spec.published, f"published is {spec.published.text!r}; write the date as YYYY-MM-DD.")
    language = spec.language.text if spec.language is not None else "en"

    def add(prop: str, obj: ox.NamedNode | ox.Literal) -> None:
        triples.append(ox.Triple(node, _node(prop), obj))

    add(_RDFS + "label", _literal(f"{spec.title.text} ({spec.published.text})", language="en"))
    add(PREFIXES["dcterms"] + "title", _literal(spec.title.text, language="en"))
    add(PREFIXES["schema"] + "datePublished", _literal(spec.published.text, datatype=_XSD + "date"))
    add(PREFIXES["dcterms"] + "identifier", _literal(spec.id.text))
    add(PREFIXES["schema"] + "inLanguage", _literal(language))
    add(REL + "textFile", _literal(text_file))
    add(REL + "textSha256", _literal(digest))
    if spec.url is not None:
        if not _URL.match(spec.url.text):
            problems.add(spec.url, f"url {spec.url.text!r} is not an http(s) address.")
        else:
            add(PREFIXES["schema"] + "url", _node(spec.url.text))
            add(PREFIXES["dcterms"] + "source", _node(spec.url.text))
    if spec.publisher is not None:
        add(PREFIXES["schema"] + "publisher", _literal(spec.publisher.text))
    if spec.excerpt is not None:
        add(REL + "excerpt", _literal(spec.excerpt.text))
    if spec.source_note is not None:
        add(REL + "sourceNote", _literal(spec.source_note.text))
    if spec.comment is not None:
        add(_RDFS + "comment", _literal(spec.comment.text, language="en"))
    return triples


def _header(stored_name: str, digest: str, article: str, text_file: str) -> bytes:
    lines = [
        f"# Generated by 'relgraph compile' from the fact sheet {stored_name}",
        f"# (SHA-256 {digest}).",
        "# Do not edit: edit the sheet and 'relgraph add' it again.",
        f"# The article {compact_iri(article)}; its text is data/{text_file}",
        "# (mention offsets are code points into it). Fixed prefixes, sorted triples.",
    ]
    return ("\n".join(lines) + "\n\n").encode("utf-8")


def compile_sheet(
    dataset: Dataset,
    path: Path,
    *,
    name: str | None = None,
    stored_name: str | None = None,
    vocabulary: Vocabulary | None = None,
) -> CompiledSheet:
    """Compile a fact sheet against the graph (its own article's graph left out).

    ``name`` is how messages show the file; ``stored_name`` the sheet's file name the
    generated header names (default: its own name). Raises FactSheetError listing every
    problem with its line; the review marks are left to the caller (``proposals``).
    """
    sheet = read_sheet(path, name=name)
    vocabulary = vocabulary or load_vocabulary(dataset)
    problems = _Problems()
    spec = sheet.article
    if not _SAFE_ID.match(spec.id.text):
        problems.add(spec.id, f"article id {spec.id.text!r} must be letters, digits, '.', '_' and '-'.")
        raise FactSheetError(sheet.name, problems.items)
    article = RELD + spec.id.text
    loaded = _read_text(sheet, spec, problems)
    if loaded is None:
        raise FactSheetError(sheet.name, problems.items)
    text_path, text_bytes, text = loaded
    text_file = f"articles/{text_path.name}"
    sentences = split_sentences(text)
    graph = _Graph(dataset, article)
    individuals = _individuals(dataset)
    resolver = _Resolver(sheet, graph, vocabulary, individuals, problems)
    statuses = {iri for iri, classes in individuals.items() if REL + "Status" in classes}
    modes = {iri for iri, classes in individuals.items() if REL + "AttributionMode" in classes}
    resolver.prefetch(_references(sheet))

    triples: list[ox.Triple] = _article_triples(spec, article, text_file, text_digest(text_bytes), problems)
    lines: dict[str, int] = {article: spec.line}
    described: set[str] = set()
    triples += _entity_triples(sheet, resolver, lines, described)

    assertions: dict[tuple[ox.Triple, tuple[int, ...]], _Assertion] = {}
    for fact in sheet.facts:
        _compile_fact(fact, resolver, vocabulary, statuses, modes, text, sentences, problems, assertions, lines)
    if problems.items:
        raise FactSheetError(sheet.name, sorted(problems.items, key=lambda p: (p[0] or 0, p[1] or 0)))

    mentions: dict[int, Sentence] = {}
    referenced: set[str] = set()
    triples += _assertion_triples(article, assertions, lines, mentions, referenced)
    referenced |= _scheme_targets(sheet, resolver)
    triples += _mention_triples(article, mentions)
    triples += _borrowed_triples(
        graph, sorted(i for i in referenced - described if not i.startswith(REL) and i != article)
    )
    unique = tuple(sorted(set(triples), key=str))
    stored = stored_name or path.name
    body = serialize_triples(unique)
    turtle = _header(stored, hashlib.sha256(sheet.data).hexdigest(), article, text_file) + body
    return CompiledSheet(
        sheet=sheet,
        article=article,
        triples=unique,
        turtle=turtle,
        text=text_bytes,
        text_path=text_path,
        text_file=text_file,
        lines=lines,
        assertions=len(assertions),
        mentions=len(mentions),
        body=body,
    )


_SAFE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


def _references(sheet: FactSheet) -> list[Value]:
    """Every name the sheet uses, so the resolver looks them up in one go."""
    references = [v for e in sheet.entities for v in (*e.in_scheme, *e.top_concept_of, *e.has_top_concept)]
    for fact in sheet.facts:
        references += [fact.subject, *fact.said_by, *([fact.quoted_from] if fact.quoted_from else [])]
        references += [v for _, values in fact.says for v in values]
    return references


def _entity_triples(
    sheet: FactSheet, resolver: _Resolver, lines: dict[str, int], described: set[str]
) -> list[ox.Triple]:
    """What the sheet's ``entities`` say of each: classes, labels, SKOS scheme links.

    Adds each described IRI to ``described`` and its line to ``lines``.
    """
    triples: list[ox.Triple] = []
    for entity in sheet.entities:
        iri = resolver.keys.get(entity.key.text)
        if iri is None:
            continue
        described.add(iri)
        lines.setdefault(iri, entity.line)
        node = _node(iri)
        what = f"entity {entity.key.text!r}"
        for cls_value in entity.classes:
            cls = resolver.cls(cls_value, what)
            if cls is not None:
                triples.append(ox.Triple(node, _node(RDF_TYPE), _node(cls)))
        for prop, value, lang in (
            (_RDFS + "label", entity.label, "en"),
            (_SKOS + "prefLabel", entity.pref_label, "en"),
            (_RDFS + "comment", entity.comment, "en"),
            (PREFIXES["foaf"] + "name", entity.name, None),
        ):
            if value is not None:
                triples.append(ox.Triple(node, _node(prop), _literal(value.text, language=lang)))
        for value in entity.alt:
            triples.append(ox.Triple(node, _node(_SKOS + "altLabel"), _literal(value.text, language="en")))
        for prop, values in (
            (_SKOS + "inScheme", entity.in_scheme),
            (_SKOS + "topConceptOf", entity.top_concept_of),
            (_SKOS + "hasTopConcept", entity.has_top_concept),
        ):
            for value in values:
                target = resolver.entity(value, what)
                if target is not None:
                    triples.append(ox.Triple(node, _node(prop), _node(target)))
    return triples


def _assertion_triples(
    article: str,
    assertions: dict[tuple[ox.Triple, tuple[int, ...]], _Assertion],
    lines: dict[str, int],
    mentions: dict[int, Sentence],
    referenced: set[str],
) -> list[ox.Triple]:
    """Each stated triple, its ``rel:Assertion`` (who said it, how, on which sentences).

    Fills ``mentions`` (the sentences used, by offset), ``referenced`` (the IRIs the
    assertions name) and ``lines``.
    """
    triples: list[ox.Triple] = []
    for item in assertions.values():
        triples.append(item.triple)
        node = _node(assertion_iri(article, item.triple, [s.begin for s in item.sentences]))
        lines.setdefault(node.value, item.line)
        triples += [
            ox.Triple(node, _node(RDF_TYPE), _node(REL + "Assertion")),
            ox.Triple(node, _node(REL + "factSubject"), item.triple.subject),
            ox.Triple(node, _node(REL + "factPredicate"), item.triple.predicate),
            ox.Triple(node, _node(REL + "factObject"), item.triple.object),
            ox.Triple(node, _node(REL + "attributionMode"), _node(item.mode)),
        ]
        triples += [ox.Triple(node, _node(REL + "attributedTo"), _node(s)) for s in item.speakers]
        if item.quoted_from:
            triples.append(ox.Triple(node, _node(REL + "quotedFrom"), _node(item.quoted_from)))
        if item.status:
            triples.append(ox.Triple(node, _node(REL + "reportedStatus"), _node(item.status)))
        for sentence in item.sentences:
            mention = _node(f"{article}#char={sentence.begin},{sentence.end}")
            mentions[sentence.begin] = sentence
            lines.setdefault(mention.value, item.line)
            triples.append(ox.Triple(node, _node(REL + "supportedBy"), mention))
            subject = item.triple.subject
            if isinstance(subject, ox.NamedNode) and not subject.value.startswith(REL):
                triples.append(ox.Triple(subject, _node(REL + "denotedBy"), mention))
        for term in (item.triple.subject, item.triple.object, *map(_node, item.speakers)):
            if isinstance(term, ox.NamedNode):
                referenced.add(term.value)
        if item.quoted_from:
            referenced.add(item.quoted_from)
    return triples


def _scheme_targets(sheet: FactSheet, resolver: _Resolver) -> set[str]:
    """The IRIs the entities' SKOS scheme links point to."""
    targets: set[str] = set()
    for entity in sheet.entities:
        for value in (*entity.in_scheme, *entity.top_concept_of, *entity.has_top_concept):
            target = resolver.keys.get(value.text) or resolver.entity(value, "")
            if target:
                targets.add(target)
    return targets


def _mention_triples(article: str, mentions: dict[int, Sentence]) -> list[ox.Triple]:
    """Each sentence used as evidence, as a ``rel:Mention`` with its offsets and text."""
    triples: list[ox.Triple] = []
    for sentence in mentions.values():
        node = _node(f"{article}#char={sentence.begin},{sentence.end}")
        triples += [
            ox.Triple(node, _node(RDF_TYPE), _node(REL + "Mention")),
            ox.Triple(node, _node(REL + "inArticle"), _node(article)),
            ox.Triple(
                node, _node(REL + "sentenceIndex"), _literal(str(sentence.index), datatype=_XSD + "positiveInteger")
            ),
            ox.Triple(
                node, _node(REL + "beginIndex"), _literal(str(sentence.begin), datatype=_XSD + "nonNegativeInteger")
            ),
            ox.Triple(node, _node(REL + "endIndex"), _literal(str(sentence.end), datatype=_XSD + "nonNegativeInteger")),
            ox.Triple(node, _node(REL + "exactText"), _literal(sentence.text)),
        ]
    return triples


def _borrowed_triples(graph: _Graph, borrowed: list[str]) -> list[ox.Triple]:
    """Entities the sheet only names: their type and label come from the graph, so the article stands alone."""
    types, labels = graph.types_and_labels(borrowed)
    triples: list[ox.Triple] = []
    for iri in borrowed:
        node = _node(iri)
        triples += [ox.Triple(node, _node(RDF_TYPE), _node(t)) for t in sorted(types.get(iri, ()))]
        if iri in labels:
            triples.append(ox.Triple(node, _node(_RDFS + "label"), _literal(labels[iri], language="en")))
    return triples


def _compile_fact(
    fact: FactSpec,
    resolver: _Resolver,
    vocabulary: Vocabulary,
    statuses: set[str],
    modes: set[str],
    text: str,
    sentences: list[Sentence],
    problems: _Problems,
    assertions: dict,
    lines: dict[str, int],
) -> None:
    what = f"the fact at line {fact.line}"
    evidence = []
    for quote in fact.quotes:
        sentence = _resolve_quote(quote, text, sentences, problems)
        if sentence is not None and sentence not in evidence:
            evidence.append(sentence)
    subject = resolver.entity(fact.subject, f"{what}, subject")
    if subject is not None:
        lines.setdefault(subject, fact.line)
    speakers = []
    for value in fact.said_by:
        speaker = resolver.entity(value, f"{what}, said_by")
        if speaker is not None:
            speakers.append(speaker)
    quoted_from = resolver.entity(fact.quoted_from, f"{what}, quoted_from") if fact.quoted_from else None
    mode = _fact_mode(fact, modes, problems)
    if mode is None:
        return
    status = _fact_status(fact, statuses, problems)
    stated: list[ox.Triple] = []
    for prop_value, values in fact.says:
        prop = resolver.prop(prop_value, what)
        if prop is None:
            continue
        for value in values:
            obj = _object(prop, value, resolver, vocabulary, problems, what)
            if obj is not None and subject is not None:
                stated.append(ox.Triple(_node(subject), _node(prop), obj))
    if status is not None and subject is not None:
        stated.append(ox.Triple(_node(subject), _node(REL + "status"), _node(status)))
    if not evidence or subject is None:
        return
    ordered = tuple(sorted(evidence, key=lambda s: s.begin))
    said_by = tuple(sorted(set(speakers)))
    for triple in stated:
        item = _Assertion(triple, ordered, said_by, mode, quoted_from, status, fact.line)
        _record_assertion(item, subject, assertions, problems)


def _fact_mode(fact: FactSpec, modes: set[str], problems: _Problems) -> str | None:
    """The fact's attribution mode (from ``said_by`` unless given); None if it is not one."""
    mode = REL + ("ReportedSpeech" if fact.said_by else "AuthorNarration")
    if fact.mode is None:
        return mode
    mode = REL + fact.mode.text.strip()
    if mode not in modes:
        names = sorted(m[len(REL) :] for m in modes)
        close = difflib.get_close_matches(fact.mode.text, names, n=1, cutoff=0.5)
        hint = f" Did you mean {close[0]!r}?" if close else ""
        problems.add(fact.mode, f"mode {fact.mode.text!r} is not one of {', '.join(names)}.{hint}")
        return None
    needs_speaker = mode in (REL + "DirectQuote", REL + "ReportedSpeech")
    if needs_speaker and not fact.said_by:
        problems.add(fact.mode, f"mode {fact.mode.text} needs 'said_by': who the article says said it.")
    if mode in (REL + "AuthorNarration", REL + "UnattributedReport") and fact.said_by:
        problems.add(
            fact.mode,
            f"mode {fact.mode.text} names no speaker; remove 'said_by', or use ReportedSpeech or DirectQuote.",
        )
    return mode


def _fact_status(fact: FactSpec, statuses: set[str], problems: _Problems) -> str | None:
    """The status the fact reports, if it gives one the ontology has."""
    if fact.status is None:
        return None
    status = REL + fact.status.text.strip()
    if status in statuses:
        return status
    names = sorted(s[len(REL) :] for s in statuses)
    close = difflib.get_close_matches(fact.status.text, names, n=1, cutoff=0.5)
    hint = f" Did you mean {close[0]!r}?" if close else ""
    problems.add(fact.status, f"status {fact.status.text!r} is not one of {', '.join(names)}.{hint}")
    return None


def _record_assertion(item: _Assertion, subject: str, assertions: dict, problems: _Problems) -> None:
    """Keep one assertion per triple and sentences; the same said twice differently is a problem."""
    key = (item.triple, tuple(s.begin for s in item.sentences))
    before = assertions.get(key)
    if before is None:
        assertions[key] = item
    elif (before.speakers, before.mode, before.quoted_from, before.status) != (
        item.speakers,
        item.mode,
        item.quoted_from,
        item.status,
    ):
        triple = item.triple
        problems.add(
            item.line,
            f"{compact_iri(triple.predicate.value)} {_show(triple.object)} of {compact_iri(subject)} is stated "
            f"with the same sentences at line {before.line} with another speaker, mode or status; "
            "say it once.",
        )


def _show(term) -> str:
    if isinstance(term, ox.NamedNode):
        return compact_iri(term.value)
    return repr(term.value)


def _object(
    prop: str, value: Value, resolver: _Resolver, vocabulary: Vocabulary, problems: _Problems, what: str
) -> ox.NamedNode | ox.Literal | None:
    name = compact_iri(prop)
    typed = _TYPED.match(value.text.strip())
    if typed and prop not in vocabulary.object_properties:
        datatype = expand_curie(typed.group(2)) or (typed.group(2)[1:-1] if typed.group(2).startswith("<") else None)
        if datatype is None:
            problems.add(
                value, f"{what}, {name}: unknown datatype {typed.group(2)!r} (write xsd:date, xsd:integer ...)."
            )
            return None
        literal = _literal(typed.group(1), datatype=datatype)
        problem = lexical_problem(literal)
        if problem:
            problems.add(value, f"{what}, {name}: {problem}.")
            return None
        return literal
    if prop in vocabulary.object_properties:
        target = resolver.entity(value, f"{what}, {name}")
        return None if target is None else _node(target)
    if prop in vocabulary.literal_properties:
        datatype = vocabulary.ranges.get(prop, _XSD + "string")
        literal = _literal(value.text, datatype=datatype)
        problem = lexical_problem(literal) if datatype != _XSD + "string" else None
        if problem:
            problems.add(value, f"{what}, {name} takes a value of type {compact_iri(datatype)}: {problem}.")
            return None
        return literal
    # An annotation property: a name if it is one, else a plain string.
    text = value.text.strip()
    if text in resolver.keys or _URL.match(text) or (":" in text and expand_curie(text)):
        target = resolver.entity(value, f"{what}, {name}")
        return None if target is None else _node(target)
    return _literal(value.text)
