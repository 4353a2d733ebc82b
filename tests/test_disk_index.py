"""Building the store on disk in batches: the store one batch would give, and a failure leaves the old one.

``index_store`` bulk-loads the files a batch at a time (``relgraph.store.disk.BATCH_QUADS``
quads) and writes the merged default graph beside the named graphs as it goes. These
tests make the batches tiny (one file each), so every restated triple is loaded once
per batch that states it, and compare what comes out with one batch and with the
in-memory store, which merges with one SPARQL update (``MERGE_UNION``).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from relgraph.errors import DataParseError
from relgraph.paths import Project
from relgraph.store import disk, index_store, load_dataset, open_dataset
from relgraph.synthetic import generate_corpus

KENYA_LABEL = ox.Triple(
    ox.NamedNode("https://w3id.org/relgraph/id/kenya"),
    ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
    ox.Literal("Kenya", language="en"),
)
BUNDLED = "https://w3id.org/relgraph/id/article-2019-05-03-kenya-us-bsd"
HELD = "https://w3id.org/relgraph/id/article-2019-05-08-us-kenya-bsd-joint-statement"
BACKGROUND = "https://w3id.org/relgraph/id/background-kenya-us-bsd-2019"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Project:
    """The bundled articles and some synthetic ones (~8k triples, a few dozen files)."""
    root = tmp_path_factory.mktemp("index") / "corpus"
    generate_corpus(root, triples=8_000, seed=3, progress=False)
    return Project(root)


def _counting_bulk_extend(monkeypatch) -> list[int]:
    """Count the bulk loads (and the quads in each) that indexing makes."""
    calls: list[int] = []
    real = ox.Store.bulk_extend

    def counting(self, quads):
        quads = list(quads)
        calls.append(len(quads))
        return real(self, quads)

    monkeypatch.setattr(ox.Store, "bulk_extend", counting)
    return calls


def _lines(quads) -> list[str]:
    """Quads as sorted N-Quads lines; blank node labels are the engine's own, so they become one."""
    return sorted(re.sub(r"_:\w+", "_:b", str(q)) for q in quads)


def _default_graph(store: ox.Store) -> list[ox.Quad]:
    return list(store.quads_for_pattern(None, None, None, ox.DefaultGraph()))


def test_many_batches_give_the_store_one_batch_gives(corpus, tmp_path, monkeypatch):
    calls = _counting_bulk_extend(monkeypatch)
    monkeypatch.setattr(disk, "BATCH_QUADS", 10**9)
    index_store(corpus, tmp_path / "one")
    assert len(calls) == 1
    calls.clear()
    monkeypatch.setattr(disk, "BATCH_QUADS", 1)  # every file its own batch
    report = index_store(corpus, tmp_path / "many")
    assert len(calls) == report.files > 10
    monkeypatch.undo()
    memory = load_dataset(corpus)
    with open_dataset(corpus, store=tmp_path / "one") as one, open_dataset(corpus, store=tmp_path / "many") as many:
        assert _lines(one._store) == _lines(many._store)  # named graphs and the default graph
        assert _lines(_default_graph(many._store)) == _lines(_default_graph(memory._store))
        assert len(many) == len(one) > 5_000


def _graphs_stating(dataset, subject, predicate, object=None) -> list[ox.NamedNode | ox.DefaultGraph]:
    """The graphs that hold a pattern, once per quad (a write reopens the store: ask it afresh)."""
    return [q.graph_name for q in dataset._store.quads_for_pattern(subject, predicate, object, None)]


def test_a_restated_triple_is_once_in_the_default_graph(corpus, tmp_path, monkeypatch):
    monkeypatch.setattr(disk, "BATCH_QUADS", 1)
    index_store(corpus, tmp_path / "store")
    with open_dataset(corpus, store=tmp_path / "store") as dataset:
        stating = _graphs_stating(dataset, *KENYA_LABEL)
        assert {ox.NamedNode(BUNDLED), ox.NamedNode(HELD)} <= set(stating)  # two files, so two batches, state it
        assert stating.count(ox.DefaultGraph()) == 1
        # a blank node is one node in its file's graph (the background graph's) and in the default graph
        rows = dataset.select(
            f"SELECT ?node WHERE {{ GRAPH <{BACKGROUND}> {{ ?node a owl:AllDifferent }} ?node a owl:AllDifferent }}"
        ).rows
        assert len(rows) == 1 and isinstance(rows[0][0], ox.BlankNode)


def test_dropping_and_replacing_articles_after_a_batched_build_keeps_the_default_graph_the_union(
    corpus, tmp_path, monkeypatch
):
    monkeypatch.setattr(disk, "BATCH_QUADS", 1)
    index_store(corpus, tmp_path / "store")
    own = (ox.NamedNode(HELD), KENYA_LABEL.predicate)  # the held article's own label: only it states it
    with open_dataset(corpus, store=tmp_path / "store") as dataset:
        assert _graphs_stating(dataset, *own) == [ox.DefaultGraph(), ox.NamedNode(HELD)]
        held = dataset.graph(HELD)
        triples = dataset.triples_in(HELD)
        dataset.drop_graph(HELD)  # Kenya's label is still stated by the other article; the held one's is not
        assert _graphs_stating(dataset, *own) == []
        assert _graphs_stating(dataset, *KENYA_LABEL).count(ox.DefaultGraph()) == 1
        assert ox.NamedNode(HELD) not in _graphs_stating(dataset, *KENYA_LABEL)
        dataset.replace_graph(HELD, triples, path=held.path)
        assert _graphs_stating(dataset, *own) == [ox.DefaultGraph(), ox.NamedNode(HELD)]
        assert _graphs_stating(dataset, *KENYA_LABEL).count(ox.DefaultGraph()) == 1


def _kenya_label_graphs(project: Project, store: Path) -> list[str]:
    """The graphs that state Kenya's label (the default graph as DEFAULT), from the store as it answers now."""
    with open_dataset(project, store=store) as dataset:
        return sorted(str(g) for g in _graphs_stating(dataset, *KENYA_LABEL))


@pytest.fixture
def corpus_copy(corpus, tmp_path) -> Project:
    shutil.copytree(corpus.root, tmp_path / "corpus")
    return Project(tmp_path / "corpus")


def test_a_file_that_does_not_parse_in_a_late_batch_leaves_the_old_store(corpus_copy, tmp_path, monkeypatch):
    project = corpus_copy
    monkeypatch.setattr(disk, "BATCH_QUADS", 1)
    index_store(project, tmp_path / "store")
    before = _kenya_label_graphs(project, tmp_path / "store")
    last = project.data_files()[-1]
    calls = _counting_bulk_extend(monkeypatch)
    last.write_text(last.read_text(encoding="utf-8") + "\nreld:x reld:y <not an iri> .\n", encoding="utf-8")
    with pytest.raises(DataParseError, match=re.escape(project.relative(last)) + r", line \d+, column \d+"):
        index_store(project, tmp_path / "store", rebuild=True)
    # the earlier files were loaded (one batch each at this batch size) before the bad one was met
    assert len(calls) >= len(project.data_files()) // 2 > 1
    assert not list((tmp_path / "store").glob("building-*"))
    last.write_text(last.read_text(encoding="utf-8").rsplit("\nreld:x", 1)[0], encoding="utf-8")
    assert (
        _kenya_label_graphs(project, tmp_path / "store") == before
    )  # the old generation, still in step with the files


def test_ctrl_c_while_indexing_leaves_the_old_store(corpus_copy, tmp_path, monkeypatch):
    project = corpus_copy
    monkeypatch.setattr(disk, "BATCH_QUADS", 1)
    index_store(project, tmp_path / "store")
    before = _kenya_label_graphs(project, tmp_path / "store")
    read = disk._read_source
    seen = []

    def interrupted(project, path, kind):
        seen.append(path)
        if len(seen) == 10:
            raise KeyboardInterrupt
        return read(project, path, kind)

    monkeypatch.setattr(disk, "_read_source", interrupted)
    with pytest.raises(KeyboardInterrupt):
        index_store(project, tmp_path / "store", rebuild=True)
    monkeypatch.undo()
    assert not list((tmp_path / "store").glob("building-*"))
    assert _kenya_label_graphs(project, tmp_path / "store") == before


def test_the_manifest_reads_back_what_was_written(tmp_path):
    """Every field of every file record survives a write and a read, odd characters included."""
    records = (
        disk.FileRecord('data/articles/a "b" é.ttl', 12, 1_700_000_000_123_456_789, "ab" * 32, "urn:g:1", "article", 7),
        disk.FileRecord(
            "ontology/relgraph.ttl", 3, 4, "cd" * 32, "https://w3id.org/relgraph/graph/ontology", "ontology"
        ),
    )
    manifest = disk.Manifest(records, 7, "2026-11-26T23:00:00Z", "0.1.0")
    written = manifest.to_json()
    assert disk.Manifest.from_json(written, tmp_path / "manifest.json") == manifest
    assert disk.Manifest.from_json(disk.Manifest((), 0, "x", "y").to_json(), tmp_path).files == ()
