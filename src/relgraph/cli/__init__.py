"""The ``relgraph`` command: a thin shell over the library API.

Each feature's commands live in their own module here (``COMMANDS`` says which), and a
module is imported only when one of its commands runs (``relgraph query`` does not import
the analytics, the reasoner or the server), or when ``--help`` lists them all. Every
command does what a function of the library does, with the same names.
"""

from __future__ import annotations

from relgraph.cli.app import COMMANDS, main

__all__ = ["COMMANDS", "main"]
