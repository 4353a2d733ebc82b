"""Every generated page of the documentation site, by its path under docs/ (see hooks.py)."""

from __future__ import annotations

from pathlib import Path

from cli_reference import cli_reference
from errors_reference import errors_reference
from ontology_reference import ontology_reference
from query_reference import query_reference


def ontology_notes(repo: Path) -> str:
    text = (repo / "ontology" / "README.md").read_text(encoding="utf-8")
    _title, _, body = text.partition("\n")
    return (
        "# Ontology design notes\n\n"
        "<!-- Copied at build time from ontology/README.md by scripts/docs/generate.py; edit that file. -->\n\n"
        "The modelling choices behind the ontology, as `ontology/README.md` gives them. The terms themselves "
        "are in the [ontology reference](../reference/ontology.md).\n" + body.replace("\n# ", "\n## ")
    )


def benchmark_files(repo: Path) -> str:
    """Every benchmarks/*.md, one section each, headings moved two levels down."""
    parts = [
        "# The benchmark files",
        "",
        "<!-- Copied at build time from benchmarks/*.md by scripts/docs/generate.py; edit those files. -->",
        "",
        "The tables the benchmarks in `benchmarks/` wrote, as they are in the repository; "
        "[benchmark results](benchmarks.md) summarises them.",
        "",
    ]
    files = sorted((repo / "benchmarks").glob("*.md"))
    parts += [f"- [`benchmarks/{f.name}`](#{f.stem.lower()})" for f in files]
    for path in files:
        body = path.read_text(encoding="utf-8")
        lines, fenced = [], False
        for line in body.splitlines():
            fenced ^= line.startswith("```")
            lines.append("##" + line if line.startswith("#") and not fenced else line)
        parts += ["", f"## benchmarks/{path.name} {{#{path.stem.lower()}}}", "", *lines]
    return "\n".join(parts) + "\n"


def pages(repo: Path) -> dict[str, str]:
    """The generated pages: path under docs/ -> Markdown."""
    ontology, diagram = ontology_reference(repo)
    return {
        "reference/cli.md": cli_reference(),
        "reference/queries.md": query_reference(repo),
        "reference/errors.md": errors_reference(),
        "reference/ontology.md": ontology,
        "reference/ontology-classes.svg": '<?xml version="1.0" encoding="UTF-8"?>\n' + diagram,
        "explanation/ontology-notes.md": ontology_notes(repo),
        "explanation/benchmark-files.md": benchmark_files(repo),
    }
