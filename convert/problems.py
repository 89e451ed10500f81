"""Problems found in the inputs, reported all at once."""

from __future__ import annotations

from dataclasses import dataclass


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
        count = len(self.problems)
        head = f"{self.subject}: {count} problem{'s' if count != 1 else ''}"
        return "\n".join([head, *(f"  - {p}" for p in self.problems)])


def quote(text: str, limit: int = 60) -> str:
    """Input text quoted in a message, shortened: a message never echoes a whole long line."""
    if len(text) <= limit:
        return repr(text)
    return repr(text[:limit] + "…") + f" ({len(text):,} characters)"


def raise_if_any(subject: str, problems: list[Problem]) -> None:
    if problems:
        raise TwjpError(subject, problems)
