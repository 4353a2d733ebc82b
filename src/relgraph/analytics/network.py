"""How the graph's actors connect: paths, centrality, dyads and export, over networkx.

Every function works on the instance graph that ``relgraph.views.graphview`` builds (the
same choice of nodes and edges as the graph page): ``build_structure`` for paths,
centrality and dyads, which need no sentences or facts, and ``build_graph`` for
export, which carries every attribute. Pass ``graph=`` to reuse one graph for several
calls.

- ``find_paths(dataset, "Monica Juma", "AGOA")``: how two entities are connected, as
  chains of labelled edges, shortest first, then alternatives.
- ``rank_centrality(dataset, measure="pagerank")``: the most central actors,
  mechanisms and frameworks by degree, betweenness or PageRank.
- ``dyad_summaries(dataset)``: per pair of states, meetings, commitments by pillar and
  status, first and last interaction, the relationship status aimed at, and the
  cooperation score (mean Goldstein score of the CAMEO-coded items involving both).
- ``export_graph(dataset, fmt="graphml")``: GraphML or GEXF for Gephi and other tools.
"""

from __future__ import annotations

import io
import itertools
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import networkx as nx
import pyoxigraph as ox

from relgraph.errors import EntityError, ParameterError
from relgraph.model.namespaces import PREFIXES, REL, compact_iri
from relgraph.query.entities import resolve_entity
from relgraph.store import Dataset, SelectResult

__all__ = [
    "CENTRALITY_MEASURES",
    "EXPORT_FORMATS",
    "CentralityRow",
    "ConnectionPath",
    "DyadSummary",
    "Step",
    "centrality_table",
    "dyad_summaries",
    "dyad_table",
    "export_graph",
    "find_paths",
    "rank_centrality",
]

CENTRALITY_MEASURES = ("degree", "betweenness", "pagerank")
EXPORT_FORMATS = ("graphml", "gexf")
XSD = PREFIXES["xsd"]

#: Properties that tie an event or commitment to a state, as in queries/dyad_scores.rq.
DYAD_PROPERTIES = frozenset(
    REL + p for p in ("hasParty", "involvesState", "sourceActor", "targetActor", "committedBy", "committedTowards")
)
#: Above this many nodes, betweenness is estimated from a sample of source nodes,
#: about BETWEENNESS_BUDGET / edges of them (at least 8): 20 on the 1M-triple corpus.
EXACT_BETWEENNESS_NODES = 2000
BETWEENNESS_BUDGET = 3_000_000


def _structure(dataset: Dataset, graph: nx.MultiDiGraph | None) -> nx.MultiDiGraph:
    if graph is not None:
        return graph
    from relgraph.analytics.projection import structure

    return structure(dataset)


def _classes_below(dataset: Dataset, tops: Iterable[str]) -> frozenset[str]:
    """Every class at or below the given classes in the ontology's named hierarchy."""
    values = " ".join(f"<{t}>" for t in tops)
    rows = dataset.select(f"SELECT DISTINCT ?class WHERE {{ VALUES ?top {{ {values} }} ?class rdfs:subClassOf* ?top }}")
    return frozenset(row[0].value for row in rows.rows if isinstance(row[0], ox.NamedNode)) | frozenset(tops)


def _of_class(graph: nx.MultiDiGraph, classes: frozenset[str]) -> list[str]:
    return [n for n, data in graph.nodes(data=True) if classes.intersection(data.get("types", ()))]


# ----- paths ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    """One edge of a path, read from ``source`` to ``target``; ``forward`` is False when the edge points back."""

    source: str
    target: str
    property: str
    label: str
    forward: bool


@dataclass(frozen=True)
class ConnectionPath:
    """A chain of labelled edges between two entities."""

    nodes: tuple[str, ...]
    steps: tuple[Step, ...]
    labels: tuple[str, ...]  # the node labels, in order

    def __len__(self) -> int:
        return len(self.steps)

    def text(self) -> str:
        """``Monica Juma <-led by- Kenyan delegation -participant of-> ...``"""
        parts = [self.labels[0]]
        for step, label in zip(self.steps, self.labels[1:], strict=True):
            parts.append(f"-{step.label}->" if step.forward else f"<-{step.label}-")
            parts.append(label)
        return " ".join(parts)


def _step(graph: nx.MultiDiGraph, u: str, v: str) -> Step:
    forward = graph.get_edge_data(u, v) or {}
    if forward:
        key = min(forward, key=lambda k: (forward[k].get("label", ""), k))
        return Step(u, v, key, forward[key].get("label", compact_iri(key)), True)
    back = graph.get_edge_data(v, u) or {}
    key = min(back, key=lambda k: (back[k].get("label", ""), k))
    return Step(u, v, key, back[key].get("label", compact_iri(key)), False)


def _node_of(dataset: Dataset, graph: nx.MultiDiGraph, name: str) -> str:
    iri = resolve_entity(dataset, name).value
    if iri not in graph:
        raise EntityError(
            f"{name!r} ({compact_iri(iri)}) is not a node of the instance graph (it is an ontology term, a "
            "mention or an article); name a state, person, event, mechanism, framework or commitment."
        )
    return iri


def find_paths(
    dataset: Dataset,
    source: str,
    target: str,
    *,
    max_paths: int = 3,
    graph: nx.MultiDiGraph | None = None,
) -> list[ConnectionPath]:
    """How two entities (label, prefixed name or IRI) are connected: shortest paths first.

    Edges are followed in either direction; each path is a different sequence of
    nodes. Returns at most ``max_paths`` paths, [] when they are not connected.
    """
    if max_paths < 1:
        raise ParameterError(f"--max takes 1 or more paths; got {max_paths}.")
    if graph is None:
        return _paths_in_index(dataset, source, target, max_paths)
    a, b = _node_of(dataset, graph, source), _node_of(dataset, graph, target)
    if a == b:
        raise ParameterError("Give two different entities to connect.")
    undirected = nx.Graph()
    undirected.add_nodes_from(graph)
    undirected.add_edges_from((u, v) for u, v in graph.edges() if u != v)
    paths: list[ConnectionPath] = []
    try:
        for nodes in nx.shortest_simple_paths(undirected, a, b):
            steps = tuple(_step(graph, u, v) for u, v in itertools.pairwise(nodes))
            labels = tuple(graph.nodes[n].get("label", compact_iri(n)) for n in nodes)
            paths.append(ConnectionPath(tuple(nodes), steps, labels))
            if len(paths) >= max_paths:
                break
    except nx.NetworkXNoPath:
        return []
    return paths


#: A path search over the kept index widens its search to paths this many steps longer than the shortest.
PATH_SLACK = 2
#: ... unless the nodes on such paths pass this many (around hubs, alternatives are found among the shortest).
PATH_NODES = 20_000


def _paths_in_index(dataset: Dataset, source: str, target: str, max_paths: int) -> list[ConnectionPath]:
    """``find_paths`` over the kept path index: the nodes that lie on short paths, then networkx on them.

    A simple path of length L between a and b only visits nodes v with dist(a, v) + dist(v, b) <= L,
    so the paths of length L come from the graph induced on those nodes; L grows from the shortest
    distance until ``max_paths`` paths are found (by at most PATH_SLACK steps).
    """
    from relgraph.analytics.projection import path_index

    index = path_index(dataset)
    a, b = (_position(dataset, index, name) for name in (source, target))
    if a == b:
        raise ParameterError("Give two different entities to connect.")
    from_a, from_b = _distances(index, a), _distances(index, b)
    if b not in from_a:
        return []
    shortest = from_a[b]
    found: list[list[int]] = []
    for length in range(shortest, shortest + PATH_SLACK + 1):
        keep = sorted(v for v, d in from_a.items() if d + from_b.get(v, length + 1) <= length)
        if len(keep) > PATH_NODES and found:
            break
        inside = set(keep)
        sub = nx.Graph()
        sub.add_nodes_from(keep)
        sub.add_edges_from((u, v) for u in keep for v in index.neighbours(u) if v in inside and u < v)
        found = []
        for nodes in nx.shortest_simple_paths(sub, a, b):
            if len(nodes) - 1 > length or len(found) >= max_paths:
                break
            found.append(nodes)
        if len(found) >= max_paths:
            break
    return [_indexed_path(index, nodes) for nodes in found]


def _position(dataset: Dataset, index, name: str) -> int:
    iri = resolve_entity(dataset, name).value
    at = index.position(iri)
    if at is None:
        raise EntityError(
            f"{name!r} ({compact_iri(iri)}) is not a node of the instance graph (it is an ontology term, a "
            "mention or an article); name a state, person, event, mechanism, framework or commitment."
        )
    return at


def _distances(index, start: int) -> dict[int, int]:
    """Breadth-first distances from ``start`` over the index's undirected neighbours."""
    seen = {start: 0}
    frontier = [start]
    depth = 0
    while frontier:
        depth += 1
        nxt = []
        for u in frontier:
            for v in index.neighbours(u):
                if v not in seen:
                    seen[v] = depth
                    nxt.append(v)
        frontier = nxt
    return seen


def _indexed_path(index, nodes: list[int]) -> ConnectionPath:
    steps = []
    for u, v in itertools.pairwise(nodes):
        forward = index.steps.get((u, v))
        key, label = forward or index.steps[(v, u)]
        steps.append(Step(index.nodes[u], index.nodes[v], key, label, forward is not None))
    return ConnectionPath(tuple(index.nodes[n] for n in nodes), tuple(steps), tuple(index.labels[n] for n in nodes))


# ----- centrality -----------------------------------------------------------------------------


@dataclass(frozen=True)
class CentralityRow:
    rank: int
    iri: str
    label: str
    class_label: str
    score: float


def _pagerank(graph: nx.MultiDiGraph, *, alpha: float = 0.85, tol: float = 1.0e-10, max_iter: int = 200) -> dict:
    """PageRank by power iteration in pure Python (networkx's own needs SciPy)."""
    nodes = list(graph)
    n = len(nodes)
    if n == 0:
        return {}
    index = {node: i for i, node in enumerate(nodes)}
    out_weight = [0] * n
    edges: list[tuple[int, int, int]] = []
    for (u, v), count in Counter((u, v) for u, v in graph.edges()).items():
        edges.append((index[u], index[v], count))
        out_weight[index[u]] += count
    rank = [1.0 / n] * n
    for _ in range(max_iter):
        dangling = alpha * sum(rank[i] for i in range(n) if out_weight[i] == 0) / n
        base = (1.0 - alpha) / n + dangling
        new = [base] * n
        for u, v, count in edges:
            new[v] += alpha * rank[u] * count / out_weight[u]
        err = sum(abs(new[i] - rank[i]) for i in range(n))
        rank = new
        if err < n * tol:
            break
    return {node: rank[index[node]] for node in nodes}


def _betweenness(graph: nx.Graph, *, k: int | None = None, seed: int = 0) -> dict:
    """Normalised betweenness (Brandes) on integer adjacency lists; networkx's values, ~3x faster.

    With ``k``, the sources are ``random.Random(seed).sample(list(graph), k)``, the
    sample networkx draws, and the result is rescaled as networkx rescales it.
    """
    import random
    from collections import deque

    nodes = list(graph)
    n = len(nodes)
    if n < 3:
        return dict.fromkeys(nodes, 0.0)
    index = {node: i for i, node in enumerate(nodes)}
    adjacency = [[index[w] for w in graph.adj[node] if w != node] for node in nodes]
    if k is not None and k >= n:
        k = None
    sources = range(n) if k is None else [index[s] for s in random.Random(seed).sample(nodes, k)]
    score = [0.0] * n
    sigma = [0] * n
    dist = [-1] * n
    delta = [0.0] * n
    preds: list[list[int]] = [[] for _ in range(n)]
    for s in sources:
        order: list[int] = []
        sigma[s], dist[s] = 1, 0
        queue = deque([s])
        while queue:
            v = queue.popleft()
            order.append(v)
            dv, sv = dist[v] + 1, sigma[v]
            for w in adjacency[v]:
                if dist[w] < 0:
                    dist[w] = dv
                    queue.append(w)
                if dist[w] == dv:
                    sigma[w] += sv
                    preds[w].append(v)
        for w in reversed(order):
            coefficient = (1.0 + delta[w]) / sigma[w]
            for v in preds[w]:
                delta[v] += sigma[v] * coefficient
            if w != s:
                score[w] += delta[w]
        for v in order:
            sigma[v], dist[v], delta[v] = 0, -1, 0.0
            preds[v] = []
    pairs = n - 1  # as networkx: endpoints excluded, normalised
    if k is None:
        scale_source = scale_other = 1.0 / (pairs * (pairs - 1))
    else:
        sampled = set(sources)
        scale_source = 1.0 / ((k - 1) * (pairs - 1)) if k > 1 else float("nan")
        scale_other = 1.0 / (k * (pairs - 1))
        return {nodes[i]: score[i] * (scale_source if i in sampled else scale_other) for i in range(n)}
    return {nodes[i]: score[i] * scale_source for i in range(n)}


def rank_centrality(
    dataset: Dataset,
    *,
    measure: str = "degree",
    top: int = 10,
    graph: nx.MultiDiGraph | None = None,
) -> list[CentralityRow]:
    """The most central actors (states, people, delegations, bodies), mechanisms and frameworks.

    Scores are computed over the whole instance graph; ``degree`` is the number of
    distinct neighbours over the largest possible (networkx's degree centrality,
    edges in either direction), ``betweenness`` the share of shortest paths through
    the node (above EXACT_BETWEENNESS_NODES nodes, estimated from a sample of
    source nodes drawn with seed 0, BETWEENNESS_BUDGET / edges of them), ``pagerank`` PageRank (damping 0.85) on the
    directed graph, parallel edges counted.
    """
    if measure not in CENTRALITY_MEASURES:
        raise ParameterError(f"Unknown measure {measure!r}; use one of {', '.join(CENTRALITY_MEASURES)}.")
    if top < 1:
        raise ParameterError(f"--top takes 1 or more; got {top}.")
    graph = _structure(dataset, graph)
    if measure == "pagerank":
        scores = _pagerank(graph)
    else:
        undirected = nx.Graph()
        undirected.add_nodes_from(graph)
        undirected.add_edges_from((u, v) for u, v in graph.edges() if u != v)
        if measure == "degree":
            scores = nx.degree_centrality(undirected)
        else:
            n = undirected.number_of_nodes()
            samples = max(8, BETWEENNESS_BUDGET // max(undirected.number_of_edges(), 1))
            k = None if n <= EXACT_BETWEENNESS_NODES else min(n, samples)
            scores = _betweenness(undirected, k=k, seed=0)
    wanted = _classes_below(
        dataset, (PREFIXES["prov"] + "Agent", REL + "Framework", REL + "BilateralMechanism", REL + "State")
    )
    candidates = _of_class(graph, wanted)
    ordered = sorted(candidates, key=lambda n: (-scores.get(n, 0.0), graph.nodes[n].get("label", n), n))[:top]
    return [
        CentralityRow(
            rank=i + 1,
            iri=n,
            label=graph.nodes[n].get("label", compact_iri(n)),
            class_label=graph.nodes[n].get("class_label", ""),
            score=scores.get(n, 0.0),
        )
        for i, n in enumerate(ordered)
    ]


def centrality_table(rows: Sequence[CentralityRow], *, measure: str) -> SelectResult:
    """The rows as a SELECT-like result, for relgraph's table, CSV, TSV and JSON formats."""
    return SelectResult(
        ("rank", "entity", "class", measure),
        tuple(
            (
                ox.Literal(str(r.rank), datatype=ox.NamedNode(XSD + "integer")),
                ox.NamedNode(r.iri),
                ox.Literal(r.class_label),
                ox.Literal(f"{r.score:.4f}", datatype=ox.NamedNode(XSD + "decimal")),
            )
            for r in rows
        ),
    )


# ----- dyads ----------------------------------------------------------------------------------

_CODED_ITEMS = """
SELECT ?item (SAMPLE(?score) AS ?goldstein) (MIN(?reported) AS ?reported_on) WHERE {
  ?item rel:eventType/rel:goldsteinScore ?score .
  OPTIONAL { ?item rel:denotedBy/rel:inArticle/schema:datePublished ?reported }
}
GROUP BY ?item"""

_AIMS = "SELECT ?item ?aim ?label WHERE { ?item rel:aimsAt ?aim . OPTIONAL { ?aim rdfs:label ?label } }"


@dataclass(frozen=True)
class DyadSummary:
    """The relationship of one pair of states at a glance."""

    state_a: str  # IRI; state_a < state_b as strings, as in queries/dyad_scores.rq
    state_b: str
    label_a: str
    label_b: str
    meetings: int  # meetings (any rel:Meeting, dialogue sessions included) involving both
    events: int  # events of any kind involving both
    commitments: tuple[tuple[str, str, int], ...]  # (pillar, status, count)
    first: str | None  # ISO date of the first interaction
    last: str | None
    aims_at: str | None  # the relationship status the latest item concerning both aims at
    coded_items: int  # distinct events and commitments with a CAMEO code (Goldstein score)
    goldstein_total: float
    cooperation: float | None  # mean Goldstein score of the coded items

    def commitments_text(self) -> str:
        return "; ".join(f"{pillar}: {count} {status}" for pillar, status, count in self.commitments)


def dyad_summaries(dataset: Dataset, *, graph: nx.MultiDiGraph | None = None) -> list[DyadSummary]:
    """Every pair of states linked by at least one event or commitment, most coded items first.

    An item (event or commitment) belongs to the pair when it is tied to both states
    by rel:hasParty, rel:involvesState, rel:sourceActor, rel:targetActor,
    rel:committedBy or rel:committedTowards. The cooperation score is the mean
    Goldstein score of the distinct coded items of the pair, each counted once and
    unweighted, whatever its status (a stated intent or a planned meeting counts as
    much as a completed one), exactly as ``queries/dyad_scores.rq`` computes
    ``goldstein_mean``; an item's date is its own start date (or date), else the
    date of the earliest article that reports it.
    """
    graph = _structure(dataset, graph)
    states = set(_of_class(graph, frozenset({REL + "State"})))
    events = frozenset(_of_class(graph, _classes_below(dataset, [REL + "Event"])))
    meetings = frozenset(_of_class(graph, _classes_below(dataset, [REL + "Meeting"])))
    commitments = frozenset(_of_class(graph, _classes_below(dataset, [REL + "Commitment"])))
    pillars = frozenset(_of_class(graph, _classes_below(dataset, [REL + "Pillar"])))

    coded: dict[str, tuple[float, str | None]] = {}
    for item, score, reported in dataset.select(_CODED_ITEMS).rows:
        if isinstance(item, ox.NamedNode) and isinstance(score, ox.Literal):
            coded[item.value] = (float(score.value), reported.value if isinstance(reported, ox.Literal) else None)
    aims: dict[str, str] = {}
    for item, aim, label in dataset.select(_AIMS).rows:
        if isinstance(item, ox.NamedNode) and isinstance(aim, ox.NamedNode):
            aims[item.value] = label.value if isinstance(label, ox.Literal) else compact_iri(aim.value)

    pairs: dict[tuple[str, str], set[str]] = defaultdict(set)
    for item in events | commitments:
        tied = sorted({v for _, v, key in graph.out_edges(item, keys=True) if key in DYAD_PROPERTIES and v in states})
        for a, b in itertools.combinations(tied, 2):
            pairs[(a, b)].add(item)

    def item_date(item: str) -> str | None:
        data = graph.nodes[item]
        own = data.get("start_date") or data.get("date")
        return str(own)[:10] if own else (coded.get(item, (0.0, None))[1] or None)

    summaries = []
    for (a, b), items in pairs.items():
        dated = sorted((d, i) for i in items if (d := item_date(i)))
        by_pillar: Counter[tuple[str, str]] = Counter()
        for item in items & commitments:
            status = graph.nodes[item].get("status_label", "no status")
            under = sorted(graph.nodes[v].get("label", v) for _, v in graph.out_edges(item) if v in pillars) or [
                "no pillar"
            ]
            for pillar in dict.fromkeys(under):
                by_pillar[(pillar, status)] += 1
        scores = [coded[i][0] for i in items if i in coded]
        aimed = [(item_date(i) or "", i) for i in items if i in aims]
        summaries.append(
            DyadSummary(
                state_a=a,
                state_b=b,
                label_a=graph.nodes[a].get("label", compact_iri(a)),
                label_b=graph.nodes[b].get("label", compact_iri(b)),
                meetings=len(items & meetings),
                events=len(items & events),
                commitments=tuple((p, s, c) for (p, s), c in sorted(by_pillar.items())),
                first=dated[0][0] if dated else None,
                last=dated[-1][0] if dated else None,
                aims_at=aims[max(aimed)[1]] if aimed else None,
                coded_items=len(scores),
                goldstein_total=round(sum(scores), 2),
                cooperation=round(sum(scores) / len(scores), 2) if scores else None,
            )
        )
    summaries.sort(key=lambda d: (-d.coded_items, d.label_a, d.label_b))
    return summaries


def dyad_table(summaries: Sequence[DyadSummary]) -> SelectResult:
    """The dyads as a SELECT-like result, for relgraph's table, CSV, TSV and JSON formats."""

    def lit(value: object, datatype: str | None = None) -> ox.Literal | None:
        if value is None:
            return None
        return ox.Literal(str(value), datatype=ox.NamedNode(XSD + datatype)) if datatype else ox.Literal(str(value))

    return SelectResult(
        (
            "state_a",
            "state_b",
            "meetings",
            "events",
            "commitments",
            "first",
            "last",
            "aims_at",
            "coded_items",
            "cooperation",
        ),
        tuple(
            (
                ox.NamedNode(d.state_a),
                ox.NamedNode(d.state_b),
                lit(d.meetings, "integer"),
                lit(d.events, "integer"),
                lit(d.commitments_text() or None),
                lit(d.first, "date"),
                lit(d.last, "date"),
                lit(d.aims_at),
                lit(d.coded_items, "integer"),
                lit(f"{d.cooperation:.2f}" if d.cooperation is not None else None, "decimal"),
            )
            for d in summaries
        ),
    )


# ----- export ---------------------------------------------------------------------------------


def export_graph(dataset: Dataset, *, fmt: str = "graphml", graph: nx.MultiDiGraph | None = None) -> bytes:
    """The instance graph as GraphML or GEXF, every attribute a string or number (for Gephi)."""
    from relgraph.views.graphview import build_graph, graph_for_export

    if fmt not in EXPORT_FORMATS:
        raise ParameterError(f"Unknown graph format {fmt!r}; use one of {', '.join(EXPORT_FORMATS)}.")
    flat = graph_for_export(graph if graph is not None else build_graph(dataset))
    buffer = io.BytesIO()
    if fmt == "graphml":
        nx.write_graphml(flat, buffer, encoding="utf-8", prettyprint=True)
    else:
        nx.write_gexf(flat, buffer, encoding="utf-8", prettyprint=True)
    return buffer.getvalue()
