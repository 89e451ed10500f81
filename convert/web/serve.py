"""`twjp serve`: the release and the site on the Web in one command, fit for a public port.

- Pages and data documents follow the route table and the negotiation rule of convert.web.routes, the ones the
  w3id.org rules are generated from: an IRI answers 303 to the document Accept chooses (406 when it admits none),
  a retired agreement 301 or 410, a document 200 with ETag; redirects are relative (never built from the Host
  header); any path the site does not have gets the same 404 page.
- `/sparql` is the SPARQL 1.1 Protocol over the release, answered by supervised worker processes
  (convert.web.engine) with hard bounds on time, memory and result size. A request is screened from its tokens
  first (convert.sparql.screen): updates (403), SERVICE (403) and structures nested or chained past the engine's
  stack (400) never reach it. The status is decided before any result byte is sent: 200 with the whole result,
  400 with the syntax error's line and column, 503 with Retry-After when a query ran out of time, was stopped or
  waited too long for a worker, 507 when its result is over the limit (see README, "Serve it").
- HTTP: header and body read deadlines, a bound on connections (idle ones are closed first), gzip, nosniff, a
  Content-Security-Policy the pages and the query UI work under, Referrer-Policy, CORS; one log line per request.

Behind a reverse proxy, run it on 127.0.0.1 and forward a path (for example `/twjp/`) to it: the redirects are
relative, so they hold under any path; the w3id.org rules (`twjp w3id`) then point at the proxy's address."""

from __future__ import annotations

import asyncio
import contextlib
import csv
import hashlib
import io
import logging
import mimetypes
import re
import signal
import sys
import time
import urllib.parse
from dataclasses import dataclass
from email.utils import formatdate
from pathlib import Path

from starlette.applications import Starlette
from starlette.middleware.gzip import GZipMiddleware
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, PlainTextResponse, Response
from starlette.routing import Route

from convert.problems import Problem, TwjpError
from convert.sparql.screen import QUERY_FORMS, screen
from convert.web.engine import Limits, Pool, make_store, remove_stale_stores
from convert.web.routes import Retired, answer

log = logging.getLogger("twjp.serve")

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "script-src 'self'; connect-src 'self'; font-src 'self' data:; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'; form-action 'self'",
}
MAX_HEADER_BYTES = 16 * 1024
CORS = {"Access-Control-Allow-Origin": "*", "Access-Control-Expose-Headers": "Location, Vary, Retry-After"}
# SPARQL results by Accept: results of SELECT and ASK, graphs of CONSTRUCT and DESCRIBE (the first is the default)
RESULT_TYPES = (
    "application/sparql-results+json",
    "application/sparql-results+xml",
    "text/csv",
    "text/tab-separated-values",
    "application/json",
)
GRAPH_TYPES = (
    "text/turtle",
    "application/n-triples",
    "application/ld+json",
    "application/rdf+xml",
    "application/n-quads",
)
SD_TYPES = ("text/turtle", "application/n-triples")
TYPE_ALIASES = {"application/json": "application/sparql-results+json"}
MEDIA = {
    ".html": "text/html; charset=utf-8",
    ".ttl": "text/turtle; charset=utf-8",
    ".jsonld": "application/ld+json",
    ".nt": "application/n-triples; charset=utf-8",
    ".json": "application/json",
    ".csv": "text/csv; charset=utf-8",
    ".rq": "application/sparql-query; charset=utf-8",
    ".md": "text/markdown; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".svg": "image/svg+xml",
    ".atom": "application/atom+xml",
    ".geojson": "application/geo+json",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass(frozen=True)
class Settings:
    output: Path
    site: Path
    timeout: float = 10.0
    max_query_bytes: int = 100_000
    max_result_bytes: int = 20_000_000
    memory: int = 2 * 1024**3  # per worker
    workers: int = 3
    per_client: int = 2  # queries at a time from one client address: fewer than the workers, so one client
    # never holds them all
    max_connections: int = 512
    header_timeout: float = 10.0  # seconds to send the request line and headers
    body_timeout: float = 20.0  # seconds to send the body
    keep_alive: float = 5.0  # seconds an idle kept-alive connection stays open


FORMATS = "http://www.w3.org/ns/formats/"
RESULT_FORMATS = ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV")
GRAPH_FORMATS = ("Turtle", "N-Triples", "JSON-LD", "RDF_XML", "N-Quads")


def service_description(endpoint: str, settings: Settings, media: str) -> bytes:
    """The endpoint's SPARQL 1.1 Service Description (what a GET without a query returns, as the SD
    recommendation says): the language, the result formats, the default graph (the release, its VoID
    description) and the limits in words. No blank node: the dataset and the graph are named under the endpoint."""
    import pyoxigraph as ox

    sd = "http://www.w3.org/ns/sparql-service-description#"
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    service, dataset, graph = (ox.NamedNode(endpoint + suffix) for suffix in ("", "#dataset", "#default-graph"))
    t = [
        ox.Triple(service, rdf_type, ox.NamedNode(sd + "Service")),
        ox.Triple(service, ox.NamedNode(sd + "endpoint"), service),
        ox.Triple(service, ox.NamedNode(sd + "supportedLanguage"), ox.NamedNode(sd + "SPARQL11Query")),
        *(
            ox.Triple(service, ox.NamedNode(sd + "resultFormat"), ox.NamedNode(FORMATS + f))
            for f in RESULT_FORMATS + GRAPH_FORMATS
        ),
        ox.Triple(service, ox.NamedNode(sd + "defaultDataset"), dataset),
        ox.Triple(dataset, rdf_type, ox.NamedNode(sd + "Dataset")),
        ox.Triple(dataset, ox.NamedNode(sd + "defaultGraph"), graph),
        ox.Triple(graph, rdf_type, ox.NamedNode(sd + "Graph")),
        ox.Triple(
            service,
            ox.NamedNode("http://purl.org/dc/terms/description"),
            ox.Literal(
                f"Read-only SPARQL 1.1 Query over one twjp release (its default graph). A query runs for at most "
                f"{settings.timeout:g} s and may send at most {settings.max_result_bytes} bytes; at most "
                f"{settings.per_client} queries at a time from one client; SERVICE and updates are refused.",
                language="en",
            ),
        ),
    ]
    void = settings.output / "void.ttl"
    if void.is_file():
        store = ox.Store()
        store.load(path=str(void), format=ox.RdfFormat.TURTLE)
        for r in store.query(
            "SELECT ?d ?n WHERE { ?d <http://www.w3.org/ns/dcat#version> ?v ; <http://rdfs.org/ns/void#triples> ?n }"
        ):
            t += [
                ox.Triple(graph, ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#seeAlso"), r["d"]),
                ox.Triple(graph, ox.NamedNode("http://rdfs.org/ns/void#triples"), r["n"]),
            ]
    fmt = ox.RdfFormat.TURTLE if media == "text/turtle" else ox.RdfFormat.N_TRIPLES
    return ox.serialize(sorted(t, key=str), format=fmt)


def problem(status: int, message: str, **headers: str) -> PlainTextResponse:
    return PlainTextResponse(message.rstrip("\n") + "\n", status_code=status, headers=headers)


def check_release(output: Path, site: Path) -> list[Retired]:
    """Refuse to start on a release or site that is missing or not whole: every distribution's SHA-256 as void.ttl
    records it, and twjp.nt parsing to the number of triples it records. Returns the retired agreements."""
    import pyoxigraph as ox

    problems = []
    for needed in (output / "twjp.nt", output / "void.ttl", site / "index.html"):
        if not needed.is_file():
            problems.append(Problem(str(needed), "is missing: run `twjp build` first"))
    if problems:
        raise TwjpError("twjp serve", problems)
    try:
        void = list(ox.parse(path=str(output / "void.ttl"), format=ox.RdfFormat.TURTLE))
    except (SyntaxError, OSError) as err:
        raise TwjpError("twjp serve", [Problem(str(output / "void.ttl"), f"cannot be read: {err}")]) from None
    by_subject: dict = {}
    for q in void:
        by_subject.setdefault(q.subject.value, {}).setdefault(q.predicate.value, []).append(q.object.value)
    dcat, spdx = "http://www.w3.org/ns/dcat#", "http://spdx.org/rdf/terms#"
    for props in by_subject.values():
        for url in props.get(f"{dcat}downloadURL", []):
            name = url.rsplit("/", 1)[-1]
            checksums = props.get(f"{spdx}checksum", [])
            values = by_subject.get(checksums[0], {}).get(f"{spdx}checksumValue", []) if checksums else []
            want = values[0] if values else ""
            path = output / name
            if not path.is_file():
                problems.append(Problem(str(path), "is missing from the release"))
            elif want and hashlib.sha256(path.read_bytes()).hexdigest() != want:
                problems.append(Problem(str(path), "is not the file void.ttl describes (its SHA-256 differs): rebuild"))
    if not problems:
        problems += site_of_release(output, site)
    if problems:
        raise TwjpError("twjp serve", problems)
    retired = []
    path = output / "retired.csv"
    if path.is_file():
        base = next((s for s, p in by_subject.items() if f"{dcat}Catalog" in p.get(str(RDF_TYPE), [])), "")
        base = base.rsplit("catalog", 1)[0] if base else "https://w3id.org/twjp/"
        for row in csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))):
            replacement = row["replaced_by"]
            retired.append(
                Retired(row["agreement"].removeprefix(base), replacement.removeprefix(base) if replacement else "")
            )
    return retired


def site_of_release(output: Path, site: Path) -> list[Problem]:
    """The site must be the one made from this release (its README names the release's digest): a build killed
    between the two swaps, or one with --no-site, leaves a site of another edition, whose pages would disagree
    with the answers of /sparql."""
    from convert.release.write import directory_digest

    try:
        readme = (site / "README.md").read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        readme = ""
    made_from = re.search(r"sha256:([0-9a-f]{64})", readme)
    if made_from is None:
        return [Problem(str(site), "does not say which release it was made from: run `twjp build`")]
    if made_from.group(1) != directory_digest(output):
        return [
            Problem(
                str(site),
                f"was made from another release than {output} (a build interrupted between them, or run with "
                "--no-site): run `twjp build` to write both again",
            )
        ]
    return []


RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def relative_location(request_path: str, target: str) -> str:
    """A relative reference from the request's path to a target path below the base: it holds under any mount
    (behind a proxy at /twjp/ too), and never names a host."""
    depth = request_path.strip("/").count("/") if request_path.strip("/") else 0
    if request_path.endswith("/") and request_path.strip("/"):
        depth += 1
    return "../" * depth + target if target else "./"


def safe_file(site: Path, path: str) -> Path | None:
    """The site's file for a path, or None: no `..`, no hidden or empty segment, nothing outside the site (symbolic
    links included) — every such path gets the same 404 as any path the site does not have."""
    parts = path.split("/")
    if any(p in ("", ".", "..") or p.startswith(".") or "\\" in p or "\x00" in p for p in parts):
        return None
    candidate = site.joinpath(*parts)
    try:
        real = candidate.resolve(strict=True)
    except (OSError, RuntimeError):
        return None
    if not real.is_file() or (real != site and site not in real.parents):
        return None
    return real


def choose(accept: str, offered: tuple[str, ...]) -> str | None:
    """The offered media type the Accept header prefers (q-values, */* and type/* honoured), or None (406)."""
    if not accept.strip():
        return offered[0]
    best, best_q = None, 0.0
    for i, part in enumerate(accept.split(",")):
        media, *params = (p.strip().lower() for p in part.split(";"))
        q = 1.0
        for p in params:
            if p.startswith("q="):
                try:
                    q = float(p[2:])
                except ValueError:
                    q = 0.0
        if q <= 0:
            continue
        if media == "*/*":
            candidates = offered[:1]
        elif media.endswith("/*"):
            candidates = [o for o in offered if o.startswith(media[:-1])][:1]
        else:
            candidates = [o for o in offered if o == media]
        for c in candidates:
            if q > best_q + 1e-9:
                best, best_q = c, q - i * 1e-9
    return TYPE_ALIASES.get(best, best) if best else None


class Clients:
    """Queries in flight per client address: a bound so that one client cannot hold every worker."""

    def __init__(self, limit: int):
        self.limit, self.busy = limit, {}

    @contextlib.contextmanager
    def slot(self, client: str):
        if self.busy.get(client, 0) >= self.limit:
            yield False
            return
        self.busy[client] = self.busy.get(client, 0) + 1
        try:
            yield True
        finally:
            self.busy[client] -= 1
            if not self.busy[client]:
                del self.busy[client]


def syntax_message(query: str, message: str) -> str:
    """The engine's syntax error with its line and column in words, and the line shown."""
    import re

    m = re.match(r"error at (\d+):(\d+): (.*)", message, re.S)
    if not m:
        return f"the query is not valid SPARQL: {message.splitlines()[0][:300]}"
    line, column, what = int(m.group(1)), int(m.group(2)), m.group(3).splitlines()[0][:300]
    lines = query.splitlines() or [""]
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    shown = text[max(0, column - 60) : column + 60]
    caret = " " * (min(column, 60) - 1 if column > 0 else 0) + "^"
    return f"the query is not valid SPARQL: line {line}, column {column}: {what}\n  {shown}\n  {caret}"


async def read_body(request: Request, limit: int, deadline: float) -> bytes | str | None:
    """The body, None as soon as it is over the limit (never read whole), or "slow" past the deadline."""
    body = bytearray()

    async def gather():
        async for chunk in request.stream():
            body.extend(chunk)
            if len(body) > limit:
                return None
        return bytes(body)

    try:
        return await asyncio.wait_for(gather(), deadline)
    except TimeoutError:
        return "slow"


class AccessLog:
    """One line per request: method, path, status, milliseconds (the path cut short, control bytes escaped)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        started, status = time.monotonic(), {"code": 0}

        async def record(message):
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, record)
        finally:
            path = scope["path"][:200].encode("unicode_escape").decode("ascii")
            log.info(
                "%s %s %d %.1f ms", scope["method"][:10], path, status["code"], 1000 * (time.monotonic() - started)
            )


class Headers:
    """Security headers and CORS on every response; a CORS preflight (OPTIONS) is answered here."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        if sum(len(k) + len(v) for k, v in scope.get("headers", [])) > MAX_HEADER_BYTES:
            return await problem(431, f"the request's headers are over {MAX_HEADER_BYTES} bytes")(scope, receive, send)
        if scope["method"] == "OPTIONS":
            preflight = PlainTextResponse(
                "",
                status_code=204,
                headers={
                    **CORS,
                    **SECURITY_HEADERS,
                    "Access-Control-Allow-Methods": "GET, HEAD, POST, OPTIONS",
                    "Access-Control-Allow-Headers": "Content-Type, Accept",
                    "Access-Control-Max-Age": "86400",
                    "Allow": "GET, HEAD, POST, OPTIONS",
                },
            )
            return await preflight(scope, receive, send)

        async def add(message):
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {k.lower() for k, _ in headers}
                for k, v in {**SECURITY_HEADERS, **CORS}.items():
                    if k.lower().encode() not in present:
                        headers.append((k.lower().encode(), v.encode()))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, add)


def make_app(settings: Settings, pool: Pool, retired: tuple[Retired, ...]) -> Starlette:
    site = settings.site.resolve()
    clients = Clients(settings.per_client)
    not_found_page = (site / "404.html").read_bytes() if (site / "404.html").is_file() else b"<h1>Not found</h1>"

    def not_found() -> Response:
        return HTMLResponse(not_found_page, status_code=404)

    def send_file(request: Request, path: Path) -> Response:
        stat = path.stat()
        etag = f'"{stat.st_mtime_ns:x}-{stat.st_size:x}"'
        headers = {
            "ETag": etag,
            "Cache-Control": "public, max-age=300",
            "Last-Modified": formatdate(stat.st_mtime, usegmt=True),
        }
        if etag in [t.strip() for t in request.headers.get("if-none-match", "").split(",")]:
            return Response(status_code=304, headers=headers)
        media = MEDIA.get(path.suffix) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return FileResponse(path, media_type=media, headers=headers)

    async def pages(request: Request) -> Response:
        if request.method not in ("GET", "HEAD"):
            return problem(405, "only GET and HEAD are answered here", Allow="GET, HEAD")
        path = request.url.path.lstrip("/")
        accept = ", ".join(request.headers.getlist("accept"))
        a = answer(path, accept or None, request.url.query, retired)
        vary = {"Vary": "Accept"} if a.negotiated else {}
        if a.status in (301, 303):
            if a.status == 303 and safe_file(site, a.path) is None:
                return not_found()
            location = relative_location(request.url.path, a.path)
            if request.url.query:  # passed on, as Apache's rewrite rules do (?lang= reaches the page)
                location += "?" + request.url.query
            return Response(status_code=a.status, headers={"Location": location, **vary})
        if a.status == 200:
            found = safe_file(site, a.path)
            return send_file(request, found) if found else not_found()
        if a.status == 406:
            return problem(
                406,
                "none of the media types this IRI is described in is acceptable: ask for text/html, text/turtle, "
                "application/ld+json or application/n-triples (or add ?format=html|ttl|jsonld|nt)",
                **vary,
            )
        if a.status == 410:
            return problem(410, "this agreement is no longer in the list: its data is gone; its page stays", **vary)
        return not_found()

    async def sparql(request: Request) -> Response:
        if request.method not in ("GET", "POST"):
            return problem(405, "the SPARQL endpoint answers GET and POST", Allow="GET, POST, OPTIONS")
        if request.method == "POST":
            body = await read_body(request, settings.max_query_bytes, settings.body_timeout)
            if body == "slow":
                return problem(408, f"the request body did not arrive within {settings.body_timeout:g} s")
            if body is None:
                return problem(413, f"the request is over {settings.max_query_bytes} bytes: a query must be smaller")
            kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
            try:
                text = body.decode("utf-8")
            except UnicodeDecodeError:
                return problem(400, "the request is not UTF-8")
            if kind == "application/sparql-update":
                return problem(403, "this endpoint is read-only: updates are refused")
            if kind == "application/sparql-query":
                params, query = urllib.parse.parse_qs(request.url.query), text
            elif kind == "application/x-www-form-urlencoded":
                try:
                    params = urllib.parse.parse_qs(text, errors="strict")
                except UnicodeDecodeError:
                    return problem(400, "the form is not UTF-8")
                if "update" in params:
                    return problem(403, "this endpoint is read-only: updates are refused")
                query = (params.get("query") or [""])[0]
            else:
                return problem(415, "send the query as application/sparql-query or a form (query=…)")
        else:
            raw = request.scope.get("query_string", b"")
            if len(raw) > settings.max_query_bytes:
                return problem(414, f"the query is over {settings.max_query_bytes} bytes: send a smaller one")
            try:
                params = urllib.parse.parse_qs(raw.decode("ascii"), errors="strict")
            except UnicodeError:
                return problem(400, "the query string is not valid")
            if "update" in params:
                return problem(403, "this endpoint is read-only: updates are refused")
            query = (params.get("query") or [""])[0]
            if not query:
                # no query: the SPARQL service description to a client asking for RDF, the query page to a browser
                accept = ", ".join(request.headers.getlist("accept"))
                if choose(accept, ("text/html", *SD_TYPES)) in SD_TYPES:
                    endpoint = str(request.url.replace(query=""))
                    media = choose(accept, SD_TYPES)
                    return Response(service_description(endpoint, settings, media), media_type=media)
                return Response(status_code=303, headers={"Location": relative_location(request.url.path, "query")})
        if len(query.encode("utf-8")) > settings.max_query_bytes:
            return problem(413, f"the query is over {settings.max_query_bytes} bytes: a query must be smaller")
        if params.get("default-graph-uri") or params.get("named-graph-uri"):
            return problem(
                400,
                "this endpoint holds one graph, the release, as its default graph: default-graph-uri and "
                "named-graph-uri are not supported (leave them out)",
            )
        shape = screen(query)
        if shape.is_update:
            return problem(403, "this endpoint is read-only: updates are refused")
        if shape.service:
            return problem(403, "federated queries (SERVICE) are refused here; run them with `twjp query` instead")
        if shape.problem:
            return problem(400, f"the query is refused before evaluation: {shape.problem}")
        offered = GRAPH_TYPES if shape.is_graph else RESULT_TYPES
        if shape.form not in QUERY_FORMS:
            offered = RESULT_TYPES  # not a query the screen recognises: the engine will say what is wrong
        media = choose(", ".join(request.headers.getlist("accept")), offered)
        if media is None:
            return problem(
                406, f"the {shape.form or 'query'}'s answer can be sent as {', '.join(offered)}: ask for one of them"
            )
        client = request.client.host if request.client else ""
        with clients.slot(client) as admitted:
            if not admitted:
                return problem(
                    429,
                    f"this client already has {settings.per_client} queries running: wait for them",
                    **{"Retry-After": "2"},
                )
            outcome = await pool.run(query, media)
        if outcome.kind == "ok":
            return Response(outcome.body, media_type=outcome.media, headers={"Vary": "Accept"})
        if outcome.kind == "syntax":
            return problem(400, syntax_message(query, outcome.message))
        if outcome.kind == "timeout":
            return problem(
                503,
                f"the query did not finish within {settings.timeout:g} s and was stopped; narrow it or add a LIMIT",
                **{"Retry-After": "10"},
            )
        if outcome.kind == "too-large":
            return problem(
                507,
                f"the result is over {settings.max_result_bytes} bytes, the most this endpoint sends; add a LIMIT or "
                "narrow the query (or query the release in your own store)",
            )
        if outcome.kind == "busy":
            return problem(503, f"the endpoint is busy ({outcome.message}); try again", **{"Retry-After": "5"})
        if outcome.kind == "crashed":
            return problem(503, f"the query was stopped: {outcome.message}; narrow it", **{"Retry-After": "10"})
        return problem(400, f"the query could not be evaluated: {outcome.message}")

    async def query_page(request: Request) -> Response:
        found = safe_file(site, "query.html")
        return send_file(request, found) if found else not_found()

    app = Starlette(
        routes=[
            Route("/sparql", sparql, methods=["GET", "POST", "PUT", "DELETE", "PATCH"]),
            Route("/query", query_page, methods=["GET", "HEAD"]),
            Route("/{path:path}", pages, methods=["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH"]),
        ]
    )
    app.add_middleware(GZipMiddleware, minimum_size=1024)
    app.add_middleware(Headers)
    app.add_middleware(AccessLog)
    return app


def bounded_protocol(settings: Settings):
    """uvicorn's HTTP/1.1 protocol with the bounds a public port needs: a deadline for the request line and headers
    (a slow or silent client is closed, not waited for), a bound on open connections (the idle ones are closed first,
    oldest first), and 431 for oversized headers. uvicorn's own warnings are not logged (no flood)."""
    import h11
    from uvicorn.protocols.http.h11_impl import H11Protocol

    class Bounded(H11Protocol):
        def connection_made(self, transport):
            super().connection_made(transport)
            self.opened = time.monotonic()
            self._head_timer = self.loop.call_later(settings.header_timeout, self._too_slow)
            open_ = [c for c in self.connections if not c.transport.is_closing()]
            if len(open_) > settings.max_connections:
                idle = sorted(
                    (c for c in open_ if c is not self and c._waiting),
                    key=lambda c: getattr(c, "opened", 0),
                )
                excess = len(open_) - settings.max_connections
                for c in idle[:excess]:
                    c.transport.close()
                if len(idle) < excess:  # every other connection is busy with a request: this one waits its turn
                    transport.close()

        @property
        def _waiting(self) -> bool:
            return self.cycle is None or self.cycle.response_complete

        def data_received(self, data: bytes) -> None:
            if self._waiting and self._head_timer is None:
                self._head_timer = self.loop.call_later(settings.header_timeout, self._too_slow)
            super().data_received(data)
            if not self._waiting and self._head_timer is not None:
                self._head_timer.cancel()
                self._head_timer = None

        def _too_slow(self) -> None:
            self._head_timer = None
            if self._waiting and not self.transport.is_closing():
                self.transport.close()

        def connection_lost(self, exc):
            if self._head_timer is not None:
                self._head_timer.cancel()
                self._head_timer = None
            super().connection_lost(exc)

        def send_400_response(self, msg: str) -> None:
            hint = getattr(self, "_hint", 400)
            content = {431: b"the request's headers are too large\n"}.get(hint, b"the request is not valid HTTP\n")
            status = hint if hint in (400, 431) else 400
            for event in (
                h11.Response(
                    status_code=status,
                    headers=[
                        (b"content-type", b"text/plain; charset=utf-8"),
                        (b"connection", b"close"),
                        (b"content-length", str(len(content)).encode()),
                    ],
                ),
                h11.Data(data=content),
                h11.EndOfMessage(),
            ):
                with contextlib.suppress(h11.LocalProtocolError):
                    self.transport.write(self.conn.send(event))
            self.transport.close()

        def handle_events(self) -> None:
            original = self.conn.next_event

            def next_event():
                try:
                    return original()
                except h11.RemoteProtocolError as err:
                    self._hint = err.error_status_hint
                    raise

            self.conn.next_event = next_event
            try:
                super().handle_events()
            finally:
                self.conn.next_event = original

    return Bounded


def stop_cleanly(signum, frame) -> None:
    """SIGTERM or SIGHUP: a clean exit (status 0) that stops the workers and removes the store. (uvicorn stops
    gracefully on SIGTERM, then raises it again once it has: this ends the run.)"""
    raise SystemExit(0)


def serve(settings: Settings, host: str, port: int) -> None:
    """Run until SIGTERM, SIGHUP or Ctrl-C; the workers stop with the server (and die with it if it is killed)."""
    import uvicorn

    retired = tuple(check_release(settings.output, settings.site))
    for path in remove_stale_stores():
        log.info("removed %s, left by a server that is gone", path)
    store = make_store(settings.output / "twjp.nt")
    limits = Limits(
        timeout=settings.timeout,
        memory=settings.memory,
        result_bytes=settings.max_result_bytes,
        workers=settings.workers,
        queue_timeout=settings.timeout,
    )
    pool = Pool(store, limits)
    try:
        pool.start()
        for sig in (signal.SIGTERM, signal.SIGHUP):
            signal.signal(sig, stop_cleanly)
        app = make_app(settings, pool, retired)
        log.info(
            "serving %s and %s on http://%s:%d/ (SPARQL: /sparql, query page: /query; %d workers%s)",
            settings.output,
            settings.site,
            host,
            port,
            settings.workers,
            "" if pool.isolated else ", not network-isolated: SERVICE is refused from the query's tokens only",
        )
        for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
            logging.getLogger(name).setLevel(logging.CRITICAL)
        config = uvicorn.Config(
            app,
            host=host,
            port=port,
            log_level="critical",
            access_log=False,
            http=bounded_protocol(settings),
            timeout_keep_alive=int(max(1, settings.keep_alive)),
            limit_concurrency=settings.max_connections + 16,
            h11_max_incomplete_event_size=16 * 1024,
            timeout_graceful_shutdown=5,
            server_header=False,
            lifespan="off",
        )
        uvicorn.Server(config).run()
    finally:
        pool.stop()
        import shutil

        shutil.rmtree(store, ignore_errors=True)
        with contextlib.suppress(Exception):
            sys.stderr.flush()
