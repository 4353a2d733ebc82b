"""The ontology in other people's tools: beside the real ORG, PROV-O, SKOS, SEM and
OWL-Time files (tests/data/vocabularies/, with their source in its README) nothing is
punned and nothing clashes, and the ontology with all the bundled data classifies in
HermiT and Pellet as it is, without ``ignore_unsupported_datatypes``, keeping
``xsd:date`` day precision."""

from __future__ import annotations

import io

import pyoxigraph as ox
import pytest

from relgraph.reasoning.reasoners import java_available

from .conftest import REPO, TEST_DATA

VOCABULARIES = TEST_DATA / "vocabularies"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
OWL = "http://www.w3.org/2002/07/owl#"
XSD = "http://www.w3.org/2001/XMLSchema#"
REL = "https://w3id.org/relgraph/ontology#"
RELD = "https://w3id.org/relgraph/id/"
KINDS = {OWL + "ObjectProperty", OWL + "DatatypeProperty", OWL + "AnnotationProperty", OWL + "Class"}
#: Punning inside PROV-O itself (prov-o.ttl declares these both ways), not ours.
PUNNED_UPSTREAM = {"http://www.w3.org/ns/prov#wasRevisionOf", "http://www.w3.org/ns/prov#specializationOf"}

needs_java = pytest.mark.skipif(not java_available(), reason="needs 'java' on PATH to run HermiT and Pellet")


def _ontology() -> set[ox.Triple]:
    return set(ox.parse(path=REPO / "ontology" / "relgraph.ttl", format=ox.RdfFormat.TURTLE))


def _data() -> set[ox.Triple]:
    """Every bundled data file (all articles; background graphs too, once there are any)."""
    found: set[ox.Triple] = set()
    for path in sorted((REPO / "data").rglob("*.ttl")):
        if "inferred" not in path.parts:
            found |= set(ox.parse(path=path, format=ox.RdfFormat.TURTLE))
    return found


def _vocabulary(name: str) -> set[ox.Triple]:
    """A vocabulary's triples, its blank nodes renamed apart (the files use canonical labels,
    _:c14n0 ..., that would otherwise merge the blank nodes of different files), and without
    owl:imports (PROV-O's), which a reasoner would fetch over the network."""

    def apart(term):
        return ox.BlankNode(f"{name}{term.value}") if isinstance(term, ox.BlankNode) else term

    return {
        ox.Triple(apart(q.subject), q.predicate, apart(q.object))
        for q in ox.parse(path=VOCABULARIES / f"{name}.nq", format=ox.RdfFormat.N_QUADS)
        if q.predicate.value != OWL + "imports"
    }


def _reasonable(name: str) -> set[ox.Triple]:
    """The vocabulary less its own punning (PROV-O's two terms declared both annotation and
    object properties, which OWL 2 DL forbids and owlready2 cannot read back from a reasoner):
    their annotation-property declarations are left out."""
    return {
        t
        for t in _vocabulary(name)
        if not (t.subject.value in PUNNED_UPSTREAM and t.object == ox.NamedNode(OWL + "AnnotationProperty"))
    }


def _kinds(triples) -> dict[str, set[str]]:
    kinds: dict[str, set[str]] = {}
    for t in triples:
        if t.predicate.value == RDF_TYPE and t.object.value in KINDS and isinstance(t.subject, ox.NamedNode):
            kinds.setdefault(t.subject.value, set()).add(t.object.value.rsplit("#", 1)[1])
    return kinds


@pytest.mark.parametrize("name", ["org", "prov", "skos", "sem", "time"])
def test_every_external_term_has_the_owl_kind_its_vocabulary_gives_it(name):
    ours, theirs = _kinds(_ontology()), _kinds(_vocabulary(name))
    clashes = {
        iri: (sorted(ours[iri]), sorted(theirs[iri]))
        for iri in ours.keys() & theirs.keys()
        if ours[iri] - theirs[iri] and iri not in PUNNED_UPSTREAM
    }
    assert clashes == {}
    merged = _kinds(_ontology() | _data() | _vocabulary(name))
    punned = {iri: sorted(k) for iri, k in merged.items() if len(k - {"Class"}) > 1 and iri not in PUNNED_UPSTREAM}
    assert punned == {}


def test_skos_exact_match_is_no_longer_redeclared_and_wikidata_links_use_our_own_property():
    kinds = _kinds(_ontology())
    assert "http://www.w3.org/2004/02/skos/core#exactMatch" not in kinds
    assert kinds[REL + "wikidataEntity"] == {"AnnotationProperty"}
    used = {t.predicate.value for t in _data()}
    assert "http://www.w3.org/2004/02/skos/core#exactMatch" not in used


def test_the_alignments_the_review_found_broken_are_gone():
    onto = {
        (t.subject.value, t.predicate.value, t.object.value) for t in _ontology() if isinstance(t.object, ox.NamedNode)
    }
    sub_class, sub_prop = (
        "http://www.w3.org/2000/01/rdf-schema#subClassOf",
        "http://www.w3.org/2000/01/rdf-schema#subPropertyOf",
    )
    assert (REL + "eventType", sub_prop, "http://semanticweb.cs.vu.nl/2009/11/sem/eventType") not in onto
    assert (REL + "Event", sub_class, "http://www.w3.org/ns/prov#Activity") not in onto
    assert (REL + "CompletedEvent", sub_class, "http://www.w3.org/ns/prov#Activity") in onto
    assert (REL + "Tenure", sub_class, "http://www.w3.org/ns/org#Membership") not in onto
    # the dates are annotation properties (HermiT's datatype map has no xsd:date), typed by the shapes
    kinds = _kinds(_ontology())
    for name in ("date", "startDate", "endDate", "attestedOn", "dueBy", "horizonYear", "expiryYear"):
        assert kinds[REL + name] == {"AnnotationProperty"}, name


# ----- the reasoners ----------------------------------------------------------------------------


def _reason(triples: set[ox.Triple], reasoner: str):
    """Load the triples into a fresh owlready2 world and run a reasoner, with no flag."""
    import owlready2

    world = owlready2.World()
    onto = world.get_ontology("urn:relgraph:test")
    data = ox.serialize(sorted(triples, key=str), format=ox.RdfFormat.N_TRIPLES)
    onto.load(fileobj=io.BytesIO(data), format="ntriples", only_local=True)
    if reasoner == "hermit":
        owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
    else:
        owlready2.sync_reasoner_pellet(world, infer_property_values=False, debug=0)
    return world


def _types(world, iri: str) -> set[str]:
    return {c.iri for c in world[iri].INDIRECT_is_a if hasattr(c, "iri")}


@needs_java
@pytest.mark.java
@pytest.mark.slow
@pytest.mark.parametrize("reasoner", ["hermit", "pellet"])
def test_the_ontology_and_all_bundled_data_classify_as_they_are(reasoner):
    data = _data()
    dates = [t for t in data if isinstance(t.object, ox.Literal) and t.object.datatype.value == XSD + "date"]
    assert dates, "the data keeps day precision as xsd:date"
    world = _reason(_ontology() | data, reasoner)  # raises on an inconsistency or an unsupported datatype
    assert REL + "Official" in _types(world, RELD + "monica-juma")
    completed = RELD + "meeting-2018-08-27-kenyatta-trump"
    assert "http://www.w3.org/ns/prov#Activity" in _types(world, completed)
    world.close()


def _java(main: list[str], triples: set[ox.Triple], folder) -> str:
    """Run a reasoner's own command line on the triples (N-Triples); its output."""
    import subprocess

    path = folder / "input.nt"
    path.write_bytes(ox.serialize(sorted(triples, key=str), format=ox.RdfFormat.N_TRIPLES))
    done = subprocess.run(
        ["java", "-Xmx2000M", *main, str(path) if main[-1] != "-k" else path.as_uri()],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    return done.stdout + done.stderr


@needs_java
@pytest.mark.java
@pytest.mark.slow
def test_hermit_finds_no_clash_beside_org_prov_skos_and_sem(tmp_path):
    """HermiT's own consistency check, without ignoreUnsupportedDatatypes."""
    from owlready2 import reasoning

    triples = _ontology() | _data()
    for name in ("org", "prov", "skos", "sem"):
        triples |= _reasonable(name)
    classpath = f"{reasoning._HERMIT_CLASSPATH}"
    output = _java(["-cp", classpath, "org.semanticweb.HermiT.cli.CommandLine", "-k"], triples, tmp_path)
    assert "owl#Thing is satisfiable" in output, output


@needs_java
@pytest.mark.java
@pytest.mark.slow
def test_beside_org_skos_and_sem_nothing_is_classified_into_the_wrong_kind():
    triples = _ontology() | _data()
    for name in ("org", "skos", "sem"):
        triples |= _reasonable(name)
    world = _reason(triples, "hermit")
    data = _data()
    planned = {
        t.subject.value for t in data if t.predicate.value == REL + "status" and t.object.value == REL + "Planned"
    }
    completed = {
        t.subject.value for t in data if t.predicate.value == REL + "status" and t.object.value == REL + "Completed"
    }
    assert planned - completed, "the data has an event no report calls completed"
    for event in planned - completed:
        assert "http://www.w3.org/ns/prov#Activity" not in _types(world, event), event
    commitment = RELD + "commitment-kenya-military-cooperation-with-us"
    assert "http://semanticweb.cs.vu.nl/2009/11/sem/Event" not in _types(world, commitment)
    assert "http://www.w3.org/2004/02/skos/core#Concept" not in _types(world, RELD + "kenya")
    tenure = RELD + "tenure-monica-juma-cabinet-secretary-foreign-affairs-kenya"
    assert "http://www.w3.org/ns/org#Membership" not in _types(world, tenure)
    world.close()


@needs_java
@pytest.mark.java
@pytest.mark.slow
def test_pellet_finds_no_clash_beside_all_five_vocabularies_owl_time_included(tmp_path):
    """OWL-Time gives its own properties xsd:date, xsd:gYear and other ranges outside the OWL 2
    datatype map, so HermiT refuses OWL-Time itself without the flag; Pellet (owlready2 0.48's)
    reads it. Pellet's own consistency check runs directly: owlready2 fails to read Pellet's
    classification of OWL-Time and PROV-O back (not a clash)."""
    from owlready2 import reasoning

    triples = _ontology() | _data()
    for name in ("org", "prov", "skos", "sem", "time"):
        triples |= _reasonable(name)
    main = ["-cp", reasoning._PELLET_CLASSPATH, "pellet.Pellet", "consistency", "--loader", "Jena"]
    output = _java([*main, "--input-format", "N-Triples", "--ignore-imports"], triples, tmp_path)
    assert "Consistent: Yes" in output, output


def test_every_term_the_data_uses_is_declared_by_the_ontology():
    """dcterms:source and schema:url (the second article's) were not; validate now refuses any that is not."""
    declared = _kinds(_ontology())
    builtin = ("http://www.w3.org/1999/02/22-rdf-syntax-ns#", "http://www.w3.org/2000/01/rdf-schema#", OWL)
    used = {t.predicate.value for t in _data()} | {
        t.object.value for t in _data() if t.predicate.value == RDF_TYPE and isinstance(t.object, ox.NamedNode)
    }
    undeclared = sorted(u for u in used if not u.startswith(builtin) and u not in declared)
    assert undeclared == []
    assert declared["http://purl.org/dc/terms/source"] == {"AnnotationProperty"}
    assert declared["https://schema.org/url"] == {"AnnotationProperty"}
