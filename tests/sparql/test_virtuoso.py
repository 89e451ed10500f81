"""A second real triple store: Virtuoso (Debian's virtuoso-opensource) bulk-loads the release, and every local
sample query, run through `twjp query --endpoint`, gives the expected answer kept beside it."""

import csv
import io
import os

import pytest

from convert import paths
from convert.sparql import catalogue
from convert.sparql.catalogue import expected_path
from tests.servers import VirtuosoServer, virtuoso_available
from tests.test_cli import twjp

LOCAL = [q for q in catalogue().values() if q.endpoint == "twjp"]


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory):
    if not virtuoso_available() and os.environ.get("CI") != "true":
        pytest.skip(
            "Virtuoso is not installed here (apt-get install virtuoso-opensource); CI installs it and runs this"
        )
    server = VirtuosoServer(tmp_path_factory.mktemp("virtuoso"), [paths.OUTPUT / "twjp.nt"], "https://w3id.org/twjp/")
    yield server
    server.stop()


def by_value(cell: str, expected: str) -> str:
    """Virtuoso answers a boolean as 1 or 0: compare booleans by value."""
    if expected in ("true", "false") and cell in ("1", "0"):
        return "true" if cell == "1" else "false"
    return cell


@pytest.mark.parametrize("query", LOCAL, ids=lambda q: q.name)
def test_every_local_query_gives_the_expected_answer_on_virtuoso(virtuoso, query):
    expected_file = expected_path(query)
    if query.is_graph:
        result = twjp("query", query.name, "--endpoint", virtuoso.url, "--format", "ntriples")
        assert result.returncode == 0, result.stderr
        assert sorted(set(result.stdout.splitlines())) == sorted(
            set(expected_file.read_text(encoding="utf-8").splitlines())
        )
        return
    result = twjp("query", query.name, "--endpoint", virtuoso.url, "--format", "csv")
    assert result.returncode == 0, result.stderr
    expected = list(csv.reader(io.StringIO(expected_file.read_text(encoding="utf-8"))))
    got = list(csv.reader(io.StringIO(result.stdout)))
    assert got[0] == expected[0]
    assert len(got) == len(expected) > 1
    # rows compared as a multiset: the stores may order ties, and non-ASCII strings, differently
    normalised = [[by_value(c, e) for c, e in zip(g, expected[1], strict=True)] for g in got[1:]]
    assert sorted(normalised) == sorted(expected[1:])


@pytest.mark.parametrize("name", ["臺南市", "台南市", "横浜市", "神奈川県横浜市", "Tainan City", "67000", "tw-67000"])
def test_a_non_ascii_parameter_reaches_virtuoso_intact(virtuoso, name):
    embedded = twjp("query", "agreements-of-locality", "--param", f"name={name}", "--format", "csv")
    remote = twjp(
        "query", "agreements-of-locality", "--param", f"name={name}", "--format", "csv", "--endpoint", virtuoso.url
    )
    assert embedded.returncode == remote.returncode == 0, remote.stderr
    assert len(embedded.stdout.splitlines()) > 1
    assert sorted(remote.stdout.splitlines()) == sorted(embedded.stdout.splitlines())
