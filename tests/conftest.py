"""Shared fixtures: the bundled graph, copies of it to change, and a CLI runner."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from relgraph.cli import main
from relgraph.paths import Project
from relgraph.store import load_dataset

REPO = Path(__file__).resolve().parents[1]
TEST_DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def repo_project() -> Project:
    return Project(REPO)


@pytest.fixture(scope="session")
def dataset(repo_project):
    """The bundled graph, loaded once (read-only: tests must not change it)."""
    return load_dataset(repo_project)


@pytest.fixture
def project_copy(tmp_path) -> Project:
    """A private copy of the repo's graph folder that a test may change."""
    root = tmp_path / "graph"
    for name in ("ontology", "data", "queries"):
        shutil.copytree(REPO / name, root / name)
    return Project(root)


@pytest.fixture
def cli():
    """Run the relgraph command in-process: cli("query", "x") -> click Result."""
    runner = CliRunner()

    def invoke(*args: str, project: Project | None = None, input: str | None = None):
        full = (["--project", str(project.root)] if project else []) + list(args)
        return runner.invoke(main, full, input=input, catch_exceptions=False)

    return invoke


def tree_digest(root: Path) -> str:
    """A hash of every file's path and bytes below root: equal means untouched.

    The writers' lock file (.relgraph/lock, empty when no one holds it) is left out: taking
    the lock is not a change to the graph folder."""
    digest = hashlib.sha256()
    for path in sorted(
        p for p in root.rglob("*") if p.is_file() and p.relative_to(root).as_posix() != ".relgraph/lock"
    ):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()
