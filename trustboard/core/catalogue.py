"""The indicator catalogue: the performance framework as the board agreed it.

A framework lives in one YAML file that analysts review like any other document (see
``trustboard/examples/oxfordshire/framework.yaml``). Loading it checks every field and reports
every problem at once, each naming the file, the indicator and the field, because a catalogue
is edited by people and a half-loaded framework would rate indicators against the wrong rules.

The types a framework is made of are in :mod:`trustboard.core.catalogue_types` and are
re-exported here, so ``from trustboard.core.catalogue import Indicator`` reads as it always has.
"""

from __future__ import annotations

import math
import re
from enum import StrEnum
from pathlib import Path
from typing import Any

import yaml

from trustboard.core import periods
from trustboard.core.catalogue_types import (
    AGENCY_GROUPS,
    DEFAULT_STALENESS_MONTHS,
    DEFAULT_TOLERANCE,
    EARLY_HELP_DEFAULTS,
    EARLY_HELP_ROLES,
    FREQUENCY_KINDS,
    PRE_PANDEMIC_BASELINE,
    YEAR_KIND,
    Agency,
    Aggregation,
    Area,
    Breakdown,
    Framework,
    Frequency,
    Indicator,
    Partnership,
    Polarity,
    PublishedSource,
    Target,
    Unit,
)
from trustboard.core.periods import Basis, Period, PeriodError

__all__ = [
    "AGENCY_GROUPS",
    "AREA_CODE_PATTERN",
    "CODE_PATTERN",
    "DEFAULT_STALENESS_MONTHS",
    "DEFAULT_TOLERANCE",
    "EARLY_HELP_DEFAULTS",
    "EARLY_HELP_ROLES",
    "FREQUENCY_KINDS",
    "INDICATOR_FIELDS",
    "PRE_PANDEMIC_BASELINE",
    "YEAR_KIND",
    "Agency",
    "Aggregation",
    "Area",
    "Breakdown",
    "CatalogueError",
    "Framework",
    "Frequency",
    "Indicator",
    "Partnership",
    "Polarity",
    "PublishedSource",
    "Target",
    "Unit",
    "load_framework",
    "parse_framework",
]

CODE_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,19}$")
"""An indicator code: it is part of page addresses and file names, so a letter or digit then
up to 19 letters, digits, dots, dashes or underscores ("1.3a", "EH-1"); never "1/2"."""
AREA_CODE_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$")
"""An area code is a slug of at most 40 characters ("successful", "be-safe")."""
MAX_TITLE_LENGTH = 300
MAX_BREAKDOWN_VALUE_LENGTH = 100

CODE_RULE = 'a letter or digit, then up to 19 letters, digits, ".", "-" or "_", e.g. "1.3a"'
AREA_CODE_RULE = 'a letter or digit, then up to 39 letters, digits, "-" or "_", e.g. "be-safe"'


class CatalogueError(ValueError):
    """A framework file that cannot be used; ``problems`` lists every reason."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


INDICATOR_FIELDS = {
    "code",
    "title",
    "area",
    "unit",
    "polarity",
    "frequency",
    "period_basis",
    "aggregation",
    "owner",
    "source",
    "definition",
    "targets",
    "tolerance",
    "staleness_months",
    "baseline",
    "breakdown",
    "spc_rebase",
    "published",
}


def _choice(enum: type[StrEnum], raw: Any, where: str, field_name: str, problems: list[str]) -> Any:
    allowed = ", ".join(member.value for member in enum)
    if raw is None:
        problems.append(f"{where}: field '{field_name}': missing; expected one of {allowed}")
        return None
    try:
        return enum(str(raw).strip().lower())
    except ValueError:
        problems.append(f"{where}: field '{field_name}': {raw!r} is not one of {allowed}")
        return None


def _text(value: Any) -> str:
    """A free-text field: a blank YAML field (``owner:``) is empty, not the word "None"."""
    return "" if value is None else str(value).strip()


def _is_number(value: Any) -> bool:
    """A real, finite number: YAML's true/false and .nan/.inf are not figures."""
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _code_of(raw: Any) -> str:
    """The indicator's code if YAML read it as text, else "" (missing or not text)."""
    code = raw.get("code") if isinstance(raw, dict) else None
    return code.strip() if isinstance(code, str) else ""


def _read_as(value: Any) -> str:
    """What YAML made of an unquoted value, in the analyst's terms."""
    if isinstance(value, bool):
        return f"read as {str(value).lower()}"
    if isinstance(value, int | float):
        return f"read as the number {value!r}"
    return f"read as a {type(value).__name__}"


def _parse_indicator(
    raw: Any, index: int, where_file: str, area_codes: set[str], problems: list[str]
) -> Indicator | None:
    if not isinstance(raw, dict):
        problems.append(f"{where_file}: indicators[{index}]: expected a mapping of fields")
        return None
    code = _code_of(raw)
    where = f"{where_file}: indicator {code!r}" if code else f"{where_file}: indicators[{index}]"
    before = len(problems)
    raw_code = raw.get("code")
    if raw_code is not None and not isinstance(raw_code, str):
        # Unquoted, YAML reads 1.10 as the number 1.1: the code the board prints would be lost.
        problems.append(
            f"{where}: field 'code': {_read_as(raw_code)}, not as text; put the code in quotes "
            'exactly as printed, e.g. code: "1.10"'
        )
    elif not code:
        problems.append(f"{where}: field 'code': missing; expected a code such as \"1.3a\"")
    elif not CODE_PATTERN.match(code):
        problems.append(f"{where}: field 'code': {code!r} is not a code: expected {CODE_RULE}")
    unknown = sorted(set(raw) - INDICATOR_FIELDS)
    if unknown:
        problems.append(f"{where}: unknown field(s) {', '.join(unknown)}")
    title = _text(raw.get("title"))
    if not title:
        problems.append(f"{where}: field 'title': missing")
    elif len(title) > MAX_TITLE_LENGTH:
        problems.append(
            f"{where}: field 'title': {len(title)} characters; expected at most {MAX_TITLE_LENGTH}"
        )
    area = _text(raw.get("area"))
    if area not in area_codes:
        problems.append(
            f"{where}: field 'area': {area!r} is not an area of focus "
            f"(expected one of {', '.join(sorted(area_codes))})"
        )
    unit = _choice(Unit, raw.get("unit"), where, "unit", problems)
    polarity = _choice(Polarity, raw.get("polarity"), where, "polarity", problems)
    frequency = _choice(Frequency, raw.get("frequency"), where, "frequency", problems)
    basis = _choice(Basis, raw.get("period_basis", "financial"), where, "period_basis", problems)
    aggregation = _choice(
        Aggregation, raw.get("aggregation", "point"), where, "aggregation", problems
    )
    tolerance = raw.get("tolerance", DEFAULT_TOLERANCE)
    if not _is_number(tolerance) or not 0 <= tolerance < 1:
        problems.append(
            f"{where}: field 'tolerance': {tolerance!r} is not a fraction from 0 to 1 (0.05 = 5%)"
        )
    staleness = raw.get("staleness_months", 0)
    if not isinstance(staleness, int) or isinstance(staleness, bool) or staleness < 0:
        problems.append(f"{where}: field 'staleness_months': {staleness!r} is not a whole number")
    targets: list[Target] = []
    raw_targets = raw.get("targets") or []
    if not isinstance(raw_targets, list):
        problems.append(
            f"{where}: field 'targets': expected a list of targets with period and value"
        )
        raw_targets = []
    target_index: dict[Period, int] = {}
    for t_index, target in enumerate(raw_targets):
        t_where = f"{where}: field 'targets[{t_index}]'"
        if not isinstance(target, dict):
            problems.append(f"{t_where}: expected period and value")
            continue
        period = None
        if "period" not in target or target["period"] in (None, ""):
            problems.append(f"{t_where}: target without a period; expected e.g. period: 2022/23")
        else:
            try:
                period = periods.parse(str(target["period"]), basis or Basis.FINANCIAL)
            except PeriodError as error:
                problems.append(f"{t_where}: period: {error}")
        value = target.get("value")
        if not _is_number(value):
            problems.append(f"{t_where}: value {value!r} is not a number")
            continue
        if period is None:
            continue
        if period in target_index:
            problems.append(
                f"{t_where}: period: a second target for {period.label} "
                f"(also targets[{target_index[period]}])"
            )
            continue
        target_index[period] = t_index
        targets.append(Target(period, float(value), _text(target.get("note"))))
    baseline = None
    if raw.get("baseline"):
        try:
            baseline = periods.parse(str(raw["baseline"]), basis or Basis.FINANCIAL)
        except PeriodError as error:
            problems.append(f"{where}: field 'baseline': {error}")
    breakdown = None
    if raw.get("breakdown") is not None:
        breakdown = _parse_breakdown(raw["breakdown"], where, problems)
    spc_rebase: list[Period] = []
    raw_rebase = raw.get("spc_rebase") or []
    if not isinstance(raw_rebase, list):
        problems.append(f"{where}: field 'spc_rebase': expected a list of periods, e.g. [Apr 2020]")
        raw_rebase = []
    for label in raw_rebase:
        try:
            spc_rebase.append(periods.parse(str(label), basis or Basis.FINANCIAL))
        except PeriodError as error:
            problems.append(f"{where}: field 'spc_rebase': {error}")
    published = _parse_published(raw.get("published"), where, problems)
    if len(problems) > before:
        return None
    return Indicator(
        code=code,
        title=title,
        area=area,
        unit=unit,
        polarity=polarity,
        frequency=frequency,
        basis=basis,
        aggregation=aggregation,
        owner=_text(raw.get("owner")),
        source=_text(raw.get("source")),
        definition=_text(raw.get("definition")),
        targets=tuple(sorted(targets, key=lambda t: t.period)),
        tolerance=float(tolerance),
        staleness_months=int(staleness),
        baseline=baseline,
        breakdown=breakdown,
        spc_rebase=tuple(sorted(spc_rebase)),
        published=published,
    )


def _parse_breakdown(spec: Any, where: str, problems: list[str]) -> Breakdown | None:
    """A breakdown's name and values; each value is what a partner types in the breakdown
    column, so it must be short, and distinct from the others whatever its case."""
    if (
        not isinstance(spec, dict)
        or not _text(spec.get("name"))
        or not isinstance(spec.get("values"), list)
        or not spec["values"]
    ):
        problems.append(
            f"{where}: field 'breakdown': expected a name and a list of values, "
            "e.g. {name: Locality, values: [Central, North, South]}"
        )
        return None
    before = len(problems)
    values = [_text(v) for v in spec["values"]]
    first: dict[str, int] = {}
    for index, value in enumerate(values):
        b_where = f"{where}: field 'breakdown': values[{index}]"
        if not value:
            problems.append(f"{b_where}: empty; expected a value such as Central")
        elif len(value) > MAX_BREAKDOWN_VALUE_LENGTH:
            problems.append(
                f"{b_where}: {len(value)} characters; expected at most {MAX_BREAKDOWN_VALUE_LENGTH}"
            )
        elif value.casefold() in first:
            problems.append(
                f"{b_where}: {value!r} is a second "
                f"{values[first[value.casefold()]]!r} (values[{first[value.casefold()]}]); "
                "expected each value once, whatever its case"
            )
        else:
            first[value.casefold()] = index
    if len(problems) > before:
        return None
    return Breakdown(_text(spec["name"]), tuple(values))


def _parse_published(raw: Any, where: str, problems: list[str]) -> tuple[PublishedSource, ...]:
    if raw is None:
        return ()
    example = "e.g. [{measure: rate_per_10000, filters: {population_count: Children looked ...}}]"
    if not isinstance(raw, list):
        problems.append(f"{where}: field 'published': expected a list, {example}")
        return ()
    result = []
    for index, spec in enumerate(raw):
        p_where = f"{where}: field 'published[{index}]'"
        if not isinstance(spec, dict) or not isinstance(spec.get("measure"), str):
            problems.append(f"{p_where}: expected a measure column name, {example}")
            continue
        filters = spec.get("filters") or {}
        if not isinstance(filters, dict) or not all(
            isinstance(k, str) and isinstance(v, str | int) for k, v in filters.items()
        ):
            problems.append(f"{p_where}: filters: expected column: value pairs")
            continue
        unknown = sorted(set(spec) - {"measure", "filters"})
        if unknown:
            problems.append(f"{p_where}: unknown field(s) {', '.join(unknown)}")
            continue
        result.append(
            PublishedSource(spec["measure"], tuple(sorted((k, str(v)) for k, v in filters.items())))
        )
    return tuple(result)


def load_framework(path: str | Path) -> Framework:
    """Read and check a framework file; raise :class:`CatalogueError` listing every problem."""
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CatalogueError([f"{path}: no such file"]) from None
    except (OSError, UnicodeDecodeError) as error:
        raise CatalogueError([f"{path}: cannot be read as UTF-8 text: {error}"]) from None
    except yaml.YAMLError as error:
        raise CatalogueError([f"{path}: not valid YAML: {error}"]) from None
    return parse_framework(data, str(path))


def _parse_neighbours(raw_partnership: dict, source: str, problems: list[str]) -> tuple[str, ...]:
    """Statistical neighbours by local authority code (E10000025), as the DfE publishes them."""
    raw = raw_partnership.get("statistical_neighbours") or []
    if not isinstance(raw, list) or not all(isinstance(code, str) and code for code in raw):
        problems.append(
            f"{source}: partnership: field 'statistical_neighbours': expected a list of local "
            "authority codes such as E10000014"
        )
        return ()
    return tuple(raw)


def _parse_measures_file(raw_partnership: dict, source: str, problems: list[str]) -> str:
    """The measures file a partnership runs, named beside its framework (``measures.yaml``), so
    no partnership ever runs another's by default."""
    raw = raw_partnership.get("measures")
    if raw is None or raw == "":
        return ""
    if not isinstance(raw, str):
        problems.append(
            f"{source}: partnership: field 'measures': expected the path of a measures file"
        )
        return ""
    path = Path(raw)
    if not path.is_absolute():
        path = Path(source).parent / path
    if not path.is_file():
        problems.append(f"{source}: partnership: field 'measures': {raw!r}: no such file")
        return ""
    return str(path.resolve())


def _parse_early_help(
    raw_partnership: dict, source: str, problems: list[str]
) -> tuple[tuple[str, str], ...]:
    """The measure each part of the early help page reads, where it is not the usual id."""
    raw = raw_partnership.get("early_help") or {}
    where = f"{source}: partnership: field 'early_help'"
    if not isinstance(raw, dict):
        problems.append(f"{where}: expected a mapping of parts of the page to measure ids")
        return ()
    found = []
    for role, measure in raw.items():
        if role not in EARLY_HELP_ROLES:
            problems.append(f"{where}: {role!r}: expected one of {', '.join(EARLY_HELP_ROLES)}")
        elif not isinstance(measure, str) or not measure:
            problems.append(f"{where}: {role!r}: expected a measure id")
        else:
            found.append((role, measure))
    return tuple(found)


def parse_framework(data: Any, source: str) -> Framework:
    problems: list[str] = []
    if not isinstance(data, dict):
        raise CatalogueError([f"{source}: expected partnership, areas and indicators"])
    raw_partnership = data.get("partnership") or {}
    if not isinstance(raw_partnership, dict):
        problems.append(f"{source}: partnership: expected a mapping of fields such as name")
        raw_partnership = {}
    if not _text(raw_partnership.get("name")):
        problems.append(f"{source}: partnership: field 'name': missing")
    reporting_period = None
    if raw_partnership.get("reporting_period"):
        try:
            reporting_period = periods.parse(str(raw_partnership["reporting_period"]))
        except PeriodError as error:
            problems.append(f"{source}: partnership: field 'reporting_period': {error}")
    partnership = Partnership(
        name=_text(raw_partnership.get("name")),
        area_name=_text(raw_partnership.get("area_name")),
        la_code=_text(raw_partnership.get("la_code")),
        board=_text(raw_partnership.get("board")),
        chair=_text(raw_partnership.get("chair")),
        reporting_period=reporting_period,
        statistical_neighbours=_parse_neighbours(raw_partnership, source, problems),
        measures=_parse_measures_file(raw_partnership, source, problems),
        early_help=_parse_early_help(raw_partnership, source, problems),
    )
    areas: list[Area] = []
    raw_areas = data.get("areas") or []
    if not isinstance(raw_areas, list):
        problems.append(f"{source}: areas: expected a list of areas with code and name")
        raw_areas = []
    for index, raw in enumerate(raw_areas):
        if not isinstance(raw, dict) or not _text(raw.get("code")) or not _text(raw.get("name")):
            problems.append(f"{source}: areas[{index}]: expected code and name")
            continue
        area_code = _text(raw["code"])
        if not AREA_CODE_PATTERN.match(area_code):
            problems.append(
                f"{source}: area {area_code!r}: field 'code': not an area code: "
                f"expected {AREA_CODE_RULE}"
            )
            continue
        if any(a.code == area_code for a in areas):
            problems.append(f"{source}: area {area_code!r}: field 'code': duplicate area code")
            continue
        areas.append(Area(area_code, _text(raw["name"]), index))
    if not areas:
        problems.append(f"{source}: areas: expected at least one area of focus")
    area_codes = {a.code for a in areas}
    indicators: list[Indicator] = []
    seen: dict[str, int] = {}
    raw_indicators = data.get("indicators") or []
    if not isinstance(raw_indicators, list):
        problems.append(f"{source}: indicators: expected a list")
        raw_indicators = []
    for index, raw in enumerate(raw_indicators):
        code = _code_of(raw)
        if code and code in seen:
            problems.append(
                f"{source}: indicator {code!r}: field 'code': duplicate code "
                f"(also indicators[{seen[code]}])"
            )
            continue
        if code:
            seen[code] = index
        indicator = _parse_indicator(raw, index, source, area_codes, problems)
        if indicator is not None:
            indicators.append(indicator)
    agencies = _parse_agencies(data.get("agencies"), source, problems)
    if problems:
        raise CatalogueError(problems)
    extra = {
        k: v for k, v in data.items() if k not in {"partnership", "areas", "indicators", "agencies"}
    }
    return Framework(partnership, tuple(areas), tuple(indicators), source, extra, agencies)


def _parse_agencies(raw: Any, source: str, problems: list[str]) -> tuple[Agency, ...]:
    """The partner agencies: each with a code, a name and the group its records carry."""
    if raw is None:
        return ()
    if not isinstance(raw, list):
        problems.append(f"{source}: agencies: expected a list of agencies with code and name")
        return ()
    found: list[Agency] = []
    for index, item in enumerate(raw):
        if not isinstance(item, dict) or not _text(item.get("code")) or not _text(item.get("name")):
            problems.append(f"{source}: agencies[{index}]: expected code and name")
            continue
        code = _text(item["code"])
        if not AREA_CODE_PATTERN.match(code):
            problems.append(f"{source}: agency {code!r}: field 'code': expected {AREA_CODE_RULE}")
            continue
        if any(a.code == code for a in found):
            problems.append(f"{source}: agency {code!r}: field 'code': duplicate agency code")
            continue
        records_as = _text(item.get("records_as"))
        if records_as and records_as not in AGENCY_GROUPS:
            problems.append(
                f"{source}: agency {code!r}: field 'records_as': {records_as!r}: expected one "
                f"of {', '.join(AGENCY_GROUPS)}"
            )
            continue
        found.append(Agency(code, _text(item["name"]), records_as, index))
    return tuple(found)
