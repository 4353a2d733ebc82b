"""The README's console examples run, and where it shows output, print exactly that."""

from __future__ import annotations

import re
import shlex

import pytest

from .conftest import REPO

BLOCK = re.compile(r"```console\n(.*?)```", re.DOTALL)


def _examples() -> list[tuple[str, str]]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    examples: list[tuple[str, str]] = []
    for block in BLOCK.findall(text):
        command, output = None, []
        for line in block.splitlines():
            if line.startswith("$ "):
                if command:
                    examples.append((command, "\n".join(output)))
                command, output = line[2:], []
            else:
                output.append(line)
        if command:
            examples.append((command, "\n".join(output)))
    return examples


EXAMPLES = [(c, o) for c, o in _examples() if c.startswith("relgraph ")]


def test_the_readme_has_examples():
    assert len(EXAMPLES) >= 10


@pytest.mark.parametrize(("command", "shown"), EXAMPLES, ids=[c[:60] for c, _ in EXAMPLES])
def test_readme_example(command, shown, cli, project_copy, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "queries").mkdir()
    for query in (REPO / "queries").glob("*.rq"):
        (tmp_path / "queries" / query.name).write_text(query.read_text(encoding="utf-8"), encoding="utf-8")
    args = shlex.split(command, comments=True)[1:]
    needs_project = args[0] not in ("init",)
    result = cli(*args, project=project_copy if needs_project else None)
    expect_error = shown.startswith("Error:")
    assert (result.exit_code != 0) == expect_error, result.output
    if shown.strip():  # click's output is what a terminal shows: stdout and stderr
        assert result.output.rstrip("\n") == shown.rstrip("\n")
