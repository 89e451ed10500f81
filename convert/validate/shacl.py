"""Validate the dataset against the SHACL shapes and the *-violation.rq queries of shapes/, and say
what is wrong in plain words.

Two SHACL engines give the same results (a test holds them to it): pyshacl-turbo, a compiled engine
with pySHACL's API, which the build uses for speed, and pyshacl, the reference implementation
(`twjp validate --engine pyshacl`)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import rdflib
import rdflib.collection
from rdflib.namespace import SH

from convert import paths
from convert.problems import Problem, TwjpError, quote
from convert.rdf.graph import ntriples_store
from convert.rdf.terms import prefixes

ENGINES = ("turbo", "pyshacl")
EXIT_UNREADABLE = 2  # `twjp validate`: 0 conforms, 1 does not conform, 2 not readable as RDF


@dataclass(frozen=True)
class Finding:
    """One problem in plain words: which resource, which property, what is wrong."""

    severity: str  # Violation, Warning, Info
    focus: str
    path: str
    value: str
    message: str
    constraint: str

    def __str__(self) -> str:
        where = f"{self.focus} {self.path}".strip()
        value = f" (value: {self.value})" if self.value else ""
        return f"{self.severity}: {where}: {self.message}{value}"


@dataclass(frozen=True)
class Validation:
    findings: list[Finding]

    @property
    def violations(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "Violation"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "Warning"]

    @property
    def conforms(self) -> bool:
        return not self.violations

    def text(self) -> str:
        head = (
            f"{'conforms' if self.conforms else 'does NOT conform'}: "
            f"{len(self.violations)} violations, {len(self.warnings)} warnings"
        )
        return "\n".join([head, *(f"  {f}" for f in self.findings)]) + "\n"


def _names() -> rdflib.Graph:
    g = rdflib.Graph(bind_namespaces="none")
    for prefix, iri in prefixes().items():
        g.bind(prefix, iri)
    return g


def _short(term, names: rdflib.Graph) -> str:
    if term is None:
        return ""
    if isinstance(term, rdflib.URIRef):
        try:
            return names.namespace_manager.normalizeUri(term)
        except Exception:
            return f"<{term}>"
    if isinstance(term, rdflib.Literal):
        if term.datatype == rdflib.XSD.string:  # "x" and "x"^^xsd:string are the same literal
            term = rdflib.Literal(str(term))
        return term.n3(names.namespace_manager)
    return str(term)


def _path(report: rdflib.Graph, path, names: rdflib.Graph) -> str:
    """A result path as SPARQL writes it: a predicate, or `a|b` for an alternative path (never a blank node id,
    which would change from run to run)."""
    if isinstance(path, rdflib.BNode):
        alternatives = report.value(path, SH.alternativePath)
        if alternatives is not None:
            return "|".join(_short(p, names) for p in rdflib.collection.Collection(report, alternatives))
        return "(a complex path)"
    return _short(path, names)


def turbo_input(ntriples: bytes):
    """N-Triples as pyshacl-turbo's own serialised input (`pyshacl_turbo.rdf.Input`, what it makes of a
    pyoxigraph Store before parsing it natively): the text goes straight to its parser, with no Store to
    fill and dump. Older or newer versions without it are given a Store, the documented input."""
    try:
        from pyshacl_turbo.rdf import Input
    except ImportError:  # pragma: no cover - depends on the installed pyshacl-turbo
        return ntriples_store(ntriples)
    return Input(ntriples.decode("utf-8"), "nt", None, {}, preserve_ids=True)


def shacl_findings(data: ox.Store | bytes, engine: str = "turbo", shapes: Path | None = None) -> list[Finding]:
    """SHACL results of the data (a Store, or N-Triples) against the shapes, in plain words."""
    shapes_text = (shapes or paths.SHAPES).read_text(encoding="utf-8")
    options = {"inference": "none", "allow_warnings": True}
    if engine == "turbo":
        import pyshacl_turbo

        graph = turbo_input(data) if isinstance(data, bytes) else data
        _, report, _ = pyshacl_turbo.validate(graph, shacl_graph=shapes_text, shacl_graph_format="turtle", **options)
    elif engine == "pyshacl":
        import pyshacl

        if isinstance(data, bytes):
            ntriples = data.decode("utf-8")
        else:
            ntriples = data.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph()).decode()
        data = rdflib.Graph().parse(data=ntriples, format="nt")
        shapes_graph = rdflib.Graph().parse(data=shapes_text, format="turtle")
        _, report, _ = pyshacl.validate(data, shacl_graph=shapes_graph, **options)
    else:
        raise ValueError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
    names = _names()
    out = []
    for result in report.subjects(rdflib.RDF.type, SH.ValidationResult):
        component = str(report.value(result, SH.sourceConstraintComponent))
        message = report.value(result, SH.resultMessage)
        out.append(
            Finding(
                severity=str(report.value(result, SH.resultSeverity)).rsplit("#", 1)[-1],
                focus=_short(report.value(result, SH.focusNode), names),
                path=_path(report, report.value(result, SH.resultPath), names),
                value=_short(report.value(result, SH.value), names),
                message=str(message) if message else component.rsplit("#", 1)[-1],
                constraint=component.rsplit("#", 1)[-1],
            )
        )
    return out


def violation_queries(directory: Path | None = None) -> dict[str, tuple[str, str]]:
    """name -> (message, query) of every *-violation.rq of shapes/."""
    out = {}
    for path in sorted((directory or paths.SHAPES.parent).glob("*-violation.rq")):
        text = path.read_text(encoding="utf-8")
        m = re.search(r"^# Message: (.+)$", text, re.M)
        out[path.stem] = (m.group(1) if m else path.stem, text)
    return out


def query_findings(store: ox.Store) -> list[Finding]:
    names = _names()
    out = []
    for name, (message, query) in violation_queries().items():
        for solution in store.query(query):
            this, value = solution["this"], solution["value"]
            out.append(
                Finding(
                    "Violation",
                    _short(rdflib.URIRef(this.value), names),
                    "",
                    value.value if value is not None else "",
                    message,
                    name,
                )
            )
    return out


def validate(triples: list[ox.Triple], engine: str = "turbo") -> Validation:
    store = ox.Store()
    store.bulk_extend(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
    return validate_store(store, engine)


def validate_ntriples(data: bytes, engine: str = "turbo") -> Validation:
    """The same validation from N-Triples (without duplicates), as the build does it: the SHACL engine reads the
    text itself; the violation queries run on a Store."""
    return verdict(shacl_findings(data, engine) + query_findings(ntriples_store(data)))


def validate_store(store: ox.Store, engine: str = "turbo") -> Validation:
    return verdict(shacl_findings(store, engine) + query_findings(store))


def verdict(findings: list[Finding]) -> Validation:
    return Validation(
        sorted(findings, key=lambda f: (f.severity != "Violation", f.focus, f.path, f.message, f.value, f.constraint))
    )


def read_rdf(path: Path) -> list[ox.Triple]:
    """The triples of an RDF file, its syntax from its extension (Turtle if unknown). An unreadable file,
    a syntax error (with its line and column), a remote JSON-LD context (never fetched) or a file without
    triples is a TwjpError naming the file."""
    fmt = ox.RdfFormat.from_extension(path.suffix.lstrip(".")) or ox.RdfFormat.TURTLE
    where = str(path)

    def fail(message: str) -> TwjpError:
        return TwjpError("twjp validate", [Problem(where, message)], exit_code=EXIT_UNREADABLE)

    try:
        data = path.read_bytes()
    except OSError as err:
        raise fail(f"cannot read: {err.strerror or err}") from None
    try:
        triples = [q.triple for q in ox.parse(data, format=fmt)]
    except SyntaxError as err:
        message = str(err)
        if "remote context" in message:
            raise fail(
                "its JSON-LD @context is a remote document, which twjp never fetches; inline the context"
            ) from None
        if err.lineno:
            where = f"{path}:{err.lineno}:{err.offset or 0}"
        raise fail(f"not valid {fmt.name}: {quote(message, 200)}") from None
    except ValueError as err:
        raise fail(f"not valid {fmt.name}: {quote(str(err), 200)}") from None
    if not triples:
        raise fail(f"holds no data (no triples, read as {fmt.name}): nothing to validate")
    return triples


def validate_file(path: Path, engine: str = "turbo") -> Validation:
    return validate(read_rdf(path), engine)
