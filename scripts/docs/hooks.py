"""MkDocs hooks: the reference pages are generated at build time, so they never drift from the code.

Each generated page comes from what the code itself holds:

- ``reference/cli.md``: the ``relgraph`` command's own ``--help``, for every command;
- ``reference/queries.md``: the header of every ``queries/*.rq``, and its SPARQL;
- ``reference/errors.md``: the error classes of ``relgraph.errors`` and their exit codes;
- ``reference/ontology.md``: every term of ``ontology/relgraph.ttl`` with an example from the
  bundled data, and a diagram drawn by Graphviz ``dot``;
- ``explanation/ontology-notes.md``: ``ontology/README.md`` as it is.

The Python API page is written by mkdocstrings from the docstrings. Run ``mkdocs build
--strict`` (or ``mkdocs serve``) at the repository's root.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
for folder in (REPO / "src", HERE):  # relgraph from this checkout, and the generators beside this file
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

import generate  # noqa: E402
from mkdocs.structure.files import File, Files  # noqa: E402


def on_files(files: Files, config) -> Files:
    """Add the generated pages to the site."""
    for uri, text in generate.pages(REPO).items():
        files.append(File.generated(config, uri, content=text))
    return files
