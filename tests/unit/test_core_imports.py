"""The core floor stands on its own: it imports nothing of trustboard above it, and no two of
its modules need each other."""

from __future__ import annotations

import ast
from pathlib import Path

import trustboard.core
from trustboard.core.catalogue import AGENCY_GROUPS
from trustboard.measures import sources

CORE = Path(trustboard.core.__file__).parent


def _imports(path: Path) -> set[str]:
    """Every trustboard module a file imports, at the top or inside a function."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.module == "trustboard.core":
                found |= {f"trustboard.core.{alias.name}" for alias in node.names}
            elif node.module.startswith("trustboard"):
                found.add(node.module)
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("trustboard")}
    return found


GRAPH = {f"trustboard.core.{path.stem}": _imports(path) for path in CORE.glob("*.py")}


def test_core_imports_nothing_of_trustboard_outside_core():
    outside = {
        module: sorted(m for m in imported if not m.startswith("trustboard.core"))
        for module, imported in GRAPH.items()
    }
    assert {module: found for module, found in outside.items() if found} == {}


def test_no_core_modules_import_each_other_in_a_cycle():
    def reaches(start: str, target: str, seen: set[str]) -> bool:
        for step in GRAPH.get(start, ()):
            if step == target:
                return True
            if step not in seen:
                seen.add(step)
                if reaches(step, target, seen):
                    return True
        return False

    assert [module for module in GRAPH if reaches(module, module, set())] == []


def test_the_record_schemas_take_the_agency_groups_from_the_catalogue():
    assert sources.AGENCIES is AGENCY_GROUPS
    agency = next(c for c in sources.EARLY_HELP_ASSESSMENTS.columns if c.name == "agency")
    assert agency.choices == AGENCY_GROUPS
