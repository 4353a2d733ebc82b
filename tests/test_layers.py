"""Imports point one way, and never in a circle.

The stages of the pipeline are declared once, in ``[[tool.relgraph.layers]]`` of
pyproject.toml, by subpackage (base -> model -> store -> query -> features -> api ->
interface). A module may import modules of its own stage and of earlier stages, never of
a later one; imports inside functions and under ``if TYPE_CHECKING`` count, since they are
dependencies all the same. No chain of imports may come back to where it started, between
modules or between subpackages (``ingest`` importing ``views`` while ``views`` imports
``ingest`` is a circle even when no single module closes it). A module that is in no stage
fails with a message that says where to add it.

The checker works on any package folder, so the tests at the end plant each kind of
violation in a small package of their own and check that it is caught.
"""

from __future__ import annotations

import ast
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

import pytest

from .conftest import REPO

PACKAGE = "relgraph"
SOURCE = REPO / "src" / PACKAGE
TABLE = "[[tool.relgraph.layers]] in pyproject.toml"


@dataclass(frozen=True)
class Stage:
    name: str
    modules: tuple[str, ...]  # names relative to the package: "store" covers store and store.*


@dataclass(frozen=True)
class Import:
    importer: str  # dotted module name
    imported: str  # dotted module name (a module of the package)
    path: Path
    line: int


def read_stages(pyproject: Path = REPO / "pyproject.toml") -> list[Stage]:
    layers = tomllib.loads(pyproject.read_text(encoding="utf-8"))["tool"]["relgraph"]["layers"]
    return [Stage(layer["stage"], tuple(layer["modules"])) for layer in layers]


def package_modules(root: Path, package: str) -> dict[str, Path]:
    """Every module under ``root`` by dotted name (a package by its own name)."""
    found: dict[str, Path] = {}
    for path in sorted(root.rglob("*.py")):
        parts = (package, *path.relative_to(root).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def _resolve_relative(importer: str, is_package: bool, level: int, module: str | None) -> str:
    base = importer.split(".")
    if not is_package:
        base = base[:-1]
    if level > 1:
        base = base[: -(level - 1)]
    return ".".join([*base, module] if module else base)


def imports_of(module: str, path: Path, modules: dict[str, Path], package: str) -> list[Import]:
    """The package's modules that ``module`` imports, anywhere in its file.

    ``from pkg.sub import name`` depends on ``pkg.sub.name`` when that is a module,
    else on ``pkg.sub``. The parent packages Python imports on the way are not counted:
    they are not the module's choice.
    """
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    is_package = path.name == "__init__.py"
    found: list[Import] = []
    for node in ast.walk(tree):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = _resolve_relative(module, is_package, node.level, node.module) if node.level else (node.module or "")
            targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in modules else base for a in node.names]
        for target in targets:
            if target != package and not target.startswith(package + "."):
                continue
            while target not in modules and "." in target:  # import pkg.a.b where b is a name: pkg.a
                target = target.rsplit(".", 1)[0]
            if target != module:
                found.append(Import(module, target, path, node.lineno))
    return found


def stage_of(module: str, package: str, stages: Sequence[Stage]) -> int | None:
    """The index of the module's stage, or None if the table does not list it."""
    relative = module[len(package) + 1 :] if module != package else "__init__"
    for index, stage in enumerate(stages):
        for entry in stage.modules:
            if relative == entry or relative.startswith(entry + "."):
                return index
    return None


def unstaged(modules: Iterable[str], package: str, stages: Sequence[Stage]) -> list[str]:
    return [m for m in sorted(modules) if stage_of(m, package, stages) is None]


def stale_entries(modules: Iterable[str], package: str, stages: Sequence[Stage]) -> list[str]:
    relative = {m[len(package) + 1 :] if m != package else "__init__" for m in modules}
    return [
        f"'{entry}' (stage {stage.name})"
        for stage in stages
        for entry in stage.modules
        if entry not in relative and not any(r.startswith(entry + ".") for r in relative)
    ]


def upward_imports(imports: Iterable[Import], package: str, stages: Sequence[Stage], root: Path) -> list[str]:
    problems = []
    for imp in imports:
        low, high = stage_of(imp.importer, package, stages), stage_of(imp.imported, package, stages)
        if low is not None and high is not None and high > low:
            problems.append(
                f"{imp.path.relative_to(root.parent)}, line {imp.line}: {imp.importer} (stage {stages[low].name}) "
                f"imports {imp.imported} (stage {stages[high].name}), a later stage"
            )
    return problems


def import_cycles(imports: Iterable[Import]) -> list[list[str]]:
    """Each strongly connected group of modules that import each other (Tarjan), as a closed path."""
    graph: dict[str, set[str]] = {}
    for imp in imports:
        graph.setdefault(imp.importer, set()).add(imp.imported)
        graph.setdefault(imp.imported, set())
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(_closed_path(sorted(group), graph))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return groups


def _closed_path(group: list[str], graph: dict[str, set[str]]) -> list[str]:
    """A shortest path from the group's first module back to itself, inside the group."""
    start, members = group[0], set(group)
    paths = {start: [start]}
    frontier = [start]
    while frontier:
        nxt_frontier = []
        for node in frontier:
            for nxt in sorted(graph[node] & members):
                if nxt == start:
                    return [*paths[node], start]
                if nxt not in paths:
                    paths[nxt] = [*paths[node], nxt]
                    nxt_frontier.append(nxt)
        frontier = nxt_frontier
    return group


def split_entries(stages: Sequence[Stage]) -> list[str]:
    """Entries that pick a module out of a subpackage (a stage is made of whole subpackages)."""
    return [f"'{entry}' (stage {s.name})" for s in stages for entry in s.modules if "." in entry]


def unit_of(module: str, package: str) -> str:
    """The subpackage (or top-level module) a module belongs to: relgraph.query.queries -> relgraph.query."""
    return ".".join(module.split(".")[:2])


def unit_imports(imports: Iterable[Import], package: str) -> list[Import]:
    """The imports between subpackages: each import with both ends raised to their unit."""
    raised = (Import(unit_of(i.importer, package), unit_of(i.imported, package), i.path, i.line) for i in imports)
    return [i for i in raised if i.importer != i.imported]


def unit_cycles(imports: Iterable[Import], package: str) -> list[str]:
    """Each circle between subpackages, with one import (file and line) that makes each step."""
    between = unit_imports(imports, package)
    witness: dict[tuple[str, str], Import] = {}
    for imp in sorted(between, key=lambda i: (str(i.path), i.line)):
        witness.setdefault((imp.importer, imp.imported), imp)
    described = []
    for cycle in import_cycles(between):
        steps = [witness[(a, b)] for a, b in pairwise(cycle)]
        described.append(
            " -> ".join(cycle)
            + " ("
            + "; ".join(f"{s.path.name}, line {s.line}: {s.importer} imports {s.imported}" for s in steps)
            + ")"
        )
    return described


def all_imports(root: Path, package: str) -> tuple[dict[str, Path], list[Import]]:
    modules = package_modules(root, package)
    imports = [imp for name, path in modules.items() for imp in imports_of(name, path, modules, package)]
    return modules, imports


def _stage_names(stages: Sequence[Stage]) -> str:
    return " -> ".join(s.name for s in stages)


# ----- the rules, on relgraph -------------------------------------------------------------------

STAGES = read_stages()
MODULES, IMPORTS = all_imports(SOURCE, PACKAGE)


def test_every_module_is_in_a_stage():
    missing = unstaged(MODULES, PACKAGE, STAGES)
    assert not missing, (
        f"{', '.join(str(MODULES[m].relative_to(REPO)) for m in missing)} in no stage: add each to the stage it "
        f"belongs to in {TABLE} ({_stage_names(STAGES)}). A module may import its own stage and earlier ones only."
    )


def test_the_table_lists_only_modules_that_exist():
    stale = stale_entries(MODULES, PACKAGE, STAGES)
    assert not stale, f"{TABLE} lists {', '.join(stale)}, which src/relgraph/ does not have: remove or rename it."


def test_imports_never_point_to_a_later_stage():
    problems = upward_imports(IMPORTS, PACKAGE, STAGES, SOURCE)
    assert not problems, (
        f"Imports must point to the same or an earlier stage ({_stage_names(STAGES)}, {TABLE}):\n"
        + "\n".join(problems)
        + "\nMove the shared code down a stage, or pass what is needed in from the caller."
    )


def test_no_circle_of_imports():
    cycles = import_cycles(IMPORTS)
    assert not cycles, "Modules that import each other in a circle:\n" + "\n".join(" -> ".join(c) for c in cycles)


def test_no_circle_between_subpackages():
    cycles = unit_cycles(IMPORTS, PACKAGE)
    assert not cycles, (
        "Subpackages that import each other in a circle (move the shared piece down a stage):\n" + "\n".join(cycles)
    )


def test_the_table_names_whole_subpackages():
    """A stage holds subpackages and top-level modules, never a module picked out of a subpackage."""
    split = split_entries(STAGES)
    assert not split, f"{TABLE} lists {', '.join(split)}: list the subpackage, or move the module to one that fits."


def test_the_stages_are_the_pipeline():
    """Spot checks that the table says what the README and CONTRIBUTING say."""
    names = [s.name for s in STAGES]
    assert names == ["base", "model", "store", "query", "features", "api", "interface"]
    expected = {
        "relgraph.errors": "base",
        "relgraph.model.namespaces": "model",
        "relgraph.store.disk": "store",
        "relgraph.store.sparql": "store",  # the read-only guard the store itself runs
        "relgraph.query.queries": "query",
        "relgraph.ingest.checks": "features",
        "relgraph.views.visualise": "features",
        "relgraph": "api",
        "relgraph.cli.query": "interface",
        "relgraph.server.app": "interface",
    }
    assert {m: STAGES[stage_of(m, PACKAGE, STAGES)].name for m in expected} == expected
    # The model reads a dataset through a protocol, not the store's class (the store builds on the model).
    edges = {(i.importer, i.imported) for i in IMPORTS}
    assert not {imp for imp in edges if imp[0].startswith("relgraph.model") and imp[1].startswith("relgraph.store")}
    # The reasoning trio imports in one direction (it was a circle: reasoning <-> consistency).
    edges = {(i.importer, i.imported) for i in IMPORTS}
    assert ("relgraph.reasoning.consistency", "relgraph.reasoning.reasoners") in edges
    assert ("relgraph.reasoning.inferences", "relgraph.reasoning.consistency") in edges
    assert not edges & {
        ("relgraph.reasoning.reasoners", "relgraph.reasoning.consistency"),
        ("relgraph.reasoning.reasoners", "relgraph.reasoning.inferences"),
    }


LAYOUT_PAGES = (REPO / "docs" / "explanation" / "layout.md", REPO / "CONTRIBUTING.md")


def test_the_layout_pages_name_what_exists():
    """The layout page and CONTRIBUTING.md name real files, real modules and names, and every stage."""
    import importlib
    import re

    missing = []
    for page in LAYOUT_PAGES:
        text = page.read_text(encoding="utf-8")
        for path in sorted(set(re.findall(r"src/relgraph/[\w/.]*\w", text))):
            if not (REPO / path).exists() and "FEATURE" not in path:
                missing.append(f"{page.name}: {path}")
        for dotted in sorted(set(re.findall(r"`(relgraph(?:\.\w+)+)`", text)) - {"relgraph.ttl", "relgraph.toml"}):
            parts = dotted.split(".")
            for cut in range(len(parts), 0, -1):  # the longest importable prefix, then attributes
                try:
                    found: object = importlib.import_module(".".join(parts[:cut]))
                except ImportError:
                    continue
                for attr in parts[cut:]:
                    found = getattr(found, attr, None)
                if found is None:
                    missing.append(f"{page.name}: {dotted}")
                break
        for stage in STAGES:
            if page.name == "layout.md" and f"| {stage.name} |" not in text:
                missing.append(f"{page.name}: the stage {stage.name}")
    assert not missing, "The layout pages name what the code does not have:\n" + "\n".join(missing)


# ----- the checker catches what it must -----------------------------------------------------------


@pytest.fixture
def bad_package(tmp_path) -> tuple[Path, list[Stage]]:
    """A package with an upward import inside a function, a circle and a module in no stage."""
    root = tmp_path / "pkg"
    (root / "store").mkdir(parents=True)
    files = {
        "__init__.py": "from pkg.low import thing\n",
        "low.py": "def thing():\n    from pkg.high import draw  # upward, inside a function\n    return draw\n",
        "high.py": "from pkg import low\n\ndef draw():\n    return low\n",
        "store/__init__.py": "from .disk import open_store\n",
        "store/disk.py": "from pkg.store.index import build\n\ndef open_store():\n    return build\n",
        "store/index.py": "import pkg.store.disk\n\ndef build():\n    return pkg.store.disk\n",
        "newcomer.py": "X = 1\n",
    }
    for name, text in files.items():
        (root / name).write_text(text, encoding="utf-8")
    stages = [Stage("base", ("low", "store")), Stage("features", ("high", "gone")), Stage("api", ("__init__",))]
    return root, stages


def test_the_checker_finds_an_upward_import_inside_a_function(bad_package):
    root, stages = bad_package
    _, imports = all_imports(root, "pkg")
    problems = upward_imports(imports, "pkg", stages, root)
    assert problems == [
        "pkg/low.py, line 2: pkg.low (stage base) imports pkg.high (stage features), a later stage",
    ]


def test_the_checker_finds_a_circle(bad_package):
    root, _ = bad_package
    _, imports = all_imports(root, "pkg")
    assert import_cycles(imports) == [
        ["pkg.high", "pkg.low", "pkg.high"],
        ["pkg.store.disk", "pkg.store.index", "pkg.store.disk"],
    ]


def test_the_checker_finds_unlisted_and_stale_modules(bad_package):
    root, stages = bad_package
    modules = package_modules(root, "pkg")
    assert unstaged(modules, "pkg", stages) == ["pkg.newcomer"]
    assert stale_entries(modules, "pkg", stages) == ["'gone' (stage features)"]


def test_a_package_does_not_depend_on_its_parents(bad_package):
    root, _ = bad_package
    modules, imports = all_imports(root, "pkg")
    assert set(modules) == {
        "pkg",
        "pkg.low",
        "pkg.high",
        "pkg.store",
        "pkg.store.disk",
        "pkg.store.index",
        "pkg.newcomer",
    }
    assert {(i.importer, i.imported) for i in imports} == {
        ("pkg", "pkg.low"),
        ("pkg.low", "pkg.high"),
        ("pkg.high", "pkg.low"),  # from pkg import low: the module, not the package
        ("pkg.store", "pkg.store.disk"),  # a relative import
        ("pkg.store.disk", "pkg.store.index"),
        ("pkg.store.index", "pkg.store.disk"),
    }


def test_the_checker_finds_a_circle_between_subpackages(tmp_path):
    """No module imports one that imports it back, yet ingest needs views and views needs ingest."""
    root = tmp_path / "pkg"
    files = {
        "__init__.py": "",
        "ingest/__init__.py": "",
        "ingest/check.py": "from pkg.views.style import COLOURS\n",
        "ingest/words.py": "WORDS = ['a']\n",
        "views/__init__.py": "",
        "views/style.py": "COLOURS = {}\n",
        "views/page.py": "import json\n\nfrom pkg.ingest import words\n",
    }
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    stages = [Stage("features", ("ingest", "views")), Stage("api", ("__init__",))]
    _, imports = all_imports(root, "pkg")
    assert import_cycles(imports) == []  # between modules, no circle
    assert upward_imports(imports, "pkg", stages, root) == []  # and both are one stage
    assert unit_cycles(imports, "pkg") == [
        "pkg.ingest -> pkg.views -> pkg.ingest (check.py, line 1: pkg.ingest imports pkg.views; "
        "page.py, line 3: pkg.views imports pkg.ingest)"
    ]


def test_the_checker_finds_a_module_picked_out_of_a_subpackage():
    stages = [Stage("store", ("store", "query.sparql")), Stage("query", ("query",))]
    assert split_entries(stages) == ["'query.sparql' (stage store)"]
