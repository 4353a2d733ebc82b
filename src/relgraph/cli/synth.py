"""Command: synth (a synthetic corpus in relgraph's ontology, for benchmarks and scale tests)."""

from __future__ import annotations

from pathlib import Path

import click

from relgraph.cli.app import main


@main.command("synth")
@click.argument("out_dir", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--triples",
    type=click.IntRange(min=1000),
    default=100_000,
    show_default=True,
    help="About how many triples to write (the ontology and the bundled article count too).",
)
@click.option("--seed", type=int, default=0, show_default=True, help="The same seed gives the same files.")
@click.option("--progress/--no-progress", default=True, show_default=True, help="Show a progress bar.")
def synth_command(out_dir: Path, triples: int, seed: int, progress: bool) -> None:
    """Write a synthetic graph folder OUT_DIR (new or empty) of made-up articles.

    It holds the ontology, the canned queries, the bundled article and thousands of
    synthetic ones (states, officials, dialogues, commitments, status histories, mentions
    with offsets), deterministic for a seed. Query it with 'relgraph --project OUT_DIR'.
    """
    from relgraph.synthetic import generate_corpus

    info = generate_corpus(out_dir, triples=triples, seed=seed, progress=progress)
    click.echo(
        f"Wrote {info.root}: {info.triples:,} triples ({info.base_triples:,} from the ontology and the bundled "
        f"article), {info.articles:,} synthetic articles, {info.states} states, {info.persons:,} office holders "
        f"(seed {info.seed})."
    )
