"""The error a user fixes in the configuration, shared by both ways kzfacts opens a database."""

from __future__ import annotations


class ConfigError(Exception):
    """A configuration the user must fix (bad URL, missing schema); exit code 2."""
