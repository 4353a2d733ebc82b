"""relgraph's version, in one place: the package, the wheel's metadata and generated files read it here."""

__all__ = ["__version__"]

__version__ = "0.1.0"
