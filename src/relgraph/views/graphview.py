"""The graph as a networkx graph: the one place RDF becomes nodes and edges.

``build_graph(dataset, selection=Selection(...))`` returns a ``networkx.MultiDiGraph``
of the instances a reader cares about (states, persons, posts, bodies, events,
mechanisms, frameworks, commitments, claims, pillars, themes, ...). Each node is
keyed by its IRI and carries readable attributes::

    label, iri, curie, kind            "instance", "provenance", "class" or "term"
    class_iri, class_label             the node's most specific class
    types                              every class it has (tuple of IRIs)
    status, status_label               the status in the latest article that gives one
    status_history                     tuple of StatusReport (article date, status, article)
    start_date, end_date, date         ISO dates, where the data has them
    attributed_to, attribution_mode    who said it and how (from its mentions)
    mentions                           tuple of Mention: the supporting sentences
    facts                              tuple of Fact: literal values and links to things not drawn
    articles                           the article graphs that state something about it
    details_left_out, mention_count    instead of mentions, facts, articles, attribution and status
                                       history, on a node whose details were not read (``detail_limit``)

Each edge is keyed by its property IRI and carries ``property``, ``label`` (the
property's label) and ``articles``. A key that has no value is left out rather than
set to None, so ``graph_for_export`` can hand the graph to GraphML or GEXF.

Hidden unless asked for: mentions, articles, tenures and time intervals
(``include_provenance``); ontology classes and vocabulary terms such as statuses
and CAMEO event types (``include_ontology``). Literal values are never nodes: they
are attributes (``facts``, dates).

What to draw is a ``Selection``: the whole instance graph (the default), a canned
query, ad-hoc SPARQL, the neighbourhood of one entity, one article's graph, or a
list of entities, each optionally filtered by class.
"""

from __future__ import annotations

import datetime as dt
import gc
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache, cached_property
from urllib.parse import quote, unquote

import networkx as nx
import pyoxigraph as ox

from relgraph.errors import EntityError, ParameterError, QueryError, did_you_mean
from relgraph.model.namespaces import GRAPH_ONTOLOGY, PREFIXES, REL, RELD, expand_curie
from relgraph.model.namespaces import compact_iri as _compact_iri
from relgraph.query.entities import labels_for, resolve_entity
from relgraph.store import AskResult, Dataset, GraphResult, SelectResult
from relgraph.views.facts import DATE_PROPS, LABEL_PROPS, MENTION_TEXT, Facts, chunks, iri_values, literal_rank

__all__ = [
    "Fact",
    "Mention",
    "Selection",
    "StatusReport",
    "build_graph",
    "build_structure",
    "graph_for_export",
]

compact_iri = cache(_compact_iri)  # the same few namespaces over and over
RDF = PREFIXES["rdf"]
RDFS = PREFIXES["rdfs"]
OWL = PREFIXES["owl"]
SKOS = PREFIXES["skos"]
SCHEMA = PREFIXES["schema"]
DCTERMS = PREFIXES["dcterms"]
XSD = PREFIXES["xsd"]

RDF_TYPE = RDF + "type"
_LABEL_PROPS = LABEL_PROPS
_ARTICLE_TITLE_PROPS = (SCHEMA + "headline", DCTERMS + "title", *_LABEL_PROPS)
_ARTICLE_DATE_PROPS = (SCHEMA + "datePublished", DCTERMS + "date", DCTERMS + "issued")

#: Classes whose instances are bookkeeping: shown only with ``include_provenance``.
PROVENANCE_CLASSES = frozenset(
    {
        REL + "Mention",
        REL + "Assertion",
        REL + "Article",
        REL + "NewsArticle",
        REL + "OfficialRelease",
        REL + "BackgroundSource",
        SCHEMA + "NewsArticle",
        REL + "Tenure",
        PREFIXES["org"] + "Membership",
        PREFIXES["time"] + "TemporalEntity",
        PREFIXES["time"] + "Interval",
        PREFIXES["time"] + "Instant",
    }
)
_ONTOLOGY_TYPES = frozenset(
    {OWL + "Class", RDFS + "Class", OWL + "ObjectProperty", OWL + "DatatypeProperty", OWL + "Ontology"}
)

# Properties whose values are shown another way (the node's class, its sentences, its dates).
_DENOTED_BY = REL + "denotedBy"
_STATUS = REL + "status"
_DATE_PROPS = DATE_PROPS
_MENTION_TEXT = MENTION_TEXT
_MENTION_ARTICLE = REL + "inArticle"
_MENTION_BEGIN = REL + "beginIndex"
_MENTION_END = REL + "endIndex"
_MENTION_SENTENCE = REL + "sentenceIndex"
_ATTRIBUTED_TO = REL + "attributedTo"
_ATTRIBUTION_MODE = REL + "attributionMode"
_QUOTED_FROM = REL + "quotedFrom"


# ----- what a node carries ------------------------------------------------------------------


@dataclass(frozen=True)
class Mention:
    """A sentence of an article that states a fact about the node."""

    text: str
    article: str  # the article's IRI (its named graph)
    article_label: str
    article_url: str | None = None
    article_date: str | None = None
    begin: int | None = None
    end: int | None = None
    attributed_to: tuple[str, ...] = ()  # labels
    attribution_mode: str | None = None  # label
    quoted_from: tuple[str, ...] = ()  # labels


@dataclass(frozen=True)
class Fact:
    """One value of the node that is not drawn as an edge: a literal, or a link to something hidden."""

    property: str  # IRI
    label: str  # the property's label
    value: str  # the literal's lexical form, or the linked thing's label
    iri: str | None = None  # the linked thing's IRI, when the value is one


@dataclass(frozen=True)
class StatusReport:
    """The status an article gives a fact (plans come back as completed, postponed, ...)."""

    status: str  # IRI
    label: str
    article: str
    article_date: str | None = None


# ----- what to draw -------------------------------------------------------------------------


@dataclass(frozen=True)
class Selection:
    """What ``build_graph`` draws. At most one of query, sparql, focus, article, entities.

    ``classes`` keeps nodes of those classes (or their subclasses); a class is named by
    IRI, prefixed name (``rel:Meeting``) or label (``Meeting``). The focus entity of a
    neighbourhood is always kept.
    """

    query: str | None = None
    params: Mapping[str, str] | tuple[tuple[str, str], ...] = ()
    sparql: str | None = None
    focus: str | None = None
    depth: int = 1
    article: str | None = None
    entities: tuple[str, ...] = ()
    classes: tuple[str, ...] = ()
    include_provenance: bool = False
    include_ontology: bool = False
    timeout: float | None = 60.0

    def __post_init__(self) -> None:
        # Stored as sorted tuples, so a Selection is hashable and compares by value.
        params = self.params.items() if isinstance(self.params, Mapping) else self.params
        object.__setattr__(self, "params", tuple(sorted((str(k), str(v)) for k, v in params)))
        object.__setattr__(self, "entities", tuple(self.entities))
        object.__setattr__(self, "classes", tuple(self.classes))
        chosen = [
            name
            for name, value in (
                ("query", self.query),
                ("sparql", self.sparql),
                ("focus", self.focus),
                ("article", self.article),
                ("entities", self.entities),
            )
            if value
        ]
        if len(chosen) > 1:
            raise ParameterError(
                f"Choose one way to select the graph, not {' and '.join(chosen)}: a canned query, "
                "ad-hoc SPARQL, a focus entity, an article or a list of entities."
            )
        if self.params and not self.query:
            raise ParameterError("Query parameters (--param) go with a canned query (--query NAME).")
        if self.depth < 0:
            raise ParameterError(f"The depth of a neighbourhood is 0 or more; got {self.depth}.")

    def describe(self) -> str:
        """The selection in words, for the page and the command's message."""
        if self.query:
            params = ", ".join(f"{k}={v}" for k, v in self.params)
            what = f"canned query {self.query}" + (f" ({params})" if params else "")
        elif self.sparql:
            what = "ad-hoc SPARQL query"
        elif self.focus:
            what = f"neighbourhood of {self.focus}, depth {self.depth}"
        elif self.article:
            what = f"article {self.article}"
        elif self.entities:
            what = f"{len(self.entities)} chosen entities"
        else:
            what = "whole instance graph"
        extras = []
        if self.classes:
            extras.append("classes " + ", ".join(self.classes))
        if self.include_provenance:
            extras.append("with provenance")
        if self.include_ontology:
            extras.append("with ontology terms")
        return what + ("; " + "; ".join(extras) if extras else "")


# ----- reading the RDF ----------------------------------------------------------------------


#: Attribution is on each fact's assertion (fact-level provenance): a sentence says what the assertions it
#: supports are attributed to.
_ATTRIBUTIONS = f"""
SELECT ?mention ?mode ?who ?document WHERE {{
  VALUES ?mention {{ %s }}
  GRAPH ?g {{
    ?assertion <{REL}supportedBy> ?mention ; <{REL}attributionMode> ?mode .
    OPTIONAL {{ ?assertion <{REL}attributedTo> ?who }}
    OPTIONAL {{ ?assertion <{REL}quotedFrom> ?document }}
  }}
}}"""

_INCOMING = f"""
SELECT DISTINCT ?s WHERE {{
  VALUES ?o {{ %s }}
  GRAPH ?g {{ ?s ?p ?o }}
  FILTER(?g != <{GRAPH_ONTOLOGY}> && isIRI(?s)%s)
}}"""

_ONTOLOGY_TERMS = f"""
SELECT ?s ?p ?o WHERE {{
  GRAPH <{GRAPH_ONTOLOGY}> {{ ?s ?p ?o }}
  FILTER(isIRI(?s))
  FILTER(?p IN (rdf:type, rdfs:subClassOf, rdfs:label, skos:prefLabel, rdfs:domain, rdfs:range))
}}"""


@dataclass
class _Ontology:
    """Class hierarchy and labels of the ontology graph."""

    labels: dict[str, tuple[int, str]] = field(default_factory=dict)
    parents: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    types: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    domains: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    ranges: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    _ancestors: dict[str, frozenset[str]] = field(default_factory=dict)

    @cached_property
    def classes(self) -> frozenset[str]:
        """Every class the ontology names (read once, after the ontology is loaded)."""
        found = {s for s, ts in self.types.items() if ts & {OWL + "Class", RDFS + "Class"}}
        return frozenset(found | set(self.parents))

    def ancestors(self, cls: str) -> frozenset[str]:
        """The class and every class above it."""
        cached = self._ancestors.get(cls)
        if cached is not None:
            return cached
        seen = {cls}
        todo = [cls]
        while todo:
            for parent in self.parents.get(todo.pop(), ()):
                if parent not in seen:
                    seen.add(parent)
                    todo.append(parent)
        result = frozenset(seen)
        self._ancestors[cls] = result
        return result

    def label(self, iri: str) -> str | None:
        found = self.labels.get(iri)
        return found[1] if found else None


def _read_ontology(dataset: Dataset) -> _Ontology:
    onto = _Ontology()
    for s, p, o in dataset.select(_ONTOLOGY_TERMS).rows:
        if p.value == RDF_TYPE and isinstance(o, ox.NamedNode):
            onto.types[s.value].add(o.value)
        elif p.value == RDFS + "subClassOf" and isinstance(o, ox.NamedNode):
            onto.parents[s.value].add(o.value)
        elif p.value == RDFS + "domain" and isinstance(o, ox.NamedNode):
            onto.domains[s.value].add(o.value)
        elif p.value == RDFS + "range" and isinstance(o, ox.NamedNode):
            onto.ranges[s.value].add(o.value)
        elif isinstance(o, ox.Literal):
            rank = (literal_rank(o), 0 if p.value == RDFS + "label" else 1)
            key = rank[0] * 2 + rank[1]
            current = onto.labels.get(s.value)
            if current is None or key < current[0]:
                onto.labels[s.value] = (key, o.value)
    return onto


_SUBJECTS_OF = """
SELECT DISTINCT ?s WHERE {
  VALUES ?g { %s }
  GRAPH ?g { ?s ?p ?o }
  FILTER(isIRI(?s))
}"""


# ----- classifying nodes ----------------------------------------------------------------------


@dataclass
class _Context:
    dataset: Dataset
    selection: Selection
    onto: _Ontology
    facts: Facts = field(default_factory=Facts)
    labels: dict[str, str] = field(default_factory=dict)
    articles: dict[str, tuple[str, str | None, str | None]] = field(default_factory=dict)
    _closures: dict[frozenset[str], frozenset[str]] = field(default_factory=dict)
    _prop_labels: dict[str, str] = field(default_factory=dict)
    mentions: dict[str, Mention | None] = field(default_factory=dict)
    #: mention -> who the article says said the facts the sentence states, and how (modes, speakers, documents)
    attribution: dict[str, tuple[set[str], set[str], set[str]]] = field(default_factory=dict)
    #: read every quad, sentence and attribution of at most this many nodes (None: of every node)
    detail_limit: int | None = None
    #: the kept instance graph, when build_graph may take a neighbourhood and its undetailed nodes from it
    structure: nx.MultiDiGraph | None = None

    @cached_property
    def provenance_ends(self) -> tuple[frozenset[str], frozenset[str]]:
        """Properties whose subjects, and properties whose values, are provenance by the ontology's
        rdfs:domain and rdfs:range (rel:factSubject, rel:denotedBy): with provenance hidden, a
        neighbourhood does not read what lies at those ends (at 1M triples, 22,000 of the 25,600 things
        that point at Kenya's neighbours are assertions). Nothing when provenance is drawn."""
        if self.selection.include_provenance:
            return frozenset(), frozenset()

        def provenance(classes: set[str]) -> bool:
            return any(self.onto.ancestors(c) & PROVENANCE_CLASSES for c in classes)

        return (
            frozenset(p for p, cs in self.onto.domains.items() if provenance(cs)),
            frozenset(p for p, cs in self.onto.ranges.items() if provenance(cs)),
        )

    def read_kinds(self, subjects: Iterable[str]) -> None:
        """Read enough of the subjects to tell whether they are drawn (``kind``): their types, or,
        when every node's details are read anyway, every quad."""
        if self.detail_limit is None:
            self.facts.scan(self.dataset, subjects)
        else:
            self.facts.read_types(self.dataset, subjects)

    def read_links(self, subjects: Iterable[str]) -> None:
        """Read what drawing the subjects needs (links, names, dates, types), or every quad of them
        when every node's details are read anyway."""
        if self.detail_limit is None:
            self.facts.scan(self.dataset, subjects)
        else:
            self.facts.scan_links(self.dataset, subjects)

    def most_specific(self, types: set[str]) -> str | None:
        if not types:
            return None
        below = {t for t in types if any(t != u and t in self.onto.ancestors(u) for u in types)}
        candidates = sorted(types - below) or sorted(types)

        def key(t: str) -> tuple[int, int, str]:
            return (0 if t.startswith(REL) else 1, -len(self.onto.ancestors(t)), t)

        return min(candidates, key=key)

    def all_classes(self, types: Iterable[str]) -> frozenset[str]:
        key = types if isinstance(types, frozenset) else frozenset(types)
        found = self._closures.get(key)
        if found is None:
            found = self._closures[key] = frozenset().union(*(self.onto.ancestors(t) for t in key))
        return found

    def kind(self, iri: str) -> str | None:
        """What the IRI is as a node: instance, provenance, class, term, or None (not drawn)."""
        types = self.facts.types(iri)
        if types:
            if self.all_classes(types) & PROVENANCE_CLASSES:
                return "provenance" if self.selection.include_provenance else None
            if types & _ONTOLOGY_TYPES:
                return "class" if self.selection.include_ontology else None
            return "instance"
        if self.selection.include_ontology:
            if iri in self.onto.classes:
                return "class"
            if self.onto.types.get(iri):
                return "term"
        return None

    def unknown(self, iri: str) -> bool:
        """Neither typed in the data nor a term of the ontology (an outside IRI such as wd:Q114)."""
        return not self.facts.types(iri) and iri not in self.onto.classes and not self.onto.types.get(iri)

    def prop_label(self, prop: str) -> str:
        """A property's label from the ontology, else made from its IRI (once per property)."""
        found = self._prop_labels.get(prop)
        if found is None:
            found = self._prop_labels[prop] = self.onto.label(prop) or _fallback_label(prop)
        return found

    def label(self, iri: str) -> str:
        if iri in self.labels:
            return self.labels[iri]
        found = self.facts.first_literal(iri, _LABEL_PROPS) or self.onto.label(iri)
        if found is None:
            text = self.facts.first_literal(iri, (_MENTION_TEXT,))  # a mention: its words
            if text is None:
                return _fallback_label(iri)
            found = "“" + (text if len(text) <= 60 else text[:59].rsplit(" ", 1)[0].rstrip(",;:") + "…") + "”"
        self.labels[iri] = found
        return found

    def fetch_labels(self, iris: Iterable[str]) -> None:
        """Look up labels of IRIs the scans have not read (one query per 500)."""
        missing = [i for i in iris if i not in self.labels and not self.facts.first_literal(i, _LABEL_PROPS)]
        missing = [i for i in missing if self.onto.label(i) is None]
        if missing:
            self.labels.update(labels_for(self.dataset, [ox.NamedNode(i) for i in missing]))


def _fallback_label(iri: str) -> str:
    """A readable name from the IRI itself: ``skos:ConceptScheme`` -> "Concept scheme"."""
    tail = unquote(iri.rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1])
    if not tail:
        return iri
    words = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", tail.replace("-", " ").replace("_", " ")).split()
    if not words:
        return iri
    return " ".join([words[0]] + [w.lower() if not w.isupper() else w for w in words[1:]])


# ----- choosing the nodes -------------------------------------------------------------------


def _resolve_class(ctx: _Context, name: str) -> str:
    text = name.strip()
    classes = ctx.onto.classes
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1]
    candidates = [text, expand_curie(text) or "", REL + text]
    for candidate in candidates:
        if candidate in classes:
            return candidate
    folded = text.casefold()
    by_label = sorted(c for c in classes if (ctx.onto.label(c) or "").casefold() == folded)
    if by_label:
        by_label.sort(key=lambda c: (not c.startswith(REL), c))
        return by_label[0]
    names = sorted({ctx.onto.label(c) or compact_iri(c) for c in classes if c.startswith(REL)})
    raise EntityError(
        f"No class is named {name!r}.{did_you_mean(text, names)} Name a class by label, rel:Name or <IRI>."
    )


def _resolve_article(ctx: _Context, name: str) -> str:
    articles = {g.name: g for g in ctx.dataset.article_graphs()}
    text = name.strip().strip("<>")
    candidates = [text, expand_curie(text) or "", RELD + text]
    for candidate in candidates:
        if candidate in articles:
            return candidate
    for iri, info in articles.items():
        if info.path is not None and info.path.stem == text:
            return iri
    ids = sorted(compact_iri(a).removeprefix("reld:") for a in articles)
    listed = ", ".join(ids[:5]) + (", ..." if len(ids) > 5 else "")
    raise EntityError(
        f"No article is called {name!r}.{did_you_mean(text.removeprefix('reld:'), ids)} "
        f"Give an article by its id, prefixed name or IRI ({listed or 'the graph has none'})."
    )


def _neighbourhood(ctx: _Context, focus: str, depth: int) -> tuple[set[str], dict[str, int]]:
    """Nodes within ``depth`` drawn hops of ``focus`` (in either direction), with their distance from it."""
    ctx.read_links([focus])
    if ctx.kind(focus) is None:
        label = ctx.label(focus)
        raise QueryError(
            f"{label} ({compact_iri(focus)}) is not drawn as a node: it is "
            + (
                "an ontology term; add --include-ontology."
                if not ctx.facts.types(focus)
                else "provenance; add --include-provenance."
            )
        )
    from_provenance, to_provenance = ctx.provenance_ends
    skipped = (
        f" && ?p NOT IN ({', '.join(iri_values([p]) for p in sorted(from_provenance))})" if from_provenance else ""
    )
    distance = {focus: 0}
    frontier = {focus}
    for hop in range(1, depth + 1):
        if not frontier:
            break
        ctx.read_links(frontier)
        neighbours: set[str] = set()
        for iri in frontier:
            neighbours.update(o for _, p, o in ctx.facts.links(iri) if p not in to_provenance)
        for chunk in chunks(sorted(frontier)):
            rows = ctx.dataset.select(_INCOMING % (iri_values(chunk), skipped)).rows
            neighbours.update(row[0].value for row in rows)
        neighbours.difference_update(distance)
        ctx.read_kinds(neighbours)
        frontier = {n for n in neighbours if ctx.kind(n) is not None}
        distance.update((n, hop) for n in frontier)
    return set(distance), distance


def _kept_neighbourhood(ctx: _Context, focus: str, depth: int) -> tuple[set[str], dict[str, int]]:
    """``_neighbourhood`` in the kept instance graph (whose nodes are those drawn, its edges their links);
    what the build needs of each node (classes, label) is taken from it, not read."""
    kept = ctx.structure
    assert kept is not None
    distance = {focus: 0}
    frontier = [focus]
    for hop in range(1, depth + 1):
        found = []
        for node in frontier:
            for other in (*kept.successors(node), *kept.predecessors(node)):
                if other not in distance:
                    distance[other] = hop
                    found.append(other)
        frontier = found
    facts = ctx.facts
    for node in distance:
        data = kept.nodes[node]
        facts.know_types(node, data.get("types", ()))
        ctx.labels[node] = str(data["label"])
    return set(distance), distance


def _query_selection(ctx: _Context) -> tuple[set[str], list[tuple[str, str, str]] | None]:
    """Entities a query names; for a CONSTRUCT also the triples to draw as edges."""
    from relgraph.query.queries import run_query, run_sparql

    sel = ctx.selection
    if sel.query:
        outcome = run_query(ctx.dataset, sel.query, dict(sel.params), timeout=sel.timeout)
        what = f"The canned query {sel.query!r}"
    else:
        outcome = run_sparql(ctx.dataset, sel.sparql or "", timeout=sel.timeout)
        what = "The SPARQL query"
    result = outcome.result
    if isinstance(result, AskResult):
        raise QueryError(f"{what} is an ASK (a yes or no); draw a CONSTRUCT's triples or a SELECT's entities.")
    if isinstance(result, GraphResult):
        edges: list[tuple[str, str, str]] = []
        nodes: set[str] = set()
        literal_subjects: set[str] = set()
        for triple in result.triples:
            if not isinstance(triple.subject, ox.NamedNode):
                continue
            nodes.add(triple.subject.value)
            if isinstance(triple.object, ox.NamedNode):
                nodes.add(triple.object.value)
                edges.append((triple.subject.value, triple.predicate.value, triple.object.value))
            else:
                literal_subjects.add(triple.subject.value)
        if not nodes:
            raise QueryError(
                f"Nothing to draw: {what.lower()[0] + what[1:]} constructed no triple with an IRI subject."
            )
        return nodes, edges
    assert isinstance(result, SelectResult)
    iris = {t.value for row in result.rows for t in row if isinstance(t, ox.NamedNode)}
    if not result.rows:
        raise QueryError(f"Nothing to draw: {what[0].lower() + what[1:]} returned no rows.")
    if not iris:
        raise QueryError(
            f"Nothing to draw: {what[0].lower() + what[1:]} returned rows but no entity (IRI) in any column; "
            "select the entities themselves, not only their labels."
        )
    return iris, None


# ----- building the graph ---------------------------------------------------------------------


#: ``render`` reads the details of at most this many nodes (see ``build_graph``): as many as a page draws
#: whole (``visualise.CLUSTER_NODE_LIMIT``); a larger page opens on class groups, and a person opens a few
#: dozen nodes' panels, not thousands. Reading the sentences of 7,000 nodes was 3/4 of a 1M-triple render.
DETAIL_NODE_LIMIT = 300


def build_graph(
    dataset: Dataset,
    *,
    selection: Selection | None = None,
    detail_limit: int | None = None,
    structure: Callable[[], nx.MultiDiGraph | None] | None = None,
) -> nx.MultiDiGraph:
    """The selected part of the graph as a MultiDiGraph (see the module's docstring).

    ``detail_limit`` caps the nodes whose details are read: every quad (their ``facts`` and
    ``articles``) and their sentences (``mentions``, ``attributed_to``, ``attribution_mode``).
    With more nodes than that, the nearest to the focus (else the best connected) get them; the
    others carry what drawing them needs (label, classes, dates, status and its history, their
    links), ``details_left_out=True`` and ``mention_count``, the number of sentences that state
    facts about them; ``graph.graph["details"]`` says how many were left out and how they were
    chosen. None (the default) reads every node's details.

    ``structure`` gives the instance graph kept with the store (``relgraph.analytics.projection``), or
    None when none is kept; with a ``detail_limit``, a neighbourhood (without provenance, ontology terms
    or inferences) is then found in it and its undetailed nodes and the edges are taken from it, which
    reads nothing of them from the store: the same nodes, edges and attributes (the tests compare them).
    """
    if detail_limit is not None and detail_limit < 0:
        raise ParameterError(f"The number of nodes whose details are read is 0 or more; got {detail_limit}.")
    # Hundreds of thousands of small tuples: the cyclic collector would only slow this down.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _build(dataset, selection or Selection(), detail_limit, structure)
    finally:
        if collecting:
            gc.enable()


def _build(
    dataset: Dataset,
    selection: Selection,
    detail_limit: int | None,
    structure: Callable[[], nx.MultiDiGraph | None] | None,
) -> nx.MultiDiGraph:
    ctx = _Context(dataset, selection, _read_ontology(dataset), detail_limit=detail_limit)
    plain = not (selection.include_provenance or selection.include_ontology or dataset.include_inferred)
    if structure is not None and selection.focus and detail_limit is not None and plain:
        ctx.structure = structure()
    candidates, distance, constructed, edge_graphs = _candidates(ctx)
    keep_always = {n for n, d in distance.items() if d == 0}

    if selection.include_ontology and not (selection.query or selection.sparql):
        ctx.read_links(candidates)
        candidates |= _ontology_nodes(ctx, candidates)

    if selection.classes:
        wanted_classes = {_resolve_class(ctx, c) for c in selection.classes}
        kept = {
            c
            for c in candidates
            if ctx.all_classes(ctx.facts.types(c) or ({c} if c in ctx.onto.classes else set())) & wanted_classes
        }
        candidates = kept | (keep_always & candidates)
        if not candidates:
            names = ", ".join(selection.classes)
            raise QueryError(f"Nothing to draw: no node of the selection ({selection.describe()}) is of class {names}.")

    if not candidates:
        raise QueryError(_empty_message(dataset, selection))
    return _assemble(ctx, candidates, constructed, edge_graphs, distance)


def _candidates(
    ctx: _Context,
) -> tuple[set[str], dict[str, int], list[tuple[str, str, str]] | None, set[str] | None]:
    """The nodes the selection names, their distance from its focus (if it has one), a CONSTRUCT's
    triples (if it is one) and the graphs whose statements are drawn as edges (None: all)."""
    selection, dataset = ctx.selection, ctx.dataset
    if selection.query or selection.sparql:
        candidates, constructed = _query_selection(ctx)
        ctx.read_kinds(candidates)
        found = sorted(candidates)
        if constructed is None:
            candidates = {c for c in candidates if ctx.kind(c) is not None}
        else:  # a CONSTRUCT's triples: hidden kinds stay hidden, things the graph does not know are drawn
            candidates = {c for c in candidates if ctx.kind(c) is not None or ctx.unknown(c)}
        if not candidates:
            shown = ", ".join(compact_iri(c) for c in found[:5])
            raise QueryError(
                f"Nothing to draw: none of the IRIs the query returned ({shown}) is an entity drawn as a "
                "node (ontology terms need --include-ontology, mentions and articles --include-provenance)."
            )
        return candidates, {}, constructed, None
    if selection.focus:
        focus = resolve_entity(dataset, selection.focus).value
        if ctx.structure is not None and focus in ctx.structure:
            nodes, distance = _kept_neighbourhood(ctx, focus, selection.depth)
        else:
            ctx.structure = None
            nodes, distance = _neighbourhood(ctx, focus, selection.depth)
        return nodes, distance, None, None
    if selection.article:
        article = _resolve_article(ctx, selection.article)
        stated = {row[0].value for row in dataset.select(_SUBJECTS_OF % iri_values([article])).rows}
        ctx.read_links(stated)
        objects = {o for s in stated for g, _, o in ctx.facts.links(s) if g == article}
        ctx.read_kinds(objects)
        return {i for i in stated | objects if ctx.kind(i) is not None}, {}, None, {article}
    if selection.entities:
        wanted = {_entity_iri(dataset, name) for name in selection.entities}
        ctx.read_kinds(wanted)
        return {i for i in wanted if ctx.kind(i) is not None}, {}, None, None
    subjects = ctx.facts.scan_all(dataset)
    return {s for s in subjects if ctx.kind(s) is not None}, {}, None, None


def _entity_iri(dataset: Dataset, name: str) -> str:
    """A full IRI as it is (checked for syntax only: lists of IRIs can be long); anything else resolved."""
    if name.startswith(("http://", "https://", "urn:")):
        try:
            return ox.NamedNode(name).value
        except ValueError as exc:
            raise EntityError(f"{name!r} is not a valid IRI ({exc}).") from exc
    return resolve_entity(dataset, name).value


def _ontology_nodes(ctx: _Context, instances: set[str]) -> set[str]:
    """The classes of the instances (and the classes above them), and the terms they link to."""
    found: set[str] = set()
    for iri in instances:
        for cls in ctx.all_classes(ctx.facts.types(iri)):
            if not cls.startswith("_:"):
                found.add(cls)
        for _, _, o in ctx.facts.links(iri):
            if o not in instances and (o in ctx.onto.classes or ctx.onto.types.get(o)):
                found.add(o)
    return found


def _empty_message(dataset: Dataset, selection: Selection) -> str:
    if not dataset.article_graphs():
        return f"Nothing to draw: the graph folder {dataset.project.root} has no article data yet."
    return f"Nothing to draw: the selection ({selection.describe()}) has no entity drawn as a node."


def _article_info(ctx: _Context, article: str) -> tuple[str, str | None, str | None]:
    cached = ctx.articles.get(article)
    if cached is None:
        cached = ctx.articles[article] = _read_article_info(ctx, article)
    return cached


def _read_article_info(ctx: _Context, article: str) -> tuple[str, str | None, str | None]:
    label = ctx.facts.first_literal(article, _ARTICLE_TITLE_PROPS) or _fallback_label(article)
    urls = [o.value for o in ctx.facts.values(article, SCHEMA + "url")]
    if not urls:
        text_file = ctx.facts.first_literal(article, (REL + "textFile",))
        if text_file and not text_file.startswith(("/", "\\")) and ".." not in text_file:
            # relative to the graph folder, where 'relgraph render' writes the page by default: a file:/// URL
            # embedded this machine's folders in a page meant to be shared, and was dead anywhere else
            urls = [quote(f"data/{text_file}")]
    date = ctx.facts.first_literal(article, _ARTICLE_DATE_PROPS)
    return label, (urls[0] if urls else None), date


def _assemble(
    ctx: _Context,
    nodes: set[str],
    constructed: list[tuple[str, str, str]] | None,
    edge_graphs: set[str] | None,
    distance: Mapping[str, int],
) -> nx.MultiDiGraph:
    facts = ctx.facts
    ordered = sorted(nodes)
    detailed = _detailed(ctx, nodes, edge_graphs, distance)
    _read_details(ctx, nodes, detailed)

    graph = nx.MultiDiGraph()
    project = ctx.dataset.project
    graph.graph.update(
        {
            "selection": ctx.selection.describe(),
            "source": project.root.name,  # the folder's name: its absolute path is nobody's business
            "articles": len(ctx.dataset.article_graphs()),
        }
    )
    if len(detailed) < len(nodes):
        graph.graph["details"] = {
            "limit": ctx.detail_limit,
            "left_out": len(nodes) - len(detailed),
            "chosen": "nearest to the focus" if distance else "best connected",
        }
    if ctx.structure is not None:
        return _assemble_kept(ctx, graph, nodes, detailed)
    for iri in ordered:
        graph.add_node(iri, **_node_attributes(ctx, iri, nodes))

    if constructed is not None:
        for s, p, o in sorted(set(constructed)):
            if s in nodes and o in nodes and (p != RDF_TYPE or ctx.selection.include_ontology):
                graph.add_edge(s, o, key=p, **_edge_attributes(ctx, p, ()))
        return graph

    edges: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for s in ordered:
        for g, p, o in facts.links(s):
            if o in nodes and (edge_graphs is None or g in edge_graphs):
                edges[(s, p, o)].add(g)
        if ctx.selection.include_ontology:
            for cls in sorted(facts.types(s)):
                if cls in nodes:
                    edges[(s, RDF_TYPE, cls)].add(GRAPH_ONTOLOGY)
    if ctx.selection.include_ontology:
        for s in ordered:
            for parent in sorted(ctx.onto.parents.get(s, ())):
                if parent in nodes:
                    edges[(s, RDFS + "subClassOf", parent)].add(GRAPH_ONTOLOGY)
    for (s, p, o), graphs in sorted(edges.items()):
        graph.add_edge(s, o, key=p, **_edge_attributes(ctx, p, sorted(graphs)))
    return graph


_MENTION_COUNTS = f"""
SELECT ?s (COUNT(DISTINCT ?mention) AS ?mentions) WHERE {{
  VALUES ?s {{ %s }}
  GRAPH ?g {{ ?s <{_DENOTED_BY}> ?mention }}
  FILTER(?g != <{GRAPH_ONTOLOGY}> && isIRI(?mention))
}} GROUP BY ?s"""


def _assemble_kept(ctx: _Context, graph: nx.MultiDiGraph, nodes: set[str], detailed: set[str]) -> nx.MultiDiGraph:
    """The graph of a neighbourhood found in the kept instance graph: the detailed nodes as read, the others
    and every edge as kept (``build_structure`` made them with the same rules), each undetailed node with its
    superclasses and the number of sentences that state facts about it (one query)."""
    kept = ctx.structure
    assert kept is not None
    counts: dict[str, int] = {}
    for chunk in chunks(sorted(nodes - detailed)):
        counts.update((s.value, int(n.value)) for s, n in ctx.dataset.select(_MENTION_COUNTS % iri_values(chunk)).rows)
    for iri in sorted(nodes):
        if iri in detailed:
            graph.add_node(iri, **_node_attributes(ctx, iri, nodes))
            continue
        attrs = dict(kept.nodes[iri])
        types = frozenset(attrs.get("types", ()))
        if types:
            attrs["superclasses"] = tuple(sorted(ctx.all_classes(types) - types))
        attrs["details_left_out"] = True
        attrs["mention_count"] = counts.get(iri, 0)
        graph.add_node(iri, **attrs)
    for s, o, key, data in sorted(_kept_edges(kept, nodes), key=lambda e: (e[0], e[2], e[1])):
        graph.add_edge(s, o, key=key, **data)
    return graph


def _kept_edges(kept: nx.MultiDiGraph, nodes: set[str]) -> list[tuple[str, str, str, dict[str, object]]]:
    """The kept graph's edges between the nodes, their attributes copied (a networkx subgraph view
    filters every step through Python calls: seconds at 30,000 edges)."""
    return [
        (s, o, key, dict(data))
        for s in nodes
        for o, keyed in kept.adj[s].items()
        if o in nodes
        for key, data in keyed.items()
    ]


def _detailed(ctx: _Context, nodes: set[str], edge_graphs: set[str] | None, distance: Mapping[str, int]) -> set[str]:
    """The nodes whose details are read: all of them, or the ``detail_limit`` nearest to the focus
    (fewest hops), then the best connected (most drawn links), then by IRI."""
    limit = ctx.detail_limit
    if limit is None or len(nodes) <= limit:
        return set(nodes)
    degree: dict[str, int] = defaultdict(int)
    if ctx.structure is not None:
        for s, o, _, _ in _kept_edges(ctx.structure, nodes):
            degree[s] += 1
            degree[o] += 1
    else:
        ctx.read_links(nodes)
        for s in nodes:
            for _, o in {(p, o) for g, p, o in ctx.facts.links(s) if edge_graphs is None or g in edge_graphs}:
                if o in nodes:
                    degree[s] += 1
                    degree[o] += 1
    ranked = sorted(nodes, key=lambda n: (distance.get(n, 0), -degree[n], n))
    return set(ranked[:limit])


def _read_details(ctx: _Context, nodes: set[str], detailed: set[str]) -> None:
    """Every quad of the detailed nodes, their mentions and who said what; the articles that date a
    status; labels of everything a detailed node points to."""
    facts = ctx.facts
    facts.scan(ctx.dataset, detailed)
    ordered = sorted(detailed)
    mention_iris = {o.value for n in ordered for o in facts.values(n, _DENOTED_BY) if isinstance(o, ox.NamedNode)}
    facts.scan(ctx.dataset, mention_iris)
    attributed: set[str] = set()
    for chunk in chunks(sorted(mention_iris)):
        for mention, mode, who, document in ctx.dataset.select(_ATTRIBUTIONS % iri_values(chunk)).rows:
            modes, speakers, documents = ctx.attribution.setdefault(mention.value, (set(), set(), set()))
            modes.add(mode.value)
            speakers.update([who.value] if who is not None else [])
            documents.update([document.value] if document is not None else [])
            attributed |= {mode.value} | ({who.value} if who is not None else set())
            attributed |= {document.value} if document is not None else set()
    statuses = [(g, o) for n in sorted(nodes - detailed) for g, p, o in facts.links(n) if p == _STATUS]
    article_iris = {g for n in ordered for g, _, _ in facts.quads.get(n, ())} | {g for g, _ in statuses}
    article_iris |= {
        o.value for m in mention_iris for o in facts.values(m, _MENTION_ARTICLE) if isinstance(o, ox.NamedNode)
    }
    facts.scan(ctx.dataset, article_iris)
    linked = {o for n in ordered for _, _, o in facts.links(n)} | {o for _, o in statuses}
    linked |= {o for m in mention_iris for _, _, o in facts.links(m)} | attributed
    ctx.fetch_labels(sorted((linked | nodes) - facts.scanned))


def _edge_attributes(ctx: _Context, prop: str, graphs: Sequence[str]) -> dict[str, object]:
    label = "type" if prop == RDF_TYPE and not ctx.onto.label(prop) else ctx.prop_label(prop)
    attrs: dict[str, object] = {"property": prop, "label": label}
    if graphs:
        attrs["articles"] = tuple(g for g in graphs if g != GRAPH_ONTOLOGY)
    return attrs


def _iso(literal: ox.Literal) -> str:
    return literal.value


def _node_attributes(ctx: _Context, iri: str, drawn: set[str]) -> dict[str, object]:
    facts = ctx.facts
    types = facts.types(iri)
    kind = ctx.kind(iri) or ("class" if iri in ctx.onto.classes else "term" if ctx.onto.types.get(iri) else "instance")
    if kind == "class":
        cls = OWL + "Class"
    elif kind == "term":
        cls = ctx.most_specific(ctx.onto.types.get(iri, set())) or OWL + "NamedIndividual"
    else:
        cls = ctx.most_specific(types)
    attrs: dict[str, object] = {"label": ctx.label(iri), "iri": iri, "curie": compact_iri(iri), "kind": kind}
    if cls:
        attrs["class_iri"] = cls
        attrs["class_label"] = ctx.onto.label(cls) or _fallback_label(cls)
    if types:
        attrs["types"] = tuple(sorted(types))
        attrs["superclasses"] = tuple(sorted(ctx.all_classes(types) - types))

    article_dates: dict[str, str | None] = {}

    def article_date(article: str) -> str | None:
        if article not in article_dates:
            article_dates[article] = _article_info(ctx, article)[2]
        return article_dates[article]

    # Status: one per article; the latest article's wins.
    reports = []
    for g, p, o in facts.links(iri):
        if p == _STATUS:
            reports.append(StatusReport(o, ctx.label(o), g, article_date(g)))
    if reports:
        reports.sort(key=lambda r: (r.article_date or "", r.article, r.status))
        attrs["status"] = reports[-1].status
        attrs["status_label"] = reports[-1].label
        if iri in facts.scanned:  # which article said what is a detail
            attrs["status_history"] = tuple(reports)

    for prop, name in _DATE_PROPS.items():
        values = [o for o in facts.values(iri, prop) if isinstance(o, ox.Literal)]
        if values:
            attrs[name] = _iso(values[0])

    if iri not in facts.scanned:  # a node whose details were not read (build_graph's detail_limit)
        attrs["details_left_out"] = True
        attrs["mention_count"] = len({o for _, p, o in facts.links(iri) if p == _DENOTED_BY})
        return attrs

    mentions = _mentions(ctx, iri)
    if mentions:
        attrs["mentions"] = mentions
        attributed = sorted({a for m in mentions for a in m.attributed_to})
        modes = sorted({m.attribution_mode for m in mentions if m.attribution_mode})
        if attributed:
            attrs["attributed_to"] = "; ".join(attributed)
        if modes:
            attrs["attribution_mode"] = "; ".join(modes)

    attrs["facts"] = _facts_of(ctx, iri, drawn)
    articles = sorted({g for g, _, _ in facts.quads.get(iri, ())})
    if articles:
        attrs["articles"] = tuple(articles)
    return attrs


_SHOWN_ELSEWHERE = {RDF_TYPE, _DENOTED_BY, _STATUS, *_DATE_PROPS, *_LABEL_PROPS}


def _facts_of(ctx: _Context, iri: str, drawn: set[str]) -> tuple[Fact, ...]:
    found: dict[tuple[str, str], Fact] = {}
    for _, p, o in ctx.facts.quads.get(iri, ()):
        if p in _SHOWN_ELSEWHERE:
            continue
        prop_label = ctx.prop_label(p)
        if isinstance(o, ox.Literal):
            found.setdefault((p, o.value), Fact(p, prop_label, o.value))
        elif isinstance(o, ox.NamedNode) and o.value not in drawn:
            found.setdefault((p, o.value), Fact(p, prop_label, ctx.label(o.value), o.value))
    return tuple(sorted(found.values(), key=lambda f: (f.label.casefold(), f.value)))


def _mentions(ctx: _Context, iri: str) -> tuple[Mention, ...]:
    found = []
    for m in ctx.facts.values(iri, _DENOTED_BY):
        if isinstance(m, ox.NamedNode):
            mention = ctx.mentions.get(m.value, False)
            if mention is False:  # one mention often grounds several facts: read it once
                mention = ctx.mentions[m.value] = _read_mention(ctx, m.value)
            if mention is not None:
                found.append(mention)
    found.sort(key=lambda m: (m.article_date or "", m.article, m.begin if m.begin is not None else -1, m.text))
    return tuple(found)


def _read_mention(ctx: _Context, mention: str) -> Mention | None:
    facts = ctx.facts
    text = facts.first_literal(mention, (_MENTION_TEXT,))
    if text is None:
        return None

    def linked(prop: str) -> list[str]:
        return [ctx.label(o.value) for o in facts.values(mention, prop) if isinstance(o, ox.NamedNode)]

    articles = [o.value for o in facts.values(mention, _MENTION_ARTICLE) if isinstance(o, ox.NamedNode)]
    article = articles[0] if articles else next((g for g, _, _ in facts.quads.get(mention, ())), "")
    label, url, date = _article_info(ctx, article) if article else ("", None, None)
    # who the article says said the facts this sentence states (several voices: the first mode in order,
    # every speaker); a sentence written with attribution on it (before assertions) is read as it was
    modes_found, speakers, documents = ctx.attribution.get(mention, (set(), set(), set()))
    modes = [ctx.label(m) for m in sorted(modes_found)] or linked(_ATTRIBUTION_MODE)
    said_by = sorted(ctx.label(w) for w in speakers) or sorted(linked(_ATTRIBUTED_TO))
    quoted = sorted(ctx.label(d) for d in documents) or sorted(linked(_QUOTED_FROM))
    return Mention(
        text=text,
        article=article,
        article_label=label,
        article_url=url,
        article_date=date,
        begin=_int_value(facts, mention, _MENTION_BEGIN),
        end=_int_value(facts, mention, _MENTION_END),
        attributed_to=tuple(said_by),
        attribution_mode=modes[0] if modes else None,
        quoted_from=tuple(quoted),
    )


def _int_value(facts: Facts, iri: str, prop: str) -> int | None:
    for o in facts.values(iri, prop):
        if isinstance(o, ox.Literal):
            try:
                return int(o.value)
            except ValueError:
                return None
    return None


# ----- the structure only (for analytics) -----------------------------------------------------


def build_structure(dataset: Dataset, *, include_provenance: bool = False) -> nx.MultiDiGraph:
    """The whole instance graph with ``build_graph``'s nodes and edges but light attributes.

    The same choice of nodes and edges as ``build_graph(dataset)``; a node carries only
    ``label``, ``iri``, ``curie``, ``kind``, ``class_iri``, ``class_label``, ``types``,
    ``status``, ``status_label`` and its dates (no mentions, facts or status history),
    and an edge ``property``, ``label`` and ``articles``. It is built in about half the
    time, for analytics over large graphs (``relgraph.analytics.network``).
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        ctx = _Context(dataset, Selection(include_provenance=include_provenance), _read_ontology(dataset))
        subjects = ctx.facts.scan_all(dataset)
        nodes = {s for s in subjects if ctx.kind(s) is not None}
        if not nodes:
            raise QueryError(_empty_message(dataset, ctx.selection))
        graph = nx.MultiDiGraph()
        graph.graph.update({"selection": ctx.selection.describe(), "source": dataset.project.root.name})
        facts = ctx.facts
        for iri in sorted(nodes):
            types = facts.types(iri)
            cls = ctx.most_specific(types)
            attrs: dict[str, object] = {
                "label": ctx.label(iri),
                "iri": iri,
                "curie": compact_iri(iri),
                "kind": ctx.kind(iri),
            }
            if cls:
                attrs["class_iri"] = cls
                attrs["class_label"] = ctx.onto.label(cls) or _fallback_label(cls)
            if types:
                attrs["types"] = tuple(sorted(types))
            reports = [((_article_info(ctx, g)[2] or ""), g, o) for g, p, o in facts.links(iri) if p == _STATUS]
            if reports:
                status = max(reports)[2]
                attrs["status"] = status
                attrs["status_label"] = ctx.label(status)
            for prop, name in _DATE_PROPS.items():
                values = [o for o in facts.values(iri, prop) if isinstance(o, ox.Literal)]
                if values:
                    attrs[name] = values[0].value
            graph.add_node(iri, **attrs)
        edges: dict[tuple[str, str, str], set[str]] = defaultdict(set)
        for s in sorted(nodes):
            for g, p, o in facts.links(s):
                if o in nodes:
                    edges[(s, p, o)].add(g)
        for (s, p, o), graphs in sorted(edges.items()):
            graph.add_edge(s, o, key=p, **_edge_attributes(ctx, p, sorted(graphs)))
        return graph
    finally:
        if collecting:
            gc.enable()


# ----- export ---------------------------------------------------------------------------------


def graph_for_export(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy whose attributes are all strings, numbers or booleans (for GraphML and GEXF).

    Tuples become text joined with " | "; mentions become their sentences; facts become
    "property: value" lines.
    """

    def flat(value: object) -> object:
        if isinstance(value, str | int | float | bool):
            return value
        if isinstance(value, tuple | list):
            return " | ".join(str(flat(v)) for v in value)
        if isinstance(value, Mention):
            return value.text
        if isinstance(value, Fact):
            return f"{value.label}: {value.value}"
        if isinstance(value, StatusReport):
            return f"{value.label} ({value.article_date or value.article})"
        if isinstance(value, dt.date):
            return value.isoformat()
        return str(value)

    out = nx.MultiDiGraph()
    out.graph.update({k: flat(v) for k, v in graph.graph.items()})
    for node, data in graph.nodes(data=True):
        out.add_node(node, **{k: flat(v) for k, v in data.items()})
    for s, o, key, data in graph.edges(keys=True, data=True):
        out.add_edge(s, o, key=key, **{k: flat(v) for k, v in data.items()})
    return out
