"""The measures in plain pandas: the yardstick the national benchmark times the engines against.

This is the one second implementation of the measures that the project keeps, and it is not a
product engine: it exists so that the benchmark can say how much faster the one shared SQL is
than what an analyst would otherwise write, and so that the SQL's figures can be checked
against an independent reading of the same definitions. It is written from the
:class:`~trustboard.measures.definitions.Measure` definitions generically (no code for any one
measure) in idiomatic pandas: boolean masks, ``groupby``, ``merge``. It is neither deliberately
slow nor tuned.

Only the period arithmetic is shared with the engines (:func:`compute.windows_for`: which months,
quarters or rolling years a measure reports), since that is not counting; the counting, the zero
filling and the forming of percentages and ratios are done here again.

    tables = load({"mash_contacts": "mash_contacts.parquet", ...})
    results = evaluate_all(tables, load_measures("measures.yaml"))
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from pathlib import Path

import pandas as pd

from trustboard.core import periods
from trustboard.measures.compute import MeasureValue, unknowable, windows_for
from trustboard.measures.definitions import Condition, Count, Measure, Preceding, Result
from trustboard.measures.sources import SOURCES, ColumnType

KEYS = ["area", "period", "breakdown"]


def load(paths: Mapping[str, str | Path]) -> dict[str, pd.DataFrame]:
    """Each source's Parquet file as a DataFrame, dates as datetime64 (empty ones as NaT); a
    source with no file is an empty frame of its columns, as the store's empty table is."""
    tables = {
        name: pd.read_parquet(path, to_pandas_kwargs={"date_as_object": False})
        for name, path in paths.items()
    }
    for name, source in SOURCES.items():
        if name not in tables:
            tables[name] = pd.DataFrame(
                {
                    c.name: pd.Series(
                        dtype="datetime64[ns]" if c.type is ColumnType.DATE else "object"
                    )
                    for c in source.columns
                }
            )
    return tables


# -- conditions ------------------------------------------------------------------------------------
def _values(source: str, condition: Condition) -> list:
    """A condition's values as the column holds them (numbers compared as numbers)."""
    kind = SOURCES[source].column(condition.column).type
    if kind in (ColumnType.INTEGER, ColumnType.NUMBER):
        return [float(v) for v in condition.values]
    return list(condition.values)


def _mask(
    tables: Mapping[str, pd.DataFrame], source: str, anchor: str, conditions: Iterable[Condition]
) -> pd.Series:
    """True for each record of ``source`` meeting every condition that does not depend on the
    period (``open_longer_than_months`` and ``not_ended`` are applied per period by the
    caller)."""
    frame = tables[source]
    mask = pd.Series(True, index=frame.index)
    for condition in conditions:
        if condition.preceded_by is not None:
            mask &= _preceded(tables, source, anchor, condition.preceded_by)
        elif condition.lasted is not None:
            start, end, days = condition.lasted
            mask &= frame[end].notna() & (frame[end] >= frame[start] + pd.Timedelta(days=days))
        elif condition.unknown:
            mask &= frame[list(condition.unknown)].isna().any(axis=1)
        elif condition.open_longer_than_months or condition.not_ended:
            continue
        elif condition.at_least is not None or condition.below is not None:
            column = frame[condition.column]
            if condition.at_least is not None:
                mask &= column >= condition.at_least
            if condition.below is not None:
                mask &= column < condition.below
        elif condition.negated:
            mask &= ~frame[condition.column].fillna("").isin(_values(source, condition))
        else:
            mask &= frame[condition.column].isin(_values(source, condition))
    return mask


def _preceded(
    tables: Mapping[str, pd.DataFrame], source: str, anchor: str, before: Preceding
) -> pd.Series:
    """True for each record whose child has a record of ``before.source`` (meeting its own
    conditions) in the same area, dated strictly before this record and at most
    ``within_days`` days before it."""
    this = tables[source]
    other = tables[before.source]
    other = other.loc[
        _mask(tables, before.source, before.date, before.where),
        ["la_code", "child_id", before.date],
    ].rename(columns={before.date: "other_date"})
    mine = this[["la_code", "child_id", anchor]].rename(columns={anchor: "this_date"})
    pairs = mine.reset_index(names="row").merge(other, on=["la_code", "child_id"])
    close = pairs["other_date"] < pairs["this_date"]
    if before.within_days is not None:  # else: ever before
        close &= pairs["other_date"] >= pairs["this_date"] - pd.Timedelta(days=before.within_days)
    return pd.Series(this.index.isin(pairs.loc[close, "row"].unique()), index=this.index)


def _breakdown(frame: pd.DataFrame, count: Count) -> pd.Series:
    """The breakdown value as text, as the SQL casts it: true/false, numbers; missing or empty
    is 'Unknown'."""
    if not count.breakdown:
        return pd.Series("", index=frame.index)
    column = frame[count.breakdown]
    if SOURCES[count.source].column(count.breakdown).type is ColumnType.BOOLEAN:
        text = column.map({True: "true", False: "false"})
    else:
        text = column.astype("str")
        # Empty is unknown too: "" is the breakdown of the row for all values.
        text[column.isna() | (text == "")] = None
    return text.fillna("Unknown").astype("str")


def _open_longer(conditions: Iterable[Condition]) -> list[int]:
    return [c.open_longer_than_months for c in conditions if c.open_longer_than_months]


def _not_ended(conditions: Iterable[Condition]) -> list[str]:
    return [c.not_ended for c in conditions if c.not_ended]


# -- counts ----------------------------------------------------------------------------------------
def _totals(grouped: pd.DataFrame, breakdown: bool) -> pd.DataFrame:
    """Rows per area and breakdown value, with a total over the breakdown values ('')."""
    if not breakdown:
        return grouped
    total = grouped.groupby(["area", "period"], as_index=False)[["n", "hits"]].sum()
    total["breakdown"] = ""
    return pd.concat([grouped, total], ignore_index=True)


def _event_counts(tables, count: Count, windows, of_which: Iterable[Condition]) -> pd.DataFrame:
    """Records counted in the window their date falls in: area, period, breakdown, n, hits."""
    frame = tables[count.source]
    keep = _mask(tables, count.source, count.date, count.where)
    hits = _mask(tables, count.source, count.date, of_which) if of_which else False
    records = pd.DataFrame(
        {
            "area": frame["la_code"].fillna(""),
            "day": frame[count.date],
            "breakdown": _breakdown(frame, count),
            "hits": hits,
        }
    )[keep]
    daily = records.groupby(["area", "day", "breakdown"], as_index=False).agg(
        n=("hits", "size"), hits=("hits", "sum")
    )
    pieces = []
    for window in windows:
        inside = daily[daily["day"].between(pd.Timestamp(window.start), pd.Timestamp(window.end))]
        grouped = inside.groupby(["area", "breakdown"], as_index=False)[["n", "hits"]].sum()
        grouped["period"] = window.period
        pieces.append(grouped)
    return _totals(_concat(pieces), bool(count.breakdown))


def _open_counts(tables, count: Count, windows, of_which: Iterable[Condition]) -> pd.DataFrame:
    """Children with a record open at the end of each window: area, period, breakdown, n, hits."""
    assert count.open_at_end is not None
    start, end = count.open_at_end
    frame = tables[count.source]
    keep = _mask(tables, count.source, start, count.where)
    of_which = tuple(of_which)
    hits = _mask(tables, count.source, start, of_which) if of_which else False
    records = pd.DataFrame(
        {
            "area": frame["la_code"].fillna(""),
            "child_id": frame["child_id"],
            "start": frame[start],
            "end": frame[end],
            "breakdown": _breakdown(frame, count),
            "hits": hits,
        }
    )[keep]
    pieces = []
    for window in windows:
        end_of = pd.Timestamp(window.end)
        open_ = records[
            (records["start"] <= end_of) & (records["end"].isna() | (records["end"] > end_of))
        ]
        for months in _open_longer(count.where):
            open_ = open_[open_["start"] < end_of - pd.DateOffset(months=months)]
        for column in _not_ended(count.where):
            still = frame.loc[open_.index, column]
            open_ = open_[still.isna() | (still > end_of)]
        hit = open_["hits"].copy() if of_which else pd.Series(False, index=open_.index)
        for months in _open_longer(of_which):
            hit &= open_["start"] < end_of - pd.DateOffset(months=months)
        for column in _not_ended(of_which):
            still = frame.loc[open_.index, column]
            hit &= still.isna() | (still > end_of)
        # Each child once, overall and per breakdown value: a child with two open records of
        # different values counts once in each value and once in the total.
        levels = [["area", "breakdown"]] + ([["area"]] if count.breakdown else [])
        for by in levels:
            n = open_.groupby(by)["child_id"].nunique().rename("n")
            h = open_[hit].groupby(by)["child_id"].nunique().rename("hits")
            grouped = pd.concat([n, h], axis=1).fillna(0).reset_index()
            if by == ["area"]:
                grouped["breakdown"] = ""
            grouped["period"] = window.period
            pieces.append(grouped)
    return _concat(pieces)


def _concat(pieces: list[pd.DataFrame]) -> pd.DataFrame:
    columns = [*KEYS, "n", "hits"]
    if not pieces:
        return pd.DataFrame(columns=columns)
    result = pd.concat(pieces, ignore_index=True)[columns]
    result[["n", "hits"]] = result[["n", "hits"]].astype("int64")
    return result


def _counts(tables, count: Count, windows, of_which: Iterable[Condition] = ()) -> pd.DataFrame:
    if count.open_at_end is None:
        return _event_counts(tables, count, windows, of_which)
    return _open_counts(tables, count, windows, of_which)


def _with_zeros(counts: pd.DataFrame, windows, seen: pd.DataFrame) -> pd.DataFrame:
    """A zero row for every window and every (area, breakdown) seen in any window."""
    grid = (
        seen[["area", "breakdown"]]
        .drop_duplicates()
        .merge(pd.DataFrame({"period": [w.period for w in windows]}), how="cross")
    )
    filled = grid.merge(counts, on=KEYS, how="left")
    filled[["n", "hits"]] = filled[["n", "hits"]].fillna(0).astype("int64")
    return filled


# -- measures --------------------------------------------------------------------------------------
def _extent(tables, count: Count) -> tuple[date, date] | None:
    frame = tables[count.source]
    columns = [count.date] if count.date else list(count.open_at_end or ())
    first = frame[columns[0]].min()
    last = max((frame[c].max() for c in columns if pd.notna(frame[c].max())), default=pd.NaT)
    if pd.isna(first) or pd.isna(last):
        return None
    return first.date(), last.date()


def _values_of(measure: Measure, frame: pd.DataFrame, windows) -> list[MeasureValue]:
    """The figures in :func:`compute.evaluate`'s order: area, period (in time), breakdown."""
    starts = {w.period: periods.parse(w.period).start for w in windows}
    frame = frame.assign(start=frame["period"].map(starts)).sort_values(
        ["area", "start", "breakdown"]
    )
    denominators = frame["denominator"].tolist() if "denominator" in frame else [None] * len(frame)
    return [
        MeasureValue(measure.id, a, p, b, float(v), n, d)
        for a, p, b, v, n, d in zip(
            frame["area"],
            frame["period"],
            frame["breakdown"],
            frame["value"],
            frame["numerator"].tolist(),
            denominators,
            strict=True,
        )
    ]


def evaluate(
    tables,
    measure: Measure,
    *,
    only_periods: Iterable[str] | None = None,
    until: date | None = None,
    since: date | None = None,
) -> list[MeasureValue]:
    """Every figure of one measure for every area and period the data covers."""
    span = _extent(tables, measure.count)
    if span is None:
        return []
    first, last = span
    if measure.count.open_at_end is not None:
        # Open records are counted only at month ends the events cover.
        if until is not None:
            last = until
        if since is not None:
            first = max(first, since)
    if measure.per is not None:
        other = _extent(tables, measure.per)
        if other is None:
            return []
        first, last = max(first, other[0]), min(last, other[1])
    if until is not None:
        last = min(last, until)
    if first > last:
        return []
    windows = windows_for(measure, first, last, only_periods)
    if not windows:
        return []
    counts = _counts(tables, measure.count, windows, measure.of_which)
    if measure.result is Result.RATIO:
        assert measure.per is not None
        per = _counts(tables, measure.per, windows)
        seen = pd.concat([counts[KEYS], per[KEYS]])
        both = _with_zeros(counts, windows, seen).merge(
            _with_zeros(per, windows, seen)[[*KEYS, "n"]].rename(columns={"n": "per"}), on=KEYS
        )
        both = both[both["per"] != 0]
        return _values_of(
            measure,
            both.assign(
                value=both["n"] / both["per"], numerator=both["n"], denominator=both["per"]
            ),
            windows,
        )
    counts = _with_zeros(counts, windows, counts)
    unknown = unknowable(measure)
    if unknown:
        # Figures whose records do not all say what the measure reads are withheld.
        kept = tuple(c for c in measure.count.where if c.column not in unknown)
        probe = Count(
            measure.count.source, measure.count.date, measure.count.open_at_end,
            (*kept, Condition(unknown=unknown)), measure.count.breakdown,
        )  # fmt: skip
        gaps = _counts(tables, probe, windows)
        gaps = gaps[gaps["n"] > 0]
        bad = set(zip(gaps["area"], gaps["period"], gaps["breakdown"], strict=True))
        totals = {(a, p) for a, p, b in bad if b == ""}
        keys = zip(counts["area"], counts["period"], counts["breakdown"], strict=True)
        counts = counts[[k not in bad and k[:2] not in totals for k in keys]]
    if measure.result is Result.PERCENTAGE:
        counts = counts[counts["n"] != 0]
        return _values_of(
            measure,
            counts.assign(
                value=100.0 * counts["hits"] / counts["n"],
                numerator=counts["hits"],
                denominator=counts["n"],
            ),
            windows,
        )
    return _values_of(measure, counts.assign(value=counts["n"], numerator=counts["n"]), windows)


def evaluate_all(
    tables: Mapping[str, pd.DataFrame],
    measures: Iterable[Measure],
    *,
    progress: Callable[[Measure, int, float], None] | None = None,
    only_periods: Iterable[str] | None = None,
    until: date | None = None,
) -> dict[str, list[MeasureValue]]:
    """Each measure in turn, as :func:`compute.evaluate_all` does (the same span of periods)."""
    measures = list(measures)
    only_periods = None if only_periods is None else set(only_periods)
    # The span the extracts cover: from when every source of events has started to the latest
    # event of any.
    events = {
        (c.source, c.date)
        for m in measures
        for c in (m.count, m.per)
        if c is not None and c.open_at_end is None
    }
    spans = [_extent(tables, Count(source, column)) for source, column in events]
    since = max((s[0] for s in spans if s is not None), default=None)
    if until is None:
        until = max((s[1] for s in spans if s is not None), default=None)
    results: dict[str, list[MeasureValue]] = {}
    for measure in measures:
        started = time.perf_counter()
        results[measure.id] = evaluate(
            tables, measure, only_periods=only_periods, until=until, since=since
        )
        if progress is not None:
            progress(measure, len(results[measure.id]), time.perf_counter() - started)
    return results
