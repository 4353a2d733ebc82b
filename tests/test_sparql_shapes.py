"""The shapes' SPARQL constraints run set-at-a-time in Oxigraph (relgraph.ingest.sparql_shapes) give what
pyshacl gives running them node by node in rdflib: on every article with planted errors in the
tests, on the bundled data, on one error planted per constraint, and on queries that only work
node by node or that touch rdflib-vs-Oxigraph differences."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pyoxigraph as ox
import pytest
import yaml

from relgraph.errors import DataShapeError
from relgraph.ingest import shacl
from relgraph.ingest.shacl import sparql_engine, validate_graph
from relgraph.ingest.sparql_shapes import plan_constraints, run_constraints
from relgraph.ingest.validation import validate_article
from relgraph.model.namespaces import GRAPH_ONTOLOGY
from relgraph.store import parse_rdf

from .conftest import REPO, TEST_DATA

SHAPES = REPO / "ontology" / "shapes.ttl"
BAD = TEST_DATA / "bad-articles"
OK = (BAD / "ok-article.ttl").read_text(encoding="utf-8")
PLANTED: dict[str, dict] = yaml.safe_load((TEST_DATA / "planted-errors.yaml").read_text(encoding="utf-8"))
ARTICLE = "https://w3id.org/relgraph/id/article-2019-06-01-kenya-us-trade-talks"
SPARQL = "http://www.w3.org/ns/shacl#SPARQLConstraintComponent"


def _pyshacl_sparql(data, shapes) -> set[tuple[str, str, str]]:
    """(focus, constraint, message) of pyshacl's own SPARQL results on the full shapes graph."""
    import pyshacl
    from rdflib import RDF, Namespace

    sh = Namespace("http://www.w3.org/ns/shacl#")
    with shacl._prepared_queries():  # rdflib parses each query once, not once per focus node
        _, report, _ = pyshacl.validate(data, shacl_graph=shapes, inference="none", allow_warnings=True)
    return {
        (
            str(report.value(r, sh.focusNode)),
            str(report.value(r, sh.sourceConstraint)),
            str(report.value(r, sh.resultMessage)),
        )
        for r in report.subjects(RDF.type, sh.ValidationResult)
        if str(report.value(r, sh.sourceConstraintComponent)) == SPARQL
    }


def _oxigraph_sparql(triples, data, shapes) -> set[tuple[str, str, str]]:
    """The new path: the plan's constraints in Oxigraph, and pyshacl for any it leaves to pyshacl."""
    plan = plan_constraints(shapes)
    found = {(str(r.focus), str(r.constraint), str(r.message)) for r in run_constraints(plan, triples)}
    return found | (_pyshacl_sparql(data, plan.core_shapes) if plan.left_to_pyshacl else set())


def _same_results(triples: list[ox.Triple], shapes_file: Path = SHAPES) -> set[tuple[str, str, str]]:
    data = shacl._graph(triples)
    shapes = shacl._shapes_graph(shapes_file)
    expected = _pyshacl_sparql(data, shapes)
    assert _oxigraph_sparql(triples, data, shapes) == expected
    return expected


@pytest.fixture
def recorded(monkeypatch):
    """The data graphs validation hands to the shapes, as it runs."""
    seen: list[list[ox.Triple]] = []
    original = shacl._validate

    def record(data_triples, shapes_file, focus):
        seen.append(list(data_triples))
        return original(data_triples, shapes_file, focus)

    monkeypatch.setattr(shacl, "_validate", record)
    return seen


def _planted(case: dict) -> str:
    text = OK
    if "replace" in case:
        old, new = case["replace"]
        text = text.replace(old, new)
    if "append" in case:
        text += "\n" + case["append"]
    return text


def _articles(tmp_path: Path) -> list[Path]:
    """Every article with planted errors in the tests' data, in a folder with its text."""
    folder = tmp_path / "drafts"
    folder.mkdir()
    for text in (BAD / "bad-article.txt", TEST_DATA / "bad-sheets" / "talks.txt"):
        shutil.copy(text, folder / text.name)
    paths = []
    for name, case in sorted(PLANTED.items()):
        path = folder / f"planted-{name}.ttl"
        path.write_text(_planted(case), encoding="utf-8")
        paths.append(path)
    for source in [
        *sorted(BAD.glob("*.ttl")),
        *sorted((TEST_DATA / "inconsistent").glob("*.ttl")),
        *sorted((TEST_DATA / "bad-sheets").glob("*.facts.yaml")),
    ]:
        paths.append(Path(shutil.copy(source, folder / source.name)))
    return paths


@pytest.mark.slow
def test_every_planted_error_article_gives_pyshacls_sparql_results(dataset, tmp_path, recorded):
    articles = _articles(tmp_path)
    assert len(articles) > 40
    for path in articles:
        validate_article(dataset, path)
    assert len(recorded) >= 40  # the shapes ran on most of them (the others stop at a syntax error)
    found: set[tuple[str, str, str]] = set()
    for triples in recorded:
        found |= _same_results(triples)
    messages = {message for _, _, message in found}
    assert any("needs who said it" in m for m in messages)  # reported speech without a speaker
    assert any("CAMEO 03x type" in m for m in messages)  # commitment coded as an act


@pytest.mark.slow
def test_the_bundled_data_gives_pyshacls_sparql_results(dataset):
    data = [t for info in dataset.graphs if info.kind == "article" for t in dataset.triples_in(info.name)]
    assert _same_results([*dataset.triples_in(GRAPH_ONTOLOGY), *data]) == set()


@pytest.mark.slow
def test_the_reports_are_the_same_either_way(dataset, tmp_path):
    for path in _articles(tmp_path)[::3]:
        with sparql_engine("pyshacl"):
            before = validate_article(dataset, path)
        assert validate_article(dataset, path) == before, path.name


def test_only_sparql_constraints_leave_pyshacl_and_all_run_set_at_a_time():
    graph = shacl._shapes_graph(SHAPES)
    plan = plan_constraints(graph)
    from rdflib import URIRef

    sparql = URIRef("http://www.w3.org/ns/shacl#sparql")
    assert len(plan.constraints) == len(list(graph.subject_objects(sparql))) == 7
    assert list(plan.core_shapes.subject_objects(sparql)) == []
    assert len(plan.core_shapes) == len(graph) - 7
    assert plan.left_to_pyshacl == ()
    assert all(c.set_at_a_time for c in plan.constraints)


# ----- one error planted per SPARQL constraint ---------------------------------------------------

FACT = f"<{ARTICLE}#fact-9>"
MENTION = f"<{ARTICLE}#char=90,124>"
PER_CONSTRAINT = {
    "An inaugural session (rel:isInaugural true) must have rel:sessionNumber 1, not 2.": """
        reld:session-1 a rel:DialogueSession ; rel:isInaugural true ; rel:sessionNumber 2 .""",
    "A commitment is coded with the intent of stating it, a CAMEO 03x type (rel:ExpressIntentTo...), not "
    "https://w3id.org/relgraph/ontology#Consult (CAMEO 040)": """
        reld:commitment-1 a rel:Commitment ; rel:eventType rel:Consult .""",
    f"Mention {ARTICLE}#char=1,5: its IRI must be its article's IRI followed by #char=1,6": f"""
        <{ARTICLE}#char=1,5> a rel:Mention ; rel:inArticle <{ARTICLE}> ;
            rel:beginIndex 1 ; rel:endIndex 6 .""",
    f"Mention {ARTICLE}#char=1,6: rel:exactText has 4 characters but rel:beginIndex..rel:endIndex spans 5": f"""
        <{ARTICLE}#char=1,6> a rel:Mention ; rel:beginIndex 1 ; rel:endIndex 6 ; rel:exactText "abcd" .""",
    "A direct quote or reported speech needs who said it": f"""
        {FACT} a rel:Assertion ; rel:attributionMode rel:DirectQuote .""",
    "remove rel:attributedTo https://w3id.org/relgraph/id/kenya,": f"""
        {FACT} a rel:Assertion ; rel:attributionMode rel:AuthorNarration ; rel:attributedTo reld:kenya .""",
    f"rel:supportedBy {MENTION[1:-1]} is a sentence of https://w3id.org/relgraph/id/other-article, not": f"""
        {FACT} a rel:Assertion ; rel:supportedBy {MENTION} .
        {MENTION} rel:inArticle reld:other-article .""",
}
HEAD = """@prefix rel: <https://w3id.org/relgraph/ontology#> .
@prefix reld: <https://w3id.org/relgraph/id/> .
"""


def test_one_error_per_sparql_constraint_is_caught(dataset):
    ontology = dataset.triples_in(GRAPH_ONTOLOGY)
    caught = set()
    for message, turtle in PER_CONSTRAINT.items():
        triples = parse_rdf((HEAD + textwrap.dedent(turtle)).encode("utf-8"))
        results = [r for r in validate_graph(SHAPES, ontology, triples) if r.component == "SPARQLConstraintComponent"]
        assert [r.message for r in results if message in r.message], (message, results)
        caught |= {c for _, c, m in _same_results([*ontology, *triples]) if message in m}
    assert len(caught) == len(PER_CONSTRAINT) == 7  # each planted error by its own constraint


# ----- queries that only work node by node, and rdflib-vs-Oxigraph differences -------------------

TRICKY_SHAPES = """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <http://example.org/> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<http://example.org/shapes> a owl:Ontology ;
    sh:declare [ sh:prefix "ex" ; sh:namespace "http://example.org/"^^xsd:anyURI ] .
ex:ThingShape a sh:NodeShape ; sh:targetClass ex:Thing ;
    sh:sparql [ sh:prefixes <http://example.org/shapes> ; sh:message "no name: {$this}" ;
        sh:select "SELECT $this WHERE { FILTER NOT EXISTS { $this ex:name ?n } }" ] ;
    sh:sparql [ sh:prefixes <http://example.org/shapes> ; sh:message "{?count} parts" ;
        sh:select "SELECT $this ?count WHERE { { SELECT $this (COUNT(?p) AS ?count) WHERE { $this a ?t OPTIONAL { $this ex:part ?p } } GROUP BY $this } FILTER (?count < 1) }" ] ;
    sh:sparql [ sh:prefixes <http://example.org/shapes> ; sh:message "optional: {?n}" ;
        sh:select "SELECT $this ?n WHERE { ?x ex:owner ?o OPTIONAL { $this ex:name ?n } FILTER (!BOUND(?n)) }" ] ;
    sh:sparql [ sh:prefixes <http://example.org/shapes> ; sh:message "nested filter {?x}" ;
        sh:select "SELECT $this ?x WHERE { { ?x ex:owner ?o FILTER (?o = $this) } }" ] ;
    sh:sparql [ sh:prefixes <http://example.org/shapes> ; sh:message "one: {?v}" ;
        sh:select "SELECT $this ?v WHERE { $this ex:size ?v FILTER (?v = 1) }" ] ;
    sh:sparql [ sh:prefixes <http://example.org/shapes> ; sh:message "str: {?s}" ;
        sh:select "SELECT $this ?s WHERE { $this ex:size ?v BIND (STR(?v) AS ?s) }" ] ;
    sh:sparql [ sh:prefixes <http://example.org/shapes> ; sh:message "english: {?n}" ;
        sh:select "SELECT $this ?n WHERE { $this ex:name ?n FILTER (?n = 'Alpha'@en) }" ] ;
    sh:sparql [ sh:prefixes <http://example.org/shapes> ; sh:message "blank {?b}" ;
        sh:select "SELECT $this ?b WHERE { $this ex:part ?b FILTER (isBlank(?b) && STR(?b) != '') }" ] ;
    sh:sparql [ sh:prefixes <http://example.org/shapes> ; sh:message "value {?value}" ;
        sh:select "SELECT ?value WHERE { $this ex:part ?value }" ] ;
    sh:sparql [ sh:prefixes <http://example.org/shapes> ; sh:message "unreported {?p}" ;
        sh:select "SELECT ?p WHERE { $this ex:part ?p }" ] ;
    sh:sparql [ sh:prefixes <http://example.org/shapes> ; sh:message "shape {?s}" ;
        sh:select "SELECT $this ?s WHERE { $this ex:name ?n BIND (STR($currentShape) AS ?s) }" ] ;
    sh:sparql [ sh:prefixes <http://example.org/shapes> ; sh:message "ungrouped {?n}" ;
        sh:select "SELECT $this ?n WHERE { { SELECT $this (COUNT(?p) AS ?n) WHERE { $this ex:part ?p } } }" ] ;
    sh:sparql [ sh:prefixes <http://example.org/shapes> ; sh:message "off" ; sh:deactivated true ;
        sh:select "SELECT $this WHERE { $this ?p ?o }" ] .
ex:SizeShape a sh:PropertyShape ; sh:path ex:size ; sh:severity sh:Warning ;
    sh:sparql [ sh:prefixes <http://example.org/shapes> ; sh:message "path {?v}" ;
        sh:select "SELECT $this ?v WHERE { $this $PATH ?v FILTER (?v > 1) }" ] .
ex:MessageShape a sh:NodeShape ; sh:targetNode ex:c ; sh:message "the shape says {?v}" ;
    sh:sparql [ sh:select "SELECT $this ?v WHERE { $this <http://example.org/size> ?v FILTER (?v > 2) }" ] .
ex:NodeShape2 a sh:NodeShape ; sh:targetNode ex:c ; sh:targetObjectsOf ex:owner ; sh:property ex:SizeShape .
"""
TRICKY_DATA = """@prefix ex: <http://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:SubThing <http://www.w3.org/2000/01/rdf-schema#subClassOf> ex:Thing .
ex:a a ex:Thing ; ex:name "Alpha"@EN ; ex:size "01"^^xsd:integer , "1.0"^^xsd:decimal ; ex:part [ ex:name "p" ] .
ex:b a ex:SubThing ; ex:size "1"^^xsd:positiveInteger , "2"^^xsd:byte , "1.0E0"^^xsd:double .
ex:c ex:size 3 , "1.50"^^xsd:decimal .
ex:d ex:owner ex:a .
"""


def test_per_node_queries_and_engine_differences_give_pyshacls_results(tmp_path):
    shapes_file = tmp_path / "shapes.ttl"
    shapes_file.write_text(TRICKY_SHAPES, encoding="utf-8")
    plan = plan_constraints(shacl._shapes_graph(shapes_file))
    by_message = {c.messages[0]: c.set_at_a_time for c in plan.constraints}
    assert by_message == {
        "no name: {$this}": True,  # FILTER NOT EXISTS is substituted row by row
        "{?count} parts": False,  # a sub-SELECT aggregates per node
        "optional: {?n}": False,
        "nested filter {?x}": False,
        "one: {?v}": True,
        "str: {?s}": True,
        "english: {?n}": True,
        "blank {?b}": True,
        "value {?value}": True,
        "unreported {?p}": True,
        "path {?v}": True,
        "shape {?s}": True,
        "the shape says {?v}": True,
    }
    triples = parse_rdf(TRICKY_DATA.encode("utf-8"))
    found = _same_results(triples, shapes_file)
    with sparql_engine("pyshacl"):
        before = validate_graph(shapes_file, [], triples)
    after = validate_graph(shapes_file, [], triples)
    assert after == before  # paths, values and severities too
    assert [r.severity for r in after if r.message == "path 3"] == ["warning"]
    messages = sorted(m for _, _, m in found)
    assert "no name: http://example.org/b" in messages
    assert "0 parts" in messages  # ex:b: the aggregate ran for it alone
    assert "str: 1" in messages  # rdflib's lexical form of "01"^^xsd:integer, in both
    assert "str: 1.0" in messages and "path 1.50" in messages  # Oxigraph's own forms are "1" and "1.5"
    assert any(m.startswith("blank ") for m in messages)  # rdflib's STR() of a blank node is its id
    assert "unreported" not in " ".join(messages)  # pyshacl reports no row without $this, ?path or ?value
    assert "shape http://example.org/ThingShape" in messages
    assert "the shape says 3" in messages  # no sh:message on the constraint: the shape's
    assert "ungrouped 1" in messages  # Oxigraph refuses this query (no GROUP BY): pyshacl runs it
    assert len(plan.left_to_pyshacl) == 1 and "Oxigraph does not parse its query" in plan.left_to_pyshacl[0][1]
    assert not any(m.startswith("off") for m in messages)


def test_sparql_constraints_pyshacl_refuses_are_refused(tmp_path):
    for select, why in [
        ("SELECT $this WHERE { $this ?p ?o MINUS { $this a ?c } }", "MINUS"),
        ("SELECT $this WHERE { $this ?p ?o FILTER (?o = $shapesGraph) }", "$shapesGraph"),
        ("SELECT $this WHERE { $this ?p ?o FILTER (?o = $PATH) }", "$PATH"),
    ]:
        shapes_file = tmp_path / "shapes.ttl"
        shapes_file.write_text(
            "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
            f'<http://example.org/S> sh:targetNode <http://example.org/a> ; sh:sparql [ sh:select "{select}" ] .\n',
            encoding="utf-8",
        )
        with pytest.raises(DataShapeError, match=r"http://example.org/S") as raised:
            plan_constraints(shacl._shapes_graph(shapes_file))
        assert why in str(raised.value) or why == "MINUS"


COMPONENT_SHAPES = """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <http://example.org/> .
ex:maxSizeParam a sh:Parameter ; sh:path ex:maxSize .
ex:MaxSizeComponent a sh:ConstraintComponent ;
    sh:parameter ex:maxSizeParam ;
    sh:validator [ a sh:SPARQLAskValidator ; sh:message "too big: {?value}" ;
        sh:ask "ASK { FILTER ($value <= $maxSize) }" ] .
ex:SizeShape a sh:PropertyShape ; sh:targetClass ex:Thing ; sh:path ex:size ; ex:maxSize 2 .
ex:ThingShape a sh:NodeShape ; sh:targetClass ex:Thing ;
    sh:sparql [ sh:message "no size" ;
        sh:select "SELECT $this WHERE { FILTER NOT EXISTS { $this <http://example.org/size> ?s } }" ] .
"""


def test_a_sparql_constraint_component_stays_with_pyshacl_and_is_caught(tmp_path):
    """SPARQL-based constraint components are not sh:sparql constraints: pyshacl runs them on the
    shapes it is given, which keep them."""
    shapes_file = tmp_path / "shapes.ttl"
    shapes_file.write_text(COMPONENT_SHAPES, encoding="utf-8")
    data = parse_rdf(b"@prefix ex: <http://example.org/> .\nex:a a ex:Thing ; ex:size 3 .\nex:b a ex:Thing .\n")
    plan = plan_constraints(shacl._shapes_graph(shapes_file))
    assert [c.messages for c in plan.constraints] == [("no size",)]
    with sparql_engine("pyshacl"):
        before = validate_graph(shapes_file, [], data)
    after = validate_graph(shapes_file, [], data)
    assert after == before
    assert {(r.focus, r.message) for r in after} == {
        ("http://example.org/a", "too big: 3"),
        ("http://example.org/b", "no size"),
    }
