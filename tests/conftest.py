from pathlib import Path

import pytest

from convert.build import Edition, load_edition

TESTS = Path(__file__).resolve().parent
DATA = TESTS / "data"


@pytest.fixture(scope="session")
def edition() -> Edition:
    return load_edition()


@pytest.fixture(scope="session")
def rows(edition):
    return {r.number: r for r in edition.published.rows}


@pytest.fixture(scope="session")
def agreements(edition):
    return {a.row.number: a for a in edition.agreements}
