"""Load every input of an edition: the published list, the gazetteer, the readings; resolve the rows."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from convert import paths
from convert.problems import Problem, raise_if_any
from convert.read.gazetteer import Gazetteer, load_gazetteer
from convert.read.parse import PublishedList, read_list
from convert.read.readings import load_characters, load_readings
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


def load_edition(source: Path | None = None, data: Path | None = None) -> Edition:
    """Read and resolve an edition; raises TwjpError listing every problem of the first input that has any."""
    source = source or paths.SOURCE
    data = data or paths.DATA
    gaz = load_gazetteer(data / paths.GAZETTEER.name)
    resolver = Resolver(
        gaz, load_readings(gaz, data / paths.READINGS.name), load_characters(data / paths.CHARACTERS.name)
    )
    vocabulary = load_vocabulary(data)
    published = read_list(source)
    agreements = resolver.resolve(published, name=str(source))
    unknown = [
        Problem(
            a.row.where,
            f"type {a.row.type!r} is not in convert/data/agreement_types.tsv; add it with its "
            "id, English and Japanese labels and category",
        )
        for a in agreements
        if a.row.type not in vocabulary.types
    ]
    raise_if_any(str(source), unknown)
    return Edition(source, published, gaz, agreements, differences(agreements, gaz), vocabulary)
