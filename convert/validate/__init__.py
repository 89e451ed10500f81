"""Validate: triples (or an RDF file) in, a `Validation` out — the findings of the SHACL shapes and the
`*-violation.rq` checks of shapes/, each in plain words (resource, property, what is wrong)."""

from convert.validate.shacl import (
    ENGINES,
    Finding,
    Validation,
    query_findings,
    shacl_findings,
    validate,
    validate_file,
    validate_ntriples,
    verdict,
)

__all__ = [
    "ENGINES",
    "Finding",
    "Validation",
    "query_findings",
    "shacl_findings",
    "validate",
    "validate_file",
    "validate_ntriples",
    "verdict",
]
