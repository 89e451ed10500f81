"""Answer a query where it is meant to run: the embedded store (default), another SPARQL endpoint, or
Wikidata's query service; parameters bound as values, SERVICE calls sent where the user says."""

from __future__ import annotations

from pathlib import Path

from pyoxigraph import Literal, NamedNode

from convert import paths
from convert.problems import Problem, TwjpError
from convert.sparql.answer import Answer
from convert.sparql.catalogue import WHERE_OPEN, WIKIDATA_SPARQL, QueryFile, body_without_comments
from convert.sparql.embedded import load_store, run_embedded


def with_values_block(text: str, bindings: dict[str, Literal]) -> str:
    """The query text with `VALUES ?name { "value" }` opening its WHERE clause, for a remote endpoint.

    The value is written by pyoxigraph as an escaped RDF literal, so quotes, braces or backslashes in
    it stay inside the string."""
    if not bindings:
        return text
    m = WHERE_OPEN.search(body_without_comments(text))
    if m is None:
        raise TwjpError("twjp query", [Problem("parameters", "the query has no `WHERE {` to bind them in")])
    values = "".join(f"\n  VALUES ?{name} {{ {term} }}" for name, term in bindings.items())
    return text[: m.end()] + values + text[m.end() :]


def with_wikidata_endpoint(text: str, endpoint: str) -> str:
    """The query with its SERVICE calls to Wikidata's query service sent to another endpoint."""
    if endpoint == WIKIDATA_SPARQL:
        return text
    check_endpoint_url(endpoint, "--wikidata-endpoint")
    return text.replace(f"SERVICE <{WIKIDATA_SPARQL}>", f"SERVICE <{endpoint}>")


def check_endpoint_url(url: str, option: str) -> None:
    try:
        NamedNode(url)
    except ValueError as err:
        raise TwjpError("twjp", [Problem(option, f"{url!r} is not an IRI: {err}")]) from err
    if not url.startswith(("http://", "https://")):
        raise TwjpError("twjp", [Problem(option, f"{url!r} is not an http(s) URL")])


def ask(
    query: QueryFile,
    bindings: dict[str, Literal],
    *,
    endpoint: str | None = None,
    wikidata_endpoint: str = WIKIDATA_SPARQL,
    data: list[Path] | None = None,
    timeout: float = 120.0,
) -> Answer:
    """Answer the query where it is meant to run: the embedded store (default), another endpoint
    (`endpoint`), or Wikidata's query service (`wikidata` queries)."""
    text = with_wikidata_endpoint(query.text, wikidata_endpoint)
    if query.endpoint == "wikidata" and endpoint is None:
        endpoint = wikidata_endpoint
    if endpoint is None:
        store = load_store(data or [paths.OUTPUT / "twjp.ttl"])
        return run_embedded(store, query, bindings, text, timeout)
    from convert.sparql.remote import Endpoint  # SPARQLWrapper is needed only here

    check_endpoint_url(endpoint, "--endpoint")
    return Endpoint(endpoint, timeout=timeout).ask(with_values_block(text, bindings), query.form)
