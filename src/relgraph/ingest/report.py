"""The report of checking an article file: ``ValidationIssue`` and ``ValidationReport``.

Frozen data: a caller prints it (``describe``), counts it (``errors``, ``warnings``,
``ok``) or turns it into JSON (``dataclasses.asdict``).
"""

from __future__ import annotations

from dataclasses import dataclass

from relgraph.model.namespaces import compact_iri

__all__ = ["SEVERITIES", "ValidationIssue", "ValidationReport", "show_iri"]

SEVERITIES = ("error", "warning")


def show_iri(iri: str) -> str:
    """An IRI as a message shows it: a prefixed name where one is valid Turtle, else <IRI>."""
    short = compact_iri(iri)
    return short if short != iri else f"<{iri}>"


@dataclass(frozen=True)
class ValidationIssue:
    """One problem found in an article file."""

    severity: str  # "error" or "warning"
    code: str  # syntax, file, sheet, review, article, assertion, term, datatype, text, offsets, duplicate,
    # collision, reference, shape, reconcile
    message: str
    file: str
    line: int | None = None
    column: int | None = None
    node: str | None = None  # the IRI the issue is about
    node_label: str | None = None
    property: str | None = None  # as a prefixed name
    suggestion: str | None = None  # the IRI or term to use instead

    def describe(self) -> str:
        where = self.file
        if self.line is not None:
            where += f", line {self.line}"
            if self.column is not None:
                where += f", column {self.column}"
        about = ""
        if self.node:
            about = show_iri(self.node) + (f" ({self.node_label!r})" if self.node_label else "")
        if self.property:
            about += (", " if about else "") + self.property
        return f"{self.severity}: {where}: " + (f"{about}: " if about else "") + self.message


@dataclass(frozen=True)
class ValidationReport:
    """What checking one article file found."""

    file: str
    article: str | None
    issues: tuple[ValidationIssue, ...]
    triples: int = 0

    @property
    def errors(self) -> tuple[ValidationIssue, ...]:
        return tuple(i for i in self.issues if i.severity == "error")

    @property
    def warnings(self) -> tuple[ValidationIssue, ...]:
        return tuple(i for i in self.issues if i.severity == "warning")

    @property
    def ok(self) -> bool:
        """True when there is no error (warnings allowed)."""
        return not self.errors

    def summary(self) -> str:
        def count(n: int, word: str) -> str:
            return f"{n} {word}" + ("" if n == 1 else "s")

        what = f"{self.file}: {count(len(self.errors), 'error')}, {count(len(self.warnings), 'warning')}"
        if self.article:
            what += f" ({count(self.triples, 'triple')} about {compact_iri(self.article)})"
        return what + "."

    def describe(self) -> str:
        """The report as a user reads it: one line per issue, then a summary."""
        return "".join(issue.describe() + "\n" for issue in self.issues) + self.summary() + "\n"
