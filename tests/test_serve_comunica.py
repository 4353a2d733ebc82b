"""Comunica, an independent SPARQL engine from npm, queries relgraph serve as an endpoint and gets the
same rows as the CLI for every canned SELECT (its examples bound). scripts/test.sh installs Comunica
into tests/.node (a test-only folder); without Node or that folder the test is skipped with a reason."""

from __future__ import annotations

import json
import os
import shutil
import subprocess

import pytest

from relgraph.model.namespaces import PREFIXES
from relgraph.query.queries import bind_parameters, list_queries, run_query
from relgraph.store import SelectResult, load_dataset
from relgraph.store.binding import bind_values

from .conftest import REPO
from .serving import running_server

NODE_MODULES = REPO / "tests" / ".node" / "node_modules"
SCRIPT = REPO / "tests" / "comunica" / "query.js"


def _term(term) -> list[str] | None:
    if term is None:
        return None
    kind = {"NamedNode": "NamedNode", "BlankNode": "BlankNode", "Literal": "Literal"}[type(term).__name__]
    return [kind, term.value]


def test_comunica_gets_the_cli_rows_for_every_canned_select(repo_project):
    node = shutil.which("node")
    if node is None:
        pytest.skip("Node.js is not installed; scripts/test.sh installs Comunica with npm when it is")
    if not (NODE_MODULES / "@comunica" / "query-sparql").is_dir():
        pytest.skip("Comunica is not installed in tests/.node; run scripts/test.sh (npm install --prefix tests/.node)")
    dataset = load_dataset(repo_project)
    prologue = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
    cases = []
    for spec in list_queries(dataset.project):
        expected = run_query(dataset, spec, use_example=True).result
        if not isinstance(expected, SelectResult):
            continue
        text = prologue + bind_values(spec.text, bind_parameters(dataset, spec, spec.example_params))
        rows = [
            {var: _term(t) for var, t in zip(expected.variables, row, strict=True) if t is not None}
            for row in expected.rows
        ]
        cases.append((spec.name, text, rows))
    try:
        with running_server(dataset) as base:
            done = subprocess.run(
                [node, str(SCRIPT), base + "/sparql"],
                input=json.dumps([text for _, text, _ in cases]),
                capture_output=True,
                text=True,
                timeout=300,
                env={**os.environ, "NODE_PATH": str(NODE_MODULES)},
                check=False,
            )
    finally:
        dataset.close()
    assert done.returncode == 0, done.stderr
    answers = json.loads(done.stdout)
    assert len(answers) == len(cases) >= 14
    for (name, _text, expected_rows), got in zip(cases, answers, strict=True):
        assert not isinstance(got, dict), f"{name}: {got}"
        assert got == expected_rows, name
    timeline = next(rows for name, _, rows in cases if name == "dyad_timeline")
    assert ["NamedNode", PREFIXES["reld"] + "bsd-session-1"] in [row["event"] for row in timeline]
