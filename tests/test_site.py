"""The documentation site: it builds with ``mkdocs build --strict``, offline, and its generated
reference pages cover everything the code and the ontology hold.

The site is built once per session into a temporary folder (about 20 s); scripts/test.sh
builds it too, before the tests.
"""

from __future__ import annotations

import html
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import ClassVar

import pytest
import rdflib
from rdflib.namespace import RDF

from relgraph.cli import main
from relgraph.errors import ProjectError, RelgraphError
from relgraph.paths import Project
from relgraph.query.queries import list_queries

from .conftest import REPO

sys.path.insert(0, str(REPO / "scripts" / "docs"))

import ontology_reference

REL = "https://w3id.org/relgraph/ontology#"
REMOTE = re.compile(r"^(https?:)?//", re.IGNORECASE)


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    pytest.importorskip("mkdocs", reason="mkdocs is in the 'test' extra: pip install -e '.[test]'")
    folder = tmp_path_factory.mktemp("site")
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(folder)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
        env={"PYTHONPATH": str(REPO / "src"), "NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"},
        check=False,
    )
    assert done.returncode == 0, f"mkdocs build --strict failed:\n{done.stdout}\n{done.stderr}"
    return folder


class _Fetches(HTMLParser):
    """Every URL a page would load by itself: scripts, stylesheets, fonts, images, frames."""

    LOADS: ClassVar = (("script", "src"), ("link", "href"), ("img", "src"), ("iframe", "src"), ("source", "src"))

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "link" and values.get("rel") in ("canonical", "alternate"):
            return  # a link for readers or crawlers, never fetched by the page
        for name, attr in self.LOADS:
            if tag == name and values.get(attr):
                self.urls.append(values[attr])


def test_the_site_loads_nothing_from_the_network(site):
    remote: dict[str, list[str]] = {}
    pages = sorted(site.rglob("*.html"))
    assert len(pages) >= 20
    for page in pages:
        parser = _Fetches()
        parser.feed(page.read_text(encoding="utf-8"))
        found = [u for u in parser.urls if REMOTE.match(u)]
        if found:
            remote[str(page.relative_to(site))] = found
    for sheet in site.rglob("*.css"):
        found = re.findall(r"""(?:url\(|@import\s+)["']?((?:https?:)?//[^"')\s]+)""", sheet.read_text(encoding="utf-8"))
        if found:
            remote[str(sheet.relative_to(site))] = found
    assert not remote, f"the site fetches from the network: {remote}"
    assert "fonts.googleapis.com" not in (site / "index.html").read_text(encoding="utf-8")


def test_the_ontology_page_has_every_term_with_an_example(site):
    graph = rdflib.Graph().parse(REPO / "ontology" / "relgraph.ttl")
    terms = {str(s)[len(REL) :] for s in graph.subjects(RDF.type, None) if str(s).startswith(REL)}
    page = (site / "reference" / "ontology.html").read_text(encoding="utf-8")
    ids = set(re.findall(r'id="([^"]+)"', page))
    assert terms - ids == set(), f"terms without an entry: {sorted(terms - ids)}"
    assert len(terms) > 100
    # Labels, definitions and examples from the data, as a reader sees them.
    assert "A sovereign state as an actor in international relations" in page
    assert re.search(r"reld:[\w-]+ rel:hasParty reld:(kenya|united-states)", page)  # an example from the data
    assert "inferred by a reasoner" in page  # rel:actsFor and the defined classes
    assert "<svg" in page and 'href="#DialogueSession"' in page  # the diagram links to the entries
    assert (site / "reference" / "ontology-classes.svg").read_text(encoding="utf-8").lstrip().startswith("<?xml")


def _text(page: Path) -> str:
    """What a reader sees: the page without its tags, entities decoded, spaces collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page.read_text(encoding="utf-8"))).split())


def test_the_cli_page_has_every_command_from_its_own_help(site):
    page = site / "reference" / "cli.html"
    ids, text = page.read_text(encoding="utf-8"), _text(page)
    for name, command in main.commands.items():
        assert f'id="{name}"' in ids, name
        assert " ".join((command.help or "").split("\n\n")[0].split()) in text, name
        for param in command.params:
            for opt in param.opts if param.param_type_name == "option" else [param.human_readable_name]:
                assert opt in text, (name, opt)


def test_the_queries_page_has_every_canned_query(site):
    page = site / "reference" / "queries.html"
    ids, text = page.read_text(encoding="utf-8"), _text(page)
    specs = list_queries(Project(REPO))
    assert len(specs) >= 18
    for spec in specs:
        assert f'id="{spec.name}"' in ids, spec.name
        assert spec.title in text and spec.description in text, spec.name
        for param in spec.params:
            assert param.description in text, (spec.name, param.name)


def test_the_errors_page_has_every_error_class_and_exit_code(site):
    page = (site / "reference" / "errors.html").read_text(encoding="utf-8")
    from relgraph import errors

    classes = [getattr(errors, n) for n in errors.__all__ if isinstance(getattr(errors, n), type)]
    for cls in classes:
        assert issubclass(cls, RelgraphError)
        assert f'id="{cls.__name__.lower()}"' in page
        assert f"exit code <strong>{cls.exit_code}</strong>" in page


def test_the_configuration_page_documents_the_keys_relgraph_accepts(tmp_path):
    """The keys [store.remote] accepts are the ones its error lists; the page documents them all."""
    from relgraph.store import store_settings

    (tmp_path / "relgraph.toml").write_text("[store.remote]\nnot_a_key = 1\n", encoding="utf-8")
    with pytest.raises(ProjectError) as caught:
        store_settings(Project(tmp_path))
    known = set(str(caught.value).rsplit("known: ", 1)[1].rstrip(".").split(", "))
    page = (REPO / "docs" / "reference" / "configuration.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `\[store\.remote\] (\w+)`", page, flags=re.MULTILINE))
    assert documented == known


def test_the_ontology_generator_reads_whatever_terms_exist(tmp_path):
    """A term the generator has never seen (a union range, a restriction, a chain) gets its entry."""
    path = tmp_path / "onto.ttl"
    path.write_text(
        f"""@prefix rel: <{REL}> . @prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
rel:Thing a owl:Class ; rdfs:label "Thing"@en ; rdfs:comment "A new kind of thing."@en ;
    rdfs:subClassOf [ a owl:Restriction ; owl:onProperty rel:partOf ; owl:someValuesFrom rel:Whole ] .
rel:Whole a owl:Class ; rdfs:label "Whole"@en .
rel:Other a owl:Class .
rel:partOf a owl:ObjectProperty , owl:TransitiveProperty ; rdfs:label "part of"@en ;
    rdfs:domain rel:Thing ; rdfs:range [ owl:unionOf ( rel:Whole rel:Other ) ] ;
    owl:propertyChainAxiom ( rel:partOf rel:partOf ) .
""",
        encoding="utf-8",
    )
    graph, terms, _ = ontology_reference.read_terms(path)
    by_name = {t.local: t for t in terms}
    assert set(by_name) == {"Thing", "Whole", "Other", "partOf"}
    thing = dict(by_name["Thing"].facts)
    assert thing["Every instance has"] == "([rel:partOf](#partOf) some [rel:Whole](#Whole))"
    part = dict(by_name["partOf"].facts)
    assert part["Kind"] == "object property, transitive"
    assert part["Range"] == "([rel:Whole](#Whole) or [rel:Other](#Other))"
    assert part["Implied by the chain"] == "[rel:partOf](#partOf) ∘ [rel:partOf](#partOf)"
    svg = ontology_reference.class_diagram(graph, terms)
    assert svg.startswith("<svg") and "partOf" in svg and "Other" in svg
