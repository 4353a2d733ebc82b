"""Binding query parameters: each value goes in as a SPARQL ``VALUES`` block.

Every backend binds the same way. A value is an RDF term that relgraph already
validated (an IRI that pyoxigraph accepted, a typed literal) and that pyoxigraph
serialises in N-Triples syntax, which escapes every quote, backslash and line break:
no character of a user's value can end the term and start SPARQL syntax, and the
query's own text, checked by the read-only guard, is never changed. That is binding,
not pasting.

The block goes first in the query's WHERE group, not after the query: a leading
block behaves like a binding made before the pattern is matched (a parameter used
inside OPTIONAL then filters the optional part), as Oxigraph's own substitutions do;
a trailing VALUES clause joins after OPTIONAL and GROUP BY and gives other rows
(checked on the canned queries: ``who_said_what`` and ``commitments_by_pillar``
differ).

The embedded stores give Oxigraph both the block and its own substitutions, each for
what it does well. The optimiser does not see a substituted variable as a constant, so
it orders the pattern as if the variable were free: on the 10M-triple disk store
``dyad_timeline`` for Kenya and the United States took 6.1 s with substitutions alone
and 2.0 s with the block (0.3 s once its OPTIONALs were made per-row). But the block
is joined like any pattern, and a sub-SELECT or UNION that also uses the variable is
then evaluated for every value before the join, where a substitution binds it inside
too: at 1M triples ``dialogue_pillars`` took 145 ms with the block alone and 1 ms with
substitutions; with both, 1 ms, and ``dyad_timeline`` 24 ms (199 ms with substitutions
alone). Blank nodes cannot be written in a query, so a blank-node value (only the
Python API can pass one) goes through substitutions alone.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import pyoxigraph as ox

from relgraph.errors import QueryError
from relgraph.store.results import Term
from relgraph.store.sparql import where_group_start

__all__ = ["bind_values", "can_bind_values"]


def _term(name: str, value: Term) -> str:
    if isinstance(value, ox.BlankNode | ox.Triple):
        raise QueryError(
            f"Parameter {name!r} is a blank node or a triple; a remote endpoint can only be given IRIs and literals."
        )
    if not isinstance(value, ox.NamedNode | ox.Literal):
        raise QueryError(f"Parameter {name!r} is not an RDF term.")
    return str(value)  # pyoxigraph's N-Triples serialisation: valid SPARQL syntax, fully escaped


def bind_values(text: str, bindings: Mapping[str, Term]) -> str:
    """The query with ``bindings`` supplied as a VALUES block at the start of its WHERE group.

    See the module's docstring for why this is binding and why the block goes first.
    """
    if not bindings:
        return text
    names = list(bindings)
    for name in names:
        if not re.fullmatch(r"[A-Za-z_][\w]*", name):
            raise QueryError(f"{name!r} is not a SPARQL variable name.")
    row = " ".join(_term(n, bindings[n]) for n in names)
    block = f"VALUES ({' '.join('?' + n for n in names)}) {{ ({row}) }}"
    at = where_group_start(text)
    if at is None:
        return f"{text}\n{block}"  # no group to put it in (DESCRIBE <x>, CONSTRUCT WHERE): the query-level clause
    return f"{text[:at]}\n  {block}\n{text[at:]}"


def can_bind_values(bindings: Mapping[str, Term] | None) -> bool:
    """True when every value can be written in a VALUES block (IRIs and literals)."""
    return bool(bindings) and all(isinstance(v, ox.NamedNode | ox.Literal) for v in bindings.values())
