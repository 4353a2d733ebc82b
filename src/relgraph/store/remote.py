"""A remote SPARQL 1.1 engine, over the standard HTTP protocols (Query, Update, Graph Store).

For graphs that outgrow one machine: Virtuoso, Apache Jena Fuseki, GraphDB, Amazon
Neptune, QLever, the Oxigraph server. Read commands send their queries to the
endpoint; ``relgraph push`` uploads the graphs (``relgraph.store.push``).

**The default graph.** relgraph's queries read the default graph as the *set* union
of the ontology and article graphs, each triple once, as the embedded stores hold it
(``relgraph.store.embedded``). An engine's own "union default graph" is a bag
(Virtuoso with no dataset given, the Oxigraph server's ``--union-default-graph``): a
fact restated by N articles comes back N times and multiplies join rows. So the
endpoint holds the merged union itself, in the named graph ``GRAPH_UNION``
(``https://w3id.org/relgraph/graph/union``), which ``relgraph push`` and
``replace_graph``/``drop_graph`` keep in step with standard SPARQL Update (in with a
graph's triples, out with those no other relgraph graph states), and every query
relgraph sends names its dataset in its text: ``FROM <GRAPH_UNION>`` (and the
inferences, when asked for) as the default graph and, when the query says ``GRAPH``,
``FROM NAMED`` each ontology, article (and inferred) graph. That is plain SPARQL 1.1
and needs no server flag (no ``unionDefaultGraph``); the dataset must be spelled out
because engines disagree on the named graphs left when only the default one is given
(the Oxigraph server keeps none, Virtuoso keeps all, the merged graph among them).
It goes in the text, not in the protocol's ``default-graph-uri``/``named-graph-uri``:
Virtuoso echoes each of those as a response header (3,000 graphs overflow the
client's header limit) and took 1.1 s to take 3,100 of them, against 0.07-0.2 s for
the same list as ``FROM NAMED``. A query that names its own ``FROM`` graphs is sent
as written. An engine that ignores ``FROM`` (the Oxigraph server started with
``--union-default-graph``), and an endpoint filled by a push from before the merged
graph, are refused with a message saying what to do.

**Parameters** travel in the query as a leading SPARQL ``VALUES`` block, as on every
backend (``relgraph.store.binding``): a remote engine has no API to bind a variable.

**Credentials** come from the environment only, never from the command line:
``RELGRAPH_ENDPOINT_TOKEN`` (a bearer token), or ``RELGRAPH_ENDPOINT_USER`` and
``RELGRAPH_ENDPOINT_PASSWORD`` (HTTP basic; ``RELGRAPH_ENDPOINT_AUTH=digest`` for
engines such as Virtuoso that ask for digest).

**Partial answers.** Virtuoso answers HTTP 206 (or marks the answer with
``X-SQL-State`` / ``X-SPARQL-MaxRows``) when one of its limits cut the result short;
relgraph raises an error instead of showing an incomplete table as if it were whole.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from urllib.parse import urlencode

import httpx
import pyoxigraph as ox

from relgraph.errors import QueryError, QueryTimeoutError, StoreError
from relgraph.model.namespaces import GRAPH_INFERRED, GRAPH_ONTOLOGY, GRAPH_UNION, PREFIXES, SOURCE_CLASSES
from relgraph.store.binding import bind_values
from relgraph.store.endpoint import RemoteConfig, redact_url
from relgraph.store.results import (
    AskResult,
    GraphInfo,
    GraphResult,
    QueryResult,
    SelectResult,
    Term,
    query_syntax_error,
)
from relgraph.store.sparql import check_read_only, dataset_position, inspect_query, mentions_graph

__all__ = [
    "ENV_AUTH",
    "ENV_PASSWORD",
    "ENV_TOKEN",
    "ENV_USER",
    "RemoteBackend",
    "RemoteConfig",
    "bind_values",
    "with_dataset",
]

ENV_TOKEN = "RELGRAPH_ENDPOINT_TOKEN"
ENV_USER = "RELGRAPH_ENDPOINT_USER"
ENV_PASSWORD = "RELGRAPH_ENDPOINT_PASSWORD"
ENV_AUTH = "RELGRAPH_ENDPOINT_AUTH"

_RESULTS_JSON = "application/sparql-results+json"
_GRAPH_TYPES = "application/n-triples, text/turtle;q=0.9, text/plain;q=0.5"


def _auth_from_environment() -> httpx.Auth | None:
    token = os.environ.get(ENV_TOKEN)
    user = os.environ.get(ENV_USER)
    kind = (os.environ.get(ENV_AUTH) or ("bearer" if token else "basic" if user else "")).lower()
    if not kind or kind == "none":
        return None
    if kind == "bearer":
        if not token:
            raise StoreError(f"{ENV_AUTH}=bearer needs the token in {ENV_TOKEN}.")
        return _Bearer(token)
    if kind in ("basic", "digest"):
        password = os.environ.get(ENV_PASSWORD, "")
        if not user:
            raise StoreError(f"{ENV_AUTH}={kind} needs {ENV_USER} (and {ENV_PASSWORD}).")
        return httpx.BasicAuth(user, password) if kind == "basic" else httpx.DigestAuth(user, password)
    raise StoreError(f"{ENV_AUTH} is {kind!r}; use basic, digest, bearer or none.")


class _Bearer(httpx.Auth):
    def __init__(self, token: str):
        self._header = f"Bearer {token}"

    def auth_flow(self, request: httpx.Request):
        request.headers["Authorization"] = self._header
        yield request


def _prologue(text: str) -> str:
    """relgraph's predeclared prefixes, as PREFIX lines (a remote engine does not know them)."""
    return "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in PREFIXES.items()) + text


def with_dataset(text: str, default_graphs: Sequence[str], named_graphs: Sequence[str]) -> str:
    """The query with ``FROM``/``FROM NAMED`` clauses for these graphs (see the module's docstring).

    Named graphs are listed only when the query says ``GRAPH``: without it they cannot
    change the answer, and the list grows with the number of articles.
    """
    clauses = [f"FROM <{g}>" for g in default_graphs]
    if mentions_graph(text):
        clauses += [f"FROM NAMED <{g}>" for g in named_graphs]
    at = dataset_position(text)
    return f"{text[:at].rstrip()}\n{chr(10).join(clauses)}\n{text[at:]}"


# ----- the backend ---------------------------------------------------------------------------------


class RemoteBackend:
    """Graphs held by a SPARQL 1.1 engine, reached over HTTP."""

    kind = "remote"

    def __init__(self, config: RemoteConfig, *, client: httpx.Client | None = None):
        self.config = config
        self.location = config.query_url
        self._client = client or httpx.Client(
            auth=_auth_from_environment(),
            timeout=httpx.Timeout(config.timeout, connect=config.connect_timeout),
            headers={"User-Agent": "relgraph"},
            follow_redirects=False,
        )
        self._graphs: dict[str, GraphInfo] | None = None
        self._union_checked = False
        self._deadline: float | None = None  # while a user's query runs: every request ends by then
        self._deadline_seconds: float | None = None  # the limit that deadline came from, for messages

    @contextlib.contextmanager
    def time_limit(self, seconds: float | None) -> Iterator[None]:
        """Every request made inside ends within ``seconds`` from now (nested limits: the earliest wins)."""
        previous = self._deadline, self._deadline_seconds
        if seconds is not None:
            end = time.monotonic() + seconds
            if self._deadline is None or end < self._deadline:
                self._deadline, self._deadline_seconds = end, seconds
        try:
            yield
        finally:
            self._deadline, self._deadline_seconds = previous

    def _limit(self, timeout: float | None) -> float | None:
        """What is left of ``timeout`` and of the query's one deadline, whichever ends first."""
        if self._deadline is None:
            return timeout
        left = self._deadline - time.monotonic()
        if left <= 0:
            raise QueryTimeoutError(
                f"The SPARQL endpoint {redact_url(self.location)} did not answer within {self._deadline_seconds:g} s, "
                "the time limit (the look-ups before the query included). Narrow the query or raise --timeout."
            )
        return left if timeout is None else min(timeout, left)

    # ----- what is in it ---------------------------------------------------
    def graph(self, name: str) -> GraphInfo | None:
        self.graphs()  # read once, then kept in step by replace_graph and drop_graph
        assert self._graphs is not None
        return self._graphs.get(name)

    def graphs(self, *, fresh: bool = False) -> tuple[GraphInfo, ...]:
        if self._graphs is None or fresh:
            found: dict[str, GraphInfo] = {}
            for name, kind in ((GRAPH_ONTOLOGY, "ontology"), (GRAPH_INFERRED, "inferred")):
                if self._ask(f"ASK {{ GRAPH <{name}> {{ ?s ?p ?o }} }}"):
                    found[name] = GraphInfo(name, kind)
            rows = self._query(
                # one row per graph (an article is typed with its kind and rel:Article): an engine's row
                # limit must not be spent on the listing
                "SELECT DISTINCT ?g ?background WHERE { GRAPH ?g { ?g a ?kind } VALUES ?kind { rel:Article "
                "rel:NewsArticle rel:OfficialRelease rel:BackgroundSource } "
                "BIND(?kind = rel:BackgroundSource AS ?background) } ORDER BY ?g",
                None,
                None,
                self.config.timeout,
                dataset=False,
            )
            for graph, flag in rows.rows:  # type: ignore[union-attr]
                if isinstance(graph, ox.NamedNode):
                    background = isinstance(flag, ox.Literal) and flag.value in ("true", "1")
                    found.setdefault(graph.value, GraphInfo(graph.value, "background" if background else "article"))
            order = {"ontology": 0, "article": 1, "background": 1, "inferred": 2}
            self._graphs = {g.name: g for g in sorted(found.values(), key=lambda g: order[g.kind])}
        return tuple(self._graphs.values())

    def count(self) -> int:
        """Quads in the named graphs (the merged graph is a copy, not counted)."""
        result = self._query(
            f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(?g != <{GRAPH_UNION}>) }}",
            None,
            None,
            self.config.timeout,
            dataset=False,
        )
        value = result.rows[0][0] if isinstance(result, SelectResult) and result.rows else None
        return int(value.value) if isinstance(value, ox.Literal) else 0

    def has_union(self) -> bool:
        """Whether the endpoint holds the merged graph (empty only when there is nothing to merge)."""
        return self._ask(f"ASK {{ GRAPH <{GRAPH_UNION}> {{ ?s ?p ?o }} }}")

    def check_union(self) -> None:
        """Refuse, with what to do, an endpoint whose default graph would not be the merged union."""
        if self._union_checked:
            return
        if any(g.kind != "inferred" for g in self.graphs()) and not self.has_union():
            raise StoreError(
                f"The endpoint {self.location} holds relgraph's graphs but not the merged graph <{GRAPH_UNION}> "
                "that relgraph's queries read as their default graph (it was filled by an older relgraph push, or "
                "the push that builds it stopped half way). Run 'relgraph push' again: it builds the merged graph "
                "from the graphs already there and sends only the articles that changed."
            )
        if self._ask(f"ASK FROM <{GRAPH_UNION}#nothing> WHERE {{ ?s ?p ?o }}"):
            raise StoreError(
                f"The endpoint {self.location} ignores the FROM clauses that name the merged graph relgraph reads "
                "as its default graph, so restated facts would be counted once per article. The Oxigraph server "
                "does this when started with --union-default-graph: start it without that option."
            )
        self._union_checked = True

    def triples_in(self, graph: str) -> list[ox.Triple]:
        result = self._query(
            "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }",
            {"g": ox.NamedNode(graph)},
            None,
            None,
            dataset=False,
        )
        return list(result.triples) if isinstance(result, GraphResult) else []

    def _ask(self, text: str) -> bool:
        result = self._query(text, None, None, None, dataset=False)
        return isinstance(result, AskResult) and result.value

    # ----- queries -----------------------------------------------------------
    def select(
        self,
        text: str,
        bindings: Mapping[str, Term] | None = None,
        *,
        default_graphs: Sequence[str] | None = None,
    ) -> QueryResult:
        return self._query(text, bindings, default_graphs, self.config.timeout)

    def execute(
        self,
        text: str,
        *,
        bindings: Mapping[str, Term] | None = None,
        timeout: float | None = 60.0,
        default_graphs: Sequence[str] | None = None,
    ) -> QueryResult:
        # One deadline for everything this query needs: the look-ups of the graphs, the guard, the answer.
        with self.time_limit(timeout):
            graphs = {g.name for g in self.graphs()}
            # The read-only guard again, here at the edge: nothing that writes or calls out is ever sent;
            # in a bounded child, as the parsing of a user's text always is.
            from relgraph.store.bounded import run_bounded

            run_bounded(_check_user_text, text, graphs, timeout=self._limit(None))
            return self._query(text, bindings, default_graphs, self._limit(timeout))

    def _query(
        self,
        text: str,
        bindings: Mapping[str, Term] | None,
        default_graphs: Sequence[str] | None,
        timeout: float | None,
        *,
        dataset: bool = True,
    ) -> QueryResult:
        """Send a query; ``dataset``: as a query over the dataset (the merged default graph), else as written."""
        try:  # parse here first: a syntax error reads the same as with the embedded engine
            ox.Store().query(text, prefixes=PREFIXES)
        except SyntaxError as exc:
            raise query_syntax_error(exc, text) from exc
        except (RuntimeError, OSError):
            pass
        shape = inspect_query(text)
        form = shape.form
        if dataset and not shape.dataset_iris:
            text = self._over_dataset(text, default_graphs)
        sent = _prologue(bind_values(text, bindings or {}))
        fields: list[tuple[str, str]] = [("query", sent)]
        grace = 0.0
        if timeout is not None and self.config.timeout_param:
            # The engine stops at the limit and says so (Virtuoso: X-SQL-State S1TAT); relgraph's own
            # clock waits a little longer, so that the engine's answer, not a dropped connection, ends it.
            fields.append((self.config.timeout_param, str(max(1, round(timeout * 1000)))))
            grace = min(5.0, max(1.0, timeout / 10))
        accept = _GRAPH_TYPES if form in ("CONSTRUCT", "DESCRIBE") else _RESULTS_JSON
        body, content_type = self._post(self.config.query_url, fields, accept, timeout, grace)
        try:
            if form in ("CONSTRUCT", "DESCRIBE"):
                fmt = ox.RdfFormat.N_TRIPLES if "n-triples" in content_type else ox.RdfFormat.TURTLE
                return GraphResult(tuple(q.triple for q in ox.parse(body, format=fmt)))
            try:
                return _read_results(body)
            except SyntaxError:
                return _read_results(_tidy_blank_nodes(body))
        except (SyntaxError, ValueError) as exc:
            raise QueryError(
                f"The endpoint {redact_url(self.location)} sent an answer relgraph cannot read ({str(exc)[:200]})."
            ) from exc
        except RecursionError as exc:
            raise QueryError(
                f"The endpoint {redact_url(self.location)} sent an answer nested too deeply to read; "
                "it is not a SPARQL result."
            ) from exc

    def _over_dataset(self, text: str, default_graphs: Sequence[str] | None) -> str:
        """The query with the dataset the embedded stores give it: the merged default graph, relgraph's graphs."""
        self.check_union()
        held = self.graphs()
        merged = {g.name for g in held if g.kind != "inferred"}
        if default_graphs is None:  # as embedded: the merged graph, and the inferences when held
            default = [GRAPH_UNION] + [g.name for g in held if g.kind == "inferred"]
        elif set(default_graphs) == merged:
            default = [GRAPH_UNION]
        else:
            default = list(default_graphs) or [f"{GRAPH_UNION}#nothing"]  # no graph: an empty default graph
        return with_dataset(text, default, [g.name for g in held])

    def _post(
        self, url: str, fields: list[tuple[str, str]], accept: str, timeout: float | None, grace: float = 0.0
    ) -> tuple[bytes, str]:
        """POST the form; give up ``grace`` seconds after ``timeout`` (the time limit the error names)."""
        # A request without a limit of its own (a look-up) still ends at the configured timeout.
        # The grace comes after the deadline: it is the time the engine's own "stopped at the limit" answer
        # (asked for with what was left of the deadline) needs to arrive.
        left = self._limit(self.config.timeout if timeout is None else timeout)
        limit = None if left is None else left + grace
        timeout = timeout if timeout is not None else self.config.timeout
        deadline = None if limit is None else time.monotonic() + limit
        cap = self.config.max_answer_bytes
        try:
            with self._client.stream(
                "POST",
                url,
                content=_form(fields),
                headers={"Accept": accept, "Content-Type": "application/x-www-form-urlencoded"},
                timeout=httpx.Timeout(limit, connect=min(self.config.connect_timeout, limit or 1e9)),
            ) as response:
                chunks, size = [], 0
                for chunk in response.iter_bytes():
                    chunks.append(chunk)
                    size += len(chunk)
                    if size > cap:
                        raise QueryError(
                            f"The SPARQL endpoint {redact_url(url)} sent more than {cap:,} bytes for one answer; "
                            "relgraph stopped reading there. Narrow the query (a LIMIT), or raise max_answer_bytes "
                            "in the [store.remote] section of relgraph.toml."
                        )
                    if deadline is not None and time.monotonic() > deadline:
                        raise httpx.ReadTimeout("deadline passed while reading the answer")
                body = b"".join(chunks)
        except httpx.TimeoutException as exc:
            if isinstance(exc, httpx.ConnectTimeout):
                raise StoreError(
                    f"The SPARQL endpoint {redact_url(url)} did not accept a connection within {self.config.connect_timeout:g} s; "
                    "check that it is running and reachable."
                ) from exc
            within = f"{self._deadline_seconds if self._deadline_seconds is not None else timeout:g} s, the time limit"
            raise QueryTimeoutError(
                f"The SPARQL endpoint {redact_url(url)} did not answer within {within}. Narrow the query or "
                "raise --timeout (the engine may still be working on it)."
            ) from exc
        except httpx.TransportError as exc:
            raise StoreError(
                f"The SPARQL endpoint {redact_url(url)} cannot be reached ({exc.__class__.__name__}: {exc}). "
                "Check that the engine is running and the URL (--endpoint or relgraph.toml)."
            ) from exc
        _check_response(response, body, url)
        return body, response.headers.get("content-type", "")

    # ----- changes -----------------------------------------------------------
    def replace_graph(self, info: GraphInfo, triples: Iterable[ox.Triple]) -> None:
        """Replace a graph and keep the merged graph in step (out with what only it held, in with the new)."""
        self.check_union()
        merged = info.kind != "inferred"
        if merged:
            run_update(self._client, self.config, unmerge_text(info.name))
        put_graph(self._client, self.config, info.name, ox.serialize(list(triples), format=ox.RdfFormat.N_TRIPLES))
        if merged:
            run_update(self._client, self.config, merge_text([info.name]))
        if self._graphs is not None:
            self._graphs[info.name] = GraphInfo(info.name, info.kind)

    def drop_graph(self, name: str) -> None:
        self.check_union()
        if name != GRAPH_INFERRED:
            run_update(self._client, self.config, unmerge_text(name))
        delete_graph(self._client, self.config, name)
        if self._graphs is not None:
            self._graphs.pop(name, None)

    def close(self) -> None:
        self._client.close()


def _read_results(body: bytes) -> QueryResult:
    raw = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
    if isinstance(raw, ox.QueryBoolean):
        return AskResult(bool(raw))
    return SelectResult(tuple(v.value for v in raw.variables), tuple(tuple(row) for row in raw))


def _check_user_text(text: str, graphs: set[str]) -> None:
    """A user's query before it is sent (run in a bounded child): size, read-only, and the engine's parse."""
    from relgraph.store.sparql import check_query_size

    check_query_size(text)
    check_read_only(text, graphs=graphs)
    try:
        ox.Store().query(text, prefixes=PREFIXES)
    except SyntaxError as exc:
        raise query_syntax_error(exc, text) from exc
    except (RuntimeError, OSError):
        pass


def _tidy_blank_nodes(body: bytes) -> bytes:
    """Blank node labels an RDF parser accepts (Virtuoso writes them as ``nodeID://b10007``)."""
    data = json.loads(body)
    if not isinstance(data, dict) or not isinstance(data.get("results", {}), dict):
        raise ValueError("not a SPARQL JSON result")
    for row in data.get("results", {}).get("bindings", []):
        for value in row.values() if isinstance(row, dict) else ():
            if isinstance(value, dict) and value.get("type") == "bnode":
                value["value"] = re.sub(r"[^A-Za-z0-9]", "_", value["value"]).strip("_") or "b"
    return json.dumps(data).encode("utf-8")


def _form(fields: list[tuple[str, str]]) -> bytes:
    return urlencode(fields).encode("ascii")


def _excerpt(body: bytes) -> str:
    text = body[:400].decode("utf-8", "replace").strip()
    return re.sub(r"\s+", " ", text)


def _check_response(response: httpx.Response, body: bytes, url: str) -> None:
    status = response.status_code
    if response.headers.get("x-sql-state") == "S1TAT":  # Virtuoso: "query interrupted by result timeout"
        raise QueryTimeoutError(
            f"The SPARQL endpoint {url} stopped the query at its time limit (relgraph's --timeout, or the "
            "engine's own MaxQueryExecutionTime) and sent what it had; relgraph does not show a partial result. "
            "Narrow the query (a LIMIT, a more selective pattern) or raise --timeout."
        )
    partial = status == 206 or "x-sql-state" in response.headers or "x-sparql-maxrows" in response.headers
    if partial and status < 300:
        raise QueryError(
            f"The SPARQL endpoint {url} sent a partial answer (HTTP {status}): one of its own limits "
            "(Virtuoso: MaxQueryExecutionTime or ResultSetMaxRows) cut the result short. relgraph does not show "
            "a partial result as if it were complete; narrow the query or raise the engine's limits."
        )
    if status in (401, 403):
        raise StoreError(
            f"The SPARQL endpoint {url} refused relgraph (HTTP {status}). Give credentials in the environment: "
            f"{ENV_TOKEN}, or {ENV_USER} and {ENV_PASSWORD} (and {ENV_AUTH}=digest if the engine asks for it)."
        )
    if status == 400:
        raise QueryError(f"The SPARQL endpoint {url} refused the request (HTTP 400): {_excerpt(body)}")
    if status >= 300:
        raise StoreError(
            f"The SPARQL endpoint {url} answered HTTP {status}: {_excerpt(body) or response.reason_phrase}"
        )


# ----- the Graph Store protocol ------------------------------------------------------------------


def _gsp_url(config: RemoteConfig) -> str:
    if not config.graph_store_url:
        raise StoreError(
            f"No Graph Store URL is known for {config.query_url}; set graph_store in the [store.remote] section of "
            "relgraph.toml (for example http://HOST/store for the Oxigraph server)."
        )
    return config.graph_store_url


def _send(client: httpx.Client, method: str, url: str, *, params: dict, content: bytes | None, config: RemoteConfig):
    try:
        response = client.request(
            method,
            url,
            params=params,
            content=content,
            headers={"Content-Type": "text/turtle; charset=utf-8"} if content is not None else None,
            timeout=httpx.Timeout(config.timeout, connect=config.connect_timeout),
        )
    except httpx.TimeoutException as exc:
        raise StoreError(f"The SPARQL endpoint {url} timed out ({exc.__class__.__name__}).") from exc
    except httpx.TransportError as exc:
        raise StoreError(
            f"The SPARQL endpoint {redact_url(url)} cannot be reached ({exc.__class__.__name__}: {exc})."
        ) from exc
    return response


def put_graph(client: httpx.Client, config: RemoteConfig, graph: str, ntriples: bytes) -> None:
    """Replace one named graph with the given N-Triples (Graph Store PUT: idempotent)."""
    url = _gsp_url(config)
    response = _send(client, "PUT", url, params={config.graph_param: graph}, content=ntriples, config=config)
    if response.status_code not in (200, 201, 204):
        _check_response(response, response.content, url)
        raise StoreError(f"The Graph Store at {url} answered HTTP {response.status_code} to PUT <{graph}>.")


def delete_graph(client: httpx.Client, config: RemoteConfig, graph: str) -> None:
    url = _gsp_url(config)
    response = _send(client, "DELETE", url, params={config.graph_param: graph}, content=None, config=config)
    if response.status_code not in (200, 202, 204, 404):
        _check_response(response, response.content, url)


def with_settings(config: RemoteConfig, **settings: object) -> RemoteConfig:
    return replace(config, **{k: v for k, v in settings.items() if v is not None})


# ----- SPARQL Update and the merged graph ---------------------------------------------------------


def run_update(client: httpx.Client, config: RemoteConfig, text: str) -> None:
    """Send one SPARQL Update request to the endpoint's update URL."""
    url = config.update_url
    if not url:
        raise StoreError(
            f"No SPARQL Update URL is known for {config.query_url}; set update in the [store.remote] section of "
            "relgraph.toml (for example http://HOST/update for the Oxigraph server)."
        )
    body = _form([("update", _prologue(text))])
    try:
        response = client.post(
            url,
            content=body,
            headers={"Content-Type": "application/x-www-form-urlencoded"},
            timeout=httpx.Timeout(config.timeout, connect=config.connect_timeout),
        )
    except httpx.TimeoutException as exc:
        raise StoreError(f"The SPARQL endpoint {url} timed out ({exc.__class__.__name__}).") from exc
    except httpx.TransportError as exc:
        raise StoreError(
            f"The SPARQL endpoint {redact_url(url)} cannot be reached ({exc.__class__.__name__}: {exc})."
        ) from exc
    if response.status_code >= 300:
        _check_response(response, response.content, url)


_SOURCE_KINDS = ", ".join(f"<{c}>" for c in SOURCE_CLASSES)


def unmerge_text(graph: str) -> str:
    """The update that takes out of the merged graph what only ``graph`` states (run before it changes).

    "Another graph" is one relgraph merges: the ontology or a graph that describes its
    article (not the inferences, not the merged graph, not an engine's own graphs).
    """
    keep_ontology = (
        "" if graph == GRAPH_ONTOLOGY else f"\n  FILTER NOT EXISTS {{ GRAPH <{GRAPH_ONTOLOGY}> {{ ?s ?p ?o }} }}"
    )
    return (
        f"DELETE {{ GRAPH <{GRAPH_UNION}> {{ ?s ?p ?o }} }} WHERE {{\n"
        f"  GRAPH <{graph}> {{ ?s ?p ?o }}\n"
        f"  FILTER NOT EXISTS {{ GRAPH ?other {{ ?s ?p ?o . ?other a ?kind }} "
        f"FILTER(?other != <{graph}> && ?kind IN ({_SOURCE_KINDS})) }}"
        f"{keep_ontology}\n}}"
    )


def merge_text(graphs: Sequence[str]) -> str:
    """The update that copies these graphs' triples into the merged graph (copied, so blank nodes stay the same)."""
    names = " ".join(f"<{g}>" for g in graphs)
    return (
        f"INSERT {{ GRAPH <{GRAPH_UNION}> {{ ?s ?p ?o }} }} WHERE {{ VALUES ?g {{ {names} }} GRAPH ?g {{ ?s ?p ?o }} }}"
    )


def rebuild_union(backend: RemoteBackend, *, batch_size: int = 50, progress: bool = False) -> int:
    """Make the merged graph the union of the ontology and article graphs on the endpoint; the graphs merged."""
    client, config = backend._client, backend.config
    graphs = [g.name for g in backend.graphs(fresh=True) if g.kind != "inferred"]
    run_update(client, config, f"DROP SILENT GRAPH <{GRAPH_UNION}>")
    bar = None
    if progress:
        import sys

        from tqdm import tqdm

        bar = tqdm(total=len(graphs), unit="graph", desc="merging", file=sys.stderr, leave=False)
    try:
        for start in range(0, len(graphs), batch_size):
            chunk = graphs[start : start + batch_size]
            run_update(client, config, merge_text(chunk))
            if bar is not None:
                bar.update(len(chunk))
    finally:
        if bar is not None:
            bar.close()
    backend._union_checked = False
    return len(graphs)
