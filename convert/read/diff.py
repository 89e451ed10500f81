"""What changed between two editions of the list: agreements added, removed and changed.

Agreements are matched by their parties (as read), never by row number, in rounds that pair only keys unique
on both sides: the same parties, date and type (unchanged, whatever the row numbers); the same parties and
date (the type changed); the same parties and type (the date changed); the same parties (both changed); one
side's parties, the date and the type (the other side's party changed). What stays unpaired was removed
(old) or added (new). Either edition is a source text of the list or a release folder (its agreements.csv)."""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from convert.problems import Problem, TwjpError


@dataclass(frozen=True)
class Entry:
    """An agreement of one edition, as the diff compares it."""

    id: str
    row: int
    taiwan: str  # party ids, sorted, space-separated
    japan: str
    date: str
    type: str
    taiwan_name: str
    japan_name: str


@dataclass(frozen=True)
class Change:
    kind: str  # added, removed, changed
    old: Entry | None
    new: Entry | None
    fields: tuple[str, ...] = ()


FIELDS = ("date", "type", "taiwan", "japan")
ROUNDS: list[tuple[Callable[[Entry], tuple], str]] = [
    (lambda e: (e.taiwan, e.japan, e.date, e.type), "same"),
    (lambda e: (e.taiwan, e.japan, e.date), "type"),
    (lambda e: (e.taiwan, e.japan, e.type), "date"),
    (lambda e: (e.taiwan, e.japan), "date and type"),
    (lambda e: (e.taiwan, e.date, e.type), "japan"),
    (lambda e: (e.japan, e.date, e.type), "taiwan"),
]


def entries_of_source(path: Path, data: Path | None = None) -> list[Entry]:
    from convert.read.edition import load_edition

    return entries_of_edition(load_edition(path, data))


def entries_of_edition(edition) -> list[Entry]:
    gaz = edition.gazetteer
    out = []
    for a in edition.agreements:
        out.append(
            Entry(
                a.id,
                a.row.number,
                " ".join(sorted(a.taiwan.locality_ids)),
                " ".join(sorted(a.japan.locality_ids)),
                a.row.date.isoformat(),
                a.row.type,
                "・".join(gaz.full_name(gaz[i]) for i in a.taiwan.locality_ids),
                "・".join(gaz.full_name(gaz[i]) for i in a.japan.locality_ids),
            )
        )
    return out


RELEASE_COLUMNS = (
    "agreement", "source_row", "taiwanese_party_id", "japanese_party_id", "signing_date", "type_published",
    "taiwanese_party", "japanese_party",
)  # fmt: skip


def entries_of_release(folder: Path) -> list[Entry]:
    from convert.inputs import TABLE_BOUND, read_input

    path = folder / "agreements.csv"
    data = read_input(path, TABLE_BOUND, "a release's table", "twjp diff", exit_code=2)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        where = f"{path}:{line} (byte {exc.start})"
        raise TwjpError("twjp diff", [Problem(where, "is not UTF-8 text, as a release's table is")], 2) from None
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in RELEASE_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise TwjpError("twjp diff", [Problem(str(path), f"lacks the column(s) {', '.join(missing)}")], 2)
    out, problems = [], []
    for r in reader:
        try:
            out.append(
                Entry(
                    r["agreement"].rsplit("/", 1)[1],
                    int(r["source_row"]),
                    " ".join(sorted(r["taiwanese_party_id"].split())),
                    " ".join(sorted(r["japanese_party_id"].split())),
                    r["signing_date"],
                    r["type_published"],
                    r["taiwanese_party"],
                    r["japanese_party"],
                )
            )
        except (ValueError, AttributeError, IndexError):
            problems.append(Problem(f"{path}:{reader.line_num}", "is not a row of a release's agreements.csv"))
    if problems:
        raise TwjpError("twjp diff", problems, 2)
    return out


def entries(path: Path) -> list[Entry]:
    if path.is_dir():
        return entries_of_release(path)
    if path.is_file():
        return entries_of_source(path)
    raise TwjpError("twjp diff", [Problem(str(path), "is neither a source text of the list nor a release folder")])


def compare(old: list[Entry], new: list[Entry]) -> list[Change]:
    left = {i: e for i, e in enumerate(old)}
    right = {i: e for i, e in enumerate(new)}
    changes: list[Change] = []
    for key, _ in ROUNDS:
        lk = Counter(key(e) for e in left.values())
        rk: dict[tuple, list[int]] = {}
        for i, e in right.items():
            rk.setdefault(key(e), []).append(i)
        for i, e in list(left.items()):
            k = key(e)
            if lk[k] == 1 and len(rk.get(k, ())) == 1:
                j = rk[k][0]
                other = right.pop(j)
                del left[i]
                fields = tuple(f for f in FIELDS if getattr(e, f) != getattr(other, f))
                if fields:
                    changes.append(Change("changed", e, other, fields))
    changes += [Change("removed", e, None) for e in left.values()]
    changes += [Change("added", None, e) for e in right.values()]
    return sorted(changes, key=lambda c: (c.kind, (c.new or c.old).date, (c.new or c.old).id))


def describe(e: Entry) -> str:
    return f"{e.date} {e.taiwan_name} – {e.japan_name} {e.type}"


def markdown(changes: list[Change], old_name: str, new_name: str) -> str:
    counts = Counter(c.kind for c in changes)
    lines = [
        f"# Changes from `{old_name}` to `{new_name}`",
        "",
        f"{counts['added']} added, {counts['removed']} removed, {counts['changed']} changed "
        "(agreements matched by their parties; row numbers do not count).",
    ]
    for kind, title in (("added", "Added"), ("removed", "Removed"), ("changed", "Changed")):
        selected = [c for c in changes if c.kind == kind]
        if not selected:
            continue
        lines += ["", f"## {title}", ""]
        for c in selected:
            if kind == "changed":
                what = "; ".join(f"{f}: {getattr(c.old, f)} → {getattr(c.new, f)}" for f in c.fields)
                lines.append(f"- {describe(c.new)} (row {c.old.row} → {c.new.row}; `{c.old.id}`): {what}")
            else:
                e = c.new or c.old
                lines.append(f"- {describe(e)} (row {e.row}; `{e.id}`)")
    return "\n".join(lines) + "\n"


def table(changes: list[Change]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["change", "agreement", "old_row", "new_row", "field", "old", "new"])
    for c in changes:
        e = c.new or c.old
        ident = (c.old or c.new).id
        if c.kind == "changed":
            for f in c.fields:
                w.writerow([c.kind, ident, c.old.row, c.new.row, f, getattr(c.old, f), getattr(c.new, f)])
        else:
            w.writerow([c.kind, ident, c.old.row if c.old else "", c.new.row if c.new else "", "", "", describe(e)])
    return buf.getvalue()
