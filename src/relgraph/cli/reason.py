"""The ``reason`` command: what the graph implies (OWL reasoning), and whether it is consistent."""

from __future__ import annotations

import contextlib
from pathlib import Path

import click

from relgraph.cli.app import Seconds, State, main, pass_state


@main.command("reason")
@click.option(
    "--reasoner",
    "-r",
    type=click.Choice(["hermit", "pellet", "owlrl"]),
    default="hermit",
    show_default=True,
    help="hermit and pellet run in Java (owlready2); owlrl is the pure-Python OWL 2 RL closure.",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the inferences here instead of data/inferred/inferences.ttl.",
)
@click.option("--check", is_flag=True, help="Only check that the graph is consistent; write nothing.")
@click.option(
    "--timeout",
    type=Seconds(1),
    default=120.0,
    show_default=True,
    help="Stop a Java reasoner after this many seconds.",
)
@click.option(
    "--fallback/--no-fallback",
    default=True,
    show_default=True,
    help="Without Java, run owlrl instead of HermiT or Pellet (or fail).",
)
@pass_state
def reason_command(
    state: State, reasoner: str, output: Path | None, check: bool, timeout: float, fallback: bool
) -> None:
    """Run an OWL reasoner over the ontology and the articles.

    Writes what it infers (class memberships such as rel:Official, values such as
    rel:actsFor and rel:involvesState) to data/inferred/inferences.ttl, apart from the
    hand-written data; 'relgraph query ... --inferred' sees them. An inconsistent
    graph is reported with the individuals and the axioms that clash.
    """
    from relgraph.errors import InconsistencyError
    from relgraph.reasoning.consistency import check_consistency
    from relgraph.reasoning.inferences import infer, write_inferences

    if output is not None:
        state.project.check_output(output, what="inferences written with -o")
    if check:
        report = check_consistency(state.dataset(), reasoner=reasoner, timeout=timeout, fallback=fallback)
        if report.note:
            click.echo(f"Note: {report.note}", err=True)
        if not report.consistent:
            raise InconsistencyError(report.message(), report=report)
        click.echo(report.message())
        return
    with state.writing() if output is None else contextlib.nullcontext():
        inferences = infer(state.dataset(), reasoner=reasoner, timeout=timeout, fallback=fallback)
        if inferences.note:
            click.echo(f"Note: {inferences.note}", err=True)
        path = write_inferences(state.project, inferences, output=output)
    types = sum(1 for t in inferences.triples if t.predicate.value.endswith("#type"))
    shown = state.project.relative(path) if output is None else str(path)
    click.echo(
        f"{inferences.reasoner_name} inferred {len(inferences.triples)} triples ({types} class memberships, "
        f"{len(inferences.triples) - types} property values) from {inferences.input_triples:,} triples in "
        f"{inferences.seconds:.1f} s; wrote {shown}.",
        err=True,
    )
    if output is None:
        click.echo("Query them with --inferred, e.g. 'relgraph query dyad_timeline --example --inferred'.", err=True)
