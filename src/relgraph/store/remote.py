"""A remote SPARQL 1.1 engine, over the standard HTTP protocols (Query, Update, Graph Store).

For graphs that outgrow one machine: Virtuoso, Apache Jena Fuseki, GraphDB, Amazon
Neptune, QLever, the Oxigraph server. Read commands send their queries to the
endpoint; ``relgraph push`` uploads the graphs (``relgraph.store.push``).

The endpoint's default graph must be the union of its named graphs, as relgraph's
queries expect (Virtuoso, GraphDB and Neptune do this by default; start the Oxigraph
server with ``--union-default-graph``; Fuseki needs ``unionDefaultGraph``).

**Parameters.** A remote engine has no API to bind a variable to a value, so the
values travel in the query as a SPARQL ``VALUES`` block, placed as the first element
of the query's WHERE group. That is binding, not pasting: each value is an RDF term
that relgraph already validated (an IRI that pyoxigraph accepted, a typed literal)
and that pyoxigraph serialises in N-Triples syntax, which escapes every quote,
backslash and line break, so no character of a user's value can end the term and
start SPARQL syntax; the query's own text, checked by the read-only guard, is never
changed. The block goes first in the WHERE group, not after the query, because
Oxigraph's substitutions (the embedded engine's binding) behave like a binding
made before the pattern is matched: a parameter used inside OPTIONAL then filters
the optional part. A trailing VALUES clause joins after OPTIONAL and after GROUP BY
and gives other rows (checked on the canned queries: ``who_said_what`` and
``commitments_by_pillar`` differ); a leading one gives the same rows.

**Credentials** come from the environment only, never from the command line:
``RELGRAPH_ENDPOINT_TOKEN`` (a bearer token), or ``RELGRAPH_ENDPOINT_USER`` and
``RELGRAPH_ENDPOINT_PASSWORD`` (HTTP basic; ``RELGRAPH_ENDPOINT_AUTH=digest`` for
engines such as Virtuoso that ask for digest).

**Partial answers.** Virtuoso answers HTTP 206 (or marks the answer with
``X-SQL-State`` / ``X-SPARQL-MaxRows``) when one of its limits cut the result short;
relgraph raises an error instead of showing an incomplete table as if it were whole.
"""

from __future__ import annotations

import json
import os
import re
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from urllib.parse import urlencode

import httpx
import pyoxigraph as ox

from relgraph.errors import QueryError, QueryTimeoutError, StoreError
from relgraph.namespaces import GRAPH_INFERRED, GRAPH_ONTOLOGY, PREFIXES
from relgraph.sparql import check_read_only, inspect_query
from relgraph.store.results import (
    AskResult,
    GraphInfo,
    GraphResult,
    QueryResult,
    SelectResult,
    Term,
    query_syntax_error,
)

__all__ = ["ENV_AUTH", "ENV_PASSWORD", "ENV_TOKEN", "ENV_USER", "RemoteBackend", "RemoteConfig", "bind_values"]

ENV_TOKEN = "RELGRAPH_ENDPOINT_TOKEN"
ENV_USER = "RELGRAPH_ENDPOINT_USER"
ENV_PASSWORD = "RELGRAPH_ENDPOINT_PASSWORD"
ENV_AUTH = "RELGRAPH_ENDPOINT_AUTH"

_RESULTS_JSON = "application/sparql-results+json"
_GRAPH_TYPES = "application/n-triples, text/turtle;q=0.9, text/plain;q=0.5"


@dataclass(frozen=True)
class RemoteConfig:
    """Where a remote engine answers: its query, update and Graph Store URLs, and the limits."""

    query_url: str
    update_url: str | None = None
    graph_store_url: str | None = None
    graph_param: str = "graph"  # the Graph Store protocol's parameter; Virtuoso's crud endpoint takes graph-uri
    timeout: float = 60.0
    connect_timeout: float = 10.0

    @classmethod
    def for_url(cls, url: str, **settings: object) -> RemoteConfig:
        """A configuration for ``url``, guessing the update and Graph Store URLs of well-known engines.

        ``.../query`` (the Oxigraph server): ``.../update`` and ``.../store``.
        ``.../sparql`` (Virtuoso): ``.../sparql-auth`` and ``.../sparql-graph-crud-auth?graph-uri=``.
        Anything given in ``settings`` (from relgraph.toml or options) wins.
        """
        if not re.match(r"^https?://", url):
            raise StoreError(f"The endpoint {url!r} is not an http:// or https:// URL.")
        guessed: dict[str, object] = {}
        base, _, last = url.rstrip("/").rpartition("/")
        if last == "query":
            guessed = {"update_url": f"{base}/update", "graph_store_url": f"{base}/store"}
        elif last == "sparql":
            guessed = {
                "update_url": f"{base}/sparql-auth",
                "graph_store_url": f"{base}/sparql-graph-crud-auth",
                "graph_param": "graph-uri",
            }
        guessed.update({k: v for k, v in settings.items() if v is not None})
        return cls(url, **guessed)  # type: ignore[arg-type]


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


# ----- binding parameters -------------------------------------------------------------------------

_SCAN = re.compile(
    r"""
    (?P<skip>\#[^\n]*
      | \"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\" | '''(?:[^'\\]|\\.|'(?!''))*'''
      | "(?:[^"\\\n]|\\.)*" | '(?:[^'\\\n]|\\.)*'
      | <[^<>"{}|^`\\\x00-\x20]*>
      | [?$][\w\u00b7]+ )
  | (?P<word>[A-Za-z_][\w-]*:?)
  | (?P<open>[{(])
  | (?P<close>[})])
    """,
    re.VERBOSE | re.DOTALL,
)
_FORMS = {"SELECT", "CONSTRUCT", "ASK", "DESCRIBE"}


def _where_group_start(text: str) -> int | None:
    """The offset just after the ``{`` that opens the query's WHERE group (None: it has none we can use)."""
    form = None
    depth = 0
    template_done = False
    for match in _SCAN.finditer(text):
        kind, value = match.lastgroup, match.group()
        if kind == "skip":
            continue
        if kind == "word":
            word = value.upper()
            if form is None and word in _FORMS:
                form = word
            elif form == "CONSTRUCT" and word == "WHERE" and depth == 0 and not template_done:
                return None  # CONSTRUCT WHERE { triples }: the pattern is also the template
            continue
        if form is None:
            continue
        if kind == "open":
            if value == "{" and depth == 0:
                if form == "CONSTRUCT" and not template_done:
                    template_done = True
                    depth += 1
                    continue
                return match.end()
            depth += 1
        else:
            depth -= 1
    return None


def _term(name: str, value: Term) -> str:
    if isinstance(value, ox.BlankNode | ox.Triple):
        raise QueryError(
            f"Parameter {name!r} is a blank node or a triple; a remote endpoint can only be given IRIs and literals."
        )
    if not isinstance(value, ox.NamedNode | ox.Literal):
        raise QueryError(f"Parameter {name!r} is not an RDF term.")
    return str(value)  # pyoxigraph's N-Triples serialisation: valid SPARQL syntax, fully escaped


def bind_values(text: str, bindings: Mapping[str, Term]) -> str:
    """The query with ``bindings`` supplied as a VALUES block at the start of its WHERE group.

    See the module's docstring for why this is binding and why the block goes first.
    """
    if not bindings:
        return text
    names = list(bindings)
    for name in names:
        if not re.fullmatch(r"[A-Za-z_][\w]*", name):
            raise QueryError(f"{name!r} is not a SPARQL variable name.")
    row = " ".join(_term(n, bindings[n]) for n in names)
    block = f"VALUES ({' '.join('?' + n for n in names)}) {{ ({row}) }}"
    at = _where_group_start(text)
    if at is None:
        return f"{text}\n{block}"  # no group to put it in (DESCRIBE <x>, CONSTRUCT WHERE): the query-level clause
    return f"{text[:at]}\n  {block}\n{text[at:]}"


def _prologue(text: str) -> str:
    """relgraph's predeclared prefixes, as PREFIX lines (a remote engine does not know them)."""
    return "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in PREFIXES.items()) + text


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

    # ----- what is in it ---------------------------------------------------
    def graphs(self) -> tuple[GraphInfo, ...]:
        if self._graphs is None:
            found: dict[str, GraphInfo] = {}
            for name, kind in ((GRAPH_ONTOLOGY, "ontology"), (GRAPH_INFERRED, "inferred")):
                if self._ask(f"ASK {{ GRAPH <{name}> {{ ?s ?p ?o }} }}"):
                    found[name] = GraphInfo(name, kind)
            rows = self.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?g a rel:NewsArticle } } ORDER BY ?g")
            for (graph,) in rows.rows:  # type: ignore[union-attr]
                if isinstance(graph, ox.NamedNode):
                    found.setdefault(graph.value, GraphInfo(graph.value, "article"))
            order = {"ontology": 0, "article": 1, "inferred": 2}
            self._graphs = {g.name: g for g in sorted(found.values(), key=lambda g: order[g.kind])}
        return tuple(self._graphs.values())

    def count(self) -> int:
        result = self.select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        value = result.rows[0][0] if isinstance(result, SelectResult) and result.rows else None
        return int(value.value) if isinstance(value, ox.Literal) else 0

    def triples_in(self, graph: str) -> list[ox.Triple]:
        result = self._query(
            "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }", {"g": ox.NamedNode(graph)}, None, None, None
        )
        return list(result.triples) if isinstance(result, GraphResult) else []

    def _ask(self, text: str) -> bool:
        result = self._query(text, None, None, None, None)
        return isinstance(result, AskResult) and result.value

    # ----- queries -----------------------------------------------------------
    def select(
        self,
        text: str,
        bindings: Mapping[str, Term] | None = None,
        *,
        default_graphs: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
    ) -> QueryResult:
        return self._query(text, bindings, default_graphs, named_graphs, self.config.timeout)

    def execute(
        self,
        text: str,
        *,
        bindings: Mapping[str, Term] | None = None,
        timeout: float | None = 60.0,
        default_graphs: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
    ) -> QueryResult:
        # The read-only guard again, here at the edge: nothing that writes or calls out is ever sent.
        check_read_only(text, graphs={g.name for g in self.graphs()})
        return self._query(text, bindings, default_graphs, named_graphs, timeout)

    def _query(
        self,
        text: str,
        bindings: Mapping[str, Term] | None,
        default_graphs: Sequence[str] | None,
        named_graphs: Sequence[str] | None,
        timeout: float | None,
    ) -> QueryResult:
        try:  # parse here first: a syntax error reads the same as with the embedded engine
            ox.Store().query(text, prefixes=PREFIXES)
        except SyntaxError as exc:
            raise query_syntax_error(exc, text) from exc
        except (RuntimeError, OSError):
            pass
        form = inspect_query(text).form
        sent = _prologue(bind_values(text, bindings or {}))
        fields: list[tuple[str, str]] = [("query", sent)]
        fields += [("default-graph-uri", g) for g in default_graphs or ()]
        fields += [("named-graph-uri", g) for g in named_graphs or ()]
        accept = _GRAPH_TYPES if form in ("CONSTRUCT", "DESCRIBE") else _RESULTS_JSON
        body, content_type = self._post(self.config.query_url, fields, accept, timeout)
        try:
            if form in ("CONSTRUCT", "DESCRIBE"):
                fmt = ox.RdfFormat.N_TRIPLES if "n-triples" in content_type else ox.RdfFormat.TURTLE
                return GraphResult(tuple(q.triple for q in ox.parse(body, format=fmt)))
            try:
                return _read_results(body)
            except SyntaxError:
                return _read_results(_tidy_blank_nodes(body))
        except (SyntaxError, ValueError) as exc:
            raise QueryError(f"The endpoint {self.location} sent an answer relgraph cannot read ({exc}).") from exc

    def _post(self, url: str, fields: list[tuple[str, str]], accept: str, timeout: float | None) -> tuple[bytes, str]:
        limit = timeout
        deadline = None if limit is None else time.monotonic() + limit
        try:
            with self._client.stream(
                "POST",
                url,
                content=_form(fields),
                headers={"Accept": accept, "Content-Type": "application/x-www-form-urlencoded"},
                timeout=httpx.Timeout(limit, connect=self.config.connect_timeout),
            ) as response:
                chunks = []
                for chunk in response.iter_bytes():
                    chunks.append(chunk)
                    if deadline is not None and time.monotonic() > deadline:
                        raise httpx.ReadTimeout("deadline passed while reading the answer")
                body = b"".join(chunks)
        except httpx.TimeoutException as exc:
            if isinstance(exc, httpx.ConnectTimeout):
                raise StoreError(
                    f"The SPARQL endpoint {url} did not accept a connection within {self.config.connect_timeout:g} s; "
                    "check that it is running and reachable."
                ) from exc
            raise QueryTimeoutError(
                f"The SPARQL endpoint {url} did not answer within {limit:g} s, the time limit. Narrow the query or "
                "raise --timeout (the engine may still be working on it)."
            ) from exc
        except httpx.TransportError as exc:
            raise StoreError(
                f"The SPARQL endpoint {url} cannot be reached ({exc.__class__.__name__}: {exc}). "
                "Check that the engine is running and the URL (--endpoint or relgraph.toml)."
            ) from exc
        _check_response(response, body, url)
        return body, response.headers.get("content-type", "")

    # ----- changes -----------------------------------------------------------
    def replace_graph(self, info: GraphInfo, triples: Iterable[ox.Triple]) -> None:
        put_graph(self._client, self.config, info.name, ox.serialize(list(triples), format=ox.RdfFormat.N_TRIPLES))
        if self._graphs is not None:
            self._graphs[info.name] = GraphInfo(info.name, info.kind)

    def drop_graph(self, name: str) -> None:
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


def _tidy_blank_nodes(body: bytes) -> bytes:
    """Blank node labels an RDF parser accepts (Virtuoso writes them as ``nodeID://b10007``)."""
    data = json.loads(body)
    for row in data.get("results", {}).get("bindings", []):
        for value in row.values():
            if value.get("type") == "bnode":
                value["value"] = re.sub(r"[^A-Za-z0-9]", "_", value["value"]).strip("_") or "b"
    return json.dumps(data).encode("utf-8")


def _form(fields: list[tuple[str, str]]) -> bytes:
    return urlencode(fields).encode("ascii")


def _excerpt(body: bytes) -> str:
    text = body[:400].decode("utf-8", "replace").strip()
    return re.sub(r"\s+", " ", text)


def _check_response(response: httpx.Response, body: bytes, url: str) -> None:
    status = response.status_code
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
        raise StoreError(f"The SPARQL endpoint {url} cannot be reached ({exc.__class__.__name__}: {exc}).") from exc
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
