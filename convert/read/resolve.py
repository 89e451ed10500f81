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
from convert.read.readings import CharacterRule, Reading

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


class Resolver:
    def __init__(self, gaz: Gazetteer, readings: list[Reading], characters: list[CharacterRule]):
        self.gaz = gaz
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
                agreements.append(Agreement(row, tw, jp))
        return agreements, problems


def load_resolver() -> Resolver:
    from convert.read.gazetteer import load_gazetteer
    from convert.read.readings import load_characters, load_readings

    gaz = load_gazetteer(paths.GAZETTEER)
    return Resolver(gaz, load_readings(gaz), load_characters())
