"""Terms only a reasoner produces, and the queries that use them without the inferences.

The ontology defines some classes (``rel:Official``, ``rel:HeadOfState``,
``rel:BilateralMeeting``, ``rel:CompletedEvent``, ...) by an ``owl:equivalentClass``
and some properties (``rel:actsFor``, ``rel:involvesState``) by an
``owl:propertyChainAxiom``. The data leaves them to a reasoner, so a query that asks
for them over the hand-written graph matches nothing, silently. ``derived_terms_used``
finds the ones a query's text uses that no article asserts, so the caller can say so
(``relgraph query`` and ``relgraph sparql`` print it on stderr; the API puts it in
``QueryOutcome.notes``) and point to ``relgraph reason`` and ``--inferred``.
"""

from __future__ import annotations

import contextlib
import functools
import json
import re
from pathlib import Path

import pyoxigraph as ox

from relgraph.model.namespaces import GRAPH_INFERRED, GRAPH_UNION, PREFIXES, REL, compact_iri
from relgraph.store import Dataset, parse_rdf, write_atomic

__all__ = ["derived_terms", "derived_terms_used", "inferred_only_note"]

_PREFIX = re.compile(r"PREFIX\s+([A-Za-z][\w.-]*)?:\s*<([^>]*)>", re.IGNORECASE)


def derived_terms(dataset: Dataset) -> dict[str, str]:
    """The ontology's terms a reasoner derives: IRI -> 'class' or 'property'.

    Read from the graph folder's ontology files (cached while they are unchanged), so that
    asking costs no query, also against a remote endpoint.
    """
    files = tuple((str(p), p.stat().st_mtime_ns) for p in dataset.project.ontology_files())
    kept = dataset.derived_file("derived-terms.json")  # a store on disk keeps them between commands
    if kept is not None:
        try:
            body = json.loads(kept.read_bytes())
            if body["files"] == [list(f) for f in files]:
                return dict(body["terms"])
        except (OSError, ValueError, KeyError, TypeError):
            pass
    terms = dict(_defined(files))
    if kept is not None:
        with contextlib.suppress(OSError):
            kept.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(kept, json.dumps({"files": files, "terms": terms}).encode("utf-8"))
    return terms


@functools.lru_cache(maxsize=4)
def _defined(files: tuple[tuple[str, int], ...]) -> tuple[tuple[str, str], ...]:
    kinds = {PREFIXES["owl"] + "equivalentClass": "class", PREFIXES["owl"] + "propertyChainAxiom": "property"}
    found: dict[str, str] = {}
    for path, _ in files:
        for t in parse_rdf(Path(path)):
            kind = kinds.get(t.predicate.value)
            if kind and isinstance(t.subject, ox.NamedNode) and t.subject.value.startswith(REL):
                found[t.subject.value] = kind
    return tuple(sorted(found.items()))


def _mentions(text: str, iri: str) -> bool:
    local = iri[len(REL) :]
    if local not in text:  # most terms: no regular expression to compile and run
        return False
    prefixes = {"rel"} | {m.group(1) or "" for m in _PREFIX.finditer(text) if m.group(2) == REL}
    names = [re.escape(f"{p}:{local}") for p in prefixes] + [re.escape(f"<{iri}>")]
    return re.search(r"(?<![\w:])(?:" + "|".join(names) + r")(?![\w-])", text) is not None


def _asserted(dataset: Dataset, iri: str, kind: str) -> bool:
    pattern = f"?s a <{iri}>" if kind == "class" else f"?s <{iri}> ?o"
    scope = [GRAPH_UNION] if dataset.backend.graph(GRAPH_INFERRED) is not None else None  # never the inferences
    result = dataset.backend.select(f"SELECT ?s WHERE {{ {pattern} }} LIMIT 1", None, default_graphs=scope)
    return bool(getattr(result, "rows", ()))


def derived_terms_used(dataset: Dataset, text: str) -> list[str]:
    """Terms a reasoner derives that the query uses and no article asserts (IRIs, sorted).

    The text is searched first; only a term it uses costs a query (whether any article
    asserts it), so most queries cost nothing more.
    """
    found = []
    for iri, kind in sorted(derived_terms(dataset).items()):
        if _mentions(text, iri) and not _asserted(dataset, iri, kind):
            found.append(iri)
    return found


def inferred_only_note(terms: list[str]) -> str:
    """What to tell a user whose query uses such terms without the inferences."""
    names = ", ".join(compact_iri(t) for t in terms)
    return (
        f"The query uses {names}, which only a reasoner produces: the articles do not state "
        f"{'it' if len(terms) == 1 else 'them'}, so without the inferences that part matches nothing. "
        "Run 'relgraph reason', then add --inferred (or follow the asserted paths instead, e.g. "
        "org:holds/rel:postOfState for rel:actsFor)."
    )
