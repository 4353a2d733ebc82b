"""Uploading a graph folder to a remote engine: one named graph per article, resumable.

Each graph goes up with a Graph Store protocol PUT, which replaces the graph on the
endpoint: sending the same graph twice leaves one copy, so a push that stopped half
way (a time-out, Ctrl-C, a dropped connection) is simply run again. What was sent
(each graph, the file it came from and that file's SHA-256) is recorded after every
batch in a state file; the next push skips graphs whose file has not changed, sends
the rest, and deletes on the endpoint the graphs whose files are gone.

The push also keeps the merged graph (``GRAPH_UNION``) that relgraph's remote queries
read as their default graph: the set union of the ontology and article graphs, as
the embedded stores hold it (why: ``relgraph.store.remote``). It is kept with
standard SPARQL Update, two ways:

* *in step*, when the last push left it complete and few graphs changed: before a
  graph is replaced or deleted, the triples that only it states leave the merged
  graph; after the PUT its new triples are copied in;
* *rebuilt*, on the first push, after ``--force``, when many graphs changed (above
  ``REBUILD_SHARE`` of them, and more than 50), when the record does not say it is complete (a push
  that stopped half way, or one from a relgraph before the merged graph) or when the
  endpoint lacks it: the graphs are sent, then the merged graph is dropped and filled
  again from every ontology and article graph on the endpoint, a batch of graphs per
  update.

The record says "pending" from before the first change until the merged graph is
right again, so a push that stopped anywhere is finished by the next one, which
rebuilds: nothing doubled (a graph holds a triple once), nothing stale left.
"""

from __future__ import annotations

import hashlib
import json
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from relgraph.errors import RelgraphError, StoreError
from relgraph.model.namespaces import GRAPH_INFERRED, GRAPH_ONTOLOGY
from relgraph.paths import Project
from relgraph.store.embedded import article_of, article_subjects
from relgraph.store.files import parse_error, write_atomic
from relgraph.store.remote import (
    RemoteBackend,
    RemoteConfig,
    delete_graph,
    merge_text,
    put_graph,
    rebuild_union,
    run_update,
    unmerge_text,
)

__all__ = ["REBUILD_SHARE", "PushReport", "push_graphs", "push_state_path"]

#: Above this share of the graphs changed (and more than ``_IN_STEP_MIN`` graphs), rebuilding the
#: merged graph beats keeping it in step (two small updates per graph).
REBUILD_SHARE = 0.2
_IN_STEP_MIN = 50


@dataclass(frozen=True)
class PushReport:
    """What 'relgraph push' did."""

    endpoint: str
    sent: int
    skipped: int
    deleted: int
    triples: int
    seconds: float
    state: Path
    errors: tuple[str, ...] = field(default=())
    merged: str = "unchanged"  # what happened to the merged graph: "unchanged", "kept in step" or "rebuilt"


def push_state_path(project: Project, config: RemoteConfig) -> Path:
    """Where the record of a push to this endpoint lives (in the graph folder, or the user's cache)."""
    key = hashlib.sha256((config.graph_store_url or config.query_url).encode()).hexdigest()[:16]
    if project.read_only:
        return Path.home() / ".cache" / "relgraph" / f"push-{key}.json"
    return project.root / ".relgraph" / f"push-{key}.json"


def _read_state(path: Path, endpoint: str) -> tuple[dict[str, dict[str, str]], bool]:
    """The graphs sent to this endpoint, and whether the merged graph was left complete."""
    try:
        body = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}, False
    except (OSError, ValueError) as exc:
        raise StoreError(f"The push record {path} cannot be read ({exc}); delete it to push everything again.") from exc
    if body.get("endpoint") != endpoint:
        return {}, False
    return dict(body.get("graphs", {})), body.get("union") == "complete"


def _write_state(path: Path, endpoint: str, graphs: dict[str, dict[str, str]], *, union_complete: bool) -> None:
    body = {
        "endpoint": endpoint,
        "updated": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "union": "complete" if union_complete else "pending",
        "graphs": graphs,
    }
    write_atomic(path, json.dumps(body, indent=0, sort_keys=True).encode("utf-8"))


def _units(project: Project) -> list[tuple[str, str, list[Path]]]:
    """(key, kind, files): the ontology is one graph from all its files; each data file is one article."""
    units: list[tuple[str, str, list[Path]]] = []
    if project.ontology_files():
        units.append(("ontology/", "ontology", project.ontology_files()))
    units += [(project.relative(p), "article", [p]) for p in project.data_files()]
    if project.inferred_files():
        units.append(("data/inferred/", "inferred", project.inferred_files()))
    return units


def _read_unit(project: Project, kind: str, files: list[Path]) -> tuple[str, str, list[ox.Triple]]:
    digest = hashlib.sha256()
    triples: list[ox.Triple] = []
    for path in files:
        data = path.read_bytes()
        digest.update(data)
        try:
            triples += [q.triple for q in ox.parse(data, format=ox.RdfFormat.TURTLE)]
        except SyntaxError as exc:
            raise parse_error(exc, project.relative(path)) from exc
    if kind == "ontology":
        graph = GRAPH_ONTOLOGY
    elif kind == "inferred":
        graph = GRAPH_INFERRED
    else:
        graph = article_of(article_subjects(triples), project.relative(files[0]))
    return graph, digest.hexdigest(), triples


def _digest(files: list[Path]) -> str:
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.read_bytes())
    return digest.hexdigest()


@dataclass
class _Upload:
    """One push under way: what was sent so far (``done``, saved to the state file as it grows) and the counts."""

    project: Project
    config: RemoteConfig
    client: Any
    state_path: Path
    endpoint: str
    done: dict[str, dict[str, str]]
    rebuild: bool
    batch_size: int
    sent: int = 0
    skipped: int = 0
    deleted: int = 0
    triples_sent: int = 0
    _pending: int = 0

    def save(self, *, union_complete: bool = False) -> None:
        _write_state(self.state_path, self.endpoint, self.done, union_complete=union_complete)

    def send(self, units: list, bar) -> set[str]:
        """PUT every unit whose files changed since the last push (kept in step unless rebuilding); the graphs seen."""
        present: set[str] = set()
        for key, kind, files in units:
            graph, digest, triples = _read_unit(self.project, kind, files)
            present.add(graph)
            previous = self.done.get(graph)
            if previous is not None and previous.get("sha256") == digest and previous.get("source") == key:
                self.skipped += 1
            else:
                self._put(graph, kind, triples)
                self.done[graph] = {"source": key, "sha256": digest, "triples": str(len(triples))}
            if bar is not None:
                bar.update(1)
        return present

    def _put(self, graph: str, kind: str, triples: list) -> None:
        in_step = not self.rebuild and kind != "inferred"
        if in_step:
            run_update(self.client, self.config, unmerge_text(graph))
        put_graph(self.client, self.config, graph, ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES))
        if in_step:
            run_update(self.client, self.config, merge_text([graph]))
        self.sent += 1
        self.triples_sent += len(triples)
        self._pending += 1
        if self._pending >= self.batch_size:
            self.save()
            self._pending = 0

    def delete_missing(self, present: set[str]) -> None:
        """Delete the graphs sent before whose files are gone."""
        for graph in sorted(set(self.done) - present):
            if not self.rebuild and graph != GRAPH_INFERRED:
                run_update(self.client, self.config, unmerge_text(graph))
            delete_graph(self.client, self.config, graph)
            self.done.pop(graph)
            self.deleted += 1


def push_graphs(
    project: Project,
    config: RemoteConfig,
    *,
    batch_size: int = 100,
    force: bool = False,
    progress: bool = False,
    state_path: Path | None = None,
) -> PushReport:
    """Upload the graph folder's graphs to the endpoint (only what changed since the last push).

    The merged graph the remote queries read is kept in step or rebuilt (see the module's docstring).
    """
    started = time.perf_counter()
    state_path = state_path or push_state_path(project, config)
    endpoint = config.graph_store_url or config.query_url
    done, union_complete = ({}, False) if force else _read_state(state_path, endpoint)
    units = _units(project)
    sent_before = {(entry.get("source"), entry.get("sha256")) for entry in done.values()}
    changed = [unit for unit in units if (unit[0], _digest(unit[2])) not in sent_before]
    gone = {entry.get("source") for entry in done.values()} - {key for key, _, _ in units}
    backend = RemoteBackend(config)
    rebuild = (
        not union_complete
        or len(changed) + len(gone) > max(REBUILD_SHARE * len(units), _IN_STEP_MIN)
        or (bool(done) and not backend.has_union())
    )
    upload = _Upload(project, config, backend._client, state_path, endpoint, done, rebuild, batch_size)
    bar = _bar(len(units)) if progress else None
    merged = "unchanged"
    try:
        if changed or gone or rebuild:  # from here until the merged graph is right again, it is not complete
            upload.save()
        upload.delete_missing(upload.send(units, bar))
        if rebuild:
            upload.save()
            rebuild_union(backend, progress=progress)
            merged = "rebuilt"
        elif upload.sent or upload.deleted:
            merged = "kept in step"
    except (RelgraphError, KeyboardInterrupt) as exc:
        upload.save()
        if isinstance(exc, StoreError):
            raise StoreError(
                f"{exc} The push stopped after sending {upload.sent} graph(s); run 'relgraph push' again to resume: "
                "graphs already sent are skipped and the one that failed is sent again (a PUT replaces the graph, "
                "so nothing is doubled), and the merged graph the queries read is rebuilt."
            ) from exc
        raise
    finally:
        if bar is not None:
            bar.close()
        backend.close()
    upload.save(union_complete=True)
    elapsed = time.perf_counter() - started
    return PushReport(
        endpoint, upload.sent, upload.skipped, upload.deleted, upload.triples_sent, elapsed, state_path, merged=merged
    )


def _bar(total: int):
    from tqdm import tqdm

    return tqdm(total=total, unit="graph", desc="pushing", file=sys.stderr, leave=False)
