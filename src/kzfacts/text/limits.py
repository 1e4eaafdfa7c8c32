"""Limits of quote anchoring that commands name in their options (a module light enough for
the command line to read without loading the anchoring itself)."""

MAX_GAP = 400
"""Elided fragments must stand within this many normalised characters of each other."""
