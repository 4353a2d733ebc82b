"""The store's stamp: an unchanged graph folder is confirmed without reading the manifest,
and any file added, removed, edited, or rewritten with the same size is still caught.

Each test indexes a small synthetic folder, changes its files the way a person or a tool
would, and checks both what opening says and whether the manifest had to be read.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

import pytest

from relgraph.paths import Project
from relgraph.query.queries import run_query
from relgraph.store import auto, disk, load_dataset, open_dataset, stamp
from relgraph.store.disk import StoreOutOfStep, index_store, open_disk_backend
from relgraph.synthetic import generate_corpus

EDIT = '\nreld:kenya rdfs:comment "Edited by hand." .\n'


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("stamp") / "corpus"
    generate_corpus(root, triples=4_000, seed=5)
    return root


@pytest.fixture
def project(corpus, tmp_path) -> Project:
    copy = tmp_path / "graph"
    shutil.copytree(corpus, copy)
    return Project(copy)


@pytest.fixture
def store(project, tmp_path) -> Path:
    path = tmp_path / "store"
    index_store(project, path)
    return path


@pytest.fixture
def manifest_reads(monkeypatch) -> list[Path]:
    """Every read of a manifest.json while the test runs."""
    reads: list[Path] = []
    real = disk.read_manifest

    def counting(generation):
        reads.append(generation)
        return real(generation)

    monkeypatch.setattr(disk, "read_manifest", counting)
    return reads


def _article(project: Project) -> Path:
    return sorted(project.articles_dir.glob("*.ttl"))[0]


def _next_tick() -> None:
    """Let the file clock move on, so a write now gets another modification time than the index saw."""
    time.sleep(0.02)


def _opens_in_step(project: Project, store: Path) -> bool:
    try:
        open_disk_backend(project, store).close()
    except StoreOutOfStep:
        return False
    return True


def _diff(project: Project, store: Path) -> str:
    with pytest.raises(StoreOutOfStep) as caught:
        open_disk_backend(project, store).close()
    return caught.value.diff.describe()


def test_an_unchanged_folder_opens_without_reading_the_manifest_and_answers(project, store, manifest_reads):
    with open_dataset(project, store=store) as dataset:
        outcome = run_query(dataset, "entity_profile", {"entity": "reld:kenya"}, timeout=None)
        assert outcome.result.rows
        counted = len(dataset)  # from the stamp, not the manifest
    assert counted == len(load_dataset(project)) > 4_000  # the same count as reading the files
    assert manifest_reads == []
    with open_dataset(project, store=store) as dataset:  # asking for the graphs reads it, once
        assert any(g.kind == "article" for g in dataset.graphs)
    assert len(manifest_reads) == 1


def test_the_stamp_holds_a_digest_per_folder_and_the_counts(store, project):
    generation = store / (store / "CURRENT").read_text(encoding="utf-8").strip()
    kept = json.loads((generation / stamp.STAMP_FILE).read_text(encoding="utf-8"))
    manifest = disk.read_manifest(generation)
    assert set(kept["folders"]) == {"ontology", "data", "data/articles", "data/background"}
    assert kept["quads"] == manifest.quads and kept["files"] == len(manifest.files)
    assert kept["inferred"] is False
    assert kept["folders"] == stamp.folder_stamps(project)


def test_an_edited_file_is_caught(project, store):
    article = _article(project)
    _next_tick()
    with article.open("a", encoding="utf-8") as out:
        out.write(EDIT)
    assert _diff(project, store) == f"1 changed (data/articles/{article.name})"


def test_a_file_rewritten_with_the_same_size_is_caught(project, store):
    article = _article(project)
    before = article.read_bytes()
    after = before.replace(b"Kenya", b"Kenyb") if b"Kenya" in before else before[:-2] + b"\n\n"
    assert after != before and len(after) == len(before)
    _next_tick()
    article.write_bytes(after)  # in place: the folder's own modification time does not move
    assert article.stat().st_size == len(before)
    assert _diff(project, store) == f"1 changed (data/articles/{article.name})"


def test_an_added_file_is_caught(project, store):
    article = _article(project)
    copy = article.with_name("zz-added.ttl")
    copy.write_text(article.read_text(encoding="utf-8").replace("reld:article-", "reld:added-article-"), "utf-8")
    assert _diff(project, store) == "1 new (data/articles/zz-added.ttl)"


def test_a_removed_file_is_caught(project, store):
    article = _article(project)
    article.unlink()
    assert _diff(project, store) == f"1 gone (data/articles/{article.name})"


def test_a_file_in_another_folder_is_caught(project, store):
    ontology = sorted(project.ontology_dir.glob("*.ttl"))[0]
    _next_tick()
    with ontology.open("a", encoding="utf-8") as out:
        out.write("\n# a comment\n")
    assert not _opens_in_step(project, store)


def test_a_touched_file_reads_the_manifest_once_then_the_stamp_again(project, store, manifest_reads):
    _next_tick()
    os.utime(_article(project))  # touched, not changed: in step, found by hashing the file
    assert _opens_in_step(project, store)
    assert len(manifest_reads) == 1
    assert _opens_in_step(project, store)  # restamped: no manifest this time
    assert len(manifest_reads) == 1


def test_a_missing_or_broken_stamp_falls_back_to_the_manifest(project, store, manifest_reads):
    generation = store / (store / "CURRENT").read_text(encoding="utf-8").strip()
    (generation / stamp.STAMP_FILE).write_text("{not json", encoding="utf-8")
    assert _opens_in_step(project, store)
    (generation / stamp.STAMP_FILE).unlink()
    article = _article(project)
    article.unlink()
    assert not _opens_in_step(project, store)
    assert len(manifest_reads) == 2


def test_a_change_through_the_store_restamps_it(project, store, manifest_reads):
    article = _article(project)
    _next_tick()
    with article.open("a", encoding="utf-8") as out:
        out.write(EDIT)
    report = index_store(project, store)
    assert report.action == "updated" and report.diff.changed == (f"data/articles/{article.name}",)
    manifest_reads.clear()
    assert _opens_in_step(project, store)
    assert manifest_reads == []  # the update wrote a new stamp with the manifest
    assert index_store(project, store).action == "unchanged"
    assert manifest_reads == []


def test_the_automatic_store_brings_itself_up_to_date_after_each_kind_of_change(project, monkeypatch):
    monkeypatch.setattr(auto, "AUTO_STORE_BYTES", 1)
    said: list[str] = []

    def comments() -> set[str]:
        with open_dataset(project, notify=said.append) as dataset:
            assert dataset.kind == "disk"
            rows = dataset.select("SELECT ?c WHERE { reld:kenya rdfs:comment ?c }").rows
            return {str(row[0].value) for row in rows}

    assert "Edited by hand." not in comments()
    article = _article(project)
    original = article.read_bytes()
    _next_tick()
    with article.open("a", encoding="utf-8") as out:  # edited
        out.write(EDIT)
    said.clear()
    assert "Edited by hand." in comments()
    assert "bringing the store" in said[0] and "1 changed" in said[0]
    _next_tick()
    article.write_bytes(original.replace(b"\n", b"\n", 1) + EDIT.replace("hand", "hanD").encode())  # same size
    said.clear()
    assert comments() >= {"Edited by hanD."} and "Edited by hand." not in comments()
    assert "1 changed" in said[0]
    article.unlink()  # removed
    said.clear()
    assert "Edited by hanD." not in comments()
    assert "1 gone" in said[0]
    said.clear()
    comments()
    assert said == []  # in step again: nothing to say


def test_the_stamp_scans_the_folders_the_store_is_built_from(project, store):
    """Every folder of ``Project.source_entries`` is in the stamp's scan, the inferences too."""
    (project.inferred_dir).mkdir(parents=True, exist_ok=True)
    (project.inferred_dir / "inferred.ttl").write_text("", encoding="utf-8")
    folders = {rel.rpartition("/")[0] for rel in project.source_entries()}
    assert folders == {"ontology", "data", "data/articles", "data/background", "data/inferred"}
    assert set(stamp.folder_stamps(project)) == folders
    assert not _opens_in_step(project, store)  # the new inferences file is caught


def test_an_older_stamp_beside_ours_is_left_alone_until_the_store_changes(project, store, manifest_reads):
    """An older relgraph keeps ``stamp.json`` (format 1) in the same generation: opening does not
    rewrite it, and a change of the store removes it with ours, so it can never vouch for old files."""
    generation = store / (store / "CURRENT").read_text(encoding="utf-8").strip()
    older = generation / "stamp.json"
    older.write_text('{"format": 1, "folders": {}}\n', encoding="utf-8")
    assert _opens_in_step(project, store)
    assert manifest_reads == [] and older.is_file()
    article = _article(project)
    _next_tick()
    with article.open("a", encoding="utf-8") as out:
        out.write(EDIT)
    assert index_store(project, store).action == "updated"
    assert not older.exists() and (generation / stamp.STAMP_FILE).is_file()


def test_the_digest_sees_each_field_of_each_file(project):
    """Name, size and time each move the folder's digest; the order the folder lists its files in does not."""
    rows = [("a.ttl", 10, 1_700_000_000_000_000_001), ("b.ttl", 20, 1_700_000_000_000_000_002)]

    def digest(records):
        kept = stamp.manifest_stamp([_Row(f"data/articles/{n}", s, m) for n, s, m in records], 0)
        return kept["folders"]["data/articles"]

    base = digest(rows)
    assert digest(list(reversed(rows))) == base
    assert digest([("a.ttl", 10, 1_700_000_000_000_000_001), ("c.ttl", 20, 1_700_000_000_000_000_002)]) != base
    assert digest([("a.ttl", 11, 1_700_000_000_000_000_001), rows[1]]) != base
    assert digest([("a.ttl", 10, 1_700_000_000_000_000_009), rows[1]]) != base
    assert digest([("a.ttl", 20, 1_700_000_000_000_000_001), ("b.ttl", 10, 1_700_000_000_000_000_002)]) != base


class _Row:
    def __init__(self, path: str, size: int, mtime_ns: int):
        self.path, self.size, self.mtime_ns, self.kind = path, size, mtime_ns, "article"
