"""Read the list as published (text of the PDF) into one record per numbered row.

Every non-blank line is accounted for: a row (possibly running over several lines), a repeated
column header, a section marker (【南部】) or a note (【注意事項】 …). Anything else is a problem
naming its line; all problems are raised together."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from convert.problems import Problem, TwjpError, quote, raise_if_any

HEADER = ("台灣地方政府", "日本地方政府", "合作型態", "締結年月日")
ROW_START = re.compile(r"([0-9]+)\s+\S")
SECTION = re.compile(r"【([^】]+)】")
NOTE = re.compile(r"【([^】]+)】\s*(\S.*)")
DATE_TOKEN = re.compile(r"[0-9]+年[0-9]+月[0-9]+日")
DATE = re.compile(r"([0-9]{4})年([0-9]{1,2})月([0-9]{1,2})日")
# signing dates before this are not plausible for the list (the first agreements date from the 1970s)
EARLIEST_DATE = dt.date(1950, 1, 1)
MAX_ROW_DIGITS = 9


@dataclass(frozen=True)
class Row:
    """One numbered row of the list, cells as written (spaces from the extraction removed)."""

    number: int
    taiwan: str
    japan: str
    type: str
    date: dt.date | None  # None only in a list that has problems (the date is not a calendar date)
    first_line: int
    last_line: int
    written_date: str = ""  # the date cell as written (2006年5月22日)

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


def parse_text(text: str, name: str = "source", today: dt.date | None = None) -> PublishedList:
    """Parse the list; raises TwjpError naming every line or row that is wrong."""
    published, problems = parse_collecting(text, today)
    raise_if_any(name, problems)
    return published


def parse_collecting(text: str, today: dt.date | None = None) -> tuple[PublishedList, list[Problem]]:
    """The list and every problem found in it. A row whose date is wrong is kept (its parties can still
    be resolved, so that every problem of an edition is reported at once); a row without its cells is not."""
    today = today or dt.date.today()
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
            digits = current.parts[0]
            if len(digits) > MAX_ROW_DIGITS:
                problems.append(
                    Problem(
                        _lines(current),
                        f"row number {quote(digits, 20)} is not plausible (over {MAX_ROW_DIGITS} digits)",
                    )
                )
                current = None
                return
            numbered.append((int(digits), _where(current)))
            row = _make_row(current, problems, today)
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
                Problem(
                    f"line {number}",
                    f"unexpected text {quote(line)} after the date of row {current.parts[0][:MAX_ROW_DIGITS]}",
                )
            )
        else:
            problems.append(
                Problem(
                    f"line {number}",
                    f"unexpected text {quote(line)}: not a row, column header, section marker or note",
                )
            )
    close()
    problems.extend(_numbering_problems(numbered))
    problems.extend(_repeated_rows(rows))
    if not rows and not problems:
        problems.append(Problem("line 1", "no numbered rows found"))
    return PublishedList(tuple(rows), tuple(headers), tuple(sections), tuple(notes)), problems


def _make_row(current: _Open, problems: list[Problem], today: dt.date) -> Row | None:
    tokens = current.parts
    where = _where(current)
    text = " ".join(tokens)
    if not DATE_TOKEN.fullmatch(tokens[-1]):
        problems.append(Problem(where, f"no signing date (YYYY年M月D日) at the end of {quote(text)}"))
        return None
    if len(tokens) < 5:
        problems.append(
            Problem(
                where,
                f"expected 4 cells after the number (台灣地方政府 日本地方政府 合作型態 締結年月日), "
                f"found {len(tokens) - 1}: {quote(text)}",
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
        problems.append(Problem(where, f"{quote(tokens[-1], 30)} is not a calendar date"))
    elif date < EARLIEST_DATE:
        problems.append(
            Problem(where, f"{quote(tokens[-1])} is before {EARLIEST_DATE.year}: not a plausible signing date")
        )
    elif date > today:
        problems.append(
            Problem(where, f"{quote(tokens[-1])} is after today ({today.isoformat()}): not a plausible signing date")
        )
    return Row(
        int(tokens[0]),
        tokens[1],
        "".join(tokens[2:-2]),
        tokens[-2],
        date,
        current.first_line,
        current.last_line,
        tokens[-1],
    )


def row_place(number: int, first_line: int, last_line: int) -> str:
    span = f"line {first_line}" if first_line == last_line else f"lines {first_line}-{last_line}"
    return f"row {number} ({span})"


def _where(current: _Open) -> str:
    return row_place(int(current.parts[0]), current.first_line, current.last_line)


def _lines(current: _Open) -> str:
    if current.first_line == current.last_line:
        return f"line {current.first_line}"
    return f"lines {current.first_line}-{current.last_line}"


def _numbering_problems(numbered: list[tuple[int, str]]) -> list[Problem]:
    """Duplicates, and each gap in the numbering as one problem that names the row after it: linear in the
    number of rows, whatever numbers they hold."""
    out: list[Problem] = []
    seen: dict[int, str] = {}
    for number, where in numbered:
        if number < 1:
            out.append(Problem(where, f"row number {number}: rows are numbered from 1"))
            continue
        if number in seen:
            out.append(Problem(where, f"row number {number} already used by {seen[number]}"))
        else:
            seen[number] = where
    previous = 0
    for number in sorted(seen):
        if number > previous + 1:
            first, last = previous + 1, number - 1
            if previous == 0:
                missing = (
                    f"row number {first} is missing" if first == last else f"row numbers {first}-{last} are missing"
                )
                out.append(Problem(f"row {first}", f"{missing}; rows must run 1..N (the first row is {seen[number]})"))
            elif first == last:
                out.append(Problem(f"row {first}", f"row number {first} is missing (after {seen[previous]})"))
            else:
                out.append(
                    Problem(
                        seen[number],
                        f"breaks the numbering: row numbers {first}-{last} are missing "
                        f"({last - first + 1:,} rows; the row before is {seen[previous]})",
                    )
                )
        previous = number
    return out


def _repeated_rows(rows: list[Row]) -> list[Problem]:
    """A row whose cells, type and date are those of an earlier row: the list names one agreement twice (or two
    agreements it cannot tell apart). Either way no identifier could be given to one rather than the other."""
    out: list[Problem] = []
    first: dict[tuple, Row] = {}
    for row in rows:
        key = (row.taiwan, row.japan, row.type, row.date or row.written_date)
        earlier = first.setdefault(key, row)
        if earlier is not row:
            out.append(
                Problem(
                    row.where,
                    f"repeats {earlier.where}: the same cells, type and date ({quote(row.taiwan, 30)}, "
                    f"{quote(row.japan, 30)}, {quote(row.type, 20)}, {row.written_date}); an agreement is listed once: "
                    "remove the repetition, or correct the row that is wrong",
                )
            )
    return out


def decode(data: bytes, name: str) -> str:
    """The text of the list: UTF-8, with or without a byte-order mark; anything else is an error naming
    the line and byte where it stops being UTF-8."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise TwjpError(
            name, [Problem(f"line {line} (byte {exc.start})", "the file is not UTF-8 text (the list is read as UTF-8)")]
        ) from None


def read_text(path: Path) -> str:
    from convert.inputs import EDITION_BOUND, read_input

    return decode(read_input(path, EDITION_BOUND, "an edition of the list", exit_code=1), str(path))


def read_list(path: Path, today: dt.date | None = None) -> PublishedList:
    return parse_text(read_text(path), name=str(path), today=today)
