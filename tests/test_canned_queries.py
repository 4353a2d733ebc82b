"""Contract: every canned query's header parses and its example returns what it promises."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from relgraph.model.namespaces import compact_iri
from relgraph.paths import Project
from relgraph.query.entities import labels_for
from relgraph.query.queries import list_queries, run_query
from relgraph.store import GraphResult, SelectResult

from .conftest import REPO

SPECS = list_queries(Project(REPO))


def _forms(term, labels) -> set[str]:
    """Every way a user may write a value: label, prefixed name, IRI, lexical form."""
    if term is None:
        return {""}
    if isinstance(term, ox.NamedNode):
        return {labels.get(term.value, ""), compact_iri(term.value), term.value} - {""}
    return {term.value}


def test_there_are_at_least_twelve_canned_queries():
    assert len(SPECS) >= 12
    assert {"graph", "table", "timeline"} <= {s.view for s in SPECS}


@pytest.mark.parametrize("spec", SPECS, ids=[s.name for s in SPECS])
def test_example_returns_what_the_header_promises(dataset, spec):
    result = run_query(dataset, spec, use_example=True, timeout=30).result
    if isinstance(result, GraphResult):
        assert result.triples, f"{spec.name}: the example builds an empty graph"
        return
    assert isinstance(result, SelectResult)
    assert result.rows, f"{spec.name}: the example returns no rows"
    assert spec.example_returns, f"{spec.name}: the header promises no rows (add example_returns)"
    labels = labels_for(dataset, [t for row in result.rows for t in row])
    records = [{v: _forms(t, labels) for v, t in zip(result.variables, row, strict=True)} for row in result.rows]
    for expected in spec.example_returns:
        assert any(all(value in rec.get(col, set()) for col, value in expected.items()) for rec in records), (
            f"{spec.name}: no row matches {expected}; first rows: {records[:3]}"
        )


@pytest.mark.parametrize("spec", SPECS, ids=[s.name for s in SPECS])
def test_every_parameter_documents_an_example_that_resolves(dataset, spec):
    for param in spec.params:
        assert param.description and param.example
    run_query(dataset, spec, use_example=True, timeout=30)


OPTIONAL_PARAMS = [s for s in SPECS if s.params and not any(p.required for p in s.params)]


@pytest.mark.parametrize("spec", OPTIONAL_PARAMS, ids=[s.name for s in OPTIONAL_PARAMS])
def test_an_optional_parameter_narrows_and_never_relabels(dataset, spec):
    """Given, an optional parameter keeps some of the rows the query gives without it, unchanged.

    A parameter bound before an OPTIONAL that mentions it would otherwise keep every row
    and write the given value beside rows it does not describe (who_said_what once
    listed the author's narration as Monica Juma's words).
    """
    everything = run_query(dataset, spec, timeout=30).result
    narrowed = run_query(dataset, spec, use_example=True, timeout=30).result
    assert isinstance(everything, SelectResult) and isinstance(narrowed, SelectResult)
    assert narrowed.rows, f"{spec.name}: the example returns no rows"
    assert len(narrowed.rows) <= len(everything.rows)
    whole = set(everything.rows)
    stray = [row for row in narrowed.rows if row not in whole]
    assert not stray, f"{spec.name}: rows that the query without the parameter does not give: {stray[:3]}"


def test_event_coding_per_article_adds_up_to_the_whole_coding(dataset):
    """The article parameter is bound inside a sub-SELECT: each article's rows, together, are
    exactly the rows for every article (none lost, none relabelled, none twice)."""
    everything = run_query(dataset, "event_coding", timeout=30).result
    column = everything.variables.index("article")
    articles = sorted({row[column].value for row in everything.rows})
    assert len(articles) >= 2, "the bundled graph codes events from two articles"
    parts = []
    for article in articles:
        rows = run_query(dataset, "event_coding", {"article": article}, timeout=30).result.rows
        assert rows and all(row[column].value == article for row in rows)
        parts += rows
    assert sorted(map(str, parts)) == sorted(map(str, everything.rows))


def test_current_status_narrows_by_the_latest_report_not_by_any_report(dataset):
    """bsd-session-1 was reported planned, then completed: it is a completed item, not a planned one."""
    session = "https://w3id.org/relgraph/id/bsd-session-1"
    everything = run_query(dataset, "current_status", timeout=30).result
    column = everything.variables.index("item")
    for status, expected in (("planned", False), ("completed", True)):
        rows = run_query(dataset, "current_status", {"status": status}, timeout=30).result.rows
        assert rows, status
        assert (session in {row[column].value for row in rows}) is expected, status
    parts = []
    for status in ("planned", "completed", "stated intent", "postponed", "cancelled"):
        parts += run_query(dataset, "current_status", {"status": status}, timeout=30).result.rows
    assert sorted(map(str, parts)) == sorted(map(str, everything.rows))  # each item once, under its status


# ----- issue 17: queries that an analyst could cite against us ---------------------------------


def _rows(dataset, name, **params):
    result = run_query(dataset, name, params or None, timeout=30).result
    return [dict(zip(result.variables, row, strict=True)) for row in result.rows]


def _v(term) -> str:
    return "" if term is None else term.value


def test_post_holders_lists_holders_without_a_dated_tenure(dataset):
    rows = _rows(dataset, "post_holders")
    sullivan = [r for r in rows if _v(r["holder"]).endswith("/john-j-sullivan")]
    # The first article names him in the post with no date (org:holds alone); the joint statement
    # of 2019-05-08 gives him a tenure attested that day, so one row, the tenure's, and no
    # undated duplicate (the UNION's second branch is left out where a tenure exists).
    assert [
        (_v(r["post"]).rsplit("/", 1)[1], _v(r["state"]).rsplit("/", 1)[1], _v(r["attested_on"])) for r in sullivan
    ] == [("post-deputy-secretary-of-state-united-states", "united-states", "2019-05-08")]


def test_dyad_timeline_gives_one_row_per_event_per_report_from_that_report_alone(dataset):
    rows = _rows(dataset, "dyad_timeline", state_a="Kenya", state_b="United States")
    pairs = [(_v(r["event"]), _v(r["article"])) for r in rows]
    assert len(pairs) == len(set(pairs)), "an event is listed twice for one report"
    reported = dataset.select(
        """SELECT DISTINCT ?event ?article WHERE { GRAPH ?article { ?event rel:status ?status } ?event a/rdfs:subClassOf* rel:Event }"""
    ).rows
    # every report of every event between the two: the visit too, found through the delegation without --inferred
    visit = "https://w3id.org/relgraph/id/visit-kenyan-delegation-to-us-2019-05"
    assert (visit, "https://w3id.org/relgraph/id/article-2019-05-03-kenya-us-bsd") in pairs
    assert set(pairs) <= {(e.value, a.value) for e, a in reported}
    # the status and the place come from the same report's graph
    for r in rows:
        place = r["place"]
        if place is not None:
            stated = dataset.select(
                f"SELECT ?p WHERE {{ GRAPH <{_v(r['article'])}> {{ <{_v(r['event'])}> rel:place ?p }} }}"
            ).rows
            assert [p[0].value for p in stated] == [place.value], r
    meeting = [r for r in rows if _v(r["event"]).endswith("/meeting-2018-08-27-kenyatta-trump")]
    # five bundled reports state its status: both releases of 2018-08-28, the first article,
    # the joint statement of 2019-05-08 and VOA's of 2020-02-06
    assert sorted(_v(r["reported_on"]) for r in meeting) == [
        "2018-08-28",
        "2018-08-28",
        "2019-05-03",
        "2019-05-08",
        "2020-02-06",
    ]
    # oldest first; an undated event sorts at its report's date, never after the dated ones
    keys = [_v(r["start"]) or _v(r["reported_on"]) for r in rows]
    assert keys == sorted(keys)


def test_frameworks_lists_each_framework_once_and_counts_only_commitments(dataset):
    rows = _rows(dataset, "frameworks")
    names = [_v(r["framework"]) for r in rows]
    assert len(names) == len(set(names))
    by_name = {n.rsplit("/", 1)[1]: r for n, r in zip(names, rows, strict=True)}
    assert _v(by_name["security-governance-initiative"]["commitments"]) == "0"  # the action plan is no commitment
    # each once, though stated in two articles: maximising Kenya's AGOA benefits (2019-05-03 and
    # 2019-05-08) and the second BSD's mechanisms to expand trade and investment (2021-11-17)
    assert _v(by_name["agoa"]["commitments"]) == "2"
    purposes = _v(by_name["sgi-joint-country-action-plan-kenya"]["purpose"]).split(" | ")
    assert "to enhance civilian security and governance cooperation" in purposes


def test_group_concat_gives_plain_strings_as_sparql_1_1_says(dataset):
    rows = _rows(dataset, "dialogue_pillars")
    parties = {r["parties"] for r in rows}
    assert parties and all(p.language is None and p.datatype.value.endswith("#string") for p in parties)
    assert {p.value for p in parties} == {"Kenya, United States"}


def test_a_query_using_a_reasoner_only_term_says_so(dataset, cli):
    from relgraph.query.queries import run_sparql

    outcome = run_sparql(dataset, "SELECT ?person ?state WHERE { ?person rel:actsFor ?state }", timeout=30)
    assert outcome.result.rows == ()
    assert len(outcome.notes) == 1 and "rel:actsFor, which only a reasoner produces" in outcome.notes[0]
    assert "--inferred" in outcome.notes[0]
    plain = run_sparql(dataset, "SELECT ?person ?state WHERE { ?person org:holds/rel:postOfState ?state }", timeout=30)
    assert plain.result.rows and plain.notes == ()
    result = cli(
        "sparql", "PREFIX r: <https://w3id.org/relgraph/ontology#> SELECT ?m WHERE { ?m a r:BilateralMeeting }"
    )
    assert "Note: The query uses rel:BilateralMeeting, which only a reasoner produces" in result.output
