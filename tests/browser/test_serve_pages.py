"""relgraph serve's pages in a real browser: Debian's Chromium, headless, driven by Playwright.

Each page is opened on a server of the test process (127.0.0.1); every request that does not go to
that server is aborted and recorded, and the page must make none, log no error and open no dialog.
Screenshots go to tests/artifacts/serve-*.png for a person to look at (the docs use some of them).
"""

from __future__ import annotations

import shutil
import time
from dataclasses import dataclass, field

import pytest

from relgraph.model.namespaces import PREFIXES, RELD
from relgraph.query.queries import run_query
from relgraph.server import ServeSettings
from relgraph.store import load_dataset

from ..conftest import REPO
from ..serving import running_server
from ..test_render import HOSTILE_LABELS, HOSTILE_SENTENCE, make_hostile_project
from .test_graph_page import CHROMIUM, CHROMIUM_FLAGS

pytestmark = pytest.mark.browser

ARTIFACTS = REPO / "tests" / "artifacts"


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


@pytest.fixture(scope="module")
def base(repo_project):
    dataset = load_dataset(repo_project)
    with running_server(dataset, ServeSettings(page_rows=5)) as url:
        yield url
    dataset.close()


ARTICLE_DATES = """
SELECT ?article ?published WHERE { ?article a rel:Article ; schema:datePublished ?published }
ORDER BY ?published"""


@dataclass(frozen=True)
class Bundled:
    """What the bundled graph says, read through the library: what the pages must show."""

    article_dates: list[str]  # oldest first
    dyad_mean: float  # Kenya-United States, as dyad_scores gives it
    dyad_items: int
    timeline_starts: list[str]  # dyad_timeline's example, in its order


@pytest.fixture(scope="module")
def bundled(repo_project) -> Bundled:
    """Read before the browser starts and closed at once: a query child forked later would hold
    Playwright's pipes open and hang its shutdown."""
    dataset = load_dataset(repo_project)
    try:
        dates = [published.value for _, published in dataset.select(ARTICLE_DATES).rows]
        scores = run_query(dataset, "dyad_scores").result.records()
        row = next(
            r for r in scores if {r["state_a"].value, r["state_b"].value} == {RELD + "kenya", RELD + "united-states"}
        )
        timeline = run_query(dataset, "dyad_timeline", use_example=True).result.records()
        starts = [r["start"].value for r in timeline if r["start"] is not None]  # undated ones come last
        return Bundled(dates, float(row["goldstein_mean"].value), int(row["items"].value), starts)
    finally:
        dataset.close()


@dataclass
class Tab:
    """An open page and everything it did that it should not have."""

    page: object
    base: str
    blocked: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def wait_until(self, expression: str, timeout: float = 20.0, frame=None) -> None:
        # Polled from Python: the pages' CSP forbids eval, which wait_for_function relies on.
        target = frame or self.page
        deadline = time.monotonic() + timeout
        while not target.evaluate(expression):
            if time.monotonic() > deadline:
                raise AssertionError(f"the page never reached: {expression}")
            time.sleep(0.05)

    def shot(self, name: str) -> None:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"serve-{name}.png"), full_page=False)

    def assert_clean(self, *, answered_with_error: bool = False) -> None:
        """No request left, no error, no dialog. ``answered_with_error``: the page itself is an error
        answer (a 400), which Chromium logs as a failed load; nothing else may be logged."""
        assert not self.blocked, f"requests left the page: {self.blocked}"
        errors = self.console_errors
        if answered_with_error:
            errors = [
                e
                for e in errors
                if not e.startswith("Failed to load resource: the server responded with a status of 400")
            ]
        assert not errors, errors
        assert not self.page_errors, self.page_errors
        assert not self.dialogs, f"a dialog opened (script ran): {self.dialogs}"


@pytest.fixture
def tab(browser):
    contexts = []

    def open_tab(base: str, path: str) -> Tab:
        context = browser.new_context(viewport={"width": 1400, "height": 950})
        contexts.append(context)
        page = context.new_page()
        seen = Tab(page, base)

        def route(route):
            url = route.request.url
            if url.startswith(base + "/") or url.startswith("data:"):
                route.continue_()
            else:
                seen.blocked.append(url)
                route.abort()

        context.route("**/*", route)
        page.on("console", lambda msg: seen.console_errors.append(msg.text) if msg.type == "error" else None)
        page.on("pageerror", lambda error: seen.page_errors.append(str(error)))

        def on_dialog(dialog):
            seen.dialogs.append(dialog.message)
            dialog.dismiss()

        page.on("dialog", on_dialog)
        page.goto(base + path)
        return seen

    yield open_tab
    for context in contexts:
        context.close()


def test_home_search_typeahead_to_an_entity(bundled, base, tab):
    dates = bundled.article_dates
    assert len(dates) >= 8  # the bundled texts, 2018-2024
    t = tab(base, "/")
    assert f"{len(dates)} articles" in t.page.inner_text("#counts")
    articles = t.page.inner_text("#articles")
    assert articles.index(dates[-1]) < articles.index(dates[0])  # newest first
    assert "Kenya – United States" in t.page.inner_text("#dyads")
    t.page.fill("#home-search", "jum")
    t.wait_until("document.querySelectorAll('ul.typeahead li').length > 0")
    options = t.page.locator("ul.typeahead li").all_inner_texts()
    assert options[0].startswith("Monica Juma")
    t.shot("home")
    t.page.keyboard.press("ArrowDown")
    t.page.keyboard.press("Enter")
    t.page.wait_for_url(base + "/id/monica-juma")
    assert t.page.inner_text("#entity-label") == "Monica Juma"
    said = t.page.inner_text("#said")
    assert "According to Juma, the dialogue will focus on Economic Prosperity" in said
    assert "reported speech" in said
    t.assert_clean()


def test_entity_page_shows_status_history_sentences_and_draws_its_graph(base, tab):
    t = tab(base, "/id/bsd-session-1")
    history = t.page.inner_text("#status-history")
    assert history.index("2019-05-03") < history.index("2019-05-08")  # planned, then the joint statement
    assert "planned" in history and "completed" in history
    facts = t.page.inner_text("#facts")
    assert "2019-05-07" in facts and "Washington, D.C." in facts
    # Fact-level evidence: the sentence that states the start date is shown under that fact.
    start_date = t.page.locator("#facts tr.fact-group", has_text="start date")
    assert "The meeting set to be held between May 7 and 8" in start_date.inner_text()
    t.page.locator("#neighbourhood").scroll_into_view_if_needed()
    frame = t.page.frame_locator("iframe.graph")
    frame.locator("#network canvas").wait_for(timeout=20_000)
    graph = next(f for f in t.page.frames if "/graph?" in f.url)
    t.wait_until("!!(window.relgraph && window.relgraph.settled)", frame=graph)
    assert graph.evaluate("relgraph.nodes.length") > 5
    assert graph.evaluate("relgraph.nodeIdByIri('https://w3id.org/relgraph/id/kenya')") is not None
    t.page.evaluate("window.scrollTo(0, 0)")
    t.shot("entity")
    t.assert_clean()


def test_article_page_highlights_sentences_and_opens_their_facts(base, tab):
    t = tab(base, "/id/article-2019-05-03-kenya-us-bsd")
    marks = t.page.locator("mark.mention")
    assert marks.count() == 13
    t.page.click("mark[data-anchor='char=374,540']")
    panel = t.page.inner_text("#mention-panel")
    assert "According to Juma, the dialogue will focus on" in panel
    assert "Said by Monica Juma" in panel and "reported speech" in panel
    assert "Inaugural session of the Kenya–US Bilateral Strategic Dialogue, 7–8 May 2019" in panel
    assert t.page.url.endswith("#char=374,540")
    t.shot("article")
    changes = t.page.inner_text("#changes")
    assert "new entity" in changes
    t.page.click("#mention-panel a:text('Monica Juma')")
    t.page.wait_for_url(base + "/id/monica-juma")
    # ... and back to the sentence from the entity's page, by the mention's IRI.
    t.page.click("#said a:has-text('According to Juma')")
    t.page.wait_for_url(base + "/id/article-2019-05-03-kenya-us-bsd#char=374,540")
    t.wait_until("document.querySelector('mark.selected') !== null")
    assert t.page.get_attribute("mark.selected", "data-anchor") == "char=374,540"
    t.assert_clean()


def test_canned_query_form_with_typeahead_paging_and_sorting(base, tab):
    t = tab(base, "/queries/who_said_what")
    speaker = t.page.locator("input[name=speaker]")
    speaker.fill("Minis")
    t.wait_until("document.querySelectorAll('ul.typeahead li').length > 0")
    t.page.locator("ul.typeahead li", has_text="Ministry of Foreign Affairs (Kenya)").first.click()
    assert speaker.input_value() == "Ministry of Foreign Affairs (Kenya)"
    t.page.click("#query-form button[type=submit]")
    t.page.wait_for_selector("#results-table")
    assert "speaker = Ministry of Foreign Affairs (Kenya)" in t.page.inner_text(".bound")
    assert t.page.locator("#results-table tbody tr").count() == 5  # a page (5 rows here)
    assert "direct quote" in t.page.inner_text("#results-table")
    # Without a speaker: 5 rows a page here, then the next page.
    t.page.goto(base + "/queries/who_said_what")
    t.page.click("#query-form button[type=submit]")
    assert t.page.inner_text("#row-count").startswith("Rows 1 to 5; more follow")
    first_page = t.page.inner_text("#results-table tbody")
    t.page.click("#next-page")
    assert t.page.inner_text("#row-count").startswith("Rows 6 to 10")
    assert t.page.inner_text("#results-table tbody") != first_page
    assert "_page=2" in t.page.url  # the address reproduces the page
    t.page.click("#results-table th a:text('mode')")
    assert "sorted by mode" in t.page.inner_text("#row-count")
    modes = t.page.locator("#results-table tbody tr td:nth-child(2)").all_inner_texts()
    assert modes == sorted(modes, key=str.casefold)
    t.shot("query")
    t.assert_clean()


def test_timeline_view_and_downloads(bundled, base, tab):
    starts = bundled.timeline_starts
    t = tab(base, "/queries/dyad_timeline?_example=1")
    timeline = t.page.inner_text("#timeline")
    shown = t.page.locator("#timeline > li > span.date").all_inner_texts()  # a page of 5 rows, by date
    assert shown and shown == sorted(shown) and shown[0] == starts[0] == "2018-08-27"
    assert "Make a visit" in timeline  # the Kenyatta-Trump meeting of that day
    csv_link = t.page.get_attribute(".downloads a:text('CSV')", "href")
    assert csv_link.startswith("/api/query/dyad_timeline?") and "_format=csv" in csv_link
    t.assert_clean()


def test_editor_runs_a_canned_example(base, tab):
    t = tab(base, "/editor")
    t.wait_until("!!window.relgraphEditor")
    t.page.select_option("#examples", "dialogue_pillars")
    t.wait_until("window.relgraphEditor.getTab().getYasqe().getValue().indexOf('hasPillar') >= 0")
    t.page.click(".yasqe_queryButton")
    t.page.wait_for_selector(".yasr table.dataTable tbody tr", timeout=20_000)
    table = t.page.inner_text(".yasr")
    assert "pillar-defence-cooperation" in table
    assert "dialogue_pillars" not in t.page.get_attribute("#share", "href")
    assert "hasPillar" in t.page.get_attribute("#share", "href")
    t.shot("editor")
    t.assert_clean()


EDITOR_STATES = (
    "PREFIX rel: <https://w3id.org/relgraph/ontology#>\nSELECT ?state WHERE { ?state a rel:State } ORDER BY ?state"
)


def _run_in_editor(t, text: str) -> None:
    t.wait_until("!!window.relgraphEditor")
    t.page.evaluate("text => window.relgraphEditor.getTab().getYasqe().setValue(text)", text)
    t.page.click(".yasqe_queryButton")


def test_editor_results_link_to_entity_pages_and_draw_as_a_graph(base, tab):
    t = tab(base, "/editor")
    _run_in_editor(t, EDITOR_STATES)
    t.page.wait_for_selector(".yasr table.dataTable tbody tr", timeout=20_000)
    kenya = t.page.locator(".yasr table.dataTable a.iri", has_text="kenya").first
    assert kenya.get_attribute("href") == "/id/kenya"  # the project's IRIs open this server's pages
    assert kenya.get_attribute("target") == "_self"
    t.page.click(".yasr .select_graph")
    frame = t.page.frame_locator(".yasr iframe.graph")
    frame.locator("#network canvas").wait_for(timeout=30_000)
    graph = next(f for f in t.page.frames if "/graph?" in f.url)
    assert "sparql=" in graph.url
    t.wait_until("!!(window.relgraph && window.relgraph.settled)", frame=graph, timeout=30)
    assert graph.evaluate("relgraph.nodeIdByIri('https://w3id.org/relgraph/id/kenya')") is not None
    assert graph.evaluate("relgraph.nodeIdByIri('https://w3id.org/relgraph/id/united-states')") is not None
    t.shot("editor-graph")
    t.page.click(".yasr .select_table")
    t.page.locator(".yasr table.dataTable a.iri", has_text="kenya").first.click()
    t.page.wait_for_url(base + "/id/kenya", timeout=20_000)
    assert t.page.inner_text("h1").strip().startswith("Kenya")
    t.assert_clean()


def test_editor_timeline_view_orders_rows_by_date(bundled, base, tab):
    t = tab(base, "/editor")
    prologue = "".join(f"PREFIX {p}: <{PREFIXES[p]}>\n" for p in ("rel", "schema"))
    _run_in_editor(t, prologue + ARTICLE_DATES.replace("ORDER BY ?published", "ORDER BY DESC(?published)"))
    t.page.wait_for_selector(".yasr .select_timeline", timeout=20_000)
    t.page.click(".yasr .select_timeline")
    t.page.wait_for_selector(".yasr ol.editor-timeline > li", timeout=20_000)
    shown = t.page.locator(".yasr ol.editor-timeline > li > span.date").all_inner_texts()
    assert shown == sorted(set(bundled.article_dates))  # oldest first, though the query sorts newest first
    first = t.page.locator(".yasr ol.editor-timeline a").first
    assert first.get_attribute("href").startswith("/id/article-")
    t.shot("editor-timeline")
    t.assert_clean()


def test_dyad_page_draws_the_cooperation_chart(bundled, base, tab):
    t = tab(base, "/dyad?a=Kenya&b=United+States")
    assert t.page.inner_text("#mean-score") == f"{bundled.dyad_mean:.2f}"
    t.wait_until("!!window.relgraphChart && document.querySelector('#chart canvas') !== null")
    assert t.page.evaluate("relgraphChart.data[0].length") == bundled.dyad_items
    assert "Defence Cooperation" in t.page.inner_text("#mechanisms")
    assert "2018-08-27" in t.page.inner_text("#dyad-timeline")
    t.shot("dyad")
    t.assert_clean()


#: The hostile article's fact that the meeting is planned, stated by its hostile sentence (fact model).
HOSTILE_ASSERTION = """
<https://w3id.org/relgraph/id/article-hostile#fact-000000000001> a rel:Assertion ;
    rel:factSubject reld:evil-meeting ;
    rel:factPredicate rel:status ;
    rel:factObject rel:Planned ;
    rel:attributedTo reld:evil-person ;
    rel:attributionMode rel:ReportedSpeech ;
    rel:reportedStatus rel:Planned ;
    rel:supportedBy <https://w3id.org/relgraph/id/article-hostile#char=0,10> .
"""


@pytest.fixture(scope="module")
def hostile_base(tmp_path_factory):
    project = make_hostile_project(tmp_path_factory.mktemp("hostile") / "graph")
    with (project.data_dir / "articles" / "article-hostile.ttl").open("a", encoding="utf-8") as ttl:
        ttl.write(HOSTILE_ASSERTION)  # the pages read a sentence's facts off its rel:Assertion
    shutil.rmtree(project.queries_dir)
    shutil.copytree(REPO / "queries", project.queries_dir)
    dataset = load_dataset(project)
    with running_server(dataset) as url:
        yield url
    dataset.close()


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/id/evil-person",
        "/id/evil-meeting",
        "/id/evil-state",
        "/id/article-hostile",
        "/search?q=%3Cimg",
        "/queries/post_holders?state=%3Cscript%3Ealert(1)%3C/script%3E",
        "/queries/entity_profile?entity=reld:evil-meeting",
        "/dyad?a=%3Cimg+src%3Dx+onerror%3Dalert(1)%3E&b=Ruritania",
        "/editor?query=%3C/script%3E%3Cscript%3Ealert(1)%3C/script%3E",
    ],
)
def test_hostile_text_is_shown_never_run(hostile_base, tab, path):
    t = tab(hostile_base, path)
    t.page.wait_for_load_state("networkidle")
    body = t.page.inner_text("body")
    assert t.page.locator("img[src=x]").count() == 0
    assert t.page.locator("a[href^='javascript:']").count() == 0
    if path == "/id/evil-person":
        assert HOSTILE_LABELS["person"].split("\u2028")[0] in body
    if path == "/id/evil-meeting":
        assert HOSTILE_LABELS["meeting"] in body and HOSTILE_SENTENCE in body
    if path == "/id/article-hostile":
        t.page.click("mark.mention")
        assert HOSTILE_SENTENCE in t.page.inner_text("#mention-panel")
    if path.startswith("/queries/post_holders"):
        assert "'<script>alert(1)</script>' is not a valid IRI" in t.page.inner_text("#query-error")
    if path.startswith("/search"):
        t.page.fill("header input[name=q]", "<img")
        t.wait_until("document.querySelectorAll('ul.typeahead li').length > 0")
        assert HOSTILE_LABELS["state"] in t.page.inner_text("ul.typeahead")
    t.assert_clean(answered_with_error=path.startswith(("/queries/post_holders", "/dyad")))
