"""Commands that analyse how the graph connects: path, central, dyads (networkx)."""

from __future__ import annotations

from pathlib import Path

import click

from relgraph.cli.app import State, main, pass_state, say, write_output

_INFERRED = click.option("--inferred/--no-inferred", default=False, help="Include the reasoner's inferences.")
_FORMAT = click.option(
    "--format",
    "-f",
    "fmt",
    type=click.Choice(["table", "csv", "tsv", "json"]),
    default="table",
    show_default=True,
    help="table shows labels; csv, tsv and json keep the IRIs.",
)
_OUTPUT = click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="Write to this file.")

COOPERATION_NOTE = (
    "cooperation = mean Goldstein score (-10 conflict .. +10 cooperation) of the distinct CAMEO-coded events and "
    "commitments tied to both states, each counted once and unweighted, stated intents and planned items as "
    "much as completed ones (the goldstein_mean of 'relgraph query dyad_scores')."
)


@main.command("path")
@click.argument("source")
@click.argument("target")
@click.option("--max", "max_paths", type=click.IntRange(min=1), default=3, show_default=True, help="How many paths.")
@_INFERRED
@pass_state
def path_command(state: State, source: str, target: str, max_paths: int, inferred: bool) -> None:
    """How SOURCE and TARGET are connected: chains of labelled edges, shortest first.

    Name each by label (Monica Juma), prefixed name (reld:agoa) or IRI. Edges are
    followed both ways; '-label->' points forward, '<-label-' back.
    """
    from relgraph.analytics.network import find_paths

    dataset = state.dataset(include_inferred=inferred)
    paths = find_paths(dataset, source, target, max_paths=max_paths)
    if not paths:
        say(f"{source} and {target} are not connected in the graph.")
        return
    for i, path in enumerate(paths, 1):
        say(f"{i}. ({len(path)} {'step' if len(path) == 1 else 'steps'}) {path.text()}")


@main.command("central")
@click.option(
    "--measure",
    "-m",
    type=click.Choice(["degree", "betweenness", "pagerank"]),
    default="degree",
    show_default=True,
    help="degree: share of the graph linked directly; betweenness: share of shortest paths through it; "
    "pagerank: PageRank on the directed graph.",
)
@click.option("--top", "-n", type=click.IntRange(min=1), default=10, show_default=True, help="How many rows.")
@_FORMAT
@_INFERRED
@_OUTPUT
@pass_state
def central_command(state: State, measure: str, top: int, fmt: str, inferred: bool, output: Path | None) -> None:
    """The most central actors (states, people, delegations, bodies), mechanisms and frameworks."""
    from relgraph.analytics.network import centrality_table, rank_centrality
    from relgraph.query.formats import format_result

    dataset = state.dataset(include_inferred=inferred)
    rows = rank_centrality(dataset, measure=measure, top=top)
    labels = {r.iri: r.label for r in rows}
    write_output(format_result(centrality_table(rows, measure=measure), fmt=fmt, labels=labels), output)


@main.command("dyads")
@_FORMAT
@_INFERRED
@_OUTPUT
@pass_state
def dyads_command(state: State, fmt: str, inferred: bool, output: Path | None) -> None:
    """Each pair of states at a glance: meetings, commitments, dates, cooperation score.

    An event or commitment belongs to a pair when it is tied to both states (as a
    party, through rel:involvesState, as source or target actor, or as committing
    state or the state committed towards).
    """
    from relgraph.analytics.network import dyad_summaries, dyad_table
    from relgraph.query.formats import format_result

    dataset = state.dataset(include_inferred=inferred)
    summaries = dyad_summaries(dataset)
    labels = {d.state_a: d.label_a for d in summaries} | {d.state_b: d.label_b for d in summaries}
    write_output(format_result(dyad_table(summaries), fmt=fmt, labels=labels), output)
    if fmt == "table":
        click.echo(COOPERATION_NOTE, err=True)
