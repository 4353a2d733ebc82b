"""The same canned queries give the same answers on every backend.

Memory, the store on disk, the Oxigraph server and Virtuoso (both started on
127.0.0.1 by the fixtures in ``engines.py``; skipped with the reason where the
engine is not installed) each answer every canned query with its example
parameters over one small synthetic corpus, and each answer is compared with the
in-memory one.

What is normalised, and why (engine differences, not relgraph's):

* row order: SPARQL fixes it only as far as ORDER BY goes; rows are compared as
  multisets;
* ``GROUP_CONCAT`` values: SPARQL leaves the order of the concatenated values
  unspecified, and it follows storage order (Oxigraph in memory and on disk already
  differ); the parts are sorted before comparing;
* ``GROUP_CONCAT`` of language-tagged labels: Oxigraph keeps the tag when every part
  has it, Virtuoso returns a plain string; the tag is dropped before comparing. Over
  no values at all, Virtuoso gives ``""`` and Oxigraph leaves the column unbound;
  both compare as unbound;
* numbers: engines type aggregates differently (an AVG is xsd:decimal in one, a
  double in another; ``1.50`` and ``1.5``); numeric literals compare by value;
* blank nodes: their labels are the engine's own; they compare as one placeholder.
"""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pyoxigraph as ox
import pytest

from relgraph.paths import Project
from relgraph.queries import list_queries, run_query
from relgraph.store import Dataset, GraphResult, SelectResult, index_store, load_dataset, open_dataset, push_graphs
from relgraph.store.remote import RemoteBackend, RemoteConfig
from relgraph.synthetic import generate_corpus

from .engines import environment, oxigraph_command, oxigraph_server, virtuoso_command, virtuoso_server

XSD = "http://www.w3.org/2001/XMLSchema#"
_NUMERIC = {XSD + t for t in ("integer", "decimal", "double", "float", "int", "long", "short", "nonNegativeInteger")}
BACKENDS = ("disk", "oxigraph-server", "virtuoso")

# Engine bugs, not normalised away: the test expects them to fail and says why.
KNOWN_DIFFERENCES = {
    ("virtuoso", "post_holders"): (
        "Virtuoso 7.2.5 loses solutions of '?x a ?c . ?c rdfs:subClassOf* C' joined on ?c: "
        "'?c rdfs:subClassOf* rel:Post' alone gives all three post classes, the join drops rel:HeadOfStatePost"
    ),
    ("virtuoso", "planned_vs_completed"): (
        "the same Virtuoso 7.2.5 bug with 'a ?class . ?class rdfs:subClassOf* rel:Event' (some event rows missing)"
    ),
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Project:
    """The bundled article (so every example parameter resolves) and synthetic articles: ~8k triples."""
    root = tmp_path_factory.mktemp("backends") / "corpus"
    generate_corpus(root, triples=8_000, seed=3, progress=False)
    return Project(root)


@pytest.fixture(scope="module")
def memory(corpus) -> Dataset:
    return load_dataset(corpus)


@pytest.fixture(scope="module")
def engines(corpus, tmp_path_factory):
    """Every backend, filled from the corpus; a missing engine is a reason instead of a dataset."""
    folder = tmp_path_factory.mktemp("engines")
    index_store(corpus, folder / "store")
    found: dict[str, Dataset | str] = {"disk": open_dataset(corpus, store=folder / "store")}
    stack = []
    if oxigraph_command() is None:
        found["oxigraph-server"] = "the Oxigraph server is not installed (pip install oxigraph)"
    else:
        server = oxigraph_server(folder / "oxigraph")
        engine = server.__enter__()
        stack.append(server)
        config = RemoteConfig.for_url(engine.query_url)
        push_graphs(corpus, config, state_path=folder / "push-oxigraph.json")
        found["oxigraph-server"] = Dataset(corpus, RemoteBackend(config))
    if virtuoso_command() is None:
        found["virtuoso"] = "Virtuoso is not installed (apt-get install virtuoso-opensource)"
    else:
        server = virtuoso_server(folder / "virtuoso")
        engine = server.__enter__()
        stack.append(server)
        config = RemoteConfig.for_url(engine.query_url)
        with environment(engine.env):
            push_graphs(corpus, config, state_path=folder / "push-virtuoso.json")
            found["virtuoso"] = Dataset(corpus, RemoteBackend(config))
    yield found
    for dataset in found.values():
        if isinstance(dataset, Dataset):
            dataset.close()
    for server in reversed(stack):
        server.__exit__(None, None, None)


def _concat_columns(text: str) -> dict[str, str]:
    """Columns made by GROUP_CONCAT, and their separators."""
    found = {}
    for match in re.finditer(r"GROUP_CONCAT\s*\((?:[^()]|\([^()]*\))*?separator\s*=\s*\"([^\"]*)\"\s*\)\s+AS\s+\?(\w+)",
                             text, re.IGNORECASE | re.DOTALL):
        found[match.group(2)] = match.group(1)
    return found


def _term(term, separator: str | None = None):
    if term is None:
        return None
    if isinstance(term, ox.BlankNode):
        return "_:b"
    if isinstance(term, ox.Literal):
        if term.datatype.value in _NUMERIC:
            try:
                return ("number", Decimal(term.value).normalize())
            except InvalidOperation:
                return ("number", term.value)
        if separator is not None:
            if term.value == "":
                return None  # GROUP_CONCAT over no values: "" in Virtuoso, unbound in Oxigraph
            return ("parts", tuple(sorted(term.value.split(separator))))
        return ("literal", term.value, term.language, term.datatype.value)
    if isinstance(term, ox.Triple):
        return ("triple", _term(term.subject), _term(term.predicate), _term(term.object))
    return ("iri", term.value)


def normalise(result, text: str):
    if isinstance(result, SelectResult):
        concat = _concat_columns(text)
        seps = [concat.get(v) for v in result.variables]
        return Counter(tuple(_term(t, s) for t, s in zip(row, seps, strict=True)) for row in result.rows)
    if isinstance(result, GraphResult):
        return Counter((_term(t.subject), _term(t.predicate), _term(t.object)) for t in result.triples)
    return result.value


QUERIES = [spec.name for spec in list_queries(Project(Path(__file__).resolve().parents[1]))]


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("name", QUERIES)
def test_every_canned_query_answers_the_same_on_every_backend(name, backend, memory, engines):
    dataset = engines[backend]
    if isinstance(dataset, str):
        pytest.skip(dataset)
    spec = next(s for s in list_queries(memory.project) if s.name == name)
    expected = run_query(memory, spec, use_example=True, timeout=120)
    got = run_query(dataset, spec, use_example=True, timeout=120)
    assert got.bindings == expected.bindings
    want, have = normalise(expected.result, spec.text), normalise(got.result, spec.text)
    if want != have and (backend, name) in KNOWN_DIFFERENCES:
        pytest.xfail(KNOWN_DIFFERENCES[backend, name])
    if want != have:
        missing = list((want - have).elements())[:3] if isinstance(want, Counter) else want
        extra = list((have - want).elements())[:3] if isinstance(have, Counter) else have
        pytest.fail(f"{name} on {backend}: missing {missing}, extra {extra}")


def test_the_comparison_is_not_empty(memory):
    """The corpus makes most example queries return rows, so equal answers mean something."""
    answered = [s.name for s in list_queries(memory.project) if normalise(run_query(memory, s, use_example=True).result, s.text)]
    assert len(answered) >= len(QUERIES) - 1, answered


def test_group_concat_order_is_normalised_and_numbers_by_value():
    text = 'SELECT (GROUP_CONCAT(?x; separator=", ") AS ?names) WHERE {}'
    a = SelectResult(("names",), ((ox.Literal("Kenya, United States"),),))
    b = SelectResult(("names",), ((ox.Literal("United States, Kenya"),),))
    assert normalise(a, text) == normalise(b, text)
    one = SelectResult(("n",), ((ox.Literal("1.50", datatype=ox.NamedNode(XSD + "decimal")),),))
    other = SelectResult(("n",), ((ox.Literal("1.5E0", datatype=ox.NamedNode(XSD + "double")),),))
    assert normalise(one, "") == normalise(other, "")
