"""What ships: the wheel carries the bundled graph, 'relgraph init' starts a graph
folder, the graph folder is found from any folder below it, and the API is pinned."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile

import pytest

import relgraph
from relgraph.errors import ProjectError
from relgraph.paths import find_project, init_project
from relgraph.query.queries import run_query
from relgraph.store import load_dataset

from .conftest import REPO

PUBLIC_API = [
    "__version__",
    "add_article",
    "article_view",
    "AskResult",
    "build_graph",
    "bundled_project",
    "check_article",
    "check_consistency",
    "DataParseError",
    "Dataset",
    "DataShapeError",
    "compile_sheet",
    "draft_article",
    "dyad_summaries",
    "dyad_view",
    "entity_profile",
    "EntityError",
    "FactSheetError",
    "export_graph",
    "find_paths",
    "find_project",
    "format_result",
    "generate_corpus",
    "graph_stats",
    "GraphResult",
    "InconsistencyError",
    "infer",
    "init_project",
    "label_of",
    "labels_for",
    "list_articles",
    "list_queries",
    "load_dataset",
    "load_query",
    "new_article",
    "ParameterError",
    "parse_rdf",
    "Project",
    "ProjectError",
    "QueryError",
    "QueryFileError",
    "QueryOutcome",
    "QueryRefusedError",
    "QuerySpec",
    "QuerySyntaxError",
    "QueryTimeoutError",
    "rank_centrality",
    "read_sheet",
    "ReasoningError",
    "RelgraphError",
    "remove_article",
    "render_html",
    "resolve_entity",
    "run_query",
    "run_sparql",
    "Selection",
    "SelectResult",
    "split_sentences",
    "StoreError",
    "UnknownQueryError",
    "validate_article",
    "ValidationError",
    "ValidationIssue",
    "ValidationReport",
    "write_inferences",
]


def test_the_public_api_is_pinned():
    """Adding to the API is a decision: update PUBLIC_API with it."""
    assert sorted(relgraph.__all__) == sorted(PUBLIC_API)
    for name in relgraph.__all__:
        assert getattr(relgraph, name) is not None, name
    with pytest.raises(AttributeError, match="has no attribute 'nothing_here'"):
        relgraph.nothing_here  # noqa: B018


def test_the_graph_folder_is_found_from_a_subfolder(tmp_path):
    project = init_project(tmp_path / "g", with_example=True)
    deep = project.root / "data" / "articles"
    assert find_project(start=deep).root == project.root


def test_init_makes_a_working_graph_folder(tmp_path):
    project = init_project(tmp_path / "mine", with_example=True)
    assert (project.root / "relgraph.toml").is_file()
    dataset = load_dataset(project)
    rows = run_query(dataset, "dialogue_pillars", use_example=True).result.rows
    assert len(rows) == 4
    empty = init_project(tmp_path / "empty")
    assert [g.kind for g in load_dataset(empty).graphs] == ["ontology"]
    with pytest.raises(ProjectError, match="exists and is not empty"):
        init_project(tmp_path / "mine")


@pytest.mark.slow
def test_the_wheel_carries_the_bundled_graph_and_works_outside_a_checkout(tmp_path):
    wheels = tmp_path / "wheels"
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(REPO)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    if built.returncode != 0:
        pytest.skip(f"cannot build a wheel here: {built.stderr[-300:]}")
    (wheel,) = wheels.glob("relgraph-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in (
        "relgraph/_bundled/ontology/relgraph.ttl",
        "relgraph/_bundled/ontology/shapes.ttl",
        "relgraph/_bundled/data/triples.ttl",
        "relgraph/_bundled/data/articles/article-2019-05-03-kenya-us-bsd.txt",
        "relgraph/_bundled/queries/dialogue_pillars.rq",
    ):
        assert needed in names
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target), str(wheel)],
        check=True,
        timeout=600,
    )
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "RELGRAPH_PROJECT"} | {"PYTHONPATH": str(target)}
    done = subprocess.run(
        [sys.executable, "-m", "relgraph", "query", "dialogue_pillars", "--example", "-f", "csv"],
        capture_output=True,
        text=True,
        cwd=outside,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "pillar-defence-cooperation" in done.stdout
    check = subprocess.run(
        [sys.executable, "-c", "import relgraph, sys; print(relgraph.__file__)"],
        capture_output=True,
        text=True,
        cwd=outside,
        env=env,
        timeout=60,
    )
    assert check.stdout.startswith(str(target))
