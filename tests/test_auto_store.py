"""The store relgraph keeps without being asked: memory for small folders, a store on disk for large ones.

The size from which a folder gets a store (``AUTO_STORE_BYTES``, about 2 MB of Turtle) is
lowered here, so a corpus of a few thousand triples stands for a large one.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from relgraph.cli import main
from relgraph.paths import Project, init_project
from relgraph.query.queries import run_query
from relgraph.store import auto, open_dataset
from relgraph.synthetic import generate_corpus

REPO = Path(__file__).resolve().parents[1]
NEW_ARTICLE = "article-auto-store-copy"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("auto") / "corpus"
    generate_corpus(root, triples=5_000, seed=2)
    return root


@pytest.fixture
def folder(corpus, tmp_path) -> Path:
    copy = tmp_path / "graph"
    shutil.copytree(corpus, copy)
    return copy


@pytest.fixture
def large(monkeypatch):
    """Every folder counts as large."""
    monkeypatch.setattr(auto, "AUTO_STORE_BYTES", 1)


def _open(root: Path, said: list[str], **options):
    return open_dataset(Project(root), notify=said.append, **options)


def _labels(dataset, name: str) -> set[str]:
    outcome = run_query(dataset, "entity_profile", {"entity": name}, timeout=None)
    return {str(row[outcome.result.variables.index("value")].value) for row in outcome.result.rows}


def test_a_small_folder_is_read_into_memory_and_nothing_is_written(folder):
    said: list[str] = []
    with _open(folder, said) as dataset:
        assert dataset.kind == "memory"
    assert said == []
    assert not (folder / ".relgraph").exists()


def test_a_large_folder_gets_a_store_on_first_use_then_opens_it_silently(folder, large):
    said: list[str] = []
    with _open(folder, said) as dataset:
        assert dataset.kind == "disk"
        first = _labels(dataset, "Kenya")
    assert len(said) == 1
    assert "indexing it once into a store at" in said[0] and str(folder / ".relgraph" / "store") in said[0]
    assert (folder / ".relgraph" / ".gitignore").read_text(encoding="utf-8").splitlines()[-1] == "*"
    again: list[str] = []
    with _open(folder, again) as dataset:
        assert dataset.kind == "disk"
        assert _labels(dataset, "Kenya") == first
    assert again == []  # an up-to-date store opens without a word


def test_files_changed_behind_its_back_are_brought_into_the_store(folder, large):
    with _open(folder, []):
        pass
    bundled = (folder / "data" / "triples.ttl").read_text(encoding="utf-8")
    copy = bundled.replace("article-2019-05-03-kenya-us-bsd", NEW_ARTICLE).replace(
        '"Kenya"@en', '"Kenya (auto-store test)"@en', 1
    )
    (folder / "data" / "articles" / f"{NEW_ARTICLE}.ttl").write_text(copy, encoding="utf-8")
    said: list[str] = []
    with _open(folder, said) as dataset:
        assert dataset.kind == "disk"
        assert dataset.graph(f"https://w3id.org/relgraph/id/{NEW_ARTICLE}") is not None
        assert "Kenya (auto-store test)" in _labels(dataset, "reld:kenya")
    assert len(said) == 1 and "1 new (data/articles/article-auto-store-copy.ttl)" in said[0]
    assert "bringing the store at" in said[0]
    (folder / "data" / "articles" / f"{NEW_ARTICLE}.ttl").unlink()
    with _open(folder, []) as dataset:
        assert dataset.graph(f"https://w3id.org/relgraph/id/{NEW_ARTICLE}") is None
        assert "Kenya (auto-store test)" not in _labels(dataset, "reld:kenya")


def test_memory_in_relgraph_toml_keeps_a_large_folder_in_memory(folder, large):
    (folder / "relgraph.toml").write_text('[store]\nbackend = "memory"\n', encoding="utf-8")
    with _open(folder, []) as dataset:
        assert dataset.kind == "memory"
    assert not (folder / ".relgraph").exists()


def test_a_read_only_folder_keeps_its_store_in_the_user_cache(folder, large, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    said: list[str] = []
    with open_dataset(Project(folder, read_only=True), notify=said.append) as dataset:
        assert dataset.kind == "disk"
        assert _labels(dataset, "Kenya")
    assert not (folder / ".relgraph").exists()
    stores = list((tmp_path / "cache" / "relgraph" / "stores").iterdir())
    assert len(stores) == 1 and (stores[0] / "CURRENT").is_file()
    assert str(stores[0]) in said[0]


def test_the_cli_says_once_on_stderr_what_it_does_and_answers_the_same(folder, large):
    runner = CliRunner()
    args = ["-C", str(folder), "query", "status_history", "--example", "-f", "csv"]
    first = runner.invoke(main, args)
    assert first.exit_code == 0, first.output
    assert first.stderr.count("relgraph: ") == 1 and ".relgraph/store" in first.stderr
    second = runner.invoke(main, args)
    assert second.exit_code == 0 and second.stderr == ""
    memory = runner.invoke(main, ["-C", str(folder), "--store", str(folder / ".relgraph" / "store"), *args[2:]])
    assert second.stdout == first.stdout == memory.stdout
    assert "completed" in first.stdout.lower()


def test_init_keeps_the_store_out_of_git(tmp_path):
    project = init_project(tmp_path / "new")
    assert ".relgraph/" in (project.root / ".gitignore").read_text(encoding="utf-8").splitlines()


def test_relgraph_index_builds_the_same_store_and_keeps_it_out_of_git(folder):
    runner = CliRunner()
    built = runner.invoke(main, ["-C", str(folder), "index", "--no-progress"])
    assert built.exit_code == 0, built.output
    assert str(folder / ".relgraph" / "store") in built.stdout
    assert (folder / ".relgraph" / ".gitignore").read_text(encoding="utf-8").splitlines()[-1] == "*"
    said: list[str] = []
    with _open(folder, said) as dataset:  # small, but a store exists: it is used, silently
        assert dataset.kind == "disk"
    assert said == []
