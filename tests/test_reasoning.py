"""Reasoning over the bundled graph: what each reasoner infers, consistency, the command.

HermiT and Pellet need Java (tests marked ``java`` skip without it); owlrl is pure
Python. Each reasoner runs once per session on the bundled graph.
"""

from __future__ import annotations

import shutil

import pyoxigraph as ox
import pytest
import yaml

from relgraph.errors import InconsistencyError, ReasoningError
from relgraph.model.namespaces import GRAPH_INFERRED, REL, RELD
from relgraph.paths import Project
from relgraph.reasoning.consistency import check_consistency, date_clashes, require_consistent
from relgraph.reasoning.inferences import INFERENCES_FILE, infer, sources_digest, write_inferences
from relgraph.reasoning.reasoners import java_available, reasoner_input, run_reasoner
from relgraph.store import load_dataset

from .conftest import REPO, TEST_DATA

needs_java = pytest.mark.skipif(not java_available(), reason="needs 'java' on PATH to run HermiT and Pellet")
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"

JUMA, KENYATTA, TRUMP = RELD + "monica-juma", RELD + "uhuru-kenyatta", RELD + "donald-trump"
KENYA, US = RELD + "kenya", RELD + "united-states"
MEETING_2018, SESSION_1 = RELD + "meeting-2018-08-27-kenyatta-trump", RELD + "bsd-session-1"
VISIT, SIGNING = RELD + "visit-kenyan-delegation-to-us-2019-05", RELD + "signing-bsd-agreement-and-sgi-action-plan"
AGOA = RELD + "agoa"
# Officials of the second bundled article (Deputy and Assistant Secretary of State):
SULLIVAN, NAGY = RELD + "john-j-sullivan", RELD + "tibor-p-nagy"
# Whom each official acts for, over the bundled history 2018-2024: every person holding a post of
# a state (rel:holder o rel:post o rel:postOf), read by hand from the fact sheets' tenures.
KENYANS = ["betty-maina", "chris-kiptoo", "monica-juma", "peter-munya", "raychelle-omamo", "tom-amolo"]
KENYANS += ["uhuru-kenyatta", "william-ruto"]
AMERICANS = ["antony-j-blinken", "donald-trump", "joe-biden", "john-j-sullivan", "mike-pompeo"]
AMERICANS += ["robert-lighthizer", "tibor-p-nagy"]
ACTS_FOR = {(RELD + p, KENYA) for p in KENYANS} | {(RELD + p, US) for p in AMERICANS}


@pytest.fixture(scope="module")
def inferred(dataset):
    """Inferences of each reasoner on the bundled graph, computed once."""
    cache = {}

    def get(reasoner: str):
        if reasoner not in cache:
            cache[reasoner] = infer(dataset, reasoner=reasoner, fallback=False)
        return cache[reasoner]

    return get


# ----- the input the reasoner reads ---------------------------------------------------------


def test_the_reasoner_input_has_no_xsd_date_no_imports_and_no_annotations(dataset):
    triples = reasoner_input(dataset)
    datatypes = {t.object.datatype.value for t in triples if isinstance(t.object, ox.Literal)}
    assert "http://www.w3.org/2001/XMLSchema#date" not in datatypes
    assert "http://www.w3.org/2001/XMLSchema#gYear" not in datatypes
    start = next(t.object for t in triples if t.subject.value == SESSION_1 and t.predicate.value == REL + "startDate")
    assert start == ox.Literal(
        "2019-05-07T00:00:00", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#dateTime")
    )
    predicates = {t.predicate.value for t in triples}
    assert "http://www.w3.org/2002/07/owl#imports" not in predicates
    assert "http://www.w3.org/2000/01/rdf-schema#label" not in predicates
    assert not any("owlready" in p for p in predicates)
    assert reasoner_input(dataset) == triples  # the same graph gives the same input


def test_the_input_leaves_out_earlier_inferences(project_copy):
    inferred_dir = project_copy.inferred_dir
    inferred_dir.mkdir(parents=True, exist_ok=True)
    (inferred_dir / INFERENCES_FILE).write_text("<urn:x> <urn:y> <urn:z> .\n", encoding="utf-8")
    dataset = load_dataset(project_copy, include_inferred=True)
    assert dataset.graph(GRAPH_INFERRED) is not None
    assert not any(t.subject.value == "urn:x" for t in reasoner_input(dataset))


# ----- what each reasoner infers on the bundled data ----------------------------------------


@needs_java
@pytest.mark.java
@pytest.mark.parametrize("reasoner", ["hermit", "pellet"])
def test_java_reasoners_classify_officials_heads_of_state_meetings_and_agoa(inferred, reasoner):
    result = inferred(reasoner)
    assert result.reasoner == reasoner and not result.note
    types = result.types()
    assert types[JUMA] == {REL + "Official"}
    assert types[KENYATTA] == {REL + "HeadOfState", REL + "Official"}
    assert types[TRUMP] == {REL + "HeadOfState", REL + "Official"}
    assert REL + "BilateralMeeting" in types[MEETING_2018]
    assert REL + "BilateralMeeting" in types[SESSION_1]
    assert types[AGOA] == {REL + "TradePreferenceProgramme"}  # a trade framework that benefits a state


@needs_java
@pytest.mark.java
@pytest.mark.parametrize("reasoner", ["hermit", "pellet"])
def test_java_reasoners_fill_the_property_chains(inferred, reasoner):
    result = inferred(reasoner)
    assert result.values(REL + "actsFor") == ACTS_FOR
    involves = result.values(REL + "involvesState")
    # hasParticipant o represents (the delegation) and hasParticipant o actsFor (Juma):
    assert {(VISIT, KENYA), (SIGNING, KENYA)} <= involves


@needs_java
@pytest.mark.java
def test_pellet_also_fills_values_implied_by_sub_properties(inferred):
    involves = inferred("pellet").values(REL + "involvesState")
    assert {(MEETING_2018, KENYA), (MEETING_2018, US), (SESSION_1, KENYA), (SESSION_1, US)} <= involves
    assert (MEETING_2018, KENYA) in inferred("pellet").values(REL + "hasParticipant")


@needs_java
@pytest.mark.java
def test_hermit_leaves_out_values_implied_by_sub_properties_alone(inferred):
    """HermiT (owlready2 0.48, -Y) gives chain values but not hasParty -> involvesState."""
    involves = inferred("hermit").values(REL + "involvesState")
    assert (MEETING_2018, KENYA) not in involves
    assert not inferred("hermit").values(REL + "hasParticipant")


def test_owlrl_infers_all_but_the_cardinality_classes(inferred):
    result = inferred("owlrl")
    types = result.types()
    assert types[JUMA] == {REL + "Official"}
    assert types[KENYATTA] == {REL + "HeadOfState", REL + "Official"}
    assert types[AGOA] == {REL + "TradePreferenceProgramme"}
    # OWL 2 RL has no minimum cardinality: no rel:BilateralMeeting; owl:hasValue it has, so a
    # completed event is a rel:CompletedEvent (the only events that are prov:Activity).
    assert types[MEETING_2018] == {REL + "CompletedEvent"}
    assert result.values(REL + "actsFor") == ACTS_FOR
    assert {(VISIT, KENYA), (MEETING_2018, US)} <= result.values(REL + "involvesState")


def test_no_trivial_or_foreign_triples_are_kept(inferred):
    for t in inferred("owlrl").triples:
        assert t.subject.value.startswith(RELD)
        if t.predicate.value == RDF_TYPE:
            assert t.object.value.startswith(REL)
        else:
            assert t.predicate.value.startswith(REL)


def _state_one_way(project) -> None:
    """Leave out 'the United States has bilateral relations with Kenya' from the first article."""
    from relgraph.store import parse_rdf, serialize_triples

    path = project.data_dir / "triples.ttl"
    triples = parse_rdf(path)
    kept = [t for t in triples if not (t.subject.value == US and t.predicate.value == REL + "hasBilateralRelationWith")]
    assert len(kept) == len(triples) - 1
    path.write_bytes(serialize_triples(kept))


def test_symmetric_relations_are_completed(project_copy):
    """The bundled data states rel:hasBilateralRelationWith both ways; with one way left out, it comes back."""
    _state_one_way(project_copy)
    result = infer(load_dataset(project_copy), reasoner="owlrl")
    assert (US, KENYA) in result.values(REL + "hasBilateralRelationWith")


@needs_java
@pytest.mark.java
def test_pellet_completes_symmetric_relations(project_copy):
    _state_one_way(project_copy)
    result = infer(load_dataset(project_copy), reasoner="pellet")
    assert (US, KENYA) in result.values(REL + "hasBilateralRelationWith")


# ----- writing and reading the inferences ---------------------------------------------------


def test_inferences_are_written_apart_and_queries_see_them_only_when_asked(project_copy, inferred):
    path = write_inferences(project_copy, inferred("owlrl"))
    assert path == project_copy.inferred_dir / INFERENCES_FILE
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# Inferred triples. Generated by 'relgraph reason'")
    assert "# Reasoner: owlrl" in text and "#   data/triples.ttl" in text and "#   ontology/relgraph.ttl" in text
    assert "reld:monica-juma a rel:Official" in text
    # Deterministic: the same inferences give the same bytes.
    write_inferences(project_copy, inferred("owlrl"))
    assert path.read_text(encoding="utf-8") == text
    query = "SELECT ?x WHERE { ?x a rel:Official }"
    assert load_dataset(project_copy, include_inferred=True).select(query).rows
    assert not load_dataset(project_copy).select(query).rows


@pytest.mark.parametrize("backend", ["memory", "disk"])
def test_saved_inferences_change_no_canned_answer_unless_asked(project_copy, tmp_path, backend):
    """The inferences stay out of the default graph; GRAPH ?g may meet them, under their own name.

    The canned queries give the same rows with the inferences saved as without them (the
    graph folder ships them), and a GRAPH pattern names the inferred graph as the source of
    what only it holds.
    """
    from relgraph.query.queries import list_queries, run_query, run_sparql
    from relgraph.store import index_store, open_dataset

    def opened(index: int):
        if backend == "memory":
            return load_dataset(project_copy, include_inferred=True)
        index_store(project_copy, tmp_path / f"store-{index}")
        return open_dataset(project_copy, store=tmp_path / f"store-{index}", include_inferred=True)

    saved = project_copy.inferred_dir / INFERENCES_FILE
    assert saved.is_file()
    with_inferences = opened(0)
    answers = {s.name: run_query(with_inferences, s, use_example=True).result for s in list_queries(project_copy)}
    official = "SELECT ?x WHERE { ?x a rel:Official }"
    assert not run_sparql(with_inferences, official).result.rows
    assert run_sparql(with_inferences, official, include_inferred=True).result.rows
    sources = run_sparql(with_inferences, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?x a rel:Official } }").result
    assert [row[0].value for row in sources.rows] == [GRAPH_INFERRED]
    with_inferences.close()

    saved.unlink()
    without = opened(1)
    changed = [name for name, result in answers.items() if run_query(without, name, use_example=True).result != result]
    assert not changed
    without.close()


def test_the_bundled_graph_ships_current_inferences(repo_project, dataset):
    """data/inferred/inferences.ttl was made from the ontology and data as they are now."""
    shipped = repo_project.inferred_dir / INFERENCES_FILE
    assert shipped.is_file()
    text = shipped.read_text(encoding="utf-8")
    assert sources_digest(dataset) in text, (
        "stale: run 'relgraph reason --reasoner pellet' and commit data/inferred/inferences.ttl"
    )
    assert "# Reasoner: Pellet" in text


def test_the_read_only_bundle_refuses_to_be_written(inferred):
    with pytest.raises(Exception, match="read-only"):
        write_inferences(Project(REPO, read_only=True), inferred("owlrl"))


# ----- no Java ------------------------------------------------------------------------------


def test_without_java_owlrl_runs_instead_and_says_so(dataset, monkeypatch):
    monkeypatch.setattr("relgraph.reasoning.reasoners.shutil.which", lambda name: None)
    run, note = run_reasoner(reasoner_input(dataset), reasoner="hermit")
    assert run.reasoner == "owlrl"
    assert "HermiT needs Java, and no 'java' is on PATH" in note and "ran owlrl" in note
    with pytest.raises(ReasoningError, match="needs Java"):
        run_reasoner(reasoner_input(dataset), reasoner="pellet", fallback=False)


@needs_java
@pytest.mark.java
def test_a_java_reasoner_is_stopped_at_its_time_limit(dataset):
    with pytest.raises(ReasoningError, match="did not finish within 0.01 s"):
        run_reasoner(reasoner_input(dataset), reasoner="pellet", timeout=0.01)


# ----- consistency --------------------------------------------------------------------------

BAD = sorted((TEST_DATA / "inconsistent").glob("*.ttl"))
EXPECTED = yaml.safe_load((TEST_DATA / "inconsistent.yaml").read_text(encoding="utf-8"))


def _with_article(project: Project, bad) -> Project:
    shutil.copy(bad, project.articles_dir / bad.name)
    return project


def test_every_bad_graph_has_an_expected_message():
    assert sorted(EXPECTED) == [p.name for p in BAD]


@pytest.mark.parametrize("bad", BAD, ids=[p.stem for p in BAD])
def test_inconsistent_graphs_are_explained_in_plain_language_by_owlrl(bad, project_copy, monkeypatch):
    monkeypatch.setattr("relgraph.reasoning.consistency.java_available", lambda: False)  # no Pellet explanation
    dataset = load_dataset(_with_article(project_copy, bad))
    report = check_consistency(dataset, reasoner="owlrl")
    assert not report.consistent
    message = report.message()
    for part in EXPECTED[bad.name]:
        assert part in message


@needs_java
@pytest.mark.java
@pytest.mark.parametrize("bad", BAD, ids=[p.stem for p in BAD])
def test_inconsistent_graphs_are_explained_with_pellet(bad, project_copy):
    dataset = load_dataset(_with_article(project_copy, bad))
    report = check_consistency(dataset, reasoner="pellet")
    assert not report.consistent and report.reasoner == "pellet"
    for part in EXPECTED[bad.name]:
        assert part in report.message()
    if "before-it-starts" not in bad.name:  # Pellet explains what OWL can say
        assert report.explanation and "Pellet's explanation" in report.message()


def test_new_triples_are_checked_before_they_are_stored(dataset):
    extra = [ox.Triple(ox.NamedNode(KENYA), ox.NamedNode(RDF_TYPE), ox.NamedNode(REL + "Person"))]
    report = check_consistency(dataset, extra=extra, extra_label="the article being added", reasoner="owlrl")
    assert not report.consistent
    assert "typed rel:Person in the article being added" in report.message()
    with pytest.raises(InconsistencyError) as caught:
        require_consistent(dataset, extra=extra, reasoner="owlrl")
    assert caught.value.exit_code == 5 and caught.value.report is not None


def test_the_bundled_graph_is_consistent(dataset):
    assert check_consistency(dataset, reasoner="owlrl").consistent
    assert date_clashes(dataset) == []


@needs_java
@pytest.mark.java
def test_the_bundled_graph_is_consistent_under_pellet_and_hermit(dataset):
    assert check_consistency(dataset, reasoner="pellet").consistent
    assert check_consistency(dataset, reasoner="hermit").consistent


def test_reason_refuses_an_inconsistent_graph(project_copy, cli):
    _with_article(project_copy, TEST_DATA / "inconsistent" / "state-and-person.ttl")
    shutil.rmtree(project_copy.inferred_dir, ignore_errors=True)
    result = cli("reason", "--reasoner", "owlrl", project=project_copy)
    assert result.exit_code == 5
    assert "The graph is inconsistent" in result.output and "reld:kenya (Kenya) is a rel:State" in result.output
    assert not (project_copy.inferred_dir / INFERENCES_FILE).exists()


# ----- the command --------------------------------------------------------------------------


def test_reason_writes_the_inferences_and_query_reads_them(project_copy, cli):
    shutil.rmtree(project_copy.inferred_dir, ignore_errors=True)
    result = cli("reason", "--reasoner", "owlrl", project=project_copy)
    assert result.exit_code == 0, result.output
    assert "owlrl inferred" in result.output and "wrote data/inferred/inferences.ttl" in result.output
    query = "SELECT ?who WHERE { ?who rel:actsFor reld:kenya } ORDER BY ?who"
    with_inferred = cli("sparql", query, "--inferred", "-f", "csv", project=project_copy)
    assert with_inferred.output.splitlines()[1:] == sorted(RELD + p for p in KENYANS)
    without = cli("sparql", query, "-f", "csv", project=project_copy)
    rows, note = without.output.splitlines()[1:-1], without.output.splitlines()[-1]
    assert rows == []  # and it says why: the term is the reasoner's
    assert note.startswith("Note: The query uses rel:actsFor, which only a reasoner produces")


def test_reason_check_reports_consistency(project_copy, cli):
    result = cli("reason", "--check", "--reasoner", "owlrl", project=project_copy)
    assert result.exit_code == 0 and "The graph is consistent (owlrl)." in result.output


def test_reason_without_java_says_which_reasoner_ran(project_copy, cli, monkeypatch):
    monkeypatch.setattr("relgraph.reasoning.reasoners.shutil.which", lambda name: None)
    result = cli("reason", project=project_copy)
    assert result.exit_code == 0
    assert (
        "Note: HermiT needs Java" in result.output
        and "ran owlrl (the pure-Python OWL 2 RL closure) instead" in result.output
        and "owlrl inferred" in result.output
    )
    refused = cli("reason", "--no-fallback", project=project_copy)
    assert refused.exit_code == 10 and "needs Java" in refused.output
