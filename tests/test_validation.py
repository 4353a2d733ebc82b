"""relgraph validate: every check in plain language, with the file, the line, the node
by its label and the property; the bad articles of tests/data/bad-articles/, each
with the message it must produce and the graph folder left byte-for-byte unchanged."""

from __future__ import annotations

import dataclasses
import re
import shutil
import time
import tracemalloc
from pathlib import Path

import pytest
import yaml

from relgraph.ingest.skeleton import split_sentences
from relgraph.ingest.staging import MAX_ARTICLE_BYTES
from relgraph.ingest.validation import ValidationIssue, validate_article
from relgraph.store import load_dataset

from .conftest import REPO, TEST_DATA, tree_digest

BAD = TEST_DATA / "bad-articles"
CASES: dict[str, str] = yaml.safe_load((TEST_DATA / "bad-articles.yaml").read_text(encoding="utf-8"))
OK = (BAD / "ok-article.ttl").read_text(encoding="utf-8")
TALKS = "reld:trade-talks-2019-06-01"


def draft(folder: Path, name: str, text: str | None = None) -> Path:
    """An article file in a drafts folder with the test text beside it (ok-article.ttl if no text)."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(BAD / "bad-article.txt", folder / "bad-article.txt")
    path = folder / name
    if text is None:
        shutil.copy(BAD / name, path)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def variant(old: str, new: str) -> str:
    assert old in OK, old
    return OK.replace(old, new)


# ----- the bad articles ----------------------------------------------------------------------------


def test_every_bad_article_is_listed_with_its_message():
    files = {p.name for p in BAD.glob("*.ttl")} - {"ok-article.ttl"}
    assert files == set(CASES)


@pytest.mark.parametrize("command", ["validate", "add"])
@pytest.mark.parametrize("name", sorted(CASES))
def test_a_bad_article_gives_its_message_and_changes_nothing(name, command, cli, project_copy, tmp_path):
    path = draft(tmp_path / "drafts", name)
    before = tree_digest(project_copy.root)
    result = cli(command, str(path), project=project_copy)
    assert result.exit_code == 5, result.output
    assert CASES[name] in result.output
    assert "Traceback" not in result.output
    assert tree_digest(project_copy.root) == before


def test_the_ok_article_passes(cli, project_copy, tmp_path):
    result = cli("validate", str(draft(tmp_path / "drafts", "ok-article.ttl")), project=project_copy)
    assert result.exit_code == 0, result.output
    assert result.output.endswith(
        "ok-article.ttl: 0 errors, 0 warnings (87 triples about reld:article-2019-06-01-kenya-us-trade-talks).\n"
    )


def test_a_50_mb_file_is_refused_unread(cli, project_copy, tmp_path):
    """Above MAX_ARTICLE_BYTES (8 MiB) a file is refused from its size, before any byte is read."""
    path = tmp_path / "drafts" / "huge.ttl"
    path.parent.mkdir()
    line = b'reld:x rdfs:comment "' + b"padding " * 12 + b'" .\n'
    with path.open("wb") as handle:
        handle.write(b"@prefix reld: <https://w3id.org/relgraph/id/> .\n")
        handle.write(b"@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n")
        while handle.tell() < 50 * 1024 * 1024:
            handle.write(line * 1000)
    assert path.stat().st_size > 50 * 1024 * 1024 > MAX_ARTICLE_BYTES
    dataset = load_dataset(project_copy)
    before = tree_digest(project_copy.root)
    tracemalloc.start()
    started = time.perf_counter()
    report = validate_article(dataset, path)
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert not report.ok
    assert "the file is 52.5 MB; relgraph takes article files up to 8 MiB" in report.errors[0].message
    assert peak < 5 * 1024 * 1024 and elapsed < 2
    result = cli("add", str(path), project=project_copy)
    assert result.exit_code == 5 and "up to 8 MiB" in result.output
    assert tree_digest(project_copy.root) == before


# ----- each check, on a variant of the ok article ------------------------------------------------------


def issues_for(project, tmp_path, text: str) -> list[ValidationIssue]:
    return list(validate_article(load_dataset(project), draft(tmp_path / "drafts", "a.ttl", text)).issues)


def test_a_misspelt_property_gets_a_did_you_mean(project_copy, tmp_path):
    issues = issues_for(project_copy, tmp_path, variant("rel:hasParty reld:kenya", "rel:hasPary reld:kenya"))
    issue = next(i for i in issues if i.code == "term")
    assert issue.severity == "error" and issue.line == 58
    assert issue.message == "rel:hasPary is not a property of the relgraph ontology. Did you mean rel:hasParty?"
    assert issue.suggestion == "rel:hasParty"


def test_a_misspelt_individual_gets_a_did_you_mean(project_copy, tmp_path):
    issues = issues_for(project_copy, tmp_path, variant("rel:status rel:Completed", "rel:status rel:Complete"))
    assert any(
        "rel:Complete is not an individual" in i.message and "Did you mean rel:Completed?" in i.message for i in issues
    )


def test_data_iris_are_not_classes(project_copy, tmp_path):
    issues = issues_for(project_copy, tmp_path, variant("    a rel:Meeting ;", "    a reld:Meeting ;"))
    assert any("reld:Meeting is used as a class, but reld: names data" in i.message for i in issues)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            'rel:date "2019-06-01"^^xsd:date',
            'rel:date "2019-02-30"^^xsd:date',
            "'2019-02-30' is not a real date (no such day).",
        ),
        (
            'rel:date "2019-06-01"^^xsd:date',
            'rel:date "2019-06-01"',
            'takes values of type xsd:date; "2019-06-01"^^xsd:string is of type xsd:string.',
        ),
        ('rel:date "2019-06-01"^^xsd:date', "rel:date reld:kenya", "takes a value (a literal such as"),
        (
            "rel:hasParty reld:kenya",
            'rel:hasParty "Kenya"',
            "points to an entity by IRI (e.g. reld:kenya), not to the text 'Kenya'.",
        ),
        (
            'rel:sentenceIndex "2"^^xsd:positiveInteger',
            'rel:sentenceIndex "0"^^xsd:positiveInteger',
            "0 is not a positive integer.",
        ),
    ],
)
def test_values_of_the_wrong_type(project_copy, tmp_path, old, new, message):
    issues = [i for i in issues_for(project_copy, tmp_path, variant(old, new)) if i.code == "datatype"]
    assert len(issues) == 1 and issues[0].message.startswith(message)
    assert issues[0].severity == "error" and issues[0].line is not None


def test_a_text_that_changed_since_the_offsets_were_counted(project_copy, tmp_path):
    issues = issues_for(project_copy, tmp_path, variant('rel:textSha256 "3012d5', 'rel:textSha256 "4012d5'))
    assert [i.message[:40] for i in issues if i.code == "text"] == ["rel:textSha256 is 4012d5415580…, but bad"]


def test_a_missing_text(project_copy, tmp_path):
    issues = issues_for(project_copy, tmp_path, variant('"articles/bad-article.txt"', '"articles/nowhere.txt"'))
    assert any(
        "the article's text 'nowhere.txt' (rel:textFile 'articles/nowhere.txt') is neither beside" in i.message
        for i in issues
    )


def test_a_mention_no_fact_uses_is_a_warning(project_copy, tmp_path):
    text = variant(
        "    rel:denotedBy <https://w3id.org/relgraph/id/article-2019-06-01-kenya-us-trade-talks#char=90,124> .",
        "    .",
    ).replace("#char=16,88> ;\n    .", "#char=16,88> .")
    text = text.replace(  # and the fact it supported is stated by the first sentence instead
        "rel:supportedBy <https://w3id.org/relgraph/id/article-2019-06-01-kenya-us-trade-talks#char=90,124>",
        "rel:supportedBy <https://w3id.org/relgraph/id/article-2019-06-01-kenya-us-trade-talks#char=16,88>",
    )
    report = validate_article(load_dataset(project_copy), draft(tmp_path / "d", "a.ttl", text))
    assert report.ok
    assert [i.describe().split(": ", 2)[2] for i in report.warnings] == [
        "<https://w3id.org/relgraph/id/article-2019-06-01-kenya-us-trade-talks#char=90,124>: "
        "no fact points to this mention (rel:supportedBy, rel:denotedBy); link a fact to it or delete it."
    ]


def test_an_unknown_data_iri_is_a_warning_with_a_did_you_mean(project_copy, tmp_path):
    issues = issues_for(
        project_copy, tmp_path, variant("rel:hasParticipant reld:monica-juma", "rel:hasParticipant reld:monica-jumma")
    )
    warning = next(i for i in issues if i.code == "reference")
    assert warning.severity == "warning"
    assert (
        warning.message
        == "reld:monica-jumma is described neither in this file nor anywhere in the graph. Did you mean reld:monica-juma?"
    )


def test_two_articles_in_one_file(project_copy, tmp_path):
    text = OK + '\nreld:other a rel:NewsArticle ; rdfs:label "Other"@en .\n'
    issues = issues_for(project_copy, tmp_path, text)
    assert any("the file describes 2 rel:Article nodes" in i.message for i in issues)


def test_a_shape_the_graph_already_breaks_is_a_warning_not_blamed_on_the_article(project_copy, tmp_path):
    seed = project_copy.background_dir / "kenya-us-bsd-2019.ttl"
    seed.write_text(
        seed.read_text(encoding="utf-8").replace('rel:iso3166Alpha3 "KEN" ;', 'rel:iso3166Alpha3 "KEN", "KNY" ;')
    )
    report = validate_article(load_dataset(project_copy), draft(tmp_path / "d", "ok-article.ttl"))
    assert report.ok
    assert [(i.node, i.property, i.severity) for i in report.issues] == [
        ("https://w3id.org/relgraph/id/kenya", "rel:iso3166Alpha3", "warning")
    ]
    assert report.issues[0].message.startswith("the graph already breaks this shape, before this article: ")


def test_shape_violations_name_the_node_its_label_the_property_and_the_line(project_copy, tmp_path):
    text = variant("    rel:hasParty reld:united-states ;\n", "")
    issues = issues_for(project_copy, tmp_path, text)
    [issue] = [i for i in issues if i.code == "shape"]
    # the fact's assertion is still there, for a triple the article no longer states
    assert [i.code for i in issues if i is not issue] == ["assertion"]
    assert issue.describe().endswith(
        "a.ttl, line 50: reld:trade-talks-2019-06-01 ('Kenya–US trade talks in Nairobi, 1 June 2019'), "
        "rel:hasParty: A meeting needs at least two parties (rel:hasParty), each a rel:State."
    )
    assert (issue.code, issue.severity, issue.node_label) == (
        "shape",
        "error",
        "Kenya–US trade talks in Nairobi, 1 June 2019",
    )


def test_the_report_is_frozen_data(project_copy, tmp_path):
    report = validate_article(load_dataset(project_copy), draft(tmp_path / "d", "wrong-offsets.ttl"))
    with pytest.raises(dataclasses.FrozenInstanceError):
        report.issues = ()  # type: ignore[misc]
    assert [(i.severity, i.code, i.line, i.property) for i in report.issues] == [
        ("error", "offsets", 27, "rel:exactText")
    ]
    assert report.summary().endswith(
        "wrong-offsets.ttl: 1 error, 0 warnings (87 triples about reld:article-2019-06-01-kenya-us-trade-talks)."
    )


# ----- the bundled articles --------------------------------------------------------------------------


def test_the_bundled_articles_pass_every_check(repo_project, dataset):
    for path in repo_project.data_files():
        if path.parent == repo_project.background_dir:
            continue  # background knowledge, not an article
        report = validate_article(dataset, path)
        assert report.ok and not report.warnings, report.describe()


def test_the_sentences_of_the_first_article_are_its_mentions():
    text = (REPO / "data" / "articles" / "article-2019-05-03-kenya-us-bsd.txt").read_text(encoding="utf-8")
    turtle = (REPO / "data" / "triples.ttl").read_text(encoding="utf-8")
    spans = sorted({(int(b), int(e)) for b, e in re.findall(r"#char\\?=(\d+)\\?,(\d+)", turtle)})
    sentences = split_sentences(text)
    assert [(s.begin, s.end) for s in sentences] == spans
    assert (
        sentences[0].text == "Kenya has embarked on a plan to seek military cooperation with US President Donald Trump."
    )
    assert sentences[6].text.endswith("post AGOA in 2025”.")


def test_sentences_keep_initials_and_abbreviations():
    text = "date 2019-05-10 Deputy Secretary John J. Sullivan met Dr. Juma in Washington, D.C. on May 7. The U.S. side agreed. It ended!"
    assert [s.text for s in split_sentences(text)] == [
        "Deputy Secretary John J. Sullivan met Dr. Juma in Washington, D.C. on May 7.",
        "The U.S. side agreed.",
        "It ended!",
    ]


def test_sentences_command_lists_offsets(cli, project_copy):
    result = cli("sentences", "article-2019-05-03-kenya-us-bsd", project=project_copy)
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0] == "  #  begin    end  sentence"
    assert (
        lines[1]
        == "  1     17    106  Kenya has embarked on a plan to seek military cooperation with US President Donald Trump."
    )
    assert len(lines) == 14


def test_the_docs_show_real_validate_output(cli, project_copy, tmp_path, monkeypatch):
    """The guide's example of 'relgraph validate' on a draft with mistakes is its real output."""
    readme = (REPO / "docs" / "guides" / "add-article.md").read_text(encoding="utf-8")
    block = re.search(
        r"```text\n(\$ relgraph validate drafts/article-2019-06-01-kenya-us-trade-talks\.ttl\n.*?)```", readme, re.S
    )
    assert block, "docs/guides/add-article.md has no validate example"
    command, *shown = block.group(1).splitlines()
    text = (
        OK.replace("    a rel:Meeting ;", "    a rel:Meetng ;")
        .replace('rel:date "2019-06-01"^^xsd:date', 'rel:date "2019-06-31"^^xsd:date')
        .replace(
            'reld:monica-juma\n    a rel:Person ;\n    rdfs:label "Monica Juma"@en .',
            'reld:juma\n    a rel:Person ;\n    rdfs:label "Cabinet Secretary for Foreign Affairs Ambassador Monica Juma"@en .',
        )
        .replace("rel:hasParticipant reld:monica-juma", "rel:hasParticipant reld:juma")
        .replace(
            'rel:factPredicate rel:date ; rel:factObject "2019-06-01"^^xsd:date',
            'rel:factPredicate rel:date ; rel:factObject "2019-06-31"^^xsd:date',
        )
        .replace("rel:factObject reld:monica-juma", "rel:factObject reld:juma")
    )
    monkeypatch.chdir(project_copy.root)
    draft(project_copy.root / "drafts", "article-2019-06-01-kenya-us-trade-talks.ttl", text)
    result = cli(*command.split()[2:], project=project_copy)
    assert result.exit_code == 5
    assert result.output.rstrip("\n").splitlines() == shown
