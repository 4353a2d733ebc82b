"""Roles at events, the dialogue's pillars over time and the level of the relation, in the
bundled Kenya-United States history, through the canned queries pillars_on,
relation_level_on and event_roles (issue 17, "Modelling gaps analysts hit"). Each answer
is read from the articles' own sentences: the pillars Juma named on 2019-05-03, the five
pillars the 2021 joint statement counts (its stored excerpt names Pillar One only), the
elevation of 27 August 2018, the co-chairs and signatories of May 2019, the hosts of 2020
and 2024."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from relgraph.ingest.shacl import validate_graph
from relgraph.model.namespaces import GRAPH_ONTOLOGY, PREFIXES, REL
from relgraph.query.queries import run_query

from .conftest import REPO

RELD = "https://w3id.org/relgraph/id/"
SEED = RELD + "article-2019-05-03-kenya-us-bsd"
WB_2018 = RELD + "article-2018-08-28-us-kenya-strategic-partnership-worldbulletin"
BSD_2019 = RELD + "article-2019-05-08-us-kenya-bsd-joint-statement"
VOA_2020 = RELD + "article-2020-02-06-voa-trump-kenyatta-trade-negotiations"
BSD_2021 = RELD + "article-2021-11-17-kenya-us-second-bsd-joint-statement"
VISIT_2024 = RELD + "article-2024-05-23-biden-ruto-state-visit-afp"
FOUR_PILLARS = [
    "pillar-defence-cooperation",
    "pillar-democracy-governance-and-civilian-security",
    "pillar-economic-prosperity-trade-and-investment",
    "pillar-multilateral-and-regional-issues",
]


def _records(dataset, name: str, **params: str) -> list[dict[str, str]]:
    result = run_query(dataset, name, params, timeout=60).result
    return [{k: ("" if v is None else v.value) for k, v in r.items()} for r in result.records()]


def _local(iri: str) -> str:
    return iri.rsplit("/", 1)[-1].rsplit("#", 1)[-1]


# ---------------------------------------------------------------- pillars


def _pillars(dataset, day: str) -> list[dict[str, str]]:
    return _records(dataset, "pillars_on", mechanism="Bilateral Strategic Dialogue", date=day)


def test_no_pillars_are_known_before_the_first_text_names_them(dataset):
    assert _pillars(dataset, "2019-05-02") == []


@pytest.mark.parametrize("day", ["2019-05-03", "2019-06-01", "2021-11-16"])
def test_in_2019_the_pillars_are_the_four_juma_named(dataset, day):
    rows = _pillars(dataset, day)
    assert sorted(_local(r["pillar"]) for r in rows) == FOUR_PILLARS
    assert {(r["as_of"], r["article"], r["speaker"], r["named_count"], r["stated_count"]) for r in rows} == {
        ("2019-05-03", SEED, RELD + "monica-juma", "4", "")
    }
    assert {r["sentence"] for r in rows} == {
        "According to Juma, the dialogue will focus on Economic Prosperity, Trade & Investment, Defence "
        "Cooperation, Democracy & Governance and Multilateral & Regional Issues."
    }


@pytest.mark.parametrize("day", ["2021-11-17", "2022-01-01", "2024-12-31"])
def test_from_november_2021_five_pillars_are_counted_and_the_excerpt_names_pillar_one(dataset, day):
    """The stored 2021 excerpt says 'across all five pillars' and names only Pillar One: the
    answer says so (stated 5, named 1, not named 4) instead of passing one pillar for all."""
    rows = _pillars(dataset, day)
    assert [(_local(r["pillar"]), r["as_of"], r["article"]) for r in rows] == [
        ("pillar-economic-prosperity-trade-and-investment", "2021-11-17", BSD_2021)
    ]
    (row,) = rows
    assert (row["stated_count"], row["named_count"], row["not_named"], row["speaker"]) == ("5", "1", "4", "")
    assert row["sentence"].startswith("Pillar One – Economic Prosperity, Trade, and Investment:")


def test_each_pillar_set_is_its_articles_own_with_its_day(dataset):
    rows = dataset.select(
        """SELECT ?article ?set ?day (COUNT(?p) AS ?n) WHERE {
             GRAPH ?article { ?set a rel:PillarSet ; rel:pillarSetOf reld:bilateral-strategic-dialogue ;
                                   rel:asOf ?day ; rel:includesPillar ?p } }
           GROUP BY ?article ?set ?day ORDER BY ?day"""
    ).rows
    assert [(a.value, _local(s.value), d.value, n.value) for a, s, d, n in rows] == [
        (SEED, "pillar-set-bsd-2019-05-03", "2019-05-03", "4"),
        (BSD_2021, "pillar-set-bsd-2021-11-17", "2021-11-17", "1"),
    ]


# ---------------------------------------------------------------- relation level


def _level(dataset, day: str) -> list[dict[str, str]]:
    return _records(dataset, "relation_level_on", state_a="Kenya", state_b="United States", date=day)


def test_before_27_august_2018_no_level_is_recorded(dataset):
    assert _level(dataset, "2018-08-26") == []


@pytest.mark.parametrize("day", ["2018-08-27", "2019-01-01", "2024-05-23"])
def test_from_27_august_2018_the_relation_is_a_strategic_partnership(dataset, day):
    rows = _level(dataset, day)
    assert {(r["level"], r["changed_on"], _local(r["change"])) for r in rows} == {
        (REL + "StrategicPartnership", "2018-08-27", "elevation-kenya-us-relations-strategic-partnership-2018")
    }
    # two reports with the date (2018, 2019); the 2020 report gives only the year, so it is not one
    assert sorted({r["article"] for r in rows}) == [WB_2018, BSD_2019]
    assert "The U.S. and Kenya on Monday agreed to elevate their relationship to a strategic partnership." in {
        r["sentence"] for r in rows
    }


def test_the_order_of_the_states_does_not_matter(dataset):
    swapped = _records(dataset, "relation_level_on", state_a="United States", state_b="Kenya", date="2019-01-01")
    assert {(r["level"], r["article"]) for r in swapped} == {
        (r["level"], r["article"]) for r in _level(dataset, "2019-01-01")
    }


def test_the_elevation_is_a_relation_level_change_in_every_report(dataset):
    rows = dataset.select(
        """SELECT DISTINCT ?article WHERE { GRAPH ?article {
             reld:elevation-kenya-us-relations-strategic-partnership-2018 a rel:RelationLevelChange ;
               rel:toLevel rel:StrategicPartnership } } ORDER BY ?article"""
    ).rows
    assert [a.value for (a,) in rows] == sorted(
        [WB_2018, BSD_2019, RELD + "article-2020-07-09-us-kenya-launch-fta-negotiations"]
    )


# ---------------------------------------------------------------- roles


def _roles(dataset, event: str | None = None) -> set[tuple[str, str, str, str]]:
    params = {"event": event} if event else {}
    return {
        (_local(r["event"]), _local(r["participant"]), _local(r["role"]), r["article"])
        for r in _records(dataset, "event_roles", **params)
    }


def test_nagy_and_amolo_co_chaired_the_inaugural_session(dataset):
    rows = _records(dataset, "event_roles", event="reld:bsd-session-1")
    chairs = sorted((_local(r["participant"]), _local(r["role"]), r["published"]) for r in rows if r["role"])
    assert chairs == [("tibor-p-nagy", "CoChairRole", "2019-05-08"), ("tom-amolo", "CoChairRole", "2019-05-08")]
    assert {r["sentence"] for r in rows if r["role"]} == {
        "Assistant Secretary of State for African Affairs Tibor P. Nagy and Ministry of Foreign Affairs Political "
        "and Diplomatic Secretary Ambassador Tom Amolo co-chaired the two-day interagency discussions."
    }
    # the first article names Juma among the participants, with no role at the session
    assert ("monica-juma", "", SEED) in {(_local(r["participant"]), r["role"], r["article"]) for r in rows}


def test_every_role_the_texts_state_and_no_other(dataset):
    roles = {row for row in _roles(dataset) if row[2]}
    assert roles == {
        ("visit-kenyan-delegation-to-us-2019-05", "monica-juma", "HeadOfDelegationRole", SEED),
        ("bsd-session-1", "tibor-p-nagy", "CoChairRole", BSD_2019),
        ("bsd-session-1", "tom-amolo", "CoChairRole", BSD_2019),
        ("signing-bsd-framework-2019", "john-j-sullivan", "SignatoryRole", BSD_2019),
        ("signing-bsd-framework-2019", "monica-juma", "SignatoryRole", BSD_2019),
        ("meeting-2020-02-06-kenyatta-trump", "donald-trump", "HostRole", VOA_2020),
        ("meeting-2024-05-23-ruto-biden", "joe-biden", "HostRole", VISIT_2024),
    }


def test_a_participant_with_a_role_is_not_listed_again_without_it(dataset):
    rows = _roles(dataset, "reld:meeting-2020-02-06-kenyatta-trump")
    assert {(p, role) for _, p, role, _ in rows} == {("donald-trump", "HostRole"), ("uhuru-kenyatta", "")}


def test_every_role_holder_is_also_a_participant_of_the_event_in_the_same_article(dataset):
    missing = dataset.select(
        """SELECT ?p WHERE { GRAPH ?a { ?p rel:inEvent ?e ; rel:participant ?who .
             FILTER NOT EXISTS { ?e rel:hasParticipant ?who } } }"""
    ).rows
    assert list(missing) == []


def test_amolo_and_sullivan_hold_their_posts_as_the_statement_says(dataset):
    rows = _records(dataset, "post_holders")
    held = {(_local(r["holder"]), _local(r["post"])) for r in rows}
    assert ("tom-amolo", "post-political-and-diplomatic-secretary-mfa-kenya") in held
    assert ("john-j-sullivan", "post-deputy-secretary-of-state-united-states") in held


@pytest.mark.parametrize("bad", ['"0"^^xsd:integer', '"five"', '"5"^^xsd:positiveInteger, "4"^^xsd:positiveInteger'])
def test_a_bad_pillar_count_is_caught_by_the_shapes(dataset, bad):
    data = [t for t in dataset.triples_in(BSD_2021) if t.predicate.value != REL + "pillarCount"]
    prefixes = "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in PREFIXES.items())
    data += list(
        ox.parse(prefixes + f"reld:pillar-set-bsd-2021-11-17 rel:pillarCount {bad} .", format=ox.RdfFormat.TURTLE)
    )
    ontology = dataset.triples_in(GRAPH_ONTOLOGY)
    assert not [
        r
        for r in validate_graph(REPO / "ontology" / "shapes.ttl", ontology, dataset.triples_in(BSD_2021))
        if r.path == "rel:pillarCount"
    ]
    results = validate_graph(REPO / "ontology" / "shapes.ttl", ontology, data)
    assert any(r.path == "rel:pillarCount" and r.focus.endswith("pillar-set-bsd-2021-11-17") for r in results)
