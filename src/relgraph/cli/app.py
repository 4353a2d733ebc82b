"""The command group, its global options, and the one place errors become messages."""

from __future__ import annotations

import math
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

import click

from relgraph.errors import RelgraphError

if TYPE_CHECKING:
    from relgraph.paths import Project
    from relgraph.store import Dataset

__all__ = ["COMMANDS", "State", "main", "pass_state"]

#: Which module of relgraph.cli registers each command: it is imported when that command runs.
COMMANDS: dict[str, str] = {
    **dict.fromkeys(("path", "central", "dyads"), "analytics"),
    **dict.fromkeys(
        ("new-article", "sentences", "compile", "validate", "add", "remove", "articles", "stats"), "articles"
    ),
    "draft": "draft",
    **dict.fromkeys(("queries", "query", "sparql", "export", "init"), "query"),
    "reason": "reason",
    "render": "render",
    **dict.fromkeys(("index", "push"), "scale"),
    "serve": "serve",
    "synth": "synth",
}


class State:
    """What every command gets: the graph folder, and the dataset once it is needed.

    A plain class: every command builds one, and a dataclass costs ~0.5 ms to define at import."""

    def __init__(
        self, project_arg: str | None = None, store: str | None = None, endpoint: str | None = None, wait: float = 10.0
    ):
        self.project_arg = project_arg
        self.store = store  # --store PATH: an indexed store on disk
        self.endpoint = endpoint  # --endpoint URL: a remote SPARQL engine
        self.wait = wait  # --wait SECONDS: how long a writer waits for another writer of the folder
        self._datasets: dict[bool, Dataset] = {}
        self._project: Project | None = None

    def __repr__(self) -> str:
        return f"State(project_arg={self.project_arg!r}, store={self.store!r}, endpoint={self.endpoint!r})"

    def writing(self, project: Project | None = None):
        """The writer's lock of the graph folder: hold it before reading what a change is checked against."""
        from relgraph.locking import lock_project

        return lock_project(project or self.project, wait=self.wait, on_wait=lambda m: click.echo(m, err=True))

    @property
    def project(self) -> Project:
        if self._project is None:
            from relgraph.paths import find_project

            self._project = find_project(self.project_arg)
        return self._project

    def dataset(self, *, include_inferred: bool = False) -> Dataset:
        if include_inferred not in self._datasets:
            from relgraph.store import open_dataset, store_settings

            settings = store_settings(self.project, store=self.store, endpoint=self.endpoint)
            on_terminal = stderr_is_terminal()
            started = time.monotonic()
            self._datasets[include_inferred] = open_dataset(
                self.project,
                settings=settings,
                include_inferred=include_inferred,
                progress=on_terminal,
                notify=lambda line: click.echo(line, err=True),
            )
            took = time.monotonic() - started
            if include_inferred and settings.backend != "remote":
                self._warn_stale_inferences()
            if on_terminal and self._datasets[include_inferred].kind == "memory" and took > SLOW_LOAD_SECONDS:
                where = "" if settings.backend == "auto" else " (with --store, or [store] in relgraph.toml)"
                click.echo(
                    f"Read the graph folder into memory in {took:.1f} s. 'relgraph index' builds a store on disk "
                    f"once; later commands{where} open it in under a second.",
                    err=True,
                )
        return self._datasets[include_inferred]

    def _warn_stale_inferences(self) -> None:
        from relgraph.reasoning.inferences import stale_inferences

        stale = stale_inferences(self.project)
        if stale:
            shown = ", ".join(stale[:3]) + (f" and {len(stale) - 3} more" if len(stale) > 3 else "")
            click.echo(
                f"Note: the inferences ({self.project.relative(self.project.inferred_files()[0])}) are older than "
                f"{len(stale)} file{'s' if len(stale) != 1 else ''} of the graph ({shown}): --inferred answers miss "
                "what those say. Run 'relgraph reason' to bring them up to date.",
                err=True,
            )


SLOW_LOAD_SECONDS = 5.0  # a memory load slower than this earns the hint to index the folder


def stderr_is_terminal() -> bool:
    return sys.stderr.isatty()


def stdout_is_terminal() -> bool:
    return sys.stdout.isatty()


def say(text: str, *, err: bool = False) -> None:
    """Print a line for a person, with whatever article data it holds made harmless (``printable``)."""
    from relgraph.query.formats import printable

    click.echo(printable(text), err=err)


class Seconds(click.ParamType):
    """A number of seconds: finite, at least ``minimum`` (``inf`` gave an OverflowError, ``nan`` a bogus time-out)."""

    name = "seconds"

    def __init__(self, minimum: float = 0.1, maximum: float = 7 * 86400):
        self.minimum, self.maximum = minimum, maximum

    def convert(self, value, param, ctx) -> float:
        if isinstance(value, int | float) and not isinstance(value, bool):
            number = float(value)
        else:
            try:
                number = float(str(value).strip())
            except ValueError:
                self.fail(f"{value!r} is not a number of seconds.", param, ctx)
        if not math.isfinite(number) or not self.minimum <= number <= self.maximum:
            self.fail(f"{value!r} is not a number of seconds from {self.minimum:g} to {self.maximum:g}.", param, ctx)
        return number


pass_state = click.make_pass_decorator(State)


def _load(module: str) -> None:
    import importlib

    importlib.import_module(f"relgraph.cli.{module}")  # its decorators register its commands on ``main``


class _Commands(dict):
    """The commands by name, each module imported when one of its commands is first asked for.

    ``get`` and ``[name]`` import only the module of that command; going over all of them
    (``items()``, iterating) imports every module, so code that lists ``main.commands``
    sees every command."""

    def _all(self) -> None:
        for module in dict.fromkeys(COMMANDS.values()):
            _load(module)

    def __missing__(self, name: str):
        if name in COMMANDS:
            _load(COMMANDS[name])
            if dict.__contains__(self, name):
                return dict.__getitem__(self, name)
        raise KeyError(name)

    def get(self, name, default=None):
        try:
            return self[name]
        except KeyError:
            return default

    def __contains__(self, name) -> bool:
        return name in COMMANDS or dict.__contains__(self, name)

    def __iter__(self):
        self._all()
        return dict.__iter__(self)

    def __len__(self) -> int:
        self._all()
        return dict.__len__(self)

    def keys(self):
        self._all()
        return dict.keys(self)

    def values(self):
        self._all()
        return dict.values(self)

    def items(self):
        self._all()
        return dict.items(self)


class _Group(click.Group):
    """Turns RelgraphError into a message and the error's exit code: no traceback.

    Its commands load lazily (``_Commands``): a command's module, and the libraries it
    imports, only when that command runs."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.commands = _Commands(self.commands)

    def list_commands(self, ctx: click.Context) -> list[str]:
        loaded = dict.keys(self.commands) if isinstance(self.commands, dict) else self.commands.keys()
        return sorted(set(COMMANDS) | set(loaded))

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except RelgraphError as exc:
            from relgraph.query.formats import printable

            click.echo(f"Error: {printable(str(exc))}", err=True)
            sys.exit(exc.exit_code)
        except BrokenPipeError:
            sys.exit(0)
        except OSError as exc:  # a full or read-only disk, a folder that vanished: a message, not a traceback
            where = f" ({exc.filename})" if exc.filename else ""
            click.echo(
                f"Error: {exc.strerror or exc}{where}. Nothing was half-written: relgraph writes a file whole "
                "or not at all.",
                err=True,
            )
            sys.exit(6)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option(
    "--project",
    "-C",
    "project",
    type=click.Path(file_okay=False, path_type=str),
    envvar="RELGRAPH_PROJECT",
    help="Graph folder to use (default: the nearest folder upwards with ontology/, data/ and queries/, "
    "else the bundled graph).",
)
@click.option(
    "--store",
    "store",
    type=click.Path(file_okay=False, path_type=str),
    envvar="RELGRAPH_STORE",
    help="Use the store on disk at this folder (built by 'relgraph index') instead of reading the files.",
)
@click.option(
    "--endpoint",
    "endpoint",
    metavar="URL",
    envvar="RELGRAPH_ENDPOINT",
    help="Use a remote SPARQL 1.1 endpoint (credentials from RELGRAPH_ENDPOINT_TOKEN or _USER/_PASSWORD).",
)
@click.option(
    "--wait",
    type=Seconds(0, 86400),
    default=10.0,
    show_default=True,
    envvar="RELGRAPH_WAIT",
    metavar="SECONDS",
    help="How long a command that changes the graph folder waits for another one to finish.",
)
@click.version_option(package_name="relgraph")
@click.pass_context
def main(ctx: click.Context, project: str | None, store: str | None, endpoint: str | None, wait: float) -> None:
    """relgraph: a knowledge graph of relations between states, from news articles.

    Ask it questions in SPARQL (canned queries with parameters, or your own), see it
    as an interactive graph page, and grow it article by article.
    """
    ctx.obj = State(project, store, endpoint, wait)


def write_output(text: str, output: Path | None, project: Project | None = None) -> None:
    """Print, or write to a file atomically (never inside the folders relgraph reads as the graph)."""
    if output is None:
        if stdout_is_terminal():  # data for a person: nothing in it may drive the terminal
            from relgraph.query.formats import printable

            text = printable(text)
        click.echo(text, nl=False)
        return
    from relgraph.store import write_atomic

    if project is None:
        ctx = click.get_current_context(silent=True)
        state = ctx.find_object(State) if ctx is not None else None
        project = state.project if state is not None else None
    if project is not None:
        project.check_output(output)
    write_atomic(output, text.encode("utf-8"))
    click.echo(f"Wrote {output}", err=True)
