"""Bad input through the real command: a one-paragraph message, a non-zero exit, no
traceback, and the graph folder byte-for-byte unchanged."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from .conftest import TEST_DATA, tree_digest

CASES = [
    # (arguments, exit code, part of the message)
    (
        ["sparql", "SELECT * WHERE {\n  ?s ?p\n}"],
        8,
        "SPARQL syntax error at line 3, column 1: unexpected text here.\n  }\n  ^",
    ),
    (["query", "dialog_pillars"], 8, "No canned query is called 'dialog_pillars'. Did you mean 'dialogue_pillars'?"),
    (["query", "dyad_timeline", "-p", "state_a=Kenya"], 8, "needs the parameter 'state_b'"),
    (
        ["query", "dyad_timeline", "--example", "-p", "stat_a=Kenya"],
        8,
        "has no parameter 'stat_a'. Did you mean 'state_a' or 'state_b'?",
    ),
    (["query", "dyad_timeline", "-p", "state_a"], 8, "--param takes NAME=VALUE; got 'state_a'"),
    (["query", "post_holders", "-p", "state=Narnia"], 7, "No entity is named 'Narnia'."),
    (
        ["query", "post_holders", "-p", "state=x> } DELETE WHERE { ?s ?p ?o } #"],
        7,
        "No entity is named 'x> } DELETE WHERE",
    ),
    (
        ["query", "status_history", "-p", "item=reld:bsd-session-9"],
        7,
        "No entity reld:bsd-session-9 is in the graph. Did you mean 'reld:bsd-session-2' or 'reld:bsd-session-1'",
    ),
    (["sparql", "DELETE WHERE { ?s ?p ?o }"], 8, "This is a SPARQL update (DELETE)"),
    (["sparql", "LOAD <http://example.org/x.ttl>"], 8, "This is a SPARQL update (LOAD)"),
    (["sparql", "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"], 8, "SERVICE"),
    (
        ["sparql", "SELECT * FROM <http://example.org/remote.ttl> WHERE { ?s ?p ?o }"],
        8,
        "names no graph in this dataset",
    ),
    (
        ["sparql", "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }"],
        8,
        "never fetches graphs from the web or the disk",
    ),
    (
        [
            "sparql",
            "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }",
            "--timeout",
            "1",
        ],
        9,
        "stopped after 1 s, its time limit",
    ),
    (
        ["sparql", "SELECT ?s WHERE { ?s ?p ?o }", "-f", "turtle"],
        8,
        "A SELECT result is written as table, csv, tsv or json, not turtle",
    ),
]


def _run(project_root, *args):
    return subprocess.run(
        [sys.executable, "-m", "relgraph", "--project", str(project_root), *args],
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(("args", "code", "message"), CASES, ids=[" ".join(c[0])[:50] for c in CASES])
def test_bad_input_is_a_clear_error(project_copy, args, code, message):
    before = tree_digest(project_copy.root)
    done = _run(project_copy.root, *args)
    assert done.returncode == code, done.stderr
    assert message in done.stderr
    assert done.stderr.startswith("Error: ")
    assert "Traceback" not in done.stderr
    assert tree_digest(project_copy.root) == before


def test_a_data_file_that_does_not_parse_names_file_and_line(project_copy):
    shutil.copy(TEST_DATA / "bad-data" / "iri-with-space.ttl", project_copy.articles_dir / "broken.ttl")
    before = tree_digest(project_copy.root)
    done = _run(project_copy.root, "query", "articles")
    assert done.returncode == 4
    assert "data/articles/broken.ttl, line 3, column 47: Invalid IRI code point ' '" in done.stderr
    assert tree_digest(project_copy.root) == before


def test_a_bad_query_header_fails_when_loaded(project_copy):
    shutil.copy(TEST_DATA / "bad-queries" / "unknown_key.rq", project_copy.queries_dir / "unknown_key.rq")
    listed = _run(project_copy.root, "queries")
    assert listed.returncode == 8
    assert "unknown_key.rq: bad query header: unknown key 'descripton'" in listed.stderr
    ran = _run(project_copy.root, "query", "unknown_key")
    assert ran.returncode == 8 and "Did you mean 'description'?" in ran.stderr


def test_no_graph_folder(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "relgraph", "--project", str(tmp_path / "nowhere"), "queries"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 3
    assert "does not exist. Create one with 'relgraph init" in done.stderr


def test_query_does_not_import_heavy_libraries(repo_project):
    code = (
        "import sys; from relgraph.cli import main\n"
        "try:\n    main(['query', 'dialogue_pillars', '--example'])\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in ('owlready2', 'pyvis', 'pyshacl', 'networkx', 'rdflib') if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=repo_project.root
    )
    assert done.stdout.strip().splitlines()[-1] == "[]"
