"""A persistent Oxigraph store on disk, kept in step with the files it was built from.

``index_store(project, path)`` bulk-loads the graph folder's files into a store at
``path``; later commands open it (``open_disk_backend``) in a fraction of a second
instead of parsing every file again. The layout of ``path``::

    CURRENT             the name of the generation in use (replaced atomically)
    gen-<time>-<id>/    one complete store: oxigraph/ (RocksDB), manifest.json, lock
    building-<id>/      a build in progress (removed if it fails)
    index.lock          held by the one 'relgraph index' that may build at a time

A build bulk-loads the files a batch at a time (``BATCH_QUADS`` quads) and writes the
merged default graph (each triple once) beside the named graphs as it goes, so its
memory stays bounded whatever the size of the folder (under 0.5 GB at 10M triples).
It goes into ``building-*`` beside the store and is swapped in (CURRENT
rewritten) only when it is complete, so a build that fails (a full disk, a file
that does not parse, Ctrl-C) leaves the old store as it was, still answering.

The manifest lists every file the store was built from (path, size, modification
time, SHA-256, the graph it became). Opening compares it with the files now in the
folder (sizes and times first; a file whose size or time moved is hashed, so a
touched but unchanged file still matches) and refuses a store built from other files
with a message that offers ``relgraph index``, which then updates only what changed.

Reading the manifest is most of what opening a big store cost (0.72 s at 10M triples:
a JSON of one record per file, made into objects and compared one by one). So beside
it each generation keeps a stamp (``relgraph.store.stamp``): per folder, a digest of
the name, size and modification time of each of its Turtle files, as the manifest has
them, and the counts a query needs. Opening scans the folders (one ``stat`` per file,
no hashing, no manifest) and compares digests, while RocksDB opens in a thread beside
it (it lets go of the GIL); only when a folder's digest differs does it read the
manifest and compare file by file as above. The manifest is then read only when
something asks for it (the list of graphs, a change).

Readers hold a shared lock on the generation, a writer (``replace_graph``,
``drop_graph``, an incremental ``relgraph index``) an exclusive one; a process that
cannot get its lock gets a message naming the holder instead of waiting.
"""

from __future__ import annotations

import errno
import fcntl
import hashlib
import json
import os
import sys
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, fields
from pathlib import Path

import pyoxigraph as ox

from relgraph.errors import DataParseError, DataShapeError, StoreError
from relgraph.model.namespaces import GRAPH_INFERRED, GRAPH_ONTOLOGY
from relgraph.paths import Project
from relgraph.store.embedded import OxigraphBackend, article_of, article_subjects
from relgraph.store.files import file_digest, fsync_dir, parse_error, write_atomic
from relgraph.store.results import GraphInfo
from relgraph.store.stamp import drop_stamp, folder_stamps, manifest_stamp, read_stamp, restamp, write_stamp

__all__ = [
    "DiskBackend",
    "FileRecord",
    "IndexReport",
    "Manifest",
    "StoreDiff",
    "StoreOutOfStep",
    "compare_manifest",
    "index_store",
    "open_disk_backend",
    "read_manifest",
]

MANIFEST_FORMAT = 1
_INCREMENTAL_SHARE = 0.2  # above this share of changed files, a fresh build is faster than updating
BATCH_QUADS = 250_000  # quads per bulk load while indexing: bounds the memory a build holds


# ----- the manifest --------------------------------------------------------------------------------


@dataclass(frozen=True)
class FileRecord:
    """One file a store was built from, and the graph it became."""

    path: str  # relative to the graph folder, with '/'
    size: int
    mtime_ns: int
    sha256: str
    graph: str
    kind: str  # "ontology", "article", "background" or "inferred"
    triples: int = 0


@dataclass(frozen=True)
class Manifest:
    """What a store generation holds and which files it was built from."""

    files: tuple[FileRecord, ...]
    quads: int
    built: str
    relgraph: str
    format: int = MANIFEST_FORMAT

    def to_json(self) -> bytes:
        """The manifest as JSON (one line; ``from_json`` reads any layout).

        Written after every change to the store, so it must be quick at 31k files: ``asdict``
        and an indented ``json.dumps`` (Python's pure encoder) took 1.4 s a write, most of
        adding an article to a 10M store; plain dicts and one call of the C encoder take
        about a tenth of that.
        """
        names = [f.name for f in fields(FileRecord)]
        body = {f.name: getattr(self, f.name) for f in fields(self)}
        body["files"] = [{n: getattr(r, n) for n in names} for r in self.files]
        return json.dumps(body, sort_keys=True).encode("utf-8") + b"\n"

    @classmethod
    def from_json(cls, data: bytes, where: Path) -> Manifest:
        try:
            body = json.loads(data)
            if body.get("format") != MANIFEST_FORMAT:
                raise ValueError(f"format {body.get('format')!r}, expected {MANIFEST_FORMAT}")
            files = tuple(FileRecord(**r) for r in body["files"])
            return cls(files, int(body["quads"]), str(body["built"]), str(body["relgraph"]))
        except (ValueError, KeyError, TypeError) as exc:
            raise StoreError(
                f"The store's manifest {where} is not readable ({exc}); rebuild the store with 'relgraph index --rebuild'."
            ) from exc

    def graphs(self, project: Project) -> list[GraphInfo]:
        infos: dict[str, GraphInfo] = {}
        for record in self.files:
            path = project.root / record.path
            if record.kind == "ontology":
                path = project.ontology_dir
            elif record.kind == "inferred":
                path = project.inferred_dir
            infos.setdefault(record.graph, GraphInfo(record.graph, record.kind, path))
        order = {"ontology": 0, "article": 1, "background": 1, "inferred": 2}
        return sorted(infos.values(), key=lambda g: order.get(g.kind, 3))


@dataclass(frozen=True)
class StoreDiff:
    """How the files of a graph folder differ from those a store was built from."""

    added: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.added or self.changed or self.removed)

    @property
    def paths(self) -> tuple[str, ...]:
        return self.added + self.changed + self.removed

    def describe(self) -> str:
        parts = []
        for word, items in (("changed", self.changed), ("new", self.added), ("gone", self.removed)):
            if items:
                shown = ", ".join(items[:3]) + (f" and {len(items) - 3} more" if len(items) > 3 else "")
                parts.append(f"{len(items)} {word} ({shown})")
        return "; ".join(parts)


def _source_files(project: Project) -> list[tuple[Path, str]]:
    files = [(p, "ontology") for p in project.require_ontology()]
    files += [(p, "background" if p.parent.name == "background" else "article") for p in project.data_files()]
    files += [(p, "inferred") for p in project.inferred_files()]
    return files


def _relative(project: Project, path: Path) -> str:
    try:
        return path.relative_to(project.root).as_posix()
    except ValueError:
        return project.relative(path)


def compare_manifest(manifest: Manifest, project: Project) -> StoreDiff:
    """The files added, changed or removed since the store was built (fast: hashes only what moved)."""
    recorded = {r.path: r for r in manifest.files}
    current = project.source_entries()
    added = tuple(sorted(current.keys() - recorded.keys()))
    removed = tuple(sorted(recorded.keys() - current.keys()))
    changed = []
    for rel in current.keys() & recorded.keys():  # sorted below, only what changed (31k names at 10M)
        record, entry = recorded[rel], current[rel]
        try:
            stat = entry.stat()
        except OSError:
            changed.append(rel)
            continue
        if stat.st_size == record.size and stat.st_mtime_ns == record.mtime_ns:
            continue
        if stat.st_size != record.size or file_digest(Path(entry.path)) != record.sha256:
            changed.append(rel)
    return StoreDiff(added, tuple(sorted(changed)), removed)


class StoreOutOfStep(StoreError):
    """The store was built from other files than the graph folder now holds (``diff`` says which)."""

    def __init__(self, message: str, diff: StoreDiff):
        super().__init__(message)
        self.diff = diff


def read_manifest(generation: Path) -> Manifest:
    where = generation / "manifest.json"
    try:
        return Manifest.from_json(where.read_bytes(), where)
    except OSError as exc:
        raise StoreError(
            f"The store's manifest {where} cannot be read ({exc}); rebuild it with 'relgraph index'."
        ) from exc


# ----- locks -----------------------------------------------------------------------------------------


class _Lock:
    """An advisory lock on a file (flock): shared for readers, exclusive for writers; never waits."""

    def __init__(self, path: Path):
        self.path = path
        self.mode: int | None = None
        self._fd: int | None = None

    def holder(self) -> str:
        try:
            text = self.path.read_text(encoding="utf-8").strip()
        except OSError:
            return ""
        return f" ({text})" if text else ""

    def acquire(self, *, exclusive: bool, busy: str) -> None:
        mode = fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH
        if self.mode == mode or (self.mode == fcntl.LOCK_EX and not exclusive):
            return
        if self._fd is None:
            try:
                self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            except OSError as exc:
                raise StoreError(f"The store's lock file {self.path} cannot be opened: {exc}.") from exc
        try:
            fcntl.flock(self._fd, mode | fcntl.LOCK_NB)
        except BlockingIOError:
            raise StoreError(busy.format(holder=self.holder())) from None
        self.mode = mode
        if exclusive:
            note = f"pid {os.getpid()}: {' '.join(Path(a).name if i == 0 else a for i, a in enumerate(sys.argv))}"
            os.ftruncate(self._fd, 0)
            os.pwrite(self._fd, note[:300].encode("utf-8", "replace"), 0)

    def release(self) -> None:
        if self._fd is not None:
            if self.mode == fcntl.LOCK_EX:
                os.ftruncate(self._fd, 0)
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
        self._fd = None
        self.mode = None


def _busy_writer(root: Path) -> str:
    return (
        f"The store at {root} is being changed by another process{{holder}}. "
        "Wait for it to finish, then run the command again."
    )


def _busy_readers(root: Path) -> str:
    return (
        f"The store at {root} is open in another process (a query, a server?); it can only be changed "
        "when no one else has it open. Close the other process, then run the command again."
    )


# ----- the backend ---------------------------------------------------------------------------------


def _store_error(exc: OSError, root: Path, doing: str) -> StoreError:
    text = str(exc)
    if "lock" in text.lower():
        return StoreError(
            f"The store at {root} is locked by another process (an 'oxigraph serve' or another relgraph?); "
            f"it could not be {doing}. Stop that process and run the command again. ({text})"
        )
    return StoreError(f"The store at {root} could not be {doing}: {text}")


class DiskBackend(OxigraphBackend):
    """An indexed store generation, opened read-only; it becomes writable on the first change."""

    kind = "disk"

    def __init__(
        self,
        project: Project,
        root: Path,
        generation: Path,
        manifest: Manifest | None,
        lock: _Lock,
        stamp: dict | None = None,
        store: ox.Store | None = None,
    ):
        """``manifest``, or (when the stamp confirmed the files) None: it is read when first needed.
        ``store``: the generation's RocksDB, opened read-only already (else it is opened here)."""
        if store is None:
            store = _Opening(generation).result(root)
        super().__init__(store, (), location=str(root))
        self.project = project
        self.root = root
        self.generation = generation
        self._manifest = manifest
        self._stamp = stamp if stamp is not None or manifest is None else manifest_stamp(manifest.files, manifest.quads)
        self._graph_table: dict[str, GraphInfo] | None = None
        self._lock = lock
        self._writable = False
        self.defer_manifest = False  # True while many graphs change: write the manifest once, at the end

    @property
    def manifest(self) -> Manifest:
        if self._manifest is None:
            self._manifest = read_manifest(self.generation)
        return self._manifest

    @manifest.setter
    def manifest(self, manifest: Manifest) -> None:
        self._manifest = manifest

    @property
    def _graphs(self) -> dict[str, GraphInfo]:
        """The graphs, from the manifest on first use (a query that names no graph never reads it)."""
        if self._graph_table is None:
            self._graph_table = {g.name: g for g in self.manifest.graphs(self.project)}
        return self._graph_table

    @_graphs.setter
    def _graphs(self, table: dict[str, GraphInfo]) -> None:
        self._graph_table = table or None  # the empty table OxigraphBackend starts with: not read yet

    def graph(self, name: str) -> GraphInfo | None:
        if name == GRAPH_INFERRED and self._graph_table is None and self._stamp is not None:
            return GraphInfo(GRAPH_INFERRED, "inferred", self.project.inferred_dir) if self._stamp["inferred"] else None
        return super().graph(name)

    def _holds_inferred(self) -> bool:
        return self.graph(GRAPH_INFERRED) is not None

    def _make_writable(self) -> None:
        if self._writable:
            return
        self._lock.acquire(exclusive=True, busy=_busy_readers(self.root))
        drop_stamp(self.generation)  # until the manifest is written again, openings check it in full
        self._stamp = None
        self.stop_worker()
        self.store = None  # drop the read-only handle before opening for writing
        try:
            self.store = ox.Store(str(self.generation / "oxigraph"))
        except OSError as exc:
            raise _store_error(exc, self.root, "opened for writing") from exc
        self._writable = True

    def replace_graph(self, info: GraphInfo, triples: Iterable[ox.Triple]) -> None:
        self._make_writable()
        triples = list(triples)
        super().replace_graph(info, triples)
        self._record(info.name, info.path, info.kind, len(triples))

    def drop_graph(self, name: str) -> None:
        self._make_writable()
        super().drop_graph(name)
        self._record(name, None, None, 0)

    def _record(self, graph: str, path: Path | None, kind: str | None, triples: int) -> None:
        """Keep the manifest in step: the graph now comes from ``path`` (or from no file)."""
        files = [r for r in self.manifest.files if r.graph != graph]
        if path is not None and kind is not None and Path(path).is_file():
            files.append(_file_record(self.project, Path(path), graph, kind, triples))
        before = sum(r.triples for r in self.manifest.files if r.graph == graph)
        self.manifest = Manifest(
            tuple(sorted(files, key=lambda r: r.path)),
            self.manifest.quads - before + triples,
            time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            _version(),
        )
        _remove_tree(self.generation / "derived")
        if not self.defer_manifest:
            self.write_manifest()

    def derived_path(self, name: str) -> Path:
        """Where a file derived from this generation's graphs is kept (analytics' projection).

        Every change of the graphs (``replace_graph``, ``drop_graph``) removes the derived
        files, and a rebuild starts a new generation without them, so one that exists was
        made from the graphs as they are.
        """
        return self.generation / "derived" / name

    def write_manifest(self) -> None:
        try:
            write_atomic(self.generation / "manifest.json", self.manifest.to_json())
            self._stamp = manifest_stamp(self.manifest.files, self.manifest.quads)
            write_stamp(self.generation, self._stamp)
        except OSError as exc:
            raise _store_error(exc, self.root, "updated") from exc

    def count(self) -> int:
        if self._manifest is None and self._stamp is not None:
            return int(self._stamp["quads"])
        return self.manifest.quads

    def close(self) -> None:
        self.stop_worker()
        self.store = None
        self._lock.release()


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("relgraph")
    except PackageNotFoundError:
        return "unknown"


def _file_record(
    project: Project, path: Path, graph: str, kind: str, triples: int, digest: str | None = None
) -> FileRecord:
    stat = path.stat()
    return FileRecord(
        _relative(project, path), stat.st_size, stat.st_mtime_ns, digest or file_digest(path), graph, kind, triples
    )


def _current(root: Path) -> Path | None:
    try:
        name = (root / "CURRENT").read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise StoreError(f"The store at {root} cannot be read: {exc}.") from exc
    return root / name if name else None


class _Opening:
    """A generation's RocksDB being opened read-only in a thread, while this one checks the files.

    pyoxigraph lets go of the GIL while RocksDB opens (~11 ms), and the stamp's check is
    mostly one ``stat`` per file (~30 ms at 10M triples): side by side on two cores."""

    def __init__(self, generation: Path):
        self._path = str(generation / "oxigraph")
        self._store: ox.Store | None = None
        self._error: OSError | None = None
        self._thread = threading.Thread(target=self._open, name="relgraph-store-open", daemon=True)
        self._thread.start()

    def _open(self) -> None:
        try:
            self._store = ox.Store.read_only(self._path)
        except OSError as exc:
            self._error = exc

    def result(self, root: Path) -> ox.Store:
        self._thread.join()
        if self._store is None:
            error = self._error or OSError(f"RocksDB could not open {self._path}")
            raise _store_error(error, root, "opened") from self._error
        return self._store


def open_disk_backend(project: Project, root: Path, *, check: bool = True) -> DiskBackend:
    """Open the store at ``root`` for reading (StoreError if missing, locked, or built from other files)."""
    root = Path(root)
    for _ in range(3):  # a build may swap generations between reading CURRENT and locking
        generation = _current(root)
        if generation is None:
            raise StoreError(
                f"There is no relgraph store at {root}. Build it from the graph folder with "
                f"'relgraph index --store {root}'."
            )
        if not generation.is_dir():
            continue
        lock = _Lock(generation / "lock")
        try:
            lock.acquire(exclusive=False, busy=_busy_writer(root))
        except StoreError:
            raise
        if not generation.is_dir() or _current(root) != generation:
            lock.release()
            continue
        opening = None
        try:
            if not check:
                return DiskBackend(project, root, generation, read_manifest(generation), lock)
            opening = _Opening(generation)
            stamp, now = read_stamp(generation), folder_stamps(project)
            if stamp is not None and now is not None and stamp["folders"] == now:  # no file moved: no manifest read
                return DiskBackend(project, root, generation, None, lock, stamp, opening.result(root))
            manifest = read_manifest(generation)
            diff = compare_manifest(manifest, project)
            if diff:
                raise StoreOutOfStep(
                    f"The store at {root} was built from other files than {project.root} now holds: "
                    f"{diff.describe()}. Run 'relgraph index --store {root}' to bring it up to date "
                    "(it updates only what changed).",
                    diff,
                )
            if now is not None:  # touched, not changed: stamp the files as they are, so the next opening is quick
                restamp(generation, {**manifest_stamp(manifest.files, manifest.quads), "folders": now})
            return DiskBackend(project, root, generation, manifest, lock, None, opening.result(root))
        except BaseException:
            if opening is not None:
                opening._thread.join()  # RocksDB's handle (if it opened) goes before the lock does
            lock.release()
            raise
    raise StoreError(f"The store at {root} kept changing while it was being opened; run the command again.")


# ----- building ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class IndexReport:
    """What 'relgraph index' did."""

    path: Path
    action: str  # "built", "updated" or "unchanged"
    files: int
    quads: int
    seconds: float
    diff: StoreDiff = field(default_factory=StoreDiff)


def _disk_full(exc: OSError) -> bool:
    return exc.errno in (errno.ENOSPC, errno.EDQUOT) or "No space left" in str(exc) or "quota" in str(exc).lower()


class _Progress:
    def __init__(self, total: int, enabled: bool, what: str):
        self.bar = None
        if enabled:
            from tqdm import tqdm

            self.bar = tqdm(total=total, unit="B", unit_scale=True, desc=what, file=sys.stderr, leave=False)

    def update(self, n: int) -> None:
        if self.bar is not None:
            self.bar.update(n)

    def describe(self, what: str) -> None:
        if self.bar is not None:
            self.bar.set_description(what)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def _read_source(project: Project, path: Path, kind: str) -> tuple[bytes, list[ox.Triple]]:
    label = project.relative(path)
    try:
        data = path.read_bytes()
        triples = list(dict.fromkeys(q.triple for q in ox.parse(data, format=ox.RdfFormat.TURTLE)))
    except SyntaxError as exc:
        raise parse_error(exc, label) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise DataParseError(f"cannot be read: {exc}", path=label) from exc
    return data, triples


def _graph_for(project: Project, path: Path, kind: str, triples: list[ox.Triple]) -> str:
    if kind == "ontology":
        return GRAPH_ONTOLOGY
    if kind == "inferred":
        return GRAPH_INFERRED
    return article_of(article_subjects(triples), project.relative(path))


def _sources(
    project: Project, files: list[tuple[Path, str]], records: list[FileRecord], progress: _Progress
) -> Iterator[tuple[ox.NamedNode, list[ox.Triple], bool]]:
    """Each file parsed: its graph, its triples, and whether they join the merged default graph."""
    seen: dict[str, str] = {}
    for path, kind in files:
        data, triples = _read_source(project, path, kind)
        graph = _graph_for(project, path, kind, triples)
        rel = _relative(project, path)
        if kind == "article":
            if graph in seen:
                raise DataShapeError(
                    f"{rel} and {seen[graph]} both describe the article <{graph}>; an article's facts live in one file."
                )
            seen[graph] = rel
        records.append(_file_record(project, path, graph, kind, len(triples), hashlib.sha256(data).hexdigest()))
        yield ox.NamedNode(graph), triples, kind != "inferred"
        progress.update(len(data))


def _load_batches(store: ox.Store, sources: Iterator[tuple[ox.NamedNode, list[ox.Triple], bool]]) -> None:
    """Bulk-load the files' quads in batches of about ``BATCH_QUADS``, each triple also into the default graph.

    The merged default graph is written beside the named graphs, batch by batch, from the
    same quad objects (so a blank node is the same node in both): a store is a set, so a
    triple that many articles restate is in the default graph once, which is what
    ``MERGE_UNION`` gives, without one transaction over the whole store. A batch ends after
    the file that takes it past the bound, and each ``bulk_extend`` call holds at most one
    batch in memory (one call over everything held over 1 GB per million quads).
    """
    import itertools

    default = ox.DefaultGraph()
    sources = iter(sources)

    def batch(first: tuple[ox.NamedNode, list[ox.Triple], bool]) -> Iterator[ox.Quad]:
        count = 0
        for graph, triples, merged in itertools.chain([first], sources):
            for t in triples:
                yield ox.Quad(t.subject, t.predicate, t.object, graph)
                if merged:
                    yield ox.Quad(t.subject, t.predicate, t.object, default)
            count += len(triples) * (2 if merged else 1)
            if count >= BATCH_QUADS:
                return

    for first in sources:  # the batch takes further files from the same iterator
        store.bulk_extend(batch(first))


def _fill_store(
    folder: Path, sources: Iterator[tuple[ox.NamedNode, list[ox.Triple], bool]], progress: _Progress
) -> None:
    """Bulk-load the files into a new store at ``folder``, compact it, then close it, whether the load worked or not.

    The compaction (``Store.optimize``) merges the many files the batches left into sorted runs.
    It costs about an eighth of the build (24 s at 10M triples) and pays for itself at once:
    whole-graph queries on a freshly built 10M store ran 3-5 times slower than on a compacted
    one (``articles``: 13.5 s before, 4.1 s after; benchmarks/SUITE.md).
    """
    store = ox.Store(str(folder))
    try:
        _load_batches(store, sources)
        store.flush()
        progress.describe("compacting")
        store.optimize()
    except BaseException as exc:
        # The failed frames still hold the store; let go of it so that RocksDB closes now, not
        # when the error is finally dropped, after its folder was removed (it wrote into it again).
        import traceback

        traceback.clear_frames(exc.__traceback__)
        raise
    finally:
        del store  # the last reference: RocksDB closes before the folder moves or is removed


def _remove_tree(path: Path) -> None:
    import shutil

    shutil.rmtree(path, ignore_errors=True)


def _remove_old_generations(root: Path, keep: Path) -> None:
    for old in root.glob("gen-*"):
        if old == keep or not old.is_dir():
            continue
        lock = _Lock(old / "lock")
        try:
            lock.acquire(exclusive=True, busy="")
        except StoreError:
            continue  # still open somewhere: the next index removes it
        try:
            _remove_tree(old)
        finally:
            lock.release()


def index_store(project: Project, root: Path, *, rebuild: bool = False, progress: bool = False) -> IndexReport:
    """Build (or bring up to date) the on-disk store at ``root`` from the graph folder's files."""
    started = time.perf_counter()
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    builder = _Lock(root / "index.lock")
    builder.acquire(
        exclusive=True,
        busy=f"Another 'relgraph index' is building the store at {root}{{holder}}; wait for it to finish.",
    )
    try:
        current = _current(root)
        if current is not None and current.is_dir() and not rebuild:
            stamp = read_stamp(current)
            if stamp is not None and stamp["folders"] == folder_stamps(project):
                files, quads = int(stamp["files"]), int(stamp["quads"])
                return IndexReport(root, "unchanged", files, quads, time.perf_counter() - started)
            manifest = read_manifest(current)
            diff = compare_manifest(manifest, project)
            if not diff:
                return IndexReport(
                    root, "unchanged", len(manifest.files), manifest.quads, time.perf_counter() - started
                )
            ontology_moved = any(p.startswith("ontology/") for p in diff.paths)
            if not ontology_moved and len(diff.paths) <= max(20, _INCREMENTAL_SHARE * len(manifest.files)):
                quads = _update_in_place(project, root, diff)
                return IndexReport(
                    root,
                    "updated",
                    len(manifest.files) - len(diff.removed) + len(diff.added),
                    quads,
                    time.perf_counter() - started,
                    diff,
                )
        files, quads = _build(project, root, progress)
        return IndexReport(root, "built", files, quads, time.perf_counter() - started)
    finally:
        builder.release()


def _update_in_place(project: Project, root: Path, diff: StoreDiff) -> int:
    backend = open_disk_backend(project, root, check=False)
    backend.defer_manifest = True
    try:
        by_path = {r.path: r for r in backend.manifest.files}
        for rel in diff.removed:
            backend.drop_graph(by_path[rel].graph)
        for rel in diff.changed + diff.added:
            path = project.root / rel
            kind = (
                "inferred"
                if rel.startswith("data/inferred/")
                else "background"
                if rel.startswith("data/background/")
                else "article"
            )
            _, triples = _read_source(project, path, kind)
            graph = _graph_for(project, path, kind, triples)
            old = by_path.get(rel)
            if old is not None and old.graph != graph:
                backend.drop_graph(old.graph)
            holder = next((r for r in backend.manifest.files if r.graph == graph and r.path != rel), None)
            if holder is not None and kind == "article":
                raise DataShapeError(
                    f"{rel} and {holder.path} both describe the article <{graph}>; an article's facts live in one file."
                )
            backend.replace_graph(GraphInfo(graph, kind, path), triples)
        return backend.manifest.quads
    finally:
        if backend._writable:
            backend.write_manifest()
        backend.close()


def _build(project: Project, root: Path, progress: bool) -> tuple[int, int]:
    for stale in root.glob("building-*"):  # left by a build that was killed; we hold index.lock
        _remove_tree(stale)
    import secrets  # the building's and generation's names; here: not imported to open a store

    files = _source_files(project)
    building = root / f"building-{secrets.token_hex(4)}"
    records: list[FileRecord] = []
    bar = _Progress(sum(p.stat().st_size for p, _ in files), progress, "indexing")
    try:
        building.mkdir()
        _fill_store(building / "oxigraph", _sources(project, files, records, bar), bar)
        quads = sum(r.triples for r in records)
        manifest = Manifest(
            tuple(sorted(records, key=lambda r: r.path)),
            quads,
            time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            _version(),
        )
        write_atomic(building / "manifest.json", manifest.to_json())
        write_stamp(building, manifest_stamp(manifest.files, manifest.quads))
        (building / "lock").touch()
        generation = root / f"gen-{time.strftime('%Y%m%dT%H%M%S', time.gmtime())}-{secrets.token_hex(3)}"
        os.rename(building, generation)
        fsync_dir(root)
        write_atomic(root / "CURRENT", generation.name.encode("utf-8") + b"\n")
    except OSError as exc:
        _remove_tree(building)
        if _disk_full(exc):
            raise StoreError(
                f"The disk filled up while indexing into {root} ({exc}). The build was removed and the store "
                "as it was before is untouched and still answers. Free some space and run 'relgraph index' again."
            ) from exc
        raise _store_error(exc, root, "built") from exc
    except BaseException:
        _remove_tree(building)
        raise
    finally:
        bar.close()
    _remove_old_generations(root, generation)
    return len(records), quads
