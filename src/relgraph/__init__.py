"""relgraph: a knowledge graph of relations between states, built from news articles.

The Python API does everything the ``relgraph`` command does, under the same names::

    from relgraph import find_project, load_dataset, run_query
    dataset = load_dataset(find_project())
    outcome = run_query(dataset, "dialogue_pillars", use_example=True)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from relgraph.errors import (
    DataParseError,
    DataShapeError,
    EntityError,
    FactSheetError,
    InconsistencyError,
    ParameterError,
    ProjectError,
    QueryError,
    QueryFileError,
    QueryRefusedError,
    QuerySyntaxError,
    QueryTimeoutError,
    ReasoningError,
    RelgraphError,
    StoreError,
    UnknownQueryError,
    ValidationError,
)
from relgraph.version import __version__

if TYPE_CHECKING:  # for type checkers; at run time each name is imported on first use (``_LAZY``)
    from relgraph.paths import Project, bundled_project, find_project, init_project
    from relgraph.query.entities import label_of, labels_for, resolve_entity
    from relgraph.query.formats import format_result
    from relgraph.query.queries import QueryOutcome, QuerySpec, list_queries, load_query, run_query, run_sparql
    from relgraph.store import AskResult, Dataset, GraphResult, SelectResult, load_dataset, parse_rdf

#: Everything but the errors is imported on first use, so ``import relgraph`` (which
#: ``python -m relgraph`` and the ``relgraph`` script run first) costs almost nothing and a
#: command imports only what it uses: the heavy libraries (networkx, pyvis, pyshacl,
#: owlready2) never come with ``relgraph query``.
_LAZY = {
    **dict.fromkeys(("label_of", "labels_for", "resolve_entity"), "relgraph.query.entities"),
    "format_result": "relgraph.query.formats",
    **dict.fromkeys(("Project", "bundled_project", "find_project", "init_project"), "relgraph.paths"),
    **dict.fromkeys(
        ("QueryOutcome", "QuerySpec", "list_queries", "load_query", "run_query", "run_sparql"), "relgraph.query.queries"
    ),
    **dict.fromkeys(
        ("AskResult", "Dataset", "GraphResult", "SelectResult", "load_dataset", "parse_rdf"), "relgraph.store"
    ),
    "Selection": "relgraph.views.graphview",
    "build_graph": "relgraph.views.graphview",
    "render_html": "relgraph.views.visualise",
    "check_article": "relgraph.ingest.validation",
    "validate_article": "relgraph.ingest.validation",
    "ValidationReport": "relgraph.ingest.validation",
    "ValidationIssue": "relgraph.ingest.validation",
    "add_article": "relgraph.ingest.add",
    "remove_article": "relgraph.ingest.add",
    "list_articles": "relgraph.ingest.catalog",
    "graph_stats": "relgraph.ingest.catalog",
    "split_sentences": "relgraph.ingest.sentences",
    "new_article": "relgraph.ingest.skeleton",
    "draft_article": "relgraph.drafting",
    "read_sheet": "relgraph.ingest.factsheet",
    "compile_sheet": "relgraph.ingest.compiler",
    "infer": "relgraph.reasoning.inferences",
    "write_inferences": "relgraph.reasoning.inferences",
    "check_consistency": "relgraph.reasoning.consistency",
    "find_paths": "relgraph.analytics.network",
    "rank_centrality": "relgraph.analytics.network",
    "dyad_summaries": "relgraph.analytics.network",
    "export_graph": "relgraph.analytics.network",
    "generate_corpus": "relgraph.synthetic",
    "entity_profile": "relgraph.browse",
    "article_view": "relgraph.browse",
    "dyad_view": "relgraph.browse",
}


def __getattr__(name: str):
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'relgraph' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


__all__ = [
    "AskResult",
    "DataParseError",
    "DataShapeError",
    "Dataset",
    "EntityError",
    "FactSheetError",
    "GraphResult",
    "InconsistencyError",
    "ParameterError",
    "Project",
    "ProjectError",
    "QueryError",
    "QueryFileError",
    "QueryOutcome",
    "QueryRefusedError",
    "QuerySpec",
    "QuerySyntaxError",
    "QueryTimeoutError",
    "ReasoningError",
    "RelgraphError",
    "SelectResult",
    "Selection",
    "StoreError",
    "UnknownQueryError",
    "ValidationError",
    "ValidationIssue",
    "ValidationReport",
    "__version__",
    "add_article",
    "article_view",
    "build_graph",
    "bundled_project",
    "check_article",
    "check_consistency",
    "compile_sheet",
    "draft_article",
    "dyad_summaries",
    "dyad_view",
    "entity_profile",
    "export_graph",
    "find_paths",
    "find_project",
    "format_result",
    "generate_corpus",
    "graph_stats",
    "infer",
    "init_project",
    "label_of",
    "labels_for",
    "list_articles",
    "list_queries",
    "load_dataset",
    "load_query",
    "new_article",
    "parse_rdf",
    "rank_centrality",
    "read_sheet",
    "remove_article",
    "render_html",
    "resolve_entity",
    "run_query",
    "run_sparql",
    "split_sentences",
    "validate_article",
    "write_inferences",
]
