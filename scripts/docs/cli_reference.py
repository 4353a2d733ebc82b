"""The command-line reference: every ``relgraph`` command's own ``--help``, as the terminal shows it."""

from __future__ import annotations

import click

WIDTH = 100


def _help(command: click.Command, name: str, parent: click.Context | None) -> tuple[click.Context, str]:
    ctx = click.Context(command, info_name=name, parent=parent, terminal_width=WIDTH, max_content_width=WIDTH)
    return ctx, command.get_help(ctx)


def cli_reference() -> str:
    """Markdown: the group's help, a table of the commands, then each command's help."""
    from relgraph.cli import main

    root, root_help = _help(main, "relgraph", None)
    lines = [
        "# Command line",
        "",
        "<!-- Generated at build time from the relgraph command's own --help by "
        "scripts/docs/cli_reference.py; do not edit. -->",
        "",
        "Every command, as `relgraph COMMAND --help` prints it. The global options (`--project`, "
        "`--store`, `--endpoint`) go before the command: `relgraph --store .relgraph/store query ...`.",
        "",
        "```text",
        root_help,
        "```",
        "",
        "| command | what it does |",
        "|---|---|",
    ]
    commands = sorted(main.list_commands(root))
    for name in commands:
        command = main.get_command(root, name)
        assert command is not None
        lines.append(f"| [`{name}`](#{name}) | {command.get_short_help_str(limit=120)} |")
    lines.append("")
    for name in commands:
        command = main.get_command(root, name)
        assert command is not None
        _, text = _help(command, name, root)
        lines += [f"## relgraph {name} {{#{name}}}", "", "```text", text, "```", ""]
    return "\n".join(lines)
