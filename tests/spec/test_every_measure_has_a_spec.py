"""A measure added to the example file without a spec test fails here.

A spec test names the measures it checks through the helpers of :mod:`tests.spec.records`
(``measure``, ``values``, ``value``); this reads every spec file and collects the string
arguments of those calls.
"""

from __future__ import annotations

import ast
from pathlib import Path

from tests.spec.records import example_measures

SPEC_DIR = Path(__file__).parent
HELPERS = {"measure", "values", "value"}


def named_in_specs() -> set[str]:
    names: set[str] = set()
    for path in SPEC_DIR.glob("test_*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in HELPERS
            ):
                names.update(
                    arg.value
                    for arg in node.args
                    if isinstance(arg, ast.Constant) and isinstance(arg.value, str)
                )
    return names


def test_every_example_measure_has_a_spec():
    missing = sorted(set(example_measures()) - named_in_specs())
    assert not missing, f"measures without a spec test in tests/spec: {', '.join(missing)}"


def test_the_example_file_has_the_measures_we_expect():
    # A guard against the check above passing vacuously.
    assert len(example_measures()) >= 16
    assert {"eha_started", "cp_plans_open", "children_we_care_for"} <= named_in_specs()
