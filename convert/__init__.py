"""twjp: the Taiwan–Japan local government partnership list as linked open data."""

__version__ = "0.1.0"
# The date of this release, used for dcterms:issued and dcterms:modified in the dataset description.
__release_date__ = "2026-11-25"
