"""Errors and exit codes, read from the error classes themselves (``relgraph.errors``)."""

from __future__ import annotations

import inspect


def _tree(cls: type, depth: int = 0) -> list[str]:
    doc = inspect.getdoc(cls) or ""
    first = doc.split("\n\n")[0].replace("\n", " ")
    lines = [f"{'    ' * depth}- [`{cls.__name__}`](#{cls.__name__.lower()}) (exit {cls.exit_code}): {first}"]
    for sub in sorted(cls.__subclasses__(), key=lambda c: c.__name__):
        if sub.__module__ == cls.__module__:
            lines += _tree(sub, depth + 1)
    return lines


def errors_reference() -> str:
    """Markdown: the exit codes, the class tree, and each class with its meaning."""
    from relgraph import errors

    base = errors.RelgraphError
    classes = [base, *sorted(_all_subclasses(base), key=lambda c: c.__name__)]
    codes: dict[int, list[str]] = {}
    for cls in classes:
        codes.setdefault(cls.exit_code, []).append(cls.__name__)
    lines = [
        "# Errors and exit codes",
        "",
        "<!-- Generated at build time from src/relgraph/errors.py by scripts/docs/errors_reference.py; "
        "do not edit. -->",
        "",
        "Every error relgraph raises on purpose is a `RelgraphError`. On the command line it becomes one "
        "paragraph on stderr, `Error: ...`, naming the place (file, line, column) and the cause, and the exit "
        "code of its class; a traceback in front of a user is a bug. In Python, catch `relgraph.RelgraphError` "
        "(or one of its subclasses); `str(error)` is the same sentence.",
        "",
        "## Exit codes",
        "",
        "| exit code | meaning | raised as |",
        "|---|---|---|",
        "| 0 | success (warnings alone do not fail a command) | |",
        "| 2 | the command line is wrong: an unknown option, a missing argument, a bad value (click's usage error) | |",
    ]
    for code in sorted(codes):
        names = codes[code]
        meaning = (inspect.getdoc(getattr(errors, names[0])) or "").split("\n\n")[0].replace("\n", " ")
        lines.append(f"| {code} | {meaning} | {', '.join(f'`{n}`' for n in names)} |")
    lines += ["", "## The tree", "", *_tree(base), "", "## The classes", ""]
    for cls in classes:
        doc = inspect.getdoc(cls) or ""
        parent = cls.__mro__[1].__name__
        lines += [
            f"### {cls.__name__} {{#{cls.__name__.lower()}}}",
            "",
            f"`relgraph.{cls.__name__}`, a subclass of `{parent}`; exit code **{cls.exit_code}**.",
            "",
            doc,
            "",
        ]
    lines += [
        "## Where the messages are tested",
        "",
        "`tests/data/` holds small bad inputs, each with the message it must produce; "
        "`tests/test_cli_errors.py` runs the command line on them and checks the message and the exit code.",
        "",
    ]
    return "\n".join(lines)


def _all_subclasses(cls: type) -> set[type]:
    found = set()
    for sub in cls.__subclasses__():
        if sub.__module__ == cls.__module__:
            found.add(sub)
            found |= _all_subclasses(sub)
    return found
