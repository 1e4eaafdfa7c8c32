"""The typer command-line interface: parse, call, render, choose the exit code."""
