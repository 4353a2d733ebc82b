"""Writing a corpus: the bundled graph copied, then the synthetic articles one at a time."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from relgraph.errors import ProjectError
from relgraph.model.namespaces import PREFIXES, REL
from relgraph.paths import Project, bundled_project
from relgraph.synthetic.article import Article
from relgraph.synthetic.compose import compose
from relgraph.synthetic.tables import SPAN_DAYS, START, TRIPLES_PER_ARTICLE
from relgraph.synthetic.world import World

__all__ = ["CorpusInfo", "generate_corpus", "refresh_corpus"]


@dataclass(frozen=True)
class CorpusInfo:
    """What ``generate_corpus`` wrote."""

    root: Path
    seed: int
    requested: int
    triples: int  # every triple of the dataset: the ontology's, the bundled article's and the synthetic ones
    base_triples: int  # of those, the ontology's and the bundled article's
    articles: int  # synthetic articles
    states: int  # states named in the data
    persons: int  # office holders named in the synthetic articles

    @property
    def project(self) -> Project:
        return Project(self.root)


def _count_triples(paths: list[Path]) -> int:
    return sum(sum(1 for _ in ox.parse(path=p, format=ox.RdfFormat.TURTLE)) for p in paths)


def _event_types(project: Project) -> dict[str, str]:
    """The ontology's rel:EventType individuals by CAMEO code, as prefixed names."""
    store = ox.Store()
    for path in project.ontology_files():
        store.load(path=path, format=ox.RdfFormat.TURTLE)
    found: dict[str, str] = {}
    query = "SELECT ?type ?code WHERE { ?type a rel:EventType ; rel:cameoCode ?code } ORDER BY ?code ?type"
    rows = store.query(query, prefixes=PREFIXES)
    assert isinstance(rows, ox.QuerySolutions)
    for iri, code in rows:
        local = iri.value[len(REL) :] if iri.value.startswith(REL) else ""
        found.setdefault(code.value, f"rel:{local}" if re.fullmatch(r"\w+", local) else f"<{iri.value}>")
    return found


def _copy_bundle(source: Project, root: Path) -> list[Path]:
    """Copy the ontology, the queries, the bundled articles (Turtle and text) and the background graphs;
    returns the data files.

    Over an existing corpus, the ontology and queries are replaced and changed files copied again.
    """
    for name in ("ontology", "queries"):
        shutil.rmtree(root / name, ignore_errors=True)
        shutil.copytree(getattr(source, f"{name}_dir"), root / name)
    (root / "data" / "articles").mkdir(parents=True, exist_ok=True)
    (root / "data" / "background").mkdir(parents=True, exist_ok=True)
    copied = []
    bundle = [source.data_dir, source.articles_dir, source.background_dir]
    for path in [p for folder in bundle for p in sorted(folder.glob("*"))]:
        if path.is_file() and path.suffix in (".ttl", ".txt"):
            target = root / "data" / path.relative_to(source.data_dir)
            if not target.is_file() or target.read_bytes() != path.read_bytes():
                shutil.copyfile(path, target)
            copied.append(target)
    return [p for p in copied if p.suffix == ".ttl"]


def refresh_corpus(root: Path) -> Project:
    """Bring a generated corpus up to date with the bundled graph, keeping its synthetic articles.

    The ontology and the queries are replaced by the current ones and the bundled articles
    (Turtle and text) copied over, as ``generate_corpus`` would copy them today: a cached
    corpus then answers the current queries and their examples without being made again.
    """
    root = Path(root)
    if not (root / "data" / "articles").is_dir():
        raise ProjectError(f"{root} is not a generated corpus (it has no data/articles folder).")
    _copy_bundle(bundled_project(), root)
    return Project(root)


def _articles(world: World, budget: int) -> Iterator[tuple[Article, str, str]]:
    """Articles in date order, as (article, Turtle, text), until about ``budget`` triples are written."""
    estimate = max(1, round(budget / TRIPLES_PER_ARTICLE))
    spread = max(1, min(60, estimate // 2))  # every state is named within the first articles
    written = number = 0
    while True:
        average = written / number if number else TRIPLES_PER_ARTICLE
        if number and written + average / 2 >= budget:
            return
        number += 1
        day = START + dt.timedelta(days=(number - 1) * SPAN_DAYS // estimate)
        take = -(-len(world.unnamed) // max(1, spread - number + 1)) if world.unnamed else 0
        newcomers, world.unnamed = world.unnamed[:take], world.unnamed[take:]
        article = Article(world, number, day)
        turtle, text = article.finish(compose(article, newcomers))
        written += article.doc.count
        yield article, turtle, text


def generate_corpus(
    out_dir: str | Path,
    *,
    triples: int,
    seed: int = 0,
    progress: bool = False,
) -> CorpusInfo:
    """Write a synthetic graph folder of about ``triples`` triples into ``out_dir`` (new or empty).

    The count takes in the ontology and the bundled article; the real count is in the
    returned CorpusInfo. The same ``triples`` and ``seed`` give the same bytes.
    """
    from tqdm import tqdm

    if triples < 1:
        raise ValueError(f"triples must be a positive number, not {triples}")
    root = Path(out_dir)
    if root.exists() and (not root.is_dir() or any(root.iterdir())):
        raise ProjectError(f"{root} exists and is not empty; give a new folder for the synthetic corpus.")
    root.mkdir(parents=True, exist_ok=True)
    data_files = _copy_bundle(bundled_project(), root)
    project = Project(root.resolve())
    base = _count_triples(project.ontology_files() + data_files)
    world = World(seed, _event_types(project))
    total, count = base, 0
    states: set[str] = set()
    with tqdm(
        total=triples,
        initial=base,
        unit="triple",
        unit_scale=True,
        disable=not progress,
        desc="synthetic corpus",
        dynamic_ncols=True,
    ) as bar:
        for article, turtle, text in _articles(world, triples - base):
            (project.articles_dir / f"{article.local}.ttl").write_text(turtle, encoding="utf-8")
            (project.articles_dir / f"{article.local}.txt").write_text(text, encoding="utf-8")
            total += article.doc.count
            count += 1
            states.update(s for s in article.described if s in world.state_iris)
            bar.update(article.doc.count)
    return CorpusInfo(project.root, seed, triples, total, base, count, len(states), len(world.named))
