"""The draft command: an article's text in, a fact sheet of proposals to review out."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from relgraph.cli.app import main, pass_state


@main.command("draft")
@click.argument("article", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--date", required=True, type=click.DateTime(formats=["%Y-%m-%d"]), help="Publication date, YYYY-MM-DD.")
@click.option("--source", required=True, help="Where the article was published (http or https URL).")
@click.option("--title", help="The article's headline (default: its first sentence).")
@click.option(
    "--kind",
    type=click.Choice(["NewsArticle", "OfficialRelease"]),
    default="NewsArticle",
    show_default=True,
    help="A news article, or a government's own release (joint statement, readout, fact sheet).",
)
@click.option("--publisher", help="Who published it (a name), e.g. 'U.S. Department of State'.")
@click.option("--id", "article_id", help="The article's id (default: article-DATE-words-of-the-title).")
@click.option(
    "--output",
    "-o",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for the draft (default: drafts/ in the graph folder).",
)
@click.option("--force", is_flag=True, help="Overwrite an existing draft of the same id.")
@pass_state
def draft_command(state, article, date, source, title, kind, publisher, article_id, output, force) -> None:
    """Draft a fact sheet from an article's text: proposals to review, then validate and add.

    Finds the sentences, the entities the graph already has (linked to their IRIs) and
    new ones (with a class and a suggested name), dates (as ISO values), events and
    commitments (class, CAMEO type, status, parties, place, date) and who said each.
    Every proposal is marked 'review: proposed' with the rule that made it ('why').
    """
    from relgraph.drafting import draft_article

    if output is None:
        state.project.require_writable()
    outcome = draft_article(
        state.dataset(),
        article,
        date=date.date() if isinstance(date, dt.datetime) else date,
        source=source,
        title=title,
        kind=kind,
        publisher=publisher,
        article_id=article_id,
        output=output,
        overwrite=force,
    )
    p = outcome.proposal
    linked = len({m.iri for m in p.mentions if m.iri})
    events = len({e.name for e in p.events})
    shown = state.project.relative(outcome.sheet)
    click.echo(
        f"Wrote {shown} and {state.project.relative(outcome.text)}: {len(p.sentences)} sentences, "
        f"{linked} entities linked to the graph, {len(p.entities) + len(p.documents)} new entities, "
        f"{len(p.dates)} dates, {events} events and commitments proposed."
    )
    click.echo(f"Review every 'review: proposed' entry, then: relgraph validate {shown}")
