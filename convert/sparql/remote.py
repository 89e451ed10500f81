"""Ask a remote SPARQL 1.1 endpoint (this dataset in a triple store, or Wikidata) through SPARQLWrapper.

Polite by default: a User-Agent that names the project (Wikidata's policy asks for one), HTTP 429 and
503 retried after the Retry-After the server gives, and plain-language errors when the endpoint cannot be
reached. Bounded against a hostile or broken server: `timeout` is a deadline for the whole answer (headers and
body, however slowly it trickles), an answer larger than ANSWER_BOUND is refused as it arrives, and nothing a
server sends is printed raw (control bytes are shown escaped). Every such failure exits 3 (EXIT_REMOTE).
Only explicit commands call it; the build and the tests never reach the
internet (the tests use Oxigraph servers on 127.0.0.1)."""

from __future__ import annotations

import logging
import re
import signal
import socket
import threading
import time
import urllib.error
from contextlib import contextmanager
from dataclasses import dataclass
from email.utils import parsedate_to_datetime

from pyoxigraph import RdfFormat, parse
from SPARQLWrapper import JSON, POST, TURTLE, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

from convert import __version__
from convert.problems import Problem, TwjpError
from convert.sparql.answer import GRAPH_FORMS, Answer

log = logging.getLogger("twjp")

ANSWER_BOUND = 256 * 1024 * 1024  # bytes
EXIT_REMOTE = 3
USER_AGENT = f"twjp/{__version__} (https://w3id.org/twjp/; Taiwan-Japan local government agreements as linked data)"
RETRY_STATUSES = (429, 503)


@dataclass(frozen=True)
class Endpoint:
    url: str
    timeout: float = 120.0
    attempts: int = 4  # the first request and up to three retries
    longest_wait: float = 300.0  # a server asking for a longer pause is reported, not obeyed

    def ask(self, text: str, form: str) -> Answer:
        """The answer of the endpoint to the query text (SELECT/ASK as SPARQL JSON results, else triples)."""
        client = SPARQLWrapper(self.url, agent=USER_AGENT)
        client.setQuery(text)
        # SPARQLWrapper guesses the form from the first keyword anywhere, comments included ("adds" -> ADD)
        client.queryType = form
        client.setMethod(POST)
        client.setTimeout(max(1, round(self.timeout)))
        graph = form in GRAPH_FORMS
        client.setReturnFormat(TURTLE if graph else JSON)
        body, content_type = self._respond(client)
        if not graph:
            answer = Answer(form, results_json=body)
            try:
                answer.rows()
            except SyntaxError as err:
                # a server that streams its answer can only report a failure (e.g. of a SERVICE call) inside it
                raise self.error(broken_answer(body, err)) from err
            return answer
        fmt = RdfFormat.from_media_type(content_type) or RdfFormat.TURTLE
        try:
            return Answer(form, triples=[quad.triple for quad in parse(body, format=fmt)])
        except SyntaxError as err:
            raise self.error(f"answered with {content_type} that does not parse: {err}") from err

    def _respond(self, client: SPARQLWrapper) -> tuple[bytes, str]:
        for attempt in range(1, self.attempts + 1):
            try:
                with deadline(self.timeout):
                    started = time.monotonic()
                    result = client.query()
                    body = self._read(result.response, started)
                return body, result.response.headers.get("Content-Type", "").split(";")[0].strip()
            except urllib.error.HTTPError as err:
                if err.code not in RETRY_STATUSES:
                    raise self.error(f"answered HTTP {err.code} {err.reason}: {excerpt(err.read())}") from err
                wait = retry_after(err.headers.get("Retry-After"))
                if attempt == self.attempts:
                    raise self.error(
                        f"still answers HTTP {err.code} after {attempt} attempts; try again later"
                    ) from err
                if wait > self.longest_wait:
                    raise self.error(f"answered HTTP {err.code} and asks to wait {wait:g} s; try again later") from err
                log.warning(
                    "%s answered HTTP %s; retrying in %g s (attempt %d of %d)",
                    self.url,
                    err.code,
                    wait,
                    attempt + 1,
                    self.attempts,
                )
                time.sleep(wait)
            except SPARQLWrapperException as err:
                raise self.error(f"refused the query: {excerpt(str(err).encode())}") from err
            except urllib.error.URLError as err:
                if isinstance(err.reason, TimeoutError | socket.timeout):
                    raise self.timeout_error() from err
                raise self.error(f"cannot be reached ({err.reason}); are you offline, or is the URL wrong?") from err
            except TimeoutError as err:
                raise self.timeout_error() from err
            except (ConnectionError, OSError) as err:
                raise self.error(f"connection failed ({err}); are you offline?") from err
        raise AssertionError("unreachable")

    def _read(self, response, started: float) -> bytes:
        """The whole body, within the deadline and the size bound."""
        chunks, size = [], 0
        while chunk := response.read1(1024 * 1024):
            size += len(chunk)
            if size > ANSWER_BOUND:
                response.close()
                raise self.error(f"sent more than {ANSWER_BOUND // 1024 // 1024} MiB; refused (ask for less)")
            if time.monotonic() - started > self.timeout:
                response.close()
                raise self.timeout_error()
            chunks.append(chunk)
        return b"".join(chunks)

    def error(self, message: str) -> TwjpError:
        return TwjpError("SPARQL endpoint", [Problem(printable(self.url), printable(message))], EXIT_REMOTE)

    def timeout_error(self) -> TwjpError:
        return self.error(f"gave no whole answer within {self.timeout:g} s (--timeout)")


def retry_after(value: str | None, default: float = 5.0) -> float:
    """Seconds to wait from a Retry-After header: a number of seconds or an HTTP date."""
    if not value:
        return default
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return default
    return max(0.0, moment.timestamp() - time.time())


def excerpt(body: bytes, limit: int = 200) -> str:
    """A server's text in one line: markup left out, whitespace joined, control characters escaped, shortened."""
    text = re.sub(r"<[^>]*>", " ", body.decode("utf-8", "replace"))
    text = printable(" ".join(text.split()))
    return text if len(text) <= limit else text[:limit] + "…"


def broken_answer(body: bytes, err: Exception) -> str:
    """Why results did not parse, in one line: a server that streams its answer can only report a failure (a
    cancelled query, a failed SERVICE call) as text where the results break off; that text is the cause."""
    tail = body[-2000:].decode("utf-8", "replace")
    m = re.search(r"[\[{,:]\s*([A-Za-z][^\[\]{}\"]{3,})$", tail.strip())
    if m:
        return f"its answer broke off: {excerpt(m.group(1).encode())}"
    first = str(err).splitlines()[0] if str(err) else type(err).__name__
    return f"sent results that are not SPARQL JSON results ({excerpt(first.encode(), 120)})"


def printable(text: str) -> str:
    """Text a server sent, safe for a terminal: control and format characters (escape sequences, bidi
    overrides) shown as escapes, never sent raw."""
    return "".join(c if c.isprintable() or c == " " else ascii(c)[1:-1] for c in text)


@contextmanager
def deadline(seconds: float):
    """A wall-clock deadline for a blocking exchange (a socket's own timeout is per read: a server sending one
    byte a second never trips it). In the main thread a timer interrupts the exchange; elsewhere the reading
    loop's own check is the bound."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def expired(signum, frame):
        raise TimeoutError("deadline")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
