"""The synthetic record-level extracts: calibrated to the board's reports, deterministic, scalable.

Measures, the importer and the national benchmark all run on these records, so the figures the
reports publish must come out of them when counted the way the measures count (open at a month
end: started on or before it, ended after it or not at all; "preceded by": the same child, dated
within the days before). Each check counts straight from the generated arrays with DuckDB.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import duckdb
import numpy as np
import pytest

from trustboard.measures.sources import AGENCIES, SOURCES
from trustboard.synth import records
from trustboard.synth.records import DTYPES, SynthOptions

AREA_1 = "E10000025"
FY_2022_23 = ("2022-04-01", "2023-03-31")
MONTH_ENDS_2022_23 = (
    "select last_day(make_date(2022 + (m + 3) // 12, (m + 3) % 12 + 1, 1)) as day "
    "from range(0, 12) t(m)"
)


def _connect(tables: dict[str, dict[str, np.ndarray]]) -> duckdb.DuckDBPyConnection:
    """The generated arrays as DuckDB tables (DuckDB cannot scan datetime64[D] directly)."""
    connection = duckdb.connect()
    for name, columns in tables.items():
        frame = {
            column: values.astype("datetime64[s]") if values.dtype.kind == "M" else values
            for column, values in columns.items()
        }
        connection.register(f"{name}_arrays", frame)
        select = ", ".join(
            f'cast("{column}" as date) as "{column}"' if values.dtype.kind == "M" else column
            for column, values in columns.items()
        )
        connection.execute(f"create table {name} as select {select} from {name}_arrays")
        connection.unregister(f"{name}_arrays")
    return connection


@pytest.fixture(scope="module")
def area_1() -> dict[str, dict[str, np.ndarray]]:
    return records.generate(SynthOptions())


@pytest.fixture(scope="module")
def db(area_1) -> duckdb.DuckDBPyConnection:
    return _connect(area_1)


def _one(db: duckdb.DuckDBPyConnection, sql: str, *params):
    return db.execute(sql, list(params)).fetchone()


def _open_at_month_ends(db, source: str, where: str = "true") -> dict[str, int]:
    rows = db.execute(
        f"""
        select strftime(e.day, '%Y-%m'), count(r.child_id)
        from ({MONTH_ENDS_2022_23}) e
        left join {source} r
          on r.start_date <= e.day and (r.end_date is null or r.end_date > e.day) and {where}
        group by 1 order by 1
        """
    ).fetchall()
    return dict(rows)


# -- shape -----------------------------------------------------------------------------------------
def test_every_source_has_every_column_in_schema_order_with_its_dtype(area_1):
    assert list(area_1) == [name for name in SOURCES if name in area_1]
    assert set(area_1) >= {"early_help_assessments", "mash_contacts", "plans", "care_episodes"}
    for name in area_1:
        source = SOURCES[name]
        columns = area_1[name]
        assert tuple(columns) == source.column_names
        lengths = {len(values) for values in columns.values()}
        assert len(lengths) == 1 and lengths.pop() > 0
        for column in source.columns:
            values = columns[column.name]
            if values.dtype == np.float64 and np.isnan(values).all():
                continue  # a column the generator leaves unknown, written as nulls
            assert values.dtype == DTYPES[column.type], (name, column.name)
        assert set(columns["la_code"]) == {AREA_1}


def test_identifiers_are_case_system_strings_unique_per_record(area_1):
    prefixes = {
        "early_help_assessments": "EHA",
        "mash_contacts": "MC",
        "plans": "CP",
        "care_episodes": "LA",
    }
    for name, prefix in prefixes.items():
        ids = area_1[name]["record_id"]
        assert len(set(ids)) == len(ids)
        assert all(re.fullmatch(prefix + r"[0-9]{7,}", i) for i in ids[:: max(len(ids) // 500, 1)])
        children = area_1[name]["child_id"]
        assert all(re.fullmatch(r"C[0-9]{8}", c) for c in children[:: max(len(children) // 500, 1)])


def test_choice_columns_hold_only_the_schemas_values(area_1):
    for name, source in ((n, SOURCES[n]) for n in area_1):
        for column in source.columns:
            if column.choices:
                allowed = set(column.choices) | ({""} if not column.required else set())
                assert set(area_1[name][column.name]) <= allowed, (name, column.name)


def test_missing_values_are_empty_text_nan_and_nat(area_1):
    contacts = area_1["mash_contacts"]
    missing = contacts["urgency"] == ""
    assert 0 < missing.mean() < 0.01
    assert np.array_equal(np.isnan(contacts["decision_hours"]), missing)
    for name in ("plans", "care_episodes"):
        ends = area_1[name]["end_date"]
        starts = area_1[name]["start_date"]
        assert np.isnat(ends).any()
        known = ~np.isnat(ends)
        assert (ends[known] > starts[known]).all()
        assert (ends[known] <= np.datetime64("2024-03-31")).all()


# -- early help assessments ------------------------------------------------------------------------
def test_ehas_per_calendar_year_are_the_published_figures(db):
    by_year = dict(
        db.execute(
            "select year(start_date), count(*) from early_help_assessments group by 1"
        ).fetchall()
    )
    published = {2017: 1233, 2018: 1480, 2019: 1935, 2020: 1684}
    approximate = {2021: 2300, 2022: 4000, 2023: 4700}
    for year, figure in {**published, **approximate}.items():
        assert by_year[year] == pytest.approx(figure, rel=0.05), year
    for year, figure in published.items():
        assert by_year[year] == pytest.approx(figure, rel=0.02), year
    # The first quarter of 2024 carries on the trend: above a year before, near 2023's rate.
    assert (
        by_year[2024]
        > _one(
            db,
            "select count(*) from early_help_assessments "
            "where start_date between '2023-01-01' and '2023-03-31'",
        )[0]
    )
    assert by_year[2024] / 3 == pytest.approx(by_year[2023] / 12, rel=0.25)


def test_ehas_in_2022_23_are_near_the_projected_3750(db):
    (count,) = _one(
        db, "select count(*) from early_help_assessments where start_date between ? and ?",
        *FY_2022_23,
    )  # fmt: skip
    assert count == pytest.approx(3750, rel=0.05)


def test_fewer_ehas_in_august_and_late_december(db):
    months = db.execute(
        """
        select year(start_date) y, month(start_date) m, count(*) n,
               count(*) filter (where day(start_date) <= 16) / 16 as early,
               count(*) filter (where day(start_date) >= 24) / 8 as late
        from early_help_assessments where year(start_date) between 2017 and 2023
        group by 1, 2
        """
    ).fetchall()
    for year in range(2017, 2024):
        counts = {m: n for y, m, n, _, _ in months if y == year}
        others = [n for m, n in counts.items() if m != 8]
        assert counts[8] < 0.75 * np.mean(others), year
        (early, late) = next((e, la) for y, m, _, e, la in months if y == year and m == 12)
        assert late < 0.5 * early, year


def test_2020_agency_mix_is_the_task_and_finish_groups_table(db):
    table = {
        "Education": 609 + 327 + 26,
        "County Council": 217,
        "Health": 44 + 3 + 35 + 6 + 27,
        "Police": 2,
        "Other": 30 + 3 + 0,
    }
    total = sum(table.values())
    shares = dict(
        db.execute(
            "select agency, count(*) / sum(count(*)) over () from early_help_assessments "
            "where year(start_date) = 2020 group by 1"
        ).fetchall()
    )
    for agency, count in table.items():
        assert shares.get(agency, 0) == pytest.approx(count / total, abs=0.015), agency


def test_organisation_types_are_the_seeds_and_the_pilot_is_health_visitors(db):
    organisations = {
        name
        for (name,) in db.execute(
            "select distinct organisation_type from early_help_assessments"
        ).fetchall()
    }
    assert organisations <= {name for _, name, _ in records.EHA_ORGANISATIONS_2020}
    assert {"Education - Primary", "LA Services - LCSS worker", "Health - Health Visitor"} <= (
        organisations
    )
    pilot = db.execute(
        "select min(start_date), count(*), count(distinct agency), "
        "count(distinct organisation_type), min(agency), min(organisation_type) "
        "from early_help_assessments where pilot"
    ).fetchone()
    assert pilot[0] >= date(2022, 4, 1)
    assert pilot[1] > 300
    assert pilot[2:] == (1, 1, "Health", "Health - Health Visitor")


def test_contacts_per_eha_by_agency_in_2022_23_are_the_ratio_table(db):
    rows = db.execute(
        """
        with c as (
            select source_agency as agency, count(*) as contacts from mash_contacts
            where contact_date between $1 and $2 group by 1),
        e as (
            select agency, count(*) as ehas, count(*) filter (where not pilot) as without_pilot
            from early_help_assessments where start_date between $1 and $2 group by 1)
        select agency, contacts, ehas, without_pilot from c join e using (agency)
        """,
        list(FY_2022_23),
    ).fetchall()
    by_agency = {agency: (c, e, w) for agency, c, e, w in rows}
    assert set(by_agency) == set(AGENCIES)
    contacts, ehas, without = by_agency["County Council"]
    assert without / contacts == pytest.approx(1.8, rel=0.05)
    contacts, ehas, without = by_agency["Health"]
    assert contacts / without == pytest.approx(4.1, rel=0.05)
    assert contacts / ehas == pytest.approx(2.5, rel=0.05)
    for agency, ratio in {"Education": 3.7, "Police": 75, "Other": 55}.items():
        contacts, _, without = by_agency[agency]
        assert contacts / without == pytest.approx(ratio, rel=0.07), agency


# -- MASH contacts ---------------------------------------------------------------------------------
def test_contacts_dip_in_2020_and_are_60_percent_above_2019_by_2022(db):
    by_year = dict(
        db.execute("select year(contact_date), count(*) from mash_contacts group by 1").fetchall()
    )
    assert by_year[2020] < by_year[2019]
    assert 1.55 <= by_year[2022] / by_year[2019] <= 1.75
    fy = dict(
        db.execute(
            "select year(contact_date - interval 3 month), count(*) from mash_contacts "
            "where contact_date between '2021-04-01' and '2023-03-31' group by 1"
        ).fetchall()
    )
    assert 1.0 < fy[2022] / fy[2021] < 1.08  # "2% higher than last year", then "4%"


def test_62_percent_of_contacts_end_in_nfa_57_percent_of_the_county_councils(db):
    overall, council, council_year = _one(
        db,
        """
        select avg((outcome = 'no_further_action')::int),
               avg((outcome = 'no_further_action')::int)
                   filter (where source_agency = 'County Council'),
               avg((outcome = 'no_further_action')::int)
                   filter (where source_agency = 'County Council'
                           and contact_date between $1 and $2)
        from mash_contacts
        """,
        *FY_2022_23,
    )
    assert overall == pytest.approx(0.62, abs=0.01)
    assert council == pytest.approx(0.57, abs=0.025)
    assert council_year == pytest.approx(0.57, abs=0.06)


def test_one_in_ten_contacts_is_red_and_red_ones_are_decided_within_a_day(db):
    red, within_a_day = _one(
        db,
        "select avg((urgency = 'red')::int), "
        "avg((decision_hours < 24)::int) filter (where urgency = 'red') from mash_contacts",
    )
    assert 0.08 <= red <= 0.12
    assert within_a_day >= 0.95


def test_12_percent_of_contacts_have_an_eha_in_the_year_before_and_the_rest_none(db):
    within_a_year, ever = _one(
        db,
        """
        select
            avg((exists (select 1 from early_help_assessments e where e.child_id = m.child_id
                 and e.start_date < m.contact_date
                 and e.start_date >= m.contact_date - 365))::int),
            avg((exists (select 1 from early_help_assessments e where e.child_id = m.child_id
                 and e.start_date < m.contact_date))::int)
        from mash_contacts m where contact_date between $1 and $2
        """,
        *FY_2022_23,
    )
    assert within_a_year == pytest.approx(0.12, abs=0.01)
    assert ever == pytest.approx(within_a_year, abs=0.005)


# -- plans -----------------------------------------------------------------------------------------
def test_about_600_children_on_a_protection_plan_in_2022_23(db):
    counts = _open_at_month_ends(db, "plans", "r.plan_type = 'child_protection'")
    assert np.mean(list(counts.values())) == pytest.approx(600, rel=0.08)
    assert counts["2022-12"] == pytest.approx(648, rel=0.04)
    assert counts["2023-03"] == pytest.approx(605, rel=0.04)
    assert (
        20
        <= _one(
            db,
            "select count(*) from plans where plan_type = 'child_protection' "
            "and start_date < date '2022-12-31' - interval 18 month "
            "and (end_date is null or end_date > date '2022-12-31')",
        )[0]
        <= 60
    )  # "a few dozen" open for more than 18 months
    assert min(_open_at_month_ends(db, "plans", "r.plan_type = 'child_in_need'").values()) > 100


def test_29_percent_of_new_protection_plans_are_repeats(db):
    (repeats,) = _one(
        db,
        """
        select avg((exists (select 1 from plans o where o.child_id = p.child_id
                    and o.plan_type = 'child_protection'
                    and o.end_date < p.start_date and o.end_date >= p.start_date - 730))::int)
        from plans p
        where p.plan_type = 'child_protection' and p.start_date between $1 and $2
        """,
        *FY_2022_23,
    )
    assert repeats == pytest.approx(0.29, abs=0.02)


def test_neglect_is_the_largest_category_and_under_a_third_follow_an_eha(db):
    shares = dict(
        db.execute(
            "select category, count(*) / sum(count(*)) over () from plans "
            "where start_date >= '2017-01-01' group by 1"
        ).fetchall()
    )
    assert max(shares, key=shares.get) == "neglect"
    assert shares["neglect"] == pytest.approx(0.45, abs=0.03)
    (with_eha,) = _one(
        db,
        """
        select avg((exists (select 1 from early_help_assessments e where e.child_id = p.child_id
                    and e.start_date < p.start_date
                    and e.start_date >= p.start_date - 365))::int)
        from plans p where p.category = 'neglect' and p.start_date between $1 and $2
        """,
        *FY_2022_23,
    )
    assert 0.2 < with_eha < 1 / 3


def test_a_child_has_one_plan_and_one_care_episode_at_a_time(db):
    for source in ("plans", "care_episodes"):
        (overlaps,) = _one(
            db,
            f"""
            select count(*) from {source} a join {source} b
              on a.child_id = b.child_id and a.record_id < b.record_id
             and a.start_date < coalesce(b.end_date, date '9999-12-31')
             and b.start_date < coalesce(a.end_date, date '9999-12-31')
            """,
        )
        assert overlaps == 0, source


def test_children_are_shared_between_sources(db):
    (plans_after_contacts, plans_after_ehas, care_after_contacts) = _one(
        db,
        """
        select
            (select count(distinct child_id) from plans
             where child_id in (select child_id from mash_contacts)),
            (select count(distinct child_id) from plans
             where child_id in (select child_id from early_help_assessments)),
            (select count(distinct child_id) from care_episodes
             where child_id in (select child_id from mash_contacts))
        """,
    )
    assert plans_after_contacts > 500
    assert plans_after_ehas > 300
    assert care_after_contacts > 100


# -- children we care for --------------------------------------------------------------------------
def test_about_800_children_we_care_for_with_more_unaccompanied_children(db):
    counts = _open_at_month_ends(db, "care_episodes")
    assert np.mean(list(counts.values())) == pytest.approx(800, rel=0.05)
    assert counts["2022-12"] == pytest.approx(803, rel=0.04)
    assert counts["2023-03"] == pytest.approx(770, rel=0.04)
    uasc = _open_at_month_ends(db, "care_episodes", "r.uasc")
    assert 100 <= uasc["2022-12"] <= 125
    assert 110 <= uasc["2023-03"] <= 135
    unregistered = _open_at_month_ends(db, "care_episodes", "not r.registered")
    assert 5 <= np.mean(list(unregistered.values())) <= 8
    assert all(2 <= n <= 12 for n in unregistered.values())


# -- determinism and scale -------------------------------------------------------------------------
def _same(a: dict, b: dict) -> bool:
    for name in a:
        for column, values in a[name].items():
            other = b[name][column]
            if values.dtype.kind in "fM":
                if not np.array_equal(values, other, equal_nan=True):
                    return False
            elif not np.array_equal(values, other):
                return False
    return True


def test_the_same_seed_gives_the_same_records_and_another_seed_others(area_1):
    assert _same(area_1, records.generate(SynthOptions()))
    assert not _same(area_1, records.generate(SynthOptions(seed=1)))


def test_more_areas_are_scaled_copies_and_leave_area_1_alone(area_1):
    tables = records.generate(SynthOptions(areas=3))
    codes = records.area_codes(3)
    assert codes == (AREA_1, "E99000001", "E99000002")
    sizes = records.area_size_factors(3)
    for name, columns in tables.items():
        area = columns["la_code"]
        assert set(area) == set(codes)
        first = {c: v[area == AREA_1] for c, v in columns.items()}
        assert _same({name: area_1[name]}, {name: first}), name
        assert len(set(columns["record_id"])) == len(area)
        counts = [int((area == code).sum()) for code in codes]
        for size, count in zip(sizes[1:], counts[1:], strict=True):
            assert count / counts[0] == pytest.approx(size, rel=0.05), name
    contacts = tables["mash_contacts"]
    children = [set(contacts["child_id"][contacts["la_code"] == code]) for code in codes]
    assert not (children[0] & children[1]) and not (children[1] & children[2])


def test_every_english_authority_for_five_years_is_over_10_million_contacts(area_1):
    """The national benchmark's size, from area 1's five years and the areas' size factors."""
    factors = records.area_size_factors(153)
    assert factors[0] == 1
    assert factors[1:].mean() == pytest.approx(0.85, abs=0.01)
    assert len(set(records.AREA_CODES[:152])) == 152
    five_years = (np.datetime64("2019-04-01"), np.datetime64("2024-03-31"))

    def in_window(dates: np.ndarray) -> int:
        return int(((dates >= five_years[0]) & (dates <= five_years[1])).sum())

    assert in_window(area_1["mash_contacts"]["contact_date"]) * factors.sum() > 10_500_000
    assert in_window(area_1["early_help_assessments"]["start_date"]) * factors.sum() > 1_500_000


def test_a_window_holds_flows_inside_it_and_stocks_open_in_it():
    start, end = date(2019, 4, 1), date(2020, 3, 31)
    tables = records.generate(SynthOptions(start=start, end=end))
    first, last = np.datetime64(start), np.datetime64(end)
    for name, column in (
        ("early_help_assessments", "start_date"),
        ("mash_contacts", "contact_date"),
    ):
        dates = tables[name][column]
        assert dates.min() >= first and dates.max() <= last
    care = tables["care_episodes"]
    assert (care["start_date"] <= last).all()
    assert (np.isnat(care["end_date"]) | (care["end_date"] > first)).all()
    plans = tables["plans"]
    assert (np.isnat(plans["end_date"]) | (plans["end_date"] >= first - 730)).all()
    assert (plans["start_date"] <= last).all()


@pytest.mark.parametrize(
    "options",
    [
        SynthOptions(areas=0),
        SynthOptions(areas=2000),
        SynthOptions(start=date(2023, 1, 1), end=date(2022, 1, 1)),
        SynthOptions(start=date(1990, 1, 1)),
    ],
)
def test_impossible_options_are_refused(options):
    with pytest.raises(ValueError):
        records.generate(options)


# -- writing ---------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def quarter() -> dict[str, dict[str, np.ndarray]]:
    return records.generate(SynthOptions(areas=2, start=date(2023, 1, 1), end=date(2023, 3, 31)))


def test_csv_has_the_schemas_header_iso_dates_true_false_and_empty_for_missing(
    quarter, tmp_path: Path
):
    paths = records.write(quarter, tmp_path, "csv")
    assert [p.name for p in paths] == [f"{name}.csv" for name in quarter]
    for name, source in ((n, SOURCES[n]) for n in quarter):
        lines = (tmp_path / f"{name}.csv").read_text().splitlines()
        assert lines[0] == ",".join(source.column_names)
        assert len(lines) - 1 == len(quarter[name]["record_id"])
    contacts = (tmp_path / "mash_contacts.csv").read_text().splitlines()[1:]
    assert re.fullmatch(r"MC[0-9]+,C[0-9]{8},2023-[0-9]{2}-[0-9]{2},.*", contacts[0])
    missing = next(line for line in contacts if ",," in line)
    assert missing.split(",")[5:7] == ["", ""]
    episode = (tmp_path / "care_episodes.csv").read_text().splitlines()[1]
    assert episode.split(",")[5] in ("true", "false")
    assert episode.split(",")[7] in ("true", "false")


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_written_files_read_back_as_generated(quarter, tmp_path: Path, fmt: str):
    records.write(quarter, tmp_path, fmt)
    connection = duckdb.connect()
    reader = "read_csv" if fmt == "csv" else "read_parquet"
    for name, source in ((n, SOURCES[n]) for n in quarter):
        path = str(tmp_path / f"{name}.{fmt}")
        read = connection.execute(
            f"select * from {reader}(?) order by record_id", [path]
        ).fetchnumpy()
        generated = quarter[name]
        order = np.argsort(generated["record_id"])
        assert list(read) == list(source.column_names)
        for column in source.columns:
            expected = generated[column.name][order]
            got = read[column.name]
            if expected.dtype.kind == "M":
                got = np.ma.filled(got.astype("datetime64[D]"), np.datetime64("NaT"))
                assert np.array_equal(got, expected, equal_nan=True), (name, column.name)
            elif expected.dtype.kind == "f":
                got = np.ma.filled(got.astype(float), np.nan)
                assert np.allclose(got, expected, equal_nan=True), (name, column.name)
            elif expected.dtype.kind in "bi":
                assert not np.ma.is_masked(got)
                assert np.array_equal(np.asarray(got), expected), (name, column.name)
            else:  # text: missing ("") comes back as null
                got = np.ma.filled(got.astype(object), "")
                assert np.array_equal(got, expected), (name, column.name)


def test_write_refuses_an_unknown_format_or_source(quarter, tmp_path: Path):
    with pytest.raises(ValueError):
        records.write(quarter, tmp_path, "xlsx")
    with pytest.raises(ValueError):
        records.write({"pupils": {}}, tmp_path)
