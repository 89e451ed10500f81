"""Load every input of an edition: the published list, the gazetteer, the readings; resolve the rows."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

from convert import paths
from convert.problems import Problem, TwjpError, quote, raise_if_any
from convert.read.gazetteer import Gazetteer, load_gazetteer
from convert.read.parse import PublishedList, decode, parse_collecting
from convert.read.readings import (
    Predecessor,
    Succession,
    load_characters,
    load_predecessors,
    load_readings,
    load_successions,
)
from convert.read.registry import Matching, Registered, Retired, Withdrawn, load_registry, load_retired, match
from convert.read.releases import (
    DataRelease,
    Publisher,
    SourceCitation,
    check_bound,
    draft_release,
    load_citation,
    load_publisher,
    load_releases,
)
from convert.read.report import Difference, differences
from convert.read.resolve import Agreement, Party, Resolver
from convert.read.vocabulary import Vocabulary, load_vocabulary


@dataclass(frozen=True)
class Edition:
    source: Path
    published: PublishedList
    gazetteer: Gazetteer
    agreements: list[Agreement]
    differences: list[Difference]
    vocabulary: Vocabulary
    # how the list writes each Japanese locality it names (in Traditional Chinese forms): its zh-Hant label
    written: dict[str, str]
    # the agreements' ids: from the registry, or minted by its rule for agreements not registered yet
    registration: Matching
    # the data's releases, oldest first; the last is the one being built
    releases: list[DataRelease]
    # how to cite this edition of the list (source/citation.tsv), if it is listed
    citation: SourceCitation | None = None
    # registered agreements this edition does not list, with why (retired.tsv) where it is known, and what they were
    retired: list[Withdrawn] = ()
    # the SHA-256 of the edition's text
    sha256: str = ""
    # the local governments formed from predecessors (successions.tsv), and the predecessors they name
    successions: list[Succession] = ()
    predecessors: list[Predecessor] = ()
    # who publishes the data and how to reach them (publisher.tsv)
    publisher: Publisher | None = None

    def succession_of(self, a: Agreement, party: Party) -> Succession | None:
        """The succession an agreement's party results from, when the agreement was signed before it: the
        signatory was a predecessor (the party's `successor` reading says so)."""
        if party.reading is None or party.reading.kind != "successor":
            return None
        formed = {s.locality: s for s in self.successions}
        for loc_id in party.locality_ids:
            loc = self.gazetteer[loc_id]
            while loc is not None:
                s = formed.get(loc.id)
                if s is not None and a.row.date < (s.date if not s.year_only else s.date.replace(month=12, day=31)):
                    return s
                loc = self.gazetteer.parent(loc)
        return None

    @property
    def key(self) -> str:
        """The edition's id: the first 16 hex digits of its SHA-256 (source/KEY in the data)."""
        return self.sha256[:16]

    def used_locality_ids(self) -> set[str]:
        """The localities parties resolve to, with group members and every ancestor."""
        out: set[str] = set()
        todo = [i for a in self.agreements for p in (a.taiwan, a.japan) for i in p.locality_ids]
        # the parties a retired agreement was last listed with keep their descriptions too
        todo += [
            i
            for r in self.retired
            for i in (*r.entry.taiwan_ids.split(), *r.entry.japan_ids.split())
            if i in self.gazetteer
        ]
        while todo:
            loc = self.gazetteer[todo.pop()]
            if loc.id in out:
                continue
            out.add(loc.id)
            todo.extend(loc.member_ids)
            if loc.parent:
                todo.append(loc.parent)
        return out

    def summary(self) -> str:
        party_ids = {i for a in self.agreements for p in (a.taiwan, a.japan) for i in p.locality_ids}
        by_kind = Counter((self.gazetteer[i].country, self.gazetteer[i].kind) for i in party_ids)
        readings = Counter(p.reading.kind for a in self.agreements for p in (a.taiwan, a.japan) if p.reading)
        lines = [
            f"{len(self.agreements)} agreements read from {self.source.name}",
            f"{len(party_ids)} localities are parties:",
        ]
        for country in ("TW", "JP"):
            parts = ", ".join(f"{n} {kind}" for (c, kind), n in sorted(by_kind.items()) if c == country)
            lines.append(f"  {country} {sum(n for (c, _), n in by_kind.items() if c == country)}: {parts}")
        lines.append(
            f"{sum(readings.values())} readings applied: " + ", ".join(f"{k} {n}" for k, n in sorted(readings.items()))
        )
        lines.append("unresolved: 0")
        return "\n".join(lines)


def load_edition(
    source: Path | None = None, data: Path | None = None, today: dt.date | None = None, draft: bool | None = None
) -> Edition:
    """Read and resolve an edition. Raises TwjpError listing every problem: first those of the curated tables
    (all of them together), else those of the list — reading, resolving and type lookup together.

    The edition is described as the last release of releases.tsv when it is that release's text. `draft=True`
    describes it as a draft (version `draft`) after the published releases; `draft=False` refuses (exit 2) a text
    that is not the release's; None (for library use) makes a draft of any other text."""
    source = source or paths.SOURCE
    data = data or paths.DATA
    problems: list[Problem] = []
    gaz = _collect(problems, load_gazetteer, data / paths.GAZETTEER.name)
    readings = _collect(problems, load_readings, gaz, data / paths.READINGS.name) if gaz else None
    characters = _collect(problems, load_characters, data / paths.CHARACTERS.name)
    successions = _collect(problems, load_successions, gaz, data / paths.SUCCESSIONS.name) if gaz else None
    predecessors = (
        _collect(problems, load_predecessors, successions, gaz, data / paths.PREDECESSORS.name)
        if gaz and successions is not None
        else None
    )
    vocabulary = _collect(problems, load_vocabulary, data)
    registry = _collect(problems, load_registry, data / paths.REGISTRY.name)
    releases = _collect(problems, load_releases, data / paths.RELEASES.name)
    publisher = _collect(problems, load_publisher, data / paths.PUBLISHER.name)
    raise_if_any("convert/data", problems)
    source_bytes = _read_bytes(source)
    if draft is None:
        draft = hashlib.sha256(source_bytes).hexdigest() != releases[-1].sha256
    if draft:
        releases = [*releases, draft_release(source, source_bytes, today or dt.date.today())]
    resolver = Resolver(gaz, readings, characters, successions)
    published, problems = parse_collecting(decode(source_bytes, str(source)), today)
    agreements, unresolved = resolver.resolve_collecting(published.rows)
    problems += unresolved
    problems += [
        Problem(
            row.where,
            f"type {quote(row.type)} is not in convert/data/agreement_types.tsv; add it with its "
            "id, English and Japanese labels and category",
        )
        for row in published.rows
        if row.type not in vocabulary.types
    ]
    raise_if_any(str(source), problems)
    # the list's own problems first (they are what a broken edition needs to hear), then whether it may be built
    check_bound(releases[-1], source, source_bytes)
    matching = match(agreements, registry)
    agreements = [replace(a, id=matching.ids[a.row.number]) for a in agreements]
    return Edition(
        source,
        published,
        gaz,
        agreements,
        differences(agreements, gaz),
        vocabulary,
        resolver.written_forms(agreements),
        matching,
        releases,
        load_citation(source.parent / "citation.tsv", source.name),
        retired_now(matching, load_retired(registry, data / paths.RETIRED.name), releases[-1].version, registry),
        hashlib.sha256(source_bytes).hexdigest(),
        successions,
        predecessors,
        publisher,
    )


def retired_now(
    matching: Matching, curated: list[Retired], version: str, registry: list[Registered]
) -> list[Withdrawn]:
    """Every registered agreement this edition does not list, with its last description: as retired.tsv says, or,
    where it says nothing, left out by this release for a reason not yet recorded."""
    by_id = {r.id: r for r in curated}
    entries = {e.id: e for e in registry}
    listed = set(matching.ids.values())
    out = [Withdrawn(r, entries[r.id], True) for r in curated if r.id not in listed]
    for e in matching.unlisted:
        if e.id not in by_id:
            unknown = Retired(e.id, version, "", "Not in this edition of the list; the reason is not recorded yet.")
            out.append(Withdrawn(unknown, e, False))
    return sorted(out, key=lambda r: r.id)


def _read_bytes(path: Path) -> bytes:
    from convert.inputs import EDITION_BOUND, read_input

    return read_input(path, EDITION_BOUND, "an edition of the list", exit_code=1)


def _collect(problems: list[Problem], load, *args):
    """The result of one loader, or None with its problems added to `problems`."""
    try:
        return load(*args)
    except TwjpError as err:
        problems += [Problem(f"{err.subject}: {p.where}", p.message) for p in err.problems]
        return None


def edition_path(edition: Edition, source: str) -> Path:
    """Where a release's edition is: convert/data/source/, or beside the edition being built (a candidate)."""
    for p in (paths.SOURCE.parent / source, edition.source.parent / source):
        if p.is_file():
            return p
    raise TwjpError("releases.tsv", [Problem(f"edition {source}", f"is not in {edition.source.parent}")])
