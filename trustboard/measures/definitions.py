"""Measure definitions: what to count in which extract, read from a reviewed YAML file.

A measure is data, not code, so that one definition runs on every engine and an analyst can read
and review it (each carries an owner and a review date). A measure counts records of one source
(``count``); it may also count how many of them meet further conditions (``of_which``: a
percentage) or divide by a count from another source (``per``: a ratio such as MASH contacts per
early help assessment, agency by agency).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Any

import yaml

from trustboard.measures.sources import SOURCES, ColumnType, Source


class DefinitionError(ValueError):
    """A measures file that cannot be used; ``problems`` lists every one, each with its place."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


class Window(StrEnum):
    PERIOD = "period"
    """The reporting period itself (a month, a quarter)."""
    ROLLING_12_MONTHS = "rolling_12_months"
    YEAR_TO_DATE = "year_to_date"
    """From the start of the financial year to the end of the period."""


class Result(StrEnum):
    COUNT = "count"
    PERCENTAGE = "percentage"
    RATIO = "ratio"


@dataclass(frozen=True)
class Condition:
    """One condition a record must meet.

    Exactly one of the forms is set: a column equal to a value (``is``), one of several
    (``in``) or none of them (``not_in``), each list written out or named from the file's
    ``code_lists``; a number column at least or below a bound (``at_least``, ``below``: an age
    at the event); a record of another (or the same) source for the same child dated within a
    number of days before this record's date, or at any time before it (``preceded_by`` with
    ``within_days`` or ``ever``); a record lasting at least a number of days from one of its
    dates to another (``lasted``); or, for records open at the end of a period, open for longer
    than a number of months (``open_longer_than_months``) or a date of the record not yet
    reached by the period's end (``not_ended``: a UASC status that has not ceased).
    """

    column: str = ""
    values: tuple[str | bool, ...] = ()
    negated: bool = False
    """``not_in``: the column holds none of ``values`` (an empty cell holds none)."""
    at_least: float | None = None
    below: float | None = None
    preceded_by: Preceding | None = None
    open_longer_than_months: int = 0
    lasted: tuple[str, str, int] | None = None
    """(from column, to column, days): the record lasted at least that many days."""
    not_ended: str = ""
    unknown: tuple[str, ...] = ()
    """Not written in a file: the record holds none of these columns (used to find the
    records a figure cannot be worked out from)."""


@dataclass(frozen=True)
class Preceding:
    source: str
    date: str
    within_days: int | None
    """None: at any time before (``ever: true``)."""
    where: tuple[Condition, ...] = ()


@dataclass(frozen=True)
class Count:
    """Records of one source, counted per area, period and (optionally) breakdown value.

    An event (``date``) is counted in the window its date falls in. A record with a start and an
    end (``open_at_end``: ``start_date`` and ``end_date``) is counted when it is open at the end
    of the window, and then counted once per child.
    """

    source: str
    date: str = ""
    open_at_end: tuple[str, str] | None = None
    where: tuple[Condition, ...] = ()
    breakdown: str = ""

    @property
    def counts_children(self) -> bool:
        return self.open_at_end is not None


@dataclass(frozen=True)
class Measure:
    id: str
    title: str
    count: Count
    of_which: tuple[Condition, ...] = ()
    per: Count | None = None
    window: Window = Window.PERIOD
    frequency: str = "monthly"
    indicator: str = ""
    """The framework indicator whose observations this measure writes, if any."""
    description: str = ""
    owner: str = ""
    reviewed: date | None = None
    breakdown_label: str = ""
    """What the breakdown is called on pages and in the indicator's table ("Agency")."""

    @property
    def result(self) -> Result:
        if self.of_which:
            return Result.PERCENTAGE
        if self.per is not None:
            return Result.RATIO
        return Result.COUNT

    @property
    def sources(self) -> set[str]:
        names = {self.count.source}
        if self.per is not None:
            names.add(self.per.source)
        for condition in (*self.count.where, *self.of_which):
            if condition.preceded_by is not None:
                names.add(condition.preceded_by.source)
        return names


FREQUENCIES = ("monthly", "quarterly", "annual")


def _source(raw: Any, where: str, problems: list[str]) -> Source | None:
    if not isinstance(raw, str) or raw not in SOURCES:
        problems.append(f"{where}: source {raw!r}: expected one of {', '.join(SOURCES)}")
        return None
    return SOURCES[raw]


def _column(source: Source | None, raw: Any, where: str, what: str, problems: list[str]) -> str:
    if source is None:
        return ""
    if not isinstance(raw, str) or raw not in source.column_names:
        problems.append(
            f"{where}: {what} {raw!r}: expected a column of {source.name} "
            f"({', '.join(source.column_names)})"
        )
        return ""
    return raw


def _condition_value(source: Source, column: str, raw: Any, where: str, problems: list[str]):
    spec = source.column(column)
    if spec.type is ColumnType.BOOLEAN:
        if not isinstance(raw, bool):
            problems.append(f"{where}: {column} {raw!r}: expected true or false")
        return raw
    if spec.type is ColumnType.CHOICE and raw not in spec.choices:
        problems.append(f"{where}: {column} {raw!r}: expected one of {', '.join(spec.choices)}")
    return str(raw)


def _codes(raw: Any, code_lists: dict[str, tuple[str, ...]], here: str, problems: list[str]):
    """A list of values written out, or the name of one of the file's code lists."""
    if isinstance(raw, str):
        if raw not in code_lists:
            problems.append(
                f"{here}: code list {raw!r}: expected a list of values or one of the file's "
                f"code_lists ({', '.join(code_lists) or 'none'})"
            )
            return None
        return list(code_lists[raw])
    if isinstance(raw, list) and raw:
        return raw
    return None


def _preceded_by(
    item: dict, here: str, problems: list[str], code_lists: dict[str, tuple[str, ...]]
) -> Condition | None:
    spec = item["preceded_by"]
    if not isinstance(spec, dict):
        problems.append(f"{here} preceded_by: expected a mapping with source and date")
        return None
    other = _source(spec.get("source"), f"{here} preceded_by", problems)
    other_date = _column(other, spec.get("date"), f"{here} preceded_by", "date", problems)
    within = spec.get("within_days")
    if spec.get("ever") is True:
        if within is not None:
            problems.append(f"{here} preceded_by: expected within_days or ever: true, not both")
        within = None
    elif not isinstance(within, int) or isinstance(within, bool) or within <= 0:
        problems.append(f"{here} preceded_by: within_days {within!r}: expected days > 0")
        within = 0
    inner = _conditions(
        other, spec.get("where"), f"{here} preceded_by", problems, False, code_lists
    )
    if other is None:
        return None
    return Condition(preceded_by=Preceding(other.name, other_date, within, inner))


def _whole(raw: Any) -> bool:
    return isinstance(raw, int) and not isinstance(raw, bool) and raw > 0


def _conditions(
    source: Source | None,
    raw: Any,
    where: str,
    problems: list[str],
    open_at_end: bool,
    code_lists: dict[str, tuple[str, ...]],
) -> tuple[Condition, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        problems.append(f"{where}: expected a list of conditions")
        return ()
    result = []
    for i, item in enumerate(raw, start=1):
        here = f"{where} condition {i}"
        if not isinstance(item, dict) or len(item) == 0:
            problems.append(f"{here}: expected a mapping such as {{column: outcome, is: ...}}")
            continue
        if "preceded_by" in item:
            condition = _preceded_by(item, here, problems, code_lists)
            if condition is not None:
                result.append(condition)
            continue
        if "open_longer_than_months" in item:
            months = item["open_longer_than_months"]
            if not open_at_end:
                problems.append(f"{here}: open_longer_than_months needs a count of open records")
            elif not _whole(months):
                problems.append(f"{here}: open_longer_than_months {months!r}: expected months")
            else:
                result.append(Condition(open_longer_than_months=months))
            continue
        if "not_ended" in item:
            column = _column(source, item["not_ended"], here, "not_ended", problems)
            if not open_at_end:
                problems.append(f"{here}: not_ended needs a count of open records")
            elif column and source is not None:
                if source.column(column).type is not ColumnType.DATE:
                    problems.append(f"{here}: not_ended {column!r}: expected a date column")
                else:
                    result.append(Condition(not_ended=column))
            continue
        if "lasted" in item:
            spec = item["lasted"] if isinstance(item["lasted"], dict) else {}
            start = _column(source, spec.get("from"), here, "lasted from", problems)
            end = _column(source, spec.get("to"), here, "lasted to", problems)
            days = spec.get("at_least_days")
            if not _whole(days):
                problems.append(f"{here}: lasted at_least_days {days!r}: expected days > 0")
            elif start and end:
                result.append(Condition(lasted=(start, end, days)))
            continue
        column = _column(source, item.get("column"), here, "column", problems)
        if "at_least" in item or "below" in item:
            bounds = {k: item.get(k) for k in ("at_least", "below") if k in item}
            kind = source.column(column).type if column and source is not None else None
            if kind is not None and kind not in (ColumnType.INTEGER, ColumnType.NUMBER):
                problems.append(f"{here}: at_least/below need a number column, not {column!r}")
            elif any(
                not isinstance(v, int | float) or isinstance(v, bool) for v in bounds.values()
            ):
                problems.append(f"{here}: at_least/below: expected numbers")
            elif column:
                result.append(
                    Condition(
                        column=column, at_least=bounds.get("at_least"), below=bounds.get("below")
                    )
                )
            continue
        negated = "not_in" in item
        if "is" in item:
            wanted = [item["is"]]
        else:
            listed = item.get("not_in" if negated else "in")
            wanted = _codes(listed, code_lists, here, problems)
            if wanted is None:
                if not isinstance(listed, str):  # a named list that is not there is told
                    problems.append(
                        f"{here}: expected 'is: VALUE' or 'in: [VALUES]' (or 'not_in: "
                        "[VALUES]'; a list may be the name of one of the code_lists)"
                    )
                continue
        if column and source is not None:
            values = tuple(_condition_value(source, column, v, here, problems) for v in wanted)
            result.append(Condition(column=column, values=values, negated=negated))
    return tuple(result)


def _count(
    raw: Any, where: str, problems: list[str], code_lists: dict[str, tuple[str, ...]]
) -> Count | None:
    if not isinstance(raw, dict):
        problems.append(f"{where}: expected a mapping with source and date (or open_at_end)")
        return None
    source = _source(raw.get("source"), where, problems)
    date_column = ""
    open_at_end = None
    if "open_at_end" in raw:
        if "date" in raw:
            problems.append(
                f"{where}: expected date (events) or open_at_end (open records), not both"
            )
        pair = raw["open_at_end"]
        if not isinstance(pair, list) or len(pair) != 2:
            problems.append(f"{where}: open_at_end: expected [start column, end column]")
        else:
            start = _column(source, pair[0], where, "open_at_end start", problems)
            end = _column(source, pair[1], where, "open_at_end end", problems)
            open_at_end = (start, end)
    else:
        date_column = _column(source, raw.get("date"), where, "date", problems)
    for column in (date_column, *(open_at_end or ())):
        if column and source is not None and source.column(column).type is not ColumnType.DATE:
            problems.append(f"{where}: {column!r}: expected a date column")
    conditions = _conditions(
        source, raw.get("where"), where, problems, open_at_end is not None, code_lists
    )
    breakdown = ""
    if raw.get("breakdown") is not None:
        breakdown = _column(source, raw.get("breakdown"), where, "breakdown", problems)
    unknown = set(raw) - {"source", "date", "open_at_end", "where", "breakdown"}
    if unknown:
        problems.append(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
    if source is None:
        return None
    return Count(source.name, date_column, open_at_end, conditions, breakdown)


MEASURE_FIELDS = {
    "id",
    "title",
    "count",
    "of_which",
    "per",
    "window",
    "frequency",
    "indicator",
    "description",
    "owner",
    "reviewed",
    "breakdown_label",
}


def _code_lists(raw: Any, source_name: str, problems: list[str]) -> dict[str, tuple[str, ...]]:
    """The file's named code lists ("short_breaks: [V3, V4]"), written once and named by the
    measures that use them, so a list the DfE changes is changed in one place."""
    if raw is None:
        return {}
    if not isinstance(raw, dict) or not all(
        isinstance(k, str) and isinstance(v, list) and v for k, v in raw.items()
    ):
        problems.append(f"{source_name}: code_lists: expected names, each with a list of codes")
        return {}
    return {name: tuple(str(code) for code in codes) for name, codes in raw.items()}


def parse_measures(data: Any, source_name: str) -> list[Measure]:
    """Every measure in a parsed YAML document; every problem at once if any is wrong."""
    problems: list[str] = []
    if not isinstance(data, dict) or not isinstance(data.get("measures"), list):
        raise DefinitionError([f"{source_name}: expected a mapping with a list 'measures'"])
    code_lists = _code_lists(data.get("code_lists"), source_name, problems)
    measures: list[Measure] = []
    seen: set[str] = set()
    for i, raw in enumerate(data["measures"], start=1):
        where = f"{source_name}: measure {i}"
        if not isinstance(raw, dict):
            problems.append(f"{where}: expected a mapping")
            continue
        ident = raw.get("id")
        if not isinstance(ident, str) or not ident.replace("_", "").isalnum():
            problems.append(f"{where}: id {ident!r}: expected letters, digits and underscores")
            ident = f"#{i}"
        elif ident in seen:
            problems.append(f"{where}: id {ident!r} is used twice")
        seen.add(ident)
        where = f"{source_name}: measure {ident}"
        unknown = set(raw) - MEASURE_FIELDS
        if unknown:
            problems.append(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
        count = _count(raw.get("count"), f"{where} count", problems, code_lists)
        of_which: tuple[Condition, ...] = ()
        if count is not None and raw.get("of_which") is not None:
            of_which = _conditions(
                SOURCES[count.source],
                raw.get("of_which"),
                f"{where} of_which",
                problems,
                count.open_at_end is not None,
                code_lists,
            )
            if not of_which:
                problems.append(f"{where} of_which: expected at least one condition")
        per = (
            _count(raw["per"], f"{where} per", problems, code_lists)
            if raw.get("per") is not None
            else None
        )
        if of_which and per is not None:
            problems.append(f"{where}: a measure is a percentage (of_which) or a ratio (per)")
        if per is not None and count is not None and bool(per.breakdown) != bool(count.breakdown):
            problems.append(f"{where}: count and per must both be broken down, or neither")
        try:
            window = Window(raw.get("window", "period"))
        except ValueError:
            problems.append(
                f"{where}: window {raw.get('window')!r}: expected one of "
                f"{', '.join(w.value for w in Window)}"
            )
            window = Window.PERIOD
        frequency = raw.get("frequency", "monthly")
        if frequency not in FREQUENCIES:
            problems.append(
                f"{where}: frequency {frequency!r}: expected one of {', '.join(FREQUENCIES)}"
            )
        reviewed = raw.get("reviewed")
        if reviewed is not None and not isinstance(reviewed, date):
            problems.append(f"{where}: reviewed {reviewed!r}: expected a date YYYY-MM-DD")
            reviewed = None
        title = raw.get("title")
        if not isinstance(title, str) or not title.strip():
            problems.append(f"{where}: title: expected the measure's name")
            title = ""
        if count is None:
            continue
        measures.append(
            Measure(
                id=ident,
                title=title,
                count=count,
                of_which=of_which,
                per=per,
                window=window,
                frequency=frequency,
                indicator=str(raw.get("indicator") or ""),
                description=str(raw.get("description") or "").strip(),
                owner=str(raw.get("owner") or ""),
                reviewed=reviewed,
                breakdown_label=str(raw.get("breakdown_label") or ""),
            )
        )
    if problems:
        raise DefinitionError(problems)
    return measures


def load_measures(path: str | Path) -> list[Measure]:
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise DefinitionError([f"{path.name}: not valid YAML: {error}"]) from None
    return parse_measures(data, path.name)
