"""Canned queries: strict headers, parameters bound by the engine, entity names."""

from __future__ import annotations

import pytest
import yaml

from relgraph.errors import EntityError, ParameterError, QueryFileError, UnknownQueryError
from relgraph.paths import Project
from relgraph.query.entities import labels_for, resolve_entity
from relgraph.query.queries import list_queries, load_query, parse_query_file, run_query, run_sparql
from relgraph.store import load_dataset

from .conftest import TEST_DATA

MINI = Project(TEST_DATA / "mini-graph")
BAD = yaml.safe_load((TEST_DATA / "bad-queries.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def mini():
    return load_dataset(MINI)


@pytest.mark.parametrize(("name", "message"), sorted(BAD.items()))
def test_bad_query_headers_fail_at_load_time(name, message):
    with pytest.raises(QueryFileError) as info:
        parse_query_file(TEST_DATA / "bad-queries" / name)
    assert message in str(info.value)
    assert name in str(info.value)


def test_every_bad_query_file_has_its_message():
    assert sorted(BAD) == sorted(p.name for p in (TEST_DATA / "bad-queries").glob("*.rq"))


def test_header_is_read_into_a_spec():
    spec = load_query(MINI, "states")
    assert (spec.name, spec.title, spec.view) == ("states", "States", "table")
    (param,) = spec.params
    assert (param.name, param.type, param.example, param.required) == ("state", "entity", "Kenya", False)
    assert spec.example_returns == ({"state": "Kenya", "label": "Kenya"},)
    assert [s.name for s in list_queries(MINI)] == ["founded_after", "graph_of", "states"]


def test_unknown_query_suggests_close_names():
    with pytest.raises(UnknownQueryError, match="No canned query is called 'state'. Did you mean 'states'?"):
        load_query(MINI, "state")


def test_optional_parameter_filters_when_given(mini):
    every = run_query(mini, "states").result
    assert [r[1].value for r in every.rows] == ["Georgia", "Georgia", "Kenya", "United States"]
    one = run_query(mini, "states", {"state": "U.S."}).result
    assert [(r[0].value, r[1].value) for r in one.rows] == [
        ("https://w3id.org/relgraph/id/united-states", "United States")
    ]


def test_typed_parameters_are_checked_and_bound(mini):
    rows = run_query(mini, "founded_after", {"after": "1960-01-01"}).result.rows
    assert [r[0].value for r in rows] == ["https://w3id.org/relgraph/id/kenya"]
    assert run_query(mini, "founded_after", {"after": "1970-01-01"}).result.rows == ()
    with pytest.raises(ParameterError, match="'after' must be a date as YYYY-MM-DD; got '1 May 2019'"):
        run_query(mini, "founded_after", {"after": "1 May 2019"})


def test_missing_and_unknown_parameters(mini):
    with pytest.raises(ParameterError, match="needs the parameter 'after'.*--param after='1960-01-01'"):
        run_query(mini, "founded_after")
    with pytest.raises(ParameterError, match="has no parameter 'afterr'. Did you mean 'after'?"):
        run_query(mini, "founded_after", {"afterr": "1960-01-01"})


@pytest.mark.parametrize(
    "hostile",
    [
        "x> } DELETE WHERE { ?s ?p ?o } #",
        'Kenya" } ; DROP ALL ; #',
        "?s ?p ?o } UNION { ?s ?p ?o",
    ],
)
def test_a_value_cannot_break_out_of_its_binding(mini, hostile):
    with pytest.raises(EntityError, match="No entity is named"):
        run_query(mini, "states", {"state": hostile})
    # still all there
    assert len(run_query(mini, "states").result.rows) == 4


def test_entities_by_label_prefixed_name_and_iri(mini):
    kenya = "https://w3id.org/relgraph/id/kenya"
    for name in ("Kenya", "kenya", " KENYA ", "reld:kenya", f"<{kenya}>", kenya):
        assert resolve_entity(mini, name).value == kenya
    assert resolve_entity(mini, "USA").value.endswith("united-states")
    with pytest.raises(EntityError, match="'Georgia' names 2 entities"):
        resolve_entity(mini, "Georgia")
    with pytest.raises(EntityError, match="No entity reld:kenia is in the graph. Did you mean 'reld:kenya'?"):
        resolve_entity(mini, "reld:kenia")


def test_labels_replace_iris(mini):
    labels = labels_for(mini, [resolve_entity(mini, "USA")])
    assert labels == {"https://w3id.org/relgraph/id/united-states": "United States"}


def test_graph_of_reports_the_source_article(mini):
    rows = run_query(mini, "graph_of", {"entity": "Kenya"}).result.rows
    assert {(r[1].value.rsplit("/", 1)[1], r[2].value.rsplit("#", 1)[-1]) for r in rows} >= {
        ("article-mini-1", "label"),
        ("article-mini-2", "comment"),
    }


def test_adhoc_sparql_uses_predeclared_prefixes(mini):
    result = run_sparql(mini, "SELECT ?s WHERE { ?s skos:altLabel 'USA'@en }").result
    assert [r[0].value for r in result.rows] == ["https://w3id.org/relgraph/id/united-states"]
