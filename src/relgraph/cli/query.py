"""Commands that ask the graph: queries, query, sparql, export, init."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from relgraph.cli import app
from relgraph.cli.app import Seconds, State, main, pass_state, say, write_output
from relgraph.errors import ParameterError

if TYPE_CHECKING:
    from relgraph.query.queries import QueryOutcome
    from relgraph.store import Dataset

# The library is imported inside the commands: 'relgraph --help' imports this module but no store.
#: relgraph.formats.RESULT_FORMATS (a test keeps the two the same).
RESULT_FORMATS = ("table", "csv", "tsv", "json", "turtle", "ntriples", "jsonld")

_FORMAT = click.option(
    "--format",
    "-f",
    "fmt",
    type=click.Choice(RESULT_FORMATS),
    default="table",
    show_default=True,
    help="table shows labels; csv, tsv and json are the SPARQL 1.1 result formats; turtle, ntriples "
    "and jsonld are for CONSTRUCT and DESCRIBE.",
)
_TIMEOUT = click.option(
    "--timeout",
    type=Seconds(0.1),
    default=60.0,
    show_default=True,
    help="Stop the query after this many seconds.",
)
TABLE_ROWS = 1000  # the rows a terminal table shows unless told otherwise (as Datasette's max_returned_rows)


def _paging(command):
    """--limit, --offset and --all: one page of a SELECT's rows."""
    command = click.option(
        "--all", "all_rows", is_flag=True, help=f"Every row (the table view shows {TABLE_ROWS:,} unless told)."
    )(command)
    command = click.option(
        "--offset", type=click.IntRange(min=0), default=0, show_default=True, help="Skip this many rows first."
    )(command)
    return click.option(
        "--limit",
        type=click.IntRange(min=0),
        default=None,
        help=f"At most this many rows [default: {TABLE_ROWS:,} for the table view, every row for csv, tsv, json].",
    )(command)


def _page_size(fmt: str, limit: int | None, all_rows: bool) -> int | None:
    if all_rows:
        if limit is not None:
            raise click.UsageError("Give --limit or --all, not both.")
        return None
    return limit if limit is not None or fmt != "table" else TABLE_ROWS


_OUTPUT = click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="Write to this file.")
_INFERRED = click.option("--inferred/--no-inferred", default=False, help="Include the reasoner's inferences.")


def _stderr_console():
    from rich.console import Console  # only on a terminal: rich is not imported at every start

    return Console(stderr=True)


def _answer(what: str, ask: Callable[[], QueryOutcome]) -> tuple[QueryOutcome, Callable[[], None]]:
    """Run ``ask``; on a terminal, a spinner with the time so far while it runs (a query can take
    seconds on a big graph), and a closing line with the time it took, as the Wikidata Query Service
    and Datasette show it. Nothing on stderr when it is not a terminal (a script's pipe)."""
    if not app.stderr_is_terminal():
        return ask(), lambda: None
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    console = _stderr_console()
    started = time.monotonic()
    columns = (SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=True) as spinner:
        spinner.add_task(f"Running {what}", total=None)
        outcome = ask()
    took = time.monotonic() - started
    said = f"{took * 1000:.0f} ms" if took < 1 else f"{took:.2f} s"
    return outcome, lambda: console.print(f"Answered in {said}.", highlight=False)


def _parse_params(pairs: tuple[str, ...]) -> dict[str, str]:
    params: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise ParameterError(f"--param takes NAME=VALUE; got {pair!r}.")
        params[key.strip()] = value
    return params


def _render(state: State, outcome: QueryOutcome, fmt: str) -> str:
    """The answer as text in ``fmt``; a table shows labels (looked up here) and says the parameters."""
    from relgraph.query.formats import format_result
    from relgraph.store import SelectResult

    labels: dict[str, str] = {}
    hidden: list[str] = []
    result = outcome.result
    if fmt == "table" and isinstance(result, SelectResult):
        from relgraph.query.entities import labels_for

        labels = labels_for(state.dataset(), [t for row in result.rows for t in row])
        hidden = list(outcome.bindings)
        if outcome.bindings:
            shown = ", ".join(
                f"{k} = {labels.get(getattr(v, 'value', ''), getattr(v, 'value', str(v)))}"
                for k, v in outcome.bindings.items()
            )
            say(f"Parameters: {shown}", err=True)
    return format_result(result, fmt=fmt, labels=labels, hidden=hidden)


def _show(outcome: QueryOutcome, text: str, output: Path | None) -> None:
    from relgraph.store import SelectResult

    write_output(text, output)
    for note in outcome.notes:
        click.echo(f"Note: {note}", err=True)
    if outcome.more and isinstance(outcome.result, SelectResult):
        first, last = outcome.offset + 1, outcome.offset + len(outcome.result.rows)
        click.echo(
            f"Rows {first:,} to {last:,} shown; more follow: --offset {last} for the next page, "
            "--all for every row (or --format csv to export them).",
            err=True,
        )


def _run_and_show(
    state: State,
    dataset: Dataset,
    what: str,
    ask: Callable[[float | None], QueryOutcome],
    *,
    timeout: float,
    fmt: str,
    output: Path | None,
    in_process: bool = False,
) -> None:
    """``ask(timeout)``, then the answer shown, all within one time limit of ``timeout`` seconds.

    ``in_process`` (a canned query, the folder's own text) on a store in this process (memory
    or disk): the query runs in-process and the limit is this process's (``process_deadline``
    ends the command at the limit) instead of a forked query child's. Otherwise (your own
    SPARQL, which the child also keeps from crashing the command with a clear message; a remote
    endpoint) each query keeps its own limit, and the labels share the command's deadline.
    The output is written after the limit: never half an answer and then the error.
    """
    if not in_process or dataset.kind == "remote":
        outcome, took = _answer(what, lambda: ask(timeout))
        with dataset.time_limit(timeout):  # the labels of the table too: one deadline for the command
            text = _render(state, outcome, fmt)
    else:
        from relgraph.cli.deadline import process_deadline

        with process_deadline(timeout):
            outcome, took = _answer(what, lambda: ask(None))
            text = _render(state, outcome, fmt)
    _show(outcome, text, output)
    took()


@main.command("queries")
@pass_state
def queries_command(state: State) -> None:
    """List the canned queries with their parameters."""
    from relgraph.query.queries import list_queries

    for spec in list_queries(state.project):
        click.echo(f"{spec.name}  [{spec.view}]")
        click.echo(f"    {spec.title}. {spec.description}")
        for p in spec.params:
            need = "required" if p.required else "optional"
            click.echo(f"    --param {p.name}=<{p.type}, {need}>  {p.description} (example: {p.example})")
        click.echo()


@main.command("query")
@click.argument("name")
@click.option("--param", "-p", "params", multiple=True, metavar="NAME=VALUE", help="A parameter value (repeatable).")
@click.option("--example", is_flag=True, help="Use the example values from the query's header.")
@click.option("--show", is_flag=True, help="Print the query's SPARQL instead of running it.")
@_FORMAT
@_paging
@_TIMEOUT
@_INFERRED
@_OUTPUT
@pass_state
def query_command(state, name, params, example, show, fmt, limit, offset, all_rows, timeout, inferred, output) -> None:
    """Run the canned query NAME (see 'relgraph queries').

    An entity parameter takes a label (Kenya), a prefixed name (reld:kenya) or an IRI.
    """
    if show:
        from relgraph.query.queries import load_query

        click.echo(load_query(state.project, name).text, nl=False)
        return
    from relgraph.query.queries import run_query

    page, values = _page_size(fmt, limit, all_rows), _parse_params(params)
    dataset = state.dataset(include_inferred=inferred)

    def ask(limit_seconds: float | None) -> QueryOutcome:
        return run_query(
            dataset,
            name,
            values,
            use_example=example,
            timeout=limit_seconds,
            include_inferred=inferred,
            limit=page,
            offset=offset,
        )

    _run_and_show(state, dataset, name, ask, timeout=timeout, fmt=fmt, output=output, in_process=True)


@main.command("sparql")
@click.argument("query", required=False)
@click.option(
    "--file", "-i", "file", type=click.File("r", encoding="utf-8"), help="Read the query from a file ('-' for stdin)."
)
@_FORMAT
@_paging
@_TIMEOUT
@_INFERRED
@_OUTPUT
@pass_state
def sparql_command(state, query, file, fmt, limit, offset, all_rows, timeout, inferred, output) -> None:
    """Run your own read-only SPARQL query (text, or --file).

    The prefixes rel:, reld:, rdfs:, skos:, org:, prov:, time:, schema:, dcterms: and
    others are predeclared. Queries see every article's graph as one default graph.
    """
    if (query is None) == (file is None):
        raise click.UsageError("Give the query as an argument or with --file, not both.")
    from relgraph.query.queries import run_sparql

    text = query if query is not None else file.read()
    page, dataset = _page_size(fmt, limit, all_rows), state.dataset(include_inferred=inferred)

    def ask(limit_seconds: float | None) -> QueryOutcome:
        return run_sparql(dataset, text, timeout=limit_seconds, include_inferred=inferred, limit=page, offset=offset)

    _run_and_show(state, dataset, "the query", ask, timeout=timeout, fmt=fmt, output=output)


@main.command("export")
@click.option(
    "--format",
    "-f",
    "fmt",
    type=click.Choice(["turtle", "ntriples", "trig", "nquads", "jsonld", "graphml", "gexf"]),
    default="trig",
    show_default=True,
    help="trig and nquads keep one named graph per article; graphml and gexf write the instance graph "
    "(as the graph page draws it) for Gephi and other tools.",
)
@click.option("--no-ontology", is_flag=True, help="Leave the ontology out.")
@_INFERRED
@_OUTPUT
@pass_state
def export_command(state, fmt, no_ontology, inferred, output) -> None:
    """Write the whole graph in one RDF format, or the instance graph as GraphML or GEXF."""
    dataset = state.dataset(include_inferred=inferred)
    if fmt in ("graphml", "gexf"):
        from relgraph.analytics.network import export_graph

        write_output(export_graph(dataset, fmt=fmt).decode("utf-8"), output)
        return
    graphs = [g.name for g in dataset.graphs if not (no_ontology and g.kind == "ontology")]
    data = dataset.dump(fmt={"ntriples": "nt", "nquads": "nq"}.get(fmt, fmt), graphs=graphs)
    write_output(data.decode("utf-8"), output)


@main.command("init")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option("--with-example", is_flag=True, help="Copy the bundled first article too.")
@pass_state
def init_command(state: State, folder: Path, with_example: bool) -> None:
    """Start a new graph folder with the ontology and the canned queries."""
    from relgraph.locking import lock_folder
    from relgraph.paths import init_project

    with lock_folder(folder.expanduser(), wait=state.wait, on_wait=lambda m: click.echo(m, err=True)):
        project = init_project(folder, with_example=with_example)
    click.echo(f"Created graph folder {project.root}. Add articles with 'relgraph new-article' and 'relgraph add'.")
