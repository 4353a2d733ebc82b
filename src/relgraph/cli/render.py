"""The ``render`` command: the interactive graph page (one offline HTML file)."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

import click

from relgraph.cli.app import Seconds, State, main, pass_state
from relgraph.cli.query import _parse_params


@main.command("render")
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    default="graph.html",
    show_default=True,
    help="The HTML file to write.",
)
@click.option(
    "--query", "-q", "query_name", metavar="NAME", help="Draw what a canned query returns (see 'relgraph queries')."
)
@click.option(
    "--param", "-p", "params", multiple=True, metavar="NAME=VALUE", help="A parameter of --query (repeatable)."
)
@click.option("--example", is_flag=True, help="With --query: use the example values from the query's header.")
@click.option("--sparql", metavar="TEXT", help="Draw what your own read-only query returns (CONSTRUCT or SELECT).")
@click.option("--focus", metavar="ENTITY", help="Draw the neighbourhood of one entity (label, prefixed name or IRI).")
@click.option(
    "--depth", type=click.IntRange(min=0), default=1, show_default=True, help="How many links out from --focus."
)
@click.option("--article", metavar="ID", help="Draw one article's graph (its id, prefixed name or IRI).")
@click.option(
    "--class",
    "classes",
    multiple=True,
    metavar="CLASS",
    help="Keep only nodes of this class or its subclasses (label, rel:Name or IRI; repeatable).",
)
@click.option("--include-provenance", is_flag=True, help="Also draw mentions, articles and tenures.")
@click.option(
    "--include-ontology", is_flag=True, help="Also draw the classes and vocabulary terms (statuses, event types)."
)
@click.option(
    "--seed", type=int, default=0, show_default=True, help="Layout seed: the same seed gives the same picture."
)
@click.option("--title", help="Title of the page (default: what is drawn).")
@click.option(
    "--timeout",
    type=Seconds(0.1),
    default=60.0,
    show_default=True,
    help="Stop a --query or --sparql after this many seconds.",
)
@click.option("--inferred/--no-inferred", default=False, help="Include the reasoner's inferences.")
@click.option(
    "--details",
    "details",
    metavar="N|all",
    default="300",  # graphview.DETAIL_NODE_LIMIT, written out: importing graphview here would slow every command
    show_default=True,
    help="Put the details (supporting sentences, who said them, other values) of at most N nodes in the page: "
    "the nearest to --focus, else the best connected. The page says which were left out.",
)
@pass_state
def render_command(
    state: State,
    output: Path,
    query_name: str | None,
    params: tuple[str, ...],
    example: bool,
    sparql: str | None,
    focus: str | None,
    depth: int,
    article: str | None,
    classes: tuple[str, ...],
    include_provenance: bool,
    include_ontology: bool,
    seed: int,
    title: str | None,
    timeout: float,
    inferred: bool,
    details: str,
) -> None:
    """Write the graph as an interactive page that opens offline in any browser.

    By default it draws every state, person, post, body, event, mechanism, framework,
    commitment, claim, pillar and theme; choose less with --query, --sparql, --focus
    or --article, and filter with --class. Click a node for its dates, status,
    attribution and supporting sentences.
    """
    from relgraph.views.graphview import Selection, build_graph
    from relgraph.views.visualise import render_html

    values = _parse_params(params)
    if example:
        if not query_name:
            raise click.UsageError("--example goes with --query.")
        from relgraph.query.queries import load_query

        values = {**load_query(state.project, query_name).example_params, **values}
    selection = Selection(
        query=query_name,
        params=values,
        sparql=sparql,
        focus=focus,
        depth=depth,
        article=article,
        classes=classes,
        include_provenance=include_provenance,
        include_ontology=include_ontology,
        timeout=timeout,
    )
    detail_limit = _detail_limit(details)
    state.project.check_output(output, what="the page")
    from relgraph.analytics.projection import kept_structure

    dataset = state.dataset(include_inferred=inferred)
    graph = build_graph(
        dataset, selection=selection, detail_limit=detail_limit, structure=lambda: kept_structure(dataset)
    )
    command = "relgraph " + " ".join(shlex.quote(a) for a in sys.argv[1:]) if sys.argv[1:] else "relgraph render"
    path = render_html(graph, output=output, title=title, seed=seed, command=command)
    left_out = graph.graph.get("details", {}).get("left_out", 0)
    note = f"; the details of {left_out} were left out (--details all to include them)" if left_out else ""
    click.echo(
        f"Wrote {path}: {graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges ({selection.describe()}){note}.",
        err=True,
    )


def _detail_limit(text: str) -> int | None:
    if text.strip().lower() == "all":
        return None
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise click.BadParameter(f"give a number of nodes (0 or more) or 'all', not {text!r}.", param_hint="--details")
    return value
