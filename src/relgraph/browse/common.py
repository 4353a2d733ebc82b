"""What the browse pages share: running their look-ups under a time limit, and sentences as evidence."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pyoxigraph as ox

from relgraph.errors import QueryError
from relgraph.model.namespaces import GRAPH_INFERRED, GRAPH_UNION
from relgraph.store import Dataset, SelectResult, Term

__all__ = ["Evidence", "article_dates", "evidence_from_rows", "literal", "records", "value"]


def records(
    dataset: Dataset, text: str, bindings: Mapping[str, Term], *, timeout: float | None
) -> list[dict[str, Term | None]]:
    """The rows of a browse look-up, run like a user's query: in the query child, under ``timeout``."""
    default_graphs = None if dataset.include_inferred or dataset.graph(GRAPH_INFERRED) is None else [GRAPH_UNION]
    result = dataset.execute(text, bindings=dict(bindings), timeout=timeout, default_graphs=default_graphs)
    if not isinstance(result, SelectResult):
        raise QueryError("A browse look-up must be a SELECT.")
    return result.records()


_DATES = "SELECT ?article ?published WHERE { VALUES ?article { %s } ?article schema:datePublished ?published }"


def article_dates(dataset: Dataset, articles: Iterable[str]) -> dict[str, str]:
    """The publication date of each article IRI (those without one left out)."""
    iris = sorted({a for a in articles if a})
    found: dict[str, str] = {}
    for start in range(0, len(iris), 500):
        # The IRIs come from the store and are written by pyoxigraph (N-Triples syntax): nothing pasted.
        values = " ".join(str(ox.NamedNode(i)) for i in iris[start : start + 500])
        for article, published in dataset.select(_DATES % values).rows:
            if article is not None and published is not None:
                found.setdefault(article.value, published.value)
    return found


def value(term: Term | None) -> str | None:
    """An IRI's or a literal's text (None for an unbound one)."""
    if term is None:
        return None
    return str(term.value) if isinstance(term, ox.NamedNode | ox.Literal | ox.BlankNode) else str(term)


def literal(term: Term | None) -> int | None:
    """An integer literal's value, or None."""
    try:
        return int(term.value) if isinstance(term, ox.Literal) else None
    except ValueError:
        return None


@dataclass(frozen=True)
class Evidence:
    """One sentence of one article that states something, with who said it and how."""

    article: str
    published: str | None
    mention: str
    begin: int | None  # code points into the article's text, end exclusive (None: the data gives none)
    end: int | None
    sentence: str
    speakers: tuple[str, ...] = ()
    mode: str | None = None
    quoted_from: str | None = None
    status: str | None = None  # the status the article reports, if any
    predicate: str | None = None  # the fact it supports (fact-level evidence), else None
    object: Term | None = None


def evidence_from_rows(rows: Iterable[Mapping[str, Term | None]]) -> list[Evidence]:
    """Rows of ENTITY_EVIDENCE (one per speaker) folded into one Evidence per (fact, sentence)."""
    found: dict[tuple, dict] = {}
    for row in rows:
        begin, end = literal(row.get("begin")), literal(row.get("end"))
        mention = value(row.get("mention"))
        if mention is None:
            continue
        key = (value(row.get("predicate")), row.get("object"), mention)
        entry = found.setdefault(
            key,
            {
                "article": value(row.get("article")) or "",
                "published": value(row.get("published")),
                "mention": mention,
                "begin": begin,
                "end": end,
                "sentence": value(row.get("sentence")) or "",
                "speakers": [],
                "mode": value(row.get("mode")),
                "quoted_from": value(row.get("quoted_from")),
                "status": value(row.get("status")),
                "predicate": value(row.get("predicate")),
                "object": row.get("object"),
            },
        )
        speaker = value(row.get("speaker"))
        if speaker and speaker not in entry["speakers"]:
            entry["speakers"].append(speaker)
    return [Evidence(**{**e, "speakers": tuple(e["speakers"])}) for e in found.values()]
