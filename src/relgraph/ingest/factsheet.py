"""Fact sheets: the YAML form in which a person (or ``relgraph draft``) writes what an
article states, read into frozen data that remembers the line of every value.

A fact sheet (``NAME.facts.yaml``, beside the verbatim text ``NAME.txt``) names the
article, the entities it introduces and each fact with the words that state it::

    format: relgraph-facts/1
    article: {id: ..., kind: NewsArticle, title: ..., published: 2019-05-08, url: ..., text: NAME.txt}
    entities:
      bsd-session-1: {class: DialogueSession, label: ...}
    facts:
      - quote: held the inaugural session of their Bilateral Strategic Dialogue
        subject: bsd-session-1
        says: {startDate: 2019-05-07, hasParty: [kenya, united-states]}

``read_sheet(path)`` parses it with PyYAML's composer, which keeps the line and column
of every node, and checks its structure: known keys only (with a "did you mean"), the
right kind of value for each key (a string, a list, a mapping), the review marks. It
knows nothing of the graph or the ontology; ``relgraph.ingest.compiler`` resolves names,
quotes and values against them. Every problem is collected, each with its line, and
raised together as one ``FactSheetError``.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path

from relgraph.errors import FactSheetError, StoreError
from relgraph.store import read_file

__all__ = [
    "FORMAT",
    "MAX_SHEET_BYTES",
    "ArticleSpec",
    "EntitySpec",
    "FactSheet",
    "FactSpec",
    "Proposal",
    "Quote",
    "Value",
    "is_fact_sheet",
    "read_sheet",
]

FORMAT = "relgraph-facts/1"
SUFFIX = ".facts.yaml"
#: A fact sheet of a long article is a few hundred lines; anything this big is not one.
MAX_SHEET_BYTES = 4 * 1024 * 1024

ARTICLE_KINDS = ("NewsArticle", "OfficialRelease")
REVIEW_VALUES = ("proposed", "accepted")

_TOP_KEYS = ("format", "article", "entities", "facts")
_ARTICLE_KEYS = (
    "id",
    "kind",
    "title",
    "published",
    "url",
    "publisher",
    "text",
    "excerpt",
    "source_note",
    "comment",
    "language",
)
_ENTITY_KEYS = (
    "class",
    "label",
    "alt",
    "pref_label",
    "name",
    "comment",
    "in_scheme",
    "top_concept_of",
    "has_top_concept",
    "review",
    "why",
)
_FACT_KEYS = (
    "quote",
    "occurrence",
    "said_by",
    "mode",
    "quoted_from",
    "status",
    "subject",
    "says",
    "review",
    "why",
)

_NULL = "tag:yaml.org,2002:null"


@dataclass(frozen=True)
class Value:
    """A scalar of the sheet as written (YAML's own typing is not applied), with its place."""

    text: str
    line: int
    column: int


@dataclass(frozen=True)
class Quote:
    """Words that must occur verbatim in the article's text, and which occurrence is meant."""

    text: str
    occurrence: int | None
    line: int
    column: int


@dataclass(frozen=True)
class ArticleSpec:
    id: Value
    kind: Value | None
    title: Value
    published: Value
    url: Value | None
    publisher: Value | None
    text: Value
    excerpt: Value | None
    source_note: Value | None
    comment: Value | None
    language: Value | None
    line: int


@dataclass(frozen=True)
class EntitySpec:
    """An entity the sheet introduces (or restates): its name, classes, labels and the rest."""

    key: Value
    classes: tuple[Value, ...]
    label: Value | None
    alt: tuple[Value, ...]
    pref_label: Value | None
    name: Value | None
    comment: Value | None
    in_scheme: tuple[Value, ...]
    top_concept_of: tuple[Value, ...]
    has_top_concept: tuple[Value, ...]
    review: Value | None
    why: Value | None

    @property
    def line(self) -> int:
        return self.key.line


@dataclass(frozen=True)
class FactSpec:
    """One entry of ``facts``: the quotes, who said it, and what it says about its subject."""

    line: int
    quotes: tuple[Quote, ...]
    said_by: tuple[Value, ...]
    mode: Value | None
    quoted_from: Value | None
    status: Value | None
    subject: Value
    says: tuple[tuple[Value, tuple[Value, ...]], ...]
    review: Value | None
    why: Value | None


@dataclass(frozen=True)
class Proposal:
    """An entity or fact still marked ``review: proposed``."""

    line: int
    what: str  # "entity kenya" or "fact about bsd-session-1"
    why: str | None


@dataclass(frozen=True)
class FactSheet:
    """A parsed fact sheet: the article, the entities and the facts, each with its lines."""

    path: Path
    name: str
    source: str = field(repr=False)
    data: bytes = field(repr=False)
    article: ArticleSpec
    entities: tuple[EntitySpec, ...]
    facts: tuple[FactSpec, ...]

    @property
    def proposals(self) -> tuple[Proposal, ...]:
        found: list[Proposal] = []
        for entity in self.entities:
            if entity.review is not None and entity.review.text == "proposed":
                found.append(Proposal(entity.review.line, f"entity {entity.key.text}", _text(entity.why)))
        for fact in self.facts:
            if fact.review is not None and fact.review.text == "proposed":
                found.append(Proposal(fact.review.line, f"fact about {fact.subject.text}", _text(fact.why)))
        return tuple(sorted(found, key=lambda p: p.line))


def _text(value: Value | None) -> str | None:
    return None if value is None else value.text


def is_fact_sheet(path: Path) -> bool:
    """True for a file named like a fact sheet (``NAME.facts.yaml``)."""
    return path.name.endswith(SUFFIX)


# ----- reading ------------------------------------------------------------------------------------


class _Problems:
    def __init__(self) -> None:
        self.items: list[tuple[int | None, int | None, str]] = []

    def add(self, node, message: str) -> None:
        if node is None:
            self.items.append((None, None, message))
        else:
            mark = node.start_mark
            self.items.append((mark.line + 1, mark.column + 1, message))


def _where(node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _is_null(node) -> bool:
    import yaml

    return isinstance(node, yaml.ScalarNode) and node.tag == _NULL


def _mapping(node, what: str, problems: _Problems, allowed: tuple[str, ...]) -> dict[str, tuple[object, object]]:
    """The keys of a mapping node (key -> (key node, value node)); unknown and repeated keys are problems."""
    import yaml

    if not isinstance(node, yaml.MappingNode):
        problems.add(node, f"{what} must be a mapping of keys to values (key: value), not {_kind(node)}.")
        return {}
    found: dict[str, tuple[object, object]] = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            problems.add(key_node, f"a key of {what} must be a plain word, not {_kind(key_node)}.")
            continue
        key = key_node.value
        if key in found:
            problems.add(key_node, f"{key!r} is given twice in {what}; give it once.")
            continue
        if allowed and key not in allowed:
            close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
            hint = f" Did you mean {close[0]!r}?" if close else ""
            problems.add(key_node, f"unknown key {key!r} in {what}.{hint} It takes: {', '.join(allowed)}.")
            continue
        found[key] = (key_node, value_node)
    return found


def _kind(node) -> str:
    import yaml

    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    if _is_null(node):
        return "nothing"
    return f"the value {node.value!r}"


def _scalar(node, what: str, problems: _Problems, *, required: bool = False) -> Value | None:
    import yaml

    if node is None or _is_null(node):
        if required:
            problems.add(node, f"{what} needs a value.")
        return None
    if not isinstance(node, yaml.ScalarNode):
        problems.add(node, f"{what} takes one value, not {_kind(node)}.")
        return None
    if required and not node.value.strip():
        problems.add(node, f"{what} needs a value, not an empty string.")
        return None
    line, column = _where(node)
    return Value(node.value, line, column)


def _scalars(node, what: str, problems: _Problems) -> tuple[Value, ...]:
    """One value or a list of values."""
    import yaml

    if node is None or _is_null(node):
        return ()
    if isinstance(node, yaml.SequenceNode):
        values = []
        for item in node.value:
            value = _scalar(item, f"each item of {what}", problems, required=True)
            if value is not None:
                values.append(value)
        if not node.value:
            problems.add(node, f"{what} is an empty list; give at least one value or leave the key out.")
        return tuple(values)
    value = _scalar(node, what, problems, required=True)
    return () if value is None else (value,)


def _required(found: dict, key: str, what: str, owner, problems: _Problems) -> Value | None:
    if key not in found:
        problems.add(owner, f"{what} needs {key!r}.")
        return None
    return _scalar(found[key][1], f"{what}'s {key!r}", problems, required=True)


def _optional(found: dict, key: str, what: str, problems: _Problems) -> Value | None:
    return _scalar(found[key][1], f"{what}'s {key!r}", problems) if key in found else None


def _review(found: dict, what: str, problems: _Problems) -> Value | None:
    value = _optional(found, "review", what, problems)
    if value is not None and value.text not in REVIEW_VALUES:
        problems.items.append(
            (
                value.line,
                value.column,
                f"review is {value.text!r}; it is 'proposed' (still to review) or 'accepted' "
                "(or delete the line to accept).",
            )
        )
        return None
    return value


def _read_article(node, problems: _Problems) -> ArticleSpec | None:
    found = _mapping(node, "article", problems, _ARTICLE_KEYS)
    if not found:
        return None
    what = "article"
    values = {key: _optional(found, key, what, problems) for key in _ARTICLE_KEYS}
    for key in ("id", "title", "published", "text"):
        values[key] = _required(found, key, what, node, problems)
    if any(values[key] is None for key in ("id", "title", "published", "text")):
        return None
    kind = values["kind"]
    if kind is not None and kind.text not in ARTICLE_KINDS:
        close = difflib.get_close_matches(kind.text, ARTICLE_KINDS, n=1, cutoff=0.5)
        hint = f" Did you mean {close[0]!r}?" if close else ""
        problems.items.append(
            (kind.line, kind.column, f"article kind {kind.text!r} is not one of {', '.join(ARTICLE_KINDS)}.{hint}")
        )
    if values["url"] is None and values["source_note"] is None:
        problems.add(
            node,
            "article needs 'url': the http(s) address the text was published at. A text with no address to "
            "cite says where it comes from in 'source_note' instead.",
        )
    return ArticleSpec(line=_where(node)[0], **values)  # type: ignore[arg-type]


def _read_entities(node, problems: _Problems) -> tuple[EntitySpec, ...]:
    import yaml

    if node is None or _is_null(node):
        return ()
    if not isinstance(node, yaml.MappingNode):
        problems.add(node, f"entities must be a mapping of names to entities, not {_kind(node)}.")
        return ()
    entities: list[EntitySpec] = []
    seen: set[str] = set()
    for key_node, value_node in node.value:
        key = _scalar(key_node, "an entity's name", problems, required=True)
        if key is None:
            continue
        if key.text in seen:
            problems.add(key_node, f"entity {key.text!r} is given twice; give it once.")
            continue
        seen.add(key.text)
        what = f"entity {key.text!r}"
        found = _mapping(value_node, what, problems, _ENTITY_KEYS)
        if not found:
            continue
        classes = _scalars(found["class"][1], f"{what}'s 'class'", problems) if "class" in found else ()
        if not classes:
            problems.add(key_node, f"{what} needs a 'class' (a class of the ontology, such as State or Meeting).")
        label = _optional(found, "label", what, problems)
        if label is None:
            problems.add(key_node, f"{what} needs a 'label' (its English name).")
        entities.append(
            EntitySpec(
                key=key,
                classes=classes,
                label=label,
                alt=_scalars(found["alt"][1], f"{what}'s 'alt'", problems) if "alt" in found else (),
                pref_label=_optional(found, "pref_label", what, problems),
                name=_optional(found, "name", what, problems),
                comment=_optional(found, "comment", what, problems),
                in_scheme=_scalars(found["in_scheme"][1], f"{what}'s 'in_scheme'", problems)
                if "in_scheme" in found
                else (),
                top_concept_of=_scalars(found["top_concept_of"][1], f"{what}'s 'top_concept_of'", problems)
                if "top_concept_of" in found
                else (),
                has_top_concept=_scalars(found["has_top_concept"][1], f"{what}'s 'has_top_concept'", problems)
                if "has_top_concept" in found
                else (),
                review=_review(found, what, problems),
                why=_optional(found, "why", what, problems),
            )
        )
    return tuple(entities)


def _read_quotes(found: dict, what: str, owner, problems: _Problems) -> tuple[Quote, ...]:
    if "quote" not in found:
        problems.add(owner, f"{what} needs 'quote': the words of the article that state it.")
        return ()
    quotes = _scalars(found["quote"][1], f"{what}'s 'quote'", problems)
    occurrences: tuple[Value | None, ...] = (None,) * len(quotes)
    if "occurrence" in found:
        given = _scalars(found["occurrence"][1], f"{what}'s 'occurrence'", problems)
        node = found["occurrence"][1]
        if len(given) == 1:
            occurrences = given * len(quotes)
        elif len(given) == len(quotes):
            occurrences = given
        else:
            problems.add(node, f"{what} has {len(quotes)} quotes but {len(given)} occurrences; give one for each.")
    result: list[Quote] = []
    for quote, occurrence in zip(quotes, occurrences, strict=False):
        number: int | None = None
        if occurrence is not None:
            if not occurrence.text.isdigit() or int(occurrence.text) < 1:
                problems.items.append(
                    (
                        occurrence.line,
                        occurrence.column,
                        f"occurrence is {occurrence.text!r}; it is a number from 1 (the first time the words occur).",
                    )
                )
            else:
                number = int(occurrence.text)
        result.append(Quote(quote.text, number, quote.line, quote.column))
    return tuple(result)


def _read_says(node, what: str, problems: _Problems) -> tuple[tuple[Value, tuple[Value, ...]], ...]:
    found = _mapping(node, f"{what}'s 'says'", problems, ())
    says = []
    for key, (key_node, value_node) in found.items():
        line, column = _where(key_node)
        values = _scalars(value_node, f"{key!r} in {what}", problems)
        if not values and (value_node is None or _is_null(value_node)):
            problems.add(key_node, f"{key!r} in {what} has no value.")
        if values:
            says.append((Value(key, line, column), values))
    if not says and found == {} and node is not None and not problems.items:
        problems.add(node, f"{what}'s 'says' is empty; say at least one thing about the subject.")
    return tuple(says)


def _read_facts(node, problems: _Problems) -> tuple[FactSpec, ...]:
    import yaml

    if node is None or _is_null(node):
        return ()
    if not isinstance(node, yaml.SequenceNode):
        problems.add(node, f"facts must be a list (each fact starts with '- quote: ...'), not {_kind(node)}.")
        return ()
    facts: list[FactSpec] = []
    for item in node.value:
        line = _where(item)[0]
        what = f"the fact at line {line}"
        found = _mapping(item, what, problems, _FACT_KEYS)
        if not found:
            continue
        quotes = _read_quotes(found, what, item, problems)
        subject = _required(found, "subject", what, item, problems)
        says = _read_says(found["says"][1], what, problems) if "says" in found else ()
        status = _optional(found, "status", what, problems)
        misspelt = isinstance(item, yaml.MappingNode) and any(
            isinstance(k, yaml.ScalarNode) and k.value not in _FACT_KEYS for k, _ in item.value
        )
        if "says" not in found and status is None and not misspelt:
            problems.add(item, f"{what} needs 'says' (what it states about its subject) or a 'status'.")
        if subject is None:
            continue
        facts.append(
            FactSpec(
                line=line,
                quotes=quotes,
                said_by=_scalars(found["said_by"][1], f"{what}'s 'said_by'", problems) if "said_by" in found else (),
                mode=_optional(found, "mode", what, problems),
                quoted_from=_optional(found, "quoted_from", what, problems),
                status=status,
                subject=subject,
                says=says,
                review=_review(found, what, problems),
                why=_optional(found, "why", what, problems),
            )
        )
    return tuple(facts)


def read_sheet(path: Path, *, name: str | None = None) -> FactSheet:
    """Read and check the structure of a fact sheet; FactSheetError lists every problem with its line."""
    import yaml

    shown = name or str(path)
    try:
        data = read_file(path, max_bytes=MAX_SHEET_BYTES)
    except StoreError as exc:
        raise FactSheetError(shown, [(None, None, str(exc))]) from exc
    try:
        source = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise FactSheetError(
            shown, [(data[: exc.start].count(b"\n") + 1, None, "the file is not UTF-8 text; save it as UTF-8.")]
        ) from exc
    try:
        root = yaml.compose(source, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = (mark.line + 1, mark.column + 1) if mark else (None, None)
        problem = exc.problem or exc.context or "not valid YAML"
        raise FactSheetError(shown, [(*where, f"YAML syntax error: {problem}.")]) from exc
    except yaml.YAMLError as exc:
        raise FactSheetError(shown, [(None, None, f"YAML error: {exc}.")]) from exc
    problems = _Problems()
    if root is None:
        raise FactSheetError(shown, [(None, None, f"the file is empty; a fact sheet starts with 'format: {FORMAT}'.")])
    top = _mapping(root, "the fact sheet", problems, _TOP_KEYS)
    if top:
        fmt = _scalar(top["format"][1], "format", problems, required=True) if "format" in top else None
        if "format" not in top:
            problems.add(root, f"the fact sheet needs 'format: {FORMAT}' (its first line).")
        elif fmt is not None and fmt.text != FORMAT:
            problems.items.append((fmt.line, fmt.column, f"format is {fmt.text!r}; this relgraph reads {FORMAT!r}."))
    article = None
    if top and "article" not in top:
        problems.add(root, "the fact sheet needs 'article' (id, title, published, url, text).")
    elif top:
        article = _read_article(top["article"][1], problems)
    entities = _read_entities(top["entities"][1], problems) if "entities" in top else ()
    facts = _read_facts(top["facts"][1], problems) if "facts" in top else ()
    if top and "facts" not in top:
        problems.add(root, "the fact sheet needs 'facts': the list of what the article states.")
    if problems.items or article is None:
        raise FactSheetError(shown, sorted(problems.items, key=lambda p: (p[0] or 0, p[1] or 0)))
    return FactSheet(path=path, name=shown, source=source, data=data, article=article, entities=entities, facts=facts)
