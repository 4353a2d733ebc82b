"""Every CAMEO event type of rel:EventTypeScheme against the codebook and the tables:
code, name, Goldstein score (GDELT's table, tests/data/cameo/), quad class (the root's),
PLOVER category, mode and context, and the rule written beside it."""

from __future__ import annotations

import pytest

from relgraph.model.namespaces import GRAPH_ONTOLOGY, REL

from .conftest import TEST_DATA

GOLDSTEIN = {
    code: float(score)
    for code, score in (
        line.split("\t") for line in (TEST_DATA / "cameo" / "CAMEO.goldsteinscale.txt").read_text().splitlines()[1:]
    )
}

#: code -> (individual, CAMEO name, PLOVER category, mode, context): CAMEO 1.1b3 chapter 2, and the
#: PLOVER manual 0.7b1 (CONSULT modes visit, third-party, multilateral, phone; a host is coded
#: as the visit's recipient, so 043 is mode visit) with OEDA's CAMEO2PLOVER-2021 contexts.
EXPECTED = {
    "010": ("MakeStatement", "Make statement", None, None, None),
    "030": ("ExpressIntentToCooperate", "Express intent to cooperate", "AGREE", None, "diplomatic"),
    "0311": (
        "ExpressIntentToCooperateEconomically",
        "Express intent to cooperate economically",
        "AGREE",
        None,
        "economic",
    ),
    "0312": ("ExpressIntentToCooperateMilitarily", "Express intent to cooperate militarily", "AGREE", None, "military"),
    "032": (
        "ExpressIntentToProvideDiplomaticCooperation",
        "Express intent to engage in diplomatic cooperation",
        "AGREE",
        None,
        "diplomatic",
    ),
    "036": ("ExpressIntentToMeetOrNegotiate", "Express intent to meet or negotiate", "AGREE", None, "diplomatic"),
    "040": ("Consult", "Consult", "CONSULT", None, None),
    "042": ("MakeAVisit", "Make a visit", "CONSULT", "visit", None),
    "043": ("HostAVisit", "Host a visit", "CONSULT", "visit", None),
    "044": ("MeetAtAThirdLocation", "Meet at a third location", "CONSULT", "third-party", None),
    "046": ("EngageInNegotiation", "Engage in negotiation", "CONSULT", None, "diplomatic"),
    "050": ("EngageInDiplomaticCooperation", "Engage in diplomatic cooperation", "SUPPORT", None, "diplomatic"),
    "057": ("SignFormalAgreement", "Sign formal agreement", "SUPPORT", None, "diplomatic"),
    "061": ("CooperateEconomically", "Cooperate economically", "COOPERATE", None, "economic"),
    "062": ("CooperateMilitarily", "Cooperate militarily", "COOPERATE", None, "military"),
}

QUERY = f"""
SELECT ?type ?code ?notation ?label ?goldstein ?quad ?category ?mode ?context ?definition ?rule WHERE {{
  GRAPH <{GRAPH_ONTOLOGY}> {{
    ?type skos:inScheme rel:EventTypeScheme ; a rel:EventType ; rel:cameoCode ?code ; skos:notation ?notation ;
          skos:prefLabel ?label ; rel:goldsteinScore ?goldstein ; rel:quadClass ?quad ;
          skos:definition ?definition ; skos:scopeNote ?rule .
    OPTIONAL {{ ?type rel:ploverCategory ?category }}
    OPTIONAL {{ ?type rel:ploverMode ?mode }}
    OPTIONAL {{ ?type rel:ploverContext ?context }}
  }}
}}"""


@pytest.fixture(scope="module")
def types(dataset) -> dict[str, dict[str, str | None]]:
    result = dataset.select(QUERY)
    return {
        row[1].value: {v: (t.value if t is not None else None) for v, t in zip(result.variables, row, strict=True)}
        for row in result.rows
    }


def test_the_scheme_has_exactly_the_expected_types(types):
    assert set(types) == set(EXPECTED)


@pytest.mark.parametrize("code", sorted(EXPECTED))
def test_each_type_matches_the_codebook_and_the_tables(types, code):
    name, label, category, mode, context = EXPECTED[code]
    found = types[code]
    assert found["type"] == REL + name
    assert found["notation"] == code and found["label"] == label
    assert float(found["goldstein"]) == GOLDSTEIN[code]
    assert int(found["quad"]) == (1 if code[:2] <= "05" else 2)  # roots 01-05 verbal, 06-08 material cooperation
    assert (found["category"], found["mode"], found["context"]) == (category, mode, context)
    assert found["definition"].startswith(f"CAMEO {code}, ")
    assert found["rule"].startswith("Rule: ")


def test_the_rules_carry_the_codebook_exclusions(types):
    assert "excludes promises to sign or ratify agreements and treaties" in types["057"]["rule"]
    assert '"Holding talks" and "discussions" are treated as negotiations' in types["046"]["rule"]
    assert "Talks and dialogue sessions are not 040" in types["040"]["rule"]
    assert "when meetings, negotiations, or other talks do take place" in types["036"]["rule"]
    assert (
        "the visitor will always be coded as the source actor and the host will be the recipient"
        in types["043"]["rule"]
    )
    assert "such as negotiations and mediation, are coded elsewhere under category 03" in types["032"]["rule"]


def test_the_event_coding_page_gives_every_rule_as_the_ontology_states_it(types):
    page = (TEST_DATA.parent.parent / "docs" / "explanation" / "event-coding.md").read_text(encoding="utf-8")
    for code, found in types.items():
        assert f"### {code} {found['label']}" in page
        assert found["definition"] in page and found["rule"].split(":", 1)[1] in page, code
