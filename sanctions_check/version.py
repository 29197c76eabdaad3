"""The package version (read by setuptools, the reports and the User-Agent)."""

__version__ = "0.1.0"
