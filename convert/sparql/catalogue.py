"""The sample queries of queries/: their documented headers and their parameters.

Every query file starts with a comment block that this module reads (and checks):

    # Question: the question in plain English
    # 問題：the question in Chinese
    # 質問：the question in Japanese
    # Endpoint: twjp | twjp+wikidata | wikidata
    # Columns: the variables a SELECT returns, in order      (or  # Triples: what a CONSTRUCT returns)
    # Parameter: name = default — what the value is          (any number, each one a projected variable)
    # Locality: name = locality                              (optional: the parameter names a locality)

A `Locality:` line says that a parameter names a local government (or group): `twjp query` looks the value
up among the localities' names, codes and ids before running the query, says so (with the nearest names)
when it names none, and binds the variable after `=` to the localities found.

`twjp` queries run on this dataset, `twjp+wikidata` ones on this dataset with a SERVICE call to
Wikidata's query service, `wikidata` ones on Wikidata's query service itself. Parameters are bound
as values (pyoxigraph substitutions; a VALUES block for a remote endpoint), never pasted into the
text as they were typed."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path

from pyoxigraph import (
    Literal,
)

from convert import paths
from convert.problems import Problem, TwjpError, quote, raise_if_any
from convert.sparql.answer import GRAPH_FORMS

ENDPOINTS = {
    "twjp": "this dataset",
    "twjp+wikidata": "this dataset, calling Wikidata's query service through SERVICE",
    "wikidata": "Wikidata's query service",
}
# The SERVICE target written in the federated queries; --wikidata-endpoint replaces it.
WIKIDATA_SPARQL = "https://query.wikidata.org/sparql"
REQUIRED_KEYS = ("Question", "問題", "質問", "Endpoint")
KEYS = (*REQUIRED_KEYS, "Columns", "Triples", "Parameter", "Locality")
HEADER_LINE = re.compile(r"#\s*(Question|問題|質問|Endpoint|Columns|Triples|Parameter|Locality)\s*[:：]\s*(.*)")
LOCALITY = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)\s*=\s*\??([A-Za-z_][A-Za-z0-9_]*)")
PARAMETER = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.+?)\s+—\s+(.+)")
FORM = re.compile(r"\b(SELECT|CONSTRUCT|ASK|DESCRIBE)\b", re.IGNORECASE)
PREFIX_DECL = re.compile(r"PREFIX\s+([A-Za-z][\w.-]*)?:\s*<([^>]*)>", re.IGNORECASE)
WHERE_OPEN = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)
IRI_REF = re.compile(r"<[^<>\"{}|^`\\\s]*>")


@dataclass(frozen=True)
class Parameter:
    name: str
    default: str
    description: str


@dataclass(frozen=True)
class QueryFile:
    """One query with what its header says about it."""

    name: str
    path: Path
    text: str
    question: str
    question_zh: str
    endpoint: str
    form: str  # SELECT, CONSTRUCT, ASK or DESCRIBE
    columns: tuple[str, ...] = ()
    triples: str = ""
    parameters: tuple[Parameter, ...] = ()
    question_ja: str = ""
    locality: tuple[str, str] | None = None  # (parameter, variable) of a `# Locality:` line

    @property
    def is_federated(self) -> bool:
        return self.endpoint == "twjp+wikidata"

    @property
    def is_graph(self) -> bool:
        return self.form in GRAPH_FORMS

    def parameter(self, name: str) -> Parameter | None:
        return next((p for p in self.parameters if p.name == name), None)


def body_without_comments(text: str) -> str:
    """The query with its full-line comments blanked (same offsets), to look for keywords safely."""
    return "\n".join(" " * len(line) if line.lstrip().startswith("#") else line for line in text.split("\n"))


def read_query(path: Path, *, header_required: bool = True) -> QueryFile:
    """Read a query file and its header; every problem of the header at once, naming the line."""
    where = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise TwjpError(where, [Problem(where, f"cannot read: {err}")]) from err
    problems: list[Problem] = []
    values: dict[str, list[tuple[int, str]]] = {}
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.startswith("#"):
            break
        m = HEADER_LINE.match(line)
        if m:
            values.setdefault(m.group(1), []).append((number, m.group(2).strip()))
    # the form is the first keyword outside comments and IRIs (an IRI may well contain "select")
    form_match = FORM.search(IRI_REF.sub("<>", body_without_comments(text)))
    form = form_match.group(1).upper() if form_match else ""
    if not form:
        problems.append(Problem(where, "no SELECT, CONSTRUCT, ASK or DESCRIBE: is this a SPARQL query?"))
    if header_required:
        for key in REQUIRED_KEYS:
            if key not in values:
                problems.append(Problem(f"{where}:1", f"the header has no `# {key}:` line"))
        if form == "SELECT" and "Columns" not in values:
            problems.append(Problem(f"{where}:1", "a SELECT query's header needs a `# Columns:` line"))
        if form in GRAPH_FORMS and "Triples" not in values:
            problems.append(Problem(f"{where}:1", f"a {form} query's header needs a `# Triples:` line"))
    for key, found in values.items():
        if key != "Parameter" and len(found) > 1:
            problems.append(Problem(f"{where}:{found[1][0]}", f"`# {key}:` is given twice"))

    def first(key: str, default: str = "") -> tuple[int, str]:
        return values.get(key, [(0, default)])[0]

    endpoint_line, endpoint = first("Endpoint", "twjp")
    if endpoint not in ENDPOINTS:
        problems.append(
            Problem(f"{where}:{endpoint_line}", f"unknown endpoint {endpoint!r}; use one of: {', '.join(ENDPOINTS)}")
        )
    if endpoint == "twjp+wikidata" and f"SERVICE <{WIKIDATA_SPARQL}>" not in text:
        problems.append(Problem(where, f"a twjp+wikidata query calls `SERVICE <{WIKIDATA_SPARQL}>`; this one does not"))
    columns = tuple(c.strip() for c in first("Columns")[1].split(",") if c.strip())
    parameters = []
    for number, spec in values.get("Parameter", []):
        m = PARAMETER.fullmatch(spec)
        if not m:
            problems.append(
                Problem(f"{where}:{number}", "write a parameter as `# Parameter: name = default — meaning`")
            )
            continue
        parameters.append(Parameter(m.group(1), m.group(2), m.group(3)))
        if form == "SELECT" and m.group(1) not in columns:
            # pyoxigraph binds (substitutes) only variables of the projection
            problems.append(Problem(f"{where}:{number}", f"parameter ?{m.group(1)} must be one of the columns"))
    locality = None
    if "Locality" in values:
        number, spec = values["Locality"][0]
        m = LOCALITY.fullmatch(spec)
        if not m:
            problems.append(Problem(f"{where}:{number}", "write it as `# Locality: parameter = variable`"))
        elif m.group(1) not in {p.name for p in parameters}:
            problems.append(Problem(f"{where}:{number}", f"{m.group(1)!r} is not a parameter of the query"))
        elif form == "SELECT" and m.group(2) not in columns:
            problems.append(Problem(f"{where}:{number}", f"?{m.group(2)} must be one of the columns"))
        else:
            locality = (m.group(1), m.group(2))
    raise_if_any(where, problems)
    return QueryFile(
        name=path.name.removesuffix(".rq"),
        path=path,
        text=text,
        question=first("Question")[1],
        question_zh=first("問題")[1],
        question_ja=first("質問")[1],
        endpoint=endpoint,
        form=form,
        columns=columns,
        triples=first("Triples")[1],
        parameters=tuple(parameters),
        locality=locality,
    )


def catalogue(folder: Path | None = None) -> dict[str, QueryFile]:
    """Every query of the folder (default: queries/), by name; all header problems at once."""
    folder = folder or paths.QUERIES
    found: dict[str, QueryFile] = {}
    problems: list[Problem] = []
    for path in sorted(folder.glob("*.rq")):
        try:
            q = read_query(path)
        except TwjpError as err:
            problems += err.problems
            continue
        found[q.name] = q
    raise_if_any(str(folder), problems)
    return found


def find_query(name_or_file: str, folder: Path | None = None) -> QueryFile:
    """A query of the catalogue by name (with or without .rq), or any file (its header is optional)."""
    path = Path(name_or_file)
    if path.is_file() and path.resolve().parent != (folder or paths.QUERIES).resolve():
        return read_query(path, header_required=False)
    queries = catalogue(folder)
    name = path.name.removesuffix(".rq")
    if name in queries:
        return queries[name]
    close = difflib.get_close_matches(name, list(queries), n=3)
    hint = f"; did you mean {', '.join(close)}?" if close else "; `twjp query` lists them"
    raise TwjpError("twjp query", [Problem(name_or_file, f"no such query or .rq file{hint}")])


def bind_parameters(query: QueryFile, given: dict[str, str]) -> dict[str, Literal]:
    """The value of every parameter (given, or its default), as a literal; unknown names are errors."""
    problems = [
        Problem(
            f"--param {name}",
            f"{query.name} has no parameter {name!r}"
            + (f" (it has: {', '.join(p.name for p in query.parameters)})" if query.parameters else " (it has none)"),
        )
        for name in given
        if query.parameter(name) is None
    ]
    raise_if_any("twjp query", problems)
    return {p.name: Literal(given.get(p.name, p.default)) for p in query.parameters}


def query_prefixes(text: str) -> dict[str, str]:
    return {m.group(1) or "": m.group(2) for m in PREFIX_DECL.finditer(body_without_comments(text))}


def expected_path(query: QueryFile) -> Path:
    """Where the expected answer of a local query is kept: beside it."""
    return query.path.with_name(f"{query.name}.expected.{'nt' if query.is_graph else 'csv'}")


def parse_params(pairs: tuple[str, ...] | list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    problems = []
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            problems.append(Problem(f"--param {pair}", "write it as NAME=VALUE"))
            continue
        out[name.strip()] = value
    raise_if_any("twjp query", problems)
    return out


def listing(queries: dict[str, QueryFile]) -> str:
    """The catalogue as `twjp query` lists it: each query's name, question, endpoint and parameters."""
    width = max(len(n) for n in queries)
    lines = ["Sample queries (twjp query NAME [--param name=value] [--format table|csv|tsv|json]):", ""]
    for q in queries.values():
        where = {"twjp": "", "twjp+wikidata": " [+Wikidata]", "wikidata": " [on Wikidata]"}[q.endpoint]
        lines.append(f"  {q.name:<{width}}  {q.question}{where}")
        for p in q.parameters:
            lines.append(f"  {'':<{width}}    --param {p.name}=… (default {p.default}): {p.description}")
    lines += [
        "",
        "[+Wikidata]: asks Wikidata's query service through SERVICE (needs the network, or --wikidata-endpoint).",
        "[on Wikidata]: runs on Wikidata's query service itself.",
    ]
    return "\n".join(lines) + "\n"


def syntax_problem(where: str, text: str, engine_message: str) -> Problem:
    """A query that does not parse, as one located problem: the line and column (from rdflib's SPARQL parser,
    which locates the first token it cannot read; else the engine's own position), what is there, the
    engine's message, and the query's line with a caret under the place."""
    line = column = 0
    found = ""
    try:
        from rdflib.plugins.sparql import prepareQuery

        prepareQuery(text)
    except Exception as err:  # pyparsing's ParseException (rdflib has no error type of its own)
        line, column = getattr(err, "lineno", 0) or 0, getattr(err, "col", 0) or 0
        found = re.search(r"found (end of text|'[^']*')", str(err))
        found = found.group(1) if found else ""
    if not line:
        m = re.search(r"at (\d+):(\d+)", engine_message)
        line, column = (int(m.group(1)), int(m.group(2))) if m else (0, 0)
    lines = text.split("\n")
    shown = lines[line - 1] if 0 < line <= len(lines) else ""
    what = f"unexpected {found}" if found else "does not parse"
    engine = re.sub(r"^error at \d+:\d+: ", "", engine_message).strip()
    caret = " " * (max(column, 1) - 1) + "^"
    return Problem(
        f"{where}:{line}:{column}" if line else where,
        f"not valid SPARQL: {what} (the engine says: {quote(engine, 160)})\n      {line:>4} | {shown}\n"
        f"           | {caret}",
    )
