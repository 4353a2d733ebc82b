"""The graph page: one self-contained, offline HTML file with the vis-network that pyvis ships.

``render_html(graph, output=...)`` takes the MultiDiGraph of ``relgraph.views.graphview``
and writes one HTML file with everything inside it: the vis-network library that
pyvis ships (inlined from the pyvis package, never loaded from a CDN), our own
stylesheet and script, and the graph as JSON. It opens from disk with no network.

The nodes, edges and vis options go to our own template
(``relgraph/templates/graph.html``): pyvis's templates load Bootstrap and vis-network
from CDNs, its ``add_node``/``add_edge`` grow quadratically, and its ``Network`` only
held the lists for ``get_network_data`` to hand back, while importing it imports
IPython (about a quarter of a large page's CPU). So pyvis's Python is not imported at
all; its package data gives the vis-network library.

Every text from the data reaches the page as JSON inside a
``<script type="application/json">`` block (``<``, ``>``, ``&``, U+2028 and U+2029
escaped) and is put on screen with ``textContent``, never as HTML. Tooltips are DOM
elements built the same way; pyvis node titles carry no text at all. A Content
Security Policy lets only the page's own two scripts run (by hash) and forbids
every network request.

Layout: positions are computed here, in Python, seeded (the same graph and seed give
the same file, byte for byte). Graphs up to ``CLUSTER_NODE_LIMIT`` nodes then relax
for a bounded number of physics steps in the browser and stop; larger ones open on
class groups placed here, with physics off, and the page places a group's members
when it is opened, so 5,000 nodes open in about a second.

Above ``CLUSTER_NODE_LIMIT`` nodes the page opens on one node per class ("Person (171)"),
placed by the same layout run on the classes and pushed apart until no two labels meet,
with one edge per pair of groups whose width grows with the links it stands for; a click
opens a group where it stands (its members in a sunflower around it, the best connected
at the centre, a label only where it meets no other: the rest show theirs on hover and in
the side panel), a search or a link to a node inside a closed group opens that group
first, and a click on a node is shown by vis-network's own selection instead of dimming
thousands of nodes. Such a page needs no layout of every node, so none is computed.
"""

from __future__ import annotations

import base64
import hashlib
import importlib.util
import json
import math
import random
from collections import defaultdict
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import networkx as nx

from relgraph.errors import RelgraphError
from relgraph.model.namespaces import PREFIXES, REL
from relgraph.store import write_atomic

__all__ = [
    "CLUSTER_NODE_LIMIT",
    "PHYSICS_NODE_LIMIT",
    "asset_files",
    "graph_page",
    "layout_positions",
    "page_data",
    "render_html",
]

_GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))

#: Up to this many nodes (and at most CLUSTER_NODE_LIMIT) the page relaxes the layout with physics, then stops.
PHYSICS_NODE_LIMIT = 400
#: Above this many nodes the page opens on one node per class ("Person (1,204)"), placed by a layout
#: of the classes and the links between them; a click opens a class where it stands.
CLUSTER_NODE_LIMIT = 300
_VIS_DIR = "templates/lib/vis-9.1.2"

ORG = PREFIXES["org"]
SKOS = PREFIXES["skos"]
OWL = PREFIXES["owl"]


@dataclass(frozen=True)
class _Style:
    colour: str
    shape: str
    size: int = 16


# Most specific first: a node takes the first style whose class it belongs to.
_STYLES: tuple[tuple[str, _Style], ...] = (
    (REL + "State", _Style("#1f5fa8", "hexagon", 28)),
    (REL + "InternationalOrganization", _Style("#2b9fb3", "hexagon", 22)),
    (REL + "Ministry", _Style("#2e8b57", "square", 17)),
    (REL + "GovernmentBody", _Style("#3fa34d", "square", 17)),
    (REL + "Delegation", _Style("#7cbf5a", "square", 15)),
    (REL + "Person", _Style("#f08a24", "dot", 18)),
    (REL + "HeadOfStatePost", _Style("#e3b23c", "triangleDown", 14)),
    (REL + "MinisterialPost", _Style("#f2cf63", "triangleDown", 14)),
    (REL + "Post", _Style("#f2cf63", "triangleDown", 14)),
    (REL + "DialogueSession", _Style("#c0392b", "diamond", 22)),
    (REL + "Meeting", _Style("#e74c3c", "diamond", 18)),
    (REL + "Visit", _Style("#d35480", "diamond", 18)),
    (REL + "Signing", _Style("#8e44ad", "diamond", 18)),
    (REL + "CommuniqueIssuance", _Style("#b0609c", "diamond", 15)),
    (REL + "StatementIssuance", _Style("#b0609c", "diamond", 15)),
    (REL + "Event", _Style("#e0607e", "diamond", 16)),
    (REL + "BilateralMechanism", _Style("#16a085", "star", 26)),
    (REL + "BilateralRelation", _Style("#48c9b0", "star", 20)),
    (REL + "TradeFramework", _Style("#6c5ce7", "square", 18)),
    (REL + "SecurityGovernanceFramework", _Style("#5b4bc4", "square", 18)),
    (REL + "Agreement", _Style("#8c7ae6", "square", 16)),
    (REL + "ActionPlan", _Style("#a29bfe", "square", 16)),
    (REL + "Programme", _Style("#9180f0", "square", 16)),
    (REL + "Framework", _Style("#7d6fd6", "square", 16)),
    (REL + "Commitment", _Style("#9b59b6", "triangle", 14)),
    (REL + "Claim", _Style("#7f8c8d", "triangle", 12)),
    (REL + "JointCommunique", _Style("#5d6d7e", "square", 12)),
    (REL + "Statement", _Style("#85929e", "square", 12)),
    (REL + "Document", _Style("#85929e", "square", 12)),
    (REL + "Pillar", _Style("#d4ac0d", "dot", 20)),
    (REL + "Theme", _Style("#c9b458", "dot", 11)),
    (REL + "City", _Style("#8d6e63", "triangleDown", 13)),
    (REL + "Place", _Style("#a1887f", "triangleDown", 13)),
    (REL + "Mention", _Style("#b0b7bf", "dot", 7)),
    (REL + "NewsArticle", _Style("#566573", "square", 14)),
    (REL + "Tenure", _Style("#c8b9a6", "dot", 8)),
    (ORG + "Membership", _Style("#c8b9a6", "dot", 8)),
    (SKOS + "ConceptScheme", _Style("#b7950b", "dot", 12)),
    (SKOS + "Concept", _Style("#c9b458", "dot", 11)),
)
_CLASS_STYLE = _Style("#d5d8dc", "box", 12)  # an ontology class (--include-ontology)
_TERM_STYLE = _Style("#aeb6bf", "ellipse", 12)  # a vocabulary term such as a status
_OTHER_STYLE = _Style("#95a5a6", "dot", 12)

# How a status changes a node's outline (planned vs completed at a glance).
_STATUS_LOOK: dict[str, dict[str, Any]] = {
    REL + "Completed": {"dashes": False, "width": 3, "faded": False, "name": "completed: solid outline"},
    REL + "Planned": {"dashes": [6, 4], "width": 3, "faded": False, "name": "planned: dashed outline"},
    REL + "StatedIntent": {"dashes": [2, 3], "width": 2, "faded": False, "name": "stated intent: dotted outline"},
    REL + "Postponed": {"dashes": [8, 3, 2, 3], "width": 2, "faded": True, "name": "postponed: dash-dot, faded"},
    REL + "Cancelled": {"dashes": [2, 6], "width": 2, "faded": True, "name": "cancelled: sparse dots, faded"},
}
_STATUS_ORDER = list(_STATUS_LOOK)


# ----- layout --------------------------------------------------------------------------------


def layout_positions(graph: nx.Graph, *, seed: int = 0, spacing: float = 90.0) -> dict[Hashable, tuple[float, float]]:
    """Seeded positions for every node, each connected component laid out on its own, packed in rows.

    A component is drawn as a constellation: its hubs spread out by a small force
    layout, every other node between the hubs it links to (see ``_constellation``).
    Pure Python, no numpy: about 0.3 s for 5,000 nodes and 18,000 edges. The same
    graph and seed give the same positions.
    """
    rnd = random.Random(seed)
    adjacency: dict[Hashable, set[Hashable]] = {n: set() for n in graph.nodes}
    for s, targets in graph.adj.items():  # one entry per neighbour, however many edges
        for o in targets:
            if s != o:
                adjacency[s].add(o)
                adjacency[o].add(s)
    nodes = graph.nodes
    order = {n: i for i, n in enumerate(sorted(nodes, key=lambda n: _sort_key(nodes[n], n)))}
    seen: set[Hashable] = set()
    components: list[list[Hashable]] = []
    for start in sorted(graph.nodes, key=order.__getitem__):
        if start in seen:
            continue
        seen.add(start)
        component, todo = [start], [start]
        while todo:
            for nxt in adjacency[todo.pop()]:
                if nxt not in seen:
                    seen.add(nxt)
                    component.append(nxt)
                    todo.append(nxt)
        components.append(component)
    components.sort(key=lambda c: (-len(c), min(order[n] for n in c)))

    laid_out = [_constellation(component, adjacency, order, rnd, spacing) for component in components]
    return _pack(laid_out, spacing)


def _sort_key(data: Mapping[str, Any], node: Hashable) -> tuple[str, str, str]:
    return (str(data.get("class_label", "")), str(data.get("label", "")), str(node))


def _constellation(
    component: list[Hashable],
    adjacency: Mapping[Hashable, set[Hashable]],
    order: Mapping[Hashable, int],
    rnd: random.Random,
    spacing: float,
) -> tuple[dict[Hashable, tuple[float, float]], float]:
    """One connected component: hubs placed by a small force layout, the rest around them.

    1. The best-connected nodes (about sqrt(n) of them) are anchors, laid out by
       Fruchterman-Reingold among themselves: anchors that share neighbours attract,
       and anchors with many followers push harder, so each gets room (``_spread_anchors``).
    2. Every other node goes to the barycentre of its neighbours (a few Gauss-Seidel
       sweeps), so a node sits between the hubs it is linked to (``_follow_anchors``).
    3. Nodes that land on the same spot are spread in a sunflower around it (``_sunflowers``),
       and two passes of local repulsion on a grid pull apart neighbouring sunflowers (``_repel``).
    Linear in nodes and edges apart from the anchors (at most 80, so 3,200 pairs).
    """
    n = len(component)
    if n == 1:
        return {component[0]: (0.0, 0.0)}, spacing / 2
    degree = {v: len(adjacency[v]) for v in component}
    k = max(2, min(80, int(math.sqrt(n) * 0.9)))
    anchors = sorted(component, key=lambda v: (-degree[v], order[v]))[:k]
    weight, followers = _anchor_affinity(component, adjacency, order, anchors, degree)
    ideal = spacing * math.sqrt(n / k) * 1.1
    pos = _spread_anchors(anchors, weight, followers, ideal, rnd)
    placed = _follow_anchors(component, adjacency, order, pos)
    out = _repel(_sunflowers(component, placed, set(anchors), degree, order, rnd, spacing), spacing)
    xs = [p[0] for p in out.values()]
    ys = [p[1] for p in out.values()]
    mx, my = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
    out = {v: (x - mx, y - my) for v, (x, y) in out.items()}
    radius = max(math.hypot(x, y) for x, y in out.values()) + spacing
    return out, radius


def _anchor_affinity(
    component: list[Hashable],
    adjacency: Mapping[Hashable, set[Hashable]],
    order: Mapping[Hashable, int],
    anchors: list[Hashable],
    degree: Mapping[Hashable, int],
) -> tuple[dict[tuple[Hashable, Hashable], float], dict[Hashable, int]]:
    """How strongly each pair of anchors attracts (direct links and shared neighbours), and how
    many nodes follow each anchor (itself included: the anchor each other node is nearest to)."""
    anchor_set = set(anchors)
    weight: dict[tuple[Hashable, Hashable], float] = defaultdict(float)
    followers = {a: 1 for a in anchors}
    for v in component:
        linked = sorted((a for a in adjacency[v] if a in anchor_set), key=order.__getitem__)
        if v in anchor_set:
            for a in linked:
                weight[(v, a) if order[v] < order[a] else (a, v)] += 1.0
            continue
        if len(linked) > 1:
            share = 1.0 / (len(linked) - 1)
            for i, a in enumerate(linked):
                for b in linked[i + 1 :]:
                    weight[(a, b)] += share
        if linked:
            followers[min(linked, key=lambda a: (-degree[a], order[a]))] += 1
    return weight, followers


def _spread_anchors(
    anchors: list[Hashable],
    weight: Mapping[tuple[Hashable, Hashable], float],
    followers: Mapping[Hashable, int],
    ideal: float,
    rnd: random.Random,
) -> dict[Hashable, tuple[float, float]]:
    """Fruchterman-Reingold on the anchors only (45 cooling steps), on plain lists."""
    k = len(anchors)
    xs, ys = [0.0] * k, [0.0] * k
    for i in range(k):
        xs[i], ys[i] = rnd.uniform(-1, 1) * ideal * 3, rnd.uniform(-1, 1) * ideal * 3
    index = {a: i for i, a in enumerate(anchors)}
    links = [(index[a], index[b], w / (4 * ideal)) for (a, b), w in weight.items()]
    root = [math.sqrt(followers[a]) for a in anchors]
    push = [[ideal * ideal * root[i] * root[j] for j in range(k)] for i in range(k)]
    temp = ideal * 2
    for _ in range(45):
        fx, fy = [0.0] * k, [0.0] * k
        for i in range(k):
            ax, ay, row = xs[i], ys[i], push[i]
            sx = sy = 0.0
            for j in range(i + 1, k):
                dx, dy = ax - xs[j], ay - ys[j]
                f = row[j] / (dx * dx + dy * dy + 0.01)
                sx += dx * f
                sy += dy * f
                fx[j] -= dx * f
                fy[j] -= dy * f
            fx[i] += sx
            fy[i] += sy
        for a, b, w in links:  # springs: pull grows with the square of the distance
            dx, dy = xs[a] - xs[b], ys[a] - ys[b]
            f = w * (math.sqrt(dx * dx + dy * dy) + 0.01)
            fx[a] -= dx * f
            fy[a] -= dy * f
            fx[b] += dx * f
            fy[b] += dy * f
        for i in range(k):
            dx, dy = fx[i] - xs[i] * 0.05, fy[i] - ys[i] * 0.05
            d = math.sqrt(dx * dx + dy * dy) + 1e-9
            step = min(d, temp) / d
            xs[i] += dx * step
            ys[i] += dy * step
        temp *= 0.92
    return {a: (xs[i], ys[i]) for i, a in enumerate(anchors)}


def _follow_anchors(
    component: list[Hashable],
    adjacency: Mapping[Hashable, set[Hashable]],
    order: Mapping[Hashable, int],
    anchors: Mapping[Hashable, tuple[float, float]],
) -> dict[Hashable, tuple[float, float]]:
    """Every other node: breadth first from the anchors, then barycentres of its neighbours."""
    placed = dict(anchors)
    frontier = [a for a in anchors]
    while frontier:
        nxt = []
        for v in frontier:
            for w in sorted(adjacency[v], key=order.__getitem__):
                if w not in placed:
                    near = [placed[u] for u in adjacency[w] if u in placed]
                    placed[w] = (sum(p[0] for p in near) / len(near), sum(p[1] for p in near) / len(near))
                    nxt.append(w)
        frontier = nxt
    others = sorted((v for v in component if v not in anchors), key=order.__getitem__)
    neighbours = {v: list(adjacency[v]) for v in others}
    for _ in range(6):
        for v in others:
            sx = sy = 0.0
            for u in neighbours[v]:
                p = placed[u]
                sx += p[0]
                sy += p[1]
            c = len(neighbours[v])
            old = placed[v]
            placed[v] = (old[0] * 0.3 + sx / c * 0.7, old[1] * 0.3 + sy / c * 0.7)
    return placed


def _sunflowers(
    component: list[Hashable],
    placed: Mapping[Hashable, tuple[float, float]],
    anchor_set: set[Hashable],
    degree: Mapping[Hashable, int],
    order: Mapping[Hashable, int],
    rnd: random.Random,
    spacing: float,
) -> dict[Hashable, tuple[float, float]]:
    """Nodes that landed in the same spot, spread in a sunflower around it (anchors and hubs inside)."""
    cell = spacing * 0.8
    spots: dict[tuple[int, int], list[Hashable]] = defaultdict(list)
    for v in component:
        x, y = placed[v]
        spots[(round(x / cell), round(y / cell))].append(v)
    out = {}
    for key in sorted(spots):
        here = spots[key]
        if len(here) == 1:
            out[here[0]] = placed[here[0]]
            continue
        here.sort(key=lambda v: (v not in anchor_set, -degree[v], order[v]))
        cx = sum(placed[v][0] for v in here) / len(here)
        cy = sum(placed[v][1] for v in here) / len(here)
        turn = rnd.uniform(0, 2 * math.pi)
        for i, v in enumerate(here):
            r = spacing * 0.55 * math.sqrt(i)
            t = turn + i * _GOLDEN_ANGLE
            out[v] = (cx + r * math.cos(t), cy + r * math.sin(t))
    return out


def _repel(out: dict[Hashable, tuple[float, float]], spacing: float) -> dict[Hashable, tuple[float, float]]:
    """Two passes of local repulsion on a grid: most overlaps between neighbouring sunflowers go."""
    size = spacing * 0.9
    reach = size * size
    for _ in range(2):
        grid: dict[tuple[int, int], list[tuple[Hashable, float, float]]] = defaultdict(list)
        for v, (x, y) in out.items():
            grid[(int(x // size), int(y // size))].append((v, x, y))
        moved = {}
        for v, (x, y) in out.items():
            gx, gy = int(x // size), int(y // size)
            fx = fy = 0.0
            for ix in (gx - 1, gx, gx + 1):
                for iy in (gy - 1, gy, gy + 1):
                    for u, ux, uy in grid.get((ix, iy), ()):
                        dx, dy = x - ux, y - uy
                        d2 = dx * dx + dy * dy
                        if d2 < reach and u is not v:
                            d = math.sqrt(d2) + 0.01
                            push = (size - d) / d * 0.5
                            fx += dx * push
                            fy += dy * push
            moved[v] = (x + fx, y + fy)
        out = moved
    return out


def _pack(
    laid_out: list[tuple[dict[Hashable, tuple[float, float]], float]], spacing: float
) -> dict[Hashable, tuple[float, float]]:
    """Components in rows, largest first, the whole centred on the origin."""
    if not laid_out:
        return {}
    area = sum((2 * r) ** 2 for _, r in laid_out)
    row_width = max(2 * laid_out[0][1], math.sqrt(area) * 1.3)
    result: dict[Hashable, tuple[float, float]] = {}
    x = y = row_height = 0.0
    for positions, r in laid_out:
        size = 2 * r
        if x > 0 and x + size > row_width:
            x, y = 0.0, y + row_height + spacing * 0.3
            row_height = 0.0
        cx, cy = x + r, y + r
        for node, (px, py) in positions.items():
            result[node] = (cx + px, cy + py)
        x += size + spacing * 0.3
        row_height = max(row_height, size)
    xs = [p[0] for p in result.values()]
    ys = [p[1] for p in result.values()]
    mx, my = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
    return {n: (round(px - mx, 1), round(py - my, 1)) for n, (px, py) in result.items()}


# ----- page data -------------------------------------------------------------------------------


def _style_of(data: Mapping[str, Any]) -> _Style:
    kind = data.get("kind")
    if kind == "class":
        return _CLASS_STYLE
    if kind == "term":
        return _TERM_STYLE
    classes = set(data.get("superclasses", ())) | set(data.get("types", ()))
    for cls, style in _STYLES:
        if cls in classes:
            return style
    return _OTHER_STYLE


def _fade(colour: str) -> str:
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    r, g, b = ((c + 2 * 235) // 3 for c in (r, g, b))
    return f"#{r:02x}{g:02x}{b:02x}"


def _darken(colour: str, by: float = 0.35) -> str:
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return "#" + "".join(f"{int(c * (1 - by)):02x}" for c in (r, g, b))


def _short(text: str, limit: int) -> str:
    """The text, or its first words within ``limit`` characters and an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:–-") + "…"


def _dates(data: Mapping[str, Any]) -> str:
    start, end, date = data.get("start_date"), data.get("end_date"), data.get("date")
    if start and end and start != end:
        return f"{start} – {end}"
    return str(start or date or end or "")


def page_data(graph: nx.MultiDiGraph, *, seed: int = 0) -> dict[str, Any]:
    """Everything the page draws, as plain data: vis nodes and edges, details, legend, layout.

    Node ids in the page are 0..n-1 in the graph's node order; ``info[i]`` holds node
    i's details for the side panel. A node's colours are ``colours[node["colour"]]``: a few
    dozen distinct sets, written once instead of once per node.
    """
    nodes = list(graph.nodes)
    large = len(nodes) > PHYSICS_NODE_LIMIT
    grouped = len(nodes) > CLUSTER_NODE_LIMIT
    sentences: dict[Any, int] = {}  # each supporting sentence once; nodes refer to it by number
    # A grouped page places a group's members when it is opened (graph.js): no layout of every node here.
    positions = {} if grouped else layout_positions(graph, seed=seed)
    vis_nodes, info, colours, legend_entries, status_entries = _vis_nodes(
        graph, positions, 36 if large else 40, sentences
    )
    vis_edges = _vis_edges(graph, {node: i for i, node in enumerate(nodes)}, curved=not large)
    clusters = _clusters(vis_nodes, vis_edges, info, legend_entries) if grouped else []
    return {
        "nodes": vis_nodes,
        "edges": vis_edges,
        "colours": colours,
        "clusters": clusters,
        "groupLinks": _group_links(clusters, vis_edges),
        "info": info,
        "sentences": [
            {
                "text": m.text,
                "article": m.article_label,
                "date": m.article_date or "",
                "url": m.article_url if _linkable(m.article_url) else "",
                "by": "; ".join(m.attributed_to),
                "mode": m.attribution_mode or "",
            }
            for m in sentences
        ],
        "legend": legend_entries,
        "statuses": status_entries,
        "physics": not large and not grouped,  # groups stay where the class layout put them
        "seed": seed,
    }


def _vis_nodes(
    graph: nx.MultiDiGraph,
    positions: Mapping[Hashable, tuple[float, float]],
    label_limit: int,
    sentences: dict[Any, int],
) -> tuple[
    list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]
]:
    """The vis nodes, their details, the colour sets they use, the legend and the statuses drawn."""
    vis_nodes: list[dict[str, Any]] = []
    info: list[dict[str, Any]] = []
    colour_index: dict[tuple[str, bool], int] = {}
    legend: dict[str, dict[str, Any]] = {}
    statuses: set[str] = set()
    style_rank = {id(style): i for i, (_, style) in enumerate(_STYLES)}
    for i, (node, data) in enumerate(graph.nodes(data=True)):
        style = _style_of(data)
        dates = _dates(data)
        status = data.get("status")
        look = _STATUS_LOOK.get(str(status)) if status else None
        faded = bool(look and look["faded"])
        colour = colour_index.setdefault((style.colour, faded), len(colour_index))
        vis_node: dict[str, Any] = {
            "id": i,
            "label": _short(str(data.get("label") or node), label_limit) + (f"\n{dates}" if dates else ""),
            "shape": style.shape,
            "size": style.size,
            "colour": colour,
            "borderWidth": look["width"] if look else 1.5,
        }
        if node in positions:
            vis_node["x"], vis_node["y"] = positions[node]
        if look and look["dashes"]:
            vis_node["shapeProperties"] = {"borderDashes": look["dashes"]}
        vis_nodes.append(vis_node)
        class_label = str(data.get("class_label") or "Thing")
        entry = legend.get(class_label)
        if entry is None:
            rank = style_rank.get(id(style), 99)
            entry = legend[class_label] = {
                "label": class_label,
                "colour": style.colour,
                "shape": style.shape,
                "count": 0,
                "rank": rank,
            }
        entry["count"] += 1
        if status in _STATUS_LOOK:
            statuses.add(str(status))
        info.append(_node_info(data, dates, sentences))
    legend_entries = sorted(legend.values(), key=lambda e: (e["rank"], e["label"].casefold()))
    for entry in legend_entries:
        del entry["rank"]
    status_entries = [
        {"status": s, "label": _STATUS_LOOK[s]["name"], "dashes": _STATUS_LOOK[s]["dashes"] or []}
        for s in _STATUS_ORDER
        if s in statuses
    ]
    colours = [_colour_set(colour, faded) for colour, faded in colour_index]
    return vis_nodes, info, colours, legend_entries, status_entries


def _colour_set(colour: str, faded: bool) -> dict[str, Any]:
    """vis-network's colours for a node of this style (a faded fill for postponed and cancelled)."""
    fill = _fade(colour) if faded else colour
    return {
        "background": fill,
        "border": _darken(colour),
        "highlight": {"background": fill, "border": "#111111"},
        "hover": {"background": fill, "border": "#111111"},
    }


def _vis_edges(graph: nx.MultiDiGraph, index: Mapping[Hashable, int], *, curved: bool) -> list[dict[str, Any]]:
    """The vis edges; on a small page, parallel edges curve apart."""
    vis_edges: list[dict[str, Any]] = []
    pair_count: dict[tuple[int, int], int] = defaultdict(int)
    for i, (s, o, key, data) in enumerate(graph.edges(keys=True, data=True)):
        a, b = index[s], index[o]
        edge: dict[str, Any] = {
            "id": i,
            "from": a,
            "to": b,
            "label": str(data.get("label") or key),
            "prop": str(data.get("property") or key),
        }
        if curved:
            pair = (a, b) if a < b else (b, a)
            nth = pair_count[pair]
            pair_count[pair] += 1
            if nth:
                edge["smooth"] = {"enabled": True, "type": "curvedCW", "roundness": 0.12 + 0.12 * nth}
        vis_edges.append(edge)
    return vis_edges


def _clusters(
    vis_nodes: list[dict[str, Any]],
    vis_edges: list[dict[str, Any]],
    info: list[dict[str, Any]],
    legend: list[dict[str, Any]],
) -> list[dict[str, Any]]:
    """One group per class of two or more nodes, for the opening view of a large page.

    Each group is drawn as one node ("Person (1,204)"), sized by its count and placed by
    a layout of the classes, linked as their members are (the same seeded layout, on a
    few dozen nodes); a class of one node is moved to its place in that layout. A group's
    members are listed best connected first: the page opens a group where it stands when
    it is clicked, its members in a sunflower around that place, the best connected at the
    centre, each label drawn only where it meets no other (``graph.js``).
    """
    by_class: dict[str, list[int]] = defaultdict(list)
    for node in vis_nodes:
        by_class[info[node["id"]]["class"] or "Thing"].append(node["id"])
    degree = [0] * len(vis_nodes)
    for edge in vis_edges:
        degree[edge["from"]] += 1
        degree[edge["to"]] += 1
    for members in by_class.values():  # the best connected first: the page places them at the centre
        members.sort(key=lambda i: (-degree[i], info[i]["label"].casefold(), i))
    look = {entry["label"]: entry for entry in legend}
    classes = nx.Graph()
    classes.add_nodes_from(
        (name, {"label": name, "class_label": name}) for name in sorted(by_class, key=lambda c: (-len(by_class[c]), c))
    )
    of = [""] * len(vis_nodes)
    for name, members in by_class.items():
        for i in members:
            of[i] = name
    weights: dict[tuple[str, str], int] = defaultdict(int)
    for edge in vis_edges:
        a, b = of[edge["from"]], of[edge["to"]]
        if a != b:
            weights[(a, b) if a < b else (b, a)] += 1
    classes.add_edges_from((a, b, {"weight": w}) for (a, b), w in sorted(weights.items()))
    positions = layout_positions(classes, spacing=240.0)
    labels = {
        name: f"{_short(name, 28)} ({len(by_class[name]):,})"
        if len(by_class[name]) > 1
        else vis_nodes[by_class[name][0]]["label"]
        for name in classes.nodes
    }
    sizes = {
        name: _group_size(len(by_class[name])) if len(by_class[name]) > 1 else vis_nodes[by_class[name][0]]["size"]
        for name in classes.nodes
    }
    positions = _apart(positions, {n: _label_box(labels[n], sizes[n]) for n in classes.nodes})
    groups = []
    for name in classes.nodes:
        members = by_class[name]
        x, y = positions[name]
        if len(members) == 1:
            vis_nodes[members[0]]["x"], vis_nodes[members[0]]["y"] = x, y
            continue
        style = look.get(name, {"colour": _OTHER_STYLE.colour, "shape": _OTHER_STYLE.shape})
        groups.append(
            {
                "id": "group:" + name,
                "name": _short(name, 28),
                "label": labels[name],
                "title": f"{len(members):,} × {name}: click to open",
                "colour": style["colour"],
                "shape": style["shape"],
                "size": sizes[name],
                "x": x,
                "y": y,
                "members": members,
            }
        )
    return groups


def _group_links(groups: list[dict[str, Any]], vis_edges: list[dict[str, Any]]) -> list[list[Any]]:
    """[from, to, number of links] for each pair of drawn ends with a closed group at one end at least."""
    of = {i: g["id"] for g in groups for i in g["members"]}
    counts: dict[tuple[Any, Any], int] = defaultdict(int)
    for edge in vis_edges:
        a, b = of.get(edge["from"], edge["from"]), of.get(edge["to"], edge["to"])
        if a != b and (isinstance(a, str) or isinstance(b, str)):
            counts[(a, b)] += 1
    return [[a, b, n] for (a, b), n in counts.items()]


def _group_size(members: int) -> float:
    return round(14 + 5 * math.log2(max(members, 1)), 1)


def _label_box(label: str, size: float, font: float = 22.0, wrap: float = 190.0) -> tuple[float, float]:
    """Width and height a group takes on the page: its shape, and its label below it, which
    vis-network wraps at ``wrap`` pixels (``widthConstraint``), with a margin around both."""
    lines = [line for part in label.split("\n") for line in _wrapped(part, int(wrap / (0.58 * font)))]
    width = max([2 * size] + [0.62 * font * len(line) for line in lines])
    return min(width, wrap) + 40, 2 * size + 1.25 * font * len(lines) + 40


def _wrapped(text: str, columns: int) -> list[str]:
    import textwrap

    return textwrap.wrap(text, max(columns, 1)) or [""]


def _apart(
    positions: Mapping[Hashable, tuple[float, float]], boxes: Mapping[Hashable, tuple[float, float]]
) -> dict[Hashable, tuple[float, float]]:
    """The positions moved so that no two boxes overlap (a few dozen groups: pairwise pushes)."""
    pos = {n: list(p) for n, p in positions.items()}
    names = sorted(pos, key=str)
    for _ in range(200):
        moved = False
        for i, a in enumerate(names):
            for b in names[i + 1 :]:
                dx, dy = pos[b][0] - pos[a][0], pos[b][1] - pos[a][1]
                overlap_x = (boxes[a][0] + boxes[b][0]) / 2 - abs(dx)
                overlap_y = (boxes[a][1] + boxes[b][1]) / 2 - abs(dy)
                if overlap_x <= 0 or overlap_y <= 0:
                    continue
                moved = True
                if overlap_x / boxes[a][0] < overlap_y / boxes[a][1]:  # the smaller push apart
                    push = (overlap_x / 2 + 1) * (1 if dx >= 0 else -1)
                    pos[a][0] -= push
                    pos[b][0] += push
                else:
                    push = (overlap_y / 2 + 1) * (1 if dy >= 0 else -1)
                    pos[a][1] -= push
                    pos[b][1] += push
        if not moved:
            break
    return {n: (round(p[0], 1), round(p[1], 1)) for n, p in pos.items()}


def _node_info(data: Mapping[str, Any], dates: str, sentences: dict[Any, int]) -> dict[str, Any]:
    out: dict[str, Any] = {
        "label": str(data.get("label", "")),
        "iri": str(data.get("iri", "")),
        "curie": str(data.get("curie", "")),
        "class": str(data.get("class_label", "")),
    }
    for key, name in (
        ("status_label", "status"),
        ("start_date", "start"),
        ("end_date", "end"),
        ("date", "date"),
        ("attributed_to", "attributedTo"),
        ("attribution_mode", "attributionMode"),
    ):
        if data.get(key):
            out[name] = str(data[key])
    if dates:
        out["dates"] = dates
    history = data.get("status_history") or ()
    if len(history) > 1:
        out["statusHistory"] = [[r.article_date or "", r.label] for r in history]
    mentions = data.get("mentions") or ()
    if mentions:
        out["mentions"] = [sentences.setdefault(m, len(sentences)) for m in mentions]
    facts = data.get("facts") or ()
    if facts:
        out["facts"] = [[f.label, f.value] for f in facts]
    if data.get("details_left_out"):  # build_graph's detail_limit: the panel says what is missing and how to see it
        out["leftOut"] = int(data.get("mention_count") or 0)
    return out


def _linkable(url: str | None) -> bool:
    """A web address, or a path relative to the page (an article's text in the graph folder); never a
    file:/// URL or any other scheme."""
    text = str(url or "")
    return text.lower().startswith(("https://", "http://")) or (
        bool(text) and ":" not in text.split("/", 1)[0] and not text.startswith(("/", "\\"))
    )


# ----- the HTML -------------------------------------------------------------------------------


def _script_json(value: Any) -> str:
    """JSON safe inside a <script> element: no tag, comment or line-separator can break out."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=False)
    return (
        text.replace("&", "\\u0026")
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def asset_files() -> dict[str, Path]:
    """Where the page's four files are: vis-network's script and stylesheet (in the pyvis
    package) and ours (``vis_js``, ``vis_css``, ``app_js``, ``app_css``); a server serves these."""
    vis = _pyvis_folder() / _VIS_DIR
    ours = resources.files("relgraph") / "templates"
    return {
        "vis_js": Path(str(vis / "vis-network.min.js")),
        "vis_css": Path(str(vis / "vis-network.css")),
        "app_js": Path(str(ours / "graph.js")),
        "app_css": Path(str(ours / "graph.css")),
    }


@cache
def _assets() -> dict[str, str]:
    """vis-network from the pyvis package, our script and template, read once."""
    vis = _pyvis_folder() / _VIS_DIR
    ours = resources.files("relgraph") / "templates"
    assets = {
        "vis_js": (vis / "vis-network.min.js").read_text(encoding="utf-8"),
        "vis_css": (vis / "vis-network.css").read_text(encoding="utf-8"),
        "app_js": (ours / "graph.js").read_text(encoding="utf-8"),
        "app_css": (ours / "graph.css").read_text(encoding="utf-8"),
    }
    # vis-network 9.1.2 (core-js) builds an iframe document from the string "<script>"; the same
    # string written "\x3cscript>" keeps the page's only script tags its own.
    assets["vis_js"] = assets["vis_js"].replace('"<script>"', '"\\x3cscript>"')
    for name, text in assets.items():
        lowered = text.lower()
        if "<script" in lowered or "</script" in lowered or "</style" in lowered or "<!--" in lowered:
            raise RelgraphError(f"The bundled {name} contains a closing tag and cannot be inlined; reinstall relgraph.")
    return assets


def _pyvis_folder() -> Path:
    """The installed pyvis package's folder, found without importing it (its __init__ imports IPython)."""
    spec = importlib.util.find_spec("pyvis")
    if spec is None or not spec.submodule_search_locations:
        raise RelgraphError("pyvis is not installed; it carries the vis-network library the graph page needs.")
    return Path(next(iter(spec.submodule_search_locations)))


def _csp_hash(script: str) -> str:
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def _vis_options(physics: bool, seed: int) -> dict[str, Any]:
    return {
        "autoResize": True,
        "layout": {"randomSeed": seed, "improvedLayout": False},
        "nodes": {
            "font": {
                "size": 18,
                "face": "system-ui, sans-serif",
                "color": "#1b2631",
                "strokeWidth": 3,
                "strokeColor": "#ffffff",
            },
            "widthConstraint": {"maximum": 190},
            "scaling": {"label": {"drawThreshold": 6}},
        },
        "edges": {
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
            "color": {"color": "#a6acaf", "highlight": "#34495e", "hover": "#34495e", "inherit": False},
            "font": {"size": 11, "color": "#5d6d7e", "strokeWidth": 3, "strokeColor": "#ffffff", "align": "middle"},
            "smooth": {"enabled": physics, "type": "continuous", "roundness": 0.2},
            "width": 1,
            "selectionWidth": 2,
            "scaling": {"label": {"drawThreshold": 7}},
        },
        "interaction": {
            "hover": True,
            "tooltipDelay": 150,
            "navigationButtons": False,
            "keyboard": {"enabled": True, "bindToWindow": False},
            "hideEdgesOnDrag": not physics,
        },
        "physics": {
            "enabled": physics,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {
                "gravitationalConstant": -160,
                "centralGravity": 0.01,
                "springLength": 170,
                "springConstant": 0.05,
                "damping": 0.5,
                "avoidOverlap": 0.8,
            },
            "minVelocity": 1.0,
            "stabilization": {"enabled": True, "iterations": 400, "updateInterval": 50, "fit": True},
        },
    }


def graph_page(
    graph: nx.MultiDiGraph,
    *,
    title: str | None = None,
    seed: int = 0,
    command: str | None = None,
    asset_urls: Mapping[str, str] | None = None,
) -> str:
    """The graph page for ``graph`` as HTML text.

    Without ``asset_urls`` the page is one self-contained file (what ``render_html`` writes):
    vis-network and our script are inlined and allowed by hash. With them (``relgraph serve``)
    the page loads the same files from those URLs (keys ``vis_js``, ``vis_css``, ``app_js``,
    ``app_css``) and leaves its Content Security Policy to the server's headers.
    """
    from jinja2 import Environment, PackageLoader, select_autoescape
    from markupsafe import Markup

    from relgraph.version import __version__

    if graph.number_of_nodes() == 0:
        raise RelgraphError("Nothing to draw: the graph has no nodes.")
    selection = str(graph.graph.get("selection", ""))
    source = str(graph.graph.get("source", ""))
    title = title or "relgraph: " + (selection or "graph")
    generator = f"relgraph {__version__} (pyvis, vis-network 9.1.2)"
    meta = {
        "title": title,
        "selection": selection,
        "source": source,
        "articles": graph.graph.get("articles"),
        "seed": seed,
        "generator": generator,
        "command": command or "",
        "details": _details_left_out(graph),
    }
    payload = _payload(page_data(graph, seed=seed), seed, meta)
    env = Environment(
        loader=PackageLoader("relgraph", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        keep_trailing_newline=True,
    )
    inline: dict[str, object] = {}
    csp = ""
    if asset_urls is None:
        assets = _assets()
        inline = {name: Markup(text) for name, text in assets.items()}
        csp = _inline_csp(assets)
    return env.get_template("graph.html").render(
        title=title,
        generator=generator,
        selection=selection,
        source=source,
        command=command or "",
        seed=seed,
        node_count=graph.number_of_nodes(),
        edge_count=graph.number_of_edges(),
        csp=csp,
        inline=inline,
        urls=asset_urls or {},
        data_json=Markup(_script_json(payload)),
        details=meta["details"],
    )


def _details_left_out(graph: nx.MultiDiGraph) -> dict[str, Any] | None:
    """What ``build_graph`` left out (its ``detail_limit``), for the page's note, or None."""
    found = graph.graph.get("details")
    if not found or not found.get("left_out"):
        return None
    return {
        "limit": int(found["limit"]),
        "leftOut": int(found["left_out"]),
        "nodes": graph.number_of_nodes(),
        "chosen": str(found.get("chosen", "")),
    }


def _payload(page: Mapping[str, Any], seed: int, meta: Mapping[str, Any]) -> dict[str, Any]:
    """What the page's script reads (the JSON block): the page data, vis options and the footer's facts.

    What pyvis's Network.get_network_data() hands its templates is these very lists and options
    (it only holds them); importing pyvis.network also imports IPython and jsonpickle, about a
    quarter of the CPU a 2,000-node page took, so the page takes vis-network from pyvis's package
    data (_assets) and the data from here.
    """
    return {
        "nodes": page["nodes"],
        "edges": page["edges"],
        "colours": page["colours"],
        "info": page["info"],
        "sentences": page["sentences"],
        "options": _vis_options(page["physics"], seed),
        "physics": page["physics"],
        "legend": page["legend"],
        "statuses": page["statuses"],
        "clusters": page["clusters"],
        "groupLinks": page["groupLinks"],
        "meta": dict(meta),
    }


def _inline_csp(assets: Mapping[str, str]) -> str:
    """The self-contained page's policy: its own two scripts (by hash), inline styles, no requests."""
    return "; ".join(
        [
            "default-src 'none'",
            f"script-src {_csp_hash(assets['vis_js'])} {_csp_hash(assets['app_js'])}",
            "style-src 'unsafe-inline'",
            "img-src data:",
            "font-src 'none'",
            "connect-src 'none'",
            "base-uri 'none'",
            "form-action 'none'",
        ]
    )


def render_html(
    graph: nx.MultiDiGraph,
    *,
    output: str | Path,
    title: str | None = None,
    seed: int = 0,
    command: str | None = None,
) -> Path:
    """Write the graph page for ``graph`` to ``output`` (one offline HTML file) and return its path.

    ``command`` is how the page was asked for (shown in its footer, with the graph
    folder and the selection the graph was built from).
    """
    text = graph_page(graph, title=title, seed=seed, command=command)
    path = Path(output)
    write_atomic(path, text.encode("utf-8"))
    return path
