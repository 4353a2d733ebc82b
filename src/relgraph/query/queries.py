"""Canned queries (``queries/*.rq``) and ad-hoc SPARQL: load, bind, run.

A query file is valid SPARQL that starts with a header of ``#+`` comment lines
holding YAML (the convention of grlc)::

    #+ title: Commitments by pillar
    #+ description: Every commitment, grouped under the pillar of the dialogue it serves.
    #+ view: table            # table | graph | timeline
    #+ params:
    #+   - name: state        # a variable of the query, ?state
    #+     type: entity       # entity | iri | string | date | year | integer | decimal | boolean
    #+     description: The state that commits.
    #+     example: Kenya
    #+     required: false
    #+ example_returns:       # rows the example must return (checked by the tests)
    #+   - {pillar: Defence Cooperation}

The header is parsed strictly: an unknown key, a missing title or a parameter the
query does not use is an error when the file is loaded. Parameter values are bound
by the engine (Oxigraph substitutions), never pasted into the text; Oxigraph binds
only variables the query returns, so a parameter must be among the SELECT's
variables (the table view hides it and prints it above the rows instead).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import hashlib
import json
import re
import time
from collections.abc import MutableMapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from relgraph.errors import (
    ParameterError,
    QueryError,
    QueryFileError,
    QuerySyntaxError,
    QueryTimeoutError,
    UnknownQueryError,
    did_you_mean,
)
from relgraph.model.namespaces import GRAPH_INFERRED, GRAPH_UNION, PREFIXES
from relgraph.paths import Project
from relgraph.query.entities import resolve_entity
from relgraph.store import Dataset, QueryResult, SelectResult, Term
from relgraph.store.sparql import (
    GuardedQuery,
    check_query_file_text,
    check_query_size,
    guard_query,
    inspect_query,
    max_query_bytes,
    page_text,
)

__all__ = [
    "PARAM_TYPES",
    "VIEWS",
    "ParamSpec",
    "QueryOutcome",
    "QuerySpec",
    "bind_parameters",
    "list_queries",
    "load_query",
    "parse_query_file",
    "run_query",
    "run_sparql",
]

VIEWS = ("table", "graph", "timeline")
XSD = PREFIXES["xsd"]
PARAM_TYPES = ("entity", "iri", "string", "date", "year", "integer", "decimal", "boolean")
_HEADER_KEYS = {"title", "description", "view", "params", "example_returns", "tags"}
_REQUIRED_KEYS = ("title", "description", "view")
_PARAM_KEYS = {"name", "type", "description", "example", "required"}
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class ParamSpec:
    """One parameter of a canned query."""

    name: str
    type: str
    description: str
    example: str
    required: bool = True


@dataclass(frozen=True)
class QuerySpec:
    """A canned query: its header and its SPARQL text."""

    name: str
    title: str
    description: str
    view: str
    text: str
    path: Path
    params: tuple[ParamSpec, ...] = ()
    tags: tuple[str, ...] = ()
    example_returns: tuple[dict[str, str], ...] = ()

    def param(self, name: str) -> ParamSpec | None:
        return next((p for p in self.params if p.name == name), None)

    @property
    def example_params(self) -> dict[str, str]:
        return {p.name: p.example for p in self.params}

    @property
    def required_example_params(self) -> dict[str, str]:
        """The examples of the required parameters only: the query's answer over the whole graph."""
        return {p.name: p.example for p in self.params if p.required}


@dataclass(frozen=True)
class QueryOutcome:
    """A query's result with what produced it."""

    result: QueryResult
    text: str
    spec: QuerySpec | None = None
    bindings: dict[str, Term] = field(default_factory=dict)
    offset: int = 0  # the page's first row, counted from 0
    more: bool = False  # rows follow this page (only when a limit was given)
    #: what the user should know about the answer, e.g. that the query uses terms only a
    #: reasoner produces and the inferences were not included (relgraph.query.derived)
    notes: tuple[str, ...] = ()


def _notes(dataset: Dataset, text: str, include_inferred: bool) -> tuple[str, ...]:
    if include_inferred:
        return ()
    from relgraph.query.derived import derived_terms_used, inferred_only_note

    terms = derived_terms_used(dataset, text)
    return (inferred_only_note(terms),) if terms else ()


# ----- reading query files ---------------------------------------------------------------


def _header_error(path: Path, line: int | None, message: str) -> QueryFileError:
    where = f"{path}, line {line}" if line else str(path)
    return QueryFileError(f"{where}: bad query header: {message}")


def _check_keys(path: Path, found: dict[str, Any], allowed: set[str], what: str) -> None:
    for key in found:
        if key not in allowed:
            raise _header_error(path, None, f"unknown key {key!r} in {what}.{did_you_mean(str(key), allowed)}")


def parse_query_file(path: Path) -> QuerySpec:
    """Read one ``.rq`` file and check its header strictly (QueryFileError if bad)."""
    try:
        size = path.stat().st_size
        if size > max_query_bytes():
            raise QueryFileError(
                f"{path}: the file is {size:,} bytes; relgraph reads queries of up to {max_query_bytes():,} bytes."
            )
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise QueryFileError(f"{path}: cannot be read ({exc}).") from exc
    lines = text.splitlines()
    header_lines: list[str] = []
    for line in lines:
        if line.startswith("#+"):
            header_lines.append(line[3:] if line.startswith("#+ ") else line[2:])
        elif line.strip() == "" and not header_lines:
            continue
        else:
            break
    if not header_lines:
        raise _header_error(path, 1, "the file must start with '#+ ' header lines (title, description, view).")
    import yaml  # here: a command whose query files are in the store's cache never imports it (~15 ms)

    try:
        header = yaml.safe_load("\n".join(header_lines))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise _header_error(path, mark.line + 1 if mark else None, f"not valid YAML ({exc}).") from exc
    if not isinstance(header, dict):
        raise _header_error(path, 1, "the header must be 'key: value' lines.")
    _check_keys(path, header, _HEADER_KEYS, "the header")
    for key in _REQUIRED_KEYS:
        if not isinstance(header.get(key), str) or not header[key].strip():
            raise _header_error(path, None, f"{key!r} is required and must be text.")
    if header["view"] not in VIEWS:
        raise _header_error(path, None, f"view {header['view']!r} is not one of {', '.join(VIEWS)}.")
    name = path.stem
    if not _NAME.match(name):
        raise _header_error(path, None, f"the file name {name!r} must be snake_case (it is the query's name).")
    params = tuple(_parse_param(path, raw) for raw in header.get("params") or [])
    if len({p.name for p in params}) != len(params):
        raise _header_error(path, None, "two parameters have the same name.")
    returns = header.get("example_returns") or []
    if not isinstance(returns, list) or not all(isinstance(r, dict) for r in returns):
        raise _header_error(path, None, "example_returns must be a list of {column: value} rows.")
    tags = header.get("tags") or []
    spec = QuerySpec(
        name=name,
        title=header["title"].strip(),
        description=" ".join(header["description"].split()),
        view=header["view"],
        text=text,
        path=path,
        params=params,
        tags=tuple(str(t) for t in tags),
        example_returns=tuple({str(k): str(v) for k, v in r.items()} for r in returns),
    )
    _check_query_text(spec)
    return spec


def _parse_param(path: Path, raw: Any) -> ParamSpec:
    if not isinstance(raw, dict):
        raise _header_error(path, None, "each parameter is a mapping with name, type, description and example.")
    _check_keys(path, raw, _PARAM_KEYS, "a parameter")
    for key in ("name", "type", "description", "example"):
        if raw.get(key) is None or str(raw[key]).strip() == "":
            raise _header_error(path, None, f"parameter {raw.get('name', '?')!r} needs a {key!r}.")
    name = str(raw["name"])
    if not _NAME.match(name):
        raise _header_error(path, None, f"parameter name {name!r} must be snake_case.")
    if raw["type"] not in PARAM_TYPES:
        hint = did_you_mean(str(raw["type"]), PARAM_TYPES)
        raise _header_error(path, None, f"parameter {name!r} has unknown type {raw['type']!r}.{hint}")
    required = raw.get("required", True)
    if not isinstance(required, bool):
        raise _header_error(path, None, f"parameter {name!r}: 'required' is true or false.")
    return ParamSpec(name, raw["type"], " ".join(str(raw["description"]).split()), str(raw["example"]), required)


#: Seconds for reading and checking one query file (in a child process: the engine's parser can crash).
QUERY_FILE_TIMEOUT = 10.0


def _check_query_text(spec: QuerySpec) -> None:
    from relgraph.store.bounded import run_bounded

    try:
        shape = run_bounded(
            check_query_file_text, spec.text, timeout=QUERY_FILE_TIMEOUT, what=f"the query file {spec.path.name}"
        )
    except QuerySyntaxError as exc:
        raise QueryFileError(f"{spec.path}: the SPARQL does not parse: {exc}") from exc
    except QueryError as exc:
        raise QueryFileError(f"{spec.path}: {exc}") from exc
    for param in spec.params:
        if not re.search(rf"[?$]{param.name}\b", spec.text):
            raise _header_error(
                spec.path, None, f"parameter {param.name!r} is not used: the query has no ?{param.name}."
            )
        if shape.form == "SELECT" and shape.projected is not None and param.name not in shape.projected:
            raise _header_error(
                spec.path,
                None,
                f"parameter ?{param.name} must be among the SELECT's variables: the engine binds only "
                "variables the query returns.",
            )


#: Parsed query files by path, with the (modification time, size) they were parsed at.
_SPECS: dict[Path, tuple[tuple[int, int], QuerySpec]] = {}


def _cached_spec(path: Path, kept: Path | None = None) -> QuerySpec:
    """``parse_query_file(path)``, parsed again only when the file's time or size moved.

    Reading, parsing and checking a header and its SPARQL costs 1-4 ms, as much as the
    millisecond queries themselves; one stat costs a few microseconds. A file that no
    longer parses is reported as before: its error is not cached.

    ``kept`` is a file of the store where checked specs are kept between commands, by
    the SHA-256 of the query file's bytes: a new process then skips the YAML parser and
    the checking child (~30 ms of a 0.15 s command).
    """
    try:
        stat = path.stat()
    except OSError:
        return parse_query_file(path)  # the parser reports why it cannot be read
    stamp = (stat.st_mtime_ns, stat.st_size)
    cached = _SPECS.get(path)
    if cached is not None and cached[0] == stamp:
        return cached[1]
    spec = _kept_spec(path, kept) if kept is not None else None
    if spec is None:
        spec = parse_query_file(path)
        if kept is not None:
            _keep_spec(spec, kept)
    _SPECS[path] = (stamp, spec)
    return spec


def _digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def _kept_spec(path: Path, kept: Path) -> QuerySpec | None:
    """The spec kept for ``path`` if the file's bytes are the ones it was checked from, else None."""
    try:
        entry = json.loads(kept.read_bytes()).get(str(path))
        if entry is None or entry["sha256"] != _digest(path):
            return None
        body = dict(entry["spec"])
        body["params"] = tuple(ParamSpec(**p) for p in body["params"])
        body["tags"], body["example_returns"] = tuple(body["tags"]), tuple(body["example_returns"])
        return QuerySpec(**{**body, "path": path})
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None  # missing, or written by another version: parse the file


def _keep_spec(spec: QuerySpec, kept: Path) -> None:
    from dataclasses import asdict

    from relgraph.store import write_atomic

    digest = _digest(spec.path)
    if digest is None:
        return
    try:
        table = json.loads(kept.read_bytes())
        table = table if isinstance(table, dict) else {}
    except (OSError, ValueError):
        table = {}
    table[str(spec.path)] = {"sha256": digest, "spec": {**asdict(spec), "path": str(spec.path)}}
    with contextlib.suppress(OSError):  # a store that cannot be written: parse again next time
        kept.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(kept, json.dumps(table, sort_keys=True).encode("utf-8"))


def list_queries(project: Project) -> list[QuerySpec]:
    """Every canned query of the graph folder, parsed and checked, sorted by name."""
    return [_cached_spec(path) for path in project.query_files()]


def load_query(project: Project, name: str, *, kept: Path | None = None) -> QuerySpec:
    """The canned query called ``name`` (UnknownQueryError with suggestions if none; ``kept``: see ``_cached_spec``)."""
    path = project.queries_dir / f"{name}.rq"
    if not _NAME.match(name) or not path.is_file():
        names = [p.stem for p in project.query_files()]
        hint = did_you_mean(name, names)
        raise UnknownQueryError(f"No canned query is called {name!r}.{hint} 'relgraph queries' lists them all.")
    return _cached_spec(path, kept)


# ----- parameters ---------------------------------------------------------------------------


def _typed_literal(param: ParamSpec, value: str) -> ox.Literal:
    from decimal import Decimal, InvalidOperation  # only for a parameter (decimal: ~1.5 ms to import)

    kind = param.type
    try:
        if kind == "string":
            return ox.Literal(value)
        if kind == "date":
            return ox.Literal(dt.date.fromisoformat(value).isoformat(), datatype=ox.NamedNode(XSD + "date"))
        if kind == "year":
            if not re.fullmatch(r"-?\d{4}", value):
                raise ValueError
            return ox.Literal(value, datatype=ox.NamedNode(XSD + "gYear"))
        if kind == "integer":
            return ox.Literal(str(int(value)), datatype=ox.NamedNode(XSD + "integer"))
        if kind == "decimal":
            return ox.Literal(str(Decimal(value)), datatype=ox.NamedNode(XSD + "decimal"))
        if kind == "boolean":
            lowered = value.lower()
            if lowered not in ("true", "false"):
                raise ValueError
            return ox.Literal(lowered, datatype=ox.NamedNode(XSD + "boolean"))
    except (ValueError, InvalidOperation):
        pass
    expected = {
        "date": "a date as YYYY-MM-DD",
        "year": "a year as YYYY",
        "integer": "a whole number",
        "decimal": "a number",
        "boolean": "true or false",
    }[kind]
    raise ParameterError(f"Parameter {param.name!r} must be {expected}; got {value!r}.")


def bind_parameters(dataset: Dataset, spec: QuerySpec, values: dict[str, str]) -> dict[str, Term]:
    """Check the user's parameter values against the header and turn them into RDF terms."""
    known = [p.name for p in spec.params]
    for key in values:
        if key not in known:
            listed = ", ".join(known) if known else "none"
            raise ParameterError(
                f"Query {spec.name!r} has no parameter {key!r}.{did_you_mean(key, known)} Its parameters: {listed}."
            )
    bindings: dict[str, Term] = {}
    for param in spec.params:
        if param.name not in values:
            if param.required:
                raise ParameterError(
                    f"Query {spec.name!r} needs the parameter {param.name!r} ({param.type}: {param.description}); "
                    f"for example --param {param.name}={param.example!r}."
                )
            continue
        value = values[param.name]
        if param.type == "entity":
            bindings[param.name] = resolve_entity(dataset, value)
        elif param.type == "iri":
            try:
                bindings[param.name] = ox.NamedNode(value.strip("<>"))
            except ValueError as exc:
                raise ParameterError(
                    f"Parameter {param.name!r} must be an absolute IRI; {value!r} is not ({exc})."
                ) from exc
        else:
            bindings[param.name] = _typed_literal(param, value)
    return bindings


def _default_graphs(dataset: Dataset, include_inferred: bool) -> list[str] | None:
    """None (every graph) or, to leave the inferences out, the merged graph of the others."""
    if include_inferred or dataset.graph(GRAPH_INFERRED) is None:
        return None
    return [GRAPH_UNION]


def _kept_specs(dataset: Dataset) -> Path | None:
    """Where a store on disk keeps checked query specs (removed with its other derived files), or None."""
    return dataset.derived_file("query-specs.json")


def run_query(
    dataset: Dataset,
    name: str | QuerySpec,
    params: dict[str, str] | None = None,
    *,
    use_example: bool = False,
    timeout: float | None = 60.0,
    include_inferred: bool = False,
    limit: int | None = None,
    offset: int = 0,
) -> QueryOutcome:
    """Run a canned query by name with its parameters bound by the engine.

    ``limit`` and ``offset`` take one page of a SELECT's rows (``more`` on the outcome
    says whether rows follow); the engine is told, so it can stop early.
    """
    spec = name if isinstance(name, QuerySpec) else load_query(dataset.project, name, kept=_kept_specs(dataset))
    values = dict(spec.example_params if use_example else {})
    values.update(params or {})
    with dataset.time_limit(timeout):  # a remote engine's look-ups share the query's one deadline
        bindings = bind_parameters(dataset, spec, values)
        notes = _notes(dataset, spec.text, include_inferred)  # first: the query is the last request an engine sees
        result, more = _execute_page(
            dataset, spec.text, bindings, limit, offset, timeout, _default_graphs(dataset, include_inferred)
        )
    return QueryOutcome(result, spec.text, spec, bindings, offset, more, notes)


def run_sparql(
    dataset: Dataset,
    text: str,
    *,
    timeout: float | None = 60.0,
    include_inferred: bool = False,
    limit: int | None = None,
    offset: int = 0,
    checked: MutableMapping[tuple[str, int | None, int], GuardedQuery] | None = None,
) -> QueryOutcome:
    """Run an ad-hoc read-only query (updates, SERVICE and outside FROM graphs are refused).

    ``limit`` and ``offset`` take one page of a SELECT's rows, as in ``run_query``. ``checked``
    keeps the checks' outcome by (text, page, offset) for a caller that runs the same texts again
    (a server; it empties it when the graphs change): checking forks a child and parses the text
    with rdflib, 10-40 ms, where a millisecond query costs one.
    """
    check_query_size(text)
    if not text.strip():
        raise QuerySyntaxError("The query is empty.")
    from relgraph.store.bounded import run_bounded

    # Every check of the text, and the page's rewriting, in a child under the query's own limits:
    # parsing is work a hostile text can make slow, deep or fatal (the engine's parser can crash).
    started = time.monotonic()
    page = None if limit is None else limit + 1
    with dataset.time_limit(timeout):  # a remote engine's look-ups share the query's one deadline
        key = (text, page, offset)
        guarded = checked.get(key) if checked is not None else None
        if guarded is None:
            guarded = run_bounded(
                functools.partial(guard_query, limit=page, offset=offset),
                text,
                {g.name for g in dataset.graphs},
                timeout=timeout,
            )
            if checked is not None:
                checked[key] = guarded
        notes = _notes(dataset, text, include_inferred)  # after the checks; before the query, an engine's last request
        left = None if timeout is None else max(0.05, timeout - (time.monotonic() - started))
        try:
            result, more = _execute_page(
                dataset, text, {}, limit, offset, left, _default_graphs(dataset, include_inferred), prepared=guarded
            )
        except QueryTimeoutError as exc:  # the limit is the whole of it, checks included: in the user's number
            raise QueryTimeoutError(str(exc).replace(f"{left:g} s", f"{timeout:g} s")) from exc
    return QueryOutcome(result, text, None, {}, offset, more, notes)


def _execute_page(
    dataset: Dataset,
    text: str,
    bindings: dict[str, Term],
    limit: int | None,
    offset: int,
    timeout: float | None,
    default_graphs: list[str] | None,
    *,
    prepared: GuardedQuery | None = None,
) -> tuple[QueryResult, bool]:
    """The page of rows ``offset`` .. ``offset + limit`` and whether more follow.

    One row more than the page is asked for, to know whether more follow. When the
    query has its own LIMIT, OFFSET or trailing VALUES (``page_text`` gives None), the
    whole answer is fetched and the page cut from it.
    """
    if (limit is not None and limit < 0) or offset < 0:
        raise ParameterError(f"A page needs a limit and an offset of 0 or more; got limit={limit}, offset={offset}.")
    if limit is None and not offset:
        return dataset.execute(text, bindings=bindings, timeout=timeout, default_graphs=default_graphs), False
    if prepared is not None:
        paged = prepared.paged
    else:
        paged = page_text(text, limit=None if limit is None else limit + 1, offset=offset)
    try:
        result = dataset.execute(paged or text, bindings=bindings, timeout=timeout, default_graphs=default_graphs)
    except QuerySyntaxError:
        if paged is None:
            raise
        # Report the error where the user's text has it (or, should the added clause be at fault, page the answer).
        paged = None
        result = dataset.execute(text, bindings=bindings, timeout=timeout, default_graphs=default_graphs)
    if not isinstance(result, SelectResult):
        return result, False
    rows = result.rows if paged is not None else result.rows[offset:]
    more = limit is not None and len(rows) > limit
    return SelectResult(result.variables, rows[:limit] if limit is not None else rows), more


def query_form(text: str) -> str | None:
    """SELECT, CONSTRUCT, ASK or DESCRIBE."""
    return inspect_query(text).form
