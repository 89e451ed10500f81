"""Validate the dataset against the SHACL shapes of shapes/ (every rule is in them, the SPARQL-based ones as
sh:sparql constraints; the *-violation.rq files beside them say some again for users of plain SPARQL), and say
what is wrong in plain words, in English, Traditional Chinese or Japanese (every shape's message is given in the
three).

Two SHACL engines give the same results (a test holds them to it): pyshacl-turbo, a compiled engine
with pySHACL's API, which the build uses for speed, and pyshacl, the reference implementation
(`twjp validate --engine pyshacl`). Both read the data as N-Triples text."""

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
LANGUAGES = ("en", "zh-hant", "ja")
EXIT_UNREADABLE = 2  # `twjp validate`: 0 conforms, 1 does not conform, 2 not readable as RDF


@dataclass(frozen=True)
class Finding:
    """One problem in plain words: which resource, which property, what is wrong."""

    severity: str  # Violation, Warning, Info
    focus: str
    path: str
    value: str
    message: str  # in English
    constraint: str
    messages: tuple[tuple[str, str], ...] = ()  # (language, message) in every language the shape gives
    shape: str = ""  # the shape it comes from, where the shape is named (twjpsh:OfficialCodeUniqueShape)

    def in_language(self, lang: str) -> str:
        return dict(self.messages).get(lang, self.message)

    def text(self, lang: str = "en") -> str:
        where = f"{self.focus} {self.path}".strip()
        value = f" ({VALUE_WORD.get(lang, 'value')}: {self.value})" if self.value else ""
        return (
            f"{SEVERITY_WORD.get(lang, {}).get(self.severity, self.severity)}: {where}: {self.in_language(lang)}{value}"
        )

    def __str__(self) -> str:
        return self.text("en")


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

    def text(self, lang: str = "en") -> str:
        v, w = len(self.violations), len(self.warnings)
        head = {
            "en": f"{'conforms' if self.conforms else 'does NOT conform'}: {v} violations, {w} warnings",
            "zh-hant": f"{'符合' if self.conforms else '不符合'}：{v} 項違規，{w} 項警告",
            "ja": f"{'適合する' if self.conforms else '適合しない'}：違反 {v} 件、警告 {w} 件",
        }[lang]
        return "\n".join([head, *(f"  {f.text(lang)}" for f in self.findings)]) + "\n"


SEVERITY_WORD = {
    "zh-hant": {"Violation": "違規", "Warning": "警告", "Info": "資訊"},
    "ja": {"Violation": "違反", "Warning": "警告", "Info": "情報"},
}
VALUE_WORD = {"en": "value", "zh-hant": "值", "ja": "値"}


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
        inverse = report.value(path, SH.inversePath)
        if inverse is not None:
            return "^" + _short(inverse, names)
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
    shapes_graph = _shapes_graph(shapes_text)
    out = []
    for result in report.subjects(rdflib.RDF.type, SH.ValidationResult):
        component = str(report.value(result, SH.sourceConstraintComponent))
        value = report.value(result, SH.value)
        messages = _messages(report, result, shapes_graph, value, names)
        out.append(
            Finding(
                severity=str(report.value(result, SH.resultSeverity)).rsplit("#", 1)[-1],
                focus=_short(report.value(result, SH.focusNode), names),
                path=_path(report, report.value(result, SH.resultPath), names),
                value=_short(value, names),
                message=messages.get("en") or component.rsplit("#", 1)[-1],
                constraint=component.rsplit("#", 1)[-1],
                messages=tuple(sorted(messages.items())),
                shape=_shape_name(report.value(result, SH.sourceShape), names),
            )
        )
    return out


_SHAPES_CACHE: dict[str, rdflib.Graph] = {}


def _shapes_graph(text: str) -> rdflib.Graph:
    if text not in _SHAPES_CACHE:
        _SHAPES_CACHE.clear()
        _SHAPES_CACHE[text] = rdflib.Graph().parse(data=text, format="turtle")
    return _SHAPES_CACHE[text]


def _messages(report: rdflib.Graph, result, shapes: rdflib.Graph, value, names: rdflib.Graph) -> dict[str, str]:
    """A result's message in each language. The engines keep the language tags of a shape's messages but drop
    those of a SPARQL constraint's (after putting the value in): those are taken from the shapes graph, by the
    result's source shape, with {?value} and {$this} filled in alike."""
    out = {}
    for m in report.objects(result, SH.resultMessage):
        if isinstance(m, rdflib.Literal) and m.language:
            out[m.language.lower()] = str(m)
    if out:
        return out
    shape = report.value(result, SH.sourceShape)
    constraint = report.value(result, SH.sourceConstraint)
    holders = [constraint] if constraint is not None else []
    holders += list(shapes.objects(shape, SH.sparql)) if shape is not None else []
    holders.append(shape)
    for holder in holders:
        for m in shapes.objects(holder, SH.message) if holder is not None else ():
            if isinstance(m, rdflib.Literal) and m.language:
                text = (
                    str(m)
                    .replace("{?value}", _plain(value, names))
                    .replace("{$this}", _plain(report.value(result, SH.focusNode), names))
                )
                out[m.language.lower()] = text
        if out:
            return out
    for m in report.objects(result, SH.resultMessage):
        out.setdefault("en", str(m))
    return out


def _shape_name(shape, names: rdflib.Graph) -> str:
    return str(shape).rsplit("#", 1)[-1] if isinstance(shape, rdflib.URIRef) else ""


def _plain(term, names: rdflib.Graph) -> str:
    if isinstance(term, rdflib.Literal):
        return str(term)
    return _short(term, names)


def violation_queries(directory: Path | None = None) -> dict[str, tuple[str, str]]:
    """name -> (message, query) of every *-violation.rq of shapes/."""
    out = {}
    for path in sorted((directory or paths.SHAPES.parent).glob("*-violation.rq")):
        text = path.read_text(encoding="utf-8")
        m = re.search(r"^# Message: (.+)$", text, re.M)
        out[path.stem] = (m.group(1) if m else path.stem, text)
    return out


def query_findings(store: ox.Store) -> list[Finding]:
    """What the *-violation.rq queries find (a test holds them to their sh:sparql twins in the shapes)."""
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
    from convert.rdf.graph import canonical

    return validate_ntriples(canonical(triples).ntriples, engine)


def validate_ntriples(data: bytes, engine: str = "turbo") -> Validation:
    """The validation of N-Triples (without duplicates), as the build does it: the SHACL engine reads the text
    itself (pyshacl-turbo given a pyoxigraph Store misreads plain literals in sh:in; its text input does not)."""
    return verdict(shacl_findings(data, engine))


def validate_store(store: ox.Store, engine: str = "turbo") -> Validation:
    return validate_ntriples(store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph()), engine)


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

    from convert.inputs import RDF_BOUND, bomb, read_input

    data = read_input(path, RDF_BOUND, "an RDF file", "twjp validate", EXIT_UNREADABLE)
    if why := bomb(data, fmt.name):
        raise fail(why)
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
