"""Checking a new article file before it joins the graph: ``validate_article``.

The checks (``relgraph.ingest.checks``), each reported in plain language with the file, the line where the node
is defined, the node by its label and the property:

* the file: readable, under the size limit, not empty, text, Turtle that parses
  (line and column of a syntax error), describing exactly one ``rel:NewsArticle``
  under ``reld:``;
* terms: every ``rel:`` class, property and individual is one the ontology defines
  ("did you mean rel:Meeting?"), and every other class or property is one it declares
  (``dcterms:source``, ``schema:url``); ``reld:`` names data, never classes or properties;
* values: a literal has the datatype its property's ``rdfs:range`` declares and a
  well-formed lexical form (a date that is a real date); an event's dates in this
  article: one of each kind, rel:date equal to its start and end, no end before the
  start (``check_event_dates``);
* the text: ``rel:textFile`` is found (beside the file, or in the data folder), its
  SHA-256 is ``rel:textSha256``, and every mention's offsets cut its
  ``rel:exactText`` out of it;
* the graph: the article is not there already (unless replacing), no IRI is given a
  type disjoint with the one it has in the graph (a collision), IRIs the file only
  points to exist somewhere;
* the SHACL shapes, on the article merged with what the graph says about the nodes
  it touches (see ``relgraph.ingest.shacl``);
* reconciliation (``relgraph.ingest.reconcile``): new entities that look like existing ones;
* fact-level provenance: every fact triple has a ``rel:Assertion`` in the article's
  graph, and attribution is on assertions, not on sentences.

A fact sheet (``NAME.facts.yaml``) is compiled first (``relgraph.ingest.compiler``): its
problems (a quote not in the text, an unknown name ...) are reported with the sheet's
lines, and so is every later issue about a node it introduces. Its entities and facts
still marked ``review: proposed`` are errors, unless ``accept_proposals``.

Errors stop ``relgraph add``; warnings do not. The report (``relgraph.ingest.report``) is
frozen data, ``ValidationReport`` of ``ValidationIssue``, so a caller can print it,
count it or turn it into JSON.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from relgraph.errors import DataParseError, FactSheetError
from relgraph.ingest.checks import (
    Issues,
    check_abstract,
    check_article_node,
    check_assertions,
    check_collisions,
    check_duplicate,
    check_event_dates,
    check_iris,
    check_references,
    check_shapes,
    check_terms,
    check_text,
    check_text_owner,
    check_values,
)
from relgraph.ingest.factsheet import is_fact_sheet
from relgraph.ingest.reconcile import Match, find_matches
from relgraph.ingest.report import ValidationIssue, ValidationReport
from relgraph.ingest.staging import ArticleContext, StagedArticle, fetch_context, stage_article, staged_from
from relgraph.model.namespaces import compact_iri
from relgraph.model.terms import Vocabulary, load_vocabulary
from relgraph.store import Dataset, GraphInfo

if TYPE_CHECKING:
    from relgraph.ingest.compiler import CompiledSheet

__all__ = [
    "CheckedArticle",
    "ValidationIssue",
    "ValidationReport",
    "check_article",
    "validate_article",
]


@dataclass(frozen=True)
class CheckedArticle:
    """A checked article file with everything ``relgraph add`` needs to store it."""

    report: ValidationReport
    staged: StagedArticle | None = None
    context: ArticleContext | None = None
    stored: GraphInfo | None = None  # the article's graph when it is already in the dataset
    text: bytes | None = field(default=None, repr=False)
    text_path: Path | None = None  # where the text was found
    text_file: str | None = None  # rel:textFile, relative to the data folder
    compiled: CompiledSheet | None = field(default=None, repr=False)  # a fact sheet, compiled


# ----- the entry points -------------------------------------------------------------------------


def check_article(
    dataset: Dataset,
    path: Path,
    *,
    replace: bool = False,
    allow_self: bool = True,
    vocabulary: Vocabulary | None = None,
    accept_proposals: bool = False,
) -> CheckedArticle:
    """Run every check on an article file (Turtle, or a fact sheet ``NAME.facts.yaml``) against a loaded graph.

    ``replace``: the article may already be in the graph (it is compared with
    everything else). ``allow_self``: checking the very file an article is stored in
    is not "already present". ``accept_proposals``: a fact sheet's entries still marked
    ``review: proposed`` are accepted (reported as warnings) instead of refused.
    """
    name = dataset.project.relative(path) if path.is_absolute() else str(path)
    vocabulary = vocabulary or load_vocabulary(dataset)
    loaded = _stage(dataset, path, name, vocabulary)
    if isinstance(loaded, ValidationReport):
        return CheckedArticle(loaded)
    staged, compiled = loaded
    issues = Issues(staged, name)
    if compiled is not None:
        _check_proposals(compiled, issues, accept_proposals=accept_proposals)
    check_article_node(staged, issues)
    check_assertions(staged, issues)
    check_terms(staged, vocabulary, issues)
    check_iris(staged, issues)
    check_abstract(dataset, staged, vocabulary, issues)
    skip_pairs = check_values(staged, vocabulary, issues)
    check_event_dates(staged, issues)
    text, text_path, text_file, bad_mentions = check_text(dataset, staged, issues)
    stored = check_duplicate(dataset, staged, issues, replace=replace, allow_self=allow_self)
    check_text_owner(dataset, staged, text_file, issues, text=text, stored=stored)
    context = None
    if staged.article is not None:
        context = fetch_context(dataset, staged, exclude=stored.name if stored else None)
        _check_against_graph(dataset, staged, context, vocabulary, issues, skip_pairs, bad_mentions)
    report = _report(name, staged, issues)
    return CheckedArticle(report, staged, context, stored, text, text_path, text_file, compiled)


def _stage(
    dataset: Dataset, path: Path, name: str, vocabulary: Vocabulary
) -> tuple[StagedArticle, CompiledSheet | None] | ValidationReport:
    """The article's triples (a fact sheet compiled first), or the report of why there are none."""
    if is_fact_sheet(path):
        from relgraph.ingest.compiler import compile_sheet

        try:
            compiled = compile_sheet(dataset, path, name=name, vocabulary=vocabulary)
        except FactSheetError as exc:
            found = tuple(
                ValidationIssue("error", "sheet", message, name, line=line, column=column)
                for line, column, message in exc.problems
            )
            return ValidationReport(name, None, found)
        return staged_from(path, name, compiled.sheet.source, compiled.triples, compiled.lines), compiled
    try:
        return stage_article(path, name=name), None
    except DataParseError as exc:
        syntax = exc.column is not None
        message = f"Turtle syntax error: {exc.detail}" if syntax else exc.detail
        issue = ValidationIssue(
            "error", "syntax" if syntax else "file", message, name, line=exc.line, column=exc.column
        )
        return ValidationReport(name, None, (issue,))


def _check_proposals(compiled: CompiledSheet, issues: Issues, *, accept_proposals: bool) -> None:
    """A fact sheet's entries still marked ``review: proposed``: errors, or warnings when accepted."""
    for proposal in compiled.proposals:
        why = f" (why: {proposal.why})" if proposal.why else ""
        if accept_proposals:
            message = f"the {proposal.what} was a proposal{why}; accepted with --accept-proposals."
        else:
            message = (
                f"the {proposal.what} is still a proposal (review: proposed){why}. Check it against the text, "
                "then delete its 'review' line (or set 'review: accepted'), correct it, or delete it; "
                "'relgraph add --accept-proposals' accepts every proposal at once."
            )
        issues.add("warning" if accept_proposals else "error", "review", message, line=proposal.line)


def _check_against_graph(
    dataset: Dataset,
    staged: StagedArticle,
    context: ArticleContext,
    vocabulary: Vocabulary,
    issues: Issues,
    skip_pairs: set[tuple[str, str]],
    bad_mentions: set[str],
) -> None:
    """The checks that need what the graph says about the nodes the article touches: collisions,
    references, the SHACL shapes, and entities that look like existing ones."""
    issues.context = context
    check_collisions(dataset, staged, context, vocabulary, issues)
    check_references(dataset, staged, context, issues)
    check_shapes(dataset, staged, context, issues, skip_pairs=skip_pairs, skip_nodes=bad_mentions)
    for match in find_matches(dataset, staged, context, vocabulary):
        issues.add("warning", "reconcile", _reconcile_message(match), node=match.entity, suggestion=match.existing)


def _report(name: str, staged: StagedArticle, issues: Issues) -> ValidationReport:
    """The issues in the report's order: errors first, then by line, node and message; each once."""
    order = {"error": 0, "warning": 1}
    ordered = sorted(issues.items, key=lambda i: (order[i.severity], i.line or 0, i.node or "", i.message))
    article = staged.article.value if staged.article is not None else None
    return ValidationReport(name, article, tuple(dict.fromkeys(ordered)), len(staged.triples))


def _reconcile_message(match: Match) -> str:
    where = "another new entity of this file" if match.in_file else "already in the graph"
    return (
        f"looks like {compact_iri(match.existing)} ({match.existing_label!r}), {where}: "
        f"{match.reason}. If it is the same, use {compact_iri(match.existing)} instead of a new IRI."
    )


def validate_article(
    dataset: Dataset, path: Path, *, replace: bool = False, accept_proposals: bool = False
) -> ValidationReport:
    """Check an article file (Turtle or a fact sheet) against the graph; the report lists errors and warnings."""
    return check_article(dataset, path, replace=replace, accept_proposals=accept_proposals).report
