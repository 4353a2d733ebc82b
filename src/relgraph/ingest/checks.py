"""The checks of a new article file, each adding plain-language issues to a collector.

``relgraph.ingest.validation.check_article`` runs them in order; see its module for what
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
from relgraph.ingest.report import ValidationIssue
from relgraph.ingest.staging import MAX_TEXT_BYTES, MENTION, ArticleContext, StagedArticle, text_digest, value_key
from relgraph.model.namespaces import GRAPH_ONTOLOGY, PREFIXES, REL, RELD, XSD_INTEGER_TYPES, compact_iri
from relgraph.model.terms import Vocabulary
from relgraph.store import Dataset, GraphInfo, read_file

__all__ = [
    "EXEMPT_PROPERTIES",
    "Issues",
    "check_abstract",
    "check_article_node",
    "check_assertions",
    "check_collisions",
    "check_duplicate",
    "check_event_dates",
    "check_iris",
    "check_references",
    "check_shapes",
    "check_terms",
    "check_text",
    "check_text_owner",
    "check_values",
    "lexical_problem",
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
#: The one form of rel:textFile: a .txt file directly in data/articles/.
_TEXT_FILE = re.compile(r"^articles/[A-Za-z0-9][A-Za-z0-9._-]*\.txt$")
#: Control characters no literal may hold (tab, line feed and carriage return are text).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_SHOW_CONTROL = {c: f"\\x{c:02x}" for c in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0xA0))}
#: Namespaces whose terms need no declaration in the ontology.
_BUILTIN = tuple(PREFIXES[p] for p in ("rdf", "rdfs", "owl", "xsd", "sh"))


#: Properties that describe an entity (or the vocabulary) rather than state a fact of the
#: article: they need no assertion (fact-model.md, section 1).
EXEMPT_PROPERTIES = frozenset(
    {
        _RDF_TYPE,
        PREFIXES["rdfs"] + "label",
        PREFIXES["rdfs"] + "comment",
        PREFIXES["skos"] + "prefLabel",
        PREFIXES["skos"] + "altLabel",
        PREFIXES["skos"] + "inScheme",
        PREFIXES["skos"] + "topConceptOf",
        PREFIXES["skos"] + "hasTopConcept",
        PREFIXES["foaf"] + "name",
        REL + "denotedBy",
    }
)


def lexical_problem(literal: ox.Literal) -> str | None:
    """Why a typed literal's text is not a value of its datatype (a date that is no day ...), or None."""
    return _lexical_problem(literal)


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


_INTEGER_TYPES = XSD_INTEGER_TYPES

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


def _where_differ(cut: str, exact: str) -> str:
    """Where two strings part, shown around that place (two long sentences cut at 50 characters looked the same)."""
    at = next((i for i, (a, b) in enumerate(zip(cut, exact, strict=False)) if a != b), min(len(cut), len(exact)))
    if at < 45 and len(cut) <= 50 and len(exact) <= 50:
        return ""  # both shown whole: the difference is in sight

    def around(text: str) -> str:
        start = max(0, at - 15)
        return ("…" if start else "") + text[start : at + 15] + ("…" if at + 15 < len(text) else "")

    return f"; they differ from character {at}: the text has {around(cut)!r}, rel:exactText {around(exact)!r}"


def _short(text: str, limit: int = 70) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


# ----- the checks -------------------------------------------------------------------------------


def check_article_node(staged: StagedArticle, issues: Issues) -> None:
    articles = staged.articles
    if not articles:
        issues.add(
            "error",
            "article",
            "the file describes no rel:Article; an article file describes exactly one "
            "(reld:ARTICLE-ID a rel:Article, rel:NewsArticle), and it becomes that article's named graph.",
        )
        return
    if len(articles) > 1:
        listed = ", ".join(compact_iri(a.value) for a in articles)
        issues.add(
            "error",
            "article",
            f"the file describes {len(articles)} rel:Article nodes ({listed}); put each article in its own file.",
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


_BASE = re.compile(r"^[ \t]*(?:@base|BASE)\s*<([^>]*)>", re.IGNORECASE | re.MULTILINE)
#: Properties whose value is where a source was published: a web address, which a page shows as a link.
_SOURCE_PROPERTIES = (PREFIXES["schema"] + "url", PREFIXES["dcterms"] + "source")
#: IRI schemes that run code, embed data or read local files when a page or a tool follows them.
_UNSAFE_SCHEMES = ("javascript:", "data:", "file:", "vbscript:")


def check_iris(staged: StagedArticle, issues: Issues) -> None:
    """Entities in reld: (an @base must not move them elsewhere unnoticed), http(s) source addresses,
    and no IRI a browser or tool would run, embed or read from the disk."""
    base = _BASE.search(staged.source)
    outside = sorted(
        {t.subject.value for t in staged.triples if isinstance(t.subject, ox.NamedNode)}
        - {t.subject.value for t in staged.triples if t.subject.value.startswith(RELD)}
    )
    for iri in outside[:20]:
        cause = f" (the file sets @base <{base.group(1)}>, so relative IRIs land there)" if base else ""
        issues.add(
            "error",
            "iri",
            f"<{iri}> is outside relgraph's data namespace{cause}; the entities an article describes are "
            f"reld:NAME ({RELD}NAME). Write reld: names, and drop @base.",
            node=iri,
        )
    for t in staged.triples:
        node = t.subject.value if isinstance(t.subject, ox.NamedNode) else None
        for term in (t.subject, t.object):
            if isinstance(term, ox.NamedNode) and term.value.lower().startswith(_UNSAFE_SCHEMES):
                issues.add(
                    "error",
                    "iri",
                    f"<{_short(term.value, 60)}> is a {term.value.split(':', 1)[0].lower()}: IRI, which a page or a tool "
                    "would run, embed or read from the disk; the graph holds web addresses (http, https) only.",
                    node=node,
                    property=compact_iri(t.predicate.value),
                )
        if t.predicate.value in _SOURCE_PROPERTIES:
            value = t.object.value if isinstance(t.object, ox.NamedNode | ox.Literal) else ""
            if not re.match(r"^https?://[^\s/]+", value, re.IGNORECASE) and not value.lower().startswith(
                _UNSAFE_SCHEMES
            ):
                issues.add(
                    "error",
                    "iri",
                    f"{compact_iri(t.predicate.value)} is where the source was published: an http:// or https:// "
                    f"address, not {_short(value, 60)!r}.",
                    node=node,
                    property=compact_iri(t.predicate.value),
                )


def check_abstract(dataset: Dataset, staged: StagedArticle, vocabulary: Vocabulary, issues: Issues) -> None:
    """A warning for a node typed only with a class the ontology calls abstract (its comment starts
    "Abstract"), naming the subclasses to use instead."""
    comment = PREFIXES["rdfs"] + "comment"
    typed = {
        t.subject: t.object.value
        for t in staged.triples
        if t.predicate.value == _RDF_TYPE and isinstance(t.object, ox.NamedNode) and isinstance(t.subject, ox.NamedNode)
    }
    if not typed:
        return
    ontology = dataset.triples_in(GRAPH_ONTOLOGY)
    abstract = {
        t.subject.value
        for t in ontology
        if t.predicate.value == comment and isinstance(t.object, ox.Literal) and t.object.value.startswith("Abstract")
    }
    for node in sorted({n for n, cls in typed.items() if cls in abstract}, key=str):
        types = staged.types(node)
        for cls in sorted(types & abstract):
            if any(cls in vocabulary.ancestors.get(other, ()) for other in types - {cls}):
                continue  # also typed with a subclass: fine
            subclasses = sorted(
                compact_iri(c) for c, up in vocabulary.ancestors.items() if cls in up and c != cls and c not in abstract
            )
            issues.add(
                "warning",
                "term",
                f"{compact_iri(cls)} is abstract in the ontology; type it with one of its subclasses"
                + (f" ({', '.join(subclasses)})" if subclasses else "")
                + ".",
                node=node.value,
                property="rdf:type",
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
        if prop == REL + "factObject":
            continue  # an assertion repeats its fact's value, which is checked where the fact states it
        node = t.subject.value if isinstance(t.subject, ox.NamedNode) else None
        pname = compact_iri(prop)
        if isinstance(t.object, ox.Literal):
            literal = t.object
            control = _CONTROL.search(literal.value)
            if control:
                char = control.group()
                issues.add(
                    "error",
                    "datatype",
                    f"the text {_short(literal.value.translate(_SHOW_CONTROL), 40)!r} holds the control character "
                    f"U+{ord(char):04X} at position {control.start()}; text in the graph is printable (a terminal "
                    "would act on it: retitle, recolour, rewrite the screen). Remove it.",
                    node=node,
                    property=pname,
                    line=staged.line_of_text(char),
                )
                if node:
                    reported.add((node, pname))
                continue
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


def _local(article: ox.NamedNode) -> str:
    return article.value[len(RELD) :] if article.value.startswith(RELD) else "ID"


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
    data, path, text = _load_text(dataset, staged, article, text_file, issues)
    if data is None or path is None:
        return None, path, text_file, bad
    _check_digest(staged, article, data, path, issues)
    mentions = {t.subject for t in staged.triples if t.predicate.value in (REL + "beginIndex", REL + "exactText")}
    mentions |= {t.subject for t in staged.triples if t.predicate.value == _RDF_TYPE and t.object == MENTION}
    for mention in sorted(mentions, key=str):
        if isinstance(mention, ox.NamedNode) and not _check_mention(staged, article, mention, text, path, issues):
            bad.add(mention.value)
    used = {t.object for t in staged.triples if t.predicate.value in (REL + "denotedBy", REL + "supportedBy")}
    for mention in sorted(mentions - used, key=str):
        if isinstance(mention, ox.NamedNode) and mention.value not in bad:
            issues.add(
                "warning",
                "offsets",
                "no fact points to this mention (rel:supportedBy, rel:denotedBy); link a fact to it or delete it.",
                node=mention.value,
            )
    return data, path, text_file, bad


def _load_text(
    dataset: Dataset, staged: StagedArticle, article: ox.NamedNode, text_file: str, issues: Issues
) -> tuple[bytes | None, Path | None, str]:
    """The article's text as (bytes, path, text); bytes None (and an issue) if it cannot be used."""
    relative = PurePosixPath(text_file)
    if not _TEXT_FILE.match(text_file):
        # The text is stored at data/<rel:textFile>: only a .txt file of the articles folder may be
        # written there, never a data file (data/triples.ttl), an article's Turtle or anything outside.
        issues.add(
            "error",
            "text",
            f"rel:textFile {text_file!r} must name a text file in the articles folder, as 'articles/NAME.txt' "
            f"(NAME of letters, digits, '.', '_' and '-'); relgraph stores the text at data/articles/NAME.txt. "
            f"Name it after the article: 'articles/{_local(article)}.txt'.",
            node=article.value,
            property="rel:textFile",
        )
        return None, None, ""
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
        return None, None, ""
    try:
        data = read_file(path, max_bytes=MAX_TEXT_BYTES)
        text = data.decode("utf-8")
    except (StoreError, UnicodeDecodeError) as exc:
        issues.add(
            "error", "text", f"the article's text {path.name} cannot be read as UTF-8 ({exc}).", node=article.value
        )
        return None, path, ""
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        issues.add(
            "error",
            "text",
            f"the article's text {path.name} is not a text file (it contains NUL bytes, the first on its line "
            f"{line}); the text is the article as published, in UTF-8.",
            node=article.value,
            property="rel:textFile",
        )
        return None, path, ""
    return data, path, text


def _check_digest(staged: StagedArticle, article: ox.NamedNode, data: bytes, path: Path, issues: Issues) -> None:
    """rel:textSha256, when given, is the digest of the text found."""
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


def _check_mention(
    staged: StagedArticle, article: ox.NamedNode, mention: ox.NamedNode, text: str, path: Path, issues: Issues
) -> bool:
    """One mention is of this article and its offsets cut its exact text out; False (and an issue) if not."""
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
        return False
    begins = [v for v in staged.values(mention, REL + "beginIndex") if isinstance(v, ox.Literal)]
    ends = [v for v in staged.values(mention, REL + "endIndex") if isinstance(v, ox.Literal)]
    exacts = [v for v in staged.values(mention, REL + "exactText") if isinstance(v, ox.Literal)]
    if len(begins) != 1 or len(ends) != 1 or len(exacts) != 1:
        return True  # the shapes report a missing or doubled offset
    begin, end, exact = _int(begins[0]), _int(ends[0]), exacts[0].value
    if begin is None or end is None:
        return True  # a datatype issue already
    where = path.name
    if not 0 <= begin < end <= len(text):
        message = f"offsets {begin}..{end} are outside the text ({where} has {len(text)} characters)"
    elif text[begin:end] != exact:
        message = (
            f"offsets {begin}..{end} cut {_short(text[begin:end], 50)!r} out of {where}, "
            f"not rel:exactText {_short(exact, 50)!r}{_where_differ(text[begin:end], exact)}"
        )
    else:
        return True
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
    return False


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


def check_text_owner(
    dataset: Dataset,
    staged: StagedArticle,
    text_file: str | None,
    issues: Issues,
    *,
    text: bytes | None = None,
    stored: GraphInfo | None = None,
) -> None:
    """No other article names the same text, and storing it writes over no other file."""
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
        return
    if text is None or not _TEXT_FILE.match(text_file):
        return
    target = dataset.project.data_dir / Path(*PurePosixPath(text_file).parts)
    try:
        existing = target.read_bytes() if target.is_file() else None
    except OSError:
        existing = b""
    own = stored is not None and any(
        t.predicate.value == REL + "textFile" and t.object.value == text_file
        for t in dataset.triples_in(stored.name)
        if t.subject == article
    )
    if (existing is not None and existing != text and not own) or (target.exists() and not target.is_file()):
        issues.add(
            "error",
            "text",
            f"data/{text_file} already exists with other content; relgraph never writes over a file that is "
            "not this article's text. Give the text another name, or move that file away.",
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
    from relgraph.ingest.shacl import run_shapes

    focus = {n.value for n in staged.touched()} | {
        t.subject.value for t in staged.triples if isinstance(t.subject, ox.NamedNode)
    }
    types = [
        ox.Triple(ox.NamedNode(node), ox.NamedNode(_RDF_TYPE), ox.NamedNode(t))
        for node, known in context.types.items()
        for t in known
    ]
    # A value the article restates is the same value, however its datatype is spelled: the store keeps
    # "1"^^xsd:positiveInteger as xsd:integer, and the two made 'two values' for a functional property.
    restated = {(t.subject, t.predicate, value_key(t.object)) for t in staged.triples}
    kept = [t for t in context.triples if (t.subject, t.predicate, value_key(t.object)) not in restated]
    for result in run_shapes(shapes_file, dataset.triples_in(GRAPH_ONTOLOGY), staged.triples, [*kept, *types], focus):
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
        elif result.path == "rdfs:label":
            message = _relabel_message(staged, context, result.focus) or message
        issues.add(result.severity, "shape", message, node=result.focus, property=result.path)


def _relabel_message(staged: StagedArticle, context: ArticleContext, focus: str) -> str | None:
    """An entity restated with another English label: say what the graph calls it, and what to do."""
    label = PREFIXES["rdfs"] + "label"
    old = [o for o in context.values(focus, label) if isinstance(o, ox.Literal) and o.language == "en"]
    new = [o for o in staged.values(ox.NamedNode(focus), label) if isinstance(o, ox.Literal) and o not in old]
    if not old or not new:
        return None
    return (
        f"the graph already labels it {old[0].value!r}, and an entity has one rdfs:label@en; this file gives "
        f"{new[0].value!r}. Keep rdfs:label {old[0].value!r}@en and give the other name as "
        f"skos:altLabel {new[0].value!r}@en."
    )


# ----- fact-level provenance ---------------------------------------------------------------------

_ASSERTION = REL + "Assertion"
_ON_ASSERTIONS = (REL + "attributedTo", REL + "attributionMode", REL + "quotedFrom")


def check_assertions(staged: StagedArticle, issues: Issues) -> None:
    """Every fact triple of the article has a rel:Assertion in the same graph, and every assertion states one.

    A fact triple is any triple whose subject is not the article, a mention or an assertion, and whose
    property only describes an entity (rdf:type, labels, comments, SKOS scheme membership, rel:denotedBy)
    is not (``relgraph.ingest.compiler.EXEMPT_PROPERTIES``). Attribution on a mention is an error: it lives on
    the assertion, since one sentence may carry facts from several voices.
    """
    article = staged.article
    if article is None:
        return
    typed: dict[str, set[ox.NamedNode | ox.BlankNode]] = {_ASSERTION: set(), REL + "Mention": set()}
    for t in staged.triples:
        is_typed = t.predicate.value == _RDF_TYPE and isinstance(t.object, ox.NamedNode) and t.object.value in typed
        if is_typed and isinstance(t.subject, ox.NamedNode | ox.BlankNode):
            typed[t.object.value].add(t.subject)
    assertions, mentions = typed[_ASSERTION], typed[REL + "Mention"]
    _check_attribution_on_mentions(staged, mentions, issues)
    triples = set(staged.triples)
    stated: set[ox.Triple] = set()
    for node in sorted(assertions, key=str):
        triple = _check_assertion(staged, article, node, triples, mentions, issues)
        if triple is not None:
            stated.add(triple)
    skip = {article} | assertions | mentions
    missing = [
        t
        for t in staged.triples
        if t.subject not in skip and t.predicate.value not in EXEMPT_PROPERTIES and t not in stated
    ]
    if missing and not assertions:
        issues.add(
            "error",
            "assertion",
            f"the article has no rel:Assertion, so none of its {len(missing)} facts carries its own evidence "
            "(sentence, speaker, status). Write it as a fact sheet (NAME.facts.yaml; 'relgraph compile' shows the "
            "Turtle), or give each fact an assertion node.",
            node=article.value,
        )
        return
    for t in sorted(missing, key=str):
        issues.add(
            "error",
            "assertion",
            f"the fact {_triple_text(t)} has no rel:Assertion: no sentence, speaker or status goes with it. "
            "Every fact of an article is stated by a sentence; quote it in the fact sheet.",
            node=t.subject.value if isinstance(t.subject, ox.NamedNode) else None,
            property=compact_iri(t.predicate.value),
        )


def _check_attribution_on_mentions(staged: StagedArticle, mentions: set, issues: Issues) -> None:
    """Attribution (speaker, mode, quoted from) on a sentence instead of on each fact's assertion."""
    for t in staged.triples:
        if t.subject in mentions and t.predicate.value in _ON_ASSERTIONS:
            issues.add(
                "error",
                "assertion",
                f"{compact_iri(t.predicate.value)} is on the sentence; attribution belongs to each fact's "
                "rel:Assertion (one sentence may carry facts from several voices). Write the article as a fact "
                "sheet ('said_by', 'mode', 'quoted_from'), or move it to the assertions that this mention supports.",
                node=t.subject.value if isinstance(t.subject, ox.NamedNode) else None,
                property=compact_iri(t.predicate.value),
            )


def _check_assertion(
    staged: StagedArticle,
    article: ox.NamedNode,
    node: ox.NamedNode | ox.BlankNode,
    triples: set[ox.Triple],
    mentions: set,
    issues: Issues,
) -> ox.Triple | None:
    """One assertion: the triple it states (None if it does not name exactly one), its IRI and its sentences."""
    parts = [staged.values(node, REL + name) for name in ("factSubject", "factPredicate", "factObject")]
    name = node.value if isinstance(node, ox.NamedNode) else None
    if any(len(values) != 1 for values in parts):
        issues.add(
            "error",
            "assertion",
            "an assertion needs exactly one rel:factSubject, rel:factPredicate and rel:factObject.",
            node=name,
        )
        return None
    triple = ox.Triple(parts[0][0], parts[1][0], parts[2][0])
    if triple not in triples:
        issues.add(
            "error",
            "assertion",
            f"the assertion states {_triple_text(triple)}, which the article does not assert; "
            "assert the triple too, or delete the assertion.",
            node=name,
        )
    if name is not None and not name.startswith(article.value + "#fact-"):
        issues.add(
            "error",
            "assertion",
            f"an assertion's IRI is the article's IRI followed by #fact-ID ({compact_iri(article.value)}#fact-...).",
            node=name,
        )
    support = staged.values(node, REL + "supportedBy")
    if not support:
        issues.add("error", "assertion", "the assertion names no sentence (rel:supportedBy a rel:Mention).", node=name)
    for mention in support:
        if mention not in mentions:
            issues.add(
                "error",
                "assertion",
                f"rel:supportedBy {_term_text(mention)} is not a rel:Mention of this article.",
                node=name,
                property="rel:supportedBy",
            )
    return triple


def _term_text(term) -> str:
    if isinstance(term, ox.NamedNode):
        return compact_iri(term.value)
    if isinstance(term, ox.Literal):
        return repr(_short(term.value, 40))
    return str(term)


def _triple_text(t: ox.Triple) -> str:
    return f"{_term_text(t.subject)} {_term_text(t.predicate)} {_term_text(t.object)}"
