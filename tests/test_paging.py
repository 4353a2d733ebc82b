"""Pages of rows: --limit/--offset reach the engine, the rows are the right slice, 'more' is right."""

from __future__ import annotations

import io
import re

import pytest

from relgraph.cli import query as cli_query
from relgraph.errors import ParameterError
from relgraph.paths import Project
from relgraph.query.queries import run_query, run_sparql
from relgraph.store import load_dataset
from relgraph.store.sparql import page_text

from .conftest import REPO

BUNDLED = Project(REPO)
STATES = "SELECT ?state WHERE { ?state a rel:State } ORDER BY ?state"


@pytest.fixture(scope="module")
def bundled():
    return load_dataset(BUNDLED)


def test_page_text_adds_limit_and_offset_after_the_query():
    paged = page_text("SELECT ?a WHERE { ?a ?b ?c } ORDER BY ?a # the end", limit=11, offset=5)
    assert paged.endswith("# the end\nLIMIT 11\nOFFSET 5\n")


def test_page_text_leaves_a_subquery_limit_alone_but_not_the_query_own():
    assert page_text("SELECT ?a WHERE { { SELECT ?a WHERE { ?a ?b ?c } LIMIT 3 } }", limit=2).endswith("LIMIT 2\n")
    assert page_text("SELECT ?a WHERE { ?a ?b ?c } LIMIT 3", limit=2) is None
    assert page_text("SELECT ?a WHERE { ?a ?b ?c } OFFSET 3", limit=2) is None
    assert page_text("SELECT ?a WHERE { ?a ?b ?c } VALUES ?a { 1 }", limit=2) is None
    assert page_text("CONSTRUCT WHERE { ?a ?b ?c }", limit=2) is None
    assert page_text('SELECT ?limit WHERE { ?limit ?b "LIMIT" }', limit=2).endswith("LIMIT 2\n")


def test_pages_of_a_canned_query_are_slices_of_the_whole_answer(bundled):
    whole = run_query(bundled, "who_said_what").result.rows
    assert len(whole) > 10
    pages, offset = [], 0
    while True:
        outcome = run_query(bundled, "who_said_what", limit=4, offset=offset)
        pages.extend(outcome.result.rows)
        assert outcome.offset == offset
        assert outcome.more == (offset + 4 < len(whole))
        if not outcome.more:
            break
        offset += 4
    assert pages == list(whole)


def test_a_page_of_a_query_with_its_own_limit_is_cut_from_its_answer(bundled):
    own = STATES + " LIMIT 2"
    whole = run_sparql(bundled, own).result.rows
    assert len(whole) == 2
    outcome = run_sparql(bundled, own, limit=1, offset=1)
    assert (outcome.result.rows, outcome.more) == (whole[1:2], False)
    first = run_sparql(bundled, own, limit=1)
    assert (first.result.rows, first.more) == (whole[:1], True)


def test_a_negative_page_is_refused(bundled):
    with pytest.raises(ParameterError, match="limit=-1"):
        run_sparql(bundled, STATES, limit=-1)


def test_the_table_view_shows_a_page_and_says_how_to_see_more(cli, monkeypatch):
    whole = cli("query", "who_said_what", "--format", "csv", project=BUNDLED).output.splitlines()
    monkeypatch.setattr(cli_query, "TABLE_ROWS", 3)
    shown = cli("query", "who_said_what", project=BUNDLED)
    assert shown.exit_code == 0
    assert "3 rows" in shown.stdout
    assert "Rows 1 to 3 shown; more follow: --offset 3 for the next page" in shown.stderr
    every = cli("query", "who_said_what", "--all", "--format", "csv", project=BUNDLED)
    assert every.output.splitlines() == whole  # csv and --all are never cut
    page = cli("query", "who_said_what", "--limit", "2", "--offset", "3", "--format", "csv", project=BUNDLED)
    assert page.stdout.splitlines() == [whole[0], *whole[4:6]]


def test_on_a_terminal_the_wait_is_shown_and_timed(cli, monkeypatch):
    """A spinner with the time so far while the query runs, then the time it took (stderr only)."""
    from rich.console import Console

    from relgraph.cli import app

    screen = io.StringIO()
    monkeypatch.setattr(app, "stderr_is_terminal", lambda: True)
    monkeypatch.setattr(cli_query, "_stderr_console", lambda: Console(file=screen, force_terminal=True, width=100))
    shown = cli("query", "status_history", "--example", project=BUNDLED)
    assert shown.exit_code == 0
    assert "Running status_history" in screen.getvalue()
    assert re.search(r"Answered in \d+ ms\.|Answered in \d+\.\d\d s\.", screen.getvalue())
    assert "Answered" not in shown.stdout and "Running" not in shown.stdout  # the rows stay clean


def test_on_a_terminal_a_slow_read_into_memory_shows_its_files_and_suggests_an_index(cli, monkeypatch):
    from relgraph.cli import app

    monkeypatch.setattr(app, "stderr_is_terminal", lambda: True)
    monkeypatch.setattr(app, "SLOW_LOAD_SECONDS", 0.0)
    shown = cli("query", "status_history", "--example", project=BUNDLED)
    assert shown.exit_code == 0
    assert "reading files" in shown.stderr  # the bar
    assert "Read the graph folder into memory in" in shown.stderr and "'relgraph index'" in shown.stderr
    monkeypatch.setattr(app, "SLOW_LOAD_SECONDS", 3600.0)
    assert "relgraph index" not in cli("query", "status_history", "--example", project=BUNDLED).stderr


def test_off_a_terminal_nothing_is_said_of_the_wait(cli):
    shown = cli("sparql", STATES, project=BUNDLED)
    assert shown.exit_code == 0 and "Kenya" in shown.stdout
    assert "Answered" not in shown.stderr and "Running" not in shown.stderr
    assert "reading files" not in shown.stderr and "relgraph index" not in shown.stderr


def test_limit_and_all_together_are_a_usage_error(cli):
    result = cli("sparql", STATES, "--limit", "1", "--all", project=BUNDLED)
    assert result.exit_code == 2
    assert "Give --limit or --all, not both." in result.output


def test_a_syntax_error_in_a_paged_query_points_into_the_users_text(bundled):
    from relgraph.errors import QuerySyntaxError

    with pytest.raises(QuerySyntaxError) as info:
        run_sparql(bundled, "SELECT * WHERE { ?s ?p }", limit=10)
    assert "line 1, column 24" in str(info.value)
    assert "LIMIT" not in str(info.value)
