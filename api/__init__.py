"""Teal: a work-coordination DAO backend (contracts, indexer, document store, API)."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("teal-dao")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+local"
