"""twjp: the Taiwan–Japan local government partnership list as linked open data."""

# The software's version; the data's versions are in convert/data/releases.tsv.
__version__ = "0.3.0"
