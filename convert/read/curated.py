"""The curated tables of convert/data and their record types, in one place."""

from __future__ import annotations

from pathlib import Path

from convert import paths
from convert.read.gazetteer import Locality
from convert.read.readings import CharacterRule, Predecessor, Reading, Succession
from convert.read.registry import Registered, Retired
from convert.read.releases import DataRelease, Publisher, SourceCitation
from convert.read.tables import read_table, write_table
from convert.read.vocabulary import AgreementType, Concept


def curated_tables() -> dict[Path, type]:
    return {
        paths.GAZETTEER: Locality,
        paths.READINGS: Reading,
        paths.CHARACTERS: CharacterRule,
        paths.AGREEMENT_TYPES: AgreementType,
        paths.CONCEPTS: Concept,
        paths.SUCCESSIONS: Succession,
        paths.PREDECESSORS: Predecessor,
        paths.REGISTRY: Registered,
        paths.RETIRED: Retired,
        paths.RELEASES: DataRelease,
        paths.PUBLISHER: Publisher,
        paths.DATA / "source" / "citation.tsv": SourceCitation,
    }


def rewrite_all() -> list[tuple[str, bool]]:
    out = []
    for path, record_type in curated_tables().items():
        out.append((path.name, write_table(path, read_table(path, record_type), record_type)))
    return out
