"""Reconciliation: new entities that look like ones already in the graph, with the IRI to reuse."""

from __future__ import annotations

import pytest

from relgraph.ingest.reconcile import name_variants
from relgraph.ingest.validation import validate_article
from relgraph.store import load_dataset

from .test_validation import OK, draft

EXTRA = """
reld:juma-cs
    a rel:Person ;
    rdfs:label "Cabinet Secretary for Foreign Affairs Ambassador Monica Juma"@en .

reld:sgi
    a rel:SecurityGovernanceFramework ;
    rdfs:label "Security Governance Initiative (SGI)"@en .

reld:us
    a rel:State ;
    rdfs:label "U.S."@en .

reld:president-trump
    a rel:Person ;
    rdfs:label "President Donald J. Trump"@en .

reld:kenya-us-ties
    a rel:BilateralRelation ;
    rdfs:label "Kenya-United States relations"@en ;
    rel:relationBetween reld:kenya , reld:united-states .

<https://w3id.org/relgraph/id/article-2019-06-01-kenya-us-trade-talks#fact-ties-ke> a rel:Assertion ;
    rel:factSubject reld:kenya-us-ties ; rel:factPredicate rel:relationBetween ; rel:factObject reld:kenya ;
    rel:attributionMode rel:AuthorNarration ;
    rel:supportedBy <https://w3id.org/relgraph/id/article-2019-06-01-kenya-us-trade-talks#char=16,88> .
<https://w3id.org/relgraph/id/article-2019-06-01-kenya-us-trade-talks#fact-ties-us> a rel:Assertion ;
    rel:factSubject reld:kenya-us-ties ; rel:factPredicate rel:relationBetween ; rel:factObject reld:united-states ;
    rel:attributionMode rel:AuthorNarration ;
    rel:supportedBy <https://w3id.org/relgraph/id/article-2019-06-01-kenya-us-trade-talks#char=16,88> .
"""


@pytest.mark.parametrize(
    ("label", "name", "reason"),
    [
        ("Cabinet Secretary for Foreign Affairs Ambassador Monica Juma", "Monica Juma", "without the titles"),
        ("Security Governance Initiative (SGI)", "Security Governance Initiative", "without '(SGI)'"),
        ("Security Governance Initiative (SGI)", "SGI", "'SGI' is its acronym"),
        ("U.S.", "US", "name the same thing"),
        ("U.S.", "United States", "name the same thing"),
        ("Deputy Secretary of State John J. Sullivan", "John Sullivan", "without the titles"),
        ("Kenya–US relations", "Kenya-US relations", "up to punctuation"),
        ("Trade & Investment", "Trade and Investment", "up to punctuation"),
    ],
)
def test_the_names_an_entity_may_go_by(label, name, reason):
    variants = name_variants(label)
    assert name in variants and reason in variants[name]


def test_new_entities_that_look_like_existing_ones_get_the_iri_to_reuse(project_copy, tmp_path):
    report = validate_article(load_dataset(project_copy), draft(tmp_path / "d", "a.ttl", OK + EXTRA))
    assert report.ok
    found = {
        (i.node.rsplit("/", 1)[1], i.suggestion.rsplit("/", 1)[1]) for i in report.warnings if i.code == "reconcile"
    }
    assert found == {
        ("juma-cs", "monica-juma"),
        ("sgi", "security-governance-initiative"),
        ("us", "united-states"),
        ("president-trump", "donald-trump"),
        ("kenya-us-ties", "kenya-us-relations"),
    }
    juma = next(i for i in report.warnings if i.node.endswith("/juma-cs"))
    assert juma.message == (
        "looks like reld:monica-juma ('Monica Juma'), already in the graph: the same name without the titles in "
        "'Cabinet Secretary for Foreign Affairs Ambassador Monica Juma'. If it is the same, use reld:monica-juma "
        "instead of a new IRI."
    )
    assert juma.line == (OK + EXTRA).splitlines().index("reld:juma-cs") + 1


def test_a_lookalike_of_a_disjoint_class_is_not_suggested(project_copy, tmp_path):
    """A person called Kenya is not the state; a state called America is not the place."""
    extra = """
reld:kenya-the-person a rel:Person ; rdfs:label "Kenya"@en .
reld:america-the-state a rel:State ; rdfs:label "America"@en .
"""
    report = validate_article(load_dataset(project_copy), draft(tmp_path / "d", "a.ttl", OK + extra))
    assert [i for i in report.issues if i.code == "reconcile"] == []


def test_reused_iris_need_no_reconciliation(project_copy, tmp_path):
    report = validate_article(load_dataset(project_copy), draft(tmp_path / "d", "ok-article.ttl"))
    assert not report.issues


def test_the_validate_command_shows_the_iri_to_reuse_and_exits_zero(cli, project_copy, tmp_path):
    result = cli("validate", str(draft(tmp_path / "d", "a.ttl", OK + EXTRA)), project=project_copy)
    assert result.exit_code == 0
    assert (
        "reld:sgi ('Security Governance Initiative (SGI)'): looks like reld:security-governance-initiative"
        in result.output
    )
    assert "0 errors, 5 warnings" in result.output


@pytest.mark.parametrize(
    ("label", "name"),
    [
        ("U.S.-Kenya relations", "Kenya-US relations"),
        ("U.S.-Kenya Bilateral Strategic Dialogue", "Kenya–United States Bilateral Strategic Dialogue"),
        ("Kenya-U.S. Bilateral Strategic Dialogue", "Kenya–United States Bilateral Strategic Dialogue"),
        ("US–Kenya trade talks", "Kenya-U.S. trade talks"),
    ],
)
def test_a_pair_of_names_in_reversed_order_is_a_variant(label, name):
    variants = name_variants(label)
    assert name in variants and "another order" in variants[name]


def test_reversed_word_order_finds_the_existing_entity(project_copy, tmp_path):
    extra = """
reld:us-kenya-bsd a rel:BilateralMechanism ; rdfs:label "U.S.-Kenya Bilateral Strategic Dialogue"@en .
reld:us-kenya-ties a rel:BilateralRelation ; rdfs:label "U.S.-Kenya relations"@en .
"""
    report = validate_article(load_dataset(project_copy), draft(tmp_path / "d", "a.ttl", OK + extra))
    found = {
        (i.node.rsplit("/", 1)[1], i.suggestion.rsplit("/", 1)[1]) for i in report.warnings if i.code == "reconcile"
    }
    assert found == {("us-kenya-bsd", "bilateral-strategic-dialogue"), ("us-kenya-ties", "kenya-us-relations")}


def test_two_new_iris_for_one_thing_in_one_file_are_reported(project_copy, tmp_path):
    extra = """
reld:antony-blinken a rel:Person ; rdfs:label "Antony Blinken"@en .
reld:secretary-blinken a rel:Person ; rdfs:label "U.S. Secretary of State Antony J. Blinken"@en .
reld:kenya-rwanda-jcc a rel:BilateralMechanism ; rdfs:label "Kenya-Rwanda Joint Commission"@en .
reld:rwanda-kenya-jcc a rel:BilateralMechanism ; rdfs:label "Rwanda–Kenya Joint Commission"@en .
reld:antony-blinken-the-place a rel:Place ; rdfs:label "Antony Blinken"@en .
"""
    report = validate_article(load_dataset(project_copy), draft(tmp_path / "d", "a.ttl", OK + extra))
    twins = {
        (i.node.rsplit("/", 1)[1], i.suggestion.rsplit("/", 1)[1]): i.message
        for i in report.warnings
        if i.code == "reconcile"
    }
    assert set(twins) == {("secretary-blinken", "antony-blinken"), ("rwanda-kenya-jcc", "kenya-rwanda-jcc")}
    assert twins[("secretary-blinken", "antony-blinken")].startswith(
        "looks like reld:antony-blinken ('Antony Blinken'), another new entity of this file: the same name without "
        "the titles"
    )
