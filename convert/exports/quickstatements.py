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


def statements(
    pairs: list[Pair], reference_url: str, retrieved: dt.date, known: set[tuple[str, str]] | None = None
) -> str:
    """Two commands per pair (one on each item), tab-separated, as QuickStatements V1 reads them; of a pair
    Wikidata records on one item only (`known`), the other item's."""
    source = f'{S854}\t"{reference_url}"\t{S813}\t{time_value(retrieved)}'
    lines = []
    for p in pairs:
        start = f"{P580}\t{time_value(p.first)}"
        for a, b in ((p.taiwan.qid, p.japan.qid), (p.japan.qid, p.taiwan.qid)):
            if (a, b) not in (known or set()):
                lines.append(f"{a}\t{P190}\t{b}\t{start}\t{source}")
    return "".join(line + "\n" for line in lines)


def recorded(answer) -> set[tuple[str, str]]:
    """The statements Wikidata has, as (item, twinned item), from the answer of EXISTING_QUERY (its tw_to_jp
    and jp_to_tw columns say which of the two items records the pair)."""
    out = set()
    names = answer.variables
    for row in answer.rows():
        cell = dict(zip(names, row, strict=True))
        tw, jp = cell["tw_item"], cell["jp_item"]
        if tw is None or jp is None:
            continue
        tw_q, jp_q = tw.value.rsplit("/", 1)[1], jp.value.rsplit("/", 1)[1]
        if _true(cell.get("tw_to_jp")):
            out.add((tw_q, jp_q))
        if _true(cell.get("jp_to_tw")):
            out.add((jp_q, tw_q))
    return out


def _true(term) -> bool:
    return term is not None and term.value in ("true", "1")


def check_categories(edition: Edition, categories: tuple[str, ...]) -> None:
    """Every --category must be one of the data's categories (a misspelt one would silently select nothing)."""
    known = [c.id for c in edition.vocabulary.scheme("category")]
    wrong = [c for c in categories if c not in known]
    if wrong:
        raise TwjpError(
            "twjp quickstatements",
            [Problem("--category", f"{c!r} is not a category; the categories are {', '.join(known)}") for c in wrong],
            exit_code=2,
        )


def summary(selection: Selection, written: int, already: int, checked: bool, statements: int, halves: int = 0) -> str:
    lines = [f"{written} pairs written ({statements} statements)"]
    if checked:
        lines.append(f"{already} statements left out: Wikidata already records them")
        lines.append(f"{halves} pairs Wikidata records in one direction only: the other direction is written")
    else:
        lines.append("Wikidata was not asked (--all): every pair is written, including any it already records")
    for reason, n in sorted(selection.skipped.items()):
        lines.append(f"{n} party pairs left out: {reason}")
    return "\n".join(lines) + "\n"
