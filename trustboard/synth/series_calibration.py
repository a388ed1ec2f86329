"""Reading and checking the calibration of the synthetic series.

A calibration is written by hand (``examples/oxfordshire/synthetic.yaml``, its header documents
the schema), so every problem in it is listed at once, each naming the indicator and the key;
period labels are read later, against each indicator's own basis.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import yaml

__all__ = [
    "CALIBRATION_KEYS",
    "DEFAULT_NOISE",
    "MONTHS_IN_YEAR",
    "CalibrationError",
    "check_spec",
    "checked",
    "load_calibration",
]

DEFAULT_NOISE = 0.03
"""Relative standard deviation of the noise when a calibration does not give one."""

CALIBRATION_KEYS = {
    "anchors",
    "noise",
    "seasonal",
    "starts",
    "ends",
    "gaps",
    "fixed",
    "shares",
    "offsets",
    "weights",
    "provisional_last",
}

MONTHS_IN_YEAR = 12


class CalibrationError(ValueError):
    """A calibration that cannot be used; ``problems`` lists every reason."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def check_spec(code: str, spec: Any, problems: list[str]) -> dict[str, Any]:
    """Check the shape of one indicator's calibration; period labels are read later, with the
    indicator's basis. Keys that are period labels or breakdown values become strings."""
    where = f"calibration {code!r}"
    if not isinstance(spec, dict):
        problems.append(f"{where}: expected a mapping such as anchors: {{'2022/23': 100}}")
        return {}
    for key in sorted(set(spec) - CALIBRATION_KEYS):
        problems.append(
            f"{where}: unknown key {key!r} (expected {', '.join(sorted(CALIBRATION_KEYS))})"
        )
    result: dict[str, Any] = {}

    def numbers(key: str, positive: bool) -> dict[str, float]:
        raw = spec.get(key) or {}
        if not isinstance(raw, dict):
            problems.append(f"{where}: {key}: expected a mapping")
            return {}
        out = {}
        for name, value in raw.items():
            if not _is_number(value) or (positive and value <= 0):
                kind = "a number above 0" if positive else "a number"
                problems.append(f"{where}: {key}: {name!r}: {value!r} is not {kind}")
            else:
                out[str(name)] = float(value)
        return out

    result["anchors"] = numbers("anchors", positive=False)
    for key in ("shares", "weights"):
        result[key] = numbers(key, positive=True)
    result["offsets"] = numbers("offsets", positive=False)
    noise = spec.get("noise", DEFAULT_NOISE)
    if not _is_number(noise) or noise < 0:
        problems.append(f"{where}: noise: {noise!r} is not a relative standard deviation (0.03)")
    result["noise"] = float(noise) if _is_number(noise) else DEFAULT_NOISE
    seasonal = spec.get("seasonal")
    if seasonal is not None and (
        not isinstance(seasonal, list)
        or len(seasonal) != MONTHS_IN_YEAR
        or not all(_is_number(f) and f > 0 for f in seasonal)
    ):
        problems.append(f"{where}: seasonal: expected 12 factors above 0, January to December")
        seasonal = None
    result["seasonal"] = seasonal
    for key in ("starts", "ends"):
        value = spec.get(key)
        if value is not None and not isinstance(value, str | int):
            problems.append(f"{where}: {key}: expected a period label such as 'Jul 2022'")
            value = None
        result[key] = None if value is None else str(value)
    gaps = spec.get("gaps") or []
    if not isinstance(gaps, list):
        problems.append(f"{where}: gaps: expected a list of period labels")
        gaps = []
    result["gaps"] = [str(g) for g in gaps]
    fixed: dict[str, float | dict[str, float]] = {}
    raw_fixed = spec.get("fixed") or {}
    if not isinstance(raw_fixed, dict):
        problems.append(f"{where}: fixed: expected a mapping of period label to figure")
        raw_fixed = {}
    for label, value in raw_fixed.items():
        if _is_number(value):
            fixed[str(label)] = float(value)
        elif isinstance(value, dict) and value and all(_is_number(v) for v in value.values()):
            fixed[str(label)] = {str(k): float(v) for k, v in value.items()}
        else:
            problems.append(
                f"{where}: fixed: {label!r}: expected a figure, "
                "or a figure for each breakdown value"
            )
    result["fixed"] = fixed
    provisional = spec.get("provisional_last", 0)
    if not isinstance(provisional, int) or isinstance(provisional, bool) or provisional < 0:
        problems.append(f"{where}: provisional_last: {provisional!r} is not a whole number")
        provisional = 0
    result["provisional_last"] = provisional
    return result


def checked(data: Any, source: str) -> dict[str, dict[str, Any]]:
    """Every indicator's calibration checked, or :class:`CalibrationError` with every problem."""
    if not isinstance(data, dict):
        raise CalibrationError([f"{source}: expected a mapping of indicator code to calibration"])
    problems: list[str] = []
    result = {str(code): check_spec(str(code), spec, problems) for code, spec in data.items()}
    if problems:
        raise CalibrationError([f"{source}: {p}" for p in problems])
    return result


def load_calibration(path: str | Path) -> dict[str, dict[str, Any]]:
    """Read a calibration file: indicator code -> calibration, with every problem listed."""
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CalibrationError([f"{path}: no such file"]) from None
    except yaml.YAMLError as error:
        raise CalibrationError([f"{path}: not valid YAML: {error}"]) from None
    return checked(data or {}, str(path))
