"""The pages for people: home, search, entity (and article), canned query, editor, dyad, graph.

Server-rendered with Jinja2 (autoescaping on), so they work without JavaScript where they can;
scripts (the type-ahead, the article's sentence panel, the editor, the chart, the graph) are
static files of this server, never inline. Every blocking look-up runs through
``ServerState.run`` (the client's share, the thread pool, the time limit).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import pyoxigraph as ox
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from relgraph.browse import article_view, dyad_view, entity_profile
from relgraph.browse import evidence as q
from relgraph.browse.common import records
from relgraph.errors import EntityError, ParameterError, RelgraphError
from relgraph.model.namespaces import PREFIXES, RELD, compact_iri
from relgraph.query.entities import labels_for, resolve_entity
from relgraph.query.queries import QueryOutcome, QuerySpec
from relgraph.server.api import query_params, run_canned
from relgraph.server.errors import status_for
from relgraph.server.limits import csp_header
from relgraph.server.negotiation import FORMAT_MEDIA, GRAPH_FORMATS, choose
from relgraph.server.state import ServerState, entity_href
from relgraph.store import GraphResult, SelectResult, Term, serialize_triples

__all__ = [
    "dyad_page",
    "editor_page",
    "entity_by_iri",
    "entity_page",
    "graph_page_route",
    "home_page",
    "queries_page",
    "query_page",
    "search_page",
]

_STATUS_WORDS = {
    "Planned": "planned",
    "Completed": "completed",
    "StatedIntent": "stated intent",
    "Postponed": "postponed",
    "Cancelled": "cancelled",
}


def _state(request: Request) -> ServerState:
    return request.app.state.relgraph


def _page(state: ServerState, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    return HTMLResponse(state.render(template, settings=state.settings, **context), status_code=status)


def _text(term: Term | None, labels: dict[str, str]) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return labels.get(term.value) or compact_iri(term.value)
    return str(term.value) if isinstance(term, ox.Literal) else str(term)


# ----- home and search ------------------------------------------------------------------------


def _listing(state: ServerState, name: str, limit: int) -> tuple[list[dict[str, Term | None]], bool]:
    """The first rows of a canned listing, or none when the graph folder lacks that query."""
    if not any(spec.name == name for spec in state.queries()):
        return [], False
    outcome = run_canned(state, state.query(name), {}, example=False, limit=limit, offset=0)
    result = outcome.result
    return (result.records() if isinstance(result, SelectResult) else []), outcome.more


def _home_summary(state: ServerState) -> dict[str, Any]:
    dataset = state.dataset
    articles, more_articles = _listing(state, "articles", 20)
    dyads, more_dyads = _listing(state, "dyad_scores", 20)
    states = records(dataset, q.STATES, {}, timeout=state.settings.timeout)
    labels = labels_for(dataset, [t for row in articles + dyads for t in row.values()])
    index = state.index()
    return {
        "articles": articles,
        "more_articles": more_articles,
        "article_count": len(dataset.article_graphs()),
        "dyads": dyads,
        "more_dyads": more_dyads,
        "states": [(row["state"].value, _text(row["label"], {}) or compact_iri(row["state"].value)) for row in states],
        "entity_count": len(index),
        "triples": len(dataset),
        "labels": labels,
        "backend": dataset.kind,
    }


async def home_page(request: Request) -> Response:
    state = _state(request)
    summary = await state.run(request, lambda: state.cached("home", lambda: _home_summary(state)))
    return _page(state, "home.html", queries=state.queries(), text=_text, **summary)


async def search_page(request: Request) -> Response:
    state = _state(request)
    text = request.query_params.get("q", "")
    index = await state.run(request, state.index)
    matches = index.search(text, limit=50) if text.strip() else []
    return _page(state, "search.html", text=text, matches=matches)


# ----- entities and articles ------------------------------------------------------------------


async def entity_page(request: Request) -> Response:
    """``/id/NAME``: the page (or RDF) of ``https://w3id.org/relgraph/id/NAME``."""
    return await _entity(request, RELD + request.path_params["name"])


async def entity_by_iri(request: Request) -> Response:
    """``/entity?iri=...``: the page of any IRI (an ontology term, a Wikidata item the graph links)."""
    iri = request.query_params.get("iri", "").strip()
    if not iri:
        raise ParameterError("Give the entity's IRI: /entity?iri=...")
    if iri.startswith(RELD) and "#" not in iri:
        return RedirectResponse(entity_href(iri), status_code=301)
    try:
        ox.NamedNode(iri)
    except ValueError as exc:
        raise ParameterError(f"{iri!r} is not an IRI ({exc}).") from exc
    return await _entity(request, iri)


async def _entity(request: Request, iri: str) -> Response:
    state = _state(request)
    asked = request.query_params.get("format", "").strip().lower()
    fmt = asked if asked in GRAPH_FORMATS else choose(request.headers.get("accept"), ("html", *GRAPH_FORMATS))
    if fmt is None:
        return Response(
            "This entity is available as HTML, Turtle, N-Triples or JSON-LD.\n",
            status_code=406,
            media_type="text/plain",
        )
    if fmt != "html":
        return await _entity_rdf(request, state, iri, fmt)
    headers = {"Vary": "Accept", "Link": _alternates(request, iri)}
    key = ("entity", iri)
    stamp = state.fresh()
    kept = state.page(key)  # pages are kept for the graph as it is (ServerState.fresh drops them when it moves)
    if kept is not None:
        return HTMLResponse(kept, headers=headers)

    try:  # look-ups and rendering in a query child, in one round trip: a page takes the event loop from no one
        html = await state.run(request, lambda: state.in_child(_entity_html, state.key, iri))
    except EntityError:
        index = await state.run(request, state.index)
        local = iri.rsplit("/", 1)[-1].rsplit("#", 1)[-1].replace("-", " ")
        suggestions = index.search(local, limit=8)
        return _page(state, "missing.html", 404, iri=iri, suggestions=suggestions)
    state.keep_page(key, stamp, html)
    return HTMLResponse(html, headers=headers)


def _entity_html(key: int, iri: str) -> str:
    """The page of ``iri`` (an entity's, or an article's), built from the graph by the state ``key``
    (``ServerState.in_child``: in a query child, whose queries run in it)."""
    state = ServerState.live(key)
    profile = entity_profile(state.dataset, iri, timeout=state.settings.timeout)
    if profile.is_article:
        return _article_html(state, iri)
    return state.render(
        "entity.html", settings=state.settings, p=profile, status_words=_STATUS_WORDS, graph_src=_graph_src(iri)
    )


def _alternates(request: Request, iri: str) -> str:
    return ", ".join(f'<{entity_href(iri)}>; rel="alternate"; type="{FORMAT_MEDIA[f]}"' for f in GRAPH_FORMATS)


def _graph_src(iri: str) -> str:
    return "/graph?" + urlencode({"focus": iri, "depth": 1})


async def _entity_rdf(request: Request, state: ServerState, iri: str, fmt: str) -> Response:
    def describe() -> bytes:
        result = state.dataset.execute(
            q.ENTITY_DESCRIPTION, bindings={"entity": ox.NamedNode(iri)}, timeout=state.settings.timeout
        )
        assert isinstance(result, GraphResult)
        if not result.triples:
            raise EntityError(f"The graph says nothing about {compact_iri(iri)}.")
        return serialize_triples(result.triples, fmt={"turtle": "turtle", "ntriples": "nt", "jsonld": "jsonld"}[fmt])

    body = await state.run(request, describe)
    media = FORMAT_MEDIA[fmt] + ("; charset=utf-8" if fmt != "jsonld" else "")
    return Response(body, media_type=media, headers={"Vary": "Accept"})


def _article_changes(state: ServerState, iri: str) -> tuple[list[dict[str, Term | None]], bool, dict[str, str]]:
    """What the article changed in the graph (the canned query article_changes), with labels."""
    if not any(spec.name == "article_changes" for spec in state.queries()):
        return [], False, {}
    changes = run_canned(
        state, state.query("article_changes"), {"article": f"<{iri}>"}, example=False, limit=500, offset=0
    )
    rows = changes.result.records() if isinstance(changes.result, SelectResult) else []
    labels = labels_for(state.dataset, [t for row in rows for t in row.values()])
    return rows, changes.more, labels


def _article_html(state: ServerState, iri: str) -> str:
    """The article's page (blocking: run it in the thread pool)."""
    view = article_view(state.dataset, iri, timeout=state.settings.timeout)
    change_rows, more_changes, labels = _article_changes(state, iri)
    supports = {}
    for seg in view.segments:
        if seg.mention is not None:
            supports[seg.anchor] = {
                "sentence": seg.mention.sentence,
                "speakers": [{"label": view.name(s), "href": entity_href(s)} for s in seg.mention.speakers],
                "mode": view.name(seg.mention.mode) if seg.mention.mode else "",
                "quoted_from": (
                    {"label": view.name(seg.mention.quoted_from), "href": entity_href(seg.mention.quoted_from)}
                    if seg.mention.quoted_from
                    else None
                ),
                "supports": [
                    {
                        "label": view.name(s.subject),
                        "href": entity_href(s.subject),
                        "predicate": view.name(s.predicate) if s.predicate else "",
                        "object": view.name(s.object) if s.object is not None else "",
                        "object_href": entity_href(s.object.value) if isinstance(s.object, ox.NamedNode) else "",
                        "status": _STATUS_WORDS.get(compact_iri(s.status).removeprefix("rel:"), view.name(s.status))
                        if s.status
                        else "",
                    }
                    for s in seg.supports
                ],
            }
    counts: dict[str, int] = {}
    for row in change_rows:
        kind = _text(row.get("change"), {})
        counts[kind] = counts.get(kind, 0) + 1
    return state.render(
        "article.html",
        settings=state.settings,
        a=view,
        supports_json=_script_json(supports),
        changes=change_rows,
        change_counts=counts,
        more_changes=more_changes,
        labels=labels,
        text=_text,
        graph_src="/graph?" + urlencode({"article": iri}),
    )


def _script_json(value: Any) -> str:
    """JSON for a ``<script type="application/json">`` block: nothing in it can close the element."""
    from markupsafe import Markup

    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for raw, escaped in (
        ("&", "\\u0026"),
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(raw, escaped)
    return Markup(text)


# ----- canned queries -------------------------------------------------------------------------


async def queries_page(request: Request) -> Response:
    state = _state(request)
    return _page(state, "queries.html", queries=state.queries())


@dataclass(frozen=True)
class _Table:
    columns: tuple[str, ...]
    rows: tuple[tuple[Term | None, ...], ...]
    first: int  # 1-based number of the first row shown
    more: bool
    sorted_by: str | None
    descending: bool
    sort_note: str | None


def _page_number(request: Request) -> int:
    raw = request.query_params.get("_page", "1")
    if not raw.isdigit() or int(raw) < 1:
        raise ParameterError(f"_page must be a page number from 1; got {raw!r}.")
    return int(raw)


def _run_page(
    state: ServerState, spec: QuerySpec, params: dict[str, str], example: bool, page: int, sort: str | None, desc: bool
) -> tuple[QueryOutcome, _Table | None, dict[str, str]]:
    size = state.settings.page_rows
    note = None
    if sort:
        outcome = run_canned(state, spec, params, example=example, limit=state.settings.sort_rows, offset=0)
        result = outcome.result
        if isinstance(result, SelectResult) and sort in result.variables and not outcome.more:
            labels = labels_for(state.dataset, [t for row in result.rows for t in row])
            index = result.variables.index(sort)

            def key(row: tuple[Term | None, ...]) -> tuple:
                term = row[index]
                text = _text(term, labels)
                number = None
                if isinstance(term, ox.Literal):
                    try:
                        number = float(term.value)
                    except ValueError:
                        number = None
                return (term is None, number is None, number or 0.0, text.casefold())

            rows = sorted(result.rows, key=key, reverse=desc)
            if desc:  # keep empty cells last either way
                rows = [r for r in rows if r[index] is not None] + [r for r in rows if r[index] is None]
            start = (page - 1) * size
            shown = tuple(rows[start : start + size])
            table = _Table(result.variables, shown, start + 1, start + size < len(rows), sort, desc, None)
            return outcome, table, labels_for(state.dataset, [t for row in shown for t in row])
        if outcome.more:
            note = (
                f"Not sorted: the answer has more than {state.settings.sort_rows:,} rows, too many to sort here. "
                "Download it as CSV to sort it, or narrow it with the parameters."
            )
        sort = None
    outcome = run_canned(state, spec, params, example=example, limit=size, offset=(page - 1) * size)
    result = outcome.result
    labels = labels_for(state.dataset, _terms(result))
    if isinstance(result, SelectResult):
        table = _Table(result.variables, result.rows, (page - 1) * size + 1, outcome.more, None, False, note)
        return outcome, table, labels
    return outcome, None, labels


def _terms(result) -> list[Term | None]:
    if isinstance(result, SelectResult):
        return [t for row in result.rows for t in row]
    if isinstance(result, GraphResult):
        return [t for triple in result.triples for t in (triple.subject, triple.predicate, triple.object)]
    return []


async def query_page(request: Request) -> Response:
    state = _state(request)
    spec = state.query(request.path_params["name"])
    params = query_params(request)
    example = request.query_params.get("_example", "") not in ("", "0", "false")
    ready = example or all(p.name in params for p in spec.params if p.required)
    bare = "\n".join(line for line in spec.text.splitlines() if not line.startswith("#+")).strip() + "\n"
    context: dict[str, Any] = {
        "spec": spec,
        "editor_href": "/editor?" + urlencode({"query": _declared(bare)}),
        "values": {**(spec.example_params if example else {}), **params},
        "ran": False,
        "error": None,
    }
    status = 200
    if ready:
        sort = request.query_params.get("_sort") or None
        desc = request.query_params.get("_desc", "") not in ("", "0", "false")
        page = _page_number(request)
        try:
            outcome, table, labels = await state.run(
                request, lambda: _run_page(state, spec, params, example, page, sort, desc)
            )
        except RelgraphError as exc:
            status = _status_of(exc)
            context["error"] = str(exc)
        else:
            bound = {k: _text(v, labels) or str(getattr(v, "value", v)) for k, v in outcome.bindings.items()}
            link_params = [(k, v) for k, v in request.query_params.multi_items() if k not in ("_page",)]
            context.update(
                ran=True,
                outcome=outcome,
                table=table,
                labels=labels,
                bound=bound,
                hidden=set(outcome.bindings),
                page=page,
                link=lambda **changes: _link(request.url.path, link_params, changes),
                downloads=_downloads(spec, request, outcome),
                graph_src=(
                    "/graph?"
                    + urlencode(
                        [
                            ("query", spec.name),
                            *((k, v) for k, v in request.query_params.multi_items() if not k.startswith("_")),
                        ]
                    )
                    if spec.view == "graph" or isinstance(outcome.result, GraphResult)
                    else None
                ),
                timeline=_timeline_rows(table, labels) if spec.view == "timeline" and table else None,
            )
    return _page(state, "query.html", status, text=_text, **context)


def _link(path: str, params: list[tuple[str, str]], changes: dict[str, object]) -> str:
    kept = [(k, v) for k, v in params if k not in changes]
    kept += [(k, str(v)) for k, v in changes.items() if v not in (None, "", False)]
    return path + ("?" + urlencode(kept) if kept else "")


def _downloads(spec: QuerySpec, request: Request, outcome: QueryOutcome) -> list[tuple[str, str]]:
    params = [(k, v) for k, v in request.query_params.multi_items() if not k.startswith("_") or k == "_example"]
    formats = ("turtle", "ntriples", "jsonld") if isinstance(outcome.result, GraphResult) else ("csv", "tsv", "json")
    names = {
        "turtle": "Turtle",
        "ntriples": "N-Triples",
        "jsonld": "JSON-LD",
        "csv": "CSV",
        "tsv": "TSV",
        "json": "JSON",
    }
    return [(names[f], f"/api/query/{spec.name}?" + urlencode([*params, ("_format", f)])) for f in formats]


_DATE_COLUMNS = ("start", "date", "reported_on", "first", "published", "on")


def _timeline_rows(table: _Table, labels: dict[str, str]) -> list[dict[str, Any]]:
    """Rows grouped under their date (the first date-like column), in the query's order."""
    column = next((c for c in _DATE_COLUMNS if c in table.columns), None)
    groups: list[dict[str, Any]] = []
    for row in table.rows:
        when = _text(row[table.columns.index(column)], labels) if column else ""
        if not groups or groups[-1]["date"] != when:
            groups.append({"date": when, "rows": []})
        groups[-1]["rows"].append(row)
    return groups


def _status_of(exc: RelgraphError) -> int:
    return status_for(exc)


# ----- editor, dyad, graph --------------------------------------------------------------------


def _declared(text: str) -> str:
    """The query with PREFIX lines for the predeclared prefixes it uses, so that the editor's own
    checker (which knows no predeclared prefixes) and any other engine read it as relgraph does."""
    import re

    used = [p for p in PREFIXES if re.search(rf"(?<![\w:<]){re.escape(p)}:", text)]
    return "".join(f"PREFIX {p}: <{PREFIXES[p]}>\n" for p in used) + ("\n" if used else "") + text


async def editor_page(request: Request) -> Response:
    state = _state(request)

    def examples() -> list[dict[str, str]]:
        from relgraph.query.queries import bind_parameters
        from relgraph.store.binding import bind_values

        out = []
        for spec in state.queries():
            try:
                bindings = bind_parameters(state.dataset, spec, spec.required_example_params)
            except RelgraphError:
                bindings = {}
            text = "\n".join(line for line in spec.text.splitlines() if not line.startswith("#+"))
            out.append(
                {"name": spec.name, "title": spec.title, "query": _declared(bind_values(text.strip() + "\n", bindings))}
            )
        return out

    canned = await state.run(request, lambda: state.cached("editor-examples", examples))
    prefixes = "".join(
        f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items() if p in ("rel", "reld", "rdfs", "schema", "skos")
    )
    start = request.query_params.get("query") or (
        prefixes + "\nSELECT ?state ?label WHERE {\n  ?state a rel:State ; rdfs:label ?label .\n}\n"
    )
    response = _page(
        state,
        "editor.html",
        examples_json=_script_json(
            {
                "examples": canned,
                "start": start,
                "prefixes": dict(PREFIXES),
                "reld": RELD,
                "project": RELD.removesuffix("id/"),
                "date_columns": list(_DATE_COLUMNS),
                "max_url": state.settings.max_url,
            }
        ),
        examples=canned,
    )
    response.headers["Content-Security-Policy"] = csp_header(relaxed_styles=True)
    return response


async def dyad_page(request: Request) -> Response:
    state = _state(request)
    a_name, b_name = request.query_params.get("a", "").strip(), request.query_params.get("b", "").strip()
    states = await state.run(request, lambda: records(state.dataset, q.STATES, {}, timeout=state.settings.timeout))
    choices = [(row["state"].value, _text(row["label"], {}) or compact_iri(row["state"].value)) for row in states]
    if not a_name or not b_name:
        return _page(state, "dyad.html", choices=choices, a_name=a_name, b_name=b_name, view=None, error=None)

    def build():
        a = resolve_entity(state.dataset, a_name).value
        b = resolve_entity(state.dataset, b_name).value
        view = dyad_view(state.dataset, a, b, timeout=state.settings.timeout)
        timeline = run_canned(
            state,
            state.query("dyad_timeline"),
            {"state_a": f"<{a}>", "state_b": f"<{b}>"},
            example=False,
            limit=state.settings.page_rows * 5,
            offset=0,
        )
        labels = labels_for(state.dataset, _terms(timeline.result))
        return view, timeline, labels

    try:
        view, timeline, labels = await state.run(request, build)
    except RelgraphError as exc:
        return _page(
            state,
            "dyad.html",
            _status_of(exc),
            choices=choices,
            a_name=a_name,
            b_name=b_name,
            view=None,
            error=str(exc),
        )
    table = timeline.result if isinstance(timeline.result, SelectResult) else None
    return _page(
        state,
        "dyad.html",
        choices=choices,
        a_name=a_name,
        b_name=b_name,
        view=view,
        error=None,
        timeline=table.records() if table else [],
        more_timeline=timeline.more,
        labels=labels,
        text=_text,
        status_words=_STATUS_WORDS,
        chart_json=_script_json(view.chart()),
    )


async def graph_page_route(request: Request) -> Response:
    """The render page's drawing, served: a neighbourhood, an article or a canned query's graph."""
    from relgraph.views.graphview import Selection, build_graph
    from relgraph.views.visualise import graph_page

    state = _state(request)
    qp = request.query_params
    focus, article, query, sparql = qp.get("focus"), qp.get("article"), qp.get("query"), qp.get("sparql")
    depth_raw = qp.get("depth", "1")
    if not depth_raw.isdigit() or int(depth_raw) > 3:
        raise ParameterError(f"depth is 0, 1, 2 or 3; got {depth_raw!r}.")
    if not (focus or article or query or sparql):
        raise ParameterError(
            "Say what to draw: /graph?focus=IRI (a neighbourhood), ?article=IRI, ?query=NAME&... or ?sparql=QUERY"
        )
    own = ("focus", "article", "query", "sparql", "depth")
    params = {k: v for k, v in qp.items() if not k.startswith("_") and k not in own and v}
    selection = Selection(
        focus=f"<{focus}>" if focus and "://" in focus else focus,
        depth=int(depth_raw),
        article=f"<{article}>" if article and "://" in article else article,
        query=query,
        sparql=sparql or None,  # an editor's query: checked and time-limited as /sparql's (run_sparql)
        params=params if query else (),
        timeout=state.settings.timeout,
    )
    urls = {
        "vis_js": "/static/graph/vis-network.min.js",
        "vis_css": "/static/graph/vis-network.css",
        "app_js": "/static/graph/graph.js",
        "app_css": "/static/graph/graph.css",
    }

    def build() -> str:
        graph = build_graph(state.dataset, selection=selection)
        return graph_page(graph, title=f"relgraph: {selection.describe()}", asset_urls=urls, command=None)

    html = await state.run(request, build)
    response = HTMLResponse(html)
    response.headers["Content-Security-Policy"] = csp_header(relaxed_styles=True)
    return response
