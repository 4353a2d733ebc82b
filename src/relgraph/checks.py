"""The checks of a new article file, each adding plain-language issues to a collector.

``relgraph.validation.check_article`` runs them in order; see its module for what
each one catches. Every issue names the file, the line where the node is defined,
the node by its label and the property.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from decimal import Decimal, InvalidOperation
from pathlib import Path, PurePosixPath

import pyoxigraph as ox

from relgraph.errors import StoreError
from relgraph.namespaces import GRAPH_ONTOLOGY, PREFIXES, REL, RELD, compact_iri
from relgraph.report import ValidationIssue
from relgraph.staging import MAX_TEXT_BYTES, MENTION, ArticleContext, StagedArticle, text_digest
from relgraph.store import Dataset, GraphInfo, read_file
from relgraph.terms import Vocabulary

__all__ = [
    "Issues",
    "check_article_node",
    "check_collisions",
    "check_duplicate",
    "check_event_dates",
    "check_references",
    "check_shapes",
    "check_terms",
    "check_text",
    "check_text_owner",
    "check_values",
]

_XSD = PREFIXES["xsd"]
_RDF_TYPE = PREFIXES["rdf"] + "type"
_LABELS = (
    PREFIXES["rdfs"] + "label",
    PREFIXES["skos"] + "prefLabel",
    PREFIXES["foaf"] + "name",
    PREFIXES["skos"] + "altLabel",
)
_SAFE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
#: Namespaces whose terms need no declaration in the ontology.
_BUILTIN = tuple(PREFIXES[p] for p in ("rdf", "rdfs", "owl", "xsd", "sh"))


# ----- helpers ----------------------------------------------------------------------------------


class Issues:
    """Collects issues for one file, filling in lines and labels."""

    def __init__(self, staged: StagedArticle | None, name: str, context: ArticleContext | None = None):
        self.staged = staged
        self.name = name
        self.context = context
        self.items: list[ValidationIssue] = []

    def label(self, node: str | None) -> str | None:
        if node is None:
            return None
        subject = ox.NamedNode(node) if not node.startswith("_:") else None
        if self.staged is not None and subject is not None:
            for prop in _LABELS:
                for value in self.staged.values(subject, prop):
                    if isinstance(value, ox.Literal):
                        return value.value
        if self.context is not None:
            for prop in _LABELS:
                for value in self.context.values(node, prop):
                    if isinstance(value, ox.Literal):
                        return value.value
        return None

    def add(self, severity: str, code: str, message: str, *, node: str | None = None, line=None, **extra) -> None:
        if line is None and node is not None and self.staged is not None and not node.startswith("_:"):
            line = self.staged.line_of(ox.NamedNode(node)) or self.staged.line_of_text(compact_iri(node))
        self.items.append(
            ValidationIssue(
                severity, code, message, self.name, line=line, node=node, node_label=self.label(node), **extra
            )
        )


def _int(literal: ox.Literal) -> int | None:
    try:
        return int(literal.value.strip())
    except ValueError:
        return None


_INTEGER_TYPES = {
    _XSD + name
    for name in (
        "integer",
        "nonNegativeInteger",
        "positiveInteger",
        "nonPositiveInteger",
        "negativeInteger",
        "long",
        "int",
        "short",
        "byte",
        "unsignedLong",
        "unsignedInt",
        "unsignedShort",
        "unsignedByte",
    )
}

_DATE = re.compile(r"^-?\d{4,}-\d{2}-\d{2}(Z|[+-]\d{2}:\d{2})?$")
_DATETIME = re.compile(r"^-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$")
_GYEAR = re.compile(r"^-?\d{4,}(Z|[+-]\d{2}:\d{2})?$")


def _lexical_problem(literal: ox.Literal) -> str | None:
    """Why a typed literal's text is not a value of its datatype, or None."""
    datatype = literal.datatype.value
    text = literal.value
    if datatype == _XSD + "date":
        if not _DATE.match(text):
            return f'{text!r} is not a date; write it as YYYY-MM-DD, e.g. "2019-05-07"^^xsd:date'
        try:
            dt.date.fromisoformat(text[:10])
        except ValueError:
            return f"{text!r} is not a real date (no such day)"
    elif datatype == _XSD + "dateTime":
        if not _DATETIME.match(text):
            return f"{text!r} is not a date and time; write it as YYYY-MM-DDThh:mm:ss"
    elif datatype == _XSD + "gYear":
        if not _GYEAR.match(text):
            return f'{text!r} is not a year; write it as YYYY, e.g. "2025"^^xsd:gYear'
    elif datatype in _INTEGER_TYPES:
        value = _int(literal)
        if value is None or not re.fullmatch(r"[+-]?\d+", text.strip()):
            return f"{text!r} is not an integer"
        if datatype.endswith("#positiveInteger") and value < 1:
            return f"{value} is not a positive integer"
        if datatype.endswith("#nonNegativeInteger") and value < 0:
            return f"{value} is negative"
    elif datatype == _XSD + "decimal":
        try:
            Decimal(text)
        except InvalidOperation:
            return f"{text!r} is not a decimal number"
    elif datatype == _XSD + "boolean" and text not in ("true", "false", "1", "0"):
        return f"{text!r} is not a boolean (true or false)"
    return None


def _fits_range(literal: ox.Literal, expected: str) -> bool:
    actual = literal.datatype.value
    if actual == expected:
        return True
    if expected in _INTEGER_TYPES and actual in _INTEGER_TYPES:
        return True  # the value's sign is checked by the shapes and by _lexical_problem
    return expected == _XSD + "decimal" and actual in _INTEGER_TYPES


def _short(text: str, limit: int = 70) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


# ----- the checks -------------------------------------------------------------------------------


def check_article_node(staged: StagedArticle, issues: Issues) -> None:
    articles = staged.articles
    if not articles:
        issues.add(
            "error",
            "article",
            "the file describes no rel:NewsArticle; an article file describes exactly one "
            "(reld:ARTICLE-ID a rel:NewsArticle), and it becomes that article's named graph.",
        )
        return
    if len(articles) > 1:
        listed = ", ".join(compact_iri(a.value) for a in articles)
        issues.add(
            "error",
            "article",
            f"the file describes {len(articles)} rel:NewsArticle nodes ({listed}); put each article in its own file.",
            node=articles[1].value,
        )
        return
    article = articles[0]
    local = article.value[len(RELD) :] if article.value.startswith(RELD) else ""
    if not local or not _SAFE_ID.match(local):
        issues.add(
            "error",
            "article",
            f"the article's IRI must be reld:ID with an ID of letters, digits, '.', '_' and '-' "
            f"(it names the file data/articles/ID.ttl); it is <{article.value}>.",
            node=article.value,
        )
        return
    identifiers = [v.value for v in staged.values(article, PREFIXES["dcterms"] + "identifier")]
    if identifiers and identifiers != [local]:
        issues.add(
            "warning",
            "article",
            f"dcterms:identifier is {identifiers[0]!r}, but the last segment of the article's IRI is {local!r}; "
            "make them the same.",
            node=article.value,
            property="dcterms:identifier",
        )


def check_terms(staged: StagedArticle, vocabulary: Vocabulary, issues: Issues) -> None:
    seen: set[tuple[str, str]] = set()
    declared_external = vocabulary.classes | vocabulary.properties
    for t in staged.triples:
        positions = [(t.predicate.value, "property")]
        if t.predicate.value == _RDF_TYPE and isinstance(t.object, ox.NamedNode):
            positions.append((t.object.value, "class"))
        elif isinstance(t.object, ox.NamedNode):
            positions.append((t.object.value, "individual"))
        if isinstance(t.subject, ox.NamedNode) and t.subject.value.startswith(REL):
            positions.append((t.subject.value, "individual"))
        for iri, kind in positions:
            if (iri, kind) in seen:
                continue
            seen.add((iri, kind))
            node = t.subject.value if isinstance(t.subject, ox.NamedNode) else None
            if iri.startswith(REL):
                defined = vocabulary.kind(iri)
                if defined is None:
                    hint = vocabulary.suggest(iri, kind)
                    issues.add(
                        "error",
                        "term",
                        f"{compact_iri(iri)} is not {_a(kind)} of the relgraph ontology."
                        + (f" Did you mean {' or '.join(hint)}?" if hint else ""),
                        node=node,
                        line=staged.line_of_text(compact_iri(iri)) or staged.line_of_text(iri),
                        suggestion=hint[0] if hint else None,
                    )
                elif kind in ("class", "property") and defined != kind:
                    issues.add(
                        "error",
                        "term",
                        f"{compact_iri(iri)} is {_a(defined)} of the ontology, not {_a(kind)}.",
                        node=node,
                        line=staged.line_of_text(compact_iri(iri)),
                    )
            elif iri.startswith(RELD) and kind in ("class", "property"):
                issues.add(
                    "error",
                    "term",
                    f"{compact_iri(iri)} is used as {_a(kind)}, but reld: names data (entities, articles); "
                    f"classes and properties are rel: terms of the ontology.",
                    node=node,
                    line=staged.line_of_text(compact_iri(iri)),
                )
            elif kind in ("class", "property") and not iri.startswith(_BUILTIN) and iri not in declared_external:
                hint = [h for h in vocabulary.suggest(iri, kind) if _close(h, iri)]
                issues.add(
                    "error",
                    "term",
                    f"{compact_iri(iri)} is not {_a(kind)} the relgraph ontology declares"
                    + (f". Did you mean {hint[0]}?" if hint else "")
                    + " Every term an article uses is declared in the ontology with its OWL type, so the data "
                    "stays OWL 2 DL and other tools read it: use a declared term, or declare this one in "
                    "ontology/relgraph.ttl.",
                    node=node,
                    line=staged.line_of_text(compact_iri(iri)) or staged.line_of_text(iri),
                    suggestion=hint[0] if hint else None,
                )


def _a(noun: str) -> str:
    return ("an " if noun[:1] in "aeiou" else "a ") + noun


def _close(suggestion: str, iri: str) -> bool:
    local = iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
    other = suggestion.split(":", 1)[-1]
    return difflib.SequenceMatcher(None, local, other).ratio() >= 0.85


def check_values(staged: StagedArticle, vocabulary: Vocabulary, issues: Issues) -> set[tuple[str, str]]:
    """Datatype problems; returns the (node, property) pairs reported, so shapes do not repeat them."""
    reported: set[tuple[str, str]] = set()
    for t in staged.triples:
        prop = t.predicate.value
        node = t.subject.value if isinstance(t.subject, ox.NamedNode) else None
        pname = compact_iri(prop)
        if isinstance(t.object, ox.Literal):
            literal = t.object
            problem = _lexical_problem(literal) if literal.language is None else None
            expected = vocabulary.ranges.get(prop)
            if problem is None and expected and not _fits_range(literal, expected):
                shown = f'"{_short(literal.value, 40)}"' + (
                    f"@{literal.language}" if literal.language else f"^^{compact_iri(literal.datatype.value)}"
                )
                if expected == _XSD + "string" and literal.language:
                    problem = (
                        f"takes a plain string, not a language-tagged one: drop '@{literal.language}' from {shown}"
                    )
                else:
                    problem = (
                        f"takes values of type {compact_iri(expected)}; {shown} is of type "
                        f"{compact_iri(literal.datatype.value)}"
                    )
            if problem:
                issues.add("error", "datatype", problem + ".", node=node, property=pname)
                if node:
                    reported.add((node, pname))
        elif prop in vocabulary.literal_properties:
            issues.add(
                "error",
                "datatype",
                f'takes a value (a literal such as "..." or "2019-05-07"^^xsd:date), not the node {t.object}.',
                node=node,
                property=pname,
            )
            if node:
                reported.add((node, pname))
    for t in staged.triples:
        if t.predicate.value in vocabulary.object_properties and isinstance(t.object, ox.Literal):
            node = t.subject.value if isinstance(t.subject, ox.NamedNode) else None
            issues.add(
                "error",
                "datatype",
                f"points to an entity by IRI (e.g. reld:kenya), not to the text {_short(t.object.value, 40)!r}.",
                node=node,
                property=compact_iri(t.predicate.value),
            )
            if node:
                reported.add((node, compact_iri(t.predicate.value)))
    return reported


_DATE_PROPERTIES = ("date", "startDate", "endDate")


def check_event_dates(staged: StagedArticle, issues: Issues) -> None:
    """The dates one article gives an event: one of each kind, rel:date equal to the start and
    the end, and the start no later than the end.

    These hold within one report, not in the merged graph: a later article may report a
    new date for the same event in its own graph (a rescheduling, see rel:rescheduledFrom).
    """
    for subject in sorted(staged.subjects(), key=str):
        if not isinstance(subject, ox.NamedNode):
            continue
        days: dict[str, list[str]] = {}
        for name in _DATE_PROPERTIES:
            literals = [v for v in staged.values(subject, REL + name) if isinstance(v, ox.Literal)]
            values = [v.value for v in literals]
            if len(set(values)) > 1:
                issues.add(
                    "error",
                    "dates",
                    f"gives {len(set(values))} different rel:{name} values ({', '.join(sorted(set(values)))}); "
                    f"an article reports one rel:{name} for an event. A later article that reports a new date "
                    "states it in its own graph, with rel:rescheduledFrom the old one.",
                    node=subject.value,
                    property=f"rel:{name}",
                )
            if values and all(_lexical_problem(v) is None and v.datatype.value == _XSD + "date" for v in literals):
                days[name] = values  # a bad date is reported as such (check_values), not compared
        start, end, day = days.get("startDate"), days.get("endDate"), days.get("date")
        if day and (start != day or end != day):
            issues.add(
                "error",
                "dates",
                f"has rel:date {day[0]} but rel:startDate {start[0] if start else '(none)'} and rel:endDate "
                f"{end[0] if end else '(none)'}; an event with rel:date also gives rel:startDate and rel:endDate "
                f'with the same day ("{day[0]}"^^xsd:date), so that timelines need only rel:startDate.',
                node=subject.value,
                property="rel:startDate",
            )
        if start and end and len(start) == len(end) == 1 and end[0] < start[0]:
            issues.add(
                "error",
                "dates",
                f"ends before it starts: rel:endDate {end[0]} is earlier than rel:startDate {start[0]}.",
                node=subject.value,
                property="rel:endDate",
            )
        if end and not start:
            issues.add(
                "error",
                "dates",
                "has rel:endDate but no rel:startDate; give the first day too.",
                node=subject.value,
                property="rel:startDate",
            )


def _find_text(dataset: Dataset, staged: StagedArticle, text_file: str) -> Path | None:
    relative = PurePosixPath(text_file)
    candidates = [staged.path.parent / relative.name, dataset.project.data_dir / Path(*relative.parts)]
    return next((p for p in candidates if p.is_file()), None)


def check_text(
    dataset: Dataset, staged: StagedArticle, issues: Issues
) -> tuple[bytes | None, Path | None, str | None, set[str]]:
    """The text file, its digest and every mention's offsets; returns (text, path, rel:textFile, bad mentions)."""
    bad: set[str] = set()
    article = staged.article
    if article is None:
        return None, None, None, bad
    files = [v.value for v in staged.values(article, REL + "textFile") if isinstance(v, ox.Literal)]
    if len(files) != 1:
        return None, None, None, bad  # the shapes say what is missing
    text_file = files[0]
    relative = PurePosixPath(text_file)
    if relative.is_absolute() or ".." in relative.parts or not relative.parts:
        issues.add(
            "error",
            "text",
            f"rel:textFile {text_file!r} must be a path inside the data folder, such as 'articles/ID.txt'.",
            node=article.value,
            property="rel:textFile",
        )
        return None, None, text_file, bad
    path = _find_text(dataset, staged, text_file)
    if path is None:
        issues.add(
            "error",
            "text",
            f"the article's text {relative.name!r} (rel:textFile {text_file!r}) is neither beside the file "
            f"nor at data/{text_file}; put the text there, so mention offsets can be checked.",
            node=article.value,
            property="rel:textFile",
        )
        return None, None, text_file, bad
    try:
        data = read_file(path, max_bytes=MAX_TEXT_BYTES)
        text = data.decode("utf-8")
    except (StoreError, UnicodeDecodeError) as exc:
        issues.add(
            "error", "text", f"the article's text {path.name} cannot be read as UTF-8 ({exc}).", node=article.value
        )
        return None, path, text_file, bad
    digests = [v.value for v in staged.values(article, REL + "textSha256") if isinstance(v, ox.Literal)]
    actual = text_digest(data)
    if digests and digests[0] != actual:
        issues.add(
            "error",
            "text",
            f"rel:textSha256 is {digests[0][:12]}…, but {path.name} has SHA-256 {actual}; the text is not the one "
            "the offsets were counted on. Recount them ('relgraph sentences') and update rel:textSha256.",
            node=article.value,
            property="rel:textSha256",
        )
    mentions = {t.subject for t in staged.triples if t.predicate.value in (REL + "beginIndex", REL + "exactText")}
    mentions |= {t.subject for t in staged.triples if t.predicate.value == _RDF_TYPE and t.object == MENTION}
    for mention in sorted(mentions, key=str):
        if not isinstance(mention, ox.NamedNode):
            continue
        in_article = staged.values(mention, REL + "inArticle")
        if in_article and in_article[0] != article:
            issues.add(
                "error",
                "offsets",
                f"the mention is in {compact_iri(str(in_article[0].value))}, not in this file's article "
                f"{compact_iri(article.value)}; a file holds mentions of its own article only.",
                node=mention.value,
                property="rel:inArticle",
            )
            bad.add(mention.value)
            continue
        begins = [v for v in staged.values(mention, REL + "beginIndex") if isinstance(v, ox.Literal)]
        ends = [v for v in staged.values(mention, REL + "endIndex") if isinstance(v, ox.Literal)]
        exacts = [v for v in staged.values(mention, REL + "exactText") if isinstance(v, ox.Literal)]
        if len(begins) != 1 or len(ends) != 1 or len(exacts) != 1:
            continue  # the shapes report a missing or doubled offset
        begin, end, exact = _int(begins[0]), _int(ends[0]), exacts[0].value
        if begin is None or end is None:
            continue  # a datatype issue already
        where = path.name
        if not 0 <= begin < end <= len(text):
            message = f"offsets {begin}..{end} are outside the text ({where} has {len(text)} characters)"
        elif text[begin:end] != exact:
            message = (
                f"offsets {begin}..{end} cut {_short(text[begin:end], 50)!r} out of {where}, "
                f"not rel:exactText {_short(exact, 50)!r}"
            )
        else:
            continue
        found = text.find(exact)
        if found >= 0:
            message += (
                f"; the text has it at {found}..{found + len(exact)}: use "
                f"<{article.value}#char={found},{found + len(exact)}> with rel:beginIndex {found} "
                f"and rel:endIndex {found + len(exact)}"
            )
        else:
            message += "; the text does not contain that sentence (copy it exactly, quotes and dashes included)"
        issues.add("error", "offsets", message + ".", node=mention.value, property="rel:exactText")
        bad.add(mention.value)
    used = {t.object for t in staged.triples if t.predicate.value == REL + "denotedBy"}
    for mention in sorted(mentions - used, key=str):
        if isinstance(mention, ox.NamedNode) and mention.value not in bad:
            issues.add(
                "warning",
                "offsets",
                "no fact points to this mention (rel:denotedBy); link a fact to it or delete it.",
                node=mention.value,
            )
    return data, path, text_file, bad


def check_duplicate(
    dataset: Dataset, staged: StagedArticle, issues: Issues, *, replace: bool, allow_self: bool
) -> GraphInfo | None:
    article = staged.article
    if article is None:
        return None
    stored = dataset.graph(article.value)
    if stored is None or stored.kind != "article":
        return None
    where = dataset.project.relative(stored.path) if stored.path else "the graph"
    is_self = stored.path is not None and stored.path.resolve() == staged.path.resolve()
    if is_self and allow_self:
        return stored
    if replace:
        issues.add(
            "warning",
            "duplicate",
            f"the article is already in the graph ({where}); it will be replaced.",
            node=article.value,
        )
        return stored
    issues.add(
        "error",
        "duplicate",
        f"the article is already in the graph ({where}). Add it with --replace to replace it, "
        "or give this article its own IRI.",
        node=article.value,
    )
    return stored


_TEXT_USERS = """
SELECT DISTINCT ?article WHERE {{
  GRAPH ?article {{ ?article rel:textFile ?file . FILTER(STR(?file) = {file}) }}
  FILTER(?article != {own})
}}"""


def check_text_owner(dataset: Dataset, staged: StagedArticle, text_file: str | None, issues: Issues) -> None:
    article = staged.article
    if article is None or text_file is None:
        return
    query = _TEXT_USERS.format(file=ox.Literal(text_file), own=article)
    others = [row[0].value for row in dataset.select(query).rows]
    if others:
        issues.add(
            "error",
            "text",
            f"rel:textFile {text_file!r} is already the text of {compact_iri(others[0])}; "
            "give this article's text its own file name.",
            node=article.value,
            property="rel:textFile",
        )


def _graph_files(dataset: Dataset, graphs) -> str:
    names = []
    for g in sorted(graphs):
        info = dataset.graph(g)
        names.append(dataset.project.relative(info.path) if info and info.path else compact_iri(g))
    return ", ".join(names)


def check_collisions(
    dataset: Dataset, staged: StagedArticle, context: ArticleContext, vocabulary: Vocabulary, issues: Issues
) -> None:
    for subject in sorted(staged.subjects(), key=str):
        new_types = staged.types(subject)
        old_types = context.types.get(subject.value, frozenset())
        if not new_types or not old_types:
            continue
        clash = vocabulary.disjoint(new_types, old_types)
        if clash is None:
            continue
        new_cls, old_cls = clash
        graphs: set[str] = set()
        for t, where in context.statements.items():
            if t.subject == subject and t.predicate.value == _RDF_TYPE:
                graphs |= where
        issues.add(
            "error",
            "collision",
            f"this IRI is already in the graph as a {compact_iri(old_cls)} ({_graph_files(dataset, graphs)}); "
            f"this file makes it a {compact_iri(new_cls)}, and the ontology says nothing is both. "
            "Mint a new IRI for this entity, or fix its type.",
            node=subject.value,
            property="rdf:type",
        )


_NEAR_IRIS = """
SELECT DISTINCT ?entity WHERE {{
  ?entity a ?type .
  FILTER(STRSTARTS(STR(?entity), {start}))
}} LIMIT 5000"""


def check_references(dataset: Dataset, staged: StagedArticle, context: ArticleContext, issues: Issues) -> None:
    """reld: IRIs the file only points to, and the graph does not know: typos, mostly."""
    subjects = {s.value for s in staged.subjects()}
    seen: set[str] = set()
    for t in staged.triples:
        target = t.object
        if not isinstance(target, ox.NamedNode) or not target.value.startswith(RELD):
            continue
        iri = target.value
        if iri in subjects or iri in context.known or iri in seen or "#char=" in iri:
            continue
        seen.add(iri)
        local = iri[len(RELD) :]
        start = ox.Literal(RELD + local[:3])
        rows = dataset.select(_NEAR_IRIS.format(start=start)).rows
        near = difflib.get_close_matches(local, [r[0].value[len(RELD) :] for r in rows], n=1, cutoff=0.75)
        hint = f" Did you mean reld:{near[0]}?" if near else ""
        issues.add(
            "warning",
            "reference",
            f"{compact_iri(iri)} is described neither in this file nor anywhere in the graph.{hint}",
            node=t.subject.value if isinstance(t.subject, ox.NamedNode) else None,
            property=compact_iri(t.predicate.value),
            line=staged.line_of_text(compact_iri(iri)),
            suggestion=(RELD + near[0]) if near else None,
        )


def check_shapes(
    dataset: Dataset,
    staged: StagedArticle,
    context: ArticleContext,
    issues: Issues,
    *,
    skip_pairs: set[tuple[str, str]],
    skip_nodes: set[str],
) -> None:
    shapes_file = dataset.project.shapes_file
    if not shapes_file.is_file():
        issues.add(
            "warning", "shape", f"no SHACL shapes at {dataset.project.relative(shapes_file)}; shapes not checked."
        )
        return
    from relgraph.shacl import run_shapes

    focus = {n.value for n in staged.touched()} | {
        t.subject.value for t in staged.triples if isinstance(t.subject, ox.NamedNode)
    }
    types = [
        ox.Triple(ox.NamedNode(node), ox.NamedNode(_RDF_TYPE), ox.NamedNode(t))
        for node, known in context.types.items()
        for t in known
    ]
    for result in run_shapes(
        shapes_file, dataset.triples_in(GRAPH_ONTOLOGY), staged.triples, [*context.triples, *types], focus
    ):
        if (result.focus, result.path) in skip_pairs:
            continue
        if result.focus in skip_nodes and result.component in (
            "SPARQLConstraintComponent",
            "MinLengthConstraintComponent",
        ):
            continue
        message = result.message
        if result.existing:
            message = f"the graph already breaks this shape, before this article: {message}"
        issues.add(result.severity, "shape", message, node=result.focus, property=result.path)
