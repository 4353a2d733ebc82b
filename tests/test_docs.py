"""The documentation's examples run, and print what the page shows; the site builds offline.

Every ``console``, ``sh``, ``python`` and ``pycon`` block of README.md, CONTRIBUTING.md
and docs/**/*.md runs, page by page, top to bottom, in a fresh working folder that holds
a copy of the bundled graph folder (as a reader in a checkout of the repository):

- ``console``: ``$ command`` lines, each followed by the output it must print (stdout and
  stderr, as a terminal shows them). No output lines: the command must only succeed.
  Output that starts with ``Error:`` must come with a non-zero exit. ``...`` in the shown
  output stands for any text (a timing, a path), as in doctest.
- ``sh``: every line is a command that must succeed; nothing is compared.
- ``python``: the block runs and must not raise; ``pycon``: a doctest, output compared.

``relgraph`` commands run in-process (click's runner); ``cd DIR`` moves the working folder;
anything else (``cp``, ``mkdir``) runs in bash. Put ``<!-- docs-test: skip -->`` on the line
before a block that must not run (``relgraph serve``, an install, an editor), and say why
after it: ``<!-- docs-test: skip (starts a server) -->``. ``<!-- docs-test: file PATH -->`` before a
block writes the block into the working folder as PATH (a query file the page shows, say).

When the data changes, ``RELGRAPH_DOCS_UPDATE=1 pytest tests/test_docs.py`` writes what each
command prints now into the pages, in place of the output shown (keep the ``...`` parts by
hand), and fills in the output of a command shown with the single line ``<fill>``; review the
diff before committing it.
"""

from __future__ import annotations

import doctest
import os
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from click.testing import CliRunner

from relgraph.cli import main

from .conftest import REPO

UPDATE = os.environ.get("RELGRAPH_DOCS_UPDATE") == "1"
RUN = ("console", "sh", "python", "pycon")
PLACEHOLDER = "<fill>"  # output to be written by RELGRAPH_DOCS_UPDATE=1
SKIP = re.compile(r"<!--\s*docs-test:\s*skip\b[^>]*-->\s*$")
SAVE = re.compile(r"<!--\s*docs-test:\s*file\s+(?P<path>\S+)\s*-->\s*$")
FENCE = re.compile(r"^(?P<indent> *)(?P<fence>```+|~~~+)(?P<lang>[\w-]*)")


def doc_pages() -> list[Path]:
    pages = [REPO / "README.md", REPO / "CONTRIBUTING.md", *sorted((REPO / "docs").rglob("*.md"))]
    return [p for p in pages if p.is_file()]


@dataclass
class Block:
    lang: str
    start: int  # index of the first line inside the fence
    lines: list[str]
    skip: bool
    save_as: str | None = None  # write the block to this file of the working folder


@dataclass
class Command:
    text: str
    line: int  # index in the page of the "$ ..." line
    shown: list[str] = field(default_factory=list)


def read_blocks(text: str) -> list[Block]:
    """The fenced blocks of a Markdown page (indented ones too, as in admonitions)."""
    lines = text.splitlines()
    blocks: list[Block] = []
    i = 0
    while i < len(lines):
        match = FENCE.match(lines[i])
        if not match:
            i += 1
            continue
        indent, fence, lang = len(match["indent"]), match["fence"], match["lang"]
        previous = next((lines[j] for j in range(i - 1, -1, -1) if lines[j].strip()), "")
        body: list[str] = []
        j = i + 1
        while j < len(lines) and not lines[j].strip().startswith(fence):
            body.append(lines[j][indent:])
            j += 1
        saved = SAVE.search(previous)
        blocks.append(Block(lang, i + 1, body, bool(SKIP.search(previous)), saved["path"] if saved else None))
        i = j + 1
    return blocks


def commands_of(block: Block) -> list[Command]:
    commands: list[Command] = []
    for offset, line in enumerate(block.lines):
        if block.lang == "sh":
            stripped = line.strip()
            if stripped and not stripped.startswith("#"):
                commands.append(Command(stripped, block.start + offset))
        elif line.startswith("$ "):
            commands.append(Command(line[2:], block.start + offset))
        elif commands:
            commands[-1].shown.append(line)
    return commands


def matches(shown: str, actual: str) -> bool:
    if shown == actual:
        return True
    if "..." not in shown:
        return False
    pattern = ".*?".join(re.escape(part) for part in shown.split("..."))
    return re.fullmatch(pattern, actual, flags=re.DOTALL) is not None


def _tidy(text: str) -> str:
    """Lines without trailing blanks (a progress bar's carriage returns end lines too), no blank ends."""
    return "\n".join(line.rstrip() for line in text.splitlines()).strip("\n")


class Session:
    """A reader's terminal: a working folder, and the commands run in it one after another."""

    def __init__(self, folder: Path, monkeypatch: pytest.MonkeyPatch):
        self.cwd = folder
        self.monkeypatch = monkeypatch
        self.runner = CliRunner()

    def run(self, command: str) -> tuple[int, str]:
        args = shlex.split(command, comments=True)
        if not args:
            return 0, ""
        if args[0] == "cd":
            self.cwd = (self.cwd / args[1]).resolve()
            return 0, ""
        self.monkeypatch.chdir(self.cwd)
        if args[0] == "relgraph":
            result = self.runner.invoke(main, args[1:], catch_exceptions=False)
            return result.exit_code, result.output
        env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
        done = subprocess.run(
            ["bash", "-c", command], cwd=self.cwd, capture_output=True, text=True, timeout=300, env=env, check=False
        )
        return done.returncode, done.stdout + done.stderr


def _working_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "relgraph"
    for name in ("ontology", "data", "queries"):
        shutil.copytree(REPO / name, folder / name)
    return folder


@pytest.mark.parametrize("page", doc_pages(), ids=lambda p: str(p.relative_to(REPO)))
def test_examples_of_the_page(page: Path, tmp_path, monkeypatch):
    monkeypatch.delenv("RELGRAPH_PROJECT", raising=False)
    monkeypatch.delenv("RELGRAPH_STORE", raising=False)
    monkeypatch.delenv("RELGRAPH_ENDPOINT", raising=False)
    text = page.read_text(encoding="utf-8")
    session = Session(_working_folder(tmp_path), monkeypatch)
    where = page.relative_to(REPO)
    updates: dict[int, tuple[int, list[str]]] = {}  # first output line -> (lines replaced, new lines)
    try:
        for block in read_blocks(text):
            if block.save_as:
                target = session.cwd / block.save_as
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text("\n".join(block.lines) + "\n", encoding="utf-8")
                continue
            if block.lang not in RUN or block.skip:
                continue
            if block.lang in ("python", "pycon"):
                monkeypatch.chdir(session.cwd)
                _run_python(block, where)
                continue
            for command in commands_of(block):
                _check_command(session, command, where, updates)
    finally:
        if updates:
            _rewrite(page, updates)


def _check_command(session: Session, command: Command, where: Path, updates: dict) -> None:
    code, output = session.run(command.text)
    actual, shown = _tidy(output), _tidy("\n".join(command.shown))
    if UPDATE and shown == PLACEHOLDER:
        updates[command.line + 1] = (len(command.shown), actual.splitlines())
        return
    expect_error = shown.startswith("Error:")
    if (code != 0) != expect_error:
        pytest.fail(
            f"{where}, line {command.line + 1}: '{command.text}' exited {code}"
            + (" (the page shows an error)" if expect_error else "")
            + f":\n{output}"
        )
    if command.shown and not matches(shown, actual):
        if UPDATE:
            updates[command.line + 1] = (len(command.shown), actual.splitlines())
            return
        pytest.fail(
            f"{where}, line {command.line + 1}: '{command.text}' printed\n{actual}\n\n"
            f"but the page shows\n{shown}\n\n(RELGRAPH_DOCS_UPDATE=1 rewrites the page with what it prints.)"
        )


def _run_python(block: Block, where: Path) -> None:
    source = "\n".join(block.lines)
    name = f"{where}:{block.start}"
    if block.lang == "pycon":
        parser = doctest.DocTestParser()
        test = parser.get_doctest(source, {"__name__": "__docs__"}, name, str(where), block.start)
        runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
        runner.run(test)
        result = runner.summarize(verbose=False)
        assert result.failed == 0, f"{where}, line {block.start}: the pycon example above failed."
        return
    # Compiled under the page's name and its first line, so a traceback points into the page.
    code = compile("\n" * block.start + source, str(where), "exec")
    exec(code, {"__name__": "__docs__"})


def _rewrite(page: Path, updates: dict[int, tuple[int, list[str]]]) -> None:
    lines = page.read_text(encoding="utf-8").splitlines()
    indent_of = {}
    for first in updates:
        fence_line = next(lines[i] for i in range(first - 1, -1, -1) if FENCE.match(lines[i]))
        indent_of[first] = len(fence_line) - len(fence_line.lstrip(" "))
    for first in sorted(updates, reverse=True):
        count, new = updates[first]
        pad = " " * indent_of[first]
        lines[first : first + count] = [pad + line if line else line for line in new]
    page.write_text("\n".join(lines) + "\n", encoding="utf-8")


# ----- the parser itself, on a page of its own -----------------------------------------------------


def test_the_block_reader_sees_commands_output_and_skips():
    page = "\n".join(
        [
            "```console",
            "$ relgraph queries   # a comment",
            "first line",
            "$ relgraph stats",
            "```",
            "<!-- docs-test: skip (starts a server) -->",
            "```sh",
            "relgraph serve",
            "```",
            "<!-- docs-test: file queries/x.rq -->",
            "```sparql",
            "ASK {}",
            "```",
            '??? note "Indented"',
            "",
            "    ```python",
            "    print(1)",
            "    ```",
        ]
    )
    blocks = read_blocks(page)
    assert [(b.lang, b.skip, b.save_as) for b in blocks] == [
        ("console", False, None),
        ("sh", True, None),
        ("sparql", False, "queries/x.rq"),
        ("python", False, None),
    ]
    commands = commands_of(blocks[0])
    assert [(c.text, c.line, c.shown) for c in commands] == [
        ("relgraph queries   # a comment", 1, ["first line"]),
        ("relgraph stats", 3, []),
    ]
    assert blocks[3].lines == ["print(1)"]


def test_ellipsis_matches_what_varies_and_nothing_else():
    assert matches("Answered in ... s.", "Answered in 10.50 s.")
    assert matches("Wrote ...graph.html", "Wrote /tmp/x/graph.html")
    assert not matches("Answered in ... s.", "Answered in 10.50 ms.")
    assert not matches("4 rows", "5 rows")


def test_every_page_has_examples_that_run():
    pages = {p.relative_to(REPO).as_posix(): p for p in doc_pages()}
    for name in ("README.md", "docs/tutorial.md", "docs/guides/ask.md", "docs/guides/add-article.md"):
        blocks = [b for b in read_blocks(pages[name].read_text(encoding="utf-8")) if b.lang in RUN and not b.skip]
        assert sum(len(commands_of(b)) for b in blocks if b.lang == "console") >= 3, name
