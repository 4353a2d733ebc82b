"""Growing the graph through the command: new-article, add (atomic, --replace, --dry-run),
remove, articles, stats; the second real article added on a copy of the graph folder;
a crash in the middle of writing leaves every file as it was."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time

import pytest

from relgraph.ingest.add import add_article
from relgraph.query.queries import run_query
from relgraph.store import load_dataset, parse_rdf, serialize_triples

from .conftest import REPO, TEST_DATA, tree_digest
from .test_validation import BAD, OK, draft

SECOND = "article-2019-05-08-us-kenya-bsd-joint-statement"
FIRST = "article-2019-05-03-kenya-us-bsd"
RELD = "https://w3id.org/relgraph/id/"
OK_ID = "article-2019-06-01-kenya-us-trade-talks"


def values(dataset, name, params=None):
    result = run_query(dataset, name, params or {}, timeout=None).result
    return [{k: (None if v is None else v.value) for k, v in row.items()} for row in result.records()]


@pytest.fixture
def without_second(project_copy, tmp_path):
    """A copy of the graph folder with the first article only: the second (the joint statement
    of 2019-05-08, a fact sheet beside its text) waits in drafts/; the later ones, which build
    on it, are left out."""
    drafts = tmp_path / "drafts"
    drafts.mkdir()
    for suffix in (".facts.yaml", ".ttl", ".txt"):
        shutil.move(project_copy.articles_dir / f"{SECOND}{suffix}", drafts / f"{SECOND}{suffix}")
    for later in project_copy.articles_dir.glob("article-20*"):
        if not later.name.startswith(FIRST):
            later.unlink()
    return project_copy, drafts / f"{SECOND}.facts.yaml"


# ----- the second real article -----------------------------------------------------------------------


def test_the_second_article_is_added_through_the_command(cli, without_second):
    project, source = without_second
    before = tree_digest(project.root)
    dry = cli("add", str(source), "--dry-run", project=project)
    assert dry.exit_code == 0, dry.output
    assert tree_digest(project.root) == before
    assert f"Would add reld:{SECOND} as data/articles/" in dry.output
    assert (
        "Inaugural session of the Kenya–US Bilateral Strategic Dialogue, 7–8 May 2019: rel:status completed "
        "(was planned in reld:article-2019-05-03-kenya-us-bsd)" in dry.output
    )
    assert "  reld:john-j-sullivan  John J. Sullivan\n" in dry.output
    assert "rel:place Washington, D.C." in dry.output
    assert "Nothing was written (--dry-run)." in dry.output

    added = cli("add", str(source), project=project)
    assert added.exit_code == 0, added.output
    assert "warning" not in added.output  # no look-alikes: it reuses the graph's IRIs
    assert added.output.startswith(
        f"Added reld:{SECOND} as data/articles/{SECOND}.ttl (1,123 triples) with its text data/articles/{SECOND}.txt "
        f"and its fact sheet data/articles/{SECOND}.facts.yaml.\n"
    )
    for suffix in (".txt", ".facts.yaml", ".ttl"):  # the stored files are the bundled ones, byte for byte
        assert (project.articles_dir / f"{SECOND}{suffix}").read_bytes() == (
            REPO / "data/articles" / f"{SECOND}{suffix}"
        ).read_bytes()

    dataset = load_dataset(project)
    graph = {t for t in dataset.triples_in(RELD + SECOND)}
    reused = {t.subject.value for t in graph} | {t.object.value for t in graph if hasattr(t.object, "value")}
    for iri in (
        "kenya",
        "united-states",
        "monica-juma",
        "agoa",
        "agreement-guiding-bsd",
        "bilateral-strategic-dialogue",
        "bsd-session-1",
    ):
        assert RELD + iri in reused

    current = {r["item"]: r for r in values(dataset, "current_status")}
    session = current[RELD + "bsd-session-1"]
    assert (session["status"], session["as_of"], session["source"]) == (
        "https://w3id.org/relgraph/ontology#Completed",
        "2019-05-08",
        RELD + SECOND,
    )
    history = values(dataset, "status_history", {"item": "reld:bsd-session-1"})
    assert {(r["reported_on"], r["status"].rsplit("#")[1], r["article"]) for r in history} == {
        ("2019-05-03", "Planned", RELD + FIRST),
        ("2019-05-08", "Completed", RELD + SECOND),
    }


def test_the_dyad_timeline_runs_across_both_articles(dataset):
    rows = values(dataset, "dyad_timeline", {"state_a": "Kenya", "state_b": "United States"})
    session = [(r["status"].rsplit("#")[1], r["reported_on"]) for r in rows if r["event"] == RELD + "bsd-session-1"]
    assert sorted(set(session)) == [("Completed", "2019-05-08"), ("Planned", "2019-05-03")]
    assert len(rows) == len({tuple(sorted(r.items(), key=str)) for r in rows})  # no row twice
    assert rows[0]["start"] == "2018-08-27"


def test_the_stored_file_is_deterministic_and_checks_clean(cli, without_second, tmp_path):
    project, source = without_second
    assert cli("add", str(source), project=project).exit_code == 0
    stored = (project.articles_dir / f"{SECOND}.ttl").read_bytes()
    assert stored.endswith(serialize_triples(parse_rdf(project.articles_dir / f"{SECOND}.ttl")))
    assert stored.startswith(f"# Generated by 'relgraph compile' from the fact sheet {SECOND}.facts.yaml".encode())
    again = cli("validate", str(project.articles_dir / f"{SECOND}.ttl"), project=project)
    assert again.exit_code == 0 and "0 errors, 0 warnings" in again.output


def test_who_held_a_post_on_a_date(dataset):
    post = "Cabinet Secretary for Foreign Affairs (Kenya)"

    def held(date):
        rows = values(dataset, "post_holder_on", {"post": post, "date": date})
        return [(r["holder"], r["basis"], r["first_attested"], r["last_attested"]) for r in rows]

    # the first article shows her in post on 3 May, the joint statement on 8 May
    assert held("2019-05-03") == [(RELD + "monica-juma", "attested on that date", "2019-05-03", "2019-05-08")]
    assert held("2019-05-08") == [(RELD + "monica-juma", "attested on that date", "2019-05-03", "2019-05-08")]
    # no sentence shows her in post on 7 May: she is attested on both sides of it, and the basis says so
    assert held("2019-05-07") == [(RELD + "monica-juma", "attested before and after", "2019-05-03", "2019-05-08")]
    # before the first attestation nothing supports an answer
    assert held("2019-05-02") == []


def test_who_held_a_post_over_an_interval(cli, project_copy, tmp_path):
    """A tenure with an interval, written as a fact sheet (a value typed explicitly where OWL-Time gives no range)."""
    sheet = (TEST_DATA / "bad-sheets" / "ok.facts.yaml").read_text(encoding="utf-8")
    sheet = (
        sheet.replace(
            "entities:\n",
            """entities:
  tenure-monica-juma-cs-2018:
    class: Tenure
    label: Monica Juma as Cabinet Secretary for Foreign Affairs (Kenya), 2018-2020
  tenure-monica-juma-cs-2018-interval:
    class: time:Interval
    label: 14 February 2018 to 14 January 2020
  tenure-monica-juma-cs-2018-begin:
    class: time:Instant
    label: 14 February 2018
  tenure-monica-juma-cs-2018-end:
    class: time:Instant
    label: 14 January 2020
""",
        )
        + """  - quote: Monica Juma
    subject: tenure-monica-juma-cs-2018
    says:
      holder: monica-juma
      post: post-cabinet-secretary-foreign-affairs-kenya
      heldDuring: tenure-monica-juma-cs-2018-interval
  - quote: Monica Juma
    subject: tenure-monica-juma-cs-2018-interval
    says:
      time:hasBeginning: tenure-monica-juma-cs-2018-begin
      time:hasEnd: tenure-monica-juma-cs-2018-end
  - quote: Monica Juma
    subject: tenure-monica-juma-cs-2018-begin
    says:
      time:inXSDDate: '"2018-02-14"^^xsd:date'
  - quote: Monica Juma
    subject: tenure-monica-juma-cs-2018-end
    says:
      time:inXSDDate: '"2020-01-14"^^xsd:date'
"""
    )
    folder = tmp_path / "d"
    folder.mkdir()
    shutil.copy(TEST_DATA / "bad-sheets" / "talks.txt", folder / "talks.txt")
    (folder / "interval.facts.yaml").write_text(sheet, encoding="utf-8")
    result = cli("add", str(folder / "interval.facts.yaml"), project=project_copy)
    assert result.exit_code == 0, result.output
    rows = values(
        load_dataset(project_copy),
        "post_holder_on",
        {"post": "Cabinet Secretary for Foreign Affairs (Kenya)", "date": "2019-12-01"},
    )
    assert [(r["basis"], r["from"], r["until"]) for r in rows] == [("in its interval", "2018-02-14", "2020-01-14")]


def test_article_changes_lists_what_the_second_article_changed(dataset):
    rows = values(dataset, "article_changes", {"article": "reld:" + SECOND})
    changes = {
        (r["subject"].rsplit("/")[-1], r["earlier_value"].rsplit("#")[-1]) for r in rows if r["change"] == "changes"
    }
    # the session and the visit planned to contain it are reported done; the announced signing of
    # the agreement and the SGI plan is not (the statement reports another signing), nor the communique
    assert changes == {
        ("bsd-session-1", "Planned"),
        ("visit-kenyan-delegation-to-us-2019-05", "Planned"),
    }
    kinds = {r["change"] for r in rows}
    assert kinds == {"changes", "new entity", "new fact", "restated"}


# ----- add: refusals, replace, atomic writes ----------------------------------------------------------


def test_an_article_is_added_once_unless_replace(cli, project_copy, tmp_path):
    path = draft(tmp_path / "d", "ok-article.ttl")
    assert cli("add", str(path), project=project_copy).exit_code == 0
    stored = project_copy.articles_dir / f"{OK_ID}.ttl"
    assert (project_copy.articles_dir / "bad-article.txt").is_file() and stored.is_file()
    before = tree_digest(project_copy.root)
    again = cli("add", str(path), project=project_copy)
    assert again.exit_code == 5 and "the article is already in the graph (data/articles/" in again.output
    assert tree_digest(project_copy.root) == before
    path.write_text(OK.replace("trade talks in Nairobi, 1 June", "trade talks in Nairobi on 1 June"), encoding="utf-8")
    replaced = cli("add", str(path), "--replace", project=project_copy)
    assert replaced.exit_code == 0, replaced.output
    assert replaced.output.startswith("warning: ") and "it will be replaced" in replaced.output
    assert "Replaced reld:article-2019-06-01-kenya-us-trade-talks as data/articles/" in replaced.output
    assert "trade talks in Nairobi on 1 June" in stored.read_text(encoding="utf-8")


def test_replacing_the_first_article_keeps_its_file(cli, project_copy, tmp_path):
    drafts = tmp_path / "d"
    drafts.mkdir()
    shutil.copy(project_copy.data_dir / "triples.ttl", drafts / "first.ttl")
    shutil.copy(project_copy.articles_dir / f"{FIRST}.txt", drafts / f"{FIRST}.txt")
    result = cli("add", str(drafts / "first.ttl"), "--replace", project=project_copy)
    assert result.exit_code == 0, result.output
    assert "Replaced reld:article-2019-05-03-kenya-us-bsd as data/triples.ttl (1,824 triples)" in result.output
    assert not (project_copy.data_dir / "triples.facts.yaml").exists()  # the Turtle no longer comes from it
    assert not (project_copy.articles_dir / f"{FIRST}.ttl").exists()
    assert len(load_dataset(project_copy).article_graphs()) == 8  # the bundled eight, the first replaced in place


@pytest.mark.parametrize("failing_call", [1, 2])
def test_a_failed_write_leaves_every_file_as_it_was(project_copy, tmp_path, monkeypatch, failing_call):
    """os.replace fails on the text (1st rename) or on the Turtle (2nd): both roll back."""
    path = draft(tmp_path / "d", "ok-article.ttl")
    dataset = load_dataset(project_copy)
    before = tree_digest(project_copy.root)
    real = os.replace
    calls = []

    def flaky(src, dst):
        calls.append(dst)
        if len(calls) == failing_call:
            raise OSError(28, "No space left on device")
        return real(src, dst)

    monkeypatch.setattr(os, "replace", flaky)
    from relgraph.errors import StoreError

    with pytest.raises(StoreError, match="every file was left as it was"):
        add_article(dataset, path)
    monkeypatch.undo()
    assert tree_digest(project_copy.root) == before
    assert not list(project_copy.root.rglob("*.tmp"))


def test_an_interrupt_while_writing_leaves_every_file_as_it_was(project_copy, tmp_path, monkeypatch):
    path = draft(tmp_path / "d", "ok-article.ttl")
    dataset = load_dataset(project_copy)
    before = tree_digest(project_copy.root)
    real = os.replace

    def interrupted(src, dst):
        if str(dst).endswith(".ttl"):
            raise KeyboardInterrupt
        return real(src, dst)

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        add_article(dataset, path)
    monkeypatch.undo()
    assert tree_digest(project_copy.root) == before


KILL_SCRIPT = """
import os, sys, time
marker = sys.argv[1]
real_fsync = os.fsync
def slow_fsync(fd):
    real_fsync(fd)
    open(marker, "w").close()   # tell the test: a temporary file is written and synced
    time.sleep(60)
os.fsync = slow_fsync
sys.argv = ["relgraph", "--project", sys.argv[2], "add", sys.argv[3]]
from relgraph.cli import main
main()
"""


def test_a_process_killed_while_writing_leaves_the_graph_as_it_was(project_copy, tmp_path):
    """SIGKILL after the temporary file is written and synced, before any rename."""
    path = draft(tmp_path / "d", "ok-article.ttl")
    marker = tmp_path / "writing"
    before = {p: p.read_bytes() for p in project_copy.root.rglob("*") if p.is_file()}
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
    child = subprocess.Popen(
        [sys.executable, "-c", KILL_SCRIPT, str(marker), str(project_copy.root), str(path)], env=env
    )
    deadline = time.monotonic() + 60
    while not marker.exists() and child.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert marker.exists(), "the add never reached the write"
    child.send_signal(signal.SIGKILL)
    child.wait()
    after = {p: p.read_bytes() for p in project_copy.root.rglob("*") if p.is_file()}
    leftovers = [
        p for p in after if p not in before and p.relative_to(project_copy.root).as_posix() != ".relgraph/lock"
    ]
    assert all(p.name.startswith(".") and p.name.endswith(".tmp") for p in leftovers), leftovers
    assert {p: b for p, b in after.items() if p in before} == before
    assert len(load_dataset(project_copy).article_graphs()) == len(  # the graph loads as before
        load_dataset(project_copy.__class__(REPO)).article_graphs()
    )


# ----- new-article -----------------------------------------------------------------------------------


def test_new_article_writes_a_draft_that_checks_clean(cli, project_copy, tmp_path):
    text = tmp_path / "report.txt"
    shutil.copy(REPO / "data/articles" / f"{SECOND}.txt", text)
    result = cli(
        "new-article",
        "--url",
        "https://example.org/news/bsd",
        "--date",
        "2019-05-10",
        "--title",
        "Kenya and the US hold their first Strategic Dialogue",
        "--text",
        str(text),
        project=project_copy,
    )
    assert result.exit_code == 0, result.output
    draft_id = "article-2019-05-10-kenya-and-the-us-hold-their-first-strategic"
    assert result.output.startswith(
        f"Wrote drafts/{draft_id}.ttl (7 mentions, one per sentence) and drafts/{draft_id}.txt."
    )
    turtle = project_copy.root / "drafts" / f"{draft_id}.ttl"
    assert (project_copy.root / "drafts" / f"{draft_id}.txt").read_bytes() == text.read_bytes()
    skeleton = turtle.read_text(encoding="utf-8")
    for part in (
        f"reld:{draft_id}\n    a rel:Article , rel:NewsArticle ;",
        "schema:url <https://example.org/news/bsd> ;",
        'schema:datePublished "2019-05-10"^^xsd:date ;',
        f'rel:textFile "articles/{draft_id}.txt" ;',
        f"<https://w3id.org/relgraph/id/{draft_id}#char=0,107>",
        '    rel:exactText "The United States and Kenya held the inaugural Bilateral Strategic Dialogue in Washington,'
        ' D.C. on May 7-8." .',
        "# reld:tenure-PERSON-ID-POST-ID\n#     a rel:Tenure ;",
        "# reld:claim-WHAT\n#     a rel:Claim ;",
        "# reld:commitment-WHAT\n#     a rel:Commitment ;",
    ):
        assert part in skeleton
    checked = cli("validate", f"drafts/{draft_id}.ttl", project=project_copy)
    assert checked.exit_code == 0, checked.output
    assert "0 errors, 7 warnings" in checked.output  # the seven mentions no fact uses yet
    assert (
        cli(
            "new-article",
            "--date",
            "2019-05-10",
            "--title",
            "x",
            "--text",
            str(text),
            "--id",
            draft_id,
            project=project_copy,
        ).exit_code
        == 3
    )  # the draft exists: not overwritten


def test_new_article_refuses_a_bad_date_and_a_missing_text(cli, project_copy, tmp_path):
    bad_date = cli("new-article", "--date", "10 May 2019", "--title", "t", "--text", "x.txt", project=project_copy)
    assert bad_date.exit_code == 2
    missing = cli(
        "new-article",
        "--date",
        "2019-05-10",
        "--title",
        "t",
        "--text",
        str(tmp_path / "none.txt"),
        project=project_copy,
    )
    assert missing.exit_code == 4 and "none.txt" in missing.output
    assert not (project_copy.root / "drafts").exists()


# ----- remove, articles, stats -------------------------------------------------------------------


def test_add_then_remove_gives_back_the_same_folder(cli, project_copy, tmp_path):
    before = tree_digest(project_copy.root)
    assert cli("add", str(draft(tmp_path / "d", "ok-article.ttl")), project=project_copy).exit_code == 0
    assert tree_digest(project_copy.root) != before
    result = cli("remove", OK_ID, project=project_copy)
    assert result.exit_code == 0, result.output
    assert result.output.startswith(
        "Removed reld:article-2019-06-01-kenya-us-trade-talks (87 triples): "
        "data/articles/article-2019-06-01-kenya-us-trade-talks.ttl, data/articles/bad-article.txt.\n"
        "  3 entities stay (other articles describe them too); 1 entity was only in this article."
    )
    assert tree_digest(project_copy.root) == before


def test_remove_by_title_and_unknown_names(cli, project_copy, tmp_path):
    assert cli("add", str(draft(tmp_path / "d", "ok-article.ttl")), project=project_copy).exit_code == 0
    assert (
        cli("remove", "Kenya and the US hold trade talks in Nairobi", "--dry-run", project=project_copy).exit_code == 0
    )
    assert (project_copy.articles_dir / f"{OK_ID}.ttl").exists()
    unknown = cli("remove", "article-2019-06-02-kenya-us-trade-talks", project=project_copy)
    assert unknown.exit_code == 7
    assert "Did you mean 'article-2019-06-01-kenya-us-trade-talks'" in unknown.output


def test_remove_refuses_to_orphan_what_another_article_points_to(cli, project_copy, tmp_path):
    """An article that points to a theme (described only by the first article) keeps the first one in."""
    text = OK.replace(
        "    rel:hasParticipant reld:monica-juma ;",
        "    rel:hasParticipant reld:monica-juma ;\n    rel:hasTopic reld:theme-free-and-open-world ;",
    ) + (
        "<https://w3id.org/relgraph/id/article-2019-06-01-kenya-us-trade-talks#fact-topic> a rel:Assertion ;\n"
        "    rel:factSubject reld:trade-talks-2019-06-01 ; rel:factPredicate rel:hasTopic ;\n"
        "    rel:factObject reld:theme-free-and-open-world ; rel:attributionMode rel:AuthorNarration ;\n"
        "    rel:supportedBy <https://w3id.org/relgraph/id/article-2019-06-01-kenya-us-trade-talks#char=16,88> .\n"
    )
    assert cli("add", str(draft(tmp_path / "d", "un.ttl", text)), project=project_copy).exit_code == 0
    before = tree_digest(project_copy.root)
    refused = cli("remove", FIRST, project=project_copy)
    assert refused.exit_code == 5
    assert (
        "is the only article that describes 1 entity other articles point to (reld:theme-free-and-open-world)"
        in refused.output
    )
    assert tree_digest(project_copy.root) == before
    forced = cli("remove", FIRST, "--force", project=project_copy)
    assert forced.exit_code == 0
    assert "lose their type and label: reld:theme-free-and-open-world" in forced.output
    assert not (project_copy.data_dir / "triples.ttl").exists()
    assert not (project_copy.articles_dir / f"{FIRST}.txt").exists()


def test_the_first_article_can_be_removed_and_the_second_stands_alone(cli, project_copy):
    result = cli("remove", FIRST, project=project_copy)
    assert result.exit_code == 0, result.output
    dataset = load_dataset(project_copy)
    names = [g.name for g in dataset.article_graphs() if "/article-" in g.name]
    assert RELD + FIRST not in names and RELD + SECOND in names and len(names) == 7
    labels = values(dataset, "current_status")
    assert {r["item"] for r in labels} >= {RELD + "bsd-session-1"}
    kenya = dataset.select("SELECT ?l WHERE { reld:kenya rdfs:label ?l ; a rel:State }").rows
    assert [r[0].value for r in kenya] == ["Kenya"]


def test_articles_lists_date_title_triples_and_file(cli, project_copy):
    result = cli("articles", "--format", "csv", project=project_copy)
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0] == "published,identifier,title,triples,file"
    rows = [line.split(",")[:2] for line in lines[1:]]
    assert rows == [  # oldest first: the bundled history, 2018-2024
        ["2018-08-28", "article-2018-08-28-us-kenya-strategic-partnership-worldbulletin"],
        ["2018-08-28", "article-2018-08-28-ustr-kenya-trade-investment-working-group"],
        ["2019-05-03", "article-2019-05-03-kenya-us-bsd"],
        ["2019-05-08", "article-2019-05-08-us-kenya-bsd-joint-statement"],
        ["2020-02-06", "article-2020-02-06-voa-trump-kenyatta-trade-negotiations"],
        ["2020-07-09", "article-2020-07-09-us-kenya-launch-fta-negotiations"],
        ["2021-11-17", "article-2021-11-17-kenya-us-second-bsd-joint-statement"],
        ["2024-05-23", "article-2024-05-23-biden-ruto-state-visit-afp"],
    ]
    assert (
        f"2019-05-08,{SECOND},Joint Statement on the Inaugural U.S.-Kenya Bilateral Strategic Dialogue,1123,"
        f"data/articles/{SECOND}.ttl"
    ) in lines
    assert lines[3].endswith(",data/triples.ttl")


def test_stats_summarise_the_graph(cli, project_copy):
    result = cli("stats", project=project_copy)
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[1] == "Articles: 8, published 2018-08-28 to 2024-05-23"
    assert lines[2] == "Event dates: 2018-08-27 to 2024-05-23"
    assert "       67  Mention" in lines
    assert "      762  Assertion" in lines  # one per stated fact
    assert "        8  State" in lines
    assert "       15  completed" in lines


def test_the_bundled_graph_is_read_only(cli, tmp_path, monkeypatch):
    from relgraph.paths import Project

    monkeypatch.chdir(tmp_path)
    read_only = Project(REPO, read_only=True)
    from relgraph.errors import ProjectError

    with pytest.raises(ProjectError, match="read-only"):
        add_article(load_dataset(read_only), BAD / "ok-article.ttl")


def test_the_docs_show_real_dry_run_output(cli, project_copy, tmp_path, monkeypatch):
    """The guide's 'relgraph add --dry-run' example is the real output for the latest bundled
    article, taken out of the graph folder into drafts/ first."""
    readme = (REPO / "docs" / "guides" / "add-article.md").read_text(encoding="utf-8")
    latest = "article-2024-05-23-biden-ruto-state-visit-afp"
    command = f"$ relgraph add drafts/{latest}.ttl --dry-run\n"
    start = readme.index(command) + len(command)
    shown = readme[start : readme.index("```", start)].rstrip("\n")
    project = project_copy
    drafts = project.root / "drafts"
    drafts.mkdir()
    for suffix in (".facts.yaml", ".ttl", ".txt"):
        shutil.move(project.articles_dir / f"{latest}{suffix}", drafts / f"{latest}{suffix}")
    monkeypatch.chdir(project.root)
    result = cli("add", f"drafts/{latest}.ttl", "--dry-run", project=project)
    assert result.exit_code == 0, result.output
    assert result.output.rstrip("\n") == shown
