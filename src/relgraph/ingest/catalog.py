"""What is in the graph: its articles (``list_articles``, ``find_article``) and a
summary (``graph_stats``: triples, articles, entities by class, events and
commitments by their current status, the span of dates).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from relgraph.errors import EntityError, did_you_mean
from relgraph.model.namespaces import GRAPH_ONTOLOGY, RELD, compact_iri, expand_curie
from relgraph.query.entities import labels_for
from relgraph.store import Dataset, GraphInfo, Term

__all__ = ["ArticleInfo", "GraphStats", "article_info", "find_article", "graph_stats", "list_articles"]


@dataclass(frozen=True)
class ArticleInfo:
    """One article of the graph."""

    iri: str
    identifier: str
    published: str | None
    title: str | None
    triples: int
    path: Path | None
    text_file: str | None = None


_ARTICLES = """
SELECT ?article ?published ?identifier ?title ?text_file (COUNT(*) AS ?triples) WHERE {
  GRAPH ?article { ?article a rel:Article . ?s ?p ?o }
  OPTIONAL { GRAPH ?article { ?article schema:datePublished ?published } }
  OPTIONAL { GRAPH ?article { ?article dcterms:identifier ?identifier } }
  OPTIONAL { GRAPH ?article { ?article dcterms:title ?title } }
  OPTIONAL { GRAPH ?article { ?article rel:textFile ?text_file } }
}
GROUP BY ?article ?published ?identifier ?title ?text_file
"""


def _value(term) -> str | None:
    return None if term is None else str(term.value)


def list_articles(dataset: Dataset) -> list[ArticleInfo]:
    """Every article with its date, title, triple count and file, oldest first."""
    infos: dict[str, ArticleInfo] = {}
    for article, published, identifier, title, text_file, triples in dataset.select(_ARTICLES).rows:
        graph = dataset.graph(article.value)
        if graph is None or graph.kind != "article" or article.value in infos:
            continue
        infos[article.value] = _info(graph, published, identifier, title, text_file, triples)
    return sorted(infos.values(), key=lambda a: (a.published or "", a.iri))


_ONE = """
SELECT ?published ?identifier ?title ?text_file WHERE {{
  OPTIONAL {{ GRAPH {article} {{ {article} schema:datePublished ?published }} }}
  OPTIONAL {{ GRAPH {article} {{ {article} dcterms:identifier ?identifier }} }}
  OPTIONAL {{ GRAPH {article} {{ {article} dcterms:title ?title }} }}
  OPTIONAL {{ GRAPH {article} {{ {article} rel:textFile ?text_file }} }}
}} LIMIT 1"""

_COUNT = "SELECT (COUNT(*) AS ?triples) WHERE {{ GRAPH {article} {{ ?s ?p ?o }} }}"

_TITLES = "SELECT ?article ?title WHERE { GRAPH ?article { ?article a rel:Article ; dcterms:title ?title } }"


def article_info(dataset: Dataset, graph: GraphInfo) -> ArticleInfo:
    """One article's date, title, identifier, text file and triple count (look-ups in its graph only)."""
    node = ox.NamedNode(graph.name)
    rows = dataset.select(_ONE.format(article=node)).rows
    published, identifier, title, text_file = rows[0] if rows else (None, None, None, None)
    triples = dataset.select(_COUNT.format(article=node)).rows[0][0]
    return _info(graph, published, identifier, title, text_file, triples)


def _info(
    graph: GraphInfo,
    published: Term | None,
    identifier: Term | None,
    title: Term | None,
    text_file: Term | None,
    triples: Term | None,
) -> ArticleInfo:
    """An article's record from its graph and the values read from it (the identifier defaults to
    the IRI's local name)."""
    local = graph.name[len(RELD) :] if graph.name.startswith(RELD) else compact_iri(graph.name)
    return ArticleInfo(
        iri=graph.name,
        identifier=_value(identifier) or local,
        published=_value(published),
        title=_value(title),
        triples=0 if triples is None else int(triples.value),  # COUNT(*) always has a value
        path=graph.path,
        text_file=_value(text_file),
    )


def find_article(dataset: Dataset, name: str) -> tuple[ArticleInfo, GraphInfo]:
    """The article a user names by IRI, prefixed name, identifier, file name or title.

    IRIs, identifiers and file names are looked up among the dataset's graphs; only a
    title needs a query (the titles alone, never a count over the whole graph).
    """
    articles = dataset.article_graphs()
    wanted = name.strip()
    iri = wanted[1:-1] if wanted.startswith("<") and wanted.endswith(">") else (expand_curie(wanted) or wanted)
    matches = [
        g
        for g in articles
        if g.name in (iri, RELD + wanted) or (g.path is not None and wanted in (g.path.name, g.path.stem, str(g.path)))
    ]
    titles: dict[str, str] = {}
    if not matches:
        titles = {row[0].value: row[1].value for row in dataset.select(_TITLES).rows}
        folded = wanted.casefold()
        exact = [a for a, title in titles.items() if title.casefold() == folded]
        named = exact or [a for a, title in titles.items() if folded and folded in title.casefold()]
        matches = [g for g in articles if g.name in set(named)]
    if len(matches) == 1:
        return article_info(dataset, matches[0]), matches[0]
    if not matches:
        known = [g.name[len(RELD) :] for g in articles if g.name.startswith(RELD)] + list(titles.values())
        hint = did_you_mean(wanted, known)
        raise EntityError(
            f"No article is named {name!r}.{hint} Name it by identifier, IRI or title ('relgraph articles' lists them)."
        )
    listed = ", ".join(compact_iri(g.name) for g in matches[:6])
    raise EntityError(f"{name!r} names {len(matches)} articles ({listed}); give its identifier.")


@dataclass(frozen=True)
class GraphStats:
    """A summary of the graph."""

    quads: int  # statements counted graph by graph: one stated in two articles counts twice
    data_quads: int  # the quads in the article graphs
    distinct_triples: int  # the triples of the merged graph, each once
    articles: int
    first_published: str | None
    last_published: str | None
    first_event: str | None
    last_event: str | None
    entities_by_class: tuple[tuple[str, str, int], ...]  # (class IRI, label, count)
    items_by_status: tuple[tuple[str, str, int], ...]  # (status IRI, label, count), by current status


_BY_CLASS = f"""
SELECT ?class (COUNT(DISTINCT ?entity) AS ?count) WHERE {{
  GRAPH ?g {{ ?entity a ?class }}
  FILTER(?g != <{GRAPH_ONTOLOGY}> && isIRI(?entity))
}}
GROUP BY ?class
ORDER BY DESC(?count) ?class
"""

# The latest report of each event or commitment wins, as in queries/current_status.rq.
_BY_STATUS = """
SELECT ?status (COUNT(DISTINCT ?item) AS ?count) WHERE {
  GRAPH ?source { ?item rel:status ?status }
  ?source schema:datePublished ?as_of .
  FILTER NOT EXISTS {
    GRAPH ?later { ?item rel:status ?other }
    ?later schema:datePublished ?later_date .
    FILTER(?later_date > ?as_of)
  }
}
GROUP BY ?status
ORDER BY DESC(?count) ?status
"""

_DATES = """
SELECT (MIN(?published) AS ?first) (MAX(?published) AS ?last) WHERE {
  GRAPH ?article { ?article a rel:Article ; schema:datePublished ?published }
}"""

_DISTINCT = "SELECT (COUNT(*) AS ?count) WHERE { ?s ?p ?o }"

_EVENT_DATES = """
SELECT (MIN(?date) AS ?first) (MAX(?date) AS ?last) WHERE {
  ?event rel:startDate|rel:date|rel:endDate ?date .
}"""


def graph_stats(dataset: Dataset) -> GraphStats:
    """Quads and distinct triples, articles, entities by class, items by current status, and the span of dates."""
    by_class = dataset.select(_BY_CLASS).rows
    by_status = dataset.select(_BY_STATUS).rows
    labels = labels_for(dataset, [row[0] for row in by_class] + [row[0] for row in by_status])
    first, last = dataset.select(_DATES).rows[0]
    first_event, last_event = dataset.select(_EVENT_DATES).rows[0]
    ontology = dataset.graph(GRAPH_ONTOLOGY)
    ontology_triples = len(dataset.triples_in(GRAPH_ONTOLOGY)) if ontology else 0

    def rows(found) -> tuple[tuple[str, str, int], ...]:
        return tuple(
            (term.value, labels.get(term.value, compact_iri(term.value)), int(count.value))
            for term, count in found
            if isinstance(term, ox.NamedNode)
        )

    return GraphStats(
        quads=len(dataset),
        data_quads=len(dataset) - ontology_triples,
        distinct_triples=int(dataset.select(_DISTINCT).rows[0][0].value),
        articles=len(dataset.article_graphs()),
        first_published=_value(first),
        last_published=_value(last),
        first_event=_value(first_event),
        last_event=_value(last_event),
        entities_by_class=rows(by_class),
        items_by_status=rows(by_status),
    )
