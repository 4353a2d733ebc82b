"""relgraph: a knowledge graph of relations between states, built from news articles.

The Python API does everything the ``relgraph`` command does, under the same names::

    from relgraph import find_project, load_dataset, run_query
    dataset = load_dataset(find_project())
    outcome = run_query(dataset, "dialogue_pillars", use_example=True)
"""

from __future__ import annotations

from relgraph.entities import label_of, labels_for, resolve_entity
from relgraph.errors import (
    DataParseError,
    DataShapeError,
    EntityError,
    ParameterError,
    ProjectError,
    QueryError,
    QueryFileError,
    QueryRefusedError,
    QuerySyntaxError,
    QueryTimeoutError,
    RelgraphError,
    StoreError,
    UnknownQueryError,
    ValidationError,
)
from relgraph.formats import format_result
from relgraph.paths import Project, bundled_project, find_project, init_project
from relgraph.queries import QueryOutcome, QuerySpec, list_queries, load_query, run_query, run_sparql
from relgraph.store import AskResult, Dataset, GraphResult, SelectResult, load_dataset, parse_rdf

__version__ = "0.1.0"

__all__ = [
    "AskResult",
    "DataParseError",
    "DataShapeError",
    "Dataset",
    "EntityError",
    "GraphResult",
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
    "RelgraphError",
    "SelectResult",
    "StoreError",
    "UnknownQueryError",
    "ValidationError",
    "__version__",
    "bundled_project",
    "find_project",
    "format_result",
    "init_project",
    "label_of",
    "labels_for",
    "list_queries",
    "load_dataset",
    "load_query",
    "parse_rdf",
    "resolve_entity",
    "run_query",
    "run_sparql",
]
