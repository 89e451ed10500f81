"""Write the answer of a query: an aligned table for people, or a standard format for programs.

CSV, TSV and JSON are the W3C SPARQL 1.1 results formats, written by pyoxigraph; triples are written
as Turtle (with the query's prefixes) or sorted N-Triples."""

from __future__ import annotations

import textwrap
import unicodedata

from pyoxigraph import BlankNode, Literal, NamedNode, QueryResultsFormat, RdfFormat, serialize

from convert.rdf.terms import prefixes as dataset_prefixes
from convert.sparql.answer import GRAPH_FORMS, Answer

RESULT_FORMATS = {"csv": QueryResultsFormat.CSV, "tsv": QueryResultsFormat.TSV, "json": QueryResultsFormat.JSON}
TABLE_FORMATS = ("table", *RESULT_FORMATS)
GRAPH_FORMATS = {"turtle": RdfFormat.TURTLE, "ntriples": RdfFormat.N_TRIPLES}
FORMATS = (*TABLE_FORMATS, *GRAPH_FORMATS)


class FormatError(ValueError):
    pass


def default_format(form: str) -> str:
    return "turtle" if form in GRAPH_FORMS else "table"


def check_format(form: str, fmt: str) -> None:
    """Refuse, before running the query, a format its answer cannot be written in."""
    if form in GRAPH_FORMS and fmt not in GRAPH_FORMATS:
        raise FormatError(f"a {form} query gives triples: use --format {' or '.join(GRAPH_FORMATS)}")
    if form not in GRAPH_FORMS and fmt not in TABLE_FORMATS:
        raise FormatError(f"a {form} query gives results: use --format {', '.join(TABLE_FORMATS)}")


def render(
    answer: Answer, fmt: str, prefixes: dict[str, str], labels: dict[str, str] | None = None, limit: int = 0
) -> bytes:
    """The answer in a format; a table shows the names in `labels` (IRI -> name) for IRIs and fits in `limit`
    terminal columns (0: no limit)."""
    check_format(answer.form, fmt)
    if answer.is_graph:
        return render_triples(answer, fmt, prefixes)
    if fmt == "table":
        return render_table(answer, prefixes, labels, limit).encode("utf-8")
    out = answer.solutions().serialize(format=RESULT_FORMATS[fmt])
    return out if out.endswith(b"\n") else out + b"\n"  # JSON results end with `}`: end the file with a line


def render_triples(answer: Answer, fmt: str, prefixes: dict[str, str]) -> bytes:
    triples = sorted(set(answer.triples), key=str)
    if fmt == "ntriples":
        return serialize(triples, format=RdfFormat.N_TRIPLES)
    used = {k: v for k, v in {**dataset_prefixes(), **prefixes}.items() if k}
    return serialize(triples, format=RdfFormat.TURTLE, prefixes=used)


def short(term, prefixes: dict[str, str]) -> str:
    """A term as people read it: IRIs shortened with the known prefixes, literals as their text."""
    if term is None:
        return ""
    if isinstance(term, NamedNode):
        best = max(
            ((k, v) for k, v in prefixes.items() if term.value.startswith(v)), key=lambda kv: len(kv[1]), default=None
        )
        if best is not None:
            return f"{best[0]}:{term.value[len(best[1]) :]}"
        return f"<{term.value}>"
    if isinstance(term, BlankNode):
        return f"_:{term.value}"
    if isinstance(term, Literal):
        return term.value
    return str(term)


def width(text: str) -> int:
    """Columns the text takes in a terminal: Chinese and Japanese characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


NARROWEST = 12  # a column is never cut narrower than this


def render_table(answer: Answer, prefixes: dict[str, str], labels: dict[str, str] | None = None, limit: int = 0) -> str:
    """An aligned table for people: IRIs shown by their names where `labels` has one (else as prefixed names),
    and at most `limit` columns wide: the columns wider than a cap are cut (…) to it, the widest cap that
    fits, down to NARROWEST; past that the last columns are left out, said under the table (--format csv
    has them all)."""
    if answer.boolean is not None:
        return ("true" if answer.boolean else "false") + "\n"
    known = {**dataset_prefixes(), **prefixes}
    labels = labels or {}
    names = list(answer.variables)
    cells = [
        [labels.get(t.value, "") or short(t, known) if isinstance(t, NamedNode) else short(t, known) for t in row]
        for row in answer.rows()
    ]
    widths = [max([width(n), *(width(r[i]) for r in cells)]) for i, n in enumerate(names)]
    hidden: list[str] = []
    constant: list[str] = []
    if limit and sum(widths) + 2 * (len(widths) - 1) > limit and len(cells) > 1:
        # a column with one value in every row says nothing row by row: said once, under the table
        same = [i for i in range(len(names)) if len({r[i] for r in cells}) == 1 and len(names) > 1]
        constant = [f"{names[i]} = {cells[0][i]}" for i in same]
        keep = [i for i in range(len(names)) if i not in same]
        names, widths = [names[i] for i in keep], [widths[i] for i in keep]
        cells = [[r[i] for i in keep] for r in cells]
    if limit:
        natural = list(widths)
        while True:
            # the widest cap that fits: columns narrower than it keep their width (a date stays whole)
            cap = next(
                (c for c in range(max(natural), NARROWEST - 1, -1)
                 if sum(min(w, c) for w in natural) + 2 * (len(natural) - 1) <= limit),
                None,
            )  # fmt: skip
            if cap is not None or len(natural) == 1:
                widths = [min(w, cap or NARROWEST) for w in natural]
                break
            natural.pop()  # too many columns even cut: leave out the last ones
            hidden.insert(0, names.pop())
        names_cut = [cut(n, w) for n, w in zip(names, widths, strict=True)]
        cells = [[cut(v, w) for v, w in zip(r, widths, strict=False)] for r in cells]
    else:
        names_cut = names

    def line(values: list[str]) -> str:
        return "  ".join(v + " " * (w - width(v)) for v, w in zip(values, widths, strict=False)).rstrip()

    out = [line(names_cut), line(["-" * w for w in widths]), *(line(r) for r in cells)]
    count = len(cells)
    out.append(f"({count} row{'s' if count != 1 else ''})")
    if constant:
        out += textwrap.wrap(f"(in every row: {'; '.join(constant)})", limit)
    if hidden:
        note = f"(left out for the terminal's width: {', '.join(hidden)}; --format csv has every column)"
        out += textwrap.wrap(note, limit)
    return "\n".join(out) + "\n"


def cut(text: str, columns: int) -> str:
    """The text in at most `columns` terminal columns, ending with … when cut."""
    if width(text) <= columns:
        return text
    out, used = [], 0
    for ch in text:
        w = width(ch)
        if used + w > columns - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + "…"


def expected_answer(answer: Answer) -> bytes:
    """The form kept beside a query as its expected answer: SPARQL CSV results, or sorted N-Triples."""
    if answer.is_graph:
        return render_triples(answer, "ntriples", {})
    return answer.solutions().serialize(format=QueryResultsFormat.CSV)
