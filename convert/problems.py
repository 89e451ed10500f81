"""Problems found in the inputs, reported all at once."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

# a message lists at most this many problems of one kind (the rest counted), and at most this many kinds
PER_KIND = 10
KINDS = 50


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input: where it is (line, row or term) and what is wrong."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


class TwjpError(Exception):
    """Every problem found in one pass over an input; the CLI prints them and exits with `exit_code`."""

    exit_code = 1

    def __init__(self, subject: str, problems: list[Problem], exit_code: int | None = None):
        self.subject = subject
        self.problems = list(problems)
        if exit_code is not None:
            self.exit_code = exit_code
        super().__init__(self.format())

    def format(self) -> str:
        """Every kind of problem, each located; of a kind repeated many times the first PER_KIND and a count (a
        message stays readable and bounded however broken the input)."""
        count = len(self.problems)
        head = f"{self.subject}: {count:,} problem{'s' if count != 1 else ''}"
        groups: dict[str, list[Problem]] = defaultdict(list)
        for p in self.problems:
            groups[kind_of(p.message)].append(p)
        if len(groups) > 1 and count > PER_KIND:
            head += f" of {len(groups):,} kinds"
        lines = [head]
        for i, found in enumerate(groups.values()):
            if i == KINDS:
                rest = sum(len(f) for f in list(groups.values())[KINDS:])
                lines.append(f"  … and {rest:,} more problems of {len(groups) - KINDS:,} other kinds")
                break
            lines += [f"  - {p}" for p in found[:PER_KIND]]
            if len(found) > PER_KIND:
                lines.append(f"  … and {len(found) - PER_KIND:,} more like the above ({len(found):,} in all)")
        return "\n".join(lines)


def kind_of(message: str) -> str:
    """What a problem is, without the values it quotes or counts: problems of one kind share it."""
    return re.sub(r"'[^']*'|\"[^\"]*\"|«[^»]*»|[0-9][0-9,.:-]*", "…", message)[:120]


def quote(text: str, limit: int = 60) -> str:
    """Input text quoted in a message, shortened: a message never echoes a whole long line."""
    if len(text) <= limit:
        return repr(text)
    return repr(text[:limit] + "…") + f" ({len(text):,} characters)"


def raise_if_any(subject: str, problems: list[Problem], exit_code: int | None = None) -> None:
    if problems:
        raise TwjpError(subject, problems, exit_code)
