"""Release: a validated edition in, the files of the release out (data in three RDF syntaxes, CSV, the
description, ontology, shapes, queries, reports), in memory first and then put on disk in one swap."""

from convert.release.files import Release, build_release
from convert.release.write import (
    OutputError,
    check_output,
    differing_files,
    release_digest,
    replace_directories,
    replace_directory,
)

__all__ = [
    "OutputError",
    "Release",
    "build_release",
    "check_output",
    "differing_files",
    "release_digest",
    "replace_directories",
    "replace_directory",
]
