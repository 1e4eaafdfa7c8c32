"""Fact records in files: reading them and loading them into the database."""
