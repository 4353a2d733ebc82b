"""Fact sheets: quotes instead of offsets, compiled into assertions; the bad sheets of
tests/data/bad-sheets/, each with the message it must produce (with the sheet's line);
the review gate; the check that every fact has an assertion; the bundled sheets
compile to exactly their stored Turtle."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
import yaml

from relgraph.errors import FactSheetError
from relgraph.ingest.compiler import assertion_iri, compile_sheet
from relgraph.ingest.validation import validate_article
from relgraph.model.namespaces import REL, RELD
from relgraph.query.queries import run_query
from relgraph.store import load_dataset, serialize_triples

from .conftest import REPO, TEST_DATA, tree_digest

SHEETS = TEST_DATA / "bad-sheets"
CASES: dict[str, str] = yaml.safe_load((TEST_DATA / "bad-sheets.yaml").read_text(encoding="utf-8"))
ARTICLE = RELD + "article-2019-06-01-kenya-us-trade-talks-sheet"
TALKS = RELD + "trade-talks-2019-06-01"


def sheet(folder: Path, name: str = "ok.facts.yaml", text: str | None = None) -> Path:
    """A sheet of bad-sheets/ (or ``text``) in a drafts folder, with talks.txt beside it."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(SHEETS / "talks.txt", folder / "talks.txt")
    path = folder / name
    if text is None:
        shutil.copy(SHEETS / name, path)
    else:
        path.write_text(text, encoding="utf-8")
    return path


# ----- the bad sheets ----------------------------------------------------------------------------


def test_every_bad_sheet_is_listed_with_its_message():
    assert {p.name for p in SHEETS.glob("*.facts.yaml")} - {"ok.facts.yaml"} == set(CASES)


@pytest.mark.parametrize("command", ["validate", "add"])
@pytest.mark.parametrize("name", sorted(CASES))
def test_a_bad_sheet_gives_its_message_and_changes_nothing(name, command, cli, project_copy, tmp_path):
    path = sheet(tmp_path / "drafts", name)
    before = tree_digest(project_copy.root)
    result = cli(command, str(path), project=project_copy)
    assert result.exit_code == 5, result.output
    assert CASES[name] in result.output
    assert "Traceback" not in result.output
    assert tree_digest(project_copy.root) == before


def test_compile_names_every_problem_with_its_line(dataset, tmp_path):
    text = (SHEETS / "ok.facts.yaml").read_text(encoding="utf-8")
    text = text.replace("hasParty: [kenya, united-states]", "hasParty: [keny, united-states]")
    text = text.replace("  - quote: The talks were led by Monica Juma.", "  - quote: The talks")
    with pytest.raises(FactSheetError) as caught:
        compile_sheet(dataset, sheet(tmp_path, "two.facts.yaml", text))
    lines = [line for line, _, _ in caught.value.problems]
    assert lines == [29, 30]
    assert "has 2 problems" in str(caught.value)


# ----- a good sheet, end to end ------------------------------------------------------------------


def test_a_quote_becomes_its_sentence_and_every_fact_an_assertion(dataset, tmp_path):
    compiled = compile_sheet(dataset, sheet(tmp_path))
    triples = set(compiled.triples)
    mention = ox.NamedNode(ARTICLE + "#char=16,88")
    assert (
        ox.Triple(
            mention,
            ox.NamedNode(REL + "exactText"),
            ox.Literal("Kenya and the United States held trade talks in Nairobi on June 1, 2019."),
        )
        in triples
    )
    assert (
        ox.Triple(
            mention,
            ox.NamedNode(REL + "sentenceIndex"),
            ox.Literal("1", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#positiveInteger")),
        )
        in triples
    )
    fact = ox.Triple(ox.NamedNode(TALKS), ox.NamedNode(REL + "hasParticipant"), ox.NamedNode(RELD + "monica-juma"))
    assert fact in triples
    node = ox.NamedNode(assertion_iri(ARTICLE, fact, [89]))
    assert re.fullmatch(re.escape(ARTICLE) + r"#fact-[0-9a-f]{12}", node.value)
    assert ox.Triple(node, ox.NamedNode(REL + "supportedBy"), ox.NamedNode(ARTICLE + "#char=89,123")) in triples
    assert ox.Triple(node, ox.NamedNode(REL + "attributionMode"), ox.NamedNode(REL + "AuthorNarration")) in triples
    # the status of the fact entry is a fact too, and the status each of its assertions reports
    status = ox.Triple(ox.NamedNode(TALKS), ox.NamedNode(REL + "status"), ox.NamedNode(REL + "Completed"))
    assert status in triples
    reported = ox.NamedNode(assertion_iri(ARTICLE, status, [16]))
    assert ox.Triple(reported, ox.NamedNode(REL + "reportedStatus"), ox.NamedNode(REL + "Completed")) in triples
    # derived, never written: the event is denoted by the sentences of its facts
    denoted = {t.object.value for t in triples if t.subject.value == TALKS and t.predicate.value == REL + "denotedBy"}
    assert denoted == {ARTICLE + "#char=16,88", ARTICLE + "#char=89,123"}
    # entities the sheet only names bring their type and label from the graph
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    assert ox.Triple(ox.NamedNode(RELD + "kenya"), rdf_type, ox.NamedNode(REL + "State")) in triples
    assert compile_sheet(dataset, sheet(tmp_path)).turtle == compiled.turtle  # the same bytes every time


def test_the_ok_sheet_validates_adds_and_answers_fact_queries(cli, project_copy, tmp_path):
    path = sheet(tmp_path / "drafts")
    checked = cli("validate", str(path), project=project_copy)
    assert checked.exit_code == 0, checked.output
    assert "ok.facts.yaml: 0 errors, 0 warnings" in checked.output
    added = cli("add", str(path), project=project_copy)
    assert added.exit_code == 0, added.output
    articles = project_copy.articles_dir
    stored = articles / "article-2019-06-01-kenya-us-trade-talks-sheet.ttl"
    stored_sheet = articles / "article-2019-06-01-kenya-us-trade-talks-sheet.facts.yaml"
    assert f"and its fact sheet {project_copy.relative(stored_sheet)}" in added.output
    assert stored_sheet.read_bytes() == path.read_bytes()
    assert (articles / "talks.txt").read_bytes() == (SHEETS / "talks.txt").read_bytes()
    assert stored.read_text(encoding="utf-8").startswith(
        f"# Generated by 'relgraph compile' from the fact sheet {stored_sheet.name}\n"
    )
    dataset = load_dataset(project_copy)
    assert compile_sheet(dataset, stored_sheet).turtle == stored.read_bytes()
    rows = run_query(
        dataset, "fact_sources", {"subject": TALKS, "predicate": "rel:hasParticipant"}, timeout=30
    ).result.records()
    assert [(r["object"].value, r["sentence"].value, r["begin"].value, r["article"].value) for r in rows] == [
        (RELD + "monica-juma", "The talks were led by Monica Juma.", "89", ARTICLE)
    ]
    removed = cli("remove", ARTICLE, project=project_copy)
    assert removed.exit_code == 0, removed.output
    assert not stored.exists() and not stored_sheet.exists()


def test_compile_prints_or_writes_the_turtle_and_adds_nothing(cli, project_copy, tmp_path):
    path = sheet(tmp_path / "drafts")
    before = tree_digest(project_copy.root)
    printed = cli("compile", str(path), project=project_copy)
    assert printed.exit_code == 0, printed.output
    assert printed.output.startswith("# Generated by 'relgraph compile' from the fact sheet ok.facts.yaml\n")
    out = tmp_path / "out.ttl"
    written = cli("compile", str(path), "-o", str(out), project=project_copy)
    assert written.exit_code == 0 and f"Wrote {out}" in written.output
    assert out.read_text(encoding="utf-8") == printed.output
    assert tree_digest(project_copy.root) == before


def test_the_review_gate(cli, project_copy, tmp_path):
    path = sheet(tmp_path / "drafts", "unreviewed-proposal.facts.yaml")
    before = tree_digest(project_copy.root)
    checked = cli("validate", str(path), project=project_copy)
    assert checked.exit_code == 5 and "line 32: the fact about trade-talks-2019-06-01 is still a proposal" in (
        checked.output
    )
    refused = cli("add", str(path), project=project_copy)
    assert refused.exit_code == 5 and tree_digest(project_copy.root) == before
    accepted = cli("add", str(path), "--accept-proposals", project=project_copy)
    assert accepted.exit_code == 0, accepted.output
    assert "line 32: the fact about trade-talks-2019-06-01 was a proposal" in accepted.output
    assert "accepted with --accept-proposals" in accepted.output
    # accepting by deleting the review line gives the same article
    edited = path.read_text(encoding="utf-8").replace("    review: proposed\n", "")
    assert "review" not in edited
    assert validate_article(
        load_dataset(project_copy), sheet(tmp_path / "again", "x.facts.yaml", edited), replace=True
    ).ok


# ----- every fact has an assertion ---------------------------------------------------------------


def _turtle_without(dataset, tmp_path: Path, drop) -> Path:
    compiled = compile_sheet(dataset, sheet(tmp_path))
    kept = [t for t in compiled.triples if not drop(t)]
    path = tmp_path / "edited.ttl"
    path.write_bytes(serialize_triples(kept))
    return path


def test_a_fact_without_an_assertion_is_refused(dataset, tmp_path):
    fact = ox.Triple(ox.NamedNode(TALKS), ox.NamedNode(REL + "hasParticipant"), ox.NamedNode(RELD + "monica-juma"))
    node = assertion_iri(ARTICLE, fact, [89])
    path = _turtle_without(dataset, tmp_path, lambda t: t.subject.value == node)
    report = validate_article(dataset, path)
    messages = [i.message for i in report.errors]
    assert (
        "the fact reld:trade-talks-2019-06-01 rel:hasParticipant reld:monica-juma has no rel:Assertion: "
        "no sentence, speaker or status goes with it."
    ) in " ".join(messages)


def test_an_assertion_of_a_triple_the_article_does_not_assert_is_refused(dataset, tmp_path):
    fact = ox.Triple(ox.NamedNode(TALKS), ox.NamedNode(REL + "hasParticipant"), ox.NamedNode(RELD + "monica-juma"))
    path = _turtle_without(dataset, tmp_path, lambda t: t == fact)
    report = validate_article(dataset, path)
    assert any("which the article does not assert" in i.message for i in report.errors)


def test_attribution_on_a_sentence_is_refused(dataset, tmp_path):
    compiled = compile_sheet(dataset, sheet(tmp_path))
    extra = ox.Triple(
        ox.NamedNode(ARTICLE + "#char=16,88"),
        ox.NamedNode(REL + "attributionMode"),
        ox.NamedNode(REL + "AuthorNarration"),
    )
    path = tmp_path / "edited.ttl"
    path.write_bytes(serialize_triples([*compiled.triples, extra]))
    report = validate_article(dataset, path)
    assert any(
        i.property == "rel:attributionMode" and "attribution belongs to each fact's rel:Assertion" in i.message
        for i in report.errors
    )


def test_an_article_in_turtle_without_assertions_is_refused_with_the_way_out(dataset, tmp_path):
    compiled = compile_sheet(dataset, sheet(tmp_path))
    kept = [
        t
        for t in compiled.triples
        if not (t.subject.value.startswith(ARTICLE + "#fact-") or t.predicate.value == REL + "supportedBy")
    ]
    path = tmp_path / "legacy.ttl"
    path.write_bytes(serialize_triples(kept))
    report = validate_article(dataset, path)
    assert [i.message for i in report.errors if i.code == "assertion"] == [
        "the article has no rel:Assertion, so none of its 9 facts carries its own evidence (sentence, speaker, "
        "status). Write it as a fact sheet (NAME.facts.yaml; 'relgraph compile' shows the Turtle), or give each "
        "fact an assertion node."
    ]


# ----- the bundled sheets ------------------------------------------------------------------------


BUNDLED = sorted([REPO / "data" / "triples.facts.yaml", *(REPO / "data" / "articles").glob("*.facts.yaml")])


@pytest.mark.parametrize("path", BUNDLED, ids=[p.name for p in BUNDLED])
def test_each_bundled_sheet_compiles_to_exactly_its_stored_turtle(dataset, path):
    stored = path.with_name(path.name.removesuffix(".facts.yaml") + ".ttl")
    assert compile_sheet(dataset, path).turtle == stored.read_bytes(), (
        f"{stored.name} is not what {path.name} compiles to: add the sheet again (relgraph add {path} --replace)"
    )


def test_every_bundled_article_has_its_fact_sheet():
    turtles = [REPO / "data" / "triples.ttl", *(REPO / "data" / "articles").glob("*.ttl")]
    assert all(t.with_name(t.stem + ".facts.yaml").is_file() for t in turtles)
