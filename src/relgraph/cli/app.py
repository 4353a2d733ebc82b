"""The command group, its global options, and the one place errors become messages."""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import click

from relgraph.errors import RelgraphError
from relgraph.paths import Project, find_project
from relgraph.store import Dataset, open_dataset, store_settings

__all__ = ["State", "main", "pass_state"]


@dataclass
class State:
    """What every command gets: the graph folder, and the dataset once it is needed."""

    project_arg: str | None = None
    store: str | None = None  # --store PATH: an indexed store on disk
    endpoint: str | None = None  # --endpoint URL: a remote SPARQL engine
    _datasets: dict[bool, Dataset] = field(default_factory=dict)

    @cached_property
    def project(self) -> Project:
        return find_project(self.project_arg)

    def dataset(self, *, include_inferred: bool = False) -> Dataset:
        if include_inferred not in self._datasets:
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
            if on_terminal and self._datasets[include_inferred].kind == "memory" and took > SLOW_LOAD_SECONDS:
                where = "" if settings.backend == "auto" else " (with --store, or [store] in relgraph.toml)"
                click.echo(
                    f"Read the graph folder into memory in {took:.1f} s. 'relgraph index' builds a store on disk "
                    f"once; later commands{where} open it in under a second.",
                    err=True,
                )
        return self._datasets[include_inferred]


SLOW_LOAD_SECONDS = 5.0  # a memory load slower than this earns the hint to index the folder


def stderr_is_terminal() -> bool:
    return sys.stderr.isatty()


pass_state = click.make_pass_decorator(State)


class _Group(click.Group):
    """Turns RelgraphError into a message and the error's exit code: no traceback."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except RelgraphError as exc:
            click.echo(f"Error: {exc}", err=True)
            sys.exit(exc.exit_code)
        except BrokenPipeError:
            sys.exit(0)


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
@click.version_option(package_name="relgraph")
@click.pass_context
def main(ctx: click.Context, project: str | None, store: str | None, endpoint: str | None) -> None:
    """relgraph: a knowledge graph of relations between states, from news articles.

    Ask it questions in SPARQL (canned queries with parameters, or your own), see it
    as an interactive graph page, and grow it article by article.
    """
    ctx.obj = State(project, store, endpoint)


def write_output(text: str, output: Path | None) -> None:
    """Print, or write to a file atomically."""
    if output is None:
        click.echo(text, nl=False)
        return
    from relgraph.store import write_atomic

    write_atomic(output, text.encode("utf-8"))
    click.echo(f"Wrote {output}", err=True)
