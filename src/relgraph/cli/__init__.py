"""The ``relgraph`` command: a thin shell over the library API.

Each feature's commands live in their own module here and are registered below;
every command does what a function of the library does, with the same names.
"""

from __future__ import annotations

from relgraph.cli import analytics as _analytics  # noqa: F401  (registers its commands)
from relgraph.cli import articles as _articles  # noqa: F401  (registers its commands)
from relgraph.cli import draft as _draft  # noqa: F401  (registers its commands)
from relgraph.cli import query as _query  # noqa: F401  (registers its commands)
from relgraph.cli import reason as _reason  # noqa: F401  (registers its commands)
from relgraph.cli import render as _render  # noqa: F401  (registers its commands)
from relgraph.cli import scale as _scale  # noqa: F401  (registers its commands)
from relgraph.cli import serve as _serve  # noqa: F401  (registers its commands)
from relgraph.cli import synth as _synth  # noqa: F401  (registers its commands)
from relgraph.cli.app import main

__all__ = ["main"]
