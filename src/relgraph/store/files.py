"""RDF files: strict parsing, deterministic serialisation, atomic writes, content hashes."""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import pyoxigraph as ox

from relgraph.errors import DataParseError, StoreError
from relgraph.model.namespaces import PREFIXES

__all__ = ["commit_files", "file_digest", "parse_rdf", "rdf_format", "read_file", "serialize_triples", "write_atomic"]

_FORMATS: dict[str, ox.RdfFormat] = {
    "turtle": ox.RdfFormat.TURTLE,
    "ttl": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "nt": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS,
    "nq": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "jsonld": ox.RdfFormat.JSON_LD,
    "json-ld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
    "xml": ox.RdfFormat.RDF_XML,
}


def rdf_format(name: str) -> ox.RdfFormat:
    """The Oxigraph format for a user's format name (turtle, nt, nq, trig, jsonld, xml)."""
    try:
        return _FORMATS[name.lower()]
    except KeyError:
        raise StoreError(f"Unknown RDF format {name!r}; use one of {', '.join(sorted(_FORMATS))}.") from None


def parse_error(exc: SyntaxError, path: str) -> DataParseError:
    """Oxigraph's parse error as a DataParseError with the file, line and column."""
    message = str(exc.msg if hasattr(exc, "msg") else exc)
    # Oxigraph says "Parser error at line L between columns A and B: what"; keep the "what".
    detail = message.split(": ", 1)[1] if message.startswith("Parser error") and ": " in message else message
    if exc.lineno == 1 and exc.offset in (0, 1) and "\ufeff" in detail:
        detail = (
            "the file begins with a UTF-8 byte-order mark (U+FEFF), which Turtle does not allow; "
            "save it as UTF-8 without a byte-order mark"
        )
    if len(detail) > MAX_DETAIL:  # the parser may quote the offending token whole: a 120 KB line, a secret
        detail = f"{detail[: MAX_DETAIL - 40]}… ({len(detail):,} characters; cut)"
    return DataParseError(detail, path=path, line=exc.lineno, column=exc.offset)


#: The longest parser message shown; the parser quotes the offending token, which can be anything.
MAX_DETAIL = 200


def parse_rdf(source: Path | bytes, *, fmt: str = "turtle", name: str | None = None) -> list[ox.Triple]:
    """Parse Turtle (or another triple format) strictly into triples.

    An IRI with a space, a bad escape or any syntax error raises DataParseError with
    the file, line and column; nothing is half-read.
    """
    label = name or (str(source) if isinstance(source, Path) else "<input>")
    try:
        if isinstance(source, Path):
            quads = list(ox.parse(path=source, format=rdf_format(fmt)))
        else:
            quads = list(ox.parse(source, format=rdf_format(fmt)))
    except SyntaxError as exc:
        raise parse_error(exc, label) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise DataParseError(f"cannot be read: {exc}", path=label) from exc
    return [q.triple for q in quads]


def tidy_prefixes(data: bytes) -> bytes:
    """Keep only the ``@prefix`` lines a Turtle/TriG text uses, in PREFIXES' order.

    Oxigraph writes every prefix it is given in hash order; a stable header makes a
    git diff of a data file show only what changed.
    """
    text = data.decode("utf-8")
    lines = text.split("\n")
    head = [line for line in lines if line.startswith("@prefix ")]
    body = "\n".join(line for line in lines[len(head) :])
    declared = {line.split()[1][:-1]: line for line in head}
    used = [name for name in PREFIXES if name in declared and re.search(rf"(?<![\w./#-]){re.escape(name)}:", body)]
    return ("".join(declared[name] + "\n" for name in used) + body).encode("utf-8")


def serialize_triples(triples: Iterable[ox.Triple], *, fmt: str = "turtle") -> bytes:
    """Triples as Turtle (relgraph's prefixes, sorted), N-Triples, JSON-LD or RDF/XML."""
    fmt_ = rdf_format(fmt)
    data = ox.serialize(sorted(triples, key=str), format=fmt_, prefixes=PREFIXES)
    return tidy_prefixes(data) if fmt_ in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG) else data


_UMASK: int | None = None


def file_mode(path: Path) -> int:
    """The mode a written file gets: the one it has already, else what the umask allows a new file
    (``mkstemp`` makes its temporary files 0600, which a rename would keep: a page put on a web
    server or a shared folder could not be read)."""
    global _UMASK
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        pass
    if _UMASK is None:
        _UMASK = os.umask(0o022)
        os.umask(_UMASK)
    return 0o666 & ~_UMASK


def write_atomic(path: Path, data: bytes) -> None:
    """Write a file so that a crash leaves either the old or the new content, never half.

    A temporary file in the same folder is written, flushed and fsynced, then renamed
    over the target, and the folder is fsynced. The file keeps its mode, or gets the
    one the umask gives a new file.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = file_mode(path)
    import tempfile  # here, not at every start (it brings shutil, random and more)

    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    fsync_dir(path.parent)


def fsync_dir(folder: Path) -> None:
    dir_fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def file_digest(path: Path) -> str:
    """The SHA-256 of a file's bytes, as hex."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# ----- files that ingest reads and writes (article drafts, their texts) -------------------


def read_file(path: Path, *, max_bytes: int) -> bytes:
    """A file's bytes, read only if it is no larger than ``max_bytes`` (else StoreError).

    The size is checked before reading, so a huge file costs nothing; a file that
    grows while it is read is cut off at the limit and refused too.
    """
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise StoreError(f"{path} is {size:,} bytes, more than the {max_bytes:,} bytes relgraph reads.")
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        raise StoreError(f"{path} cannot be read: {exc.strerror or exc}.") from exc
    if len(data) > max_bytes:
        raise StoreError(f"{path} grew past {max_bytes:,} bytes while it was read.")
    return data


def commit_files(writes: Mapping[Path, bytes], removes: Sequence[Path] = ()) -> None:
    """Write and delete several files as one change: all of it, or (on failure) none of it.

    Every new content is first written to a temporary file beside its target and
    fsynced; then the temporary files are renamed over their targets in the order
    given and the removals follow. If anything fails on the way, what was already
    renamed or removed is put back from the previous contents kept in memory, the
    temporary files are deleted and the error is raised (an OSError as StoreError).
    A file whose content would not change is left alone. A process killed between
    two renames cannot roll back: order the writes so that the file that makes the
    change visible comes last.
    """
    before: dict[Path, bytes | None] = {}
    for path in [*writes, *removes]:
        try:
            before[path] = path.read_bytes()
        except FileNotFoundError:
            before[path] = None
        except OSError as exc:
            raise StoreError(f"{path} cannot be read: {exc.strerror or exc}.") from exc
    pending = [(path, data) for path, data in writes.items() if before[path] != data]
    import tempfile

    staged: list[tuple[Path, str]] = []
    done: list[Path] = []
    try:
        for path, data in pending:
            path.parent.mkdir(parents=True, exist_ok=True)
            mode = file_mode(path)
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            staged.append((path, tmp))
            os.fchmod(fd, mode)
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
        for path, tmp in staged:
            os.replace(tmp, path)
            done.append(path)
        for path in removes:
            if before[path] is not None:
                path.unlink()
                done.append(path)
        for folder in {p.parent for p in done}:
            fsync_dir(folder)
    except BaseException as exc:
        for _, tmp in staged:
            Path(tmp).unlink(missing_ok=True)
        for path in reversed(done):
            old = before[path]
            if old is None:
                path.unlink(missing_ok=True)
            else:
                write_atomic(path, old)
        if isinstance(exc, OSError):
            raise StoreError(f"Could not write the graph's files ({exc}); every file was left as it was.") from exc
        raise
