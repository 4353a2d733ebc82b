"""Growing the graph: ``add_article`` stores a checked article, ``remove_article``
retracts one.

``add_article`` runs every check of ``relgraph.ingest.validation`` and only when no error
is left writes the article as ``data/articles/ID.ttl`` (deterministic Turtle:
relgraph's prefixes, sorted triples) with its text beside it as named by
``rel:textFile``. A fact sheet (``NAME.facts.yaml``) is compiled first, and stored
too, beside the Turtle it compiles to (``ID.facts.yaml``: the source to edit and add
again); entries still marked ``review: proposed`` are refused unless
``accept_proposals``. The files are written through ``store.commit_files``: temporary
files, fsync, then renames -- the text and the sheet first, the Turtle last, because
the Turtle is what makes the article part of the graph -- and on any failure every
file is put back as it was. An article that is already in the graph is refused unless
``replace``; a replaced article keeps the file it was stored in. ``dry_run`` checks
and says what would change (``ArticleChange``: new entities, new facts, facts that
change an existing entity such as a new status, facts restated), writing nothing.

``remove_article`` deletes exactly the article's file (and its text, unless another
article names the same text). What other articles state stays, so an entity they
describe too survives. It refuses when another article points to an entity that
only this article describes (that entity would lose its type and label), unless
``force``. The first article (``data/triples.ttl``) is not special: removing it
deletes that file, under the same rule.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import pyoxigraph as ox

from relgraph.errors import DataShapeError, StoreError, ValidationError
from relgraph.ingest.catalog import ArticleInfo, find_article
from relgraph.ingest.staging import MENTION, ArticleContext, StagedArticle, value_key
from relgraph.ingest.validation import CheckedArticle, ValidationReport, check_article
from relgraph.locking import lock_project
from relgraph.model.namespaces import GRAPH_ONTOLOGY, PREFIXES, REL, RELD, compact_iri
from relgraph.store import Dataset, commit_files, serialize_triples

__all__ = [
    "AddOutcome",
    "ArticleChange",
    "RemoveOutcome",
    "add_article",
    "plan_changes",
    "remove_article",
    "sheet_path",
]

_RDF_TYPE = PREFIXES["rdf"] + "type"
_LABELS = (PREFIXES["rdfs"] + "label", PREFIXES["skos"] + "prefLabel", PREFIXES["foaf"] + "name")
#: Properties whose new value replaces the old one in the reader's mind (besides functional ones).
_STATE_PROPERTIES = frozenset({REL + "status"})
_PROVENANCE = frozenset({REL + "denotedBy"})
_ASSERTION = ox.NamedNode(REL + "Assertion")

CHANGE_KINDS = ("new entity", "changes", "new fact", "restated")


@dataclass(frozen=True)
class ArticleChange:
    """One statement of an article, compared with the graph."""

    kind: str  # "new entity", "changes", "new fact" or "restated"
    subject: str
    subject_label: str
    property: str  # prefixed name
    value: str  # as Turtle shows it
    previous: tuple[str, ...] = ()  # for "changes": the values the graph has
    previous_sources: tuple[str, ...] = ()  # and the articles that state them

    def describe(self) -> str:
        text = f"{self.subject_label}: {self.property} {self.value}"
        if self.previous:
            text += f" (was {', '.join(self.previous)} in {', '.join(self.previous_sources)})"
        return text


@dataclass(frozen=True)
class AddOutcome:
    """What ``add_article`` did (or, with ``dry_run``, would do)."""

    report: ValidationReport
    article: str
    turtle: Path  # where the article is (or would be) stored
    text: Path | None
    triples: int
    changes: tuple[ArticleChange, ...]
    replaced: bool
    written: bool
    sheet: Path | None = None  # where the fact sheet is (or would be) stored, for a fact sheet

    def count(self, kind: str) -> int:
        return sum(1 for c in self.changes if c.kind == kind)

    def new_entities(self) -> list[tuple[str, str]]:
        return sorted({(c.subject, c.subject_label) for c in self.changes if c.kind == "new entity"})


def _show(term: ox.Term, labels: dict[str, str]) -> str:
    if isinstance(term, ox.NamedNode):
        return labels.get(term.value) or compact_iri(term.value)
    if isinstance(term, ox.Literal):
        return term.value if len(term.value) <= 80 else term.value[:79] + "…"
    return str(term)


def _labels(staged: StagedArticle, context: ArticleContext) -> dict[str, str]:
    labels: dict[str, str] = {}
    for t in [*context.statements, *staged.triples]:
        if t.predicate.value in _LABELS and isinstance(t.object, ox.Literal) and isinstance(t.subject, ox.NamedNode):
            labels.setdefault(t.subject.value, t.object.value)
    return labels


def plan_changes(
    dataset: Dataset, staged: StagedArticle, context: ArticleContext, *, functional: frozenset[str] = frozenset()
) -> list[ArticleChange]:
    """Each statement of the article about the world, classed against what the graph says.

    Mentions, assertions, the article node and ``rel:denotedBy`` (provenance) are left out.
    """
    labels = {
        t.subject.value: t.object.value
        for t in dataset.triples_in(GRAPH_ONTOLOGY)
        if t.predicate.value == PREFIXES["rdfs"] + "label" and isinstance(t.object, ox.Literal)
    }
    labels.update(_labels(staged, context))
    mentions = {
        t.subject for t in staged.triples if t.predicate.value == _RDF_TYPE and t.object in (MENTION, _ASSERTION)
    }
    existing: dict[tuple[str, str], dict[ox.Term, frozenset[str]]] = defaultdict(dict)
    for t, graphs in context.statements.items():
        existing[(t.subject.value, t.predicate.value)][t.object] = graphs
    changes: list[ArticleChange] = []
    for t in sorted(staged.triples, key=str):
        subject = t.subject
        if not isinstance(subject, ox.NamedNode) or subject == staged.article or subject in mentions:
            continue
        if t.predicate.value in _PROVENANCE:
            continue
        known = subject.value in context.known
        before = existing.get((subject.value, t.predicate.value), {})
        previous: tuple[str, ...] = ()
        sources: tuple[str, ...] = ()
        if not known:
            kind = "new entity"
        elif t.object in before or value_key(t.object) in {value_key(o) for o in before}:
            kind = "restated"
        elif before and (t.predicate.value in _STATE_PROPERTIES or t.predicate.value in functional):
            kind = "changes"
            previous = tuple(sorted(_show(o, labels) for o in before))
            sources = tuple(sorted({compact_iri(g) for graphs in before.values() for g in graphs}))
        else:
            kind = "new fact"
        changes.append(
            ArticleChange(
                kind,
                subject.value,
                labels.get(subject.value) or compact_iri(subject.value),
                compact_iri(t.predicate.value),
                _show(t.object, labels),
                previous,
                sources,
            )
        )
    order = {kind: n for n, kind in enumerate(CHANGE_KINDS)}
    return sorted(changes, key=lambda c: (order[c.kind], c.subject_label, c.property, c.value))


def _header(article: str, source: Path, text_file: str | None) -> bytes:
    lines = [
        f"# The article {compact_iri(article)}, stored by 'relgraph add' from {source.name}.",
        "# Deterministic Turtle (relgraph's prefixes, sorted triples): a git diff shows what changed.",
    ]
    if text_file:
        lines.append(f"# Its text is data/{text_file}; mention offsets are code points into it.")
    return ("\n".join(lines) + "\n\n").encode("utf-8")


def _target(dataset: Dataset, checked: CheckedArticle, article: str) -> Path:
    if checked.stored is not None and checked.stored.path is not None:
        return checked.stored.path  # a replaced article keeps its file
    return dataset.project.articles_dir / f"{article[len(RELD) :]}.ttl"


def add_article(
    dataset: Dataset, path: Path, *, replace: bool = False, dry_run: bool = False, accept_proposals: bool = False
) -> AddOutcome:
    """Check an article file (Turtle or a fact sheet) and, if nothing is wrong, store it in the graph folder.

    Raises ValidationError (its ``report`` lists every issue) when a check fails;
    nothing is written then, nor with ``dry_run``.
    """
    if dry_run:
        return _add_article(dataset, path, replace=replace, dry_run=True, accept_proposals=accept_proposals)
    dataset.project.require_writable()
    with lock_project(dataset.project):  # re-entrant: the CLI holds it already, since before reading the graph
        return _add_article(dataset, path, replace=replace, dry_run=False, accept_proposals=accept_proposals)


def _add_article(dataset: Dataset, path: Path, *, replace: bool, dry_run: bool, accept_proposals: bool) -> AddOutcome:
    from relgraph.model.terms import load_vocabulary

    vocabulary = load_vocabulary(dataset)
    checked = check_article(
        dataset, path, replace=replace, allow_self=replace, vocabulary=vocabulary, accept_proposals=accept_proposals
    )
    report = checked.report
    if not report.ok or checked.staged is None or checked.context is None or report.article is None:
        noun = "error" if len(report.errors) == 1 else "errors"
        raise ValidationError(
            f"{report.file} has {len(report.errors)} {noun} (listed above); nothing was added.", report=report
        )
    staged, article = checked.staged, report.article
    turtle = _target(dataset, checked, article)
    text_target = None
    if checked.text_file is not None:
        text_target = _text_path(dataset, checked.text_file)
        if text_target is None:  # the checks refuse it already; this is the last line of defence
            raise DataShapeError(f"rel:textFile {checked.text_file!r} is not a text file of data/articles/.")
    changes = plan_changes(dataset, staged, checked.context, functional=vocabulary.functional)
    outcome = AddOutcome(
        report=report,
        article=article,
        turtle=turtle,
        text=text_target,
        triples=len(set(staged.triples)),
        changes=tuple(changes),
        replaced=checked.stored is not None,
        written=not dry_run,
        sheet=sheet_path(turtle) if checked.compiled is not None else None,
    )
    if dry_run:
        return outcome
    writes: dict[Path, bytes] = {}
    removes: list[Path] = []
    if text_target is not None and checked.text is not None:
        writes[text_target] = checked.text  # first: a text alone changes nothing in the graph
    sheet = sheet_path(turtle)
    if checked.compiled is not None:
        writes[sheet] = checked.compiled.sheet.data
        writes[turtle] = checked.compiled.turtle_for(sheet.name)
    else:
        if sheet.is_file():
            removes.append(sheet)  # the Turtle no longer comes from that sheet
        writes[turtle] = _header(article, path, checked.text_file) + serialize_triples(staged.triples)
    commit_files(writes, removes)
    _keep_store_in_step(lambda: dataset.replace_graph(article, staged.triples, path=turtle), turtle)
    return outcome


def _text_path(dataset: Dataset, text_file: str) -> Path | None:
    """Where an article's text lives: data/articles/NAME.txt, or None for any other rel:textFile
    (relgraph writes and deletes texts only there, never a data file or anything outside)."""
    relative = PurePosixPath(text_file)
    if len(relative.parts) != 2 or relative.parts[0] != "articles" or relative.suffix != ".txt":
        return None
    articles = dataset.project.articles_dir
    path = articles / relative.name
    return path if path.resolve().parent == articles.resolve() else None


def sheet_path(turtle: Path) -> Path:
    """Where the fact sheet of a stored article lives: beside its Turtle (``ID.ttl`` -> ``ID.facts.yaml``)."""
    return turtle.with_name(turtle.stem + ".facts.yaml")


def _keep_store_in_step(change, path: Path) -> None:
    """Apply the change to the dataset's backend too (the in-memory store, or the store on disk)."""
    try:
        change()
    except StoreError as exc:
        raise StoreError(
            f"{path} is written, but the store could not follow ({exc}). "
            "The files are right: bring an on-disk store up to date with 'relgraph index'."
        ) from exc


# ----- removing ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RemoveOutcome:
    """What ``remove_article`` did (or would do)."""

    article: ArticleInfo
    files: tuple[Path, ...]  # the files deleted
    shared: tuple[str, ...]  # entities this article describes that other articles describe too (they stay)
    dropped: tuple[str, ...]  # entities only this article described, that nothing else refers to
    orphaned: tuple[str, ...]  # entities only this article describes, that other articles point to
    removed: bool


_DESCRIBED = """
SELECT DISTINCT ?entity ?elsewhere ?pointed WHERE {{
  GRAPH {article} {{ ?entity a ?type }}
  FILTER(isIRI(?entity))
  BIND(EXISTS {{ GRAPH ?other {{ ?entity a ?t2 }} FILTER(?other NOT IN ({article}, <{ontology}>)) }} AS ?elsewhere)
  BIND(EXISTS {{ GRAPH ?g {{ ?x ?p ?entity }} FILTER(?g NOT IN ({article}, <{ontology}>)) }} AS ?pointed)
}}"""

_SAME_TEXT = """
SELECT DISTINCT ?other WHERE {{
  GRAPH ?other {{ ?other rel:textFile ?file }}
  FILTER(?other != {article} && STR(?file) = {file})
}}"""


def remove_article(dataset: Dataset, name: str, *, force: bool = False, dry_run: bool = False) -> RemoveOutcome:
    """Retract one article (named by identifier, IRI or title): delete its file and its text.

    Raises ValidationError, removing nothing, when other articles point to entities
    only this one describes, unless ``force``.
    """
    if dry_run:
        return _remove_article(dataset, name, force=force, dry_run=True)
    dataset.project.require_writable()
    with lock_project(dataset.project):
        return _remove_article(dataset, name, force=force, dry_run=False)


def _remove_article(dataset: Dataset, name: str, *, force: bool, dry_run: bool) -> RemoveOutcome:
    info, graph = find_article(dataset, name)
    if graph.path is None:
        raise DataShapeError(f"{compact_iri(info.iri)} has no file in the graph folder; nothing to remove.")
    node = ox.NamedNode(info.iri)
    rows = dataset.select(_DESCRIBED.format(article=node, ontology=GRAPH_ONTOLOGY)).rows
    shared, dropped, orphaned = [], [], []
    for entity, elsewhere, pointed in rows:
        if entity == node or entity.value.startswith(info.iri + "#"):
            continue  # the article, its mentions (#char=) and its assertions (#fact-)
        if elsewhere.value == "true":
            shared.append(entity.value)
        elif pointed.value == "true":
            orphaned.append(entity.value)
        else:
            dropped.append(entity.value)
    files = [graph.path]
    if sheet_path(graph.path).is_file():
        files.append(sheet_path(graph.path))
    if info.text_file:
        text = _text_path(dataset, info.text_file)
        same = dataset.select(_SAME_TEXT.format(article=node, file=ox.Literal(info.text_file))).rows
        if text is not None and text.is_file() and not same:
            files.append(text)
    outcome = RemoveOutcome(
        info, tuple(files), tuple(sorted(shared)), tuple(sorted(dropped)), tuple(sorted(orphaned)), not dry_run
    )
    if orphaned and not force:
        listed = ", ".join(compact_iri(e) for e in orphaned[:8]) + (" ..." if len(orphaned) > 8 else "")
        raise ValidationError(
            f"{info.identifier} is the only article that describes {len(orphaned)} "
            f"{'entity' if len(orphaned) == 1 else 'entities'} other articles point to ({listed}); "
            "removing it would leave them without a type or a label. Describe them in another article first, "
            "or remove it anyway with --force.",
            report=outcome,
        )
    if not dry_run:
        commit_files({}, removes=files)  # the Turtle first: the graph changes with that one deletion
        _keep_store_in_step(lambda: dataset.drop_graph(info.iri), graph.path)
    return outcome
