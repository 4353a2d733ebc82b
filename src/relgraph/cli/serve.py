"""The serve command: the graph in the browser and a SPARQL endpoint (relgraph.server)."""

from __future__ import annotations

import click

from relgraph.cli.app import State, main, pass_state


@main.command("serve")
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on (another than loopback is announced loudly).",
)
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port (0: any free port).")
@click.option(
    "--timeout",
    type=click.FloatRange(min=0.1),
    default=60.0,
    show_default=True,
    help="Stop each query after this many seconds.",
)
@click.option(
    "--processes",
    type=click.IntRange(min=1),
    default=None,
    help="Queries answered side by side [default: 6 per core, at least 6; a third for known-heavy ones].",
)
@click.option(
    "--per-client",
    type=click.IntRange(min=1),
    default=None,
    help="Requests one client may have at work at once [default: half the processes].",
)
@click.option(
    "--page-rows",
    type=click.IntRange(min=1, max=10_000),
    default=100,
    show_default=True,
    help="Rows an HTML page shows before paging.",
)
@click.option(
    "--max-rows",
    type=click.IntRange(min=1),
    default=100_000,
    show_default=True,
    help="Rows /sparql and the API send at most (more is an error, never a silent cut).",
)
@click.option(
    "--cors",
    is_flag=True,
    help="Let web pages of other origins call /sparql and /api (Access-Control-Allow-Origin: *).",
)
@click.option("--inferred/--no-inferred", default=False, help="Include the reasoner's inferences.")
@pass_state
def serve_command(
    state: State, host, port, timeout, processes, per_client, page_rows, max_rows, cors, inferred
) -> None:
    """Serve the graph: pages for people and a SPARQL 1.1 endpoint for programs.

    Read-only and time-limited; binds 127.0.0.1 unless --host says otherwise. Open the
    address it prints in a browser; programs query http://HOST:PORT/sparql.
    """
    from relgraph.server import ServeSettings, serve
    from relgraph.server.run import LOOPBACK, bind_socket

    if host not in LOOPBACK:
        click.secho(
            f"WARNING: serving on {host}, not only on this machine (127.0.0.1): anyone who can reach this "
            "address can read the whole graph and run queries on it. There is no login. Use --host 127.0.0.1 "
            "unless that is what you want.",
            err=True,
            fg="red",
            bold=True,
        )
    sock = bind_socket(host, port)  # a port in use is an error before the graph is read
    settings = ServeSettings(
        host=host,
        port=port,
        timeout=timeout,
        processes=processes or 0,
        per_client=per_client or 0,
        page_rows=page_rows,
        max_rows=max_rows,
        cors=cors,
        include_inferred=inferred,
    )
    try:
        dataset = state.dataset(include_inferred=inferred)
    except BaseException:
        sock.close()
        raise
    serve(dataset, settings, sock=sock, announce=lambda line: click.echo(line, err=True))
