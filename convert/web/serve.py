"""`twjp serve`: the release and the site on the Web in one command.

- Every IRI path answers 303 See Other to its page or data document by `Accept` (or `?format=`), from the
  same route table as the w3id rules (convert.web.routes), with `Vary: Accept`; an IRI the dataset does not
  mint gets a helpful 404 page. Documents are served from site/ with ETag and Cache-Control (Starlette).
- `/sparql` is the SPARQL 1.1 Protocol over the release, answered by the Oxigraph server (`oxigraph
  serve-read-only`, the maintained engine, started on a private loopback port with the release loaded): its
  `--timeout-s` really stops a query. In front of it, this server refuses updates, federated SERVICE calls
  (unless allowed), queries over a size limit and results over a size limit, and adds CORS.
- `/query` is a query page (YASGUI, vendored) with every sample query preloaded by name and question.

Behind a reverse proxy, run it on 127.0.0.1 and forward a path (for example `/twjp/`) to it; the w3id.org
rules then redirect `https://w3id.org/twjp/…` to the proxy's address (`convert.web.routes.htaccess(target=…)`).
"""

from __future__ import annotations

import logging
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
from markupsafe import escape
from starlette.applications import Starlette
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route
from starlette.staticfiles import StaticFiles

from convert.problems import Problem, TwjpError
from convert.sparql.catalogue import FORM
from convert.web.routes import FORMATS, negotiate, route

log = logging.getLogger("twjp.serve")

UPDATE = re.compile(
    r"\b(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD)\b\s*(DATA|WHERE|\{|GRAPH|SILENT|<|DEFAULT|ALL|NAMED)?",
    re.IGNORECASE,
)
SERVICE = re.compile(r"\bSERVICE\b", re.IGNORECASE)
STRINGS = re.compile(r"'''.*?'''|\"\"\".*?\"\"\"|'(?:[^'\\\n]|\\.)*'|\"(?:[^\"\\\n]|\\.)*\"|<[^<>\s]*>", re.S)
COMMENTS = re.compile(r"#[^\n]*")


@dataclass(frozen=True)
class Settings:
    output: Path
    site: Path
    timeout: float = 10.0
    max_query_bytes: int = 100_000
    max_result_bytes: int = 20_000_000
    allow_service: bool = False


def oxigraph_binary() -> str:
    beside = Path(sys.executable).parent / "oxigraph"
    found = str(beside) if beside.exists() else shutil.which("oxigraph")
    if not found:
        raise TwjpError("twjp serve", [Problem("oxigraph", "the `oxigraph` command is missing: pip install oxigraph")])
    return found


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Engine:
    """The Oxigraph server, read-only, on a private loopback port, with the release loaded."""

    def __init__(self, data: Path, timeout: float):
        binary = oxigraph_binary()
        self.location = Path(tempfile.mkdtemp(prefix="twjp-serve-"))
        result = subprocess.run(
            [binary, "load", "--location", str(self.location), "--file", str(data)], capture_output=True, text=True
        )
        if result.returncode != 0:
            raise TwjpError("twjp serve", [Problem(str(data), f"oxigraph cannot load it: {result.stderr.strip()}")])
        self.port = free_port()
        self.process = subprocess.Popen(
            [
                binary,
                "serve-read-only",
                "--location",
                str(self.location),
                "--bind",
                f"127.0.0.1:{self.port}",
                "--timeout-s",
                str(max(1, round(timeout))),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.url = f"http://127.0.0.1:{self.port}/query"
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise TwjpError("twjp serve", [Problem("oxigraph", "the SPARQL engine stopped at start")])
            try:
                httpx.get(self.url, params={"query": "ASK {}"}, timeout=1)
                return
            except httpx.HTTPError:
                time.sleep(0.05)
        self.stop()
        raise TwjpError("twjp serve", [Problem("oxigraph", "the SPARQL engine does not answer")])

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
        shutil.rmtree(self.location, ignore_errors=True)


def problem(status: int, message: str) -> PlainTextResponse:
    return PlainTextResponse(message + "\n", status_code=status)


def strip_strings(query: str) -> str:
    """The query without its comments, strings and IRIs, to look for keywords safely."""
    return COMMENTS.sub(" ", STRINGS.sub(" ", query))


async def read_body(request: Request, limit: int) -> bytes | None:
    """The request body, or None as soon as it is over the limit (never read whole)."""
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            return None
    return body


class AccessLog:
    """One line per request: method, path, status, milliseconds."""

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
            elapsed = 1000 * (time.monotonic() - started)
            log.info("%s %s %d %.1f ms", scope["method"], scope["path"], status["code"], elapsed)


def make_app(settings: Settings, engine_url: str) -> Starlette:
    site = settings.site.resolve()
    client = httpx.AsyncClient(timeout=settings.timeout + 5)

    async def sparql(request: Request) -> Response:
        if request.method == "POST":
            body = await read_body(request, settings.max_query_bytes)
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
                query = text
            elif kind == "application/x-www-form-urlencoded":
                try:
                    form = urllib.parse.parse_qs(text, strict_parsing=False, errors="strict")
                except UnicodeDecodeError:
                    return problem(400, "the form is not UTF-8")
                if "update" in form:
                    return problem(403, "this endpoint is read-only: updates are refused")
                query = (form.get("query") or [""])[0]
            else:
                return problem(415, "send the query as application/sparql-query or a form (query=…)")
        else:
            raw = request.scope.get("query_string", b"")
            if len(raw) > settings.max_query_bytes:
                return problem(414, f"the query is over {settings.max_query_bytes} bytes")
            try:
                params = urllib.parse.parse_qs(raw.decode("ascii"), errors="strict")
            except UnicodeError:
                return problem(400, "the query string is not valid")
            if "update" in params:
                return problem(403, "this endpoint is read-only: updates are refused")
            query = (params.get("query") or [""])[0]
            if not query:
                return RedirectResponse("/query", status_code=303)
        if len(query.encode("utf-8")) > settings.max_query_bytes:
            return problem(413, f"the query is over {settings.max_query_bytes} bytes")
        bare = strip_strings(query)
        if UPDATE.search(bare) and not FORM.search(bare):
            return problem(403, "this endpoint is read-only: updates are refused")
        if SERVICE.search(bare) and not settings.allow_service:
            return problem(403, "federated queries (SERVICE) are refused here; run them with `twjp query` instead")
        accept = request.headers.get("accept", "application/sparql-results+json")
        started = time.monotonic()
        try:
            async with client.stream(
                "POST",
                engine_url,
                content=query.encode("utf-8"),
                headers={"Content-Type": "application/sparql-query", "Accept": accept},
            ) as upstream:
                body = b""
                async for chunk in upstream.aiter_bytes():
                    body += chunk
                    if len(body) > settings.max_result_bytes:
                        return problem(
                            413,
                            f"the result is over {settings.max_result_bytes} bytes: add a LIMIT or narrow the query",
                        )
                status = upstream.status_code
                media = upstream.headers.get("content-type", "text/plain")
        except httpx.TimeoutException:
            return problem(503, f"the query did not finish within {settings.timeout:g} s and was stopped")
        elapsed = time.monotonic() - started
        if status >= 500 and elapsed >= settings.timeout - 0.5:
            return problem(503, f"the query did not finish within {settings.timeout:g} s and was stopped")
        if status >= 400:
            return problem(
                400 if status < 500 else 500, f"the query was refused: {body.decode('utf-8', 'replace')[:500]}"
            )
        return Response(body, status_code=status, media_type=media)

    async def iri(request: Request) -> Response:
        path = request.path_params["path"]
        if path == "":
            return await static(request)
        if route(path) is not None and (site / f"{path}.html").is_file():
            fmt = request.query_params.get("format") or negotiate(request.headers.get("accept"))
            if fmt not in FORMATS:
                return problem(400, f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
            return RedirectResponse(f"/{path}.{fmt}", status_code=303, headers={"Vary": "Accept"})
        return await static(request)

    files = StaticFiles(directory=site, html=True)

    async def static(request: Request) -> Response:
        try:
            response = await files.get_response(request.path_params.get("path", "") or ".", request.scope)
        except Exception:  # StaticFiles raises HTTPException(404) for what it does not have
            response = None
        if response is None or response.status_code == 404:
            return not_found(request.url.path)
        response.headers.setdefault("Cache-Control", "public, max-age=300")
        return response

    def not_found(path: str) -> HTMLResponse:
        shown = escape(urllib.parse.unquote(path))
        return HTMLResponse(
            '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Not found · twjp</title></head>'
            f"<body><h1>Not found</h1><p>The twjp dataset mints no IRI and holds no document at <code>{shown}</code>."
            '</p><p>Look for a name on the <a href="/">landing page</a> (it has a search box), browse the '
            '<a href="/agreements.html">agreements</a> and <a href="/localities.html">localities</a>, or ask '
            'the <a href="/query">SPARQL query page</a>.</p></body></html>',
            status_code=404,
        )

    async def query_page(request: Request) -> Response:
        page = site / "query.html"
        if not page.is_file():
            return not_found("/query")
        return HTMLResponse(page.read_text(encoding="utf-8"))

    @asynccontextmanager
    async def lifespan(app):
        yield
        await client.aclose()

    app = Starlette(
        routes=[
            Route("/sparql", sparql, methods=["GET", "POST"]),
            Route("/query", query_page, methods=["GET"]),
            Route("/{path:path}", iri, methods=["GET", "HEAD"]),
        ],
        lifespan=lifespan,
    )
    app.add_middleware(
        CORSMiddleware,
        allow_origins=["*"],
        allow_methods=["GET", "POST", "OPTIONS"],
        allow_headers=["Content-Type", "Accept"],
    )

    app.add_middleware(AccessLog)
    return app


def serve(settings: Settings, host: str, port: int) -> None:
    """Run until SIGTERM or Ctrl-C; the SPARQL engine stops with the server."""
    import uvicorn

    for needed in (settings.output / "twjp.ttl", settings.site / "index.html"):
        if not needed.is_file():
            raise TwjpError("twjp serve", [Problem(str(needed), "is missing: run `twjp build` first")])
    engine = Engine(settings.output / "twjp.ttl", settings.timeout)
    # uvicorn stops gracefully on SIGTERM, then raises the signal again: let that be a clean exit (status 0)
    # that stops the SPARQL engine too, not a kill
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        app = make_app(settings, engine.url)
        log.info(
            "serving %s and %s on http://%s:%d/ (SPARQL: /sparql, query page: /query)",
            settings.output,
            settings.site,
            host,
            port,
        )
        uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False, timeout_graceful_shutdown=5)
    finally:
        engine.stop()
