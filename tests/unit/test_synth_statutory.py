"""The synthetic records written as statutory returns: SSDA903 per year, a CIN census per year.

The returns are the extracts' records in a council's own layout, so the strongest check is the
measures: imported through the statutory adapters, oldest year first, the returns must give the
example area the same children we care for, unaccompanied children, children on a plan and
repeat plans at every month end as the extracts of the same synthetic records. Two years of
records keep it quick.
"""

from __future__ import annotations

import csv
import re
from datetime import date
from pathlib import Path

import numpy as np
import pytest

from trustboard.ingest import statutory as adapters
from trustboard.ingest.records import import_extract
from trustboard.ingest.statutory import cin_census as census_adapter
from trustboard.ingest.statutory import ssda903 as ssda903_adapter
from trustboard.measures.compute import evaluate
from trustboard.measures.definitions import load_measures
from trustboard.measures.engines import DuckDBEngine
from trustboard.synth import records, statutory
from trustboard.synth.statutory import ssda903
from trustboard.synth.statutory.years import CollectionYear

AREA = "E10000025"
OPTIONS = records.SynthOptions(start=date(2022, 4, 1), end=date(2024, 3, 31), seed=3)
MEASURES_FILE = Path(records.__file__).parents[2] / "examples" / "oxfordshire" / "measures.yaml"
COMPARED = ("children_we_care_for", "uasc_we_care_for", "cp_plans_open", "cp_repeat_plans")
YEARS_903 = ("2022-23", "2023-24")
YEARS_CENSUS = ("2020-21", "2021-22", "2022-23", "2023-24")
"""The census reaches back to the plans' history, two years before the data's start."""


@pytest.fixture(scope="module")
def tables() -> dict[str, dict[str, np.ndarray]]:
    return records.generate(OPTIONS)


@pytest.fixture(scope="module")
def written(tables, tmp_path_factory) -> list[statutory.WrittenReturn]:
    return statutory.write_returns(tables, OPTIONS, tmp_path_factory.mktemp("returns"))


@pytest.fixture(scope="module")
def imported(written, tmp_path_factory) -> tuple[Path, list]:
    """The returns imported oldest first into a store, and what each import said."""
    store = tmp_path_factory.mktemp("returns_store") / "analytics.duckdb"
    return store, [adapters.import_return(_files(one), store, area_code=AREA) for one in written]


@pytest.fixture(scope="module")
def returns_store(imported) -> Path:
    return imported[0]


@pytest.fixture(scope="module")
def extracts_store(tables, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("extracts")
    store = folder / "analytics.duckdb"
    wanted = {name: tables[name] for name in ("plans", "care_episodes")}
    for path in records.write(wanted, folder / "files"):
        import_extract(path.name, path.read_bytes(), store, area_code=AREA)
    return store


def _files(one: statutory.WrittenReturn) -> list[adapters.File]:
    return [adapters.File(path.name, path.read_bytes()) for path in one.files]


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


def _table(written, year: str, table: str) -> list[dict[str, str]]:
    one = next(w for w in written if w.kind == "ssda903" and w.year.label == year)
    return _rows(next(p for p in one.files if p.stem == table))


def _uk(text: str) -> date:
    day, month, year = (int(part) for part in text.split("/"))
    return date(year, month, day)


# -- what is written --------------------------------------------------------------------------
def test_each_year_has_its_return_oldest_first_903_before_its_census(written):
    assert [(w.kind, w.year.label) for w in written] == [
        ("cin_census", "2020-21"),
        ("cin_census", "2021-22"),
        ("ssda903", "2022-23"),
        ("cin_census", "2022-23"),
        ("ssda903", "2023-24"),
        ("cin_census", "2023-24"),
    ]
    root = written[0].files[0].parents[1]
    found = sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())
    assert found == sorted(
        [f"cin_census/cin_census_{y}.xml" for y in YEARS_CENSUS]
        + [f"ssda903/{y}/{t}.csv" for y in YEARS_903 for t in ssda903.COLUMNS]
    )
    summary = next(w for w in written if w.kind == "ssda903").summary()
    assert summary.startswith("SSDA903 return 2022/23: ") and " episodes, " in summary


def test_the_same_seed_writes_the_same_bytes_and_another_seed_does_not(written, tmp_path):
    again = statutory.write_returns(records.generate(OPTIONS), OPTIONS, tmp_path / "again")
    for first, second in zip(written, again, strict=True):
        assert [p.read_bytes() for p in first.files] == [p.read_bytes() for p in second.files]
    other = records.SynthOptions(start=OPTIONS.start, end=OPTIONS.end, seed=4)
    different = statutory.write_returns(records.generate(other), other, tmp_path / "other")
    assert different[-1].files[0].read_bytes() != written[-1].files[0].read_bytes()


def test_every_table_has_the_dfe_headings_and_dates_as_dd_mm_yyyy(written):
    for table, columns in ssda903.COLUMNS.items():
        path = next(p for w in written if w.kind == "ssda903" for p in w.files if p.stem == table)
        assert path.read_text(encoding="utf-8").splitlines()[0] == ",".join(columns)
        assert ssda903_adapter.table_of(list(columns)) == table
    episode = _table(written, "2023-24", "episodes")[0]
    assert _uk(episode["DECOM"]) <= date(2024, 3, 31)
    # SEX is 1/2 to 2023-24 (M/F from 2024-25)
    assert {row["SEX"] for row in _table(written, "2023-24", "header")} == {"1", "2"}


def test_codes_are_the_adapters_and_open_episodes_have_no_reason_ceased(written):
    for year in YEARS_903:
        for row in _table(written, year, "episodes"):
            assert row["PLACE"] in ssda903_adapter.PLACEMENT
            assert row["LS"] in ssda903_adapter.LEGAL_STATUS
            assert row["CIN"] in ssda903_adapter.CATEGORY_OF_NEED
            assert row["RNE"] in ssda903_adapter.REASON_NEW_EPISODE
            assert (row["DEC"] == "") == (row["REC"] == "")  # rule 148
            assert row["REC"] in ("", *ssda903_adapter.REASON_CEASED)
            assert row["PLACE_PROVIDER"] in ("", *ssda903_adapter.PROVIDER)
            assert (row["PLACE_PROVIDER"] == "PR0") == (row["PLACE"] == "P1")
            assert (row["PLACE_PROVIDER"] == "") == (row["PLACE"] == "Z1")  # rule 178
        assert {r["ETHNIC"] for r in _table(written, year, "header")} <= set(ssda903_adapter.ETHNIC)


def test_an_episode_the_year_does_not_see_end_is_open_in_its_return(written):
    """A return only knows its year: an episode ending after 31 March is open in it."""
    earlier = {(r["CHILD"], r["DECOM"]): r for r in _table(written, "2022-23", "episodes")}
    later = {(r["CHILD"], r["DECOM"]): r for r in _table(written, "2023-24", "episodes")}
    carried = [key for key in earlier if key in later]
    assert carried and all(earlier[key]["DEC"] == "" for key in carried)
    ended_later = [key for key in carried if later[key]["DEC"]]
    assert ended_later and all(_uk(later[key]["DEC"]) >= date(2023, 4, 1) for key in ended_later)


def test_children_are_born_before_their_first_episode_and_under_18_at_it(written):
    for year in YEARS_903:
        births = {r["CHILD"]: _uk(r["DOB"]) for r in _table(written, year, "header")}
        for row in _table(written, year, "episodes"):
            age = census_adapter.age_on(births[row["CHILD"]], _uk(row["DECOM"]))
            assert 0 <= age <= 25
        firsts: dict[str, date] = {}
        for row in _table(written, year, "episodes"):
            firsts.setdefault(row["CHILD"], _uk(row["DECOM"]))
        ages = [census_adapter.age_on(births[c], d) for c, d in firsts.items()]
        assert max(ages) <= 17 and np.mean(ages) > 5
        for row in _table(written, year, "missing"):
            assert 11 <= census_adapter.age_on(births[row["CHILD"]], _uk(row["MIS_START"])) < 18


def test_an_unaccompanied_childs_status_ceases_before_18_and_after_their_care(written):
    """DUC is a few days before the 18th birthday, never while the child is cared for."""
    uasc = _table(written, "2023-24", "uasc")
    assert uasc
    episodes = _table(written, "2023-24", "episodes")
    for row in uasc:
        birth, ceased = _uk(row["DOB"]), _uk(row["DUC"])
        assert census_adapter.age_on(birth, ceased) == 17
        assert (birth.replace(year=birth.year + 18) - ceased).days <= 7
        ends = [r["DEC"] for r in episodes if r["CHILD"] == row["CHILD"]]
        last = _uk(ends[-1]) if ends[-1] else date(2024, 3, 31)
        assert ceased > last


def test_the_census_has_the_header_and_what_the_year_holds(written):
    one = next(w for w in written if w.kind == "cin_census" and w.year.label == "2023-24")
    text = one.files[0].read_text(encoding="utf-8")
    assert "<Collection>CIN</Collection>" in text and "<LEA>931</LEA>" in text
    assert "<ReferenceDate>2024-03-31</ReferenceDate>" in text and "<Year>2024</Year>" in text
    assert "<ReferralNFA>true</ReferralNFA>" in text and "<NumberOfPreviousCPP>1<" in text
    dates = re.findall(r"<(\w+)>([0-9]{4}-[0-9]{2}-[0-9]{2})</\1>", text)
    assert len(dates) > 10_000 and max(day for _, day in dates) == "2024-03-31"
    assert statutory.lea_of(AREA) == "931" and statutory.lea_of("E99000001") == "E99000001"


def test_returns_are_made_once_their_year_has_ended(tables, tmp_path):
    with pytest.raises(ValueError, match="must end by 31/03/2023"):
        statutory.write_returns(tables, OPTIONS, tmp_path, today=date(2024, 3, 30))
    assert not any(tmp_path.iterdir())


# -- overlap resolution -----------------------------------------------------------------------
def _care(*episodes: tuple[str, str, str | None]) -> dict[str, np.ndarray]:
    n = len(episodes)
    return {
        "child_id": np.array([e[0] for e in episodes], dtype=object),
        "start_date": np.array([e[1] for e in episodes], dtype="datetime64[D]"),
        "end_date": np.array([e[2] or "NaT" for e in episodes], dtype="datetime64[D]"),
        "legal_status": np.full(n, "C2", dtype=object),
        "uasc": np.zeros(n, dtype=bool),
        "placement_type": np.full(n, "U4", dtype=object),
    }


def test_a_childs_overlapping_episodes_end_the_day_the_next_starts():
    found = ssda903.episodes(
        _care(
            ("C2", "2023-05-01", None),  # open, yet the child's next episode starts in June
            ("C1", "2023-01-01", "2023-03-01"),
            ("C2", "2023-06-01", "2023-09-01"),
            ("C2", "2023-06-01", "2023-07-01"),  # starts the same day: ends then, so is dropped
        ),
        np.random.default_rng(0),
    )
    starts = np.datetime_as_string(found.start).tolist()
    ends = np.datetime_as_string(found.end).tolist()
    assert list(zip(found.child.tolist(), starts, ends, strict=True)) == [
        ("C1", "2023-01-01", "2023-03-01"),
        ("C2", "2023-05-01", "2023-06-01"),
        ("C2", "2023-06-01", "2023-09-01"),
    ]
    assert found.resolved == 2
    assert found.rne.tolist() == ["S", "S", "P"]
    assert found.rec[1] == "X1" and found.rec[0] not in ("", "X1") and found.rec[2] != "X1"
    assert found.place_change.tolist()[:2] == ["", ""] and found.place_change[2]


def test_no_child_is_over_25_at_the_start_of_an_episode():
    found = ssda903.episodes(
        _care(
            ("C1", "1990-01-01", "1995-01-01"),  # over 25 years before the last: dropped
            ("C1", "1995-01-01", "2022-01-01"),  # starts 25 years before the last, at most
            ("C1", "2022-01-01", None),
        ),
        np.random.default_rng(0),
    )
    assert np.datetime_as_string(found.start).tolist() == ["1996-01-09", "2022-01-01"]
    assert found.clipped == 2 and found.rne.tolist() == ["S", "P"]


def test_the_generated_episodes_need_no_repair():
    """So the statutory route restates the extract's episodes exactly (see the measures)."""
    care = records.generate(OPTIONS)["care_episodes"]
    found = ssda903.episodes(care, np.random.default_rng(0))
    assert (found.resolved, found.clipped) == (0, 0)
    assert len(found.child) == len(care["child_id"])


# -- imported through the statutory adapters --------------------------------------------------
def test_every_return_imports_through_the_adapters(written, imported):
    store, results = imported
    for one, result in zip(written, results, strict=True):
        title = "SSDA903 return" if one.kind == "ssda903" else "CIN census"
        assert result.title == f"{title} {one.year.title}"
        if one.kind == "ssda903":
            assert result.parts[0].rows == dict(one.counts)["episodes"]
    again = adapters.import_return(_files(written[-1]), store, area_code=AREA)
    assert again.already_imported


def _values(store: Path, measure_id: str) -> dict[str, tuple[float, float | None]]:
    measure = next(m for m in load_measures(MEASURES_FILE) if m.id == measure_id)
    engine = DuckDBEngine.open(store)
    try:
        return {v.period: (v.numerator, v.denominator) for v in evaluate(engine, measure)}
    finally:
        engine.close()


def _month_ends(first: CollectionYear, last: CollectionYear) -> list[str]:
    months = []
    for year in range(first.first, last.first + 1):
        for month in (*range(4, 13), 1, 2, 3):
            day = date(year if month >= 4 else year + 1, month, 1)
            months.append(f"{day:%b %Y}")
    return months


@pytest.mark.parametrize("measure_id", COMPARED)
def test_the_returns_give_the_measures_the_extracts_give(measure_id, returns_store, extracts_store):
    """Every month end the returns cover (and every other the data reaches) has the same figure.

    No difference is deliberate: the generator's episodes never overlap and none starts 25
    years before the child's last (``test_the_generated_episodes_need_no_repair``), each return
    holds every record open in its year, and unaccompanied children's status ceases only after
    their care (``uasc_we_care_for`` reads the DUC the extract does not have).
    """
    from_returns = _values(returns_store, measure_id)
    from_extracts = _values(extracts_store, measure_id)
    first = CollectionYear(2022 if measure_id in COMPARED[:2] else 2020)
    covered = _month_ends(first, CollectionYear(2023))
    if measure_id == "cp_repeat_plans":  # a rolling year needs a year of plans behind it
        covered = [m for m in covered if m in from_extracts]
    assert covered and all(m in from_returns for m in covered)
    assert {m: from_returns[m] for m in covered} == {m: from_extracts[m] for m in covered}
    assert from_returns == from_extracts


def test_the_census_counts_previous_plans_as_the_store_holds_them(returns_store):
    """NumberOfPreviousCPP counts the child's earlier plans in the data, so the DfE's "second or
    subsequent" share is the share after an earlier plan held here."""
    counted = _values(returns_store, "cp_plans_second_or_subsequent")
    held = _values(returns_store, "cp_plans_after_any_earlier_plan")
    assert counted == held and any(n for n, _ in counted.values())
