"""Commands: index (build the on-disk store) and push (upload to a remote SPARQL engine)."""

from __future__ import annotations

from pathlib import Path

import click

from relgraph.cli.app import State, main, pass_state
from relgraph.errors import ProjectError


def _store_path(state: State, store: str | None) -> Path:
    from relgraph.store import DEFAULT_STORE_PATH, store_settings

    chosen = store or state.store
    if chosen:
        return Path(chosen).expanduser()
    settings = store_settings(state.project)
    if settings.path is not None:
        return settings.path
    if state.project.read_only:
        raise ProjectError(
            "The graph bundled with relgraph is read-only, so its store cannot live inside it; "
            "name a folder with 'relgraph index --store PATH'."
        )
    return state.project.root / DEFAULT_STORE_PATH


@main.command("index")
@click.option(
    "--store",
    "store",
    type=click.Path(file_okay=False, path_type=str),
    help="Folder of the store "
    "(default: --store before the command, else [store] path in relgraph.toml, else .relgraph/store).",
)
@click.option("--rebuild", is_flag=True, help="Build afresh even where an update in place would do.")
@click.option("--progress/--no-progress", default=True, show_default=True, help="Show a progress bar.")
@pass_state
def index_command(state: State, store: str | None, rebuild: bool, progress: bool) -> None:
    """Build the on-disk store from the graph folder's files, or bring it up to date.

    Later commands given '--store PATH' (or backend = "disk" in relgraph.toml) open it
    in a fraction of a second instead of reading every file. A fresh build goes into a
    folder beside the store and replaces it only when complete; when only some articles
    changed, just those graphs are replaced.
    """
    from relgraph.store import index_store
    from relgraph.store.auto import prepare_store_folder

    path = _store_path(state, store)
    prepare_store_folder(path)  # .relgraph/.gitignore, as the store relgraph keeps without being asked has
    report = index_store(state.project, path, rebuild=rebuild, progress=progress)
    if report.action == "unchanged":
        click.echo(f"The store at {path} is up to date: {report.files:,} files, {report.quads:,} triples.")
    elif report.action == "updated":
        click.echo(
            f"Updated the store at {path} in {report.seconds:.1f} s: {report.diff.describe()}; "
            f"{report.quads:,} triples from {report.files:,} files."
        )
    else:
        click.echo(f"Indexed {report.files:,} files ({report.quads:,} triples) into {path} in {report.seconds:.1f} s.")


@main.command("push")
@click.option(
    "--endpoint",
    "endpoint",
    metavar="URL",
    help="The query URL of the remote engine "
    "(default: --endpoint before the command, else [store.remote] query in relgraph.toml).",
)
@click.option("--graph-store", metavar="URL", help="Its Graph Store protocol URL (guessed for /query and /sparql).")
@click.option(
    "--batch",
    "batch_size",
    type=click.IntRange(min=1),
    default=100,
    show_default=True,
    help="Graphs sent between two saves of the push record.",
)
@click.option("--force", is_flag=True, help="Send every graph, even those the record says are there.")
@click.option("--progress/--no-progress", default=True, show_default=True, help="Show a progress bar.")
@pass_state
def push_command(
    state: State, endpoint: str | None, graph_store: str | None, batch_size: int, force: bool, progress: bool
) -> None:
    """Upload the graph folder to a remote SPARQL engine, one named graph per article.

    Each graph is sent with a Graph Store PUT, which replaces it, so a push that stopped
    half way is resumed by running it again: graphs already sent (recorded with their
    file's hash) are skipped and nothing is doubled. Credentials come from the
    environment (RELGRAPH_ENDPOINT_TOKEN, or RELGRAPH_ENDPOINT_USER and _PASSWORD).
    """
    from relgraph.store import push_graphs, store_settings
    from relgraph.store.remote import with_settings

    settings = store_settings(state.project, endpoint=endpoint or state.endpoint)
    if settings.remote is None:
        raise ProjectError("Name the endpoint: 'relgraph push --endpoint URL' (or [store.remote] in relgraph.toml).")
    config = with_settings(settings.remote, graph_store_url=graph_store)
    report = push_graphs(state.project, config, batch_size=batch_size, force=force, progress=progress)
    click.echo(
        f"Pushed {report.sent:,} graph(s) ({report.triples:,} triples) to {report.endpoint} in "
        f"{report.seconds:.1f} s; {report.skipped:,} unchanged since the last push, {report.deleted:,} deleted; "
        f"the merged graph the queries read: {report.merged}."
    )
