from pathlib import Path

import pytest

from convert import paths
from convert.read.edition import Edition, load_edition
from tests.servers import OxigraphServer

TESTS = Path(__file__).resolve().parent
DATA = TESTS / "data"
WIKIDATA_FIXTURE = DATA / "wikidata" / "wikidata.ttl"


@pytest.fixture(scope="session")
def edition() -> Edition:
    return load_edition()


@pytest.fixture(scope="session")
def rows(edition):
    return {r.number: r for r in edition.published.rows}


@pytest.fixture(scope="session")
def agreements(edition):
    return {a.row.number: a for a in edition.agreements}


@pytest.fixture(scope="session")
def dataset_server(tmp_path_factory):
    """The published Turtle in a real triple store: the proof that the release loads into one."""
    server = OxigraphServer(tmp_path_factory.mktemp("twjp-db"), [paths.OUTPUT / "twjp.ttl"])
    yield server
    server.stop()


@pytest.fixture(scope="session")
def wikidata_server(tmp_path_factory):
    """A stand-in for Wikidata's query service, loaded with tests/data/wikidata/wikidata.ttl."""
    server = OxigraphServer(tmp_path_factory.mktemp("wikidata-db"), [WIKIDATA_FIXTURE])
    yield server
    server.stop()


def release_row(version: str, issued: str, source: Path, notes: str) -> str:
    """A row of releases.tsv for a new release of the edition in `source` (its SHA-256 binds the version)."""
    import hashlib

    return f"{version}\t{issued}\t{source.name}\t{hashlib.sha256(source.read_bytes()).hexdigest()}\t{notes}\n"
