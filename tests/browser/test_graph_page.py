"""The graph page in a real browser: Debian's Chromium, headless, with the network blocked.

Playwright drives /usr/bin/chromium (never a browser it downloads). Every request
that is not for a file:// URL is aborted and recorded; the page must make none.
Screenshots go to tests/artifacts/ (git-ignored) for a person to look at.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx
import pytest

from relgraph.model.namespaces import RELD
from relgraph.store import load_dataset
from relgraph.views.graphview import build_graph
from relgraph.views.visualise import PHYSICS_NODE_LIMIT, render_html

from ..conftest import REPO
from ..test_render import HOSTILE_LABELS, HOSTILE_SENTENCE, make_hostile_project

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
ARTIFACTS = REPO / "tests" / "artifacts"
BSD_SESSION = RELD + "bsd-session-1"


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(
            "Debian's chromium is not installed (/usr/bin/chromium); 'apt-get install chromium' or scripts/test.sh"
        )
    sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS, headless=True)
        yield browser
        browser.close()


@dataclass
class Visit:
    """An open page and everything it did that it should not have."""

    page: object
    blocked: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def evaluate(self, script: str, arg=None):
        return self.page.evaluate(script, arg)

    def wait_until(self, expression: str, timeout: float = 30.0) -> None:
        # Polled from Python: the page's CSP forbids eval, which wait_for_function relies on.
        deadline = time.monotonic() + timeout
        while not self.page.evaluate(expression):
            if time.monotonic() > deadline:
                raise AssertionError(f"the page never reached: {expression}")
            time.sleep(0.05)

    def node_id(self, iri: str) -> int:
        node = self.evaluate("(iri) => relgraph.nodeIdByIri(iri)", iri)
        assert node is not None, iri
        return node

    def click_node(self, iri: str) -> None:
        """Click the node where it is drawn on the canvas, as a person would."""
        node = self.node_id(iri)
        point = self.evaluate(
            "(id) => relgraph.network.canvasToDOM(relgraph.network.getPositions([id])[id])",
            node,
        )
        box = self.page.locator("#network").bounding_box()
        self.page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
        self.wait_until("!document.getElementById('details').hidden")

    def clean(self) -> bool:
        return not (self.blocked or self.failed or self.console_errors or self.page_errors or self.dialogs)


@pytest.fixture
def visit(browser):
    contexts = []

    def open_page(path: Path) -> Visit:
        context = browser.new_context(viewport={"width": 1500, "height": 900})
        contexts.append(context)
        page = context.new_page()
        seen = Visit(page)

        def route(route):
            if route.request.url.startswith("file:"):
                route.continue_()
            else:
                seen.blocked.append(route.request.url)
                route.abort()

        page.route("**/*", route)
        page.on("requestfailed", lambda request: seen.failed.append(request.url))
        page.on("console", lambda msg: seen.console_errors.append(msg.text) if msg.type == "error" else None)
        page.on("pageerror", lambda error: seen.page_errors.append(str(error)))

        def on_dialog(dialog):
            seen.dialogs.append(dialog.message)
            dialog.dismiss()

        page.on("dialog", on_dialog)
        page.goto(path.resolve().as_uri())
        seen.wait_until("!!(window.relgraph && window.relgraph.settled)")
        return seen

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture(scope="module")
def bundled(dataset, tmp_path_factory):
    graph = build_graph(dataset)
    path = render_html(graph, output=tmp_path_factory.mktemp("browser") / "graph.html", command="relgraph render")
    return graph, path


def test_bundled_page_loads_offline_and_draws_the_whole_graph(bundled, visit):
    graph, path = bundled
    page = visit(path)
    assert page.clean(), (page.blocked, page.failed, page.console_errors, page.page_errors, page.dialogs)
    assert page.evaluate("relgraph.nodeCount") == graph.number_of_nodes()
    assert page.evaluate("relgraph.edges.length") == graph.number_of_edges()
    # What vis-network actually placed on the canvas, not only what it was given.
    assert page.evaluate("Object.keys(relgraph.network.getPositions()).length") == graph.number_of_nodes()
    assert page.evaluate("relgraph.network.body.edgeIndices.length") == graph.number_of_edges()
    # The layout settled and stopped.
    assert page.evaluate("relgraph.settledAfterMs") < 5000
    assert page.evaluate("relgraph.network.physics.physicsEnabled") is False
    assert page.page.title() == "relgraph: whole instance graph"
    assert "Dialogue session" in page.page.inner_text("#legend")


def test_clicking_the_inaugural_session_shows_its_dates_and_sentence(bundled, visit):
    _, path = bundled
    page = visit(path)
    page.click_node(BSD_SESSION)
    details = page.page.inner_text("#details")
    assert "Inaugural session of the Kenya–US Bilateral Strategic Dialogue, 7–8 May 2019" in details
    assert "Dialogue session" in details
    assert "2019-05-07" in details and "2019-05-08" in details
    assert "planned" in details
    assert (
        "The meeting set to be held between May 7 and 8 is said to be key to elevating Kenya-US relations "
        "to a Strategic Partnership." in details
    )
    assert "Monica Juma" in details
    link = page.page.locator("#details .cite a").first
    assert link.get_attribute("href") == "data/articles/article-2019-05-03-kenya-us-bsd.txt"  # relative (issue 14)
    # Its neighbourhood is highlighted: Kenya stays lit, a commitment is dimmed.
    kenya = page.node_id(RELD + "kenya")
    commitment = page.node_id(RELD + "commitment-stronger-diplomatic-partnership")
    dimmed = page.evaluate("(id) => relgraph.nodes.get(id).color.background", commitment)
    lit = page.evaluate("(id) => relgraph.nodes.get(id).color.background", kenya)
    assert dimmed == "#eef0f2" and lit != dimmed
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.page.screenshot(path=str(ARTIFACTS / "graph-page.png"))
    assert page.clean(), (page.console_errors, page.page_errors)


def test_search_physics_and_legend(bundled, visit):
    graph, path = bundled
    page = visit(path)
    page.page.fill("#search", "juma")
    assert page.page.inner_text("#matches").startswith("Monica Juma")
    page.page.press("#search", "Enter")
    page.wait_until("!document.getElementById('details').hidden")
    assert page.page.inner_text("#details h2") == "Monica Juma"
    assert page.evaluate("relgraph.network.getSelectedNodes()") == [page.node_id(RELD + "monica-juma")]
    page.page.click("#physics")
    assert page.page.get_attribute("#physics", "aria-pressed") == "true"
    assert page.evaluate("relgraph.network.physics.physicsEnabled") is True
    page.page.click("#physics")
    assert page.evaluate("relgraph.network.physics.physicsEnabled") is False
    page.page.locator("#legend-classes button", has_text="State").first.click()
    states = sum(1 for _, data in graph.nodes(data=True) if data.get("class_label") == "State")
    assert states >= 2  # Kenya and the United States at least
    assert page.evaluate("relgraph.nodes.get({filter: n => n.hidden}).length") == states
    page.page.click("#clear")
    assert page.page.is_hidden("#details")
    assert page.clean(), (page.console_errors, page.page_errors)


def test_hostile_labels_show_as_text_and_run_nothing(tmp_path, visit):
    project = make_hostile_project(tmp_path / "hostile")
    graph = build_graph(load_dataset(project))
    path = render_html(graph, output=tmp_path / "hostile.html", title=HOSTILE_LABELS["article"])
    page = visit(path)
    assert page.page.title() == HOSTILE_LABELS["article"]
    for key in ("state", "meeting", "person"):
        iri = {"state": RELD + "evil-state", "meeting": RELD + "evil-meeting", "person": RELD + "evil-person"}[key]
        page.click_node(iri)
        assert page.evaluate("document.querySelector('#details h2').textContent") == HOSTILE_LABELS[key]
    page.click_node(RELD + "evil-meeting")
    assert page.evaluate("document.querySelector('#details blockquote').textContent") == HOSTILE_SENTENCE
    assert page.page.locator("#details .cite a").count() == 0  # javascript: is never a link
    page.page.fill("#search", "onerror")
    assert HOSTILE_LABELS["state"] in page.page.inner_text("#matches")
    # Hover tooltips are text too.
    page.page.mouse.move(0, 0)
    assert page.evaluate("document.querySelectorAll('img, iframe, object, embed').length") == 0
    assert page.evaluate("document.scripts.length") == 3
    assert page.dialogs == []
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.page.screenshot(path=str(ARTIFACTS / "hostile-page.png"))
    assert page.clean(), (page.blocked, page.console_errors, page.page_errors)


def test_a_large_graph_opens_with_precomputed_positions(tmp_path, visit):
    graph = nx.MultiDiGraph()
    count = 1500
    for i in range(count):
        graph.add_node(f"urn:n:{i}", label=f"Node {i}", class_label="Thing", kind="instance")
    for i in range(1, count):
        graph.add_edge(f"urn:n:{i}", f"urn:n:{(i * 37) % i}", key="urn:p", label="links to")
    assert count > PHYSICS_NODE_LIMIT
    path = render_html(graph, output=tmp_path / "large.html")
    page = visit(path)
    assert page.evaluate("relgraph.nodeCount") == count and page.evaluate("relgraph.drawnCount()") == 1  # one class
    assert page.evaluate("relgraph.edgeCount") == count - 1
    assert page.evaluate("relgraph.network.physics.physicsEnabled") is False
    assert page.evaluate("relgraph.settledAfterMs") < 10000
    assert page.clean(), (page.console_errors, page.page_errors)


def _overlaps(boxes: list[dict]) -> list[tuple[int, int]]:
    """Pairs of boxes (node and label, in canvas units) that overlap."""
    found = []
    for i, a in enumerate(boxes):
        for j in range(i + 1, len(boxes)):
            b = boxes[j]
            if a["left"] < b["right"] and b["left"] < a["right"] and a["top"] < b["bottom"] and b["top"] < a["bottom"]:
                found.append((i, j))
    return found


def test_a_5000_node_page_opens_on_class_groups_readable_and_quick(tmp_path, visit):
    """Above CLUSTER_NODE_LIMIT nodes the page opens on one node per class, labels apart, not on 5,000 nodes;
    a click on a group opens it in place, and selecting a node among thousands answers within 100 ms."""
    from relgraph.paths import Project
    from relgraph.synthetic import generate_corpus
    from relgraph.views.visualise import CLUSTER_NODE_LIMIT

    root = generate_corpus(tmp_path / "corpus", triples=300_000, seed=0).root
    graph = build_graph(load_dataset(Project(root)))
    assert graph.number_of_nodes() >= 5000 and graph.number_of_nodes() > 10 * CLUSTER_NODE_LIMIT
    page = visit(render_html(graph, output=tmp_path / "large.html"))
    assert page.evaluate("relgraph.nodeCount") == graph.number_of_nodes()
    drawn = page.evaluate("relgraph.drawnCount()")
    groups = page.evaluate("relgraph.groups.map(g => g.label)")
    # What vis-network holds, not only what the page says: a few dozen groups, not 5,000 nodes.
    assert page.evaluate("relgraph.network.body.nodeIndices.length") == drawn
    assert drawn <= 40 and len(groups) >= 10, (drawn, groups)
    assert any(label.startswith("State (") for label in groups) and any(
        label.startswith("Person (") for label in groups
    )
    assert "grouped by class into" in page.evaluate("document.getElementById('status-line').textContent")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.page.screenshot(path=str(ARTIFACTS / "graph-page-5000.png"))  # docs/img/graph-page-large.png is one
    boxes = page.evaluate("relgraph.network.body.nodeIndices.map(id => relgraph.network.getBoundingBox(id))")
    assert _overlaps(boxes) == [], "labels of the opening view overlap"

    # A person's click on the State group opens it where it stands.
    state_group = next(g for g in page.evaluate("relgraph.groups.map(g => g.id)") if g.startswith("group:State"))
    members = page.evaluate("(id) => relgraph.groups.find(g => g.id === id).members.length", state_group)
    point = page.evaluate("(id) => relgraph.network.canvasToDOM(relgraph.network.getPositions([id])[id])", state_group)
    box = page.page.locator("#network").bounding_box()
    page.page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
    batch = page.evaluate("relgraph.batch")
    assert members > batch  # ~250 states: the best connected first, the rest stay behind the group
    page.wait_until(f"relgraph.drawnCount() === {drawn + batch}")
    rest = page.evaluate("(id) => relgraph.nodes.get(id).label", state_group)
    assert rest == f"State ({members - batch} more)"
    assert "opened" in page.evaluate("document.getElementById('status-line').textContent")
    page.page.screenshot(path=str(ARTIFACTS / "graph-page-5000-states-open.png"))
    # Drawn labels meet no other label or shape: those that did not fit were left out (hover shows them).
    labelled = page.evaluate(
        "relgraph.network.body.nodeIndices.filter(id => relgraph.network.body.nodes[id].options.label)"
    )
    boxes = page.evaluate("(ids) => ids.map(id => relgraph.network.getBoundingBox(id))", labelled)
    overlapping = [
        (
            page.evaluate(
                "(ids) => ids.map(id => relgraph.network.body.nodes[id].options.label)", [labelled[i], labelled[j]]
            ),
            boxes[i],
            boxes[j],
        )
        for i, j in _overlaps(boxes)
    ]
    assert overlapping == [], "labels overlap after opening a group"
    assert len(boxes) > drawn + batch / 2, "most of the states keep their labels"

    person_group = next(g for g in page.evaluate("relgraph.groups.map(g => g.id)") if g.startswith("group:Person"))
    opened = page.evaluate(
        "(id) => { const t = performance.now(); relgraph.openGroup(id); relgraph.network.redraw();"
        " return [performance.now() - t, relgraph.drawnCount()]; }",
        person_group,
    )
    assert opened[1] == drawn + 2 * batch, opened
    assert opened[0] < 1000, f"opening the people took {opened[0]:.0f} ms"  # benchmarks/RENDER.md has the figure
    select = (
        "(id) => { const t = performance.now(); relgraph.selectNode(id, {focus: false}); relgraph.network.redraw();"
        " return performance.now() - t; }"
    )
    page.evaluate(select, page.node_id(RELD + "united-states"))  # the first click also compiles the code it runs
    times = sorted(page.evaluate(select, page.node_id(RELD + name)) for name in ("fra", "deu", "kenya"))
    assert times[1] < 100, f"selecting a node took {times} ms"  # the median of three
    assert page.evaluate("document.querySelector('#details h2').textContent") == "Kenya"
    assert page.clean(), (page.blocked, page.failed, page.console_errors, page.page_errors)


def test_a_node_whose_details_were_left_out_says_so_and_how_to_see_them(dataset, tmp_path, visit):
    from relgraph.views.graphview import Selection

    graph = build_graph(dataset, selection=Selection(focus="Kenya", depth=1), detail_limit=3)
    left_out = sorted(n for n, d in graph.nodes(data=True) if d.get("details_left_out") and d["mention_count"])
    assert left_out and len(graph) > 3
    page = visit(render_html(graph, output=tmp_path / "limited.html", command="relgraph render --focus Kenya"))
    assert page.clean(), (page.console_errors, page.page_errors)
    note = page.page.inner_text("#left-out")
    assert f"the 3 nodes nearest to the focus; those of the other {len(graph) - 3}" in note
    node = left_out[0]
    page.evaluate("(id) => relgraph.selectNode(id, {focus: false})", page.node_id(node))
    details = page.evaluate("document.getElementById('details').textContent")
    assert "Not in this page" in details and graph.nodes[node]["label"] in details
    count = graph.nodes[node]["mention_count"]
    assert f"({count} sentence{' states' if count == 1 else 's state'} facts about it)" in details
    curie = graph.nodes[node]["curie"]
    assert page.page.inner_text("#details pre.command") == f"relgraph render --focus {curie} --depth 0 -o node.html"
    assert "Supporting sentence" not in details
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.page.screenshot(path=str(ARTIFACTS / "graph-page-left-out.png"))
    page.evaluate("(id) => relgraph.selectNode(id, {focus: false})", page.node_id(RELD + "kenya"))
    details = page.evaluate("document.getElementById('details').textContent")
    assert "Not in this page" not in details and "Supporting sentence" in details
