"""Which English local authority a return is from, whichever code it carries.

Returns name their authority by the DfE's three-digit code (931, the old LEA number) or the ONS
code (E10000025); a council that was reorganised still has returns under its former codes
(Northamptonshire's 928 before West and North Northamptonshire). ``la_codes.csv`` lists every
current authority by both codes, from the DfE's published list of local authorities used to check
its statistics; ``la_codes_former.csv`` the authorities since replaced and who replaced them.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

__all__ = ["Authority", "authority", "codes_of", "describe"]

_HERE = Path(__file__).parent


@dataclass(frozen=True)
class Authority:
    old_code: str
    """The DfE's three-digit code; empty for a few former counties that had none of their own."""
    code: str
    """The ONS code (E06..., E08..., E09..., E10...)."""
    name: str
    successors: tuple[str, ...] = ()
    """For an authority since replaced: the ONS codes of those that replaced it."""


@cache
def _authorities() -> tuple[Authority, ...]:
    found = []
    with (_HERE / "la_codes.csv").open(encoding="utf-8", newline="") as file:
        for row in csv.DictReader(file):
            found.append(Authority(row["old_la_code"], row["new_la_code"], row["la_name"]))
    with (_HERE / "la_codes_former.csv").open(encoding="utf-8", newline="") as file:
        for row in csv.DictReader(file):
            successors = tuple(c for c in row["successor_new_la_code"].split(";") if c)
            found.append(
                Authority(row["old_la_code"], row["new_la_code"], row["la_name"], successors)
            )
    return tuple(found)


def authority(code: str) -> Authority | None:
    """The current authority a code names (either kind), else the former one; None if unknown."""
    code = code.strip().upper()
    matches = [a for a in _authorities() if code in (a.old_code, a.code)]
    current = [a for a in matches if not a.successors]
    return (current or matches or [None])[0]


def codes_of(code: str) -> frozenset[str]:
    """Every code that names the same current authority as ``code``: both of its own, and
    those of an authority it wholly replaced (Dorset's 835 for the unitary Dorset, E06000059)."""
    found = authority(code)
    if found is None or found.successors:
        return frozenset({code.strip().upper()})
    codes = {found.old_code, found.code}
    for former in _authorities():
        if former.successors == (found.code,):
            codes |= {former.old_code, former.code}
    return frozenset(c for c in codes if c)


def describe(code: str) -> str:
    """A code as a message names it: "Oxfordshire (931, E10000025)"."""
    found = authority(code)
    if found is None:
        return f"an authority with the code {code!r}, which is not an English local authority's"
    codes = ", ".join(c for c in (found.old_code, found.code) if c)
    return f"{found.name} ({codes})"
