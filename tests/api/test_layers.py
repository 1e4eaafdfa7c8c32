"""The layers: the CLI runs no query of its own, and registers every command one way."""

from __future__ import annotations

import ast
import importlib
import inspect
from pathlib import Path

import kzfacts
from kzfacts.cli.commands import COMMANDS

CLI = Path(kzfacts.__file__).parent / "cli"


def _session_calls(path: Path) -> list[str]:
    """`session.exec(...)`, `session.execute(...)`, `session.get(...)` calls in a module."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "session"
            and node.func.attr in ("exec", "execute", "get", "scalar", "scalars")
        ):
            found.append(f"{path.name}:{node.lineno} session.{node.func.attr}")
    return found


def test_the_cli_runs_no_query_of_its_own() -> None:
    assert [call for path in sorted(CLI.glob("*.py")) for call in _session_calls(path)] == []


def test_the_check_sees_a_query(tmp_path: Path) -> None:
    """The check above can fail: it finds a query written the way the CLI used to."""
    sample = tmp_path / "sample.py"
    sample.write_text("def f(session):\n    return session.exec(1)\n", encoding="utf-8")
    assert _session_calls(sample) == ["sample.py:2 session.exec"]


def _registering_modules() -> set[str]:
    names = set()
    for path in CLI.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        if any(isinstance(n, ast.FunctionDef) and n.name == "register" for n in tree.body):
            names.add(f"kzfacts.cli.{path.stem}")
    return names


def test_every_command_module_is_registered_through_the_table() -> None:
    listed = {module for command in COMMANDS for module in command.modules}
    assert listed == _registering_modules()
    for module in listed:
        register = importlib.import_module(module).register
        assert list(inspect.signature(register).parameters) in (["app"], ["main_app"])


def test_the_main_app_gets_no_command_outside_the_table() -> None:
    """`@app.command` on the main app in cli/app.py would register a command the table does
    not know; its commands are added by its register(), as every module's are."""
    tree = ast.parse((CLI / "app.py").read_text(encoding="utf-8"))
    decorated = [
        node.name
        for node in tree.body
        if isinstance(node, ast.FunctionDef)
        and any(ast.unparse(d).startswith("app.command") for d in node.decorator_list)
    ]
    assert decorated == []


SERVICES = Path(kzfacts.__file__).parent / "services"


def _imported_modules(path: Path) -> set[str]:
    """Every `kzfacts...` module a file imports, at its top or inside a function."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {name for name in found if name.startswith("kzfacts")}


def test_the_services_call_neither_the_cli_nor_the_api() -> None:
    """The services sit under the CLI and the Python API: neither may be imported by them."""
    upward = {
        f"{path.relative_to(SERVICES)} imports {name}"
        for path in SERVICES.rglob("*.py")
        for name in _imported_modules(path)
        if name.startswith(("kzfacts.cli", "kzfacts.api"))
    }
    assert upward == set()


def test_the_import_check_sees_an_import_inside_a_function(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("import os\n\n\ndef f():\n    from kzfacts.cli import app\n", "utf-8")
    assert _imported_modules(sample) == {"kzfacts.cli"}


def test_every_service_module_says_what_it_owns_in_under_400_lines() -> None:
    packages = {p.name for p in SERVICES.iterdir() if (p / "__init__.py").is_file()}
    assert packages == {"audit", "facts", "maintenance", "records", "sources"}
    modules = sorted(SERVICES.rglob("*.py"))
    for path in modules:
        text = path.read_text(encoding="utf-8")
        assert ast.get_docstring(ast.parse(text)), path
        assert len(text.splitlines()) <= 400, path
