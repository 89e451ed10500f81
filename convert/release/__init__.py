"""Release: a validated edition in, the files of the release out (data in three RDF syntaxes, CSV, the
description, ontology, shapes, queries, reports), in memory first and then put on disk in one swap."""

from convert.release.files import Release, build_release
from convert.release.write import differing_files, replace_directory

__all__ = ["Release", "build_release", "differing_files", "replace_directory"]
