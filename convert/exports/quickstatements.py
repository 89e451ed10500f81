"""QuickStatements (V1) for Wikidata: P190 (twinned administrative body) between the Taiwanese and Japanese
localities of the agreements, both ways, each with its start time (P580: the first signing date, day
precision) and a reference (S854: the URL of the edition the user checked; S813: the day it was retrieved).

Only pairs of localities that both have a Wikidata item; groups are skipped (they are no administrative
body), and so are pairs that rest on an inferred reading unless asked for. Pairs Wikidata already records,
in either direction, are left out when a Wikidata endpoint is asked (queries/wikidata-taiwan-japan-twinnings.rq)."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass

from convert.problems import Problem, TwjpError
from convert.read import Edition, Locality

P190 = "P190"  # twinned administrative body
P580 = "P580"  # start time
S854 = "S854"  # reference URL
S813 = "S813"  # retrieved
DEFAULT_CATEGORIES = ("sister-city", "friendship-city")
EXISTING_QUERY = "wikidata-taiwan-japan-twinnings"
URL = re.compile(r"https?://[^\s\"\t]+")


@dataclass(frozen=True)
class Pair:
    taiwan: Locality
    japan: Locality
    first: dt.date  # the first signing date of the pair's agreements that count
    agreements: tuple[str, ...]  # their ids


@dataclass
class Selection:
    pairs: list[Pair]
    skipped: Counter  # reason -> number of party pairs (agreement by agreement) left out


def select(
    edition: Edition, categories: tuple[str, ...], include_inferred: bool, include_predecessors: bool = False
) -> Selection:
    """The pairs to propose. An agreement signed by a predecessor of today's party (signed before the succession
    that formed it) is left out unless asked for: its date, as P580, would be before the item's body existed."""
    gaz = edition.gazetteer
    skipped: Counter = Counter()
    found: dict[tuple[str, str], Pair] = {}
    for a in sorted(edition.agreements, key=lambda a: (a.row.date, a.id)):
        category = edition.vocabulary.types[a.row.type].category
        inferred = any(p.reading is not None and p.reading.certainty == "inferred" for p in (a.taiwan, a.japan))
        by_predecessor = any(edition.succession_of(a, p) is not None for p in (a.taiwan, a.japan))
        for tw_id in a.taiwan.locality_ids:
            for jp_id in a.japan.locality_ids:
                tw, jp = gaz[tw_id], gaz[jp_id]
                if category not in categories:
                    skipped[f"category {category}"] += 1
                elif tw.is_group or jp.is_group:
                    skipped["a party is a group"] += 1
                elif not (tw.qid and jp.qid):
                    skipped["a party has no Wikidata item"] += 1
                elif inferred and not include_inferred:
                    skipped["rests on an inferred reading"] += 1
                elif by_predecessor and not include_predecessors:
                    skipped["signed by a predecessor of today's party (before its body existed)"] += 1
                else:
                    key = (tw.qid, jp.qid)
                    old = found.get(key)
                    if old is None:
                        found[key] = Pair(tw, jp, a.row.date, (a.id,))
                    else:
                        found[key] = Pair(tw, jp, old.first, (*old.agreements, a.id))
    return Selection(sorted(found.values(), key=lambda p: (qid_number(p.taiwan.qid), qid_number(p.japan.qid))), skipped)


def qid_number(qid: str) -> int:
    return int(qid[1:])


def time_value(day: dt.date) -> str:
    """A Wikidata time at day precision, as QuickStatements writes it."""
    return f"+{day.isoformat()}T00:00:00Z/11"


def check_reference(url: str, retrieved: str) -> dt.date:
    problems = []
    if not URL.fullmatch(url):
        problems.append(Problem("--reference-url", f"{url!r} is not an http(s) URL without spaces or quotes"))
    try:
        day = dt.date.fromisoformat(retrieved)
    except ValueError:
        problems.append(Problem("--retrieved", f"{retrieved!r} is not a date (YYYY-MM-DD)"))
        day = None
    if day is not None and day > dt.date.today():
        problems.append(Problem("--retrieved", f"{retrieved} is after today"))
    if problems:
        raise TwjpError("twjp quickstatements", problems, exit_code=2)
    return day


def statements(pairs: list[Pair], reference_url: str, retrieved: dt.date) -> str:
    """Two commands per pair (one on each item), tab-separated, as QuickStatements V1 reads them."""
    source = f'{S854}\t"{reference_url}"\t{S813}\t{time_value(retrieved)}'
    lines = []
    for p in pairs:
        start = f"{P580}\t{time_value(p.first)}"
        lines.append(f"{p.taiwan.qid}\t{P190}\t{p.japan.qid}\t{start}\t{source}")
        lines.append(f"{p.japan.qid}\t{P190}\t{p.taiwan.qid}\t{start}\t{source}")
    return "".join(line + "\n" for line in lines)


def recorded(answer) -> set[frozenset[str]]:
    """The pairs of items Wikidata records as twinned (either direction), from the answer of EXISTING_QUERY."""
    out = set()
    for row in answer.rows():
        tw, jp = row[0], row[3]
        if tw is not None and jp is not None:
            out.add(frozenset((tw.value.rsplit("/", 1)[1], jp.value.rsplit("/", 1)[1])))
    return out


def summary(selection: Selection, written: int, already: int, checked: bool) -> str:
    lines = [f"{written} pairs written ({2 * written} statements, one on each item)"]
    if checked:
        lines.append(f"{already} pairs left out: Wikidata already records them")
    else:
        lines.append("Wikidata was not asked (--all): every pair is written, including any it already records")
    for reason, n in sorted(selection.skipped.items()):
        lines.append(f"{n} party pairs left out: {reason}")
    return "\n".join(lines) + "\n"
