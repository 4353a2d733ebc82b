"""The synthetic corpus generator: deterministic, loadable, and shaped like the real data."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from relgraph.cli import main
from relgraph.errors import ProjectError
from relgraph.model.namespaces import RELD
from relgraph.paths import Project
from relgraph.query.entities import resolve_entity
from relgraph.store import load_dataset
from relgraph.synthetic import generate_corpus

SIZE = 30_000  # well above the bundled history's ~8.9k triples, so the generator writes a score of articles
#: The bundled articles come along into every corpus (data/triples.ttl and data/articles/*.ttl).
BUNDLED_ARTICLES = len(
    [p for p in Project(Path(__file__).resolve().parents[1]).data_files() if p.parent.name != "background"]
)


def _digest(root: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return generate_corpus(tmp_path_factory.mktemp("synthetic") / "corpus", triples=SIZE, seed=0)


@pytest.fixture(scope="module")
def dataset(corpus):
    return load_dataset(Project(corpus.root))


def _rows(dataset, text: str) -> list[tuple]:
    return list(dataset.select(text).rows)


def test_same_seed_gives_the_same_bytes(corpus, tmp_path):
    again = generate_corpus(tmp_path / "again", triples=SIZE, seed=0)
    assert _digest(again.root) == _digest(corpus.root)
    other = generate_corpus(tmp_path / "other", triples=SIZE, seed=1)
    assert _digest(other.root) != _digest(corpus.root)


def test_it_is_a_whole_graph_folder_of_about_the_requested_size(corpus, dataset):
    assert abs(corpus.triples - SIZE) <= SIZE * 0.1
    assert sum(len(dataset.triples_in(g.name)) for g in dataset.graphs) == corpus.triples
    names = {p.name for p in (corpus.root / "data" / "articles").iterdir()}
    for number in range(1, corpus.articles + 1):
        assert {f"article-{number:06d}.ttl", f"article-{number:06d}.txt"} <= names
    assert (corpus.root / "data" / "triples.ttl").is_file()  # the bundled article came along
    assert sorted(p.name for p in (corpus.root / "queries").glob("*.rq")) == sorted(
        p.name for p in (Path(__file__).resolve().parents[1] / "queries").glob("*.rq")
    )
    # One named graph per article, named after the file.
    assert len(dataset.article_graphs()) == corpus.articles + BUNDLED_ARTICLES
    assert dataset.graph(RELD + "article-000001").path.name == "article-000001.ttl"


def test_every_state_and_territory_is_there_with_its_iso_code(dataset):
    rows = _rows(dataset, "SELECT DISTINCT ?state ?code WHERE { ?state a rel:State ; rel:iso3166Alpha3 ?code }")
    codes = {code.value: state.value for state, code in rows}
    assert len(codes) >= 100  # each fact with its assertion: a 10k corpus holds fewer, longer articles
    assert codes["KEN"] == RELD + "kenya"
    assert codes["USA"] == RELD + "united-states"
    # The generated states are named after their code (France would be reld:fra).
    generated = sorted(set(codes) - {"KEN", "USA"})
    assert generated and all(codes[code] == RELD + code.lower() for code in generated)


def test_the_bundled_examples_still_name_one_entity_each(dataset):
    expected = {
        "Kenya": "kenya",
        "United States": "united-states",
        "Monica Juma": "monica-juma",
        "Bilateral Strategic Dialogue": "bilateral-strategic-dialogue",
        "AGOA": "agoa",
        "Defence Cooperation": "pillar-defence-cooperation",
    }
    for name, local in expected.items():
        assert resolve_entity(dataset, name).value == RELD + local


def test_mention_offsets_cut_their_sentence_out_of_the_text(corpus, dataset):
    rows = _rows(
        dataset,
        """SELECT ?mention ?file ?begin ?end ?text ?index WHERE {
             ?mention a rel:Mention ; rel:inArticle ?article ; rel:beginIndex ?begin ; rel:endIndex ?end ;
                      rel:exactText ?text ; rel:sentenceIndex ?index .
             ?article rel:textFile ?file }""",
    )
    assert len(rows) > 50
    texts: dict[str, str] = {}
    for mention, file, begin, end, text, index in rows:
        body = texts.setdefault(file.value, (corpus.root / "data" / file.value).read_text(encoding="utf-8"))
        assert body[int(begin.value) : int(end.value)] == text.value, mention
        assert mention.value.endswith(f"#char={begin.value},{end.value}")
        if "article-0" in file.value:  # ours: sentence n is the n-th paragraph after the dateline
            assert body.split("\n\n")[int(index.value) - 1].removeprefix(body[: body.index(" ", 5) + 1]).strip() == (
                text.value
            )


def test_each_text_matches_its_checksum(corpus, dataset):
    rows = _rows(
        dataset, "SELECT ?file ?sha WHERE { ?article a rel:Article ; rel:textFile ?file ; rel:textSha256 ?sha }"
    )
    assert len(rows) == corpus.articles + BUNDLED_ARTICLES
    for file, sha in rows:
        assert hashlib.sha256((corpus.root / "data" / file.value).read_bytes()).hexdigest() == sha.value


def test_plans_come_back_with_a_new_status_in_a_later_article(dataset):
    rows = _rows(
        dataset,
        """SELECT ?item ?first ?then ?said ?later WHERE {
             GRAPH ?a { ?item rel:status rel:Planned } ?a schema:datePublished ?said .
             GRAPH ?b { ?item rel:status ?then } ?b schema:datePublished ?later .
             FILTER(?then IN (rel:Completed, rel:Postponed, rel:Cancelled) && ?later > ?said)
             BIND(rel:Planned AS ?first)
           }""",
    )
    assert rows, "no event is reported planned and then completed, postponed or cancelled"
    kinds = {row[2].value.rsplit("#", 1)[1] for row in rows}
    assert "Completed" in kinds


def test_posts_change_hands_and_tenures_have_intervals(dataset):
    rows = _rows(
        dataset,
        """SELECT ?post (COUNT(DISTINCT ?holder) AS ?holders) WHERE {
             ?tenure a rel:Tenure ; rel:post ?post ; rel:holder ?holder ;
                     rel:heldDuring/time:hasBeginning/time:inXSDDate ?from .
           } GROUP BY ?post HAVING (COUNT(DISTINCT ?holder) > 1)""",
    )
    assert rows, "no post has had two holders"
    ended = _rows(dataset, "SELECT ?until WHERE { ?tenure rel:heldDuring/time:hasEnd/time:inXSDDate ?until } LIMIT 1")
    assert ended


def test_event_types_are_the_ontologys(dataset):
    rows = _rows(
        dataset,
        """SELECT DISTINCT ?type WHERE { ?item rel:eventType ?type .
             FILTER NOT EXISTS { GRAPH <https://w3id.org/relgraph/graph/ontology> { ?type rel:cameoCode ?code } } }""",
    )
    assert rows == []


def test_every_file_parses_strictly(corpus):
    for path in sorted((corpus.root / "data" / "articles").glob("article-0000*.ttl")):
        assert list(ox.parse(path=path, format=ox.RdfFormat.TURTLE))
        assert re.match(r"# A synthetic news article made by relgraph\.synthetic", path.read_text(encoding="utf-8"))


def test_it_refuses_a_folder_that_is_not_empty(corpus):
    with pytest.raises(ProjectError, match="not empty"):
        generate_corpus(corpus.root, triples=SIZE)


def test_the_command(tmp_path):
    runner = CliRunner()
    result = runner.invoke(main, ["synth", str(tmp_path / "c"), "--triples", "4000", "--no-progress"])
    assert result.exit_code == 0, result.output
    assert "synthetic articles" in result.output
    again = runner.invoke(main, ["synth", str(tmp_path / "c"), "--triples", "4000", "--no-progress"])
    assert again.exit_code == ProjectError.exit_code
    assert "not empty" in again.output


def test_the_synthetic_articles_conform_to_the_shapes(corpus):
    import pyshacl
    import rdflib

    ontology = corpus.root / "ontology"
    data = rdflib.Graph()
    for path in sorted((corpus.root / "data" / "articles").glob("article-0*.ttl")):
        data.parse(path, format="turtle")
    conforms, _, text = pyshacl.validate(
        data,
        shacl_graph=rdflib.Graph().parse(ontology / "shapes.ttl"),
        ont_graph=rdflib.Graph().parse(ontology / "relgraph.ttl"),
        inference="none",
    )
    assert conforms, text[:3000]


def test_refresh_brings_a_cached_corpus_up_to_date_and_keeps_its_articles(tmp_path):
    from relgraph.paths import bundled_project
    from relgraph.synthetic import refresh_corpus

    root = generate_corpus(tmp_path / "cached", triples=SIZE, seed=0).root
    synthetic = {p.name: p.read_bytes() for p in (root / "data" / "articles").glob("article-0*")}
    bundled = bundled_project()
    second = next(bundled.articles_dir.glob("*.ttl"))
    (root / "data" / "articles" / second.name).unlink()  # as in a corpus made before that article existed
    (root / "queries" / "dyad_timeline.rq").write_text("# an old query\nSELECT * WHERE { ?s ?p ?o }\n")
    (root / "queries" / "post_holder_on.rq").unlink()

    refresh_corpus(root)

    assert (root / "data" / "articles" / second.name).read_bytes() == second.read_bytes()
    for query in bundled.queries_dir.glob("*.rq"):
        assert (root / "queries" / query.name).read_bytes() == query.read_bytes()
    assert {p.name: p.read_bytes() for p in (root / "data" / "articles").glob("article-0*")} == synthetic


def test_a_small_corpus_whose_first_article_names_every_state_is_made(tmp_path):
    """seed 5 at 3,000 triples once looped for ever looking for a summit host no article had named."""
    import subprocess
    import sys

    code = (
        "import sys; from pathlib import Path; from relgraph.synthetic import generate_corpus; "
        "print(generate_corpus(Path(sys.argv[1]), triples=3_000, seed=5).articles)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "small")], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert int(done.stdout) >= 1
    load_dataset(Project(tmp_path / "small"))  # and it is a graph folder that loads


#: The synthetic articles of a 200k-triple corpus (seed 0), as the generator wrote them before it
#: was made linear (a list of open plans scanned whole for every article): the faster plan book
#: must draw the same plans in the same order. Only the synthetic article files are hashed, so a
#: change to the bundled article does not move it; a change to what the generator writes does,
#: and then this digest is updated on purpose, with the reason in the commit.
#: Updated on purpose when synthetic articles gained fact-level assertions (rel:Assertion per
#: fact, attribution off the mentions): the same digest as the monolithic generator of the
#: fact-model branch gave for seed 0, checked when the two were merged.
#: Updated on purpose when the bundled graph grew to the eight-article Kenya-US history (~8.9k
#: triples): the generator fills what the bundled graph leaves of the 200k, so it writes 186 articles;
#: since then only the synthetic articles (article-0*) are hashed and their triples counted, so
#: that a change to the bundled data no longer moves the pin. It moved once more (+64 synthetic
#: triples) with the bundled roles, pillar sets and level change and rel:pillarCount (issue 17):
#: the generator still reads something of the bundled graph or the ontology.
DIGEST_200K_SEED0 = "1a104f2167c22891e8f127a25e28b8e52d20cf1450f0d4501f39f9fd93ea68ae"


def test_the_same_seed_gives_the_corpus_it_gave_before_generation_was_made_linear(tmp_path):
    info = generate_corpus(tmp_path / "c", triples=200_000, seed=0)
    digest = hashlib.sha256()
    for path in sorted((info.root / "data" / "articles").glob("article-0*")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    assert (info.articles, info.triples - info.base_triples) == (186, 190_848)
    assert digest.hexdigest() == DIGEST_200K_SEED0


def test_the_plan_book_takes_the_pairs_own_plans_first_and_forgets_stale_ones():
    import datetime as dt

    from relgraph.synthetic.model import Plan, State
    from relgraph.synthetic.plans import PlanBook

    ken, usa, fra = (State(c, c, c.lower(), None) for c in ("KEN", "USA", "FRA"))
    book = PlanBook()

    def plan(iri, due, a, b):
        made = Plan("meeting", iri, "rel:Meeting", iri, iri, dt.date.fromisoformat(due), a, b, "rel:Consult")
        book.add(made)
        return made

    plan("stale", "2020-01-01", ken, fra)
    plan("early-other", "2020-06-01", usa, fra)
    plan("pair-late", "2020-06-03", usa, ken)
    plan("pair-early", "2020-06-02", ken, usa)
    plan("future", "2020-07-01", ken, usa)
    day = dt.date(2020, 6, 10)
    assert [p.iri for p in book.take_due(day, ken, usa, limit=2)] == ["pair-early", "pair-late"]
    assert [p.iri for p in book.take_due(day, ken, usa, limit=2)] == ["early-other"]  # 'stale' was forgotten
    assert len(book) == 1
