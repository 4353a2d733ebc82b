"""The canned-query reference: every ``queries/*.rq`` of the graph folder, from its own header."""

from __future__ import annotations

import shlex
from pathlib import Path


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _example_command(spec) -> str:
    params = " ".join(f"-p {shlex.quote(f'{p.name}={p.example}')}" for p in spec.params)
    return f"relgraph query {spec.name} {params}".rstrip()


def query_reference(repo: Path) -> str:
    """Markdown: a table of the queries, then each one's description, parameters, example and SPARQL."""
    from relgraph.paths import Project
    from relgraph.query.queries import list_queries

    specs = list_queries(Project(repo))
    lines = [
        "# Canned queries",
        "",
        "<!-- Generated at build time from the headers of queries/*.rq by scripts/docs/query_reference.py; "
        "do not edit. -->",
        "",
        f"The graph folder ships {len(specs)} canned queries. Run one with `relgraph query NAME -p param=value` "
        "(or `--example` for the example values of its header); in Python, `run_query(dataset, NAME, "
        "{param: value})`. An entity parameter takes a label (`Kenya`), a prefixed name (`reld:kenya`) or an "
        "`<IRI>`. [Write a canned query](../guides/canned-query.md) says how to add one.",
        "",
        "| name | view | what it answers | parameters |",
        "|---|---|---|---|",
    ]
    for spec in specs:
        params = ", ".join(f"`{p.name}`" + ("" if p.required else " (optional)") for p in spec.params) or "–"
        lines.append(f"| [`{spec.name}`](#{spec.name}) | {spec.view} | {_cell(spec.title)} | {params} |")
    lines.append("")
    for spec in specs:
        lines += [f"## {spec.name} {{#{spec.name}}}", "", f"**{spec.title}.** {spec.description}", ""]
        lines += [f"View: {spec.view}. File: `queries/{spec.path.name}`.", ""]
        if spec.params:
            lines += ["| parameter | type | required | meaning | example |", "|---|---|---|---|---|"]
            for p in spec.params:
                lines.append(
                    f"| `{p.name}` | {p.type} | {'yes' if p.required else 'no'} | {_cell(p.description)} "
                    f"| `{_cell(p.example)}` |"
                )
            lines.append("")
        lines += ["```sh", _example_command(spec), "```", ""]
        if spec.example_returns:
            columns = sorted({k for row in spec.example_returns for k in row})
            lines += [
                "With the example values it returns at least these rows (the tests check them):",
                "",
                "| " + " | ".join(columns) + " |",
                "|" + "---|" * len(columns),
            ]
            for row in spec.example_returns:
                lines.append("| " + " | ".join(_cell(row.get(c, "")) for c in columns) + " |")
            lines.append("")
        lines += ['??? note "The query"', "", "    ```sparql"]
        lines += [f"    {line}".rstrip() for line in spec.text.rstrip("\n").splitlines()]
        lines += ["    ```", ""]
    return "\n".join(lines)
