"""Resolve each party cell of the list to one or more gazetteer localities.

The general mechanism: a curated reading of the whole cell if there is one; otherwise normalise
the characters (OpenCC t2jp for Japanese cells, characters.tsv for Taiwanese ones), split off the
prefecture (Japan) and look the name up in the gazetteer."""

from __future__ import annotations

from dataclasses import dataclass

import opencc

from convert import paths
from convert.problems import Problem, raise_if_any
from convert.read.gazetteer import JAPAN, TAIWAN, Gazetteer, Locality
from convert.read.parse import PublishedList, Row
from convert.read.readings import CharacterRule, Reading, Succession

HOW_TO_ADD = (
    "if the unit is real, add it to convert/data/gazetteer.tsv with its facts from shared/reference "
    "(code, QID and confidence, English name, parent); if the text is not literal (typo, merger, several "
    "parties), add a row to convert/data/readings.tsv with its reason"
)


@dataclass(frozen=True)
class Party:
    """A party cell as published and what it resolves to."""

    published: str
    normalised: str
    locality_ids: tuple[str, ...]
    reading: Reading | None
    character_rules: tuple[CharacterRule, ...] = ()


@dataclass(frozen=True)
class Agreement:
    row: Row
    taiwan: Party
    japan: Party
    id: str = ""  # from the registry (convert/data/agreements.tsv), or minted by its rule


class Resolver:
    def __init__(
        self,
        gaz: Gazetteer,
        readings: list[Reading],
        characters: list[CharacterRule],
        successions: list[Succession] = (),
    ):
        self.gaz = gaz
        self.successions = {s.locality: s for s in successions}
        self.readings = {(r.country, r.published): r for r in readings}
        self.characters = characters
        self._t2jp = opencc.OpenCC("t2jp")
        self.taiwan_by_name = {loc.name: loc for loc in gaz.localities if loc.country == TAIWAN}
        self.prefectures = {loc.name: loc for loc in gaz.localities if loc.kind == "prefecture"}

    def normalise_taiwan(self, text: str) -> tuple[str, tuple[CharacterRule, ...]]:
        used = tuple(rule for rule in self.characters if rule.variant in text)
        for rule in used:
            text = text.replace(rule.variant, rule.official)
        return text, used

    def normalise_japan(self, text: str) -> str:
        return self._t2jp.convert(text)

    def split_prefecture(self, text: str) -> tuple[Locality | None, str]:
        """Split a normalised Japanese cell into its prefecture (longest known prefix) and the rest."""
        for name in sorted(self.prefectures, key=len, reverse=True):
            if text.startswith(name):
                return self.prefectures[name], text[len(name) :]
        return None, text

    def resolve_cell(self, country: str, text: str) -> tuple[Party | None, str]:
        """The party a cell names, or None with the reason it could not be resolved."""
        reading = self.readings.get((country, text))
        if reading is not None:
            normalised = "・".join(self.gaz.full_name(self.gaz[i]) for i in reading.locality_ids)
            return Party(text, normalised, reading.locality_ids, reading), ""
        if country == TAIWAN:
            normalised, rules = self.normalise_taiwan(text)
            loc = self.taiwan_by_name.get(normalised)
            if loc is not None:
                return Party(text, normalised, (loc.id,), None, rules), ""
            return None, f"Taiwanese party {text!r} (normalised {normalised!r}) is not in the gazetteer"
        normalised = self.normalise_japan(text)
        prefecture, rest = self.split_prefecture(normalised)
        if prefecture is None:
            return None, (f"Japanese party {text!r} (normalised {normalised!r}) starts with no known prefecture")
        if not rest:
            return Party(text, normalised, (prefecture.id,), None), ""
        for child in self.gaz.children(prefecture):
            if child.name == rest:
                return Party(text, normalised, (child.id,), None), ""
        return None, (
            f"Japanese party {text!r} (normalised {normalised!r}): no municipality {rest!r} "
            f"of {prefecture.name} in the gazetteer"
        )

    def written_forms(self, agreements: list[Agreement]) -> dict[str, str]:
        """How the list writes each Japanese locality it names: the part of a Japanese cell that OpenCC t2jp
        turns into the locality's official name (its prefecture's too, and a group's members), as written.
        A cell read as a `variant-character` reading writes its one locality's name in another character form:
        the rest of the cell after its prefecture is that form. Where the list writes one several ways, the most
        frequent form wins (then the earliest row). A locality the list never writes so (only misspelt, or
        under another name) has none: no form is guessed."""
        seen: dict[str, dict[str, tuple[int, int]]] = {}  # id -> form -> (count, first row)
        for a in agreements:
            cell = a.row.japan
            converted = self.normalise_japan(cell)
            if len(converted) != len(cell):  # not character for character: positions would not line up
                continue
            todo = list(a.japan.locality_ids)
            ids: list[str] = []
            while todo:
                loc = self.gaz[todo.pop(0)]
                if loc.id not in ids:
                    ids.append(loc.id)
                    todo += [*loc.member_ids, *([loc.parent] if loc.parent else [])]
            for loc_id in ids:
                name = self.gaz[loc_id].name
                at = converted.find(name)
                if at < 0:
                    continue
                count, first = seen.setdefault(loc_id, {}).get(cell[at : at + len(name)], (0, a.row.number))
                seen[loc_id][cell[at : at + len(name)]] = (count + 1, min(first, a.row.number))
            reading = a.japan.reading
            if reading is not None and reading.kind == "variant-character" and len(reading.locality_ids) == 1:
                loc = self.gaz[reading.locality_ids[0]]
                prefecture, rest = self.split_prefecture(converted)
                if loc.id not in seen and prefecture is not None and prefecture.id == loc.parent and rest:
                    seen[loc.id] = {cell[len(converted) - len(rest) :]: (1, a.row.number)}
        return {
            loc_id: min(forms, key=lambda f: (-forms[f][0], forms[f][1], f)) for loc_id, forms in sorted(seen.items())
        }

    def resolve(self, published: PublishedList, name: str = "source") -> list[Agreement]:
        agreements, problems = self.resolve_collecting(published.rows)
        raise_if_any(name, problems)
        return agreements

    def resolve_collecting(self, rows: tuple[Row, ...]) -> tuple[list[Agreement], list[Problem]]:
        """The agreements of the rows whose parties resolve, and a problem for every party that does not."""
        problems: list[Problem] = []
        agreements: list[Agreement] = []
        for row in rows:
            tw, tw_why = self.resolve_cell(TAIWAN, row.taiwan)
            jp, jp_why = self.resolve_cell(JAPAN, row.japan)
            for why in (tw_why, jp_why):
                if why:
                    problems.append(Problem(row.where, f"{why}; {HOW_TO_ADD}"))
            if tw is not None and jp is not None:
                agreements.append(Agreement(row, self.successor(tw, row), self.successor(jp, row)))
        return agreements, problems

    def succession(self, locality_id: str) -> Succession | None:
        """The succession that formed the locality or the nearest of its ancestors that has one."""
        loc: Locality | None = self.gaz[locality_id]
        while loc is not None:
            if loc.id in self.successions:
                return self.successions[loc.id]
            loc = self.gaz.parent(loc)
        return None

    def successor(self, party: Party, row: Row) -> Party:
        """The party, read as a `successor` reading when its locality was formed after the signing date: the
        row names today's successor of the signatory (successions.tsv says which reorganisation)."""
        if party.reading is not None or row.date is None:
            return party
        for loc_id in party.locality_ids:
            s = self.succession(loc_id)
            if s is not None and row.date < s.date:
                name, signed = self.gaz[s.locality].name, row.date.isoformat()
                reading = Reading(
                    party.published,
                    self.gaz[loc_id].country,
                    " ".join(party.locality_ids),
                    "successor",
                    "certain",
                    f"Signed on {signed}, before {name} was formed on {s.established}: the signatory was one of "
                    f"{s.predecessors}. The row names today's successor. {s.reason}",
                    f"協定簽署於 {signed}，早於{name}成立（{s.established}）：簽署者為{s.predecessors_zh}之一。"
                    f"此列所載為今日的繼承者。{s.reason_zh}",
                    f"協定は {signed} に締結され、{name}の成立（{s.established}）より前である。締結者は"
                    f"{s.predecessors_ja}のいずれか。行は現在の承継団体を記載している。{s.reason_ja}",
                )
                return Party(party.published, party.normalised, party.locality_ids, reading, party.character_rules)
        return party


def load_resolver() -> Resolver:
    from convert.read.gazetteer import load_gazetteer
    from convert.read.readings import load_characters, load_readings

    gaz = load_gazetteer(paths.GAZETTEER)
    return Resolver(gaz, load_readings(gaz), load_characters())
