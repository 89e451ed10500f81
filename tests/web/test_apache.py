"""The generated w3id rules on a real Apache: every kind of IRI answers 303 to the right document by Accept,
the documents come with their media types, and an IRI the dataset does not mint is 404."""

import http.client

import pytest

KINDS = {
    "agreement": "agreement/tw-63000--jp-141003--2006-05-22",
    "locality": "locality/tw-67000",
    "district": "locality/tw-63000070",
    "location": "locality/jp-141003/location",
    "group": "group/uki-area",
    "concept": "concept/agreement-type/sister-city",
    "scheme": "concept/category",
    "source": "source/cccbd81a90b19387",
    "source-row": "source/cccbd81a90b19387-row-1",
    "reading": "source/cccbd81a90b19387-row-8-jp",
    "dataset": "dataset",
    "release": "dataset/1.0",
    "distribution": "dataset/1.0/distribution/turtle",
    "query": "dataset/1.0/query/memoranda",
    "catalog": "catalog",
    "place": "place/taiwan",
    "ontology": "ontology",
}
ACCEPT = {
    "text/html": "html",
    "text/turtle": "ttl",
    "application/ld+json": "jsonld",
    "application/n-triples": "nt",
    "*/*": "html",
    "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8": "html",
}
CONTENT_TYPE = {
    "html": "text/html",
    "ttl": "text/turtle",
    "jsonld": "application/ld+json",
    "nt": "application/n-triples",
}


def get(server, path, accept="*/*"):
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    conn.request("GET", path, headers={"Accept": accept})
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return response, body


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("accept", ACCEPT)
def test_an_iri_answers_303_to_its_document_by_accept(apache, kind, accept):
    response, _ = get(apache, f"/twjp/{KINDS[kind]}", accept)
    assert response.status == 303, (kind, accept, response.status)
    location = response.getheader("Location")
    fmt = ACCEPT[accept]
    assert location.endswith(f"/twjp/{KINDS[kind]}.{fmt}"), location
    assert "Accept" in (response.getheader("Vary") or "")
    document, body = get(apache, location.split(f"127.0.0.1:{apache.port}", 1)[-1], accept)
    assert document.status == 200 and body
    assert document.getheader("Content-Type").startswith(CONTENT_TYPE[fmt])


@pytest.mark.parametrize(
    "path",
    ["locality/tw-99999", "agreement/nothing--here--2000-01-01", "concept/agreement-type/nope", "nowhere/at-all"],
)
def test_an_iri_the_dataset_does_not_mint_is_404(apache, path):
    for accept in ("text/html", "text/turtle"):
        response, _ = get(apache, f"/twjp/{path}", accept)
        assert response.status == 404, (path, accept, response.status)


def test_documents_and_the_landing_page_are_served_as_they_are(apache):
    response, body = get(apache, "/twjp/", "text/html")
    assert response.status == 200 and b"<!DOCTYPE html>" in body
    response, _ = get(apache, "/twjp/locality/tw-67000.ttl", "text/html")
    assert response.status == 200 and response.getheader("Content-Type").startswith("text/turtle")
    response, _ = get(apache, "/twjp/release/1.0/twjp.nt")
    assert response.status == 200
