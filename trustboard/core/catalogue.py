"""The indicator catalogue: the performance framework as the board agreed it.

A framework lives in one YAML file that analysts review like any other document (see
``trustboard/examples/oxfordshire/framework.yaml``). Loading it checks every field and reports
every problem at once, each naming the file, the indicator and the field, because a catalogue
is edited by people and a half-loaded framework would rate indicators against the wrong rules.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

import yaml

from trustboard.core import periods
from trustboard.core.periods import Basis, Kind, Period, PeriodError

DEFAULT_TOLERANCE = 0.05
"""Amber band: worse than target by at most 5% of the target (DESIGN.md, RAG)."""

DEFAULT_STALENESS_MONTHS = {
    "weekly": 2,
    "monthly": 4,
    "quarterly": 7,
    "termly": 7,
    "annual": 18,
}
"""How old the latest figure may be, against the reporting period, before RAG turns N/A."""

PRE_PANDEMIC_BASELINE = {
    Basis.FINANCIAL: "2019/20",
    Basis.ACADEMIC: "AY 2018/19",
    Basis.CALENDAR: "2019",
}
"""The last full year before the pandemic in each basis; the academic year 2019/20 was cut
short by school closures in March 2020, so its baseline is 2018/19."""


class CatalogueError(ValueError):
    """A framework file that cannot be used; ``problems`` lists every reason."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


class Polarity(StrEnum):
    HIGHER_IS_BETTER = "higher_is_better"
    LOWER_IS_BETTER = "lower_is_better"
    NEITHER = "neither"


class Unit(StrEnum):
    COUNT = "count"
    PERCENTAGE = "percentage"
    DAYS = "days"
    RATE_PER_10000 = "rate_per_10000"


class Frequency(StrEnum):
    WEEKLY = "weekly"
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    TERMLY = "termly"
    ANNUAL = "annual"


class Aggregation(StrEnum):
    """How periods combine into a year: flows add up, stocks and rates do not."""

    SUM = "sum"
    POINT = "point"


FREQUENCY_KINDS: dict[Frequency, set[Kind]] = {
    Frequency.WEEKLY: {Kind.WEEK},
    Frequency.MONTHLY: {Kind.MONTH},
    Frequency.QUARTERLY: {Kind.QUARTER},
    Frequency.TERMLY: {Kind.TERM},
    Frequency.ANNUAL: {
        Kind.FINANCIAL_YEAR,
        Kind.ACADEMIC_YEAR,
        Kind.CALENDAR_YEAR,
        Kind.SNAPSHOT,
    },
}
"""The period kinds an indicator's observations may have, by its frequency."""


@dataclass(frozen=True)
class Area:
    code: str
    name: str
    order: int = 0


@dataclass(frozen=True)
class Target:
    period: Period
    value: float
    note: str = ""


@dataclass(frozen=True)
class Breakdown:
    """One dimension an indicator is broken down by, with the values the board expects."""

    name: str
    values: tuple[str, ...]


@dataclass(frozen=True)
class PublishedSource:
    """Where an indicator sits in a published statistics file (DfE "explore education
    statistics"): the measure column and the value of each filter column that hold it."""

    measure: str
    filters: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Indicator:
    code: str
    title: str
    area: str
    unit: Unit
    polarity: Polarity
    frequency: Frequency
    basis: Basis = Basis.FINANCIAL
    aggregation: Aggregation = Aggregation.POINT
    owner: str = ""
    source: str = ""
    definition: str = ""
    targets: tuple[Target, ...] = ()
    tolerance: float = DEFAULT_TOLERANCE
    staleness_months: int = 0
    baseline: Period | None = None
    breakdown: Breakdown | None = None
    spc_rebase: tuple[Period, ...] = ()
    published: tuple[PublishedSource, ...] = ()

    @property
    def baseline_year(self) -> Period:
        return self.baseline or periods.parse(PRE_PANDEMIC_BASELINE[self.basis], self.basis)

    @property
    def stale_after_months(self) -> int:
        return self.staleness_months or DEFAULT_STALENESS_MONTHS[self.frequency]

    def accepts(self, period: Period) -> bool:
        """Whether a period is of a kind this indicator is reported in."""
        return period.kind in FREQUENCY_KINDS[self.frequency]

    def target_for(self, period: Period) -> Target | None:
        """The target that applies to a period: the narrowest target period containing it."""
        containing = [t for t in self.targets if t.period.contains(period)]
        if not containing:
            return None
        return min(containing, key=lambda t: (t.period.end - t.period.start, t.period.start))


@dataclass(frozen=True)
class Partnership:
    name: str
    area_name: str = ""
    la_code: str = ""
    board: str = ""
    chair: str = ""
    reporting_period: Period | None = None
    statistical_neighbours: tuple[str, ...] = ()


@dataclass(frozen=True)
class Framework:
    partnership: Partnership
    areas: tuple[Area, ...]
    indicators: tuple[Indicator, ...]
    source: str = ""
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    def indicator(self, code: str) -> Indicator:
        for indicator in self.indicators:
            if indicator.code == code:
                return indicator
        raise KeyError(code)


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
    unknown = sorted(set(raw) - INDICATOR_FIELDS)
    if unknown:
        problems.append(f"{where}: unknown field(s) {', '.join(unknown)}")
    title = str(raw.get("title", "")).strip()
    if not title:
        problems.append(f"{where}: field 'title': missing")
    area = str(raw.get("area", "")).strip()
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
        targets.append(Target(period, float(value), str(target.get("note", ""))))
    baseline = None
    if raw.get("baseline"):
        try:
            baseline = periods.parse(str(raw["baseline"]), basis or Basis.FINANCIAL)
        except PeriodError as error:
            problems.append(f"{where}: field 'baseline': {error}")
    breakdown = None
    if raw.get("breakdown") is not None:
        spec = raw["breakdown"]
        if (
            not isinstance(spec, dict)
            or not spec.get("name")
            or not isinstance(spec.get("values"), list)
            or not spec["values"]
        ):
            problems.append(
                f"{where}: field 'breakdown': expected a name and a list of values, "
                "e.g. {name: Locality, values: [Central, North, South]}"
            )
        else:
            breakdown = Breakdown(str(spec["name"]), tuple(str(v) for v in spec["values"]))
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
        owner=str(raw.get("owner", "")),
        source=str(raw.get("source", "")),
        definition=str(raw.get("definition", "")).strip(),
        targets=tuple(sorted(targets, key=lambda t: t.period)),
        tolerance=float(tolerance),
        staleness_months=int(staleness),
        baseline=baseline,
        breakdown=breakdown,
        spc_rebase=tuple(sorted(spc_rebase)),
        published=published,
    )


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


def parse_framework(data: Any, source: str) -> Framework:
    problems: list[str] = []
    if not isinstance(data, dict):
        raise CatalogueError([f"{source}: expected partnership, areas and indicators"])
    raw_partnership = data.get("partnership") or {}
    if not isinstance(raw_partnership, dict):
        problems.append(f"{source}: partnership: expected a mapping of fields such as name")
        raw_partnership = {}
    if not raw_partnership.get("name"):
        problems.append(f"{source}: partnership: field 'name': missing")
    reporting_period = None
    if raw_partnership.get("reporting_period"):
        try:
            reporting_period = periods.parse(str(raw_partnership["reporting_period"]))
        except PeriodError as error:
            problems.append(f"{source}: partnership: field 'reporting_period': {error}")
    partnership = Partnership(
        name=str(raw_partnership.get("name", "")),
        area_name=str(raw_partnership.get("area_name", "")),
        la_code=str(raw_partnership.get("la_code", "")),
        board=str(raw_partnership.get("board", "")),
        chair=str(raw_partnership.get("chair", "")),
        reporting_period=reporting_period,
        statistical_neighbours=_parse_neighbours(raw_partnership, source, problems),
    )
    areas: list[Area] = []
    raw_areas = data.get("areas") or []
    if not isinstance(raw_areas, list):
        problems.append(f"{source}: areas: expected a list of areas with code and name")
        raw_areas = []
    for index, raw in enumerate(raw_areas):
        if not isinstance(raw, dict) or not raw.get("code") or not raw.get("name"):
            problems.append(f"{source}: areas[{index}]: expected code and name")
            continue
        if any(a.code == str(raw["code"]) for a in areas):
            problems.append(f"{source}: area {raw['code']!r}: field 'code': duplicate area code")
            continue
        areas.append(Area(str(raw["code"]), str(raw["name"]), index))
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
    if problems:
        raise CatalogueError(problems)
    extra = {k: v for k, v in data.items() if k not in {"partnership", "areas", "indicators"}}
    return Framework(partnership, tuple(areas), tuple(indicators), source, extra)
