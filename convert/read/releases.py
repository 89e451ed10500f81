"""The data's releases (convert/data/releases.tsv): each has a version, a date and the edition of the list it
was built from (its file name and SHA-256). The last row is the release being built; the ones before are its
previous versions. The data's version is apart from the software's (convert.__version__).

A version is bound to its edition for good: `twjp build` refuses to write release 1.0 from any other text than
the one releases.tsv records for 1.0 (`check_bound`). A candidate edition is tried out as a draft (version
`draft`, never under a published version's IRIs), and published by adding a row for the next version."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from convert import paths
from convert.problems import Problem, TwjpError, quote, raise_if_any
from convert.read.tables import read_table

VERSION = re.compile(r"[0-9]+(\.[0-9]+)*")
SHA256 = re.compile(r"[0-9a-f]{64}")
DRAFT = "draft"
EXIT_UNBOUND = 2  # like a usage error: the command asks for something the curated data does not allow


@dataclass(frozen=True)
class DataRelease:
    """One release of the data. Columns of releases.tsv, in order."""

    version: str
    issued: str
    source: str
    sha256: str
    notes: str

    @property
    def is_draft(self) -> bool:
        return self.version == DRAFT


def draft_release(source: Path, source_bytes: bytes, today: dt.date) -> DataRelease:
    """The release a draft build describes: version `draft`, issued today, the edition tried out."""
    return DataRelease(
        DRAFT,
        today.isoformat(),
        source.name,
        hashlib.sha256(source_bytes).hexdigest(),
        "A draft built from a candidate edition of the list to try it out: not a published release. Its "
        "identifiers of agreements not yet registered may still change, and it has no version of its own.",
    )


def check_bound(release: DataRelease, source: Path, source_bytes: bytes) -> None:
    """Raise (exit 2) unless `source` is the edition releases.tsv records for the release being built."""
    digest = hashlib.sha256(source_bytes).hexdigest()
    if release.is_draft or digest == release.sha256:
        return
    raise TwjpError(
        "releases.tsv",
        [
            Problem(
                f"release {release.version}",
                f"is bound to the edition {release.source} (sha256 {release.sha256[:16]}…), and {source} is another "
                f"text (sha256 {digest[:16]}…); a published version never changes. To publish this edition, add "
                "a row for the next version to convert/data/releases.tsv (version "
                f"{next_version(release.version)}, issued YYYY-MM-DD, source {source.name}, sha256 {digest}, "
                "notes), copy the file to "
                "convert/data/source/, run `twjp register --source FILE` and build again; to try it out first, "
                "`twjp build --draft --source FILE`",
            )
        ],
        exit_code=EXIT_UNBOUND,
    )


def next_version(version: str) -> str:
    parts = version.split(".")
    parts[-1] = str(int(parts[-1]) + 1) if parts[-1].isdigit() else parts[-1]
    return ".".join(parts)


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


@dataclass(frozen=True)
class Publisher:
    """Who publishes the data and how to reach them (publisher.tsv, one row): a name, an e-mail address and an
    issue tracker's URL where they are known, and `report`, a URL template for a correction report ({title} and
    {body} are filled in, URL-encoded: `https://github.com/ORG/REPO/issues/new?title={title}&body={body}` or
    `mailto:ADDRESS?subject={title}&body={body}`). Nothing is invented: empty cells stay empty, and the build says
    that no contact point is published."""

    name: str
    email: str
    issues: str
    report: str
    type: str  # the kind of publisher, one of ADMS's publisher types (PUBLISHER_TYPES), where it is known
    source: str

    @property
    def has_contact(self) -> bool:
        return bool(self.email or self.issues)


# ADMS's publisher types (SEMICeu/ADMS-AP, purl.org/ADMS_SKOS_v1.00.rdf; shapes/dcat-ap-3.0.1/eu-vocabularies.ttl
# holds them): the values DCAT-AP expects for a publisher's dcterms:type
PUBLISHER_TYPES = (
    "Academia-ScientificOrganisation",
    "Company",
    "IndustryConsortium",
    "LocalAuthority",
    "NationalAuthority",
    "NonGovernmentalOrganisation",
    "NonProfitOrganisation",
    "PrivateIndividual(s)",
    "RegionalAuthority",
    "StandardisationBody",
    "SupraNationalAuthority",
)
EMAIL = re.compile(r"[^@\s<>\"]+@[^@\s<>\"]+\.[A-Za-z]{2,}")
# an absolute http(s) URL that is also an IRI (RFC 3987): none of the characters an IRI may not hold
HTTP_URL = re.compile(r"https?://[^\s<>\"{}|\\^`\x00-\x1f\x7f]+")


def load_publisher(path: Path | None = None) -> Publisher:
    path = path or paths.PUBLISHER
    rows = read_table(path, Publisher)
    problems = []
    if len(rows) != 1:
        problems.append(Problem(path.name, f"one row, the publisher, is expected; found {len(rows)}"))
    for p in rows:
        where = f"publisher {p.name!r}"
        if not p.name or not p.source:
            problems.append(Problem(where, "give the name and where its contact details come from (source)"))
        if p.email and not EMAIL.fullmatch(p.email):
            problems.append(Problem(where, f"email {p.email!r} is not an e-mail address"))
        for column, value in (("issues", p.issues), ("report", p.report)):
            if value and not re.fullmatch(r"(?:https?://|mailto:)[^\s<>\"]+", value):
                problems.append(Problem(where, f"{column} {value!r} is not an http(s) or mailto: URL without spaces"))
        if p.type and p.type not in PUBLISHER_TYPES:
            kinds = ", ".join(PUBLISHER_TYPES)
            problems.append(Problem(where, f"type {p.type!r} is not one of ADMS's publisher types: {kinds}"))
        if p.report and not ("{title}" in p.report and "{body}" in p.report):
            problems.append(Problem(where, "report must hold {title} and {body}, where a correction report goes"))
    raise_if_any(path.name, problems)
    return rows[0]


def load_citation(path: Path, edition_file: str) -> SourceCitation | None:
    """The citation of the edition in `edition_file`, or None if citation.tsv does not list it."""
    if not path.is_file():
        return None
    rows = read_table(path, SourceCitation)
    problems = []
    for r in rows:
        if r.url and not HTTP_URL.fullmatch(r.url):
            problems.append(
                Problem(f"citation {r.file}", f"url {quote(r.url)} is not an http(s) URL (no spaces, quotes, <, >…)")
            )
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
        if not SHA256.fullmatch(r.sha256):
            out.append(Problem(where, f"sha256 {r.sha256!r} is not the 64 hex digits of the edition's SHA-256"))
        if r.version == DRAFT:
            out.append(Problem(where, "`draft` is not a version: drafts are built with `twjp build --draft`"))
    return out


def version_key(version: str) -> tuple[int, ...]:
    return tuple(int(p) for p in version.split("."))


def load_releases(path: Path | None = None) -> list[DataRelease]:
    """Every release, oldest first; the last is the one being built."""
    path = path or paths.RELEASES
    releases = read_table(path, DataRelease)
    raise_if_any(path.name, check_releases(releases))
    return sorted(releases, key=lambda r: version_key(r.version))
