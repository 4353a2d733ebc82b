"""relgraph draft: the rules added for news-text conventions, each on a real sentence of a published story."""

from __future__ import annotations

import datetime as dt

import pytest

from relgraph.drafting import propose
from relgraph.drafting.dates import find_dates


def dates_in(sentence: str, on: str) -> list[tuple[str, str]]:
    return [(d.text, d.value) for d in find_dates(sentence, 0, len(sentence), dt.date.fromisoformat(on))]


@pytest.mark.parametrize(
    ("sentence", "on", "expected"),
    [
        # Reuters, 29 April 2022: the sentence says "will lead", but "said on Friday" is past
        (
            "Constance Hamilton will lead a delegation to Kenya on May 1 to explore opportunities for enhanced "
            "trade and investment engagement, USTR spokesperson Adam Hodge said on Friday.",
            "2022-04-29",
            [("May 1", "2022-05-01"), ("on Friday", "2022-04-29")],
        ),
        # the same story: bare months, read in the tense of their own clause
        (
            "Tai met virtually in December with Maina, a move the Biden administration says will deepen the "
            "bilateral relationship.",
            "2022-04-29",
            [("December", "2021-12")],
        ),
        (
            "Deputy U.S. Trade Representative Sarah Bianchi told a trade conference in February that the U.S. "
            "government was engaging in robust talks with Kenya.",
            "2022-04-29",
            [("February", "2022-02")],
        ),
        # dpa, 28 May 2024: a quoted "We will" does not make the narration's Tuesday the next one
        (
            '"We will always agree and we are moving forward," Macron said at the Franco-German Council of '
            "Ministers on Tuesday.",
            "2024-05-28",
            [("on Tuesday", "2024-05-28")],
        ),
        # The Star, 25 September 2023: a span of years, and "the next five years"
        (
            "Duale said the framework covers 2023-28 and marks a significant milestone.",
            "2023-09-25",
            [("2023-28", "2023/2028")],
        ),
        (
            "“It will guide our bilateral relationship for the next five years.",
            "2023-09-25",
            [("the next five years", "2023/2028")],
        ),
        # AllAfrica, 10 May 2019: "last August" is the August before the article's month
        (
            "an annual forum set up following President Uhuru Kenyatta's visit to Washington DC last August.",
            "2019-05-10",
            [("last August", "2018-08")],
        ),
        # State Department readout, 11 December 2021
        (
            "The Secretary expressed his appreciation for the UK’s leadership this past year as G7 president.",
            "2021-12-11",
            [("this past year", "2021")],
        ),
    ],
)
def test_dates_relative_to_the_article_and_the_clause(sentence, on, expected):
    assert dates_in(sentence, on) == expected


def test_a_datelines_own_date_is_read(dataset):
    text = "WASHINGTON, April 29 (Reuters) - Katherine Tai met Betty Maina in Nairobi."
    proposal = propose(dataset, text, date=dt.date(2022, 4, 29))
    assert [(d.text, d.value) for d in proposal.dates] == [("April 29", "2022-04-29")]


# ----- names ---------------------------------------------------------------------------------------------


def draft(dataset, text: str, on: str):
    return propose(dataset, text, date=dt.date.fromisoformat(on))


def mentions_of(proposal) -> dict[str, tuple[str, str]]:
    """surface -> (class, IRI local name or new entity name), the last mention of each surface."""
    return {m.text: (m.cls, m.ref) for m in proposal.mentions}


def test_titles_and_bodies_are_looked_up_with_the_states_the_text_names(dataset):
    # AllAfrica, 10 May 2019
    p = draft(
        dataset,
        "Nairobi — Kenya and the United States have signed a revitalized Security Governance Joint Country Action "
        "Plan. A joint statement released by the Department of State indicated the two countries had also agreed "
        "to work closely on counter-terrorism. The Kenyan delegation comprising of Foreign Affairs Cabinet "
        "Secretary Monica Juma, Fred Matiangi (Interior Affairs), and Trade Principal Secretary Chris Kiptoo "
        "assured the United States of Kenya's commitment.",
        "2019-05-10",
    )
    found = mentions_of(p)
    assert found["Department of State"] == ("Ministry", "us-department-of-state")
    assert found["Foreign Affairs Cabinet Secretary"][1] == "post-cabinet-secretary-foreign-affairs-kenya"
    assert found["Trade Principal Secretary"][1] == "post-trade-principal-secretary-kenya"
    assert found["Fred Matiangi"] == ("Person", "fred-matiangi")  # listed beside a person
    assert found["Nairobi"][1] == "nairobi"  # the dateline's place


def test_a_capital_stands_for_its_state_only_as_an_actor(dataset):
    # Reuters 2022, The Standard 2025, dpa 2024
    p = draft(
        dataset,
        "The administration of former President Donald Trump had launched talks with Nairobi on a bilateral free "
        "trade agreement. President William Ruto met in Beijing on Thursday. Scholz spoke of the cohesion between "
        "Berlin and Paris during the pandemic.",
        "2025-04-24",
    )
    refs = [(m.text, m.cls, m.ref) for m in p.mentions if m.text in ("Nairobi", "Beijing", "Berlin", "Paris")]
    assert refs == [
        ("Nairobi", "State", "kenya"),
        ("Beijing", "City", "beijing"),
        ("Berlin", "State", "germany"),
        ("Paris", "State", "france"),
    ]


def test_posts_named_with_their_state_honorifics_role_nouns_and_ranks(dataset):
    text = (
        "The Prime Minister of Japan, H.E. Mr. Yoshihiko Noda, is currently paying a State Visit to India. "
        "The visit follows recent meetings between top U.S. trade negotiator Katherine Tai and Kenyan Cabinet "
        "Secretary Betty Maina. Deputy U.S. Trade Representative Sarah Bianchi told a trade conference in "
        "February that the U.S. government was engaging in robust talks with Kenya. German Chancellor Olaf "
        "Scholz and French President Emmanuel Macron agreed."
    )
    found = mentions_of(draft(dataset, text, "2022-04-29"))
    assert found["Prime Minister of Japan"] == ("Post", "post-prime-minister-japan")  # a head of government: Post
    assert found["Yoshihiko Noda"][0] == "Person"
    assert found["Katherine Tai"][0] == "Person"  # after the role noun "negotiator"
    assert found["Deputy U.S. Trade Representative"][0] == "Post"  # not the U.S. Trade Representative
    assert "post-us-trade-representative" not in {ref for _, ref in found.values()}
    assert found["U.S. government"][0] == "GovernmentBody"
    assert (found["Olaf Scholz"][0], found["Emmanuel Macron"][0]) == ("Person", "Person")  # a pair split at "and"
    assert (
        found["Chancellor"][0] == "Post" and found["President"][0] == "HeadOfStatePost"
    )  # head of government, of state


def test_lower_case_heads_lists_of_departments_and_roads(dataset):
    text = (
        "The delegation will include subject-matter experts from USTR and the Departments of State, Labor, "
        "Commerce and Agriculture, he said. He said the US will provide Sh14.5 billion to the Kenya Police-led "
        "peacekeeping effort in Haiti, despite the Biden administration's doubts. China committed to financing "
        "the Nairobi-Nakuru-Mau Summit highway upgrade."
    )
    p = draft(dataset, text, "2022-04-29")
    found = mentions_of(p)
    assert found["State"] == ("Ministry", "us-department-of-state")
    assert {found[w][1] for w in ("Labor", "Commerce", "Agriculture")} == {
        "department-of-labor", "department-of-commerce", "department-of-agriculture",
    }  # fmt: skip
    assert found["Kenya Police"] == ("GovernmentBody", "kenya-police")
    assert found["Biden administration"][0] == "GovernmentBody"
    assert "Nairobi" not in found  # a road named by the places it joins


# ----- events and attribution -------------------------------------------------------------------------------


def events_of(proposal) -> list[tuple[str, str, str, str, tuple[str, ...]]]:
    return [(e.cls, e.code, e.status, e.attribution.mode, e.attribution.speakers) for e in proposal.events]


def test_a_session_of_a_named_mechanism_and_the_frame_of_a_quotation(dataset):
    # dpa, 28 May 2024: the council is where Macron spoke, told in the article's own voice
    p = draft(
        dataset,
        "German Chancellor Olaf Scholz and French President Emmanuel Macron agreed that relations are good. "
        '"We will always agree and we are moving forward," Macron said at the Franco-German Council of Ministers '
        "on Tuesday.",
        "2024-05-28",
    )
    session = next(e for e in p.events if e.cls == "DialogueSession")
    assert (session.code, session.status, session.attribution.mode) == ("046", "Completed", "AuthorNarration")
    assert session.date is not None and session.date.value == "2024-05-28"


def test_issuances_by_a_joint_statement_and_what_it_says(dataset):
    # AllAfrica, 10 May 2019
    p = draft(
        dataset,
        "Kenya and the United States have signed a plan. A joint statement released by the Department of State "
        "indicated the two countries had also agreed to work closely on counter-terrorism through partnerships "
        "in defense, maritime surveillance, and intelligence sharing.",
        "2019-05-10",
    )
    got = {e.cls: e for e in p.events if e.sentence == 2}
    assert got["CommuniqueIssuance"].code == "010"
    commitment = got["Commitment"]
    assert (commitment.code, commitment.attribution.mode) == ("0312", "ReportedSpeech")
    assert set(commitment.attribution.speakers) == {"kenya", "united-states"}  # a joint statement: both states


def test_talks_frozen_a_meeting_before_a_later_says_and_struck_agreements(dataset):
    # Reuters, 29 April 2022; Reuters via Stabroek News, 21 November 2024
    p = draft(
        dataset,
        "Tai met virtually in December with Maina, a move the Biden administration says will deepen the "
        "bilateral relationship. The administration of former President Donald Trump had launched talks with "
        "Nairobi on a bilateral free trade agreement, but the Biden administration put the negotiations on ice.",
        "2022-04-29",
    )
    assert events_of(p)[0] == ("Meeting", "040", "Completed", "AuthorNarration", ())
    talks = [(e.code, e.status) for e in p.events if e.sentence == 2]
    assert talks == [("046", "Completed"), ("046", "Postponed")]
    q = draft(
        dataset,
        "China’s President Xi Jinping and his Brazilian peer Luiz Inacio Lula da Silva met. The countries struck "
        "nearly 40 cooperation agreements in economic sectors, Lula said.",
        "2024-11-21",
    )
    signing = next(e for e in q.events if e.cls == "Signing")
    assert (signing.code, signing.attribution.mode, signing.attribution.speakers) == (
        "057", "ReportedSpeech", ("luiz-inacio-lula-da-silva",),
    )  # fmt: skip


def test_codes_for_diplomatic_coordination_and_funding(dataset):
    # State Department readout, 11 December 2021; The Star, 25 September 2023
    p = draft(
        dataset,
        "The following is attributable to Spokesperson Ned Price:\n\nSecretary of State Antony J. Blinken met "
        "yesterday with UK Foreign Secretary Elizabeth Truss. Secretary Blinken and Foreign Secretary Truss "
        "emphasized the importance of continued U.S.-UK coordination to deter Russia from further aggression.",
        "2021-12-11",
    )
    meeting, commitment = p.events
    assert (meeting.attribution.mode, meeting.attribution.speakers) == ("DirectQuote", ("ned-price",))  # the lead
    assert (commitment.code, commitment.attribution.mode) == ("032", "ReportedSpeech")
    assert set(commitment.attribution.speakers) == {"antony-j-blinken", "elizabeth-truss"}
    q = draft(dataset, "He said the US will provide Sh14.5 billion to the peacekeeping effort in Haiti.", "2023-09-25")
    assert [e.code for e in q.events] == ["030"]  # funding outside economic projects: the root 030


def test_a_quotation_over_two_sentences_keeps_its_speaker_and_a_wish_is_an_intent(dataset):
    # The Star, 25 September 2023
    p = draft(
        dataset,
        "Defence Cabinet Secretary Aden Duale and his US counterpart Lloyd Austin met.\n\n"
        "“The framework places a special emphasis on enhancing military interoperability between our two "
        "militaries. In an increasingly complex world, our ability to work together is paramount,” Duale said.\n\n"
        "“It will guide our bilateral relationship for the next five years. I look forward to other meeting with "
        "President Ruto to discuss further partnerships,” he said.",
        "2023-09-25",
    )
    emphasis = next(e for e in p.events if e.sentence == 2)
    assert (emphasis.code, emphasis.attribution.mode, emphasis.attribution.speakers) == (
        "0312", "DirectQuote", ("aden-duale",),
    )  # fmt: skip
    wish = next(e for e in p.events if e.sentence == 5)
    assert (wish.cls, wish.code, wish.status, wish.attribution.mode) == (
        "Meeting",
        "036",
        "StatedIntent",
        "DirectQuote",
    )
