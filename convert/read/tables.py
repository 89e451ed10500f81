"""Curated tables: one typed record per row, one canonical text form (fixed columns, sorted rows,
UTF-8, LF, tab-separated). Reading reports every malformed line at once."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import TypeVar

from convert.problems import Problem, raise_if_any

T = TypeVar("T")

FIX_COMMAND = "twjp canonicalize"


def columns(record_type: type) -> list[str]:
    return [f.name for f in dataclasses.fields(record_type)]


def parse_table(text: str, record_type: type[T], name: str) -> list[T]:
    """Parse the text of a table into records; every line that does not fit is a problem."""
    cols = columns(record_type)
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    problems: list[Problem] = []
    if not lines or lines[0].rstrip("\r").split("\t") != cols:
        found = lines[0] if lines else "(empty file)"
        problems.append(Problem(f"{name} line 1", f"header must be {'<TAB>'.join(cols)!r}, found {found!r}"))
        raise_if_any(name, problems)
    records: list[T] = []
    for number, line in enumerate(lines[1:], start=2):
        cells = line.rstrip("\r").split("\t")
        if len(cells) != len(cols):
            problems.append(
                Problem(f"{name} line {number}", f"expected {len(cols)} tab-separated cells, found {len(cells)}")
            )
            continue
        padded = [c for c in cells if c != c.strip()]
        if padded:
            problems.append(Problem(f"{name} line {number}", f"cell {padded[0]!r} has surrounding spaces"))
            continue
        records.append(record_type(*cells))
    raise_if_any(name, problems)
    return records


def read_table(path: Path, record_type: type[T]) -> list[T]:
    return parse_table(path.read_text(encoding="utf-8"), record_type, path.name)


def canonical_text(records: list, record_type: type) -> str:
    cols = columns(record_type)
    rows = sorted(dataclasses.astuple(r) for r in records)
    return "".join("\t".join(row) + "\n" for row in [tuple(cols), *rows])


def write_table(path: Path, records: list, record_type: type) -> bool:
    """Rewrite a table in canonical form; returns whether it changed."""
    text = canonical_text(records, record_type)
    old = path.read_text(encoding="utf-8") if path.exists() else None
    if old == text:
        return False
    path.write_text(text, encoding="utf-8", newline="\n")
    return True
