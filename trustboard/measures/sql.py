"""A measure's count written once, as SQL that DuckDB and Spark SQL both run unchanged.

Keeping to the part of SQL the two engines share (ANSI date and interval literals, inline
``VALUES`` tables, ``GROUPING SETS``, ``CAST(... AS STRING)``) is what lets one definition run on
every engine with no second copy: there is no per-engine translation to drift. The query returns
counts only; turning them into percentages and ratios is done once, in Python, by the caller.

Events (assessments, contacts) are first reduced to one row per area, day and breakdown value,
then joined to the windows, so a rolling 12-month window costs twelve joins of a small daily table
rather than twelve copies of every record.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from trustboard.measures.definitions import Condition, Count


@dataclass(frozen=True)
class Window:
    """One output period and the inclusive dates its records are counted over."""

    period: str
    start: date
    end: date


def literal(value: str | bool | int | float | date) -> str:
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, date):
        return f"DATE '{value.isoformat()}'"
    return "'" + str(value).replace("'", "''") + "'"


def _ident(name: str) -> str:
    if not name.replace("_", "").isalnum():
        raise ValueError(f"not a column or table name: {name!r}")
    return name


def _periods_cte(windows: Sequence[Window]) -> str:
    rows = ", ".join(
        f"({literal(w.period)}, {literal(w.start)}, {literal(w.end)})" for w in windows
    )
    return f"periods AS (SELECT * FROM (VALUES {rows}) AS p(period, window_start, window_end))"


class _Builder:
    """Collects the helper tables a count needs: one per ``preceded_by`` condition."""

    def __init__(self, count: Count) -> None:
        self.count = count
        self.anchor = count.date or (count.open_at_end or ("",))[0]
        self.ctes: list[str] = []
        self.flags: dict[Condition, str] = {}

    def predicate(self, condition: Condition, row: str = "b", period: str = "p") -> str:
        if condition.preceded_by is not None:
            return f"{row}.{self._flag(condition)}"
        if condition.open_longer_than_months:
            start = _ident(self.count.open_at_end[0])  # type: ignore[index]
            return (
                f"{row}.{start} < {period}.window_end - "
                f"INTERVAL {int(condition.open_longer_than_months)} MONTH"
            )
        if condition.not_ended:
            column = _ident(condition.not_ended)
            return f"({row}.{column} IS NULL OR {row}.{column} > {period}.window_end)"
        if condition.lasted is not None:
            start, end, days = condition.lasted
            return (
                f"{row}.{_ident(end)} IS NOT NULL AND "
                f"{row}.{_ident(end)} >= {row}.{_ident(start)} + INTERVAL {int(days)} DAY"
            )
        if condition.unknown:
            return "(" + " OR ".join(f"{row}.{_ident(c)} IS NULL" for c in condition.unknown) + ")"
        column = _ident(condition.column)
        if condition.at_least is not None or condition.below is not None:
            bounds = []
            if condition.at_least is not None:
                bounds.append(f"{row}.{column} >= {literal(condition.at_least)}")
            if condition.below is not None:
                bounds.append(f"{row}.{column} < {literal(condition.below)}")
            return "(" + " AND ".join(bounds) + ")"
        if condition.negated:
            # An empty cell holds none of the codes: a record without a legal status is not
            # one on short breaks.
            listed = ", ".join(literal(v) for v in condition.values)
            return f"COALESCE(CAST({row}.{column} AS STRING), '') NOT IN ({listed})"
        if len(condition.values) == 1:
            return f"{row}.{column} = {literal(condition.values[0])}"
        return f"{row}.{column} IN ({', '.join(literal(v) for v in condition.values)})"

    def _flag(self, condition: Condition) -> str:
        """A flag column: the child has a record of the other source shortly before this one."""
        if condition in self.flags:
            return self.flags[condition]
        before = condition.preceded_by
        assert before is not None
        name = f"preceded_{len(self.flags) + 1}"
        other_where = "".join(f" AND {self.predicate(c, row='o')}" for c in before.where)
        this_date = f"s.{_ident(self.anchor)}"
        other_date = f"o.{_ident(before.date)}"
        # "Ever before" has no lower bound; "within N days" has one.
        since = (
            ""
            if before.within_days is None
            else f"AND {other_date} >= {this_date} - INTERVAL {int(before.within_days)} DAY"
        )
        self.ctes.append(
            f"{name} AS (SELECT DISTINCT s.la_code AS matched_area, s.record_id AS matched_id "
            f"FROM {_ident(self.count.source)} s JOIN {_ident(before.source)} o "
            f"ON o.child_id = s.child_id AND o.la_code = s.la_code "
            f"WHERE {other_date} < {this_date} {since}"
            f"{other_where})"
        )
        self.flags[condition] = name
        return name

    def base(self) -> str:
        """Every record with its breakdown value and one true/false column per flag."""
        breakdown = (
            # An empty value is unknown too: "" is the breakdown of the row for all values.
            f"COALESCE(NULLIF(CAST(s.{_ident(self.count.breakdown)} AS STRING), ''), 'Unknown')"
            if self.count.breakdown
            else "''"
        )
        joins = "".join(
            f" LEFT JOIN {f} ON {f}.matched_id = s.record_id AND {f}.matched_area = s.la_code"
            for f in self.flags.values()
        )
        flags = "".join(f", {f}.matched_id IS NOT NULL AS {f}" for f in self.flags.values())
        return (
            f"base AS (SELECT s.*, {breakdown} AS breakdown_value{flags} "
            f"FROM {_ident(self.count.source)} s{joins})"
        )


def _whole_months(window: Window) -> bool:
    """The window starts on a month's first day and ends on a month's last day."""
    return window.start.day == 1 and (window.end + timedelta(days=1)).day == 1


def count_sql(count: Count, windows: Sequence[Window], of_which: Sequence[Condition] = ()) -> str:
    """SQL returning (period, area, breakdown, n, hits) for every window with records.

    ``breakdown`` is NULL on the row that totals all breakdown values; ``hits`` counts the
    records (or, for open records, the children) that also meet ``of_which``.
    """
    if not windows:
        raise ValueError("a measure needs at least one period")
    builder = _Builder(count)
    where = " AND ".join(builder.predicate(c) for c in count.where if not c.open_longer_than_months)
    at_period_end = [builder.predicate(c) for c in count.where if c.open_longer_than_months]
    hit = " AND ".join(builder.predicate(c) for c in of_which) or "FALSE"
    first = min(w.start for w in windows)
    last = max(w.end for w in windows)
    sets = (
        "GROUPING SETS ((period, area, breakdown_value), (period, area))"
        if count.breakdown
        else "period, area, breakdown_value"
    )
    breakdown_out = "breakdown_value" if count.breakdown else "CAST(NULL AS STRING)"
    if count.open_at_end is None:
        day = _ident(count.date)
        # Windows of whole months (every reporting period is) need events only by month: a
        # few dozen groups per area instead of one per day. Any other window is joined by day.
        bucket = (
            f"CAST(DATE_TRUNC('MONTH', b.{day}) AS DATE)"
            if all(_whole_months(w) for w in windows)
            else f"b.{day}"
        )
        body = (
            f"daily AS (SELECT b.la_code AS area, {bucket} AS day, b.breakdown_value, "
            f"COUNT(*) AS n, SUM(CASE WHEN {hit} THEN 1 ELSE 0 END) AS hits FROM base b "
            f"WHERE {where or 'TRUE'} AND b.{day} >= {literal(first)} "
            f"AND b.{day} <= {literal(last)} "
            f"GROUP BY b.la_code, {bucket}, b.breakdown_value), "
            f"windowed AS (SELECT p.period, d.area, d.breakdown_value, d.n, d.hits "
            f"FROM daily d JOIN periods p ON d.day >= p.window_start AND d.day <= p.window_end) "
            f"SELECT period, area, {breakdown_out} AS breakdown, SUM(n) AS n, SUM(hits) AS hits "
            f"FROM windowed GROUP BY {sets}"
        )
    else:
        start, end = (_ident(c) for c in count.open_at_end)
        conditions = " AND ".join(
            [f"b.{start} <= p.window_end", f"(b.{end} IS NULL OR b.{end} > p.window_end)"]
            + ([where] if where else [])
            + at_period_end
        )
        body = (
            f"open_records AS (SELECT p.period, b.la_code AS area, b.breakdown_value, "
            f"b.child_id, CASE WHEN {hit} THEN b.child_id END AS hit_child "
            f"FROM base b JOIN periods p ON {conditions}) "
            f"SELECT period, area, {breakdown_out} AS breakdown, "
            f"COUNT(DISTINCT child_id) AS n, COUNT(DISTINCT hit_child) AS hits "
            f"FROM open_records GROUP BY {sets}"
        )
    ctes = [_periods_cte(windows), *builder.ctes, builder.base()]
    return "WITH " + ", ".join(ctes) + ", " + body


def extent_sql(count: Count) -> str:
    """The first and last dates a count's source holds: which periods can be computed."""
    columns = [count.date] if count.date else list(count.open_at_end or ())
    dates = [f"{_ident(c)}" for c in columns]
    if len(dates) == 1:
        return f"SELECT MIN({dates[0]}), MAX({dates[0]}) FROM {_ident(count.source)}"
    return (
        f"SELECT MIN({dates[0]}), GREATEST(MAX({dates[0]}), MAX({dates[1]})) "
        f"FROM {_ident(count.source)}"
    )
