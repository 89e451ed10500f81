"""Read: the published list and the curated tables of convert/data in, an `Edition` out — every row parsed,
every party resolved to gazetteer localities, every type found in the vocabulary, and the quality report's
differences. Every problem of the inputs is raised together as a TwjpError."""

from convert.read.edition import Edition, load_edition
from convert.read.gazetteer import JAPAN, TAIWAN, Gazetteer, Locality, load_gazetteer
from convert.read.parse import HEADER, PublishedList, Row, parse_text, read_list
from convert.read.report import Difference, report_csv, report_markdown
from convert.read.resolve import Agreement, Party
from convert.read.vocabulary import AgreementType, Concept, Vocabulary

__all__ = [
    "HEADER",
    "JAPAN",
    "TAIWAN",
    "Agreement",
    "AgreementType",
    "Concept",
    "Difference",
    "Edition",
    "Gazetteer",
    "Locality",
    "Party",
    "PublishedList",
    "Row",
    "Vocabulary",
    "load_edition",
    "load_gazetteer",
    "parse_text",
    "read_list",
    "report_csv",
    "report_markdown",
]
