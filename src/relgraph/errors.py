"""Every error relgraph raises on purpose, in one tree.

    RelgraphError                 base; ``str(err)`` is a sentence a user can act on
    ├── ProjectError              no graph folder, a folder that is not one, a read-only bundle
    ├── DataParseError            a data, ontology or article file that does not parse (file, line, column)
    ├── DataShapeError            a file that parses but is not what relgraph expects
    ├── FactSheetError            a fact sheet (NAME.facts.yaml) with problems (each with its line)
    ├── ValidationError           data that breaks the ontology or the shapes (carries a report)
    │   └── InconsistencyError    data a reasoner finds inconsistent (carries the clashes)
    ├── ReasoningError            a reasoner that cannot run, fails or runs past its time limit
    ├── StoreError                the store cannot be read or written
    ├── EntityError               a name that matches no entity, or several
    ├── ServeError                relgraph serve cannot start (its port is taken)
    │   └── ClientBusyError       one client has too many requests at once (HTTP 429)
    └── QueryError                anything about running a query
        ├── QueryFileError        a ``queries/*.rq`` file whose header does not parse
        ├── UnknownQueryError     no canned query of that name
        ├── ParameterError        a parameter that is missing, unknown or of the wrong type
        ├── QuerySyntaxError      SPARQL that does not parse (line, column)
        ├── QueryRefusedError     an update, SERVICE, LOAD or a FROM outside the dataset
        └── QueryTimeoutError     a query stopped at its time limit

The CLI turns any of these into a message and the exit code of the class; a
traceback in front of a user is a bug.
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = [
    "ClientBusyError",
    "DataParseError",
    "DataShapeError",
    "EntityError",
    "FactSheetError",
    "InconsistencyError",
    "ParameterError",
    "ProjectError",
    "QueryError",
    "QueryFileError",
    "QueryRefusedError",
    "QuerySyntaxError",
    "QueryTimeoutError",
    "ReasoningError",
    "RelgraphError",
    "ServeError",
    "StoreError",
    "UnknownQueryError",
    "ValidationError",
    "did_you_mean",
]


class RelgraphError(Exception):
    """Base class: every error relgraph raises on purpose."""

    exit_code = 1


class ProjectError(RelgraphError):
    """The graph folder is missing, incomplete or cannot be written."""

    exit_code = 3


class DataParseError(RelgraphError):
    """An RDF file that does not parse; knows the file, line and column."""

    exit_code = 4

    def __init__(self, message: str, *, path: str, line: int | None = None, column: int | None = None):
        self.path = path
        self.line = line
        self.column = column
        self.detail = message
        where = path
        if line is not None:
            where += f", line {line}"
            if column is not None:
                where += f", column {column}"
        super().__init__(f"{where}: {message}")


class DataShapeError(RelgraphError):
    """A file that parses but does not have the shape relgraph needs."""

    exit_code = 4


class FactSheetError(RelgraphError):
    """A fact sheet that cannot be compiled; ``problems`` lists (line, column, message) for each."""

    exit_code = 4

    def __init__(self, path: str, problems: list[tuple[int | None, int | None, str]]):
        self.path = path
        self.problems = list(problems)
        lines = []
        for line, column, message in self.problems:
            where = (
                path
                + (f", line {line}" if line is not None else "")
                + (f", column {column}" if line is not None and column is not None else "")
            )
            lines.append(f"{where}: {message}")
        count = len(self.problems)
        head = f"{path} has {count} problem{'s' if count != 1 else ''}:" if count > 1 else ""
        super().__init__("\n".join([head, *lines]) if head else (lines[0] if lines else f"{path}: not a fact sheet."))


class ValidationError(RelgraphError):
    """Data that breaks the ontology or the SHACL shapes; ``report`` says how."""

    exit_code = 5

    def __init__(self, message: str, *, report: object = None):
        self.report = report
        super().__init__(message)


class InconsistencyError(ValidationError):
    """The ontology and the data together are inconsistent; ``report`` lists the clashes."""


class ReasoningError(RelgraphError):
    """A reasoner could not run (no Java, a Java error) or ran past its time limit."""

    exit_code = 10


class StoreError(RelgraphError):
    """The store could not be read or written."""

    exit_code = 6


class EntityError(RelgraphError):
    """A name given for an entity that matches no entity, or several."""

    exit_code = 7


class ServeError(RelgraphError):
    """``relgraph serve`` cannot start: the address is taken or cannot be bound."""

    exit_code = 11


class ClientBusyError(ServeError):
    """One client of relgraph serve has more requests at work and waiting than it may."""


class QueryError(RelgraphError):
    """Base class of everything that goes wrong with a query."""

    exit_code = 8


class QueryFileError(QueryError):
    """A canned query file whose header or text is not valid."""


class UnknownQueryError(QueryError):
    """No canned query of that name."""


class ParameterError(QueryError):
    """A query parameter that is missing, unknown or of the wrong type."""


class QuerySyntaxError(QueryError):
    """SPARQL text that does not parse."""

    def __init__(self, message: str, *, line: int | None = None, column: int | None = None):
        self.line = line
        self.column = column
        super().__init__(message)


class QueryRefusedError(QueryError):
    """A query relgraph will not run: an update, SERVICE, LOAD, or data from outside."""


class QueryTimeoutError(QueryError):
    """A query stopped because it ran longer than its limit."""

    exit_code = 9


def did_you_mean(word: str, choices: Iterable[str], *, limit: int = 3) -> str:
    """Return ' Did you mean X or Y?' for close matches of ``word``, or ''."""
    import difflib  # here, not at every start

    close = difflib.get_close_matches(word, list(choices), n=limit, cutoff=0.6)
    if not close:
        lowered = word.casefold()
        close = [c for c in choices if lowered and lowered in c.casefold()][:limit]
    if not close:
        return ""
    return " Did you mean " + " or ".join(repr(c) for c in close) + "?"
