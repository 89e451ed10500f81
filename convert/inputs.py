"""Reading the files a command is given, bounded: only a regular file (never a FIFO, a device such as /dev/zero, a
directory), at most a stated size, read in one go; and RDF checked for parser bombs before it is parsed (JSON-LD
nested deeper than any real document, RDF/XML declaring entities). Each refusal is one located problem.

The bounds (a user's file larger than one is refused, never read in part):

- an edition of the list: 32 MiB (the real list is 12 KB, a hundred times larger a little over 1 MB);
- an RDF file (`twjp validate`, `twjp query --data`): 512 MiB, JSON-LD nested at most 64 levels;
- a table (a release's `agreements.csv` for `twjp diff`): 64 MiB."""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from convert.problems import Problem, TwjpError

MiB = 1024 * 1024
EDITION_BOUND = 32 * MiB
RDF_BOUND = 512 * MiB
TABLE_BOUND = 64 * MiB
JSON_DEPTH = 64
EXIT_INPUT = 2


def read_input(path: Path, bound: int, what: str, subject: str | None = None, exit_code: int = EXIT_INPUT) -> bytes:
    """The bytes of a regular file of at most `bound` bytes (`what` it is: "an edition of the list"); else a
    TwjpError naming the file."""

    def fail(message: str) -> TwjpError:
        return TwjpError(subject or str(path), [Problem(str(path), message)], exit_code=exit_code)

    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)  # (a FIFO opens at once, never waits)
    except OSError as err:
        raise fail(f"cannot read: {err.strerror or err}") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            kind = (
                "a FIFO"
                if stat.S_ISFIFO(info.st_mode)
                else "a directory"
                if stat.S_ISDIR(info.st_mode)
                else ("a device" if stat.S_ISCHR(info.st_mode) or stat.S_ISBLK(info.st_mode) else "a socket")
            )
            raise fail(f"is {kind}, not a regular file; give a file")
        if info.st_size > bound:
            raise fail(f"is {info.st_size:,} bytes, more than the {bound // MiB} MiB twjp reads for {what}")
        chunks, size = [], 0
        while chunk := os.read(fd, min(8 * MiB, bound + 1 - size)):
            chunks.append(chunk)
            size += len(chunk)
            if size > bound:
                raise fail(f"grew past the {bound // MiB} MiB twjp reads for {what} while it was read")
        return b"".join(chunks)
    except OSError as err:
        raise fail(f"cannot read: {err.strerror or err}") from None
    finally:
        os.close(fd)


_JSON_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.S)
_ENTITY = re.compile(rb"<!ENTITY", re.I)


def bomb(data: bytes, syntax: str) -> str | None:
    """Why RDF in this syntax (pyoxigraph's name of it: `JSON-LD`, `RDF/XML`) must not be parsed (a parser bomb),
    or None."""
    if syntax == "JSON-LD":
        depth = deepest = 0
        for c in _JSON_STRING.sub(b"", data).translate(None, delete=_NOT_BRACKETS):
            depth += 1 if c in (0x7B, 0x5B) else -1
            if depth > deepest:
                deepest = depth
                if deepest > JSON_DEPTH:
                    return f"its JSON nests deeper than {JSON_DEPTH} levels (no JSON-LD document needs that); refused"
    if syntax == "RDF/XML" and _ENTITY.search(data):
        return "it declares XML entities (<!ENTITY …>), which twjp does not expand; write their text out"
    return None


_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"{}[]")
