"""What a command imports: each command's module and libraries only when that command runs.

Checked in a real process (``python -m relgraph ...``), from its ``sys.modules`` at exit:
``relgraph query`` must not bring the reasoner, the validator, the page, the server or
the HTTP client, and ``relgraph --help`` not even the store.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from relgraph.cli import COMMANDS, main
from relgraph.cli.query import RESULT_FORMATS

from .conftest import REPO

# Runs the command as ``python -m relgraph`` does, then prints the modules it imported.
_PROBE = """
import atexit, json, runpy, sys
atexit.register(lambda: sys.stderr.write("MODULES " + json.dumps(sorted(sys.modules)) + "\\n"))
sys.argv = ["relgraph", *sys.argv[1:]]
runpy.run_module("relgraph", run_name="__main__")
"""

HEAVY = ("rdflib", "pyshacl", "networkx", "rich", "owlready2", "jinja2", "pyvis", "httpx", "starlette", "uvicorn")


def _modules(*args: str) -> tuple[set[str], str]:
    done = subprocess.run([sys.executable, "-c", _PROBE, *args], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    line = next(x for x in done.stderr.splitlines() if x.startswith("MODULES "))
    return set(json.loads(line[len("MODULES ") :])), done.stdout


def _top(modules: set[str]) -> set[str]:
    return {m.split(".")[0] for m in modules}


def test_query_imports_the_store_but_none_of_the_heavy_libraries():
    modules, out = _modules("-C", str(REPO), "query", "status_history", "--example", "-f", "csv")
    assert "reld:bsd-session-1" in out or "bsd-session-1" in out  # it really answered
    assert "relgraph.query.queries" in modules and "pyoxigraph" in modules
    assert not _top(modules) & set(HEAVY), sorted(_top(modules) & set(HEAVY))
    # only the query command's module of the CLI, and none of the features it does not use
    assert {m for m in modules if m.startswith("relgraph.cli.")} == {
        "relgraph.cli.app",
        "relgraph.cli.query",
        "relgraph.cli.deadline",
    }
    for unused in (
        "relgraph.analytics.network",
        "relgraph.analytics.projection",
        "relgraph.ingest.validation",
        "relgraph.reasoning.reasoners",
    ):
        assert unused not in modules, unused
    # nor the standard library's HTTP and mail parsing that xml.sax.saxutils pulled in
    assert not {"http", "email", "urllib.request", "ssl"} & modules
    # nor what only writing a file, a new folder, a build or a parameter's type needs
    assert not {"tempfile", "shutil", "importlib.resources", "secrets", "decimal", "traceback"} & modules


def test_help_lists_every_command_without_importing_the_store():
    modules, out = _modules("--help")
    for name in COMMANDS:
        assert f"  {name} " in out, name
    assert not _top(modules) & {*HEAVY, "pyoxigraph", "yaml"}
    assert "relgraph.store" not in modules and "relgraph.query.queries" not in modules


def test_analytics_command_loads_its_module_when_it_runs(cli, repo_project):
    result = cli("central", "--top", "3", project=repo_project)
    assert result.exit_code == 0, result.output
    assert "relgraph.cli.analytics" in sys.modules


def test_the_command_table_matches_what_the_modules_register():
    registered = dict(main.commands.items())  # going over them imports every module
    assert set(registered) == set(COMMANDS)
    for name, module in COMMANDS.items():
        assert registered[name].callback.__module__ == f"relgraph.cli.{module}", name


def test_an_unknown_command_is_a_usage_error_with_a_suggestion(cli):
    result = cli("quary")
    assert result.exit_code == 2
    assert "No such command 'quary'" in result.output and "query" in result.output


def test_the_cli_offers_the_result_formats_the_library_writes():
    from relgraph.query.formats import RESULT_FORMATS as LIBRARY

    assert RESULT_FORMATS == LIBRARY


@pytest.mark.parametrize("name", ["label_of", "run_query", "Dataset", "find_paths"])
def test_the_package_still_offers_its_api_lazily(name):
    code = f"import sys, relgraph; assert 'relgraph.query.queries' not in sys.modules; print(relgraph.{name}.__name__)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == name
