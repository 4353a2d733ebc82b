"""Competency tests over the bundled history of Kenya-United States relations, 2018-2024:
each verbatim source's key facts, asked inside that source's own graph (who said it, in
which sentence), and the relation over time as dyad_timeline shows it. Also the sources
themselves: verbatim text (hash), an address, an excerpt note that names where the kept
text ends."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from relgraph.model.namespaces import REL
from relgraph.query.queries import run_query

from .conftest import REPO

RELD = "https://w3id.org/relgraph/id/"
SEED = RELD + "article-2019-05-03-kenya-us-bsd"
BSD_2019 = RELD + "article-2019-05-08-us-kenya-bsd-joint-statement"
WB_2018 = RELD + "article-2018-08-28-us-kenya-strategic-partnership-worldbulletin"
USTR_2018 = RELD + "article-2018-08-28-ustr-kenya-trade-investment-working-group"
VOA_2020 = RELD + "article-2020-02-06-voa-trump-kenyatta-trade-negotiations"
FTA_2020 = RELD + "article-2020-07-09-us-kenya-launch-fta-negotiations"
BSD_2021 = RELD + "article-2021-11-17-kenya-us-second-bsd-joint-statement"
VISIT_2024 = RELD + "article-2024-05-23-biden-ruto-state-visit-afp"
#: Where the project keeps the verbatim texts it took from their sources (not in CI).
TEXTS = REPO.parent.parent / "texts"


def _rows(dataset, query: str) -> list[tuple[str, ...]]:
    return [tuple("" if t is None else t.value for t in row) for row in dataset.select(query).rows]


def _said(dataset, article: str, subject: str, prop: str) -> list[tuple[str, str, str, str]]:
    """(value, speaker, mode, sentence) of each assertion of subject/prop in one article's graph."""
    return sorted(
        _rows(
            dataset,
            f"""SELECT ?value ?speaker ?mode ?sentence WHERE {{ GRAPH <{article}> {{
                  ?a rel:factSubject <{subject}> ; rel:factPredicate <{prop}> ; rel:factObject ?value ;
                     rel:attributionMode ?mode ; rel:supportedBy ?m . ?m rel:exactText ?sentence .
                  OPTIONAL {{ ?a rel:attributedTo ?speaker }} }} }}""",
        )
    )


# ---------------------------------------------------------------- the sources


def _articles(dataset) -> dict[str, dict[str, str]]:
    rows = _rows(
        dataset,
        """SELECT ?article ?file ?sha ?url ?excerpt ?date WHERE { GRAPH ?article {
             ?article a rel:Article ; rel:textFile ?file ; rel:textSha256 ?sha ; schema:datePublished ?date .
             OPTIONAL { ?article schema:url ?url } OPTIONAL { ?article rel:excerpt ?excerpt } } }""",
    )
    return {r[0]: dict(zip(("file", "sha", "url", "excerpt", "date"), r[1:], strict=True)) for r in rows}


def test_every_article_text_is_the_file_its_hash_names_with_an_address_and_an_excerpt_note(dataset):
    articles = _articles(dataset)
    assert {BSD_2019, WB_2018, USTR_2018, VOA_2020, FTA_2020, BSD_2021, VISIT_2024, SEED} <= set(articles)
    for article, meta in articles.items():
        text = (REPO / "data" / meta["file"]).read_bytes()
        assert hashlib.sha256(text).hexdigest() == meta["sha"], article
        if article == SEED:  # the project's seed text: received without an address (rel:sourceNote says so)
            assert meta["url"] == ""
            continue
        assert meta["url"].startswith(("https://", "http://")), article
        # the excerpt note says where the kept text ends: it quotes the text's last words
        last_words = " ".join(text.decode("utf-8").split()[-3:]).rstrip(".'\"")
        assert last_words in meta["excerpt"], (article, last_words)


@pytest.mark.skipif(not TEXTS.is_dir(), reason="the verbatim source texts folder is not on this machine")
def test_every_bundled_text_is_byte_for_byte_the_source_text(dataset):
    for article, meta in _articles(dataset).items():
        if article == SEED:
            continue
        name = Path(meta["file"]).name
        assert (REPO / "data" / meta["file"]).read_bytes() == (TEXTS / name).read_bytes(), name


def test_the_held_summary_in_our_own_words_is_gone(dataset):
    assert RELD + "article-2019-05-10-kenya-us-bsd-held" not in _articles(dataset)
    assert not list((REPO / "data" / "articles").glob("article-2019-05-10-kenya-us-bsd-held.*"))


def test_official_releases_and_news_articles_are_told_apart(dataset):
    kinds = dict(
        _rows(dataset, "SELECT ?g ?kind WHERE { GRAPH ?g { ?g a rel:Article , ?kind FILTER(?kind != rel:Article) } }")
    )
    assert kinds[BSD_2019] == kinds[USTR_2018] == kinds[BSD_2021] == REL + "OfficialRelease"
    assert kinds[WB_2018] == kinds[VOA_2020] == kinds[FTA_2020] == kinds[VISIT_2024] == REL + "NewsArticle"


# ---------------------------------------------------------------- 2018


def test_2018_the_relation_was_elevated_to_a_strategic_partnership_on_monday_27_august(dataset):
    event = RELD + "elevation-kenya-us-relations-strategic-partnership-2018"
    said = _said(
        dataset, WB_2018, event, REL + "date"
    )  # one assertion, two sentences: 'on Monday', 'the new partnership'
    assert {(v, mode) for v, _, mode, _ in said} == {("2018-08-27", REL + "AuthorNarration")}
    assert any(s.startswith("The U.S. and Kenya on Monday agreed to elevate their relationship") for *_, s in said)
    levels = _rows(dataset, f"SELECT DISTINCT ?level WHERE {{ <{event}> rel:aimsAt ?level }}")
    assert levels == [(REL + "StrategicPartnership",)]
    # the 2019 joint statement reports the same elevation, at the White House
    assert _said(dataset, BSD_2019, event, REL + "place")[0][0] == RELD + "white-house"


def test_2018_the_white_house_statement_is_quoted_for_the_annual_dialogue(dataset):
    said = _said(dataset, WB_2018, RELD + "commitment-strategic-partnership-annual-dialogue", REL + "eventType")
    assert said == [
        (
            REL + "ExpressIntentToMeetOrNegotiate",
            RELD + "white-house-office",
            REL + "DirectQuote",
            "“This United States–Kenya Strategic Partnership will include an annual dialogue to advance mutual"
            " prosperity,” the statement said.",
        )
    ]


def test_2018_the_meeting_in_washington_is_kenyatta_s_visit_and_defence_vows_are_0312(dataset):
    visit = _said(dataset, WB_2018, RELD + "meeting-2018-08-27-kenyatta-trump", REL + "eventType")
    assert [v for v, *_ in visit] == [REL + "MakeAVisit"] * 2  # 'their meeting in Washington' and 'the visit'
    vows = _rows(
        dataset,
        f"""SELECT ?content ?type WHERE {{ GRAPH <{WB_2018}> {{ ?c a rel:Commitment ; rel:content ?content ;
              rel:eventType ?type ; rel:committedBy reld:uhuru-kenyatta, reld:donald-trump }} }} ORDER BY ?content""",
    )
    assert (
        "enhance defense and security cooperation",
        REL + "ExpressIntentToCooperateMilitarily",
    ) in vows
    # counterterrorism cooperation says neither military nor police: the residual 030
    assert any(c.startswith("continued counterterrorism") and t == REL + "ExpressIntentToCooperate" for c, t in vows)


def test_2018_ustr_announced_the_trade_and_investment_working_group_on_27_august(dataset):
    rows = _rows(
        dataset,
        f"""SELECT ?date ?type ?place WHERE {{ GRAPH <{USTR_2018}> {{
              ?e rel:established reld:trade-and-investment-working-group ; rel:date ?date ; rel:eventType ?type ;
                 rel:place ?place ; rel:hasParticipant reld:robert-lighthizer, reld:chris-kiptoo }} }}""",
    )
    assert rows == [("2018-08-27", REL + "ExpressIntentToCooperateEconomically", RELD + "washington-dc")]
    quoted = _said(dataset, USTR_2018, RELD + "commitment-tiwg-explore-trade-and-investment-framework", REL + "about")
    assert {(v, who, mode) for v, who, mode, _ in quoted} == {
        (RELD + "agoa", RELD + "robert-lighthizer", REL + "DirectQuote"),
        (RELD + "trade-and-investment-working-group", RELD + "robert-lighthizer", REL + "DirectQuote"),
    }
    posts = _rows(
        dataset,
        f"""SELECT ?person ?state WHERE {{ GRAPH <{USTR_2018}> {{ ?person org:holds ?post .
              ?post rel:postOfState ?state }} }} ORDER BY ?person""",
    )
    assert posts == [
        (RELD + "chris-kiptoo", RELD + "kenya"),
        (RELD + "peter-munya", RELD + "kenya"),
        (RELD + "robert-lighthizer", RELD + "united-states"),
    ]


# ---------------------------------------------------------------- 2019


def test_2019_the_joint_statement_reports_the_inaugural_session_held_in_washington(dataset):
    session = RELD + "bsd-session-1"
    status = _said(dataset, BSD_2019, session, REL + "status")
    assert [(v, mode) for v, _, mode, _ in status] == [(REL + "Completed", REL + "AuthorNarration")]
    assert status[0][3] == (
        "The United States and Kenya held the inaugural Bilateral Strategic Dialogue in Washington, D.C. on May 7-8."
    )
    rows = _rows(
        dataset,
        f"""SELECT ?start ?end ?place ?type WHERE {{ GRAPH <{BSD_2019}> {{ <{session}> rel:startDate ?start ;
              rel:endDate ?end ; rel:place ?place ; rel:eventType ?type }} }}""",
    )
    assert rows == [("2019-05-07", "2019-05-08", RELD + "washington-dc", REL + "EngageInNegotiation")]
    chairs = _said(dataset, BSD_2019, session, REL + "hasParticipant")
    assert {v for v, *_ in chairs} == {RELD + "tibor-p-nagy", RELD + "tom-amolo"}
    assert all("co-chaired the two-day interagency discussions" in s for *_, s in chairs)


def test_2019_the_framework_signing_by_sullivan_and_juma_is_a_completed_057(dataset):
    signing = RELD + "signing-bsd-framework-2019"
    rows = _rows(
        dataset,
        f"""SELECT ?status ?type ?signs (GROUP_CONCAT(STR(?who); separator=" ") AS ?signatories) WHERE {{
              GRAPH <{BSD_2019}> {{ <{signing}> rel:status ?status ; rel:eventType ?type ; rel:signs ?signs ;
              rel:signatory ?who }} }} GROUP BY ?status ?type ?signs""",
    )
    assert len(rows) == 1
    status, cameo, signs, signatories = rows[0]
    assert (status, cameo, signs) == (REL + "Completed", REL + "SignFormalAgreement", RELD + "agreement-guiding-bsd")
    assert set(signatories.split()) == {RELD + "john-j-sullivan", RELD + "monica-juma"}
    # the announced signing of article 1 (agreement and SGI plan) is not reported done by any source
    latest = run_query(dataset, "current_status", {}, timeout=30).result.records()
    announced = [r for r in latest if r["item"].value == RELD + "signing-bsd-agreement-and-sgi-action-plan"]
    assert [r["status"].value for r in announced] == [REL + "Planned"]


def test_2019_posts_sullivan_nagy_and_amolo_are_attested_by_the_joint_statement(dataset):
    rows = _rows(
        dataset,
        f"""SELECT ?holder ?post ?state ?on WHERE {{ GRAPH <{BSD_2019}> {{ ?t rel:holder ?holder ; rel:post ?p ;
              rel:attestedOn ?on . ?p rdfs:label ?post ; rel:postOfState ?state }} }} ORDER BY ?holder""",
    )
    assert rows == [
        (RELD + "john-j-sullivan", "Deputy Secretary of State (United States)", RELD + "united-states", "2019-05-08"),
        (RELD + "monica-juma", "Cabinet Secretary for Foreign Affairs (Kenya)", RELD + "kenya", "2019-05-08"),
        (
            RELD + "tibor-p-nagy",
            "Assistant Secretary of State for African Affairs (United States)",
            RELD + "united-states",
            "2019-05-08",
        ),
        (
            RELD + "tom-amolo",
            "Political and Diplomatic Secretary, Ministry of Foreign Affairs (Kenya)",
            RELD + "kenya",
            "2019-05-08",
        ),
    ]


def test_2019_the_trade_working_group_met_first_on_3_to_8_april(dataset):
    rows = _rows(
        dataset,
        f"""SELECT ?start ?end ?type ?status WHERE {{ GRAPH <{BSD_2019}> {{
              reld:tiwg-meeting-1 rel:sessionOf reld:trade-and-investment-working-group ; rel:startDate ?start ;
              rel:endDate ?end ; rel:eventType ?type ; rel:status ?status }} }}""",
    )
    assert rows == [("2019-04-03", "2019-04-08", REL + "Consult", REL + "Completed")]


def test_2019_open_skies_talks_are_an_agreed_intent_to_negotiate(dataset):
    said = _said(dataset, BSD_2019, RELD + "commitment-accelerate-open-skies-cargo-talks", REL + "eventType")
    assert [v for v, *_ in said] == [REL + "ExpressIntentToMeetOrNegotiate"]
    assert said[0][3].startswith("The United States and Kenya agreed to accelerate bilateral talks")


# ---------------------------------------------------------------- 2020


def test_2020_kenyatta_visited_the_white_house_and_trump_announced_trade_negotiations(dataset):
    rows = _rows(
        dataset,
        f"""SELECT ?date ?type ?source ?target ?place WHERE {{ GRAPH <{VOA_2020}> {{
              reld:meeting-2020-02-06-kenyatta-trump rel:date ?date ; rel:eventType ?type ; rel:sourceActor ?source ;
              rel:targetActor ?target ; rel:place ?place }} }}""",
    )
    assert rows == [("2020-02-06", REL + "MakeAVisit", RELD + "kenya", RELD + "united-states", RELD + "white-house")]
    plan = _said(
        dataset, VOA_2020, RELD + "commitment-us-initiate-trade-agreement-negotiations-with-kenya", REL + "eventType"
    )
    assert [(v, who, mode) for v, who, mode, _ in plan] == [
        (REL + "ExpressIntentToMeetOrNegotiate", RELD + "donald-trump", REL + "ReportedSpeech")
    ]
    # 'in August 2018' gives no day: this article's graph dates nothing for the 2018 meeting
    assert _said(dataset, VOA_2020, RELD + "meeting-2018-08-27-kenyatta-trump", REL + "date") == []


def test_2020_the_free_trade_negotiations_were_launched_on_wednesday_8_july(dataset):
    launch = RELD + "launch-kenya-us-fta-negotiations-2020-07"
    said = _said(dataset, FTA_2020, launch, REL + "startDate")
    assert [(v, who) for v, who, *_ in said] == [("2020-07-08", RELD + "robert-lighthizer")]
    rows = _rows(
        dataset,
        f"""SELECT ?type ?status WHERE {{ GRAPH <{FTA_2020}> {{ <{launch}> rel:eventType ?type ; rel:status ?status ;
              rel:established reld:kenya-us-trade-agreement-negotiations }} }}""",
    )
    assert rows == [(REL + "EngageInNegotiation", REL + "Completed")]
    maina = _rows(
        dataset,
        f"""SELECT ?post WHERE {{ GRAPH <{FTA_2020}> {{ reld:betty-maina org:holds ?p . ?p rdfs:label ?post }} }}""",
    )
    assert maina == [("Cabinet Secretary for Industrialization, Trade and Enterprise Development (Kenya)",)]


# ---------------------------------------------------------------- 2021, 2024


def test_2021_the_second_bsd_was_held_in_nairobi_on_17_november_with_omamo_and_blinken(dataset):
    rows = _rows(
        dataset,
        f"""SELECT ?date ?place ?number ?type ?status WHERE {{ GRAPH <{BSD_2021}> {{
              reld:bsd-session-2 rel:sessionOf reld:bilateral-strategic-dialogue ; rel:date ?date ; rel:place ?place ;
              rel:sessionNumber ?number ; rel:eventType ?type ; rel:status ?status ;
              rel:hasParticipant reld:raychelle-omamo, reld:antony-j-blinken }} }}""",
    )
    assert rows == [("2021-11-17", RELD + "nairobi", "2", REL + "EngageInNegotiation", REL + "Completed")]
    posts = _rows(
        dataset,
        f"""SELECT ?holder ?state WHERE {{ GRAPH <{BSD_2021}> {{ ?t rel:holder ?holder ; rel:attestedOn "2021-11-17"^^xsd:date ;
              rel:post/rel:postOfState ?state }} }} ORDER BY ?holder""",
    )
    assert posts == [(RELD + "antony-j-blinken", RELD + "united-states"), (RELD + "raychelle-omamo", RELD + "kenya")]


def test_2021_pillar_one_commitments_and_the_aid_promise_without_a_wrong_code(dataset):
    rows = dict(
        _rows(
            dataset,
            f"""SELECT ?c ?type WHERE {{ GRAPH <{BSD_2021}> {{ ?c a rel:Commitment ;
                  rel:underPillar reld:pillar-economic-prosperity-trade-and-investment .
                  OPTIONAL {{ ?c rel:eventType ?type }} }} }}""",
        )
    )
    short = {k.rsplit("/", 1)[1]: v.rsplit("#", 1)[-1] for k, v in rows.items()}
    assert short == {
        "commitment-bsd-2021-deepen-economic-ties-expand-trade": "ExpressIntentToCooperateEconomically",
        "commitment-bsd-2021-explore-mechanisms-expand-trade-investment": "ExpressIntentToCooperateEconomically",
        "commitment-bsd-2021-implement-mcc-threshold-program": "",  # economic aid (0331) is not in the scheme
        "commitment-bsd-2021-environment-climate-cooperation": "ExpressIntentToCooperate",
    }


def test_2024_biden_welcomed_ruto_at_the_white_house_and_each_is_quoted(dataset):
    rows = _rows(
        dataset,
        f"""SELECT ?date ?type ?place WHERE {{ GRAPH <{VISIT_2024}> {{ reld:meeting-2024-05-23-ruto-biden rel:date ?date ;
              rel:eventType ?type ; rel:place ?place ; rel:hasParticipant reld:joe-biden, reld:william-ruto }} }}""",
    )
    assert rows == [("2024-05-23", REL + "MakeAVisit", RELD + "white-house")]
    quotes = _rows(
        dataset,
        f"""SELECT ?speaker ?text WHERE {{ GRAPH <{VISIT_2024}> {{ ?a rel:attributedTo ?speaker ;
              rel:attributionMode rel:DirectQuote ; rel:factPredicate rel:claimText ; rel:factObject ?text }} }}
              ORDER BY ?speaker ?text""",
    )
    assert quotes == [
        (RELD + "joe-biden", 'The two countries are "united by the same democratic values."'),
        (RELD + "joe-biden", "We are stronger and the world is safer when Kenya and the United States work together."),
        (
            RELD + "william-ruto",
            "I am confident, Mr President, that the partnership of the United States and Kenya will give us the"
            " solutions that the world so seriously needs.",
        ),
    ]
    ally = _said(dataset, VISIT_2024, RELD + "commitment-biden-ask-congress-kenya-major-non-nato-ally", REL + "status")
    assert [v for v, *_ in ally] == [REL + "StatedIntent"]


# ---------------------------------------------------------------- over time


def test_the_dyad_timeline_runs_from_2018_to_2024_in_order(dataset):
    records = run_query(
        dataset, "dyad_timeline", {"state_a": "Kenya", "state_b": "United States"}, timeout=60
    ).result.records()
    dated = [(r["start"].value, r["event"].value.rsplit("/", 1)[1]) for r in records if r.get("start")]
    starts = [d for d, _ in dated]
    assert starts == sorted(starts)
    first_seen: dict[str, str] = {}
    for start, event in dated:
        first_seen.setdefault(event, start)
    order = [e for e, _ in sorted(first_seen.items(), key=lambda kv: kv[1])]
    for earlier, later in [
        ("meeting-2018-08-27-kenyatta-trump", "tiwg-meeting-1"),
        ("tiwg-meeting-1", "bsd-session-1"),
        ("bsd-session-1", "meeting-2020-02-06-kenyatta-trump"),
        ("meeting-2020-02-06-kenyatta-trump", "launch-kenya-us-fta-negotiations-2020-07"),
        ("launch-kenya-us-fta-negotiations-2020-07", "bsd-session-2"),
        ("bsd-session-2", "meeting-2024-05-23-ruto-biden"),
    ]:
        assert order.index(earlier) < order.index(later), (earlier, later)
    assert starts[0] == "2018-08-27" and starts[-1] == "2024-05-23"
    # the inaugural session: planned on 2019-05-03, completed on 2019-05-08
    session = {
        (r["status"].value, r["reported_on"].value) for r in records if r["event"].value.endswith("/bsd-session-1")
    }
    assert session == {(REL + "Planned", "2019-05-03"), (REL + "Completed", "2019-05-08")}
