"""The SHACL shapes and violation queries: valid fixtures conform, each invalid fixture fails for the
constraint its name gives, and the two SHACL engines agree."""

from pathlib import Path

import pytest
import yaml

from convert import paths
from convert.validate.shacl import validate_file
from tests.conftest import DATA

VALID = sorted((DATA / "valid").glob("*.ttl"))
INVALID = yaml.safe_load((DATA / "invalid" / "expected.yaml").read_text(encoding="utf-8"))


def test_fixtures_are_what_the_generator_makes_from_the_real_graph(edition):
    """Fixtures follow the model: `python -m convert.dev.fixtures` rewrites them from the graph and the defects."""
    from convert.dev.fixtures import fixtures

    made = fixtures(edition)
    stale = [p.name for p, content in made.items() if not p.exists() or p.read_bytes() != content]
    assert not stale, f"run `python -m convert.dev.fixtures`: {stale}"


def test_validation_with_rdfs_inference_finds_no_violation():
    """Every domain and range of the ontology is true of the data: RDFS inference adds no violation."""
    import pyshacl
    import rdflib

    data = rdflib.Graph().parse(paths.OUTPUT / "twjp.nt", format="nt")
    ontology = rdflib.Graph().parse(paths.ONTOLOGY)
    shapes = rdflib.Graph().parse(paths.SHAPES)
    conforms, _, text = pyshacl.validate(
        data, shacl_graph=shapes, ont_graph=ontology, inference="rdfs", allow_warnings=True
    )
    assert conforms, text


def test_fixture_sets_are_complete():
    assert len(VALID) >= 3
    assert len(INVALID) >= 12
    assert {p.stem for p in (DATA / "invalid").glob("*.ttl")} == set(INVALID)


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.stem)
def test_valid_fixture_conforms(path: Path):
    result = validate_file(path)
    assert result.conforms, result.text()


def test_locality_without_wikidata_link_is_a_warning_not_a_violation():
    result = validate_file(DATA / "valid" / "district-without-wikidata-link.ttl")
    assert result.conforms
    [warning] = result.warnings
    assert warning.focus == "locality:tw-63000070"
    assert "no verified Wikidata item" in str(warning)


@pytest.mark.parametrize("name", sorted(INVALID))
def test_invalid_fixture_fails_for_its_constraint(name: str):
    expected = INVALID[name]
    result = validate_file(DATA / "invalid" / f"{name}.ttl")
    assert not result.conforms
    # the fixture is a valid one with one defect, so every violation comes from that defect
    found = {(f.constraint, f.path) for f in result.violations}
    assert (expected["constraint"], expected["path"]) in found, result.text()
    if "shape" in expected:
        assert expected["shape"] in {f.shape for f in result.violations}, result.text()


@pytest.mark.parametrize("path", [*VALID, *sorted((DATA / "invalid").glob("*.ttl"))], ids=lambda p: p.stem)
def test_pyshacl_and_turbo_agree(path: Path):
    assert validate_file(path, "pyshacl").findings == validate_file(path, "turbo").findings


def test_release_validates_identically_with_pyshacl(tmp_path):
    from convert.paths import OUTPUT

    turbo = validate_file(OUTPUT / "twjp.ttl", "turbo")
    reference = validate_file(OUTPUT / "twjp.ttl", "pyshacl")
    assert turbo.findings == reference.findings
    assert turbo.conforms and len(turbo.warnings) == 13


@pytest.mark.parametrize(
    "name,content,message",
    [
        (
            "syntax-error.ttl",
            b'@prefix x: <http://x/> .\nx:a x:b "c" ;\n  x:d .\n',
            "syntax-error.ttl:3:7: not valid Turtle",
        ),
        ("binary.ttl", bytes(range(256)) * 4, "binary.ttl:1:1: not valid Turtle"),
        (
            "remote-context.jsonld",
            b'{"@context": "http://example.org/context.jsonld", "@id": "http://x/a", "name": "x"}',
            "remote document, which twjp never fetches",
        ),
        ("empty.ttl", b"", "holds no data"),
        ("only-prefixes.ttl", b"@prefix x: <http://x/> .\n", "holds no data"),
    ],
)
def test_validate_reports_unreadable_files_clearly(tmp_path, name, content, message):
    from tests.test_cli import twjp

    path = tmp_path / name
    path.write_bytes(content)
    result = twjp("validate", str(path))
    assert result.returncode == 2
    assert message in result.stderr, result.stderr
    assert "Traceback" not in result.stderr and "conforms" not in result.stdout


@pytest.mark.parametrize("path", [*VALID, *sorted((DATA / "invalid").glob("*.ttl"))], ids=lambda p: p.stem)
def test_validating_the_ntriples_text_finds_what_validating_a_store_finds(path: Path):
    """The build hands the engine its sorted N-Triples as text (and runs the violation queries on a Store made
    from them); `twjp validate` hands it a Store. Every fixture gets the same findings both ways."""
    from convert.rdf.graph import canonical
    from convert.validate.shacl import read_rdf, validate_ntriples

    from_text = validate_ntriples(canonical(read_rdf(path)).ntriples)
    assert from_text.findings == validate_file(path).findings
    assert from_text.findings or path.parent.name == "valid"


def expand(name: str) -> str:
    """A report's prefixed name (or <IRI>) as a full IRI."""
    from convert.rdf.terms import prefixes

    if name.startswith("<"):
        return name[1:-1]
    prefix, _, local = name.partition(":")
    return prefixes()[prefix] + local


@pytest.mark.parametrize("rq", sorted(paths.SHAPES.parent.glob("*-violation.rq")), ids=lambda p: p.stem)
def test_each_violation_query_finds_what_its_twin_in_the_shapes_finds(rq: Path):
    """The *-violation.rq files, for users of plain SPARQL, say again rules that live in the shapes: on every
    fixture, each finds the focus nodes its sh:sparql twin finds."""
    import re

    import pyoxigraph as ox

    from convert.validate.shacl import read_rdf

    shape = re.search(r"^# Shape: twjpsh:(\w+)", rq.read_text(encoding="utf-8"), re.M).group(1)
    caught = 0
    for fixture in [*VALID, *sorted((DATA / "invalid").glob("*.ttl"))]:
        triples = read_rdf(fixture)
        store = ox.Store()
        store.bulk_extend(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
        by_query = {s["this"].value for s in store.query(rq.read_text(encoding="utf-8"))}
        by_shape = {f.focus for f in validate_file(fixture).findings if f.shape == shape}
        assert {expand(f) for f in by_shape} == by_query, fixture.name
        caught += bool(by_query)
    assert caught >= 1  # the rule is exercised by some invalid fixture


@pytest.mark.parametrize("name", sorted(INVALID))
def test_plain_pyshacl_with_only_the_published_shapes_file_refuses_each_defect(name: str):
    """What a user gets from pyshacl with its defaults and nothing but output/shapes/twjp-shapes.ttl: the same
    constraint (and shape) refuses each defect, the SPARQL-based rules too."""
    import pyshacl
    import rdflib

    from convert.paths import OUTPUT

    expected = INVALID[name]
    data = rdflib.Graph().parse(DATA / "invalid" / f"{name}.ttl")
    shapes = rdflib.Graph().parse(OUTPUT / "shapes" / "twjp-shapes.ttl")
    conforms, report, text = pyshacl.validate(data, shacl_graph=shapes)
    assert not conforms
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    components = {
        str(report.value(r, sh.sourceConstraintComponent)).rsplit("#", 1)[1]
        for r in report.subjects(rdflib.RDF.type, sh.ValidationResult)
        if report.value(r, sh.resultSeverity) == sh.Violation
    }
    assert expected["constraint"] in components, text
    if "shape" in expected:
        shapes_found = {
            str(report.value(r, sh.sourceShape)).rsplit("#", 1)[-1].rsplit("/", 1)[-1]
            for r in report.subjects(rdflib.RDF.type, sh.ValidationResult)
        }
        assert expected["shape"] in shapes_found, text


@pytest.mark.parametrize("path", [*VALID, Path("output/twjp.ttl")], ids=lambda p: p.stem)
def test_plain_pyshacl_with_only_the_published_shapes_file_accepts_the_valid_fixtures_and_the_release(path: Path):
    import pyshacl
    import rdflib

    from convert.paths import OUTPUT

    path = path if path.is_absolute() or path.parts[0] != "output" else OUTPUT / path.name
    _, report, text = pyshacl.validate(
        rdflib.Graph().parse(path), shacl_graph=rdflib.Graph().parse(OUTPUT / "shapes" / "twjp-shapes.ttl")
    )
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    assert (None, sh.resultSeverity, sh.Violation) not in report, text  # warnings only (districts without items)
