"""twjp: the Taiwan–Japan local government partnership list as linked open data."""

__version__ = "0.1.0"
