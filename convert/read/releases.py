"""The data's releases (convert/data/releases.tsv): each has a version, a date and the edition of the list it
was built from. The last row is the release being built; the ones before are its previous versions. The
data's version is apart from the software's (convert.__version__)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from convert import paths
from convert.problems import Problem, raise_if_any
from convert.read.tables import read_table

VERSION = re.compile(r"[0-9]+(\.[0-9]+)*")


@dataclass(frozen=True)
class DataRelease:
    """One release of the data. Columns of releases.tsv, in order."""

    version: str
    issued: str
    source: str
    notes: str


@dataclass(frozen=True)
class SourceCitation:
    """How to cite one edition of the list, as its own note states it. Columns of source/citation.tsv, in order;
    `url` and `retrieved` stay empty until someone has verified them."""

    file: str
    title: str
    publisher: str
    compiled_from: str
    url: str
    retrieved: str


def load_citation(path: Path, edition_file: str) -> SourceCitation | None:
    """The citation of the edition in `edition_file`, or None if citation.tsv does not list it."""
    if not path.is_file():
        return None
    rows = read_table(path, SourceCitation)
    problems = []
    for r in rows:
        if r.url and not r.url.startswith(("http://", "https://")):
            problems.append(Problem(f"citation {r.file}", f"url {r.url!r} is not an http(s) URL"))
        if bool(r.url) != bool(r.retrieved):
            problems.append(Problem(f"citation {r.file}", "give the url and the day it was retrieved together"))
        if r.retrieved:
            try:
                dt.date.fromisoformat(r.retrieved)
            except ValueError:
                problems.append(Problem(f"citation {r.file}", f"retrieved {r.retrieved!r} is not a date"))
    raise_if_any(path.name, problems)
    return next((r for r in rows if r.file == edition_file), None)


def check_releases(releases: list[DataRelease]) -> list[Problem]:
    out: list[Problem] = []
    if not releases:
        out.append(Problem("releases.tsv", "no release: add a row for the release being built"))
    seen: set[str] = set()
    for r in releases:
        where = f"release {r.version}"
        if not VERSION.fullmatch(r.version):
            out.append(Problem(where, "a version is numbers joined by dots (1.0, 1.1, 2.0)"))
        if r.version in seen:
            out.append(Problem(where, "version given twice"))
        seen.add(r.version)
        try:
            dt.date.fromisoformat(r.issued)
        except ValueError:
            out.append(Problem(where, f"issued {r.issued!r} is not a date (YYYY-MM-DD)"))
        if not (r.source and r.notes):
            out.append(Problem(where, "source and notes must be given"))
    return out


def version_key(version: str) -> tuple[int, ...]:
    return tuple(int(p) for p in version.split("."))


def load_releases(path: Path | None = None) -> list[DataRelease]:
    """Every release, oldest first; the last is the one being built."""
    path = path or paths.RELEASES
    releases = read_table(path, DataRelease)
    raise_if_any(path.name, check_releases(releases))
    return sorted(releases, key=lambda r: version_key(r.version))
