"""The expected answers kept beside the local sample queries (`queries/NAME.expected.csv` or `.nt`)."""

from __future__ import annotations

from pathlib import Path

from convert.sparql.catalogue import bind_parameters, catalogue, expected_path
from convert.sparql.render import expected_answer
from convert.sparql.run import ask


def update_expected() -> list[tuple[Path, bool]]:
    """Rewrite the expected answer of every local query from the release; (path, whether it changed)."""
    out = []
    for q in catalogue().values():
        if q.endpoint != "twjp":
            continue
        path = expected_path(q)
        new = expected_answer(ask(q, bind_parameters(q, {})))
        old = path.read_bytes() if path.exists() else None
        if new != old:
            path.write_bytes(new)
        out.append((path, new != old))
    return out
