"""The instance graph that analytics works on, built once and kept with the store.

``path``, ``central`` and ``dyads`` work on the instance graph that
``relgraph.views.graphview.build_structure`` reads from every quad: 14-17 s and over a GB at
1M triples. Building it for every command was most of their time, so it is kept:

* ``structure(dataset)``: the MultiDiGraph itself (centrality, dyads);
* ``path_index(dataset)``: what a path search needs and no more (node IRIs and labels,
  the undirected neighbours as two integer arrays, and the labelled edge that a step
  from one node to the next shows), a few MB that load in a fraction of a second.

With a store on disk both are files of the store's current generation
(``Dataset.derived_file``), made by the first command that needs them; adding or
removing an article, or re-indexing, removes them, so a kept file always matches the
graphs, and the next command makes it again. In memory they are kept with the dataset
(``Dataset.remember``) for as long as it is open. The files are pickles: they are
read only from the store's own folder, which only relgraph writes (as it writes the
store's RocksDB files beside them); a folder that others may write is no place for a
store.
"""

from __future__ import annotations

import contextlib
import gc
import pickle
from array import array
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

import networkx as nx

from relgraph.model.namespaces import compact_iri
from relgraph.store import Dataset, write_atomic

__all__ = ["PathIndex", "kept_structure", "path_index", "structure"]

T = TypeVar("T")
_FORMAT = 1  # bump when what is pickled changes: older files are then built again


@dataclass(frozen=True)
class PathIndex:
    """The instance graph as far as a path search needs it."""

    nodes: tuple[str, ...]  # IRIs, sorted
    labels: tuple[str, ...]
    offsets: array  # node i's neighbours are targets[offsets[i]:offsets[i + 1]] (undirected, no loops)
    targets: array
    steps: dict[tuple[int, int], tuple[str, str]]  # (u, v) -> (property, label) of the edge u->v a path shows
    _position: dict[str, int] = field(default_factory=dict, compare=False, repr=False)

    def position(self, iri: str) -> int | None:
        if not self._position:
            self._position.update((n, i) for i, n in enumerate(self.nodes))
        return self._position.get(iri)

    def neighbours(self, i: int) -> array:
        return self.targets[self.offsets[i] : self.offsets[i + 1]]


def structure(dataset: Dataset) -> nx.MultiDiGraph:
    """``build_structure(dataset)``, built once per state of the graphs (see the module's docstring)."""
    from relgraph.views.graphview import build_structure

    return _kept(dataset, "structure", lambda: build_structure(dataset))


def kept_structure(dataset: Dataset) -> nx.MultiDiGraph | None:
    """``structure(dataset)`` if the store keeps it already, else None: for a caller that would rather
    read less than build it (``relgraph render``: building it takes 14 s at 1M triples)."""
    path = dataset.derived_file(f"structure-v{_FORMAT}.pickle")
    return structure(dataset) if path is not None and path.is_file() else None


def path_index(dataset: Dataset) -> PathIndex:
    """The path index of the instance graph, built once per state of the graphs."""
    return _kept(dataset, "paths", lambda: _index(structure(dataset)))


def _index(graph: nx.MultiDiGraph) -> PathIndex:
    nodes = tuple(sorted(graph))
    position = {n: i for i, n in enumerate(nodes)}
    neighbours: list[set[int]] = [set() for _ in nodes]
    steps: dict[tuple[int, int], tuple[str, str]] = {}
    for u, v, key, data in graph.edges(keys=True, data=True):
        if u == v:
            continue
        a, b = position[u], position[v]
        neighbours[a].add(b)
        neighbours[b].add(a)
        label = str(data.get("label", compact_iri(key)))
        if (a, b) not in steps or (label, key) < (steps[(a, b)][1], steps[(a, b)][0]):
            steps[(a, b)] = (key, label)
    offsets, targets = array("I", [0]), array("I")
    for found in neighbours:
        targets.extend(sorted(found))
        offsets.append(len(targets))
    labels = tuple(str(graph.nodes[n].get("label", compact_iri(n))) for n in nodes)
    return PathIndex(nodes, labels, offsets, targets, steps)


def _kept(dataset: Dataset, name: str, build: Callable[[], T]) -> T:
    return dataset.remember(("projection", name), lambda: _load_or_build(dataset, name, build))


def _load_or_build(dataset: Dataset, name: str, build: Callable[[], T]) -> T:
    path = dataset.derived_file(f"{name}-v{_FORMAT}.pickle")
    if path is not None and path.is_file():
        collecting = gc.isenabled()
        gc.disable()  # unpickling a large graph makes millions of objects; the collector would walk them all again
        try:
            return pickle.loads(path.read_bytes())
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError):
            path.unlink(missing_ok=True)  # unreadable (written by another version?): build it again
        finally:
            if collecting:
                gc.enable()
    made = build()
    if path is not None:
        # A store the user may not write into (shared, read-only): the next command builds it again.
        with contextlib.suppress(OSError):
            write_atomic(path, pickle.dumps(made, protocol=pickle.HIGHEST_PROTOCOL))
    return made
