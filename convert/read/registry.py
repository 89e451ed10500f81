"""The registry of agreement identifiers (convert/data/agreements.tsv): each agreement's id is minted once,
when the agreement is first registered, and kept for good; a new edition's rows are matched to the registry
by content, never by row number.

Matching, in rounds; each round pairs only rows and entries whose key is unique on both sides among those
still unpaired (then, in a second pass, shared keys by source order: see `match`):
  1. the cells as written: Taiwanese party, Japanese party, type, date;
  2. the parties as read (sorted locality ids), type and date — a reordered or re-spelt cell;
  3. the cells as written and the type — a corrected date;
  4. the parties as read and the date — a corrected type;
  5. the cells as written and the date — a corrected type, parties re-read.
A row that matches no entry is a new agreement: its id is minted by MINT_RULE and `twjp register` records
it. An entry that matches no row stays in the registry (its IRI is never reused).

MINT_RULE: the Taiwanese party ids, `--`, the Japanese party ids, `--`, the signing date (each side's ids
sorted and joined with `_`), as read when the agreement is registered; `-2`, `-3`… when taken.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from convert import paths
from convert.problems import Problem, raise_if_any
from convert.read.resolve import Agreement
from convert.read.tables import read_table, write_table

MINT_RULE = "tw ids--jp ids--signing date (ids sorted, joined with _), then -2, -3… if taken"
EDITION = re.compile(r"[0-9a-f]{16}")
ID = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*(_[a-z0-9]+(-[a-z0-9]+)*)*--[a-z0-9-]+(_[a-z0-9-]+)*--\d{4}-\d{2}-\d{2}(-\d+)?")


@dataclass(frozen=True)
class Registered:
    """One registered agreement: its id, the content it is matched by, and where it was last listed (the edition's
    id, the first 16 hex digits of its SHA-256, the row number there and the date cell as written there), so that
    an agreement a later edition drops keeps its last description. Columns of agreements.tsv."""

    id: str
    date: str
    type: str
    taiwan: str
    japan: str
    taiwan_ids: str
    japan_ids: str
    edition: str
    row: str
    written_date: str


@dataclass(frozen=True)
class Matching:
    ids: dict[int, str]  # row number -> agreement id, for every agreement of the edition
    minted: list[Agreement]  # agreements not in the registry: ids minted by rule
    unlisted: list[Registered]  # registered agreements this edition does not list

    def entries(self, agreements: list[Agreement], registry: list[Registered], edition: str) -> list[Registered]:
        """The registry after this edition (its id `edition`): every entry kept, matched ones refreshed, new ones
        added."""
        by_id = {e.id: e for e in registry}
        for a in agreements:
            by_id[self.ids[a.row.number]] = entry(self.ids[a.row.number], a, edition)
        return sorted(by_id.values(), key=lambda e: e.id)


def entry(agreement_id: str, a: Agreement, edition: str) -> Registered:
    return Registered(
        agreement_id,
        a.row.date.isoformat(),
        a.row.type,
        a.row.taiwan,
        a.row.japan,
        " ".join(sorted(a.taiwan.locality_ids)),
        " ".join(sorted(a.japan.locality_ids)),
        edition,
        str(a.row.number),
        a.row.written_date,
    )


def mint(a: Agreement, taken: set[str]) -> str:
    base = f"{'_'.join(sorted(a.taiwan.locality_ids))}--{'_'.join(sorted(a.japan.locality_ids))}--{a.row.date}"
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    return candidate


ROUNDS: list[tuple[Callable[[Registered], tuple], Callable[[Agreement], tuple]]] = [
    (lambda e: (e.taiwan, e.japan, e.type, e.date), lambda a: (a.row.taiwan, a.row.japan, a.row.type, str(a.row.date))),
    (
        lambda e: (e.taiwan_ids, e.japan_ids, e.type, e.date),
        lambda a: (
            " ".join(sorted(a.taiwan.locality_ids)),
            " ".join(sorted(a.japan.locality_ids)),
            a.row.type,
            str(a.row.date),
        ),
    ),
    (lambda e: (e.taiwan, e.japan, e.type), lambda a: (a.row.taiwan, a.row.japan, a.row.type)),
    (
        lambda e: (e.taiwan_ids, e.japan_ids, e.date),
        lambda a: (" ".join(sorted(a.taiwan.locality_ids)), " ".join(sorted(a.japan.locality_ids)), str(a.row.date)),
    ),
    (lambda e: (e.taiwan, e.japan, e.date), lambda a: (a.row.taiwan, a.row.japan, str(a.row.date))),
]


def match(agreements: list[Agreement], registry: list[Registered]) -> Matching:
    """Pair the edition's agreements with registered ids by content (see the module's rounds).

    Two passes over the rounds. The first pairs only keys that are unique on both sides, so that whatever can be
    matched unambiguously is. The second pairs what is left where a key is shared: the rows holding that key, in
    source order, take the registered agreements holding it, in id order, one each; rows beyond them are new
    agreements, entries beyond them stay unlisted. So a registered agreement that several equally good rows match
    always keeps its IRI on one of them (the first in the list) and is never retired by an ambiguity."""
    rows = {a.row.number: a for a in agreements}  # in source order (dicts keep insertion order)
    entries = {e.id: e for e in sorted(registry, key=lambda e: e.id)}
    ids: dict[int, str] = {}
    for strict in (True, False):
        for entry_key, row_key in ROUNDS:
            rows_by_key: dict[tuple, list[int]] = {}
            for n, a in rows.items():
                rows_by_key.setdefault(row_key(a), []).append(n)
            entry_by_key: dict[tuple, list[str]] = {}
            for i, e in entries.items():
                entry_by_key.setdefault(entry_key(e), []).append(i)
            for k, numbers in rows_by_key.items():
                found = entry_by_key.get(k, [])
                if not found or (strict and (len(numbers) > 1 or len(found) > 1)):
                    continue
                for n, i in zip(numbers, found, strict=False):
                    ids[n] = i
                    del rows[n]
                    del entries[i]
    taken = {e.id for e in registry}
    minted = []
    for a in agreements:
        if a.row.number in rows:
            ids[a.row.number] = mint(a, taken)
            taken.add(ids[a.row.number])
            minted.append(a)
    return Matching(ids, minted, sorted(entries.values(), key=lambda e: e.id))


@dataclass(frozen=True)
class Retired:
    """A registered agreement that an edition no longer lists: since when (the release that left it out), what
    replaces it after a split or merge (an agreement id, or empty) and why. Columns of retired.tsv."""

    id: str
    left: str
    replaced_by: str
    reason: str


@dataclass(frozen=True)
class Withdrawn:
    """A registered agreement the edition does not list: why (as retired.tsv records it, or not recorded yet) and
    its last description (the registry's entry: parties, date, type, where it was last listed)."""

    retired: Retired
    entry: Registered
    recorded: bool

    @property
    def id(self) -> str:
        return self.retired.id

    @property
    def left(self) -> str:
        return self.retired.left

    @property
    def replaced_by(self) -> str:
        return self.retired.replaced_by

    @property
    def reason(self) -> str:
        return self.retired.reason


def load_retired(registry: list[Registered], path: Path | None = None) -> list[Retired]:
    path = path or paths.RETIRED
    if not path.exists():
        return []
    retired = read_table(path, Retired)
    known = {e.id for e in registry}
    problems = []
    for r in retired:
        where = f"retired {r.id}"
        if r.id not in known:
            problems.append(Problem(where, "is not a registered agreement id"))
        if r.replaced_by and r.replaced_by not in known:
            problems.append(Problem(where, f"replaced_by {r.replaced_by!r} is not a registered agreement id"))
        if not (r.left and r.reason):
            problems.append(Problem(where, "say which release left it out (left) and why (reason)"))
    raise_if_any(path.name, problems)
    return retired


def check_registry(registry: list[Registered]) -> list[Problem]:
    out = []
    seen: set[str] = set()
    for e in registry:
        where = f"agreement {e.id}"
        if not ID.fullmatch(e.id):
            out.append(Problem(where, f"id must follow the rule: {MINT_RULE}"))
        if e.id in seen:
            out.append(Problem(where, "id registered twice"))
        seen.add(e.id)
        if not all(dataclasses.astuple(e)):
            out.append(Problem(where, "every column needs a value"))
        if not (EDITION.fullmatch(e.edition) and e.row.isdigit()):
            out.append(Problem(where, "edition is 16 hex digits (its SHA-256's first) and row a row number"))
    return out


def load_registry(path: Path | None = None) -> list[Registered]:
    path = path or paths.REGISTRY
    registry = read_table(path, Registered)
    raise_if_any(path.name, check_registry(registry))
    return registry


def write_registry(entries: list[Registered], path: Path | None = None) -> bool:
    return write_table(path or paths.REGISTRY, entries, Registered)
