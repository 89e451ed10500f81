"""Load every input of an edition: the published list, the gazetteer, the readings; resolve the rows."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

from convert import paths
from convert.problems import Problem, TwjpError, quote, raise_if_any
from convert.read.gazetteer import Gazetteer, load_gazetteer
from convert.read.parse import PublishedList, parse_collecting, read_text
from convert.read.readings import load_characters, load_readings, load_successions
from convert.read.registry import Matching, Retired, load_registry, load_retired, match
from convert.read.releases import DataRelease, SourceCitation, load_citation, load_releases
from convert.read.report import Difference, differences
from convert.read.resolve import Agreement, Resolver
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
    # registered agreements this edition does not list, with why (retired.tsv) where it is known
    retired: list[Retired] = ()

    def used_locality_ids(self) -> set[str]:
        """The localities parties resolve to, with group members and every ancestor."""
        out: set[str] = set()
        todo = [i for a in self.agreements for p in (a.taiwan, a.japan) for i in p.locality_ids]
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


def load_edition(source: Path | None = None, data: Path | None = None, today: dt.date | None = None) -> Edition:
    """Read and resolve an edition. Raises TwjpError listing every problem: first those of the curated tables
    (all of them together), else those of the list — reading, resolving and type lookup together."""
    source = source or paths.SOURCE
    data = data or paths.DATA
    problems: list[Problem] = []
    gaz = _collect(problems, load_gazetteer, data / paths.GAZETTEER.name)
    readings = _collect(problems, load_readings, gaz, data / paths.READINGS.name) if gaz else None
    characters = _collect(problems, load_characters, data / paths.CHARACTERS.name)
    successions = _collect(problems, load_successions, gaz, data / paths.SUCCESSIONS.name) if gaz else None
    vocabulary = _collect(problems, load_vocabulary, data)
    registry = _collect(problems, load_registry, data / paths.REGISTRY.name)
    releases = _collect(problems, load_releases, data / paths.RELEASES.name)
    raise_if_any("convert/data", problems)
    resolver = Resolver(gaz, readings, characters, successions)
    published, problems = parse_collecting(read_text(source), today)
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
        retired_now(matching, load_retired(registry, data / paths.RETIRED.name), releases[-1].version),
    )


def retired_now(matching: Matching, curated: list[Retired], version: str) -> list[Retired]:
    """Every registered agreement this edition does not list: as retired.tsv says, or, where it says nothing,
    left out by this release for a reason not yet recorded."""
    by_id = {r.id: r for r in curated}
    listed = set(matching.ids.values())
    out = [r for r in curated if r.id not in listed]
    for e in matching.unlisted:
        if e.id not in by_id:
            out.append(Retired(e.id, version, "", "Not in this edition of the list; the reason is not recorded yet."))
    return sorted(out, key=lambda r: r.id)


def _collect(problems: list[Problem], load, *args):
    """The result of one loader, or None with its problems added to `problems`."""
    try:
        return load(*args)
    except TwjpError as err:
        problems += [Problem(f"{err.subject}: {p.where}", p.message) for p in err.problems]
        return None
