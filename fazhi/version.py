"""The package version (a module of its own: reports can cite it without importing the build)."""

__version__ = "0.1.0"
