"""Answer a query where it is meant to run: the embedded store (default), another SPARQL endpoint, or
Wikidata's query service; parameters bound as values, SERVICE calls sent where the user says."""

from __future__ import annotations

import difflib
from pathlib import Path

from pyoxigraph import Literal, NamedNode, Store

from convert import paths
from convert.problems import Problem, TwjpError, quote
from convert.sparql.answer import Answer
from convert.sparql.catalogue import WHERE_OPEN, WIKIDATA_SPARQL, QueryFile, body_without_comments
from convert.sparql.embedded import load_store, run_embedded

XSD_STRING = NamedNode("http://www.w3.org/2001/XMLSchema#string")


def with_values_block(text: str, bindings: dict[str, Literal]) -> str:
    """The query text with `VALUES ?name { "value" }` opening its WHERE clause, for a remote endpoint.

    The value is written by pyoxigraph as an escaped RDF literal, so quotes, braces or backslashes in
    it stay inside the string. A plain string is written with its datatype, `"…"^^xsd:string` (the same
    RDF term): Virtuoso reads a plain non-ASCII string constant as "???", a typed one right."""
    return with_values(text, {name: [typed(term)] for name, term in bindings.items()})


def with_values(text: str, terms: dict[str, list[str]]) -> str:
    """The query text with one `VALUES ?name { term … }` per variable opening its WHERE clause (terms as SPARQL
    text, already escaped)."""
    if not terms:
        return text
    m = WHERE_OPEN.search(body_without_comments(text))
    if m is None:
        raise TwjpError("twjp query", [Problem("parameters", "the query has no `WHERE {` to bind them in")])
    block = "".join(f"\n  VALUES ?{name} {{ {' '.join(values)} }}" for name, values in terms.items())
    return text[: m.end()] + block + text[m.end() :]


def typed(term: Literal) -> str:
    """A literal as SPARQL text, a plain string with its datatype written out."""
    if term.language or term.datatype != XSD_STRING:
        return str(term)
    return f"{term}^^<{XSD_STRING.value}>"


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


def with_iri_values(text: str, values: dict[str, list[NamedNode]]) -> str:
    """The query text with `VALUES ?name { <iri> … }` opening its WHERE clause: IRIs found in the data."""
    return with_values(text, {name: [str(i) for i in iris] for name, iris in values.items()})


def ask(
    query: QueryFile,
    bindings: dict[str, Literal],
    *,
    endpoint: str | None = None,
    wikidata_endpoint: str = WIKIDATA_SPARQL,
    data: list[Path] | None = None,
    timeout: float = 120.0,
    store: Store | None = None,
    values: dict[str, list[NamedNode]] | None = None,
) -> Answer:
    """Answer the query where it is meant to run: the embedded store (default; `store` if given, else the
    `data` files loaded), another endpoint (`endpoint`), or Wikidata's query service (`wikidata` queries).
    `values` binds variables to lists of IRIs (the localities a parameter names)."""
    text = with_iri_values(with_wikidata_endpoint(query.text, wikidata_endpoint), values or {})
    if query.endpoint == "wikidata" and endpoint is None:
        endpoint = wikidata_endpoint
    if endpoint is None:
        store = store if store is not None else load_store(data or [paths.OUTPUT / "twjp.ttl"])
        return run_embedded(store, query, bindings, text, timeout)
    from convert.sparql.remote import Endpoint  # SPARQLWrapper is needed only here

    check_endpoint_url(endpoint, "--endpoint")
    return Endpoint(endpoint, timeout=timeout).ask(with_values_block(text, bindings), query.form)


LOCALITY_NAMES = QueryFile(
    name="locality-names",
    path=Path("locality-names.rq"),
    text="""PREFIX twjp: <https://w3id.org/twjp/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?locality ?text WHERE {
  { ?locality a twjp:LocalGovernment } UNION { ?locality a twjp:LocalGovernmentGroup }
  ?locality rdfs:label|skos:altLabel|twjp:officialCode ?text .
}""",
    question="The names, codes and ids of every locality",
    question_zh="每個地方政府的名稱、代碼與識別碼",
    endpoint="twjp",
    form="SELECT",
    columns=("locality", "text"),
)


def find_localities(value: str, names: dict[NamedNode, list[Literal]]) -> list[NamedNode]:
    """The localities a parameter value names, as the sample queries match it: a name, code or id, case ignored."""
    wanted = value.lower()
    return sorted(
        (
            iri
            for iri, texts in names.items()
            if iri.value.rsplit("/locality/", 1)[-1] == value or any(t.value.lower() == wanted for t in texts)
        ),
        key=lambda iri: iri.value,
    )


def nearest_names(value: str, names: dict[NamedNode, list[Literal]], limit: int = 5) -> list[str]:
    """Names of the localities nearest to a value that names none: names containing it or contained in it,
    then names spelled alike; each shown in Chinese (and English)."""
    wanted = value.strip().lower()
    by_text: dict[str, set[NamedNode]] = {}
    for iri, texts in names.items():
        for t in texts:
            by_text.setdefault(t.value.lower(), set()).add(iri)
    found: list[NamedNode] = []
    if wanted:
        containing = sorted(t for t in by_text if len(t) > 1 and (wanted in t or t in wanted))
        alike = difflib.get_close_matches(wanted, list(by_text), n=limit, cutoff=0.6)
        for text in [*sorted(containing, key=lambda t: (abs(len(t) - len(wanted)), t)), *alike]:
            for iri in sorted(by_text[text], key=lambda i: i.value):
                if iri not in found:
                    found.append(iri)

    def shown(iri: NamedNode) -> str:
        labels = {t.language: t.value for t in names[iri] if t.language}
        zh, en = labels.get("zh-hant"), labels.get("en")
        return f"{zh or labels.get('ja') or iri.value} ({en})" if en else (zh or iri.value)

    return [shown(iri) for iri in found[:limit]]


def locality_values(
    query: QueryFile, bindings: dict[str, Literal], names: dict[NamedNode, list[Literal]]
) -> dict[str, list[NamedNode]]:
    """For a query with a `# Locality:` line: the localities its parameter names, bound to its variable.
    A value that names none is an error that suggests the nearest names."""
    if query.locality is None:
        return {}
    parameter, variable = query.locality
    value = bindings[parameter].value
    found = find_localities(value, names)
    if found:
        return {variable: found}
    if not value.strip():
        message = "is empty: give a locality's name, official code or twjp id"
    else:
        near = nearest_names(value, names)
        hint = f"; did you mean {', '.join(near)}?" if near else "; no locality has a name like it"
        message = f"{quote(value)} names no locality of the dataset{hint}"
    raise TwjpError("twjp query", [Problem(f"--param {parameter}", message)], exit_code=2)


def locality_names(answer: Answer) -> dict[NamedNode, list[Literal]]:
    out: dict[NamedNode, list[Literal]] = {}
    for iri, text in answer.rows():
        if isinstance(iri, NamedNode) and isinstance(text, Literal):
            out.setdefault(iri, []).append(text)
    return out


def names_of(answer: Answer, lang: str, store: Store | None, data: list[Path]) -> dict[str, str]:
    """The name of each of the dataset's IRIs in the answer, in `lang` (zh, ja or en; else English, then
    Japanese, then Chinese), from the store the query ran on, or, for another endpoint, from the release."""
    iris = {t.value for row in answer.rows() for t in row if isinstance(t, NamedNode)}
    if not iris:
        return {}
    if store is None:
        source = data or [paths.OUTPUT / "twjp.ttl"]
        if not all(p.is_file() for p in source):
            return {}
        store = load_store(source)
    tag = {"zh": "zh-hant", "ja": "ja", "en": "en"}[lang]
    order = [tag, *(t for t in ("en", "ja", "zh-hant") if t != tag)]
    out = {}
    for iri in sorted(iris):
        found: dict[str, str] = {}
        for p in (RDFS_LABEL, SKOS_PREF_LABEL):
            for q in store.quads_for_pattern(NamedNode(iri), p, None):
                language = (getattr(q.object, "language", None) or "").lower()
                found.setdefault(language, q.object.value)
        name = next((found[t] for t in order if t in found), "")
        if name:
            out[iri] = name
    return out


RDFS_LABEL = NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
SKOS_PREF_LABEL = NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel")
