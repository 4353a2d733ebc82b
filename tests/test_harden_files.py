"""Hardening of what relgraph writes (issue 14): never inside the folders it reads, a full disk is a
message, files get the umask's mode, numbers of seconds are numbers, owlrl stops at its limit."""

from __future__ import annotations

import errno
import os
import time

import pytest

from relgraph.errors import ReasoningError

from .conftest import tree_digest
from .test_harden_ingest import OK_ID, text_draft


@pytest.mark.parametrize(
    ("args", "what"),
    [
        (["query", "articles", "-o", "{root}/data/triples.ttl"], "the output"),
        (["export", "-o", "{root}/ontology/relgraph.ttl"], "the output"),
        (["sparql", "ASK {{ ?s ?p ?o }}", "-o", "{root}/queries/answer.rq"], "the output"),
        (["render", "-o", "{root}/data/page.html"], "the page"),
        (["index", "--store", "{root}/data"], "the store"),
        (["reason", "--reasoner", "owlrl", "-o", "{root}/data/articles/x.ttl"], "inferences written with -o"),
    ],
)
def test_no_output_is_written_inside_the_folders_relgraph_reads(cli, project_copy, args, what):
    """'query ... -o data/triples.ttl' overwrote the first article with exit 0; 'index --store data' built inside data/."""
    before = tree_digest(project_copy.root)
    result = cli(*[a.format(root=project_copy.root) for a in args], project=project_copy)
    assert result.exit_code == 3, result.output
    assert "of the graph folder, which relgraph reads as the graph; " + what + " goes elsewhere" in result.output
    assert tree_digest(project_copy.root) == before


@pytest.mark.parametrize(
    "args",
    [
        ["export", "-o", "{tmp}/out.trig"],
        ["query", "articles", "-o", "{tmp}/out.txt"],
        ["render", "-o", "{tmp}/page.html"],
        ["reason", "--reasoner", "owlrl"],
    ],
)
def test_a_full_disk_is_a_message_and_leaves_nothing_behind(cli, project_copy, tmp_path, monkeypatch, args):
    """reason, render -o, export -o and query -o printed an OSError traceback on a full disk."""
    before = tree_digest(project_copy.root)

    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    result = cli(*[a.format(tmp=tmp_path) for a in args], project=project_copy)
    assert result.exit_code == 6, result.output
    assert "No space left on device" in result.output and "Traceback" not in result.output
    assert "Nothing was half-written" in result.output
    assert not list(tmp_path.glob("*.tmp")) and not list(tmp_path.glob(".*.tmp"))
    assert not any(p.exists() for p in (tmp_path / "out.trig", tmp_path / "out.txt", tmp_path / "page.html"))
    assert tree_digest(project_copy.root) == before


@pytest.mark.parametrize("value", ["inf", "nan", "-1", "1e400", "five"])
def test_a_timeout_is_a_finite_number_of_seconds(cli, project_copy, value):
    """--timeout inf gave an OverflowError traceback, --timeout nan a bogus time-out."""
    result = cli("sparql", "ASK { ?s ?p ?o }", "--timeout", value, project=project_copy)
    assert result.exit_code == 2, result.output
    assert f"Invalid value for '--timeout': '{value}' is not a number of seconds" in result.output


def test_written_files_follow_the_umask(cli, project_copy, tmp_path):
    """Every file was 0600 whatever the umask: a page on a web server or a shared folder could not be read."""
    old = os.umask(0o022)
    try:
        from relgraph.store import files

        files._UMASK = None
        assert cli("export", "-o", str(tmp_path / "out.trig"), project=project_copy).exit_code == 0
        assert cli("render", "-o", str(tmp_path / "page.html"), project=project_copy).exit_code == 0
        path = text_draft(tmp_path / "d", f"articles/{OK_ID}.txt")
        assert cli("add", str(path), project=project_copy).exit_code == 0
        written = [
            tmp_path / "out.trig",
            tmp_path / "page.html",
            project_copy.articles_dir / f"{OK_ID}.ttl",
            project_copy.articles_dir / f"{OK_ID}.txt",
        ]
        assert {p.name: oct(p.stat().st_mode & 0o777) for p in written} == {p.name: "0o644" for p in written}
        os.chmod(written[0], 0o640)  # a file that exists keeps its own mode
        assert cli("export", "-o", str(written[0]), project=project_copy).exit_code == 0
        assert written[0].stat().st_mode & 0o777 == 0o640
    finally:
        os.umask(old)
        files._UMASK = None


def test_owlrl_stops_at_its_time_limit(dataset, monkeypatch):
    """'reason --reasoner owlrl --timeout 5' ran over 300 s: owlrl now runs in a child killed at the limit."""
    from relgraph.reasoning import inferences, reasoners

    def endless(triples):
        time.sleep(60)

    monkeypatch.setattr(reasoners, "_run_owlrl", endless)
    started = time.monotonic()
    with pytest.raises(ReasoningError, match=r"owlrl did not finish within 1 s and was stopped"):
        inferences.infer(dataset, reasoner="owlrl", timeout=1)
    assert time.monotonic() - started < 10


def test_inferred_answers_say_when_the_inferences_are_stale(cli, project_copy, tmp_path):
    """--inferred silently read inferences made before the last add: now a note names what they miss."""
    fresh = cli("query", "articles", "--inferred", project=project_copy)
    assert fresh.exit_code == 0 and "Note: the inferences" not in fresh.output
    path = text_draft(tmp_path / "d", f"articles/{OK_ID}.txt")
    assert cli("add", str(path), project=project_copy).exit_code == 0
    stale = cli("query", "articles", "--inferred", project=project_copy)
    assert stale.exit_code == 0
    assert (
        "Note: the inferences (data/inferred/inferences.ttl) are older than 1 file of the graph "
        f"(data/articles/{OK_ID}.ttl): --inferred answers miss what those say. Run 'relgraph reason'" in stale.output
    )
