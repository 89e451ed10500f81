"""Curated readings: every way the list's text is read other than literally, each with its reason.

readings.tsv maps a whole published cell to one or more gazetteer localities (a typo, a merged
municipality, a cell naming several parties, a group); characters.tsv lists the variant
characters of Taiwanese cells (Japanese cells go through OpenCC's t2jp conversion)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from convert import paths
from convert.problems import Problem, raise_if_any
from convert.read.gazetteer import JAPAN, TAIWAN, Gazetteer
from convert.read.gazetteer import KINDS as KIND_OF_LOCALITY
from convert.read.tables import read_table

KINDS = (
    "typo",
    "variant-character",
    "kana-name",
    "renamed",
    "merged",
    "successor",
    "misplaced-parent",
    "prefecture-omitted",
    "prefecture-as-location",
    "several-parties",
    "group",
)
CERTAINTIES = ("certain", "inferred")


@dataclass(frozen=True)
class Reading:
    """One published cell and what it stands for. Columns of readings.tsv, in order."""

    published: str
    country: str
    localities: str
    kind: str
    certainty: str
    reason: str
    reason_zh: str = ""
    reason_ja: str = ""

    @property
    def locality_ids(self) -> tuple[str, ...]:
        return tuple(self.localities.split())


@dataclass(frozen=True)
class CharacterRule:
    """A variant character and the official form that replaces it. Columns of characters.tsv."""

    variant: str
    official: str
    country: str
    reason: str
    reason_zh: str
    reason_ja: str


@dataclass(frozen=True)
class Succession:
    """A local government formed on a date (YYYY-MM-DD, or YYYY where the sources give only the year) from
    predecessors, by a kind of change (a concept of concept/change-kind: merger, upgrade). An agreement signed
    before that date by a unit now part of it is read as a `successor` reading. The predecessors the sources name
    are bodies of their own (predecessors.tsv). Columns of successions.tsv."""

    locality: str
    established: str
    kind: str
    predecessors: str
    predecessors_zh: str
    predecessors_ja: str
    reason: str
    reason_zh: str
    reason_ja: str

    @property
    def date(self) -> dt.date:
        """The first day the sources allow: the date, or 1 January of a year given alone."""
        if YEAR.fullmatch(self.established):
            return dt.date(int(self.established), 1, 1)
        return dt.date.fromisoformat(self.established)

    @property
    def year_only(self) -> bool:
        return bool(YEAR.fullmatch(self.established))


@dataclass(frozen=True)
class Predecessor:
    """A local government that a succession replaced, named by the sources: it keeps an IRI of its own (id) for
    what it was. No official code or Wikidata item is given where the sources give none. Columns of
    predecessors.tsv."""

    id: str
    successor: str
    country: str
    kind: str
    name: str
    english: str
    ended: str  # the day (or year) it ended: the succession's date
    source: str  # the curator's note: where each fact was found
    citation: str  # the sources in words, published with it


PREDECESSOR_ID = re.compile(r"(tw|jp)-[0-9]{5,8}-former-[a-z]+(-[0-9]+)?")
YEAR = re.compile(r"[0-9]{4}")
CHANGE_KINDS = ("merger", "upgrade")


def check_predecessors(predecessors: list[Predecessor], successions: list[Succession], gaz: Gazetteer) -> list[Problem]:
    out: list[Problem] = []
    formed = {s.locality: s for s in successions}
    seen: set[str] = set()
    for p in predecessors:
        where = f"predecessor {p.id}"
        if not PREDECESSOR_ID.fullmatch(p.id) or not p.id.startswith(f"{p.successor}-former-"):
            out.append(Problem(where, "id is the successor's id, -former-, the kind in words (tw-67000-former-county)"))
        if p.id in seen or p.id in gaz:
            out.append(Problem(where, "id is used twice"))
        seen.add(p.id)
        s = formed.get(p.successor)
        if s is None:
            out.append(Problem(where, f"successor {p.successor!r} has no row in successions.tsv"))
        elif p.ended != s.established:
            out.append(Problem(where, f"ended {p.ended!r} is not the date its successor was formed ({s.established})"))
        if p.successor in gaz and gaz[p.successor].country != p.country:
            out.append(Problem(where, f"country {p.country!r} is not its successor's"))
        if p.kind not in KIND_OF_LOCALITY:
            out.append(Problem(where, f"unknown kind {p.kind!r}"))
        if not (p.name and p.english and p.source and p.citation):
            out.append(Problem(where, "name, English name, source and citation must be given"))
    return out


def load_predecessors(successions: list[Succession], gaz: Gazetteer, path: Path | None = None) -> list[Predecessor]:
    path = path or paths.PREDECESSORS
    if not path.exists():
        return []
    predecessors = read_table(path, Predecessor)
    raise_if_any(path.name, check_predecessors(predecessors, successions, gaz))
    return predecessors


def check_successions(successions: list[Succession], gaz: Gazetteer) -> list[Problem]:
    out: list[Problem] = []
    for s in successions:
        where = f"succession {s.locality}"
        if s.locality not in gaz:
            out.append(Problem(where, f"locality {s.locality!r} is not in the gazetteer"))
        try:
            s.date  # noqa: B018
        except ValueError:
            out.append(Problem(where, f"established {s.established!r} is not a date (YYYY-MM-DD, or YYYY)"))
        if s.kind not in CHANGE_KINDS:
            out.append(Problem(where, f"kind {s.kind!r} is not one of {', '.join(CHANGE_KINDS)}"))
        if not all((s.predecessors, s.predecessors_zh, s.predecessors_ja, s.reason, s.reason_zh, s.reason_ja)):
            out.append(Problem(where, "predecessors and reason must be given in English, Chinese and Japanese"))
    return out


def load_successions(gaz: Gazetteer, path: Path | None = None) -> list[Succession]:
    path = path or paths.SUCCESSIONS
    successions = read_table(path, Succession)
    raise_if_any(path.name, check_successions(successions, gaz))
    return successions


def untranslated_reason(where: str, row: Reading | CharacterRule) -> list[Problem]:
    """A reading or a character rule says why in English, Chinese and Japanese, or this is the problem."""
    if row.reason and row.reason_zh and row.reason_ja:
        return []
    return [Problem(where, "the reason must be given in English, Chinese (reason_zh) and Japanese (reason_ja)")]


def check_readings(readings: list[Reading], gaz: Gazetteer) -> list[Problem]:
    out: list[Problem] = []
    seen: set[tuple[str, str]] = set()
    for r in readings:
        where = f"reading {r.published!r}"
        if (r.country, r.published) in seen:
            out.append(Problem(where, "the same published text is read twice"))
        seen.add((r.country, r.published))
        if r.country not in (TAIWAN, JAPAN):
            out.append(Problem(where, f"country must be {TAIWAN} or {JAPAN}, not {r.country!r}"))
        if r.kind not in KINDS:
            out.append(Problem(where, f"unknown kind {r.kind!r} (known: {', '.join(KINDS)})"))
        if r.certainty not in CERTAINTIES:
            out.append(Problem(where, f"certainty must be one of {', '.join(CERTAINTIES)}, not {r.certainty!r}"))
        out += untranslated_reason(where, r)
        if not r.locality_ids:
            out.append(Problem(where, "names no locality"))
        for loc_id in r.locality_ids:
            if loc_id not in gaz:
                out.append(Problem(where, f"locality {loc_id!r} is not in the gazetteer"))
            elif gaz[loc_id].country != r.country:
                out.append(Problem(where, f"locality {loc_id} is not in country {r.country}"))
    return out


def check_characters(rules: list[CharacterRule]) -> list[Problem]:
    out: list[Problem] = []
    for rule in rules:
        where = f"character rule {rule.variant!r}"
        if len(rule.variant) != 1 or len(rule.official) != 1 or rule.variant == rule.official:
            out.append(Problem(where, "variant and official must be two different single characters"))
        if rule.country != TAIWAN:
            out.append(Problem(where, f"character rules apply to Taiwanese cells ({TAIWAN}) only"))
        out += untranslated_reason(where, rule)
    return out


def load_readings(gaz: Gazetteer, path: Path | None = None) -> list[Reading]:
    path = path or paths.READINGS
    readings = read_table(path, Reading)
    raise_if_any(path.name, check_readings(readings, gaz))
    return readings


def load_characters(path: Path | None = None) -> list[CharacterRule]:
    path = path or paths.CHARACTERS
    rules = read_table(path, CharacterRule)
    raise_if_any(path.name, check_characters(rules))
    return rules
