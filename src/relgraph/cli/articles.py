"""Commands that grow and manage the graph: new-article, sentences, compile, validate,
add, remove, articles, stats."""

from __future__ import annotations

import contextlib
import datetime as dt
from pathlib import Path

import click

from relgraph.cli.app import State, main, pass_state, say, write_output
from relgraph.errors import DataParseError, ValidationError
from relgraph.model.namespaces import compact_iri


def _find(path: Path, state: State) -> Path:
    """A path as given (from the current folder), else the same path inside the graph folder."""
    if path.is_absolute() or path.exists():
        return path.resolve() if path.exists() else path
    inside = state.project.root / path
    return inside if inside.exists() else path


def _count(n: int, word: str, plural: str | None = None) -> str:
    return f"{n:,} {word if n == 1 else (plural or word + 's')}"


@main.command("new-article")
@click.option("--url", help="Where the article was published (schema:url and dcterms:source).")
@click.option("--date", required=True, type=click.DateTime(formats=["%Y-%m-%d"]), help="Publication date, YYYY-MM-DD.")
@click.option("--title", required=True, help="The article's headline (dcterms:title).")
@click.option(
    "--text",
    "text",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The article's text (UTF-8); it is copied beside the draft byte for byte.",
)
@click.option("--id", "article_id", help="The article's id (default: article-DATE-words-of-the-title).")
@click.option(
    "--output",
    "-o",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for the draft (default: drafts/ in the graph folder).",
)
@click.option("--force", is_flag=True, help="Overwrite an existing draft of the same id.")
@pass_state
def new_article_command(state, url, date, title, text, article_id, output, force) -> None:
    """Start a new article: a Turtle draft to fill in, with the text beside it.

    The draft (drafts/ID.ttl) has the prefixes, the article node, one mention per
    sentence with its offsets, and commented templates of an event, a commitment, a
    post holder and a claim. Fill it in, then 'relgraph validate' and 'relgraph add' it.
    """
    from relgraph.ingest.skeleton import new_article

    draft = new_article(
        state.project,
        title=title,
        date=date.date() if isinstance(date, dt.datetime) else date,
        text=_find(text, state),
        url=url,
        article_id=article_id,
        output=output,
        overwrite=force,
    )
    shown = state.project.relative(draft.turtle)
    click.echo(
        f"Wrote {shown} ({_count(draft.sentences, 'mention')}, one per sentence) and "
        f"{state.project.relative(draft.text)}.\n"
        f"Fill it in (see the README, 'Growing the graph'), then: relgraph validate {shown}"
    )


@main.command("sentences")
@click.argument("source")
@pass_state
def sentences_command(state, source) -> None:
    """List the sentences of an article's text with their offsets (for mentions).

    A dateline ("NAIROBI, June 1, 2019 (Reuters) -") is not a sentence and is left
    out. Headings and list leads are sentences of their own, marked "(heading)".

    SOURCE is a text file, an article's Turtle file (its rel:textFile is read) or an
    article in the graph (identifier, IRI or title). Offsets are code points, end
    exclusive: a mention is <ARTICLE#char=BEGIN,END>.
    """
    from relgraph.ingest.sentences import segment_text
    from relgraph.ingest.skeleton import read_text

    path = _find(Path(source), state)
    if not path.exists() and (Path(source).suffix or "/" in source):
        raise DataParseError(
            "file not found (here, nor in the graph folder). SOURCE is a text file, an article's Turtle file, "
            "or an article in the graph by identifier, IRI or title.",
            path=source,
        )
    text_path = path if path.is_file() and path.suffix != ".ttl" else _text_of(state, path, source)
    _, text = read_text(text_path)
    click.echo(f"{'#':>3}  {'begin':>5}  {'end':>5}  sentence")
    number = 0
    for s in segment_text(text):
        if s.kind == "dateline":  # not a sentence, never a mention
            continue
        number += 1
        shown = f"(heading) {s.text}" if s.kind == "heading" else s.text
        click.echo(f"{number:>3}  {s.begin:>5}  {s.end:>5}  {shown}")


def _text_of(state: State, path: Path, source: str) -> Path:
    from pathlib import PurePosixPath

    if path.is_file():
        from relgraph.ingest.staging import stage_article

        staged = stage_article(path, name=source)
        article = staged.article
        files = staged.values(article, "https://w3id.org/relgraph/ontology#textFile") if article else []
        if not files:
            raise DataParseError("names no rel:textFile for its article.", path=source)
        name = PurePosixPath(files[0].value)
        for candidate in (path.parent / name.name, state.project.data_dir / Path(*name.parts)):
            if candidate.is_file():
                return candidate
        raise DataParseError(f"its text {files[0].value!r} is neither beside it nor in data/.", path=source)
    from relgraph.ingest.catalog import find_article

    info, _ = find_article(state.dataset(), source)
    if not info.text_file:
        raise DataParseError("the article names no rel:textFile.", path=compact_iri(info.iri))
    return state.project.data_dir / Path(*PurePosixPath(info.text_file).parts)


def _print_report(report) -> None:
    for issue in report.issues:
        say(issue.describe())
    say(report.summary())


@main.command("compile")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the Turtle to this file (atomically) instead of printing it.",
)
@pass_state
def compile_command(state, file, output) -> None:
    """Compile a fact sheet (NAME.facts.yaml) into the article's Turtle, and only that.

    Each quote is found in the article's text and becomes its sentence's mention
    (offsets computed here), each name is resolved against the graph, each value
    typed by its property's range, and every fact gets its rel:Assertion. Problems
    are listed with the sheet's line numbers. Nothing is checked against the shapes
    and nothing is added: 'relgraph validate' and 'relgraph add' do that.
    """
    from relgraph.ingest.compiler import compile_sheet
    from relgraph.store import write_atomic

    path = _find(file, state)
    compiled = compile_sheet(state.dataset(), path, name=str(file))
    if output is None:
        click.echo(compiled.turtle.decode("utf-8"), nl=False)
    else:
        write_atomic(output, compiled.turtle)
        click.echo(
            f"Wrote {output} ({_count(len(compiled.triples), 'triple')}: {_count(compiled.assertions, 'fact')} "
            f"from {_count(compiled.mentions, 'sentence')})."
        )
    if compiled.proposals:
        click.echo(
            f"{_count(len(compiled.proposals), 'proposal')} still to review (review: proposed); "
            f"'relgraph validate {file}' lists them.",
            err=True,
        )


@main.command("validate")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--replace", is_flag=True, help="Check it as a replacement of the article already in the graph.")
@pass_state
def validate_command(state, file, replace) -> None:
    """Check an article file (Turtle, or a fact sheet NAME.facts.yaml) against the ontology, the shapes and the graph.

    Reports syntax errors, SHACL violations, terms the ontology does not define,
    values of the wrong type, mention offsets that do not cut their sentence out of
    the text, facts without an assertion, collisions with existing entities, and
    entities that look like ones already in the graph (with the IRI to reuse). For a
    fact sheet: quotes that are not in the text, unknown names and properties (with
    the sheet's lines), and every entry still marked 'review: proposed'. Exits
    non-zero on an error; warnings alone do not fail.
    """
    from relgraph.ingest.validation import validate_article

    report = validate_article(state.dataset(), _find(file, state), replace=replace)
    _print_report(report)
    if not report.ok:
        raise ValidationError(
            f"{report.file} has {_count(len(report.errors), 'error')}; "
            f"fix {'it' if len(report.errors) == 1 else 'them'} and validate the file again.",
            report=report,
        )


@main.command("add")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--replace", is_flag=True, help="Replace the article if it is already in the graph.")
@click.option("--dry-run", is_flag=True, help="Check it and show what would change; write nothing.")
@click.option(
    "--accept-proposals",
    is_flag=True,
    help="Accept every entry of a fact sheet still marked 'review: proposed' (a deliberate bulk accept).",
)
@pass_state
def add_command(state, file, replace, dry_run, accept_proposals) -> None:
    """Check an article file (Turtle, or a fact sheet NAME.facts.yaml) and, if nothing is wrong, add it.

    The article is stored as data/articles/ID.ttl (deterministic Turtle) with its
    text beside it, and a fact sheet beside the Turtle it compiles to, written
    atomically: a failed or interrupted add leaves every file as it was. A fact sheet
    with entries still marked 'review: proposed' is refused unless --accept-proposals.
    """
    from relgraph.ingest.add import add_article

    try:
        with contextlib.nullcontext() if dry_run else state.writing():
            outcome = add_article(
                state.dataset(),
                _find(file, state),
                replace=replace,
                dry_run=dry_run,
                accept_proposals=accept_proposals,
            )
    except ValidationError as exc:
        if exc.report is not None:
            _print_report(exc.report)
        raise
    for issue in outcome.report.issues:
        say(issue.describe())
    project = state.project
    stored = project.relative(outcome.turtle)
    text = f" with its text {project.relative(outcome.text)}" if outcome.text else ""
    if outcome.sheet is not None:
        text += f" and its fact sheet {project.relative(outcome.sheet)}"
    verb = (
        ("Would replace" if outcome.replaced else "Would add")
        if dry_run
        else ("Replaced" if outcome.replaced else "Added")
    )
    click.echo(f"{verb} {compact_iri(outcome.article)} as {stored} ({_count(outcome.triples, 'triple')}){text}.")
    click.echo(
        f"  {_count(len(outcome.new_entities()), 'new entity', 'new entities')}, "
        f"{_count(outcome.count('changes'), 'change')} to existing entities, "
        f"{_count(outcome.count('new fact'), 'new fact')} about them, "
        f"{_count(outcome.count('restated'), 'fact')} restated."
    )
    sections = [("changes", "Changes to existing entities")]
    if dry_run:
        sections = [("new entity", "New entities"), *sections, ("new fact", "New facts about existing entities")]
    for kind, heading in sections:
        if kind == "new entity":
            entities = outcome.new_entities()
            if entities:
                click.echo(f"{heading} ({len(entities)}):")
                for iri, label in entities:
                    say(f"  {compact_iri(iri)}  {label}")
            continue
        rows = [c for c in outcome.changes if c.kind == kind]
        if rows:
            click.echo(f"{heading} ({len(rows)}):")
            for change in rows:
                say(f"  {change.describe()}")
    if dry_run:
        click.echo("Nothing was written (--dry-run).")


@main.command("remove")
@click.argument("article")
@click.option("--force", is_flag=True, help="Remove it even if other articles point to entities only it describes.")
@click.option("--dry-run", is_flag=True, help="Say what would be removed; delete nothing.")
@pass_state
def remove_command(state, article, force, dry_run) -> None:
    """Retract one article (by identifier, IRI or title): delete its file and its text.

    Only that article's statements go; entities that other articles describe too
    stay. Refused when other articles point to entities only this one describes.
    """
    from relgraph.ingest.add import remove_article

    with contextlib.nullcontext() if dry_run else state.writing():
        outcome = remove_article(state.dataset(), article, force=force, dry_run=dry_run)
    files = ", ".join(state.project.relative(p) for p in outcome.files)
    verb = "Would remove" if dry_run else "Removed"
    click.echo(f"{verb} {compact_iri(outcome.article.iri)} ({_count(outcome.article.triples, 'triple')}): {files}.")
    click.echo(
        f"  {_count(len(outcome.shared), 'entity', 'entities')} stay (other articles describe them too); "
        f"{_count(len(outcome.dropped), 'entity', 'entities')} "
        f"{'was' if len(outcome.dropped) == 1 else 'were'} only in this article."
    )
    if outcome.orphaned:
        click.echo(
            f"  {_count(len(outcome.orphaned), 'entity', 'entities')} that other articles point to "
            f"{'lose' if not dry_run else 'would lose'} their type and label: "
            + ", ".join(compact_iri(e) for e in outcome.orphaned)
        )


@main.command("articles")
@click.option(
    "--format",
    "-f",
    "fmt",
    type=click.Choice(["table", "csv", "tsv", "json"]),
    default="table",
    show_default=True,
    help="table for reading; csv, tsv and json for tools.",
)
@pass_state
def articles_command(state, fmt) -> None:
    """List the articles in the graph: date, identifier, title, triples and file."""
    import pyoxigraph as ox

    from relgraph.ingest.catalog import list_articles
    from relgraph.query.formats import format_result
    from relgraph.store import SelectResult

    xsd_integer = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
    rows = tuple(
        (
            ox.Literal(a.published or ""),
            ox.Literal(a.identifier),
            ox.Literal(a.title or ""),
            ox.Literal(str(a.triples), datatype=xsd_integer),
            ox.Literal(state.project.relative(a.path) if a.path else ""),
        )
        for a in list_articles(state.dataset())
    )
    result = SelectResult(("published", "identifier", "title", "triples", "file"), rows)
    write_output(format_result(result, fmt=fmt), None)


@main.command("stats")
@pass_state
def stats_command(state) -> None:
    """Summarise the graph: quads and triples, articles, entities by class, events by status, dates."""
    from relgraph.ingest.catalog import graph_stats

    stats = graph_stats(state.dataset())
    click.echo(
        f"Quads: {stats.quads:,} ({stats.quads - stats.data_quads:,} in the ontology graph, "
        f"{stats.data_quads:,} in the article graphs); distinct triples once merged: {stats.distinct_triples:,}"
    )
    span = f", published {stats.first_published} to {stats.last_published}" if stats.first_published else ""
    click.echo(f"Articles: {stats.articles:,}{span}")
    if stats.first_event:
        click.echo(f"Event dates: {stats.first_event} to {stats.last_event}")
    click.echo("Entities by class:")
    for _, label, count in stats.entities_by_class:
        click.echo(f"  {count:>7,}  {label}")
    click.echo("Events and commitments by current status (the latest report wins):")
    for _, label, count in stats.items_by_status:
        click.echo(f"  {count:>7,}  {label}")
