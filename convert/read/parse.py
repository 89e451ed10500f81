"""Read the list as published (text of the PDF) into one record per numbered row.

Every non-blank line is accounted for: a row (possibly running over several lines), a repeated
column header, a section marker (【南部】) or a note (【注意事項】 …). Anything else is a problem
naming its line; all problems are raised together."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from convert.problems import Problem, TwjpError, raise_if_any

HEADER = ("台灣地方政府", "日本地方政府", "合作型態", "締結年月日")
ROW_START = re.compile(r"([0-9]+)\s+\S")
SECTION = re.compile(r"【([^】]+)】")
NOTE = re.compile(r"【([^】]+)】\s*(\S.*)")
DATE_TOKEN = re.compile(r"[0-9]+年[0-9]+月[0-9]+日")
DATE = re.compile(r"([0-9]{4})年([0-9]{1,2})月([0-9]{1,2})日")


@dataclass(frozen=True)
class Row:
    """One numbered row of the list, cells as written (spaces from the extraction removed)."""

    number: int
    taiwan: str
    japan: str
    type: str
    date: dt.date
    first_line: int
    last_line: int

    @property
    def where(self) -> str:
        return row_place(self.number, self.first_line, self.last_line)


@dataclass(frozen=True)
class Section:
    line: int
    name: str


@dataclass(frozen=True)
class Note:
    """A note of the list (the provenance note 【注意事項】), kept as data."""

    first_line: int
    last_line: int
    label: str
    text: str


@dataclass(frozen=True)
class PublishedList:
    rows: tuple[Row, ...]
    header_lines: tuple[int, ...]
    sections: tuple[Section, ...]
    notes: tuple[Note, ...]


@dataclass
class _Open:
    """A row or note being assembled from consecutive lines."""

    kind: str  # "row" or "note"
    first_line: int
    last_line: int
    parts: list[str] = field(default_factory=list)
    label: str = ""

    @property
    def complete(self) -> bool:
        return self.kind == "row" and bool(self.parts) and bool(DATE_TOKEN.fullmatch(self.parts[-1]))


def parse_text(text: str, name: str = "source") -> PublishedList:
    """Parse the list; raises TwjpError naming every line or row that is wrong."""
    problems: list[Problem] = []
    rows: list[Row] = []
    numbered: list[tuple[int, str]] = []  # every row's number and place, valid or not
    headers: list[int] = []
    sections: list[Section] = []
    notes: list[Note] = []
    current: _Open | None = None

    def close() -> None:
        nonlocal current
        if current is None:
            return
        if current.kind == "row":
            numbered.append((int(current.parts[0]), _where(current)))
            row = _make_row(current, problems)
            if row is not None:
                rows.append(row)
        else:
            notes.append(Note(current.first_line, current.last_line, current.label, "".join(current.parts)))
        current = None

    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            if current is not None and current.kind == "note":
                close()
            continue
        tokens = line.split()
        if tuple(tokens) == HEADER:
            close()
            headers.append(number)
        elif m := SECTION.fullmatch(line):
            close()
            sections.append(Section(number, m.group(1)))
        elif m := NOTE.fullmatch(line):
            close()
            current = _Open("note", number, number, [m.group(2)], label=m.group(1))
        elif ROW_START.match(line):
            close()
            current = _Open("row", number, number, tokens)
        elif current is not None and current.kind == "note":
            current.parts.append(line)
            current.last_line = number
        elif current is not None and not current.complete:
            current.parts.extend(tokens)
            current.last_line = number
        elif current is not None:
            problems.append(
                Problem(f"line {number}", f"unexpected text {line!r} after the date of row {current.parts[0]}")
            )
        else:
            problems.append(
                Problem(
                    f"line {number}",
                    f"unexpected text {line!r}: not a row, column header, section marker or note",
                )
            )
    close()
    problems.extend(_numbering_problems(numbered))
    if not rows and not problems:
        problems.append(Problem("line 1", "no numbered rows found"))
    raise_if_any(name, problems)
    return PublishedList(tuple(rows), tuple(headers), tuple(sections), tuple(notes))


def _make_row(current: _Open, problems: list[Problem]) -> Row | None:
    tokens = current.parts
    where = _where(current)
    text = " ".join(tokens)
    if not DATE_TOKEN.fullmatch(tokens[-1]):
        problems.append(Problem(where, f"no signing date (YYYY年M月D日) at the end of {text!r}"))
        return None
    if len(tokens) < 5:
        problems.append(
            Problem(
                where,
                f"expected 4 cells after the number (台灣地方政府 日本地方政府 合作型態 締結年月日), "
                f"found {len(tokens) - 1}: {text!r}",
            )
        )
        return None
    m = DATE.fullmatch(tokens[-1])
    date = None
    if m:
        try:
            date = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            date = None
    if date is None:
        problems.append(Problem(where, f"{tokens[-1]!r} is not a calendar date"))
        return None
    return Row(
        int(tokens[0]),
        tokens[1],
        "".join(tokens[2:-2]),
        tokens[-2],
        date,
        current.first_line,
        current.last_line,
    )


def row_place(number: int, first_line: int, last_line: int) -> str:
    span = f"line {first_line}" if first_line == last_line else f"lines {first_line}-{last_line}"
    return f"row {number} ({span})"


def _where(current: _Open) -> str:
    return row_place(int(current.parts[0]), current.first_line, current.last_line)


def _numbering_problems(numbered: list[tuple[int, str]]) -> list[Problem]:
    out: list[Problem] = []
    seen: dict[int, str] = {}
    for number, where in numbered:
        if number in seen:
            out.append(Problem(where, f"row number {number} already used by {seen[number]}"))
        else:
            seen[number] = where
    for n in range(1, max(seen, default=0) + 1):
        if n not in seen:
            before = max((m for m in seen if m < n), default=None)
            after = f" (after {seen[before]})" if before else ""
            out.append(Problem(f"row {n}", f"row number {n} is missing{after}; rows must run 1..N"))
    return out


def read_list(path: Path) -> PublishedList:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise TwjpError(str(path), [Problem(f"byte {exc.start}", "the file is not UTF-8 text")]) from None
    return parse_text(text, name=str(path))
