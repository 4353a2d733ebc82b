"""Where a graph lives: the graph folder and the files relgraph reads in it.

A graph folder holds ``ontology/``, ``data/`` and ``queries/`` (and may hold a
``relgraph.toml``). It is found the way git finds a repository: the folder named
with ``--project`` (or ``RELGRAPH_PROJECT``), else the current folder or the
nearest parent that is one, else the graph bundled with relgraph itself (the
ontology, the first article and the canned queries), which is read-only.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from relgraph.errors import ProjectError

__all__ = ["Project", "bundled_project", "find_project", "init_project"]

ENV_PROJECT = "RELGRAPH_PROJECT"
SHAPES_FILE = "shapes.ttl"


@dataclass(frozen=True)
class Project:
    """A graph folder; every path relgraph reads or writes comes from here."""

    root: Path
    read_only: bool = False

    @property
    def ontology_dir(self) -> Path:
        return self.root / "ontology"

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def articles_dir(self) -> Path:
        return self.data_dir / "articles"

    @property
    def drafts_dir(self) -> Path:
        """Where new-article drafts go: inside the graph folder, never loaded as data."""
        return self.root / "drafts"

    @property
    def background_dir(self) -> Path:
        """Background knowledge no article states (ISO codes, Wikidata links, statutes): a graph per file."""
        return self.data_dir / "background"

    @property
    def inferred_dir(self) -> Path:
        return self.data_dir / "inferred"

    @property
    def queries_dir(self) -> Path:
        return self.root / "queries"

    @property
    def shapes_file(self) -> Path:
        return self.ontology_dir / SHAPES_FILE

    def ontology_files(self) -> list[Path]:
        """The ontology's Turtle files (the SHACL shapes excluded), sorted."""
        return [Path(e.path) for e in _turtle_entries(self.ontology_dir, skip=SHAPES_FILE)]

    def require_ontology(self) -> list[Path]:
        """The ontology's files; ProjectError when there is none (queries would answer nothing, checks
        would fail for the wrong reasons and the reasoner would infer nothing)."""
        files = self.ontology_files()
        if not files:
            raise ProjectError(
                f"The graph folder {self.root} has no ontology: {self.ontology_dir} holds no Turtle file "
                "besides the shapes (relgraph.ttl is missing?). Restore it (git checkout ontology/relgraph.ttl, "
                "or copy it from a folder made by 'relgraph init')."
            )
        return files

    def data_files(self) -> list[Path]:
        """The hand-written data: ``data/*.ttl``, ``data/articles/*.ttl``, then ``data/background/*.ttl``, sorted."""
        return [
            Path(e.path)
            for folder in (self.data_dir, self.articles_dir, self.background_dir)
            for e in _turtle_entries(folder)
        ]

    def inferred_files(self) -> list[Path]:
        """What a reasoner wrote, kept apart from the hand-written data."""
        return [Path(e.path) for e in _turtle_entries(self.inferred_dir)]

    def source_entries(self) -> dict[str, os.DirEntry[str]]:
        """The files of the three lists above, by their path in the graph folder ('data/articles/x.ttl').

        One ``os.scandir`` per folder and no Path objects: an on-disk store compares every
        file with its manifest when it is opened, and at 31k articles the Path version took
        0.6 s of the 0.86 s that opening took.
        """
        found: dict[str, os.DirEntry[str]] = {}
        for folder, skip in (
            (self.ontology_dir, SHAPES_FILE),
            (self.data_dir, None),
            (self.articles_dir, None),
            (self.background_dir, None),
            (self.inferred_dir, None),
        ):
            prefix = folder.relative_to(self.root).as_posix()
            for entry in _turtle_entries(folder, skip=skip):
                found[f"{prefix}/{entry.name}"] = entry
        return found

    def query_files(self) -> list[Path]:
        return sorted(self.queries_dir.glob("*.rq"))

    def relative(self, path: Path) -> str:
        """A path as a user should read it: relative to the graph folder where it can be."""
        try:
            return str(path.resolve().relative_to(self.root.resolve()))
        except ValueError:
            return str(path)

    def check_output(self, path: Path, *, what: str = "the output") -> None:
        """Refuse to write ``path`` inside the folders relgraph reads (data/, ontology/, queries/): a query's
        answer written as data/triples.ttl replaced the first article."""
        target = path.expanduser().resolve()
        for folder in (self.data_dir, self.ontology_dir, self.queries_dir):
            root = folder.resolve()
            if target == root or root in target.parents:
                raise ProjectError(
                    f"{path} is inside {self.relative(folder)}/ of the graph folder, which relgraph reads as the "
                    f"graph; {what} goes elsewhere (the graph changes only through 'relgraph add' and "
                    "'relgraph remove')."
                )

    def require_writable(self) -> None:
        if self.read_only:
            raise ProjectError(
                f"The graph bundled with relgraph ({self.root}) is read-only. "
                "Start a graph folder of your own with 'relgraph init DIR' and work there."
            )


def _turtle_entries(folder: Path, *, skip: str | None = None) -> list[os.DirEntry[str]]:
    """The ``*.ttl`` entries of a folder (none if it is missing), sorted by name."""
    try:
        with os.scandir(folder) as listing:
            entries = [e for e in listing if e.name.endswith(".ttl") and e.name != skip]
    except (FileNotFoundError, NotADirectoryError):
        return []
    return sorted(entries, key=lambda e: e.name)


def _is_project(folder: Path) -> bool:
    if (folder / "relgraph.toml").is_file():
        return True
    return all((folder / name).is_dir() for name in ("ontology", "data", "queries"))


def bundled_project() -> Project:
    """The graph shipped with relgraph: inside the wheel, or the source checkout."""
    from importlib import resources  # here: importlib.resources costs ~3 ms at every start

    packaged = Path(str(resources.files("relgraph"))) / "_bundled"
    if _is_project(packaged):
        return Project(packaged, read_only=True)
    checkout = Path(__file__).resolve().parents[2]
    if _is_project(checkout):
        return Project(checkout)
    raise ProjectError("This relgraph installation carries no bundled graph; reinstall relgraph.")


def find_project(explicit: str | os.PathLike[str] | None = None, *, start: Path | None = None) -> Project:
    """The graph folder to work in (see the module's docstring for the order)."""
    named = explicit or os.environ.get(ENV_PROJECT)
    if named:
        folder = Path(named).expanduser()
        if not folder.is_dir():
            raise ProjectError(f"Graph folder {folder} does not exist. Create one with 'relgraph init {folder}'.")
        if not _is_project(folder):
            raise ProjectError(
                f"{folder} is not a relgraph graph folder: it needs ontology/, data/ and queries/ "
                f"(or a relgraph.toml). Create one with 'relgraph init {folder}'."
            )
        return Project(folder.resolve())
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if _is_project(folder):
            return Project(folder)
    return bundled_project()


def init_project(folder: str | os.PathLike[str], *, with_example: bool = False) -> Project:
    """Create a new graph folder with the bundled ontology and queries (and, if asked, the first article)."""
    import shutil

    target = Path(folder).expanduser()
    if target.exists() and any(p.name != ".relgraph" for p in target.iterdir()):  # (.relgraph/lock: init's lock)
        raise ProjectError(f"{target} exists and is not empty; choose a new folder for the graph.")
    source = bundled_project()
    target.mkdir(parents=True, exist_ok=True)
    shutil.copytree(source.ontology_dir, target / "ontology")
    shutil.copytree(source.queries_dir, target / "queries")
    (target / "data" / "articles").mkdir(parents=True)
    if with_example:
        for path in source.data_files():
            copy = target / "data" / path.relative_to(source.data_dir)
            copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, copy)
            sheet = path.with_name(path.stem + ".facts.yaml")
            if sheet.is_file():
                shutil.copy2(sheet, copy.with_name(sheet.name))
        for text in source.articles_dir.glob("*.txt"):
            shutil.copy2(text, target / "data" / "articles" / text.name)
    (target / "relgraph.toml").write_text(
        "# A relgraph graph folder: ontology/, data/ (one named graph per article), queries/.\n"
        "# Made by 'relgraph init'. Run relgraph commands anywhere below this folder.\n",
        encoding="utf-8",
    )
    # The store relgraph keeps beside a large folder (relgraph.store.auto) is rebuilt from the files: not for git.
    (target / ".gitignore").write_text("# Made by 'relgraph init'.\n.relgraph/\n", encoding="utf-8")
    return Project(target.resolve())
