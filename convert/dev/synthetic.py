"""Synthetic editions of the list, N times the size of the real one, in the same shape: repeated
headers at page breaks, blank lines, the multi-line Japanese cells, the section markers and the note.
Rows are the real rows again with their dates moved back (so that none is after the build day) until every
agreement is distinct."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from convert import paths
from convert.read.parse import HEADER, PublishedList, read_list

ROWS_PER_PAGE = 40


def synthetic_text(published: PublishedList, factor: int) -> str:
    header = " " + " ".join(HEADER)
    lines = [header, ""]
    seen: set[tuple[str, str, dt.date]] = set()
    number = 0
    for copy in range(factor):
        for row in published.rows:
            date = row.date - dt.timedelta(days=copy)
            while (row.taiwan, row.japan, date) in seen:
                date -= dt.timedelta(days=1)
            seen.add((row.taiwan, row.japan, date))
            number += 1
            stamp = f"{date.year}年{date.month}月{date.day}日"
            if row.first_line != row.last_line:  # a multi-line cell, split as the PDF extraction does
                half = len(row.japan) // 2
                lines += [f"{number} {row.taiwan}", "", row.japan[:half], row.japan[half:], "", f"{row.type} {stamp}"]
            else:
                lines.append(f"{number} {row.taiwan} {row.japan} {row.type} {stamp}")
            lines.append("")
            if number % ROWS_PER_PAGE == 0:
                lines += [header, ""]
    lines += ["【南部】", ""]
    for note in published.notes:
        lines += [f"【{note.label}】　{note.text}", ""]
    return "\n".join(lines) + "\n"


def write_synthetic(factor: int, target: Path) -> Path:
    target.write_text(synthetic_text(read_list(paths.SOURCE), factor), encoding="utf-8")
    return target
