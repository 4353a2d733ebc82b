"""relgraph.browse: what the server's pages show, as data, on the bundled graph."""

from __future__ import annotations

import subprocess
import sys

import pyoxigraph as ox
import pytest

from relgraph.browse import LabelIndex, article_view, dyad_view, entity_profile
from relgraph.errors import EntityError
from relgraph.model.namespaces import REL, RELD
from relgraph.query.queries import run_query


def test_entity_profile_of_the_inaugural_session(dataset):
    profile = entity_profile(dataset, RELD + "bsd-session-1")
    assert profile.label == "Inaugural session of the Kenya–US Bilateral Strategic Dialogue, 7–8 May 2019"
    assert profile.classes == (REL + "DialogueSession",)
    assert [(r.reported_on, r.status) for r in profile.status_history] == [
        ("2019-05-03", REL + "Planned"),
        ("2019-05-08", REL + "Completed"),  # the joint statement reports it held
    ]
    start = next(g for g in profile.facts if g.property == REL + "startDate")
    assert [v.value.value for v in start.values] == ["2019-05-07"]
    place = next(g for g in profile.facts if g.property == REL + "place")
    assert {v.value.value for v in place.values} == {RELD + "washington-dc", RELD + "united-states-territory"}
    # Fact-level evidence: each fact carries the sentence that states it, with its own mode and status.
    (planned,) = [e for e in start.values[0].evidence if e.begin == 248]
    assert planned.sentence.startswith("The meeting set to be held between May 7 and 8 is said to be key")
    assert planned.article == RELD + "article-2019-05-03-kenya-us-bsd"
    assert planned.mode == REL + "AuthorNarration" and planned.status == REL + "Planned" and planned.speakers == ()
    aims = next(g for g in profile.facts if g.property == REL + "aimsAt")
    (hedged,) = [e for v in aims.values for e in v.evidence if e.begin == 248]  # "is said to be key to ..."
    assert hedged.mode == REL + "HedgedReport" and hedged.predicate == REL + "aimsAt"
    assert profile.dates[RELD + "article-2019-05-08-us-kenya-bsd-joint-statement"] == "2019-05-08"


def test_entity_profile_of_a_state_and_a_speaker(dataset):
    kenya = entity_profile(dataset, RELD + "kenya")
    assert ("Wikidata", "Q114", "https://www.wikidata.org/wiki/Q114") in [
        (i.label, i.value, i.url) for i in kenya.identifiers
    ]
    first_day = [t for t in kenya.timeline if t.start == kenya.timeline[0].start]
    assert kenya.timeline[0].start == "2018-08-27"
    assert {t.item for t in first_day} >= {
        RELD + "meeting-2018-08-27-kenyatta-trump",
        RELD + "announcement-tiwg-establishment-2018-08-27",
    }
    assert all(t.status == REL + "Completed" for t in first_day)
    juma = entity_profile(dataset, RELD + "monica-juma")
    said = [e.sentence for e in juma.said]
    assert any(s.startswith("According to Juma, the dialogue will focus on") for s in said)
    with pytest.raises(EntityError, match="says nothing about reld:nobody"):
        entity_profile(dataset, RELD + "nobody")


def test_article_view_cuts_the_text_at_each_mention(dataset):
    view = article_view(dataset, RELD + "article-2019-05-03-kenya-us-bsd")
    assert view.text_found and view.published == "2019-05-03" and view.mentions == 13
    marked = [s for s in view.segments if s.mention is not None]
    assert len(marked) == 13
    for segment in marked:
        assert segment.text == segment.mention.sentence  # the offsets cut the exact text out
    assert "".join(s.text for s in view.segments).startswith(" date 2019-05-03 Kenya has embarked")
    juma = next(s for s in marked if s.anchor == "char=374,540")
    assert juma.mention.speakers == (RELD + "monica-juma",)
    assert RELD + "bsd-session-1" in {support.subject for support in juma.supports}
    with pytest.raises(EntityError, match="is not an article"):
        article_view(dataset, RELD + "kenya")


def test_dyad_view_agrees_with_dyad_scores(dataset):
    view = dyad_view(dataset, RELD + "kenya", RELD + "united-states")
    scores = run_query(dataset, "dyad_scores").result.records()
    row = next(
        r for r in scores if {r["state_a"].value, r["state_b"].value} == {RELD + "kenya", RELD + "united-states"}
    )
    assert view.mean == float(row["goldstein_mean"].value)
    assert view.mean == round(sum(i.goldstein for i in view.items) / len(view.items), 2)
    assert len(view.items) == int(row["items"].value) > 0
    first = [(i.item, i.cameo) for i in view.items if i.date == view.items[0].date]
    assert view.items[0].date == "2018-08-27"
    assert (RELD + "meeting-2018-08-27-kenyatta-trump", "042") in first  # Make a visit
    assert view.chart()["mean"][-1] == view.mean
    assert view.mechanisms[0][0] == RELD + "bilateral-strategic-dialogue" and len(view.mechanisms[0][1]) == 4
    with pytest.raises(EntityError):
        dyad_view(dataset, RELD + "kenya", RELD + "kenya")


def test_label_index_prefers_whole_labels_then_words(dataset):
    index = LabelIndex.build(dataset)
    assert index.search("ken")[0].iri == RELD + "kenya"
    assert index.search("BSD")[0].iri == RELD + "bilateral-strategic-dialogue"
    assert index.search("kenya–us")[0].label.startswith("Kenya")  # dashes and case folded
    assert index.search("   ") == []
    assert {m.iri for m in index.search("juma")} >= {RELD + "monica-juma"}
    assert isinstance(ox.NamedNode(index.search("juma")[0].iri), ox.NamedNode)


def test_commands_other_than_serve_do_not_import_the_web_framework():
    code = "import sys, relgraph.cli; print(sorted(m for m in ('starlette', 'uvicorn') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
