"""The structure docs/architecture.md describes, checked so that it stays true.

The import contracts (layers, purity, no cycles) are checked by ``lint-imports`` in CI; these
are the rules it cannot see: how big a module or a view may grow, and that no module reaches
into another's private names.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "trustboard"
MODULE_LINES = 600
"""A module longer than this does more than one thing: split it by concern."""
VIEW_LINES = 60
"""A view longer than this does work a service or a query should do."""


def _modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "migrations" not in p.parts)


def _name(path: Path) -> str:
    return ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts).removesuffix(
        ".__init__"
    )


def test_no_module_is_over_the_limit():
    long = {
        _name(p): n
        for p in _modules()
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MODULE_LINES
    }
    assert not long, f"modules over {MODULE_LINES} lines: {long}"


def test_no_view_is_over_the_limit():
    long = {}
    for path in PACKAGE.glob("web/**/views.py"):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.FunctionDef) and not node.name.startswith("_"):
                lines = node.end_lineno - node.lineno + 1
                if lines > VIEW_LINES:
                    long[f"{_name(path)}.{node.name}"] = lines
    assert not long, f"views over {VIEW_LINES} lines: {long}"


def _private_uses(source: str, here: str) -> list[str]:
    """Private names of other trustboard modules the module ``here`` imports or reaches into."""
    tree = ast.parse(source)
    imported_modules: dict[str, str] = {}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("trustboard"):
            for alias in node.names:
                if alias.name.startswith("_") and node.module != here:
                    found.append(f"from {node.module} import {alias.name}")
                imported_modules[alias.asname or alias.name] = f"{node.module}.{alias.name}"
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("trustboard"):
                    imported_modules[alias.asname or alias.name.split(".")[0]] = alias.name
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id in imported_modules
            and node.attr.startswith("_")
            and not node.attr.startswith("__")
        ):
            found.append(f"{imported_modules[node.value.id]}.{node.attr}")
    return found


@pytest.mark.parametrize("path", _modules(), ids=_name)
def test_no_module_uses_another_modules_private_names(path):
    assert not _private_uses(path.read_text(encoding="utf-8"), _name(path))


def test_the_private_name_check_sees_both_ways_in():
    """The check above is only worth having if it can fail."""
    source = (
        "from trustboard.core.periods import _private\n"
        "from trustboard.core import periods\n"
        "periods._other\n"
    )
    assert _private_uses(source, "trustboard.web.probe") == [
        "from trustboard.core.periods import _private",
        "trustboard.core.periods._other",
    ]
    assert _private_uses(source, "trustboard.core.periods") == ["trustboard.core.periods._other"]
