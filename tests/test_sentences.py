"""The one sentence splitter: news-text hard cases, and the stored mentions stay valid."""

from __future__ import annotations

from pathlib import Path

import pytest

from relgraph.ingest.sentences import find_dateline, segment_text, split_sentences

REPO = Path(__file__).resolve().parents[1]


def texts(text: str) -> list[str]:
    return [s.text for s in split_sentences(text)]


def kinds(text: str) -> list[tuple[str, str]]:
    return [(s.kind, s.text) for s in segment_text(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "U.S. Secretary of State Antony J. Blinken met Kenyan officials. They agreed.",
            ["U.S. Secretary of State Antony J. Blinken met Kenyan officials.", "They agreed."],
        ),
        (
            "The Kenya-U.S. Bilateral Strategic Dialogue met. The U.S.-Kenya talks ended.",
            ["The Kenya-U.S. Bilateral Strategic Dialogue met.", "The U.S.-Kenya talks ended."],
        ),
        (
            "Kenya-U.S. Trade talks resumed. Dr. Juma and Amb. Ole Kaya spoke.",
            ["Kenya-U.S. Trade talks resumed.", "Dr. Juma and Amb. Ole Kaya spoke."],
        ),
        (
            "Gen. Mark Milley, Sen. Bob Menendez and Rep. Karen Bass met in St. Louis on Jan. 6. Feb. was quiet.",
            ["Gen. Mark Milley, Sen. Bob Menendez and Rep. Karen Bass met in St. Louis on Jan. 6.", "Feb. was quiet."],
        ),
        (
            "He met Dr. Juma in Washington, D.C. on May 7. The U.S. side agreed. It ended!",
            ["He met Dr. Juma in Washington, D.C. on May 7.", "The U.S. side agreed.", "It ended!"],
        ),
        ("Relations with the U.S. The talks were held.", ["Relations with the U.S.", "The talks were held."]),
        (
            "U.S. officials said so. Talks at 3 p.m. on Monday went well.",
            ["U.S. officials said so.", "Talks at 3 p.m. on Monday went well."],
        ),
    ],
)
def test_abbreviations_initials_and_compounds_do_not_end_a_sentence(text, expected):
    assert texts(text) == expected


@pytest.mark.parametrize(
    ("text", "dateline", "first"),
    [
        ("NAIROBI, June 1, 2019 (Reuters) - Kenya and the U.S. agreed.", "NAIROBI, June 1, 2019 (Reuters) -", "Kenya"),
        ("NAIROBI, Nov 17 (Reuters) - Kenya said.", "NAIROBI, Nov 17 (Reuters) -", "Kenya said."),
        ("WASHINGTON — The Kenya-U.S. talks ended.", "WASHINGTON —", "The Kenya-U.S. talks ended."),
        ("BEIJING/TOKYO (Reuters) - China said.", "BEIJING/TOKYO (Reuters) -", "China said."),
        ("Washington, DC, May 3, 2021 – The U.S. said.", "Washington, DC, May 3, 2021 –", "The U.S. said."),
        (" date 2019-05-03 Kenya has embarked on a plan.", "date 2019-05-03", "Kenya has embarked on a plan."),
        # real openings (AllAfrica 2019, AltAfrica 2018, Reuters via Stabroek News 2024)
        ("Nairobi — Kenya and the United States have signed a revitalized plan.", "Nairobi —", "Kenya and the"),
        (
            "London, August 29, 2018 (AltAfrica)-United Kingdom and Nigeria have further deepened ties.",
            "London, August 29, 2018 (AltAfrica)-",
            "United Kingdom and Nigeria",
        ),
        ("BRASILIA, (Reuters) – China’s President Xi Jinping met Lula.", "BRASILIA, (Reuters) –", "China’s President"),
    ],
)
def test_a_dateline_is_its_own_span_not_part_of_sentence_one(text, dateline, first):
    segments = segment_text(text)
    assert (segments[0].kind, segments[0].text) == ("dateline", dateline)
    assert text[segments[0].begin : segments[0].end] == dateline
    assert split_sentences(text)[0].text.startswith(first)
    assert split_sentences(text)[0].index == 1


def test_a_capitalised_opening_is_not_a_dateline():
    assert find_dateline("Kenya - the talks went on. They ended.") is None
    assert find_dateline("Kenya — the talks went on. They ended.") is None  # lower case after the dash
    assert find_dateline("Kenya-US ties — Kenya said so.") is None
    assert find_dateline("The Kenyan minister said.") is None


def test_headings_and_list_items_are_their_own_spans():
    text = (
        "Pillar One - Economic Prosperity, Trade, and Investment: The United States and Kenya reaffirmed ties.\n\n"
        "Pillar Two - Defense Cooperation:\nThe two sides met.\n\n"
        "The sides agreed to:\n- expand trade under AGOA\n- hold the next session in Nairobi\n1. Third item here."
    )
    assert kinds(text) == [
        ("heading", "Pillar One - Economic Prosperity, Trade, and Investment:"),
        ("sentence", "The United States and Kenya reaffirmed ties."),
        ("heading", "Pillar Two - Defense Cooperation:"),
        ("sentence", "The two sides met."),
        ("sentence", "The sides agreed to:"),
        ("sentence", "- expand trade under AGOA"),
        ("sentence", "- hold the next session in Nairobi"),
        ("sentence", "Third item here."),
    ]
    assert split_sentences(text)[0].kind == "heading"


def test_a_colon_in_running_text_is_not_a_heading():
    assert texts("He said: The talks went well. They ended.") == ["He said: The talks went well.", "They ended."]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The deal was signed.” Then he left.", ["The deal was signed.”", "Then he left."]),
        ('The deal was signed." Then he left.', ['The deal was signed."', "Then he left."]),
        ("“Is it over?” she asked. He nodded.", ["“Is it over?” she asked.", "He nodded."]),
        (
            "“We met the President. We agreed to deepen ties,” she said. The talks ended.",
            ["“We met the President.", "We agreed to deepen ties,” she said.", "The talks ended."],
        ),
        (
            "“We met the President. We agreed to deepen ties,” Foreign Minister Raychelle Omamo said. It ended.",
            [
                "“We met the President.",
                "We agreed to deepen ties,” Foreign Minister Raychelle Omamo said.",
                "It ended.",
            ],
        ),
        (
            "It said, “Further, Kenya will seek ties in 2025”. The end.",
            ["It said, “Further, Kenya will seek ties in 2025”.", "The end."],
        ),
        ("“We met. We agreed.” The talks ended.", ["“We met.", "We agreed.”", "The talks ended."]),
    ],
)
def test_quotations(text, expected):
    assert texts(text) == expected


def test_numbered_paragraphs_leave_their_number_out_and_a_quotation_of_two_sentences_splits():
    # the India-Japan joint statement of 28 December 2011 and The Star (Kenya), 25 September 2023
    text = (
        "1. The Prime Minister of Japan, H.E. Mr. Yoshihiko Noda, is currently paying a State Visit to India. "
        "The two Prime Ministers held extensive talks.\n\n2. In the context of the two countries "
        "commemorating the 60th anniversary, they stressed the need.\n\n“The framework ensures that we "
        "receive the support and resources necessary for our operational deployments. In this respect, we "
        "remain committed to contributing to global peace and security,” the CS said."
    )
    assert texts(text) == [
        "The Prime Minister of Japan, H.E. Mr. Yoshihiko Noda, is currently paying a State Visit to India.",
        "The two Prime Ministers held extensive talks.",
        "In the context of the two countries commemorating the 60th anniversary, they stressed the need.",
        "“The framework ensures that we receive the support and resources necessary for our operational deployments.",
        "In this respect, we remain committed to contributing to global peace and security,” the CS said.",
    ]


def test_blank_lines_break_paragraphs_and_wrapped_lines_join():
    text = "Kenya and the United States met\nin Nairobi on Monday\n\nThey agreed to meet again\n\n\nNo date was set"
    assert texts(text) == [
        "Kenya and the United States met\nin Nairobi on Monday",
        "They agreed to meet again",
        "No date was set",
    ]


def test_offsets_cut_the_sentences_out_of_the_text():
    text = " date 2019-05-03 Kenya met the U.S.\n\n“We agreed,” she said. Done."
    for seg in segment_text(text):
        assert text[seg.begin : seg.end] == seg.text


_MENTIONS = """
SELECT ?file ?begin ?end WHERE {
  ?mention a rel:Mention ; rel:inArticle ?article ; rel:beginIndex ?begin ; rel:endIndex ?end .
  ?article rel:textFile ?file .
}"""


def test_every_stored_sentence_mention_is_a_sentence_the_splitter_produces(dataset):
    """Read from the graph (whatever the files' layout): each mention's span is one the splitter cuts."""
    by_text: dict[str, set[tuple[int, int]]] = {}
    for file, begin, end in dataset.select(_MENTIONS).rows:
        by_text.setdefault(file.value, set()).add((int(begin.value), int(end.value)))
    assert {Path(name).name for name in by_text} == {
        "article-2018-08-28-us-kenya-strategic-partnership-worldbulletin.txt",
        "article-2018-08-28-ustr-kenya-trade-investment-working-group.txt",
        "article-2019-05-03-kenya-us-bsd.txt",
        "article-2019-05-08-us-kenya-bsd-joint-statement.txt",
        "article-2020-02-06-voa-trump-kenyatta-trade-negotiations.txt",
        "article-2020-07-09-us-kenya-launch-fta-negotiations.txt",
        "article-2021-11-17-kenya-us-second-bsd-joint-statement.txt",
        "article-2024-05-23-biden-ruto-state-visit-afp.txt",
    }
    assert sum(len(spans) for spans in by_text.values()) >= 19
    for name, spans in by_text.items():
        text = (REPO / "data" / name).read_text(encoding="utf-8")
        produced = {(s.begin, s.end) for s in split_sentences(text)}
        assert spans <= produced, (name, sorted(spans - produced))
    first = (REPO / "data" / "articles" / "article-2019-05-03-kenya-us-bsd.txt").read_text(encoding="utf-8")
    assert segment_text(first)[0].text == "date 2019-05-03"
    assert split_sentences(first)[0].begin == 17
