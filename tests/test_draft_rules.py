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
